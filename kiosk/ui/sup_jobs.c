/*
 * sup_jobs.c - a clerk's list of work and what to do with it ("sup.jobs",
 * arg = desk_list_kind): jobs awaiting payment (take it in cash or by POS:
 * the job's own quote, checked again by the store, booked for the signed-in
 * clerk), jobs issued but not yet on a key (write them to the customer's key
 * in the reader), receipts waiting for a print (print, or reprint marked
 * 重印), jobs whose identity documents need a look, and a search by job
 * number, credit code or organisation name over jobs of every state (with
 * the upstream's reason on a rejected one, and the action its state allows).
 * Everything runs on the desk's thread and is audited with the clerk.
 */
#include <string.h>

#include "desk.h"
#include "id_docs.h"
#include "job.h"
#include "money.h"
#include "services.h"
#include "sup.h"
#include "ui_links.h"
#include "ui_widgets.h"

typedef struct jobs_state {
    desk_list_kind kind;
    bool have, busy;
    desk_list_item items[DESK_LIST_MAX];
    int n, chosen; /* -1: none */
    ck_diag msg;
    bool msg_ok;
    unsigned seen; /* identity: the documents the clerk ticked for the chosen job */
    ui_field q_number, q_name; /* search: a job number or credit code; part of a name (pinyin) */
} jobs_state;

/* What the chosen item allows: its list's action, or for a search, its state's. */
static desk_list_kind action_kind(const jobs_state *st)
{
    if (st->kind != DESK_LIST_SEARCH)
        return st->kind;
    if (st->chosen >= 0 && st->items[st->chosen].state == JOB_AWAITING_PAYMENT)
        return DESK_LIST_AWAITING;
    if (st->chosen >= 0 && st->items[st->chosen].state == JOB_ISSUED)
        return DESK_LIST_ISSUED;
    return DESK_LIST_SEARCH; /* nothing to do here: the state and the reason are shown */
}

static void ask_list(ui_app *app, jobs_state *st)
{
    ui_links *l = ui_app_links(app);
    desk_req *r;
    if (l == NULL || l->desk == NULL || (r = desk_req_new(DESK_LIST)) == NULL)
        return;
    r->list_kind = st->kind;
    /* The number box wins when both are filled: it is the more exact. */
    snprintf(r->query, sizeof r->query, "%.127s", st->q_number.text[0] != '\0' ? st->q_number.text : st->q_name.text);
    st->busy = true;
    desk_submit(l->desk, r);
}

static void enter(ui_app *app, void *state, intptr_t arg)
{
    jobs_state *st = state;
    if (sup_clerk(app) == NULL) {
        ui_app_end_session(app);
        return;
    }
    memset(st, 0, sizeof *st);
    st->kind = (desk_list_kind)arg;
    st->chosen = -1;
    ui_field_init(&st->q_number, UI_KBD_CODE, 36, false, NULL, NULL);
    ui_field_init(&st->q_name, UI_KBD_PINYIN, 40, false, NULL, NULL);
    ask_list(app, st);
}

static void on_post(ui_app *app, void *state, uint32_t kind, void *payload)
{
    jobs_state *st = state;
    desk_req *r = payload;
    char yuan[32];
    if (kind != UI_POST_DESK || r == NULL)
        return;
    if (r->op == DESK_LIST) {
        st->busy = false;
        st->have = r->err == CK_OK;
        st->n = r->err == CK_OK ? r->n_list : 0;
        memcpy(st->items, r->list, sizeof st->items);
        if (st->chosen >= st->n)
            st->chosen = -1;
    } else if (r->op == DESK_WINDOW_PAY || r->op == DESK_WRITE || r->op == DESK_PRINT || r->op == DESK_IDENTITY) {
        st->busy = false;
        st->msg_ok = r->err == CK_OK;
        if (r->err != CK_OK) {
            st->msg = r->d;
        } else if (r->op == DESK_WINDOW_PAY) {
            money_format_yuan(r->job.total_fen, yuan, sizeof yuan);
            snprintf(st->msg.zh, sizeof st->msg.zh, "已收款 %s元，收据号 %06lld", yuan, (long long)r->receipt_no);
            snprintf(st->msg.en, sizeof st->msg.en, "Paid %s yuan, receipt %06lld", yuan, (long long)r->receipt_no);
        } else if (r->op == DESK_IDENTITY) {
            st->msg = (ck_diag){"已记录身份核验", "Identity check recorded"};
        } else if (r->op == DESK_WRITE) {
            st->msg = (ck_diag){"已写入USB Key，业务办结", "Written to the key; the job is done"};
        } else if (r->printed.copy > 0) {
            snprintf(st->msg.zh, sizeof st->msg.zh, "已重印（第%d次）", r->printed.copy);
            snprintf(st->msg.en, sizeof st->msg.en, "Reprinted (copy %d)", r->printed.copy);
        } else {
            st->msg = (ck_diag){"已打印", "Printed"};
        }
        st->chosen = -1;
        ask_list(app, st); /* what is left to do */
    }
    ui_app_dirty(app);
}

