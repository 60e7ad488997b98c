/*
 * test_fee.c — fee schedule as data, totals, "fee paid" and money text.
 * Runs from the repository root (scripts/run-tests.sh), where catalog/fees.json lives.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "zizhi/fee.h"

#define SHIPPED "catalog/fees.json"

/* A one-entry schedule whose first item's amount is the given JSON text. */
static char *with_amount(char *buf, size_t cap, const char *amount)
{
    snprintf(buf, cap,
             "{\"format\":\"zizhi-fees/1\",\"unit\":\"fen\",\"schedules\":[{\"category\":"
             "\"ai-security\",\"level\":1,\"application_type\":\"initial\",\"items\":["
             "{\"code\":\"audit\",\"name_zh\":\"审核费用\",\"name_en\":\"audit fee\","
             "\"amount_fen\":%s}]}]}",
             amount);
    return buf;
}

static void assert_parse_refused(const char *json, const char *want_in_message)
{
    zz_fee_schedule *s = (zz_fee_schedule *)&s; /* not NULL: must be reset */
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_fee_schedule_parse(&s, json, "test.json", &err), ZZ_EINVAL);
    assert_null(s);
    assert_string_equal(err.code, "fee.schedule_invalid");
    assert_string_equal(err.rule, "R-9.1");
    if (!strstr(err.message, want_in_message))
        fail_msg("message \"%s\" lacks \"%s\"", err.message, want_in_message);
    assert_non_null(strstr(err.message, "test.json"));
    assert_non_null(strstr(err.message_zh, "test.json"));
}

static void test_fee__r9_1_shipped_initial_level1_is_21000_plus_15000(void **state)
{
    (void)state;
    zz_fee_schedule *s = NULL;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_fee_schedule_load(&s, SHIPPED, &err), ZZ_OK);
    const zz_fee_item *items = NULL;
    size_t n = 0;
    assert_int_equal(zz_fee_items(&items, &n, s, "ai-security", 1, ZZ_APP_INITIAL, &err), ZZ_OK);
    assert_int_equal(n, 2);
    assert_string_equal(items[0].code, "audit");
    assert_string_equal(items[0].name_zh, "审核费用");
    assert_true(items[0].amount_fen == 2100000);
    assert_string_equal(items[1].code, "annual-3y");
    assert_string_equal(items[1].name_zh, "三年年金");
    assert_true(items[1].amount_fen == 1500000);
    int64_t total = 0;
    assert_int_equal(zz_fee_total(&total, items, n, &err), ZZ_OK);
    assert_true(total == 3600000);
    char buf[ZZ_MONEY_STRLEN];
    assert_string_equal(zz_money_format(buf, total), "36,000.00");
    zz_fee_schedule_free(s);
}

static void test_fee__r9_1_shipped_maintenance_level1_is_the_same(void **state)
{
    (void)state;
    zz_fee_schedule *s = NULL;
    assert_int_equal(zz_fee_schedule_load(&s, SHIPPED, NULL), ZZ_OK);
    const zz_fee_item *items = NULL;
    size_t n = 0;
    assert_int_equal(zz_fee_items(&items, &n, s, "ai-security", 1, ZZ_APP_MAINTENANCE, NULL),
                     ZZ_OK);
    int64_t total = 0;
    assert_int_equal(zz_fee_total(&total, items, n, NULL), ZZ_OK);
    assert_true(total == 3600000);
    assert_int_equal(n, 2);
    assert_string_equal(items[0].name_en, "audit fee");
    assert_string_equal(items[1].name_en, "three-year annual fee");
    zz_fee_schedule_free(s);
}

static void test_fee__r9_1_missing_entry_is_not_found(void **state)
{
    (void)state;
    zz_fee_schedule *s = NULL;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_fee_schedule_load(&s, SHIPPED, &err), ZZ_OK);
    const zz_fee_item *items = (const zz_fee_item *)&items;
    size_t n = 99;
    assert_int_equal(zz_fee_items(&items, &n, s, "ai-security", 2, ZZ_APP_INITIAL, &err),
                     ZZ_ENOTFOUND);
    assert_string_equal(err.code, "fee.no_schedule");
    assert_non_null(strstr(err.message, "level 2"));
    assert_null(items);
    assert_int_equal(n, 0);
    assert_int_equal(zz_fee_items(&items, &n, s, "security-engineering", 1, ZZ_APP_INITIAL, &err),
                     ZZ_ENOTFOUND);
    assert_non_null(strstr(err.message, "security-engineering"));
    zz_fee_schedule_free(s);
    zz_fee_schedule_free(NULL);
}

