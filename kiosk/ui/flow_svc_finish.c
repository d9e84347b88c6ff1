/*
 * flow_svc_finish.c - the last steps: the PIN (a new key gets one the
 * customer chooses; a key still on the initial 12345678 must move away from
 * it), the work on the key and with the CA with its progress, and the done
 * page: take the key, the receipt, the job number, what happens next.
 */
#include <string.h>

#include "flow_service.h"
#include "pin_policy.h"
#include "services.h"

static ck_err check_pin_new(const char *text, ck_diag *msg, void *ctx)
{
    (void)ctx;
    return pin_check_new(text, msg);
}

static ck_err check_pin_again(const char *text, ck_diag *msg, void *ctx)
{
    const ui_field *first = ctx;
    if (strcmp(text, first->text) == 0)
        return CK_OK;
    return ck_diag_fail(msg, CK_E_INVALID_INPUT, "两次输入的新密码不一致", "The two new PINs differ");
}

static ck_err check_pin_old(const char *text, ck_diag *msg, void *ctx)
{
    size_t n = strlen(text);
    (void)ctx;
    if (n >= 6 && n <= 8)
        return CK_OK;
    return ck_diag_fail(msg, CK_E_INVALID_INPUT, "证书密码为6至8位", "The PIN has 6 to 8 digits");
}

/* A new key (no key step) sets its PIN; a customer's key asks for the current one, and a new one when forced. */
static bool wants_old(const svc_state *st) { return svc_has_step(st, SVC_ST_KEY); }
static bool wants_new(const svc_state *st)
{
    return !svc_has_step(st, SVC_ST_KEY) || st->service == SVC_PIN_CHANGE || st->key.pin.default_pin;
}

static void init_pins(svc_state *st)
{
    if (st->pin_init)
        return;
    ui_field_init(&st->pin[SVC_PIN_OLD], UI_KBD_DIGITS, 8, true, check_pin_old, NULL);
    ui_field_init(&st->pin[SVC_PIN_NEW], UI_KBD_DIGITS, 8, true, check_pin_new, NULL);
    ui_field_init(&st->pin[SVC_PIN_AGAIN], UI_KBD_DIGITS, 8, true, check_pin_again, &st->pin[SVC_PIN_NEW]);
    st->pin_init = true;
}

static void tap_pin_ok(ui_app *app, intptr_t arg)
{
    svc_state *st = svc_state_of(app);
    (void)arg;
    for (int i = 0; i < SVC_PIN__COUNT; i++) {
        bool used = i == SVC_PIN_OLD ? wants_old(st) : wants_new(st);
        if (used && !ui_field_check(&st->pin[i])) {
            ui_app_focus(app, &st->pin[i]);
            return;
        }
    }
    svc_clear_error(st);
    if (st->service == SVC_PIN_CHANGE) {
        desk_req *r = desk_req_new(DESK_CHANGE_PIN);
        if (r != NULL) {
            snprintf(r->pin, sizeof r->pin, "%.15s", st->pin[SVC_PIN_OLD].text);
            snprintf(r->new_pin, sizeof r->new_pin, "%.15s", st->pin[SVC_PIN_NEW].text);
        }
        svc_submit(app, st, r);
    } else {
        svc_next(app, st); /* the work step hands the PINs to the desk with the key pair's generation */
    }
}

