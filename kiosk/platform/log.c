/*
 * log.c - the journal or standard error (log.h). The journal gets the
 * message with PRIORITY, SYSLOG_IDENTIFIER, CK_JOB_ID and CK_EVENT through
 * sd_journal_send, so `journalctl -u certkiosk CK_JOB_ID=...` finds a job's
 * story; standard error gets one line per call, written with a single
 * write so threads do not interleave.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* The journal would otherwise say every line came from log.c. */
#define SD_JOURNAL_SUPPRESS_LOCATION 1
#include <systemd/sd-journal.h>
#include <sys/uio.h>
#include <unistd.h>

#include "log.h"

static struct {
    char ident[32];
    int level;
    bool journal;
} log_cfg = {"certkiosk", CK_LOG_INFO, false};

static const char *const level_names[] = {[CK_LOG_ERR] = "err",
                                           [CK_LOG_WARNING] = "warning",
                                           [CK_LOG_NOTICE] = "notice",
                                           [CK_LOG_INFO] = "info",
                                           [CK_LOG_DEBUG] = "debug"};

ck_err ck_log_setup(const char *ident, const char *level, const char *target, ck_diag *d)
{
    int lv = -1;
    for (int i = CK_LOG_ERR; i <= CK_LOG_DEBUG; i++)
        if (level != NULL && strcmp(level, level_names[i]) == 0)
            lv = i;
    if (lv < 0)
        return ck_diag_fail(d, CK_E_CONFIG, "日志级别 %s 无效（err warning notice info debug）",
                            "log level %s is not one of err warning notice info debug", level ? level : "(none)");
    if (target == NULL || strcmp(target, "auto") == 0)
        /* systemd sets JOURNAL_STREAM when our output goes to the journal, INVOCATION_ID for any unit. */
        log_cfg.journal = getenv("JOURNAL_STREAM") != NULL || getenv("INVOCATION_ID") != NULL;
    else if (strcmp(target, "journal") == 0)
        log_cfg.journal = true;
    else if (strcmp(target, "stderr") == 0)
        log_cfg.journal = false;
    else
        return ck_diag_fail(d, CK_E_CONFIG, "日志去向 %s 无效（auto journal stderr）",
                            "log target %s is not one of auto journal stderr", target);
    snprintf(log_cfg.ident, sizeof log_cfg.ident, "%s", ident != NULL ? ident : "certkiosk");
    log_cfg.level = lv;
    return CK_OK;
}

bool ck_log_enabled(ck_log_level level) { return (int)level <= log_cfg.level; }

static void log_line(ck_log_level level, const char *job, const char *event, const char *msg)
{
    char line[1400];
    int n;
    if (log_cfg.journal) {
        /* Fields that do not apply are left out rather than sent empty. */
        char f[4][1200];
        struct iovec iov[5];
        int k = 0;
        snprintf(f[0], sizeof f[0], "PRIORITY=%d", (int)level);
        snprintf(f[1], sizeof f[1], "SYSLOG_IDENTIFIER=%s", log_cfg.ident);
        iov[k++] = (struct iovec){f[0], strlen(f[0])};
        iov[k++] = (struct iovec){f[1], strlen(f[1])};
        if (job != NULL && *job != '\0') {
            snprintf(f[2], sizeof f[2], "CK_JOB_ID=%s", job);
            iov[k++] = (struct iovec){f[2], strlen(f[2])};
        }
        if (event != NULL && *event != '\0') {
            snprintf(f[3], sizeof f[3], "CK_EVENT=%s", event);
            iov[k++] = (struct iovec){f[3], strlen(f[3])};
        }
        snprintf(line, sizeof line, "MESSAGE=%s", msg);
        iov[k++] = (struct iovec){line, strlen(line)};
        sd_journal_sendv(iov, k);
        return;
    }
    n = snprintf(line, sizeof line, "%s[%d] <%s>%s%s%s%s %s\n", log_cfg.ident, (int)getpid(), level_names[level],
                 event != NULL && *event ? " " : "", event != NULL ? event : "", job != NULL && *job ? " job=" : "",
                 job != NULL ? job : "", msg);
    if (n > (int)sizeof line - 1)
        n = (int)sizeof line - 1, line[n - 1] = '\n';
    if (write(STDERR_FILENO, line, (size_t)n) < 0) {
        /* Nowhere left to say it. */
    }
}

void ck_log(ck_log_level level, const char *job, const char *event, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    if (!ck_log_enabled(level))
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    log_line(level, job, event, msg);
}

void ck_log_diag(ck_log_level level, const char *job, const char *event, ck_err e, const ck_diag *d)
{
    if (!ck_log_enabled(level))
        return;
    if (d != NULL && d->zh[0] != '\0')
        ck_log(level, job, event, "%s / %s (%s)", d->zh, d->en, ck_err_name(e));
    else
        ck_log(level, job, event, "%s", ck_err_name(e));
}
