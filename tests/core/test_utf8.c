/* test_utf8.c - strict decoding: overlongs, surrogates, out-of-range and truncated sequences are refused. */
#include "cmocka_all.h"

#include <string.h>

#include "normalise.h"
#include "utf8.h"

static void test_decode(void **state)
{
    uint32_t cp;
    (void)state;
    assert_int_equal(utf8_decode("A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(utf8_decode("中", 3, &cp), 3);
    assert_int_equal(cp, 0x4e2d);
    assert_int_equal(utf8_decode("😀", 4, &cp), 4);
    assert_int_equal(cp, 0x1f600);
    assert_int_equal(utf8_decode("\xc0\xaf", 2, &cp), 0);         /* overlong '/' */
    assert_int_equal(utf8_decode("\xe0\x80\xaf", 3, &cp), 0);     /* overlong */
    assert_int_equal(utf8_decode("\xed\xa0\x80", 3, &cp), 0);     /* surrogate */
    assert_int_equal(utf8_decode("\xf4\x90\x80\x80", 4, &cp), 0); /* above U+10FFFF */
    assert_int_equal(utf8_decode("\xe4\xb8", 2, &cp), 0);         /* truncated */
    assert_int_equal(utf8_decode("\x80", 1, &cp), 0);             /* lone continuation */
    assert_int_equal(utf8_decode("\xe4\x41\xad", 3, &cp), 0);     /* bad continuation */
    assert_int_equal(utf8_decode("", 0, &cp), 0);
}

static void test_encode_round_trip(void **state)
{
    (void)state;
    for (uint32_t c = 0; c <= 0x10ffff; c += (c < 0x800 ? 1 : 97)) {
        char buf[4];
        uint32_t back;
        size_t n = utf8_encode(c, buf, sizeof buf);
        if (c >= 0xd800 && c <= 0xdfff) {
            assert_int_equal(n, 0);
            continue;
        }
        assert_true(n >= 1 && n <= 4);
        assert_int_equal(utf8_decode(buf, n, &back), n);
        assert_int_equal(back, c);
    }
    assert_int_equal(utf8_count("统一社会信用代码ABC"), 11);
    assert_int_equal(utf8_count("\xff"), -1);
}

static void test_normalise(void **state)
{
    char out[64], zh[160], en[160];
    unsigned ch;
    (void)state;
    assert_int_equal(normalise_code("ａｂ１２ -３", true, out, sizeof out, &ch), NORMALISE_OK);
    assert_string_equal(out, "AB123");
    assert_int_equal(ch, NC_WIDTH | NC_SPACE | NC_CASE | NC_DASH);
    assert_int_equal(normalise_name(" 某某(集团) ", out, sizeof out, &ch), NORMALISE_OK);
    assert_string_equal(out, "某某（集团）");
    assert_int_equal(ch, NC_SPACE | NC_BRACKET);
    assert_int_equal(normalise_code("ABC", false, out, 3, &ch), NORMALISE_TOO_LONG);
    assert_int_equal(normalise_code("A\xff", false, out, sizeof out, &ch), NORMALISE_BAD_UTF8);
    normalise_describe(NC_WIDTH | NC_SPACE, zh, en, sizeof zh);
    assert_string_equal(en, "full-width characters made half-width, spaces removed");
    assert_string_equal(zh, "全角字符已转为半角，已去除空格");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_encode_round_trip),
        cmocka_unit_test(test_normalise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
