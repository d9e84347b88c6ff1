/*
 * upstream_ref.c - the reference CA upstream (docs/upstream-api.md), the
 * kiosk's counterpart in tests and demos: HTTPS with mutual TLS
 * (libmicrohttpd over GnuTLS), its own SQLite file, and the same validation
 * rules as the kiosk (kiosk/core). This first part serves POST /v1/jobs with
 * idempotency keys and POST /v1/heartbeat.
 *   usage: upstream_ref --db FILE --cert PEM --key PEM --client-ca PEM [--port N]
 * With --port 0 (the default) it picks a free loopback port and prints
 * "listening on PORT". It stops on SIGTERM or SIGINT.
 */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <microhttpd.h>
#include <openssl/evp.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "services.h"
#include "validate.h"

#define MAX_BODY  (1024 * 1024)
#define MAX_ITEMS 100

struct server {
    sqlite3 *db;
};

struct request {
    char *body;
    size_t len;
    bool too_large;
};

static volatile sig_atomic_t stopping;
static void on_signal(int sig) { (void)sig, stopping = 1; }

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
        (buf = malloc((size_t)n + 1)) == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    } else {
        buf[n] = '\0';
    }
    if (f != NULL)
        fclose(f);
    return buf;
}

static enum MHD_Result send_json(struct MHD_Connection *c, unsigned status, cJSON *body)
{
    char *text = cJSON_PrintUnformatted(body);
    struct MHD_Response *r;
    enum MHD_Result ret;
    cJSON_Delete(body);
    if (text == NULL)
        return MHD_NO;
    r = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, "Content-Type", "application/json");
    ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *code, const char *zh,
                                  const char *en, bool retry)
{
    cJSON *body = cJSON_CreateObject(), *e = cJSON_AddObjectToObject(body, "error");
    cJSON_AddStringToObject(e, "code", code);
    cJSON_AddStringToObject(e, "message_zh", zh);
    cJSON_AddStringToObject(e, "message_en", en);
    cJSON_AddBoolToObject(e, "retry", retry);
    return send_json(c, status, body);
}

static enum MHD_Result count_kiosk_id(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind, (void)value;
    if (strcasecmp(key, "X-Kiosk-Id") == 0)
        (*(int *)cls)++;
    return MHD_YES;
}

/* The client certificate must verify against the kiosk CA; its CN is the kiosk id, which X-Kiosk-Id must repeat. */
static bool authorised(struct MHD_Connection *c, char *kiosk, size_t cap)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
    gnutls_session_t s;
    const gnutls_datum_t *certs;
    unsigned int n = 0, status = 1;
    gnutls_x509_crt_t crt;
    size_t len = cap;
    const char *hdr = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Kiosk-Id");
    bool ok;
    if (ci == NULL || (s = (gnutls_session_t)ci->tls_session) == NULL)
        return false;
    if (gnutls_certificate_verify_peers2(s, &status) != GNUTLS_E_SUCCESS || status != 0)
        return false;
    if ((certs = gnutls_certificate_get_peers(s, &n)) == NULL || n == 0 || gnutls_x509_crt_init(&crt) != 0)
        return false;
    ok = gnutls_x509_crt_import(crt, &certs[0], GNUTLS_X509_FMT_DER) == 0 &&
         gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, kiosk, &len) == 0;
    gnutls_x509_crt_deinit(crt);
    /* Exactly one X-Kiosk-Id, equal to the certificate's CN: a second one could smuggle another identity. */
    {
        int ids = 0;
        MHD_get_connection_values(c, MHD_HEADER_KIND, count_kiosk_id, &ids);
        return ok && hdr != NULL && ids == 1 && strcmp(hdr, kiosk) == 0;
    }
}

