/*
 * qr_code.h - a text (a WeChat code_url, a receipt's lookup URL) as a QR
 * code's module matrix, by libqrencode. The screen draws it with rectangles,
 * the receipt printer as a raster, tests as a PNG; all from this one matrix.
 */
#ifndef CK_RENDER_QR_CODE_H
#define CK_RENDER_QR_CODE_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

#define QR_MAX_TEXT 1024

typedef struct qr_code {
    int size;         /* modules per side */
    uint8_t *modules; /* size * size, row by row; 1 = dark */
} qr_code;

/* Encodes text (8-bit mode, error correction M). Free with qr_code_free. CK_E_ARG for empty or too long text. */
ck_err qr_code_make(const char *text, qr_code *out, ck_diag *d);
void qr_code_free(qr_code *q);

/* true when module (x, y) is dark; false outside the code. */
bool qr_code_dark(const qr_code *q, int x, int y);

/*
 * Writes the code as an 8-bit greyscale PNG: `scale` pixels per module and a
 * quiet zone of `margin` modules (4 is the standard's minimum).
 */
ck_err qr_code_write_png(const qr_code *q, int scale, int margin, const char *path, ck_diag *d);

#endif
