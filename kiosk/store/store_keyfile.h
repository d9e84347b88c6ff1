/* store_keyfile.h - create and read the database key file (64 hex digits, mode 0600). */
#ifndef CK_STORE_KEYFILE_H
#define CK_STORE_KEYFILE_H

#include "error.h"

#define STORE_KEY_HEX_LEN 64

/* Writes a new random key; fails if the file exists (never overwrites a key). */
ck_err store_keyfile_create(const char *path, ck_diag *d);
/* Reads the key after checking it is a regular file of mode 0600 (CK_E_STORE_KEY otherwise). */
ck_err store_keyfile_read(const char *path, char hex_out[STORE_KEY_HEX_LEN + 1], ck_diag *d);

#endif
