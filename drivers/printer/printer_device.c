/* printer_device.c - a USB receipt printer through its device file (usblp: /dev/usb/lp0). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "printer.h"

static void device_close(printer *p)
{
    if (p->fd >= 0)
        close(p->fd);
    p->fd = -1;
}

static const printer_ops device_ops = {printer_fd_status, printer_fd_write, device_close};

ck_err printer_open_device(printer *p, ck_diag *d)
{
    /* Read and write: usblp passes the status answers back when the printer is bidirectional. */
    if ((p->fd = open(p->target, O_RDWR | O_NONBLOCK | O_CLOEXEC)) < 0 &&
        (p->fd = open(p->target, O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
        return ck_diag_detail(d, CK_E_PRINTER, "收据打印机未连接", "cannot open the printer %s (%s)", p->target,
                              strerror(errno));
    p->ops = &device_ops;
    return CK_OK;
}
