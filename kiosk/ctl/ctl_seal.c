/*
 * ctl_seal.c - `certkioskctl seal show|verify|png` for the self-check screen's
 * technicians: what seal a USB Key (or a file) holds, whether it is good
 * (maker, signature, validity, bound to the key's certificate), and the CA
 * guide's advice when it is missing, expired or bound to another certificate
 * (签章能力检测显示待升级 -> 印章升级 or 印章续期), with whether each of those
 * services is open for this certificate today. The same seal_check the kiosk
 * runs before it keeps or writes a seal. Exit 0 valid, 1 not valid or absent,
 * 3 on a local failure.
 */
#include <cjson/cJSON.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl.h"
#include "eligibility.h"
#include "pem_cert.h"
#include "seal_check.h"
#include "token.h"

struct seal_opts {
    const char *cert, *save;
};

enum { OPT_CERT = 1, OPT_SAVE };

static const struct option seal_options[] = {
    {"cert", required_argument, NULL, OPT_CERT},
    {"save", required_argument, NULL, OPT_SAVE},
    {0},
};

static int on_option(void *state, int id, const char *arg)
{
    struct seal_opts *o = state;
    if (id == OPT_CERT)
        o->cert = arg;
    else if (id == OPT_SAVE)
        o->save = arg;
    else
        return CTL_EXIT_USAGE;
    return CTL_EXIT_OK;
}

static ck_err write_file(const char *path, const uint8_t *buf, size_t len, ck_diag *d)
{
    FILE *f = fopen(path, "wb");
    bool ok = f != NULL && fwrite(buf, 1, len, f) == len;
    if (f != NULL && fclose(f) != 0)
        ok = false;
    return ok ? CK_OK : ck_diag_fail(d, CK_E_IO, "无法写入 %s", "cannot write %s", path);
}

/* What was read: the seal's bytes and, when known, the holder's certificate. Heap: ~16 KiB. */
struct found {
    uint8_t seal[TOKEN_MAX_OBJECT];
    size_t seal_len;
    uint8_t cert[TOKEN_MAX_OBJECT];
    size_t cert_len; /* 0: no certificate to check the binding against */
};

static ck_err read_file(const char *path, uint8_t *buf, size_t cap, size_t *len, ck_diag *d)
{
    FILE *f = fopen(path, "rb");
    size_t n = f != NULL ? fread(buf, 1, cap, f) : 0;
    bool more = f != NULL && fgetc(f) != EOF;
    if (f != NULL)
        fclose(f);
    if (f == NULL || n == 0 || more)
        return ck_diag_fail(d, CK_E_IO, "无法读取 %s（不存在、为空或超过%zu字节）",
                            "cannot read %s (missing, empty or over %zu bytes)", path, cap);
    *len = n;
    return CK_OK;
}

/* A certificate file in PEM or DER. */
static ck_err read_cert(const char *path, struct found *f, ck_diag *d)
{
    ck_err rc = read_file(path, f->cert, sizeof f->cert, &f->cert_len, d);
    if (rc == CK_OK && f->cert_len > 10 && memcmp(f->cert, "-----BEGIN", 10) == 0)
        rc = f->cert_len = 0, pem_cert_read(path, f->cert, &f->cert_len, d);
    return rc;
}

static void add_date(cJSON *o, const char *key, int64_t t, int32_t off)
{
    char buf[11];
    date_format(date_from_unix(t, off), buf);
    cJSON_AddStringToObject(o, key, buf);
}

static bool cert_not_after(const struct found *f, int64_t *out)
{
    const unsigned char *p = f->cert;
    X509 *x = f->cert_len > 0 ? d2i_X509(NULL, &p, (long)f->cert_len) : NULL;
    struct tm tm;
    bool ok = x != NULL && ASN1_TIME_to_tm(X509_get0_notAfter(x), &tm) == 1;
    if (ok)
        *out = (int64_t)timegm(&tm);
    X509_free(x);
    return ok;
}

/* Whether 印章升级 and 印章续期 are open today, by the core's rules, for this certificate and seal. */
static void add_services(ctl_ctx *ctx, cJSON *o, const struct found *f, const seal_t *s, bool seal_ok)
{
    ck_cert_state cs = {.seal_present = seal_ok, .seal_not_after = seal_ok ? s->valid_end : 0};
    static const ck_service which[] = {SVC_SEAL_UPGRADE, SVC_SEAL_RENEW};
    cJSON *arr = cJSON_AddArrayToObject(o, "services");
    cs.present = cert_not_after(f, &cs.not_after);
    for (size_t i = 0; i < sizeof which / sizeof which[0]; i++) {
        ck_eligibility e;
        cJSON *one = cJSON_CreateObject();
        bool open = eligibility_check(which[i], HOLDER_UNIT, &cs, clock_now(&ctx->clock), ctx->cfg.utc_offset_s,
                                      &e) == CK_OK;
        cJSON_AddStringToObject(one, "service", services_info(which[i])->code);
        cJSON_AddBoolToObject(one, "open", open);
        cJSON_AddStringToObject(one, "message_zh", e.msg.zh);
        cJSON_AddStringToObject(one, "message_en", e.msg.en);
        cJSON_AddItemToArray(arr, one);
    }
}

