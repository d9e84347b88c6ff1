/*
 * ctl_eligible.c - `certkioskctl eligible`: may a holder have a service now,
 * given the certificate's notAfter (and seal), and if so the validity the
 * new certificate or seal would get. Exit 0 eligible, 1 not eligible.
 */
#include <cjson/cJSON.h>
#include <stdio.h>

#include "ctl.h"
#include "eligibility.h"
#include "validity.h"

struct elig_opts {
    const char *service, *holder, *not_after, *seal_not_after;
    bool revoked;
    int years;
};

enum { OPT_SERVICE = 1, OPT_HOLDER, OPT_NOT_AFTER, OPT_SEAL_NOT_AFTER, OPT_REVOKED, OPT_YEARS };

static const struct option elig_options[] = {
    {"service", required_argument, NULL, OPT_SERVICE},
    {"holder", required_argument, NULL, OPT_HOLDER},
    {"not-after", required_argument, NULL, OPT_NOT_AFTER},
    {"seal-not-after", required_argument, NULL, OPT_SEAL_NOT_AFTER},
    {"revoked", no_argument, NULL, OPT_REVOKED},
    {"years", required_argument, NULL, OPT_YEARS},
    {0},
};

static int on_option(void *state, int id, const char *arg)
{
    struct elig_opts *o = state;
    switch (id) {
    case OPT_SERVICE: o->service = arg; return CTL_EXIT_OK;
    case OPT_HOLDER: o->holder = arg; return CTL_EXIT_OK;
    case OPT_NOT_AFTER: o->not_after = arg; return CTL_EXIT_OK;
    case OPT_SEAL_NOT_AFTER: o->seal_not_after = arg; return CTL_EXIT_OK;
    case OPT_REVOKED: o->revoked = true; return CTL_EXIT_OK;
    case OPT_YEARS: return ctl_parse_int(arg, 1, 2, &o->years) ? CTL_EXIT_OK : CTL_EXIT_USAGE;
    }
    return CTL_EXIT_USAGE;
}

/* A notAfter given as a date means the end of that local day, as the CA issues them. */
static bool parse_not_after(const char *text, int32_t off, int64_t *out)
{
    if (clock_parse_instant(text, off, out) != CK_OK)
        return false;
    if (text[0] != '@' && text[10] == '\0')
        *out += 86400 - 1;
    return true;
}

static void fmt_instant(int64_t t, int32_t off, char buf[11]) { date_format(date_from_unix(t, off), buf); }

static int report(ctl_ctx *ctx, ck_service s, const ck_eligibility *e, const ck_validity *v, ck_err rc)
{
    int32_t off = ctx->cfg.utc_offset_s;
    char first[11], na[11], nb[11];
    date_format(e->first_possible, first);
    if (v != NULL) {
        fmt_instant(v->not_before, off, nb);
        fmt_instant(v->not_after, off, na);
    }
    if (ctx->json) {
        cJSON *obj = cJSON_CreateObject();
        if (obj != NULL) {
            cJSON_AddStringToObject(obj, "service", services_info(s)->code);
            cJSON_AddBoolToObject(obj, "eligible", rc == CK_OK);
            cJSON_AddStringToObject(obj, "reason", eligibility_reason_code(e->reason));
            if (e->has_days_left) {
                cJSON_AddNumberToObject(obj, "days_left", (double)e->days_left);
                cJSON_AddBoolToObject(obj, "expired", e->expired);
            }
            if (e->reason == ELIG_TOO_EARLY)
                cJSON_AddStringToObject(obj, "first_possible", first);
            if (v != NULL) {
                cJSON_AddStringToObject(obj, "new_not_before", nb);
                cJSON_AddStringToObject(obj, "new_not_after", na);
            }
            cJSON_AddStringToObject(obj, "message_zh", e->msg.zh);
            cJSON_AddStringToObject(obj, "message_en", e->msg.en);
        }
        return ctl_print_json(obj, rc == CK_OK ? CTL_EXIT_OK : CTL_EXIT_NEGATIVE);
    }
    printf("%s / %s\n  %s\n  %s\n", rc == CK_OK ? "可以办理" : "不能办理", rc == CK_OK ? "eligible" : "not eligible",
           e->msg.zh, e->msg.en);
    if (e->has_days_left)
        printf("  剩余 / days left: %lld%s\n", (long long)e->days_left, e->expired ? "（已过期 / expired）" : "");
    if (v != NULL)
        printf("  新有效期 / new validity: %s — %s\n", nb, na);
    return rc == CK_OK ? CTL_EXIT_OK : CTL_EXIT_NEGATIVE;
}

static int run(ctl_ctx *ctx, void *state, int argc, char **argv)
{
    const ctl_command *self = &ctl_cmd_eligible;
    struct elig_opts *o = state;
    int32_t off = ctx->cfg.utc_offset_s;
    ck_cert_state cert = {0};
    ck_service s;
    ck_holder_kind k;
    ck_eligibility e;
    ck_validity v;
    bool issues;
    ck_err rc;
    (void)argv;
    if (argc != 0)
        return ctl_usage_error(self, "eligible 不接受位置参数", "eligible takes no positional arguments");
    if (o->service == NULL || services_parse(o->service, &s) != CK_OK)
        return ctl_usage_error(self, "--service 无效", "--service is missing or unknown");
    if (o->holder == NULL || holder_kind_parse(o->holder, &k) != CK_OK)
        return ctl_usage_error(self, "--holder 应为 unit 或 expert", "--holder must be unit or expert");
    if (o->not_after != NULL) {
        cert.present = true;
        cert.revoked = o->revoked;
        if (!parse_not_after(o->not_after, off, &cert.not_after))
            return ctl_usage_error(self, "--not-after 格式无效", "--not-after is not a valid date or time");
    }
    if (o->seal_not_after != NULL) {
        cert.seal_present = true;
        if (!parse_not_after(o->seal_not_after, off, &cert.seal_not_after))
            return ctl_usage_error(self, "--seal-not-after 格式无效", "--seal-not-after is not a valid date or time");
    }
    rc = eligibility_check(s, k, &cert, clock_now(&ctx->clock), off, &e);
    if (rc != CK_OK && rc != CK_E_NOT_ELIGIBLE && rc != CK_E_HOLDER_NOT_ALLOWED)
        return ctl_fail_diag(CTL_EXIT_FAILURE, rc, NULL);
    issues = services_has(s, SVC_F_ISSUES_CERT) || services_has(s, SVC_F_ISSUES_SEAL);
    if (rc == CK_OK && issues &&
        validity_for_service(s, o->years != 0 ? o->years : 1, &cert, clock_now(&ctx->clock), off, &v) == CK_OK)
        return report(ctx, s, &e, &v, rc);
    return report(ctx, s, &e, NULL, rc);
}

const ctl_command ctl_cmd_eligible = {
    .name = "eligible",
    .summary = "办理条件：按证书有效期判断能否办理 / may this service be had now, given the certificate",
    .usage = "--service S --holder unit|expert [--not-after DATE] [--revoked] [--seal-not-after DATE]\n"
             "       [--years 1|2] [--now TIME] [--json]\n"
             "  DATE: YYYY-MM-DD (the end of that day, kiosk time), YYYY-MM-DDTHH:MM:SS or @EPOCH",
    .options = elig_options,
    .on_option = on_option,
    .run = run,
    .state_size = sizeof(struct elig_opts),
};
