/*
 * test_catalog.c — the catalogue module: loading, validation errors with their JSON paths,
 * look-ups, guide order, dump/load round trip, and the shipped AI-security level-1 catalogue.
 * Rules: R-1.1 (levels, catalogues as data), R-1.3 (checks), R-1.4 (process areas and base
 * practices), R-1.5 (generic practices), R-1.6 (evidence and methods).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "zizhi/catalog.h"

#define MIN_PATH "tests/data/catalog-min.json"
#define SHIPPED_PATH "catalog/ai-security-1.json"
#define LEVEL2_PATH "tests/data/catalog-test-level2.json"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

/* Returns a copy of s with the first occurrence of from replaced by to (must occur). */
static char *replace1(const char *s, const char *from, const char *to)
{
    const char *p = strstr(s, from);
    assert_non_null(p);
    size_t a = (size_t)(p - s), fl = strlen(from), tl = strlen(to), sl = strlen(s);
    char *r = malloc(sl - fl + tl + 1);
    memcpy(r, s, a);
    memcpy(r + a, to, tl);
    memcpy(r + a + tl, p + fl, sl - a - fl + 1);
    return r;
}

/* Loads a variant of the minimal catalogue and asserts it fails with code, message containing
 * every needle. */
static void expect_bad(const char *from, const char *to, const char *code, const char *needle1,
                       const char *needle2)
{
    char *base = slurp(MIN_PATH);
    char *bad = replace1(base, from, to);
    zz_catalog *cat = (zz_catalog *)1;
    zz_err err = ZZ_ERR_INIT;
    int rc = zz_catalog_load_string(&cat, bad, "bad.json", &err);
    assert_true(rc < 0);
    assert_null(cat);
    assert_string_equal(err.code, code);
    assert_non_null(strstr(err.message, "bad.json"));
    if (needle1)
        assert_non_null(strstr(err.message, needle1));
    if (needle2)
        assert_non_null(strstr(err.message, needle2));
    /* one line, in both languages */
    assert_null(strchr(err.message, '\n'));
    assert_null(strchr(err.message_zh, '\n'));
    assert_true(strlen(err.message_zh) > 0);
    free(bad);
    free(base);
}

static void test_catalog__loads_minimal_catalogue_and_counts_kinds(void **state)
{
    (void)state;
    zz_catalog *cat = NULL;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_catalog_load(&cat, MIN_PATH, &err), 0);
    zz_catalog_counts n;
    zz_catalog_count(cat, &n);
    assert_int_equal(n.by_kind[ZZ_KIND_ELIGIBILITY], 1);
    assert_int_equal(n.by_kind[ZZ_KIND_CAPABILITY], 1);
    assert_int_equal(n.by_kind[ZZ_KIND_AI_PA], 1);
    assert_int_equal(n.by_kind[ZZ_KIND_ORG_PA], 0);
    assert_int_equal(n.base_practices, 2);
    assert_int_equal(n.indicators, 1);
    assert_int_equal(cat->level, 1);
    assert_string_equal(zz_catalog_level_info(cat, 2)->name, "计划跟踪级");
    zz_catalog_free(cat);
}

