/* test_receipt.c - the receipt's layout and content, and its ESC/POS bytes, without a printer. */
#include "../core/cmocka_all.h"

#include <iconv.h>
#include <string.h>

#include "escpos.h"
#include "receipt_compose.h"
#include "utf8.h"

static ck_quote quote(void)
{
    ck_quote q = {.service = SVC_NEW, .holder = HOLDER_UNIT, .years = 1, .seals = 1, .n_lines = 3, .total_fen = 40000};
    q.lines[0] = (ck_fee_line){FEE_ACCOUNT, 10000, 1, 10000, false};
    q.lines[1] = (ck_fee_line){FEE_ANNUAL, 20000, 1, 20000, false};
    q.lines[2] = (ck_fee_line){FEE_SEAL, 10000, 1, 10000, false};
    return q;
}

static receipt_data data(const ck_quote *q, int reprint)
{
    return (receipt_data){.ca_name = "四川CA数字证书服务中心",
                          .kiosk_id = "KIOSK-0001",
                          .window_id = "3",
                          .number = 12,
                          .issued_at = 1795590000, /* 2026-11-25 15:00 UTC+8 */
                          .utc_offset_s = 8 * 3600,
                          .quote = q,
                          .org_name = "四川测试科技有限公司",
                          .person_name = "张三丰",
                          .id_number = "510104199001011230",
                          .mobile = "13912345678",
                          .method = "wechat",
                          .transaction_id = "4200001234202611251234567890",
                          .job_uuid = "6f1c2d3e-0000-4000-8000-000000000001",
                          .lookup_url = "https://ca.example/q?job=6f1c2d3e-0000-4000-8000-000000000001",
                          .reprint = reprint};
}

/* The whole printed text, one line per TEXT item. */
static void text_of(const receipt_doc *doc, char *out, size_t cap)
{
    out[0] = '\0';
    for (int i = 0; i < doc->n; i++)
        if (doc->items[i].kind == RECEIPT_TEXT && strlen(out) + strlen(doc->items[i].text) + 2 < cap)
            strcat(strcat(out, doc->items[i].text), "\n");
}

static void test_layout_fits_and_says_it_all(void **state)
{
    static receipt_doc doc;
    static char text[16384];
    ck_quote q = quote();
    receipt_data r = data(&q, 0);
    (void)state;
    for (int columns = 32; columns <= 48; columns += 16) {
        assert_int_equal(receipt_compose(&r, columns, &doc, NULL), CK_OK);
        for (int i = 0; i < doc.n; i++)
            if (doc.items[i].kind == RECEIPT_TEXT)
                assert_true(utf8_width(doc.items[i].text) * (doc.items[i].big ? 2 : 1) <= columns);
        text_of(&doc, text, sizeof text);
        assert_non_null(strstr(text, "收费凭据"));
        assert_non_null(strstr(text, "000012"));
        assert_non_null(strstr(text, "KIOSK-0001 / 窗口3"));
        assert_non_null(strstr(text, "2026-11-25 15:00"));
        assert_non_null(strstr(text, "证书及印章新办"));
        assert_non_null(strstr(text, "张**"));
        assert_non_null(strstr(text, "5101**********1230"));
        assert_non_null(strstr(text, "139****5678"));
        assert_null(strstr(text, "510104199001011230")); /* personal numbers only masked */
        assert_null(strstr(text, "13912345678"));
        assert_non_null(strstr(text, "400.00元"));
        assert_non_null(strstr(text, "微信支付"));
        {
            static char flat[16384]; /* the notice wraps: look for it across lines */
            size_t n = 0;
            for (const char *c = text; *c != '\0'; c++)
                if (*c != '\n')
                    flat[n++] = *c;
            flat[n] = '\0';
            assert_non_null(strstr(flat, "电子发票将在2个工作日内发送至经办人手机"));
        }
        assert_null(strstr(text, "¥"));
        assert_null(strstr(text, "重印"));
        assert_int_equal(doc.items[doc.n - 1].kind, RECEIPT_CUT);
    }
    /* The lookup QR carries the URL whole. */
    for (int i = 0; i < doc.n; i++)
        if (doc.items[i].kind == RECEIPT_QR)
            assert_string_equal(doc.items[i].text, r.lookup_url);
    /* A reprint says so, with its count. */
    r = data(&q, 2);
    assert_int_equal(receipt_compose(&r, 32, &doc, NULL), CK_OK);
    text_of(&doc, text, sizeof text);
    assert_non_null(strstr(text, "重印（第2次）"));
}

static void test_wrapping(void **state)
{
    static receipt_doc doc;
    (void)state;
    receipt_doc_init(&doc, 8);
    assert_int_equal(receipt_doc_text(&doc, RECEIPT_LEFT, false, false, "中华人民共和国"), CK_OK);
    assert_int_equal(doc.n, 2);
    assert_string_equal(doc.items[0].text, "中华人民");
    assert_string_equal(doc.items[1].text, "共和国");
    assert_int_equal(receipt_doc_text(&doc, RECEIPT_LEFT, false, true, "中华人民"), CK_OK); /* double size */
    assert_int_equal(doc.n, 4);
    assert_int_equal(receipt_doc_pair(&doc, false, "合计", "4.0"), CK_OK);
    assert_string_equal(doc.items[4].text, "合计 4.0");
    assert_int_equal(receipt_doc_pair(&doc, false, "合计", "400.00"), CK_OK); /* does not fit: two lines */
    assert_int_equal(doc.items[6].align, RECEIPT_RIGHT);
    assert_int_equal(receipt_doc_text(&doc, RECEIPT_LEFT, false, false, "\xe4\xb8"), CK_E_INVALID_INPUT);
}

