/* ui_kbd.c - the on-screen keyboards (see ui_kbd.h). */
#include "ui_kbd.h"

#include <stdio.h>
#include <string.h>

#include "ui_app_internal.h"
#include "ui_widgets.h"
#include "utf8.h"

#define GAP 10
#define PAD 15

/* --- what keys do ------------------------------------------------------------------------------ */

static bool pinyin_active(ui_app *app)
{
    return app->focus != NULL && app->focus->kbd == UI_KBD_PINYIN && app->rime != NULL;
}

static bool composing(ui_app *app) { return pinyin_active(app) && app->kbd.rs.preedit[0] != '\0'; }

/* Copies rime's state and picks the candidates the font can show (others would be empty boxes). */
static void refresh_candidates(ui_app *app)
{
    ui_kbd *k = &app->kbd;
    ui_rime_get(app->rime, &k->rs);
    k->n_shown = 0;
    for (int i = 0; i < k->rs.n_cands; i++) {
        const char *s = k->rs.cands[i];
        size_t len = strlen(s), pos = 0;
        bool ok = true;
        while (pos < len && ok) {
            uint32_t cp;
            size_t n = utf8_decode(s + pos, len - pos, &cp);
            ok = n > 0 && ui_text_has_glyph(app->text, cp);
            pos += n > 0 ? n : 1;
        }
        if (ok)
            k->shown[k->n_shown++] = i;
    }
}

static void commit(ui_app *app, const char *text)
{
    if (text[0] != '\0' && !ui_field_append(app->focus, text))
        SDL_Log("certkiosk: input refused (field full)");
}

