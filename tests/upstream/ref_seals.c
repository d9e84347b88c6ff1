/*
 * ref_seals.c - electronic seals (docs/seal.md) as the reference upstream
 * issues them: its seal maker (a P-256 key with a certificate from the
 * issuing CA, made at start-up), the seal made with every certificate of a
 * service that issues one, and the seal-only jobs (印章升级 after review,
 * 印章续期 at once after payment, as the CA's guide says), checked by the
 * core's own eligibility rules against the holder's certificate on record.
 *
 * The picture is drawn here (kiosk/render/seal_picture.c) as a stand-in:
 * a real CA receives the scanned image of the physical seal.
 */
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eligibility.h"
#include "ref.h"
#include "seal.h"
#include "seal_picture.h"
#include "services.h"

#define SEAL_PX        256 /* the picture's side in pixels: a 2-bit PNG of 3-5 KB */
#define SEAL_MM        42  /* a round organisation seal's diameter */
#define MAKER_YEARS    10

static bool add_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value)
{
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, ctx, nid, value);
    bool ok = ext != NULL && X509_add_ext(x, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

bool ref_seals_init(struct ref_server *sv, const char *font, int64_t seal_days)
{
    struct ref_sealer *m = &sv->sealer;
    X509 *x = X509_new();
    X509_NAME *name = X509_NAME_new();
    X509V3_CTX ctx;
    unsigned char *der = NULL;
    int len = -1;
    snprintf(m->font, sizeof m->font, "%s", font);
    m->seal_days = seal_days;
    if (sv->ca.cert == NULL) /* no CA, no certificates: no seals either */
        goto cleanup;
    if ((m->key = EVP_EC_gen("P-256")) == NULL || x == NULL || name == NULL ||
        X509_set_version(x, X509_VERSION_3) != 1 ||
        ASN1_INTEGER_set_int64(X509_get_serialNumber(x), (int64_t)time(NULL)) != 1 ||
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)"参考上游电子印章制作系统", -1,
                                   -1, 0) != 1 ||
        X509_set_subject_name(x, name) != 1 || X509_set_issuer_name(x, X509_get_subject_name(sv->ca.cert)) != 1 ||
        X509_gmtime_adj(X509_getm_notBefore(x), -86400) == NULL ||
        X509_gmtime_adj(X509_getm_notAfter(x), (long)MAKER_YEARS * 365 * 86400) == NULL ||
        X509_set_pubkey(x, m->key) != 1)
        goto cleanup;
    X509V3_set_ctx(&ctx, sv->ca.cert, x, NULL, NULL, 0);
    if (!add_ext(x, &ctx, NID_basic_constraints, "critical,CA:FALSE") ||
        !add_ext(x, &ctx, NID_key_usage, "critical,digitalSignature") ||
        !add_ext(x, &ctx, NID_authority_key_identifier, "keyid") || X509_sign(x, sv->ca.key, EVP_sha256()) <= 0 ||
        (len = i2d_X509(x, &der)) <= 0)
        goto cleanup;
    m->cert_der = der, m->cert_len = (size_t)len;
    der = NULL;
cleanup:
    OPENSSL_free(der);
    X509_NAME_free(name);
    X509_free(x);
    if (sv->ca.cert != NULL && m->cert_der == NULL) {
        fprintf(stderr, "upstream_ref: the seal maker could not be made\n");
        return false;
    }
    return true;
}

void ref_seals_free(struct ref_server *sv)
{
    EVP_PKEY_free(sv->sealer.key);
    OPENSSL_free(sv->sealer.cert_der);
    sv->sealer.key = NULL, sv->sealer.cert_der = NULL;
}

