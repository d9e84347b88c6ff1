/*
 * png_rgba.h - a PNG that came from outside (a seal object, a card, the
 * upstream) read into 8-bit RGBA for an SDL texture, by libpng's simplified
 * API. The input and the picture are capped before anything is allocated, so
 * a hostile file cannot make the kiosk allocate more than the caller allows.
 */
#ifndef CK_RENDER_PNG_RGBA_H
#define CK_RENDER_PNG_RGBA_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/*
 * Decodes png (len bytes, any PNG colour type and depth) to *rgba: *w * *h
 * pixels, 4 bytes each (R, G, B, A; straight, not premultiplied alpha), row
 * by row with no padding. The caller frees *rgba with free().
 * CK_E_INVALID_INPUT, d saying why, when png is not a PNG, is damaged, is
 * longer than max_len bytes or is wider or taller than max_side pixels;
 * CK_E_NOMEM when the pixels cannot be allocated. On failure *rgba is NULL.
 */
ck_err png_rgba_decode(const uint8_t *png, size_t len, size_t max_len, int max_side, uint8_t **rgba, int *w, int *h,
                       ck_diag *d);

#endif
