/* money.c - exact conversion between fen and decimal yuan text. */
#include "money.h"

#include <inttypes.h>
#include <stdio.h>

void money_format_yuan(int64_t fen, char *buf, size_t cap)
{
    /* Work on the magnitude as unsigned so INT64_MIN cannot overflow. */
    uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    snprintf(buf, cap, "%s%" PRIu64 ".%02" PRIu64, fen < 0 ? "-" : "", mag / 100, mag % 100);
}

ck_err money_parse_yuan(const char *s, int64_t *fen_out)
{
    int64_t yuan = 0, cents = 0;
    int int_digits = 0, frac_digits = 0;
    const char *p = s;
    if (s == NULL || fen_out == NULL)
        return CK_E_ARG;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (++int_digits > 7)
            return CK_E_ARG;
        yuan = yuan * 10 + (*p - '0');
    }
    if (int_digits == 0)
        return CK_E_ARG;
    if (*p == '.') {
        for (p++; *p >= '0' && *p <= '9'; p++) {
            if (++frac_digits > 2)
                return CK_E_ARG;
            cents = cents * 10 + (*p - '0');
        }
        if (frac_digits == 0)
            return CK_E_ARG;
        if (frac_digits == 1)
            cents *= 10;
    }
    if (*p != '\0')
        return CK_E_ARG;
    *fen_out = yuan * 100 + cents;
    return *fen_out <= MONEY_MAX_FEN ? CK_OK : CK_E_ARG;
}
