/* token_csr.c - PKCS#10 requests signed on the key (see token_csr.h for the subject profile). */
#include "token_csr.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <stdio.h>

/*
 * The SM2 signing digest e = SM3(Z || message), with Z = SM3(ENTL || ID || a ||
 * b || xG || yG || xA || yA) for the default ID 1234567812345678 (GB/T 32918,
 * GM/T 0009): what an SM2 key (SKF_ECCSignData) is given to sign. OpenSSL
 * verifies with the same default ID.
 */
static bool sm2_digest(EVP_PKEY *pub, const unsigned char *msg, size_t len, unsigned char out[32])
{
    static const char id[] = "1234567812345678";
    EC_GROUP *group = EC_GROUP_new_by_curve_name(NID_sm2);
    BIGNUM *p = BN_new(), *a = BN_new(), *b = BN_new();
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char buf[65], field[32], entl[2] = {0x00, (unsigned char)(8 * (sizeof id - 1))}, z[32];
    size_t n = 0;
    unsigned int zl = 0, el = 0;
    bool ok = group != NULL && p != NULL && a != NULL && b != NULL && ctx != NULL &&
              EC_GROUP_get_curve(group, p, a, b, NULL) == 1 &&
              EVP_PKEY_get_octet_string_param(pub, OSSL_PKEY_PARAM_PUB_KEY, buf, sizeof buf, &n) == 1 && n == 65 &&
              EVP_DigestInit_ex(ctx, EVP_sm3(), NULL) == 1;
    if (ok) {
        EVP_DigestUpdate(ctx, entl, 2);
        EVP_DigestUpdate(ctx, id, sizeof id - 1);
        ok = BN_bn2binpad(a, field, 32) == 32 && EVP_DigestUpdate(ctx, field, 32) == 1 &&
             BN_bn2binpad(b, field, 32) == 32 && EVP_DigestUpdate(ctx, field, 32) == 1;
    }
    if (ok) {
        unsigned char g[65];
        ok = EC_POINT_point2oct(group, EC_GROUP_get0_generator(group), POINT_CONVERSION_UNCOMPRESSED, g, sizeof g,
                                NULL) == 65 &&
             EVP_DigestUpdate(ctx, g + 1, 64) == 1 && EVP_DigestUpdate(ctx, buf + 1, 64) == 1 &&
             EVP_DigestFinal_ex(ctx, z, &zl) == 1;
    }
    ok = ok && EVP_DigestInit_ex(ctx, EVP_sm3(), NULL) == 1 && EVP_DigestUpdate(ctx, z, zl) == 1 &&
         EVP_DigestUpdate(ctx, msg, len) == 1 && EVP_DigestFinal_ex(ctx, out, &el) == 1 && el == 32;
    EVP_MD_CTX_free(ctx);
    BN_free(p);
    BN_free(a);
    BN_free(b);
    EC_GROUP_free(group);
    return ok;
}

static bool add_entry(X509_NAME *name, const char *field, const char *value)
{
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, (const unsigned char *)value, -1, -1, 0) == 1;
}

static X509_NAME *subject_name(const ck_csr_subject *s)
{
    X509_NAME *name = X509_NAME_new();
    char org_id[64];
    bool ok = name != NULL && add_entry(name, "C", "CN");
    if (ok && s->org_name != NULL) {
        snprintf(org_id, sizeof org_id, "NTRCN-%s", s->uscc != NULL ? s->uscc : "");
        ok = add_entry(name, "O", s->org_name) && add_entry(name, "CN", s->org_name) &&
             (s->uscc == NULL || add_entry(name, "organizationIdentifier", org_id));
    } else if (ok) {
        ok = s->person_name != NULL && add_entry(name, "CN", s->person_name);
    }
    if (!ok) {
        X509_NAME_free(name);
        return NULL;
    }
    return name;
}

