/*
 * flow_svc_start.c - the first steps of a service flow: the customer's USB
 * Key (what is on it, and whether this service is open for it today, in the
 * guide's words), then the holder, role, term and seals with the live quote
 * from the core (fees_quote).
 */
#include "flow_service.h"
#include "services.h"

void svc_requote(ui_app *app, svc_state *st)
{
    int years = services_has(st->service, SVC_F_TERM) ? st->years : 0, seals = st->seals;
    st->quote_err.zh[0] = '\0';
    /* 印章续期: the seal follows the certificate, so the years are what is left of it, not a choice. */
    if (st->service == SVC_SEAL_RENEW && st->key_have && st->elig.has_days_left)
        years = fees_seal_renew_years(st->elig.days_left);
    if (fees_quote(ui_app_fees(app), st->service, st->holder, years, seals, &st->quote, &st->quote_err) != CK_OK &&
        st->quote_err.zh[0] == '\0')
        st->quote_err = (ck_diag){"无法报价", "no quote"};
}

static void tap_next(ui_app *app, intptr_t arg)
{
    svc_state *st = svc_state_of(app);
    (void)arg;
    svc_next(app, st);
}

static void tap_reread(ui_app *app, intptr_t arg)
{
    svc_state *st = svc_state_of(app);
    ui_links *l = ui_app_links(app);
    (void)arg;
    st->key_asked = st->key_have = st->key_failed = false;
    if (l != NULL && l->keys != NULL) {
        key_worker_inspect(l->keys);
        st->key_asked = true;
    }
}

static int line(ui_build *b, const char *id, ui_rect r, int y, const char *head, const char *text)
{
    return ui_pair(b, id, r.x, y, r.w, b->lang == UI_EN ? 320 : 240, head, text) + 20;
}

