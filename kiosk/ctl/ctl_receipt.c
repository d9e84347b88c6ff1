/*
 * ctl_receipt.c - `certkioskctl receipt print|png|pending`: a job's fee
 * receipt to the configured printer (the original, or with --reprint a copy
 * marked 重印), as a PNG preview, and the clerk's queue of receipts still to
 * print. Exit 0 printed, 1 not (printer fault, already printed, no receipt),
 * 3 on a local failure.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "print_receipt.h"

struct receipt_opts {
    const char *job;
    bool reprint;
    int copy;
};

enum { OPT_JOB = 1, OPT_REPRINT, OPT_COPY };

static const struct option receipt_options[] = {
    {"job", required_argument, NULL, OPT_JOB},
    {"reprint", no_argument, NULL, OPT_REPRINT},
    {"copy", required_argument, NULL, OPT_COPY},
    {0},
};

static int on_option(void *state, int id, const char *arg)
{
    struct receipt_opts *o = state;
    if (id == OPT_JOB)
        o->job = arg;
    else if (id == OPT_REPRINT)
        o->reprint = true;
    else if (id == OPT_COPY && ctl_parse_int(arg, 0, 999, &o->copy))
        return CTL_EXIT_OK;
    else if (id != OPT_JOB)
        return CTL_EXIT_USAGE;
    return CTL_EXIT_OK;
}

static int negative_or_failure(ck_err rc, const ck_diag *d)
{
    bool negative = rc == CK_E_PRINTER || rc == CK_E_DUPLICATE || rc == CK_E_NOT_FOUND;
    return ctl_fail_diag(negative ? CTL_EXIT_NEGATIVE : CTL_EXIT_FAILURE, rc, d);
}

static int cmd_print(ctl_ctx *ctx, const struct receipt_opts *o)
{
    print_result r;
    ck_diag d = {"", ""};
    ck_err rc = print_receipt(ctx->store, &ctx->cfg, o->job, o->reprint, clock_now(&ctx->clock), &r, &d);
    if (ctx->json) {
        cJSON *j = cJSON_CreateObject();
        if (j != NULL) {
            cJSON_AddBoolToObject(j, "printed", rc == CK_OK);
            cJSON_AddNumberToObject(j, "receipt_no", (double)r.number);
            cJSON_AddNumberToObject(j, "copy", r.copy);
            cJSON_AddStringToObject(j, "printer", escpos_state_code(r.status));
            cJSON_AddStringToObject(j, "error", rc == CK_OK ? "" : ck_err_name(rc));
            cJSON_AddStringToObject(j, "message_zh", d.zh);
            cJSON_AddStringToObject(j, "message_en", d.en);
        }
        return ctl_print_json(j, rc == CK_OK ? CTL_EXIT_OK
                                 : rc == CK_E_PRINTER || rc == CK_E_DUPLICATE || rc == CK_E_NOT_FOUND
                                     ? CTL_EXIT_NEGATIVE
                                     : CTL_EXIT_FAILURE);
    }
    if (rc != CK_OK)
        return negative_or_failure(rc, &d);
    printf("收据 %06lld 已打印%s / receipt printed%s%s\n", (long long)r.number, r.copy > 0 ? "（重印）" : "",
           r.copy > 0 ? " (reprint)" : "",
           r.status == ESCPOS_PAPER_NEAR_END ? "\n纸卷将尽，请及时更换 / paper near end: change the roll soon" : "");
    return CTL_EXIT_OK;
}

static int list_one(const ck_receipt *r, void *ctx)
{
    cJSON *arr = ctx;
    if (arr != NULL) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "receipt_no", (double)r->number);
        cJSON_AddStringToObject(o, "job", r->job_uuid);
        cJSON_AddBoolToObject(o, "printed", r->printed);
        cJSON_AddNumberToObject(o, "reprint_count", r->reprint_count);
        cJSON_AddStringToObject(o, "print_error", r->print_error);
        cJSON_AddItemToArray(arr, o);
    } else {
        printf("%06lld  %s  %s\n", (long long)r->number, r->job_uuid,
               r->print_error[0] != '\0' ? r->print_error : "未打印 / not printed");
    }
    return 0;
}

static int cmd_pending(ctl_ctx *ctx)
{
    ck_diag d = {"", ""};
    cJSON *arr = ctx->json ? cJSON_CreateArray() : NULL;
    ck_err rc = store_receipts_pending(ctx->store, list_one, arr, &d);
    if (rc != CK_OK) {
        cJSON_Delete(arr);
        return ctl_fail_diag(CTL_EXIT_FAILURE, rc, &d);
    }
    return ctx->json ? ctl_print_json(arr, CTL_EXIT_OK) : CTL_EXIT_OK;
}

static int run(ctl_ctx *ctx, void *state, int argc, char **argv)
{
    const struct receipt_opts *o = state;
    ck_diag d = {"", ""};
    ck_err rc;
    if (argc == 1 && strcmp(argv[0], "print") == 0 && o->job != NULL)
        return cmd_print(ctx, o);
    if (argc == 2 && strcmp(argv[0], "png") == 0 && o->job != NULL && !o->reprint) {
        if ((rc = print_receipt_png(ctx->store, &ctx->cfg, o->job, o->copy, argv[1], &d)) != CK_OK)
            return negative_or_failure(rc, &d);
        return CTL_EXIT_OK;
    }
    if (argc == 1 && strcmp(argv[0], "pending") == 0 && o->job == NULL)
        return cmd_pending(ctx);
    return ctl_usage_error(&ctl_cmd_receipt,
                           "用法：receipt print --job 业务号 [--reprint] | receipt png --job 业务号 [--copy N] 文件.png"
                           " | receipt pending",
                           "usage: receipt print --job ID [--reprint] | receipt png --job ID [--copy N] OUT.png"
                           " | receipt pending");
}

const ctl_command ctl_cmd_receipt = {
    .name = "receipt",
    .summary = "打印收费凭据 / fee receipts: print, reprint, preview, queue",
    .usage = "print --job ID [--reprint] | png --job ID [--copy N] OUT.png | pending   [--json]\n"
             "  print: to the [printer] in config; a second copy needs --reprint and says 重印; exit 1 when the\n"
             "         printer is absent or faulty (the receipt then waits in the queue)\n"
             "  png: the receipt as printed (--copy N: as the Nth reprint), for the screen or a person to look at\n"
             "  pending: receipts still to print, with why the last attempt failed",
    .options = receipt_options,
    .on_option = on_option,
    .run = run,
    .state_size = sizeof(struct receipt_opts),
    .needs_store = true,
};
