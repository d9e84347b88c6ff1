/*
 * shell.h - the kiosk's own screens, around the service flows: the attract
 * screen, the service menu, the fee table, the FAQ, and for services whose
 * flow is not built yet a screen that says so honestly (with, for a change
 * of subject, a form that checks the new details with the core's
 * validators). Each is a const ui_screen (ui_app.h).
 */
#ifndef CK_UI_SHELL_H
#define CK_UI_SHELL_H

#include "ui_app.h"

extern const ui_screen shell_attract; /* "attract": where every session starts and ends */
extern const ui_screen shell_menu;    /* "menu": the eleven entries */
extern const ui_screen shell_fees;    /* "fees": 收费标准, from the fee schedule via fees_quote */
extern const ui_screen shell_faq;     /* "faq": 常见问题, from kiosk/core/faq.c */
extern const ui_screen shell_notyet;  /* "notyet": arg = shell_notyet_arg(...) */
extern const ui_screen shell_change;  /* "change": the change-of-subject form (step 1 of 2) */

/* The menu's entries that are not services of services.h. */
#define SHELL_SELF_CHECK (-1)

/* shell_notyet's arg: the service (or SHELL_SELF_CHECK), and whether the customer came from a form. */
intptr_t shell_notyet_arg(int service, bool after_form);

#endif
