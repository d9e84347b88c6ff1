/*
 * test_store_open.c - what store_open refuses, with a message naming the
 * cause, and that it leaves the refused file byte for byte as it was: the key
 * file's mode, a wrong key, an empty, truncated, foreign or unencrypted file,
 * a database from a newer program; and that an older one is migrated, after
 * a copy of it is kept (the oldest copies beyond [store] backups_kept removed).
 */
#include "../core/cmocka_all.h"

#include <dirent.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "store_fixture.h"
#include "keyfile.h"

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    char uuid[STORE_UUID_LEN + 1];
    fixture_paths(f);
    /* A real database with one job, closed again. */
    if (store_open(f->db, f->key, true, &f->st, NULL) != CK_OK || fixture_new_job(f->st, SVC_NEW, T0, uuid) != CK_OK)
        return -1;
    store_close(f->st);
    f->st = NULL;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_remove(*state);
    free(*state);
    return 0;
}

/* The whole file, to compare before and after a refusal. Caller frees. */
static char *slurp(const char *path, long *len)
{
    FILE *fp = fopen(path, "rb");
    char *buf;
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    *len = ftell(fp);
    rewind(fp);
    buf = malloc((size_t)*len + 1);
    assert_int_equal(fread(buf, 1, (size_t)*len, fp), (size_t)*len);
    fclose(fp);
    return buf;
}

/* Opening must fail with `want`, mention `needle`, and leave the file unchanged. */
static void expect_refused(fixture *f, ck_err want, const char *needle)
{
    long before_len, after_len;
    char *before = slurp(f->db, &before_len), *after;
    ck_store *st = NULL;
    ck_diag d = {"", ""};
    assert_int_equal(store_open(f->db, f->key, true, &st, &d), want);
    assert_null(st);
    if (strstr(d.en, needle) == NULL)
        fail_msg("expected \"%s\" in \"%s\"", needle, d.en);
    assert_true(d.zh[0] != '\0');
    after = slurp(f->db, &after_len);
    assert_int_equal(before_len, after_len);
    assert_memory_equal(before, after, (size_t)before_len);
    free(before);
    free(after);
}

static void test_reopen_keeps_everything(void **state)
{
    fixture *f = *state;
    ck_store_stats s;
    ck_diag d = {"", ""};
    assert_int_equal(store_open(f->db, f->key, false, &f->st, &d), CK_OK);
    assert_int_equal(store_stats(f->st, &s, &d), CK_OK);
    assert_int_equal(s.jobs, 1);
    assert_int_equal(s.schema_version, STORE_SCHEMA_VERSION);
    assert_true(s.integrity_ok);
    assert_int_equal(s.file_bytes % 4096, 0);
}

static void test_key_file_mode(void **state)
{
    fixture *f = *state;
    assert_int_equal(chmod(f->key, 0644), 0);
    expect_refused(f, CK_E_STORE_KEY, "mode 0644; it must be 0600");
    assert_int_equal(chmod(f->key, 0400), 0);
    expect_refused(f, CK_E_STORE_KEY, "mode 0400");
}

static void test_missing_or_wrong_key(void **state)
{
    fixture *f = *state;
    assert_int_equal(unlink(f->key), 0);
    /* create_key is true, but the database exists: a new key would make it unreadable, so none is made. */
    expect_refused(f, CK_E_STORE_KEY, "cannot open the key file");
    assert_int_equal(access(f->key, F_OK), -1);
    assert_int_equal(keyfile_create(f->key, NULL), CK_OK);
    expect_refused(f, CK_E_STORE_KEY, "the key does not match");
}

static void test_garbled_key_file(void **state)
{
    fixture *f = *state;
    FILE *fp = fopen(f->key, "w");
    fputs("not a key\n", fp);
    fclose(fp);
    expect_refused(f, CK_E_STORE_KEY, "must hold 64 hex digits");
}

static void test_truncated_files(void **state)
{
    fixture *f = *state;
    struct stat sb;
    assert_int_equal(stat(f->db, &sb), 0);
    /* Cut mid-page. */
    assert_int_equal(truncate(f->db, sb.st_size - 100), 0);
    expect_refused(f, CK_E_STORE_CORRUPT, "not a whole number of pages");
    /* Cut at a page boundary: the pages that held tables are gone. */
    assert_int_equal(truncate(f->db, 4096), 0);
    expect_refused(f, CK_E_STORE_CORRUPT, "damaged");
    assert_int_equal(truncate(f->db, 0), 0);
    expect_refused(f, CK_E_STORE_CORRUPT, "is empty");
}

