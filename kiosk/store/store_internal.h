/*
 * store_internal.h - what the store's files share and nothing outside them
 * sees: the handle, SQLite error mapping, transactions, and the in-transaction
 * steps (audit row, job transition) that the public operations compose.
 */
#ifndef CK_STORE_INTERNAL_H
#define CK_STORE_INTERNAL_H

#include <sqlite3.h>
#include <sys/types.h>

#include "store.h"

#define STORE_STMT_CACHE 64

struct ck_store {
    sqlite3 *db;
    dev_t dev; /* the database file, counted in store_open.c's open_files */
    ino_t ino;
    /* Prepared statements by SQL text, kept for the life of the handle: preparing costs more
     * than running these small statements, and every commit runs several. */
    struct {
        const char *sql;
        sqlite3_stmt *q;
    } stmts[STORE_STMT_CACHE];
    int n_stmts;
};

/*
 * The cached statement for sql (a string literal that lives as long as the
 * program), prepared on first use. Hand it back with store_release, never
 * finalize it. Returns the SQLite result code.
 */
int store_prepare(ck_store *st, const char *sql, sqlite3_stmt **out);
/* Resets a statement from store_prepare and clears its bindings (q may be NULL). */
void store_release(sqlite3_stmt *q);

/* Maps a SQLite result to a ck_err, with `what` (the operation) in d. */
ck_err store_sql_fail(ck_store *st, int rc, const char *what, ck_diag *d);
ck_err store_exec(ck_store *st, const char *sql, const char *what, ck_diag *d);

/* Copies the open database (schema version) beside itself before a migration (store_backup.c). */
ck_err store_backup_before_migration(ck_store *st, const char *path, const char *hex, int version, ck_diag *d);

/* BEGIN IMMEDIATE, so a writer never upgrades a read lock and deadlocks. */
ck_err store_tx_begin(ck_store *st, ck_diag *d);
ck_err store_tx_commit(ck_store *st, ck_diag *d);
void store_tx_rollback(ck_store *st);
/* Ends the transaction the way rc says: commit when CK_OK (its failure returned), else roll back; returns rc. */
ck_err store_tx_end(ck_store *st, ck_err rc, ck_diag *d);

/* The audit chain's next row, inside the caller's transaction. */
ck_err store_audit_append_tx(ck_store *st, int64_t now, const char *actor, const char *action, const char *subject,
                             const char *detail, ck_diag *d);

/* The job's id, service and state, read inside the caller's transaction. */
typedef struct store_job_head {
    int64_t id;
    ck_service service;
    ck_job_state state;
    int64_t total_fen;
} store_job_head;
ck_err store_job_head_get(ck_store *st, const char *uuid, store_job_head *out, ck_diag *d);

/* A checked transition with its event, outbox row and audit row, inside the caller's transaction. */
ck_err store_job_transition_tx(ck_store *st, const char *uuid, const store_job_head *head, ck_job_state to,
                               ck_job_origin origin, const char *actor, const char *reason, int64_t now, ck_diag *d);

/*
 * store_payment_record inside the caller's transaction; *late says the job
 * was no longer awaiting payment (recorded with refund_due, no receipt).
 */
ck_err store_payment_record_tx(ck_store *st, const char *uuid, ck_pay_method method, int64_t amount_fen,
                               const char *upstream_txn, const char *clerk_id, int64_t now, int64_t *receipt_no,
                               bool *late, ck_diag *d);
/* The message that says a late payment was kept for refund (CK_OK with text in d). */
void store_payment_late_note(ck_diag *d);

/* The migration scripts; index i upgrades user_version i to i + 1. */
extern const char *const store_migrations[STORE_SCHEMA_VERSION];

#endif
