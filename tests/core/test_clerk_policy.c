/* test_clerk_policy.c - clerk ids, clerk PINs and the lock after wrong PINs. */
#include "cmocka_all.h"

#include <string.h>

#include "clerk_policy.h"

static void test_ids(void **state)
{
    static const char *const good[] = {"c001", "WANG_fang", "window-3", "A", "abcdefghijklmnopqrstuvwxyz012345"};
    static const char *const bad[] = {"", "王芳", "c 001", "c001;", "abcdefghijklmnopqrstuvwxyz0123456", "a/b"};
    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_int_equal(clerk_id_check(good[i], NULL), CK_OK);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (clerk_id_check(bad[i], NULL) != CK_E_INVALID_INPUT)
            fail_msg("'%s' was accepted as a clerk id", bad[i]);
    assert_int_equal(clerk_id_check(NULL, NULL), CK_E_INVALID_INPUT);
}

static void test_pins(void **state)
{
    static const char *const good[] = {"135790", "20261206", "864213579000", "112233"};
    static const struct {
        const char *pin, *why;
    } bad[] = {
        {"12345", "6 to 12"},   {"1234567890123", "6 to 12"}, {"13579a", "digits only"}, {"135 790", "digits only"},
        {"000000", "repeated"}, {"123456", "run"},            {"987654", "run"},         {"3456789", "run"},
    };
    ck_diag d = {"", ""};
    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (clerk_pin_check(good[i], &d) != CK_OK)
            fail_msg("'%s' refused: %s", good[i], d.en);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(clerk_pin_check(bad[i].pin, &d), CK_E_INVALID_INPUT);
        if (strstr(d.en, bad[i].why) == NULL)
            fail_msg("'%s': \"%s\" does not say %s", bad[i].pin, d.en, bad[i].why);
    }
}

static void test_lock(void **state)
{
    clerk_lock l = {0, 0};
    int64_t now = 1000, left;
    (void)state;
    for (int i = 1; i < 5; i++) {
        l = clerk_after_failure(l, 5, 300, now);
        assert_int_equal(l.failures, i);
        assert_false(clerk_is_locked(&l, now, &left));
        assert_int_equal(left, 0);
    }
    l = clerk_after_failure(l, 5, 300, now); /* the fifth */
    assert_int_equal(l.failures, 0);
    assert_true(clerk_is_locked(&l, now, &left));
    assert_int_equal(left, 300);
    assert_true(clerk_is_locked(&l, now + 299, NULL));
    assert_false(clerk_is_locked(&l, now + 300, NULL)); /* exactly lock_s later it opens */
    l = clerk_after_failure((clerk_lock){0, 0}, 1, 60, now);
    assert_true(clerk_is_locked(&l, now + 59, NULL));
}

static void test_roles(void **state)
{
    ck_clerk_role r;
    (void)state;
    assert_int_equal(clerk_role_parse("admin", &r), CK_OK);
    assert_int_equal(r, CLERK_ROLE_ADMIN);
    assert_string_equal(clerk_role_code(CLERK_ROLE_CLERK), "clerk");
    assert_int_equal(clerk_role_parse("root", &r), CK_E_INVALID_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ids),
        cmocka_unit_test(test_pins),
        cmocka_unit_test(test_lock),
        cmocka_unit_test(test_roles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
