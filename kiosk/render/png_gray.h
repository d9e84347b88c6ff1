/* png_gray.h - an 8-bit greyscale picture written as a PNG file (libpng's simplified API). */
#ifndef CK_RENDER_PNG_GRAY_H
#define CK_RENDER_PNG_GRAY_H

#include <stdint.h>

#include "error.h"

/* px holds w * h bytes, row by row, 0 black to 255 white. CK_E_IO with d naming the file when it cannot be written. */
ck_err png_gray_write(const char *path, const uint8_t *px, int w, int h, ck_diag *d);

#endif
