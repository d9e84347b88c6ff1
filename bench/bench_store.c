/*
 * bench_store.c - durable enqueue cost: the store's full commit (job update,
 * job event, outbox row, audit row, one transaction) against a raw loop of
 * single-row INSERTs into a one-table database on the same disk, with the
 * same library (SQLCipher), key and pragmas (WAL, synchronous=FULL). One
 * transaction per job, then batches. Reports median and p99 per job.
 *   usage: bench_store DIR [JOBS] [BATCH]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fees.h"
#include "store_internal.h"
#include "keyfile.h"

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

struct result {
    double median, p99, total_s;
};

static struct result summarise(double *us, int n)
{
    struct result r;
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += us[i];
    qsort(us, (size_t)n, sizeof *us, cmp_double);
    r.median = us[n / 2];
    r.p99 = us[(int)(n * 0.99)];
    r.total_s = sum / 1e6;
    return r;
}

static void die(const char *what, const char *msg)
{
    fprintf(stderr, "bench_store: %s: %s\n", what, msg);
    exit(1);
}

/* Raw: one table, the same key and pragmas; `batch` rows per transaction. */
static struct result bench_raw(const char *dir, const char *hex, int n, int batch, double *us)
{
    char path[512], sql[160];
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    snprintf(path, sizeof path, "%s/raw-%d.db", dir, batch);
    unlink(path);
    if (sqlite3_open(path, &db) != SQLITE_OK)
        die("raw open", sqlite3_errmsg(db));
    snprintf(sql, sizeof sql, "PRAGMA key = \"x'%s'\"; PRAGMA cipher_page_size = 4096;", hex);
    sqlite3_exec(db, sql, NULL, NULL, NULL);
    if (sqlite3_exec(db,
                     "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                     "CREATE TABLE t (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL, state TEXT NOT NULL, at INTEGER)",
                     NULL, NULL, NULL) != SQLITE_OK)
        die("raw schema", sqlite3_errmsg(db));
    sqlite3_prepare_v2(db, "INSERT INTO t (uuid, state, at) VALUES (?, 'queued', ?)", -1, &q, NULL);
    for (int i = 0; i < n; i += batch) {
        double t0 = now_us();
        sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        for (int j = i; j < i + batch && j < n; j++) {
            char uuid[40];
            snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", j);
            sqlite3_bind_text(q, 1, uuid, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(q, 2, j);
            if (sqlite3_step(q) != SQLITE_DONE)
                die("raw insert", sqlite3_errmsg(db));
            sqlite3_reset(q);
        }
        if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
            die("raw commit", sqlite3_errmsg(db));
        for (int j = i; j < i + batch && j < n; j++)
            us[j] = (now_us() - t0) / (batch < n - i ? batch : n - i);
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    return summarise(us, n);
}

/* The store: n revoke jobs created, then each moved draft -> queued (job + event + outbox + audit). */
static struct result bench_store(const char *dir, const char *key, int n, int batch, double *us)
{
    char path[512], (*uuids)[STORE_UUID_LEN + 1] = calloc((size_t)n, sizeof *uuids);
    ck_store *st = NULL;
    ck_diag d = {"", ""};
    ck_quote q = {.service = SVC_REVOKE, .holder = HOLDER_UNIT};
    ck_job_new in = {.service = SVC_REVOKE,
                     .holder = HOLDER_UNIT,
                     .role = ROLE_SUPPLIER,
                     .org_name = "四川测试科技有限公司",
                     .uscc = "91510100MA61R7XK3Y",
                     .quote = &q};
    snprintf(path, sizeof path, "%s/store-%d.db", dir, batch);
    unlink(path);
    if (store_open(path, key, true, &st, &d) != CK_OK)
        die("store open", d.en);
    for (int i = 0; i < n; i++)
        if (store_job_create(st, &in, i, uuids[i], &d) != CK_OK)
            die("create", d.en);
    for (int i = 0; i < n; i += batch) {
        double t0 = now_us();
        if (batch == 1) {
            if (store_job_transition(st, uuids[i], JOB_QUEUED, ORIGIN_KIOSK, NULL, NULL, i, &d) != CK_OK)
                die("transition", d.en);
        } else {
            /* The same steps inside one transaction per batch. */
            if (store_tx_begin(st, &d) != CK_OK)
                die("begin", d.en);
            for (int j = i; j < i + batch && j < n; j++) {
                store_job_head head;
                if (store_job_head_get(st, uuids[j], &head, &d) != CK_OK ||
                    store_job_transition_tx(st, uuids[j], &head, JOB_QUEUED, ORIGIN_KIOSK, NULL, NULL, j, &d) != CK_OK)
                    die("transition", d.en);
            }
            if (store_tx_commit(st, &d) != CK_OK)
                die("commit", d.en);
        }
        for (int j = i; j < i + batch && j < n; j++)
            us[j] = (now_us() - t0) / (batch < n - i ? batch : n - i);
    }
    store_close(st);
    free(uuids);
    return summarise(us, n);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    int n = argc > 2 ? atoi(argv[2]) : 10000, batch = argc > 3 ? atoi(argv[3]) : 100;
    char key[512], hex[KEYFILE_HEX_LEN + 1];
    double *us = calloc((size_t)n, sizeof *us);
    struct result raw1, st1, rawb, stb;
    ck_diag d = {"", ""};
    snprintf(key, sizeof key, "%s/bench.key", dir);
    unlink(key);
    if (keyfile_create(key, &d) != CK_OK || keyfile_read(key, hex, &d) != CK_OK)
        die("key", d.en);
    raw1 = bench_raw(dir, hex, n, 1, us);
    st1 = bench_store(dir, key, n, 1, us);
    rawb = bench_raw(dir, hex, n, batch, us);
    stb = bench_store(dir, key, n, batch, us);
    printf("jobs=%d batch=%d dir=%s (SQLCipher %s, WAL, synchronous=FULL)\n", n, batch, dir, sqlite3_libversion());
    printf("%-34s %12s %12s %10s\n", "", "median us", "p99 us", "total s");
    printf("%-34s %12.1f %12.1f %10.2f\n", "raw INSERT, 1 per transaction", raw1.median, raw1.p99, raw1.total_s);
    printf("%-34s %12.1f %12.1f %10.2f\n", "store enqueue, 1 per transaction", st1.median, st1.p99, st1.total_s);
    printf("%-34s %12.1f %12.1f %10.2f\n", "raw INSERT, batched", rawb.median, rawb.p99, rawb.total_s);
    printf("%-34s %12.1f %12.1f %10.2f\n", "store enqueue, batched", stb.median, stb.p99, stb.total_s);
    printf("ratio store/raw, 1 per transaction: median %.2fx, p99 %.2fx (target <= 1.5x)\n", st1.median / raw1.median,
           st1.p99 / raw1.p99);
    printf("ratio store/raw, batched:           median %.2fx, p99 %.2fx\n", stb.median / rawb.median,
           stb.p99 / rawb.p99);
    free(us);
    return 0;
}
