/*
 * ctl_jobs.c - `certkioskctl jobs list|show`: the store's jobs for a
 * technician. Personal numbers are shown masked and names shortened to their
 * first character, as on the receipt.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "mask.h"
#include "money.h"

struct jobs_opts {
    const char *state;
};

enum { OPT_STATE = 1 };

static const struct option jobs_options[] = {
    {"state", required_argument, NULL, OPT_STATE},
    {0},
};

static int on_option(void *state, int id, const char *arg)
{
    struct jobs_opts *o = state;
    if (id != OPT_STATE)
        return CTL_EXIT_USAGE;
    o->state = arg;
    return CTL_EXIT_OK;
}

static cJSON *job_json(const ck_job *j, int32_t off)
{
    char buf[128], day[11];
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    cJSON_AddStringToObject(o, "uuid", j->uuid);
    cJSON_AddStringToObject(o, "service", services_info(j->service)->code);
    cJSON_AddStringToObject(o, "holder", holder_kind_code(j->holder));
    cJSON_AddStringToObject(o, "role", role_code(j->role));
    cJSON_AddStringToObject(o, "state", job_state_code(j->state));
    cJSON_AddNumberToObject(o, "years", j->years);
    cJSON_AddNumberToObject(o, "seals", j->seals);
    cJSON_AddNumberToObject(o, "total_fen", (double)j->total_fen);
    cJSON_AddStringToObject(o, "org_name", j->org_name);
    cJSON_AddStringToObject(o, "uscc", j->uscc);
    mask_name(j->person_name, buf, sizeof buf);
    cJSON_AddStringToObject(o, "person_name_masked", buf);
    cJSON_AddStringToObject(o, "id_number_masked", mask_idcard(j->id_number, buf, sizeof buf));
    cJSON_AddStringToObject(o, "mobile_masked", mask_mobile(j->mobile, buf, sizeof buf));
    cJSON_AddBoolToObject(o, "personal_purged", j->personal_purged);
    cJSON_AddNumberToObject(o, "created_at", (double)j->created_at);
    cJSON_AddNumberToObject(o, "updated_at", (double)j->updated_at);
    date_format(date_from_unix(j->created_at, off), day);
    cJSON_AddStringToObject(o, "created_date", day);
    cJSON_AddStringToObject(o, "cert_serial", j->cert_serial);
    cJSON_AddNumberToObject(o, "cert_not_after", (double)j->cert_not_after);
    cJSON_AddStringToObject(o, "reject_reason", j->reject_reason);
    cJSON_AddBoolToObject(o, "refund_due", j->refund_due);
    return o;
}

struct list_ctx {
    ctl_ctx *ctx;
    cJSON *arr;
    int n;
};

static int list_one(const ck_job *j, void *p)
{
    struct list_ctx *lc = p;
    char total[32], day[11];
    lc->n++;
    if (lc->arr != NULL) {
        cJSON_AddItemToArray(lc->arr, job_json(j, lc->ctx->cfg.utc_offset_s));
        return 0;
    }
    money_format_yuan(j->total_fen, total, sizeof total);
    date_format(date_from_unix(j->created_at, lc->ctx->cfg.utc_offset_s), day);
    printf("%s  %-16s %-12s %-6s %9s元  %s  %s\n", j->uuid, job_state_code(j->state), services_info(j->service)->code,
           holder_kind_code(j->holder), total, day, j->org_name);
    return 0;
}

static int run(ctl_ctx *ctx, void *state, int argc, char **argv)
{
    const ctl_command *self = &ctl_cmd_jobs;
    struct jobs_opts *o = state;
    ck_diag d = {"", ""};
    ck_err rc;
    if (argc == 1 && strcmp(argv[0], "list") == 0) {
        struct list_ctx lc = {ctx, ctx->json ? cJSON_CreateArray() : NULL, 0};
        ck_job_state st = JOB__COUNT;
        if (o->state != NULL && job_state_parse(o->state, &st) != CK_OK) {
            cJSON_Delete(lc.arr);
            return ctl_usage_error(self, "--state 不是有效的业务状态", "--state is not a job state (see docs/cli.md)");
        }
        rc = store_job_foreach(ctx->store, st, list_one, &lc, &d);
        if (rc != CK_OK) {
            cJSON_Delete(lc.arr);
            return ctl_fail_diag(CTL_EXIT_FAILURE, rc, &d);
        }
        if (ctx->json)
            return ctl_print_json(lc.arr, CTL_EXIT_OK);
        printf("%d 项业务 / %d jobs\n", lc.n, lc.n);
        return CTL_EXIT_OK;
    }
    if (argc == 2 && strcmp(argv[0], "show") == 0) {
        ck_job j;
        cJSON *obj;
        char *text;
        if ((rc = store_job_get(ctx->store, argv[1], &j, &d)) != CK_OK)
            return ctl_fail_diag(rc == CK_E_NOT_FOUND ? CTL_EXIT_NEGATIVE : CTL_EXIT_FAILURE, rc, &d);
        obj = job_json(&j, ctx->cfg.utc_offset_s);
        memset(&j, 0, sizeof j);
        if (ctx->json)
            return ctl_print_json(obj, CTL_EXIT_OK);
        /* The human view is the same fields, one per line. */
        for (cJSON *it = obj != NULL ? obj->child : NULL; it != NULL; it = it->next) {
            text = cJSON_PrintUnformatted(it);
            printf("%-20s %s\n", it->string, text != NULL ? text : "");
            cJSON_free(text);
        }
        cJSON_Delete(obj);
        return CTL_EXIT_OK;
    }
    return ctl_usage_error(self, "用法：jobs list [--state S] 或 jobs show 编号",
                           "usage: jobs list [--state S] | jobs show UUID");
}

const ctl_command ctl_cmd_jobs = {
    .name = "jobs",
    .summary = "业务记录 / the jobs in the kiosk's database",
    .usage = "list [--state S] [--json] | show UUID [--json]\n"
             "  S: draft awaiting_payment paid key_prepared queued submitted approved rejected issued written done\n"
             "     cancelled expired",
    .options = jobs_options,
    .on_option = on_option,
    .run = run,
    .state_size = sizeof(struct jobs_opts),
    .needs_store = true,
};
