/*
 * ref_db.c - the reference upstream's SQLite file: the schema (created, or
 * upgraded from the first version's two tables), statement helpers that bind
 * by a short format and log failures, and the few queries several endpoints
 * share (a kiosk's job, whether it was approved, appending a change).
 *
 *   idem     every pushed item, by idempotency key: its body, kind and first answer
 *   changes  the status feed each kiosk pulls (extra: issued or revoked data, JSON)
 *   issued   certificates this CA signed, and their revocation
 *   orders   WeChat Native payment orders
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ref.h"

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS idem (key TEXT PRIMARY KEY, kiosk TEXT NOT NULL, body_sha TEXT NOT NULL,"
    " status TEXT NOT NULL, reason TEXT, body TEXT NOT NULL, at INTEGER NOT NULL, kind TEXT);"
    "CREATE TABLE IF NOT EXISTS changes (cursor INTEGER PRIMARY KEY AUTOINCREMENT, kiosk TEXT NOT NULL,"
    " job TEXT NOT NULL, to_state TEXT NOT NULL, reason_zh TEXT, reason_en TEXT, at INTEGER NOT NULL, extra TEXT);"
    "CREATE INDEX IF NOT EXISTS changes_job ON changes (job, to_state);"
    "CREATE TABLE IF NOT EXISTS issued (serial TEXT PRIMARY KEY, job TEXT NOT NULL UNIQUE, kiosk TEXT NOT NULL,"
    " holder_key TEXT, not_before INTEGER NOT NULL, not_after INTEGER NOT NULL, cert BLOB NOT NULL,"
    " csr_sha TEXT NOT NULL, issued_at INTEGER NOT NULL, revoked_at INTEGER, revoke_reason TEXT, revoke_job TEXT);"
    "CREATE INDEX IF NOT EXISTS issued_holder ON issued (holder_key, revoked_at);"
    "CREATE TABLE IF NOT EXISTS orders (id TEXT PRIMARY KEY, kiosk TEXT NOT NULL, job TEXT NOT NULL,"
    " amount_fen INTEGER NOT NULL, code_url TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
    " trade_state TEXT NOT NULL, transaction_id TEXT, paid_at INTEGER, closed_at INTEGER);"
    "CREATE INDEX IF NOT EXISTS orders_job ON orders (kiosk, job);"
    "CREATE TABLE IF NOT EXISTS seals (id INTEGER PRIMARY KEY, job TEXT NOT NULL, kiosk TEXT NOT NULL,"
    " cert_sha TEXT NOT NULL, valid_end INTEGER NOT NULL, der BLOB NOT NULL, at INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS seals_cert ON seals (cert_sha);";

const char *ref_db_text(sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    return t != NULL ? (const char *)t : "";
}

void ref_db_log(sqlite3 *db, const char *what) { fprintf(stderr, "upstream_ref: %s: %s\n", what, sqlite3_errmsg(db)); }

/* A file from the first version has idem and changes without the later columns. */
static bool add_column(sqlite3 *db, const char *table, const char *column)
{
    char sql[160];
    int64_t n = 0;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM pragma_table_info('%s') WHERE name = ?", table);
    if (!ref_db_int(db, &n, sql, "t", column))
        return false;
    if (n > 0)
        return true;
    snprintf(sql, sizeof sql, "ALTER TABLE %s ADD COLUMN %s TEXT", table, column);
    return ref_db_run(db, sql, "");
}

bool ref_db_open(struct ref_server *sv, const char *path)
{
    if (sqlite3_open(path, &sv->db) != SQLITE_OK) {
        ref_db_log(sv->db, path);
        return false;
    }
    if (sqlite3_exec(sv->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_busy_timeout(sv->db, 2000) != SQLITE_OK ||
        sqlite3_exec(sv->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
        ref_db_log(sv->db, path);
        return false;
    }
    /* issued.seal: the seal made with the certificate (a blob; SQLite keeps blobs as blobs in any column). */
    return add_column(sv->db, "idem", "kind") && add_column(sv->db, "changes", "extra") &&
           add_column(sv->db, "issued", "seal");
}

void ref_db_close(struct ref_server *sv)
{
    if (sv->db != NULL && sqlite3_close(sv->db) != SQLITE_OK)
        ref_db_log(sv->db, "close");
    sv->db = NULL;
}

static bool bindv(sqlite3_stmt *q, const char *fmt, va_list ap)
{
    int rc = SQLITE_OK;
    for (int i = 0; fmt[i] != '\0' && rc == SQLITE_OK; i++) {
        switch (fmt[i]) {
        case 't': {
            const char *s = va_arg(ap, const char *);
            rc = s != NULL ? sqlite3_bind_text(q, i + 1, s, -1, SQLITE_STATIC) : sqlite3_bind_null(q, i + 1);
            break;
        }
        case 'i': rc = sqlite3_bind_int64(q, i + 1, (sqlite3_int64)va_arg(ap, int64_t)); break;
        case 'b': {
            const void *p = va_arg(ap, const void *);
            size_t n = va_arg(ap, size_t);
            rc = sqlite3_bind_blob64(q, i + 1, p, (sqlite3_uint64)n, SQLITE_STATIC);
            break;
        }
        default: rc = SQLITE_MISUSE; break; /* a programmer's error in fmt */
        }
    }
    if (rc != SQLITE_OK)
        ref_db_log(sqlite3_db_handle(q), "bind");
    return rc == SQLITE_OK;
}

bool ref_db_bind(sqlite3_stmt *q, const char *fmt, ...)
{
    va_list ap;
    bool ok;
    va_start(ap, fmt);
    ok = bindv(q, fmt, ap);
    va_end(ap);
    return ok;
}

static sqlite3_stmt *queryv(sqlite3 *db, const char *sql, const char *fmt, va_list ap)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
        ref_db_log(db, sql);
        sqlite3_finalize(q);
        return NULL;
    }
    if (!bindv(q, fmt, ap)) {
        sqlite3_finalize(q);
        return NULL;
    }
    return q;
}

