/*
 * ref_main.c - the reference upstream's entry point: options, start-up and
 * the routing table. See ref.h for how the files fit and
 * docs/upstream-api.md for the protocol.
 *   usage: upstream_ref --db FILE --cert PEM --key PEM --client-ca PEM [--port N]
 *            [--ca-cert PEM --ca-key PEM] [--public-url URL] [--utc-offset-s N]
 *            [--fees FILE] [--order-ttl-s N]
 *            [--latency-ms N] [--fail-percent P] [--drop-percent P] [--garble-percent P]
 *            [--crash-after-commit-percent P] [--seed N] [--seal-font TTC] [--seal-days N]
 *            [--rules-clock-offset-s N]
 * With --port 0 (the default) it picks a free port and prints "listening on
 * PORT". It stops on SIGTERM or SIGINT. Defaults: no issuing CA (the
 * certificate endpoints answer 501 not_configured), --public-url
 * https://127.0.0.1:PORT, --utc-offset-s 28800 (China), the built-in fee
 * schedule, --order-ttl-s 7200, every fault off, --seed 1.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fees_file.h"
#include "ref.h"

static volatile sig_atomic_t stopping;
static void on_signal(int sig) { (void)sig, stopping = 1; }

/* ---- routing --------------------------------------------------------------- */

typedef enum route {
    R_CRL,
    R_CHANGES,
    R_STATS,
    R_PAYMENT,
    R_JOBS,
    R_CSR,
    R_REVOKE,
    R_HEARTBEAT,
    R_DECIDE,
    R_PAYMENTS,
    R_PAYMENT_CLOSE,
    R_TEST_PAY,
    R_NONE
} route;

enum { RF_GET = 1u << 0, RF_OPEN = 1u << 1 /* no client certificate */, RF_TEST = 1u << 2 /* never refused */ };

/* A path is prefix, then (when suffix is not NULL) one segment as the parameter, then suffix. */
static const struct route_def {
    route id;
    const char *prefix, *suffix;
    unsigned flags;
    ref_garble_kind garble;
} routes[] = {
    {R_CRL, "/v1/crl", NULL, RF_GET | RF_OPEN | RF_TEST, REF_GARBLE_NONE},
    {R_CHANGES, "/v1/changes", NULL, RF_GET, REF_GARBLE_CHANGES},
    {R_STATS, "/v1/test/stats", NULL, RF_GET | RF_TEST, REF_GARBLE_NONE},
    {R_PAYMENT, "/v1/payments/", "", RF_GET, REF_GARBLE_PAYMENTS},
    {R_JOBS, "/v1/jobs", NULL, 0, REF_GARBLE_JOBS},
    {R_CSR, "/v1/jobs/", "/csr", 0, REF_GARBLE_NONE},
    {R_REVOKE, "/v1/jobs/", "/revoke", 0, REF_GARBLE_NONE},
    {R_HEARTBEAT, "/v1/heartbeat", NULL, 0, REF_GARBLE_NONE},
    {R_DECIDE, "/v1/test/decide", NULL, RF_TEST, REF_GARBLE_NONE},
    {R_PAYMENTS, "/v1/payments", NULL, 0, REF_GARBLE_PAYMENTS},
    {R_PAYMENT_CLOSE, "/v1/payments/", "/close", 0, REF_GARBLE_PAYMENTS},
    {R_TEST_PAY, "/v1/test/payments/", "/pay", RF_TEST, REF_GARBLE_NONE},
};

/* The route for url (R_NONE: no such path), its parameter copied to param. */
static const struct route_def *route_of(const char *url, char param[REF_MAX_KEY + 1])
{
    size_t len = strlen(url);
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        const struct route_def *r = &routes[i];
        size_t pl = strlen(r->prefix), sl, n;
        if (r->suffix == NULL) {
            if (strcmp(url, r->prefix) == 0)
                return r;
            continue;
        }
        sl = strlen(r->suffix);
        if (len <= pl + sl || strncmp(url, r->prefix, pl) != 0 || strcmp(url + len - sl, r->suffix) != 0)
            continue;
        n = len - pl - sl;
        if (n > REF_MAX_KEY || memchr(url + pl, '/', n) != NULL)
            continue;
        memcpy(param, url + pl, n);
        param[n] = '\0';
        return r;
    }
    return NULL;
}

