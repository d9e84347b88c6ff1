/*
 * ref.h - the reference CA upstream (docs/upstream-api.md): the kiosk's
 * counterpart in tests and demos. One HTTPS server with mutual TLS
 * (libmicrohttpd over GnuTLS), its own SQLite file, an OpenSSL issuing CA,
 * a WeChat Pay merchant simulation and switchable faults. The files:
 *
 *   ref_main.c    options, start-up, routing
 *   ref_http.c    answers, request bodies, the mutual-TLS check
 *   ref_db.c      the SQLite file: schema and small statement helpers
 *   ref_jobs.c    POST /v1/jobs, GET /v1/changes, decisions, heartbeat, stats
 *   ref_ca.c      OpenSSL only: CSR checks, signing, the CRL
 *   ref_certs.c   issuing and revoking for jobs, over the database
 *   ref_pay.c     WeChat Native payment orders
 *   ref_faults.c  latency, refusals, dropped connections, garbled answers, crashes
 *
 * The daemon runs one thread (MHD_USE_INTERNAL_POLLING_THREAD), so the server
 * struct needs no lock; every handler fills a ref_answer and ref_main.c sends
 * it, which is where faults can replace it.
 */
#ifndef CK_TESTS_REF_H
#define CK_TESTS_REF_H

#include <cjson/cJSON.h>
#include <microhttpd.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fees.h"

#define REF_MAX_BODY  (1024 * 1024) /* request and answer bodies */
#define REF_MAX_ITEMS 100           /* items per push */
#define REF_MAX_CSR   (8 * 1024)    /* PEM */
#define REF_MAX_KEY   64            /* idempotency keys, job uuids, order ids */
#define REF_MAX_URL   300           /* --public-url + "/v1/crl" */

/* ---- the server ----------------------------------------------------------- */

struct ref_faults {
    int latency_ms;
    int fail_pct;   /* 503 busy before any work */
    int drop_pct;   /* POST /v1/jobs: commit, then close without answering */
    int garble_pct; /* jobs, changes, payments: a corrupted 200 after the work */
    int crash_pct;  /* POST /v1/jobs: _exit(137) right after the commit */
    uint64_t rng;   /* xorshift64* state, from --seed */
    unsigned garble_next;
};

struct ref_ca {
    X509 *cert; /* NULL when --ca-cert/--ca-key were not given */
    EVP_PKEY *key;
    char *chain_b64; /* the CA certificate, base64 DER */
};

/* The seal maker (ref_seals.c): a key certified by the CA; NULL key without a CA. */
struct ref_sealer {
    EVP_PKEY *key;
    unsigned char *cert_der;
    size_t cert_len;
    char font[512];    /* for the seal's picture */
    int64_t seal_days; /* --seal-days: > 0 makes seals issued with certificates end sooner (to test 印章续期) */
    int64_t rules_offset_s; /* --rules-clock-offset-s: the seal rules' "today" moved on (to test 60 days left) */
};

struct ref_server {
    sqlite3 *db;
    struct ref_ca ca;
    struct ref_sealer sealer;
    char crl_url[REF_MAX_URL]; /* <public-url>/v1/crl */
    int32_t utc_offset_s;
    int64_t order_ttl_s;
    ck_fee_schedule fees;
    struct ref_faults faults;
    int64_t conflicts; /* conflict answers given since start */
};

/* ---- answers (ref_http.c) ------------------------------------------------- */

/* What a handler answers; ref_http_send sends and frees it. */
typedef struct ref_answer {
    unsigned status;
    cJSON *json; /* owned; sent as application/json when raw is NULL */
    char *raw;   /* owned, malloc'd; sent as is with content_type */
    size_t raw_len;
    const char *content_type;
    bool retry_after; /* adds "Retry-After: 1" */
    bool drop;        /* close the connection without an answer */
} ref_answer;

/* Takes body; a NULL body (out of memory) becomes a 500. */
void ref_answer_json(ref_answer *a, unsigned status, cJSON *body);
/* The protocol's error body {"error": {code, message_zh, message_en, retry}}. */
void ref_answer_error(ref_answer *a, unsigned status, const char *code, const char *zh, const char *en, bool retry);
/* 500 internal, retry true; what (English) goes to stderr for whoever reads the log. */
void ref_answer_internal(ref_answer *a, const char *what);
/* Copies len bytes as the body. */
void ref_answer_raw(ref_answer *a, unsigned status, const char *content_type, const void *bytes, size_t len);
/* Frees the body and resets *a to "no answer yet". */
void ref_answer_clear(ref_answer *a);
/* Sends *a after the configured latency and frees it; MHD_NO drops the connection. */
enum MHD_Result ref_http_send(struct MHD_Connection *c, const struct ref_faults *f, ref_answer *a);

