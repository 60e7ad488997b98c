/*
 * domain_util.c — small helpers shared by the account and organisation modules (domain_int.h):
 * canonical JSON and its digest for audit entries, e-mail address checking, string copies.
 */
#include "core/domain_int.h"

#include <stdlib.h>
#include <string.h>

char *zz__json_text(json_t *o)
{
    if (!o) return NULL;
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return s;
}

int zz__digest_text(const char *text, char hex[ZZ_SM3_HEXLEN + 1], zz_err *err)
{
    return zz_sm3_hex(hex, text, strlen(text), err);
}

json_t *zz__json_str(const char *s)
{
    json_t *j = s ? json_string(s) : NULL;
    return j ? j : json_null();
}

int zz__nomem(zz_err *err)
{
    return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
}

bool zz__blank(const char *s)
{
    if (!s) return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return false;
    return true;
}

char *zz__strdup_opt(const char *s, bool *ok)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (!d) {
        *ok = false;
        return NULL;
    }
    memcpy(d, s, n);
    return d;
}

static bool dns_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c >= 0x80; /* internationalised domain names pass as UTF-8 */
}

int zz__email_check(const char *email, zz_err *err)
{
    const char *why_zh = NULL, *why_en = NULL;
    const char *at = email ? strchr(email, '@') : NULL;
    size_t len = email ? strlen(email) : 0;
    if (!email || !*email) {
        why_zh = "为空";
        why_en = "is empty";
    } else if (len > 200) {
        why_zh = "超过 200 字节";
        why_en = "is longer than 200 bytes";
    } else if (!at || at == email || strchr(at + 1, '@')) {
        why_zh = "必须恰好包含一个 @，且 @ 前不能为空";
        why_en = "must hold exactly one @ with a non-empty local part";
    } else {
        for (const unsigned char *p = (const unsigned char *)email; *p; p++)
            if (*p <= 0x20 || *p == 0x7f || *p == '<' || *p == '>' || *p == ',' || *p == ';' ||
                *p == '"' || *p == '\\') {
                why_zh = "含有空格、控制字符或不允许的符号";
                why_en = "holds a space, control character or forbidden symbol";
                break;
            }
        if (!why_zh) {
            /* domain: labels of [A-Za-z0-9-] (or UTF-8), separated by single dots, at least two */
            const char *d = at + 1;
            int labels = 0;
            size_t lab = 0;
            bool bad = !*d;
            for (const char *p = d;; p++) {
                if (*p == '.' || *p == '\0') {
                    if (lab == 0 || p[-1] == '-' || (lab > 0 && p[-(long)lab] == '-')) bad = true;
                    labels++;
                    lab = 0;
                    if (*p == '\0') break;
                } else if (!dns_char((unsigned char)*p)) {
                    bad = true;
                } else {
                    lab++;
                }
            }
            if (bad || labels < 2) {
                why_zh = "域名部分无效（应如 example.cn）";
                why_en = "has an invalid domain (expected e.g. example.cn)";
            }
        }
    }
    if (!why_zh) return ZZ_OK;
    return zz_err_set(err, ZZ_EINVAL, "input.email", "电子邮箱地址“%.100s”%s",
                      "e-mail address \"%.100s\" %.0s%s", email ? email : "", why_zh, why_en);
}
