/*
 * sync_cert.h - taking in a certificate the upstream issued for a job,
 * whether it came with the status changes or as the answer to the job's CSR.
 * The kiosk checks before it keeps it: it must be a certificate, and its
 * public key must be the one generated on the customer's USB Key for this
 * job; serial and validity are read from the certificate itself, not from
 * the fields around it.
 */
#ifndef CK_SYNC_CERT_H
#define CK_SYNC_CERT_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/*
 * Records der as the job's certificate and moves the job to issued.
 * CK_OK also when the job already holds this very certificate.
 * CK_E_CERT_MISMATCH when it is not a certificate or not for the job's key.
 */
ck_err sync_cert_accept(ck_store *st, const char *uuid, const uint8_t *der, size_t len, int64_t now, ck_diag *d);

#endif
