/*
 * sync_pull.h - GET /v1/changes: the upstream's decisions on this kiosk's
 * jobs, applied through the core's state machine, from a cursor kept in the
 * store. A change applied twice is harmless (a job already in the target
 * state counts as applied), so the cursor is saved after the changes it
 * covers and a crash in between loses nothing. Blocking: the sync worker's.
 */
#ifndef CK_SYNC_PULL_H
#define CK_SYNC_PULL_H

#include "config.h"
#include "store.h"

typedef struct ck_pull_report {
    int pulled;  /* changes received */
    int applied; /* moved a job (or found it already there) */
    int ignored; /* unknown job or a step the state machine refuses: recorded as the last error */
    char error[256];
} ck_pull_report;

ck_err sync_pull_once(ck_store *st, const ck_config *cfg, int64_t now, ck_pull_report *rep, ck_diag *d);

#endif
