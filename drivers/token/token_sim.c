/* token_sim.c - APDUs to the in-process virtual card. */
#include "token_sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vcard.h"

struct sim {
    vcard *card;
    unsigned sent, remove_after;
};

static ck_err sim_transmit(void *ctx, const uint8_t *apdu, size_t n, uint8_t *resp, size_t cap, size_t *resp_len,
                           ck_diag *d)
{
    struct sim *s = ctx;
    uint8_t buf[VCARD_MAX_RESPONSE];
    size_t len;
    if (s->remove_after > 0 && ++s->sent >= s->remove_after)
        return ck_diag_fail(d, CK_E_TOKEN_REMOVED, "USB Key已被拔出，请重新插入后继续",
                            "The USB Key was removed; insert it again to continue");
    len = vcard_transmit(s->card, apdu, n, buf, sizeof buf);
    if (len > cap)
        return ck_diag_fail(d, CK_E_TOKEN_COMM, "USB Key应答过长", "the USB Key's answer is too long");
    memcpy(resp, buf, len);
    *resp_len = len;
    return CK_OK;
}

static void sim_close(void *ctx)
{
    struct sim *s = ctx;
    vcard_close(s->card);
    free(s);
}

ck_err token_sim_open(const char *card_path, unsigned remove_after, ck_token_transport *out, ck_diag *d)
{
    struct sim *s = calloc(1, sizeof *s);
    char err[256];
    if (s == NULL)
        return CK_E_NOMEM;
    if (vcard_open(card_path, &s->card, err, sizeof err) != 0) {
        free(s);
        return ck_diag_fail(d, CK_E_TOKEN_ABSENT, "无法打开模拟USB Key：%s", "cannot open the simulated USB Key: %s",
                            err);
    }
    vcard_reset(s->card);
    s->remove_after = remove_after;
    *out = (ck_token_transport){.transmit = sim_transmit, .close = sim_close, .ctx = s};
    snprintf(out->reader, sizeof out->reader, "certkiosk simulated reader");
    return CK_OK;
}
