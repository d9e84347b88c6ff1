/* sync_pay.c - WeChat Native payment through the upstream (see sync_pay.h). */
#include "sync_pay.h"

#include <cjson/cJSON.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backoff.h"
#include "sync_http.h"
#include "sync_parse.h"

#define PAY_ROUND_MAX    16
#define PAY_REUSE_MARGIN 30 /* s: an order about to expire is not shown to a new customer */

static int64_t next_poll(int64_t now, int polls)
{
    uint32_t r = 0;
    RAND_bytes((unsigned char *)&r, sizeof r);
    return now + 1 + backoff_delay_ms(polls, PAY_POLL_BASE_MS, PAY_POLL_CAP_MS, r) / 1000;
}

static char *order_request(const ck_job *job)
{
    cJSON *o = cJSON_CreateObject();
    char *text;
    cJSON_AddStringToObject(o, "job", job->uuid);
    cJSON_AddStringToObject(o, "service", services_info(job->service)->code);
    cJSON_AddStringToObject(o, "holder", holder_kind_code(job->holder));
    cJSON_AddStringToObject(o, "role", role_code(job->role));
    cJSON_AddNumberToObject(o, "years", job->years);
    cJSON_AddNumberToObject(o, "seals", job->seals);
    cJSON_AddNumberToObject(o, "amount_fen", (double)job->total_fen);
    text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return text;
}

ck_err sync_pay_start(ck_store *st, const ck_config *cfg, const char *uuid, int64_t now, ck_pay_order *out, ck_diag *d)
{
    ck_job job;
    sync_answer a = {0};
    sync_order so;
    char *body = NULL, why[160];
    ck_err rc;
    if ((rc = store_job_get(st, uuid, &job, d)) != CK_OK)
        return rc;
    if (job.state != JOB_AWAITING_PAYMENT)
        return ck_diag_fail(d, CK_E_ILLEGAL_TRANSITION, "该业务当前不需要支付（%s）",
                            "the job is not awaiting payment (%s)", job_state_code(job.state));
    if (store_order_for_job(st, uuid, out, NULL) == CK_OK && out->state == ORDER_OPEN &&
        out->expires_at > now + PAY_REUSE_MARGIN)
        return CK_OK;
    if (cfg->upstream_url[0] == '\0')
        return ck_diag_fail(d, CK_E_UPSTREAM, "未连接上级系统，请到窗口缴费", "no upstream: please pay at the window");
    if ((body = order_request(&job)) == NULL)
        return CK_E_NOMEM;
    if (!sync_http_post(cfg, "/v1/payments", body, &a) || (a.status != 200 && a.status != 201)) {
        rc = sync_answer_fail(&a, "生成支付二维码（可到窗口缴费）", "payment order (the window takes payment too)",
                              NULL, 0, d);
    } else if (!sync_parse_order(a.data, a.len, &so, why, sizeof why)) {
        rc = ck_diag_fail(d, CK_E_UPSTREAM, "支付订单无法读取（%s），请到窗口缴费",
                          "the payment order is unreadable (%s): please pay at the window", why);
    } else if (so.amount_fen != job.total_fen) {
        rc = ck_diag_fail(d, CK_E_AMOUNT_MISMATCH, "支付订单金额%lld分与应付%lld分不符，请到窗口缴费",
                          "the order is for %lld fen but %lld fen are due", (long long)so.amount_fen,
                          (long long)job.total_fen);
    } else {
        memset(out, 0, sizeof *out);
        snprintf(out->order_id, sizeof out->order_id, "%s", so.order);
        snprintf(out->job_uuid, sizeof out->job_uuid, "%s", uuid);
        snprintf(out->code_url, sizeof out->code_url, "%s", so.code_url);
        out->amount_fen = so.amount_fen;
        out->created_at = now;
        out->expires_at = so.expires_at;
        out->next_poll_at = next_poll(now, 0);
        out->state = ORDER_OPEN;
        rc = store_order_add(st, out, now, d);
        if (rc == CK_E_DUPLICATE) /* the upstream handed back the order we already have */
            rc = store_order_for_job(st, uuid, out, d);
    }
    free(a.data);
    free(body);
    return rc;
}

