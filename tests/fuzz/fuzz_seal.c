/*
 * fuzz_seal.c - any bytes as an electronic seal from a customer's USB Key:
 * seal_decode must refuse or accept them without reading out of bounds or
 * leaking, and what it accepts must keep seal.h's promises (strings
 * terminated within their arrays, lengths within their caps, a name and a
 * picture, one of the two binding forms). Whatever decodes then goes through
 * seal_verify and seal_trust_maker, which must reach a verdict.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

/* Not assert(): the fuzz build is RelWithDebInfo, whose NDEBUG would compile the checks away. */
#define CHECK(c)                                                                                                       \
    do {                                                                                                               \
        if (!(c)) {                                                                                                    \
            fprintf(stderr, "fuzz_seal: broken promise: %s\n", #c);                                                    \
            abort();                                                                                                   \
        }                                                                                                              \
    } while (0)

static void terminated(const char *s, size_t cap) { CHECK(memchr(s, '\0', cap) != NULL); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static seal_t s; /* ~20 KB: off the fuzzer's stack */
    seal_verdict v;
    ck_diag d;
    if (seal_decode(data, n, &s, &d) != CK_OK) {
        CHECK(d.en[0] != '\0' && d.zh[0] != '\0');
        return 0;
    }
    terminated(s.es_id, sizeof s.es_id);
    terminated(s.vendor_id, sizeof s.vendor_id);
    terminated(s.name, sizeof s.name);
    terminated(s.picture_type, sizeof s.picture_type);
    terminated(s.sig_alg_oid, sizeof s.sig_alg_oid);
    CHECK(s.name[0] != '\0' && s.es_id[0] != '\0');
    CHECK(s.type == SEAL_TYPE_ORG || s.type == SEAL_TYPE_PERSONAL);
    CHECK(s.bind_form == SEAL_BIND_DIGEST
              ? s.bound_cert_len == 0
              : s.bind_form == SEAL_BIND_CERT && s.bound_cert_len > 0 && s.bound_cert_len <= sizeof s.bound_cert);
    CHECK(s.picture_len > 0 && s.picture_len <= sizeof s.picture);
    CHECK(s.maker_cert_len > 0 && s.maker_cert_len <= sizeof s.maker_cert);
    CHECK(s.signature_len > 0 && s.signature_len <= sizeof s.signature);
    CHECK(s.ext_len <= sizeof s.ext_der);
    CHECK(s.picture_width_mm >= 1 && s.picture_width_mm <= SEAL_PICTURE_MM_MAX);
    /* Before, inside and after the validity, with and without a holder certificate. */
    const int64_t when[3] = {s.valid_start - 1, s.valid_start, s.valid_end + 1};
    for (int i = 0; i < 3; i++) {
        CHECK(seal_verify(&s, i == 1 ? data : NULL, n, when[i], &v, &d) == CK_OK);
        CHECK(v <= SEAL_OTHER_CERT && seal_verdict_zh(v)[0] != '\0');
        CHECK(v != SEAL_VALID || i == 1);
    }
    /* The maker certificate as its own CA: exercises the chain check on whatever it holds. */
    (void)seal_trust_maker(&s, s.maker_cert, s.maker_cert_len, s.valid_start, &d);
    return 0;
}
