/*
 * flow_service.c - the service flow's screen ("svc"): which steps a service
 * has, moving between them, what the desk and the reader say, and the
 * session's end. The steps' own screens are in flow_svc_*.c.
 */
#include <stdlib.h>
#include <string.h>

#include "flow_service.h"
#include "money.h"
#include "services.h"
#include "shell.h"
#include "ui_links.h"

svc_state *svc_state_of(ui_app *app) { return ui_app_state_of(app, &flow_service); }

bool svc_has_step(const svc_state *st, svc_step s)
{
    for (int i = 0; i < st->n_steps; i++)
        if (st->steps[i] == s)
            return true;
    return false;
}

const char *svc_yuan(ui_build *b, int64_t fen)
{
    char buf[32];
    money_format_yuan(fen, buf, sizeof buf);
    return ui_fmt(b, "%s元", buf);
}

static void plan(svc_state *st)
{
    ck_service s = st->service;
    bool pin_only = s == SVC_PIN_CHANGE;
    st->n_steps = 0;
    if (services_has(s, SVC_F_BRINGS_KEY))
        st->steps[st->n_steps++] = SVC_ST_KEY;
    if (!pin_only)
        st->steps[st->n_steps++] = SVC_ST_HOLDER;
    if (services_has(s, SVC_F_TERM) || services_has(s, SVC_F_SEALS))
        st->steps[st->n_steps++] = SVC_ST_TERM;
    if (services_has(s, SVC_F_SUBJECT_FORM))
        st->steps[st->n_steps++] = SVC_ST_FORM;
    if (!pin_only)
        st->steps[st->n_steps++] = SVC_ST_CONFIRM;
    if (services_has(s, SVC_F_PAID))
        st->steps[st->n_steps++] = SVC_ST_PAY;
    if (services_has(s, SVC_F_ISSUES_CERT) || pin_only)
        st->steps[st->n_steps++] = SVC_ST_PIN;
    if (!pin_only)
        st->steps[st->n_steps++] = SVC_ST_WORK;
    st->steps[st->n_steps++] = SVC_ST_DONE;
}

static void forget_key(svc_state *st)
{
    key_report_free(&st->key);
    memset(&st->key, 0, sizeof st->key);
    st->key_asked = st->key_have = st->key_failed = st->key_ok = false;
}

static void ask_key(ui_app *app, svc_state *st)
{
    ui_links *l = ui_app_links(app);
    if (l != NULL && l->keys != NULL && !st->key_asked) {
        key_worker_inspect(l->keys);
        st->key_asked = true;
    }
}

static void wipe(void *state)
{
    svc_state *st = state;
    if (st->busy && st->desk != NULL)
        desk_cancel_wait(st->desk); /* nothing of this customer keeps waiting after they left */
    forget_key(st);
    qr_code_free(&st->qr);
    for (int i = 0; i < SVC_F__COUNT; i++)
        ui_field_wipe(&st->f[i]);
    for (int i = 0; i < SVC_PIN__COUNT; i++)
        ui_field_wipe(&st->pin[i]);
}

static void enter(ui_app *app, void *state, intptr_t arg)
{
    svc_state *st = state;
    ui_links *l = ui_app_links(app);
    unsigned gen = st->gen + 1;
    wipe(st);
    memset(st, 0, sizeof *st);
    st->gen = gen;
    st->desk = l != NULL ? l->desk : NULL;
    st->service = (ck_service)arg;
    st->years = 1;
    st->seals = services_has(st->service, SVC_F_SEALS) ? 1 : 0;
    st->holder = services_allows_holder(st->service, HOLDER_UNIT) ? HOLDER_UNIT : HOLDER_EXPERT;
    st->role = st->holder == HOLDER_EXPERT ? ROLE_EXPERT : ROLE_SUPPLIER;
    plan(st);
    if (st->steps[0] == SVC_ST_KEY && ui_app_card_present(app))
        ask_key(app, st);
    svc_requote(app, st);
}

bool svc_submit(ui_app *app, svc_state *st, desk_req *r)
{
    (void)app;
    if (r == NULL) {
        st->error_code = ck_diag_fail(&st->error, CK_E_NOMEM, "内存不足，请到窗口办理", "out of memory; please ask at the window");
        return false;
    }
    if (st->desk == NULL) {
        desk_req_free(r);
        st->error_code = ck_diag_fail(&st->error, CK_E_CONFIG, "本机暂时无法办理业务，请到窗口办理",
                                      "This kiosk cannot take jobs right now; please go to the window");
        return false;
    }
    r->tag = (int)st->gen;
    if (r->uuid[0] == '\0')
        memcpy(r->uuid, st->uuid, sizeof r->uuid);
    st->busy = true;
    st->busy_op = r->op;
    svc_clear_error(st);
    return desk_submit(st->desk, r);
}

