/*
 * shell_attract.c - the attract screen: the CA's name, one large "开始办理 /
 * Start", the hotline and the opening hours from certkiosk.ini. Every
 * session begins and ends here; it never times out.
 */
#include "shell.h"
#include "sup.h"
#include "ui_widgets.h"

/* The clerks' gesture: five taps on the top-left corner within three seconds. */
#define CORNER_TAPS 5
#define CORNER_WITHIN_S 3

typedef struct attract_state {
    int taps;
    int64_t first_tap;
} attract_state;

static void tap_corner(ui_app *app, intptr_t arg)
{
    attract_state *st = ui_app_state(app);
    int64_t now = ui_app_now(app);
    (void)arg;
    if (st->taps == 0 || now - st->first_tap > CORNER_WITHIN_S) {
        st->taps = 0;
        st->first_tap = now;
    }
    if (++st->taps >= CORNER_TAPS) {
        st->taps = 0;
        ui_app_go(app, &sup_signin, 0);
    }
}

static void tap_start(ui_app *app, intptr_t arg)
{
    (void)arg;
    ui_app_go(app, &shell_menu, 0);
}

static void build(ui_app *app, ui_build *b, void *state)
{
    const ck_config *cfg = ui_app_config(app);
    const char *hotline = cfg->ui_hotline[0] != '\0' ? cfg->ui_hotline : cfg->ca_hotline;
    int cx = b->W / 2, w = b->portrait ? 920 : 1200, y, bw = b->portrait ? 880 : 960, bh = b->th->large ? 260 : 230;
    ui_elem *e;
    (void)state;
    ui_header(b, NULL, UI_HDR_TOGGLES_ONLY);
    /* Invisible: nothing is drawn there, and a customer's stray tap does nothing until the fifth. */
    e = ui_button(b, "attract.corner", ui_rect_make(0, 0, 120, 120), "", UI_S_SECONDARY, tap_corner, 0);
    e->bg.a = 0, e->border.a = 0, e->border_w = 0;
    y = b->portrait ? 460 : 190;
    e = ui_label(b, "attract.ca", ui_rect_make(cx - w / 2, y, w, 0), cfg->ca_name, UI_F_HERO, UI_BOLD,
                 UI_ALIGN_CENTER);
    e->fg = b->th->accent;
    y += e->rect.h + 8;
    e = ui_label(b, "attract.title", ui_rect_make(cx - w / 2, y, w, 0),
                 ui_tr(b, "数字证书与电子印章自助服务", "Certificate and seal self-service"), UI_F_TITLE,
                 UI_BOLD, UI_ALIGN_CENTER);
    y += e->rect.h + 8;
    ui_note(b, "attract.subtitle", ui_rect_make(cx - w / 2, y, w, 0),
            ui_tr(b, "Digital certificates and electronic seals · self-service", "数字证书与电子印章自助服务"),
            UI_F_BODY, UI_ALIGN_CENTER);
    y += b->portrait ? 220 : 110;
    e = ui_button(b, "attract.start", ui_rect_make(cx - bw / 2, y, bw, bh),
                  ui_tr(b, "开始办理 / Start", "Start / 开始办理"), UI_S_PRIMARY, tap_start, 0);
    e->font = UI_F_HERO;
    e->radius = bh / 2;
    ui_layout_text(b, e);
    y += bh + 40;
    ui_note(b, "attract.hint", ui_rect_make(cx - w / 2, y, w, 0),
            ui_tr(b, "新办、更新、印章、密码、收费标准与常见问题", "New, renewal, seals, PIN, fees and common questions"),
            UI_F_BODY, UI_ALIGN_CENTER);
    /* The bottom strip: who to call and when the window is open. */
    {
        int sh = b->th->large ? 200 : 170, sy = b->H - sh;
        ui_elem *strip = ui_add(b, "attract.footer", UI_K_PANEL, ui_rect_make(0, sy, b->W, sh), NULL);
        strip->bg = b->th->header_bg;
        e = ui_label(b, "attract.hotline", ui_rect_make(48, sy + 28, b->W - 96, 0),
                     ui_fmt(b, "%s %s", ui_tr(b, "客服电话", "Hotline"), hotline), UI_F_HEADING, UI_BOLD,
                     UI_ALIGN_CENTER);
        e->fg = b->th->header_text;
        if (cfg->ui_hours_zh[0] != '\0' || cfg->ui_hours_en[0] != '\0') {
            e = ui_label(b, "attract.hours", ui_rect_make(48, e->rect.y + e->rect.h + 8, b->W - 96, 0),
                         ui_fmt(b, "%s %s", ui_tr(b, "服务时间", "Opening hours"),
                                ui_tr(b, cfg->ui_hours_zh, cfg->ui_hours_en[0] != '\0' ? cfg->ui_hours_en
                                                                                         : cfg->ui_hours_zh)),
                         UI_F_BODY, UI_REGULAR, UI_ALIGN_CENTER);
            e->fg = b->th->header_text;
        }
    }
}

const ui_screen shell_attract = {.name = "attract", .state_size = sizeof(attract_state), .build = build};
