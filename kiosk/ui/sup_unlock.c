/*
 * sup_unlock.c - 证书解锁 at the window ("sup.unlock"): the customer's USB
 * Key in the reader, a new PIN typed twice by the customer, and the key's
 * PIN retry counter reset with the kiosk's per-key issuer PUK
 * (token_admin_unblock, on the desk's thread). Audited with the clerk and
 * the key's serial; the PINs are wiped as soon as the desk has them.
 */
#include <string.h>

#include "desk.h"
#include "pin_policy.h"
#include "sup.h"
#include "ui_links.h"
#include "ui_widgets.h"

typedef struct unlock_state {
    bool init, busy, done;
    ui_field pin, again;
    ck_diag msg;
} unlock_state;

static ck_err check_new(const char *text, ck_diag *msg, void *ctx)
{
    (void)ctx;
    return pin_check_new(text, msg);
}

static ck_err check_again(const char *text, ck_diag *msg, void *ctx)
{
    const ui_field *first = ctx;
    return strcmp(text, first->text) == 0
               ? CK_OK
               : ck_diag_fail(msg, CK_E_INVALID_INPUT, "两次输入的新密码不一致", "The two new PINs differ");
}

static void enter(ui_app *app, void *state, intptr_t arg)
{
    unlock_state *st = state;
    (void)arg;
    if (sup_clerk(app) == NULL) {
        ui_app_end_session(app);
        return;
    }
    if (!st->init) {
        ui_field_init(&st->pin, UI_KBD_DIGITS, 8, true, check_new, NULL);
        ui_field_init(&st->again, UI_KBD_DIGITS, 8, true, check_again, &st->pin);
        st->init = true;
    }
    st->done = false;
    st->msg = (ck_diag){"", ""};
}

static void tap_unlock(ui_app *app, intptr_t arg)
{
    unlock_state *st = ui_app_state(app);
    ui_links *l = ui_app_links(app);
    desk_req *r;
    (void)arg;
    if (!ui_field_check(&st->pin)) {
        ui_app_focus(app, &st->pin);
        return;
    }
    if (!ui_field_check(&st->again)) {
        ui_app_focus(app, &st->again);
        return;
    }
    if (st->busy || l == NULL || l->desk == NULL || (r = desk_req_new(DESK_UNLOCK)) == NULL)
        return;
    snprintf(r->new_pin, sizeof r->new_pin, "%.15s", st->pin.text);
    snprintf(r->clerk_id, sizeof r->clerk_id, "%s", sup_clerk(app)->id);
    ui_field_wipe(&st->pin);
    ui_field_wipe(&st->again);
    ui_field_init(&st->pin, UI_KBD_DIGITS, 8, true, check_new, NULL);
    ui_field_init(&st->again, UI_KBD_DIGITS, 8, true, check_again, &st->pin);
    st->busy = true;
    desk_submit(l->desk, r);
}

static void on_post(ui_app *app, void *state, uint32_t kind, void *payload)
{
    unlock_state *st = state;
    desk_req *r = payload;
    if (kind == UI_POST_DESK && r != NULL && r->op == DESK_UNLOCK) {
        st->busy = false;
        st->done = r->err == CK_OK;
        st->msg = r->err == CK_OK ? (ck_diag){"已解锁，请客户使用新密码", "Unlocked: the customer uses the new PIN"}
                                  : r->d;
    }
    ui_app_dirty(app);
}

static void tap_back(ui_app *app, intptr_t arg)
{
    (void)arg;
    ui_app_back(app);
}

static void build(ui_app *app, ui_build *b, void *state)
{
    unlock_state *st = state;
    int margin = b->portrait ? 48 : 64, ih = ui_input_height(b), y, w;
    ui_field *focused = ui_app_focused(app);
    ui_rect body = ui_header(b, ui_tr(b, "证书解锁", "Unlock a USB Key"), 0);
    ui_elem *e;
    w = body.w - 2 * margin;
    y = body.y + 8;
    if (focused == NULL) {
        e = ui_label(b, "unlock.key", ui_rect_make(body.x + margin, y, w, 0),
                     ui_app_card_present(app)
                         ? ui_tr(b, "请客户设置新密码（6至8位数字），输入两次。", "The customer sets a new PIN (6 to 8 digits), twice.")
                         : ui_tr(b, "请插入客户的USB Key", "Insert the customer's USB Key"),
                     UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
        y += e->rect.h + 24;
    }
    {
        /* Side by side in landscape, so the message and the buttons fit below. */
        bool two = focused == NULL && !b->portrait;
        int fw = two ? (w - 32) / 2 : w;
        if (focused == NULL || focused == &st->pin)
            ui_input(b, "unlock.pin", ui_rect_make(body.x + margin, y, fw, ih), &st->pin, ui_tr(b, "新密码", "New PIN"),
                     "");
        if (!two && (focused == NULL || focused == &st->pin))
            y += ih + 16;
        if (focused == NULL || focused == &st->again)
            ui_input(b, "unlock.again", ui_rect_make(two ? body.x + margin + fw + 32 : body.x + margin, y, fw, ih),
                     &st->again, ui_tr(b, "再次输入新密码", "New PIN again"), "");
        y += ih + 16;
    }
    if (focused != NULL)
        return;
    if (st->msg.zh[0] != '\0') {
        e = ui_label(b, "unlock.msg", ui_rect_make(body.x + margin, y, w, 0), ui_tr(b, st->msg.zh, st->msg.en),
                     UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
        if (!st->done)
            e->fg = b->th->error_text;
    }
    ui_button(b, "unlock.back", ui_rect_make(body.x + margin, body.y + body.h - 152, 320, 120),
              ui_tr(b, "返回", "Back"), UI_S_SECONDARY, tap_back, 0);
    ui_button(b, "unlock.go", ui_rect_make(body.x + body.w - margin - 420, body.y + body.h - 152, 420, 120),
              st->busy ? ui_tr(b, "请稍候……", "Please wait…") : ui_tr(b, "解锁", "Unlock"), UI_S_PRIMARY, tap_unlock, 0)
        ->enabled = !st->busy && ui_app_card_present(app);
}

static void wipe(void *state)
{
    unlock_state *st = state;
    ui_field_wipe(&st->pin);
    ui_field_wipe(&st->again);
}

const ui_screen sup_unlock = {.name = "sup.unlock",
                              .state_size = sizeof(unlock_state),
                              .enter = enter,
                              .build = build,
                              .on_post = on_post,
                              .wipe = wipe};
