/*
 * store.h - the kiosk's durable store: one SQLCipher database (WAL,
 * synchronous=FULL) that is the single source of truth for jobs, payments,
 * receipts, the outbox to the upstream, the audit chain and the clerks.
 *
 * Every change is one transaction that includes its job event, its outbox
 * row (transactional outbox) and its audit row, so a power cut at any instant
 * leaves either all of it or none. The job state machine is the core's
 * (job.h); the store refuses what it refuses.
 *
 * Personal fields (the applicant's name, ID number, mobile) are encrypted at
 * rest with the rest of the file, never appear in an error message, and are
 * purged from finished jobs after a configured number of days.
 */
#ifndef CK_STORE_STORE_H
#define CK_STORE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "fees.h"
#include "holder.h"
#include "job.h"
#include "services.h"

#define STORE_SCHEMA_VERSION 4
#define STORE_UUID_LEN       36
#define STORE_SEAL_MAX       8192 /* a seal's DER, its picture included */

typedef struct ck_store ck_store;

/*
 * Opens the database at path. When it does not exist and `create` is true, a
 * new one is made (and, if key_file is absent too, a new random key file
 * first), atomically: a power cut leaves no database or a complete one. When
 * it does not exist and `create` is false: CK_E_NOT_FOUND. key_file holds the
 * 32-byte key as 64 hex digits and must be a regular file of mode 0600
 * (CK_E_STORE_KEY otherwise). An older schema is migrated in one transaction;
 * a newer one is refused (CK_E_STORE_TOO_NEW); an empty, truncated, foreign
 * or wrongly keyed file is refused (CK_E_STORE_CORRUPT / CK_E_STORE_KEY) and
 * left exactly as it was.
 */
ck_err store_open(const char *path, const char *key_file, bool create, ck_store **out, ck_diag *d);
/*
 * How many copies store_open keeps of databases it migrated: before an older
 * schema is migrated, the file is copied to "<path>.v<old version>-<UTC
 * time>.bak" (the same key opens it) and the oldest copies beyond keep are
 * removed; 0 takes none. Process-wide, from [store] backups_kept; 3 unless set.
 */
void store_set_migration_backups(int keep);
void store_close(ck_store *st);
/* Whether a transaction is open on this connection (every store call ends its own: a bug otherwise). */
bool store_in_transaction(ck_store *st);

/* What a customer's job starts with. Strings may be NULL (absent). */
typedef struct ck_job_new {
    ck_service service;
    ck_holder_kind holder;
    ck_role role;
    const char *org_name;    /* organisation name (not personal) */
    const char *uscc;        /* unified social credit code (not personal) */
    const char *person_name; /* personal: the applicant or expert */
    const char *id_number;   /* personal */
    const char *mobile;      /* personal */
    const ck_quote *quote;   /* the quote shown; its total is what payment must match */
} ck_job_new;

/* A job as stored. Personal fields are "" once purged. */
typedef struct ck_job {
    int64_t id;
    char uuid[STORE_UUID_LEN + 1];
    ck_service service;
    ck_holder_kind holder;
    ck_role role;
    ck_job_state state;
    int years, seals;
    int64_t total_fen;
    char org_name[256], uscc[32];
    char person_name[96], id_number[32], mobile[32];
    bool personal_purged;
    int64_t created_at, updated_at;
    char cert_serial[80];
    int64_t cert_not_before, cert_not_after; /* 0 until issued */
    char reject_reason[256];
    bool refund_due; /* a payment for it came when it no longer awaited one: to be refunded */
    char identity_checked_by[33]; /* the clerk who saw the identity documents; "" not yet */
    int64_t identity_checked_at;
    char identity_docs[64]; /* which (id_docs.h codes, comma-separated) */
} ck_job;

/* Creates a job in state draft (with its event and audit row). uuid_out gets its UUID. */
ck_err store_job_create(ck_store *st, const ck_job_new *in, int64_t now, char uuid_out[STORE_UUID_LEN + 1], ck_diag *d);

/*
 * Moves a job to `to` if the core allows it, recording who and why, and for
 * the kiosk's own steps an outbox row for the upstream, in one transaction.
 * CK_E_NOT_FOUND, CK_E_ILLEGAL_TRANSITION, or a storage error.
 */
