/* token.c - choosing a driver for a card, and the counted APDU path every driver uses. */
#include "token.h"

#include <stdlib.h>

static const ck_token_ops *const drivers[] = {&token_piv_ops};

ck_err token_transmit(ck_token *t, const uint8_t *apdu, size_t n, uint8_t *resp, size_t cap, size_t *len, ck_diag *d)
{
    t->apdus++;
    return t->tr.transmit(t->tr.ctx, apdu, n, resp, cap, len, d);
}

ck_err token_open(ck_token_transport tr, ck_token **out, ck_diag *d)
{
    ck_token *t = calloc(1, sizeof *t);
    ck_err rc = CK_E_TOKEN_UNKNOWN;
    if (t == NULL) {
        if (tr.close != NULL)
            tr.close(tr.ctx);
        return CK_E_NOMEM;
    }
    t->tr = tr;
    for (size_t i = 0; i < sizeof drivers / sizeof drivers[0]; i++) {
        t->ops = drivers[i];
        rc = t->ops->probe(t, d);
        if (rc != CK_E_TOKEN_UNKNOWN)
            break;
    }
    if (rc != CK_OK) {
        if (rc == CK_E_TOKEN_UNKNOWN) {
            ck_diag_zh(d, rc, "%s", ck_err_zh(rc));
            ck_diag_en(d, rc, "%s", ck_err_en(rc));
        }
        token_close(t);
        return rc;
    }
    *out = t;
    return CK_OK;
}

void token_close(ck_token *t)
{
    if (t == NULL)
        return;
    if (t->tr.close != NULL)
        t->tr.close(t->tr.ctx);
    free(t);
}
