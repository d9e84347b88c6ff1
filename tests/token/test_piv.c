/*
 * test_piv.c - the PIV driver against the virtual card in-process: a full
 * issuance (issuer authentication, management-key rotation, key generation,
 * a CSR signed on the key and verified, a certificate written and read back
 * identical), the PIN's life, the seal object, persistence, and the key
 * pulled at every APDU of issuance in turn.
 */
#include "../core/cmocka_all.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_ca.h"
#include "token_admin.h"
#include "token_csr.h"
#include "token_sim.h"

static const uint8_t default_3des[24] = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8};
static const uint8_t new_aes[32] = "certkiosk-test-aes-256-key-0001";

struct fx {
    char dir[64], card[96];
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/ck-piv-XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->card, sizeof f->card, "%s/key.vk", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    free(f);
    return system(cmd) == 0 ? 0 : -1;
}

static ck_token *open_card(const char *path, unsigned remove_after)
{
    ck_token_transport tr;
    ck_token *t = NULL;
    assert_int_equal(token_sim_open(path, remove_after, &tr, NULL), CK_OK);
    assert_int_equal(token_open(tr, &t, NULL), CK_OK);
    return t;
}

/* A certificate for pub from a throwaway software CA. */
static X509 *issue_cert(EVP_PKEY *pub, X509_REQ *req)
{
    EVP_PKEY *ca = EVP_EC_gen("P-256");
    X509 *cert;
    assert_non_null(ca);
    cert = test_ca_issue(ca, NULL, X509_REQ_get_subject_name(req), pub, 4242, 365);
    assert_non_null(cert);
    EVP_PKEY_free(ca);
    return cert;
}

/* The issuance steps, in order; stops at the first error and returns it. */
static ck_err issue(ck_token *t, ck_key_alg alg, X509_REQ **req_out, EVP_PKEY **pub_out)
{
    static const ck_csr_subject subj = {.org_name = "四川测试科技有限公司（集团）", .uscc = "91510100MA61R7XK3Y"};
    ck_token_info info;
    ck_err rc;
    if ((rc = t->ops->identify(t, &info, NULL)) != CK_OK)
        return rc;
    if ((rc = t->ops->admin_auth(t, ADMIN_3DES, default_3des, sizeof default_3des, NULL)) != CK_OK)
        return rc;
    if ((rc = t->ops->generate(t, TOKEN_SLOT_SIGN, alg, pub_out, NULL)) != CK_OK)
        return rc;
    if ((rc = t->ops->verify_pin(t, "12345678", NULL)) != CK_OK)
        return rc;
    return token_csr_make(t, TOKEN_SLOT_SIGN, alg, *pub_out, &subj, req_out, NULL);
}

static void test_full_issuance(void **state)
{
    struct fx *f = *state;
    ck_token *t = open_card(f->card, 0);
    ck_token_info info;
    X509_REQ *req = NULL;
    EVP_PKEY *pub = NULL;
    X509 *cert;
    uint8_t *der = NULL, back[4096];
    size_t back_len = 0;
    int der_len;
    char subject[256];
    ck_diag d = {"", ""};
    assert_int_equal(t->ops->identify(t, &info, NULL), CK_OK);
    assert_string_equal(info.version, "5.4.3");
    assert_true(info.serial > 0 && info.serial < 100000000u);
    assert_int_equal(issue(t, KEY_ALG_P256, &req, &pub), CK_OK);
    /* The request says who, and its signature (made on the key) verifies with the key's public half. */
    assert_true(X509_NAME_get_text_by_NID(X509_REQ_get_subject_name(req), NID_organizationIdentifier, subject,
                                          sizeof subject) > 0);
    assert_string_equal(subject, "NTRCN-91510100MA61R7XK3Y");
    assert_true(
        X509_NAME_get_text_by_NID(X509_REQ_get_subject_name(req), NID_organizationName, subject, sizeof subject) > 0);
    assert_string_equal(subject, "四川测试科技有限公司（集团）");
    assert_int_equal(X509_REQ_verify(req, pub), 1);
    cert = issue_cert(pub, req);
    der_len = i2d_X509(cert, &der);
    assert_int_equal(t->ops->write_cert(t, TOKEN_SLOT_SIGN, der, (size_t)der_len, &d), CK_OK);
    assert_int_equal(t->ops->read_cert(t, TOKEN_SLOT_SIGN, back, sizeof back, &back_len, &d), CK_OK);
    assert_int_equal(back_len, (size_t)der_len);
    assert_memory_equal(back, der, back_len);
    assert_int_equal(t->ops->read_cert(t, TOKEN_SLOT_AUTH, back, sizeof back, &back_len, &d), CK_E_NOT_FOUND);
    /* Seal object round trip. */
    assert_int_equal(t->ops->write_seal(t, (const uint8_t *)"\x30\x03\x02\x01\x05", 5, &d), CK_OK);
    assert_int_equal(t->ops->read_seal(t, back, sizeof back, &back_len, &d), CK_OK);
    assert_int_equal(back_len, 5);
    token_close(t);
    /* Persistence: another session sees the same certificate. */
    t = open_card(f->card, 0);
    assert_int_equal(t->ops->read_cert(t, TOKEN_SLOT_SIGN, back, sizeof back, &back_len, &d), CK_OK);
    assert_memory_equal(back, der, back_len);
    token_close(t);
    OPENSSL_free(der);
    X509_free(cert);
    X509_REQ_free(req);
    EVP_PKEY_free(pub);
}

