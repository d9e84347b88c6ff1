/* seal_fixture.c - run-time keys and certificates for the seal tests (see seal_fixture.h). */
#include "seal_fixture.h"

#include <openssl/x509v3.h>
#include <string.h>

EVP_PKEY *fixture_key(const char *type)
{
    if (strcmp(type, "EC") == 0)
        return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    return EVP_PKEY_Q_keygen(NULL, NULL, "SM2");
}

static bool add_ext(X509 *x, int nid, const char *value)
{
    X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, NULL, nid, value);
    bool ok = e != NULL && X509_add_ext(x, e, -1) == 1;
    X509_EXTENSION_free(e);
    return ok;
}

bool fixture_certify(fixture_party *p, const char *cn, const fixture_party *issuer, int64_t not_before,
                     int64_t not_after, bool ca)
{
    static long serial = 1;
    X509 *x = X509_new();
    X509_NAME *name = X509_NAME_new();
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    EVP_PKEY *signer = issuer != NULL ? issuer->key : p->key;
    bool sm2 = EVP_PKEY_is_a(signer, "SM2");
    unsigned char *out = p->der;
    bool ok = x != NULL && name != NULL && md != NULL && X509_set_version(x, 2) == 1 &&
              ASN1_INTEGER_set(X509_get_serialNumber(x), serial++) == 1 &&
              X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0) == 1 &&
              X509_set_subject_name(x, name) == 1 &&
              X509_set_issuer_name(x, issuer != NULL ? X509_get_subject_name(issuer->cert) : name) == 1 &&
              ASN1_TIME_set(X509_getm_notBefore(x), (time_t)not_before) != NULL &&
              ASN1_TIME_set(X509_getm_notAfter(x), (time_t)not_after) != NULL && X509_set_pubkey(x, p->key) == 1 &&
              (!ca || (add_ext(x, NID_basic_constraints, "critical,CA:TRUE") &&
                       add_ext(x, NID_key_usage, "critical,keyCertSign,cRLSign"))) &&
              EVP_DigestSignInit(md, &pctx, sm2 ? EVP_sm3() : EVP_sha256(), NULL, signer) == 1 &&
              (!sm2 || EVP_PKEY_CTX_set1_id(pctx, "1234567812345678", 16) == 1) && X509_sign_ctx(x, md) > 0 &&
              i2d_X509(x, NULL) <= (int)sizeof p->der;
    if (ok)
        p->der_len = (size_t)i2d_X509(x, &out);
    EVP_MD_CTX_free(md);
    X509_NAME_free(name);
    if (!ok) {
        X509_free(x);
        return false;
    }
    p->cert = x;
    return true;
}

bool fixture_party_new(fixture_party *p, const char *type, const char *cn, const fixture_party *issuer,
                       int64_t not_before, int64_t not_after, bool ca)
{
    memset(p, 0, sizeof *p);
    return (p->key = fixture_key(type)) != NULL && fixture_certify(p, cn, issuer, not_before, not_after, ca);
}

void fixture_party_free(fixture_party *p)
{
    X509_free(p->cert);
    EVP_PKEY_free(p->key);
    memset(p, 0, sizeof *p);
}