static void test_catalog__lookups_by_id_and_guide_order(void **state)
{
    (void)state;
    zz_catalog *cat = NULL;
    assert_int_equal(zz_catalog_load(&cat, MIN_PATH, NULL), 0);
    const zz_cat_req *r = zz_catalog_req(cat, "3.2.3-5");
    assert_non_null(r);
    assert_int_equal(r->kind, ZZ_KIND_CAPABILITY);
    assert_string_equal(r->group->id, "3.2.3");
    assert_string_equal(r->group->parent->id, "3.2");
    /* the check and its parameter travel as data */
    const zz_cat_check *chk = zz_cat_req_check(r, "cisp_fulltime_min");
    assert_non_null(chk);
    assert_int_equal(zz_cat_check_param(chk, "min", 0), 4);
    assert_int_equal(zz_cat_check_param(chk, "absent", 7), 7);
    const zz_cat_bp *bp = zz_catalog_bp(cat, "3.3-1.BP2");
    assert_non_null(bp);
    assert_string_equal(bp->pa->id, "3.3-1");
    assert_string_equal(bp->sources[0].clause, "BP.08.01");
    assert_non_null(zz_catalog_group(cat, "3.3.1"));
    assert_null(zz_catalog_req(cat, "3.3.1")); /* a group id is not a requirement id */
    assert_null(zz_catalog_req(cat, "9.9-9"));
    /* guide order: 3.1-1, 3.2.3-5, 3.3-1 */
    assert_int_equal(cat->n_reqs, 3);
    assert_string_equal(cat->reqs[0]->id, "3.1-1");
    assert_string_equal(cat->reqs[1]->id, "3.2.3-5");
    assert_string_equal(cat->reqs[2]->id, "3.3-1");
    assert_string_equal(cat->bps[0]->id, "3.3-1.BP1");
    zz_catalog_free(cat);
}

static void test_catalog__dump_load_round_trip_is_equal_and_stable(void **state)
{
    (void)state;
    zz_catalog *a = NULL, *b = NULL;
    assert_int_equal(zz_catalog_load(&a, MIN_PATH, NULL), 0);
    char *s1 = NULL, *s2 = NULL;
    assert_int_equal(zz_catalog_dump(&s1, a, NULL), 0);
    assert_int_equal(zz_catalog_load_string(&b, s1, "dump", NULL), 0);
    assert_true(zz_catalog_equal(a, b));
    assert_int_equal(zz_catalog_dump(&s2, b, NULL), 0);
    assert_string_equal(s1, s2);
    /* a changed field breaks equality */
    free(b->reqs[0]->text);
    ((zz_cat_req *)b->reqs[0])->text = strdup("改动");
    assert_false(zz_catalog_equal(a, b));
    free(s1);
    free(s2);
    zz_catalog_free(a);
    zz_catalog_free(b);
}

static void test_catalog__r1_1_duplicate_id_names_path_and_id(void **state)
{
    (void)state;
    expect_bad("\"id\": \"3.3-1.BP2\"", "\"id\": \"3.3-1.BP1\"", "catalog.bad_id", "BP2", NULL);
    /* the same requirement id twice, in a place where its form is legal */
    char *base = slurp(MIN_PATH);
    char *bad = replace1(base, "\"id\": \"3.2.3-5\"", "\"id\": \"3.1-1\"");
    /* 3.1-1 under 3.2.3 is a bad id; put a second 3.1-1 next to the first instead */
    free(bad);
    bad = replace1(base,
                   "\"checks\": [{\"name\": \"uscc_valid\"}]\n        }",
                   "\"checks\": [{\"name\": \"uscc_valid\"}]\n        },\n        {\"id\": "
                   "\"3.1-1\", \"kind\": \"eligibility\", \"number\": 1, \"text\": \"再一次\", "
                   "\"evidence\": [{\"type\": \"document\", \"text\": \"x\"}], \"methods\": "
                   "[\"document_review\"]}");
    zz_catalog *cat = NULL;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_catalog_load_string(&cat, bad, "dup.json", &err), ZZ_EEXISTS);
    assert_string_equal(err.code, "catalog.duplicate_id");
    assert_non_null(strstr(err.message, "dup.json: $.groups[0].requirements[1].id"));
    assert_non_null(strstr(err.message, "duplicate id \"3.1-1\""));
    assert_non_null(strstr(err.message_zh, "重复的编号"));
    free(bad);
    free(base);
}

static void test_catalog__missing_wording_names_the_field(void **state)
{
    (void)state;
    expect_bad("\"text\": \"独立法人\",", "", "catalog.missing_field",
               "$.groups[0].requirements[0].text", "missing required field");
    expect_bad("\"text\": \"独立法人\"", "\"text\": \"\"", "catalog.empty",
               "$.groups[0].requirements[0].text", NULL);
}

