/* test_sync_parse.c - the upstream's answers read strictly: shapes, types, sizes, base64, order of changes. */
#include "../core/cmocka_all.h"

#include <stdlib.h>
#include <string.h>

#include "sync_parse.h"

#define P(s) s, strlen(s)

static void test_error(void **state)
{
    sync_error e;
    (void)state;
    assert_true(sync_parse_error(P("{\"error\":{\"code\":\"amount_mismatch\",\"message_zh\":\"金额不符\","
                                   "\"message_en\":\"amounts differ\",\"retry\":false}}"),
                                 &e));
    assert_string_equal(e.code, "amount_mismatch");
    assert_string_equal(e.message_zh, "金额不符");
    assert_false(e.retry);
    assert_false(sync_parse_error(P("{\"error\":{\"code\":7}}"), &e));
    assert_false(sync_parse_error(P("<html>502</html>"), &e));
    assert_false(sync_parse_error("", 0, &e));
    assert_false(sync_parse_error(NULL, 0, &e));
}

static void test_push(void **state)
{
    const char *keys[2] = {"a", "b"};
    sync_item_result r[2];
    char why[160];
    (void)state;
    assert_true(sync_parse_push(P("{\"results\":[{\"idem_key\":\"a\",\"status\":\"accepted\"},"
                                  "{\"idem_key\":\"b\",\"status\":\"rejected\",\"reason\":\"check_digit\"}]}"),
                                keys, 2, r, why, sizeof why));
    assert_int_equal(r[0].status, ITEM_ACCEPTED);
    assert_int_equal(r[1].status, ITEM_REJECTED);
    assert_string_equal(r[1].reason, "check_digit");
    /* Results for other items, or in another order, are never taken for ours. */
    assert_true(sync_parse_push(P("{\"results\":[{\"idem_key\":\"b\",\"status\":\"accepted\"},"
                                  "{\"idem_key\":\"a\",\"status\":\"accepted\"}]}"),
                                keys, 2, r, why, sizeof why));
    assert_int_equal(r[0].status, ITEM_MALFORMED);
    assert_int_equal(r[1].status, ITEM_MALFORMED);
    assert_true(sync_parse_push(P("{\"results\":[{\"idem_key\":\"a\",\"status\":\"maybe\"},"
                                  "{\"idem_key\":\"b\",\"status\":\"conflict\"}]}"),
                                keys, 2, r, why, sizeof why));
    assert_int_equal(r[0].status, ITEM_MALFORMED);
    assert_int_equal(r[1].status, ITEM_CONFLICT);
    /* One result short, wrong types, truncated: the whole answer is unusable, and why says so. */
    assert_false(sync_parse_push(P("{\"results\":[{\"idem_key\":\"a\",\"status\":\"accepted\"}]}"), keys, 2, r, why,
                                 sizeof why));
    assert_non_null(strstr(why, "one result per item"));
    assert_false(sync_parse_push(P("{\"results\":\"yes\"}"), keys, 2, r, why, sizeof why));
    assert_false(sync_parse_push(P("{\"results\":[{\"idem_key\":\"a\",\"sta"), keys, 2, r, why, sizeof why));
    assert_non_null(strstr(why, "not a JSON object"));
}

struct collected {
    int n;
    sync_change c[4];
};

static int collect(const sync_change *c, void *ctx)
{
    struct collected *got = ctx;
    got->c[got->n++] = *c;
    return 0;
}

