/*
 * random.c — randomness from OpenSSL's CSPRNG: raw bytes, URL-safe tokens (sessions, reset
 * links, verification codes) and version-4 UUIDs.
 */
#include "zizhi/crypto.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include <openssl/rand.h>

#include "crypto/crypto_int.h"

/* A token longer than this is a caller bug, not a policy. */
#define ZZ_TOKEN_MAX_BYTES 1024

static const char b64_url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int zz_random_bytes(void *buf, size_t len, zz_err *err)
{
    unsigned char *p = buf;
    while (len > 0) {
        int chunk = len > INT_MAX ? INT_MAX : (int)len;
        if (RAND_bytes(p, chunk) != 1)
            return zz_crypto_fail(err, ZZ_ECRYPTO, "crypto.random", "随机数生成失败",
                                  "random number generation failed");
        p += chunk;
        len -= (size_t)chunk;
    }
    return ZZ_OK;
}

int zz_random_token(char **out, size_t nbytes, zz_err *err)
{
    unsigned char raw[ZZ_TOKEN_MAX_BYTES];
    *out = NULL;
    if (nbytes == 0 || nbytes > ZZ_TOKEN_MAX_BYTES)
        return zz_err_set(
            err, ZZ_EINVAL, "input.token_size", "随机令牌长度须为 1 至 %d 字节，而非 %zu",
            "random token size must be 1 to %d bytes, not %zu", ZZ_TOKEN_MAX_BYTES, nbytes);
    int rc = zz_random_bytes(raw, nbytes, err);
    if (rc == ZZ_OK) rc = zz_crypto_b64_encode(out, raw, nbytes, b64_url, 0, err);
    OPENSSL_cleanse(raw, nbytes);
    return rc;
}

int zz_uuid4(char out[37], zz_err *err)
{
    unsigned char b[16];
    int rc = zz_random_bytes(b, sizeof b, err);
    if (rc < 0) return rc;
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
    return ZZ_OK;
}