/* One connection's request body, kept up to REF_MAX_BODY. */
struct ref_request {
    char *body;
    size_t len;
    bool too_large;
};
/* Appends an upload chunk. false when out of memory. */
bool ref_http_collect(struct ref_request *rq, const char *upload, size_t size);
/*
 * The client certificate verifies against the kiosk CA and its CN (the kiosk
 * id, written to kiosk) equals the one X-Kiosk-Id header.
 */
bool ref_http_authorised(struct MHD_Connection *c, char *kiosk, size_t cap);

/* Lower-case hex SHA-256 of len bytes. false if the digest failed. */
bool ref_sha256_hex(const void *data, size_t len, char out[65]);
/* n random bytes from OpenSSL's generator (ids, serials). false on failure. */
bool ref_random(unsigned char *buf, size_t n);

/* ---- the database (ref_db.c) ---------------------------------------------- */

typedef enum ref_found { REF_FOUND, REF_ABSENT, REF_FAILED } ref_found;

/* Opens (creating or upgrading) the file. false with a message on stderr. */
bool ref_db_open(struct ref_server *sv, const char *path);
void ref_db_close(struct ref_server *sv);
/*
 * Binds values by a format, one letter per '?': 't' text (const char *, NULL
 * binds NULL), 'i' int64_t (pass an int64_t, not an int), 'b' blob (const
 * void *, size_t). Values are bound SQLITE_STATIC: they must live until the
 * statement is stepped. false (logged) on failure.
 */
bool ref_db_bind(sqlite3_stmt *q, const char *fmt, ...);
/* Prepares sql and binds; NULL (logged) on failure. The caller finalizes. */
sqlite3_stmt *ref_db_query(sqlite3 *db, const char *sql, const char *fmt, ...);
/* Prepares, binds, steps to the end; false (logged) on failure. */
bool ref_db_run(sqlite3 *db, const char *sql, const char *fmt, ...);
/* The first column of the first row as an integer (0 when there is no row). */
bool ref_db_int(sqlite3 *db, int64_t *out, const char *sql, const char *fmt, ...);
bool ref_db_begin(sqlite3 *db);  /* BEGIN IMMEDIATE */
bool ref_db_commit(sqlite3 *db); /* false: the caller rolls back */
void ref_db_rollback(sqlite3 *db);
/* Column i of the current row as text; "" for NULL (or when out of memory), never NULL. */
const char *ref_db_text(sqlite3_stmt *q, int i);
/* Logs the connection's last error under what; for a step or column failure. */
void ref_db_log(sqlite3 *db, const char *what);

/* Appends a status change for the kiosk's job; extra is a JSON object merged into the change, or NULL. */
bool ref_db_change_add(sqlite3 *db, const char *kiosk, const char *job, const char *to, const char *zh, const char *en,
                       const cJSON *extra);
/* The accepted job.submit item for uuid from kiosk, parsed (*item: caller deletes). */
ref_found ref_db_job_item(sqlite3 *db, const char *kiosk, const char *uuid, cJSON **item);
/* Has the job an "approved" change? */
ref_found ref_db_job_approved(sqlite3 *db, const char *kiosk, const char *uuid);

/* ---- jobs (ref_jobs.c) ---------------------------------------------------- */

void ref_jobs_push(struct ref_server *sv, const char *kiosk, const cJSON *body, ref_answer *a);
void ref_jobs_changes(struct ref_server *sv, const char *kiosk, const char *since, const char *limit, ref_answer *a);
void ref_jobs_decide(struct ref_server *sv, const char *kiosk, const cJSON *body, ref_answer *a);
void ref_jobs_heartbeat(const cJSON *body, ref_answer *a);
void ref_jobs_stats(struct ref_server *sv, ref_answer *a);

/* ---- the CA, OpenSSL only (ref_ca.c) -------------------------------------- */

typedef enum ref_ca_rc { REF_CA_OK, REF_CA_BAD_CSR, REF_CA_SUBJECT_MISMATCH, REF_CA_FAILED } ref_ca_rc;

/* The certificate's subject, built by the upstream from the job. org and serial_number may be NULL. */
typedef struct ref_subject {
    const char *cn, *org, *serial_number;
} ref_subject;

/* What a certificate was issued as. der is OPENSSL_malloc'd (ref_issued_free). */
typedef struct ref_issued {
    unsigned char *der;
    size_t der_len;
    char serial[48]; /* upper-case hex */
    int64_t not_before, not_after;
} ref_issued;

typedef struct ref_revoked {
    const char *serial; /* hex */
    int64_t at;
    const char *reason; /* key_lost, superseded, cessation */
} ref_revoked;

/* Loads and checks the CA pair (the key must match the certificate). false with a message on stderr. */
bool ref_ca_load(struct ref_ca *ca, const char *cert_path, const char *key_path);
void ref_ca_free(struct ref_ca *ca);
/* Is reason one of key_lost, superseded, cessation? */
bool ref_ca_reason_valid(const char *reason);
/*
 * Parses a PEM CSR (at most REF_MAX_CSR), verifies its self-signature (SM2
 * CSRs with the default distinguishing id too) and, when its subject has a
 * CN, that it equals cn. *req is the caller's; sha is the DER's SHA-256.
 */
