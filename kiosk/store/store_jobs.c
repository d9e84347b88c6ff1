/*
 * store_jobs.c - creating jobs and moving them through the core's state
 * machine. A transition writes, in one transaction: the job's new state, a
 * job event (who, why), an outbox row for the upstream when the kiosk caused
 * it (the transactional outbox), and an audit row.
 */
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

static ck_err new_uuid(char out[STORE_UUID_LEN + 1], ck_diag *d)
{
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1)
        return ck_diag_fail(d, CK_E_STORE, "无法生成业务编号（随机数不可用）", "cannot make a job id (no randomness)");
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    snprintf(out, STORE_UUID_LEN + 1, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return CK_OK;
}

static void bind_opt_text(sqlite3_stmt *q, int i, const char *s)
{
    if (s != NULL && s[0] != '\0')
        sqlite3_bind_text(q, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(q, i);
}

/* Runs one cached INSERT/UPDATE to completion and releases it. */
static ck_err step_done(ck_store *st, sqlite3_stmt *q, int prep_rc, const char *what, ck_diag *d)
{
    int rc = prep_rc == SQLITE_OK ? sqlite3_step(q) : prep_rc;
    store_release(q);
    return rc == SQLITE_DONE ? CK_OK : store_sql_fail(st, rc, what, d);
}

static ck_err insert_job(ck_store *st, const ck_job_new *in, const char *uuid, int64_t now, int64_t *id, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err;
    int rc = store_prepare(st,
                           "INSERT INTO jobs (uuid, service, holder_kind, role, org_name, uscc, person_name,"
                           " id_number, mobile, years, seals, total_fen, state, created_at, updated_at)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)",
                           &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, uuid, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, services_info(in->service)->code, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, holder_kind_code(in->holder), -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, role_code(in->role), -1, SQLITE_STATIC);
        bind_opt_text(q, 5, in->org_name);
        bind_opt_text(q, 6, in->uscc);
        bind_opt_text(q, 7, in->person_name);
        bind_opt_text(q, 8, in->id_number);
        bind_opt_text(q, 9, in->mobile);
        sqlite3_bind_int(q, 10, in->quote->years);
        sqlite3_bind_int(q, 11, in->quote->seals);
        sqlite3_bind_int64(q, 12, in->quote->total_fen);
        sqlite3_bind_int64(q, 13, now);
        sqlite3_bind_int64(q, 14, now);
    }
    err = step_done(st, q, rc, "保存业务 / saving the job", d);
    *id = sqlite3_last_insert_rowid(st->db);
    for (int i = 0; err == CK_OK && i < in->quote->n_lines; i++) {
        const ck_fee_line *l = &in->quote->lines[i];
        rc = store_prepare(st,
                           "INSERT INTO job_fee_lines (job_id, item, unit_fen, quantity, amount_fen, waived)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           &q);
        if (rc == SQLITE_OK) {
            sqlite3_bind_int64(q, 1, *id);
            sqlite3_bind_text(q, 2, fees_item_code(l->item), -1, SQLITE_STATIC);
            sqlite3_bind_int64(q, 3, l->unit_fen);
            sqlite3_bind_int(q, 4, l->quantity);
            sqlite3_bind_int64(q, 5, l->amount_fen);
            sqlite3_bind_int(q, 6, l->waived);
        }
        err = step_done(st, q, rc, "保存收费明细 / saving the fee lines", d);
    }
    return err;
}

static ck_err insert_event(ck_store *st, int64_t job_id, const char *from, ck_job_state to, ck_job_origin origin,
                           const char *actor, const char *reason, int64_t now, ck_diag *d)
{
    static const char *const origins[] = {
        [ORIGIN_KIOSK] = "kiosk", [ORIGIN_UPSTREAM] = "upstream", [ORIGIN_CLERK] = "clerk"};
    sqlite3_stmt *q = NULL;
    int rc = store_prepare(st,
                           "INSERT INTO job_events (job_id, at, from_state, to_state, origin, actor, reason)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?)",
                           &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, job_id);
        sqlite3_bind_int64(q, 2, now);
        bind_opt_text(q, 3, from);
        sqlite3_bind_text(q, 4, job_state_code(to), -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, origins[origin], -1, SQLITE_STATIC);
        bind_opt_text(q, 6, actor);
        bind_opt_text(q, 7, reason);
    }
    return step_done(st, q, rc, "保存业务记录 / saving the job event", d);
}

