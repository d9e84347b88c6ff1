/*
 * ui_text.c - fonts per pixel size, the advance cache for measuring, the
 * texture cache for drawing, and line wrapping (see ui_text.h).
 */
#include "ui_text.h"

#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define FONT_FILE_MAX (64L * 1024 * 1024)
#define MAX_FONTS 32
#define ADV_SLOTS 32768 /* power of two; cleared when 3/4 full */
#define TEX_BUCKETS 2048

typedef struct font_slot {
    int px;
    ui_weight weight;
    TTF_Font *font;
    unsigned long last_use;
} font_slot;

typedef struct adv_slot {
    uint64_t key; /* 0 = empty */
    int32_t advance;
} adv_slot;

typedef struct tex_entry {
    struct tex_entry *bucket_next;
    struct tex_entry *lru_prev, *lru_next; /* head = most recently used */
    uint64_t hash;
    char *text;
    size_t len;
    int px;
    ui_weight weight;
    uint32_t rgba;
    SDL_Texture *tex;
    int w, h;
    size_t bytes;
} tex_entry;

struct ui_text {
    SDL_Renderer *renderer;
    void *font_data;
    size_t font_len;
    font_slot fonts[MAX_FONTS];
    int n_fonts;
    unsigned long use_clock;
    adv_slot *adv;
    size_t adv_used;
    tex_entry *buckets[TEX_BUCKETS];
    tex_entry *lru_head, *lru_tail;
    unsigned entries;
    size_t bytes;
    unsigned long hits, misses;
    bool warned;
};

static ck_err read_file(const char *path, void **data, size_t *len, ck_diag *d)
{
    FILE *f = fopen(path, "rb");
    long size;
    void *buf = NULL;
    ck_err rc = CK_OK;
    if (f == NULL)
        return ck_diag_fail(d, CK_E_IO, "找不到界面字体 %s", "cannot open the screen font %s", path);
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) <= 0 || size > FONT_FILE_MAX || fseek(f, 0, SEEK_SET) != 0) {
        rc = ck_diag_fail(d, CK_E_CONFIG, "界面字体 %s 为空或过大", "the screen font %s is empty or too large", path);
        goto cleanup;
    }
    buf = malloc((size_t)size);
    if (buf == NULL) {
        rc = CK_E_NOMEM;
        goto cleanup;
    }
    if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
        rc = ck_diag_fail(d, CK_E_IO, "无法读取界面字体 %s", "cannot read the screen font %s", path);
        goto cleanup;
    }
    *data = buf;
    *len = (size_t)size;
    buf = NULL;
cleanup:
    free(buf);
    fclose(f);
    return rc;
}

/* The font at (px, weight), opened on first use from the in-memory file. NULL on failure. */
static TTF_Font *get_font(ui_text *t, int px, ui_weight weight)
{
    font_slot *slot = NULL;
    SDL_RWops *rw;
    if (px < 4)
        px = 4;
    t->use_clock++;
    for (int i = 0; i < t->n_fonts; i++)
        if (t->fonts[i].px == px && t->fonts[i].weight == weight) {
            t->fonts[i].last_use = t->use_clock;
            return t->fonts[i].font;
        }
    if (t->n_fonts < MAX_FONTS) {
        slot = &t->fonts[t->n_fonts++];
    } else { /* close the least recently used size; textures do not depend on it */
        slot = &t->fonts[0];
        for (int i = 1; i < MAX_FONTS; i++)
            if (t->fonts[i].last_use < slot->last_use)
                slot = &t->fonts[i];
        TTF_CloseFont(slot->font);
    }
    rw = SDL_RWFromConstMem(t->font_data, (int)t->font_len);
    slot->font = rw != NULL ? TTF_OpenFontRW(rw, 1, px) : NULL;
    if (slot->font == NULL) {
        *slot = t->fonts[--t->n_fonts]; /* drop the slot */
        return NULL;
    }
    TTF_SetFontHinting(slot->font, TTF_HINTING_LIGHT);
    if (weight == UI_BOLD)
        TTF_SetFontStyle(slot->font, TTF_STYLE_BOLD);
    slot->px = px;
    slot->weight = weight;
    slot->last_use = t->use_clock;
    return slot->font;
}

