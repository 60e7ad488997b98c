/*
 * calendar.h — civil dates (Asia/Shanghai business dates) and the injected clock.
 *
 * src/core never reads the system time: callers pass a zz_clock holding today's business date
 * and the current instant, so every date rule is testable with fixed dates (DESIGN.md).
 *
 * Month arithmetic is calendar-month arithmetic clamped to the month's end, as SPEC requires:
 * 2026-08-31 minus 6 months = 2026-02-28; 2028-02-29 plus 1 year = 2029-02-28.
 *
 * Invariants:
 *   I1  a zz_date held by a valid object is always a real Gregorian date (zz_date_valid).
 *   I2  dates are compared and subtracted as day numbers, never as strings.
 */
#ifndef ZIZHI_CALENDAR_H
#define ZIZHI_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#include "zizhi/errors.h"

typedef struct zz_date {
    int year;  /* 1..9999 */
    int month; /* 1..12 */
    int day;   /* 1..days in month */
} zz_date;

typedef struct zz_clock {
    zz_date today;    /* business date in Asia/Shanghai */
    int64_t now_usec; /* current instant, microseconds since the Unix epoch, UTC */
} zz_clock;

#define ZZ_DATE_STRLEN 11 /* "YYYY-MM-DD" + NUL */
/* A date literal, not checked: ZZ_DATE(2026, 2, 28). */
#define ZZ_DATE(y, m, d) ((zz_date){(y), (m), (d)})

bool zz_date_valid(zz_date d);
bool zz_date_is_leap(int year);
int zz_date_days_in_month(int year, int month);

/* Parses exactly "YYYY-MM-DD" (zero-padded). Error code "input.date" names the text. */
int zz_date_parse(zz_date *out, const char *s, zz_err *err);
/* Writes "YYYY-MM-DD" into buf (at least ZZ_DATE_STRLEN bytes); returns buf. */
char *zz_date_format(zz_date d, char *buf);

/* Days since 1970-01-01 (negative before) and back. */
int64_t zz_date_to_days(zz_date d);
zz_date zz_date_from_days(int64_t days);

/* <0, 0, >0 like strcmp. */
int zz_date_cmp(zz_date a, zz_date b);
/* b - a in days. */
int64_t zz_date_diff_days(zz_date a, zz_date b);

zz_date zz_date_add_days(zz_date d, int64_t days);
/* Calendar months, clamped to the end of the target month. n may be negative. */
zz_date zz_date_add_months(zz_date d, int n);
/* Calendar years, clamped (29 Feb + 1 year = 28 Feb). */
zz_date zz_date_add_years(zz_date d, int n);

/*
 * The same month and day n years later: the anniversary. Unlike zz_date_add_years it does not
 * clamp: the anniversary of 29 Feb in a common year is 1 March, so a period that runs "until the
 * anniversary" is never a day short (R-4.1 certificate validity, R-7.1 archive retention).
 */
zz_date zz_date_anniversary(zz_date d, int years);

/* The earlier / later of two dates. */
zz_date zz_date_min(zz_date a, zz_date b);
zz_date zz_date_max(zz_date a, zz_date b);

/* A clock for a fixed business date at its Shanghai midnight (tests, --date). */
zz_clock zz_clock_fixed(zz_date today);

#endif
