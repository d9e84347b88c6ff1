/*
 * test_idcard.c - resident ID numbers (GB 11643-1999). Valid numbers get
 * their check character from the test's own ISO 7064 MOD 11-2; each invalid
 * number breaks one rule (its check character recomputed where that rule
 * allows); no message may repeat the digits typed, an ID number being
 * personal data.
 */
#include "cmocka_all.h"

#include <stdio.h>
#include <string.h>

#include "validate.h"

static const ck_date today = {2026, 11, 25};

static char check_char(const char *body17)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (body17[i] - '0') * w[i];
    return "10X98765432"[sum % 11];
}

static void make(const char *body17, char out[19])
{
    assert_int_equal(strlen(body17), 17);
    memcpy(out, body17, 17);
    out[17] = check_char(body17);
    out[18] = '\0';
}

/* Fails if either message holds four consecutive digits that also occur in the input. */
static void assert_no_digits_echoed(const char *input, const validate_result *r)
{
    for (size_t k = 0; k + 4 <= strlen(input); k++) {
        char four[5];
        memcpy(four, input + k, 4);
        four[4] = '\0';
        if (strspn(four, "0123456789") == 4 && (strstr(r->msg.en, four) || strstr(r->msg.zh, four)))
            fail_msg("the message for '%s' repeats '%s': %s", input, four, r->msg.en);
    }
}

static void expect_valid(const char *id, ck_date on)
{
    validate_result r;
    if (idcard_validate(id, on, &r) != CK_OK)
        fail_msg("%s should be valid: %s", id, r.msg.en);
    assert_int_equal(r.reason, VR_OK);
    assert_string_equal(r.value, id);
    assert_false(r.normalised);
}

static const char *const bodies[] = {
    "11010519491231002",                                           /* the standard's own example, check X */
    "51010419900101123", "51012219851115003", "51372320000229001", /* leap day, divisible by 400 */
    "44030019991231999", "31011520261125000",                      /* born today */
    "65010219000101001",                                           /* 1 January 1900, the earliest accepted */
    "82000019800501001", "81000020100630002", "71000019700707003", "54010219920303004",
    "15010219880808005", "23010219770119006", "46010220051231007", "50010319960229008", /* leap day */
    "53010220121212009", "61010219660606010", "63010219840404011", "13010219950505012",
    "37010219830303013", "42010219720222014", "21010219890909015", "12010420240229016", /* leap day */
    "51010419900101134", "34010219870615021",
};

static void test_valid(void **state)
{
    int with_x = 0;
    (void)state;
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        char id[19];
        make(bodies[i], id);
        with_x += id[17] == 'X';
        expect_valid(id, today);
    }
    assert_true(with_x >= 2);
}

static void test_every_province(void **state)
{
    static const int provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
                                    43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82};
    (void)state;
    for (int p = 0; p < 100; p++) {
        char body[18], id[19];
        bool known = false;
        validate_result r;
        for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
            known = known || provinces[i] == p;
        snprintf(body, sizeof body, "%02d010419900101123", p);
        make(body, id);
        if (known) {
            expect_valid(id, today);
        } else {
            assert_int_equal(idcard_validate(id, today, &r), CK_E_INVALID_INPUT);
            assert_int_equal(r.reason, VR_REGION);
            assert_no_digits_echoed(id, &r);
        }
    }
}

struct bad {
    const char *id; /* 17 digits and fix: the check character is appended */
    bool fix;
    validate_reason reason;
    const char *needle; /* in the English message */
};

static const struct bad bad[] = {
    {"", false, VR_EMPTY, "enter"},
    {"510104900101123", false, VR_LENGTH, "old 15-digit"},
    {"51010490010112X", false, VR_LENGTH, "old 15-digit"},
    {"5101041990010112", false, VR_LENGTH, "16 were entered"},
    {"5101041990010112345", false, VR_LENGTH, "19 were entered"},
    {"51010419900101 123", false, VR_LENGTH, "17 were entered"},
    {"51010419900101123A", false, VR_CHARSET, "character 18 must be a digit or X"},
    {"5101041990X101123X", false, VR_CHARSET, "character 11 must be a digit"},
    {"X10104199001011234", false, VR_CHARSET, "character 1 must be a digit"},
    {"51010419900101一234", false, VR_CHARSET, "character 15 must be a digit"},
    {"5101041990-1011234", false, VR_CHARSET, "character 11 must be a digit"},
    {"99010419900101123", true, VR_REGION, "province"},
    {"00010419900101123", true, VR_REGION, "province"},
    {"72010419900101123", true, VR_REGION, "province"},
    {"51010419901301123", true, VR_BIRTH_DATE, "not a real birth date"},
    {"51010419900001123", true, VR_BIRTH_DATE, "not a real birth date"},
    {"51010419900132123", true, VR_BIRTH_DATE, "not a real birth date"},
    {"51010419900431123", true, VR_BIRTH_DATE, "not a real birth date"},
    {"51010420270229123", true, VR_BIRTH_DATE, "not a real birth date"}, /* 2027 is not a leap year */
    {"51010420250229123", true, VR_BIRTH_DATE, "not a real birth date"}, /* nor 2025 */
    {"51010419000229123", true, VR_BIRTH_DATE, "not a real birth date"}, /* 1900 was not a leap year */
    {"51010400000101123", true, VR_BIRTH_DATE, "not a real birth date"},
    {"51010418991231123", true, VR_BIRTH_TOO_OLD, "before 1900"},
    {"51010417000101123", true, VR_BIRTH_TOO_OLD, "before 1900"},
    {"51010420270101123", true, VR_BIRTH_FUTURE, "after today"},
    {"51010420261126123", true, VR_BIRTH_FUTURE, "after today"}, /* tomorrow */
    {"51010499991231123", true, VR_BIRTH_FUTURE, "after today"},
    {"110105194912310021", false, VR_CHECK_DIGIT, "check character"}, /* the standard's example, X replaced */
    {"510104199001011231", false, VR_CHECK_DIGIT, "check character"}, /* its check character is 0 */
};

