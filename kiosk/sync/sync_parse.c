/*
 * sync_parse.c - reading the upstream's answers (see sync_parse.h). Strict
 * about types and sizes: a string too long for its field, a number that is
 * not a whole number in range, or base64 that does not decode is a malformed
 * answer, never truncated or guessed.
 */
#include "sync_parse.h"

#include <cjson/cJSON.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SAFE_INT 9007199254740991.0 /* 2^53 - 1: larger doubles are not exact integers */

static cJSON *parse_object(const char *body, size_t len, char *why, size_t cap)
{
    cJSON *j = body != NULL && len > 0 ? cJSON_ParseWithLength(body, len) : NULL;
    if (j == NULL || !cJSON_IsObject(j)) {
        cJSON_Delete(j);
        snprintf(why, cap, "the answer is not a JSON object");
        return NULL;
    }
    return j;
}

/* A string member copied whole into out[cap]; false when absent (and required), not a string, or too long. */
static bool get_text(const cJSON *o, const char *name, char *out, size_t cap, bool required)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    out[0] = '\0';
    if (v == NULL)
        return !required;
    if (!cJSON_IsString(v) || strlen(v->valuestring) >= cap)
        return false;
    memcpy(out, v->valuestring, strlen(v->valuestring) + 1);
    return true;
}

/* A whole number in [min, 2^53) member; false when absent (and required), not a number, or fractional. */
static bool get_int(const cJSON *o, const char *name, int64_t min, int64_t *out, bool required)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    double x;
    *out = 0;
    if (v == NULL)
        return !required;
    if (!cJSON_IsNumber(v))
        return false;
    x = v->valuedouble;
    if (!(x >= (double)min && x <= MAX_SAFE_INT) || x != (double)(int64_t)x)
        return false;
    *out = (int64_t)x;
    return true;
}

/* Standard base64 into out[cap]; false when it is not base64 or does not fit. */
static bool get_base64(const cJSON *o, const char *name, uint8_t *out, size_t cap, size_t *out_len)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    size_t n, pad = 0;
    int got;
    *out_len = 0;
    if (!cJSON_IsString(v) || (n = strlen(v->valuestring)) == 0 || n % 4 != 0 || n / 4 * 3 > cap)
        return false;
    if (v->valuestring[n - 1] == '=')
        pad = v->valuestring[n - 2] == '=' ? 2 : 1;
    /* EVP_DecodeBlock counts padding as zero bytes; it refuses characters outside the alphabet. */
    if ((got = EVP_DecodeBlock(out, (const unsigned char *)v->valuestring, (int)n)) < 0 || (size_t)got < pad)
        return false;
    *out_len = (size_t)got - pad;
    return true;
}

bool sync_parse_error(const char *body, size_t len, sync_error *out)
{
    char why[40]; /* not reported: a body that is no error object is simply not one */
    cJSON *j = parse_object(body, len, why, sizeof why);
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "error"),
                *retry = cJSON_GetObjectItemCaseSensitive(e, "retry");
    bool ok = cJSON_IsObject(e) && get_text(e, "code", out->code, sizeof out->code, true) &&
              get_text(e, "message_zh", out->message_zh, sizeof out->message_zh, false) &&
              get_text(e, "message_en", out->message_en, sizeof out->message_en, false) &&
              (retry == NULL || cJSON_IsBool(retry));
    out->retry = ok && cJSON_IsTrue(retry);
    if (!ok)
        memset(out, 0, sizeof *out);
    cJSON_Delete(j);
    return ok;
}

static sync_item_status item_status(const char *s)
{
    if (strcmp(s, "accepted") == 0)
        return ITEM_ACCEPTED;
    if (strcmp(s, "rejected") == 0)
        return ITEM_REJECTED;
    if (strcmp(s, "conflict") == 0)
        return ITEM_CONFLICT;
    return ITEM_MALFORMED;
}

