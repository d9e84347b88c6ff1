/* ui_png.c - the rendered frame as an RGB PNG (screenshots for tests and people). */
#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "ui_app_internal.h"

ck_err ui_png_screenshot(SDL_Renderer *ren, const char *path, ck_diag *d)
{
    int w = 0, h = 0;
    uint8_t *px = NULL;
    png_image img;
    ck_err rc = CK_OK;
    if (SDL_GetRendererOutputSize(ren, &w, &h) != 0 || w <= 0 || h <= 0)
        return ck_diag_detail(d, CK_E_IO, "无法截屏", "no renderer size: %s", SDL_GetError());
    px = malloc((size_t)w * (size_t)h * 3);
    if (px == NULL)
        return CK_E_NOMEM;
    if (SDL_RenderReadPixels(ren, NULL, SDL_PIXELFORMAT_RGB24, px, w * 3) != 0) {
        rc = ck_diag_detail(d, CK_E_IO, "无法截屏", "cannot read the frame: %s", SDL_GetError());
        goto cleanup;
    }
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)w;
    img.height = (png_uint_32)h;
    img.format = PNG_FORMAT_RGB;
    if (!png_image_write_to_file(&img, path, 0, px, w * 3, NULL))
        rc = ck_diag_detail(d, CK_E_IO, "无法保存截屏", "cannot write %s: %s", path, img.message);
    png_image_free(&img);
cleanup:
    free(px);
    return rc;
}
