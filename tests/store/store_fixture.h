/* store_fixture.h - a fresh store in a temporary folder for each test, and job helpers. */
#ifndef CK_TESTS_STORE_FIXTURE_H
#define CK_TESTS_STORE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fees.h"
#include "store.h"

#define T0 INT64_C(1795536000) /* 2026-11-25 00:00 in Shanghai */

typedef struct fixture {
    char dir[64];
    char db[128];
    char key[128];
    ck_store *st;
} fixture;

static const ck_fee_schedule fixture_fees = {
    .holder = {[HOLDER_UNIT] = {10000, 20000, 10000}, [HOLDER_EXPERT] = {5000, 5000, 5000}},
    .replacement_fen = 5000,
    .max_seals = 5,
};

static inline void fixture_paths(fixture *f)
{
    snprintf(f->dir, sizeof f->dir, "/tmp/ck-store-XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        abort();
    snprintf(f->db, sizeof f->db, "%s/kiosk.db", f->dir);
    snprintf(f->key, sizeof f->key, "%s/kiosk.key", f->dir);
}

static inline void fixture_remove(fixture *f)
{
    char cmd[96];
    store_close(f->st);
    f->st = NULL;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        abort();
}

/* A unit's new certificate for 1 year, with personal fields that tests look for in the file. */
static inline ck_err fixture_new_job(ck_store *st, ck_service s, int64_t now, char uuid[STORE_UUID_LEN + 1])
{
    ck_quote q;
    ck_job_new in = {.service = s,
                     .holder = HOLDER_UNIT,
                     .role = ROLE_SUPPLIER,
                     .org_name = "四川测试科技有限公司",
                     .uscc = "91510100MA61R7XK3Y",
                     .person_name = "张三丰",
                     .id_number = "510104199001011230",
                     .mobile = "13912345678",
                     .quote = &q};
    if (fees_quote(&fixture_fees, s, HOLDER_UNIT, 1, 1, &q, NULL) != CK_OK)
        abort();
    return store_job_create(st, &in, now, uuid, NULL);
}

#endif
