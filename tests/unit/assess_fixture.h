/*
 * assess_fixture.h — the shared fixture of test_assess_case.c and test_panel.c (header-only, each
 * test program includes it once): a fresh data directory with a case of organisation 甲 standing
 * at assessment/planning against tests/data/catalog-assess.json, its team and panel assigned, and
 * a snapshot of everything an assessment or review action writes, to show that a refusal wrote
 * nothing.
 *
 * The organisation, the accounts, the role grants and the assignments are made with the real
 * actions (org.h, user.h, zz_case_assign); the dossier and the case row are inserted directly at
 * assessment/planning (entered 2026-06-01), so these tests do not depend on the gates of the
 * earlier stages, which test_case.c and test_dossier.c cover.
 *
 * Accounts: lead (project_lead), asr (assessor), asr2 (assessor, not assigned), exp1 exp2 exp3 exp4
 * (expert; exp1..exp3 assigned), mgr (manager), app (applicant_admin of 甲). Today is 2026-06-15.
 */
#ifndef ZZ_TEST_ASSESS_FIXTURE_H
#define ZZ_TEST_ASSESS_FIXTURE_H

#define _XOPEN_SOURCE 700 /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/store_int.h"
#include "zizhi/assess.h"
#include "zizhi/audit.h"
#include "zizhi/case.h"
#include "zizhi/ctx.h"
#include "zizhi/org.h"
#include "zizhi/panel.h"
#include "zizhi/user.h"
#include "zizhi/uscc.h"

#define FX_PW    "Correct-Horse-42"
#define FX_TODAY ZZ_DATE(2026, 6, 15)

typedef struct fx {
    char dir[64];
    char catdir[96];
    zz_ctx *cx;
    int64_t org;
    int64_t case_id;
} fx;

static inline int fx_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static inline int fx_copy(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    if (!in || !out) {
        if (in) fclose(in);
        return -1;
    }
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, n, out);
    fclose(in);
    return fclose(out) == 0 ? 0 : -1;
}

static inline void fx_user(fx *f, const char *name, int64_t org_id, zz_role role)
{
    zz_ctx_act_as_system(f->cx);
    zz_err err = ZZ_ERR_INIT;
    zz_user_new in = {.username = name,
                      .display_name = name,
                      .org_id = org_id,
                      .password = FX_PW,
                      .email = "someone@example.cn"};
    if (zz_user_create(f->cx, &in, NULL, &err) < 0) fail_msg("create %s: %s", name, err.message);
    if (zz_user_grant(f->cx, name, role, &err) < 0) fail_msg("grant %s: %s", name, err.message);
}

static inline void fx_assign(fx *f, const char *name, zz_role role)
{
    zz_ctx_act_as_system(f->cx);
    zz_err err = ZZ_ERR_INIT;
    if (zz_case_assign(f->cx, f->case_id, name, role, &err) < 0)
        fail_msg("assign %s: %s (%s)", name, err.code, err.message);
}

static inline void fx_as(fx *f, const char *name)
{
    zz_err err = ZZ_ERR_INIT;
    if (zz_ctx_act_as(f->cx, name, &err) < 0) fail_msg("act as %s: %s", name, err.message);
}

