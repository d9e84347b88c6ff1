/*
 * sync_pay.h - WeChat Native payment through the upstream, which is the
 * merchant (the kiosk holds no merchant keys): an order is made from the
 * job's quote and its code_url is shown as a QR code; the order is then
 * polled, with backoff, until it is paid, closed or expired. A job becomes
 * paid only on the upstream's confirmation (or a clerk's window payment,
 * store_payment_record). A customer who cancels has the order closed; a
 * "paid" that arrives after all that is still booked, flagged for refund.
 * Every order is in the store, so polling and closing resume after a restart.
 * Blocking: the sync worker's (the screen shows the stored order).
 */
#ifndef CK_SYNC_PAY_H
#define CK_SYNC_PAY_H

#include "config.h"
#include "store.h"

#define PAY_POLL_BASE_MS 2000
#define PAY_POLL_CAP_MS  15000

/*
 * Starts, or resumes, paying for a job awaiting payment: its open order when
 * it has one that has not expired, else a new one from the upstream.
 * CK_E_UPSTREAM when the upstream cannot be reached (the customer may pay at
 * the window), CK_E_UPSTREAM_REFUSED with its reason, CK_E_AMOUNT_MISMATCH
 * when the order is not for the job's quote.
 */
ck_err sync_pay_start(ck_store *st, const ck_config *cfg, const char *uuid, int64_t now, ck_pay_order *out, ck_diag *d);

typedef struct ck_pay_result {
    ck_order_state state; /* where the order stands after the check */
    int64_t receipt_no;   /* paid: the receipt number (0 when late) */
    bool refund_due;      /* paid after the job was cancelled or expired */
} ck_pay_result;

/*
 * Asks the upstream about one order and records the answer: paid (payment,
 * job paid, receipt), closed, or still open (next poll after a backoff); an
 * open order past its expiry, or one being closed, is closed upstream.
 */
ck_err sync_pay_check(ck_store *st, const ck_config *cfg, const ck_pay_order *o, int64_t now, ck_pay_result *out,
                      ck_diag *d);

/* The customer cancelled: the job is cancelled and its open order closed (now, or by a later round). */
ck_err sync_pay_cancel(ck_store *st, const ck_config *cfg, const char *uuid, int64_t now, ck_diag *d);

/* The worker's round: every order due for a check. *checked counts them; errors go to last_error. */
ck_err sync_pay_round(ck_store *st, const ck_config *cfg, int64_t now, int *checked, ck_diag *d);

#endif
