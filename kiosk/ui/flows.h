/*
 * flows.h - the service flows built on the shell: each a const ui_screen
 * (ui_app.h) or a chain of them, talking to the workers through ui_links.h.
 */
#ifndef CK_UI_FLOWS_H
#define CK_UI_FLOWS_H

#include <stdbool.h>

#include "ui_app.h"

extern const ui_screen flow_selfcheck; /* "check": 证书自助检测 */
extern const ui_screen flow_service;   /* "svc": a service's guided flow; arg = the ck_service */

/* Whether the program gave the screens a card reader worker. */
bool ui_links_ready(ui_app *app);

#endif
