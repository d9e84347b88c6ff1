/*
 * ref_certs.c - certificates for jobs: what the reference upstream signs for
 * an approved job (POST /v1/jobs/{uuid}/csr, or the test reviewer's
 * "issued"), its revocation (POST /v1/jobs/{uuid}/revoke, or an approved
 * revoke job), and the CRL (GET /v1/crl). Signing itself is ref_ca.c; this
 * file applies the rules and keeps the `issued` table and the changes feed.
 *
 * The holder of a certificate is its credit code (uscc) when the job has one,
 * else the applicant's id number; "the holder's current certificate" is the
 * latest one issued to that holder and not revoked. Keys are stored as
 * "uscc:..." or "id:..." so the two kinds of number can never collide.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ref.h"
#include "services.h"
#include "validity.h"

/* What signing needs from a stored job.submit item; pointers into the item. */
struct job_view {
    ck_service service;
    int years;
    const char *cn, *org, *uscc, *csr;
    char holder[96]; /* "" when the job names neither a uscc nor an id number */
};

static const char *string_of(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(v) && v->valuestring[0] != '\0' ? v->valuestring : NULL;
}

/* false when the job has no known service. */
static bool job_view_read(const cJSON *job, struct job_view *v)
{
    const cJSON *applicant = cJSON_GetObjectItemCaseSensitive(job, "applicant");
    const cJSON *years = cJSON_GetObjectItemCaseSensitive(job, "years");
    const char *service = string_of(job, "service"), *id = string_of(applicant, "id_number");
    *v = (struct job_view){.years = cJSON_IsNumber(years) ? years->valueint : 0};
    v->org = string_of(job, "org_name");
    v->cn = v->org != NULL ? v->org : string_of(applicant, "name");
    v->uscc = string_of(job, "uscc");
    v->csr = string_of(job, "csr");
    if (v->uscc != NULL)
        snprintf(v->holder, sizeof v->holder, "uscc:%s", v->uscc);
    else if (id != NULL)
        snprintf(v->holder, sizeof v->holder, "id:%s", id);
    return service != NULL && services_parse(service, &v->service) == CK_OK;
}

/* The holder's latest certificate not revoked: its serial and notAfter. */
static ref_found current_cert(sqlite3 *db, const char *holder, char serial[48], int64_t *not_after)
{
    sqlite3_stmt *q;
    ref_found found = REF_FAILED;
    int rc;
    if (holder[0] == '\0')
        return REF_ABSENT;
    q = ref_db_query(db,
                     "SELECT serial, not_after FROM issued WHERE holder_key = ? AND revoked_at IS NULL"
                     " ORDER BY issued_at DESC, rowid DESC LIMIT 1",
                     "t", holder);
    if (q == NULL)
        return REF_FAILED;
    if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        snprintf(serial, 48, "%s", ref_db_text(q, 0));
        *not_after = sqlite3_column_int64(q, 1);
        found = REF_FOUND;
    } else if (rc == SQLITE_DONE) {
        found = REF_ABSENT;
    } else {
        ref_db_log(db, "current certificate");
    }
    sqlite3_finalize(q);
    return found;
}

/* The issued data, as answered by the csr endpoint and carried by the "issued" change. */
static cJSON *issued_json(const struct ref_server *sv, const unsigned char *der, size_t len, const char *serial,
                          int64_t not_before, int64_t not_after, const unsigned char *seal, size_t seal_len)
{
    char *b64 = der != NULL ? ref_base64(der, len) : NULL; /* a NULL blob: out of memory reading it */
    char *seal64 = seal != NULL && seal_len > 0 ? ref_base64(seal, seal_len) : NULL;
    cJSON *o = b64 != NULL ? cJSON_CreateObject() : NULL, *chain;
    if (o != NULL) {
        cJSON_AddStringToObject(o, "certificate", b64);
        if (seal64 != NULL)
            cJSON_AddStringToObject(o, "seal", seal64);
        chain = cJSON_AddArrayToObject(o, "chain");
        cJSON_AddItemToArray(chain, cJSON_CreateString(sv->ca.chain_b64));
        cJSON_AddStringToObject(o, "serial", serial);
        cJSON_AddNumberToObject(o, "not_before", (double)not_before);
        cJSON_AddNumberToObject(o, "not_after", (double)not_after);
    }
    free(seal64);
    free(b64);
    return o;
}

static cJSON *revoked_json(const struct ref_server *sv, const char *serial, int64_t at, const char *reason)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "serial", serial);
    cJSON_AddNumberToObject(o, "revoked_at", (double)at);
    if (reason != NULL)
        cJSON_AddStringToObject(o, "reason", reason);
    cJSON_AddStringToObject(o, "crl_url", sv->crl_url);
    return o;
}

