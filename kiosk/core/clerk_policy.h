/*
 * clerk_policy.h - the rules for window clerks' accounts, without I/O: what a
 * clerk id and a clerk PIN may be, and when wrong PINs lock an account. The
 * store keeps the counters (store_clerks.c); these decide.
 */
#ifndef CK_CORE_CLERK_POLICY_H
#define CK_CORE_CLERK_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

#define CLERK_ID_MAX 32

typedef enum ck_clerk_role { CLERK_ROLE_CLERK = 0, CLERK_ROLE_ADMIN, CLERK_ROLE__COUNT } ck_clerk_role;

const char *clerk_role_code(ck_clerk_role r); /* "clerk" / "admin" */
ck_err clerk_role_parse(const char *code, ck_clerk_role *out);

/* 1..32 of A-Z a-z 0-9 '-' '_': typed on the sign-in keypad and printed in audit rows. */
ck_err clerk_id_check(const char *id, ck_diag *d);

/* A clerk's PIN: 6 to 12 digits (the sign-in keypad has digits only), not one digit repeated, not 123456... */
ck_err clerk_pin_check(const char *pin, ck_diag *d);

/* After a wrong PIN: the new count, and the lock when it reaches max_failures (the count starts over then). */
typedef struct clerk_lock {
    int failures;
    int64_t locked_until; /* 0: not locked */
} clerk_lock;
clerk_lock clerk_after_failure(clerk_lock before, int max_failures, int lock_s, int64_t now);

/* Whether the account is locked at now; *left gets the seconds left (may be NULL). */
bool clerk_is_locked(const clerk_lock *l, int64_t now, int64_t *left);

#endif
