/*
 * vcard_auth.c - the card's PIN, PUK and management key: VERIFY, CHANGE
 * REFERENCE DATA, RESET RETRY COUNTER (SP 800-73-4 part 2, 3.2), GENERAL
 * AUTHENTICATE with the management key 9B (mutual and single
 * challenge-response), and the YubiKey SET MANAGEMENT KEY (INS FF), which is
 * how a real key's management key is changed: PIV itself has no command
 * for it. Counters are written to the card file before the answer is given,
 * so pulling the card cannot buy extra tries.
 */
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <string.h>

#include "tlv.h"
#include "vcard_internal.h"

size_t vcard_mgmt_block_len(uint8_t alg) { return alg == 0x03 ? 8 : 16; }

static size_t mgmt_key_len(uint8_t alg)
{
    switch (alg) {
    case 0x03: return 24;
    case 0x08: return 16;
    case 0x0a: return 24;
    case 0x0c: return 32;
    }
    return 0;
}

static const EVP_CIPHER *mgmt_cipher(uint8_t alg)
{
    switch (alg) {
    case 0x03: return EVP_des_ede3_ecb();
    case 0x08: return EVP_aes_128_ecb();
    case 0x0a: return EVP_aes_192_ecb();
    case 0x0c: return EVP_aes_256_ecb();
    }
    return NULL;
}

/* One block in ECB with the card's management key. Returns 0 or -1. */
static int mgmt_crypt(const vcard *c, const uint8_t *in, uint8_t *out, size_t len, int encrypt)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int l1 = 0, l2 = 0, ok;
    ok = ctx != NULL && EVP_CipherInit_ex(ctx, mgmt_cipher(c->mgmt_alg), NULL, c->mgmt_key, NULL, encrypt) == 1 &&
         EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 && EVP_CipherUpdate(ctx, out, &l1, in, (int)len) == 1 &&
         EVP_CipherFinal_ex(ctx, out + l1, &l2) == 1 && (size_t)(l1 + l2) == len;
    EVP_CIPHER_CTX_free(ctx);
    return ok ? 0 : -1;
}

/* 6 to 8 characters, then 0xFF padding. */
static bool pin_format_ok(const uint8_t *p)
{
    int len = 0;
    while (len < VCARD_PIN_LEN && p[len] != 0xff)
        len++;
    for (int i = len; i < VCARD_PIN_LEN; i++)
        if (p[i] != 0xff)
            return false;
    return len >= 6;
}

/* Checks a PIN or PUK against its reference, counting down on a mismatch. */
static int check_reference(vcard *c, const uint8_t *ref, int *tries, const uint8_t *given)
{
    if (*tries == 0)
        return SW_BLOCKED;
    if (CRYPTO_memcmp(ref, given, VCARD_PIN_LEN) != 0) {
        (*tries)--;
        vcard_save(c);
        return *tries == 0 ? SW_BLOCKED : SW_TRIES(*tries);
    }
    if (*tries != VCARD_TRIES) {
        *tries = VCARD_TRIES;
        vcard_save(c);
    }
    return SW_OK;
}

int vcard_verify(vcard *c, uint8_t p1, uint8_t p2, const uint8_t *data, size_t n)
{
    int sw;
    if (p2 != 0x80)
        return 0x6a88; /* referenced data not found */
    if (p1 == 0xff && n == 0) {
        c->pin_verified = false;
        return SW_OK;
    }
    if (n == 0) /* status: verified, or how many tries are left */
        return c->pin_verified ? SW_OK : (c->pin_tries == 0 ? SW_BLOCKED : SW_TRIES(c->pin_tries));
    if (n != VCARD_PIN_LEN || p1 != 0x00)
        return SW_WRONG_LENGTH;
    sw = check_reference(c, c->pin, &c->pin_tries, data);
    c->pin_verified = sw == SW_OK;
    return sw;
}

int vcard_change_reference(vcard *c, uint8_t p2, const uint8_t *data, size_t n)
{
    uint8_t *ref = p2 == 0x80 ? c->pin : p2 == 0x81 ? c->puk : NULL;
    int *tries = p2 == 0x80 ? &c->pin_tries : &c->puk_tries, sw;
    if (ref == NULL)
        return 0x6a88;
    if (n != 2 * VCARD_PIN_LEN)
        return SW_WRONG_LENGTH;
    if ((sw = check_reference(c, ref, tries, data)) != SW_OK)
        return sw;
    if (!pin_format_ok(data + VCARD_PIN_LEN))
        return SW_WRONG_DATA;
    memcpy(ref, data + VCARD_PIN_LEN, VCARD_PIN_LEN);
    if (p2 == 0x80)
        c->pin_verified = true;
    return vcard_save(c) == 0 ? SW_OK : 0x6581; /* memory failure */
}

