/*
 * ref_pay.c - WeChat Pay Native, simulated: the upstream is the merchant and
 * the kiosk holds no merchant keys. The kiosk asks for an order for a job's
 * quote (computed again here by the core's fees_quote: the amount is never
 * taken from the client), shows its code_url as a QR code, polls the order
 * and closes it when the customer gives up. The test-only "pay" endpoint
 * stands in for the customer scanning the code, including paying an order
 * just closed (the late payment the kiosk must record for a refund).
 *
 * One simplification: an unpaid order past expires_at reads CLOSED. Real
 * WeChat keeps it NOTPAY until the merchant closes it; the kiosk must close
 * expired orders anyway, and either way it cannot be paid any more.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "holder.h"
#include "money.h"
#include "ref.h"
#include "services.h"

struct order {
    char job[REF_MAX_KEY + 1];
    char state[16];
    char transaction_id[32];
    int64_t amount_fen, expires_at, paid_at;
};

/* n characters drawn from set (a random id); false if the generator failed. */
static bool random_text(char *out, size_t n, const char *set)
{
    unsigned char bytes[32];
    size_t k = strlen(set);
    if (n > sizeof bytes || !ref_random(bytes, n))
        return false;
    for (size_t i = 0; i < n; i++)
        out[i] = set[bytes[i] % k]; /* the slight bias does not matter for a simulation */
    out[n] = '\0';
    return true;
}

/* An integer field within [min, max]; a missing optional one is 0. */
static bool int_field(const cJSON *obj, const char *name, bool required, int64_t min, int64_t max, int64_t *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    *out = 0;
    if (v == NULL)
        return !required;
    if (!cJSON_IsNumber(v) || v->valuedouble < (double)min || v->valuedouble > (double)max)
        return false;
    *out = (int64_t)v->valuedouble;
    return (double)*out == v->valuedouble;
}

static void bad_request(ref_answer *a, const char *zh, const char *en)
{
    ref_answer_error(a, 400, "bad_request", zh, en, false);
}

/* The quote of the body's service, holder, years and seals; false when *a was filled. */
static bool quote_of(const struct ref_server *sv, const cJSON *body, ck_quote *q, ref_answer *a)
{
    const cJSON *service = cJSON_GetObjectItemCaseSensitive(body, "service");
    const cJSON *holder = cJSON_GetObjectItemCaseSensitive(body, "holder");
    const cJSON *role = cJSON_GetObjectItemCaseSensitive(body, "role");
    ck_service s;
    ck_holder_kind k;
    ck_role r;
    int64_t years, seals;
    ck_diag d = {{0}, {0}};
    ck_err e;
    if (!cJSON_IsString(service) || services_parse(service->valuestring, &s) != CK_OK) {
        bad_request(a, "service 无效", "'service' is missing or unknown");
        return false;
    }
    if (!cJSON_IsString(holder) || holder_kind_parse(holder->valuestring, &k) != CK_OK || !cJSON_IsString(role) ||
        role_parse(role->valuestring, &r) != CK_OK || role_kind(r) != k) {
        bad_request(a, "holder 或 role 无效或不一致", "'holder' or 'role' is missing, unknown or inconsistent");
        return false;
    }
    if (!int_field(body, "years", false, 0, 100, &years) || !int_field(body, "seals", false, 0, 100, &seals)) {
        bad_request(a, "years/seals 须为整数", "'years' and 'seals' must be integers");
        return false;
    }
    if ((e = fees_quote(&sv->fees, s, k, (int)years, (int)seals, q, &d)) == CK_E_RANGE ||
        e == CK_E_HOLDER_NOT_ALLOWED) {
        bad_request(a, d.zh, d.en);
        return false;
    }
    if (e != CK_OK) {
        ref_answer_internal(a, "the quote failed");
        return false;
    }
    return true;
}

static cJSON *created_json(const char *id, const char *code_url, int64_t amount, int64_t expires_at)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "order", id);
    cJSON_AddStringToObject(o, "code_url", code_url);
    cJSON_AddNumberToObject(o, "amount_fen", (double)amount);
    cJSON_AddNumberToObject(o, "expires_at", (double)expires_at);
    return o;
}

