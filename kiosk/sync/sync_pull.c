/* sync_pull.c - applying the upstream's status changes (see sync_pull.h). */
#include "sync_pull.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync_cert.h"
#include "sync_http.h"
#include "sync_parse.h"

#define PULL_LIMIT     100
#define PULL_MAX_PAGES 20 /* per round: a long backlog is taken over several rounds, the worker stays responsive */

struct pull {
    ck_store *st;
    const ck_config *cfg;
    int64_t now;
    ck_pull_report *rep;
};

static void ignored(struct pull *p, const sync_change *c, const char *why)
{
    snprintf(p->rep->error, sizeof p->rep->error, "change %lld for job %.36s: %.160s", (long long)c->cursor, c->job,
             why);
    p->rep->ignored++;
}

/* The upstream decides on what it received: a job still queued here is submitted there. */
static void catch_up_submitted(struct pull *p, const char *uuid, ck_job *job)
{
    if (job->state == JOB_QUEUED &&
        store_job_transition(p->st, uuid, JOB_SUBMITTED, ORIGIN_UPSTREAM, "upstream", NULL, p->now, NULL) == CK_OK)
        job->state = JOB_SUBMITTED;
}

/* A revocation: it ends a revocation job; for a certificate job it is kept in the audit chain. */
static ck_err apply_revoked(struct pull *p, const sync_change *c, const ck_job *job, ck_diag *d)
{
    char detail[160];
    if (job->service == SVC_REVOKE)
        return job->state == JOB_DONE
                   ? CK_OK
                   : store_job_transition(p->st, c->job, JOB_DONE, ORIGIN_UPSTREAM, "upstream",
                                          c->reason_en[0] != '\0' ? c->reason_en : "revoked", p->now, d);
    snprintf(detail, sizeof detail, "serial %.79s reason %.60s", c->serial, c->reason_en);
    return store_audit_append(p->st, p->now, "upstream", "cert.revoked", c->job, detail, d);
}

static int apply(const sync_change *c, void *ctx)
{
    static const ck_job_state targets[] = {
        [CHANGE_APPROVED] = JOB_APPROVED, [CHANGE_REJECTED] = JOB_REJECTED, [CHANGE_ISSUED] = JOB_ISSUED};
    struct pull *p = ctx;
    ck_diag d = {"", ""};
    ck_job job;
    ck_err rc;
    p->rep->pulled++;
    if (store_job_get(p->st, c->job, &job, NULL) != CK_OK) {
        ignored(p, c, "no such job here");
        return 0;
    }
    catch_up_submitted(p, c->job, &job);
    if (c->kind == CHANGE_REVOKED)
        rc = apply_revoked(p, c, &job, &d);
    else if (job.state == targets[c->kind])
        rc = CK_OK; /* applied before (a repeat after a crash): nothing to do */
    else if (c->kind == CHANGE_ISSUED)
        rc = sync_cert_accept(p->st, p->cfg, c->job, &c->issued, p->now, &d);
    else
        rc = store_job_transition(p->st, c->job, targets[c->kind], ORIGIN_UPSTREAM, "upstream",
                                  c->reason_zh[0] != '\0' ? c->reason_zh : NULL, p->now, &d);
    if (rc == CK_OK)
        p->rep->applied++;
    else
        ignored(p, c, d.en[0] != '\0' ? d.en : ck_err_name(rc));
    return 0;
}

/* One page from the stored cursor; the cursor moves past what was applied. */
static ck_err pull_page(ck_store *st, const ck_config *cfg, int64_t now, ck_pull_report *rep, bool *more, ck_diag *d)
{
    char cursor[32] = "", path[96], next_s[32], why[160] = "";
    struct pull p = {st, cfg, now, rep};
    sync_answer a;
    int64_t next = 0;
    ck_err rc;
    *more = false;
    store_sync_state_get(st, "pull_cursor", cursor, sizeof cursor, NULL, NULL);
    snprintf(path, sizeof path, "/v1/changes?since=%lld&limit=%d", atoll(cursor), PULL_LIMIT);
    if (!sync_http_get(cfg, path, &a) || a.status != 200 ||
        !sync_parse_changes(a.data, a.len, apply, &p, &next, more, why, sizeof why)) {
        if (a.error[0] != '\0')
            snprintf(rep->error, sizeof rep->error, "%s", a.error);
        else if (a.status != 200)
            snprintf(rep->error, sizeof rep->error, "changes: HTTP %ld", a.status);
        else
            snprintf(rep->error, sizeof rep->error, "changes: %s", why);
        free(a.data);
        store_sync_state_set(st, "online", "0", now, NULL);
        return ck_diag_fail(d, CK_E_UPSTREAM, "上级系统暂时无法连接（%s）", "the upstream cannot be reached (%s)",
                            rep->error);
    }
    free(a.data);
    snprintf(next_s, sizeof next_s, "%lld", (long long)next);
    rc = store_sync_state_set(st, "pull_cursor", next_s, now, d);
    if (rc == CK_OK && rep->error[0] != '\0')
        store_sync_state_set(st, "last_error", rep->error, now, NULL);
    return rc;
}

ck_err sync_pull_once(ck_store *st, const ck_config *cfg, int64_t now, ck_pull_report *rep, ck_diag *d)
{
    bool more = true;
    ck_err rc = CK_OK;
    memset(rep, 0, sizeof *rep);
    if (cfg->upstream_url[0] == '\0')
        return ck_diag_fail(d, CK_E_CONFIG, "未配置上级系统", "no upstream configured");
    for (int page = 0; rc == CK_OK && more && page < PULL_MAX_PAGES; page++)
        rc = pull_page(st, cfg, now, rep, &more, d);
    return rc;
}
