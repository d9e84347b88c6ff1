/*
 * seal_asn1.c - the SESeal templates (see seal_asn1.h for the ASN.1 each one
 * implements) and the building of an SESeal object from a seal_t. OpenSSL's
 * template engine does all the DER: nothing here counts a length byte.
 */
#include "seal_asn1.h"

#include <openssl/asn1t.h>
#include <openssl/objects.h>
#include <string.h>
#include <time.h>

/* One template line per ASN.1 field, in the standard's order (clang-format cannot parse the macros). */
/* clang-format off */
ASN1_SEQUENCE(SEAL_Header) = {
    ASN1_SIMPLE(SEAL_Header, id, ASN1_IA5STRING),
    ASN1_SIMPLE(SEAL_Header, version, ASN1_INTEGER),
    ASN1_SIMPLE(SEAL_Header, vid, ASN1_IA5STRING),
} ASN1_SEQUENCE_END(SEAL_Header)

ASN1_SEQUENCE(SEAL_CertDigestObj) = {
    ASN1_SIMPLE(SEAL_CertDigestObj, type, ASN1_PRINTABLESTRING),
    ASN1_SIMPLE(SEAL_CertDigestObj, value, ASN1_OCTET_STRING),
} ASN1_SEQUENCE_END(SEAL_CertDigestObj)

/* certList's type by certListType; any other value is a decoding error (no default). */
ASN1_ADB(SEAL_PropertyInfo) = {
    ADB_ENTRY(SEAL_BIND_CERT, ASN1_SEQUENCE_OF(SEAL_PropertyInfo, certList.certs, ASN1_OCTET_STRING)),
    ADB_ENTRY(SEAL_BIND_DIGEST, ASN1_SEQUENCE_OF(SEAL_PropertyInfo, certList.digests, SEAL_CertDigestObj)),
} ASN1_ADB_END(SEAL_PropertyInfo, 0, certListType, 0, NULL, NULL);

ASN1_SEQUENCE(SEAL_PropertyInfo) = {
    ASN1_SIMPLE(SEAL_PropertyInfo, type, ASN1_INTEGER),
    ASN1_SIMPLE(SEAL_PropertyInfo, name, ASN1_UTF8STRING),
    ASN1_SIMPLE(SEAL_PropertyInfo, certListType, ASN1_INTEGER),
    ASN1_ADB_INTEGER(SEAL_PropertyInfo),
    ASN1_SIMPLE(SEAL_PropertyInfo, createDate, ASN1_GENERALIZEDTIME),
    ASN1_SIMPLE(SEAL_PropertyInfo, validStart, ASN1_GENERALIZEDTIME),
    ASN1_SIMPLE(SEAL_PropertyInfo, validEnd, ASN1_GENERALIZEDTIME),
} ASN1_SEQUENCE_END(SEAL_PropertyInfo)

ASN1_SEQUENCE(SEAL_PictureInfo) = {
    ASN1_SIMPLE(SEAL_PictureInfo, type, ASN1_IA5STRING),
    ASN1_SIMPLE(SEAL_PictureInfo, data, ASN1_OCTET_STRING),
    ASN1_SIMPLE(SEAL_PictureInfo, width, ASN1_INTEGER),
    ASN1_SIMPLE(SEAL_PictureInfo, height, ASN1_INTEGER),
} ASN1_SEQUENCE_END(SEAL_PictureInfo)

/* DEFAULT FALSE: ASN1_FBOOLEAN leaves a false flag out of the DER, as DER requires. */
ASN1_SEQUENCE(SEAL_ExtData) = {
    ASN1_SIMPLE(SEAL_ExtData, extnID, ASN1_OBJECT),
    ASN1_OPT(SEAL_ExtData, critical, ASN1_FBOOLEAN),
    ASN1_SIMPLE(SEAL_ExtData, extnValue, ASN1_OCTET_STRING),
} ASN1_SEQUENCE_END(SEAL_ExtData)

ASN1_ITEM_TEMPLATE(SEAL_ExtensionDatas) =
    ASN1_EX_TEMPLATE_TYPE(ASN1_TFLG_SEQUENCE_OF, 0, extDatas, SEAL_ExtData)
ASN1_ITEM_TEMPLATE_END(SEAL_ExtensionDatas)

ASN1_SEQUENCE(SEAL_SealInfo) = {
    ASN1_SIMPLE(SEAL_SealInfo, header, SEAL_Header),
    ASN1_SIMPLE(SEAL_SealInfo, esID, ASN1_IA5STRING),
    ASN1_SIMPLE(SEAL_SealInfo, property, SEAL_PropertyInfo),
    ASN1_SIMPLE(SEAL_SealInfo, picture, SEAL_PictureInfo),
    ASN1_SEQUENCE_OF_OPT(SEAL_SealInfo, extDatas, SEAL_ExtData),
} ASN1_SEQUENCE_END(SEAL_SealInfo)

