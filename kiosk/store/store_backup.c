/*
 * store_backup.c - the copy of the database taken before a newer program
 * migrates it (store.h, store_set_migration_backups): if the new version's
 * migration or code turns out wrong, the operator still has the data as the
 * old version left it. The copy is made with SQLCipher's sqlcipher_export
 * into an attached file keyed like the original, under a temporary name
 * renamed into place once complete, mode 0600; the oldest copies beyond the
 * number kept are removed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "store_internal.h"

#define BACKUP_NAME_MAX 1100

static int backups_kept = 3;

void store_set_migration_backups(int keep) { backups_kept = keep >= 0 ? keep : 0; }

/* "name.v3-20261206T041500Z.bak" -> the time part, for ordering; NULL when not one of ours. */
static const char *backup_stamp(const char *name, const char *base)
{
    size_t bl = strlen(base), nl = strlen(name);
    const char *dash;
    if (nl < bl + 6 || strncmp(name, base, bl) != 0 || strncmp(name + bl, ".v", 2) != 0 ||
        strcmp(name + nl - 4, ".bak") != 0 || (dash = strrchr(name + bl, '-')) == NULL)
        return NULL;
    return dash + 1;
}

/* Removes the oldest of dir's copies of base until keep are left. */
static void prune(const char *dir, const char *base, int keep)
{
    for (;;) {
        DIR *dd = opendir(dir);
        struct dirent *e;
        char oldest[256] = "";
        const char *oldest_stamp = NULL;
        int n = 0;
        if (dd == NULL)
            return;
        while ((e = readdir(dd)) != NULL) {
            const char *stamp = backup_stamp(e->d_name, base);
            if (stamp == NULL)
                continue;
            n++;
            if (oldest_stamp == NULL || strcmp(stamp, oldest_stamp) < 0) {
                snprintf(oldest, sizeof oldest, "%s", e->d_name);
                oldest_stamp = backup_stamp(oldest, base);
            }
        }
        closedir(dd);
        if (n <= keep || oldest[0] == '\0')
            return;
        {
            char full[BACKUP_NAME_MAX + 256 + 2];
            snprintf(full, sizeof full, "%s/%s", dir, oldest);
            if (unlink(full) != 0)
                return;
            ck_log(CK_LOG_INFO, NULL, "store.backup", "removed the old copy %s", full);
        }
    }
}

ck_err store_backup_before_migration(ck_store *st, const char *path, const char *hex, int version, ck_diag *d)
{
    char bak[BACKUP_NAME_MAX], tmp[BACKUP_NAME_MAX + 8], dir[BACKUP_NAME_MAX], sql[BACKUP_NAME_MAX + 200], stamp[24];
    const char *slash = strrchr(path, '/'), *base = slash != NULL ? slash + 1 : path;
    time_t now = time(NULL);
    struct tm tm;
    ck_err rc;
    if (backups_kept == 0)
        return CK_OK;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    snprintf(dir, sizeof dir, "%.*s", slash != NULL ? (int)(slash - path) : 1, slash != NULL ? path : ".");
    if (snprintf(bak, sizeof bak, "%s.v%d-%s.bak", path, version, stamp) >= (int)sizeof bak || strchr(path, '\'') != NULL)
        return ck_diag_fail(d, CK_E_ARG, "数据文件路径无法用于备份", "the database path cannot be used for a backup");
    snprintf(tmp, sizeof tmp, "%s.partial", bak);
    unlink(tmp); /* a cut-off earlier attempt's, incomplete */
    /* Made here, 0600 from the start: ATTACH cannot create it (the store's connection opens without CREATE). */
    {
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0)
            return ck_diag_fail(d, CK_E_IO, "无法创建数据文件备份 %s：%s", "cannot create the database backup %s: %s",
                                tmp, strerror(errno));
        close(fd);
    }
    snprintf(sql, sizeof sql, "ATTACH DATABASE '%s' AS bak KEY \"x'%s'\"", tmp, hex);
    rc = store_exec(st, sql, "备份数据文件 / backing up the database", d);
    OPENSSL_cleanse(sql, sizeof sql);
    if (rc != CK_OK) {
        unlink(tmp);
        return rc;
    }
    /* The copy must read like the original: the same page size and schema version. */
    snprintf(sql, sizeof sql,
             "PRAGMA bak.cipher_page_size = 4096; SELECT sqlcipher_export('bak'); PRAGMA bak.user_version = %d;",
             version);
    rc = store_exec(st, sql, "备份数据文件 / backing up the database", d);
    sqlite3_exec(st->db, "DETACH DATABASE bak", NULL, NULL, NULL);
    if (rc == CK_OK && rename(tmp, bak) != 0)
        rc = ck_diag_fail(d, CK_E_IO, "无法保存数据文件备份 %s：%s", "cannot keep the database backup %s: %s", bak,
                          strerror(errno));
    if (rc != CK_OK) {
        unlink(tmp);
        return rc;
    }
    {
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) {
            fsync(fd); /* the rename survives a power cut */
            close(fd);
        }
    }
    ck_log(CK_LOG_NOTICE, NULL, "store.backup", "copied the schema %d database to %s before migrating it", version, bak);
    prune(dir, base, backups_kept);
    return CK_OK;
}
