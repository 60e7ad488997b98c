/*
 * test_cert_rules.c — certificate date rules: expiry, derived status and its precedence
 * maintenance timing at every exact boundary, reminder dates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "zizhi/cert.h"

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

/* ---- R-4.1 ------------------------------------------------------------------------------ */

static void test_cert__r4_1_expiry_is_issue_plus_3_years_minus_1_day(void **state)
{
    (void)state;
    assert_date(zz_cert_expiry(D("2026-03-15"), 3), "2029-03-14"); /* SPEC example */
    assert_date(zz_cert_expiry(D("2026-03-15"), 0), "2029-03-14"); /* default 3 */
    assert_date(zz_cert_expiry(D("2026-01-01"), 3), "2028-12-31");
    assert_date(zz_cert_expiry(D("2026-12-31"), 3), "2029-12-30");
    assert_date(zz_cert_expiry(D("2026-03-15"), 1), "2027-03-14");
    assert_date(zz_cert_expiry(D("2026-03-15"), 5), "2031-03-14");
    assert_int_equal(ZZ_CERT_VALIDITY_YEARS_DEFAULT, 3);
}

static void test_cert__r4_1_issued_29_feb_expires_28_feb_covering_3_full_years(void **state)
{
    (void)state;
    /* the third anniversary of 2028-02-29 is 2031-03-01; the day before is the last valid day */
    assert_date(zz_cert_expiry(D("2028-02-29"), 3), "2031-02-28");
    assert_date(zz_cert_expiry(D("2028-02-29"), 4), "2032-02-28");
    assert_int_equal(zz_date_diff_days(D("2028-02-29"), D("2031-02-28")) + 1, 1096);
}

static void test_cert__r4_1_issued_1_march_expires_on_leap_day(void **state)
{
    (void)state;
    assert_date(zz_cert_expiry(D("2025-03-01"), 3), "2028-02-29");
    assert_date(zz_cert_expiry(D("2026-03-01"), 3), "2029-02-28");
    assert_date(zz_cert_expiry(D("2028-02-28"), 3), "2031-02-27");
}

/* ---- R-4.2 ------------------------------------------------------------------------------ */

static zz_cert_status status_on(const zz_cert_facts *f, const char *day)
{
    zz_cert_status s = (zz_cert_status)0;
    zz_err err = ZZ_ERR_INIT;
    if (zz_cert_status_on(&s, f, D(day), &err) != ZZ_OK) fail_msg("refused: %s", err.message);
    return s;
}

static zz_cert_facts facts(const char *issued)
{
    zz_cert_facts f;
    memset(&f, 0, sizeof f);
    f.issued = D(issued);
    f.expires = zz_cert_expiry(f.issued, 3);
    return f;
}

static void test_cert__r4_2_valid_from_issue_day_through_expiry_day(void **state)
{
    (void)state;
    zz_cert_facts f = facts("2026-03-15");
    assert_int_equal(status_on(&f, "2026-03-15"), ZZ_CERT_VALID);
    assert_int_equal(status_on(&f, "2029-03-14"), ZZ_CERT_VALID);
    assert_int_equal(status_on(&f, "2029-03-15"), ZZ_CERT_EXPIRED);
    assert_int_equal(status_on(&f, "2035-01-01"), ZZ_CERT_EXPIRED);
}

static void test_cert__r4_2_suspended_from_start_until_lifting_day(void **state)
{
    (void)state;
    zz_cert_facts f = facts("2026-03-15");
    zz_cert_suspension s = {D("2027-01-10"), true, D("2027-02-01")};
    f.suspensions = &s;
    f.n_suspensions = 1;
    assert_int_equal(status_on(&f, "2027-01-09"), ZZ_CERT_VALID);
    assert_int_equal(status_on(&f, "2027-01-10"), ZZ_CERT_SUSPENDED);
    assert_int_equal(status_on(&f, "2027-01-31"), ZZ_CERT_SUSPENDED);
    assert_int_equal(status_on(&f, "2027-02-01"), ZZ_CERT_VALID);
    /* not lifted: suspended until expiry, then expired (expired > suspended) */
    s.lifted = false;
    assert_int_equal(status_on(&f, "2029-03-14"), ZZ_CERT_SUSPENDED);
    assert_int_equal(status_on(&f, "2029-03-15"), ZZ_CERT_EXPIRED);
    /* a second suspension later on */
    zz_cert_suspension two[2] = {{D("2027-01-10"), true, D("2027-02-01")},
                                 {D("2028-05-01"), false, {0, 0, 0}}};
    f.suspensions = two;
    f.n_suspensions = 2;
    assert_int_equal(status_on(&f, "2028-04-30"), ZZ_CERT_VALID);
    assert_int_equal(status_on(&f, "2028-05-01"), ZZ_CERT_SUSPENDED);
}

