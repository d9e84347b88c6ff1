/* test_pin_policy.c - the rules for a new PIN. */
#include "cmocka_all.h"

#include <string.h>

#include "pin_policy.h"

static void test_rules(void **state)
{
    static const char *const good[] = {"20261125", "a1b2c3", "Zx9!Zx9!", "135790", "1234567", "87654321"};
    static const struct {
        const char *pin, *why;
    } bad[] = {
        {"12345678", "initial"}, {"12345", "6 to 8"},      {"123456789", "6 to 8"},   {"", "6 to 8"},
        {"111111", "repeated"},  {"aaaaaaaa", "repeated"}, {"1234 567", "no spaces"}, {"12345\t6", "no spaces"},
        {"口令", "no spaces"},
    };
    ck_diag d = {"", ""};
    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_int_equal(pin_check_new(good[i], &d), CK_OK);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(pin_check_new(bad[i].pin, &d), CK_E_INVALID_INPUT);
        if (strstr(d.en, bad[i].why) == NULL)
            fail_msg("'%s': \"%s\" does not say %s", bad[i].pin, d.en, bad[i].why);
    }
    assert_int_equal(pin_check_new(NULL, &d), CK_E_INVALID_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_rules)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
