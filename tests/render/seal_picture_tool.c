/*
 * seal_picture_tool.c - writes a seal picture to a file, for looking at it:
 *   seal_picture_tool NAME OUT.png [PX [SUBTITLE [FONT [FACE]]]]
 * The font defaults to Noto Sans CJK (Simplified Chinese face).
 */
#include <stdio.h>
#include <stdlib.h>

#include "seal_picture.h"

int main(int argc, char **argv)
{
    const char *font = argc > 5 ? argv[5] : "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    int px = argc > 3 ? atoi(argv[3]) : 256, face = argc > 6 ? atoi(argv[6]) : 2;
    uint8_t *png = NULL;
    size_t len = 0;
    ck_diag d = {"", ""};
    ck_err rc;
    FILE *f;
    int written = 0;
    if (argc < 3) {
        fprintf(stderr, "usage: seal_picture_tool NAME OUT.png [PX [SUBTITLE [FONT [FACE]]]]\n");
        return 2;
    }
    rc = seal_picture_png(argv[1], argc > 4 ? argv[4] : NULL, px, font, face, &png, &len, &d);
    if (rc != CK_OK) {
        fprintf(stderr, "%s: %s / %s\n", ck_err_name(rc), d.zh, d.en);
        return 1;
    }
    if ((f = fopen(argv[2], "wb")) != NULL) {
        written = fwrite(png, 1, len, f) == len;
        written = fclose(f) == 0 && written;
    }
    free(png);
    if (!written) {
        perror(argv[2]);
        return 1;
    }
    printf("%s: %zu bytes\n", argv[2], len);
    return 0;
}
