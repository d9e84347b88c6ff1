/* test_job_search.c - what a clerk's search box finds (job_search.h). */
#include "cmocka_all.h"

#include "job_search.h"

static const char *const UUID = "7b8511e0-2f60-4a49-9ff8-02dc29f7e431";
static const char *const ORG = "四川测试科技有限公司";
static const char *const USCC = "91510100MA61R7XK3Y";

static void test_job_number(void **state)
{
    (void)state;
    assert_true(job_search_match("7b8511e0", UUID, ORG, USCC));  /* as the screens and receipts show it */
    assert_true(job_search_match("7B8511E0", UUID, ORG, USCC));  /* case ignored */
    assert_true(job_search_match("7b85 11e0-2f60", UUID, ORG, USCC)); /* spaces and dashes ignored */
    assert_true(job_search_match(UUID, UUID, ORG, USCC));
    assert_false(job_search_match("7b85", "00000000-2f60-4a49-9ff8-02dc29f7e431", ORG, USCC));
    assert_false(job_search_match("7b8", UUID, "", "")); /* too short to be a number */
    assert_false(job_search_match("2f60", UUID, ORG, USCC)); /* the middle of a UUID is not a job number */
}

static void test_credit_code(void **state)
{
    (void)state;
    assert_true(job_search_match("91510100", UUID, ORG, USCC));
    assert_true(job_search_match("91510100ma61r7xk3y", UUID, ORG, USCC));
    assert_false(job_search_match("91510100", UUID, ORG, ""));
}

static void test_organisation_name(void **state)
{
    (void)state;
    assert_true(job_search_match("测试科技", UUID, ORG, USCC));
    assert_true(job_search_match("  四川", UUID, ORG, USCC)); /* leading spaces */
    assert_false(job_search_match("成都", UUID, ORG, USCC));
    assert_false(job_search_match("测试", UUID, "", USCC)); /* an expert's job has no organisation */
}

static void test_empty_matches_all(void **state)
{
    (void)state;
    assert_true(job_search_match("", UUID, ORG, USCC));
    assert_true(job_search_match("   ", UUID, "", ""));
    assert_true(job_search_match(NULL, UUID, "", ""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_job_number),
        cmocka_unit_test(test_credit_code),
        cmocka_unit_test(test_organisation_name),
        cmocka_unit_test(test_empty_matches_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
