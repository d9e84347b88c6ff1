/*
 * textcheck.c - mobile numbers, organisation names and person names, plus
 * the steps all validators share (validate_util.h) and the reason names.
 * Mobiles and person names are personal data: messages name positions and
 * rules, never the characters typed.
 */
#include <stdio.h>
#include <string.h>

#include "normalise.h"
#include "utf8.h"
#include "validate_util.h"

#define ORGNAME_MIN    2
#define ORGNAME_MAX    60
#define PERSONNAME_MIN 2
#define PERSONNAME_MAX 20

static const char *const reason_names[VR__COUNT] = {
    [VR_OK] = "ok",
    [VR_EMPTY] = "empty",
    [VR_LENGTH] = "length",
    [VR_CHARSET] = "charset",
    [VR_DEPARTMENT] = "department",
    [VR_ORG_TYPE] = "organisation_type",
    [VR_REGION] = "region",
    [VR_CHECK_DIGIT] = "check_digit",
    [VR_BIRTH_DATE] = "birth_date",
    [VR_BIRTH_FUTURE] = "birth_in_future",
    [VR_BIRTH_TOO_OLD] = "birth_too_old",
    [VR_MOBILE_PREFIX] = "mobile_prefix",
    [VR_NAME_CHARS] = "name_characters",
    [VR_NAME_TOO_SHORT] = "name_too_short",
    [VR_NAME_TOO_LONG] = "name_too_long",
    [VR_BRACKETS] = "brackets",
};

const char *validate_reason_name(validate_reason r) { return (r >= 0 && r < VR__COUNT) ? reason_names[r] : "unknown"; }

ck_err validate_fail(validate_result *out, validate_reason r)
{
    out->reason = r;
    out->normalised = out->changes != 0;
    return CK_E_INVALID_INPUT;
}

ck_err validate_ok(validate_result *out)
{
    char zh[160], en[160];
    out->reason = VR_OK;
    out->normalised = out->changes != 0;
    if (out->normalised) {
        normalise_describe(out->changes, zh, en, sizeof zh);
        ck_diag_zh(&out->msg, CK_OK, "已自动规范格式：%s", zh);
        ck_diag_en(&out->msg, CK_OK, "normalised: %s", en);
    }
    return CK_OK;
}

ck_err validate_prepare(const char *input, bool as_code, bool drop_dashes, const char *what_zh, const char *what_en,
                        validate_result *out)
{
    normalise_status ns;
    memset(out, 0, sizeof *out);
    ns = as_code ? normalise_code(input, drop_dashes, out->value, sizeof out->value, &out->changes)
                 : normalise_name(input, out->value, sizeof out->value, &out->changes);
    out->normalised = out->changes != 0;
    if (ns == NORMALISE_BAD_UTF8) {
        out->value[0] = '\0';
        ck_diag_zh(&out->msg, CK_E_INVALID_INPUT, "%s含有无法识别的字符", what_zh);
        ck_diag_en(&out->msg, CK_E_INVALID_INPUT, "the %s holds unreadable characters", what_en);
        return validate_fail(out, VR_CHARSET);
    }
    if (ns == NORMALISE_TOO_LONG) {
        out->value[0] = '\0';
        ck_diag_zh(&out->msg, CK_E_INVALID_INPUT, "%s过长", what_zh);
        ck_diag_en(&out->msg, CK_E_INVALID_INPUT, "the %s is far too long", what_en);
        return validate_fail(out, as_code ? VR_LENGTH : VR_NAME_TOO_LONG);
    }
    if (out->value[0] == '\0') {
        ck_diag_zh(&out->msg, CK_E_INVALID_INPUT, "请输入%s", what_zh);
        ck_diag_en(&out->msg, CK_E_INVALID_INPUT, "please enter the %s", what_en);
        return validate_fail(out, VR_EMPTY);
    }
    return CK_OK;
}

ck_err mobile_validate(const char *input, validate_result *out)
{
    char *v;
    size_t len;
    ck_err rc;
    if (input == NULL || out == NULL)
        return CK_E_ARG;
    if ((rc = validate_prepare(input, true, true, "手机号码", "mobile number", out)) != CK_OK)
        return rc;
    v = out->value;
    len = strlen(v);
    /* The country code, written +86 or 86 in front of the 11 digits. */
    if (v[0] == '+' && strncmp(v, "+86", 3) == 0 && len == 14) {
        memmove(v, v + 3, len - 2);
        out->changes |= NC_COUNTRY;
    } else if (strncmp(v, "86", 2) == 0 && len == 13) {
        memmove(v, v + 2, len - 1);
        out->changes |= NC_COUNTRY;
    }
    len = strlen(v);
    for (size_t i = 0; i < len; i++) {
        if (v[i] < '0' || v[i] > '9') {
            ck_diag_fail(&out->msg, CK_E_INVALID_INPUT, "手机号码只能包含数字（第%zu位不是数字）",
                         "a mobile number holds only digits (character %zu is not one)", i + 1);
            return validate_fail(out, VR_CHARSET);
        }
    }
    if (len != 11) {
        ck_diag_fail(&out->msg, CK_E_INVALID_INPUT, "手机号码应为11位，您输入了%zu位",
                     "a mobile number has 11 digits; %zu were entered", len);
        return validate_fail(out, VR_LENGTH);
    }
    if (v[0] != '1' || v[1] < '3') {
        ck_diag_fail(&out->msg, CK_E_INVALID_INPUT, "手机号码应以13至19开头", "a mobile number starts with 13 to 19");
        return validate_fail(out, VR_MOBILE_PREFIX);
    }
    return validate_ok(out);
}

