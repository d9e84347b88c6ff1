/*
 * token.h - what the kiosk asks of a customer's USB Key, whatever its model.
 *
 * Two small tables keep models and wiring apart:
 *  - a transport moves APDUs (PC/SC through pcscd: token_pcsc.c; the virtual
 *    card in-process: token_sim.c);
 *  - a driver (ck_token_ops) speaks a key model's command set over any
 *    transport (PIV: piv.c; an SKF/GM/T 0016 driver for SM2 keys would be a
 *    second table, see docs/token.md).
 * Every failure is a ck_err whose message tells the customer what to do; a
 * wrong PIN's ck_diag says how many tries are left.
 */
#ifndef CK_TOKEN_TOKEN_H
#define CK_TOKEN_TOKEN_H

#include <openssl/evp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define TOKEN_MAX_APDU     261  /* short APDU: header, Lc, 255 bytes, Le */
#define TOKEN_MAX_OBJECT   8192 /* a certificate, or a seal with its picture */
#define TOKEN_MAX_RESPONSE (TOKEN_MAX_OBJECT + 104) /* an object in its 53 TLV, after GET RESPONSE chaining */

typedef struct ck_token_transport {
    /* Sends one APDU and receives data + SW1 SW2. CK_E_TOKEN_REMOVED when the card went away. */
    ck_err (*transmit)(void *ctx, const uint8_t *apdu, size_t n, uint8_t *resp, size_t cap, size_t *resp_len,
                       ck_diag *d);
    void (*close)(void *ctx); /* releases ctx */
    void *ctx;
    char reader[128];
} ck_token_transport;

typedef enum ck_token_slot { TOKEN_SLOT_AUTH = 0, TOKEN_SLOT_SIGN, TOKEN_SLOT__COUNT } ck_token_slot;
typedef enum ck_key_alg { KEY_ALG_P256 = 0, KEY_ALG_RSA2048, KEY_ALG_SM2 } ck_key_alg;
typedef enum ck_admin_alg {
    ADMIN_3DES = 0x03,
    ADMIN_AES128 = 0x08,
    ADMIN_AES192 = 0x0a,
    ADMIN_AES256 = 0x0c
} ck_admin_alg;

typedef struct ck_token_info {
    char model[32];
    char version[16];
    uint32_t serial;
} ck_token_info;

typedef struct ck_pin_status {
    int tries_left; /* -1 when the key does not say */
    bool blocked;
    bool verified;
    bool default_pin; /* still the CA's initial PIN 12345678, as far as the key records */
} ck_pin_status;

typedef struct ck_token ck_token;

enum ck_token_flag {
    TOKEN_FLAG_PIN_CHANGED = 1u << 0, /* the PIN is no longer the CA's initial 12345678 */
    TOKEN_FLAG_PUK_ROTATED = 1u << 1, /* the PUK is this key's derived one */
};

typedef struct ck_token_ops {
    const char *model;
    /* Selects the application; CK_E_TOKEN_UNKNOWN when the card is not of this model. */
    ck_err (*probe)(ck_token *t, ck_diag *d);
    ck_err (*identify)(ck_token *t, ck_token_info *out, ck_diag *d);
    ck_err (*pin_status)(ck_token *t, ck_pin_status *out, ck_diag *d);
    ck_err (*verify_pin)(ck_token *t, const char *pin, ck_diag *d);
    ck_err (*change_pin)(ck_token *t, const char *old_pin, const char *new_pin, ck_diag *d);
    ck_err (*change_puk)(ck_token *t, const char *old_puk, const char *new_puk, ck_diag *d);
    ck_err (*unblock_pin)(ck_token *t, const char *puk, const char *new_pin, ck_diag *d);
    ck_err (*admin_auth)(ck_token *t, ck_admin_alg alg, const uint8_t *key, size_t key_len, ck_diag *d);
    ck_err (*set_admin_key)(ck_token *t, ck_admin_alg alg, const uint8_t *key, size_t key_len, ck_diag *d);
    /* Generates a key pair on the key; *pub (caller frees) is its public half. */
    ck_err (*generate)(ck_token *t, ck_token_slot slot, ck_key_alg alg, EVP_PKEY **pub, ck_diag *d);
    /* Signs a digest (SHA-256 for P-256 and RSA) with the slot's key; sig is DER (ECDSA) or raw (RSA). */
    ck_err (*sign)(ck_token *t, ck_token_slot slot, ck_key_alg alg, const uint8_t *digest, size_t n, uint8_t *sig,
                   size_t *sig_len, ck_diag *d);
    ck_err (*read_cert)(ck_token *t, ck_token_slot slot, uint8_t *der, size_t cap, size_t *len, ck_diag *d);
    ck_err (*write_cert)(ck_token *t, ck_token_slot slot, const uint8_t *der, size_t len, ck_diag *d);
    ck_err (*read_seal)(ck_token *t, uint8_t *der, size_t cap, size_t *len, ck_diag *d);
    ck_err (*write_seal)(ck_token *t, const uint8_t *der, size_t len, ck_diag *d);
    /* The kiosk's flags on the key (TOKEN_FLAG_*); reading needs nothing, writing the issuer key. */
    ck_err (*get_flags)(ck_token *t, unsigned *flags, ck_diag *d);
    ck_err (*set_flags)(ck_token *t, unsigned flags, ck_diag *d);
    /* Removes the slot's certificate, for re-issue (a new key pair replaces the old one). */
    ck_err (*erase_slot)(ck_token *t, ck_token_slot slot, ck_diag *d);
} ck_token_ops;

struct ck_token {
    const ck_token_ops *ops;
    ck_token_transport tr;
    bool admin_authed; /* driver state: the issuer key was accepted in this session */
    unsigned apdus;    /* APDUs sent, for benchmarks and tests */
};

/* Opens a token over a transport (taking ownership of it) with the first driver that recognises the card. */
ck_err token_open(ck_token_transport tr, ck_token **out, ck_diag *d);
void token_close(ck_token *t);

/* Sends one APDU through the transport (counting it). Drivers use this. */
ck_err token_transmit(ck_token *t, const uint8_t *apdu, size_t n, uint8_t *resp, size_t cap, size_t *len, ck_diag *d);

extern const ck_token_ops token_piv_ops;

#endif
