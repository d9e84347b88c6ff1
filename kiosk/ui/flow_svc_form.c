/*
 * flow_svc_form.c - the subject's details (each checked inline by the core's
 * validator when its keyboard closes, and all again on "下一步"), then the
 * confirmation with the fee breakdown, whose "确认办理" makes the job.
 *
 * While a keyboard is open only the field being typed is shown, above the
 * keyboard, so no field hides behind it at either orientation.
 */
#include <string.h>

#include "flow_service.h"
#include "mask.h"
#include "services.h"
#include "ui_validators.h"

typedef struct field_def {
    const char *id, *zh, *en, *hint_zh, *hint_en;
    ui_kbd_kind kbd;
    int max;
    ui_validate_fn fn;
} field_def;

static const field_def defs[SVC_F__COUNT] = {
    [SVC_F_ORG] = {"svc.org", "单位名称", "Organisation name", "用拼音输入，如 sichuan → 四川",
                   "Type pinyin, e.g. sichuan → 四川", UI_KBD_PINYIN, 50, ui_valid_org},
    [SVC_F_USCC] = {"svc.uscc", "统一社会信用代码", "Unified social credit code", "18位，数字和大写字母",
                    "18 characters: digits and capital letters", UI_KBD_CODE, 18, ui_valid_uscc},
    [SVC_F_PERSON] = {"svc.person", "经办人姓名", "Applicant's name", "用拼音输入", "Type pinyin", UI_KBD_PINYIN, 20,
                      ui_valid_person},
    [SVC_F_IDNO] = {"svc.idno", "经办人身份证号", "Applicant's ID number", "18位", "18 characters", UI_KBD_CODE, 18,
                    ui_valid_idcard},
    [SVC_F_MOBILE] = {"svc.mobile", "经办人手机号（接收电子发票）", "Applicant's mobile (for the e-invoice)", "11位手机号",
                      "11-digit mobile number", UI_KBD_PHONE, 11, ui_valid_mobile},
};

/* Which fields this service and holder ask for. */
static bool wanted(const svc_state *st, int i)
{
    if (st->service == SVC_CHANGE) /* the new name and code; the rest is on the certificate */
        return i == SVC_F_ORG || i == SVC_F_USCC;
    if (st->holder == HOLDER_EXPERT)
        return i == SVC_F_PERSON || i == SVC_F_IDNO || i == SVC_F_MOBILE;
    return true;
}

static void init_fields(ui_app *app, svc_state *st)
{
    if (st->form_init)
        return;
    st->today = date_from_unix(ui_app_now(app), ui_app_clock(app)->utc_offset_s);
    for (int i = 0; i < SVC_F__COUNT; i++)
        ui_field_init(&st->f[i], defs[i].kbd, defs[i].max, false, defs[i].fn, i == SVC_F_IDNO ? (void *)&st->today : NULL);
    st->form_init = true;
}

static void tap_form_next(ui_app *app, intptr_t arg)
{
    svc_state *st = svc_state_of(app);
    (void)arg;
    for (int i = 0; i < SVC_F__COUNT; i++)
        if (wanted(st, i) && !ui_field_check(&st->f[i])) {
            ui_app_focus(app, &st->f[i]);
            return;
        }
    svc_next(app, st);
}

void svc_build_form(ui_app *app, ui_build *b, svc_state *st, ui_rect r)
{
    int ih = ui_input_height(b), gap = 16, cols = b->portrait ? 1 : 3, col_w, n = 0;
    ui_field *focused = ui_app_focused(app);
    init_fields(app, st);
    col_w = (r.w - (cols - 1) * 48) / cols;
    for (int i = 0; i < SVC_F__COUNT; i++) {
        const field_def *f = &defs[i];
        int x, y;
        if (!wanted(st, i) || (focused != NULL && focused != &st->f[i]))
            continue;
        x = focused != NULL ? r.x : r.x + (n % cols) * (col_w + 48);
        y = focused != NULL ? r.y : r.y + (n / cols) * (ih + gap);
        ui_input(b, f->id, ui_rect_make(x, y, focused != NULL ? b->body.w - 2 * (r.x - b->body.x) : col_w, ih), &st->f[i],
                 st->service == SVC_CHANGE && i == SVC_F_ORG    ? ui_tr(b, "变更后的单位名称", "New organisation name")
                 : st->service == SVC_CHANGE && i == SVC_F_USCC ? ui_tr(b, "变更后的统一社会信用代码", "New credit code")
                                                                : ui_tr(b, f->zh, f->en),
                 ui_tr(b, f->hint_zh, f->hint_en));
        n++;
    }
    if (focused == NULL)
        ui_button(b, "svc.next", svc_action_rect(b, r, 0), ui_tr(b, "下一步", "Next"), UI_S_PRIMARY, tap_form_next, 0);
}

/* --- confirm ------------------------------------------------------------------------ */

