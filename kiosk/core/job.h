/*
 * job.h - the life of a customer's job, as a state machine the store obeys.
 *
 *   draft → awaiting_payment → paid → key_prepared → queued → submitted
 *         → approved | rejected → issued → written → done
 *
 * Each service walks only the steps it needs, derived from its flags in the
 * service table: free services skip payment, only certificate issuance
 * prepares a key (CSR), only upstream work is queued and submitted, only
 * something issued is written to a key (revocation ends at approved → done),
 * and PIN change and unlock are done at the kiosk (draft → done). Besides the
 * path: submitted → rejected; cancel from any state before submission; a
 * draft or an unpaid job expires. Anything else is an error, never a no-op.
 */
#ifndef CK_CORE_JOB_H
#define CK_CORE_JOB_H

#include <stdbool.h>

#include "error.h"
#include "services.h"

typedef enum ck_job_state {
    JOB_DRAFT = 0,
    JOB_AWAITING_PAYMENT,
    JOB_PAID,
    JOB_KEY_PREPARED, /* key pair generated on the USB Key, CSR made */
    JOB_QUEUED,       /* in the outbox, waiting for the upstream */
    JOB_SUBMITTED,    /* the upstream has acknowledged it */
    JOB_APPROVED,
    JOB_REJECTED,
    JOB_ISSUED,  /* certificate and/or seal issued by the upstream */
    JOB_WRITTEN, /* written to the customer's USB Key */
    JOB_DONE,
    JOB_CANCELLED,
    JOB_EXPIRED,
    JOB__COUNT
} ck_job_state;

/* Who caused a transition; the store records it, the sync layer sends only the kiosk's. */
typedef enum ck_job_origin { ORIGIN_KIOSK = 0, ORIGIN_UPSTREAM, ORIGIN_CLERK } ck_job_origin;

#define JOB_MAX_PATH 12

const char *job_state_code(ck_job_state s); /* "awaiting_payment" */
const char *job_state_zh(ck_job_state s);   /* "待支付" */
const char *job_state_en(ck_job_state s);
ck_err job_state_parse(const char *code, ck_job_state *out);
bool job_state_is_terminal(ck_job_state s);

/* The main path of service s, draft first and done last. Returns its length. */
int job_path(ck_service s, ck_job_state out[JOB_MAX_PATH]);

/*
 * CK_OK if a job of service s may go from `from` to `to`; otherwise
 * CK_E_ILLEGAL_TRANSITION with d naming both states, or CK_E_ARG for values
 * out of range. d may be NULL.
 */
ck_err job_transition_check(ck_service s, ck_job_state from, ck_job_state to, ck_diag *d);

/* The next state on s's path after `from`, or JOB__COUNT if there is none. */
ck_job_state job_next(ck_service s, ck_job_state from);

/* true if entering `to` hands the job to the upstream (the outbox submits it). */
bool job_enters_queue(ck_job_state to);

#endif
