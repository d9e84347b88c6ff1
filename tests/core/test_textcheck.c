/*
 * test_textcheck.c - mobile numbers, organisation names and person names:
 * 20+ valid and 20+ invalid each, every invalid one refused for one stated
 * reason with a message; mobiles and person names are never echoed.
 */
#include "cmocka_all.h"

#include <stdio.h>
#include <string.h>

#include "validate.h"

typedef ck_err (*validator)(const char *, validate_result *);

struct bad {
    const char *in;
    validate_reason reason;
    const char *needle; /* in the English message, or NULL */
};

static void expect_valid(validator v, const char *in, const char *want_value, bool normalised)
{
    validate_result r;
    if (v(in, &r) != CK_OK)
        fail_msg("'%s' should be valid: %s", in, r.msg.en);
    assert_int_equal(r.reason, VR_OK);
    assert_string_equal(r.value, want_value != NULL ? want_value : in);
    if (r.normalised != normalised)
        fail_msg("'%s': normalised is %d", in, r.normalised);
    assert_true(normalised == (r.msg.en[0] != '\0' && r.msg.zh[0] != '\0'));
}

static bool ascii_letters(const char *s)
{
    for (; *s != '\0'; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == ' '))
            return false;
    return true;
}

/*
 * Personal data: neither message holds `run` characters of the input in a row
 * (4 for a mobile, whose messages carry small counts; 2 for a name, where two
 * characters can be the whole name). The test finds characters on its own, by
 * their lead bytes.
 */
static void assert_not_echoed(const char *in, const validate_result *r, int run)
{
    size_t start[128], n = 0, len = strlen(in);
    for (size_t i = 0; i < len && n < 127; i++)
        if (((unsigned char)in[i] & 0xc0) != 0x80)
            start[n++] = i;
    start[n] = len;
    for (size_t i = 0; i + (size_t)run <= n; i++) {
        char piece[64];
        size_t bytes = start[i + (size_t)run] - start[i];
        assert_true(bytes < sizeof piece);
        memcpy(piece, in + start[i], bytes);
        piece[bytes] = '\0';
        /* Two ASCII letters ("ha" of "Zhang") occur in English words; the Chinese message must still lack them. */
        if (strstr(r->msg.zh, piece) != NULL || (!ascii_letters(piece) && strstr(r->msg.en, piece) != NULL))
            fail_msg("the message for '%s' repeats '%s': %s / %s", in, piece, r->msg.zh, r->msg.en);
    }
}

/* personal: the run of input characters no message may repeat (0: no such rule). */
static void expect_invalid(validator v, const struct bad *b, size_t n, int personal)
{
    for (size_t i = 0; i < n; i++) {
        validate_result r;
        if (v(b[i].in, &r) != CK_E_INVALID_INPUT)
            fail_msg("'%s' should be refused", b[i].in);
        if (r.reason != b[i].reason || (b[i].needle != NULL && strstr(r.msg.en, b[i].needle) == NULL))
            fail_msg("'%s': got %s (%s), wanted %s with \"%s\"", b[i].in, validate_reason_name(r.reason), r.msg.en,
                     validate_reason_name(b[i].reason), b[i].needle != NULL ? b[i].needle : "");
        assert_true(r.msg.zh[0] != '\0' && r.msg.en[0] != '\0');
        if (personal > 0)
            assert_not_echoed(b[i].in, &r, personal);
    }
}