bool ref_seals_make(struct ref_server *sv, const char *name, bool personal, const unsigned char *cert,
                    size_t cert_len, int64_t now, int64_t valid_end, unsigned char **der, size_t *len)
{
    uint8_t *png = NULL, rnd[8];
    size_t png_len = 0;
    char es_id[40];
    ck_diag d = {"", ""};
    ck_err e;
    *der = malloc(SEAL_DER_MAX);
    if (*der == NULL || RAND_bytes(rnd, sizeof rnd) != 1)
        goto fail;
    snprintf(es_id, sizeof es_id, "REF-%02X%02X%02X%02X%02X%02X%02X%02X", rnd[0], rnd[1], rnd[2], rnd[3], rnd[4],
             rnd[5], rnd[6], rnd[7]);
    if ((e = seal_picture_png(name, personal ? NULL : "电子印章", SEAL_PX, sv->sealer.font, 2, &png, &png_len, &d)) !=
        CK_OK)
        goto fail;
    e = seal_make(&(seal_fields){.es_id = es_id,
                                 .vendor_id = "certkiosk-ref",
                                 .type = personal ? SEAL_TYPE_PERSONAL : SEAL_TYPE_ORG,
                                 .name = name,
                                 .holder_cert = cert,
                                 .holder_cert_len = cert_len,
                                 .created = now,
                                 .valid_start = now,
                                 .valid_end = valid_end,
                                 .picture = png,
                                 .picture_len = png_len,
                                 .picture_width_mm = SEAL_MM,
                                 .picture_height_mm = SEAL_MM},
                  sv->sealer.key, sv->sealer.cert_der, sv->sealer.cert_len, *der, SEAL_DER_MAX, len, &d);
    if (e != CK_OK)
        goto fail;
    free(png);
    return true;
fail:
    fprintf(stderr, "upstream_ref: the seal could not be made: %s\n", d.en[0] != '\0' ? d.en : "out of memory");
    free(png);
    free(*der);
    *der = NULL;
    return false;
}

bool ref_seals_record(sqlite3 *db, const char *kiosk, const char *uuid, const unsigned char *cert, size_t cert_len,
                      int64_t valid_end, const unsigned char *der, size_t len, int64_t now)
{
    char sha[65];
    return ref_sha256_hex(cert, cert_len, sha) &&
           ref_db_run(db, "INSERT INTO seals (job, kiosk, cert_sha, valid_end, der, at) VALUES (?, ?, ?, ?, ?, ?)",
                      "tttibi", uuid, kiosk, sha, valid_end, (const void *)der, len, now);
}

static const char *text_of(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) && v->valuestring[0] != '\0' ? v->valuestring : NULL;
}

/* Standard base64 to a malloc'd buffer; NULL when it is not base64. */
static unsigned char *from_base64(const char *b64, size_t *len)
{
    size_t n = b64 != NULL ? strlen(b64) : 0, pad;
    unsigned char *out;
    int got;
    if (n == 0 || n % 4 != 0 || (out = malloc(n / 4 * 3)) == NULL)
        return NULL;
    pad = b64[n - 1] == '=' ? (b64[n - 2] == '=' ? 2 : 1) : 0;
    if ((got = EVP_DecodeBlock(out, (const unsigned char *)b64, (int)n)) < 0 || (size_t)got < pad) {
        free(out);
        return NULL;
    }
    *len = (size_t)got - pad;
    return out;
}

/* The job's certificate as this upstream issued it: its notAfter, whether revoked, whose it is. */
struct on_record {
    int64_t not_after;
    bool revoked;
    char holder[96];
    bool seal_present;
    int64_t seal_end;
};

static ref_found cert_on_record(sqlite3 *db, const unsigned char *cert, size_t len, struct on_record *r)
{
    sqlite3_stmt *q = ref_db_query(db, "SELECT not_after, revoked_at IS NOT NULL, holder_key FROM issued WHERE cert = ?",
                                   "b", (const void *)cert, len);
    char sha[65];
    int rc;
    ref_found f = REF_FAILED;
    if (q == NULL)
        return REF_FAILED;
    if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        r->not_after = sqlite3_column_int64(q, 0);
        r->revoked = sqlite3_column_int(q, 1) != 0;
        snprintf(r->holder, sizeof r->holder, "%s", ref_db_text(q, 2));
        f = REF_FOUND;
    } else if (rc == SQLITE_DONE) {
        f = REF_ABSENT;
    }
    sqlite3_finalize(q);
    if (f != REF_FOUND)
        return f;
    /* Its latest seal, if it has one: 印章续期 needs one that ends before the certificate. */
    if (!ref_sha256_hex(cert, len, sha) ||
        (q = ref_db_query(db, "SELECT valid_end FROM seals WHERE cert_sha = ? ORDER BY id DESC LIMIT 1", "t", sha)) ==
            NULL)
        return REF_FAILED;
    if ((rc = sqlite3_step(q)) == SQLITE_ROW)
        r->seal_present = true, r->seal_end = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? REF_FOUND : REF_FAILED;
}

