/*
 * ctl_sync.c - `certkioskctl sync --once`: one push round to the upstream,
 * as the kiosk's sync worker runs it, with what happened. Exit 0 when all
 * that was due was accepted (or nothing was due), 1 when something failed
 * or was parked, 3 without an upstream.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "sync_heartbeat.h"
#include "sync_issue.h"
#include "sync_pay.h"
#include "sync_pull.h"
#include "sync_push.h"

struct sync_opts {
    bool once, heartbeat;
};

static const struct option sync_options[] = {
    {"once", no_argument, NULL, 1},
    {"heartbeat", no_argument, NULL, 2},
    {0},
};

static int on_option(void *state, int id, const char *arg)
{
    struct sync_opts *o = state;
    (void)arg;
    if (id == 1)
        o->once = true;
    else if (id == 2)
        o->heartbeat = true;
    else
        return CTL_EXIT_USAGE;
    return CTL_EXIT_OK;
}

/* A sync_state value as a number, and when it was set (0, 0 when never). */
static int64_t state_num(ctl_ctx *ctx, const char *key, int64_t *at)
{
    char v[256];
    *at = 0;
    return store_sync_state_get(ctx->store, key, v, sizeof v, at, NULL) == CK_OK ? strtoll(v, NULL, 10) : 0;
}

static int cmd_status(ctl_ctx *ctx)
{
    ck_store_stats s;
    ck_diag d = {"", ""};
    char last_error[256] = "", when[11];
    int64_t attempt_at, success_at, error_at, skew_at, skew;
    bool online, skewed;
    ck_err rc = store_stats(ctx->store, &s, &d);
    if (rc != CK_OK)
        return ctl_fail_diag(CTL_EXIT_FAILURE, rc, &d);
    state_num(ctx, "last_attempt", &attempt_at);
    state_num(ctx, "last_success", &success_at);
    skew = state_num(ctx, "clock_skew_s", &skew_at);
    store_sync_state_get(ctx->store, "last_error", last_error, sizeof last_error, &error_at, NULL);
    {
        char flag[4] = "";
        /* The last exchange's outcome; before any was recorded, success at the last attempt. */
        if (store_sync_state_get(ctx->store, "online", flag, sizeof flag, NULL, NULL) == CK_OK)
            online = strcmp(flag, "1") == 0;
        else
            online = success_at > 0 && success_at >= attempt_at;
    }
    skewed = skew_at > 0 && (skew > ctx->cfg.upstream_max_skew_s || -skew > ctx->cfg.upstream_max_skew_s);
    if (ctx->json) {
        cJSON *j = cJSON_CreateObject();
        if (j != NULL) {
            cJSON_AddBoolToObject(j, "configured", ctx->cfg.upstream_url[0] != '\0');
            cJSON_AddBoolToObject(j, "online", online);
            cJSON_AddNumberToObject(j, "queue_depth", (double)s.outbox_pending);
            cJSON_AddNumberToObject(j, "parked", (double)s.outbox_parked);
            cJSON_AddNumberToObject(j, "last_attempt", (double)attempt_at);
            cJSON_AddNumberToObject(j, "last_success", (double)success_at);
            cJSON_AddStringToObject(j, "last_error", last_error);
            if (skew_at > 0)
                cJSON_AddNumberToObject(j, "clock_skew_s", (double)skew);
            cJSON_AddBoolToObject(j, "clock_warning", skewed);
        }
        return ctl_print_json(j, online ? CTL_EXIT_OK : CTL_EXIT_NEGATIVE);
    }
    date_format(date_from_unix(success_at, ctx->cfg.utc_offset_s), when);
    printf("上级系统 / upstream: %s\n待发送 / queued: %lld, 搁置 / parked: %lld\n",
           online ? "在线 / online" : "离线 / offline", (long long)s.outbox_pending, (long long)s.outbox_parked);
    if (success_at > 0)
        printf("最近成功 / last success: %s\n", when);
    if (last_error[0] != '\0')
        printf("最近错误 / last error: %s\n", last_error);
    if (skewed)
        printf("时钟偏差 / clock off by %lld s：请校准本机时间 / set the kiosk's clock\n", (long long)skew);
    return online ? CTL_EXIT_OK : CTL_EXIT_NEGATIVE;
}

static int cmd_heartbeat(ctl_ctx *ctx)
{
    ck_diag d = {"", ""};
    int64_t skew = 0;
    bool skewed;
    ck_err rc = sync_heartbeat(ctx->store, &ctx->cfg, clock_now(&ctx->clock), &skew, &d);
    if (rc != CK_OK)
        return ctl_fail_diag(rc == CK_E_UPSTREAM ? CTL_EXIT_NEGATIVE : CTL_EXIT_FAILURE, rc, &d);
    skewed = skew > ctx->cfg.upstream_max_skew_s || -skew > ctx->cfg.upstream_max_skew_s;
    if (ctx->json) {
        cJSON *j = cJSON_CreateObject();
        if (j != NULL) {
            cJSON_AddNumberToObject(j, "clock_skew_s", (double)skew);
            cJSON_AddBoolToObject(j, "clock_warning", skewed);
        }
        return ctl_print_json(j, skewed ? CTL_EXIT_NEGATIVE : CTL_EXIT_OK);
    }
    printf("上级系统已应答 / the upstream answered; 时钟偏差 / clock skew %lld s%s\n", (long long)skew,
           skewed ? "：超出允许范围，请校准本机时间 / beyond the limit: set the kiosk's clock" : "");
    return skewed ? CTL_EXIT_NEGATIVE : CTL_EXIT_OK;
}

