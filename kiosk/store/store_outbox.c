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

static ck_err step_one(ck_store *st, const char *sql, const ck_outbox_outcome *o, int64_t now, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err = CK_OK;
    int rc = store_prepare(st, sql, &q);
    if (rc == SQLITE_OK && o->accepted) {
        sqlite3_bind_int64(q, 1, o->id);
    } else if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, o->error != NULL ? o->error : "", -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, o->next_attempt_at);
        sqlite3_bind_int(q, 3, o->park);
        sqlite3_bind_int64(q, 4, now);
        sqlite3_bind_int64(q, 5, o->id);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_step(q);
    if (rc != SQLITE_DONE)
        err = store_sql_fail(st, rc, "记录发送结果 / recording what the upstream answered", d);
    else if (sqlite3_changes(st->db) == 0 && !o->accepted) /* acknowledging twice is harmless */
        err = ck_diag_fail(d, CK_E_NOT_FOUND, "待发送队列中没有第%lld项", "no outbox item %lld", (long long)o->id);
    store_release(q);
    return err;
}

/* The job the upstream now holds becomes submitted; one that moved on meanwhile (pulled ahead) stays. */
static ck_err mark_submitted(ck_store *st, const char *uuid, int64_t now, ck_diag *d)
{
    store_job_head head;
    ck_err rc = store_job_head_get(st, uuid, &head, d);
    if (rc != CK_OK || head.state != JOB_QUEUED)
        return rc;
    return store_job_transition_tx(st, uuid, &head, JOB_SUBMITTED, ORIGIN_UPSTREAM, "upstream", NULL, now, d);
}

/* Refused by the upstream's rules: the job ends rejected with the reason (a job that moved on stays). */
static ck_err mark_rejected(ck_store *st, const char *uuid, const char *reason, int64_t now, ck_diag *d)
{
    store_job_head head;
    ck_err rc = store_job_head_get(st, uuid, &head, d);
    if (rc != CK_OK || (head.state != JOB_QUEUED && head.state != JOB_SUBMITTED))
        return rc;
    if (head.state == JOB_QUEUED) {
        rc = store_job_transition_tx(st, uuid, &head, JOB_SUBMITTED, ORIGIN_UPSTREAM, "upstream", NULL, now, d);
        head.state = JOB_SUBMITTED;
    }
    if (rc == CK_OK)
        rc = store_job_transition_tx(st, uuid, &head, JOB_REJECTED, ORIGIN_UPSTREAM, "upstream", reason, now, d);
    return rc;
}

ck_err store_outbox_settle(ck_store *st, const ck_outbox_outcome *o, int n, int64_t now, ck_diag *d)
{
    ck_err rc;
    if (st == NULL || (o == NULL && n > 0))
        return CK_E_ARG;
    if ((rc = store_tx_begin(st, d)) != CK_OK)
        return rc;
    for (int i = 0; rc == CK_OK && i < n; i++) {
        if (o[i].accepted)
            rc = step_one(st, "DELETE FROM outbox WHERE id = ?1", &o[i], now, d);
        else
            rc = step_one(st,
                          "UPDATE outbox SET attempts = attempts + 1, last_error = ?1, next_attempt_at = ?2,"
                          " parked_at = CASE WHEN ?3 THEN ?4 ELSE NULL END WHERE id = ?5",
                          &o[i], now, d);
        if (rc == CK_OK && o[i].accepted && o[i].submitted_job != NULL)
            rc = mark_submitted(st, o[i].submitted_job, now, d);
        if (rc == CK_OK && !o[i].accepted && o[i].park && o[i].rejected_job != NULL)
            rc = mark_rejected(st, o[i].rejected_job, o[i].error, now, d);
    }
    return store_tx_end(st, rc, d);
}