static bool reject(sqlite3 *db, const char *kiosk, const char *uuid, const char *zh, const char *en)
{
    return ref_db_change_add(db, kiosk, uuid, "rejected", zh, en, NULL);
}

bool ref_seals_for_job(struct ref_server *sv, const char *kiosk, const char *uuid, const cJSON *job, bool add_approved,
                       int64_t now)
{
    const char *org = text_of(job, "org_name"), *uscc = text_of(job, "uscc"), *hk = text_of(job, "holder");
    const cJSON *applicant = cJSON_GetObjectItemCaseSensitive(job, "applicant");
    const char *person = text_of(applicant, "name"), *id = text_of(applicant, "id_number");
    const char *name = org != NULL ? org : person;
    unsigned char *cert = NULL, *seal = NULL;
    size_t cert_len = 0, seal_len = 0;
    struct on_record r = {0};
    char holder[96] = "", *b64 = NULL;
    ck_holder_kind kind = HOLDER_UNIT;
    ck_service s;
    ck_eligibility e;
    cJSON *extra = NULL;
    bool ok = false;
    ref_found f;
    if (text_of(job, "service") == NULL || services_parse(text_of(job, "service"), &s) != CK_OK ||
        (hk != NULL && holder_kind_parse(hk, &kind) != CK_OK) || name == NULL)
        return reject(sv->db, kiosk, uuid, "业务信息不完整", "the job lacks its service, holder or name");
    if (uscc != NULL)
        snprintf(holder, sizeof holder, "uscc:%s", uscc);
    else if (id != NULL)
        snprintf(holder, sizeof holder, "id:%s", id);
    if ((cert = from_base64(text_of(job, "certificate"), &cert_len)) == NULL)
        return reject(sv->db, kiosk, uuid, "业务没有附带持有人的证书", "the job carries no certificate of the holder");
    if ((f = cert_on_record(sv->db, cert, cert_len, &r)) == REF_FAILED)
        goto cleanup;
    if (f == REF_ABSENT || strcmp(r.holder, holder) != 0) {
        ok = reject(sv->db, kiosk, uuid, "该证书不是本CA为此持有人签发的证书",
                    "the certificate is not one this CA issued to this holder");
        goto cleanup;
    }
    /* The test's --rules-clock-offset-s moves only the rules' today, never the seal's own dates. */
    if (eligibility_check(s, kind,
                          &(ck_cert_state){.present = true,
                                           .revoked = r.revoked,
                                           .not_after = r.not_after,
                                           .seal_present = r.seal_present,
                                           .seal_not_after = r.seal_end},
                          now + sv->sealer.rules_offset_s, sv->utc_offset_s, &e) != CK_OK) {
        ok = reject(sv->db, kiosk, uuid, e.msg.zh, e.msg.en);
        goto cleanup;
    }
    /* The seal lasts as long as the certificate it is bound to (the guide: 印章有效期同证书一致). */
    if (!ref_seals_make(sv, name, kind == HOLDER_EXPERT, cert, cert_len, now, r.not_after, &seal, &seal_len) ||
        (b64 = ref_base64(seal, seal_len)) == NULL || (extra = cJSON_CreateObject()) == NULL ||
        cJSON_AddStringToObject(extra, "seal", b64) == NULL)
        goto cleanup;
    ok = (!add_approved || ref_db_change_add(sv->db, kiosk, uuid, "approved", NULL, NULL, NULL)) &&
         ref_seals_record(sv->db, kiosk, uuid, cert, cert_len, r.not_after, seal, seal_len, now) &&
         ref_db_change_add(sv->db, kiosk, uuid, "issued", NULL, NULL, extra);
cleanup:
    cJSON_Delete(extra);
    free(b64);
    free(seal);
    free(cert);
    return ok;
}
