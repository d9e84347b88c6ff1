/*
 * desk.h - the kiosk's side of a customer's job, one blocking step at a time,
 * on the desk's own worker thread: the store, the USB Key's writing, the
 * upstream's payment and the receipt printer. The screens (kiosk/ui) never
 * wait: a screen fills a desk_req, hands it to desk_submit and hears back
 * when it is done, with what came out (the job's state, the payment order,
 * the receipt), through the notify callback, from which the program posts
 * it to the UI's loop.
 *
 * Steps run one after the other in the order given. The two that wait on
 * somebody else (the customer paying with their phone, the CA reviewing and
 * issuing) run until that happens, the step fails, or desk_cancel_wait is
 * called (the customer gave up, the session ended).
 *
 * Requests hold what the customer typed (names, numbers, PINs): desk_req_free
 * overwrites them before it frees.
 */
#ifndef CK_DESK_H
#define CK_DESK_H

#include <stdbool.h>
#include <stdint.h>

#include "clock.h"
#include "config.h"
#include "fees.h"
#include "day_report.h"
#include "doctor.h"
#include "print_receipt.h"
#include "store.h"
#include "store_clerks.h"

typedef enum desk_op {
    DESK_CREATE = 0, /* a new job from the fields below; a paid one goes on to awaiting_payment */
    DESK_PAY_START,  /* the job's WeChat order (new or still open): order */
    DESK_PAY_WAIT,   /* asks the upstream about the order until it is paid, closed or expired: job */
    DESK_CANCEL,     /* the customer gave up: the job is cancelled and its open order closed */
    DESK_PREPARE,    /* on the key: a key pair and CSR (PIN pin), then the PIN set to new_pin; queued */
    DESK_BIND,       /* on the key: its certificate recorded for a seal-only job; queued */
    DESK_QUEUE,      /* a job with nothing to do on the key (revocation) handed to the upstream */
    DESK_WAIT_ISSUED, /* until the upstream has issued (or rejected, or for a revocation done): job */
    DESK_WRITE,      /* on the key: what was issued, written, read back and checked; the job is done */
    DESK_PRINT,      /* the job's fee receipt: printed */
    DESK_CHANGE_PIN, /* on the key: pin -> new_pin (修改密码), audited; no job */
    DESK_READ,       /* the job as stored: job */
    /* Supervisor mode (docs/supervisor.md). */
    DESK_CLERK_SIGNIN, /* clerk_id + pin: clerk (clerk_signin.h: the lock and the audit row included) */
    DESK_WORK,         /* what waits for the window: work */
    DESK_DAY_REPORT,   /* the day's report for day: report */
    DESK_AUDIT,        /* an audit row: clerk_id did action on uuid (may be "") */
    DESK_LIST,         /* up to DESK_LIST_MAX jobs of list (below), newest first: list */
    DESK_WINDOW_PAY,   /* uuid paid at the window by clerk_id (method): the quote's amount, checked by the store */
    DESK_IDENTITY,     /* clerk_id saw the identity documents docs (id_docs.h) of uuid: recorded and audited */
    DESK_UNLOCK,       /* 证书解锁 on the key in the reader: its PIN retry counter reset (issuer PUK), PIN new_pin; audited */
    DESK_STATUS,       /* the device, network and disk checks (doctor.h): checks */
    DESK_PRINT_REPORT, /* the day's report for day, printed for clerk_id (print_report.h): printed; audited */
    DESK__COUNT
} desk_op;

#define DESK_LIST_MAX 8

/* The clerk's lists of work. */
typedef enum desk_list_kind {
    DESK_LIST_AWAITING = 0, /* jobs awaiting payment */
    DESK_LIST_ISSUED,       /* issued, not yet written to a key */
    DESK_LIST_RECEIPTS,     /* receipts waiting for a (re)print */
    DESK_LIST_IDENTITY,     /* jobs whose identity documents no clerk has confirmed yet */
    DESK_LIST_SEARCH,       /* jobs of every state answering query (job_search.h); "" = the newest */
} desk_list_kind;

typedef struct desk_list_item {
    char uuid[STORE_UUID_LEN + 1];
    ck_service service;
    ck_job_state state;
    char org_name[96]; /* the organisation (never a person's data); "" for an expert */
    int64_t amount_fen;
    int64_t receipt_no; /* receipts */
    unsigned docs_needed; /* identity: id_docs.h bits */
    char note[128];     /* why a receipt waits; why a job was rejected */
} desk_list_item;

