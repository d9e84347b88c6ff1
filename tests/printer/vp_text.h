/*
 * vp_text.h - the virtual receipt printer's text handling: the GB18030 bytes
 * a line was sent as, turned back into UTF-8 for receipts.jsonl, and the
 * columns the line takes on paper (a CJK character is two). Bytes that do
 * not decode are kept visibly as "\xNN" so a test sees what was sent, and
 * anything written into JSON is valid UTF-8 (jq reads every line). No I/O.
 */
#ifndef VP_TEXT_H
#define VP_TEXT_H

#include <iconv.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes n GB18030 bytes with cd (iconv_open("UTF-8", "GB18030")) into a
 * malloc'd NUL-terminated UTF-8 string in *out (the caller frees it), each
 * undecodable byte written as "\xNN" and counted as one column. *cols gets
 * the display width. Returns false if some byte did not decode; *out is NULL
 * only when memory ran out. */
bool vp_text_gb18030(iconv_t cd, const uint8_t *in, size_t n, char **out, int *cols);

/* The n bytes as a malloc'd NUL-terminated string: as they are if they are
 * valid UTF-8 without NUL (returns true), else with every byte outside a
 * valid sequence written as "\xNN" (returns false). NULL in *out when memory
 * ran out. */
bool vp_text_utf8(const uint8_t *in, size_t n, char **out);

/* Display columns of a code point: 2 for East Asian Wide/Fullwidth ranges. */
int vp_text_cp_width(uint32_t cp);

/* true if the GB18030 encoding of U+00A5 (81 30 84 36) occurs in the bytes. */
bool vp_text_has_yen(const uint8_t *in, size_t n);

#endif
