/* print_receipt.c - a job's receipt from the store to the printer (see print_receipt.h). */
#include "print_receipt.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "receipt_compose.h"
#include "receipt_png.h"

/* A receipt that cannot be printed waits at the window: the customer is told to collect it there. */
static const print_job_words receipt_words = {
    .unreachable = "收据打印机未连接，请到窗口领取收据",
    .paper_out = "收据打印机缺纸，请到窗口领取收据",
    .cover_open = "收据打印机盖未关好，请到窗口领取收据",
    .offline = "收据打印机离线，请到窗口领取收据",
    .incomplete = "收据未打印完整，请到窗口领取收据",
    .ran_out = "收据打印中缺纸，请到窗口领取收据",
    .noun_en = "receipt",
};

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
    rc = receipt_compose(&r, print_job_columns(cfg), doc, d);
    OPENSSL_cleanse(&job, sizeof job); /* personal fields: only masked ones reach the layout */
    return rc;
}

ck_err print_receipt(ck_store *st, const ck_config *cfg, const char *uuid, bool reprint, int64_t now, print_result *out,
                     ck_diag *d)
{
    escpos_profile profile = print_job_profile(cfg);
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
    rc = print_job_send(cfg, &bytes, &receipt_words, &out->status, &started, &cause);
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
        rc = receipt_png_write(doc, print_job_dots(cfg), cfg->receipt_font, cfg->receipt_font_index, path, d);
    free(doc);
    return rc;
}
