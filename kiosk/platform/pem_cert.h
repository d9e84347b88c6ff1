/*
 * pem_cert.h - a trust anchor read from a PEM file (the CA that certifies
 * the upstream's seal makers, [seal] maker_ca), handed on as DER so that the
 * code checking against it does no file I/O of its own.
 */
#ifndef CK_PLATFORM_PEM_CERT_H
#define CK_PLATFORM_PEM_CERT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define PEM_CERT_DER_MAX 4096

/*
 * The first certificate in the PEM file at path, as DER in der[PEM_CERT_DER_MAX].
 * CK_E_CONFIG, d naming the file, when it cannot be read or holds no certificate.
 */
ck_err pem_cert_read(const char *path, uint8_t der[PEM_CERT_DER_MAX], size_t *len, ck_diag *d);

#endif
