/* test_backoff.c - full-jitter backoff: bounds, growth, the cap, no overflow. */
#include "cmocka_all.h"

#include "backoff.h"

static void test_bounds(void **state)
{
    (void)state;
    /* The random value's extremes reach the ends of [0, min(cap, base * 2^attempt)]. */
    assert_int_equal(backoff_delay_ms(0, 1000, 300000, 0), 0);
    assert_int_equal(backoff_delay_ms(0, 1000, 300000, UINT32_MAX), 1000);
    assert_int_equal(backoff_delay_ms(3, 1000, 300000, UINT32_MAX), 8000);
    assert_int_equal(backoff_delay_ms(3, 1000, 300000, UINT32_MAX / 2), 4000);
    assert_int_equal(backoff_delay_ms(20, 1000, 300000, UINT32_MAX), 300000);
    assert_int_equal(backoff_delay_ms(1000000, 1000, 300000, UINT32_MAX), 300000);
    assert_int_equal(backoff_delay_ms(-5, 1000, 300000, UINT32_MAX), 1000);
    assert_int_equal(backoff_delay_ms(2, 1000, 0, UINT32_MAX), 0);
}

static void test_never_above_the_ceiling(void **state)
{
    uint32_t r = 2463534242u;
    (void)state;
    for (int attempt = 0; attempt < 40; attempt++) {
        int64_t ceiling = attempt < 9 ? (int64_t)1000 << attempt : 300000;
        if (ceiling > 300000)
            ceiling = 300000;
        for (int i = 0; i < 1000; i++) {
            int64_t wait;
            r ^= r << 13, r ^= r >> 17, r ^= r << 5; /* xorshift32 */
            wait = backoff_delay_ms(attempt, 1000, 300000, r);
            assert_true(wait >= 0 && wait <= ceiling);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_bounds), cmocka_unit_test(test_never_above_the_ceiling)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
