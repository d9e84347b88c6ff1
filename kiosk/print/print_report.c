/* print_report.c - the end-of-day report to the printer or a PNG (see print_report.h). */
#include "print_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "receipt_png.h"
#include "report_compose.h"

/* The clerk prints the report: told to fix the printer and print it again. */
static const print_job_words report_words = {
    .unreachable = "打印机未连接，报表未打印，请检查打印机后重新打印",
    .paper_out = "打印机缺纸，报表未打印，请装纸后重新打印",
    .cover_open = "打印机盖未关好，报表未打印，请关好后重新打印",
    .offline = "打印机离线，报表未打印，请检查打印机后重新打印",
    .incomplete = "报表未打印完整，请检查打印机后重新打印",
    .ran_out = "报表打印中缺纸，请装纸后重新打印",
    .noun_en = "report",
};

/* Lays the report out for the configured paper into a new document (free it). */
static ck_err layout(const ck_config *cfg, const ck_clock *clock, const day_report *r, const char *clerk_id,
                     receipt_doc **out, ck_diag *d)
{
    report_data data = {
        .report = r,
        .ca_name = cfg->ca_name,
        .kiosk_id = cfg->kiosk_id,
        .window_id = cfg->window_id,
        .printed_at = clock_now(clock),
        .utc_offset_s = clock->utc_offset_s,
        .clerk_id = clerk_id,
    };
    ck_err rc;
    if ((*out = calloc(1, sizeof **out)) == NULL)
        return ck_diag_fail(d, CK_E_NOMEM, "内存不足", "out of memory");
    if ((rc = report_compose(&data, print_job_columns(cfg), *out, d)) != CK_OK) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

ck_err print_day_report(const ck_config *cfg, const ck_clock *clock, const day_report *r, const char *clerk_id,
                        print_result *out, ck_diag *d)
{
    escpos_profile profile = print_job_profile(cfg);
    escpos_buf bytes = {0};
    receipt_doc *doc = NULL;
    ck_diag cause = {"", ""};
    bool started = false;
    ck_err rc;
    memset(out, 0, sizeof *out);
    if ((rc = layout(cfg, clock, r, clerk_id, &doc, d)) != CK_OK)
        return rc;
    rc = escpos_encode(doc, &profile, &bytes, d);
    free(doc);
    if (rc != CK_OK)
        return rc;
    rc = print_job_send(cfg, &bytes, &report_words, &out->status, &started, &cause);
    escpos_buf_free(&bytes);
    out->printed = rc == CK_OK;
    if (rc != CK_OK && d != NULL)
        *d = cause;
    return rc;
}

ck_err print_day_report_png(const ck_config *cfg, const ck_clock *clock, const day_report *r, const char *clerk_id,
                            const char *path, ck_diag *d)
{
    receipt_doc *doc = NULL;
    ck_err rc = layout(cfg, clock, r, clerk_id, &doc, d);
    if (rc == CK_OK)
        rc = receipt_png_write(doc, print_job_dots(cfg), cfg->receipt_font, cfg->receipt_font_index, path, d);
    free(doc);
    return rc;
}

ck_err print_day_report_audited(ck_store *st, const ck_config *cfg, const ck_clock *clock, const day_report *r,
                                const char *clerk_id, print_result *out, ck_diag *d)
{
    char subject[32], detail[320], date[11];
    ck_diag ad = {"", ""};
    ck_err rc = print_day_report(cfg, clock, r, clerk_id, out, d);
    date_format(r->day, date);
    snprintf(subject, sizeof subject, "report %s", date);
    if (rc == CK_OK)
        snprintf(detail, sizeof detail, "printed; takings_fen=%lld; issues=%d", (long long)r->takings_fen,
                 r->n_issues + r->issues_dropped);
    else
        snprintf(detail, sizeof detail, "failed: %.250s", d->en);
    if (store_audit_append(st, clock_now(clock), clerk_id, "clerk.report_print", subject, detail, &ad) != CK_OK &&
        rc == CK_OK) {
        *d = ad;
        return CK_E_STORE;
    }
    return rc;
}
