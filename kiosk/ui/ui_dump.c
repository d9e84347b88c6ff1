/* ui_dump.c - the element list as JSON (see ui_dump.h). */
#include "ui_dump.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_app_internal.h"
#include "utf8.h"

static cJSON *rect_json(ui_rect r)
{
    int v[4] = {r.x, r.y, r.w, r.h};
    return cJSON_CreateIntArray(v, 4);
}

/* The characters of text the font cannot draw (they would show as empty boxes), as a string; NULL when none. */
static cJSON *missing_glyphs(ui_app *app, const char *text)
{
    char out[64];
    size_t n = 0, len = strlen(text);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_decode(text + i, len - i, &cp);
        if (k == 0)
            break;
        if (cp >= 0x20 && !ui_text_has_glyph(app->text, cp) && n + k < sizeof out) {
            memcpy(out + n, text + i, k);
            n += k;
        }
        i += k;
    }
    out[n] = '\0';
    return n > 0 ? cJSON_CreateString(out) : NULL;
}

char *ui_dump_json(ui_app *app)
{
    const ui_build *b = &app->b;
    ui_text_stats ts;
    cJSON *root = cJSON_CreateObject(), *elems, *cache;
    char *out = NULL;
    int design[2] = {b->W, b->H};
    if (root == NULL)
        return NULL;
    ui_text_get_stats(app->text, &ts);
    cJSON_AddStringToObject(root, "screen", ui_app_screen(app)->name);
    cJSON_AddStringToObject(root, "lang", app->lang == UI_EN ? "en" : "zh");
    cJSON_AddBoolToObject(root, "large_text", app->large_text);
    cJSON_AddStringToObject(root, "orientation", b->portrait ? "portrait" : "landscape");
    cJSON_AddItemToObject(root, "design", cJSON_CreateIntArray(design, 2));
    cJSON_AddNumberToObject(root, "scale", b->scale);
    cJSON_AddBoolToObject(root, "card_present", app->card_present);
    if (app->idle_open)
        cJSON_AddStringToObject(root, "dialog", "idle");
    cache = cJSON_AddObjectToObject(root, "text_cache");
    if (cache != NULL) {
        cJSON_AddNumberToObject(cache, "hits", (double)ts.hits);
        cJSON_AddNumberToObject(cache, "misses", (double)ts.misses);
        cJSON_AddNumberToObject(cache, "entries", ts.entries);
        cJSON_AddNumberToObject(cache, "bytes", (double)ts.bytes);
    }
    cJSON_AddNumberToObject(root, "frames", (double)app->frames);
    elems = cJSON_AddArrayToObject(root, "elements");
    for (int i = 0; elems != NULL && i < b->n; i++) {
        const ui_elem *e = &b->elems[i];
        cJSON *o = cJSON_CreateObject();
        if (o == NULL || !cJSON_AddItemToArray(elems, o)) {
            cJSON_Delete(o);
            break;
        }
        cJSON_AddStringToObject(o, "id", e->id);
        cJSON_AddStringToObject(o, "kind", ui_kind_name(e->kind));
        cJSON_AddStringToObject(o, "text", e->text);
        {
            cJSON *missing = missing_glyphs(app, e->text);
            if (missing != NULL)
                cJSON_AddItemToObject(o, "missing_glyphs", missing);
        }
        cJSON_AddItemToObject(o, "rect", rect_json(e->rect));
        if (e->text[0] != '\0') {
            cJSON_AddNumberToObject(o, "size", b->th->size[e->font]); /* text size, design units */
            /* The wrapped text's height, design units: more than the rect's is text cut off or spilling out. */
            cJSON_AddNumberToObject(o, "text_h", (int)(e->n_lines * e->line_h / b->scale + 0.5f));
        }
        cJSON_AddBoolToObject(o, "enabled", e->enabled);
        cJSON_AddBoolToObject(o, "tappable", ui_tappable(b, e));
        if (e->modal)
            cJSON_AddBoolToObject(o, "modal", true);
        if (e->focused)
            cJSON_AddBoolToObject(o, "focused", true);
    }
    out = cJSON_Print(root);
    cJSON_Delete(root);
    return out;
}

ck_err ui_dump_write(ui_app *app, const char *path, ck_diag *d)
{
    char *json = ui_dump_json(app);
    FILE *f;
    ck_err rc = CK_OK;
    if (json == NULL)
        return CK_E_NOMEM;
    f = fopen(path, "w");
    if (f == NULL || fputs(json, f) == EOF || fputc('\n', f) == EOF)
        rc = ck_diag_detail(d, CK_E_IO, "无法写入界面记录", "cannot write %s: %s", path, strerror(errno));
    if (f != NULL && fclose(f) != 0 && rc == CK_OK)
        rc = ck_diag_detail(d, CK_E_IO, "无法写入界面记录", "cannot write %s: %s", path, strerror(errno));
    explicit_bzero(json, strlen(json));
    free(json);
    return rc;
}