static inline void fx_sql(fx *f, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(zz_store__db(f->cx->st), sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("sql: %s: %s", sql, msg ? msg : "?");
}

static inline int64_t fx_count(fx *f, const char *sql)
{
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(zz_store__db(f->cx->st), sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

static inline int fx_setup(void **state)
{
    setenv("ZIZHI_PW_FAST", "1", 1);
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/zz-test-assess-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    snprintf(f->catdir, sizeof f->catdir, "%s/catalog", f->dir);
    char path[160];
    snprintf(path, sizeof path, "%s/test-assess-1.json", f->catdir);
    if (mkdir(f->catdir, 0700) < 0 || fx_copy("tests/data/catalog-assess.json", path) < 0)
        return -1;
    zz_err err = ZZ_ERR_INIT;
    if (zz_ctx_open(&f->cx, f->dir, f->catdir, zz_clock_fixed(FX_TODAY), &err) < 0) {
        fprintf(stderr, "open: %s\n", err.message);
        return -1;
    }
    *state = f;
    char uscc[ZZ_USCC_LEN + 1];
    zz_uscc_make(uscc, "91110108MA01ABCD1", NULL);
    zz_org_in o = {.name = "甲智能科技有限公司",
                   .uscc = uscc,
                   .legal_person = true,
                   .email = "office@example.cn",
                   .contact_name = "王芳",
                   .contact_phone = "010-12345678"};
    if (zz_org_create(f->cx, &o, NULL, &f->org, NULL, &err) < 0) {
        fprintf(stderr, "org: %s\n", err.message);
        return -1;
    }
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO dossiers (org_id, category, level, catalog_id, catalog_version, app_type,"
             " status, submitted_on, created_usec, updated_usec) VALUES (%lld, 'test', 1,"
             " 'test-assess-1', 'a1', 'initial', 'submitted', '2026-03-02', 0, 0);"
             "INSERT INTO cases (number, dossier_id, org_id, stage, state, submitted_on,"
             " paper_received_on, paper_matches, package_verified, filed_on, assessment_on,"
             " updated_usec) VALUES ('AIS1-2026-0001', last_insert_rowid(), %lld, 'assessment',"
             " 'planning', '2026-03-02', '2026-03-05', 1, 1, '2026-03-06', '2026-06-01', 0);",
             (long long)f->org, (long long)f->org);
    fx_sql(f, sql);
    f->case_id = sqlite3_last_insert_rowid(zz_store__db(f->cx->st));
    fx_user(f, "lead", 0, ZZ_ROLE_PROJECT_LEAD);
    fx_user(f, "asr", 0, ZZ_ROLE_ASSESSOR);
    fx_user(f, "asr2", 0, ZZ_ROLE_ASSESSOR);
    fx_user(f, "exp1", 0, ZZ_ROLE_EXPERT);
    fx_user(f, "exp2", 0, ZZ_ROLE_EXPERT);
    fx_user(f, "exp3", 0, ZZ_ROLE_EXPERT);
    fx_user(f, "exp4", 0, ZZ_ROLE_EXPERT);
    fx_user(f, "mgr", 0, ZZ_ROLE_MANAGER);
    fx_user(f, "app", f->org, ZZ_ROLE_APPLICANT_ADMIN);
    fx_assign(f, "lead", ZZ_ROLE_PROJECT_LEAD);
    fx_assign(f, "asr", ZZ_ROLE_ASSESSOR);
    fx_assign(f, "exp1", ZZ_ROLE_EXPERT);
    fx_assign(f, "exp2", ZZ_ROLE_EXPERT);
    fx_assign(f, "exp3", ZZ_ROLE_EXPERT);
    return 0;
}

static inline int fx_teardown(void **state)
{
    fx *f = *state;
    if (!f) return 0;
    zz_ctx_close(f->cx);
    nftw(f->dir, fx_rm, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return 0;
}

/* Everything an assessment or review action may write, as one comparable line (R-8.1: a refusal
 * leaves all of it unchanged, the audit log included). */
static inline void fx_snapshot(fx *f, char *out, size_t cap)
{
    static const char *const tables[] = {"audit_log",         "audit_plans", "activities",
                                         "activity_items",    "ratings",     "rectifications",
                                         "case_pauses",       "conclusions", "panel_votes",
                                         "panel_conclusions", NULL};
    size_t len = 0;
    for (const char *const *t = tables; *t; t++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", *t);
        len += (size_t)snprintf(out + len, cap - len, "%s=%lld;", *t, (long long)fx_count(f, sql));
    }
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(zz_store__db(f->cx->st),
                                        "SELECT stage || '/' || state || '/' ||"
                                        " COALESCE(approved_on, '-') || '/' ||"
                                        " COALESCE(closed_on, '-') FROM cases WHERE id = ?",
                                        -1, &s, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(s, 1, f->case_id);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    len +=
        (size_t)snprintf(out + len, cap - len, "case=%s;", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    snprintf(out + len, cap - len, "rerate=%lld",
             (long long)fx_count(f, "SELECT COALESCE(SUM(rerate), 0) FROM ratings"));
}

/* Asserts that rc is the refusal `want_code` and that nothing was written since `before`. */
#define FX_REFUSED(f, before, rc, want_rc, want_code, err)                                         \
    do {                                                                                           \
        char after_[1024];                                                                         \
        assert_int_equal((rc), (want_rc));                                                         \
        assert_string_equal((err).code, (want_code));                                              \
        fx_snapshot((f), after_, sizeof after_);                                                   \
        assert_string_equal(after_, (before));                                                     \
    } while (0)

/* The counting items of catalog-assess.json. */
static const char *const FX_ITEMS[] = {"3.1-1",     "3.2.1-1",   "3.2.1-2",   "3.2.1-3",
                                       "3.2.2-1",   "3.3-1.BP1", "3.3-1.BP2", "3.3-1.BP3",
                                       "3.4-1.BP1", "3.4-1.BP2", NULL};

static inline zz_rating fx_positive(const char *id)
{
    return strstr(id, ".BP") ? ZZ_RATING_PERFORMED : ZZ_RATING_CONFORMS;
}

static inline void fx_ok(int rc, const zz_err *err, const char *what)
{
    if (rc != ZZ_OK) fail_msg("%s: %s: %s", what, err->code, err->message);
}

/* lead agrees the plan; asr rates every counting item positive. */
static inline void fx_plan_and_rate_all(fx *f)
{
    zz_err err = ZZ_ERR_INIT;
    fx_as(f, "lead");
    fx_ok(zz_case_plan(f->cx, f->case_id, "审核计划：6 月 10 日至 6 月 20 日现场评估",
                       ZZ_DATE(2026, 6, 10), &err),
          &err, "plan");
    fx_as(f, "asr");
    for (const char *const *id = FX_ITEMS; *id; id++)
        fx_ok(zz_case_rate(f->cx, f->case_id, *id, fx_positive(*id), NULL, &err), &err, *id);
}

/* ... then the lead concludes met: the case is at expert_review/panel. */
static inline void fx_to_panel(fx *f)
{
    fx_plan_and_rate_all(f);
    zz_err err = ZZ_ERR_INIT;
    fx_as(f, "lead");
    fx_ok(zz_case_conclude(f->cx, f->case_id, ZZ_VERDICT_MET, NULL, &err), &err, "conclude");
}

static inline void fx_case(fx *f, zz_case *c)
{
    zz_err err = ZZ_ERR_INIT;
    fx_ok(zz_case__load(f->cx, f->case_id, c, &err), &err, "load case");
}

#endif
