/*
 * test_assess_case.c — the assessment actions of a case on a real SQLite file (R-3.4, R-3.7,
 * audit plan, activities, ratings, rectification with its pause and the
 * re-rating it forces, and the team conclusion with its gates. Every refusal asserts its code and
 * that nothing was written (fx_snapshot: the tables of the stage, the case row, the audit log).
 */
#include "assess_fixture.h"

#include <jansson.h>

#define SNAP(f, buf) fx_snapshot((f), (buf), sizeof(buf))

/* ---- audit plan (R-3.4 审核计划) ------------------------------------------------------------- */

static void test_assess_case__r3_4_plan_starts_the_assessment(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    int64_t audit0 = fx_count(f, "SELECT COUNT(*) FROM audit_log");
    fx_as(f, "lead");
    fx_ok(zz_case_plan(f->cx, f->case_id, "审核计划：文档审查、人员访谈、实际操作",
                       ZZ_DATE(2026, 6, 1), &err),
          &err, "plan"); /* the very day the case entered assessment */
    zz_case c;
    fx_case(f, &c);
    assert_string_equal(c.stage, "assessment");
    assert_string_equal(c.state, "in_progress");
    zz_audit_plan p;
    fx_ok(zz_case_audit_plan(f->cx, f->case_id, &p, &err), &err, "plan read");
    assert_true(p.exists);
    assert_string_equal(p.content, "审核计划：文档审查、人员访谈、实际操作");
    assert_string_equal(p.agreed_on, "2026-06-01");
    free(p.content);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log"), audit0 + 1);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'case.plan'"
                                 " AND actor = 'lead' AND obj_type = 'case'"),
                     1);
}

static void test_assess_case__r3_4_plan_refusals_write_nothing(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    char before[1024];
    SNAP(f, before);
    fx_as(f, "asr"); /* R-0 section: the plan is the project lead's */
    FX_REFUSED(f, before, zz_case_plan(f->cx, f->case_id, "计划", FX_TODAY, &err), ZZ_EPERM,
               "auth.role", err);
    fx_as(f, "lead");
    FX_REFUSED(f, before, zz_case_plan(f->cx, f->case_id, "  \n", FX_TODAY, &err), ZZ_EINVAL,
               "input.content", err);
    FX_REFUSED(f, before, zz_case_plan(f->cx, f->case_id, "计划", ZZ_DATE(2026, 6, 16), &err),
               ZZ_EINVAL, "input.date", err); /* tomorrow */
    FX_REFUSED(f, before, zz_case_plan(f->cx, f->case_id, "计划", ZZ_DATE(2026, 5, 31), &err),
               ZZ_EINVAL, "input.date", err); /* the day before the case entered assessment */
    FX_REFUSED(f, before, zz_case_plan(f->cx, f->case_id, "计划", ZZ_DATE(2026, 2, 30), &err),
               ZZ_EINVAL, "input.date", err);
    fx_ok(zz_case_plan(f->cx, f->case_id, "计划", FX_TODAY, &err), &err, "plan");
    SNAP(f, before);
    FX_REFUSED(f, before, zz_case_plan(f->cx, f->case_id, "计划二", FX_TODAY, &err), ZZ_ESTATE,
               "case.state", err);
}

/* ---- activities (R-3.4, R-1.6) ------------------------------------------------------------- */

static void test_assess_case__r3_4_activity_records_method_items_and_findings(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    fx_as(f, "lead");
    fx_ok(zz_case_plan(f->cx, f->case_id, "计划", ZZ_DATE(2026, 6, 2), &err), &err, "plan");
    fx_as(f, "asr");
    const char *items[] = {"3.3-1.BP1", "3.3-1", "3.3-1.BP1", "3.2.1-1"};
    int64_t aid = 0;
    fx_ok(zz_case_record_activity(f->cx, f->case_id, "interview", ZZ_DATE(2026, 6, 12),
                                  "张伟（评估师）；李娜（申请单位安全负责人）", items, 4, NULL,
                                  "安全负责人能说明模型评测流程", &aid, &err),
          &err, "activity");
    assert_true(aid > 0);
    zz_activity *a = NULL;
    size_t n = 0;
    fx_as(f, "app"); /* the applicant sees its own case's activities */
    fx_ok(zz_case_activities(f->cx, f->case_id, &a, &n, &err), &err, "list");
    assert_int_equal(n, 1);
    assert_string_equal(a[0].method, "interview");
    assert_string_equal(a[0].held_on, "2026-06-12");
    assert_string_equal(a[0].recorded_by_name, "asr");
    assert_string_equal(a[0].evidence, "");
    assert_int_equal(a[0].n_items, 3); /* duplicates recorded once */
    assert_string_equal(a[0].items[0], "3.2.1-1");
    assert_string_equal(a[0].items[1], "3.3-1");
    assert_string_equal(a[0].items[2], "3.3-1.BP1");
    zz_activities_free(a, n);
}