static void test_mobile(void **state)
{
    static const char *const prefixes[] = {"130", "131", "133", "135", "137", "139", "145", "147",
                                           "150", "153", "155", "158", "166", "170", "173", "176",
                                           "177", "180", "186", "189", "191", "198", "199"};
    static const struct bad bad[] = {
        {"", VR_EMPTY, "enter"},
        {" - ", VR_EMPTY, "enter"},
        {"1381234567", VR_LENGTH, "10 were entered"},
        {"138123456789", VR_LENGTH, "12 were entered"},
        {"138123456780000", VR_LENGTH, "15 were entered"},
        {"13", VR_LENGTH, "2 were entered"},
        {"0138123456", VR_LENGTH, NULL},
        {"+8613812345", VR_LENGTH, "8 were entered"},
        {"+86", VR_LENGTH, "0 were entered"},
        {"12812345678", VR_MOBILE_PREFIX, "13 to 19"},
        {"10012345678", VR_MOBILE_PREFIX, NULL},
        {"11234567890", VR_MOBILE_PREFIX, NULL},
        {"23812345678", VR_MOBILE_PREFIX, NULL},
        {"86138123456", VR_MOBILE_PREFIX, NULL}, /* 11 digits: the 86 is not a country code */
        {"１２８１２３４５６７８", VR_MOBILE_PREFIX, NULL},
        {"1381234567a", VR_CHARSET, "character 11"},
        {"138.1234.5678", VR_CHARSET, "character 4"},
        {"138/12345678", VR_CHARSET, "character 4"},
        {"+44 7700 900123", VR_CHARSET, "character 1"},
        {"8613812345678x", VR_CHARSET, "character 14"},
        {"138一234五678", VR_CHARSET, "character 4"},
        {"(138)12345678", VR_CHARSET, "character 1"},
        {"138\u200b12345678", VR_CHARSET, "character 4"}, /* a zero-width space */
        {"1381234\3775678", VR_CHARSET, "not valid UTF-8"},
    };
    char number[16];
    (void)state;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        snprintf(number, sizeof number, "%s%08zu", prefixes[i], i * 1234567 % 100000000);
        expect_valid(mobile_validate, number, NULL, false);
    }
    expect_valid(mobile_validate, "138-1234-5678", "13812345678", true);
    expect_valid(mobile_validate, "138 1234 5678", "13812345678", true);
    expect_valid(mobile_validate, "+86 138 1234 5678", "13812345678", true);
    expect_valid(mobile_validate, "+86-13812345678", "13812345678", true);
    expect_valid(mobile_validate, "8613812345678", "13812345678", true);
    expect_valid(mobile_validate, "１３８１２３４５６７８", "13812345678", true);
    expect_valid(mobile_validate, "138－1234－5678\u3000", "13812345678", true);
    expect_valid(mobile_validate, "13812345678\r\n", "13812345678", true);
    expect_invalid(mobile_validate, bad, sizeof bad / sizeof bad[0], 4);
    {
        validate_result r;
        assert_int_equal(mobile_validate("+86 138 1234 5678", &r), CK_OK);
        assert_non_null(strstr(r.msg.en, "+86"));
        assert_not_echoed("13812345678", &r, 4);
        assert_int_equal(mobile_validate("１３８１２３４５６７８", &r), CK_OK);
        assert_non_null(strstr(r.msg.en, "full-width"));
    }
}

/* Ten characters; SIXTY is the longest organisation name allowed. */
#define TEN   "四川某某科技有限公司"
#define SIXTY TEN TEN TEN TEN TEN TEN

