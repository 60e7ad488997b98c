/*
 * test_oscal.c — catalogue export to and import from OSCAL 1.1.3 catalog JSON:
 * round trips that lose nothing (O1), reproducible output, the shape the schema asks for (O2),
 * and refusals of malformed documents that name the OSCAL JSON path (O3).
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

#include "zizhi/catalog.h"
#include "zizhi/oscal.h"

#define SHIPPED_PATH "catalog/ai-security-1.json"
#define LEVEL2_PATH  "tests/data/catalog-test-level2.json"

/*
 * A small catalogue built here so the test does not depend on others' data: every optional field,
 * a generic practice, checks with and without parameters, an indicator, a not-required item, and
 * texts the OSCAL string pattern refuses as prop values (leading/trailing space, a line break,
 * an ideographic space first) that must still round-trip exactly.
 */
static const char INLINE_CATALOG[] =
    "{\"format\":\"zizhi-catalogue\",\"format_version\":1,\"id\":\"test-oscal-2\","
    "\"version\":\"2026.09\","
    "\"category\":{\"id\":\"ai-security\",\"name\":\"人工智能安全类\",\"name_en\":\"AI security\"},"
    "\"level\":2,\"title\":\"测试目录（二级）\",\"title_en\":\" Test catalogue, level 2 \","
    "\"source\":{\"title\":\"测试指南\",\"publisher\":\"中国信息安全测评中心\","
    "\"date\":\"2028-02-29\"},"
    "\"levels\":[{\"level\":1,\"name\":\"基本执行级\",\"name_en\":\"Performed informally\"},"
    "{\"level\":2,\"name\":\"计划跟踪级\"},{\"level\":3,\"name\":\"充分定义级\"},"
    "{\"level\":4,\"name\":\"量化控制级\"},{\"level\":5,\"name\":\"持续改进级\"}],"
    "\"methods\":[{\"id\":\"document_review\",\"name\":\"文档审查\",\"name_en\":\"Document "
    "review\"},"
    "{\"id\":\"interview\",\"name\":\"人员访谈\"},{\"id\":\"demonstration\",\"name\":\"实际操作\"}]"
    ","
    "\"generic_practices\":[{\"id\":\"GP2.1.1\",\"level\":2,\"common_feature\":\"2.1\","
    "\"common_feature_name\":\"规划执行\",\"name\":\"为执行过程分配资源\","
    "\"name_en\":\"Allocate resources\\nfor the process\",\"description\":\"说明。\\n第二段。\","
    "\"sources\":[{\"ref\":\"GB/T 20261-2020\",\"clause\":\"附录C.3 \",\"confidence\":\"M\"}]}],"
    "\"groups\":["
    "{\"id\":\"3.1\",\"title\":\"基本资格要求\",\"title_en\":\"Basic eligibility\","
    "\"requirements\":[{\"id\":\"3.1-1\",\"kind\":\"eligibility\",\"number\":1,"
    "\"text\":\"具有独立法人资格。\",\"text_en\":\"\u3000Independent legal person.\","
    "\"guidance\":\"查看营业执照。\","
    "\"evidence\":[{\"type\":\"document\",\"text\":\"营业执照\"}],"
    "\"methods\":[\"document_review\"],"
    "\"checks\":[{\"name\":\"uscc_valid\"},{\"name\":\"legal_person_or_exception\"}]}]},"
    "{\"id\":\"3.2\",\"title\":\"基本能力要求\",\"groups\":[{\"id\":\"3.2.3\",\"title\":\"人员\","
    "\"requirements\":[{\"id\":\"3.2.3-5\",\"kind\":\"capability\",\"number\":5,"
    "\"text\":\"拥有专职的注册信息安全专业人员不少于 4 名。\",\"required\":false,"
    "\"evidence\":[{\"type\":\"record\",\"text\":\"CISP 证书清单\"},"
    "{\"type\":\"interview\",\"text\":\"人员访谈\"}],"
    "\"methods\":[\"interview\",\"document_review\"],"
    "\"checks\":[{\"name\":\"cisp_fulltime_min\",\"params\":{\"min\":4}}]}]}]},"
    "{\"id\":\"3.4\",\"title\":\"项目和组织过程\",\"requirements\":[{\"id\":\"3.4-1\","
    "\"kind\":\"org_process_area\",\"number\":1,\"text\":\"质量保证\",\"ssecmm\":\"PA12\","
    "\"evidence\":[{\"type\":\"demonstration\",\"text\":\"演示\"}],"
    "\"methods\":[\"demonstration\"],"
    "\"base_practices\":[{\"id\":\"3.4-1.BP1\",\"name\":\"监控过程符合性\",\"name_en\":\"Monitor\","
    "\"description\":\"说明\",\"sources\":[{\"ref\":\"SSE-CMM v3.0\",\"clause\":\"BP.12.02\","
    "\"confidence\":\"S\"},{\"ref\":\"GB/T 20261-2020\",\"confidence\":\"M\"}],"
    "\"indicators\":[{\"id\":\"3.4-1.BP1.I1\",\"text\":\"评审覆盖率\",\"operator\":\">=\","
    "\"value\":-9007199254740993,\"unit\":\"%\",\"source\":\"GB/T 20261-2020\","
    "\"confidence\":\"I\"}]}]}]}]}";

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

