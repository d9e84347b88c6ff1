/*
 * flow_selfcheck.c - 证书自助检测: the customer inserts a USB Key and the
 * kiosk explains, in the CA guide's words, what is on it and what to do:
 * whose certificate it is, until when and how many days are left, whether
 * renewal is open now, the seal (its picture; missing or expired means
 * 签章能力检测显示待升级 -> 印章升级/印章续期), the PIN (tries left, blocked ->
 * unlock at the window, still the initial 12345678 -> change it). The key is
 * read by the reader's worker (key_worker); this screen only asks and shows.
 */
#include <stdlib.h>
#include <string.h>

#include "flows.h"
#include "seal_picture.h"
#include "ui_links.h"
#include "ui_widgets.h"

typedef struct check_state {
    bool asked; /* a read was requested for the key in the reader */
    bool have;  /* r holds a report */
    bool failed;
    ck_diag fail;
    key_report r; /* its picture is not kept: it is decoded into img */
    ui_image img;
} check_state;

static void forget(check_state *st)
{
    key_report_free(&st->r);
    ui_image_free(&st->img);
    st->have = st->failed = st->asked = false;
}

static void ask(ui_app *app, check_state *st)
{
    ui_links *l = ui_app_links(app);
    if (l != NULL && l->keys != NULL && !st->asked) {
        key_worker_inspect(l->keys);
        st->asked = true;
    }
}

static void enter(ui_app *app, void *state, intptr_t arg)
{
    check_state *st = state;
    (void)arg;
    forget(st);
    if (ui_app_card_present(app))
        ask(app, st);
}

static void wipe(void *state) { forget(state); }

static void on_post(ui_app *app, void *state, uint32_t kind, void *payload)
{
    check_state *st = state;
    key_event *ev = payload;
    if (kind == UI_POST_CARD_IN) {
        forget(st);
        ask(app, st);
    } else if (kind == UI_POST_CARD_OUT) {
        forget(st);
    } else if (kind == UI_POST_KEY && ev != NULL) {
        forget(st);
        if (ev->kind == KEY_EV_REPORT) {
            uint8_t *rgba = NULL;
            int w, h;
            st->r = ev->report;
            st->r.seal_picture = NULL, st->r.seal_picture_len = 0;
            if (ev->report.seal_picture != NULL &&
                seal_picture_decode(ev->report.seal_picture, ev->report.seal_picture_len, &rgba, &w, &h, NULL) ==
                    CK_OK)
                ui_image_set(&st->img, rgba, w, h);
            free(rgba);
            st->have = true;
        } else {
            st->failed = true;
            st->fail = ev->d;
        }
    }
    ui_app_dirty(app);
}

static void tap_again(ui_app *app, intptr_t arg)
{
    check_state *st = ui_app_state(app);
    (void)arg;
    forget(st);
    ask(app, st);
}

static void tap_menu(ui_app *app, intptr_t arg)
{
    (void)arg;
    ui_app_home(app);
}

/* One finding: its heading in a narrow column, its text beside it; returns the y below the row. */
static int finding(ui_build *b, const char *id, int x, int y, int w, const char *head, const char *text)
{
    return ui_pair(b, id, x, y, w, b->lang == UI_EN ? 300 : 220, head, text) + 20;
}

static const char *pin_text(ui_build *b, const ck_pin_status *p)
{
    const char *initial = p->default_pin ? ui_tr(b, "（仍为初始密码）", " (still the initial PIN)") : "";
    if (p->blocked)
        return ui_tr(b, "已锁定", "Blocked");
    if (p->tries_left < 0)
        return ui_fmt(b, "%s%s", ui_tr(b, "可用", "Usable"), initial);
    return b->lang == UI_EN ? ui_fmt(b, "Usable, %d tries left%s", p->tries_left, initial)
                            : ui_fmt(b, "可用，剩余 %d 次尝试%s", p->tries_left, initial);
}

