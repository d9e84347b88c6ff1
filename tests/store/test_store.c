/*
 * test_store.c - the store's contract: jobs follow the core's state machine,
 * each transition commits with its event, outbox and audit rows, payments
 * match quotes, receipt numbers are gapless, late payments are kept for
 * refund, and personal data is encrypted on disk and purged on schedule.
 */
#include "../core/cmocka_all.h"

#include "store_fixture.h"
#include "store_internal.h"

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    ck_diag d = {"", ""};
    fixture_paths(f);
    if (store_open(f->db, f->key, true, &f->st, &d) != CK_OK) {
        fprintf(stderr, "store_open: %s\n", d.en);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_remove(*state);
    free(*state);
    return 0;
}

static int64_t count(ck_store *st, const char *sql)
{
    sqlite3_stmt *q = NULL;
    int64_t n = -1;
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return n;
}

static void test_lifecycle(void **state)
{
    fixture *f = *state;
    char uuid[STORE_UUID_LEN + 1];
    ck_job_state path[JOB_MAX_PATH];
    ck_job job;
    ck_diag d = {"", ""};
    int64_t receipt = 0;
    int n = job_path(SVC_NEW, path);
    assert_int_equal(fixture_new_job(f->st, SVC_NEW, T0, uuid), CK_OK);
    assert_int_equal(strlen(uuid), 36);
    assert_int_equal(uuid[14], '4');
    assert_int_equal(store_job_get(f->st, uuid, &job, &d), CK_OK);
    assert_int_equal(job.state, JOB_DRAFT);
    assert_int_equal(job.total_fen, 40000);
    assert_string_equal(job.org_name, "四川测试科技有限公司");
    assert_string_equal(job.id_number, "510104199001011230");
    assert_int_equal(count(f->st, "SELECT count(*) FROM job_fee_lines"), 3);

    /* An illegal step is refused and changes nothing. */
    assert_int_equal(store_job_transition(f->st, uuid, JOB_PAID, ORIGIN_KIOSK, NULL, NULL, T0, &d),
                     CK_E_ILLEGAL_TRANSITION);
    assert_string_equal(d.en, "a new job cannot go from draft to paid");
    assert_int_equal(store_job_transition(f->st, uuid, JOB_DRAFT, ORIGIN_KIOSK, NULL, NULL, T0, &d),
                     CK_E_ILLEGAL_TRANSITION);
    assert_int_equal(count(f->st, "SELECT count(*) FROM job_events"), 1);

    assert_int_equal(store_job_transition(f->st, uuid, JOB_AWAITING_PAYMENT, ORIGIN_KIOSK, NULL, NULL, T0 + 1, &d),
                     CK_OK);
    assert_int_equal(store_payment_record(f->st, uuid, PAY_WECHAT, 40000, "wx-1", NULL, T0 + 2, &receipt, &d), CK_OK);
    assert_int_equal(receipt, 1);
    for (int i = 3; i < n; i++) {
        ck_job_origin o = (path[i] == JOB_APPROVED || path[i] == JOB_ISSUED || path[i] == JOB_SUBMITTED)
                              ? ORIGIN_UPSTREAM
                              : ORIGIN_KIOSK;
        assert_int_equal(store_job_transition(f->st, uuid, path[i], o, NULL, NULL, T0 + 10 + i, &d), CK_OK);
    }
    assert_int_equal(store_job_get(f->st, uuid, &job, &d), CK_OK);
    assert_int_equal(job.state, JOB_DONE);
    assert_int_equal(job.updated_at, T0 + 10 + n - 1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM job_events"), n);
    /* Outbox rows for the kiosk's own steps only: awaiting_payment, key_prepared, queued, written, done. */
    assert_int_equal(count(f->st, "SELECT count(*) FROM outbox"), 5);
    assert_int_equal(count(f->st, "SELECT count(*) FROM outbox WHERE kind = 'job.submit' AND idem_key = "
                                  "(SELECT uuid FROM jobs)"),
                     1);
    assert_int_equal(store_audit_verify(f->st, NULL, NULL, &d), CK_OK);
}

static void test_payments_and_receipts(void **state)
{
    fixture *f = *state;
    char a[STORE_UUID_LEN + 1], b[STORE_UUID_LEN + 1], c[STORE_UUID_LEN + 1];
    ck_diag d = {"", ""};
    ck_job job;
    int64_t r = -1;
    assert_int_equal(fixture_new_job(f->st, SVC_NEW, T0, a), CK_OK);
    assert_int_equal(fixture_new_job(f->st, SVC_NEW, T0, b), CK_OK);
    assert_int_equal(fixture_new_job(f->st, SVC_NEW, T0, c), CK_OK);
    /* Not awaiting payment yet: a payment now is a late/early one, kept for refund. */
    assert_int_equal(store_job_transition(f->st, a, JOB_AWAITING_PAYMENT, ORIGIN_KIOSK, NULL, NULL, T0, &d), CK_OK);
    assert_int_equal(store_job_transition(f->st, b, JOB_AWAITING_PAYMENT, ORIGIN_KIOSK, NULL, NULL, T0, &d), CK_OK);
    assert_int_equal(store_job_transition(f->st, c, JOB_AWAITING_PAYMENT, ORIGIN_KIOSK, NULL, NULL, T0, &d), CK_OK);

    assert_int_equal(store_payment_record(f->st, a, PAY_WECHAT, 39999, "wx-a", NULL, T0, &r, &d), CK_E_AMOUNT_MISMATCH);
    assert_non_null(strstr(d.en, "paid 39999 fen but 40000 fen are due"));
    assert_int_equal(count(f->st, "SELECT count(*) FROM payments"), 0);
    assert_int_equal(store_payment_record(f->st, a, PAY_CASH, 40000, NULL, NULL, T0, &r, &d), CK_E_ARG);

    assert_int_equal(store_payment_record(f->st, a, PAY_WECHAT, 40000, "wx-a", NULL, T0, &r, &d), CK_OK);
    assert_int_equal(r, 1);
    assert_int_equal(store_payment_record(f->st, b, PAY_WECHAT, 40000, "wx-a", NULL, T0, &r, &d), CK_E_DUPLICATE);
    assert_int_equal(store_job_get(f->st, b, &job, &d), CK_OK);
    assert_int_equal(job.state, JOB_AWAITING_PAYMENT); /* rolled back whole */
    assert_int_equal(store_payment_record(f->st, b, PAY_CASH, 40000, NULL, "clerk-7", T0, &r, &d), CK_OK);
    assert_int_equal(r, 2);

    /* The customer cancelled, then WeChat says "paid": kept, flagged for refund, no receipt. */
    assert_int_equal(store_job_transition(f->st, c, JOB_CANCELLED, ORIGIN_KIOSK, "customer", "cancel", T0, &d), CK_OK);
    assert_int_equal(store_payment_record(f->st, c, PAY_WECHAT, 40000, "wx-c", NULL, T0, &r, &d), CK_OK);
    assert_int_equal(r, 0);
    assert_non_null(strstr(d.en, "flagged for refund"));
    assert_int_equal(count(f->st, "SELECT count(*) FROM payments WHERE refund_due = 1"), 1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM receipts"), 2);
    /* Receipts are never deleted or renumbered, even by a direct statement. */
    assert_int_not_equal(sqlite3_exec(f->st->db, "DELETE FROM receipts", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(f->st->db, "UPDATE receipts SET number = 9", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(store_audit_verify(f->st, NULL, NULL, &d), CK_OK);
}

static void test_not_found_and_args(void **state)
{
    fixture *f = *state;
    ck_job job;
    ck_diag d = {"", ""};
    int64_t r;
    assert_int_equal(store_job_get(f->st, "00000000-0000-4000-8000-000000000000", &job, &d), CK_E_NOT_FOUND);
    assert_int_equal(store_job_transition(f->st, "nope", JOB_DONE, ORIGIN_KIOSK, NULL, NULL, T0, &d), CK_E_NOT_FOUND);
    assert_int_equal(store_payment_record(f->st, "nope", PAY_WECHAT, 1, "x", NULL, T0, &r, &d), CK_E_NOT_FOUND);
    assert_int_equal(store_job_transition(f->st, NULL, JOB_DONE, ORIGIN_KIOSK, NULL, NULL, T0, &d), CK_E_ARG);
}

static void test_audit_tampering(void **state)
{
    fixture *f = *state;
    char uuid[STORE_UUID_LEN + 1];
    ck_diag d = {"", ""};
    int64_t rows = 0, bad = 0;
    for (int i = 0; i < 5; i++)
        assert_int_equal(fixture_new_job(f->st, SVC_RENEW, T0 + i, uuid), CK_OK);
    assert_int_equal(store_audit_verify(f->st, &rows, &bad, &d), CK_OK);
    assert_int_equal(rows, 5);
    /* The triggers stop honest code... */
    assert_int_not_equal(sqlite3_exec(f->st->db, "UPDATE audit SET detail = 'x' WHERE id = 3", NULL, NULL, NULL),
                         SQLITE_OK);
    /* ...and the chain catches whoever drops them. */
    assert_int_equal(
        sqlite3_exec(f->st->db, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;", NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(f->st->db, "UPDATE audit SET detail = 'renew unit total_fen=1' WHERE id = 3", NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_equal(store_audit_verify(f->st, &rows, &bad, &d), CK_E_TAMPERED);
    assert_int_equal(bad, 3);
    assert_non_null(strstr(d.en, "audit row 3 was changed"));
}

static void test_audit_removal_and_insertion(void **state)
{
    fixture *f = *state;
    char uuid[STORE_UUID_LEN + 1];
    ck_diag d = {"", ""};
    int64_t bad = 0;
    for (int i = 0; i < 5; i++)
        assert_int_equal(fixture_new_job(f->st, SVC_RENEW, T0 + i, uuid), CK_OK);
    assert_int_equal(sqlite3_exec(f->st->db, "DROP TRIGGER audit_no_delete", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(f->st->db, "DELETE FROM audit WHERE id = 2", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(store_audit_verify(f->st, NULL, &bad, &d), CK_E_TAMPERED);
    assert_int_equal(bad, 2);
    assert_non_null(strstr(d.en, "missing"));
    /* Put a forged row 2 back: its hash cannot be made to fit without the chain's content. */
    assert_int_equal(sqlite3_exec(f->st->db,
                                  "INSERT INTO audit SELECT 2, at, actor, action, subject, detail, prev_hash, hash"
                                  " FROM audit WHERE id = 1",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(store_audit_verify(f->st, NULL, &bad, &d), CK_E_TAMPERED);
    assert_int_equal(bad, 2);
}

static void test_disk_full(void **state)
{
    fixture *f = *state;
    char uuid[STORE_UUID_LEN + 1], sql[64];
    ck_diag d = {"", ""};
    int64_t pages = count(f->st, "PRAGMA page_count"), made = 0;
    ck_err rc = CK_OK;
    /* A disk that holds a few more pages than the schema needs. */
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", (long long)pages + 3);
    assert_int_equal(sqlite3_exec(f->st->db, sql, NULL, NULL, NULL), SQLITE_OK);
    for (int i = 0; i < 1000 && (rc = fixture_new_job(f->st, SVC_NEW, T0 + i, uuid)) == CK_OK; i++)
        made++;
    assert_int_equal(rc, CK_E_DISK_FULL);
    assert_true(made > 0);
    /* Nothing half-written: every job has its fee lines, its event and its audit row. */
    assert_int_equal(count(f->st, "SELECT count(*) FROM jobs"), made);
    assert_int_equal(count(f->st, "SELECT count(*) FROM job_fee_lines"), 3 * made);
    assert_int_equal(count(f->st, "SELECT count(*) FROM job_events"), made);
    assert_int_equal(count(f->st, "SELECT count(*) FROM audit"), made);
    assert_int_equal(store_audit_verify(f->st, NULL, NULL, &d), CK_OK);
    /* Space freed: the store carries on. */
    assert_int_equal(sqlite3_exec(f->st->db, "PRAGMA max_page_count = 1000000", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(fixture_new_job(f->st, SVC_NEW, T0, uuid), CK_OK);
    assert_int_equal(count(f->st, "SELECT count(*) FROM jobs"), made + 1);
}

/* true if needle occurs in the file at path. */
static bool file_contains(const char *path, const char *needle)
{
    FILE *fp = fopen(path, "rb");
    static char buf[1 << 22];
    size_t n, len = strlen(needle);
    bool found = false;
    if (fp == NULL)
        return false;
    n = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    for (size_t i = 0; !found && i + len <= n; i++)
        found = memcmp(buf + i, needle, len) == 0;
    return found;
}

static void test_personal_data_encrypted_and_purged(void **state)
{
    fixture *f = *state;
    char uuid[STORE_UUID_LEN + 1], wal[160];
    ck_diag d = {"", ""};
    ck_job job;
    int64_t n = -1;
    assert_int_equal(fixture_new_job(f->st, SVC_REVOKE, T0, uuid), CK_OK);
    snprintf(wal, sizeof wal, "%s-wal", f->db);
    /* In the WAL before a checkpoint, and in the main file after one: never in clear. */
    assert_false(file_contains(wal, "510104199001011230"));
    assert_false(file_contains(wal, "13912345678"));
    assert_int_equal(sqlite3_exec(f->st->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), SQLITE_OK);
    assert_false(file_contains(f->db, "510104199001011230"));
    assert_false(file_contains(f->db, "13912345678"));
    assert_false(file_contains(f->db, "张三丰"));
    assert_false(file_contains(f->db, "SQLite format 3"));

    /* Unfinished jobs keep their data; finished ones lose it after the retention period. */
    assert_int_equal(store_purge_personal(f->st, 30, T0 + 31 * 86400, false, &n, &d), CK_OK);
    assert_int_equal(n, 0);
    assert_int_equal(store_job_transition(f->st, uuid, JOB_CANCELLED, ORIGIN_KIOSK, NULL, NULL, T0, &d), CK_OK);
    assert_int_equal(store_purge_personal(f->st, 30, T0 + 29 * 86400, false, &n, &d), CK_OK);
    assert_int_equal(n, 0);
    assert_int_equal(store_purge_personal(f->st, 30, T0 + 31 * 86400, true, &n, &d), CK_OK);
    assert_int_equal(n, 1);
    assert_int_equal(store_job_get(f->st, uuid, &job, &d), CK_OK);
    assert_string_equal(job.id_number, "510104199001011230"); /* dry run changed nothing */
    assert_int_equal(store_purge_personal(f->st, 30, T0 + 31 * 86400, false, &n, &d), CK_OK);
    assert_int_equal(n, 1);
    assert_int_equal(store_job_get(f->st, uuid, &job, &d), CK_OK);
    assert_true(job.personal_purged);
    assert_string_equal(job.id_number, "");
    assert_string_equal(job.mobile, "");
    assert_string_equal(job.person_name, "");
    assert_string_equal(job.org_name, "四川测试科技有限公司");
    /* Every real purge is audited, also those that found nothing; dry runs are not. */
    assert_int_equal(count(f->st, "SELECT count(*) FROM audit WHERE action = 'personal.purge'"), 3);
    assert_int_equal(count(f->st, "SELECT count(*) FROM audit WHERE action = 'personal.purge'"
                                  " AND detail = 'jobs=1 after_days=30'"),
                     1);
    assert_int_equal(store_audit_verify(f->st, NULL, NULL, &d), CK_OK);
}

static void test_outbox_drain(void **state)
{
    fixture *f = *state;
    char a[STORE_UUID_LEN + 1], b[STORE_UUID_LEN + 1];
    ck_outbox_item items[8];
    ck_store_stats s;
    ck_diag d = {"", ""};
    int n = 0;
    int64_t ids[2];
    assert_int_equal(fixture_new_job(f->st, SVC_REVOKE, T0, a), CK_OK);
    assert_int_equal(fixture_new_job(f->st, SVC_REVOKE, T0, b), CK_OK);
    assert_int_equal(store_job_transition(f->st, a, JOB_QUEUED, ORIGIN_KIOSK, NULL, NULL, T0, &d), CK_OK);
    assert_int_equal(store_job_transition(f->st, b, JOB_QUEUED, ORIGIN_KIOSK, NULL, NULL, T0 + 1, &d), CK_OK);
    /* Nothing is due before its time; then both, oldest first, keyed by the job UUID. */
    assert_int_equal(store_outbox_due(f->st, T0 - 1, items, 8, &n, &d), CK_OK);
    assert_int_equal(n, 0);
    assert_int_equal(store_outbox_due(f->st, T0 + 1, items, 8, &n, &d), CK_OK);
    assert_int_equal(n, 2);
    assert_string_equal(items[0].idem_key, a);
    assert_string_equal(items[0].kind, "job.submit");
    assert_string_equal(items[0].job_uuid, a);
    assert_string_equal(items[1].idem_key, b);
    assert_int_equal(store_outbox_due(f->st, T0 + 1, items, 1, &n, &d), CK_OK);
    assert_int_equal(n, 1);
    /* A's attempt failed: due again later, with the attempt counted. B was refused for good: parked. */
    ids[0] = items[0].id;
    ids[1] = items[1].id;
    assert_int_equal(store_outbox_due(f->st, T0 + 1, items, 8, &n, &d), CK_OK);
    {
        ck_outbox_outcome o[3] = {
            {.id = items[0].id, .error = "upstream 503", .next_attempt_at = T0 + 60},
            {.id = items[1].id, .error = "rejected: 422", .next_attempt_at = T0 + 60, .park = true},
            {.id = 999999, .error = "x", .next_attempt_at = T0},
        };
        /* An unknown id spoils the round: nothing of it is kept. */
        assert_int_equal(store_outbox_settle(f->st, o, 3, T0 + 1, &d), CK_E_NOT_FOUND);
        assert_int_equal(store_outbox_due(f->st, T0 + 1, items, 8, &n, &d), CK_OK);
        assert_int_equal(n, 2);
        assert_int_equal(items[0].attempts, 0);
        assert_int_equal(store_outbox_settle(f->st, o, 2, T0 + 1, &d), CK_OK);
    }
    assert_int_equal(store_outbox_due(f->st, T0 + 59, items, 8, &n, &d), CK_OK);
    assert_int_equal(n, 0);
    assert_int_equal(store_outbox_due(f->st, T0 + 60, items, 8, &n, &d), CK_OK);
    assert_int_equal(n, 1);
    assert_int_equal(items[0].id, ids[0]);
    assert_int_equal(items[0].attempts, 1);
    assert_int_equal(store_stats(f->st, &s, &d), CK_OK);
    assert_int_equal(s.outbox_pending, 1);
    assert_int_equal(s.outbox_parked, 1);
    /* Acknowledged: gone. */
    {
        ck_outbox_outcome ack = {.id = ids[0], .accepted = true, .submitted_job = a};
        ck_job job;
        assert_int_equal(store_outbox_settle(f->st, &ack, 1, T0 + 70, &d), CK_OK);
        assert_int_equal(store_job_get(f->st, a, &job, &d), CK_OK);
        assert_int_equal(job.state, JOB_SUBMITTED);
        /* Acknowledged twice (two rounds overlapping): harmless. */
        assert_int_equal(store_outbox_settle(f->st, &ack, 1, T0 + 71, &d), CK_OK);
    }
    {
        /* B's submission refused by the upstream's rules: parked, and the job ends rejected with the reason. */
        ck_outbox_outcome no = {.id = 0, .park = true, .rejected_job = b, .error = "rejected: check_digit"};
        ck_job job;
        assert_int_equal(store_outbox_due(f->st, INT64_MAX, items, 8, &n, &d), CK_OK);
        assert_int_equal(count(f->st, "SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL"), 1);
        no.id = ids[1];
        assert_int_equal(store_outbox_settle(f->st, &no, 1, T0 + 72, &d), CK_OK);
        assert_int_equal(store_job_get(f->st, b, &job, &d), CK_OK);
        assert_int_equal(job.state, JOB_REJECTED);
        assert_string_equal(job.reject_reason, "rejected: check_digit");
    }
    assert_int_equal(store_outbox_due(f->st, T0 + 1000, items, 8, &n, &d), CK_OK);
    assert_int_equal(n, 0);
    assert_int_equal(store_stats(f->st, &s, &d), CK_OK);
    assert_int_equal(s.outbox_pending, 0);
}

static ck_pay_order order_for(const char *uuid, const char *id, int64_t amount)
{
    ck_pay_order o = {.amount_fen = amount, .expires_at = T0 + 7200, .next_poll_at = T0 + 2};
    snprintf(o.order_id, sizeof o.order_id, "%s", id);
    snprintf(o.job_uuid, sizeof o.job_uuid, "%s", uuid);
    snprintf(o.code_url, sizeof o.code_url, "weixin://wxpay/bizpayurl?pr=%s", id);
    return o;
}

static void test_payment_orders(void **state)
{
    fixture *f = *state;
    char a[STORE_UUID_LEN + 1], b[STORE_UUID_LEN + 1];
    ck_diag d = {"", ""};
    ck_pay_order o, got, due[4];
    ck_job job;
    int64_t r = -1;
    int n = 0;
    assert_int_equal(fixture_new_job(f->st, SVC_NEW, T0, a), CK_OK);
    assert_int_equal(fixture_new_job(f->st, SVC_NEW, T0, b), CK_OK);
    /* Only for a job awaiting payment, only for its quote. */
    o = order_for(a, "o-a1", 40000);
    assert_int_equal(store_order_add(f->st, &o, T0, &d), CK_E_ILLEGAL_TRANSITION);
    assert_int_equal(store_job_transition(f->st, a, JOB_AWAITING_PAYMENT, ORIGIN_KIOSK, NULL, NULL, T0, &d), CK_OK);
    assert_int_equal(store_job_transition(f->st, b, JOB_AWAITING_PAYMENT, ORIGIN_KIOSK, NULL, NULL, T0, &d), CK_OK);
    o = order_for(a, "o-a1", 39900);
    assert_int_equal(store_order_add(f->st, &o, T0, &d), CK_E_AMOUNT_MISMATCH);
    assert_non_null(strstr(d.en, "39900 fen but 40000"));
    o = order_for(a, "o-a1", 40000);
    assert_int_equal(store_order_add(f->st, &o, T0, &d), CK_OK);
    assert_int_equal(store_order_add(f->st, &o, T0, &d), CK_E_DUPLICATE);
    /* A second order for the same job: the first is to be closed. */
    o = order_for(a, "o-a2", 40000);
    o.next_poll_at = T0 + 12;
    assert_int_equal(store_order_add(f->st, &o, T0 + 10, &d), CK_OK);
    assert_int_equal(store_order_for_job(f->st, a, &got, &d), CK_OK);
    assert_string_equal(got.order_id, "o-a2");
    assert_int_equal(got.state, ORDER_OPEN);
    assert_string_equal(got.code_url, "weixin://wxpay/bizpayurl?pr=o-a2");
    /* Due for a poll: the closing one at once, the open one at its time. */
    assert_int_equal(store_orders_due(f->st, T0 + 10, due, 4, &n, &d), CK_OK);
    assert_int_equal(n, 1);
    assert_string_equal(due[0].order_id, "o-a1");
    assert_int_equal(due[0].state, ORDER_CLOSING);
    assert_int_equal(store_order_set(f->st, "o-a1", ORDER_CLOSED, T0 + 11, T0 + 11, &d), CK_OK);
    assert_int_equal(store_order_set(f->st, "o-a2", ORDER_OPEN, T0 + 20, T0 + 11, &d), CK_OK);
    assert_int_equal(store_orders_due(f->st, T0 + 19, due, 4, &n, &d), CK_OK);
    assert_int_equal(n, 0);
    assert_int_equal(store_orders_due(f->st, T0 + 20, due, 4, &n, &d), CK_OK);
    assert_int_equal(n, 1);
    assert_int_equal(due[0].polls, 1);
    /* Paid: the job is paid with a receipt; told again, the same receipt and nothing booked twice. */
    assert_int_equal(store_order_paid(f->st, "o-a2", "4200000000000000000000000001", 40000, T0 + 30, &r, &d), CK_OK);
    assert_int_equal(r, 1);
    assert_int_equal(store_order_paid(f->st, "o-a2", "4200000000000000000000000001", 40000, T0 + 31, &r, &d), CK_OK);
    assert_int_equal(r, 1);
    assert_int_equal(count(f->st, "SELECT count(*) FROM payments"), 1);
    assert_int_equal(store_job_get(f->st, a, &job, &d), CK_OK);
    assert_int_equal(job.state, JOB_PAID);
    assert_int_equal(store_order_set(f->st, "o-a2", ORDER_CLOSED, T0, T0 + 32, &d), CK_E_NOT_FOUND);
    assert_int_equal(store_order_set(f->st, "o-a2", ORDER_PAID, T0, T0 + 32, &d), CK_E_ARG);
    /* Cancelled with the order closing; then paid after all: booked, flagged for refund, no receipt. */
    o = order_for(b, "o-b1", 40000);
    assert_int_equal(store_order_add(f->st, &o, T0, &d), CK_OK);
    assert_int_equal(store_job_transition(f->st, b, JOB_CANCELLED, ORIGIN_KIOSK, "customer", NULL, T0 + 5, &d), CK_OK);
    assert_int_equal(store_order_set(f->st, "o-b1", ORDER_CLOSING, T0 + 5, T0 + 5, &d), CK_OK);
    assert_int_equal(store_order_paid(f->st, "o-b1", "4200000000000000000000000002", 40000, T0 + 6, &r, &d), CK_OK);
    assert_int_equal(r, 0);
    assert_non_null(strstr(d.en, "flagged for refund"));
    assert_int_equal(count(f->st, "SELECT count(*) FROM payments WHERE refund_due = 1"), 1);
    assert_int_equal(store_order_for_job(f->st, b, &got, &d), CK_OK);
    assert_int_equal(got.state, ORDER_PAID);
    assert_int_equal(store_orders_due(f->st, INT64_MAX, due, 4, &n, &d), CK_OK);
    assert_int_equal(n, 0);
    assert_int_equal(store_order_paid(f->st, "o-none", "x", 1, T0, &r, &d), CK_E_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lifecycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_payments_and_receipts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_payment_orders, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_found_and_args, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_tampering, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_removal_and_insertion, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disk_full, setup, teardown),
        cmocka_unit_test_setup_teardown(test_personal_data_encrypted_and_purged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outbox_drain, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
