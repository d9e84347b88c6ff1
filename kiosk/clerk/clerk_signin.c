/* clerk_signin.c - a clerk's sign-in; see clerk_signin.h. */
#include "clerk_signin.h"

#include <openssl/crypto.h>

#include "pin_hash.h"

/* The same words for an unknown id and a wrong PIN, so the screen does not tell which ids exist. */
static ck_err wrong(const ck_config *cfg, ck_diag *d)
{
    return ck_diag_fail(d, CK_E_DENIED, "工号或密码不正确（连续错误%d次将锁定%d分钟）",
                        "Wrong clerk id or PIN (%d wrong in a row lock the account for %d min)", cfg->clerk_max_failures,
                        (cfg->clerk_lock_s + 59) / 60);
}

ck_err clerk_signin(ck_store *st, const ck_config *cfg, const char *id, const char *pin, int64_t now, ck_clerk *out,
                    ck_diag *d)
{
    ck_clerk c;
    int64_t left;
    bool match = false;
    ck_err rc;
    if (clerk_id_check(id, NULL) != CK_OK)
        return wrong(cfg, d);
    rc = store_clerk_get(st, id, &c, d);
    if (rc == CK_E_NOT_FOUND) {
        /* Audited too: someone is trying ids. Said like a wrong PIN, so ids cannot be probed. */
        rc = store_audit_append(st, now, "kiosk", "clerk.signin_unknown", id, "", d);
        return rc == CK_OK ? wrong(cfg, d) : rc;
    }
    if (rc != CK_OK)
        return rc;
    if (c.disabled)
        return ck_diag_fail(d, CK_E_DENIED, "该工号已停用，请联系管理员", "This clerk account is disabled; ask an admin");
    if (clerk_is_locked(&c.lock, now, &left))
        return ck_diag_fail(d, CK_E_DENIED, "密码错误次数过多，请 %lld 分钟后再试",
                            "Too many wrong PINs; try again in %lld min", (long long)((left + 59) / 60));
    if (c.pin_hash[0] == '\0')
        return ck_diag_fail(d, CK_E_DENIED, "该工号尚未设置密码，请联系管理员", "This clerk has no PIN yet; ask an admin");
    if ((rc = pin_hash_check(c.pin_hash, pin != NULL ? pin : "", &match, d)) != CK_OK)
        return rc;
    rc = store_clerk_attempt(st, id, match, cfg->clerk_max_failures, cfg->clerk_lock_s, now, &c, d);
    OPENSSL_cleanse(c.pin_hash, sizeof c.pin_hash);
    if (rc != CK_OK)
        return rc;
    if (match) {
        *out = c;
        return CK_OK;
    }
    if (clerk_is_locked(&c.lock, now, &left))
        return ck_diag_fail(d, CK_E_DENIED, "密码错误次数过多，工号已锁定 %lld 分钟",
                            "Too many wrong PINs: locked for %lld min", (long long)((left + 59) / 60));
    return wrong(cfg, d);
}
