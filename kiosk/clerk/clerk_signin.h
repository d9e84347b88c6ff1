/*
 * clerk_signin.h - a window clerk's sign-in: the account's state (unknown,
 * disabled, locked) before the PIN is looked at, the PIN checked against its
 * Argon2id hash, and the attempt recorded (the lock after [clerk]
 * max_failures wrong PINs). The same function serves the supervisor screen
 * and `certkioskctl clerk signin`. Blocking (Argon2id takes ~50 ms and 19
 * MiB): the screen calls it on a worker thread.
 */
#ifndef CK_CLERK_SIGNIN_H
#define CK_CLERK_SIGNIN_H

#include "config.h"
#include "store_clerks.h"

/*
 * CK_OK with *out the clerk; CK_E_DENIED with d saying why in words a clerk
 * can act on (an unknown id and a wrong PIN read the same, so the screen
 * does not tell which ids exist; the minutes of a lock; a disabled
 * account), or a storage error.
 */
ck_err clerk_signin(ck_store *st, const ck_config *cfg, const char *id, const char *pin, int64_t now, ck_clerk *out,
                    ck_diag *d);

#endif
