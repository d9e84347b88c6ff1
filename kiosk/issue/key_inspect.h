/*
 * key_inspect.h - everything the self-check (证书自助检测) says about a USB
 * Key, read in one pass: the certificate (organisation, serial, validity,
 * days left, whether renewal is open now), the seal (checked by seal_check
 * against that certificate and the seal maker CA, its picture), the PIN
 * (tries left, blocked, still the initial 12345678), and the advice of the
 * CA's guide for each finding. Talks to the key: run it on a worker thread.
 */
#ifndef CK_ISSUE_KEY_INSPECT_H
#define CK_ISSUE_KEY_INSPECT_H

#include <stdbool.h>
#include <stdint.h>

#include "clock.h"
#include "eligibility.h"
#include "error.h"
#include "seal.h"
#include "token.h"

#define KEY_INSPECT_NOTES 6

typedef struct key_report {
    char serial[16]; /* the key's own serial, 8 digits */
    bool cert_present;
    char org_name[256]; /* the certificate's O (or CN for a person) */
    char uscc[32];      /* its organizationIdentifier's credit code; "" for a person */
    bool cert_is_org;   /* the subject names an organisation (O), not a person */
    char cert_serial[80];
    int64_t cert_not_after;
    ck_eligibility renewal; /* SVC_RENEW today: days_left, expired, open or why not, in the guide's words */
    bool seal_present;
    seal_verdict seal;      /* SEAL_MISSING when there is none */
    ck_diag seal_msg;       /* the advice for the verdict */
    char seal_name[256];
    int64_t seal_not_after;
    uint8_t *seal_picture;  /* PNG bytes (malloc'd; key_report_free), NULL when none */
    size_t seal_picture_len;
    ck_eligibility seal_upgrade, seal_renew; /* are 印章升级 / 印章续期 open today */
    ck_pin_status pin;
    int n_notes;                      /* what to do, most urgent first */
    ck_diag notes[KEY_INSPECT_NOTES]; /* e.g. PIN blocked -> window; seal 待升级 -> 印章升级/续期 */
} key_report;

/*
 * Reads the key t into *out (zeroed first). maker_ca (DER, may be NULL) is
 * the seal maker CA. CK_OK when the key could be read, even if what it holds
 * is bad (that is in the report); token errors otherwise (CK_E_TOKEN_REMOVED
 * ...), with d. Free with key_report_free, also after a failure.
 */
ck_err key_inspect(ck_token *t, const ck_clock *clock, const uint8_t *maker_ca, size_t ca_len, key_report *out,
                   ck_diag *d);
void key_report_free(key_report *r);

#endif