/* Checks f and reports: the seal's claims (when it decodes), the verdict, the advice. */
static int report(ctl_ctx *ctx, const struct found *f, bool from_key)
{
    seal_t *s = malloc(sizeof *s);
    uint8_t *ca = NULL;
    size_t ca_len = 0;
    seal_verdict v = SEAL_MISSING;
    ck_diag d = {"", ""};
    cJSON *o = cJSON_CreateObject();
    ck_err rc = s != NULL && o != NULL ? CK_OK : CK_E_NOMEM;
    bool decoded = false;
    int32_t off = ctx->cfg.utc_offset_s;
    if (rc == CK_OK && ctx->cfg.seal_maker_ca[0] != '\0' && (ca = malloc(PEM_CERT_DER_MAX)) != NULL)
        rc = pem_cert_read(ctx->cfg.seal_maker_ca, ca, &ca_len, &d);
    if (rc != CK_OK) {
        free(s), free(ca), cJSON_Delete(o);
        return ctl_fail_diag(CTL_EXIT_FAILURE, rc, &d);
    }
    if (f->seal_len > 0) {
        memset(s, 0, sizeof *s);
        rc = seal_check(f->seal, f->seal_len, f->cert_len > 0 ? f->cert : NULL, f->cert_len, ca, ca_len,
                        clock_now(&ctx->clock), s, &v, &d);
        decoded = v != SEAL_MALFORMED;
    } else {
        snprintf(d.zh, sizeof d.zh, "%s", seal_verdict_zh(SEAL_MISSING));
        snprintf(d.en, sizeof d.en, "%s", seal_verdict_en(SEAL_MISSING));
    }
    cJSON_AddBoolToObject(o, "present", f->seal_len > 0);
    cJSON_AddStringToObject(o, "verdict", seal_verdict_name(v));
    cJSON_AddBoolToObject(o, "valid", v == SEAL_VALID);
    cJSON_AddBoolToObject(o, "maker_checked", ca != NULL);
    cJSON_AddBoolToObject(o, "binding_checked", f->cert_len > 0);
    if (decoded) {
        cJSON_AddStringToObject(o, "name", s->name);
        cJSON_AddStringToObject(o, "type", s->type == SEAL_TYPE_ORG ? "organisation" : "personal");
        cJSON_AddStringToObject(o, "es_id", s->es_id);
        add_date(o, "valid_from", s->valid_start, off);
        add_date(o, "valid_to", s->valid_end, off);
        cJSON_AddStringToObject(o, "algorithm", s->sig_alg_oid);
        cJSON_AddNumberToObject(o, "picture_bytes", (double)s->picture_len);
    }
    cJSON_AddStringToObject(o, "message_zh", v == SEAL_VALID ? seal_verdict_zh(v) : d.zh);
    cJSON_AddStringToObject(o, "message_en", v == SEAL_VALID ? seal_verdict_en(v) : d.en);
    if (from_key && f->cert_len > 0)
        add_services(ctx, o, f, s, v == SEAL_VALID);
    free(s), free(ca);
    if (ctx->json)
        return ctl_print_json(o, v == SEAL_VALID ? CTL_EXIT_OK : CTL_EXIT_NEGATIVE);
    {
        const cJSON *it;
        printf("印章 / seal:   %s\n", f->seal_len > 0 ? "有 / present" : "无 / none");
        if (decoded)
            printf("名称 / name:   %s（%s）\n有效期 / valid: %s — %s\n", cJSON_GetObjectItem(o, "name")->valuestring,
                   cJSON_GetObjectItem(o, "type")->valuestring, cJSON_GetObjectItem(o, "valid_from")->valuestring,
                   cJSON_GetObjectItem(o, "valid_to")->valuestring);
        printf("结论 / verdict: %s\n  %s\n  %s\n", seal_verdict_name(v),
               cJSON_GetObjectItem(o, "message_zh")->valuestring, cJSON_GetObjectItem(o, "message_en")->valuestring);
        cJSON_ArrayForEach(it, cJSON_GetObjectItem(o, "services"))
            printf("%s: %s\n  %s\n", cJSON_GetObjectItem(it, "service")->valuestring,
                   cJSON_IsTrue(cJSON_GetObjectItem(it, "open")) ? "可办理 / open" : "不可办理 / not open",
                   cJSON_GetObjectItem(it, "message_zh")->valuestring);
    }
    cJSON_Delete(o);
    return v == SEAL_VALID ? CTL_EXIT_OK : CTL_EXIT_NEGATIVE;
}

