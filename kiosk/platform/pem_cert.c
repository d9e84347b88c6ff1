/* pem_cert.c - the first certificate of a PEM file, as DER (see pem_cert.h). */
#include "pem_cert.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>

ck_err pem_cert_read(const char *path, uint8_t der[PEM_CERT_DER_MAX], size_t *len, ck_diag *d)
{
    FILE *f = fopen(path, "r");
    X509 *x = f != NULL ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
    int n = x != NULL ? i2d_X509(x, NULL) : -1;
    unsigned char *p = der;
    ck_err rc = CK_OK;
    *len = 0;
    if (f == NULL)
        rc = ck_diag_fail(d, CK_E_CONFIG, "无法读取证书文件 %s", "cannot read the certificate file %s", path);
    else if (x == NULL || n <= 0 || n > PEM_CERT_DER_MAX || i2d_X509(x, &p) != n)
        rc = ck_diag_fail(d, CK_E_CONFIG, "证书文件 %s 中没有可用的证书", "%s holds no usable PEM certificate", path);
    else
        *len = (size_t)n;
    X509_free(x);
    if (f != NULL)
        fclose(f);
    return rc;
}
