/*
 * ui_text.h - text on the screen: one font file, opened at each pixel size
 * in use, and three caches so that a frame never re-rasterises unchanged text.
 *
 * SDL2_ttf keeps only 256 glyphs per font, which a screen of Chinese text
 * overflows: rendering a run costs milliseconds cold. So every text run drawn
 * is kept as a texture, keyed by (string, pixel size, weight, colour), in a
 * bounded LRU cache (UI_TEXT_CACHE_ENTRIES textures, UI_TEXT_CACHE_BYTES of
 * pixels). Measuring for line wrapping uses a cache of glyph advances, so
 * laying out a paragraph touches no glyph outlines twice.
 *
 * Pixel sizes here are real pixels; the design grid (ui_build) scales.
 * Bold is synthesised by SDL2_ttf from the one regular face we ship.
 */
#ifndef CK_UI_TEXT_H
#define CK_UI_TEXT_H

#include <SDL.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "ui_types.h"

#define UI_TEXT_CACHE_ENTRIES 512
#define UI_TEXT_CACHE_BYTES (64u * 1024u * 1024u)
#define UI_TEXT_RUN_MAX 2048 /* longest run drawn as one texture, in bytes; wrap longer text */

typedef struct ui_text ui_text;

/* One wrapped line: bytes [off, off + len) of the text, w pixels wide. */
typedef struct ui_line {
    int off, len, w;
} ui_line;

typedef struct ui_text_stats {
    unsigned long hits, misses; /* texture cache look-ups since open */
    unsigned entries;           /* textures held now */
    size_t bytes;               /* their pixels */
} ui_text_stats;

/*
 * Reads the font file (at most 64 MB) and prepares the caches for renderer r.
 * CK_E_IO when the file is missing or unreadable, CK_E_CONFIG when it is not a
 * font; d says which file. Free with ui_text_close.
 */
ck_err ui_text_open(SDL_Renderer *r, const char *font_path, ui_text **out, ck_diag *d);
void ui_text_close(ui_text *t);

/* true when the font has a glyph for cp (the input fields refuse characters it cannot show). */
bool ui_text_has_glyph(ui_text *t, uint32_t cp);

/* Distance between baselines of consecutive lines at px. */
int ui_text_line_height(ui_text *t, int px);

/* Width in pixels of bytes [0, len) of s (UTF-8) on one line. */
int ui_text_width(ui_text *t, const char *s, size_t len, int px, ui_weight w);

/*
 * Wraps s into lines at most max_w pixels wide: breaks between CJK characters
 * (but never before closing or after opening punctuation, so "，" and "）"
 * stay with their text), at spaces in Latin text, at '\n' always, and inside
 * a word only when the word alone is wider than max_w. Fills at most
 * max_lines entries of lines and returns the number of lines the whole text
 * needs (which may be more than max_lines).
 */
int ui_text_wrap(ui_text *t, const char *s, int px, ui_weight w, int max_w, ui_line *lines, int max_lines);

/*
 * Draws bytes [0, len) of s with its top-left corner at (x, y), from the
 * texture cache. Returns the width drawn (0 for empty text or a failure,
 * which is logged once: a missing run must not stop the kiosk).
 */
int ui_text_draw(ui_text *t, const char *s, size_t len, int px, ui_weight w, ui_color c, int x, int y);

/*
 * Drops every cached texture (and overwrites the cached strings): called when
 * a session ends, so nothing a customer typed survives in the cache.
 */
void ui_text_flush(ui_text *t);

void ui_text_get_stats(const ui_text *t, ui_text_stats *out);

#endif
