/*
 * doctor_files.c - the checks on the kiosk's files: the database (opened
 * with its key if it exists, never created), the key files (present, private,
 * owned by this user or root) and the free space under the database.
 */
#include <errno.h>
#include <openssl/crypto.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "doctor_internal.h"
#include "keyfile.h"
#include "store.h"

#define MIB (1024.0 * 1024.0)

/* The database's folder is there and this user may create files in it (the database, its WAL). */
static bool folder_writable(const char *dir, doctor_result *r, const char *path)
{
    struct stat ds;
    if (stat(dir, &ds) != 0 || !S_ISDIR(ds.st_mode)) {
        doctor_found(r, DOCTOR_FAIL, "没有数据文件 %s，其所在目录 %s 也不存在",
                     "there is no database %s and its folder %s does not exist", path, dir);
        doctor_fix(r, "创建该目录（属主为终端的运行用户）：mkdir -p %s",
                   "create the folder, owned by the kiosk's user: mkdir -p %s", dir);
        return false;
    }
    if (access(dir, W_OK | X_OK) != 0) {
        doctor_found(r, DOCTOR_FAIL, "没有数据文件 %s，且目录 %s 不可写，无法创建（%s）",
                     "there is no database %s and its folder %s is not writable, so it cannot be created (%s)", path,
                     dir, strerror(errno));
        doctor_fix(r, "让终端的运行用户可写该目录（chown/chmod %s）",
                   "let the kiosk's user write the folder (chown/chmod %s)", dir);
        return false;
    }
    return true;
}

/* The fix for each way store_open refuses an existing file. */
static void database_fix(doctor_result *r, ck_err rc)
{
    switch (rc) {
    case CK_E_STORE_TOO_NEW:
        doctor_fix(r, "安装写入该文件的较新版本 certkiosk；不要删除或改动该文件",
                   "install the newer certkiosk that wrote it; do not delete or edit the file");
        break;
    case CK_E_STORE_CORRUPT:
        doctor_fix(r, "停止终端，保留该文件，从最近的备份恢复（docs/store.md）",
                   "stop the kiosk, keep the file, and restore the latest backup (docs/store.md)");
        break;
    case CK_E_STORE_KEY:
        doctor_fix(r, "[store] key_file 须是与该数据文件一同创建的密钥，权限 0600",
                   "[store] key_file must be the key created with this database, mode 0600");
        break;
    case CK_E_DISK_FULL: doctor_fix(r, "清理数据文件所在磁盘的空间", "free space on the database's disk"); break;
    default:
        doctor_fix(r, "检查数据文件及其目录的权限（docs/store.md）",
                   "check the permissions of the database and its folder (docs/store.md)");
        break;
    }
}

