/*
 * test_checks.c — src/core/checks.c: the built-in data checks of, pure rules at
 * their date edges (expiry on the submission day, valid from the day after, failed acceptance
 * exactly 24 months before, leap days), the catalogue-driven evaluation, and the loader through a
 * real store with its visibility.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zizhi/catalog.h"
#include "zizhi/checks.h"
#include "zizhi/ctx.h"
#include "zizhi/org.h"
#include "zizhi/user.h"
#include "zizhi/uscc.h"

#define D(y, m, d) ZZ_DATE(y, m, d)
static const zz_date SUBMIT = {2026, 3, 1};

static zz_person holder(const char *name, zz_date from, zz_date until)
{
    return (zz_person){.name = (char *)name,
                       .employment = ZZ_EMPLOY_FULL_TIME,
                       .ai_security = true,
                       .cisp_number = "CISP-0001",
                       .cisp_valid_from = from,
                       .cisp_valid_until = until,
                       .nda_signed_on = D(2025, 1, 1),
                       .active = true};
}

static zz_project project(const char *name, zz_acceptance a, zz_date completed, zz_date accepted)
{
    return (zz_project){.name = (char *)name,
                        .ai_security = true,
                        .completed_on = completed,
                        .acceptance = a,
                        .accepted_on = accepted};
}

static zz_cat_check check_named(const char *name, const char *param, int64_t value,
                                zz_cat_param *slot)
{
    zz_cat_check c = {.name = (char *)name};
    if (param) {
        slot->name = (char *)param;
        slot->value = value;
        c.params = slot;
        c.n_params = 1;
    }
    return c;
}

static zz_check_result run(const zz_checks_data *d, const char *name, const char *param,
                           int64_t value, zz_date on)
{
    zz_cat_param slot;
    zz_cat_check c = check_named(name, param, value, &slot);
    zz_cat_req req = {.id = "3.2.x-1"};
    zz_check_result r;
    assert_int_equal(zz_check_run(d, &req, &c, on, &r, NULL), 0);
    return r;
}

/* ---- 3.2.3-5 CISP (R-1.3) ------------------------------------------------------------------ */

static void test_checks__r1_3_cisp_expiring_on_submission_date_counts(void **state)
{
    (void)state;
    zz_person p = holder("甲", D(2023, 3, 1), D(2026, 3, 1));
    assert_true(zz_check_cisp_counts(&p, SUBMIT));
    p.cisp_valid_until = D(2026, 2, 28); /* expired the day before */
    assert_false(zz_check_cisp_counts(&p, SUBMIT));
}

static void test_checks__r1_3_cisp_valid_from_day_after_does_not_count(void **state)
{
    (void)state;
    zz_person p = holder("乙", D(2026, 3, 2), D(2029, 3, 1));
    assert_false(zz_check_cisp_counts(&p, SUBMIT));
    p.cisp_valid_from = SUBMIT; /* valid from the submission day itself */
    assert_true(zz_check_cisp_counts(&p, SUBMIT));
}

static void test_checks__r1_3_cisp_counts_only_active_full_time_holders(void **state)
{
    (void)state;
    zz_person p = holder("丙", D(2025, 1, 1), D(2028, 1, 1));
    assert_true(zz_check_cisp_counts(&p, SUBMIT));
    p.employment = ZZ_EMPLOY_PART_TIME;
    assert_false(zz_check_cisp_counts(&p, SUBMIT));
    p.employment = ZZ_EMPLOY_CONTRACTOR;
    assert_false(zz_check_cisp_counts(&p, SUBMIT));
    p.employment = ZZ_EMPLOY_FULL_TIME;
    p.active = false;
    assert_false(zz_check_cisp_counts(&p, SUBMIT));
    p.active = true;
    p.cisp_number = NULL;
    assert_false(zz_check_cisp_counts(&p, SUBMIT));
}

