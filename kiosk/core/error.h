/*
 * error.h - the project's one error type and its person-facing messages.
 *
 * Every fallible function in certkiosk returns a ck_err. The table in error.c
 * gives each value a stable name (for logs and JSON) and a Chinese and an
 * English message that tells the person at the screen what to do. Where a
 * caller knows more (the file and line of a bad config, the first date a
 * renewal becomes possible), it fills a ck_diag with the specific text.
 */
#ifndef CK_CORE_ERROR_H
#define CK_CORE_ERROR_H

#include <stddef.h>

typedef enum ck_err {
    CK_OK = 0,
    CK_E_ARG,                /* a caller passed something outside the contract */
    CK_E_NOMEM,              /* an allocation failed */
    CK_E_IO,                 /* a file could not be opened, read or written */
    CK_E_CONFIG,             /* certkiosk.ini is malformed or has a bad value */
    CK_E_FEES,               /* the fee schedule is malformed */
    CK_E_UNKNOWN_SERVICE,    /* no such service code */
    CK_E_HOLDER_NOT_ALLOWED, /* this holder kind may not apply for this service */
    CK_E_NOT_ELIGIBLE,       /* the rules of the service refuse it today */
    CK_E_INVALID_INPUT,      /* a code, number or name failed validation */
    CK_E_RANGE,              /* a number (years, seals) is outside what is offered */
    CK_E_ILLEGAL_TRANSITION, /* the job state machine forbids this step */
    CK_E_NOT_FOUND,          /* no such job, payment or receipt */
    CK_E_STORE,              /* the database failed (d says how) */
    CK_E_DISK_FULL,          /* no space left for the database */
    CK_E_STORE_CORRUPT,      /* the database file is damaged, truncated or not a database */
    CK_E_STORE_KEY,          /* the database key file is missing, unsafe or wrong */
    CK_E_STORE_TOO_NEW,      /* the database was written by a newer certkiosk */
    CK_E_TAMPERED,           /* the audit chain does not verify */
    CK_E_AMOUNT_MISMATCH,    /* a payment does not match the quote */
    CK_E_DUPLICATE,          /* the same payment or key was recorded before */
    CK_E_TOKEN_NO_READER,    /* no card reader (PC/SC service or reader missing) */
    CK_E_TOKEN_ABSENT,       /* no USB Key in the reader */
    CK_E_TOKEN_REMOVED,      /* the USB Key was pulled during an operation */
    CK_E_TOKEN_PIN_WRONG,    /* wrong PIN; d says how many tries are left */
    CK_E_TOKEN_PIN_BLOCKED,  /* PIN blocked: unlock at the window */
    CK_E_TOKEN_UNKNOWN,      /* not a USB Key model this kiosk supports */
    CK_E_TOKEN_FULL,         /* no space left on the USB Key */
    CK_E_TOKEN_COMM,         /* the USB Key answered with an error or garbage */
    CK_E_TOKEN_AUTH,         /* issuer (management key) authentication failed */
    CK_E_TOKEN_OTHER_KEY,    /* not the USB Key the job started on */
    CK_E_UPSTREAM,           /* the upstream cannot be reached or answered unusably */
    CK_E_UPSTREAM_REFUSED,   /* the upstream answered and refused (its reason in d) */
    CK_E_CERT_MISMATCH,      /* an issued certificate does not fit the job (key, holder) */
    CK_E_PRINTER,            /* the receipt printer is absent, out of paper, open or failed mid-receipt */
    CK_E_SEAL,               /* an electronic seal is malformed, expired, badly signed or bound to another certificate */
    CK_E_CANCELLED,          /* a waiting step was stopped (the customer gave up, the session ended) */
    CK_E_DENIED,             /* a clerk's sign-in refused: wrong id or PIN, locked, disabled, or not allowed */
    CK_E__COUNT
} ck_err;

/* Stable lower-case identifier, e.g. "not_eligible"; never NULL. */
const char *ck_err_name(ck_err e);
/* Generic person-facing messages; never NULL (unknown values get a fallback). */
const char *ck_err_zh(ck_err e);
const char *ck_err_en(ck_err e);

/* Lets the compiler check format strings against their arguments. */
#if defined(__GNUC__) || defined(__clang__)
#define CK_PRINTF(fmt_index, first_arg) __attribute__((format(printf, fmt_index, first_arg)))
#else
#define CK_PRINTF(fmt_index, first_arg)
#endif

/* The specific reason for one failure, in both languages. */
typedef struct ck_diag {
    char zh[384];
    char en[384];
} ck_diag;

/*
 * Formats both messages. The two formats must consume the same arguments in
 * the same order. d may be NULL (the call then does nothing), so low-level
 * functions can report detail without forcing every caller to supply a buffer.
 * Returns e, so a failure path can be written `return ck_diag_fail(d, e, ...)`.
 */
ck_err ck_diag_fail(ck_diag *d, ck_err e, const char *zh_fmt, const char *en_fmt, ...) CK_PRINTF(3, 5);

/*
 * For messages whose arguments differ by language (a Chinese and an English
 * name): set each language on its own. d may be NULL. Return e.
 */
ck_err ck_diag_zh(ck_diag *d, ck_err e, const char *fmt, ...) CK_PRINTF(3, 4);
ck_err ck_diag_en(ck_diag *d, ck_err e, const char *fmt, ...) CK_PRINTF(3, 4);

/*
 * A plain Chinese message for the person in front of the screen and an
 * English one with the technical detail for the log and the clerk. d may be
 * NULL. Returns e.
 */
ck_err ck_diag_detail(ck_diag *d, ck_err e, const char *zh, const char *en_fmt, ...) CK_PRINTF(4, 5);

/* Clears both messages (d may be NULL). */
void ck_diag_clear(ck_diag *d);

#endif
