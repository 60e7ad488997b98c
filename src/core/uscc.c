/*
 * uscc.c — normalisation, validation and check character of the unified social credit code
 * (GB 32100-2015, R-1.2). Pure functions; the algorithm is stated in uscc.h and domain.md §4.
 */
#include "zizhi/uscc.h"

#include <stdio.h>
#include <string.h>

static const char ALPHABET[] = "0123456789ABCDEFGHJKLMNPQRTUWXY"; /* 31: no I O S V Z */
static const int WEIGHTS[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

#define SHOW_MAX 64 /* bytes of the normalised text quoted in a message */

/* Index of c in the alphabet, or -1. */
static int char_value(char c)
{
    if (c == '\0') return -1;
    const char *p = strchr(ALPHABET, c);
    return p ? (int)(p - ALPHABET) : -1;
}

/*
 * Decodes one UTF-8 character at s (len bytes left). Returns its byte length (1 for a malformed
 * byte, which then stands for itself) and stores the code point (or the byte) in *cp.
 */
static size_t utf8_next(const unsigned char *s, size_t len, unsigned *cp)
{
    unsigned c = s[0];
    size_t n = c < 0x80             ? 1
               : (c & 0xE0) == 0xC0 ? 2
               : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4
                                    : 1;
    if (n > len) n = 1;
    for (size_t k = 1; k < n; k++)
        if ((s[k] & 0xC0) != 0x80) n = 1;
    if (n == 1) {
        *cp = c;
        return 1;
    }
    unsigned v = c & (0x7F >> n);
    for (size_t k = 1; k < n; k++)
        v = (v << 6) | (s[k] & 0x3F);
    *cp = v;
    return n;
}

static bool is_space(unsigned cp)
{
    return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x3000;
}

/*
 * The normalisation of uscc.h into out (cut to cap-1 bytes on a character boundary). Returns the
 * full normalised byte length; *nchars gets the full number of characters.
 */
static size_t normalize(char *out, size_t cap, const char *in, size_t *nchars)
{
    const unsigned char *s = (const unsigned char *)(in ? in : "");
    size_t len = strlen((const char *)s);
    size_t begin = 0, end = 0, i = 0;
    bool seen = false;
    unsigned cp;

    /* Trim: [begin, end) is the span from the first to the last non-space character. */
    while (i < len) {
        size_t n = utf8_next(s + i, len - i, &cp);
        if (!is_space(cp)) {
            if (!seen) begin = i;
            seen = true;
            end = i + n;
        }
        i += n;
    }

    size_t total = 0, chars = 0, w = 0;
    bool cut = false;
    for (i = begin; i < end;) {
        size_t n = utf8_next(s + i, end - i, &cp);
        char one;
        const char *bytes = (const char *)s + i;
        size_t blen = n;
        bool ascii = n == 1 && cp < 0x80;
        if (cp >= 0xFF01 && cp <= 0xFF5E) {
            cp -= 0xFEE0; /* full-width ASCII → half-width */
            ascii = true;
        } else if (cp == 0x3000) {
            cp = ' ';
            ascii = true;
        }
        if (ascii) {
            one = (char)(cp >= 'a' && cp <= 'z' ? cp - 'a' + 'A' : cp);
            bytes = &one;
            blen = 1;
        }
        if (!cut && cap > 0 && w + blen < cap) {
            memcpy(out + w, bytes, blen);
            w += blen;
        } else {
            cut = true;
        }
        total += blen;
        chars++;
        i += n;
    }
    if (cap > 0) out[w] = '\0';
    if (nchars) *nchars = chars;
    return total;
}

size_t zz_uscc_normalize(char *out, size_t cap, const char *in)
{
    return normalize(out, cap, in, NULL);
}

/* Control characters would garble a one-line message: show them as '?'. */
static void sanitize(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F) *s = '?';
}

static int sum_check(const char *s17)
{
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += char_value(s17[i]) * WEIGHTS[i];
    return (31 - sum % 31) % 31;
}

/*
 * Finds the first character of the n-character text s that may not stand at its position
 * (positions 3-8 digits, others alphabet). Returns its 1-based position or 0; copies the
 * character into shown.
 */
static int first_bad_char(const char *s, size_t n, char shown[8])
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), i = 0;
    unsigned cp;
    for (size_t pos = 1; pos <= n && i < len; pos++) {
        size_t clen = utf8_next(p + i, len - i, &cp);
        bool ok;
        if (clen != 1)
            ok = false;
        else if (pos >= 3 && pos <= 8)
            ok = s[i] >= '0' && s[i] <= '9';
        else
            ok = char_value(s[i]) >= 0;
        if (!ok) {
            memcpy(shown, s + i, clen);
            shown[clen] = '\0';
            sanitize(shown);
            return (int)pos;
        }
        i += clen;
    }
    return 0;
}