typedef struct desk_req {
    desk_op op;
    int tag; /* the screen's own, returned untouched */
    /* In. */
    char uuid[STORE_UUID_LEN + 1]; /* every step but CREATE and CHANGE_PIN; CREATE fills it */
    ck_service service;            /* CREATE */
    ck_holder_kind holder;
    ck_role role;
    ck_quote quote;
    char org_name[256], uscc[32], person_name[96], id_number[32], mobile[32];
    char pin[16], new_pin[16]; /* PREPARE, CHANGE_PIN; new_pin "" keeps the PIN */
    char clerk_id[CLERK_ID_MAX + 1]; /* CLERK_SIGNIN, AUDIT */
    char action[32];                 /* AUDIT */
    ck_date day;                     /* DAY_REPORT */
    desk_list_kind list_kind;        /* LIST */
    char query[128];                 /* LIST of DESK_LIST_SEARCH */
    ck_pay_method method;            /* WINDOW_PAY */
    bool reprint;                    /* PRINT: a copy marked 重印 */
    unsigned docs;                   /* IDENTITY: id_docs.h bits seen */
    /* Out. */
    ck_err err;
    ck_diag d;
    ck_job job;          /* the job after the step (when it exists) */
    ck_pay_order order;  /* PAY_START, PAY_WAIT */
    print_result printed; /* PRINT */
    ck_clerk clerk;       /* CLERK_SIGNIN (its PIN hash cleared) */
    struct desk_work {
        int jobs[JOB__COUNT]; /* jobs in each state, all days */
        int receipts_pending; /* waiting for a (re)print */
        int identity_pending; /* jobs whose identity documents no clerk has confirmed */
        int64_t outbox_pending, outbox_parked;
    } work;               /* WORK */
    day_report report;    /* DAY_REPORT */
    desk_list_item list[DESK_LIST_MAX]; /* LIST */
    int n_list;
    int64_t receipt_no;   /* WINDOW_PAY */
    doctor_result checks[DOCTOR__COUNT]; /* STATUS, by doctor_check */
} desk_req;

/* A zeroed request for op, or NULL when out of memory. */
desk_req *desk_req_new(desk_op op);
/* Overwrites and frees (NULL is fine). Also the notify callback's way to free. */
void desk_req_free(void *req);

/* Called on the desk's thread when a step is done; takes ownership of r. Must not block. */
typedef void (*desk_notify_fn)(void *ctx, desk_req *r);

typedef struct desk_worker desk_worker;
typedef struct sync_worker sync_worker;

/*
 * Starts the desk's thread for cfg (copied). The clock must outlive it; sync
 * (may be NULL) is kicked when a job is queued. The store is opened on the
 * thread when first needed, so a broken database is a step's error, told to
 * the screen, not a failure to start.
 */
ck_err desk_start(const ck_config *cfg, const ck_clock *clock, sync_worker *sync, desk_notify_fn notify, void *ctx,
                  desk_worker **out, ck_diag *d);
/* Queues r (taking ownership) and returns at once. false (r freed) when the desk is stopping. */
bool desk_submit(desk_worker *w, desk_req *r);
/* Ends the waiting step running now (PAY_WAIT, WAIT_ISSUED) and drops queued ones; they report CK_E_CANCELLED. */
void desk_cancel_wait(desk_worker *w);
/* Stops after the step running now (a waiting one is cut short) and frees the worker. NULL is fine. */
void desk_stop(desk_worker *w);

/* --- the steps, for the worker and for tests; blocking ------------------------------ */
typedef struct desk_env {
    const ck_config *cfg;
    const ck_clock *clock;
    ck_store *store; /* opened by desk_env_store when first needed */
    sync_worker *sync;
    /* Polled by the waiting steps; true ends them with CK_E_CANCELLED. */
    bool (*cancelled)(void *ctx);
    void *cancel_ctx;
    int poll_ms; /* between two looks while waiting */
} desk_env;

ck_err desk_env_store(desk_env *e, ck_diag *d);
/* Runs r in e; fills r->err, r->d and the outputs. */
void desk_run(desk_env *e, desk_req *r);
void desk_env_close(desk_env *e);

#endif
