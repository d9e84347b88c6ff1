/* test_validity.c - the validity a service gives: terms, early renewal, leap days, kept notAfter. */
#include "cmocka_all.h"

#include "validity.h"

#define CST (8 * 3600)

static int64_t local(int y, int m, int d, int hh, int mi, int ss)
{
    return date_to_unix((ck_date){y, m, d}, CST) + hh * 3600 + mi * 60 + ss;
}

static void test_new(void **state)
{
    ck_validity v;
    int64_t now = local(2026, 11, 25, 10, 30, 0);
    (void)state;
    assert_int_equal(validity_for_service(SVC_NEW, 1, NULL, now, CST, &v), CK_OK);
    assert_int_equal(v.not_before, now);
    assert_int_equal(v.not_after, local(2027, 11, 25, 23, 59, 59));
    assert_int_equal(validity_for_service(SVC_NEW, 2, NULL, now, CST, &v), CK_OK);
    assert_int_equal(v.not_after, local(2028, 11, 25, 23, 59, 59));
    assert_int_equal(validity_for_service(SVC_NEW, 3, NULL, now, CST, &v), CK_E_RANGE);
    /* Issued on a leap day: the anniversary is 28 February. */
    assert_int_equal(validity_for_service(SVC_NEW, 1, NULL, local(2028, 2, 29, 9, 0, 0), CST, &v), CK_OK);
    assert_int_equal(v.not_after, local(2029, 2, 28, 23, 59, 59));
}

static void test_renew(void **state)
{
    ck_cert_state old = {.present = true, .not_after = local(2027, 1, 10, 23, 59, 59)};
    ck_validity v;
    (void)state;
    /* Early: continues from the old end, so no day is lost. */
    assert_int_equal(validity_for_service(SVC_RENEW, 1, &old, local(2026, 12, 1, 9, 0, 0), CST, &v), CK_OK);
    assert_int_equal(v.not_after, local(2028, 1, 10, 23, 59, 59));
    assert_int_equal(validity_for_service(SVC_RENEW, 2, &old, local(2026, 12, 1, 9, 0, 0), CST, &v), CK_OK);
    assert_int_equal(v.not_after, local(2029, 1, 10, 23, 59, 59));
    /* After expiry: from today. */
    assert_int_equal(validity_for_service(SVC_RENEW, 1, &old, local(2027, 5, 20, 9, 0, 0), CST, &v), CK_OK);
    assert_int_equal(v.not_after, local(2028, 5, 20, 23, 59, 59));
    /* Ending on a leap day. */
    old.not_after = local(2028, 2, 29, 23, 59, 59);
    assert_int_equal(validity_for_service(SVC_RENEW, 1, &old, local(2028, 1, 15, 9, 0, 0), CST, &v), CK_OK);
    assert_int_equal(v.not_after, local(2029, 2, 28, 23, 59, 59));
    assert_int_equal(validity_for_service(SVC_RENEW, 1, NULL, 0, CST, &v), CK_E_NOT_ELIGIBLE);
}

static void test_kept_not_after(void **state)
{
    ck_cert_state old = {.present = true, .not_after = local(2027, 6, 30, 23, 59, 59)};
    const ck_service keep[] = {SVC_CHANGE, SVC_REPLACE, SVC_SEAL_UPGRADE, SVC_SEAL_RENEW};
    ck_validity v;
    (void)state;
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        assert_int_equal(validity_for_service(keep[i], 1, &old, local(2026, 11, 25, 9, 0, 0), CST, &v), CK_OK);
        assert_int_equal(v.not_after, old.not_after);
        assert_int_equal(v.not_before, local(2026, 11, 25, 9, 0, 0));
    }
    assert_int_equal(validity_for_service(SVC_REVOKE, 1, &old, 0, CST, &v), CK_E_ARG);
    assert_int_equal(validity_for_service(SVC_PIN_CHANGE, 1, &old, 0, CST, &v), CK_E_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new),
        cmocka_unit_test(test_renew),
        cmocka_unit_test(test_kept_not_after),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
