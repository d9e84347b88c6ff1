/*
 * store_open.c - opening the database: refusing files that are not ours
 * before SQLite can write to them, keying SQLCipher, the pragmas that make
 * commits durable, and migrations. Also the SQLite error mapping and the
 * transaction helpers the other store files use.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_internal.h"
#include "keyfile.h"

/*
 * The page size, set explicitly because SQLCipher's default differs between
 * versions (1024 in Debian 12's 3.4, 4096 in 4.x); an intact database file is
 * a whole number of pages.
 */
#define STORE_PAGE_SIZE 4096

ck_err store_sql_fail(ck_store *st, int rc, const char *what, ck_diag *d)
{
    const char *msg = st != NULL && st->db != NULL ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_FULL:
        return ck_diag_fail(d, CK_E_DISK_FULL, "%s失败：存储空间已满，本次操作未保存",
                            "%s failed: the disk is full; nothing was saved", what);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return ck_diag_fail(d, CK_E_STORE_CORRUPT, "%s失败：数据文件损坏（%s）",
                            "%s failed: the database is damaged (%s)", what, msg);
    default: return ck_diag_fail(d, CK_E_STORE, "%s失败：%s", "%s failed: %s", what, msg);
    }
}

ck_err store_exec(ck_store *st, const char *sql, const char *what, ck_diag *d)
{
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? CK_OK : store_sql_fail(st, rc, what, d);
}

ck_err store_tx_begin(ck_store *st, ck_diag *d) { return store_exec(st, "BEGIN IMMEDIATE", "开始事务 / begin", d); }
ck_err store_tx_commit(ck_store *st, ck_diag *d) { return store_exec(st, "COMMIT", "提交 / commit", d); }
void store_tx_rollback(ck_store *st) { sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL); }

bool store_in_transaction(ck_store *st) { return sqlite3_get_autocommit(st->db) == 0; }

ck_err store_tx_end(ck_store *st, ck_err rc, ck_diag *d)
{
    if (rc == CK_OK)
        rc = store_tx_commit(st, d);
    if (rc != CK_OK)
        store_tx_rollback(st);
    return rc;
}

/* Refuses an existing file that cannot be an intact certkiosk database, before SQLite touches it. */
static ck_err check_existing_file(const char *path, const struct stat *sb, ck_diag *d)
{
    static const char plain_header[16] = "SQLite format 3";
    char head[16];
    FILE *f;
    size_t n;
    if (!S_ISREG(sb->st_mode))
        return ck_diag_fail(d, CK_E_STORE_CORRUPT, "数据文件 %s 不是普通文件", "the database %s is not a regular file",
                            path);
    if (sb->st_size == 0)
        return ck_diag_fail(d, CK_E_STORE_CORRUPT, "数据文件 %s 是空文件（可能被截断），已拒绝使用且未改动",
                            "the database %s is empty (truncated?); refused and left untouched", path);
    if (sb->st_size % STORE_PAGE_SIZE != 0)
        return ck_diag_fail(d, CK_E_STORE_CORRUPT, "数据文件 %s 大小不是整页（可能被截断），已拒绝使用且未改动",
                            "the database %s is not a whole number of pages (truncated?); refused and left untouched",
                            path);
    f = fopen(path, "rb");
    if (f == NULL)
        return ck_diag_fail(d, CK_E_IO, "无法读取数据文件 %s：%s", "cannot read the database %s: %s", path,
                            strerror(errno));
    n = fread(head, 1, sizeof head, f);
    fclose(f);
    if (n == sizeof head && memcmp(head, plain_header, sizeof head) == 0)
        return ck_diag_fail(d, CK_E_STORE_CORRUPT, "%s 是未加密的SQLite数据库，不是本机的数据文件，已拒绝使用",
                            "%s is an unencrypted SQLite database, not this kiosk's store; refused", path);
    return CK_OK;
}