ck_err store_job_transition(ck_store *st, const char *uuid, ck_job_state to, ck_job_origin origin, const char *actor,
                            const char *reason, int64_t now, ck_diag *d);

ck_err store_job_get(ck_store *st, const char *uuid, ck_job *out, ck_diag *d);

/* What was made on and for the customer's USB Key, kept so a pulled key resumes where it stopped. */
typedef struct ck_job_key {
    char key_serial[16];     /* the USB Key the job started on; "" before */
    uint8_t public_key[600]; /* SubjectPublicKeyInfo DER of the key pair generated for the job */
    size_t public_key_len;   /* 0: none generated yet */
    char csr[4096];          /* PEM; "" before */
    uint8_t cert[4096];      /* DER of the issued certificate */
    size_t cert_len;
    uint8_t seal[STORE_SEAL_MAX]; /* DER of the issued seal */
    size_t seal_len;
} ck_job_key;

ck_err store_job_key_get(ck_store *st, const char *uuid, ck_job_key *out, ck_diag *d);
/* Records the key pair generated on the key (no state change), audited. */
ck_err store_job_record_key(ck_store *st, const char *uuid, const char *key_serial, const uint8_t *spki, size_t len,
                            int64_t now, ck_diag *d);
/* Records the CSR and moves the job to key_prepared, in one transaction. */
ck_err store_job_record_csr(ck_store *st, const char *uuid, const char *csr_pem, int64_t now, ck_diag *d);
/* Records the certificate (and seal, may be NULL) from the upstream and moves the job to issued. */
ck_err store_job_record_cert(ck_store *st, const char *uuid, const uint8_t *cert, size_t cert_len, const uint8_t *seal,
                             size_t seal_len, const char *cert_serial, int64_t not_before, int64_t not_after,
                             int64_t now, ck_diag *d);

/*
 * For a seal-only job (印章升级, 印章续期): the holder's current signing
 * certificate, read from the key they brought, to which the new seal is to be
 * bound; sent to the upstream with the job. No state change, audited.
 */
ck_err store_job_record_bound_cert(ck_store *st, const char *uuid, const uint8_t *cert, size_t cert_len,
                                   const char *cert_serial, int64_t not_before, int64_t not_after, int64_t now,
                                   ck_diag *d);
/* Records a seal issued without a new certificate (a seal-only job) and moves the job to issued. */
ck_err store_job_record_seal(ck_store *st, const char *uuid, const uint8_t *seal, size_t seal_len, int64_t now,
                             ck_diag *d);

/*
 * A window clerk saw the identity documents of a job (docs: id_docs.h codes,
 * comma-separated): recorded on the job and audited with the clerk.
 * CK_E_NOT_FOUND; CK_E_ILLEGAL_TRANSITION for a job already ended.
 */
ck_err store_job_identity_checked(ck_store *st, const char *uuid, const char *clerk_id, const char *docs, int64_t now,
                                  ck_diag *d);

/* Calls fn for each job (newest first), optionally only those in `state` (JOB__COUNT: all). */
ck_err store_job_foreach(ck_store *st, ck_job_state state, int (*fn)(const ck_job *job, void *ctx), void *ctx,
                         ck_diag *d);

typedef enum ck_pay_method { PAY_WECHAT = 0, PAY_CASH, PAY_POS, PAY__COUNT } ck_pay_method;
const char *store_pay_method_code(ck_pay_method m);

/*
 * Records a payment for a job awaiting payment: the amount must equal the
 * job's quote (CK_E_AMOUNT_MISMATCH). In the same transaction the job
 * becomes paid and the kiosk's next receipt number (gapless, never reused)
 * is assigned. A payment for a cancelled or expired job (a late "paid") is
 * recorded with the refund flag set and no receipt, never lost; *receipt_no
 * is then 0. A repeated upstream transaction id is CK_E_DUPLICATE.
 * clerk_id is required for cash and POS (window payments).
 */
ck_err store_payment_record(ck_store *st, const char *uuid, ck_pay_method method, int64_t amount_fen,
                            const char *upstream_txn, const char *clerk_id, int64_t now, int64_t *receipt_no,
                            ck_diag *d);

