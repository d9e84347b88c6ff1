/*
 * print_receipt.h - a job's fee receipt from the store to paper: the data
 * gathered (receipt, payment, job, quote, config), laid out
 * (receipt_compose.h), encoded (escpos.h) and sent to the configured printer
 * after asking its status. Every attempt is recorded in the store; a failed
 * one leaves the receipt in the clerk's reprint queue and never blocks the
 * job. Anything that may have reached paper counts as printed, so no copy
 * is ever printed twice without saying 重印. Blocking (printer time-outs):
 * the kiosk runs it on a worker thread.
 */
#ifndef CK_PRINT_RECEIPT_H
#define CK_PRINT_RECEIPT_H

#include <stdbool.h>

#include "config.h"
#include "escpos.h"
#include "print_job.h" /* print_result */
#include "receipt_doc.h"
#include "store.h"

/*
 * Lays out the job's receipt as copy `copy` (0 original, N the Nth reprint),
 * for the configured paper width. CK_E_NOT_FOUND when the job has no receipt.
 */
ck_err print_receipt_layout(ck_store *st, const ck_config *cfg, const char *uuid, int copy, receipt_doc *doc,
                            ck_receipt *rec, ck_diag *d);

/*
 * Prints the job's receipt: the original, or with reprint a copy marked 重印
 * (a receipt never printed is printed as the original either way; asking for
 * the original again is CK_E_DUPLICATE). CK_E_PRINTER with the customer's
 * message in d.zh ("…请到窗口领取收据") and the cause in d.en when the
 * printer is absent, out of paper, open or fails mid-receipt.
 */
ck_err print_receipt(ck_store *st, const ck_config *cfg, const char *uuid, bool reprint, int64_t now, print_result *out,
                     ck_diag *d);

/* The receipt as the printer would print it, to a PNG (the screen's preview); copy as above. */
ck_err print_receipt_png(ck_store *st, const ck_config *cfg, const char *uuid, int copy, const char *path, ck_diag *d);

#endif
