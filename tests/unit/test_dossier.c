/*
 * test_dossier.c — src/core/dossier.c, src/store/dossier_store.c, src/doc/package.c: application
 * preparation (SPEC section 2). classification through create and submit with fixed dates
 * at the exact 6-month edges, the findings of every kind, submission refused with nothing
 * written, R-0 roles (a member cannot submit, another organisation sees nothing), the
 * package (build, verify, a tampered member named, "../x", absolute paths and symlinks refused),
 * rebind with its report.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <ftw.h>
#include <jansson.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zizhi/blob.h"
#include "zizhi/catalog.h"
#include "zizhi/ctx.h"
#include "zizhi/dossier.h"
#include "zizhi/org.h"
#include "zizhi/package.h"
#include "zizhi/user.h"
#include "zizhi/uscc.h"

#define D(y, m, d) ZZ_DATE(y, m, d)

typedef struct fx {
    char dir[64];
    zz_ctx *cx;
    int64_t org_a, org_b;
    char uscc_a[ZZ_USCC_LEN + 1];
} fx;

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void at(fx *f, zz_date d)
{
    f->cx->clock = zz_clock_fixed(d);
}

static void as(fx *f, const char *user)
{
    zz_err err = ZZ_ERR_INIT;
    if (user)
        assert_int_equal(zz_ctx_act_as(f->cx, user, &err), 0);
    else
        zz_ctx_act_as_system(f->cx);
}

static void add_user(fx *f, const char *name, int64_t org, zz_role role)
{
    zz_err err = ZZ_ERR_INIT;
    zz_user_new u = {.username = name, .display_name = name, .org_id = org};
    int64_t id = 0;
    assert_int_equal(zz_user_create(f->cx, &u, &id, &err), 0);
    assert_int_equal(zz_user_grant(f->cx, name, role, &err), 0);
}

/* Two organisations: A meets every data check from 2024 to 2029, B meets none. */
static int open_fx(fx *f, const char *catalog_dir)
{
    memset(f, 0, sizeof *f);
    setenv("ZIZHI_PW_FAST", "1", 1);
    snprintf(f->dir, sizeof f->dir, "/tmp/zz-test-dossier-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    zz_err err = ZZ_ERR_INIT;
    if (zz_ctx_open(&f->cx, f->dir, catalog_dir, zz_clock_fixed(D(2026, 1, 15)), &err) < 0)
        return -1;
    char ub[ZZ_USCC_LEN + 1];
    zz_uscc_make(f->uscc_a, "91110108MA01ABCD1", NULL);
    zz_uscc_make(ub, "91310115MA1K4XYW2", NULL);
    zz_org_in a = {.name = "北京甲智能安全科技有限公司",
                   .uscc = f->uscc_a,
                   .legal_person = true,
                   .email = "a@example.cn"};
    zz_org_in b = {.name = "上海乙信息技术有限公司",
                   .uscc = ub,
                   .legal_person = true,
                   .email = "b@example.cn"};
    zz_user_new admin_a = {.username = "admin.a", .display_name = "甲管理员"};
    zz_user_new admin_b = {.username = "admin.b", .display_name = "乙管理员"};
    if (zz_org_create(f->cx, &a, &admin_a, &f->org_a, NULL, &err) < 0 ||
        zz_org_create(f->cx, &b, &admin_b, &f->org_b, NULL, &err) < 0)
        return -1;
    for (int i = 0; i < 4; i++) {
        zz_person_in p = {.name = "持证人",
                          .employment = ZZ_EMPLOY_FULL_TIME,
                          .ai_security = true,
                          .cisp_number = "CISP-2024",
                          .cisp_valid_from = D(2024, 1, 1),
                          .cisp_valid_until = D(2029, 12, 31),
                          .nda_signed_on = D(2024, 1, 1)};
        if (zz_person_add(f->cx, f->org_a, &p, NULL, &err) < 0) return -1;
    }
    zz_project_in pj = {.name = "大模型安全评估",
                        .ai_security = true,
                        .completed_on = D(2025, 5, 1),
                        .acceptance = ZZ_ACCEPT_PASSED,
                        .accepted_on = D(2025, 5, 2)};
    if (zz_project_add(f->cx, f->org_a, &pj, NULL, &err) < 0) return -1;
    add_user(f, "member.a", f->org_a, ZZ_ROLE_APPLICANT_MEMBER);
    add_user(f, "mgr", 0, ZZ_ROLE_MANAGER);
    return 0;
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (!f || open_fx(f, "catalog") < 0) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    zz_ctx_close(f->cx);
    nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return 0;
}

/* ---------------------------------------------------------------- database probes */

static int64_t q_int(fx *f, const char *sql, int64_t arg)
{
    char path[128];
    snprintf(path, sizeof path, "%s/zizhi.db", f->dir);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    if (sqlite3_bind_parameter_count(s) > 0) sqlite3_bind_int64(s, 1, arg);
    int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

static int64_t audit_count(fx *f)
{
    return q_int(f, "SELECT COUNT(*) FROM audit_log", 0);
}

/* A certificate of org A for ai-security level 1, inserted as the certificate module would. */
static void insert_cert(fx *f, const char *number, const char *issued, const char *expires,
                        const char *revoked_on, const char *superseded_on)
{
    char path[128];
    snprintf(path, sizeof path, "%s/zizhi.db", f->dir);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *s = NULL;
    assert_int_equal(
        sqlite3_prepare_v2(db,
                           "INSERT INTO certificates (number, org_id, org_name, uscc, category,"
                           " level, issue_date, expiry_date, revoked_on, superseded_on, record,"
                           " signature, audit_count, audit_head) VALUES (?, ?, '甲', ?,"
                           " 'ai-security', 1, ?, ?, ?, ?, '{}', 'sig', 0, '')",
                           -1, &s, NULL),
        SQLITE_OK);
    sqlite3_bind_text(s, 1, number, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, f->org_a);
    sqlite3_bind_text(s, 3, f->uscc_a, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, issued, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, expires, -1, SQLITE_STATIC);
    if (revoked_on) sqlite3_bind_text(s, 6, revoked_on, -1, SQLITE_STATIC);
    if (superseded_on) sqlite3_bind_text(s, 7, superseded_on, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(s), SQLITE_DONE);
    sqlite3_finalize(s);
    sqlite3_close(db);
}

/* ---------------------------------------------------------------- dossier builders */

static void put_blob(fx *f, const char *content, char hex[ZZ_SM3_HEXLEN + 1])
{
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_blob_put(hex, f->dir, content, strlen(content), &err), 0);
}

static char *full_form(fx *f)
{
    json_t *o = json_pack(
        "{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:s,s:i,s:i,s:i,s:s,s:s,s:s,s:s,s:s,s:b,s:s}",
        "org_name", "北京甲智能安全科技有限公司", "uscc", f->uscc_a, "legal_representative", "张三",
        "registered_address", "北京市海淀区中关村大街1号", "mailing_address",
        "北京市海淀区中关村大街1号", "postcode", "100080", "contact_name", "李四", "contact_phone",
        "010-12345678", "contact_email", "a@example.cn", "established_on", "2015-06-01",
        "registered_capital_wan", 1000, "org_nature", "有限责任公司", "staff_total", 120,
        "security_staff", 30, "cisp_fulltime", 4, "overview", "概况", "assets_operations",
        "近三年资产运营情况良好", "technical_capability", "技术能力", "projects_summary",
        "项目汇总", "development_plan", "发展规划", "declaration", 1, "filled_on", "2026-01-10");
    char *t = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return t;
}

/* A dossier of org A with no findings on today's date: form, every answer, one evidence file
 * mapped to every requirement, the stamped scan, the binding declaration and the package. */
static int64_t complete_dossier(fx *f)
{
    zz_err err = ZZ_ERR_INIT;
    as(f, "admin.a");
    int64_t id = 0;
    assert_int_equal(zz_dossier_create(f->cx, 0, "ai-security", 1, &id, &err), 0);
    char *form = full_form(f);
    assert_int_equal(zz_dossier_set_form(f->cx, id, form, &err), 0);
    free(form);
    const zz_catalog *cat = NULL;
    assert_int_equal(zz_ctx_catalog(f->cx, "ai-security-1", NULL, &cat, &err), 0);
    const char **reqs = calloc(cat->n_reqs, sizeof *reqs);
    for (size_t i = 0; i < cat->n_reqs; i++) {
        reqs[i] = cat->reqs[i]->id;
        assert_int_equal(zz_dossier_answer(f->cx, id, cat->reqs[i]->id, ZZ_SELF_CONFORMS,
                                           "我单位满足该项要求，证据见附件。", &err),
                         0);
    }
    char hex[ZZ_SM3_HEXLEN + 1], scan[ZZ_SM3_HEXLEN + 1];
    put_blob(f, "制度文件汇编 2026", hex);
    int64_t eid = 0;
    assert_int_equal(zz_dossier_add_evidence(f->cx, id, hex, "制度汇编.pdf", "application/pdf",
                                             strlen("制度文件汇编 2026"), reqs, cat->n_reqs, &eid,
                                             &err),
                     0);
    free(reqs);
    put_blob(f, "%PDF-1.4 stamped scan", scan);
    assert_int_equal(zz_dossier_set_stamped_scan(f->cx, id, scan, &err), 0);
    assert_int_equal(zz_dossier_declare_bound(f->cx, id, &err), 0);
    assert_int_equal(zz_dossier_build_package(f->cx, id, NULL, NULL, &err), 0);
    zz_finding *fd = NULL;
    size_t n = 99;
    assert_int_equal(zz_dossier_check(f->cx, id, &fd, &n, &err), 0);
    if (n > 0)
        fprintf(stderr, "unexpected finding: %s %s %s\n", fd[0].item, fd[0].code, fd[0].text_en);
    assert_int_equal(n, 0);
    assert_null(fd);
    return id;
}

static zz_dossier *get(fx *f, int64_t id)
{
    zz_err err = ZZ_ERR_INIT;
    zz_dossier *d = NULL;
    assert_int_equal(zz_dossier_get(f->cx, id, &d, &err), 0);
    return d;
}

/* ---------------------------------------------------------------- classification */

static void test_dossier__r2_4_no_certificate_is_initial(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    as(f, "admin.a");
    int64_t id = 0;
    assert_int_equal(zz_dossier_create(f->cx, 0, "ai-security", 1, &id, &err), 0);
    zz_dossier *d = get(f, id);
    assert_string_equal(d->app_type, "initial");
    assert_string_equal(d->timing, "");
    assert_string_equal(d->type_reason_code, "maint.no_certificate");
    assert_string_equal(d->catalog_id, "ai-security-1");
    assert_string_equal(d->catalog_version, "2026.06"); /* bound to the current version */
    assert_string_equal(d->status, "draft");
    assert_int_equal(d->prior_cert_id, 0);
    zz_dossier_free(d);
}

/* expiry 2026-08-31: on time up to 2026-02-28 (month-end clamp), late from 2026-03-01 */
static void test_dossier__r2_4_on_time_at_create_late_at_submission(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    insert_cert(f, "CNITSEC2023AIS1-0001", "2023-09-01", "2026-08-31", NULL, NULL);
    at(f, D(2026, 2, 28));
    int64_t id = complete_dossier(f);
    zz_dossier *d = get(f, id);
    assert_string_equal(d->app_type, "maintenance");
    assert_string_equal(d->timing, "on_time");
    assert_string_equal(d->type_reason_code, "maint.on_time");
    assert_string_equal(d->type_decided_on, "2026-02-28");
    assert_string_equal(d->type_warning, "");
    assert_true(d->prior_cert_id > 0);
    zz_dossier_free(d);

    /* the submission date counts: one day after the on-time limit is late, and it is recorded */
    at(f, D(2026, 3, 1));
    int64_t case_id = 0;
    assert_int_equal(zz_dossier_submit(f->cx, id, &case_id, &err), 0);
    assert_true(case_id > 0);
    d = get(f, id);
    assert_string_equal(d->status, "submitted");
    assert_string_equal(d->submitted_on, "2026-03-01");
    assert_string_equal(d->app_type, "maintenance");
    assert_string_equal(d->timing, "late");
    assert_string_equal(d->type_reason_code, "maint.late");
    assert_string_equal(d->type_decided_on, "2026-03-01");
    assert_non_null(strstr(d->type_warning, "2026-08-31"));
    assert_non_null(strstr(d->type_warning_en, "may lapse before the decision"));
    assert_int_equal(d->case_id, case_id);
    zz_dossier_free(d);
    assert_int_equal(q_int(f, "SELECT COUNT(*) FROM cases WHERE dossier_id = ?", id), 1);
}

static void test_dossier__r2_4_on_time_on_the_exact_limit_day(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    insert_cert(f, "CNITSEC2023AIS1-0002", "2023-09-01", "2026-08-31", NULL, NULL);
    at(f, D(2026, 2, 1));
    int64_t id = complete_dossier(f);
    at(f, D(2026, 2, 28)); /* 2026-08-31 minus 6 months = 2026-02-28 */
    int64_t case_id = 0;
    assert_int_equal(zz_dossier_submit(f->cx, id, &case_id, &err), 0);
    zz_dossier *d = get(f, id);
    assert_string_equal(d->timing, "on_time");
    assert_string_equal(d->type_decided_on, "2026-02-28");
    zz_dossier_free(d);
}

/* expiry 2026-08-31 + 6 months = 2027-02-28: still late maintenance that day, initial the next */
static void test_dossier__r2_4_over_6_months_after_expiry_is_initial_with_reason(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    insert_cert(f, "CNITSEC2023AIS1-0003", "2023-09-01", "2026-08-31", NULL, NULL);
    as(f, "admin.a");
    int64_t late = 0, initial = 0;
    at(f, D(2027, 2, 28));
    assert_int_equal(zz_dossier_create(f->cx, 0, "ai-security", 1, &late, &err), 0);
    at(f, D(2027, 3, 1));
    assert_int_equal(zz_dossier_create(f->cx, 0, "ai-security", 1, &initial, &err), 0);
    zz_dossier *d = get(f, late);
    assert_string_equal(d->app_type, "maintenance");
    assert_string_equal(d->timing, "late");
    zz_dossier_free(d);
    d = get(f, initial);
    assert_string_equal(d->app_type, "initial");
    assert_string_equal(d->type_reason_code, "maint.expired_over_6_months");
    assert_non_null(strstr(d->type_reason, "视作初次申请"));
    assert_true(d->prior_cert_id > 0); /* the certificate considered is recorded */
    zz_dossier_free(d);

    /* and through submission: a dossier started late becomes initial when submitted too late */
    at(f, D(2027, 2, 20));
    int64_t id = complete_dossier(f);
    d = get(f, id);
    assert_string_equal(d->timing, "late");
    zz_dossier_free(d);
    at(f, D(2027, 3, 1));
    int64_t case_id = 0;
    assert_int_equal(zz_dossier_submit(f->cx, id, &case_id, &err), 0);
    d = get(f, id);
    assert_string_equal(d->app_type, "initial");
    assert_string_equal(d->timing, "");
    assert_string_equal(d->type_reason_code, "maint.expired_over_6_months");
    assert_string_equal(d->type_decided_on, "2027-03-01");
    zz_dossier_free(d);
}

static void test_dossier__r2_4_revoked_certificate_is_initial_with_reason(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    insert_cert(f, "CNITSEC2024AIS1-0004", "2024-09-01", "2027-08-31", "2025-12-01", NULL);
    at(f, D(2026, 1, 15));
    as(f, "admin.a");
    int64_t id = 0;
    assert_int_equal(zz_dossier_create(f->cx, 0, "ai-security", 1, &id, &err), 0);
    zz_dossier *d = get(f, id);
    assert_string_equal(d->app_type, "initial");
    assert_string_equal(d->type_reason_code, "maint.revoked");
    assert_non_null(strstr(d->type_reason, "2025-12-01"));
    zz_dossier_free(d);
}

/* the latest certificate that has not been superseded counts */
static void test_dossier__r2_4_superseded_certificate_is_not_counted(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    insert_cert(f, "CNITSEC2020AIS1-0005", "2020-09-01", "2023-08-31", NULL, "2023-06-01");
    insert_cert(f, "CNITSEC2023AIS1-0006", "2023-06-01", "2026-05-31", NULL, NULL);
    at(f, D(2025, 11, 30)); /* 2026-05-31 minus 6 months = 2025-11-30 */
    as(f, "admin.a");
    int64_t id = 0;
    assert_int_equal(zz_dossier_create(f->cx, 0, "ai-security", 1, &id, &err), 0);
    zz_dossier *d = get(f, id);
    assert_string_equal(d->app_type, "maintenance");
    assert_string_equal(d->timing, "on_time");
    zz_dossier_free(d);
}

/* ---------------------------------------------------------------- completeness */

static const zz_finding *find(const zz_finding *fd, size_t n, const char *item, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(fd[i].item, item) == 0 && strcmp(fd[i].code, code) == 0) return &fd[i];
    return NULL;
}

