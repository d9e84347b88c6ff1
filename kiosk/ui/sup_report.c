/*
 * sup_report.c - the day's report on the screen for the clerk: takings by
 * payment method and by fee item, refunds owed, the receipt numbers, and
 * whether everything reconciles (the first mismatches listed), computed on
 * the desk's thread (DESK_DAY_REPORT, the same report as
 * `certkioskctl report day`). Viewing it is audited; "打印报表" prints it on
 * the receipt printer (DESK_PRINT_REPORT, audited as clerk.report_print).
 */
#include <stdlib.h>
#include <string.h>

#include "desk.h"
#include "money.h"
#include "sup.h"
#include "ui_links.h"
#include "ui_widgets.h"

typedef struct report_state {
    bool have, busy;
    ck_date day;
    day_report *r; /* owned; freed by wipe */
    ck_diag err;
    bool printing, print_ok;
    ck_diag print_msg; /* what the printer said; "" before a print */
} report_state;

static void enter(ui_app *app, void *state, intptr_t arg)
{
    report_state *st = state;
    ui_links *l = ui_app_links(app);
    desk_req *r;
    (void)arg;
    st->day = date_from_unix(ui_app_now(app), ui_app_clock(app)->utc_offset_s);
    if (sup_clerk(app) == NULL || l == NULL || l->desk == NULL || (r = desk_req_new(DESK_DAY_REPORT)) == NULL)
        return;
    r->day = st->day;
    st->busy = true;
    desk_submit(l->desk, r);
    sup_audit(app, "clerk.report", "");
}

static void on_post(ui_app *app, void *state, uint32_t kind, void *payload)
{
    report_state *st = state;
    desk_req *r = payload;
    if (kind == UI_POST_DESK && r != NULL && r->op == DESK_PRINT_REPORT) {
        st->printing = false;
        st->print_ok = r->err == CK_OK;
        st->print_msg = r->err == CK_OK ? (ck_diag){"报表已打印", "The report was printed"} : r->d;
        ui_app_dirty(app);
        return;
    }
    if (kind != UI_POST_DESK || r == NULL || r->op != DESK_DAY_REPORT)
        return;
    st->busy = false;
    if (r->err != CK_OK) {
        st->err = r->d;
    } else {
        if (st->r == NULL)
            st->r = malloc(sizeof *st->r);
        if (st->r != NULL) {
            *st->r = r->report;
            st->have = true;
        }
    }
    ui_app_dirty(app);
}

static void wipe(void *state)
{
    report_state *st = state;
    free(st->r);
    st->r = NULL;
}

static const char *yuan(ui_build *b, int64_t fen)
{
    char buf[32];
    money_format_yuan(fen, buf, sizeof buf);
    return ui_fmt(b, "%s元", buf);
}

static void tap_print(ui_app *app, intptr_t arg)
{
    report_state *st = ui_app_state(app);
    ui_links *l = ui_app_links(app);
    const ck_clerk *c = sup_clerk(app);
    desk_req *r;
    (void)arg;
    if (st->printing || c == NULL || l == NULL || l->desk == NULL || (r = desk_req_new(DESK_PRINT_REPORT)) == NULL)
        return;
    r->day = st->day;
    snprintf(r->clerk_id, sizeof r->clerk_id, "%s", c->id);
    st->printing = true;
    st->print_msg = (ck_diag){"正在打印……", "Printing…"};
    st->print_ok = true;
    desk_submit(l->desk, r);
}

static void tap_back(ui_app *app, intptr_t arg)
{
    (void)arg;
    ui_app_back(app);
}

