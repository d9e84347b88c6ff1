/* vcard_internal.h - the virtual card's state, shared by its files only. */
#ifndef CK_TOKEN_VCARD_INTERNAL_H
#define CK_TOKEN_VCARD_INTERNAL_H

#include <openssl/evp.h>
#include <stdbool.h>

#include "vcard.h"

#define VCARD_PIN_LEN     8 /* PINs and PUKs are 8 bytes, padded with 0xFF */
#define VCARD_TRIES       3
#define VCARD_MAX_OBJECTS 24
#define VCARD_MAX_OBJECT  8192
#define VCARD_N_SLOTS     4 /* 9A, 9C, 9D, 9E */

/* Status words */
#define SW_OK           0x9000
#define SW_WRONG_LENGTH 0x6700
#define SW_SECURITY     0x6982 /* security status not satisfied */
#define SW_BLOCKED      0x6983 /* authentication method blocked */
#define SW_WRONG_DATA   0x6a80
#define SW_NOT_FOUND    0x6a82
#define SW_NO_SPACE     0x6a84
#define SW_WRONG_P1P2   0x6a86
#define SW_BAD_INS      0x6d00
#define SW_BAD_CLA      0x6e00
#define SW_CONDITIONS   0x6985 /* conditions of use not satisfied */
#define SW_TRIES(n)     (0x63c0 | (n))

struct vcard_object {
    uint32_t tag;
    size_t len;
    uint8_t *data;
};

struct vcard {
    char path[1024];
    /* persistent */
    uint32_t serial;
    uint8_t pin[VCARD_PIN_LEN], puk[VCARD_PIN_LEN];
    int pin_tries, puk_tries;
    uint8_t mgmt_alg; /* 0x03 3DES, 0x08 AES-128, 0x0A AES-192, 0x0C AES-256 */
    uint8_t mgmt_key[32];
    EVP_PKEY *keys[VCARD_N_SLOTS];
    uint8_t key_alg[VCARD_N_SLOTS]; /* 0x07 RSA-2048, 0x11 ECC P-256 */
    struct vcard_object objects[VCARD_MAX_OBJECTS];
    int n_objects;
    /* session (lost at reset) */
    bool selected, pin_verified, mgmt_authed;
    uint8_t witness[16], challenge[16];
    size_t witness_len, challenge_len;
    uint8_t chain[VCARD_MAX_OBJECT + 256]; /* command chaining (CLA 0x10) */
    size_t chain_len;
    uint8_t pending[VCARD_MAX_OBJECT + 256]; /* response data not yet fetched (61xx) */
    size_t pending_len, pending_off;
};

/* Persistence (vcard.c). Returns 0 or -1. */
int vcard_save(vcard *c);

/* Management-key and PIN commands (vcard_auth.c): each returns the SW and may fill out/out_len. */
int vcard_verify(vcard *c, uint8_t p1, uint8_t p2, const uint8_t *data, size_t n);
int vcard_change_reference(vcard *c, uint8_t p2, const uint8_t *data, size_t n);
int vcard_reset_retry(vcard *c, uint8_t p2, const uint8_t *data, size_t n);
int vcard_set_mgmt_key(vcard *c, uint8_t p1, uint8_t p2, const uint8_t *data, size_t n);
int vcard_mgmt_auth(vcard *c, uint8_t alg, const uint8_t *tmpl, size_t n, uint8_t *out, size_t *out_len);
size_t vcard_mgmt_block_len(uint8_t alg);

/* Keys and data objects (vcard_keys.c). */
int vcard_slot_index(uint8_t key_ref);
int vcard_generate(vcard *c, uint8_t slot, const uint8_t *data, size_t n, uint8_t *out, size_t *out_len);
int vcard_sign(vcard *c, uint8_t alg, uint8_t slot, const uint8_t *tmpl, size_t n, uint8_t *out, size_t *out_len);
int vcard_get_data(vcard *c, const uint8_t *data, size_t n, uint8_t *out, size_t *out_len);
int vcard_put_data(vcard *c, const uint8_t *data, size_t n);
struct vcard_object *vcard_object_find(vcard *c, uint32_t tag);

#endif
