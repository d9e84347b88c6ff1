/*
 * validate_util.h - the first steps every validator shares (normalising into
 * the result and reporting empty, too long or broken input), for the
 * validator files only.
 */
#ifndef CK_CORE_VALIDATE_UTIL_H
#define CK_CORE_VALIDATE_UTIL_H

#include "validate.h"

/* Fills out->value from input with normalise_code (as_code) or normalise_name. */
ck_err validate_prepare(const char *input, bool as_code, bool drop_dashes, const char *what_zh, const char *what_en,
                        validate_result *out);
/* Sets out->reason and returns CK_E_INVALID_INPUT (the caller has filled out->msg). */
ck_err validate_fail(validate_result *out, validate_reason r);
/* For a valid input: a note when normalisation changed it, else an empty message. */
ck_err validate_ok(validate_result *out);

#endif
