/*
 * ctl_token.c - `certkioskctl token list|info|wait|change-pin|unblock` for
 * technicians: the readers, what is on a key (certificate, days left,
 * whether renewal is open, seal, PIN tries, the default-PIN warning), waiting
 * for a key, and the window's PIN services. The same driver code the kiosk
 * uses, over PC/SC or the simulated key ([token] driver).
 */
#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ctl.h"
#include "eligibility.h"
#include "keyfile.h"
#include "pin_policy.h"
#include "token_admin.h"
#include "token_pcsc.h"
#include "token_sim.h"

struct token_opts {
    const char *old_pin, *new_pin;
    bool removed;
    int timeout_s;
};

enum { OPT_OLD_PIN = 1, OPT_NEW_PIN, OPT_REMOVED, OPT_TIMEOUT };

static const struct option token_options[] = {
    {"old-pin", required_argument, NULL, OPT_OLD_PIN},
    {"new-pin", required_argument, NULL, OPT_NEW_PIN},
    {"removed", no_argument, NULL, OPT_REMOVED},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {0},
};

static int on_option(void *state, int id, const char *arg)
{
    struct token_opts *o = state;
    switch (id) {
    case OPT_OLD_PIN: o->old_pin = arg; return CTL_EXIT_OK;
    case OPT_NEW_PIN: o->new_pin = arg; return CTL_EXIT_OK;
    case OPT_REMOVED: o->removed = true; return CTL_EXIT_OK;
    case OPT_TIMEOUT: return ctl_parse_int(arg, 1, 86400, &o->timeout_s) ? CTL_EXIT_OK : CTL_EXIT_USAGE;
    }
    return CTL_EXIT_USAGE;
}

static bool simulated(const ctl_ctx *ctx) { return strcmp(ctx->cfg.token_driver, "sim") == 0; }

static int cmd_list(ctl_ctx *ctx)
{
    token_pcsc_reader readers[TOKEN_PCSC_MAX_READERS];
    ck_diag d = {"", ""};
    int n = 0;
    cJSON *arr;
    if (simulated(ctx)) {
        snprintf(readers[0].name, sizeof readers[0].name, "certkiosk simulated reader");
        readers[0].card_present = true;
        n = 1;
    } else {
        ck_err rc = token_pcsc_list(readers, TOKEN_PCSC_MAX_READERS, &n, &d);
        if (rc != CK_OK)
            return ctl_fail_diag(CTL_EXIT_FAILURE, rc, &d);
    }
    if (!ctx->json) {
        for (int i = 0; i < n; i++)
            printf("%s\t%s\n", readers[i].name, readers[i].card_present ? "有卡 / key present" : "无卡 / empty");
        if (n == 0)
            printf("没有读卡器 / no readers\n");
        return CTL_EXIT_OK;
    }
    arr = cJSON_CreateArray();
    for (int i = 0; arr != NULL && i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "reader", readers[i].name);
        cJSON_AddBoolToObject(o, "key_present", readers[i].card_present);
        cJSON_AddItemToArray(arr, o);
    }
    return ctl_print_json(arr, CTL_EXIT_OK);
}

/* The certificate part of `info`: subject, serial, validity and what the renewal rule says today. */
static void cert_json(ctl_ctx *ctx, const uint8_t *der, size_t len, cJSON *out, cJSON *warnings)
{
    const unsigned char *p = der;
    X509 *x = d2i_X509(NULL, &p, (long)len);
    char subject[512] = "", buf[11], serial[80] = "";
    struct tm tm;
    ck_cert_state cert = {.present = true};
    ck_eligibility e;
    BIO *bio = BIO_new(BIO_s_mem());
    cJSON_AddBoolToObject(out, "present", x != NULL);
    if (x == NULL || bio == NULL || ASN1_TIME_to_tm(X509_get0_notAfter(x), &tm) != 1) {
        cJSON_AddItemToArray(warnings, cJSON_CreateString("证书无法解析 / the certificate cannot be parsed"));
        goto cleanup;
    }
    X509_NAME_print_ex(bio, X509_get_subject_name(x), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    {
        int n = BIO_read(bio, subject, sizeof subject - 1);
        subject[n > 0 ? n : 0] = '\0';
    }
    {
        BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
        char *hex = bn != NULL ? BN_bn2hex(bn) : NULL;
        snprintf(serial, sizeof serial, "%s", hex != NULL ? hex : "");
        OPENSSL_free(hex);
        BN_free(bn);
    }
    cert.not_after = (int64_t)timegm(&tm);
    cJSON_AddStringToObject(out, "subject", subject);
    cJSON_AddStringToObject(out, "serial", serial);
    date_format(date_from_unix(cert.not_after, ctx->cfg.utc_offset_s), buf);
    cJSON_AddStringToObject(out, "not_after", buf);
    eligibility_check(SVC_RENEW, HOLDER_UNIT, &cert, clock_now(&ctx->clock), ctx->cfg.utc_offset_s, &e);
    cJSON_AddNumberToObject(out, "days_left", (double)e.days_left);
    cJSON_AddBoolToObject(out, "expired", e.expired);
    cJSON_AddBoolToObject(out, "renewal_open", e.reason == ELIG_OK);
    cJSON_AddStringToObject(out, "renewal_message_zh", e.msg.zh);
    cJSON_AddStringToObject(out, "renewal_message_en", e.msg.en);
    if (e.expired)
        cJSON_AddItemToArray(warnings,
                             cJSON_CreateString("证书已过期，请办理更新 / the certificate has expired: renew it"));
cleanup:
    BIO_free(bio);
    X509_free(x);
}

static const char *str_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static bool bool_of(const cJSON *o, const char *key) { return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, key)); }

