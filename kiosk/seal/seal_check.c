/* seal_check.c - decode, maker, signature, validity, binding (see seal_check.h). */
#include "seal_check.h"

#include <stdlib.h>

ck_err seal_check(const uint8_t *der, size_t len, const uint8_t *holder_cert, size_t holder_len,
                  const uint8_t *maker_ca, size_t ca_len, int64_t now, seal_t *out, seal_verdict *v, ck_diag *d)
{
    seal_t *s = out != NULL ? out : malloc(sizeof *s); /* ~20 KiB: not on a worker's stack */
    ck_err rc;
    *v = SEAL_MALFORMED;
    if (s == NULL)
        return CK_E_NOMEM;
    rc = seal_decode(der, len, s, d);
    /* The signature first: a forged seal is reported as forged, whoever claims to have made it. */
    if (rc == CK_OK)
        rc = seal_verify(s, holder_cert, holder_cert != NULL ? holder_len : 0, now, v, d);
    /*
     * The maker is judged as of the day it made the seal (a signature's chain
     * model): a seal made by a maker certified then stays good after the
     * maker's certificate, or the CA's, has run out; its own validity is what
     * ends it.
     */
    if (rc == CK_OK && (*v == SEAL_VALID || *v == SEAL_BINDING_UNCHECKED) && maker_ca != NULL &&
        seal_trust_maker(s, maker_ca, ca_len, s->created, d) != CK_OK)
        *v = SEAL_UNTRUSTED_MAKER;
    if (rc == CK_OK && *v != SEAL_VALID && *v != SEAL_BINDING_UNCHECKED)
        rc = CK_E_SEAL;
    if (s != out)
        free(s);
    return rc;
}
