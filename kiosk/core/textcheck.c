/*
 * textcheck.c - mobile numbers, organisation names and person names, plus
 * the steps all validators share (validate_util.h) and the reason names.
 * Mobiles and person names are personal data: messages name positions and
 * rules, never the characters typed.
 */
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
    char zh[256], en[256]; /* every change at once takes under 200 bytes */
    out->reason = VR_OK;
    out->normalised = out->changes != 0;
    if (out->normalised) {
        normalise_describe(out->changes, zh, en, sizeof zh);
        ck_diag_zh(&out->msg, CK_OK, "已自动规范格式：%s", zh);
        ck_diag_en(&out->msg, CK_OK, "normalised: %s", en);
    }
    return CK_OK;
}

/* A NULL input is a caller's bug (CK_E_ARG), but *out is still filled, as VR_EMPTY, so nothing reads garbage. */
ck_err validate_prepare(const char *input, bool as_code, bool drop_dashes, const char *what_zh, const char *what_en,
                        validate_result *out)
{
    normalise_status ns;
    memset(out, 0, sizeof *out);
    if (input == NULL) {
        ck_diag_zh(&out->msg, CK_E_ARG, "%s", ck_err_zh(CK_E_ARG));
        ck_diag_en(&out->msg, CK_E_ARG, "%s", ck_err_en(CK_E_ARG));
        validate_fail(out, VR_EMPTY);
        return CK_E_ARG;
    }
    ns = as_code ? normalise_code(input, drop_dashes, out->value, sizeof out->value, &out->changes)
                 : normalise_name(input, out->value, sizeof out->value, &out->changes);
    out->normalised = out->changes != 0;
    if (ns == NORMALISE_BAD_UTF8) {
        out->value[0] = '\0';
        ck_diag_zh(&out->msg, CK_E_INVALID_INPUT, "%s含有无法识别的字符（不是有效的UTF-8编码）", what_zh);
        ck_diag_en(&out->msg, CK_E_INVALID_INPUT, "the %s holds unreadable characters (not valid UTF-8)", what_en);
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
    if (out == NULL)
        return CK_E_ARG;
    if ((rc = validate_prepare(input, true, true, "手机号码", "mobile number", out)) != CK_OK)
        return rc;
    v = out->value;
    len = strlen(v);
    /* The country code: "+86" is one whatever follows; a bare "86" only in front of exactly 11 more digits,
     * since 86... could otherwise be a mistyped number. */
    if (strncmp(v, "+86", 3) == 0) {
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

#define LBRACKET 0xff08u /* （ */
#define RBRACKET 0xff09u /* ） */
#define MIDDOT   0xb7u   /* · */

static bool is_cjk(uint32_t cp) { return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf); }

struct name_rules {
    bool (*allowed)(uint32_t cp); /* besides the brackets, which only organisation names have */
    long min, max;                /* in code points */
    bool personal;                /* a person's name: no brackets, · only between characters, never echoed */
    const char *zh, *en;          /* what the name is called in messages */
};

/*
 * Walks a name once, stopping at the first thing wrong: a character outside
 * the rules (named, with its position, unless the name is personal), a
 * bracket （） closing nothing or enclosing nothing, a misplaced ·. Then come
 * an unclosed bracket and the length.
 */
static ck_err check_name(validate_result *out, const struct name_rules *r)
{
    const char *p = out->value;
    size_t left = strlen(p);
    long n = 0, depth = 0, open_at = 0, stray_close = 0, empty_close = 0, bad_dot = 0;
    uint32_t prev = 0;
    while (left > 0 && stray_close == 0 && empty_close == 0 && bad_dot == 0) {
        uint32_t cp;
        size_t len = utf8_decode(p, left, &cp); /* never 0: normalisation checked the UTF-8 */
        n++;
        if (!r->personal && cp == LBRACKET) {
            if (depth++ == 0)
                open_at = n;
        } else if (!r->personal && cp == RBRACKET) {
            if (depth-- == 0)
                stray_close = n;
            else if (prev == LBRACKET)
                empty_close = n;
        } else if (!r->allowed(cp)) {
            char shown[16];
            if (r->personal) {
                ck_diag_zh(&out->msg, CK_E_INVALID_INPUT, "%s的第%ld个字符不能用在姓名中（只用汉字和·）", r->zh, n);
                ck_diag_en(&out->msg, CK_E_INVALID_INPUT,
                           "character %ld of the %s cannot be used in a name (Chinese characters and · only)", n,
                           r->en);
            } else {
                utf8_display(cp, shown, sizeof shown);
                ck_diag_zh(&out->msg, CK_E_INVALID_INPUT, "%s的第%ld个字符“%s”不能使用", r->zh, n, shown);
                ck_diag_en(&out->msg, CK_E_INVALID_INPUT, "character %ld ('%s') of the %s is not allowed", n, shown,
                           r->en);
            }
            return validate_fail(out, VR_NAME_CHARS);
        } else if (r->personal && cp == MIDDOT && (n == 1 || prev == MIDDOT)) {
            bad_dot = n; /* transliterated names put · between two parts: 买买提·艾力 */
        }
        prev = cp;
        p += len;
        left -= len;
    }
    if (r->personal && bad_dot == 0 && prev == MIDDOT)
        bad_dot = n;
    if (bad_dot > 0) {
        ck_diag_fail(&out->msg, CK_E_INVALID_INPUT, "姓名的第%ld个字符“·”只能用在两个字之间",
                     "character %ld ('·') of the name may only stand between two characters", bad_dot);
        return validate_fail(out, VR_NAME_CHARS);
    }
    if (stray_close > 0) {
        ck_diag_zh(&out->msg, CK_E_INVALID_INPUT, "%s的第%ld个字符“）”前面没有对应的“（”", r->zh, stray_close);
        ck_diag_en(&out->msg, CK_E_INVALID_INPUT, "character %ld of the %s, ')', closes a bracket never opened",
                   stray_close, r->en);
        return validate_fail(out, VR_BRACKETS);
    }
    if (empty_close > 0) {
        ck_diag_zh(&out->msg, CK_E_INVALID_INPUT, "%s的第%ld个字符“）”与前面的“（”之间没有内容", r->zh, empty_close);
        ck_diag_en(&out->msg, CK_E_INVALID_INPUT, "the brackets ending at character %ld of the %s enclose nothing",
                   empty_close, r->en);
        return validate_fail(out, VR_BRACKETS);
    }
    if (depth > 0) {
        ck_diag_zh(&out->msg, CK_E_INVALID_INPUT, "%s的第%ld个字符“（”没有对应的“）”", r->zh, open_at);
        ck_diag_en(&out->msg, CK_E_INVALID_INPUT, "the bracket at character %ld of the %s, '(', is never closed",
                   open_at, r->en);
        return validate_fail(out, VR_BRACKETS);
    }
    if (n < r->min || n > r->max) {
        ck_diag_zh(&out->msg, CK_E_INVALID_INPUT, "%s应为%ld至%ld个字，您输入了%ld个字", r->zh, r->min, r->max, n);
        ck_diag_en(&out->msg, CK_E_INVALID_INPUT, "the %s must have %ld to %ld characters; %ld were entered", r->en,
                   r->min, r->max, n);
        return validate_fail(out, n < r->min ? VR_NAME_TOO_SHORT : VR_NAME_TOO_LONG);
    }
    return validate_ok(out);
}

static bool orgname_char(uint32_t cp)
{
    return is_cjk(cp) || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           cp == MIDDOT || cp == '&' || cp == '-';
}

static bool personname_char(uint32_t cp) { return is_cjk(cp) || cp == MIDDOT; }

ck_err orgname_validate(const char *input, validate_result *out)
{
    static const struct name_rules rules = {
        .allowed = orgname_char, .min = ORGNAME_MIN, .max = ORGNAME_MAX, .zh = "单位名称", .en = "organisation name"};
    ck_err rc;
    if (out == NULL)
        return CK_E_ARG;
    if ((rc = validate_prepare(input, false, false, rules.zh, rules.en, out)) != CK_OK)
        return rc;
    return check_name(out, &rules);
}

ck_err personname_validate(const char *input, validate_result *out)
{
    static const struct name_rules rules = {.allowed = personname_char,
                                            .min = PERSONNAME_MIN,
                                            .max = PERSONNAME_MAX,
                                            .personal = true,
                                            .zh = "姓名",
                                            .en = "name"};
    ck_err rc;
    if (out == NULL)
        return CK_E_ARG;
    if ((rc = validate_prepare(input, false, false, rules.zh, rules.en, out)) != CK_OK)
        return rc;
    return check_name(out, &rules);
}
