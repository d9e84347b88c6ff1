/*
 * fees_file.h - loads the fee schedule (config/fees.ini) into the core's
 * ck_fee_schedule. Every amount is required: money never falls back to a
 * default. The built-in schedule is the same file compiled into the program.
 */
#ifndef CK_CONFIG_FEES_FILE_H
#define CK_CONFIG_FEES_FILE_H

#include "error.h"
#include "fees.h"

/* From a file. CK_E_IO if unreadable, CK_E_FEES with "path:line: reason" otherwise. */
ck_err fees_file_load(const char *path, ck_fee_schedule *out, ck_diag *d);
/* From text already in memory; origin names it in messages. */
ck_err fees_file_parse_text(const char *text, const char *origin, ck_fee_schedule *out, ck_diag *d);
/* The schedule built into the program (the seed's table). */
ck_err fees_file_load_builtin(ck_fee_schedule *out, ck_diag *d);

#endif
