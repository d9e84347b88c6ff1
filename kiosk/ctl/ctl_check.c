/*
 * ctl_check.c - `certkioskctl check KIND VALUE`: runs one validator. Exit 0
 * valid, 1 invalid (the reason printed), 2 usage error. Personal numbers (ID,
 * mobile) are echoed only masked.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "mask.h"
#include "validate.h"

enum check_kind { CHECK_USCC, CHECK_IDCARD, CHECK_MOBILE, CHECK_ORGNAME, CHECK_NAME, CHECK__COUNT };

static const struct {
    const char *code;
    const char *zh;
    bool personal; /* echo only masked */
} kinds[CHECK__COUNT] = {
    [CHECK_USCC] = {"uscc", "统一社会信用代码", false},
    [CHECK_IDCARD] = {"idcard", "居民身份证号码", true},
    [CHECK_MOBILE] = {"mobile", "手机号码", true},
    [CHECK_ORGNAME] = {"orgname", "单位名称", false},
    [CHECK_NAME] = {"name", "姓名", true},
};

static ck_err validate(enum check_kind k, const char *value, ck_date today, validate_result *r)
{
    switch (k) {
    case CHECK_USCC: return uscc_validate(value, r);
    case CHECK_IDCARD: return idcard_validate(value, today, r);
    case CHECK_MOBILE: return mobile_validate(value, r);
    case CHECK_ORGNAME: return orgname_validate(value, r);
    case CHECK_NAME: return personname_validate(value, r);
    case CHECK__COUNT: break;
    }
    return CK_E_ARG;
}

/* The value as it may be shown: masked for personal numbers, "" for names. */
static void shown_value(enum check_kind k, const validate_result *r, char *out, size_t cap)
{
    if (k == CHECK_IDCARD)
        mask_idcard(r->value, out, cap);
    else if (k == CHECK_MOBILE)
        mask_mobile(r->value, out, cap);
    else if (kinds[k].personal)
        snprintf(out, cap, "%s", "");
    else
        snprintf(out, cap, "%s", r->value);
}

static int run(ctl_ctx *ctx, void *state, int argc, char **argv)
{
    const ctl_command *self = &ctl_cmd_check;
    validate_result r;
    char shown[sizeof r.value];
    int k;
    ck_err rc;
    (void)state;
    if (argc != 2)
        return ctl_usage_error(self, "需要两个参数：类型和值", "expected two arguments: KIND and VALUE");
    for (k = 0; k < CHECK__COUNT && strcmp(argv[0], kinds[k].code) != 0; k++)
        ;
    if (k == CHECK__COUNT)
        return ctl_usage_error(self, "类型应为 uscc、idcard、mobile、orgname 或 name",
                               "KIND must be uscc, idcard, mobile, orgname or name");
    rc = validate((enum check_kind)k, argv[1], clock_today(&ctx->clock), &r);
    if (rc != CK_OK && rc != CK_E_INVALID_INPUT)
        return ctl_fail_diag(CTL_EXIT_FAILURE, rc, NULL);
    shown_value((enum check_kind)k, &r, shown, sizeof shown);
    if (ctx->json) {
        cJSON *obj = cJSON_CreateObject();
        if (obj != NULL) {
            cJSON_AddStringToObject(obj, "kind", kinds[k].code);
            cJSON_AddBoolToObject(obj, "valid", rc == CK_OK);
            cJSON_AddStringToObject(obj, "reason", validate_reason_name(r.reason));
            cJSON_AddBoolToObject(obj, "normalised", r.normalised);
            cJSON_AddStringToObject(obj, "value", shown);
            cJSON_AddStringToObject(obj, "message_zh", r.msg.zh);
            cJSON_AddStringToObject(obj, "message_en", r.msg.en);
        }
        return ctl_print_json(obj, rc == CK_OK ? CTL_EXIT_OK : CTL_EXIT_NEGATIVE);
    }
    if (rc == CK_OK)
        printf("有效 / valid: %s %s\n", kinds[k].zh, shown);
    else
        printf("无效 / invalid (%s)\n", validate_reason_name(r.reason));
    if (r.msg.zh[0] != '\0')
        printf("  %s\n  %s\n", r.msg.zh, r.msg.en);
    return rc == CK_OK ? CTL_EXIT_OK : CTL_EXIT_NEGATIVE;
}

const ctl_command ctl_cmd_check = {
    .name = "check",
    .summary = "校验：信用代码、身份证号、手机号、单位名称、姓名 / validate a code, number or name",
    .usage = "uscc|idcard|mobile|orgname|name VALUE [--json]\n"
             "  exit 0 valid, 1 invalid (the reason is printed), 2 usage error",
    .run = run,
};
