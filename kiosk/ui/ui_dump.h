/*
 * ui_dump.h - the visible elements as JSON: what the tests assert on.
 *
 *   {"screen": "menu", "lang": "zh", "large_text": false,
 *    "orientation": "landscape", "design": [1920, 1080], "scale": 1.0,
 *    "card_present": false, "dialog": "idle" (only when one is open),
 *    "text_cache": {"hits": .., "misses": .., "entries": ..},
 *    "elements": [{"id": "menu.renew", "kind": "button", "text": "证书及印章更新",
 *                  "rect": [x, y, w, h], "size": 40, "enabled": true, "tappable": true}, ...]}
 *
 * rect and size (the text's, for elements with text) are in design units,
 * which are pixels at 1080p. "tappable" is true
 * for touch targets not covered by a dialog; "modal" marks a dialog's
 * elements. Masked fields appear as shown (dots), never as typed.
 */
#ifndef CK_UI_DUMP_H
#define CK_UI_DUMP_H

#include "error.h"

typedef struct ui_app ui_app;

/* The JSON text of the current screen; the caller frees it with free(). NULL when out of memory. */
char *ui_dump_json(ui_app *app);

/* Writes ui_dump_json's text to path. CK_E_IO (d says which file) or CK_E_NOMEM. */
ck_err ui_dump_write(ui_app *app, const char *path, ck_diag *d);

#endif
