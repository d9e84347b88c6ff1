/*
 * test_seal_picture.c - the seal picture drawn, encoded and read back: its
 * size and shape, where the ink is and is not, how small the PNG stays, and
 * that hostile pictures are refused. Needs the Noto Sans CJK font (skips
 * otherwise).
 */
#include "../core/cmocka_all.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "seal_picture.h"

#define FONT     "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
#define FACE     2
#define PX       256
#define SIZE_CAP 5120 /* bytes: the target for names up to 20 characters at 256 pixels, held to 24 */
#define PI       3.14159265358979323846

typedef struct picture {
    uint8_t *png, *rgba;
    size_t len;
    int w, h;
} picture;

static void draw(const char *name, const char *subtitle, int px, picture *p)
{
    ck_diag d = {"", ""};
    memset(p, 0, sizeof *p);
    if (seal_picture_png(name, subtitle, px, FONT, FACE, &p->png, &p->len, &d) != CK_OK)
        fail_msg("seal_picture_png(%s): %s", name, d.en);
    if (seal_picture_decode(p->png, p->len, &p->rgba, &p->w, &p->h, &d) != CK_OK)
        fail_msg("seal_picture_decode(%s): %s", name, d.en);
}

static void drop(picture *p)
{
    free(p->png);
    free(p->rgba);
}

static const uint8_t *at(const picture *p, int x, int y)
{
    return &p->rgba[((size_t)y * (size_t)p->w + (size_t)x) * 4];
}

static int alpha(const picture *p, int x, int y) { return at(p, x, y)[3]; }

/* Solid seal red: opaque, strongly red, hardly green or blue. */
static int red(const picture *p, int x, int y)
{
    const uint8_t *v = at(p, x, y);
    return v[3] == 255 && v[0] > 180 && v[1] < 40 && v[2] < 60;
}

/* Inked pixels (any alpha) in the ring sector between radii r0..r1 (pixels) and angles a0..a1 (degrees clockwise from
 * 12 o'clock). */
static int ink_in(const picture *p, double r0, double r1, double a0, double a1)
{
    int n = 0;
    double c = p->w / 2.0;
    for (double a = a0; a <= a1; a += 0.5)
        for (double r = r0; r <= r1; r += 0.5) {
            int x = (int)(c + r * sin(a * PI / 180)), y = (int)(c - r * cos(a * PI / 180));
            n += alpha(p, x, y) > 0;
        }
    return n;
}

static void test_shape_and_ink(void **state)
{
    picture p;
    (void)state;
    draw("四川省某某科技有限公司", NULL, PX, &p);
    assert_int_equal(p.w, PX);
    assert_int_equal(p.h, PX);
    /* Transparent corners: the seal is round, nothing outside its ring. */
    for (int k = 0; k < 4; k++) {
        int x = (k & 1) ? PX - 1 : 0, y = (k & 2) ? PX - 1 : 0;
        assert_int_equal(alpha(&p, x, y), 0);
        assert_int_equal(alpha(&p, (k & 1) ? PX - 20 : 20, (k & 2) ? PX - 20 : 20), 0);
    }
    /* The ring, solid red all the way round, under the text as much as below it. */
    for (int deg = 0; deg < 360; deg += 15) {
        double r = (0.487 - 0.016) * PX;
        int x = (int)(PX / 2.0 + r * sin(deg * PI / 180)), y = (int)(PX / 2.0 - r * cos(deg * PI / 180));
        if (!red(&p, x, y))
            fail_msg("ring not red at %d degrees (%d, %d): rgba %d %d %d %d", deg, x, y, at(&p, x, y)[0],
                     at(&p, x, y)[1], at(&p, x, y)[2], at(&p, x, y)[3]);
    }
    /* Inside the ring and outside the text band: clear (between ring and text at the bottom). */
    assert_int_equal(ink_in(&p, 0.30 * PX, 0.44 * PX, 170, 190), 0);
    /* The star: the centre and just below its top point. */
    assert_true(red(&p, PX / 2, PX / 2));
    assert_true(red(&p, PX / 2, PX / 2 - (int)(0.14 * PX)));
    /* Between two of its points (straight down) stays clear. */
    assert_int_equal(alpha(&p, PX / 2, PX / 2 + (int)(0.15 * PX)), 0);
    /* The text band at the top has plenty of ink, an 11-character name reaching past 3 and 9 o'clock. */
    assert_true(ink_in(&p, 0.27 * PX, 0.43 * PX, -30, 30) > 200);
    assert_true(ink_in(&p, 0.27 * PX, 0.43 * PX, 90, 110) > 30);
    assert_true(ink_in(&p, 0.27 * PX, 0.43 * PX, -110, -90) > 30);
    drop(&p);
}