ck_err token_csr_make(ck_token *t, ck_token_slot slot, ck_key_alg alg, EVP_PKEY *pub, const ck_csr_subject *subj,
                      X509_REQ **out, ck_diag *d)
{
    X509_REQ *req = X509_REQ_new();
    X509_NAME *name = subject_name(subj);
    X509_ALGOR *algor = X509_ALGOR_new();
    ASN1_BIT_STRING *bits = NULL;
    unsigned char *tbs = NULL, digest[EVP_MAX_MD_SIZE], sig[512];
    unsigned int dlen = 0;
    size_t sig_len = sizeof sig;
    int tbs_len, nid = alg == KEY_ALG_RSA2048 ? NID_sha256WithRSAEncryption
                       : alg == KEY_ALG_SM2   ? NID_SM2_with_SM3
                                              : NID_ecdsa_with_SHA256;
    bool digest_ok;
    ck_err rc = CK_OK;
    if (req == NULL || name == NULL || algor == NULL || X509_REQ_set_version(req, 0) != 1 ||
        X509_REQ_set_subject_name(req, name) != 1 || X509_REQ_set_pubkey(req, pub) != 1 ||
        X509_ALGOR_set0(algor, OBJ_nid2obj(nid), alg == KEY_ALG_RSA2048 ? V_ASN1_NULL : V_ASN1_UNDEF, NULL) != 1 ||
        X509_REQ_set1_signature_algo(req, algor) != 1 || (tbs_len = i2d_re_X509_REQ_tbs(req, &tbs)) <= 0) {
        digest_ok = false;
    } else if (alg == KEY_ALG_SM2) {
        digest_ok = sm2_digest(pub, tbs, (size_t)tbs_len, digest);
        dlen = 32;
    } else {
        digest_ok = EVP_Digest(tbs, (size_t)tbs_len, digest, &dlen, EVP_sha256(), NULL) == 1;
    }
    if (!digest_ok) {
        rc = ck_diag_fail(d, CK_E_INVALID_INPUT, "无法生成证书请求（主体信息有误）",
                          "cannot build the certificate request (check the subject fields)");
        goto cleanup;
    }
    if ((rc = t->ops->sign(t, slot, alg, digest, dlen, sig, &sig_len, d)) != CK_OK)
        goto cleanup;
    if ((bits = ASN1_BIT_STRING_new()) == NULL || ASN1_BIT_STRING_set(bits, sig, (int)sig_len) != 1) {
        rc = CK_E_NOMEM;
        goto cleanup;
    }
    bits->flags &= ~(ASN1_STRING_FLAG_BITS_LEFT | 0x07);
    bits->flags |= ASN1_STRING_FLAG_BITS_LEFT;
    X509_REQ_set0_signature(req, bits);
    bits = NULL;
    if (alg == KEY_ALG_SM2) {
        /* Verify with the standard ID explicitly: OpenSSL 3.0 does not assume one for X.509 objects. */
        ASN1_OCTET_STRING *distid = ASN1_OCTET_STRING_new();
        if (distid == NULL || ASN1_OCTET_STRING_set(distid, (const unsigned char *)"1234567812345678", 16) != 1) {
            ASN1_OCTET_STRING_free(distid);
            rc = CK_E_NOMEM;
            goto cleanup;
        }
        X509_REQ_set0_distinguishing_id(req, distid);
    }
    /* The key signed what we asked: a bad signature here means a faulty key, not a bad request. */
    if (X509_REQ_verify(req, pub) != 1) {
        rc = ck_diag_fail(d, CK_E_TOKEN_COMM, "USB Key的签名无法验证，请更换USB Key",
                          "the USB Key's signature does not verify; the key may be faulty");
        goto cleanup;
    }
    *out = req;
    req = NULL;
cleanup:
    ASN1_BIT_STRING_free(bits);
    OPENSSL_free(tbs);
    X509_ALGOR_free(algor);
    X509_NAME_free(name);
    X509_REQ_free(req);
    return rc;
}
