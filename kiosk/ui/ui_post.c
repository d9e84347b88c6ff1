/* ui_post.c - worker results as SDL user events (see ui_post.h). */
#include "ui_post.h"

#include <SDL.h>
#include <stdlib.h>

/*
 * SDL hands out user event numbers per process; this holds the one we got.
 * Written once by ui_post_init before any thread posts, then only read.
 */
static uint32_t event_type;

typedef struct post_box {
    uint32_t kind;
    void *payload;
    void (*free_fn)(void *);
} post_box;

bool ui_post_init(void)
{
    if (event_type != 0)
        return true;
    uint32_t t = SDL_RegisterEvents(1);
    if (t == (uint32_t)-1)
        return false;
    event_type = t;
    return true;
}

uint32_t ui_post_event_type(void) { return event_type; }

bool ui_post(uint32_t kind, void *payload, void (*free_fn)(void *))
{
    SDL_Event ev;
    post_box *box;
    if (event_type == 0)
        return false;
    box = malloc(sizeof *box);
    if (box == NULL)
        return false;
    box->kind = kind;
    box->payload = payload;
    box->free_fn = free_fn;
    SDL_zero(ev);
    ev.type = event_type;
    ev.user.code = (Sint32)kind;
    ev.user.data1 = box;
    if (SDL_PushEvent(&ev) != 1) {
        free(box);
        return false;
    }
    return true;
}

void ui_post_deliver(const void *sdl_user_event, ui_post_dispatch_fn fn, void *ctx)
{
    const SDL_UserEvent *ev = sdl_user_event;
    post_box *box = ev->data1;
    if (box == NULL)
        return;
    if (fn != NULL)
        fn(box->kind, box->payload, ctx);
    if (box->free_fn != NULL)
        box->free_fn(box->payload);
    free(box);
}