static void test_short_name_stays_at_the_top(void **state)
{
    picture p;
    (void)state;
    draw("成都某厂", NULL, PX, &p);
    assert_true(ink_in(&p, 0.27 * PX, 0.43 * PX, -60, 60) > 300);
    /* Nothing from 4 to 5 o'clock nor from 7 to 8: four characters keep to the top. */
    assert_int_equal(ink_in(&p, 0.25 * PX, 0.44 * PX, 100, 150), 0);
    assert_int_equal(ink_in(&p, 0.25 * PX, 0.44 * PX, -150, -100), 0);
    drop(&p);
}

/*
 * Each character is turned to face the rim: the horizontal stroke of 一 runs
 * along the arc wherever it stands, so all its ink lies in a narrow band of
 * radii. Unturned, the strokes at 2 and 10 o'clock would cross the band.
 */
static void test_characters_follow_the_arc(void **state)
{
    picture p;
    double c = PX / 2.0;
    int inside = 0;
    (void)state;
    draw("一一一一一", NULL, PX, &p);
    for (int y = 0; y < PX; y++)
        for (int x = 0; x < PX; x++) {
            double r = sqrt((x + 0.5 - c) * (x + 0.5 - c) + (y + 0.5 - c) * (y + 0.5 - c)) / PX;
            if (r < 0.20 || r > 0.45 || alpha(&p, x, y) == 0)
                continue; /* the star, the ring and the clear parts */
            if (r < 0.32 || r > 0.39)
                fail_msg("ink at (%d, %d), radius %.3f, outside the strokes' band", x, y, r);
            inside++;
        }
    assert_true(inside > 5 * 100);
    drop(&p);
}

static void test_subtitle_under_the_star(void **state)
{
    picture with, without;
    int n = 0;
    (void)state;
    draw("成都市政府采购中心", "电子印章", PX, &with);
    draw("成都市政府采购中心", NULL, PX, &without);
    for (int y = PX / 2 + (int)(0.20 * PX); y < PX / 2 + (int)(0.33 * PX); y++)
        for (int x = PX / 2 - (int)(0.2 * PX); x < PX / 2 + (int)(0.2 * PX); x++) {
            n += red(&with, x, y);
            assert_int_equal(alpha(&without, x, y), 0);
        }
    assert_true(n > 100);
    drop(&with);
    drop(&without);
}

static void test_names_differ(void **state)
{
    picture a, b;
    size_t differ = 0;
    (void)state;
    draw("成都市政府采购中心", NULL, PX, &a);
    draw("成都市教育装备中心", NULL, PX, &b);
    for (size_t i = 0; i < (size_t)PX * PX * 4; i++)
        differ += a.rgba[i] != b.rgba[i];
    assert_true(differ > 400);
    drop(&a);
    drop(&b);
}

static void test_sizes(void **state)
{
    static const char *names[] = {"成都某厂", "四川某某电子科技有限公司",
                                  "四川省成都市高新区某某信息技术服务股份有限公司成都分",
                                  "ABC（成都）贸易有限责任公司"};
    (void)state;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        picture p;
        size_t len;
        draw(names[i], "电子印章", PX, &p);
        len = p.len;
        drop(&p);
        printf("  %zu bytes: %s\n", len, names[i]);
        assert_true(len <= SIZE_CAP);
    }
}

/* The biggest picture the function makes still decodes under the decoder's caps. */
static void test_largest_decodes(void **state)
{
    picture p;
    (void)state;
    draw("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十", "电子印章合同专用章", 1024,
         &p);
    assert_int_equal(p.w, 1024);
    assert_true(p.len <= SEAL_PICTURE_MAX_PNG_BYTES);
    drop(&p);
    draw("成都", NULL, 128, &p);
    assert_int_equal(p.w, 128);
    drop(&p);
}

