/*
 * ui_script.c - the test script (`certkiosk --script FILE`), run inside the
 * normal event loop: each step runs one command, or reports that it waits
 * (for a tap's events to be handled, for time to pass, for an element to
 * appear) so the loop keeps handling events meanwhile. The language is in
 * docs/ui.md.
 *
 * A tap is delivered as pushed SDL_FINGERDOWN/SDL_FINGERUP events at the
 * element's centre, followed by a marker post; when the marker arrives the
 * tap has gone through the real event path and the script checks that it
 * landed on the element it meant.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_app_internal.h"
#include "ui_post.h"
#include "utf8.h"

#define SCRIPT_MAX_BYTES (1024 * 1024)
#define SCRIPT_MAX_LINES 10000
#define WAIT_FOR_DEFAULT_MS 5000
#define WAIT_UNTIL_MS 30000 /* wait-until: a worker's result (a receipt printed) under a loaded machine */

typedef enum cmd_kind {
    C_TAP,
    C_TYPE,
    C_PINYIN,
    C_CARD,
    C_CLOCK,
    C_WAIT,
    C_WAIT_FOR,
    C_WAIT_UNTIL,
    C_EXPECT,
    C_EXPECT_ABSENT,
    C_EXPECT_SCREEN,
    C_EXPECT_CACHED,
    C_SCREENSHOT,
    C_DUMP,
    C_REDRAW,
    C_STALL,
} cmd_kind;

typedef struct cmd {
    cmd_kind kind;
    int line;
    char *a;  /* first argument (id, name, text) */
    char *b;  /* the rest (expected substring) */
    long num; /* seconds, milliseconds, card present */
} cmd;

typedef enum wait_kind { W_NONE, W_MARKER, W_TIME, W_FOR } wait_kind;

struct ui_script {
    char path[512];
    char out_dir[512];
    char dump_path[512];
    char *text; /* the file, split in place */
    cmd *cmds;
    int n, pc;
    wait_kind wait;
    uint32_t marker_sent, marker_seen;
    unsigned long taps_before;
    char tap_id[UI_ID_MAX];
    Uint64 until;
    const cmd *cur;
};

static const struct {
    const char *name;
    cmd_kind kind;
    int nargs; /* 0: none, 1: one word, 2: word + rest, 3: the rest (free text) */
} commands[] = {
    {"tap", C_TAP, 1},
    {"type", C_TYPE, 3},
    {"pinyin", C_PINYIN, 1},
    {"card", C_CARD, 1},
    {"clock", C_CLOCK, 1},
    {"wait", C_WAIT, 1},
    {"wait-for", C_WAIT_FOR, 2},
    {"wait-until", C_WAIT_UNTIL, 2},
    {"expect", C_EXPECT, 2},
    {"expect-absent", C_EXPECT_ABSENT, 1},
    {"expect-screen", C_EXPECT_SCREEN, 1},
    {"expect-cached", C_EXPECT_CACHED, 0},
    {"screenshot", C_SCREENSHOT, 1},
    {"dump", C_DUMP, 1},
    {"redraw", C_REDRAW, 0},
    {"stall", C_STALL, 1},
};

static char *trim(char *s)
{
    char *end;
    while (*s == ' ' || *s == '\t')
        s++;
    end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        *--end = '\0';
    return s;
}