static void test_invalid(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char fixed[19];
        const char *id = bad[i].id;
        validate_result r;
        if (bad[i].fix) {
            make(id, fixed);
            id = fixed;
        }
        if (idcard_validate(id, today, &r) != CK_E_INVALID_INPUT)
            fail_msg("'%s' should be refused", id);
        if (r.reason != bad[i].reason || strstr(r.msg.en, bad[i].needle) == NULL)
            fail_msg("'%s': got %s \"%s\", wanted %s with \"%s\"", id, validate_reason_name(r.reason), r.msg.en,
                     validate_reason_name(bad[i].reason), bad[i].needle);
        assert_true(r.msg.zh[0] != '\0');
        assert_no_digits_echoed(id, &r);
    }
}

static void test_today_boundaries(void **state)
{
    static const ck_date leap_day = {2024, 2, 29}, new_year_eve = {2026, 12, 31};
    char id[19];
    validate_result r;
    (void)state;
    make("51010420261125123", id); /* born today */
    expect_valid(id, today);
    make("51010420261126123", id); /* born tomorrow */
    assert_int_equal(idcard_validate(id, today, &r), CK_E_INVALID_INPUT);
    assert_int_equal(r.reason, VR_BIRTH_FUTURE);
    make("51010420270229123", id); /* 29 February of a year without one */
    assert_int_equal(idcard_validate(id, today, &r), CK_E_INVALID_INPUT);
    assert_int_equal(r.reason, VR_BIRTH_DATE);

    make("51010420240229123", id); /* on a leap day, born that day */
    expect_valid(id, leap_day);
    make("51010420240301123", id);
    assert_int_equal(idcard_validate(id, leap_day, &r), CK_E_INVALID_INPUT);
    assert_int_equal(r.reason, VR_BIRTH_FUTURE);
    make("51010420261231123", id); /* the year turns the next day */
    expect_valid(id, new_year_eve);
    make("51010420270101123", id);
    assert_int_equal(idcard_validate(id, new_year_eve, &r), CK_E_INVALID_INPUT);
    assert_int_equal(r.reason, VR_BIRTH_FUTURE);
}

static void test_check_catches_substitutions_and_swaps(void **state)
{
    /* MOD 11-2 catches every single wrong digit and every swap of two different neighbours. */
    char good[19];
    (void)state;
    make("51010419900101123", good);
    for (int pos = 14; pos < 17; pos++) {
        for (char d = '0'; d <= '9'; d++) {
            char id[19];
            validate_result r;
            if (d == good[pos])
                continue;
            memcpy(id, good, sizeof id);
            id[pos] = d;
            assert_int_equal(idcard_validate(id, today, &r), CK_E_INVALID_INPUT);
            assert_int_equal(r.reason, VR_CHECK_DIGIT);
        }
    }
    for (int pos = 14; pos < 16; pos++) {
        char id[19], t;
        validate_result r;
        memcpy(id, good, sizeof id);
        t = id[pos], id[pos] = id[pos + 1], id[pos + 1] = t;
        if (id[pos] == id[pos + 1])
            continue;
        assert_int_equal(idcard_validate(id, today, &r), CK_E_INVALID_INPUT);
        assert_int_equal(r.reason, VR_CHECK_DIGIT);
    }
}

static void test_normalisation(void **state)
{
    char want[19], input[96];
    validate_result r;
    (void)state;
    make("11010519491231002", want);
    assert_int_equal(want[17], 'X');
    /* Full-width digits and Ｘ: U+FEE0 + c. */
    input[0] = '\0';
    for (int i = 0; i < 18; i++) {
        unsigned cp = 0xfee0u + (unsigned char)want[i];
        char three[4] = {(char)(0xe0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3f)), (char)(0x80 | (cp & 0x3f)), 0};
        strcat(input, three);
    }
    assert_int_equal(idcard_validate(input, today, &r), CK_OK);
    assert_true(r.normalised);
    assert_string_equal(r.value, want);
    assert_non_null(strstr(r.msg.en, "full-width"));
    assert_no_digits_echoed(want, &r);

    assert_int_equal(idcard_validate("11010519491231002x", today, &r), CK_OK);
    assert_string_equal(r.value, want);
    assert_true(r.normalised);
    assert_no_digits_echoed(want, &r);

    assert_int_equal(idcard_validate(" 110105 19491231 002X\u3000\n", today, &r), CK_OK);
    assert_string_equal(r.value, want);
    assert_true(r.normalised);

    /* A full-width number that is wrong is still not echoed. */
    assert_int_equal(idcard_validate("１１０１０５１９４９１２３１００２１", today, &r), CK_E_INVALID_INPUT);
    assert_int_equal(r.reason, VR_CHECK_DIGIT);
    assert_true(r.normalised);
    assert_no_digits_echoed("110105194912310021", &r);
}

static void test_bad_arguments(void **state)
{
    validate_result r;
    (void)state;
    assert_int_equal(idcard_validate("\xed\xa0\x80", today, &r), CK_E_INVALID_INPUT); /* a surrogate */
    assert_int_equal(r.reason, VR_CHARSET);
    assert_int_equal(idcard_validate(NULL, today, &r), CK_E_ARG);
    assert_int_equal(r.reason, VR_EMPTY);
    assert_int_equal(idcard_validate("11010519491231002X", today, NULL), CK_E_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_every_province),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_today_boundaries),
        cmocka_unit_test(test_check_catches_substitutions_and_swaps),
        cmocka_unit_test(test_normalisation),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
