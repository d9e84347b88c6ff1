/*
 * log.h - the kiosk's log: the systemd journal with structured fields when
 * systemd runs the program, else standard error. A line names the job it is
 * about by its UUID (field CK_JOB_ID) and what happened by a short event code
 * (CK_EVENT, e.g. "job.queued"); it never carries a customer's personal data
 * (names, ID numbers, mobiles, PINs): callers log codes, states and the
 * English half of a ck_diag, whose messages name causes, not values.
 *
 * Thread-safe: the workers log from their own threads.
 */
#ifndef CK_PLATFORM_LOG_H
#define CK_PLATFORM_LOG_H

#include <stdbool.h>

#include "error.h"

/* syslog(3)'s numbers, as the journal's PRIORITY field takes them. */
typedef enum ck_log_level {
    CK_LOG_ERR = 3,
    CK_LOG_WARNING = 4,
    CK_LOG_NOTICE = 5,
    CK_LOG_INFO = 6,
    CK_LOG_DEBUG = 7,
} ck_log_level;

/*
 * Sets up the log for the program ident ("certkiosk"): level is [log] level
 * (err warning notice info debug), target [log] target (auto journal stderr).
 * Until it is called, lines at info and above go to standard error.
 */
ck_err ck_log_setup(const char *ident, const char *level, const char *target, ck_diag *d);

/* Whether lines at level are written at all (to skip building costly ones). */
bool ck_log_enabled(ck_log_level level);

/*
 * Logs one line. job is a job's UUID or NULL; event a short code such as
 * "job.state" or NULL. printf-style, no trailing newline.
 */
void ck_log(ck_log_level level, const char *job, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Logs a failure: its message in both languages and the error's code. */
void ck_log_diag(ck_log_level level, const char *job, const char *event, ck_err e, const ck_diag *d);

#endif
