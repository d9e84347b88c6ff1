/*
 * sync_parse.h - the upstream's answers (docs/upstream-api.md) read into
 * plain structs, and nothing else: no network, no store. Everything that
 * comes off the wire passes through here first, so this is the one place
 * that must survive any bytes at all (tests/fuzz/fuzz_sync_parse.c feeds it
 * garbage). Each parser takes the body and its length (not necessarily
 * NUL-terminated), returns true only when the whole answer has the promised
 * shape and types, and otherwise says in `why` what was wrong with it.
 */
#ifndef CK_SYNC_PARSE_H
#define CK_SYNC_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SYNC_DER_MAX  4096 /* a certificate; the store keeps the same */
#define SYNC_SEAL_MAX 8192 /* a seal with its picture (STORE_SEAL_MAX, SEAL_DER_MAX) */

/* {"error": {...}} from any non-2xx answer. */
typedef struct sync_error {
    char code[48];
    char message_zh[256];
    char message_en[256];
    bool retry;
} sync_error;
bool sync_parse_error(const char *body, size_t len, sync_error *out);

/* POST /v1/jobs: one result per item sent, in order, each naming its item's key. */
typedef enum sync_item_status { ITEM_ACCEPTED = 0, ITEM_REJECTED, ITEM_CONFLICT, ITEM_MALFORMED } sync_item_status;
typedef struct sync_item_result {
    sync_item_status status;
    char reason[160];
} sync_item_result;
/* keys[i] is the idem_key of item i; out gets n results. A result that names another key is ITEM_MALFORMED. */
bool sync_parse_push(const char *body, size_t len, const char *const *keys, int n, sync_item_result *out, char *why,
                     size_t cap);

/* What the upstream issued for a job: a certificate, a seal bound to it, or (a seal-only job) a seal alone. */
typedef struct sync_issued {
    uint8_t cert[SYNC_DER_MAX]; /* DER */
    size_t cert_len;            /* 0: no new certificate (印章升级, 印章续期) */
    uint8_t seal[SYNC_SEAL_MAX]; /* DER SESeal (docs/seal.md) */
    size_t seal_len;             /* 0: no seal */
} sync_issued;

/* GET /v1/changes: one status change. */
typedef enum sync_change_kind { CHANGE_APPROVED = 0, CHANGE_REJECTED, CHANGE_ISSUED, CHANGE_REVOKED } sync_change_kind;
typedef struct sync_change {
    int64_t cursor;
    char job[40];
    sync_change_kind kind;
    char reason_zh[256], reason_en[256]; /* rejected; revoked: reason in reason_en */
    sync_issued issued;                  /* issued: the certificate and/or the seal */
    char serial[80];    /* issued, revoked */
    int64_t revoked_at; /* revoked */
    char crl_url[256];  /* revoked */
} sync_change;
/*
 * Checks every change first, then calls fn for each in order (fn returns 0 to
 * go on). *next is the cursor to ask from next time, *more whether more wait.
 */
bool sync_parse_changes(const char *body, size_t len, int (*fn)(const sync_change *c, void *ctx), void *ctx,
                        int64_t *next, bool *more, char *why, size_t cap);

/* POST /v1/jobs/{uuid}/csr: the certificate (required) and the seal bound to it (when the service issues one). */
bool sync_parse_cert(const char *body, size_t len, sync_issued *out, char *why, size_t cap);

/* POST /v1/heartbeat: the upstream's clock. */
bool sync_parse_heartbeat(const char *body, size_t len, int64_t *server_time, char *why, size_t cap);

/* POST /v1/payments: the order to show. */
typedef struct sync_order {
    char order[48];
    char code_url[256];
    int64_t amount_fen;
    int64_t expires_at;
} sync_order;
bool sync_parse_order(const char *body, size_t len, sync_order *out, char *why, size_t cap);

/* GET /v1/payments/{order}: where it stands (WeChat's trade_state). */
typedef enum sync_trade_state {
    TRADE_NOTPAY = 0,
    TRADE_USERPAYING,
    TRADE_SUCCESS,
    TRADE_CLOSED,
    TRADE_REVOKED,
    TRADE_PAYERROR,
    TRADE_REFUND,
} sync_trade_state;
typedef struct sync_trade {
    sync_trade_state state;
    char transaction_id[40]; /* SUCCESS */
    int64_t paid_fen;        /* SUCCESS */
} sync_trade;
bool sync_parse_trade(const char *body, size_t len, sync_trade *out, char *why, size_t cap);

#endif
