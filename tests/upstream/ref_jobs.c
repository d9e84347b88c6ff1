/*
 * ref_jobs.c - the job endpoints of the reference upstream: POST /v1/jobs
 * (a batch of items, idempotent per key, committed once per batch), GET
 * /v1/changes (the status feed, with issued and revoked data), the test-only
 * reviewer (POST /v1/test/decide) and statistics, and the heartbeat.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ref.h"
#include "services.h"
#include "validate.h"

/* An answer stays under the 1 MiB limit: a page of changes stops early when certificates make it big. */
#define CHANGES_BUDGET (900 * 1024)

/* The rules the kiosk applies, applied again: an upstream never trusts its clients. */
/* A clerk's identity check (job.identity): the job, who looked, at which documents, when. */
static bool identity_fields_ok(const cJSON *ev)
{
    return cJSON_IsString(cJSON_GetObjectItemCaseSensitive(ev, "job")) &&
           cJSON_IsString(cJSON_GetObjectItemCaseSensitive(ev, "checked_by")) &&
           cJSON_IsString(cJSON_GetObjectItemCaseSensitive(ev, "docs")) &&
           cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(ev, "at"));
}

static const char *validate_job(const cJSON *job, const char *idem_key)
{
    const cJSON *uuid = cJSON_GetObjectItemCaseSensitive(job, "uuid");
    const cJSON *service = cJSON_GetObjectItemCaseSensitive(job, "service");
    const cJSON *uscc = cJSON_GetObjectItemCaseSensitive(job, "uscc");
    ck_service s;
    validate_result r;
    if (!cJSON_IsString(uuid) || strcmp(uuid->valuestring, idem_key) != 0)
        return "uuid_mismatch";
    if (!cJSON_IsString(service) || services_parse(service->valuestring, &s) != CK_OK)
        return "unknown_service";
    if (uscc != NULL && (!cJSON_IsString(uscc) || uscc_validate(uscc->valuestring, &r) != CK_OK))
        return cJSON_IsString(uscc) ? validate_reason_name(r.reason) : "bad_uscc";
    return NULL;
}

static ck_service item_service(const cJSON *item)
{
    const cJSON *job = cJSON_GetObjectItemCaseSensitive(item, "job");
    const cJSON *service = cJSON_GetObjectItemCaseSensitive(job, "service");
    ck_service s;
    return cJSON_IsString(service) && services_parse(service->valuestring, &s) == CK_OK ? s : SVC__COUNT;
}

/* 印章升级 and 印章续期: a seal and no certificate. */
static bool seal_only_service(const cJSON *item)
{
    ck_service s = item_service(item);
    return s != SVC__COUNT && services_has(s, SVC_F_ISSUES_SEAL) && !services_has(s, SVC_F_ISSUES_CERT);
}

/* The statements of one batch, prepared once and reset per item. */
struct batch {
    struct ref_server *sv;
    sqlite3_stmt *find, *insert;
    int64_t now;
    int64_t conflicts;
};

static cJSON *rejected_item(const char *reason)
{
    cJSON *res = cJSON_CreateObject();
    cJSON_AddStringToObject(res, "status", "rejected");
    cJSON_AddStringToObject(res, "reason", reason);
    return res;
}

/*
 * One pushed item: replayed, conflicting, rejected or accepted, remembered
 * under its key. An earlier item of the same batch counts as already
 * remembered. NULL on a database failure (the batch is rolled back).
 */
