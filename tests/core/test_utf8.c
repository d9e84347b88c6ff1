/*
 * test_utf8.c - strict UTF-8 (overlongs, surrogates, out-of-range and
 * truncated sequences refused), and the normalisations built on it.
 */
#include "cmocka_all.h"

#include <string.h>

#include "normalise.h"
#include "utf8.h"

static void test_decode(void **state)
{
    static const struct {
        const char *s;
        size_t avail, len;
        uint32_t cp;
    } cases[] = {
        {"A", 1, 1, 'A'},
        {"\x7f", 1, 1, 0x7f},
        {"\xc2\x80", 2, 2, 0x80}, /* the smallest two-byte value */
        {"\xc2\xb7", 2, 2, 0xb7}, /* · */
        {"\xdf\xbf", 2, 2, 0x7ff},
        {"\xe0\xa0\x80", 3, 3, 0x800},
        {"中", 3, 3, 0x4e2d},
        {"\xed\x9f\xbf", 3, 3, 0xd7ff}, /* just below the surrogates */
        {"\xee\x80\x80", 3, 3, 0xe000}, /* just above them */
        {"\xef\xbf\xbf", 3, 3, 0xffff},
        {"😀", 4, 4, 0x1f600},
        {"\xf0\x90\x80\x80", 4, 4, 0x10000},
        {"\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff}, /* the largest */
        {"AB", 1, 1, 'A'},                    /* stops at one code point */
    };
    static const struct {
        const char *s;
        size_t avail;
    } refused[] = {
        {"\xc0\xaf", 2},             /* overlong '/' */
        {"\xc1\xbf", 2},             /* overlong */
        {"\xe0\x80\xaf", 3},         /* overlong */
        {"\xe0\x9f\xbf", 3},         /* overlong U+07FF */
        {"\xf0\x80\x80\xaf", 4},     /* overlong */
        {"\xf0\x8f\xbf\xbf", 4},     /* overlong U+FFFF */
        {"\xed\xa0\x80", 3},         /* surrogate U+D800 */
        {"\xed\xbf\xbf", 3},         /* surrogate U+DFFF */
        {"\xf4\x90\x80\x80", 4},     /* U+110000 */
        {"\xf5\x80\x80\x80", 4},     /* lead byte beyond U+10FFFF */
        {"\xf8\x88\x80\x80\x80", 5}, /* five-byte form */
        {"\xff", 1},
        {"\xe4\xb8", 2},         /* truncated */
        {"\xe4\xb8\xad", 2},     /* complete, but not within avail */
        {"\x80", 1},             /* lone continuation */
        {"\xe4\x41\xad", 3},     /* bad continuation */
        {"\xf0\x9f\x98\x41", 4}, /* bad last continuation */
        {"", 0},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t cp = 0;
        assert_int_equal(utf8_decode(cases[i].s, cases[i].avail, &cp), cases[i].len);
        assert_int_equal(cp, cases[i].cp);
    }
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        uint32_t cp;
        if (utf8_decode(refused[i].s, refused[i].avail, &cp) != 0)
            fail_msg("case %zu was accepted", i);
    }
}

static void test_encode(void **state)
{
    char buf[4];
    (void)state;
    for (uint32_t c = 0; c <= 0x10ffff; c += (c < 0x800 ? 1 : 97)) {
        uint32_t back;
        size_t n = utf8_encode(c, buf, sizeof buf);
        if (c >= 0xd800 && c <= 0xdfff) {
            assert_int_equal(n, 0);
            continue;
        }
        assert_int_equal(n, c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4);
        assert_int_equal(utf8_decode(buf, n, &back), n);
        assert_int_equal(back, c);
    }
    assert_int_equal(utf8_encode(0x110000, buf, sizeof buf), 0);
    assert_int_equal(utf8_encode(0xdc00, buf, sizeof buf), 0);
    /* Too little room: nothing written, 0 returned. */
    assert_int_equal(utf8_encode('A', buf, 0), 0);
    assert_int_equal(utf8_encode(0xb7, buf, 1), 0);
    assert_int_equal(utf8_encode(0x4e2d, buf, 2), 0);
    assert_int_equal(utf8_encode(0x1f600, buf, 3), 0);
    assert_int_equal(utf8_encode(0x4e2d, buf, 3), 3);
    assert_memory_equal(buf, "中", 3);
}

