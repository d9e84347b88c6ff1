/* issue_key.c - resumable work on the USB Key; see issue_key.h. */
#include "issue_key.h"

#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seal_check.h"

/* The key in the reader must be the one the job started on; the first one it meets becomes it. */
static ck_err check_key(ck_token *t, const ck_job_key *k, char serial[16], ck_diag *d)
{
    ck_token_info info;
    ck_err rc = t->ops->identify(t, &info, d);
    if (rc != CK_OK)
        return rc;
    snprintf(serial, 16, "%08u", info.serial);
    if (k->key_serial[0] != '\0' && strcmp(k->key_serial, serial) != 0)
        return ck_diag_fail(d, CK_E_TOKEN_OTHER_KEY, "这不是开始办理时插入的USB Key（尾号%s），请插入原来的USB Key",
                            "This is not the USB Key this job started with (ending %s); please insert that one",
                            k->key_serial + 4);
    return CK_OK;
}

static ck_err csr_pem(X509_REQ *req, char **out)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *data;
    long n;
    if (bio == NULL || PEM_write_bio_X509_REQ(bio, req) != 1 || (n = BIO_get_mem_data(bio, &data)) <= 0 ||
        (*out = malloc((size_t)n + 1)) == NULL) {
        BIO_free(bio);
        return CK_E_NOMEM;
    }
    memcpy(*out, data, (size_t)n);
    (*out)[n] = '\0';
    BIO_free(bio);
    return CK_OK;
}

ck_err issue_prepare_key(ck_store *st, ck_token *t, const uint8_t master[TOKEN_MASTER_LEN], const char *uuid,
                         const char *pin, const ck_csr_subject *subj, int64_t now, ck_issue_result *res, ck_diag *d)
{
    ck_job job;
    ck_job_key *k = calloc(1, sizeof *k);
    EVP_PKEY *pub = NULL;
    X509_REQ *req = NULL;
    char serial[16], *pem = NULL;
    unsigned char *spki = NULL;
    bool rotated;
    int spki_len;
    ck_err rc = k != NULL ? store_job_get(st, uuid, &job, d) : CK_E_NOMEM;
    memset(res, 0, sizeof *res);
    if (rc == CK_OK && job_next(job.service, job.state) != JOB_KEY_PREPARED) {
        /* Past this step (or a service without it): nothing to do, or not yet allowed. */
        ck_job_state path[JOB_MAX_PATH];
        int n = job_path(job.service, path), here = -1, prep = -1;
        for (int i = 0; i < n; i++) {
            here = path[i] == job.state ? i : here;
            prep = path[i] == JOB_KEY_PREPARED ? i : prep;
        }
        res->already_done = prep >= 0 && here >= prep;
        rc = res->already_done ? CK_OK : job_transition_check(job.service, job.state, JOB_KEY_PREPARED, d);
        goto cleanup;
    }
    if (rc == CK_OK)
        rc = store_job_key_get(st, uuid, k, d);
    if (rc == CK_OK)
        rc = check_key(t, k, serial, d);
    if (rc == CK_OK)
        rc = token_admin_login(t, master, &rotated, d);
    if (rc == CK_OK && k->public_key_len > 0) {
        const unsigned char *p = k->public_key;
        res->resumed = true;
        if ((pub = d2i_PUBKEY(NULL, &p, (long)k->public_key_len)) == NULL)
            rc =
                ck_diag_fail(d, CK_E_STORE_CORRUPT, "业务记录中的公钥无效", "the job's recorded public key is invalid");
    } else if (rc == CK_OK) {
        rc = t->ops->generate(t, TOKEN_SLOT_SIGN, KEY_ALG_P256, &pub, d);
        if (rc == CK_OK && (spki_len = i2d_PUBKEY(pub, &spki)) <= 0)
            rc = CK_E_NOMEM;
        /* Recorded before anything else: after this, a pull never leads to a second key pair. */
        if (rc == CK_OK)
            rc = store_job_record_key(st, uuid, serial, spki, (size_t)spki_len, now, d);
    }
    if (rc == CK_OK)
        rc = t->ops->verify_pin(t, pin, d);
    if (rc == CK_OK)
        rc = token_csr_make(t, TOKEN_SLOT_SIGN, KEY_ALG_P256, pub, subj, &req, d);
    if (rc == CK_OK)
        rc = csr_pem(req, &pem);
    if (rc == CK_OK)
        rc = store_job_record_csr(st, uuid, pem, now, d);
cleanup:
    if (k != NULL)
        OPENSSL_cleanse(k, sizeof *k);
    free(k);
    free(pem);
    OPENSSL_free(spki);
    X509_REQ_free(req);
    EVP_PKEY_free(pub);
    return rc;
}

