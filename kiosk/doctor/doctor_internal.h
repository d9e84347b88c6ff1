/*
 * doctor_internal.h - what the doctor's files share: each check's entry
 * point (one file per concern) and the writing of a result's texts.
 */
#ifndef CK_DOCTOR_INTERNAL_H
#define CK_DOCTOR_INTERNAL_H

#include <stddef.h>

#include "doctor.h"

/* Free space under which the disk check fails / warns. */
#define DOCTOR_DISK_FAIL_BYTES (100LL * 1024 * 1024)
#define DOCTOR_DISK_WARN_BYTES (1024LL * 1024 * 1024)
/* The client certificate warns this many days before it ends. */
#define DOCTOR_CERT_WARN_DAYS 30
/* The longest the network checks wait for the upstream (each), whatever [upstream] timeout_s says. */
#define DOCTOR_NET_TIMEOUT_S 5

/* doctor_files.c */
void doctor_check_database(const doctor_env *env, doctor_result *r);
void doctor_check_key_files(const doctor_env *env, doctor_result *r);
void doctor_check_disk(const doctor_env *env, doctor_result *r);
/* doctor_devices.c */
void doctor_check_pcscd(const doctor_env *env, doctor_result *r);
void doctor_check_readers(const doctor_env *env, doctor_result *r);
void doctor_check_printer(const doctor_env *env, doctor_result *r);
/* doctor_net.c */
void doctor_check_upstream(const doctor_env *env, doctor_result *r);
void doctor_check_clock(const doctor_env *env, doctor_result *r);

/*
 * Sets the status and what was found; both formats consume the same
 * arguments (as ck_diag_fail). Text that does not fit is cut at a character
 * boundary, so the fields stay valid UTF-8.
 */
void doctor_found(doctor_result *r, doctor_status s, const char *zh_fmt, const char *en_fmt, ...) CK_PRINTF(3, 5);
/* What to do, likewise. */
void doctor_fix(doctor_result *r, const char *zh_fmt, const char *en_fmt, ...) CK_PRINTF(2, 4);
/* One field at a time, for arguments that differ by language (a ck_diag's zh and en). */
void doctor_text(char *field, size_t cap, const char *fmt, ...) CK_PRINTF(3, 4);

/* The folder part of path into dir ("." when it has none). */
void doctor_dirname(const char *path, char *dir, size_t cap);
/* The last component of path (a pointer into it). */
const char *doctor_basename(const char *path);

#endif
