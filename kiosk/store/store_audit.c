/*
 * store_audit.c - the append-only audit log as a hash chain.
 *
 * Row n stores hash_n = SHA-256(hash_{n-1} || id || at || actor || action ||
 * subject || detail), each text length-prefixed so fields cannot be shifted
 * into each other; row 1 links to 32 zero bytes. Ids are consecutive, so a
 * changed row breaks its own hash, an inserted row breaks the link of the
 * next, and a removed row leaves a gap. Triggers refuse UPDATE and DELETE for
 * honest code; the chain catches whoever drops them. (Cutting rows off the
 * end leaves a valid shorter chain: only a copy of the head held elsewhere,
 * such as the upstream's heartbeat record, can show that.)
 * Audit rows name jobs by UUID and never hold personal data.
 */
#include <openssl/evp.h>
#include <string.h>

#include "store_internal.h"

#define HASH_LEN 32

static void put_u64(EVP_MD_CTX *ctx, uint64_t v)
{
    unsigned char b[8];
    for (int i = 7; i >= 0; i--, v >>= 8)
        b[i] = (unsigned char)(v & 0xff);
    EVP_DigestUpdate(ctx, b, sizeof b);
}

static void put_text(EVP_MD_CTX *ctx, const char *s)
{
    size_t len = s != NULL ? strlen(s) : 0;
    put_u64(ctx, (uint64_t)len);
    EVP_DigestUpdate(ctx, s != NULL ? s : "", len);
}

static bool row_hash(const unsigned char prev[HASH_LEN], int64_t id, int64_t at, const char *actor, const char *action,
                     const char *subject, const char *detail, unsigned char out[HASH_LEN])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned int len = 0;
    bool ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;
    if (ok) {
        EVP_DigestUpdate(ctx, prev, HASH_LEN);
        put_u64(ctx, (uint64_t)id);
        put_u64(ctx, (uint64_t)at);
        put_text(ctx, actor);
        put_text(ctx, action);
        put_text(ctx, subject);
        put_text(ctx, detail);
        ok = EVP_DigestFinal_ex(ctx, out, &len) == 1 && len == HASH_LEN;
    }
    EVP_MD_CTX_free(ctx);
    return ok;
}

ck_err store_audit_append_tx(ck_store *st, int64_t now, const char *actor, const char *action, const char *subject,
                             const char *detail, ck_diag *d)
{
    unsigned char prev[HASH_LEN] = {0}, hash[HASH_LEN];
    sqlite3_stmt *q = NULL;
    int64_t id = 1;
    int rc;
    ck_err err = CK_OK;
    rc = store_prepare(st, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", &q);
    if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        id = sqlite3_column_int64(q, 0) + 1;
        if (sqlite3_column_bytes(q, 1) == HASH_LEN)
            memcpy(prev, sqlite3_column_blob(q, 1), HASH_LEN);
    }
    store_release(q);
    q = NULL;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sql_fail(st, rc, "读取审计记录 / reading the audit log", d);
    if (!row_hash(prev, id, now, actor, action, subject, detail, hash))
        return ck_diag_fail(d, CK_E_STORE, "计算审计哈希失败", "computing the audit hash failed");
    rc = store_prepare(st,
                       "INSERT INTO audit (id, at, actor, action, subject, detail, prev_hash, hash)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, id);
        sqlite3_bind_int64(q, 2, now);
        sqlite3_bind_text(q, 3, actor != NULL ? actor : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, action != NULL ? action : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, subject != NULL ? subject : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 6, detail != NULL ? detail : "", -1, SQLITE_STATIC);
        sqlite3_bind_blob(q, 7, prev, HASH_LEN, SQLITE_STATIC);
        sqlite3_bind_blob(q, 8, hash, HASH_LEN, SQLITE_STATIC);
        rc = sqlite3_step(q);
    }
    if (rc != SQLITE_DONE)
        err = store_sql_fail(st, rc, "写入审计记录 / writing the audit log", d);
    store_release(q);
    return err;
}

