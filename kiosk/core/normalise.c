/* normalise.c - the rewrites of normalise.h, one code point at a time. */
#include "normalise.h"

#include <string.h>

#include "utf8.h"

/*
 * Every ASCII white-space character, not just ' ': a barcode scanner reading
 * the QR code on a business licence ends with CR or LF, and text pasted from a
 * document brings tabs. U+3000 is the IME's space, U+00A0 the web's.
 */
static bool is_space(uint32_t cp) { return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x3000 || cp == 0xa0; }

/* Full-width ASCII variants U+FF01..U+FF5E map to U+0021..U+007E. */
static uint32_t half_width(uint32_t cp) { return (cp >= 0xff01 && cp <= 0xff5e) ? cp - 0xfee0 : cp; }

/* Returns the rewritten code point, 0 to drop it; adds what it did to *changes. */
typedef uint32_t (*rewrite_fn)(uint32_t cp, bool drop_dashes, unsigned *changes);

static uint32_t rewrite_code(uint32_t cp, bool drop_dashes, unsigned *changes)
{
    if (is_space(cp)) {
        *changes |= NC_SPACE;
        return 0;
    }
    if (half_width(cp) != cp) {
        cp = half_width(cp);
        *changes |= NC_WIDTH;
    }
    if (drop_dashes && cp == '-') {
        *changes |= NC_DASH;
        return 0;
    }
    if (cp >= 'a' && cp <= 'z') {
        cp -= 'a' - 'A';
        *changes |= NC_CASE;
    }
    return cp;
}

static uint32_t rewrite_name(uint32_t cp, bool unused, unsigned *changes)
{
    (void)unused;
    if (is_space(cp)) {
        *changes |= NC_SPACE;
        return 0;
    }
    /* （） are already the form a registered name uses; everything else full-width (１, Ａ, ＆, －) is
     * made ASCII, so the name check sees one form and its messages name what it sees. */
    if (cp != 0xff08 && cp != 0xff09 && half_width(cp) != cp) {
        *changes |= NC_WIDTH;
        cp = half_width(cp);
    }
    if (cp == '(' || cp == ')') {
        *changes |= NC_BRACKET;
        return cp == '(' ? 0xff08 : 0xff09;
    }
    if (cp == 0x30fb || cp == 0x2022) {
        *changes |= NC_DOT;
        return 0xb7;
    }
    return cp;
}

static normalise_status run(const char *in, rewrite_fn fn, bool flag, char *out, size_t cap, unsigned *changes)
{
    size_t left = strlen(in), n = 0;
    *changes = 0;
    if (cap == 0)
        return NORMALISE_TOO_LONG;
    while (left > 0) {
        uint32_t cp, to;
        size_t len = utf8_decode(in, left, &cp), w;
        if (len == 0)
            return NORMALISE_BAD_UTF8;
        in += len;
        left -= len;
        to = fn(cp, flag, changes);
        if (to == 0)
            continue;
        if ((w = utf8_encode(to, out + n, cap - n - 1)) == 0 || n + w >= cap)
            return NORMALISE_TOO_LONG;
        n += w;
    }
    out[n] = '\0';
    return NORMALISE_OK;
}

normalise_status normalise_code(const char *in, bool drop_dashes, char *out, size_t cap, unsigned *changes)
{
    return run(in, rewrite_code, drop_dashes, out, cap, changes);
}

normalise_status normalise_name(const char *in, char *out, size_t cap, unsigned *changes)
{
    return run(in, rewrite_name, false, out, cap, changes);
}

/* Appends sep (unless buf is empty) and item, or nothing if they do not fit: never half a character. */
static void append(char *buf, size_t cap, const char *sep, const char *item)
{
    size_t n = strlen(buf), ls = n > 0 ? strlen(sep) : 0, li = strlen(item);
    if (n + ls + li >= cap)
        return;
    memcpy(buf + n, sep, ls);
    memcpy(buf + n + ls, item, li + 1);
}

void normalise_describe(unsigned changes, char *zh, char *en, size_t cap)
{
    static const struct {
        unsigned bit;
        const char *zh, *en;
    } names[] = {
        {NC_WIDTH, "全角字符已转为半角", "full-width characters made half-width"},
        {NC_SPACE, "已去除空格", "spaces removed"},
        {NC_CASE, "小写字母已转为大写", "letters upper-cased"},
        {NC_DASH, "已去除连字符", "dashes removed"},
        {NC_BRACKET, "括号已转为全角（）", "brackets made full-width"},
        {NC_DOT, "间隔号已统一为·", "the middle dot unified"},
        {NC_COUNTRY, "已去除国家代码+86", "the +86 country code removed"},
    };
    if (cap == 0)
        return;
    zh[0] = en[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (changes & names[i].bit) {
            append(zh, cap, "，", names[i].zh);
            append(en, cap, ", ", names[i].en);
        }
    }
}