ASN1_SEQUENCE(SEAL_SESeal) = {
    ASN1_SIMPLE(SEAL_SESeal, eSealInfo, SEAL_SealInfo),
    ASN1_SIMPLE(SEAL_SESeal, cert, ASN1_OCTET_STRING),
    ASN1_SIMPLE(SEAL_SESeal, signAlgID, ASN1_OBJECT),
    ASN1_SIMPLE(SEAL_SESeal, signedValue, ASN1_BIT_STRING),
} ASN1_SEQUENCE_END(SEAL_SESeal)

IMPLEMENT_ASN1_FUNCTIONS(SEAL_Header)
IMPLEMENT_ASN1_FUNCTIONS(SEAL_CertDigestObj)
IMPLEMENT_ASN1_FUNCTIONS(SEAL_PropertyInfo)
IMPLEMENT_ASN1_FUNCTIONS(SEAL_PictureInfo)
IMPLEMENT_ASN1_FUNCTIONS(SEAL_ExtData)
IMPLEMENT_ASN1_FUNCTIONS(SEAL_ExtensionDatas)
IMPLEMENT_ASN1_FUNCTIONS(SEAL_SealInfo)
IMPLEMENT_ASN1_FUNCTIONS(SEAL_SESeal)

/*
 * TBS_Seal: what the maker signs. Not a named type of the standard, which
 * says the signature covers eSealInfo, cert and signAlgID; a SEQUENCE of the
 * three is their DER in one piece, as the standard's other signed structures
 * (TBS_Sign) are built.
 */
typedef struct SEAL_TBSSeal_st {
    SEAL_SealInfo *eSealInfo;
    ASN1_OCTET_STRING *cert;
    ASN1_OBJECT *signAlgID;
} SEAL_TBSSeal;

ASN1_SEQUENCE(SEAL_TBSSeal) = {
    ASN1_SIMPLE(SEAL_TBSSeal, eSealInfo, SEAL_SealInfo),
    ASN1_SIMPLE(SEAL_TBSSeal, cert, ASN1_OCTET_STRING),
    ASN1_SIMPLE(SEAL_TBSSeal, signAlgID, ASN1_OBJECT),
} static_ASN1_SEQUENCE_END(SEAL_TBSSeal)

int seal_asn1_tbs(const SEAL_SESeal *s, unsigned char **der)
{
    /* Borrows the three fields: nothing to free but the DER. */
    SEAL_TBSSeal tbs = {s->eSealInfo, s->cert, s->signAlgID};
    *der = NULL;
    return ASN1_item_i2d((const ASN1_VALUE *)&tbs, der, ASN1_ITEM_rptr(SEAL_TBSSeal));
}
/* clang-format on */

bool seal_asn1_time_set(ASN1_GENERALIZEDTIME *t, int64_t unix_s)
{
    if (unix_s < 0 || unix_s > SEAL_TIME_LAST)
        return false;
    return ASN1_GENERALIZEDTIME_adj(t, (time_t)unix_s, 0, 0) != NULL;
}

bool seal_asn1_time_get(const ASN1_GENERALIZEDTIME *t, int64_t *unix_s)
{
    /* Only the one form DER and the standard's profile allow: no fractions, no offsets. */
    const unsigned char *c = ASN1_STRING_get0_data(t);
    struct tm tm;
    if (ASN1_STRING_type(t) != V_ASN1_GENERALIZEDTIME || ASN1_STRING_length(t) != 15 || c[14] != 'Z')
        return false;
    for (int i = 0; i < 14; i++)
        if (c[i] < '0' || c[i] > '9')
            return false;
    /* ASN1_TIME_to_tm checks the calendar (no 31 February, no hour 24). */
    if (ASN1_TIME_to_tm(t, &tm) != 1)
        return false;
    *unix_s = (int64_t)timegm(&tm);
    return *unix_s >= 0 && *unix_s <= SEAL_TIME_LAST;
}

static bool set_str(ASN1_STRING *a, const char *text) { return ASN1_STRING_set(a, text, (int)strlen(text)) == 1; }

static bool set_bytes(ASN1_STRING *a, const uint8_t *p, size_t n)
{
    return n <= INT32_MAX && ASN1_STRING_set(a, p, (int)n) == 1;
}

