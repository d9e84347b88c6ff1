/* key_inspect.c - one read of a USB Key for the self-check (see key_inspect.h). */
#include "key_inspect.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "seal_check.h"
#include "validate.h"

static void note(key_report *r, const char *zh, const char *en)
{
    if (r->n_notes < KEY_INSPECT_NOTES) {
        snprintf(r->notes[r->n_notes].zh, sizeof r->notes[0].zh, "%s", zh);
        snprintf(r->notes[r->n_notes].en, sizeof r->notes[0].en, "%s", en);
        r->n_notes++;
    }
}

/* The subject's O, else its CN: the name the customer recognises. Returns whether it is an organisation's. */
static bool subject_name(X509 *x, char *out, size_t cap)
{
    const X509_NAME *n = X509_get_subject_name(x);
    int i = X509_NAME_get_index_by_NID(n, NID_organizationName, -1);
    bool org = i >= 0;
    unsigned char *utf8 = NULL;
    int len;
    if (i < 0)
        i = X509_NAME_get_index_by_NID(n, NID_commonName, -1);
    if (i < 0 || (len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i)))) < 0)
        return org;
    snprintf(out, cap, "%.*s", len, (const char *)utf8);
    OPENSSL_free(utf8);
    return org;
}

/* The text of the subject's first nid entry into out; false when there is none. */
static bool subject_text(X509 *x, int nid, char *out, size_t cap)
{
    const X509_NAME *n = X509_get_subject_name(x);
    int i = X509_NAME_get_index_by_NID(n, nid, -1);
    unsigned char *utf8 = NULL;
    int len;
    if (i < 0 || (len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i)))) < 0)
        return false;
    snprintf(out, cap, "%.*s", len, (const char *)utf8);
    OPENSSL_free(utf8);
    return true;
}

/*
 * The holder's credit code: organizationIdentifier "NTRCN-<USCC>" (the
 * profile of our CSRs, token_csr.c), else a subject serialNumber that is a
 * valid credit code (where CAs commonly put it, the reference upstream too);
 * "" for a person's certificate.
 */
static void subject_uscc(X509 *x, char *out, size_t cap)
{
    char v[128];
    validate_result r;
    out[0] = '\0';
    if (subject_text(x, NID_organizationIdentifier, v, sizeof v) && strncmp(v, "NTRCN-", 6) == 0)
        snprintf(out, cap, "%.31s", v + 6); /* a credit code is 18 characters; out holds 32 */
    else if (subject_text(x, NID_serialNumber, v, sizeof v) && uscc_validate(v, &r) == CK_OK)
        snprintf(out, cap, "%.31s", r.value);
}

static void read_cert(key_report *r, const uint8_t *der, size_t len)
{
    const unsigned char *p = der;
    X509 *x = d2i_X509(NULL, &p, (long)len);
    BIGNUM *bn = x != NULL ? ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL) : NULL;
    char *hex = bn != NULL ? BN_bn2hex(bn) : NULL;
    struct tm tm;
    if (x != NULL && ASN1_TIME_to_tm(X509_get0_notAfter(x), &tm) == 1) {
        r->cert_present = true;
        r->cert_not_after = (int64_t)timegm(&tm);
        r->cert_is_org = subject_name(x, r->org_name, sizeof r->org_name);
        subject_uscc(x, r->uscc, sizeof r->uscc);
        snprintf(r->cert_serial, sizeof r->cert_serial, "%s", hex != NULL ? hex : "");
    }
    OPENSSL_free(hex);
    BN_free(bn);
    X509_free(x);
}