static void test_cert__r4_2_revoked_from_revocation_day_and_final(void **state)
{
    (void)state;
    zz_cert_facts f = facts("2026-03-15");
    f.revoked = true;
    f.revoked_on = D("2027-06-01");
    assert_int_equal(status_on(&f, "2027-05-31"), ZZ_CERT_VALID);
    assert_int_equal(status_on(&f, "2027-06-01"), ZZ_CERT_REVOKED);
    assert_int_equal(status_on(&f, "2040-01-01"), ZZ_CERT_REVOKED); /* revoked > expired */
}

static void test_cert__r4_2_precedence_revoked_superseded_expired_suspended_valid(void **state)
{
    (void)state;
    zz_cert_facts f = facts("2026-03-15");
    zz_cert_suspension s = {D("2027-01-10"), false, {0, 0, 0}};
    f.suspensions = &s;
    f.n_suspensions = 1;
    f.superseded = true;
    f.superseded_on = D("2028-09-01");
    f.revoked = true;
    f.revoked_on = D("2029-01-01");
    assert_int_equal(status_on(&f, "2027-01-09"), ZZ_CERT_VALID);
    assert_int_equal(status_on(&f, "2027-01-10"), ZZ_CERT_SUSPENDED);
    assert_int_equal(status_on(&f, "2028-09-01"), ZZ_CERT_SUPERSEDED); /* superseded > suspended */
    assert_int_equal(status_on(&f, "2029-01-01"), ZZ_CERT_REVOKED);    /* revoked > superseded */
    f.revoked = false;
    assert_int_equal(status_on(&f, "2029-03-15"), ZZ_CERT_SUPERSEDED); /* superseded > expired */
    f.superseded = false;
    assert_int_equal(status_on(&f, "2029-03-15"), ZZ_CERT_EXPIRED); /* expired > suspended */
    /* revoked while suspended */
    f.revoked = true;
    f.revoked_on = D("2027-02-01");
    assert_int_equal(status_on(&f, "2027-02-01"), ZZ_CERT_REVOKED);
}

static void test_cert__r4_2_maintenance_certificate_supersedes_on_its_issue_day(void **state)
{
    (void)state;
    zz_cert_facts old = facts("2026-03-15");
    zz_cert_facts renewed = facts("2028-11-20");
    old.superseded = true;
    old.superseded_on = renewed.issued;
    assert_int_equal(status_on(&old, "2028-11-19"), ZZ_CERT_VALID);
    assert_int_equal(status_on(&old, "2028-11-20"), ZZ_CERT_SUPERSEDED);
    assert_int_equal(status_on(&renewed, "2028-11-20"), ZZ_CERT_VALID);
    assert_date(renewed.expires, "2031-11-19");
}

