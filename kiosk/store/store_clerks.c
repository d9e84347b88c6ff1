/* store_clerks.c - the clerks' accounts; see store_clerks.h. */
#include <stdio.h>
#include <string.h>

#include "store_clerks.h"
#include "store_internal.h"

#define CLERK_COLUMNS "id, name, role, pin_hash, disabled, failed_attempts, locked_until, created_at"

static ck_err read_row(sqlite3_stmt *q, ck_clerk *c, ck_diag *d)
{
    memset(c, 0, sizeof *c);
    snprintf(c->id, sizeof c->id, "%s", (const char *)sqlite3_column_text(q, 0));
    snprintf(c->name, sizeof c->name, "%s", (const char *)sqlite3_column_text(q, 1));
    if (sqlite3_column_type(q, 3) != SQLITE_NULL)
        snprintf(c->pin_hash, sizeof c->pin_hash, "%s", (const char *)sqlite3_column_text(q, 3));
    c->disabled = sqlite3_column_int(q, 4) != 0;
    c->lock.failures = sqlite3_column_int(q, 5);
    c->lock.locked_until = sqlite3_column_int64(q, 6); /* NULL reads as 0: not locked */
    c->created_at = sqlite3_column_int64(q, 7);
    if (clerk_role_parse((const char *)sqlite3_column_text(q, 2), &c->role) != CK_OK)
        return ck_diag_fail(d, CK_E_STORE_CORRUPT, "柜员记录无效", "a clerk row holds an unknown role");
    return CK_OK;
}

static ck_err get_tx(ck_store *st, const char *id, ck_clerk *out, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err;
    int rc = store_prepare(st, "SELECT " CLERK_COLUMNS " FROM clerks WHERE id = ?", &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
    }
    if (rc == SQLITE_ROW)
        err = read_row(q, out, d);
    else if (rc == SQLITE_DONE)
        err = ck_diag_fail(d, CK_E_NOT_FOUND, "没有工号为 %s 的柜员", "no clerk %s", id);
    else
        err = store_sql_fail(st, rc, "读取柜员 / reading a clerk", d);
    store_release(q);
    return err;
}

ck_err store_clerk_get(ck_store *st, const char *id, ck_clerk *out, ck_diag *d)
{
    if (st == NULL || id == NULL || out == NULL)
        return CK_E_ARG;
    return get_tx(st, id, out, d);
}

ck_err store_clerk_add(ck_store *st, const ck_clerk *c, const char *actor, int64_t now, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_clerk existing;
    ck_err rc;
    int src;
    if (st == NULL || c == NULL || actor == NULL || clerk_id_check(c->id, d) != CK_OK)
        return CK_E_ARG;
    if ((rc = store_tx_begin(st, d)) != CK_OK)
        return rc;
    rc = get_tx(st, c->id, &existing, NULL);
    if (rc == CK_OK)
        rc = ck_diag_fail(d, CK_E_DUPLICATE, "工号 %s 已存在", "clerk %s exists already", c->id);
    else if (rc == CK_E_NOT_FOUND)
        rc = CK_OK;
    if (rc == CK_OK) {
        src = store_prepare(st,
                            "INSERT INTO clerks (id, name, role, pin_hash, disabled, failed_attempts, created_at)"
                            " VALUES (?, ?, ?, ?, 0, 0, ?)",
                            &q);
        if (src == SQLITE_OK) {
            sqlite3_bind_text(q, 1, c->id, -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 2, c->name, -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 3, clerk_role_code(c->role), -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 4, c->pin_hash, -1, SQLITE_STATIC);
            sqlite3_bind_int64(q, 5, now);
            src = sqlite3_step(q);
        }
        rc = src == SQLITE_DONE ? CK_OK : store_sql_fail(st, src, "保存柜员 / saving a clerk", d);
        store_release(q);
    }
    if (rc == CK_OK)
        rc = store_audit_append_tx(st, now, actor, "clerk.add", c->id, clerk_role_code(c->role), d);
    return store_tx_end(st, rc, d);
}

