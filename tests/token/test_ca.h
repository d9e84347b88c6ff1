/* test_ca.h - a certificate from a throwaway test CA, for the token and issuance tests. */
#ifndef CK_TESTS_TEST_CA_H
#define CK_TESTS_TEST_CA_H

#include <openssl/evp.h>
#include <openssl/x509.h>

/*
 * A v3 certificate for pub with the given subject, signed by ca_key as
 * `issuer` (NULL: self-named, issuer = subject), valid from now for `days`.
 * The caller frees it; NULL on failure.
 */
static inline X509 *test_ca_issue(EVP_PKEY *ca_key, const X509_NAME *issuer, const X509_NAME *subject, EVP_PKEY *pub,
                                  long serial, long days)
{
    X509 *cert = X509_new();
    if (cert == NULL || X509_set_version(cert, 2) != 1 || ASN1_INTEGER_set(X509_get_serialNumber(cert), serial) != 1 ||
        X509_set_subject_name(cert, subject) != 1 ||
        X509_set_issuer_name(cert, issuer != NULL ? issuer : subject) != 1 ||
        X509_gmtime_adj(X509_getm_notBefore(cert), 0) == NULL ||
        X509_gmtime_adj(X509_getm_notAfter(cert), 86400L * days) == NULL || X509_set_pubkey(cert, pub) != 1 ||
        X509_sign(cert, ca_key, EVP_sha256()) <= 0) {
        X509_free(cert);
        return NULL;
    }
    return cert;
}

#endif
