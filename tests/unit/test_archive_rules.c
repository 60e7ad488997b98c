/*
 * test_archive_rules.c — archive retention: kept-until date, disposal from that day on,
 * the legal hold, and the refusal codes and messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "zizhi/archive.h"

static zz_date D(const char *s)
{
    zz_date d = {0, 0, 0};
    assert_int_equal(zz_date_parse(&d, s, NULL), ZZ_OK);
    return d;
}

static void assert_date(zz_date d, const char *want)
{
    char buf[ZZ_DATE_STRLEN];
    assert_string_equal(zz_date_format(d, buf), want);
}

static void test_archive__r7_1_kept_until_closing_plus_six_years(void **state)
{
    (void)state;
    assert_date(zz_archive_kept_until(D("2026-05-01")), "2032-05-01"); /* SPEC example */
    assert_date(zz_archive_kept_until(D("2026-12-31")), "2032-12-31");
    assert_date(zz_archive_kept_until(D("2026-02-28")), "2032-02-28");
    assert_date(zz_archive_kept_until(D("2022-02-28")), "2028-02-28");
}

static void test_archive__r7_1_closed_29_feb_kept_until_1_march(void **state)
{
    (void)state;
    /* never shortened: 2030 has no 29 Feb, so the sixth anniversary is 1 March */
    assert_date(zz_archive_kept_until(D("2024-02-29")), "2030-03-01");
    /* a leap year plus six is never a leap year, so 29 Feb always rolls forward */
    assert_date(zz_archive_kept_until(D("2000-02-29")), "2006-03-01");
    assert_false(zz_archive_in_retention(D("2024-02-29"), D("2030-03-01")));
    assert_true(zz_archive_in_retention(D("2024-02-29"), D("2030-02-28")));
}

static void test_archive__r7_1_retention_never_shorter_than_six_years(void **state)
{
    (void)state;
    /* every closing day of 2020-2031: at least six calendar years and 2191 days */
    for (zz_date d = D("2020-01-01"); zz_date_cmp(d, D("2031-12-31")) <= 0;
         d = zz_date_add_days(d, 1)) {
        zz_date k = zz_archive_kept_until(d);
        assert_true(zz_date_cmp(k, zz_date_add_years(d, 6)) >= 0);
        int64_t days = zz_date_diff_days(d, k);
        assert_true(days >= 2191 && days <= 2193);
    }
}

static void test_archive__r7_1_disposable_from_kept_until_day(void **state)
{
    (void)state;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_archive_disposable(D("2026-05-01"), D("2032-05-01"), false, &err), ZZ_OK);
    assert_int_equal(zz_archive_disposable(D("2026-05-01"), D("2040-01-01"), false, &err), ZZ_OK);
    assert_false(zz_archive_in_retention(D("2026-05-01"), D("2032-05-01")));
}

static void test_archive__r7_1_day_before_kept_until_refused_naming_date(void **state)
{
    (void)state;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_archive_disposable(D("2026-05-01"), D("2032-04-30"), false, &err),
                     ZZ_ERULE);
    assert_int_equal(err.rc, ZZ_ERULE);
    assert_string_equal(err.code, "gate.archive_retention");
    assert_string_equal(err.rule, "R-7.1");
    assert_non_null(strstr(err.message, "kept until 2032-05-01"));
    assert_non_null(strstr(err.message_zh, "2032-05-01"));
    assert_true(zz_archive_in_retention(D("2026-05-01"), D("2032-04-30")));
    assert_int_equal(zz_archive_disposable(D("2026-05-01"), D("2026-05-01"), false, &err),
                     ZZ_ERULE);
    assert_string_equal(err.code, "gate.archive_retention");
    assert_int_equal(zz_archive_disposable(D("2024-02-29"), D("2030-02-28"), false, &err),
                     ZZ_ERULE);
    assert_non_null(strstr(err.message, "2030-03-01"));
}

static void test_archive__r7_1_legal_hold_blocks_disposal_after_retention(void **state)
{
    (void)state;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_archive_disposable(D("2026-05-01"), D("2032-05-01"), true, &err), ZZ_ERULE);
    assert_string_equal(err.code, "gate.legal_hold");
    assert_string_equal(err.rule, "R-7.1");
    assert_non_null(strstr(err.message, "legal hold"));
    assert_non_null(strstr(err.message, "2032-05-01"));
    assert_non_null(strstr(err.message_zh, "法律保全"));
    assert_int_equal(zz_archive_disposable(D("2026-05-01"), D("2050-01-01"), true, &err), ZZ_ERULE);
    assert_string_equal(err.code, "gate.legal_hold");
}

static void test_archive__r7_1_retention_reported_before_legal_hold(void **state)
{
    (void)state;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_archive_disposable(D("2026-05-01"), D("2030-01-01"), true, &err), ZZ_ERULE);
    assert_string_equal(err.code, "gate.archive_retention");
}

static void test_archive__r7_1_invalid_dates_refused(void **state)
{
    (void)state;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_archive_disposable(ZZ_DATE(2026, 2, 30), D("2040-01-01"), false, &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "input.date");
    assert_non_null(strstr(err.message, "2026-02-30"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_archive__r7_1_kept_until_closing_plus_six_years),
        cmocka_unit_test(test_archive__r7_1_closed_29_feb_kept_until_1_march),
        cmocka_unit_test(test_archive__r7_1_retention_never_shorter_than_six_years),
        cmocka_unit_test(test_archive__r7_1_disposable_from_kept_until_day),
        cmocka_unit_test(test_archive__r7_1_day_before_kept_until_refused_naming_date),
        cmocka_unit_test(test_archive__r7_1_legal_hold_blocks_disposal_after_retention),
        cmocka_unit_test(test_archive__r7_1_retention_reported_before_legal_hold),
        cmocka_unit_test(test_archive__r7_1_invalid_dates_refused),
    };
    return cmocka_run_group_tests_name("archive_rules", tests, NULL, NULL);
}