int vcard_reset_retry(vcard *c, uint8_t p2, const uint8_t *data, size_t n)
{
    int sw;
    if (p2 != 0x80)
        return 0x6a88;
    if (n != 2 * VCARD_PIN_LEN)
        return SW_WRONG_LENGTH;
    if ((sw = check_reference(c, c->puk, &c->puk_tries, data)) != SW_OK)
        return sw;
    if (!pin_format_ok(data + VCARD_PIN_LEN))
        return SW_WRONG_DATA;
    memcpy(c->pin, data + VCARD_PIN_LEN, VCARD_PIN_LEN);
    c->pin_tries = VCARD_TRIES;
    return vcard_save(c) == 0 ? SW_OK : 0x6581;
}

int vcard_set_mgmt_key(vcard *c, uint8_t p1, uint8_t p2, const uint8_t *data, size_t n)
{
    size_t klen;
    if (p1 != 0xff || (p2 != 0xff && p2 != 0xfe))
        return SW_WRONG_P1P2;
    if (!c->mgmt_authed)
        return SW_SECURITY;
    if (n < 3 || data[1] != 0x9b || (klen = mgmt_key_len(data[0])) == 0 || data[2] != klen || n != 3 + klen)
        return SW_WRONG_DATA;
    c->mgmt_alg = data[0];
    memset(c->mgmt_key, 0, sizeof c->mgmt_key);
    memcpy(c->mgmt_key, data + 3, klen);
    return vcard_save(c) == 0 ? SW_OK : 0x6581;
}

/* Answers 7C { tag value } into out. */
static int answer(uint8_t *out, size_t *out_len, unsigned tag, const uint8_t *v, size_t len)
{
    uint8_t inner[64];
    size_t k = tlv_put(inner, sizeof inner, tag, v, len);
    *out_len = tlv_put(out, 256, 0x7c, inner, k);
    return SW_OK;
}

int vcard_mgmt_auth(vcard *c, uint8_t alg, const uint8_t *tmpl, size_t n, uint8_t *out, size_t *out_len)
{
    const uint8_t *t, *v80 = NULL, *v81 = NULL, *v82 = NULL;
    size_t tl, l80 = 0, l81 = 0, l82 = 0, block = vcard_mgmt_block_len(c->mgmt_alg);
    uint8_t buf[16];
    bool has80, has81, has82;
    if (alg != c->mgmt_alg)
        return SW_WRONG_P1P2;
    if (!tlv_find(tmpl, n, 0x7c, &t, &tl))
        return SW_WRONG_DATA;
    has80 = tlv_find(t, tl, 0x80, &v80, &l80);
    has81 = tlv_find(t, tl, 0x81, &v81, &l81);
    has82 = tlv_find(t, tl, 0x82, &v82, &l82);
    c->mgmt_authed = false;
    if (has80 && l80 == 0 && !has81) { /* mutual, step 1: the card's encrypted witness */
        if (RAND_bytes(c->witness, (int)block) != 1 || mgmt_crypt(c, c->witness, buf, block, 1) != 0)
            return 0x6f00;
        c->witness_len = block;
        return answer(out, out_len, 0x80, buf, block);
    }
    if (has80 && l80 == block && has81 && l81 == block) { /* mutual, step 2 */
        bool ok = c->witness_len == block && CRYPTO_memcmp(v80, c->witness, block) == 0;
        c->witness_len = 0;
        if (!ok)
            return SW_SECURITY;
        if (mgmt_crypt(c, v81, buf, block, 1) != 0)
            return 0x6f00;
        c->mgmt_authed = true;
        return answer(out, out_len, 0x82, buf, block);
    }
    if (has81 && l81 == 0 && !has80) { /* single, step 1: a challenge */
        if (RAND_bytes(c->challenge, (int)block) != 1)
            return 0x6f00;
        c->challenge_len = block;
        return answer(out, out_len, 0x81, c->challenge, block);
    }
    if (has82 && l82 == block && !has80) { /* single, step 2: the challenge encrypted */
        bool ok = c->challenge_len == block && mgmt_crypt(c, c->challenge, buf, block, 1) == 0 &&
                  CRYPTO_memcmp(buf, v82, block) == 0;
        c->challenge_len = 0;
        if (!ok)
            return SW_SECURITY;
        c->mgmt_authed = true;
        *out_len = 0;
        return SW_OK;
    }
    return SW_WRONG_DATA;
}
