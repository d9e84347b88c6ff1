/*
 * certkiosk_main.c - the kiosk program: reads the configuration and the fee
 * schedule, finds the font, chooses the clock, opens the screen on the
 * attract screen and runs the event loop. With --script it replays a test
 * script instead of waiting for customers (docs/ui.md).
 */
#include <SDL.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock_system.h"
#include "config.h"
#include "desk.h"
#include "flows.h"
#include "key_worker.h"
#include "log.h"
#include "store.h"
#include "sync_worker.h"
#include "shell.h"
#include "ui_links.h"
#include "ui_post.h"
#include "ui_app.h"
#include "ui_bench.h"
#include "watchdog.h"

#ifndef CK_DEFAULT_CONFIG_PATH
#define CK_DEFAULT_CONFIG_PATH "/etc/certkiosk/certkiosk.ini"
#endif
#ifndef CK_VERSION
#define CK_VERSION "0"
#endif
#define FONT_FILE "NotoSansSC-Regular-subset.otf"

typedef struct options {
    const char *config, *script, *shot_dir, *dump, *now;
    int win_w, win_h;
    bool supervisor;
} options;

static void usage(FILE *f)
{
    fprintf(f, "usage: certkiosk [--config FILE] [--windowed WxH] [--supervisor] [--now TIME]\n"
               "                 [--script FILE [--screenshot-dir DIR] [--dump-screen FILE]]\n"
               "\n"
               "数字证书自助服务终端 / the certificate kiosk's touch screen (docs/ui.md)\n"
               "\n"
               "  --config FILE         configuration (default: " CK_DEFAULT_CONFIG_PATH
               " if present, else built in)\n"
               "  --windowed WxH        a window of that size instead of full screen (development)\n"
               "  --supervisor          window close and Escape quit (otherwise they do nothing)\n"
               "  --now TIME            start the clock at TIME: YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or @EPOCH\n"
               "  --script FILE         replay a test script, then exit 0 (or 1 on a failed expectation)\n"
               "  --screenshot-dir DIR  where the script's screenshots and dumps go (default: .)\n"
               "  --dump-screen FILE    write the last screen's elements as JSON when the script ends\n");
}

