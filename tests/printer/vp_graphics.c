/*
 * vp_graphics.c - the virtual printer's QR codes (GS ( k, as the printer
 * would draw them: the payload is recorded) and raster bit images (GS v 0,
 * written as PNG files so a test can decode them with zbarimg).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vp_decode_impl.h"
#include "vp_text.h"

static void qr_print(vp_decoder *d)
{
    char *text = NULL;
    cJSON *item = NULL;
    if (!d->qr_stored) {
        vp_receipt_error(&d->r, "QR code printed with no data stored");
        return;
    }
    if (!vp_text_utf8(d->qr, d->qr_len, &text) && text)
        vp_receipt_error(&d->r, "QR data that is not UTF-8, shown as \\xNN");
    if (d->qr_len == 0)
        vp_receipt_error(&d->r, "QR code printed with empty data");
    item = cJSON_CreateObject();
    if (!text || !item || !cJSON_AddStringToObject(item, "qr", text) ||
        !cJSON_AddNumberToObject(item, "module", d->qr_module) ||
        !cJSON_AddNumberToObject(item, "level", d->qr_level) || !cJSON_AddNumberToObject(item, "model", d->qr_model) ||
        !cJSON_AddBoolToObject(item, "chinese_mode", d->chinese) ||
        !cJSON_AddNumberToObject(item, "line", vp_decode_lines(d))) {
        cJSON_Delete(item);
        item = NULL;
    }
    vp_receipt_item(&d->r, item, "qr", text);
    free(text);
}

/* GS ( k pL pH cn fn [params]: the QR code functions (cn 49). */
size_t vp_graphics_qr(vp_decoder *d, const uint8_t *p, size_t n)
{
    if (n < 5)
        return 0;
    size_t len = p[3] | (size_t)p[4] << 8, total = 5 + len;
    if (len < 2) {
        vp_receipt_error(&d->r, "GS ( k with %zu parameter bytes", len);
        vp_receipt_unknown(&d->r, p, 5);
        return 5;
    }
    if (n < total)
        return 0;
    const uint8_t *a = p + 7;
    size_t alen = len - 2;
    int fn = p[6];
    bool shape = true;
    if (p[5] != 0x31) {
        vp_receipt_unknown(&d->r, p, 7);
        return total;
    }
    if (alen == 0 && fn >= 0x41 && fn <= 0x51) { /* every function of the subset has a parameter */
        vp_receipt_error(&d->r, "GS ( k fn %d without parameters", fn);
        return total;
    }
    switch (fn) {
    case 0x41:
        shape = alen == 2;
        d->qr_model = a[0];
        break;
    case 0x43:
        shape = alen == 1;
        d->qr_module = a[0];
        if (a[0] < 1 || a[0] > 16)
            vp_receipt_error(&d->r, "QR module size %d outside 1..16", a[0]);
        break;
    case 0x45:
        shape = alen == 1;
        d->qr_level = a[0];
        if (a[0] < 48 || a[0] > 51)
            vp_receipt_error(&d->r, "QR error level %d outside 48..51", a[0]);
        break;
    case 0x50:
        shape = a[0] == 0x30;
        d->qr_len = alen - 1;
        memcpy(d->qr, a + 1, d->qr_len);
        d->qr_stored = true;
        break;
    case 0x51:
        shape = alen == 1 && a[0] == 0x30;
        qr_print(d);
        break;
    default: vp_receipt_unknown(&d->r, p, 7); break;
    }
    if (!shape)
        vp_receipt_error(&d->r, "GS ( k fn %d with malformed parameters (%zu bytes)", fn, alen);
    return total;
}

static void raster(vp_decoder *d, const uint8_t *bits, size_t wb, size_t h, int mode)
{
    char name[64], path[PATH_MAX], err[PATH_MAX + 64];
    cJSON *item = NULL;
    if (d->r.nrasters >= VP_MAX_ITEMS) {
        vp_receipt_error(&d->r, "more than %d rasters: not written", VP_MAX_ITEMS);
        return;
    }
    snprintf(name, sizeof name, "raster-%u-%d.png", *d->cfg.receipts + 1, ++d->r.nrasters);
    if (snprintf(path, sizeof path, "%s/%s", d->cfg.dir, name) >= (int)sizeof path) {
        vp_receipt_error(&d->r, "raster path too long");
        return;
    }
    if (mode != 0 && mode != 48)
        vp_receipt_error(&d->r, "GS v 0 with scaling mode %d: the image prints enlarged", mode);
    if (!vp_png_write(path, bits, (int)wb, (int)h, err, sizeof err)) {
        vp_receipt_error(&d->r, "raster not written: %s", err);
        return;
    }
    item = cJSON_CreateObject();
    if (!item || !cJSON_AddStringToObject(item, "raster", name) ||
        !cJSON_AddNumberToObject(item, "width_dots", (double)(wb * 8)) ||
        !cJSON_AddNumberToObject(item, "height", (double)h) || !cJSON_AddNumberToObject(item, "mode", mode) ||
        !cJSON_AddNumberToObject(item, "line", vp_decode_lines(d))) {
        cJSON_Delete(item);
        item = NULL;
    }
    vp_receipt_item(&d->r, item, "rasters", name);
}

/* GS v 0 m xL xH yL yH d1..dk: a raster bit image. */
size_t vp_graphics_raster(vp_decoder *d, const uint8_t *p, size_t n)
{
    if (n < 8)
        return 0;
    size_t wb = p[4] | (size_t)p[5] << 8, h = p[6] | (size_t)p[7] << 8, total = 8 + wb * h;
    if (wb == 0 || h == 0) {
        vp_receipt_error(&d->r, "GS v 0 of %zu x %zu bytes: nothing to print", wb, h);
        return total;
    }
    if (wb > VP_RASTER_MAX_BYTES || total > VP_MAX_COMMAND) {
        vp_receipt_error(&d->r, "GS v 0 of %zu x %zu bytes is too large: skipped", wb, h);
        if (n >= total)
            return total;
        d->skip = total - n; /* thrown away as it arrives, never buffered */
        return n;
    }
    if (n < total)
        return 0;
    raster(d, p + 8, wb, h, p[3]);
    return total;
}
