/*
 * seal.h - the electronic seal (电子印章) of GB/T 38540-2020, version 4: made,
 * read and checked at the kiosk.
 *
 * A seal is the SESeal structure, DER encoded: the seal's properties and
 * picture (SES_SealInfo), the seal maker's certificate, and the maker's
 * signature over both. It is bound to one signing certificate of its holder
 * (the certificate on the holder's USB Key) by that certificate's SHA-256.
 * docs/seal.md gives the exact ASN.1, where it follows the standard and where
 * it is narrower.
 *
 * seal_t is the plain decoded form: fixed-size buffers, no heap, so it can be
 * copied, compared and stored like any struct. The library does no file or
 * network I/O and keeps no state between calls; it is safe to call from
 * several threads on different seal_t values.
 *
 * Every function fills d (which may be NULL) with a Chinese and an English
 * reason when it does not return CK_OK.
 */
#ifndef CK_SEAL_H
#define CK_SEAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "error.h"

/* Hard caps, in bytes. A seal bigger than any of them is refused, never truncated. */
#define SEAL_DER_MAX          8192 /* the whole DER SESeal */
#define SEAL_PICTURE_MAX      6144 /* the picture (a PNG) */
#define SEAL_NAME_MAX         255  /* the seal's name, UTF-8, without the NUL */
#define SEAL_ID_MAX           64   /* esID and the vendor ID (Vid), IA5 (ASCII), without the NUL */
#define SEAL_MAKER_CERT_MAX   2048 /* the seal maker's certificate, DER */
#define SEAL_BOUND_CERT_MAX   2048 /* a bound certificate carried whole (the "certs" form), DER */
#define SEAL_PICTURE_TYPE_MAX 8    /* "PNG", "GIF", "OFD"... without the NUL */
#define SEAL_OID_MAX          63   /* the signature algorithm OID as dotted text, without the NUL */
#define SEAL_SIG_MAX          160  /* an ECDSA or SM2 signature (DER SEQUENCE of r and s) */
#define SEAL_EXT_MAX          512  /* extDatas as found (kept whole, not interpreted), DER */
#define SEAL_PICTURE_MM_MAX   1000 /* picture width and height, millimetres */

/* SES_ESPropertyInfo.type. */
typedef enum seal_type {
    SEAL_TYPE_ORG = 1,      /* 单位印章: an organisation's seal */
    SEAL_TYPE_PERSONAL = 2, /* 个人印章: a person's seal */
} seal_type;

/* SES_ESPropertyInfo.certListType: how the bound certificate is carried. */
typedef enum seal_bind_form {
    SEAL_BIND_CERT = 1,   /* the certificate whole (certs) */
    SEAL_BIND_DIGEST = 2, /* its SHA-256 (certDigestList); what seal_make writes unless told */
} seal_bind_form;

/* The maker's signature algorithm (SESeal.signAlgID). */
typedef enum seal_alg {
    SEAL_ALG_UNKNOWN = 0,  /* an OID this kiosk cannot check: the seal never verifies */
    SEAL_ALG_ECDSA_SHA256, /* 1.2.840.10045.4.3.2, maker key on P-256 */
    SEAL_ALG_SM2_SM3,      /* 1.2.156.10197.1.501, maker key on the SM2 curve, ID 1234567812345678 */
} seal_alg;

/* A decoded seal. Strings are NUL-terminated; byte buffers carry their length. */
typedef struct seal_t {
    char es_id[SEAL_ID_MAX + 1];     /* esID: the seal's identifier */
    char vendor_id[SEAL_ID_MAX + 1]; /* header.Vid: the maker's software vendor */
    seal_type type;
    char name[SEAL_NAME_MAX + 1]; /* UTF-8, never empty */
    seal_bind_form bind_form;
    uint8_t cert_sha256[32]; /* SHA-256 of the bound certificate's DER, in both forms */
    uint8_t bound_cert[SEAL_BOUND_CERT_MAX];
    size_t bound_cert_len; /* SEAL_BIND_CERT: the certificate as carried; else 0 */
    int64_t created;       /* Unix seconds, whole (GeneralizedTime YYYYMMDDHHMMSSZ) */
    int64_t valid_start;
    int64_t valid_end;
    char picture_type[SEAL_PICTURE_TYPE_MAX + 1]; /* "PNG" for the seals this kiosk makes */
    uint8_t picture[SEAL_PICTURE_MAX];
    size_t picture_len;       /* never 0 */
    int32_t picture_width_mm; /* 1..SEAL_PICTURE_MM_MAX, the standard's unit */
    int32_t picture_height_mm;
    uint8_t ext_der[SEAL_EXT_MAX]; /* extDatas from another maker, kept so the signature checks; */
    size_t ext_len;                /* 0 when absent (seal_make never writes it) */
    uint8_t maker_cert[SEAL_MAKER_CERT_MAX];
    size_t maker_cert_len;
    char sig_alg_oid[SEAL_OID_MAX + 1]; /* dotted text, as on the wire */
    seal_alg sig_alg;
    uint8_t signature[SEAL_SIG_MAX];
    size_t signature_len;
} seal_t;

/*
 * Reads one DER SESeal into out. Strict: the whole of der must be exactly one
 * SESeal in canonical DER (re-encoding out gives the same bytes back, which is
 * also what lets seal_verify check the signature from out alone), with header
 * ID "ES", version 4, every field within its cap, type 1 or 2, a non-empty
 * valid UTF-8 name, a non-empty picture, times as "YYYYMMDDHHMMSSZ", and one
 * bound certificate (a SHA-256 digest, or the certificate whole, whose SHA-256
 * is computed into cert_sha256). extDatas from another maker are kept whole
 * in ext_der, unread, unless one is marked critical (refused). The signature
 * is not checked here: that is seal_verify. An unknown signature algorithm
 * OID decodes (sig_alg = SEAL_ALG_UNKNOWN) so the caller can show the seal
 * and say it cannot be trusted.
 * Returns CK_OK, CK_E_SEAL with the specific reason in d (out then holds
 * nothing useful), CK_E_ARG for NULL pointers, CK_E_NOMEM.
 */
