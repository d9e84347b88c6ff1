/*
 * store_schema.c - the database schema as migrations. store_migrations[i]
 * takes a database from user_version i to i + 1, inside one transaction. Add
 * a migration for every change; never edit one that has shipped.
 */
#include "store_internal.h"

const char *const store_migrations[STORE_SCHEMA_VERSION] = {
    /* 0 -> 1: the first schema. */
    "CREATE TABLE jobs ("
    " id INTEGER PRIMARY KEY,"
    " uuid TEXT NOT NULL UNIQUE,"
    " service TEXT NOT NULL, holder_kind TEXT NOT NULL, role TEXT NOT NULL,"
    " org_name TEXT, uscc TEXT,"
    " person_name TEXT, id_number TEXT, mobile TEXT," /* personal: purged after the retention period */
    " personal_purged_at INTEGER,"
    " years INTEGER NOT NULL, seals INTEGER NOT NULL,"
    " total_fen INTEGER NOT NULL CHECK (total_fen >= 0),"
    " state TEXT NOT NULL,"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    " cert_serial TEXT, cert_not_before INTEGER, cert_not_after INTEGER,"
    " key_serial TEXT, public_key BLOB, csr TEXT, cert BLOB, seal BLOB," /* what was made for the key */
    " reject_reason TEXT);"
    "CREATE TABLE job_fee_lines ("
    " job_id INTEGER NOT NULL REFERENCES jobs (id),"
    " item TEXT NOT NULL, unit_fen INTEGER NOT NULL, quantity INTEGER NOT NULL,"
    " amount_fen INTEGER NOT NULL, waived INTEGER NOT NULL,"
    " PRIMARY KEY (job_id, item)) WITHOUT ROWID;"
    /* A job enters each state at most once, so (job, state) is the key; clustering the
     * events by job makes a job's history one range and needs no second index. */
    "CREATE TABLE job_events ("
    " job_id INTEGER NOT NULL REFERENCES jobs (id),"
    " to_state TEXT NOT NULL,"
    " at INTEGER NOT NULL, from_state TEXT,"
    " origin TEXT NOT NULL, actor TEXT, reason TEXT,"
    " PRIMARY KEY (job_id, to_state)) WITHOUT ROWID;"
    "CREATE TABLE payments ("
    " id INTEGER PRIMARY KEY,"
    " job_id INTEGER NOT NULL REFERENCES jobs (id),"
    " method TEXT NOT NULL CHECK (method IN ('wechat', 'cash', 'pos')),"
    " amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),"
    " upstream_txn TEXT UNIQUE, clerk_id TEXT,"
    " at INTEGER NOT NULL,"
    " refund_due INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE receipts ("
    " number INTEGER PRIMARY KEY," /* per kiosk, gapless, never reused */
    " job_id INTEGER NOT NULL REFERENCES jobs (id),"
    " payment_id INTEGER NOT NULL REFERENCES payments (id),"
    " issued_at INTEGER NOT NULL,"
    " printed INTEGER NOT NULL DEFAULT 0,"
    " reprint_count INTEGER NOT NULL DEFAULT 0);"
    "CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts"
    " BEGIN SELECT RAISE(ABORT, 'receipts are never deleted'); END;"
    "CREATE TRIGGER receipts_no_renumber BEFORE UPDATE OF number, job_id, payment_id ON receipts"
    " BEGIN SELECT RAISE(ABORT, 'receipt numbers are never changed'); END;"
    /* Append-only by id (FIFO for the sync layer), no secondary index: idem_key is unique
     * because a job enters each state once, which job_events' key enforces in the same
     * transaction; the key is for the upstream's deduplication. The sync layer deletes rows
     * the upstream has acknowledged, so scanning for pending ones stays cheap. */
    "CREATE TABLE outbox ("
    " id INTEGER PRIMARY KEY,"
    " idem_key TEXT NOT NULL,"
    " kind TEXT NOT NULL,"
    " job_id INTEGER REFERENCES jobs (id),"
    " payload TEXT NOT NULL,"
    " attempts INTEGER NOT NULL DEFAULT 0,"
    " next_attempt_at INTEGER NOT NULL,"
    " last_error TEXT,"
    " parked_at INTEGER," /* a permanent refusal: kept for the clerk, never retried */
    " sent_at INTEGER);"
    "CREATE TABLE audit ("
    " id INTEGER PRIMARY KEY,"
    " at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,"
    " subject TEXT NOT NULL, detail TEXT NOT NULL,"
    " prev_hash BLOB NOT NULL, hash BLOB NOT NULL);"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
    /* The sync worker's last round, for `sync status` and the screen's online/offline banner. */
    "CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE clerks ("
    " id TEXT PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " role TEXT NOT NULL CHECK (role IN ('clerk', 'admin')),"
    " pin_hash TEXT,"
    " disabled INTEGER NOT NULL DEFAULT 0,"
    " failed_attempts INTEGER NOT NULL DEFAULT 0,"
    " locked_until INTEGER,"
    " created_at INTEGER NOT NULL);",
    /* 1 -> 2: WeChat payment orders. The upstream is the merchant; the kiosk keeps what it
     * showed the customer (the order and its code_url) and where each order stands, so a
     * restart resumes polling, a cancelled order is still closed upstream, and a late
     * "paid" is caught. The payment itself is a payments row, as for the window. */
    "CREATE TABLE payment_orders ("
    " order_id TEXT PRIMARY KEY,"
    " job_id INTEGER NOT NULL REFERENCES jobs (id),"
    " amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),"
    " code_url TEXT NOT NULL,"
    " created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
    " state TEXT NOT NULL CHECK (state IN ('open', 'closing', 'paid', 'closed')),"
    " polls INTEGER NOT NULL DEFAULT 0, next_poll_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL);"
    "CREATE INDEX payment_orders_job ON payment_orders (job_id);",
    /* 2 -> 3: receipt printing. `printed` now means "something reached paper" (a receipt cut
     * off mid-way counts: the next copy must say 重印); print_error is why the last attempt
     * failed, NULL once one succeeded. Receipts with an error, or never printed, are the
     * clerk's reprint queue. */
    "ALTER TABLE receipts ADD COLUMN print_error TEXT;",
    /* 3 -> 4: the window clerk's identity check (docs/supervisor.md): who confirmed having seen
     * the documents a typed-in subject needs, which ones (id_docs.h codes), and when. */
    "ALTER TABLE jobs ADD COLUMN identity_checked_by TEXT;"
    "ALTER TABLE jobs ADD COLUMN identity_checked_at INTEGER;"
    "ALTER TABLE jobs ADD COLUMN identity_docs TEXT;",
};
