/*
 * seal_fixture.h - keys and certificates made at run time for the seal
 * tests: a seal maker (P-256 or SM2) under its own CA, and holders.
 */
#ifndef CK_TESTS_SEAL_FIXTURE_H
#define CK_TESTS_SEAL_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* A key and its certificate, with the certificate's DER. */
typedef struct fixture_party {
    EVP_PKEY *key;
    X509 *cert;
    uint8_t der[2048];
    size_t der_len;
} fixture_party;

/* A new P-256 ("EC") or SM2 ("SM2") key; NULL on failure. */
EVP_PKEY *fixture_key(const char *type);
/*
 * Certifies p->key as cn, valid not_before..not_after, signed by issuer (NULL:
 * self-signed), as a CA when ca. SM2 signers sign with SM3 and the default ID.
 * Fills p->cert and p->der. false on failure.
 */
bool fixture_certify(fixture_party *p, const char *cn, const fixture_party *issuer, int64_t not_before,
                     int64_t not_after, bool ca);
/* A key of type and its certificate in one call (see fixture_certify). */
bool fixture_party_new(fixture_party *p, const char *type, const char *cn, const fixture_party *issuer,
                       int64_t not_before, int64_t not_after, bool ca);
void fixture_party_free(fixture_party *p);

#endif
