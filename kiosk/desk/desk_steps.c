/*
 * desk_steps.c - each step of desk.h as one blocking function over the
 * store, the key, the upstream and the printer. Everything here is what
 * certkioskctl's commands do one at a time (issue, pay, receipt), in the
 * order a customer at the screen needs it.
 */
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clerk_signin.h"
#include "desk.h"
#include "print_report.h"
#include "log.h"
#include "id_docs.h"
#include "job_search.h"
#include "store_report.h"
#include "issue_key.h"
#include "key_open.h"
#include "keyfile.h"
#include "sync_pay.h"
#include "sync_worker.h"
#include "token_admin.h"

desk_req *desk_req_new(desk_op op)
{
    desk_req *r = calloc(1, sizeof *r);
    if (r != NULL)
        r->op = op;
    return r;
}

void desk_req_free(void *p)
{
    if (p != NULL)
        OPENSSL_cleanse(p, sizeof(desk_req));
    free(p);
}

ck_err desk_env_store(desk_env *e, ck_diag *d)
{
    return e->store != NULL ? CK_OK : store_open(e->cfg->store_path, e->cfg->store_key_file, true, &e->store, d);
}

void desk_env_close(desk_env *e)
{
    store_close(e->store);
    e->store = NULL;
}

static int64_t now(const desk_env *e) { return clock_now(e->clock); }

static const char *opt(const char *s) { return s[0] != '\0' ? s : NULL; }

/* Sleeps one poll interval in slices, so a cancel is heard within 100 ms. */
static bool pause_or_cancel(desk_env *e)
{
    for (int left = e->poll_ms; left > 0; left -= 100) {
        struct timespec ts = {0, (left < 100 ? left : 100) * 1000000L};
        if (e->cancelled != NULL && e->cancelled(e->cancel_ctx))
            return false;
        nanosleep(&ts, NULL);
    }
    return e->cancelled == NULL || !e->cancelled(e->cancel_ctx);
}

static ck_err cancelled(ck_diag *d)
{
    return ck_diag_fail(d, CK_E_CANCELLED, "已停止等待", "stopped waiting");
}

/* The job's next step on its path, if that is `to`. */
static ck_err advance_if(desk_env *e, const char *uuid, ck_job_state to, ck_diag *d)
{
    ck_job job;
    ck_err rc = store_job_get(e->store, uuid, &job, d);
    if (rc == CK_OK && job_next(job.service, job.state) == to) {
        rc = store_job_transition(e->store, uuid, to, ORIGIN_KIOSK, NULL, NULL, now(e), d);
        if (rc == CK_OK && job_enters_queue(to) && e->sync != NULL)
            sync_worker_kick(e->sync);
    }
    OPENSSL_cleanse(&job, sizeof job);
    return rc;
}

static ck_err create(desk_env *e, desk_req *r, ck_diag *d)
{
    ck_job_new in = {r->service, r->holder,          r->role,           opt(r->org_name), opt(r->uscc),
                     opt(r->person_name), opt(r->id_number), opt(r->mobile), &r->quote};
    ck_err rc = store_job_create(e->store, &in, now(e), r->uuid, d);
    return rc == CK_OK ? advance_if(e, r->uuid, JOB_AWAITING_PAYMENT, d) : rc;
}

static ck_err pay_wait(desk_env *e, desk_req *r, ck_diag *d)
{
    for (;;) {
        ck_pay_result res;
        ck_err rc = store_job_get(e->store, r->uuid, &r->job, d);
        if (rc == CK_OK)
            rc = store_order_for_job(e->store, r->uuid, &r->order, d);
        if (rc != CK_OK)
            return rc;
        if (r->job.state != JOB_AWAITING_PAYMENT || r->order.state == ORDER_PAID || r->order.state == ORDER_CLOSED)
            return CK_OK;
        /* A failed look (the network) is not the end: the order stays open, the screen counts down. */
        sync_pay_check(e->store, e->cfg, &r->order, now(e), &res, NULL);
        if (store_job_get(e->store, r->uuid, &r->job, d) == CK_OK && r->job.state != JOB_AWAITING_PAYMENT)
            return store_order_for_job(e->store, r->uuid, &r->order, d);
        if (!pause_or_cancel(e))
            return cancelled(d);
    }
}

/* The key in the reader, with the kiosk's issuer secrets; *t and master are the caller's to release. */
static ck_err open_key(desk_env *e, ck_token **t, uint8_t master[TOKEN_MASTER_LEN], ck_diag *d)
{
    ck_err rc = keyfile_read_bytes(e->cfg->token_master_file, master, d);
    return rc == CK_OK ? key_open(e->cfg, t, d) : rc;
}

