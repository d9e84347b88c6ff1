/*
 * ui_app_internal.h - the app's insides, shared by the files that make up
 * the app (ui_app.c, ui_kbd.c, ui_script.c, ui_dump.c, ui_draw.c). Screens
 * use ui_app.h only.
 */
#ifndef CK_UI_APP_INTERNAL_H
#define CK_UI_APP_INTERNAL_H

#include <SDL.h>

#include "ui_app.h"
#include "ui_dump.h"
#include "ui_kbd.h"
#include "ui_rime.h"
#include "ui_text.h"

#define UI_NAV_MAX 16
#define UI_MAX_POST_HANDLERS 16
#define UI_HEADER_H 128 /* design units */

typedef struct ui_script ui_script;

/* One screen's session state; data follows the header, aligned for any type. */
typedef struct ui_state_block {
    struct ui_state_block *next;
    const ui_screen *screen;
    size_t size;
    _Alignas(max_align_t) unsigned char data[];
} ui_state_block;

struct ui_app {
    bool fullscreen_pending; /* full screen is asked for after the first frame (ui_app.c open_window) */
    struct {
        int interval_ms;
        void (*fn)(void *ctx);
        void *ctx;
        uint64_t last_ms; /* SDL_GetTicks64 of the last call; 0 before the first frame's */
    } heartbeat;
    int idle_override_s;     /* > 0: the session's idle time-out instead of [ui] idle_s (ui_app_set_idle) */
    ck_config cfg;
    ck_fee_schedule fees;
    ck_clock clock;
    int64_t *manual_now;
    void *links;
    SDL_Window *win;
    SDL_Renderer *ren;
    ui_text *text;
    char state_dir[CONFIG_PATH_MAX];
    ui_orientation orient;
    bool supervisor;

    /* The element list, rebuilt when dirty. */
    ui_build b;
    bool dirty;
    bool quit;
    int exit_code;
    unsigned long frames, builds;

    /* Navigation: nav[nav_n - 1] is shown. */
    const ui_screen *start, *home;
    const ui_screen *nav[UI_NAV_MAX];
    int nav_n;

    /* The session. */
    ui_lang lang;
    bool large_text;
    ui_state_block *states;
    int64_t last_activity;
    bool idle_open;
    int64_t idle_deadline;
    int64_t wake_at; /* 0: none */
    ui_field *focus;
    ui_kbd kbd;

    ui_rime *rime;
    bool rime_tried;

    /* Touch in progress. */
    char pressed_id[UI_ID_MAX];
    char last_tap[UI_ID_MAX]; /* the last element activated (the script checks its taps landed) */
    unsigned long taps;

    char banner_zh[256], banner_en[256];
    bool card_present;
    ui_card_hooks card_hooks;

    struct {
        uint32_t kind;
        ui_post_fn fn;
        void *ctx;
    } posts[UI_MAX_POST_HANDLERS];
    int n_posts;

    ui_script *script;
};

/* Rebuilds the element list now (when dirty or forced). */
void ui_app_rebuild(ui_app *app);
/* Delivers a post now, as the loop does with a worker's: the app's own handling, the handlers, the screen. */
void ui_app_dispatch(ui_app *app, uint32_t kind, void *payload);
/* Draws the element list; present=false leaves the frame unpresented (screenshots read it first). */
void ui_app_render(ui_app *app, bool present);
/* The rime handle, opened on first need; NULL when pinyin is unavailable. */
ui_rime *ui_app_rime(ui_app *app);

/* ui_draw.c: draws the build's elements with the renderer. */
void ui_draw_elements(ui_app *app);

/* ui_script.c */
typedef enum ui_script_status { UI_SCRIPT_RUN, UI_SCRIPT_WAIT, UI_SCRIPT_DONE, UI_SCRIPT_FAILED } ui_script_status;
ck_err ui_script_load(const char *path, const char *out_dir, const char *dump_path, ui_script **out, ck_diag *d);
void ui_script_free(ui_script *s);
/* Runs the next command if it can; *timeout_ms says how long the loop may sleep before asking again. */
ui_script_status ui_script_step(ui_script *s, ui_app *app, int *timeout_ms);
/* The loop saw the marker the script pushed after a tap's events. */
void ui_script_marker(ui_script *s, uint32_t seq);
/* Writes the end-of-script dump (when asked for). */
void ui_script_finish(ui_script *s, ui_app *app);

/* ui_png.c: the renderer's current frame as an RGB PNG. */
ck_err ui_png_screenshot(SDL_Renderer *ren, const char *path, ck_diag *d);

/* Internal post kind: the script's tap marker (payload: sequence number). */
#define UI_POST_SCRIPT_MARKER 0x7fff0001u

#endif
