/*
 * sync_heartbeat.h - POST /v1/heartbeat: the kiosk's clock, queue depth,
 * versions and audit-chain head go up (the upstream keeping the head is what
 * can show rows cut off the chain's end); the server's time comes back, and
 * the difference is recorded for `sync status` and the clock warning.
 */
#ifndef CK_SYNC_HEARTBEAT_H
#define CK_SYNC_HEARTBEAT_H

#include <stdint.h>

#include "config.h"
#include "store.h"

/* CK_OK with *skew_s = server time - kiosk time; CK_E_UPSTREAM when unreachable or the answer is unusable. */
ck_err sync_heartbeat(ck_store *st, const ck_config *cfg, int64_t now, int64_t *skew_s, ck_diag *d);

#endif
