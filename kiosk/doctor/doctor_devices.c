/*
 * doctor_devices.c - the checks on the kiosk's devices: the smart-card
 * service (pcscd), the card readers and whether a key is in one, and the
 * receipt printer's own status (DLE EOT), asked without printing anything.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "doctor_internal.h"
#include "printer.h"
#include "token_pcsc.h"

static bool simulated(const ck_config *cfg) { return strcmp(cfg->token_driver, "sim") == 0; }

/* pcscd does not answer: the pcscd check fails; the readers check, which cannot list any, says it cannot tell. */
static void pcscd_down(doctor_result *r, ck_err rc, const ck_diag *d, bool listing)
{
    r->status = DOCTOR_FAIL;
    if (rc == CK_E_TOKEN_NO_READER) { /* SCARD_E_NO_SERVICE: nothing listens on its socket */
        doctor_found(r, DOCTOR_FAIL, "读卡服务（pcscd）未运行", "pcscd (the smart-card service) is not running");
    } else {
        doctor_text(r->detail_zh, sizeof r->detail_zh, "无法连接读卡服务（pcscd）：%s", d->zh);
        doctor_text(r->detail_en, sizeof r->detail_en, "cannot reach pcscd: %s", d->en);
    }
    doctor_fix(r, "启动读卡服务：systemctl start pcscd.socket", "start it: systemctl start pcscd.socket");
    if (listing) { /* the readers check cannot tell: the one failure is the pcscd check's */
        char zh[sizeof r->detail_zh], en[sizeof r->detail_en];
        snprintf(zh, sizeof zh, "%s", r->detail_zh);
        snprintf(en, sizeof en, "%s", r->detail_en);
        r->status = DOCTOR_WARN;
        doctor_text(r->detail_zh, sizeof r->detail_zh, "无法判断：无法列出读卡器，%s", zh);
        doctor_text(r->detail_en, sizeof r->detail_en, "cannot tell: the readers cannot be listed, %s", en);
        doctor_fix(r, "先解决读卡服务一项（systemctl start pcscd.socket）",
                   "fix the smart-card service first (systemctl start pcscd.socket)");
    }
}

void doctor_check_pcscd(const doctor_env *env, doctor_result *r)
{
    ck_diag d = {"", ""};
    ck_err rc;
    if (simulated(env->cfg)) {
        bool made = access(env->cfg->token_sim_card, F_OK) == 0;
        r->status = DOCTOR_PASS;
        doctor_text(r->detail_zh, sizeof r->detail_zh, "使用模拟USB Key（[token] driver = sim），不需要读卡服务：%s%s",
                    env->cfg->token_sim_card, made ? "" : "（首次使用时创建）");
        doctor_text(r->detail_en, sizeof r->detail_en,
                    "a simulated USB Key ([token] driver = sim) needs no pcscd: %s%s", env->cfg->token_sim_card,
                    made ? "" : " (made at first use)");
        return;
    }
    if ((rc = token_pcsc_service(&d)) != CK_OK) {
        pcscd_down(r, rc, &d, false);
        return;
    }
    doctor_found(r, DOCTOR_PASS, "读卡服务（pcscd）已应答", "the smart-card service (pcscd) answers");
}

void doctor_check_readers(const doctor_env *env, doctor_result *r)
{
    const char *wanted = env->cfg->token_reader;
    token_pcsc_reader readers[TOKEN_PCSC_MAX_READERS];
    char names[200] = "", with_key[140] = "";
    ck_diag d = {"", ""};
    ck_err rc;
    int n = 0;
    bool found = wanted[0] == '\0';
    if (simulated(env->cfg)) {
        doctor_found(r, DOCTOR_PASS, "模拟读卡器，模拟USB Key始终在位",
                     "the simulated reader; its key is always present");
        return;
    }
    if ((rc = token_pcsc_service(&d)) != CK_OK) {
        pcscd_down(r, rc, &d, true);
        return;
    }
    if (token_pcsc_list(readers, TOKEN_PCSC_MAX_READERS, &n, &d) != CK_OK || n == 0) {
        doctor_found(r, DOCTOR_FAIL, "读卡服务在运行，但没有读卡器", "pcscd runs, but no card reader is connected");
        doctor_fix(r, "插好读卡器（USB）后执行 pcsc_scan 查看",
                   "plug the card reader in (USB), then check with pcsc_scan");
        return;
    }
    for (int i = 0; i < n; i++) {
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%.100s", i > 0 ? ", " : "", readers[i].name);
        if (readers[i].card_present && with_key[0] == '\0')
            snprintf(with_key, sizeof with_key, "%.100s", readers[i].name);
        if (!found && strcmp(readers[i].name, wanted) == 0)
            found = true;
    }
    if (!found) {
        doctor_found(r, DOCTOR_FAIL, "配置的读卡器“%s”不在列表中（现有：%s）",
                     "the configured reader \"%s\" is not there (there are: %s)", wanted, names);
        doctor_fix(r, "把 [token] reader 设为上列之一，或留空使用第一个有卡的读卡器",
                   "set [token] reader to one of those, or leave it empty for the first reader with a key");
        return;
    }
    if (with_key[0] != '\0')
        doctor_found(r, DOCTOR_PASS, "%d 个读卡器（%s）；%s 中有USB Key", "%d reader(s) (%s); a key is in %s", n, names,
                     with_key);
    else
        doctor_found(r, DOCTOR_PASS, "%d 个读卡器（%s）；未插入USB Key", "%d reader(s) (%s); no key inserted", n,
                     names);
}