void doctor_check_database(const doctor_env *env, doctor_result *r)
{
    const char *path = env->cfg->store_path;
    char dir[CONFIG_PATH_MAX];
    char hex[KEYFILE_HEX_LEN + 1];
    struct stat sb;
    ck_store *st = NULL;
    ck_diag d = {"", ""};
    ck_err rc;
    doctor_dirname(path, dir, sizeof dir);
    if (stat(path, &sb) != 0) {
        if (errno != ENOENT) {
            doctor_found(r, DOCTOR_FAIL, "无法查看数据文件 %s：%s", "cannot look at the database %s: %s", path,
                         strerror(errno));
            doctor_fix(r, "检查目录 %s 的权限", "check the permissions of the folder %s", dir);
        } else if (folder_writable(dir, r, path)) {
            doctor_found(r, DOCTOR_WARN, "还没有数据文件 %s，终端首次启动时创建（目录可写）",
                         "no database at %s yet: created at first start (the folder is writable)", path);
            doctor_fix(r, "启动一次终端程序，它会创建数据文件及其密钥",
                       "start the kiosk once; it creates the database and its key");
        }
        return;
    }
    /* A key file the kiosk refuses is the key files check's failure; this one cannot tell more. */
    if ((rc = keyfile_read(env->cfg->store_key_file, hex, &d)) != CK_OK) {
        r->status = DOCTOR_WARN;
        doctor_text(r->detail_zh, sizeof r->detail_zh, "无法判断：数据文件 %s 无法打开，%s", path, d.zh);
        doctor_text(r->detail_en, sizeof r->detail_en, "cannot tell: %s cannot be opened, %s", path, d.en);
        doctor_fix(r, "先解决密钥文件一项", "fix the key files check first");
        return;
    }
    OPENSSL_cleanse(hex, sizeof hex);
    /* Never created here: the file exists. Opening runs the same refusals the kiosk runs at start. */
    rc = store_open(path, env->cfg->store_key_file, false, &st, &d);
    if (rc == CK_OK) {
        store_close(st);
        doctor_found(r, DOCTOR_PASS, "%s 可用其密钥打开，结构版本 %d，完整性检查通过，%.1f MiB",
                     "%s opens with its key, schema version %d, integrity check ok, %.1f MiB", path,
                     STORE_SCHEMA_VERSION, (double)sb.st_size / MIB);
        return;
    }
    r->status = DOCTOR_FAIL;
    doctor_text(r->detail_zh, sizeof r->detail_zh, "%s", d.zh[0] != '\0' ? d.zh : ck_err_zh(rc));
    doctor_text(r->detail_en, sizeof r->detail_en, "%s", d.en[0] != '\0' ? d.en : ck_err_en(rc));
    database_fix(r, rc);
}

/* One key file's finding. */
typedef struct key_finding {
    doctor_status status;
    char zh[384], en[384], fix_zh[256], fix_en[256]; /* cut to the result's size by doctor_text */
} key_finding;

/*
 * A key file: present, a regular file, no group or other bits, owned by this
 * user or root. hex_key: one of the kiosk's own 64-hex-digit keys, which
 * keyfile_read accepts only at exactly 0600 and never through a link; else
 * the TLS client key (0600 or 0400, read by libcurl).
 */