static bool name_ok(const char *s)
{
    if (*s == '\0' || *s == '.')
        return false;
    for (; *s != '\0'; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
            return false;
    return true;
}

static ck_err parse_line(ui_script *s, char *line, int lineno, ck_diag *d)
{
    char *word = line, *rest;
    cmd *c;
    size_t i;
    rest = word + strcspn(word, " \t");
    if (*rest != '\0')
        *rest++ = '\0';
    rest = trim(rest);
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, word) == 0)
            break;
    if (i == sizeof commands / sizeof commands[0])
        return ck_diag_detail(d, CK_E_INVALID_INPUT, "测试脚本有误", "%s:%d: unknown command '%s'", s->path, lineno,
                              word);
    c = &s->cmds[s->n++];
    memset(c, 0, sizeof *c);
    c->kind = commands[i].kind;
    c->line = lineno;
    if (commands[i].nargs == 0 && *rest != '\0')
        return ck_diag_detail(d, CK_E_INVALID_INPUT, "测试脚本有误", "%s:%d: '%s' takes no argument", s->path, lineno,
                              word);
    if (commands[i].nargs != 0 && *rest == '\0')
        return ck_diag_detail(d, CK_E_INVALID_INPUT, "测试脚本有误", "%s:%d: '%s' needs an argument", s->path, lineno,
                              word);
    if (commands[i].nargs == 1 || commands[i].nargs == 2) {
        char *sp = rest + strcspn(rest, " \t");
        c->a = rest;
        c->b = "";
        if (*sp != '\0') {
            *sp++ = '\0';
            c->b = trim(sp);
        }
        if (commands[i].nargs == 1 && c->b[0] != '\0')
            return ck_diag_detail(d, CK_E_INVALID_INPUT, "测试脚本有误", "%s:%d: '%s' takes one argument", s->path,
                                  lineno, word);
    } else {
        c->a = rest;
        c->b = "";
    }
    switch (c->kind) {
    case C_CARD:
        if (strcmp(c->a, "insert") != 0 && strcmp(c->a, "remove") != 0)
            return ck_diag_detail(d, CK_E_INVALID_INPUT, "测试脚本有误", "%s:%d: card insert or card remove",
                                  s->path, lineno);
        c->num = strcmp(c->a, "insert") == 0;
        break;
    case C_CLOCK:
    case C_WAIT:
    case C_STALL: {
        const char *p = c->a;
        char *end;
        if (c->kind == C_CLOCK && *p++ != '+')
            return ck_diag_detail(d, CK_E_INVALID_INPUT, "测试脚本有误", "%s:%d: clock +SECONDS", s->path, lineno);
        errno = 0;
        c->num = strtol(p, &end, 10);
        if (errno != 0 || end == p || *end != '\0' || c->num < 0 || c->num > 100000000)
            return ck_diag_detail(d, CK_E_INVALID_INPUT, "测试脚本有误", "%s:%d: '%s' is not a number", s->path,
                                  lineno, c->a);
        break;
    }
    case C_WAIT_FOR: {
        char *end;
        c->num = WAIT_FOR_DEFAULT_MS;
        if (c->b[0] != '\0') {
            c->num = strtol(c->b, &end, 10);
            if (*end != '\0' || c->num <= 0)
                return ck_diag_detail(d, CK_E_INVALID_INPUT, "测试脚本有误", "%s:%d: wait-for ID [TIMEOUT_MS]",
                                      s->path, lineno);
        }
        break;
    }
    case C_EXPECT:
    case C_WAIT_UNTIL:
        if (c->b[0] == '\0')
            return ck_diag_detail(d, CK_E_INVALID_INPUT, "测试脚本有误", "%s:%d: %s ID SUBSTRING", s->path, lineno,
                                  word);
        c->num = WAIT_UNTIL_MS;
        break;
    case C_SCREENSHOT:
    case C_DUMP:
        if (!name_ok(c->a))
            return ck_diag_detail(d, CK_E_INVALID_INPUT, "测试脚本有误",
                                  "%s:%d: names are letters, digits, '-', '_' and '.'", s->path, lineno);
        break;
    case C_PINYIN:
        for (const char *p = c->a; *p != '\0'; p++)
            if (*p < 'a' || *p > 'z')
                return ck_diag_detail(d, CK_E_INVALID_INPUT, "测试脚本有误", "%s:%d: pinyin takes letters a-z",
                                      s->path, lineno);
        break;
    case C_TYPE:
        if (utf8_count(c->a) < 0)
            return ck_diag_detail(d, CK_E_INVALID_INPUT, "测试脚本有误", "%s:%d: not UTF-8", s->path, lineno);
        break;
    default:
        break;
    }
    return CK_OK;
}

