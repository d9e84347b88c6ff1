/*
 * printer.h - where receipt bytes go: a table of a few operations per
 * transport (raw TCP port 9100, a device file such as /dev/usb/lp0, a CUPS
 * raw queue), chosen in config. The same code prints to the virtual printer
 * in the tests and to the real one at the counter. Blocking, with bounded
 * time-outs: the kiosk runs it on a worker thread.
 */
#ifndef CK_PRINTER_PRINTER_H
#define CK_PRINTER_PRINTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "escpos.h"

typedef struct printer printer;

typedef struct printer_ops {
    /* Real-time status; CK_E_NOT_FOUND when this transport cannot ask (the job is sent anyway). */
    ck_err (*status)(printer *p, escpos_state *out, ck_diag *d);
    /* All of the bytes, or an error; *sent says how many left (some may be on paper). */
    ck_err (*write)(printer *p, const uint8_t *bytes, size_t n, size_t *sent, ck_diag *d);
    void (*close)(printer *p);
} printer_ops;

struct printer {
    const printer_ops *ops;
    int fd;    /* tcp, device */
    void *ctx; /* cups */
    char target[256];
    int timeout_ms;
};

typedef enum printer_transport { PRINTER_NONE = 0, PRINTER_TCP, PRINTER_DEVICE, PRINTER_CUPS } printer_transport;

/*
 * Opens the printer: target is "host:port" for TCP, a path for a device, a
 * queue name for CUPS. CK_E_PRINTER with d saying why (absent, refused, no
 * such queue) when it cannot be reached.
 */
ck_err printer_open(printer_transport t, const char *target, int timeout_ms, printer **out, ck_diag *d);
void printer_close(printer *p); /* NULL is fine */

ck_err printer_open_tcp(printer *p, ck_diag *d);
ck_err printer_open_device(printer *p, ck_diag *d);
ck_err printer_open_cups(printer *p, ck_diag *d);

/* Shared by the fd transports: write all within the time-out; ask DLE EOT 1/2/4 and read three bytes. */
ck_err printer_fd_write(printer *p, const uint8_t *bytes, size_t n, size_t *sent, ck_diag *d);
ck_err printer_fd_status(printer *p, escpos_state *out, ck_diag *d);

#endif