/* Asks the upstream to close the order: CLOSED, or told that it was paid after all (check again at once). */
static ck_err close_upstream(ck_store *st, const ck_config *cfg, const ck_pay_order *o, int64_t now, ck_pay_result *out,
                             ck_diag *d)
{
    char path[96], code[48] = "";
    sync_answer a = {0};
    ck_err rc;
    snprintf(path, sizeof path, "/v1/payments/%s/close", o->order_id);
    if (sync_http_post(cfg, path, "{}", &a) && a.status == 200) {
        out->state = ORDER_CLOSED;
        rc = store_order_set(st, o->order_id, ORDER_CLOSED, now, now, d);
    } else {
        rc = sync_answer_fail(&a, "关闭支付订单", "closing the payment order", code, sizeof code, d);
        out->state = ORDER_CLOSING;
        /* Paid after all: the next check books it (flagged for refund when the job was cancelled). */
        store_order_set(st, o->order_id, ORDER_CLOSING,
                        strcmp(code, "order_paid") == 0 ? now : next_poll(now, o->polls), now, NULL);
        if (strcmp(code, "order_paid") == 0)
            rc = CK_OK;
    }
    free(a.data);
    return rc;
}

ck_err sync_pay_check(ck_store *st, const ck_config *cfg, const ck_pay_order *o, int64_t now, ck_pay_result *out,
                      ck_diag *d)
{
    char path[96], why[160];
    sync_answer a = {0};
    sync_trade t;
    ck_err rc;
    memset(out, 0, sizeof *out);
    out->state = o->state;
    snprintf(path, sizeof path, "/v1/payments/%s", o->order_id);
    if (!sync_http_get(cfg, path, &a) || a.status != 200) {
        rc = sync_answer_fail(&a, "查询支付结果", "payment status", NULL, 0, d);
        store_order_set(st, o->order_id, o->state, next_poll(now, o->polls), now, NULL);
    } else if (!sync_parse_trade(a.data, a.len, &t, why, sizeof why)) {
        rc = ck_diag_fail(d, CK_E_UPSTREAM, "支付结果无法读取（%s）", "the payment status is unreadable (%s)", why);
        store_order_set(st, o->order_id, o->state, next_poll(now, o->polls), now, NULL);
    } else if (t.state == TRADE_SUCCESS) {
        rc = store_order_paid(st, o->order_id, t.transaction_id, t.paid_fen, now, &out->receipt_no, d);
        out->state = rc == CK_OK ? ORDER_PAID : o->state;
        out->refund_due = rc == CK_OK && out->receipt_no == 0;
    } else if (t.state == TRADE_NOTPAY || t.state == TRADE_USERPAYING) {
        if (o->state == ORDER_CLOSING || now >= o->expires_at)
            rc = close_upstream(st, cfg, o, now, out, d);
        else
            rc = store_order_set(st, o->order_id, ORDER_OPEN, next_poll(now, o->polls), now, d);
    } else { /* CLOSED, REVOKED, PAYERROR, REFUND: nothing more will be paid on it */
        out->state = ORDER_CLOSED;
        rc = store_order_set(st, o->order_id, ORDER_CLOSED, now, now, d);
    }
    free(a.data);
    return rc;
}

ck_err sync_pay_cancel(ck_store *st, const ck_config *cfg, const char *uuid, int64_t now, ck_diag *d)
{
    ck_pay_order o;
    ck_pay_result r;
    ck_err rc =
        store_job_transition(st, uuid, JOB_CANCELLED, ORIGIN_KIOSK, "customer", "cancelled at the kiosk", now, d);
    if (rc != CK_OK)
        return rc;
    if (store_order_for_job(st, uuid, &o, NULL) != CK_OK || (o.state != ORDER_OPEN && o.state != ORDER_CLOSING))
        return CK_OK;
    if ((rc = store_order_set(st, o.order_id, ORDER_CLOSING, now, now, d)) != CK_OK)
        return rc;
    o.state = ORDER_CLOSING;
    /* Best effort now; the worker's rounds keep at it until the upstream confirms. */
    if (cfg->upstream_url[0] != '\0')
        sync_pay_check(st, cfg, &o, now, &r, NULL);
    return CK_OK;
}

ck_err sync_pay_round(ck_store *st, const ck_config *cfg, int64_t now, int *checked, ck_diag *d)
{
    ck_pay_order *due = calloc(PAY_ROUND_MAX, sizeof *due);
    ck_err rc;
    int n = 0;
    *checked = 0;
    if (due == NULL)
        return CK_E_NOMEM;
    rc = store_orders_due(st, now, due, PAY_ROUND_MAX, &n, d);
    for (int i = 0; rc == CK_OK && i < n; i++) {
        ck_pay_result r;
        ck_diag one = {"", ""};
        (*checked)++;
        if (sync_pay_check(st, cfg, &due[i], now, &r, &one) != CK_OK)
            store_sync_state_set(st, "last_error", one.en, now, NULL);
    }
    free(due);
    return rc;
}