static int run(ctl_ctx *ctx, void *state, int argc, char **argv)
{
    struct sync_opts *o = state;
    ck_sync_report r;
    ck_pull_report p = {0};
    ck_issue_report is = {0};
    int orders = 0;
    const char *error;
    bool pulled = false;
    ck_diag d = {"", ""};
    ck_err rc;
    int code;
    if (argc == 1 && strcmp(argv[0], "status") == 0)
        return cmd_status(ctx);
    if (argc == 0 && o->heartbeat && !o->once)
        return cmd_heartbeat(ctx);
    if (argc != 0 || !o->once || o->heartbeat)
        return ctl_usage_error(&ctl_cmd_sync, "用法：sync --once | sync --heartbeat | sync status",
                               "usage: sync --once | sync --heartbeat | sync status");
    rc = sync_push_once(ctx->store, &ctx->cfg, clock_now(&ctx->clock), &r, &d);
    if (rc != CK_OK)
        return ctl_fail_diag(CTL_EXIT_FAILURE, rc, &d);
    /* Then what the upstream decided, certificates for approved jobs, and payments: skipped when it could not
     * even take the push. */
    if (r.failed == 0 && !(pulled = sync_pull_once(ctx->store, &ctx->cfg, clock_now(&ctx->clock), &p, &d) == CK_OK) &&
        p.error[0] == '\0') /* a local failure (the store) leaves the report's error empty: say what it was */
        snprintf(p.error, sizeof p.error, "%.255s", d.en);
    if (pulled)
        sync_issue_once(ctx->store, &ctx->cfg, clock_now(&ctx->clock), &is, &d);
    if (pulled)
        sync_pay_round(ctx->store, &ctx->cfg, clock_now(&ctx->clock), &orders, &d);
    code = (r.failed > 0 || r.parked > 0 || (r.failed == 0 && !pulled) || p.ignored > 0 || is.failed > 0)
               ? CTL_EXIT_NEGATIVE
               : CTL_EXIT_OK;
    error = r.error[0] != '\0' ? r.error : p.error[0] != '\0' ? p.error : is.error;
    if (ctx->json) {
        cJSON *j = cJSON_CreateObject();
        if (j != NULL) {
            cJSON_AddNumberToObject(j, "due", r.due);
            cJSON_AddNumberToObject(j, "accepted", r.accepted);
            cJSON_AddNumberToObject(j, "parked", r.parked);
            cJSON_AddNumberToObject(j, "failed", r.failed);
            cJSON_AddNumberToObject(j, "http_status", r.http_status);
            cJSON_AddStringToObject(j, "error", error);
            cJSON_AddNumberToObject(j, "pulled", p.pulled);
            cJSON_AddNumberToObject(j, "applied", p.applied);
            cJSON_AddNumberToObject(j, "ignored", p.ignored);
            cJSON_AddNumberToObject(j, "certificates_asked", is.asked);
            cJSON_AddNumberToObject(j, "certificates_issued", is.issued);
            cJSON_AddNumberToObject(j, "certificates_failed", is.failed);
            cJSON_AddNumberToObject(j, "orders_checked", orders);
        }
        return ctl_print_json(j, code);
    }
    printf("待发送 / due %d, 已接收 / accepted %d, 搁置 / parked %d, 稍后重试 / to retry %d", r.due, r.accepted,
           r.parked, r.failed);
    printf("；收到变更 / changes pulled %d, 已应用 / applied %d；证书 / certificates %d/%d；订单 / orders checked %d",
           p.pulled, p.applied, is.issued, is.asked, orders);
    printf(error[0] != '\0' ? "\n  %s\n" : "\n", error);
    return code;
}

const ctl_command ctl_cmd_sync = {
    .name = "sync",
    .summary = "与上级系统同步一轮 / one sync round with the upstream",
    .usage = "--once | --heartbeat | status   [--json]\n"
             "  --once: exit 0 all accepted (or nothing due), 1 something failed or was parked, 3 no upstream\n"
             "  --heartbeat: exit 1 when unreachable or the clock is off by more than [upstream] max_clock_skew_s\n"
             "  status: online/offline, queue depth, parked, last success and error, clock skew; exit 1 offline",
    .options = sync_options,
    .on_option = on_option,
    .run = run,
    .state_size = sizeof(struct sync_opts),
    .needs_store = true,
};
