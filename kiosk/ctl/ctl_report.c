/*
 * ctl_report.c - `certkioskctl report day [--date YYYY-MM-DD] [--csv|--json]`:
 * the end-of-day report of the kiosk's local day (default: today): jobs made
 * by service and state, takings by payment method and by fee item, refunds
 * owed, the day's receipt numbers, and every payment that does not reconcile
 * (no receipt, not the quote, fee lines not adding up). As text for the
 * clerk, JSON for the screen, CSV (UTF-8 with a BOM, so spreadsheet programs
 * read the Chinese) for the CA's accounts. Exit 0 when it reconciles, 1 when
 * something is listed, 3 on a local failure.
 *
 * `--print --clerk ID` prints it on the receipt printer (print_report.h)
 * for a clerk signed in with the PIN on standard input, audited as
 * clerk.report_print; `--png OUT.png` draws the same paper to a file. Then
 * exit 0 when printed or written (the paper says whether it reconciles), 1
 * when the sign-in or the printer refuses, 3 on a local failure.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "money.h"
#include "print_report.h"
#include "store_clerks.h"
#include "store_report.h"

struct report_opts {
    const char *date, *clerk, *png;
    bool csv, print;
};

enum { OPT_DATE = 1, OPT_CSV, OPT_PRINT, OPT_CLERK, OPT_PNG };

static const struct option report_options[] = {
    {"date", required_argument, NULL, OPT_DATE},
    {"csv", no_argument, NULL, OPT_CSV},
    {"print", no_argument, NULL, OPT_PRINT},
    {"clerk", required_argument, NULL, OPT_CLERK},
    {"png", required_argument, NULL, OPT_PNG},
    {0},
};

static int on_option(void *state, int id, const char *arg)
{
    struct report_opts *o = state;
    if (id == OPT_DATE)
        o->date = arg;
    else if (id == OPT_CSV)
        o->csv = true;
    else if (id == OPT_PRINT)
        o->print = true;
    else if (id == OPT_CLERK)
        o->clerk = arg;
    else if (id == OPT_PNG)
        o->png = arg;
    else
        return CTL_EXIT_USAGE;
    return CTL_EXIT_OK;
}

static void add_jobs(ck_service s, ck_job_state js, int n, void *ctx) { day_report_add_jobs(ctx, s, js, n); }
static void add_payment(const day_payment *p, void *ctx) { day_report_add_payment(ctx, p); }

static const char *yuan(int64_t fen, char buf[32])
{
    money_format_yuan(fen, buf, 32);
    return buf;
}

static void print_text(const day_report *r, const char *date)
{
    char b[32];
    printf("日结报表 / end-of-day report %s\n\n业务 / jobs made:\n", date);
    for (int s = 0; s < SVC__COUNT; s++)
        for (int j = 0; j < JOB__COUNT; j++)
            if (r->jobs[s][j] > 0)
                printf("  %-10s %-10s %4d\n", services_info((ck_service)s)->zh, job_state_zh((ck_job_state)j),
                       r->jobs[s][j]);
    printf("\n收款 / takings by method:\n");
    for (int m = 0; m < REPORT__METHODS; m++)
        printf("  %-8s %4d 笔  %12s 元\n", day_report_method_code((ck_report_method)m), r->payments[m],
               yuan(r->takings_by_method[m], b));
    printf("\n收费项目 / takings by fee item:\n");
    for (int i = 0; i < FEE__COUNT; i++)
        printf("  %-20s %12s 元\n", fees_item_zh((ck_fee_item)i, HOLDER_UNIT), yuan(r->takings_by_item[i], b));
    printf("\n合计 / total: %s 元", yuan(r->takings_fen, b));
    printf("   应退款 / refunds owed: %d 笔 %s 元\n", r->refunds, yuan(r->refunds_fen, b));
    if (r->receipts > 0)
        printf("收据 / receipts: %d（%06lld–%06lld）\n", r->receipts, (long long)r->first_receipt,
               (long long)r->last_receipt);
    printf("\n%s\n", r->n_issues == 0 ? "对账无误 / everything reconciles" : "对账不符 / DOES NOT RECONCILE:");
    for (int i = 0; i < r->n_issues; i++)
        printf("  收款 %lld 业务 %s：%s / %s\n", (long long)r->issues[i].payment_id, r->issues[i].job, r->issues[i].zh,
               r->issues[i].en);
}

/* CSV: section,key,count,amount_yuan; one row per figure, then one per issue. */
static void print_csv(const day_report *r, const char *date)
{
    char b[32];
    printf("\xEF\xBB\xBFsection,key,count,amount_yuan\n");
    printf("date,%s,,\n", date);
    for (int s = 0; s < SVC__COUNT; s++)
        for (int j = 0; j < JOB__COUNT; j++)
            if (r->jobs[s][j] > 0)
                printf("jobs,%s/%s,%d,\n", services_info((ck_service)s)->code, job_state_code((ck_job_state)j),
                       r->jobs[s][j]);
    for (int m = 0; m < REPORT__METHODS; m++)
        printf("method,%s,%d,%s\n", day_report_method_code((ck_report_method)m), r->payments[m],
               yuan(r->takings_by_method[m], b));
    for (int i = 0; i < FEE__COUNT; i++)
        printf("item,%s,,%s\n", fees_item_code((ck_fee_item)i), yuan(r->takings_by_item[i], b));
    printf("total,takings,,%s\n", yuan(r->takings_fen, b));
    printf("total,refunds_owed,%d,%s\n", r->refunds, yuan(r->refunds_fen, b));
    printf("receipts,%06lld-%06lld,%d,\n", (long long)r->first_receipt, (long long)r->last_receipt, r->receipts);
    for (int i = 0; i < r->n_issues; i++) /* the reasons have no commas or quotes */
        printf("issue,%s,,%s\n", r->issues[i].job, r->issues[i].en);
}

