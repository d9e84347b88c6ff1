/*
 * sup_status.c - "设备与同步" for the clerk: the sync worker's state (online
 * or not, when it last reached the upstream, what waits to upload, the
 * clock's skew) with its last distinct errors, and the device checks of
 * `certkioskctl doctor` (reader service and readers, printer, upstream,
 * clock, disk, database, key files, configuration) run on the desk's thread;
 * what is not right is listed with what to do. "立即同步" starts a round;
 * "重新检查" runs the checks again. Both are audited.
 */
#include <stdio.h>
#include <string.h>

#include "desk.h"
#include "sup.h"
#include "sync_worker.h"
#include "ui_links.h"
#include "ui_widgets.h"

typedef struct status_state {
    bool have, busy;
    doctor_result checks[DOCTOR__COUNT];
} status_state;

static void ask_checks(ui_app *app, status_state *st)
{
    ui_links *l = ui_app_links(app);
    desk_req *r;
    if (st->busy || l == NULL || l->desk == NULL || (r = desk_req_new(DESK_STATUS)) == NULL)
        return;
    st->busy = true;
    desk_submit(l->desk, r);
}

static void enter(ui_app *app, void *state, intptr_t arg)
{
    (void)arg;
    if (sup_clerk(app) == NULL) {
        ui_app_end_session(app);
        return;
    }
    ask_checks(app, state);
    sup_audit(app, "clerk.status", "");
}

static void on_post(ui_app *app, void *state, uint32_t kind, void *payload)
{
    status_state *st = state;
    desk_req *r = payload;
    if (kind == UI_POST_DESK && r != NULL && r->op == DESK_STATUS) {
        st->busy = false;
        st->have = true;
        memcpy(st->checks, r->checks, sizeof st->checks);
    }
    /* A sync round's end (UI_POST_ONLINE / OFFLINE) changes the sync lines: rebuild. */
    ui_app_dirty(app);
}

static void tap_sync(ui_app *app, intptr_t arg)
{
    ui_links *l = ui_app_links(app);
    (void)arg;
    if (l != NULL && l->sync != NULL)
        sync_worker_kick(l->sync);
    sup_audit(app, "clerk.sync", "");
}

static void tap_recheck(ui_app *app, intptr_t arg)
{
    (void)arg;
    ask_checks(app, ui_app_state(app));
    sup_audit(app, "clerk.status", "");
}

static void tap_back(ui_app *app, intptr_t arg)
{
    (void)arg;
    ui_app_back(app);
}

/* "HH:MM" in the kiosk's time zone, or "—" for never. */
static const char *hhmm(ui_build *b, const ck_clock *clock, int64_t t)
{
    int64_t local = t + clock->utc_offset_s;
    if (t <= 0)
        return "—";
    return ui_fmt(b, "%02d:%02d", (int)(local / 3600 % 24), (int)(local / 60 % 60));
}