static void test_rsa_and_key_rotation(void **state)
{
    struct fx *f = *state;
    ck_token *t = open_card(f->card, 0);
    X509_REQ *req = NULL;
    EVP_PKEY *pub = NULL;
    ck_diag d = {"", ""};
    assert_int_equal(issue(t, KEY_ALG_RSA2048, &req, &pub), CK_OK);
    assert_int_equal(EVP_PKEY_get_bits(pub), 2048);
    assert_int_equal(X509_REQ_verify(req, pub), 1);
    /* Rotate the issuer key away from the shared default: the default stops working. */
    assert_int_equal(t->ops->set_admin_key(t, ADMIN_AES256, new_aes, sizeof new_aes, &d), CK_OK);
    assert_int_equal(t->ops->admin_auth(t, ADMIN_3DES, default_3des, sizeof default_3des, &d), CK_E_TOKEN_AUTH);
    assert_false(t->admin_authed);
    assert_int_equal(t->ops->admin_auth(t, ADMIN_AES256, new_aes, sizeof new_aes, &d), CK_OK);
    assert_true(t->admin_authed);
    token_close(t);
    X509_REQ_free(req);
    EVP_PKEY_free(pub);
}

static void test_pin_life(void **state)
{
    struct fx *f = *state;
    ck_token *t = open_card(f->card, 0);
    ck_pin_status st;
    ck_diag d = {"", ""};
    assert_int_equal(t->ops->pin_status(t, &st, &d), CK_OK);
    assert_int_equal(st.tries_left, 3);
    assert_true(st.default_pin);
    assert_int_equal(t->ops->verify_pin(t, "00000000", &d), CK_E_TOKEN_PIN_WRONG);
    assert_non_null(strstr(d.en, "2 tries left"));
    assert_non_null(strstr(d.zh, "还可以再试2次"));
    assert_int_equal(t->ops->verify_pin(t, "00000000", &d), CK_E_TOKEN_PIN_WRONG);
    assert_int_equal(t->ops->pin_status(t, &st, &d), CK_OK);
    assert_int_equal(st.tries_left, 1);
    assert_int_equal(t->ops->verify_pin(t, "00000000", &d), CK_E_TOKEN_PIN_BLOCKED);
    assert_int_equal(t->ops->verify_pin(t, "12345678", &d), CK_E_TOKEN_PIN_BLOCKED);
    assert_int_equal(t->ops->pin_status(t, &st, &d), CK_OK);
    assert_true(st.blocked);
    assert_int_equal(t->ops->verify_pin(t, "12345", &d), CK_E_INVALID_INPUT); /* too short, costs no try */
    assert_int_equal(t->ops->unblock_pin(t, "12345678", "24681357", &d), CK_OK);
    assert_int_equal(t->ops->verify_pin(t, "24681357", &d), CK_OK);
    /* A change made with the issuer key recorded clears the default-PIN warning. */
    assert_int_equal(t->ops->admin_auth(t, ADMIN_3DES, default_3des, sizeof default_3des, &d), CK_OK);
    assert_int_equal(t->ops->change_pin(t, "24681357", "11223344", &d), CK_OK);
    assert_int_equal(t->ops->pin_status(t, &st, &d), CK_OK);
    assert_false(st.default_pin);
    assert_int_equal(st.tries_left, -1); /* verified: the key reports no counter then */
    assert_true(st.verified);
    token_close(t);
}

