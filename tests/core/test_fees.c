/*
 * test_fees.c - every service x holder x term against the seed's fee table,
 * written out by hand from the guide (not computed by the code under test).
 */
#include "cmocka_all.h"

#include <string.h>

#include "fees.h"

/* The seed's table: unit 100/200/100, expert 50/50/50, replacement 50 (yuan). */
static const ck_fee_schedule seed = {
    .holder = {[HOLDER_UNIT] = {10000, 20000, 10000}, [HOLDER_EXPERT] = {5000, 5000, 5000}},
    .replacement_fen = 5000,
    .max_seals = 5,
};

struct expect {
    ck_service s;
    ck_holder_kind k;
    int years;
    int64_t total_fen;
    int n_lines;
};

/* One seal each. */
static const struct expect table[] = {
    {SVC_NEW, HOLDER_UNIT, 1, 40000, 3},   /* 100 + 200 + 100 */
    {SVC_NEW, HOLDER_UNIT, 2, 60000, 3},   /* account waived + 400 + 200 */
    {SVC_NEW, HOLDER_EXPERT, 1, 15000, 3}, /* 50 + 50 + 50 */
    {SVC_NEW, HOLDER_EXPERT, 2, 20000, 3}, /* waived + 100 + 100 */
    {SVC_RENEW, HOLDER_UNIT, 1, 30000, 2}, /* 200 + 100 */
    {SVC_RENEW, HOLDER_UNIT, 2, 60000, 2},        {SVC_RENEW, HOLDER_EXPERT, 1, 10000, 2},
    {SVC_RENEW, HOLDER_EXPERT, 2, 20000, 2},      {SVC_REPLACE, HOLDER_UNIT, 1, 5000, 1},
    {SVC_REPLACE, HOLDER_UNIT, 2, 5000, 1},       {SVC_REPLACE, HOLDER_EXPERT, 1, 5000, 1},
    {SVC_REPLACE, HOLDER_EXPERT, 2, 5000, 1},     {SVC_SEAL_RENEW, HOLDER_UNIT, 1, 10000, 1},
    {SVC_SEAL_RENEW, HOLDER_UNIT, 2, 20000, 1},   {SVC_SEAL_RENEW, HOLDER_EXPERT, 1, 5000, 1},
    {SVC_SEAL_RENEW, HOLDER_EXPERT, 2, 10000, 1}, {SVC_CHANGE, HOLDER_UNIT, 1, 0, 0},
    {SVC_CHANGE, HOLDER_UNIT, 2, 0, 0},           {SVC_CHANGE, HOLDER_EXPERT, 1, 0, 0},
    {SVC_CHANGE, HOLDER_EXPERT, 2, 0, 0},         {SVC_REVOKE, HOLDER_UNIT, 1, 0, 0},
    {SVC_REVOKE, HOLDER_UNIT, 2, 0, 0},           {SVC_REVOKE, HOLDER_EXPERT, 1, 0, 0},
    {SVC_REVOKE, HOLDER_EXPERT, 2, 0, 0},         {SVC_SEAL_UPGRADE, HOLDER_UNIT, 1, 0, 0},
    {SVC_SEAL_UPGRADE, HOLDER_UNIT, 2, 0, 0},     {SVC_SEAL_UPGRADE, HOLDER_EXPERT, 1, 0, 0},
    {SVC_SEAL_UPGRADE, HOLDER_EXPERT, 2, 0, 0},   {SVC_PIN_CHANGE, HOLDER_UNIT, 1, 0, 0},
    {SVC_PIN_CHANGE, HOLDER_UNIT, 2, 0, 0},       {SVC_PIN_CHANGE, HOLDER_EXPERT, 1, 0, 0},
    {SVC_PIN_CHANGE, HOLDER_EXPERT, 2, 0, 0},     {SVC_UNLOCK, HOLDER_UNIT, 1, 0, 0},
    {SVC_UNLOCK, HOLDER_UNIT, 2, 0, 0},           {SVC_UNLOCK, HOLDER_EXPERT, 1, 0, 0},
    {SVC_UNLOCK, HOLDER_EXPERT, 2, 0, 0},
};

static void test_every_service_holder_term(void **state)
{
    (void)state;
    assert_int_equal(sizeof table / sizeof table[0], SVC__COUNT * HOLDER__COUNT * 2);
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        ck_quote q;
        int64_t sum = 0;
        assert_int_equal(fees_quote(&seed, table[i].s, table[i].k, table[i].years, 1, &q, NULL), CK_OK);
        assert_int_equal(q.total_fen, table[i].total_fen);
        assert_int_equal(q.n_lines, table[i].n_lines);
        for (int l = 0; l < q.n_lines; l++) {
            assert_int_equal(q.lines[l].amount_fen, q.lines[l].waived ? 0 : q.lines[l].unit_fen * q.lines[l].quantity);
            sum += q.lines[l].amount_fen;
        }
        assert_int_equal(sum, q.total_fen);
    }
}

