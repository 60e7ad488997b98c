/*
 * base64.c — RFC 4648 base64: the standard padded form for signatures and binary fields, and the
 * URL-safe unpadded form used for random tokens.
 *
 * Written here rather than taken from OpenSSL because EVP_DecodeBlock is lenient in ways that
 * matter for signatures: it skips surrounding whitespace and returns padding as zero bytes. The
 * decoder below accepts exactly one (canonical) text per byte string: length a multiple of four,
 * only the standard alphabet, '=' only as the final one or two characters, unused bits zero.
 */
#include "zizhi/crypto.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/crypto_int.h"

static const char b64_std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int zz_crypto_b64_encode(char **out, const void *data, size_t len, const char *alphabet, int pad,
                         zz_err *err)
{
    *out = NULL;
    if (!data && len > 0)
        return zz_err_set(err, ZZ_EINVAL, "input.null", "base64 输入为空指针",
                          "base64 input is a null pointer with non-zero length");
    if (len > (SIZE_MAX - 1) / 4 * 3 - 3)
        return zz_err_set(err, ZZ_ETOOBIG, "input.too_big", "base64 输入过大",
                          "base64 input is too large");
    const unsigned char *in = data;
    size_t full = len / 3, rest = len % 3;
    size_t cap = full * 4 + (rest ? 4 : 0) + 1;
    char *s = malloc(cap);
    if (!s) return zz_err_set(err, ZZ_ENOMEM, "sys.nomem", "内存不足", "out of memory");
    char *p = s;
    for (size_t i = 0; i < full; i++, in += 3) {
        uint32_t v = (uint32_t)in[0] << 16 | (uint32_t)in[1] << 8 | in[2];
        *p++ = alphabet[v >> 18 & 63];
        *p++ = alphabet[v >> 12 & 63];
        *p++ = alphabet[v >> 6 & 63];
        *p++ = alphabet[v & 63];
    }
    if (rest) {
        uint32_t v = (uint32_t)in[0] << 16 | (rest == 2 ? (uint32_t)in[1] << 8 : 0);
        *p++ = alphabet[v >> 18 & 63];
        *p++ = alphabet[v >> 12 & 63];
        if (rest == 2)
            *p++ = alphabet[v >> 6 & 63];
        else if (pad)
            *p++ = '=';
        if (pad) *p++ = '=';
    }
    *p = '\0';
    *out = s;
    return ZZ_OK;
}

int zz_base64_encode(char **out, const void *data, size_t len, zz_err *err)
{
    return zz_crypto_b64_encode(out, data, len, b64_std, 1, err);
}

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

static int b64_invalid(zz_err *err, size_t at)
{
    return zz_err_set(err, ZZ_EINVAL, "input.base64", "base64 文本无效（第 %zu 个字符处）",
                      "invalid base64 text at character %zu", at);
}

int zz_base64_decode(unsigned char **out, size_t *out_len, const char *b64, zz_err *err)
{
    *out = NULL;
    *out_len = 0;
    if (!b64)
        return zz_err_set(err, ZZ_EINVAL, "input.null", "base64 输入为空指针",
                          "base64 input is a null pointer");
    size_t n = strlen(b64);
    if (n % 4 != 0) return b64_invalid(err, n);
    size_t npad = 0;
    if (n > 0 && b64[n - 1] == '=') npad = (n > 1 && b64[n - 2] == '=') ? 2 : 1;
    /* One spare byte so an empty result is still a valid, freeable allocation. */
    unsigned char *buf = malloc(n / 4 * 3 + 1);
    if (!buf) return zz_err_set(err, ZZ_ENOMEM, "sys.nomem", "内存不足", "out of memory");
    size_t o = 0;
    for (size_t i = 0; i < n; i += 4) {
        int last = (i + 4 == n);
        size_t chars = last ? 4 - npad : 4;
        uint32_t v = 0;
        for (size_t j = 0; j < 4; j++) {
            int d = 0;
            if (j < chars) {
                d = b64_value((unsigned char)b64[i + j]);
                if (d < 0) {
                    free(buf);
                    return b64_invalid(err, i + j + 1);
                }
            }
            v = v << 6 | (uint32_t)d;
        }
        /* Canonical form: bits below the last full byte must be zero. */
        if ((npad == 1 && last && (v & 0xff)) || (npad == 2 && last && (v & 0xffff))) {
            free(buf);
            return b64_invalid(err, i + chars);
        }
        buf[o++] = (unsigned char)(v >> 16);
        if (chars > 2) buf[o++] = (unsigned char)(v >> 8);
        if (chars > 3) buf[o++] = (unsigned char)v;
    }
    buf[o] = '\0';
    *out = buf;
    *out_len = o;
    return ZZ_OK;
}
