/*
 * flow_svc_pay.c - payment: the upstream's WeChat code_url as a large QR
 * code, the amount, and the seconds left before the code expires; the desk
 * asks the upstream until the order is paid. Without the network, or by
 * choice, the customer pays at the window instead: the job keeps its number
 * and waits for the clerk to record the payment.
 */
#include "flow_service.h"

static void tap_window(ui_app *app, intptr_t arg)
{
    svc_state *st = svc_state_of(app);
    (void)arg;
    if (st->busy)
        desk_cancel_wait(st->desk); /* the order stays open upstream; the clerk's payment closes the job's wait */
    st->busy = false;
    st->to_window = true;
    svc_go_done(app, st); /* it says where to go and with which number */
}

static void tap_new_code(ui_app *app, intptr_t arg)
{
    svc_state *st = svc_state_of(app);
    (void)arg;
    st->pay_offline = false;
    svc_submit(app, st, desk_req_new(DESK_PAY_START));
}

void svc_build_pay(ui_app *app, ui_build *b, svc_state *st, ui_rect r)
{
    /*
     * The order's lifetime, counted on the screen's clock from when it came: the
     * upstream's and the desk's clocks are the real one, the screen's may be a
     * test's (--now, clock +N), and the desk says when the order has really closed.
     */
    int64_t now = ui_app_now(app),
            left = (st->order.expires_at - st->order.created_at) - (now - st->order_seen_at);
    bool open = st->qr.size > 0 && st->order.state == ORDER_OPEN && left > 0;
    /* As large as fits above the buttons at the bottom (landscape) or the text below it (portrait). */
    int qs = b->portrait ? 640 : (r.h - 152 < 560 ? r.h - 152 : 560), tx = b->portrait ? r.x : r.x + qs + 96, tw = b->portrait ? r.w : r.w - qs - 96;
    int y = b->portrait ? r.y + qs + 48 : r.y + 24;
    ui_elem *e;
    if (open) {
        ui_qr(b, "pay.qr", ui_rect_make(b->portrait ? r.x + (r.w - qs) / 2 : r.x, r.y, qs, qs), &st->qr);
        ui_app_wake_at(app, now + 1); /* the countdown's next second */
    }
    e = ui_label(b, "pay.amount", ui_rect_make(tx, y, tw, 0),
                 ui_fmt(b, "%s %s", ui_tr(b, "应付金额", "Amount due"), svc_yuan(b, st->quote.total_fen)), UI_F_TITLE,
                 UI_BOLD, UI_ALIGN_LEFT);
    y += e->rect.h + 24;
    if (open) {
        e = ui_label(b, "pay.howto", ui_rect_make(tx, y, tw, 0),
                     ui_tr(b, "请打开微信，扫一扫本页的二维码完成支付。支付成功后本机自动继续。",
                           "Open WeChat and scan the code to pay. The kiosk goes on by itself once paid."),
                     UI_F_BODY, UI_REGULAR, UI_ALIGN_LEFT);
        y += e->rect.h + 16;
        e = ui_label(b, "pay.countdown", ui_rect_make(tx, y, tw, 0),
                     b->lang == UI_EN
                         ? ui_fmt(b, "The code expires in %lld:%02lld", (long long)(left / 60), (long long)(left % 60))
                         : ui_fmt(b, "二维码 %lld:%02lld 后失效", (long long)(left / 60), (long long)(left % 60)),
                     UI_F_HEADING, UI_BOLD, UI_ALIGN_LEFT);
        y += e->rect.h + 16;
    } else if (st->busy) {
        e = ui_label(b, "pay.wait", ui_rect_make(tx, y, tw, 0), ui_tr(b, "正在生成支付二维码……", "Making the payment code…"),
                     UI_F_HEADING, UI_BOLD, UI_ALIGN_LEFT);
        y += e->rect.h + 16;
    } else if (st->pay_offline) {
        e = ui_label(b, "pay.offline", ui_rect_make(tx, y, tw, 0),
                     ui_tr(b, "网络暂时中断，无法生成微信支付二维码。请到窗口缴费，工作人员将为您继续办理。",
                           "The network is down, so no WeChat code can be made. Please pay at the window; the clerk "
                           "will go on with your job."),
                     UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
        e->fg = b->th->error_text;
        y += e->rect.h + 16;
    } else {
        e = ui_label(b, "pay.expired", ui_rect_make(tx, y, tw, 0),
                     ui_tr(b, "二维码已失效，未完成支付。", "The code has expired without a payment."), UI_F_BODY, UI_BOLD,
                     UI_ALIGN_LEFT);
        y += e->rect.h + 16;
        ui_button(b, "pay.renew", ui_rect_make(tx, y, 420, 120), ui_tr(b, "重新生成二维码", "New code"), UI_S_PRIMARY,
                  tap_new_code, 0);
        y += 136;
    }
    ui_note(b, "pay.job", ui_rect_make(tx, y, tw, 0), ui_fmt(b, "%s %s", ui_tr(b, "业务号", "Job number"), st->uuid),
            UI_F_CAPTION, UI_ALIGN_LEFT);
    if (!st->pay_offline) /* that message says it all */
        svc_error_label(app, b, st, ui_rect_make(tx, r.y + r.h - 300, tw, 0), r.y + r.h - 300);
    ui_button(b, "pay.window", svc_action_rect(b, r, 0), ui_tr(b, "到窗口缴费", "Pay at the window"), UI_S_SECONDARY,
              tap_window, 0);
}
