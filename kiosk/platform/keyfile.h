/*
 * keyfile.h - secrets kept in files: 32 random bytes as 64 hex digits, in a
 * regular file of mode 0600 that is refused otherwise (a readable key is no
 * secret). The database key and the USB Key issuer master secret use it.
 */
#ifndef CK_PLATFORM_KEYFILE_H
#define CK_PLATFORM_KEYFILE_H

#include <stdint.h>

#include "error.h"

#define KEYFILE_HEX_LEN 64

/* Writes a new random key; fails if the file exists (never overwrites a key). */
ck_err keyfile_create(const char *path, ck_diag *d);
/* The key as 32 bytes (from the hex the file holds). */
ck_err keyfile_read_bytes(const char *path, uint8_t out[32], ck_diag *d);
/* Reads the key after checking it is a regular file of mode 0600 (CK_E_STORE_KEY otherwise). */
ck_err keyfile_read(const char *path, char hex_out[KEYFILE_HEX_LEN + 1], ck_diag *d);

#endif
