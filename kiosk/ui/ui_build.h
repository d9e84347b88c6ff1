/*
 * ui_build.h - the element list a screen's build function fills.
 *
 * The screen is not a tree of retained widgets: each time something changes
 * the app clears the list and calls the current screen's build function,
 * which adds every visible thing as an element with a stable id
 * ("menu.renew", "lang.toggle"), a kind, its text, its rectangle in design
 * units and whether it is enabled. Drawing, touch hit-testing, the test
 * dump (ui_dump_json) and the script's expectations all read this one list,
 * so what the tests assert is exactly what a person sees.
 *
 * Design units: the screen is laid out for 1920x1080 (landscape) or
 * 1080x1920 (portrait) and scaled uniformly to the window, centred. Text is
 * wrapped at the real pixel size while building, so what is measured is what
 * is drawn.
 *
 * Strings given to the builder are copied into its arena; the arena is
 * cleared (and overwritten) on every rebuild and when a session ends.
 */
#ifndef CK_UI_BUILD_H
#define CK_UI_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "qr_code.h"
#include "ui_text.h"
#include "ui_theme.h"
#include "ui_types.h"

#define UI_ID_MAX 48
#define UI_MAX_ELEMS 640
#define UI_ARENA_BYTES (384u * 1024u)

typedef struct ui_app ui_app;
typedef struct ui_image ui_image;

typedef enum ui_kind {
    UI_K_LABEL = 0, /* text, one or more wrapped lines */
    UI_K_BUTTON,    /* a touch target (also keyboard keys, tiles, tabs) */
    UI_K_INPUT,     /* an input field's box */
    UI_K_QR,        /* a QR code drawn from its module matrix */
    UI_K_IMAGE,     /* an RGBA picture */
    UI_K_BANNER,    /* a strip across the top (offline, notices) */
    UI_K_DIALOG,    /* a modal dialog's frame: everything after it is the modal layer */
    UI_K_PANEL,     /* a background: cards, bars, table rows */
    UI_K__COUNT
} ui_kind;

/* Called on the UI thread when an enabled element is tapped; arg is what the builder passed. */
typedef void (*ui_tap_fn)(ui_app *app, intptr_t arg);

typedef struct ui_elem {
    char id[UI_ID_MAX];
    ui_kind kind;
    const char *text; /* what a person sees (masked fields show dots); never NULL */
    ui_rect rect;     /* design units */
    bool enabled;
    bool modal;   /* in the modal layer (a dialog and what is on it) */
    bool focused; /* an input with the keyboard attached */
    bool pressed; /* under a finger right now */
    /* Look, resolved from the theme by the widget that made it. */
    ui_font font;
    ui_weight weight;
    ui_align align;
    bool valign_top; /* text from the top (paragraphs) instead of centred (buttons) */
    int pad;         /* text inset, design units */
    ui_color fg, bg, border; /* bg.a == 0: transparent; border.a == 0: none */
    int radius, border_w;
    /* Wrapped text, in pixels at the current scale (filled by the builder). */
    int px, line_h, n_lines;
    const ui_line *lines;
    /* Behaviour. */
    ui_tap_fn on_tap; /* NULL: not a touch target */
    intptr_t arg;
    /* Kind-specific. */
    const qr_code *qr;
    ui_image *image;
} ui_elem;

typedef struct ui_build {
    ui_app *app;
    const ui_theme *th;
    ui_text *text;
    ui_lang lang;
    bool portrait;
    int W, H;         /* design size: 1920x1080 or 1080x1920 */
    float scale;      /* pixels per design unit */
    int off_x, off_y; /* pixel offset of the design area (letterboxing) */
    ui_rect body;     /* where the screen's content goes: below the header, beside the keyboard */
    ui_elem *elems;
    int n, cap;
    int modal_from; /* index of the first modal element, -1 when no dialog is open */
    char *arena;
    size_t used, arena_cap;
    bool overflow; /* ran out of elements or arena: logged once per build, never a crash */
} ui_build;

/* The language-dependent choice; both must be non-NULL. */
static inline const char *ui_tr(const ui_build *b, const char *zh, const char *en) { return b->lang == UI_EN ? en : zh; }

/* printf into the build's arena; returns "" when the arena is full. */
const char *ui_fmt(ui_build *b, const char *fmt, ...) CK_PRINTF(2, 3);

/* Copies n bytes of s into the arena, NUL-terminated. */
const char *ui_strndup(ui_build *b, const char *s, size_t n);

/*
 * Appends an element with id, kind, rect and text (copied; NULL = ""), enabled,
 * with the theme's defaults for its kind. Ids longer than UI_ID_MAX-1 are an
 * assertion (programmer error). Returns the element to adjust, or a scratch
 * element (not listed) when the list is full, so callers never check NULL.
 */
ui_elem *ui_add(ui_build *b, const char *id, ui_kind kind, ui_rect r, const char *text);

/*
 * Wraps e->text at e's font and rect width (minus padding); call after
 * changing e->font or e->text. Returns the height of the text in design units.
 */
int ui_layout_text(ui_build *b, ui_elem *e);

/* Design units <-> pixels. */
int ui_px(const ui_build *b, int design);
SDL_Rect ui_to_px(const ui_build *b, ui_rect r);

/* Height in design units of one line of role f. */
int ui_line_height(const ui_build *b, ui_font f);

/* Width in design units of text on one line in role f. */
int ui_text_w(const ui_build *b, ui_font f, ui_weight w, const char *text);

/* Height in design units that text wrapped to width w takes in role f (adds nothing). */
int ui_measure(const ui_build *b, const char *text, ui_font f, ui_weight w, int width);

/* The element with this id, or NULL. */
ui_elem *ui_find(ui_build *b, const char *id);

/*
 * The touch target at design point (x, y): the topmost element with an
 * on_tap handler, restricted to the modal layer when a dialog is open.
 * Returns NULL when there is none or when it is disabled.
 */
ui_elem *ui_hit(ui_build *b, int x, int y);

/* true when e reacts to touch (has a handler and is not under a modal layer). */
bool ui_tappable(const ui_build *b, const ui_elem *e);

const char *ui_kind_name(ui_kind k);

#endif
