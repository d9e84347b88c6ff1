/*
 * seal_make.c - a new seal signed by the seal maker's key (see seal_make in
 * seal.h). The fields are checked first so a clerk's typo is named; the
 * finished DER then goes through seal_decode, so the kiosk never hands out
 * a seal it would itself refuse.
 */
#include "seal.h"

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>

#include "seal_alg.h"
#include "seal_asn1.h"
#include "utf8.h"

static bool printable(const char *s, size_t max)
{
    size_t n = s != NULL ? strlen(s) : 0;
    if (n == 0 || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
            return false;
    return true;
}

static bool valid_utf8(const char *s, size_t n)
{
    uint32_t cp;
    for (size_t i = 0, used; i < n; i += used)
        if ((used = utf8_decode(s + i, n - i, &cp)) == 0)
            return false;
    return true;
}

#define FIELD(d, zh, ...) ck_diag_detail(d, CK_E_INVALID_INPUT, "印章信息有误：" zh, __VA_ARGS__)

/* The fields into s, each against its cap. */
static ck_err copy_fields(const seal_fields *in, seal_t *s, ck_diag *d)
{
    const char *ptype = in->picture_type != NULL ? in->picture_type : "PNG";
    size_t name_len = in->name != NULL ? strlen(in->name) : 0;
    unsigned int hl = 0;
    if (!printable(in->es_id, SEAL_ID_MAX) || !printable(in->vendor_id, SEAL_ID_MAX))
        return FIELD(d, "印章标识或厂商标识无效", "esID and vendor ID must be 1..%d printable ASCII characters",
                     SEAL_ID_MAX);
    if (in->type != SEAL_TYPE_ORG && in->type != SEAL_TYPE_PERSONAL)
        return FIELD(d, "印章类型无效", "type %d is neither organisation (1) nor personal (2)", (int)in->type);
    if (name_len == 0 || name_len > SEAL_NAME_MAX)
        return FIELD(d, "印章名称为空或过长", "the name is %zu bytes (1..%d)", name_len, SEAL_NAME_MAX);
    if (!valid_utf8(in->name, name_len))
        return FIELD(d, "印章名称含有无效字符", "the name is not valid UTF-8");
    if (in->holder_cert == NULL || in->holder_cert_len == 0 || in->holder_cert_len > SEAL_BOUND_CERT_MAX)
        return FIELD(d, "缺少要绑定的证书或证书过大", "the holder certificate is missing or over %d bytes",
                     SEAL_BOUND_CERT_MAX);
    if (in->bind_form != 0 && in->bind_form != SEAL_BIND_DIGEST && in->bind_form != SEAL_BIND_CERT)
        return FIELD(d, "证书绑定方式无效", "bind_form %d is not 1 or 2", (int)in->bind_form);
    if (in->valid_start > in->valid_end)
        return FIELD(d, "有效期起始晚于终止", "valid_start is after valid_end");
    if (in->created < 0 || in->valid_start < 0 || in->valid_end > SEAL_TIME_LAST || in->created > SEAL_TIME_LAST)
        return FIELD(d, "日期超出范围", "dates must lie in 1970..9999");
    if (!printable(ptype, SEAL_PICTURE_TYPE_MAX))
        return FIELD(d, "图片类型无效", "the picture type must be 1..%d ASCII characters", SEAL_PICTURE_TYPE_MAX);
    if (in->picture == NULL || in->picture_len == 0 || in->picture_len > SEAL_PICTURE_MAX)
        return FIELD(d, "印章图片为空或过大", "the picture is %zu bytes (1..%d)", in->picture_len, SEAL_PICTURE_MAX);
    if (in->picture_width_mm < 1 || in->picture_width_mm > SEAL_PICTURE_MM_MAX || in->picture_height_mm < 1 ||
        in->picture_height_mm > SEAL_PICTURE_MM_MAX)
        return FIELD(d, "图片尺寸无效", "picture size %dx%d mm (each 1..%d)", (int)in->picture_width_mm,
                     (int)in->picture_height_mm, SEAL_PICTURE_MM_MAX);
    strcpy(s->es_id, in->es_id);
    strcpy(s->vendor_id, in->vendor_id);
    s->type = in->type;
    memcpy(s->name, in->name, name_len + 1);
    s->bind_form = in->bind_form != 0 ? in->bind_form : SEAL_BIND_DIGEST;
    if (EVP_Digest(in->holder_cert, in->holder_cert_len, s->cert_sha256, &hl, EVP_sha256(), NULL) != 1)
        return ck_diag_fail(d, CK_E_NOMEM, "内存不足", "out of memory hashing the holder certificate");
    if (s->bind_form == SEAL_BIND_CERT) {
        memcpy(s->bound_cert, in->holder_cert, in->holder_cert_len);
        s->bound_cert_len = in->holder_cert_len;
    }
    s->created = in->created;
    s->valid_start = in->valid_start;
    s->valid_end = in->valid_end;
    strcpy(s->picture_type, ptype);
    memcpy(s->picture, in->picture, in->picture_len);
    s->picture_len = in->picture_len;
    s->picture_width_mm = in->picture_width_mm;
    s->picture_height_mm = in->picture_height_mm;
    return CK_OK;
}

/* The maker certificate into s, after checking it holds maker_key's public key; the algorithm follows the key. */
static ck_err set_maker(seal_t *s, EVP_PKEY *key, const uint8_t *cert, size_t len, ck_diag *d)
{
    const unsigned char *p = cert;
    X509 *x = len > 0 && len <= SEAL_MAKER_CERT_MAX ? d2i_X509(NULL, &p, (long)len) : NULL;
    ck_err rc = CK_OK;
    if (x == NULL || p != cert + len) {
        rc =
            ck_diag_detail(d, CK_E_SEAL, "制章人证书无法解析",
                           "the maker certificate is not one DER certificate of at most %d bytes", SEAL_MAKER_CERT_MAX);
        goto cleanup;
    }
    if (EVP_PKEY_eq(X509_get0_pubkey(x), key) != 1) {
        rc = ck_diag_fail(d, CK_E_SEAL, "制章人证书与制章密钥不符", "the maker certificate is not maker_key's");
        goto cleanup;
    }
    if ((s->sig_alg = seal_alg_of_key(key)) == SEAL_ALG_UNKNOWN) {
        rc = ck_diag_fail(d, CK_E_SEAL, "制章密钥类型不受支持", "the maker key is neither ECDSA P-256 nor SM2");
        goto cleanup;
    }
    strcpy(s->sig_alg_oid, seal_alg_oid(s->sig_alg));
    memcpy(s->maker_cert, cert, len);
    s->maker_cert_len = len;
cleanup:
    X509_free(x);
    return rc;
}

ck_err seal_make(const seal_fields *in, EVP_PKEY *maker_key, const uint8_t *maker_cert_der, size_t maker_cert_len,
                 uint8_t *der, size_t cap, size_t *len, ck_diag *d)
{
    /* Two seal_t are ~20 KB: the heap, not a kiosk thread's stack. */
    seal_t *s = calloc(2, sizeof *s);
    SEAL_SESeal *obj = NULL;
    unsigned char *tbs = NULL, *out = NULL;
    int tbs_len, n;
    ck_err rc;
    if (in == NULL || maker_key == NULL || maker_cert_der == NULL || der == NULL || len == NULL) {
        rc = ck_diag_fail(d, CK_E_ARG, "参数错误", "seal_make: NULL argument");
        goto cleanup;
    }
    if (s == NULL) {
        rc = ck_diag_fail(d, CK_E_NOMEM, "内存不足", "out of memory making a seal");
        goto cleanup;
    }
    if ((rc = copy_fields(in, s, d)) != CK_OK ||
        (rc = set_maker(s, maker_key, maker_cert_der, maker_cert_len, d)) != CK_OK ||
        (rc = seal_asn1_build(s, &obj, d)) != CK_OK)
        goto cleanup;
    if ((tbs_len = seal_asn1_tbs(obj, &tbs)) <= 0) {
        rc = ck_diag_fail(d, CK_E_NOMEM, "内存不足", "out of memory encoding the seal");
        goto cleanup;
    }
    s->signature_len = sizeof s->signature;
    if (!seal_alg_sign(maker_key, s->sig_alg, tbs, (size_t)tbs_len, s->signature, &s->signature_len)) {
        rc = ck_diag_fail(d, CK_E_SEAL, "制章密钥签名失败", "the maker key could not sign the seal");
        goto cleanup;
    }
    SEAL_SESeal_free(obj);
    obj = NULL;
    if ((rc = seal_asn1_build(s, &obj, d)) != CK_OK)
        goto cleanup;
    if ((n = i2d_SEAL_SESeal(obj, &out)) <= 0) {
        rc = ck_diag_fail(d, CK_E_NOMEM, "内存不足", "out of memory encoding the seal");
        goto cleanup;
    }
    if ((size_t)n > cap || n > SEAL_DER_MAX) {
        rc = ck_diag_detail(d, CK_E_SEAL, "电子印章过大（请缩小印章图片）",
                            "the seal is %d bytes, over the buffer (%zu) or SEAL_DER_MAX (%d)", n, cap, SEAL_DER_MAX);
        goto cleanup;
    }
    if ((rc = seal_decode(out, (size_t)n, s + 1, d)) != CK_OK)
        goto cleanup;
    memcpy(der, out, (size_t)n);
    *len = (size_t)n;
cleanup:
    OPENSSL_free(out);
    OPENSSL_free(tbs);
    SEAL_SESeal_free(obj);
    free(s);
    return rc;
}
