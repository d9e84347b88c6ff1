/* ui_rime.c - librime behind ui_rime.h. */
#include "ui_rime.h"

#include <errno.h>
#include <rime_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define XK_BackSpace 0xff08
#define XK_Page_Up 0xff55
#define XK_Page_Down 0xff56
#define XK_Escape 0xff1b

struct ui_rime {
    RimeApi *api;
    RimeSessionId session;
    ui_rime_state state; /* refreshed after every key */
};

static bool rime_open_once; /* librime is a process-wide singleton: see the header */

static ck_err make_dir(const char *path, ck_diag *d)
{
    if (mkdir(path, 0700) != 0 && errno != EEXIST)
        return ck_diag_detail(d, CK_E_IO, "无法创建输入法目录", "cannot create the input method folder %s: %s", path,
                            strerror(errno));
    return CK_OK;
}

static ck_err write_file(const char *dir, const char *name, const char *text, ck_diag *d)
{
    char path[600];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    if (f == NULL)
        return ck_diag_detail(d, CK_E_IO, "无法写入输入法设置", "cannot write %s: %s", path, strerror(errno));
    if (fputs(text, f) == EOF) {
        fclose(f);
        return ck_diag_detail(d, CK_E_IO, "无法写入输入法设置", "cannot write %s", path);
    }
    if (fclose(f) != 0)
        return ck_diag_detail(d, CK_E_IO, "无法写入输入法设置", "cannot write %s", path);
    return CK_OK;
}

/*
 * The kiosk's only schema is pinyin_simp, and it must not learn: a user
 * dictionary would keep the names customers typed on disk (and reorder
 * candidates from one customer to the next). Other patches (page size)
 * would make librime recompile the schema at every start, so there are none.
 */
static ck_err write_custom_yaml(const char *dir, ck_diag *d)
{
    ck_err rc = write_file(dir, "default.custom.yaml",
                           "# Written by certkiosk at every start.\n"
                           "patch:\n"
                           "  schema_list:\n"
                           "    - schema: pinyin_simp\n",
                           d);
    if (rc == CK_OK)
        rc = write_file(dir, "pinyin_simp.custom.yaml",
                        "# Written by certkiosk at every start: remember nothing a customer typed.\n"
                        "patch:\n"
                        "  translator/enable_user_dict: false\n",
                        d);
    return rc;
}

static void refresh(ui_rime *r)
{
    RIME_STRUCT(RimeContext, ctx);
    ui_rime_state *s = &r->state;
    memset(s, 0, sizeof *s);
    if (!r->api->get_context(r->session, &ctx))
        return;
    if (ctx.composition.preedit != NULL)
        snprintf(s->preedit, sizeof s->preedit, "%s", ctx.composition.preedit);
    for (int i = 0; i < ctx.menu.num_candidates && i < UI_RIME_MAX_CANDS; i++) {
        if (ctx.menu.candidates[i].text == NULL)
            continue;
        if (strlen(ctx.menu.candidates[i].text) >= UI_RIME_CAND_BYTES)
            continue; /* a phrase too long for one key: skip it rather than cut a character in half */
        snprintf(s->cands[s->n_cands++], UI_RIME_CAND_BYTES, "%s", ctx.menu.candidates[i].text);
    }
    s->page_no = ctx.menu.page_no;
    s->last_page = ctx.menu.is_last_page != 0;
    r->api->free_context(&ctx);
}

ck_err ui_rime_open(const char *user_dir, ui_rime **out, ck_diag *d)
{
    ui_rime *r;
    ck_err rc;
    struct stat st;
    RIME_STRUCT(RimeTraits, traits);
    if (user_dir == NULL || out == NULL || rime_open_once)
        return CK_E_ARG;
    if (stat(UI_RIME_PREBUILT_DIR "/pinyin_simp.prism.bin", &st) != 0)
        return ck_diag_detail(d, CK_E_IO, "未安装拼音输入法数据", "the pinyin data is not installed (%s): %s",
                            UI_RIME_PREBUILT_DIR, "apt-get install rime-data-pinyin-simp");
    rc = make_dir(user_dir, d);
    if (rc == CK_OK)
        rc = write_custom_yaml(user_dir, d);
    if (rc != CK_OK)
        return rc;
    r = calloc(1, sizeof *r);
    if (r == NULL)
        return CK_E_NOMEM;
    r->api = rime_get_api();
    traits.shared_data_dir = UI_RIME_SHARED_DIR;
    traits.prebuilt_data_dir = UI_RIME_PREBUILT_DIR;
    traits.user_data_dir = user_dir;
    traits.distribution_name = "certkiosk";
    traits.distribution_code_name = "certkiosk";
    traits.distribution_version = "1";
    traits.app_name = "rime.certkiosk";
    traits.min_log_level = 3; /* FATAL only: glog would otherwise write files into /tmp */
    traits.log_dir = "";
    r->api->setup(&traits);
    r->api->initialize(&traits);
    if (r->api->start_maintenance(False))
        r->api->join_maintenance_thread();
    r->session = r->api->create_session();
    if (r->session == 0 || !r->api->select_schema(r->session, "pinyin_simp")) {
        if (r->session != 0)
            r->api->destroy_session(r->session);
        r->api->finalize();
        free(r);
        return ck_diag_detail(d, CK_E_IO, "拼音输入法无法启动", "librime could not start the pinyin_simp schema in %s",
                            user_dir);
    }
    rime_open_once = true;
    *out = r;
    return CK_OK;
}

void ui_rime_close(ui_rime *r)
{
    if (r == NULL)
        return;
    r->api->destroy_session(r->session);
    r->api->finalize();
    memset(r, 0, sizeof *r);
    free(r);
    rime_open_once = false;
}

void ui_rime_letter(ui_rime *r, char letter)
{
    if (letter < 'a' || letter > 'z')
        return;
    r->api->process_key(r->session, letter, 0);
    refresh(r);
}

bool ui_rime_backspace(ui_rime *r)
{
    if (r->state.preedit[0] == '\0')
        return false;
    r->api->process_key(r->session, XK_BackSpace, 0);
    refresh(r);
    return true;
}

void ui_rime_page(ui_rime *r, int dir)
{
    r->api->process_key(r->session, dir > 0 ? XK_Page_Down : XK_Page_Up, 0);
    refresh(r);
}

bool ui_rime_select(ui_rime *r, int i, char *commit, size_t cap)
{
    RIME_STRUCT(RimeCommit, c);
    if (cap > 0)
        commit[0] = '\0';
    if (i < 0 || i >= r->state.n_cands || !r->api->select_candidate_on_current_page(r->session, (size_t)i))
        return false;
    if (r->api->get_commit(r->session, &c)) {
        if (c.text != NULL)
            snprintf(commit, cap, "%s", c.text);
        r->api->free_commit(&c);
    }
    refresh(r);
    return true;
}

void ui_rime_clear(ui_rime *r)
{
    r->api->clear_composition(r->session);
    memset(&r->state, 0, sizeof r->state);
}

void ui_rime_get(ui_rime *r, ui_rime_state *out) { *out = r->state; }
