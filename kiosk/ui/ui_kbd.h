/*
 * ui_kbd.h - the on-screen keyboards, built as ordinary elements so that
 * taps, tests and dumps treat keys like any button.
 *
 * Four layouts (ui_field.h): digits, phone, code (0-9 and A-Z in upper case:
 * credit codes) and pinyin (letters through librime, with candidates as
 * keys). Key ids: "kbd.key.A" (letters, also on the pinyin keyboard),
 * "kbd.key.7", "kbd.back", "kbd.clear", "kbd.space", "kbd.ok",
 * "kbd.cand.0".."kbd.cand.N", "kbd.cand.prev", "kbd.cand.next", and the
 * composition "kbd.preedit". The keyboard types into the focused field
 * (ui_app_focus); "kbd.ok" checks the field and, when valid, closes the
 * keyboard.
 */
#ifndef CK_UI_KBD_H
#define CK_UI_KBD_H

#include "ui_build.h"
#include "ui_field.h"
#include "ui_rime.h"

/* Special key codes (a key's arg; printable keys use their ASCII code). */
enum {
    UI_KEY_BACK = -1,
    UI_KEY_OK = -2,
    UI_KEY_CLEAR = -3,
    UI_KEY_SPACE = -4,
    UI_KEY_PREV = -5,
    UI_KEY_NEXT = -6,
    UI_KEY_CAND0 = -100, /* candidate i: UI_KEY_CAND0 - i */
};

/* The keyboard's own state: the composition shown and which rime candidates are shown. */
typedef struct ui_kbd {
    ui_rime_state rs;
    int n_shown;
    int shown[UI_RIME_MAX_CANDS]; /* rime's index of each candidate key */
} ui_kbd;

/* Where the keyboard for kind goes: the right side (landscape) or the bottom (portrait). */
ui_rect ui_kbd_area(const ui_build *b, ui_kbd_kind kind);

/* Adds the keyboard's elements for the focused field into area. */
void ui_kbd_build(ui_build *b, ui_app *app, ui_rect area);

/* What every key does (its on_tap): code is the ASCII character or a UI_KEY_ value. */
void ui_kbd_press(ui_app *app, intptr_t code);

/*
 * Types one character into the focused field through the key that makes it
 * (the script's `type`): the key must be on the keyboard shown, else
 * CK_E_NOT_FOUND. Characters no key makes (hanzi) are committed the way a
 * chosen candidate is.
 */
ck_err ui_kbd_type(ui_app *app, ui_build *b, uint32_t cp, ck_diag *d);

/* Forgets the composition and overwrites the copy (session end, focus change). */
void ui_kbd_reset(ui_app *app);

#endif
