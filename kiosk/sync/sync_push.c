/* sync_push.c - one push round: outbox → JSON batch → libcurl over mutual TLS → outbox and jobs. */
#include "sync_push.h"

#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backoff.h"
#include "sync_http.h"
#include "sync_parse.h"

#define SYNC_BATCH           100
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
    /* A seal-only job names the holder's current certificate, which its seal is to be bound to. */
    if (!services_has(job.service, SVC_F_ISSUES_CERT) && k->cert_len > 0) {
        char *b64 = malloc(4 * ((k->cert_len + 2) / 3) + 1);
        if (b64 != NULL) {
            EVP_EncodeBlock((unsigned char *)b64, k->cert, (int)k->cert_len);
            cJSON_AddStringToObject(o, "certificate", b64);
        }
        free(b64);
    }
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

/* What each item's result means for the outbox: acknowledged, parked for good, or retried later. */
static void settle_item(const ck_outbox_item *it, const sync_item_result *r, int64_t now, ck_outbox_outcome *o,
                        char *why, size_t cap, ck_sync_report *rep)
{
    static const char *const names[] = {"accepted", "rejected", "conflict", "malformed"};
    memset(o, 0, sizeof *o);
    o->id = it->id;
    if (r->status == ITEM_ACCEPTED) {
        o->accepted = true;
        o->submitted_job = strcmp(it->kind, "job.submit") == 0 ? it->job_uuid : NULL;
        rep->accepted++;
        return;
    }
    snprintf(why, cap, "%s: %s", names[r->status], r->reason[0] != '\0' ? r->reason : "no reason given");
    snprintf(rep->error, sizeof rep->error, "%s", why);
    o->error = why;
    /* A result that does not match what we sent: try again later, do not guess. */
    o->park = r->status != ITEM_MALFORMED;
    /* The upstream's rules refused the job itself: it ends rejected, the customer and clerk see why. */
    if (r->status == ITEM_REJECTED && strcmp(it->kind, "job.submit") == 0)
        o->rejected_job = it->job_uuid;
    o->next_attempt_at = o->park ? now : retry_at(now, it->attempts);
    if (o->park)
        rep->parked++;
    else
        rep->failed++;
}

/* Reads the answer and records every item's outcome in one store transaction. */
static ck_err settle(ck_store *st, const ck_outbox_item *items, int n, bool answered, const sync_answer *a, int64_t now,
                     ck_sync_report *rep, ck_diag *d)
{
    const char **keys = calloc((size_t)n, sizeof *keys);
    sync_item_result *res = calloc((size_t)n, sizeof *res);
    ck_outbox_outcome *out = calloc((size_t)n, sizeof *out);
    char(*why)[200] = calloc((size_t)n, sizeof *why), parse_why[160] = "";
    bool usable = false;
    ck_err rc = CK_E_NOMEM;
    if (keys == NULL || res == NULL || out == NULL || why == NULL)
        goto cleanup;
    for (int i = 0; i < n; i++)
        keys[i] = items[i].idem_key;
    usable =
        answered && a->status == 200 && sync_parse_push(a->data, a->len, keys, n, res, parse_why, sizeof parse_why);
    if (!usable) {
        /* No usable answer: everything is retried later; a 4xx that says "never" parks it. */
        bool never = answered && (a->status == 400 || a->status == 413);
        if (!answered)
            snprintf(rep->error, sizeof rep->error, "%s", a->error);
        else if (a->status == 200)
            snprintf(rep->error, sizeof rep->error, "HTTP 200 but %s", parse_why);
        else
            snprintf(rep->error, sizeof rep->error, "HTTP %ld", a->status);
        for (int i = 0; i < n; i++) {
            out[i] = (ck_outbox_outcome){.id = items[i].id,
                                         .park = never,
                                         .error = rep->error,
                                         .next_attempt_at = never ? now : retry_at(now, items[i].attempts)};
            if (never)
                rep->parked++;
            else
                rep->failed++;
        }
    } else {
        for (int i = 0; i < n; i++)
            settle_item(&items[i], &res[i], now, &out[i], why[i], sizeof why[i], rep);
    }
    rc = store_outbox_settle(st, out, n, now, d);
cleanup:
    free(keys), free(res), free(out), free(why);
    return rc;
}

ck_err sync_push_once(ck_store *st, const ck_config *cfg, int64_t now, ck_sync_report *rep, ck_diag *d)
{
    ck_outbox_item *items = calloc(SYNC_BATCH, sizeof *items);
    sync_answer a = {0};
    char *body = NULL;
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
    rc = settle(st, items, n, answered, &a, now, rep, d);
cleanup:
    /* What `sync status` and the screen's banner show: when the upstream last answered, and the last trouble. */
    if (rc == CK_OK && rep->due > 0) {
        char when[24];
        snprintf(when, sizeof when, "%lld", (long long)now);
        store_sync_state_set(st, "last_attempt", when, now, NULL);
        if (rep->http_status == 200)
            store_sync_state_set(st, "last_success", when, now, NULL);
        store_sync_state_set(st, "online", rep->http_status == 200 ? "1" : "0", now, NULL);
        store_sync_state_set(st, "last_error", rep->error, now, NULL);
    }
    free(a.data);
    if (body != NULL)
        OPENSSL_cleanse(body, strlen(body)); /* it held personal fields */
    free(body);
    free(items);
    return rc;
}
