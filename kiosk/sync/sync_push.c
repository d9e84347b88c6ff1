/* sync_push.c - one push round: outbox → JSON batch → libcurl over mutual TLS → outbox and jobs. */
#include "sync_push.h"

#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backoff.h"
#include "sync_http.h"

#define SYNC_BATCH           100
#define SYNC_MAX_ANSWER      (1024 * 1024)
#define SYNC_BACKOFF_BASE_MS 1000
#define SYNC_BACKOFF_CAP_MS  (5 * 60 * 1000)

static void add_text(cJSON *o, const char *key, const char *value)
{
    if (value != NULL && value[0] != '\0')
        cJSON_AddStringToObject(o, key, value);
}

/* The job as the upstream receives it with its submission (docs/upstream-api.md). */
static cJSON *job_json(ck_store *st, const char *uuid, ck_diag *d)
{
    ck_job job;
    ck_job_key *k = calloc(1, sizeof *k);
    cJSON *o = NULL, *applicant;
    if (k == NULL || store_job_get(st, uuid, &job, d) != CK_OK || store_job_key_get(st, uuid, k, d) != CK_OK)
        goto cleanup;
    o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "uuid", job.uuid);
    cJSON_AddStringToObject(o, "service", services_info(job.service)->code);
    cJSON_AddStringToObject(o, "holder", holder_kind_code(job.holder));
    cJSON_AddStringToObject(o, "role", role_code(job.role));
    add_text(o, "org_name", job.org_name);
    add_text(o, "uscc", job.uscc);
    cJSON_AddNumberToObject(o, "years", job.years);
    cJSON_AddNumberToObject(o, "seals", job.seals);
    cJSON_AddNumberToObject(o, "total_fen", (double)job.total_fen);
    if (job.person_name[0] != '\0' || job.id_number[0] != '\0' || job.mobile[0] != '\0') {
        applicant = cJSON_AddObjectToObject(o, "applicant");
        add_text(applicant, "name", job.person_name);
        add_text(applicant, "id_number", job.id_number);
        add_text(applicant, "mobile", job.mobile);
    }
    add_text(o, "csr", k->csr);
    add_text(o, "key_serial", k->key_serial);
cleanup:
    OPENSSL_cleanse(&job, sizeof job);
    if (k != NULL)
        OPENSSL_cleanse(k, sizeof *k);
    free(k);
    return o;
}

static char *batch_json(ck_store *st, const ck_outbox_item *items, int n, ck_diag *d)
{
    cJSON *root = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(root, "items");
    char *text;
    for (int i = 0; i < n; i++) {
        cJSON *it = cJSON_CreateObject();
        cJSON_AddStringToObject(it, "idem_key", items[i].idem_key);
        cJSON_AddStringToObject(it, "kind", items[i].kind);
        if (strcmp(items[i].kind, "job.submit") == 0)
            cJSON_AddItemToObject(it, "job", job_json(st, items[i].job_uuid, d));
        else
            cJSON_AddItemToObject(it, "event", cJSON_Parse(items[i].payload));
        cJSON_AddItemToArray(arr, it);
    }
    text = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return text;
}

static int64_t retry_at(int64_t now, int attempts)
{
    uint32_t r = 0;
    RAND_bytes((unsigned char *)&r, sizeof r);
    return now + backoff_delay_ms(attempts, SYNC_BACKOFF_BASE_MS, SYNC_BACKOFF_CAP_MS, r) / 1000 + 1;
}