static ck_err apply_key(ck_store *st, const char *hex, bool existed, const char *path, ck_diag *d)
{
    char sql[KEYFILE_HEX_LEN + 32];
    _Static_assert(STORE_PAGE_SIZE == 4096, "the cipher_page_size pragma below must match");
    int rc;
    /* A raw key: the key file is already 256 random bits, so no passphrase derivation is needed. */
    snprintf(sql, sizeof sql, "PRAGMA key = \"x'%s'\"", hex);
    rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    OPENSSL_cleanse(sql, sizeof sql);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(st->db, "PRAGMA cipher_page_size = 4096", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return store_sql_fail(st, rc, "设置数据密钥 / keying", d);
    rc = sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
    if (rc == SQLITE_NOTADB && existed)
        return ck_diag_fail(d, CK_E_STORE_KEY,
                            "无法解密数据文件 %s：密钥不匹配，或该文件不是本机的数据文件；已拒绝使用且未改动",
                            "cannot decrypt %s: the key does not match, or it is not this kiosk's database; refused "
                            "and left untouched",
                            path);
    return rc == SQLITE_OK ? CK_OK : store_sql_fail(st, rc, "读取数据文件 / reading the database", d);
}

static ck_err quick_check(ck_store *st, const char *path, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    ck_err rc = CK_OK;
    int src = sqlite3_prepare_v2(st->db, "PRAGMA quick_check", -1, &q, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_step(q);
    if (src != SQLITE_ROW)
        rc = store_sql_fail(st, src, "数据文件检查 / integrity check", d);
    else if (strcmp((const char *)sqlite3_column_text(q, 0), "ok") != 0)
        rc = ck_diag_fail(d, CK_E_STORE_CORRUPT, "数据文件 %s 已损坏：%s", "the database %s is damaged: %s", path,
                          (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    return rc;
}

static ck_err migrate(ck_store *st, const char *path, const char *hex, ck_diag *d)
{
    sqlite3_stmt *q = NULL;
    int version;
    ck_err rc;
    if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK || sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_finalize(q);
        return store_sql_fail(st, sqlite3_errcode(st->db), "读取版本 / reading the schema version", d);
    }
    version = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    if (version > STORE_SCHEMA_VERSION)
        return ck_diag_fail(d, CK_E_STORE_TOO_NEW, "数据文件版本为%d，本程序只支持到%d，请升级程序；文件未改动",
                            "the database has schema version %d but this program knows only up to %d; upgrade it (the "
                            "file was not changed)",
                            version, STORE_SCHEMA_VERSION);
    if (version == STORE_SCHEMA_VERSION)
        return CK_OK;
    /* A database with data (not one being created) is copied first; no copy, no migration. */
    if (version > 0 && (rc = store_backup_before_migration(st, path, hex, version, d)) != CK_OK)
        return rc;
    if ((rc = store_tx_begin(st, d)) != CK_OK)
        return rc;
    for (int v = version; v < STORE_SCHEMA_VERSION && rc == CK_OK; v++)
        rc = store_exec(st, store_migrations[v], "升级数据文件 / migrating", d);
    if (rc == CK_OK) {
        char sql[48];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", STORE_SCHEMA_VERSION);
        rc = store_exec(st, sql, "升级数据文件 / migrating", d);
    }
    return store_tx_end(st, rc, d);
}

/* Opens an existing file as the store: key, pragmas, checks, migrations. */
static ck_err open_existing(const char *path, const char *hex, bool fresh, ck_store **out, ck_diag *d)
{
    ck_store *st = calloc(1, sizeof *st);
    ck_err rc;
    if (st == NULL)
        return CK_E_NOMEM;
    if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | (fresh ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_FULLMUTEX,
                        NULL) != SQLITE_OK) {
        rc = store_sql_fail(st, sqlite3_errcode(st->db), "打开数据文件 / opening the database", d);
        goto cleanup;
    }
    sqlite3_busy_timeout(st->db, 5000);
    if ((rc = apply_key(st, hex, !fresh, path, d)) != CK_OK)
        goto cleanup;
    /* WAL with FULL: a commit that returned is on the disk, even across a power cut. */
    rc = store_exec(st, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
                    "设置数据文件 / configuring the database", d);
    if (rc == CK_OK && !fresh)
        rc = quick_check(st, path, d);
    if (rc == CK_OK)
        rc = migrate(st, path, hex, d);
cleanup:
    if (rc != CK_OK) {
        store_close(st);
        return rc;
    }
    *out = st;
    return CK_OK;
}

/*
 * Creates a new database under a temporary name and renames it into place
 * once its schema is committed, so that a power cut during the very first
 * start leaves either no database or a complete one, never an empty file
 * that the next start would have to refuse.
 */
static ck_err create_fresh(const char *path, const char *hex, ck_diag *d)
{
    char tmp[1024], dir[1024];
    const char *slash = strrchr(path, '/');
    ck_store *st = NULL;
    ck_err rc;
    int fd;
    if (snprintf(tmp, sizeof tmp, "%s.creating", path) >= (int)sizeof tmp)
        return ck_diag_fail(d, CK_E_ARG, "数据文件路径过长", "the database path is too long");
    /* Whatever a cut-off earlier attempt left under the temporary name is ours and incomplete. */
    unlink(tmp);
    /* 0600 whatever the umask: SQLite would make it 0644 (and its WAL like it). An empty file is a new database. */
    if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
        return ck_diag_fail(d, CK_E_IO, "无法创建数据文件 %s：%s", "cannot create the database %s: %s", tmp,
                            strerror(errno));
    close(fd);
    if ((rc = open_existing(tmp, hex, true, &st, d)) != CK_OK) {
        unlink(tmp);
        return rc;
    }
    store_close(st); /* a clean close checkpoints the WAL into the file */
    if (rename(tmp, path) != 0)
        return ck_diag_fail(d, CK_E_IO, "无法创建数据文件 %s：%s", "cannot create the database %s: %s", path,
                            strerror(errno));
    snprintf(dir, sizeof dir, "%.*s", slash != NULL ? (int)(slash - path + 1) : 1, slash != NULL ? path : ".");
    if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
        fsync(fd); /* the rename itself must survive a power cut */
        close(fd);
    }
    return CK_OK;
}

/*
 * The databases this process has open, by file. POSIX record locks belong to
 * the process, and closing any descriptor of a file drops all of them: if
 * check_existing_file opened and closed the database while another connection
 * of this process (the sync worker's, the desk's) held its locks, another
 * process would see the file unused and could checkpoint and delete the WAL
 * under it (seen: the kiosk's commits vanished from certkioskctl's view). So
 * the file is checked only when the process has no connection to it yet.
 */
#define STORE_OPEN_FILES 8
static pthread_mutex_t open_files_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    dev_t dev;
    ino_t ino;
    int n;
} open_files[STORE_OPEN_FILES];