static void build(ui_app *app, ui_build *b, void *state)
{
    report_state *st = state;
    char date[11];
    int margin = b->portrait ? 48 : 64, y, w, col;
    ui_rect body;
    ui_elem *e;
    date_format(st->day, date);
    body = ui_header(b, ui_fmt(b, "%s %s", ui_tr(b, "日结报表", "Day report"), date), 0);
    w = body.w - 2 * margin;
    col = b->portrait ? w : (w - 48) / 2;
    y = body.y + 8;
    if (!st->have) {
        ui_label(b, "report.loading", ui_rect_make(body.x + margin, y, w, 0),
                 st->err.zh[0] != '\0' ? ui_tr(b, st->err.zh, st->err.en) : ui_tr(b, "正在计算……", "Computing…"),
                 UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
    } else {
        const day_report *r = st->r;
        const ui_table_col mcols[] = {{ui_tr(b, "收款方式", "Method"), 2, UI_ALIGN_LEFT},
                                      {ui_tr(b, "笔数", "Count"), 1, UI_ALIGN_RIGHT},
                                      {ui_tr(b, "金额", "Amount"), 2, UI_ALIGN_RIGHT}};
        const ui_table_col icols[] = {{ui_tr(b, "收费项目", "Fee item"), 3, UI_ALIGN_LEFT},
                                      {ui_tr(b, "金额", "Amount"), 2, UI_ALIGN_RIGHT}};
        static const char *const mzh[REPORT__METHODS] = {"微信支付", "现金", "刷卡"};
        static const char *const men[REPORT__METHODS] = {"WeChat Pay", "Cash", "POS"};
        ui_table t;
        int y2;
        ui_table_begin(b, &t, "report.method", ui_rect_make(body.x + margin, y, col, 0), mcols, 3,
                       b->th->large ? 84 : 64);
        for (int m = 0; m < REPORT__METHODS; m++) {
            const char *cells[3] = {ui_tr(b, mzh[m], men[m]), ui_fmt(b, "%d", r->payments[m]),
                                    yuan(b, r->takings_by_method[m])};
            ui_table_row(&t, day_report_method_code((ck_report_method)m), cells);
        }
        {
            const char *cells[3] = {ui_tr(b, "合计", "Total"), NULL, yuan(b, r->takings_fen)};
            ui_table_row(&t, "total", cells);
        }
        y2 = ui_table_end(&t) + 24;
        ui_table_begin(b, &t, "report.item", ui_rect_make(b->portrait ? body.x + margin : body.x + margin + col + 48,
                                                          b->portrait ? y2 : y, col, 0),
                       icols, 2, b->th->large ? 84 : 64);
        for (int i = 0; i < FEE__COUNT; i++) {
            const char *cells[2] = {ui_tr(b, fees_item_zh((ck_fee_item)i, HOLDER_UNIT), fees_item_en((ck_fee_item)i, HOLDER_UNIT)),
                                    yuan(b, r->takings_by_item[i])};
            ui_table_row(&t, fees_item_code((ck_fee_item)i), cells);
        }
        y = b->portrait ? ui_table_end(&t) + 24 : (ui_table_end(&t) > y2 ? ui_table_end(&t) : y2) + 8;
        e = ui_label(b, "report.refunds", ui_rect_make(body.x + margin, y, w, 0),
                     b->lang == UI_EN ? ui_fmt(b, "Refunds owed: %d (%s); receipts: %d", r->refunds, yuan(b, r->refunds_fen), r->receipts)
                                      : ui_fmt(b, "应退款：%d 笔（%s）；收据：%d 张", r->refunds, yuan(b, r->refunds_fen), r->receipts),
                     UI_F_BODY, UI_REGULAR, UI_ALIGN_LEFT);
        y += e->rect.h + 12;
        e = ui_label(b, "report.reconcile", ui_rect_make(body.x + margin, y, w, 0),
                     r->n_issues == 0 ? ui_tr(b, "对账无误", "Everything reconciles")
                                      : (b->lang == UI_EN ? ui_fmt(b, "Does not reconcile: %d item(s)", r->n_issues)
                                                          : ui_fmt(b, "对账不符：%d 项", r->n_issues)),
                     UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
        if (r->n_issues > 0)
            e->fg = b->th->error_text;
        y += e->rect.h + 8;
        for (int i = 0; i < r->n_issues && i < 3; i++) {
            e = ui_note(b, ui_fmt(b, "report.issue.%d", i), ui_rect_make(body.x + margin, y, w, 0),
                        ui_fmt(b, "%.8s… %s", r->issues[i].job, ui_tr(b, r->issues[i].zh, r->issues[i].en)),
                        UI_F_CAPTION, UI_ALIGN_LEFT);
            y += e->rect.h + 4;
        }
        if (st->print_msg.zh[0] != '\0') {
            e = ui_label(b, "report.printed", ui_rect_make(body.x + margin, y + 8, w, 0),
                         ui_tr(b, st->print_msg.zh, st->print_msg.en), UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
            if (!st->print_ok)
                e->fg = b->th->error_text;
        }
    }
    ui_button(b, "report.back", ui_rect_make(body.x + margin, body.y + body.h - 152, 320, 120),
              ui_tr(b, "返回", "Back"), UI_S_SECONDARY, tap_back, 0);
    ui_button(b, "report.print", ui_rect_make(body.x + body.w - margin - 420, body.y + body.h - 152, 420, 120),
              ui_tr(b, "打印报表", "Print"), UI_S_PRIMARY, tap_print, 0)
        ->enabled = st->have && !st->printing &&
                    strcmp(ui_app_config(app)->printer_transport, "none") != 0;
}

const ui_screen sup_report = {.name = "sup.report",
                              .state_size = sizeof(report_state),
                              .enter = enter,
                              .build = build,
                              .on_post = on_post,
                              .wipe = wipe};