/* What the work step asks the desk for next, from where the job stands. */
static void drive_work(ui_app *app, svc_state *st)
{
    desk_op op;
    desk_req *r;
    ck_job_state s = st->job.state;
    if (st->busy || st->key_pulled)
        return;
    if (s == JOB_DRAFT || s == JOB_PAID)
        op = services_has(st->service, SVC_F_ISSUES_CERT)   ? DESK_PREPARE
             : services_has(st->service, SVC_F_ISSUES_SEAL) ? DESK_BIND
                                                            : DESK_QUEUE;
    else if (s == JOB_KEY_PREPARED)
        op = DESK_QUEUE;
    else if (s == JOB_QUEUED || s == JOB_SUBMITTED || s == JOB_APPROVED)
        op = DESK_WAIT_ISSUED;
    else if (s == JOB_ISSUED || s == JOB_WRITTEN)
        op = DESK_WRITE;
    else { /* done, rejected, cancelled: the done step tells which */
        svc_next(app, st);
        return;
    }
    r = desk_req_new(op);
    if (r != NULL && op == DESK_PREPARE) {
        snprintf(r->pin, sizeof r->pin, "%.15s", svc_has_step(st, SVC_ST_KEY) ? st->pin[SVC_PIN_OLD].text : "12345678");
        snprintf(r->new_pin, sizeof r->new_pin, "%.15s", st->pin[SVC_PIN_NEW].text);
    }
    svc_submit(app, st, r);
}

static int index_of(const svc_state *st, svc_step s)
{
    for (int i = 0; i < st->n_steps; i++)
        if (st->steps[i] == s)
            return i;
    return -1;
}

/* Entering a step: what it needs from the desk. */
static void arrive(ui_app *app, svc_state *st)
{
    svc_step s = st->steps[st->at];
    ui_app_focus(app, NULL);
    if (s == SVC_ST_PAY && !st->to_window) {
        svc_submit(app, st, desk_req_new(DESK_PAY_START));
    } else if (s == SVC_ST_WORK) {
        drive_work(app, st);
    } else if (s == SVC_ST_DONE && st->uuid[0] != '\0' && st->job.state >= JOB_PAID && st->job.state <= JOB_DONE &&
               services_has(st->service, SVC_F_PAID) && !st->to_window && !st->printing && !st->printed) {
        st->printing = true;
        svc_submit(app, st, desk_req_new(DESK_PRINT));
    }
}

void svc_next(ui_app *app, svc_state *st)
{
    if (st->at + 1 < st->n_steps)
        st->at++;
    arrive(app, st);
    ui_app_dirty(app);
}

/* Header "返回": before the job exists a step back is free; after it there is nothing to go back to. */
static bool back(ui_app *app, void *state)
{
    svc_state *st = state;
    if (st->at == 0 || st->uuid[0] != '\0')
        return false;
    st->at--;
    svc_clear_error(st);
    ui_app_focus(app, NULL);
    ui_app_dirty(app);
    return true;
}

void svc_go_done(ui_app *app, svc_state *st)
{
    st->at = st->n_steps - 1;
    arrive(app, st);
    ui_app_dirty(app);
}

static void go_to(ui_app *app, svc_state *st, svc_step s)
{
    int i = index_of(st, s);
    if (i >= 0) {
        st->at = i;
        arrive(app, st);
    }
    ui_app_dirty(app);
}

