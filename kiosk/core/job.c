/* job.c - the job state machine; see job.h for the rules. */
#include "job.h"

#include <assert.h>
#include <string.h>

static const struct {
    const char *code, *zh, *en;
} states[JOB__COUNT] = {
    [JOB_DRAFT] = {"draft", "填写中", "Draft"},
    [JOB_AWAITING_PAYMENT] = {"awaiting_payment", "待支付", "Awaiting payment"},
    [JOB_PAID] = {"paid", "已支付", "Paid"},
    [JOB_KEY_PREPARED] = {"key_prepared", "已生成密钥", "Key prepared"},
    [JOB_QUEUED] = {"queued", "待提交", "Queued"},
    [JOB_SUBMITTED] = {"submitted", "已提交审核", "Submitted"},
    [JOB_APPROVED] = {"approved", "审核通过", "Approved"},
    [JOB_REJECTED] = {"rejected", "审核未通过", "Rejected"},
    [JOB_ISSUED] = {"issued", "已签发", "Issued"},
    [JOB_WRITTEN] = {"written", "已写入USB Key", "Written to the USB Key"},
    [JOB_DONE] = {"done", "已办结", "Done"},
    [JOB_CANCELLED] = {"cancelled", "已取消", "Cancelled"},
    [JOB_EXPIRED] = {"expired", "已过期", "Expired"},
};

const char *job_state_code(ck_job_state s)
{
    assert(s >= 0 && s < JOB__COUNT);
    return states[s].code;
}
const char *job_state_zh(ck_job_state s)
{
    assert(s >= 0 && s < JOB__COUNT);
    return states[s].zh;
}
const char *job_state_en(ck_job_state s)
{
    assert(s >= 0 && s < JOB__COUNT);
    return states[s].en;
}

ck_err job_state_parse(const char *code, ck_job_state *out)
{
    for (int s = 0; code != NULL && s < JOB__COUNT; s++) {
        if (strcmp(code, states[s].code) == 0) {
            *out = (ck_job_state)s;
            return CK_OK;
        }
    }
    return CK_E_ARG;
}

bool job_state_is_terminal(ck_job_state s)
{
    return s == JOB_DONE || s == JOB_REJECTED || s == JOB_CANCELLED || s == JOB_EXPIRED;
}

int job_path(ck_service s, ck_job_state out[JOB_MAX_PATH])
{
    bool issues = services_has(s, SVC_F_ISSUES_CERT) || services_has(s, SVC_F_ISSUES_SEAL);
    bool upstream = issues || services_has(s, SVC_F_REVIEWED);
    int n = 0;
    out[n++] = JOB_DRAFT;
    if (services_has(s, SVC_F_PAID)) {
        out[n++] = JOB_AWAITING_PAYMENT;
        out[n++] = JOB_PAID;
    }
    if (services_has(s, SVC_F_ISSUES_CERT))
        out[n++] = JOB_KEY_PREPARED;
    if (upstream) {
        out[n++] = JOB_QUEUED;
        out[n++] = JOB_SUBMITTED;
        out[n++] = JOB_APPROVED;
    }
    if (issues) {
        out[n++] = JOB_ISSUED;
        out[n++] = JOB_WRITTEN;
    }
    out[n++] = JOB_DONE;
    return n;
}

static int path_index(const ck_job_state *path, int n, ck_job_state st)
{
    for (int i = 0; i < n; i++)
        if (path[i] == st)
            return i;
    return -1;
}

ck_job_state job_next(ck_service s, ck_job_state from)
{
    ck_job_state path[JOB_MAX_PATH];
    int n = job_path(s, path), i = path_index(path, n, from);
    return (i >= 0 && i + 1 < n) ? path[i + 1] : JOB__COUNT;
}

bool job_enters_queue(ck_job_state to) { return to == JOB_QUEUED; }

ck_err job_transition_check(ck_service s, ck_job_state from, ck_job_state to, ck_diag *d)
{
    ck_job_state path[JOB_MAX_PATH];
    int n, i_from, i_sub;
    if (s < 0 || s >= SVC__COUNT || from < 0 || from >= JOB__COUNT || to < 0 || to >= JOB__COUNT)
        return CK_E_ARG;
    n = job_path(s, path);
    i_from = path_index(path, n, from);
    i_sub = path_index(path, n, JOB_SUBMITTED);
    if (i_from >= 0 && !job_state_is_terminal(from)) {
        if (i_from + 1 < n && path[i_from + 1] == to)
            return CK_OK;
        if (from == JOB_SUBMITTED && to == JOB_REJECTED)
            return CK_OK;
        /* Once the upstream has the job, only the upstream can stop it. */
        if (to == JOB_CANCELLED && (i_sub < 0 || i_from < i_sub))
            return CK_OK;
        if (to == JOB_EXPIRED && (from == JOB_DRAFT || from == JOB_AWAITING_PAYMENT))
            return CK_OK;
    }
    ck_diag_zh(d, CK_E_ILLEGAL_TRANSITION, "%s业务不能从“%s”变为“%s”", services_info(s)->zh, states[from].zh,
               states[to].zh);
    return ck_diag_en(d, CK_E_ILLEGAL_TRANSITION, "a %s job cannot go from %s to %s", services_info(s)->code,
                      states[from].code, states[to].code);
}
