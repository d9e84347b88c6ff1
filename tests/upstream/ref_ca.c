/*
 * ref_ca.c - the reference upstream's issuing CA, in OpenSSL and nothing
 * else (no database, no HTTP): checking a customer's CSR, signing an end-entity
 * certificate whose subject the upstream builds from the job, and the CRL.
 * ref_certs.c decides what to sign and records it.
 */
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ref.h"

/* GM/T 0009's default SM2 signer id, used by SM2 CSRs that name no other. */
#define SM2_DEFAULT_ID "1234567812345678"

char *ref_base64(const unsigned char *data, size_t len)
{
    char *out;
    if (len > 0x3fffffff || (out = malloc(4 * ((len + 2) / 3) + 1)) == NULL)
        return NULL;
    EVP_EncodeBlock((unsigned char *)out, data, (int)len);
    return out;
}

void ref_ca_free(struct ref_ca *ca)
{
    X509_free(ca->cert);
    EVP_PKEY_free(ca->key);
    free(ca->chain_b64);
    *ca = (struct ref_ca){0};
}

bool ref_ca_load(struct ref_ca *ca, const char *cert_path, const char *key_path)
{
    BIO *b = NULL;
    unsigned char *der = NULL;
    int len;
    bool ok = false;
    if ((b = BIO_new_file(cert_path, "r")) == NULL || (ca->cert = PEM_read_bio_X509(b, NULL, NULL, NULL)) == NULL)
        goto done;
    BIO_free(b);
    if ((b = BIO_new_file(key_path, "r")) == NULL || (ca->key = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL)) == NULL ||
        X509_check_private_key(ca->cert, ca->key) != 1)
        goto done;
    if ((len = i2d_X509(ca->cert, &der)) <= 0 || (ca->chain_b64 = ref_base64(der, (size_t)len)) == NULL)
        goto done;
    ok = true;
done:
    BIO_free(b);
    OPENSSL_free(der);
    if (!ok) {
        fprintf(stderr, "upstream_ref: cannot load the issuing CA from %s and %s\n", cert_path, key_path);
        ERR_print_errors_fp(stderr);
        ref_ca_free(ca);
    }
    return ok;
}

/* RFC 5280 CRLReason codes. */
static int reason_code(const char *reason)
{
    if (strcmp(reason, "key_lost") == 0)
        return 1; /* keyCompromise */
    if (strcmp(reason, "superseded") == 0)
        return 4;
    if (strcmp(reason, "cessation") == 0)
        return 5; /* cessationOfOperation */
    return -1;
}

bool ref_ca_reason_valid(const char *reason) { return reason != NULL && reason_code(reason) >= 0; }

/* The CSR's self-signature; SM2 CSRs signed with the standard's default id are accepted too. */
static bool csr_signed(X509_REQ *req, EVP_PKEY *pub)
{
    ASN1_OCTET_STRING *id;
    if (X509_REQ_verify(req, pub) == 1)
        return true;
    ERR_clear_error();
    if (!EVP_PKEY_is_a(pub, "SM2") || (id = ASN1_OCTET_STRING_new()) == NULL)
        return false;
    if (ASN1_OCTET_STRING_set(id, (const unsigned char *)SM2_DEFAULT_ID, (int)strlen(SM2_DEFAULT_ID)) != 1) {
        ASN1_OCTET_STRING_free(id);
        return false;
    }
    X509_REQ_set0_distinguishing_id(req, id); /* req owns it */
    if (X509_REQ_verify(req, pub) == 1)
        return true;
    ERR_clear_error();
    return false;
}

/* Every CN of the CSR's subject, if it has any, must be cn. */
static ref_ca_rc subject_fits(X509_REQ *req, const char *cn)
{
    const X509_NAME *name = X509_REQ_get_subject_name(req);
    int i = -1;
    while ((i = X509_NAME_get_index_by_NID(name, NID_commonName, i)) >= 0) {
        unsigned char *utf8 = NULL;
        int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
        bool same = len >= 0 && (size_t)len == strlen(cn) && memcmp(utf8, cn, (size_t)len) == 0;
        OPENSSL_free(utf8);
        if (len < 0)
            return REF_CA_BAD_CSR;
        if (!same)
            return REF_CA_SUBJECT_MISMATCH;
    }
    return REF_CA_OK;
}

