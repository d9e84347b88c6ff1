/*
 * token_pcsc.h - USB Keys through pcsc-lite (pcscd): listing readers,
 * waiting for a key to be inserted or removed (SCardGetStatusChange, which
 * blocks: call it on a worker thread, never the UI's), and connecting a
 * transport. Every PC/SC status maps to one ck_err (pcsc_error).
 */
#ifndef CK_TOKEN_PCSC_H
#define CK_TOKEN_PCSC_H

#include <stdbool.h>

#include "token.h"

#define TOKEN_PCSC_MAX_READERS 8

typedef struct token_pcsc_reader {
    char name[128];
    bool card_present;
} token_pcsc_reader;

ck_err token_pcsc_list(token_pcsc_reader *out, int max, int *n, ck_diag *d);
/* Whether pcscd answers (a context can be established), readers or not: CK_E_TOKEN_NO_READER with d when not. */
ck_err token_pcsc_service(ck_diag *d);
/* Connects to `reader`, or to the first reader holding a card when reader is NULL. */
ck_err token_pcsc_connect(const char *reader, ck_token_transport *out, ck_diag *d);
/*
 * Waits until a card is present (want_present) or absent in `reader` (NULL:
 * the first reader), at most timeout_ms (-1: forever). CK_OK when it
 * happened, CK_E_TOKEN_ABSENT on time-out.
 */
ck_err token_pcsc_wait(const char *reader, bool want_present, int timeout_ms, ck_diag *d);

#endif
