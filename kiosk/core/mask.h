/*
 * mask.h - personal numbers as they may be shown or printed: an ID number as
 * "5101**********1234", a mobile as "138****5678", a name as "张**". Used wherever a personal
 * number leaves the store (screen, receipt, CLI); logs get none at all.
 */
#ifndef CK_CORE_MASK_H
#define CK_CORE_MASK_H

#include <stddef.h>

/*
 * Keeps the first `head` and last `tail` bytes of an ASCII string and puts
 * '*' in between. Strings too short to hide anything become all '*'. out must
 * hold strlen(in) + 1 bytes; returns out, or "" when cap is too small.
 */
char *mask_middle(const char *in, size_t head, size_t tail, char *out, size_t cap);
/* 18-character ID number: first 4, last 4. */
char *mask_idcard(const char *in, char *out, size_t cap);
/* 11-digit mobile: first 3, last 4. */
char *mask_mobile(const char *in, char *out, size_t cap);
/* A name (UTF-8) as "张**": its first character, then one '*' per further character. Returns out. */
char *mask_name(const char *name, char *out, size_t cap);

#endif
