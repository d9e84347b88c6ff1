/* printer_tcp.c - a network receipt printer on raw TCP (port 9100), connected with a time-out. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "printer.h"

static void tcp_close(printer *p)
{
    if (p->fd >= 0)
        close(p->fd);
    p->fd = -1;
}

static const printer_ops tcp_ops = {printer_fd_status, printer_fd_write, tcp_close};

/* Connects without blocking longer than the time-out (a printer switched off never answers SYN). */
static int connect_within(const struct addrinfo *ai, int timeout_ms)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol), err = 0;
    socklen_t len = sizeof err;
    struct pollfd pfd;
    if (fd < 0)
        return -1;
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
        return fd;
    pfd = (struct pollfd){.fd = fd, .events = POLLOUT};
    if (errno != EINPROGRESS || poll(&pfd, 1, timeout_ms) != 1 ||
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
        close(fd);
        errno = err != 0 ? err : ETIMEDOUT;
        return -1;
    }
    return fd;
}

ck_err printer_open_tcp(printer *p, ck_diag *d)
{
    char host[200];
    const char *colon = strrchr(p->target, ':');
    const char *port = colon != NULL ? colon + 1 : "9100";
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
    int rc;
    snprintf(host, sizeof host, "%.*s", colon != NULL ? (int)(colon - p->target) : (int)strlen(p->target), p->target);
    if ((rc = getaddrinfo(host, port, &hints, &res)) != 0)
        return ck_diag_detail(d, CK_E_PRINTER, "收据打印机地址无效", "printer address %s: %s", p->target,
                              gai_strerror(rc));
    for (struct addrinfo *ai = res; ai != NULL && p->fd < 0; ai = ai->ai_next)
        p->fd = connect_within(ai, p->timeout_ms);
    freeaddrinfo(res);
    if (p->fd < 0)
        return ck_diag_detail(d, CK_E_PRINTER, "收据打印机未连接或未开机", "the printer at %s cannot be reached (%s)",
                              p->target, strerror(errno));
    p->ops = &tcp_ops;
    return CK_OK;
}
