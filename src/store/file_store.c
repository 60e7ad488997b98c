/*
 * file_store.c — whole-file reads and atomic writes (see file_store.h).
 */
#include "store/file_store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int zz_file_read(const char *path, size_t max, int text, char **buf, size_t *len, zz_err *err)
{
    *buf = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return zz_err_set(err, ZZ_EIO, "io.open", "无法打开文件 %s：%s", "cannot open %s: %s",
                          path, strerror(errno));
    char *b = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 65536 + 1 > cap) {
            size_t ncap = cap ? cap * 2 : 65536 * 2;
            char *nb = realloc(b, ncap);
            if (!nb) {
                free(b);
                fclose(f);
                return zz_err_set(err, ZZ_ENOMEM, "nomem", "%s: 内存不足", "%s: out of memory",
                                  path);
            }
            b = nb;
            cap = ncap;
        }
        size_t got = fread(b + n, 1, cap - n - 1, f);
        n += got;
        if (n > max) {
            free(b);
            fclose(f);
            return zz_err_set(err, ZZ_ETOOBIG, "io.too_big", "文件 %s 超过 %zu 字节",
                              "file %s is over %zu bytes", path, max);
        }
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(b);
        return zz_err_set(err, ZZ_EIO, "io.read", "读取文件 %s 出错", "error reading %s", path);
    }
    b[n] = '\0';
    if (text && strlen(b) != n) {
        free(b);
        return zz_err_set(err, ZZ_EINVAL, "io.nul", "%s: 文件含有 NUL 字节",
                          "%s: the file contains a NUL byte", path);
    }
    *buf = b;
    *len = n;
    return ZZ_OK;
}

int zz_file_write_atomic(const char *path, const void *data, size_t len, zz_err *err)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 8);
    if (!tmp)
        return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
    snprintf(tmp, plen + 8, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    int ok = f && fwrite(data, 1, len, f) == len;
    if (f && fflush(f) != 0)
        ok = 0;
    if (f && fsync(fileno(f)) != 0)
        ok = 0;
    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        free(tmp);
        return zz_err_set(err, ZZ_EIO, "io.write", "无法写入 %s：%s", "cannot write %s: %s", path,
                          strerror(e));
    }
    free(tmp);
    return ZZ_OK;
}

bool zz_file_exists(const char *path)
{
    return path && access(path, F_OK) == 0;
}

void zz_file_remove(const char *path)
{
    if (path)
        unlink(path);
}