static zz_catalog *load_inline(void)
{
    zz_catalog *cat = NULL;
    zz_err err = ZZ_ERR_INIT;
    int rc = zz_catalog_load_string(&cat, INLINE_CATALOG, "inline", &err);
    if (rc < 0) fail_msg("inline catalogue: %s: %s", err.code, err.message);
    return cat;
}

static char *export_ok(const zz_catalog *cat)
{
    char *json = NULL;
    zz_err err = ZZ_ERR_INIT;
    int rc = zz_oscal_catalog_export(&json, cat, &err);
    if (rc < 0) fail_msg("export: %s: %s", err.code, err.message);
    assert_non_null(json);
    return json;
}

/* export → import → equal; export of the import is byte-identical; export is reproducible. */
static void assert_round_trip(const zz_catalog *cat)
{
    char *a = export_ok(cat);
    char *a2 = export_ok(cat);
    assert_string_equal(a, a2); /* O1: no clock, no randomness */

    zz_catalog *back = NULL;
    zz_err err = ZZ_ERR_INIT;
    int rc = zz_oscal_catalog_import(&back, a, "exported", &err);
    if (rc < 0) fail_msg("import: %s: %s", err.code, err.message);
    assert_true(zz_catalog_equal(cat, back));

    char *b = export_ok(back);
    assert_string_equal(a, b);

    /* And the format-1 documents agree too. */
    char *d1 = NULL, *d2 = NULL;
    assert_int_equal(zz_catalog_dump(&d1, cat, &err), 0);
    assert_int_equal(zz_catalog_dump(&d2, back, &err), 0);
    assert_string_equal(d1, d2);

    free(d1);
    free(d2);
    free(a);
    free(a2);
    free(b);
    zz_catalog_free(back);
}

static void test_oscal__r1_7_round_trip_inline_catalogue(void **state)
{
    (void)state;
    zz_catalog *cat = load_inline();
    assert_round_trip(cat);
    zz_catalog_free(cat);
}

static void round_trip_file(const char *path)
{
    char *text = slurp(path);
    if (!text) {
        print_message("%s not present, skipped\n", path);
        skip();
    }
    zz_catalog *cat = NULL;
    zz_err err = ZZ_ERR_INIT;
    if (zz_catalog_load_string(&cat, text, path, &err) < 0)
        fail_msg("%s: %s: %s", path, err.code, err.message);
    free(text);
    assert_round_trip(cat);
    zz_catalog_free(cat);
}

static void test_oscal__r1_7_round_trip_level2_test_catalogue(void **state)
{
    (void)state;
    round_trip_file(LEVEL2_PATH);
}

static void test_oscal__r1_7_round_trip_shipped_catalogue(void **state)
{
    (void)state;
    round_trip_file(SHIPPED_PATH);
}

/* Finds the object in arr whose key equals val. */
static json_t *find_by(json_t *arr, const char *key, const char *val)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        json_t *k = json_object_get(v, key);
        if (k && json_is_string(k) && strcmp(json_string_value(k), val) == 0) return v;
    }
    return NULL;
}

static json_t *parse(const char *text)
{
    json_error_t je;
    json_t *root = json_loads(text, 0, &je);
    if (!root) fail_msg("exported JSON does not parse: %s", je.text);
    return root;
}

