/*
 * ctl_pay.c - `certkioskctl pay start|check|cancel JOB`: WeChat payment of a
 * job through the upstream, as the kiosk's payment screen and sync worker do
 * it, for technicians and tests. `start --png FILE` also writes the QR code
 * the customer would scan. Exit 0 when done (check: paid), 1 when the
 * answer is no (not paid yet, refused, unreachable), 3 on a local failure.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "money.h"
#include "qr_code.h"
#include "sync_pay.h"

struct pay_opts {
    const char *png;
    ctl_window_pay window;
};

enum { OPT_PNG = 1, OPT_METHOD, OPT_AMOUNT, OPT_CLERK };

static const struct option pay_options[] = {
    {"png", required_argument, NULL, OPT_PNG},
    {"method", required_argument, NULL, OPT_METHOD},
    {"amount", required_argument, NULL, OPT_AMOUNT},
    {"clerk", required_argument, NULL, OPT_CLERK},
    {0},
};

static int on_option(void *state, int id, const char *arg)
{
    struct pay_opts *o = state;
    if (id == OPT_PNG)
        o->png = arg;
    else if (id == OPT_METHOD)
        o->window.method = arg;
    else if (id == OPT_AMOUNT)
        o->window.amount = arg;
    else if (id == OPT_CLERK)
        o->window.clerk = arg;
    else
        return CTL_EXIT_USAGE;
    return CTL_EXIT_OK;
}

/* Network trouble and refusals are answers ("no"); the store failing is ours. */
static int fail(ck_err rc, const ck_diag *d)
{
    bool negative = rc == CK_E_UPSTREAM || rc == CK_E_UPSTREAM_REFUSED || rc == CK_E_AMOUNT_MISMATCH ||
                    rc == CK_E_ILLEGAL_TRANSITION || rc == CK_E_NOT_FOUND;
    return ctl_fail_diag(negative ? CTL_EXIT_NEGATIVE : CTL_EXIT_FAILURE, rc, d);
}

static int write_png(const char *text, const char *path)
{
    qr_code q;
    ck_diag d = {"", ""};
    ck_err rc = qr_code_make(text, &q, &d);
    if (rc == CK_OK)
        rc = qr_code_write_png(&q, 8, 4, path, &d);
    qr_code_free(&q);
    return rc == CK_OK ? CTL_EXIT_OK : ctl_fail_diag(CTL_EXIT_FAILURE, rc, &d);
}

static int cmd_start(ctl_ctx *ctx, const struct pay_opts *o, const char *uuid)
{
    ck_pay_order order;
    ck_diag d = {"", ""};
    char yuan[32];
    int code;
    ck_err rc = sync_pay_start(ctx->store, &ctx->cfg, uuid, clock_now(&ctx->clock), &order, &d);
    if (rc != CK_OK)
        return fail(rc, &d);
    if (o->png != NULL && (code = write_png(order.code_url, o->png)) != CTL_EXIT_OK)
        return code;
    if (ctx->json) {
        cJSON *j = cJSON_CreateObject();
        if (j != NULL) {
            cJSON_AddStringToObject(j, "order", order.order_id);
            cJSON_AddStringToObject(j, "code_url", order.code_url);
            cJSON_AddNumberToObject(j, "amount_fen", (double)order.amount_fen);
            cJSON_AddNumberToObject(j, "expires_at", (double)order.expires_at);
            cJSON_AddStringToObject(j, "state", store_order_state_code(order.state));
        }
        return ctl_print_json(j, CTL_EXIT_OK);
    }
    money_format_yuan(order.amount_fen, yuan, sizeof yuan);
    printf("请用微信扫码支付 / scan with WeChat to pay: %s 元\n订单 / order %s\n%s\n", yuan, order.order_id,
           order.code_url);
    return CTL_EXIT_OK;
}

