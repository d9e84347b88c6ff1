/*
 * store_payments.c - payments and receipt numbers.
 *
 * A payment, the job becoming paid and the receipt number commit together.
 * Receipt numbers are MAX + 1 inside the writer's transaction (SQLite has one
 * writer at a time), so they are gapless; rows are never deleted or
 * renumbered (triggers), so numbers are never reused. A payment that arrives
 * for a job no longer awaiting one is kept with refund_due set.
 */
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

static const char *const method_codes[PAY__COUNT] = {[PAY_WECHAT] = "wechat", [PAY_CASH] = "cash", [PAY_POS] = "pos"};

const char *store_pay_method_code(ck_pay_method m) { return (m >= 0 && m < PAY__COUNT) ? method_codes[m] : "unknown"; }

static ck_err insert_payment(ck_store *st, int64_t job_id, ck_pay_method method, int64_t amount_fen,
                             const char *upstream_txn, const char *clerk_id, int64_t now, bool refund_due,
                             int64_t *payment_id, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err = CK_OK;
    int rc = store_prepare(st,
                           "INSERT INTO payments (job_id, method, amount_fen, upstream_txn, clerk_id, at, refund_due)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?)",
                           &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, job_id);
        sqlite3_bind_text(q, 2, method_codes[method], -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 3, amount_fen);
        if (upstream_txn != NULL)
            sqlite3_bind_text(q, 4, upstream_txn, -1, SQLITE_STATIC);
        if (clerk_id != NULL)
            sqlite3_bind_text(q, 5, clerk_id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 6, now);
        sqlite3_bind_int(q, 7, refund_due);
        rc = sqlite3_step(q);
    }
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
        err = ck_diag_fail(d, CK_E_DUPLICATE, "该笔支付（交易号相同）已记录过，未重复记账",
                           "this payment (same transaction id) was recorded before; not booked twice");
    else if (rc != SQLITE_DONE)
        err = store_sql_fail(st, rc, "保存支付 / saving the payment", d);
    store_release(q);
    *payment_id = sqlite3_last_insert_rowid(st->db);
    return err;
}

static ck_err issue_receipt(ck_store *st, int64_t job_id, int64_t payment_id, int64_t now, int64_t *number, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err = CK_OK;
    /* number is the rowid, so last_insert_rowid() reads it back (SQLCipher 3.4's SQLite has no RETURNING). */
    int rc = store_prepare(st,
                           "INSERT INTO receipts (number, job_id, payment_id, issued_at)"
                           " SELECT COALESCE(MAX(number), 0) + 1, ?, ?, ? FROM receipts",
                           &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, job_id);
        sqlite3_bind_int64(q, 2, payment_id);
        sqlite3_bind_int64(q, 3, now);
        rc = sqlite3_step(q);
    }
    if (rc == SQLITE_DONE)
        *number = sqlite3_last_insert_rowid(st->db);
    if (rc != SQLITE_DONE)
        err = store_sql_fail(st, rc, "分配收据号 / numbering the receipt", d);
    store_release(q);
    return err;
}

ck_err store_payment_record_tx(ck_store *st, const char *uuid, ck_pay_method method, int64_t amount_fen,
                               const char *upstream_txn, const char *clerk_id, int64_t now, int64_t *receipt_no,
                               bool *late_out, ck_diag *d)
{
    store_job_head head;
    int64_t payment_id = 0, number = 0;
    char detail[128];
    bool late;
    ck_err rc;
    if (st == NULL || uuid == NULL || receipt_no == NULL || method < 0 || method >= PAY__COUNT || amount_fen < 0)
        return CK_E_ARG;
    if (method != PAY_WECHAT && (clerk_id == NULL || clerk_id[0] == '\0'))
        return ck_diag_fail(d, CK_E_ARG, "窗口收款（现金/POS）必须记录收款员",
                            "a window payment (cash/POS) needs the clerk's id");
    *receipt_no = 0;
    rc = store_job_head_get(st, uuid, &head, d);
    late = rc == CK_OK && head.state != JOB_AWAITING_PAYMENT;
    if (rc == CK_OK && !late && amount_fen != head.total_fen)
        rc = ck_diag_fail(d, CK_E_AMOUNT_MISMATCH, "支付金额%lld分与应付%lld分不符",
                          "paid %lld fen but %lld fen are due", (long long)amount_fen, (long long)head.total_fen);
    if (rc == CK_OK)
        rc = insert_payment(st, head.id, method, amount_fen, upstream_txn, clerk_id, now, late, &payment_id, d);
    if (rc == CK_OK && !late)
        rc = store_job_transition_tx(st, uuid, &head, JOB_PAID, method == PAY_WECHAT ? ORIGIN_UPSTREAM : ORIGIN_CLERK,
                                     clerk_id, method_codes[method], now, d);
    if (rc == CK_OK && !late)
        rc = issue_receipt(st, head.id, payment_id, now, &number, d);
    snprintf(detail, sizeof detail, "%s %lld fen%s%s", method_codes[method], (long long)amount_fen,
             late ? " refund_due, job " : " receipt ", late ? job_state_code(head.state) : "");
    if (rc == CK_OK && !late)
        snprintf(detail + strlen(detail), sizeof detail - strlen(detail), "%lld", (long long)number);
    if (rc == CK_OK)
        rc = store_audit_append_tx(st, now, clerk_id != NULL ? clerk_id : "kiosk",
                                   late ? "payment.refund_due" : "payment.record", uuid, detail, d);
    if (rc == CK_OK) {
        *receipt_no = number;
        *late_out = late;
    }
    return rc;
}

ck_err store_payment_record(ck_store *st, const char *uuid, ck_pay_method method, int64_t amount_fen,
                            const char *upstream_txn, const char *clerk_id, int64_t now, int64_t *receipt_no,
                            ck_diag *d)
{
    bool late = false;
    ck_err rc;
    if (st == NULL || receipt_no == NULL)
        return CK_E_ARG;
    *receipt_no = 0;
    if ((rc = store_tx_begin(st, d)) != CK_OK)
        return rc;
    rc = store_payment_record_tx(st, uuid, method, amount_fen, upstream_txn, clerk_id, now, receipt_no, &late, d);
    if ((rc = store_tx_end(st, rc, d)) != CK_OK) {
        *receipt_no = 0;
        return rc;
    }
    if (late)
        store_payment_late_note(d);
    return CK_OK;
}

void store_payment_late_note(ck_diag *d)
{
    ck_diag_fail(d, CK_OK, "该业务已不再等待支付，款项已记录并标记为待退款",
                 "the job was no longer awaiting payment; the payment is kept and flagged for refund");
}
