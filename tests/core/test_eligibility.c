/*
 * test_eligibility.c - the date rules at their boundaries: exactly 60 days,
 * 61 days, expired earlier today, expiring later today, leap days, and the
 * time zone deciding which day it is.
 */
#include "cmocka_all.h"

#include <string.h>

#include "eligibility.h"

#define CST (8 * 3600)

static int64_t local(int y, int m, int d, int hh, int mi, int ss)
{
    return date_to_unix((ck_date){y, m, d}, CST) + hh * 3600 + mi * 60 + ss;
}

static ck_cert_state cert_ending(int y, int m, int d)
{
    return (ck_cert_state){.present = true, .not_after = local(y, m, d, 23, 59, 59)};
}

static ck_elig_reason check(ck_service s, const ck_cert_state *c, int64_t now, ck_eligibility *e)
{
    ck_err rc = eligibility_check(s, HOLDER_UNIT, c, now, CST, e);
    assert_int_equal(rc == CK_OK, e->reason == ELIG_OK);
    assert_true(e->msg.zh[0] != '\0' && e->msg.en[0] != '\0');
    return e->reason;
}

static void test_renew_window(void **state)
{
    ck_cert_state c = cert_ending(2027, 3, 1);
    ck_eligibility e;
    char buf[11];
    (void)state;
    /* 2026-12-31 is exactly 60 days before 2027-03-01. */
    assert_int_equal(check(SVC_RENEW, &c, local(2026, 12, 31, 0, 0, 0), &e), ELIG_OK);
    assert_int_equal(e.days_left, 60);
    assert_int_equal(check(SVC_RENEW, &c, local(2026, 12, 30, 23, 59, 59), &e), ELIG_TOO_EARLY);
    assert_int_equal(e.days_left, 61);
    date_format(e.first_possible, buf);
    assert_string_equal(buf, "2026-12-31");
    assert_non_null(strstr(e.msg.zh, "2026-12-31"));
    assert_non_null(strstr(e.msg.en, "2026-12-31"));
    assert_int_equal(check(SVC_RENEW, &c, local(2026, 11, 25, 10, 0, 0), &e), ELIG_TOO_EARLY);
    /* The last day and after expiry: still renewable. */
    assert_int_equal(check(SVC_RENEW, &c, local(2027, 3, 1, 23, 59, 58), &e), ELIG_OK);
    assert_false(e.expired);
    assert_int_equal(check(SVC_RENEW, &c, local(2027, 3, 2, 0, 0, 0), &e), ELIG_OK);
    assert_true(e.expired);
    assert_int_equal(e.days_left, -1);
    assert_int_equal(check(SVC_RENEW, &c, local(2030, 1, 1, 0, 0, 0), &e), ELIG_OK);
}

static void test_renew_leap_day(void **state)
{
    ck_cert_state c = cert_ending(2028, 2, 29);
    ck_eligibility e;
    char buf[11];
    (void)state;
    assert_int_equal(check(SVC_RENEW, &c, local(2027, 12, 30, 12, 0, 0), &e), ELIG_TOO_EARLY);
    date_format(e.first_possible, buf);
    assert_string_equal(buf, "2027-12-31"); /* 31 days of January + 29 of February */
    assert_int_equal(check(SVC_RENEW, &c, local(2027, 12, 31, 0, 0, 0), &e), ELIG_OK);
}

static void test_time_zone_decides_the_day(void **state)
{
    /* notAfter 2027-03-01 23:59:59 in Shanghai = 15:59:59 UTC. At 2026-12-30T16:00Z it is
     * already 31 December in Shanghai (60 days: allowed) but still the 30th in UTC. */
    ck_cert_state c = {.present = true, .not_after = 1803916799};
    ck_eligibility e;
    (void)state;
    assert_int_equal(c.not_after, local(2027, 3, 1, 23, 59, 59));
    assert_int_equal(eligibility_check(SVC_RENEW, HOLDER_UNIT, &c, local(2026, 12, 31, 0, 0, 0), CST, &e), CK_OK);
    assert_int_equal(eligibility_check(SVC_RENEW, HOLDER_UNIT, &c, local(2026, 12, 31, 0, 0, 0), 0, &e),
                     CK_E_NOT_ELIGIBLE);
}

static void test_seal_upgrade_needs_60_days(void **state)
{
    ck_cert_state c = cert_ending(2027, 3, 1);
    ck_eligibility e;
    (void)state;
    assert_int_equal(check(SVC_SEAL_UPGRADE, &c, local(2026, 12, 31, 9, 0, 0), &e), ELIG_OK); /* 60 left */
    assert_int_equal(check(SVC_SEAL_UPGRADE, &c, local(2027, 1, 1, 9, 0, 0), &e), ELIG_TOO_LITTLE_LEFT);
    assert_int_equal(e.days_left, 59);
    assert_non_null(strstr(e.msg.zh, "请更新证书后再升级签章"));
    assert_int_equal(check(SVC_SEAL_UPGRADE, &c, local(2027, 3, 2, 9, 0, 0), &e), ELIG_EXPIRED);
}

