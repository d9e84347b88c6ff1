/*
 * receipt_png.h - a receipt layout (receipt_doc.h) drawn as the printer
 * would print it, as a greyscale PNG: the screen's preview and the tests'
 * evidence. Characters sit on the printer's column grid (12 dots a column, a
 * Chinese character two), so what lines up on paper lines up here; the QR
 * code is the same module matrix the printer gets. Fonts by SDL2_ttf.
 */
#ifndef CK_RENDER_RECEIPT_PNG_H
#define CK_RENDER_RECEIPT_PNG_H

#include "error.h"
#include "receipt_doc.h"

/*
 * Writes doc as a PNG `dots` wide (384 or 576) with the font at font_path
 * (face font_index of a collection). CK_E_IO when the font or file cannot be
 * used, d saying which.
 */
ck_err receipt_png_write(const receipt_doc *doc, int dots, const char *font_path, int font_index, const char *path,
                         ck_diag *d);

#endif