static void dispatch(struct ref_server *sv, struct MHD_Connection *c, route id, const char *kiosk, const char *param,
                     const cJSON *body, ref_answer *a)
{
    switch (id) {
    case R_CRL: ref_certs_crl(sv, a); break;
    case R_CHANGES:
        ref_jobs_changes(sv, kiosk, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since"),
                         MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "limit"), a);
        break;
    case R_STATS: ref_jobs_stats(sv, a); break;
    case R_PAYMENT: ref_pay_query(sv, kiosk, param, a); break;
    case R_JOBS: ref_jobs_push(sv, kiosk, body, a); break;
    case R_CSR: ref_certs_csr(sv, kiosk, param, body, a); break;
    case R_REVOKE: ref_certs_revoke(sv, kiosk, param, body, a); break;
    case R_HEARTBEAT: ref_jobs_heartbeat(body, a); break;
    case R_DECIDE: ref_jobs_decide(sv, kiosk, body, a); break;
    case R_PAYMENTS: ref_pay_create(sv, kiosk, body, a); break;
    case R_PAYMENT_CLOSE: ref_pay_close(sv, kiosk, param, a); break;
    case R_TEST_PAY: ref_pay_test_pay(sv, kiosk, param, body, a); break;
    case R_NONE: ref_answer_error(a, 404, "not_found", "没有这个接口", "no such endpoint", false); break;
    }
}

/* Everything after the body has arrived: refusal, authorisation, method, body, the handler, garbling. */
static void answer_request(struct ref_server *sv, struct MHD_Connection *c, const char *url, const char *method,
                           const struct ref_request *rq, ref_answer *a)
{
    char param[REF_MAX_KEY + 1] = "", kiosk[128];
    const struct route_def *r = route_of(url, param);
    route id = r != NULL ? r->id : R_NONE;
    bool get = strcmp(method, "GET") == 0;
    cJSON *body = NULL;
    if ((r == NULL || !(r->flags & RF_TEST)) && ref_faults_refuse(&sv->faults, a))
        return;
    if ((r == NULL || !(r->flags & RF_OPEN)) && !ref_http_authorised(c, kiosk, sizeof kiosk)) {
        ref_answer_error(a, 403, "not_authorised", "终端证书无效或与终端编号不符",
                         "client certificate missing, not trusted, or not this kiosk's", false);
        return;
    }
    if (r != NULL && get != ((r->flags & RF_GET) != 0)) {
        ref_answer_error(a, 405, "bad_request", get ? "该接口只接受POST" : "该接口只接受GET",
                         get ? "only POST is served here" : "only GET is served here", false);
        return;
    }
    if (r != NULL && !get) {
        if (rq->too_large) {
            ref_answer_error(a, 413, "too_large", "请求超过1 MiB", "the body is over 1 MiB", false);
            return;
        }
        body = cJSON_ParseWithLength(rq->body != NULL ? rq->body : "", rq->len);
        if (!cJSON_IsObject(body)) {
            cJSON_Delete(body);
            ref_answer_error(a, 400, "bad_request", "JSON格式错误", "the body is not a JSON object", false);
            return;
        }
    }
    dispatch(sv, c, id, kiosk, param, body, a);
    cJSON_Delete(body);
    if (r != NULL)
        ref_faults_garble(&sv->faults, r->garble, a);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    struct ref_server *sv = cls;
    struct ref_request *rq = *con_cls;
    ref_answer a = {0};
    (void)version;
    if (rq == NULL) {
        if ((rq = calloc(1, sizeof *rq)) == NULL)
            return MHD_NO;
        *con_cls = rq;
        return MHD_YES;
    }
    if (*upload_size > 0) { /* body arriving: keep it, within the limit */
        if (!ref_http_collect(rq, upload, *upload_size))
            return MHD_NO;
        *upload_size = 0;
        return MHD_YES;
    }
    answer_request(sv, c, url, method, rq, &a);
    return ref_http_send(c, &sv->faults, &a);
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    struct ref_request *rq = *con_cls;
    (void)cls, (void)c, (void)toe;
    if (rq != NULL) {
        free(rq->body);
        free(rq);
        *con_cls = NULL;
    }
}

