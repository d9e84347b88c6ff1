/* sync_issue.c - handing in CSRs of approved jobs and keeping the certificates (see sync_issue.h). */
#include "sync_issue.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync_cert.h"
#include "sync_http.h"
#include "sync_parse.h"

#define ISSUE_MAX_PER_ROUND 20

struct approved {
    char uuid[ISSUE_MAX_PER_ROUND][STORE_UUID_LEN + 1];
    int n;
};

static int collect(const ck_job *job, void *ctx)
{
    struct approved *a = ctx;
    if (services_has(job->service, SVC_F_ISSUES_CERT) && a->n < ISSUE_MAX_PER_ROUND)
        snprintf(a->uuid[a->n++], sizeof a->uuid[0], "%s", job->uuid);
    return a->n < ISSUE_MAX_PER_ROUND ? 0 : 1;
}

static ck_err ask_one(ck_store *st, const ck_config *cfg, const char *uuid, int64_t now, ck_diag *d)
{
    ck_job_key *k = calloc(1, sizeof *k);
    sync_issued *is = malloc(sizeof *is);
    cJSON *body = cJSON_CreateObject();
    char *text = NULL, path[96], why[160];
    sync_answer a = {0};
    ck_err rc;
    if (k == NULL || is == NULL || body == NULL) {
        rc = CK_E_NOMEM;
        goto cleanup;
    }
    if ((rc = store_job_key_get(st, uuid, k, d)) != CK_OK)
        goto cleanup;
    if (k->csr[0] == '\0') {
        rc = ck_diag_fail(d, CK_E_NOT_FOUND, "业务没有证书请求（CSR）", "the job has no CSR");
        goto cleanup;
    }
    cJSON_AddStringToObject(body, "csr", k->csr);
    if ((text = cJSON_PrintUnformatted(body)) == NULL) {
        rc = CK_E_NOMEM;
        goto cleanup;
    }
    snprintf(path, sizeof path, "/v1/jobs/%s/csr", uuid);
    if (!sync_http_post(cfg, path, text, &a) || a.status != 200) {
        rc = sync_answer_fail(&a, "申请证书", "certificate request", NULL, 0, d);
        goto cleanup;
    }
    if (!sync_parse_cert(a.data, a.len, is, why, sizeof why)) {
        rc = ck_diag_fail(d, CK_E_UPSTREAM, "申请证书：应答无法读取（%s）", "certificate request: %s", why);
        goto cleanup;
    }
    rc = sync_cert_accept(st, cfg, uuid, is, now, d);
cleanup:
    free(a.data);
    free(text);
    cJSON_Delete(body);
    free(is);
    free(k);
    return rc;
}

ck_err sync_issue_once(ck_store *st, const ck_config *cfg, int64_t now, ck_issue_report *rep, ck_diag *d)
{
    struct approved *jobs = calloc(1, sizeof *jobs);
    ck_err rc;
    memset(rep, 0, sizeof *rep);
    if (jobs == NULL)
        return CK_E_NOMEM;
    if (cfg->upstream_url[0] == '\0') {
        free(jobs);
        return ck_diag_fail(d, CK_E_CONFIG, "未配置上级系统", "no upstream configured");
    }
    rc = store_job_foreach(st, JOB_APPROVED, collect, jobs, d);
    for (int i = 0; rc == CK_OK && i < jobs->n; i++) {
        ck_diag one = {"", ""};
        rep->asked++;
        if (ask_one(st, cfg, jobs->uuid[i], now, &one) == CK_OK) {
            rep->issued++;
        } else {
            rep->failed++;
            snprintf(rep->error, sizeof rep->error, "job %.36s: %.180s", jobs->uuid[i], one.en);
        }
    }
    free(jobs);
    return rc;
}
