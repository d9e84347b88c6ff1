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
    [CK_E_NOT_ELIGIBLE] = {"not_eligible", "当前不满足办理条件", "The conditions for this service are not met"},
    [CK_E_INVALID_INPUT] = {"invalid_input", "输入的信息有误，请检查后重新输入",
                            "The information entered is not valid; please check it"},
    [CK_E_RANGE] = {"out_of_range", "所选数量不在可办理范围内", "The chosen number is outside what is offered"},
    [CK_E_ILLEGAL_TRANSITION] = {"illegal_transition", "业务状态不允许这一步操作，请联系窗口工作人员",
                                 "This step is not allowed in the job's current state; please ask the window"},
    [CK_E_NOT_FOUND] = {"not_found", "未找到该业务记录，请到窗口查询",
                        "The record was not found; please ask at the window"},
    [CK_E_STORE] = {"store_error", "数据保存失败，您的业务未丢失，请联系窗口工作人员",
                    "Saving failed; nothing was lost. Please ask the service window"},
    [CK_E_DISK_FULL] = {"disk_full", "设备存储空间已满，暂停受理新业务，请到窗口办理",
                        "The kiosk's storage is full; please use the service window"},
    [CK_E_STORE_CORRUPT] = {"store_corrupt", "设备数据文件损坏，请联系技术人员，切勿删除文件",
                            "The kiosk's data file is damaged; call a technician and do not delete it"},
    [CK_E_STORE_KEY] = {"store_key", "设备数据密钥不可用，请联系技术人员",
                        "The kiosk's data key is unusable; please call a technician"},
    [CK_E_STORE_TOO_NEW] = {"store_too_new", "数据文件来自更新版本的程序，请升级本机程序",
                            "The data file was written by a newer version; please upgrade this kiosk"},
    [CK_E_TAMPERED] = {"audit_tampered", "审计记录校验失败，请立即联系技术人员",
                       "The audit log does not verify; call a technician at once"},
    [CK_E_AMOUNT_MISMATCH] = {"amount_mismatch", "支付金额与应付金额不符，请到窗口处理",
                              "The amount paid does not match the amount due; please ask at the window"},
    [CK_E_DUPLICATE] = {"duplicate", "该记录已存在，未重复处理", "This was already recorded; nothing was done twice"},
    [CK_E_TOKEN_NO_READER] = {"token_no_reader", "未检测到读卡设备，请联系窗口工作人员",
                              "No card reader was found; please ask the service window"},
    [CK_E_TOKEN_ABSENT] = {"token_absent", "CA证书读取错误！未插入CA证书UKey或插入UKey无法使用，请插入您的USB Key",
                           "The certificate could not be read: no USB Key is inserted, or it cannot be used. "
                           "Please insert your USB Key"},
    [CK_E_TOKEN_REMOVED] = {"token_removed", "USB Key已被拔出，请重新插入后继续，已完成的步骤不会丢失",
                            "The USB Key was removed; insert it again to continue. Nothing done so far is lost"},
    [CK_E_TOKEN_PIN_WRONG] = {"pin_wrong", "证书密码错误，请重新输入", "Wrong PIN; please try again"},
    [CK_E_TOKEN_PIN_BLOCKED] = {"pin_blocked", "证书已被锁定，请到窗口办理证书解锁（客服电话400-028-1130）",
                                "The USB Key is locked; please have it unlocked at the window (hotline 400-028-1130)"},
    [CK_E_TOKEN_UNKNOWN] = {"token_unknown", "无法识别该USB Key，请确认是四川CA的证书UKey，或到窗口咨询",
                            "This USB Key is not recognised; check it is a Sichuan CA key, or ask at the window"},
    [CK_E_TOKEN_FULL] = {"token_full", "USB Key存储空间已满，请到窗口处理",
                         "The USB Key is full; please ask at the window"},
    [CK_E_TOKEN_COMM] = {"token_comm", "与USB Key通信失败，请重新插入USB Key后重试",
                         "Communication with the USB Key failed; re-insert it and try again"},
    [CK_E_TOKEN_AUTH] = {"token_auth", "USB Key管理认证失败，请到窗口处理",
                         "The USB Key refused the issuer's authentication; please ask at the window"},
    [CK_E_TOKEN_OTHER_KEY] = {"token_other_key", "这不是开始办理时插入的USB Key，请插入原来的USB Key",
                              "This is not the USB Key this job started with; please insert that one"},
    [CK_E_UPSTREAM] = {"upstream_unreachable", "上级系统暂时无法连接，业务已保存在本机，恢复后自动提交",
                       "The CA's system cannot be reached; your job is kept here and goes up when it is back"},
    [CK_E_UPSTREAM_REFUSED] = {"upstream_refused", "上级系统不受理此请求，请到窗口咨询",
                               "The CA's system refused the request; please ask at the window"},
    [CK_E_CERT_MISMATCH] = {"cert_mismatch", "签发的证书与本业务的密钥不符，请到窗口处理",
                            "The issued certificate does not match this job's key; please ask at the window"},
    [CK_E_PRINTER] = {"printer", "收据打印机暂时无法使用，请到窗口领取收据",
                      "The receipt printer is not available; please collect your receipt at the window"},
    [CK_E_SEAL] = {"seal_invalid", "电子印章无效（签名、有效期或绑定的证书不符），请办理印章升级或印章续期",
                   "The electronic seal is not valid (signature, validity or bound certificate); apply for a seal upgrade or renewal"},
    [CK_E_CANCELLED] = {"cancelled", "已取消", "Cancelled"},
    [CK_E_DENIED] = {"denied", "工号或密码不正确", "Wrong clerk id or PIN"},
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
    /* The attribute checks zh_fmt against the arguments; a function can carry only one, so
     * en_fmt (same arguments, same order, by contract) is unchecked here. */
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
    vsnprintf(d->en, sizeof d->en, en_fmt, ap2);
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic pop
#endif
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

ck_err ck_diag_detail(ck_diag *d, ck_err e, const char *zh, const char *en_fmt, ...)
{
    va_list ap;
    if (d == NULL)
        return e;
    snprintf(d->zh, sizeof d->zh, "%s", zh);
    va_start(ap, en_fmt);
    vsnprintf(d->en, sizeof d->en, en_fmt, ap);
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