/* ---- start-up --------------------------------------------------------------- */

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

static bool number(const char *text, long long min, long long max, long long *out)
{
    char *end;
    errno = 0;
    *out = strtoll(text, &end, 10);
    return errno == 0 && end != text && *end == '\0' && *out >= min && *out <= max;
}

struct options {
    const char *db, *cert, *key, *client_ca, *ca_cert, *ca_key, *public_url, *fees, *seal_font;
    long long port, utc_offset_s, order_ttl_s, seed, latency_ms, fail, drop, garble, crash, seal_days, rules_offset;
};

static bool parse_options(int argc, char **argv, struct options *o)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"cert", required_argument, NULL, 'c'},
        {"key", required_argument, NULL, 'k'},
        {"client-ca", required_argument, NULL, 'a'},
        {"port", required_argument, NULL, 'p'},
        {"ca-cert", required_argument, NULL, 'C'},
        {"ca-key", required_argument, NULL, 'K'},
        {"public-url", required_argument, NULL, 'u'},
        {"utc-offset-s", required_argument, NULL, 'z'},
        {"fees", required_argument, NULL, 'f'},
        {"order-ttl-s", required_argument, NULL, 't'},
        {"latency-ms", required_argument, NULL, 'l'},
        {"fail-percent", required_argument, NULL, 'F'},
        {"drop-percent", required_argument, NULL, 'D'},
        {"garble-percent", required_argument, NULL, 'G'},
        {"crash-after-commit-percent", required_argument, NULL, 'X'},
        {"seed", required_argument, NULL, 's'},
        {"seal-font", required_argument, NULL, 'S'},
        {"seal-days", required_argument, NULL, 'Y'},
        {"rules-clock-offset-s", required_argument, NULL, 'R'},
        {0},
    };
    int c;
    bool ok = true;
    *o = (struct options){.utc_offset_s = 8 * 3600,
                          .order_ttl_s = 7200,
                          .seed = 1,
                          .seal_font = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"};
    while (ok && (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': o->db = optarg; break;
        case 'c': o->cert = optarg; break;
        case 'k': o->key = optarg; break;
        case 'a': o->client_ca = optarg; break;
        case 'C': o->ca_cert = optarg; break;
        case 'K': o->ca_key = optarg; break;
        case 'u': o->public_url = optarg; break;
        case 'f': o->fees = optarg; break;
        case 'p': ok = number(optarg, 0, 65535, &o->port); break;
        case 'z': ok = number(optarg, -14 * 3600, 14 * 3600, &o->utc_offset_s); break;
        case 't': ok = number(optarg, 1, 30 * 86400, &o->order_ttl_s); break;
        case 'l': ok = number(optarg, 0, 60000, &o->latency_ms); break;
        case 'F': ok = number(optarg, 0, 100, &o->fail); break;
        case 'D': ok = number(optarg, 0, 100, &o->drop); break;
        case 'G': ok = number(optarg, 0, 100, &o->garble); break;
        case 'X': ok = number(optarg, 0, 100, &o->crash); break;
        case 's': ok = number(optarg, 0, INT64_MAX, &o->seed); break;
        case 'S': o->seal_font = optarg; break;
        case 'Y': ok = number(optarg, 1, 3650, &o->seal_days); break;
        case 'R': ok = number(optarg, 0, 20 * 365 * 86400LL, &o->rules_offset); break;
        default: ok = false; break;
        }
    }
    if (!ok || optind != argc || o->db == NULL || o->cert == NULL || o->key == NULL || o->client_ca == NULL ||
        (o->ca_cert == NULL) != (o->ca_key == NULL) ||
        (o->public_url != NULL && (strlen(o->public_url) > REF_MAX_URL - 16 || strchr(o->public_url, ',') != NULL))) {
        fprintf(stderr, "usage: upstream_ref --db FILE --cert PEM --key PEM --client-ca PEM [--port N]\n"
                        "  [--ca-cert PEM --ca-key PEM] [--public-url URL] [--utc-offset-s N] [--fees FILE]\n"
                        "  [--order-ttl-s N] [--latency-ms N] [--fail-percent P] [--drop-percent P]\n"
                        "  [--garble-percent P] [--crash-after-commit-percent P] [--seed N]\n"
                        "  [--seal-font TTC] [--seal-days N] [--rules-clock-offset-s N]\n");
        return false;
    }
    return true;
}

