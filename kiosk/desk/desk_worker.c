/* desk_worker.c - the desk's thread: runs queued steps in order (see desk.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "desk.h"

#define DESK_QUEUE_MAX 16
#define DESK_POLL_MS 1000

struct desk_worker {
    ck_config cfg;
    desk_env env;
    desk_notify_fn notify;
    void *ctx;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    desk_req *queue[DESK_QUEUE_MAX]; /* under lock */
    int head, n;
    bool stop, cancel; /* under lock */
};

static bool cancel_asked(void *ctx)
{
    desk_worker *w = ctx;
    bool v;
    pthread_mutex_lock(&w->lock);
    v = w->cancel || w->stop;
    pthread_mutex_unlock(&w->lock);
    return v;
}

static desk_req *next(desk_worker *w)
{
    desk_req *r = NULL;
    pthread_mutex_lock(&w->lock);
    while (!w->stop && w->n == 0)
        pthread_cond_wait(&w->cond, &w->lock);
    if (!w->stop) {
        r = w->queue[w->head];
        w->head = (w->head + 1) % DESK_QUEUE_MAX;
        w->n--;
        w->cancel = false; /* a cancel ends what was running or queued when it was asked, not what comes later */
    }
    pthread_mutex_unlock(&w->lock);
    return r;
}

static void *run(void *arg)
{
    desk_worker *w = arg;
    desk_req *r;
    while ((r = next(w)) != NULL) {
        desk_run(&w->env, r);
        w->notify(w->ctx, r);
    }
    desk_env_close(&w->env);
    return NULL;
}

ck_err desk_start(const ck_config *cfg, const ck_clock *clock, sync_worker *sync, desk_notify_fn notify, void *ctx,
                  desk_worker **out, ck_diag *d)
{
    desk_worker *w = calloc(1, sizeof *w);
    *out = NULL;
    if (w == NULL)
        return CK_E_NOMEM;
    w->cfg = *cfg;
    w->env = (desk_env){&w->cfg, clock, NULL, sync, cancel_asked, w, DESK_POLL_MS};
    w->notify = notify, w->ctx = ctx;
    if (pthread_mutex_init(&w->lock, NULL) != 0 || pthread_cond_init(&w->cond, NULL) != 0) {
        free(w);
        return ck_diag_fail(d, CK_E_NOMEM, "无法启动办理线程", "cannot start the desk thread");
    }
    if (pthread_create(&w->thread, NULL, run, w) != 0) {
        pthread_cond_destroy(&w->cond);
        pthread_mutex_destroy(&w->lock);
        free(w);
        return ck_diag_fail(d, CK_E_NOMEM, "无法启动办理线程", "cannot start the desk thread");
    }
    *out = w;
    return CK_OK;
}

bool desk_submit(desk_worker *w, desk_req *r)
{
    bool ok;
    pthread_mutex_lock(&w->lock);
    ok = !w->stop && w->n < DESK_QUEUE_MAX;
    if (ok) {
        w->queue[(w->head + w->n) % DESK_QUEUE_MAX] = r;
        w->n++;
        pthread_cond_signal(&w->cond);
    }
    pthread_mutex_unlock(&w->lock);
    if (!ok)
        desk_req_free(r);
    return ok;
}

void desk_cancel_wait(desk_worker *w)
{
    desk_req *dropped[DESK_QUEUE_MAX];
    int n;
    pthread_mutex_lock(&w->lock);
    w->cancel = true;
    n = w->n;
    for (int i = 0; i < n; i++)
        dropped[i] = w->queue[(w->head + i) % DESK_QUEUE_MAX];
    w->n = 0;
    pthread_mutex_unlock(&w->lock);
    for (int i = 0; i < n; i++) {
        dropped[i]->err = ck_diag_fail(&dropped[i]->d, CK_E_CANCELLED, "已取消", "cancelled");
        w->notify(w->ctx, dropped[i]);
    }
}

void desk_stop(desk_worker *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    for (int i = 0; i < w->n; i++)
        desk_req_free(w->queue[(w->head + i) % DESK_QUEUE_MAX]);
    pthread_cond_destroy(&w->cond);
    pthread_mutex_destroy(&w->lock);
    free(w);
}
