/*
 * validate.h - checks of what a customer types: the unified social credit
 * code (GB 32100-2015), the resident ID number (GB 11643-1999), mainland
 * mobile numbers, organisation names and person names.
 *
 * Every validator first normalises the input (full-width digits and letters
 * to ASCII, stray spaces removed, letters upper-cased for codes, half-width
 * brackets to full-width for names) and says so in the result, because a
 * customer typing on a Chinese IME often produces full-width characters.
 * The result carries the normalised value to store and a message in Chinese
 * and English that names exactly what is wrong (which position, which rule).
 */
#ifndef CK_CORE_VALIDATE_H
#define CK_CORE_VALIDATE_H

#include <stdbool.h>

#include "date.h"
#include "error.h"

typedef enum validate_reason {
    VR_OK = 0,
    VR_EMPTY,         /* nothing left after normalisation */
    VR_LENGTH,        /* wrong number of characters */
    VR_CHARSET,       /* a character outside the allowed set (message names it and its position) */
    VR_DEPARTMENT,    /* USCC position 1: no such registration department */
    VR_ORG_TYPE,      /* USCC position 2: not an organisation type of that department */
    VR_REGION,        /* administrative region code (USCC 3-8, ID 1-6) */
    VR_CHECK_DIGIT,   /* the last character is not the computed check character */
    VR_BIRTH_DATE,    /* ID: positions 7-14 are not a real date */
    VR_BIRTH_FUTURE,  /* ID: birth date after today */
    VR_BIRTH_TOO_OLD, /* ID: birth year before 1900 */
    VR_MOBILE_PREFIX, /* mobile: does not start with 13-19 */
    VR_NAME_CHARS,    /* name: a character not allowed in a name */
    VR_NAME_TOO_SHORT,
    VR_NAME_TOO_LONG,
    VR_BRACKETS, /* name: unbalanced or empty brackets */
    VR__COUNT
} validate_reason;

typedef struct validate_result {
    validate_reason reason; /* VR_OK when valid */
    bool normalised;        /* the input was rewritten before checking */
    unsigned changes;       /* what was rewritten: enum normalise_change bits (normalise.h) */
    char value[256];        /* the normalised input (UTF-8), what should be stored */
    ck_diag msg;            /* why it failed; for a valid input, a note on normalisation or empty */
} validate_result;

/* Stable identifier of a reason, e.g. "check_digit"; never NULL. */
const char *validate_reason_name(validate_reason r);

/*
 * Each validator fills *out completely and returns CK_OK when the input is
 * valid, CK_E_INVALID_INPUT when it is not (out->reason and out->msg say why),
 * CK_E_ARG when input or out is NULL. Input longer than out->value can hold is
 * reported as VR_LENGTH (or VR_NAME_TOO_LONG), never truncated silently.
 */
ck_err uscc_validate(const char *input, validate_result *out);
/* today: the kiosk's local date, for "birth date not in the future". */
ck_err idcard_validate(const char *input, ck_date today, validate_result *out);
ck_err mobile_validate(const char *input, validate_result *out);
ck_err orgname_validate(const char *input, validate_result *out);
ck_err personname_validate(const char *input, validate_result *out);

#endif
