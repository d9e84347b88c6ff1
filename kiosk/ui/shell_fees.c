/*
 * shell_fees.c - 收费标准: the price of every service for the holder kind
 * chosen, each amount computed by fees_quote from the schedule in use
 * (config_load_fees), so the screen can never disagree with what the kiosk
 * charges. Services with a term show 1 and 2 years (with one seal); the
 * others one amount, or "free" with the reason from services.c.
 */
#include "fees.h"
#include "money.h"
#include "services.h"
#include "shell.h"
#include "ui_widgets.h"

typedef struct fees_state {
    ck_holder_kind holder;
} fees_state;

static void tap_holder(ui_app *app, intptr_t arg)
{
    fees_state *st = ui_app_state(app);
    st->holder = (ck_holder_kind)arg;
}

/* The total of a quote as shown: "400.00元" / "CNY 400.00", or NULL when the quote fails. */
static const char *amount(ui_build *b, const ck_fee_schedule *fs, ck_service s, ck_holder_kind k, int years)
{
    ck_quote q;
    char yuan[32];
    if (fees_quote(fs, s, k, years, services_has(s, SVC_F_SEALS) ? 1 : 0, &q, NULL) != CK_OK)
        return ui_tr(b, "不适用", "n/a");
    if (q.total_fen == 0)
        return NULL;
    money_format_yuan(q.total_fen, yuan, sizeof yuan);
    return b->lang == UI_EN ? ui_fmt(b, "CNY %s", yuan) : ui_fmt(b, "%s元", yuan);
}

static const char *yuan_text(ui_build *b, int64_t fen)
{
    char yuan[32];
    money_format_yuan(fen, yuan, sizeof yuan);
    return b->lang == UI_EN ? ui_fmt(b, "CNY %s", yuan) : ui_fmt(b, "%s元", yuan);
}

