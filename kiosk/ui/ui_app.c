/*
 * ui_app.c - window, event loop, navigation, session and idle time-out
 * (see ui_app.h). The loop: wait for an event or the next deadline, handle
 * every pending event, check the clock (idle, countdowns), rebuild and
 * redraw only when something changed, then let the test script take its
 * next step.
 */
#include "ui_app_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_bench.h"
#include "ui_post.h"
#include "ui_widgets.h"

#define IDLE_WAIT_MS 60000 /* nothing due: still wake once a minute, in case the clock jumped */

static void explicit_wipe(void *p, size_t n)
{
    if (p != NULL && n > 0)
        explicit_bzero(p, n); /* not optimised away before free() */
}

/* --- creation ------------------------------------------------------------------------ */

static ck_err open_window(ui_app *app, const ui_app_opts *o, ck_diag *d)
{
    Uint32 flags = SDL_WINDOW_SHOWN;
    int w = o->win_w, h = o->win_h;
    bool windowed = w > 0 && h > 0;
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    /* Closing the window is a window event, not SDL_QUIT, which then means SIGTERM or SIGINT: systemd's stop. */
    SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0"); /* a touch is handled once, as a finger */
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    /*
     * When the renderer is SDL's software one, present its frame straight to the
     * window, not through an OpenGL texture: without a GPU that loads Mesa for
     * nothing (~100 MB, ~290 ms of start-up, 8-15 ms per present; docs/benchmarks.md).
     */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (!windowed) {
        /* Full screen: keep Alt+Tab and the like for ourselves (they then do nothing). */
        SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");
        /*
         * Borderless at the screen's size now, full screen after the first frame
         * (ui_app_run): asking for full screen at creation made SDL wait ~100 ms
         * for a window manager before anything could be shown (docs/benchmarks.md).
         */
        flags |= SDL_WINDOW_BORDERLESS;
        app->fullscreen_pending = true;
        w = 1920;
        h = 1080;
    }
    if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
        return ck_diag_detail(d, CK_E_IO, "无法打开显示屏", "SDL could not start the video: %s", SDL_GetError());
    if (!windowed) {
        /*
         * Created at the screen's size from the start: a window made 1920x1080
         * and then made full screen on a portrait screen keeps a landscape GL
         * drawable on some servers (Xvfb), and part of the frame stays black.
         */
        SDL_DisplayMode mode;
        if (SDL_GetDesktopDisplayMode(0, &mode) == 0 && mode.w > 0 && mode.h > 0) {
            w = mode.w;
            h = mode.h;
        }
    }
    if (!ui_post_init())
        return ck_diag_detail(d, CK_E_IO, "无法打开显示屏", "SDL has no user event type left");
    app->win = SDL_CreateWindow("certkiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (app->win == NULL)
        return ck_diag_detail(d, CK_E_IO, "无法打开显示屏", "cannot open the window: %s", SDL_GetError());
    app->ren = SDL_CreateRenderer(app->win, -1, SDL_RENDERER_ACCELERATED);
    if (app->ren == NULL)
        app->ren = SDL_CreateRenderer(app->win, -1, SDL_RENDERER_SOFTWARE);
    if (app->ren == NULL)
        return ck_diag_detail(d, CK_E_IO, "无法打开显示屏", "no renderer: %s", SDL_GetError());
    SDL_SetRenderDrawBlendMode(app->ren, SDL_BLENDMODE_BLEND);
    if (!windowed) {
        SDL_SetWindowKeyboardGrab(app->win, SDL_TRUE);
        SDL_ShowCursor(SDL_DISABLE);
    }
    return CK_OK;
}

ck_err ui_app_create(const ui_app_opts *o, ui_app **out, ck_diag *d)
{
    ui_app *app;
    ck_err rc;
    if (o == NULL || out == NULL || o->cfg == NULL || o->fees == NULL || o->font_path == NULL || o->start == NULL ||
        o->home == NULL || o->clock.now == NULL)
        return CK_E_ARG;
    app = calloc(1, sizeof *app);
    if (app == NULL)
        return CK_E_NOMEM;
    app->cfg = *o->cfg;
    app->fees = *o->fees;
    app->clock = o->clock;
    app->manual_now = o->manual_now;
    app->supervisor = o->supervisor;
    app->start = o->start;
    app->home = o->home;
    app->links = o->links;
    snprintf(app->state_dir, sizeof app->state_dir, "%s", o->state_dir != NULL ? o->state_dir : "");
    app->orient = strcmp(app->cfg.ui_orientation, "landscape") == 0  ? UI_ORIENT_LANDSCAPE
                  : strcmp(app->cfg.ui_orientation, "portrait") == 0 ? UI_ORIENT_PORTRAIT
                                                                       : UI_ORIENT_AUTO;
    app->b.elems = calloc(UI_MAX_ELEMS, sizeof *app->b.elems);
    app->b.arena = malloc(UI_ARENA_BYTES);
    if (app->b.elems == NULL || app->b.arena == NULL) {
        rc = CK_E_NOMEM;
        goto fail;
    }
    app->b.cap = UI_MAX_ELEMS;
    app->b.arena_cap = UI_ARENA_BYTES;
    app->b.app = app;
    rc = open_window(app, o, d);
    if (rc == CK_OK)
        rc = ui_text_open(app->ren, o->font_path, &app->text, d);
    if (rc != CK_OK)
        goto fail;
    app->nav[0] = app->start;
    app->nav_n = 1;
    app->lang = UI_ZH;
    app->large_text = app->cfg.ui_large_text;
    app->last_activity = clock_now(&app->clock);
    app->dirty = true;
    *out = app;
    return CK_OK;
fail:
    ui_app_destroy(app);
    return rc;
}

static void free_states(ui_app *app)
{
    while (app->states != NULL) {
        ui_state_block *blk = app->states;
        app->states = blk->next;
        if (blk->screen->wipe != NULL)
            blk->screen->wipe(blk->data);
        explicit_wipe(blk->data, blk->size);
        free(blk);
    }
}

void ui_app_destroy(ui_app *app)
{
    SDL_Event ev;
    if (app == NULL)
        return;
    /* Posts still queued own their payloads: free them. */
    if (ui_post_event_type() != 0)
        while (SDL_PeepEvents(&ev, 1, SDL_GETEVENT, ui_post_event_type(), ui_post_event_type()) == 1)
            ui_post_deliver(&ev.user, NULL, NULL);
    free_states(app);
    ui_script_free(app->script);
    ui_rime_close(app->rime);
    ui_text_close(app->text);
    if (app->ren != NULL)
        SDL_DestroyRenderer(app->ren);
    if (app->win != NULL)
        SDL_DestroyWindow(app->win);
    if (app->b.arena != NULL)
        explicit_wipe(app->b.arena, app->b.arena_cap);
    free(app->b.arena);
    free(app->b.elems);
    explicit_wipe(app, sizeof *app);
    free(app);
}

/* --- simple accessors ------------------------------------------------------------------- */

const ck_config *ui_app_config(const ui_app *app) { return &app->cfg; }
const ck_fee_schedule *ui_app_fees(const ui_app *app) { return &app->fees; }
int64_t ui_app_now(const ui_app *app) { return clock_now(&app->clock); }
const ck_clock *ui_app_clock(const ui_app *app) { return &app->clock; }
void *ui_app_links(const ui_app *app) { return app->links; }
bool ui_app_card_present(const ui_app *app) { return app->card_present; }
ui_lang ui_app_lang(const ui_app *app) { return app->lang; }
bool ui_app_large_text(const ui_app *app) { return app->large_text; }
const ui_screen *ui_app_screen(const ui_app *app) { return app->nav[app->nav_n - 1]; }
ui_field *ui_app_focused(const ui_app *app) { return app->focus; }
void ui_app_dirty(ui_app *app) { app->dirty = true; }
void ui_app_set_supervisor(ui_app *app, bool on) { app->supervisor = on; }

void ui_app_toggle_lang(ui_app *app)
{
    app->lang = app->lang == UI_ZH ? UI_EN : UI_ZH;
    app->dirty = true;
}

void ui_app_toggle_large_text(ui_app *app)
{
    app->large_text = !app->large_text;
    app->dirty = true;
}

void ui_app_wake_at(ui_app *app, int64_t t)
{
    if (app->wake_at == 0 || t < app->wake_at)
        app->wake_at = t;
}

void ui_app_set_banner(ui_app *app, const char *zh, const char *en)
{
    snprintf(app->banner_zh, sizeof app->banner_zh, "%s", zh != NULL ? zh : "");
    snprintf(app->banner_en, sizeof app->banner_en, "%s", en != NULL ? en : (zh != NULL ? zh : ""));
    app->dirty = true;
}

bool ui_app_on_post(ui_app *app, uint32_t kind, ui_post_fn fn, void *ctx)
{
    if (app->n_posts >= UI_MAX_POST_HANDLERS || fn == NULL)
        return false;
    app->posts[app->n_posts].kind = kind;
    app->posts[app->n_posts].fn = fn;
    app->posts[app->n_posts].ctx = ctx;
    app->n_posts++;
    return true;
}

void ui_app_set_card_hooks(ui_app *app, const ui_card_hooks *hooks)
{
    if (hooks != NULL)
        app->card_hooks = *hooks;
    else
        memset(&app->card_hooks, 0, sizeof app->card_hooks);
}

void ui_app_card_event(ui_app *app, bool present)
{
    app->card_present = present;
    if (present && app->card_hooks.inserted != NULL)
        app->card_hooks.inserted(app, app->card_hooks.ctx);
    if (!present && app->card_hooks.removed != NULL)
        app->card_hooks.removed(app, app->card_hooks.ctx);
    app->dirty = true;
}

/* --- session state ------------------------------------------------------------------------ */

void *ui_app_state_of(ui_app *app, const ui_screen *s)
{
    ui_state_block *blk;
    if (s == NULL || s->state_size == 0)
        return NULL;
    for (blk = app->states; blk != NULL; blk = blk->next)
        if (blk->screen == s)
            return blk->data;
    blk = calloc(1, sizeof *blk + s->state_size);
    if (blk == NULL) {
        /* Out of memory for a screen's state: end the session rather than run without it. */
        SDL_Log("certkiosk: out of memory for the state of screen %s", s->name);
        abort();
    }
    blk->screen = s;
    blk->size = s->state_size;
    blk->next = app->states;
    app->states = blk;
    return blk->data;
}

void *ui_app_state(ui_app *app) { return ui_app_state_of(app, ui_app_screen(app)); }

void ui_app_focus(ui_app *app, ui_field *f)
{
    if (app->focus != f)
        ui_kbd_reset(app);
    app->focus = f;
    app->dirty = true;
}

/* --- navigation ----------------------------------------------------------------------------- */

static void leave_screen(ui_app *app)
{
    app->focus = NULL;
    ui_kbd_reset(app);
    app->pressed_id[0] = '\0';
    app->wake_at = 0;
    app->dirty = true;
}

void ui_app_go(ui_app *app, const ui_screen *s, intptr_t arg)
{
    leave_screen(app);
    if (app->nav_n == UI_NAV_MAX) { /* keep the start screen, forget the oldest step after it */
        memmove(&app->nav[1], &app->nav[2], (UI_NAV_MAX - 2) * sizeof app->nav[0]);
        app->nav_n--;
    }
    app->nav[app->nav_n++] = s;
    if (s->enter != NULL)
        s->enter(app, ui_app_state_of(app, s), arg);
}

void ui_app_back(ui_app *app)
{
    const ui_screen *cur = ui_app_screen(app);
    if (cur != NULL && cur->back != NULL && cur->back(app, ui_app_state_of(app, cur)))
        return; /* a step back inside the screen (a flow's previous step) */
    leave_screen(app);
    if (app->nav_n > 1)
        app->nav_n--;
}

void ui_app_home(ui_app *app)
{
    leave_screen(app);
    app->nav_n = 1;
    ui_app_go(app, app->home, 0);
}

void ui_app_end_session(ui_app *app)
{
    leave_screen(app);
    free_states(app); /* every field, QR code and PIN the screens held */
    explicit_wipe(app->b.arena, app->b.arena_cap);
    explicit_wipe(app->b.elems, (size_t)app->b.cap * sizeof *app->b.elems);
    app->b.n = 0;
    app->b.used = 0;
    ui_text_flush(app->text); /* textures of what was typed, and their strings */
    app->nav[0] = app->start;
    app->nav_n = 1;
    app->lang = UI_ZH;
    app->large_text = app->cfg.ui_large_text;
    app->idle_override_s = 0; /* the next session is a customer's */
    app->idle_open = false;
    app->last_activity = clock_now(&app->clock);
    app->dirty = true;
}

/* --- building ----------------------------------------------------------------------------- */

static void idle_continue(ui_app *app, intptr_t arg)
{
    (void)arg;
    app->idle_open = false;
    app->last_activity = clock_now(&app->clock);
}

static void idle_end(ui_app *app, intptr_t arg)
{
    (void)arg;
    ui_app_end_session(app);
}

static void build_idle_dialog(ui_app *app, ui_build *b)
{
    int64_t now = clock_now(&app->clock), left = app->idle_deadline - now;
    int w = b->portrait ? 960 : 1100, bw, gap = 32;
    ui_rect r;
    ui_elem *e;
    if (left < 0)
        left = 0;
    r = ui_dialog(b, "idle.dialog", w, b->th->large ? 600 : 520, ui_tr(b, "还在吗？", "Still there?"));
    e = ui_label(b, "idle.count", ui_rect_make(r.x, r.y, r.w, 0),
                 b->lang == UI_EN ? ui_fmt(b, "Your session ends in %d s and everything you entered is erased.",
                                           (int)left)
                                  : ui_fmt(b, "%d 秒后将结束本次办理，并清除您输入的全部信息。", (int)left),
                 UI_F_BODY, UI_REGULAR, UI_ALIGN_CENTER);
    (void)e;
    bw = (r.w - gap) / 2;
    ui_button(b, "idle.end", ui_rect_make(r.x, r.y + r.h - 120, bw, 120), ui_tr(b, "结束办理", "End"),
              UI_S_SECONDARY, idle_end, 0);
    ui_button(b, "idle.continue", ui_rect_make(r.x + bw + gap, r.y + r.h - 120, bw, 120),
              ui_tr(b, "继续办理", "Continue"), UI_S_PRIMARY, idle_continue, 0);
    ui_app_wake_at(app, now + 1);
}

void ui_app_rebuild(ui_app *app)
{
    ui_build *b = &app->b;
    const ui_screen *s = ui_app_screen(app);
    int ow = 0, oh = 0;
    ui_rect kbd_area = {0, 0, 0, 0};
    ui_bench_mark(UI_BENCH_BUILD_BEGIN); /* CK_BENCH_LOG only (ui_bench.h) */
    explicit_wipe(b->arena, b->used);
    b->used = 0;
    b->n = 0;
    b->modal_from = -1;
    b->overflow = false;
    b->th = ui_theme_get(app->large_text);
    b->text = app->text;
    b->lang = app->lang;
    SDL_GetRendererOutputSize(app->ren, &ow, &oh);
    if (ow <= 0 || oh <= 0) {
        ow = 1920;
        oh = 1080;
    }
    b->portrait = app->orient == UI_ORIENT_PORTRAIT || (app->orient == UI_ORIENT_AUTO && oh > ow);
    b->W = b->portrait ? 1080 : 1920;
    b->H = b->portrait ? 1920 : 1080;
    b->scale = (float)ow / b->W < (float)oh / b->H ? (float)ow / b->W : (float)oh / b->H;
    b->off_x = (ow - (int)(b->W * b->scale + 0.5f)) / 2;
    b->off_y = (oh - (int)(b->H * b->scale + 0.5f)) / 2;
    b->body = ui_rect_make(0, 0, b->W, b->H);
    app->wake_at = 0;
    if (app->focus != NULL) {
        kbd_area = ui_kbd_area(b, app->focus->kbd);
        if (b->portrait)
            b->body.h = kbd_area.y;
        else
            b->body.w = kbd_area.x;
    }
    s->build(app, b, ui_app_state_of(app, s));
    if (app->focus != NULL)
        ui_kbd_build(b, app, kbd_area);
    if (app->idle_open)
        build_idle_dialog(app, b);
    if (app->pressed_id[0] != '\0') {
        ui_elem *e = ui_find(b, app->pressed_id);
        if (e != NULL)
            e->pressed = true;
    }
    app->builds++;
    ui_bench_mark(UI_BENCH_BUILD_END);
}

void ui_app_render(ui_app *app, bool present)
{
    const ui_theme *th = app->b.th;
    ui_bench_mark(UI_BENCH_DRAW_BEGIN); /* CK_BENCH_LOG only: draw and present timed apart */
    SDL_SetRenderDrawColor(app->ren, th->bg.r, th->bg.g, th->bg.b, 255);
    SDL_RenderClear(app->ren);
    ui_draw_elements(app);
    if (present) {
        ui_bench_mark(UI_BENCH_DRAW_END);
        SDL_RenderPresent(app->ren);
        app->frames++;
        ui_bench_presented(ui_app_screen(app)->name);
    }
}

/* --- input ------------------------------------------------------------------------------------ */

/* Window pixels -> design units. */
static void to_design(const ui_app *app, float px, float py, int *x, int *y)
{
    *x = (int)((px - app->b.off_x) / app->b.scale);
    *y = (int)((py - app->b.off_y) / app->b.scale);
}

static void activity(ui_app *app)
{
    if (!app->idle_open)
        app->last_activity = clock_now(&app->clock);
}

static void press_at(ui_app *app, float px, float py)
{
    int x, y;
    ui_elem *e;
    activity(app);
    to_design(app, px, py, &x, &y);
    e = ui_hit(&app->b, x, y);
    snprintf(app->pressed_id, sizeof app->pressed_id, "%s", e != NULL ? e->id : "");
    app->dirty = true;
}

static void release_at(ui_app *app, float px, float py)
{
    int x, y;
    ui_elem *e;
    char id[UI_ID_MAX];
    to_design(app, px, py, &x, &y);
    e = ui_hit(&app->b, x, y);
    memcpy(id, app->pressed_id, sizeof id);
    app->pressed_id[0] = '\0';
    app->dirty = true;
    if (e == NULL || id[0] == '\0' || strcmp(e->id, id) != 0)
        return; /* slid off the button: no tap, as on a phone */
    memcpy(app->last_tap, id, sizeof id);
    app->taps++;
    ui_bench_tap(); /* CK_BENCH_LOG only: time this tap to the frame that shows its result */
    e->on_tap(app, e->arg); /* may end the session: e is not used after this */
}

static void window_px(const ui_app *app, float nx, float ny, float *px, float *py)
{
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(app->ren, &w, &h);
    *px = nx * (float)w;
    *py = ny * (float)h;
}

static void on_key(ui_app *app, const SDL_KeyboardEvent *k)
{
    SDL_Keycode sym = k->keysym.sym;
    activity(app);
    if (sym == SDLK_ESCAPE || (sym == SDLK_F4 && (k->keysym.mod & KMOD_ALT))) {
        if (app->supervisor)
            app->quit = true;
        return; /* a customer's Escape or Alt+F4 does nothing */
    }
    if (app->focus == NULL)
        return;
    /* A physical keyboard (development, maintenance) types through the same keys as the screen. */
    if (sym == SDLK_BACKSPACE)
        ui_kbd_press(app, UI_KEY_BACK);
    else if (sym == SDLK_RETURN || sym == SDLK_KP_ENTER)
        ui_kbd_press(app, UI_KEY_OK);
    else if (sym == SDLK_SPACE)
        ui_kbd_press(app, UI_KEY_SPACE);
    else if ((sym >= SDLK_a && sym <= SDLK_z) || (sym >= SDLK_0 && sym <= SDLK_9))
        ui_kbd_type(app, &app->b, (uint32_t)(sym >= SDLK_a && sym <= SDLK_z ? sym - 'a' + 'A' : sym), NULL);
    app->dirty = true;
}

static void dispatch_post(uint32_t kind, void *payload, void *ctx);

void ui_app_dispatch(ui_app *app, uint32_t kind, void *payload)
{
    dispatch_post(kind, payload, app);
}

static void dispatch_post(uint32_t kind, void *payload, void *ctx)
{
    ui_app *app = ctx;
    const ui_screen *s = ui_app_screen(app);
    if (kind == UI_POST_SCRIPT_MARKER) {
        if (app->script != NULL)
            ui_script_marker(app->script, (uint32_t)(uintptr_t)payload);
        return;
    }
    if (kind == UI_POST_CARD_IN || kind == UI_POST_CARD_OUT)
        ui_app_card_event(app, kind == UI_POST_CARD_IN);
    for (int i = 0; i < app->n_posts; i++)
        if (app->posts[i].kind == kind)
            app->posts[i].fn(app, kind, payload, app->posts[i].ctx);
    if (s->on_post != NULL)
        s->on_post(app, ui_app_state_of(app, s), kind, payload);
    app->dirty = true;
}

static void handle_event(ui_app *app, const SDL_Event *ev)
{
    float px, py;
    ui_bench_event(ev); /* CK_BENCH_LOG only: pairs a release with its arrival time */
    switch (ev->type) {
    case SDL_QUIT:
        app->quit = true; /* SIGTERM or SIGINT (systemctl stop, an upgrade): end cleanly, whoever is at the screen */
        break;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_CLOSE && app->supervisor)
            app->quit = true; /* otherwise window close and Alt+F4 do nothing */
        app->dirty = true; /* resized, exposed, shown: lay out and draw again */
        break;
    case SDL_FINGERDOWN:
        window_px(app, ev->tfinger.x, ev->tfinger.y, &px, &py);
        press_at(app, px, py);
        break;
    case SDL_FINGERUP:
        window_px(app, ev->tfinger.x, ev->tfinger.y, &px, &py);
        release_at(app, px, py);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (ev->button.which != SDL_TOUCH_MOUSEID && ev->button.button == SDL_BUTTON_LEFT)
            press_at(app, (float)ev->button.x, (float)ev->button.y);
        break;
    case SDL_MOUSEBUTTONUP:
        if (ev->button.which != SDL_TOUCH_MOUSEID && ev->button.button == SDL_BUTTON_LEFT)
            release_at(app, (float)ev->button.x, (float)ev->button.y);
        break;
    case SDL_KEYDOWN:
        on_key(app, &ev->key);
        break;
    default:
        if (ev->type == ui_post_event_type())
            ui_post_deliver(&ev->user, dispatch_post, app);
        break;
    }
}

