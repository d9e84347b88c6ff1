/*
 * test_uscc.c - credit codes (GB 32100-2015). Valid codes are built here: the
 * test has its own tables (departments, types, provinces, written from the
 * standard, not taken from uscc.c) and its own check-character computation.
 * Each invalid code breaks exactly one rule (its check character is recomputed
 * where the broken rule allows) and must be reported with that reason.
 */
#include "cmocka_all.h"

#include <stdio.h>
#include <string.h>

#include "validate.h"

static const char cs[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* The test's own GB 32100 check character: weights 3^(i-1) mod 31, C = 31 - sum mod 31, 31 -> 0. */
static char check_char(const char *body17)
{
    static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (int)(strchr(cs, body17[i]) - cs) * w[i];
    return cs[(31 - sum % 31) % 31];
}

static void make(const char *body17, char out[19])
{
    assert_int_equal(strlen(body17), 17);
    memcpy(out, body17, 17);
    out[17] = check_char(body17);
    out[18] = '\0';
}

/* Department and its organisation types: GB 32100-2015 plus the later national assignment rules. */
static const char *const dept_types[] = {"1:1239", "2:19", "3:123459", "4:19", "5:1239", "6:129",
                                         "7:129",  "8:19", "9:123",    "A:19", "N:1239", "Y:1"};
static const char *const provinces[] = {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
                                        "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52",
                                        "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "10"};

static void expect_valid(const char *code)
{
    validate_result r;
    if (uscc_validate(code, &r) != CK_OK)
        fail_msg("%s should be valid: %s", code, r.msg.en);
    assert_int_equal(r.reason, VR_OK);
    assert_string_equal(r.value, code);
    assert_false(r.normalised);
    assert_string_equal(r.msg.en, "");
}

static const char *const valid_bodies[] = {
    "91510100MA61R7XK3", "91510100MA6CB5E7X", "92510104MA6DGK5L4", "93510121MA62P0TN1", "11510000008987654",
    "12510000450717391", "13100000000012345", "19510100MB1234567", "51510000MJ0000000", "52510100MJQ12345X",
    "53100000500012345", "59510000MJ1234567", "Y1510000MD0012345", "31510000MD0123456", "33440300MD0000012",
    "35510000MD1234567", "21100000MC0000001", "41110000MD0000002", "61510000MD0000003", "71510000MD0000004",
    "81510000MC0000005", "A1100000MB0000006", "N2510100MF0000007", "91650100MA77ABCDE", "91820000MA0000KKK",
    "91110000802100433", "91440300715267263", "91330100716105852", "N3540100MG0000008", "34710000MD0000009",
};

static void test_valid_codes(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof valid_bodies / sizeof valid_bodies[0]; i++) {
        char code[19];
        make(valid_bodies[i], code);
        expect_valid(code);
    }
}

static void test_every_department_and_type(void **state)
{
    int valid = 0, refused = 0;
    (void)state;
    for (const char *d = cs; *d != '\0'; d++) {
        const char *types = NULL;
        for (size_t i = 0; i < sizeof dept_types / sizeof dept_types[0]; i++)
            if (dept_types[i][0] == *d)
                types = dept_types[i] + 2;
        for (const char *t = cs; *t != '\0'; t++) {
            char body[18], code[19];
            validate_result r;
            snprintf(body, sizeof body, "%c%c510100MA61R7XK3", *d, *t);
            make(body, code);
            if (types != NULL && strchr(types, *t) != NULL) {
                expect_valid(code);
                valid++;
                continue;
            }
            assert_int_equal(uscc_validate(code, &r), CK_E_INVALID_INPUT);
            assert_int_equal(r.reason, types == NULL ? VR_DEPARTMENT : VR_ORG_TYPE);
            assert_true(r.msg.zh[0] != '\0' && r.msg.en[0] != '\0');
            refused++;
        }
    }
    assert_int_equal(valid, 36);
    assert_int_equal(refused, 31 * 31 - 36);
}

static void test_every_region_prefix(void **state)
{
    (void)state;
    for (int p = 0; p < 100; p++) {
        char body[18], code[19], two[3];
        bool known = false;
        validate_result r;
        snprintf(two, sizeof two, "%02d", p);
        for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
            known = known || strcmp(provinces[i], two) == 0;
        snprintf(body, sizeof body, "91%s0100MA61R7XK3", two);
        make(body, code);
        if (known) {
            expect_valid(code);
        } else {
            assert_int_equal(uscc_validate(code, &r), CK_E_INVALID_INPUT);
            assert_int_equal(r.reason, VR_REGION);
            assert_non_null(strstr(r.msg.en, two));
        }
    }
}

static void test_every_check_character(void **state)
{
    /* The last body character moves the sum through all 31 residues (weight 28 is prime to 31), so every
     * check character occurs, 0 (the C == 31 case) included. */
    char seen[32] = {0};
    (void)state;
    for (const char *c = cs; *c != '\0'; c++) {
        char body[18], code[19];
        snprintf(body, sizeof body, "91510100MA61R7XK%c", *c);
        make(body, code);
        expect_valid(code);
        seen[strchr(cs, code[17]) - cs] = 1;
    }
    assert_int_equal(strlen(seen), 31);
}

struct bad {
    const char *code; /* 17 characters and fix: the check character is appended */
    bool fix;
    validate_reason reason;
    const char *needle; /* in the English message */
};

static const struct bad bad[] = {
    {"", false, VR_EMPTY, "enter"},
    {" \u3000 ", false, VR_EMPTY, "enter"},
    {"91510100MA61R7XK", false, VR_LENGTH, "16 were entered"},
    {"91510100MA61R7XK3YY", false, VR_LENGTH, "19 were entered"},
    {"915101", false, VR_LENGTH, "6 were entered"},
    {"91510100MA61R7XKIY", false, VR_CHARSET, "character 17 ('I')"},
    {"9151010OMA61R7XK3Y", false, VR_CHARSET, "character 8 ('O')"},
    {"91510100MA61S7XK3Y", false, VR_CHARSET, "character 13 ('S')"},
    {"91510100MA61R7VK3Y", false, VR_CHARSET, "character 15 ('V')"},
    {"91510100MA61R7XK3Z", false, VR_CHARSET, "character 18 ('Z')"},
    {"9151010_MA61R7XK3Y", false, VR_CHARSET, "character 8 ('_')"},
    {"中1510100MA61R7XK3Y", false, VR_CHARSET, "character 1 ('中')"},
    {"91510100MA61R\x01XK3Y", false, VR_CHARSET, "character 14 ('U+0001')"},
    {"91510100MA61R7XK3\u200b", false, VR_CHARSET, "character 18 ('U+200B')"},
    {"B1510100MA61R7XK3", true, VR_DEPARTMENT, "character 1 ('B')"},
    {"01510100MA61R7XK3", true, VR_DEPARTMENT, "character 1 ('0')"},
    {"M1510100MA61R7XK3", true, VR_DEPARTMENT, "character 1 ('M')"},
    {"94510100MA61R7XK3", true, VR_ORG_TYPE, "industry and commerce"},
    {"99510100MA61R7XK3", true, VR_ORG_TYPE, "character 2 ('9')"},
    {"Y2510100MA61R7XK3", true, VR_ORG_TYPE, "other"},
    {"55510100MA61R7XK3", true, VR_ORG_TYPE, "civil affairs"},
    {"36510100MD0000001", true, VR_ORG_TYPE, "(allowed: 1, 2, 3, 4, 5, 9)"},
    {"A2100000MB0000006", true, VR_ORG_TYPE, "CMC"},
    {"91A10100MA61R7XK3", true, VR_REGION, "character 3 is not a digit"},
    {"915101M0MA61R7XK3", true, VR_REGION, "character 7 is not a digit"},
    {"91990100MA61R7XK3", true, VR_REGION, "('99') are not a province code"},
    {"91000000MA61R7XK3", true, VR_REGION, "('00')"},
    {"91720000MA61R7XK3", true, VR_REGION, "('72')"},
};

static void test_invalid_codes(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char fixed[19];
        const char *code = bad[i].code;
        validate_result r;
        if (bad[i].fix) {
            make(code, fixed);
            code = fixed;
        }
        if (uscc_validate(code, &r) != CK_E_INVALID_INPUT)
            fail_msg("'%s' should be refused", code);
        if (r.reason != bad[i].reason || strstr(r.msg.en, bad[i].needle) == NULL)
            fail_msg("'%s': got %s \"%s\", wanted %s with \"%s\"", code, validate_reason_name(r.reason), r.msg.en,
                     validate_reason_name(bad[i].reason), bad[i].needle);
        assert_true(r.msg.zh[0] != '\0');
    }
}

