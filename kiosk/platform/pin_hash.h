/*
 * pin_hash.h - clerks' PINs as Argon2id hashes (libargon2, the PHC string
 * "$argon2id$v=19$m=...,t=...,p=...$salt$hash"), so a copy of the database
 * does not give the PINs away. A 6-digit PIN has only a million values, so
 * the cost (19 MiB, 2 passes: OWASP's minimum) is what makes guessing offline
 * slow; the lock after wrong PINs is what protects it at the kiosk.
 */
#ifndef CK_PLATFORM_PIN_HASH_H
#define CK_PLATFORM_PIN_HASH_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define PIN_HASH_MAX 128 /* the encoded string, with its NUL */

/* Hashes pin with a fresh random salt into out. CK_E_NOMEM / CK_E_IO (no randomness) with d. */
ck_err pin_hash_make(const char *pin, char out[PIN_HASH_MAX], ck_diag *d);

/* Whether pin matches encoded (in constant time). CK_E_STORE_CORRUPT when encoded is not an Argon2id hash. */
ck_err pin_hash_check(const char *encoded, const char *pin, bool *match, ck_diag *d);

#endif
