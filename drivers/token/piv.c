/*
 * piv.c - the PIV driver (NIST SP 800-73-4 over ISO 7816-4 APDUs), as
 * YubiKeys and compatible USB Keys implement it. Chaining of long commands
 * (CLA 0x10) and of long answers (61xx, GET RESPONSE) is handled in one place,
 * piv_cmd. Objects: the certificates of slots 9A (5FC105) and 9C (5FC10A),
 * and two certkiosk objects in the vendor range: the seal (5FFF20, DER as
 * issued) and the kiosk record (5FFF10: TLV 80 = one byte of TOKEN_FLAG_*
 * bits), documented in docs/token.md.
 */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

#include "tlv.h"
#include "token.h"

#define PIV_OBJ_KIOSK 0x5fff10u
#define PIV_OBJ_SEAL  0x5fff20u

static const uint8_t piv_aid[] = {0xa0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00};
static const uint8_t slot_ref[TOKEN_SLOT__COUNT] = {0x9a, 0x9c};
static const uint32_t slot_cert[TOKEN_SLOT__COUNT] = {0x5fc105u, 0x5fc10au};

/* Maps a status word to the project's errors. */
static ck_err sw_error(int sw, const char *what, ck_diag *d)
{
    if ((sw & 0xfff0) == 0x63c0) {
        int left = sw & 0x0f;
        ck_diag_zh(d, CK_E_TOKEN_PIN_WRONG, "证书密码错误，还可以再试%d次（输错%d次将锁定）", left, left);
        ck_diag_en(d, CK_E_TOKEN_PIN_WRONG, "Wrong PIN: %d tries left before the key locks", left);
        return left == 0 ? CK_E_TOKEN_PIN_BLOCKED : CK_E_TOKEN_PIN_WRONG;
    }
    switch (sw) {
    case 0x6983:
        return ck_diag_fail(d, CK_E_TOKEN_PIN_BLOCKED, "证书已被锁定，请到窗口办理证书解锁（客服电话400-028-1130）",
                            "The USB Key is locked; have it unlocked at the window (hotline 400-028-1130)");
    case 0x6982:
        return ck_diag_fail(d, CK_E_TOKEN_AUTH, "%s：USB Key拒绝了操作（未通过认证）",
                            "%s: the USB Key refused (not authenticated)", what);
    case 0x6a82: return ck_diag_fail(d, CK_E_NOT_FOUND, "%s：USB Key中没有该数据", "%s: not on the USB Key", what);
    case 0x6a84: return ck_diag_fail(d, CK_E_TOKEN_FULL, "USB Key存储空间已满", "The USB Key is full");
    }
    return ck_diag_fail(d, CK_E_TOKEN_COMM, "%s：USB Key返回错误（%04X），请重新插入后重试",
                        "%s: the USB Key answered %04X; re-insert it and try again", what, sw);
}

/*
 * One command with any amount of data: chained in 255-byte parts, the answer
 * collected across 61xx. Returns CK_OK with *sw set (the caller judges it)
 * or a transport error.
 */
