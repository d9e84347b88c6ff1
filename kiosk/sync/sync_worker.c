/* sync_worker.c - the sync worker thread (see sync_worker.h). */
#include "sync_worker.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "store.h"
#include "sync_heartbeat.h"
#include "sync_http.h"
#include "sync_issue.h"
#include "sync_pay.h"
#include "sync_pull.h"
#include "sync_push.h"

#define WORKER_MAX_BATCHES     100 /* per round: 10,000 items, then the rest of the round runs */
#define WORKER_PAY_INTERVAL_S  2   /* while a customer is looking at a QR code */
#define WORKER_HEARTBEAT_EVERY 60  /* s */

struct sync_worker {
    ck_config cfg;
    ck_store *st; /* the worker thread's own connection */
    sync_notify_fn notify;
    void *ctx;
    pthread_t thread;
    pthread_mutex_t lock; /* guards everything below */
    pthread_cond_t wake;
    bool kicked, stopping;
    sync_status status;
};

static int64_t now_s(void) { return (int64_t)time(NULL); }

/* Push until the outbox is drained or the upstream stops taking; true when it answered. */
static bool push_all(sync_worker *w, int64_t now, char *error, size_t cap)
{
    ck_sync_report r;
    ck_diag d = {"", ""};
    bool answered = true;
    for (int i = 0; i < WORKER_MAX_BATCHES; i++) {
        if (sync_push_once(w->st, &w->cfg, now, &r, &d) != CK_OK) {
            snprintf(error, cap, "%.250s", d.en);
            return false;
        }
        if (r.error[0] != '\0')
            snprintf(error, cap, "%s", r.error);
        answered = r.failed == 0;
        if (!answered || r.due == 0 || r.accepted + r.parked == 0)
            break;
    }
    return answered;
}

/*
 * Keeps the last distinct errors (a run of the same one counts up) and logs
 * what changed: going offline or back, and each new error.
 */
static void note_round(sync_status *s, bool was_online, const char *error, int64_t now)
{
    sync_error_seen *top = &s->recent[0];
    if (s->online != was_online || s->rounds == 0) {
        if (s->online)
            ck_log(CK_LOG_NOTICE, NULL, "sync.online", "upstream reached; %lld to upload", (long long)s->queue_depth);
        else if (s->configured)
            ck_log(CK_LOG_WARNING, NULL, "sync.offline", "upstream unreachable: %s", error[0] ? error : "no answer");
    }
    if (error[0] == '\0')
        return;
    if (top->count > 0 && strcmp(top->text, error) == 0) {
        top->count++;
        top->last = now;
        return;
    }
    if (s->online)
        ck_log(CK_LOG_WARNING, NULL, "sync.error", "%s", error);
    memmove(&s->recent[1], &s->recent[0], sizeof s->recent[0] * (SYNC_RECENT_ERRORS - 1));
    *top = (sync_error_seen){.first = now, .last = now, .count = 1};
    snprintf(top->text, sizeof top->text, "%s", error);
}

static void round_once(sync_worker *w, int64_t *last_heartbeat, sync_status *s)
{
    char error[256] = "";
    int64_t now = now_s(), skew = 0;
    ck_diag d = {"", ""};
    ck_store_stats stats;
    ck_pull_report p;
    ck_issue_report is;
    int orders = 0;
    bool was_online = s->online, online = s->configured && push_all(w, now, error, sizeof error);
    if (online && sync_pull_once(w->st, &w->cfg, now_s(), &p, &d) != CK_OK) {
        online = false;
        snprintf(error, sizeof error, "%.250s", d.en);
    }
    if (online) {
        sync_issue_once(w->st, &w->cfg, now_s(), &is, &d);
        sync_pay_round(w->st, &w->cfg, now_s(), &orders, &d);
        if (is.error[0] != '\0')
            snprintf(error, sizeof error, "%s", is.error);
    }
    if (online && now - *last_heartbeat >= WORKER_HEARTBEAT_EVERY) {
        *last_heartbeat = now;
        if (sync_heartbeat(w->st, &w->cfg, now_s(), &skew, &d) == CK_OK) {
            s->clock_skew_s = skew;
            s->clock_warning = skew > w->cfg.upstream_max_skew_s || -skew > w->cfg.upstream_max_skew_s;
        }
    }
    s->online = online;
    if (online)
        s->last_success = now;
    snprintf(s->last_error, sizeof s->last_error, "%s", error);
    if (store_stats(w->st, &stats, NULL) == CK_OK) {
        s->queue_depth = stats.outbox_pending;
        s->parked = stats.outbox_parked;
    }
    note_round(s, was_online, error, now);
    {
        ck_pay_order open;
        int n = 0;
        /* Any order still open or closing, due now or later, keeps the pace quick. */
        s->payment_open = store_orders_due(w->st, INT64_MAX, &open, 1, &n, NULL) == CK_OK && n > 0;
    }
}

static void *run(void *arg)
{
    sync_worker *w = arg;
    int64_t last_heartbeat = 0;
    pthread_mutex_lock(&w->lock);
    while (!w->stopping) {
        sync_status s = w->status;
        struct timespec until;
        int interval;
        w->kicked = false;
        w->status.busy = true;
        pthread_mutex_unlock(&w->lock);

        round_once(w, &last_heartbeat, &s); /* the network and the store, without the lock */
        s.rounds++;
        s.busy = false;
        if (w->notify != NULL)
            w->notify(w->ctx, &s);

        pthread_mutex_lock(&w->lock);
        w->status = s;
        interval = s.payment_open ? WORKER_PAY_INTERVAL_S : w->cfg.upstream_interval_s;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += interval > 0 ? interval : 1;
        while (!w->kicked && !w->stopping)
            if (pthread_cond_timedwait(&w->wake, &w->lock, &until) == ETIMEDOUT)
                break;
    }
    pthread_mutex_unlock(&w->lock);
    sync_http_thread_done();
    return NULL;
}

ck_err sync_worker_start(const ck_config *cfg, sync_notify_fn notify, void *ctx, sync_worker **out, ck_diag *d)
{
    sync_worker *w = calloc(1, sizeof *w);
    ck_err rc;
    *out = NULL;
    if (w == NULL)
        return CK_E_NOMEM;
    w->cfg = *cfg;
    w->notify = notify;
    w->ctx = ctx;
    w->status.configured = cfg->upstream_url[0] != '\0';
    sync_http_global_init(); /* libcurl's global set-up is not thread-safe: done here, on the caller's thread */
    if ((rc = store_open(cfg->store_path, cfg->store_key_file, false, &w->st, d)) != CK_OK) {
        free(w);
        return rc;
    }
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    if (pthread_create(&w->thread, NULL, run, w) != 0) {
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->lock);
        store_close(w->st);
        free(w);
        return ck_diag_fail(d, CK_E_NOMEM, "无法启动同步线程", "the sync thread could not be started");
    }
    *out = w;
    return CK_OK;
}

void sync_worker_kick(sync_worker *w)
{
    pthread_mutex_lock(&w->lock);
    w->kicked = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
}

void sync_worker_status(sync_worker *w, sync_status *out)
{
    pthread_mutex_lock(&w->lock);
    *out = w->status;
    pthread_mutex_unlock(&w->lock);
}

void sync_worker_stop(sync_worker *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    store_close(w->st);
    free(w);
}
