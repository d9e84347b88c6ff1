/*
 * vp_main.c - vprinter, a virtual ESC/POS receipt printer for the tests: a
 * TCP server on 127.0.0.1 that takes one print job at a time, as a real
 * network printer on port 9100 does, decodes it (vp_decode.h) into
 * DIR/receipts.jsonl and raster PNGs, and answers the real-time status
 * queries. Faults on request: a paper status (fixed, or re-read from a file
 * at each query so a test can change it) and a connection dropped after N
 * bytes. Runs until SIGTERM or SIGINT, then exits 0.
 *
 *   vprinter --out DIR [--port N] [--status ok|near-end|paper-out|cover-open|offline]
 *            [--drop-after BYTES] [--status-file FILE]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vp_decode.h"

#define VP_POLL_MS 200 /* how soon a signal is noticed */

static volatile sig_atomic_t vp_stopping;
static void on_signal(int sig) { (void)sig, vp_stopping = 1; }

typedef struct vp_server {
    FILE *out;
    const char *dir, *status_file;
    vp_status status; /* --status, and the answer when the status file says nothing usable */
    unsigned long long drop_after;
    int drop;          /* --drop-after given */
    unsigned receipts; /* receipts written since the start: their index */
    int conn;          /* the connection being served */
} vp_server;

static vp_status server_status(void *ctx)
{
    vp_server *s = ctx;
    vp_status st = s->status;
    char word[32] = "";
    FILE *f;
    if (!s->status_file)
        return s->status;
    f = fopen(s->status_file, "r");
    if (f) {
        if (fscanf(f, "%31s", word) != 1)
            word[0] = '\0';
        fclose(f);
    }
    if (!vp_status_parse(word, &st)) {
        fprintf(stderr, "vprinter: %s holds no status word; answering as --status says\n", s->status_file);
        st = s->status;
    }
    return st;
}

static void server_answer(void *ctx, uint8_t b)
{
    vp_server *s = ctx;
    if (send(s->conn, &b, 1, MSG_NOSIGNAL) != 1)
        fprintf(stderr, "vprinter: status answer not sent: %s\n", strerror(errno));
}

/* Decodes one connection until its end, a drop or a signal, then closes it. */
static void serve(vp_server *s, int fd)
{
    enum { CHUNK = 64 * 1024 };
    uint8_t *buf = malloc(CHUNK);
    unsigned long long received = 0;
    int dropped = 0;
    vp_decoder_cfg cfg = {s->out, s->dir, &s->receipts, server_status, server_answer, s};
    vp_decoder *d = vp_decoder_create(&cfg);
    s->conn = fd;
    if (!d || !buf) {
        fprintf(stderr, "vprinter: cannot start a decoder (memory, or iconv without GB18030)\n");
        goto cleanup;
    }
    while (!vp_stopping) {
        struct pollfd pfd = {fd, POLLIN, 0};
        size_t want = CHUNK;
        ssize_t got;
        if (s->drop && received >= s->drop_after) {
            /* Pulled cable: reset, not an orderly close. */
            struct linger l = {1, 0};
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
            dropped = 1;
            break;
        }
        int pr = poll(&pfd, 1, VP_POLL_MS);
        if (pr < 0 && errno != EINTR)
            break;
        if (pr <= 0)
            continue;
        if (s->drop && s->drop_after - received < want)
            want = (size_t)(s->drop_after - received);
        got = recv(fd, buf, want, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        received += (unsigned long long)got;
        vp_decoder_feed(d, buf, (size_t)got);
    }
    vp_decoder_end(d, dropped);
cleanup:
    vp_decoder_destroy(d);
    free(buf);
    close(fd);
    s->conn = -1;
}

static int usage(void)
{
    fprintf(stderr, "usage: vprinter --out DIR [--port N] [--status ok|near-end|paper-out|cover-open|offline]\n"
                    "                [--drop-after BYTES] [--status-file FILE]\n");
    return 2;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"port", required_argument, NULL, 'p'},
        {"status", required_argument, NULL, 's'},
        {"drop-after", required_argument, NULL, 'd'},
        {"status-file", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    vp_server s = {.conn = -1, .status = VP_STATUS_OK};
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof addr;
    struct sigaction sa = {.sa_handler = on_signal}; /* no SA_RESTART: poll returns on a signal */
    char path[4096], *end;
    unsigned long port = 0;
    int lfd = -1, one = 1, c, rc = 2;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        errno = 0;
        if (c == 'o') {
            s.dir = optarg;
        } else if (c == 'p') {
            port = strtoul(optarg, &end, 10);
            if (errno || *end || !*optarg || port > 65535)
                return usage();
        } else if (c == 's') {
            if (!vp_status_parse(optarg, &s.status))
                return usage();
        } else if (c == 'd') {
            s.drop_after = strtoull(optarg, &end, 10), s.drop = 1;
            if (errno || *end || !*optarg || optarg[0] == '-')
                return usage();
        } else if (c == 'f') {
            s.status_file = optarg;
        } else {
            return usage();
        }
    }
    if (!s.dir || optind != argc)
        return usage();
    rc = 1;
    if (mkdir(s.dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "vprinter: %s: %s\n", s.dir, strerror(errno));
        goto cleanup;
    }
    if (snprintf(path, sizeof path, "%s/receipts.jsonl", s.dir) >= (int)sizeof path || !(s.out = fopen(path, "a"))) {
        fprintf(stderr, "vprinter: cannot open %s/receipts.jsonl\n", s.dir);
        goto cleanup;
    }
    addr.sin_port = htons((uint16_t)port);
    if ((lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
        setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(lfd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(lfd, 8) != 0 ||
        getsockname(lfd, (struct sockaddr *)&addr, &alen) != 0) {
        fprintf(stderr, "vprinter: cannot listen on 127.0.0.1:%lu: %s\n", port, strerror(errno));
        goto cleanup;
    }
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    printf("listening on %u\n", (unsigned)ntohs(addr.sin_port));
    fflush(stdout);
    while (!vp_stopping) {
        struct pollfd pfd = {lfd, POLLIN, 0};
        if (poll(&pfd, 1, VP_POLL_MS) <= 0)
            continue;
        int fd = accept(lfd, NULL, NULL);
        if (fd >= 0)
            serve(&s, fd); /* one job at a time: the next waits in the backlog */
    }
    rc = 0;
cleanup:
    if (lfd >= 0)
        close(lfd);
    if (s.out)
        fclose(s.out);
    return rc;
}
