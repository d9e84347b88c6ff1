/*
 * ini_schema.h - reads an INI file (with inih) into a struct described by a
 * table of keys. One mechanism for certkiosk.ini and fees.ini, so both refuse
 * the same things the same way: an unknown section or key, a key given twice,
 * a bad value, a missing required key, an unreadable file. Every refusal
 * names the file and line (when there is one) and the reason.
 */
#ifndef CK_CONFIG_INI_SCHEMA_H
#define CK_CONFIG_INI_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef enum ini_type {
    INI_T_STRING, /* char[size]; min/max = allowed length in bytes */
    INI_T_INT,    /* int; min..max */
    INI_T_YUAN,   /* int64_t fen, written in yuan ("100", "0.50") */
    INI_T_TZ,     /* int32_t UTC offset in seconds, written as a zone name */
    INI_T_BOOL,   /* bool, written as true or false */
} ini_type;

typedef struct ini_key {
    const char *section;
    const char *name;
    ini_type type;
    size_t offset; /* of the field in the target struct */
    size_t size;   /* INI_T_STRING: the buffer size */
    long min, max;
    bool required;
    const char *what;    /* a few words for messages, e.g. "kiosk id" */
    const char *choices; /* INI_T_STRING: if set, the value must be one of these words ("pcsc sim") */
} ini_key;

#define INI_MAX_KEYS 64

/*
 * Parses `source` (a path, or the text itself when is_text) into target.
 * `origin` names the source in messages ("/etc/certkiosk/certkiosk.ini",
 * "embedded fees.ini"). Keys not in the file keep what target held before, so
 * a caller can parse built-in defaults first; a required key must be present
 * in this source. Returns CK_OK, CK_E_IO (unreadable) or err_bad (any content
 * error), with d saying "origin:line: reason".
 */
ck_err ini_schema_parse(const char *source, bool is_text, const char *origin, const ini_key *keys, size_t n_keys,
                        void *target, ck_err err_bad, ck_diag *d);

#endif
