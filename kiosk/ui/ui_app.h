/*
 * ui_app.h - the kiosk's screen: window, event loop, navigation between
 * screens, the customer's session, idle time-out, worker results, the card
 * reader hooks and the test script. What a flow author uses.
 *
 * A screen is a const ui_screen: a name (for tests), the size of its
 * per-session state, and a build function that adds elements (ui_widgets.h)
 * for the current state. The app calls build again whenever something
 * changed (a tap, a key, a worker's result, a second of a countdown) and
 * redraws only then: an idle kiosk sleeps in SDL_WaitEventTimeout.
 *
 * All timing (idle, countdowns) reads the injected ck_clock, never the SDL
 * tick counter, so tests move time with `clock +SECONDS`.
 *
 * Everything a customer enters lives in screen states (ui_app_state), which
 * belong to the session: ui_app_end_session wipes them all (memset, then
 * free), plus the keyboard, the pinyin composition, the element arena and
 * the text texture cache, and returns to the start screen.
 */
#ifndef CK_UI_APP_H
#define CK_UI_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "clock.h"
#include "config.h"
#include "fees.h"
#include "ui_build.h"
#include "ui_field.h"

typedef struct ui_app ui_app;

typedef struct ui_screen {
    const char *name;  /* stable, for `expect-screen` and the dump: "menu", "fees" */
    size_t state_size; /* bytes of per-session state (0: none), zeroed on first use */
    /* Called when the screen is entered by ui_app_go (not on back), with go's arg. */
    void (*enter)(ui_app *app, void *state, intptr_t arg);
    /* Adds the screen's elements. Required. Must not block or do I/O beyond the core. */
    void (*build)(ui_app *app, ui_build *b, void *state);
    /*
     * A worker's result (ui_post) arrived while this screen is shown; the
     * payload is borrowed for the call. Optional.
     */
    void (*on_post)(ui_app *app, void *state, uint32_t kind, void *payload);
    /*
     * "返回" on the header: true when the screen went back itself (a flow's
     * previous step); false leaves the screen as usual. Optional.
     */
    bool (*back)(ui_app *app, void *state);
    /* Releases what the state owns (QR codes, images) before the session wipes it. Optional. */
    void (*wipe)(void *state);
} ui_screen;

typedef enum ui_orientation { UI_ORIENT_AUTO = 0, UI_ORIENT_LANDSCAPE, UI_ORIENT_PORTRAIT } ui_orientation;

typedef struct ui_app_opts {
    const ck_config *cfg;     /* copied */
    const ck_fee_schedule *fees; /* copied */
    ck_clock clock;           /* the time source; tests pass a manual one */
    int64_t *manual_now;      /* non-NULL: clock reads *manual_now and `clock +N` moves it */
    const char *font_path;    /* resolved path of the screen font */
    const char *state_dir;    /* the kiosk's writable folder (librime's user data goes below it) */
    int win_w, win_h;         /* > 0: a window of that size (development); else full screen */
    bool supervisor;          /* window close and Escape quit (development, maintenance) */
    const ui_screen *start;   /* the attract screen: where every session begins and ends */
    const ui_screen *home;    /* the service menu: ui_app_home */
    void *links;              /* what screens reach the workers through (ui_links.h); borrowed */
} ui_app_opts;

/* Opens the window and renderer and loads the font. d says what failed. */
ck_err ui_app_create(const ui_app_opts *o, ui_app **out, ck_diag *d);
/* Runs the event loop until quit (supervisor) or the script ends; returns the exit status. */
int ui_app_run(ui_app *app);
void ui_app_destroy(ui_app *app);

/* --- navigation -------------------------------------------------------------- */
/* Shows s (pushing the current screen for ui_app_back); calls s->enter(arg). */
void ui_app_go(ui_app *app, const ui_screen *s, intptr_t arg);
/* Back to the previous screen (the start screen when there is none). */
void ui_app_back(ui_app *app);
/* To the service menu, forgetting the way there (the session stays). */
void ui_app_home(ui_app *app);
/* Ends the customer's session: wipes everything they entered, back to the start screen. */
void ui_app_end_session(ui_app *app);
/* The screen shown now. */
const ui_screen *ui_app_screen(const ui_app *app);

