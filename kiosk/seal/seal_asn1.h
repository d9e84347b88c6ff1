/*
 * seal_asn1.h - the SESeal ASN.1 of GB/T 38540-2020 as OpenSSL templates,
 * and the one way a seal_t becomes DER. Internal to certkiosk_seal.
 *
 * The C types carry a SEAL_ prefix (the standard's names after it) so the
 * functions OpenSSL's macros generate (SEAL_SESeal_new, d2i_SEAL_SESeal...)
 * cannot collide with another library that implements the same standard.
 */
#ifndef CK_SEAL_ASN1_H
#define CK_SEAL_ASN1_H

#include <openssl/asn1.h>
#include <openssl/safestack.h>

#include "seal.h"

/* SES_Header ::= SEQUENCE { ID IA5String, version INTEGER, Vid IA5String } */
typedef struct SEAL_Header_st {
    ASN1_IA5STRING *id;
    ASN1_INTEGER *version;
    ASN1_IA5STRING *vid;
} SEAL_Header;

/* CertDigestObj ::= SEQUENCE { type PrintableString, value OCTET STRING } */
typedef struct SEAL_CertDigestObj_st {
    ASN1_PRINTABLESTRING *type;
    ASN1_OCTET_STRING *value;
} SEAL_CertDigestObj;
DEFINE_STACK_OF(SEAL_CertDigestObj)
/* OpenSSL 3.0 has no stack type of OCTET STRINGs of its own; the certs alternative needs one. */
DEFINE_STACK_OF(ASN1_OCTET_STRING)

/*
 * SES_ESPropertyInfo ::= SEQUENCE { type INTEGER, name UTF8String,
 *   certListType INTEGER, certList SES_CertList, createDate GeneralizedTime,
 *   validStart GeneralizedTime, validEnd GeneralizedTime }
 * SES_CertList ::= CHOICE { certs SEQUENCE OF OCTET STRING,
 *                           certDigestList SEQUENCE OF CertDigestObj }
 * Both CHOICE alternatives begin with the same SEQUENCE tag, so OpenSSL's
 * CHOICE decoder cannot tell them apart; the standard's certListType says
 * which one follows, and OpenSSL's "ANY DEFINED BY" (ADB) templates select
 * certList's type from it. certList comes first in the C struct on purpose:
 * OpenSSL clears the field at the ADB template's offset (0) when it creates
 * the structure, which must be certList itself, not another field.
 */
typedef struct SEAL_PropertyInfo_st {
    union {
        STACK_OF(ASN1_OCTET_STRING) * certs;
        STACK_OF(SEAL_CertDigestObj) * digests;
    } certList;
    ASN1_INTEGER *type;
    ASN1_UTF8STRING *name;
    ASN1_INTEGER *certListType;
    ASN1_GENERALIZEDTIME *createDate;
    ASN1_GENERALIZEDTIME *validStart;
    ASN1_GENERALIZEDTIME *validEnd;
} SEAL_PropertyInfo;

/* SES_ESPictrueInfo ::= SEQUENCE { type IA5String, data OCTET STRING, width INTEGER, height INTEGER } */
typedef struct SEAL_PictureInfo_st {
    ASN1_IA5STRING *type;
    ASN1_OCTET_STRING *data;
    ASN1_INTEGER *width;
    ASN1_INTEGER *height;
} SEAL_PictureInfo;

/* ExtData ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
typedef struct SEAL_ExtData_st {
    ASN1_OBJECT *extnID;
    ASN1_BOOLEAN critical;
    ASN1_OCTET_STRING *extnValue;
} SEAL_ExtData;
DEFINE_STACK_OF(SEAL_ExtData)

/*
 * SES_SealInfo ::= SEQUENCE { header SES_Header, esID IA5String,
 *   property SES_ESPropertyInfo, picture SES_ESPictrueInfo,
 *   extDatas ExtensionDatas OPTIONAL }   -- ExtensionDatas ::= SEQUENCE OF ExtData
 */
typedef struct SEAL_SealInfo_st {
    SEAL_Header *header;
    ASN1_IA5STRING *esID;
    SEAL_PropertyInfo *property;
    SEAL_PictureInfo *picture;
    STACK_OF(SEAL_ExtData) * extDatas;
} SEAL_SealInfo;

/*
 * SESeal ::= SEQUENCE { eSealInfo SES_SealInfo, cert OCTET STRING,
 *   signAlgID OBJECT IDENTIFIER, signedValue BIT STRING }
 */
typedef struct SEAL_SESeal_st {
    SEAL_SealInfo *eSealInfo;
    ASN1_OCTET_STRING *cert;
    ASN1_OBJECT *signAlgID;
    ASN1_BIT_STRING *signedValue;
} SEAL_SESeal;

/* ExtensionDatas alone: how extDatas is kept in a seal_t (SEQUENCE OF ExtData, DER). */
typedef STACK_OF(SEAL_ExtData) SEAL_ExtensionDatas;

DECLARE_ASN1_FUNCTIONS(SEAL_Header)
DECLARE_ASN1_FUNCTIONS(SEAL_CertDigestObj)
DECLARE_ASN1_FUNCTIONS(SEAL_PropertyInfo)
DECLARE_ASN1_FUNCTIONS(SEAL_PictureInfo)
DECLARE_ASN1_FUNCTIONS(SEAL_ExtData)
DECLARE_ASN1_FUNCTIONS(SEAL_ExtensionDatas)
DECLARE_ASN1_FUNCTIONS(SEAL_SealInfo)
DECLARE_ASN1_FUNCTIONS(SEAL_SESeal)

/* The digest type written in (and required of) a CertDigestObj. */
#define SEAL_DIGEST_TYPE "SHA-256"

/*
 * Builds the ASN.1 object for s (including its signature, which may be
 * empty). The inverse of seal_decode's reading, so re-encoding a decoded seal
 * gives its bytes back. Returns CK_OK and a new object in *out (free with
 * SEAL_SESeal_free), CK_E_SEAL when a value cannot be encoded (d says which),
 * CK_E_NOMEM.
 */
ck_err seal_asn1_build(const seal_t *s, SEAL_SESeal **out, ck_diag *d);

/*
 * DER of TBS_Seal (eSealInfo, cert, signAlgID of s) in a new buffer *der
 * (free with OPENSSL_free). Returns its length, or -1.
 */
int seal_asn1_tbs(const SEAL_SESeal *s, unsigned char **der);

/* 9999-12-31 23:59:59 UTC: the last second a four-digit GeneralizedTime year holds. */
#define SEAL_TIME_LAST INT64_C(253402300799)

/* GeneralizedTime "YYYYMMDDHHMMSSZ" <-> Unix seconds (1970..9999); false when out of range or malformed. */
bool seal_asn1_time_set(ASN1_GENERALIZEDTIME *t, int64_t unix_s);
bool seal_asn1_time_get(const ASN1_GENERALIZEDTIME *t, int64_t *unix_s);

#endif
