/*
 * seal_picture.c - a round organisation seal, drawn and written as a 2-bit
 * palette PNG (see seal_picture.h).
 *
 * Everything is drawn at SS times the output size into one byte of ink
 * coverage per pixel (0 none, 255 solid), then averaged down to the output
 * size and quantised to LEVELS tints of the ink. Drawing finer than the
 * output gives the ring and star smooth edges and hides the blur of the
 * rotated characters' bilinear sampling. Geometry is in fractions of the
 * diameter, so every size looks the same.
 *
 * The maths is SDL's (SDL_sin, SDL_sqrt, ...): the library already links
 * SDL2, and its consumers then need no -lm.
 */
#include "seal_picture.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <png.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "png_rgba.h"
#include "utf8.h"

#define SS     2            /* canvas pixels per output pixel, each way */
#define DEPTH  2            /* bits a pixel */
#define LEVELS (1 << DEPTH) /* palette entries: transparent and three tints of the ink */
#define PI     3.14159265358979323846
#define DEG    (PI / 180.0)

/*
 * Proportions, as fractions of the diameter. A real 42 mm seal has a ring of
 * about 1.2 mm, characters up to 7 mm tall and a star 14 mm across.
 */
#define RING_OUTER 0.487 /* radius of the ring's outer edge, leaving a pixel or so of margin */
#define RING_WIDTH 0.032
#define TEXT_INSET 0.020 /* from the ring's inner edge to the top of the characters' em box */
#define STAR_R     0.165 /* radius of the star's points */
#define EM_MAX     0.165 /* characters of short names */
#define EM_MIN     0.050 /* the smallest characters, for the longest names */
#define SUB_EM     0.085 /* the line under the star */
#define SUB_Y      0.265 /* its centre, below the seal's centre */
#define SUB_MAX_W  0.40  /* its widest */
#define BOLDEN     0.015 /* of the em, added round each stroke */

/* Along the arc. Angles are between the centres of the first and last characters. */
#define SPAN_MAX     235.0 /* from about 8 to 4 o'clock, where the engraver stops */
#define PITCH_SHORT  42.0  /* a short name spreads no further than this a character, keeping to the top */
#define GAP_MIN      0.06  /* between characters, in em */
#define GAP_MAX      1.2
#define CONDENSE_MIN 0.62 /* narrowest characters (width / height) before they get smaller */

/* Seal red, #D7000F: the colour of cinnabar paste on white paper. */
static const png_color INK = {0xD7, 0x00, 0x0F};

/* What the characters need for layout. */
typedef struct seal_text {
    uint32_t cp[SEAL_PICTURE_MAX_NAME];
    double advance[SEAL_PICTURE_MAX_NAME]; /* in em */
    bool punct[SEAL_PICTURE_MAX_NAME];     /* full-width punctuation, set half-width and centred on its ink */
    int n;
} seal_text;

typedef struct canvas {
    uint8_t *cov; /* size * size, row by row, ink coverage 0..255 */
    int size;
} canvas;

/* One character's picture: its coverage and the centre of its em box in it. */
typedef struct glyph {
    uint8_t *a;
    int w, h;
    double cx, cy;
} glyph;

/* Ink laid over ink: coverage adds up like paint, never past solid. */
static void cover(canvas *c, int x, int y, int a)
{
    uint8_t *p = &c->cov[(size_t)y * (size_t)c->size + (size_t)x];
    *p = (uint8_t)(*p + a - *p * a / 255);
}

