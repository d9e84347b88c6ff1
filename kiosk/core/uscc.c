/*
 * uscc.c - the unified social credit code (统一社会信用代码), GB 32100-2015:
 *   1      registration-management department
 *   2      organisation type (depends on the department)
 *   3-8    administrative region (GB/T 2260)
 *   9-17   organisation code body (GB 11714): only its characters are checked.
 *          Its own GB 11714 check character is deliberately not verified:
 *          codes issued to individual businesses do not all have one, and
 *          the 18th character already catches typing errors in 9-17.
 *   18     check character, modulo 31 with weights 3^(i-1) mod 31
 * from the 31 characters 0-9 A-Z without I, O, S, V, Z.
 */
#include <string.h>

#include "region.h"
#include "utf8.h"
#include "validate_util.h"

#define USCC_LEN 18

static const char charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/*
 * The departments of GB 32100-2015 (1, 5, 9, Y) and those added by the
 * national code-assignment rules since (2, 3, 4, 6, 7, 8, A, N), which real
 * codes use; `types` lists each one's organisation types (at most six).
 */
static const struct {
    char code;
    const char *zh, *en;
    const char *types;
} departments[] = {
    {'1', "机构编制", "establishment authorities", "1239"},
    {'2', "外交", "foreign affairs", "19"},
    {'3', "司法行政", "justice administration", "123459"},
    {'4', "文化", "culture", "19"},
    {'5', "民政", "civil affairs", "1239"},
    {'6', "旅游", "tourism", "129"},
    {'7', "宗教", "religious affairs", "129"},
    {'8', "工会", "trade unions", "19"},
    {'9', "工商", "industry and commerce", "123"},
    {'A', "中央军委改革和编制办公室", "CMC reform and establishment office", "19"},
    {'N', "农业", "agriculture", "1239"},
    {'Y', "其他", "other", "1"},
};

static int char_value(char c)
{
    const char *p = c != '\0' ? strchr(charset, c) : NULL;
    return p != NULL ? (int)(p - charset) : -1;
}

/* Walks code points, so a stray Chinese character is named whole, with its position. */
static ck_err check_chars(const char *v, validate_result *out)
{
    size_t left = strlen(v);
    for (int pos = 1; left > 0; pos++) {
        uint32_t cp;
        size_t len = utf8_decode(v, left, &cp); /* never 0: normalisation checked the UTF-8 */
        if (cp > 0x7f || char_value((char)cp) < 0) {
            char shown[16];
            ck_diag_fail(&out->msg, CK_E_INVALID_INPUT,
                         "第%d位“%s”不是统一社会信用代码可用的字符（只用数字和除I、O、S、V、Z以外的大写字母）",
                         "character %d ('%s') is not allowed: only digits and capital letters except I, O, S, V, Z",
                         pos, utf8_display(cp, shown, sizeof shown));
            return validate_fail(out, VR_CHARSET);
        }
        v += len;
        left -= len;
    }
    return CK_OK;
}

/* "1239" as "1、2、3、9" and "1, 2, 3, 9", for the message. */
static void list_types(const char *types, char *zh, char *en)
{
    for (; *types != '\0'; types++) {
        bool last = types[1] == '\0';
        *zh++ = *types;
        *en++ = *types;
        if (!last) {
            memcpy(zh, "、", 3);
            zh += 3;
            memcpy(en, ", ", 2);
            en += 2;
        }
    }
    *zh = *en = '\0';
}

static ck_err check_department(const char *v, validate_result *out)
{
    for (size_t i = 0; i < sizeof departments / sizeof departments[0]; i++) {
        char zh[32], en[32];
        if (departments[i].code != v[0])
            continue;
        if (v[1] != '\0' && strchr(departments[i].types, v[1]) != NULL)
            return CK_OK;
        list_types(departments[i].types, zh, en);
        ck_diag_zh(&out->msg, CK_E_INVALID_INPUT, "第2位机构类别代码“%c”不属于登记管理部门“%s”（可为%s）", v[1],
                   departments[i].zh, zh);
        ck_diag_en(&out->msg, CK_E_INVALID_INPUT,
                   "character 2 ('%c') is not an organisation type of the %s department (allowed: %s)", v[1],
                   departments[i].en, en);
        return validate_fail(out, VR_ORG_TYPE);
    }
    ck_diag_fail(&out->msg, CK_E_INVALID_INPUT, "第1位登记管理部门代码“%c”不存在",
                 "character 1 ('%c') is not a registration department code", v[0]);
    return validate_fail(out, VR_DEPARTMENT);
}

static ck_err check_region(const char *v, validate_result *out)
{
    for (int i = 2; i < 8; i++) {
        if (v[i] < '0' || v[i] > '9') {
            ck_diag_fail(&out->msg, CK_E_INVALID_INPUT, "第3至8位应为行政区划代码（6位数字），第%d位不是数字",
                         "characters 3-8 are the region code (six digits); character %d is not a digit", i + 1);
            return validate_fail(out, VR_REGION);
        }
    }
    /* Central bodies are registered under 100000. */
    if (!region_is_province(v + 2) && !(v[2] == '1' && v[3] == '0')) {
        ck_diag_fail(&out->msg, CK_E_INVALID_INPUT, "第3至4位“%.2s”不是有效的省级行政区划代码（或中央机关的10）",
                     "characters 3-4 ('%.2s') are not a province code (nor 10, for central bodies)", v + 2);
        return validate_fail(out, VR_REGION);
    }
    return CK_OK;
}

ck_err uscc_validate(const char *input, validate_result *out)
{
    ck_err rc;
    int sum = 0, check;
    long n;
    if (out == NULL)
        return CK_E_ARG;
    if ((rc = validate_prepare(input, true, false, "统一社会信用代码", "credit code", out)) != CK_OK)
        return rc;
    if ((n = utf8_count(out->value)) != USCC_LEN) {
        ck_diag_fail(&out->msg, CK_E_INVALID_INPUT, "统一社会信用代码应为18位，您输入了%ld位",
                     "a credit code has 18 characters; %ld were entered", n);
        return validate_fail(out, VR_LENGTH);
    }
    if ((rc = check_chars(out->value, out)) != CK_OK || (rc = check_department(out->value, out)) != CK_OK ||
        (rc = check_region(out->value, out)) != CK_OK)
        return rc;
    for (int i = 0, w = 1; i < USCC_LEN - 1; i++, w = w * 3 % 31)
        sum += char_value(out->value[i]) * w;
    check = (31 - sum % 31) % 31;
    if (out->value[USCC_LEN - 1] != charset[check]) {
        ck_diag_fail(&out->msg, CK_E_INVALID_INPUT, "第18位校验码不正确（按前17位应为“%c”），请核对营业执照",
                     "the check character (18th) is wrong: the first 17 give '%c'; check the business licence",
                     charset[check]);
        return validate_fail(out, VR_CHECK_DIGIT);
    }
    return validate_ok(out);
}