static bool not_configured(const struct ref_server *sv, ref_answer *a)
{
    if (sv->ca.cert != NULL)
        return false;
    ref_answer_error(a, 501, "not_configured", "上游未配置签发CA", "no issuing CA configured (--ca-cert, --ca-key)",
                     false);
    return true;
}

/*
 * The certificate already issued for this job: answered again for the same
 * CSR, a conflict for another. REF_ABSENT when none was issued (*a untouched).
 */
static ref_found issued_before(struct ref_server *sv, const char *uuid, const char *sha, ref_answer *a)
{
    sqlite3_stmt *q = ref_db_query(
        sv->db, "SELECT csr_sha, serial, not_before, not_after, cert, seal FROM issued WHERE job = ?", "t", uuid);
    int rc;
    if (q == NULL)
        return REF_FAILED;
    if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (strcmp(ref_db_text(q, 0), sha) != 0)
            ref_answer_error(a, 409, "job_conflict", "该业务已用另一个证书请求签发",
                             "a certificate was already issued for this job from another CSR", false);
        else
            ref_answer_json(a, 200,
                            issued_json(sv, sqlite3_column_blob(q, 4), (size_t)sqlite3_column_bytes(q, 4),
                                        ref_db_text(q, 1), sqlite3_column_int64(q, 2), sqlite3_column_int64(q, 3),
                                        sqlite3_column_blob(q, 5), (size_t)sqlite3_column_bytes(q, 5)));
    } else if (rc != SQLITE_DONE) {
        ref_db_log(sv->db, "issued");
    }
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? REF_FOUND : rc == SQLITE_DONE ? REF_ABSENT : REF_FAILED;
}

/* The validity by the core's rules, from the holder's current certificate. false when *a was filled. */
static bool validity(struct ref_server *sv, const struct job_view *v, int64_t now, ck_validity *out, ref_answer *a)
{
    ck_cert_state old = {0};
    char serial[48];
    ref_found f = v->service == SVC_NEW ? REF_ABSENT : current_cert(sv->db, v->holder, serial, &old.not_after);
    ck_err e;
    if (f == REF_FAILED) {
        ref_answer_internal(a, "the holder's certificate could not be read");
        return false;
    }
    old.present = f == REF_FOUND;
    e = validity_for_service(v->service, v->years, &old, now, sv->utc_offset_s, out);
    /* Change and replacement keep the old notAfter: an expired certificate cannot be kept, only renewed. */
    if (e == CK_E_NOT_ELIGIBLE || (e == CK_OK && out->not_after <= now)) {
        ref_answer_error(a, 422, "no_current_certificate", "该持有人没有有效证书，无法办理此业务",
                         "the holder has no current certificate for this service", false);
        return false;
    }
    if (e == CK_E_RANGE) {
        ref_answer_error(a, 422, "rejected", "有效期年数不正确（1或2年）", "the term must be 1 or 2 years", false);
        return false;
    }
    if (e != CK_OK) {
        ref_answer_internal(a, "the validity could not be computed");
        return false;
    }
    return true;
}

