/* ui_widgets.c - labels, buttons, the header, inputs, QR codes, dialogs, tables (see ui_widgets.h). */
#include "ui_widgets.h"

#include <stdlib.h>
#include <string.h>

#include "ui_app_internal.h"

#define BUTTON_PAD 16
#define INPUT_BOX_H 104

static void set_text_look(ui_elem *e, ui_font f, ui_weight w, ui_align a)
{
    e->font = f;
    e->weight = w;
    e->align = a;
}

ui_elem *ui_label(ui_build *b, const char *id, ui_rect r, const char *text, ui_font f, ui_weight w, ui_align a)
{
    ui_elem *e = ui_add(b, id, UI_K_LABEL, r, text);
    int h;
    set_text_look(e, f, w, a);
    e->valign_top = true;
    h = ui_layout_text(b, e);
    if (r.h <= 0)
        e->rect.h = h;
    return e;
}

int ui_pair(ui_build *b, const char *id, int x, int y, int w, int head_w, const char *head, const char *text)
{
    ui_elem *h = ui_label(b, ui_fmt(b, "%s.head", id), ui_rect_make(x, y, head_w, 0), head, UI_F_BODY, UI_BOLD,
                          UI_ALIGN_LEFT);
    ui_elem *e = ui_label(b, id, ui_rect_make(x + head_w + 24, y, w - head_w - 24, 0), text, UI_F_BODY, UI_REGULAR,
                          UI_ALIGN_LEFT);
    return y + (e->rect.h > h->rect.h ? e->rect.h : h->rect.h);
}

ui_elem *ui_note(ui_build *b, const char *id, ui_rect r, const char *text, ui_font f, ui_align a)
{
    ui_elem *e = ui_label(b, id, r, text, f, UI_REGULAR, a);
    e->fg = b->th->text_muted;
    return e;
}

static void button_colors(const ui_theme *th, ui_style s, ui_elem *e)
{
    e->radius = th->radius;
    e->border_w = th->border_w;
    switch (s) {
    case UI_S_PRIMARY:
        e->bg = th->primary;
        e->fg = th->primary_text;
        e->border = th->large ? th->primary : (ui_color){0, 0, 0, 0};
        break;
    case UI_S_HEADER:
        e->bg = th->header_bg;
        e->fg = th->header_text;
        e->border = th->header_text;
        break;
    case UI_S_TAB_ON:
        e->bg = th->accent;
        e->fg = th->primary_text;
        e->border = th->accent;
        break;
    case UI_S_KEY:
        e->bg = th->key;
        e->fg = th->key_text;
        e->border = th->border;
        e->radius = th->radius / 2;
        break;
    case UI_S_KEY_SPECIAL:
        e->bg = th->key_special;
        e->fg = th->key_text;
        e->border = th->border;
        e->radius = th->radius / 2;
        break;
    case UI_S_SECONDARY:
    case UI_S_TILE:
    case UI_S_TAB:
    default:
        e->bg = th->secondary;
        e->fg = th->secondary_text;
        e->border = th->large ? th->secondary_text : th->border;
        break;
    }
}

ui_elem *ui_button(ui_build *b, const char *id, ui_rect r, const char *text, ui_style s, ui_tap_fn fn, intptr_t arg)
{
    ui_elem *e = ui_add(b, id, UI_K_BUTTON, r, text);
    button_colors(b->th, s, e);
    e->on_tap = fn;
    e->arg = arg;
    e->pad = BUTTON_PAD;
    if (s == UI_S_TILE) {
        set_text_look(e, UI_F_HEADING, UI_BOLD, UI_ALIGN_LEFT);
        e->valign_top = true;
        e->pad = 32;
    } else {
        set_text_look(e, s == UI_S_KEY || s == UI_S_KEY_SPECIAL ? UI_F_BUTTON : UI_F_BUTTON,
                      s == UI_S_PRIMARY ? UI_BOLD : UI_REGULAR, UI_ALIGN_CENTER);
    }
    ui_layout_text(b, e);
    return e;
}

/* --- the header ------------------------------------------------------------------------------ */

static void tap_back(ui_app *app, intptr_t arg)
{
    (void)arg;
    ui_app_back(app);
}

static void tap_end(ui_app *app, intptr_t arg)
{
    (void)arg;
    ui_app_end_session(app);
}

static void tap_lang(ui_app *app, intptr_t arg)
{
    (void)arg;
    ui_app_toggle_lang(app);
}

static void tap_large(ui_app *app, intptr_t arg)
{
    (void)arg;
    ui_app_toggle_large_text(app);
}

