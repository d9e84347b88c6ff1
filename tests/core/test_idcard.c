/*
 * test_idcard.c - resident ID numbers (GB 11643-1999). Valid numbers get
 * their check character from the test's own MOD 11-2; invalid ones break one
 * rule each; no message may repeat the digits typed.
 */
#include "cmocka_all.h"

#include <string.h>

#include "validate.h"

static const ck_date today = {2026, 11, 25};

static void make(const char *body17, char out[19])
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (body17[i] - '0') * w[i];
    memcpy(out, body17, 17);
    out[17] = "10X98765432"[sum % 11];
    out[18] = '\0';
}

static const char *const bodies[] = {
    "11010519491231002",                                           /* the standard's own example, check X */
    "51010419900101123", "51012219851115003", "51372320000229001", /* a leap day */
    "44030019991231999", "31011520261125000",                      /* born today */
    "65010219000101001",                                           /* 1900, the earliest accepted */
    "82000019800501001", "81000020100630002", "71000019700707003", "54010219920303004", "15010219880808005",
    "23010219770119006", "46010220051231007", "50010319960229008", "53010220121212009", "61010219660606010",
    "63010219840404011", "13010219950505012", "37010219830303013", "42010219720222014", "21010219890909015",
};

static void test_valid(void **state)
{
    int with_x = 0;
    (void)state;
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        char id[19];
        validate_result r;
        make(bodies[i], id);
        with_x += id[17] == 'X';
        if (idcard_validate(id, today, &r) != CK_OK)
            fail_msg("%s should be valid: %s", id, r.msg.en);
        assert_string_equal(r.value, id);
    }
    assert_true(with_x >= 1);
    /* Lower-case x is the same number. */
    {
        validate_result r;
        assert_int_equal(idcard_validate("11010519491231002x", today, &r), CK_OK);
        assert_string_equal(r.value, "11010519491231002X");
        assert_true(r.normalised);
    }
}

static void test_invalid(void **state)
{
    char wrong[19], future[19], tomorrow[19], feb29[19], old[19], region[19], region2[19];
    (void)state;
    make("51010419900101123", wrong);
    wrong[17] = wrong[17] == '0' ? '1' : '0';
    make("51010420270101123", future);
    make("51010420261126123", tomorrow);
    make("51010420270229123", feb29); /* 2027 is not a leap year */
    make("51010418991231123", old);
    make("99010419900101123", region);
    make("00010419900101123", region2);
    {
        struct {
            const char *id;
            validate_reason reason;
            const char *needle;
        } bad[] = {
            {"", VR_EMPTY, "enter"},
            {"510104900101123", VR_LENGTH, "old 15-digit"},
            {"5101041990010112", VR_LENGTH, "16 were entered"},
            {"5101041990010112345", VR_LENGTH, "19 were entered"},
            {"51010419900101123A", VR_CHARSET, "character 18 must be a digit or X"},
            {"5101041990X101123X", VR_CHARSET, "character 11 must be a digit"},
            {"51010419900101一234", VR_CHARSET, "character 15 must be a digit"},
            {"51010419900101 123", VR_LENGTH, "17 were entered"},
            {region, VR_REGION, "province"},
            {region2, VR_REGION, "province"},
            {"51010419901301123X", VR_BIRTH_DATE, "not a real birth date"},
            {"51010419900001123X", VR_BIRTH_DATE, "not a real birth date"},
            {"51010419900132123X", VR_BIRTH_DATE, "not a real birth date"},
            {feb29, VR_BIRTH_DATE, "not a real birth date"},
            {"51010419000230123X", VR_BIRTH_DATE, "not a real birth date"}, /* 1900 was not a leap year */
            {old, VR_BIRTH_TOO_OLD, "before 1900"},
            {future, VR_BIRTH_FUTURE, "after today"},
            {tomorrow, VR_BIRTH_FUTURE, "after today"},
            {wrong, VR_CHECK_DIGIT, "check character"},
            {"110105194912310021", VR_CHECK_DIGIT, "check character"},
        };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            validate_result r;
            assert_int_equal(idcard_validate(bad[i].id, today, &r), CK_E_INVALID_INPUT);
            if (r.reason != bad[i].reason || strstr(r.msg.en, bad[i].needle) == NULL)
                fail_msg("'%s': got %s \"%s\", wanted %s", bad[i].id, validate_reason_name(r.reason), r.msg.en,
                         validate_reason_name(bad[i].reason));
            /* Personal data: no run of four digits from the input appears in either message. */
            for (size_t k = 0; k + 4 <= strlen(bad[i].id); k++) {
                char four[5];
                memcpy(four, bad[i].id + k, 4);
                four[4] = '\0';
                if (strspn(four, "0123456789") == 4 && (strstr(r.msg.en, four) || strstr(r.msg.zh, four)))
                    fail_msg("the message for '%s' repeats '%s'", bad[i].id, four);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
