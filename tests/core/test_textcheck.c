/* test_textcheck.c - mobile numbers, organisation names and person names: 20+ valid and 20+ invalid each. */
#include "cmocka_all.h"

#include <stdio.h>
#include <string.h>

#include "validate.h"

typedef ck_err (*validator)(const char *, validate_result *);

struct bad {
    const char *in;
    validate_reason reason;
};

static void expect_valid(validator v, const char *in, const char *want_value)
{
    validate_result r;
    if (v(in, &r) != CK_OK)
        fail_msg("'%s' should be valid: %s", in, r.msg.en);
    if (want_value != NULL)
        assert_string_equal(r.value, want_value);
}

static void expect_invalid(validator v, const struct bad *b, size_t n, bool personal)
{
    for (size_t i = 0; i < n; i++) {
        validate_result r;
        assert_int_equal(v(b[i].in, &r), CK_E_INVALID_INPUT);
        if (r.reason != b[i].reason)
            fail_msg("'%s': got %s (%s), wanted %s", b[i].in, validate_reason_name(r.reason), r.msg.en,
                     validate_reason_name(b[i].reason));
        assert_true(r.msg.zh[0] != '\0' && r.msg.en[0] != '\0');
        if (personal && strlen(b[i].in) >= 4 && (strstr(r.msg.zh, b[i].in) || strstr(r.msg.en, b[i].in)))
            fail_msg("the message for '%s' repeats it", b[i].in);
    }
}

static void test_mobile(void **state)
{
    static const char *const prefixes[] = {"130", "131", "133", "135", "137", "139", "145", "147",
                                           "150", "153", "155", "158", "166", "170", "173", "176",
                                           "177", "180", "186", "189", "191", "198", "199"};
    static const struct bad bad[] = {
        {"", VR_EMPTY},
        {"1381234567", VR_LENGTH},
        {"138123456789", VR_LENGTH},
        {"12812345678", VR_MOBILE_PREFIX},
        {"10012345678", VR_MOBILE_PREFIX},
        {"23812345678", VR_MOBILE_PREFIX},
        {"1381234567a", VR_CHARSET},
        {"138.1234.5678", VR_CHARSET},
        {"138/12345678", VR_CHARSET},
        {"+44 7700 900123", VR_CHARSET},
        {"8613812345678x", VR_CHARSET},
        {"+8613812345", VR_CHARSET},
        {"86138123456", VR_MOBILE_PREFIX},
        {"0138123456", VR_LENGTH},
        {"１２８１２３４５６７８", VR_MOBILE_PREFIX},
        {"138一234五678", VR_CHARSET},
        {"(138)12345678", VR_CHARSET},
        {"13", VR_LENGTH},
        {"---", VR_EMPTY},
        {"11234567890", VR_MOBILE_PREFIX},
        {"138123456780000", VR_LENGTH},
    };
    char number[16];
    (void)state;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        snprintf(number, sizeof number, "%s%08zu", prefixes[i], i * 1234567 % 100000000);
        expect_valid(mobile_validate, number, number);
    }
    expect_valid(mobile_validate, "138-1234-5678", "13812345678");
    expect_valid(mobile_validate, "+86 138 1234 5678", "13812345678");
    expect_valid(mobile_validate, "8613812345678", "13812345678");
    expect_valid(mobile_validate, "１３８１２３４５６７８", "13812345678");
    expect_invalid(mobile_validate, bad, sizeof bad / sizeof bad[0], true);
}

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
        "乐山",
        "攀枝花市东区卫健局",
        "某某股份有限公司四川分公司",
        "阿坝藏族羌族自治州某某局",
    };
    static const struct bad bad[] = {
        {"", VR_EMPTY},
        {"  ", VR_EMPTY},
        {"某", VR_NAME_TOO_SHORT},
        {"四川某某科技有限公司四川某某科技有限公司四川某某科技有限公司四川某某科技有限公司四川某某科技有限公司四川某某"
         "科技有限公司司",
         VR_NAME_TOO_LONG},
        {"某某公司！", VR_NAME_CHARS},
        {"某某公司。", VR_NAME_CHARS},
        {"某某,公司", VR_NAME_CHARS},
        {"某某公司@", VR_NAME_CHARS},
        {"某某_公司", VR_NAME_CHARS},
        {"某某公司😀", VR_NAME_CHARS},
        {"某某\"公司\"", VR_NAME_CHARS},
        {"某某/公司", VR_NAME_CHARS},
        {"某某《公司》", VR_NAME_CHARS},
        {"某某【集团】公司", VR_NAME_CHARS},
        {"某某（集团有限公司", VR_BRACKETS},
        {"某某集团）有限公司", VR_BRACKETS},
        {"某某（）有限公司", VR_BRACKETS},
        {"某某(集团有限公司", VR_BRACKETS},
        {"某某）（公司", VR_BRACKETS},
        {"某某公司\n", VR_NAME_CHARS},
        {"\xe4\xb8", VR_CHARSET},
    };
    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        expect_valid(orgname_validate, good[i], NULL);
    expect_valid(orgname_validate, "某某(集团)有限公司", "某某（集团）有限公司");
    expect_valid(orgname_validate, " 四川 某某 公司 ", "四川某某公司");
    expect_invalid(orgname_validate, bad, sizeof bad / sizeof bad[0], false);
}

static void test_personname(void **state)
{
    static const char *const good[] = {
        "张三",     "李四",     "王小明", "欧阳修", "司马相如", "诸葛孔明", "买买提·艾力",
        "阿依古丽", "刘德华",   "陈奕迅", "周杰伦", "上官婉儿", "慕容复",   "令狐冲",
        "东方不败", "扎西顿珠", "赵一",   "钱二",   "孙悟空",   "马云",     "迪丽热巴·迪力木拉提",
    };
    static const struct bad bad[] = {
        {"", VR_EMPTY},
        {"张", VR_NAME_TOO_SHORT},
        {"张3", VR_NAME_CHARS},
        {"Zhang San", VR_NAME_CHARS},
        {"张三！", VR_NAME_CHARS},
        {"张三(经办人)", VR_NAME_CHARS},
        {"张-三", VR_NAME_CHARS},
        {"张.三", VR_NAME_CHARS},
        {"张,三", VR_NAME_CHARS},
        {"张三😀", VR_NAME_CHARS},
        {"张_三", VR_NAME_CHARS},
        {"张三@", VR_NAME_CHARS},
        {"张三1", VR_NAME_CHARS},
        {"ＡＢ", VR_NAME_CHARS},
        {"张三&李四", VR_NAME_CHARS},
        {"一二三四五六七八九十一二三四五六七八九十一", VR_NAME_TOO_LONG},
        {"  ", VR_EMPTY},
        {"张三\t李四x", VR_NAME_CHARS},
        {"王/五", VR_NAME_CHARS},
        {"赵六#", VR_NAME_CHARS},
        {"\xff", VR_CHARSET},
    };
    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        expect_valid(personname_validate, good[i], NULL);
    expect_valid(personname_validate, "买买提・艾力", "买买提·艾力");
    expect_invalid(personname_validate, bad, sizeof bad / sizeof bad[0], true);
}

static void test_reason_names(void **state)
{
    (void)state;
    for (int r = 0; r < VR__COUNT; r++)
        assert_string_not_equal(validate_reason_name((validate_reason)r), "unknown");
    assert_string_equal(validate_reason_name(VR_CHECK_DIGIT), "check_digit");
    assert_string_equal(validate_reason_name(VR__COUNT), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mobile),
        cmocka_unit_test(test_orgname),
        cmocka_unit_test(test_personname),
        cmocka_unit_test(test_reason_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
