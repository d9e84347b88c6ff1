/* token_admin.c - per-key issuer secrets (see token_admin.h for the derivation). */
#include "token_admin.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>
#include <stdio.h>
#include <string.h>

static const uint8_t factory_3des[24] = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8};
static const char factory_puk[] = "12345678";

static ck_err hkdf(const uint8_t master[TOKEN_MASTER_LEN], const char *label, uint32_t serial, uint8_t *out, size_t n,
                   ck_diag *d)
{
    char info[32];
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
    EVP_KDF_CTX *ctx = kdf != NULL ? EVP_KDF_CTX_new(kdf) : NULL;
    OSSL_PARAM params[5];
    int ok;
    snprintf(info, sizeof info, "%s:%08u", label, serial);
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, (char *)"SHA256", 0);
    params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void *)master, TOKEN_MASTER_LEN);
    params[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)"certkiosk/piv/v1", 16);
    params[3] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info, strlen(info));
    params[4] = OSSL_PARAM_construct_end();
    ok = ctx != NULL && EVP_KDF_derive(ctx, out, n, params) == 1;
    EVP_KDF_CTX_free(ctx);
    EVP_KDF_free(kdf);
    return ok ? CK_OK
              : ck_diag_fail(d, CK_E_TOKEN_AUTH, "无法派生USB Key管理密钥", "cannot derive the key's issuer secret");
}

ck_err token_admin_derive_key(const uint8_t master[TOKEN_MASTER_LEN], uint32_t serial, uint8_t out[32], ck_diag *d)
{
    return hkdf(master, "admin", serial, out, 32, d);
}

ck_err token_admin_derive_puk(const uint8_t master[TOKEN_MASTER_LEN], uint32_t serial, char out[9], ck_diag *d)
{
    uint8_t raw[8];
    ck_err rc = hkdf(master, "puk", serial, raw, sizeof raw, d);
    for (int i = 0; rc == CK_OK && i < 8; i++)
        out[i] = (char)('0' + raw[i] % 10);
    out[8] = '\0';
    OPENSSL_cleanse(raw, sizeof raw);
    return rc;
}

static ck_err serial_of(ck_token *t, uint32_t *serial, ck_diag *d)
{
    ck_token_info info;
    ck_err rc = t->ops->identify(t, &info, d);
    if (rc == CK_OK && info.serial == 0)
        rc = ck_diag_fail(d, CK_E_TOKEN_UNKNOWN, "无法读取USB Key序列号，不能发证",
                          "the USB Key has no readable serial number");
    *serial = info.serial;
    return rc;
}

/*
 * Makes sure the key's PUK is its derived one, whatever a pull interrupted
 * before: a factory PUK is changed, and a change that happened but was not
 * recorded is confirmed by changing the derived PUK to itself (which also
 * restores the PUK counter a wrong guess just spent).
 */
static ck_err ensure_puk(ck_token *t, const uint8_t master[TOKEN_MASTER_LEN], uint32_t serial, ck_diag *d)
{
    char puk[9];
    unsigned flags = 0;
    ck_err rc = t->ops->get_flags(t, &flags, d);
    if (rc != CK_OK || (flags & TOKEN_FLAG_PUK_ROTATED))
        return rc;
    rc = token_admin_derive_puk(master, serial, puk, d);
    if (rc == CK_OK) {
        rc = t->ops->change_puk(t, factory_puk, puk, d);
        if (rc == CK_E_TOKEN_PIN_WRONG || rc == CK_E_TOKEN_PIN_BLOCKED)
            rc = t->ops->change_puk(t, puk, puk, d);
    }
    if (rc == CK_OK)
        rc = t->ops->set_flags(t, flags | TOKEN_FLAG_PUK_ROTATED, d);
    OPENSSL_cleanse(puk, sizeof puk);
    return rc;
}

ck_err token_admin_login(ck_token *t, const uint8_t master[TOKEN_MASTER_LEN], bool *rotated, ck_diag *d)
{
    uint8_t key[32];
    uint32_t serial;
    ck_err rc = serial_of(t, &serial, d), fallback;
    *rotated = false;
    if (rc == CK_OK)
        rc = token_admin_derive_key(master, serial, key, d);
    if (rc == CK_OK && (rc = t->ops->admin_auth(t, ADMIN_AES256, key, sizeof key, d)) == CK_E_TOKEN_AUTH) {
        fallback = t->ops->admin_auth(t, ADMIN_3DES, factory_3des, sizeof factory_3des, d);
        if (fallback == CK_OK) {
            /* Factory defaults: the management key first, so that from here on only ours opens the key. */
            rc = t->ops->set_admin_key(t, ADMIN_AES256, key, sizeof key, d);
            if (rc == CK_OK)
                rc = t->ops->admin_auth(t, ADMIN_AES256, key, sizeof key, d);
            *rotated = rc == CK_OK;
        } else if (fallback == CK_E_TOKEN_AUTH) {
            rc = ck_diag_fail(d, CK_E_TOKEN_AUTH, "该USB Key不是本CA发放的，或已被他人改动，请到窗口处理",
                              "this USB Key was not issued by this CA, or was changed; please ask at the window");
        } else {
            rc = fallback; /* pulled, or another failure: say that, not "not ours" */
        }
    }
    if (rc == CK_OK)
        rc = ensure_puk(t, master, serial, d);
    OPENSSL_cleanse(key, sizeof key);
    return rc;
}

ck_err token_admin_unblock(ck_token *t, const uint8_t master[TOKEN_MASTER_LEN], const char *new_pin, ck_diag *d)
{
    char puk[9];
    uint32_t serial;
    ck_err rc = serial_of(t, &serial, d);
    if (rc == CK_OK)
        rc = token_admin_derive_puk(master, serial, puk, d);
    if (rc == CK_OK)
        rc = t->ops->unblock_pin(t, puk, new_pin, d);
    OPENSSL_cleanse(puk, sizeof puk);
    return rc;
}
