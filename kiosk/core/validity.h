/*
 * validity.h - the validity period of a certificate (and its seal) issued by
 * a service, as the kiosk expects the CA to issue it and as the reference
 * upstream signs it.
 *
 * A term ends at the end of the local day of its anniversary: issued on
 * 2026-11-25 for one year, valid to 2027-11-25 23:59:59 local time. A renewal
 * made before expiry continues from the old notAfter, so renewing early costs
 * the customer no days; one made after expiry starts today. Change and
 * replacement keep the old notAfter. The seal always ends with the certificate.
 */
#ifndef CK_CORE_VALIDITY_H
#define CK_CORE_VALIDITY_H

#include <stdint.h>

#include "eligibility.h"
#include "error.h"
#include "services.h"

typedef struct ck_validity {
    int64_t not_before; /* seconds since the epoch, UTC */
    int64_t not_after;
} ck_validity;

/*
 * The certificate validity for service s issued at `now`. years is used by
 * new and renew (1..FEES_MAX_YEARS); old is needed by renew, change, replace,
 * seal-upgrade and seal-renew. CK_E_ARG for services that issue nothing,
 * CK_E_RANGE for a bad term, CK_E_NOT_ELIGIBLE when old is missing.
 * For the seal services the result is the seal's validity (the certificate's).
 */
ck_err validity_for_service(ck_service s, int years, const ck_cert_state *old, int64_t now, int32_t utc_offset_s,
                            ck_validity *out);

#endif
