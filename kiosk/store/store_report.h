/*
 * store_report.h - what the end-of-day report (core day_report.h) is made
 * from: the jobs created in a time range, counted by service and state, and
 * the payments taken in it with their receipts and their jobs' quotes.
 */
#ifndef CK_STORE_REPORT_H
#define CK_STORE_REPORT_H

#include "day_report.h"
#include "store.h"

/* fn(service, state, count) for the jobs created in [from, to). */
ck_err store_day_jobs(ck_store *st, int64_t from, int64_t to, void (*fn)(ck_service s, ck_job_state js, int n, void *ctx),
                      void *ctx, ck_diag *d);
/* fn for each payment taken in [from, to), oldest first. */
ck_err store_day_payments(ck_store *st, int64_t from, int64_t to, void (*fn)(const day_payment *p, void *ctx),
                          void *ctx, ck_diag *d);

#endif