static void test_foreign_files(void **state)
{
    fixture *f = *state;
    sqlite3 *plain = NULL;
    FILE *fp = fopen(f->db, "w");
    for (int i = 0; i < 4096; i++)
        fputc("certkiosk notes\n"[i % 16], fp);
    fclose(fp);
    expect_refused(f, CK_E_STORE_KEY, "not this kiosk's database");
    /* An ordinary, unencrypted SQLite database. */
    assert_int_equal(unlink(f->db), 0);
    assert_int_equal(sqlite3_open(f->db, &plain), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(plain, "PRAGMA page_size = 4096; CREATE TABLE t (x); INSERT INTO t VALUES (1);", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(plain);
    expect_refused(f, CK_E_STORE_CORRUPT, "unencrypted SQLite database");
}

/* Opens the database with its key but without the store, as the sqlcipher shell would. */
static sqlite3 *raw_open_path(fixture *f, const char *path)
{
    char hex[KEYFILE_HEX_LEN + 1], sql[128];
    sqlite3 *db = NULL;
    assert_int_equal(keyfile_read(f->key, hex, NULL), CK_OK);
    snprintf(sql, sizeof sql, "PRAGMA key = \"x'%s'\"; PRAGMA cipher_page_size = 4096;", hex);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    return db;
}

static sqlite3 *raw_open(fixture *f) { return raw_open_path(f, f->db); }

/* The names in f->dir that are copies of the database ("kiosk.db.v*.bak"), counted; the last one in name. */
static int backups_in(fixture *f, char *name, size_t cap)
{
    DIR *dd = opendir(f->dir);
    struct dirent *e;
    int n = 0;
    assert_non_null(dd);
    while ((e = readdir(dd)) != NULL) {
        size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, "kiosk.db.v", 10) == 0 && len > 4 && strcmp(e->d_name + len - 4, ".bak") == 0) {
            n++;
            snprintf(name, cap, "%s", e->d_name);
        }
    }
    closedir(dd);
    return n;
}

/* One integer from a query on a raw connection. */
static int query_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *q = NULL;
    int v;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    v = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return v;
}

/* store_open must succeed; its message otherwise. */
static void expect_open(fixture *f)
{
    ck_diag d = {"", ""};
    if (store_open(f->db, f->key, false, &f->st, &d) != CK_OK)
        fail_msg("store_open: %s", d.en);
}

static void test_newer_schema_refused(void **state)
{
    fixture *f = *state;
    sqlite3 *db = raw_open(f);
    char want[96];
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    snprintf(want, sizeof want, "schema version 99 but this program knows only up to %d", STORE_SCHEMA_VERSION);
    expect_refused(f, CK_E_STORE_TOO_NEW, want);
}

static void test_older_schema_migrated(void **state)
{
    fixture *f = *state;
    sqlite3 *db;
    ck_store_stats s;
    ck_diag d = {"", ""};
    /* A version-0 database: keyed, but without the tables. */
    assert_int_equal(unlink(f->db), 0);
    db = raw_open(f);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE placeholder (x); DROP TABLE placeholder;", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(store_open(f->db, f->key, false, &f->st, &d), CK_OK);
    assert_int_equal(store_stats(f->st, &s, &d), CK_OK);
    assert_int_equal(s.schema_version, STORE_SCHEMA_VERSION);
    assert_int_equal(s.jobs, 0);
}

/* The migrations as shipped (store_schema.c). */
extern const char *const store_migrations[STORE_SCHEMA_VERSION];

