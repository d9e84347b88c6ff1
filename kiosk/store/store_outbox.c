/*
 * store_outbox.c - the sync layer's side of the transactional outbox: what
 * is due, acknowledgement (the row leaves: the upstream keeps the
 * idempotency key from then on), and failures with their next attempt or,
 * for a permanent refusal, parked for the clerk.
 */
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

static void copy_col(sqlite3_stmt *q, int col, char *out, size_t cap)
{
    const unsigned char *t = sqlite3_column_text(q, col);
    snprintf(out, cap, "%s", t != NULL ? (const char *)t : "");
}

ck_err store_outbox_due(ck_store *st, int64_t now, ck_outbox_item *out, int max, int *n, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err = CK_OK;
    int rc;
    if (st == NULL || out == NULL || n == NULL || max <= 0)
        return CK_E_ARG;
    *n = 0;
    rc = store_prepare(st,
                       "SELECT o.id, o.idem_key, o.kind, j.uuid, o.payload, o.attempts FROM outbox o"
                       " JOIN jobs j ON j.id = o.job_id"
                       " WHERE o.parked_at IS NULL AND o.next_attempt_at <= ?1 ORDER BY o.id LIMIT ?2",
                       &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, now);
        sqlite3_bind_int(q, 2, max);
    }
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        ck_outbox_item *it = &out[*n];
        if ((rc = sqlite3_step(q)) != SQLITE_ROW)
            break;
        it->id = sqlite3_column_int64(q, 0);
        copy_col(q, 1, it->idem_key, sizeof it->idem_key);
        copy_col(q, 2, it->kind, sizeof it->kind);
        copy_col(q, 3, it->job_uuid, sizeof it->job_uuid);
        copy_col(q, 4, it->payload, sizeof it->payload);
        it->attempts = sqlite3_column_int(q, 5);
        (*n)++;
    }
    if (rc != SQLITE_DONE)
        err = store_sql_fail(st, rc, "读取待发送队列 / reading the outbox", d);
    store_release(q);
    return err;
}

ck_err store_outbox_ack(ck_store *st, const int64_t *ids, int n, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err rc;
    if (st == NULL || (ids == NULL && n > 0))
        return CK_E_ARG;
    if ((rc = store_tx_begin(st, d)) != CK_OK)
        return rc;
    for (int i = 0; rc == CK_OK && i < n; i++) {
        int src = store_prepare(st, "DELETE FROM outbox WHERE id = ?", &q);
        if (src == SQLITE_OK) {
            sqlite3_bind_int64(q, 1, ids[i]);
            src = sqlite3_step(q);
        }
        store_release(q);
        if (src != SQLITE_DONE)
            rc = store_sql_fail(st, src, "确认已发送 / acknowledging", d);
    }
    if (rc == CK_OK)
        rc = store_tx_commit(st, d);
    if (rc != CK_OK)
        store_tx_rollback(st);
    return rc;
}

ck_err store_outbox_fail(ck_store *st, int64_t id, const char *error, int64_t next_attempt_at, bool park, int64_t now,
                         ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err = CK_OK;
    int rc;
    if (st == NULL)
        return CK_E_ARG;
    rc = store_prepare(st,
                       "UPDATE outbox SET attempts = attempts + 1, last_error = ?1, next_attempt_at = ?2,"
                       " parked_at = CASE WHEN ?3 THEN ?4 ELSE NULL END WHERE id = ?5",
                       &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, error != NULL ? error : "", -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, next_attempt_at);
        sqlite3_bind_int(q, 3, park);
        sqlite3_bind_int64(q, 4, now);
        sqlite3_bind_int64(q, 5, id);
        rc = sqlite3_step(q);
    }
    if (rc != SQLITE_DONE)
        err = store_sql_fail(st, rc, "记录发送失败 / recording a failed attempt", d);
    else if (sqlite3_changes(st->db) == 0)
        err = ck_diag_fail(d, CK_E_NOT_FOUND, "待发送队列中没有第%lld项", "no outbox item %lld", (long long)id);
    store_release(q);
    return err;
}