/* Signs csr (NULL: the one in the job's submission) for the kiosk's approved job and records it. */
static void issue(struct ref_server *sv, const char *kiosk, const char *uuid, const char *csr, ref_answer *a)
{
    cJSON *item = NULL, *answer = NULL;
    struct job_view v;
    X509_REQ *req = NULL;
    ref_issued is = {0};
    unsigned char *seal = NULL;
    size_t seal_len = 0;
    int64_t seal_end;
    ck_validity val;
    ref_found f;
    char sha[65];
    int64_t now = (int64_t)time(NULL);
    bool begun = false;
    if (not_configured(sv, a))
        return;
    if ((f = ref_db_job_item(sv->db, kiosk, uuid, &item)) != REF_FOUND) {
        if (f == REF_ABSENT)
            ref_answer_error(a, 404, "not_found", "没有这个业务", "no such job from this kiosk", false);
        else
            ref_answer_internal(a, "the job could not be read");
        return;
    }
    if (!job_view_read(cJSON_GetObjectItemCaseSensitive(item, "job"), &v) ||
        !services_has(v.service, SVC_F_ISSUES_CERT)) {
        ref_answer_error(a, 422, "no_certificate_for_service", "该业务不签发证书", "this service issues no certificate",
                         false);
        goto cleanup;
    }
    if ((f = ref_db_job_approved(sv->db, kiosk, uuid)) != REF_FOUND) {
        if (f == REF_ABSENT)
            ref_answer_error(a, 409, "not_approved", "业务尚未审核通过", "the job has not been approved", false);
        else
            ref_answer_internal(a, "the job's changes could not be read");
        goto cleanup;
    }
    if (v.cn == NULL) {
        ref_answer_error(a, 422, "rejected", "业务缺少单位名称或申请人姓名",
                         "the job names no organisation or applicant", false);
        goto cleanup;
    }
    switch (csr == NULL && v.csr == NULL ? REF_CA_BAD_CSR
                                         : ref_ca_check_csr(csr != NULL ? csr : v.csr, v.cn, &req, sha)) {
    case REF_CA_OK: break;
    case REF_CA_BAD_CSR:
        ref_answer_error(a, 422, "bad_csr", "证书请求无效（格式、大小或签名）",
                         "the CSR is missing, malformed, over 8 KiB or not self-signed", false);
        goto cleanup;
    case REF_CA_SUBJECT_MISMATCH:
        ref_answer_error(a, 422, "csr_subject_mismatch", "证书请求的名称与业务不符",
                         "the CSR's common name is not the job's organisation or applicant", false);
        goto cleanup;
    case REF_CA_FAILED: ref_answer_internal(a, "the CSR could not be checked"); goto cleanup;
    }
    if ((f = issued_before(sv, uuid, sha, a)) != REF_ABSENT) {
        if (f == REF_FAILED)
            ref_answer_internal(a, "the issued certificates could not be read");
        goto cleanup;
    }
    if (!validity(sv, &v, now, &val, a))
        goto cleanup;
    if (ref_ca_issue(&sv->ca, req, &(ref_subject){v.cn, v.org, v.uscc}, val.not_before, val.not_after, sv->crl_url,
                     &is) != REF_CA_OK)
        goto fail;
    /* The seal comes with the certificate and lasts as long (unless --seal-days shortens it for a test). */
    seal_end = sv->sealer.seal_days > 0 ? now + sv->sealer.seal_days * 86400 : is.not_after;
    if (services_has(v.service, SVC_F_ISSUES_SEAL) &&
        !ref_seals_make(sv, v.cn, v.org == NULL, is.der, is.der_len, now, seal_end, &seal, &seal_len))
        goto fail;
    if ((answer = issued_json(sv, is.der, is.der_len, is.serial, is.not_before, is.not_after, seal, seal_len)) == NULL)
        goto fail;
    if (!(begun = ref_db_begin(sv->db)) ||
        !ref_db_run(sv->db,
                    "INSERT INTO issued (serial, job, kiosk, holder_key, not_before, not_after, cert, csr_sha,"
                    " issued_at, seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    "ttttiibtib", is.serial, uuid, kiosk, v.holder[0] != '\0' ? v.holder : NULL, is.not_before,
                    is.not_after, (const void *)is.der, is.der_len, sha, now, (const void *)seal, seal_len) ||
        (seal != NULL &&
         !ref_seals_record(sv->db, kiosk, uuid, is.der, is.der_len, seal_end, seal, seal_len, now)) ||
        !ref_db_change_add(sv->db, kiosk, uuid, "issued", NULL, NULL, answer) || !ref_db_commit(sv->db))
        goto fail;
    ref_answer_json(a, 200, answer);
    answer = NULL;
    goto cleanup;
fail:
    if (begun)
        ref_db_rollback(sv->db);
    ref_answer_internal(a, "the certificate could not be issued");
cleanup:
    free(seal);
    cJSON_Delete(answer);
    ref_issued_free(&is);
    X509_REQ_free(req);
    cJSON_Delete(item);
}

void ref_certs_csr(struct ref_server *sv, const char *kiosk, const char *uuid, const cJSON *body, ref_answer *a)
{
    const cJSON *csr = cJSON_GetObjectItemCaseSensitive(body, "csr");
    if (!cJSON_IsString(csr)) {
        ref_answer_error(a, 400, "bad_request", "需要 csr（PEM）", "'csr' (PEM) needed", false);
        return;
    }
    issue(sv, kiosk, uuid, csr->valuestring, a);
}

void ref_certs_decide_issued(struct ref_server *sv, const char *kiosk, const char *uuid, ref_answer *a)
{
    issue(sv, kiosk, uuid, NULL, a);
}

/* Marks serial revoked now and appends the "revoked" change of job; inside the caller's transaction. */
static cJSON *revoke_serial(struct ref_server *sv, const char *kiosk, const char *job, const char *serial,
                            const char *reason, const char *revoke_job)
{
    int64_t now = (int64_t)time(NULL);
    cJSON *change = revoked_json(sv, serial, now, reason);
    if (change == NULL ||
        !ref_db_run(sv->db, "UPDATE issued SET revoked_at = ?, revoke_reason = ?, revoke_job = ? WHERE serial = ?",
                    "ittt", now, reason, revoke_job, serial) ||
        !ref_db_change_add(sv->db, kiosk, job, "revoked", NULL, NULL, change)) {
        cJSON_Delete(change);
        return NULL;
    }
    return change;
}

