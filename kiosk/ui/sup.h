/*
 * sup.h - supervisor mode for window clerks (docs/supervisor.md): a hidden
 * gesture on the attract screen (five taps on its top-left corner within
 * three seconds) opens the sign-in; a signed-in clerk sees the work waiting
 * for the window and the day's report. Entered only from the attract screen,
 * where no customer's session exists; signing out ends the session, which
 * wipes the clerk's entries like a customer's.
 */
#ifndef CK_UI_SUP_H
#define CK_UI_SUP_H

#include "ui_app.h"
#include "store_clerks.h"

extern const ui_screen sup_signin; /* "clerk.signin" */
extern const ui_screen sup_home;   /* "sup": the work, the actions */
extern const ui_screen sup_report; /* "sup.report": the day's report */
extern const ui_screen sup_unlock; /* "sup.unlock": 证书解锁 with the issuer PUK */
extern const ui_screen sup_jobs;   /* "sup.jobs": a list of work and its action; arg = desk_list_kind */
extern const ui_screen sup_status; /* "sup.status": the sync's state and last errors, the device checks */

/* The clerk signed in this session; NULL before (in sup_signin's state). */
const ck_clerk *sup_clerk(ui_app *app);

/* The clerk chose to sign out (audited by the caller); otherwise the session's end is audited as clerk.signout.auto. */
void sup_signed_out(ui_app *app);

/* Writes an audit row for the signed-in clerk through the desk (action e.g. "clerk.report"). */
void sup_audit(ui_app *app, const char *action, const char *subject);

#endif
