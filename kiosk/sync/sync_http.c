/* sync_http.c - the one way the kiosk talks HTTP: libcurl with mutual TLS (see sync_http.h). */
#include "sync_http.h"

#include "sync_parse.h"

#include <curl/curl.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct sink {
    sync_answer *a;
    bool too_large;
};

static size_t on_data(char *p, size_t size, size_t n, void *user)
{
    struct sink *s = user;
    size_t len = size * n;
    char *grown;
    if (s->too_large || s->a->len + len > SYNC_MAX_ANSWER) {
        s->too_large = true;
        return 0; /* stops the transfer: an answer this large is not one we asked for */
    }
    if ((grown = realloc(s->a->data, s->a->len + len + 1)) == NULL)
        return 0;
    s->a->data = grown;
    memcpy(s->a->data + s->a->len, p, len);
    s->a->len += len;
    s->a->data[s->a->len] = '\0';
    return len;
}

void sync_http_global_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

/*
 * Each thread keeps one libcurl handle, so consecutive requests reuse the TLS
 * connection (a handshake per request cost a third of a 10,000-job sync, and
 * far more over a real WAN). It is a per-thread cache, not shared state:
 * every request resets it and sets all its options again.
 */
static _Thread_local CURL *thread_handle;

static CURL *handle(void)
{
    if (thread_handle == NULL)
        thread_handle = curl_easy_init();
    else
        curl_easy_reset(thread_handle); /* options cleared; the connection cache kept */
    return thread_handle;
}

void sync_http_thread_done(void)
{
    curl_easy_cleanup(thread_handle);
    thread_handle = NULL;
}

/* The one mapping from libcurl's failures to their kinds. */
static sync_net net_of(CURLcode rc)
{
    switch (rc) {
    case CURLE_OK: return SYNC_NET_OK;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return SYNC_NET_DNS;
    case CURLE_COULDNT_CONNECT: return SYNC_NET_CONNECT;
    case CURLE_OPERATION_TIMEDOUT: return SYNC_NET_TIMEOUT;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE: return SYNC_NET_TLS_SERVER;
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED: return SYNC_NET_TLS_CLIENT;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CIPHER: return SYNC_NET_TLS;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT: return SYNC_NET_URL;
    default: return SYNC_NET_OTHER;
    }
}

static bool request(const ck_config *cfg, const char *path, const char *body, sync_answer *a)
{
    CURL *h = handle();
    struct curl_slist *hdr = NULL;
    struct sink sink = {a, false};
    char url[320], kiosk[64], reqid[40], why[CURL_ERROR_SIZE] = "";
    unsigned char r[8];
    CURLcode rc;
    memset(a, 0, sizeof *a);
    if (h == NULL) {
        snprintf(a->error, sizeof a->error, "out of memory");
        return false;
    }
    snprintf(url, sizeof url, "%s%s", cfg->upstream_url, path);
    snprintf(kiosk, sizeof kiosk, "X-Kiosk-Id: %s", cfg->kiosk_id);
    RAND_bytes(r, sizeof r);
    snprintf(reqid, sizeof reqid, "X-Request-Id: %02x%02x%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3], r[4], r[5],
             r[6], r[7]);
    hdr = curl_slist_append(hdr, "Content-Type: application/json");
    hdr = curl_slist_append(hdr, kiosk);
    hdr = curl_slist_append(hdr, reqid);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https"); /* never plain HTTP, never a redirect elsewhere */
    curl_easy_setopt(h, CURLOPT_CAINFO, cfg->upstream_ca);
    curl_easy_setopt(h, CURLOPT_SSLCERT, cfg->upstream_cert);
    curl_easy_setopt(h, CURLOPT_SSLKEY, cfg->upstream_key);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (cfg->upstream_pin[0] != '\0')
        curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, cfg->upstream_pin);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    if (body != NULL)
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)cfg->upstream_timeout_s);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, cfg->upstream_timeout_s < 15 ? (long)cfg->upstream_timeout_s : 15L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, why); /* the precise cause, e.g. which certificate check failed */
    rc = curl_easy_perform(h);
    a->net = net_of(rc);
    if (rc == CURLE_OK) {
        struct curl_header *date = NULL;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &a->status);
        if (curl_easy_header(h, "Date", 0, CURLH_HEADER, -1, &date) == CURLHE_OK) {
            time_t t = curl_getdate(date->value, NULL);
            a->date = t > 0 ? (int64_t)t : 0;
        }
    } else
        snprintf(a->error, sizeof a->error, "%s",
                 sink.too_large   ? "answer over 1 MiB"
                 : why[0] != '\0' ? why
                                  : curl_easy_strerror(rc));
    curl_slist_free_all(hdr);
    return rc == CURLE_OK;
}

bool sync_http_post(const ck_config *cfg, const char *path, const char *body, sync_answer *a)
{
    return request(cfg, path, body, a);
}

bool sync_http_get(const ck_config *cfg, const char *path, sync_answer *a) { return request(cfg, path, NULL, a); }

ck_err sync_answer_fail(const sync_answer *a, const char *what_zh, const char *what_en, char *code, size_t code_cap,
                        ck_diag *d)
{
    sync_error e;
    bool readable = a->status != 0 && sync_parse_error(a->data, a->len, &e);
    if (code != NULL && code_cap > 0)
        snprintf(code, code_cap, "%s", readable ? e.code : "");
    if (a->status == 0) {
        ck_diag_zh(d, CK_E_UPSTREAM, "%s：网络不通（%s）", what_zh, a->error);
        return ck_diag_en(d, CK_E_UPSTREAM, "%s: the upstream cannot be reached (%s)", what_en, a->error);
    }
    if (a->status >= 400 && a->status < 500 && a->status != 429 && readable) {
        ck_diag_zh(d, CK_E_UPSTREAM_REFUSED, "%s：%s", what_zh, e.message_zh);
        return ck_diag_en(d, CK_E_UPSTREAM_REFUSED, "%s: %s (%s)", what_en, e.message_en, e.code);
    }
    ck_diag_zh(d, CK_E_UPSTREAM, "%s：上级系统暂时无法处理（HTTP %ld）", what_zh, a->status);
    return ck_diag_en(d, CK_E_UPSTREAM, "%s: the upstream could not answer usably (HTTP %ld)", what_en, a->status);
}
