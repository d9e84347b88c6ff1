/*
 * ui_draw.c - paints the element list: rounded boxes with SDL_RenderGeometry,
 * text from the texture cache, QR codes as rectangles, pictures as textures.
 * Nothing here decides layout; the widgets did that while building.
 */
#include <math.h>
#include <string.h>

#include "ui_app_internal.h"
#include "ui_widgets.h"

#define CORNER_SEGMENTS 16 /* the most per corner; small radii use fewer */

static SDL_Color sdl_color(ui_color c)
{
    SDL_Color s = {c.r, c.g, c.b, c.a};
    return s;
}

/* A filled rectangle with corners of radius rad (pixels), as a triangle fan. */
/*
 * A rounded rectangle: the cross between the corners as two plain rectangles,
 * then each corner as a small triangle fan. SDL's software renderer blends
 * triangles pixel by pixel, so only the corners (4 * rad^2 pixels) go that way:
 * one fan over the whole box made the menu's tiles cost ~22 ms a frame
 * (docs/benchmarks.md, "UI"). The pieces do not overlap, so a translucent
 * colour is blended once.
 */
static void fill_round(SDL_Renderer *ren, SDL_Rect r, int rad, ui_color c)
{
    SDL_Vertex v[CORNER_SEGMENTS + 2];
    int idx[3 * CORNER_SEGMENTS];
    SDL_Color col = sdl_color(c);
    if (c.a == 0 || r.w <= 0 || r.h <= 0)
        return;
    if (rad * 2 > r.w)
        rad = r.w / 2;
    if (rad * 2 > r.h)
        rad = r.h / 2;
    SDL_SetRenderDrawColor(ren, c.r, c.g, c.b, c.a);
    if (rad <= 1) {
        SDL_RenderFillRect(ren, &r);
        return;
    }
    {
        SDL_Rect tall = {r.x + rad, r.y, r.w - 2 * rad, r.h}, wide = {r.x, r.y + rad, rad, r.h - 2 * rad},
                 wide2 = {r.x + r.w - rad, r.y + rad, rad, r.h - 2 * rad};
        const float cx[4] = {(float)(r.x + r.w - rad), (float)(r.x + rad), (float)(r.x + rad),
                             (float)(r.x + r.w - rad)};
        const float cy[4] = {(float)(r.y + rad), (float)(r.y + rad), (float)(r.y + r.h - rad),
                             (float)(r.y + r.h - rad)};
        int segs = rad / 4 < 4 ? 4 : (rad / 4 > CORNER_SEGMENTS ? CORNER_SEGMENTS : rad / 4);
        SDL_RenderFillRect(ren, &tall);
        SDL_RenderFillRect(ren, &wide);
        SDL_RenderFillRect(ren, &wide2);
        for (int corner = 0; corner < 4; corner++) {
            int n = 0, ni = 0;
            memset(v, 0, sizeof v);
            v[n].position.x = cx[corner];
            v[n].position.y = cy[corner];
            v[n++].color = col;
            for (int k = 0; k <= segs; k++) {
                double a = (corner * 90.0 + k * 90.0 / segs) * M_PI / 180.0;
                v[n].position.x = cx[corner] + (float)(cos(a) * rad);
                v[n].position.y = cy[corner] - (float)(sin(a) * rad);
                v[n++].color = col;
            }
            for (int i = 1; i + 1 < n; i++) {
                idx[ni++] = 0;
                idx[ni++] = i;
                idx[ni++] = i + 1;
            }
            SDL_RenderGeometry(ren, NULL, v, n, idx, ni);
        }
    }
}

/* A box with an optional border: the border colour, then the fill inset by the border width. */
static void box(SDL_Renderer *ren, SDL_Rect r, int rad, ui_color fill, ui_color border, int bw)
{
    if (border.a != 0 && bw > 0 && fill.a == 0) { /* an outline only: four edges */
        SDL_Rect edges[4] = {{r.x, r.y, r.w, bw}, {r.x, r.y + r.h - bw, r.w, bw}, {r.x, r.y, bw, r.h},
                             {r.x + r.w - bw, r.y, bw, r.h}};
        SDL_SetRenderDrawColor(ren, border.r, border.g, border.b, border.a);
        SDL_RenderFillRects(ren, edges, 4);
    } else if (border.a != 0 && bw > 0) {
        SDL_Rect in = {r.x + bw, r.y + bw, r.w - 2 * bw, r.h - 2 * bw};
        fill_round(ren, r, rad, border);
        fill_round(ren, in, rad > bw ? rad - bw : 0, fill);
    } else {
        fill_round(ren, r, rad, fill);
    }
}

static void draw_text(ui_app *app, const ui_elem *e, SDL_Rect pr, ui_color fg)
{
    const ui_build *b = &app->b;
    int pad = ui_px(b, e->pad), total = e->n_lines * e->line_h;
    int y = e->valign_top ? pr.y + pad : pr.y + (pr.h - total) / 2;
    for (int i = 0; i < e->n_lines; i++) {
        const ui_line *l = &e->lines[i];
        int x = pr.x + pad;
        if (e->align == UI_ALIGN_CENTER)
            x = pr.x + (pr.w - l->w) / 2;
        else if (e->align == UI_ALIGN_RIGHT)
            x = pr.x + pr.w - pad - l->w;
        ui_text_draw(app->text, e->text + l->off, (size_t)l->len, e->px, e->weight, fg, x, y + i * e->line_h);
    }
}