ck_err seal_decode(const uint8_t *der, size_t len, seal_t *out, ck_diag *d);

/* What seal_make is asked to write. Pointers are borrowed for the call. */
typedef struct seal_fields {
    const char *es_id;     /* 1..SEAL_ID_MAX printable ASCII characters */
    const char *vendor_id; /* 1..SEAL_ID_MAX printable ASCII characters */
    seal_type type;
    const char *name;           /* UTF-8, 1..SEAL_NAME_MAX bytes */
    const uint8_t *holder_cert; /* DER of the holder's signing certificate the seal is bound to */
    size_t holder_cert_len;     /* 1..SEAL_BOUND_CERT_MAX */
    seal_bind_form bind_form;   /* 0 means SEAL_BIND_DIGEST */
    int64_t created;            /* Unix seconds; all three within years 1970..9999 */
    int64_t valid_start;        /* must be <= valid_end */
    int64_t valid_end;
    const char *picture_type; /* NULL means "PNG" */
    const uint8_t *picture;   /* the image's bytes, 1..SEAL_PICTURE_MAX */
    size_t picture_len;
    int32_t picture_width_mm; /* 1..SEAL_PICTURE_MM_MAX */
    int32_t picture_height_mm;
} seal_fields;

/*
 * Makes a seal: SES_SealInfo from in, the maker certificate as given, and
 * signAlgID from maker_key's type (P-256: ECDSA with SHA-256; SM2: SM2 with
 * SM3 and the ID "1234567812345678"). The signature covers exactly the DER of
 *   TBS_Seal ::= SEQUENCE { eSealInfo SES_SealInfo, cert OCTET STRING, signAlgID OBJECT IDENTIFIER }
 * i.e. the first three fields of SESeal wrapped in a SEQUENCE of their own.
 * maker_cert_der must be the certificate of maker_key (checked) but its
 * validity and trust are the caller's business. The result is decoded again
 * before it is returned, so what seal_make writes seal_decode reads.
 * Writes the DER to der (cap bytes) and its length to *len.
 * Returns CK_OK, CK_E_INVALID_INPUT for a field out of its bounds (d names
 * it), CK_E_SEAL when the key or certificate cannot make a seal or the result
 * exceeds cap or SEAL_DER_MAX, CK_E_ARG for NULL pointers, CK_E_NOMEM.
 */
ck_err seal_make(const seal_fields *in, EVP_PKEY *maker_key, const uint8_t *maker_cert_der, size_t maker_cert_len,
                 uint8_t *der, size_t cap, size_t *len, ck_diag *d);

/* What seal_verify found; the first six in the order it checks. */
typedef enum seal_verdict {
    SEAL_VALID = 0,         /* signature, validity and binding all good */
    SEAL_BINDING_UNCHECKED, /* signature and validity good; no holder certificate was given to compare */
    SEAL_BAD_SIGNATURE,     /* maker certificate unreadable, algorithm unknown or signature wrong */
    SEAL_NOT_YET_VALID,     /* now < valid_start */
    SEAL_EXPIRED,           /* now > valid_end, or a validity period that ends before it starts */
    SEAL_OTHER_CERT,        /* bound to a different certificate than the holder's */
    /* Never returned by seal_verify; there so every caller's outcome has one advice text in one table: */
    SEAL_MISSING,         /* no seal found at all */
    SEAL_MALFORMED,       /* seal_decode refused it */
    SEAL_UNTRUSTED_MAKER, /* seal_trust_maker refused its maker */
} seal_verdict;

/*
 * Checks a decoded seal at time now (Unix seconds), in this order, stopping
 * at the first failure: the maker certificate parses and its public key
 * verifies the signature over TBS_Seal with the seal's algorithm; validity
 * (valid_start <= now <= valid_end); binding (the SHA-256 of holder_cert_der
 * equals cert_sha256). holder_cert_der may be NULL (holder_len ignored): the
 * binding is then not checked and a seal that passes the rest gets
 * SEAL_BINDING_UNCHECKED, never SEAL_VALID.
 * Returns CK_OK whenever it could decide, with the verdict in *v and, when
 * the verdict is not SEAL_VALID, the specific reason in d. Returns CK_E_ARG
 * for NULL s or v, CK_E_NOMEM; *v is then SEAL_BAD_SIGNATURE.
 */
ck_err seal_verify(const seal_t *s, const uint8_t *holder_cert_der, size_t holder_len, int64_t now, seal_verdict *v,
                   ck_diag *d);

/*
 * Checks that the seal's maker certificate chains to ca_der (a DER
 * certificate, the CA that issues seal makers) and was valid at time now. It
 * does not look at the seal's signature: call seal_verify too.
 * Returns CK_OK, CK_E_SEAL with the reason in d (untrusted, expired maker
 * certificate, unreadable certificates), CK_E_ARG, CK_E_NOMEM.
 */
ck_err seal_trust_maker(const seal_t *s, const uint8_t *ca_der, size_t ca_len, int64_t now, ck_diag *d);

/* The advice for the person at the screen (from the CA's guide); never NULL. */
const char *seal_verdict_zh(seal_verdict v);
const char *seal_verdict_en(seal_verdict v);
/* Stable lower-case identifier for logs and JSON, e.g. "other_cert"; never NULL. */
const char *seal_verdict_name(seal_verdict v);

#endif