ref_found ref_certs_revoke_holder(struct ref_server *sv, const char *kiosk, const char *uuid, const cJSON *job)
{
    struct job_view v;
    char serial[48];
    int64_t not_after;
    cJSON *change;
    ref_found f;
    if (!job_view_read(job, &v))
        return REF_ABSENT;
    if ((f = current_cert(sv->db, v.holder, serial, &not_after)) != REF_FOUND)
        return f;
    if ((change = revoke_serial(sv, kiosk, uuid, serial, "cessation", uuid)) == NULL)
        return REF_FAILED;
    cJSON_Delete(change);
    return REF_FOUND;
}

void ref_certs_revoke(struct ref_server *sv, const char *kiosk, const char *uuid, const cJSON *body, ref_answer *a)
{
    const cJSON *reason = cJSON_GetObjectItemCaseSensitive(body, "reason");
    sqlite3_stmt *q;
    cJSON *change = NULL;
    char serial[48];
    int rc;
    if (not_configured(sv, a))
        return;
    if (!cJSON_IsString(reason) || !ref_ca_reason_valid(reason->valuestring)) {
        ref_answer_error(a, 400, "bad_request", "reason 须为 key_lost、superseded 或 cessation",
                         "reason must be key_lost, superseded or cessation", false);
        return;
    }
    if ((q = ref_db_query(sv->db, "SELECT serial, revoked_at FROM issued WHERE job = ? AND kiosk = ?", "tt", uuid,
                          kiosk)) == NULL) {
        ref_answer_internal(a, "the certificate could not be read");
        return;
    }
    if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        snprintf(serial, sizeof serial, "%s", ref_db_text(q, 0));
        if (sqlite3_column_type(q, 1) != SQLITE_NULL) /* revoked before: the first answer again */
            change = revoked_json(sv, serial, sqlite3_column_int64(q, 1), NULL);
    }
    sqlite3_finalize(q);
    if (rc == SQLITE_DONE)
        ref_answer_error(a, 404, "not_found", "该业务没有签发的证书", "no certificate was issued for this job", false);
    else if (rc != SQLITE_ROW)
        ref_answer_internal(a, "the certificate could not be read");
    else if (change != NULL)
        ref_answer_json(a, 200, change);
    else if (!ref_db_begin(sv->db))
        ref_answer_internal(a, "the revocation could not be saved");
    else if ((change = revoke_serial(sv, kiosk, uuid, serial, reason->valuestring, NULL)) == NULL ||
             !ref_db_commit(sv->db)) {
        ref_db_rollback(sv->db);
        cJSON_Delete(change);
        ref_answer_internal(a, "the revocation could not be saved");
    } else {
        cJSON_DeleteItemFromObjectCaseSensitive(change, "reason"); /* the answer: serial, revoked_at, crl_url */
        ref_answer_json(a, 200, change);
    }
}

void ref_certs_crl(struct ref_server *sv, ref_answer *a)
{
    struct row {
        char serial[48];
        char reason[16];
    } *rows = NULL;
    ref_revoked *list = NULL;
    sqlite3_stmt *q = NULL;
    unsigned char *der = NULL;
    size_t len = 0, i = 0;
    int64_t n = 0;
    int rc = SQLITE_DONE;
    if (not_configured(sv, a))
        return;
    if (!ref_db_int(sv->db, &n, "SELECT count(*) FROM issued WHERE revoked_at IS NOT NULL", "") ||
        (rows = calloc((size_t)n + 1, sizeof *rows)) == NULL || (list = calloc((size_t)n + 1, sizeof *list)) == NULL ||
        (q = ref_db_query(sv->db,
                          "SELECT serial, revoked_at, revoke_reason FROM issued WHERE revoked_at IS NOT NULL"
                          " ORDER BY revoked_at, serial LIMIT ?",
                          "i", n)) == NULL)
        goto fail;
    while (i < (size_t)n && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        snprintf(rows[i].serial, sizeof rows[i].serial, "%s", ref_db_text(q, 0));
        snprintf(rows[i].reason, sizeof rows[i].reason, "%s", ref_db_text(q, 2));
        list[i] = (ref_revoked){rows[i].serial, sqlite3_column_int64(q, 1), rows[i].reason};
        i++;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        goto fail;
    /* The CRL number is the count of revocations: it grows with each one, and the CRL is made afresh each time. */
    if (!ref_ca_crl(&sv->ca, list, i, n, (int64_t)time(NULL), &der, &len))
        goto fail;
    ref_answer_raw(a, 200, "application/pkix-crl", der, len);
    goto cleanup;
fail:
    ref_db_log(sv->db, "crl");
    ref_answer_internal(a, "the CRL could not be made");
cleanup:
    OPENSSL_free(der);
    sqlite3_finalize(q);
    free(list);
    free(rows);
}