ck_err ui_text_open(SDL_Renderer *r, const char *font_path, ui_text **out, ck_diag *d)
{
    ui_text *t = NULL;
    ck_err rc;
    if (r == NULL || font_path == NULL || out == NULL)
        return CK_E_ARG;
    if (TTF_Init() != 0) /* reference-counted: ui_text_close calls TTF_Quit */
        return ck_diag_detail(d, CK_E_IO, "字体库初始化失败", "SDL_ttf could not start: %s", TTF_GetError());
    t = calloc(1, sizeof *t);
    if (t == NULL) {
        TTF_Quit();
        return CK_E_NOMEM;
    }
    t->renderer = r;
    t->adv = calloc(ADV_SLOTS, sizeof *t->adv);
    if (t->adv == NULL) {
        rc = CK_E_NOMEM;
        goto fail;
    }
    rc = read_file(font_path, &t->font_data, &t->font_len, d);
    if (rc != CK_OK)
        goto fail;
    if (get_font(t, 32, UI_REGULAR) == NULL) {
        rc = ck_diag_detail(d, CK_E_CONFIG, "界面字体文件无法使用", "%s is not a usable font (%s)", font_path,
                            TTF_GetError());
        goto fail;
    }
    *out = t;
    return CK_OK;
fail:
    ui_text_close(t);
    return rc;
}

static void tex_free(ui_text *t, tex_entry *e)
{
    if (e->tex != NULL)
        SDL_DestroyTexture(e->tex);
    if (e->text != NULL) {
        memset(e->text, 0, e->len); /* the run may be something a customer typed */
        free(e->text);
    }
    t->bytes -= e->bytes;
    t->entries--;
    free(e);
}

static void lru_unlink(ui_text *t, tex_entry *e)
{
    if (e->lru_prev != NULL)
        e->lru_prev->lru_next = e->lru_next;
    else
        t->lru_head = e->lru_next;
    if (e->lru_next != NULL)
        e->lru_next->lru_prev = e->lru_prev;
    else
        t->lru_tail = e->lru_prev;
    e->lru_prev = e->lru_next = NULL;
}

static void lru_push_front(ui_text *t, tex_entry *e)
{
    e->lru_prev = NULL;
    e->lru_next = t->lru_head;
    if (t->lru_head != NULL)
        t->lru_head->lru_prev = e;
    t->lru_head = e;
    if (t->lru_tail == NULL)
        t->lru_tail = e;
}

static void bucket_unlink(ui_text *t, tex_entry *e)
{
    tex_entry **pp = &t->buckets[e->hash % TEX_BUCKETS];
    while (*pp != e)
        pp = &(*pp)->bucket_next;
    *pp = e->bucket_next;
}

void ui_text_flush(ui_text *t)
{
    if (t == NULL)
        return;
    while (t->lru_head != NULL) {
        tex_entry *e = t->lru_head;
        lru_unlink(t, e);
        bucket_unlink(t, e);
        tex_free(t, e);
    }
}

void ui_text_close(ui_text *t)
{
    if (t == NULL)
        return;
    ui_text_flush(t);
    for (int i = 0; i < t->n_fonts; i++)
        TTF_CloseFont(t->fonts[i].font);
    free(t->font_data);
    free(t->adv);
    free(t);
    TTF_Quit();
}

bool ui_text_has_glyph(ui_text *t, uint32_t cp)
{
    TTF_Font *f = get_font(t, 32, UI_REGULAR);
    return f != NULL && TTF_GlyphIsProvided32(f, cp) != 0;
}

int ui_text_line_height(ui_text *t, int px)
{
    TTF_Font *f = get_font(t, px, UI_REGULAR);
    return f != NULL ? TTF_FontLineSkip(f) : px * 3 / 2;
}

/*
 * The advance of cp at px. Always measured on the regular face: SDL2_ttf's
 * synthetic bold reports every glyph's advance with the emboldening added
 * (15 % too wide for a line), while the line it renders is only a few
 * pixels wider than the regular one; bold_extra() adds that once per line.
 */
