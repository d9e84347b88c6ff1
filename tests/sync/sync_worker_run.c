/*
 * sync_worker_run.c - the sync worker as the UI uses it: started, its status
 * read while a (slow) round is in flight, told after each round, kicked
 * when a job is queued, and stopped.
 *   usage: sync_worker_run CONFIG UUIDS_FILE_OF_NEXT_JOB
 * Exits 0 when the worker drained the queue, reported a round that ran
 * while the caller kept reading the status, and drained a job queued later
 * after a kick; prints what it saw.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "store.h"
#include "sync_worker.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static sync_status last; /* what the callback was told last */
static int notified;

static void on_round(void *ctx, const sync_status *s)
{
    (void)ctx;
    pthread_mutex_lock(&lock);
    last = *s;
    notified++;
    pthread_mutex_unlock(&lock);
}

/* Reads the status every 10 ms (as a UI frame would) until pred holds; returns how often it saw a round running. */
static int watch(sync_worker *w, bool (*pred)(const sync_status *s), int max_s, bool *met)
{
    sync_status s;
    int busy_seen = 0;
    *met = false;
    for (int i = 0; i < max_s * 100; i++) {
        sync_worker_status(w, &s);
        busy_seen += s.busy;
        if (pred(&s)) {
            *met = true;
            break;
        }
        usleep(10000);
    }
    return busy_seen;
}

static uint64_t rounds_before; /* a round counts only when it ran after this many */

static bool drained(const sync_status *s)
{
    return s->rounds > rounds_before && !s->busy && s->queue_depth == 0 && s->online;
}

int main(int argc, char **argv)
{
    ck_config cfg;
    ck_diag d = {"", ""};
    sync_worker *w = NULL;
    sync_status s;
    ck_store *st = NULL;
    bool met;
    int busy_seen, rc = 1;
    if (argc != 2 || config_load(argv[1], &cfg, &d) != CK_OK) {
        fprintf(stderr, "usage: sync_worker_run CONFIG (%s)\n", d.en);
        return 2;
    }
    if (sync_worker_start(&cfg, on_round, NULL, &w, &d) != CK_OK) {
        fprintf(stderr, "sync_worker_run: %s\n", d.en);
        return 1;
    }
    /* 1. The backlog goes up on the worker's own; the status stays readable throughout. */
    busy_seen = watch(w, drained, 60, &met);
    sync_worker_status(w, &s);
    printf("drained=%d busy_seen=%d rounds=%llu queue=%lld error='%s'\n", met, busy_seen, (unsigned long long)s.rounds,
           (long long)s.queue_depth, s.last_error);
    if (!met || busy_seen == 0)
        goto cleanup;
    /* 2. A job queued meanwhile (by the UI's store connection) goes up at once when kicked. */
    if (store_open(cfg.store_path, cfg.store_key_file, false, &st, &d) != CK_OK)
        goto cleanup;
    {
        ck_quote q = {.service = SVC_REVOKE, .holder = HOLDER_UNIT};
        ck_job_new in = {.service = SVC_REVOKE,
                         .holder = HOLDER_UNIT,
                         .role = ROLE_SUPPLIER,
                         .org_name = "四川测试科技有限公司",
                         .uscc = "91510100MA61R7XK3Y",
                         .quote = &q};
        char uuid[STORE_UUID_LEN + 1];
        if (store_job_create(st, &in, time(NULL), uuid, &d) != CK_OK ||
            store_job_transition(st, uuid, JOB_QUEUED, ORIGIN_KIOSK, NULL, NULL, time(NULL), &d) != CK_OK)
            goto cleanup;
    }
    sync_worker_status(w, &s);
    rounds_before = s.rounds;
    sync_worker_kick(w);
    watch(w, drained, 30, &met);
    sync_worker_status(w, &s);
    pthread_mutex_lock(&lock);
    printf("after kick: drained=%d rounds=%llu (before %llu) notified=%d last.queue=%lld\n", met,
           (unsigned long long)s.rounds, (unsigned long long)rounds_before, notified, (long long)last.queue_depth);
    rc = met && s.rounds > rounds_before && notified >= 2 && last.queue_depth == 0 ? 0 : 1;
    pthread_mutex_unlock(&lock);
cleanup:
    if (rc != 0)
        fprintf(stderr, "sync_worker_run: failed (%s)\n", d.en);
    sync_worker_stop(w);
    store_close(st);
    return rc;
}
