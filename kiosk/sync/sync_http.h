/*
 * sync_http.h - one HTTPS POST to the upstream as docs/upstream-api.md
 * requires: mutual TLS with the kiosk's certificate, only the configured CA
 * trusted, host name checked, HTTPS only, X-Kiosk-Id and X-Request-Id, the
 * configured time-outs, and an answer of at most 1 MiB. Blocking.
 */
#ifndef CK_SYNC_HTTP_H
#define CK_SYNC_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "error.h"

#define SYNC_MAX_ANSWER (1024 * 1024)

/* Why no answer came, by kind, for a diagnosis (certkioskctl doctor). */
typedef enum sync_net {
    SYNC_NET_OK = 0,     /* an answer came */
    SYNC_NET_DNS,        /* the host name does not resolve */
    SYNC_NET_CONNECT,    /* no connection: refused, unreachable */
    SYNC_NET_TIMEOUT,    /* no connection or answer within the time-out */
    SYNC_NET_TLS_SERVER, /* the upstream's certificate is not trusted: CA file, host name, pinned key */
    SYNC_NET_TLS_CLIENT, /* the kiosk's own certificate or key cannot be read or used */
    SYNC_NET_TLS,        /* the TLS handshake failed otherwise (e.g. the upstream refused the kiosk's certificate) */
    SYNC_NET_URL,        /* the URL is malformed or not https */
    SYNC_NET_OTHER,
} sync_net;

typedef struct sync_answer {
    char *data; /* NUL-terminated, the caller frees; NULL when nothing came */
    size_t len;
    long status;     /* HTTP status, 0 when no answer */
    char error[256]; /* why there was no usable answer ("" when status is set) */
    sync_net net;    /* SYNC_NET_OK when status is set, else the kind of failure */
    int64_t date;    /* the answer's Date header, seconds since the epoch; 0 when none */
} sync_answer;

/* libcurl's process-wide set-up; call once before any thread makes a request (repeat calls are harmless). */
void sync_http_global_init(void);

/* Releases the calling thread's connection to the upstream (kept between requests); call before a thread ends. */
void sync_http_thread_done(void);

/* true when an HTTP answer arrived (whatever its status); false with a->error saying why not. */
bool sync_http_post(const ck_config *cfg, const char *path, const char *body, sync_answer *a);
/* The same for a GET (body-less) request. */
bool sync_http_get(const ck_config *cfg, const char *path, sync_answer *a);

/*
 * The diagnosis for an answer that is not the success the caller wanted:
 * CK_E_UPSTREAM when nothing (or a 5xx, 429, or an unreadable body) came,
 * so it may work later; CK_E_UPSTREAM_REFUSED with the upstream's own
 * message for a 4xx refusal. what_zh / what_en name the request.
 * code (may be NULL) gets the upstream's error code, "" when none.
 */
ck_err sync_answer_fail(const sync_answer *a, const char *what_zh, const char *what_en, char *code, size_t code_cap,
                        ck_diag *d);

#endif
