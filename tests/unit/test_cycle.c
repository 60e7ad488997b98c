/*
 * test_cycle.c — the case cycle clock: deadline pushed back by paused days, the day
 * counting conventions of cycle.h, overlap, clipping, the 80 % / 100 % warnings at their exact day.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "zizhi/cycle.h"

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

static zz_pause closed(const char *start, const char *end, zz_pause_cause cause)
{
    zz_pause p = {D(start), false, D(end), cause};
    return p;
}

static zz_pause open_pause(const char *start, zz_pause_cause cause)
{
    zz_pause p = {D(start), true, {0, 0, 0}, cause};
    return p;
}

/* The clock of a running case filed on filed, on today. */
static zz_cycle run(const char *filed, const zz_pause *p, size_t n, const char *today)
{
    zz_cycle_input in = {D(filed), false, {0, 0, 0}, p, n, 0};
    zz_clock clk = zz_clock_fixed(D(today));
    zz_cycle c;
    zz_err err = ZZ_ERR_INIT;
    if (zz_cycle_compute(&c, &in, &clk, &err) != ZZ_OK) fail_msg("refused: %s", err.message);
    return c;
}

static void test_cycle__r3_7_spec_example_33_days_paused_deadline_2026_08_12(void **state)
{
    (void)state;
    zz_pause p[2] = {
        closed("2026-01-20", "2026-02-10", ZZ_PAUSE_SUPPLEMENT), /* 21 days */
        closed("2026-03-01", "2026-03-13", ZZ_PAUSE_PAYMENT),    /* 12 days */
    };
    zz_cycle c = run("2026-01-10", p, 2, "2026-04-01");
    assert_int_equal(c.days_paused, 33);
    assert_date(c.deadline, "2026-08-12");
    assert_int_equal(c.days_elapsed, 81); /* 01-10 .. 04-01 */
    assert_int_equal(c.days_used, 48);
    assert_int_equal(c.days_allowed, 181); /* 01-10 .. 07-10 */
    assert_int_equal(c.days_left, 133);
    assert_int_equal(zz_date_diff_days(c.stop, c.deadline), c.days_left); /* I2 */
    assert_int_equal(c.used_bp, 48 * 10000 / 181);
    assert_false(c.warn_80);
    assert_false(c.paused_now);
}

static void test_cycle__r3_7_filing_day_has_used_nothing(void **state)
{
    (void)state;
    zz_cycle c = run("2026-01-10", NULL, 0, "2026-01-10");
    assert_int_equal(c.days_elapsed, 0);
    assert_int_equal(c.days_used, 0);
    assert_int_equal(c.days_left, 181);
    assert_date(c.deadline, "2026-07-10");
    assert_int_equal(c.used_bp, 0);
    assert_false(c.warn_80 || c.over_100 || c.overdue || c.paused_now || c.ended);
}

static void test_cycle__r3_7_six_months_clamped_at_month_end(void **state)
{
    (void)state;
    zz_cycle c = run("2026-08-31", NULL, 0, "2026-09-01");
    assert_date(c.deadline, "2027-02-28");
    assert_int_equal(c.days_allowed, 181);
    c = run("2027-08-31", NULL, 0, "2027-09-01");
    assert_date(c.deadline, "2028-02-29");
    assert_int_equal(c.days_allowed, 182);
}

static void test_cycle__r3_7_pause_counts_start_day_not_end_day(void **state)
{
    (void)state;
    zz_pause one = closed("2026-03-01", "2026-03-02", ZZ_PAUSE_AGREEMENT);
    zz_cycle c = run("2026-01-10", &one, 1, "2026-04-01");
    assert_int_equal(c.days_paused, 1);
    zz_pause same_day = closed("2026-03-01", "2026-03-01", ZZ_PAUSE_AGREEMENT);
    c = run("2026-01-10", &same_day, 1, "2026-04-01");
    assert_int_equal(c.days_paused, 0);
    /* across the leap day */
    zz_pause leap = closed("2028-02-28", "2028-03-01", ZZ_PAUSE_SUPPLEMENT);
    c = run("2028-01-10", &leap, 1, "2028-04-01");
    assert_int_equal(c.days_paused, 2);
}