static void test_fee__r9_1_other_categories_and_levels_load_as_data(void **state)
{
    (void)state;
    const char *json =
        "{\"format\":\"zizhi-fees/1\",\"unit\":\"fen\",\"schedules\":["
        "{\"category\":\"ai-security\",\"level\":2,\"application_type\":\"initial\",\"items\":["
        "{\"code\":\"audit\",\"name_zh\":\"审核费用\",\"name_en\":\"audit fee\",\"amount_fen\":0},"
        "{\"code\":\"x\",\"name_zh\":\"其他\",\"name_en\":\"other\",\"amount_fen\":1}]},"
        "{\"category\":\"ai-security\",\"level\":2,\"application_type\":\"maintenance\",\"items\":["
        "{\"code\":\"audit\",\"name_zh\":\"审核费用\",\"name_en\":\"audit fee\",\"amount_fen\":7}]}"
        "]}";
    zz_fee_schedule *s = NULL;
    assert_int_equal(zz_fee_schedule_parse(&s, json, "mem", NULL), ZZ_OK);
    const zz_fee_item *items;
    size_t n;
    int64_t total;
    assert_int_equal(zz_fee_items(&items, &n, s, "ai-security", 2, ZZ_APP_INITIAL, NULL), ZZ_OK);
    assert_int_equal(zz_fee_total(&total, items, n, NULL), ZZ_OK);
    assert_true(total == 1);
    assert_int_equal(zz_fee_items(&items, &n, s, "ai-security", 2, ZZ_APP_MAINTENANCE, NULL),
                     ZZ_OK);
    assert_true(items[0].amount_fen == 7);
    zz_fee_schedule_free(s);
}

static void test_fee__r9_1_float_amount_refused_with_json_path(void **state)
{
    (void)state;
    char buf[1024];
    assert_parse_refused(with_amount(buf, sizeof buf, "2100000.0"),
                         "$.schedules[0].items[0].amount_fen must be an integer amount in fen");
    assert_parse_refused(with_amount(buf, sizeof buf, "21000.5"), "amount_fen");
    assert_parse_refused(with_amount(buf, sizeof buf, "2.1e6"), "amount_fen");
    assert_parse_refused(with_amount(buf, sizeof buf, "\"2100000\""), "amount_fen");
    assert_parse_refused(with_amount(buf, sizeof buf, "null"), "amount_fen");
    assert_parse_refused(with_amount(buf, sizeof buf, "-1"),
                         "$.schedules[0].items[0].amount_fen must not be negative");
    /* zero is a valid amount */
    zz_fee_schedule *s = NULL;
    assert_int_equal(zz_fee_schedule_parse(&s, with_amount(buf, sizeof buf, "0"), "t", NULL),
                     ZZ_OK);
    zz_fee_schedule_free(s);
}

static void test_fee__r9_1_schedule_shape_errors_name_the_path(void **state)
{
    (void)state;
    assert_parse_refused("[]", "$ must be an object");
    assert_parse_refused("{\"unit\":\"fen\",\"schedules\":[]}", "$.format");
    assert_parse_refused("{\"format\":\"zizhi-fees/1\",\"schedules\":[]}",
                         "$.unit must be \"fen\"");
    assert_parse_refused("{\"format\":\"zizhi-fees/1\",\"unit\":\"yuan\",\"schedules\":[]}",
                         "$.unit");
    assert_parse_refused("{\"format\":\"zizhi-fees/1\",\"unit\":\"fen\"}", "$.schedules");
    assert_parse_refused("{\"format\":\"zizhi-fees/1\",\"unit\":\"fen\",\"schedules\":[{"
                         "\"category\":\"ai-security\",\"level\":6,\"application_type\":"
                         "\"initial\",\"items\":[]}]}",
                         "$.schedules[0].level must be an integer from 1 to 5");
    assert_parse_refused("{\"format\":\"zizhi-fees/1\",\"unit\":\"fen\",\"schedules\":[{"
                         "\"category\":\"ai-security\",\"level\":1,\"application_type\":"
                         "\"renewal\",\"items\":[]}]}",
                         "$.schedules[0].application_type");
    assert_parse_refused("{\"format\":\"zizhi-fees/1\",\"unit\":\"fen\",\"schedules\":[{"
                         "\"category\":\"ai-security\",\"level\":1,\"application_type\":"
                         "\"initial\",\"items\":[]}]}",
                         "$.schedules[0].items must be a non-empty array");
    assert_parse_refused("{\"format\":\"zizhi-fees/1\",\"unit\":\"fen\",\"schedules\":[{"
                         "\"category\":\"\",\"level\":1,\"application_type\":"
                         "\"initial\",\"items\":[]}]}",
                         "$.schedules[0].category must not be empty");
    assert_parse_refused("{\"format\":\"zizhi-fees/1\",\"unit\":\"fen\",\"schedules\":[{"
                         "\"category\":\"ai-security\",\"level\":1,\"application_type\":"
                         "\"initial\",\"items\":[{\"code\":\"a\",\"name_zh\":\"甲\","
                         "\"amount_fen\":1}]}]}",
                         "$.schedules[0].items[0].name_en must be a string");
}

