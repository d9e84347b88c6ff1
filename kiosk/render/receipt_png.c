/* receipt_png.c - a receipt drawn as the printer prints it, to PNG (see receipt_png.h). */
#include "receipt_png.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <stdlib.h>
#include <string.h>

#include "png_gray.h"
#include "qr_code.h"
#include "utf8.h"

#define LINE_H    30 /* dots per text line, as the printer's 24-dot font with spacing */
#define MARGIN    16 /* white around the paper's printable width */
#define QR_MODULE 5

typedef struct canvas {
    uint8_t *px; /* grey, 255 = paper */
    int w, h;
} canvas;

static int item_height(const receipt_item *it)
{
    switch (it->kind) {
    case RECEIPT_TEXT: return it->big ? 2 * LINE_H : LINE_H;
    case RECEIPT_FEED: return it->lines * LINE_H;
    case RECEIPT_CUT: return LINE_H;
    case RECEIPT_QR: {
        qr_code q;
        int h = 0;
        if (qr_code_make(it->text, &q, NULL) == CK_OK)
            h = (q.size + 8) * QR_MODULE;
        qr_code_free(&q);
        return h;
    }
    }
    return 0;
}

/* One character's glyph, darkened onto the paper at (x, y). */
static void draw_glyph(canvas *c, TTF_Font *font, const char *utf8, int x, int y)
{
    SDL_Color black = {0, 0, 0, 255};
    SDL_Surface *s = TTF_RenderUTF8_Blended(font, utf8, black), *argb;
    if (s == NULL)
        return;
    argb = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(s);
    if (argb == NULL)
        return;
    for (int row = 0; row < argb->h; row++)
        for (int col = 0; col < argb->w; col++) {
            int px = x + col, py = y + row;
            uint32_t v = ((const uint32_t *)((const uint8_t *)argb->pixels + row * argb->pitch))[col];
            uint8_t alpha = (uint8_t)(v >> 24);
            if (px >= 0 && py >= 0 && px < c->w && py < c->h && alpha > 0) {
                uint8_t *dst = &c->px[py * c->w + px];
                *dst = (uint8_t)(*dst * (255 - alpha) / 255);
            }
        }
    SDL_FreeSurface(argb);
}

static void draw_text(canvas *c, TTF_Font *font, const receipt_item *it, int columns, int col_w, int y)
{
    int scale = it->big ? 2 : 1, width = (int)utf8_width(it->text) * scale, x0 = 0;
    size_t len = strlen(it->text), i = 0;
    if (it->align == RECEIPT_CENTER)
        x0 = (columns - width) / 2;
    else if (it->align == RECEIPT_RIGHT)
        x0 = columns - width;
    TTF_SetFontStyle(font, it->bold ? TTF_STYLE_BOLD : TTF_STYLE_NORMAL);
    for (int col = x0; i < len;) {
        char ch[5] = "";
        uint32_t cp;
        size_t n = utf8_decode(it->text + i, len - i, &cp);
        if (n == 0)
            break;
        memcpy(ch, it->text + i, n);
        if (cp != ' ')
            draw_glyph(c, font, ch, MARGIN + col * col_w, y);
        col += utf8_cp_width(cp) * scale;
        i += n;
    }
}

static void draw_qr(canvas *c, const receipt_item *it, int y)
{
    qr_code q;
    if (qr_code_make(it->text, &q, NULL) != CK_OK)
        return;
    for (int my = 0; my < q.size; my++)
        for (int mx = 0; mx < q.size; mx++)
            if (qr_code_dark(&q, mx, my))
                for (int dy = 0; dy < QR_MODULE; dy++) {
                    int py = y + (my + 4) * QR_MODULE + dy, px = (c->w - q.size * QR_MODULE) / 2 + mx * QR_MODULE;
                    if (py < c->h && px >= 0 && px + QR_MODULE <= c->w)
                        memset(&c->px[py * c->w + px], 0, QR_MODULE);
                }
    qr_code_free(&q);
}

ck_err receipt_png_write(const receipt_doc *doc, int dots, const char *font_path, int font_index, const char *path,
                         ck_diag *d)
{
    TTF_Font *font = NULL, *big = NULL;
    canvas c = {NULL, dots + 2 * MARGIN, 2 * MARGIN};
    int col_w = dots / doc->columns, y = MARGIN;
    ck_err rc = CK_OK;
    for (int i = 0; i < doc->n; i++)
        c.h += item_height(&doc->items[i]);
    if (TTF_Init() != 0)
        return ck_diag_detail(d, CK_E_IO, "字体库无法初始化", "SDL_ttf: %s", TTF_GetError());
    font = TTF_OpenFontIndex(font_path, 2 * col_w, font_index);
    big = TTF_OpenFontIndex(font_path, 4 * col_w, font_index);
    if (font == NULL || big == NULL) {
        rc = ck_diag_detail(d, CK_E_IO, "无法打开收据字体", "cannot open the font %s (%s)", font_path, TTF_GetError());
        goto cleanup;
    }
    if ((c.px = malloc((size_t)c.w * (size_t)c.h)) == NULL) {
        rc = CK_E_NOMEM;
        goto cleanup;
    }
    memset(c.px, 255, (size_t)c.w * (size_t)c.h);
    for (int i = 0; i < doc->n; i++) {
        const receipt_item *it = &doc->items[i];
        if (it->kind == RECEIPT_TEXT)
            draw_text(&c, it->big ? big : font, it, doc->columns, col_w, y);
        else if (it->kind == RECEIPT_QR)
            draw_qr(&c, it, y);
        else if (it->kind == RECEIPT_CUT) /* where the knife cuts: a dashed line */
            for (int x = 0; x < c.w; x++)
                if ((x / 6) % 2 == 0)
                    c.px[(y + LINE_H / 2) * c.w + x] = 128;
        y += item_height(it);
    }
    rc = png_gray_write(path, c.px, c.w, c.h, d);
cleanup:
    free(c.px);
    if (big != NULL)
        TTF_CloseFont(big);
    if (font != NULL)
        TTF_CloseFont(font);
    TTF_Quit();
    return rc;
}