/* certListType and certList together, so the ADB selector always matches what certList holds. */
static bool set_cert_list(SEAL_PropertyInfo *pi, const seal_t *s)
{
    if (ASN1_INTEGER_set(pi->certListType, s->bind_form) != 1)
        return false;
    if (s->bind_form == SEAL_BIND_CERT) {
        ASN1_OCTET_STRING *c = ASN1_OCTET_STRING_new();
        if ((pi->certList.certs = sk_ASN1_OCTET_STRING_new_null()) == NULL || c == NULL ||
            !set_bytes(c, s->bound_cert, s->bound_cert_len) || sk_ASN1_OCTET_STRING_push(pi->certList.certs, c) == 0) {
            ASN1_OCTET_STRING_free(c);
            return false;
        }
        return true;
    }
    SEAL_CertDigestObj *o = SEAL_CertDigestObj_new();
    if ((pi->certList.digests = sk_SEAL_CertDigestObj_new_null()) == NULL || o == NULL ||
        !set_str(o->type, SEAL_DIGEST_TYPE) || !set_bytes(o->value, s->cert_sha256, sizeof s->cert_sha256) ||
        sk_SEAL_CertDigestObj_push(pi->certList.digests, o) == 0) {
        SEAL_CertDigestObj_free(o);
        return false;
    }
    return true;
}

static bool set_info(SEAL_SealInfo *info, const seal_t *s)
{
    SEAL_PropertyInfo *pi = info->property;
    SEAL_PictureInfo *pic = info->picture;
    return set_str(info->header->id, "ES") && ASN1_INTEGER_set(info->header->version, 4) == 1 &&
           set_str(info->header->vid, s->vendor_id) && set_str(info->esID, s->es_id) &&
           ASN1_INTEGER_set(pi->type, s->type) == 1 && set_str(pi->name, s->name) && set_cert_list(pi, s) &&
           set_str(pic->type, s->picture_type) && set_bytes(pic->data, s->picture, s->picture_len) &&
           ASN1_INTEGER_set(pic->width, s->picture_width_mm) == 1 &&
           ASN1_INTEGER_set(pic->height, s->picture_height_mm) == 1;
}

ck_err seal_asn1_build(const seal_t *s, SEAL_SESeal **out, ck_diag *d)
{
    SEAL_SESeal *seal = SEAL_SESeal_new();
    SEAL_PropertyInfo *pi = seal != NULL ? seal->eSealInfo->property : NULL;
    ck_err rc = CK_OK;
    *out = NULL;
    if (seal == NULL || !set_info(seal->eSealInfo, s) || !set_bytes(seal->cert, s->maker_cert, s->maker_cert_len) ||
        !set_bytes(seal->signedValue, s->signature, s->signature_len)) {
        rc = ck_diag_fail(d, CK_E_NOMEM, "内存不足，无法生成电子印章", "out of memory building the seal");
        goto cleanup;
    }
    /* A signature is whole bytes: say so, or OpenSSL trims trailing zero bits from the encoding. */
    seal->signedValue->flags &= ~(ASN1_STRING_FLAG_BITS_LEFT | 0x07);
    seal->signedValue->flags |= ASN1_STRING_FLAG_BITS_LEFT;
    if (!seal_asn1_time_set(pi->createDate, s->created) || !seal_asn1_time_set(pi->validStart, s->valid_start) ||
        !seal_asn1_time_set(pi->validEnd, s->valid_end)) {
        rc = ck_diag_fail(d, CK_E_SEAL, "电子印章的日期超出范围", "a seal date is outside 1970..9999");
        goto cleanup;
    }
    ASN1_OBJECT_free(seal->signAlgID);
    if ((seal->signAlgID = OBJ_txt2obj(s->sig_alg_oid, 1)) == NULL) {
        rc = ck_diag_detail(d, CK_E_SEAL, "电子印章的签名算法标识无效", "the signature algorithm OID '%s' is invalid",
                            s->sig_alg_oid);
        goto cleanup;
    }
    if (s->ext_len > 0) {
        const unsigned char *p = s->ext_der;
        seal->eSealInfo->extDatas = d2i_SEAL_ExtensionDatas(NULL, &p, (long)s->ext_len);
        if (seal->eSealInfo->extDatas == NULL || p != s->ext_der + s->ext_len) {
            rc = ck_diag_fail(d, CK_E_SEAL, "电子印章的扩展数据无效", "the seal's extDatas are not valid DER");
            goto cleanup;
        }
    }
    *out = seal;
    seal = NULL;
cleanup:
    SEAL_SESeal_free(seal);
    return rc;
}
