/* config.c - the certkiosk.ini schema and the layering of defaults. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "embedded.h"
#include "fees_file.h"
#include "ini_schema.h"

#define STR_KEY(sec, key, field, minlen, what_)                                                                        \
    {                                                                                                                  \
        .section = sec, .name = key, .type = INI_T_STRING, .offset = offsetof(ck_config, field),                       \
        .size = sizeof(((ck_config *)0)->field), .min = minlen, .max = (long)sizeof(((ck_config *)0)->field) - 1,      \
        .what = what_                                                                                                  \
    }

static const ini_key config_keys[] = {
    STR_KEY("kiosk", "id", kiosk_id, 1, "终端编号 / kiosk id"),
    STR_KEY("kiosk", "window", window_id, 1, "窗口号 / window id"),
    STR_KEY("kiosk", "ca_name", ca_name, 1, "CA名称 / CA name"),
    STR_KEY("kiosk", "ca_hotline", ca_hotline, 1, "CA客服电话 / CA hotline"),
    STR_KEY("kiosk", "platform_hotline", platform_hotline, 1, "平台热线 / platform hotline"),
    {"kiosk", "timezone", INI_T_TZ, offsetof(ck_config, utc_offset_s), 0, 0, 0, false, "时区 / time zone", NULL},
    STR_KEY("fees", "file", fees_file, 0, "收费标准文件 / fee schedule file"),
    STR_KEY("store", "path", store_path, 1, "数据文件 / database file"),
    STR_KEY("store", "key_file", store_key_file, 1, "数据密钥文件 / database key file"),
    {"store", "purge_after_days", INI_T_INT, offsetof(ck_config, purge_after_days), 0, 1, 3650, false,
     "个人信息保留天数 / days personal data is kept", NULL},
    {.section = "store",
     .name = "backups_kept",
     .type = INI_T_INT,
     .offset = offsetof(ck_config, store_backups_kept),
     .min = 0,
     .max = 100,
     .what = "升级前备份保留份数 / database copies kept from before migrations"},
    {"log", "level", INI_T_STRING, offsetof(ck_config, log_level), sizeof(((ck_config *)0)->log_level), 1, 7, false,
     "日志级别 / log level", "err warning notice info debug"},
    {"log", "target", INI_T_STRING, offsetof(ck_config, log_target), sizeof(((ck_config *)0)->log_target), 1, 7,
     false, "日志去向 / log target", "auto journal stderr"},
    {"token", "driver", INI_T_STRING, offsetof(ck_config, token_driver), sizeof(((ck_config *)0)->token_driver), 1, 7,
     false, "USB Key驱动 / USB Key driver", "pcsc sim"},
    STR_KEY("token", "reader", token_reader, 0, "读卡器 / card reader"),
    STR_KEY("token", "sim_card", token_sim_card, 1, "模拟USB Key文件 / simulated USB Key file"),
    STR_KEY("token", "master_key_file", token_master_file, 1, "发证主密钥文件 / issuer master key file"),
    STR_KEY("upstream", "url", upstream_url, 0, "上级系统地址 / upstream URL"),
    STR_KEY("upstream", "ca_file", upstream_ca, 1, "上级系统CA证书 / upstream CA file"),
    STR_KEY("upstream", "client_cert", upstream_cert, 1, "终端证书 / kiosk client certificate"),
    STR_KEY("upstream", "client_key", upstream_key, 1, "终端私钥 / kiosk client key"),
    STR_KEY("seal", "maker_ca", seal_maker_ca, 0, "印章制作者CA证书 / CA of the seal makers"),
    {.section = "upstream",
     .name = "timeout_s",
     .type = INI_T_INT,
     .offset = offsetof(ck_config, upstream_timeout_s),
     .min = 1,
     .max = 300,
     .what = "上级系统超时 / upstream time-out"},
    {.section = "upstream",
     .name = "max_clock_skew_s",
     .type = INI_T_INT,
     .offset = offsetof(ck_config, upstream_max_skew_s),
     .min = 1,
     .max = 86400,
     .what = "时钟允许偏差 / clock skew allowed"},
    STR_KEY("upstream", "pinned_pubkey", upstream_pin, 0, "上级系统公钥指纹 / upstream public key pin"),
    {.section = "upstream",
     .name = "sync_interval_s",
     .type = INI_T_INT,
     .offset = offsetof(ck_config, upstream_interval_s),
     .min = 1,
     .max = 3600,
     .what = "同步间隔 / sync interval"},
    {"printer", "transport", INI_T_STRING, offsetof(ck_config, printer_transport),
     sizeof(((ck_config *)0)->printer_transport), 1, 7, false, "收据打印机连接 / printer transport",
     "none tcp device cups"},
    STR_KEY("printer", "target", printer_target, 0, "收据打印机地址 / printer address"),
    {"printer", "paper_mm", INI_T_STRING, offsetof(ck_config, printer_paper), sizeof(((ck_config *)0)->printer_paper),
     2, 2, false, "纸宽 / paper width", "58 80"},
    {"printer", "qr", INI_T_STRING, offsetof(ck_config, printer_qr), sizeof(((ck_config *)0)->printer_qr), 1, 7, false,
     "二维码打印方式 / QR printing", "native raster"},
    {"printer", "chinese_mode", INI_T_STRING, offsetof(ck_config, printer_chinese_mode),
     sizeof(((ck_config *)0)->printer_chinese_mode), 2, 3, false, "中文模式 / Chinese mode", "yes no"},
    {.section = "printer",
     .name = "timeout_ms",
     .type = INI_T_INT,
     .offset = offsetof(ck_config, printer_timeout_ms),
     .min = 100,
     .max = 60000,
     .what = "打印机超时 / printer time-out"},
    STR_KEY("receipt", "lookup_url", receipt_lookup_url, 0, "收据查询网址 / receipt lookup URL"),
    STR_KEY("receipt", "font", receipt_font, 1, "收据字体 / receipt font"),
    {.section = "receipt",
     .name = "font_index",
     .type = INI_T_INT,
     .offset = offsetof(ck_config, receipt_font_index),
     .min = 0,
     .max = 31,
     .what = "字体序号 / font face index"},
    STR_KEY("ui", "font", ui_font, 0, "界面字体 / screen font"),
    {"ui", "orientation", INI_T_STRING, offsetof(ck_config, ui_orientation), sizeof(((ck_config *)0)->ui_orientation),
     1, 9, false, "屏幕方向 / screen orientation", "auto landscape portrait"},
    {.section = "clerk",
     .name = "max_failures",
     .type = INI_T_INT,
     .offset = offsetof(ck_config, clerk_max_failures),
     .min = 1,
     .max = 20,
     .what = "柜员密码错误次数上限 / wrong clerk PINs before the lock"},
    {.section = "clerk",
     .name = "lock_s",
     .type = INI_T_INT,
     .offset = offsetof(ck_config, clerk_lock_s),
     .min = 10,
     .max = 86400,
     .what = "柜员锁定秒数 / seconds a clerk stays locked"},
    {.section = "clerk",
     .name = "idle_s",
     .type = INI_T_INT,
     .offset = offsetof(ck_config, clerk_idle_s),
     .min = 30,
     .max = 3600,
     .what = "柜员无操作自动退出秒数 / seconds before an idle clerk is signed out"},
    {.section = "ui",
     .name = "idle_s",
     .type = INI_T_INT,
     .offset = offsetof(ck_config, ui_idle_s),
     .min = 10,
     .max = 3600,
     .what = "无操作提示前的秒数 / seconds before the idle prompt"},
    {.section = "ui",
     .name = "idle_grace_s",
     .type = INI_T_INT,
     .offset = offsetof(ck_config, ui_idle_grace_s),
     .min = 5,
     .max = 600,
     .what = "无操作提示倒计时 / idle prompt countdown"},
    {.section = "ui",
     .name = "large_text",
     .type = INI_T_BOOL,
     .offset = offsetof(ck_config, ui_large_text),
     .what = "大字模式 / large text"},
    STR_KEY("ui", "hotline", ui_hotline, 0, "首页客服电话 / hotline on the start screen"),
    STR_KEY("ui", "hours", ui_hours_zh, 0, "服务时间 / opening hours (Chinese)"),
    STR_KEY("ui", "hours_en", ui_hours_en, 0, "服务时间（英文）/ opening hours (English)"),
    STR_KEY("ui", "online_url", ui_online_url, 0, "网上办理地址 / online service URL"),
};

#define N_CONFIG_KEYS (sizeof config_keys / sizeof config_keys[0])

/* Makes a relative path relative to the folder of the config file. */
static ck_err resolve_path(char *field, const char *config_path, ck_diag *d)
{
    char joined[CONFIG_PATH_MAX];
    const char *slash = strrchr(config_path, '/');
    int n;
    if (field[0] == '\0' || field[0] == '/' || slash == NULL)
        return CK_OK;
    n = snprintf(joined, sizeof joined, "%.*s/%s", (int)(slash - config_path), config_path, field);
    if (n < 0 || (size_t)n >= sizeof joined)
        return ck_diag_fail(d, CK_E_CONFIG, "%s：路径 %s 过长", "%s: the path %s is too long", config_path, field);
    memcpy(field, joined, (size_t)n + 1);
    return CK_OK;
}

