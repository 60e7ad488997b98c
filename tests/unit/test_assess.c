/*
 * test_assess.c — the pure part of assessment: rating values and their scales, the
 * level-1 decision rule with its reasons, not_applicable handling, re-rating after a
 * rectification, and the degree of conformity in basis points per group and overall,
 * with their JSON. No database: catalogues are loaded from files and ratings built in memory.
 *
 * tests/data/catalog-assess.json: 3.1-1 (eligibility); 3.2.1-1..3 capability + 3.2.1-4 not
 * required; 3.2.2-1 capability; PA 3.3-1 (BP1..BP3); PA 3.3-2 not required (BP1, BP2);
 * PA 3.4-1 (BP1, BP2). Counting items: 5 requirements, 5 base practices.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "zizhi/assess.h"

#define MIN_PATH     "tests/data/catalog-min.json"
#define ASSESS_PATH  "tests/data/catalog-assess.json"
#define SHIPPED_PATH "catalog/ai-security-1.json"

static zz_catalog *load(const char *path)
{
    zz_catalog *cat = NULL;
    zz_err err = ZZ_ERR_INIT;
    if (zz_catalog_load(&cat, path, &err) != ZZ_OK)
        fail_msg("cannot load %s: %s", path, err.message);
    return cat;
}

static zz_rating_rec R(const char *id, zz_rating r, const char *why)
{
    zz_rating_rec x;
    memset(&x, 0, sizeof x);
    x.item_id = id;
    x.rating = r;
    x.justification = why;
    return x;
}

static zz_recommendation recommend(const zz_catalog *cat, const zz_rating_rec *r, size_t n)
{
    zz_recommendation rec;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_assess_recommend(cat, r, n, &rec, &err), ZZ_OK);
    return rec;
}

/* The minimal catalogue rated all positive. */
static void all_positive_min(zz_rating_rec out[4])
{
    out[0] = R("3.1-1", ZZ_RATING_CONFORMS, NULL);
    out[1] = R("3.2.3-5", ZZ_RATING_CONFORMS, NULL);
    out[2] = R("3.3-1.BP1", ZZ_RATING_PERFORMED, NULL);
    out[3] = R("3.3-1.BP2", ZZ_RATING_PERFORMED, NULL);
}

/* ---- rating values ------------------------------------------------------------------------- */