static void test_dossier__r2_2_findings_of_every_kind(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    as(f, "admin.b"); /* organisation B has no CISP holders and no project */
    int64_t id = 0;
    assert_int_equal(zz_dossier_create(f->cx, 0, "ai-security", 1, &id, &err), 0);
    assert_int_equal(
        zz_dossier_set_form(f->cx, id, "{\"org_name\":\"上海乙\",\"postcode\":\"20A\"}", &err), 0);
    assert_int_equal(zz_dossier_answer(f->cx, id, "3.3-1", ZZ_SELF_NOT_APPLICABLE,
                                       "本单位不从事基座安全服务", &err),
                     0);
    zz_finding *fd = NULL;
    size_t n = 0;
    assert_int_equal(zz_dossier_check(f->cx, id, &fd, &n, &err), 0);
    assert_true(n > 0);
    /* form fields: missing and malformed */
    const zz_finding *x = find(fd, n, "form.uscc", "form.missing");
    assert_non_null(x);
    assert_non_null(strstr(x->text_zh, "统一社会信用代码"));
    assert_non_null(find(fd, n, "form.declaration", "form.missing"));
    assert_non_null(x = find(fd, n, "form.postcode", "form.invalid"));
    assert_non_null(strstr(x->text_zh, "6 位数字"));
    assert_null(find(fd, n, "form.org_name", "form.missing"));
    assert_null(find(fd, n, "form.website", "form.missing")); /* optional */
    /* no answer; no evidence where documents or records are expected */
    assert_non_null(x = find(fd, n, "3.1-1", "answer.missing"));
    assert_string_equal(x->rule, "R-2.2");
    assert_non_null(find(fd, n, "3.1-1", "evidence.missing"));
    assert_null(find(fd, n, "3.3-1", "answer.missing"));
    assert_null(find(fd, n, "3.3-1", "evidence.missing")); /* not applicable, justified */
    /* data checks on the submission date (today) */
    assert_non_null(x = find(fd, n, "3.2.3-5", "check.cisp_fulltime_min"));
    assert_string_equal(x->rule, "R-1.3");
    assert_non_null(find(fd, n, "3.2.6-1", "check.completed_projects_min"));
    assert_null(find(fd, n, "3.2.6-2", "check.no_failed_acceptance_within"));
    /* materials */
    assert_non_null(find(fd, n, "dossier.stamped_scan", "scan.missing"));
    assert_non_null(find(fd, n, "dossier.bound", "bound.missing"));
    assert_non_null(x = find(fd, n, "dossier.package", "package.missing"));
    assert_string_equal(x->rule, "R-2.3");
    /* order: form first, then requirements in guide order, then materials */
    assert_int_equal(strncmp(fd[0].item, "form.", 5), 0);
    assert_string_equal(fd[n - 1].item, "dossier.package");
    /* the report as JSON */
    char *json = NULL;
    assert_int_equal(zz_dossier_findings_json(&json, id, f->cx->clock.today, fd, n, &err), 0);
    json_t *o = json_loads(json, 0, NULL);
    assert_non_null(o);
    assert_false(json_is_true(json_object_get(o, "complete")));
    assert_int_equal(json_integer_value(json_object_get(o, "count")), (json_int_t)n);
    assert_int_equal(json_array_size(json_object_get(o, "findings")), n);
    json_decref(o);
    free(json);
    free(fd);
}

