/*
 * ref_http.c - the reference upstream's HTTP plumbing: building and sending
 * answers (JSON, the protocol's error bodies, raw bytes), collecting request
 * bodies within the 1 MiB limit, and the mutual-TLS check that the client
 * certificate's CN is the X-Kiosk-Id.
 */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ref.h"

void ref_answer_clear(ref_answer *a)
{
    cJSON_Delete(a->json);
    free(a->raw);
    *a = (ref_answer){0};
}

void ref_answer_json(ref_answer *a, unsigned status, cJSON *body)
{
    ref_answer_clear(a);
    if (body == NULL) {
        ref_answer_internal(a, "out of memory building an answer");
        return;
    }
    a->status = status;
    a->json = body;
}

void ref_answer_error(ref_answer *a, unsigned status, const char *code, const char *zh, const char *en, bool retry)
{
    cJSON *body = cJSON_CreateObject(), *e = cJSON_AddObjectToObject(body, "error");
    cJSON_AddStringToObject(e, "code", code);
    cJSON_AddStringToObject(e, "message_zh", zh);
    cJSON_AddStringToObject(e, "message_en", en);
    cJSON_AddBoolToObject(e, "retry", retry);
    ref_answer_clear(a);
    a->status = status;
    a->json = body; /* NULL when out of memory: ref_http_send then drops the connection */
}

void ref_answer_internal(ref_answer *a, const char *what)
{
    fprintf(stderr, "upstream_ref: %s\n", what);
    ref_answer_error(a, 500, "internal", "上游服务内部错误，请稍后再试", "upstream failure, try again later", true);
}

void ref_answer_raw(ref_answer *a, unsigned status, const char *content_type, const void *bytes, size_t len)
{
    ref_answer_clear(a);
    if ((a->raw = malloc(len > 0 ? len : 1)) == NULL) {
        ref_answer_internal(a, "out of memory building an answer");
        return;
    }
    if (len > 0)
        memcpy(a->raw, bytes, len);
    a->raw_len = len;
    a->status = status;
    a->content_type = content_type;
}

static void wait_ms(int ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (ms > 0 && nanosleep(&ts, &ts) != 0)
        ;
}

enum MHD_Result ref_http_send(struct MHD_Connection *c, const struct ref_faults *f, ref_answer *a)
{
    struct MHD_Response *r = NULL;
    enum MHD_Result ret = MHD_NO;
    char *text = NULL;
    wait_ms(f->latency_ms);
    if (a->drop || a->status == 0)
        goto cleanup;
    if (a->raw != NULL) {
        r = MHD_create_response_from_buffer(a->raw_len, a->raw, MHD_RESPMEM_MUST_FREE);
        if (r != NULL)
            a->raw = NULL; /* the response owns it now */
    } else if (a->json != NULL && (text = cJSON_PrintUnformatted(a->json)) != NULL) {
        r = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
        if (r != NULL)
            text = NULL;
    }
    if (r == NULL)
        goto cleanup;
    if (MHD_add_response_header(r, "Content-Type", a->content_type != NULL ? a->content_type : "application/json") !=
            MHD_YES ||
        (a->retry_after && MHD_add_response_header(r, "Retry-After", "1") != MHD_YES))
        goto cleanup;
    ret = MHD_queue_response(c, a->status, r);
cleanup:
    if (r != NULL)
        MHD_destroy_response(r);
    free(text);
    ref_answer_clear(a);
    return ret;
}

bool ref_http_collect(struct ref_request *rq, const char *upload, size_t size)
{
    char *grown;
    if (rq->too_large || rq->len + size > REF_MAX_BODY) {
        rq->too_large = true; /* keep reading, answer 413 at the end */
        return true;
    }
    if ((grown = realloc(rq->body, rq->len + size + 1)) == NULL)
        return false;
    rq->body = grown;
    memcpy(rq->body + rq->len, upload, size);
    rq->len += size;
    rq->body[rq->len] = '\0';
    return true;
}

static enum MHD_Result count_kiosk_id(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind, (void)value;
    if (strcasecmp(key, "X-Kiosk-Id") == 0)
        (*(int *)cls)++;
    return MHD_YES;
}

bool ref_http_authorised(struct MHD_Connection *c, char *kiosk, size_t cap)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION);
    gnutls_session_t s;
    const gnutls_datum_t *certs;
    unsigned int n = 0, status = 1;
    gnutls_x509_crt_t crt;
    size_t len = cap;
    const char *hdr = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Kiosk-Id");
    int ids = 0;
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
    MHD_get_connection_values(c, MHD_HEADER_KIND, count_kiosk_id, &ids);
    return ok && hdr != NULL && ids == 1 && strcmp(hdr, kiosk) == 0;
}

bool ref_sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) != 1 || n != 32)
        return false;
    for (unsigned i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
    return true;
}

bool ref_random(unsigned char *buf, size_t n) { return n <= 0x7fffffff && RAND_bytes(buf, (int)n) == 1; }
