/*
 * fees.h - quotes from the fee schedule, in integer fen.
 *
 * The schedule (parsed from config/fees.ini by kiosk/config/fees_file.c) has,
 * per holder kind, a one-time account fee (waived for a 2-year term), an
 * annual service fee and a seal fee per year per seal, plus a replacement fee
 * per key. A quote lists every line the customer will see, including waived
 * ones at zero, and the total.
 */
#ifndef CK_CORE_FEES_H
#define CK_CORE_FEES_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "holder.h"
#include "services.h"

#define FEES_MAX_YEARS 2
#define FEES_MAX_LINES 4

typedef struct ck_holder_fees {
    int64_t account_fen;       /* one-time per certificate, includes the USB Key */
    int64_t annual_fen;        /* per year; covers change, unlock and revocation */
    int64_t seal_per_year_fen; /* per seal per year */
} ck_holder_fees;

typedef struct ck_fee_schedule {
    ck_holder_fees holder[HOLDER__COUNT];
    int64_t replacement_fen; /* per replaced key */
    int max_seals;           /* most seals one certificate may carry */
} ck_fee_schedule;

typedef enum ck_fee_item { FEE_ACCOUNT = 0, FEE_ANNUAL, FEE_SEAL, FEE_REPLACEMENT, FEE__COUNT } ck_fee_item;

typedef struct ck_fee_line {
    ck_fee_item item;
    int64_t unit_fen;   /* price of one unit */
    int quantity;       /* units: years, years x seals, keys */
    int64_t amount_fen; /* unit_fen * quantity, or 0 when waived */
    bool waived;        /* shown to the customer at 0 (the 2-year account fee) */
} ck_fee_line;

typedef struct ck_quote {
    ck_service service;
    ck_holder_kind holder;
    int years; /* 0 for services without a term */
    int seals; /* 0 for services without seals */
    int n_lines;
    ck_fee_line lines[FEES_MAX_LINES];
    int64_t total_fen;
} ck_quote;

/* Stable code ("account", "annual", "seal", "replacement") and names. */
const char *fees_item_code(ck_fee_item i);
const char *fees_item_zh(ck_fee_item i, ck_holder_kind k);
const char *fees_item_en(ck_fee_item i, ck_holder_kind k);

/*
 * Quotes a service. years must be 1 or 2 and seals 1..max_seals for services
 * with a term or seals (CK_E_RANGE otherwise, with d saying which); both are
 * ignored and reported as 0 for the others. CK_E_HOLDER_NOT_ALLOWED when the
 * holder kind may not apply. d may be NULL.
 */
ck_err fees_quote(const ck_fee_schedule *fs, ck_service s, ck_holder_kind k, int years, int seals, ck_quote *out,
                  ck_diag *d);

/*
 * Years charged for a seal renewal, whose validity follows the certificate:
 * the certificate's remaining days rounded up to whole years, 1..FEES_MAX_YEARS.
 */
int fees_seal_renew_years(int64_t days_left);

/* Sanity checks a schedule (non-negative, below MONEY_MAX_FEN, max_seals 1..9). */
ck_err fees_schedule_check(const ck_fee_schedule *fs, ck_diag *d);

#endif
