/*
 * pin_policy.h - what a new USB Key PIN may be. The CA's keys ship with
 * 12345678 (the seed: 证书初始密码为"12345678"), so a new PIN must differ from it,
 * and a PIN of one repeated character is refused too; PIV allows 6 to 8
 * printable characters.
 */
#ifndef CK_CORE_PIN_POLICY_H
#define CK_CORE_PIN_POLICY_H

#include "error.h"

#define PIN_INITIAL "12345678"

/* CK_OK, or CK_E_INVALID_INPUT with d saying which rule the PIN breaks (never echoing it). */
ck_err pin_check_new(const char *pin, ck_diag *d);

#endif
