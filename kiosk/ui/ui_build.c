/* ui_build.c - the element list, its arena and hit-testing (see ui_build.h). */
#include "ui_build.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_LINES_PER_ELEM 64

static const char *const kind_names[UI_K__COUNT] = {
    [UI_K_LABEL] = "label",   [UI_K_BUTTON] = "button", [UI_K_INPUT] = "input", [UI_K_QR] = "qr",
    [UI_K_IMAGE] = "image",   [UI_K_BANNER] = "banner", [UI_K_DIALOG] = "dialog", [UI_K_PANEL] = "panel",
};

const char *ui_kind_name(ui_kind k) { return k >= 0 && k < UI_K__COUNT ? kind_names[k] : "unknown"; }

static void overflow(ui_build *b, const char *what)
{
    if (!b->overflow)
        SDL_Log("certkiosk: screen element list full (%s); the rest of this screen is not shown", what);
    b->overflow = true;
}

static void *arena_alloc(ui_build *b, size_t n, size_t align)
{
    size_t at = (b->used + align - 1) & ~(align - 1);
    if (at + n > b->arena_cap) {
        overflow(b, "arena");
        return NULL;
    }
    b->used = at + n;
    return b->arena + at;
}

const char *ui_strndup(ui_build *b, const char *s, size_t n)
{
    char *p = arena_alloc(b, n + 1, 1);
    if (p == NULL)
        return "";
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

const char *ui_fmt(ui_build *b, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return "";
    if ((size_t)n >= sizeof buf)
        n = (int)sizeof buf - 1;
    return ui_strndup(b, buf, (size_t)n);
}

int ui_px(const ui_build *b, int design) { return (int)(design * b->scale + 0.5f); }

SDL_Rect ui_to_px(const ui_build *b, ui_rect r)
{
    SDL_Rect p;
    int x2 = b->off_x + ui_px(b, r.x + r.w), y2 = b->off_y + ui_px(b, r.y + r.h);
    p.x = b->off_x + ui_px(b, r.x);
    p.y = b->off_y + ui_px(b, r.y);
    p.w = x2 - p.x;
    p.h = y2 - p.y;
    return p;
}

int ui_line_height(const ui_build *b, ui_font f)
{
    int px = ui_px(b, b->th->size[f]);
    return (int)(ui_text_line_height(b->text, px) / b->scale + 0.5f);
}

int ui_text_w(const ui_build *b, ui_font f, ui_weight w, const char *text)
{
    int px = ui_px(b, b->th->size[f]);
    return (int)(ui_text_width(b->text, text, strlen(text), px, w) / b->scale + 0.999f);
}

int ui_measure(const ui_build *b, const char *text, ui_font f, ui_weight w, int width)
{
    int px = ui_px(b, b->th->size[f]), n;
    ui_line one;
    if (text[0] == '\0')
        return 0;
    n = ui_text_wrap(b->text, text, px, w, ui_px(b, width), &one, 1);
    return (int)(n * ui_text_line_height(b->text, px) / b->scale + 0.5f);
}

int ui_layout_text(ui_build *b, ui_elem *e)
{
    ui_line tmp[MAX_LINES_PER_ELEM];
    ui_line *lines;
    int n, max_w;
    e->px = ui_px(b, b->th->size[e->font]);
    e->line_h = ui_text_line_height(b->text, e->px);
    e->n_lines = 0;
    e->lines = NULL;
    if (e->text[0] == '\0')
        return 0;
    max_w = ui_px(b, e->rect.w - 2 * e->pad);
    n = ui_text_wrap(b->text, e->text, e->px, e->weight, max_w, tmp, MAX_LINES_PER_ELEM);
    if (n > MAX_LINES_PER_ELEM)
        n = MAX_LINES_PER_ELEM;
    lines = arena_alloc(b, (size_t)n * sizeof *lines, _Alignof(ui_line));
    if (lines == NULL)
        return 0;
    memcpy(lines, tmp, (size_t)n * sizeof *lines);
    e->lines = lines;
    e->n_lines = n;
    return (int)(n * e->line_h / b->scale + 0.5f);
}

ui_elem *ui_add(ui_build *b, const char *id, ui_kind kind, ui_rect r, const char *text)
{
    static ui_elem scratch; /* absorbs writes when the list is full; never drawn */
    ui_elem *e;
    size_t idlen = strlen(id);
    assert(idlen < UI_ID_MAX);
    if (b->n >= b->cap) {
        overflow(b, id);
        memset(&scratch, 0, sizeof scratch);
        scratch.text = "";
        return &scratch;
    }
    e = &b->elems[b->n++];
    memset(e, 0, sizeof *e);
    memcpy(e->id, id, idlen + 1);
    e->kind = kind;
    e->rect = r;
    e->text = text != NULL ? ui_strndup(b, text, strlen(text)) : "";
    e->enabled = true;
    e->modal = b->modal_from >= 0;
    e->font = kind == UI_K_BUTTON ? UI_F_BUTTON : UI_F_BODY;
    e->fg = b->th->text;
    e->align = UI_ALIGN_LEFT;
    return e;
}

ui_elem *ui_find(ui_build *b, const char *id)
{
    for (int i = 0; i < b->n; i++)
        if (strcmp(b->elems[i].id, id) == 0)
            return &b->elems[i];
    return NULL;
}

bool ui_tappable(const ui_build *b, const ui_elem *e)
{
    int i = (int)(e - b->elems);
    return e->on_tap != NULL && (b->modal_from < 0 || i >= b->modal_from);
}

ui_elem *ui_hit(ui_build *b, int x, int y)
{
    for (int i = b->n - 1; i >= 0; i--) {
        ui_elem *e = &b->elems[i];
        if (b->modal_from >= 0 && i < b->modal_from)
            return NULL; /* below the dialog: covered */
        if (e->on_tap == NULL || !ui_rect_contains(e->rect, x, y))
            continue;
        return e->enabled ? e : NULL;
    }
    return NULL;
}
