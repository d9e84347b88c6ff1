/*
 * normalise.h - what a customer typed, made comparable before it is checked.
 * A Chinese input method easily produces full-width digits and letters
 * (１２３, ＡＢＣ) and ideographic spaces; codes are upper-cased and lose
 * every space; names keep their characters but get full-width brackets, the
 * form used in registered Chinese organisation names.
 */
#ifndef CK_CORE_NORMALISE_H
#define CK_CORE_NORMALISE_H

#include <stdbool.h>
#include <stddef.h>

/* What a normalisation changed, as bits, so the message can say exactly that. */
enum normalise_change {
    NC_WIDTH = 1u << 0,   /* full-width ASCII variants (１, Ａ, －) made ASCII */
    NC_SPACE = 1u << 1,   /* spaces removed */
    NC_CASE = 1u << 2,    /* letters upper-cased */
    NC_DASH = 1u << 3,    /* dashes removed */
    NC_BRACKET = 1u << 4, /* half-width brackets made full-width */
    NC_DOT = 1u << 5,     /* a middle-dot look-alike made U+00B7 */
    NC_COUNTRY = 1u << 6, /* the +86 country code removed (set by the mobile check) */
};

typedef enum normalise_status {
    NORMALISE_OK = 0,
    NORMALISE_BAD_UTF8, /* the input is not valid UTF-8 */
    NORMALISE_TOO_LONG, /* the result does not fit in out */
} normalise_status;

/*
 * Both return NORMALISE_BAD_UTF8 for invalid UTF-8 and NORMALISE_TOO_LONG when
 * the result and its NUL do not fit in cap bytes; out is then unusable.
 *
 * For codes (credit code, ID number, mobile): full-width ASCII (U+FF01..FF5E)
 * to ASCII, every white space removed (ASCII space, tab, CR, LF, VT, FF,
 * U+3000 and U+00A0, anywhere in the input), letters upper-cased.
 * If drop_dashes, '-' (ASCII and full-width) is removed too (mobiles are
 * written 138-1234-5678). *changes gets the enum normalise_change bits.
 */
normalise_status normalise_code(const char *in, bool drop_dashes, char *out, size_t cap, unsigned *changes);

/*
 * For names: full-width ASCII variants to ASCII except （）, which stay;
 * white space (as for codes) removed everywhere, not only trimmed, because
 * registered Chinese names and ID-card names have none ("张 三" is 张三);
 * half-width brackets to full-width （）; U+30FB and U+2022 to the middle dot
 * U+00B7 used in transliterated names.
 */
normalise_status normalise_name(const char *in, char *out, size_t cap, unsigned *changes);

/*
 * Describes the change bits in both languages ("全角字符已转为半角，已去除空格"),
 * each in a buffer of cap bytes; an item that does not fit is left out whole.
 */
void normalise_describe(unsigned changes, char *zh, char *en, size_t cap);

#endif
