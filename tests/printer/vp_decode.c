/*
 * vp_decode.c - the ESC/POS subset the kiosk sends, decoded into receipts
 * (see vp_decode.h). Bytes are kept in a pending buffer only while a command
 * is incomplete; each step consumes one text byte or one whole command. QR
 * codes and raster images are in vp_graphics.c.
 */
#include "vp_decode.h"

#include <assert.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "vp_decode_impl.h"
#include "vp_receipt.h"
#include "vp_text.h"

static const char *const align_names[3] = {"left", "center", "right"};

bool vp_status_parse(const char *word, vp_status *out)
{
    static const char *const names[] = {"ok", "near-end", "paper-out", "cover-open", "offline"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(word, names[i]) == 0) {
            *out = (vp_status)i;
            return true;
        }
    return false;
}

uint8_t vp_status_byte(vp_status s, int n)
{
    uint8_t b = 0x12; /* the fixed bits every answer has */
    if (n == 1 && s == VP_STATUS_OFFLINE)
        b |= 0x08;
    if (n == 2 && s == VP_STATUS_COVER_OPEN)
        b |= 0x04;
    if (n == 2 && s == VP_STATUS_PAPER_OUT)
        b |= 0x20;
    if (n == 4 && s == VP_STATUS_NEAR_END)
        b |= 0x0C;
    if (n == 4 && s == VP_STATUS_PAPER_OUT)
        b |= 0x60;
    return b;
}

vp_decoder *vp_decoder_create(const vp_decoder_cfg *cfg)
{
    vp_decoder *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->cfg = *cfg;
    d->cd = iconv_open("UTF-8", "GB18030");
    d->qr = malloc(VP_QR_MAX);
    d->pend = malloc(VP_MAX_COMMAND);
    d->qr_model = 50, d->qr_module = 3, d->qr_level = 48; /* the usual power-on defaults */
    if (d->cd == (iconv_t)-1 || !d->qr || !d->pend || !vp_receipt_init(&d->r)) {
        vp_decoder_destroy(d);
        return NULL;
    }
    return d;
}

void vp_decoder_destroy(vp_decoder *d)
{
    if (!d)
        return;
    vp_receipt_clear(&d->r);
    free(d->pend);
    free(d->qr);
    if (d->cd != (iconv_t)-1 && d->cd != NULL)
        iconv_close(d->cd);
    free(d);
}

/* Pushes the current line (empty or not) with its attributes, decoded from GB18030. */
static void end_line(vp_decoder *d)
{
    bool started = d->line_len > 0;
    int size = started ? d->line_size : d->size, cols = 0;
    char *text = NULL;
    if (vp_text_has_yen(d->line, d->line_len))
        d->r.yen_bytes = true;
    if (!vp_text_gb18030(d->cd, d->line, d->line_len, &text, &cols)) {
        if (!text) {
            vp_receipt_error(&d->r, "out of memory decoding a line");
            goto cleanup;
        }
        vp_receipt_error(&d->r, "line %d: bytes that are not GB18030, shown as \\xNN",
                         d->r.lines ? cJSON_GetArraySize(d->r.lines) + 1 : 0);
    }
    /* GS ! n: the high nibble is the width multiple less one. */
    vp_receipt_line(&d->r, text, align_names[started ? d->line_align : d->align], started ? d->line_bold : d->bold,
                    size, cols * (((size >> 4) & 7) + 1));
cleanup:
    free(text);
    d->line_len = 0;
    d->line_overflow = false;
}

static void text_byte(vp_decoder *d, uint8_t b)
{
    if (b >= 0x80 && !d->chinese)
        d->r.chinese_mode_violation = true;
    if (d->line_len == 0) {
        d->line_align = d->align, d->line_bold = d->bold, d->line_size = d->size;
    }
    if (d->line_len < VP_LINE_MAX) {
        d->line[d->line_len++] = b;
    } else if (!d->line_overflow) {
        d->line_overflow = true;
        vp_receipt_error(&d->r, "a line longer than %d bytes: the rest is not recorded", VP_LINE_MAX);
    }
}

static size_t esc(vp_decoder *d, const uint8_t *p, size_t n)
{
    if (n < 2)
        return 0;
    if (p[1] == 0x40) { /* ESC @ */
        if (d->line_len > 0)
            vp_receipt_error(&d->r, "ESC @ threw away text not ended by LF");
        d->line_len = 0, d->line_overflow = false;
        d->align = 0, d->bold = false, d->size = 0, d->chinese = false;
        return 2;
    }
    if (p[1] != 0x61 && p[1] != 0x45 && p[1] != 0x64) {
        vp_receipt_unknown(&d->r, p, 2);
        return 2;
    }
    if (n < 3)
        return 0;
    if (p[1] == 0x61) { /* ESC a n */
        if (p[2] <= 2 || (p[2] >= 0x30 && p[2] <= 0x32))
            d->align = p[2] & 3;
        else
            vp_receipt_error(&d->r, "ESC a with n = %d", p[2]);
    } else if (p[1] == 0x45) { /* ESC E n */
        d->bold = p[2] & 1;
    } else { /* ESC d n */
        if (d->line_len > 0)
            end_line(d);
        for (int i = 0; i < p[2]; i++)
            end_line(d);
    }
    return 3;
}

