/*
 * ctl_sync.c - `certkioskctl sync --once`: one push round to the upstream,
 * as the kiosk's sync worker runs it, with what happened. Exit 0 when all
 * that was due was accepted (or nothing was due), 1 when something failed
 * or was parked, 3 without an upstream.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "sync_push.h"

struct sync_opts {
    bool once;
};

static const struct option sync_options[] = {
    {"once", no_argument, NULL, 1},
    {0},
};

static int on_option(void *state, int id, const char *arg)
{
    (void)arg;
    if (id != 1)
        return CTL_EXIT_USAGE;
    ((struct sync_opts *)state)->once = true;
    return CTL_EXIT_OK;
}

static int run(ctl_ctx *ctx, void *state, int argc, char **argv)
{
    struct sync_opts *o = state;
    ck_sync_report r;
    ck_diag d = {"", ""};
    ck_err rc;
    int code;
    (void)argv;
    if (argc != 0 || !o->once)
        return ctl_usage_error(&ctl_cmd_sync, "用法：sync --once", "usage: sync --once");
    rc = sync_push_once(ctx->store, &ctx->cfg, clock_now(&ctx->clock), &r, &d);
    if (rc != CK_OK)
        return ctl_fail_diag(CTL_EXIT_FAILURE, rc, &d);
    code = (r.failed > 0 || r.parked > 0) ? CTL_EXIT_NEGATIVE : CTL_EXIT_OK;
    if (ctx->json) {
        cJSON *j = cJSON_CreateObject();
        if (j != NULL) {
            cJSON_AddNumberToObject(j, "due", r.due);
            cJSON_AddNumberToObject(j, "accepted", r.accepted);
            cJSON_AddNumberToObject(j, "parked", r.parked);
            cJSON_AddNumberToObject(j, "failed", r.failed);
            cJSON_AddNumberToObject(j, "http_status", r.http_status);
            cJSON_AddStringToObject(j, "error", r.error);
        }
        return ctl_print_json(j, code);
    }
    printf("待发送 / due %d, 已接收 / accepted %d, 搁置 / parked %d, 稍后重试 / to retry %d", r.due, r.accepted,
           r.parked, r.failed);
    printf(r.error[0] != '\0' ? "\n  %s\n" : "\n", r.error);
    return code;
}

const ctl_command ctl_cmd_sync = {
    .name = "sync",
    .summary = "与上级系统同步一轮 / one sync round with the upstream",
    .usage = "--once [--json]\n  exit 0 all accepted (or nothing due), 1 something failed or was parked, 3 no upstream",
    .options = sync_options,
    .on_option = on_option,
    .run = run,
    .state_size = sizeof(struct sync_opts),
    .needs_store = true,
};
