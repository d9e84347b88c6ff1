/*
 * ctl.h - what the certkioskctl subcommands share: the exit codes, the
 * common options (--config, --json, --now, --help), the loaded context and
 * the printing of errors in both languages.
 */
#ifndef CK_CTL_CTL_H
#define CK_CTL_CTL_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

#include "clock.h"
#include "config.h"
#include "error.h"
#include "fees.h"
#include "store.h"

/* Exit codes, documented in docs/cli.md. */
enum {
    CTL_EXIT_OK = 0,       /* done; valid; eligible */
    CTL_EXIT_NEGATIVE = 1, /* the answer is no: invalid input, not eligible */
    CTL_EXIT_USAGE = 2,    /* the command line is wrong */
    CTL_EXIT_FAILURE = 3,  /* configuration or environment error */
};

typedef struct ctl_ctx {
    const char *config_path; /* --config, or NULL for the installed default */
    const char *now_text;    /* --now, or NULL for the system clock */
    bool json;
    ck_config cfg;
    ck_fee_schedule fees;
    int64_t fixed_now; /* backs the clock when --now is given */
    ck_clock clock;
    ck_store *store;             /* open while run() runs, for commands with needs_store */
    const char *config_file;     /* the file loaded or tried (--config or the installed one); NULL: built-in */
    const ck_diag *config_error; /* with keeps_bad_config: the loader's message when it failed, else NULL */
    ck_diag config_diag;         /* backs config_error */
} ctl_ctx;

typedef struct ctl_command {
    const char *name;
    const char *summary;
    const char *usage; /* the lines after "usage: certkioskctl NAME" */
    /* Subcommand-specific options, terminated by a zeroed entry; may be NULL. */
    const struct option *options;
    /* Called for each subcommand-specific option; returns 0 or CTL_EXIT_USAGE. */
    int (*on_option)(void *state, int id, const char *arg);
    /* Runs after options are parsed and the context is loaded; argv holds the positional arguments. */
    int (*run)(ctl_ctx *ctx, void *state, int argc, char **argv);
    size_t state_size; /* bytes of zeroed state handed to on_option and run */
    bool needs_fees;
    bool needs_store; /* the existing database is opened (never created) before run() */
    /* A config that fails to load does not end the command: run() gets the built-in defaults and config_error. */
    bool keeps_bad_config;
} ctl_command;

/* Parses options, loads config (and fees), runs the command. Returns the exit code. */
int ctl_dispatch(const ctl_command *cmd, int argc, char **argv);

/* Prints "certkioskctl: <zh>\n              <en>" to stderr; returns code. */
int ctl_fail(int code, const char *zh, const char *en);
int ctl_fail_diag(int code, ck_err e, const ck_diag *d);
int ctl_usage_error(const ctl_command *cmd, const char *zh, const char *en);

/* Prints a cJSON value (and frees it); returns CTL_EXIT_FAILURE when json is NULL (out of memory). */
struct cJSON;
int ctl_print_json(struct cJSON *json, int code);

/* Parses a whole decimal int in [min, max]. */
bool ctl_parse_int(const char *s, int min, int max, int *out);

extern const ctl_command ctl_cmd_quote, ctl_cmd_check, ctl_cmd_services, ctl_cmd_eligible;
extern const ctl_command ctl_cmd_jobs, ctl_cmd_store, ctl_cmd_audit, ctl_cmd_token, ctl_cmd_sync, ctl_cmd_pay,
    ctl_cmd_receipt, ctl_cmd_seal, ctl_cmd_issue, ctl_cmd_clerk, ctl_cmd_report, ctl_cmd_doctor;

/* `pay window`: a payment taken at the window by a clerk (ctl_pay_window.c). */
typedef struct ctl_window_pay {
    const char *method, *amount, *clerk;
} ctl_window_pay;
int ctl_pay_window(ctl_ctx *ctx, const ctl_window_pay *w, const char *uuid);

/* A secret (a PIN) from the first line of standard input, never the command line; false when there is none. */
bool ctl_read_secret_line(char *buf, size_t cap);

/*
 * Signs the clerk `id` in with the PIN from the first line of standard input
 * (clerk_signin: the lock and the audit row; the PIN is wiped after), for the
 * commands a clerk must be present for (ctl_clerk.c). CK_E_DENIED with d
 * saying why, or a storage error.
 */
struct ck_clerk;
ck_err ctl_clerk_signin(ctl_ctx *ctx, const char *id, struct ck_clerk *out, ck_diag *d);

/* Opens the USB Key of [token] (the simulated key file, or the PC/SC reader); token_close it. */
struct ck_token;
ck_err ctl_open_token(ctl_ctx *ctx, struct ck_token **t, ck_diag *d);

/* The JSON object of a quote (docs/cli.md); NULL when out of memory. Shared by quote and services. */
struct cJSON *ctl_quote_json(const ck_quote *q);

#endif
