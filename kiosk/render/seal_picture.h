/*
 * seal_picture.h - the picture of a round Chinese organisation seal (公章):
 * a red ring, a five-pointed star in the centre, the organisation's name
 * along the upper arc reading clockwise with each character's head towards
 * the rim, and an optional short line under the star ("电子印章").
 *
 * Real CAs are given a scan of the physical seal; the reference upstream and
 * the demos need a credible stand-in, and the seal object it is embedded in
 * must stay small. So the picture is one red ink on a transparent background,
 * written as a 2-bit palette PNG (transparent plus three tints of the ink for
 * the anti-aliased edges): a 256-pixel seal is 3-5 KB. Characters come from a
 * CJK font through SDL2_ttf; their rotation is done here (bilinear sampling
 * on a twice-as-fine canvas), so nothing beyond SDL2, SDL2_ttf and libpng.
 *
 * seal_picture_decode reads such a picture back (or any PNG a seal object
 * carries) for the screen, with caps so a hostile picture cannot exhaust
 * memory.
 */
#ifndef CK_RENDER_SEAL_PICTURE_H
#define CK_RENDER_SEAL_PICTURE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define SEAL_PICTURE_MIN_PX        128
#define SEAL_PICTURE_MAX_PX        1024
#define SEAL_PICTURE_MAX_NAME      40          /* characters of the organisation's name */
#define SEAL_PICTURE_MAX_SUBTITLE  10          /* characters of the line under the star */
#define SEAL_PICTURE_MAX_PNG_BYTES (64 * 1024) /* what seal_picture_decode accepts */
#define SEAL_PICTURE_MAX_SIDE      2048        /* pixels, likewise */

/*
 * Draws the seal of `name` (UTF-8, 1 to SEAL_PICTURE_MAX_NAME characters;
 * letters, digits and full-width brackets are fine) px by px pixels, with
 * `subtitle` (NULL or "" for none, at most SEAL_PICTURE_MAX_SUBTITLE
 * characters) under the star, using the font at font_path (face font_index
 * of a collection; for Noto Sans CJK .ttc, 2 is Simplified Chinese). Longer
 * names are set in narrower, then smaller characters so they always fit
 * between about 8 and 4 o'clock.
 *
 * On success *png holds a palette PNG of *len bytes (at most
 * SEAL_PICTURE_MAX_PNG_BYTES, so it always decodes); the caller frees it with
 * free(). On failure *png is NULL.
 * CK_E_ARG: empty, invalid UTF-8 or too long name or subtitle, a control
 * character, px outside SEAL_PICTURE_MIN_PX..SEAL_PICTURE_MAX_PX.
 * CK_E_INVALID_INPUT: a character the font does not have (d names it).
 * CK_E_IO: the font cannot be opened (d names the file).
 * CK_E_NOMEM: out of memory.
 */
ck_err seal_picture_png(const char *name, const char *subtitle, int px, const char *font_path, int font_index,
                        uint8_t **png, size_t *len, ck_diag *d);

/*
 * Decodes any PNG (len bytes) to 8-bit straight RGBA, *w * *h pixels row by
 * row, ready for SDL_UpdateTexture with SDL_PIXELFORMAT_RGBA32. The caller
 * frees *rgba with free(); on failure it is NULL.
 * CK_E_SEAL, d saying why: not a PNG, damaged, longer than
 * SEAL_PICTURE_MAX_PNG_BYTES or wider or taller than SEAL_PICTURE_MAX_SIDE.
 * CK_E_NOMEM: out of memory.
 */
ck_err seal_picture_decode(const uint8_t *png, size_t len, uint8_t **rgba, int *w, int *h, ck_diag *d);

#endif