/*
 * WeChat payment orders, made by the upstream (the merchant) for a job. An
 * order is open while the customer may scan it; closing when the customer
 * cancelled or it expired and the upstream has not yet confirmed the close;
 * paid or closed at the end. Polls are counted so the sync worker can back
 * off.
 */
typedef enum ck_order_state { ORDER_OPEN = 0, ORDER_CLOSING, ORDER_PAID, ORDER_CLOSED, ORDER__COUNT } ck_order_state;
const char *store_order_state_code(ck_order_state s);

typedef struct ck_pay_order {
    char order_id[48];
    char job_uuid[STORE_UUID_LEN + 1];
    char code_url[256];
    int64_t amount_fen;
    int64_t created_at, expires_at, next_poll_at;
    int polls;
    ck_order_state state;
} ck_pay_order;

/*
 * Records a new open order for a job awaiting payment; its amount must be the
 * job's quote (CK_E_AMOUNT_MISMATCH), and a job has at most one open order
 * (an older open one becomes closing). Audited.
 */
ck_err store_order_add(ck_store *st, const ck_pay_order *o, int64_t now, ck_diag *d);
/* The job's newest order (any state). CK_E_NOT_FOUND when it has none. */
ck_err store_order_for_job(ck_store *st, const char *uuid, ck_pay_order *out, ck_diag *d);
/* Orders still open or closing whose next poll is due at `now`, oldest first. */
ck_err store_orders_due(ck_store *st, int64_t now, ck_pay_order *out, int max, int *n, ck_diag *d);
/* Moves an order to open, closing or closed, and sets when to ask the upstream next. Audited when it ends. */
ck_err store_order_set(ck_store *st, const char *order_id, ck_order_state state, int64_t next_poll_at, int64_t now,
                       ck_diag *d);
/*
 * The upstream confirmed the order paid (transaction id txn, paid_fen): in one
 * transaction the order becomes paid and the payment is recorded as
 * store_payment_record does (receipt number, or refund_due for a job that no
 * longer awaits payment, with d saying so). A confirmation seen twice is
 * CK_OK with *receipt_no the first one's (0 when it was late).
 */
ck_err store_order_paid(ck_store *st, const char *order_id, const char *txn, int64_t paid_fen, int64_t now,
                        int64_t *receipt_no, ck_diag *d);

/* A fee receipt as stored, with the payment it acknowledges. */
typedef struct ck_receipt {
    int64_t number; /* gapless, never reused */
    char job_uuid[STORE_UUID_LEN + 1];
    int64_t issued_at;
    ck_pay_method method;
    int64_t amount_fen;
    char transaction_id[64]; /* WeChat's; "" for the window */
    char clerk_id[33];       /* window payments */
    bool printed;            /* something of it reached paper */
    int reprint_count;
    char print_error[256]; /* why the last attempt failed; "" when it did not */
} ck_receipt;

/* The job's receipt. CK_E_NOT_FOUND when the job has none (unpaid, free, or paid late). */
ck_err store_receipt_for_job(ck_store *st, const char *uuid, ck_receipt *out, ck_diag *d);
/*
 * Records a print attempt of receipt `number`: error NULL for success (the
 * original becomes printed, a reprint is counted); otherwise the error is
 * kept for the clerk's queue, and output_started says whether anything may
 * have reached paper (then it counts as printed, so the next copy is a
 * reprint). Audited.
 */
ck_err store_receipt_print_result(ck_store *st, int64_t number, bool reprint, bool output_started, const char *error,
                                  int64_t now, ck_diag *d);
/* Calls fn for each receipt still to be printed (never printed, or its last attempt failed), oldest first. */
ck_err store_receipts_pending(ck_store *st, int (*fn)(const ck_receipt *r, void *ctx), void *ctx, ck_diag *d);
/* The quote the job was created with (service, holder, term, seals, fee lines, total). */
ck_err store_job_quote(ck_store *st, const char *uuid, ck_quote *out, ck_diag *d);

/* Appends an audit row (the hash chain's next link) in its own transaction. */
ck_err store_audit_append(ck_store *st, int64_t now, const char *actor, const char *action, const char *subject,
                          const char *detail, ck_diag *d);

