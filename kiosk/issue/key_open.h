/*
 * key_open.h - the USB Key in the configured reader: [token] driver "sim"
 * (the simulated key's state file) or PC/SC (the named reader, else the
 * first with a card). One place, for the reader's worker, the desk and
 * certkioskctl.
 */
#ifndef CK_ISSUE_KEY_OPEN_H
#define CK_ISSUE_KEY_OPEN_H

#include "config.h"
#include "token.h"

/* Connects and identifies the key's driver. Token errors (no reader, absent, unknown) with d. */
ck_err key_open(const ck_config *cfg, ck_token **out, ck_diag *d);

#endif