static void test_catalog__invalid_json_gives_line_and_column(void **state)
{
    (void)state;
    char *base = slurp(MIN_PATH);
    char *bad = replace1(base, "\"level\": 1,", "\"level\": 1,,");
    zz_catalog *cat = NULL;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_catalog_load_string(&cat, bad, "broken.json", &err), ZZ_EINVAL);
    assert_string_equal(err.code, "catalog.json");
    assert_non_null(strstr(err.message, "broken.json:7:"));
    assert_non_null(strstr(err.message, "invalid JSON"));
    free(bad);
    free(base);
}

static void test_catalog__r1_1_level_out_of_range(void **state)
{
    (void)state;
    expect_bad("\"level\": 1,", "\"level\": 6,", "catalog.level_range", "$.level", NULL);
    expect_bad("{\"level\": 5, \"name\": \"持续改进级\"}", "{\"level\": 6, \"name\": \"x\"}",
               "catalog.level_range", "$.levels[4].level", NULL);
}

static void test_catalog__r1_3_unknown_check_and_missing_parameter(void **state)
{
    (void)state;
    expect_bad("\"name\": \"uscc_valid\"", "\"name\": \"guess_check\"", "catalog.unknown_check",
               "$.groups[0].requirements[0].checks[0].name", "guess_check");
    expect_bad("\"params\": {\"min\": 4}", "\"params\": {}", "catalog.missing_field",
               "checks[0].params", "min");
    expect_bad("\"params\": {\"min\": 4}", "\"params\": {\"min\": 4.5}", "catalog.type",
               "params.min", NULL);
    expect_bad("\"params\": {\"min\": 4}", "\"params\": {\"min\": 4, \"max\": 9}",
               "catalog.unknown_field", "params.max", NULL);
}

static void test_catalog__unknown_field_is_refused(void **state)
{
    (void)state;
    expect_bad("\"number\": 5,", "\"number\": 5, \"nmber\": 5,", "catalog.unknown_field",
               "$.groups[1].groups[0].requirements[0].nmber", NULL);
}

static void test_catalog__r1_4_process_area_needs_base_practices(void **state)
{
    (void)state;
    char *base = slurp(MIN_PATH);
    const char *start = strstr(base, ",\n              \"base_practices\"");
    assert_non_null(start);
    /* cut the whole base_practices array of 3.3-1 */
    const char *end = strstr(start, "\n              ]");
    assert_non_null(end);
    end += strlen("\n              ]");
    size_t n = strlen(base);
    char *bad = malloc(n + 1);
    memcpy(bad, base, (size_t)(start - base));
    strcpy(bad + (start - base), end);
    zz_catalog *cat = NULL;
    zz_err err = ZZ_ERR_INIT;
    assert_true(zz_catalog_load_string(&cat, bad, "nobp.json", &err) < 0);
    assert_string_equal(err.code, "catalog.missing_field");
    assert_non_null(strstr(err.message, "$.groups[2].groups[0].requirements[0].base_practices"));
    free(bad);
    free(base);
    /* and only process areas have them */
    expect_bad("\"checks\": [{\"name\": \"uscc_valid\"}]",
               "\"checks\": [{\"name\": \"uscc_valid\"}], \"base_practices\": []",
               "catalog.bad_value", "$.groups[0].requirements[0].base_practices", NULL);
}

static void test_catalog__r1_6_evidence_and_known_methods_required(void **state)
{
    (void)state;
    expect_bad("\"evidence\": [{\"type\": \"document\", \"text\": \"营业执照\"}]",
               "\"evidence\": []", "catalog.missing_field", "requirements[0].evidence", NULL);
    expect_bad("{\"type\": \"document\", \"text\": \"营业执照\"}",
               "{\"type\": \"photo\", \"text\": \"营业执照\"}", "catalog.bad_value",
               "evidence[0].type", "photo");
    expect_bad("\"methods\": [\"document_review\"],", "\"methods\": [\"telepathy\"],",
               "catalog.unknown_method", "requirements[0].methods[0]", "telepathy");
}

