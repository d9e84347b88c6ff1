/*
 * test_desk.c - the desk's steps with the real store and the simulated USB
 * Key in-process (no upstream configured): a job made and, for a paid
 * service, moved to awaiting payment; a new PIN set before the key pair, so a
 * key pulled between the two resumes with the new PIN and never keeps
 * 12345678 (and never spends a try on the old one); 修改密码 audited without
 * a job; payment without an upstream refused and the job left waiting; and
 * the worker thread: a waiting step ends on desk_cancel_wait and the steps
 * queued behind it come back cancelled.
 */
#include "../core/cmocka_all.h"

#include <pthread.h>
#include <time.h>

#include "../store/store_fixture.h"
#include "desk.h"
#include "log.h"
#include "key_open.h"
#include "keyfile.h"
#include "token_admin.h"

#define NEW_PIN "24681357"

struct fx {
    fixture f;
    ck_config cfg;
    int64_t now;
    ck_clock clock;
    desk_env env;
};

static int setup(void **state)
{
    struct fx *x = calloc(1, sizeof *x);
    char master[160];
    fixture_paths(&x->f);
    if (config_load(NULL, &x->cfg, NULL) != CK_OK)
        return -1;
    snprintf(x->cfg.store_path, sizeof x->cfg.store_path, "%s", x->f.db);
    snprintf(x->cfg.store_key_file, sizeof x->cfg.store_key_file, "%s", x->f.key);
    snprintf(x->cfg.token_driver, sizeof x->cfg.token_driver, "sim");
    snprintf(x->cfg.token_sim_card, sizeof x->cfg.token_sim_card, "%s/key.vk", x->f.dir);
    snprintf(master, sizeof master, "%s/master.key", x->f.dir);
    snprintf(x->cfg.token_master_file, sizeof x->cfg.token_master_file, "%s", master);
    x->cfg.upstream_url[0] = '\0';
    if (keyfile_create(master, NULL) != CK_OK)
        return -1;
    x->now = T0;
    x->clock = clock_fixed(&x->now, 28800);
    x->env = (desk_env){.cfg = &x->cfg, .clock = &x->clock, .poll_ms = 100};
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    struct fx *x = *state;
    desk_env_close(&x->env);
    fixture_remove(&x->f);
    free(x);
    return 0;
}

/* Runs one step in the test's thread; returns its result (the request is kept for the caller in *out). */
static ck_err step(struct fx *x, desk_req *r)
{
    desk_run(&x->env, r);
    return r->err;
}

/* A paid 新办 for a unit, paid at the window: the uuid in out. */
static void paid_new_job(struct fx *x, char out[STORE_UUID_LEN + 1])
{
    desk_req *r = desk_req_new(DESK_CREATE);
    int64_t receipt;
    r->service = SVC_NEW, r->holder = HOLDER_UNIT, r->role = ROLE_SUPPLIER;
    snprintf(r->org_name, sizeof r->org_name, "四川测试科技有限公司");
    snprintf(r->uscc, sizeof r->uscc, "91510100MA61R7XK3Y");
    /* The applicant's personal data: tests/service/test_notify_journal.sh looks for it in the journal. */
    snprintf(r->person_name, sizeof r->person_name, "李测试");
    snprintf(r->id_number, sizeof r->id_number, "11010519491231002X");
    snprintf(r->mobile, sizeof r->mobile, "13800138000");
    assert_int_equal(fees_quote(&fixture_fees, SVC_NEW, HOLDER_UNIT, 1, 1, &r->quote, NULL), CK_OK);
    assert_int_equal(step(x, r), CK_OK);
    assert_int_equal(r->job.state, JOB_AWAITING_PAYMENT);
    memcpy(out, r->uuid, STORE_UUID_LEN + 1);
    desk_req_free(r);
    assert_int_equal(store_payment_record(x->env.store, out, PAY_CASH, 40000, NULL, "clerk-1", x->now, &receipt, NULL),
                     CK_OK);
}

static desk_req *prepare_req(const char *uuid)
{
    desk_req *r = desk_req_new(DESK_PREPARE);
    snprintf(r->uuid, sizeof r->uuid, "%s", uuid);
    snprintf(r->pin, sizeof r->pin, "12345678");
    snprintf(r->new_pin, sizeof r->new_pin, NEW_PIN);
    return r;
}