static void test_fee__r9_1_duplicates_refused(void **state)
{
    (void)state;
    const char *item = "{\"code\":\"audit\",\"name_zh\":\"审核费用\",\"name_en\":\"audit fee\","
                       "\"amount_fen\":1}";
    char buf[2048];
    snprintf(buf, sizeof buf,
             "{\"format\":\"zizhi-fees/1\",\"unit\":\"fen\",\"schedules\":[{\"category\":\"c\","
             "\"level\":1,\"application_type\":\"initial\",\"items\":[%s,%s]}]}",
             item, item);
    assert_parse_refused(buf, "$.schedules[0].items[1].code repeats the code of an earlier item");
    snprintf(buf, sizeof buf,
             "{\"format\":\"zizhi-fees/1\",\"unit\":\"fen\",\"schedules\":["
             "{\"category\":\"c\",\"level\":1,\"application_type\":\"initial\",\"items\":[%s]},"
             "{\"category\":\"c\",\"level\":1,\"application_type\":\"initial\",\"items\":[%s]}]}",
             item, item);
    assert_parse_refused(buf, "$.schedules[1] repeats an earlier");
    /* duplicate JSON keys are refused by the parser */
    zz_fee_schedule *s = NULL;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_fee_schedule_parse(&s, "{\"unit\":\"fen\",\"unit\":\"fen\"}", "d", &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "fee.schedule_invalid");
}

static void test_fee__r9_1_total_overflow_refused(void **state)
{
    (void)state;
    char buf[2048];
    snprintf(buf, sizeof buf,
             "{\"format\":\"zizhi-fees/1\",\"unit\":\"fen\",\"schedules\":[{\"category\":\"c\","
             "\"level\":1,\"application_type\":\"initial\",\"items\":["
             "{\"code\":\"a\",\"name_zh\":\"甲\",\"name_en\":\"a\",\"amount_fen\":%lld},"
             "{\"code\":\"b\",\"name_zh\":\"乙\",\"name_en\":\"b\",\"amount_fen\":1}]}]}",
             (long long)INT64_MAX);
    assert_parse_refused(buf, "$.schedules[0].items add up to more than int64_t holds");

    zz_fee_item items[2] = {{"a", "甲", "a", INT64_MAX}, {"b", "乙", "b", 1}};
    int64_t total = 42;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_fee_total(&total, items, 2, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "fee.amount_invalid");
    assert_true(total == 42);
    items[1].amount_fen = -1;
    assert_int_equal(zz_fee_total(&total, items, 2, &err), ZZ_EINVAL);
    assert_non_null(strstr(err.message, "fee item b has a negative amount"));
    assert_int_equal(zz_fee_total(&total, items, 0, &err), ZZ_OK);
    assert_true(total == 0);
}

