/*
 * fuzz_piv.c - the PIV driver against a card that answers with anything: the
 * input is a sequence of answers (2-byte length, bytes); when it runs out the
 * card is "pulled". Every operation must fail cleanly or succeed, never
 * crash, read out of bounds or leak.
 */
#include <stdlib.h>
#include <string.h>

#include "token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

struct feed {
    const uint8_t *p;
    size_t left;
};

static ck_err feed_transmit(void *ctx, const uint8_t *apdu, size_t n, uint8_t *resp, size_t cap, size_t *len,
                            ck_diag *d)
{
    struct feed *f = ctx;
    size_t want;
    (void)apdu;
    (void)n;
    if (f->left < 2)
        return ck_diag_fail(d, CK_E_TOKEN_REMOVED, "拔出", "pulled");
    want = ((size_t)f->p[0] << 8) | f->p[1];
    f->p += 2, f->left -= 2;
    if (want > f->left)
        want = f->left;
    if (want > cap)
        want = cap;
    memcpy(resp, f->p, want);
    f->p += want, f->left -= want;
    *len = want;
    return CK_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static const uint8_t key3des[24] = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8};
    struct feed f = {data, n};
    ck_token_transport tr = {.transmit = feed_transmit, .ctx = &f};
    ck_token *t = NULL;
    ck_token_info info;
    ck_pin_status pin;
    uint8_t buf[TOKEN_MAX_OBJECT], digest[32] = {1}, sig[512];
    size_t len = 0, sig_len = sizeof sig;
    unsigned flags;
    EVP_PKEY *pub = NULL;
    if (token_open(tr, &t, NULL) != CK_OK)
        return 0;
    t->ops->identify(t, &info, NULL);
    t->ops->pin_status(t, &pin, NULL);
    t->ops->read_cert(t, TOKEN_SLOT_SIGN, buf, sizeof buf, &len, NULL);
    t->ops->read_seal(t, buf, sizeof buf, &len, NULL);
    t->ops->get_flags(t, &flags, NULL);
    t->ops->admin_auth(t, ADMIN_3DES, key3des, sizeof key3des, NULL);
    if (t->ops->generate(t, TOKEN_SLOT_SIGN, KEY_ALG_P256, &pub, NULL) == CK_OK)
        EVP_PKEY_free(pub);
    pub = NULL;
    if (t->ops->generate(t, TOKEN_SLOT_AUTH, KEY_ALG_RSA2048, &pub, NULL) == CK_OK)
        EVP_PKEY_free(pub);
    t->ops->sign(t, TOKEN_SLOT_SIGN, KEY_ALG_P256, digest, sizeof digest, sig, &sig_len, NULL);
    sig_len = sizeof sig;
    t->ops->sign(t, TOKEN_SLOT_AUTH, KEY_ALG_RSA2048, digest, sizeof digest, sig, &sig_len, NULL);
    t->ops->verify_pin(t, "12345678", NULL);
    token_close(t);
    return 0;
}