/* O2: the shape the OSCAL schema asks for, checked where it is easy to get wrong. */
static void test_oscal__r1_7_export_shape(void **state)
{
    (void)state;
    zz_catalog *cat = load_inline();
    char *json = export_ok(cat);
    json_t *root = parse(json);
    json_t *c = json_object_get(root, "catalog");
    assert_non_null(c);

    /* A version-5-shaped UUID derived from id and version, lower-case. */
    const char *uuid = json_string_value(json_object_get(c, "uuid"));
    assert_non_null(uuid);
    assert_int_equal(strlen(uuid), 36);
    assert_int_equal(uuid[14], '5');
    assert_non_null(strchr("89ab", uuid[19]));
    for (const char *p = uuid; *p; p++)
        assert_non_null(strchr("0123456789abcdef-", *p));

    json_t *md = json_object_get(c, "metadata");
    assert_string_equal(json_string_value(json_object_get(md, "oscal-version")), "1.1.3");
    assert_string_equal(json_string_value(json_object_get(md, "version")), "2026.09");
    /* Leap day source date at Beijing midnight, never the clock. */
    assert_string_equal(json_string_value(json_object_get(md, "last-modified")),
                        "2028-02-29T00:00:00+08:00");
    assert_string_equal(json_string_value(json_object_get(md, "title")), "测试目录（二级）");

    /* Output format: 2-space indent, raw UTF-8 (no \u escapes), trailing newline. */
    assert_non_null(strstr(json, "{\n  \"catalog\": {\n    \"uuid\""));
    assert_non_null(strstr(json, "人工智能安全类"));
    assert_null(strstr(json, "\\u4eba"));
    assert_int_equal(json[strlen(json) - 1], '\n');

    /* Ids carry the zz- prefix (NCName cannot start with a digit); labels show ours. */
    json_t *groups = json_object_get(c, "groups");
    json_t *g32 = find_by(groups, "id", "zz-3.2");
    assert_non_null(g32);
    json_t *g323 = find_by(json_object_get(g32, "groups"), "id", "zz-3.2.3");
    assert_non_null(g323);
    json_t *ctl = find_by(json_object_get(g323, "controls"), "id", "zz-3.2.3-5");
    assert_non_null(ctl);
    json_t *label = find_by(json_object_get(ctl, "props"), "name", "label");
    assert_string_equal(json_string_value(json_object_get(label, "value")), "3.2.3-5");
    assert_null(json_object_get(label, "ns"));
    json_t *req = find_by(json_object_get(ctl, "props"), "name", "required");
    assert_string_equal(json_string_value(json_object_get(req, "value")), "false");
    assert_string_equal(json_string_value(json_object_get(req, "ns")), ZZ_OSCAL_NS);

    /* Statement prose is the guide's wording; methods carry OSCAL's EXAMINE/INTERVIEW. */
    json_t *parts = json_object_get(ctl, "parts");
    json_t *smt = find_by(parts, "name", "statement");
    assert_string_equal(json_string_value(json_object_get(smt, "prose")),
                        "拥有专职的注册信息安全专业人员不少于 4 名。");
    assert_string_equal(json_string_value(json_object_get(smt, "id")), "zz-3.2.3-5_smt");
    json_t *mth = find_by(parts, "name", "assessment-method");
    json_t *method = find_by(json_object_get(mth, "props"), "name", "method");
    assert_string_equal(json_string_value(json_object_get(method, "value")), "INTERVIEW");
    json_t *chk = find_by(parts, "name", "check");
    json_t *prm = find_by(json_object_get(chk, "props"), "name", "check-param");
    assert_string_equal(json_string_value(json_object_get(prm, "value")), "min=4");

    /* A prop value the schema's pattern refuses is a JSON literal with class "json". */
    json_t *g31 = find_by(groups, "id", "zz-3.1");
    json_t *c311 = find_by(json_object_get(g31, "controls"), "id", "zz-3.1-1");
    json_t *ten = find_by(json_object_get(c311, "props"), "name", "text-en");
    assert_string_equal(json_string_value(json_object_get(ten, "class")), "json");
    assert_string_equal(json_string_value(json_object_get(ten, "value")),
                        "\"\u3000Independent legal person.\"");

    /* Base practice as a sub-control, its indicator as a parameter. */
    json_t *g34 = find_by(groups, "id", "zz-3.4");
    json_t *pa = find_by(json_object_get(g34, "controls"), "id", "zz-3.4-1");
    json_t *bp = find_by(json_object_get(pa, "controls"), "id", "zz-3.4-1.BP1");
    assert_non_null(bp);
    json_t *ind = find_by(json_object_get(bp, "params"), "id", "zz-3.4-1.BP1.I1");
    assert_non_null(ind);
    assert_string_equal(json_string_value(json_array_get(json_object_get(ind, "values"), 0)),
                        "-9007199254740993");
    assert_string_equal(json_string_value(json_object_get(ind, "label")), "评审覆盖率");

    /* Generic practices: the last group, recognised by its class. */
    json_t *gpg = json_array_get(groups, json_array_size(groups) - 1);
    assert_string_equal(json_string_value(json_object_get(gpg, "class")), "generic-practices");
    assert_non_null(find_by(json_object_get(gpg, "controls"), "id", "zz-GP2.1.1"));

    json_decref(root);
    free(json);
    zz_catalog_free(cat);
}

