/*
 * fuzz_vcard.c - the virtual card against any command APDUs: the input is a
 * sequence of APDUs (1-byte length, bytes). The card must answer every one
 * with a status word and never crash; its state file lives in /dev/shm or /tmp.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "vcard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static vcard *card;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    uint8_t resp[VCARD_MAX_RESPONSE];
    if (card == NULL) {
        char path[64], err[256];
        snprintf(path, sizeof path, "%s/ck-fuzz-vcard-%d.vk", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp",
                 (int)getpid());
        unlink(path);
        if (vcard_open(path, &card, err, sizeof err) != 0)
            abort();
    }
    vcard_reset(card);
    /* Select the application first, as every host does, so inputs reach the commands behind it. */
    {
        static const uint8_t select[] = {0x00, 0xa4, 0x04, 0x00, 0x09, 0xa0, 0x00, 0x00,
                                         0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x00};
        vcard_transmit(card, select, sizeof select, resp, sizeof resp);
    }
    while (n > 0) {
        size_t len = data[0], got;
        data++, n--;
        if (len > n)
            len = n;
        got = vcard_transmit(card, data, len, resp, sizeof resp);
        if (got < 2 || got > sizeof resp)
            abort();
        data += len, n -= len;
    }
    return 0;
}