/* This kiosk's open order for the job and amount, answered again (200). REF_ABSENT when there is none. */
static ref_found open_order(struct ref_server *sv, const char *kiosk, const char *job, int64_t amount, int64_t now,
                            ref_answer *a)
{
    sqlite3_stmt *q = ref_db_query(sv->db,
                                   "SELECT id, code_url, expires_at FROM orders WHERE kiosk = ? AND job = ?"
                                   " AND amount_fen = ? AND trade_state = 'NOTPAY' AND expires_at > ?"
                                   " ORDER BY created_at DESC, rowid DESC LIMIT 1",
                                   "ttii", kiosk, job, amount, now);
    int rc;
    if (q == NULL)
        return REF_FAILED;
    if ((rc = sqlite3_step(q)) == SQLITE_ROW)
        ref_answer_json(a, 200, created_json(ref_db_text(q, 0), ref_db_text(q, 1), amount, sqlite3_column_int64(q, 2)));
    else if (rc != SQLITE_DONE)
        ref_db_log(sv->db, "orders");
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? REF_FOUND : rc == SQLITE_DONE ? REF_ABSENT : REF_FAILED;
}

void ref_pay_create(struct ref_server *sv, const char *kiosk, const cJSON *body, ref_answer *a)
{
    const cJSON *job = cJSON_GetObjectItemCaseSensitive(body, "job");
    int64_t amount, now = (int64_t)time(NULL);
    ck_quote q;
    char id[33], pr[11], code_url[64], want[24], got[24], zh[160], en[160];
    ref_found f;
    if (!cJSON_IsString(job) || job->valuestring[0] == '\0' || strlen(job->valuestring) > REF_MAX_KEY) {
        bad_request(a, "job 无效", "'job' must be the job's uuid");
        return;
    }
    if (!int_field(body, "amount_fen", true, 0, MONEY_MAX_FEN, &amount)) {
        bad_request(a, "amount_fen 须为整数（分）", "'amount_fen' must be an integer number of fen");
        return;
    }
    if (!quote_of(sv, body, &q, a))
        return;
    if (q.total_fen == 0) {
        ref_answer_error(a, 422, "free_service", "该业务免费，无需支付", "this service is free: nothing to pay", false);
        return;
    }
    if (amount != q.total_fen) {
        money_format_yuan(amount, got, sizeof got);
        money_format_yuan(q.total_fen, want, sizeof want);
        snprintf(zh, sizeof zh, "金额 %s 元与报价 %s 元不符", got, want);
        snprintf(en, sizeof en, "the amount %s yuan does not match the quote %s yuan", got, want);
        ref_answer_error(a, 422, "amount_mismatch", zh, en, false);
        return;
    }
    if ((f = open_order(sv, kiosk, job->valuestring, amount, now, a)) != REF_ABSENT) {
        if (f == REF_FAILED)
            ref_answer_internal(a, "the orders could not be read");
        return;
    }
    if (!random_text(id, 32, "0123456789abcdef") ||
        !random_text(pr, 10, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")) {
        ref_answer_internal(a, "no random numbers for an order");
        return;
    }
    snprintf(code_url, sizeof code_url, "weixin://wxpay/bizpayurl?pr=%s", pr);
    if (!ref_db_run(sv->db,
                    "INSERT INTO orders (id, kiosk, job, amount_fen, code_url, created_at, expires_at, trade_state)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, 'NOTPAY')",
                    "tttitii", id, kiosk, job->valuestring, amount, code_url, now, now + sv->order_ttl_s)) {
        ref_answer_internal(a, "the order could not be saved");
        return;
    }
    ref_answer_json(a, 201, created_json(id, code_url, amount, now + sv->order_ttl_s));
}

/* This kiosk's order id, with the state it reads as now (an unpaid order past expiry reads CLOSED). */
static ref_found order_load(struct ref_server *sv, const char *kiosk, const char *id, struct order *o)
{
    sqlite3_stmt *q = ref_db_query(sv->db,
                                   "SELECT job, amount_fen, expires_at, trade_state, transaction_id, paid_at"
                                   " FROM orders WHERE id = ? AND kiosk = ?",
                                   "tt", id, kiosk);
    int rc;
    if (q == NULL)
        return REF_FAILED;
    if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        *o = (struct order){.amount_fen = sqlite3_column_int64(q, 1),
                            .expires_at = sqlite3_column_int64(q, 2),
                            .paid_at = sqlite3_column_int64(q, 5)};
        snprintf(o->job, sizeof o->job, "%s", ref_db_text(q, 0));
        snprintf(o->state, sizeof o->state, "%s", ref_db_text(q, 3));
        if (sqlite3_column_type(q, 4) != SQLITE_NULL)
            snprintf(o->transaction_id, sizeof o->transaction_id, "%s", ref_db_text(q, 4));
        if (strcmp(o->state, "NOTPAY") == 0 && (int64_t)time(NULL) >= o->expires_at)
            snprintf(o->state, sizeof o->state, "CLOSED");
    } else if (rc != SQLITE_DONE) {
        ref_db_log(sv->db, "order");
    }
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? REF_FOUND : rc == SQLITE_DONE ? REF_ABSENT : REF_FAILED;
}