static void test_assess__r3_4_rating_codes_parse_and_chinese_names(void **state)
{
    (void)state;
    const char *codes[] = {"performed", "partial",      "not_performed",
                           "conforms",  "not_conforms", "not_applicable"};
    for (size_t i = 0; i < 6; i++) {
        zz_rating r = ZZ_RATING_NONE;
        assert_int_equal(zz_rating_parse(&r, codes[i], NULL), ZZ_OK);
        assert_string_equal(zz_rating_code(r), codes[i]);
    }
    zz_rating r;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_rating_parse(&r, "done", &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.rating");
    assert_null(zz_rating_code(ZZ_RATING_NONE));
    /* one token, two Chinese names: 部分实施 for a practice, 部分符合 for a requirement */
    assert_string_equal(zz_rating_name_zh(ZZ_RATING_PARTIAL, ZZ_ITEM_PRACTICE), "部分实施");
    assert_string_equal(zz_rating_name_zh(ZZ_RATING_PARTIAL, ZZ_ITEM_REQUIREMENT), "部分符合");
    assert_string_equal(zz_rating_name_zh(ZZ_RATING_PERFORMED, ZZ_ITEM_PRACTICE), "已实施");
    assert_string_equal(zz_rating_name_zh(ZZ_RATING_NOT_PERFORMED, ZZ_ITEM_PRACTICE), "未实施");
    assert_string_equal(zz_rating_name_zh(ZZ_RATING_CONFORMS, ZZ_ITEM_REQUIREMENT), "符合");
    assert_string_equal(zz_rating_name_zh(ZZ_RATING_NOT_CONFORMS, ZZ_ITEM_REQUIREMENT), "不符合");
    assert_string_equal(zz_rating_name_zh(ZZ_RATING_NOT_APPLICABLE, ZZ_ITEM_PRACTICE), "不适用");
}

static void test_assess__r3_4_rating_must_fit_the_item_kind(void **state)
{
    (void)state;
    zz_catalog *cat = load(MIN_PATH);
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_assess_item(cat, "3.1-1", NULL, NULL), ZZ_ITEM_REQUIREMENT);
    assert_int_equal(zz_assess_item(cat, "3.2.3-5", NULL, NULL), ZZ_ITEM_REQUIREMENT);
    assert_int_equal(zz_assess_item(cat, "3.3-1", NULL, NULL), ZZ_ITEM_PROCESS_AREA);
    assert_int_equal(zz_assess_item(cat, "3.3-1.BP2", NULL, NULL), ZZ_ITEM_PRACTICE);
    assert_int_equal(zz_assess_item(cat, "9.9-9", NULL, NULL), ZZ_ITEM_UNKNOWN);

    /* the right scale passes */
    assert_int_equal(zz_assess_check_rating(cat, "3.1-1", ZZ_RATING_CONFORMS, NULL, &err), 0);
    assert_int_equal(zz_assess_check_rating(cat, "3.2.3-5", ZZ_RATING_PARTIAL, NULL, &err), 0);
    assert_int_equal(zz_assess_check_rating(cat, "3.3-1.BP1", ZZ_RATING_NOT_PERFORMED, NULL, &err),
                     0);
    assert_int_equal(zz_assess_check_rating(cat, "3.3-1.BP1", ZZ_RATING_PARTIAL, NULL, &err), 0);
    /* the other scale is refused */
    assert_int_equal(zz_assess_check_rating(cat, "3.1-1", ZZ_RATING_PERFORMED, NULL, &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "input.rating");
    assert_int_equal(zz_assess_check_rating(cat, "3.3-1.BP1", ZZ_RATING_CONFORMS, NULL, &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "input.rating");
    assert_int_equal(zz_assess_check_rating(cat, "3.3-1.BP1", ZZ_RATING_NONE, NULL, &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "input.rating");
    /* a process area is judged through its base practices */
    assert_int_equal(zz_assess_check_rating(cat, "3.3-1", ZZ_RATING_PERFORMED, NULL, &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "input.rating");
    /* an id outside the case's catalogue */
    assert_int_equal(zz_assess_check_rating(cat, "3.2.1-1", ZZ_RATING_CONFORMS, NULL, &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "input.item");
    /* not_applicable needs a justification, blank text is none */
    assert_int_equal(zz_assess_check_rating(cat, "3.3-1.BP2", ZZ_RATING_NOT_APPLICABLE, NULL, &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "input.justification");
    assert_int_equal(
        zz_assess_check_rating(cat, "3.3-1.BP2", ZZ_RATING_NOT_APPLICABLE, " \t\n", &err),
        ZZ_EINVAL);
    assert_string_equal(err.code, "input.justification");
    assert_int_equal(zz_assess_check_rating(cat, "3.3-1.BP2", ZZ_RATING_NOT_APPLICABLE,
                                            "本单位不提供该类服务", &err),
                     0);
    zz_catalog_free(cat);
}

/* ---- recommendation ------------------------------------------------------------------ */

static void test_assess__r1_5_everything_positive_is_met(void **state)
{
    (void)state;
    zz_catalog *cat = load(MIN_PATH);
    zz_rating_rec r[4];
    all_positive_min(r);
    zz_recommendation rec = recommend(cat, r, 4);
    assert_true(rec.met);
    assert_int_equal(rec.n_items, 4);
    assert_int_equal(rec.n_rated, 4);
    assert_int_equal(rec.n_unrated, 0);
    assert_int_equal(rec.n_blocking, 0);
    assert_int_equal(rec.n_reasons, 0);
    zz_recommendation_free(&rec);
    zz_catalog_free(cat);
}

static void test_assess__r1_5_partial_practice_blocks_and_is_named(void **state)
{
    (void)state;
    zz_catalog *cat = load(MIN_PATH);
    zz_rating_rec r[4];
    all_positive_min(r);
    r[3].rating = ZZ_RATING_PARTIAL;
    zz_recommendation rec = recommend(cat, r, 4);
    assert_false(rec.met);
    assert_int_equal(rec.n_blocking, 1);
    assert_int_equal(rec.n_reasons, 1);
    assert_string_equal(rec.reasons[0].item_id, "3.3-1.BP2");
    assert_int_equal(rec.reasons[0].type, ZZ_ITEM_PRACTICE);
    assert_string_equal(rec.reasons[0].group_id, "3.3.1");
    assert_int_equal(rec.reasons[0].rating, ZZ_RATING_PARTIAL);
    assert_int_equal(rec.reasons[0].issue, ZZ_ISSUE_NOT_MET);
    char zh[200], en[200];
    zz_assess_reason_text(&rec.reasons[0], zh, sizeof zh, en, sizeof en);
    assert_string_equal(zh, "基本实践 3.3-1.BP2 评定为“部分实施”，未达到“已实施”");
    assert_string_equal(en, "base practice 3.3-1.BP2 is rated partial, not performed");
    zz_recommendation_free(&rec);
    zz_catalog_free(cat);
}

static void test_assess__r1_5_partially_conforming_requirement_blocks(void **state)
{
    (void)state;
    zz_catalog *cat = load(MIN_PATH);
    zz_rating_rec r[4];
    all_positive_min(r);
    r[1].rating = ZZ_RATING_PARTIAL; /* 3.2.3-5: e.g. only 3 valid CISP holders */
    zz_recommendation rec = recommend(cat, r, 4);
    assert_false(rec.met);
    assert_int_equal(rec.n_reasons, 1);
    assert_string_equal(rec.reasons[0].item_id, "3.2.3-5");
    assert_int_equal(rec.reasons[0].type, ZZ_ITEM_REQUIREMENT);
    char zh[200], en[200];
    zz_assess_reason_text(&rec.reasons[0], zh, sizeof zh, en, sizeof en);
    assert_string_equal(zh, "要求项 3.2.3-5 评定为“部分符合”，未达到“符合”");
    zz_recommendation_free(&rec);
    /* not_conforms too */
    r[1].rating = ZZ_RATING_NOT_CONFORMS;
    rec = recommend(cat, r, 4);
    assert_false(rec.met);
    assert_int_equal(rec.reasons[0].rating, ZZ_RATING_NOT_CONFORMS);
    zz_recommendation_free(&rec);
    zz_catalog_free(cat);
}

static void test_assess__r1_5_unrated_items_are_listed_in_guide_order(void **state)
{
    (void)state;
    zz_catalog *cat = load(MIN_PATH);
    zz_rating_rec r[1] = {R("3.3-1.BP1", ZZ_RATING_PERFORMED, NULL)};
    zz_recommendation rec = recommend(cat, r, 1);
    assert_false(rec.met);
    assert_int_equal(rec.n_items, 4);
    assert_int_equal(rec.n_rated, 1);
    assert_int_equal(rec.n_unrated, 3);
    assert_int_equal(rec.n_blocking, 0);
    assert_int_equal(rec.n_reasons, 3);
    assert_string_equal(rec.reasons[0].item_id, "3.1-1");
    assert_string_equal(rec.reasons[1].item_id, "3.2.3-5");
    assert_string_equal(rec.reasons[2].item_id, "3.3-1.BP2");
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(rec.reasons[i].issue, ZZ_ISSUE_UNRATED);
        assert_int_equal(rec.reasons[i].rating, ZZ_RATING_NONE);
    }
    zz_recommendation_free(&rec);
    /* no ratings at all: every counting item is a reason */
    rec = recommend(cat, NULL, 0);
    assert_false(rec.met);
    assert_int_equal(rec.n_unrated, 4);
    zz_recommendation_free(&rec);
    zz_catalog_free(cat);
}

/* Decision (assess.h): a justified not_applicable does not block level 1. */
static void test_assess__r1_5_justified_not_applicable_does_not_block(void **state)
{
    (void)state;
    zz_catalog *cat = load(MIN_PATH);
    zz_rating_rec r[4];
    all_positive_min(r);
    r[3] = R("3.3-1.BP2", ZZ_RATING_NOT_APPLICABLE, "本单位不提供模型训练服务");
    zz_recommendation rec = recommend(cat, r, 4);
    assert_true(rec.met);
    assert_int_equal(rec.n_rated, 4);
    zz_recommendation_free(&rec);
    zz_catalog_free(cat);
}

static void test_assess__r1_5_not_applicable_without_justification_blocks(void **state)
{
    (void)state;
    zz_catalog *cat = load(MIN_PATH);
    zz_rating_rec r[4];
    all_positive_min(r);
    r[0] = R("3.1-1", ZZ_RATING_NOT_APPLICABLE, "   ");
    zz_recommendation rec = recommend(cat, r, 4);
    assert_false(rec.met);
    assert_int_equal(rec.n_blocking, 1);
    assert_int_equal(rec.reasons[0].issue, ZZ_ISSUE_NO_JUSTIFICATION);
    assert_string_equal(rec.reasons[0].item_id, "3.1-1");
    zz_recommendation_free(&rec);
    zz_catalog_free(cat);
}

/* an item rectified since its rating counts as unrated until it is rated again. */
static void test_assess__r3_4_rectified_item_awaits_rerating(void **state)
{
    (void)state;
    zz_catalog *cat = load(MIN_PATH);
    zz_rating_rec r[4];
    all_positive_min(r);
    r[2].rerate = true;
    zz_recommendation rec = recommend(cat, r, 4);
    assert_false(rec.met);
    assert_int_equal(rec.n_unrated, 1);
    assert_int_equal(rec.n_rated, 3);
    assert_int_equal(rec.reasons[0].issue, ZZ_ISSUE_RERATE);
    assert_string_equal(rec.reasons[0].item_id, "3.3-1.BP1");
    zz_recommendation_free(&rec);
    zz_catalog_free(cat);
}

/* A value of the other scale (bad data) never counts as met; ids outside the catalogue and
 * ratings of the process area itself are ignored. */
static void test_assess__r1_5_wrong_scale_and_foreign_ids(void **state)
{
    (void)state;
    zz_catalog *cat = load(MIN_PATH);
    zz_rating_rec r[6];
    all_positive_min(r);
    r[2].rating = ZZ_RATING_CONFORMS; /* a practice rated on the requirement scale */
    r[4] = R("9.9-9", ZZ_RATING_NOT_CONFORMS, NULL);
    r[5] = R("3.3-1", ZZ_RATING_NOT_PERFORMED, NULL);
    zz_recommendation rec = recommend(cat, r, 6);
    assert_false(rec.met);
    assert_int_equal(rec.n_reasons, 1);
    assert_string_equal(rec.reasons[0].item_id, "3.3-1.BP1");
    assert_int_equal(rec.reasons[0].issue, ZZ_ISSUE_NOT_MET);
    zz_recommendation_free(&rec);
    zz_catalog_free(cat);
}

/* R-1.5 "every required process area": items with required = false never count. */
static void test_assess__r1_5_items_not_required_do_not_count(void **state)
{
    (void)state;
    zz_catalog *cat = load(ASSESS_PATH);
    assert_false(zz_assess_item_counts(cat, "3.2.1-4"));
    assert_false(zz_assess_item_counts(cat, "3.3-2.BP1"));
    assert_true(zz_assess_item_counts(cat, "3.3-1.BP1"));
    assert_true(zz_assess_item_counts(cat, "3.2.2-1"));
    assert_false(zz_assess_item_counts(cat, "3.3-1")); /* a process area is not an item */
    zz_rating_rec r[12] = {
        R("3.1-1", ZZ_RATING_CONFORMS, NULL),          R("3.2.1-1", ZZ_RATING_CONFORMS, NULL),
        R("3.2.1-2", ZZ_RATING_CONFORMS, NULL),        R("3.2.1-3", ZZ_RATING_CONFORMS, NULL),
        R("3.2.1-4", ZZ_RATING_NOT_CONFORMS, NULL), /* reference only */
        R("3.2.2-1", ZZ_RATING_CONFORMS, NULL),        R("3.3-1.BP1", ZZ_RATING_PERFORMED, NULL),
        R("3.3-1.BP2", ZZ_RATING_PERFORMED, NULL),     R("3.3-1.BP3", ZZ_RATING_PERFORMED, NULL),
        R("3.3-2.BP1", ZZ_RATING_NOT_PERFORMED, NULL), /* not required; BP2 unrated */
        R("3.4-1.BP1", ZZ_RATING_PERFORMED, NULL),     R("3.4-1.BP2", ZZ_RATING_PERFORMED, NULL),
    };
    zz_recommendation rec = recommend(cat, r, 12);
    assert_true(rec.met);
    assert_int_equal(rec.n_items, 10);
    zz_recommendation_free(&rec);
    zz_catalog_free(cat);
}

/* ---- degree of conformity ------------------------------------------------------------ */

static const zz_conf_group *group(const zz_conformity *c, const char *id)
{
    for (size_t i = 0; i < c->n_groups; i++)
        if (strcmp(c->groups[i].id, id) == 0) return &c->groups[i];
    fail_msg("group %s not listed", id);
    return NULL;
}

static void mixed_ratings(zz_rating_rec r[10])
{
    r[0] = R("3.1-1", ZZ_RATING_CONFORMS, NULL);
    r[1] = R("3.2.1-1", ZZ_RATING_CONFORMS, NULL);
    r[2] = R("3.2.1-2", ZZ_RATING_PARTIAL, NULL);
    r[3] = R("3.2.1-3", ZZ_RATING_NOT_CONFORMS, NULL);
    r[4] = R("3.2.2-1", ZZ_RATING_NOT_APPLICABLE, "不涉及");
    r[5] = R("3.3-1.BP1", ZZ_RATING_PERFORMED, NULL);
    r[6] = R("3.3-1.BP2", ZZ_RATING_PERFORMED, NULL);
    r[7] = R("3.3-1.BP3", ZZ_RATING_NOT_PERFORMED, NULL);
    r[8] = R("3.4-1.BP1", ZZ_RATING_PERFORMED, NULL);
    r[9] = R("3.2.1-4", ZZ_RATING_NOT_CONFORMS, NULL); /* not required: not counted */
    /* 3.4-1.BP2 unrated */
}

static void test_assess__r3_4_conformity_basis_points_per_group_and_overall(void **state)
{
    (void)state;
    zz_catalog *cat = load(ASSESS_PATH);
    zz_rating_rec r[10];
    mixed_ratings(r);
    zz_conformity c;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_assess_conformity(cat, r, 10, &c, &err), ZZ_OK);

    /* overall: requirements 2 conforming of 5 - 1 justified N/A = 2/4; practices 3 of 5 */
    assert_int_equal(c.items.total, 5);
    assert_int_equal(c.items.rated, 5);
    assert_int_equal(c.items.not_applicable, 1);
    assert_int_equal(c.items.positive, 2);
    assert_int_equal(c.items.bp, 5000);
    assert_int_equal(c.practices.total, 5);
    assert_int_equal(c.practices.rated, 4);
    assert_int_equal(c.practices.positive, 3);
    assert_int_equal(c.practices.bp, 6000);
    assert_int_equal(c.n_unrated, 1);

    /* groups in guide pre-order; 3.3.2 holds only a process area that is not required */
    const char *order[] = {"3.1", "3.2", "3.2.1", "3.2.2", "3.3", "3.3.1", "3.4"};
    assert_int_equal(c.n_groups, 7);
    for (size_t i = 0; i < 7; i++)
        assert_string_equal(c.groups[i].id, order[i]);
    assert_int_equal(group(&c, "3.2")->depth, 0);
    assert_int_equal(group(&c, "3.2.1")->depth, 1);
    assert_string_equal(group(&c, "3.2.1")->title, "组织与管理要求");

    assert_int_equal(group(&c, "3.1")->items.bp, 10000);
    assert_int_equal(group(&c, "3.1")->practices.bp, ZZ_BP_NONE);
    assert_int_equal(group(&c, "3.2.1")->items.total, 3);
    assert_int_equal(group(&c, "3.2.1")->items.bp, 3333); /* 1/3, rounded down */
    assert_int_equal(group(&c, "3.2.2")->items.not_applicable, 1);
    assert_int_equal(group(&c, "3.2.2")->items.bp, ZZ_BP_NONE); /* nothing left to measure */
    assert_int_equal(group(&c, "3.2")->items.total, 4);
    assert_int_equal(group(&c, "3.2")->items.bp, 3333);
    assert_int_equal(group(&c, "3.3.1")->practices.bp, 6666); /* 2/3 */
    assert_int_equal(group(&c, "3.3")->practices.total, 3);
    assert_int_equal(group(&c, "3.3")->practices.bp, 6666);
    assert_int_equal(group(&c, "3.4")->practices.total, 2);
    assert_int_equal(group(&c, "3.4")->practices.rated, 1);
    assert_int_equal(group(&c, "3.4")->practices.bp, 5000); /* the unrated one is not conforming */

    /* non-conformities: rated counting items that are neither positive nor justified N/A */
    assert_int_equal(c.n_nonconformities, 3);
    assert_string_equal(c.nonconformities[0].item_id, "3.2.1-2");
    assert_int_equal(c.nonconformities[0].rating, ZZ_RATING_PARTIAL);
    assert_string_equal(c.nonconformities[1].item_id, "3.2.1-3");
    assert_string_equal(c.nonconformities[2].item_id, "3.3-1.BP3");
    assert_string_equal(c.nonconformities[2].group_id, "3.3.1");
    zz_conformity_free(&c);
    zz_catalog_free(cat);
}

static void test_assess__r3_4_conformity_of_nothing_rated(void **state)
{
    (void)state;
    zz_catalog *cat = load(ASSESS_PATH);
    zz_conformity c;
    assert_int_equal(zz_assess_conformity(cat, NULL, 0, &c, NULL), ZZ_OK);
    assert_int_equal(c.items.bp, 0);
    assert_int_equal(c.practices.bp, 0);
    assert_int_equal(c.n_unrated, 10);
    assert_int_equal(c.n_nonconformities, 0);
    zz_conformity_free(&c);
    zz_catalog_free(cat);
}

static void test_assess__r3_4_json_of_recommendation_and_conformity(void **state)
{
    (void)state;
    zz_catalog *cat = load(ASSESS_PATH);
    zz_rating_rec r[10];
    mixed_ratings(r);
    zz_recommendation rec = recommend(cat, r, 10);
    zz_conformity c;
    assert_int_equal(zz_assess_conformity(cat, r, 10, &c, NULL), ZZ_OK);
    char *rj = NULL, *cj = NULL;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_recommendation_json(&rec, &rj, &err), ZZ_OK);
    assert_int_equal(zz_conformity_json(&c, &cj, &err), ZZ_OK);

    json_error_t je;
    json_t *o = json_loads(rj, 0, &je);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "rule")), "R-1.5");
    assert_string_equal(json_string_value(json_object_get(o, "recommendation")), "not_met");
    assert_int_equal(json_integer_value(json_object_get(o, "items")), 10);
    assert_int_equal(json_integer_value(json_object_get(o, "unrated")), 1);
    assert_int_equal(json_integer_value(json_object_get(o, "blocking")), 3);
    json_t *reasons = json_object_get(o, "reasons");
    assert_int_equal(json_array_size(reasons), 4);
    json_t *last = json_array_get(reasons, 3);
    assert_string_equal(json_string_value(json_object_get(last, "item")), "3.4-1.BP2");
    assert_string_equal(json_string_value(json_object_get(last, "issue")), "unrated");
    assert_true(json_is_null(json_object_get(last, "rating")));
    assert_string_equal(json_string_value(json_object_get(last, "message_zh")),
                        "基本实践 3.4-1.BP2 尚未评定");
    json_decref(o);

    o = json_loads(cj, 0, &je);
    assert_non_null(o);
    json_t *ov = json_object_get(o, "overall");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(ov, "items"), "bp")), 5000);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(ov, "practices"), "performed")), 3);
    json_t *groups = json_object_get(o, "groups");
    assert_int_equal(json_array_size(groups), 7);
    json_t *g322 = json_array_get(groups, 3);
    assert_string_equal(json_string_value(json_object_get(g322, "id")), "3.2.2");
    assert_true(json_is_null(json_object_get(json_object_get(g322, "items"), "bp")));
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(g322, "items"), "conforming")), 0);
    assert_int_equal(json_array_size(json_object_get(o, "nonconformities")), 3);
    json_decref(o);
    free(rj);
    free(cj);
    zz_recommendation_free(&rec);
    zz_conformity_free(&c);
    zz_catalog_free(cat);
}