/* The human view of `info`: the same facts as the JSON, in both languages. */
static void print_info(const cJSON *o)
{
    const cJSON *cert = cJSON_GetObjectItemCaseSensitive(o, "certificate");
    const cJSON *pin = cJSON_GetObjectItemCaseSensitive(o, "pin"), *w;
    printf("读卡器 / reader:   %s\nUSB Key:          %s, serial %s, version %s\n", str_of(o, "reader"),
           str_of(o, "model"), str_of(o, "serial"), str_of(o, "version"));
    if (bool_of(cert, "present"))
        printf(
            "证书 / certificate: %s\n  序列号 / serial %s, 有效期至 / valid to %s, 剩余 / days left %d\n  %s\n  %s\n",
            str_of(cert, "subject"), str_of(cert, "serial"), str_of(cert, "not_after"),
            cJSON_GetObjectItemCaseSensitive(cert, "days_left")->valueint, str_of(cert, "renewal_message_zh"),
            str_of(cert, "renewal_message_en"));
    else
        printf("证书 / certificate: 无 / none\n");
    printf("印章 / seal:       %s\n",
           bool_of(cJSON_GetObjectItemCaseSensitive(o, "seal"), "present") ? "有 / present" : "无 / none");
    printf("密码 / PIN:        %s%s, 剩余次数 / tries left %d\n",
           bool_of(pin, "blocked") ? "已锁定 / BLOCKED" : "可用 / usable",
           bool_of(pin, "default_pin") ? "（初始密码 / initial PIN）" : "",
           cJSON_GetObjectItemCaseSensitive(pin, "tries_left")->valueint);
    cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(o, "warnings"))
        printf("提示 / note:       %s\n", w->valuestring);
}

static int cmd_info(ctl_ctx *ctx)
{
    ck_token *t = NULL;
    ck_token_info info;
    ck_pin_status pin;
    ck_diag d = {"", ""};
    uint8_t der[TOKEN_MAX_OBJECT];
    size_t len = 0;
    cJSON *o = cJSON_CreateObject(), *cert, *seal, *pinj, *warnings;
    char serial[16];
    ck_err rc = o != NULL ? ctl_open_token(ctx, &t, &d) : CK_E_NOMEM;
    if (rc == CK_OK)
        rc = t->ops->identify(t, &info, &d);
    if (rc == CK_OK)
        rc = t->ops->pin_status(t, &pin, &d);
    if (rc != CK_OK) {
        cJSON_Delete(o);
        token_close(t);
        return ctl_fail_diag(rc == CK_E_TOKEN_ABSENT || rc == CK_E_TOKEN_UNKNOWN ? CTL_EXIT_NEGATIVE : CTL_EXIT_FAILURE,
                             rc, &d);
    }
    snprintf(serial, sizeof serial, "%08u", info.serial);
    cJSON_AddStringToObject(o, "reader", t->tr.reader);
    cJSON_AddStringToObject(o, "model", info.model);
    cJSON_AddStringToObject(o, "serial", serial);
    cJSON_AddStringToObject(o, "version", info.version);
    warnings = cJSON_CreateArray();
    cert = cJSON_AddObjectToObject(o, "certificate");
    rc = t->ops->read_cert(t, TOKEN_SLOT_SIGN, der, sizeof der, &len, &d);
    if (rc == CK_OK)
        cert_json(ctx, der, len, cert, warnings);
    else
        cJSON_AddBoolToObject(cert, "present", false);
    seal = cJSON_AddObjectToObject(o, "seal");
    rc = t->ops->read_seal(t, der, sizeof der, &len, &d);
    cJSON_AddBoolToObject(seal, "present", rc == CK_OK);
    if (rc != CK_OK)
        cJSON_AddItemToArray(
            warnings, cJSON_CreateString(
                          "签章能力检测显示待升级：没有印章，请办理印章升级 / no seal: apply for the seal upgrade"));
    pinj = cJSON_AddObjectToObject(o, "pin");
    cJSON_AddNumberToObject(pinj, "tries_left", pin.tries_left);
    cJSON_AddBoolToObject(pinj, "blocked", pin.blocked);
    cJSON_AddBoolToObject(pinj, "default_pin", pin.default_pin);
    if (pin.blocked)
        cJSON_AddItemToArray(warnings,
                             cJSON_CreateString("证书已锁定，请到窗口解锁 / PIN blocked: unlock at the window"));
    if (pin.default_pin)
        cJSON_AddItemToArray(
            warnings,
            cJSON_CreateString("仍在使用初始密码12345678，请修改 / still on the initial PIN 12345678: change it"));
    cJSON_AddItemToObject(o, "warnings", warnings);
    token_close(t);
    if (ctx->json)
        return ctl_print_json(o, CTL_EXIT_OK);
    print_info(o);
    cJSON_Delete(o);
    return CTL_EXIT_OK;
}