static void test_count_and_display(void **state)
{
    char shown[16];
    (void)state;
    assert_int_equal(utf8_count(""), 0);
    assert_int_equal(utf8_count("统一社会信用代码ABC"), 11);
    assert_int_equal(utf8_count("a😀·"), 3);
    assert_int_equal(utf8_count("\xff"), -1);
    assert_int_equal(utf8_count("ab\xe4\xb8"), -1);
    assert_string_equal(utf8_display('A', shown, sizeof shown), "A");
    assert_string_equal(utf8_display(0x4e2d, shown, sizeof shown), "中");
    assert_string_equal(utf8_display(0x1f600, shown, sizeof shown), "😀");
    assert_string_equal(utf8_display(0x01, shown, sizeof shown), "U+0001");
    assert_string_equal(utf8_display(0x7f, shown, sizeof shown), "U+007F");
    assert_string_equal(utf8_display(0x200b, shown, sizeof shown), "U+200B");
    assert_string_equal(utf8_display(0xfeff, shown, sizeof shown), "U+FEFF");
    assert_string_equal(utf8_display(0x3000, shown, sizeof shown), "U+3000");
    assert_string_equal(utf8_display(0xd800, shown, sizeof shown), "U+D800");
    assert_string_equal(utf8_display(0xe000, shown, sizeof shown), "U+E000");
    assert_string_equal(utf8_display(0xfffe, shown, sizeof shown), "U+FFFE");
    assert_string_equal(utf8_display(0x10ffff, shown, 9), "U+10FFFF");
}

static void test_width(void **state)
{
    (void)state;
    /* What a receipt's columns count: Chinese and full-width characters take two, ASCII one, marks none. */
    assert_int_equal(utf8_width("abc"), 3);
    assert_int_equal(utf8_width("中国"), 4);
    assert_int_equal(utf8_width("￥100.00"), 8);
    assert_int_equal(utf8_width("收据号：12"), 10);
    assert_int_equal(utf8_width("e\xcc\x81"), 1); /* e + combining acute */
    assert_int_equal(utf8_width(""), 0);
    assert_int_equal(utf8_width("\xe4\xb8"), -1);
    assert_int_equal(utf8_cp_width(0x4E00), 2);
    assert_int_equal(utf8_cp_width(0x9FFF), 2);
    assert_int_equal(utf8_cp_width(0xA0), 1);
    assert_int_equal(utf8_cp_width(0x200B), 0);
}

