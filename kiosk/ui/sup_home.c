/*
 * sup_home.c - supervisor mode's first screen: who is signed in, the work
 * waiting for the window (jobs awaiting payment, review, issuance, writing;
 * rejected ones; receipts to print; the upload queue), a search over all
 * jobs, and the actions: the day's report, the devices and the sync (with
 * its last errors and a sync now), sign out, and for an admin, lifting the
 * kiosk's lock-down. Every action is audited with the clerk's id.
 */
#include "desk.h"
#include "sup.h"
#include "ui_links.h"
#include "ui_widgets.h"

typedef struct home_state {
    bool have, busy;
    struct desk_work work;
    bool kiosk_unlocked;
} home_state;

static void ask_work(ui_app *app, home_state *st)
{
    ui_links *l = ui_app_links(app);
    desk_req *r;
    if (l == NULL || l->desk == NULL || st->busy || (r = desk_req_new(DESK_WORK)) == NULL)
        return;
    st->busy = true;
    desk_submit(l->desk, r);
}

static void enter(ui_app *app, void *state, intptr_t arg)
{
    (void)arg;
    if (sup_clerk(app) == NULL) { /* never without a sign-in */
        ui_app_end_session(app);
        return;
    }
    ask_work(app, state);
}

static void on_post(ui_app *app, void *state, uint32_t kind, void *payload)
{
    home_state *st = state;
    desk_req *r = payload;
    if (kind == UI_POST_DESK && r != NULL && r->op == DESK_WORK) {
        st->busy = false;
        if (r->err == CK_OK) {
            st->work = r->work;
            st->have = true;
        }
    } else if (kind == UI_POST_ONLINE || kind == UI_POST_OFFLINE) {
        ask_work(app, st); /* a sync round may have moved jobs */
    }
    ui_app_dirty(app);
}

static void tap_list(ui_app *app, intptr_t arg)
{
    ui_app_go(app, &sup_jobs, arg);
}

static void tap_unlock_key(ui_app *app, intptr_t arg)
{
    (void)arg;
    ui_app_go(app, &sup_unlock, 0);
}

static void tap_report(ui_app *app, intptr_t arg)
{
    (void)arg;
    ui_app_go(app, &sup_report, 0);
}

static void tap_status(ui_app *app, intptr_t arg)
{
    (void)arg;
    ui_app_go(app, &sup_status, 0);
}

static void tap_unlock(ui_app *app, intptr_t arg)
{
    home_state *st = ui_app_state(app);
    (void)arg;
    if (sup_clerk(app) == NULL || sup_clerk(app)->role != CLERK_ROLE_ADMIN)
        return;
    sup_audit(app, "clerk.leave_kiosk", "");
    ui_app_set_supervisor(app, true);
    st->kiosk_unlocked = true;
}

static void tap_signout(ui_app *app, intptr_t arg)
{
    (void)arg;
    sup_audit(app, "clerk.signout", "");
    sup_signed_out(app);
    ui_app_set_supervisor(app, false);
    ui_app_end_session(app);
}

/* What an admin's lift of the lock-down allows, in the error colour: the kiosk can now be left. */
static void unlocked_note(ui_build *b, ui_rect r)
{
    ui_label(b, "sup.unlocked", r,
             ui_tr(b, "已解除自助锁定：Esc 或关闭窗口可退出本程序。", "Lock-down lifted: Escape or closing the window quits."),
             UI_F_CAPTION, UI_BOLD, UI_ALIGN_LEFT)
        ->fg = b->th->error_text;
}

