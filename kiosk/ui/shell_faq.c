/*
 * shell_faq.c - 常见问题: the FAQ table of kiosk/core/faq.c, as many
 * questions per page as fit, with the hotlines of certkiosk.ini filled in,
 * and page keys. Pages are worked out at every build from the measured
 * text, so they follow the language, the text size and the orientation.
 */
#include "faq.h"
#include "shell.h"
#include "ui_widgets.h"

#define FAQ_TEXT_MAX 2048

typedef struct faq_state {
    int page;
} faq_state;

static const char *answer(ui_build *b, const ck_config *cfg, const ck_faq *f)
{
    char buf[FAQ_TEXT_MAX];
    faq_format(ui_tr(b, f->a_zh, f->a_en), cfg->ca_hotline, cfg->platform_hotline, buf, sizeof buf);
    return ui_fmt(b, "%s", buf);
}

/* Height of entry i at width w, with the gaps used below. */
static int entry_height(ui_build *b, const ck_config *cfg, size_t i, int w)
{
    const ck_faq *f = faq_get(i);
    return 24 + ui_measure(b, ui_tr(b, f->q_zh, f->q_en), UI_F_BUTTON, UI_BOLD, w - 48) + 8 +
           ui_measure(b, answer(b, cfg, f), UI_F_BODY, UI_REGULAR, w - 48) + 24 + 24;
}

/*
 * The first entry of each page; returns the number of pages. A page has
 * cols columns of height h, filled one after the other.
 */
static int paginate(ui_build *b, const ck_config *cfg, int w, int h, int cols, size_t *starts, int max_pages)
{
    int pages = 0, used = 0, col = 0;
    for (size_t i = 0; i < faq_count(); i++) {
        int eh = entry_height(b, cfg, i, w);
        if (pages == 0 || (used + eh > h && used > 0)) {
            if (pages > 0 && col + 1 < cols) { /* the next column of the same page */
                col++;
            } else {
                if (pages == max_pages)
                    break;
                starts[pages++] = i;
                col = 0;
            }
            used = 0;
        }
        used += eh;
    }
    return pages;
}

static void tap_page(ui_app *app, intptr_t arg)
{
    faq_state *st = ui_app_state(app);
    st->page += (int)arg;
}

static void build(ui_app *app, ui_build *b, void *state)
{
    faq_state *st = state;
    const ck_config *cfg = ui_app_config(app);
    size_t starts[64];
    int margin = b->portrait ? 48 : 64, pager_h = UI_MIN_TARGET + 48, cols = b->portrait ? 1 : 2, gap = 32;
    int w, h, pages, y, x, col = 0;
    size_t end;
    ui_rect body = ui_header(b, ui_tr(b, "常见问题", "Common questions"), UI_HDR_BACK | UI_HDR_END);
    w = (body.w - 2 * margin - (cols - 1) * gap) / cols;
    h = body.h - pager_h;
    pages = paginate(b, cfg, w, h, cols, starts, 64);
    if (st->page >= pages)
        st->page = pages - 1;
    if (st->page < 0)
        st->page = 0;
    end = st->page + 1 < pages ? starts[st->page + 1] : faq_count();
    y = body.y;
    x = body.x + margin;
    for (size_t i = starts[st->page]; i < end; i++) {
        const ck_faq *f = faq_get(i);
        int eh = entry_height(b, cfg, i, w) - 24;
        ui_elem *card, *q;
        if (y + eh > body.y + h && y > body.y && col + 1 < cols) { /* as paginate did: the next column */
            col++;
            x += w + gap;
            y = body.y;
        }
        card = ui_add(b, ui_fmt(b, "faq.%zu", i), UI_K_PANEL, ui_rect_make(x, y, w, eh), NULL);
        card->bg = b->th->surface;
        card->border = b->th->border;
        card->border_w = b->th->large ? b->th->border_w : 1;
        card->radius = b->th->radius;
        q = ui_label(b, ui_fmt(b, "faq.q.%zu", i), ui_rect_make(x + 24, y + 24, w - 48, 0),
                     ui_tr(b, f->q_zh, f->q_en), UI_F_BUTTON, UI_BOLD, UI_ALIGN_LEFT);
        q->fg = b->th->accent;
        ui_label(b, ui_fmt(b, "faq.a.%zu", i), ui_rect_make(x + 24, q->rect.y + q->rect.h + 8, w - 48, 0),
                 answer(b, cfg, f), UI_F_BODY, UI_REGULAR, UI_ALIGN_LEFT);
        y += eh + 24;
    }
    /* The page keys along the bottom. */
    {
        int py = body.y + body.h - UI_MIN_TARGET - 24, bw = b->portrait ? 300 : 340;
        ui_elem *e;
        e = ui_button(b, "faq.prev", ui_rect_make(body.x + margin, py, bw, UI_MIN_TARGET),
                      ui_tr(b, "‹ 上一页", "‹ Previous"), UI_S_SECONDARY, tap_page, -1);
        e->enabled = st->page > 0;
        ui_label(b, "faq.page", ui_rect_make(body.x + margin + bw, py + 24, body.w - 2 * margin - 2 * bw, 0),
                 b->lang == UI_EN ? ui_fmt(b, "Page %d of %d", st->page + 1, pages)
                                  : ui_fmt(b, "第 %d 页 / 共 %d 页", st->page + 1, pages),
                 UI_F_BODY, UI_REGULAR, UI_ALIGN_CENTER);
        e = ui_button(b, "faq.next", ui_rect_make(body.x + body.w - margin - bw, py, bw, UI_MIN_TARGET),
                      ui_tr(b, "下一页 ›", "Next ›"), UI_S_SECONDARY, tap_page, 1);
        e->enabled = st->page + 1 < pages;
    }
}

const ui_screen shell_faq = {.name = "faq", .state_size = sizeof(faq_state), .build = build};