static void test_checks__r1_3_cisp_fulltime_min_3_of_4_fails_with_text(void **state)
{
    (void)state;
    zz_person people[] = {
        holder("甲", D(2023, 3, 1), D(2026, 3, 1)), /* expires on the day: counts */
        holder("乙", D(2024, 1, 1), D(2027, 1, 1)), holder("丙", D(2024, 1, 1), D(2027, 1, 1)),
        holder("丁", D(2026, 3, 2), D(2029, 3, 1)), /* from the day after: does not */
    };
    zz_checks_data d = {.people = people, .n_people = 4};
    zz_check_result r = run(&d, "cisp_fulltime_min", "min", 4, SUBMIT);
    assert_false(r.pass);
    assert_string_equal(r.code, "check.cisp_fulltime_min");
    assert_string_equal(r.rule, "R-1.3");
    assert_string_equal(r.req_id, "3.2.x-1");
    assert_int_equal(r.found, 3);
    assert_int_equal(r.required, 4);
    assert_string_equal(r.message_zh,
                        "专职且在 2026-03-01 有效的 CISP 持证人员 3 名，少于要求的 4 名");
    assert_non_null(strstr(r.message_en, "fewer than the 4 required"));
    people[3].cisp_valid_from = SUBMIT;
    r = run(&d, "cisp_fulltime_min", "min", 4, SUBMIT);
    assert_true(r.pass);
    assert_int_equal(r.found, 4);
    /* one day later the first certificate has expired */
    r = run(&d, "cisp_fulltime_min", "min", 4, D(2026, 3, 2));
    assert_false(r.pass);
}

/* ---- 3.2.1-3 confidentiality agreements (R-1.3) -------------------------------------------- */

static void test_checks__r1_3_confidentiality_signed_on_the_date_counts(void **state)
{
    (void)state;
    zz_person p = holder("甲", D(2025, 1, 1), D(2028, 1, 1));
    p.nda_signed_on = SUBMIT;
    assert_true(zz_check_nda_ok(&p, SUBMIT));
    p.nda_signed_on = D(2026, 3, 2);
    assert_false(zz_check_nda_ok(&p, SUBMIT));
    p.nda_signed_on = ZZ_NO_DATE;
    assert_false(zz_check_nda_ok(&p, SUBMIT));
    p.ai_security = false; /* not related to AI security services: not required */
    assert_true(zz_check_nda_ok(&p, SUBMIT));
    p.ai_security = true;
    p.active = false; /* has left */
    assert_true(zz_check_nda_ok(&p, SUBMIT));
}

static void test_checks__r1_3_confidentiality_names_who_is_missing(void **state)
{
    (void)state;
    zz_person people[] = {
        holder("张三", D(2025, 1, 1), D(2028, 1, 1)),
        holder("李四", D(2025, 1, 1), D(2028, 1, 1)),
        holder("王五", D(2025, 1, 1), D(2028, 1, 1)),
    };
    people[1].nda_signed_on = ZZ_NO_DATE;
    people[2].nda_signed_on = D(2026, 3, 2);
    zz_checks_data d = {.people = people, .n_people = 3};
    zz_check_result r = run(&d, "confidentiality_agreements", NULL, 0, SUBMIT);
    assert_false(r.pass);
    assert_int_equal(r.found, 2);
    assert_string_equal(r.message_zh,
                        "2 名人工智能安全服务相关人员未在 2026-03-01 前签订保密合同：李四、王五");
    people[1].nda_signed_on = people[2].nda_signed_on = SUBMIT;
    r = run(&d, "confidentiality_agreements", NULL, 0, SUBMIT);
    assert_true(r.pass);
    assert_non_null(strstr(r.message_zh, "3 名"));
}

static void test_checks__r1_3_long_name_lists_are_cut_on_a_character(void **state)
{
    (void)state;
    enum { N = 80 };
    zz_person people[N];
    for (int i = 0; i < N; i++) {
        people[i] = holder("欧阳某某某", D(2025, 1, 1), D(2028, 1, 1));
        people[i].nda_signed_on = ZZ_NO_DATE;
    }
    zz_checks_data d = {.people = people, .n_people = N};
    zz_check_result r = run(&d, "confidentiality_agreements", NULL, 0, SUBMIT);
    assert_int_equal(r.found, N);
    assert_non_null(strstr(r.message_zh, "80 名"));
    assert_non_null(strstr(r.message_zh, "…"));
    assert_true(strlen(r.message_zh) < ZZ_CHECK_MSG_MAX);
}

