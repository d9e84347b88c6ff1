/*
 * report_compose.h - the clerk's end-of-day report (day_report.h) laid out
 * for the receipt printer in the same model as a fee receipt
 * (receipt_doc.h), so the same ESC/POS encoder and PNG renderer print it:
 * 日结报表 / Day report, the kiosk and window, the day, when and by which
 * clerk it was printed; jobs made by service (and by state under each);
 * takings by payment method and by fee item and their total; refunds owed;
 * the day's receipt numbers; every payment that does not reconcile with its
 * reason (Chinese, English underneath), or 核对无误; a line for the clerk's
 * signature. The report carries no personal data, so none is printed.
 * No I/O: the caller computes the report and knows the time.
 */
#ifndef CK_RECEIPT_REPORT_COMPOSE_H
#define CK_RECEIPT_REPORT_COMPOSE_H

#include <stdint.h>

#include "day_report.h"
#include "receipt_doc.h"

typedef struct report_data {
    const day_report *report;
    const char *ca_name, *kiosk_id, *window_id;
    int64_t printed_at; /* seconds since the epoch */
    int32_t utc_offset_s;
    const char *clerk_id; /* who printed it; NULL or "" for a preview (no line) */
} report_data;

/*
 * Lays the report out for `columns` (32 or 48). CK_E_RANGE (d saying so) if
 * it does not fit the model; a report of DAY_REPORT_MAX_ISSUES issues on
 * 58 mm paper fits.
 */
ck_err report_compose(const report_data *r, int columns, receipt_doc *doc, ck_diag *d);

#endif