static void test_version_1_migrated_with_its_jobs(void **state)
{
    fixture *f = *state;
    sqlite3 *db;
    ck_job job;
    ck_pay_order o = {.amount_fen = 40000, .expires_at = T0 + 7200};
    ck_diag d = {"", ""};
    /* A database as the first release left it, holding a job that awaits payment. */
    assert_int_equal(unlink(f->db), 0);
    db = raw_open(f);
    assert_int_equal(sqlite3_exec(db, store_migrations[0], NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db,
                     "INSERT INTO jobs (uuid, service, holder_kind, role, org_name, years, seals, total_fen,"
                     " state, created_at, updated_at) VALUES ('00000000-0000-4000-8000-000000000001',"
                     " 'new', 'unit', 'supplier', '四川测试科技有限公司', 1, 1, 40000,"
                     " 'awaiting_payment', 1795536000, 1795536000);"
                     "PRAGMA user_version = 1;",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(store_open(f->db, f->key, false, &f->st, &d), CK_OK);
    assert_int_equal(store_job_get(f->st, "00000000-0000-4000-8000-000000000001", &job, &d), CK_OK);
    assert_string_equal(job.org_name, "四川测试科技有限公司");
    assert_int_equal(job.state, JOB_AWAITING_PAYMENT);
    /* And what version 2 added works on it. */
    snprintf(o.order_id, sizeof o.order_id, "o-1");
    snprintf(o.job_uuid, sizeof o.job_uuid, "%s", job.uuid);
    snprintf(o.code_url, sizeof o.code_url, "weixin://wxpay/bizpayurl?pr=abc");
    assert_int_equal(store_order_add(f->st, &o, T0, &d), CK_OK);
    /* The database as version 1 left it was copied first: same key, version 1, the job in it. */
    {
        char name[256], path[512];
        struct stat sb;
        sqlite3 *bak;
        assert_int_equal(backups_in(f, name, sizeof name), 1);
        assert_non_null(strstr(name, "kiosk.db.v1-"));
        snprintf(path, sizeof path, "%s/%s", f->dir, name);
        assert_int_equal(stat(path, &sb), 0);
        assert_int_equal(sb.st_mode & 0777, 0600);
        bak = raw_open_path(f, path);
        assert_int_equal(query_int(bak, "PRAGMA user_version"), 1);
        assert_int_equal(query_int(bak, "SELECT count(*) FROM jobs WHERE state = 'awaiting_payment'"), 1);
        sqlite3_close(bak);
    }
}

/* A version-1 database as the first release left it. */
static void make_version_1(fixture *f)
{
    sqlite3 *db;
    assert_int_equal(unlink(f->db), 0);
    db = raw_open(f);
    assert_int_equal(sqlite3_exec(db, store_migrations[0], NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 1;", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static void test_old_backups_pruned(void **state)
{
    fixture *f = *state;
    char name[256], path[512];
    /* Three copies from earlier upgrades (older times), then a migration keeping two. */
    static const char *const older[] = {"kiosk.db.v1-20250101T000000Z.bak", "kiosk.db.v2-20250601T000000Z.bak",
                                        "kiosk.db.v3-20260101T000000Z.bak"};
    for (size_t i = 0; i < 3; i++) {
        FILE *fp;
        snprintf(path, sizeof path, "%s/%s", f->dir, older[i]);
        assert_non_null(fp = fopen(path, "w"));
        fclose(fp);
    }
    make_version_1(f);
    store_set_migration_backups(2);
    expect_open(f);
    store_set_migration_backups(3);
    assert_int_equal(backups_in(f, name, sizeof name), 2);
    snprintf(path, sizeof path, "%s/%s", f->dir, older[2]);
    assert_int_equal(access(path, F_OK), 0); /* the newest of the old ones stays */
    snprintf(path, sizeof path, "%s/%s", f->dir, older[0]);
    assert_int_not_equal(access(path, F_OK), 0);
    /* And with 0 kept, no copy is taken. */
    store_close(f->st);
    f->st = NULL;
    make_version_1(f);
    store_set_migration_backups(0);
    expect_open(f);
    store_set_migration_backups(3);
    assert_int_equal(backups_in(f, name, sizeof name), 2);
}

/* The database a service under any umask creates is readable by its own user only (WAL included). */
static void test_new_database_is_0600(void **state)
{
    fixture *f = *state;
    struct stat sb;
    char db2[160], wal[170];
    ck_store *st = NULL;
    mode_t old = umask(0);
    snprintf(db2, sizeof db2, "%s/second.db", f->dir);
    assert_int_equal(store_open(db2, f->key, true, &st, NULL), CK_OK);
    umask(old);
    assert_int_equal(stat(db2, &sb), 0);
    assert_int_equal(sb.st_mode & 07777, 0600);
    snprintf(wal, sizeof wal, "%s-wal", db2);
    assert_int_equal(stat(wal, &sb), 0);
    assert_int_equal(sb.st_mode & 07777, 0600);
    store_close(st);
}

static void test_new_key_file_is_0600(void **state)
{
    fixture *f = *state;
    struct stat sb;
    char key2[160];
    ck_store *st = NULL;
    mode_t old = umask(0);
    snprintf(key2, sizeof key2, "%s/second.key", f->dir);
    assert_int_equal(keyfile_create(key2, NULL), CK_OK);
    umask(old);
    assert_int_equal(stat(key2, &sb), 0);
    assert_int_equal(sb.st_mode & 07777, 0600);
    /* Never overwritten. */
    assert_int_equal(keyfile_create(key2, NULL), CK_E_STORE_KEY);
    (void)st;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reopen_keeps_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_file_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_or_wrong_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_garbled_key_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_truncated_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_foreign_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_older_schema_migrated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_version_1_migrated_with_its_jobs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_old_backups_pruned, setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_key_file_is_0600, setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_database_is_0600, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
