/* printer.c - opening a transport, and the writing and status reading shared by fd transports (see printer.h). */
#include "printer.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

ck_err printer_open(printer_transport t, const char *target, int timeout_ms, printer **out, ck_diag *d)
{
    printer *p;
    ck_err rc;
    *out = NULL;
    if (t == PRINTER_NONE)
        return ck_diag_detail(d, CK_E_PRINTER, "本机未配置收据打印机", "no receipt printer is configured");
    if ((p = calloc(1, sizeof *p)) == NULL)
        return CK_E_NOMEM;
    p->fd = -1;
    p->timeout_ms = timeout_ms;
    snprintf(p->target, sizeof p->target, "%s", target);
    rc = t == PRINTER_TCP      ? printer_open_tcp(p, d)
         : t == PRINTER_DEVICE ? printer_open_device(p, d)
                               : printer_open_cups(p, d);
    if (rc != CK_OK) {
        free(p);
        return rc;
    }
    *out = p;
    return CK_OK;
}

void printer_close(printer *p)
{
    if (p == NULL)
        return;
    p->ops->close(p);
    free(p);
}

static bool wait_for(int fd, short events, int timeout_ms)
{
    struct pollfd pfd = {.fd = fd, .events = events};
    int r;
    while ((r = poll(&pfd, 1, timeout_ms)) < 0 && errno == EINTR)
        ;
    return r > 0 && (pfd.revents & events) != 0;
}

ck_err printer_fd_write(printer *p, const uint8_t *bytes, size_t n, size_t *sent, ck_diag *d)
{
    *sent = 0;
    while (*sent < n) {
        ssize_t w;
        if (!wait_for(p->fd, POLLOUT, p->timeout_ms))
            return ck_diag_detail(d, CK_E_PRINTER, "收据打印机无响应",
                                  "the printer stopped taking data (%zu of %zu bytes)", *sent, n);
        if ((w = write(p->fd, bytes + *sent, n - *sent)) < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            return ck_diag_detail(d, CK_E_PRINTER, "与收据打印机的连接中断",
                                  "the printer connection broke after %zu of %zu "
                                  "bytes (%s)",
                                  *sent, n, strerror(errno));
        }
        *sent += (size_t)w;
    }
    return CK_OK;
}

ck_err printer_fd_status(printer *p, escpos_state *out, ck_diag *d)
{
    uint8_t answer[3];
    size_t sent;
    ck_err rc = printer_fd_write(p, escpos_status_query, sizeof escpos_status_query, &sent, d);
    for (size_t got = 0; rc == CK_OK && got < sizeof answer;) {
        ssize_t r;
        if (!wait_for(p->fd, POLLIN, p->timeout_ms))
            return ck_diag_detail(d, CK_E_NOT_FOUND, "打印机未回答状态查询",
                                  "the printer does not answer status queries");
        if ((r = read(p->fd, answer + got, sizeof answer - got)) <= 0) {
            if (r < 0 && errno == EINTR)
                continue;
            return ck_diag_detail(d, CK_E_PRINTER, "与收据打印机的连接中断", "the printer closed the connection");
        }
        got += (size_t)r;
    }
    if (rc == CK_OK)
        *out = escpos_status_decode(answer[0], answer[1], answer[2]);
    return rc;
}
