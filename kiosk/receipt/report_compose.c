/* report_compose.c - the content of the printed end-of-day report (see report_compose.h). */
#include "report_compose.h"

#include <stdio.h>
#include <string.h>

#include "date.h"
#include "money.h"
#include "services.h"

/* Shorter than the receipt's words, so a method, its count and its takings share a 58 mm line. */
static const char *const method_zh[REPORT__METHODS] = {"微信支付", "现金", "银行卡POS"};

/* The layout being built and its first error: each step after a failure does nothing. */
typedef struct layout {
    receipt_doc *doc;
    ck_err rc;
} layout;

static void text(layout *l, receipt_align align, bool bold, bool big, const char *s)
{
    if (l->rc == CK_OK)
        l->rc = receipt_doc_text(l->doc, align, bold, big, s);
}

static void words(layout *l, const char *s)
{
    if (l->rc == CK_OK)
        l->rc = receipt_doc_words(l->doc, RECEIPT_LEFT, false, s);
}

static void pair(layout *l, bool bold, const char *label, const char *value)
{
    if (l->rc == CK_OK)
        l->rc = receipt_doc_pair(l->doc, bold, label, value);
}

static void rule(layout *l)
{
    if (l->rc == CK_OK)
        l->rc = receipt_doc_rule(l->doc);
}

/*
 * Amounts as "1200.00元" padded to one width, counts as "3笔" padded too, so
 * that on the right of the paper the figures of every section line up.
 * Never "¥", which GB18030 printers print as garbage.
 */
static const char *amount(int64_t fen, char out[32])
{
    char num[24];
    money_format_yuan(fen, num, sizeof num);
    snprintf(out, 32, "%10s元", num);
    return out;
}

static const char *count_amount(int count, const char *unit, int64_t fen, char out[64])
{
    char a[32];
    snprintf(out, 64, "%4d%s %s", count, unit, amount(fen, a));
    return out;
}

static void heading(layout *l, const report_data *r)
{
    char buf[96], day[11];
    int64_t local = r->printed_at + r->utc_offset_s;
    text(l, RECEIPT_CENTER, true, false, r->ca_name);
    text(l, RECEIPT_CENTER, true, true, "日结报表");
    text(l, RECEIPT_CENTER, false, false, "Day report");
    rule(l);
    date_format(r->report->day, day);
    pair(l, true, "日期", day);
    snprintf(buf, sizeof buf, "%s / 窗口%s", r->kiosk_id, r->window_id);
    pair(l, false, "终端", buf);
    date_format(date_from_unix(r->printed_at, r->utc_offset_s), day);
    snprintf(buf, sizeof buf, "%s %02d:%02d", day, (int)((local / 3600) % 24 + 24) % 24,
             (int)((local / 60) % 60 + 60) % 60);
    pair(l, false, "打印时间", buf);
    if (r->clerk_id != NULL && r->clerk_id[0] != '\0')
        pair(l, false, "打印柜员", r->clerk_id);
    rule(l);
}

/* Each service with jobs made that day, its count, and under it the states they are in now. */
static void jobs(layout *l, const day_report *rep)
{
    char buf[32], label[64];
    int total = 0;
    for (int s = 0; s < SVC__COUNT; s++)
        for (int j = 0; j < JOB__COUNT; j++)
            total += rep->jobs[s][j];
    snprintf(buf, sizeof buf, "%d件", total);
    pair(l, true, "当日新建业务", buf);
    for (int s = 0; s < SVC__COUNT; s++) {
        int n = 0;
        for (int j = 0; j < JOB__COUNT; j++)
            n += rep->jobs[s][j];
        if (n == 0)
            continue;
        snprintf(buf, sizeof buf, "%d", n);
        pair(l, false, services_info((ck_service)s)->zh, buf);
        for (int j = 0; j < JOB__COUNT; j++) {
            if (rep->jobs[s][j] == 0)
                continue;
            snprintf(label, sizeof label, "  %s", job_state_zh((ck_job_state)j));
            snprintf(buf, sizeof buf, "%d", rep->jobs[s][j]);
            pair(l, false, label, buf);
        }
    }
    rule(l);
}

