/*
 * errors.c — the one table of result-code names and descriptions, and zz_err filling.
 */
#include "zizhi/errors.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *zz_rc_name(int rc)
{
    switch (rc) {
    case ZZ_OK: return "ZZ_OK";
    case ZZ_ERROR: return "ZZ_ERROR";
    case ZZ_ENOTFOUND: return "ZZ_ENOTFOUND";
    case ZZ_EEXISTS: return "ZZ_EEXISTS";
    case ZZ_EINVAL: return "ZZ_EINVAL";
    case ZZ_ESTATE: return "ZZ_ESTATE";
    case ZZ_ERULE: return "ZZ_ERULE";
    case ZZ_EPERM: return "ZZ_EPERM";
    case ZZ_ECONFLICT: return "ZZ_ECONFLICT";
    case ZZ_ETOOBIG: return "ZZ_ETOOBIG";
    case ZZ_ESTORE: return "ZZ_ESTORE";
    case ZZ_ECRYPTO: return "ZZ_ECRYPTO";
    case ZZ_ENOMEM: return "ZZ_ENOMEM";
    case ZZ_EAUTH: return "ZZ_EAUTH";
    case ZZ_EIO: return "ZZ_EIO";
    }
    return "ZZ_ERROR";
}

const char *zz_strerror(int rc)
{
    switch (rc) {
    case ZZ_OK: return "success";
    case ZZ_ENOTFOUND: return "not found";
    case ZZ_EEXISTS: return "already exists";
    case ZZ_EINVAL: return "invalid input";
    case ZZ_ESTATE: return "not allowed in the current state";
    case ZZ_ERULE: return "a rule is not met";
    case ZZ_EPERM: return "not permitted for this role";
    case ZZ_ECONFLICT: return "conflict";
    case ZZ_ETOOBIG: return "too large";
    case ZZ_ESTORE: return "storage failure";
    case ZZ_ECRYPTO: return "cryptographic failure";
    case ZZ_ENOMEM: return "out of memory";
    case ZZ_EAUTH: return "authentication required or failed";
    case ZZ_EIO: return "i/o failure";
    }
    return "unexpected failure";
}

/* Cuts s at its last complete UTF-8 character so truncation never leaves half a character. */
static void utf8_trim(char *s)
{
    size_t n = strlen(s);
    size_t i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n - (i - 1) < need)
        s[i - 1] = '\0';
}

static void vfill(zz_err *err, int rc, const char *code, const char *rule, const char *fmt_zh,
                  const char *fmt_en, va_list ap)
{
    va_list ap2;
    err->rc = rc;
    snprintf(err->code, sizeof err->code, "%s", code ? code : "error");
    snprintf(err->rule, sizeof err->rule, "%s", rule ? rule : "");
    va_copy(ap2, ap);
    vsnprintf(err->message_zh, sizeof err->message_zh, fmt_zh, ap);
    vsnprintf(err->message, sizeof err->message, fmt_en, ap2);
    va_end(ap2);
    utf8_trim(err->message_zh);
    utf8_trim(err->message);
}

int zz_err_set(zz_err *err, int rc, const char *code, const char *fmt_zh, const char *fmt_en, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt_en);
        vfill(err, rc, code, NULL, fmt_zh, fmt_en, ap);
        va_end(ap);
    }
    return rc;
}

int zz_err_rule(zz_err *err, int rc, const char *code, const char *rule, const char *fmt_zh,
                const char *fmt_en, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt_en);
        vfill(err, rc, code, rule, fmt_zh, fmt_en, ap);
        va_end(ap);
    }
    return rc;
}

void zz_err_clear(zz_err *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}