static void test_pulled_at_every_apdu(void **state)
{
    struct fx *f = *state;
    unsigned total;
    X509_REQ *req = NULL;
    EVP_PKEY *pub = NULL;
    ck_token *t = open_card(f->card, 0);
    /* How many APDUs a whole issuance takes (after the probe in token_open). */
    unsigned before = t->apdus;
    assert_int_equal(issue(t, KEY_ALG_P256, &req, &pub), CK_OK);
    total = t->apdus - before;
    X509_REQ_free(req);
    EVP_PKEY_free(pub);
    token_close(t);
    assert_true(total >= 6);
    for (unsigned n = 1; n <= total; n++) {
        ck_token_transport tr;
        ck_err rc;
        req = NULL;
        pub = NULL;
        assert_int_equal(token_sim_open(f->card, before + n, &tr, NULL), CK_OK);
        assert_int_equal(token_open(tr, &t, NULL), CK_OK);
        rc = issue(t, KEY_ALG_P256, &req, &pub);
        if (rc != CK_E_TOKEN_REMOVED)
            fail_msg("pulled at APDU %u of %u: got %s", n, total, ck_err_name(rc));
        assert_null(req);
        X509_REQ_free(req);
        EVP_PKEY_free(pub);
        token_close(t);
    }
    /* Reinserted, the key works and the PIN counter was not spent by the pulls. */
    t = open_card(f->card, 0);
    {
        ck_pin_status st;
        assert_int_equal(t->ops->pin_status(t, &st, NULL), CK_OK);
        assert_int_equal(st.tries_left, 3);
    }
    token_close(t);
}

static void test_issuer_login_rotates_and_unblocks(void **state)
{
    struct fx *f = *state;
    static const uint8_t master[32] = "0123456789abcdef0123456789abcdef";
    static const uint8_t other[32] = "another kiosk's master secret!!";
    ck_token *t = open_card(f->card, 0);
    ck_diag d = {"", ""};
    bool rotated = false;
    char puk[9];
    ck_token_info info;
    /* First contact: the factory key is replaced by this key's own. */
    assert_int_equal(token_admin_login(t, master, &rotated, &d), CK_OK);
    assert_true(rotated);
    assert_int_equal(t->ops->admin_auth(t, ADMIN_3DES, default_3des, sizeof default_3des, &d), CK_E_TOKEN_AUTH);
    assert_int_equal(token_admin_login(t, master, &rotated, &d), CK_OK);
    assert_false(rotated);
    /* Another kiosk's master secret (or someone else's key) is refused. */
    assert_int_equal(token_admin_login(t, other, &rotated, &d), CK_E_TOKEN_AUTH);
    assert_non_null(strstr(d.en, "not issued by this CA"));
    /* The PUK moved too: the factory PUK no longer unblocks; the derived one does. */
    for (int i = 0; i < 3; i++)
        t->ops->verify_pin(t, "00000000", NULL);
    assert_int_equal(t->ops->unblock_pin(t, "12345678", "24681357", &d), CK_E_TOKEN_PIN_WRONG);
    assert_int_equal(token_admin_unblock(t, master, "24681357", &d), CK_OK);
    assert_int_equal(t->ops->verify_pin(t, "24681357", &d), CK_OK);
    /* Derivations differ per key and are stable. */
    assert_int_equal(t->ops->identify(t, &info, &d), CK_OK);
    assert_int_equal(token_admin_derive_puk(master, info.serial, puk, &d), CK_OK);
    assert_int_equal(strlen(puk), 8);
    {
        uint8_t k1[32], k2[32];
        assert_int_equal(token_admin_derive_key(master, 1, k1, &d), CK_OK);
        assert_int_equal(token_admin_derive_key(master, 2, k2, &d), CK_OK);
        assert_memory_not_equal(k1, k2, 32);
        assert_int_equal(token_admin_derive_key(master, 1, k2, &d), CK_OK);
        assert_memory_equal(k1, k2, 32);
    }
    token_close(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_full_issuance, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rsa_and_key_rotation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pin_life, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pulled_at_every_apdu, setup, teardown),
        cmocka_unit_test_setup_teardown(test_issuer_login_rotates_and_unblocks, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
