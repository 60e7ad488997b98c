/*
 * calendar.c — civil (proleptic Gregorian) date arithmetic and the fixed clock.
 *
 * Dates become day numbers (days since 1970-01-01) with H. Hinnant's days_from_civil /
 * civil_from_days algorithms, so comparisons and differences are plain integer arithmetic and no
 * library time function (time zones, locale, the system clock) is ever involved.
 */
#include "zizhi/calendar.h"

#include <stdio.h>
#include <string.h>

#define USEC_PER_DAY   INT64_C(86400000000)
#define SHANGHAI_UTC_H 8 /* Asia/Shanghai has had no daylight saving since 1991 */

bool zz_date_is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int zz_date_days_in_month(int year, int month)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    if (month == 2 && zz_date_is_leap(year)) return 29;
    return dim[month - 1];
}

bool zz_date_valid(zz_date d)
{
    return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
           d.day <= zz_date_days_in_month(d.year, d.month);
}

/*
 * Copies at most cap-1 bytes of s into dst for quoting in a message: cut on a UTF-8 character
 * boundary, control characters shown as '?', "..." appended when cut.
 */
static const char *quote_text(char *dst, size_t cap, const char *s)
{
    size_t n = 0, len = strlen(s);
    size_t room = cap - 4; /* keep space for "..." and NUL */
    size_t i = 0;
    while (i < len && n < room) {
        unsigned char c = (unsigned char)s[i];
        size_t clen = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (i + clen > len || n + clen > room) break;
        for (size_t k = 1; k < clen; k++)
            if (((unsigned char)s[i + k] & 0xC0) != 0x80)
                clen = 1; /* malformed sequence: show its first byte as '?' */
        if (clen == 1) {
            dst[n++] = (c < 0x20 || c == 0x7F || c >= 0x80) ? '?' : (char)c;
        } else {
            memcpy(dst + n, s + i, clen);
            n += clen;
        }
        i += clen;
    }
    if (i < len) {
        memcpy(dst + n, "...", 3);
        n += 3;
    }
    dst[n] = '\0';
    return dst;
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int zz_date_parse(zz_date *out, const char *s, zz_err *err)
{
    char q[48];
    if (!s || !*s)
        return zz_err_set(err, ZZ_EINVAL, "input.date", "缺少日期，应为 YYYY-MM-DD 格式",
                          "missing date, expected YYYY-MM-DD");
    /* Exactly ten characters: "2026-2-3", "26-01-01" and trailing text are all refused. */
    int y = -1, m = -1, d = -1;
    if (strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
        y = digits(s, 4);
        m = digits(s + 5, 2);
        d = digits(s + 8, 2);
    }
    if (y < 0 || m < 0 || d < 0)
        return zz_err_set(err, ZZ_EINVAL, "input.date", "日期“%s”格式无效，应为 YYYY-MM-DD",
                          "invalid date \"%s\": expected YYYY-MM-DD", quote_text(q, sizeof q, s));
    zz_date r = {y, m, d};
    if (!zz_date_valid(r))
        return zz_err_set(err, ZZ_EINVAL, "input.date", "日期“%s”不存在",
                          "invalid date \"%s\": no such day", quote_text(q, sizeof q, s));
    if (out) *out = r;
    return ZZ_OK;
}

char *zz_date_format(zz_date d, char *buf)
{
    /* Out-of-range fields are shown as they are, cut to the buffer; valid dates never are. */
    unsigned y = (unsigned)d.year % 10000u, m = (unsigned)d.month % 100u,
             dd = (unsigned)d.day % 100u;
    snprintf(buf, ZZ_DATE_STRLEN, "%04u-%02u-%02u", y, m, dd);
    return buf;
}

/* days_from_civil: exact for every proleptic Gregorian date. */
int64_t zz_date_to_days(zz_date d)
{
    int64_t y = d.year - (d.month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;                         /* [0, 399] */
    int64_t mp = (d.month + 9) % 12;                     /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5 + d.day - 1;        /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

zz_date zz_date_from_days(int64_t days)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = yoe + era * 400 + (m <= 2);
    return (zz_date){(int)y, (int)m, (int)d};
}

int zz_date_cmp(zz_date a, zz_date b)
{
    if (a.year != b.year) return a.year < b.year ? -1 : 1;
    if (a.month != b.month) return a.month < b.month ? -1 : 1;
    if (a.day != b.day) return a.day < b.day ? -1 : 1;
    return 0;
}

int64_t zz_date_diff_days(zz_date a, zz_date b)
{
    return zz_date_to_days(b) - zz_date_to_days(a);
}

zz_date zz_date_add_days(zz_date d, int64_t days)
{
    return zz_date_from_days(zz_date_to_days(d) + days);
}

zz_date zz_date_add_months(zz_date d, int n)
{
    /* Months counted from year 0 so that negative n needs only a floor division. */
    int64_t total = (int64_t)d.year * 12 + (d.month - 1) + n;
    int64_t y = total >= 0 ? total / 12 : -((-total + 11) / 12);
    int m = (int)(total - y * 12) + 1;
    int dim = zz_date_days_in_month((int)y, m);
    return (zz_date){(int)y, m, d.day > dim ? dim : d.day};
}

zz_date zz_date_add_years(zz_date d, int n)
{
    return zz_date_add_months(d, n * 12);
}

zz_date zz_date_anniversary(zz_date d, int years)
{
    int y = d.year + years;
    if (d.month == 2 && d.day == 29 && !zz_date_is_leap(y)) return (zz_date){y, 3, 1};
    return (zz_date){y, d.month, d.day};
}

zz_date zz_date_min(zz_date a, zz_date b)
{
    return zz_date_cmp(a, b) <= 0 ? a : b;
}

zz_date zz_date_max(zz_date a, zz_date b)
{
    return zz_date_cmp(a, b) >= 0 ? a : b;
}

zz_clock zz_clock_fixed(zz_date today)
{
    zz_clock c;
    c.today = today;
    c.now_usec =
        zz_date_to_days(today) * USEC_PER_DAY - (int64_t)SHANGHAI_UTC_H * 3600 * INT64_C(1000000);
    return c;
}
