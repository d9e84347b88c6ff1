/*
 * ctl_store.c - `certkioskctl store check|purge` and `certkioskctl audit
 * verify`: the database's health, the personal-data purge, and the audit
 * chain, for technicians.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"

struct store_opts {
    bool dry_run;
    int days; /* 0: the configured purge_after_days */
};

enum { OPT_DRY_RUN = 1, OPT_DAYS };

static const struct option store_options[] = {
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"days", required_argument, NULL, OPT_DAYS},
    {0},
};

static int on_option(void *state, int id, const char *arg)
{
    struct store_opts *o = state;
    if (id == OPT_DRY_RUN) {
        o->dry_run = true;
        return CTL_EXIT_OK;
    }
    if (id == OPT_DAYS && ctl_parse_int(arg, 1, 3650, &o->days))
        return CTL_EXIT_OK;
    return CTL_EXIT_USAGE;
}

static int store_check(ctl_ctx *ctx)
{
    ck_store_stats s;
    ck_diag d = {"", ""};
    ck_err rc = store_stats(ctx->store, &s, &d);
    bool gapless = s.receipts == 0 || (s.receipt_first == 1 && s.receipt_last == s.receipts);
    int code;
    if (rc != CK_OK)
        return ctl_fail_diag(CTL_EXIT_FAILURE, rc, &d);
    code = (s.integrity_ok && gapless) ? CTL_EXIT_OK : CTL_EXIT_NEGATIVE;
    if (ctx->json) {
        cJSON *o = cJSON_CreateObject();
        if (o != NULL) {
            cJSON_AddStringToObject(o, "path", ctx->cfg.store_path);
            cJSON_AddNumberToObject(o, "schema_version", s.schema_version);
            cJSON_AddBoolToObject(o, "integrity_ok", s.integrity_ok);
            cJSON_AddStringToObject(o, "integrity", s.integrity_message);
            cJSON_AddNumberToObject(o, "jobs", (double)s.jobs);
            cJSON_AddNumberToObject(o, "payments", (double)s.payments);
            cJSON_AddNumberToObject(o, "receipts", (double)s.receipts);
            cJSON_AddBoolToObject(o, "receipts_gapless", gapless);
            cJSON_AddNumberToObject(o, "outbox_pending", (double)s.outbox_pending);
            cJSON_AddNumberToObject(o, "outbox_parked", (double)s.outbox_parked);
            cJSON_AddNumberToObject(o, "audit_rows", (double)s.audit_rows);
            cJSON_AddNumberToObject(o, "file_bytes", (double)s.file_bytes);
            cJSON_AddNumberToObject(o, "wal_bytes", (double)s.wal_bytes);
        }
        return ctl_print_json(o, code);
    }
    printf("数据文件 / database: %s\n  版本 / schema version: %d\n  完整性 / integrity: %s\n"
           "  业务 / jobs: %lld  支付 / payments: %lld  收据 / receipts: %lld (%s)\n"
           "  待发送 / outbox pending: %lld  审计 / audit rows: %lld\n  大小 / size: %lld bytes + WAL %lld bytes\n",
           ctx->cfg.store_path, s.schema_version, s.integrity_message, (long long)s.jobs, (long long)s.payments,
           (long long)s.receipts, gapless ? "连续 / gapless" : "不连续 / HAS GAPS", (long long)s.outbox_pending,
           (long long)s.audit_rows, (long long)s.file_bytes, (long long)s.wal_bytes);
    return code;
}

static int store_purge(ctl_ctx *ctx, const struct store_opts *o)
{
    ck_diag d = {"", ""};
    int64_t n = 0;
    int days = o->days != 0 ? o->days : ctx->cfg.purge_after_days;
    ck_err rc = store_purge_personal(ctx->store, days, clock_now(&ctx->clock), o->dry_run, &n, &d);
    if (rc != CK_OK)
        return ctl_fail_diag(CTL_EXIT_FAILURE, rc, &d);
    if (ctx->json) {
        cJSON *obj = cJSON_CreateObject();
        if (obj != NULL) {
            cJSON_AddBoolToObject(obj, "dry_run", o->dry_run);
            cJSON_AddNumberToObject(obj, "after_days", days);
            cJSON_AddNumberToObject(obj, "jobs", (double)n);
        }
        return ctl_print_json(obj, CTL_EXIT_OK);
    }
    printf("%s%lld 项已结束%d天以上的业务的个人信息 / %s personal data of %lld jobs finished over %d days ago\n",
           o->dry_run ? "将清除 " : "已清除 ", (long long)n, days, o->dry_run ? "would purge" : "purged", (long long)n,
           days);
    return CTL_EXIT_OK;
}