static printer_transport transport_of(const char *name)
{
    return strcmp(name, "tcp") == 0      ? PRINTER_TCP
           : strcmp(name, "device") == 0 ? PRINTER_DEVICE
           : strcmp(name, "cups") == 0   ? PRINTER_CUPS
                                         : PRINTER_NONE;
}

/* What each state the printer reports means, and what to do about it. */
static void printer_state(doctor_result *r, const char *target, escpos_state s)
{
    switch (s) {
    case ESCPOS_READY:
        doctor_found(r, DOCTOR_PASS, "%s 就绪（有纸，盖已关，在线）", "%s is ready (paper, cover closed, online)",
                     target);
        return;
    case ESCPOS_PAPER_NEAR_END:
        doctor_found(r, DOCTOR_WARN, "%s 纸将用完", "%s reports the paper roll near its end", target);
        doctor_fix(r, "尽快换上新纸卷", "put in a new paper roll soon");
        return;
    case ESCPOS_PAPER_OUT:
        doctor_found(r, DOCTOR_FAIL, "%s 缺纸", "%s is out of paper", target);
        doctor_fix(r, "装入新纸卷并关好打印机盖", "load a new paper roll and close the cover");
        return;
    case ESCPOS_COVER_OPEN:
        doctor_found(r, DOCTOR_FAIL, "%s 的打印机盖未关好", "%s reports its cover open", target);
        doctor_fix(r, "关好打印机盖", "close the printer's cover");
        return;
    case ESCPOS_OFFLINE:
        doctor_found(r, DOCTOR_FAIL, "%s 离线（错误或暂停）", "%s is offline (an error, or paused)", target);
        doctor_fix(r, "查看打印机的指示灯，排除卡纸或错误后重新开机",
                   "look at the printer's lights, clear a jam or error, and switch it off and on");
        return;
    }
    doctor_found(r, DOCTOR_FAIL, "%s 状态无法识别", "%s reports a state not understood", target);
}

void doctor_check_printer(const doctor_env *env, doctor_result *r)
{
    const ck_config *cfg = env->cfg;
    printer_transport t = transport_of(cfg->printer_transport);
    printer *p = NULL;
    escpos_state s = ESCPOS_READY;
    ck_diag d = {"", ""};
    ck_err rc;
    if (t == PRINTER_NONE) {
        doctor_found(r, DOCTOR_WARN, "未配置收据打印机（[printer] transport = none），不打印收据",
                     "no receipt printer ([printer] transport = none): no receipts are printed");
        doctor_fix(r, "本机有打印机时设置 [printer] transport 和 target",
                   "if this kiosk has a printer, set [printer] transport and target");
        return;
    }
    if ((rc = printer_open(t, cfg->printer_target, cfg->printer_timeout_ms, &p, &d)) != CK_OK) {
        r->status = DOCTOR_FAIL;
        doctor_text(r->detail_zh, sizeof r->detail_zh, "无法连接收据打印机 %s：%s", cfg->printer_target, d.zh);
        doctor_text(r->detail_en, sizeof r->detail_en, "cannot reach the receipt printer: %s", d.en);
        doctor_fix(r, "检查打印机电源、连线/网络，以及 [printer] target",
                   "check the printer's power, cable or network, and [printer] target");
        return;
    }
    rc = p->ops->status(p, &s, &d);
    printer_close(p);
    if (rc == CK_E_NOT_FOUND) { /* CUPS, or a printer that does not answer DLE EOT: it prints, but cannot say */
        r->status = DOCTOR_WARN;
        doctor_text(r->detail_zh, sizeof r->detail_zh, "已连接 %s，但无法读取纸张状态：%s", cfg->printer_target, d.zh);
        doctor_text(r->detail_en, sizeof r->detail_en, "%s is reachable, but cannot tell its paper state (%s)",
                    cfg->printer_target, d.en);
        doctor_fix(r, "打印一张测试页确认（certkioskctl receipt print）",
                   "print one to be sure (certkioskctl receipt print)");
    } else if (rc != CK_OK) {
        r->status = DOCTOR_FAIL;
        doctor_text(r->detail_zh, sizeof r->detail_zh, "收据打印机 %s：%s", cfg->printer_target, d.zh);
        doctor_text(r->detail_en, sizeof r->detail_en, "the receipt printer %s broke the connection (%s)",
                    cfg->printer_target, d.en);
        doctor_fix(r, "检查打印机电源和连线后重试", "check the printer's power and cable, then try again");
    } else {
        printer_state(r, cfg->printer_target, s);
    }
}