static ck_err piv_cmd(ck_token *t, uint8_t ins, uint8_t p1, uint8_t p2, const uint8_t *data, size_t n, uint8_t *out,
                      size_t cap, size_t *out_len, int *sw, ck_diag *d)
{
    uint8_t apdu[TOKEN_MAX_APDU], resp[260];
    size_t off = 0, len, got = 0;
    ck_err rc;
    do {
        size_t part = n - off > 255 ? 255 : n - off;
        bool last = off + part == n;
        size_t k = 0;
        apdu[k++] = last ? 0x00 : 0x10;
        apdu[k++] = ins, apdu[k++] = p1, apdu[k++] = p2;
        if (part > 0) {
            apdu[k++] = (uint8_t)part;
            memcpy(apdu + k, data + off, part);
            k += part;
        }
        apdu[k++] = 0x00; /* Le: as much as the card has */
        if ((rc = token_transmit(t, apdu, k, resp, sizeof resp, &len, d)) != CK_OK)
            return rc;
        if (len < 2)
            return ck_diag_fail(d, CK_E_TOKEN_COMM, "USB Key应答不完整", "the USB Key's answer was cut short");
        *sw = (resp[len - 2] << 8) | resp[len - 1];
        off += part;
        if (!last && *sw != 0x9000)
            return CK_OK;
    } while (off < n);
    for (;;) {
        size_t data_len = len - 2;
        if (got + data_len > cap)
            return ck_diag_fail(d, CK_E_TOKEN_COMM, "USB Key应答过长", "the USB Key's answer is too long");
        if (data_len > 0)
            memcpy(out + got, resp, data_len);
        got += data_len;
        if ((*sw & 0xff00) != 0x6100)
            break;
        {
            const uint8_t get_response[5] = {0x00, 0xc0, 0x00, 0x00, (uint8_t)(*sw & 0xff)};
            if ((rc = token_transmit(t, get_response, 5, resp, sizeof resp, &len, d)) != CK_OK)
                return rc;
            if (len < 2)
                return ck_diag_fail(d, CK_E_TOKEN_COMM, "USB Key应答不完整", "the USB Key's answer was cut short");
            *sw = (resp[len - 2] << 8) | resp[len - 1];
        }
    }
    *out_len = got;
    return CK_OK;
}

/* A command whose only good answer is 9000. */
static ck_err piv_ok(ck_token *t, uint8_t ins, uint8_t p1, uint8_t p2, const uint8_t *data, size_t n, uint8_t *out,
                     size_t cap, size_t *out_len, const char *what, ck_diag *d)
{
    size_t dummy;
    uint8_t scratch[8];
    int sw = 0;
    ck_err rc = piv_cmd(t, ins, p1, p2, data, n, out != NULL ? out : scratch, out != NULL ? cap : sizeof scratch,
                        out_len != NULL ? out_len : &dummy, &sw, d);
    if (rc != CK_OK)
        return rc;
    return sw == 0x9000 ? CK_OK : sw_error(sw, what, d);
}

static ck_err piv_probe(ck_token *t, ck_diag *d)
{
    uint8_t out[256];
    size_t len;
    int sw = 0;
    ck_err rc = piv_cmd(t, 0xa4, 0x04, 0x00, piv_aid, sizeof piv_aid, out, sizeof out, &len, &sw, d);
    if (rc != CK_OK)
        return rc;
    return sw == 0x9000 ? CK_OK : CK_E_TOKEN_UNKNOWN;
}

static ck_err piv_identify(ck_token *t, ck_token_info *info, ck_diag *d)
{
    uint8_t out[64];
    size_t len = 0;
    int sw = 0;
    ck_err rc;
    memset(info, 0, sizeof *info);
    snprintf(info->model, sizeof info->model, "PIV");
    /* GET VERSION and GET SERIAL are YubiKey commands; other PIV keys answer 6D00 and keep serial 0. */
    if ((rc = piv_cmd(t, 0xfd, 0, 0, NULL, 0, out, sizeof out, &len, &sw, d)) != CK_OK)
        return rc;
    if (sw == 0x9000 && len == 3)
        snprintf(info->version, sizeof info->version, "%u.%u.%u", out[0], out[1], out[2]);
    if ((rc = piv_cmd(t, 0xf8, 0, 0, NULL, 0, out, sizeof out, &len, &sw, d)) != CK_OK)
        return rc;
    if (sw == 0x9000 && len == 4)
        info->serial = ((uint32_t)out[0] << 24) | ((uint32_t)out[1] << 16) | ((uint32_t)out[2] << 8) | out[3];
    return CK_OK;
}

static void pad_pin(uint8_t out[8], const char *pin)
{
    memset(out, 0xff, 8);
    memcpy(out, pin, strlen(pin));
}

