/*
 * token_issue.c - a whole issuance through the kiosk's own driver over PC/SC:
 * issuer login (rotating factory defaults), key generation, PIN, a CSR signed
 * on the key, a certificate from a test CA, written and read back, a seal
 * object. The interop test then reads the key with yubico-piv-tool and OpenSC.
 *   usage: token_issue MASTER_KEY_FILE CA_CERT CA_KEY OUT_CERT
 * Exit 0 on success; otherwise the error's name and message on stderr and
 * exit 1 (exit 3 for a pulled key, so tests can tell).
 */
#include <openssl/pem.h>
#include <stdio.h>
#include <string.h>

#include "keyfile.h"
#include "test_ca.h"
#include "token_admin.h"
#include "token_csr.h"
#include "token_pcsc.h"

static int fail(ck_err rc, const ck_diag *d)
{
    fprintf(stderr, "%s: %s / %s\n", ck_err_name(rc), d->zh, d->en);
    return rc == CK_E_TOKEN_REMOVED ? 3 : 1;
}

int main(int argc, char **argv)
{
    static const ck_csr_subject subj = {.org_name = "四川测试科技有限公司", .uscc = "91510100MA61R7XK3Y"};
    uint8_t master[TOKEN_MASTER_LEN], *der = NULL, back[TOKEN_MAX_OBJECT];
    ck_token_transport tr;
    ck_token *t = NULL;
    ck_diag d = {"", ""};
    EVP_PKEY *pub = NULL, *ca_key = NULL;
    X509_REQ *req = NULL;
    X509 *ca = NULL, *cert = NULL;
    FILE *f;
    bool rotated = false;
    size_t back_len = 0;
    int der_len = 0, code = 1;
    ck_err rc;
    if (argc != 5) {
        fprintf(stderr, "usage: token_issue MASTER_KEY_FILE CA_CERT CA_KEY OUT_CERT\n");
        return 2;
    }
    if ((f = fopen(argv[2], "r")) != NULL)
        ca = PEM_read_X509(f, NULL, NULL, NULL), fclose(f);
    if ((f = fopen(argv[3], "r")) != NULL)
        ca_key = PEM_read_PrivateKey(f, NULL, NULL, NULL), fclose(f);
    if (ca == NULL || ca_key == NULL) {
        fprintf(stderr, "token_issue: cannot read the test CA\n");
        return 2;
    }
    rc = keyfile_read_bytes(argv[1], master, &d);
    if (rc == CK_OK)
        rc = token_pcsc_connect(NULL, &tr, &d);
    if (rc == CK_OK)
        rc = token_open(tr, &t, &d);
    if (rc == CK_OK)
        rc = token_admin_login(t, master, &rotated, &d);
    if (rc == CK_OK)
        rc = t->ops->generate(t, TOKEN_SLOT_SIGN, KEY_ALG_P256, &pub, &d);
    if (rc == CK_OK)
        rc = t->ops->verify_pin(t, "12345678", &d);
    if (rc == CK_OK)
        rc = token_csr_make(t, TOKEN_SLOT_SIGN, KEY_ALG_P256, pub, &subj, &req, &d);
    if (rc == CK_OK) {
        cert = test_ca_issue(ca_key, X509_get_subject_name(ca), X509_REQ_get_subject_name(req), pub, 20261125, 40);
        if (cert == NULL)
            rc = ck_diag_fail(&d, CK_E_NOMEM, "测试CA签发失败", "the test CA could not sign");
    }
    if (rc == CK_OK) {
        der_len = i2d_X509(cert, &der);
        rc = t->ops->write_cert(t, TOKEN_SLOT_SIGN, der, (size_t)der_len, &d);
    }
    if (rc == CK_OK)
        rc = t->ops->read_cert(t, TOKEN_SLOT_SIGN, back, sizeof back, &back_len, &d);
    if (rc == CK_OK && (back_len != (size_t)der_len || memcmp(back, der, back_len) != 0))
        rc = ck_diag_fail(&d, CK_E_TOKEN_COMM, "证书读回不一致", "the certificate read back differs");
    if (rc == CK_OK)
        rc = t->ops->write_seal(t, (const uint8_t *)"\x30\x03\x02\x01\x04", 5, &d);
    if (rc == CK_OK && (f = fopen(argv[4], "w")) != NULL) {
        PEM_write_X509(f, cert);
        fclose(f);
        printf("issued on key via %s (%u APDUs, factory defaults rotated: %s)\n", t->tr.reader, t->apdus,
               rotated ? "yes" : "no");
        code = 0;
    } else if (rc != CK_OK) {
        code = fail(rc, &d);
    }
    OPENSSL_free(der);
    X509_free(cert);
    X509_free(ca);
    X509_REQ_free(req);
    EVP_PKEY_free(pub);
    EVP_PKEY_free(ca_key);
    token_close(t);
    return code;
}