/* One audit row as stored; the strings are borrowed for the callback. */
typedef struct ck_audit_row {
    int64_t id, at;
    const char *actor, *action, *subject, *detail;
} ck_audit_row;
/* Calls fn for each row at or after since (seconds since the epoch), oldest first; fn returns non-zero to stop. */
ck_err store_audit_foreach(ck_store *st, int64_t since, int (*fn)(const ck_audit_row *r, void *ctx), void *ctx,
                           ck_diag *d);

/*
 * Recomputes the chain. CK_OK when every row links to its predecessor;
 * CK_E_TAMPERED with *bad_row = the first row that does not (changed,
 * inserted, or following a removed one) and d saying what is wrong.
 */
ck_err store_audit_verify(ck_store *st, int64_t *rows, int64_t *bad_row, ck_diag *d);

/* One message for the upstream, as the transactional outbox holds it. */
typedef struct ck_outbox_item {
    int64_t id;
    char idem_key[64]; /* the job UUID for a submission, UUID:state for an event */
    char kind[16];     /* "job.submit" or "job.event" */
    char job_uuid[STORE_UUID_LEN + 1];
    char payload[256];
    int attempts;
} ck_outbox_item;

/* Up to max items due at `now` (not parked, next attempt not in the future), oldest first. */
ck_err store_outbox_due(ck_store *st, int64_t now, ck_outbox_item *out, int max, int *n, ck_diag *d);
/*
 * What became of one pushed item. Accepted: it leaves the outbox (the
 * upstream keeps its idempotency key from then on) and, for a job.submit,
 * its job becomes submitted unless it has moved on already. Otherwise a
 * failed attempt: counted, the error recorded (never personal data), due
 * again at next_attempt_at or, when park is set (refused for good), kept
 * aside for the clerk and never retried; a submission the upstream's rules
 * refused also ends its job as rejected, with the upstream's reason.
 */
typedef struct ck_outbox_outcome {
    int64_t id;
    bool accepted;
    const char *submitted_job; /* accepted job.submit: the job's UUID; NULL otherwise */
    bool park;
    const char *rejected_job; /* a job.submit the upstream's rules refused: the job becomes rejected, error its reason */
    int64_t next_attempt_at;
    const char *error;
} ck_outbox_outcome;

/*
 * Records a whole round's outcomes in one transaction (one sync to disk per
 * batch). Acknowledging an item twice is harmless; a failure for an unknown
 * id is CK_E_NOT_FOUND and nothing of the round is kept.
 */
ck_err store_outbox_settle(ck_store *st, const ck_outbox_outcome *o, int n, int64_t now, ck_diag *d);

/* The sync worker's small facts ("last_success", "last_error", "clock_skew_s"...), each with when it was set. */
ck_err store_sync_state_set(ck_store *st, const char *key, const char *value, int64_t now, ck_diag *d);
/* CK_E_NOT_FOUND when never set. */
ck_err store_sync_state_get(ck_store *st, const char *key, char *value, size_t cap, int64_t *at, ck_diag *d);

/* The audit chain's last row: its id and hash in hex (id 0 and "" when empty), for the upstream's heartbeat. */
ck_err store_audit_head(ck_store *st, int64_t *id, char hash_hex[65], ck_diag *d);

/* Numbers and sizes for `certkioskctl store check`. */
typedef struct ck_store_stats {
    int schema_version;
    bool integrity_ok;
    char integrity_message[256];
    int64_t jobs, payments, receipts, outbox_pending, outbox_parked, audit_rows;
    int64_t file_bytes, wal_bytes;
    int64_t receipt_first, receipt_last; /* 0 when none */
} ck_store_stats;
ck_err store_stats(ck_store *st, ck_store_stats *out, ck_diag *d);

/*
 * Clears the personal fields of finished jobs last changed more than
 * after_days days before now. dry_run counts without changing anything.
 * The purge (not a dry run) is audited with the number of jobs.
 */
ck_err store_purge_personal(ck_store *st, int after_days, int64_t now, bool dry_run, int64_t *count, ck_diag *d);

#endif