/* Counts a connection to (dev, ino) by delta; returns how many there were before. */
static int open_files_count(dev_t dev, ino_t ino, int delta)
{
    int before = 0, free_slot = -1;
    pthread_mutex_lock(&open_files_lock);
    for (int i = 0; i < STORE_OPEN_FILES; i++) {
        if (open_files[i].n > 0 && open_files[i].dev == dev && open_files[i].ino == ino) {
            before = open_files[i].n;
            open_files[i].n += delta;
            free_slot = -2;
            break;
        }
        if (open_files[i].n == 0 && free_slot == -1)
            free_slot = i;
    }
    if (free_slot >= 0 && delta > 0)
        open_files[free_slot].dev = dev, open_files[free_slot].ino = ino, open_files[free_slot].n = delta;
    pthread_mutex_unlock(&open_files_lock);
    return before;
}

ck_err store_open(const char *path, const char *key_file, bool create, ck_store **out, ck_diag *d)
{
    struct stat sb;
    char hex[KEYFILE_HEX_LEN + 1] = "";
    bool existed;
    ck_err rc;
    if (path == NULL || key_file == NULL || out == NULL)
        return CK_E_ARG;
    *out = NULL;
    existed = stat(path, &sb) == 0;
    if (existed && open_files_count(sb.st_dev, sb.st_ino, 0) == 0 && (rc = check_existing_file(path, &sb, d)) != CK_OK)
        return rc;
    if (!existed && !create)
        return ck_diag_fail(d, CK_E_NOT_FOUND, "没有数据文件 %s（终端首次启动时创建）",
                            "there is no database at %s (the kiosk creates it when it first starts)", path);
    if (!existed && access(key_file, F_OK) != 0 && (rc = keyfile_create(key_file, d)) != CK_OK)
        return rc;
    if ((rc = keyfile_read(key_file, hex, d)) != CK_OK)
        goto cleanup;
    if (!existed && (rc = create_fresh(path, hex, d)) != CK_OK)
        goto cleanup;
    rc = open_existing(path, hex, false, out, d);
    if (rc == CK_OK && stat(path, &sb) == 0) {
        (*out)->dev = sb.st_dev, (*out)->ino = sb.st_ino;
        open_files_count(sb.st_dev, sb.st_ino, 1);
    }
cleanup:
    OPENSSL_cleanse(hex, sizeof hex);
    return rc;
}

int store_prepare(ck_store *st, const char *sql, sqlite3_stmt **out)
{
    int rc;
    for (int i = 0; i < st->n_stmts; i++) {
        if (st->stmts[i].sql == sql || strcmp(st->stmts[i].sql, sql) == 0) {
            *out = st->stmts[i].q;
            return SQLITE_OK;
        }
    }
    *out = NULL;
    rc = sqlite3_prepare_v2(st->db, sql, -1, out, NULL);
    /* A full cache is a programming error (more distinct statements than STORE_STMT_CACHE). */
    assert(rc != SQLITE_OK || st->n_stmts < STORE_STMT_CACHE);
    if (rc == SQLITE_OK && st->n_stmts < STORE_STMT_CACHE) {
        st->stmts[st->n_stmts].sql = sql;
        st->stmts[st->n_stmts].q = *out;
        st->n_stmts++;
    }
    return rc;
}

void store_release(sqlite3_stmt *q)
{
    if (q == NULL)
        return;
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
}

void store_close(ck_store *st)
{
    if (st == NULL)
        return;
    for (int i = 0; i < st->n_stmts; i++)
        sqlite3_finalize(st->stmts[i].q);
    sqlite3_close_v2(st->db);
    if (st->ino != 0)
        open_files_count(st->dev, st->ino, -1);
    free(st);
}
