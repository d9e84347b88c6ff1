/*
 * bench_sync.c - how fast the kiosk hands a backlog to the upstream: every
 * queued job in the store pushed by the sync client (sync_push_once until
 * drained: store reads, batch JSON, HTTPS with mutual TLS, one settling
 * transaction per batch), next to the same number of requests of the same
 * size made with one keep-alive libcurl handle and no kiosk logic (fresh
 * job UUIDs, so the upstream does the same work), and once more with a new
 * connection per request, to show what the TLS handshakes cost. Prints one
 * JSON line.
 *   usage: bench_sync CONFIG     (bench/bench_sync.sh sets everything up)
 */
#include <curl/curl.h>
#include <openssl/rand.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "store.h"
#include "sync_push.h"

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static size_t discard(char *p, size_t size, size_t n, void *user)
{
    (void)p, (void)user;
    return size * n;
}

static void random_uuid(char out[37])
{
    unsigned char r[16];
    RAND_bytes(r, sizeof r);
    r[6] = (unsigned char)((r[6] & 0x0f) | 0x40);
    r[8] = (unsigned char)((r[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3],
             r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]);
}

/* A batch of `n` submissions shaped like the kiosk's (a revocation job of a unit), with fresh keys. */
static char *raw_batch(int n)
{
    size_t cap = (size_t)n * 400 + 32, len = 0;
    char *b = malloc(cap), uuid[37];
    if (b == NULL)
        return NULL;
    len += (size_t)snprintf(b, cap, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        random_uuid(uuid);
        len += (size_t)snprintf(b + len, cap - len,
                                "%s{\"idem_key\":\"%s\",\"kind\":\"job.submit\",\"job\":{\"uuid\":\"%s\","
                                "\"service\":\"revoke\",\"holder\":\"unit\",\"role\":\"supplier\",\"org_name\":"
                                "\"四川测试科技有限公司\",\"uscc\":\"91510100MA61R7XK3Y\",\"years\":0,\"seals\":0,"
                                "\"total_fen\":0}}",
                                i > 0 ? "," : "", uuid, uuid);
    }
    snprintf(b + len, cap - len, "]}");
    return b;
}

/*
 * `requests` POSTs of `per` items each over one keep-alive handle, or with a
 * new connection (TLS handshake) per request as the sync client makes them;
 * returns seconds, or -1 on a failure.
 */
static double raw_run(const ck_config *cfg, int requests, int per, bool keep_alive)
{
    CURL *h = curl_easy_init();
    struct curl_slist *hdr = NULL;
    char url[320], kiosk[64];
    double t0, total = 0;
    long status = 0;
    if (h == NULL)
        return -1;
    snprintf(url, sizeof url, "%s/v1/jobs", cfg->upstream_url);
    snprintf(kiosk, sizeof kiosk, "X-Kiosk-Id: %s", cfg->kiosk_id);
    hdr = curl_slist_append(hdr, "Content-Type: application/json");
    hdr = curl_slist_append(hdr, kiosk);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CAINFO, cfg->upstream_ca);
    curl_easy_setopt(h, CURLOPT_SSLCERT, cfg->upstream_cert);
    curl_easy_setopt(h, CURLOPT_SSLKEY, cfg->upstream_key);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    for (int i = 0; i < requests && status != -1; i++) {
        char *body = raw_batch(per); /* made outside the timed part */
        if (body == NULL)
            break;
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, keep_alive ? 0L : 1L);
        curl_easy_setopt(h, CURLOPT_FORBID_REUSE, keep_alive ? 0L : 1L);
        t0 = seconds();
        if (curl_easy_perform(h) != CURLE_OK ||
            (curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status), status != 200))
            status = -1;
        total += seconds() - t0;
        free(body);
    }
    curl_slist_free_all(hdr);
    curl_easy_cleanup(h);
    return status == -1 ? -1 : total;
}

int main(int argc, char **argv)
{
    ck_config cfg;
    ck_store *st = NULL;
    ck_store_stats s;
    ck_sync_report r;
    ck_diag d = {"", ""};
    double t0, kiosk_s, raw_s, fresh_s;
    int64_t jobs;
    int batches = 0, accepted = 0;
    if (argc != 2 || config_load(argv[1], &cfg, &d) != CK_OK ||
        store_open(cfg.store_path, cfg.store_key_file, false, &st, &d) != CK_OK || store_stats(st, &s, &d) != CK_OK) {
        fprintf(stderr, "usage: bench_sync CONFIG (%s)\n", d.en);
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    jobs = s.outbox_pending;
    t0 = seconds();
    do {
        if (sync_push_once(st, &cfg, (int64_t)time(NULL), &r, &d) != CK_OK || r.failed > 0) {
            fprintf(stderr, "bench_sync: round failed: %s %s\n", d.en, r.error);
            return 1;
        }
        batches += r.due > 0;
        accepted += r.accepted;
    } while (r.due > 0);
    kiosk_s = seconds() - t0;
    store_close(st);
    raw_s = raw_run(&cfg, batches, batches > 0 ? (int)((jobs + batches - 1) / batches) : 0, true);
    fresh_s = raw_run(&cfg, batches, batches > 0 ? (int)((jobs + batches - 1) / batches) : 0, false);
    if (accepted != jobs || raw_s < 0 || fresh_s < 0) {
        fprintf(stderr, "bench_sync: %d of %lld accepted, raw run %s\n", accepted, (long long)jobs,
                raw_s < 0 ? "failed" : "ok");
        return 1;
    }
    printf("{\"jobs\": %lld, \"batches\": %d, \"kiosk_s\": %.3f, \"kiosk_jobs_per_s\": %.0f, \"raw_s\": %.3f,"
           " \"raw_jobs_per_s\": %.0f, \"ratio\": %.2f, \"raw_new_connection_s\": %.3f}\n",
           (long long)jobs, batches, kiosk_s, (double)jobs / kiosk_s, raw_s, (double)jobs / raw_s, kiosk_s / raw_s,
           fresh_s);
    curl_global_cleanup();
    return 0;
}
