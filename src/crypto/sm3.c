/*
 * sm3.c — SM3 digests (GB/T 32905) on OpenSSL 3 EVP: one-shot, streaming and of files.
 *
 * The SM3 implementation is fetched from the default provider once per process and shared by
 * every thread (a fetched EVP_MD is immutable and reference counted), which saves the implicit
 * fetch per digest; audit-chain verification hashes millions of short records.
 */
#include "zizhi/crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "crypto/crypto_int.h"

struct zz_sm3 {
    EVP_MD_CTX *ctx;
};

static pthread_once_t sm3_once = PTHREAD_ONCE_INIT;
static EVP_MD *sm3_md; /* never freed: lives as long as the process */

static void sm3_fetch(void)
{
    sm3_md = EVP_MD_fetch(NULL, "SM3", NULL);
}

static const EVP_MD *sm3_get(zz_err *err)
{
    pthread_once(&sm3_once, sm3_fetch);
    if (!sm3_md)
        zz_crypto_fail(err, ZZ_ECRYPTO, "crypto.sm3_unavailable", "OpenSSL 未提供 SM3 算法",
                       "SM3 is not available from OpenSSL");
    return sm3_md;
}

int zz_crypto_fail(zz_err *err, int rc, const char *code, const char *what_zh, const char *what_en)
{
    char reason[256] = "";
    unsigned long e = ERR_get_error();
    if (e) ERR_error_string_n(e, reason, sizeof reason);
    ERR_clear_error();
    if (!err) return rc;
    /* The two texts differ, so they are written directly rather than through one format. */
    zz_err_set(err, rc, code, "%s", "%s", "");
    if (reason[0]) {
        snprintf(err->message_zh, sizeof err->message_zh, "%s（%s）", what_zh, reason);
        snprintf(err->message, sizeof err->message, "%s (%s)", what_en, reason);
    } else {
        snprintf(err->message_zh, sizeof err->message_zh, "%s", what_zh);
        snprintf(err->message, sizeof err->message, "%s", what_en);
    }
    return rc;
}

static void to_hex(char out_hex[ZZ_SM3_HEXLEN + 1], const unsigned char md[ZZ_SM3_LEN])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < ZZ_SM3_LEN; i++) {
        out_hex[2 * i] = digits[md[i] >> 4];
        out_hex[2 * i + 1] = digits[md[i] & 0x0f];
    }
    out_hex[ZZ_SM3_HEXLEN] = '\0';
}

int zz_sm3_hex(char out_hex[ZZ_SM3_HEXLEN + 1], const void *data, size_t len, zz_err *err)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    const EVP_MD *alg = sm3_get(err);
    if (!alg) return ZZ_ECRYPTO;
    if (!data && len > 0)
        return zz_err_set(err, ZZ_EINVAL, "input.null", "SM3 输入为空指针",
                          "sm3 input is a null pointer with non-zero length");
    if (!EVP_Digest(data ? data : "", len, md, &mdlen, alg, NULL) || mdlen != ZZ_SM3_LEN)
        return zz_crypto_fail(err, ZZ_ECRYPTO, "crypto.digest", "SM3 摘要计算失败",
                              "sm3 digest failed");
    to_hex(out_hex, md);
    return ZZ_OK;
}

int zz_sm3_new(zz_sm3 **out, zz_err *err)
{
    *out = NULL;
    const EVP_MD *alg = sm3_get(err);
    if (!alg) return ZZ_ECRYPTO;
    zz_sm3 *h = calloc(1, sizeof *h);
    if (!h) return zz_err_set(err, ZZ_ENOMEM, "sys.nomem", "内存不足", "out of memory");
    h->ctx = EVP_MD_CTX_new();
    if (!h->ctx || !EVP_DigestInit_ex2(h->ctx, alg, NULL)) {
        zz_sm3_free(h);
        return zz_crypto_fail(err, ZZ_ECRYPTO, "crypto.digest", "SM3 初始化失败",
                              "sm3 initialisation failed");
    }
    *out = h;
    return ZZ_OK;
}

int zz_sm3_update(zz_sm3 *h, const void *data, size_t len, zz_err *err)
{
    if (len == 0) return ZZ_OK;
    if (!data)
        return zz_err_set(err, ZZ_EINVAL, "input.null", "SM3 输入为空指针",
                          "sm3 input is a null pointer with non-zero length");
    if (!EVP_DigestUpdate(h->ctx, data, len))
        return zz_crypto_fail(err, ZZ_ECRYPTO, "crypto.digest", "SM3 摘要计算失败",
                              "sm3 digest update failed");
    return ZZ_OK;
}

int zz_sm3_final_hex(zz_sm3 *h, char out_hex[ZZ_SM3_HEXLEN + 1], zz_err *err)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    if (!EVP_DigestFinal_ex(h->ctx, md, &mdlen) || mdlen != ZZ_SM3_LEN)
        return zz_crypto_fail(err, ZZ_ECRYPTO, "crypto.digest", "SM3 摘要计算失败",
                              "sm3 digest final failed");
    to_hex(out_hex, md);
    return ZZ_OK;
}

void zz_sm3_free(zz_sm3 *h)
{
    if (!h) return;
    EVP_MD_CTX_free(h->ctx);
    free(h);
}

int zz_sm3_file_hex(char out_hex[ZZ_SM3_HEXLEN + 1], const char *path, zz_err *err)
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
    zz_sm3 *h = NULL;
    int rc = zz_sm3_new(&h, err);
    if (rc < 0) goto done;
    unsigned char buf[65536];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int e = errno;
            rc = zz_err_set(err, ZZ_EIO, "io.read", "读取文件“%s”失败：%s",
                            "cannot read file \"%s\": %s", path, strerror(e));
            goto done;
        }
        if (n == 0) break;
        rc = zz_sm3_update(h, buf, (size_t)n, err);
        if (rc < 0) goto done;
    }
    rc = zz_sm3_final_hex(h, out_hex, err);
done:
    zz_sm3_free(h);
    close(fd);
    return rc;
}