ref_ca_rc ref_ca_check_csr(const char *pem, const char *cn, X509_REQ **out, char sha[65])
{
    size_t n = strlen(pem);
    BIO *b;
    X509_REQ *req = NULL;
    EVP_PKEY *pub;
    unsigned char *der = NULL;
    int len;
    ref_ca_rc rc = REF_CA_BAD_CSR;
    *out = NULL;
    if (n == 0 || n > REF_MAX_CSR)
        return REF_CA_BAD_CSR;
    if ((b = BIO_new_mem_buf(pem, (int)n)) == NULL)
        return REF_CA_FAILED;
    req = PEM_read_bio_X509_REQ(b, NULL, NULL, NULL);
    BIO_free(b);
    if (req == NULL || (pub = X509_REQ_get0_pubkey(req)) == NULL || !csr_signed(req, pub))
        goto done;
    if ((rc = subject_fits(req, cn)) != REF_CA_OK)
        goto done;
    /* The DER, not the PEM: the same request re-wrapped is the same request. */
    if ((len = i2d_X509_REQ(req, &der)) <= 0 || !ref_sha256_hex(der, (size_t)len, sha)) {
        rc = REF_CA_FAILED;
        goto done;
    }
    *out = req;
    req = NULL;
done:
    ERR_clear_error();
    OPENSSL_free(der);
    X509_REQ_free(req);
    return rc;
}

/* UTF8String entries, whatever OpenSSL's string table would choose (serialNumber would be PrintableString). */
static bool add_entry(X509_NAME *name, int nid, const char *value)
{
    return value == NULL ||
           X509_NAME_add_entry_by_NID(name, nid, V_ASN1_UTF8STRING, (const unsigned char *)value, -1, -1, 0) == 1;
}