/* A header button as wide as its text needs (at least min_w). */
static int header_button(ui_build *b, const char *id, int x, int y, int min_w, bool from_right, const char *text,
                         ui_tap_fn fn)
{
    int w = ui_text_w(b, UI_F_BUTTON, UI_REGULAR, text) + 2 * 28;
    if (w < min_w)
        w = min_w;
    ui_button(b, id, ui_rect_make(from_right ? x - w : x, y, w, UI_MIN_TARGET), text, UI_S_HEADER, fn, 0);
    return w;
}

ui_rect ui_header(ui_build *b, const char *title, unsigned flags)
{
    ui_app *app = b->app;
    int margin = b->portrait ? 20 : 32, y = (UI_HEADER_H - UI_MIN_TARGET) / 2, right = b->W - margin, gap = 16;
    int min_w = b->portrait ? 150 : 180;
    ui_rect body = b->body;
    bool toggles_only = (flags & UI_HDR_TOGGLES_ONLY) != 0;
    if (!toggles_only) {
        ui_elem *bar = ui_add(b, "header", UI_K_PANEL, ui_rect_make(0, 0, b->W, UI_HEADER_H), NULL);
        bar->bg = b->th->header_bg;
        if (b->th->large) {
            bar->border = b->th->header_text;
            bar->border_w = 0;
        }
    }
    if (flags & UI_HDR_END)
        right -= header_button(b, "nav.end", right, y, min_w, true, ui_tr(b, "结束办理", "Finish"), tap_end) + gap;
    right -= header_button(b, "lang.toggle", right, y, min_w, true, ui_tr(b, "English", "中文"), tap_lang) + gap;
    header_button(b, "text.toggle", right, y, min_w, true,
                  app->large_text ? ui_tr(b, "标准字", "Normal text") : ui_tr(b, "大字", "Large text"), tap_large);
    if (flags & UI_HDR_BACK)
        header_button(b, "nav.back", margin, y, min_w, false, ui_tr(b, "‹ 返回", "‹ Back"), tap_back);
    if (!toggles_only && !(flags & UI_HDR_BACK) && !b->portrait) /* the brand where no back button is */
        ui_label(b, "header.brand", ui_rect_make(margin, y + 20, 900, 0),
                 ui_fmt(b, "%s · %s", app->cfg.ca_name, ui_tr(b, "数字证书自助服务", "Certificate self-service")),
                 UI_F_BUTTON, UI_REGULAR, UI_ALIGN_LEFT)
            ->fg = b->th->header_text;
    body.y = toggles_only ? 0 : UI_HEADER_H;
    body.h = b->body.y + b->body.h - body.y;
    if (app->banner_zh[0] != '\0') {
        int h = b->th->large ? 100 : 80;
        ui_banner(b, "banner", ui_rect_make(0, body.y, b->W, h), ui_tr(b, app->banner_zh, app->banner_en));
        body.y += h;
        body.h -= h;
    }
    if (title != NULL) {
        int pad = b->portrait ? 48 : 64;
        ui_elem *t = ui_label(b, "title", ui_rect_make(body.x + pad, body.y + 36, body.w - 2 * pad, 0), title,
                              UI_F_TITLE, UI_BOLD, UI_ALIGN_LEFT);
        int used = 36 + t->rect.h + 24;
        body.y += used;
        body.h -= used;
    }
    b->body = body;
    return body;
}

ui_rect ui_step_header(ui_build *b, ui_rect r, int step, int total, const char *title_zh, const char *title_en)
{
    const char *zh = ui_fmt(b, "第 %d 步 / 共 %d 步", step, total), *en = ui_fmt(b, "Step %d of %d", step, total);
    ui_elem *e = ui_label(b, "step", ui_rect_make(r.x, r.y, r.w, 0),
                          b->lang == UI_EN ? ui_fmt(b, "%s · %s", en, zh) : ui_fmt(b, "%s · %s", zh, en),
                          UI_F_CAPTION, UI_BOLD, UI_ALIGN_LEFT);
    int y;
    e->fg = b->th->accent;
    y = r.y + e->rect.h + 12;
    /* Progress: one bar per step, the done ones filled. */
    {
        int gap = 12, bw = (r.w - gap * (total - 1)) / (total > 0 ? total : 1);
        for (int i = 0; i < total && i < 12; i++) {
            ui_elem *p = ui_add(b, ui_fmt(b, "step.bar.%d", i + 1), UI_K_PANEL,
                                ui_rect_make(r.x + i * (bw + gap), y, bw, 10), NULL);
            p->bg = i < step ? b->th->accent : b->th->border;
            p->radius = 5;
        }
        y += 10 + 24;
    }
    e = ui_label(b, "step.title", ui_rect_make(r.x, y, r.w, 0), ui_tr(b, title_zh, title_en), UI_F_HEADING, UI_BOLD,
                 UI_ALIGN_LEFT);
    y += e->rect.h + 24;
    return ui_rect_make(r.x, y, r.w, r.y + r.h - y);
}

