/* qr_code.c - QR codes by libqrencode, written as PNG by libpng (see qr_code.h). */
#include "qr_code.h"

#include "png_gray.h"

#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ck_err qr_code_make(const char *text, qr_code *out, ck_diag *d)
{
    QRcode *qr;
    size_t len = text != NULL ? strlen(text) : 0;
    memset(out, 0, sizeof *out);
    if (len == 0 || len > QR_MAX_TEXT)
        return ck_diag_fail(d, CK_E_ARG, "二维码内容为空或过长（%zu字节）", "QR text empty or too long (%zu bytes)",
                            len);
    if ((qr = QRcode_encodeData((int)len, (const unsigned char *)text, 0, QR_ECLEVEL_M)) == NULL)
        return ck_diag_fail(d, CK_E_NOMEM, "无法生成二维码", "the QR code could not be made");
    out->size = qr->width;
    if ((out->modules = malloc((size_t)qr->width * (size_t)qr->width)) == NULL) {
        QRcode_free(qr);
        return CK_E_NOMEM;
    }
    /* libqrencode marks a dark module by bit 0 of each byte; the other bits describe its role. */
    for (int i = 0; i < qr->width * qr->width; i++)
        out->modules[i] = qr->data[i] & 1;
    QRcode_free(qr);
    return CK_OK;
}

void qr_code_free(qr_code *q)
{
    if (q != NULL) {
        free(q->modules);
        q->modules = NULL;
        q->size = 0;
    }
}

bool qr_code_dark(const qr_code *q, int x, int y)
{
    return x >= 0 && y >= 0 && x < q->size && y < q->size && q->modules[y * q->size + x] != 0;
}

ck_err qr_code_write_png(const qr_code *q, int scale, int margin, const char *path, ck_diag *d)
{
    int side = (q->size + 2 * margin) * scale;
    uint8_t *pixels;
    ck_err rc;
    if (q->size <= 0 || scale < 1 || margin < 0 || side > 8192)
        return CK_E_ARG;
    if ((pixels = malloc((size_t)side * (size_t)side)) == NULL)
        return CK_E_NOMEM;
    for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++)
            pixels[(size_t)y * (size_t)side + (size_t)x] =
                qr_code_dark(q, x / scale - margin, y / scale - margin) ? 0 : 255;
    rc = png_gray_write(path, pixels, side, side, d);
    free(pixels);
    return rc;
}
