/*
 * config.h - the kiosk's configuration (certkiosk.ini), documented key by
 * key in docs/config.md. The built-in defaults are the shipped
 * config/certkiosk.ini; a file given by the operator overrides them key by
 * key and is refused whole on any unknown key or bad value.
 */
#ifndef CK_CONFIG_CONFIG_H
#define CK_CONFIG_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "fees.h"

#define CONFIG_PATH_MAX 512

typedef struct ck_config {
    char kiosk_id[33];                       /* [kiosk] id */
    char window_id[17];                      /* [kiosk] window */
    char ca_name[97];                        /* [kiosk] ca_name */
    char ca_hotline[33];                     /* [kiosk] ca_hotline */
    char platform_hotline[33];               /* [kiosk] platform_hotline */
    int32_t utc_offset_s;                    /* [kiosk] timezone */
    char fees_file[CONFIG_PATH_MAX];         /* [fees] file, resolved against the config's folder; "" = built in */
    char store_path[CONFIG_PATH_MAX];        /* [store] path */
    char store_key_file[CONFIG_PATH_MAX];    /* [store] key_file */
    int purge_after_days;                    /* [store] purge_after_days */
    int store_backups_kept;                  /* [store] backups_kept: copies taken before a migration, kept */
    char log_level[8];                       /* [log] level: err warning notice info debug */
    char log_target[8];                      /* [log] target: auto, journal or stderr */
    char token_driver[8];                    /* [token] driver: "pcsc" or "sim" */
    char token_reader[128];                  /* [token] reader: "" = the first with a key */
    char token_sim_card[CONFIG_PATH_MAX];    /* [token] sim_card */
    char token_master_file[CONFIG_PATH_MAX]; /* [token] master_key_file */
    char upstream_url[256];                  /* [upstream] url: "" = no upstream, work offline */
    char upstream_ca[CONFIG_PATH_MAX];       /* [upstream] ca_file */
    char upstream_cert[CONFIG_PATH_MAX];     /* [upstream] client_cert */
    char upstream_key[CONFIG_PATH_MAX];      /* [upstream] client_key */
    int upstream_timeout_s;                  /* [upstream] timeout_s */
    int upstream_max_skew_s;                 /* [upstream] max_clock_skew_s */
    char seal_maker_ca[CONFIG_PATH_MAX];     /* [seal] maker_ca: PEM; seals whose maker it did not certify are refused */
    char upstream_pin[128];                  /* [upstream] pinned_pubkey: "sha256//BASE64;..." or "" */
    int upstream_interval_s;                 /* [upstream] sync_interval_s: the worker's pace when idle */
    char printer_transport[8];               /* [printer] transport: none tcp device cups */
    char printer_target[256];                /* [printer] target: host:port, device path or CUPS queue */
    char printer_paper[4];                   /* [printer] paper_mm: "58" or "80" */
    char printer_qr[8];                      /* [printer] qr: native (GS ( k) or raster (GS v 0) */
    char printer_chinese_mode[4];            /* [printer] chinese_mode: yes or no (FS & / FS .) */
    int printer_timeout_ms;                  /* [printer] timeout_ms */
    char receipt_lookup_url[256];            /* [receipt] lookup_url: "{job}" is replaced by the job's UUID */
    char receipt_font[CONFIG_PATH_MAX];      /* [receipt] font: for the PNG preview */
    int receipt_font_index;                  /* [receipt] font_index: the face in a collection (.ttc) */
    char ui_font[CONFIG_PATH_MAX];           /* [ui] font: "" = the shipped subset (build tree or installed) */
    char ui_orientation[10];                 /* [ui] orientation: auto, landscape or portrait */
    int clerk_max_failures;                  /* [clerk] max_failures: wrong PINs before the account locks */
    int clerk_lock_s;                        /* [clerk] lock_s: how long it stays locked */
    int clerk_idle_s;                        /* [clerk] idle_s: supervisor mode signs out after this */
    int ui_idle_s;                           /* [ui] idle_s: seconds without a touch before "still there?" */
    int ui_idle_grace_s;                     /* [ui] idle_grace_s: the dialog's countdown */
    bool ui_large_text;                      /* [ui] large_text: start each session in large, high-contrast text */
    char ui_hotline[33];                     /* [ui] hotline: shown on the attract screen; "" = [kiosk] ca_hotline */
    char ui_hours_zh[97];                    /* [ui] hours: opening hours, Chinese */
    char ui_hours_en[97];                    /* [ui] hours_en: opening hours, English */
    char ui_online_url[256];                 /* [ui] online_url: the CA's online hall, shown as a QR code; "" = none */
    char source[CONFIG_PATH_MAX];            /* the file it was read from, or "built-in" */
} ck_config;

/*
 * Loads the built-in defaults, then, if path is not NULL, the file at path
 * over them. CK_E_IO if the file cannot be read, CK_E_CONFIG with
 * "path:line: reason" for its content.
 */
ck_err config_load(const char *path, ck_config *out, ck_diag *d);

/* Loads the fee schedule the config names (or the built-in one). */
ck_err config_load_fees(const ck_config *cfg, ck_fee_schedule *out, ck_diag *d);

#endif