static ck_err check_pin_text(const char *pin, ck_diag *d)
{
    size_t len = pin != NULL ? strlen(pin) : 0;
    for (size_t i = 0; i < len; i++)
        if (pin[i] < 0x20 || pin[i] > 0x7e)
            len = 0;
    if (len < 6 || len > 8)
        return ck_diag_fail(d, CK_E_INVALID_INPUT, "证书密码应为6到8位", "A PIN has 6 to 8 characters");
    return CK_OK;
}

static ck_err get_object(ck_token *t, uint32_t tag, uint8_t *out, size_t cap, size_t *len, const char *what, ck_diag *d)
{
    uint8_t req[5] = {0x5c, 0x03, (uint8_t)(tag >> 16), (uint8_t)(tag >> 8), (uint8_t)tag}, buf[TOKEN_MAX_RESPONSE];
    const uint8_t *v;
    size_t n, vl;
    ck_err rc = piv_ok(t, 0xcb, 0x3f, 0xff, req, sizeof req, buf, sizeof buf, &n, what, d);
    if (rc != CK_OK)
        return rc;
    if (!tlv_find(buf, n, 0x53, &v, &vl) || vl > cap)
        return ck_diag_fail(d, CK_E_TOKEN_COMM, "%s：数据格式错误", "%s: malformed data on the key", what);
    memcpy(out, v, vl);
    *len = vl;
    return CK_OK;
}

static ck_err put_object(ck_token *t, uint32_t tag, const uint8_t *value, size_t len, const char *what, ck_diag *d)
{
    uint8_t buf[TOKEN_MAX_OBJECT + 16];
    size_t k = 0;
    buf[k++] = 0x5c, buf[k++] = 0x03;
    buf[k++] = (uint8_t)(tag >> 16), buf[k++] = (uint8_t)(tag >> 8), buf[k++] = (uint8_t)tag;
    k += tlv_put(buf + k, sizeof buf - k, 0x53, value, len);
    if (k <= 5 + len)
        return ck_diag_fail(d, CK_E_TOKEN_FULL, "%s：数据过大", "%s: too large for the key", what);
    return piv_ok(t, 0xdb, 0x3f, 0xff, buf, k, NULL, 0, NULL, what, d);
}

/* The kiosk record 5FFF10: TLV 80 with one byte of TOKEN_FLAG_* bits. Absent: no flags. */
static ck_err piv_get_flags(ck_token *t, unsigned *flags, ck_diag *d)
{
    uint8_t rec[16];
    const uint8_t *v;
    size_t len, vl;
    ck_err rc = get_object(t, PIV_OBJ_KIOSK, rec, sizeof rec, &len, "记录 / kiosk record", d);
    *flags = 0;
    if (rc == CK_E_NOT_FOUND)
        return CK_OK;
    if (rc == CK_OK && tlv_find(rec, len, 0x80, &v, &vl) && vl == 1)
        *flags = v[0];
    return rc;
}

static ck_err piv_set_flags(ck_token *t, unsigned flags, ck_diag *d)
{
    uint8_t rec[3] = {0x80, 0x01, (uint8_t)flags};
    return put_object(t, PIV_OBJ_KIOSK, rec, sizeof rec, "记录 / kiosk record", d);
}

static ck_err piv_pin_status(ck_token *t, ck_pin_status *st, ck_diag *d)
{
    uint8_t out[16];
    size_t len;
    int sw = 0;
    ck_err rc = piv_cmd(t, 0x20, 0x00, 0x80, NULL, 0, out, sizeof out, &len, &sw, d);
    memset(st, 0, sizeof *st);
    if (rc != CK_OK)
        return rc;
    st->tries_left = (sw & 0xfff0) == 0x63c0 ? (sw & 0x0f) : sw == 0x6983 ? 0 : -1;
    st->blocked = sw == 0x6983 || sw == 0x63c0;
    st->verified = sw == 0x9000;
    /* The kiosk record says whether the PIN was changed; a key without one still has the CA's initial PIN. */
    {
        unsigned flags = 0;
        piv_get_flags(t, &flags, NULL);
        st->default_pin = !(flags & TOKEN_FLAG_PIN_CHANGED);
    }
    return CK_OK;
}