void svc_build_key(ui_app *app, ui_build *b, svc_state *st, ui_rect r)
{
    int y = r.y;
    ui_elem *e;
    if (!ui_app_card_present(app) || (!st->key_have && !st->key_failed)) {
        bool present = ui_app_card_present(app);
        e = ui_label(b, "svc.key.insert", ui_rect_make(r.x, r.y + r.h / 4, r.w, 0),
                     present ? ui_tr(b, "正在读取USB Key，请勿拔出……", "Reading your USB Key; please leave it in…")
                             : ui_tr(b, "请插入您的数字证书USB Key", "Please insert your USB Key"),
                     UI_F_TITLE, UI_BOLD, UI_ALIGN_CENTER);
        ui_note(b, "svc.key.reader", ui_rect_make(r.x, e->rect.y + e->rect.h + 32, r.w, 0),
                ui_links_ready(app) ? ui_tr(b, "读卡器已就绪", "The reader is ready")
                                    : ui_tr(b, "读卡器不可用，请到窗口办理", "The card reader is not available; please ask at the window"),
                UI_F_BODY, UI_ALIGN_CENTER);
        return;
    }
    if (st->key_failed) {
        e = ui_label(b, "svc.key.error", ui_rect_make(r.x, r.y + r.h / 4, r.w, 0), ui_tr(b, st->key_fail.zh, st->key_fail.en),
                     UI_F_HEADING, UI_BOLD, UI_ALIGN_CENTER);
        ui_button(b, "svc.key.again", svc_action_rect(b, r, 0), ui_tr(b, "重新读取", "Read again"), UI_S_PRIMARY,
                  tap_reread, 0);
        return;
    }
    if (st->key.cert_present) {
        char date[11];
        date_format(st->elig.not_after_date, date);
        y = line(b, "svc.key.org", r, y, ui_tr(b, "证书持有单位", "Certificate holder"), st->key.org_name);
        y = line(b, "svc.key.validity", r, y, ui_tr(b, "有效期", "Valid until"),
                 st->elig.expired    ? (b->lang == UI_EN ? ui_fmt(b, "Expired on %s", date)
                                                         : ui_fmt(b, "已于 %s 到期", date))
                 : b->lang == UI_EN ? ui_fmt(b, "%s, %lld days left", date, (long long)st->elig.days_left)
                                    : ui_fmt(b, "至 %s，剩余 %lld 天", date, (long long)st->elig.days_left));
    } else {
        y = line(b, "svc.key.org", r, y, ui_tr(b, "证书", "Certificate"),
                 ui_tr(b, "USB Key中没有证书", "There is no certificate on this key"));
    }
    if (svc_has_step(st, SVC_ST_PIN) && st->key.pin.blocked) {
        e = ui_label(b, "svc.key.verdict", ui_rect_make(r.x, y + 16, r.w, 0),
                     ui_fmt(b, "%s %s", ui_tr(b, "证书密码已锁定，请到窗口办理证书解锁。客服电话", "The PIN is blocked: "
                                                                              "please have the key unlocked at the window. Call"),
                            ui_app_config(app)->ca_hotline),
                     UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
        e->fg = b->th->error_text;
    } else {
        e = ui_label(b, "svc.key.verdict", ui_rect_make(r.x, y + 16, r.w, 0), ui_tr(b, st->elig.msg.zh, st->elig.msg.en),
                     UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
        if (!st->key_ok)
            e->fg = b->th->error_text;
    }
    if (st->key_ok)
        ui_button(b, "svc.next", svc_action_rect(b, r, 0), ui_tr(b, "下一步", "Next"), UI_S_PRIMARY, tap_next, 0);
}

/* --- holder, role, term, seals --------------------------------------------------- */

static void tap_holder(ui_app *app, intptr_t arg)
{
    svc_state *st = svc_state_of(app);
    st->holder = (ck_holder_kind)arg;
    st->role = st->holder == HOLDER_EXPERT ? ROLE_EXPERT : ROLE_SUPPLIER;
    svc_requote(app, st);
}

static void tap_role(ui_app *app, intptr_t arg)
{
    svc_state_of(app)->role = (ck_role)arg;
}

static void tap_years(ui_app *app, intptr_t arg)
{
    svc_state *st = svc_state_of(app);
    st->years = (int)arg;
    svc_requote(app, st);
}

static void tap_seals(ui_app *app, intptr_t arg)
{
    svc_state *st = svc_state_of(app);
    int n = st->seals + (int)arg, max = ui_app_fees(app)->max_seals;
    if (n >= 1 && n <= max)
        st->seals = n;
    svc_requote(app, st);
}

/* A row of tabs; returns the y below it. */
static int tabs(ui_build *b, const char *id, int x, int y, int w, const char *const *names, const char *const *codes,
                const int *values, int n, int chosen, ui_tap_fn fn)
{
    int tx = x, th = UI_MIN_TARGET;
    for (int i = 0; i < n; i++) {
        int tw = ui_text_w(b, UI_F_BUTTON, UI_REGULAR, names[i]) + 48;
        if (tw < 150)
            tw = 150;
        if (tx + tw > x + w && tx > x) { /* wrap */
            tx = x;
            y += th + 16;
        }
        ui_button(b, ui_fmt(b, "%s.%s", id, codes[i]), ui_rect_make(tx, y, tw, th), names[i],
                  values[i] == chosen ? UI_S_TAB_ON : UI_S_TAB, fn, values[i]);
        tx += tw + 16;
    }
    return y + th + 24;
}

static int heading(ui_build *b, const char *id, int x, int y, int w, const char *text)
{
    ui_elem *e = ui_label(b, id, ui_rect_make(x, y, w, 0), text, UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
    return y + e->rect.h + 12;
}

int svc_quote_table(ui_build *b, const svc_state *st, int x, int y, int w)
{
    ui_table t;
    const ui_table_col cols[] = {{ui_tr(b, "项目", "Item"), 5, UI_ALIGN_LEFT},
                                 {ui_tr(b, "数量", "Qty"), 2, UI_ALIGN_RIGHT},
                                 {ui_tr(b, "金额", "Amount"), 3, UI_ALIGN_RIGHT}};
    if (st->quote_err.zh[0] != '\0') {
        ui_elem *e = ui_label(b, "svc.quote.error", ui_rect_make(x, y, w, 0), ui_tr(b, st->quote_err.zh, st->quote_err.en),
                              UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT);
        e->fg = b->th->error_text;
        return y + e->rect.h + 16;
    }
    ui_table_begin(b, &t, "svc.quote", ui_rect_make(x, y, w, 0), cols, 3, b->th->large ? 84 : 64);
    for (int i = 0; i < st->quote.n_lines; i++) {
        const ck_fee_line *l = &st->quote.lines[i];
        const char *cells[3] = {ui_tr(b, fees_item_zh(l->item, st->quote.holder), fees_item_en(l->item, st->quote.holder)),
                                ui_fmt(b, "%d", l->quantity),
                                l->waived ? ui_tr(b, "免收", "Waived") : svc_yuan(b, l->amount_fen)};
        ui_table_row(&t, ui_fmt(b, "%d", i), cells);
    }
    {
        const char *cells[3] = {ui_tr(b, "合计", "Total"), NULL,
                                st->quote.total_fen == 0 ? ui_tr(b, "免费", "Free") : svc_yuan(b, st->quote.total_fen)};
        ui_table_row(&t, "total", cells);
    }
    return ui_table_end(&t) + 16;
}

static int term(ui_build *b, svc_state *st, int x, int y, int w)
{
    if (services_has(st->service, SVC_F_TERM) && st->service != SVC_SEAL_RENEW) {
        const char *names[2] = {ui_tr(b, "1年", "1 year"), ui_tr(b, "2年（免开户费）", "2 years (no account fee)")};
        const char *codes[2] = {"1", "2"};
        const int values[2] = {1, 2};
        y = heading(b, "svc.years.title", x, y, w, ui_tr(b, "服务期限", "Term"));
        y = tabs(b, "svc.years", x, y, w, names, codes, values, 2, st->years, tap_years);
    }
    return y;
}

void svc_build_holder(ui_app *app, ui_build *b, svc_state *st, ui_rect r)
{
    int y = r.y;
    ui_links *l = ui_app_links(app);
    ui_elem *next;
    if (!svc_has_step(st, SVC_ST_KEY)) {
        const char *names[HOLDER__COUNT], *codes[HOLDER__COUNT];
        int values[HOLDER__COUNT], n = 0;
        for (int k = 0; k < HOLDER__COUNT; k++)
            if (services_allows_holder(st->service, (ck_holder_kind)k)) {
                names[n] = ui_tr(b, holder_kind_zh((ck_holder_kind)k), holder_kind_en((ck_holder_kind)k));
                codes[n] = holder_kind_code((ck_holder_kind)k);
                values[n++] = k;
            }
        y = heading(b, "svc.holder.title", r.x, y, r.w, ui_tr(b, "持有人类型", "Holder"));
        y = tabs(b, "svc.holder", r.x, y, r.w, names, codes, values, n, (int)st->holder, tap_holder);
    } else {
        y = heading(b, "svc.holder.title", r.x, y, r.w, ui_tr(b, "持有人类型", "Holder"));
        /* Read from the certificate on the key: not a choice. */
        ui_elem *e = ui_label(b, "svc.holder.kind", ui_rect_make(r.x, y, r.w, 0),
                              ui_tr(b, holder_kind_zh(st->holder), holder_kind_en(st->holder)), UI_F_BODY, UI_REGULAR,
                              UI_ALIGN_LEFT);
        y += e->rect.h + 32;
    }
    if (st->holder == HOLDER_UNIT) {
        const char *names[ROLE_EXPERT], *codes[ROLE_EXPERT];
        int values[ROLE_EXPERT];
        for (int i = 0; i < ROLE_EXPERT; i++) {
            names[i] = ui_tr(b, role_zh((ck_role)i), role_en((ck_role)i));
            codes[i] = role_code((ck_role)i);
            values[i] = i;
        }
        y = heading(b, "svc.role.title", r.x, y, r.w, ui_tr(b, "单位角色", "Role"));
        y = tabs(b, "svc.role", r.x, y, r.w, names, codes, values, ROLE_EXPERT, (int)st->role, tap_role);
    }
    if (services_has(st->service, SVC_F_PAID) && l != NULL && l->offline)
        ui_label(b, "svc.offline", ui_rect_make(r.x, y, r.w, 0),
                 ui_tr(b, "网络暂时中断：微信支付暂不可用。可继续填写，提交后到窗口缴费。",
                       "Offline: WeChat Pay is unavailable. You can go on and pay at the window."),
                 UI_F_BODY, UI_BOLD, UI_ALIGN_LEFT)
            ->fg = b->th->error_text;
    next = ui_button(b, "svc.next", svc_action_rect(b, r, 0), ui_tr(b, "下一步", "Next"), UI_S_PRIMARY, tap_next, 0);
    next->enabled = st->quote_err.zh[0] == '\0';
}

/* The term and the seals, with the quote they make beside them (landscape) or below (portrait). */
void svc_build_term(ui_app *app, ui_build *b, svc_state *st, ui_rect r)
{
    int left_w = b->portrait ? r.w : r.w * 2 / 5, y = r.y, qx = b->portrait ? r.x : r.x + left_w + 64;
    ui_elem *next;
    y = term(b, st, r.x, y, left_w);
    if (services_has(st->service, SVC_F_SEALS) && st->holder == HOLDER_UNIT) {
        y = heading(b, "svc.seals.title", r.x, y, left_w, ui_tr(b, "单位印章数量", "Seals"));
        ui_button(b, "svc.seals.minus", ui_rect_make(r.x, y, 120, UI_MIN_TARGET), "－", UI_S_SECONDARY, tap_seals, -1)
            ->enabled = st->seals > 1;
        ui_label(b, "svc.seals", ui_rect_make(r.x + 140, y + 20, 120, 0), ui_fmt(b, "%d", st->seals), UI_F_HEADING,
                 UI_BOLD, UI_ALIGN_CENTER);
        ui_button(b, "svc.seals.plus", ui_rect_make(r.x + 280, y, 120, UI_MIN_TARGET), "+", UI_S_SECONDARY, tap_seals, 1)
            ->enabled = st->seals < ui_app_fees(app)->max_seals;
        y += UI_MIN_TARGET + 32;
    }
    {
        int qy = b->portrait ? y + 16 : r.y, qw = b->portrait ? r.w : r.x + r.w - qx;
        qy = heading(b, "svc.quote.title", qx, qy, qw, ui_tr(b, "费用", "Fees"));
        svc_quote_table(b, st, qx, qy, qw);
    }
    next = ui_button(b, "svc.next", svc_action_rect(b, r, 0), ui_tr(b, "下一步", "Next"), UI_S_PRIMARY, tap_next, 0);
    next->enabled = st->quote_err.zh[0] == '\0';
}