static void sha256_hex(const char *text, char out[65])
{
    unsigned char md[32];
    unsigned int n = 0;
    EVP_Digest(text, strlen(text), md, &n, EVP_sha256(), NULL);
    for (unsigned i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* The rules the kiosk applies, applied again: an upstream never trusts its clients. */
static const char *validate_job(const cJSON *job, const char *idem_key)
{
    const cJSON *uuid = cJSON_GetObjectItemCaseSensitive(job, "uuid");
    const cJSON *service = cJSON_GetObjectItemCaseSensitive(job, "service");
    const cJSON *uscc = cJSON_GetObjectItemCaseSensitive(job, "uscc");
    ck_service s;
    validate_result r;
    if (!cJSON_IsString(uuid) || strcmp(uuid->valuestring, idem_key) != 0)
        return "uuid_mismatch";
    if (!cJSON_IsString(service) || services_parse(service->valuestring, &s) != CK_OK)
        return "unknown_service";
    if (uscc != NULL && (!cJSON_IsString(uscc) || uscc_validate(uscc->valuestring, &r) != CK_OK))
        return cJSON_IsString(uscc) ? validate_reason_name(r.reason) : "bad_uscc";
    return NULL;
}

/* One pushed item: replayed, conflicting, rejected or accepted, remembered under its key. */
static cJSON *push_item(struct server *sv, const char *kiosk, const cJSON *item)
{
    const cJSON *key = cJSON_GetObjectItemCaseSensitive(item, "idem_key");
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(item, "kind");
    cJSON *res = cJSON_CreateObject();
    char *text = cJSON_PrintUnformatted(item), hash[65];
    const char *status = "accepted", *reason = NULL;
    sqlite3_stmt *q = NULL;
    if (!cJSON_IsString(key) || strlen(key->valuestring) == 0 || strlen(key->valuestring) > 64 ||
        !cJSON_IsString(kind)) {
        cJSON_AddStringToObject(res, "status", "rejected");
        cJSON_AddStringToObject(res, "reason", "bad_item");
        free(text);
        return res;
    }
    cJSON_AddStringToObject(res, "idem_key", key->valuestring);
    sha256_hex(text, hash);
    sqlite3_prepare_v2(sv->db, "SELECT body_sha, status, reason FROM idem WHERE key = ?", -1, &q, NULL);
    sqlite3_bind_text(q, 1, key->valuestring, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW) {
        bool same = strcmp((const char *)sqlite3_column_text(q, 0), hash) == 0;
        cJSON_AddStringToObject(res, "status", same ? (const char *)sqlite3_column_text(q, 1) : "conflict");
        if (same && sqlite3_column_type(q, 2) != SQLITE_NULL)
            cJSON_AddStringToObject(res, "reason", (const char *)sqlite3_column_text(q, 2));
        cJSON_AddBoolToObject(res, "replayed", same);
        sqlite3_finalize(q);
        free(text);
        return res;
    }
    sqlite3_finalize(q);
    if (strcmp(kind->valuestring, "job.submit") == 0)
        reason = validate_job(cJSON_GetObjectItemCaseSensitive(item, "job"), key->valuestring);
    else if (strcmp(kind->valuestring, "job.event") != 0)
        reason = "unknown_kind";
    if (reason != NULL)
        status = "rejected";
    sqlite3_exec(sv->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    sqlite3_prepare_v2(sv->db,
                       "INSERT INTO idem (key, kiosk, body_sha, status, reason, body, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       -1, &q, NULL);
    sqlite3_bind_text(q, 1, key->valuestring, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, kiosk, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, status, -1, SQLITE_STATIC);
    if (reason != NULL)
        sqlite3_bind_text(q, 5, reason, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 6, text, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 7, (sqlite3_int64)time(NULL));
    sqlite3_step(q);
    sqlite3_finalize(q);
    sqlite3_exec(sv->db, "COMMIT", NULL, NULL, NULL);
    cJSON_AddStringToObject(res, "status", status);
    if (reason != NULL)
        cJSON_AddStringToObject(res, "reason", reason);
    cJSON_AddBoolToObject(res, "replayed", false);
    free(text);
    return res;
}

static enum MHD_Result handle_jobs(struct server *sv, struct MHD_Connection *c, const char *kiosk, cJSON *body)
{
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(body, "items"), *it;
    cJSON *answer, *results;
    if (!cJSON_IsArray(items))
        return send_error(c, 400, "bad_request", "缺少 items 数组", "'items' must be an array", false);
    if (cJSON_GetArraySize(items) > MAX_ITEMS)
        return send_error(c, 413, "too_large", "一批最多100项", "at most 100 items per push", false);
    answer = cJSON_CreateObject();
    results = cJSON_AddArrayToObject(answer, "results");
    cJSON_ArrayForEach(it, items) cJSON_AddItemToArray(results, push_item(sv, kiosk, it));
    return send_json(c, 200, answer);
}

/* GET /v1/changes?since=N&limit=M: this kiosk's status changes after cursor N, oldest first. */
static enum MHD_Result handle_changes(struct server *sv, struct MHD_Connection *c, const char *kiosk)
{
    const char *since_s = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since");
    const char *limit_s = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "limit");
    long long since = since_s != NULL ? atoll(since_s) : 0, next = since;
    int limit = limit_s != NULL ? atoi(limit_s) : 100, n = 0;
    cJSON *answer, *arr;
    sqlite3_stmt *q = NULL;
    if (limit < 1 || limit > 500 || since < 0)
        return send_error(c, 400, "bad_request", "since/limit 超出范围", "since or limit out of range", false);
    answer = cJSON_CreateObject();
    arr = cJSON_AddArrayToObject(answer, "changes");
    sqlite3_prepare_v2(sv->db,
                       "SELECT cursor, job, to_state, reason_zh, reason_en FROM changes WHERE kiosk = ? AND cursor > ?"
                       " ORDER BY cursor LIMIT ?",
                       -1, &q, NULL);
    sqlite3_bind_text(q, 1, kiosk, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, since);
    sqlite3_bind_int(q, 3, limit + 1);
    while (sqlite3_step(q) == SQLITE_ROW) {
        cJSON *ch;
        if (++n > limit)
            break;
        ch = cJSON_CreateObject();
        next = sqlite3_column_int64(q, 0);
        cJSON_AddNumberToObject(ch, "cursor", (double)next);
        cJSON_AddStringToObject(ch, "job", (const char *)sqlite3_column_text(q, 1));
        cJSON_AddStringToObject(ch, "to", (const char *)sqlite3_column_text(q, 2));
        if (sqlite3_column_type(q, 3) != SQLITE_NULL)
            cJSON_AddStringToObject(ch, "reason_zh", (const char *)sqlite3_column_text(q, 3));
        if (sqlite3_column_type(q, 4) != SQLITE_NULL)
            cJSON_AddStringToObject(ch, "reason_en", (const char *)sqlite3_column_text(q, 4));
        cJSON_AddItemToArray(arr, ch);
    }
    sqlite3_finalize(q);
    cJSON_AddNumberToObject(answer, "next", (double)next);
    cJSON_AddBoolToObject(answer, "more", n > limit);
    return send_json(c, 200, answer);
}

/* Test only: a reviewer's decision on a job this kiosk submitted (stands in for the CA's back office). */
static enum MHD_Result handle_decide(struct server *sv, struct MHD_Connection *c, const char *kiosk, cJSON *body)
{
    const cJSON *job = cJSON_GetObjectItemCaseSensitive(body, "job"),
                *to = cJSON_GetObjectItemCaseSensitive(body, "to");
    const cJSON *zh = cJSON_GetObjectItemCaseSensitive(body, "reason_zh");
    const cJSON *en = cJSON_GetObjectItemCaseSensitive(body, "reason_en");
    sqlite3_stmt *q = NULL;
    bool known;
    if (!cJSON_IsString(job) || !cJSON_IsString(to) ||
        (strcmp(to->valuestring, "approved") != 0 && strcmp(to->valuestring, "rejected") != 0))
        return send_error(c, 400, "bad_request", "需要 job 和 to（approved/rejected）",
                          "job and to (approved|rejected) needed", false);
    sqlite3_prepare_v2(sv->db, "SELECT 1 FROM idem WHERE key = ? AND kiosk = ? AND status = 'accepted'", -1, &q, NULL);
    sqlite3_bind_text(q, 1, job->valuestring, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, kiosk, -1, SQLITE_STATIC);
    known = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_finalize(q);
    if (!known)
        return send_error(c, 404, "not_found", "没有这个业务", "no such job from this kiosk", false);
    sqlite3_prepare_v2(sv->db,
                       "INSERT INTO changes (kiosk, job, to_state, reason_zh, reason_en, at) VALUES (?, ?, ?, ?, ?, ?)",
                       -1, &q, NULL);
    sqlite3_bind_text(q, 1, kiosk, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, job->valuestring, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, to->valuestring, -1, SQLITE_STATIC);
    if (cJSON_IsString(zh))
        sqlite3_bind_text(q, 4, zh->valuestring, -1, SQLITE_STATIC);
    if (cJSON_IsString(en))
        sqlite3_bind_text(q, 5, en->valuestring, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 6, (sqlite3_int64)time(NULL));
    known = sqlite3_step(q) == SQLITE_DONE;
    sqlite3_finalize(q);
    if (!known)
        return send_error(c, 500, "internal", "保存失败", "the decision could not be saved", true);
    return send_json(c, 200, cJSON_CreateObject());
}

static enum MHD_Result handle_heartbeat(struct MHD_Connection *c, cJSON *body)
{
    cJSON *answer = cJSON_CreateObject();
    (void)body;
    cJSON_AddNumberToObject(answer, "server_time", (double)time(NULL));
    cJSON_AddStringToObject(answer, "min_version", "0.1.0");
    return send_json(c, 200, answer);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    struct server *sv = cls;
    struct request *rq = *con_cls;
    char kiosk[128];
    cJSON *body;
    enum MHD_Result ret;
    (void)version;
    if (rq == NULL) {
        if ((rq = calloc(1, sizeof *rq)) == NULL)
            return MHD_NO;
        *con_cls = rq;
        return MHD_YES;
    }
    if (*upload_size > 0) { /* body arriving: keep it, within the limit */
        if (!rq->too_large && rq->len + *upload_size <= MAX_BODY) {
            char *grown = realloc(rq->body, rq->len + *upload_size + 1);
            if (grown == NULL)
                return MHD_NO;
            rq->body = grown;
            memcpy(rq->body + rq->len, upload, *upload_size);
            rq->len += *upload_size;
            rq->body[rq->len] = '\0';
        } else {
            rq->too_large = true;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (!authorised(c, kiosk, sizeof kiosk))
        return send_error(c, 403, "not_authorised", "终端证书无效或与终端编号不符",
                          "client certificate missing, not trusted, or not this kiosk's", false);
    if (strcmp(method, "GET") == 0 && strcmp(url, "/v1/changes") == 0)
        return handle_changes(sv, c, kiosk);
    if (strcmp(method, "POST") != 0)
        return send_error(c, 405, "bad_request", "只接受POST", "only POST is served", false);
    if (rq->too_large)
        return send_error(c, 413, "too_large", "请求超过1 MiB", "the body is over 1 MiB", false);
    if ((body = cJSON_ParseWithLength(rq->body != NULL ? rq->body : "", rq->len)) == NULL || !cJSON_IsObject(body)) {
        cJSON_Delete(body);
        return send_error(c, 400, "bad_request", "JSON格式错误", "the body is not a JSON object", false);
    }
    if (strcmp(url, "/v1/jobs") == 0)
        ret = handle_jobs(sv, c, kiosk, body);
    else if (strcmp(url, "/v1/heartbeat") == 0)
        ret = handle_heartbeat(c, body);
    else if (strcmp(url, "/v1/test/decide") == 0)
        ret = handle_decide(sv, c, kiosk, body);
    else
        ret = send_error(c, 404, "not_found", "没有这个接口", "no such endpoint", false);
    cJSON_Delete(body);
    return ret;
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    struct request *rq = *con_cls;
    (void)cls, (void)c, (void)toe;
    if (rq != NULL) {
        free(rq->body);
        free(rq);
        *con_cls = NULL;
    }
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},   {"cert", required_argument, NULL, 'c'},
        {"key", required_argument, NULL, 'k'},  {"client-ca", required_argument, NULL, 'a'},
        {"port", required_argument, NULL, 'p'}, {0},
    };
    const char *db_path = NULL, *cert_path = NULL, *key_path = NULL, *ca_path = NULL;
    char *cert, *key, *ca;
    int port = 0, o;
    struct server sv = {0};
    struct MHD_Daemon *d;
    const union MHD_DaemonInfo *info;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (o) {
        case 'd': db_path = optarg; break;
        case 'c': cert_path = optarg; break;
        case 'k': key_path = optarg; break;
        case 'a': ca_path = optarg; break;
        case 'p': port = atoi(optarg); break;
        default: return 2;
        }
    }
    if (db_path == NULL || cert_path == NULL || key_path == NULL || ca_path == NULL) {
        fprintf(stderr, "usage: upstream_ref --db FILE --cert PEM --key PEM --client-ca PEM [--port N]\n");
        return 2;
    }
    cert = read_file(cert_path), key = read_file(key_path), ca = read_file(ca_path);
    if (cert == NULL || key == NULL || ca == NULL || sqlite3_open(db_path, &sv.db) != SQLITE_OK ||
        sqlite3_exec(
            sv.db,
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
            "CREATE TABLE IF NOT EXISTS idem (key TEXT PRIMARY KEY, kiosk TEXT NOT NULL, body_sha TEXT NOT NULL,"
            " status TEXT NOT NULL, reason TEXT, body TEXT NOT NULL, at INTEGER NOT NULL);"
            "CREATE TABLE IF NOT EXISTS changes (cursor INTEGER PRIMARY KEY AUTOINCREMENT, kiosk TEXT NOT NULL,"
            " job TEXT NOT NULL, to_state TEXT NOT NULL, reason_zh TEXT, reason_en TEXT, at INTEGER NOT NULL);",
            NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "upstream_ref: cannot read the TLS files or open %s\n", db_path);
        return 1;
    }
    d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_TLS | MHD_USE_ERROR_LOG, (uint16_t)port, NULL, NULL,
                         on_request, &sv, MHD_OPTION_HTTPS_MEM_KEY, key, MHD_OPTION_HTTPS_MEM_CERT, cert,
                         MHD_OPTION_HTTPS_MEM_TRUST, ca, MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
                         MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
    if (d == NULL || (info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)) == NULL) {
        fprintf(stderr, "upstream_ref: cannot start the HTTPS server\n");
        return 1;
    }
    printf("listening on %u\n", info->port);
    fflush(stdout);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    while (!stopping)
        pause();
    MHD_stop_daemon(d);
    sqlite3_close(sv.db);
    free(cert), free(key), free(ca);
    return 0;
}
