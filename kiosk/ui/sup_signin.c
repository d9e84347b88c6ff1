/*
 * sup_signin.c - a clerk's sign-in: id and PIN on the on-screen keypads,
 * checked on the desk's thread (clerk_signin: Argon2id, the lock after wrong
 * PINs, the audit row). The message says what the check said: a wrong id or
 * PIN in the same words, the minutes of a lock, a disabled account.
 */
#include <string.h>

#include "desk.h"
#include "sup.h"
#include "ui_links.h"
#include "ui_widgets.h"

typedef struct signin_state {
    bool init, busy, signed_in;
    bool signed_out;   /* by the clerk's own "退出登录" (audited there) */
    desk_worker *desk; /* for the audit row when the session ends without it */
    ui_field id, pin;
    ck_diag msg;
    ck_clerk clerk;
} signin_state;

const ck_clerk *sup_clerk(ui_app *app)
{
    signin_state *st = ui_app_state_of(app, &sup_signin);
    return st != NULL && st->signed_in ? &st->clerk : NULL;
}

void sup_audit(ui_app *app, const char *action, const char *subject)
{
    ui_links *l = ui_app_links(app);
    const ck_clerk *c = sup_clerk(app);
    desk_req *r;
    if (l == NULL || l->desk == NULL || c == NULL || (r = desk_req_new(DESK_AUDIT)) == NULL)
        return;
    snprintf(r->clerk_id, sizeof r->clerk_id, "%s", c->id);
    snprintf(r->action, sizeof r->action, "%s", action);
    snprintf(r->uuid, sizeof r->uuid, "%s", subject != NULL ? subject : "");
    desk_submit(l->desk, r);
}

void sup_signed_out(ui_app *app)
{
    signin_state *st = ui_app_state_of(app, &sup_signin);
    if (st != NULL)
        st->signed_out = true;
}

static void enter(ui_app *app, void *state, intptr_t arg)
{
    signin_state *st = state;
    (void)arg;
    if (!st->init) {
        ui_field_init(&st->id, UI_KBD_CODE, CLERK_ID_MAX, false, NULL, NULL);
        ui_field_init(&st->pin, UI_KBD_DIGITS, 12, true, NULL, NULL);
        st->init = true;
    }
    ui_app_focus(app, &st->id);
}

static void tap_signin(ui_app *app, intptr_t arg)
{
    signin_state *st = ui_app_state(app);
    ui_links *l = ui_app_links(app);
    desk_req *r;
    (void)arg;
    if (st->busy || st->id.text[0] == '\0' || st->pin.text[0] == '\0')
        return;
    if (l == NULL || l->desk == NULL || (r = desk_req_new(DESK_CLERK_SIGNIN)) == NULL) {
        st->msg = (ck_diag){"本机暂时无法登录", "Sign-in is not available on this kiosk"};
        return;
    }
    snprintf(r->clerk_id, sizeof r->clerk_id, "%.32s", st->id.text);
    snprintf(r->pin, sizeof r->pin, "%.15s", st->pin.text);
    ui_field_clear(&st->pin); /* never kept beyond the attempt */
    st->busy = true;
    st->msg = (ck_diag){"", ""};
    desk_submit(l->desk, r);
}

static void on_post(ui_app *app, void *state, uint32_t kind, void *payload)
{
    signin_state *st = state;
    desk_req *r = payload;
    if (kind != UI_POST_DESK || r == NULL || r->op != DESK_CLERK_SIGNIN)
        return;
    st->busy = false;
    if (r->err == CK_OK) {
        ui_links *l = ui_app_links(app);
        st->clerk = r->clerk;
        st->signed_in = true;
        st->desk = l != NULL ? l->desk : NULL;
        /* Signed out after [clerk] idle_s without a touch (the "还在吗？" dialog, then the session ends). */
        ui_app_set_idle(app, ui_app_config(app)->clerk_idle_s);
        ui_field_wipe(&st->pin);
        ui_app_focus(app, NULL);
        ui_app_go(app, &sup_home, 0);
    } else {
        st->msg = r->d;
        ui_app_focus(app, &st->pin);
    }
    ui_app_dirty(app);
}

static void tap_cancel(ui_app *app, intptr_t arg)
{
    (void)arg;
    ui_app_end_session(app);
}

static void build(ui_app *app, ui_build *b, void *state)
{
    signin_state *st = state;
    int margin = b->portrait ? 48 : 64, ih = ui_input_height(b), y, w;
    ui_field *focused = ui_app_focused(app);
    ui_rect body = ui_header(b, ui_tr(b, "柜员登录", "Clerk sign-in"), UI_HDR_END);
    ui_elem *e;
    w = (focused != NULL && !b->portrait ? body.w : (b->portrait ? body.w : 1000)) - 2 * margin;
    y = body.y + 16;
    if (focused == NULL || focused == &st->id) {
        ui_input(b, "clerk.id", ui_rect_make(body.x + margin, y, w, ih), &st->id, ui_tr(b, "工号", "Clerk id"),
                 ui_tr(b, "字母和数字", "Letters and digits"));
        y += ih + 16;
    }
    if (focused == NULL || focused == &st->pin) {
        ui_input(b, "clerk.pin", ui_rect_make(body.x + margin, y, w, ih), &st->pin, ui_tr(b, "密码", "PIN"),
                 ui_tr(b, "6至12位数字", "6 to 12 digits"));
        y += ih + 16;
    }
    if (st->msg.zh[0] != '\0') {
        e = ui_label(b, "clerk.msg", ui_rect_make(body.x + margin, y, w, 0), ui_tr(b, st->msg.zh, st->msg.en),
                     UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
        e->fg = b->th->error_text;
    } else if (st->busy) {
        ui_label(b, "clerk.msg", ui_rect_make(body.x + margin, y, w, 0), ui_tr(b, "正在核对……", "Checking…"),
                 UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
    }
    if (focused != NULL)
        return;
    ui_button(b, "clerk.cancel", ui_rect_make(body.x + margin, body.y + body.h - 152, 320, 120),
              ui_tr(b, "返回", "Back"), UI_S_SECONDARY, tap_cancel, 0);
    ui_button(b, "clerk.signin", ui_rect_make(body.x + body.w - margin - 420, body.y + body.h - 152, 420, 120),
              ui_tr(b, "登录", "Sign in"), UI_S_PRIMARY, tap_signin, 0)
        ->enabled = !st->busy && st->id.text[0] != '\0' && st->pin.text[0] != '\0';
}

static void wipe(void *state)
{
    signin_state *st = state;
    desk_req *r;
    /* A session that ends without the clerk's sign-out (idle, the program stopping) gets its own audit row. */
    if (st->signed_in && !st->signed_out && st->desk != NULL && (r = desk_req_new(DESK_AUDIT)) != NULL) {
        snprintf(r->clerk_id, sizeof r->clerk_id, "%s", st->clerk.id);
        snprintf(r->action, sizeof r->action, "clerk.signout.auto");
        desk_submit(st->desk, r);
    }
    ui_field_wipe(&st->id);
    ui_field_wipe(&st->pin);
}

const ui_screen sup_signin = {.name = "clerk.signin",
                              .state_size = sizeof(signin_state),
                              .enter = enter,
                              .build = build,
                              .on_post = on_post,
                              .wipe = wipe};
