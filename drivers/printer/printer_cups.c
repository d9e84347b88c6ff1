/*
 * printer_cups.c - a CUPS raw queue (libcups): the bytes go through unchanged
 * as one job. CUPS does not pass ESC/POS status answers back, so the status
 * cannot be asked; the queue's own state is checked instead.
 */
#include <cups/cups.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "printer.h"

static ck_err cups_status(printer *p, escpos_state *out, ck_diag *d)
{
    (void)p, (void)out;
    return ck_diag_detail(d, CK_E_NOT_FOUND, "经CUPS打印时无法查询纸张状态", "no paper status through CUPS");
}

static ck_err cups_write(printer *p, const uint8_t *bytes, size_t n, size_t *sent, ck_diag *d)
{
    int job = cupsCreateJob(CUPS_HTTP_DEFAULT, p->target, "certkiosk receipt", 0, NULL);
    *sent = 0;
    if (job == 0 ||
        cupsStartDocument(CUPS_HTTP_DEFAULT, p->target, job, "receipt", CUPS_FORMAT_RAW, 1) != HTTP_STATUS_CONTINUE)
        return ck_diag_detail(d, CK_E_PRINTER, "打印队列不可用", "CUPS queue %s: %s", p->target, cupsLastErrorString());
    if (cupsWriteRequestData(CUPS_HTTP_DEFAULT, (const char *)bytes, n) != HTTP_STATUS_CONTINUE) {
        cupsFinishDocument(CUPS_HTTP_DEFAULT, p->target);
        return ck_diag_detail(d, CK_E_PRINTER, "打印数据未送达", "CUPS queue %s: %s", p->target, cupsLastErrorString());
    }
    if (cupsFinishDocument(CUPS_HTTP_DEFAULT, p->target) != IPP_STATUS_OK)
        return ck_diag_detail(d, CK_E_PRINTER, "打印队列拒绝了收据", "CUPS queue %s: %s", p->target,
                              cupsLastErrorString());
    *sent = n;
    return CK_OK;
}

static void cups_close(printer *p) { (void)p; }

static const printer_ops cups_ops = {cups_status, cups_write, cups_close};

ck_err printer_open_cups(printer *p, ck_diag *d)
{
    cups_dest_t *dest = cupsGetNamedDest(CUPS_HTTP_DEFAULT, p->target, NULL);
    const char *state;
    bool stopped;
    if (dest == NULL)
        return ck_diag_detail(d, CK_E_PRINTER, "没有这个打印队列", "no CUPS queue %s (%s)", p->target,
                              cupsLastErrorString());
    /* The option's text belongs to dest: read it before dest is freed. */
    state = cupsGetOption("printer-state", dest->num_options, dest->options);
    stopped = state != NULL && strcmp(state, "5") == 0; /* IPP_PSTATE_STOPPED */
    cupsFreeDests(1, dest);
    if (stopped)
        return ck_diag_detail(d, CK_E_PRINTER, "打印队列已停止", "the CUPS queue %s is stopped", p->target);
    p->ops = &cups_ops;
    return CK_OK;
}