static double clamp(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

static void draw_ring(canvas *c, double r_mid, double half_width)
{
    double ctr = c->size / 2.0;
    for (int y = 0; y < c->size; y++)
        for (int x = 0; x < c->size; x++) {
            double dx = x + 0.5 - ctr, dy = y + 0.5 - ctr;
            /* The pixel's share of the band, from its centre's distance to the band's edge. */
            double a = clamp(half_width + 0.5 - SDL_fabs(SDL_sqrt(dx * dx + dy * dy) - r_mid), 0.0, 1.0);
            if (a > 0)
                cover(c, x, y, (int)(a * 255 + 0.5));
        }
}

/* Even-odd rule; the star's outline does not cross itself, so this is just "inside". */
static bool inside(const double (*v)[2], int n, double x, double y)
{
    bool in = false;
    for (int i = 0, j = n - 1; i < n; j = i++)
        if ((v[i][1] > y) != (v[j][1] > y) && x < v[j][0] + (y - v[j][1]) * (v[i][0] - v[j][0]) / (v[i][1] - v[j][1]))
            in = !in;
    return in;
}

/* A regular five-pointed star, one point straight up, filled; 4x4 samples a canvas pixel at its edges. */
static void draw_star(canvas *c, double r)
{
    /* Inner vertices where the pentagram's edges cross: r * sin 18 / sin 126. */
    double v[10][2], ctr = c->size / 2.0, inner = r * 0.381966;
    int lo = (int)SDL_floor(ctr - r), hi = (int)SDL_ceil(ctr + r);
    for (int k = 0; k < 10; k++) {
        double ang = -PI / 2 + k * PI / 5, rr = (k % 2) ? inner : r;
        v[k][0] = ctr + rr * SDL_cos(ang);
        v[k][1] = ctr + rr * SDL_sin(ang);
    }
    for (int y = lo < 0 ? 0 : lo; y <= hi && y < c->size; y++)
        for (int x = lo < 0 ? 0 : lo; x <= hi && x < c->size; x++) {
            int hits = 0;
            for (int sy = 0; sy < 4; sy++)
                for (int sx = 0; sx < 4; sx++)
                    hits += inside(v, 10, x + (sx + 0.5) / 4, y + (sy + 0.5) / 4);
            if (hits > 0)
                cover(c, x, y, hits * 255 / 16);
        }
}

/*
 * Adds surface s's alpha into g at (ox, oy), saturating: where an outline
 * meets the glyph it surrounds, their edge pixels' coverages are complementary
 * parts of one pixel. *left is the leftmost column of s with ink, or -1.
 */
static ck_err add_alpha(glyph *g, SDL_Surface *s, int ox, int oy, int *left, ck_diag *d)
{
    SDL_Surface *argb = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    *left = -1;
    if (argb == NULL)
        return ck_diag_detail(d, CK_E_NOMEM, "内存不足，无法生成印章图片", "SDL: %s", SDL_GetError());
    for (int y = 0; y < argb->h && y + oy < g->h; y++)
        for (int x = 0; x < argb->w && x + ox < g->w; x++) {
            int a = (int)(((const uint32_t *)((const uint8_t *)argb->pixels + y * argb->pitch))[x] >> 24);
            uint8_t *p = &g->a[(y + oy) * g->w + x + ox];
            *p = (uint8_t)(*p + a > 255 ? 255 : *p + a);
            if (a > 0 && (*left < 0 || x < *left))
                *left = x;
        }
    SDL_FreeSurface(argb);
    return CK_OK;
}

/*
 * Renders cp into g, thickened by `bolden` pixels all round (the glyph and,
 * around it, SDL_ttf's outline of that width: an outline alone is hollow),
 * and finds its em box's centre: horizontally half its advance from its
 * origin, or the middle of its ink for punctuation set in half a square;
 * vertically `em_mid` above the baseline, which SDL_ttf puts at the font's
 * ascent. A character without ink (a space) leaves g->a NULL. The caller
 * frees g->a. Leaves the font's outline at 0.
 */
static ck_err glyph_render(TTF_Font *font, uint32_t cp, bool punct, double em_mid, int bolden, glyph *g, ck_diag *d)
{
    static const SDL_Color white = {255, 255, 255, 255};
    SDL_Surface *fill = NULL, *border = NULL;
    int minx, maxx, miny, maxy, advance, left, border_left;
    ck_err rc = CK_OK;
    memset(g, 0, sizeof *g);
    if (TTF_GlyphMetrics32(font, cp, &minx, &maxx, &miny, &maxy, &advance) != 0 ||
        (fill = TTF_RenderGlyph32_Blended(font, cp, white)) == NULL) {
        rc = ck_diag_detail(d, CK_E_IO, "印章字体无法使用", "SDL_ttf cannot render U+%04X: %s", (unsigned)cp,
                            TTF_GetError());
        goto cleanup;
    }
    if (bolden > 0) {
        TTF_SetFontOutline(font, bolden);
        border = TTF_RenderGlyph32_Blended(font, cp, white);
        TTF_SetFontOutline(font, 0);
        if (border == NULL) {
            rc = ck_diag_detail(d, CK_E_IO, "印章字体无法使用", "SDL_ttf cannot outline U+%04X: %s", (unsigned)cp,
                                TTF_GetError());
            goto cleanup;
        }
    }
    g->w = fill->w + 2 * bolden;
    g->h = fill->h + 2 * bolden;
    if ((g->a = calloc((size_t)g->w * (size_t)g->h, 1)) == NULL) {
        rc = ck_diag_fail(d, CK_E_NOMEM, "内存不足，无法生成印章图片", "out of memory for a glyph");
        goto cleanup;
    }
    if ((rc = add_alpha(g, fill, bolden, bolden, &left, d)) != CK_OK || left < 0 ||
        (border != NULL && (rc = add_alpha(g, border, 0, 0, &border_left, d)) != CK_OK)) {
        free(g->a); /* failed, or no ink: nothing to draw */
        g->a = NULL;
        goto cleanup;
    }
    /* The leftmost ink is minx from the origin: SDL_ttf shifts the origin right for a negative minx. */
    g->cx = bolden + left - minx + (punct ? (minx + maxx) / 2.0 : advance / 2.0);
    g->cy = bolden + TTF_FontAscent(font) - em_mid;
cleanup:
    SDL_FreeSurface(border);
    SDL_FreeSurface(fill);
    return rc;
}

static int sample(const glyph *g, int x, int y)
{
    return (x < 0 || y < 0 || x >= g->w || y >= g->h) ? 0 : g->a[y * g->w + x];
}

/*
 * Lays g on the canvas with its em centre at (gx, gy), its head turned
 * `theta` clockwise from straight up and its width scaled by `condense`.
 * Each canvas pixel looks up where it falls in the glyph (the inverse
 * rotation) and takes the bilinear mix of the four nearest glyph pixels.
 */
static void draw_glyph(canvas *c, const glyph *g, double gx, double gy, double theta, double condense)
{
    double ux = SDL_sin(theta), uy = -SDL_cos(theta); /* the glyph's up, towards the rim */
    double rx = SDL_cos(theta), ry = SDL_sin(theta);  /* its right, clockwise along the rim */
    double ext = 0;
    int x0, x1, y0, y1;
    /* Farthest the picture can reach from its centre, whichever way it is turned. */
    for (int k = 0; k < 4; k++) {
        double dx = ((k & 1) ? g->w : 0) - g->cx, dy = ((k & 2) ? g->h : 0) - g->cy;
        double r = SDL_sqrt(dx * dx + dy * dy);
        ext = r > ext ? r : ext;
    }
    x0 = (int)clamp(SDL_floor(gx - ext - 1), 0, c->size);
    x1 = (int)clamp(SDL_ceil(gx + ext + 1), 0, c->size);
    y0 = (int)clamp(SDL_floor(gy - ext - 1), 0, c->size);
    y1 = (int)clamp(SDL_ceil(gy + ext + 1), 0, c->size);
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            double dx = x + 0.5 - gx, dy = y + 0.5 - gy;
            double sx = g->cx + (dx * rx + dy * ry) / condense - 0.5, sy = g->cy - (dx * ux + dy * uy) - 0.5;
            double fx0 = SDL_floor(sx), fy0 = SDL_floor(sy), fx = sx - fx0, fy = sy - fy0;
            int ix = (int)fx0, iy = (int)fy0, a;
            if (ix < -1 || iy < -1 || ix >= g->w || iy >= g->h)
                continue;
            a = (int)((sample(g, ix, iy) * (1 - fx) + sample(g, ix + 1, iy) * fx) * (1 - fy) +
                      (sample(g, ix, iy + 1) * (1 - fx) + sample(g, ix + 1, iy + 1) * fx) * fy + 0.5);
            if (a > 0)
                cover(c, x, y, a);
        }
}