static void tap_item(ui_app *app, intptr_t arg)
{
    jobs_state *st = ui_app_state(app);
    st->chosen = (int)arg;
    st->seen = 0;
    st->msg = (ck_diag){"", ""};
}

static void tap_doc(ui_app *app, intptr_t arg)
{
    jobs_state *st = ui_app_state(app);
    st->seen ^= (unsigned)arg;
}

/* The action on the chosen item: arg is the payment method for a payment. */
static void tap_act(ui_app *app, intptr_t arg)
{
    jobs_state *st = ui_app_state(app);
    ui_links *l = ui_app_links(app);
    const ck_clerk *c = sup_clerk(app);
    desk_req *r;
    desk_list_kind k = action_kind(st);
    desk_op op = k == DESK_LIST_AWAITING   ? DESK_WINDOW_PAY
                 : k == DESK_LIST_ISSUED   ? DESK_WRITE
                 : k == DESK_LIST_IDENTITY ? DESK_IDENTITY
                                           : DESK_PRINT;
    if (k == DESK_LIST_SEARCH || st->chosen < 0 || st->busy || c == NULL || l == NULL || l->desk == NULL || (r = desk_req_new(op)) == NULL)
        return;
    snprintf(r->uuid, sizeof r->uuid, "%s", st->items[st->chosen].uuid);
    snprintf(r->clerk_id, sizeof r->clerk_id, "%s", c->id);
    r->method = (ck_pay_method)arg;
    r->reprint = op == DESK_PRINT && arg != 0;
    r->docs = st->seen;
    st->busy = true;
    desk_submit(l->desk, r);
    /* The payment and the print are audited by the store with the clerk; the write, here. */
    if (op == DESK_WRITE)
        sup_audit(app, "clerk.write_key", r->uuid);
}

static void tap_search(ui_app *app, intptr_t arg)
{
    jobs_state *st = ui_app_state(app);
    (void)arg;
    ui_app_focus(app, NULL);
    st->chosen = -1;
    st->msg = (ck_diag){"", ""};
    ask_list(app, st);
}

static void tap_clear(ui_app *app, intptr_t arg)
{
    jobs_state *st = ui_app_state(app);
    (void)arg;
    ui_field_clear(&st->q_number);
    ui_field_clear(&st->q_name);
    tap_search(app, 0);
}

/* The two search boxes (one at a time while its keyboard is up) and the search button; returns the y below. */
static int build_search(ui_app *app, ui_build *b, jobs_state *st, ui_rect body, int margin, int y)
{
    ui_field *focused = ui_app_focused(app);
    int ih = ui_input_height(b), w = body.w - 2 * margin, bw = 240, gap = 24;
    int fw = focused != NULL ? w : (b->portrait ? w - bw - gap : (w - 2 * bw - 3 * gap) / 2);
    int x = body.x + margin;
    if (focused == NULL || focused == &st->q_number) {
        ui_input(b, "search.number", ui_rect_make(x, y, fw, ih), &st->q_number, ui_tr(b, "业务编号或信用代码", "Job number or credit code"),
                 ui_tr(b, "如收据上的8位编号", "e.g. the 8 characters on the receipt"));
        if (b->portrait && focused == NULL)
            y += ih + 16;
        else
            x += fw + gap;
    }
    if (focused == NULL || focused == &st->q_name)
        ui_input(b, "search.name", ui_rect_make(x, y, fw, ih), &st->q_name, ui_tr(b, "单位名称", "Organisation name"),
                 ui_tr(b, "名称中的几个字", "Part of the name"));
    if (focused != NULL)
        return y + ih + 16;
    ui_button(b, "search.go", ui_rect_make(body.x + body.w - margin - bw, y + ih - UI_MIN_TARGET - 8, bw, UI_MIN_TARGET),
              ui_tr(b, "查找", "Search"), UI_S_PRIMARY, tap_search, 0)
        ->enabled = !st->busy;
    if (!b->portrait)
        ui_button(b, "search.clear",
                  ui_rect_make(body.x + body.w - margin - 2 * bw - gap, y + ih - UI_MIN_TARGET - 8, bw, UI_MIN_TARGET),
                  ui_tr(b, "清除", "Clear"), UI_S_SECONDARY, tap_clear, 0);
    return y + ih + 16;
}

