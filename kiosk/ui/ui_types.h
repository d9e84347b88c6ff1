/*
 * ui_types.h - the few plain types every part of the toolkit shares:
 * rectangles (in design units or pixels, the name of the variable says
 * which), colours, languages and text roles.
 */
#ifndef CK_UI_TYPES_H
#define CK_UI_TYPES_H

#include <stdbool.h>
#include <stdint.h>

typedef struct ui_rect {
    int x, y, w, h;
} ui_rect;

typedef struct ui_color {
    uint8_t r, g, b, a;
} ui_color;

typedef enum ui_lang { UI_ZH = 0, UI_EN } ui_lang;

typedef enum ui_weight { UI_REGULAR = 0, UI_BOLD } ui_weight;

/* Text roles; the theme maps each to a size in design units (larger in large-text mode). */
typedef enum ui_font {
    UI_F_CAPTION = 0, /* secondary lines, table notes: still >= 32 at 1080p */
    UI_F_BODY,        /* paragraphs, table cells */
    UI_F_BUTTON,      /* button labels, keys */
    UI_F_HEADING,     /* section headings, tile names */
    UI_F_TITLE,       /* the screen's title */
    UI_F_HERO,        /* the attract screen's call to action */
    UI_F__COUNT
} ui_font;

typedef enum ui_align { UI_ALIGN_LEFT = 0, UI_ALIGN_CENTER, UI_ALIGN_RIGHT } ui_align;

static inline ui_rect ui_rect_make(int x, int y, int w, int h)
{
    ui_rect r = {x, y, w, h};
    return r;
}

/* r shrunk by d on every side (grown when d < 0). */
static inline ui_rect ui_rect_inset(ui_rect r, int d)
{
    return ui_rect_make(r.x + d, r.y + d, r.w - 2 * d, r.h - 2 * d);
}

static inline bool ui_rect_contains(ui_rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

/*
 * Cell i (0-based, row-major) of a grid of cols x rows cells with gap
 * between them, filling r.
 */
static inline ui_rect ui_rect_cell(ui_rect r, int cols, int rows, int gap, int i)
{
    int cw = (r.w - gap * (cols - 1)) / cols, ch = (r.h - gap * (rows - 1)) / rows;
    int c = i % cols, row = i / cols;
    return ui_rect_make(r.x + c * (cw + gap), r.y + row * (ch + gap), cw, ch);
}

#endif