static int parse_args(int argc, char **argv, options *o)
{
    enum { O_CONFIG = 1, O_SCRIPT, O_SHOTS, O_DUMP, O_WINDOWED, O_NOW, O_SUPERVISOR, O_HELP, O_VERSION };
    static const struct option longopts[] = {
        {"config", required_argument, NULL, O_CONFIG},
        {"script", required_argument, NULL, O_SCRIPT},
        {"screenshot-dir", required_argument, NULL, O_SHOTS},
        {"dump-screen", required_argument, NULL, O_DUMP},
        {"windowed", required_argument, NULL, O_WINDOWED},
        {"now", required_argument, NULL, O_NOW},
        {"supervisor", no_argument, NULL, O_SUPERVISOR},
        {"help", no_argument, NULL, O_HELP},
        {"version", no_argument, NULL, O_VERSION},
        {0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case O_CONFIG: o->config = optarg; break;
        case O_SCRIPT: o->script = optarg; break;
        case O_SHOTS: o->shot_dir = optarg; break;
        case O_DUMP: o->dump = optarg; break;
        case O_NOW: o->now = optarg; break;
        case O_SUPERVISOR: o->supervisor = true; break;
        case O_WINDOWED: {
            char x;
            if (sscanf(optarg, "%d%c%d", &o->win_w, &x, &o->win_h) != 3 || x != 'x' || o->win_w < 320 ||
                o->win_h < 320 || o->win_w > 16384 || o->win_h > 16384) {
                fprintf(stderr, "certkiosk: --windowed 的格式为 宽x高，如 1920x1080 / --windowed takes WxH, e.g. "
                                "1920x1080\n");
                return 2;
            }
            break;
        }
        case O_HELP: usage(stdout); return 0;
        case O_VERSION: printf("certkiosk %s\n", CK_VERSION); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return 2;
    }
    return -1;
}

/*
 * The shipped font when [ui] font is empty: the source tree's fonts/ when
 * this binary runs from the build tree (so a developer needs no install),
 * else the installed copy. Exactly one place is chosen; a missing font is
 * reported by ui_app_create with its path.
 */
static void default_font(char *out, size_t cap)
{
    char exe[1024];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    size_t blen = strlen(CK_BUILD_DIR);
    if (n > 0) {
        exe[n] = '\0';
        if (strncmp(exe, CK_BUILD_DIR, blen) == 0 && exe[blen] == '/') {
            snprintf(out, cap, "%s/%s", CK_SOURCE_FONT_DIR, FONT_FILE);
            return;
        }
    }
    snprintf(out, cap, "%s/%s", CK_INSTALL_FONT_DIR, FONT_FILE);
}

/* A clock that runs from --now at the speed of the real one. */
typedef struct offset_clock {
    ck_clock real;
    int64_t offset;
} offset_clock;

static int64_t offset_now(void *ctx)
{
    offset_clock *oc = ctx;
    return clock_now(&oc->real) + oc->offset;
}

/* The reader's worker, on its thread: hand each event to the UI's loop. */
static void key_told(void *ctx, key_event *ev)
{
    uint32_t kind = ev->kind == KEY_EV_PRESENT ? UI_POST_CARD_IN : ev->kind == KEY_EV_ABSENT ? UI_POST_CARD_OUT : UI_POST_KEY;
    (void)ctx;
    if (!ui_post(kind, ev, key_event_free))
        key_event_free(ev); /* the queue is full: the screen keeps its state; the next change tells again */
}

/* The sync worker, on its thread after each round: online or not, to the UI's loop. */
static void sync_told(void *ctx, const sync_status *st)
{
    (void)ctx;
    ui_post(st->online ? UI_POST_ONLINE : UI_POST_OFFLINE, NULL, NULL);
}

/* The desk, on its thread, after each step: to the UI's loop. */
static void desk_told(void *ctx, desk_req *r)
{
    (void)ctx;
    if (!ui_post(UI_POST_DESK, r, desk_req_free))
        desk_req_free(r); /* the queue is full: the screen shows the step as running; "重试" reads the job again */
}

/* On the UI thread: the banner every screen shows while the upstream cannot be reached. */
static void online_post(ui_app *app, uint32_t kind, void *payload, void *ctx)
{
    ui_links *links = ctx;
    (void)payload;
    links->offline = kind == UI_POST_OFFLINE;
    if (kind == UI_POST_ONLINE)
        ui_app_set_banner(app, NULL, NULL);
    else
        ui_app_set_banner(app, "网络暂时中断：可排队的业务将保存在本机，网络恢复后自动提交",
                          "Offline: jobs that can wait are kept here and submitted when the network is back");
}

/*
 * With an upstream configured: the database is made if it is not there yet
 * (the sync worker opens it but never creates it), then the worker starts.
 */
static sync_worker *start_sync(const ck_config *cfg)
{
    ck_store *st = NULL;
    sync_worker *w = NULL;
    ck_diag d = {"", ""};
    ck_err rc;
    if (cfg->upstream_url[0] == '\0')
        return NULL;
    if ((rc = store_open(cfg->store_path, cfg->store_key_file, true, &st, &d)) != CK_OK) {
        ck_log_diag(CK_LOG_ERR, NULL, "kiosk.store", rc, &d);
        return NULL;
    }
    store_close(st);
    if ((rc = sync_worker_start(cfg, sync_told, NULL, &w, &d)) != CK_OK)
        ck_log_diag(CK_LOG_ERR, NULL, "kiosk.sync", rc, &d);
    return w;
}

/* The screen loop's keep-alive: ready after the first frame, then the watchdog's pings. */
static void heartbeat(void *ctx)
{
    static bool ready;
    (void)ctx;
    if (!ready) {
        ready = true;
        ck_watchdog_ready("attract screen shown");
        ck_log(CK_LOG_INFO, NULL, "kiosk.ready", "first frame on the screen");
    } else {
        ck_watchdog_ping();
    }
}

int main(int argc, char **argv)
{
    options o = {0};
    ck_config cfg;
    ck_fee_schedule fees;
    ck_diag d = {"", ""};
    ui_app_opts ao = {0};
    ui_app *app = NULL;
    ui_links links = {0};
    sync_worker *sync = NULL;
    char font[CONFIG_PATH_MAX + 64], state_dir[CONFIG_PATH_MAX], store_copy[CONFIG_PATH_MAX];
    int64_t manual = 0, start;
    offset_clock oc;
    ck_err err;
    int rc = parse_args(argc, argv, &o);
    if (ui_bench_start() != 0) /* CK_BENCH_LOG=FILE: frame timing for bench/bench_ui.sh, from here */
        fprintf(stderr, "certkiosk: CK_BENCH_LOG: %s\n", strerror(errno));
    if (rc >= 0)
        return rc;
    if (o.config == NULL && access(CK_DEFAULT_CONFIG_PATH, F_OK) == 0)
        o.config = CK_DEFAULT_CONFIG_PATH;
    if (config_load(o.config, &cfg, &d) != CK_OK || config_load_fees(&cfg, &fees, &d) != CK_OK) {
        fprintf(stderr, "certkiosk: %s\n%s\n", d.zh, d.en);
        return 1;
    }
    if (ck_log_setup("certkiosk", cfg.log_level, cfg.log_target, &d) != CK_OK) {
        fprintf(stderr, "certkiosk: %s\n%s\n", d.zh, d.en);
        return 1;
    }
    store_set_migration_backups(cfg.store_backups_kept);
    oc.real = clock_system(cfg.utc_offset_s);
    start = clock_now(&oc.real);
    if (o.now != NULL && clock_parse_instant(o.now, cfg.utc_offset_s, &start) != CK_OK) {
        fprintf(stderr, "certkiosk: --now 的时间格式应为 YYYY-MM-DD、YYYY-MM-DDTHH:MM:SS 或 @秒数 / --now takes "
                        "YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or @SECONDS\n");
        return 2;
    }
    if (o.script != NULL) { /* time moves only when the script says `clock +N` */
        manual = start;
        ao.clock = clock_fixed(&manual, cfg.utc_offset_s);
        ao.manual_now = &manual;
    } else if (o.now != NULL) {
        oc.offset = start - clock_now(&oc.real);
        ao.clock.now = offset_now;
        ao.clock.ctx = &oc;
        ao.clock.utc_offset_s = cfg.utc_offset_s;
    } else {
        ao.clock = oc.real;
    }
    if (cfg.ui_font[0] != '\0')
        snprintf(font, sizeof font, "%s", cfg.ui_font);
    else
        default_font(font, sizeof font);
    /* The kiosk's writable folder is the database's. */
    /* dirname may write into its argument: a copy, then into state_dir (one buffer for both came out empty). */
    snprintf(store_copy, sizeof store_copy, "%s", cfg.store_path);
    snprintf(state_dir, sizeof state_dir, "%s", dirname(store_copy));
    ao.cfg = &cfg;
    ao.fees = &fees;
    ao.font_path = font;
    ao.state_dir = state_dir;
    ao.win_w = o.win_w;
    ao.win_h = o.win_h;
    ao.supervisor = o.supervisor;
    ao.start = &shell_attract;
    ao.home = &shell_menu;
    ao.links = &links;
    if ((err = ui_app_create(&ao, &app, &d)) != CK_OK) {
        ck_log_diag(CK_LOG_ERR, NULL, "kiosk.screen", err, &d);
        SDL_Quit();
        return 1;
    }
    /* The reader's worker, once the UI can take its posts. Without one the screens say the reader is not available. */
    if ((err = key_worker_start(&cfg, ui_app_clock(app), false, key_told, NULL, &links.keys, &d)) != CK_OK)
        ck_log_diag(CK_LOG_ERR, NULL, "kiosk.reader", err, &d);
    ui_app_on_post(app, UI_POST_ONLINE, online_post, &links);
    ui_app_on_post(app, UI_POST_OFFLINE, online_post, &links);
    sync = start_sync(&cfg);
    links.sync = sync;
    /* The desk records what really happens with the key and the upstream: the real clock, like the sync worker's. */
    if ((err = desk_start(&cfg, &oc.real, sync, desk_told, NULL, &links.desk, &d)) != CK_OK)
        ck_log_diag(CK_LOG_ERR, NULL, "kiosk.desk", err, &d);
    if (o.script != NULL && ui_app_set_script(app, o.script, o.shot_dir, o.dump, &d) != CK_OK) {
        fprintf(stderr, "certkiosk: %s\n", d.en);
        ui_app_destroy(app);
        SDL_Quit();
        return 2;
    }
    ui_app_set_heartbeat(app, ck_watchdog_interval_ms(), heartbeat, NULL);
    ck_log(CK_LOG_NOTICE, NULL, "kiosk.start", "certkiosk %s started (config %s, upstream %s)", CK_VERSION, cfg.source,
           cfg.upstream_url[0] != '\0' ? "configured" : "none");
    rc = ui_app_run(app);
    ck_watchdog_stopping();
    ck_log(CK_LOG_NOTICE, NULL, "kiosk.stop", "certkiosk stopping (exit %d)", rc);
    ui_app_end_session(app); /* the screens stop their waits while the workers they talk to still run */
    key_worker_stop(links.keys); /* before the app: its posts go to the app's loop */
    desk_stop(links.desk);       /* before the sync worker: it kicks it */
    sync_worker_stop(sync);
    ui_app_destroy(app);
    SDL_Quit();
    return rc;
}