/* Loads the order or fills *a (404, 500). */
static bool order_or_answer(struct ref_server *sv, const char *kiosk, const char *id, struct order *o, ref_answer *a)
{
    ref_found f = order_load(sv, kiosk, id, o);
    if (f == REF_ABSENT)
        ref_answer_error(a, 404, "not_found", "没有这个订单", "no such order from this kiosk", false);
    else if (f == REF_FAILED)
        ref_answer_internal(a, "the order could not be read");
    return f == REF_FOUND;
}

void ref_pay_query(struct ref_server *sv, const char *kiosk, const char *id, ref_answer *a)
{
    struct order o;
    cJSON *answer;
    if (!order_or_answer(sv, kiosk, id, &o, a))
        return;
    answer = cJSON_CreateObject();
    cJSON_AddStringToObject(answer, "order", id);
    cJSON_AddStringToObject(answer, "job", o.job);
    cJSON_AddNumberToObject(answer, "amount_fen", (double)o.amount_fen);
    cJSON_AddStringToObject(answer, "trade_state", o.state);
    cJSON_AddNumberToObject(answer, "expires_at", (double)o.expires_at);
    if (strcmp(o.state, "SUCCESS") == 0) {
        cJSON_AddStringToObject(answer, "transaction_id", o.transaction_id);
        cJSON_AddNumberToObject(answer, "paid_fen", (double)o.amount_fen);
        cJSON_AddNumberToObject(answer, "success_time", (double)o.paid_at);
    }
    ref_answer_json(a, 200, answer);
}

static cJSON *state_json(const char *state, const char *transaction_id)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "trade_state", state);
    if (transaction_id != NULL)
        cJSON_AddStringToObject(o, "transaction_id", transaction_id);
    return o;
}

void ref_pay_close(struct ref_server *sv, const char *kiosk, const char *id, ref_answer *a)
{
    struct order o;
    if (!order_or_answer(sv, kiosk, id, &o, a))
        return;
    if (strcmp(o.state, "SUCCESS") == 0)
        ref_answer_error(a, 409, "order_paid", "订单已支付，不能关闭", "the order is paid: it cannot be closed", false);
    else if (!ref_db_run(sv->db,
                         "UPDATE orders SET trade_state = 'CLOSED', closed_at = coalesce(closed_at, ?)"
                         " WHERE id = ? AND trade_state = 'NOTPAY'",
                         "it", (int64_t)time(NULL), id))
        ref_answer_internal(a, "the order could not be closed");
    else
        ref_answer_json(a, 200, state_json("CLOSED", NULL));
}

void ref_pay_test_pay(struct ref_server *sv, const char *kiosk, const char *id, const cJSON *body, ref_answer *a)
{
    const cJSON *force = cJSON_GetObjectItemCaseSensitive(body, "force");
    struct order o;
    char tx[29];
    if (force != NULL && !cJSON_IsBool(force)) {
        bad_request(a, "force 须为布尔值", "'force' must be true or false");
        return;
    }
    if (!order_or_answer(sv, kiosk, id, &o, a))
        return;
    if (strcmp(o.state, "SUCCESS") == 0) {
        ref_answer_json(a, 200, state_json("SUCCESS", o.transaction_id));
        return;
    }
    if (strcmp(o.state, "NOTPAY") != 0 && !cJSON_IsTrue(force)) {
        ref_answer_error(a, 409, "order_closed", "订单已关闭或过期", "the order is closed or expired", false);
        return;
    }
    /* WeChat's transaction ids: 28 digits starting 4200. */
    memcpy(tx, "4200", 4);
    if (!random_text(tx + 4, 24, "0123456789") ||
        !ref_db_run(sv->db, "UPDATE orders SET trade_state = 'SUCCESS', transaction_id = ?, paid_at = ? WHERE id = ?",
                    "tit", tx, (int64_t)time(NULL), id)) {
        ref_answer_internal(a, "the payment could not be saved");
        return;
    }
    ref_answer_json(a, 200, state_json("SUCCESS", tx));
}