/* Writes `want` unless the key already holds exactly it; reads back to be sure. */
static ck_err put_verified(ck_token *t, bool seal, const uint8_t *want, size_t len, bool *rewrote, ck_diag *d)
{
    uint8_t *back = malloc(TOKEN_MAX_OBJECT);
    size_t back_len = 0;
    ck_err rc = back != NULL ? CK_OK : CK_E_NOMEM;
    for (int attempt = 0; rc == CK_OK && attempt < 3; attempt++) {
        ck_err r = seal ? t->ops->read_seal(t, back, TOKEN_MAX_OBJECT, &back_len, d)
                        : t->ops->read_cert(t, TOKEN_SLOT_SIGN, back, TOKEN_MAX_OBJECT, &back_len, d);
        if (r != CK_OK && r != CK_E_NOT_FOUND && r != CK_E_TOKEN_COMM) {
            rc = r;
            break;
        }
        if (r == CK_OK && back_len == len && memcmp(back, want, len) == 0)
            break; /* on the key, whole */
        if (r == CK_OK)
            *rewrote = true; /* something else, or half of it: replace it */
        if (attempt == 2) {
            rc = ck_diag_fail(
                d, CK_E_TOKEN_COMM, "写入USB Key后读回不一致，请更换USB Key或到窗口处理",
                "what was written to the USB Key does not read back; try another key or ask at the window");
            break;
        }
        rc = seal ? t->ops->write_seal(t, want, len, d) : t->ops->write_cert(t, TOKEN_SLOT_SIGN, want, len, d);
    }
    free(back);
    return rc;
}

/* A seal-only job writes to the key that holds the certificate its seal is bound to, and to no other. */
static ck_err check_holder_cert(ck_token *t, const ck_job_key *k, ck_diag *d)
{
    uint8_t *on_key = malloc(TOKEN_MAX_OBJECT);
    size_t len = 0;
    ck_err rc = on_key != NULL ? t->ops->read_cert(t, TOKEN_SLOT_SIGN, on_key, TOKEN_MAX_OBJECT, &len, d) : CK_E_NOMEM;
    if ((rc == CK_OK && (len != k->cert_len || memcmp(on_key, k->cert, len) != 0)) || rc == CK_E_NOT_FOUND)
        rc = ck_diag_fail(d, CK_E_TOKEN_OTHER_KEY, "这个USB Key上的证书不是本业务的证书，请插入办理时的USB Key",
                          "The certificate on this USB Key is not this job's; please insert the key you applied with");
    free(on_key);
    return rc;
}

/*
 * The seal as it is about to be written, or as it was read back: signed,
 * valid now and bound to the job's certificate. (Its maker was checked
 * against the seal maker CA when sync accepted it.)
 */
static ck_err check_seal(const uint8_t *der, size_t len, const ck_job_key *k, int64_t now, ck_diag *d)
{
    seal_verdict v;
    return seal_check(der, len, k->cert, k->cert_len, NULL, 0, now, NULL, &v, d);
}

/* Reads the seal back from the key and checks it once more, as the customer's software will. */
static ck_err check_seal_on_key(ck_token *t, const ck_job_key *k, int64_t now, ck_diag *d)
{
    uint8_t *back = malloc(TOKEN_MAX_OBJECT);
    size_t len = 0;
    ck_err rc = back != NULL ? t->ops->read_seal(t, back, TOKEN_MAX_OBJECT, &len, d) : CK_E_NOMEM;
    if (rc == CK_OK)
        rc = check_seal(back, len, k, now, d);
    free(back);
    return rc;
}

ck_err issue_write_key(ck_store *st, ck_token *t, const uint8_t master[TOKEN_MASTER_LEN], const char *uuid, int64_t now,
                       ck_issue_result *res, ck_diag *d)
{
    ck_job job;
    ck_job_key *k = calloc(1, sizeof *k);
    char serial[16];
    bool rotated, seal_only;
    ck_err rc = k != NULL ? store_job_get(st, uuid, &job, d) : CK_E_NOMEM;
    memset(res, 0, sizeof *res);
    if (rc == CK_OK && (job.state == JOB_WRITTEN || job.state == JOB_DONE)) {
        res->already_done = true;
        goto cleanup;
    }
    if (rc == CK_OK && job.state != JOB_ISSUED)
        rc = job_transition_check(job.service, job.state, JOB_WRITTEN, d);
    if (rc == CK_OK)
        rc = store_job_key_get(st, uuid, k, d);
    if (rc == CK_OK && k->cert_len == 0 && k->seal_len == 0)
        rc = ck_diag_fail(d, CK_E_STORE_CORRUPT, "业务已签发但没有证书记录",
                          "the job is issued but holds no certificate");
    seal_only = rc == CK_OK && !services_has(job.service, SVC_F_ISSUES_CERT);
    if (rc == CK_OK && k->seal_len > 0)
        rc = check_seal(k->seal, k->seal_len, k, now, d);
    if (rc == CK_OK)
        rc = check_key(t, k, serial, d);
    if (rc == CK_OK && seal_only)
        rc = check_holder_cert(t, k, d);
    if (rc == CK_OK)
        rc = token_admin_login(t, master, &rotated, d);
    if (rc == CK_OK && k->cert_len > 0 && !seal_only)
        rc = put_verified(t, false, k->cert, k->cert_len, &res->rewrote, d);
    if (rc == CK_OK && k->seal_len > 0)
        rc = put_verified(t, true, k->seal, k->seal_len, &res->rewrote, d);
    if (rc == CK_OK && k->seal_len > 0)
        rc = check_seal_on_key(t, k, now, d);
    if (rc == CK_OK)
        rc = store_job_transition(st, uuid, JOB_WRITTEN, ORIGIN_KIOSK, NULL, res->rewrote ? "rewritten" : NULL, now, d);
cleanup:
    free(k);
    return rc;
}
