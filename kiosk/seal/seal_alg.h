/*
 * seal_alg.h - the two signature algorithms a seal may carry: which key makes
 * which, their OIDs, and signing and verifying TBS_Seal with them. Internal
 * to certkiosk_seal.
 */
#ifndef CK_SEAL_ALG_H
#define CK_SEAL_ALG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "seal.h"

#define SEAL_OID_ECDSA_SHA256 "1.2.840.10045.4.3.2"
#define SEAL_OID_SM2_SM3      "1.2.156.10197.1.501"
/* GM/T 0009's default signer ID; both sides of an SM2 signature must use the same one. */
#define SEAL_SM2_ID "1234567812345678"

/* SEAL_ALG_UNKNOWN for any OID but the two above. */
seal_alg seal_alg_from_oid(const char *oid);
/* The dotted OID of a known algorithm; NULL for SEAL_ALG_UNKNOWN. */
const char *seal_alg_oid(seal_alg a);
/* The algorithm key k signs with: P-256 -> ECDSA-SHA256, SM2 -> SM2-SM3, anything else UNKNOWN. */
seal_alg seal_alg_of_key(const EVP_PKEY *k);

/* Signs msg with key (whose algorithm must be a); *sig_len is cap on entry. false on any failure. */
bool seal_alg_sign(EVP_PKEY *key, seal_alg a, const uint8_t *msg, size_t n, uint8_t *sig, size_t *sig_len);
/* true only when sig is a's signature of msg under pub, and pub is a key of algorithm a. */
bool seal_alg_verify(EVP_PKEY *pub, seal_alg a, const uint8_t *msg, size_t n, const uint8_t *sig, size_t sig_len);

#endif