static int run_store(ctl_ctx *ctx, void *state, int argc, char **argv)
{
    if (argc == 1 && strcmp(argv[0], "check") == 0)
        return store_check(ctx);
    if (argc == 1 && strcmp(argv[0], "purge") == 0)
        return store_purge(ctx, state);
    return ctl_usage_error(&ctl_cmd_store, "用法：store check 或 store purge [--dry-run] [--days N]",
                           "usage: store check | store purge [--dry-run] [--days N]");
}

static int list_row(const ck_audit_row *r, void *p)
{
    cJSON *arr = p, *o;
    if (arr == NULL) {
        printf("%6lld %lld %-14s %-22s %s %s\n", (long long)r->id, (long long)r->at, r->actor, r->action, r->subject,
               r->detail);
        return 0;
    }
    if ((o = cJSON_CreateObject()) == NULL || !cJSON_AddItemToArray(arr, o))
        return 1;
    cJSON_AddNumberToObject(o, "id", (double)r->id);
    cJSON_AddNumberToObject(o, "at", (double)r->at);
    cJSON_AddStringToObject(o, "actor", r->actor);
    cJSON_AddStringToObject(o, "action", r->action);
    cJSON_AddStringToObject(o, "subject", r->subject);
    cJSON_AddStringToObject(o, "detail", r->detail);
    return 0;
}

/* `audit list`: every row, oldest first (a technician's and a test's view of who did what). */
static int audit_list(ctl_ctx *ctx)
{
    cJSON *arr = ctx->json ? cJSON_CreateArray() : NULL;
    ck_diag d = {"", ""};
    ck_err rc = store_audit_foreach(ctx->store, 0, list_row, arr, &d);
    if (rc != CK_OK) {
        cJSON_Delete(arr);
        return ctl_fail_diag(CTL_EXIT_FAILURE, rc, &d);
    }
    return ctx->json ? ctl_print_json(arr, CTL_EXIT_OK) : CTL_EXIT_OK;
}

static int run_audit(ctl_ctx *ctx, void *state, int argc, char **argv)
{
    ck_diag d = {"", ""};
    int64_t rows = 0, bad = 0;
    ck_err rc;
    (void)state;
    if (argc == 1 && strcmp(argv[0], "list") == 0)
        return audit_list(ctx);
    if (argc != 1 || strcmp(argv[0], "verify") != 0)
        return ctl_usage_error(&ctl_cmd_audit, "用法：audit verify|list", "usage: audit verify|list");
    rc = store_audit_verify(ctx->store, &rows, &bad, &d);
    if (rc != CK_OK && rc != CK_E_TAMPERED)
        return ctl_fail_diag(CTL_EXIT_FAILURE, rc, &d);
    if (ctx->json) {
        cJSON *o = cJSON_CreateObject();
        if (o != NULL) {
            cJSON_AddBoolToObject(o, "ok", rc == CK_OK);
            cJSON_AddNumberToObject(o, "rows_verified", (double)rows);
            if (rc != CK_OK) {
                cJSON_AddNumberToObject(o, "first_bad_row", (double)bad);
                cJSON_AddStringToObject(o, "message_zh", d.zh);
                cJSON_AddStringToObject(o, "message_en", d.en);
            }
        }
        return ctl_print_json(o, rc == CK_OK ? CTL_EXIT_OK : CTL_EXIT_NEGATIVE);
    }
    if (rc == CK_OK) {
        printf("审计链完好 / the audit chain verifies: %lld rows\n", (long long)rows);
        return CTL_EXIT_OK;
    }
    printf("审计链被篡改 / THE AUDIT CHAIN DOES NOT VERIFY\n  %s\n  %s\n", d.zh, d.en);
    return CTL_EXIT_NEGATIVE;
}

const ctl_command ctl_cmd_store = {
    .name = "store",
    .summary = "数据文件检查与个人信息清除 / database check and personal-data purge",
    .usage = "check [--json] | purge [--dry-run] [--days N] [--json]\n"
             "  check: exit 1 when the integrity check fails or receipt numbers have a gap",
    .options = store_options,
    .on_option = on_option,
    .run = run_store,
    .state_size = sizeof(struct store_opts),
    .needs_store = true,
};

const ctl_command ctl_cmd_audit = {
    .name = "audit",
    .summary = "审计链校验与查看 / verify or list the audit hash chain",
    .usage = "verify [--json] | list [--json]\n"
             "  verify: exit 1 naming the first bad row when a row was changed, removed or inserted\n"
             "  list: every row, oldest first: id, time, who, what, on what, detail",
    .run = run_audit,
    .needs_store = true,
};