/* The desk's answer to the step this screen asked for. */
static void desk_done(ui_app *app, svc_state *st, desk_req *r)
{
    st->busy = false;
    if (r->job.uuid[0] != '\0')
        st->job = r->job;
    if (r->err != CK_OK) {
        st->error = r->d;
        st->error_code = r->err;
    }
    switch (r->op) {
    case DESK_CREATE:
        if (r->err == CK_OK) {
            memcpy(st->uuid, r->uuid, sizeof st->uuid);
            svc_next(app, st);
        }
        break;
    case DESK_PAY_START:
        if (r->err == CK_OK) {
            st->order = r->order;
            st->order_seen_at = ui_app_now(app);
            qr_code_free(&st->qr);
            if (qr_code_make(r->order.code_url, &st->qr, &st->error) == CK_OK)
                svc_submit(app, st, desk_req_new(DESK_PAY_WAIT));
        } else if (r->err == CK_E_UPSTREAM) {
            st->pay_offline = true;
        }
        break;
    case DESK_PAY_WAIT:
        if (r->err == CK_OK && st->job.state == JOB_PAID)
            svc_next(app, st);
        else if (r->err == CK_OK) /* closed or expired unpaid: the screen offers a new code */
            st->order = r->order;
        break;
    case DESK_CANCEL: ui_app_end_session(app); return;
    case DESK_PREPARE:
    case DESK_BIND:
    case DESK_WRITE:
    case DESK_QUEUE:
    case DESK_WAIT_ISSUED:
        if (r->err == CK_OK) {
            if (r->op == DESK_PREPARE)
                for (int i = 0; i < SVC_PIN__COUNT; i++)
                    ui_field_wipe(&st->pin[i]);
            drive_work(app, st);
        } else if (r->err == CK_E_TOKEN_PIN_WRONG || r->err == CK_E_TOKEN_PIN_BLOCKED) {
            go_to(app, st, SVC_ST_PIN); /* the message says how many tries are left */
        } else if (r->err == CK_E_TOKEN_REMOVED || r->err == CK_E_TOKEN_ABSENT) {
            st->key_pulled = true; /* resumes when the key is back (every key step is resumable) */
        }
        break;
    case DESK_CHANGE_PIN:
        if (r->err == CK_OK) {
            for (int i = 0; i < SVC_PIN__COUNT; i++)
                ui_field_wipe(&st->pin[i]);
            svc_next(app, st);
        }
        break;
    case DESK_READ: /* after a failure: go on from where the job stands */
        if (r->err == CK_OK && st->steps[st->at] == SVC_ST_WORK)
            drive_work(app, st);
        break;
    case DESK_PRINT:
        st->printing = false;
        st->printed = r->err == CK_OK;
        st->print_msg = r->err == CK_OK ? (ck_diag){"收据已打印，请取走收据", "Your receipt has been printed"} : r->d;
        break;
    default: break;
    }
    ui_app_dirty(app);
}

static void key_report_in(ui_app *app, svc_state *st, key_event *ev)
{
    forget_key(st);
    if (ev->kind == KEY_EV_REPORT) {
        ck_cert_state cs = {ev->report.cert_present, false, ev->report.cert_not_after, ev->report.seal_present,
                            ev->report.seal_not_after};
        st->key = ev->report;
        st->key.seal_picture = NULL, st->key.seal_picture_len = 0; /* the event keeps (and frees) it */
        st->key_have = true;
        st->holder = ev->report.cert_is_org || !services_allows_holder(st->service, HOLDER_EXPERT) ? HOLDER_UNIT
                                                                                                 : HOLDER_EXPERT;
        st->role = st->holder == HOLDER_EXPERT ? ROLE_EXPERT : st->role == ROLE_EXPERT ? ROLE_SUPPLIER : st->role;
        st->key_ok = eligibility_check(st->service, st->holder, &cs, ui_app_now(app),
                                       ui_app_clock(app)->utc_offset_s, &st->elig) == CK_OK &&
                     !(ev->report.pin.blocked && svc_has_step(st, SVC_ST_PIN));
        svc_requote(app, st);
    } else {
        st->key_failed = true;
        st->key_fail = ev->d;
    }
}

static void on_post(ui_app *app, void *state, uint32_t kind, void *payload)
{
    svc_state *st = state;
    svc_step s = st->steps[st->at];
    if (kind == UI_POST_DESK && payload != NULL) {
        desk_req *r = payload;
        if (r->tag == (int)st->gen)
            desk_done(app, st, r);
        return;
    }
    if (kind == UI_POST_CARD_IN) {
        if (s == SVC_ST_KEY) {
            forget_key(st);
            ask_key(app, st);
        } else if (st->key_pulled) {
            st->key_pulled = false;
            svc_clear_error(st);
            if (s == SVC_ST_WORK)
                drive_work(app, st);
        }
    } else if (kind == UI_POST_CARD_OUT) {
        if (s == SVC_ST_KEY)
            forget_key(st);
        else if (s == SVC_ST_PIN || s == SVC_ST_WORK)
            st->key_pulled = true;
    } else if (kind == UI_POST_KEY && payload != NULL && s == SVC_ST_KEY) {
        key_report_in(app, st, payload);
    }
    ui_app_dirty(app);
}