static cJSON *to_json(const day_report *r, const char *date)
{
    cJSON *o = cJSON_CreateObject(), *jobs, *methods, *items, *issues;
    char b[32];
    if (o == NULL)
        return NULL;
    cJSON_AddStringToObject(o, "date", date);
    jobs = cJSON_AddArrayToObject(o, "jobs");
    for (int s = 0; jobs != NULL && s < SVC__COUNT; s++)
        for (int j = 0; j < JOB__COUNT; j++)
            if (r->jobs[s][j] > 0) {
                cJSON *x = cJSON_CreateObject();
                cJSON_AddItemToArray(jobs, x);
                cJSON_AddStringToObject(x, "service", services_info((ck_service)s)->code);
                cJSON_AddStringToObject(x, "state", job_state_code((ck_job_state)j));
                cJSON_AddNumberToObject(x, "count", r->jobs[s][j]);
            }
    methods = cJSON_AddObjectToObject(o, "by_method");
    for (int m = 0; methods != NULL && m < REPORT__METHODS; m++) {
        cJSON *x = cJSON_AddObjectToObject(methods, day_report_method_code((ck_report_method)m));
        cJSON_AddNumberToObject(x, "payments", r->payments[m]);
        cJSON_AddNumberToObject(x, "fen", (double)r->takings_by_method[m]);
    }
    items = cJSON_AddObjectToObject(o, "by_item_fen");
    for (int i = 0; items != NULL && i < FEE__COUNT; i++)
        cJSON_AddNumberToObject(items, fees_item_code((ck_fee_item)i), (double)r->takings_by_item[i]);
    cJSON_AddNumberToObject(o, "takings_fen", (double)r->takings_fen);
    cJSON_AddStringToObject(o, "takings_yuan", yuan(r->takings_fen, b));
    cJSON_AddNumberToObject(o, "refunds", r->refunds);
    cJSON_AddNumberToObject(o, "refunds_fen", (double)r->refunds_fen);
    cJSON_AddNumberToObject(o, "receipts", r->receipts);
    cJSON_AddNumberToObject(o, "first_receipt", (double)r->first_receipt);
    cJSON_AddNumberToObject(o, "last_receipt", (double)r->last_receipt);
    cJSON_AddBoolToObject(o, "reconciles", r->n_issues == 0);
    issues = cJSON_AddArrayToObject(o, "issues");
    for (int i = 0; issues != NULL && i < r->n_issues; i++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddItemToArray(issues, x);
        cJSON_AddNumberToObject(x, "payment", (double)r->issues[i].payment_id);
        cJSON_AddStringToObject(x, "job", r->issues[i].job);
        cJSON_AddStringToObject(x, "message_zh", r->issues[i].zh);
        cJSON_AddStringToObject(x, "message_en", r->issues[i].en);
    }
    return o;
}