static int refuse_bad_char(zz_err *err, const char *shown_code, int pos, const char *ch)
{
    if (pos >= 3 && pos <= 8)
        return zz_err_rule(err, ZZ_EINVAL, "input.uscc", "R-1.2",
                           "统一社会信用代码“%s”含无效字符“%s”（第 %d 位）：第 3–8 位应为数字",
                           "invalid USCC \"%s\": invalid character '%s' at position %d "
                           "(positions 3-8 must be digits)",
                           shown_code, ch, pos);
    return zz_err_rule(
        err, ZZ_EINVAL, "input.uscc", "R-1.2",
        "统一社会信用代码“%s”含无效字符“%s”（第 %d 位）：只能使用数字和除 I、O、S、V、Z "
        "以外的大写字母",
        "invalid USCC \"%s\": invalid character '%s' at position %d (only digits "
        "and upper-case letters other than I, O, S, V, Z are used)",
        shown_code, ch, pos);
}

int zz_uscc_check(char out[ZZ_USCC_LEN + 1], const char *in, zz_err *err)
{
    char norm[SHOW_MAX];
    char shown[SHOW_MAX + 4];
    size_t nchars = 0;
    size_t total = normalize(norm, sizeof norm, in, &nchars);

    if (out) out[0] = '\0';
    snprintf(shown, sizeof shown, "%s%s", norm, total >= sizeof norm ? "..." : "");
    sanitize(shown);

    if (nchars == 0)
        return zz_err_rule(err, ZZ_EINVAL, "input.uscc", "R-1.2", "缺少统一社会信用代码",
                           "missing USCC (unified social credit code)");
    if (nchars != ZZ_USCC_LEN)
        return zz_err_rule(err, ZZ_EINVAL, "input.uscc", "R-1.2",
                           "统一社会信用代码“%s”长度错误：%zu 位，应为 18 位",
                           "invalid USCC \"%s\": wrong length, %zu characters, expected 18", shown,
                           nchars);
    char ch[8];
    int pos = first_bad_char(norm, nchars, ch);
    if (pos > 0) return refuse_bad_char(err, shown, pos, ch);

    char want = ALPHABET[sum_check(norm)];
    if (norm[17] != want)
        return zz_err_rule(err, ZZ_EINVAL, "input.uscc", "R-1.2",
                           "统一社会信用代码“%s”校验码错误：第 18 位为“%c”，应为“%c”",
                           "invalid USCC \"%s\": wrong check character '%c', expected '%c'", shown,
                           norm[17], want);
    if (out) memcpy(out, norm, ZZ_USCC_LEN + 1);
    return ZZ_OK;
}

bool zz_uscc_valid(const char *in)
{
    return zz_uscc_check(NULL, in, NULL) == ZZ_OK;
}

int zz_uscc_check_char(char *out, const char *prefix17, zz_err *err)
{
    char shown[SHOW_MAX + 4];
    size_t len = prefix17 ? strlen(prefix17) : 0;
    snprintf(shown, sizeof shown, "%.*s%s", SHOW_MAX - 1, prefix17 ? prefix17 : "",
             len >= SHOW_MAX ? "..." : "");
    sanitize(shown);
    if (len != ZZ_USCC_LEN - 1)
        return zz_err_rule(err, ZZ_EINVAL, "input.uscc", "R-1.2",
                           "统一社会信用代码前 17 位“%s”长度错误：%zu 字节，应为 17 位",
                           "invalid USCC prefix \"%s\": wrong length, %zu bytes, expected 17",
                           shown, len);
    char ch[8];
    int pos = first_bad_char(prefix17, ZZ_USCC_LEN - 1, ch);
    if (pos > 0) return refuse_bad_char(err, shown, pos, ch);
    if (out) *out = ALPHABET[sum_check(prefix17)];
    return ZZ_OK;
}

int zz_uscc_make(char out[ZZ_USCC_LEN + 1], const char *prefix17, zz_err *err)
{
    char c;
    int rc = zz_uscc_check_char(&c, prefix17, err);
    if (rc != ZZ_OK) {
        out[0] = '\0';
        return rc;
    }
    memcpy(out, prefix17, ZZ_USCC_LEN - 1);
    out[ZZ_USCC_LEN - 1] = c;
    out[ZZ_USCC_LEN] = '\0';
    return ZZ_OK;
}

bool zz_uscc_orgcode_ok(const char *code)
{
    static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    if (!code || strlen(code) != ZZ_USCC_LEN) return false;
    const char *oc = code + 8; /* positions 9-17 */
    int sum = 0;
    for (int i = 0; i < 8; i++) {
        char c = oc[i];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : -1;
        if (v < 0) return false;
        sum += v * w[i];
    }
    int r = 11 - sum % 11;
    char want = r == 10 ? 'X' : r == 11 ? '0' : (char)('0' + r);
    return oc[8] == want;
}
