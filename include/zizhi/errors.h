/*
 * errors.h — result codes and error detail shared by every libzizhi module.
 *
 * Every fallible function returns int: 0 (ZZ_OK) on success, a negative zz_rc otherwise, and
 * fills the caller-owned zz_err (last parameter, may be NULL) with:
 *   code     a stable machine code ("gate.fee_unpaid", "catalog.duplicate_id"): part of the API;
 *            the HTTP layer maps it to a status, the web UI translates it, tests assert it;
 *   rule     the SPEC rule enforced, when one is ("R-3.3"), else "";
 *   message  English, one line, lower-case start, no trailing period, names the place;
 *   message_zh  the same in Chinese, for users.
 *
 * Invariants:
 *   I1  zz_rc values are append-only: never renumbered or removed.
 *   I2  after a failing call err->rc == the returned value and err->code is non-empty.
 *   I3  libzizhi never prints, exits or aborts on a domain or runtime error.
 */
#ifndef ZIZHI_ERRORS_H
#define ZIZHI_ERRORS_H

#include <stddef.h>

typedef enum {
    ZZ_OK = 0,
    ZZ_ERROR = -1,     /* unexpected failure */
    ZZ_ENOTFOUND = -2, /* no such object (or not visible to the caller) */
    ZZ_EEXISTS = -3,   /* already exists (duplicate id, number reused) */
    ZZ_EINVAL = -4,    /* input is malformed or out of range */
    ZZ_ESTATE = -5,    /* action not allowed in the object's current state */
    ZZ_ERULE = -6,     /* a SPEC gate or rule is not met */
    ZZ_EPERM = -7,     /* the acting user's role does not allow it */
    ZZ_ECONFLICT = -8, /* concurrent change or integrity conflict */
    ZZ_ETOOBIG = -9,   /* input over a size limit */
    ZZ_ESTORE = -10,   /* database or file store failure */
    ZZ_ECRYPTO = -11,  /* signature, digest or key failure */
    ZZ_ENOMEM = -12,   /* out of memory */
    ZZ_EAUTH = -13,    /* not signed in, bad credentials, locked */
    ZZ_EIO = -14,      /* file or network I/O failure outside the store */
} zz_rc;

#define ZZ_ERR_CODE_MAX 64
#define ZZ_ERR_MSG_MAX 512

typedef struct zz_err {
    int rc;
    char code[ZZ_ERR_CODE_MAX];
    char rule[16];
    char message[ZZ_ERR_MSG_MAX];
    char message_zh[ZZ_ERR_MSG_MAX];
} zz_err;

#define ZZ_ERR_INIT {0, "", "", "", ""}

/* The stable token of a result code ("ZZ_ESTATE"), for JSON and scripts. */
const char *zz_rc_name(int rc);
/* A short English description of a result code. */
const char *zz_strerror(int rc);

/*
 * Fills err (if not NULL) and returns rc. fmt_zh and fmt_en are printf formats that consume the
 * same arguments in the same order. Text is truncated to fit, on a UTF-8 character boundary.
 */
int zz_err_set(zz_err *err, int rc, const char *code, const char *fmt_zh, const char *fmt_en, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Like zz_err_set, and records the SPEC rule enforced ("R-3.3"). */
int zz_err_rule(zz_err *err, int rc, const char *code, const char *rule, const char *fmt_zh,
                const char *fmt_en, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Clears err to the success state. */
void zz_err_clear(zz_err *err);

#endif