/* receipt_doc_words: lines break where a word or a number ends, not inside it, when they can. */
static void test_wrapping_words(void **state)
{
    static receipt_doc doc;
    (void)state;
    receipt_doc_init(&doc, 12);
    assert_int_equal(receipt_doc_words(&doc, RECEIPT_LEFT, false, "paid 399.00 yuan where"), CK_OK);
    assert_int_equal(doc.n, 2);
    assert_string_equal(doc.items[0].text, "paid 399.00");
    assert_string_equal(doc.items[1].text, "yuan where");
    receipt_doc_init(&doc, 8);
    assert_int_equal(receipt_doc_words(&doc, RECEIPT_LEFT, false, "收款399.00元"), CK_OK);
    assert_int_equal(doc.n, 2);
    assert_string_equal(doc.items[0].text, "收款");
    assert_string_equal(doc.items[1].text, "399.00元");
    receipt_doc_init(&doc, 10);
    assert_int_equal(receipt_doc_words(&doc, RECEIPT_LEFT, false, "   abc defgh ij"), CK_OK);
    assert_int_equal(doc.n, 2);
    assert_string_equal(doc.items[0].text, "   abc");
    assert_string_equal(doc.items[1].text, "defgh ij");
    receipt_doc_init(&doc, 4); /* a word wider than the paper is broken anyway */
    assert_int_equal(receipt_doc_words(&doc, RECEIPT_LEFT, false, "abcdefgh"), CK_OK);
    assert_int_equal(doc.n, 2);
    assert_string_equal(doc.items[1].text, "efgh");
    receipt_doc_init(&doc, 8); /* receipt_doc_text breaks between any two characters */
    assert_int_equal(receipt_doc_text(&doc, RECEIPT_LEFT, false, false, "收款399.00元"), CK_OK);
    assert_string_equal(doc.items[0].text, "收款399.");
}

static bool contains(const escpos_buf *b, const void *needle, size_t n, size_t *at)
{
    for (size_t i = 0; i + n <= b->len; i++)
        if (memcmp(b->data + i, needle, n) == 0) {
            if (at != NULL)
                *at = i;
            return true;
        }
    return false;
}

static void test_escpos(void **state)
{
    static receipt_doc doc;
    ck_quote q = quote();
    receipt_data r = data(&q, 0);
    escpos_profile native = {384, true, true, 6}, raster = {384, false, true, 6};
    escpos_buf b = {0};
    char gb[32], *in = "收费凭据", *out = gb;
    size_t in_left = strlen(in), out_left = sizeof gb, qr_at = 0, fs_off = 0;
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    (void)state;
    assert_true(cd != (iconv_t)-1);
    assert_int_not_equal(iconv(cd, &in, &in_left, &out, &out_left), (size_t)-1);
    iconv_close(cd);
    assert_int_equal(receipt_compose(&r, 32, &doc, NULL), CK_OK);
    assert_int_equal(escpos_encode(&doc, &native, &b, NULL), CK_OK);
    assert_memory_equal(b.data, "\x1b\x40", 2);
    assert_true(contains(&b, gb, (size_t)(out - gb), NULL)); /* the title in GB18030 */
    assert_true(contains(&b, "\x1c\x26", 2, NULL));          /* Chinese mode entered */
    assert_true(contains(&b, "\x1d\x28\x6b", 3, &qr_at));    /* native QR */
    for (size_t i = 0; i + 1 < qr_at; i++)                   /* the last FS before the QR leaves */
        if (b.data[i] == 0x1c && (b.data[i + 1] == 0x26 || b.data[i + 1] == 0x2e))
            fs_off = i;
    assert_int_equal(b.data[fs_off + 1], 0x2e);
    assert_true(contains(&b, "\x1d\x56\x01", 3, NULL)); /* partial cut */
    assert_false(contains(&b, "\x1d\x76\x30", 3, NULL));
    escpos_buf_free(&b);
    assert_int_equal(escpos_encode(&doc, &raster, &b, NULL), CK_OK);
    assert_true(contains(&b, "\x1d\x76\x30", 3, NULL));
    assert_false(contains(&b, "\x1d\x28\x6b", 3, NULL));
    escpos_buf_free(&b);
    /* "¥" is never sent: it goes as the full-width "￥" (A3 A4), not as 81 30 84 36. */
    receipt_doc_init(&doc, 32);
    assert_int_equal(receipt_doc_text(&doc, RECEIPT_LEFT, false, false, "合计 ¥400"), CK_OK);
    assert_int_equal(escpos_encode(&doc, &native, &b, NULL), CK_OK);
    assert_false(contains(&b, "\x81\x30\x84\x36", 4, NULL));
    assert_true(contains(&b, "\xa3\xa4", 2, NULL));
    escpos_buf_free(&b);
}

static void test_status(void **state)
{
    (void)state;
    assert_int_equal(escpos_status_decode(0x12, 0x12, 0x12), ESCPOS_READY);
    assert_int_equal(escpos_status_decode(0x12, 0x12, 0x1e), ESCPOS_PAPER_NEAR_END);
    assert_int_equal(escpos_status_decode(0x12, 0x32, 0x72), ESCPOS_PAPER_OUT);
    assert_int_equal(escpos_status_decode(0x12, 0x16, 0x12), ESCPOS_COVER_OPEN);
    assert_int_equal(escpos_status_decode(0x1a, 0x12, 0x12), ESCPOS_OFFLINE);
    assert_string_equal(escpos_state_code(ESCPOS_PAPER_OUT), "paper_out");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_fits_and_says_it_all),
        cmocka_unit_test(test_wrapping),
        cmocka_unit_test(test_wrapping_words),
        cmocka_unit_test(test_escpos),
        cmocka_unit_test(test_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
