/*
 * crypto_int.h — helpers shared by the files of src/crypto; not part of the public API.
 *
 * Invariants:
 *   I1  every failing OpenSSL call is reported through zz_crypto_fail, which also drains the
 *       thread's OpenSSL error queue so a stale reason never leaks into a later, unrelated error.
 */
#ifndef ZIZHI_CRYPTO_INT_H
#define ZIZHI_CRYPTO_INT_H

#include <stddef.h>

#include "zizhi/errors.h"

/*
 * Fills err with rc/code and the given texts, followed by the oldest OpenSSL reason queued on this
 * thread (if any), clears the queue, and returns rc.
 */
int zz_crypto_fail(zz_err *err, int rc, const char *code, const char *what_zh, const char *what_en);

/* Base64 of data with the given 64-char alphabet, '=' padded when pad != 0; caller frees *out. */
int zz_crypto_b64_encode(char **out, const void *data, size_t len, const char *alphabet, int pad,
                         zz_err *err);

#endif
