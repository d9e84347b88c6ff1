/*
 * eligibility.h - may this holder have this service today, and if not, why
 * and from when. Days are counted on the kiosk's local calendar: a
 * certificate's "days left" is the number of days from today to the local
 * date of its notAfter.
 *
 *   renew        from 60 days before notAfter, and after expiry
 *   seal-upgrade needs >= 60 days of validity left ("renew first")
 *   seal-renew   needs a valid certificate and a seal ending before it
 *   change, replace need a certificate still valid (they keep its notAfter)
 *   revoke       needs a certificate neither expired nor already revoked
 */
#ifndef CK_CORE_ELIGIBILITY_H
#define CK_CORE_ELIGIBILITY_H

#include <stdbool.h>
#include <stdint.h>

#include "date.h"
#include "error.h"
#include "holder.h"
#include "services.h"

#define ELIG_RENEW_WINDOW_DAYS     60
#define ELIG_SEAL_UPGRADE_MIN_DAYS 60

/* What the kiosk knows of the holder's current certificate and seal. */
typedef struct ck_cert_state {
    bool present; /* a certificate exists (read from the key or the CA's records) */
    bool revoked;
    int64_t not_after; /* seconds since the epoch, UTC */
    bool seal_present;
    int64_t seal_not_after; /* meaningful when seal_present */
} ck_cert_state;

typedef enum ck_elig_reason {
    ELIG_OK = 0,
    ELIG_HOLDER,          /* the holder kind may not apply */
    ELIG_NO_CERT,         /* the service needs an existing certificate */
    ELIG_TOO_EARLY,       /* renewal before the 60-day window (first_possible says when) */
    ELIG_EXPIRED,         /* the certificate has expired: renew instead */
    ELIG_REVOKED,         /* the certificate is revoked */
    ELIG_TOO_LITTLE_LEFT, /* seal upgrade with < 60 days left: renew first */
    ELIG_NO_SEAL,         /* seal renewal without a seal: upgrade instead */
    ELIG_SEAL_CURRENT,    /* the seal already lasts as long as the certificate */
    ELIG__COUNT
} ck_elig_reason;

typedef struct ck_eligibility {
    ck_elig_reason reason;  /* ELIG_OK when allowed */
    bool has_days_left;     /* a certificate was given */
    int64_t days_left;      /* local date of notAfter minus today (negative once past) */
    bool expired;           /* now >= notAfter */
    ck_date not_after_date; /* local date of notAfter */
    ck_date first_possible; /* ELIG_TOO_EARLY: the first local date it becomes possible */
    ck_diag msg;            /* why not, with what to do; for ELIG_OK a short confirmation */
} ck_eligibility;

const char *eligibility_reason_code(ck_elig_reason r);

/*
 * Fills *out. Returns CK_OK when allowed, CK_E_HOLDER_NOT_ALLOWED or
 * CK_E_NOT_ELIGIBLE when not (out->reason and out->msg say why), CK_E_ARG on
 * NULL pointers or an invalid service/holder. cert may be NULL (no certificate).
 */
ck_err eligibility_check(ck_service s, ck_holder_kind k, const ck_cert_state *cert, int64_t now, int32_t utc_offset_s,
                         ck_eligibility *out);

#endif
