/*
 * ctl_pay_window.c - `certkioskctl pay window JOB --method cash|pos --amount
 * YUAN --clerk ID`: a payment taken at the service window. The clerk signs in
 * first (the PIN from standard input, the same check and lock as the
 * supervisor screen), so the payment and its audit row carry a clerk who
 * really was there; the amount is typed in yuan and must equal the job's
 * quote to the fen (the store refuses anything else).
 */
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "money.h"
#include "store_clerks.h"

int ctl_pay_window(ctl_ctx *ctx, const ctl_window_pay *w, const char *uuid)
{
    ck_pay_method method;
    int64_t amount = 0, receipt = 0;
    char yuan[32];
    ck_clerk clerk;
    ck_diag d = {"", ""};
    ck_err rc;
    if (w->method == NULL || w->amount == NULL || w->clerk == NULL)
        return ctl_usage_error(&ctl_cmd_pay, "window 需要 --method、--amount 和 --clerk",
                               "window needs --method, --amount and --clerk");
    if (strcmp(w->method, "cash") == 0)
        method = PAY_CASH;
    else if (strcmp(w->method, "pos") == 0)
        method = PAY_POS;
    else
        return ctl_usage_error(&ctl_cmd_pay, "--method 为 cash（现金）或 pos（刷卡）", "--method is cash or pos");
    if (money_parse_yuan(w->amount, &amount) != CK_OK)
        return ctl_usage_error(&ctl_cmd_pay, "--amount 为金额（元），如 400.00", "--amount is yuan, e.g. 400.00");
    rc = ctl_clerk_signin(ctx, w->clerk, &clerk, &d);
    if (rc == CK_OK)
        rc = store_payment_record(ctx->store, uuid, method, amount, NULL, clerk.id, clock_now(&ctx->clock), &receipt,
                                  &d);
    if (rc != CK_OK) {
        bool negative = rc == CK_E_DENIED || rc == CK_E_AMOUNT_MISMATCH || rc == CK_E_NOT_FOUND ||
                        rc == CK_E_ILLEGAL_TRANSITION || rc == CK_E_DUPLICATE;
        return ctl_fail_diag(negative ? CTL_EXIT_NEGATIVE : CTL_EXIT_FAILURE, rc, &d);
    }
    money_format_yuan(amount, yuan, sizeof yuan);
    if (receipt == 0) /* the job no longer awaited payment: kept, flagged for a refund */
        printf("已记录，但该业务已不再待支付，需退款 / recorded, but the job no longer awaited payment: refund due\n"
               "  %s\n  %s\n",
               d.zh, d.en);
    else
        printf("已收款 %s元（%s，柜员 %s），收据号 %06lld / paid %s yuan (%s, clerk %s), receipt %06lld\n", yuan, w->method,
               clerk.id, (long long)receipt, yuan, w->method, clerk.id, (long long)receipt);
    return CTL_EXIT_OK;
}
