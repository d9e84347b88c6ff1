/* store_jobs_read.c - reading jobs back: one by UUID, or all (by state) newest first. */
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

#define JOB_COLUMNS                                                                                                    \
    "id, uuid, service, holder_kind, role, state, years, seals, total_fen, org_name, uscc, person_name, id_number,"    \
    " mobile, personal_purged_at, created_at, updated_at, cert_serial, cert_not_before, cert_not_after, "              \
    "reject_reason,"                                                                                                   \
    " EXISTS (SELECT 1 FROM payments p WHERE p.job_id = jobs.id AND p.refund_due),"                                   \
    " identity_checked_by, identity_checked_at, identity_docs"

static void copy_text(sqlite3_stmt *q, int col, char *out, size_t cap)
{
    const unsigned char *s = sqlite3_column_text(q, col);
    snprintf(out, cap, "%s", s != NULL ? (const char *)s : "");
}

static ck_err row_to_job(sqlite3_stmt *q, ck_job *j, ck_diag *d)
{
    memset(j, 0, sizeof *j);
    j->id = sqlite3_column_int64(q, 0);
    copy_text(q, 1, j->uuid, sizeof j->uuid);
    if (services_parse((const char *)sqlite3_column_text(q, 2), &j->service) != CK_OK ||
        holder_kind_parse((const char *)sqlite3_column_text(q, 3), &j->holder) != CK_OK ||
        role_parse((const char *)sqlite3_column_text(q, 4), &j->role) != CK_OK ||
        job_state_parse((const char *)sqlite3_column_text(q, 5), &j->state) != CK_OK)
        return ck_diag_fail(d, CK_E_STORE_CORRUPT, "业务 %s 的记录内容无效", "job %s holds an unknown code", j->uuid);
    j->years = sqlite3_column_int(q, 6);
    j->seals = sqlite3_column_int(q, 7);
    j->total_fen = sqlite3_column_int64(q, 8);
    copy_text(q, 9, j->org_name, sizeof j->org_name);
    copy_text(q, 10, j->uscc, sizeof j->uscc);
    copy_text(q, 11, j->person_name, sizeof j->person_name);
    copy_text(q, 12, j->id_number, sizeof j->id_number);
    copy_text(q, 13, j->mobile, sizeof j->mobile);
    j->personal_purged = sqlite3_column_type(q, 14) != SQLITE_NULL;
    j->created_at = sqlite3_column_int64(q, 15);
    j->updated_at = sqlite3_column_int64(q, 16);
    copy_text(q, 17, j->cert_serial, sizeof j->cert_serial);
    j->cert_not_before = sqlite3_column_int64(q, 18);
    j->cert_not_after = sqlite3_column_int64(q, 19);
    copy_text(q, 20, j->reject_reason, sizeof j->reject_reason);
    j->refund_due = sqlite3_column_int(q, 21) != 0;
    copy_text(q, 22, j->identity_checked_by, sizeof j->identity_checked_by);
    j->identity_checked_at = sqlite3_column_int64(q, 23);
    copy_text(q, 24, j->identity_docs, sizeof j->identity_docs);
    return CK_OK;
}

ck_err store_job_get(ck_store *st, const char *uuid, ck_job *out, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err;
    int rc;
    if (st == NULL || uuid == NULL || out == NULL)
        return CK_E_ARG;
    rc = store_prepare(st, "SELECT " JOB_COLUMNS " FROM jobs WHERE uuid = ?", &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, uuid, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
    }
    if (rc == SQLITE_ROW)
        err = row_to_job(q, out, d);
    else if (rc == SQLITE_DONE)
        err = ck_diag_fail(d, CK_E_NOT_FOUND, "未找到业务 %s", "no job %s", uuid);
    else
        err = store_sql_fail(st, rc, "读取业务 / reading the job", d);
    store_release(q);
    return err;
}

ck_err store_job_foreach(ck_store *st, ck_job_state state, int (*fn)(const ck_job *job, void *ctx), void *ctx,
                         ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_job job;
    ck_err err = CK_OK;
    int rc;
    if (st == NULL || fn == NULL)
        return CK_E_ARG;
    rc = store_prepare(st, "SELECT " JOB_COLUMNS " FROM jobs WHERE ?1 IS NULL OR state = ?1 ORDER BY id DESC", &q);
    if (rc == SQLITE_OK && state >= 0 && state < JOB__COUNT)
        sqlite3_bind_text(q, 1, job_state_code(state), -1, SQLITE_STATIC);
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        if ((rc = sqlite3_step(q)) != SQLITE_ROW)
            break;
        if ((err = row_to_job(q, &job, d)) != CK_OK || fn(&job, ctx) != 0)
            break;
    }
    if (err == CK_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        err = store_sql_fail(st, rc, "读取业务列表 / listing jobs", d);
    store_release(q);
    /* The copy on the stack held personal fields; do not leave them behind. */
    memset(&job, 0, sizeof job);
    return err;
}
