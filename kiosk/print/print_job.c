/* print_job.c - a laid-out document's bytes to the configured printer (see print_job.h). */
#include "print_job.h"

#include <stdio.h>
#include <string.h>

#include "printer.h"

int print_job_columns(const ck_config *cfg) { return strcmp(cfg->printer_paper, "80") == 0 ? 48 : 32; }
int print_job_dots(const ck_config *cfg) { return strcmp(cfg->printer_paper, "80") == 0 ? 576 : 384; }

escpos_profile print_job_profile(const ck_config *cfg)
{
    return (escpos_profile){print_job_dots(cfg), strcmp(cfg->printer_qr, "native") == 0,
                            strcmp(cfg->printer_chinese_mode, "yes") == 0, 6};
}

static printer_transport transport_of(const ck_config *cfg)
{
    if (strcmp(cfg->printer_transport, "tcp") == 0)
        return PRINTER_TCP;
    if (strcmp(cfg->printer_transport, "device") == 0)
        return PRINTER_DEVICE;
    if (strcmp(cfg->printer_transport, "cups") == 0)
        return PRINTER_CUPS;
    return PRINTER_NONE;
}

/* The person's words for a printer that cannot print now, and the cause for the clerk. */
static ck_err refused(escpos_state s, const print_job_words *w, ck_diag *d)
{
    const char *zh = s == ESCPOS_PAPER_OUT ? w->paper_out : s == ESCPOS_COVER_OPEN ? w->cover_open : w->offline;
    return ck_diag_detail(d, CK_E_PRINTER, zh, "the printer reports %s", escpos_state_code(s));
}

ck_err print_job_send(const ck_config *cfg, const escpos_buf *bytes, const print_job_words *w, escpos_state *status,
                      bool *started, ck_diag *d)
{
    printer *p = NULL;
    size_t sent = 0;
    escpos_state after = ESCPOS_READY;
    ck_err rc = printer_open(transport_of(cfg), cfg->printer_target, cfg->printer_timeout_ms, &p, d);
    char cause[sizeof d->en];
    *started = false;
    *status = ESCPOS_READY;
    if (rc != CK_OK) {
        snprintf(cause, sizeof cause, "%s", d->en);
        return ck_diag_detail(d, CK_E_PRINTER, w->unreachable, "%s", cause);
    }
    rc = p->ops->status(p, status, d);
    if (rc == CK_E_NOT_FOUND) /* this printer cannot say: print and see */
        rc = CK_OK, *status = ESCPOS_READY;
    else if (rc == CK_OK && *status >= ESCPOS_PAPER_OUT)
        rc = refused(*status, w, d);
    if (rc == CK_OK) {
        rc = p->ops->write(p, bytes->data, bytes->len, &sent, d);
        *started = sent > 0;
        if (rc != CK_OK) {
            snprintf(cause, sizeof cause, "%s", d->en);
            rc = ck_diag_detail(d, CK_E_PRINTER, w->incomplete, "%s", cause);
        }
    }
    /* Asked again after sending: the paper can run out under the document, or the connection break
     * while the printer still had it (the bytes sat in the socket buffer): then it is not whole. */
    if (rc == CK_OK) {
        ck_err again = p->ops->status(p, &after, d);
        if (again == CK_E_PRINTER)
            rc = ck_diag_detail(d, CK_E_PRINTER, w->incomplete, "the printer connection broke while it printed the %s",
                                w->noun_en);
        else if (again == CK_OK && after >= ESCPOS_PAPER_OUT)
            rc = ck_diag_detail(d, CK_E_PRINTER, w->ran_out, "the printer reports %s after the %s was sent",
                                escpos_state_code(after), w->noun_en);
    }
    printer_close(p);
    return rc;
}