static ck_pin_status key_pin(struct fx *x)
{
    ck_token *t = NULL;
    ck_pin_status ps;
    assert_int_equal(key_open(&x->cfg, &t, NULL), CK_OK);
    assert_int_equal(t->ops->pin_status(t, &ps, NULL), CK_OK);
    token_close(t);
    return ps;
}

static void test_new_pin_then_key_pair(void **state)
{
    struct fx *x = *state;
    char uuid[STORE_UUID_LEN + 1];
    desk_req *r;
    ck_token *t = NULL;
    paid_new_job(x, uuid);
    r = prepare_req(uuid);
    if (step(x, r) != CK_OK)
        fail_msg("prepare: %s", r->d.en);
    assert_int_equal(r->job.state, JOB_QUEUED); /* prepared and handed to the upstream */
    desk_req_free(r);
    assert_false(key_pin(x).default_pin);
    assert_int_equal(key_open(&x->cfg, &t, NULL), CK_OK);
    assert_int_equal(t->ops->verify_pin(t, NEW_PIN, NULL), CK_OK);
    token_close(t);
}

/* An earlier attempt changed the PIN, then the key was pulled before the key pair: the resume uses the new PIN. */
static void test_resume_after_the_pin_changed(void **state)
{
    struct fx *x = *state;
    char uuid[STORE_UUID_LEN + 1];
    uint8_t master[TOKEN_MASTER_LEN];
    ck_token *t = NULL;
    bool rotated;
    desk_req *r;
    paid_new_job(x, uuid);
    assert_int_equal(keyfile_read_bytes(x->cfg.token_master_file, master, NULL), CK_OK);
    assert_int_equal(key_open(&x->cfg, &t, NULL), CK_OK);
    assert_int_equal(token_admin_login(t, master, &rotated, NULL), CK_OK);
    assert_int_equal(t->ops->change_pin(t, "12345678", NEW_PIN, NULL), CK_OK);
    token_close(t);
    r = prepare_req(uuid);
    if (step(x, r) != CK_OK)
        fail_msg("resumed prepare: %s", r->d.en);
    assert_int_equal(r->job.state, JOB_QUEUED);
    desk_req_free(r);
    /* No try was spent on the old PIN. */
    assert_int_equal(key_pin(x).tries_left, 3);
}

static int count_job(const ck_job *job, void *ctx)
{
    (void)job;
    ++*(int *)ctx;
    return 0;
}

static void test_change_pin_is_audited_without_a_job(void **state)
{
    struct fx *x = *state;
    desk_req *r = desk_req_new(DESK_CHANGE_PIN);
    int64_t rows_before = 0, rows_after = 0, bad = 0;
    int jobs = 0;
    assert_int_equal(desk_env_store(&x->env, NULL), CK_OK);
    assert_int_equal(store_audit_verify(x->env.store, &rows_before, &bad, NULL), CK_OK);
    snprintf(r->pin, sizeof r->pin, "12345678");
    snprintf(r->new_pin, sizeof r->new_pin, NEW_PIN);
    if (step(x, r) != CK_OK)
        fail_msg("change pin: %s", r->d.en);
    desk_req_free(r);
    assert_int_equal(store_audit_verify(x->env.store, &rows_after, &bad, NULL), CK_OK);
    assert_int_equal(rows_after, rows_before + 1);
    assert_int_equal(store_job_foreach(x->env.store, JOB__COUNT, count_job, &jobs, NULL), CK_OK);
    assert_int_equal(jobs, 0);
    assert_false(key_pin(x).default_pin);
    /* The wrong current PIN: refused, with the tries left in the message. */
    r = desk_req_new(DESK_CHANGE_PIN);
    snprintf(r->pin, sizeof r->pin, "11112222");
    snprintf(r->new_pin, sizeof r->new_pin, "13572468");
    assert_int_equal(step(x, r), CK_E_TOKEN_PIN_WRONG);
    assert_non_null(strstr(r->d.zh, "2"));
    desk_req_free(r);
}

