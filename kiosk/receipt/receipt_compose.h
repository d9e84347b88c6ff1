/*
 * receipt_compose.h - what a fee receipt (收费凭据) says, laid out for a
 * paper width: the CA, kiosk and window, the gapless receipt number, date and
 * time, the service and holder (personal numbers masked), the fee lines and
 * total in yuan, how it was paid, the job number, a QR code for the job's
 * status and electronic-invoice lookup, and the CA's notice that the invoice
 * goes to the applicant's phone. A reprint says 重印 and which one it is.
 * No I/O: the caller gathers the data from the store and config.
 */
#ifndef CK_RECEIPT_COMPOSE_H
#define CK_RECEIPT_COMPOSE_H

#include <stdint.h>

#include "fees.h"
#include "receipt_doc.h"

typedef struct receipt_data {
    const char *ca_name, *kiosk_id, *window_id;
    int64_t number;    /* the receipt number */
    int64_t issued_at; /* seconds since the epoch */
    int32_t utc_offset_s;
    const ck_quote *quote;                        /* service, holder, term, seals, lines and total */
    const char *org_name;                         /* "" for an expert */
    const char *person_name, *id_number, *mobile; /* personal: printed masked; "" when purged */
    const char *method;                           /* "wechat", "cash" or "pos" */
    const char *transaction_id;                   /* WeChat's, or "" */
    const char *job_uuid;
    const char *lookup_url; /* the job's status and e-invoice page (the QR code); "" for none */
    int reprint;            /* 0: the original; N: the Nth reprint */
} receipt_data;

/* Lays the receipt out for `columns` (32 or 48). CK_E_RANGE if it does not fit the model. */
ck_err receipt_compose(const receipt_data *r, int columns, receipt_doc *doc, ck_diag *d);

/*
 * The lookup URL for a job: tmpl with "{job}" replaced by the UUID (config
 * [receipt] lookup_url). "" when tmpl is empty or the result does not fit.
 */
void receipt_lookup_url(const char *tmpl, const char *job_uuid, char *out, size_t cap);

#endif
