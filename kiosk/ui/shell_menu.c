/*
 * shell_menu.c - the service menu: eleven tiles, the nine services' names
 * from kiosk/core/services.c (with what each costs, from the same table),
 * the self-check, the fee table and the FAQ. Tiles of services whose flow
 * is not built yet lead to shell_notyet, which says so.
 */
#include "services.h"
#include "flows.h"
#include "shell.h"
#include "ui_widgets.h"

enum { ENTRY_FEES = 100, ENTRY_FAQ = 101 };

#define TILE_PAD 32 /* ui_button's padding for UI_S_TILE */

typedef struct entry {
    int what; /* a ck_service, SHELL_SELF_CHECK, ENTRY_FEES or ENTRY_FAQ */
    const char *code;
    const char *zh, *en;           /* names of entries that are not services */
    const char *note_zh, *note_en; /* ditto */
} entry;

static const entry entries[] = {
    {SVC_NEW, "new", NULL, NULL, NULL, NULL},
    {SVC_RENEW, "renew", NULL, NULL, NULL, NULL},
    {SVC_CHANGE, "change", NULL, NULL, NULL, NULL},
    {SVC_REPLACE, "replace", NULL, NULL, NULL, NULL},
    {SVC_REVOKE, "revoke", NULL, NULL, NULL, NULL},
    {SVC_SEAL_UPGRADE, "seal-upgrade", NULL, NULL, NULL, NULL},
    {SVC_SEAL_RENEW, "seal-renew", NULL, NULL, NULL, NULL},
    {SVC_PIN_CHANGE, "pin-change", NULL, NULL, NULL, NULL},
    {SHELL_SELF_CHECK, "check", "证书自助检测", "Certificate self-check", "插入USB Key，查看有效期、印章与密码状态",
     "Insert the USB Key: validity, seal and PIN"},
    {ENTRY_FEES, "fees", "收费标准", "Fees", "单位证书与评标专家的收费", "For organisations and experts"},
    {ENTRY_FAQ, "faq", "常见问题", "Common questions", "密码、印章、登录等问题解答", "PIN, seal and log-in questions"},
};

#define N_ENTRIES ((int)(sizeof entries / sizeof entries[0]))

static void tap_entry(ui_app *app, intptr_t arg)
{
    const entry *e = &entries[arg];
    if (e->what == ENTRY_FEES)
        ui_app_go(app, &shell_fees, 0);
    else if (e->what == ENTRY_FAQ)
        ui_app_go(app, &shell_faq, 0);
    else if (e->what == SHELL_SELF_CHECK)
        ui_app_go(app, &flow_selfcheck, 0);
    /* Jobs need the CA's upstream (payment, review, issuance): a kiosk configured without one says so up front. */
    else if (ui_app_config(app)->upstream_url[0] == '\0' && e->what == SVC_CHANGE)
        ui_app_go(app, &shell_change, 0);
    else if (ui_app_config(app)->upstream_url[0] == '\0')
        ui_app_go(app, &shell_notyet, shell_notyet_arg(e->what, false));
    else
        ui_app_go(app, &flow_service, e->what);
}

static void build(ui_app *app, ui_build *b, void *state)
{
    ui_rect body, grid;
    int cols = b->portrait ? 2 : 4, rows = (N_ENTRIES + cols - 1) / cols, margin = b->portrait ? 48 : 64;
    int gap = b->portrait ? 24 : 32;
    (void)app;
    (void)state;
    body = ui_header(b, ui_tr(b, "请选择要办理的业务", "Choose a service"), UI_HDR_END);
    grid = ui_rect_make(body.x + margin, body.y, body.w - 2 * margin, body.h - margin);
    const char *names[N_ENTRIES], *notes[N_ENTRIES];
    bool with_notes = !b->th->large;
    for (int i = 0; i < N_ENTRIES; i++) {
        const entry *en = &entries[i];
        ui_rect r = ui_rect_cell(grid, cols, rows, gap, i);
        if (en->what >= 0 && en->what < SVC__COUNT) {
            const ck_service_info *si = services_info((ck_service)en->what);
            names[i] = ui_tr(b, si->zh, si->en);
            notes[i] = ui_tr(b, si->fee_note_zh, si->fee_note_en);
        } else {
            names[i] = ui_tr(b, en->zh, en->en);
            notes[i] = ui_tr(b, en->note_zh, en->note_en);
        }
        /* Notes on every tile or on none: the name at the top and the note below it must fit. */
        if (TILE_PAD + ui_measure(b, names[i], UI_F_HEADING, UI_BOLD, r.w - 2 * TILE_PAD) + 8 +
                ui_measure(b, notes[i], UI_F_CAPTION, UI_REGULAR, r.w - 2 * TILE_PAD) + 24 >
            r.h)
            with_notes = false;
    }
    for (int i = 0; i < N_ENTRIES; i++) {
        const entry *en = &entries[i];
        ui_rect r = ui_rect_cell(grid, cols, rows, gap, i);
        const char *name = names[i], *note = notes[i];
        int name_h;
        ui_elem *tile;
        /*
         * The name at the top and what it costs below it, when both fit; else
         * (English names, large text) the name alone, centred.
         */
        tile = ui_button(b, ui_fmt(b, "menu.%s", en->code), r, name, UI_S_TILE, tap_entry, i);
        name_h = ui_measure(b, name, tile->font, UI_BOLD, r.w - 2 * tile->pad);
        if (with_notes) {
            ui_note(b, ui_fmt(b, "menu.%s.note", en->code),
                    ui_rect_make(r.x + tile->pad, r.y + tile->pad + name_h + 8, r.w - 2 * tile->pad, 0), note,
                    UI_F_CAPTION, UI_ALIGN_LEFT);
        } else {
            tile->valign_top = false;
            tile->align = UI_ALIGN_CENTER;
        }
    }
}

const ui_screen shell_menu = {.name = "menu", .build = build};