static void test_cycle__r3_7_open_pause_runs_to_today_and_is_paused_now(void **state)
{
    (void)state;
    zz_pause p = open_pause("2026-03-01", ZZ_PAUSE_PAYMENT);
    zz_cycle c = run("2026-01-10", &p, 1, "2026-03-11");
    assert_int_equal(c.days_paused, 10);
    assert_true(c.paused_now);
    assert_date(c.deadline, "2026-07-20");
    /* it started today: nothing paused yet, but the case waits */
    c = run("2026-01-10", &p, 1, "2026-03-01");
    assert_int_equal(c.days_paused, 0);
    assert_true(c.paused_now);
    /* a closed pause is not "now" on its end day */
    zz_pause q = closed("2026-03-01", "2026-03-11", ZZ_PAUSE_PAYMENT);
    c = run("2026-01-10", &q, 1, "2026-03-11");
    assert_false(c.paused_now);
    c = run("2026-01-10", &q, 1, "2026-03-10");
    assert_true(c.paused_now);
    assert_int_equal(c.days_paused, 9);
}

static void test_cycle__r3_7_overlapping_pauses_count_each_day_once(void **state)
{
    (void)state;
    zz_pause p[4] = {
        closed("2026-02-01", "2026-02-11", ZZ_PAUSE_AGREEMENT),     /* 10 */
        closed("2026-02-05", "2026-02-15", ZZ_PAUSE_PAYMENT),       /* +4 beyond the first */
        closed("2026-02-06", "2026-02-07", ZZ_PAUSE_SUPPLEMENT),    /* inside: +0 */
        closed("2026-02-15", "2026-02-20", ZZ_PAUSE_RECTIFICATION), /* adjacent: +5 */
    };
    zz_cycle c = run("2026-01-10", p, 4, "2026-04-01");
    assert_int_equal(c.days_paused, 19);
    /* order does not matter */
    zz_pause r[4] = {p[3], p[2], p[1], p[0]};
    c = run("2026-01-10", r, 4, "2026-04-01");
    assert_int_equal(c.days_paused, 19);
    /* identical pauses count once; an open one swallows the rest */
    zz_pause s[3] = {p[0], p[0], open_pause("2026-02-03", ZZ_PAUSE_PAYMENT)};
    c = run("2026-01-10", s, 3, "2026-03-01");
    assert_int_equal(c.days_paused, 28); /* 02-01 .. 03-01 */
    assert_true(c.paused_now);
}

static void test_cycle__r3_7_pauses_clipped_to_filing_and_stop(void **state)
{
    (void)state;
    /* waiting for supplements before filing does not count */
    zz_pause before = closed("2025-12-20", "2026-01-15", ZZ_PAUSE_SUPPLEMENT);
    zz_cycle c = run("2026-01-10", &before, 1, "2026-02-01");
    assert_int_equal(c.days_paused, 5);
    zz_pause all_before = closed("2025-12-20", "2026-01-10", ZZ_PAUSE_SUPPLEMENT);
    c = run("2026-01-10", &all_before, 1, "2026-02-01");
    assert_int_equal(c.days_paused, 0);
    /* an open pause on an ended case stops with the case */
    zz_pause p = open_pause("2026-03-01", ZZ_PAUSE_PAYMENT);
    zz_cycle_input in = {D("2026-01-10"), true, D("2026-03-05"), &p, 1, 0};
    zz_clock clk = zz_clock_fixed(D("2026-12-31"));
    assert_int_equal(zz_cycle_compute(&c, &in, &clk, NULL), ZZ_OK);
    assert_int_equal(c.days_paused, 4);
    assert_false(c.paused_now);
    /* a pause starting after today contributes nothing */
    zz_pause future = closed("2026-05-01", "2026-05-10", ZZ_PAUSE_PAYMENT);
    c = run("2026-01-10", &future, 1, "2026-04-01");
    assert_int_equal(c.days_paused, 0);
    assert_false(c.paused_now);
}

static void test_cycle__r3_7_ended_case_stops_the_clock(void **state)
{
    (void)state;
    zz_pause p = closed("2026-02-01", "2026-02-11", ZZ_PAUSE_AGREEMENT);
    zz_cycle_input in = {D("2026-01-10"), true, D("2026-06-30"), &p, 1, 0};
    zz_cycle a, b;
    zz_clock t1 = zz_clock_fixed(D("2026-07-01"));
    zz_clock t2 = zz_clock_fixed(D("2027-07-01"));
    assert_int_equal(zz_cycle_compute(&a, &in, &t1, NULL), ZZ_OK);
    assert_int_equal(zz_cycle_compute(&b, &in, &t2, NULL), ZZ_OK);
    assert_true(a.ended);
    assert_date(a.stop, "2026-06-30");
    assert_int_equal(a.days_elapsed, 171);
    assert_int_equal(a.days_used, 161);
    assert_int_equal(b.days_used, a.days_used);
    assert_int_equal(b.days_left, a.days_left);
    assert_false(a.overdue);
}

