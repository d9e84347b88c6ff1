/*
 * store_orders.c - WeChat payment orders (see store.h): what the kiosk
 * showed the customer and where each order stands, so the sync worker can
 * poll, close and catch a late payment after a restart. The payment itself
 * goes through store_payment_record_tx, the same path as a window payment.
 */
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

static const char *const state_codes[ORDER__COUNT] = {
    [ORDER_OPEN] = "open", [ORDER_CLOSING] = "closing", [ORDER_PAID] = "paid", [ORDER_CLOSED] = "closed"};

const char *store_order_state_code(ck_order_state s) { return (s >= 0 && s < ORDER__COUNT) ? state_codes[s] : "?"; }

static bool parse_state(const unsigned char *text, ck_order_state *out)
{
    for (int i = 0; text != NULL && i < ORDER__COUNT; i++)
        if (strcmp((const char *)text, state_codes[i]) == 0) {
            *out = (ck_order_state)i;
            return true;
        }
    return false;
}

#define ORDER_COLUMNS                                                                                                  \
    "o.order_id, j.uuid, o.code_url, o.amount_fen, o.created_at, o.expires_at, o.next_poll_at, o.polls, o.state"

static ck_err read_row(sqlite3_stmt *q, ck_pay_order *o, ck_diag *d)
{
    memset(o, 0, sizeof *o);
    snprintf(o->order_id, sizeof o->order_id, "%s", (const char *)sqlite3_column_text(q, 0));
    snprintf(o->job_uuid, sizeof o->job_uuid, "%s", (const char *)sqlite3_column_text(q, 1));
    snprintf(o->code_url, sizeof o->code_url, "%s", (const char *)sqlite3_column_text(q, 2));
    o->amount_fen = sqlite3_column_int64(q, 3);
    o->created_at = sqlite3_column_int64(q, 4);
    o->expires_at = sqlite3_column_int64(q, 5);
    o->next_poll_at = sqlite3_column_int64(q, 6);
    o->polls = sqlite3_column_int(q, 7);
    if (!parse_state(sqlite3_column_text(q, 8), &o->state))
        return ck_diag_fail(d, CK_E_STORE_CORRUPT, "支付订单状态无效", "a payment order has an unknown state");
    return CK_OK;
}

static ck_err audit_order(ck_store *st, const char *order_id, const char *what, int64_t now, ck_diag *d)
{
    return store_audit_append_tx(st, now, "kiosk", what, order_id, "", d);
}

/* Runs sql with ?1..?4 bound to t1, i2, i3, t4 (parameters the SQL does not use are ignored). */
static ck_err exec_bound(ck_store *st, const char *sql, const char *what, ck_diag *d, const char *t1, int64_t i2,
                         int64_t i3, const char *t4)
{
    sqlite3_stmt *q = NULL;
    ck_err err = CK_OK;
    int rc = store_prepare(st, sql, &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, t1, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, i2);
        sqlite3_bind_int64(q, 3, i3);
        if (t4 != NULL)
            sqlite3_bind_text(q, 4, t4, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
    }
    if (rc != SQLITE_DONE)
        err = store_sql_fail(st, rc, what, d);
    store_release(q);
    return err;
}