ck_err config_load(const char *path, ck_config *out, ck_diag *d)
{
    ck_config cfg = {0};
    ck_err rc;
    if (out == NULL)
        return CK_E_ARG;
    rc = ini_schema_parse(embedded_certkiosk_ini, true, "built-in certkiosk.ini", config_keys, N_CONFIG_KEYS, &cfg,
                          CK_E_CONFIG, d);
    if (rc != CK_OK)
        return rc; /* a broken build, caught by the tests */
    snprintf(cfg.source, sizeof cfg.source, "built-in");
    if (path != NULL) {
        if (strlen(path) >= sizeof cfg.source)
            return ck_diag_fail(d, CK_E_CONFIG, "配置文件路径过长", "the configuration path is too long");
        rc = ini_schema_parse(path, false, path, config_keys, N_CONFIG_KEYS, &cfg, CK_E_CONFIG, d);
        /* Every key that names a file: relative to the config file's folder. */
        {
            char *const paths[] = {cfg.fees_file,      cfg.store_path,        cfg.store_key_file,
                                   cfg.token_sim_card, cfg.token_master_file, cfg.upstream_ca,
                                   cfg.upstream_cert,  cfg.upstream_key,      cfg.receipt_font,
                                   cfg.ui_font,        cfg.seal_maker_ca};
            for (size_t i = 0; rc == CK_OK && i < sizeof paths / sizeof paths[0]; i++)
                rc = resolve_path(paths[i], path, d);
        }
        if (rc != CK_OK)
            return rc;
        snprintf(cfg.source, sizeof cfg.source, "%s", path);
    }
    *out = cfg;
    return CK_OK;
}

ck_err config_load_fees(const ck_config *cfg, ck_fee_schedule *out, ck_diag *d)
{
    if (cfg == NULL || out == NULL)
        return CK_E_ARG;
    if (cfg->fees_file[0] == '\0')
        return fees_file_load_builtin(out, d);
    return fees_file_load(cfg->fees_file, out, d);
}
