/* pin_hash.c - Argon2id PIN hashes; see pin_hash.h. */
#include "pin_hash.h"

#include <argon2.h>
#include <openssl/rand.h>
#include <string.h>

#define PIN_HASH_T 2
#define PIN_HASH_M_KIB 19456
#define PIN_HASH_P 1
#define PIN_HASH_SALT 16
#define PIN_HASH_LEN 32

ck_err pin_hash_make(const char *pin, char out[PIN_HASH_MAX], ck_diag *d)
{
    unsigned char salt[PIN_HASH_SALT];
    int rc;
    if (pin == NULL)
        return CK_E_ARG;
    if (RAND_bytes(salt, sizeof salt) != 1)
        return ck_diag_fail(d, CK_E_IO, "无法取得随机数", "no randomness for the PIN's salt");
    rc = argon2id_hash_encoded(PIN_HASH_T, PIN_HASH_M_KIB, PIN_HASH_P, pin, strlen(pin), salt, sizeof salt,
                               PIN_HASH_LEN, out, PIN_HASH_MAX);
    if (rc != ARGON2_OK)
        return ck_diag_fail(d, rc == ARGON2_MEMORY_ALLOCATION_ERROR ? CK_E_NOMEM : CK_E_ARG, "无法计算密码摘要（%s）",
                            "cannot hash the PIN (%s)", argon2_error_message(rc));
    return CK_OK;
}

ck_err pin_hash_check(const char *encoded, const char *pin, bool *match, ck_diag *d)
{
    int rc;
    *match = false;
    if (encoded == NULL || pin == NULL)
        return CK_E_ARG;
    if (strncmp(encoded, "$argon2id$", 10) != 0)
        return ck_diag_fail(d, CK_E_STORE_CORRUPT, "柜员密码记录无效", "the clerk's PIN record is not an Argon2id hash");
    rc = argon2id_verify(encoded, pin, strlen(pin));
    if (rc == ARGON2_OK || rc == ARGON2_VERIFY_MISMATCH) {
        *match = rc == ARGON2_OK;
        return CK_OK;
    }
    return ck_diag_fail(d, rc == ARGON2_MEMORY_ALLOCATION_ERROR ? CK_E_NOMEM : CK_E_STORE_CORRUPT,
                        "柜员密码记录无效（%s）", "the clerk's PIN record cannot be checked (%s)", argon2_error_message(rc));
}
