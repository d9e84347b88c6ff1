/*
 * vkey_vpcd.c - the virtual USB Key as a card in a real reader: connects to
 * vsmartcard's vpcd (loaded by pcscd) and answers its requests with the
 * vcard engine. While connected, pcscd sees a card in "Virtual PCD 00 00";
 * when this process exits, the card is removed.
 *
 * vpcd frames every message with a 2-byte big-endian length. One-byte
 * messages are control: 0 power off, 1 power on, 2 reset, 4 "send your ATR".
 * TCP_QUICKACK is set after every receive: vpcd writes length and payload
 * separately without TCP_NODELAY, and delayed ACKs would cost ~40 ms an APDU.
 *
 *   usage: vkey_vpcd --card FILE [--port 35963] [--remove-after N] [--fail-after N]
 *                    [--delay-ms N] [--refuse-pin]
 * Fault injection: --remove-after N disconnects (the card is pulled) instead
 * of answering the Nth APDU; --fail-after N answers 6F00 from the Nth APDU
 * on; --delay-ms adds latency to every answer; --refuse-pin answers every
 * VERIFY with data as a wrong PIN without touching the card's counter.
 * Test machines only: vpcd listens on every interface.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "vcard.h"

static int read_full(int fd, uint8_t *buf, size_t n)
{
    size_t got = 0;
    int one = 1;
    while (got < n) {
        ssize_t r = recv(fd, buf + got, n - got, 0);
        if (r <= 0)
            return -1;
        got += (size_t)r;
        setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
    }
    return 0;
}

static int send_msg(int fd, const uint8_t *buf, size_t n)
{
    uint8_t frame[2 + VCARD_MAX_RESPONSE];
    frame[0] = (uint8_t)(n >> 8);
    frame[1] = (uint8_t)n;
    memcpy(frame + 2, buf, n);
    return send(fd, frame, n + 2, MSG_NOSIGNAL) == (ssize_t)(n + 2) ? 0 : -1;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"card", required_argument, NULL, 'c'},
        {"port", required_argument, NULL, 'p'},
        {"remove-after", required_argument, NULL, 'r'},
        {"fail-after", required_argument, NULL, 'f'},
        {"delay-ms", required_argument, NULL, 'd'},
        {"refuse-pin", no_argument, NULL, 'x'},
        {0},
    };
    const char *card_path = NULL;
    int port = 35963, remove_after = 0, fail_after = 0, delay_ms = 0, refuse_pin = 0, o, fd, apdus = 0, one = 1;
    struct sockaddr_in addr = {.sin_family = AF_INET};
    char err[256];
    vcard *card = NULL;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (o) {
        case 'c': card_path = optarg; break;
        case 'p': port = atoi(optarg); break;
        case 'r': remove_after = atoi(optarg); break;
        case 'f': fail_after = atoi(optarg); break;
        case 'd': delay_ms = atoi(optarg); break;
        case 'x': refuse_pin = 1; break;
        default: return 2;
        }
    }
    if (card_path == NULL) {
        fprintf(stderr, "usage: vkey_vpcd --card FILE [--port N] [--remove-after N] [--fail-after N] "
                        "[--delay-ms N] [--refuse-pin]\n");
        return 2;
    }
    if (vcard_open(card_path, &card, err, sizeof err) != 0) {
        fprintf(stderr, "vkey_vpcd: %s\n", err);
        return 1;
    }
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        fprintf(stderr, "vkey_vpcd: cannot reach vpcd on 127.0.0.1:%d (is pcscd running?)\n", port);
        vcard_close(card);
        return 1;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    printf("vkey_vpcd: card %08u inserted\n", vcard_serial(card));
    fflush(stdout);
    for (;;) {
        uint8_t hdr[2], msg[65536], resp[VCARD_MAX_RESPONSE];
        size_t len, rlen;
        if (read_full(fd, hdr, 2) != 0)
            break;
        len = ((size_t)hdr[0] << 8) | hdr[1];
        if (len == 0 || read_full(fd, msg, len) != 0)
            break;
        if (len == 1) {
            if (msg[0] == 4) {
                const uint8_t *atr = vcard_atr(&rlen);
                if (send_msg(fd, atr, rlen) != 0)
                    break;
            } else {
                vcard_reset(card); /* power off, power on, reset */
            }
            continue;
        }
        apdus++;
        if (remove_after > 0 && apdus >= remove_after) {
            printf("vkey_vpcd: card pulled at APDU %d\n", apdus);
            break;
        }
        if (delay_ms > 0)
            nanosleep(&(struct timespec){delay_ms / 1000, (delay_ms % 1000) * 1000000L}, NULL);
        if (fail_after > 0 && apdus >= fail_after) {
            resp[0] = 0x6f, resp[1] = 0x00, rlen = 2;
        } else if (refuse_pin && len > 5 && msg[1] == 0x20) {
            resp[0] = 0x63, resp[1] = 0xc2, rlen = 2;
        } else {
            rlen = vcard_transmit(card, msg, len, resp, sizeof resp);
        }
        if (send_msg(fd, resp, rlen) != 0)
            break;
    }
    close(fd);
    vcard_close(card);
    return 0;
}
