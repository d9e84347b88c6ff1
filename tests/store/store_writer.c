/*
 * store_writer.c - the victim of the power-cut test. It creates jobs, takes
 * them to awaiting payment and records their payment (which numbers a
 * receipt), and after each call that returned prints "ACK <uuid> <receipt>"
 * and flushes: a line on the pipe is a commit the store acknowledged.
 *   usage: store_writer DB KEYFILE COUNT   (prints READY once the store is open, then ACK UUID RECEIPT per commit)
 */
#include <stdio.h>
#include <stdlib.h>

#include "store_fixture.h"

int main(int argc, char **argv)
{
    ck_store *st = NULL;
    ck_diag d = {"", ""};
    long n;
    if (argc != 4 || (n = strtol(argv[3], NULL, 10)) <= 0) {
        fprintf(stderr, "usage: store_writer DB KEYFILE COUNT\n");
        return 2;
    }
    if (store_open(argv[1], argv[2], true, &st, &d) != CK_OK) {
        fprintf(stderr, "store_writer: %s\n", d.en);
        return 1;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("READY\n"); /* opened (created, recovered, checked): the killer times its delay from here */
    for (long i = 0; i < n; i++) {
        char uuid[STORE_UUID_LEN + 1], txn[48];
        int64_t receipt = 0;
        ck_err rc = fixture_new_job(st, SVC_NEW, T0 + i, uuid);
        if (rc == CK_OK)
            rc = store_job_transition(st, uuid, JOB_AWAITING_PAYMENT, ORIGIN_KIOSK, NULL, NULL, T0 + i, &d);
        snprintf(txn, sizeof txn, "wx-%s", uuid);
        if (rc == CK_OK)
            rc = store_payment_record(st, uuid, PAY_WECHAT, 40000, txn, NULL, T0 + i, &receipt, &d);
        if (rc != CK_OK) {
            fprintf(stderr, "store_writer: %s (%s)\n", d.en, ck_err_name(rc));
            store_close(st);
            return 1;
        }
        printf("ACK %s %lld\n", uuid, (long long)receipt);
    }
    store_close(st);
    return 0;
}