sqlite3_stmt *ref_db_query(sqlite3 *db, const char *sql, const char *fmt, ...)
{
    va_list ap;
    sqlite3_stmt *q;
    va_start(ap, fmt);
    q = queryv(db, sql, fmt, ap);
    va_end(ap);
    return q;
}

bool ref_db_run(sqlite3 *db, const char *sql, const char *fmt, ...)
{
    va_list ap;
    sqlite3_stmt *q;
    int rc = SQLITE_ERROR;
    va_start(ap, fmt);
    q = queryv(db, sql, fmt, ap);
    va_end(ap);
    if (q != NULL) {
        while ((rc = sqlite3_step(q)) == SQLITE_ROW)
            ;
        if (rc != SQLITE_DONE)
            ref_db_log(db, sql);
        sqlite3_finalize(q);
    }
    return rc == SQLITE_DONE;
}

bool ref_db_int(sqlite3 *db, int64_t *out, const char *sql, const char *fmt, ...)
{
    va_list ap;
    sqlite3_stmt *q;
    int rc = SQLITE_ERROR;
    va_start(ap, fmt);
    q = queryv(db, sql, fmt, ap);
    va_end(ap);
    *out = 0;
    if (q != NULL) {
        rc = sqlite3_step(q);
        if (rc == SQLITE_ROW)
            *out = sqlite3_column_int64(q, 0);
        else if (rc != SQLITE_DONE)
            ref_db_log(db, sql);
        sqlite3_finalize(q);
    }
    return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

bool ref_db_begin(sqlite3 *db)
{
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK)
        return true;
    ref_db_log(db, "begin");
    return false;
}

bool ref_db_commit(sqlite3 *db)
{
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
        return true;
    ref_db_log(db, "commit");
    return false;
}

void ref_db_rollback(sqlite3 *db)
{
    if (sqlite3_get_autocommit(db) == 0 && sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
        ref_db_log(db, "rollback");
}

bool ref_db_change_add(sqlite3 *db, const char *kiosk, const char *job, const char *to, const char *zh, const char *en,
                       const cJSON *extra)
{
    char *text = NULL;
    bool ok;
    if (extra != NULL && (text = cJSON_PrintUnformatted(extra)) == NULL)
        return false;
    ok = ref_db_run(db,
                    "INSERT INTO changes (kiosk, job, to_state, reason_zh, reason_en, at, extra)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    "tttttit", kiosk, job, to, zh, en, (int64_t)time(NULL), text);
    cJSON_free(text);
    return ok;
}

ref_found ref_db_job_item(sqlite3 *db, const char *kiosk, const char *uuid, cJSON **item)
{
    sqlite3_stmt *q = ref_db_query(db,
                                   "SELECT body FROM idem WHERE key = ? AND kiosk = ? AND status = 'accepted'"
                                   " AND kind = 'job.submit'",
                                   "tt", uuid, kiosk);
    ref_found found = REF_FAILED;
    int rc;
    *item = NULL;
    if (q == NULL)
        return REF_FAILED;
    if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *body = ref_db_text(q, 0);
        if (body != NULL && (*item = cJSON_Parse(body)) != NULL)
            found = REF_FOUND;
        else
            fprintf(stderr, "upstream_ref: the stored body of %s does not parse\n", uuid);
    } else if (rc == SQLITE_DONE) {
        found = REF_ABSENT;
    } else {
        ref_db_log(db, "job");
    }
    sqlite3_finalize(q);
    return found;
}

ref_found ref_db_job_approved(sqlite3 *db, const char *kiosk, const char *uuid)
{
    int64_t n = 0;
    if (!ref_db_int(db, &n, "SELECT count(*) FROM changes WHERE job = ? AND kiosk = ? AND to_state = 'approved'", "tt",
                    uuid, kiosk))
        return REF_FAILED;
    return n > 0 ? REF_FOUND : REF_ABSENT;
}