ck_err key_inspect(ck_token *t, const ck_clock *clock, const uint8_t *maker_ca, size_t ca_len, key_report *out,
                   ck_diag *d)
{
    uint8_t *cert = malloc(TOKEN_MAX_OBJECT), *seal_der = malloc(TOKEN_MAX_OBJECT);
    seal_t *s = malloc(sizeof *s);
    size_t cert_len = 0, seal_len = 0;
    ck_token_info info;
    ck_cert_state cs = {0};
    int64_t now = clock_now(clock);
    ck_err rc = cert != NULL && seal_der != NULL && s != NULL ? CK_OK : CK_E_NOMEM;
    memset(out, 0, sizeof *out);
    out->seal = SEAL_MISSING;
    if (rc == CK_OK && (rc = t->ops->identify(t, &info, d)) == CK_OK)
        snprintf(out->serial, sizeof out->serial, "%08u", info.serial);
    if (rc == CK_OK)
        rc = t->ops->pin_status(t, &out->pin, d);
    if (rc == CK_OK && (rc = t->ops->read_cert(t, TOKEN_SLOT_SIGN, cert, TOKEN_MAX_OBJECT, &cert_len, d)) ==
                           CK_E_NOT_FOUND)
        rc = CK_OK, cert_len = 0;
    if (rc == CK_OK && (rc = t->ops->read_seal(t, seal_der, TOKEN_MAX_OBJECT, &seal_len, d)) == CK_E_NOT_FOUND)
        rc = CK_OK, seal_len = 0;
    if (rc != CK_OK)
        goto cleanup;
    if (cert_len > 0)
        read_cert(out, cert, cert_len);
    out->seal_present = seal_len > 0;
    if (seal_len > 0) {
        ck_diag why = {"", ""};
        memset(s, 0, sizeof *s);
        seal_check(seal_der, seal_len, out->cert_present ? cert : NULL, cert_len, maker_ca, ca_len, now, s,
                   &out->seal, &why);
        out->seal_msg = out->seal == SEAL_VALID ? (ck_diag){"", ""} : why;
        if (out->seal != SEAL_MALFORMED) {
            snprintf(out->seal_name, sizeof out->seal_name, "%s", s->name);
            out->seal_not_after = s->valid_end;
            if (s->picture_len > 0 && (out->seal_picture = malloc(s->picture_len)) != NULL) {
                memcpy(out->seal_picture, s->picture, s->picture_len);
                out->seal_picture_len = s->picture_len;
            }
        }
    }
    if (out->seal == SEAL_VALID)
        snprintf(out->seal_msg.zh, sizeof out->seal_msg.zh, "%s", seal_verdict_zh(SEAL_VALID)),
            snprintf(out->seal_msg.en, sizeof out->seal_msg.en, "%s", seal_verdict_en(SEAL_VALID));
    else if (out->seal == SEAL_MISSING)
        snprintf(out->seal_msg.zh, sizeof out->seal_msg.zh, "%s", seal_verdict_zh(SEAL_MISSING)),
            snprintf(out->seal_msg.en, sizeof out->seal_msg.en, "%s", seal_verdict_en(SEAL_MISSING));
    cs = (ck_cert_state){.present = out->cert_present,
                         .not_after = out->cert_not_after,
                         .seal_present = out->seal == SEAL_VALID,
                         .seal_not_after = out->seal_not_after};
    eligibility_check(SVC_RENEW, HOLDER_UNIT, &cs, now, clock->utc_offset_s, &out->renewal);
    eligibility_check(SVC_SEAL_UPGRADE, HOLDER_UNIT, &cs, now, clock->utc_offset_s, &out->seal_upgrade);
    eligibility_check(SVC_SEAL_RENEW, HOLDER_UNIT, &cs, now, clock->utc_offset_s, &out->seal_renew);
    /* What to do, most urgent first, in the guide's words. */
    if (out->pin.blocked)
        note(out, "证书密码已锁定：请到窗口办理证书解锁", "The PIN is blocked: have the key unlocked at the window");
    if (!out->cert_present)
        note(out, "USB Key中没有证书：请办理证书新办或补办", "There is no certificate on this key: apply for a new one or a replacement");
    else if (out->renewal.expired || out->renewal.reason == ELIG_OK)
        note(out, out->renewal.msg.zh, out->renewal.msg.en);
    if (out->cert_present && out->seal != SEAL_VALID)
        note(out, out->seal_msg.zh, out->seal_msg.en);
    if (out->pin.default_pin && !out->pin.blocked)
        note(out, "仍在使用初始密码12345678：为了安全请修改密码", "Still on the initial PIN 12345678: please change it");
cleanup:
    free(s);
    free(seal_der);
    free(cert);
    return rc;
}

void key_report_free(key_report *r)
{
    free(r->seal_picture);
    r->seal_picture = NULL;
    r->seal_picture_len = 0;
}