/* The shipped catalogue: 2 eligibility + 26 capability items and every base practice of
 * the 12 + 6 process areas count; all positive is met, one practice not performed is not. */
static void test_assess__r1_5_shipped_catalogue(void **state)
{
    (void)state;
    zz_catalog *cat = load(SHIPPED_PATH);
    size_t n = 0;
    zz_rating_rec *r = calloc(cat->n_reqs + cat->n_bps, sizeof *r);
    size_t reqs = 0;
    for (size_t i = 0; i < cat->n_reqs; i++) {
        const zz_cat_req *q = cat->reqs[i];
        if (q->kind == ZZ_KIND_ELIGIBILITY || q->kind == ZZ_KIND_CAPABILITY) {
            r[n++] = R(q->id, ZZ_RATING_CONFORMS, NULL);
            reqs++;
        }
    }
    for (size_t i = 0; i < cat->n_bps; i++)
        r[n++] = R(cat->bps[i]->id, ZZ_RATING_PERFORMED, NULL);
    assert_int_equal(reqs, 28);
    zz_recommendation rec = recommend(cat, r, n);
    assert_true(rec.met);
    assert_int_equal(rec.n_items, n);
    zz_recommendation_free(&rec);
    zz_conformity c;
    assert_int_equal(zz_assess_conformity(cat, r, n, &c, NULL), ZZ_OK);
    assert_int_equal(c.items.bp, 10000);
    assert_int_equal(c.practices.bp, 10000);
    /* 3.1, 3.2, 3.2.1..3.2.6, 3.3, 3.3.1..3.3.4, 3.4 */
    assert_int_equal(c.n_groups, 14);
    zz_conformity_free(&c);

    r[n - 1].rating = ZZ_RATING_NOT_PERFORMED;
    rec = recommend(cat, r, n);
    assert_false(rec.met);
    assert_int_equal(rec.n_reasons, 1);
    assert_string_equal(rec.reasons[0].item_id, cat->bps[cat->n_bps - 1]->id);
    zz_recommendation_free(&rec);
    free(r);
    zz_catalog_free(cat);
}