static int advance(ui_text *t, uint32_t cp, int px, ui_weight w)
{
    uint64_t key = ((uint64_t)px << 21 | cp) + 1;
    size_t i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 40) & (ADV_SLOTS - 1);
    int adv = 0;
    TTF_Font *f;
    while (t->adv[i].key != 0) {
        if (t->adv[i].key == key)
            return t->adv[i].advance;
        i = (i + 1) & (ADV_SLOTS - 1);
    }
    (void)w;
    f = get_font(t, px, UI_REGULAR);
    if (f == NULL || TTF_GlyphMetrics32(f, cp, NULL, NULL, NULL, NULL, &adv) != 0)
        adv = px / 2;
    if (t->adv_used >= ADV_SLOTS * 3 / 4) { /* bounded: start over rather than grow */
        memset(t->adv, 0, ADV_SLOTS * sizeof *t->adv);
        t->adv_used = 0;
        return advance(t, cp, px, w);
    }
    t->adv[i].key = key;
    t->adv[i].advance = adv;
    t->adv_used++;
    return adv;
}

/* Next code point of s[*pos..len); invalid bytes count as U+FFFD, one byte each. */
static uint32_t next_cp(const char *s, size_t len, size_t *pos)
{
    uint32_t cp;
    size_t n = utf8_decode(s + *pos, len - *pos, &cp);
    if (n == 0) {
        (*pos)++;
        return 0xFFFD;
    }
    *pos += n;
    return cp;
}

static int bold_extra(int px, ui_weight w) { return w == UI_BOLD ? px / 10 + 1 : 0; }

int ui_text_width(ui_text *t, const char *s, size_t len, int px, ui_weight w)
{
    int total = bold_extra(px, w);
    for (size_t pos = 0; pos < len;) {
        uint32_t cp = next_cp(s, len, &pos);
        if (cp != '\n')
            total += advance(t, cp, px, w);
    }
    return total;
}

