/*
 * test_csr_sm2.c - the CSR path with an SM2 key, as an SKF driver would use
 * it: a software SM2 "key" behind the same ops table signs the digest the
 * CSR path computes (SM3 over Z and the request); OpenSSL must verify the
 * resulting SM2-with-SM3 request.
 */
#include "../core/cmocka_all.h"

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <openssl/x509.h>
#include <string.h>

#include "token_csr.h"

static EVP_PKEY *soft_key;

static ck_err soft_sign(ck_token *t, ck_token_slot slot, ck_key_alg alg, const uint8_t *digest, size_t n, uint8_t *sig,
                        size_t *sig_len, ck_diag *d)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(soft_key, NULL);
    bool ok = ctx != NULL && alg == KEY_ALG_SM2 && n == 32 && EVP_PKEY_sign_init(ctx) == 1 &&
              EVP_PKEY_sign(ctx, sig, sig_len, digest, n) == 1; /* SM2 signs the given digest e */
    (void)t;
    (void)slot;
    EVP_PKEY_CTX_free(ctx);
    return ok ? CK_OK : ck_diag_fail(d, CK_E_TOKEN_COMM, "软件SM2签名失败", "software SM2 signing failed");
}

static void test_sm2_csr_verifies(void **state)
{
    static const ck_token_ops soft_ops = {.model = "soft-sm2", .sign = soft_sign};
    ck_token t = {.ops = &soft_ops};
    ck_csr_subject subj = {.org_name = "四川测试科技有限公司", .uscc = "91510100MA61R7XK3Y"};
    X509_REQ *req = NULL;
    EVP_PKEY_CTX *kctx = EVP_PKEY_CTX_new_from_name(NULL, "SM2", NULL);
    ck_diag d = {"", ""};
    (void)state;
    assert_non_null(kctx);
    assert_int_equal(EVP_PKEY_keygen_init(kctx), 1);
    assert_int_equal(EVP_PKEY_keygen(kctx, &soft_key), 1);
    EVP_PKEY_CTX_free(kctx);
    if (token_csr_make(&t, TOKEN_SLOT_SIGN, KEY_ALG_SM2, soft_key, &subj, &req, &d) != CK_OK)
        fail_msg("%s", d.en);
    assert_int_equal(X509_REQ_get_signature_nid(req), NID_SM2_with_SM3);
    assert_int_equal(X509_REQ_verify(req, soft_key), 1);
    {
        /* And the standard way a CA checks it: openssl req -verify with the GM/T 0009 default ID. */
        FILE *f = fopen("/tmp/ck-sm2-test.csr", "w");
        assert_non_null(f);
        PEM_write_X509_REQ(f, req);
        fclose(f);
        assert_int_equal(system("openssl req -in /tmp/ck-sm2-test.csr -noout -verify -vfyopt "
                                "distid:1234567812345678 >/dev/null 2>&1"),
                         0);
        remove("/tmp/ck-sm2-test.csr");
    }
    X509_REQ_free(req);
    EVP_PKEY_free(soft_key);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_sm2_csr_verifies)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
