/*
 * ui_links.h - how screens reach the workers: the program (kiosk/app) starts
 * them and hands their handles to the app (ui_app_opts.links); a screen asks
 * through these non-blocking calls and hears back by ui_post. Any handle may
 * be NULL (no reader configured, no upstream): screens must say so.
 */
#ifndef CK_UI_LINKS_H
#define CK_UI_LINKS_H

#include "desk.h"
#include "key_worker.h"
#include "ui_post.h"

/* Post kinds of the workers, after the app's own (ui_post.h). */
enum {
    UI_POST_KEY = UI_POST_USER + 1, /* a key_event: KEY_EV_REPORT or KEY_EV_FAILED */
    UI_POST_DESK,                   /* a desk_req, done (desk.h) */
};

typedef struct ui_links {
    key_worker *keys;
    desk_worker *desk;
    struct sync_worker *sync; /* NULL without an upstream */
    bool offline; /* the sync worker's last round could not reach the upstream */
} ui_links;

#endif