ck_err ui_script_load(const char *path, const char *out_dir, const char *dump_path, ui_script **out, ck_diag *d)
{
    ui_script *s;
    FILE *f;
    size_t len;
    int lineno = 0, lines = 1;
    ck_err rc = CK_OK;
    char *p;
    if (path == NULL || out == NULL)
        return CK_E_ARG;
    s = calloc(1, sizeof *s);
    if (s == NULL)
        return CK_E_NOMEM;
    snprintf(s->path, sizeof s->path, "%s", path);
    snprintf(s->out_dir, sizeof s->out_dir, "%s", out_dir != NULL ? out_dir : ".");
    snprintf(s->dump_path, sizeof s->dump_path, "%s", dump_path != NULL ? dump_path : "");
    s->text = malloc(SCRIPT_MAX_BYTES + 1);
    f = fopen(path, "r");
    if (s->text == NULL || f == NULL) {
        rc = s->text == NULL ? CK_E_NOMEM
                             : ck_diag_detail(d, CK_E_IO, "无法读取测试脚本", "cannot read %s: %s", path,
                                              strerror(errno));
        goto fail;
    }
    len = fread(s->text, 1, SCRIPT_MAX_BYTES + 1, f);
    fclose(f);
    if (len > SCRIPT_MAX_BYTES) {
        rc = ck_diag_detail(d, CK_E_INVALID_INPUT, "测试脚本过大", "%s is larger than 1 MB", path);
        goto fail;
    }
    s->text[len] = '\0';
    for (p = s->text; *p != '\0'; p++)
        lines += *p == '\n';
    if (lines > SCRIPT_MAX_LINES) {
        rc = ck_diag_detail(d, CK_E_INVALID_INPUT, "测试脚本过长", "%s has more than %d lines", path,
                            SCRIPT_MAX_LINES);
        goto fail;
    }
    s->cmds = calloc((size_t)lines, sizeof *s->cmds);
    if (s->cmds == NULL) {
        rc = CK_E_NOMEM;
        goto fail;
    }
    for (p = s->text; p != NULL && rc == CK_OK;) {
        char *nl = strchr(p, '\n'), *line;
        if (nl != NULL)
            *nl = '\0';
        lineno++;
        line = trim(p);
        if (*line != '\0' && *line != '#')
            rc = parse_line(s, line, lineno, d);
        p = nl != NULL ? nl + 1 : NULL;
    }
    if (rc != CK_OK)
        goto fail;
    *out = s;
    return CK_OK;
fail:
    ui_script_free(s);
    return rc;
}

void ui_script_free(ui_script *s)
{
    if (s == NULL)
        return;
    free(s->cmds);
    free(s->text);
    free(s);
}

void ui_script_marker(ui_script *s, uint32_t seq)
{
    if (seq > s->marker_seen)
        s->marker_seen = seq;
}

/* The ids on screen, for failure messages. */
static void list_ids(ui_app *app, char *buf, size_t cap)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int i = 0; i < app->b.n && at + 4 < cap; i++) {
        int n = snprintf(buf + at, cap - at, "%s%s", i ? ", " : "", app->b.elems[i].id);
        if (n < 0 || (size_t)n >= cap - at) {
            snprintf(buf + (cap > 4 ? cap - 4 : 0), 4, "...");
            break;
        }
        at += (size_t)n;
    }
}

static ui_script_status fail(ui_script *s, ui_app *app, const char *fmt, ...) CK_PRINTF(3, 4);

static ui_script_status fail(ui_script *s, ui_app *app, const char *fmt, ...)
{
    char path[700];
    ck_diag d = {"", ""};
    va_list ap;
    fprintf(stderr, "%s:%d: ", s->path, s->cur != NULL ? s->cur->line : 0);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (screen '%s'%s)\n", ui_app_screen(app)->name, app->idle_open ? ", idle dialog open" : "");
    /* What the screen showed, for whoever reads the log. */
    snprintf(path, sizeof path, "%s/FAILED-line%d.png", s->out_dir, s->cur != NULL ? s->cur->line : 0);
    ui_app_render(app, false);
    if (ui_png_screenshot(app->ren, path, &d) == CK_OK)
        fprintf(stderr, "  screenshot of the failure: %s\n", path);
    return UI_SCRIPT_FAILED;
}

static ui_script_status missing(ui_script *s, ui_app *app, const char *id)
{
    char ids[2048];
    list_ids(app, ids, sizeof ids);
    return fail(s, app, "no element '%s' on screen; shown: %s", id, ids);
}

