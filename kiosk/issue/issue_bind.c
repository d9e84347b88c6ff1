/*
 * issue_bind.c - for a seal-only job (印章升级, 印章续期): the key's current
 * signing certificate, recorded as the one its new seal is to be bound to
 * (see issue_key.h).
 */
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <time.h>

#include "issue_key.h"

ck_err issue_bind_key(ck_store *st, ck_token *t, const char *uuid, int64_t now, ck_diag *d)
{
    uint8_t *der = malloc(TOKEN_MAX_OBJECT);
    size_t len = 0;
    const unsigned char *p;
    X509 *x = NULL;
    BIGNUM *bn = NULL;
    char *hex = NULL;
    struct tm nb, na;
    ck_err rc = der != NULL ? t->ops->read_cert(t, TOKEN_SLOT_SIGN, der, TOKEN_MAX_OBJECT, &len, d) : CK_E_NOMEM;
    if (rc == CK_E_NOT_FOUND)
        rc = ck_diag_fail(d, CK_E_NOT_ELIGIBLE, "USB Key中没有证书，无法办理印章业务",
                          "there is no certificate on the USB Key, so no seal can be bound to it");
    if (rc == CK_OK) {
        p = der;
        x = d2i_X509(NULL, &p, (long)len);
        if (x == NULL || (bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL)) == NULL ||
            (hex = BN_bn2hex(bn)) == NULL || ASN1_TIME_to_tm(X509_get0_notBefore(x), &nb) != 1 ||
            ASN1_TIME_to_tm(X509_get0_notAfter(x), &na) != 1)
            rc = ck_diag_fail(d, CK_E_TOKEN_COMM, "USB Key中的证书无法解析", "the certificate on the key cannot be read");
    }
    if (rc == CK_OK)
        rc = store_job_record_bound_cert(st, uuid, der, len, hex, (int64_t)timegm(&nb), (int64_t)timegm(&na), now, d);
    OPENSSL_free(hex);
    BN_free(bn);
    X509_free(x);
    free(der);
    return rc;
}