static void check_one_key(const char *what_zh, const char *what_en, const char *path, bool hex_key,
                          doctor_status if_missing, const char *missing_zh, const char *missing_en, key_finding *f)
{
    struct stat sb;
    char hex[KEYFILE_HEX_LEN + 1];
    ck_diag d = {"", ""};
    unsigned mode;
    int err = (hex_key ? lstat(path, &sb) : stat(path, &sb)) == 0 ? 0 : errno;
    *f = (key_finding){.status = DOCTOR_PASS};
    if (err != 0) {
        f->status = err == ENOENT ? if_missing : DOCTOR_FAIL;
        if (err == ENOENT) {
            snprintf(f->zh, sizeof f->zh, "%s %s 不存在%s", what_zh, path, missing_zh);
            snprintf(f->en, sizeof f->en, "the %s %s does not exist%s", what_en, path, missing_en);
        } else {
            snprintf(f->zh, sizeof f->zh, "无法查看%s %s：%s", what_zh, path, strerror(err));
            snprintf(f->en, sizeof f->en, "cannot look at the %s %s: %s", what_en, path, strerror(err));
        }
        snprintf(f->fix_zh, sizeof f->fix_zh, "将%s放到 %s，权限 0600", what_zh, path);
        snprintf(f->fix_en, sizeof f->fix_en, "put the %s at %s, mode 0600", what_en, path);
        return;
    }
    mode = (unsigned)(sb.st_mode & 07777);
    if (!S_ISREG(sb.st_mode)) {
        f->status = DOCTOR_FAIL;
        snprintf(f->zh, sizeof f->zh, "%s %s 不是普通文件%s", what_zh, path,
                 S_ISLNK(sb.st_mode) ? "（是符号链接）" : "");
        snprintf(f->en, sizeof f->en, "the %s %s is not a regular file%s", what_en, path,
                 S_ISLNK(sb.st_mode) ? " (it is a symbolic link)" : "");
        snprintf(f->fix_zh, sizeof f->fix_zh, "用普通文件替换 %s，权限 0600", path);
        snprintf(f->fix_en, sizeof f->fix_en, "replace %s with a regular file, mode 0600", path);
    } else if ((mode & 077) != 0 || (hex_key && mode != 0600)) {
        f->status = DOCTOR_FAIL;
        snprintf(f->zh, sizeof f->zh, "%s %s 的权限是 %04o%s", what_zh, path, mode,
                 (mode & 077) != 0 ? "，同组或其他用户可以访问" : "，终端只接受 0600");
        snprintf(f->en, sizeof f->en, "the %s %s has mode %04o%s", what_en, path, mode,
                 (mode & 077) != 0 ? ": group or others may use it" : ": the kiosk accepts only 0600");
        snprintf(f->fix_zh, sizeof f->fix_zh, "chmod 600 %s", path);
        snprintf(f->fix_en, sizeof f->fix_en, "chmod 600 %s", path);
    } else if (sb.st_uid != geteuid() && sb.st_uid != 0) {
        f->status = DOCTOR_FAIL;
        snprintf(f->zh, sizeof f->zh, "%s %s 的属主是 uid %u，不是当前用户（uid %u）或 root", what_zh, path,
                 (unsigned)sb.st_uid, (unsigned)geteuid());
        snprintf(f->en, sizeof f->en, "the %s %s is owned by uid %u, not this user (uid %u) or root", what_en, path,
                 (unsigned)sb.st_uid, (unsigned)geteuid());
        snprintf(f->fix_zh, sizeof f->fix_zh, "chown %u %s（以终端的运行用户执行本检查）", (unsigned)geteuid(), path);
        snprintf(f->fix_en, sizeof f->fix_en, "chown %u %s (run this check as the kiosk's user)", (unsigned)geteuid(),
                 path);
    } else if (hex_key && keyfile_read(path, hex, &d) != CK_OK) {
        f->status = DOCTOR_FAIL;
        snprintf(f->zh, sizeof f->zh, "%s", d.zh);
        snprintf(f->en, sizeof f->en, "%s", d.en);
        snprintf(f->fix_zh, sizeof f->fix_zh, "从备份恢复 %s", path);
        snprintf(f->fix_en, sizeof f->fix_en, "restore %s from its backup", path);
    } else if (!hex_key && access(path, R_OK) != 0) {
        f->status = DOCTOR_FAIL;
        snprintf(f->zh, sizeof f->zh, "%s %s 不可读：%s", what_zh, path, strerror(errno));
        snprintf(f->en, sizeof f->en, "the %s %s cannot be read: %s", what_en, path, strerror(errno));
        snprintf(f->fix_zh, sizeof f->fix_zh, "chmod 600 %s", path);
        snprintf(f->fix_en, sizeof f->fix_en, "chmod 600 %s", path);
    }
    OPENSSL_cleanse(hex, sizeof hex);
}

