/*
 * test_faq.c - every FAQ entry has a question and an answer in both
 * languages, codes are unique, the only placeholders are the two hotlines,
 * and faq_format fills them in and cuts long text at a character boundary.
 */
#include "cmocka_all.h"

#include <stdio.h>
#include <string.h>

#include "faq.h"
#include "utf8.h"

/* true when s contains at least one CJK ideograph. */
static int has_hanzi(const char *s)
{
    size_t len = strlen(s), pos = 0;
    while (pos < len) {
        uint32_t cp;
        size_t n = utf8_decode(s + pos, len - pos, &cp);
        if (n == 0)
            return 0;
        if (cp >= 0x4E00 && cp <= 0x9FFF)
            return 1;
        pos += n;
    }
    return 0;
}

/* Latin letters make up most of the letters of an English text (a quoted Chinese UI name is fine). */
static int mostly_latin(const char *s)
{
    size_t len = strlen(s), pos = 0, latin = 0, other = 0;
    while (pos < len) {
        uint32_t cp;
        size_t n = utf8_decode(s + pos, len - pos, &cp);
        if (n == 0)
            return 0;
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
            latin++;
        else if (cp >= 0x2E80)
            other++;
        pos += n;
    }
    return latin > 10 * other && latin > 0;
}

static void check_placeholders(const char *s)
{
    for (const char *p = strchr(s, '{'); p != NULL; p = strchr(p + 1, '{'))
        assert_true(strncmp(p, "{ca_hotline}", 12) == 0 || strncmp(p, "{platform_hotline}", 18) == 0);
}

static void test_every_entry_in_both_languages(void **state)
{
    (void)state;
    assert_true(faq_count() >= 10);
    for (size_t i = 0; i < faq_count(); i++) {
        const ck_faq *f = faq_get(i);
        assert_non_null(f);
        assert_true(f->code[0] != '\0');
        assert_true(utf8_count(f->q_zh) > 3 && utf8_count(f->a_zh) > 10);
        assert_true(has_hanzi(f->q_zh) && has_hanzi(f->a_zh));
        assert_true(mostly_latin(f->q_en) && mostly_latin(f->a_en));
        check_placeholders(f->a_zh);
        check_placeholders(f->a_en);
        assert_ptr_equal(faq_find(f->code), f);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(faq_get(j)->code, f->code);
    }
    assert_null(faq_get(faq_count()));
    assert_null(faq_find("no-such-question"));
    assert_null(faq_find(NULL));
}

static void test_hotlines_filled_in(void **state)
{
    char out[512];
    const ck_faq *f = faq_find("name-mismatch");
    (void)state;
    assert_non_null(f);
    faq_format(f->a_zh, "400-028-1130", "400-160-0900", out, sizeof out);
    assert_non_null(strstr(out, "400-028-1130"));
    assert_non_null(strstr(out, "400-160-0900"));
    assert_null(strchr(out, '{'));
    assert_int_equal(faq_format("a {other} b", "1", "2", out, sizeof out), strlen("a {other} b"));
    assert_string_equal(out, "a {other} b");
}

static void test_cut_at_a_character(void **state)
{
    char out[8];
    size_t need;
    (void)state;
    need = faq_format("电话{ca_hotline}", "400", "", out, sizeof out);
    assert_int_equal(need, strlen("电话400"));
    assert_string_equal(out, "电话4"); /* 6 bytes of 电话, then room for one more byte */
    need = faq_format("中文字", "", "", out, 6);
    assert_int_equal(need, 9);
    assert_string_equal(out, "中"); /* 中文 would need 6 bytes + NUL */
    assert_true(utf8_count(out) >= 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_entry_in_both_languages),
        cmocka_unit_test(test_hotlines_filled_in),
        cmocka_unit_test(test_cut_at_a_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
