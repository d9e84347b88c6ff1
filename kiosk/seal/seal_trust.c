/*
 * seal_trust.c - was the seal made by a maker the CA appointed? The maker
 * certificate inside a seal proves who signed it only if it chains to the
 * CA that issues seal makers' certificates (see seal_trust_maker in seal.h).
 */
#include "seal.h"

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "seal_alg.h"

static X509 *read_cert(const uint8_t *der, size_t len)
{
    const unsigned char *p = der;
    X509 *x = len > 0 && len <= SEAL_DER_MAX ? d2i_X509(NULL, &p, (long)len) : NULL;
    if (x != NULL && p != der + len) {
        X509_free(x);
        return NULL;
    }
    return x;
}

/* OpenSSL 3.0 checks an SM2 certificate signature only with the signer ID set on the certificate. */
static bool set_sm2_id(X509 *x)
{
    ASN1_OCTET_STRING *id;
    if (X509_get_signature_nid(x) != NID_SM2_with_SM3)
        return true;
    if ((id = ASN1_OCTET_STRING_new()) == NULL ||
        ASN1_OCTET_STRING_set(id, (const unsigned char *)SEAL_SM2_ID, (int)(sizeof SEAL_SM2_ID - 1)) != 1) {
        ASN1_OCTET_STRING_free(id);
        return false;
    }
    X509_set0_distinguishing_id(x, id);
    return true;
}

ck_err seal_trust_maker(const seal_t *s, const uint8_t *ca_der, size_t ca_len, int64_t now, ck_diag *d)
{
    X509 *maker = NULL, *ca = NULL;
    X509_STORE *store = NULL;
    X509_STORE_CTX *ctx = NULL;
    ck_err rc = CK_OK;
    if (s == NULL || ca_der == NULL)
        return ck_diag_fail(d, CK_E_ARG, "参数错误", "seal_trust_maker: NULL argument");
    maker = read_cert(s->maker_cert, s->maker_cert_len);
    ca = read_cert(ca_der, ca_len);
    if (maker == NULL || ca == NULL) {
        rc = ck_diag_detail(d, CK_E_SEAL, seal_verdict_zh(SEAL_UNTRUSTED_MAKER), "the %s certificate cannot be read",
                            maker == NULL ? "maker" : "CA");
        goto cleanup;
    }
    if ((store = X509_STORE_new()) == NULL || (ctx = X509_STORE_CTX_new()) == NULL || !set_sm2_id(maker) ||
        X509_STORE_add_cert(store, ca) != 1 || X509_STORE_CTX_init(ctx, store, maker, NULL) != 1) {
        rc = ck_diag_fail(d, CK_E_NOMEM, "内存不足，无法核验电子印章", "out of memory checking the maker certificate");
        goto cleanup;
    }
    /* The kiosk's clock, not the process's: tests and the fake clock decide what "now" is. */
    X509_STORE_CTX_set_time(ctx, 0, (time_t)now);
    if (X509_verify_cert(ctx) != 1)
        rc = ck_diag_detail(d, CK_E_SEAL, seal_verdict_zh(SEAL_UNTRUSTED_MAKER),
                            "the maker certificate is not trusted: %s",
                            X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
cleanup:
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(store);
    X509_free(ca);
    X509_free(maker);
    return rc;
}