static void test_cycle__r3_7_warn_80_on_exact_day(void **state)
{
    (void)state;
    /* allowed 181 days: 80 % = 144.8, so day 145 is the first at or over 80 % */
    zz_cycle c = run("2026-01-10", NULL, 0, "2026-06-03"); /* 144 days */
    assert_int_equal(c.days_used, 144);
    assert_false(c.warn_80);
    assert_int_equal(c.used_bp, 7955);
    c = run("2026-01-10", NULL, 0, "2026-06-04"); /* 145 days */
    assert_true(c.warn_80);
    assert_false(c.over_100);
    assert_int_equal(c.used_bp, 8011);
    /* other spans: one day below and on the first day at or over 80 % */
    zz_cycle_input in = {D("2026-03-01"), false, {0, 0, 0}, NULL, 0, 6};   /* 03-01..09-01: 184 */
    zz_clock clk = zz_clock_fixed(zz_date_add_days(D("2026-03-01"), 147)); /* 147.2 = 80 % */
    assert_int_equal(zz_cycle_compute(&c, &in, &clk, NULL), ZZ_OK);
    assert_int_equal(c.days_allowed, 184);
    assert_false(c.warn_80);
    in.span_months = 5; /* 03-01..08-01: 153 days, 80 % = 122.4 */
    clk = zz_clock_fixed(zz_date_add_days(D("2026-03-01"), 123));
    assert_int_equal(zz_cycle_compute(&c, &in, &clk, NULL), ZZ_OK);
    assert_int_equal(c.days_allowed, 153);
    assert_true(c.warn_80);
    /* 10 months from 2026-03-01 = 2027-01-01: 306 days; 80 % = 244.8 */
    in.span_months = 10;
    clk = zz_clock_fixed(zz_date_add_days(D("2026-03-01"), 245));
    assert_int_equal(zz_cycle_compute(&c, &in, &clk, NULL), ZZ_OK);
    assert_true(c.warn_80);
}

static void test_cycle__r3_7_exactly_80_percent_warns(void **state)
{
    (void)state;
    /* 2026-02-01 + 5 months = 2026-07-01: 150 days; 80 % = 120 exactly */
    zz_cycle_input in = {D("2026-02-01"), false, {0, 0, 0}, NULL, 0, 5};
    zz_cycle c;
    zz_clock clk = zz_clock_fixed(D("2026-05-31")); /* day 119 */
    assert_int_equal(zz_cycle_compute(&c, &in, &clk, NULL), ZZ_OK);
    assert_int_equal(c.days_allowed, 150);
    assert_int_equal(c.days_used, 119);
    assert_false(c.warn_80);
    clk = zz_clock_fixed(D("2026-06-01")); /* day 120 */
    assert_int_equal(zz_cycle_compute(&c, &in, &clk, NULL), ZZ_OK);
    assert_int_equal(c.days_used, 120);
    assert_true(c.warn_80);
    assert_int_equal(c.used_bp, 8000);
}

static void test_cycle__r3_7_over_100_on_deadline_day_overdue_the_day_after(void **state)
{
    (void)state;
    zz_pause p = closed("2026-02-01", "2026-02-11", ZZ_PAUSE_SUPPLEMENT); /* 10 days */
    zz_cycle c = run("2026-01-10", &p, 1, "2026-07-19");
    assert_date(c.deadline, "2026-07-20");
    assert_int_equal(c.days_left, 1);
    assert_false(c.over_100);
    c = run("2026-01-10", &p, 1, "2026-07-20");
    assert_int_equal(c.days_left, 0);
    assert_true(c.over_100);
    assert_true(c.warn_80);
    assert_false(c.overdue);
    assert_int_equal(c.used_bp, 10000);
    c = run("2026-01-10", &p, 1, "2026-07-21");
    assert_int_equal(c.days_left, -1);
    assert_true(c.overdue);
    assert_int_equal(c.used_bp, 182 * 10000 / 181);
    /* a case that ends on its deadline day is in time */
    zz_cycle_input in = {D("2026-01-10"), true, D("2026-07-20"), &p, 1, 0};
    zz_clock clk = zz_clock_fixed(D("2026-08-01"));
    assert_int_equal(zz_cycle_compute(&c, &in, &clk, NULL), ZZ_OK);
    assert_false(c.overdue);
    assert_int_equal(c.days_left, 0);
}