static void tap_cancel(ui_app *app, intptr_t arg)
{
    svc_state *st = svc_state_of(app);
    (void)arg;
    if (st->busy)
        desk_cancel_wait(st->desk);
    if (st->uuid[0] != '\0' && (st->job.state == JOB_DRAFT || st->job.state == JOB_AWAITING_PAYMENT)) {
        desk_req *r = desk_req_new(DESK_CANCEL);
        st->busy = false;
        if (svc_submit(app, st, r))
            return; /* the session ends when the desk has cancelled it */
    }
    ui_app_end_session(app);
}

ui_rect svc_action_rect(const ui_build *b, ui_rect r, int slot)
{
    /* English labels are longer ("Pay at the window"), large text larger: the buttons widen, never wrap. */
    int bw = (b->portrait ? 440 : 420) + (b->lang == UI_EN ? 100 : 0) + (b->th->large ? 100 : 0), h = 120, gap = 32;
    return ui_rect_make(r.x + r.w - bw - slot * (bw + gap), r.y + r.h - h, bw, h);
}

int svc_error_label(ui_app *app, ui_build *b, const svc_state *st, ui_rect r, int y)
{
    ui_elem *e;
    if (st->error.zh[0] == '\0')
        return y;
    {
    const char *msg = ui_tr(b, st->error.zh, st->error.en), *hotline = ui_app_config(app)->ca_hotline;
    e = ui_label(b, "svc.error", ui_rect_make(r.x, y, r.w, 0),
                 strstr(msg, hotline) != NULL ? msg
                                              : ui_fmt(b, "%s%s%s", msg, ui_tr(b, "。如需帮助请拨打客服电话 ", ". For help call "), hotline),
                 UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
    }
    e->fg = b->th->error_text;
    return y + e->rect.h + 16;
}

static void build(ui_app *app, ui_build *b, void *state)
{
    svc_state *st = state;
    const ck_service_info *si = services_info(st->service);
    svc_step s = st->steps[st->at];
    int margin = b->portrait ? 48 : 64;
    ui_rect body = ui_header(b, ui_tr(b, si->zh, si->en), (st->uuid[0] == '\0' ? UI_HDR_BACK : 0) | UI_HDR_END);
    ui_rect r = ui_rect_make(body.x + margin, body.y, body.w - 2 * margin, body.h - margin / 2);
    static void (*const builders[SVC_ST__COUNT])(ui_app *, ui_build *, svc_state *, ui_rect) = {
        svc_build_key,  svc_build_holder, svc_build_term, svc_build_form, svc_build_confirm,
        svc_build_pay,  svc_build_pin,    svc_build_work, svc_build_done};
    if (s != SVC_ST_DONE)
        r = ui_step_header(b, r, st->at + 1, st->n_steps, "", "");
    builders[s](app, b, st, r);
    /* Cancel on every step until the job is handed to the upstream; then the work goes on without the customer. */
    if (s != SVC_ST_DONE && (st->uuid[0] == '\0' || st->job.state <= JOB_AWAITING_PAYMENT) && ui_app_focused(app) == NULL)
        ui_button(b, "svc.cancel", ui_rect_make(r.x, r.y + r.h - 120, b->portrait ? 300 : 320, 120),
                  ui_tr(b, "取消办理", "Cancel"), UI_S_SECONDARY, tap_cancel, 0);
    if (st->key_pulled && (s == SVC_ST_PIN || s == SVC_ST_WORK)) {
        ui_rect d = ui_dialog(b, "svc.pulled", b->portrait ? 900 : 1100, 480,
                              ui_tr(b, "USB Key已拔出", "The USB Key was removed"));
        ui_label(b, "svc.pulled.text", ui_rect_make(d.x, d.y, d.w, 0),
                 ui_tr(b, "办理已暂停。请重新插入同一个USB Key，办理将从中断处继续；已完成的步骤不会重复。",
                       "Paused. Insert the same USB Key again and the job goes on where it stopped; nothing done is "
                       "done twice."),
                 UI_F_BODY, UI_REGULAR, UI_ALIGN_LEFT);
        ui_button(b, "svc.pulled.end", ui_rect_make(d.x + d.w - 360, d.y + d.h - 112, 360, 112),
                  ui_tr(b, "结束办理", "End"), UI_S_SECONDARY, tap_cancel, 0);
    }
}

const ui_screen flow_service = {
    .name = "svc",
    .state_size = sizeof(svc_state),
    .enter = enter,
    .build = build,
    .on_post = on_post,
    .back = back,
    .wipe = wipe,
};