static bool is_cjk(uint32_t cp) { return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf); }

/*
 * Walks a name: every code point must pass `allowed`, brackets （） must
 * balance and enclose something, and the length must be within [min, max].
 * `personal` keeps the characters themselves out of the messages.
 */
static ck_err check_name(validate_result *out, bool (*allowed)(uint32_t), long min, long max, bool personal,
                         const char *what_zh, const char *what_en)
{
    const char *p = out->value;
    size_t left = strlen(p);
    int depth = 0;
    long n = 0;
    bool empty_pair = false;
    uint32_t prev = 0;
    while (left > 0) {
        uint32_t cp;
        size_t len = utf8_decode(p, left, &cp);
        n++;
        if (cp == 0xff08) {
            depth++;
        } else if (cp == 0xff09) {
            empty_pair = empty_pair || prev == 0xff08;
            if (--depth < 0)
                break;
        } else if (!allowed(cp)) {
            if (personal) {
                ck_diag_zh(&out->msg, CK_E_INVALID_INPUT, "%s的第%ld个字符不能用在姓名中（只用汉字和·）", what_zh, n);
                ck_diag_en(&out->msg, CK_E_INVALID_INPUT,
                           "character %ld of the %s cannot be used in a name (Chinese characters and · only)", n,
                           what_en);
            } else {
                ck_diag_zh(&out->msg, CK_E_INVALID_INPUT, "%s的第%ld个字符“%.*s”不能使用", what_zh, n, (int)len, p);
                ck_diag_en(&out->msg, CK_E_INVALID_INPUT, "character %ld ('%.*s') of the %s is not allowed", n,
                           (int)len, p, what_en);
            }
            return validate_fail(out, VR_NAME_CHARS);
        }
        prev = cp;
        p += len;
        left -= len;
    }
    if (depth != 0 || empty_pair) {
        ck_diag_zh(&out->msg, CK_E_INVALID_INPUT, "%s中的括号（）不成对或括号内为空", what_zh);
        ck_diag_en(&out->msg, CK_E_INVALID_INPUT, "the brackets in the %s do not pair up, or enclose nothing", what_en);
        return validate_fail(out, VR_BRACKETS);
    }
    if (n < min || n > max) {
        ck_diag_zh(&out->msg, CK_E_INVALID_INPUT, "%s应为%ld至%ld个字，您输入了%ld个字", what_zh, min, max, n);
        ck_diag_en(&out->msg, CK_E_INVALID_INPUT, "the %s must have %ld to %ld characters; %ld were entered", what_en,
                   min, max, n);
        return validate_fail(out, n < min ? VR_NAME_TOO_SHORT : VR_NAME_TOO_LONG);
    }
    return validate_ok(out);
}

static bool orgname_char(uint32_t cp)
{
    return is_cjk(cp) || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           cp == 0xb7 || cp == '&' || cp == '-';
}

static bool personname_char(uint32_t cp) { return is_cjk(cp) || cp == 0xb7; }

ck_err orgname_validate(const char *input, validate_result *out)
{
    ck_err rc;
    if (input == NULL || out == NULL)
        return CK_E_ARG;
    if ((rc = validate_prepare(input, false, false, "单位名称", "organisation name", out)) != CK_OK)
        return rc;
    return check_name(out, orgname_char, ORGNAME_MIN, ORGNAME_MAX, false, "单位名称", "organisation name");
}

ck_err personname_validate(const char *input, validate_result *out)
{
    ck_err rc;
    if (input == NULL || out == NULL)
        return CK_E_ARG;
    if ((rc = validate_prepare(input, false, false, "姓名", "name", out)) != CK_OK)
        return rc;
    /* Brackets are not part of a person's name. */
    if (strstr(out->value, "（") != NULL || strstr(out->value, "）") != NULL) {
        ck_diag_fail(&out->msg, CK_E_INVALID_INPUT, "姓名中不能有括号", "a name cannot contain brackets");
        return validate_fail(out, VR_NAME_CHARS);
    }
    return check_name(out, personname_char, PERSONNAME_MIN, PERSONNAME_MAX, true, "姓名", "name");
}
