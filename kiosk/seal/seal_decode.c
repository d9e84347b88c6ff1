/*
 * seal_decode.c - DER SESeal to seal_t, refusing anything the kiosk could
 * not show or check faithfully (see seal_decode in seal.h for the rules).
 * A seal comes from a customer's USB Key or a file they bring: every byte is
 * outside input.
 */
#include "seal.h"

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <string.h>

#include "seal_alg.h"
#include "seal_asn1.h"
#include "utf8.h"

/* Every refusal: one plain Chinese sentence for the person, the detail in English for the clerk's log. */
#define BAD(d, zh, ...) ck_diag_detail(d, CK_E_SEAL, "电子印章无法识别：" zh, "malformed seal: " __VA_ARGS__)

/* min..max printable ASCII characters (IA5String or PrintableString) into out (max + 1 bytes). */
static bool get_ascii(const ASN1_STRING *a, char *out, size_t min, size_t max)
{
    const unsigned char *p = ASN1_STRING_get0_data(a);
    size_t n = (size_t)ASN1_STRING_length(a);
    if (n < min || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (p[i] < 0x20 || p[i] > 0x7e)
            return false;
    memcpy(out, p, n);
    out[n] = '\0';
    return true;
}

/* 1..max bytes into out; *len gets the count. */
static bool get_bytes(const ASN1_STRING *a, uint8_t *out, size_t max, size_t *len)
{
    int n = ASN1_STRING_length(a);
    if (n <= 0 || (size_t)n > max)
        return false;
    memcpy(out, ASN1_STRING_get0_data(a), (size_t)n);
    *len = (size_t)n;
    return true;
}

static bool get_int(const ASN1_INTEGER *a, int64_t min, int64_t max, int64_t *v)
{
    return ASN1_INTEGER_get_int64(v, a) == 1 && *v >= min && *v <= max;
}

/* A name a screen and a receipt can show: valid UTF-8, no NUL, 1..SEAL_NAME_MAX bytes. */
static bool get_name(const ASN1_UTF8STRING *a, char *out)
{
    const char *p = (const char *)ASN1_STRING_get0_data(a);
    size_t n = (size_t)ASN1_STRING_length(a), used;
    uint32_t cp;
    if (n == 0 || n > SEAL_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i += used)
        if ((used = utf8_decode(p + i, n - i, &cp)) == 0 || cp == 0)
            return false;
    memcpy(out, p, n);
    out[n] = '\0';
    return true;
}

static bool sha256(const uint8_t *p, size_t n, uint8_t out[32])
{
    unsigned int len = 0;
    return EVP_Digest(p, n, out, &len, EVP_sha256(), NULL) == 1 && len == 32;
}

static ck_err read_binding(const SEAL_PropertyInfo *pi, seal_t *out, ck_diag *d)
{
    int64_t form;
    if (!get_int(pi->certListType, SEAL_BIND_CERT, SEAL_BIND_DIGEST, &form))
        return BAD(d, "证书列表类型无效", "certListType is neither 1 nor 2");
    out->bind_form = (seal_bind_form)form;
    if (out->bind_form == SEAL_BIND_CERT) {
        if (sk_ASN1_OCTET_STRING_num(pi->certList.certs) != 1)
            return BAD(d, "须绑定且只绑定一张证书", "certs holds %d certificates, not 1",
                       sk_ASN1_OCTET_STRING_num(pi->certList.certs));
        if (!get_bytes(sk_ASN1_OCTET_STRING_value(pi->certList.certs, 0), out->bound_cert, sizeof out->bound_cert,
                       &out->bound_cert_len))
            return BAD(d, "绑定的证书为空或过大", "the bound certificate is empty or over %d bytes",
                       SEAL_BOUND_CERT_MAX);
        if (!sha256(out->bound_cert, out->bound_cert_len, out->cert_sha256))
            return ck_diag_fail(d, CK_E_NOMEM, "内存不足", "out of memory hashing the bound certificate");
        return CK_OK;
    }
    if (sk_SEAL_CertDigestObj_num(pi->certList.digests) != 1)
        return BAD(d, "须绑定且只绑定一张证书", "certDigestList holds %d digests, not 1",
                   sk_SEAL_CertDigestObj_num(pi->certList.digests));
    const SEAL_CertDigestObj *o = sk_SEAL_CertDigestObj_value(pi->certList.digests, 0);
    char type[sizeof SEAL_DIGEST_TYPE];
    size_t n = 0;
    if (!get_ascii(o->type, type, 1, sizeof type - 1) || strcmp(type, SEAL_DIGEST_TYPE) != 0 ||
        !get_bytes(o->value, out->cert_sha256, sizeof out->cert_sha256, &n) || n != sizeof out->cert_sha256)
        return BAD(d, "证书摘要不是SHA-256", "the certificate digest is not a %s digest of 32 bytes", SEAL_DIGEST_TYPE);
    return CK_OK;
}

static ck_err read_info(const SEAL_SealInfo *info, seal_t *out, ck_diag *d)
{
    const SEAL_PropertyInfo *pi = info->property;
    const SEAL_PictureInfo *pic = info->picture;
    char id[3];
    int64_t v;
    ck_err rc;
    if (!get_ascii(info->header->id, id, 2, 2) || strcmp(id, "ES") != 0)
        return BAD(d, "标识不是“ES”", "the header ID is not \"ES\"");
    if (!get_int(info->header->version, 4, 4, &v))
        return BAD(d, "版本不是第4版", "the header version is not 4 (GB/T 38540-2020)");
    if (!get_ascii(info->header->vid, out->vendor_id, 1, SEAL_ID_MAX))
        return BAD(d, "厂商标识无效", "the vendor ID is empty, over %d characters or not printable ASCII", SEAL_ID_MAX);
    if (!get_ascii(info->esID, out->es_id, 1, SEAL_ID_MAX))
        return BAD(d, "印章标识无效", "esID is empty, over %d characters or not printable ASCII", SEAL_ID_MAX);
    if (!get_int(pi->type, SEAL_TYPE_ORG, SEAL_TYPE_PERSONAL, &v))
        return BAD(d, "印章类型无效", "the seal type is neither 1 (organisation) nor 2 (personal)");
    out->type = (seal_type)v;
    if (!get_name(pi->name, out->name))
        return BAD(d, "印章名称为空、过长或编码错误", "the name is empty, over %d bytes or not valid UTF-8",
                   SEAL_NAME_MAX);
    if ((rc = read_binding(pi, out, d)) != CK_OK)
        return rc;
    if (!seal_asn1_time_get(pi->createDate, &out->created) || !seal_asn1_time_get(pi->validStart, &out->valid_start) ||
        !seal_asn1_time_get(pi->validEnd, &out->valid_end))
        return BAD(d, "日期格式错误", "a date is not a GeneralizedTime YYYYMMDDHHMMSSZ in 1970..9999");
    if (!get_ascii(pic->type, out->picture_type, 1, SEAL_PICTURE_TYPE_MAX))
        return BAD(d, "图片类型无效", "the picture type is empty, over %d characters or not ASCII",
                   SEAL_PICTURE_TYPE_MAX);
    if (!get_bytes(pic->data, out->picture, sizeof out->picture, &out->picture_len))
        return BAD(d, "印章图片为空或过大", "the picture is empty or over %d bytes", SEAL_PICTURE_MAX);
    if (!get_int(pic->width, 1, SEAL_PICTURE_MM_MAX, &v))
        return BAD(d, "图片宽度无效", "the picture width is not 1..%d mm", SEAL_PICTURE_MM_MAX);
    out->picture_width_mm = (int32_t)v;
    if (!get_int(pic->height, 1, SEAL_PICTURE_MM_MAX, &v))
        return BAD(d, "图片高度无效", "the picture height is not 1..%d mm", SEAL_PICTURE_MM_MAX);
    out->picture_height_mm = (int32_t)v;
    if (info->extDatas != NULL) {
        /* As with X.509 extensions: one marked critical that nothing here understands means "do not accept". */
        for (int i = 0; i < sk_SEAL_ExtData_num(info->extDatas); i++)
            if (sk_SEAL_ExtData_value(info->extDatas, i)->critical > 0)
                return BAD(d, "含有无法识别的关键扩展", "extDatas[%d] is critical and not understood", i);
        int n = i2d_SEAL_ExtensionDatas(info->extDatas, NULL);
        unsigned char *p = out->ext_der;
        if (n <= 0 || (size_t)n > sizeof out->ext_der || i2d_SEAL_ExtensionDatas(info->extDatas, &p) != n)
            return BAD(d, "扩展数据过大", "extDatas are over %d bytes", SEAL_EXT_MAX);
        out->ext_len = (size_t)n;
    }
    return CK_OK;
}

static ck_err read_seal(const SEAL_SESeal *s, seal_t *out, ck_diag *d)
{
    ck_err rc = read_info(s->eSealInfo, out, d);
    int n;
    if (rc != CK_OK)
        return rc;
    if (!get_bytes(s->cert, out->maker_cert, sizeof out->maker_cert, &out->maker_cert_len))
        return BAD(d, "制章人证书为空或过大", "the maker certificate is empty or over %d bytes", SEAL_MAKER_CERT_MAX);
    n = OBJ_obj2txt(out->sig_alg_oid, sizeof out->sig_alg_oid, s->signAlgID, 1);
    if (n <= 0 || (size_t)n >= sizeof out->sig_alg_oid)
        return BAD(d, "签名算法标识无效", "the signature algorithm OID is empty or over %d characters", SEAL_OID_MAX);
    out->sig_alg = seal_alg_from_oid(out->sig_alg_oid);
    /* A signature is whole bytes; OpenSSL keeps the BIT STRING's unused-bit count in the low flag bits. */
    if ((s->signedValue->flags & 0x07) != 0 ||
        !get_bytes(s->signedValue, out->signature, sizeof out->signature, &out->signature_len))
        return BAD(d, "签名值为空或过大", "the signature is empty, over %d bytes or not whole bytes", SEAL_SIG_MAX);
    return CK_OK;
}

/*
 * The whole seal, re-encoded from out, must be der byte for byte. That
 * refuses BER a lenient reader would take (indefinite or long-form lengths)
 * and proves out holds every signed byte, so seal_verify can rebuild what the
 * maker signed from out alone.
 */
static ck_err check_canonical(const seal_t *out, const uint8_t *der, size_t len, ck_diag *d)
{
    SEAL_SESeal *again = NULL;
    unsigned char *enc = NULL;
    int n;
    ck_err rc = seal_asn1_build(out, &again, d);
    if (rc != CK_OK)
        goto cleanup;
    n = i2d_SEAL_SESeal(again, &enc);
    if (n < 0) {
        rc = ck_diag_fail(d, CK_E_NOMEM, "内存不足", "out of memory re-encoding the seal");
        goto cleanup;
    }
    if ((size_t)n != len || memcmp(enc, der, len) != 0)
        rc = BAD(d, "不是规范的DER编码", "not in canonical DER (re-encoding gives %d bytes that differ)", n);
cleanup:
    OPENSSL_free(enc);
    SEAL_SESeal_free(again);
    return rc;
}

ck_err seal_decode(const uint8_t *der, size_t len, seal_t *out, ck_diag *d)
{
    const unsigned char *p = der;
    SEAL_SESeal *s = NULL;
    ck_err rc;
    if (der == NULL || out == NULL)
        return ck_diag_fail(d, CK_E_ARG, "参数错误", "seal_decode: NULL argument");
    memset(out, 0, sizeof *out);
    if (len == 0 || len > SEAL_DER_MAX)
        return BAD(d, "数据为空或过大", "%zu bytes (at most %d)", len, SEAL_DER_MAX);
    if ((s = d2i_SEAL_SESeal(NULL, &p, (long)len)) == NULL) {
        rc = BAD(d, "数据不完整或已损坏", "not a DER SESeal (truncated or garbled)");
        goto cleanup;
    }
    if (p != der + len) {
        rc = BAD(d, "数据末尾有多余内容", "%zu bytes after the SESeal", (size_t)(der + len - p));
        goto cleanup;
    }
    if ((rc = read_seal(s, out, d)) != CK_OK)
        goto cleanup;
    rc = check_canonical(out, der, len, d);
cleanup:
    SEAL_SESeal_free(s);
    return rc;
}
