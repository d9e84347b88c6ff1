/*
 * make_queued_jobs.c - puts N revocation jobs in the store's outbox (draft ->
 * queued), as the kiosk does when a customer finishes a form offline.
 *   usage: make_queued_jobs DB KEYFILE N [USCC]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../store/store_fixture.h"

int main(int argc, char **argv)
{
    ck_store *st = NULL;
    ck_diag d = {"", ""};
    ck_quote q = {.service = SVC_REVOKE, .holder = HOLDER_UNIT};
    ck_job_new in = {.service = SVC_REVOKE,
                     .holder = HOLDER_UNIT,
                     .role = ROLE_SUPPLIER,
                     .org_name = "四川测试科技有限公司",
                     .quote = &q};
    int n = argc >= 4 ? atoi(argv[3]) : 0;
    in.uscc = argc >= 5 ? argv[4] : "91510100MA61R7XK3Y";
    if (n <= 0 || store_open(argv[1], argv[2], true, &st, &d) != CK_OK) {
        fprintf(stderr, "usage: make_queued_jobs DB KEYFILE N [USCC] (%s)\n", d.en);
        return 2;
    }
    for (int i = 0; i < n; i++) {
        char uuid[STORE_UUID_LEN + 1];
        if (store_job_create(st, &in, time(NULL), uuid, &d) != CK_OK ||
            store_job_transition(st, uuid, JOB_QUEUED, ORIGIN_KIOSK, NULL, NULL, time(NULL), &d) != CK_OK) {
            fprintf(stderr, "make_queued_jobs: %s\n", d.en);
            return 1;
        }
        printf("%s\n", uuid);
    }
    store_close(st);
    return 0;
}
