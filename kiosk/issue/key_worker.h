/*
 * key_worker.h - the card reader's thread: the one place the kiosk's screens
 * wait on a USB Key. It watches the reader (PC/SC status changes; the
 * simulated key is always present), says when a key arrives or leaves, and
 * reads an inserted key for the self-check (key_inspect) when asked or on
 * arrival. The UI thread never calls the key: it asks, and is told through
 * a callback on this thread, from which it posts an event to its own loop.
 */
#ifndef CK_ISSUE_KEY_WORKER_H
#define CK_ISSUE_KEY_WORKER_H

#include <stdbool.h>

#include "clock.h"
#include "config.h"
#include "key_inspect.h"

typedef enum key_event_kind {
    KEY_EV_PRESENT = 0, /* a key arrived (or was there at start) */
    KEY_EV_ABSENT,      /* the key left */
    KEY_EV_REPORT,      /* report holds what is on it */
    KEY_EV_FAILED,      /* it could not be read: err and d say why (pulled, not a supported key...) */
} key_event_kind;

typedef struct key_event {
    key_event_kind kind;
    key_report report; /* KEY_EV_REPORT; owns its picture */
    ck_err err;
    ck_diag d;
} key_event;

/* Frees an event handed to the notify callback (and its report's picture). */
void key_event_free(void *ev);

/* Called on the worker thread; takes ownership of ev (free with key_event_free). Must not block. */
typedef void (*key_notify_fn)(void *ctx, key_event *ev);

typedef struct key_worker key_worker;

/*
 * Starts watching the reader of cfg's [token] (copied). The clock must
 * outlive the worker. inspect_on_arrival: read every key as it arrives.
 * CK_E_NOMEM, CK_E_CONFIG (the seal maker CA cannot be read).
 */
ck_err key_worker_start(const ck_config *cfg, const ck_clock *clock, bool inspect_on_arrival, key_notify_fn notify,
                        void *ctx, key_worker **out, ck_diag *d);
/* Asks for a read of the key in the reader (a KEY_EV_REPORT or KEY_EV_FAILED follows). Never blocks. */
void key_worker_inspect(key_worker *w);
/* Stops within about half a second and frees the worker. NULL is fine. */
void key_worker_stop(key_worker *w);

#endif