/* On paper for a signed-in clerk, audited either way once the clerk is known. */
static int print_paper(ctl_ctx *ctx, const day_report *r, const char *date, const char *clerk_id)
{
    ck_clerk clerk;
    print_result res;
    ck_diag d = {"", ""};
    ck_err rc = ctl_clerk_signin(ctx, clerk_id, &clerk, &d);
    if (rc != CK_OK)
        return ctl_fail_diag(rc == CK_E_DENIED ? CTL_EXIT_NEGATIVE : CTL_EXIT_FAILURE, rc, &d);
    rc = print_day_report_audited(ctx->store, &ctx->cfg, &ctx->clock, r, clerk.id, &res, &d);
    if (rc != CK_OK)
        return ctl_fail_diag(rc == CK_E_PRINTER ? CTL_EXIT_NEGATIVE : CTL_EXIT_FAILURE, rc, &d);
    printf("日结报表 %s 已打印（柜员 %s）%s / day report %s printed (clerk %s)%s%s\n", date, clerk.id,
           r->n_issues == 0 ? "，核对无误" : "，对账不符", date, clerk.id,
           r->n_issues == 0 ? ", it reconciles" : ", it does NOT reconcile",
           res.status == ESCPOS_PAPER_NEAR_END ? "\n纸卷将尽，请及时更换 / paper near end: change the roll soon" : "");
    return CTL_EXIT_OK;
}

static int usage(void)
{
    return ctl_usage_error(&ctl_cmd_report,
                           "用法：report day [--date 日期] [--csv|--json | --print --clerk 工号 | --png 文件.png]",
                           "usage: report day [--date YYYY-MM-DD] [--csv|--json | --print --clerk ID | --png OUT.png]");
}

static int run(ctl_ctx *ctx, void *state, int argc, char **argv)
{
    struct report_opts *o = state;
    day_report *r;
    ck_date day;
    char date[11];
    int64_t from, to;
    ck_diag d = {"", ""};
    ck_err rc;
    int code;
    bool paper = o->print || o->png != NULL;
    if (argc != 1 || strcmp(argv[0], "day") != 0 || (o->csv && ctx->json) || (paper && (o->csv || ctx->json)) ||
        (o->print && o->png != NULL) || (o->print != (o->clerk != NULL)))
        return usage();
    if (o->date != NULL ? !date_parse(o->date, &day) : false)
        return ctl_usage_error(&ctl_cmd_report, "--date 的格式为 YYYY-MM-DD", "--date takes YYYY-MM-DD");
    if ((r = malloc(sizeof *r)) == NULL)
        return ctl_fail(CTL_EXIT_FAILURE, "内存不足", "out of memory");
    if (o->date == NULL)
        day = date_from_unix(clock_now(&ctx->clock), ctx->cfg.utc_offset_s);
    date_format(day, date);
    from = date_to_unix(day, ctx->cfg.utc_offset_s);
    to = date_to_unix(date_add_days(day, 1), ctx->cfg.utc_offset_s);
    day_report_init(r, day);
    rc = store_day_jobs(ctx->store, from, to, add_jobs, r, &d);
    if (rc == CK_OK)
        rc = store_day_payments(ctx->store, from, to, add_payment, r, &d);
    if (rc != CK_OK) {
        free(r);
        return ctl_fail_diag(CTL_EXIT_FAILURE, rc, &d);
    }
    day_report_finish(r);
    code = r->n_issues == 0 ? CTL_EXIT_OK : CTL_EXIT_NEGATIVE;
    if (o->print) {
        code = print_paper(ctx, r, date, o->clerk);
    } else if (o->png != NULL) {
        rc = print_day_report_png(&ctx->cfg, &ctx->clock, r, NULL, o->png, &d);
        code = rc == CK_OK ? CTL_EXIT_OK : ctl_fail_diag(CTL_EXIT_FAILURE, rc, &d);
    } else if (ctx->json)
        code = ctl_print_json(to_json(r, date), code);
    else if (o->csv)
        print_csv(r, date);
    else
        print_text(r, date);
    free(r);
    return code;
}

const ctl_command ctl_cmd_report = {
    .name = "report",
    .summary = "日结报表与对账 / end-of-day report and reconciliation",
    .usage = "day [--date YYYY-MM-DD] [--csv | --json | --print --clerk ID | --png OUT.png]\n"
             "  the kiosk's local day (default today): jobs by service and state, takings by method and fee\n"
             "  item, refunds owed, receipts; exit 1 listing every payment that does not reconcile\n"
             "  --print: on the receipt printer, for the clerk signed in with the PIN on standard input\n"
             "  (audited); --png: the same paper as a picture. Both exit 0 when done, 1 when refused",
    .options = report_options,
    .on_option = on_option,
    .run = run,
    .state_size = sizeof(struct report_opts),
    .needs_store = true,
};