static int cmd_show(ctl_ctx *ctx, struct found *f, const char *save)
{
    ck_token *t = NULL;
    ck_diag d = {"", ""};
    ck_err rc = ctl_open_token(ctx, &t, &d);
    if (rc == CK_OK && (rc = t->ops->read_cert(t, TOKEN_SLOT_SIGN, f->cert, sizeof f->cert, &f->cert_len, &d)) ==
                           CK_E_NOT_FOUND)
        rc = CK_OK, f->cert_len = 0;
    if (rc == CK_OK && (rc = t->ops->read_seal(t, f->seal, sizeof f->seal, &f->seal_len, &d)) == CK_E_NOT_FOUND)
        rc = CK_OK, f->seal_len = 0;
    token_close(t);
    if (rc == CK_OK && save != NULL && f->seal_len > 0)
        rc = write_file(save, f->seal, f->seal_len, &d);
    if (rc != CK_OK)
        return ctl_fail_diag(rc == CK_E_TOKEN_ABSENT ? CTL_EXIT_NEGATIVE : CTL_EXIT_FAILURE, rc, &d);
    return report(ctx, f, true);
}

/* The picture as carried (a PNG from this CA's makers), for a person to look at. */
static int cmd_png(ctl_ctx *ctx, const struct found *f, const char *out)
{
    seal_t *s = malloc(sizeof *s);
    ck_diag d = {"", ""};
    ck_err rc = s != NULL ? seal_decode(f->seal, f->seal_len, s, &d) : CK_E_NOMEM;
    (void)ctx;
    if (rc == CK_OK && strcmp(s->picture_type, "PNG") != 0)
        rc = ck_diag_fail(&d, CK_E_SEAL, "印章图片不是PNG格式（%s）", "the seal's picture is not a PNG (%s)",
                          s->picture_type);
    if (rc == CK_OK)
        rc = write_file(out, s->picture, s->picture_len, &d);
    free(s);
    if (rc != CK_OK)
        return ctl_fail_diag(rc == CK_E_SEAL ? CTL_EXIT_NEGATIVE : CTL_EXIT_FAILURE, rc, &d);
    printf("%s\n", out);
    return CTL_EXIT_OK;
}

static int run(ctl_ctx *ctx, void *state, int argc, char **argv)
{
    struct seal_opts *o = state;
    struct found *f = calloc(1, sizeof *f);
    ck_diag d = {"", ""};
    ck_err rc = f != NULL ? CK_OK : CK_E_NOMEM;
    int code;
    if (rc == CK_OK && argc == 1 && strcmp(argv[0], "show") == 0) {
        code = cmd_show(ctx, f, o->save);
    } else if (rc == CK_OK && (argc == 2 || argc == 3) &&
               (strcmp(argv[0], "verify") == 0 || strcmp(argv[0], "png") == 0)) {
        bool png = strcmp(argv[0], "png") == 0;
        if (png != (argc == 3)) {
            free(f);
            return ctl_usage_error(&ctl_cmd_seal, "用法见 --help", "see --help for the usage");
        }
        rc = read_file(argv[1], f->seal, sizeof f->seal, &f->seal_len, &d);
        if (rc == CK_OK && o->cert != NULL)
            rc = read_cert(o->cert, f, &d);
        code = rc != CK_OK ? ctl_fail_diag(CTL_EXIT_FAILURE, rc, &d) : png ? cmd_png(ctx, f, argv[2]) : report(ctx, f, false);
    } else {
        code = rc != CK_OK ? ctl_fail_diag(CTL_EXIT_FAILURE, rc, &d)
                           : ctl_usage_error(&ctl_cmd_seal, "用法见 --help", "see --help for the usage");
    }
    free(f);
    return code;
}

const ctl_command ctl_cmd_seal = {
    .name = "seal",
    .summary = "电子印章：查看、核验、图片 / electronic seals: show, verify, picture",
    .usage = "show [--save FILE] | verify FILE [--cert CERT] | png FILE OUT.png   [--json]\n"
             "  show: the seal on the inserted USB Key, checked against the key's certificate, with the advice\n"
             "        and whether 印章升级 / 印章续期 are open; verify: a seal file (DER), against CERT (PEM or DER)\n"
             "        when given; both check the maker against [seal] maker_ca when set. Exit 0 valid, 1 not.",
    .options = seal_options,
    .on_option = on_option,
    .run = run,
    .state_size = sizeof(struct seal_opts),
};