/* The PIN changed with the issuer logged in, so the key records it is no longer the initial one. */
static ck_err change_pin(ck_token *t, const uint8_t master[TOKEN_MASTER_LEN], const char *old_pin, const char *new_pin,
                         ck_diag *d)
{
    bool rotated;
    ck_err rc = token_admin_login(t, master, &rotated, d);
    return rc == CK_OK ? t->ops->change_pin(t, old_pin, new_pin, d) : rc;
}

/*
 * Before a key pair is made: the new PIN, if the customer chose one, set first.
 * Done in this order so a key pulled between the two never keeps 12345678 after
 * its job went on: on resume the key says the PIN was changed already (by this
 * job: the PIN step asks for a new one only while the key is on the initial one),
 * and the new PIN is the one to use. *pin is the PIN to verify with.
 */
static ck_err new_pin_first(ck_token *t, const uint8_t master[TOKEN_MASTER_LEN], const desk_req *r, const char **pin,
                            ck_diag *d)
{
    ck_pin_status ps;
    ck_err rc;
    *pin = r->pin;
    if (r->new_pin[0] == '\0')
        return CK_OK;
    if ((rc = t->ops->pin_status(t, &ps, d)) != CK_OK)
        return rc;
    if (ps.default_pin && (rc = change_pin(t, master, r->pin, r->new_pin, d)) != CK_OK)
        return rc;
    *pin = r->new_pin;
    return CK_OK;
}

static ck_err on_key(desk_env *e, desk_req *r, ck_diag *d)
{
    uint8_t master[TOKEN_MASTER_LEN];
    ck_token *t = NULL;
    ck_issue_result res;
    ck_err rc = open_key(e, &t, master, d);
    if (rc == CK_OK && r->op == DESK_PREPARE) {
        ck_job job;
        ck_csr_subject subj;
        const char *pin = r->pin;
        rc = store_job_get(e->store, r->uuid, &job, d);
        subj = (ck_csr_subject){opt(job.org_name), opt(job.uscc), job.person_name};
        if (rc == CK_OK)
            rc = new_pin_first(t, master, r, &pin, d);
        if (rc == CK_OK)
            rc = issue_prepare_key(e->store, t, master, r->uuid, pin, &subj, now(e), &res, d);
        OPENSSL_cleanse(&job, sizeof job);
    } else if (rc == CK_OK && r->op == DESK_BIND) {
        rc = issue_bind_key(e->store, t, r->uuid, now(e), d);
    } else if (rc == CK_OK && r->op == DESK_WRITE) {
        rc = issue_write_key(e->store, t, master, r->uuid, now(e), &res, d);
        if (rc == CK_OK)
            rc = advance_if(e, r->uuid, JOB_DONE, d);
    } else if (rc == CK_OK && r->op == DESK_CHANGE_PIN) {
        rc = change_pin(t, master, r->pin, r->new_pin, d);
    } else if (rc == CK_OK && r->op == DESK_UNLOCK) {
        rc = token_admin_unblock(t, master, r->new_pin, d);
    }
    if (rc == CK_OK && (r->op == DESK_PREPARE || r->op == DESK_BIND))
        rc = advance_if(e, r->uuid, JOB_QUEUED, d);
    /* 修改密码 and 解锁 make no job (nothing goes to the CA); the audit chain keeps which key, never the PINs. */
    if (rc == CK_OK && (r->op == DESK_CHANGE_PIN || r->op == DESK_UNLOCK)) {
        ck_token_info info;
        char serial[16] = "";
        if (t->ops->identify(t, &info, NULL) == CK_OK)
            snprintf(serial, sizeof serial, "%08u", info.serial);
        rc = r->op == DESK_UNLOCK ? store_audit_append(e->store, now(e), r->clerk_id, "key.unlocked", serial, NULL, d)
                                  : store_audit_append(e->store, now(e), "customer", "key.pin_changed", serial, NULL, d);
    }
    OPENSSL_cleanse(master, sizeof master);
    token_close(t);
    return rc;
}

static bool settled(const ck_job *j)
{
    return j->state == JOB_ISSUED || j->state == JOB_WRITTEN || j->state == JOB_REJECTED ||
           job_state_is_terminal(j->state);
}

static ck_err wait_issued(desk_env *e, desk_req *r, ck_diag *d)
{
    for (;;) {
        ck_err rc = store_job_get(e->store, r->uuid, &r->job, d);
        if (rc != CK_OK || settled(&r->job))
            return rc;
        if (e->sync != NULL)
            sync_worker_kick(e->sync);
        if (!pause_or_cancel(e))
            return cancelled(d);
    }
}

