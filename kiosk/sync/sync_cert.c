/* sync_cert.c - checking and keeping what the upstream issued (see sync_cert.h). */
#include "sync_cert.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pem_cert.h"
#include "seal_check.h"

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

/* What the store keeps of a new certificate, read from the certificate itself. */
struct cert_facts {
    char serial[80];
    int64_t not_before, not_after;
};

static ck_err check_cert(const sync_issued *is, const ck_job_key *k, struct cert_facts *out, ck_diag *d)
{
    const unsigned char *p = is->cert;
    X509 *x = is->cert_len <= sizeof k->cert ? d2i_X509(NULL, &p, (long)is->cert_len) : NULL;
    BIGNUM *bn = NULL;
    char *hex = NULL;
    ck_err rc = CK_OK;
    if (x == NULL || p != is->cert + is->cert_len)
        rc = ck_diag_fail(d, CK_E_CERT_MISMATCH, "上级系统发来的证书无法解析",
                          "the upstream sent something that is not a certificate");
    else if (!same_key(x, k))
        rc = ck_diag_fail(d, CK_E_CERT_MISMATCH, "证书的公钥与本业务在USB Key上生成的密钥不符",
                          "the certificate's public key is not the one generated on the USB Key for this job");
    else if ((bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL)) == NULL || (hex = BN_bn2hex(bn)) == NULL ||
             strlen(hex) >= sizeof out->serial || !to_unix(X509_get0_notBefore(x), &out->not_before) ||
             !to_unix(X509_get0_notAfter(x), &out->not_after) || out->not_after <= out->not_before)
        rc = ck_diag_fail(d, CK_E_CERT_MISMATCH, "证书的序列号或有效期无法读取",
                          "the certificate's serial number or validity cannot be read");
    else
        memcpy(out->serial, hex, strlen(hex) + 1);
    OPENSSL_free(hex);
    BN_free(bn);
    X509_free(x);
    return rc;
}

/* The seal, checked against the certificate it must be bound to and the maker CA. */
static ck_err check_seal(const ck_config *cfg, const sync_issued *is, const uint8_t *cert, size_t cert_len,
                         int64_t now, ck_diag *d)
{
    uint8_t *ca = NULL;
    size_t ca_len = 0;
    seal_verdict v;
    ck_err rc = CK_OK;
    if (cert_len == 0)
        return ck_diag_fail(d, CK_E_SEAL, "没有可绑定印章的证书", "there is no certificate to bind the seal to");
    if (cfg->seal_maker_ca[0] != '\0') {
        if ((ca = malloc(PEM_CERT_DER_MAX)) == NULL)
            return CK_E_NOMEM;
        rc = pem_cert_read(cfg->seal_maker_ca, ca, &ca_len, d);
    }
    if (rc == CK_OK)
        rc = seal_check(is->seal, is->seal_len, cert, cert_len, ca, ca_len, now, NULL, &v, d);
    free(ca);
    return rc;
}

ck_err sync_cert_accept(ck_store *st, const ck_config *cfg, const char *uuid, const sync_issued *is, int64_t now,
                        ck_diag *d)
{
    ck_job_key *k = calloc(1, sizeof *k);
    struct cert_facts facts = {"", 0, 0};
    ck_job job;
    ck_err rc = k != NULL ? CK_OK : CK_E_NOMEM;
    bool issues_cert, issues_seal;
    if (rc == CK_OK)
        rc = store_job_get(st, uuid, &job, d);
    if (rc == CK_OK)
        rc = store_job_key_get(st, uuid, k, d);
    if (rc != CK_OK)
        goto cleanup;
    issues_cert = services_has(job.service, SVC_F_ISSUES_CERT);
    issues_seal = services_has(job.service, SVC_F_ISSUES_SEAL);
    /*
     * Seen before (the answer to the CSR and the change feed both carry it,
     * and the feed is read again after a crash), perhaps already written to
     * the key since: nothing more to do.
     */
    if (is->cert_len > 0 ? k->cert_len == is->cert_len && memcmp(k->cert, is->cert, is->cert_len) == 0
                         : k->seal_len == is->seal_len && memcmp(k->seal, is->seal, is->seal_len) == 0)
        goto cleanup;
    if (issues_cert && is->cert_len == 0) {
        rc = ck_diag_fail(d, CK_E_CERT_MISMATCH, "上级系统没有发来本业务的证书",
                          "the upstream sent no certificate for a job that issues one");
        goto cleanup;
    }
    if (!issues_cert && is->cert_len > 0) {
        rc = ck_diag_fail(d, CK_E_CERT_MISMATCH, "本业务不签发新证书，上级系统却发来了证书",
                          "the upstream sent a certificate for a job that issues none");
        goto cleanup;
    }
    if (issues_seal && is->seal_len == 0) {
        rc = ck_diag_fail(d, CK_E_SEAL, "上级系统没有发来本业务的电子印章",
                          "the upstream sent no seal for a job that issues one");
        goto cleanup;
    }
    if (issues_cert && (rc = check_cert(is, k, &facts, d)) != CK_OK)
        goto cleanup;
    /* A new certificate binds its seal; a seal-only job's seal binds the holder's current certificate. */
    if (is->seal_len > 0 &&
        (rc = issues_cert ? check_seal(cfg, is, is->cert, is->cert_len, now, d)
                          : check_seal(cfg, is, k->cert, k->cert_len, now, d)) != CK_OK)
        goto cleanup;
    if (issues_cert)
        rc = store_job_record_cert(st, uuid, is->cert, is->cert_len, is->seal_len > 0 ? is->seal : NULL,
                                   is->seal_len, facts.serial, facts.not_before, facts.not_after, now, d);
    else
        rc = store_job_record_seal(st, uuid, is->seal, is->seal_len, now, d);
cleanup:
    free(k);
    return rc;
}
