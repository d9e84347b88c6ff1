/*
 * ui_bench.c - the opt-in frame and tap timing of ui_bench.h. Everything runs
 * on the UI thread except the event watch, which SDL calls in whichever
 * thread pushes an event (workers push posts), hence the spin lock.
 */
#include "ui_bench.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define RING 64    /* releases queued but not yet handled; a person cannot get ahead of the loop by more */
#define MAX_TAPS 8 /* taps waiting for one frame (the script sends one at a time) */

bool ui_bench_on;

static FILE *log_f;
static int64_t t_main, marks[4];
static bool built; /* a build happened since the last present */
static unsigned long seq;
static SDL_SpinLock ring_lock;
static int64_t ring[RING];
static unsigned ring_head, ring_tail; /* free-running; head - tail = entries */
static int64_t cur_release;           /* arrival of the release being handled */
static int64_t taps[MAX_TAPS];
static int n_taps;

static int64_t now_us(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* What the app treats as the end of a touch (ui_app.c's handle_event): the watch and the handler must agree. */
static bool is_release(const SDL_Event *ev)
{
    return ev->type == SDL_FINGERUP || (ev->type == SDL_MOUSEBUTTONUP && ev->button.which != SDL_TOUCH_MOUSEID &&
                                        ev->button.button == SDL_BUTTON_LEFT);
}

static void close_log(void)
{
    if (log_f != NULL)
        fclose(log_f);
    log_f = NULL;
    ui_bench_on = false;
}

int ui_bench_start(void)
{
    const char *path = getenv("CK_BENCH_LOG");
    t_main = now_us(CLOCK_MONOTONIC);
    if (path == NULL || path[0] == '\0')
        return 0;
    log_f = fopen(path, "a");
    if (log_f == NULL)
        return -1; /* errno says why */
    setvbuf(log_f, NULL, _IOLBF, 0); /* written after each present, outside the timed spans; whole lines if killed */
    atexit(close_log);
    ui_bench_on = true;
    return 0;
}

/* Called by SDL_PushEvent (the script) and by SDL's pumping of X, before the event is queued. */
static int SDLCALL watch(void *ctx, SDL_Event *ev)
{
    (void)ctx;
    if (is_release(ev)) {
        int64_t t = now_us(CLOCK_MONOTONIC);
        SDL_AtomicLock(&ring_lock);
        if (ring_head - ring_tail < RING)
            ring[ring_head++ % RING] = t;
        SDL_AtomicUnlock(&ring_lock);
    }
    return 1;
}

void ui_bench_attach_(SDL_Renderer *ren)
{
    SDL_RendererInfo info;
    if (ren != NULL && SDL_GetRendererInfo(ren, &info) == 0)
        fprintf(log_f, "renderer %s\n", info.name);
    SDL_AddEventWatch(watch, NULL);
}

void ui_bench_mark_(ui_bench_point p)
{
    marks[p] = now_us(CLOCK_MONOTONIC);
    if (p == UI_BENCH_BUILD_BEGIN)
        built = true;
}

void ui_bench_event_(const SDL_Event *ev)
{
    if (!is_release(ev))
        return;
    cur_release = 0;
    SDL_AtomicLock(&ring_lock);
    if (ring_head != ring_tail)
        cur_release = ring[ring_tail++ % RING];
    SDL_AtomicUnlock(&ring_lock);
    if (cur_release == 0) /* the ring overflowed: the best we know is now */
        cur_release = now_us(CLOCK_MONOTONIC);
}

void ui_bench_tap_(void)
{
    if (n_taps < MAX_TAPS && cur_release != 0)
        taps[n_taps++] = cur_release;
}

void ui_bench_presented_(const char *screen)
{
    int64_t t = now_us(CLOCK_MONOTONIC);
    int64_t from = built ? marks[UI_BENCH_BUILD_BEGIN] : marks[UI_BENCH_DRAW_BEGIN];
    fprintf(log_f, "frame %lu %s %lld %lld %lld %lld\n", ++seq, screen,
            built ? (long long)(marks[UI_BENCH_BUILD_END] - marks[UI_BENCH_BUILD_BEGIN]) : 0LL,
            (long long)(marks[UI_BENCH_DRAW_END] - marks[UI_BENCH_DRAW_BEGIN]),
            (long long)(t - marks[UI_BENCH_DRAW_END]), (long long)(t - from));
    if (seq == 1) {
        fprintf(log_f, "first_frame_us %lld\n", (long long)(t - t_main));
        fprintf(log_f, "first_frame_epoch_us %lld\n",
                (long long)(now_us(CLOCK_REALTIME) - (now_us(CLOCK_MONOTONIC) - t)));
    }
    for (int i = 0; i < n_taps; i++)
        fprintf(log_f, "tap_to_frame_us %lld\n", (long long)(t - taps[i]));
    n_taps = 0;
    built = false;
}