static ck_err piv_verify_pin(ck_token *t, const char *pin, ck_diag *d)
{
    uint8_t p[8];
    ck_err rc = check_pin_text(pin, d);
    if (rc != CK_OK)
        return rc;
    pad_pin(p, pin);
    rc = piv_ok(t, 0x20, 0x00, 0x80, p, sizeof p, NULL, 0, NULL, "验证密码 / verifying the PIN", d);
    OPENSSL_cleanse(p, sizeof p);
    return rc;
}

static ck_err change_reference(ck_token *t, uint8_t ins, uint8_t p2, const char *a, const char *b, const char *what,
                               ck_diag *d)
{
    uint8_t p[16];
    ck_err rc = check_pin_text(a, d);
    if (rc == CK_OK)
        rc = check_pin_text(b, d);
    if (rc != CK_OK)
        return rc;
    pad_pin(p, a);
    pad_pin(p + 8, b);
    rc = piv_ok(t, ins, 0x00, p2, p, sizeof p, NULL, 0, NULL, what, d);
    OPENSSL_cleanse(p, sizeof p);
    return rc;
}

static ck_err piv_change_pin(ck_token *t, const char *old_pin, const char *new_pin, ck_diag *d)
{
    ck_err rc = change_reference(t, 0x24, 0x80, old_pin, new_pin, "修改密码 / changing the PIN", d);
    unsigned flags;
    if (rc == CK_OK && t->admin_authed && (rc = piv_get_flags(t, &flags, d)) == CK_OK)
        rc = piv_set_flags(t, flags | TOKEN_FLAG_PIN_CHANGED, d);
    return rc;
}

static ck_err piv_change_puk(ck_token *t, const char *old_puk, const char *new_puk, ck_diag *d)
{
    return change_reference(t, 0x24, 0x81, old_puk, new_puk, "修改PUK / changing the PUK", d);
}

static ck_err piv_unblock_pin(ck_token *t, const char *puk, const char *new_pin, ck_diag *d)
{
    return change_reference(t, 0x2c, 0x80, puk, new_pin, "解锁 / unblocking the PIN", d);
}

static const EVP_CIPHER *admin_cipher(ck_admin_alg alg, size_t key_len)
{
    if (alg == ADMIN_3DES && key_len == 24)
        return EVP_des_ede3_ecb();
    if (alg == ADMIN_AES128 && key_len == 16)
        return EVP_aes_128_ecb();
    if (alg == ADMIN_AES192 && key_len == 24)
        return EVP_aes_192_ecb();
    if (alg == ADMIN_AES256 && key_len == 32)
        return EVP_aes_256_ecb();
    return NULL;
}

static bool block_crypt(const EVP_CIPHER *ci, const uint8_t *key, const uint8_t *in, uint8_t *out, size_t n, int enc)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int l1 = 0, l2 = 0;
    bool ok = ctx != NULL && EVP_CipherInit_ex(ctx, ci, NULL, key, NULL, enc) == 1 &&
              EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 && EVP_CipherUpdate(ctx, out, &l1, in, (int)n) == 1 &&
              EVP_CipherFinal_ex(ctx, out + l1, &l2) == 1;
    EVP_CIPHER_CTX_free(ctx);
    return ok;
}