static void test_messages_name_what_was_found(void **state)
{
    char code[19];
    validate_result r;
    (void)state;
    make("B1510100MA61R7XK3", code);
    assert_int_equal(uscc_validate(code, &r), CK_E_INVALID_INPUT);
    assert_string_equal(r.msg.zh, "第1位登记管理部门代码“B”不存在");
    make("94510100MA61R7XK3", code);
    assert_int_equal(uscc_validate(code, &r), CK_E_INVALID_INPUT);
    assert_non_null(strstr(r.msg.zh, "“4”"));
    assert_non_null(strstr(r.msg.zh, "工商"));
    make("91510100MA61R7XK3", code);
    code[17] = code[17] == '0' ? '1' : '0';
    assert_int_equal(uscc_validate(code, &r), CK_E_INVALID_INPUT);
    assert_int_equal(r.reason, VR_CHECK_DIGIT);
    {
        char want[8];
        snprintf(want, sizeof want, "'%c'", check_char("91510100MA61R7XK3"));
        assert_non_null(strstr(r.msg.en, want));
    }
}

static void test_check_digit_catches_single_changes(void **state)
{
    /* Changing any one character of the body (9-17) to another valid one breaks the check. */
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
    char want[19], input[128];
    validate_result r;
    (void)state;
    make("91510100MA61R7XK3", want);
    /* Full-width: each ASCII character c is U+FEE0 + c, three UTF-8 bytes. */
    input[0] = '\0';
    for (int i = 0; i < 18; i++) {
        unsigned cp = 0xfee0u + (unsigned char)want[i];
        char three[4] = {(char)(0xe0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3f)), (char)(0x80 | (cp & 0x3f)), 0};
        strcat(input, three);
    }
    assert_int_equal(uscc_validate(input, &r), CK_OK);
    assert_true(r.normalised);
    assert_string_equal(r.value, want);
    assert_non_null(strstr(r.msg.en, "full-width"));
    assert_non_null(strstr(r.msg.zh, "全角"));

    snprintf(input, sizeof input, " %.8s\u3000%.10s\r\n", want, want + 8);
    for (char *p = input; *p != '\0'; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    assert_int_equal(uscc_validate(input, &r), CK_OK);
    assert_string_equal(r.value, want);
    assert_true(r.normalised);
    assert_non_null(strstr(r.msg.en, "spaces removed"));
    assert_non_null(strstr(r.msg.en, "upper-cased"));
}