static void tap_back(ui_app *app, intptr_t arg)
{
    (void)arg;
    ui_app_back(app);
}

static void build(ui_app *app, ui_build *b, void *state)
{
    jobs_state *st = state;
    static const char *const tzh[] = {"待缴费的业务", "已签发、待写入USB Key的业务", "待打印的收据", "待核验身份的业务",
                                      "查找业务"};
    static const char *const ten[] = {"Awaiting payment", "Issued, to write to a key", "Receipts to print",
                                      "Identity documents to check", "Find a job"};
    /* A search row says more (the state too): two lines in portrait. */
    int margin = b->portrait ? 48 : 64, y, w, rh = b->portrait && st->kind == DESK_LIST_SEARCH ? 156 : 104,
        bw = b->portrait ? 440 : 400;
    ui_rect body = ui_header(b, ui_tr(b, tzh[st->kind], ten[st->kind]), 0);
    ui_elem *e;
    char yuan[32];
    w = body.w - 2 * margin;
    y = body.y + 8;
    if (st->kind == DESK_LIST_SEARCH) {
        y = build_search(app, b, st, body, margin, y);
        if (ui_app_focused(app) != NULL)
            return; /* the keyboard's turn */
    }
    if (!st->have) {
        ui_label(b, "jobs.loading", ui_rect_make(body.x + margin, y, w, 0), ui_tr(b, "正在读取……", "Reading…"), UI_F_BODY,
                 UI_REGULAR, UI_ALIGN_LEFT);
    } else if (st->n == 0) {
        ui_label(b, "jobs.none", ui_rect_make(body.x + margin, y, w, 0), ui_tr(b, "没有待处理的事项", "Nothing waiting"),
                 UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
    }
    for (int i = 0; st->have && i < st->n; i++) {
        const desk_list_item *it = &st->items[i];
        const ck_service_info *si = services_info(it->service);
        const char *holder = it->org_name[0] != '\0' ? it->org_name : ui_tr(b, "评标专家", "Expert");
        money_format_yuan(it->amount_fen, yuan, sizeof yuan);
        e = ui_button(b, ui_fmt(b, "jobs.%d", i), ui_rect_make(body.x + margin, y, w, rh - 8),
                      st->kind == DESK_LIST_RECEIPTS
                          ? ui_fmt(b, "%06lld  %s  %s  %.8s", (long long)it->receipt_no, ui_tr(b, si->zh, si->en),
                                   holder, it->uuid)
                      : st->kind == DESK_LIST_SEARCH
                          ? ui_fmt(b, "%.8s  %s  %s  %s", it->uuid, ui_tr(b, si->zh, si->en), holder,
                                   ui_tr(b, job_state_zh(it->state), job_state_en(it->state)))
                          : ui_fmt(b, "%.8s  %s  %s  %s元", it->uuid, ui_tr(b, si->zh, si->en), holder, yuan),
                      i == st->chosen ? UI_S_TAB_ON : UI_S_TAB, tap_item, i);
        e->align = UI_ALIGN_LEFT;
        y += rh;
        /* Room for the actions and a message below; a search has only a detail line to show. */
        if (y + rh > body.y + body.h - (st->kind == DESK_LIST_SEARCH ? 220 : 280))
            break; /* the rest next time: the list is the newest first */
    }
    if (st->kind == DESK_LIST_SEARCH && st->chosen >= 0 && st->msg.zh[0] == '\0') {
        /* What the search cannot act on, said: the state, and the upstream's reason for a rejection. */
        const desk_list_item *it = &st->items[st->chosen];
        money_format_yuan(it->amount_fen, yuan, sizeof yuan);
        ui_label(b, "jobs.detail", ui_rect_make(body.x + margin, y + 8, w, 0),
                 b->lang == UI_EN ? ui_fmt(b, "%s; %s yuan%s%s", job_state_en(it->state), yuan,
                                           it->note[0] ? "; reason: " : "", it->note)
                                  : ui_fmt(b, "%s，%s元%s%s", job_state_zh(it->state), yuan,
                                           it->note[0] ? "；原因：" : "", it->note),
                 UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
    }
    if (st->msg.zh[0] != '\0') {
        e = ui_label(b, "jobs.msg", ui_rect_make(body.x + margin, y + 8, w, 0), ui_tr(b, st->msg.zh, st->msg.en),
                     UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
        if (!st->msg_ok)
            e->fg = b->th->error_text;
    }
    {
        int by = body.y + body.h - 152, x = body.x + body.w - margin - bw;
        bool can = st->chosen >= 0 && !st->busy;
        ui_button(b, "jobs.back", ui_rect_make(body.x + margin, by, 320, 120), ui_tr(b, "返回", "Back"), UI_S_SECONDARY,
                  tap_back, 0);
        desk_list_kind k = action_kind(st);
        if (k == DESK_LIST_SEARCH) {
            /* A search result with nothing to do here: its state and reason above. */
        } else if (k == DESK_LIST_AWAITING) {
            /* Two payment buttons: beside each other above "back" in portrait, beside it in landscape. */
            int cy = b->portrait ? by - 144 : by, cx = b->portrait ? body.x + margin : x - bw - 24;
            ui_button(b, "jobs.pos", ui_rect_make(x, cy, bw, 120), ui_tr(b, "刷卡收款", "Paid by card"), UI_S_PRIMARY,
                      tap_act, PAY_POS)
                ->enabled = can;
            ui_button(b, "jobs.cash", ui_rect_make(cx, cy, bw, 120), ui_tr(b, "现金收款", "Paid in cash"),
                      UI_S_PRIMARY, tap_act, PAY_CASH)
                ->enabled = can;
        } else if (k == DESK_LIST_ISSUED) {
            ui_button(b, "jobs.write", ui_rect_make(x, by, bw, 120), ui_tr(b, "写入USB Key", "Write to the key"),
                      UI_S_PRIMARY, tap_act, 0)
                ->enabled = can && ui_app_card_present(app);
        } else if (k == DESK_LIST_IDENTITY) {
            /* The documents this job needs, ticked as the clerk sees them; confirm once all are. */
            unsigned need = st->chosen >= 0 ? st->items[st->chosen].docs_needed : 0;
            int dx = body.x + margin, dy = by - 144;
            for (int i = 0; i < ID_DOC__COUNT; i++) {
                unsigned bit = 1u << i;
                int dw;
                const char *name;
                if (!(need & bit))
                    continue;
                name = ui_fmt(b, "%s %s", st->seen & bit ? "√" : "○", ui_tr(b, id_docs_zh(i), id_docs_en(i)));
                dw = ui_text_w(b, UI_F_BUTTON, UI_REGULAR, name) + 64;
                ui_button(b, ui_fmt(b, "jobs.doc.%s", id_docs_code(i)), ui_rect_make(dx, dy, dw, 120), name,
                          st->seen & bit ? UI_S_TAB_ON : UI_S_TAB, tap_doc, (intptr_t)bit);
                dx += dw + 16;
            }
            ui_button(b, "jobs.identity", ui_rect_make(x, by, bw, 120), ui_tr(b, "确认已核验", "Confirm"), UI_S_PRIMARY,
                      tap_act, 0)
                ->enabled = can && need != 0 && (st->seen & need) == need;
        } else {
            ui_button(b, "jobs.reprint", ui_rect_make(x, by, bw, 120), ui_tr(b, "打印收据", "Print"), UI_S_PRIMARY,
                      tap_act, 1)
                ->enabled = can;
        }
    }
}

static void wipe(void *state)
{
    jobs_state *st = state;
    ui_field_wipe(&st->q_number);
    ui_field_wipe(&st->q_name);
}

const ui_screen sup_jobs = {.name = "sup.jobs",
                            .state_size = sizeof(jobs_state),
                            .enter = enter,
                            .build = build,
                            .on_post = on_post,
                            .wipe = wipe};