/* --- time ----------------------------------------------------------------------------------- */

/* Seconds without a touch before "还在吗？": [ui] idle_s, or what the session set (supervisor mode). */
static int idle_s(const ui_app *app) { return app->idle_override_s > 0 ? app->idle_override_s : app->cfg.ui_idle_s; }

void ui_app_set_idle(ui_app *app, int seconds) { app->idle_override_s = seconds; }

void ui_app_set_heartbeat(ui_app *app, int interval_ms, void (*fn)(void *ctx), void *ctx)
{
    app->heartbeat.interval_ms = interval_ms > 0 ? interval_ms : 0;
    app->heartbeat.fn = fn;
    app->heartbeat.ctx = ctx;
}

/* Calls the heartbeat when it is due; returns the milliseconds until the next one (-1: none). */
static int heartbeat(ui_app *app)
{
    uint64_t now = SDL_GetTicks64(), due;
    if (app->heartbeat.fn == NULL || app->frames == 0)
        return -1;
    if (app->heartbeat.last_ms == 0 ||
        (app->heartbeat.interval_ms > 0 && now >= app->heartbeat.last_ms + (uint64_t)app->heartbeat.interval_ms)) {
        app->heartbeat.fn(app->heartbeat.ctx);
        app->heartbeat.last_ms = now > 0 ? now : 1;
    }
    if (app->heartbeat.interval_ms == 0)
        return -1;
    due = app->heartbeat.last_ms + (uint64_t)app->heartbeat.interval_ms;
    return due > now ? (int)(due - now) : 0;
}

