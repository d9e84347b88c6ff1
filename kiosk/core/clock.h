/*
 * clock.h - the time source, injectable so that every date rule can be tested
 * at its boundaries. The system clock lives in kiosk/platform; a fixed clock
 * (for tests and `certkioskctl --now`) is here because it needs no I/O.
 */
#ifndef CK_CORE_CLOCK_H
#define CK_CORE_CLOCK_H

#include <stdint.h>

#include "date.h"
#include "error.h"

typedef struct ck_clock {
    int64_t (*now)(void *ctx); /* seconds since the epoch, UTC */
    void *ctx;
    int32_t utc_offset_s; /* the kiosk's time zone */
} ck_clock;

static inline int64_t clock_now(const ck_clock *c) { return c->now(c->ctx); }
static inline ck_date clock_today(const ck_clock *c) { return date_from_unix(c->now(c->ctx), c->utc_offset_s); }

/* A clock that always answers *instant (the caller owns instant; it may change it). */
ck_clock clock_fixed(int64_t *instant, int32_t utc_offset_s);

/*
 * Resolves a time zone name to its UTC offset. Only zones without daylight
 * saving are accepted, since the kiosk counts days with a fixed offset:
 * Asia/Shanghai (and its aliases PRC, Asia/Chongqing, Asia/Harbin),
 * Asia/Hong_Kong, Asia/Macau, Asia/Taipei, UTC, or "UTC+HH:MM" / "UTC-HH:MM".
 * China has had no daylight saving since 1991, so +08:00 is exact for it.
 */
ck_err clock_parse_timezone(const char *name, int32_t *utc_offset_s);

/*
 * Parses a local time "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS" (in the given
 * offset) or "@SECONDS" (since the epoch) into an instant.
 */
ck_err clock_parse_instant(const char *s, int32_t utc_offset_s, int64_t *out);

#endif