/* Mutual authentication: the host proves the key by decrypting the card's witness, and checks the card's answer. */
static ck_err piv_admin_auth(ck_token *t, ck_admin_alg alg, const uint8_t *key, size_t key_len, ck_diag *d)
{
    const EVP_CIPHER *ci = admin_cipher(alg, key_len);
    size_t block = alg == ADMIN_3DES ? 8 : 16, len, tl, wl, rl;
    uint8_t req[64], out[64], inner[40], witness[16], challenge[16], expect[16];
    const uint8_t *tv, *wv, *rv;
    int sw = 0;
    ck_err rc;
    t->admin_authed = false;
    if (ci == NULL)
        return ck_diag_fail(d, CK_E_ARG, "管理密钥长度与算法不符", "the management key does not fit its algorithm");
    req[0] = 0x7c, req[1] = 0x02, req[2] = 0x80, req[3] = 0x00;
    if ((rc = piv_cmd(t, 0x87, alg, 0x9b, req, 4, out, sizeof out, &len, &sw, d)) != CK_OK)
        return rc;
    /* A key whose management key uses another algorithm refuses the request itself. */
    if (sw == 0x6a86 || sw == 0x6a80)
        return ck_diag_fail(d, CK_E_TOKEN_AUTH, "USB Key的管理密钥与本机不匹配",
                            "the USB Key's management key is not ours");
    if (sw != 0x9000)
        return sw_error(sw, "管理认证 / issuer authentication", d);
    if (!tlv_find(out, len, 0x7c, &tv, &tl) || !tlv_find(tv, tl, 0x80, &wv, &wl) || wl != block ||
        !block_crypt(ci, key, wv, witness, block, 0) || RAND_bytes(challenge, (int)block) != 1)
        return ck_diag_fail(d, CK_E_TOKEN_COMM, "USB Key管理认证应答格式错误",
                            "malformed answer to issuer authentication");
    len = tlv_put(inner, sizeof inner, 0x80, witness, block);
    len += tlv_put(inner + len, sizeof inner - len, 0x81, challenge, block);
    len = tlv_put(req, sizeof req, 0x7c, inner, len);
    if ((rc = piv_ok(t, 0x87, alg, 0x9b, req, len, out, sizeof out, &len, "管理认证 / issuer authentication", d)) !=
        CK_OK)
        return rc;
    if (!tlv_find(out, len, 0x7c, &tv, &tl) || !tlv_find(tv, tl, 0x82, &rv, &rl) || rl != block ||
        !block_crypt(ci, key, challenge, expect, block, 1) || CRYPTO_memcmp(expect, rv, block) != 0)
        return ck_diag_fail(d, CK_E_TOKEN_AUTH, "USB Key未能证明其管理密钥，已停止操作",
                            "the USB Key did not prove the management key; stopped");
    t->admin_authed = true;
    return CK_OK;
}

static ck_err piv_set_admin_key(ck_token *t, ck_admin_alg alg, const uint8_t *key, size_t key_len, ck_diag *d)
{
    uint8_t data[3 + 32];
    ck_err rc;
    if (admin_cipher(alg, key_len) == NULL)
        return CK_E_ARG;
    data[0] = (uint8_t)alg, data[1] = 0x9b, data[2] = (uint8_t)key_len;
    memcpy(data + 3, key, key_len);
    /* SET MANAGEMENT KEY is the YubiKey's command: PIV has none for it. */
    rc = piv_ok(t, 0xff, 0xff, 0xff, data, 3 + key_len, NULL, 0, NULL, "更换管理密钥 / setting the management key", d);
    OPENSSL_cleanse(data, sizeof data);
    return rc;
}

static uint8_t piv_alg(ck_key_alg alg) { return alg == KEY_ALG_P256 ? 0x11 : alg == KEY_ALG_RSA2048 ? 0x07 : 0; }

