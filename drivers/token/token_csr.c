/* token_csr.c - PKCS#10 requests signed on the key (see token_csr.h for the subject profile). */
#include "token_csr.h"

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <stdio.h>

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
    int tbs_len, nid = alg == KEY_ALG_RSA2048 ? NID_sha256WithRSAEncryption : NID_ecdsa_with_SHA256;
    ck_err rc = CK_OK;
    if (alg == KEY_ALG_SM2) {
        /* The SKF driver will sign SM3(Z || tbs) for SM2; PIV keys have no SM2 (docs/token.md). */
        rc = ck_diag_fail(d, CK_E_ARG, "PIV密钥不支持SM2", "PIV keys do not do SM2");
        goto cleanup;
    }
    if (req == NULL || name == NULL || algor == NULL || X509_REQ_set_version(req, 0) != 1 ||
        X509_REQ_set_subject_name(req, name) != 1 || X509_REQ_set_pubkey(req, pub) != 1 ||
        X509_ALGOR_set0(algor, OBJ_nid2obj(nid), alg == KEY_ALG_RSA2048 ? V_ASN1_NULL : V_ASN1_UNDEF, NULL) != 1 ||
        X509_REQ_set1_signature_algo(req, algor) != 1 || (tbs_len = i2d_re_X509_REQ_tbs(req, &tbs)) <= 0 ||
        EVP_Digest(tbs, (size_t)tbs_len, digest, &dlen, EVP_sha256(), NULL) != 1) {
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
