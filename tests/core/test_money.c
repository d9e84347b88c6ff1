/* test_money.c - fen <-> yuan text, exact and strict. */
#include "cmocka_all.h"

#include <string.h>

#include "mask.h"
#include "money.h"

static void test_format(void **state)
{
    char buf[32];
    (void)state;
    money_format_yuan(0, buf, sizeof buf);
    assert_string_equal(buf, "0.00");
    money_format_yuan(5, buf, sizeof buf);
    assert_string_equal(buf, "0.05");
    money_format_yuan(40000, buf, sizeof buf);
    assert_string_equal(buf, "400.00");
    money_format_yuan(-150, buf, sizeof buf);
    assert_string_equal(buf, "-1.50");
    money_format_yuan(INT64_MIN, buf, sizeof buf);
    assert_string_equal(buf, "-92233720368547758.08");
}

static void test_parse(void **state)
{
    int64_t fen;
    (void)state;
    assert_int_equal(money_parse_yuan("100", &fen), CK_OK);
    assert_int_equal(fen, 10000);
    assert_int_equal(money_parse_yuan("0.5", &fen), CK_OK);
    assert_int_equal(fen, 50);
    assert_int_equal(money_parse_yuan("0.05", &fen), CK_OK);
    assert_int_equal(fen, 5);
    assert_int_equal(money_parse_yuan("9999999.99", &fen), CK_OK);
    assert_int_equal(fen, MONEY_MAX_FEN);
    const char *bad[] = {"", "-1", "+1", "1.", ".5", "1.005", "1e2", " 1", "1 ", "10000000", "1,000", "abc", "0x10"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(money_parse_yuan(bad[i], &fen), CK_E_ARG);
}

static void test_mask(void **state)
{
    char out[32];
    (void)state;
    assert_string_equal(mask_idcard("510104199001011234", out, sizeof out), "5101**********1234");
    assert_string_equal(mask_mobile("13812345678", out, sizeof out), "138****5678");
    assert_string_equal(mask_mobile("1234", out, sizeof out), "****");
    assert_string_equal(mask_idcard("510104199001011234", out, 5), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_mask),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
