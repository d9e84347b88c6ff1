/*
 * vcard.h - a virtual PIV card (NIST SP 800-73-4 subset) that behaves like a
 * USB Key: PIN and PUK with retry counters and blocking, management-key
 * challenge-response (3DES, AES-128/192/256), on-card key generation (ECC
 * P-256, RSA-2048) and signing with OpenSSL, data objects, command chaining
 * and 61xx/GET RESPONSE, and the YubiKey extensions yubico-piv-tool uses
 * (GET VERSION, GET SERIAL, SET MANAGEMENT KEY). It persists to a file so a
 * "key" keeps its contents across restarts.
 *
 * It runs in-process (token.driver = sim) and as a card in vsmartcard's vpcd
 * reader (tests/vkey/vkey_vpcd.c), from this one engine.
 */
#ifndef CK_TOKEN_VCARD_H
#define CK_TOKEN_VCARD_H

#include <stddef.h>
#include <stdint.h>

typedef struct vcard vcard;

#define VCARD_MAX_RESPONSE (4096 + 2)

/*
 * Opens the card stored at path, or creates one there (PIN 12345678, PUK
 * 12345678, the YubiKey default 3DES management key, a random serial) when
 * the file does not exist. Returns 0, or -1 with err filled.
 */
int vcard_open(const char *path, vcard **out, char *err, size_t errcap);
void vcard_close(vcard *c);

/* Power-on/reset: forgets the PIN and management-key authentication and any chained or pending data. */
void vcard_reset(vcard *c);

/*
 * Processes one command APDU (short form). Writes response data and SW1 SW2
 * to resp (cap >= VCARD_MAX_RESPONSE) and returns its length (>= 2).
 */
size_t vcard_transmit(vcard *c, const uint8_t *apdu, size_t n, uint8_t *resp, size_t cap);

/* The ATR the card answers with: 3B 80 80 01 01 (T=1, no historical bytes). */
const uint8_t *vcard_atr(size_t *len);
uint32_t vcard_serial(const vcard *c);

#endif