static void test_assess_case__r3_4_activity_refusals_write_nothing(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    const char *ok_items[] = {"3.1-1"};
    const char *bad_items[] = {"3.1-1", "3.2.3-5"}; /* 3.2.3-5 is not in this catalogue */
    char before[1024];
    SNAP(f, before);
    fx_as(f, "asr"); /* before the plan: planning */
    FX_REFUSED(f, before,
               zz_case_record_activity(f->cx, f->case_id, "interview", FX_TODAY, "张伟", ok_items,
                                       1, NULL, "发现", NULL, &err),
               ZZ_ESTATE, "case.state", err);
    fx_as(f, "lead");
    fx_ok(zz_case_plan(f->cx, f->case_id, "计划", FX_TODAY, &err), &err, "plan");
    SNAP(f, before);
    fx_as(f, "asr");
    FX_REFUSED(f, before,
               zz_case_record_activity(f->cx, f->case_id, "audit", FX_TODAY, "张伟", ok_items, 1,
                                       NULL, "发现", NULL, &err),
               ZZ_EINVAL, "input.method", err);
    FX_REFUSED(f, before,
               zz_case_record_activity(f->cx, f->case_id, "interview", FX_TODAY, "张伟", bad_items,
                                       2, NULL, "发现", NULL, &err),
               ZZ_EINVAL, "input.item", err);
    FX_REFUSED(f, before,
               zz_case_record_activity(f->cx, f->case_id, "interview", FX_TODAY, "张伟", ok_items,
                                       0, NULL, "发现", NULL, &err),
               ZZ_EINVAL, "input.item", err);
    FX_REFUSED(f, before,
               zz_case_record_activity(f->cx, f->case_id, "interview", ZZ_DATE(2026, 6, 16), "张伟",
                                       ok_items, 1, NULL, "发现", NULL, &err),
               ZZ_EINVAL, "input.date", err);
    FX_REFUSED(f, before,
               zz_case_record_activity(f->cx, f->case_id, "interview", FX_TODAY, " ", ok_items, 1,
                                       NULL, "发现", NULL, &err),
               ZZ_EINVAL, "input.participants", err);
    FX_REFUSED(f, before,
               zz_case_record_activity(f->cx, f->case_id, "interview", FX_TODAY, "张伟", ok_items,
                                       1, NULL, "", NULL, &err),
               ZZ_EINVAL, "input.findings", err);
    fx_as(f, "asr2"); /* an assessor not assigned to the case does not see it */
    FX_REFUSED(f, before,
               zz_case_record_activity(f->cx, f->case_id, "interview", FX_TODAY, "张伟", ok_items,
                                       1, NULL, "发现", NULL, &err),
               ZZ_ENOTFOUND, "case.not_found", err);
    fx_as(f, "exp1"); /* an expert records no activity */
    FX_REFUSED(f, before,
               zz_case_record_activity(f->cx, f->case_id, "interview", FX_TODAY, "张伟", ok_items,
                                       1, NULL, "发现", NULL, &err),
               ZZ_EPERM, "auth.role", err);
}

/* ---- ratings (R-3.4) ----------------------------------------------------------------------- */

