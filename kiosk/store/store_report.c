/* store_report.c - the rows of the end-of-day report; see store_report.h. */
#include <stdio.h>
#include <string.h>

#include "store_internal.h"
#include "store_report.h"

ck_err store_day_jobs(ck_store *st, int64_t from, int64_t to, void (*fn)(ck_service s, ck_job_state js, int n, void *ctx),
                      void *ctx, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err = CK_OK;
    int rc = store_prepare(st,
                           "SELECT service, state, count(*) FROM jobs WHERE created_at >= ? AND created_at < ?"
                           " GROUP BY service, state",
                           &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, from);
        sqlite3_bind_int64(q, 2, to);
    }
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        ck_service s;
        ck_job_state js;
        if ((rc = sqlite3_step(q)) != SQLITE_ROW)
            break;
        if (services_parse((const char *)sqlite3_column_text(q, 0), &s) != CK_OK ||
            job_state_parse((const char *)sqlite3_column_text(q, 1), &js) != CK_OK) {
            err = ck_diag_fail(d, CK_E_STORE_CORRUPT, "业务记录内容无效", "a job row holds an unknown service or state");
            break;
        }
        fn(s, js, sqlite3_column_int(q, 2), ctx);
    }
    if (err == CK_OK && rc != SQLITE_DONE)
        err = store_sql_fail(st, rc, "统计业务 / counting jobs", d);
    store_release(q);
    return err;
}

/* The job's fee lines into p->item_fen. */
static ck_err fee_lines(ck_store *st, int64_t job_id, day_payment *p, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err = CK_OK;
    int rc = store_prepare(st, "SELECT item, amount_fen FROM job_fee_lines WHERE job_id = ?", &q);
    if (rc == SQLITE_OK)
        sqlite3_bind_int64(q, 1, job_id);
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        const char *item;
        int i;
        if ((rc = sqlite3_step(q)) != SQLITE_ROW)
            break;
        item = (const char *)sqlite3_column_text(q, 0);
        for (i = 0; i < FEE__COUNT && strcmp(item, fees_item_code((ck_fee_item)i)) != 0; i++)
            ;
        if (i == FEE__COUNT) {
            err = ck_diag_fail(d, CK_E_STORE_CORRUPT, "收费明细无效", "a fee line has an unknown item");
            break;
        }
        p->item_fen[i] += sqlite3_column_int64(q, 1);
    }
    if (err == CK_OK && rc != SQLITE_DONE)
        err = store_sql_fail(st, rc, "读取收费明细 / reading fee lines", d);
    store_release(q);
    return err;
}

ck_err store_day_payments(ck_store *st, int64_t from, int64_t to, void (*fn)(const day_payment *p, void *ctx),
                          void *ctx, ck_diag *d)
{
    static const char *const methods[REPORT__METHODS] = {"wechat", "cash", "pos"};
    sqlite3_stmt *q = NULL;
    ck_err err = CK_OK;
    int rc = store_prepare(st,
                           "SELECT p.id, j.uuid, j.service, p.method, p.amount_fen, p.refund_due, r.number,"
                           " j.total_fen, j.id FROM payments p JOIN jobs j ON j.id = p.job_id"
                           " LEFT JOIN receipts r ON r.payment_id = p.id WHERE p.at >= ? AND p.at < ? ORDER BY p.id",
                           &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, from);
        sqlite3_bind_int64(q, 2, to);
    }
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        day_payment p;
        const char *method;
        int m;
        if ((rc = sqlite3_step(q)) != SQLITE_ROW)
            break;
        memset(&p, 0, sizeof p);
        p.payment_id = sqlite3_column_int64(q, 0);
        snprintf(p.job, sizeof p.job, "%s", (const char *)sqlite3_column_text(q, 1));
        method = (const char *)sqlite3_column_text(q, 3);
        for (m = 0; m < REPORT__METHODS && strcmp(method, methods[m]) != 0; m++)
            ;
        if (services_parse((const char *)sqlite3_column_text(q, 2), &p.service) != CK_OK || m == REPORT__METHODS) {
            err = ck_diag_fail(d, CK_E_STORE_CORRUPT, "收款记录内容无效", "a payment row holds an unknown value");
            break;
        }
        p.method = (ck_report_method)m;
        p.amount_fen = sqlite3_column_int64(q, 4);
        p.refund_due = sqlite3_column_int(q, 5) != 0;
        p.receipt_no = sqlite3_column_int64(q, 6); /* NULL reads as 0: none */
        p.quote_fen = sqlite3_column_int64(q, 7);
        if ((err = fee_lines(st, sqlite3_column_int64(q, 8), &p, d)) != CK_OK)
            break;
        fn(&p, ctx);
    }
    if (err == CK_OK && rc != SQLITE_DONE)
        err = store_sql_fail(st, rc, "读取收款 / reading payments", d);
    store_release(q);
    return err;
}
