/* test_date.c - civil date arithmetic, including leap years and time zones. */
#include "cmocka_all.h"

#include <string.h>

#include "clock.h"
#include "date.h"

static void test_day_numbers(void **state)
{
    (void)state;
    assert_int_equal(date_to_days((ck_date){1970, 1, 1}), 0);
    assert_int_equal(date_to_days((ck_date){2000, 3, 1}), 11017);
    assert_int_equal(date_to_days((ck_date){1969, 12, 31}), -1);
    /* Round trip over four centuries, which covers every leap-year rule. */
    for (int64_t d = -200000; d < 200000; d += 7) {
        ck_date x = date_from_days(d);
        assert_true(date_valid(x.y, x.m, x.d));
        assert_int_equal(date_to_days(x), d);
    }
}

static void test_validity_and_leap(void **state)
{
    (void)state;
    assert_true(date_valid(2028, 2, 29));
    assert_false(date_valid(2027, 2, 29));
    assert_false(date_valid(1900, 2, 29));
    assert_true(date_valid(2000, 2, 29));
    assert_false(date_valid(2026, 4, 31));
    assert_false(date_valid(2026, 13, 1));
    assert_false(date_valid(0, 1, 1));
}

static void test_add_years(void **state)
{
    ck_date d;
    (void)state;
    d = date_add_years((ck_date){2028, 2, 29}, 1);
    assert_true(d.y == 2029 && d.m == 2 && d.d == 28);
    d = date_add_years((ck_date){2028, 2, 29}, 4);
    assert_true(d.y == 2032 && d.m == 2 && d.d == 29);
    d = date_add_years((ck_date){2026, 11, 25}, 2);
    assert_true(d.y == 2028 && d.m == 11 && d.d == 25);
    assert_int_equal(date_diff_days((ck_date){2028, 2, 28}, (ck_date){2028, 3, 1}), 2);
    assert_int_equal(date_diff_days((ck_date){2027, 2, 28}, (ck_date){2027, 3, 1}), 1);
}

static void test_parse_format(void **state)
{
    ck_date d;
    char buf[11];
    (void)state;
    assert_true(date_parse("2026-11-25", &d));
    date_format(d, buf);
    assert_string_equal(buf, "2026-11-25");
    assert_false(date_parse("2026-02-30", &d));
    assert_false(date_parse("2026-1-25", &d));
    assert_false(date_parse("2026/11/25", &d));
    assert_false(date_parse("2026-11-25x", &d));
    assert_false(date_parse("", &d));
}

static void test_time_zone(void **state)
{
    int32_t off;
    int64_t t;
    ck_date d;
    (void)state;
    assert_int_equal(clock_parse_timezone("Asia/Shanghai", &off), CK_OK);
    assert_int_equal(off, 8 * 3600);
    assert_int_equal(clock_parse_timezone("UTC-03:30", &off), CK_OK);
    assert_int_equal(off, -(3 * 3600 + 1800));
    assert_int_equal(clock_parse_timezone("Europe/Berlin", &off), CK_E_ARG);
    /* 2026-11-24T16:00:00Z is already 25 November in Shanghai. */
    assert_int_equal(clock_parse_instant("2026-11-25", 8 * 3600, &t), CK_OK);
    assert_int_equal(t, 1795536000); /* 2026-11-24T16:00:00Z */
    d = date_from_unix(t, 8 * 3600);
    assert_true(d.y == 2026 && d.m == 11 && d.d == 25);
    d = date_from_unix(t, 0);
    assert_true(d.y == 2026 && d.m == 11 && d.d == 24);
    d = date_from_unix(t - 1, 8 * 3600);
    assert_true(d.y == 2026 && d.m == 11 && d.d == 24);
    assert_int_equal(clock_parse_instant("2026-11-25T08:00:00", 8 * 3600, &t), CK_OK);
    assert_int_equal(t, 1795536000 + 8 * 3600);
    assert_int_equal(clock_parse_instant("@1795564800", 0, &t), CK_OK);
    assert_int_equal(t, 1795564800);
    assert_int_equal(clock_parse_instant("2026-11-25T24:00:00", 0, &t), CK_E_ARG);
    assert_int_equal(clock_parse_instant("@12x", 0, &t), CK_E_ARG);
}

static void test_fixed_clock(void **state)
{
    int64_t now = 1795564800; /* 2026-11-25T00:00:00Z */
    ck_clock c = clock_fixed(&now, 8 * 3600);
    ck_date d;
    (void)state;
    assert_int_equal(clock_now(&c), 1795564800);
    d = clock_today(&c);
    assert_true(d.y == 2026 && d.m == 11 && d.d == 25);
    now += 16 * 3600; /* 2026-11-26 00:00 in Shanghai */
    d = clock_today(&c);
    assert_int_equal(d.d, 26);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_day_numbers), cmocka_unit_test(test_validity_and_leap),
        cmocka_unit_test(test_add_years),   cmocka_unit_test(test_parse_format),
        cmocka_unit_test(test_time_zone),   cmocka_unit_test(test_fixed_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
