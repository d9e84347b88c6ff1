/*
 * fuzz_sync_parse.c - any bytes as an answer from the upstream: every
 * parser in kiosk/sync/sync_parse.c must refuse or accept them without
 * reading out of bounds, leaking, or handing back fields that break their
 * own promises (strings terminated within their arrays, a decoded
 * certificate within its buffer, changes in cursor order).
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "sync_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

struct seen {
    int64_t last;
};

static int on_change(const sync_change *c, void *ctx)
{
    struct seen *s = ctx;
    assert(c->cursor > s->last);
    assert(memchr(c->job, '\0', sizeof c->job) != NULL && c->job[0] != '\0');
    assert(c->issued.cert_len <= sizeof c->issued.cert && c->issued.seal_len <= sizeof c->issued.seal);
    assert(c->kind != CHANGE_ISSUED || c->issued.cert_len > 0 || c->issued.seal_len > 0);
    s->last = c->cursor;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static const char *const keys[3] = {"a", "b:approved", "6f1c"};
    const char *body = (const char *)data;
    char why[160];
    sync_error e;
    sync_item_result res[3];
    sync_order o;
    sync_trade t;
    struct seen seen = {0};
    int64_t next;
    bool more;
    static sync_issued issued; /* 12 KiB: not on the fuzzer's stack */
    if (sync_parse_error(body, n, &e))
        assert(memchr(e.code, '\0', sizeof e.code) != NULL);
    for (int k = 1; k <= 3; k++)
        if (sync_parse_push(body, n, keys, k, res, why, sizeof why))
            for (int i = 0; i < k; i++)
                assert(res[i].status <= ITEM_MALFORMED && memchr(res[i].reason, '\0', sizeof res[i].reason));
    if (sync_parse_changes(body, n, on_change, &seen, &next, &more, why, sizeof why))
        assert(seen.last <= next);
    if (sync_parse_cert(body, n, &issued, why, sizeof why))
        assert(issued.cert_len > 0 && issued.cert_len <= sizeof issued.cert && issued.seal_len <= sizeof issued.seal);
    if (sync_parse_heartbeat(body, n, &next, why, sizeof why))
        assert(next >= 1);
    if (sync_parse_order(body, n, &o, why, sizeof why))
        assert(o.amount_fen > 0 && strncmp(o.code_url, "weixin://", 9) == 0);
    if (sync_parse_trade(body, n, &t, why, sizeof why))
        assert(t.state != TRADE_SUCCESS || (t.paid_fen > 0 && t.transaction_id[0] != '\0'));
    return 0;
}