/* The job's fields: from the form, else from the certificate on the key. */
static void fill_job(const svc_state *st, desk_req *r)
{
    r->service = st->service;
    r->holder = st->holder;
    r->role = st->role;
    r->quote = st->quote;
    if (svc_has_step(st, SVC_ST_FORM)) {
        char *outs[SVC_F__COUNT] = {r->org_name, r->uscc, r->person_name, r->id_number, r->mobile};
        size_t caps[SVC_F__COUNT] = {sizeof r->org_name, sizeof r->uscc, sizeof r->person_name, sizeof r->id_number,
                                     sizeof r->mobile};
        for (int i = 0; i < SVC_F__COUNT; i++)
            if (wanted(st, i))
                ui_valid_value(&st->f[i], outs[i], caps[i]);
    }
    if (st->key_have && r->org_name[0] == '\0' && st->holder == HOLDER_UNIT) {
        snprintf(r->org_name, sizeof r->org_name, "%s", st->key.org_name);
        snprintf(r->uscc, sizeof r->uscc, "%s", st->key.uscc);
    } else if (st->key_have && r->person_name[0] == '\0' && st->holder == HOLDER_EXPERT) {
        snprintf(r->person_name, sizeof r->person_name, "%.95s", st->key.org_name);
    }
}

static void tap_confirm(ui_app *app, intptr_t arg)
{
    svc_state *st = svc_state_of(app);
    desk_req *r = desk_req_new(DESK_CREATE);
    (void)arg;
    if (r != NULL)
        fill_job(st, r);
    svc_submit(app, st, r);
}

static int row(ui_build *b, const char *id, ui_rect r, int y, const char *head, const char *text)
{
    return ui_pair(b, id, r.x, y, r.w, b->lang == UI_EN ? 340 : 260, head, text) + 12;
}

void svc_build_confirm(ui_app *app, ui_build *b, svc_state *st, ui_rect r)
{
    desk_req shown; /* what the job will hold, as the desk will get it */
    int left_w = b->portrait ? r.w : r.w / 2 - 32, y = r.y, qx = b->portrait ? r.x : r.x + r.w / 2 + 32;
    ui_rect left = ui_rect_make(r.x, r.y, left_w, r.h);
    char masked[48];
    ui_elem *go;
    memset(&shown, 0, sizeof shown);
    fill_job(st, &shown);
    y = row(b, "svc.c.service", left, y, ui_tr(b, "业务", "Service"),
            ui_tr(b, services_info(st->service)->zh, services_info(st->service)->en));
    y = row(b, "svc.c.holder", left, y, ui_tr(b, "持有人", "Holder"),
            st->holder == HOLDER_UNIT ? ui_fmt(b, "%s（%s）", shown.org_name, ui_tr(b, role_zh(st->role), role_en(st->role)))
                                      : ui_fmt(b, "%s（%s）", shown.person_name, ui_tr(b, "评标专家", "expert")));
    if (shown.uscc[0] != '\0')
        y = row(b, "svc.c.uscc", left, y, ui_tr(b, "信用代码", "Credit code"), shown.uscc);
    if (st->holder == HOLDER_UNIT && shown.person_name[0] != '\0') {
        mask_name(shown.person_name, masked, sizeof masked);
        y = row(b, "svc.c.person", left, y, ui_tr(b, "经办人", "Applicant"), masked);
    }
    if (shown.id_number[0] != '\0') {
        mask_idcard(shown.id_number, masked, sizeof masked);
        y = row(b, "svc.c.idno", left, y, ui_tr(b, "身份证号", "ID number"), masked);
    }
    if (shown.mobile[0] != '\0') {
        mask_mobile(shown.mobile, masked, sizeof masked);
        y = row(b, "svc.c.mobile", left, y, ui_tr(b, "手机", "Mobile"), masked);
    }
    if (st->quote.years > 0)
        y = row(b, "svc.c.years", left, y, ui_tr(b, "期限", "Term"),
                b->lang == UI_EN ? ui_fmt(b, "%d year(s)", st->quote.years) : ui_fmt(b, "%d年", st->quote.years));
    explicit_bzero(&shown, sizeof shown);
    {
        int qy = b->portrait ? y + 24 : r.y, qw = b->portrait ? r.w : r.x + r.w - qx;
        qy = svc_quote_table(b, st, qx, qy, qw);
        if (services_has(st->service, SVC_F_REVIEWED))
            ui_note(b, "svc.c.review", ui_rect_make(qx, qy + 8, qw, 0),
                    ui_tr(b, "提交后由CA审核，通常1个工作日内完成。", "The CA reviews it, usually within one working day."),
                    UI_F_BODY, UI_ALIGN_LEFT);
    }
    y = svc_error_label(app, b, st, ui_rect_make(r.x, r.y + r.h - 260, r.w, 0), r.y + r.h - 260);
    go = ui_button(b, "svc.confirm", svc_action_rect(b, r, 0),
                   st->busy ? ui_tr(b, "正在提交……", "Submitting…")
                   : st->quote.total_fen > 0 ? ui_tr(b, "确认并支付", "Confirm and pay")
                                             : ui_tr(b, "确认办理", "Confirm"),
                   UI_S_PRIMARY, tap_confirm, 0);
    go->enabled = !st->busy && st->quote_err.zh[0] == '\0';
}