/* The height of the ideographic em box's centre above the baseline, from 国 (or H in a font without it). */
static double em_middle(TTF_Font *font)
{
    int minx, maxx, miny, maxy, advance;
    if (TTF_GlyphMetrics32(font, 0x56FD, &minx, &maxx, &miny, &maxy, &advance) != 0 &&
        TTF_GlyphMetrics32(font, 'H', &minx, &maxx, &miny, &maxy, &advance) != 0)
        return 0;
    return (miny + maxy) / 2.0;
}

/* How the name sits on its arc, in fractions of the diameter and radians. */
typedef struct arc_layout {
    double em, condense, gap; /* gap in em */
    double radius;            /* of the characters' em centres */
    double theta[SEAL_PICTURE_MAX_NAME];
} arc_layout;

static double arc_radius(double em) { return RING_OUTER - RING_WIDTH - TEXT_INSET - em / 2; }

/* Angle between the first and last characters' centres. */
static double arc_span(const seal_text *t, double em, double condense, double gap)
{
    double len = (t->n - 1) * gap * em;
    for (int i = 0; i < t->n; i++)
        len += condense * em * t->advance[i];
    len -= condense * em * (t->advance[0] + t->advance[t->n - 1]) / 2;
    return len / arc_radius(em);
}

/*
 * Short names spread out (up to PITCH_SHORT a character) but stay at the top;
 * long ones fill the arc to SPAN_MAX, first with narrower characters, as seal
 * engravers do, and only then with smaller ones.
 */
