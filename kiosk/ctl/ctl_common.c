/*
 * ctl_common.c - option parsing and context loading shared by every
 * subcommand, so each subcommand file holds only what it does.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock_system.h"
#include "ctl.h"
#include "log.h"
#include "key_open.h"

#ifndef CK_DEFAULT_CONFIG_PATH
#define CK_DEFAULT_CONFIG_PATH "/etc/certkiosk/certkiosk.ini"
#endif

#define CTL_MAX_OPTIONS 24

enum { OPT_CONFIG = 1000, OPT_JSON, OPT_NOW, OPT_HELP };

static const struct option common_options[] = {
    {"config", required_argument, NULL, OPT_CONFIG},
    {"json", no_argument, NULL, OPT_JSON},
    {"now", required_argument, NULL, OPT_NOW},
    {"help", no_argument, NULL, OPT_HELP},
};

int ctl_fail(int code, const char *zh, const char *en)
{
    fprintf(stderr, "certkioskctl: %s\n              %s\n", zh, en);
    return code;
}

int ctl_fail_diag(int code, ck_err e, const ck_diag *d)
{
    if (d != NULL && d->zh[0] != '\0')
        return ctl_fail(code, d->zh, d->en);
    return ctl_fail(code, ck_err_zh(e), ck_err_en(e));
}

static void print_help(const ctl_command *cmd, FILE *to)
{
    fprintf(to, "usage: certkioskctl %s %s\n\n%s\n\n", cmd->name, cmd->usage, cmd->summary);
    fprintf(to, "common options:\n"
                "  --config FILE  configuration file (default: " CK_DEFAULT_CONFIG_PATH
                " if present, else the built-in defaults)\n"
                "  --json         machine-readable output (docs/cli.md)\n"
                "  --now TIME     act as if it were TIME: YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS (kiosk time) or @EPOCH\n"
                "  --help         this text\n");
}

int ctl_usage_error(const ctl_command *cmd, const char *zh, const char *en)
{
    ctl_fail(CTL_EXIT_USAGE, zh, en);
    fprintf(stderr, "usage: certkioskctl %s %s  (--help for more)\n", cmd->name, cmd->usage);
    return CTL_EXIT_USAGE;
}

int ctl_print_json(cJSON *json, int code)
{
    char *text = json != NULL ? cJSON_Print(json) : NULL;
    cJSON_Delete(json);
    if (text == NULL)
        return ctl_fail(CTL_EXIT_FAILURE, ck_err_zh(CK_E_NOMEM), ck_err_en(CK_E_NOMEM));
    puts(text);
    cJSON_free(text);
    return code;
}

bool ctl_parse_int(const char *s, int min, int max, int *out)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
        return false;
    *out = (int)v;
    return true;
}

static int load_context(ctl_ctx *ctx, const ctl_command *cmd)
{
    ck_diag d = {"", ""};
    const char *path = ctx->config_path;
    ck_err rc;
    if (path == NULL && access(CK_DEFAULT_CONFIG_PATH, F_OK) == 0)
        path = CK_DEFAULT_CONFIG_PATH;
    else if (path == NULL && !ctx->json)
        fprintf(stderr, "certkioskctl: 未安装 %s，使用内置默认配置 / using the built-in defaults\n",
                CK_DEFAULT_CONFIG_PATH);
    ctx->config_file = path;
    rc = config_load(path, &ctx->cfg, &d);
    if (rc != CK_OK && cmd->keeps_bad_config) {
        /* The command reports it (doctor) and carries on with the built-in defaults. */
        snprintf(ctx->config_diag.zh, sizeof ctx->config_diag.zh, "%s", d.zh[0] != '\0' ? d.zh : ck_err_zh(rc));
        snprintf(ctx->config_diag.en, sizeof ctx->config_diag.en, "%s", d.en[0] != '\0' ? d.en : ck_err_en(rc));
        ctx->config_error = &ctx->config_diag;
        rc = config_load(NULL, &ctx->cfg, &d);
    }
    if (rc == CK_OK) {
        /* Lines from the store and the workers go where the config says, at its level. */
        rc = ck_log_setup("certkioskctl", ctx->cfg.log_level, ctx->cfg.log_target, &d);
        store_set_migration_backups(ctx->cfg.store_backups_kept);
    }
    if (rc == CK_OK && cmd->needs_fees)
        rc = config_load_fees(&ctx->cfg, &ctx->fees, &d);
    if (rc == CK_OK && cmd->needs_store)
        rc = store_open(ctx->cfg.store_path, ctx->cfg.store_key_file, false, &ctx->store, &d);
    if (rc != CK_OK)
        return ctl_fail_diag(CTL_EXIT_FAILURE, rc, &d);
    if (ctx->now_text != NULL) {
        if (clock_parse_instant(ctx->now_text, ctx->cfg.utc_offset_s, &ctx->fixed_now) != CK_OK)
            return ctl_fail(CTL_EXIT_USAGE, "--now 的时间格式应为 YYYY-MM-DD、YYYY-MM-DDTHH:MM:SS 或 @秒数",
                            "--now takes YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or @SECONDS");
        ctx->clock = clock_fixed(&ctx->fixed_now, ctx->cfg.utc_offset_s);
    } else {
        ctx->clock = clock_system(ctx->cfg.utc_offset_s);
    }
    return CTL_EXIT_OK;
}

