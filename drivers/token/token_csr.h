/*
 * token_csr.h - a PKCS#10 certificate request whose signature is made on the
 * USB Key: the request is built with OpenSSL, its to-be-signed part hashed
 * here, and the hash signed by the key; the private key never leaves it.
 *
 * Subject profile (docs/token.md): organisations C=CN, O=<name>, CN=<name>,
 * organizationIdentifier (2.5.4.97) = "NTRCN-<credit code>" (the ETSI EN 319
 * 412-1 form for a national trade register number); experts C=CN, CN=<name>
 * (the ID number goes to the CA in the job, never into the certificate).
 */
#ifndef CK_TOKEN_CSR_H
#define CK_TOKEN_CSR_H

#include <openssl/x509.h>

#include "token.h"

typedef struct ck_csr_subject {
    const char *org_name;    /* organisations; NULL for experts */
    const char *uscc;        /* organisations */
    const char *person_name; /* experts */
} ck_csr_subject;

/*
 * Builds and signs the request with the key in `slot` (whose public half is
 * pub), and checks the signature before returning. P-256 and RSA sign a
 * SHA-256 digest (ecdsa-with-SHA256, sha256WithRSAEncryption); SM2 signs
 * SM3(Z || tbs) with the default ID (SM2-with-SM3), for SKF keys. *out is the caller's
 * (X509_REQ_free). The PIN must have been verified for the slot.
 */
ck_err token_csr_make(ck_token *t, ck_token_slot slot, ck_key_alg alg, EVP_PKEY *pub, const ck_csr_subject *subj,
                      X509_REQ **out, ck_diag *d);

#endif