ref_ca_rc ref_ca_check_csr(const char *pem, const char *cn, X509_REQ **req, char sha[65]);
/* Signs req's key under the subject s for [not_before, not_after], with crl_url as distribution point. */
ref_ca_rc ref_ca_issue(const struct ref_ca *ca, X509_REQ *req, const ref_subject *s, int64_t not_before,
                       int64_t not_after, const char *crl_url, ref_issued *out);
void ref_issued_free(ref_issued *is);
/* A DER CRL (v2) listing n revocations, numbered crl_number, valid from now for a day; *der: OPENSSL_free. */
bool ref_ca_crl(const struct ref_ca *ca, const ref_revoked *list, size_t n, int64_t crl_number, int64_t now,
                unsigned char **der, size_t *der_len);
/* Base64 (no line breaks) of len bytes, malloc'd; NULL when out of memory. */
char *ref_base64(const unsigned char *data, size_t len);

/* ---- certificates for jobs (ref_certs.c) ---------------------------------- */

void ref_certs_csr(struct ref_server *sv, const char *kiosk, const char *uuid, const cJSON *body, ref_answer *a);
void ref_certs_revoke(struct ref_server *sv, const char *kiosk, const char *uuid, const cJSON *body, ref_answer *a);
void ref_certs_crl(struct ref_server *sv, ref_answer *a);
/* POST /v1/test/decide with "to": "issued": signs the CSR of the job's submission. */
void ref_certs_decide_issued(struct ref_server *sv, const char *kiosk, const char *uuid, ref_answer *a);
/*
 * Inside the caller's transaction: revokes the current certificate of the
 * holder of revoke job `job` (reason cessation) and appends a "revoked"
 * change for it. REF_ABSENT when the holder has none (nothing recorded).
 */
ref_found ref_certs_revoke_holder(struct ref_server *sv, const char *kiosk, const char *uuid, const cJSON *job);

/* ---- seals (ref_seals.c) -------------------------------------------------- */

/* Makes the seal maker's key and certificate when a CA is loaded. false with a message on stderr. */
bool ref_seals_init(struct ref_server *sv, const char *font, int64_t seal_days);
void ref_seals_free(struct ref_server *sv);
/* A seal named name bound to cert, valid from now to valid_end; *der is malloc'd. false (logged) on failure. */
bool ref_seals_make(struct ref_server *sv, const char *name, bool personal, const unsigned char *cert,
                    size_t cert_len, int64_t now, int64_t valid_end, unsigned char **der, size_t *len);
/* Remembers a seal made for the kiosk's job, bound to cert (what 印章续期 later checks). */
bool ref_seals_record(sqlite3 *db, const char *kiosk, const char *uuid, const unsigned char *cert, size_t cert_len,
                      int64_t valid_end, const unsigned char *der, size_t len, int64_t now);
/*
 * A seal-only job (印章升级, 印章续期), inside the caller's transaction: the
 * certificate it carries must be one issued here to its holder, and the
 * core's eligibility rules must allow the service; then "approved" (when
 * add_approved) and "issued" with the seal are appended, else "rejected"
 * with the rule's reason. false on a database or signing failure.
 */
bool ref_seals_for_job(struct ref_server *sv, const char *kiosk, const char *uuid, const cJSON *job, bool add_approved,
                       int64_t now);

/* ---- payments (ref_pay.c) ------------------------------------------------- */

void ref_pay_create(struct ref_server *sv, const char *kiosk, const cJSON *body, ref_answer *a);
void ref_pay_query(struct ref_server *sv, const char *kiosk, const char *order, ref_answer *a);
void ref_pay_close(struct ref_server *sv, const char *kiosk, const char *order, ref_answer *a);
void ref_pay_test_pay(struct ref_server *sv, const char *kiosk, const char *order, const cJSON *body, ref_answer *a);

/* ---- faults (ref_faults.c) ------------------------------------------------ */

typedef enum ref_garble_kind {
    REF_GARBLE_NONE = 0,
    REF_GARBLE_JOBS,
    REF_GARBLE_CHANGES,
    REF_GARBLE_PAYMENTS
} ref_garble_kind;

void ref_faults_seed(struct ref_faults *f, uint64_t seed);
/* true for pct% of calls (pct 0..100), from the seeded generator. */
bool ref_faults_roll(struct ref_faults *f, int pct);
/* Before any work: fail_pct% of requests become 503 busy with Retry-After. true when *a was filled. */
bool ref_faults_refuse(struct ref_faults *f, ref_answer *a);
/* Right after POST /v1/jobs committed: maybe _exit(137), maybe mark *a to be dropped. */
void ref_faults_after_commit(struct ref_faults *f, ref_answer *a);
/* After the work: maybe replace *a by a corrupted 200 of the kind's endpoint. */
void ref_faults_garble(struct ref_faults *f, ref_garble_kind kind, ref_answer *a);

#endif