static void test_catalog__ids_follow_the_section_scheme(void **state)
{
    (void)state;
    expect_bad("\"id\": \"3.2.3-5\"", "\"id\": \"3.2.4-5\"", "catalog.bad_id", "3.2.4-5", NULL);
    expect_bad("\"id\": \"3.3-1.BP1\"", "\"id\": \"3.3-1.BP7\"", "catalog.bad_id",
               "must be \"3.3-1.BP1\"", NULL);
    expect_bad("\"id\": \"3.2.3\"", "\"id\": \"3.9.3\"", "catalog.bad_id", "3.9.3", NULL);
    expect_bad("\"confidence\": \"S2\"}", "\"confidence\": \"sure\"}", "catalog.bad_value",
               "sure", NULL);
}

static void test_catalog__r1_1_second_catalogue_of_another_level_loads(void **state)
{
    (void)state;
    zz_catalog *cat = NULL;
    zz_err err = ZZ_ERR_INIT;
    int rc = zz_catalog_load(&cat, LEVEL2_PATH, &err);
    if (rc < 0)
        fail_msg("%s", err.message);
    assert_int_equal(cat->level, 2);
    assert_string_not_equal(cat->category_id, "ai-security");
    /* generic practices of level 2 are held as data */
    int has_l2 = 0;
    for (size_t i = 0; i < cat->n_gps; i++)
        if (cat->gps[i].level == 2)
            has_l2 = 1;
    assert_true(has_l2);
    zz_catalog_free(cat);
}

/* The shipped catalogue: exactly the guide's items with data checks. */
static void test_catalog__shipped_ai_security_level1_is_complete(void **state)
{
    (void)state;
    zz_catalog *cat = NULL;
    zz_err err = ZZ_ERR_INIT;
    int rc = zz_catalog_load(&cat, SHIPPED_PATH, &err);
    if (rc < 0)
        fail_msg("%s", err.message);
    zz_catalog_counts n;
    zz_catalog_count(cat, &n);
    assert_int_equal(n.by_kind[ZZ_KIND_ELIGIBILITY], 2);
    assert_int_equal(n.by_kind[ZZ_KIND_CAPABILITY], 26);
    assert_int_equal(n.by_kind[ZZ_KIND_AI_PA], 12);
    assert_int_equal(n.by_kind[ZZ_KIND_ORG_PA], 6);
    assert_int_equal(cat->level, 1);
    assert_string_equal(cat->category_id, "ai-security");
    /* 3.2.1: 3, 3.2.2: 8, 3.2.3: 5, 3.2.4: 5, 3.2.5: 3, 3.2.6: 2 */
    static const struct {
        const char *g;
        size_t n;
    } caps[] = {{"3.2.1", 3}, {"3.2.2", 8}, {"3.2.3", 5}, {"3.2.4", 5}, {"3.2.5", 3}, {"3.2.6", 2}};
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(zz_catalog_group(cat, caps[i].g)->n_reqs, caps[i].n);
    /* 4 groups of 3 AI process areas, 4..8 base practices each */
    for (int i = 1; i <= 12; i++) {
        char id[16];
        snprintf(id, sizeof id, "3.3-%d", i);
        const zz_cat_req *pa = zz_catalog_req(cat, id);
        assert_non_null(pa);
        assert_int_equal(pa->kind, ZZ_KIND_AI_PA);
        assert_true(pa->n_bps >= 4 && pa->n_bps <= 8);
        char gid[16];
        snprintf(gid, sizeof gid, "3.3.%d", (i - 1) / 3 + 1);
        assert_string_equal(pa->group->id, gid);
    }
    /* org process areas follow SSE-CMM PA12, PA14, PA16, PA15, PA21, PA22 */
    static const struct {
        const char *pa;
        size_t bps;
    } org[] = {{"PA12", 8}, {"PA14", 6}, {"PA16", 10}, {"PA15", 6}, {"PA21", 8}, {"PA22", 5}};
    for (int i = 1; i <= 6; i++) {
        char id[16];
        snprintf(id, sizeof id, "3.4-%d", i);
        const zz_cat_req *pa = zz_catalog_req(cat, id);
        assert_non_null(pa);
        assert_int_equal(pa->kind, ZZ_KIND_ORG_PA);
        assert_string_equal(pa->ssecmm, org[i - 1].pa);
        assert_int_equal(pa->n_bps, org[i - 1].bps);
    }
    /* every base practice cites a source */
    for (size_t i = 0; i < cat->n_bps; i++)
        assert_true(cat->bps[i]->n_sources >= 1);
    /* the data checks sit on the guide's items with their parameters */
    assert_non_null(zz_cat_req_check(zz_catalog_req(cat, "3.1-1"), "uscc_valid"));
    assert_non_null(zz_cat_req_check(zz_catalog_req(cat, "3.2.1-3"), "confidentiality_agreements"));
    assert_int_equal(
        zz_cat_check_param(zz_cat_req_check(zz_catalog_req(cat, "3.2.3-5"), "cisp_fulltime_min"),
                           "min", 0),
        4);
    assert_int_equal(zz_cat_check_param(zz_cat_req_check(zz_catalog_req(cat, "3.2.6-1"),
                                                         "completed_projects_min"),
                                        "min", 0),
                     1);
    assert_int_equal(zz_cat_check_param(zz_cat_req_check(zz_catalog_req(cat, "3.2.6-2"),
                                                         "no_failed_acceptance_within"),
                                        "months", 0),
                     24);
    /* the guide's own wording */
    assert_non_null(strstr(zz_catalog_req(cat, "3.2.3-5")->text, "不少于 4 名"));
    assert_non_null(strstr(zz_catalog_req(cat, "3.3-11")->text, "内容安全"));
    /* generic practices of all five capability levels */
    int seen[6] = {0};
    for (size_t i = 0; i < cat->n_gps; i++)
        seen[cat->gps[i].level]++;
    for (int l = 1; l <= 5; l++)
        assert_true(seen[l] > 0);
    /* round trip of the real thing */
    char *s = NULL;
    zz_catalog *b = NULL;
    assert_int_equal(zz_catalog_dump(&s, cat, NULL), 0);
    assert_int_equal(zz_catalog_load_string(&b, s, "dump", NULL), 0);
    assert_true(zz_catalog_equal(cat, b));
    free(s);
    zz_catalog_free(b);
    zz_catalog_free(cat);
}