/* ---- 3.2.6-1 completed projects (R-1.3) ---------------------------------------------------- */

static void test_checks__r1_3_completed_project_edges(void **state)
{
    (void)state;
    zz_project p = project("评估一", ZZ_ACCEPT_PASSED, SUBMIT, SUBMIT);
    assert_true(zz_check_project_completed(&p, SUBMIT)); /* completed and accepted that day */
    p.accepted_on = D(2026, 3, 2);
    assert_false(zz_check_project_completed(&p, SUBMIT)); /* accepted only after */
    p.accepted_on = SUBMIT;
    p.completed_on = D(2026, 3, 2);
    assert_false(zz_check_project_completed(&p, SUBMIT));
    p.completed_on = D(2025, 1, 1);
    p.ai_security = false;
    assert_false(zz_check_project_completed(&p, SUBMIT));
    p.ai_security = true;
    p.acceptance = ZZ_ACCEPT_FAILED;
    assert_false(zz_check_project_completed(&p, SUBMIT));
    p.acceptance = ZZ_ACCEPT_PENDING;
    p.accepted_on = ZZ_NO_DATE;
    assert_false(zz_check_project_completed(&p, SUBMIT));
}

static void test_checks__r1_3_completed_projects_min(void **state)
{
    (void)state;
    zz_project ps[] = {project("评估一", ZZ_ACCEPT_PENDING, ZZ_NO_DATE, ZZ_NO_DATE)};
    zz_checks_data d = {.projects = ps, .n_projects = 1};
    zz_check_result r = run(&d, "completed_projects_min", "min", 1, SUBMIT);
    assert_false(r.pass);
    assert_string_equal(r.code, "check.completed_projects_min");
    assert_string_equal(
        r.message_zh,
        "截至 2026-03-01 已完成并验收通过的人工智能安全服务项目 0 个，少于要求的 1 个");
    ps[0] = project("评估一", ZZ_ACCEPT_PASSED, D(2025, 12, 1), D(2025, 12, 20));
    r = run(&d, "completed_projects_min", "min", 1, SUBMIT);
    assert_true(r.pass);
    assert_int_equal(r.found, 1);
}

/* ---- 3.2.6-2 no failed acceptance within 24 months (R-1.3) --------------------------------- */

static void test_checks__r1_3_failed_exactly_24_months_before_counts(void **state)
{
    (void)state;
    /* boundary decision (checks.h): the day exactly 24 months before is within */
    zz_project p = project("失败项目", ZZ_ACCEPT_FAILED, D(2024, 2, 1), D(2024, 3, 1));
    assert_int_equal(zz_date_cmp(zz_check_window_start(SUBMIT, 24), D(2024, 3, 1)), 0);
    assert_true(zz_check_failed_within(&p, SUBMIT, 24));
    zz_checks_data d = {.projects = &p, .n_projects = 1};
    zz_check_result r = run(&d, "no_failed_acceptance_within", "months", 24, SUBMIT);
    assert_false(r.pass);
    assert_string_equal(r.code, "check.no_failed_acceptance_within");
    assert_int_equal(r.found, 1);
    assert_string_equal(r.message_zh, "2024-03-01 至 2026-03-01（24 个月内）有 1 个项目验收未通过："
                                      "失败项目（2024-03-01）");
}

static void test_checks__r1_3_failed_one_day_before_the_window_does_not_count(void **state)
{
    (void)state;
    zz_project p = project("旧项目", ZZ_ACCEPT_FAILED, D(2024, 2, 1), D(2024, 2, 29));
    assert_false(zz_check_failed_within(&p, SUBMIT, 24));
    zz_checks_data d = {.projects = &p, .n_projects = 1};
    zz_check_result r = run(&d, "no_failed_acceptance_within", "months", 24, SUBMIT);
    assert_true(r.pass);
    assert_string_equal(r.message_zh, "2024-03-01 至 2026-03-01（24 个月内）没有项目验收未通过");
}

