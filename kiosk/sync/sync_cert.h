/*
 * sync_cert.h - taking in what the upstream issued for a job, whether it came
 * with the status changes or as the answer to the job's CSR: a certificate,
 * the seal bound to it, or (印章升级, 印章续期) a seal alone. The kiosk checks
 * before it keeps anything:
 *   - a certificate must be one, and its public key must be the one
 *     generated on the customer's USB Key for this job; serial and validity
 *     are read from the certificate itself, not from the fields around it;
 *   - a seal must decode, be signed by its maker, be certified by the seal
 *     maker CA ([seal] maker_ca, when set), be valid now and be bound to the
 *     job's certificate (the new one, or for a seal-only job the holder's
 *     current one recorded when the job was made). A seal that fails is
 *     never kept, so it can never be written or shown as valid.
 */
#ifndef CK_SYNC_CERT_H
#define CK_SYNC_CERT_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "store.h"
#include "sync_parse.h"

/*
 * Records what was issued and moves the job to issued, in one transaction.
 * CK_OK also when the job already holds exactly this.
 * CK_E_CERT_MISMATCH: not a certificate, not for the job's key, or missing
 * where the service issues one. CK_E_SEAL: the seal fails a check, or is
 * missing where the service issues one (d says which). CK_E_CONFIG: the seal
 * maker CA file cannot be read.
 */
ck_err sync_cert_accept(ck_store *st, const ck_config *cfg, const char *uuid, const sync_issued *is, int64_t now,
                        ck_diag *d);

#endif