ck_err store_order_add(ck_store *st, const ck_pay_order *o, int64_t now, ck_diag *d)
{
    store_job_head head;
    sqlite3_stmt *q = NULL;
    ck_err rc;
    int src;
    if (st == NULL || o == NULL || o->order_id[0] == '\0' || o->code_url[0] == '\0')
        return CK_E_ARG;
    if ((rc = store_tx_begin(st, d)) != CK_OK)
        return rc;
    rc = store_job_head_get(st, o->job_uuid, &head, d);
    if (rc == CK_OK && head.state != JOB_AWAITING_PAYMENT)
        rc = ck_diag_fail(d, CK_E_ILLEGAL_TRANSITION, "该业务当前不需要支付（%s）",
                          "the job is not awaiting payment (%s)", job_state_code(head.state));
    if (rc == CK_OK && o->amount_fen != head.total_fen)
        rc = ck_diag_fail(d, CK_E_AMOUNT_MISMATCH, "订单金额%lld分与应付%lld分不符",
                          "the order is for %lld fen but %lld fen are due", (long long)o->amount_fen,
                          (long long)head.total_fen);
    /* One open order per job: an older one is closed upstream by the worker. */
    if (rc == CK_OK)
        rc = exec_bound(st,
                        "UPDATE payment_orders SET state = 'closing', next_poll_at = ?2, updated_at = ?3"
                        " WHERE job_id = (SELECT id FROM jobs WHERE uuid = ?1) AND state = 'open'",
                        "关闭旧订单 / closing an older order", d, o->job_uuid, now, now, NULL);
    if (rc == CK_OK) {
        src =
            store_prepare(st,
                          "INSERT INTO payment_orders (order_id, job_id, amount_fen, code_url, created_at, expires_at,"
                          " state, next_poll_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)",
                          &q);
        if (src == SQLITE_OK) {
            sqlite3_bind_text(q, 1, o->order_id, -1, SQLITE_STATIC);
            sqlite3_bind_int64(q, 2, head.id);
            sqlite3_bind_int64(q, 3, o->amount_fen);
            sqlite3_bind_text(q, 4, o->code_url, -1, SQLITE_STATIC);
            sqlite3_bind_int64(q, 5, now);
            sqlite3_bind_int64(q, 6, o->expires_at);
            sqlite3_bind_int64(q, 7, o->next_poll_at > 0 ? o->next_poll_at : now);
            sqlite3_bind_int64(q, 8, now);
            src = sqlite3_step(q);
        }
        store_release(q);
        if ((src & 0xff) == SQLITE_CONSTRAINT)
            rc = ck_diag_fail(d, CK_E_DUPLICATE, "订单%s已记录过", "order %s was recorded before", o->order_id);
        else if (src != SQLITE_DONE)
            rc = store_sql_fail(st, src, "保存支付订单 / saving the payment order", d);
    }
    if (rc == CK_OK)
        rc = audit_order(st, o->order_id, "order.open", now, d);
    return store_tx_end(st, rc, d);
}

ck_err store_order_for_job(ck_store *st, const char *uuid, ck_pay_order *out, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err = CK_OK;
    int rc;
    if (st == NULL || uuid == NULL || out == NULL)
        return CK_E_ARG;
    rc = store_prepare(st,
                       "SELECT " ORDER_COLUMNS " FROM payment_orders o JOIN jobs j ON j.id = o.job_id"
                       " WHERE j.uuid = ? ORDER BY o.created_at DESC, o.rowid DESC LIMIT 1",
                       &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, uuid, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
    }
    if (rc == SQLITE_ROW)
        err = read_row(q, out, d);
    else if (rc == SQLITE_DONE)
        err = ck_diag_fail(d, CK_E_NOT_FOUND, "该业务没有支付订单", "the job has no payment order");
    else
        err = store_sql_fail(st, rc, "读取支付订单 / reading the payment order", d);
    store_release(q);
    return err;
}

ck_err store_orders_due(ck_store *st, int64_t now, ck_pay_order *out, int max, int *n, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err = CK_OK;
    int rc;
    if (st == NULL || out == NULL || n == NULL || max <= 0)
        return CK_E_ARG;
    *n = 0;
    rc = store_prepare(st,
                       "SELECT " ORDER_COLUMNS " FROM payment_orders o JOIN jobs j ON j.id = o.job_id"
                       " WHERE o.state IN ('open', 'closing') AND o.next_poll_at <= ? ORDER BY o.next_poll_at LIMIT ?",
                       &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, now);
        sqlite3_bind_int(q, 2, max);
    }
    while (err == CK_OK && (rc == SQLITE_OK || rc == SQLITE_ROW) && *n < max) {
        if ((rc = sqlite3_step(q)) != SQLITE_ROW)
            break;
        if ((err = read_row(q, &out[*n], d)) == CK_OK)
            (*n)++;
    }
    if (err == CK_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        err = store_sql_fail(st, rc, "读取支付订单 / reading the payment orders", d);
    store_release(q);
    return err;
}

