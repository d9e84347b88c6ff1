/*
 * money.h - amounts are integer fen (1 yuan = 100 fen), never floating point.
 * These two functions are the only place where fen meet the decimal yuan a
 * person reads and writes.
 */
#ifndef CK_CORE_MONEY_H
#define CK_CORE_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Largest amount accepted from text: 9,999,999.99 yuan. */
#define MONEY_MAX_FEN INT64_C(999999999)

/* Writes e.g. "100.00" or "-0.50"; buf must hold at least 24 bytes. */
void money_format_yuan(int64_t fen, char *buf, size_t cap);

/*
 * Parses a non-negative yuan amount: digits, optionally '.' and one or two
 * digits ("100", "100.5", "100.50"). No sign, no spaces, no exponent; at most
 * MONEY_MAX_FEN. CK_E_ARG on anything else.
 */
ck_err money_parse_yuan(const char *s, int64_t *fen_out);

#endif