static void build(ui_app *app, ui_build *b, void *state)
{
    static const ck_service termed[] = {SVC_NEW, SVC_RENEW, SVC_SEAL_RENEW};
    static const ck_service flat[] = {SVC_REPLACE, SVC_CHANGE, SVC_REVOKE, SVC_SEAL_UPGRADE, SVC_PIN_CHANGE, SVC_UNLOCK};
    fees_state *st = state;
    const ck_fee_schedule *fs = ui_app_fees(app);
    const ck_holder_fees *hf = &fs->holder[st->holder];
    int margin = b->portrait ? 48 : 64, y, tab_w = b->portrait ? 300 : 340, row_h = b->th->large ? 100 : 84;
    int left_w, right_x, right_w;
    ui_rect body;
    ui_table t;
    body = ui_header(b, ui_tr(b, "收费标准", "Fees"), UI_HDR_BACK | UI_HDR_END);
    y = body.y;
    {
        int x = body.x + margin;
        for (int k = 0; k < HOLDER__COUNT; k++) { /* tabs as wide as their names */
            const char *name = ui_tr(b, holder_kind_zh((ck_holder_kind)k), holder_kind_en((ck_holder_kind)k));
            int tw = ui_text_w(b, UI_F_BUTTON, UI_REGULAR, name) + 64;
            if (tw < tab_w)
                tw = tab_w;
            ui_button(b, ui_fmt(b, "fees.holder.%s", holder_kind_code((ck_holder_kind)k)),
                      ui_rect_make(x, y, tw, UI_MIN_TARGET), name, k == (int)st->holder ? UI_S_TAB_ON : UI_S_TAB,
                      tap_holder, k);
            x += tw + 24;
        }
    }
    y += UI_MIN_TARGET + 32;
    if (b->portrait) {
        left_w = body.w - 2 * margin;
        right_x = body.x + margin;
        right_w = left_w;
    } else {
        left_w = 1060;
        right_x = body.x + margin + left_w + 48;
        right_w = body.x + body.w - margin - right_x;
    }
    {
        const ui_table_col cols[] = {{ui_tr(b, "业务", "Service"), 6, UI_ALIGN_LEFT},
                                     {ui_tr(b, "1年期", "1 year"), 3, UI_ALIGN_RIGHT},
                                     {ui_tr(b, "2年期", "2 years"), 3, UI_ALIGN_RIGHT}};
        ui_table_begin(b, &t, "fees.term", ui_rect_make(body.x + margin, y, left_w, 0), cols, 3, row_h);
        for (size_t i = 0; i < sizeof termed / sizeof termed[0]; i++) {
            const ck_service_info *si = services_info(termed[i]);
            const char *one = amount(b, fs, termed[i], st->holder, 1), *two = amount(b, fs, termed[i], st->holder, 2);
            const char *cells[3] = {ui_tr(b, si->zh, si->en), one != NULL ? one : ui_tr(b, "免费", "Free"),
                                    two != NULL ? two : ui_tr(b, "免费", "Free")};
            ui_table_row(&t, si->code, cells);
        }
    }
    /* How the amounts are made up, from the same schedule. */
    {
        const char *basis;
        ui_elem *e;
        if (b->lang == UI_EN)
            basis = ui_fmt(b, "With one seal. %s %s (once; waived for 2 years) · %s %s a year, which covers change, "
                              "revocation and unlocking · %s %s a year per seal, at most %d seals",
                           fees_item_en(FEE_ACCOUNT, st->holder), yuan_text(b, hf->account_fen),
                           fees_item_en(FEE_ANNUAL, st->holder), yuan_text(b, hf->annual_fen),
                           fees_item_en(FEE_SEAL, st->holder), yuan_text(b, hf->seal_per_year_fen), fs->max_seals);
        else
            basis = ui_fmt(b, "以上按1个印章计。%s %s（一次性，2年期免收）· %s %s/年（含变更、吊销、解锁）· %s %s/年/个，每证最多%d个",
                           fees_item_zh(FEE_ACCOUNT, st->holder), yuan_text(b, hf->account_fen),
                           fees_item_zh(FEE_ANNUAL, st->holder), yuan_text(b, hf->annual_fen),
                           fees_item_zh(FEE_SEAL, st->holder), yuan_text(b, hf->seal_per_year_fen), fs->max_seals);
        e = ui_note(b, "fees.basis", ui_rect_make(body.x + margin, ui_table_end(&t) + 24, left_w, 0), basis,
                    UI_F_CAPTION, UI_ALIGN_LEFT);
        if (b->portrait)
            y = e->rect.y + e->rect.h + 48;
    }
    /*
     * The services without a term, each quoted: the paid ones a row each, the
     * free ones (a zero quote) together in one row.
     */
    {
        const ui_table_col cols[] = {{ui_tr(b, "业务", "Service"), 5, UI_ALIGN_LEFT},
                                     {ui_tr(b, "费用", "Fee"), 3, UI_ALIGN_RIGHT}};
        char free_names[512] = "";
        size_t at = 0;
        ui_table_begin(b, &t, "fees.flat", ui_rect_make(right_x, y, right_w, 0), cols, 2, row_h);
        for (size_t i = 0; i < sizeof flat / sizeof flat[0]; i++) {
            const ck_service_info *si = services_info(flat[i]);
            const char *a = amount(b, fs, flat[i], st->holder, 1), *name = ui_tr(b, si->zh, si->en);
            if (a != NULL) {
                const char *cells[2] = {flat[i] == SVC_REPLACE
                                            ? ui_fmt(b, "%s%s", name, ui_tr(b, "（每个USB Key）", " (per USB Key)"))
                                            : name,
                                        a};
                ui_table_row(&t, si->code, cells);
            } else {
                int n = snprintf(free_names + at, sizeof free_names - at, "%s%s", at > 0 ? ui_tr(b, "、", ", ") : "",
                                 name);
                if (n > 0 && (size_t)n < sizeof free_names - at)
                    at += (size_t)n;
            }
        }
        if (at > 0) {
            const char *cells[2] = {free_names, ui_tr(b, "免费", "Free")};
            ui_table_row(&t, "free", cells);
        }
    }
}

const ui_screen shell_fees = {.name = "fees", .state_size = sizeof(fees_state), .build = build};
