/* key_worker.c - the card reader's thread (see key_worker.h). */
#include "key_worker.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "key_open.h"
#include "pem_cert.h"
#include "token_pcsc.h"

#define WATCH_SLICE_MS 500 /* how long one wait on the reader lasts: the stop flag's latency */

struct key_worker {
    ck_config cfg;
    const ck_clock *clock;
    bool inspect_on_arrival;
    key_notify_fn notify;
    void *ctx;
    uint8_t maker_ca[PEM_CERT_DER_MAX];
    size_t maker_ca_len; /* 0: no [seal] maker_ca */
    pthread_t thread;
    pthread_mutex_t lock;
    bool stop, want_inspect; /* under lock */
};

void key_event_free(void *p)
{
    key_event *ev = p;
    if (ev != NULL)
        key_report_free(&ev->report);
    free(ev);
}

static bool simulated(const key_worker *w) { return strcmp(w->cfg.token_driver, "sim") == 0; }

static void tell(key_worker *w, key_event_kind kind)
{
    key_event *ev = calloc(1, sizeof *ev);
    if (ev == NULL)
        return; /* out of memory: the screen keeps waiting; the next change tells again */
    ev->kind = kind;
    w->notify(w->ctx, ev);
}

static void inspect(key_worker *w)
{
    key_event *ev = calloc(1, sizeof *ev);
    ck_token *t = NULL;
    ck_err rc;
    if (ev == NULL)
        return;
    rc = key_open(&w->cfg, &t, &ev->d);
    if (rc == CK_OK)
        rc = key_inspect(t, w->clock, w->maker_ca_len > 0 ? w->maker_ca : NULL, w->maker_ca_len, &ev->report, &ev->d);
    token_close(t);
    ev->kind = rc == CK_OK ? KEY_EV_REPORT : KEY_EV_FAILED;
    ev->err = rc;
    w->notify(w->ctx, ev);
}

static bool take(key_worker *w, bool *flag)
{
    bool v;
    pthread_mutex_lock(&w->lock);
    v = *flag;
    if (flag != &w->stop)
        *flag = false;
    pthread_mutex_unlock(&w->lock);
    return v;
}

static void *run(void *arg)
{
    key_worker *w = arg;
    const char *reader = w->cfg.token_reader[0] != '\0' ? w->cfg.token_reader : NULL;
    bool present = false;
    if (simulated(w)) { /* the simulated key is always in its reader */
        present = true;
        tell(w, KEY_EV_PRESENT);
        if (w->inspect_on_arrival)
            inspect(w);
    }
    while (!take(w, &w->stop)) {
        ck_diag d;
        /* Waits for the opposite of what is known: arrival when absent, removal when present. */
        ck_err rc = simulated(w) ? CK_E_TOKEN_NO_READER : token_pcsc_wait(reader, !present, WATCH_SLICE_MS, &d);
        if (rc == CK_OK) {
            present = !present;
            tell(w, present ? KEY_EV_PRESENT : KEY_EV_ABSENT);
            if (present && w->inspect_on_arrival)
                inspect(w);
        } else if (rc != CK_E_TOKEN_ABSENT) { /* no pcscd or reader (or the simulated key): wait, then look again */
            struct timespec ts = {0, WATCH_SLICE_MS * 1000000L};
            nanosleep(&ts, NULL);
        }
        /* Asked, it reads whatever is there: if nothing is, the screen hears why (absent, no reader). */
        if (take(w, &w->want_inspect))
            inspect(w);
    }
    return NULL;
}

ck_err key_worker_start(const ck_config *cfg, const ck_clock *clock, bool inspect_on_arrival, key_notify_fn notify,
                        void *ctx, key_worker **out, ck_diag *d)
{
    key_worker *w = calloc(1, sizeof *w);
    ck_err rc = w != NULL ? CK_OK : CK_E_NOMEM;
    *out = NULL;
    if (rc == CK_OK) {
        w->cfg = *cfg, w->clock = clock, w->inspect_on_arrival = inspect_on_arrival;
        w->notify = notify, w->ctx = ctx;
        if (cfg->seal_maker_ca[0] != '\0')
            rc = pem_cert_read(cfg->seal_maker_ca, w->maker_ca, &w->maker_ca_len, d);
    }
    if (rc == CK_OK && pthread_mutex_init(&w->lock, NULL) != 0)
        rc = CK_E_NOMEM;
    if (rc == CK_OK && pthread_create(&w->thread, NULL, run, w) != 0) {
        pthread_mutex_destroy(&w->lock);
        rc = ck_diag_fail(d, CK_E_NOMEM, "无法启动读卡线程", "cannot start the card reader thread");
    }
    if (rc != CK_OK) {
        free(w);
        return rc;
    }
    *out = w;
    return CK_OK;
}

void key_worker_inspect(key_worker *w)
{
    pthread_mutex_lock(&w->lock);
    w->want_inspect = true;
    pthread_mutex_unlock(&w->lock);
}

void key_worker_stop(key_worker *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->lock);
    free(w);
}
