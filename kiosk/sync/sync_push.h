/*
 * sync_push.h - one round of handing the outbox to the upstream
 * (docs/upstream-api.md, POST /v1/jobs): the due items in one batch over
 * mutual TLS; accepted items leave the outbox and their jobs become
 * submitted; a permanent refusal is parked with the upstream's reason; a
 * failure (network, 5xx, time-out) is retried after a full-jitter backoff.
 * Blocking: run it on the sync worker thread, never the UI's.
 */
#ifndef CK_SYNC_PUSH_H
#define CK_SYNC_PUSH_H

#include "config.h"
#include "store.h"

typedef struct ck_sync_report {
    int due;          /* items handed over this round */
    int accepted;     /* acknowledged (including replays of earlier pushes) */
    int parked;       /* refused for good: rejected or conflicting */
    int failed;       /* to be retried later */
    long http_status; /* 0 when no answer came */
    char error[256];  /* the last failure, for `sync status` and the clerk; never personal data */
} ck_sync_report;

/*
 * Runs one round at `now`. CK_OK when the round ran (whatever the upstream
 * answered: see the report), CK_E_CONFIG when no upstream is configured, a
 * store error otherwise.
 */
ck_err sync_push_once(ck_store *st, const ck_config *cfg, int64_t now, ck_sync_report *rep, ck_diag *d);

#endif
