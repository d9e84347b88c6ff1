/*
 * ui_bench.h - opt-in timing of the UI loop for bench/bench_ui.sh
 * (docs/benchmarks.md, "UI (issue 8)"). Measured inside the process because
 * nothing outside it can see where a frame's time goes.
 *
 * With CK_BENCH_LOG=FILE in the environment the app appends to FILE:
 *   renderer <name>                      once, the SDL renderer in use
 *   frame <seq> <screen> <build_us> <draw_us> <present_us> <total_us>
 *                                        per presented frame; build_us is 0
 *                                        when the frame reused the last build
 *   first_frame_us <us>                  once: from ui_bench_start() (the top
 *                                        of main, CLOCK_MONOTONIC) to the end
 *                                        of the first SDL_RenderPresent
 *   first_frame_epoch_us <us>            the same instant as CLOCK_REALTIME, so
 *                                        a launcher can include exec and the
 *                                        dynamic loader (what bench_ui.sh does)
 *   tap_to_frame_us <us>                 per tap: from the release event's
 *                                        arrival in SDL's queue (an event watch:
 *                                        SDL_PushEvent by the script, or SDL's
 *                                        own pumping of X) to the end of the
 *                                        present of the next frame
 * Without the variable every hook below is one branch on ui_bench_on.
 */
#ifndef CK_UI_BENCH_H
#define CK_UI_BENCH_H

#include <SDL.h>
#include <stdbool.h>

extern bool ui_bench_on;

typedef enum ui_bench_point {
    UI_BENCH_BUILD_BEGIN,
    UI_BENCH_BUILD_END,
    UI_BENCH_DRAW_BEGIN,
    UI_BENCH_DRAW_END, /* = present begins */
} ui_bench_point;

/* Reads CK_BENCH_LOG and opens the log; call first thing in main. 0, or -1 if the log cannot be opened. */
int ui_bench_start(void);

void ui_bench_attach_(SDL_Renderer *ren);
void ui_bench_mark_(ui_bench_point p);
void ui_bench_presented_(const char *screen);
void ui_bench_event_(const SDL_Event *ev);
void ui_bench_tap_(void);

/* The loop is about to run: watch SDL's queue for releases, log the renderer. */
static inline void ui_bench_attach(SDL_Renderer *ren)
{
    if (ui_bench_on)
        ui_bench_attach_(ren);
}
static inline void ui_bench_mark(ui_bench_point p)
{
    if (ui_bench_on)
        ui_bench_mark_(p);
}
/* SDL_RenderPresent returned: writes the frame's line (and the taps it answers). */
static inline void ui_bench_presented(const char *screen)
{
    if (ui_bench_on)
        ui_bench_presented_(screen);
}
/* An event was taken from the queue (before it is handled). */
static inline void ui_bench_event(const SDL_Event *ev)
{
    if (ui_bench_on)
        ui_bench_event_(ev);
}
/* The release being handled activated an element: time it to the next presented frame. */
static inline void ui_bench_tap(void)
{
    if (ui_bench_on)
        ui_bench_tap_();
}

#endif