void svc_build_pin(ui_app *app, ui_build *b, svc_state *st, ui_rect r)
{
    int ih = ui_input_height(b), y = r.y, w = b->portrait ? r.w : r.w / 2;
    ui_field *focused = ui_app_focused(app);
    ui_elem *e, *ok;
    init_pins(st);
    if (focused == NULL) {
        const char *intro =
            !wants_old(st) ? ui_tr(b, "请为新的USB Key设置证书密码（6至8位数字），登录和签章时使用，请牢记。",
                                   "Choose the PIN of your new USB Key (6 to 8 digits); you need it to log in and sign.")
            : st->key.pin.default_pin && st->service != SVC_PIN_CHANGE
                ? ui_tr(b, "您的USB Key仍在使用初始密码12345678。为了安全，请输入当前密码并设置新密码。",
                        "Your key still has the initial PIN 12345678. For safety, enter it and choose a new one.")
                : ui_tr(b, "请输入USB Key的证书密码。", "Enter your USB Key's PIN.");
        e = ui_label(b, "pin.intro", ui_rect_make(r.x, y, r.w, 0), intro, UI_F_BODY, UI_REGULAR, UI_ALIGN_LEFT);
        y += e->rect.h + 24;
        /* After a wrong PIN the message below says how many tries are left; the key's earlier count is stale. */
        if (wants_old(st) && st->key.pin.tries_left >= 0 && st->error_code != CK_E_TOKEN_PIN_WRONG) {
            e = ui_note(b, "pin.tries", ui_rect_make(r.x, y, r.w, 0),
                        b->lang == UI_EN ? ui_fmt(b, "Tries left: %d", st->key.pin.tries_left)
                                         : ui_fmt(b, "剩余尝试次数：%d", st->key.pin.tries_left),
                        UI_F_BODY,
                        UI_ALIGN_LEFT);
            y += e->rect.h + 16;
        }
    }
    {
        /* In landscape the fields stand side by side (up to three columns), so the message and the buttons fit below. */
        int n = (wants_old(st) ? 1 : 0) + (wants_new(st) ? 2 : 0), cols = b->portrait || focused != NULL ? 1 : n;
        int cw = (r.w - (cols - 1) * 32) / cols, c = 0, top = y;
        for (int i = 0; i < SVC_PIN__COUNT; i++) {
            static const char *const ids[] = {"pin.old", "pin.new", "pin.again"};
            static const char *const zh[] = {"当前证书密码", "新密码", "再次输入新密码"};
            static const char *const en[] = {"Current PIN", "New PIN", "New PIN again"};
            bool used = i == SVC_PIN_OLD ? wants_old(st) : wants_new(st);
            if (!used || (focused != NULL && focused != &st->pin[i]))
                continue;
            ui_input(b, ids[i],
                     focused != NULL ? ui_rect_make(r.x, y, b->body.w - 2 * (r.x - b->body.x), ih)
                     : cols > 1      ? ui_rect_make(r.x + c * (cw + 32), top, cw, ih)
                                     : ui_rect_make(r.x, y, w, ih),
                     &st->pin[i], ui_tr(b, zh[i], en[i]),
                     i == SVC_PIN_NEW ? ui_tr(b, "6至8位，不能是12345678或同一数字重复",
                                              "6-8 digits, not 12345678, not one digit repeated")
                                      : "");
            c++;
            y = cols > 1 ? top + ih + 16 : y + ih + 16;
        }
    }
    if (focused != NULL)
        return;
    svc_error_label(app, b, st, ui_rect_make(r.x, y, r.w, 0), y);
    ok = ui_button(b, "pin.ok", svc_action_rect(b, r, 0), st->busy ? ui_tr(b, "请稍候……", "Please wait…") : ui_tr(b, "确定", "OK"),
                   UI_S_PRIMARY, tap_pin_ok, 0);
    ok->enabled = !st->busy && ui_app_card_present(app);
}

/* --- work ------------------------------------------------------------------------------ */

static void tap_leave(ui_app *app, intptr_t arg)
{
    svc_state *st = svc_state_of(app);
    (void)arg;
    if (st->busy)
        desk_cancel_wait(st->desk); /* the job stays queued: the sync worker submits it, the clerk finishes it */
    st->busy = false;
    st->left_early = true;
    svc_go_done(app, st);
}

static void tap_retry(ui_app *app, intptr_t arg)
{
    svc_state *st = svc_state_of(app);
    desk_req *r = desk_req_new(DESK_READ);
    (void)arg;
    svc_clear_error(st);
    /* Read the job first: the answer drives the next step from where it stands. */
    if (r != NULL) {
        st->busy = false;
        svc_submit(app, st, r);
    }
}

typedef struct stage {
    const char *id, *zh, *en;
    ck_job_state until; /* done once the job is past this state */
} stage;