/* Applies the upstream's per-item results. */
static ck_err apply_results(ck_store *st, const ck_outbox_item *items, int n, const cJSON *results, int64_t now,
                            ck_sync_report *rep, ck_diag *d)
{
    ck_err rc = CK_OK;
    for (int i = 0; rc == CK_OK && i < n; i++) {
        const cJSON *res = cJSON_GetArrayItem(results, i);
        const cJSON *key = cJSON_GetObjectItemCaseSensitive(res, "idem_key");
        const cJSON *status = cJSON_GetObjectItemCaseSensitive(res, "status");
        const cJSON *reason = cJSON_GetObjectItemCaseSensitive(res, "reason");
        char why[200];
        if (!cJSON_IsString(key) || strcmp(key->valuestring, items[i].idem_key) != 0 || !cJSON_IsString(status)) {
            /* An answer that does not match what we sent: try again later, do not guess. */
            snprintf(rep->error, sizeof rep->error, "malformed result for item %d", i);
            rc = store_outbox_fail(st, items[i].id, rep->error, retry_at(now, items[i].attempts), false, now, d);
            rep->failed++;
        } else if (strcmp(status->valuestring, "accepted") == 0) {
            rc = store_outbox_ack(st, &items[i].id, 1, d);
            /* The upstream has the job; a job that moved on meanwhile (or an event) stays as it is. */
            if (rc == CK_OK && strcmp(items[i].kind, "job.submit") == 0)
                store_job_transition(st, items[i].job_uuid, JOB_SUBMITTED, ORIGIN_UPSTREAM, "upstream", NULL, now,
                                     NULL);
            rep->accepted++;
        } else {
            snprintf(why, sizeof why, "%s: %s", status->valuestring,
                     cJSON_IsString(reason) ? reason->valuestring : "no reason given");
            snprintf(rep->error, sizeof rep->error, "%s", why);
            rc = store_outbox_fail(st, items[i].id, why, now, true, now, d);
            rep->parked++;
        }
    }
    return rc;
}

ck_err sync_push_once(ck_store *st, const ck_config *cfg, int64_t now, ck_sync_report *rep, ck_diag *d)
{
    ck_outbox_item *items = calloc(SYNC_BATCH, sizeof *items);
    sync_answer a = {0};
    char *body = NULL;
    cJSON *json = NULL;
    const cJSON *results;
    bool answered;
    ck_err rc = CK_OK;
    int n = 0;
    memset(rep, 0, sizeof *rep);
    if (cfg->upstream_url[0] == '\0') {
        free(items);
        return ck_diag_fail(d, CK_E_CONFIG, "未配置上级系统，业务将保存在本机待发送",
                            "no upstream configured: jobs stay queued here");
    }
    if (items == NULL)
        return CK_E_NOMEM;
    if ((rc = store_outbox_due(st, now, items, SYNC_BATCH, &n, d)) != CK_OK || n == 0)
        goto cleanup;
    rep->due = n;
    if ((body = batch_json(st, items, n, d)) == NULL) {
        rc = CK_E_NOMEM;
        goto cleanup;
    }
    answered = sync_http_post(cfg, "/v1/jobs", body, &a);
    rep->http_status = a.status;
    if (answered && a.status == 200 && (json = cJSON_Parse(a.data != NULL ? a.data : "")) != NULL &&
        cJSON_IsArray(results = cJSON_GetObjectItemCaseSensitive(json, "results")) &&
        cJSON_GetArraySize(results) == n) {
        rc = apply_results(st, items, n, results, now, rep, d);
        goto cleanup;
    }
    /* No usable answer: everything is retried later; a 4xx that says "never" parks it. */
    if (!answered)
        snprintf(rep->error, sizeof rep->error, "%s", a.error);
    else
        snprintf(rep->error, sizeof rep->error, "HTTP %ld%s", a.status, a.status == 200 ? ": malformed answer" : "");
    for (int i = 0; rc == CK_OK && i < n; i++) {
        bool never = answered && (a.status == 400 || a.status == 413);
        rc = store_outbox_fail(st, items[i].id, rep->error, retry_at(now, items[i].attempts), never, now, d);
        if (never)
            rep->parked++;
        else
            rep->failed++;
    }
cleanup:
    /* What `sync status` and the screen's banner show: when the upstream last answered, and the last trouble. */
    if (rc == CK_OK && rep->due > 0) {
        char when[24];
        snprintf(when, sizeof when, "%lld", (long long)now);
        store_sync_state_set(st, "last_attempt", when, now, NULL);
        if (rep->http_status == 200)
            store_sync_state_set(st, "last_success", when, now, NULL);
        store_sync_state_set(st, "last_error", rep->error, now, NULL);
    }
    cJSON_Delete(json);
    free(a.data);
    if (body != NULL)
        OPENSSL_cleanse(body, strlen(body)); /* it held personal fields */
    free(body);
    free(items);
    return rc;
}
