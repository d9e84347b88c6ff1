/*
 * receipt_doc.h - a receipt's layout (or the day report's) as data: printed
 * lines already wrapped to the paper's width in columns (a Chinese character
 * takes two, a double-size one four), their alignment and emphasis, a QR
 * code, feeds and the cut. The one model both renderers read: the ESC/POS encoder
 * (drivers/printer/escpos.c) for the printer, the PNG renderer
 * (kiosk/render/receipt_png.c) for the screen's preview and the tests. No I/O.
 */
#ifndef CK_RECEIPT_DOC_H
#define CK_RECEIPT_DOC_H

#include <stdbool.h>

#include "error.h"

#define RECEIPT_MAX_ITEMS 768 /* the fullest day report takes ~610 on 58 mm; ~210 KiB: allocate */
#define RECEIPT_TEXT_MAX  256 /* bytes of one printed line, or of a QR payload */

typedef enum receipt_align { RECEIPT_LEFT = 0, RECEIPT_CENTER, RECEIPT_RIGHT } receipt_align;
typedef enum receipt_item_kind { RECEIPT_TEXT = 0, RECEIPT_QR, RECEIPT_FEED, RECEIPT_CUT } receipt_item_kind;

typedef struct receipt_item {
    receipt_item_kind kind;
    receipt_align align;
    bool bold;
    bool big;                    /* double width and height */
    char text[RECEIPT_TEXT_MAX]; /* TEXT: one printed line that fits; QR: the payload (UTF-8) */
    int lines;                   /* FEED: blank lines */
} receipt_item;

typedef struct receipt_doc {
    int columns; /* 32 on 58 mm paper, 48 on 80 mm */
    int n;
    receipt_item items[RECEIPT_MAX_ITEMS];
} receipt_doc;

void receipt_doc_init(receipt_doc *doc, int columns);
/*
 * Adds text as as many printed lines as it needs (broken between characters
 * when it is wider than the paper; "\n" starts a new line). CK_E_RANGE when
 * the document is full, CK_E_INVALID_INPUT when text is not valid UTF-8.
 */
ck_err receipt_doc_text(receipt_doc *doc, receipt_align align, bool bold, bool big, const char *text);
/*
 * As receipt_doc_text (not double size), but a line breaks only where a word
 * or a number ends (at a space, or next to a Chinese character) when it has
 * such a place, so "400.00" or "paid" is never split across two lines.
 */
ck_err receipt_doc_words(receipt_doc *doc, receipt_align align, bool bold, const char *text);
/* A label at the left and a value at the right of one line; a value that does not fit goes on its own line. */
ck_err receipt_doc_pair(receipt_doc *doc, bool bold, const char *label, const char *value);
/* A line of '-' across the paper. */
ck_err receipt_doc_rule(receipt_doc *doc);
ck_err receipt_doc_qr(receipt_doc *doc, const char *payload);
ck_err receipt_doc_feed(receipt_doc *doc, int lines);
ck_err receipt_doc_cut(receipt_doc *doc);

#endif