/* Everything but the daemon; false with a message on stderr. */
static bool server_open(struct ref_server *sv, const struct options *o)
{
    ck_diag d = {{0}, {0}};
    ck_err e = o->fees != NULL ? fees_file_load(o->fees, &sv->fees, &d) : fees_file_load_builtin(&sv->fees, &d);
    if (e != CK_OK) {
        fprintf(stderr, "upstream_ref: the fee schedule: %s\n", d.en);
        return false;
    }
    sv->utc_offset_s = (int32_t)o->utc_offset_s;
    sv->order_ttl_s = o->order_ttl_s;
    sv->faults = (struct ref_faults){.latency_ms = (int)o->latency_ms,
                                     .fail_pct = (int)o->fail,
                                     .drop_pct = (int)o->drop,
                                     .garble_pct = (int)o->garble,
                                     .crash_pct = (int)o->crash};
    ref_faults_seed(&sv->faults, (uint64_t)o->seed);
    if (o->ca_cert != NULL && !ref_ca_load(&sv->ca, o->ca_cert, o->ca_key))
        return false;
    if (!ref_seals_init(sv, o->seal_font, o->seal_days))
        return false;
    sv->sealer.rules_offset_s = o->rules_offset;
    return ref_db_open(sv, o->db);
}

/*
 * The listening socket, made here rather than by the daemon so the port (and
 * the CRL URL built from it) is known before the daemon's thread starts.
 */
static int listen_on(uint16_t port, unsigned *bound)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_ANY)};
    socklen_t len = sizeof sa;
    int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 64) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
        close(fd);
        return -1;
    }
    *bound = ntohs(sa.sin_port);
    return fd;
}

int main(int argc, char **argv)
{
    struct options o;
    struct ref_server sv = {0};
    struct MHD_Daemon *d = NULL;
    char *cert = NULL, *key = NULL, *ca = NULL;
    unsigned port = 0;
    int rc = 1, fd = -1;
    if (!parse_options(argc, argv, &o))
        return 2;
    cert = read_file(o.cert), key = read_file(o.key), ca = read_file(o.client_ca);
    if (cert == NULL || key == NULL || ca == NULL) {
        fprintf(stderr, "upstream_ref: cannot read the TLS files\n");
        goto cleanup;
    }
    if (!server_open(&sv, &o))
        goto cleanup;
    if ((fd = listen_on((uint16_t)o.port, &port)) < 0) {
        fprintf(stderr, "upstream_ref: cannot listen on port %lld: %s\n", o.port, strerror(errno));
        goto cleanup;
    }
    if (o.public_url != NULL)
        snprintf(sv.crl_url, sizeof sv.crl_url, "%s/v1/crl", o.public_url);
    else
        snprintf(sv.crl_url, sizeof sv.crl_url, "https://127.0.0.1:%u/v1/crl", port);
    d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_TLS | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request,
                         &sv, MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_HTTPS_MEM_KEY, key, MHD_OPTION_HTTPS_MEM_CERT,
                         cert, MHD_OPTION_HTTPS_MEM_TRUST, ca, MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
                         MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "upstream_ref: cannot start the HTTPS server\n");
        close(fd);
        goto cleanup;
    }
    printf("listening on %u\n", port);
    fflush(stdout);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    while (!stopping)
        pause();
    rc = 0;
cleanup:
    if (d != NULL)
        MHD_stop_daemon(d); /* closes the listening socket too */
    ref_db_close(&sv);
    ref_seals_free(&sv);
    ref_ca_free(&sv.ca);
    free(cert), free(key), free(ca);
    return rc;
}