static void build(ui_app *app, ui_build *b, void *state)
{
    home_state *st = state;
    const ck_clerk *c = sup_clerk(app);
    int margin = b->portrait ? 48 : 64, y, w, bw = b->portrait ? 460 : 420, gap = 24;
    ui_rect body = ui_header(b, ui_tr(b, "窗口柜员模式", "Clerk mode"), 0);
    ui_elem *e;
    if (c == NULL)
        return;
    w = body.w - 2 * margin;
    y = body.y + 8;
    e = ui_label(b, "sup.who", ui_rect_make(body.x + margin, y, w, 0),
                 b->lang == UI_EN ? ui_fmt(b, "Signed in: %s (%s, %s)", c->name, c->id, clerk_role_code(c->role))
                                  : ui_fmt(b, "已登录：%s（%s，%s）", c->name, c->id,
                                           c->role == CLERK_ROLE_ADMIN ? "管理员" : "柜员"),
                 UI_F_HEADING, UI_BOLD, UI_ALIGN_LEFT);
    y += e->rect.h;
    y += 24;
    if (!st->have) {
        ui_label(b, "sup.loading", ui_rect_make(body.x + margin, y, w, 0), ui_tr(b, "正在读取……", "Reading…"), UI_F_BODY,
                 UI_REGULAR, UI_ALIGN_LEFT);
    } else {
        /* Left (landscape) or first: the lists a clerk works through, each with its count. */
        static const struct {
            const char *id, *zh, *en;
            int kind; /* a desk_list_kind, or -1: the unlock screen */
        } lists[] = {{"sup.list.awaiting", "收取窗口付款", "Take a payment", DESK_LIST_AWAITING},
                     {"sup.list.issued", "写入USB Key", "Write to a key", DESK_LIST_ISSUED},
                     {"sup.list.receipts", "打印收据", "Print receipts", DESK_LIST_RECEIPTS},
                     {"sup.list.identity", "核验身份证件", "Check identity documents", DESK_LIST_IDENTITY},
                     {"sup.unlockkey", "证书解锁", "Unlock a USB Key", -1}};
        const struct desk_work *k = &st->work;
        const int counts[sizeof lists / sizeof lists[0]] = {k->jobs[JOB_AWAITING_PAYMENT], k->jobs[JOB_ISSUED], k->receipts_pending,
                              k->identity_pending, -1};
        const ui_table_col cols[] = {{ui_tr(b, "进度", "Where jobs stand"), 3, UI_ALIGN_LEFT},
                                     {ui_tr(b, "数量", "Count"), 1, UI_ALIGN_RIGHT}};
        const struct {
            const char *id, *zh, *en;
            long long n;
        } rows[] = {
            {"review", "已提交，待审核", "Submitted for review", k->jobs[JOB_QUEUED] + k->jobs[JOB_SUBMITTED]},
            {"approved", "已批准，待签发", "Approved, not yet issued", k->jobs[JOB_APPROVED]},
            {"rejected", "未通过审核", "Rejected", k->jobs[JOB_REJECTED]},
            {"outbox", "待上传（其中搁置）", "To upload (set aside)", k->outbox_pending},
        };
        int col = b->portrait ? w : (w - 48) / 2, ly = y;
        ui_table t;
        for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
            ui_button(b, lists[i].id, ui_rect_make(body.x + margin, ly, col, UI_MIN_TARGET),
                      counts[i] >= 0 ? ui_fmt(b, "%s（%d）›", ui_tr(b, lists[i].zh, lists[i].en), counts[i])
                                     : ui_fmt(b, "%s ›", ui_tr(b, lists[i].zh, lists[i].en)),
                      UI_S_SECONDARY, lists[i].kind >= 0 ? tap_list : tap_unlock_key, lists[i].kind);
            ly += UI_MIN_TARGET + 12;
        }
        /* Right (landscape) or below: where the other jobs stand. */
        ui_table_begin(b, &t, "sup.work",
                       ui_rect_make(b->portrait ? body.x + margin : body.x + margin + col + 48, b->portrait ? ly + 12 : y,
                                    col, 0),
                       cols, 2, b->th->large ? 84 : 64);
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
            bool outbox = i + 1 == sizeof rows / sizeof rows[0];
            const char *cells[2] = {ui_tr(b, rows[i].zh, rows[i].en),
                                    outbox ? ui_fmt(b, "%lld（%lld）", rows[i].n, (long long)k->outbox_parked)
                                           : ui_fmt(b, "%lld", rows[i].n)};
            ui_table_row(&t, rows[i].id, cells);
        }
        y = ui_table_end(&t) + 16;
        /* The search, under the table: it acts on every job, not one list. */
        ui_button(b, "sup.list.search", ui_rect_make(b->portrait ? body.x + margin : body.x + margin + col + 48, y, col,
                                                     UI_MIN_TARGET),
                  ui_fmt(b, "%s ›", ui_tr(b, "查找业务", "Find a job")), UI_S_SECONDARY, tap_list, DESK_LIST_SEARCH);
        y += UI_MIN_TARGET + 16;
        if (st->kiosk_unlocked && b->portrait) /* under the search; in landscape where the lift button was */
            unlocked_note(b, ui_rect_make(body.x + margin, y, col, 0));
    }
    {
        /* The actions, along the bottom (two rows in portrait). */
        int by = body.y + body.h - 152, x = body.x + margin;
        ui_button(b, "sup.signout", ui_rect_make(x, by, 320, 120), ui_tr(b, "退出登录", "Sign out"), UI_S_SECONDARY,
                  tap_signout, 0);
        x = body.x + body.w - margin - bw;
        ui_button(b, "sup.report", ui_rect_make(x, by, bw, 120), ui_tr(b, "日结报表", "Day report"), UI_S_PRIMARY,
                  tap_report, 0);
        if (b->portrait)
            by -= 120 + gap, x = body.x + body.w - margin - bw;
        else
            x -= bw + gap;
        ui_button(b, "sup.status", ui_rect_make(x, by, bw, 120), ui_tr(b, "设备与同步", "Devices and sync"),
                  UI_S_SECONDARY, tap_status, 0);
        if (st->kiosk_unlocked && !b->portrait && st->have)
            unlocked_note(b, ui_rect_make(x - bw - gap, by, bw, 0));
        if (c->role == CLERK_ROLE_ADMIN && !st->kiosk_unlocked) {
            if (b->portrait)
                by -= 120 + gap;
            else
                x -= bw + gap;
            ui_button(b, "sup.unlock", ui_rect_make(b->portrait ? body.x + body.w - margin - bw : x, by, bw, 120),
                      ui_tr(b, "解除自助锁定", "Lift lock-down"), UI_S_SECONDARY, tap_unlock, 0);
        }
    }
}

const ui_screen sup_home = {
    .name = "sup", .state_size = sizeof(home_state), .enter = enter, .build = build, .on_post = on_post};