static ui_script_status do_tap(ui_script *s, ui_app *app, const char *id)
{
    ui_elem *e = ui_find(&app->b, id);
    SDL_Event ev;
    SDL_Rect pr;
    int ow = 0, oh = 0;
    if (e == NULL)
        return missing(s, app, id);
    if (!ui_tappable(&app->b, e))
        return fail(s, app, "'%s' cannot be tapped (%s)", id, e->on_tap == NULL ? "not a touch target" : "under a dialog");
    if (!e->enabled)
        return fail(s, app, "'%s' is disabled", id);
    pr = ui_to_px(&app->b, e->rect);
    SDL_GetRendererOutputSize(app->ren, &ow, &oh);
    SDL_zero(ev);
    ev.type = SDL_FINGERDOWN;
    ev.tfinger.touchId = 1;
    ev.tfinger.fingerId = 1;
    ev.tfinger.x = (pr.x + pr.w / 2.0f) / (float)ow;
    ev.tfinger.y = (pr.y + pr.h / 2.0f) / (float)oh;
    ev.tfinger.pressure = 1.0f;
    ev.tfinger.windowID = SDL_GetWindowID(app->win);
    SDL_PushEvent(&ev);
    ev.type = SDL_FINGERUP;
    ev.tfinger.pressure = 0.0f;
    SDL_PushEvent(&ev);
    snprintf(s->tap_id, sizeof s->tap_id, "%s", id);
    s->taps_before = app->taps;
    s->marker_sent++;
    if (!ui_post(UI_POST_SCRIPT_MARKER, (void *)(uintptr_t)s->marker_sent, NULL))
        return fail(s, app, "cannot post to the event queue");
    s->wait = W_MARKER;
    return UI_SCRIPT_WAIT;
}

static ui_script_status do_type(ui_script *s, ui_app *app, const char *text, bool pinyin)
{
    size_t len = strlen(text), pos = 0;
    if (app->focus == NULL)
        return fail(s, app, "no input field has the keyboard (tap one first)");
    if (pinyin && (app->focus->kbd != UI_KBD_PINYIN || ui_app_rime(app) == NULL))
        return fail(s, app, "the focused field has no pinyin keyboard (or librime is unavailable)");
    while (pos < len) {
        uint32_t cp;
        size_t n = utf8_decode(text + pos, len - pos, &cp);
        ck_diag d = {"", ""};
        if (n == 0)
            return fail(s, app, "not UTF-8");
        if (ui_kbd_type(app, &app->b, cp, &d) != CK_OK)
            return fail(s, app, "type: %s", d.en);
        pos += n;
        ui_app_rebuild(app); /* the next key is looked up on the keyboard as it is now */
    }
    app->dirty = true;
    return UI_SCRIPT_RUN;
}

static ui_script_status do_expect_cached(ui_script *s, ui_app *app)
{
    ui_text_stats before, after;
    ui_text_get_stats(app->text, &before);
    ui_app_rebuild(app);
    ui_app_render(app, true);
    ui_text_get_stats(app->text, &after);
    if (after.misses != before.misses)
        return fail(s, app, "redrawing an unchanged screen rasterised %lu text runs again",
                    after.misses - before.misses);
    return UI_SCRIPT_RUN;
}