/* Different versions of one catalogue get different UUIDs; the same one always the same. */
static void test_oscal__r1_8_uuid_follows_version(void **state)
{
    (void)state;
    zz_catalog *cat = load_inline();
    char *a = export_ok(cat);
    char *saved = cat->version;
    cat->version = "2026.10";
    char *b = export_ok(cat);
    cat->version = saved;
    json_t *ra = parse(a), *rb = parse(b);
    const char *ua = json_string_value(json_object_get(json_object_get(ra, "catalog"), "uuid"));
    const char *ub = json_string_value(json_object_get(json_object_get(rb, "catalog"), "uuid"));
    assert_string_not_equal(ua, ub);
    json_decref(ra);
    json_decref(rb);
    free(a);
    free(b);
    zz_catalog_free(cat);
}

/* last-modified: a year-month source date is the first of the month; junk falls back. */
static void test_oscal__r1_7_last_modified_from_source_date(void **state)
{
    (void)state;
    static const struct {
        const char *date, *want;
    } cases[] = {
        {"2026-06", "2026-06-01T00:00:00+08:00"},
        {"2026", "2026-01-01T00:00:00+08:00"},
        {"2026-12-31", "2026-12-31T00:00:00+08:00"},
        {"2027-02-29", "1970-01-01T00:00:00+08:00"}, /* not a date */
        {"June 2026", "1970-01-01T00:00:00+08:00"},
        {NULL, "1970-01-01T00:00:00+08:00"},
    };
    zz_catalog *cat = load_inline();
    char *saved = cat->source_date;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cat->source_date = (char *)cases[i].date;
        char *json = export_ok(cat);
        json_t *root = parse(json);
        json_t *md = json_object_get(json_object_get(root, "catalog"), "metadata");
        assert_string_equal(json_string_value(json_object_get(md, "last-modified")), cases[i].want);
        json_decref(root);
        free(json);
    }
    cat->source_date = saved;
    zz_catalog_free(cat);
}

/* ---- malformed documents: each refusal names the OSCAL JSON path ---- */

typedef void (*mutate_fn)(json_t *catalog);

static json_t *controls_of(json_t *c, size_t g)
{
    return json_object_get(json_array_get(json_object_get(c, "groups"), g), "controls");
}

/* Exports the inline catalogue, applies fn to its "catalog" object, imports, expects failure. */
static void expect_import_error(mutate_fn fn, const char *code, const char *needle)
{
    zz_catalog *cat = load_inline();
    char *json = export_ok(cat);
    json_t *root = parse(json);
    fn(json_object_get(root, "catalog"));
    char *bad = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    zz_catalog *back = (zz_catalog *)1;
    zz_err err = ZZ_ERR_INIT;
    int rc = zz_oscal_catalog_import(&back, bad, "bad.json", &err);
    assert_true(rc < 0);
    assert_int_equal(err.rc, rc);
    assert_null(back);
    assert_string_equal(err.code, code);
    if (!strstr(err.message, needle)) fail_msg("message \"%s\" lacks \"%s\"", err.message, needle);
    assert_non_null(strstr(err.message, "bad.json: "));
    assert_true(err.message_zh[0] != '\0');
    json_decref(root);
    free(bad);
    free(json);
    zz_catalog_free(cat);
}

static void drop_kind(json_t *c)
{
    json_t *props = json_object_get(json_array_get(controls_of(c, 0), 0), "props");
    size_t i;
    json_t *p;
    json_array_foreach(props, i, p)
    {
        if (strcmp(json_string_value(json_object_get(p, "name")), "kind") == 0) {
            json_array_remove(props, i);
            return;
        }
    }
    fail_msg("no kind prop");
}

