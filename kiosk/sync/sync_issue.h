/*
 * sync_issue.h - certificates for approved jobs: the job's CSR (made on the
 * customer's USB Key, kept in the store) is handed to the upstream
 * (POST /v1/jobs/{uuid}/csr) and the certificate that comes back is checked
 * and kept (sync_cert.h). The same certificate also arrives with the status
 * changes; whichever comes first wins and the other is a no-op. Blocking:
 * the sync worker's.
 */
#ifndef CK_SYNC_ISSUE_H
#define CK_SYNC_ISSUE_H

#include "config.h"
#include "store.h"

typedef struct ck_issue_report {
    int asked;  /* approved jobs whose CSR was handed in */
    int issued; /* certificates received and kept */
    int failed; /* refused or unreachable: the job stays approved, asked again next round */
    char error[256];
} ck_issue_report;

ck_err sync_issue_once(ck_store *st, const ck_config *cfg, int64_t now, ck_issue_report *rep, ck_diag *d);

#endif
