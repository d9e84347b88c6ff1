/*
 * seal_check.h - the one check a seal passes before the kiosk keeps it,
 * writes it to a USB Key, or shows it as valid: it decodes, its maker is
 * certified by the seal maker CA (when the kiosk has one configured), the
 * maker's signature holds, it is valid now, and it is bound to the holder's
 * certificate. Sync, the key writer and `certkioskctl seal` all call this,
 * so they can never disagree about what a good seal is.
 */
#ifndef CK_SEAL_CHECK_H
#define CK_SEAL_CHECK_H

#include "seal.h"

/*
 * Checks der (len bytes) at time now. holder_cert (DER) may be NULL: the
 * binding is then not checked (verdict SEAL_BINDING_UNCHECKED at best).
 * maker_ca (DER) may be NULL: the maker is then not checked; otherwise its
 * certificate must chain to maker_ca as of the seal's creation date. out may be
 * NULL; otherwise it receives the decoded seal whenever it decodes (so a
 * caller can show what an invalid seal claims). *v is always set.
 * CK_OK when the verdict is SEAL_VALID or SEAL_BINDING_UNCHECKED; CK_E_SEAL
 * otherwise, d giving the specific reason; CK_E_NOMEM.
 */
ck_err seal_check(const uint8_t *der, size_t len, const uint8_t *holder_cert, size_t holder_len,
                  const uint8_t *maker_ca, size_t ca_len, int64_t now, seal_t *out, seal_verdict *v, ck_diag *d);

#endif