static void test_normalise_code(void **state)
{
    char out[64];
    unsigned ch;
    (void)state;
    assert_int_equal(normalise_code("ａｂ１２ -３", true, out, sizeof out, &ch), NORMALISE_OK);
    assert_string_equal(out, "AB123");
    assert_int_equal(ch, NC_WIDTH | NC_SPACE | NC_CASE | NC_DASH);
    assert_int_equal(normalise_code("A-B", false, out, sizeof out, &ch), NORMALISE_OK);
    assert_string_equal(out, "A-B");
    assert_int_equal(ch, 0);
    assert_int_equal(normalise_code("138－1234", true, out, sizeof out, &ch), NORMALISE_OK); /* full-width dash */
    assert_string_equal(out, "1381234");
    assert_int_equal(ch, NC_WIDTH | NC_DASH);
    /* Every kind of white space, anywhere: a scanner's CR LF, a pasted tab, the IME's U+3000, a web page's NBSP. */
    assert_int_equal(normalise_code("\t9\r1\n5\v1\f0\u30001\u00a0 ", false, out, sizeof out, &ch), NORMALISE_OK);
    assert_string_equal(out, "915101");
    assert_int_equal(ch, NC_SPACE);
    /* U+FF01 and U+FF5E are the ends of the full-width range; U+FF5F and U+FF00 are outside it. */
    assert_int_equal(normalise_code("！～｟", false, out, sizeof out, &ch), NORMALISE_OK);
    assert_string_equal(out, "!~｟");
    assert_int_equal(normalise_code("", false, out, sizeof out, &ch), NORMALISE_OK);
    assert_string_equal(out, "");
    assert_int_equal(ch, 0);
    /* Exactly fitting, one too many, no room at all. */
    assert_int_equal(normalise_code("ABC", false, out, 4, &ch), NORMALISE_OK);
    assert_int_equal(normalise_code("ABC", false, out, 3, &ch), NORMALISE_TOO_LONG);
    assert_int_equal(normalise_code("中", false, out, 3, &ch), NORMALISE_TOO_LONG);
    assert_int_equal(normalise_code("A", false, out, 0, &ch), NORMALISE_TOO_LONG);
    assert_int_equal(normalise_code("A\xff", false, out, sizeof out, &ch), NORMALISE_BAD_UTF8);
    assert_int_equal(normalise_code("\xed\xa0\x80", false, out, sizeof out, &ch), NORMALISE_BAD_UTF8);
}

static void test_normalise_name(void **state)
{
    char out[64];
    unsigned ch;
    (void)state;
    assert_int_equal(normalise_name(" 某某(集团) ", out, sizeof out, &ch), NORMALISE_OK);
    assert_string_equal(out, "某某（集团）");
    assert_int_equal(ch, NC_SPACE | NC_BRACKET);
    assert_int_equal(normalise_name("某某（集团）", out, sizeof out, &ch), NORMALISE_OK);
    assert_string_equal(out, "某某（集团）");
    assert_int_equal(ch, 0);
    assert_int_equal(normalise_name("ＡＢＣ＆ｄ－１", out, sizeof out, &ch), NORMALISE_OK);
    assert_string_equal(out, "ABC&d-1"); /* letters keep their case in names */
    assert_int_equal(ch, NC_WIDTH);
    assert_int_equal(normalise_name("买买提・艾力•", out, sizeof out, &ch), NORMALISE_OK);
    assert_string_equal(out, "买买提·艾力·");
    assert_int_equal(ch, NC_DOT);
    assert_int_equal(normalise_name("张\u3000三\r\n", out, sizeof out, &ch), NORMALISE_OK);
    assert_string_equal(out, "张三");
    assert_int_equal(ch, NC_SPACE);
    assert_int_equal(normalise_name("\xe4\xb8", out, sizeof out, &ch), NORMALISE_BAD_UTF8);
    assert_int_equal(normalise_name("一二", out, 6, &ch), NORMALISE_TOO_LONG);
    assert_int_equal(normalise_name("一二", out, 7, &ch), NORMALISE_OK);
}

static void test_describe(void **state)
{
    char zh[256], en[256], small_zh[40], small_en[40];
    (void)state;
    normalise_describe(NC_WIDTH | NC_SPACE, zh, en, sizeof zh);
    assert_string_equal(en, "full-width characters made half-width, spaces removed");
    assert_string_equal(zh, "全角字符已转为半角，已去除空格");
    normalise_describe(0, zh, en, sizeof zh);
    assert_string_equal(zh, "");
    assert_string_equal(en, "");
    /* Everything at once does not overflow; what does not fit is left out whole. */
    normalise_describe(0x7f, zh, en, sizeof zh);
    assert_true(strlen(zh) < sizeof zh && strlen(en) < sizeof en);
    assert_non_null(strstr(en, "+86"));
    normalise_describe(0x7f, small_zh, small_en, sizeof small_zh);
    assert_string_equal(small_zh, "全角字符已转为半角");
    assert_string_equal(small_en, "full-width characters made half-width");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_encode),
        cmocka_unit_test(test_count_and_display),
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_normalise_code),
        cmocka_unit_test(test_normalise_name),
        cmocka_unit_test(test_describe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
