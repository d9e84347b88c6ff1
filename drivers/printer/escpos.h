/*
 * escpos.h - a receipt layout (receipt_doc.h) as the ESC/POS bytes a thermal
 * receipt printer takes, and the printer's real-time status bytes read back.
 * Text goes as GB18030 (glibc iconv) inside Chinese mode (FS & ... FS .);
 * U+00A5 "¥" is never sent (it is four bytes in GB18030 and prints as
 * garbage): it becomes the full-width "￥". Printers differ, so the profile
 * says how to print a QR code (native GS ( k, or a raster image GS v 0 for
 * printers that print the command as text) and whether to use Chinese mode;
 * Chinese mode is always left before a QR code (some printers print it blank
 * otherwise). No I/O.
 */
#ifndef CK_PRINTER_ESCPOS_H
#define CK_PRINTER_ESCPOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "receipt_doc.h"

#define ESCPOS_MAX_BYTES (256 * 1024) /* one receipt, raster QR included */

typedef struct escpos_profile {
    int dots;          /* printable width: 384 (58 mm) or 576 (80 mm) */
    bool native_qr;    /* GS ( k; false: the QR code as a raster image (GS v 0) */
    bool chinese_mode; /* FS & / FS . around text with Chinese characters */
    int qr_module;     /* dots per QR module */
} escpos_profile;

typedef struct escpos_buf {
    uint8_t *data; /* malloc'd; escpos_buf_free */
    size_t len, cap;
} escpos_buf;

void escpos_buf_free(escpos_buf *b);

/* Encodes doc for the profile into out (which starts empty). CK_E_INVALID_INPUT for text GB18030 cannot hold. */
ck_err escpos_encode(const receipt_doc *doc, const escpos_profile *p, escpos_buf *out, ck_diag *d);

/* The real-time status queries (DLE EOT n) to send, and what their three answer bytes mean. */
extern const uint8_t escpos_status_query[9]; /* DLE EOT 1, DLE EOT 2, DLE EOT 4 */

typedef enum escpos_state {
    ESCPOS_READY = 0,
    ESCPOS_PAPER_NEAR_END, /* prints, but the clerk should change the roll soon */
    ESCPOS_PAPER_OUT,
    ESCPOS_COVER_OPEN,
    ESCPOS_OFFLINE,
} escpos_state;

/* From the answers to DLE EOT 1, 2 and 4; the worst condition wins. */
escpos_state escpos_status_decode(uint8_t printer, uint8_t offline, uint8_t paper);
const char *escpos_state_code(escpos_state s); /* "ready", "paper_near_end", ... */

#endif