static void arc_layout_make(const seal_text *t, arc_layout *L)
{
    double span_max = SPAN_MAX * DEG, want = (t->n - 1) * PITCH_SHORT * DEG, pos = 0;
    double ink = 0; /* the advances between the first and last centres, in em */
    L->em = EM_MAX;
    L->condense = 1;
    L->gap = GAP_MIN;
    for (int i = 0; i < t->n; i++)
        ink += t->advance[i];
    ink -= (t->advance[0] + t->advance[t->n - 1]) / 2;
    want = want < span_max ? want : span_max;
    if (t->n > 1 && arc_span(t, L->em, 1, GAP_MIN) <= want) {
        L->gap = clamp((want * arc_radius(L->em) / L->em - ink) / (t->n - 1), GAP_MIN, GAP_MAX);
    } else if (t->n > 1) {
        L->condense = clamp((span_max * arc_radius(L->em) / L->em - (t->n - 1) * GAP_MIN) / ink, CONDENSE_MIN, 1);
        while (L->em > EM_MIN && arc_span(t, L->em, L->condense, L->gap) > span_max)
            L->em -= 0.0005;
    }
    L->radius = arc_radius(L->em);
    for (int i = 0; i < t->n; i++) {
        if (i > 0)
            pos += L->condense * L->em * (t->advance[i - 1] + t->advance[i]) / 2 + L->gap * L->em;
        L->theta[i] = pos / L->radius;
    }
    for (int i = 0; i < t->n; i++)
        L->theta[i] -= L->theta[t->n - 1] / 2;
}

/* Splits UTF-8 into code points; CK_E_ARG for invalid UTF-8, a control character or more than cap. */
static ck_err split(const char *s, uint32_t *out, int cap, int *n, const char *zh, const char *en, ck_diag *d)
{
    size_t len = strlen(s), i = 0;
    *n = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, len - i, &cp);
        if (k == 0) {
            ck_diag_zh(d, CK_E_ARG, "%s不是有效的 UTF-8 文字", zh);
            return ck_diag_en(d, CK_E_ARG, "the %s is not valid UTF-8", en);
        }
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
            ck_diag_zh(d, CK_E_ARG, "%s含有控制字符", zh);
            return ck_diag_en(d, CK_E_ARG, "the %s contains a control character", en);
        }
        if (*n == cap) {
            ck_diag_zh(d, CK_E_ARG, "%s太长（最多 %d 个字）", zh, cap);
            return ck_diag_en(d, CK_E_ARG, "the %s is too long (at most %d characters)", en, cap);
        }
        out[(*n)++] = cp;
        i += k;
    }
    return CK_OK;
}