static void test_fee__r9_1_load_errors_name_the_file(void **state)
{
    (void)state;
    zz_fee_schedule *s = NULL;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_fee_schedule_load(&s, "/nonexistent/zizhi/fees.json", &err), ZZ_EIO);
    assert_string_equal(err.code, "fee.schedule_io");
    assert_non_null(strstr(err.message, "/nonexistent/zizhi/fees.json"));
    assert_null(s);

    char path[] = "/tmp/zz_test_fee_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "{\n  \"format\": \"zizhi-fees/1\",\n  \"unit\": fen\n}\n";
    assert_true(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    assert_int_equal(zz_fee_schedule_load(&s, path, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "fee.schedule_invalid");
    assert_non_null(strstr(err.message, path));
    assert_non_null(strstr(err.message, "line 3"));
    unlink(path);
}

static const zz_fee_payment *pay(zz_fee_payment *p, const char *date, int64_t fen)
{
    assert_int_equal(zz_date_parse(&p->date, date, NULL), ZZ_OK);
    p->amount_fen = fen;
    return p;
}

static void test_fee__r9_2_paid_when_payments_cover_invoice(void **state)
{
    (void)state;
    zz_fee_payment p[3];
    pay(&p[0], "2026-03-01", 2100000);
    pay(&p[1], "2026-03-05", 1499999);
    assert_false(zz_fee_paid(3600000, p, 2)); /* one fen short */
    assert_true(zz_fee_outstanding(3600000, p, 2) == 1);
    pay(&p[1], "2026-03-05", 1500000);
    assert_true(zz_fee_paid(3600000, p, 2)); /* exactly covered */
    assert_true(zz_fee_outstanding(3600000, p, 2) == 0);
    pay(&p[2], "2026-03-06", 1);
    assert_true(zz_fee_paid(3600000, p, 3)); /* overpaid */
    assert_true(zz_fee_outstanding(3600000, p, 3) == -1);
    assert_false(zz_fee_paid(3600000, NULL, 0));
    assert_true(zz_fee_paid(0, NULL, 0)); /* nothing to pay */
}

static void test_fee__r9_2_refund_counts_against_payments(void **state)
{
    (void)state;
    zz_fee_payment p[3];
    pay(&p[0], "2026-03-01", 3600000);
    pay(&p[1], "2026-03-02", -100000);
    assert_false(zz_fee_paid(3600000, p, 2));
    assert_true(zz_fee_outstanding(3600000, p, 2) == 100000);
    pay(&p[2], "2026-03-09", 100000);
    assert_true(zz_fee_paid(3600000, p, 3));
}

static void test_fee__r9_2_outstanding_saturates_instead_of_overflowing(void **state)
{
    (void)state;
    zz_fee_payment p[2];
    pay(&p[0], "2026-03-01", INT64_MAX);
    pay(&p[1], "2026-03-02", INT64_MAX);
    assert_true(zz_fee_paid(3600000, p, 2));
    assert_true(zz_fee_outstanding(INT64_MIN, p, 2) == INT64_MIN);
    pay(&p[0], "2026-03-01", INT64_MIN);
    assert_false(zz_fee_paid(3600000, p, 1));
    assert_true(zz_fee_outstanding(3600000, p, 1) == INT64_MAX);
}

static void test_fee__r3_3_paid_on_is_the_day_payments_first_cover_for_good(void **state)
{
    (void)state;
    zz_fee_payment p[4];
    zz_date d = ZZ_DATE(1, 1, 1);
    char buf[ZZ_DATE_STRLEN];
    /* listed out of order: the date order decides */
    pay(&p[0], "2026-03-20", 1500000);
    pay(&p[1], "2026-03-01", 2100000);
    assert_true(zz_fee_paid_on(&d, 3600000, p, 2));
    assert_string_equal(zz_date_format(d, buf), "2026-03-20");
    /* a refund on 03-25 uncovers it; the next payment on 04-02 covers it again */
    pay(&p[2], "2026-03-25", -1);
    assert_false(zz_fee_paid_on(&d, 3600000, p, 3));
    pay(&p[3], "2026-04-02", 1);
    assert_true(zz_fee_paid_on(&d, 3600000, p, 4));
    assert_string_equal(zz_date_format(d, buf), "2026-04-02");
    /* two payments on the same day: covered at the end of that day */
    pay(&p[0], "2026-05-10", -5);
    pay(&p[1], "2026-05-10", 3600005);
    assert_true(zz_fee_paid_on(&d, 3600000, p, 2));
    assert_string_equal(zz_date_format(d, buf), "2026-05-10");
    /* nothing to pay: true, date untouched */
    d = ZZ_DATE(2000, 1, 1);
    assert_true(zz_fee_paid_on(&d, 0, NULL, 0));
    assert_string_equal(zz_date_format(d, buf), "2000-01-01");
}

static void test_fee__money_format_groups_thousands_with_two_decimals(void **state)
{
    (void)state;
    char b[ZZ_MONEY_STRLEN];
    assert_string_equal(zz_money_format(b, 3600000), "36,000.00");
    assert_string_equal(zz_money_format(b, 2100000), "21,000.00");
    assert_string_equal(zz_money_format(b, 0), "0.00");
    assert_string_equal(zz_money_format(b, 5), "0.05");
    assert_string_equal(zz_money_format(b, 50), "0.50");
    assert_string_equal(zz_money_format(b, -5), "-0.05");
    assert_string_equal(zz_money_format(b, 99999), "999.99");
    assert_string_equal(zz_money_format(b, 100000), "1,000.00");
    assert_string_equal(zz_money_format(b, 123456789012), "1,234,567,890.12");
    assert_string_equal(zz_money_format(b, -3600000), "-36,000.00");
    assert_string_equal(zz_money_format(b, INT64_MAX), "92,233,720,368,547,758.07");
    assert_string_equal(zz_money_format(b, INT64_MIN), "-92,233,720,368,547,758.08");
    assert_true(strlen(b) < ZZ_MONEY_STRLEN);
}

static void assert_money(const char *s, int64_t want)
{
    int64_t v = 12345;
    zz_err err = ZZ_ERR_INIT;
    if (zz_money_parse(&v, s, &err) != ZZ_OK) fail_msg("\"%s\" refused: %s", s, err.message);
    assert_true(v == want);
}

static void assert_money_refused(const char *s)
{
    int64_t v = 12345;
    zz_err err = ZZ_ERR_INIT;
    if (zz_money_parse(&v, s, &err) != ZZ_EINVAL)
        fail_msg("\"%s\" accepted as %lld", s, (long long)v);
    assert_string_equal(err.code, "input.money");
    assert_true(v == 12345);
}

static void test_fee__money_parse_is_exact_and_strict(void **state)
{
    (void)state;
    assert_money("36000", 3600000);
    assert_money("36,000.00", 3600000);
    assert_money("36000.5", 3600050);
    assert_money("0.05", 5);
    assert_money("-12.30", -1230);
    assert_money("1,234,567.89", 123456789);
    assert_money("0", 0);
    assert_money("92233720368547758.07", INT64_MAX);
    assert_money_refused("92233720368547758.08");
    assert_money_refused("36,00");
    assert_money_refused("1,2345");
    assert_money_refused("1234,567");
    assert_money_refused(",100");
    assert_money_refused("100,");
    assert_money_refused("1.234");
    assert_money_refused("36000.");
    assert_money_refused(".5");
    assert_money_refused("1e5");
    assert_money_refused(" 1");
    assert_money_refused("");
    assert_money_refused("-");
    assert_money_refused(NULL);
    /* every formatted amount parses back */
    const int64_t samples[] = {0, 1, 99, 100, 3600000, -3600000, 123456789012, INT64_MAX};
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
        char b[ZZ_MONEY_STRLEN];
        assert_money(zz_money_format(b, samples[i]), samples[i]);
    }
}

static void test_fee__r2_1_application_type_tokens(void **state)
{
    (void)state;
    zz_app_type t;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_app_type_parse(&t, "initial", &err), ZZ_OK);
    assert_int_equal(t, ZZ_APP_INITIAL);
    assert_int_equal(zz_app_type_parse(&t, "maintenance", &err), ZZ_OK);
    assert_int_equal(t, ZZ_APP_MAINTENANCE);
    assert_int_equal(zz_app_type_parse(&t, "Initial", &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.app_type");
    assert_string_equal(zz_app_type_code(ZZ_APP_MAINTENANCE), "maintenance");
    assert_string_equal(zz_app_type_name_zh(ZZ_APP_INITIAL), "初次申请");
    assert_string_equal(zz_app_type_name_zh(ZZ_APP_MAINTENANCE), "维持申请");
    assert_null(zz_app_type_code((zz_app_type)0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fee__r9_1_shipped_initial_level1_is_21000_plus_15000),
        cmocka_unit_test(test_fee__r9_1_shipped_maintenance_level1_is_the_same),
        cmocka_unit_test(test_fee__r9_1_missing_entry_is_not_found),
        cmocka_unit_test(test_fee__r9_1_other_categories_and_levels_load_as_data),
        cmocka_unit_test(test_fee__r9_1_float_amount_refused_with_json_path),
        cmocka_unit_test(test_fee__r9_1_schedule_shape_errors_name_the_path),
        cmocka_unit_test(test_fee__r9_1_duplicates_refused),
        cmocka_unit_test(test_fee__r9_1_total_overflow_refused),
        cmocka_unit_test(test_fee__r9_1_load_errors_name_the_file),
        cmocka_unit_test(test_fee__r9_2_paid_when_payments_cover_invoice),
        cmocka_unit_test(test_fee__r9_2_refund_counts_against_payments),
        cmocka_unit_test(test_fee__r9_2_outstanding_saturates_instead_of_overflowing),
        cmocka_unit_test(test_fee__r3_3_paid_on_is_the_day_payments_first_cover_for_good),
        cmocka_unit_test(test_fee__money_format_groups_thousands_with_two_decimals),
        cmocka_unit_test(test_fee__money_parse_is_exact_and_strict),
        cmocka_unit_test(test_fee__r2_1_application_type_tokens),
    };
    return cmocka_run_group_tests_name("fee", tests, NULL, NULL);
}