static void build_report(ui_app *app, ui_build *b, check_state *st, ui_rect body, int margin)
{
    const key_report *r = &st->r;
    char date[11];
    int pic = st->img.rgba != NULL ? (b->portrait ? 360 : 420) : 0;
    int x = body.x + margin, y = body.y + 8, w = body.w - 2 * margin - (b->portrait ? 0 : pic + margin);
    (void)app;
    if (r->cert_present) {
        date_format(date_from_unix(r->cert_not_after, ui_app_clock(app)->utc_offset_s), date);
        y = finding(b, "check.org", x, y, w, ui_tr(b, "证书持有单位", "Certificate holder"), r->org_name);
        y = finding(b, "check.validity", x, y, w, ui_tr(b, "有效期", "Valid until"),
                    r->renewal.expired ? (b->lang == UI_EN ? ui_fmt(b, "Expired on %s", date)
                                                           : ui_fmt(b, "已于 %s 到期", date))
                    : b->lang == UI_EN ? ui_fmt(b, "%s, %lld days left", date, (long long)r->renewal.days_left)
                                       : ui_fmt(b, "至 %s，剩余 %lld 天", date, (long long)r->renewal.days_left));
        y = finding(b, "check.renewal", x, y, w, ui_tr(b, "证书更新", "Renewal"),
                    ui_tr(b, r->renewal.msg.zh, r->renewal.msg.en));
    } else {
        y = finding(b, "check.org", x, y, w, ui_tr(b, "证书", "Certificate"),
                    ui_tr(b, "USB Key中没有证书", "There is no certificate on this key"));
    }
    y = finding(b, "check.seal", x, y, w, ui_tr(b, "电子印章", "Electronic seal"),
                ui_tr(b, r->seal_msg.zh, r->seal_msg.en));
    y = finding(b, "check.pin", x, y, w, ui_tr(b, "证书密码", "PIN"),
                pin_text(b, &r->pin));
    for (int i = 0; i < r->n_notes; i++) {
        ui_elem *e = ui_label(b, ui_fmt(b, "check.note.%d", i), ui_rect_make(x, y, w, 0),
                              ui_fmt(b, "• %s", ui_tr(b, r->notes[i].zh, r->notes[i].en)), UI_F_BODY, UI_BOLD,
                              UI_ALIGN_LEFT);
        y += e->rect.h + 12;
    }
    if (pic > 0) {
        ui_rect pr = b->portrait ? ui_rect_make(body.x + (body.w - pic) / 2, y + 16, pic, pic)
                                 : ui_rect_make(body.x + body.w - margin - pic, body.y + 8, pic, pic);
        ui_picture(b, "check.seal.picture", pr, &st->img);
        ui_note(b, "check.seal.name", ui_rect_make(pr.x, pr.y + pic + 8, pic, 0), r->seal_name, UI_F_CAPTION,
                UI_ALIGN_CENTER);
    }
}

static void build(ui_app *app, ui_build *b, void *state)
{
    check_state *st = state;
    int margin = b->portrait ? 48 : 64, bw = b->portrait ? 440 : 400;
    ui_rect body = ui_header(b, ui_tr(b, "证书自助检测", "Certificate self-check"), UI_HDR_BACK | UI_HDR_END);
    ui_rect actions = ui_rect_make(body.x + margin, body.y + body.h - 120, body.w - 2 * margin, 104);
    body.h -= 136;
    /* A key the screen has not asked about (it came while another screen was shown, or by a test's card event). */
    if (ui_app_card_present(app) && !st->asked && !st->have && !st->failed)
        ask(app, st);
    if (!ui_app_card_present(app)) {
        if (st->have || st->failed)
            forget(st); /* pulled: nothing of that key stays on the screen */
        ui_label(b, "check.insert", ui_rect_make(body.x + margin, body.y + body.h / 3, body.w - 2 * margin, 0),
                 ui_tr(b, "请插入您的数字证书USB Key", "Please insert your USB Key"), UI_F_TITLE, UI_BOLD,
                 UI_ALIGN_CENTER);
        ui_note(b, "check.reader", ui_rect_make(body.x + margin, body.y + body.h / 3 + 120, body.w - 2 * margin, 0),
                ui_links_ready(app) ? ui_tr(b, "读卡器已就绪，等待USB Key……", "The reader is ready, waiting for a key…")
                                    : ui_tr(b, "读卡器不可用，请到窗口办理", "The card reader is not available; please ask at the window"),
                UI_F_BODY, UI_ALIGN_CENTER);
    } else if (st->failed) {
        ui_label(b, "check.error", ui_rect_make(body.x + margin, body.y + body.h / 3, body.w - 2 * margin, 0),
                 ui_tr(b, st->fail.zh, st->fail.en), UI_F_HEADING, UI_BOLD, UI_ALIGN_CENTER);
        ui_note(b, "check.hotline", ui_rect_make(body.x + margin, body.y + body.h / 3 + 160, body.w - 2 * margin, 0),
                ui_fmt(b, "%s %s", ui_tr(b, "如需帮助，请拨打客服电话", "For help, call"), ui_app_config(app)->ca_hotline),
                UI_F_BODY, UI_ALIGN_CENTER);
    } else if (!st->have) {
        ui_label(b, "check.reading", ui_rect_make(body.x + margin, body.y + body.h / 3, body.w - 2 * margin, 0),
                 ui_tr(b, "正在读取USB Key，请勿拔出……", "Reading your USB Key; please leave it in…"), UI_F_TITLE,
                 UI_BOLD, UI_ALIGN_CENTER);
    } else {
        build_report(app, b, st, body, margin);
    }
    ui_button(b, "check.menu", ui_rect_make(actions.x, actions.y, bw, actions.h), ui_tr(b, "返回菜单", "Menu"),
              UI_S_SECONDARY, tap_menu, 0);
    if (ui_app_card_present(app) && (st->have || st->failed))
        ui_button(b, "check.again", ui_rect_make(actions.x + actions.w - bw, actions.y, bw, actions.h),
                  ui_tr(b, "重新检测", "Check again"), UI_S_PRIMARY, tap_again, 0);
}

bool ui_links_ready(ui_app *app)
{
    ui_links *l = ui_app_links(app);
    return l != NULL && l->keys != NULL;
}

const ui_screen flow_selfcheck = {
    .name = "check",
    .state_size = sizeof(check_state),
    .enter = enter,
    .build = build,
    .on_post = on_post,
    .wipe = wipe,
};