static cJSON *push_item(struct batch *b, const char *kiosk, const cJSON *item)
{
    const cJSON *key = cJSON_GetObjectItemCaseSensitive(item, "idem_key");
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(item, "kind");
    cJSON *res = NULL;
    char *text = NULL, hash[65];
    const char *status = "accepted", *reason = NULL;
    int rc;
    if (!cJSON_IsString(key) || strlen(key->valuestring) == 0 || strlen(key->valuestring) > REF_MAX_KEY ||
        !cJSON_IsString(kind))
        return rejected_item("bad_item");
    if ((text = cJSON_PrintUnformatted(item)) == NULL || !ref_sha256_hex(text, strlen(text), hash) ||
        (res = cJSON_CreateObject()) == NULL)
        goto fail;
    cJSON_AddStringToObject(res, "idem_key", key->valuestring);
    if (sqlite3_reset(b->find) != SQLITE_OK || !ref_db_bind(b->find, "t", key->valuestring))
        goto fail;
    if ((rc = sqlite3_step(b->find)) == SQLITE_ROW) {
        const char *sha = ref_db_text(b->find, 0);
        const char *first = ref_db_text(b->find, 1);
        bool same = strcmp(sha, hash) == 0;
        cJSON_AddStringToObject(res, "status", same ? first : "conflict");
        if (same && sqlite3_column_type(b->find, 2) != SQLITE_NULL)
            cJSON_AddStringToObject(res, "reason", ref_db_text(b->find, 2));
        cJSON_AddBoolToObject(res, "replayed", same);
        b->conflicts += !same;
        free(text);
        return res;
    }
    if (rc != SQLITE_DONE)
        goto fail;
    if (strcmp(kind->valuestring, "job.submit") == 0)
        reason = validate_job(cJSON_GetObjectItemCaseSensitive(item, "job"), key->valuestring);
    else if (strcmp(kind->valuestring, "job.identity") == 0)
        reason = identity_fields_ok(cJSON_GetObjectItemCaseSensitive(item, "event")) ? NULL : "bad_identity";
    else if (strcmp(kind->valuestring, "job.event") != 0)
        reason = "unknown_kind";
    if (reason != NULL)
        status = "rejected";
    if (sqlite3_reset(b->insert) != SQLITE_OK ||
        !ref_db_bind(b->insert, "ttttttit", key->valuestring, kiosk, hash, status, reason, text, b->now,
                     kind->valuestring) ||
        sqlite3_step(b->insert) != SQLITE_DONE)
        goto fail;
    /* 印章续期 needs no review: once paid and received, the seal is issued at once (the CA's guide). */
    if (reason == NULL && b->sv->sealer.key != NULL && strcmp(kind->valuestring, "job.submit") == 0 &&
        seal_only_service(item) && !services_has(item_service(item), SVC_F_REVIEWED) &&
        !ref_seals_for_job(b->sv, kiosk, key->valuestring, cJSON_GetObjectItemCaseSensitive(item, "job"), true, b->now))
        goto fail;
    cJSON_AddStringToObject(res, "status", status);
    if (reason != NULL)
        cJSON_AddStringToObject(res, "reason", reason);
    cJSON_AddBoolToObject(res, "replayed", false);
    free(text);
    return res;
fail:
    free(text);
    cJSON_Delete(res);
    return NULL;
}

