/*
 * ui_field.h - the model of one input field: its text (bounded), which
 * on-screen keyboard types into it, whether it is masked (PINs), and its
 * inline validation, usually a validator from kiosk/core (uscc_validate,
 * mobile_validate, ...). Fields live in a screen's session state, so they are
 * wiped with the session; ui_input (ui_widgets.h) draws one.
 */
#ifndef CK_UI_FIELD_H
#define CK_UI_FIELD_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define UI_FIELD_BYTES 256

typedef enum ui_kbd_kind {
    UI_KBD_DIGITS = 0, /* 0-9 (PINs, amounts) */
    UI_KBD_PHONE,      /* 0-9 with clear, laid out as a phone pad */
    UI_KBD_CODE,       /* 0-9 and A-Z, upper case (credit codes, ID numbers) */
    UI_KBD_PINYIN,     /* Chinese via pinyin (librime), candidates as keys */
    UI_KBD__COUNT
} ui_kbd_kind;

/*
 * Checks text; returns CK_OK or an error with msg saying, in both languages,
 * what is wrong. May rewrite nothing: the field keeps what was typed.
 */
typedef ck_err (*ui_validate_fn)(const char *text, ck_diag *msg, void *ctx);

typedef struct ui_field {
    char text[UI_FIELD_BYTES]; /* UTF-8 */
    int max_chars;             /* code points, 1..UI_FIELD_BYTES/4 */
    ui_kbd_kind kbd;
    bool masked;
    ui_validate_fn validate; /* NULL: anything non-empty is fine */
    void *validate_ctx;
    bool invalid; /* the last check failed: msg is shown under the field */
    ck_diag msg;
} ui_field;

/* Sets up an empty field. */
void ui_field_init(ui_field *f, ui_kbd_kind kbd, int max_chars, bool masked, ui_validate_fn validate, void *ctx);

/*
 * Appends UTF-8 text (one key or one pinyin candidate). Refuses (returns
 * false, field unchanged) when it would exceed max_chars or the buffer, or
 * when it is not valid UTF-8. Clears a shown validation message.
 */
bool ui_field_append(ui_field *f, const char *utf8);

/* Removes the last code point; false when empty. */
bool ui_field_backspace(ui_field *f);

/* Empties the text (overwriting it). */
void ui_field_clear(ui_field *f);

/* Runs the validator; sets invalid/msg. Returns true when valid. */
bool ui_field_check(ui_field *f);

/* Number of code points typed. */
int ui_field_chars(const ui_field *f);

/* Overwrites everything the field holds (text and message). */
void ui_field_wipe(ui_field *f);

#endif
