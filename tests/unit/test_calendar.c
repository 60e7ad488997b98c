/*
 * test_calendar.c — civil date arithmetic (calendar.h): strict parsing, day numbers, month and
 * year arithmetic clamped at month end, anniversaries, the fixed clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "zizhi/calendar.h"

static zz_date D(const char *s)
{
    zz_date d = {0, 0, 0};
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_date_parse(&d, s, &err), ZZ_OK);
    return d;
}

static void assert_date(zz_date d, const char *want)
{
    char buf[ZZ_DATE_STRLEN];
    assert_string_equal(zz_date_format(d, buf), want);
}

static void assert_parse_refused(const char *s)
{
    zz_err err = ZZ_ERR_INIT;
    zz_date d = {1, 1, 1};
    assert_int_equal(zz_date_parse(&d, s, &err), ZZ_EINVAL);
    assert_int_equal(err.rc, ZZ_EINVAL);
    assert_string_equal(err.code, "input.date");
    if (s && *s) { /* the message names the text */
        assert_non_null(strstr(err.message, s));
        assert_non_null(strstr(err.message_zh, s));
    }
    assert_date(d, "0001-01-01"); /* out untouched */
}

static void test_calendar__leap_years_1900_2000_2024_2100(void **state)
{
    (void)state;
    assert_false(zz_date_is_leap(1900));
    assert_true(zz_date_is_leap(2000));
    assert_true(zz_date_is_leap(2024));
    assert_false(zz_date_is_leap(2026));
    assert_true(zz_date_is_leap(2028));
    assert_false(zz_date_is_leap(2100));
    assert_int_equal(zz_date_days_in_month(1900, 2), 28);
    assert_int_equal(zz_date_days_in_month(2000, 2), 29);
    assert_int_equal(zz_date_days_in_month(2024, 2), 29);
    assert_int_equal(zz_date_days_in_month(2100, 2), 28);
    assert_int_equal(zz_date_days_in_month(2026, 4), 30);
    assert_int_equal(zz_date_days_in_month(2026, 12), 31);
    assert_int_equal(zz_date_days_in_month(2026, 13), 0);
}

static void test_calendar__valid_rejects_nonexistent_days(void **state)
{
    (void)state;
    assert_true(zz_date_valid(ZZ_DATE(2024, 2, 29)));
    assert_false(zz_date_valid(ZZ_DATE(2026, 2, 29)));
    assert_false(zz_date_valid(ZZ_DATE(1900, 2, 29)));
    assert_true(zz_date_valid(ZZ_DATE(2000, 2, 29)));
    assert_false(zz_date_valid(ZZ_DATE(2026, 4, 31)));
    assert_false(zz_date_valid(ZZ_DATE(2026, 0, 1)));
    assert_false(zz_date_valid(ZZ_DATE(2026, 1, 0)));
    assert_false(zz_date_valid(ZZ_DATE(0, 1, 1)));
    assert_false(zz_date_valid(ZZ_DATE(10000, 1, 1)));
    assert_true(zz_date_valid(ZZ_DATE(1, 1, 1)));
    assert_true(zz_date_valid(ZZ_DATE(9999, 12, 31)));
}

static void test_calendar__parse_accepts_exact_zero_padded_dates(void **state)
{
    (void)state;
    zz_date d;
    assert_int_equal(zz_date_parse(&d, "2026-02-28", NULL), ZZ_OK);
    assert_int_equal(d.year, 2026);
    assert_int_equal(d.month, 2);
    assert_int_equal(d.day, 28);
    assert_date(D("2024-02-29"), "2024-02-29");
    assert_date(D("0001-01-01"), "0001-01-01");
    assert_date(D("9999-12-31"), "9999-12-31");
}

