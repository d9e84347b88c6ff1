/*
 * keyfile.c - a secret of 32 random bytes kept as 64 hex digits in a file
 * only the kiosk's user may read (mode 0600, checked at every read, because a
 * readable key makes what it protects pointless).
 */
#include "keyfile.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Makes a new directory entry durable. */
static void fsync_parent(const char *path)
{
    char dir[1024];
    const char *slash = strrchr(path, '/');
    int fd;
    snprintf(dir, sizeof dir, "%.*s", slash != NULL ? (int)(slash - path + 1) : 1, slash != NULL ? path : ".");
    if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
        fsync(fd);
        close(fd);
    }
}

ck_err keyfile_create(const char *path, ck_diag *d)
{
    unsigned char key[32];
    char hex[KEYFILE_HEX_LEN + 2], tmp[1024];
    ck_err rc = CK_OK;
    int fd;
    if (RAND_bytes(key, sizeof key) != 1)
        return ck_diag_fail(d, CK_E_STORE_KEY, "无法生成数据密钥（随机数不可用）",
                            "cannot generate the database key (no randomness)");
    for (size_t i = 0; i < sizeof key; i++)
        snprintf(hex + 2 * i, 3, "%02x", key[i]);
    hex[KEYFILE_HEX_LEN] = '\n';
    hex[KEYFILE_HEX_LEN + 1] = '\0';
    /* Written whole under a temporary name, then linked into place: a power cut leaves no half key, and
     * link() fails rather than overwrite a key that exists (which would make its database unreadable). */
    if (snprintf(tmp, sizeof tmp, "%s.creating", path) >= (int)sizeof tmp) {
        rc = ck_diag_fail(d, CK_E_ARG, "密钥文件路径过长", "the key file path is too long");
        goto cleanup;
    }
    unlink(tmp);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc = ck_diag_fail(d, CK_E_STORE_KEY, "无法创建密钥文件 %s：%s", "cannot create the key file %s: %s", path,
                          strerror(errno));
        goto cleanup;
    }
    /* The umask may have narrowed the mode further; make it exactly 0600. */
    if (fchmod(fd, 0600) != 0 || write(fd, hex, KEYFILE_HEX_LEN + 1) != KEYFILE_HEX_LEN + 1 || fsync(fd) != 0)
        rc = ck_diag_fail(d, CK_E_STORE_KEY, "写入密钥文件 %s 失败：%s", "writing the key file %s failed: %s", path,
                          strerror(errno));
    close(fd);
    if (rc == CK_OK && link(tmp, path) != 0)
        rc = ck_diag_fail(d, CK_E_STORE_KEY, "无法创建密钥文件 %s：%s", "cannot create the key file %s: %s", path,
                          strerror(errno));
    unlink(tmp);
    if (rc == CK_OK)
        fsync_parent(path);
cleanup:
    OPENSSL_cleanse(key, sizeof key);
    OPENSSL_cleanse(hex, sizeof hex);
    return rc;
}

static bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

ck_err keyfile_read(const char *path, char hex_out[KEYFILE_HEX_LEN + 1], ck_diag *d)
{
    struct stat sb;
    char buf[KEYFILE_HEX_LEN + 4];
    ssize_t n;
    ck_err rc = CK_OK;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return ck_diag_fail(d, CK_E_STORE_KEY, "无法打开密钥文件 %s：%s", "cannot open the key file %s: %s", path,
                            strerror(errno));
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        rc = ck_diag_fail(d, CK_E_STORE_KEY, "密钥文件 %s 不是普通文件", "the key file %s is not a regular file", path);
        goto cleanup;
    }
    if ((sb.st_mode & 07777) != 0600) {
        rc = ck_diag_fail(d, CK_E_STORE_KEY, "密钥文件 %s 的权限是 %04o，必须是 0600（chmod 600）后才能使用",
                          "the key file %s has mode %04o; it must be 0600 (chmod 600) before it is used", path,
                          (unsigned)(sb.st_mode & 07777));
        goto cleanup;
    }
    n = read(fd, buf, sizeof buf);
    if (n == KEYFILE_HEX_LEN + 1 && buf[KEYFILE_HEX_LEN] == '\n')
        n--;
    if (n != KEYFILE_HEX_LEN) {
        rc = ck_diag_fail(d, CK_E_STORE_KEY, "密钥文件 %s 应包含64个十六进制字符",
                          "the key file %s must hold 64 hex digits", path);
        goto cleanup;
    }
    for (int i = 0; i < KEYFILE_HEX_LEN; i++) {
        if (!is_hex(buf[i])) {
            rc = ck_diag_fail(d, CK_E_STORE_KEY, "密钥文件 %s 含有非十六进制字符",
                              "the key file %s holds a character that is not a hex digit", path);
            goto cleanup;
        }
    }
    memcpy(hex_out, buf, KEYFILE_HEX_LEN);
    hex_out[KEYFILE_HEX_LEN] = '\0';
cleanup:
    OPENSSL_cleanse(buf, sizeof buf);
    close(fd);
    return rc;
}

ck_err keyfile_read_bytes(const char *path, uint8_t out[32], ck_diag *d)
{
    char hex[KEYFILE_HEX_LEN + 1];
    ck_err rc = keyfile_read(path, hex, d);
    for (int i = 0; rc == CK_OK && i < 32; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
    OPENSSL_cleanse(hex, sizeof hex);
    return rc;
}
