/* fuzz_tlv.c - the BER-TLV reader never reads outside what it was given. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "tlv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static const unsigned tags[] = {0x53, 0x5c, 0x70, 0x71, 0x7c, 0x80, 0x81, 0x82, 0x86, 0xac, 0x7f49, 0x5fc1};
    uint8_t out[300];
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        const uint8_t *v, *w;
        size_t l, m;
        if (!tlv_find(data, n, tags[i], &v, &l))
            continue;
        assert(v >= data && l <= n && v + l <= data + n);
        if (tlv_find(v, l, 0x82, &w, &m))
            assert(w >= v && w + m <= v + l);
    }
    tlv_put(out, sizeof out, 0x7c, data, n > 250 ? 250 : n);
    return 0;
}
