/* clock_system.h - the real clock: CLOCK_REALTIME in the configured zone. */
#ifndef CK_PLATFORM_CLOCK_SYSTEM_H
#define CK_PLATFORM_CLOCK_SYSTEM_H

#include "clock.h"

ck_clock clock_system(int32_t utc_offset_s);

#endif
