/* mask.c - masking of personal numbers for display and print. */
#include "mask.h"

#include <stdbool.h>
#include <string.h>

char *mask_middle(const char *in, size_t head, size_t tail, char *out, size_t cap)
{
    size_t len = in != NULL ? strlen(in) : 0;
    if (out == NULL || cap == 0)
        return out;
    if (in == NULL || len + 1 > cap) {
        out[0] = '\0';
        return out;
    }
    for (size_t i = 0; i < len; i++) {
        bool visible = len > head + tail && (i < head || i >= len - tail);
        out[i] = visible ? in[i] : '*';
    }
    out[len] = '\0';
    return out;
}

char *mask_idcard(const char *in, char *out, size_t cap) { return mask_middle(in, 4, 4, out, cap); }
char *mask_mobile(const char *in, char *out, size_t cap) { return mask_middle(in, 3, 4, out, cap); }

char *mask_name(const char *name, char *out, size_t cap)
{
    size_t first = 0, n = 0;
    if (name[0] != '\0')
        for (first = 1; (name[first] & 0xc0) == 0x80; first++)
            ;
    if (first + 1 > cap) {
        out[0] = '\0';
        return out;
    }
    memcpy(out, name, first);
    n = first;
    for (const char *p = name + first; *p != '\0' && n + 2 < cap; p++)
        if ((*p & 0xc0) != 0x80)
            out[n++] = '*';
    out[n] = '\0';
    return out;
}
