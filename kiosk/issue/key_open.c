/* key_open.c - the USB Key in the configured reader; see key_open.h. */
#include "key_open.h"

#include <string.h>

#include "token_pcsc.h"
#include "token_sim.h"

ck_err key_open(const ck_config *cfg, ck_token **out, ck_diag *d)
{
    ck_token_transport tr;
    ck_err rc = strcmp(cfg->token_driver, "sim") == 0
                    ? token_sim_open(cfg->token_sim_card, 0, &tr, d)
                    : token_pcsc_connect(cfg->token_reader[0] != '\0' ? cfg->token_reader : NULL, &tr, d);
    *out = NULL;
    return rc == CK_OK ? token_open(tr, out, d) : rc;
}
