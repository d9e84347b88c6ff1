/* utf8.c - strict UTF-8 decoding and encoding (RFC 3629). */
#include "utf8.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

size_t utf8_decode(const char *s, size_t avail, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t c, min;
    size_t len;
    if (avail == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if ((u[0] & 0xe0) == 0xc0) {
        len = 2, c = u[0] & 0x1f, min = 0x80;
    } else if ((u[0] & 0xf0) == 0xe0) {
        len = 3, c = u[0] & 0x0f, min = 0x800;
    } else if ((u[0] & 0xf8) == 0xf0) {
        len = 4, c = u[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (len > avail)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

size_t utf8_encode(uint32_t cp, char *out, size_t cap)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80 && cap >= 1) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800 && cap >= 2) {
        o[0] = (unsigned char)(0xc0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp >= 0x800 && cp < 0x10000 && !(cp >= 0xd800 && cp <= 0xdfff) && cap >= 3) {
        o[0] = (unsigned char)(0xe0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (unsigned char)(0x80 | (cp & 0x3f));
        return 3;
    }
    if (cp >= 0x10000 && cp <= 0x10ffff && cap >= 4) {
        o[0] = (unsigned char)(0xf0 | (cp >> 18));
        o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
        o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        o[3] = (unsigned char)(0x80 | (cp & 0x3f));
        return 4;
    }
    return 0;
}

long utf8_count(const char *s)
{
    size_t left = strlen(s);
    long n = 0;
    while (left > 0) {
        uint32_t cp;
        size_t len = utf8_decode(s, left, &cp);
        if (len == 0)
            return -1;
        s += len;
        left -= len;
        n++;
    }
    return n;
}

/*
 * Controls, DEL, unusual spaces, soft hyphen, zero-width and direction marks,
 * separators, the BOM; private-use characters and noncharacters, which a
 * kiosk font draws as an empty box.
 */
static bool invisible(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp == 0xad || (cp >= 0x2000 && cp <= 0x200f) ||
           (cp >= 0x2028 && cp <= 0x202f) || (cp >= 0x205f && cp <= 0x206f) || cp == 0x3000 || cp == 0xfeff ||
           (cp >= 0xe000 && cp <= 0xf8ff) || cp >= 0xf0000 || (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe;
}

char *utf8_display(uint32_t cp, char *out, size_t cap)
{
    size_t n = invisible(cp) ? 0 : utf8_encode(cp, out, cap - 1);
    if (n > 0)
        out[n] = '\0';
    else
        snprintf(out, cap, "U+%04X", (unsigned)cp);
    return out;
}

int utf8_cp_width(uint32_t cp)
{
    /* The wide ranges of Unicode's East Asian Width (W, F) that Chinese text uses, and zero-width marks. */
    static const uint32_t wide[][2] = {
        {0x1100, 0x115F}, {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},
        {0xA000, 0xA4CF}, {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},
        {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
    };
    static const uint32_t zero[][2] = {{0x0300, 0x036F}, {0x200B, 0x200F}, {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF}};
    for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
        if (cp >= zero[i][0] && cp <= zero[i][1])
            return 0;
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (cp >= wide[i][0] && cp <= wide[i][1])
            return 2;
    return 1;
}

long utf8_width(const char *s)
{
    long w = 0;
    size_t len = strlen(s), i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (n == 0)
            return -1;
        w += utf8_cp_width(cp);
        i += n;
    }
    return w;
}