static ui_script_status run(ui_script *s, ui_app *app, const cmd *c)
{
    char path[1100];
    ck_diag d = {"", ""};
    ui_elem *e;
    switch (c->kind) {
    case C_TAP:
        return do_tap(s, app, c->a);
    case C_TYPE:
        return do_type(s, app, c->a, false);
    case C_PINYIN:
        return do_type(s, app, c->a, true);
    case C_CARD:
        /* As the reader's worker does: through the posts, so the screen hears it too. */
        ui_app_dispatch(app, c->num != 0 ? UI_POST_CARD_IN : UI_POST_CARD_OUT, NULL);
        return UI_SCRIPT_RUN;
    case C_CLOCK:
        if (app->manual_now == NULL)
            return fail(s, app, "the clock is not the script's");
        *app->manual_now += c->num;
        return UI_SCRIPT_RUN;
    case C_WAIT:
        s->until = SDL_GetTicks64() + (Uint64)c->num;
        s->wait = W_TIME;
        return UI_SCRIPT_WAIT;
    case C_WAIT_FOR:
    case C_WAIT_UNTIL:
        s->until = SDL_GetTicks64() + (Uint64)c->num;
        s->wait = W_FOR;
        return UI_SCRIPT_WAIT;
    case C_EXPECT:
        e = ui_find(&app->b, c->a);
        if (e == NULL)
            return missing(s, app, c->a);
        if (strstr(e->text, c->b) == NULL)
            return fail(s, app, "expected '%s' to show \"%s\"; it shows \"%s\"", c->a, c->b, e->text);
        return UI_SCRIPT_RUN;
    case C_EXPECT_ABSENT:
        e = ui_find(&app->b, c->a);
        if (e != NULL)
            return fail(s, app, "expected no '%s'; it is there, showing \"%s\"", c->a, e->text);
        return UI_SCRIPT_RUN;
    case C_EXPECT_SCREEN:
        if (strcmp(ui_app_screen(app)->name, c->a) != 0)
            return fail(s, app, "expected screen '%s'", c->a);
        return UI_SCRIPT_RUN;
    case C_EXPECT_CACHED:
        return do_expect_cached(s, app);
    case C_SCREENSHOT:
        snprintf(path, sizeof path, "%s/%s.png", s->out_dir, c->a);
        ui_app_render(app, false);
        if (ui_png_screenshot(app->ren, path, &d) != CK_OK)
            return fail(s, app, "screenshot: %s", d.en);
        SDL_RenderPresent(app->ren);
        return UI_SCRIPT_RUN;
    case C_DUMP:
        snprintf(path, sizeof path, "%s/%s.json", s->out_dir, c->a);
        if (ui_dump_write(app, path, &d) != CK_OK)
            return fail(s, app, "dump: %s", d.en);
        return UI_SCRIPT_RUN;
    case C_REDRAW:
        app->dirty = true;
        return UI_SCRIPT_RUN;
    case C_STALL:
        /* A handler stuck on the UI thread, as the service watchdog must catch (docs/operations.md). */
        SDL_Delay((Uint32)c->num);
        return UI_SCRIPT_RUN;
    }
    return fail(s, app, "unknown command");
}

ui_script_status ui_script_step(ui_script *s, ui_app *app, int *timeout_ms)
{
    Uint64 now = SDL_GetTicks64();
    *timeout_ms = -1;
    switch (s->wait) {
    case W_MARKER:
        if (s->marker_seen < s->marker_sent)
            return UI_SCRIPT_WAIT; /* the marker's event wakes the loop */
        s->wait = W_NONE;
        if (app->taps == s->taps_before || strcmp(app->last_tap, s->tap_id) != 0)
            return fail(s, app, "the tap on '%s' did not reach it", s->tap_id);
        return UI_SCRIPT_RUN;
    case W_TIME:
        if (now < s->until) {
            *timeout_ms = (int)(s->until - now);
            return UI_SCRIPT_WAIT;
        }
        s->wait = W_NONE;
        return UI_SCRIPT_RUN;
    case W_FOR: {
        /* wait-for: the element is there; wait-until: and its text holds the substring. */
        const ui_elem *e = ui_find(&app->b, s->cur->a);
        if (e != NULL && (s->cur->kind == C_WAIT_FOR || strstr(e->text, s->cur->b) != NULL)) {
            s->wait = W_NONE;
            return UI_SCRIPT_RUN;
        }
        if (now >= s->until && s->cur->kind == C_WAIT_UNTIL)
            return fail(s, app, "'%s' did not show \"%s\" within %ld ms; it shows \"%s\"", s->cur->a, s->cur->b,
                        s->cur->num, e != NULL ? e->text : "(nothing: it is not on screen)");
        if (now >= s->until)
            return fail(s, app, "'%s' did not appear within %ld ms", s->cur->a, s->cur->num);
        *timeout_ms = s->until - now < 50 ? (int)(s->until - now) : 50;
        return UI_SCRIPT_WAIT;
    }
    case W_NONE:
        break;
    }
    if (s->pc >= s->n)
        return UI_SCRIPT_DONE;
    s->cur = &s->cmds[s->pc++];
    {
        ui_script_status st = run(s, app, s->cur);
        /*
         * A wait just begun: come straight back, so its own branch above sets
         * the loop's timeout. Without this the loop slept until the next event
         * (a minute when none came), and a wait-for whose element was already
         * there cost that minute.
         */
        if (st == UI_SCRIPT_WAIT && (s->wait == W_FOR || s->wait == W_TIME))
            *timeout_ms = 0;
        return st;
    }
}

void ui_script_finish(ui_script *s, ui_app *app)
{
    ck_diag d = {"", ""};
    if (s->dump_path[0] != '\0' && ui_dump_write(app, s->dump_path, &d) != CK_OK)
        fprintf(stderr, "certkiosk: %s\n", d.en);
}