bool sync_parse_push(const char *body, size_t len, const char *const *keys, int n, sync_item_result *out, char *why,
                     size_t cap)
{
    cJSON *j = parse_object(body, len, why, cap);
    const cJSON *results = cJSON_GetObjectItemCaseSensitive(j, "results"), *res;
    int i = 0;
    if (j == NULL)
        return false;
    if (!cJSON_IsArray(results) || cJSON_GetArraySize(results) != n) {
        snprintf(why, cap, "the answer does not hold one result per item sent (%d)", n);
        cJSON_Delete(j);
        return false;
    }
    cJSON_ArrayForEach(res, results)
    {
        char key[80], status[16];
        sync_item_result *r = &out[i];
        memset(r, 0, sizeof *r);
        if (!cJSON_IsObject(res) || !get_text(res, "idem_key", key, sizeof key, true) || strcmp(key, keys[i]) != 0 ||
            !get_text(res, "status", status, sizeof status, true) ||
            !get_text(res, "reason", r->reason, sizeof r->reason, false))
            r->status = ITEM_MALFORMED;
        else
            r->status = item_status(status);
        i++;
    }
    cJSON_Delete(j);
    return true;
}

static bool change_kind(const char *to, sync_change_kind *out)
{
    static const char *const names[] = {"approved", "rejected", "issued", "revoked"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(to, names[i]) == 0) {
            *out = (sync_change_kind)i;
            return true;
        }
    return false;
}

/*
 * "certificate" and "seal", each base64 DER and each optional unless
 * cert_required; at least one of them. Present means well-formed: a seal
 * that does not decode as base64 is a malformed answer, not an absent seal.
 */
static bool read_issued(const cJSON *o, sync_issued *is, bool cert_required)
{
    bool has_cert = cJSON_GetObjectItemCaseSensitive(o, "certificate") != NULL;
    bool has_seal = cJSON_GetObjectItemCaseSensitive(o, "seal") != NULL;
    is->cert_len = is->seal_len = 0;
    if ((cert_required && !has_cert) || (!has_cert && !has_seal))
        return false;
    return (!has_cert || get_base64(o, "certificate", is->cert, sizeof is->cert, &is->cert_len)) &&
           (!has_seal || get_base64(o, "seal", is->seal, sizeof is->seal, &is->seal_len));
}

static bool read_change(const cJSON *ch, sync_change *c)
{
    char to[16];
    memset(c, 0, sizeof *c);
    if (!cJSON_IsObject(ch) || !get_int(ch, "cursor", 1, &c->cursor, true) ||
        !get_text(ch, "job", c->job, sizeof c->job, true) || c->job[0] == '\0' ||
        !get_text(ch, "to", to, sizeof to, true) || !change_kind(to, &c->kind) ||
        !get_text(ch, "reason_zh", c->reason_zh, sizeof c->reason_zh, false) ||
        !get_text(ch, "reason_en", c->reason_en, sizeof c->reason_en, false))
        return false;
    if (c->kind == CHANGE_ISSUED)
        return read_issued(ch, &c->issued, false) && get_text(ch, "serial", c->serial, sizeof c->serial,
                                                              c->issued.cert_len > 0);
    if (c->kind == CHANGE_REVOKED)
        return get_text(ch, "serial", c->serial, sizeof c->serial, false) &&
               get_int(ch, "revoked_at", 0, &c->revoked_at, false) &&
               get_text(ch, "crl_url", c->crl_url, sizeof c->crl_url, false) &&
               get_text(ch, "reason", c->reason_en, sizeof c->reason_en, false);
    return true;
}