static void test_calendar__parse_refuses_nonexistent_day(void **state)
{
    (void)state;
    assert_parse_refused("2026-02-30");
    assert_parse_refused("2026-02-29");
    assert_parse_refused("1900-02-29");
    assert_parse_refused("2026-13-01");
    assert_parse_refused("2026-00-10");
    assert_parse_refused("2026-04-31");
    assert_parse_refused("0000-01-01");
    zz_err err = ZZ_ERR_INIT;
    zz_date d;
    zz_date_parse(&d, "2026-02-30", &err);
    assert_non_null(strstr(err.message, "no such day"));
}

static void test_calendar__parse_refuses_unpadded_and_short_forms(void **state)
{
    (void)state;
    assert_parse_refused("2026-2-3");
    assert_parse_refused("2026-02-3");
    assert_parse_refused("26-01-01");
    assert_parse_refused("2026/01/01");
    assert_parse_refused("20260101");
    assert_parse_refused("+026-01-01");
    assert_parse_refused("2026-0a-01");
    assert_parse_refused("");
    assert_parse_refused(NULL);
}

static void test_calendar__parse_refuses_trailing_and_leading_junk(void **state)
{
    (void)state;
    assert_parse_refused("2026-01-01x");
    assert_parse_refused("2026-01-01 ");
    assert_parse_refused(" 2026-01-01");
    assert_parse_refused("2026-01-01T00:00:00");
    assert_parse_refused("2026-01-011");
}