static void test_assess_case__r3_4_rating_replaces_and_fits_the_scale(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    char before[1024];
    fx_as(f, "asr");
    SNAP(f, before);
    FX_REFUSED(f, before, zz_case_rate(f->cx, f->case_id, "3.1-1", ZZ_RATING_CONFORMS, NULL, &err),
               ZZ_ESTATE, "case.state", err); /* not before the plan */
    fx_as(f, "lead");
    fx_ok(zz_case_plan(f->cx, f->case_id, "计划", FX_TODAY, &err), &err, "plan");
    fx_as(f, "asr");
    SNAP(f, before);
    FX_REFUSED(f, before, zz_case_rate(f->cx, f->case_id, "3.1-1", ZZ_RATING_PERFORMED, NULL, &err),
               ZZ_EINVAL, "input.rating", err);
    FX_REFUSED(f, before, zz_case_rate(f->cx, f->case_id, "3.3-1", ZZ_RATING_PERFORMED, NULL, &err),
               ZZ_EINVAL, "input.rating", err);
    FX_REFUSED(f, before,
               zz_case_rate(f->cx, f->case_id, "3.3-1.BP2", ZZ_RATING_NOT_APPLICABLE, "", &err),
               ZZ_EINVAL, "input.justification", err);
    FX_REFUSED(f, before,
               zz_case_rate(f->cx, f->case_id, "3.2.3-5", ZZ_RATING_CONFORMS, NULL, &err),
               ZZ_EINVAL, "input.item", err);
    fx_as(f, "exp1");
    FX_REFUSED(f, before, zz_case_rate(f->cx, f->case_id, "3.1-1", ZZ_RATING_CONFORMS, NULL, &err),
               ZZ_EPERM, "auth.role", err);

    fx_as(f, "asr");
    fx_ok(zz_case_rate(f->cx, f->case_id, "3.3-1.BP2", ZZ_RATING_PARTIAL, NULL, &err), &err, "r1");
    fx_as(f, "lead"); /* the lead may rate too; a new rating replaces the previous one */
    fx_ok(zz_case_rate(f->cx, f->case_id, "3.3-1.BP2", ZZ_RATING_NOT_APPLICABLE,
                       "申请单位不提供模型训练服务", &err),
          &err, "r2");
    zz_rating_rec *r = NULL;
    size_t n = 0;
    fx_ok(zz_case_ratings(f->cx, f->case_id, &r, &n, &err), &err, "ratings");
    assert_int_equal(n, 1);
    assert_string_equal(r[0].item_id, "3.3-1.BP2");
    assert_int_equal(r[0].rating, ZZ_RATING_NOT_APPLICABLE);
    assert_string_equal(r[0].justification, "申请单位不提供模型训练服务");
    assert_string_equal(r[0].rated_by_name, "lead");
    assert_string_equal(r[0].rated_on, "2026-06-15");
    zz_rating_recs_free(r, n);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'case.rate'"), 2);
}

/* ---- rectification (R-3.4 default) and its pause (R-3.7) ------------------------------------- */

