/*
 * vp_qr_raster.c - test helper for test_vprinter.sh: writes to stdout the
 * ESC/POS raster bit image (GS v 0) of a real QR code for TEXT, drawn with
 * libqrencode, so the test can check that the virtual printer's PNG of it
 * decodes back with zbarimg. (The qrencode command-line tool is often not
 * installed; the library is a build dependency anyway.)
 *
 *   vp_qr_raster TEXT [DOTS_PER_MODULE]   (default 4)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

int main(int argc, char **argv)
{
    int rc = 1, scale = argc > 2 ? atoi(argv[2]) : 4;
    QRcode *qr = NULL;
    uint8_t *row = NULL;
    if (argc < 2 || argc > 3 || scale < 1 || scale > 16) {
        fprintf(stderr, "usage: vp_qr_raster TEXT [DOTS_PER_MODULE]\n");
        return 2;
    }
    qr = QRcode_encodeString(argv[1], 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr) {
        perror("vp_qr_raster: QRcode_encodeString");
        goto cleanup;
    }
    int dots = qr->width * scale, wb = (dots + 7) / 8;
    if (wb > 255 || dots > 65535 || !(row = malloc((size_t)wb))) {
        fprintf(stderr, "vp_qr_raster: the code is too large\n");
        goto cleanup;
    }
    const uint8_t head[8] = {0x1D, 0x76, 0x30, 0, (uint8_t)wb, 0, (uint8_t)(dots & 0xFF), (uint8_t)(dots >> 8)};
    if (fwrite(head, 1, sizeof head, stdout) != sizeof head)
        goto cleanup;
    for (int y = 0; y < dots; y++) {
        memset(row, 0, (size_t)wb);
        for (int x = 0; x < dots; x++)
            if (qr->data[(y / scale) * qr->width + x / scale] & 1)
                row[x / 8] |= (uint8_t)(0x80u >> (x % 8));
        if (fwrite(row, 1, (size_t)wb, stdout) != (size_t)wb)
            goto cleanup;
    }
    rc = fflush(stdout) == 0 ? 0 : 1;
cleanup:
    free(row);
    QRcode_free(qr);
    return rc;
}