static void test_cycle__r3_7_inconsistent_dates_refused(void **state)
{
    (void)state;
    zz_cycle c;
    zz_err err = ZZ_ERR_INIT;
    zz_cycle_input in = {D("2026-01-10"), true, D("2026-01-09"), NULL, 0, 0};
    zz_clock clk = zz_clock_fixed(D("2026-02-01"));
    assert_int_equal(zz_cycle_compute(&c, &in, &clk, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.cycle_dates");
    assert_string_equal(err.rule, "R-3.7");
    assert_non_null(strstr(err.message, "2026-01-09"));
    in.ended = false;
    clk = zz_clock_fixed(D("2026-01-09"));
    assert_int_equal(zz_cycle_compute(&c, &in, &clk, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.cycle_dates");
    in.filed = ZZ_DATE(2026, 2, 30);
    assert_int_equal(zz_cycle_compute(&c, &in, &clk, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.cycle_dates");

    zz_pause back = closed("2026-03-10", "2026-03-01", ZZ_PAUSE_PAYMENT);
    zz_cycle_input in2 = {D("2026-01-10"), false, {0, 0, 0}, &back, 1, 0};
    clk = zz_clock_fixed(D("2026-04-01"));
    assert_int_equal(zz_cycle_compute(&c, &in2, &clk, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.pause");
    assert_non_null(
        strstr(err.message, "pause 1 ends on 2026-03-01, before it starts on 2026-03-10"));
    assert_int_equal(c.days_used, 0); /* out zeroed */
    zz_pause nocause = closed("2026-03-01", "2026-03-10", (zz_pause_cause)9);
    in2.pauses = &nocause;
    assert_int_equal(zz_cycle_compute(&c, &in2, &clk, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.pause");
}

static void test_cycle__r3_7_pause_cause_codes_and_names(void **state)
{
    (void)state;
    const char *codes[] = {"supplement", "agreement", "payment", "rectification"};
    const char *zh[] = {"补充资料", "协议审批", "支付费用", "整改"};
    for (int i = 0; i < 4; i++) {
        zz_pause_cause c;
        assert_int_equal(zz_pause_cause_parse(&c, codes[i], NULL), ZZ_OK);
        assert_int_equal(c, i + 1);
        assert_string_equal(zz_pause_cause_code(c), codes[i]);
        assert_string_equal(zz_pause_cause_name_zh(c), zh[i]);
    }
    zz_pause_cause c;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_pause_cause_parse(&c, "holiday", &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.pause_cause");
    assert_null(zz_pause_cause_code((zz_pause_cause)0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cycle__r3_7_spec_example_33_days_paused_deadline_2026_08_12),
        cmocka_unit_test(test_cycle__r3_7_filing_day_has_used_nothing),
        cmocka_unit_test(test_cycle__r3_7_six_months_clamped_at_month_end),
        cmocka_unit_test(test_cycle__r3_7_pause_counts_start_day_not_end_day),
        cmocka_unit_test(test_cycle__r3_7_open_pause_runs_to_today_and_is_paused_now),
        cmocka_unit_test(test_cycle__r3_7_overlapping_pauses_count_each_day_once),
        cmocka_unit_test(test_cycle__r3_7_pauses_clipped_to_filing_and_stop),
        cmocka_unit_test(test_cycle__r3_7_ended_case_stops_the_clock),
        cmocka_unit_test(test_cycle__r3_7_warn_80_on_exact_day),
        cmocka_unit_test(test_cycle__r3_7_exactly_80_percent_warns),
        cmocka_unit_test(test_cycle__r3_7_over_100_on_deadline_day_overdue_the_day_after),
        cmocka_unit_test(test_cycle__r3_7_inconsistent_dates_refused),
        cmocka_unit_test(test_cycle__r3_7_pause_cause_codes_and_names),
    };
    return cmocka_run_group_tests_name("cycle", tests, NULL, NULL);
}
