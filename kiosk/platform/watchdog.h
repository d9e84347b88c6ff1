/*
 * watchdog.h - telling systemd the kiosk is up and its screen loop alive
 * (sd_notify: READY=1, then WATCHDOG=1 at half the unit's WatchdogSec). The
 * loop itself sends the keep-alives, so a screen loop stuck in a handler
 * stops them and systemd kills and restarts the kiosk (Restart=always).
 *
 * Under cage the kiosk is the compositor's child, not the unit's main
 * process: systemd names the main process in WATCHDOG_PID, so a process
 * whose parent is that process takes the watchdog as its own (the unit
 * sets NotifyAccess=all so that systemd listens to it).
 */
#ifndef CK_PLATFORM_WATCHDOG_H
#define CK_PLATFORM_WATCHDOG_H

/* The keep-alive interval in milliseconds (half of WATCHDOG_USEC), or 0 without a watchdog. */
int ck_watchdog_interval_ms(void);

/* READY=1 with a status line; harmless when not run by systemd (no NOTIFY_SOCKET). */
void ck_watchdog_ready(const char *status);

/* WATCHDOG=1. */
void ck_watchdog_ping(void);

/* STOPPING=1: a clean exit, not a crash. */
void ck_watchdog_stopping(void);

#endif