void ref_jobs_push(struct ref_server *sv, const char *kiosk, const cJSON *body, ref_answer *a)
{
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(body, "items"), *it;
    struct batch b = {.sv = sv, .now = (int64_t)time(NULL)};
    cJSON *answer = NULL, *results, *res;
    bool begun = false;
    if (!cJSON_IsArray(items)) {
        ref_answer_error(a, 400, "bad_request", "缺少 items 数组", "'items' must be an array", false);
        return;
    }
    if (cJSON_GetArraySize(items) > REF_MAX_ITEMS) {
        ref_answer_error(a, 413, "too_large", "一批最多100项", "at most 100 items per push", false);
        return;
    }
    if ((answer = cJSON_CreateObject()) == NULL || (results = cJSON_AddArrayToObject(answer, "results")) == NULL ||
        !(begun = ref_db_begin(sv->db)) ||
        sqlite3_prepare_v2(sv->db, "SELECT body_sha, status, reason FROM idem WHERE key = ?", -1, &b.find, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(sv->db,
                           "INSERT INTO idem (key, kiosk, body_sha, status, reason, body, at, kind)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &b.insert, NULL) != SQLITE_OK)
        goto fail;
    cJSON_ArrayForEach(it, items)
    {
        if ((res = push_item(&b, kiosk, it)) == NULL)
            goto fail;
        cJSON_AddItemToArray(results, res);
    }
    sqlite3_finalize(b.find), sqlite3_finalize(b.insert);
    b.find = b.insert = NULL;
    if (!ref_db_commit(sv->db))
        goto fail;
    sv->conflicts += b.conflicts;
    ref_answer_json(a, 200, answer);
    ref_faults_after_commit(&sv->faults, a);
    return;
fail:
    ref_db_log(sv->db, "push");
    sqlite3_finalize(b.find), sqlite3_finalize(b.insert);
    if (begun)
        ref_db_rollback(sv->db);
    cJSON_Delete(answer);
    ref_answer_internal(a, "the batch could not be saved");
}

/* One row of the feed: cursor, job, to, the reasons, and the issued or revoked data kept in extra. */
static cJSON *change_row(sqlite3_stmt *q)
{
    cJSON *ch = cJSON_CreateObject(), *extra = NULL, *it;
    cJSON_AddNumberToObject(ch, "cursor", (double)sqlite3_column_int64(q, 0));
    cJSON_AddStringToObject(ch, "job", ref_db_text(q, 1));
    cJSON_AddStringToObject(ch, "to", ref_db_text(q, 2));
    if (sqlite3_column_type(q, 3) != SQLITE_NULL)
        cJSON_AddStringToObject(ch, "reason_zh", ref_db_text(q, 3));
    if (sqlite3_column_type(q, 4) != SQLITE_NULL)
        cJSON_AddStringToObject(ch, "reason_en", ref_db_text(q, 4));
    if (sqlite3_column_type(q, 5) != SQLITE_NULL && (extra = cJSON_Parse(ref_db_text(q, 5))) != NULL) {
        while ((it = extra->child) != NULL) {
            cJSON_DetachItemViaPointer(extra, it);
            cJSON_AddItemToObject(ch, it->string, it);
        }
    }
    cJSON_Delete(extra);
    return ch;
}

void ref_jobs_changes(struct ref_server *sv, const char *kiosk, const char *since_s, const char *limit_s, ref_answer *a)
{
    long long since = since_s != NULL ? atoll(since_s) : 0, next = since;
    int limit = limit_s != NULL ? atoi(limit_s) : 100, n = 0, rc;
    size_t size = 0;
    bool more = false;
    cJSON *answer, *arr;
    sqlite3_stmt *q;
    if (limit < 1 || limit > 500 || since < 0) {
        ref_answer_error(a, 400, "bad_request", "since/limit 超出范围", "since or limit out of range", false);
        return;
    }
    q = ref_db_query(sv->db,
                     "SELECT cursor, job, to_state, reason_zh, reason_en, extra FROM changes"
                     " WHERE kiosk = ? AND cursor > ? ORDER BY cursor LIMIT ?",
                     "tii", kiosk, (int64_t)since, (int64_t)limit + 1);
    if (q == NULL || (answer = cJSON_CreateObject()) == NULL) {
        sqlite3_finalize(q);
        ref_answer_internal(a, "the changes could not be read");
        return;
    }
    arr = cJSON_AddArrayToObject(answer, "changes");
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        size += 256 + (size_t)sqlite3_column_bytes(q, 5);
        if (++n > limit || (n > 1 && size > CHANGES_BUDGET)) {
            more = true;
            break;
        }
        next = sqlite3_column_int64(q, 0);
        cJSON_AddItemToArray(arr, change_row(q));
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        ref_db_log(sv->db, "changes");
        cJSON_Delete(answer);
        ref_answer_internal(a, "the changes could not be read");
        return;
    }
    cJSON_AddNumberToObject(answer, "next", (double)next);
    cJSON_AddBoolToObject(answer, "more", more);
    ref_answer_json(a, 200, answer);
}

/* The service of a stored item's job, or SVC__COUNT when it has none. */
/*
 * Test only: a reviewer's decision on a job this kiosk submitted (stands in
 * for the CA's back office). With an issuing CA, approving a revoke job also
 * revokes the holder's current certificate, in the same transaction; "issued"
 * signs the CSR that came with the submission.
 */
void ref_jobs_decide(struct ref_server *sv, const char *kiosk, const cJSON *body, ref_answer *a)
{
    const cJSON *job = cJSON_GetObjectItemCaseSensitive(body, "job"),
                *to = cJSON_GetObjectItemCaseSensitive(body, "to");
    const cJSON *zh = cJSON_GetObjectItemCaseSensitive(body, "reason_zh");
    const cJSON *en = cJSON_GetObjectItemCaseSensitive(body, "reason_en");
    cJSON *item = NULL;
    sqlite3_stmt *q;
    ref_found found = REF_FAILED;
    int64_t done = 0;
    bool begun = false, revoke, seal_only;
    if (!cJSON_IsString(job) || !cJSON_IsString(to) ||
        (strcmp(to->valuestring, "approved") != 0 && strcmp(to->valuestring, "rejected") != 0 &&
         strcmp(to->valuestring, "issued") != 0)) {
        ref_answer_error(a, 400, "bad_request", "需要 job 和 to（approved/rejected/issued）",
                         "job and to (approved|rejected|issued) needed", false);
        return;
    }
    if (strcmp(to->valuestring, "issued") == 0) {
        ref_certs_decide_issued(sv, kiosk, job->valuestring, a);
        return;
    }
    q = ref_db_query(sv->db, "SELECT body FROM idem WHERE key = ? AND kiosk = ? AND status = 'accepted'", "tt",
                     job->valuestring, kiosk);
    if (q != NULL) {
        int rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            found = REF_FOUND;
            item = cJSON_Parse(ref_db_text(q, 0));
        } else if (rc == SQLITE_DONE) {
            found = REF_ABSENT;
        }
        sqlite3_finalize(q);
    }
    if (found == REF_ABSENT) {
        ref_answer_error(a, 404, "not_found", "没有这个业务", "no such job from this kiosk", false);
        goto cleanup;
    }
    /* Without an issuing CA (--ca-cert) this upstream holds no certificates: approving a revoke job only approves it.
     */
    revoke = sv->ca.cert != NULL && strcmp(to->valuestring, "approved") == 0 && item_service(item) == SVC_REVOKE;
    /* A revoke job is approved once: again answers as the first time and records nothing. */
    if (found == REF_FAILED || (revoke && !ref_db_int(sv->db, &done, "SELECT count(*) FROM issued WHERE revoke_job = ?",
                                                      "t", job->valuestring)))
        goto fail;
    if (done > 0) {
        ref_answer_json(a, 200, cJSON_CreateObject());
        goto cleanup;
    }
    /* A seal-only job's approval issues its seal (or, if the rules refuse it, rejects it); once. */
    seal_only = sv->sealer.key != NULL && strcmp(to->valuestring, "approved") == 0 && seal_only_service(item);
    if (seal_only && ref_db_job_approved(sv->db, kiosk, job->valuestring) == REF_FOUND) {
        ref_answer_json(a, 200, cJSON_CreateObject());
        goto cleanup;
    }
    if (!(begun = ref_db_begin(sv->db)))
        goto fail;
    if (seal_only ? !ref_seals_for_job(sv, kiosk, job->valuestring, cJSON_GetObjectItemCaseSensitive(item, "job"), true,
                                       (int64_t)time(NULL))
                  : !ref_db_change_add(sv->db, kiosk, job->valuestring, to->valuestring,
                                       cJSON_IsString(zh) ? zh->valuestring : NULL,
                                       cJSON_IsString(en) ? en->valuestring : NULL, NULL))
        goto fail;
    if (revoke) {
        found = ref_certs_revoke_holder(sv, kiosk, job->valuestring, cJSON_GetObjectItemCaseSensitive(item, "job"));
        if (found == REF_ABSENT) {
            ref_db_rollback(sv->db);
            ref_answer_error(a, 422, "no_current_certificate", "该持有人没有可吊销的有效证书",
                             "the holder has no current certificate to revoke", false);
            goto cleanup;
        }
        if (found == REF_FAILED)
            goto fail;
    }
    if (!ref_db_commit(sv->db))
        goto fail;
    ref_answer_json(a, 200, cJSON_CreateObject());
    goto cleanup;
fail:
    if (begun)
        ref_db_rollback(sv->db);
    ref_answer_internal(a, "the decision could not be saved");
cleanup:
    cJSON_Delete(item);
}

void ref_jobs_heartbeat(const cJSON *body, ref_answer *a)
{
    cJSON *answer = cJSON_CreateObject();
    (void)body;
    cJSON_AddNumberToObject(answer, "server_time", (double)time(NULL));
    cJSON_AddStringToObject(answer, "min_version", "0.1.0");
    ref_answer_json(a, 200, answer);
}

/* Test only: what the upstream holds, to check that nothing was lost or done twice. */
void ref_jobs_stats(struct ref_server *sv, ref_answer *a)
{
    int64_t jobs, items, orders;
    cJSON *answer;
    if (!ref_db_int(sv->db, &jobs, "SELECT count(*) FROM idem WHERE kind = 'job.submit' AND status = 'accepted'", "") ||
        !ref_db_int(sv->db, &items, "SELECT count(*) FROM idem", "") ||
        !ref_db_int(sv->db, &orders, "SELECT count(*) FROM orders", "")) {
        ref_answer_internal(a, "the statistics could not be read");
        return;
    }
    answer = cJSON_CreateObject();
    cJSON_AddNumberToObject(answer, "jobs", (double)jobs);
    cJSON_AddNumberToObject(answer, "items", (double)items);
    cJSON_AddNumberToObject(answer, "conflicts", (double)sv->conflicts);
    cJSON_AddNumberToObject(answer, "orders", (double)orders);
    ref_answer_json(a, 200, answer);
}
