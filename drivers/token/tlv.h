/*
 * tlv.h - BER-TLV as PIV uses it (SP 800-73-4 part 2): one- or two-byte tags,
 * lengths in the short form or 81 xx / 82 xx xx. Shared by the PIV driver and
 * the virtual card; every reader is bounded by the buffer it is given.
 */
#ifndef CK_TOKEN_TLV_H
#define CK_TOKEN_TLV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes a length; returns the bytes written (1-3), or 0 if len > 65535 or cap is short. */
size_t tlv_put_len(uint8_t *out, size_t cap, size_t len);
/* Writes tag (1 or 2 bytes: tags > 0xff are written as two), length and value. Returns total bytes or 0. */
size_t tlv_put(uint8_t *out, size_t cap, unsigned tag, const uint8_t *value, size_t len);

/*
 * Finds `tag` among the TLVs directly inside buf[0..n) (not nested). On
 * success points *value into buf, sets *len and returns true. Malformed
 * input (a length running past the end) returns false.
 */
bool tlv_find(const uint8_t *buf, size_t n, unsigned tag, const uint8_t **value, size_t *len);

#endif
