/*
 * vp_text.c - GB18030 back to UTF-8, display widths and UTF-8 checking for
 * the virtual receipt printer (see vp_text.h).
 */
#include "vp_text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (code point in *cp), 0 if none. */
static size_t utf8_next(const uint8_t *s, size_t n, uint32_t *cp)
{
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    size_t len;
    uint32_t c;
    if (s[0] < 0x80) {
        *cp = s[0];
        return s[0] != 0;
    }
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2, c = s[0] & 0x1Fu;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3, c = s[0] & 0x0Fu;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4, c = s[0] & 0x07u;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    if (c < min[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

int vp_text_cp_width(uint32_t cp)
{
    static const uint32_t wide[][2] = {
        {0x1100, 0x115F}, {0x2E80, 0xA4CF}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF},
        {0xFE30, 0xFE4F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6},
    };
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (cp >= wide[i][0] && cp <= wide[i][1])
            return 2;
    return 1;
}

/* Columns of valid UTF-8 text (as iconv writes it). */
static int utf8_width(const char *s, size_t n)
{
    int w = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t cp = 0;
        size_t len = utf8_next((const uint8_t *)s + i, n - i, &cp);
        w += len ? vp_text_cp_width(cp) : 1;
        i += len ? len : 1;
    }
    return w;
}

bool vp_text_gb18030(iconv_t cd, const uint8_t *in, size_t n, char **out, int *cols)
{
    /* A GB18030 character never grows past 4 UTF-8 bytes for its bytes, nor does "\xNN" for one byte. */
    size_t cap = 4 * n + 1, left = n, oleft = 4 * n;
    char *buf = malloc(cap), *ip = (char *)in, *op = buf;
    bool ok = true;
    int w = 0;
    *out = NULL, *cols = 0;
    if (!buf)
        return false;
    iconv(cd, NULL, NULL, NULL, NULL);
    while (left > 0) {
        char *start = op;
        size_t r = iconv(cd, &ip, &left, &op, &oleft);
        w += utf8_width(start, (size_t)(op - start));
        if (r != (size_t)-1)
            break;
        ok = false;
        if (errno == E2BIG || oleft < 4) /* cannot happen with the bound above; stop rather than overrun */
            break;
        /* EILSEQ or EINVAL (a sequence cut short): show the byte, go on after it. */
        snprintf(op, oleft + 1, "\\x%02x", (unsigned)(uint8_t)*ip);
        op += 4, oleft -= 4, ip++, left--, w++;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    *op = '\0';
    *out = buf, *cols = w;
    return ok;
}

bool vp_text_utf8(const uint8_t *in, size_t n, char **out)
{
    char *buf = malloc(4 * n + 1), *op = buf;
    bool ok = true;
    *out = NULL;
    if (!buf)
        return false;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_next(in + i, n - i, &cp);
        if (len) {
            memcpy(op, in + i, len);
            op += len, i += len;
        } else {
            snprintf(op, 5, "\\x%02x", (unsigned)in[i]);
            op += 4, i++, ok = false;
        }
    }
    *op = '\0';
    *out = buf;
    return ok;
}

bool vp_text_has_yen(const uint8_t *in, size_t n)
{
    static const uint8_t yen[4] = {0x81, 0x30, 0x84, 0x36};
    for (size_t i = 0; i + 4 <= n; i++)
        if (memcmp(in + i, yen, 4) == 0)
            return true;
    return false;
}