void svc_build_work(ui_app *app, ui_build *b, svc_state *st, ui_rect r)
{
    ui_links *l = ui_app_links(app);
    stage stages[4];
    int n = 0, y = r.y;
    bool cert = services_has(st->service, SVC_F_ISSUES_CERT), seal = services_has(st->service, SVC_F_ISSUES_SEAL);
    bool waiting = st->job.state == JOB_QUEUED || st->job.state == JOB_SUBMITTED || st->job.state == JOB_APPROVED;
    ui_elem *e;
    if (cert)
        stages[n++] = (stage){"work.keypair", "在USB Key上生成密钥", "Generating the key pair on your USB Key", JOB_KEY_PREPARED};
    else if (seal)
        stages[n++] = (stage){"work.bind", "读取USB Key中的证书", "Reading the certificate on your USB Key", JOB_PAID};
    stages[n++] = (stage){"work.submit",
                          services_has(st->service, SVC_F_REVIEWED) ? "提交CA审核" : "提交CA",
                          services_has(st->service, SVC_F_REVIEWED) ? "Submitted to the CA for review" : "Submitted to the CA",
                          JOB_APPROVED};
    if (cert || seal)
        stages[n++] = (stage){"work.write", cert ? "写入证书和印章" : "写入电子印章",
                              cert ? "Writing the certificate and seal" : "Writing the seal", JOB_WRITTEN};
    for (int i = 0; i < n; i++) {
        bool done = st->job.state > stages[i].until && st->job.state <= JOB_DONE && st->job.state != JOB_REJECTED;
        bool now = !done && (i == 0 || st->job.state > stages[i - 1].until);
        e = ui_label(b, stages[i].id, ui_rect_make(r.x, y, r.w, 0),
                     ui_fmt(b, "%s  %s", done ? "√" : now ? "●" : "○", ui_tr(b, stages[i].zh, stages[i].en)),
                     UI_F_HEADING, now ? UI_BOLD : UI_REGULAR, UI_ALIGN_LEFT);
        if (!done && !now)
            e->fg = b->th->text_muted;
        y += e->rect.h + 24;
    }
    y += 16;
    if (st->busy && (st->busy_op == DESK_PREPARE || st->busy_op == DESK_WRITE || st->busy_op == DESK_BIND)) {
        e = ui_label(b, "work.keep", ui_rect_make(r.x, y, r.w, 0),
                     ui_tr(b, "正在操作USB Key，请勿拔出……", "Working on your USB Key; please leave it in…"), UI_F_BODY,
                     UI_BOLD, UI_ALIGN_LEFT);
        y += e->rect.h + 16;
    } else if (waiting) {
        e = ui_label(b, "work.waiting",
                     ui_rect_make(r.x, y, r.w, 0),
                     l != NULL && l->offline
                         ? ui_tr(b, "网络暂时中断：业务已保存在本机，网络恢复后自动提交。",
                                 "Offline: your job is kept here and submitted when the network is back.")
                         : ui_tr(b, "正在等待CA审核，通常1个工作日内完成。您可以在此等候，也可以先离开，审核通过后凭业务号到窗口写入证书。",
                                 "Waiting for the CA's review, usually within one working day. Wait here, or leave and "
                                 "have it written at the window with your job number."),
                     UI_F_BODY, UI_REGULAR, UI_ALIGN_LEFT);
        y += e->rect.h + 16;
        ui_button(b, "work.leave", svc_action_rect(b, r, 0), ui_tr(b, "先离开", "Leave for now"), UI_S_SECONDARY,
                  tap_leave, 0);
    }
    e = ui_note(b, "work.job", ui_rect_make(r.x, y, r.w, 0), ui_fmt(b, "%s %s", ui_tr(b, "业务号", "Job number"), st->uuid),
                UI_F_CAPTION, UI_ALIGN_LEFT);
    y += e->rect.h + 24;
    if (!st->busy && st->error.zh[0] != '\0' && !st->key_pulled) {
        svc_error_label(app, b, st, ui_rect_make(r.x, y, r.w, 0), y);
        ui_button(b, "work.retry", svc_action_rect(b, r, 1), ui_tr(b, "重试", "Try again"), UI_S_PRIMARY, tap_retry, 0);
        ui_button(b, "work.leave", svc_action_rect(b, r, 0), ui_tr(b, "先离开", "Leave for now"), UI_S_SECONDARY,
                  tap_leave, 0);
    }
}

/* --- done ------------------------------------------------------------------------------- */

