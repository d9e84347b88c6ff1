/*
 * day_report.h - the end-of-day report, computed without I/O from what the
 * store hands over (store_report.h): jobs made that day by service and state,
 * the takings by payment method and by fee item, and the reconciliation that
 * a clerk signs off: every payment that is not a refund has its receipt, its
 * amount equals its job's quote, and the job's fee lines add up to it; each
 * one that does not is listed with the reason.
 */
#ifndef CK_CORE_DAY_REPORT_H
#define CK_CORE_DAY_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "date.h"
#include "fees.h"
#include "job.h"
#include "services.h"

typedef enum ck_report_method { REPORT_WECHAT = 0, REPORT_CASH, REPORT_POS, REPORT__METHODS } ck_report_method;

/* One payment of the day, with its job's quote and receipt. */
typedef struct day_payment {
    int64_t payment_id;
    char job[40];
    ck_service service;
    ck_report_method method;
    int64_t amount_fen;
    bool refund_due;       /* paid after the job was cancelled or expired: owed back, not takings */
    int64_t receipt_no;    /* 0: none */
    int64_t quote_fen;     /* the job's quoted total */
    int64_t item_fen[FEE__COUNT]; /* the job's fee lines, by item */
} day_payment;

#define DAY_REPORT_MAX_ISSUES 64

typedef struct day_issue {
    int64_t payment_id;
    char job[40];
    char zh[160], en[160];
} day_issue;

typedef struct day_report {
    ck_date day;                      /* the kiosk's local day it covers */
    int jobs[SVC__COUNT][JOB__COUNT]; /* jobs created that day */
    int payments[REPORT__METHODS];
    int64_t takings_by_method[REPORT__METHODS]; /* fen, refunds excluded */
    int64_t takings_by_item[FEE__COUNT];
    int64_t takings_fen;
    int refunds;
    int64_t refunds_fen;
    int receipts;
    int64_t first_receipt, last_receipt; /* 0 when none */
    int n_issues;
    int issues_dropped; /* beyond DAY_REPORT_MAX_ISSUES */
    day_issue issues[DAY_REPORT_MAX_ISSUES];
} day_report;

/* An empty report of the local day `day`. */
void day_report_init(day_report *r, ck_date day);
void day_report_add_jobs(day_report *r, ck_service s, ck_job_state st, int count);
/* Adds a payment to the takings and checks it; a mismatch becomes an issue. */
void day_report_add_payment(day_report *r, const day_payment *p);
/* After every payment: the receipts of the day must be consecutive numbers. */
void day_report_finish(day_report *r);

const char *day_report_method_code(ck_report_method m); /* "wechat" "cash" "pos" */

#endif