static void test_dossier__r2_5_package_goes_stale_after_a_change(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    int64_t id = complete_dossier(f);
    assert_int_equal(zz_dossier_answer(f->cx, id, "3.1-2", ZZ_SELF_PARTIAL, "部分满足", &err), 0);
    zz_finding *fd = NULL;
    size_t n = 0;
    assert_int_equal(zz_dossier_check(f->cx, id, &fd, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(fd[0].code, "package.stale");
    free(fd);
    assert_int_equal(zz_dossier_build_package(f->cx, id, NULL, NULL, &err), 0);
    assert_int_equal(zz_dossier_check(f->cx, id, &fd, &n, &err), 0);
    assert_int_equal(n, 0);
}

/* refused while findings remain, and nothing is written */
static void test_dossier__r2_2_submit_refused_with_findings_writes_nothing(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    as(f, "admin.a");
    int64_t id = 0, case_id = 77;
    assert_int_equal(zz_dossier_create(f->cx, 0, "ai-security", 1, &id, &err), 0);
    int64_t before = audit_count(f);
    assert_int_equal(zz_dossier_submit(f->cx, id, &case_id, &err), ZZ_ERULE);
    assert_string_equal(err.code, "gate.incomplete");
    assert_string_equal(err.rule, "R-2.2");
    assert_non_null(strstr(err.message, "findings remain"));
    assert_non_null(strstr(err.message_zh, "不能提交"));
    assert_int_equal(case_id, 0);
    assert_int_equal(audit_count(f), before);
    assert_int_equal(q_int(f, "SELECT COUNT(*) FROM cases WHERE dossier_id = ?", id), 0);
    zz_dossier *d = get(f, id);
    assert_string_equal(d->status, "draft");
    assert_string_equal(d->submitted_on, "");
    zz_dossier_free(d);
}

/* applicant_member prepares but cannot submit */
static void test_dossier__r0_member_cannot_submit(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    int64_t id = complete_dossier(f);
    as(f, "member.a");
    assert_int_equal(zz_dossier_answer(f->cx, id, "3.1-2", ZZ_SELF_CONFORMS, "满足", &err), 0);
    assert_int_equal(zz_dossier_build_package(f->cx, id, NULL, NULL, &err), 0);
    int64_t before = audit_count(f), case_id = 0;
    assert_int_equal(zz_dossier_submit(f->cx, id, &case_id, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    assert_int_equal(audit_count(f), before);
    zz_dossier *d = get(f, id);
    assert_string_equal(d->status, "draft");
    zz_dossier_free(d);
    as(f, "admin.a");
    assert_int_equal(zz_dossier_submit(f->cx, id, &case_id, &err), 0);
    /* after submission the dossier is frozen */
    assert_int_equal(zz_dossier_answer(f->cx, id, "3.1-2", ZZ_SELF_CONFORMS, "x", &err), ZZ_ESTATE);
    assert_string_equal(err.code, "dossier.not_draft");
    /* the courier may still be recorded */
    assert_int_equal(zz_dossier_set_courier(f->cx, id, "顺丰速运", "SF1234567890", &err), 0);
    assert_int_equal(zz_dossier_set_courier(f->cx, id, "顺丰速运", "SF 12/34", &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.tracking_no");
}

/* another organisation's admin learns nothing: the manager sees submitted only */
static void test_dossier__r0_1_other_org_gets_not_found(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    as(f, "admin.a");
    int64_t id = 0;
    assert_int_equal(zz_dossier_create(f->cx, 0, "ai-security", 1, &id, &err), 0);
    as(f, "admin.b");
    zz_dossier *d = NULL;
    assert_int_equal(zz_dossier_get(f->cx, id, &d, &err), ZZ_ENOTFOUND);
    assert_string_equal(err.code, "dossier.not_found");
    assert_null(d);
    int64_t before = audit_count(f);
    assert_int_equal(zz_dossier_answer(f->cx, id, "3.1-1", ZZ_SELF_CONFORMS, "x", &err),
                     ZZ_ENOTFOUND);
    assert_string_equal(err.code, "dossier.not_found");
    zz_finding *fd = NULL;
    size_t n = 0;
    assert_int_equal(zz_dossier_check(f->cx, id, &fd, &n, &err), ZZ_ENOTFOUND);
    int64_t case_id = 0;
    assert_int_equal(zz_dossier_submit(f->cx, id, &case_id, &err), ZZ_ENOTFOUND);
    assert_int_equal(audit_count(f), before);
    /* a dossier for another organisation cannot be created either */
    int64_t other = 0;
    assert_int_equal(zz_dossier_create(f->cx, f->org_a, "ai-security", 1, &other, &err),
                     ZZ_ENOTFOUND);
    assert_string_equal(err.code, "org.not_found");
    /* lists: own organisation only */
    zz_dossier *arr = NULL;
    int64_t total = -1;
    zz_dossier_filter flt = {.org_id = f->org_a};
    assert_int_equal(zz_dossier_list(f->cx, &flt, &arr, &n, &total, &err), ZZ_ENOTFOUND);
    assert_int_equal(zz_dossier_list(f->cx, NULL, &arr, &n, &total, &err), 0);
    assert_int_equal(total, 0);
    zz_dossier_list_free(arr, n);
    /* the manager does not see drafts (the applicant's workspace) */
    as(f, "mgr");
    assert_int_equal(zz_dossier_get(f->cx, id, &d, &err), ZZ_ENOTFOUND);
    assert_int_equal(zz_dossier_answer(f->cx, id, "3.1-1", ZZ_SELF_CONFORMS, "x", &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    assert_int_equal(zz_dossier_list(f->cx, NULL, &arr, &n, &total, &err), 0);
    assert_int_equal(total, 0);
    zz_dossier_list_free(arr, n);
}

/* ---------------------------------------------------------------- evidence */

static void test_dossier__evidence_checks_and_sanitised_names(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    as(f, "member.a");
    int64_t id = 0, eid = 0;
    assert_int_equal(zz_dossier_create(f->cx, 0, "ai-security", 1, &id, &err), 0);
    char hex[ZZ_SM3_HEXLEN + 1];
    put_blob(f, "证据内容", hex);
    size_t len = strlen("证据内容");
    const char *good[] = {"3.1-1", "3.1-1"};
    const char *bad[] = {"3.1-1", "9.9-9"};
    int64_t before = audit_count(f);
    assert_int_equal(
        zz_dossier_add_evidence(f->cx, id, hex, "x.pdf", NULL, len, bad, 2, &eid, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.item");
    assert_int_equal(audit_count(f), before);
    assert_int_equal(
        zz_dossier_add_evidence(f->cx, id, hex, "x.pdf", NULL, len + 1, good, 2, &eid, &err),
        ZZ_EINVAL);
    assert_string_equal(err.code, "input.size");
    char missing[ZZ_SM3_HEXLEN + 1];
    memset(missing, 'a', ZZ_SM3_HEXLEN);
    missing[ZZ_SM3_HEXLEN] = '\0';
    assert_int_equal(
        zz_dossier_add_evidence(f->cx, id, missing, "x.pdf", NULL, len, good, 2, &eid, &err),
        ZZ_ENOTFOUND);
    assert_string_equal(err.code, "store.blob_missing");
    assert_int_equal(
        zz_dossier_add_evidence(f->cx, id, "../../etc/passwd", "x", NULL, len, good, 1, &eid, &err),
        ZZ_EINVAL);
    assert_string_equal(err.code, "input.digest");
    assert_int_equal(audit_count(f), before);

    assert_int_equal(zz_dossier_add_evidence(f->cx, id, hex, "../../C:\\tmp\\..\x01营业执照.pdf",
                                             "application/pdf", len, good, 2, &eid, &err),
                     0);
    zz_dossier_evidence *ev = NULL;
    size_t n = 0;
    assert_int_equal(zz_dossier_evidence_list(f->cx, id, &ev, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(ev[0].filename, "营业执照.pdf");
    assert_int_equal(ev[0].n_req_ids, 1);
    assert_string_equal(ev[0].req_ids[0], "3.1-1");
    zz_dossier_evidence_free(ev, n);

    assert_int_equal(zz_dossier_map_evidence(f->cx, id, eid, "3.1-2", &err), 0);
    assert_int_equal(zz_dossier_map_evidence(f->cx, id, eid, "3.1-2", &err), 0); /* no-op */
    assert_int_equal(zz_dossier_unmap_evidence(f->cx, id, eid, "3.1-2", &err), 0);
    assert_int_equal(zz_dossier_unmap_evidence(f->cx, id, eid, "3.1-2", &err), ZZ_ENOTFOUND);
    assert_string_equal(err.code, "evidence.not_mapped");
    assert_int_equal(zz_dossier_map_evidence(f->cx, id, eid + 100, "3.1-2", &err), ZZ_ENOTFOUND);
    assert_string_equal(err.code, "evidence.not_found");
    assert_int_equal(zz_dossier_remove_evidence(f->cx, id, eid, &err), 0);
    assert_int_equal(zz_dossier_evidence_list(f->cx, id, &ev, &n, &err), 0);
    assert_int_equal(n, 0);
    zz_dossier_evidence_free(ev, n);

    /* answers: unknown item, not applicable without a reason */
    assert_int_equal(zz_dossier_answer(f->cx, id, "3.9-1", ZZ_SELF_CONFORMS, "x", &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.item");
    assert_int_equal(zz_dossier_answer(f->cx, id, "3.3-1", ZZ_SELF_NOT_APPLICABLE, " ", &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "input.statement");
    /* form: not an object, unknown field */
    assert_int_equal(zz_dossier_set_form(f->cx, id, "[1,2]", &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.form");
    assert_int_equal(zz_dossier_set_form(f->cx, id, "{\"nickname\":\"x\"}", &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.form_field");
}

static void test_dossier__sanitize_filename(void **state)
{
    (void)state;
    char out[ZZ_DOSSIER_FILENAME_MAX + 1];
    assert_string_equal(zz_dossier_sanitize_filename(out, "/etc/passwd"), "passwd");
    assert_string_equal(zz_dossier_sanitize_filename(out, ".."), "file");
    assert_string_equal(zz_dossier_sanitize_filename(out, "a\\b\\..\\c.txt"), "c.txt");
    assert_string_equal(zz_dossier_sanitize_filename(out, "  .hidden "), "hidden");
    assert_string_equal(zz_dossier_sanitize_filename(out, "x\ny\x7f\xff.pdf"), "xy.pdf");
    assert_string_equal(zz_dossier_sanitize_filename(out, "C:report.pdf"), "C_report.pdf");
    assert_string_equal(zz_dossier_sanitize_filename(out, NULL), "file");
    char longname[1000] = "";
    for (int i = 0; i < 100; i++)
        strcat(longname, "资质");
    strcat(longname, ".docx");
    zz_dossier_sanitize_filename(out, longname);
    assert_true(strlen(out) <= ZZ_DOSSIER_FILENAME_MAX);
    size_t l = strlen(out);
    assert_string_equal(out + l - 5, ".docx");
    assert_string_equal(out + l - 8, "质.docx"); /* cut on a character boundary */
}

/* ---------------------------------------------------------------- package */

typedef struct member {
    char name[256];
    unsigned char *data;
    size_t len;
} member;

/* libarchive decodes UTF-8 member names only under a UTF-8 locale: the test's own archive calls
 * run under a thread-local one, as package.c's do, so the process locale stays "C". */
static locale_t utf8_on(void)
{
    locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    assert_non_null(l);
    uselocale(l);
    return l;
}

static void utf8_off(locale_t l)
{
    uselocale(LC_GLOBAL_LOCALE);
    freelocale(l);
}

static size_t read_members(const char *path, member *m, size_t max)
{
    locale_t l = utf8_on();
    struct archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    assert_int_equal(archive_read_open_filename(a, path, 65536), ARCHIVE_OK);
    struct archive_entry *e;
    size_t n = 0;
    while (archive_read_next_header(a, &e) == ARCHIVE_OK && n < max) {
        snprintf(m[n].name, sizeof m[n].name, "%s", archive_entry_pathname_utf8(e));
        size_t cap = (size_t)archive_entry_size(e) + 1;
        m[n].data = malloc(cap);
        la_ssize_t r = archive_read_data(a, m[n].data, cap);
        assert_true(r >= 0);
        m[n].len = (size_t)r;
        n++;
    }
    archive_read_free(a);
    utf8_off(l);
    return n;
}

typedef enum { E_FILE, E_SYMLINK } etype;

static void zip_add(struct archive *a, const char *name, etype t, const void *data, size_t len)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname_utf8(e, name);
    archive_entry_set_perm(e, 0644);
    if (t == E_SYMLINK) {
        archive_entry_set_filetype(e, AE_IFLNK);
        archive_entry_set_symlink(e, "/etc/passwd");
        archive_entry_set_size(e, 0);
    } else {
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_size(e, (la_int64_t)len);
    }
    assert_true(archive_write_header(a, e) >= ARCHIVE_WARN);
    if (t == E_FILE && len) assert_int_equal(archive_write_data(a, data, len), (la_ssize_t)len);
    archive_entry_free(e);
}

/* Rewrites the package: members copied, `change` altered by one byte, `extra` added. */
static void rewrite(const char *in, const char *out, const char *change, const char *extra,
                    etype extra_type)
{
    member m[256];
    size_t n = read_members(in, m, 256);
    locale_t l = utf8_on();
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    archive_write_set_options(a, "zip:hdrcharset=UTF-8");
    assert_int_equal(archive_write_open_filename(a, out), ARCHIVE_OK);
    for (size_t i = 0; i < n; i++) {
        if (change && strcmp(m[i].name, change) == 0 && m[i].len > 0) m[i].data[0] ^= 1;
        zip_add(a, m[i].name, E_FILE, m[i].data, m[i].len);
        free(m[i].data);
    }
    if (extra) zip_add(a, extra, extra_type, "pwned", 5);
    archive_write_close(a);
    archive_write_free(a);
    utf8_off(l);
}

static bool has_member(const char *path, const char *name)
{
    member m[256];
    size_t n = read_members(path, m, 256);
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        found = found || strcmp(m[i].name, name) == 0;
        free(m[i].data);
    }
    return found;
}

static void test_dossier__r2_5_package_build_and_verify(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    int64_t id = complete_dossier(f);
    bool ok = false;
    assert_int_equal(zz_dossier_package_verify(f->cx, id, &ok, &err), 0);
    if (!ok) fprintf(stderr, "verify: %s %s\n", err.code, err.message);
    assert_true(ok);
    /* export the recorded package and verify it as the body would (without extracting) */
    char path[128];
    snprintf(path, sizeof path, "%s/pkg.zip", f->dir);
    assert_int_equal(zz_dossier_export_package(f->cx, id, path, &err), 0);
    assert_int_equal(zz_dossier_export_package(f->cx, id, path, &err), ZZ_EEXISTS);
    const zz_sm2_key *key = NULL;
    assert_int_equal(zz_ctx_key(f->cx, &key, &err), 0);
    zz_package_info info;
    assert_int_equal(zz_package_verify_file(path, key, &info, &err), 0);
    json_t *meta = json_loads(info.meta_json, 0, NULL);
    assert_int_equal(json_integer_value(json_object_get(meta, "dossier_id")), id);
    json_decref(meta);
    const zz_catalog *cat = NULL;
    assert_int_equal(zz_ctx_catalog(f->cx, "ai-security-1", NULL, &cat, &err), 0);
    /* form, self-assessment, the scan and one copy of the evidence per requirement */
    assert_int_equal(info.n_files, 3 + cat->n_reqs);
    zz_package_info_free(&info);
    assert_true(has_member(path, "evidence/3.2.3-5/制度汇编.pdf"));
    assert_true(has_member(path, "form/stamped-scan.pdf"));
    assert_true(has_member(path, "self-assessment.json"));
    assert_true(has_member(path, ZZ_PACKAGE_SIGNATURE));

    /* a tampered member is named */
    char bad[160];
    snprintf(bad, sizeof bad, "%s/tampered.zip", f->dir);
    rewrite(path, bad, "evidence/3.1-2/制度汇编.pdf", NULL, E_FILE);
    assert_int_equal(zz_package_verify_file(bad, key, NULL, &err), ZZ_ECONFLICT);
    assert_string_equal(err.code, "package.digest_mismatch");
    assert_non_null(strstr(err.message, "evidence/3.1-2/制度汇编.pdf"));
    unlink(bad);
    /* a changed manifest breaks the signature */
    rewrite(path, bad, ZZ_PACKAGE_MANIFEST, NULL, E_FILE);
    assert_int_equal(zz_package_verify_file(bad, key, NULL, &err), ZZ_ECRYPTO);
    assert_string_equal(err.code, "package.bad_signature");
    unlink(bad);
    /* a file the manifest does not list */
    rewrite(path, bad, NULL, "evidence/extra.txt", E_FILE);
    assert_int_equal(zz_package_verify_file(bad, key, NULL, &err), ZZ_ECONFLICT);
    assert_string_equal(err.code, "package.extra_file");
    unlink(bad);
}

static void test_dossier__r2_5_unsafe_members_refused(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    int64_t id = complete_dossier(f);
    char path[128], bad[160];
    snprintf(path, sizeof path, "%s/pkg.zip", f->dir);
    snprintf(bad, sizeof bad, "%s/bad.zip", f->dir);
    assert_int_equal(zz_dossier_export_package(f->cx, id, path, &err), 0);
    const zz_sm2_key *key = NULL;
    assert_int_equal(zz_ctx_key(f->cx, &key, &err), 0);
    static const struct {
        const char *name;
        etype t;
        const char *code;
    } cases[] = {
        {"../x", E_FILE, "package.unsafe_path"},
        {"evidence/../../x", E_FILE, "package.unsafe_path"},
        {"/tmp/zz-abs-evil", E_FILE, "package.unsafe_path"},
        {"evidence\\..\\x", E_FILE, "package.unsafe_path"},
        {"lnk", E_SYMLINK, "package.link"},
        {"evidence/lnk", E_SYMLINK, "package.link"},
        /* zip has no hardlink entries (libarchive writes a broken member): package.c refuses
         * hardlinks all the same, for any reader that reports one */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rewrite(path, bad, NULL, cases[i].name, cases[i].t);
        int vrc = zz_package_verify_file(bad, key, NULL, &err);
        if (strcmp(err.code, cases[i].code) != 0)
            fprintf(stderr, "%s: %s %s\n", cases[i].name, err.code, err.message);
        assert_int_equal(vrc, ZZ_EINVAL);
        assert_string_equal(err.code, cases[i].code);
        unlink(bad);
    }
    /* nothing was written outside: verification never extracts */
    assert_int_equal(access("/tmp/zz-abs-evil", F_OK), -1);
    /* path rules */
    assert_true(zz_package_path_safe("evidence/3.1-1/营业执照.pdf"));
    assert_false(zz_package_path_safe("a//b"));
    assert_false(zz_package_path_safe("a/./b"));
    assert_false(zz_package_path_safe("a/"));
    assert_false(zz_package_path_safe("C:x"));
    /* not a zip at all */
    FILE *fp = fopen(bad, "wb");
    fputs("not a zip", fp);
    fclose(fp);
    assert_true(zz_package_verify_file(bad, key, NULL, &err) < 0);
    assert_string_equal(err.code, "package.open");
}

/* the recorded package blob altered on disk is caught */
static void test_dossier__r2_5_recorded_package_blob_altered(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    int64_t id = complete_dossier(f);
    zz_dossier *d = get(f, id);
    char path[ZZ_BLOB_PATH_MAX];
    assert_int_equal(zz_blob_path(path, f->dir, d->package_digest, &err), 0);
    zz_dossier_free(d);
    chmod(path, 0600);
    FILE *fp = fopen(path, "r+b");
    assert_non_null(fp);
    fseek(fp, 10, SEEK_SET);
    fputc('X', fp);
    fclose(fp);
    bool ok = true;
    assert_int_equal(zz_dossier_package_verify(f->cx, id, &ok, &err), 0);
    assert_false(ok);
    assert_string_equal(err.code, "store.blob_mismatch");
}

/* ---------------------------------------------------------------- rebind */

static void write_json_file(const char *path, json_t *o)
{
    assert_int_equal(json_dump_file(o, path, JSON_INDENT(1)), 0);
}

static json_t *find_req(json_t *groups, const char *id)
{
    size_t i;
    json_t *g;
    json_array_foreach(groups, i, g)
    {
        size_t j;
        json_t *r;
        json_array_foreach(json_object_get(g, "requirements"), j, r)
        {
            if (strcmp(json_string_value(json_object_get(r, "id")), id) == 0) return r;
        }
        json_t *x = find_req(json_object_get(g, "groups"), id);
        if (x) return x;
    }
    return NULL;
}

static json_t *find_group(json_t *groups, const char *id)
{
    size_t i;
    json_t *g;
    json_array_foreach(groups, i, g)
    {
        if (strcmp(json_string_value(json_object_get(g, "id")), id) == 0) return g;
        json_t *x = find_group(json_object_get(g, "groups"), id);
        if (x) return x;
    }
    return NULL;
}

static void test_dossier__r1_8_rebind_reports_added_removed_reworded(void **state)
{
    (void)state;
    char cat[] = "/tmp/zz-test-dossier-cat-XXXXXX";
    assert_non_null(mkdtemp(cat));
    char p[256];
    snprintf(p, sizeof p, "%s/forms", cat);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/versions", cat);
    mkdir(p, 0700);
    json_t *old = json_load_file("catalog/ai-security-1.json", 0, NULL);
    assert_non_null(old);
    snprintf(p, sizeof p, "%s/ai-security-1.json", cat);
    write_json_file(p, old);

    fx *f = calloc(1, sizeof *f);
    assert_int_equal(open_fx(f, cat), 0);
    zz_err err = ZZ_ERR_INIT;
    as(f, "admin.a");
    int64_t id = 0, eid = 0;
    assert_int_equal(zz_dossier_create(f->cx, 0, "ai-security", 1, &id, &err), 0);
    assert_int_equal(zz_dossier_answer(f->cx, id, "3.2.2-8", ZZ_SELF_CONFORMS, "满足", &err), 0);
    assert_int_equal(zz_dossier_answer(f->cx, id, "3.2.2-1", ZZ_SELF_CONFORMS, "满足", &err), 0);
    char hex[ZZ_SM3_HEXLEN + 1];
    put_blob(f, "manual", hex);
    const char *reqs[] = {"3.2.2-8", "3.2.2-1"};
    assert_int_equal(
        zz_dossier_add_evidence(f->cx, id, hex, "m.txt", "text/plain", 6, reqs, 2, &eid, &err), 0);
    /* nothing changed yet */
    zz_rebind_report r;
    int64_t before = audit_count(f);
    assert_int_equal(zz_dossier_rebind(f->cx, id, &r, &err), 0);
    assert_false(r.changed);
    assert_int_equal(audit_count(f), before);
    zz_rebind_report_free(&r);
    zz_ctx_close(f->cx);

    /* version 2026.12: 3.2.2-8 removed, 3.2.2-1 reworded, 3.2.2-9 added */
    snprintf(p, sizeof p, "%s/versions/ai-security-1@2026.06.json", cat);
    write_json_file(p, old);
    json_t *now = json_deep_copy(old);
    json_object_set_new(now, "version", json_string("2026.12"));
    json_t *groups = json_object_get(now, "groups");
    json_t *r1 = find_req(groups, "3.2.2-1");
    json_object_set_new(r1, "text", json_string("改写后的要求文本"));
    json_t *g = find_group(groups, "3.2.2");
    json_t *list = json_object_get(g, "requirements");
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        if (strcmp(json_string_value(json_object_get(x, "id")), "3.2.2-8") == 0) {
            json_t *added = json_deep_copy(x);
            json_object_set_new(added, "id", json_string("3.2.2-9"));
            json_object_set_new(added, "number", json_integer(9));
            json_array_remove(list, i);
            json_array_append_new(list, added);
            break;
        }
    }
    snprintf(p, sizeof p, "%s/ai-security-1.json", cat);
    write_json_file(p, now);
    json_decref(now);
    json_decref(old);

    assert_int_equal(zz_ctx_open(&f->cx, f->dir, cat, zz_clock_fixed(D(2026, 1, 20)), &err), 0);
    as(f, "admin.a");
    assert_int_equal(zz_dossier_rebind(f->cx, id, &r, &err), 0);
    assert_true(r.changed);
    assert_true(r.old_known);
    assert_string_equal(r.from_version, "2026.06");
    assert_string_equal(r.to_version, "2026.12");
    assert_int_equal(r.n_added, 1);
    assert_string_equal(r.added[0], "3.2.2-9");
    assert_int_equal(r.n_removed, 1);
    assert_string_equal(r.removed[0], "3.2.2-8");
    assert_int_equal(r.n_reworded, 1);
    assert_string_equal(r.reworded[0], "3.2.2-1");
    assert_int_equal(r.n_dropped_answers, 1);
    assert_string_equal(r.dropped_answers[0], "3.2.2-8");
    assert_int_equal(r.n_dropped_mappings, 1);
    char m[64];
    snprintf(m, sizeof m, "%lld:3.2.2-8", (long long)eid);
    assert_string_equal(r.dropped_mappings[0], m);
    char *json = NULL;
    assert_int_equal(zz_rebind_report_json(&json, &r, &err), 0);
    assert_non_null(strstr(json, "\"3.2.2-9\""));
    free(json);
    zz_rebind_report_free(&r);
    zz_dossier *d = get(f, id);
    assert_string_equal(d->catalog_version, "2026.12");
    zz_dossier_free(d);
    zz_dossier_answer_row *rows = NULL;
    size_t n = 0;
    assert_int_equal(zz_dossier_answers(f->cx, id, &rows, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].req_id, "3.2.2-1");
    zz_dossier_answers_free(rows, n);
    /* the new item can be answered, the removed one no longer */
    assert_int_equal(zz_dossier_answer(f->cx, id, "3.2.2-9", ZZ_SELF_CONFORMS, "满足", &err), 0);
    assert_int_equal(zz_dossier_answer(f->cx, id, "3.2.2-8", ZZ_SELF_CONFORMS, "满足", &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "input.item");

    zz_ctx_close(f->cx);
    nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    nftw(cat, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_dossier__r2_4_no_certificate_is_initial, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_dossier__r2_4_on_time_at_create_late_at_submission,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_dossier__r2_4_on_time_on_the_exact_limit_day, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_dossier__r2_4_over_6_months_after_expiry_is_initial_with_reason, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_dossier__r2_4_revoked_certificate_is_initial_with_reason, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dossier__r2_4_superseded_certificate_is_not_counted,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_dossier__r2_2_findings_of_every_kind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dossier__r2_5_package_goes_stale_after_a_change, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_dossier__r2_2_submit_refused_with_findings_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dossier__r0_member_cannot_submit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dossier__r0_1_other_org_gets_not_found, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_dossier__evidence_checks_and_sanitised_names, setup,
                                        teardown),
        cmocka_unit_test(test_dossier__sanitize_filename),
        cmocka_unit_test_setup_teardown(test_dossier__r2_5_package_build_and_verify, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_dossier__r2_5_unsafe_members_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dossier__r2_5_recorded_package_blob_altered, setup,
                                        teardown),
        cmocka_unit_test(test_dossier__r1_8_rebind_reports_added_removed_reworded),
    };
    return cmocka_run_group_tests_name("dossier", tests, NULL, NULL);
}