static int cmd_wait(ctl_ctx *ctx, const struct token_opts *o)
{
    ck_diag d = {"", ""};
    ck_err rc;
    if (simulated(ctx))
        return ctl_fail(CTL_EXIT_USAGE, "模拟USB Key始终在位", "the simulated key is always present");
    rc = token_pcsc_wait(ctx->cfg.token_reader[0] != '\0' ? ctx->cfg.token_reader : NULL, !o->removed,
                         o->timeout_s > 0 ? o->timeout_s * 1000 : -1, &d);
    if (rc != CK_OK)
        return ctl_fail_diag(rc == CK_E_TOKEN_ABSENT ? CTL_EXIT_NEGATIVE : CTL_EXIT_FAILURE, rc, &d);
    printf("%s\n", o->removed ? "USB Key已拔出 / key removed" : "USB Key已插入 / key inserted");
    return CTL_EXIT_OK;
}

static int cmd_pin(ctl_ctx *ctx, const struct token_opts *o, bool unblock)
{
    uint8_t master[TOKEN_MASTER_LEN];
    ck_token *t = NULL;
    ck_diag d = {"", ""};
    bool rotated;
    ck_err rc;
    if (o->new_pin == NULL || (!unblock && o->old_pin == NULL))
        return ctl_usage_error(&ctl_cmd_token, "需要 --new-pin（修改密码还需 --old-pin）",
                               "--new-pin is needed (and --old-pin for change-pin)");
    if ((rc = pin_check_new(o->new_pin, &d)) != CK_OK)
        return ctl_fail_diag(CTL_EXIT_USAGE, rc, &d);
    rc = keyfile_read_bytes(ctx->cfg.token_master_file, master, &d);
    if (rc == CK_OK)
        rc = ctl_open_token(ctx, &t, &d);
    /* As issuer, so the key records that its PIN is no longer the CA's default. */
    if (rc == CK_OK)
        rc = token_admin_login(t, master, &rotated, &d);
    if (rc == CK_OK)
        rc = unblock ? token_admin_unblock(t, master, o->new_pin, &d)
                     : t->ops->change_pin(t, o->old_pin, o->new_pin, &d);
    if (rc == CK_OK && unblock)
        rc = t->ops->change_pin(t, o->new_pin, o->new_pin, &d);
    OPENSSL_cleanse(master, sizeof master);
    token_close(t);
    if (rc != CK_OK)
        return ctl_fail_diag(
            rc == CK_E_TOKEN_PIN_WRONG || rc == CK_E_TOKEN_PIN_BLOCKED ? CTL_EXIT_NEGATIVE : CTL_EXIT_FAILURE, rc, &d);
    printf("%s\n", unblock ? "已解锁并设置新密码 / unblocked, new PIN set" : "密码已修改 / PIN changed");
    return CTL_EXIT_OK;
}

static int run(ctl_ctx *ctx, void *state, int argc, char **argv)
{
    struct token_opts *o = state;
    if (argc == 1 && strcmp(argv[0], "list") == 0)
        return cmd_list(ctx);
    if (argc == 1 && strcmp(argv[0], "info") == 0)
        return cmd_info(ctx);
    if (argc == 1 && strcmp(argv[0], "wait") == 0)
        return cmd_wait(ctx, o);
    if (argc == 1 && strcmp(argv[0], "change-pin") == 0)
        return cmd_pin(ctx, o, false);
    if (argc == 1 && strcmp(argv[0], "unblock") == 0)
        return cmd_pin(ctx, o, true);
    return ctl_usage_error(&ctl_cmd_token, "用法见 --help", "see --help for the usage");
}

const ctl_command ctl_cmd_token = {
    .name = "token",
    .summary = "USB Key：读卡器、证书、密码 / USB Keys: readers, what is on a key, PINs",
    .usage = "list | info | wait [--removed] [--timeout S] | change-pin --old-pin P --new-pin P |\n"
             "       unblock --new-pin P   [--json]\n"
             "  info: certificate, days left, renewal, seal, PIN tries, default-PIN warning;\n"
             "  unblock: the seed's 证书解锁, with the key's PUK derived from [token] master_key_file",
    .options = token_options,
    .on_option = on_option,
    .run = run,
    .state_size = sizeof(struct token_opts),
};
