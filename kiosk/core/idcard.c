/*
 * idcard.c - the resident ID number (居民身份证号码), GB 11643-1999:
 *   1-6    address code (province in 1-2)
 *   7-14   birth date YYYYMMDD
 *   15-17  sequence (odd for men, even for women)
 *   18     check character, ISO 7064 MOD 11-2 ("10X98765432")
 * An ID number is personal data: no message repeats any of its digits.
 */
#include <string.h>

#include "region.h"
#include "utf8.h"
#include "validate_util.h"

#define ID_LEN 18

static const int weights[ID_LEN - 1] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

static int digits(const char *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (p[i] - '0');
    return v;
}

static ck_err check_shape(const char *v, validate_result *out)
{
    long n = utf8_count(v);
    if (n == 15) {
        ck_diag_fail(&out->msg, CK_E_INVALID_INPUT, "这是15位的旧身份证号码，请输入18位号码",
                     "this is an old 15-digit number; please enter the 18-digit ID number");
        return validate_fail(out, VR_LENGTH);
    }
    if (n != ID_LEN) {
        ck_diag_fail(&out->msg, CK_E_INVALID_INPUT, "身份证号码应为18位，您输入了%ld位",
                     "an ID number has 18 characters; %ld were entered", n);
        return validate_fail(out, VR_LENGTH);
    }
    for (int i = 0; i < ID_LEN; i++) {
        bool ok = (v[i] >= '0' && v[i] <= '9') || (i == ID_LEN - 1 && v[i] == 'X');
        if (!ok) {
            /* Bytes, not code points, are walked: the first non-ASCII byte sits at the position of the first
             * non-ASCII character, and the walk stops there. */
            if (i == ID_LEN - 1)
                ck_diag_fail(&out->msg, CK_E_INVALID_INPUT, "第18位应为数字或X", "character 18 must be a digit or X");
            else
                ck_diag_fail(&out->msg, CK_E_INVALID_INPUT, "第%d位应为数字", "character %d must be a digit", i + 1);
            return validate_fail(out, VR_CHARSET);
        }
    }
    return CK_OK;
}

static ck_err check_birth(const char *v, ck_date today, validate_result *out)
{
    ck_date birth = {digits(v + 6, 4), digits(v + 10, 2), digits(v + 12, 2)};
    if (!date_valid(birth.y, birth.m, birth.d)) {
        ck_diag_fail(&out->msg, CK_E_INVALID_INPUT, "第7至14位出生日期不是有效日期",
                     "characters 7-14 are not a real birth date");
        return validate_fail(out, VR_BIRTH_DATE);
    }
    if (birth.y < 1900) {
        ck_diag_fail(&out->msg, CK_E_INVALID_INPUT, "第7至14位出生日期早于1900年", "the birth date is before 1900");
        return validate_fail(out, VR_BIRTH_TOO_OLD);
    }
    if (date_cmp(birth, today) > 0) {
        ck_diag_fail(&out->msg, CK_E_INVALID_INPUT, "第7至14位出生日期晚于今天", "the birth date is after today");
        return validate_fail(out, VR_BIRTH_FUTURE);
    }
    return CK_OK;
}

ck_err idcard_validate(const char *input, ck_date today, validate_result *out)
{
    static const char checks[] = "10X98765432";
    ck_err rc;
    int sum = 0;
    if (out == NULL)
        return CK_E_ARG;
    if ((rc = validate_prepare(input, true, false, "身份证号码", "ID number", out)) != CK_OK ||
        (rc = check_shape(out->value, out)) != CK_OK)
        return rc;
    if (!region_is_province(out->value)) {
        ck_diag_fail(&out->msg, CK_E_INVALID_INPUT, "前两位不是有效的省级行政区划代码",
                     "the first two digits are not a province code");
        return validate_fail(out, VR_REGION);
    }
    if ((rc = check_birth(out->value, today, out)) != CK_OK)
        return rc;
    for (int i = 0; i < ID_LEN - 1; i++)
        sum += (out->value[i] - '0') * weights[i];
    if (out->value[ID_LEN - 1] != checks[sum % 11]) {
        ck_diag_fail(&out->msg, CK_E_INVALID_INPUT, "第18位校验码不正确，请核对身份证",
                     "the check character (18th) is wrong; please check the ID card");
        return validate_fail(out, VR_CHECK_DIGIT);
    }
    return validate_ok(out);
}
