/* test_report_compose.c - the printed day report's layout and content, and that the fullest report fits. */
#include "../core/cmocka_all.h"

#include <stdio.h>
#include <string.h>

#include "escpos.h"
#include "money.h"
#include "report_compose.h"
#include "utf8.h"

static const ck_date day = {2026, 11, 25};

static day_payment payment(int64_t id, ck_service s, ck_report_method m, int64_t fen, int64_t receipt)
{
    day_payment p = {
        .payment_id = id, .service = s, .method = m, .amount_fen = fen, .receipt_no = receipt, .quote_fen = fen};
    snprintf(p.job, sizeof p.job, "6f1c2d3e-0000-4000-8000-%012lld", (long long)id);
    p.item_fen[FEE_ANNUAL] = fen;
    return p;
}

static report_data data(const day_report *r, const char *clerk)
{
    return (report_data){.report = r,
                         .ca_name = "四川CA数字证书服务中心",
                         .kiosk_id = "KIOSK-0001",
                         .window_id = "3",
                         .printed_at = 1795654800, /* 2026-11-26 09:00 UTC+8 */
                         .utc_offset_s = 8 * 3600,
                         .clerk_id = clerk};
}

/* The whole printed text, one line per TEXT item; every line within the paper. */
static void text_of(const receipt_doc *doc, char *out, size_t cap)
{
    out[0] = '\0';
    for (int i = 0; i < doc->n; i++) {
        const receipt_item *it = &doc->items[i];
        if (it->kind != RECEIPT_TEXT)
            continue;
        assert_true(utf8_width(it->text) * (it->big ? 2 : 1) <= doc->columns);
        if (strlen(out) + strlen(it->text) + 2 < cap)
            strcat(strcat(out, it->text), "\n");
    }
}

static void test_a_day_that_reconciles(void **state)
{
    static day_report r;
    static receipt_doc doc;
    static char text[32768];
    day_payment p;
    report_data rd = data(&r, "c001");
    (void)state;
    day_report_init(&r, day);
    day_report_add_jobs(&r, SVC_NEW, JOB_PAID, 2);
    day_report_add_jobs(&r, SVC_NEW, JOB_CANCELLED, 1);
    day_report_add_jobs(&r, SVC_REPLACE, JOB_DONE, 1);
    p = payment(1, SVC_NEW, REPORT_CASH, 40000, 1), day_report_add_payment(&r, &p);
    p = payment(2, SVC_NEW, REPORT_POS, 40000, 2), day_report_add_payment(&r, &p);
    p = payment(3, SVC_REPLACE, REPORT_WECHAT, 5000, 3), day_report_add_payment(&r, &p);
    p = payment(4, SVC_NEW, REPORT_CASH, 40000, 0), p.refund_due = true, day_report_add_payment(&r, &p);
    day_report_finish(&r);
    for (int columns = 32; columns <= 48; columns += 16) {
        assert_int_equal(report_compose(&rd, columns, &doc, NULL), CK_OK);
        text_of(&doc, text, sizeof text);
        assert_non_null(strstr(text, "日结报表"));
        assert_non_null(strstr(text, "Day report"));
        assert_non_null(strstr(text, "2026-11-25"));
        assert_non_null(strstr(text, "2026-11-26 09:00"));
        assert_non_null(strstr(text, "KIOSK-0001 / 窗口3"));
        assert_non_null(strstr(text, "c001\n"));
        assert_non_null(strstr(text, "证书及印章新办"));
        assert_non_null(strstr(text, "已取消"));
        assert_non_null(strstr(text, "   2笔     400.00元\n")); /* cash: the refund owed counts, its money does not */
        assert_non_null(strstr(text, "  850.00元\n"));
        assert_non_null(strstr(text, "应退款"));
        assert_non_null(strstr(strstr(text, "应退款"), "   1笔     400.00元\n"));
        assert_non_null(strstr(text, "3张 000001-000003"));
        assert_non_null(strstr(text, "核对无误"));
        assert_null(strstr(text, "不符"));
        assert_null(strstr(text, "¥"));
        assert_int_equal(doc.items[doc.n - 1].kind, RECEIPT_CUT);
    }
}

static void test_a_preview_names_no_clerk(void **state)
{
    static day_report r;
    static receipt_doc doc;
    static char text[32768];
    report_data rd = data(&r, NULL);
    (void)state;
    day_report_init(&r, day);
    day_report_finish(&r);
    assert_int_equal(report_compose(&rd, 32, &doc, NULL), CK_OK);
    text_of(&doc, text, sizeof text);
    assert_null(strstr(text, "打印柜员"));
    assert_non_null(strstr(text, "0件"));
    assert_non_null(strstr(text, "0张"));
}

/* Every service in every state, DAY_REPORT_MAX_ISSUES issues and more: it still fits, on 58 mm too. */
static void test_the_fullest_report_fits(void **state)
{
    static day_report r;
    static receipt_doc doc;
    static char text[262144];
    report_data rd = data(&r, "c001");
    ck_diag d = {"", ""};
    (void)state;
    day_report_init(&r, day);
    for (int s = 0; s < SVC__COUNT; s++)
        for (int j = 0; j < JOB__COUNT; j++)
            day_report_add_jobs(&r, (ck_service)s, (ck_job_state)j, 100 + j);
    for (int i = 1; i <= 40; i++) { /* paid 1 fen short of a large quote, lines that add up to neither: two issues */
        day_payment p = payment(100000 + i, SVC_NEW, REPORT_POS, MONEY_MAX_FEN - 1, 3 * i);
        p.quote_fen = MONEY_MAX_FEN;
        p.item_fen[FEE_SEAL] = 1234567;
        day_report_add_payment(&r, &p);
    }
    day_report_finish(&r); /* and the receipt numbers have gaps */
    assert_int_equal(r.n_issues, DAY_REPORT_MAX_ISSUES);
    assert_true(r.issues_dropped > 0);
    for (int columns = 32; columns <= 48; columns += 16) {
        escpos_profile profile = {columns == 32 ? 384 : 576, true, true, 6};
        escpos_buf bytes = {0};
        int jobs_lines = 0;
        assert_int_equal(report_compose(&rd, columns, &doc, &d), CK_OK);
        text_of(&doc, text, sizeof text);
        for (const char *at = text; (at = strstr(at, "   业务 ")) != NULL; at++)
            jobs_lines++;
        assert_int_equal(jobs_lines, DAY_REPORT_MAX_ISSUES);
        assert_non_null(strstr(text, "64. 收款"));
        assert_non_null(strstr(text, "另有"));
        assert_int_equal(escpos_encode(&doc, &profile, &bytes, &d), CK_OK);
        escpos_buf_free(&bytes);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_day_that_reconciles),
        cmocka_unit_test(test_a_preview_names_no_clerk),
        cmocka_unit_test(test_the_fullest_report_fits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