static void test_account_fee_waiver_is_shown(void **state)
{
    ck_quote q;
    (void)state;
    assert_int_equal(fees_quote(&seed, SVC_NEW, HOLDER_UNIT, 2, 1, &q, NULL), CK_OK);
    assert_int_equal(q.lines[0].item, FEE_ACCOUNT);
    assert_true(q.lines[0].waived);
    assert_int_equal(q.lines[0].unit_fen, 10000);
    assert_int_equal(q.lines[0].amount_fen, 0);
    assert_int_equal(fees_quote(&seed, SVC_NEW, HOLDER_UNIT, 1, 1, &q, NULL), CK_OK);
    assert_false(q.lines[0].waived);
    assert_int_equal(q.lines[0].amount_fen, 10000);
}

static void test_seals_multiply_by_years(void **state)
{
    ck_quote q;
    (void)state;
    /* 2 years, 3 seals: 0 + 2 x 200 + 2 x 3 x 100 = 1000 yuan. */
    assert_int_equal(fees_quote(&seed, SVC_NEW, HOLDER_UNIT, 2, 3, &q, NULL), CK_OK);
    assert_int_equal(q.total_fen, 100000);
    assert_int_equal(q.lines[2].item, FEE_SEAL);
    assert_int_equal(q.lines[2].quantity, 6);
    /* renewal, expert, 1 year, 2 seals: 50 + 2 x 50 = 150 yuan. */
    assert_int_equal(fees_quote(&seed, SVC_RENEW, HOLDER_EXPERT, 1, 2, &q, NULL), CK_OK);
    assert_int_equal(q.total_fen, 15000);
}

static void test_ranges(void **state)
{
    ck_quote q;
    ck_diag d = {"", ""};
    (void)state;
    assert_int_equal(fees_quote(&seed, SVC_NEW, HOLDER_UNIT, 3, 1, &q, &d), CK_E_RANGE);
    assert_non_null(strstr(d.en, "1 or 2 years"));
    assert_int_equal(fees_quote(&seed, SVC_NEW, HOLDER_UNIT, 0, 1, &q, NULL), CK_E_RANGE);
    assert_int_equal(fees_quote(&seed, SVC_NEW, HOLDER_UNIT, 1, 0, &q, NULL), CK_E_RANGE);
    assert_int_equal(fees_quote(&seed, SVC_NEW, HOLDER_UNIT, 1, 6, &q, &d), CK_E_RANGE);
    assert_non_null(strstr(d.en, "1 to 5"));
    /* Services without a term ignore years and seals and report 0. */
    assert_int_equal(fees_quote(&seed, SVC_REPLACE, HOLDER_UNIT, 7, 0, &q, NULL), CK_OK);
    assert_int_equal(q.years, 0);
    assert_int_equal(q.seals, 0);
    assert_int_equal(fees_quote(NULL, SVC_NEW, HOLDER_UNIT, 1, 1, &q, NULL), CK_E_ARG);
    assert_int_equal(fees_quote(&seed, SVC__COUNT, HOLDER_UNIT, 1, 1, &q, NULL), CK_E_ARG);
}

static void test_seal_renew_years(void **state)
{
    (void)state;
    assert_int_equal(fees_seal_renew_years(0), 1);
    assert_int_equal(fees_seal_renew_years(1), 1);
    assert_int_equal(fees_seal_renew_years(365), 1);
    assert_int_equal(fees_seal_renew_years(366), 2);
    assert_int_equal(fees_seal_renew_years(730), 2);
    assert_int_equal(fees_seal_renew_years(900), 2);
}

static void test_schedule_check(void **state)
{
    ck_fee_schedule fs = seed;
    (void)state;
    assert_int_equal(fees_schedule_check(&fs, NULL), CK_OK);
    fs.max_seals = 0;
    assert_int_equal(fees_schedule_check(&fs, NULL), CK_E_FEES);
    fs = seed;
    fs.replacement_fen = -1;
    assert_int_equal(fees_schedule_check(&fs, NULL), CK_E_FEES);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_service_holder_term), cmocka_unit_test(test_account_fee_waiver_is_shown),
        cmocka_unit_test(test_seals_multiply_by_years),   cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_seal_renew_years),          cmocka_unit_test(test_schedule_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