/* The public key from a GENERATE answer: 7F49 { 86 point } or 7F49 { 81 n, 82 e }. */
static EVP_PKEY *public_from_template(ck_key_alg alg, const uint8_t *buf, size_t n)
{
    const uint8_t *t, *a, *b;
    size_t tl, al, bl;
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    EVP_PKEY *key = NULL;
    BIGNUM *bn_n = NULL, *bn_e = NULL;
    bool ok = bld != NULL && tlv_find(buf, n, 0x7f49, &t, &tl);
    if (ok && alg == KEY_ALG_P256) {
        ok = tlv_find(t, tl, 0x86, &a, &al) && al == 65 &&
             OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0) == 1 &&
             OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, a, al) == 1;
    } else if (ok) {
        ok = tlv_find(t, tl, 0x81, &a, &al) && tlv_find(t, tl, 0x82, &b, &bl) &&
             (bn_n = BN_bin2bn(a, (int)al, NULL)) != NULL && (bn_e = BN_bin2bn(b, (int)bl, NULL)) != NULL &&
             OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) == 1 &&
             OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e) == 1;
    }
    ok = ok && (params = OSSL_PARAM_BLD_to_param(bld)) != NULL &&
         (ctx = EVP_PKEY_CTX_new_from_name(NULL, alg == KEY_ALG_P256 ? "EC" : "RSA", NULL)) != NULL &&
         EVP_PKEY_fromdata_init(ctx) == 1;
    if (ok)
        EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params);
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn_n);
    BN_free(bn_e);
    return key;
}

static ck_err piv_generate(ck_token *t, ck_token_slot slot, ck_key_alg alg, EVP_PKEY **pub, ck_diag *d)
{
    uint8_t req[5] = {0xac, 0x03, 0x80, 0x01, piv_alg(alg)}, out[600];
    size_t len;
    ck_err rc;
    if (slot < 0 || slot >= TOKEN_SLOT__COUNT || piv_alg(alg) == 0)
        return ck_diag_fail(d, CK_E_ARG, "PIV不支持该密钥算法", "PIV keys do not do this key algorithm");
    rc = piv_ok(t, 0x47, 0x00, slot_ref[slot], req, sizeof req, out, sizeof out, &len, "生成密钥 / generating the key",
                d);
    if (rc != CK_OK)
        return rc;
    if ((*pub = public_from_template(alg, out, len)) == NULL)
        return ck_diag_fail(d, CK_E_TOKEN_COMM, "USB Key返回的公钥格式错误",
                            "the USB Key returned a malformed public key");
    return CK_OK;
}

/* EMSA-PKCS1-v1_5 for SHA-256: 00 01 FF..FF 00 DigestInfo hash, 256 bytes for RSA-2048. */
static bool pkcs1_block(const uint8_t *digest, size_t n, uint8_t out[256])
{
    static const uint8_t sha256_info[19] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                            0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
    size_t t_len = sizeof sha256_info + n;
    if (n != 32)
        return false;
    out[0] = 0x00, out[1] = 0x01;
    memset(out + 2, 0xff, 256 - 3 - t_len);
    out[256 - t_len - 1] = 0x00;
    memcpy(out + 256 - t_len, sha256_info, sizeof sha256_info);
    memcpy(out + 256 - n, digest, n);
    return true;
}

static ck_err piv_sign(ck_token *t, ck_token_slot slot, ck_key_alg alg, const uint8_t *digest, size_t n, uint8_t *sig,
                       size_t *sig_len, ck_diag *d)
{
    uint8_t block[256], inner[300], req[310], out[600];
    const uint8_t *tv, *sv, *input = digest;
    size_t len, tl, sl, in_len = n;
    ck_err rc;
    if (slot < 0 || slot >= TOKEN_SLOT__COUNT || piv_alg(alg) == 0 || n == 0 || n > 32)
        return CK_E_ARG;
    if (alg == KEY_ALG_RSA2048) {
        if (!pkcs1_block(digest, n, block))
            return CK_E_ARG;
        input = block, in_len = sizeof block;
    }
    len = tlv_put(inner, sizeof inner, 0x82, NULL, 0);
    len += tlv_put(inner + len, sizeof inner - len, 0x81, input, in_len);
    len = tlv_put(req, sizeof req, 0x7c, inner, len);
    rc = piv_ok(t, 0x87, piv_alg(alg), slot_ref[slot], req, len, out, sizeof out, &len, "签名 / signing", d);
    if (rc != CK_OK)
        return rc;
    if (!tlv_find(out, len, 0x7c, &tv, &tl) || !tlv_find(tv, tl, 0x82, &sv, &sl) || sl > *sig_len)
        return ck_diag_fail(d, CK_E_TOKEN_COMM, "USB Key返回的签名格式错误",
                            "the USB Key returned a malformed signature");
    memcpy(sig, sv, sl);
    *sig_len = sl;
    return CK_OK;
}