static int cmd_check(ctl_ctx *ctx, const char *uuid)
{
    ck_pay_order order;
    ck_pay_result r;
    ck_diag d = {"", ""};
    ck_err rc = store_order_for_job(ctx->store, uuid, &order, &d);
    if (rc == CK_OK && (order.state == ORDER_OPEN || order.state == ORDER_CLOSING))
        rc = sync_pay_check(ctx->store, &ctx->cfg, &order, clock_now(&ctx->clock), &r, &d);
    else
        r = (ck_pay_result){.state = order.state};
    if (rc != CK_OK)
        return fail(rc, &d);
    if (ctx->json) {
        cJSON *j = cJSON_CreateObject();
        if (j != NULL) {
            cJSON_AddStringToObject(j, "order", order.order_id);
            cJSON_AddStringToObject(j, "state", store_order_state_code(r.state));
            cJSON_AddNumberToObject(j, "receipt_no", (double)r.receipt_no);
            cJSON_AddBoolToObject(j, "refund_due", r.refund_due);
            if (d.en[0] != '\0')
                cJSON_AddStringToObject(j, "note", d.en);
        }
        return ctl_print_json(j, r.state == ORDER_PAID ? CTL_EXIT_OK : CTL_EXIT_NEGATIVE);
    }
    printf("订单 / order %s: %s", order.order_id, store_order_state_code(r.state));
    if (r.receipt_no > 0)
        printf("，收据号 / receipt %lld", (long long)r.receipt_no);
    printf(r.refund_due ? "，待退款 / refund due\n" : "\n");
    return r.state == ORDER_PAID ? CTL_EXIT_OK : CTL_EXIT_NEGATIVE;
}

static int cmd_cancel(ctl_ctx *ctx, const char *uuid)
{
    ck_pay_order order;
    ck_diag d = {"", ""};
    ck_err rc = sync_pay_cancel(ctx->store, &ctx->cfg, uuid, clock_now(&ctx->clock), &d);
    bool has_order = rc == CK_OK && store_order_for_job(ctx->store, uuid, &order, NULL) == CK_OK;
    if (rc != CK_OK)
        return fail(rc, &d);
    if (ctx->json) {
        cJSON *j = cJSON_CreateObject();
        if (j != NULL) {
            cJSON_AddStringToObject(j, "job", "cancelled");
            cJSON_AddStringToObject(j, "order", has_order ? store_order_state_code(order.state) : "none");
        }
        return ctl_print_json(j, CTL_EXIT_OK);
    }
    printf("业务已取消 / job cancelled%s%s\n", has_order ? "; order " : "",
           has_order ? store_order_state_code(order.state) : "");
    return CTL_EXIT_OK;
}

static int run(ctl_ctx *ctx, void *state, int argc, char **argv)
{
    const struct pay_opts *o = state;
    if (argc == 2 && strcmp(argv[0], "start") == 0)
        return cmd_start(ctx, o, argv[1]);
    if (argc == 2 && strcmp(argv[0], "check") == 0 && o->png == NULL)
        return cmd_check(ctx, argv[1]);
    if (argc == 2 && strcmp(argv[0], "cancel") == 0 && o->png == NULL)
        return cmd_cancel(ctx, argv[1]);
    if (argc == 2 && strcmp(argv[0], "window") == 0 && o->png == NULL)
        return ctl_pay_window(ctx, &o->window, argv[1]);
    return ctl_usage_error(&ctl_cmd_pay,
                           "用法：pay start JOB [--png 文件] | pay check JOB | pay cancel JOB | "
                           "pay window JOB --method cash|pos --amount 元 --clerk 工号",
                           "usage: pay start JOB [--png FILE] | pay check JOB | pay cancel JOB | "
                           "pay window JOB --method cash|pos --amount YUAN --clerk ID");
}

const ctl_command ctl_cmd_pay = {
    .name = "pay",
    .summary = "微信扫码支付 / WeChat QR payment through the upstream",
    .usage = "start JOB [--png FILE] | check JOB | cancel JOB   [--json]\n"
             "  start: the job's payment order (made by the upstream) and its code_url; --png writes the QR code\n"
             "  check: asks the upstream once and books the answer; exit 0 paid, 1 not (yet)\n"
             "  cancel: the customer cancelled: the job is cancelled and its order closed\n"
             "window JOB --method cash|pos --amount YUAN --clerk ID\n"
             "  a payment taken at the window, by a signed-in clerk (the clerk's PIN on the first line of\n"
             "  standard input); the amount must equal the job's quote; the receipt number is printed",
    .options = pay_options,
    .on_option = on_option,
    .run = run,
    .state_size = sizeof(struct pay_opts),
    .needs_store = true,
};
