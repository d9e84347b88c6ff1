/*
 * doctor.c - the checks' names, the dispatch of doctor_run, the config
 * check, and the writing of a result's texts (see doctor.h). The checks
 * themselves live by concern: doctor_files.c (database, key files, disk),
 * doctor_devices.c (pcscd, readers, printer), doctor_net.c (upstream, clock).
 */
#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "doctor_internal.h"
#include "utf8.h"

static const struct {
    const char *code, *zh, *en;
} checks[DOCTOR__COUNT] = {
    [DOCTOR_CONFIG] = {"config", "配置文件", "configuration"},
    [DOCTOR_DATABASE] = {"database", "数据库", "database"},
    [DOCTOR_KEY_FILES] = {"key_files", "密钥文件", "key files"},
    [DOCTOR_PCSCD] = {"pcscd", "读卡服务", "smart-card service"},
    [DOCTOR_READERS] = {"readers", "读卡器", "card readers"},
    [DOCTOR_PRINTER] = {"printer", "收据打印机", "receipt printer"},
    [DOCTOR_UPSTREAM] = {"upstream", "上级系统", "upstream"},
    [DOCTOR_CLOCK] = {"clock", "时钟", "clock"},
    [DOCTOR_DISK] = {"disk", "磁盘空间", "disk space"},
};

static bool in_range(doctor_check c) { return (int)c >= 0 && c < DOCTOR__COUNT; }

const char *doctor_check_code(doctor_check c) { return in_range(c) ? checks[c].code : "?"; }
const char *doctor_check_zh(doctor_check c) { return in_range(c) ? checks[c].zh : "?"; }
const char *doctor_check_en(doctor_check c) { return in_range(c) ? checks[c].en : "?"; }

/*
 * Keeps a text valid UTF-8 (JSON and the screen need it): a character cut in
 * half at the end, by truncation here or earlier, is dropped; any other
 * invalid byte (a file name in another encoding) becomes '?'.
 */
static void make_utf8(char *s)
{
    size_t len = strlen(s), i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (n > 0) {
            i += n;
        } else if (len - i < 4 && (unsigned char)s[i] >= 0xC2) {
            s[i] = '\0'; /* a lead byte whose sequence was cut off */
            return;
        } else {
            s[i++] = '?';
        }
    }
}

static void vtext(char *field, size_t cap, const char *fmt, va_list ap) CK_PRINTF(3, 0);
static void vtext(char *field, size_t cap, const char *fmt, va_list ap)
{
    if (vsnprintf(field, cap, fmt, ap) < 0)
        field[0] = '\0';
    make_utf8(field);
}

void doctor_text(char *field, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vtext(field, cap, fmt, ap);
    va_end(ap);
}

/* The attribute checks zh_fmt against the arguments; en_fmt (same arguments by contract) is unchecked, as in
 * ck_diag_fail. */
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
void doctor_found(doctor_result *r, doctor_status s, const char *zh_fmt, const char *en_fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, en_fmt);
    va_copy(ap2, ap);
    r->status = s;
    vtext(r->detail_zh, sizeof r->detail_zh, zh_fmt, ap);
    vtext(r->detail_en, sizeof r->detail_en, en_fmt, ap2);
    va_end(ap2);
    va_end(ap);
}

void doctor_fix(doctor_result *r, const char *zh_fmt, const char *en_fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, en_fmt);
    va_copy(ap2, ap);
    vtext(r->hint_zh, sizeof r->hint_zh, zh_fmt, ap);
    vtext(r->hint_en, sizeof r->hint_en, en_fmt, ap2);
    va_end(ap2);
    va_end(ap);
}
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic pop
#endif

void doctor_dirname(const char *path, char *dir, size_t cap)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        snprintf(dir, cap, ".");
    else if (slash == path)
        snprintf(dir, cap, "/");
    else
        snprintf(dir, cap, "%.*s", (int)(slash - path), path);
}

const char *doctor_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}

/* The configuration loaded, and the fee schedule it names: the kiosk refuses to start without either. */
static void check_config(const doctor_env *env, doctor_result *r)
{
    ck_fee_schedule fees;
    ck_diag d = {"", ""};
    ck_err rc;
    if (env->config_error != NULL) {
        r->status = DOCTOR_FAIL;
        doctor_text(r->detail_zh, sizeof r->detail_zh, "无法使用：%s", env->config_error->zh);
        doctor_text(r->detail_en, sizeof r->detail_en, "refused: %s", env->config_error->en);
        doctor_fix(r, "改正所指的文件和行；其余各项已按内置默认配置检查",
                   "fix the file and line named; the other checks ran on the built-in defaults");
        return;
    }
    if ((rc = config_load_fees(env->cfg, &fees, &d)) != CK_OK) {
        r->status = DOCTOR_FAIL;
        doctor_text(r->detail_zh, sizeof r->detail_zh, "收费标准无法使用：%s", d.zh[0] ? d.zh : ck_err_zh(rc));
        doctor_text(r->detail_en, sizeof r->detail_en, "the fee schedule is refused: %s",
                    d.en[0] ? d.en : ck_err_en(rc));
        doctor_fix(r, "改正 [fees] file 所指的收费标准文件，或留空使用内置收费标准",
                   "fix the fee schedule [fees] file names, or leave it empty for the built-in one");
        return;
    }
    if (env->config_path == NULL) {
        doctor_found(r, DOCTOR_WARN, "没有配置文件，正在使用内置默认配置（终端编号 %s）",
                     "no configuration file: the built-in defaults are in use (kiosk id %s)", env->cfg->kiosk_id);
        doctor_fix(r, "安装本机的 certkiosk.ini（见 docs/config.md）",
                   "install this kiosk's certkiosk.ini (docs/config.md)");
        return;
    }
    doctor_found(r, DOCTOR_PASS, "已加载 %s（终端 %s，窗口 %s）", "%s loaded (kiosk %s, window %s)", env->config_path,
                 env->cfg->kiosk_id, env->cfg->window_id);
}

void doctor_run(const doctor_env *env, doctor_check c, doctor_result *out)
{
    assert(env != NULL && env->cfg != NULL && env->clock != NULL && out != NULL && in_range(c));
    memset(out, 0, sizeof *out);
    out->check = c;
    switch (c) {
    case DOCTOR_CONFIG: check_config(env, out); break;
    case DOCTOR_DATABASE: doctor_check_database(env, out); break;
    case DOCTOR_KEY_FILES: doctor_check_key_files(env, out); break;
    case DOCTOR_PCSCD: doctor_check_pcscd(env, out); break;
    case DOCTOR_READERS: doctor_check_readers(env, out); break;
    case DOCTOR_PRINTER: doctor_check_printer(env, out); break;
    case DOCTOR_UPSTREAM: doctor_check_upstream(env, out); break;
    case DOCTOR_CLOCK: doctor_check_clock(env, out); break;
    case DOCTOR_DISK: doctor_check_disk(env, out); break;
    case DOCTOR__COUNT: break;
    }
}