static void test_assess_case__r3_7_rectification_pauses_until_the_last_one_is_done(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    fx_plan_and_rate_all(f);
    fx_as(f, "asr");
    fx_ok(zz_case_rate(f->cx, f->case_id, "3.3-1.BP3", ZZ_RATING_NOT_PERFORMED, NULL, &err), &err,
          "bp3");
    fx_ok(zz_case_rate(f->cx, f->case_id, "3.2.1-2", ZZ_RATING_PARTIAL, NULL, &err), &err,
          "3.2.1-2");
    fx_as(f, "lead");
    int64_t r1 = 0, r2 = 0;
    fx_ok(zz_case_request_rectification(f->cx, f->case_id, "3.3-1.BP3", "补充红队测试记录",
                                        ZZ_DATE(2026, 6, 30), &r1, &err),
          &err, "rect 1");
    fx_ok(zz_case_request_rectification(f->cx, f->case_id, "3.2.1-2", "补充保密协议", FX_TODAY, &r2,
                                        &err),
          &err, "rect 2"); /* a deadline of today is allowed */
    /* A2: one open pause "rectification", started today */
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM case_pauses WHERE cause = 'rectification'"),
                     1);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM case_pauses WHERE cause = 'rectification'"
                                 " AND started_on = '2026-06-15' AND ended_on IS NULL"),
                     1);
    /* the team cannot conclude while a rectification is open */
    char before[1024];
    fx_as(f, "asr");
    fx_ok(zz_case_rate(f->cx, f->case_id, "3.3-1.BP3", ZZ_RATING_PERFORMED, NULL, &err), &err,
          "bp3 again");
    fx_ok(zz_case_rate(f->cx, f->case_id, "3.2.1-2", ZZ_RATING_CONFORMS, NULL, &err), &err,
          "3.2.1-2 again");
    fx_as(f, "lead");
    SNAP(f, before);
    FX_REFUSED(f, before, zz_case_conclude(f->cx, f->case_id, ZZ_VERDICT_MET, NULL, &err), ZZ_ERULE,
               "gate.rectification_open", err);

    /* the first one done on 06-20: the pause stays open while the second is open */
    f->cx->clock = zz_clock_fixed(ZZ_DATE(2026, 6, 22));
    fx_ok(zz_case_rectification_done(f->cx, f->case_id, r1, ZZ_DATE(2026, 6, 20), &err), &err,
          "done 1");
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM case_pauses WHERE ended_on IS NULL"), 1);
    /* the item rectified must be rated again */
    assert_int_equal(fx_count(f, "SELECT rerate FROM ratings WHERE item_id = '3.3-1.BP3'"), 1);
    SNAP(f, before);
    FX_REFUSED(f, before, zz_case_rectification_done(f->cx, f->case_id, r1, FX_TODAY, &err),
               ZZ_ESTATE, "rectification.resolved", err);
    FX_REFUSED(f, before, zz_case_rectification_done(f->cx, f->case_id, 999, FX_TODAY, &err),
               ZZ_ENOTFOUND, "rectification.not_found", err);
    FX_REFUSED(f, before,
               zz_case_rectification_done(f->cx, f->case_id, r2, ZZ_DATE(2026, 6, 14), &err),
               ZZ_EINVAL, "input.date", err); /* before it was requested */
    FX_REFUSED(f, before,
               zz_case_rectification_done(f->cx, f->case_id, r2, ZZ_DATE(2026, 6, 23), &err),
               ZZ_EINVAL, "input.date", err); /* in the future */
    fx_ok(zz_case_rectification_done(f->cx, f->case_id, r2, ZZ_DATE(2026, 6, 21), &err), &err,
          "done 2");
    /* the last one closed: the pause ends that day, 6 whole days paused [06-15, 06-21) */
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM case_pauses WHERE cause = 'rectification'"
                                 " AND started_on = '2026-06-15' AND ended_on = '2026-06-21'"),
                     1);
    zz_rectification *rs = NULL;
    size_t n = 0;
    fx_ok(zz_case_rectifications(f->cx, f->case_id, &rs, &n, &err), &err, "list");
    assert_int_equal(n, 2);
    assert_string_equal(rs[0].item_id, "3.3-1.BP3");
    assert_string_equal(rs[0].deadline, "2026-06-30");
    assert_string_equal(rs[0].resolved_on, "2026-06-20");
    assert_string_equal(rs[1].resolved_on, "2026-06-21");
    zz_rectifications_free(rs, n);

    /* rerate blocks the conclusion (A3) until the items are rated again */
    SNAP(f, before);
    FX_REFUSED(f, before, zz_case_conclude(f->cx, f->case_id, ZZ_VERDICT_MET, NULL, &err), ZZ_ERULE,
               "gate.unrated", err);
    assert_non_null(strstr(err.message, "2 items"));
    assert_non_null(strstr(err.message, "3.2.1-2, 3.3-1.BP3"));
    fx_as(f, "asr");
    fx_ok(zz_case_rate(f->cx, f->case_id, "3.3-1.BP3", ZZ_RATING_PERFORMED, NULL, &err), &err,
          "rerate bp3");
    fx_ok(zz_case_rate(f->cx, f->case_id, "3.2.1-2", ZZ_RATING_CONFORMS, NULL, &err), &err,
          "rerate 3.2.1-2");
    assert_int_equal(fx_count(f, "SELECT SUM(rerate) FROM ratings"), 0);
    fx_as(f, "lead");
    fx_ok(zz_case_conclude(f->cx, f->case_id, ZZ_VERDICT_MET, NULL, &err), &err, "conclude");
}

static void test_assess_case__r3_4_rectification_refusals_write_nothing(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    fx_plan_and_rate_all(f);
    char before[1024];
    SNAP(f, before);
    fx_as(f, "lead");
    FX_REFUSED(f, before,
               zz_case_request_rectification(f->cx, f->case_id, "3.1-1", "补充",
                                             ZZ_DATE(2026, 6, 14), NULL, &err),
               ZZ_EINVAL, "input.deadline", err);
    FX_REFUSED(f, before,
               zz_case_request_rectification(f->cx, f->case_id, "3.1-1", " ", FX_TODAY, NULL, &err),
               ZZ_EINVAL, "input.request", err);
    FX_REFUSED(
        f, before,
        zz_case_request_rectification(f->cx, f->case_id, "3.3-1", "补充", FX_TODAY, NULL, &err),
        ZZ_EINVAL, "input.item", err); /* a process area: name the practice */
    fx_as(f, "asr");
    FX_REFUSED(
        f, before,
        zz_case_request_rectification(f->cx, f->case_id, "3.1-1", "补充", FX_TODAY, NULL, &err),
        ZZ_EPERM, "auth.role", err);
}

