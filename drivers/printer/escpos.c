/* escpos.c - receipt layout to ESC/POS bytes, and status bytes decoded (see escpos.h). */
#include "escpos.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "qr_code.h"

const uint8_t escpos_status_query[9] = {0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4};

void escpos_buf_free(escpos_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

static bool put(escpos_buf *b, const void *bytes, size_t n)
{
    if (b->len + n > ESCPOS_MAX_BYTES)
        return false;
    if (b->len + n > b->cap) {
        size_t cap = b->cap > 0 ? b->cap : 4096;
        uint8_t *grown;
        while (cap < b->len + n)
            cap *= 2;
        if ((grown = realloc(b->data, cap)) == NULL)
            return false;
        b->data = grown, b->cap = cap;
    }
    memcpy(b->data + b->len, bytes, n);
    b->len += n;
    return true;
}

#define PUT(b, ...) put((b), (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}))

/* UTF-8 to GB18030, "¥" (C2 A5) sent as "￥" (EF BF A5). false when iconv cannot convert it. */
static bool put_text(escpos_buf *b, iconv_t cd, const char *text)
{
    char in[RECEIPT_TEXT_MAX * 2], out[RECEIPT_TEXT_MAX * 4];
    size_t n = 0;
    for (const char *p = text; *p != '\0' && n + 3 < sizeof in; p++) {
        if ((uint8_t)p[0] == 0xC2 && (uint8_t)p[1] == 0xA5) {
            memcpy(in + n, "\xEF\xBF\xA5", 3), n += 3, p++;
            continue;
        }
        in[n++] = *p;
    }
    {
        char *src = in, *dst = out;
        size_t left = n, room = sizeof out;
        iconv(cd, NULL, NULL, NULL, NULL);
        if (iconv(cd, &src, &left, &dst, &room) == (size_t)-1 || left != 0)
            return false;
        return put(b, out, (size_t)(dst - out));
    }
}

static bool has_high_bytes(const char *s)
{
    for (; *s != '\0'; s++)
        if ((uint8_t)*s >= 0x80)
            return true;
    return false;
}

static bool put_native_qr(escpos_buf *b, const receipt_item *it, const escpos_profile *p)
{
    size_t n = strlen(it->text) + 3;
    return PUT(b, 0x1D, 0x28, 0x6B, 4, 0, 0x31, 0x41, 0x32, 0) &&               /* model 2 */
           PUT(b, 0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x43, (uint8_t)p->qr_module) && /* module size */
           PUT(b, 0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x45, 0x31) &&                  /* error level M */
           PUT(b, 0x1D, 0x28, 0x6B, (uint8_t)(n & 0xFF), (uint8_t)(n >> 8), 0x31, 0x50, 0x30) &&
           put(b, it->text, n - 3) && PUT(b, 0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x51, 0x30); /* print */
}

/* The QR code drawn as a raster bit image, for printers without GS ( k. */
static bool put_raster_qr(escpos_buf *b, const receipt_item *it, const escpos_profile *p, ck_diag *d)
{
    qr_code q;
    int quiet = 4, side, bytes;
    bool ok;
    if (qr_code_make(it->text, &q, d) != CK_OK)
        return false;
    side = (q.size + 2 * quiet) * p->qr_module;
    if (side > p->dots)
        side = p->dots; /* never wider than the paper: the quiet zone is what gets cut */
    bytes = (side + 7) / 8;
    ok = PUT(b, 0x1D, 0x76, 0x30, 0, (uint8_t)(bytes & 0xFF), (uint8_t)(bytes >> 8), (uint8_t)(side & 0xFF),
             (uint8_t)(side >> 8));
    for (int y = 0; ok && y < side; y++)
        for (int xb = 0; ok && xb < bytes; xb++) {
            uint8_t v = 0;
            for (int bit = 0; bit < 8; bit++) {
                int x = xb * 8 + bit;
                if (x < side && qr_code_dark(&q, x / p->qr_module - quiet, y / p->qr_module - quiet))
                    v |= (uint8_t)(0x80 >> bit);
            }
            ok = put(b, &v, 1);
        }
    qr_code_free(&q);
    return ok;
}

ck_err escpos_encode(const receipt_doc *doc, const escpos_profile *p, escpos_buf *out, ck_diag *d)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    bool ok, chinese = false;
    memset(out, 0, sizeof *out);
    if (cd == (iconv_t)-1)
        return ck_diag_detail(d, CK_E_IO, "系统缺少GB18030编码转换", "iconv cannot convert to GB18030 here");
    ok = PUT(out, 0x1B, 0x40); /* initialise */
    for (int i = 0; ok && i < doc->n; i++) {
        const receipt_item *it = &doc->items[i];
        bool wide_text = it->kind == RECEIPT_TEXT && has_high_bytes(it->text);
        if (p->chinese_mode && chinese != wide_text) { /* enter for Chinese text, leave before anything else */
            ok = wide_text ? PUT(out, 0x1C, 0x26) : PUT(out, 0x1C, 0x2E);
            chinese = wide_text;
        }
        if (ok && it->kind != RECEIPT_CUT && it->kind != RECEIPT_FEED)
            ok = PUT(out, 0x1B, 0x61, (uint8_t)it->align);
        switch (it->kind) {
        case RECEIPT_TEXT:
            ok = ok && PUT(out, 0x1B, 0x45, it->bold ? 1 : 0) && PUT(out, 0x1D, 0x21, it->big ? 0x11 : 0x00);
            if (ok && !put_text(out, cd, it->text)) {
                iconv_close(cd);
                escpos_buf_free(out);
                return ck_diag_detail(d, CK_E_INVALID_INPUT, "收据上有无法打印的字符",
                                      "receipt text GB18030 cannot hold");
            }
            ok = ok && PUT(out, 0x0A);
            break;
        case RECEIPT_QR:
            ok = ok && (p->native_qr ? put_native_qr(out, it, p) : put_raster_qr(out, it, p, d)) && PUT(out, 0x0A);
            break;
        case RECEIPT_FEED: ok = ok && PUT(out, 0x1B, 0x64, (uint8_t)it->lines); break;
        case RECEIPT_CUT: ok = ok && PUT(out, 0x1D, 0x56, 0x01); break; /* partial cut */
        }
    }
    if (ok && chinese)
        ok = PUT(out, 0x1C, 0x2E);
    iconv_close(cd);
    if (!ok) {
        escpos_buf_free(out);
        return ck_diag_detail(d, CK_E_NOMEM, "收据数据过大", "the receipt's bytes exceed %d KiB",
                              ESCPOS_MAX_BYTES / 1024);
    }
    return CK_OK;
}

escpos_state escpos_status_decode(uint8_t printer, uint8_t offline, uint8_t paper)
{
    if (offline & 0x04)
        return ESCPOS_COVER_OPEN;
    if ((paper & 0x60) || (offline & 0x20))
        return ESCPOS_PAPER_OUT;
    if (printer & 0x08)
        return ESCPOS_OFFLINE;
    if (paper & 0x0C)
        return ESCPOS_PAPER_NEAR_END;
    return ESCPOS_READY;
}

const char *escpos_state_code(escpos_state s)
{
    static const char *const codes[] = {"ready", "paper_near_end", "paper_out", "cover_open", "offline"};
    return s >= 0 && s <= ESCPOS_OFFLINE ? codes[s] : "?";
}
