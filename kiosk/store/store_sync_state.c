/* store_sync_state.c - the sync worker's last facts, and the audit head it reports upstream. */
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

ck_err store_sync_state_set(ck_store *st, const char *key, const char *value, int64_t now, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    int rc;
    if (st == NULL || key == NULL || value == NULL)
        return CK_E_ARG;
    rc = store_prepare(st, "INSERT OR REPLACE INTO sync_state (key, value, at) VALUES (?, ?, ?)", &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 3, now);
        rc = sqlite3_step(q);
    }
    store_release(q);
    return rc == SQLITE_DONE ? CK_OK : store_sql_fail(st, rc, "保存同步状态 / saving the sync state", d);
}

ck_err store_sync_state_get(ck_store *st, const char *key, char *value, size_t cap, int64_t *at, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err = CK_OK;
    int rc;
    if (st == NULL || key == NULL || value == NULL || cap == 0)
        return CK_E_ARG;
    rc = store_prepare(st, "SELECT value, at FROM sync_state WHERE key = ?", &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
    }
    if (rc == SQLITE_ROW) {
        snprintf(value, cap, "%s", (const char *)sqlite3_column_text(q, 0));
        if (at != NULL)
            *at = sqlite3_column_int64(q, 1);
    } else if (rc == SQLITE_DONE) {
        value[0] = '\0';
        err = CK_E_NOT_FOUND;
    } else {
        err = store_sql_fail(st, rc, "读取同步状态 / reading the sync state", d);
    }
    store_release(q);
    return err;
}

ck_err store_audit_head(ck_store *st, int64_t *id, char hash_hex[65], ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err = CK_OK;
    int rc = store_prepare(st, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", &q);
    *id = 0;
    hash_hex[0] = '\0';
    if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const unsigned char *h = sqlite3_column_blob(q, 1);
        int n = sqlite3_column_bytes(q, 1);
        *id = sqlite3_column_int64(q, 0);
        for (int i = 0; i < n && i < 32; i++)
            snprintf(hash_hex + 2 * i, 3, "%02x", h[i]);
    } else if (rc != SQLITE_DONE) {
        err = store_sql_fail(st, rc, "读取审计记录 / reading the audit log", d);
    }
    store_release(q);
    return err;
}
