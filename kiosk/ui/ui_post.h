/*
 * ui_post.h - how a worker thread hands a result to the UI thread.
 *
 * The UI thread never waits on a card, the network, the printer or the
 * database: workers do, and post what they learned. ui_post pushes an SDL
 * user event of the one type registered by ui_post_init; the app's loop
 * wakes, gives the payload to the handlers registered for its kind
 * (ui_app_on_post) and to the current screen's on_post, then frees it with
 * free_fn. Safe to call from any thread once ui_post_init has run.
 */
#ifndef CK_UI_POST_H
#define CK_UI_POST_H

#include <stdbool.h>
#include <stdint.h>

/* Kinds used by the kiosk; flows add theirs after UI_POST_USER. */
enum ui_post_kind {
    UI_POST_WAKE = 0,     /* nothing: just rebuild */
    UI_POST_CARD_IN = 1,  /* the reader watcher saw a USB Key arrive */
    UI_POST_CARD_OUT = 2, /* ... and leave */
    UI_POST_ONLINE = 3,   /* the sync worker reached the upstream */
    UI_POST_OFFLINE = 4,  /* ... or could not */
    UI_POST_USER = 64,
};

/*
 * Registers the event type (once per process; SDL's event types are
 * process-wide, so this is too). Call after SDL_Init, before any worker
 * posts. Returns false if SDL has no user event types left.
 */
bool ui_post_init(void);

/* The registered SDL event type (0 before ui_post_init). */
uint32_t ui_post_event_type(void);

/*
 * Posts (kind, payload) to the UI thread. On success the UI owns payload and
 * calls free_fn(payload) after dispatch (free_fn may be NULL for static
 * payloads). On failure (queue full, not initialised) returns false and the
 * caller keeps payload.
 */
bool ui_post(uint32_t kind, void *payload, void (*free_fn)(void *));

/* For the app's loop: dispatches one ui_post event through fn, then frees it. */
typedef void (*ui_post_dispatch_fn)(uint32_t kind, void *payload, void *ctx);
void ui_post_deliver(const void *sdl_user_event, ui_post_dispatch_fn fn, void *ctx);

#endif