static void test_expired_today(void **state)
{
    /* A certificate that ends at noon today: expired in the afternoon, valid in the morning. */
    ck_cert_state c = {.present = true, .not_after = local(2026, 11, 25, 12, 0, 0)};
    ck_eligibility e;
    (void)state;
    assert_int_equal(check(SVC_CHANGE, &c, local(2026, 11, 25, 11, 59, 59), &e), ELIG_OK);
    assert_int_equal(e.days_left, 0);
    assert_false(e.expired);
    assert_int_equal(check(SVC_CHANGE, &c, local(2026, 11, 25, 12, 0, 0), &e), ELIG_EXPIRED);
    assert_true(e.expired);
    assert_int_equal(e.days_left, 0);
    assert_int_equal(check(SVC_REPLACE, &c, local(2026, 11, 25, 13, 0, 0), &e), ELIG_EXPIRED);
    assert_int_equal(check(SVC_REVOKE, &c, local(2026, 11, 25, 13, 0, 0), &e), ELIG_EXPIRED);
    assert_int_equal(check(SVC_RENEW, &c, local(2026, 11, 25, 13, 0, 0), &e), ELIG_OK);
    assert_int_equal(check(SVC_SEAL_UPGRADE, &c, local(2026, 11, 25, 11, 0, 0), &e), ELIG_TOO_LITTLE_LEFT);
}

static void test_needs_certificate(void **state)
{
    ck_eligibility e;
    ck_cert_state none = {0};
    (void)state;
    for (int s = 0; s < SVC__COUNT; s++) {
        ck_err rc = eligibility_check((ck_service)s, HOLDER_EXPERT, &none, local(2026, 11, 25, 9, 0, 0), CST, &e);
        if (services_has((ck_service)s, SVC_F_NEEDS_CERT)) {
            assert_int_equal(rc, CK_E_NOT_ELIGIBLE);
            assert_int_equal(e.reason, ELIG_NO_CERT);
        } else {
            assert_int_equal(rc, CK_OK);
        }
        /* NULL means the same as "no certificate". */
        assert_int_equal(eligibility_check((ck_service)s, HOLDER_EXPERT, NULL, 0, CST, &e), rc);
    }
}

static void test_revoked(void **state)
{
    ck_cert_state c = cert_ending(2027, 3, 1);
    ck_eligibility e;
    int64_t now = local(2027, 2, 1, 9, 0, 0);
    (void)state;
    c.revoked = true;
    assert_int_equal(check(SVC_RENEW, &c, now, &e), ELIG_REVOKED);
    assert_int_equal(check(SVC_REVOKE, &c, now, &e), ELIG_REVOKED);
    assert_int_equal(check(SVC_CHANGE, &c, now, &e), ELIG_REVOKED);
    assert_int_equal(check(SVC_SEAL_RENEW, &c, now, &e), ELIG_REVOKED);
    c.revoked = false;
    assert_int_equal(check(SVC_REVOKE, &c, now, &e), ELIG_OK);
}

static void test_seal_renew(void **state)
{
    ck_cert_state c = cert_ending(2027, 3, 1);
    ck_eligibility e;
    int64_t now = local(2026, 11, 25, 9, 0, 0);
    (void)state;
    assert_int_equal(check(SVC_SEAL_RENEW, &c, now, &e), ELIG_NO_SEAL);
    assert_non_null(strstr(e.msg.zh, "印章升级"));
    c.seal_present = true;
    c.seal_not_after = c.not_after;
    assert_int_equal(check(SVC_SEAL_RENEW, &c, now, &e), ELIG_SEAL_CURRENT);
    c.seal_not_after = local(2026, 3, 1, 23, 59, 59); /* expired seal */
    assert_int_equal(check(SVC_SEAL_RENEW, &c, now, &e), ELIG_OK);
}

static void test_free_key_services_always_open(void **state)
{
    ck_cert_state c = cert_ending(2020, 1, 1); /* long expired */
    ck_eligibility e;
    (void)state;
    assert_int_equal(check(SVC_PIN_CHANGE, &c, local(2026, 11, 25, 9, 0, 0), &e), ELIG_OK);
    assert_int_equal(check(SVC_UNLOCK, &c, local(2026, 11, 25, 9, 0, 0), &e), ELIG_OK);
    assert_int_equal(check(SVC_NEW, &c, local(2026, 11, 25, 9, 0, 0), &e), ELIG_OK);
    assert_int_equal(eligibility_check(SVC__COUNT, HOLDER_UNIT, &c, 0, CST, &e), CK_E_ARG);
    assert_int_equal(eligibility_check(SVC_NEW, HOLDER__COUNT, &c, 0, CST, &e), CK_E_ARG);
    assert_string_equal(eligibility_reason_code(ELIG_TOO_EARLY), "too_early");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_renew_window),
        cmocka_unit_test(test_renew_leap_day),
        cmocka_unit_test(test_time_zone_decides_the_day),
        cmocka_unit_test(test_seal_upgrade_needs_60_days),
        cmocka_unit_test(test_expired_today),
        cmocka_unit_test(test_needs_certificate),
        cmocka_unit_test(test_revoked),
        cmocka_unit_test(test_seal_renew),
        cmocka_unit_test(test_free_key_services_always_open),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