ck_err store_audit_append(ck_store *st, int64_t now, const char *actor, const char *action, const char *subject,
                          const char *detail, ck_diag *d)
{
    ck_err rc = store_tx_begin(st, d);
    if (rc != CK_OK)
        return rc;
    rc = store_audit_append_tx(st, now, actor, action, subject, detail, d);
    return store_tx_end(st, rc, d);
}

static ck_err tampered(int64_t row, int64_t *bad_row, ck_diag *d, const char *zh, const char *en)
{
    if (bad_row != NULL)
        *bad_row = row;
    ck_diag_zh(d, CK_E_TAMPERED, "审计记录第%lld行%s", (long long)row, zh);
    return ck_diag_en(d, CK_E_TAMPERED, "audit row %lld %s", (long long)row, en);
}

ck_err store_audit_verify(ck_store *st, int64_t *rows, int64_t *bad_row, ck_diag *d)
{
    unsigned char prev[HASH_LEN] = {0}, want[HASH_LEN];
    sqlite3_stmt *q = NULL;
    int64_t expect_id = 1, n = 0;
    ck_err err = CK_OK;
    int rc = sqlite3_prepare_v2(
        st->db, "SELECT id, at, actor, action, subject, detail, prev_hash, hash FROM audit ORDER BY id", -1, &q, NULL);
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        int64_t id;
        if ((rc = sqlite3_step(q)) != SQLITE_ROW)
            break;
        id = sqlite3_column_int64(q, 0);
        if (id != expect_id) {
            err = tampered(expect_id, bad_row, d, "缺失（记录被删除）", "is missing (a row was removed)");
            break;
        }
        if (sqlite3_column_bytes(q, 6) != HASH_LEN || memcmp(sqlite3_column_blob(q, 6), prev, HASH_LEN) != 0) {
            err = tampered(id, bad_row, d, "与上一行不衔接（记录被插入、删除或修改）",
                           "does not link to the row before it (a row was inserted, removed or changed)");
            break;
        }
        if (!row_hash(prev, id, sqlite3_column_int64(q, 1), (const char *)sqlite3_column_text(q, 2),
                      (const char *)sqlite3_column_text(q, 3), (const char *)sqlite3_column_text(q, 4),
                      (const char *)sqlite3_column_text(q, 5), want) ||
            sqlite3_column_bytes(q, 7) != HASH_LEN || memcmp(sqlite3_column_blob(q, 7), want, HASH_LEN) != 0) {
            err = tampered(id, bad_row, d, "内容被修改（哈希不符）", "was changed (its hash does not match)");
            break;
        }
        memcpy(prev, want, HASH_LEN);
        expect_id++;
        n++;
    }
    if (err == CK_OK && rc != SQLITE_DONE)
        err = store_sql_fail(st, rc, "校验审计记录 / verifying the audit log", d);
    sqlite3_finalize(q);
    if (rows != NULL)
        *rows = n;
    return err;
}

ck_err store_audit_foreach(ck_store *st, int64_t since, int (*fn)(const ck_audit_row *r, void *ctx), void *ctx,
                           ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err = CK_OK;
    int rc = store_prepare(st, "SELECT id, at, actor, action, subject, detail FROM audit WHERE at >= ? ORDER BY id", &q);
    if (rc == SQLITE_OK)
        sqlite3_bind_int64(q, 1, since);
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        ck_audit_row r;
        if ((rc = sqlite3_step(q)) != SQLITE_ROW)
            break;
        r.id = sqlite3_column_int64(q, 0);
        r.at = sqlite3_column_int64(q, 1);
        r.actor = (const char *)sqlite3_column_text(q, 2);
        r.action = (const char *)sqlite3_column_text(q, 3);
        r.subject = (const char *)sqlite3_column_text(q, 4);
        r.detail = (const char *)sqlite3_column_text(q, 5);
        if (fn(&r, ctx) != 0)
            break;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        err = store_sql_fail(st, rc, "读取审计记录 / reading the audit chain", d);
    store_release(q);
    return err;
}
