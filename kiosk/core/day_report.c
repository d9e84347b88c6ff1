/* day_report.c - the end-of-day report's sums and checks; see day_report.h. */
#include "day_report.h"

#include <stdio.h>
#include <string.h>

#include "money.h"

static const char *const method_codes[REPORT__METHODS] = {"wechat", "cash", "pos"};

const char *day_report_method_code(ck_report_method m)
{
    return m >= 0 && m < REPORT__METHODS ? method_codes[m] : "?";
}

void day_report_init(day_report *r, ck_date day)
{
    memset(r, 0, sizeof *r);
    r->day = day;
}

void day_report_add_jobs(day_report *r, ck_service s, ck_job_state st, int count)
{
    if (s >= 0 && s < SVC__COUNT && st >= 0 && st < JOB__COUNT)
        r->jobs[s][st] += count;
}

static void issue(day_report *r, const day_payment *p, const char *zh, const char *en)
{
    day_issue *i;
    if (r->n_issues >= DAY_REPORT_MAX_ISSUES) {
        r->issues_dropped++;
        return;
    }
    i = &r->issues[r->n_issues++];
    i->payment_id = p != NULL ? p->payment_id : 0;
    snprintf(i->job, sizeof i->job, "%s", p != NULL ? p->job : "");
    snprintf(i->zh, sizeof i->zh, "%s", zh);
    snprintf(i->en, sizeof i->en, "%s", en);
}

void day_report_add_payment(day_report *r, const day_payment *p)
{
    char a[32], b[32], zh[160], en[160];
    int64_t lines = 0;
    if (p->method < 0 || p->method >= REPORT__METHODS)
        return;
    r->payments[p->method]++;
    if (p->refund_due) { /* owed back: not takings, and has no receipt by design */
        r->refunds++;
        r->refunds_fen += p->amount_fen;
        return;
    }
    r->takings_by_method[p->method] += p->amount_fen;
    r->takings_fen += p->amount_fen;
    for (int i = 0; i < FEE__COUNT; i++) {
        r->takings_by_item[i] += p->item_fen[i];
        lines += p->item_fen[i];
    }
    if (p->receipt_no > 0) {
        r->receipts++;
        if (r->first_receipt == 0 || p->receipt_no < r->first_receipt)
            r->first_receipt = p->receipt_no;
        if (p->receipt_no > r->last_receipt)
            r->last_receipt = p->receipt_no;
    } else {
        issue(r, p, "收款没有收据", "a payment without a receipt");
    }
    if (p->amount_fen != p->quote_fen) {
        money_format_yuan(p->amount_fen, a, sizeof a);
        money_format_yuan(p->quote_fen, b, sizeof b);
        snprintf(zh, sizeof zh, "收款%s元与应收%s元不符", a, b);
        snprintf(en, sizeof en, "paid %s yuan where %s were due", a, b);
        issue(r, p, zh, en);
    }
    if (lines != p->quote_fen) {
        money_format_yuan(lines, a, sizeof a);
        money_format_yuan(p->quote_fen, b, sizeof b);
        snprintf(zh, sizeof zh, "收费明细合计%s元与应收%s元不符", a, b);
        snprintf(en, sizeof en, "the fee lines add up to %s yuan, the quote to %s", a, b);
        issue(r, p, zh, en);
    }
}

void day_report_finish(day_report *r)
{
    char zh[160], en[160];
    if (r->receipts > 0 && r->last_receipt - r->first_receipt + 1 != r->receipts) {
        snprintf(zh, sizeof zh, "收据号%lld至%lld之间有%lld张没有对应的收款", (long long)r->first_receipt,
                 (long long)r->last_receipt, (long long)(r->last_receipt - r->first_receipt + 1 - r->receipts));
        snprintf(en, sizeof en, "%lld receipt numbers between %lld and %lld have no payment of this day",
                 (long long)(r->last_receipt - r->first_receipt + 1 - r->receipts), (long long)r->first_receipt,
                 (long long)r->last_receipt);
        issue(r, NULL, zh, en);
    }
}
