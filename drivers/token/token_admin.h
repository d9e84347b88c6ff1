/*
 * token_admin.h - the kiosk as the key's issuer. Every USB Key gets its own
 * management key and PUK, derived from a master secret the kiosk holds
 * ([token] master_key_file, 0600) and the key's serial number:
 *
 *   management key = HKDF-SHA256(master, salt "certkiosk/piv/v1", info "admin:" + serial), 32 bytes, AES-256
 *   PUK            = HKDF-SHA256(master, salt "certkiosk/piv/v1", info "puk:" + serial), as 8 decimal digits
 *
 * (serial in 8 decimal digits). A key that still has the factory default
 * (the YubiKey 3DES key and PUK 12345678) is moved to its own on first
 * contact, so no secret is shared between keys.
 */
#ifndef CK_TOKEN_ADMIN_H
#define CK_TOKEN_ADMIN_H

#include <stdbool.h>
#include <stdint.h>

#include "token.h"

#define TOKEN_MASTER_LEN 32

ck_err token_admin_derive_key(const uint8_t master[TOKEN_MASTER_LEN], uint32_t serial, uint8_t out[32], ck_diag *d);
ck_err token_admin_derive_puk(const uint8_t master[TOKEN_MASTER_LEN], uint32_t serial, char out[9], ck_diag *d);

/*
 * Authenticates as issuer with the key's derived management key; a key still
 * on the factory defaults is rotated first (*rotated set). CK_E_TOKEN_AUTH
 * when neither works: the key was issued by someone else.
 */
ck_err token_admin_login(ck_token *t, const uint8_t master[TOKEN_MASTER_LEN], bool *rotated, ck_diag *d);

/* The seed's "证书解锁": resets the PIN retry counter with the key's derived PUK and sets new_pin. */
ck_err token_admin_unblock(ck_token *t, const uint8_t master[TOKEN_MASTER_LEN], const char *new_pin, ck_diag *d);

#endif