static ck_err piv_read_cert(ck_token *t, ck_token_slot slot, uint8_t *der, size_t cap, size_t *len, ck_diag *d)
{
    uint8_t buf[TOKEN_MAX_OBJECT];
    const uint8_t *v;
    size_t n = 0, vl; /* set by get_object; GCC at -O2 cannot see it */
    ck_err rc;
    if (slot < 0 || slot >= TOKEN_SLOT__COUNT)
        return CK_E_ARG;
    if ((rc = get_object(t, slot_cert[slot], buf, sizeof buf, &n, "读取证书 / reading the certificate", d)) != CK_OK)
        return rc;
    /* 70 certificate, 71 CertInfo (00: not compressed), FE error detection code */
    if (!tlv_find(buf, n, 0x70, &v, &vl) || vl > cap)
        return ck_diag_fail(d, CK_E_TOKEN_COMM, "USB Key中的证书格式错误",
                            "the certificate object on the key is malformed");
    memcpy(der, v, vl);
    *len = vl;
    return CK_OK;
}

static ck_err piv_write_cert(ck_token *t, ck_token_slot slot, const uint8_t *der, size_t len, ck_diag *d)
{
    uint8_t buf[TOKEN_MAX_OBJECT];
    size_t k;
    if (slot < 0 || slot >= TOKEN_SLOT__COUNT)
        return CK_E_ARG;
    k = tlv_put(buf, sizeof buf, 0x70, der, len);
    if (k == 0 || k + 5 > sizeof buf)
        return ck_diag_fail(d, CK_E_TOKEN_FULL, "证书过大", "the certificate is too large for the key");
    buf[k++] = 0x71, buf[k++] = 0x01, buf[k++] = 0x00;
    buf[k++] = 0xfe, buf[k++] = 0x00;
    return put_object(t, slot_cert[slot], buf, k, "写入证书 / writing the certificate", d);
}

static ck_err piv_read_seal(ck_token *t, uint8_t *der, size_t cap, size_t *len, ck_diag *d)
{
    return get_object(t, PIV_OBJ_SEAL, der, cap, len, "读取印章 / reading the seal", d);
}

static ck_err piv_write_seal(ck_token *t, const uint8_t *der, size_t len, ck_diag *d)
{
    return put_object(t, PIV_OBJ_SEAL, der, len, "写入印章 / writing the seal", d);
}

static ck_err piv_erase_slot(ck_token *t, ck_token_slot slot, ck_diag *d)
{
    if (slot < 0 || slot >= TOKEN_SLOT__COUNT)
        return CK_E_ARG;
    return put_object(t, slot_cert[slot], NULL, 0, "清除证书 / erasing the certificate", d);
}

const ck_token_ops token_piv_ops = {
    .model = "PIV",
    .probe = piv_probe,
    .identify = piv_identify,
    .pin_status = piv_pin_status,
    .verify_pin = piv_verify_pin,
    .change_pin = piv_change_pin,
    .change_puk = piv_change_puk,
    .unblock_pin = piv_unblock_pin,
    .admin_auth = piv_admin_auth,
    .set_admin_key = piv_set_admin_key,
    .generate = piv_generate,
    .sign = piv_sign,
    .read_cert = piv_read_cert,
    .write_cert = piv_write_cert,
    .read_seal = piv_read_seal,
    .write_seal = piv_write_seal,
    .get_flags = piv_get_flags,
    .set_flags = piv_set_flags,
    .erase_slot = piv_erase_slot,
};
