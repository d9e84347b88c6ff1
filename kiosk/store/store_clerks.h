/*
 * store_clerks.h - the window clerks' accounts in the store: who they are,
 * their role, their PIN's Argon2id hash (never the PIN), whether they are
 * disabled, and the wrong-PIN counter and lock (decided by the core's
 * clerk_policy.h). Every change and every sign-in attempt is in the audit
 * chain with the clerk's id.
 */
#ifndef CK_STORE_CLERKS_H
#define CK_STORE_CLERKS_H

#include "clerk_policy.h"
#include "store.h"

typedef struct ck_clerk {
    char id[CLERK_ID_MAX + 1];
    char name[96];
    ck_clerk_role role;
    char pin_hash[128];
    bool disabled;
    clerk_lock lock;
    int64_t created_at;
} ck_clerk;

/* A new clerk; actor (an admin's id, or "cli") goes in the audit row. CK_E_DUPLICATE when the id exists. */
ck_err store_clerk_add(ck_store *st, const ck_clerk *c, const char *actor, int64_t now, ck_diag *d);
/* CK_E_NOT_FOUND when there is no such clerk. */
ck_err store_clerk_get(ck_store *st, const char *id, ck_clerk *out, ck_diag *d);
/* Every clerk, by id. */
ck_err store_clerk_foreach(ck_store *st, int (*fn)(const ck_clerk *c, void *ctx), void *ctx, ck_diag *d);
/* A new PIN hash; the wrong-PIN count and any lock are cleared. */
ck_err store_clerk_set_pin(ck_store *st, const char *id, const char *pin_hash, const char *actor, int64_t now,
                           ck_diag *d);
ck_err store_clerk_set_disabled(ck_store *st, const char *id, bool disabled, const char *actor, int64_t now,
                                ck_diag *d);
/*
 * Records a sign-in attempt: a right PIN clears the count; a wrong one counts
 * and, at max_failures, locks the account for lock_s seconds. *after gets the
 * account as it stands now. Audited ("clerk.signin", "clerk.signin_failed",
 * "clerk.locked").
 */
ck_err store_clerk_attempt(ck_store *st, const char *id, bool pin_ok, int max_failures, int lock_s, int64_t now,
                           ck_clerk *after, ck_diag *d);

#endif