ck_err store_clerk_foreach(ck_store *st, int (*fn)(const ck_clerk *c, void *ctx), void *ctx, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err err = CK_OK;
    int rc = store_prepare(st, "SELECT " CLERK_COLUMNS " FROM clerks ORDER BY id", &q);
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        ck_clerk c;
        if ((rc = sqlite3_step(q)) != SQLITE_ROW)
            break;
        if ((err = read_row(q, &c, d)) != CK_OK || fn(&c, ctx) != 0)
            break;
    }
    if (err == CK_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        err = store_sql_fail(st, rc, "列出柜员 / listing clerks", d);
    store_release(q);
    return err;
}

/* Sets the account's columns after a change, in the caller's transaction. */
static ck_err update_tx(ck_store *st, const ck_clerk *c, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    int rc = store_prepare(st,
                           "UPDATE clerks SET pin_hash = ?, disabled = ?, failed_attempts = ?, locked_until = ?"
                           " WHERE id = ?",
                           &q);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, c->pin_hash, -1, SQLITE_STATIC);
        sqlite3_bind_int(q, 2, c->disabled);
        sqlite3_bind_int(q, 3, c->lock.failures);
        if (c->lock.locked_until > 0)
            sqlite3_bind_int64(q, 4, c->lock.locked_until);
        else
            sqlite3_bind_null(q, 4);
        sqlite3_bind_text(q, 5, c->id, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
    }
    store_release(q);
    return rc == SQLITE_DONE ? CK_OK : store_sql_fail(st, rc, "更新柜员 / updating a clerk", d);
}

ck_err store_clerk_set_pin(ck_store *st, const char *id, const char *pin_hash, const char *actor, int64_t now,
                           ck_diag *d)
{
    ck_clerk c;
    ck_err rc;
    if (st == NULL || id == NULL || pin_hash == NULL || actor == NULL)
        return CK_E_ARG;
    if ((rc = store_tx_begin(st, d)) != CK_OK)
        return rc;
    if ((rc = get_tx(st, id, &c, d)) == CK_OK) {
        snprintf(c.pin_hash, sizeof c.pin_hash, "%s", pin_hash);
        c.lock = (clerk_lock){0, 0};
        rc = update_tx(st, &c, d);
    }
    if (rc == CK_OK)
        rc = store_audit_append_tx(st, now, actor, "clerk.reset_pin", id, "", d);
    return store_tx_end(st, rc, d);
}

ck_err store_clerk_set_disabled(ck_store *st, const char *id, bool disabled, const char *actor, int64_t now,
                                ck_diag *d)
{
    ck_clerk c;
    ck_err rc;
    if (st == NULL || id == NULL || actor == NULL)
        return CK_E_ARG;
    if ((rc = store_tx_begin(st, d)) != CK_OK)
        return rc;
    if ((rc = get_tx(st, id, &c, d)) == CK_OK) {
        c.disabled = disabled;
        rc = update_tx(st, &c, d);
    }
    if (rc == CK_OK)
        rc = store_audit_append_tx(st, now, actor, disabled ? "clerk.disable" : "clerk.enable", id, "", d);
    return store_tx_end(st, rc, d);
}

ck_err store_clerk_attempt(ck_store *st, const char *id, bool pin_ok, int max_failures, int lock_s, int64_t now,
                           ck_clerk *after, ck_diag *d)
{
    ck_clerk c;
    ck_err rc;
    const char *action;
    char detail[48] = "";
    if (st == NULL || id == NULL || after == NULL || max_failures < 1 || lock_s < 1)
        return CK_E_ARG;
    if ((rc = store_tx_begin(st, d)) != CK_OK)
        return rc;
    if ((rc = get_tx(st, id, &c, d)) == CK_OK) {
        if (pin_ok) {
            c.lock = (clerk_lock){0, 0};
            action = "clerk.signin";
        } else {
            c.lock = clerk_after_failure(c.lock, max_failures, lock_s, now);
            action = c.lock.locked_until > now ? "clerk.locked" : "clerk.signin_failed";
            snprintf(detail, sizeof detail, "%d", c.lock.failures);
        }
        rc = update_tx(st, &c, d);
        if (rc == CK_OK)
            rc = store_audit_append_tx(st, now, id, action, id, detail, d);
    }
    rc = store_tx_end(st, rc, d);
    if (rc == CK_OK)
        *after = c;
    return rc;
}
