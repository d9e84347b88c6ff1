/*
 * ui_rime.h - pinyin to Chinese characters with librime, for the on-screen
 * pinyin keyboard.
 *
 * librime reads the shared schema data (/usr/share/rime-data, Debian's
 * rime-data-pinyin-simp) and keeps its user data (learned words, the deployed
 * default.yaml) in a folder of the kiosk's own, where ui_rime_open writes a
 * default.custom.yaml selecting pinyin_simp. Debian's precompiled tables
 * (prebuilt_data_dir) are used as they are, so opening takes milliseconds
 * instead of a 2.6 s, 180 MB compile. librime is process-global: one
 * ui_rime at a time.
 */
#ifndef CK_UI_RIME_H
#define CK_UI_RIME_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define UI_RIME_SHARED_DIR "/usr/share/rime-data"
#define UI_RIME_PREBUILT_DIR "/usr/share/rime-data/build"
#define UI_RIME_MAX_CANDS 10
#define UI_RIME_CAND_BYTES 64
#define UI_RIME_PREEDIT_BYTES 128

typedef struct ui_rime ui_rime;

/* What the keyboard shows: the letters typed so far and one page of candidates. */
typedef struct ui_rime_state {
    char preedit[UI_RIME_PREEDIT_BYTES];
    int n_cands;
    char cands[UI_RIME_MAX_CANDS][UI_RIME_CAND_BYTES];
    int page_no;
    bool last_page;
} ui_rime_state;

/*
 * Starts librime with user_dir as its user folder (created, mode 0700).
 * CK_E_IO (d says why) when the folder cannot be made or the pinyin schema
 * is not installed (apt-get install rime-data-pinyin-simp).
 */
ck_err ui_rime_open(const char *user_dir, ui_rime **out, ck_diag *d);
void ui_rime_close(ui_rime *r);

/* Feeds one lower-case letter a-z. */
void ui_rime_letter(ui_rime *r, char letter);
/* Deletes the last letter; false when nothing was being composed. */
bool ui_rime_backspace(ui_rime *r);
/* Next (+1) or previous (-1) page of candidates. */
void ui_rime_page(ui_rime *r, int dir);
/*
 * Chooses candidate i of the current page: its text (or, when only part of
 * the letters was converted, nothing yet) is written to commit (empty when
 * nothing is committed). Returns false for an index outside the page.
 */
bool ui_rime_select(ui_rime *r, int i, char *commit, size_t cap);
/* Forgets the composition (and overwrites the copy kept for the screen). */
void ui_rime_clear(ui_rime *r);
/* The current composition. */
void ui_rime_get(ui_rime *r, ui_rime_state *out);

#endif