static void test_assess__r3_4_verdict_codes(void **state)
{
    (void)state;
    zz_verdict v = ZZ_VERDICT_NOT_MET;
    assert_int_equal(zz_verdict_parse(&v, "met", NULL), ZZ_OK);
    assert_int_equal(v, ZZ_VERDICT_MET);
    assert_int_equal(zz_verdict_parse(&v, "not_met", NULL), ZZ_OK);
    assert_int_equal(v, ZZ_VERDICT_NOT_MET);
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_verdict_parse(&v, "pass", &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.conclusion");
    assert_string_equal(zz_verdict_code(ZZ_VERDICT_MET), "met");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assess__r3_4_rating_codes_parse_and_chinese_names),
        cmocka_unit_test(test_assess__r3_4_rating_must_fit_the_item_kind),
        cmocka_unit_test(test_assess__r1_5_everything_positive_is_met),
        cmocka_unit_test(test_assess__r1_5_partial_practice_blocks_and_is_named),
        cmocka_unit_test(test_assess__r1_5_partially_conforming_requirement_blocks),
        cmocka_unit_test(test_assess__r1_5_unrated_items_are_listed_in_guide_order),
        cmocka_unit_test(test_assess__r1_5_justified_not_applicable_does_not_block),
        cmocka_unit_test(test_assess__r1_5_not_applicable_without_justification_blocks),
        cmocka_unit_test(test_assess__r3_4_rectified_item_awaits_rerating),
        cmocka_unit_test(test_assess__r1_5_wrong_scale_and_foreign_ids),
        cmocka_unit_test(test_assess__r1_5_items_not_required_do_not_count),
        cmocka_unit_test(test_assess__r3_4_conformity_basis_points_per_group_and_overall),
        cmocka_unit_test(test_assess__r3_4_conformity_of_nothing_rated),
        cmocka_unit_test(test_assess__r3_4_json_of_recommendation_and_conformity),
        cmocka_unit_test(test_assess__r1_5_shipped_catalogue),
        cmocka_unit_test(test_assess__r3_4_verdict_codes),
    };
    return cmocka_run_group_tests_name("assess", tests, NULL, NULL);
}