bool sync_parse_changes(const char *body, size_t len, int (*fn)(const sync_change *c, void *ctx), void *ctx,
                        int64_t *next, bool *more, char *why, size_t cap)
{
    cJSON *j = parse_object(body, len, why, cap);
    const cJSON *changes = cJSON_GetObjectItemCaseSensitive(j, "changes"), *ch;
    const cJSON *more_j = cJSON_GetObjectItemCaseSensitive(j, "more");
    sync_change *c = NULL;
    int64_t last = 0;
    int i = 0;
    bool ok = j != NULL && cJSON_IsArray(changes) && get_int(j, "next", 0, next, true) &&
              (more_j == NULL || cJSON_IsBool(more_j));
    if (j != NULL && !ok)
        snprintf(why, cap, "the answer lacks 'changes' (an array) or 'next' (a cursor)");
    if (ok && (c = malloc(sizeof *c)) == NULL) {
        snprintf(why, cap, "out of memory");
        ok = false;
    }
    /* All or nothing: one change we cannot read means the cursor must not move past it. */
    if (ok)
        cJSON_ArrayForEach(ch, changes)
        {
            if (!read_change(ch, c) || c->cursor <= last || c->cursor > *next) {
                snprintf(why, cap, "change %d is malformed or out of order", i);
                ok = false;
                break;
            }
            last = c->cursor;
            i++;
        }
    if (ok && fn != NULL)
        cJSON_ArrayForEach(ch, changes)
        {
            read_change(ch, c);
            if (fn(c, ctx) != 0)
                break;
        }
    if (ok)
        *more = cJSON_IsTrue(more_j);
    free(c);
    cJSON_Delete(j);
    return ok;
}

bool sync_parse_cert(const char *body, size_t len, sync_issued *out, char *why, size_t cap)
{
    cJSON *j = parse_object(body, len, why, cap);
    bool ok = j != NULL && read_issued(j, out, true);
    if (j != NULL && !ok)
        snprintf(why, cap, "the answer lacks a base64 'certificate' (at most %d bytes) or has a malformed 'seal'",
                 SYNC_DER_MAX);
    cJSON_Delete(j);
    return ok;
}

bool sync_parse_heartbeat(const char *body, size_t len, int64_t *server_time, char *why, size_t cap)
{
    cJSON *j = parse_object(body, len, why, cap);
    bool ok = j != NULL && get_int(j, "server_time", 1, server_time, true);
    if (j != NULL && !ok)
        snprintf(why, cap, "heartbeat: the answer lacks server_time");
    cJSON_Delete(j);
    return ok;
}

bool sync_parse_order(const char *body, size_t len, sync_order *out, char *why, size_t cap)
{
    cJSON *j = parse_object(body, len, why, cap);
    bool ok;
    memset(out, 0, sizeof *out);
    ok = j != NULL && get_text(j, "order", out->order, sizeof out->order, true) && out->order[0] != '\0' &&
         get_text(j, "code_url", out->code_url, sizeof out->code_url, true) &&
         strncmp(out->code_url, "weixin://", 9) == 0 && get_int(j, "amount_fen", 1, &out->amount_fen, true) &&
         get_int(j, "expires_at", 0, &out->expires_at, true);
    if (j != NULL && !ok)
        snprintf(why, cap, "the order lacks order, a weixin:// code_url, amount_fen or expires_at");
    cJSON_Delete(j);
    return ok;
}

bool sync_parse_trade(const char *body, size_t len, sync_trade *out, char *why, size_t cap)
{
    static const char *const names[] = {"NOTPAY", "USERPAYING", "SUCCESS", "CLOSED", "REVOKED", "PAYERROR", "REFUND"};
    cJSON *j = parse_object(body, len, why, cap);
    char state[16];
    bool ok = false;
    memset(out, 0, sizeof *out);
    if (j != NULL && get_text(j, "trade_state", state, sizeof state, true))
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (strcmp(state, names[i]) == 0) {
                out->state = (sync_trade_state)i;
                ok = true;
            }
    /* A success names its transaction and what was paid; a number the kiosk cannot book is no success. */
    if (ok && out->state == TRADE_SUCCESS)
        ok = get_text(j, "transaction_id", out->transaction_id, sizeof out->transaction_id, true) &&
             out->transaction_id[0] != '\0' && get_int(j, "paid_fen", 1, &out->paid_fen, true);
    if (j != NULL && !ok)
        snprintf(why, cap, "the payment status lacks a known trade_state (and for SUCCESS its transaction)");
    cJSON_Delete(j);
    return ok;
}
