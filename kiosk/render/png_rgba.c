/* png_rgba.c - a PNG from outside, capped, to 8-bit RGBA (see png_rgba.h). */
#include "png_rgba.h"

#include <png.h>
#include <stdlib.h>
#include <string.h>

ck_err png_rgba_decode(const uint8_t *png, size_t len, size_t max_len, int max_side, uint8_t **rgba, int *w, int *h,
                       ck_diag *d)
{
    png_image img;
    uint8_t *px = NULL;
    ck_err rc = CK_OK;
    *rgba = NULL;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    /* The length cap comes first: libpng is never shown more than the caller accepts. */
    if (png == NULL || len == 0)
        return ck_diag_fail(d, CK_E_INVALID_INPUT, "图片为空", "the picture is empty");
    if (len > max_len)
        return ck_diag_fail(d, CK_E_INVALID_INPUT, "图片太大（%zu 字节，最多 %zu 字节）",
                            "the picture is too large (%zu bytes, at most %zu)", len, max_len);
    if (!png_image_begin_read_from_memory(&img, png, len)) {
        rc = ck_diag_fail(d, CK_E_INVALID_INPUT, "图片无法识别（%s）", "the picture is not a readable PNG (%s)",
                          img.message);
        goto cleanup;
    }
    /* The header's size is checked before the pixels are allocated: a 60-byte file may claim 2^31 x 2^31. */
    if (img.width > (png_uint_32)max_side || img.height > (png_uint_32)max_side) {
        rc = ck_diag_fail(d, CK_E_INVALID_INPUT, "图片尺寸太大（%u×%u，最多 %d×%d）",
                          "the picture is too big (%ux%u, at most %dx%d)", (unsigned)img.width, (unsigned)img.height,
                          max_side, max_side);
        goto cleanup;
    }
    img.format = PNG_FORMAT_RGBA;
    if ((px = malloc(PNG_IMAGE_SIZE(img))) == NULL) {
        rc = ck_diag_fail(d, CK_E_NOMEM, "内存不足，无法显示 %u×%u 的图片", "out of memory for a %ux%u picture",
                          (unsigned)img.width, (unsigned)img.height);
        goto cleanup;
    }
    if (!png_image_finish_read(&img, NULL, px, 0, NULL)) {
        rc = ck_diag_fail(d, CK_E_INVALID_INPUT, "图片已损坏（%s）", "the picture is damaged (%s)", img.message);
        goto cleanup;
    }
    *rgba = px;
    px = NULL;
    *w = (int)img.width;
    *h = (int)img.height;
cleanup:
    free(px);
    png_image_free(&img);
    return rc;
}