static void test_checks__r1_3_failed_one_day_before_submission_counts(void **state)
{
    (void)state;
    zz_project p = project("近期项目", ZZ_ACCEPT_FAILED, D(2026, 2, 1), D(2026, 2, 28));
    assert_true(zz_check_failed_within(&p, SUBMIT, 24));
    p.accepted_on = SUBMIT; /* on the submission day itself */
    assert_true(zz_check_failed_within(&p, SUBMIT, 24));
    p.accepted_on = D(2026, 3, 2); /* after the submission: not before it */
    assert_false(zz_check_failed_within(&p, SUBMIT, 24));
    p.acceptance = ZZ_ACCEPT_PASSED;
    p.accepted_on = D(2026, 2, 28);
    assert_false(zz_check_failed_within(&p, SUBMIT, 24));
    /* a failure without a date cannot be placed outside the window */
    p.acceptance = ZZ_ACCEPT_FAILED;
    p.accepted_on = ZZ_NO_DATE;
    assert_true(zz_check_failed_within(&p, SUBMIT, 24));
}

static void test_checks__r1_3_leap_day_minus_24_months(void **state)
{
    (void)state;
    /* 2024-02-29 - 24 months = 2022-02-28 (clamped to the month's end) */
    zz_date leap = D(2024, 2, 29);
    assert_int_equal(zz_date_cmp(zz_check_window_start(leap, 24), D(2022, 2, 28)), 0);
    zz_project p = project("项目", ZZ_ACCEPT_FAILED, D(2022, 1, 1), D(2022, 2, 28));
    assert_true(zz_check_failed_within(&p, leap, 24));
    p.accepted_on = D(2022, 2, 27);
    assert_false(zz_check_failed_within(&p, leap, 24));
    /* submission 2026-02-28: a failure on 2024-02-29 is within, 2024-02-27 is not */
    zz_date feb28 = D(2026, 2, 28);
    assert_int_equal(zz_date_cmp(zz_check_window_start(feb28, 24), D(2024, 2, 28)), 0);
    p.accepted_on = D(2024, 2, 29);
    assert_true(zz_check_failed_within(&p, feb28, 24));
    p.accepted_on = D(2024, 2, 28);
    assert_true(zz_check_failed_within(&p, feb28, 24));
    p.accepted_on = D(2024, 2, 27);
    assert_false(zz_check_failed_within(&p, feb28, 24));
    /* and on 2026-03-01 the 2024-02-29 failure has left the window */
    p.accepted_on = D(2024, 2, 29);
    assert_false(zz_check_failed_within(&p, SUBMIT, 24));
}

/* ---- identity checks ----------------------------------------------------------------- */

static void test_checks__r1_2_uscc_and_legal_person(void **state)
{
    (void)state;
    zz_org o = {.name = "甲公司", .legal_person = true};
    zz_uscc_make(o.uscc, "91110108MA01ABCD1", NULL);
    zz_checks_data d = {.org = &o};
    zz_check_result r = run(&d, "uscc_valid", NULL, 0, SUBMIT);
    assert_true(r.pass);
    assert_string_equal(r.rule, "R-1.2");
    o.uscc[17] = o.uscc[17] == '0' ? '1' : '0';
    r = run(&d, "uscc_valid", NULL, 0, SUBMIT);
    assert_false(r.pass);
    assert_string_equal(r.code, "check.uscc_valid");
    r = run(&d, "legal_person_or_exception", NULL, 0, SUBMIT);
    assert_true(r.pass);
    o.legal_person = false;
    r = run(&d, "legal_person_or_exception", NULL, 0, SUBMIT);
    assert_false(r.pass);
    o.exception_reason = "授权分支机构";
    o.exception_evidence = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0";
    r = run(&d, "legal_person_or_exception", NULL, 0, SUBMIT);
    assert_true(r.pass);
    assert_non_null(strstr(r.message_zh, "受理审查时确认"));
}