/* --- supervisor mode ----------------------------------------------------------------- */

static int count_state(const ck_job *job, void *ctx)
{
    struct desk_work *w = ctx;
    w->jobs[job->state]++;
    if (id_docs_required(job->service, job->holder) != 0 && job->identity_checked_by[0] == '\0' &&
        !job_state_is_terminal(job->state) && job->state != JOB_REJECTED)
        w->identity_pending++;
    return 0;
}

static int count_receipt(const ck_receipt *rec, void *ctx)
{
    (void)rec;
    ((struct desk_work *)ctx)->receipts_pending++;
    return 0;
}

static ck_err work(desk_env *e, desk_req *r, ck_diag *d)
{
    ck_store_stats s;
    ck_err rc = store_job_foreach(e->store, JOB__COUNT, count_state, &r->work, d);
    if (rc == CK_OK)
        rc = store_receipts_pending(e->store, count_receipt, &r->work, d);
    if (rc == CK_OK && (rc = store_stats(e->store, &s, d)) == CK_OK)
        r->work.outbox_pending = s.outbox_pending, r->work.outbox_parked = s.outbox_parked;
    return rc;
}

static void report_jobs(ck_service s, ck_job_state js, int n, void *ctx) { day_report_add_jobs(ctx, s, js, n); }
static void report_payment(const day_payment *p, void *ctx) { day_report_add_payment(ctx, p); }

static ck_err day(desk_env *e, desk_req *r, ck_diag *d)
{
    int64_t from = date_to_unix(r->day, e->clock->utc_offset_s), to = date_to_unix(date_add_days(r->day, 1), e->clock->utc_offset_s);
    ck_err rc;
    day_report_init(&r->report, r->day);
    rc = store_day_jobs(e->store, from, to, report_jobs, &r->report, d);
    if (rc == CK_OK)
        rc = store_day_payments(e->store, from, to, report_payment, &r->report, d);
    if (rc == CK_OK)
        day_report_finish(&r->report);
    return rc;
}

static void list_job(desk_req *r, const ck_job *job, int64_t receipt_no, const char *note)
{
    desk_list_item *it = &r->list[r->n_list++];
    snprintf(it->uuid, sizeof it->uuid, "%s", job->uuid);
    it->service = job->service;
    it->state = job->state;
    snprintf(it->org_name, sizeof it->org_name, "%.95s", job->org_name);
    it->amount_fen = job->total_fen;
    it->receipt_no = receipt_no;
    snprintf(it->note, sizeof it->note, "%.127s", note != NULL ? note : "");
}

/* Still to be seen: a typed-in subject, no clerk's check yet, and the job not ended. */
static int list_identity(const ck_job *job, void *ctx)
{
    desk_req *r = ctx;
    unsigned need = id_docs_required(job->service, job->holder);
    if (need == 0 || job->identity_checked_by[0] != '\0' || job_state_is_terminal(job->state) ||
        job->state == JOB_REJECTED)
        return 0;
    list_job(r, job, 0, NULL);
    r->list[r->n_list - 1].docs_needed = need;
    return r->n_list < DESK_LIST_MAX ? 0 : 1;
}

static ck_err identity(desk_env *e, desk_req *r, ck_diag *d)
{
    ck_job job;
    char docs[64];
    unsigned need;
    ck_err rc = store_job_get(e->store, r->uuid, &job, d);
    need = rc == CK_OK ? id_docs_required(job.service, job.holder) : 0;
    OPENSSL_cleanse(&job, sizeof job);
    if (rc == CK_OK && (r->docs & need) != need)
        rc = ck_diag_fail(d, CK_E_INVALID_INPUT, "所需证件未全部核验", "not every document this job needs was seen");
    id_docs_format(r->docs, docs, sizeof docs);
    return rc == CK_OK ? store_job_identity_checked(e->store, r->uuid, r->clerk_id, docs, now(e), d) : rc;
}

static int list_state(const ck_job *job, void *ctx)
{
    desk_req *r = ctx;
    list_job(r, job, 0, NULL);
    return r->n_list < DESK_LIST_MAX ? 0 : 1;
}

struct receipt_list {
    desk_env *e;
    desk_req *r;
};

