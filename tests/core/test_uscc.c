/*
 * test_uscc.c - credit codes (GB 32100-2015). Valid codes are built here by
 * the test's own check-character computation from varied bodies; each invalid
 * code breaks exactly one rule and must be reported with that reason.
 */
#include "cmocka_all.h"

#include <string.h>

#include "validate.h"

static const char cs[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* The test's own GB 32100 check character: weights 3^(i-1) mod 31. */
static char check_char(const char *body17)
{
    int sum = 0, w = 1;
    for (int i = 0; i < 17; i++) {
        sum += (int)(strchr(cs, body17[i]) - cs) * w;
        w = (w * 3) % 31;
    }
    return cs[(31 - sum % 31) % 31];
}

static void make(const char *body17, char out[19])
{
    memcpy(out, body17, 17);
    out[17] = check_char(body17);
    out[18] = '\0';
}

static const char *const valid_bodies[] = {
    "91510100MA61R7XK3", "91510100MA6CB5E7X", "92510104MA6DGK5L4", "93510121MA62P0TN1", "11510000008987654",
    "12510000450717391", "13100000000012345", "19510100MB1234567", "51510000MJ0000000", "52510100MJQ12345X",
    "53100000500012345", "59510000MJ1234567", "Y1510000MD0012345", "31510000MD0123456", "33440300MD0000012",
    "35510000MD1234567", "21100000MC0000001", "41110000MD0000002", "61510000MD0000003", "71510000MD0000004",
    "81510000MC0000005", "A1100000MB0000006", "N2510100MF0000007", "91650100MA77ABCDE", "91820000MA0000KKK",
    "91110000802100433", "91440300715267263", "91330100716105852",
};

static void test_valid_codes(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof valid_bodies / sizeof valid_bodies[0]; i++) {
        char code[19];
        validate_result r;
        make(valid_bodies[i], code);
        if (uscc_validate(code, &r) != CK_OK)
            fail_msg("%s should be valid: %s", code, r.msg.en);
        assert_int_equal(r.reason, VR_OK);
        assert_string_equal(r.value, code);
        assert_false(r.normalised);
    }
}

struct bad {
    const char *code;
    validate_reason reason;
    const char *needle; /* in the English message */
};

static void test_invalid_codes(void **state)
{
    char good[19], wrong_check[19];
    (void)state;
    make("91510100MA61R7XK3", good);
    memcpy(wrong_check, good, sizeof good);
    wrong_check[17] = good[17] == '0' ? '1' : '0';
    {
        const struct bad bad[] = {
            {"", VR_EMPTY, "enter"},
            {"   ", VR_EMPTY, "enter"},
            {"91510100MA61R7XK", VR_LENGTH, "16 were entered"},
            {"91510100MA61R7XK3YY", VR_LENGTH, "19 were entered"},
            {"915101", VR_LENGTH, "6 were entered"},
            {"91510100MA61R7XKIY", VR_CHARSET, "character 17 ('I')"},
            {"9151010OMA61R7XK3Y", VR_CHARSET, "character 8 ('O')"},
            {"91510100MA61S7XK3Y", VR_CHARSET, "character 13 ('S')"},
            {"91510100MA61R7VK3Y", VR_CHARSET, "character 15 ('V')"},
            {"91510100MA61R7XK3Z", VR_CHARSET, "character 18 ('Z')"},
            {"9151010_MA61R7XK3Y", VR_CHARSET, "character 8 ('_')"},
            {"中1510100MA61R7XK3Y", VR_CHARSET, "character 1 ('中')"},
            {"B1510100MA61R7XK3Y", VR_DEPARTMENT, "character 1 ('B')"},
            {"01510100MA61R7XK3Y", VR_DEPARTMENT, "character 1 ('0')"},
            {"94510100MA61R7XK3Y", VR_ORG_TYPE, "industry and commerce"},
            {"99510100MA61R7XK3Y", VR_ORG_TYPE, "character 2 ('9')"},
            {"Y2510100MA61R7XK3Y", VR_ORG_TYPE, "other"},
            {"55510100MA61R7XK3Y", VR_ORG_TYPE, "civil affairs"},
            {"91A10100MA61R7XK3Y", VR_REGION, "character 3 is not a digit"},
            {"915101M0MA61R7XK3Y", VR_REGION, "character 7 is not a digit"},
            {"91990100MA61R7XK3Y", VR_REGION, "('99') are not a province code"},
            {"91000000MA61R7XK3Y", VR_REGION, "('00')"},
            {"91720000MA61R7XK3Y", VR_REGION, "('72')"},
            {wrong_check, VR_CHECK_DIGIT, "the check character (18th) is wrong"},
        };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            validate_result r;
            assert_int_equal(uscc_validate(bad[i].code, &r), CK_E_INVALID_INPUT);
            if (r.reason != bad[i].reason || strstr(r.msg.en, bad[i].needle) == NULL)
                fail_msg("'%s': got %s \"%s\", wanted %s with \"%s\"", bad[i].code, validate_reason_name(r.reason),
                         r.msg.en, validate_reason_name(bad[i].reason), bad[i].needle);
            assert_true(r.msg.zh[0] != '\0');
        }
    }
}

static void test_check_digit_catches_single_changes(void **state)
{
    /* Changing any one of the first 17 characters to another valid one breaks the check. */
    char good[19];
    int caught = 0, tried = 0;
    (void)state;
    make("91510100MA61R7XK3", good);
    for (int pos = 8; pos < 17; pos++) {
        for (const char *c = cs; *c != '\0'; c++) {
            char code[19];
            validate_result r;
            if (*c == good[pos])
                continue;
            memcpy(code, good, sizeof code);
            code[pos] = *c;
            tried++;
            caught += uscc_validate(code, &r) == CK_E_INVALID_INPUT && r.reason == VR_CHECK_DIGIT;
        }
    }
    assert_int_equal(caught, tried);
}

static void test_normalisation(void **state)
{
    validate_result r;
    (void)state;
    assert_int_equal(uscc_validate("９１５１０１００ＭＡ６１Ｒ７ＸＫ３Ｙ", &r), CK_OK);
    assert_true(r.normalised);
    assert_string_equal(r.value, "91510100MA61R7XK3Y");
    assert_non_null(strstr(r.msg.en, "full-width"));
    assert_int_equal(uscc_validate(" 91510100 ma61r7xk3y\u3000", &r), CK_OK);
    assert_string_equal(r.value, "91510100MA61R7XK3Y");
    assert_non_null(strstr(r.msg.en, "spaces removed"));
    assert_non_null(strstr(r.msg.en, "upper-cased"));
    assert_int_equal(uscc_validate("\xff\xfe", &r), CK_E_INVALID_INPUT);
    assert_int_equal(r.reason, VR_CHARSET);
    assert_int_equal(uscc_validate(NULL, &r), CK_E_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_codes),
        cmocka_unit_test(test_invalid_codes),
        cmocka_unit_test(test_check_digit_catches_single_changes),
        cmocka_unit_test(test_normalisation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
