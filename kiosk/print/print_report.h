/*
 * print_report.h - the clerk's end-of-day report (day_report.h) on the
 * receipt printer: laid out (report_compose.h) for the configured paper,
 * encoded (escpos.h) and sent like a receipt (print_job.h: the printer's
 * status before and after, the clerk told what to do on paper out, cover
 * open, offline or no printer). A report is not a receipt: nothing is
 * stored; the caller audits who printed it. Blocking (printer time-outs).
 */
#ifndef CK_PRINT_REPORT_H
#define CK_PRINT_REPORT_H

#include "clock.h"
#include "config.h"
#include "day_report.h"
#include "print_job.h"
#include "store.h"

/*
 * Prints the report, stamped with the clock's time and clerk_id (who printed
 * it; NULL or "" prints no clerk line). out->printed says whether the whole
 * report was sent, out->status what the printer said first. CK_E_PRINTER
 * with the clerk's words in d->zh ("…请装纸后重新打印") and the cause in
 * d->en; CK_E_RANGE if the report does not fit the layout model.
 */
ck_err print_day_report(const ck_config *cfg, const ck_clock *clock, const day_report *r, const char *clerk_id,
                        print_result *out, ck_diag *d);

/*
 * print_day_report for a signed-in clerk, with its audit row in st either
 * way: actor clerk_id, action clerk.report_print, subject "report
 * YYYY-MM-DD", detail "printed; takings_fen=N; issues=N" or "failed: cause".
 * Returns the print's result (CK_E_STORE, with the store's words, if only
 * the audit row failed).
 */
ck_err print_day_report_audited(ck_store *st, const ck_config *cfg, const ck_clock *clock, const day_report *r,
                                const char *clerk_id, print_result *out, ck_diag *d);

/* The report as the printer would print it, to a PNG `path` (for a person to look at); clerk_id as above. */
ck_err print_day_report_png(const ck_config *cfg, const ck_clock *clock, const day_report *r, const char *clerk_id,
                            const char *path, ck_diag *d);

#endif