/* One outbox row: the upstream learns of it exactly once (idem_key). */
static ck_err insert_outbox_row(ck_store *st, const char *key, const char *kind, int64_t job_id, const char *payload,
                                int64_t now, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    int rc = store_prepare(
        st, "INSERT INTO outbox (idem_key, kind, job_id, payload, next_attempt_at) VALUES (?, ?, ?, ?, ?)", &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(q, 2, kind, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 3, job_id);
        sqlite3_bind_text(q, 4, payload, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(q, 5, now);
    }
    return step_done(st, q, rc, "写入待发送队列 / queueing for the upstream", d);
}

/* The outbox row for a step the kiosk made. */
static ck_err insert_outbox(ck_store *st, int64_t job_id, const char *uuid, ck_job_state from, ck_job_state to,
                            int64_t now, ck_diag *d)
{
    char key[STORE_UUID_LEN + 32], payload[256];
    /* The submit key is the job UUID itself, as the protocol's idempotency key. */
    if (job_enters_queue(to))
        snprintf(key, sizeof key, "%s", uuid);
    else
        snprintf(key, sizeof key, "%s:%s", uuid, job_state_code(to));
    snprintf(payload, sizeof payload, "{\"job\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"at\":%lld}", uuid,
             job_state_code(from), job_state_code(to), (long long)now);
    return insert_outbox_row(st, key, job_enters_queue(to) ? "job.submit" : "job.event", job_id, payload, now, d);
}

ck_err store_job_create(ck_store *st, const ck_job_new *in, int64_t now, char uuid_out[STORE_UUID_LEN + 1], ck_diag *d)
{
    char detail[96];
    int64_t id = 0;
    ck_err rc;
    if (st == NULL || in == NULL || in->quote == NULL || uuid_out == NULL || in->service < 0 ||
        in->service >= SVC__COUNT || in->holder < 0 || in->holder >= HOLDER__COUNT || in->role < 0 ||
        in->role >= ROLE__COUNT)
        return CK_E_ARG;
    if ((rc = new_uuid(uuid_out, d)) != CK_OK || (rc = store_tx_begin(st, d)) != CK_OK)
        return rc;
    rc = insert_job(st, in, uuid_out, now, &id, d);
    if (rc == CK_OK)
        rc = insert_event(st, id, NULL, JOB_DRAFT, ORIGIN_KIOSK, NULL, "created", now, d);
    snprintf(detail, sizeof detail, "%s %s total_fen=%lld", services_info(in->service)->code,
             holder_kind_code(in->holder), (long long)in->quote->total_fen);
    if (rc == CK_OK)
        rc = store_audit_append_tx(st, now, "kiosk", "job.create", uuid_out, detail, d);
    return store_tx_end(st, rc, d);
}

ck_err store_job_head_get(ck_store *st, const char *uuid, store_job_head *out, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err = CK_OK;
    int rc = store_prepare(st, "SELECT id, service, state, total_fen FROM jobs WHERE uuid = ?", &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, uuid, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
    }
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(q, 0);
        out->total_fen = sqlite3_column_int64(q, 3);
        if (services_parse((const char *)sqlite3_column_text(q, 1), &out->service) != CK_OK ||
            job_state_parse((const char *)sqlite3_column_text(q, 2), &out->state) != CK_OK)
            err = ck_diag_fail(d, CK_E_STORE_CORRUPT, "业务记录内容无效",
                               "the job row holds an unknown service or state");
    } else if (rc == SQLITE_DONE) {
        err = ck_diag_fail(d, CK_E_NOT_FOUND, "未找到业务 %s", "no job %s", uuid);
    } else {
        err = store_sql_fail(st, rc, "读取业务 / reading the job", d);
    }
    store_release(q);
    return err;
}