static void test_checks__unknown_check_fails_and_bad_date_refused(void **state)
{
    (void)state;
    zz_checks_data d = {0};
    zz_check_result r = run(&d, "no_such_check", NULL, 0, SUBMIT);
    assert_false(r.pass);
    assert_string_equal(r.code, "check.unknown");
    zz_cat_check c = {.name = "uscc_valid"};
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_check_run(&d, NULL, &c, D(2026, 2, 30), &r, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.date");
}

/* ---- the shipped catalogue, pure and through the store ------------------------------------- */

static void test_checks__r1_3_shipped_catalogue_one_result_per_check_in_order(void **state)
{
    (void)state;
    zz_catalog *cat = NULL;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_catalog_load(&cat, "catalog/ai-security-1.json", &err), 0);
    zz_org o = {.name = "甲公司", .legal_person = true};
    zz_uscc_make(o.uscc, "91110108MA01ABCD1", NULL);
    zz_person people[4];
    for (int i = 0; i < 4; i++)
        people[i] = holder("持证人", D(2025, 1, 1), D(2028, 1, 1));
    zz_project ps[] = {project("评估", ZZ_ACCEPT_PASSED, D(2025, 6, 1), D(2025, 6, 30))};
    zz_checks_data d = {&o, people, 4, ps, 1};
    zz_check_result *r = NULL;
    size_t n = 0;
    assert_int_equal(zz_checks_eval_data(&d, cat, SUBMIT, &r, &n, &err), 0);
    assert_int_equal(n, 6);
    const char *want[][2] = {{"3.1-1", "uscc_valid"},
                             {"3.1-1", "legal_person_or_exception"},
                             {"3.2.1-3", "confidentiality_agreements"},
                             {"3.2.3-5", "cisp_fulltime_min"},
                             {"3.2.6-1", "completed_projects_min"},
                             {"3.2.6-2", "no_failed_acceptance_within"}};
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(r[i].req_id, want[i][0]);
        assert_string_equal(r[i].check, want[i][1]);
        assert_true(r[i].pass);
    }
    assert_int_equal(r[3].required, 4); /* the catalogue's parameter */
    assert_int_equal(r[5].required, 24);
    assert_int_equal(zz_checks_failed(r, n), 0);
    zz_checks_free(r);
    people[0].employment = ZZ_EMPLOY_PART_TIME;
    assert_int_equal(zz_checks_eval_data(&d, cat, SUBMIT, &r, &n, &err), 0);
    assert_int_equal(zz_checks_failed(r, n), 1);
    assert_false(r[3].pass);
    zz_checks_free(r);
    zz_catalog_free(cat);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void test_checks__r1_3_eval_from_the_store_and_r0_1_visibility(void **state)
{
    (void)state;
    setenv("ZIZHI_PW_FAST", "1", 1);
    char dir[] = "/tmp/zz-test-checks-XXXXXX";
    assert_non_null(mkdtemp(dir));
    zz_ctx *cx = NULL;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_ctx_open(&cx, dir, "catalog", zz_clock_fixed(SUBMIT), &err), 0);
    const zz_catalog *cat = NULL;
    assert_int_equal(zz_ctx_catalog(cx, "ai-security-1", NULL, &cat, &err), 0);
    char ua[ZZ_USCC_LEN + 1], ub[ZZ_USCC_LEN + 1];
    zz_uscc_make(ua, "91110108MA01ABCD1", NULL);
    zz_uscc_make(ub, "91310115MA1K4XYW2", NULL);
    zz_org_in a = {.name = "甲公司", .uscc = ua, .legal_person = true, .email = "a@example.cn"};
    zz_org_in b = {.name = "乙公司", .uscc = ub, .legal_person = true, .email = "b@example.cn"};
    int64_t oa = 0, ob = 0;
    zz_user_new admin_b = {
        .username = "admin.b", .display_name = "乙管理员", .password = "Correct-Horse-42"};
    assert_int_equal(zz_org_create(cx, &a, NULL, &oa, NULL, &err), 0);
    assert_int_equal(zz_org_create(cx, &b, &admin_b, &ob, NULL, &err), 0);
    for (int i = 0; i < 4; i++) {
        zz_person_in p = {.name = "持证人",
                          .employment = ZZ_EMPLOY_FULL_TIME,
                          .ai_security = true,
                          .cisp_number = "CISP",
                          .cisp_valid_from = D(2024, 1, 1),
                          .cisp_valid_until = i == 0 ? D(2026, 2, 28) : D(2027, 1, 1),
                          .nda_signed_on = D(2024, 1, 1)};
        assert_int_equal(zz_person_add(cx, oa, &p, NULL, &err), 0);
    }
    zz_project_in pj = {.name = "评估",
                        .ai_security = true,
                        .completed_on = D(2025, 5, 1),
                        .acceptance = ZZ_ACCEPT_PASSED,
                        .accepted_on = D(2025, 5, 2)};
    assert_int_equal(zz_project_add(cx, oa, &pj, NULL, &err), 0);
    pj.acceptance = ZZ_ACCEPT_FAILED;
    pj.completed_on = D(2024, 3, 1);
    pj.accepted_on = D(2024, 3, 1);
    assert_int_equal(zz_project_add(cx, oa, &pj, NULL, &err), 0);
    zz_check_result *r = NULL;
    size_t n = 0;
    assert_int_equal(zz_checks_eval(cx, oa, cat, SUBMIT, &r, &n, &err), 0);
    assert_int_equal(n, 6);
    assert_int_equal(zz_checks_failed(r, n), 2);
    assert_false(r[3].pass); /* one certificate expired on 2026-02-28 */
    assert_int_equal(r[3].found, 3);
    assert_false(r[5].pass); /* failed on 2024-03-01, exactly 24 months before */
    zz_checks_free(r);
    /* one day later the failure has left the window; the CISP shortfall remains */
    assert_int_equal(zz_checks_eval(cx, oa, cat, D(2026, 3, 2), &r, &n, &err), 0);
    assert_int_equal(zz_checks_failed(r, n), 1);
    assert_true(r[5].pass);
    zz_checks_free(r);
    /* another organisation's admin cannot learn anything about it */
    assert_int_equal(zz_ctx_act_as(cx, "admin.b", &err), 0);
    assert_int_equal(zz_checks_eval(cx, oa, cat, SUBMIT, &r, &n, &err), ZZ_ENOTFOUND);
    assert_string_equal(err.code, "org.not_found");
    assert_null(r);
    assert_int_equal(zz_checks_eval(cx, ob, cat, SUBMIT, &r, &n, &err), 0);
    assert_int_equal(zz_checks_failed(r, n), 2); /* no CISP holders, no project */
    zz_checks_free(r);
    zz_ctx_close(cx);
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checks__r1_3_cisp_expiring_on_submission_date_counts),
        cmocka_unit_test(test_checks__r1_3_cisp_valid_from_day_after_does_not_count),
        cmocka_unit_test(test_checks__r1_3_cisp_counts_only_active_full_time_holders),
        cmocka_unit_test(test_checks__r1_3_cisp_fulltime_min_3_of_4_fails_with_text),
        cmocka_unit_test(test_checks__r1_3_confidentiality_signed_on_the_date_counts),
        cmocka_unit_test(test_checks__r1_3_confidentiality_names_who_is_missing),
        cmocka_unit_test(test_checks__r1_3_long_name_lists_are_cut_on_a_character),
        cmocka_unit_test(test_checks__r1_3_completed_project_edges),
        cmocka_unit_test(test_checks__r1_3_completed_projects_min),
        cmocka_unit_test(test_checks__r1_3_failed_exactly_24_months_before_counts),
        cmocka_unit_test(test_checks__r1_3_failed_one_day_before_the_window_does_not_count),
        cmocka_unit_test(test_checks__r1_3_failed_one_day_before_submission_counts),
        cmocka_unit_test(test_checks__r1_3_leap_day_minus_24_months),
        cmocka_unit_test(test_checks__r1_2_uscc_and_legal_person),
        cmocka_unit_test(test_checks__unknown_check_fails_and_bad_date_refused),
        cmocka_unit_test(test_checks__r1_3_shipped_catalogue_one_result_per_check_in_order),
        cmocka_unit_test(test_checks__r1_3_eval_from_the_store_and_r0_1_visibility),
    };
    return cmocka_run_group_tests_name("checks", tests, NULL, NULL);
}
