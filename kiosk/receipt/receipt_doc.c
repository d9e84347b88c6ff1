/* receipt_doc.c - building a receipt's layout, wrapped by display width (see receipt_doc.h). */
#include "receipt_doc.h"

#include <stdio.h>
#include <string.h>

#include "utf8.h"

void receipt_doc_init(receipt_doc *doc, int columns)
{
    memset(doc, 0, sizeof *doc);
    doc->columns = columns;
}

static receipt_item *push(receipt_doc *doc, receipt_item_kind kind)
{
    receipt_item *it;
    if (doc->n >= RECEIPT_MAX_ITEMS)
        return NULL;
    it = &doc->items[doc->n++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    return it;
}

static ck_err full(void) { return CK_E_RANGE; }

/*
 * Breaks text into printed lines: between any two characters, or with words
 * only where a word or a number ends (at a space, or next to a Chinese
 * character) when the line has such a place; the spaces at such a break are
 * not printed.
 */
static ck_err lay_out(receipt_doc *doc, receipt_align align, bool bold, bool big, const char *text, bool words)
{
    int scale = big ? 2 : 1;
    size_t len = strlen(text), i = 0;
    if (utf8_width(text) < 0)
        return CK_E_INVALID_INPUT;
    do { /* one printed line per pass; an empty text is one empty line */
        receipt_item *it = push(doc, RECEIPT_TEXT);
        size_t used = 0, break_used = 0, break_i = 0;
        uint32_t prev = ' ';
        int width = 0;
        if (it == NULL)
            return full();
        it->align = align, it->bold = bold, it->big = big;
        while (i < len && text[i] != '\n') {
            uint32_t cp;
            size_t n = utf8_decode(text + i, len - i, &cp);
            int w = utf8_cp_width(cp) * scale;
            if (words && used > 0 && ((cp == ' ' && prev != ' ') || utf8_cp_width(cp) > 1 || utf8_cp_width(prev) > 1))
                break_used = used, break_i = i;
            if ((width + w > doc->columns && width > 0) || used + n >= sizeof it->text) {
                if (break_used > 0) {
                    used = break_used, i = break_i;
                    while (i < len && text[i] == ' ')
                        i++;
                }
                break;
            }
            memcpy(it->text + used, text + i, n);
            used += n, width += w, i += n, prev = cp;
        }
        it->text[used] = '\0';
        if (i < len && text[i] == '\n')
            i++;
    } while (i < len);
    return CK_OK;
}

ck_err receipt_doc_text(receipt_doc *doc, receipt_align align, bool bold, bool big, const char *text)
{
    return lay_out(doc, align, bold, big, text, false);
}

ck_err receipt_doc_words(receipt_doc *doc, receipt_align align, bool bold, const char *text)
{
    return lay_out(doc, align, bold, false, text, true);
}

ck_err receipt_doc_pair(receipt_doc *doc, bool bold, const char *label, const char *value)
{
    long lw = utf8_width(label), vw = utf8_width(value);
    receipt_item *it;
    ck_err rc;
    if (lw < 0 || vw < 0)
        return CK_E_INVALID_INPUT;
    if (lw + 1 + vw > doc->columns || strlen(label) + (size_t)doc->columns + strlen(value) >= RECEIPT_TEXT_MAX) {
        if ((rc = receipt_doc_text(doc, RECEIPT_LEFT, bold, false, label)) != CK_OK)
            return rc;
        return receipt_doc_text(doc, RECEIPT_RIGHT, bold, false, value);
    }
    if ((it = push(doc, RECEIPT_TEXT)) == NULL)
        return full();
    it->bold = bold;
    snprintf(it->text, sizeof it->text, "%s%*s%s", label, (int)(doc->columns - lw - vw), "", value);
    return CK_OK;
}

ck_err receipt_doc_rule(receipt_doc *doc)
{
    receipt_item *it = push(doc, RECEIPT_TEXT);
    if (it == NULL)
        return full();
    for (int i = 0; i < doc->columns && i < RECEIPT_TEXT_MAX - 1; i++)
        it->text[i] = '-';
    return CK_OK;
}

ck_err receipt_doc_qr(receipt_doc *doc, const char *payload)
{
    receipt_item *it;
    if (strlen(payload) >= RECEIPT_TEXT_MAX)
        return CK_E_INVALID_INPUT;
    if ((it = push(doc, RECEIPT_QR)) == NULL)
        return full();
    it->align = RECEIPT_CENTER;
    snprintf(it->text, sizeof it->text, "%s", payload);
    return CK_OK;
}

ck_err receipt_doc_feed(receipt_doc *doc, int lines)
{
    receipt_item *it = push(doc, RECEIPT_FEED);
    if (it == NULL)
        return full();
    it->lines = lines;
    return CK_OK;
}

ck_err receipt_doc_cut(receipt_doc *doc) { return push(doc, RECEIPT_CUT) != NULL ? CK_OK : full(); }