/* ---- the team conclusion (R-3.4, R-1.5) ------------------------------------------------------ */

static void test_assess_case__r3_4_conclude_needs_every_item_rated(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    fx_as(f, "lead");
    fx_ok(zz_case_plan(f->cx, f->case_id, "计划", FX_TODAY, &err), &err, "plan");
    fx_as(f, "asr");
    fx_ok(zz_case_rate(f->cx, f->case_id, "3.1-1", ZZ_RATING_CONFORMS, NULL, &err), &err, "r");
    fx_as(f, "lead");
    char before[1024];
    SNAP(f, before);
    FX_REFUSED(f, before, zz_case_conclude(f->cx, f->case_id, ZZ_VERDICT_NOT_MET, "x", &err),
               ZZ_ERULE, "gate.unrated", err);
    /* how many and the first five ids, in guide order */
    assert_non_null(strstr(err.message, "9 items"));
    assert_non_null(strstr(err.message, "3.2.1-1, 3.2.1-2, 3.2.1-3, 3.2.2-1, 3.3-1.BP1, …"));
    assert_string_equal(err.rule, "R-3.4");
    fx_as(f, "asr"); /* only the lead concludes */
    FX_REFUSED(f, before, zz_case_conclude(f->cx, f->case_id, ZZ_VERDICT_MET, NULL, &err), ZZ_EPERM,
               "auth.role", err);
}

static void test_assess_case__r3_4_conclusion_differing_from_r1_5_needs_a_reason(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    fx_plan_and_rate_all(f); /* recommendation: met */
    fx_as(f, "lead");
    char before[1024];
    SNAP(f, before);
    FX_REFUSED(f, before, zz_case_conclude(f->cx, f->case_id, ZZ_VERDICT_NOT_MET, "  ", &err),
               ZZ_ERULE, "gate.reason_required", err);
    fx_ok(zz_case_conclude(f->cx, f->case_id, ZZ_VERDICT_NOT_MET,
                           "现场演示中发现模型评测记录系事后补录", &err),
          &err, "conclude");
    zz_case c;
    fx_case(f, &c);
    assert_string_equal(c.stage, "expert_review");
    assert_string_equal(c.state, "panel");
    zz_conclusion k;
    fx_ok(zz_case_conclusion(f->cx, f->case_id, &k, &err), &err, "read");
    assert_true(k.exists);
    assert_int_equal(k.recommendation, ZZ_VERDICT_MET);
    assert_int_equal(k.conclusion, ZZ_VERDICT_NOT_MET);
    assert_string_equal(k.reason, "现场演示中发现模型评测记录系事后补录");
    assert_string_equal(k.decided_on, "2026-06-15");
    assert_string_equal(k.decided_by_name, "lead");
    assert_int_equal(k.round, 1);
    json_t *o = json_loads(k.conformity, 0, NULL);
    assert_non_null(o);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(o, "recommendation"), "recommendation")),
        "met");
    json_t *ov = json_object_get(json_object_get(o, "conformity"), "overall");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(ov, "items"), "bp")),
                     10000);
    json_decref(o);
    zz_conclusion_clear(&k);
    /* the same conclusion twice: the case has left assessment */
    SNAP(f, before);
    FX_REFUSED(f, before, zz_case_conclude(f->cx, f->case_id, ZZ_VERDICT_MET, NULL, &err),
               ZZ_ESTATE, "case.state", err);
}

