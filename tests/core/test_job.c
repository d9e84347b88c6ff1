/* test_job.c - the job state machine: each service's path, the side exits, and every illegal step. */
#include "cmocka_all.h"

#include <string.h>

#include "job.h"

static void expect_path(ck_service s, const ck_job_state *want, int n)
{
    ck_job_state got[JOB_MAX_PATH];
    assert_int_equal(job_path(s, got), n);
    for (int i = 0; i < n; i++)
        assert_int_equal(got[i], want[i]);
}

static void test_paths(void **state)
{
    const ck_job_state full[] = {JOB_DRAFT,     JOB_AWAITING_PAYMENT, JOB_PAID,   JOB_KEY_PREPARED, JOB_QUEUED,
                                 JOB_SUBMITTED, JOB_APPROVED,         JOB_ISSUED, JOB_WRITTEN,      JOB_DONE};
    const ck_job_state change[] = {JOB_DRAFT,    JOB_KEY_PREPARED, JOB_QUEUED,  JOB_SUBMITTED,
                                   JOB_APPROVED, JOB_ISSUED,       JOB_WRITTEN, JOB_DONE};
    const ck_job_state revoke[] = {JOB_DRAFT, JOB_QUEUED, JOB_SUBMITTED, JOB_APPROVED, JOB_DONE};
    const ck_job_state upgrade[] = {JOB_DRAFT,  JOB_QUEUED,  JOB_SUBMITTED, JOB_APPROVED,
                                    JOB_ISSUED, JOB_WRITTEN, JOB_DONE};
    const ck_job_state seal_renew[] = {JOB_DRAFT,    JOB_AWAITING_PAYMENT, JOB_PAID,    JOB_QUEUED, JOB_SUBMITTED,
                                       JOB_APPROVED, JOB_ISSUED,           JOB_WRITTEN, JOB_DONE};
    const ck_job_state local[] = {JOB_DRAFT, JOB_DONE};
    (void)state;
    expect_path(SVC_NEW, full, 10);
    expect_path(SVC_RENEW, full, 10);
    expect_path(SVC_REPLACE, full, 10);
    expect_path(SVC_CHANGE, change, 8); /* free: no payment */
    expect_path(SVC_REVOKE, revoke, 5); /* nothing to write */
    expect_path(SVC_SEAL_UPGRADE, upgrade, 7);
    expect_path(SVC_SEAL_RENEW, seal_renew, 9);
    expect_path(SVC_PIN_CHANGE, local, 2);
    expect_path(SVC_UNLOCK, local, 2);
}

static void test_walk_every_path(void **state)
{
    (void)state;
    for (int s = 0; s < SVC__COUNT; s++) {
        ck_job_state path[JOB_MAX_PATH];
        int n = job_path((ck_service)s, path);
        for (int i = 0; i + 1 < n; i++) {
            assert_int_equal(job_transition_check((ck_service)s, path[i], path[i + 1], NULL), CK_OK);
            assert_int_equal(job_next((ck_service)s, path[i]), path[i + 1]);
        }
        assert_int_equal(job_next((ck_service)s, JOB_DONE), JOB__COUNT);
    }
}

/* Counts the legal (from, to) pairs of a service over all 13 x 13. */
static int count_legal(ck_service s)
{
    int n = 0;
    for (int f = 0; f < JOB__COUNT; f++)
        for (int t = 0; t < JOB__COUNT; t++)
            n += job_transition_check(s, (ck_job_state)f, (ck_job_state)t, NULL) == CK_OK;
    return n;
}

static void test_exact_number_of_legal_steps(void **state)
{
    (void)state;
    /* new: 9 path steps + reject + cancel from 5 states before submission + expire from 2 */
    assert_int_equal(count_legal(SVC_NEW), 17);
    /* change: 7 path steps + reject + cancel from draft, key_prepared, queued + expire from draft */
    assert_int_equal(count_legal(SVC_CHANGE), 12);
    /* revoke: 4 + reject + cancel from draft, queued + expire from draft */
    assert_int_equal(count_legal(SVC_REVOKE), 8);
    /* pin change: draft → done, cancel, expire */
    assert_int_equal(count_legal(SVC_PIN_CHANGE), 3);
}