void ui_kbd_press(ui_app *app, intptr_t code)
{
    ui_field *f = app->focus;
    char buf[UI_RIME_CAND_BYTES];
    if (f == NULL)
        return;
    app->dirty = true;
    if (code > 0 && code < 128) {
        char c = (char)code;
        if (pinyin_active(app) && c >= 'A' && c <= 'Z') {
            ui_rime_letter(app->rime, (char)(c - 'A' + 'a'));
            refresh_candidates(app);
            return;
        }
        if (f->kbd == UI_KBD_PINYIN && c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a'); /* no librime: the letters themselves */
        buf[0] = c;
        buf[1] = '\0';
        ui_field_append(f, buf);
        return;
    }
    switch (code) {
    case UI_KEY_BACK:
        if (composing(app)) {
            ui_rime_backspace(app->rime);
            refresh_candidates(app);
        } else {
            ui_field_backspace(f);
        }
        return;
    case UI_KEY_CLEAR:
        ui_kbd_reset(app);
        ui_field_clear(f);
        return;
    case UI_KEY_SPACE:
        if (composing(app))
            ui_kbd_press(app, UI_KEY_CAND0);
        else
            ui_field_append(f, " ");
        return;
    case UI_KEY_PREV:
    case UI_KEY_NEXT:
        if (composing(app)) {
            ui_rime_page(app->rime, code == UI_KEY_NEXT ? 1 : -1);
            refresh_candidates(app);
        }
        return;
    case UI_KEY_OK:
        ui_kbd_reset(app);
        if (ui_field_check(f))
            app->focus = NULL; /* done: the keyboard goes away */
        return;
    default:
        if (code <= UI_KEY_CAND0 && code > UI_KEY_CAND0 - UI_RIME_MAX_CANDS && composing(app)) {
            int i = (int)(UI_KEY_CAND0 - code);
            if (i < app->kbd.n_shown && ui_rime_select(app->rime, app->kbd.shown[i], buf, sizeof buf))
                commit(app, buf);
            refresh_candidates(app);
        }
        return;
    }
}

void ui_kbd_reset(ui_app *app)
{
    if (app->rime != NULL)
        ui_rime_clear(app->rime);
    explicit_bzero(&app->kbd, sizeof app->kbd);
}

ck_err ui_kbd_type(ui_app *app, ui_build *b, uint32_t cp, ck_diag *d)
{
    char id[UI_ID_MAX], utf8[8];
    ui_elem *e;
    size_t n;
    if (app->focus == NULL)
        return ck_diag_detail(d, CK_E_NOT_FOUND, "没有正在输入的栏目", "no input field has the keyboard");
    if (cp >= 'a' && cp <= 'z')
        cp = cp - 'a' + 'A';
    if (cp == ' ')
        snprintf(id, sizeof id, "kbd.space");
    else if (cp < 128)
        snprintf(id, sizeof id, "kbd.key.%c", (char)cp);
    else { /* no key makes it: committed like a chosen candidate */
        n = utf8_encode(cp, utf8, sizeof utf8 - 1);
        utf8[n] = '\0';
        if (n == 0 || !ui_text_has_glyph(app->text, cp))
            return ck_diag_detail(d, CK_E_INVALID_INPUT, "无法显示此字符", "U+%04X is not in the font", (unsigned)cp);
        ui_kbd_reset(app);
        commit(app, utf8);
        app->dirty = true;
        return CK_OK;
    }
    e = ui_find(b, id);
    if (e == NULL || e->on_tap == NULL || !e->enabled)
        return ck_diag_detail(d, CK_E_NOT_FOUND, "键盘上没有这个键", "the keyboard shown has no key %s", id);
    e->on_tap(app, e->arg);
    return CK_OK;
}

/* --- layouts ------------------------------------------------------------------------------------ */

ui_rect ui_kbd_area(const ui_build *b, ui_kbd_kind kind)
{
    bool pad = kind == UI_KBD_DIGITS || kind == UI_KBD_PHONE;
    if (b->portrait) {
        int h = pad ? 640 : (kind == UI_KBD_PINYIN ? 800 : 700);
        return ui_rect_make(0, b->H - h, b->W, h);
    }
    return ui_rect_make(b->W - 1080, UI_HEADER_H, 1080, b->H - UI_HEADER_H);
}

static void key(ui_build *b, ui_rect r, char c)
{
    char label[2] = {c, '\0'};
    ui_button(b, ui_fmt(b, "kbd.key.%c", c), r, label, UI_S_KEY, ui_kbd_press, (intptr_t)c);
}

static ui_elem *special(ui_build *b, const char *id, ui_rect r, const char *label, intptr_t code, ui_style s)
{
    return ui_button(b, id, r, label, s, ui_kbd_press, code);
}

/* A row of single-character keys, each kw wide, centred in row. */
static void key_row(ui_build *b, ui_rect row, const char *keys, int kw)
{
    int n = (int)strlen(keys), total = n * kw + (n - 1) * GAP, x = row.x + (row.w - total) / 2;
    for (int i = 0; i < n; i++)
        key(b, ui_rect_make(x + i * (kw + GAP), row.y, kw, row.h), keys[i]);
}

/*
 * Digits (PINs): 1-9, then delete, 0, done. Phone: 1-9, then clear, 0,
 * delete, and a wide done key, as on a phone's dialler.
 */
static void build_pad(ui_build *b, ui_rect a, bool phone)
{
    int kw = 240, kh = b->portrait ? 112 : 140, w = 3 * kw + 2 * GAP, x = a.x + (a.w - w) / 2;
    int rows = phone ? 5 : 4, h = rows * kh + (rows - 1) * GAP, y = a.y + (a.h - h) / 2;
    const char *digits = "123456789";
    for (int i = 0; i < 9; i++)
        key(b, ui_rect_make(x + (i % 3) * (kw + GAP), y + (i / 3) * (kh + GAP), kw, kh), digits[i]);
    y += 3 * (kh + GAP);
    if (phone)
        special(b, "kbd.clear", ui_rect_make(x, y, kw, kh), ui_tr(b, "清空", "Clear"), UI_KEY_CLEAR,
                UI_S_KEY_SPECIAL);
    else
        special(b, "kbd.back", ui_rect_make(x, y, kw, kh), ui_tr(b, "退格", "Delete"), UI_KEY_BACK,
                UI_S_KEY_SPECIAL);
    key(b, ui_rect_make(x + kw + GAP, y, kw, kh), '0');
    if (phone) {
        special(b, "kbd.back", ui_rect_make(x + 2 * (kw + GAP), y, kw, kh), ui_tr(b, "退格", "Delete"), UI_KEY_BACK,
                UI_S_KEY_SPECIAL);
        y += kh + GAP;
        special(b, "kbd.ok", ui_rect_make(x, y, w, kh), ui_tr(b, "完成", "Done"), UI_KEY_OK, UI_S_PRIMARY);
    } else {
        special(b, "kbd.ok", ui_rect_make(x + 2 * (kw + GAP), y, kw, kh), ui_tr(b, "完成", "Done"), UI_KEY_OK,
                UI_S_PRIMARY);
    }
}

/* Letters (and digits for codes), with the pinyin candidates above for Chinese. */
static void build_letters(ui_build *b, ui_app *app, ui_rect a, bool pinyin)
{
    int kw = (a.w - 2 * PAD - 9 * GAP) / 10, kh, y = a.y + PAD, rows = pinyin ? 6 : 5;
    int avail = a.h - 2 * PAD;
    ui_kbd *k = &app->kbd;
    if (pinyin)
        avail -= 64 + GAP; /* the composition line */
    kh = (avail - (rows - 1) * GAP) / rows;
    if (kh > 130) { /* keys no taller than this; the block is centred in what is left */
        kh = 130;
        y += (avail - rows * kh - (rows - 1) * GAP) / 2;
    }
    if (pinyin) {
        const ui_rime_state *rs = &k->rs;
        int x = a.x + PAD, right = a.x + a.w - PAD, nav_w = kw + kw / 2;
        ui_elem *pe = ui_label(b, "kbd.preedit", ui_rect_make(x, y, a.w - 2 * PAD, 64),
                               app->rime == NULL ? ui_tr(b, "拼音输入暂不可用", "Pinyin input unavailable")
                               : rs->preedit[0] != '\0' ? rs->preedit
                                                        : ui_tr(b, "请用拼音输入，再点选汉字", "Type pinyin, then tap the characters"),
                               UI_F_BODY, UI_REGULAR, UI_ALIGN_LEFT);
        if (rs->preedit[0] == '\0')
            pe->fg = b->th->text_muted;
        y += 64 + GAP;
        /* Candidates: as wide as their text, between the page keys. */
        special(b, "kbd.cand.prev", ui_rect_make(x, y, nav_w, kh), "‹", UI_KEY_PREV, UI_S_KEY_SPECIAL)->enabled =
            composing(app) && rs->page_no > 0;
        special(b, "kbd.cand.next", ui_rect_make(right - nav_w, y, nav_w, kh), "›", UI_KEY_NEXT, UI_S_KEY_SPECIAL)
            ->enabled = composing(app) && !rs->last_page;
        x += nav_w + GAP;
        for (int i = 0; i < k->n_shown; i++) {
            const char *text = rs->cands[k->shown[i]];
            int w = ui_text_w(b, UI_F_BUTTON, UI_BOLD, text) + 48;
            if (w < UI_MIN_TARGET + 24)
                w = UI_MIN_TARGET + 24;
            if (x + w > right - nav_w - GAP)
                break;
            ui_button(b, ui_fmt(b, "kbd.cand.%d", i), ui_rect_make(x, y, w, kh), text, UI_S_KEY, ui_kbd_press,
                      UI_KEY_CAND0 - i)
                ->weight = UI_BOLD;
            x += w + GAP;
        }
        y += kh + GAP;
    } else {
        key_row(b, ui_rect_make(a.x, y, a.w, kh), "1234567890", kw);
        y += kh + GAP;
    }
    key_row(b, ui_rect_make(a.x, y, a.w, kh), "QWERTYUIOP", kw);
    y += kh + GAP;
    key_row(b, ui_rect_make(a.x, y, a.w, kh), "ASDFGHJKL", kw);
    y += kh + GAP;
    {
        int x = a.x + PAD, back_w = 3 * kw + 2 * GAP;
        for (int i = 0; i < 7; i++)
            key(b, ui_rect_make(x + i * (kw + GAP), y, kw, kh), "ZXCVBNM"[i]);
        special(b, "kbd.back", ui_rect_make(a.x + a.w - PAD - back_w, y, back_w, kh), ui_tr(b, "退格", "Delete"),
                UI_KEY_BACK, UI_S_KEY_SPECIAL);
    }
    y += kh + GAP;
    {
        int x = a.x + PAD, w3 = 3 * kw + 2 * GAP, w4 = 4 * kw + 3 * GAP;
        special(b, "kbd.clear", ui_rect_make(x, y, w3, kh), ui_tr(b, "清空", "Clear"), UI_KEY_CLEAR,
                UI_S_KEY_SPECIAL);
        if (pinyin)
            special(b, "kbd.space", ui_rect_make(x + w3 + GAP, y, w3, kh), ui_tr(b, "空格", "Space"), UI_KEY_SPACE,
                    UI_S_KEY_SPECIAL);
        special(b, "kbd.ok", ui_rect_make(a.x + a.w - PAD - w4, y, w4, kh), ui_tr(b, "完成", "Done"), UI_KEY_OK,
                UI_S_PRIMARY);
    }
}

void ui_kbd_build(ui_build *b, ui_app *app, ui_rect area)
{
    ui_elem *panel = ui_add(b, "kbd.panel", UI_K_PANEL, area, NULL);
    panel->bg = b->th->large ? b->th->bg : b->th->disabled;
    panel->border = b->th->border;
    panel->border_w = b->th->large ? b->th->border_w : 0;
    switch (app->focus->kbd) {
    case UI_KBD_DIGITS:
        build_pad(b, area, false);
        break;
    case UI_KBD_PHONE:
        build_pad(b, area, true);
        break;
    case UI_KBD_PINYIN:
        ui_app_rime(app);
        build_letters(b, app, area, true);
        break;
    case UI_KBD_CODE:
    default:
        build_letters(b, app, area, false);
        break;
    }
}
