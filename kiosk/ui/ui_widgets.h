/*
 * ui_widgets.h - the things a screen is made of. Each function adds one or
 * a few elements to the build (ui_build.h) with ids derived from the id
 * given, in the theme's colours and sizes, and returns the main element (or
 * the rectangle left for what comes next). Rectangles are design units.
 *
 * Ids, by convention "<screen>.<thing>": a widget made of several elements
 * suffixes the id it was given (an input "chg.uscc" adds "chg.uscc.label",
 * "chg.uscc" and "chg.uscc.msg"). The shell's header uses fixed ids that
 * every screen shares: "nav.back", "title", "text.toggle", "lang.toggle",
 * "nav.end", and "banner".
 */
#ifndef CK_UI_WIDGETS_H
#define CK_UI_WIDGETS_H

#include <SDL.h>

#include "ui_app.h"
#include "ui_build.h"
#include "ui_field.h"

typedef enum ui_style {
    UI_S_PRIMARY = 0, /* the one main action of a screen */
    UI_S_SECONDARY,   /* other actions */
    UI_S_HEADER,      /* buttons on the header bar */
    UI_S_TILE,        /* menu tiles: name at the top, a note below */
    UI_S_TAB,         /* a choice among a few (holder kind); see UI_S_TAB_ON */
    UI_S_TAB_ON,      /* the chosen tab */
    UI_S_KEY,         /* keyboard keys */
    UI_S_KEY_SPECIAL, /* backspace, clear, page keys */
} ui_style;

/*
 * Text wrapped to r.w, from the top of r. r.h == 0: as high as the text
 * (read it back from the returned element's rect.h).
 */
ui_elem *ui_label(ui_build *b, const char *id, ui_rect r, const char *text, ui_font f, ui_weight w, ui_align a);

/* A muted (secondary) label: notes, English subtitles. */
ui_elem *ui_note(ui_build *b, const char *id, ui_rect r, const char *text, ui_font f, ui_align a);

/*
 * A touch target. r should be at least UI_MIN_TARGET high and wide (the
 * tests check every tappable element). fn(app, arg) runs on tap; set the
 * returned element's enabled to false to grey it out.
 */
ui_elem *ui_button(ui_build *b, const char *id, ui_rect r, const char *text, ui_style s, ui_tap_fn fn,
                   intptr_t arg);

/* Header flags. */
enum { UI_HDR_BACK = 1u << 0, UI_HDR_END = 1u << 1, UI_HDR_TOGGLES_ONLY = 1u << 2 };

/*
 * The bar at the top of a screen: back (UI_HDR_BACK), the title, the large
 * text and language toggles, and "end" (UI_HDR_END: wipes the session); then
 * the banner if one is set. UI_HDR_TOGGLES_ONLY draws just the toggles over
 * the screen (the start screen). Shrinks b->body to what is left and
 * returns it.
 */
ui_rect ui_header(ui_build *b, const char *title, unsigned flags);

/*
 * "第 2 步 / 共 5 步" and "Step 2 of 5" with dots, and the step's title,
 * across the top of r. Returns the rest of r.
 */
ui_rect ui_step_header(ui_build *b, ui_rect r, int step, int total, const char *title_zh, const char *title_en);

/*
 * An input field: a label above, the box (tap to type: attaches the
 * on-screen keyboard), the validation message (or hint) below. Adds
 * "<id>.label", "<id>" (kind input) and "<id>.msg". Masked fields show one
 * dot per character. Uses ui_input_height(b) of height from r.y.
 */
ui_elem *ui_input(ui_build *b, const char *id, ui_rect r, ui_field *f, const char *label, const char *hint);
int ui_input_height(const ui_build *b);

/*
 * A heading and its text side by side: the heading bold in a column head_w
 * wide at x, the text wrapped beside it, ids "<id>.head" and "<id>". Returns
 * the y just below the taller of the two.
 */
int ui_pair(ui_build *b, const char *id, int x, int y, int w, int head_w, const char *head, const char *text);

/* A QR code (black on white, 4-module quiet zone) as large as fits in r, centred. */
ui_elem *ui_qr(ui_build *b, const char *id, ui_rect r, const qr_code *q);

/* An RGBA picture owned by a screen state; the texture is made when first drawn. */
struct ui_image {
    int w, h;
    uint8_t *rgba; /* w * h * 4 bytes */
    SDL_Texture *tex;
};
/* Copies the pixels (replacing earlier ones). CK_E_ARG for a bad size, CK_E_NOMEM. */
ck_err ui_image_set(ui_image *img, const uint8_t *rgba, int w, int h);
/* Overwrites and frees the pixels and the texture. */
void ui_image_free(ui_image *img);
/* The picture scaled to fit r, centred. */
ui_elem *ui_picture(ui_build *b, const char *id, ui_rect r, ui_image *img);

/* A strip across r (usually the top of the body): offline and other notices. */
ui_elem *ui_banner(ui_build *b, const char *id, ui_rect r, const char *text);

/*
 * Opens a modal dialog of w x h centred on the screen, with a title: from
 * here to the end of the build everything added is on the dialog, and
 * nothing below it reacts to touch. Returns the dialog's inner rectangle
 * (below the title) for its message and buttons.
 */
ui_rect ui_dialog(ui_build *b, const char *id, int w, int h, const char *title);

/* Tables: a header row, then rows whose cells get ids "<table>.<row>.<column>". */
#define UI_TABLE_MAX_COLS 6
typedef struct ui_table_col {
    const char *title;
    int weight; /* share of the width */
    ui_align align;
} ui_table_col;

typedef struct ui_table {
    ui_build *b;
    char id[24];
    ui_rect r;
    int ncols, row_h, y, rows;
    int xs[UI_TABLE_MAX_COLS], ws[UI_TABLE_MAX_COLS];
    ui_align align[UI_TABLE_MAX_COLS];
} ui_table;

/* Starts a table in r (r.h is ignored) with rows at least row_h high. */
void ui_table_begin(ui_build *b, ui_table *t, const char *id, ui_rect r, const ui_table_col *cols, int ncols,
                    int row_h);
/* Adds a row of ncols cells (NULL cell: empty); column 0 is bold. Returns the row's rectangle. */
ui_rect ui_table_row(ui_table *t, const char *row_id, const char *const *cells);
/* The y just below the last row. */
int ui_table_end(ui_table *t);

#endif