static void tick(ui_app *app)
{
    int64_t now = clock_now(&app->clock);
    bool on_start = ui_app_screen(app) == app->start;
    if (!on_start && !app->idle_open && now >= app->last_activity + idle_s(app)) {
        app->idle_open = true;
        app->idle_deadline = now + app->cfg.ui_idle_grace_s;
        app->dirty = true;
    }
    if (app->idle_open && now >= app->idle_deadline)
        ui_app_end_session(app);
    if (app->wake_at != 0 && now >= app->wake_at) {
        app->wake_at = 0;
        app->dirty = true;
    }
}

/* Milliseconds until the next thing the clock will make happen. */
static int next_timeout_ms(const ui_app *app)
{
    int64_t now = clock_now(&app->clock), due = INT64_MAX;
    if (app->manual_now != NULL)
        return IDLE_WAIT_MS; /* time only moves when the script says so */
    if (ui_app_screen(app) != app->start && !app->idle_open)
        due = app->last_activity + idle_s(app);
    if (app->idle_open && app->idle_deadline < due)
        due = app->idle_deadline;
    if (app->wake_at != 0 && app->wake_at < due)
        due = app->wake_at;
    if (due == INT64_MAX)
        return IDLE_WAIT_MS;
    if (due <= now)
        return 50; /* the clock has one-second steps: look again shortly */
    if (due - now > IDLE_WAIT_MS / 1000)
        return IDLE_WAIT_MS;
    return (int)(due - now) * 1000;
}

