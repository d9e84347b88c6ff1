/*
 * shell_change.c - step 1 of the change of subject (证书变更): the new
 * organisation name (typed in pinyin) and the new unified social credit
 * code, each checked inline by the core's validators (orgname_validate,
 * uscc_validate) when its keyboard is closed and again on "下一步". The
 * submission itself is not built yet, so step 2 is shell_notyet saying so;
 * the form shows how a flow's screen is written (docs/ui.md).
 */
#include "services.h"
#include "shell.h"
#include "ui_widgets.h"
#include "ui_validators.h"

typedef struct change_state {
    bool init;
    ui_field name;
    ui_field uscc;
} change_state;

static void enter(ui_app *app, void *state, intptr_t arg)
{
    change_state *st = state;
    (void)app;
    (void)arg;
    if (!st->init) { /* keep what was typed when the customer comes back within the session */
        ui_field_init(&st->name, UI_KBD_PINYIN, 50, false, ui_valid_org, NULL);
        ui_field_init(&st->uscc, UI_KBD_CODE, 18, false, ui_valid_uscc, NULL);
        st->init = true;
    }
}

static void tap_next(ui_app *app, intptr_t arg)
{
    change_state *st = ui_app_state(app);
    bool ok_name = ui_field_check(&st->name), ok_uscc = ui_field_check(&st->uscc);
    (void)arg;
    if (!ok_name) {
        ui_app_focus(app, &st->name);
        return;
    }
    if (!ok_uscc) {
        ui_app_focus(app, &st->uscc);
        return;
    }
    ui_app_go(app, &shell_notyet, shell_notyet_arg(SVC_CHANGE, true));
}

static void build(ui_app *app, ui_build *b, void *state)
{
    change_state *st = state;
    int margin = b->portrait ? 48 : 64, w, y, ih = ui_input_height(b), gap = 16;
    ui_rect body, rest;
    bool kbd = ui_app_focused(app) != NULL;
    body = ui_header(b, ui_tr(b, services_info(SVC_CHANGE)->zh, services_info(SVC_CHANGE)->en),
                     UI_HDR_BACK | UI_HDR_END);
    w = (kbd || b->portrait ? body.w : 1100) - 2 * margin;
    rest = ui_step_header(b, ui_rect_make(body.x + margin, body.y, w, body.h), 1, 2, "填写变更后的单位信息",
                          "Enter the new details");
    y = rest.y;
    ui_input(b, "chg.name", ui_rect_make(body.x + margin, y, w, ih), &st->name,
             ui_tr(b, "新的单位名称", "New organisation name"),
             ui_tr(b, "用拼音输入，如 sichuan → 四川", "Type pinyin, e.g. sichuan → 四川"));
    y += ih + gap;
    ui_input(b, "chg.uscc", ui_rect_make(body.x + margin, y, w, ih), &st->uscc,
             ui_tr(b, "新的统一社会信用代码", "New unified social credit code"),
             ui_tr(b, "18位，数字和大写字母", "18 characters: digits and capital letters"));
    y += ih + gap;
    if (kbd) {
        /* No "next" while typing: 完成 on the keyboard comes first (and the keyboard covers the corner). */
    } else if (b->portrait) { /* below the form, right-aligned */
        int bw = 360;
        ui_button(b, "chg.next", ui_rect_make(body.x + margin + w - bw, y, bw, 120), ui_tr(b, "下一步", "Next"),
                  UI_S_PRIMARY, tap_next, 0);
    } else { /* the bottom-right corner, where the keyboard is while typing */
        int bw = 400;
        ui_button(b, "chg.next", ui_rect_make(b->W - margin - bw, body.y + body.h - margin - 120, bw, 120),
                  ui_tr(b, "下一步", "Next"), UI_S_PRIMARY, tap_next, 0);
    }
    if (!kbd && !b->portrait) { /* beside the form: what the change is */
        int x = body.x + margin + w + 80, sw = b->W - x - margin;
        ui_elem *e = ui_label(b, "chg.about", ui_rect_make(x, rest.y, sw, 0),
                              ui_tr(b, services_info(SVC_CHANGE)->summary_zh, services_info(SVC_CHANGE)->summary_en),
                              UI_F_BODY, UI_REGULAR, UI_ALIGN_LEFT);
        ui_note(b, "chg.fee", ui_rect_make(x, e->rect.y + e->rect.h + 24, sw, 0),
                ui_tr(b, services_info(SVC_CHANGE)->fee_note_zh, services_info(SVC_CHANGE)->fee_note_en), UI_F_BODY,
                UI_ALIGN_LEFT);
    }
}

static void wipe(void *state)
{
    change_state *st = state;
    ui_field_wipe(&st->name);
    ui_field_wipe(&st->uscc);
}

const ui_screen shell_change = {
    .name = "change", .state_size = sizeof(change_state), .enter = enter, .build = build, .wipe = wipe};
