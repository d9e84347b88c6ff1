/*
 * utf8.h - the little UTF-8 the validators need: decode one code point with
 * full validation (no overlongs, no surrogates, nothing above U+10FFFF),
 * encode one, count them.
 */
#ifndef CK_CORE_UTF8_H
#define CK_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decodes the code point at s (at most `avail` bytes). Returns its length in
 * bytes (1-4) and stores it in *cp, or returns 0 for invalid or truncated
 * UTF-8 (and for avail == 0).
 */
size_t utf8_decode(const char *s, size_t avail, uint32_t *cp);
/* Writes cp (a valid scalar value) to out; returns its length (1-4), or 0 if cap is too small. */
size_t utf8_encode(uint32_t cp, char *out, size_t cap);
/* Number of code points in a NUL-terminated string, or -1 if it is not valid UTF-8. */
long utf8_count(const char *s);

/*
 * Columns cp takes on a fixed-width device (a receipt printer, a terminal):
 * 2 for East Asian wide and full-width characters (Unicode's W and F), 0 for
 * combining marks and zero-width characters, 1 otherwise.
 */
int utf8_cp_width(uint32_t cp);
/* Columns of a NUL-terminated string, or -1 if it is not valid UTF-8. */
long utf8_width(const char *s);

/*
 * Writes cp so a person can see it in a message: the character itself, or
 * "U+XXXX" for a control, invisible, private-use or non-character (a
 * zero-width space pasted into a name would otherwise show as an empty
 * quote). Always NUL-terminates out; cap must be at least 9. Returns out.
 */
char *utf8_display(uint32_t cp, char *out, size_t cap);

#endif
