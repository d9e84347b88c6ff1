/*
 * shell_notyet.c - what a service's tile leads to until its flow is built:
 * what the service is (services.c's summary, its price basis, whether to
 * bring the USB Key), and plainly that it cannot be done at this kiosk yet:
 * "此业务暂未开放，请到窗口办理". The self-check shows whether a USB Key is
 * in the reader, which is all the kiosk knows of it so far.
 */
#include <string.h>

#include "qr_code.h"
#include "services.h"
#include "shell.h"
#include "ui_widgets.h"

typedef struct notyet_state {
    int what; /* ck_service or SHELL_SELF_CHECK */
    bool after_form;
    qr_code online; /* [ui] online_url, for applying online instead; size 0 when there is none */
} notyet_state;

intptr_t shell_notyet_arg(int service, bool after_form) { return (intptr_t)((service + 16) | (after_form ? 256 : 0)); }

static void enter(ui_app *app, void *state, intptr_t arg)
{
    notyet_state *st = state;
    st->what = (int)(arg & 255) - 16;
    st->after_form = (arg & 256) != 0;
    if (st->online.size == 0 && ui_app_config(app)->ui_online_url[0] != '\0' &&
        qr_code_make(ui_app_config(app)->ui_online_url, &st->online, NULL) != CK_OK)
        memset(&st->online, 0, sizeof st->online); /* no QR code then; the text still says where to go */
}

static void wipe(void *state)
{
    notyet_state *st = state;
    qr_code_free(&st->online);
}

static void tap_menu(ui_app *app, intptr_t arg)
{
    (void)arg;
    ui_app_home(app);
}

