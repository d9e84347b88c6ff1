/* validity.c - validity periods; see validity.h for the rules. */
#include "validity.h"

#include "date.h"
#include "fees.h"

/* 23:59:59 local time on date. */
static int64_t end_of_day(ck_date date, int32_t off) { return date_to_unix(date, off) + 86400 - 1; }

ck_err validity_for_service(ck_service s, int years, const ck_cert_state *old, int64_t now, int32_t utc_offset_s,
                            ck_validity *out)
{
    ck_date today;
    if (out == NULL || s < 0 || s >= SVC__COUNT)
        return CK_E_ARG;
    today = date_from_unix(now, utc_offset_s);
    out->not_before = now;
    if (services_has(s, SVC_F_TERM) && s != SVC_SEAL_RENEW && (years < 1 || years > FEES_MAX_YEARS))
        return CK_E_RANGE;
    if (s != SVC_NEW && (old == NULL || !old->present))
        return CK_E_NOT_ELIGIBLE;
    switch (s) {
    case SVC_NEW: out->not_after = end_of_day(date_add_years(today, years), utc_offset_s); return CK_OK;
    case SVC_RENEW:
        if (now < old->not_after)
            out->not_after =
                end_of_day(date_add_years(date_from_unix(old->not_after, utc_offset_s), years), utc_offset_s);
        else
            out->not_after = end_of_day(date_add_years(today, years), utc_offset_s);
        return CK_OK;
    case SVC_CHANGE:
    case SVC_REPLACE:
    case SVC_SEAL_UPGRADE:
    case SVC_SEAL_RENEW: out->not_after = old->not_after; return CK_OK;
    case SVC_REVOKE:
    case SVC_PIN_CHANGE:
    case SVC_UNLOCK:
    case SVC__COUNT: break;
    }
    return CK_E_ARG;
}