/* The seal's item is named per holder (单位印章, 专家印章); the day's takings cover both. */
static void item_label(ck_fee_item i, char *out, size_t cap)
{
    const char *unit = fees_item_zh(i, HOLDER_UNIT), *expert = fees_item_zh(i, HOLDER_EXPERT);
    if (strcmp(unit, expert) == 0)
        snprintf(out, cap, "%s", unit);
    else
        snprintf(out, cap, "%s/%s", unit, expert);
}

static void takings(layout *l, const day_report *rep)
{
    char a[32], b[64], label[96];
    /* The counts are every payment taken (day_report.h), those owed back included; the amounts are takings. */
    text(l, RECEIPT_LEFT, true, false, "收款方式（金额不含应退款）");
    for (int m = 0; m < REPORT__METHODS; m++)
        pair(l, false, method_zh[m], count_amount(rep->payments[m], "笔", rep->takings_by_method[m], b));
    rule(l);
    text(l, RECEIPT_LEFT, true, false, "收费项目");
    for (int i = 0; i < FEE__COUNT; i++) {
        item_label((ck_fee_item)i, label, sizeof label);
        pair(l, false, label, amount(rep->takings_by_item[i], a));
    }
    rule(l);
    pair(l, true, "收款合计", amount(rep->takings_fen, a));
    pair(l, false, "应退款", count_amount(rep->refunds, "笔", rep->refunds_fen, b));
    if (rep->receipts > 0)
        snprintf(b, sizeof b, "%d张 %06lld-%06lld", rep->receipts, (long long)rep->first_receipt,
                 (long long)rep->last_receipt);
    else
        snprintf(b, sizeof b, "0张");
    pair(l, false, "收据", b);
    rule(l);
}

/* Every issue with the payment it is about, its reason in both languages, and the job. */
static void reconciliation(layout *l, const day_report *rep)
{
    char buf[256];
    if (rep->n_issues == 0) {
        pair(l, true, "对账", "核对无误");
        rule(l);
        return;
    }
    snprintf(buf, sizeof buf, "不符 %d项", rep->n_issues + rep->issues_dropped);
    pair(l, true, "对账", buf);
    for (int i = 0; i < rep->n_issues; i++) {
        const day_issue *is = &rep->issues[i];
        if (is->payment_id > 0)
            snprintf(buf, sizeof buf, "%d. 收款%lld：%s", i + 1, (long long)is->payment_id, is->zh);
        else
            snprintf(buf, sizeof buf, "%d. %s", i + 1, is->zh);
        words(l, buf);
        snprintf(buf, sizeof buf, "   %s", is->en);
        words(l, buf);
        if (is->job[0] != '\0') { /* a whole UUID on one 80 mm line; on 58 mm it wraps once */
            snprintf(buf, sizeof buf, "   业务 %s", is->job);
            text(l, RECEIPT_LEFT, false, false, buf);
        }
    }
    if (rep->issues_dropped > 0) {
        snprintf(buf, sizeof buf, "另有%d项未列出，见 certkioskctl report day", rep->issues_dropped);
        text(l, RECEIPT_LEFT, true, false, buf);
    }
    rule(l);
}

static void signature(layout *l)
{
    char buf[RECEIPT_TEXT_MAX];
    int n = l->doc->columns - 10; /* "柜员签字：" is ten columns */
    snprintf(buf, sizeof buf, "柜员签字：");
    for (size_t at = strlen(buf); n > 0 && at + 1 < sizeof buf; n--)
        buf[at++] = '_', buf[at] = '\0';
    if (l->rc == CK_OK)
        l->rc = receipt_doc_feed(l->doc, 1);
    text(l, RECEIPT_LEFT, false, false, buf);
    if (l->rc == CK_OK)
        l->rc = receipt_doc_feed(l->doc, 3);
    if (l->rc == CK_OK)
        l->rc = receipt_doc_cut(l->doc);
}

ck_err report_compose(const report_data *r, int columns, receipt_doc *doc, ck_diag *d)
{
    layout l = {doc, CK_OK};
    receipt_doc_init(doc, columns);
    heading(&l, r);
    jobs(&l, r->report);
    takings(&l, r->report);
    reconciliation(&l, r->report);
    signature(&l);
    if (l.rc != CK_OK)
        return ck_diag_fail(d, l.rc, "日结报表内容超出版面", "the day report does not fit its layout");
    return CK_OK;
}