static int list_receipt(const ck_receipt *rec, void *ctx)
{
    struct receipt_list *l = ctx;
    ck_job job;
    if (store_job_get(l->e->store, rec->job_uuid, &job, NULL) == CK_OK)
        list_job(l->r, &job, rec->number, rec->print_error[0] != '\0' ? rec->print_error : "未打印 / not printed");
    OPENSSL_cleanse(&job, sizeof job);
    return l->r->n_list < DESK_LIST_MAX ? 0 : 1;
}

/* A clerk's search: any state, the upstream's reason on a rejected job. */
static int list_search(const ck_job *job, void *ctx)
{
    desk_req *r = ctx;
    if (!job_search_match(r->query, job->uuid, job->org_name, job->uscc))
        return 0;
    list_job(r, job, 0, job->state == JOB_REJECTED ? job->reject_reason : NULL);
    return r->n_list < DESK_LIST_MAX ? 0 : 1;
}

static ck_err list(desk_env *e, desk_req *r, ck_diag *d)
{
    struct receipt_list rl = {e, r};
    r->n_list = 0;
    switch (r->list_kind) {
    case DESK_LIST_AWAITING: return store_job_foreach(e->store, JOB_AWAITING_PAYMENT, list_state, r, d);
    case DESK_LIST_ISSUED: return store_job_foreach(e->store, JOB_ISSUED, list_state, r, d);
    case DESK_LIST_RECEIPTS: return store_receipts_pending(e->store, list_receipt, &rl, d);
    case DESK_LIST_IDENTITY: return store_job_foreach(e->store, JOB__COUNT, list_identity, r, d);
    case DESK_LIST_SEARCH: return store_job_foreach(e->store, JOB__COUNT, list_search, r, d);
    }
    return CK_E_ARG;
}

/* A window payment: the job's own quote, which the store checks again, booked for the signed-in clerk. */
static ck_err window_pay(desk_env *e, desk_req *r, ck_diag *d)
{
    ck_job job;
    ck_err rc = store_job_get(e->store, r->uuid, &job, d);
    if (rc == CK_OK && r->method != PAY_CASH && r->method != PAY_POS)
        rc = CK_E_ARG;
    if (rc == CK_OK)
        rc = store_payment_record(e->store, r->uuid, r->method, job.total_fen, NULL, r->clerk_id, now(e), &r->receipt_no,
                                  d);
    OPENSSL_cleanse(&job, sizeof job);
    return rc;
}

static ck_err signin(desk_env *e, desk_req *r, ck_diag *d)
{
    ck_err rc = clerk_signin(e->store, e->cfg, r->clerk_id, r->pin, now(e), &r->clerk, d);
    OPENSSL_cleanse(r->pin, sizeof r->pin);
    OPENSSL_cleanse(r->clerk.pin_hash, sizeof r->clerk.pin_hash);
    return rc;
}

/* The steps' names in the log (CK_EVENT "desk.<name>"). */
static const char *const op_names[DESK__COUNT] = {
    [DESK_CREATE] = "desk.create",       [DESK_PAY_START] = "desk.pay_start", [DESK_PAY_WAIT] = "desk.pay_wait",
    [DESK_CANCEL] = "desk.cancel",       [DESK_PREPARE] = "desk.prepare",     [DESK_BIND] = "desk.bind",
    [DESK_QUEUE] = "desk.queue",         [DESK_WAIT_ISSUED] = "desk.wait_issued", [DESK_WRITE] = "desk.write",
    [DESK_PRINT] = "desk.print",         [DESK_CHANGE_PIN] = "desk.change_pin", [DESK_READ] = "desk.read",
    [DESK_CLERK_SIGNIN] = "desk.clerk_signin", [DESK_WORK] = "desk.work",   [DESK_DAY_REPORT] = "desk.day_report",
    [DESK_AUDIT] = "desk.audit",         [DESK_LIST] = "desk.list",         [DESK_WINDOW_PAY] = "desk.window_pay",
    [DESK_IDENTITY] = "desk.identity",   [DESK_UNLOCK] = "desk.unlock",     [DESK_STATUS] = "desk.status",
    [DESK_PRINT_REPORT] = "desk.print_report",
};

/*
 * One line per step: what it did to the job, at info for steps that change
 * something and debug for the reads a screen repeats. A customer's typing
 * error is logged by its code only; other failures with their message,
 * which names the cause, never the customer's data.
 */