/* Characters after which a line may break and before which too (ideographs, kana, full-width forms). */
static bool is_cjk(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
           (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Must not start a line (kinsoku): closing brackets and punctuation that follows text. */
static bool is_closing(uint32_t cp)
{
    static const uint32_t list[] = {0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF01, 0xFF09, 0x3011,
                                    0x300B, 0x300D, 0x300F, 0x3009, 0x201D, 0x2019, 0xFF3D, 0xFF5D, 0x2026, 0x00B7,
                                    ')',    ']',    '}',    ',',    '.',    ':',    ';',    '!',    '?',    '%'};
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
        if (list[i] == cp)
            return true;
    return false;
}

/* Must not end a line: opening brackets and quotes. */
static bool is_opening(uint32_t cp)
{
    static const uint32_t list[] = {0xFF08, 0x3010, 0x300A, 0x300C, 0x300E, 0x3008, 0x201C,
                                    0x2018, 0xFF3B, 0xFF5B, '(',    '[',    '{'};
    for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
        if (list[i] == cp)
            return true;
    return false;
}

int ui_text_wrap(ui_text *t, const char *s, int px, ui_weight w, int max_w, ui_line *lines, int max_lines)
{
    size_t len = strlen(s), pos = 0;
    int n = 0;
    if (max_w < px)
        max_w = px;
    while (pos < len || n == 0) {
        size_t start = pos, p = pos, brk = 0; /* brk: best break offset found (0 = none) */
        int width = bold_extra(px, w), brk_w = 0, end_w = 0;
        size_t end = pos;
        uint32_t prev = 0;
        bool forced = false;
        while (p < len) {
            size_t before = p;
            uint32_t cp = next_cp(s, len, &p);
            int adv;
            if (cp == '\n') {
                end = before;
                end_w = width;
                pos = p;
                forced = true;
                break;
            }
            /* A break opportunity between prev and cp ("200.00元", "2年" stay together). */
            if (before > start &&
                ((prev == ' ' && cp != ' ') || ((is_cjk(prev) || is_cjk(cp)) && !is_closing(cp) &&
                                                 !is_opening(prev) && !(prev >= '0' && prev <= '9')))) {
                brk = before;
                brk_w = width;
            }
            adv = advance(t, cp, px, w);
            if (width + adv > max_w && before > start && cp != ' ') {
                if (brk > start) {
                    end = brk;
                    end_w = brk_w;
                } else { /* one word wider than the line: break inside it */
                    end = before;
                    end_w = width;
                }
                pos = end;
                forced = true;
                break;
            }
            width += adv;
            prev = cp;
        }
        if (!forced) {
            end = len;
            end_w = width;
            pos = len;
        }
        /* Trailing spaces do not count; leading spaces of the next line are skipped. */
        while (end > start && s[end - 1] == ' ') {
            end--;
            end_w -= advance(t, ' ', px, w);
        }
        if (n < max_lines) {
            lines[n].off = (int)start;
            lines[n].len = (int)(end - start);
            lines[n].w = end_w;
        }
        n++;
        while (pos < len && s[pos] == ' ')
            pos++;
        if (pos >= len)
            break;
    }
    return n;
}

static uint64_t run_hash(const char *s, size_t len, int px, ui_weight w, uint32_t rgba)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    h ^= (uint64_t)px << 1 ^ (uint64_t)w << 40 ^ (uint64_t)rgba << 20;
    return h * 1099511628211ull;
}

static void evict(ui_text *t, size_t need_bytes)
{
    while (t->lru_tail != NULL &&
           (t->entries >= UI_TEXT_CACHE_ENTRIES || t->bytes + need_bytes > UI_TEXT_CACHE_BYTES)) {
        tex_entry *e = t->lru_tail;
        lru_unlink(t, e);
        bucket_unlink(t, e);
        tex_free(t, e);
    }
}

static tex_entry *rasterise(ui_text *t, const char *s, size_t len, int px, ui_weight w, ui_color c, uint64_t hash)
{
    char buf[UI_TEXT_RUN_MAX + 1];
    TTF_Font *font = get_font(t, px, w);
    SDL_Surface *surf;
    SDL_Color col = {c.r, c.g, c.b, 255};
    tex_entry *e;
    if (font == NULL)
        return NULL;
    if (len > UI_TEXT_RUN_MAX)
        len = UI_TEXT_RUN_MAX;
    memcpy(buf, s, len);
    buf[len] = '\0';
    surf = TTF_RenderUTF8_Blended(font, buf, col);
    memset(buf, 0, len);
    if (surf == NULL)
        return NULL;
    e = calloc(1, sizeof *e);
    if (e == NULL || (e->text = malloc(len + 1)) == NULL) {
        free(e);
        SDL_FreeSurface(surf);
        return NULL;
    }
    e->tex = SDL_CreateTextureFromSurface(t->renderer, surf);
    e->w = surf->w;
    e->h = surf->h;
    SDL_FreeSurface(surf);
    if (e->tex == NULL) {
        free(e->text);
        free(e);
        return NULL;
    }
    if (c.a != 255)
        SDL_SetTextureAlphaMod(e->tex, c.a);
    memcpy(e->text, s, len);
    e->text[len] = '\0';
    e->len = len;
    e->px = px;
    e->weight = w;
    e->rgba = (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a;
    e->hash = hash;
    e->bytes = (size_t)e->w * (size_t)e->h * 4;
    evict(t, e->bytes);
    e->bucket_next = t->buckets[hash % TEX_BUCKETS];
    t->buckets[hash % TEX_BUCKETS] = e;
    lru_push_front(t, e);
    t->entries++;
    t->bytes += e->bytes;
    return e;
}

int ui_text_draw(ui_text *t, const char *s, size_t len, int px, ui_weight w, ui_color c, int x, int y)
{
    uint32_t rgba = (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a;
    uint64_t hash;
    tex_entry *e;
    SDL_Rect dst;
    if (t == NULL || s == NULL || len == 0)
        return 0;
    if (len > UI_TEXT_RUN_MAX)
        len = UI_TEXT_RUN_MAX;
    hash = run_hash(s, len, px, w, rgba);
    for (e = t->buckets[hash % TEX_BUCKETS]; e != NULL; e = e->bucket_next)
        if (e->hash == hash && e->len == len && e->px == px && e->weight == w && e->rgba == rgba &&
            memcmp(e->text, s, len) == 0)
            break;
    if (e != NULL) {
        t->hits++;
        lru_unlink(t, e);
        lru_push_front(t, e);
    } else {
        t->misses++;
        e = rasterise(t, s, len, px, w, c, hash);
        if (e == NULL) {
            if (!t->warned)
                SDL_Log("certkiosk: cannot render text: %s", TTF_GetError());
            t->warned = true;
            return 0;
        }
    }
    dst.x = x;
    dst.y = y;
    dst.w = e->w;
    dst.h = e->h;
    SDL_RenderCopy(t->renderer, e->tex, NULL, &dst);
    return e->w;
}

void ui_text_get_stats(const ui_text *t, ui_text_stats *out)
{
    out->hits = t->hits;
    out->misses = t->misses;
    out->entries = t->entries;
    out->bytes = t->bytes;
}
