/*
 * doctor.h - the check of an installed kiosk (`certkioskctl doctor`, and the
 * supervisor screen): configuration, database, key files, the smart-card
 * service and readers, the receipt printer, the upstream, the clock and the
 * disk, each with what was found and, when it is not right, what to do, in
 * Chinese and English. Each check stands alone: one that fails does not stop
 * the others, and a broken configuration is reported by the config check
 * while the others run on the built-in defaults.
 *
 * Nothing is created or repaired: the database is opened only if it exists
 * (and closed again), nothing is printed, and the upstream is only asked a
 * read-only question. Blocking, with bounded time-outs: call doctor_run on a
 * worker thread, never the UI's.
 */
#ifndef CK_DOCTOR_DOCTOR_H
#define CK_DOCTOR_DOCTOR_H

#include "clock.h"
#include "config.h"
#include "error.h"

typedef enum doctor_check {
    DOCTOR_CONFIG = 0,
    DOCTOR_DATABASE,
    DOCTOR_KEY_FILES,
    DOCTOR_PCSCD,
    DOCTOR_READERS,
    DOCTOR_PRINTER,
    DOCTOR_UPSTREAM,
    DOCTOR_CLOCK,
    DOCTOR_DISK,
    DOCTOR__COUNT
} doctor_check;

typedef enum doctor_status { DOCTOR_PASS = 0, DOCTOR_WARN, DOCTOR_FAIL } doctor_status;

typedef struct doctor_result {
    doctor_check check;
    doctor_status status;
    char detail_zh[256], detail_en[256]; /* what was found */
    char hint_zh[256], hint_en[256];     /* what to do; "" on PASS */
} doctor_result;

typedef struct doctor_env {
    const ck_config *cfg;        /* the loaded config, or the embedded defaults when it failed */
    const char *config_path;     /* the file loaded or tried; NULL when none was (the built-in defaults) */
    const ck_diag *config_error; /* the loader's message when the config failed, else NULL */
    const ck_clock *clock;       /* "now" for certificate expiry and the clock's skew */
} doctor_env;

/* Stable identifiers for logs and JSON: "config", "database", "key_files", ...; never NULL ("?" if out of range). */
const char *doctor_check_code(doctor_check c);
/* The check's name for a person, in Chinese and English; never NULL. */
const char *doctor_check_zh(doctor_check c), *doctor_check_en(doctor_check c);

/*
 * Runs one check and fills *out (always: every outcome is a result, none is
 * an error). env, its cfg and clock, and out must not be NULL. Blocks for at
 * most a few seconds (device and network time-outs). The network checks
 * release the calling thread's cached upstream connection (sync_http.h)
 * before they return, so the thread keeps nothing open; they expect
 * sync_http_global_init() to have been called, as for any sync request.
 * Thread-safe for distinct out.
 */
void doctor_run(const doctor_env *env, doctor_check c, doctor_result *out);

#endif