/* --- inputs -------------------------------------------------------------------------------- */

int ui_input_height(const ui_build *b)
{
    return ui_line_height(b, UI_F_BODY) + 8 + INPUT_BOX_H + 8 + ui_line_height(b, UI_F_CAPTION) * 2;
}

static void tap_input(ui_app *app, intptr_t arg)
{
    ui_app_focus(app, (ui_field *)arg);
}

/* One dot per character for a masked field. */
static const char *masked(ui_build *b, const ui_field *f)
{
    int n = ui_field_chars(f);
    char buf[UI_FIELD_BYTES * 3 + 1];
    size_t at = 0;
    for (int i = 0; i < n && at + 3 < sizeof buf; i++) {
        memcpy(buf + at, "\xe2\x97\x8f", 3); /* U+25CF BLACK CIRCLE */
        at += 3;
    }
    return ui_strndup(b, buf, at);
}

ui_elem *ui_input(ui_build *b, const char *id, ui_rect r, ui_field *f, const char *label, const char *hint)
{
    char sub[UI_ID_MAX];
    const ui_theme *th = b->th;
    ui_app *app = b->app;
    bool focused = app->focus == f;
    ui_elem *lab, *box, *msg;
    int y = r.y;
    snprintf(sub, sizeof sub, "%.*s.label", UI_ID_MAX - 7, id);
    lab = ui_label(b, sub, ui_rect_make(r.x, y, r.w, 0), label, UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
    y += ui_line_height(b, UI_F_BODY) + 8;
    (void)lab;
    box = ui_add(b, id, UI_K_INPUT, ui_rect_make(r.x, y, r.w, INPUT_BOX_H), f->masked ? masked(b, f) : f->text);
    box->bg = th->surface;
    box->fg = th->text;
    box->border = focused ? th->accent : (f->invalid ? th->error_text : th->border);
    box->border_w = focused || f->invalid ? th->border_w + 2 : th->border_w;
    box->radius = th->radius / 2;
    box->pad = 24;
    box->focused = focused;
    box->on_tap = tap_input;
    box->arg = (intptr_t)f;
    set_text_look(box, UI_F_BUTTON, UI_REGULAR, UI_ALIGN_LEFT);
    ui_layout_text(b, box);
    y += INPUT_BOX_H + 8;
    snprintf(sub, sizeof sub, "%.*s.msg", UI_ID_MAX - 5, id);
    if (f->invalid) {
        msg = ui_label(b, sub, ui_rect_make(r.x, y, r.w, 0), ui_tr(b, f->msg.zh, f->msg.en), UI_F_CAPTION, UI_BOLD,
                       UI_ALIGN_LEFT);
        msg->fg = th->error_text;
    } else {
        ui_note(b, sub, ui_rect_make(r.x, y, r.w, 0), hint != NULL ? hint : "", UI_F_CAPTION, UI_ALIGN_LEFT);
    }
    return box;
}

/* --- QR codes, pictures, banners ------------------------------------------------------------ */

ui_elem *ui_qr(ui_build *b, const char *id, ui_rect r, const qr_code *q)
{
    ui_elem *e = ui_add(b, id, UI_K_QR, r, NULL);
    e->qr = q;
    return e;
}

ck_err ui_image_set(ui_image *img, const uint8_t *rgba, int w, int h)
{
    uint8_t *copy;
    size_t n;
    if (img == NULL || rgba == NULL || w <= 0 || h <= 0 || w > 8192 || h > 8192)
        return CK_E_ARG;
    n = (size_t)w * (size_t)h * 4;
    copy = malloc(n);
    if (copy == NULL)
        return CK_E_NOMEM;
    memcpy(copy, rgba, n);
    ui_image_free(img);
    img->rgba = copy;
    img->w = w;
    img->h = h;
    return CK_OK;
}

void ui_image_free(ui_image *img)
{
    if (img == NULL)
        return;
    if (img->tex != NULL)
        SDL_DestroyTexture(img->tex);
    if (img->rgba != NULL) {
        explicit_bzero(img->rgba, (size_t)img->w * (size_t)img->h * 4);
        free(img->rgba);
    }
    memset(img, 0, sizeof *img);
}

ui_elem *ui_picture(ui_build *b, const char *id, ui_rect r, ui_image *img)
{
    ui_elem *e = ui_add(b, id, UI_K_IMAGE, r, NULL);
    e->image = img;
    return e;
}

ui_elem *ui_banner(ui_build *b, const char *id, ui_rect r, const char *text)
{
    ui_elem *e = ui_add(b, id, UI_K_BANNER, r, text);
    e->bg = b->th->banner;
    e->fg = b->th->banner_text;
    e->pad = b->portrait ? 32 : 64;
    set_text_look(e, UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
    ui_layout_text(b, e);
    return e;
}

/* --- dialogs --------------------------------------------------------------------------------- */

ui_rect ui_dialog(ui_build *b, const char *id, int w, int h, const char *title)
{
    char sub[UI_ID_MAX];
    ui_rect r = ui_rect_make((b->W - w) / 2, (b->H - h) / 2, w, h);
    ui_elem *e, *t;
    int pad = 48;
    b->modal_from = b->n;
    e = ui_add(b, id, UI_K_DIALOG, r, NULL);
    e->modal = true;
    e->bg = b->th->surface;
    e->border = b->th->large ? b->th->border : b->th->surface;
    e->border_w = b->th->border_w;
    e->radius = b->th->radius * 2;
    snprintf(sub, sizeof sub, "%.*s.title", UI_ID_MAX - 7, id);
    t = ui_label(b, sub, ui_rect_make(r.x + pad, r.y + pad, w - 2 * pad, 0), title, UI_F_TITLE, UI_BOLD,
                 UI_ALIGN_CENTER);
    return ui_rect_make(r.x + pad, t->rect.y + t->rect.h + 32, w - 2 * pad,
                        r.y + h - pad - (t->rect.y + t->rect.h + 32));
}

/* --- tables ------------------------------------------------------------------------------------ */

static ui_rect table_cells(ui_table *t, const char *row_id, const char *const *cells, bool header)
{
    ui_build *b = t->b;
    const ui_theme *th = b->th;
    ui_elem *bg, *cell[UI_TABLE_MAX_COLS];
    int h = t->row_h, pad = 16;
    bg = ui_add(b, ui_fmt(b, "%s.%s", t->id, row_id), UI_K_PANEL, ui_rect_make(t->r.x, t->y, t->r.w, h), NULL);
    bg->bg = header ? th->header_bg : (t->rows % 2 == 0 ? th->surface : th->surface_alt);
    if (th->large) {
        bg->border = th->border;
        bg->border_w = 1;
    }
    for (int c = 0; c < t->ncols; c++) {
        const char *text = cells[c] != NULL ? cells[c] : "";
        ui_elem *e = ui_add(b, ui_fmt(b, "%s.%s.%d", t->id, row_id, c), UI_K_LABEL,
                            ui_rect_make(t->xs[c], t->y, t->ws[c], h), text);
        int th_;
        e->font = UI_F_BODY;
        e->weight = header || c == 0 ? UI_BOLD : UI_REGULAR;
        e->align = t->align[c];
        e->pad = pad;
        e->fg = header ? th->header_text : th->text;
        th_ = ui_layout_text(b, e) + 2 * pad;
        if (th_ > h)
            h = th_;
        cell[c] = e;
    }
    bg->rect.h = h;
    for (int c = 0; c < t->ncols; c++)
        cell[c]->rect.h = h;
    t->y += h;
    if (!header)
        t->rows++;
    return bg->rect;
}

void ui_table_begin(ui_build *b, ui_table *t, const char *id, ui_rect r, const ui_table_col *cols, int ncols,
                    int row_h)
{
    const char *titles[UI_TABLE_MAX_COLS];
    int total = 0, x = r.x;
    memset(t, 0, sizeof *t);
    if (ncols > UI_TABLE_MAX_COLS)
        ncols = UI_TABLE_MAX_COLS;
    t->b = b;
    snprintf(t->id, sizeof t->id, "%s", id);
    t->r = r;
    t->ncols = ncols;
    t->row_h = row_h;
    t->y = r.y;
    for (int c = 0; c < ncols; c++)
        total += cols[c].weight > 0 ? cols[c].weight : 1;
    for (int c = 0; c < ncols; c++) {
        int w = c == ncols - 1 ? r.x + r.w - x : r.w * (cols[c].weight > 0 ? cols[c].weight : 1) / total;
        t->xs[c] = x;
        t->ws[c] = w;
        t->align[c] = cols[c].align;
        titles[c] = cols[c].title;
        x += w;
    }
    table_cells(t, "head", titles, true);
}

ui_rect ui_table_row(ui_table *t, const char *row_id, const char *const *cells)
{
    return table_cells(t, row_id, cells, false);
}

int ui_table_end(ui_table *t) { return t->y; }
