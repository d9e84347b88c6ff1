/*
 * error.c - names and messages for ck_err. The messages are what a customer or
 * clerk reads when nothing more specific is known, so each one says what to do.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

struct err_entry {
    const char *name;
    const char *zh;
    const char *en;
};

static const struct err_entry err_table[CK_E__COUNT] = {
    [CK_OK] = {"ok", "成功", "Success"},
    [CK_E_ARG] = {"bad_argument", "程序内部参数错误，请联系窗口工作人员",
                  "Internal argument error; please ask the service window"},
    [CK_E_NOMEM] = {"out_of_memory", "设备内存不足，请联系窗口工作人员",
                    "The kiosk is out of memory; please ask the service window"},
    [CK_E_IO] = {"io_error", "文件读写失败，请联系窗口工作人员",
                 "A file could not be read or written; please ask the service window"},
    [CK_E_CONFIG] = {"config_error", "设备配置文件有误，请联系技术人员",
                     "The kiosk configuration is invalid; please call a technician"},
    [CK_E_FEES] = {"fee_schedule_error", "收费标准文件有误，请联系技术人员",
                   "The fee schedule is invalid; please call a technician"},
    [CK_E_UNKNOWN_SERVICE] = {"unknown_service", "没有这项业务，请重新选择",
                              "There is no such service; please choose again"},
    [CK_E_HOLDER_NOT_ALLOWED] = {"holder_not_allowed", "该类用户不能办理此项业务",
                                 "This kind of holder cannot apply for this service"},
    [CK_E_NOT_ELIGIBLE] = {"not_eligible", "当前不满足办理条件",
                           "The conditions for this service are not met"},
    [CK_E_INVALID_INPUT] = {"invalid_input", "输入的信息有误，请检查后重新输入",
                            "The information entered is not valid; please check it"},
    [CK_E_RANGE] = {"out_of_range", "所选数量不在可办理范围内",
                    "The chosen number is outside what is offered"},
};

static const struct err_entry *err_lookup(ck_err e)
{
    static const struct err_entry unknown = {"unknown_error", "未知错误，请联系窗口工作人员",
                                             "Unknown error; please ask the service window"};
    if ((int)e < 0 || e >= CK_E__COUNT || err_table[e].name == NULL)
        return &unknown;
    return &err_table[e];
}

const char *ck_err_name(ck_err e) { return err_lookup(e)->name; }
const char *ck_err_zh(ck_err e) { return err_lookup(e)->zh; }
const char *ck_err_en(ck_err e) { return err_lookup(e)->en; }

ck_err ck_diag_fail(ck_diag *d, ck_err e, const char *zh_fmt, const char *en_fmt, ...)
{
    va_list ap, ap2;
    if (d == NULL)
        return e;
    va_start(ap, en_fmt);
    va_copy(ap2, ap);
    vsnprintf(d->zh, sizeof d->zh, zh_fmt, ap);
    vsnprintf(d->en, sizeof d->en, en_fmt, ap2);
    va_end(ap2);
    va_end(ap);
    return e;
}

ck_err ck_diag_zh(ck_diag *d, ck_err e, const char *fmt, ...)
{
    va_list ap;
    if (d == NULL)
        return e;
    va_start(ap, fmt);
    vsnprintf(d->zh, sizeof d->zh, fmt, ap);
    va_end(ap);
    return e;
}

ck_err ck_diag_en(ck_diag *d, ck_err e, const char *fmt, ...)
{
    va_list ap;
    if (d == NULL)
        return e;
    va_start(ap, fmt);
    vsnprintf(d->en, sizeof d->en, fmt, ap);
    va_end(ap);
    return e;
}

void ck_diag_clear(ck_diag *d)
{
    if (d == NULL)
        return;
    d->zh[0] = '\0';
    d->en[0] = '\0';
}
