/* print_receipt.c - a job's receipt from the store to the printer (see print_receipt.h). */
#include "print_receipt.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "printer.h"
#include "receipt_compose.h"
#include "receipt_png.h"

static int columns_of(const ck_config *cfg) { return strcmp(cfg->printer_paper, "80") == 0 ? 48 : 32; }
static int dots_of(const ck_config *cfg) { return strcmp(cfg->printer_paper, "80") == 0 ? 576 : 384; }

ck_err print_receipt_layout(ck_store *st, const ck_config *cfg, const char *uuid, int copy, receipt_doc *doc,
                            ck_receipt *rec, ck_diag *d)
{
    ck_job job;
    ck_quote quote;
    char url[256];
    receipt_data r;
    ck_err rc;
    if ((rc = store_receipt_for_job(st, uuid, rec, d)) != CK_OK || (rc = store_job_get(st, uuid, &job, d)) != CK_OK ||
        (rc = store_job_quote(st, uuid, &quote, d)) != CK_OK)
        return rc;
    receipt_lookup_url(cfg->receipt_lookup_url, uuid, url, sizeof url);
    r = (receipt_data){
        .ca_name = cfg->ca_name,
        .kiosk_id = cfg->kiosk_id,
        .window_id = cfg->window_id,
        .number = rec->number,
        .issued_at = rec->issued_at,
        .utc_offset_s = cfg->utc_offset_s,
        .quote = &quote,
        .org_name = job.org_name,
        .person_name = job.person_name,
        .id_number = job.id_number,
        .mobile = job.mobile,
        .method = store_pay_method_code(rec->method),
        .transaction_id = rec->transaction_id,
        .job_uuid = uuid,
        .lookup_url = url,
        .reprint = copy,
    };
    rc = receipt_compose(&r, columns_of(cfg), doc, d);
    OPENSSL_cleanse(&job, sizeof job); /* personal fields: only masked ones reach the layout */
    return rc;
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

/* The customer's words for a printer that cannot print now, and the cause for the clerk. */
static ck_err refused(escpos_state s, ck_diag *d)
{
    static const char *const zh[] = {"", "", "收据打印机缺纸，请到窗口领取收据", "收据打印机盖未关好，请到窗口领取收据",
                                     "收据打印机离线，请到窗口领取收据"};
    return ck_diag_detail(d, CK_E_PRINTER, zh[s], "the printer reports %s", escpos_state_code(s));
}

/* Sends the bytes after asking the printer's state; *started says whether anything may be on paper. */
/* d must not be NULL: its English detail becomes the stored cause. */
static ck_err send_bytes(const ck_config *cfg, const escpos_buf *bytes, print_result *out, bool *started, ck_diag *d)
{
    printer *p = NULL;
    size_t sent = 0;
    escpos_state after = ESCPOS_READY;
    ck_err rc = printer_open(transport_of(cfg), cfg->printer_target, cfg->printer_timeout_ms, &p, d);
    char cause[sizeof d->en];
    *started = false;
    if (rc != CK_OK) {
        snprintf(cause, sizeof cause, "%s", d->en);
        return ck_diag_detail(d, CK_E_PRINTER, "收据打印机未连接，请到窗口领取收据", "%s", cause);
    }
    rc = p->ops->status(p, &out->status, d);
    if (rc == CK_E_NOT_FOUND) /* this printer cannot say: print and see */
        rc = CK_OK, out->status = ESCPOS_READY;
    else if (rc == CK_OK && out->status >= ESCPOS_PAPER_OUT)
        rc = refused(out->status, d);
    if (rc == CK_OK) {
        rc = p->ops->write(p, bytes->data, bytes->len, &sent, d);
        *started = sent > 0;
        if (rc != CK_OK) {
            snprintf(cause, sizeof cause, "%s", d->en);
            rc = ck_diag_detail(d, CK_E_PRINTER, "收据未打印完整，请到窗口领取收据", "%s", cause);
        }
    }
    /* Asked again after sending: the paper can run out under the receipt, or the connection break
     * while the printer still had it (the bytes sat in the socket buffer): then it is not whole. */
    if (rc == CK_OK) {
        ck_err again = p->ops->status(p, &after, d);
        if (again == CK_E_PRINTER)
            rc = ck_diag_detail(d, CK_E_PRINTER, "收据未打印完整，请到窗口领取收据",
                                "the printer connection broke while it printed the receipt");
        else if (again == CK_OK && after >= ESCPOS_PAPER_OUT)
            rc = ck_diag_detail(d, CK_E_PRINTER, "收据打印中缺纸，请到窗口领取收据",
                                "the printer reports %s after the receipt was sent", escpos_state_code(after));
    }
    printer_close(p);
    return rc;
}

ck_err print_receipt(ck_store *st, const ck_config *cfg, const char *uuid, bool reprint, int64_t now, print_result *out,
                     ck_diag *d)
{
    escpos_profile profile = {dots_of(cfg), strcmp(cfg->printer_qr, "native") == 0,
                              strcmp(cfg->printer_chinese_mode, "yes") == 0, 6};
    escpos_buf bytes = {0};
    ck_receipt rec;
    ck_diag cause = {"", ""};
    bool started = false, was_printed;
    ck_err rc;
    memset(out, 0, sizeof *out);
    if ((rc = store_receipt_for_job(st, uuid, &rec, d)) != CK_OK)
        return rc;
    was_printed = rec.printed || rec.reprint_count > 0;
    if (!reprint && was_printed)
        return ck_diag_fail(d, CK_E_DUPLICATE, "收据%lld已打印过，再次打印须标明重印",
                            "receipt %lld was printed before: another copy must be a reprint", (long long)rec.number);
    reprint = was_printed; /* a receipt that never reached paper is still the original */
    out->number = rec.number;
    out->copy = reprint ? rec.reprint_count + 1 : 0;
    {
        receipt_doc *layout = calloc(1, sizeof *layout);
        if (layout == NULL)
            return CK_E_NOMEM;
        rc = print_receipt_layout(st, cfg, uuid, out->copy, layout, &rec, d);
        if (rc == CK_OK)
            rc = escpos_encode(layout, &profile, &bytes, d);
        free(layout);
        if (rc != CK_OK)
            return rc;
    }
    rc = send_bytes(cfg, &bytes, out, &started, &cause);
    escpos_buf_free(&bytes);
    out->printed = rc == CK_OK;
    /* Recorded either way: the failure is the clerk's queue, the success ends it. */
    if (store_receipt_print_result(st, rec.number, reprint, started, rc == CK_OK ? NULL : cause.en, now, d) != CK_OK &&
        rc == CK_OK)
        return CK_E_STORE;
    if (rc != CK_OK && d != NULL)
        *d = cause;
    return rc;
}

ck_err print_receipt_png(ck_store *st, const ck_config *cfg, const char *uuid, int copy, const char *path, ck_diag *d)
{
    receipt_doc *doc = calloc(1, sizeof *doc);
    ck_receipt rec;
    ck_err rc;
    if (doc == NULL)
        return CK_E_NOMEM;
    rc = print_receipt_layout(st, cfg, uuid, copy, doc, &rec, d);
    if (rc == CK_OK)
        rc = receipt_png_write(doc, dots_of(cfg), cfg->receipt_font, cfg->receipt_font_index, path, d);
    free(doc);
    return rc;
}