static bool add_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value)
{
    X509_EXTENSION *ext = X509V3_EXT_nconf_nid(NULL, ctx, nid, value);
    bool ok = ext != NULL && X509_add_ext(x, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

void ref_issued_free(ref_issued *is)
{
    OPENSSL_free(is->der);
    *is = (ref_issued){0};
}

ref_ca_rc ref_ca_issue(const struct ref_ca *ca, X509_REQ *req, const ref_subject *s, int64_t not_before,
                       int64_t not_after, const char *crl_url, ref_issued *out)
{
    unsigned char rnd[16], *der = NULL;
    BIGNUM *bn = NULL;
    ASN1_INTEGER *sn = NULL;
    X509 *x = NULL;
    X509_NAME *name = NULL;
    X509V3_CTX ctx;
    char *hex = NULL, dp[REF_MAX_URL + 8];
    int len;
    bool ok = false;
    *out = (ref_issued){0};
    /* Random, positive, exactly 16 bytes: the top bit clear, the next one set. */
    if (!ref_random(rnd, sizeof rnd))
        goto done;
    rnd[0] = (unsigned char)((rnd[0] & 0x3f) | 0x40);
    snprintf(dp, sizeof dp, "URI:%s", crl_url);
    if ((bn = BN_bin2bn(rnd, sizeof rnd, NULL)) == NULL || (sn = BN_to_ASN1_INTEGER(bn, NULL)) == NULL ||
        (hex = BN_bn2hex(bn)) == NULL || strlen(hex) >= sizeof out->serial || (x = X509_new()) == NULL ||
        (name = X509_NAME_new()) == NULL)
        goto done;
    if (!add_entry(name, NID_commonName, s->cn) || !add_entry(name, NID_organizationName, s->org) ||
        !add_entry(name, NID_serialNumber, s->serial_number))
        goto done;
    if (X509_set_version(x, X509_VERSION_3) != 1 || X509_set_serialNumber(x, sn) != 1 ||
        X509_set_subject_name(x, name) != 1 || X509_set_issuer_name(x, X509_get_subject_name(ca->cert)) != 1 ||
        ASN1_TIME_set(X509_getm_notBefore(x), (time_t)not_before) == NULL ||
        ASN1_TIME_set(X509_getm_notAfter(x), (time_t)not_after) == NULL ||
        X509_set_pubkey(x, X509_REQ_get0_pubkey(req)) != 1)
        goto done;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, ca->cert, x, NULL, NULL, 0);
    if (!add_ext(x, &ctx, NID_basic_constraints, "critical,CA:FALSE") ||
        !add_ext(x, &ctx, NID_key_usage, "critical,digitalSignature,nonRepudiation") ||
        !add_ext(x, &ctx, NID_subject_key_identifier, "hash") ||
        !add_ext(x, &ctx, NID_authority_key_identifier, "keyid,issuer") ||
        !add_ext(x, &ctx, NID_crl_distribution_points, dp))
        goto done;
    if (X509_sign(x, ca->key, EVP_sha256()) <= 0 || (len = i2d_X509(x, &der)) <= 0)
        goto done;
    out->der = der, out->der_len = (size_t)len;
    der = NULL;
    snprintf(out->serial, sizeof out->serial, "%s", hex);
    out->not_before = not_before, out->not_after = not_after;
    ok = true;
done:
    if (!ok) {
        fprintf(stderr, "upstream_ref: signing failed\n");
        ERR_print_errors_fp(stderr);
    }
    OPENSSL_free(der);
    OPENSSL_free(hex);
    X509_NAME_free(name);
    X509_free(x);
    ASN1_INTEGER_free(sn);
    BN_free(bn);
    return ok ? REF_CA_OK : REF_CA_FAILED;
}

/* One CRL entry: serial, date, reason. false leaves nothing added. */
static bool add_revoked(X509_CRL *crl, const ref_revoked *r)
{
    X509_REVOKED *rev = X509_REVOKED_new();
    BIGNUM *bn = NULL;
    ASN1_INTEGER *sn = NULL;
    ASN1_TIME *at = NULL;
    ASN1_ENUMERATED *why = ASN1_ENUMERATED_new();
    int code = reason_code(r->reason);
    bool ok = rev != NULL && why != NULL && code >= 0 && BN_hex2bn(&bn, r->serial) > 0 &&
              (sn = BN_to_ASN1_INTEGER(bn, NULL)) != NULL && (at = ASN1_TIME_set(NULL, (time_t)r->at)) != NULL &&
              X509_REVOKED_set_serialNumber(rev, sn) == 1 && X509_REVOKED_set_revocationDate(rev, at) == 1 &&
              ASN1_ENUMERATED_set(why, code) == 1 && X509_REVOKED_add1_ext_i2d(rev, NID_crl_reason, why, 0, 0) == 1 &&
              X509_CRL_add0_revoked(crl, rev) == 1;
    if (!ok)
        X509_REVOKED_free(rev); /* on success the CRL owns it */
    ASN1_ENUMERATED_free(why);
    ASN1_TIME_free(at);
    ASN1_INTEGER_free(sn);
    BN_free(bn);
    return ok;
}

bool ref_ca_crl(const struct ref_ca *ca, const ref_revoked *list, size_t n, int64_t crl_number, int64_t now,
                unsigned char **der, size_t *der_len)
{
    X509_CRL *crl = X509_CRL_new();
    ASN1_TIME *t = NULL;
    ASN1_INTEGER *num = ASN1_INTEGER_new();
    X509_EXTENSION *aki = NULL;
    X509V3_CTX ctx;
    int len;
    bool ok = false;
    *der = NULL, *der_len = 0;
    if (crl == NULL || num == NULL || X509_CRL_set_version(crl, X509_CRL_VERSION_2) != 1 ||
        X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca->cert)) != 1 ||
        (t = ASN1_TIME_set(NULL, (time_t)now)) == NULL || X509_CRL_set1_lastUpdate(crl, t) != 1 ||
        ASN1_TIME_set(t, (time_t)(now + 86400)) == NULL || X509_CRL_set1_nextUpdate(crl, t) != 1)
        goto done;
    for (size_t i = 0; i < n; i++)
        if (!add_revoked(crl, &list[i]))
            goto done;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, ca->cert, NULL, NULL, crl, 0);
    if (ASN1_INTEGER_set_int64(num, crl_number) != 1 || X509_CRL_add1_ext_i2d(crl, NID_crl_number, num, 0, 0) != 1 ||
        (aki = X509V3_EXT_nconf_nid(NULL, &ctx, NID_authority_key_identifier, "keyid,issuer")) == NULL ||
        X509_CRL_add_ext(crl, aki, -1) != 1 || X509_CRL_sort(crl) != 1 ||
        X509_CRL_sign(crl, ca->key, EVP_sha256()) <= 0 || (len = i2d_X509_CRL(crl, der)) <= 0)
        goto done;
    *der_len = (size_t)len;
    ok = true;
done:
    if (!ok) {
        fprintf(stderr, "upstream_ref: the CRL could not be made\n");
        ERR_print_errors_fp(stderr);
    }
    X509_EXTENSION_free(aki);
    ASN1_INTEGER_free(num);
    ASN1_TIME_free(t);
    X509_CRL_free(crl);
    return ok;
}
