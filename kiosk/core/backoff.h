/*
 * backoff.h - when to try the upstream again: exponential backoff with full
 * jitter (a uniformly random wait between 0 and min(cap, base * 2^attempt)),
 * so that many kiosks coming back online after an outage do not all knock at
 * once. Pure: the caller supplies the random number.
 */
#ifndef CK_CORE_BACKOFF_H
#define CK_CORE_BACKOFF_H

#include <stdint.h>

/*
 * The wait in milliseconds before attempt number `attempt` (0 for the first
 * retry), given a uniformly random 32-bit value. Never more than cap_ms; safe
 * for any attempt count (no overflow).
 */
int64_t backoff_delay_ms(int attempt, int64_t base_ms, int64_t cap_ms, uint32_t random);

#endif