static void test_oscal__r1_7_import_missing_prop_names_path(void **state)
{
    (void)state;
    expect_import_error(drop_kind, "oscal.missing",
                        "catalog.groups[0].controls[0].props: missing zizhi prop \"kind\"");
}

static void props_not_array(json_t *c)
{
    json_object_set_new(json_array_get(controls_of(c, 2), 0), "props", json_string("kind"));
}

static void test_oscal__r1_7_import_wrong_type_names_path(void **state)
{
    (void)state;
    expect_import_error(props_not_array, "oscal.type",
                        "catalog.groups[2].controls[0].props: expected array, got string");
}

static void prop_value_number(json_t *c)
{
    json_t *props = json_object_get(json_array_get(controls_of(c, 0), 0), "props");
    json_object_set_new(json_array_get(props, 2), "value", json_integer(1));
}

static void test_oscal__r1_7_import_prop_value_type(void **state)
{
    (void)state;
    expect_import_error(prop_value_number, "oscal.type",
                        "catalog.groups[0].controls[0].props[2].value: expected string");
}

static void bad_number(json_t *c)
{
    json_t *props = json_object_get(json_array_get(controls_of(c, 0), 0), "props");
    json_object_set_new(json_array_get(props, 2), "value", json_string("1a"));
}

static void test_oscal__r1_7_import_bad_integer(void **state)
{
    (void)state;
    expect_import_error(bad_number, "oscal.bad_value",
                        "catalog.groups[0].controls[0].props: zizhi prop \"number\" is not an "
                        "integer: \"1a\"");
}

static void unknown_prop(json_t *c)
{
    json_t *props = json_object_get(json_array_get(controls_of(c, 0), 0), "props");
    json_array_append_new(
        props, json_pack("{s:s,s:s,s:s}", "name", "colour", "ns", ZZ_OSCAL_NS, "value", "red"));
}

static void test_oscal__r1_7_import_unknown_zizhi_prop(void **state)
{
    (void)state;
    expect_import_error(unknown_prop, "oscal.unknown",
                        "catalog.groups[0].controls[0].props[5]: unknown zizhi prop \"colour\"");
}

static void foreign_id(json_t *c)
{
    json_object_set_new(json_array_get(controls_of(c, 0), 0), "id", json_string("ac-1"));
}

static void test_oscal__r1_7_import_foreign_id(void **state)
{
    (void)state;
    expect_import_error(foreign_id, "oscal.bad_id",
                        "catalog.groups[0].controls[0].id: not a "
                        "zizhi id \"ac-1\"");
}

static void no_statement(json_t *c)
{
    json_t *bp =
        json_array_get(json_object_get(json_array_get(controls_of(c, 2), 0), "controls"), 0);
    json_array_remove(json_object_get(bp, "parts"), 0);
}

static void test_oscal__r1_7_import_missing_statement(void **state)
{
    (void)state;
    expect_import_error(no_statement, "oscal.missing",
                        "catalog.groups[2].controls[0].controls[0]: missing statement part");
}

static void bad_json_literal(json_t *c)
{
    json_t *props = json_object_get(json_array_get(controls_of(c, 0), 0), "props");
    json_t *p = json_array_get(props, 4); /* text-en, written as a JSON literal */
    assert_string_equal(json_string_value(json_object_get(p, "name")), "text-en");
    json_object_set_new(p, "value", json_string("not json"));
}

static void test_oscal__r1_7_import_bad_json_literal(void **state)
{
    (void)state;
    expect_import_error(bad_json_literal, "oscal.bad_value",
                        "catalog.groups[0].controls[0].props[4].value: a value of class json");
}

static void wrong_format_version(json_t *c)
{
    json_t *props = json_object_get(json_object_get(c, "metadata"), "props");
    json_object_set_new(json_array_get(props, 1), "value", json_string("2"));
}

static void test_oscal__r1_7_import_format_version(void **state)
{
    (void)state;
    expect_import_error(wrong_format_version, "oscal.bad_value",
                        "catalog.metadata.props: unsupported zizhi catalogue format version");
}

static void top_controls(json_t *c)
{
    json_object_set_new(c, "controls", json_array());
}

static void test_oscal__r1_7_import_refuses_unmapped_controls(void **state)
{
    (void)state;
    expect_import_error(top_controls, "oscal.unknown", "catalog.controls: ");
}