/* Advances in em; CK_E_INVALID_INPUT for a character the font lacks, which would print as an empty box. */
static ck_err measure(TTF_Font *font, int em_px, seal_text *t, ck_diag *d)
{
    for (int i = 0; i < t->n; i++) {
        int minx, maxx, miny, maxy, advance;
        if (!TTF_GlyphIsProvided32(font, t->cp[i]) ||
            TTF_GlyphMetrics32(font, t->cp[i], &minx, &maxx, &miny, &maxy, &advance) != 0) {
            char shown[16];
            utf8_display(t->cp[i], shown, sizeof shown);
            return ck_diag_fail(d, CK_E_INVALID_INPUT, "印章字体中没有“%s”这个字",
                                "the seal font has no glyph for \"%s\"", shown);
        }
        t->advance[i] = (double)advance / em_px;
        /*
         * A full-width bracket's ink hugs one side of its square, which leaves a hole on one side and, once
         * a long name is narrowed, crowds the neighbour on the other. Seal engravers give such marks half a square.
         */
        t->punct[i] = advance >= 0.9 * em_px && maxx - minx < 0.45 * em_px;
        if (t->punct[i])
            t->advance[i] = 0.5;
    }
    return CK_OK;
}

/*
 * Sets the font to an em of em_px canvas pixels; gives its em middle and how
 * many pixels to thicken its strokes by. Engraved seal characters are heavier
 * than a text face's regular weight; BOLDEN of the em all round makes about a
 * medium weight, where SDL_ttf's own bold (a tenth of the em) fills in the
 * counters of characters like 都 and 购. False on failure.
 */
static bool font_size(TTF_Font *font, double em_px, double *em_mid, int *bolden)
{
    if (TTF_SetFontSize(font, (int)(em_px + 0.5)) != 0)
        return false;
    *em_mid = em_middle(font);
    *bolden = (int)(em_px * BOLDEN + 0.5);
    return true;
}

static ck_err draw_name(canvas *c, TTF_Font *font, const seal_text *t, ck_diag *d)
{
    arc_layout L;
    double em_mid, ctr = c->size / 2.0;
    int bolden;
    arc_layout_make(t, &L);
    if (!font_size(font, L.em * c->size, &em_mid, &bolden))
        return ck_diag_detail(d, CK_E_IO, "印章字体无法使用", "SDL_ttf: %s", TTF_GetError());
    for (int i = 0; i < t->n; i++) {
        glyph g;
        ck_err rc = glyph_render(font, t->cp[i], t->punct[i], em_mid, bolden, &g, d);
        if (rc != CK_OK)
            return rc;
        if (g.a != NULL) /* a space has its advance in the layout and nothing to draw */
            draw_glyph(c, &g, ctr + L.radius * c->size * SDL_sin(L.theta[i]),
                       ctr - L.radius * c->size * SDL_cos(L.theta[i]), L.theta[i], L.condense);
        free(g.a);
    }
    return CK_OK;
}

/* The line under the star, upright and centred; narrowed, then made smaller, to fit SUB_MAX_W. */
static ck_err draw_subtitle(canvas *c, TTF_Font *font, const seal_text *t, ck_diag *d)
{
    const double gap = 0.1; /* em */
    double advances = 0, em = SUB_EM, condense = 1, em_mid, x;
    int bolden;
    for (int i = 0; i < t->n; i++)
        advances += t->advance[i];
    if ((advances + (t->n - 1) * gap) * em > SUB_MAX_W)
        condense = clamp((SUB_MAX_W / em - (t->n - 1) * gap) / advances, CONDENSE_MIN, 1);
    if ((condense * advances + (t->n - 1) * gap) * em > SUB_MAX_W)
        em = SUB_MAX_W / (condense * advances + (t->n - 1) * gap);
    if (!font_size(font, em * c->size, &em_mid, &bolden))
        return ck_diag_detail(d, CK_E_IO, "印章字体无法使用", "SDL_ttf: %s", TTF_GetError());
    x = (c->size - (condense * advances + (t->n - 1) * gap) * em * c->size) / 2;
    for (int i = 0; i < t->n; i++) {
        glyph g;
        double w = condense * t->advance[i] * em * c->size;
        ck_err rc = glyph_render(font, t->cp[i], t->punct[i], em_mid, bolden, &g, d);
        if (rc != CK_OK)
            return rc;
        if (g.a != NULL)
            draw_glyph(c, &g, x + w / 2, c->size * (0.5 + SUB_Y), 0, condense);
        free(g.a);
        x += w + gap * em * c->size;
    }
    return CK_OK;
}