static void test_catalog__missing_file_is_an_io_error(void **state)
{
    (void)state;
    zz_catalog *cat = NULL;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_catalog_load(&cat, "tests/data/no-such-catalog.json", &err), ZZ_EIO);
    assert_string_equal(err.code, "catalog.io");
    assert_non_null(strstr(err.message, "no-such-catalog.json"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalog__loads_minimal_catalogue_and_counts_kinds),
        cmocka_unit_test(test_catalog__lookups_by_id_and_guide_order),
        cmocka_unit_test(test_catalog__dump_load_round_trip_is_equal_and_stable),
        cmocka_unit_test(test_catalog__r1_1_duplicate_id_names_path_and_id),
        cmocka_unit_test(test_catalog__missing_wording_names_the_field),
        cmocka_unit_test(test_catalog__invalid_json_gives_line_and_column),
        cmocka_unit_test(test_catalog__r1_1_level_out_of_range),
        cmocka_unit_test(test_catalog__r1_3_unknown_check_and_missing_parameter),
        cmocka_unit_test(test_catalog__unknown_field_is_refused),
        cmocka_unit_test(test_catalog__r1_4_process_area_needs_base_practices),
        cmocka_unit_test(test_catalog__r1_6_evidence_and_known_methods_required),
        cmocka_unit_test(test_catalog__ids_follow_the_section_scheme),
        cmocka_unit_test(test_catalog__r1_1_second_catalogue_of_another_level_loads),
        cmocka_unit_test(test_catalog__shipped_ai_security_level1_is_complete),
        cmocka_unit_test(test_catalog__missing_file_is_an_io_error),
    };
    return cmocka_run_group_tests_name("catalog", tests, NULL, NULL);
}