/*
 * The session state of screen s (state_size bytes, zeroed when first asked
 * for in a session), or of the current screen. NULL when state_size is 0.
 */
void *ui_app_state_of(ui_app *app, const ui_screen *s);
void *ui_app_state(ui_app *app);

/* --- session settings ---------------------------------------------------------- */
ui_lang ui_app_lang(const ui_app *app);
void ui_app_toggle_lang(ui_app *app);
bool ui_app_large_text(const ui_app *app);
void ui_app_toggle_large_text(ui_app *app);

/* --- what screens read ----------------------------------------------------------- */
const ck_config *ui_app_config(const ui_app *app);
const ck_fee_schedule *ui_app_fees(const ui_app *app);
int64_t ui_app_now(const ui_app *app);
const ck_clock *ui_app_clock(const ui_app *app);
/* The workers' handles the program gave (ui_app_opts.links); NULL without. */
void *ui_app_links(const ui_app *app);
/* Whether the card hooks last reported a USB Key in the reader. */
bool ui_app_card_present(const ui_app *app);

/* --- what screens change ----------------------------------------------------------- */
/* Something changed outside a tap (a tap already rebuilds): rebuild and redraw. */
void ui_app_dirty(ui_app *app);
/* Rebuild at the instant t (ck_clock seconds), e.g. the next second of a countdown. */
void ui_app_wake_at(ui_app *app, int64_t t);
/* Attaches the on-screen keyboard to f (NULL detaches). f must live in a screen state. */
void ui_app_focus(ui_app *app, ui_field *f);
ui_field *ui_app_focused(const ui_app *app);
/*
 * This session's idle time-out in seconds instead of [ui] idle_s (0: back to
 * it); a new session starts with [ui] idle_s again. Supervisor mode uses
 * [clerk] idle_s.
 */
void ui_app_set_idle(ui_app *app, int seconds);
/*
 * Calls fn(ctx) from the loop once the first frame is on the screen, then
 * every interval_ms while the loop runs (0: only the first time). It is the
 * service watchdog's keep-alive: a loop stuck in a handler stops calling it.
 */
void ui_app_set_heartbeat(ui_app *app, int interval_ms, void (*fn)(void *ctx), void *ctx);
/* A strip across the top of every screen (e.g. offline); NULL clears it. Copied. */
void ui_app_set_banner(ui_app *app, const char *zh, const char *en);

/* --- results from worker threads --------------------------------------------------- */
typedef void (*ui_post_fn)(ui_app *app, uint32_t kind, void *payload, void *ctx);
/*
 * Registers fn for posts of kind (ui_post.h); it runs on the UI thread before
 * the current screen's on_post. At most 16 handlers.
 */
bool ui_app_on_post(ui_app *app, uint32_t kind, ui_post_fn fn, void *ctx);

/* --- the card reader ------------------------------------------------------------------ */
/*
 * What happens when a USB Key is inserted or removed. The reader watcher (or
 * the test script's `card insert`/`card remove`) calls ui_app_card_event; the
 * app records the state, calls the hook and rebuilds. Copied; NULL hooks
 * restore the defaults, which only record the state.
 */
typedef struct ui_card_hooks {
    void (*inserted)(ui_app *app, void *ctx);
    void (*removed)(ui_app *app, void *ctx);
    void *ctx;
} ui_card_hooks;
void ui_app_set_card_hooks(ui_app *app, const ui_card_hooks *hooks);
void ui_app_card_event(ui_app *app, bool present);

/* --- kiosk lock-down ------------------------------------------------------------------- */
/* While set, window close, Alt+F4 and Escape quit; otherwise they do nothing. */
void ui_app_set_supervisor(ui_app *app, bool on);

/* --- tests ------------------------------------------------------------------------------ */
/*
 * Runs the script at path inside the event loop (docs/ui.md); screenshots
 * and dumps go to out_dir; dump_path (may be NULL) receives the last screen's
 * JSON when the script ends. Call before ui_app_run.
 */
ck_err ui_app_set_script(ui_app *app, const char *path, const char *out_dir, const char *dump_path, ck_diag *d);

#endif
