/*
 * vp_receipt.c - a receipt's JSON, with capped lists, and raster images as
 * PNG files (see vp_receipt.h).
 */
#include "vp_receipt.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#define VP_BORDER 32 /* white pixels around a raster, so zbarimg finds a QR code's quiet zone */

bool vp_receipt_init(vp_receipt *r)
{
    memset(r, 0, sizeof *r);
    r->lines = cJSON_CreateArray();
    r->items = cJSON_CreateArray();
    r->qr = cJSON_CreateArray();
    r->rasters = cJSON_CreateArray();
    r->unknown = cJSON_CreateArray();
    r->errors = cJSON_CreateArray();
    return r->lines && r->items && r->qr && r->rasters && r->unknown && r->errors;
}

void vp_receipt_clear(vp_receipt *r)
{
    cJSON_Delete(r->lines);
    cJSON_Delete(r->items);
    cJSON_Delete(r->qr);
    cJSON_Delete(r->rasters);
    cJSON_Delete(r->unknown);
    cJSON_Delete(r->errors);
    memset(r, 0, sizeof *r);
}

/* Adds item to list unless it holds max entries already; frees item when it is not added. */
static bool add_capped(vp_receipt *r, cJSON *list, cJSON *item, int max, bool *full, const char *what)
{
    if (!list || !item || cJSON_GetArraySize(list) >= max) {
        if (item && list && !*full) {
            *full = true;
            vp_receipt_error(r, "more than %d %s: the rest are not recorded", max, what);
        }
        cJSON_Delete(item);
        return false;
    }
    return cJSON_AddItemToArray(list, item);
}

void vp_receipt_error(vp_receipt *r, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    r->content = true;
    if (!r->errors || r->errors_full)
        return;
    if (cJSON_GetArraySize(r->errors) >= VP_MAX_ERRORS) {
        r->errors_full = true;
        cJSON_AddItemToArray(r->errors, cJSON_CreateString("too many errors: the rest are not recorded"));
        return;
    }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cJSON_AddItemToArray(r->errors, cJSON_CreateString(msg));
}

void vp_receipt_line(vp_receipt *r, const char *text, const char *align, bool bold, int size, int cols)
{
    cJSON *line = cJSON_CreateObject();
    r->content = true;
    if (cols > r->width_max)
        r->width_max = cols;
    if (!line || !cJSON_AddStringToObject(line, "text", text) || !cJSON_AddStringToObject(line, "align", align) ||
        !cJSON_AddBoolToObject(line, "bold", bold) || !cJSON_AddBoolToObject(line, "double", size != 0) ||
        !cJSON_AddNumberToObject(line, "size", size) || !cJSON_AddNumberToObject(line, "columns", cols)) {
        cJSON_Delete(line);
        vp_receipt_error(r, "out of memory recording a line");
        return;
    }
    add_capped(r, r->lines, line, VP_MAX_LINES, &r->lines_full, "lines");
}

void vp_receipt_item(vp_receipt *r, cJSON *item, const char *list, const char *name)
{
    r->content = true;
    if (!item) {
        vp_receipt_error(r, "out of memory recording an item");
        return;
    }
    if (!add_capped(r, r->items, item, VP_MAX_ITEMS, &r->items_full, "items") || !name)
        return;
    cJSON *to = strcmp(list, "qr") == 0 ? r->qr : r->rasters;
    if (!to || !cJSON_AddItemToArray(to, cJSON_CreateString(name)))
        vp_receipt_error(r, "out of memory recording an item");
}

void vp_receipt_unknown(vp_receipt *r, const uint8_t *b, size_t n)
{
    char hex[3 * 8 + 1] = "";
    size_t len = 0;
    for (size_t i = 0; i < n && i < 8; i++)
        len += (size_t)snprintf(hex + len, sizeof hex - len, i ? " %02x" : "%02x", (unsigned)b[i]);
    r->content = true;
    add_capped(r, r->unknown, cJSON_CreateString(hex), VP_MAX_UNKNOWN, &r->unknown_full, "unknown commands");
}

/* Moves list into obj under key (the receipt no longer owns it). */
static bool move_list(cJSON *obj, const char *key, cJSON **list)
{
    if (!*list || !cJSON_AddItemToObject(obj, key, *list))
        return false;
    *list = NULL;
    return true;
}

bool vp_receipt_write(vp_receipt *r, FILE *out, unsigned index, const char *cut, bool dropped)
{
    bool ok = false;
    char *text = NULL;
    cJSON *obj = cJSON_CreateObject();
    if (!obj || !cJSON_AddNumberToObject(obj, "index", index) ||
        !cJSON_AddNumberToObject(obj, "bytes", (double)r->bytes))
        goto cleanup;
    if (!(cut ? cJSON_AddStringToObject(obj, "cut", cut) : cJSON_AddFalseToObject(obj, "cut")) ||
        !cJSON_AddBoolToObject(obj, "dropped", dropped) || !move_list(obj, "lines", &r->lines) ||
        !move_list(obj, "items", &r->items) || !move_list(obj, "qr", &r->qr) ||
        !move_list(obj, "rasters", &r->rasters) || !move_list(obj, "unknown", &r->unknown) ||
        !move_list(obj, "errors", &r->errors) || !cJSON_AddNumberToObject(obj, "status_queries", r->status_queries) ||
        !cJSON_AddBoolToObject(obj, "chinese_mode_violation", r->chinese_mode_violation) ||
        !cJSON_AddBoolToObject(obj, "yen_bytes", r->yen_bytes) ||
        !cJSON_AddNumberToObject(obj, "width_columns_max", r->width_max))
        goto cleanup;
    text = cJSON_PrintUnformatted(obj);
    if (!text || fprintf(out, "%s\n", text) < 0 || fflush(out) != 0)
        goto cleanup;
    ok = true;
cleanup:
    if (!ok)
        fprintf(stderr, "vprinter: could not write receipt %u\n", index);
    free(text);
    cJSON_Delete(obj);
    return ok;
}

bool vp_png_write(const char *path, const uint8_t *bits, int width_bytes, int height, char *err, size_t errlen)
{
    bool ok = false;
    png_image img;
    size_t stride = (size_t)width_bytes * 8 + 2 * VP_BORDER, rows = (size_t)height + 2 * VP_BORDER;
    uint8_t *px = malloc(stride * rows);
    memset(&img, 0, sizeof img);
    if (!px) {
        snprintf(err, errlen, "out of memory for a %zux%zu image", stride, rows);
        goto cleanup;
    }
    memset(px, 0xFF, stride * rows);
    for (size_t y = 0; y < (size_t)height; y++)
        for (size_t x = 0; x < (size_t)width_bytes * 8; x++)
            if (bits[y * (size_t)width_bytes + x / 8] & (0x80u >> (x % 8)))
                px[(y + VP_BORDER) * stride + x + VP_BORDER] = 0;
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)stride;
    img.height = (png_uint_32)rows;
    img.format = PNG_FORMAT_GRAY;
    if (!png_image_write_to_file(&img, path, 0, px, (png_int_32)stride, NULL)) {
        snprintf(err, errlen, "%s: %s", path, img.message);
        goto cleanup;
    }
    ok = true;
cleanup:
    png_image_free(&img);
    free(px);
    return ok;
}