static void log_step(const desk_req *r)
{
    bool read_only = r->op == DESK_READ || r->op == DESK_WORK || r->op == DESK_LIST || r->op == DESK_DAY_REPORT ||
                     r->op == DESK_AUDIT || r->op == DESK_STATUS;
    const char *ev = (unsigned)r->op < DESK__COUNT ? op_names[r->op] : "desk.unknown";
    if (r->err == CK_OK)
        ck_log(read_only ? CK_LOG_DEBUG : CK_LOG_INFO, r->uuid, ev, "%s done%s%s", ev + 5,
               r->job.uuid[0] != '\0' ? ", job now " : "", r->job.uuid[0] != '\0' ? job_state_code(r->job.state) : "");
    else if (r->err == CK_E_INVALID_INPUT || r->err == CK_E_CANCELLED)
        ck_log(CK_LOG_INFO, r->uuid, ev, "%s: %s", ev + 5, ck_err_name(r->err));
    else
        ck_log_diag(CK_LOG_WARNING, r->uuid, ev, r->err, &r->d);
}

/* Every check a clerk's "devices" screen shows; the store's own connection stays as it is. */
static ck_err status(desk_env *e, desk_req *r)
{
    doctor_env env = {.cfg = e->cfg,
                      .config_path = strcmp(e->cfg->source, "built-in") != 0 ? e->cfg->source : NULL,
                      .clock = e->clock};
    for (int c = 0; c < DOCTOR__COUNT; c++)
        doctor_run(&env, (doctor_check)c, &r->checks[c]);
    return CK_OK;
}

/* The day's report on paper: computed as for the screen, printed, audited with the clerk. */
static ck_err print_report(desk_env *e, desk_req *r, ck_diag *d)
{
    ck_err rc = day(e, r, d);
    return rc == CK_OK ? print_day_report_audited(e->store, e->cfg, e->clock, &r->report, r->clerk_id, &r->printed, d)
                       : rc;
}

void desk_run(desk_env *e, desk_req *r)
{
    ck_diag *d = &r->d;
    ck_err rc = desk_env_store(e, d);
    if (rc == CK_OK) {
        switch (r->op) {
        case DESK_CREATE: rc = create(e, r, d); break;
        case DESK_PAY_START: rc = sync_pay_start(e->store, e->cfg, r->uuid, now(e), &r->order, d); break;
        case DESK_PAY_WAIT: rc = pay_wait(e, r, d); break;
        case DESK_CANCEL: rc = sync_pay_cancel(e->store, e->cfg, r->uuid, now(e), d); break;
        case DESK_PREPARE:
        case DESK_BIND:
        case DESK_WRITE: rc = on_key(e, r, d); break;
        case DESK_QUEUE: rc = advance_if(e, r->uuid, JOB_QUEUED, d); break;
        case DESK_WAIT_ISSUED: rc = wait_issued(e, r, d); break;
        case DESK_PRINT: rc = print_receipt(e->store, e->cfg, r->uuid, r->reprint, now(e), &r->printed, d); break;
        case DESK_CHANGE_PIN:
        case DESK_UNLOCK: rc = on_key(e, r, d); break;
        case DESK_READ: rc = CK_OK; break;
        case DESK_CLERK_SIGNIN: rc = signin(e, r, d); break;
        case DESK_WORK: rc = work(e, r, d); break;
        case DESK_DAY_REPORT: rc = day(e, r, d); break;
        case DESK_AUDIT: rc = store_audit_append(e->store, now(e), r->clerk_id, r->action, r->uuid, "", d); break;
        case DESK_LIST: rc = list(e, r, d); break;
        case DESK_WINDOW_PAY: rc = window_pay(e, r, d); break;
        case DESK_IDENTITY: rc = identity(e, r, d); break;
        case DESK_STATUS: rc = status(e, r); break;
        case DESK_PRINT_REPORT: rc = print_report(e, r, d); break;
        default: rc = ck_diag_fail(d, CK_E_ARG, "未知的办理步骤%d", "unknown desk step %d", (int)r->op);
        }
    }
    /* The job as it stands after the step, for the screen (when there is one). */
    if (r->uuid[0] != '\0' && e->store != NULL && r->op != DESK_PAY_WAIT && r->op != DESK_WAIT_ISSUED) {
        ck_diag ignore;
        if (store_job_get(e->store, r->uuid, &r->job, &ignore) != CK_OK)
            memset(&r->job, 0, sizeof r->job);
    }
    if (e->store != NULL && store_in_transaction(e->store))
        ck_log(CK_LOG_ERR, r->uuid, "desk.bug", "step %d left a transaction open", (int)r->op);
    r->err = rc;
    log_step(r);
    /* A storage failure drops the connection, so the next step opens it afresh. */
    if (rc == CK_E_STORE || rc == CK_E_DISK_FULL || rc == CK_E_STORE_CORRUPT)
        desk_env_close(e);
}
