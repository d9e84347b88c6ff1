/*
 * ctl_clerk.c - `certkioskctl clerk add|reset-pin|disable|enable|list|signin`:
 * the window clerks' accounts (store_clerks.h), for the CA's operator at
 * install time and for scripts. A PIN is read from the first line of standard
 * input, never from the command line (where `ps` and the shell's history
 * would keep it), checked by the core's clerk PIN rule and stored only as an
 * Argon2id hash. `signin` runs the supervisor screen's own check (lock and
 * all). Exit 0 done, 1 refused (a wrong PIN, a locked or disabled account, an
 * id that exists), 2 usage, 3 on a local failure.
 */
#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>

#include "clerk_signin.h"
#include "ctl.h"
#include "pin_hash.h"

#define CTL_ACTOR "certkioskctl"

struct clerk_opts {
    const char *name, *role;
};

enum { OPT_NAME = 1, OPT_ROLE };

static const struct option clerk_options[] = {
    {"name", required_argument, NULL, OPT_NAME},
    {"role", required_argument, NULL, OPT_ROLE},
    {0},
};

static int on_option(void *state, int id, const char *arg)
{
    struct clerk_opts *o = state;
    if (id == OPT_NAME)
        o->name = arg;
    else if (id == OPT_ROLE)
        o->role = arg;
    else
        return CTL_EXIT_USAGE;
    return CTL_EXIT_OK;
}

static int refused(ck_err rc, const ck_diag *d)
{
    bool negative = rc == CK_E_DENIED || rc == CK_E_DUPLICATE || rc == CK_E_NOT_FOUND || rc == CK_E_INVALID_INPUT;
    return ctl_fail_diag(negative ? CTL_EXIT_NEGATIVE : CTL_EXIT_FAILURE, rc, d);
}

/* A new PIN from stdin, checked and hashed into hash. */
static ck_err new_pin_hash(char hash[PIN_HASH_MAX], ck_diag *d)
{
    char pin[64];
    ck_err rc;
    if (!ctl_read_secret_line(pin, sizeof pin))
        return ck_diag_fail(d, CK_E_INVALID_INPUT, "请在标准输入的第一行给出柜员密码",
                            "give the clerk's PIN on the first line of standard input");
    rc = clerk_pin_check(pin, d);
    if (rc == CK_OK)
        rc = pin_hash_make(pin, hash, d);
    OPENSSL_cleanse(pin, sizeof pin);
    return rc;
}

static int cmd_add(ctl_ctx *ctx, const struct clerk_opts *o, const char *id)
{
    ck_clerk c = {0};
    ck_diag d = {"", ""};
    ck_err rc = clerk_id_check(id, &d);
    if (rc == CK_OK && (o->name == NULL || o->name[0] == '\0'))
        return ctl_usage_error(&ctl_cmd_clerk, "add 需要 --name", "add needs --name");
    if (rc == CK_OK && o->role != NULL && clerk_role_parse(o->role, &c.role) != CK_OK)
        return ctl_usage_error(&ctl_cmd_clerk, "--role 为 clerk 或 admin", "--role is clerk or admin");
    if (rc == CK_OK) {
        snprintf(c.id, sizeof c.id, "%s", id);
        snprintf(c.name, sizeof c.name, "%s", o->name);
        rc = new_pin_hash(c.pin_hash, &d);
    }
    if (rc == CK_OK)
        rc = store_clerk_add(ctx->store, &c, CTL_ACTOR, clock_now(&ctx->clock), &d);
    if (rc != CK_OK)
        return refused(rc, &d);
    printf("柜员 %s（%s）已添加 / clerk %s (%s) added\n", c.id, clerk_role_code(c.role), c.id, clerk_role_code(c.role));
    return CTL_EXIT_OK;
}

static int cmd_reset_pin(ctl_ctx *ctx, const char *id)
{
    char hash[PIN_HASH_MAX];
    ck_diag d = {"", ""};
    ck_err rc = new_pin_hash(hash, &d);
    if (rc == CK_OK)
        rc = store_clerk_set_pin(ctx->store, id, hash, CTL_ACTOR, clock_now(&ctx->clock), &d);
    if (rc != CK_OK)
        return refused(rc, &d);
    printf("柜员 %s 的密码已重置，锁定已解除 / clerk %s: new PIN, lock cleared\n", id, id);
    return CTL_EXIT_OK;
}

static int cmd_disable(ctl_ctx *ctx, const char *id, bool disable)
{
    ck_diag d = {"", ""};
    ck_err rc = store_clerk_set_disabled(ctx->store, id, disable, CTL_ACTOR, clock_now(&ctx->clock), &d);
    if (rc != CK_OK)
        return refused(rc, &d);
    printf(disable ? "柜员 %s 已停用 / clerk %s disabled\n" : "柜员 %s 已启用 / clerk %s enabled\n", id, id);
    return CTL_EXIT_OK;
}

