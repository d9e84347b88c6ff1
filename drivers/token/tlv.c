/* tlv.c - bounded BER-TLV reading and writing for PIV. */
#include "tlv.h"

#include <string.h>

size_t tlv_put_len(uint8_t *out, size_t cap, size_t len)
{
    if (len < 0x80 && cap >= 1) {
        out[0] = (uint8_t)len;
        return 1;
    }
    if (len <= 0xff && cap >= 2) {
        out[0] = 0x81;
        out[1] = (uint8_t)len;
        return 2;
    }
    if (len <= 0xffff && cap >= 3) {
        out[0] = 0x82;
        out[1] = (uint8_t)(len >> 8);
        out[2] = (uint8_t)len;
        return 3;
    }
    return 0;
}

size_t tlv_put(uint8_t *out, size_t cap, unsigned tag, const uint8_t *value, size_t len)
{
    size_t n = 0, l;
    if (tag > 0xff) {
        if (cap < 2)
            return 0;
        out[n++] = (uint8_t)(tag >> 8);
    }
    if (cap < n + 1)
        return 0;
    out[n++] = (uint8_t)tag;
    if ((l = tlv_put_len(out + n, cap - n, len)) == 0 || cap - n - l < len)
        return 0;
    n += l;
    if (len > 0)
        memmove(out + n, value, len);
    return n + len;
}

/* Reads one TLV header at buf[*pos]; advances *pos to the value. */
static bool read_header(const uint8_t *buf, size_t n, size_t *pos, unsigned *tag, size_t *len)
{
    size_t p = *pos;
    if (p >= n)
        return false;
    *tag = buf[p++];
    /* Two-byte tags: the low five bits of the first byte all set (5F.., 7F..). */
    if ((*tag & 0x1f) == 0x1f) {
        if (p >= n)
            return false;
        *tag = (*tag << 8) | buf[p++];
    }
    if (p >= n)
        return false;
    if (buf[p] < 0x80) {
        *len = buf[p++];
    } else if (buf[p] == 0x81 && p + 1 < n) {
        *len = buf[p + 1];
        p += 2;
    } else if (buf[p] == 0x82 && p + 2 < n) {
        *len = ((size_t)buf[p + 1] << 8) | buf[p + 2];
        p += 3;
    } else {
        return false;
    }
    if (*len > n - p)
        return false;
    *pos = p;
    return true;
}

bool tlv_find(const uint8_t *buf, size_t n, unsigned tag, const uint8_t **value, size_t *len)
{
    size_t pos = 0;
    while (pos < n) {
        unsigned t;
        size_t l;
        if (!read_header(buf, n, &pos, &t, &l))
            return false;
        if (t == tag) {
            *value = buf + pos;
            *len = l;
            return true;
        }
        pos += l;
    }
    return false;
}
