/*
 * seal_verify.c - is this seal good to use, and if not what should the
 * person do (see seal_verify in seal.h for the order of the checks). The
 * advice texts are the CA's service guide's, so every screen and receipt
 * says the same thing for the same verdict.
 */
#include "seal.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "seal_alg.h"
#include "seal_asn1.h"

static const struct {
    const char *name, *zh, *en;
} verdicts[] = {
    [SEAL_VALID] = {"valid", "电子印章有效", "The electronic seal is valid."},
    [SEAL_BINDING_UNCHECKED] = {"binding_unchecked", "电子印章签名有效且在有效期内；未核对其绑定的证书",
                                "The seal's signature and validity are good; the certificate it belongs to was "
                                "not checked."},
    [SEAL_BAD_SIGNATURE] = {"bad_signature", "印章签名无效，请勿使用，请到窗口咨询（服务热线 400-028-1130）",
                            "The seal's signature is not valid. Do not use it; please ask at the service window "
                            "(hotline 400-028-1130)."},
    [SEAL_NOT_YET_VALID] = {"not_yet_valid",
                            "印章尚未生效：请在生效日期之后使用，如有疑问请到窗口咨询（服务热线 400-028-1130）",
                            "The seal is not valid yet: use it from its start date, or ask at the service window "
                            "(hotline 400-028-1130)."},
    [SEAL_EXPIRED] = {"expired", "签章能力检测显示待升级：请办理印章升级（免费）或印章续期",
                      "The signing check shows an upgrade is due: apply for a seal upgrade (free) or a seal "
                      "renewal."},
    [SEAL_OTHER_CERT] = {"other_cert", "该印章属于另一张证书：请办理印章升级",
                         "This seal belongs to another certificate: apply for a seal upgrade (印章升级)."},
    [SEAL_MISSING] = {"missing", "签章能力检测显示待升级：请办理印章升级（免费）或印章续期",
                      "The signing check shows an upgrade is due: apply for a seal upgrade (free) or a seal "
                      "renewal."},
    [SEAL_MALFORMED] = {"malformed", "印章数据无法识别，请勿使用，请到窗口咨询（服务热线 400-028-1130）",
                        "The seal cannot be read. Do not use it; please ask at the service window "
                        "(hotline 400-028-1130)."},
    [SEAL_UNTRUSTED_MAKER] = {"untrusted_maker",
                              "印章并非由本CA授权的制章人制作，请勿使用，请到窗口咨询（服务热线 "
                              "400-028-1130）",
                              "The seal was not made by a seal maker this CA appointed. Do not use it; please ask at "
                              "the service window (hotline 400-028-1130)."},
};

static bool known(seal_verdict v) { return (unsigned)v < sizeof verdicts / sizeof verdicts[0]; }

const char *seal_verdict_name(seal_verdict v) { return known(v) ? verdicts[v].name : "unknown"; }
const char *seal_verdict_zh(seal_verdict v) { return known(v) ? verdicts[v].zh : verdicts[SEAL_BAD_SIGNATURE].zh; }
const char *seal_verdict_en(seal_verdict v) { return known(v) ? verdicts[v].en : verdicts[SEAL_BAD_SIGNATURE].en; }

/* The verdict with the person's advice in Chinese and the technical reason in English. */
#define DECIDE(verdict, ...)                                                                                           \
    (*v = (verdict), (void)ck_diag_detail(d, CK_E_SEAL, seal_verdict_zh(verdict), __VA_ARGS__), CK_OK)

/*
 * Sets *good when the maker certificate's key signed TBS_Seal as rebuilt
 * from s. Returns CK_OK whether or not it did (*why says why not), or
 * CK_E_NOMEM when it could not tell.
 */
static ck_err signature_good(const seal_t *s, bool *good, const char **why)
{
    const unsigned char *p = s->maker_cert;
    X509 *x = s->maker_cert_len > 0 && s->maker_cert_len <= sizeof s->maker_cert
                  ? d2i_X509(NULL, &p, (long)s->maker_cert_len)
                  : NULL;
    EVP_PKEY *pub = x != NULL ? X509_get0_pubkey(x) : NULL;
    SEAL_SESeal *obj = NULL;
    unsigned char *tbs = NULL;
    int tbs_len;
    ck_err rc = CK_OK;
    *good = false;
    if (pub == NULL || p != s->maker_cert + s->maker_cert_len) {
        *why = "the maker certificate cannot be read";
        goto cleanup;
    }
    if (s->sig_alg == SEAL_ALG_UNKNOWN || seal_alg_from_oid(s->sig_alg_oid) != s->sig_alg) {
        *why = "the signature algorithm is not one this kiosk can check";
        goto cleanup;
    }
    if (seal_asn1_build(s, &obj, NULL) != CK_OK) {
        /* Only a seal_t no decoder produced gets here (a date outside 1970..9999): nothing was signed. */
        *why = "the seal's fields cannot be encoded";
        goto cleanup;
    }
    if ((tbs_len = seal_asn1_tbs(obj, &tbs)) <= 0) {
        rc = CK_E_NOMEM;
        goto cleanup;
    }
    *good = seal_alg_verify(pub, s->sig_alg, tbs, (size_t)tbs_len, s->signature, s->signature_len);
    if (!*good)
        *why = "the maker's signature does not verify (the seal was altered or not made with this certificate)";
cleanup:
    OPENSSL_free(tbs);
    SEAL_SESeal_free(obj);
    X509_free(x);
    return rc;
}

ck_err seal_verify(const seal_t *s, const uint8_t *holder_cert_der, size_t holder_len, int64_t now, seal_verdict *v,
                   ck_diag *d)
{
    uint8_t digest[32];
    unsigned int dl = 0;
    const char *why = "";
    bool good;
    ck_err rc;
    if (v != NULL)
        *v = SEAL_BAD_SIGNATURE;
    if (s == NULL || v == NULL)
        return ck_diag_fail(d, CK_E_ARG, "参数错误", "seal_verify: NULL argument");
    if ((rc = signature_good(s, &good, &why)) != CK_OK)
        return ck_diag_fail(d, rc, "内存不足，无法核验电子印章", "out of memory checking the seal");
    if (!good)
        return DECIDE(SEAL_BAD_SIGNATURE, "%s", why);
    if (s->valid_start > s->valid_end)
        return DECIDE(SEAL_EXPIRED, "the validity period ends before it starts");
    if (now < s->valid_start)
        return DECIDE(SEAL_NOT_YET_VALID, "valid from %lld, now %lld", (long long)s->valid_start, (long long)now);
    if (now > s->valid_end)
        return DECIDE(SEAL_EXPIRED, "valid until %lld, now %lld", (long long)s->valid_end, (long long)now);
    if (holder_cert_der == NULL)
        return DECIDE(SEAL_BINDING_UNCHECKED, "no holder certificate given: the binding was not checked");
    if (EVP_Digest(holder_cert_der, holder_len, digest, &dl, EVP_sha256(), NULL) != 1)
        return ck_diag_fail(d, CK_E_NOMEM, "内存不足，无法核验电子印章", "out of memory hashing the certificate");
    if (CRYPTO_memcmp(digest, s->cert_sha256, sizeof digest) != 0)
        return DECIDE(SEAL_OTHER_CERT, "the seal is bound to a certificate with another SHA-256");
    *v = SEAL_VALID;
    ck_diag_clear(d);
    return CK_OK;
}
