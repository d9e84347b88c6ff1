/*
 * sync_worker.h - the sync worker thread: the one place the kiosk waits on
 * the network. It owns its own store connection and runs rounds (push the
 * outbox until drained, pull changes, fetch certificates, check payments,
 * and now and then a heartbeat), every [upstream] sync_interval_s, sooner
 * when kicked or while a payment is open. The UI thread never calls the
 * network: it kicks, reads the last status (a copy under a mutex, never
 * waiting for a round), and is told after each round through a callback,
 * from which the UI posts an event to its own loop.
 */
#ifndef CK_SYNC_WORKER_H
#define CK_SYNC_WORKER_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "error.h"

#define SYNC_RECENT_ERRORS 5

/* One of the last distinct errors the rounds met, for the clerk's screen. */
typedef struct sync_error_seen {
    int64_t first, last; /* seconds since the epoch */
    int count;           /* rounds in a row that met it */
    char text[160];      /* never personal data */
} sync_error_seen;

typedef struct sync_status {
    bool configured; /* an upstream URL is set */
    bool online;     /* the last round reached the upstream */
    bool busy;       /* a round is running now */
    uint64_t rounds; /* rounds finished since start */
    int64_t queue_depth, parked;
    bool payment_open;    /* a payment order is open or being closed */
    int64_t last_success; /* seconds since the epoch; 0 never */
    int64_t clock_skew_s;
    bool clock_warning;
    char last_error[256]; /* never personal data */
    sync_error_seen recent[SYNC_RECENT_ERRORS]; /* newest first; count 0 = none */
} sync_status;

typedef struct sync_worker sync_worker;

/* Called on the worker thread after each round with a copy of the status. Must not block. */
typedef void (*sync_notify_fn)(void *ctx, const sync_status *status);

/*
 * Starts the worker for cfg's store and upstream (cfg is copied). notify may
 * be NULL. CK_E_NOMEM, or the store's error when its database cannot be
 * opened (the worker never creates one).
 */
ck_err sync_worker_start(const ck_config *cfg, sync_notify_fn notify, void *ctx, sync_worker **out, ck_diag *d);
/* Asks for a round now (a job was queued, a payment opened, a clerk pressed "sync"). Never blocks. */
void sync_worker_kick(sync_worker *w);
/* The status after the last round, and whether a round is running. Never waits for the network. */
void sync_worker_status(sync_worker *w, sync_status *out);
/* Stops after the request in flight (at most [upstream] timeout_s) and frees the worker. NULL is fine. */
void sync_worker_stop(sync_worker *w);

#endif
