/* seal_alg.c - ECDSA P-256/SHA-256 and SM2/SM3 for seals (see seal_alg.h). */
#include "seal_alg.h"

#include <openssl/core_names.h>
#include <string.h>

seal_alg seal_alg_from_oid(const char *oid)
{
    if (strcmp(oid, SEAL_OID_ECDSA_SHA256) == 0)
        return SEAL_ALG_ECDSA_SHA256;
    if (strcmp(oid, SEAL_OID_SM2_SM3) == 0)
        return SEAL_ALG_SM2_SM3;
    return SEAL_ALG_UNKNOWN;
}

const char *seal_alg_oid(seal_alg a)
{
    switch (a) {
    case SEAL_ALG_ECDSA_SHA256: return SEAL_OID_ECDSA_SHA256;
    case SEAL_ALG_SM2_SM3: return SEAL_OID_SM2_SM3;
    case SEAL_ALG_UNKNOWN: break;
    }
    return NULL;
}

seal_alg seal_alg_of_key(const EVP_PKEY *k)
{
    char group[32];
    /* OpenSSL 3 gives keys on the SM2 curve their own type, so an "EC" key is never SM2 here. */
    if (EVP_PKEY_is_a(k, "SM2"))
        return SEAL_ALG_SM2_SM3;
    if (EVP_PKEY_is_a(k, "EC") &&
        EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, NULL) == 1 &&
        strcmp(group, "prime256v1") == 0)
        return SEAL_ALG_ECDSA_SHA256;
    return SEAL_ALG_UNKNOWN;
}

/*
 * One digest-sign or digest-verify context for a. SM2 hashes its signer ID
 * into the message (Z value), so the ID is set before any data goes in.
 */
static EVP_MD_CTX *start(EVP_PKEY *key, seal_alg a, bool sign)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    const char *md = a == SEAL_ALG_SM2_SM3 ? "SM3" : "SHA256";
    bool ok = ctx != NULL && a != SEAL_ALG_UNKNOWN && seal_alg_of_key(key) == a &&
              (sign ? EVP_DigestSignInit_ex(ctx, &pctx, md, NULL, NULL, key, NULL)
                    : EVP_DigestVerifyInit_ex(ctx, &pctx, md, NULL, NULL, key, NULL)) == 1 &&
              (a != SEAL_ALG_SM2_SM3 || EVP_PKEY_CTX_set1_id(pctx, SEAL_SM2_ID, strlen(SEAL_SM2_ID)) == 1);
    if (!ok) {
        EVP_MD_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

bool seal_alg_sign(EVP_PKEY *key, seal_alg a, const uint8_t *msg, size_t n, uint8_t *sig, size_t *sig_len)
{
    EVP_MD_CTX *ctx = start(key, a, true);
    /* *sig_len is the buffer's size: the provider refuses rather than overruns a short one. */
    bool ok = ctx != NULL && EVP_DigestSign(ctx, sig, sig_len, msg, n) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

bool seal_alg_verify(EVP_PKEY *pub, seal_alg a, const uint8_t *msg, size_t n, const uint8_t *sig, size_t sig_len)
{
    EVP_MD_CTX *ctx = start(pub, a, false);
    bool ok = ctx != NULL && EVP_DigestVerify(ctx, sig, sig_len, msg, n) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}