static void test_orgname(void **state)
{
    static const char *const good[] = {
        "四川某某科技有限公司",
        "成都市财政局",
        "四川省政府采购中心",
        "某某（集团）有限公司",
        "某某建设工程有限责任公司",
        "华为技术有限公司",
        "中国移动通信集团四川有限公司",
        "成都高新区管委会",
        "某某大学附属医院",
        "某某律师事务所",
        "绵阳市某某小学",
        "ABC科技有限公司",
        "某某3D打印有限公司",
        "四川某某·国际贸易有限公司",
        "某某&某某合伙企业",
        "四川某某-咨询有限公司",
        "某某（成都）有限公司（分公司）",
        "某某（中国（四川））有限公司",
        "乐山",
        "攀枝花市东区卫健局",
        "阿坝藏族羌族自治州某某局",
        "㐂某某商贸有限公司", /* CJK extension A */
        SIXTY,
    };
    static const struct bad bad[] = {
        {"", VR_EMPTY, "enter"},
        {"  \u3000", VR_EMPTY, "enter"},
        {"某", VR_NAME_TOO_SHORT, "1 were entered"},
        {"A", VR_NAME_TOO_SHORT, NULL},
        {SIXTY "司", VR_NAME_TOO_LONG, "61 were entered"},
        {SIXTY SIXTY, VR_NAME_TOO_LONG, NULL}, /* 120 characters, 360 bytes: more than value holds */
        {"某某公司！", VR_NAME_CHARS, "character 5 ('!')"},
        {"某某公司。", VR_NAME_CHARS, "character 5 ('。')"},
        {"某某,公司", VR_NAME_CHARS, "character 3 (',')"},
        {"某某公司@", VR_NAME_CHARS, "character 5 ('@')"},
        {"某某_公司", VR_NAME_CHARS, "('_')"},
        {"某某公司😀", VR_NAME_CHARS, "('😀')"},
        {"某某\"公司\"", VR_NAME_CHARS, NULL},
        {"某某/公司", VR_NAME_CHARS, NULL},
        {"某某《公司》", VR_NAME_CHARS, "('《')"},
        {"某某【集团】公司", VR_NAME_CHARS, "character 3 ('【')"},
        {"某某\u200b公司", VR_NAME_CHARS, "character 3 ('U+200B')"},
        {"某某（集团有限公司", VR_BRACKETS, "character 3 of the organisation name, '(', is never closed"},
        {"某某集团）有限公司", VR_BRACKETS, "character 5 of the organisation name, ')', closes"},
        {"某某（）有限公司", VR_BRACKETS, "ending at character 4"},
        {"某某(集团有限公司", VR_BRACKETS, "never closed"},
        {"某某）（公司", VR_BRACKETS, "closes a bracket never opened"},
        {"某某（集团（四川）", VR_BRACKETS, "character 3"},
        {"\xe4\xb8", VR_CHARSET, "not valid UTF-8"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        expect_valid(orgname_validate, good[i], NULL, false);
    expect_valid(orgname_validate, "某某(集团)有限公司", "某某（集团）有限公司", true);
    expect_valid(orgname_validate, " 四川 某某 公司 ", "四川某某公司", true);
    expect_valid(orgname_validate, "某某公司\r\n", "某某公司", true);
    expect_valid(orgname_validate, "ＡＢＣ科技有限公司", "ABC科技有限公司", true);
    expect_valid(orgname_validate, "某某＆某某合伙企业", "某某&某某合伙企业", true);
    expect_invalid(orgname_validate, bad, sizeof bad / sizeof bad[0], 0);
    {
        validate_result r;
        assert_int_equal(orgname_validate("某某(集团)有限公司", &r), CK_OK);
        assert_non_null(strstr(r.msg.en, "brackets made full-width"));
        assert_non_null(strstr(r.msg.zh, "括号"));
    }
}

static void test_personname(void **state)
{
    static const char *const good[] = {
        "张三",
        "李四",
        "王小明",
        "欧阳修",
        "司马相如",
        "诸葛孔明",
        "买买提·艾力",
        "阿依古丽",
        "刘德华",
        "陈奕迅",
        "周杰伦",
        "上官婉儿",
        "慕容复",
        "令狐冲",
        "东方不败",
        "扎西顿珠",
        "赵一",
        "钱二",
        "孙悟空",
        "马云",
        "迪丽热巴·迪力木拉提",
        "㐂一",
        "一二三四五六七八九十一二三四五六七八九十",
    }; /* the last has 20 characters, the most */
    static const struct bad bad[] = {
        {"", VR_EMPTY, "enter"},
        {"  ", VR_EMPTY, "enter"},
        {"张", VR_NAME_TOO_SHORT, "1 were entered"},
        {"一二三四五六七八九十一二三四五六七八九十一", VR_NAME_TOO_LONG, "21 were entered"},
        {"张3", VR_NAME_CHARS, "character 2"},
        {"张三1", VR_NAME_CHARS, "character 3"},
        {"张三１", VR_NAME_CHARS, "character 3"},
        {"Zhang San", VR_NAME_CHARS, "character 1"},
        {"ＡＢ", VR_NAME_CHARS, NULL},
        {"张三！", VR_NAME_CHARS, NULL},
        {"张三(经办人)", VR_NAME_CHARS, "character 3"},
        {"张三（经办人）", VR_NAME_CHARS, "character 3"},
        {"张-三", VR_NAME_CHARS, NULL},
        {"张.三", VR_NAME_CHARS, NULL},
        {"张,三", VR_NAME_CHARS, NULL},
        {"张三😀", VR_NAME_CHARS, NULL},
        {"张_三", VR_NAME_CHARS, NULL},
        {"张三&李四", VR_NAME_CHARS, NULL},
        {"王/五", VR_NAME_CHARS, NULL},
        {"赵六#", VR_NAME_CHARS, NULL},
        {"张三\t李四x", VR_NAME_CHARS, "character 5"},
        {"·艾力", VR_NAME_CHARS, "may only stand between"},
        {"买买提·", VR_NAME_CHARS, "character 4 ('·')"},
        {"买买提··艾力", VR_NAME_CHARS, "character 5 ('·')"},
        {"\xff", VR_CHARSET, "not valid UTF-8"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        expect_valid(personname_validate, good[i], NULL, false);
    expect_valid(personname_validate, "买买提・艾力", "买买提·艾力", true); /* U+30FB */
    expect_valid(personname_validate, "买买提•艾力", "买买提·艾力", true);  /* U+2022 */
    expect_valid(personname_validate, " 张 三\u3000", "张三", true);
    expect_invalid(personname_validate, bad, sizeof bad / sizeof bad[0], 2);
}

static void test_arguments(void **state)
{
    validate_result r;
    (void)state;
    assert_int_equal(mobile_validate(NULL, &r), CK_E_ARG);
    assert_int_equal(r.reason, VR_EMPTY);
    assert_int_equal(orgname_validate(NULL, &r), CK_E_ARG);
    assert_int_equal(personname_validate(NULL, &r), CK_E_ARG);
    assert_int_equal(mobile_validate("13812345678", NULL), CK_E_ARG);
    assert_int_equal(orgname_validate("某某公司", NULL), CK_E_ARG);
    assert_int_equal(personname_validate("张三", NULL), CK_E_ARG);
}

static void test_reason_names(void **state)
{
    (void)state;
    for (int r = 0; r < VR__COUNT; r++) {
        const char *name = validate_reason_name((validate_reason)r);
        assert_string_not_equal(name, "unknown");
        for (int s = 0; s < r; s++)
            assert_string_not_equal(name, validate_reason_name((validate_reason)s));
    }
    assert_string_equal(validate_reason_name(VR_OK), "ok");
    assert_string_equal(validate_reason_name(VR_CHECK_DIGIT), "check_digit");
    assert_string_equal(validate_reason_name(VR__COUNT), "unknown");
    assert_string_equal(validate_reason_name((validate_reason)-1), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mobile),    cmocka_unit_test(test_orgname),      cmocka_unit_test(test_personname),
        cmocka_unit_test(test_arguments), cmocka_unit_test(test_reason_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