static void test_pay_without_upstream(void **state)
{
    struct fx *x = *state;
    desk_req *r = desk_req_new(DESK_CREATE);
    r->service = SVC_NEW, r->holder = HOLDER_EXPERT, r->role = ROLE_EXPERT;
    snprintf(r->person_name, sizeof r->person_name, "张三");
    assert_int_equal(fees_quote(&fixture_fees, SVC_NEW, HOLDER_EXPERT, 1, 1, &r->quote, NULL), CK_OK);
    assert_int_equal(step(x, r), CK_OK);
    r->op = DESK_PAY_START;
    assert_int_not_equal(step(x, r), CK_OK);
    assert_int_equal(r->job.state, JOB_AWAITING_PAYMENT); /* it waits for the window's payment */
    desk_req_free(r);
}

/* --- the thread -------------------------------------------------------------------- */

struct heard {
    pthread_mutex_t lock;
    desk_op ops[8];
    ck_err errs[8];
    int n;
};

static void heard_fn(void *ctx, desk_req *r)
{
    struct heard *h = ctx;
    pthread_mutex_lock(&h->lock);
    if (h->n < 8)
        h->ops[h->n] = r->op, h->errs[h->n] = r->err, h->n++;
    pthread_mutex_unlock(&h->lock);
    desk_req_free(r);
}

static int heard_count(struct heard *h)
{
    int n;
    pthread_mutex_lock(&h->lock);
    n = h->n;
    pthread_mutex_unlock(&h->lock);
    return n;
}

static bool wait_heard(struct heard *h, int n, int ms)
{
    for (int i = 0; i < ms / 10; i++) {
        struct timespec ts = {0, 10 * 1000000L};
        if (heard_count(h) >= n)
            return true;
        nanosleep(&ts, NULL);
    }
    return heard_count(h) >= n;
}

static void test_worker_cancel_ends_a_wait(void **state)
{
    struct fx *x = *state;
    struct heard h = {.lock = PTHREAD_MUTEX_INITIALIZER};
    char uuid[STORE_UUID_LEN + 1];
    desk_worker *w = NULL;
    desk_req *r;
    paid_new_job(x, uuid);
    desk_env_close(&x->env); /* the worker opens its own connection */
    assert_int_equal(desk_start(&x->cfg, &x->clock, NULL, heard_fn, &h, &w, NULL), CK_OK);
    /* A paid job never issued here (no upstream): the wait goes on until cancelled. */
    r = desk_req_new(DESK_WAIT_ISSUED);
    snprintf(r->uuid, sizeof r->uuid, "%s", uuid);
    assert_true(desk_submit(w, r));
    r = desk_req_new(DESK_READ);
    snprintf(r->uuid, sizeof r->uuid, "%s", uuid);
    assert_true(desk_submit(w, r));
    assert_false(wait_heard(&h, 1, 300)); /* still waiting */
    desk_cancel_wait(w);
    assert_true(wait_heard(&h, 2, 3000));
    for (int i = 0; i < 2; i++)
        assert_int_equal(h.errs[i], CK_E_CANCELLED);
    /* A step submitted after the cancel runs normally. */
    r = desk_req_new(DESK_READ);
    snprintf(r->uuid, sizeof r->uuid, "%s", uuid);
    assert_true(desk_submit(w, r));
    assert_true(wait_heard(&h, 3, 3000));
    assert_int_equal(h.ops[2], DESK_READ);
    assert_int_equal(h.errs[2], CK_OK);
    desk_stop(w);
}

int main(void)
{
    /* With CK_TEST_JOURNAL_IDENT the steps log to the journal under that name (test_notify_journal.sh). */
    const char *ident = getenv("CK_TEST_JOURNAL_IDENT");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_new_pin_then_key_pair, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resume_after_the_pin_changed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_change_pin_is_audited_without_a_job, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pay_without_upstream, setup, teardown),
        cmocka_unit_test_setup_teardown(test_worker_cancel_ends_a_wait, setup, teardown),
    };
    if (ident != NULL && ck_log_setup(ident, "debug", "journal", NULL) != CK_OK)
        return 2;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