static void test_assess_case__r1_5_not_met_recommendation_agreed_without_reason(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    fx_plan_and_rate_all(f);
    fx_as(f, "asr");
    fx_ok(zz_case_rate(f->cx, f->case_id, "3.4-1.BP2", ZZ_RATING_PARTIAL, NULL, &err), &err, "r");
    fx_ok(zz_case_rate(f->cx, f->case_id, "3.2.2-1", ZZ_RATING_NOT_APPLICABLE, "不涉及", &err),
          &err, "na");
    zz_recommendation rec;
    zz_conformity conf;
    fx_ok(zz_case_assessment(f->cx, f->case_id, &rec, &conf, &err), &err, "assessment");
    assert_false(rec.met);
    assert_int_equal(rec.n_reasons, 1);
    assert_string_equal(rec.reasons[0].item_id, "3.4-1.BP2");
    assert_int_equal(conf.items.bp, 10000);    /* 4 of 4 applicable */
    assert_int_equal(conf.practices.bp, 8000); /* 4 of 5 */
    zz_recommendation_free(&rec);
    zz_conformity_free(&conf);
    fx_as(f, "lead");
    fx_ok(zz_case_conclude(f->cx, f->case_id, ZZ_VERDICT_NOT_MET, NULL, &err), &err, "conclude");
    zz_conclusion k;
    fx_ok(zz_case_conclusion(f->cx, f->case_id, &k, &err), &err, "read");
    assert_int_equal(k.recommendation, ZZ_VERDICT_NOT_MET);
    assert_null(k.reason);
    zz_conclusion_clear(&k);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'case.conclude'"),
                     1);
}

/* ---- OSCAL (R-1.7) -----------------------------------------------------------------------------
 */

static json_t *find_by(json_t *arr, const char *key, const char *value)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (json_is_string(json_object_get(v, key)) &&
            strcmp(json_string_value(json_object_get(v, key)), value) == 0)
            return v;
    }
    return NULL;
}

/* Writes doc to $ZZ_TEST_OSCAL_OUT/name when set, for checking with the OSCAL schema (ajv). */
static void keep(const char *name, const char *doc)
{
    const char *dir = getenv("ZZ_TEST_OSCAL_OUT");
    if (!dir || !*dir) return;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    if (fp) {
        fputs(doc, fp);
        fclose(fp);
    }
}