/* --- the palette PNG, in memory, by libpng's full API ------------------------------------------- */

typedef struct membuf {
    uint8_t *p;
    size_t len, cap;
    bool nomem;
} membuf;

static void PNGCBAPI membuf_write(png_structp png, png_bytep data, size_t n)
{
    membuf *m = png_get_io_ptr(png);
    if (n > SEAL_PICTURE_MAX_PNG_BYTES - m->len)
        png_error(png, "the picture would be larger than a seal may carry");
    if (m->len + n > m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 8192;
        uint8_t *p;
        while (cap < m->len + n)
            cap *= 2;
        if ((p = realloc(m->p, cap)) == NULL) {
            m->nomem = true;
            png_error(png, "out of memory");
        }
        m->p = p;
        m->cap = cap;
    }
    memcpy(m->p + m->len, data, n);
    m->len += n;
}

static void PNGCBAPI membuf_flush(png_structp png) { (void)png; }

#define WHY_LEN 128

/* libpng's errors end in a longjmp back to encode_png; the message is kept for d. */
static void PNGCBAPI on_png_error(png_structp png, png_const_charp msg)
{
    snprintf(png_get_error_ptr(png), WHY_LEN, "%s", msg);
    png_longjmp(png, 1);
}

static void PNGCBAPI on_png_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/*
 * cov (size * size coverage) as a palette PNG whose entries are all the ink
 * at rising opacity. One colour with a transparency ramp composites right on
 * any background and, with 2 bits a pixel and long runs of index 0, deflates
 * to a few KB.
 */
static ck_err encode_png(const uint8_t *cov, int size, membuf *m, ck_diag *d)
{
    png_structp png = NULL;
    png_infop info = NULL;
    png_color plte[LEVELS];
    png_byte trns[LEVELS];
    uint8_t *row = malloc((size_t)size);
    char why[WHY_LEN] = "";
    /* volatile: set after setjmp and read after libpng's longjmp back to it (C11 7.13.2.1). */
    volatile ck_err rc = CK_OK;
    if (row == NULL)
        return ck_diag_fail(d, CK_E_NOMEM, "内存不足，无法生成印章图片", "out of memory for the seal picture");
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, why, on_png_error, on_png_warning);
    if (png != NULL)
        info = png_create_info_struct(png);
    if (png == NULL || info == NULL) {
        rc = ck_diag_fail(d, CK_E_NOMEM, "内存不足，无法生成印章图片", "out of memory for the PNG encoder");
        goto cleanup;
    }
    if (setjmp(png_jmpbuf(png))) {
        if (m->nomem)
            rc = ck_diag_fail(d, CK_E_NOMEM, "内存不足，无法生成印章图片", "out of memory for the seal picture");
        else
            rc = ck_diag_detail(d, CK_E_IO, "无法生成印章图片", "cannot encode the seal picture: %s", why);
        goto cleanup;
    }
    png_set_write_fn(png, m, membuf_write, membuf_flush);
    png_set_IHDR(png, info, (png_uint_32)size, (png_uint_32)size, DEPTH, PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    /* The ink under index 0 too: a viewer that scales before it blends then shows no dark fringe. */
    for (int i = 0; i < LEVELS; i++) {
        plte[i] = INK;
        trns[i] = (png_byte)(255 * i / (LEVELS - 1));
    }
    png_set_PLTE(png, info, plte, LEVELS);
    png_set_tRNS(png, info, trns, LEVELS, NULL);
    /* Palette pictures deflate best unfiltered (the PNG specification's advice); level 9 costs nothing here. */
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_compression_level(png, 9);
    png_write_info(png, info);
    png_set_packing(png); /* rows below hold one index a byte; libpng packs four to a byte */
    for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++)
            row[x] = (uint8_t)((cov[(size_t)y * (size_t)size + (size_t)x] * (LEVELS - 1) + 127) / 255);
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
cleanup:
    png_destroy_write_struct(&png, &info);
    free(row);
    return rc;
}

/* The canvas averaged SS x SS down to the output size. */
static void downsample(const canvas *c, uint8_t *out, int px)
{
    for (int y = 0; y < px; y++)
        for (int x = 0; x < px; x++) {
            int sum = 0;
            for (int sy = 0; sy < SS; sy++)
                for (int sx = 0; sx < SS; sx++)
                    sum += c->cov[(size_t)(y * SS + sy) * (size_t)c->size + (size_t)(x * SS + sx)];
            out[(size_t)y * (size_t)px + (size_t)x] = (uint8_t)(sum / (SS * SS));
        }
}

