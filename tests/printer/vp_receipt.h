/*
 * vp_receipt.h - one receipt as the virtual printer saw it, built up while
 * its bytes are decoded and written as one JSON line to receipts.jsonl when
 * it is cut (or its connection ends). Every list has a cap, so a flood of
 * bytes can never grow memory without bound: past a cap one error says so
 * and the rest is counted, not kept. Also writes raster images as PNG.
 */
#ifndef VP_RECEIPT_H
#define VP_RECEIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#define VP_MAX_LINES   4096
#define VP_MAX_ITEMS   64
#define VP_MAX_UNKNOWN 64
#define VP_MAX_ERRORS  32

typedef struct vp_receipt {
    cJSON *lines, *items, *qr, *rasters, *unknown, *errors; /* owned; NULL after a failed init */
    size_t bytes;                                           /* every byte of the receipt, commands included */
    int status_queries, width_max, nrasters;
    bool chinese_mode_violation, yen_bytes;
    bool content;       /* something worth writing: a line, an item, an unknown command, an error */
    bool over_reported; /* the "longer than 1 MiB" error is given once */
    bool lines_full, items_full, unknown_full, errors_full;
} vp_receipt;

/* An empty receipt; false when memory ran out (then vp_receipt_clear it). */
bool vp_receipt_init(vp_receipt *r);
/* Frees what the receipt holds; it can be initialised again. */
void vp_receipt_clear(vp_receipt *r);

/* Appends a printed line (text is UTF-8, copied); cols is its width in columns already scaled by size. */
void vp_receipt_line(vp_receipt *r, const char *text, const char *align, bool bold, int size, int cols);
/* Appends an item (taken over: freed if the list is full) and, if name is given, name to the list "list". */
void vp_receipt_item(vp_receipt *r, cJSON *item, const char *list, const char *name);
/* Records n command bytes as "1b 21" in "unknown". */
void vp_receipt_unknown(vp_receipt *r, const uint8_t *b, size_t n);
/* Records an error message (printf-style). */
void vp_receipt_error(vp_receipt *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes the receipt as one JSON line to out and flushes; cut is "full", "partial" or NULL (false). */
bool vp_receipt_write(vp_receipt *r, FILE *out, unsigned index, const char *cut, bool dropped);

/* Writes a GS v 0 raster (width_bytes x height, MSB first, 1 = black) as an 8-bit grey PNG with a
 * white 32-pixel border. Returns false (with a message in err) on failure. */
bool vp_png_write(const char *path, const uint8_t *bits, int width_bytes, int height, char *err, size_t errlen);

#endif