static void test_changes(void **state)
{
    static struct collected got;
    int64_t next = 0;
    bool more = true;
    char why[160];
    (void)state;
    memset(&got, 0, sizeof got);
    assert_true(sync_parse_changes(
        P("{\"changes\":[{\"cursor\":3,\"job\":\"j1\",\"to\":\"approved\"},"
          "{\"cursor\":4,\"job\":\"j1\",\"to\":\"issued\",\"certificate\":\"AQID\",\"serial\":\"0A\"},"
          "{\"cursor\":7,\"job\":\"j2\",\"to\":\"revoked\",\"serial\":\"0B\",\"revoked_at\":5,\"reason\":\"key_lost\"}]"
          ","
          "\"next\":7,\"more\":false}"),
        collect, &got, &next, &more, why, sizeof why));
    assert_int_equal(got.n, 3);
    assert_int_equal(next, 7);
    assert_false(more);
    assert_int_equal(got.c[1].kind, CHANGE_ISSUED);
    assert_int_equal(got.c[1].issued.cert_len, 3); /* "AQID" is 01 02 03 */
    assert_memory_equal(got.c[1].issued.cert, "\x01\x02\x03", 3);
    assert_int_equal(got.c[2].kind, CHANGE_REVOKED);
    assert_string_equal(got.c[2].reason_en, "key_lost");
    /* Padding is not data. */
    memset(&got, 0, sizeof got);
    assert_true(sync_parse_changes(P("{\"changes\":[{\"cursor\":1,\"job\":\"j\",\"to\":\"issued\","
                                     "\"certificate\":\"AQ==\",\"serial\":\"1\"}],\"next\":1}"),
                                   collect, &got, &next, &more, why, sizeof why));
    assert_int_equal(got.c[0].issued.cert_len, 1);
    /* All or nothing: one bad change (unknown state, bad base64, out of order, fractional cursor) and none is applied.
     */
    static const char *const bad[] = {
        "{\"changes\":[{\"cursor\":1,\"job\":\"j\",\"to\":\"approved\"},{\"cursor\":2,\"job\":\"j\",\"to\":\"eaten\"}],"
        "\"next\":2}",
        "{\"changes\":[{\"cursor\":1,\"job\":\"j\",\"to\":\"issued\",\"certificate\":\"@@@@\",\"serial\":\"1\"}],"
        "\"next\":1}",
        "{\"changes\":[{\"cursor\":2,\"job\":\"j\",\"to\":\"approved\"},{\"cursor\":1,\"job\":\"j\",\"to\":"
        "\"approved\"}],"
        "\"next\":2}",
        "{\"changes\":[{\"cursor\":1.5,\"job\":\"j\",\"to\":\"approved\"}],\"next\":2}",
        "{\"changes\":[{\"cursor\":1,\"job\":\"j\",\"to\":\"approved\"}],\"next\":\"x\"}",
        "{\"changes\":5,\"next\":1}",
        "{\"changes\":[{\"cursor\":1,\"job\":\"\",\"to\":\"approved\"}],\"next\":1}",
        "{\"changes\":[{\"cursor\":1e300,\"job\":\"j\",\"to\":\"approved\"}],\"next\":1e300}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&got, 0, sizeof got);
        assert_false(sync_parse_changes(P(bad[i]), collect, &got, &next, &more, why, sizeof why));
        assert_int_equal(got.n, 0);
    }
}

static void test_order_and_trade(void **state)
{
    sync_order o;
    sync_trade t;
    char why[160];
    (void)state;
    assert_true(sync_parse_order(P("{\"order\":\"ab12\",\"code_url\":\"weixin://wxpay/bizpayurl?pr=abcdefghij\","
                                   "\"amount_fen\":40000,\"expires_at\":1795543200}"),
                                 &o, why, sizeof why));
    assert_string_equal(o.code_url, "weixin://wxpay/bizpayurl?pr=abcdefghij");
    assert_int_equal(o.amount_fen, 40000);
    /* Only a WeChat link is shown to a customer; amounts are whole fen. */
    assert_false(sync_parse_order(P("{\"order\":\"ab12\",\"code_url\":\"https://evil.example/\","
                                    "\"amount_fen\":40000,\"expires_at\":1}"),
                                  &o, why, sizeof why));
    assert_false(sync_parse_order(P("{\"order\":\"ab12\",\"code_url\":\"weixin://x\",\"amount_fen\":400.5,"
                                    "\"expires_at\":1}"),
                                  &o, why, sizeof why));
    assert_false(sync_parse_order(P("{\"order\":\"ab12\",\"code_url\":\"weixin://x\",\"amount_fen\":-1,"
                                    "\"expires_at\":1}"),
                                  &o, why, sizeof why));
    assert_true(sync_parse_trade(P("{\"trade_state\":\"SUCCESS\",\"transaction_id\":\"4200001234202611251234567890\","
                                   "\"paid_fen\":40000}"),
                                 &t, why, sizeof why));
    assert_int_equal(t.state, TRADE_SUCCESS);
    assert_int_equal(t.paid_fen, 40000);
    assert_true(sync_parse_trade(P("{\"trade_state\":\"NOTPAY\"}"), &t, why, sizeof why));
    assert_int_equal(t.state, TRADE_NOTPAY);
    /* A success without its transaction is no success. */
    assert_false(sync_parse_trade(P("{\"trade_state\":\"SUCCESS\"}"), &t, why, sizeof why));
    assert_false(sync_parse_trade(P("{\"trade_state\":7}"), &t, why, sizeof why));
    assert_false(sync_parse_trade(P("{\"trade_state\":\"PAID_MAYBE\"}"), &t, why, sizeof why));
}