void doctor_check_key_files(const doctor_env *env, doctor_result *r)
{
    const ck_config *cfg = env->cfg;
    bool has_db = access(cfg->store_path, F_OK) == 0, has_upstream = cfg->upstream_url[0] != '\0';
    key_finding f[3];
    char names[160] = "";
    int n = 0, worst = -1, problems = 0;
    /* Without a database, its key is made with it at first start; with one, the database is useless without it. */
    check_one_key("数据密钥文件", "database key file", cfg->store_key_file, true, has_db ? DOCTOR_FAIL : DOCTOR_WARN,
                  has_db ? "，数据文件无法打开" : "，将在终端首次启动时与数据文件一同创建",
                  has_db ? ": the database cannot be opened" : ": it is made with the database at first start",
                  &f[n++]);
    check_one_key("发证主密钥文件", "issuer master key file", cfg->token_master_file, true, DOCTOR_FAIL,
                  "，无法为USB Key发证", ": no USB Key can be issued", &f[n++]);
    if (has_upstream)
        check_one_key("终端私钥", "kiosk client key", cfg->upstream_key, false, DOCTOR_FAIL, "，无法连接上级系统",
                      ": the upstream cannot be reached", &f[n++]);
    for (int i = 0; i < n; i++) {
        if (f[i].status != DOCTOR_PASS)
            problems++;
        if (worst < 0 || f[i].status > f[worst].status)
            worst = i;
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i > 0 ? ", " : "",
                 doctor_basename(i == 0   ? cfg->store_key_file
                                 : i == 1 ? cfg->token_master_file
                                          : cfg->upstream_key));
    }
    if (f[worst].status == DOCTOR_PASS) {
        doctor_found(r, DOCTOR_PASS, "%d 个密钥文件只有属主可访问，属主为当前用户或 root（%s）",
                     "%d key files: only their owner may use them, owned by this user or root (%s)", n, names);
        return;
    }
    r->status = f[worst].status;
    if (problems > 1) {
        doctor_text(r->detail_zh, sizeof r->detail_zh, "%s（另有 %d 项问题）", f[worst].zh, problems - 1);
        doctor_text(r->detail_en, sizeof r->detail_en, "%s (and %d more)", f[worst].en, problems - 1);
    } else {
        doctor_text(r->detail_zh, sizeof r->detail_zh, "%s", f[worst].zh);
        doctor_text(r->detail_en, sizeof r->detail_en, "%s", f[worst].en);
    }
    doctor_text(r->hint_zh, sizeof r->hint_zh, "%s", f[worst].fix_zh);
    doctor_text(r->hint_en, sizeof r->hint_en, "%s", f[worst].fix_en);
}

void doctor_check_disk(const doctor_env *env, doctor_result *r)
{
    char dir[CONFIG_PATH_MAX];
    struct statvfs vs;
    double free_bytes;
    /* The database's folder, or the nearest folder above it that exists (where it would be made). */
    doctor_dirname(env->cfg->store_path, dir, sizeof dir);
    while (statvfs(dir, &vs) != 0) {
        char up[CONFIG_PATH_MAX];
        if (errno != ENOENT || strcmp(dir, "/") == 0 || strcmp(dir, ".") == 0) {
            doctor_found(r, DOCTOR_FAIL, "无法查看 %s 所在磁盘：%s", "cannot look at the disk of %s: %s", dir,
                         strerror(errno));
            doctor_fix(r, "检查 [store] path 及其目录", "check [store] path and its folder");
            return;
        }
        doctor_dirname(dir, up, sizeof up);
        snprintf(dir, sizeof dir, "%s", up);
    }
    free_bytes = (double)vs.f_bavail * (double)vs.f_frsize;
    if (free_bytes < (double)DOCTOR_DISK_FAIL_BYTES) {
        doctor_found(r, DOCTOR_FAIL, "仅剩 %.1f MiB 可用（%s 所在磁盘，低于 100 MiB），业务可能无法保存",
                     "only %.1f MiB free on the disk of %s (under 100 MiB): jobs may not be saved", free_bytes / MIB,
                     dir);
    } else if (free_bytes < (double)DOCTOR_DISK_WARN_BYTES) {
        doctor_found(r, DOCTOR_WARN, "仅剩 %.0f MiB 可用（%s 所在磁盘，低于 1 GiB）",
                     "only %.0f MiB free on the disk of %s (under 1 GiB)", free_bytes / MIB, dir);
    } else {
        doctor_found(r, DOCTOR_PASS, "剩余 %.1f GiB 可用（%s 所在磁盘）", "%.1f GiB free on the disk of %s",
                     free_bytes / (MIB * 1024), dir);
        return;
    }
    doctor_fix(r, "清理该磁盘（日志、旧备份），或执行 certkioskctl store purge",
               "free space on that disk (logs, old backups), or run certkioskctl store purge");
}