static void tap_finish(ui_app *app, intptr_t arg)
{
    (void)arg;
    ui_app_end_session(app);
}

void svc_build_done(ui_app *app, ui_build *b, svc_state *st, ui_rect r)
{
    int y = r.y + 24;
    bool on_key = svc_has_step(st, SVC_ST_KEY) || svc_has_step(st, SVC_ST_PIN);
    const char *title, *next;
    ui_elem *e;
    (void)app;
    if (st->to_window) {
        title = ui_tr(b, "请到窗口缴费", "Please pay at the window");
        next = ui_tr(b, "请凭业务号到窗口缴费，工作人员将为您继续办理。", "Show the job number at the window to pay; the clerk goes on from there.");
    } else if (st->job.state == JOB_REJECTED) {
        title = ui_tr(b, "未通过审核", "Not approved");
        next = st->job.reject_reason[0] != '\0' ? st->job.reject_reason
                                                 : ui_tr(b, "请到窗口咨询。", "Please ask at the window.");
    } else if (st->left_early || st->job.state == JOB_QUEUED || st->job.state == JOB_SUBMITTED ||
               st->job.state == JOB_APPROVED || st->job.state == JOB_ISSUED) {
        title = ui_tr(b, "已提交，等待办结", "Submitted");
        next = ui_tr(b, "审核通过后，请凭业务号到窗口写入证书；如网络中断，业务将在恢复后自动提交。",
                     "Once approved, have it written at the window with your job number; if the network was down, the "
                     "job is submitted when it is back.");
    } else if (st->service == SVC_REVOKE) {
        title = ui_tr(b, "证书已吊销", "Certificate revoked");
        next = ui_tr(b, "该证书及其印章已不能再用于登录和签章。如需继续使用，请办理证书新办。",
                     "The certificate and its seal can no longer be used to log in or sign. Apply anew to continue.");
    } else if (st->service == SVC_PIN_CHANGE) {
        title = ui_tr(b, "密码修改成功", "PIN changed");
        next = ui_tr(b, "请使用新密码登录和签章。", "Use the new PIN to log in and sign from now on.");
    } else {
        title = ui_tr(b, "办理完成", "Done");
        next = services_has(st->service, SVC_F_PAID)
                   ? ui_tr(b, "电子发票将在2个工作日内发送至经办人手机。", "The e-invoice is sent to the applicant's mobile within 2 working days.")
                   : ui_tr(b, "证书和印章已可使用。", "Your certificate and seal are ready to use.");
    }
    e = ui_label(b, "done.title", ui_rect_make(r.x, y, r.w, 0), title, UI_F_TITLE, UI_BOLD, UI_ALIGN_CENTER);
    y += e->rect.h + 40;
    if (on_key && !st->to_window) {
        e = ui_label(b, "done.key", ui_rect_make(r.x, y, r.w, 0), ui_tr(b, "请取走您的USB Key", "Please take your USB Key"),
                     UI_F_HEADING, UI_BOLD, UI_ALIGN_CENTER);
        y += e->rect.h + 32;
    }
    e = ui_label(b, "done.next", ui_rect_make(r.x, y, r.w, 0), next, UI_F_BODY, UI_REGULAR, UI_ALIGN_CENTER);
    y += e->rect.h + 24;
    if (st->printing || st->print_msg.zh[0] != '\0') {
        e = ui_label(b, "done.receipt", ui_rect_make(r.x, y, r.w, 0),
                     st->printing ? ui_tr(b, "正在打印收据……", "Printing your receipt…")
                                  : ui_tr(b, st->print_msg.zh, st->print_msg.en),
                     UI_F_BODY, UI_BOLD, UI_ALIGN_CENTER);
        if (!st->printing && !st->printed)
            e->fg = b->th->error_text;
        y += e->rect.h + 24;
    }
    if (st->uuid[0] != '\0')
        ui_note(b, "done.job", ui_rect_make(r.x, y, r.w, 0), ui_fmt(b, "%s %s", ui_tr(b, "业务号", "Job number"), st->uuid),
                UI_F_BODY, UI_ALIGN_CENTER);
    ui_button(b, "done.finish", svc_action_rect(b, r, 0), ui_tr(b, "完成", "Finish"), UI_S_PRIMARY, tap_finish, 0);
}
