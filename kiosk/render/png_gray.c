/* png_gray.c - greyscale PNG files (see png_gray.h). */
#include "png_gray.h"

#include <png.h>
#include <string.h>

ck_err png_gray_write(const char *path, const uint8_t *px, int w, int h, ck_diag *d)
{
    png_image img;
    ck_err rc = CK_OK;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)w;
    img.height = (png_uint_32)h;
    img.format = PNG_FORMAT_GRAY;
    if (!png_image_write_to_file(&img, path, 0, px, w, NULL))
        rc = ck_diag_fail(d, CK_E_IO, "无法写入图片 %s（%s）", "cannot write the image %s (%s)", path, img.message);
    png_image_free(&img);
    return rc;
}