ck_err store_order_set(ck_store *st, const char *order_id, ck_order_state state, int64_t next_poll_at, int64_t now,
                       ck_diag *d)
{
    ck_err rc;
    if (st == NULL || order_id == NULL || state == ORDER_PAID || state < 0 || state >= ORDER__COUNT)
        return CK_E_ARG; /* paid only with its payment: store_order_paid */
    if ((rc = store_tx_begin(st, d)) != CK_OK)
        return rc;
    rc = exec_bound(st,
                    "UPDATE payment_orders SET state = ?4, next_poll_at = ?2, updated_at = ?3,"
                    " polls = polls + 1 WHERE order_id = ?1 AND state <> 'paid'",
                    "更新支付订单 / updating the payment order", d, order_id, next_poll_at, now, state_codes[state]);
    if (rc == CK_OK && sqlite3_changes(st->db) == 0)
        rc = ck_diag_fail(d, CK_E_NOT_FOUND, "没有未完成的订单%s", "no unfinished order %s", order_id);
    if (rc == CK_OK && state == ORDER_CLOSED)
        rc = audit_order(st, order_id, "order.closed", now, d);
    return store_tx_end(st, rc, d);
}

/* The receipt number of the payment already recorded for txn (0 when it was late and got none). */
static ck_err earlier_receipt(ck_store *st, const char *txn, int64_t *receipt_no, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err = CK_OK;
    int rc = store_prepare(st,
                           "SELECT COALESCE(r.number, 0) FROM payments p LEFT JOIN receipts r ON r.payment_id = p.id"
                           " WHERE p.upstream_txn = ?",
                           &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, txn, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
    }
    if (rc == SQLITE_ROW)
        *receipt_no = sqlite3_column_int64(q, 0);
    else
        err = store_sql_fail(st, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, "读取收据 / reading the receipt", d);
    store_release(q);
    return err;
}

ck_err store_order_paid(ck_store *st, const char *order_id, const char *txn, int64_t paid_fen, int64_t now,
                        int64_t *receipt_no, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    char uuid[STORE_UUID_LEN + 1] = "";
    ck_order_state state = ORDER__COUNT;
    bool late = false;
    ck_err rc;
    int src;
    if (st == NULL || order_id == NULL || txn == NULL || txn[0] == '\0' || receipt_no == NULL)
        return CK_E_ARG;
    *receipt_no = 0;
    if ((rc = store_tx_begin(st, d)) != CK_OK)
        return rc;
    src = store_prepare(st,
                        "SELECT j.uuid, o.state FROM payment_orders o JOIN jobs j ON j.id = o.job_id"
                        " WHERE o.order_id = ?",
                        &q);
    if (src == SQLITE_OK) {
        sqlite3_bind_text(q, 1, order_id, -1, SQLITE_STATIC);
        src = sqlite3_step(q);
    }
    if (src == SQLITE_ROW) {
        snprintf(uuid, sizeof uuid, "%s", (const char *)sqlite3_column_text(q, 0));
        parse_state(sqlite3_column_text(q, 1), &state);
    }
    store_release(q);
    if (src == SQLITE_DONE)
        rc = ck_diag_fail(d, CK_E_NOT_FOUND, "没有订单%s", "no order %s", order_id);
    else if (src != SQLITE_ROW)
        rc = store_sql_fail(st, src, "读取支付订单 / reading the payment order", d);
    else if (state == ORDER_PAID) /* seen before: the same answer */
        rc = earlier_receipt(st, txn, receipt_no, d);
    else
        rc = store_payment_record_tx(st, uuid, PAY_WECHAT, paid_fen, txn, NULL, now, receipt_no, &late, d);
    if (rc == CK_OK && state != ORDER_PAID)
        rc = exec_bound(st,
                        "UPDATE payment_orders SET state = 'paid', next_poll_at = ?2, updated_at = ?3"
                        " WHERE order_id = ?1",
                        "更新支付订单 / updating the payment order", d, order_id, now, now, NULL);
    if ((rc = store_tx_end(st, rc, d)) != CK_OK) {
        *receipt_no = 0;
        return rc;
    }
    if (late)
        store_payment_late_note(d);
    return CK_OK;
}