static void test_bad_arguments(void **state)
{
    uint8_t *png = (uint8_t *)"x";
    size_t len = 1;
    ck_diag d;
    (void)state;
    assert_int_equal(seal_picture_png("", NULL, PX, FONT, FACE, &png, &len, &d), CK_E_ARG);
    assert_null(png);
    assert_int_equal(seal_picture_png("成都", NULL, 127, FONT, FACE, &png, &len, &d), CK_E_ARG);
    assert_int_equal(seal_picture_png("成都", NULL, 1025, FONT, FACE, &png, &len, &d), CK_E_ARG);
    assert_int_equal(seal_picture_png("成都\xff", NULL, PX, FONT, FACE, &png, &len, &d), CK_E_ARG);
    assert_int_equal(seal_picture_png("成都\n", NULL, PX, FONT, FACE, &png, &len, &d), CK_E_ARG);
    assert_int_equal(
        seal_picture_png("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一", NULL, PX,
                         FONT, FACE, &png, &len, &d),
        CK_E_ARG);
    assert_int_equal(seal_picture_png("成都", "电子印章电子印章电子印章", PX, FONT, FACE, &png, &len, &d), CK_E_ARG);
    /* An emoji is not in a CJK font: refused, not drawn as an empty box. */
    assert_int_equal(seal_picture_png("成都\xf0\x9f\x98\x80", NULL, PX, FONT, FACE, &png, &len, &d),
                     CK_E_INVALID_INPUT);
    assert_non_null(strstr(d.en, "glyph"));
    assert_int_equal(seal_picture_png("成都", NULL, PX, "/nonexistent/seal.ttf", 0, &png, &len, &d), CK_E_IO);
    assert_non_null(strstr(d.en, "/nonexistent/seal.ttf"));
    assert_null(png);
}

/* The PNG CRC (ISO 3309), to forge a consistent header. */
static uint32_t crc32_png(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
    }
    return c ^ 0xFFFFFFFFu;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void test_hostile_pictures_refused(void **state)
{
    picture p;
    uint8_t garbage[300], *rgba = (uint8_t *)"x", *big;
    int w = 0, h = 0;
    ck_diag d;
    (void)state;
    for (size_t i = 0; i < sizeof garbage; i++)
        garbage[i] = (uint8_t)(i * 37 + 11);
    assert_int_equal(seal_picture_decode(garbage, sizeof garbage, &rgba, &w, &h, &d), CK_E_SEAL);
    assert_null(rgba);
    assert_int_equal(seal_picture_decode(garbage, 0, &rgba, &w, &h, &d), CK_E_SEAL);

    /* A real picture whose header, CRC and all, claims 4096 x 4096: refused before any pixel is allocated. */
    draw("成都", NULL, PX, &p);
    assert_memory_equal(p.png + 12, "IHDR", 4);
    put32(p.png + 16, 4096);
    put32(p.png + 20, 4096);
    put32(p.png + 29, crc32_png(p.png + 12, 17));
    assert_int_equal(seal_picture_decode(p.png, p.len, &rgba, &w, &h, &d), CK_E_SEAL);
    assert_non_null(strstr(d.en, "4096x4096"));
    assert_null(rgba);
    /* Truncated: the header is fine, the pixels are missing. */
    put32(p.png + 16, PX);
    put32(p.png + 20, PX);
    put32(p.png + 29, crc32_png(p.png + 12, 17));
    assert_int_equal(seal_picture_decode(p.png, p.len / 2, &rgba, &w, &h, &d), CK_E_SEAL);
    assert_null(rgba);
    /* Longer than a seal may carry, however valid its start. */
    big = calloc(SEAL_PICTURE_MAX_PNG_BYTES + 1, 1);
    assert_non_null(big);
    memcpy(big, p.png, p.len);
    assert_int_equal(seal_picture_decode(big, SEAL_PICTURE_MAX_PNG_BYTES + 1, &rgba, &w, &h, &d), CK_E_SEAL);
    assert_null(rgba);
    free(big);
    drop(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shape_and_ink),
        cmocka_unit_test(test_short_name_stays_at_the_top),
        cmocka_unit_test(test_characters_follow_the_arc),
        cmocka_unit_test(test_subtitle_under_the_star),
        cmocka_unit_test(test_names_differ),
        cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_largest_decodes),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_hostile_pictures_refused),
    };
    if (access(FONT, R_OK) != 0) {
        printf("SKIPPED: test_seal_picture needs the font %s (Debian package fonts-noto-cjk)\n", FONT);
        return 77;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