ck_err store_job_transition_tx(ck_store *st, const char *uuid, const store_job_head *head, ck_job_state to,
                               ck_job_origin origin, const char *actor, const char *reason, int64_t now, ck_diag *d)
{
    char detail[64];
    sqlite3_stmt *q = NULL;
    ck_err rc = job_transition_check(head->service, head->state, to, d);
    int src;
    if (rc != CK_OK)
        return rc;
    /* A rejection keeps the upstream's reason on the job, for the customer and the clerk. */
    src = store_prepare(st,
                        "UPDATE jobs SET state = ?1, updated_at = ?2,"
                        " reject_reason = CASE WHEN ?1 = 'rejected' THEN ?3 ELSE reject_reason END WHERE id = ?4",
                        &q);
    if (src == SQLITE_OK) {
        sqlite3_bind_text(q, 1, job_state_code(to), -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, now);
        if (reason != NULL)
            sqlite3_bind_text(q, 3, reason, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 4, head->id);
    }
    rc = step_done(st, q, src, "更新业务状态 / updating the job", d);
    if (rc == CK_OK)
        rc = insert_event(st, head->id, job_state_code(head->state), to, origin, actor, reason, now, d);
    if (rc == CK_OK && origin != ORIGIN_UPSTREAM)
        rc = insert_outbox(st, head->id, uuid, head->state, to, now, d);
    snprintf(detail, sizeof detail, "%s -> %s", job_state_code(head->state), job_state_code(to));
    if (rc == CK_OK)
        rc = store_audit_append_tx(st, now, actor != NULL ? actor : "kiosk", "job.transition", uuid, detail, d);
    return rc;
}

ck_err store_job_transition(ck_store *st, const char *uuid, ck_job_state to, ck_job_origin origin, const char *actor,
                            const char *reason, int64_t now, ck_diag *d)
{
    store_job_head head;
    ck_err rc;
    if (st == NULL || uuid == NULL || to < 0 || to >= JOB__COUNT)
        return CK_E_ARG;
    if ((rc = store_tx_begin(st, d)) != CK_OK)
        return rc;
    rc = store_job_head_get(st, uuid, &head, d);
    if (rc == CK_OK)
        rc = store_job_transition_tx(st, uuid, &head, to, origin, actor, reason, now, d);
    return store_tx_end(st, rc, d);
}

ck_err store_job_identity_checked(ck_store *st, const char *uuid, const char *clerk_id, const char *docs, int64_t now,
                                  ck_diag *d)
{
    store_job_head head;
    sqlite3_stmt *q = NULL;
    ck_err rc;
    int src;
    if (st == NULL || uuid == NULL || clerk_id == NULL || docs == NULL)
        return CK_E_ARG;
    if ((rc = store_tx_begin(st, d)) != CK_OK)
        return rc;
    rc = store_job_head_get(st, uuid, &head, d);
    if (rc == CK_OK && job_state_is_terminal(head.state))
        rc = ck_diag_fail(d, CK_E_ILLEGAL_TRANSITION, "业务已结束，无需核验", "the job has ended: nothing to check");
    if (rc == CK_OK) {
        src = store_prepare(st,
                            "UPDATE jobs SET identity_checked_by = ?, identity_checked_at = ?, identity_docs = ?"
                            " WHERE id = ?",
                            &q);
        if (src == SQLITE_OK) {
            sqlite3_bind_text(q, 1, clerk_id, -1, SQLITE_STATIC);
            sqlite3_bind_int64(q, 2, now);
            sqlite3_bind_text(q, 3, docs, -1, SQLITE_STATIC);
            sqlite3_bind_int64(q, 4, head.id);
            src = sqlite3_step(q);
        }
        rc = src == SQLITE_DONE ? CK_OK : store_sql_fail(st, src, "记录身份核验 / recording the identity check", d);
        store_release(q);
    }
    if (rc == CK_OK)
        rc = store_audit_append_tx(st, now, clerk_id, "clerk.identity_checked", uuid, docs, d);
    if (rc == CK_OK) {
        /* The CA learns who saw which documents (docs/upstream-api.md, job.identity); a later check is another row. */
        char key[STORE_UUID_LEN + 32], payload[256];
        snprintf(key, sizeof key, "%s:identity:%lld", uuid, (long long)now);
        snprintf(payload, sizeof payload, "{\"job\":\"%s\",\"checked_by\":\"%.32s\",\"docs\":\"%.64s\",\"at\":%lld}",
                 uuid, clerk_id, docs, (long long)now);
        rc = insert_outbox_row(st, key, "job.identity", head.id, payload, now, d);
    }
    return store_tx_end(st, rc, d);
}