static void build(ui_app *app, ui_build *b, void *state)
{
    notyet_state *st = state;
    const ck_config *cfg = ui_app_config(app);
    const ck_service_info *si = st->what >= 0 && st->what < SVC__COUNT ? services_info((ck_service)st->what) : NULL;
    int margin = b->portrait ? 48 : 64, y, w;
    ui_rect body;
    ui_elem *e, *card;
    body = ui_header(b, si != NULL ? ui_tr(b, si->zh, si->en) : ui_tr(b, "证书自助检测", "Certificate self-check"),
                     UI_HDR_BACK | UI_HDR_END);
    w = (b->portrait ? body.w : 1300) - 2 * margin;
    y = body.y;
    if (st->after_form) {
        ui_rect rest = ui_step_header(b, ui_rect_make(body.x + margin, y, w, body.h), 2, 2, "办理方式",
                                      "How to proceed");
        y = rest.y;
    }
    /* What the service is. */
    if (si != NULL) {
        e = ui_label(b, "notyet.summary", ui_rect_make(body.x + margin, y, w, 0), ui_tr(b, si->summary_zh, si->summary_en),
                     UI_F_BODY, UI_REGULAR, UI_ALIGN_LEFT);
        y += e->rect.h + 16;
        e = ui_note(b, "notyet.fee",
                    ui_rect_make(body.x + margin, y, w, 0),
                    ui_fmt(b, "%s%s", ui_tr(b, "收费：", "Fees: "), ui_tr(b, si->fee_note_zh, si->fee_note_en)),
                    UI_F_BODY, UI_ALIGN_LEFT);
        y += e->rect.h + 16;
        if (services_has((ck_service)st->what, SVC_F_BRINGS_KEY)) {
            e = ui_note(b, "notyet.key", ui_rect_make(body.x + margin, y, w, 0),
                        ui_tr(b, "办理时请携带数字证书USB Key。", "Bring your USB Key."), UI_F_BODY, UI_ALIGN_LEFT);
            y += e->rect.h + 16;
        }
    } else {
        e = ui_label(b, "notyet.summary", ui_rect_make(body.x + margin, y, w, 0),
                     ui_tr(b, "插入数字证书USB Key，本机将说明证书的有效期、能否更新、印章与密码状态。",
                           "Insert your USB Key and the kiosk explains its validity, whether it can be renewed, and "
                           "the state of its seal and PIN."),
                     UI_F_BODY, UI_REGULAR, UI_ALIGN_LEFT);
        y += e->rect.h + 16;
        e = ui_note(b, "notyet.card", ui_rect_make(body.x + margin, y, w, 0),
                    ui_app_card_present(app) ? ui_tr(b, "已检测到USB Key。", "A USB Key is in the reader.")
                                             : ui_tr(b, "未检测到USB Key。", "No USB Key in the reader."),
                    UI_F_BODY, UI_ALIGN_LEFT);
        y += e->rect.h + 16;
    }
    /* The honest part. */
    y += 24;
    card = ui_add(b, "notyet.box", UI_K_PANEL, ui_rect_make(body.x + margin, y, w, 10), NULL);
    card->bg = b->th->banner;
    card->radius = b->th->radius;
    card->border = b->th->large ? b->th->border : b->th->banner;
    card->border_w = b->th->border_w;
    {
        int iy = y + 36, ix = body.x + margin + 40, iw = w - 80;
        if (st->after_form) {
            e = ui_label(b, "notyet.checked", ui_rect_make(ix, iy, iw, 0),
                         ui_tr(b, "您填写的信息格式正确。", "The details you entered are well-formed."), UI_F_BODY,
                         UI_REGULAR, UI_ALIGN_LEFT);
            e->fg = b->th->banner_text;
            iy += e->rect.h + 12;
        }
        e = ui_label(b, "notyet.message", ui_rect_make(ix, iy, iw, 0),
                     ui_tr(b, "此业务暂未开放，请到窗口办理", "This service is not yet available at this kiosk. Please go to the service window."),
                     UI_F_HEADING, UI_BOLD, UI_ALIGN_LEFT);
        e->fg = b->th->banner_text;
        iy += e->rect.h + 12;
        e = ui_label(b, "notyet.hotline", ui_rect_make(ix, iy, iw, 0),
                     ui_fmt(b, "%s %s", ui_tr(b, "咨询电话", "Questions: call"), cfg->ca_hotline), UI_F_BODY,
                     UI_REGULAR, UI_ALIGN_LEFT);
        e->fg = b->th->banner_text;
        iy += e->rect.h + 36;
        card->rect.h = iy - y;
        y = iy;
    }
    y += 48;
    ui_button(b, "notyet.menu", ui_rect_make(body.x + margin, y, b->portrait ? w : 520, 120),
              ui_tr(b, "返回业务菜单", "Back to the services"), UI_S_PRIMARY, tap_menu, 0);
    y += 120 + 64;
    /* Or online: the CA's online hall as a QR code, beside (landscape) or below (portrait). */
    if (st->online.size > 0 && si != NULL) {
        const char *title = ui_tr(b, "也可以在线办理", "Or apply online");
        int qs = 360, cw = qs + 80, cx, cy = b->portrait ? y : body.y, ch;
        if (ui_text_w(b, UI_F_HEADING, UI_BOLD, title) + 48 > cw)
            cw = ui_text_w(b, UI_F_HEADING, UI_BOLD, title) + 48;
        cx = b->portrait ? body.x + (body.w - cw) / 2 : body.x + margin + w + 96;
        ui_elem *qcard = ui_add(b, "notyet.online", UI_K_PANEL, ui_rect_make(cx, cy, cw, 10), NULL), *t;
        qcard->bg = b->th->surface;
        qcard->border = b->th->border;
        qcard->border_w = b->th->large ? b->th->border_w : 1;
        qcard->radius = b->th->radius;
        t = ui_label(b, "notyet.online.title", ui_rect_make(cx + 24, cy + 32, cw - 48, 0),
                     title, UI_F_HEADING, UI_BOLD, UI_ALIGN_CENTER);
        ui_qr(b, "notyet.qr", ui_rect_make(cx + (cw - qs) / 2, t->rect.y + t->rect.h + 16, qs, qs), &st->online);
        t = ui_note(b, "notyet.online.hint", ui_rect_make(cx + 24, t->rect.y + t->rect.h + 16 + qs + 16, cw - 48, 0),
                    ui_tr(b, "扫码进入四川CA网厅", "Scan for the CA's online hall"), UI_F_CAPTION, UI_ALIGN_CENTER);
        ch = t->rect.y + t->rect.h + 32 - cy;
        qcard->rect.h = ch;
    }
}

const ui_screen shell_notyet = {
    .name = "notyet", .state_size = sizeof(notyet_state), .enter = enter, .build = build, .wipe = wipe};
