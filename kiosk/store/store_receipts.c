/*
 * store_receipts.c - fee receipts for printing: the receipt with its payment,
 * the quote it lists, each print attempt's outcome, and the queue of
 * receipts still to print (see store.h). Numbers are assigned with the
 * payment (store_payments.c) and never change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

#define RECEIPT_COLUMNS                                                                                                \
    "r.number, j.uuid, r.issued_at, p.method, p.amount_fen, COALESCE(p.upstream_txn, ''), COALESCE(p.clerk_id, ''),"   \
    " r.printed, r.reprint_count, COALESCE(r.print_error, '')"
#define RECEIPT_FROM " FROM receipts r JOIN jobs j ON j.id = r.job_id JOIN payments p ON p.id = r.payment_id"

static void copy_text(sqlite3_stmt *q, int col, char *out, size_t cap)
{
    snprintf(out, cap, "%s", (const char *)sqlite3_column_text(q, col));
}

static void read_row(sqlite3_stmt *q, ck_receipt *r)
{
    const char *method = (const char *)sqlite3_column_text(q, 3);
    memset(r, 0, sizeof *r);
    r->number = sqlite3_column_int64(q, 0);
    copy_text(q, 1, r->job_uuid, sizeof r->job_uuid);
    r->issued_at = sqlite3_column_int64(q, 2);
    for (int m = 0; m < PAY__COUNT; m++)
        if (strcmp(method, store_pay_method_code((ck_pay_method)m)) == 0)
            r->method = (ck_pay_method)m;
    r->amount_fen = sqlite3_column_int64(q, 4);
    copy_text(q, 5, r->transaction_id, sizeof r->transaction_id);
    copy_text(q, 6, r->clerk_id, sizeof r->clerk_id);
    r->printed = sqlite3_column_int(q, 7) != 0;
    r->reprint_count = sqlite3_column_int(q, 8);
    copy_text(q, 9, r->print_error, sizeof r->print_error);
}

ck_err store_receipt_for_job(ck_store *st, const char *uuid, ck_receipt *out, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err = CK_OK;
    int rc = store_prepare(st, "SELECT " RECEIPT_COLUMNS RECEIPT_FROM " WHERE j.uuid = ?", &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, uuid, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
    }
    if (rc == SQLITE_ROW)
        read_row(q, out);
    else if (rc == SQLITE_DONE)
        err = ck_diag_fail(d, CK_E_NOT_FOUND, "业务 %s 没有收据", "job %s has no receipt", uuid);
    else
        err = store_sql_fail(st, rc, "读取收据 / reading the receipt", d);
    store_release(q);
    return err;
}

ck_err store_receipts_pending(ck_store *st, int (*fn)(const ck_receipt *r, void *ctx), void *ctx, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_receipt r;
    ck_err err = CK_OK;
    int rc = store_prepare(st,
                           "SELECT " RECEIPT_COLUMNS RECEIPT_FROM
                           " WHERE r.printed = 0 OR r.print_error IS NOT NULL ORDER BY r.number",
                           &q);
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        if ((rc = sqlite3_step(q)) != SQLITE_ROW)
            break;
        read_row(q, &r);
        if (fn(&r, ctx) != 0)
            break;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        err = store_sql_fail(st, rc, "读取待打印收据 / listing receipts to print", d);
    store_release(q);
    return err;
}

ck_err store_receipt_print_result(ck_store *st, int64_t number, bool reprint, bool output_started, const char *error,
                                  int64_t now, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    char subject[24], detail[300];
    ck_err rc;
    int src;
    bool counted = error == NULL || output_started; /* something reached paper */
    if ((rc = store_tx_begin(st, d)) != CK_OK)
        return rc;
    src = store_prepare(st,
                        "UPDATE receipts SET printed = CASE WHEN ?2 AND NOT ?3 THEN 1 ELSE printed END,"
                        " reprint_count = reprint_count + CASE WHEN ?2 AND ?3 THEN 1 ELSE 0 END,"
                        " print_error = ?4 WHERE number = ?1",
                        &q);
    if (src == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, number);
        sqlite3_bind_int(q, 2, counted);
        sqlite3_bind_int(q, 3, reprint);
        if (error != NULL)
            sqlite3_bind_text(q, 4, error, -1, SQLITE_STATIC);
        src = sqlite3_step(q);
    }
    store_release(q);
    if (src != SQLITE_DONE)
        rc = store_sql_fail(st, src, "记录收据打印 / recording the receipt's printing", d);
    else if (sqlite3_changes(st->db) == 0)
        rc = ck_diag_fail(d, CK_E_NOT_FOUND, "没有收据 %lld", "no receipt %lld", (long long)number);
    snprintf(subject, sizeof subject, "receipt %lld", (long long)number);
    snprintf(detail, sizeof detail, "%s%s%.250s", error == NULL ? "printed" : "failed",
             error != NULL && output_started ? " after output started: "
             : error != NULL                 ? ": "
                                             : "",
             error != NULL ? error : "");
    if (rc == CK_OK)
        rc = store_audit_append_tx(st, now, "kiosk", reprint ? "receipt.reprint" : "receipt.print", subject, detail, d);
    return store_tx_end(st, rc, d);
}

static bool parse_item(const char *code, ck_fee_item *out)
{
    for (int i = 0; i < FEE__COUNT; i++)
        if (strcmp(code, fees_item_code((ck_fee_item)i)) == 0) {
            *out = (ck_fee_item)i;
            return true;
        }
    return false;
}

static int by_item(const void *a, const void *b)
{
    return (int)((const ck_fee_line *)a)->item - (int)((const ck_fee_line *)b)->item;
}

ck_err store_job_quote(ck_store *st, const char *uuid, ck_quote *out, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_job job;
    ck_err err = store_job_get(st, uuid, &job, d);
    int rc;
    if (err != CK_OK)
        return err;
    memset(out, 0, sizeof *out);
    out->service = job.service, out->holder = job.holder, out->years = job.years, out->seals = job.seals;
    out->total_fen = job.total_fen;
    rc = store_prepare(st,
                       "SELECT item, unit_fen, quantity, amount_fen, waived FROM job_fee_lines"
                       " WHERE job_id = (SELECT id FROM jobs WHERE uuid = ?)",
                       &q);
    if (rc == SQLITE_OK)
        sqlite3_bind_text(q, 1, uuid, -1, SQLITE_STATIC);
    while (err == CK_OK && (rc == SQLITE_OK || rc == SQLITE_ROW)) {
        ck_fee_line *l = &out->lines[out->n_lines];
        if ((rc = sqlite3_step(q)) != SQLITE_ROW)
            break;
        if (out->n_lines >= FEES_MAX_LINES || !parse_item((const char *)sqlite3_column_text(q, 0), &l->item)) {
            err = ck_diag_detail(d, CK_E_STORE_CORRUPT, "收费明细无效", "a fee line of job %s is unknown", uuid);
            break;
        }
        l->unit_fen = sqlite3_column_int64(q, 1);
        l->quantity = sqlite3_column_int(q, 2);
        l->amount_fen = sqlite3_column_int64(q, 3);
        l->waived = sqlite3_column_int(q, 4) != 0;
        out->n_lines++;
    }
    if (err == CK_OK && rc != SQLITE_DONE)
        err = store_sql_fail(st, rc, "读取收费明细 / reading the fee lines", d);
    store_release(q);
    /* Stored by item code; shown in the quote's own order. */
    qsort(out->lines, (size_t)out->n_lines, sizeof out->lines[0], by_item);
    return err;
}
