/* backoff.c - exponential backoff with full jitter. */
#include "backoff.h"

int64_t backoff_delay_ms(int attempt, int64_t base_ms, int64_t cap_ms, uint32_t random)
{
    int64_t ceiling = base_ms > 0 ? base_ms : 1;
    if (cap_ms <= 0)
        return 0;
    /* Double until the cap; stopping there also keeps the shift from overflowing. */
    for (int i = 0; i < attempt && ceiling < cap_ms; i++)
        ceiling *= 2;
    if (ceiling > cap_ms)
        ceiling = cap_ms;
    /* random / 2^32 scaled to [0, ceiling]. */
    return (int64_t)(((uint64_t)random * (uint64_t)(ceiling + 1)) >> 32);
}