struct list_ctx {
    ctl_ctx *ctx;
    cJSON *arr;
};

static int list_one(const ck_clerk *c, void *p)
{
    struct list_ctx *l = p;
    int64_t now = clock_now(&l->ctx->clock), left;
    bool locked = clerk_is_locked(&c->lock, now, &left);
    if (l->arr != NULL) {
        cJSON *o = cJSON_CreateObject();
        if (o == NULL || !cJSON_AddItemToArray(l->arr, o))
            return 1;
        cJSON_AddStringToObject(o, "id", c->id);
        cJSON_AddStringToObject(o, "name", c->name);
        cJSON_AddStringToObject(o, "role", clerk_role_code(c->role));
        cJSON_AddBoolToObject(o, "disabled", c->disabled);
        cJSON_AddBoolToObject(o, "locked", locked);
        cJSON_AddNumberToObject(o, "locked_for_s", (double)left);
        cJSON_AddNumberToObject(o, "failed_attempts", c->lock.failures);
        cJSON_AddBoolToObject(o, "has_pin", c->pin_hash[0] != '\0');
    } else {
        printf("%-16s %-6s %s%s%s\n", c->id, clerk_role_code(c->role), c->name, c->disabled ? "  [停用 disabled]" : "",
               locked ? "  [锁定 locked]" : "");
    }
    return 0;
}

static int cmd_list(ctl_ctx *ctx)
{
    struct list_ctx l = {ctx, ctx->json ? cJSON_CreateArray() : NULL};
    ck_diag d = {"", ""};
    ck_err rc = store_clerk_foreach(ctx->store, list_one, &l, &d);
    if (rc != CK_OK) {
        cJSON_Delete(l.arr);
        return refused(rc, &d);
    }
    return ctx->json ? ctl_print_json(l.arr, CTL_EXIT_OK) : CTL_EXIT_OK;
}

ck_err ctl_clerk_signin(ctl_ctx *ctx, const char *id, ck_clerk *out, ck_diag *d)
{
    char pin[64] = "";
    ck_err rc;
    ctl_read_secret_line(pin, sizeof pin);
    rc = clerk_signin(ctx->store, &ctx->cfg, id, pin, clock_now(&ctx->clock), out, d);
    OPENSSL_cleanse(pin, sizeof pin);
    return rc;
}

static int cmd_signin(ctl_ctx *ctx, const char *id)
{
    ck_clerk c;
    ck_diag d = {"", ""};
    ck_err rc = ctl_clerk_signin(ctx, id, &c, &d);
    if (rc != CK_OK)
        return refused(rc, &d);
    printf("已登录：%s（%s）/ signed in: %s (%s)\n", c.name, clerk_role_code(c.role), c.name, clerk_role_code(c.role));
    return CTL_EXIT_OK;
}

static int run(ctl_ctx *ctx, void *state, int argc, char **argv)
{
    struct clerk_opts *o = state;
    ck_diag d = {"", ""};
    const char *verb = argc >= 1 ? argv[0] : "";
    bool list = strcmp(verb, "list") == 0, add = strcmp(verb, "add") == 0;
    ck_err rc;
    if (!(list && argc == 1) && argc != 2)
        return ctl_usage_error(&ctl_cmd_clerk, "需要 add|reset-pin|disable|enable|signin 工号，或 list",
                               "add|reset-pin|disable|enable|signin ID, or list");
    /* The first clerk is added before the kiosk ever ran: add may make the database. */
    rc = store_open(ctx->cfg.store_path, ctx->cfg.store_key_file, add, &ctx->store, &d);
    if (rc != CK_OK)
        return ctl_fail_diag(CTL_EXIT_FAILURE, rc, &d);
    if (list)
        return cmd_list(ctx);
    if (add)
        return cmd_add(ctx, o, argv[1]);
    if (strcmp(verb, "reset-pin") == 0)
        return cmd_reset_pin(ctx, argv[1]);
    if (strcmp(verb, "disable") == 0 || strcmp(verb, "enable") == 0)
        return cmd_disable(ctx, argv[1], strcmp(verb, "disable") == 0);
    if (strcmp(verb, "signin") == 0)
        return cmd_signin(ctx, argv[1]);
    return ctl_usage_error(&ctl_cmd_clerk, "未知的子命令", "unknown subcommand");
}

const ctl_command ctl_cmd_clerk = {
    .name = "clerk",
    .summary = "窗口柜员账号 / window clerks' accounts",
    .usage = "add ID --name NAME [--role clerk|admin] | reset-pin ID | disable ID | enable ID | list | signin ID\n"
             "  the PIN (add, reset-pin, signin) is read from the first line of standard input:\n"
             "  6 to 12 digits, not one digit repeated, not a run like 123456; kept only as an Argon2id hash",
    .options = clerk_options,
    .on_option = on_option,
    .run = run,
    .state_size = sizeof(struct clerk_opts),
};
