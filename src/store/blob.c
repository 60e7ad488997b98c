/*
 * blob.c — the evidence blob store: content-addressed files under DATA_DIR/evidence.
 *
 * Uploads stream through a temporary file in evidence/tmp/ while SM3 is computed on the fly; the
 * commit syncs the file and link(2)s it to evidence/ab/cd/<digest>. link never overwrites, so
 * two uploads of the same content racing each other end with one intact blob (see blob.h, I1–I4).
 */
#include "zizhi/blob.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EVIDENCE_DIR "evidence"
#define TMP_DIR      "tmp"
#define BLOB_MODE    0400 /* blobs are immutable (I2) */

struct zz_blob_writer {
    int fd;
    zz_sm3 *sm3;
    uint64_t size;
    uint64_t limit; /* 0 = none */
    int failed;     /* a write failed: only abort (or a refused commit) may follow */
    char evidence[ZZ_BLOB_PATH_MAX];
    char tmp_path[ZZ_BLOB_PATH_MAX];
};

bool zz_blob_hex_valid(const char *hex)
{
    if (!hex) return false;
    for (int i = 0; i < ZZ_SM3_HEXLEN; i++) {
        char c = hex[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false; /* also stops at a NUL before 64 chars */
    }
    return hex[ZZ_SM3_HEXLEN] == '\0';
}

static int bad_digest(zz_err *err, const char *hex)
{
    /* Quote at most a digest's length of the caller's text. */
    return zz_err_set(err, ZZ_EINVAL, "input.digest",
                      "“%.64s”不是有效的 SM3 摘要（须为 64 位小写十六进制）",
                      "\"%.64s\" is not a valid sm3 digest (64 lower-case hex digits expected)",
                      hex ? hex : "(null)");
}

static int too_long(zz_err *err, const char *data_dir)
{
    return zz_err_set(err, ZZ_EINVAL, "input.path_too_long", "数据目录路径过长：“%.200s”",
                      "data directory path too long: \"%.200s\"", data_dir);
}

static int io_fail(zz_err *err, const char *what_path, int e)
{
    return zz_err_set(err, ZZ_ESTORE, "store.blob_io", "证据文件库操作失败：“%s”：%s",
                      "evidence store failure at \"%s\": %s", what_path, strerror(e));
}

int zz_blob_path(char buf[ZZ_BLOB_PATH_MAX], const char *data_dir, const char *hex, zz_err *err)
{
    if (!zz_blob_hex_valid(hex)) /* I4: validate before building any path */
        return bad_digest(err, hex);
    int n = snprintf(buf, ZZ_BLOB_PATH_MAX, "%s/" EVIDENCE_DIR "/%.2s/%.2s/%s", data_dir, hex,
                     hex + 2, hex);
    if (n < 0 || n >= ZZ_BLOB_PATH_MAX) return too_long(err, data_dir);
    return ZZ_OK;
}

/* mkdir that tolerates an existing directory; *created tells whether this call made it. */
static int make_dir(const char *path, bool *created, zz_err *err)
{
    if (mkdir(path, 0700) == 0) {
        if (created) *created = true;
        return ZZ_OK;
    }
    if (errno == EEXIST) return ZZ_OK;
    return io_fail(err, path, errno);
}

static void fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return -1;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

static void writer_free(zz_blob_writer *w)
{
    if (w->fd >= 0) close(w->fd);
    if (w->tmp_path[0]) unlink(w->tmp_path);
    zz_sm3_free(w->sm3);
    free(w);
}

int zz_blob_writer_open(zz_blob_writer **out, const char *data_dir, zz_err *err)
{
    *out = NULL;
    zz_blob_writer *w = calloc(1, sizeof *w);
    if (!w) return zz_err_set(err, ZZ_ENOMEM, "sys.nomem", "内存不足", "out of memory");
    w->fd = -1;
    char tmpdir[ZZ_BLOB_PATH_MAX];
    int rc;
    int n1 = snprintf(w->evidence, sizeof w->evidence, "%s/" EVIDENCE_DIR, data_dir);
    int n2 = snprintf(tmpdir, sizeof tmpdir, "%s/" TMP_DIR, w->evidence);
    int n3 = snprintf(w->tmp_path, sizeof w->tmp_path, "%s/upload-XXXXXX", tmpdir);
    if (n1 < 0 || n1 >= (int)sizeof w->evidence || n2 < 0 || n2 >= (int)sizeof tmpdir || n3 < 0 ||
        n3 >= (int)sizeof w->tmp_path) {
        w->tmp_path[0] = '\0';
        rc = too_long(err, data_dir);
        goto fail;
    }
    if ((rc = make_dir(data_dir, NULL, err)) < 0 || (rc = make_dir(w->evidence, NULL, err)) < 0 ||
        (rc = make_dir(tmpdir, NULL, err)) < 0)
        goto fail_notmp;
    w->fd = mkstemp(w->tmp_path); /* mode 0600, O_EXCL */
    if (w->fd < 0) {
        rc = io_fail(err, tmpdir, errno);
        goto fail_notmp;
    }
    if (fcntl(w->fd, F_SETFD, FD_CLOEXEC) != 0) {
        rc = io_fail(err, w->tmp_path, errno);
        goto fail;
    }
    if ((rc = zz_sm3_new(&w->sm3, err)) < 0) goto fail;
    *out = w;
    return ZZ_OK;
fail_notmp:
    w->tmp_path[0] = '\0';
fail:
    writer_free(w);
    return rc;
}

void zz_blob_writer_set_limit(zz_blob_writer *w, uint64_t max_bytes)
{
    w->limit = max_bytes;
}

static int writer_failed(zz_err *err)
{
    return zz_err_set(err, ZZ_ESTATE, "store.blob_writer_failed", "证据文件写入已失败，只能放弃",
                      "the blob writer has failed and can only be aborted");
}

int zz_blob_writer_write(zz_blob_writer *w, const void *buf, size_t len, zz_err *err)
{
    if (w->failed) return writer_failed(err);
    if (len == 0) return ZZ_OK;
    if (!buf) {
        w->failed = 1;
        return zz_err_set(err, ZZ_EINVAL, "input.null", "写入数据为空指针",
                          "data to write is a null pointer with non-zero length");
    }
    if (w->limit && (len > w->limit || w->size > w->limit - len)) {
        w->failed = 1;
        return zz_err_set(err, ZZ_ETOOBIG, "input.too_big", "文件超过大小上限 %llu 字节",
                          "file exceeds the size limit of %llu bytes",
                          (unsigned long long)w->limit);
    }
    int rc = zz_sm3_update(w->sm3, buf, len, err);
    if (rc < 0) {
        w->failed = 1;
        return rc;
    }
    if (write_all(w->fd, buf, len) != 0) {
        w->failed = 1;
        return io_fail(err, w->tmp_path, errno);
    }
    w->size += len;
    return ZZ_OK;
}

int zz_blob_writer_commit(zz_blob_writer *w, char out_hex[ZZ_SM3_HEXLEN + 1], uint64_t *size,
                          zz_err *err)
{
    int rc;
    char hex[ZZ_SM3_HEXLEN + 1];
    char dir1[ZZ_BLOB_PATH_MAX], dir2[ZZ_BLOB_PATH_MAX], final[ZZ_BLOB_PATH_MAX];
    bool made1 = false, made2 = false;

    if (w->failed) {
        rc = writer_failed(err);
        goto done;
    }
    /* Read-only before it becomes visible: nothing in the store rewrites a blob (I2). */
    if (fchmod(w->fd, BLOB_MODE) != 0 || fsync(w->fd) != 0) {
        rc = io_fail(err, w->tmp_path, errno);
        goto done;
    }
    int fd = w->fd;
    w->fd = -1;
    if (close(fd) != 0) {
        rc = io_fail(err, w->tmp_path, errno);
        goto done;
    }
    if ((rc = zz_sm3_final_hex(w->sm3, hex, err)) < 0) goto done;
    int n1 = snprintf(dir1, sizeof dir1, "%s/%.2s", w->evidence, hex);
    int n2 = snprintf(dir2, sizeof dir2, "%s/%.2s", dir1, hex + 2);
    int n3 = snprintf(final, sizeof final, "%s/%s", dir2, hex);
    if (n1 < 0 || n1 >= (int)sizeof dir1 || n2 < 0 || n2 >= (int)sizeof dir2 || n3 < 0 ||
        n3 >= (int)sizeof final) {
        rc = too_long(err, w->evidence);
        goto done;
    }
    if ((rc = make_dir(dir1, &made1, err)) < 0 || (rc = make_dir(dir2, &made2, err)) < 0) goto done;
    if (link(w->tmp_path, final) != 0) {
        int e = errno;
        if (e == EEXIST) {
            /* I3: already stored; the temporary copy is removed below. */
        } else if (e == EPERM || e == ENOTSUP || e == EOPNOTSUPP || e == EMLINK) {
            /* File systems without hard links: fall back to a checked rename. */
            struct stat st;
            if (lstat(final, &st) != 0) {
                if (rename(w->tmp_path, final) != 0) {
                    rc = io_fail(err, final, errno);
                    goto done;
                }
                w->tmp_path[0] = '\0'; /* it is the blob now */
            }
        } else {
            rc = io_fail(err, final, e);
            goto done;
        }
    }
    fsync_dir(dir2);
    if (made2) fsync_dir(dir1);
    if (made1) fsync_dir(w->evidence);
    memcpy(out_hex, hex, sizeof hex);
    if (size) *size = w->size;
    rc = ZZ_OK;
done:
    writer_free(w); /* removes the temporary name; a linked blob keeps its own */
    return rc;
}

void zz_blob_writer_abort(zz_blob_writer *w)
{
    if (w) writer_free(w);
}

int zz_blob_put(char out_hex[ZZ_SM3_HEXLEN + 1], const char *data_dir, const void *data, size_t len,
                zz_err *err)
{
    zz_blob_writer *w = NULL;
    int rc = zz_blob_writer_open(&w, data_dir, err);
    if (rc < 0) return rc;
    rc = zz_blob_writer_write(w, data, len, err);
    if (rc < 0) {
        zz_blob_writer_abort(w);
        return rc;
    }
    return zz_blob_writer_commit(w, out_hex, NULL, err);
}

int zz_blob_put_file(char out_hex[ZZ_SM3_HEXLEN + 1], const char *data_dir, const char *path,
                     zz_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        if (e == ENOENT)
            return zz_err_set(err, ZZ_ENOTFOUND, "io.not_found", "文件“%s”不存在",
                              "file \"%s\" does not exist", path);
        return zz_err_set(err, ZZ_EIO, "io.open", "无法打开文件“%s”：%s",
                          "cannot open file \"%s\": %s", path, strerror(e));
    }
    zz_blob_writer *w = NULL;
    int rc = zz_blob_writer_open(&w, data_dir, err);
    if (rc < 0) {
        close(fd);
        return rc;
    }
    unsigned char buf[65536];
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            int e = errno;
            rc = zz_err_set(err, ZZ_EIO, "io.read", "读取文件“%s”失败：%s",
                            "cannot read file \"%s\": %s", path, strerror(e));
            break;
        }
        if (r == 0) break;
        if ((rc = zz_blob_writer_write(w, buf, (size_t)r, err)) < 0) break;
    }
    close(fd);
    if (rc < 0) {
        zz_blob_writer_abort(w);
        return rc;
    }
    return zz_blob_writer_commit(w, out_hex, NULL, err);
}

int zz_blob_verify(const char *data_dir, const char *hex, zz_err *err)
{
    char path[ZZ_BLOB_PATH_MAX];
    int rc = zz_blob_path(path, data_dir, hex, err);
    if (rc < 0) return rc;
    char actual[ZZ_SM3_HEXLEN + 1];
    zz_err inner = ZZ_ERR_INIT;
    rc = zz_sm3_file_hex(actual, path, &inner);
    if (rc == ZZ_ENOTFOUND) /* */
        return zz_err_rule(err, ZZ_ENOTFOUND, "store.blob_missing", "R-8.3", "证据文件 %s 缺失",
                           "evidence file %s is missing", hex);
    if (rc < 0)
        return zz_err_set(err, ZZ_ESTORE, "store.blob_read", "无法读取证据文件 %s：%s",
                          "cannot read evidence file %s: %s", hex, inner.message);
    if (strcmp(actual, hex) != 0) /* */
        return zz_err_rule(
            err, ZZ_ECONFLICT, "store.blob_mismatch", "R-8.3",
            "证据文件 %s 的内容与其 SM3 摘要不符（现为 %s）",
            "evidence file %s no longer matches its sm3 digest (content hashes to %s)", hex,
            actual);
    return ZZ_OK;
}
