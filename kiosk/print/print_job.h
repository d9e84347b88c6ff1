/*
 * print_job.h - what every printed document shares on its way to paper (a
 * fee receipt, print_receipt.h; the day report, print_report.h): the paper
 * width and ESC/POS profile from [printer], and sending the bytes to the
 * configured transport with the printer's status asked before (paper out,
 * cover open, offline: nothing is sent) and after (paper out or the
 * connection broken under the document: it is not whole). The words a
 * person reads when it fails are the document's own. Blocking (printer
 * time-outs): the kiosk runs it on a worker thread.
 */
#ifndef CK_PRINT_JOB_H
#define CK_PRINT_JOB_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "escpos.h"

typedef struct print_result {
    int64_t number;      /* the receipt number (0 for a report) */
    int copy;            /* 0: the original; N: the Nth reprint */
    escpos_state status; /* what the printer said before printing (READY when it cannot say) */
    bool printed;        /* the whole document was sent */
} print_result;

/* What the person at the printer is told (Chinese; the English cause is the printer's own). */
typedef struct print_job_words {
    const char *unreachable;                      /* the printer cannot be opened */
    const char *paper_out, *cover_open, *offline; /* the printer said so before anything was sent */
    const char *incomplete;                       /* sending failed, or the connection broke under it */
    const char *ran_out;                          /* paper out after it was sent */
    const char *noun_en;                          /* "receipt", "report": in the English cause */
} print_job_words;

int print_job_columns(const ck_config *cfg); /* 32 on 58 mm paper, 48 on 80 mm */
int print_job_dots(const ck_config *cfg);    /* 384, 576 */
escpos_profile print_job_profile(const ck_config *cfg);

/*
 * Opens the [printer], asks its status, sends the bytes, asks again.
 * *status gets what it said first (READY when it cannot say); *started
 * whether anything may be on paper. CK_E_PRINTER with the words' Chinese in
 * d->zh and the cause in d->en (d must not be NULL: its English is what the
 * caller records).
 */
ck_err print_job_send(const ck_config *cfg, const escpos_buf *bytes, const print_job_words *w, escpos_state *status,
                      bool *started, ck_diag *d);

#endif