static void test_assess_case__r1_7_oscal_plan_and_results(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    fx_plan_and_rate_all(f);
    const char *items[] = {"3.3-1", "3.3-1.BP1", "3.3-1.BP2"};
    fx_as(f, "asr");
    fx_ok(zz_case_record_activity(f->cx, f->case_id, "document_review", ZZ_DATE(2026, 6, 11),
                                  "张伟、李娜", items, 3, "模型评测报告 v2", "评测流程文件齐全",
                                  NULL, &err),
          &err, "a1");
    fx_ok(zz_case_record_activity(f->cx, f->case_id, "demonstration", ZZ_DATE(2026, 6, 12),
                                  "张伟\n王芳（申请单位）", items + 2, 1, NULL,
                                  "现场复测红队用例通过率 96%", NULL, &err),
          &err, "a2");
    fx_ok(zz_case_rate(f->cx, f->case_id, "3.3-1.BP2", ZZ_RATING_PARTIAL, NULL, &err), &err, "r");
    fx_ok(zz_case_rate(f->cx, f->case_id, "3.2.2-1", ZZ_RATING_NOT_APPLICABLE, "不涉及该技术能力",
                       &err),
          &err, "na");
    fx_as(f, "lead");
    fx_ok(zz_case_conclude(f->cx, f->case_id, ZZ_VERDICT_NOT_MET, NULL, &err), &err, "conclude");

    char *plan = NULL, *plan2 = NULL, *res = NULL, *res2 = NULL;
    fx_ok(zz_assess_export_oscal_plan(f->cx, f->case_id, &plan, &err), &err, "plan");
    fx_ok(zz_assess_export_oscal_results(f->cx, f->case_id, &res, &err), &err, "results");
    fx_as(f, "mgr"); /* deterministic: another reader, the same bytes */
    fx_ok(zz_assess_export_oscal_plan(f->cx, f->case_id, &plan2, &err), &err, "plan 2");
    fx_ok(zz_assess_export_oscal_results(f->cx, f->case_id, &res2, &err), &err, "results 2");
    assert_string_equal(plan, plan2);
    assert_string_equal(res, res2);
    keep("assessment-plan.json", plan);
    keep("assessment-results.json", res);

    json_t *p = json_loads(plan, 0, NULL);
    assert_non_null(p);
    json_t *ap = json_object_get(p, "assessment-plan");
    assert_non_null(ap);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(ap, "metadata"), "oscal-version")),
        "1.1.3");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(ap, "metadata"), "last-modified")),
        "2026-06-15T00:00:00+08:00");
    json_t *acts = json_object_get(json_object_get(ap, "local-definitions"), "activities");
    assert_int_equal(json_array_size(acts), 3);
    json_t *ex = find_by(acts, "title", "文档审查");
    assert_non_null(ex);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(ex, "props"), 0), "value")),
                        "EXAMINE");
    json_t *sel = json_array_get(
        json_object_get(json_object_get(ap, "reviewed-controls"), "control-selections"), 0);
    assert_int_equal(json_array_size(json_object_get(sel, "include-controls")), 10);
    assert_int_equal(json_array_size(json_object_get(ap, "tasks")), 3); /* plan + 2 activities */
    json_decref(p);

    json_t *r = json_loads(res, 0, NULL);
    assert_non_null(r);
    json_t *result =
        json_array_get(json_object_get(json_object_get(r, "assessment-results"), "results"), 0);
    json_t *obs = json_object_get(result, "observations");
    assert_int_equal(json_array_size(obs), 2);
    json_t *o2 = find_by(obs, "collected", "2026-06-12T00:00:00+08:00");
    assert_non_null(o2);
    assert_string_equal(json_string_value(json_array_get(json_object_get(o2, "methods"), 0)),
                        "TEST");
    json_t *findings = json_object_get(result, "findings");
    assert_int_equal(json_array_size(findings), 10);
    json_t *bp2 = NULL, *na = NULL;
    size_t i;
    json_t *fv;
    json_array_foreach(findings, i, fv)
    {
        const char *tid =
            json_string_value(json_object_get(json_object_get(fv, "target"), "target-id"));
        if (strcmp(tid, "zz-3.3-1.BP2") == 0) bp2 = fv;
        if (strcmp(tid, "zz-3.2.2-1") == 0) na = fv;
    }
    assert_non_null(bp2);
    json_t *st = json_object_get(json_object_get(bp2, "target"), "status");
    assert_string_equal(json_string_value(json_object_get(st, "state")), "not-satisfied");
    assert_string_equal(json_string_value(json_object_get(st, "reason")), "fail");
    /* both activities covered BP2 */
    assert_int_equal(json_array_size(json_object_get(bp2, "related-observations")), 2);
    st = json_object_get(json_object_get(na, "target"), "status");
    assert_string_equal(json_string_value(json_object_get(st, "state")), "satisfied");
    assert_string_equal(json_string_value(json_object_get(st, "reason")), "not-applicable");
    json_t *rec = find_by(json_object_get(result, "props"), "name", "recommendation");
    assert_string_equal(json_string_value(json_object_get(rec, "value")), "not_met");
    json_t *pbp = find_by(json_object_get(result, "props"), "name", "conformity-practices-bp");
    assert_string_equal(json_string_value(json_object_get(pbp, "value")), "8000");
    json_decref(r);
    free(plan);
    free(plan2);
    free(res);
    free(res2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_assess_case__r3_4_plan_starts_the_assessment, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_assess_case__r3_4_plan_refusals_write_nothing,
                                        fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(
            test_assess_case__r3_4_activity_records_method_items_and_findings, fx_setup,
            fx_teardown),
        cmocka_unit_test_setup_teardown(test_assess_case__r3_4_activity_refusals_write_nothing,
                                        fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_assess_case__r3_4_rating_replaces_and_fits_the_scale,
                                        fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(
            test_assess_case__r3_7_rectification_pauses_until_the_last_one_is_done, fx_setup,
            fx_teardown),
        cmocka_unit_test_setup_teardown(test_assess_case__r3_4_rectification_refusals_write_nothing,
                                        fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_assess_case__r3_4_conclude_needs_every_item_rated,
                                        fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(
            test_assess_case__r3_4_conclusion_differing_from_r1_5_needs_a_reason, fx_setup,
            fx_teardown),
        cmocka_unit_test_setup_teardown(
            test_assess_case__r1_5_not_met_recommendation_agreed_without_reason, fx_setup,
            fx_teardown),
        cmocka_unit_test_setup_teardown(test_assess_case__r1_7_oscal_plan_and_results, fx_setup,
                                        fx_teardown),
    };
    return cmocka_run_group_tests_name("assess_case", tests, NULL, NULL);
}