static void test_calendar__parse_message_quotes_long_text_bounded(void **state)
{
    (void)state;
    char big[400];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    zz_err err = ZZ_ERR_INIT;
    zz_date d;
    assert_int_equal(zz_date_parse(&d, big, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.date");
    assert_non_null(strstr(err.message, "xxx..."));
    assert_true(strlen(err.message) < 120);
    /* control characters and broken UTF-8 never reach the message */
    assert_int_equal(zz_date_parse(&d, "20\n6-\xE6\x97-01", &err), ZZ_EINVAL);
    assert_null(strchr(err.message, '\n'));
    assert_non_null(strstr(err.message, "20?6-?"
                                        "?-01")); /* split: "??-" is a trigraph */
}

static void test_calendar__epoch_day_numbers(void **state)
{
    (void)state;
    assert_int_equal(zz_date_to_days(ZZ_DATE(1970, 1, 1)), 0);
    assert_int_equal(zz_date_to_days(ZZ_DATE(1969, 12, 31)), -1);
    assert_int_equal(zz_date_to_days(ZZ_DATE(2000, 3, 1)), 11017);
    assert_int_equal(zz_date_to_days(ZZ_DATE(1, 1, 1)), -719162);
    assert_int_equal(zz_date_to_days(ZZ_DATE(9999, 12, 31)), 2932896);
    assert_date(zz_date_from_days(0), "1970-01-01");
    assert_date(zz_date_from_days(-1), "1969-12-31");
    assert_date(zz_date_from_days(11016), "2000-02-29");
}

static void test_calendar__days_round_trip_over_every_day_0001_to_9999(void **state)
{
    (void)state;
    zz_date d = ZZ_DATE(1, 1, 1);
    int64_t n = zz_date_to_days(d);
    for (;;) {
        assert_true(zz_date_valid(d));
        assert_int_equal(zz_date_to_days(d), n);
        zz_date back = zz_date_from_days(n);
        assert_int_equal(zz_date_cmp(back, d), 0);
        if (d.year == 9999 && d.month == 12 && d.day == 31) break;
        /* the next day, by hand */
        zz_date next = d;
        if (++next.day > zz_date_days_in_month(next.year, next.month)) {
            next.day = 1;
            if (++next.month > 12) {
                next.month = 1;
                next.year++;
            }
        }
        assert_date(zz_date_add_days(d, 1), zz_date_format(next, (char[ZZ_DATE_STRLEN]){0}));
        d = next;
        n++;
    }
    assert_int_equal(n, 2932896);
}

static void test_calendar__diff_across_leap_days(void **state)
{
    (void)state;
    assert_int_equal(zz_date_diff_days(D("2024-02-28"), D("2024-03-01")), 2);
    assert_int_equal(zz_date_diff_days(D("2026-02-28"), D("2026-03-01")), 1);
    assert_int_equal(zz_date_diff_days(D("1900-02-28"), D("1900-03-01")), 1);
    assert_int_equal(zz_date_diff_days(D("2000-02-28"), D("2000-03-01")), 2);
    assert_int_equal(zz_date_diff_days(D("2024-01-01"), D("2025-01-01")), 366);
    assert_int_equal(zz_date_diff_days(D("2026-01-01"), D("2027-01-01")), 365);
    assert_int_equal(zz_date_diff_days(D("2026-03-15"), D("2029-03-15")), 1096);
    assert_int_equal(zz_date_diff_days(D("2029-03-15"), D("2026-03-15")), -1096);
    assert_int_equal(zz_date_diff_days(D("2026-05-01"), D("2026-05-01")), 0);
    /* 2000-01-01 .. 2100-01-01: 25 leap years minus 2100, plus 2000 */
    assert_int_equal(zz_date_diff_days(D("2000-01-01"), D("2100-01-01")), 36525);
}

static void test_calendar__add_days_across_month_year_and_leap_day(void **state)
{
    (void)state;
    assert_date(zz_date_add_days(D("2024-02-28"), 1), "2024-02-29");
    assert_date(zz_date_add_days(D("2024-02-29"), 1), "2024-03-01");
    assert_date(zz_date_add_days(D("2026-02-28"), 1), "2026-03-01");
    assert_date(zz_date_add_days(D("2026-12-31"), 1), "2027-01-01");
    assert_date(zz_date_add_days(D("2026-01-01"), -1), "2025-12-31");
    assert_date(zz_date_add_days(D("2026-07-10"), 33), "2026-08-12");
    assert_date(zz_date_add_days(D("2026-03-01"), -365), "2025-03-01");
}

static void test_calendar__r2_4_add_months_clamps_to_month_end(void **state)
{
    (void)state;
    assert_date(zz_date_add_months(D("2026-08-31"), -6), "2026-02-28"); /* SPEC example */
    assert_date(zz_date_add_months(D("2024-08-31"), -6), "2024-02-29");
    assert_date(zz_date_add_months(D("2026-01-31"), 1), "2026-02-28");
    assert_date(zz_date_add_months(D("2024-01-31"), 1), "2024-02-29");
    assert_date(zz_date_add_months(D("2026-03-31"), -1), "2026-02-28");
    assert_date(zz_date_add_months(D("2026-05-31"), 1), "2026-06-30");
    assert_date(zz_date_add_months(D("2026-08-31"), 6), "2027-02-28");
    assert_date(zz_date_add_months(D("2026-02-28"), 6), "2026-08-28"); /* no end-of-month snap */
}

static void test_calendar__add_months_crosses_years_both_ways(void **state)
{
    (void)state;
    assert_date(zz_date_add_months(D("2026-12-15"), 1), "2027-01-15");
    assert_date(zz_date_add_months(D("2026-01-15"), -1), "2025-12-15");
    assert_date(zz_date_add_months(D("2026-01-15"), -12), "2025-01-15");
    assert_date(zz_date_add_months(D("2026-01-15"), -13), "2024-12-15");
    assert_date(zz_date_add_months(D("2026-01-15"), 24), "2028-01-15");
    assert_date(zz_date_add_months(D("2026-01-15"), 0), "2026-01-15");
    assert_date(zz_date_add_months(D("2026-01-10"), 6), "2026-07-10");
    assert_date(zz_date_add_months(D("0001-03-31"), -2), "0001-01-31");
}

static void test_calendar__add_years_on_29_feb_clamps_to_28_feb(void **state)
{
    (void)state;
    assert_date(zz_date_add_years(D("2028-02-29"), 1), "2029-02-28"); /* calendar.h example */
    assert_date(zz_date_add_years(D("2028-02-29"), 4), "2032-02-29");
    assert_date(zz_date_add_years(D("2028-02-29"), -1), "2027-02-28");
    assert_date(zz_date_add_years(D("2024-02-29"), 6), "2030-02-28");
    assert_date(zz_date_add_years(D("2026-03-15"), 3), "2029-03-15");
    assert_date(zz_date_add_years(D("2000-02-29"), 100), "2100-02-28");
}

static void test_calendar__anniversary_of_29_feb_rolls_to_1_march(void **state)
{
    (void)state;
    assert_date(zz_date_anniversary(D("2028-02-29"), 3), "2031-03-01");
    assert_date(zz_date_anniversary(D("2024-02-29"), 6), "2030-03-01");
    assert_date(zz_date_anniversary(D("2024-02-29"), 4), "2028-02-29");
    assert_date(zz_date_anniversary(D("2026-05-01"), 6), "2032-05-01");
    assert_date(zz_date_anniversary(D("2026-02-28"), 2), "2028-02-28");
    assert_date(zz_date_anniversary(D("2026-03-15"), 3), "2029-03-15");
}

static void test_calendar__cmp_min_max_order_by_date_not_text(void **state)
{
    (void)state;
    assert_true(zz_date_cmp(D("2026-02-28"), D("2026-03-01")) < 0);
    assert_true(zz_date_cmp(D("2027-01-01"), D("2026-12-31")) > 0);
    assert_int_equal(zz_date_cmp(D("2026-05-01"), D("2026-05-01")), 0);
    assert_true(zz_date_cmp(ZZ_DATE(999, 1, 1), ZZ_DATE(1000, 1, 1)) < 0);
    assert_date(zz_date_min(D("2026-02-28"), D("2026-03-01")), "2026-02-28");
    assert_date(zz_date_max(D("2026-02-28"), D("2026-03-01")), "2026-03-01");
}

static void test_calendar__clock_fixed_is_shanghai_midnight_in_utc(void **state)
{
    (void)state;
    zz_clock c = zz_clock_fixed(D("2026-01-01"));
    assert_date(c.today, "2026-01-01");
    /* 2026-01-01T00:00+08:00 == 2025-12-31T16:00Z == 1767196800 s */
    assert_true(c.now_usec == INT64_C(1767196800) * 1000000);
    zz_clock e = zz_clock_fixed(D("1970-01-01"));
    assert_true(e.now_usec == -INT64_C(8) * 3600 * 1000000);
    zz_clock n = zz_clock_fixed(D("2026-01-02"));
    assert_true(n.now_usec - c.now_usec == INT64_C(86400000000));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calendar__leap_years_1900_2000_2024_2100),
        cmocka_unit_test(test_calendar__valid_rejects_nonexistent_days),
        cmocka_unit_test(test_calendar__parse_accepts_exact_zero_padded_dates),
        cmocka_unit_test(test_calendar__parse_refuses_nonexistent_day),
        cmocka_unit_test(test_calendar__parse_refuses_unpadded_and_short_forms),
        cmocka_unit_test(test_calendar__parse_refuses_trailing_and_leading_junk),
        cmocka_unit_test(test_calendar__parse_message_quotes_long_text_bounded),
        cmocka_unit_test(test_calendar__epoch_day_numbers),
        cmocka_unit_test(test_calendar__days_round_trip_over_every_day_0001_to_9999),
        cmocka_unit_test(test_calendar__diff_across_leap_days),
        cmocka_unit_test(test_calendar__add_days_across_month_year_and_leap_day),
        cmocka_unit_test(test_calendar__r2_4_add_months_clamps_to_month_end),
        cmocka_unit_test(test_calendar__add_months_crosses_years_both_ways),
        cmocka_unit_test(test_calendar__add_years_on_29_feb_clamps_to_28_feb),
        cmocka_unit_test(test_calendar__anniversary_of_29_feb_rolls_to_1_march),
        cmocka_unit_test(test_calendar__cmp_min_max_order_by_date_not_text),
        cmocka_unit_test(test_calendar__clock_fixed_is_shanghai_midnight_in_utc),
    };
    return cmocka_run_group_tests_name("calendar", tests, NULL, NULL);
}
