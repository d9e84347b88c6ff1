/*
 * ctl_doctor.c - `certkioskctl doctor`: every check of kiosk/doctor on this
 * box, one line each (PASS / WARN / FAIL, the check, what was found, what to
 * do), or a JSON array. A configuration that does not load is the config
 * check's FAIL, and the other checks run on the built-in defaults. Exit 0
 * when nothing fails, 1 when anything does.
 */
#include <cjson/cJSON.h>
#include <stdio.h>

#include "ctl.h"
#include "doctor.h"
#include "sync_http.h"

static const char *status_word(doctor_status s)
{
    return s == DOCTOR_PASS ? "PASS" : s == DOCTOR_WARN ? "WARN" : "FAIL";
}
static const char *status_code(doctor_status s)
{
    return s == DOCTOR_PASS ? "pass" : s == DOCTOR_WARN ? "warn" : "fail";
}

static void print_line(const doctor_result *r)
{
    bool hint = r->hint_zh[0] != '\0';
    printf("%s  %-9s  %s：%s%s%s / %s: %s%s%s\n", status_word(r->status), doctor_check_code(r->check),
           doctor_check_zh(r->check), r->detail_zh, hint ? "；处理：" : "", r->hint_zh, doctor_check_en(r->check),
           r->detail_en, hint ? "; fix: " : "", r->hint_en);
}

static cJSON *result_json(const doctor_result *r)
{
    cJSON *o = cJSON_CreateObject();
    if (o == NULL)
        return NULL;
    cJSON_AddStringToObject(o, "check", doctor_check_code(r->check));
    cJSON_AddStringToObject(o, "status", status_code(r->status));
    cJSON_AddStringToObject(o, "name_zh", doctor_check_zh(r->check));
    cJSON_AddStringToObject(o, "name_en", doctor_check_en(r->check));
    cJSON_AddStringToObject(o, "detail_zh", r->detail_zh);
    cJSON_AddStringToObject(o, "detail_en", r->detail_en);
    cJSON_AddStringToObject(o, "hint_zh", r->hint_zh);
    cJSON_AddStringToObject(o, "hint_en", r->hint_en);
    return o;
}

static int run_doctor(ctl_ctx *ctx, void *state, int argc, char **argv)
{
    doctor_env env = {&ctx->cfg, ctx->config_file, ctx->config_error, &ctx->clock};
    cJSON *all = ctx->json ? cJSON_CreateArray() : NULL;
    int count[3] = {0, 0, 0};
    (void)state, (void)argv;
    if (argc != 0) {
        cJSON_Delete(all);
        return ctl_usage_error(&ctl_cmd_doctor, "doctor 不接受参数", "doctor takes no arguments");
    }
    sync_http_global_init();
    for (int c = 0; c < DOCTOR__COUNT; c++) {
        doctor_result r;
        doctor_run(&env, (doctor_check)c, &r);
        count[r.status]++;
        if (all != NULL)
            cJSON_AddItemToArray(all, result_json(&r));
        else if (!ctx->json) {
            print_line(&r);
            fflush(stdout); /* each line as its check ends: some take seconds */
        }
    }
    if (ctx->json)
        return ctl_print_json(all, count[DOCTOR_FAIL] > 0 ? CTL_EXIT_NEGATIVE : CTL_EXIT_OK);
    printf("合计 / total: %d PASS, %d WARN, %d FAIL\n", count[DOCTOR_PASS], count[DOCTOR_WARN], count[DOCTOR_FAIL]);
    return count[DOCTOR_FAIL] > 0 ? CTL_EXIT_NEGATIVE : CTL_EXIT_OK;
}

const ctl_command ctl_cmd_doctor = {
    .name = "doctor",
    .summary = "检查本机的安装 / check this kiosk's installation",
    .usage = "[--json]\n"
             "  config, database, key files, pcscd, readers, printer, upstream, clock, disk: one line each\n"
             "  (PASS / WARN / FAIL, what was found, what to do); exit 1 when any check fails",
    .run = run_doctor,
    .keeps_bad_config = true,
};