/* The sync worker's lines; returns the y below. */
static int build_sync(ui_app *app, ui_build *b, ui_rect r)
{
    ui_links *l = ui_app_links(app);
    const ck_clock *clock = ui_app_clock(app);
    sync_status s = {0};
    int y = r.y;
    ui_elem *e;
    if (l == NULL || l->sync == NULL) {
        e = ui_label(b, "status.line", ui_rect_make(r.x, y, r.w, 0),
                     ui_tr(b, "未配置上级系统：本机只能离线办理", "No upstream configured: this kiosk works offline only"),
                     UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
        return y + e->rect.h + 16;
    }
    sync_worker_status(l->sync, &s);
    e = ui_label(b, "status.line", ui_rect_make(r.x, y, r.w, 0),
                 b->lang == UI_EN
                     ? ui_fmt(b, "Upstream: %s; last reached %s; %lld to upload (%lld set aside); clock %+llds",
                              s.online ? "online" : "OFFLINE", hhmm(b, clock, s.last_success),
                              (long long)s.queue_depth, (long long)s.parked, (long long)s.clock_skew_s)
                     : ui_fmt(b, "上级系统：%s；最近连通 %s；待上传 %lld（搁置 %lld）；时钟偏差 %+lld秒",
                              s.online ? "在线" : "离线", hhmm(b, clock, s.last_success), (long long)s.queue_depth,
                              (long long)s.parked, (long long)s.clock_skew_s),
                 UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
    if (!s.online || s.clock_warning)
        e->fg = b->th->error_text;
    y += e->rect.h + 8;
    for (int i = 0; i < SYNC_RECENT_ERRORS && i < 3 && s.recent[i].count > 0; i++) {
        const sync_error_seen *x = &s.recent[i];
        e = ui_label(b, ui_fmt(b, "status.err.%d", i), ui_rect_make(r.x, y, r.w, 0),
                     x->count > 1 ? ui_fmt(b, "%s–%s ×%d  %s", hhmm(b, clock, x->first), hhmm(b, clock, x->last),
                                           x->count, x->text)
                                  : ui_fmt(b, "%s  %s", hhmm(b, clock, x->first), x->text),
                     UI_F_CAPTION, UI_REGULAR, UI_ALIGN_LEFT);
        y += e->rect.h + 4;
    }
    if (s.recent[0].count == 0) {
        e = ui_label(b, "status.err.none", ui_rect_make(r.x, y, r.w, 0), ui_tr(b, "近期同步没有错误", "No recent sync errors"),
                     UI_F_CAPTION, UI_REGULAR, UI_ALIGN_LEFT);
        y += e->rect.h + 4;
    }
    return y + 16;
}

static void build(ui_app *app, ui_build *b, void *state)
{
    status_state *st = state;
    static const char *const szh[] = {"正常", "注意", "故障"}, *const sen[] = {"OK", "Warning", "FAILED"};
    /* In the order a clerk goes through them at the counter. */
    static const doctor_check order[] = {DOCTOR_READERS, DOCTOR_PCSCD,    DOCTOR_PRINTER,   DOCTOR_UPSTREAM, DOCTOR_CLOCK,
                                         DOCTOR_DISK,    DOCTOR_DATABASE, DOCTOR_KEY_FILES, DOCTOR_CONFIG};
    int margin = b->portrait ? 48 : 64, w, y, bw = b->portrait ? 440 : 400;
    ui_rect body = ui_header(b, ui_tr(b, "设备与同步", "Devices and sync"), 0);
    ui_elem *e;
    if (sup_clerk(app) == NULL)
        return;
    w = body.w - 2 * margin;
    y = build_sync(app, b, ui_rect_make(body.x + margin, body.y + 8, w, 0));
    if (!st->have) {
        ui_label(b, "status.loading", ui_rect_make(body.x + margin, y, w, 0), ui_tr(b, "正在检查……", "Checking…"),
                 UI_F_BODY, UI_REGULAR, UI_ALIGN_LEFT);
    } else {
        /* A grid that says right or not; what was found and what to do, for the rest only, under it. */
        int cols = b->portrait ? 2 : 3, gap = 24, cw = (w - (cols - 1) * gap) / cols, row_h = 0, n = 0;
        int bottom = body.y + body.h - (b->portrait ? 320 : 176);
        for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
            const doctor_result *c = &st->checks[order[i]];
            int cx = body.x + margin + (int)(i % (size_t)cols) * (cw + gap);
            e = ui_label(b, ui_fmt(b, "status.checks.%s", doctor_check_code(order[i])), ui_rect_make(cx, y, cw, 0),
                         ui_fmt(b, "%s %s：%s", c->status == DOCTOR_PASS ? "√" : c->status == DOCTOR_WARN ? "●" : "×",
                                ui_tr(b, doctor_check_zh(order[i]), doctor_check_en(order[i])),
                                ui_tr(b, szh[c->status], sen[c->status])),
                         UI_F_BODY, c->status == DOCTOR_PASS ? UI_REGULAR : UI_BOLD, UI_ALIGN_LEFT);
            if (c->status == DOCTOR_FAIL)
                e->fg = b->th->error_text;
            if (e->rect.h > row_h)
                row_h = e->rect.h;
            if ((int)(i % (size_t)cols) == cols - 1 || i + 1 == sizeof order / sizeof order[0]) {
                y += row_h + 12;
                row_h = 0;
            }
        }
        y += 12;
        for (size_t i = 0; i < sizeof order / sizeof order[0] && y < bottom - 100; i++) {
            const doctor_result *c = &st->checks[order[i]];
            if (c->status == DOCTOR_PASS)
                continue;
            e = ui_label(b, ui_fmt(b, "status.hint.%s", doctor_check_code(order[i])), ui_rect_make(body.x + margin, y, w, 0),
                         b->lang == UI_EN ? ui_fmt(b, "%s: %s; %s", doctor_check_en(order[i]), c->detail_en, c->hint_en)
                                          : ui_fmt(b, "%s：%s；%s", doctor_check_zh(order[i]), c->detail_zh, c->hint_zh),
                         UI_F_CAPTION, UI_REGULAR, UI_ALIGN_LEFT);
            if (c->status == DOCTOR_FAIL)
                e->fg = b->th->error_text;
            y += e->rect.h + 8;
            n++; /* the rest, when the screen is full, with `certkioskctl doctor` */
        }
        if (n == 0)
            ui_label(b, "status.hint.none", ui_rect_make(body.x + margin, y, w, 0),
                     ui_tr(b, "各项检查均正常", "Every check is all right"), UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
    }
    {
        ui_links *l = ui_app_links(app);
        int by = body.y + body.h - 152, x = body.x + body.w - margin - bw;
        ui_button(b, "status.back", ui_rect_make(body.x + margin, by, 320, 120), ui_tr(b, "返回", "Back"),
                  UI_S_SECONDARY, tap_back, 0);
        ui_button(b, "status.sync", ui_rect_make(x, by, bw, 120), ui_tr(b, "立即同步", "Sync now"), UI_S_PRIMARY,
                  tap_sync, 0)
            ->enabled = l != NULL && l->sync != NULL;
        /* Beside "sync now" in landscape, above it in portrait (no room beside "back"). */
        ui_button(b, "status.recheck", b->portrait ? ui_rect_make(x, by - 144, bw, 120) : ui_rect_make(x - bw - 24, by, bw, 120),
                  ui_tr(b, "重新检查", "Check again"),
                  UI_S_SECONDARY, tap_recheck, 0)
            ->enabled = !st->busy;
    }
}

const ui_screen sup_status = {
    .name = "sup.status", .state_size = sizeof(status_state), .enter = enter, .build = build, .on_post = on_post};