static void test_bad_arguments_and_sizes(void **state)
{
    char longer[400];
    validate_result r;
    (void)state;
    assert_int_equal(uscc_validate("\xff\xfe", &r), CK_E_INVALID_INPUT);
    assert_int_equal(r.reason, VR_CHARSET);
    assert_true(r.msg.en[0] != '\0');
    /* An overlong '1' (0xC0 0xB1) must not become a digit. */
    assert_int_equal(uscc_validate("\300\2611510100MA61R7XK3Y", &r), CK_E_INVALID_INPUT);
    assert_int_equal(r.reason, VR_CHARSET);
    memset(longer, '9', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    assert_int_equal(uscc_validate(longer, &r), CK_E_INVALID_INPUT);
    assert_int_equal(r.reason, VR_LENGTH);
    assert_int_equal(uscc_validate(NULL, &r), CK_E_ARG);
    assert_int_equal(r.reason, VR_EMPTY);
    assert_true(r.msg.en[0] != '\0');
    assert_int_equal(uscc_validate("91510100MA61R7XK3Y", NULL), CK_E_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_codes),
        cmocka_unit_test(test_every_department_and_type),
        cmocka_unit_test(test_every_region_prefix),
        cmocka_unit_test(test_every_check_character),
        cmocka_unit_test(test_invalid_codes),
        cmocka_unit_test(test_messages_name_what_was_found),
        cmocka_unit_test(test_check_digit_catches_single_changes),
        cmocka_unit_test(test_normalisation),
        cmocka_unit_test(test_bad_arguments_and_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