static void test_illegal_steps(void **state)
{
    ck_diag d = {"", ""};
    (void)state;
    assert_int_equal(job_transition_check(SVC_NEW, JOB_DRAFT, JOB_DRAFT, &d), CK_E_ILLEGAL_TRANSITION);
    assert_int_equal(job_transition_check(SVC_NEW, JOB_DRAFT, JOB_PAID, &d), CK_E_ILLEGAL_TRANSITION);
    assert_string_equal(d.en, "a new job cannot go from draft to paid");
    assert_non_null(strstr(d.zh, "“填写中”变为“已支付”"));
    assert_int_equal(job_transition_check(SVC_NEW, JOB_PAID, JOB_AWAITING_PAYMENT, NULL), CK_E_ILLEGAL_TRANSITION);
    assert_int_equal(job_transition_check(SVC_CHANGE, JOB_DRAFT, JOB_AWAITING_PAYMENT, NULL), CK_E_ILLEGAL_TRANSITION);
    assert_int_equal(job_transition_check(SVC_REVOKE, JOB_APPROVED, JOB_WRITTEN, NULL), CK_E_ILLEGAL_TRANSITION);
    assert_int_equal(job_transition_check(SVC_NEW, JOB_APPROVED, JOB_REJECTED, NULL), CK_E_ILLEGAL_TRANSITION);
    assert_int_equal(job_transition_check(SVC_NEW, JOB_SUBMITTED, JOB_CANCELLED, NULL), CK_E_ILLEGAL_TRANSITION);
    assert_int_equal(job_transition_check(SVC_NEW, JOB_PAID, JOB_EXPIRED, NULL), CK_E_ILLEGAL_TRANSITION);
    assert_int_equal(job_transition_check(SVC_NEW, JOB_QUEUED, JOB_CANCELLED, NULL), CK_OK);
    assert_int_equal(job_transition_check(SVC_NEW, JOB_SUBMITTED, JOB_REJECTED, NULL), CK_OK);
    assert_int_equal(job_transition_check(SVC_NEW, JOB_AWAITING_PAYMENT, JOB_EXPIRED, NULL), CK_OK);
    for (int t = 0; t < JOB__COUNT; t++) {
        assert_int_equal(job_transition_check(SVC_NEW, JOB_DONE, (ck_job_state)t, NULL), CK_E_ILLEGAL_TRANSITION);
        assert_int_equal(job_transition_check(SVC_NEW, JOB_CANCELLED, (ck_job_state)t, NULL), CK_E_ILLEGAL_TRANSITION);
        assert_int_equal(job_transition_check(SVC_NEW, JOB_REJECTED, (ck_job_state)t, NULL), CK_E_ILLEGAL_TRANSITION);
    }
    assert_int_equal(job_transition_check(SVC__COUNT, JOB_DRAFT, JOB_DONE, NULL), CK_E_ARG);
    assert_int_equal(job_transition_check(SVC_NEW, JOB__COUNT, JOB_DONE, NULL), CK_E_ARG);
}

static void test_codes(void **state)
{
    ck_job_state s;
    (void)state;
    for (int i = 0; i < JOB__COUNT; i++) {
        assert_int_equal(job_state_parse(job_state_code((ck_job_state)i), &s), CK_OK);
        assert_int_equal(s, i);
        assert_true(strlen(job_state_zh((ck_job_state)i)) > 0);
    }
    assert_int_equal(job_state_parse("limbo", &s), CK_E_ARG);
    assert_true(job_enters_queue(JOB_QUEUED));
    assert_false(job_enters_queue(JOB_SUBMITTED));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_walk_every_path),
        cmocka_unit_test(test_exact_number_of_legal_steps),
        cmocka_unit_test(test_illegal_steps),
        cmocka_unit_test(test_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
