/*
 * store_maint.c - maintenance: numbers and sizes for `store check`, and the
 * purge of personal fields from finished jobs after the retention period.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "store_internal.h"

/* One integer from a query without parameters. */
static ck_err query_int(ck_store *st, const char *sql, int64_t *out, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW)
        *out = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? CK_OK : store_sql_fail(st, rc, "统计 / counting", d);
}

static int64_t file_size(const char *path)
{
    struct stat sb;
    return (path != NULL && stat(path, &sb) == 0) ? (int64_t)sb.st_size : 0;
}

ck_err store_stats(ck_store *st, ck_store_stats *out, ck_diag *d)
{
    static const struct {
        const char *sql;
        size_t offset;
    } counts[] = {
        {"SELECT count(*) FROM jobs", offsetof(ck_store_stats, jobs)},
        {"SELECT count(*) FROM payments", offsetof(ck_store_stats, payments)},
        {"SELECT count(*) FROM receipts", offsetof(ck_store_stats, receipts)},
        {"SELECT count(*) FROM outbox WHERE parked_at IS NULL", offsetof(ck_store_stats, outbox_pending)},
        {"SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL", offsetof(ck_store_stats, outbox_parked)},
        {"SELECT count(*) FROM audit", offsetof(ck_store_stats, audit_rows)},
        {"SELECT COALESCE(MIN(number), 0) FROM receipts", offsetof(ck_store_stats, receipt_first)},
        {"SELECT COALESCE(MAX(number), 0) FROM receipts", offsetof(ck_store_stats, receipt_last)},
    };
    sqlite3_stmt *q = NULL;
    int64_t version = 0;
    const char *db_path;
    char wal[1100];
    ck_err rc;
    int src;
    if (st == NULL || out == NULL)
        return CK_E_ARG;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        if ((rc = query_int(st, counts[i].sql, (int64_t *)(void *)((char *)out + counts[i].offset), d)) != CK_OK)
            return rc;
    if ((rc = query_int(st, "PRAGMA user_version", &version, d)) != CK_OK)
        return rc;
    out->schema_version = (int)version;
    src = sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &q, NULL);
    if (src == SQLITE_OK && (src = sqlite3_step(q)) == SQLITE_ROW) {
        snprintf(out->integrity_message, sizeof out->integrity_message, "%s", (const char *)sqlite3_column_text(q, 0));
        out->integrity_ok = strcmp(out->integrity_message, "ok") == 0;
    }
    sqlite3_finalize(q);
    if (src != SQLITE_ROW)
        return store_sql_fail(st, src, "完整性检查 / integrity check", d);
    db_path = sqlite3_db_filename(st->db, "main");
    out->file_bytes = file_size(db_path);
    snprintf(wal, sizeof wal, "%s-wal", db_path != NULL ? db_path : "");
    out->wal_bytes = file_size(wal);
    return CK_OK;
}

ck_err store_purge_personal(ck_store *st, int after_days, int64_t now, bool dry_run, int64_t *count, ck_diag *d)
{
    static const char finished[] = "state IN ('done', 'rejected', 'cancelled', 'expired')"
                                   " AND personal_purged_at IS NULL AND updated_at < ?1";
    char sql[256], detail[64];
    sqlite3_stmt *q = NULL;
    int64_t cutoff = now - (int64_t)after_days * 86400;
    ck_err rc;
    int src;
    if (st == NULL || count == NULL || after_days < 0)
        return CK_E_ARG;
    if ((rc = store_tx_begin(st, d)) != CK_OK)
        return rc;
    if (dry_run)
        snprintf(sql, sizeof sql, "SELECT count(*) FROM jobs WHERE %s", finished);
    else
        snprintf(sql, sizeof sql,
                 "UPDATE jobs SET person_name = NULL, id_number = NULL, mobile = NULL, personal_purged_at = ?2"
                 " WHERE %s",
                 finished);
    src = sqlite3_prepare_v2(st->db, sql, -1, &q, NULL);
    if (src == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, cutoff);
        if (!dry_run)
            sqlite3_bind_int64(q, 2, now);
        src = sqlite3_step(q);
    }
    if (src == SQLITE_ROW)
        *count = sqlite3_column_int64(q, 0);
    else if (src == SQLITE_DONE)
        *count = sqlite3_changes(st->db);
    sqlite3_finalize(q);
    if (src != SQLITE_ROW && src != SQLITE_DONE)
        rc = store_sql_fail(st, src, "清除个人信息 / purging personal data", d);
    snprintf(detail, sizeof detail, "jobs=%lld after_days=%d", (long long)*count, after_days);
    if (rc == CK_OK && !dry_run)
        rc = store_audit_append_tx(st, now, "kiosk", "personal.purge", "jobs", detail, d);
    return store_tx_end(st, rc, d);
}
