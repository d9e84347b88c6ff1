/* sync_pull.c - applying the upstream's status changes (see sync_pull.h). */
#include "sync_pull.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync_http.h"

#define PULL_LIMIT 100

/* approved and rejected so far; issued and revoked arrive with the CSR and revocation work. */
static bool target_state(const char *to, ck_job_state *out)
{
    if (strcmp(to, "approved") == 0)
        *out = JOB_APPROVED;
    else if (strcmp(to, "rejected") == 0)
        *out = JOB_REJECTED;
    else
        return false;
    return true;
}

static void apply(ck_store *st, const cJSON *ch, int64_t now, ck_pull_report *rep)
{
    const cJSON *job = cJSON_GetObjectItemCaseSensitive(ch, "job"), *to = cJSON_GetObjectItemCaseSensitive(ch, "to");
    const cJSON *zh = cJSON_GetObjectItemCaseSensitive(ch, "reason_zh");
    ck_job_state target;
    ck_job current;
    ck_err rc;
    if (!cJSON_IsString(job) || !cJSON_IsString(to) || !target_state(to->valuestring, &target)) {
        snprintf(rep->error, sizeof rep->error, "change not understood");
        rep->ignored++;
        return;
    }
    if (store_job_get(st, job->valuestring, &current, NULL) == CK_OK && current.state == target) {
        rep->applied++; /* applied before (a repeat after a crash): nothing to do */
        return;
    }
    /* The upstream approves or rejects what it received: a job it has is submitted here. */
    if (store_job_get(st, job->valuestring, &current, NULL) == CK_OK && current.state == JOB_QUEUED)
        store_job_transition(st, job->valuestring, JOB_SUBMITTED, ORIGIN_UPSTREAM, "upstream", NULL, now, NULL);
    rc = store_job_transition(st, job->valuestring, target, ORIGIN_UPSTREAM, "upstream",
                              cJSON_IsString(zh) ? zh->valuestring : NULL, now, NULL);
    if (rc == CK_OK) {
        rep->applied++;
    } else {
        snprintf(rep->error, sizeof rep->error, "change for job %.36s: %s", job->valuestring, ck_err_name(rc));
        rep->ignored++;
    }
}

ck_err sync_pull_once(ck_store *st, const ck_config *cfg, int64_t now, ck_pull_report *rep, ck_diag *d)
{
    char cursor[32] = "0", path[96], next_s[32];
    sync_answer a;
    cJSON *json = NULL;
    const cJSON *changes, *next, *ch;
    ck_err rc = CK_OK;
    memset(rep, 0, sizeof *rep);
    if (cfg->upstream_url[0] == '\0')
        return ck_diag_fail(d, CK_E_CONFIG, "未配置上级系统", "no upstream configured");
    store_sync_state_get(st, "pull_cursor", cursor, sizeof cursor, NULL, NULL);
    if (cursor[0] == '\0')
        snprintf(cursor, sizeof cursor, "0");
    snprintf(path, sizeof path, "/v1/changes?since=%lld&limit=%d", atoll(cursor), PULL_LIMIT);
    if (!sync_http_get(cfg, path, &a) || a.status != 200 ||
        (json = cJSON_Parse(a.data != NULL ? a.data : "")) == NULL ||
        !cJSON_IsArray(changes = cJSON_GetObjectItemCaseSensitive(json, "changes")) ||
        !cJSON_IsNumber(next = cJSON_GetObjectItemCaseSensitive(json, "next"))) {
        snprintf(rep->error, sizeof rep->error, "%s", a.error[0] != '\0' ? a.error : "changes: unusable answer");
        rc = ck_diag_fail(d, CK_E_UPSTREAM, "上级系统暂时无法连接（%s）", "the upstream cannot be reached (%s)",
                          rep->error);
        goto cleanup;
    }
    cJSON_ArrayForEach(ch, changes)
    {
        rep->pulled++;
        apply(st, ch, now, rep);
    }
    snprintf(next_s, sizeof next_s, "%lld", (long long)next->valuedouble);
    rc = store_sync_state_set(st, "pull_cursor", next_s, now, d);
    if (rc == CK_OK && rep->error[0] != '\0')
        store_sync_state_set(st, "last_error", rep->error, now, NULL);
cleanup:
    cJSON_Delete(json);
    free(a.data);
    return rc;
}
