/*
 * ctl_services.c - `certkioskctl services`: every service with who may
 * apply, what it needs, its rules and its prices for each holder and term.
 */
#include <cjson/cJSON.h>
#include <stdio.h>

#include "ctl.h"
#include "eligibility.h"
#include "money.h"

static const struct {
    enum ck_service_flag flag;
    const char *key;
    const char *zh;
} flag_names[] = {
    {SVC_F_BRINGS_KEY, "brings_key", "需携带USB Key"},
    {SVC_F_NEEDS_CERT, "needs_certificate", "需已有证书"},
    {SVC_F_PAID, "paid", "收费"},
    {SVC_F_TERM, "term", "可选1年或2年"},
    {SVC_F_SEALS, "seals", "可选印章数量"},
    {SVC_F_ISSUES_CERT, "issues_certificate", "签发证书"},
    {SVC_F_NEW_MEDIUM, "new_key", "发放新USB Key"},
    {SVC_F_KEEPS_NOT_AFTER, "keeps_not_after", "有效期不变"},
    {SVC_F_REVIEWED, "reviewed", "需CA审核"},
    {SVC_F_SUBJECT_FORM, "subject_form", "需填写主体信息"},
    {SVC_F_ISSUES_SEAL, "issues_seal", "签发印章"},
};

#define N_FLAGS (sizeof flag_names / sizeof flag_names[0])

/* The quotes to show for a service: each holder kind, each term it offers, one seal. */
static cJSON *quotes_json(const ck_fee_schedule *fs, ck_service s)
{
    cJSON *arr = cJSON_CreateArray();
    int max_years = services_has(s, SVC_F_TERM) ? FEES_MAX_YEARS : 1;
    for (int k = 0; arr != NULL && k < HOLDER__COUNT; k++) {
        for (int y = 1; y <= max_years; y++) {
            ck_quote q;
            if (fees_quote(fs, s, (ck_holder_kind)k, y, 1, &q, NULL) == CK_OK)
                cJSON_AddItemToArray(arr, ctl_quote_json(&q));
        }
    }
    return arr;
}

static cJSON *service_json(const ck_fee_schedule *fs, ck_service s)
{
    const ck_service_info *si = services_info(s);
    cJSON *obj = cJSON_CreateObject(), *holders;
    if (obj == NULL)
        return NULL;
    cJSON_AddStringToObject(obj, "code", si->code);
    cJSON_AddStringToObject(obj, "name_zh", si->zh);
    cJSON_AddStringToObject(obj, "name_en", si->en);
    cJSON_AddStringToObject(obj, "summary_zh", si->summary_zh);
    cJSON_AddStringToObject(obj, "summary_en", si->summary_en);
    holders = cJSON_AddArrayToObject(obj, "holders");
    for (int k = 0; holders != NULL && k < HOLDER__COUNT; k++)
        if (services_allows_holder(s, (ck_holder_kind)k))
            cJSON_AddItemToArray(holders, cJSON_CreateString(holder_kind_code((ck_holder_kind)k)));
    for (size_t i = 0; i < N_FLAGS; i++)
        cJSON_AddBoolToObject(obj, flag_names[i].key, services_has(s, flag_names[i].flag));
    if (s == SVC_RENEW)
        cJSON_AddNumberToObject(obj, "opens_days_before_expiry", ELIG_RENEW_WINDOW_DAYS);
    if (s == SVC_SEAL_UPGRADE)
        cJSON_AddNumberToObject(obj, "min_days_left", ELIG_SEAL_UPGRADE_MIN_DAYS);
    cJSON_AddStringToObject(obj, "fee_note_zh", si->fee_note_zh);
    cJSON_AddStringToObject(obj, "fee_note_en", si->fee_note_en);
    cJSON_AddItemToObject(obj, "quotes", quotes_json(fs, s));
    return obj;
}

static void print_service(const ck_fee_schedule *fs, ck_service s)
{
    const ck_service_info *si = services_info(s);
    const char *sep = "";
    printf("%-13s %s / %s\n  %s\n  %s\n  ", si->code, si->zh, si->en, si->summary_zh, si->summary_en);
    for (size_t i = 0; i < N_FLAGS; i++) {
        if (services_has(s, flag_names[i].flag)) {
            printf("%s%s", sep, flag_names[i].zh);
            sep = "，";
        }
    }
    printf("\n  收费 / fees: %s / %s\n", si->fee_note_zh, si->fee_note_en);
    for (int k = 0; k < HOLDER__COUNT; k++) {
        int max_years = services_has(s, SVC_F_TERM) ? FEES_MAX_YEARS : 1;
        printf("    %-8s", holder_kind_code((ck_holder_kind)k));
        for (int y = 1; y <= max_years; y++) {
            ck_quote q;
            char total[32];
            if (fees_quote(fs, s, (ck_holder_kind)k, y, 1, &q, NULL) != CK_OK)
                continue;
            money_format_yuan(q.total_fen, total, sizeof total);
            if (services_has(s, SVC_F_TERM))
                printf("  %d年: %s元", y, total);
            else
                printf("  %s元", total);
        }
        printf("\n");
    }
}

static int run(ctl_ctx *ctx, void *state, int argc, char **argv)
{
    (void)state;
    (void)argv;
    if (argc != 0)
        return ctl_usage_error(&ctl_cmd_services, "services 不接受位置参数", "services takes no positional arguments");
    if (ctx->json) {
        cJSON *arr = cJSON_CreateArray();
        for (int s = 0; arr != NULL && s < SVC__COUNT; s++)
            cJSON_AddItemToArray(arr, service_json(&ctx->fees, (ck_service)s));
        return ctl_print_json(arr, CTL_EXIT_OK);
    }
    for (int s = 0; s < SVC__COUNT; s++)
        print_service(&ctx->fees, (ck_service)s);
    return CTL_EXIT_OK;
}

const ctl_command ctl_cmd_services = {
    .name = "services",
    .summary = "业务列表：规则与收费 / every service with its rules and fees",
    .usage = "[--json]",
    .run = run,
    .needs_fees = true,
};