/* The catalogue's own invariants still apply: a requirement without methods (I5, R-1.6). */
static void drop_methods(json_t *c)
{
    json_t *parts = json_object_get(json_array_get(controls_of(c, 0), 0), "parts");
    for (size_t i = json_array_size(parts); i-- > 0;) {
        const char *n = json_string_value(json_object_get(json_array_get(parts, i), "name"));
        if (strcmp(n, "assessment-method") == 0) json_array_remove(parts, i);
    }
}

static void test_oscal__r1_6_import_revalidates_catalogue(void **state)
{
    (void)state;
    zz_catalog *cat = load_inline();
    char *json = export_ok(cat);
    json_t *root = parse(json);
    drop_methods(json_object_get(root, "catalog"));
    char *bad = json_dumps(root, 0);
    zz_catalog *back = NULL;
    zz_err err = ZZ_ERR_INIT;
    assert_true(zz_oscal_catalog_import(&back, bad, "bad.json", &err) < 0);
    assert_null(back);
    assert_true(strncmp(err.code, "catalog.", 8) == 0);
    assert_non_null(strstr(err.message, "methods"));
    json_decref(root);
    free(bad);
    free(json);
    zz_catalog_free(cat);
}

static void test_oscal__r1_7_import_not_json_or_not_catalog(void **state)
{
    (void)state;
    zz_catalog *back = NULL;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_oscal_catalog_import(&back, "{\"catalog\": [", "x.json", &err), ZZ_EINVAL);
    assert_string_equal(err.code, "oscal.json");
    assert_non_null(strstr(err.message, "x.json: line 1"));

    zz_err_clear(&err);
    assert_int_equal(zz_oscal_catalog_import(&back, "{\"profile\": {}}", "x.json", &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "oscal.missing");
    assert_non_null(strstr(err.message, "x.json: catalog: missing"));

    zz_err_clear(&err);
    assert_int_equal(zz_oscal_catalog_import(&back, "[]", "x.json", &err), ZZ_EINVAL);
    assert_string_equal(err.code, "oscal.type");
    assert_null(back);
}

/* Export refuses ids it cannot turn into OSCAL tokens rather than writing an invalid document. */
static void test_oscal__r1_7_export_refuses_non_token_id(void **state)
{
    (void)state;
    zz_catalog *cat = load_inline();
    char *saved = cat->groups[0].id;
    cat->groups[0].id = "3 1";
    char *json = NULL;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_oscal_catalog_export(&json, cat, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "oscal.bad_id");
    assert_non_null(strstr(err.message, "3 1"));
    assert_null(json);
    cat->groups[0].id = saved;
    zz_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oscal__r1_7_round_trip_inline_catalogue),
        cmocka_unit_test(test_oscal__r1_7_round_trip_level2_test_catalogue),
        cmocka_unit_test(test_oscal__r1_7_round_trip_shipped_catalogue),
        cmocka_unit_test(test_oscal__r1_7_export_shape),
        cmocka_unit_test(test_oscal__r1_8_uuid_follows_version),
        cmocka_unit_test(test_oscal__r1_7_last_modified_from_source_date),
        cmocka_unit_test(test_oscal__r1_7_import_missing_prop_names_path),
        cmocka_unit_test(test_oscal__r1_7_import_wrong_type_names_path),
        cmocka_unit_test(test_oscal__r1_7_import_prop_value_type),
        cmocka_unit_test(test_oscal__r1_7_import_bad_integer),
        cmocka_unit_test(test_oscal__r1_7_import_unknown_zizhi_prop),
        cmocka_unit_test(test_oscal__r1_7_import_foreign_id),
        cmocka_unit_test(test_oscal__r1_7_import_missing_statement),
        cmocka_unit_test(test_oscal__r1_7_import_bad_json_literal),
        cmocka_unit_test(test_oscal__r1_7_import_format_version),
        cmocka_unit_test(test_oscal__r1_7_import_refuses_unmapped_controls),
        cmocka_unit_test(test_oscal__r1_6_import_revalidates_catalogue),
        cmocka_unit_test(test_oscal__r1_7_import_not_json_or_not_catalog),
        cmocka_unit_test(test_oscal__r1_7_export_refuses_non_token_id),
    };
    return cmocka_run_group_tests_name("oscal", tests, NULL, NULL);
}
