/*
 * flow_service.h - the guided flow of one service ("svc"), shared by its
 * parts. One screen walks the customer through the steps the service needs,
 * derived from its flags in the service table (services.h):
 *
 *   key      insert the USB Key; what is on it and whether the service is open (brings a key)
 *   holder   holder kind and role (every service but 修改密码)
 *   term     1 or 2 years and the number of seals, with the live quote (services that choose them)
 *   form     the subject's details, each checked by the core's validator (subject form)
 *   confirm  the fee breakdown; "确认办理" makes the job
 *   pay      the WeChat code as a QR code, the amount, the countdown, "到窗口缴费" (paid)
 *   pin      the PIN: set a new one on a new key, else the current one (and a new one when it is still 12345678)
 *   work     on the key and with the upstream, with progress; waits for the review
 *   done     take the key, the receipt, the job number, what happens next
 *
 * Everything blocking is the desk's (kiosk/desk): the screen submits a step
 * and shows its progress until the desk's answer comes (UI_POST_DESK). The
 * whole state belongs to the session and is wiped with it.
 */
#ifndef CK_UI_FLOW_SERVICE_H
#define CK_UI_FLOW_SERVICE_H

#include "date.h"
#include "desk.h"
#include "flows.h"
#include "ui_links.h"
#include "key_inspect.h"
#include "qr_code.h"
#include "ui_widgets.h"

typedef enum svc_step {
    SVC_ST_KEY = 0,
    SVC_ST_HOLDER,
    SVC_ST_TERM,
    SVC_ST_FORM,
    SVC_ST_CONFIRM,
    SVC_ST_PAY,
    SVC_ST_PIN,
    SVC_ST_WORK,
    SVC_ST_DONE,
    SVC_ST__COUNT
} svc_step;

/* The subject's fields on the form. */
enum { SVC_F_ORG = 0, SVC_F_USCC, SVC_F_PERSON, SVC_F_IDNO, SVC_F_MOBILE, SVC_F__COUNT };
/* The PIN fields: the current one, the new one and the new one again. */
enum { SVC_PIN_OLD = 0, SVC_PIN_NEW, SVC_PIN_AGAIN, SVC_PIN__COUNT };

typedef struct svc_state {
    unsigned gen;      /* which visit: a desk answer for an earlier one is dropped */
    desk_worker *desk; /* borrowed from ui_links */
    ck_service service;
    svc_step steps[SVC_ST__COUNT];
    int n_steps, at; /* steps[at] is shown */
    /* key: the last report of the key in the reader */
    bool key_asked, key_have, key_failed;
    key_report key;
    ck_diag key_fail;
    ck_eligibility elig; /* the service, for that key, today */
    bool key_ok;         /* the key may go on (eligible, readable) */
    /* holder */
    ck_holder_kind holder;
    ck_role role;
    int years, seals;
    ck_quote quote;
    ck_diag quote_err; /* non-empty: no quote (the holder may not apply) */
    /* form */
    ui_field f[SVC_F__COUNT];
    bool form_init;
    ck_date today; /* for the ID number's birth date check */
    /* the job and the desk */
    char uuid[STORE_UUID_LEN + 1];
    bool busy;             /* a desk step is running: buttons that would start another are off */
    desk_op busy_op;
    ck_job job;            /* as the desk last said */
    ck_diag error;         /* the last step's failure, shown on the step */
    ck_err error_code;
    /* pay */
    ck_pay_order order;
    int64_t order_seen_at; /* the screen's clock when the order came: the countdown runs from there */
    qr_code qr;
    bool pay_offline;      /* no order could be made: pay at the window */
    bool to_window;        /* the customer chose the window */
    /* pin */
    ui_field pin[SVC_PIN__COUNT];
    bool pin_init;
    /* work */
    bool key_pulled;       /* the key left during a step on it: paused until it is back */
    bool queued_offline;   /* the job waits for the network */
    /* done */
    bool printing, printed;
    ck_diag print_msg;
    bool left_early;       /* the customer left before the review: done says how to finish */
} svc_state;

/* What a step's build adds; each returns nothing and reads/writes st. */
void svc_build_key(ui_app *app, ui_build *b, svc_state *st, ui_rect r);
void svc_build_holder(ui_app *app, ui_build *b, svc_state *st, ui_rect r);
void svc_build_term(ui_app *app, ui_build *b, svc_state *st, ui_rect r);
void svc_build_form(ui_app *app, ui_build *b, svc_state *st, ui_rect r);
void svc_build_confirm(ui_app *app, ui_build *b, svc_state *st, ui_rect r);
void svc_build_pay(ui_app *app, ui_build *b, svc_state *st, ui_rect r);
void svc_build_pin(ui_app *app, ui_build *b, svc_state *st, ui_rect r);
void svc_build_work(ui_app *app, ui_build *b, svc_state *st, ui_rect r);
void svc_build_done(ui_app *app, ui_build *b, svc_state *st, ui_rect r);

/* --- shared by the parts (flow_service.c) -------------------------------------- */
svc_state *svc_state_of(ui_app *app);
/* To the next step, running what entering it needs. */
void svc_next(ui_app *app, svc_state *st);
/* Straight to the last step (done), e.g. when the customer leaves before the end. */
void svc_go_done(ui_app *app, svc_state *st);
/* Hands a step to the desk, filled with the job's uuid; false (and st->error) when there is no desk. */
bool svc_submit(ui_app *app, svc_state *st, desk_req *r);
/* The quote for the current holder choices (st->quote, st->quote_err). */
void svc_requote(ui_app *app, svc_state *st);
/* Whether the step list holds step s. */
bool svc_has_step(const svc_state *st, svc_step s);
/* The primary button at the bottom right of r: its rectangle. */
ui_rect svc_action_rect(const ui_build *b, ui_rect r, int slot);
/* The last failure in the guide's words with the hotline, as a label at y; returns the y below it. */
int svc_error_label(ui_app *app, ui_build *b, const svc_state *st, ui_rect r, int y);
/* Forgets the last failure (its message and its code). */
static inline void svc_clear_error(svc_state *st)
{
    st->error = (ck_diag){"", ""};
    st->error_code = CK_OK;
}
/* The quote as a table at (x, y), w wide; returns the y below it. */
int svc_quote_table(ui_build *b, const svc_state *st, int x, int y, int w);
/* Money as "400.00元". */
const char *svc_yuan(ui_build *b, int64_t fen);

#endif
