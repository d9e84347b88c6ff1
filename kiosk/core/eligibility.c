/*
 * eligibility.c - the date rules of the seed. The messages repeat the seed's
 * own advice ("证书剩余有效期小于60天的用户，请更新证书后再升级签章") so that a
 * refusal always tells the customer what to do instead.
 */
#include "eligibility.h"

#include <stddef.h>

static const char *const reason_codes[ELIG__COUNT] = {
    [ELIG_OK] = "ok",
    [ELIG_HOLDER] = "holder_not_allowed",
    [ELIG_NO_CERT] = "no_certificate",
    [ELIG_TOO_EARLY] = "too_early",
    [ELIG_EXPIRED] = "expired",
    [ELIG_REVOKED] = "revoked",
    [ELIG_TOO_LITTLE_LEFT] = "too_little_validity_left",
    [ELIG_NO_SEAL] = "no_seal",
    [ELIG_SEAL_CURRENT] = "seal_current",
};

const char *eligibility_reason_code(ck_elig_reason r)
{
    return (r >= 0 && r < ELIG__COUNT) ? reason_codes[r] : "unknown";
}

static ck_err refuse(ck_eligibility *out, ck_elig_reason r, const char *zh, const char *en)
{
    ck_err e = r == ELIG_HOLDER ? CK_E_HOLDER_NOT_ALLOWED : CK_E_NOT_ELIGIBLE;
    out->reason = r;
    ck_diag_zh(&out->msg, e, "%s", zh);
    return ck_diag_en(&out->msg, e, "%s", en);
}

/* The rules for services that act on an existing, still valid certificate. */
static ck_err require_valid(ck_eligibility *out, const ck_cert_state *cert, const char *expired_zh,
                            const char *expired_en)
{
    if (cert->revoked)
        return refuse(out, ELIG_REVOKED, "该证书已吊销，请办理证书新办",
                      "This certificate is revoked; apply for a new one");
    if (out->expired)
        return refuse(out, ELIG_EXPIRED, expired_zh, expired_en);
    return CK_OK;
}

static ck_err check_renew(ck_eligibility *out, const ck_cert_state *cert)
{
    char date[11];
    if (cert->revoked)
        return refuse(out, ELIG_REVOKED, "该证书已吊销，不能更新，请办理证书新办",
                      "This certificate is revoked and cannot be renewed; apply for a new one");
    if (out->expired || out->days_left <= ELIG_RENEW_WINDOW_DAYS)
        return CK_OK;
    out->first_possible = date_add_days(out->not_after_date, -ELIG_RENEW_WINDOW_DAYS);
    date_format(out->first_possible, date);
    out->reason = ELIG_TOO_EARLY;
    return ck_diag_fail(&out->msg, CK_E_NOT_ELIGIBLE,
                        "证书到期前60天起可办理更新。您的证书还有%lld天到期，最早可于%s办理",
                        "Renewal opens 60 days before expiry. Your certificate has %lld days left; renew from %s",
                        (long long)out->days_left, date);
}

static ck_err check_seal_renew(ck_eligibility *out, const ck_cert_state *cert)
{
    ck_err rc = require_valid(out, cert, "证书已过期，请先办理证书更新，印章将随证书一并更新",
                              "The certificate has expired; renew it first, the seal is renewed with it");
    if (rc != CK_OK)
        return rc;
    if (!cert->seal_present)
        return refuse(out, ELIG_NO_SEAL, "证书中没有印章，请办理印章升级（免费）",
                      "There is no seal on this certificate; apply for the free seal upgrade");
    if (cert->seal_not_after >= cert->not_after)
        return refuse(out, ELIG_SEAL_CURRENT, "印章有效期已与证书一致，无需续期",
                      "The seal is already valid as long as the certificate; no renewal needed");
    return CK_OK;
}

static ck_err check_rules(ck_service s, const ck_cert_state *cert, ck_eligibility *out)
{
    switch (s) {
    case SVC_RENEW: return check_renew(out, cert);
    case SVC_CHANGE:
        return require_valid(out, cert, "证书已过期，请先办理证书更新再变更",
                             "The certificate has expired; renew it before changing it");
    case SVC_REPLACE:
        return require_valid(out, cert, "证书已过期，不能补办，请办理证书更新或新办",
                             "The certificate has expired and cannot be replaced; renew it or apply for a new one");
    case SVC_REVOKE:
        if (cert->revoked)
            return refuse(out, ELIG_REVOKED, "该证书已吊销，无需再次吊销", "This certificate is already revoked");
        if (out->expired)
            return refuse(out, ELIG_EXPIRED, "证书已过期，已自动失效，无需吊销",
                          "The certificate has expired and is no longer valid; no revocation needed");
        return CK_OK;
    case SVC_SEAL_UPGRADE: {
        ck_err rc = require_valid(out, cert, "证书已过期，请先办理证书更新再升级签章",
                                  "The certificate has expired; renew it before the seal upgrade");
        if (rc != CK_OK)
            return rc;
        if (out->days_left < ELIG_SEAL_UPGRADE_MIN_DAYS)
            return refuse(out, ELIG_TOO_LITTLE_LEFT, "证书剩余有效期小于60天，请更新证书后再升级签章",
                          "Fewer than 60 days of validity are left; renew the certificate, then upgrade the seal");
        return CK_OK;
    }
    case SVC_SEAL_RENEW: return check_seal_renew(out, cert);
    case SVC_NEW:
    case SVC_PIN_CHANGE:
    case SVC_UNLOCK:
    case SVC__COUNT: break;
    }
    return CK_OK;
}

ck_err eligibility_check(ck_service s, ck_holder_kind k, const ck_cert_state *cert, int64_t now, int32_t utc_offset_s,
                         ck_eligibility *out)
{
    ck_err rc;
    if (out == NULL || s < 0 || s >= SVC__COUNT || k < 0 || k >= HOLDER__COUNT)
        return CK_E_ARG;
    *out = (ck_eligibility){.reason = ELIG_OK};
    if (!services_allows_holder(s, k))
        return refuse(out, ELIG_HOLDER, "该类用户不能办理此项业务",
                      "This kind of holder cannot apply for this service");
    if (cert != NULL && cert->present) {
        ck_date today = date_from_unix(now, utc_offset_s);
        out->has_days_left = true;
        out->not_after_date = date_from_unix(cert->not_after, utc_offset_s);
        out->days_left = date_diff_days(today, out->not_after_date);
        out->expired = now >= cert->not_after;
    } else if (services_has(s, SVC_F_NEEDS_CERT)) {
        return refuse(out, ELIG_NO_CERT, "未找到您的证书，请插入数字证书USB Key或到窗口查询",
                      "No certificate was found; insert your USB Key or ask at the window");
    }
    rc = check_rules(s, cert, out);
    if (rc == CK_OK) {
        ck_diag_zh(&out->msg, CK_OK, "可以办理%s", services_info(s)->zh);
        ck_diag_en(&out->msg, CK_OK, "%s is available", services_info(s)->en);
    }
    return rc;
}