ui_rime *ui_app_rime(ui_app *app)
{
    char dir[CONFIG_PATH_MAX + 8];
    ck_diag d = {"", ""};
    if (app->rime != NULL || app->rime_tried)
        return app->rime;
    app->rime_tried = true;
    snprintf(dir, sizeof dir, "%s/rime", app->state_dir[0] != '\0' ? app->state_dir : ".");
    if (ui_rime_open(dir, &app->rime, &d) != CK_OK)
        SDL_Log("certkiosk: pinyin input unavailable: %s", d.en);
    return app->rime;
}

int ui_app_run(ui_app *app)
{
    ui_bench_attach(app->ren); /* CK_BENCH_LOG only */
    while (!app->quit) {
        SDL_Event ev;
        int timeout = next_timeout_ms(app), script_timeout = -1, beat = heartbeat(app);
        ui_script_status st = UI_SCRIPT_WAIT;
        if (beat >= 0 && beat < timeout)
            timeout = beat;
        if (app->dirty)
            timeout = 0;
        if (app->script != NULL && !app->dirty) {
            st = ui_script_step(app->script, app, &script_timeout);
            if (st == UI_SCRIPT_DONE || st == UI_SCRIPT_FAILED) {
                ui_script_finish(app->script, app);
                app->exit_code = st == UI_SCRIPT_DONE ? 0 : 1;
                break;
            }
            if (st == UI_SCRIPT_RUN || app->dirty)
                timeout = 0;
            else if (script_timeout >= 0 && script_timeout < timeout)
                timeout = script_timeout;
        }
        if (SDL_WaitEventTimeout(&ev, timeout)) {
            handle_event(app, &ev);
            while (SDL_PollEvent(&ev))
                handle_event(app, &ev);
        }
        tick(app);
        if (app->dirty) {
            app->dirty = false;
            ui_app_rebuild(app);
            ui_app_render(app, true);
            /* librime takes 0.05-0.5 s to start: after the first frame, not before it. */
            if (app->frames == 1)
                ui_app_rime(app);
            if (app->fullscreen_pending) {
                app->fullscreen_pending = false;
                SDL_SetWindowFullscreen(app->win, SDL_WINDOW_FULLSCREEN_DESKTOP);
            }
            if (app->frames == 1)
                heartbeat(app); /* ready: the first frame is on the screen */
        }
    }
    return app->exit_code;
}

ck_err ui_app_set_script(ui_app *app, const char *path, const char *out_dir, const char *dump_path, ck_diag *d)
{
    ui_script *s;
    ck_err rc = ui_script_load(path, out_dir, dump_path, &s, d);
    if (rc != CK_OK)
        return rc;
    ui_script_free(app->script);
    app->script = s;
    return CK_OK;
}
