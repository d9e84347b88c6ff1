/* sync_cert.c - checking and keeping an issued certificate (see sync_cert.h). */
#include "sync_cert.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool to_unix(const ASN1_TIME *t, int64_t *out)
{
    struct tm tm;
    if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
        return false;
    *out = (int64_t)timegm(&tm);
    return true;
}

/* true when the certificate's SubjectPublicKeyInfo is byte for byte the job's. */
static bool same_key(X509 *x, const ck_job_key *k)
{
    unsigned char *spki = NULL;
    int n = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &spki);
    bool same = n > 0 && (size_t)n == k->public_key_len && memcmp(spki, k->public_key, (size_t)n) == 0;
    OPENSSL_free(spki);
    return same;
}

ck_err sync_cert_accept(ck_store *st, const char *uuid, const uint8_t *der, size_t len, int64_t now, ck_diag *d)
{
    const unsigned char *p = der;
    X509 *x = len > 0 && len <= sizeof((ck_job_key *)0)->cert ? d2i_X509(NULL, &p, (long)len) : NULL;
    ck_job_key *k = calloc(1, sizeof *k);
    BIGNUM *bn = NULL;
    char *hex = NULL;
    int64_t not_before = 0, not_after = 0;
    ck_err rc;
    if (k == NULL) {
        rc = CK_E_NOMEM;
        goto cleanup;
    }
    if (x == NULL || p != der + len) {
        rc = ck_diag_fail(d, CK_E_CERT_MISMATCH, "上级系统发来的证书无法解析",
                          "the upstream sent something that is "
                          "not a certificate");
        goto cleanup;
    }
    if ((rc = store_job_key_get(st, uuid, k, d)) != CK_OK)
        goto cleanup;
    /* Seen before (the answer to the CSR and the change feed both carry it): nothing more to do. */
    if (k->cert_len == len && memcmp(k->cert, der, len) == 0)
        goto cleanup;
    if (!same_key(x, k)) {
        rc = ck_diag_fail(d, CK_E_CERT_MISMATCH, "证书的公钥与本业务在USB Key上生成的密钥不符",
                          "the certificate's public key is not the one generated on the USB Key for this job");
        goto cleanup;
    }
    if ((bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL)) == NULL || (hex = BN_bn2hex(bn)) == NULL ||
        strlen(hex) >= sizeof((ck_job *)0)->cert_serial || !to_unix(X509_get0_notBefore(x), &not_before) ||
        !to_unix(X509_get0_notAfter(x), &not_after) || not_after <= not_before) {
        rc = ck_diag_fail(d, CK_E_CERT_MISMATCH, "证书的序列号或有效期无法读取",
                          "the certificate's serial number or validity cannot be read");
        goto cleanup;
    }
    rc = store_job_record_cert(st, uuid, der, len, NULL, 0, hex, not_before, not_after, now, d);
cleanup:
    OPENSSL_free(hex);
    BN_free(bn);
    X509_free(x);
    free(k);
    return rc;
}