static size_t gs(vp_decoder *d, const uint8_t *p, size_t n)
{
    if (n < 2)
        return 0;
    switch (p[1]) {
    case 0x21: /* GS ! n */
        if (n < 3)
            return 0;
        d->size = p[2];
        return 3;
    case 0x56: /* GS V m [n] */
        if (n < 3)
            return 0;
        if (p[2] == 0 || p[2] == 48 || p[2] == 1 || p[2] == 49) {
            d->cut = (p[2] & 1) ? "partial" : "full";
            return 3;
        }
        if (p[2] == 65 || p[2] == 66) {
            if (n < 4)
                return 0;
            d->cut = p[2] == 66 ? "partial" : "full";
            return 4;
        }
        vp_receipt_unknown(&d->r, p, 3);
        return 3;
    case 0x28: /* GS ( k */
        if (n < 3)
            return 0;
        if (p[2] == 0x6B)
            return vp_graphics_qr(d, p, n);
        break;
    case 0x76: /* GS v 0 */
        if (n < 3)
            return 0;
        if (p[2] == 0x30)
            return vp_graphics_raster(d, p, n);
        break;
    default: break;
    }
    vp_receipt_unknown(&d->r, p, 2);
    return 2;
}

static size_t dle(vp_decoder *d, const uint8_t *p, size_t n)
{
    if (n < 2)
        return 0;
    if (p[1] != 0x04) {
        vp_receipt_unknown(&d->r, p, 2);
        return 2;
    }
    if (n < 3)
        return 0;
    if (p[2] >= 1 && p[2] <= 4) { /* DLE EOT n: answered at once, never printed */
        d->r.status_queries++;
        d->cfg.answer(d->cfg.ctx, vp_status_byte(d->cfg.status(d->cfg.ctx), p[2]));
    } else {
        vp_receipt_unknown(&d->r, p, 3);
    }
    return 3;
}

/* Consumes one text byte or one whole command at p; 0 when the command is not complete yet. */
static size_t step(vp_decoder *d, const uint8_t *p, size_t n)
{
    if (p[0] >= 0x20) {
        text_byte(d, p[0]);
        return 1;
    }
    switch (p[0]) {
    case 0x0A: end_line(d); return 1;
    case 0x0D: /* CR: ignored, as printers with auto line feed off do */ return 1;
    case 0x1B: return esc(d, p, n);
    case 0x1C:
        if (n < 2)
            return 0;
        if (p[1] == 0x26 || p[1] == 0x2E)
            d->chinese = p[1] == 0x26; /* FS & on, FS . off */
        else
            vp_receipt_unknown(&d->r, p, 2);
        return 2;
    case 0x1D: return gs(d, p, n);
    case 0x10: return dle(d, p, n);
    default: vp_receipt_unknown(&d->r, p, 1); return 1;
    }
}

/* Writes the open receipt if it should be (always when cut) and starts the next one. */
static void finish(vp_decoder *d, const char *cut, bool dropped)
{
    if (d->line_len > 0) {
        vp_receipt_error(&d->r, cut ? "text not ended by LF before the cut" : "text not ended by LF at the end");
        end_line(d);
    }
    if (cut || d->r.content || (dropped && d->r.bytes > 0)) {
        if (vp_receipt_write(&d->r, d->cfg.out, *d->cfg.receipts + 1, cut, dropped))
            ++*d->cfg.receipts;
    }
    vp_receipt_clear(&d->r);
    if (!vp_receipt_init(&d->r))
        fprintf(stderr, "vprinter: out of memory starting a receipt\n");
}

/* Counts k consumed bytes into the open receipt, and ends it after a cut. */
static void account(vp_decoder *d, size_t k)
{
    d->r.bytes += k;
    if (d->r.bytes > VP_MAX_RECEIPT && !d->r.over_reported) {
        d->r.over_reported = true;
        vp_receipt_error(&d->r, "receipt longer than %d bytes", VP_MAX_RECEIPT);
    }
    if (d->cut) {
        finish(d, d->cut, false);
        d->cut = NULL;
    }
}

void vp_decoder_feed(vp_decoder *d, const uint8_t *data, size_t n)
{
    while (n > 0) {
        if (d->skip > 0) {
            size_t k = d->skip < n ? d->skip : n;
            d->skip -= k, data += k, n -= k;
            account(d, k);
            continue;
        }
        size_t k = VP_MAX_COMMAND - d->pend_len, pos = 0;
        if (k > n)
            k = n;
        memcpy(d->pend + d->pend_len, data, k);
        d->pend_len += k, data += k, n -= k;
        while (pos < d->pend_len && d->skip == 0) {
            size_t used = step(d, d->pend + pos, d->pend_len - pos);
            if (used == 0)
                break;
            pos += used;
            account(d, used);
        }
        memmove(d->pend, d->pend + pos, d->pend_len - pos);
        d->pend_len -= pos;
        /* No command waits for more than VP_MAX_COMMAND bytes, so a full buffer always makes progress. */
        assert(d->pend_len < VP_MAX_COMMAND);
    }
}

void vp_decoder_end(vp_decoder *d, bool dropped)
{
    if (d->pend_len > 0) {
        vp_receipt_error(&d->r, "the connection ended inside a command (%zu bytes of it received)", d->pend_len);
        vp_receipt_unknown(&d->r, d->pend, d->pend_len);
        d->r.bytes += d->pend_len;
        d->pend_len = 0;
    }
    if (d->skip > 0) {
        vp_receipt_error(&d->r, "the connection ended %zu bytes before the end of a skipped command", d->skip);
        d->skip = 0;
    }
    finish(d, NULL, dropped);
}
