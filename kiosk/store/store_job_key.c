/*
 * store_job_key.c - what the kiosk made for a customer's USB Key: the key
 * pair's public half, the CSR and the issued certificate and seal. Recording
 * each as soon as it exists is what makes an issuance resumable after the key
 * is pulled, and what stops a second key pair being made for the same job.
 */
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

static void copy_blob(sqlite3_stmt *q, int col, uint8_t *out, size_t cap, size_t *len)
{
    int n = sqlite3_column_bytes(q, col);
    *len = (n > 0 && (size_t)n <= cap) ? (size_t)n : 0;
    if (*len > 0)
        memcpy(out, sqlite3_column_blob(q, col), *len);
}

ck_err store_job_key_get(ck_store *st, const char *uuid, ck_job_key *out, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err = CK_OK;
    int rc = store_prepare(st, "SELECT key_serial, public_key, csr, cert, seal FROM jobs WHERE uuid = ?", &q);
    memset(out, 0, sizeof *out);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, uuid, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
    }
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(q, 0);
        snprintf(out->key_serial, sizeof out->key_serial, "%s", t != NULL ? (const char *)t : "");
        copy_blob(q, 1, out->public_key, sizeof out->public_key, &out->public_key_len);
        t = sqlite3_column_text(q, 2);
        snprintf(out->csr, sizeof out->csr, "%s", t != NULL ? (const char *)t : "");
        copy_blob(q, 3, out->cert, sizeof out->cert, &out->cert_len);
        copy_blob(q, 4, out->seal, sizeof out->seal, &out->seal_len);
    } else if (rc == SQLITE_DONE) {
        err = ck_diag_fail(d, CK_E_NOT_FOUND, "未找到业务 %s", "no job %s", uuid);
    } else {
        err = store_sql_fail(st, rc, "读取业务 / reading the job", d);
    }
    store_release(q);
    return err;
}

/* Runs an UPDATE of one job with the audit row, optionally with a transition, in one transaction. */
static ck_err update_job(ck_store *st, const char *uuid, const char *sql, void (*bind)(sqlite3_stmt *, const void *),
                         const void *arg, ck_job_state to, ck_job_origin origin, const char *action, int64_t now,
                         ck_diag *d)
{
    store_job_head head;
    sqlite3_stmt *q = NULL;
    ck_err rc = store_tx_begin(st, d);
    int src;
    if (rc != CK_OK)
        return rc;
    rc = store_job_head_get(st, uuid, &head, d);
    if (rc == CK_OK && to != JOB__COUNT)
        rc = job_transition_check(head.service, head.state, to, d);
    if (rc == CK_OK) {
        src = store_prepare(st, sql, &q);
        if (src == SQLITE_OK) {
            bind(q, arg);
            sqlite3_bind_text(q, 99, uuid, -1, SQLITE_STATIC);
            src = sqlite3_step(q);
        }
        store_release(q);
        if (src != SQLITE_DONE)
            rc = store_sql_fail(st, src, "保存密钥信息 / saving the key data", d);
    }
    if (rc == CK_OK && to != JOB__COUNT)
        rc = store_job_transition_tx(st, uuid, &head, to, origin, NULL, action, now, d);
    else if (rc == CK_OK)
        rc = store_audit_append_tx(st, now, "kiosk", action, uuid, "", d);
    return store_tx_end(st, rc, d);
}

struct key_arg {
    const char *serial;
    const uint8_t *spki;
    size_t len;
};

static void bind_key(sqlite3_stmt *q, const void *p)
{
    const struct key_arg *a = p;
    sqlite3_bind_text(q, 1, a->serial, -1, SQLITE_STATIC);
    sqlite3_bind_blob(q, 2, a->spki, (int)a->len, SQLITE_STATIC);
}

ck_err store_job_record_key(ck_store *st, const char *uuid, const char *key_serial, const uint8_t *spki, size_t len,
                            int64_t now, ck_diag *d)
{
    struct key_arg a = {key_serial, spki, len};
    return update_job(st, uuid, "UPDATE jobs SET key_serial = ?1, public_key = ?2 WHERE uuid = ?99", bind_key, &a,
                      JOB__COUNT, ORIGIN_KIOSK, "job.key_generated", now, d);
}

static void bind_csr(sqlite3_stmt *q, const void *p) { sqlite3_bind_text(q, 1, p, -1, SQLITE_STATIC); }

ck_err store_job_record_csr(ck_store *st, const char *uuid, const char *csr_pem, int64_t now, ck_diag *d)
{
    return update_job(st, uuid, "UPDATE jobs SET csr = ?1 WHERE uuid = ?99", bind_csr, csr_pem, JOB_KEY_PREPARED,
                      ORIGIN_KIOSK, "csr", now, d);
}

struct cert_arg {
    const uint8_t *cert, *seal;
    size_t cert_len, seal_len;
    const char *serial;
    int64_t not_before, not_after;
};

static void bind_cert(sqlite3_stmt *q, const void *p)
{
    const struct cert_arg *a = p;
    sqlite3_bind_blob(q, 1, a->cert, (int)a->cert_len, SQLITE_STATIC);
    if (a->seal != NULL)
        sqlite3_bind_blob(q, 2, a->seal, (int)a->seal_len, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, a->serial, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, a->not_before);
    sqlite3_bind_int64(q, 5, a->not_after);
}

ck_err store_job_record_cert(ck_store *st, const char *uuid, const uint8_t *cert, size_t cert_len, const uint8_t *seal,
                             size_t seal_len, const char *cert_serial, int64_t not_before, int64_t not_after,
                             int64_t now, ck_diag *d)
{
    struct cert_arg a = {cert, seal, cert_len, seal_len, cert_serial, not_before, not_after};
    return update_job(st, uuid,
                      "UPDATE jobs SET cert = ?1, seal = ?2, cert_serial = ?3, cert_not_before = ?4,"
                      " cert_not_after = ?5 WHERE uuid = ?99",
                      bind_cert, &a, JOB_ISSUED, ORIGIN_UPSTREAM, "issued", now, d);
}

struct blob_arg {
    const uint8_t *der;
    size_t len;
};

static void bind_blob(sqlite3_stmt *q, const void *p)
{
    const struct blob_arg *a = p;
    sqlite3_bind_blob(q, 1, a->der, (int)a->len, SQLITE_STATIC);
}

ck_err store_job_record_bound_cert(ck_store *st, const char *uuid, const uint8_t *cert, size_t cert_len,
                                   const char *cert_serial, int64_t not_before, int64_t not_after, int64_t now,
                                   ck_diag *d)
{
    struct cert_arg a = {cert, NULL, cert_len, 0, cert_serial, not_before, not_after};
    return update_job(st, uuid,
                      "UPDATE jobs SET cert = ?1, cert_serial = ?3, cert_not_before = ?4, cert_not_after = ?5"
                      " WHERE uuid = ?99",
                      bind_cert, &a, JOB__COUNT, ORIGIN_KIOSK, "job.bound_cert", now, d);
}

ck_err store_job_record_seal(ck_store *st, const char *uuid, const uint8_t *seal, size_t seal_len, int64_t now,
                             ck_diag *d)
{
    struct blob_arg a = {seal, seal_len};
    return update_job(st, uuid, "UPDATE jobs SET seal = ?1 WHERE uuid = ?99", bind_blob, &a, JOB_ISSUED,
                      ORIGIN_UPSTREAM, "issued", now, d);
}