ck_err seal_picture_png(const char *name, const char *subtitle, int px, const char *font_path, int font_index,
                        uint8_t **png, size_t *len, ck_diag *d)
{
    /* The measuring size: large enough that rounded advances are exact to half a percent. */
    const int measure_px = 200;
    seal_text text, sub = {.n = 0};
    canvas c = {NULL, px * SS};
    uint8_t *out = NULL;
    TTF_Font *font = NULL;
    membuf m = {NULL, 0, 0, false};
    bool ttf = false;
    ck_err rc;
    *png = NULL;
    *len = 0;
    if (px < SEAL_PICTURE_MIN_PX || px > SEAL_PICTURE_MAX_PX)
        return ck_diag_fail(d, CK_E_ARG, "印章图片尺寸 %d 超出范围（%d 至 %d 像素）",
                            "seal picture size %d outside %d..%d pixels", px, SEAL_PICTURE_MIN_PX, SEAL_PICTURE_MAX_PX);
    if (name == NULL || name[0] == '\0')
        return ck_diag_fail(d, CK_E_ARG, "印章上的单位名称为空", "the seal's organisation name is empty");
    if ((rc = split(name, text.cp, SEAL_PICTURE_MAX_NAME, &text.n, "单位名称", "organisation name", d)) != CK_OK)
        return rc;
    if (subtitle != NULL &&
        (rc = split(subtitle, sub.cp, SEAL_PICTURE_MAX_SUBTITLE, &sub.n, "印章下方文字", "subtitle", d)) != CK_OK)
        return rc;

    if (TTF_Init() != 0)
        return ck_diag_detail(d, CK_E_IO, "字体库无法初始化", "SDL_ttf: %s", TTF_GetError());
    ttf = true;
    if ((font = TTF_OpenFontIndex(font_path, measure_px, font_index)) == NULL) {
        rc = ck_diag_fail(d, CK_E_IO, "无法打开印章字体 %s（%s）", "cannot open the seal font %s (%s)", font_path,
                          TTF_GetError());
        goto cleanup;
    }
    if ((rc = measure(font, measure_px, &text, d)) != CK_OK || (rc = measure(font, measure_px, &sub, d)) != CK_OK)
        goto cleanup;
    c.cov = calloc((size_t)c.size * (size_t)c.size, 1);
    out = malloc((size_t)px * (size_t)px);
    if (c.cov == NULL || out == NULL) {
        rc = ck_diag_fail(d, CK_E_NOMEM, "内存不足，无法生成 %d 像素的印章图片", "out of memory for a %d-pixel seal",
                          px);
        goto cleanup;
    }
    draw_ring(&c, (RING_OUTER - RING_WIDTH / 2) * c.size, RING_WIDTH / 2 * c.size);
    draw_star(&c, STAR_R * c.size);
    if ((rc = draw_name(&c, font, &text, d)) != CK_OK)
        goto cleanup;
    if (sub.n > 0 && (rc = draw_subtitle(&c, font, &sub, d)) != CK_OK)
        goto cleanup;
    downsample(&c, out, px);
    if ((rc = encode_png(out, px, &m, d)) != CK_OK)
        goto cleanup;
    *png = m.p;
    *len = m.len;
    m.p = NULL;
cleanup:
    free(m.p);
    free(out);
    free(c.cov);
    if (font != NULL)
        TTF_CloseFont(font);
    if (ttf)
        TTF_Quit();
    return rc;
}

ck_err seal_picture_decode(const uint8_t *png, size_t len, uint8_t **rgba, int *w, int *h, ck_diag *d)
{
    ck_err rc = png_rgba_decode(png, len, SEAL_PICTURE_MAX_PNG_BYTES, SEAL_PICTURE_MAX_SIDE, rgba, w, h, d);
    /* To the person, a picture that does not decode is a damaged seal; d keeps what was wrong with it. */
    return rc == CK_E_INVALID_INPUT ? CK_E_SEAL : rc;
}
