/*
 * watchdog.c - sd_notify for the service's readiness and watchdog
 * (watchdog.h). WATCHDOG_USEC is read here rather than through
 * sd_watchdog_enabled, which refuses when WATCHDOG_PID names another
 * process: under cage it names the compositor, our parent.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include "watchdog.h"

int ck_watchdog_interval_ms(void)
{
    const char *usec_s = getenv("WATCHDOG_USEC"), *pid_s = getenv("WATCHDOG_PID");
    char *end;
    unsigned long long usec;
    if (usec_s == NULL)
        return 0;
    errno = 0;
    usec = strtoull(usec_s, &end, 10);
    if (errno != 0 || *end != '\0' || usec == 0)
        return 0;
    if (pid_s != NULL) {
        long pid = strtol(pid_s, &end, 10);
        if (*end != '\0' || (pid != (long)getpid() && pid != (long)getppid()))
            return 0; /* meant for some other process */
    }
    /* Half the time-out, as sd_watchdog_enabled(3) advises; at least 100 ms. */
    return usec / 2000 > 100 ? (int)(usec / 2000 < 3600000 ? usec / 2000 : 3600000) : 100;
}

void ck_watchdog_ready(const char *status)
{
    char msg[256];
    snprintf(msg, sizeof msg, "READY=1\nSTATUS=%s", status != NULL ? status : "");
    sd_notify(0, msg);
}

void ck_watchdog_ping(void) { sd_notify(0, "WATCHDOG=1"); }

void ck_watchdog_stopping(void) { sd_notify(0, "STOPPING=1"); }