static void draw_qr(ui_app *app, const ui_elem *e, SDL_Rect pr)
{
    const qr_code *q = e->qr;
    int side = pr.w < pr.h ? pr.w : pr.h, mod, x0, y0;
    SDL_Rect bg;
    if (q == NULL || q->size <= 0)
        return;
    mod = side / (q->size + 8); /* 4 modules of quiet zone each side */
    if (mod < 1)
        mod = 1;
    bg.w = bg.h = mod * (q->size + 8);
    bg.x = pr.x + (pr.w - bg.w) / 2;
    bg.y = pr.y + (pr.h - bg.h) / 2;
    SDL_SetRenderDrawColor(app->ren, 255, 255, 255, 255);
    SDL_RenderFillRect(app->ren, &bg);
    SDL_SetRenderDrawColor(app->ren, 0, 0, 0, 255);
    x0 = bg.x + 4 * mod;
    y0 = bg.y + 4 * mod;
    for (int y = 0; y < q->size; y++)
        for (int x = 0; x < q->size;) { /* one rectangle per run of dark modules */
            int run = 0;
            while (x + run < q->size && qr_code_dark(q, x + run, y))
                run++;
            if (run > 0) {
                SDL_Rect m = {x0 + x * mod, y0 + y * mod, run * mod, mod};
                SDL_RenderFillRect(app->ren, &m);
                x += run;
            } else {
                x++;
            }
        }
}

static void draw_image(ui_app *app, const ui_elem *e, SDL_Rect pr)
{
    ui_image *img = e->image;
    SDL_Rect dst;
    float s;
    if (img == NULL || img->rgba == NULL || img->w <= 0 || img->h <= 0)
        return;
    if (img->tex == NULL) {
        img->tex = SDL_CreateTexture(app->ren, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC, img->w, img->h);
        if (img->tex == NULL)
            return;
        SDL_UpdateTexture(img->tex, NULL, img->rgba, img->w * 4);
        SDL_SetTextureBlendMode(img->tex, SDL_BLENDMODE_BLEND);
    }
    s = (float)pr.w / img->w < (float)pr.h / img->h ? (float)pr.w / img->w : (float)pr.h / img->h;
    dst.w = (int)(img->w * s);
    dst.h = (int)(img->h * s);
    dst.x = pr.x + (pr.w - dst.w) / 2;
    dst.y = pr.y + (pr.h - dst.h) / 2;
    SDL_RenderCopy(app->ren, img->tex, NULL, &dst);
}

static void draw_one(ui_app *app, const ui_elem *e)
{
    const ui_build *b = &app->b;
    const ui_theme *th = b->th;
    SDL_Rect pr = ui_to_px(b, e->rect);
    int rad = ui_px(b, e->radius), bw = e->border_w > 0 ? ui_px(b, e->border_w) : 0;
    ui_color bg = e->bg, fg = e->fg, border = e->border;
    if (bw < 1 && e->border_w > 0)
        bw = 1;
    if (e->kind == UI_K_BUTTON && !e->enabled) {
        bg = th->disabled;
        fg = th->disabled_text;
        border = th->disabled;
    } else if (e->pressed) {
        bg = th->pressed;
        if (th->large)
            fg = th->text;
    }
    switch (e->kind) {
    case UI_K_QR:
        draw_qr(app, e, pr);
        return;
    case UI_K_IMAGE:
        box(app->ren, pr, rad, bg, border, bw);
        draw_image(app, e, pr);
        return;
    case UI_K_INPUT: {
        box(app->ren, pr, rad, bg, border, bw);
        draw_text(app, e, pr, fg);
        if (e->focused) { /* the caret after the text */
            int pad = ui_px(b, e->pad), w = e->n_lines > 0 ? e->lines[e->n_lines - 1].w : 0;
            int ch = ui_px(b, th->size[e->font]) * 5 / 4;
            SDL_Rect caret = {pr.x + pad + w + 2, pr.y + (pr.h - ch) / 2, ui_px(b, 4) > 2 ? ui_px(b, 4) : 2, ch};
            SDL_SetRenderDrawColor(app->ren, th->accent.r, th->accent.g, th->accent.b, 255);
            SDL_RenderFillRect(app->ren, &caret);
        }
        return;
    }
    default:
        box(app->ren, pr, rad, bg, border, bw);
        draw_text(app, e, pr, fg);
        return;
    }
}

void ui_draw_elements(ui_app *app)
{
    const ui_build *b = &app->b;
    for (int i = 0; i < b->n; i++) {
        if (i == b->modal_from) { /* dim everything under the dialog */
            ui_color s = b->th->scrim;
            SDL_SetRenderDrawColor(app->ren, s.r, s.g, s.b, s.a);
            SDL_RenderFillRect(app->ren, NULL);
        }
        draw_one(app, &b->elems[i]);
    }
}
