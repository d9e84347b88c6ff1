/* clock_system.c - the wall clock behind the ck_clock table. */
#include "clock_system.h"

#include <time.h>

static int64_t system_now(void *ctx)
{
    struct timespec ts;
    (void)ctx;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec;
}

ck_clock clock_system(int32_t utc_offset_s)
{
    return (ck_clock){.now = system_now, .ctx = NULL, .utc_offset_s = utc_offset_s};
}
