/*
 * token_sim.h - the virtual card as an in-process transport (token.driver =
 * sim): the kiosk runs its real PIV driver against it with no pcscd. Fault
 * injection: remove_after N makes the Nth and every later APDU fail as if
 * the key had been pulled.
 */
#ifndef CK_TOKEN_SIM_H
#define CK_TOKEN_SIM_H

#include "token.h"

ck_err token_sim_open(const char *card_path, unsigned remove_after, ck_token_transport *out, ck_diag *d);

#endif