static void test_cert(void **state)
{
    sync_issued *is = malloc(sizeof *is);
    char why[160];
    (void)state;
    assert_non_null(is);
    assert_true(sync_parse_cert(P("{\"certificate\":\"AQID\"}"), is, why, sizeof why));
    assert_int_equal(is->cert_len, 3);
    assert_int_equal(is->seal_len, 0);
    assert_true(sync_parse_cert(P("{\"certificate\":\"AQID\",\"seal\":\"BAUG\"}"), is, why, sizeof why));
    assert_int_equal(is->seal_len, 3);
    assert_memory_equal(is->seal, "\x04\x05\x06", 3);
    /* The CSR's answer must carry a certificate; a seal that is there must be base64. */
    assert_false(sync_parse_cert(P("{\"seal\":\"BAUG\"}"), is, why, sizeof why));
    assert_false(sync_parse_cert(P("{\"certificate\":\"AQID\",\"seal\":\"@@\"}"), is, why, sizeof why));
    assert_false(sync_parse_cert(P("{\"certificate\":\"AQI\"}"), is, why, sizeof why));
    /* Larger than the buffer: refused, never truncated. */
    {
        size_t n = (SYNC_DER_MAX / 3 + 1) * 4;
        char *big = malloc(n + 32);
        assert_non_null(big);
        strcpy(big, "{\"certificate\":\"");
        memset(big + strlen(big), 'A', n);
        strcpy(big + 16 + n, "\"}");
        assert_false(sync_parse_cert(big, strlen(big), is, why, sizeof why));
        free(big);
    }
    free(is);
}

/* A seal-only issuance (印章升级, 印章续期): a seal and no certificate, so no serial is needed. */
static void test_changes_seal_only(void **state)
{
    static struct collected got;
    int64_t next;
    bool more;
    char why[160];
    (void)state;
    memset(&got, 0, sizeof got);
    assert_true(sync_parse_changes(P("{\"changes\":[{\"cursor\":1,\"job\":\"j\",\"to\":\"issued\","
                                     "\"seal\":\"BAUG\"}],\"next\":1}"),
                                   collect, &got, &next, &more, why, sizeof why));
    assert_int_equal(got.c[0].issued.cert_len, 0);
    assert_int_equal(got.c[0].issued.seal_len, 3);
    /* Issued with neither: malformed. A certificate without its serial: malformed. */
    assert_false(sync_parse_changes(P("{\"changes\":[{\"cursor\":1,\"job\":\"j\",\"to\":\"issued\"}],\"next\":1}"),
                                    collect, &got, &next, &more, why, sizeof why));
    assert_false(sync_parse_changes(P("{\"changes\":[{\"cursor\":1,\"job\":\"j\",\"to\":\"issued\","
                                      "\"certificate\":\"AQID\"}],\"next\":1}"),
                                    collect, &got, &next, &more, why, sizeof why));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error),           cmocka_unit_test(test_push), cmocka_unit_test(test_changes),
        cmocka_unit_test(test_order_and_trade), cmocka_unit_test(test_cert),
        cmocka_unit_test(test_changes_seal_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
