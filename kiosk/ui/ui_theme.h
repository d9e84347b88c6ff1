/*
 * ui_theme.h - colours and type sizes. Two themes: the normal one (calm
 * blue on light grey, like a bank's counter screen) and the large-text,
 * high-contrast one for customers who see poorly (black, white and yellow,
 * every size about a third larger). Widgets take roles, never raw colours,
 * so a screen written once looks right in both.
 *
 * Sizes are in design units: pixels at 1080p (1920x1080 landscape, 1080x1920
 * portrait). Body text is at least 32 and touch targets at least 96.
 */
#ifndef CK_UI_THEME_H
#define CK_UI_THEME_H

#include <stdbool.h>

#include "ui_types.h"

#define UI_MIN_TARGET 96 /* smallest touch target, design units */

typedef struct ui_theme {
    bool large;
    int size[UI_F__COUNT]; /* design units per text role */
    ui_color bg;           /* screen background */
    ui_color surface;      /* cards, table rows, dialogs */
    ui_color surface_alt;  /* alternate table rows */
    ui_color border;
    ui_color text;
    ui_color text_muted;   /* secondary lines */
    ui_color header_bg, header_text;
    ui_color primary, primary_text;     /* the main action */
    ui_color secondary, secondary_text; /* other buttons */
    ui_color pressed;                   /* any button under a finger */
    ui_color disabled, disabled_text;
    ui_color accent;                    /* focus ring, selected tab, step dots */
    ui_color error, error_text;         /* inline validation message */
    ui_color banner, banner_text;       /* e.g. offline */
    ui_color scrim;                     /* behind a modal dialog */
    ui_color key, key_text, key_special;
    int radius;                         /* corner radius of buttons and cards */
    int border_w;
} ui_theme;

/* The theme for the mode; never NULL, static storage. */
const ui_theme *ui_theme_get(bool large_text);

#endif