/* Builds the getopt_long table: the command's own options, then the common ones. */
static int build_options(const ctl_command *cmd, struct option *all)
{
    int n = 0;
    for (const struct option *o = cmd->options; o != NULL && o->name != NULL; o++)
        all[n++] = *o;
    if (n + 4 >= CTL_MAX_OPTIONS)
        return -1; /* a programming error caught by any test of the command */
    for (size_t i = 0; i < sizeof common_options / sizeof common_options[0]; i++)
        all[n++] = common_options[i];
    all[n] = (struct option){0};
    return n;
}

int ctl_dispatch(const ctl_command *cmd, int argc, char **argv)
{
    struct option all[CTL_MAX_OPTIONS];
    ctl_ctx ctx = {0};
    void *state = NULL;
    int code = CTL_EXIT_OK, c;
    if (build_options(cmd, all) < 0)
        return ctl_fail(CTL_EXIT_FAILURE, "内部错误：选项过多", "internal error: too many options");
    if (cmd->state_size > 0 && (state = calloc(1, cmd->state_size)) == NULL)
        return ctl_fail(CTL_EXIT_FAILURE, ck_err_zh(CK_E_NOMEM), ck_err_en(CK_E_NOMEM));
    optind = 1;
    opterr = 0;
    while (code == CTL_EXIT_OK && (c = getopt_long(argc, argv, "", all, NULL)) != -1) {
        switch (c) {
        case OPT_CONFIG: ctx.config_path = optarg; break;
        case OPT_JSON: ctx.json = true; break;
        case OPT_NOW: ctx.now_text = optarg; break;
        case OPT_HELP:
            print_help(cmd, stdout);
            free(state);
            return CTL_EXIT_OK;
        case '?':
        case ':': code = ctl_usage_error(cmd, "无法识别的选项或缺少参数", "unknown option or missing argument"); break;
        default:
            code = cmd->on_option != NULL ? cmd->on_option(state, c, optarg) : CTL_EXIT_USAGE;
            if (code != CTL_EXIT_OK)
                ctl_usage_error(cmd, "选项的值无效", "an option has an invalid value");
            break;
        }
    }
    if (code == CTL_EXIT_OK)
        code = load_context(&ctx, cmd);
    if (code == CTL_EXIT_OK)
        code = cmd->run(&ctx, state, argc - optind, argv + optind);
    store_close(ctx.store);
    free(state);
    return code;
}

ck_err ctl_open_token(ctl_ctx *ctx, ck_token **t, ck_diag *d) { return key_open(&ctx->cfg, t, d); }

bool ctl_read_secret_line(char *buf, size_t cap)
{
    size_t n;
    if (fgets(buf, (int)cap, stdin) == NULL) {
        buf[0] = '\0';
        return false;
    }
    n = strcspn(buf, "\r\n");
    buf[n] = '\0';
    return n > 0;
}
