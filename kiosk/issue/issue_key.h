/*
 * issue_key.h - the two steps of a job that happen on the customer's USB
 * Key, resumable wherever the key is pulled:
 *
 *   prepare: issuer login, a key pair generated on the key (recorded at once,
 *            so a resumed job never makes a second one), the PIN, a CSR
 *            signed on the key; the job becomes key_prepared;
 *   write:   the issued certificate (and seal) written, read back and
 *            compared; an absent or half-written object is (re)written; the
 *            job becomes written.
 *
 * Both are idempotent: run again after a pull, they finish what is left. A
 * different key inserted on resume is refused (CK_E_TOKEN_OTHER_KEY). Run on
 * a worker thread: they talk to the key.
 */
#ifndef CK_ISSUE_KEY_H
#define CK_ISSUE_KEY_H

#include <stdbool.h>

#include "store.h"
#include "token.h"
#include "token_admin.h"
#include "token_csr.h"

typedef struct ck_issue_result {
    bool already_done; /* nothing was left to do */
    bool resumed;      /* earlier work (a recorded key pair) was reused */
    bool rewrote;      /* a half-written or foreign object on the key was replaced */
} ck_issue_result;

ck_err issue_prepare_key(ck_store *st, ck_token *t, const uint8_t master[TOKEN_MASTER_LEN], const char *uuid,
                         const char *pin, const ck_csr_subject *subj, int64_t now, ck_issue_result *res, ck_diag *d);
ck_err issue_write_key(ck_store *st, ck_token *t, const uint8_t master[TOKEN_MASTER_LEN], const char *uuid, int64_t now,
                       ck_issue_result *res, ck_diag *d);

/*
 * For a seal-only job (印章升级, 印章续期): records the key's current signing
 * certificate as the one the new seal binds to (no state change).
 * CK_E_NOT_ELIGIBLE when the key holds no certificate.
 */
ck_err issue_bind_key(ck_store *st, ck_token *t, const char *uuid, int64_t now, ck_diag *d);

#endif