static void test_cert__r4_2_bad_dates_refused(void **state)
{
    (void)state;
    zz_cert_facts f = facts("2026-03-15");
    zz_cert_status s;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_cert_status_on(&s, &f, D("2026-03-14"), &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.cert_dates");
    assert_non_null(strstr(err.message, "2026-03-14 is before the issue date 2026-03-15"));
    f.expires = D("2026-03-14");
    assert_int_equal(zz_cert_status_on(&s, &f, D("2026-04-01"), &err), ZZ_EINVAL);
    assert_non_null(strstr(err.message, "expiry date before issue date"));
    assert_non_null(strstr(err.message_zh, "有效期截止日期早于发证日期"));
    f = facts("2026-03-15");
    zz_cert_suspension bad = {D("2027-01-10"), true, D("2027-01-09")};
    f.suspensions = &bad;
    f.n_suspensions = 1;
    assert_int_equal(zz_cert_status_on(&s, &f, D("2027-02-01"), &err), ZZ_EINVAL);
    assert_non_null(strstr(err.message, "lifted before it started"));
    f = facts("2026-03-15");
    f.revoked = true;
    f.revoked_on = ZZ_DATE(2027, 2, 30);
    assert_int_equal(zz_cert_status_on(&s, &f, D("2027-03-01"), &err), ZZ_EINVAL);
}

static void test_cert__r4_2_status_names_zh_en_and_codes(void **state)
{
    (void)state;
    const char *codes[] = {"valid", "suspended", "revoked", "expired", "superseded"};
    const char *zh[] = {"有效", "暂停", "取消", "过期", "已替代"};
    for (int i = 0; i < 5; i++) {
        zz_cert_status s = (zz_cert_status)(i + 1);
        assert_string_equal(zz_cert_status_code(s), codes[i]);
        assert_string_equal(zz_cert_status_name_zh(s), zh[i]);
        assert_non_null(zz_cert_status_name_en(s));
        zz_cert_status back;
        assert_int_equal(zz_cert_status_parse(&back, codes[i], NULL), ZZ_OK);
        assert_int_equal(back, s);
    }
    assert_string_equal(zz_cert_status_name_en(ZZ_CERT_SUPERSEDED),
                        "superseded by a maintenance certificate");
    assert_null(zz_cert_status_code((zz_cert_status)0));
    assert_null(zz_cert_status_name_zh((zz_cert_status)6));
    zz_cert_status s;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_cert_status_parse(&s, "VALID", &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.cert_status");
}

/* ---- R-2.4 ------------------------------------------------------------------------------ */

static zz_maint_result timing(const char *expires, const char *submitted)
{
    zz_cert_facts f;
    memset(&f, 0, sizeof f);
    f.expires = D(expires);
    f.issued = zz_date_add_years(f.expires, -3);
    zz_maint_result r;
    zz_err err = ZZ_ERR_INIT;
    if (zz_cert_maintenance_timing(&r, &f, D(submitted), &err) != ZZ_OK)
        fail_msg("refused: %s", err.message);
    return r;
}

static void test_cert__r2_4_exact_six_months_before_is_on_time(void **state)
{
    (void)state;
    zz_maint_result r = timing("2029-03-14", "2028-09-14");
    assert_int_equal(r.timing, ZZ_MAINT_ON_TIME);
    assert_string_equal(r.reason_code, "maint.on_time");
    assert_date(r.on_time_limit, "2028-09-14");
    assert_date(r.late_limit, "2029-09-14");
    assert_non_null(strstr(r.reason_en, "2028-09-14"));
    assert_non_null(strstr(r.reason_zh, "按期维持"));
    r = timing("2029-03-14", "2027-01-01"); /* well ahead */
    assert_int_equal(r.timing, ZZ_MAINT_ON_TIME);
}

static void test_cert__r2_4_one_day_after_six_months_before_is_late(void **state)
{
    (void)state;
    zz_maint_result r = timing("2029-03-14", "2028-09-15");
    assert_int_equal(r.timing, ZZ_MAINT_LATE);
    assert_string_equal(r.reason_code, "maint.late");
    assert_non_null(strstr(r.reason_en, "may lapse"));
    assert_non_null(strstr(r.reason_zh, "逾期维持"));
    r = timing("2029-03-14", "2029-03-14"); /* on the expiry day */
    assert_int_equal(r.timing, ZZ_MAINT_LATE);
    r = timing("2029-03-14", "2029-03-15"); /* already expired, within six months */
    assert_int_equal(r.timing, ZZ_MAINT_LATE);
}

static void test_cert__r2_4_exact_six_months_after_expiry_is_still_late(void **state)
{
    (void)state;
    zz_maint_result r = timing("2029-03-14", "2029-09-14");
    assert_int_equal(r.timing, ZZ_MAINT_LATE);
}

static void test_cert__r2_4_one_day_after_six_months_after_expiry_is_initial(void **state)
{
    (void)state;
    zz_maint_result r = timing("2029-03-14", "2029-09-15");
    assert_int_equal(r.timing, ZZ_MAINT_TREAT_AS_INITIAL);
    assert_string_equal(r.reason_code, "maint.expired_over_6_months");
    assert_non_null(strstr(r.reason_zh, "视作初次申请"));
    assert_non_null(strstr(r.reason_en, "treated as an initial application"));
    assert_non_null(strstr(r.reason_en, "2029-09-14"));
}

static void test_cert__r2_4_month_end_expiry_on_time_limit_is_28_feb(void **state)
{
    (void)state;
    /* SPEC: 2026-08-31 minus 6 months = 2026-02-28 */
    zz_maint_result r = timing("2026-08-31", "2026-02-28");
    assert_int_equal(r.timing, ZZ_MAINT_ON_TIME);
    assert_date(r.on_time_limit, "2026-02-28");
    r = timing("2026-08-31", "2026-03-01");
    assert_int_equal(r.timing, ZZ_MAINT_LATE);
    /* 2026-08-31 + 6 months = 2027-02-28 */
    r = timing("2026-08-31", "2027-02-28");
    assert_int_equal(r.timing, ZZ_MAINT_LATE);
    assert_date(r.late_limit, "2027-02-28");
    r = timing("2026-08-31", "2027-03-01");
    assert_int_equal(r.timing, ZZ_MAINT_TREAT_AS_INITIAL);
}

static void test_cert__r2_4_leap_day_boundaries(void **state)
{
    (void)state;
    /* expiry 2024-08-31 → on-time limit 2024-02-29 */
    zz_maint_result r = timing("2024-08-31", "2024-02-29");
    assert_int_equal(r.timing, ZZ_MAINT_ON_TIME);
    r = timing("2024-08-31", "2024-03-01");
    assert_int_equal(r.timing, ZZ_MAINT_LATE);
    /* expiry 2027-08-31 → late limit 2028-02-29 */
    r = timing("2027-08-31", "2028-02-29");
    assert_int_equal(r.timing, ZZ_MAINT_LATE);
    assert_date(r.late_limit, "2028-02-29");
    r = timing("2027-08-31", "2028-03-01");
    assert_int_equal(r.timing, ZZ_MAINT_TREAT_AS_INITIAL);
    /* expiry on a leap day (issued 2025-03-01): limits 2027-08-29 and 2028-08-29 */
    r = timing("2028-02-29", "2027-08-29");
    assert_int_equal(r.timing, ZZ_MAINT_ON_TIME);
    r = timing("2028-02-29", "2027-08-30");
    assert_int_equal(r.timing, ZZ_MAINT_LATE);
    r = timing("2028-02-29", "2028-08-29");
    assert_int_equal(r.timing, ZZ_MAINT_LATE);
    r = timing("2028-02-29", "2028-08-30");
    assert_int_equal(r.timing, ZZ_MAINT_TREAT_AS_INITIAL);
    /* expiry 2031-02-28 (issued 2028-02-29): on-time limit 2030-08-28 */
    r = timing("2031-02-28", "2030-08-28");
    assert_int_equal(r.timing, ZZ_MAINT_ON_TIME);
    r = timing("2031-02-28", "2030-08-29");
    assert_int_equal(r.timing, ZZ_MAINT_LATE);
}

static void test_cert__r2_4_revoked_certificate_is_treated_as_initial(void **state)
{
    (void)state;
    zz_cert_facts f = facts("2026-03-15");
    f.revoked = true;
    f.revoked_on = D("2027-06-01");
    zz_maint_result r;
    assert_int_equal(zz_cert_maintenance_timing(&r, &f, D("2028-01-01"), NULL), ZZ_OK);
    assert_int_equal(r.timing, ZZ_MAINT_TREAT_AS_INITIAL); /* on time by date, but revoked */
    assert_string_equal(r.reason_code, "maint.revoked");
    assert_non_null(strstr(r.reason_en, "revoked on 2027-06-01"));
    assert_non_null(strstr(r.reason_zh, "被取消"));
    /* a revocation after the submission does not change the submission's timing */
    assert_int_equal(zz_cert_maintenance_timing(&r, &f, D("2027-05-31"), NULL), ZZ_OK);
    assert_int_equal(r.timing, ZZ_MAINT_ON_TIME);
}

static void test_cert__r2_4_no_certificate_is_initial(void **state)
{
    (void)state;
    zz_maint_result r;
    assert_int_equal(zz_cert_maintenance_timing(&r, NULL, D("2026-05-01"), NULL), ZZ_OK);
    assert_int_equal(r.timing, ZZ_MAINT_TREAT_AS_INITIAL);
    assert_string_equal(r.reason_code, "maint.no_certificate");
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_cert_maintenance_timing(&r, NULL, ZZ_DATE(2026, 2, 30), &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.cert_dates");
}

/* ---- R-2.6 ------------------------------------------------------------------------------ */

static void test_cert__r2_6_reminders_at_9_7_6_months_before_expiry(void **state)
{
    (void)state;
    zz_date r[ZZ_CERT_REMINDERS];
    zz_cert_reminder_dates(r, D("2029-03-14"));
    assert_date(r[0], "2028-06-14");
    assert_date(r[1], "2028-08-14");
    assert_date(r[2], "2028-09-14");
    /* month-end expiry clamps each reminder */
    zz_cert_reminder_dates(r, D("2026-08-31"));
    assert_date(r[0], "2025-11-30");
    assert_date(r[1], "2026-01-31");
    assert_date(r[2], "2026-02-28");
    zz_cert_reminder_dates(r, D("2028-11-30"));
    assert_date(r[0], "2028-02-29");
    assert_date(r[1], "2028-04-30");
    assert_date(r[2], "2028-05-30");
    /* the last reminder is the last on-time day of */
    zz_maint_result m = timing("2028-11-30", "2028-05-30");
    assert_int_equal(m.timing, ZZ_MAINT_ON_TIME);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cert__r4_1_expiry_is_issue_plus_3_years_minus_1_day),
        cmocka_unit_test(test_cert__r4_1_issued_29_feb_expires_28_feb_covering_3_full_years),
        cmocka_unit_test(test_cert__r4_1_issued_1_march_expires_on_leap_day),
        cmocka_unit_test(test_cert__r4_2_valid_from_issue_day_through_expiry_day),
        cmocka_unit_test(test_cert__r4_2_suspended_from_start_until_lifting_day),
        cmocka_unit_test(test_cert__r4_2_revoked_from_revocation_day_and_final),
        cmocka_unit_test(test_cert__r4_2_precedence_revoked_superseded_expired_suspended_valid),
        cmocka_unit_test(test_cert__r4_2_maintenance_certificate_supersedes_on_its_issue_day),
        cmocka_unit_test(test_cert__r4_2_bad_dates_refused),
        cmocka_unit_test(test_cert__r4_2_status_names_zh_en_and_codes),
        cmocka_unit_test(test_cert__r2_4_exact_six_months_before_is_on_time),
        cmocka_unit_test(test_cert__r2_4_one_day_after_six_months_before_is_late),
        cmocka_unit_test(test_cert__r2_4_exact_six_months_after_expiry_is_still_late),
        cmocka_unit_test(test_cert__r2_4_one_day_after_six_months_after_expiry_is_initial),
        cmocka_unit_test(test_cert__r2_4_month_end_expiry_on_time_limit_is_28_feb),
        cmocka_unit_test(test_cert__r2_4_leap_day_boundaries),
        cmocka_unit_test(test_cert__r2_4_revoked_certificate_is_treated_as_initial),
        cmocka_unit_test(test_cert__r2_4_no_certificate_is_initial),
        cmocka_unit_test(test_cert__r2_6_reminders_at_9_7_6_months_before_expiry),
    };
    return cmocka_run_group_tests_name("cert_rules", tests, NULL, NULL);
}
