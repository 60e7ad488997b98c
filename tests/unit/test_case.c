/*
 * test_case.c — the case lifecycle (src/core/case.c, include/zizhi/case.h) and the outbox:
 * numbering, visibility, every gate of acceptance and initiation (R-1.2, R-3.1 –
 * ), the cycle clock with pauses, withdrawal, archive, fees
 * and the emails of. Every refusal asserts its code and that nothing was written:
 * the case row, the related rows and the audit log are unchanged.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store_int.h"
#include "zizhi/assess.h"
#include "zizhi/audit.h"
#include "zizhi/blob.h"
#include "zizhi/case.h"
#include "zizhi/ctx.h"
#include "zizhi/dossier.h"
#include "zizhi/org.h"
#include "zizhi/outbox.h"
#include "zizhi/panel.h"
#include "zizhi/user.h"

#define USCC_A "91350100M000100Y43"
#define USCC_B "91110000600037341L"

typedef struct fx {
    char dir[64];
    char data[96];
    zz_ctx *cx;
    int64_t org_a, org_b, org_c; /* A, B legal persons; C an authorised branch */
} fx;

static zz_err err;

/* ---- fixture ------------------------------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static void at_date(fx *f, int y, int m, int d)
{
    int64_t now = f->cx->clock.now_usec;
    f->cx->clock = zz_clock_fixed(ZZ_DATE(y, m, d));
    if (f->cx->clock.now_usec < now) /* the real instant never goes back */
        f->cx->clock.now_usec = now + 1;
}

static void as(fx *f, const char *user)
{
    if (!user) {
        zz_ctx_act_as_system(f->cx);
        return;
    }
    int rc = zz_ctx_act_as(f->cx, user, &err);
    if (rc != 0) fail_msg("act as %s: %s %s", user, err.code, err.message);
}

static void make_user(fx *f, const char *name, int64_t org, zz_roles roles)
{
    zz_user_new u = {.username = name, .display_name = name, .email = NULL, .org_id = org};
    int64_t id = 0;
    zz_actor saved = f->cx->actor;
    zz_ctx_act_as_system(f->cx);
    int rc = zz_user_create(f->cx, &u, &id, &err);
    if (rc != 0) fail_msg("user %s: %s %s", name, err.code, err.message);
    for (int r = 0; r < ZZ_ROLE__COUNT; r++)
        if (roles & ZZ_R(r)) {
            rc = zz_user_grant(f->cx, name, (zz_role)r, &err);
            if (rc != 0) fail_msg("grant %s %d: %s %s", name, r, err.code, err.message);
        }
    f->cx->actor = saved;
}

static int64_t make_org(fx *f, const char *name, const char *uscc, bool legal, const char *admin,
                        const char *email)
{
    char ev[ZZ_SM3_HEXLEN + 1] = "";
    if (!legal) assert_int_equal(zz_blob_put(ev, f->data, "授权书", strlen("授权书"), &err), 0);
    zz_org_in in = {.name = name,
                    .uscc = uscc,
                    .legal_person = legal,
                    .exception_reason = legal ? NULL : "总公司授权的分支机构",
                    .exception_evidence = legal ? NULL : ev,
                    .email = email};
    zz_user_new a = {.username = admin, .display_name = admin};
    int64_t id = 0, aid = 0;
    int rc = zz_org_create(f->cx, &in, &a, &id, &aid, &err);
    if (rc != 0) fail_msg("org %s: %s %s", name, err.code, err.message);
    return id;
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/zz-test-case-XXXXXX");
    if (!f || !mkdtemp(f->dir)) return -1;
    snprintf(f->data, sizeof f->data, "%s/data", f->dir);
    if (zz_ctx_open(&f->cx, f->data, "catalog", zz_clock_fixed(ZZ_DATE(2026, 1, 5)), &err) != 0)
        return -1;
    zz_ctx_act_as_system(f->cx);
    f->org_a =
        make_org(f, "甲网络安全技术有限公司", USCC_A, true, "a_admin", "apply@jia.example.cn");
    f->org_b = make_org(f, "乙信息科技有限公司", USCC_B, true, "b_admin", "apply@yi.example.cn");
    f->org_c = make_org(f, "丙科技有限公司北京分公司", "91110108MA01ABCD5T", false, "c_admin",
                        "apply@bing.example.cn");
    make_user(f, "a_member", f->org_a, ZZ_R(ZZ_ROLE_APPLICANT_MEMBER));
    make_user(f, "mgr", 0, ZZ_R(ZZ_ROLE_MANAGER));
    make_user(f, "lead", 0, ZZ_R(ZZ_ROLE_PROJECT_LEAD));
    make_user(f, "lead2", 0, ZZ_R(ZZ_ROLE_PROJECT_LEAD));
    make_user(f, "asr", 0, ZZ_R(ZZ_ROLE_ASSESSOR));
    make_user(f, "asr2", 0, ZZ_R(ZZ_ROLE_ASSESSOR));
    make_user(f, "exp", 0, ZZ_R(ZZ_ROLE_EXPERT));
    make_user(f, "both", 0, ZZ_R(ZZ_ROLE_ASSESSOR) | ZZ_R(ZZ_ROLE_EXPERT));
    make_user(f, "sup", 0, ZZ_R(ZZ_ROLE_SUPERVISOR));
    make_user(f, "certo", 0, ZZ_R(ZZ_ROLE_CERT_OFFICER));
    make_user(f, "sysadm", 0, ZZ_R(ZZ_ROLE_SYS_ADMIN));
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

/* ---- helpers ------------------------------------------------------------------------------- */

static int64_t count(fx *f, const char *sql, int64_t id)
{
    sqlite3_stmt *s = NULL;
    assert_int_equal(zz_store__prepare(f->cx->st, &s, sql, NULL), ZZ_OK);
    if (sqlite3_bind_parameter_count(s) > 0) zz_store__bind_int64(s, 1, id);
    assert_int_equal(zz_store__step(f->cx->st, s, NULL), ZZ_STORE_ROW);
    int64_t n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

static void exec(fx *f, const char *sql)
{
    assert_int_equal(zz_store__exec(f->cx->st, sql, NULL), ZZ_OK);
}

static int64_t audit_count(fx *f)
{
    int64_t n = 0;
    char head[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_audit_head(f->cx->st, &n, head, NULL), ZZ_OK);
    return n;
}

/* Everything an action on a case could write. */
typedef struct snap {
    zz_case c;
    int64_t audit, pauses, open_pauses, opinions, outbox, agreements, lines, payments, members,
        archives;
    char dossier_status[16];
} snap;

static void take(fx *f, int64_t id, snap *s)
{
    memset(s, 0, sizeof *s);
    assert_int_equal(zz_case__load(f->cx, id, &s->c, NULL), ZZ_OK);
    s->audit = audit_count(f);
    s->pauses = count(f, "SELECT COUNT(*) FROM case_pauses WHERE case_id = ?", id);
    s->open_pauses =
        count(f, "SELECT COUNT(*) FROM case_pauses WHERE case_id = ? AND ended_on IS NULL", id);
    s->opinions = count(f, "SELECT COUNT(*) FROM review_opinions WHERE case_id = ?", id);
    s->outbox = count(f, "SELECT COUNT(*) FROM outbox", 0);
    s->agreements = count(f,
                          "SELECT COUNT(*) + COALESCE(SUM(CASE WHEN sent_on IS NULL THEN 0 ELSE 1 "
                          "END), 0) + COALESCE(SUM(CASE WHEN effective_on IS NULL THEN 0 ELSE 1 "
                          "END), 0) FROM agreements WHERE case_id = ?",
                          id);
    s->lines = count(f, "SELECT COUNT(*) FROM invoice_lines WHERE case_id = ?", id);
    s->payments = count(f, "SELECT COUNT(*) FROM payments WHERE case_id = ?", id);
    s->members = count(f, "SELECT COUNT(*) FROM case_members WHERE case_id = ?", id);
    s->archives = count(f, "SELECT COUNT(*) FROM archives WHERE case_id = ?", id);
    sqlite3_stmt *st = NULL;
    assert_int_equal(
        zz_store__prepare(f->cx->st, &st,
                          "SELECT d.status FROM dossiers d JOIN cases c ON c.dossier_id"
                          " = d.id WHERE c.id = ?",
                          NULL),
        ZZ_OK);
    zz_store__bind_int64(st, 1, id);
    assert_int_equal(zz_store__step(f->cx->st, st, NULL), ZZ_STORE_ROW);
    snprintf(s->dossier_status, sizeof s->dossier_status, "%s", zz_store__col_text(st, 0));
    sqlite3_finalize(st);
}

/* Asserts that a refused call wrote nothing at all. */
static void assert_unchanged(fx *f, int64_t id, const snap *before)
{
    snap now;
    take(f, id, &now);
    assert_memory_equal(&now.c, &before->c, sizeof now.c);
    assert_int_equal(now.audit, before->audit);
    assert_int_equal(now.pauses, before->pauses);
    assert_int_equal(now.open_pauses, before->open_pauses);
    assert_int_equal(now.opinions, before->opinions);
    assert_int_equal(now.outbox, before->outbox);
    assert_int_equal(now.agreements, before->agreements);
    assert_int_equal(now.lines, before->lines);
    assert_int_equal(now.payments, before->payments);
    assert_int_equal(now.members, before->members);
    assert_int_equal(now.archives, before->archives);
    assert_string_equal(now.dossier_status, before->dossier_status);
    assert_false(zz_store_in_transaction(f->cx->st));
}

/* Asserts rc is a refusal with code, and that nothing was written. */
#define REFUSED(f, id, before, call, want_rc, want_code)                                           \
    do {                                                                                           \
        zz_err_clear(&err);                                                                        \
        int rc_ = (call);                                                                          \
        if (rc_ != (want_rc) || strcmp(err.code, (want_code)) != 0)                                \
            fail_msg("%s: rc %d code %s (%s), wanted %d %s", #call, rc_, err.code, err.message,    \
                     (int)(want_rc), (want_code));                                                 \
        assert_unchanged((f), (id), (before));                                                     \
    } while (0)

#define OK(call)                                                                                   \
    do {                                                                                           \
        zz_err_clear(&err);                                                                        \
        int rc_ = (call);                                                                          \
        if (rc_ != 0) fail_msg("%s: rc %d %s: %s", #call, rc_, err.code, err.message);             \
    } while (0)

/* A submitted dossier made directly in the database with the materials given (the
 * digests are not real blobs), and its case; acting as the system. */
static int64_t case_sql(fx *f, int64_t org, bool stamped, bool bound, bool package, zz_date on)
{
    sqlite3_stmt *s = NULL;
    char d[ZZ_DATE_STRLEN];
    zz_date_format(on, d);
    assert_int_equal(
        zz_store__prepare(f->cx->st, &s,
                          "INSERT INTO dossiers (org_id, category, level, catalog_id,"
                          " catalog_version, app_type, status, stamped_scan, bound_declared,"
                          " package_digest, submitted_on, created_usec, updated_usec)"
                          " VALUES (?1, 'ai-security', 1, 'ai-security-1', '2026.06', 'initial',"
                          " 'submitted', ?2, ?3, ?4, ?5, 1, 1)",
                          NULL),
        ZZ_OK);
    zz_store__bind_int64(s, 1, org);
    zz_store__bind_text(
        s, 2, stamped ? "aa00000000000000000000000000000000000000000000000000000000000000" : NULL);
    zz_store__bind_int64(s, 3, bound ? 1 : 0);
    zz_store__bind_text(
        s, 4, package ? "bb00000000000000000000000000000000000000000000000000000000000000" : NULL);
    zz_store__bind_text(s, 5, d);
    assert_int_equal(zz_store__step(f->cx->st, s, NULL), ZZ_STORE_DONE);
    sqlite3_finalize(s);
    int64_t did = sqlite3_last_insert_rowid(zz_store__db(f->cx->st)), cid = 0;
    zz_actor saved = f->cx->actor;
    zz_ctx_act_as_system(f->cx);
    assert_int_equal(zz_store_begin(f->cx->st, NULL), ZZ_OK);
    OK(zz_case__create(f->cx, did, org, on, &cid, &err));
    assert_int_equal(zz_store_commit(f->cx->st, NULL), ZZ_OK);
    f->cx->actor = saved;
    return cid;
}

/*
 * A case whose dossier was prepared through the dossier API (stamped scan, binding declaration,
 * a real signed electronic package), then submitted on `on`. The completeness check of is
 * the dossier module's to test; here the dossier is marked submitted directly so that the case
 * tests do not depend on a complete self-assessment.
 */
static int64_t case_ready(fx *f, int64_t org, const char *admin, zz_date on)
{
    zz_actor saved = f->cx->actor;
    zz_clock clk = f->cx->clock;
    at_date(f, on.year, on.month, on.day);
    as(f, admin);
    int64_t did = 0, cid = 0;
    char scan[ZZ_SM3_HEXLEN + 1], pkg[ZZ_SM3_HEXLEN + 1];
    OK(zz_dossier_create(f->cx, 0, "ai-security", 1, &did, &err));
    assert_int_equal(zz_blob_put(scan, f->data, "%PDF-1.4 stamped", 16, &err), 0);
    OK(zz_dossier_set_stamped_scan(f->cx, did, scan, &err));
    OK(zz_dossier_declare_bound(f->cx, did, &err));
    OK(zz_dossier_build_package(f->cx, did, NULL, pkg, &err));
    zz_ctx_act_as_system(f->cx);
    char d[ZZ_DATE_STRLEN];
    sqlite3_stmt *s = NULL;
    assert_int_equal(zz_store_begin(f->cx->st, NULL), ZZ_OK);
    assert_int_equal(zz_store__prepare(f->cx->st, &s,
                                       "UPDATE dossiers SET status = 'submitted', submitted_on = ?"
                                       " WHERE id = ?",
                                       NULL),
                     ZZ_OK);
    zz_store__bind_text(s, 1, zz_date_format(on, d));
    zz_store__bind_int64(s, 2, did);
    assert_int_equal(zz_store__step(f->cx->st, s, NULL), ZZ_STORE_DONE);
    sqlite3_finalize(s);
    OK(zz_case__create(f->cx, did, org, on, &cid, &err));
    assert_int_equal(zz_store_commit(f->cx->st, NULL), ZZ_OK);
    f->cx->actor = saved;
    f->cx->clock.today = clk.today;
    return cid;
}

static void assign(fx *f, int64_t id, const char *user, zz_role role)
{
    zz_actor saved = f->cx->actor;
    as(f, "mgr");
    OK(zz_case_assign(f->cx, id, user, role, &err));
    f->cx->actor = saved;
}

/* A ready case, assigned to "lead", paper received and filed on the given dates. */
static int64_t case_filed(fx *f, zz_date submitted, zz_date received, zz_date filed)
{
    int64_t id = case_ready(f, f->org_a, "a_admin", submitted);
    assign(f, id, "lead", ZZ_ROLE_PROJECT_LEAD);
    as(f, "lead");
    at_date(f, received.year, received.month, received.day);
    OK(zz_case_receive_paper(f->cx, id, received, true, "顺丰 SF1234567890", &err));
    at_date(f, filed.year, filed.month, filed.day);
    OK(zz_case_file(f->cx, id, &err));
    return id;
}

static void assert_state(fx *f, int64_t id, const char *stage, const char *state)
{
    zz_case c;
    assert_int_equal(zz_case__load(f->cx, id, &c, NULL), ZZ_OK);
    assert_string_equal(c.stage, stage);
    assert_string_equal(c.state, state);
}

/* ---- numbering (I5) ------------------------------------------------------------------------ */

static void test_case__number_pattern_tokens(void **state)
{
    (void)state;
    char b[48];
    assert_int_equal(
        zz_case_number_format(b, sizeof b, NULL, "ai-security", NULL, 1, 2026, 1, &err), ZZ_OK);
    assert_string_equal(b, "AIS1-2026-0001");
    assert_int_equal(zz_case_number_format(b, sizeof b, "<cat>/<year>/<seq6>", "ai-security", NULL,
                                           1, 2027, 42, &err),
                     ZZ_OK);
    assert_string_equal(b, "ai-security/2027/000042");
    assert_int_equal(zz_case_number_format(b, sizeof b, "<CAT>-<seq>", "data-security", "DSX", 2,
                                           2026, 12345, &err),
                     ZZ_OK);
    assert_string_equal(b, "DSX-12345");
    /* sequence beyond its padding still grows: numbers are never cut */
    assert_int_equal(
        zz_case_number_format(b, sizeof b, NULL, "ai-security", NULL, 1, 2026, 10000, &err), ZZ_OK);
    assert_string_equal(b, "AIS1-2026-10000");
    assert_int_equal(zz_case_number_format(b, sizeof b, "<CAT><level>-<year>", "ai-security", NULL,
                                           1, 2026, 1, &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "case.number_pattern");
    assert_int_equal(zz_case_number_format(b, sizeof b, "<CAT>-<month>-<seq4>", "ai-security", NULL,
                                           1, 2026, 1, &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "case.number_pattern");
    assert_int_equal(zz_case_number_format(b, sizeof b, "<cat><cat><cat>-<year>-<seq9>",
                                           "ai-security", NULL, 1, 2026, 1, &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "case.number_pattern");
}

static void test_case__i5_numbers_per_year_never_reused(void **state)
{
    fx *f = *state;
    int64_t before = audit_count(f);
    int64_t a = case_sql(f, f->org_a, true, true, true, ZZ_DATE(2026, 12, 31));
    int64_t b = case_sql(f, f->org_b, true, true, true, ZZ_DATE(2026, 12, 31));
    int64_t c = case_sql(f, f->org_a, true, true, true, ZZ_DATE(2027, 1, 1));
    zz_case ca, cb, cc;
    assert_int_equal(zz_case__load(f->cx, a, &ca, NULL), 0);
    assert_int_equal(zz_case__load(f->cx, b, &cb, NULL), 0);
    assert_int_equal(zz_case__load(f->cx, c, &cc, NULL), 0);
    assert_string_equal(ca.number, "AIS1-2026-0001");
    assert_string_equal(cb.number, "AIS1-2026-0002");
    assert_string_equal(cc.number, "AIS1-2027-0001");
    assert_string_equal(ca.stage, "acceptance");
    assert_string_equal(ca.state, "submitted");
    assert_string_equal(ca.submitted_on, "2026-12-31");
    assert_int_equal(ca.paper_matches, -1);
    assert_int_equal(audit_count(f), before + 3); /* one case.create each (I4) */
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'case.create'", 0), 3);

    /* a configured pattern that would repeat a number skips the taken one (I5) */
    exec(f, "INSERT INTO settings (key, value) VALUES ('case.number_pattern', 'X-<seq1>')");
    exec(f, "INSERT INTO case_number_counters (scope, last_seq) VALUES ('X-<seq1>', 0)");
    exec(f, "UPDATE cases SET number = 'X-1' WHERE id = 1");
    int64_t d = case_sql(f, f->org_b, true, true, true, ZZ_DATE(2027, 1, 2));
    zz_case cd;
    assert_int_equal(zz_case__load(f->cx, d, &cd, NULL), 0);
    assert_string_equal(cd.number, "X-2");

    /* a dossier has one case */
    int64_t did = cd.dossier_id, x = 0;
    assert_int_equal(zz_store_begin(f->cx->st, NULL), 0);
    assert_int_equal(zz_case__create(f->cx, did, f->org_b, ZZ_DATE(2027, 1, 2), &x, &err),
                     ZZ_EEXISTS);
    assert_string_equal(err.code, "case.exists");
    assert_int_equal(zz_case__create(f->cx, did, f->org_a, ZZ_DATE(2027, 1, 2), &x, &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "case.org_mismatch");
    zz_store_rollback(f->cx->st, NULL);
    /* outside a transaction the hook refuses */
    assert_int_equal(zz_case__create(f->cx, did, f->org_b, ZZ_DATE(2027, 1, 2), &x, &err),
                     ZZ_ESTATE);
}

/* ---- visibility (R-0.1, R-0.2) ------------------------------------------------------------- */

static void test_case__r0_1_visibility(void **state)
{
    fx *f = *state;
    int64_t a = case_sql(f, f->org_a, true, true, true, ZZ_DATE(2026, 1, 5));
    int64_t b = case_sql(f, f->org_b, true, true, true, ZZ_DATE(2026, 1, 6));
    assign(f, a, "asr", ZZ_ROLE_ASSESSOR);
    zz_case c;
    zz_case_cycle_info cy;

    as(f, "b_admin"); /* another organisation's applicant: as if it did not exist */
    assert_int_equal(zz_case_get(f->cx, a, &c, &err), ZZ_ENOTFOUND);
    assert_string_equal(err.code, "case.not_found");
    assert_int_equal(zz_case_get_by_number(f->cx, "AIS1-2026-0001", &c, &err), ZZ_ENOTFOUND);
    assert_int_equal(zz_case_get(f->cx, 999, &c, &err), ZZ_ENOTFOUND);
    assert_int_equal(zz_case_cycle(f->cx, a, &cy, &err), ZZ_ENOTFOUND);
    assert_int_equal(zz_case_get(f->cx, b, &c, &err), 0);

    as(f, "asr2"); /* an assessor not assigned to the case */
    assert_int_equal(zz_case_get(f->cx, a, &c, &err), ZZ_ENOTFOUND);
    assert_string_equal(err.code, "case.not_found");
    as(f, "asr");
    assert_int_equal(zz_case_get(f->cx, a, &c, &err), 0);
    assert_int_equal(zz_case_get(f->cx, b, &c, &err), ZZ_ENOTFOUND);

    as(f, "certo"); /* cert_officer: cases in certification only */
    assert_int_equal(zz_case_get(f->cx, a, &c, &err), ZZ_ENOTFOUND);

    as(f, "sup");
    assert_int_equal(zz_case_get(f->cx, a, &c, &err), 0);
    assert_int_equal(zz_case_get_by_number(f->cx, "AIS1-2026-0002", &c, &err), 0);
    assert_int_equal(c.id, b);

    /* lists: applicants see their own only; asking for another organisation is refused like
     * that organisation, never a silent empty list */
    zz_case *v = NULL;
    size_t n = 0;
    int64_t total = 0;
    zz_case_filter fl = {0};
    as(f, "a_member");
    fl.org_id = f->org_b;
    assert_int_equal(zz_case_list(f->cx, &fl, &v, &n, &total, &err), ZZ_ENOTFOUND);
    assert_string_equal(err.code, "org.not_found");
    assert_null(v);
    fl.org_id = 0;
    assert_int_equal(zz_case_list(f->cx, &fl, &v, &n, &total, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, a);
    free(v);

    as(f, "mgr");
    assert_int_equal(zz_case_list(f->cx, NULL, &v, &n, &total, &err), 0);
    assert_int_equal(total, 2);
    assert_int_equal(v[0].id, b); /* newest submission first */
    free(v);
    fl.from = "2026-01-06";
    assert_int_equal(zz_case_list(f->cx, &fl, &v, &n, &total, &err), 0);
    assert_int_equal(total, 1);
    free(v);
    fl.from = NULL;
    fl.limit = 1;
    fl.offset = 1;
    assert_int_equal(zz_case_list(f->cx, &fl, &v, &n, &total, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(total, 2);
    assert_int_equal(v[0].id, a);
    free(v);
    fl.limit = 0;
    fl.offset = 0;
    fl.stage = "nowhere";
    assert_int_equal(zz_case_list(f->cx, &fl, &v, &n, &total, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.stage");
    fl.stage = NULL;
    fl.to = "2026-02-30";
    assert_int_equal(zz_case_list(f->cx, &fl, &v, &n, &total, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.date");

    /* a role that sees no case is told so, not handed an empty list */
    as(f, "sysadm");
    assert_int_equal(zz_case_list(f->cx, NULL, &v, &n, &total, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    assert_int_equal(zz_case_get(f->cx, a, &c, &err), ZZ_ENOTFOUND);
}

/* the certificate officer batches from the case record (zz_case_get) but reads
 * nothing inside a case; the core refuses it like the route table (auth.role, before the case is
 * looked up), so the CLI and zizhid agree. The case's applicant and the manager still read. */
static void test_case__r0_2_cert_officer_reads_record_not_internals(void **state)
{
    fx *f = *state;
    int64_t a = case_sql(f, f->org_a, true, true, true, ZZ_DATE(2026, 1, 5));
    assign(f, a, "asr", ZZ_ROLE_ASSESSOR);
    exec(f, "UPDATE cases SET stage = 'certification', state = 'approved'");
    zz_case c;
    zz_case_member *m = NULL;
    zz_case_opinion *op = NULL;
    zz_case_initiation ini;
    zz_case_cycle_info cy;
    zz_rating_rec *r = NULL;
    zz_panel_vote *v = NULL;
    size_t n = 0;

    as(f, "certo");
    assert_int_equal(zz_case_get(f->cx, a, &c, &err), 0);
    assert_string_equal(c.stage, "certification");
    assert_int_equal(zz_case_members(f->cx, a, &m, &n, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    assert_null(m);
    assert_int_equal(zz_case_opinions(f->cx, a, &op, &n, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    assert_int_equal(zz_case_initiation_get(f->cx, a, &ini, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    assert_int_equal(zz_case_cycle(f->cx, a, &cy, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    assert_int_equal(zz_case_ratings(f->cx, a, &r, &n, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    assert_int_equal(zz_case_votes(f->cx, a, &v, &n, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    /* the role is checked first: a missing case gives the same answer (as the route table) */
    assert_int_equal(zz_case_members(f->cx, 999, &m, &n, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");

    as(f, "sysadm"); /* the administrators read no case's internals either */
    assert_int_equal(zz_case_members(f->cx, a, &m, &n, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");

    as(f, "a_admin"); /* its organisation still reads its team and its clock */
    OK(zz_case_members(f->cx, a, &m, &n, &err));
    assert_int_equal(n, 1);
    assert_string_equal(m[0].username, "asr");
    free(m);
    OK(zz_case_cycle(f->cx, a, &cy, &err));
    zz_case_cycle_free(&cy);
    as(f, "b_admin"); /* another organisation: as if the case did not exist */
    assert_int_equal(zz_case_members(f->cx, a, &m, &n, &err), ZZ_ENOTFOUND);
    assert_string_equal(err.code, "case.not_found");
    as(f, "mgr");
    OK(zz_case_opinions(f->cx, a, &op, &n, &err));
    zz_case_opinions_free(op, n);
    OK(zz_case_ratings(f->cx, a, &r, &n, &err));
    zz_rating_recs_free(r, n);
    as(f, NULL);
    OK(zz_case_members(f->cx, a, &m, &n, &err));
    free(m);
}

/* ---- assignment (R-0.2, R-3.5) ------------------------------------------------------------- */

static void test_case__r0_2_assign_roles_and_r3_5_independence(void **state)
{
    fx *f = *state;
    int64_t id = case_sql(f, f->org_a, true, true, true, ZZ_DATE(2026, 1, 5));
    snap s;
    take(f, id, &s);

    as(f, "lead"); /* only the manager assigns */
    REFUSED(f, id, &s, zz_case_assign(f->cx, id, "lead", ZZ_ROLE_PROJECT_LEAD, &err), ZZ_EPERM,
            "auth.role");
    as(f, "a_admin");
    REFUSED(f, id, &s, zz_case_assign(f->cx, id, "lead", ZZ_ROLE_PROJECT_LEAD, &err), ZZ_EPERM,
            "auth.role");

    as(f, "mgr");
    REFUSED(f, id, &s, zz_case_assign(f->cx, id, "asr", ZZ_ROLE_PROJECT_LEAD, &err), ZZ_ERULE,
            "case.assignee_role");
    REFUSED(f, id, &s, zz_case_assign(f->cx, id, "a_admin", ZZ_ROLE_ASSESSOR, &err), ZZ_ERULE,
            "case.assignee_role");
    REFUSED(f, id, &s, zz_case_assign(f->cx, id, "nobody", ZZ_ROLE_ASSESSOR, &err), ZZ_ENOTFOUND,
            "user.not_found");
    REFUSED(f, id, &s, zz_case_assign(f->cx, id, "mgr", ZZ_ROLE_MANAGER, &err), ZZ_EINVAL,
            "input.case_role");
    REFUSED(f, id, &s, zz_case_assign(f->cx, 999, "lead", ZZ_ROLE_PROJECT_LEAD, &err), ZZ_ENOTFOUND,
            "case.not_found");

    OK(zz_case_assign(f->cx, id, "lead", ZZ_ROLE_PROJECT_LEAD, &err));
    OK(zz_case_assign(f->cx, id, "both", ZZ_ROLE_ASSESSOR, &err));
    OK(zz_case_assign(f->cx, id, "exp", ZZ_ROLE_EXPERT, &err));
    take(f, id, &s);
    assert_int_equal(s.members, 3);
    REFUSED(f, id, &s, zz_case_assign(f->cx, id, "both", ZZ_ROLE_ASSESSOR, &err), ZZ_EEXISTS,
            "case.already_assigned");
    /* the project team member cannot sit on the panel, nor the expert on the team */
    REFUSED(f, id, &s, zz_case_assign(f->cx, id, "both", ZZ_ROLE_EXPERT, &err), ZZ_ERULE,
            "gate.panel_independence");
    assert_non_null(strstr(err.message, "experts must not be on the project team"));
    make_user(f, "lead_exp", 0, ZZ_R(ZZ_ROLE_PROJECT_LEAD) | ZZ_R(ZZ_ROLE_EXPERT));
    as(f, "mgr");
    OK(zz_case_assign(f->cx, id, "lead_exp", ZZ_ROLE_EXPERT, &err));
    take(f, id, &s);
    REFUSED(f, id, &s, zz_case_assign(f->cx, id, "lead_exp", ZZ_ROLE_PROJECT_LEAD, &err), ZZ_ERULE,
            "gate.panel_independence");

    /* a new project lead replaces the previous one */
    OK(zz_case_assign(f->cx, id, "lead2", ZZ_ROLE_PROJECT_LEAD, &err));
    bool yes = true;
    assert_int_equal(zz_case__is_member(f->cx, id, 0, NULL, &yes, &err), 0);
    zz_case_member *m = NULL;
    size_t n = 0;
    assert_int_equal(zz_case_members(f->cx, id, &m, &n, &err), 0);
    assert_int_equal(n, 4);
    assert_string_equal(m[0].role, "project_lead");
    assert_string_equal(m[0].username, "lead2");
    assert_string_equal(m[0].assigned_on, "2026-01-05");
    free(m);
    take(f, id, &s);
    REFUSED(f, id, &s, zz_case_unassign(f->cx, id, "lead", ZZ_ROLE_PROJECT_LEAD, &err),
            ZZ_ENOTFOUND, "case.not_assigned");
    OK(zz_case_unassign(f->cx, id, "exp", ZZ_ROLE_EXPERT, &err));
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'case.unassign'", 0),
                     1);
}

/* ---- acceptance (R-2.3, R-1.2, R-3.1) ------------------------------------------------------ */

static void test_case__r3_1_file_reports_every_unmet_condition(void **state)
{
    fx *f = *state;
    /* an authorised branch without accepted exception, nothing stamped, bound or packaged, no
     * paper copy received */
    int64_t id = case_sql(f, f->org_c, false, false, false, ZZ_DATE(2026, 1, 5));
    assign(f, id, "lead", ZZ_ROLE_PROJECT_LEAD);
    snap s;
    take(f, id, &s);
    as(f, "asr");
    REFUSED(f, id, &s, zz_case_file(f->cx, id, &err), ZZ_EPERM, "auth.role");
    as(f, "lead2"); /* a project lead, but not this case's: it does not even see it */
    REFUSED(f, id, &s, zz_case_file(f->cx, id, &err), ZZ_ENOTFOUND, "case.not_found");
    as(f, "lead");
    REFUSED(f, id, &s, zz_case_file(f->cx, id, &err), ZZ_ERULE, "gate.not_legal_person");
    assert_string_equal(err.rule, "R-3.1");
    assert_non_null(strstr(err.message, "[gate.not_legal_person]"));
    assert_non_null(strstr(err.message, "[gate.not_stamped_bound]"));
    assert_non_null(strstr(err.message, "[gate.no_electronic_materials]"));
    assert_non_null(strstr(err.message, "no stamped-form scan"));
    assert_non_null(strstr(err.message, "paper copy not received"));
    assert_non_null(strstr(err.message_zh, "非独立法人"));
    assert_non_null(strstr(err.message_zh, "未提交电子版资料"));

    /* paper received but not matching; the fake package does not verify */
    at_date(f, 2026, 1, 8);
    REFUSED(f, id, &s, zz_case_receive_paper(f->cx, id, ZZ_DATE(2026, 1, 9), true, NULL, &err),
            ZZ_EINVAL, "input.date_range"); /* after today */
    REFUSED(f, id, &s, zz_case_receive_paper(f->cx, id, ZZ_DATE(2026, 1, 4), true, NULL, &err),
            ZZ_EINVAL, "input.date_range"); /* before submission */
    REFUSED(f, id, &s, zz_case_receive_paper(f->cx, id, ZZ_DATE(2026, 2, 30), true, NULL, &err),
            ZZ_EINVAL, "input.date");
    as(f, "a_admin");
    REFUSED(f, id, &s, zz_case_receive_paper(f->cx, id, ZZ_DATE(2026, 1, 8), true, NULL, &err),
            ZZ_EPERM, "auth.role");
    as(f, "lead");
    OK(zz_case_receive_paper(f->cx, id, ZZ_DATE(2026, 1, 8), false, "EMS 1001", &err));
    zz_case c;
    assert_int_equal(zz_case_get(f->cx, id, &c, &err), 0);
    assert_string_equal(c.state, "received");
    assert_string_equal(c.paper_received_on, "2026-01-08");
    assert_int_equal(c.paper_matches, 0);
    assert_false(c.package_verified);
    take(f, id, &s);
    REFUSED(f, id, &s, zz_case_file(f->cx, id, &err), ZZ_ERULE, "gate.not_legal_person");
    assert_non_null(strstr(err.message, "paper copy does not match"));

    /* the lead accepts the exception explicitly, with a note */
    REFUSED(f, id, &s, zz_case_accept_exception(f->cx, id, "  ", &err), ZZ_EINVAL, "input.note");
    OK(zz_case_accept_exception(f->cx, id, "分公司持总公司授权书，同意按例外受理", &err));
    take(f, id, &s);
    assert_true(s.c.exception_accepted);
    REFUSED(f, id, &s, zz_case_accept_exception(f->cx, id, "again", &err), ZZ_ESTATE,
            "case.exception_accepted");
    REFUSED(f, id, &s, zz_case_file(f->cx, id, &err), ZZ_ERULE, "gate.not_stamped_bound");
    assert_null(strstr(err.message, "[gate.not_legal_person]"));
    assert_non_null(strstr(err.message, "[gate.no_electronic_materials]"));
    /* nothing moved: no cycle clock yet */
    zz_case_cycle_info cy;
    assert_int_equal(zz_case_cycle(f->cx, id, &cy, &err), 0);
    assert_false(cy.started);
    zz_case_cycle_free(&cy);
}

static void test_case__r1_2_exception_not_for_legal_person_nor_unjustified(void **state)
{
    fx *f = *state;
    int64_t id = case_sql(f, f->org_a, true, true, true, ZZ_DATE(2026, 1, 5));
    assign(f, id, "lead", ZZ_ROLE_PROJECT_LEAD);
    snap s;
    take(f, id, &s);
    as(f, "lead");
    REFUSED(f, id, &s, zz_case_accept_exception(f->cx, id, "不需要", &err), ZZ_ESTATE,
            "case.exception_not_needed");
    /* a branch whose justification is gone (the record was cleared in the database) */
    exec(f, "UPDATE organisations SET exception_reason = NULL WHERE uscc = '91110108MA01ABCD5T'");
    int64_t c = case_sql(f, f->org_c, true, true, true, ZZ_DATE(2026, 1, 5));
    assign(f, c, "lead", ZZ_ROLE_PROJECT_LEAD);
    take(f, c, &s);
    REFUSED(f, c, &s, zz_case_accept_exception(f->cx, c, "同意", &err), ZZ_ERULE,
            "gate.exception_unjustified");
}

static void test_case__r3_1_file_when_all_three_hold(void **state)
{
    fx *f = *state;
    int64_t id = case_ready(f, f->org_a, "a_admin", ZZ_DATE(2026, 1, 5));
    assign(f, id, "lead", ZZ_ROLE_PROJECT_LEAD);
    as(f, "mgr"); /* the manager may record the receipt too */
    at_date(f, 2026, 1, 9);
    OK(zz_case_receive_paper(f->cx, id, ZZ_DATE(2026, 1, 8), true, "顺丰 SF1", &err));
    zz_case c;
    assert_int_equal(zz_case_get(f->cx, id, &c, &err), 0);
    assert_true(c.package_verified); /* the real signed package verified */
    snap s;
    take(f, id, &s);
    as(f, "mgr");
    REFUSED(f, id, &s, zz_case_file(f->cx, id, &err), ZZ_EPERM, "auth.role");
    as(f, "lead");
    at_date(f, 2026, 1, 10);
    int64_t before = audit_count(f);
    OK(zz_case_file(f->cx, id, &err));
    assert_int_equal(audit_count(f), before + 1);
    assert_int_equal(zz_case_get(f->cx, id, &c, &err), 0);
    assert_string_equal(c.state, "filed");
    assert_string_equal(c.filed_on, "2026-01-10");
    take(f, id, &s);
    REFUSED(f, id, &s, zz_case_file(f->cx, id, &err), ZZ_ESTATE, "case.state");
    /* the audit entry names the case and the transition */
    zz_audit_entry *e = NULL;
    size_t n = 0;
    assert_int_equal(zz_audit_list(f->cx->st, 1, &e, &n, &err), 0);
    assert_string_equal(e[0].action, "case.file");
    assert_string_equal(e[0].obj_type, "case");
    assert_string_equal(e[0].actor, "lead");
    assert_int_equal(strlen(e[0].obj_digest), 64);
    assert_non_null(strstr(e[0].detail, "\"from\":\"acceptance/received\""));
    assert_non_null(strstr(e[0].detail, "\"to\":\"acceptance/filed\""));
    zz_audit_list_free(e, n);
}

/* ---- review (R-3.2) ------------------------------------------------------------------------ */

static void test_case__r3_2_review_supplement_pauses_and_emails(void **state)
{
    fx *f = *state;
    int64_t id = case_filed(f, ZZ_DATE(2026, 1, 5), ZZ_DATE(2026, 1, 8), ZZ_DATE(2026, 1, 10));
    snap s;
    take(f, id, &s);
    REFUSED(f, id, &s, zz_case_review(f->cx, id, ZZ_REVIEW_SUPPLEMENT, "", &err), ZZ_EINVAL,
            "input.opinion");
    REFUSED(f, id, &s, zz_case_review(f->cx, id, (zz_review_outcome)9, "x", &err), ZZ_EINVAL,
            "input.review_outcome");
    as(f, "a_admin");
    REFUSED(f, id, &s, zz_case_review(f->cx, id, ZZ_REVIEW_ACCEPTED, "好", &err), ZZ_EPERM,
            "auth.role");
    as(f, "lead");
    at_date(f, 2026, 1, 20);
    OK(zz_case_review(f->cx, id, ZZ_REVIEW_SUPPLEMENT, "请补充 CISP 证书扫描件及保密合同。", &err));
    assert_state(f, id, "acceptance", "supplement");
    take(f, id, &s);
    assert_int_equal(s.open_pauses, 1);
    assert_int_equal(count(f,
                           "SELECT COUNT(*) FROM case_pauses WHERE case_id = ? AND cause ="
                           " 'supplement' AND started_on = '2026-01-20'",
                           id),
                     1);
    /* 一般以电子邮件形式反馈受理审查意见: queued in the same transaction */
    zz_outbox_msg *m = NULL;
    size_t n = 0;
    as(f, "mgr");
    zz_outbox_filter of = {.ref_type = "case", .purpose = "review_opinion"};
    assert_int_equal(zz_outbox_list(f->cx, &of, &m, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(m[0].to_addr, "apply@jia.example.cn");
    assert_non_null(strstr(m[0].subject, "受理审查意见"));
    assert_non_null(strstr(m[0].body, "请补充 CISP 证书扫描件及保密合同。"));
    assert_non_null(strstr(m[0].body, "补充资料"));
    assert_int_equal(m[0].sent_usec, 0);
    char idstr[32];
    snprintf(idstr, sizeof idstr, "%lld", (long long)id);
    assert_string_equal(m[0].ref_id, idstr);
    zz_outbox_list_free(m, n);

    as(f, "lead");
    take(f, id, &s);
    REFUSED(f, id, &s, zz_case_review(f->cx, id, ZZ_REVIEW_ACCEPTED, "好", &err), ZZ_ESTATE,
            "case.state");
    as(f, "b_admin"); /* another organisation cannot report the supplement */
    REFUSED(f, id, &s, zz_case_supplement_received(f->cx, id, &err), ZZ_ENOTFOUND,
            "case.not_found");
    as(f, "a_member");
    REFUSED(f, id, &s, zz_case_supplement_received(f->cx, id, &err), ZZ_EPERM, "auth.role");
    as(f, "a_admin");
    at_date(f, 2026, 2, 2);
    OK(zz_case_supplement_received(f->cx, id, &err));
    assert_state(f, id, "acceptance", "filed");
    assert_int_equal(count(f,
                           "SELECT COUNT(*) FROM case_pauses WHERE case_id = ? AND ended_on ="
                           " '2026-02-02'",
                           id),
                     1);
    as(f, "lead");
    OK(zz_case_review(f->cx, id, ZZ_REVIEW_ACCEPTED, "材料齐全，予以受理。", &err));
    assert_state(f, id, "initiation", "drafting");
    zz_case_opinion *op = NULL;
    assert_int_equal(zz_case_opinions(f->cx, id, &op, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(op[0].outcome, "supplement");
    assert_string_equal(op[1].outcome, "accepted");
    assert_string_equal(op[1].decided_by, "lead");
    assert_string_equal(op[1].decided_on, "2026-02-02");
    zz_case_opinions_free(op, n);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox WHERE purpose = 'review_opinion'", 0),
                     2);
}

static void test_case__r3_2_not_accepted_closes_with_reasons(void **state)
{
    fx *f = *state;
    int64_t id = case_filed(f, ZZ_DATE(2026, 1, 5), ZZ_DATE(2026, 1, 8), ZZ_DATE(2026, 1, 10));
    snap s;
    take(f, id, &s);
    REFUSED(f, id, &s, zz_case_review(f->cx, id, ZZ_REVIEW_NOT_ACCEPTED, " \n ", &err), ZZ_EINVAL,
            "input.opinion");
    /* no designated address that mail can go to: refused, nothing written */
    exec(f, "UPDATE organisations SET email = 'not an address' WHERE uscc = '" USCC_A "'");
    take(f, id, &s);
    REFUSED(f, id, &s, zz_case_review(f->cx, id, ZZ_REVIEW_NOT_ACCEPTED, "理由", &err), ZZ_EINVAL,
            "outbox.address");
    exec(f, "UPDATE organisations SET email = 'apply@jia.example.cn' WHERE uscc = '" USCC_A "'");
    at_date(f, 2026, 1, 15);
    OK(zz_case_review(f->cx, id, ZZ_REVIEW_NOT_ACCEPTED, "近两年内有项目验收未通过（3.2.6-2）。",
                      &err));
    zz_case c;
    assert_int_equal(zz_case__load(f->cx, id, &c, NULL), 0);
    assert_string_equal(c.state, "closed");
    assert_string_equal(c.stage, "acceptance");
    assert_string_equal(c.close_reason, "not_accepted");
    assert_string_equal(c.closed_on, "2026-01-15");
    assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox WHERE body LIKE '%3.2.6-2%'", 0), 1);
    /* the clock stopped on the closing day */
    zz_case_cycle_info cy;
    at_date(f, 2026, 3, 1);
    assert_int_equal(zz_case_cycle(f->cx, id, &cy, &err), 0);
    assert_true(cy.started);
    assert_true(cy.clock.ended);
    assert_int_equal(cy.clock.days_used, 5);
    zz_case_cycle_free(&cy);
}

/* ---- initiation (R-3.3, R-9) --------------------------------------------------------------- */

static int64_t case_drafting(fx *f)
{
    int64_t id = case_filed(f, ZZ_DATE(2026, 1, 5), ZZ_DATE(2026, 1, 8), ZZ_DATE(2026, 1, 10));
    at_date(f, 2026, 1, 12);
    OK(zz_case_review(f->cx, id, ZZ_REVIEW_ACCEPTED, "予以受理。", &err));
    return id;
}

static void test_case__r3_3_agreement_fee_and_assessment_gates(void **state)
{
    fx *f = *state;
    int64_t id = case_drafting(f);
    snap s;
    take(f, id, &s);
    REFUSED(f, id, &s, zz_case_send_agreement(f->cx, id, &err), ZZ_ESTATE, "case.state");
    REFUSED(f, id, &s, zz_case_start_assessment(f->cx, id, &err), ZZ_ESTATE, "case.state");
    at_date(f, 2026, 1, 13);
    OK(zz_case_draft_agreement(f->cx, id, &err));
    zz_case_initiation x;
    assert_int_equal(zz_case_initiation_get(f->cx, id, &x, &err), 0);
    assert_true(x.has_agreement);
    assert_string_equal(x.template_name, "委托协议（标准文本）2026版");
    assert_string_equal(x.drafted_on, "2026-01-13");
    assert_int_equal(x.n_lines, 2); /* audit fee + three-year annual fee */
    assert_string_equal(x.lines[0].code, "audit");
    assert_int_equal(x.lines[0].amount_fen, 2100000);
    assert_int_equal(x.lines[1].amount_fen, 1500000);
    assert_int_equal(x.invoice_total_fen, 3600000);
    assert_false(x.paid);
    zz_case_initiation_free(&x);

    take(f, id, &s);
    REFUSED(f, id, &s, zz_case_draft_agreement(f->cx, id, &err), ZZ_ESTATE, "case.state");
    REFUSED(f, id, &s, zz_case_record_payment(f->cx, id, 100, ZZ_DATE(2026, 1, 13), NULL, &err),
            ZZ_ESTATE, "case.state");
    at_date(f, 2026, 1, 14);
    OK(zz_case_send_agreement(f->cx, id, &err));
    assert_state(f, id, "initiation", "waiting");
    /* the agreement and annex templates go to the designated address */
    assert_int_equal(count(f,
                           "SELECT COUNT(*) FROM outbox WHERE purpose = 'agreement' AND to_addr ="
                           " 'apply@jia.example.cn' AND body LIKE '%委托协议（标准文本）2026版%'"
                           " AND body LIKE '%36,000.00%' AND attachments LIKE '%annex%'",
                           0),
                     1);
    /* waiting for agreement approval and for payment */
    assert_int_equal(count(f,
                           "SELECT COUNT(*) FROM case_pauses WHERE case_id = ? AND ended_on IS"
                           " NULL AND started_on = '2026-01-14' AND cause IN ('agreement',"
                           " 'payment')",
                           id),
                     2);

    /* neither in effect nor paid: both reported */
    take(f, id, &s);
    REFUSED(f, id, &s, zz_case_start_assessment(f->cx, id, &err), ZZ_ERULE,
            "gate.agreement_not_effective");
    assert_string_equal(err.rule, "R-3.3");
    assert_non_null(strstr(err.message, "[gate.fee_unpaid]"));
    assert_non_null(strstr(err.message, "36,000.00"));

    at_date(f, 2026, 1, 20);
    REFUSED(f, id, &s, zz_case_agreement_effective(f->cx, id, ZZ_DATE(2026, 1, 13), &err),
            ZZ_EINVAL, "input.date_range"); /* before it was sent */
    REFUSED(f, id, &s, zz_case_agreement_effective(f->cx, id, ZZ_DATE(2026, 1, 21), &err),
            ZZ_EINVAL, "input.date_range"); /* in the future */
    as(f, "lead2");
    REFUSED(f, id, &s, zz_case_agreement_effective(f->cx, id, ZZ_DATE(2026, 1, 19), &err),
            ZZ_ENOTFOUND, "case.not_found");
    as(f, "lead");
    OK(zz_case_agreement_effective(f->cx, id, ZZ_DATE(2026, 1, 19), &err));
    assert_int_equal(count(f,
                           "SELECT COUNT(*) FROM case_pauses WHERE case_id = ? AND cause ="
                           " 'agreement' AND ended_on = '2026-01-19'",
                           id),
                     1);
    take(f, id, &s);
    REFUSED(f, id, &s, zz_case_agreement_effective(f->cx, id, ZZ_DATE(2026, 1, 20), &err),
            ZZ_ESTATE, "case.agreement_effective");
    REFUSED(f, id, &s, zz_case_start_assessment(f->cx, id, &err), ZZ_ERULE, "gate.fee_unpaid");
    assert_null(strstr(err.message, "[gate.agreement_not_effective]"));

    /* payments, refused beyond what is owed */
    REFUSED(f, id, &s, zz_case_record_payment(f->cx, id, 0, ZZ_DATE(2026, 1, 15), NULL, &err),
            ZZ_EINVAL, "input.amount");
    REFUSED(f, id, &s, zz_case_record_payment(f->cx, id, 3600001, ZZ_DATE(2026, 1, 15), NULL, &err),
            ZZ_ERULE, "gate.overpaid");
    assert_non_null(strstr(err.message, "36,000.00"));
    REFUSED(f, id, &s, zz_case_record_payment(f->cx, id, 100, ZZ_DATE(2026, 1, 13), NULL, &err),
            ZZ_EINVAL, "input.date_range");
    OK(zz_case_record_payment(f->cx, id, 2100000, ZZ_DATE(2026, 1, 15), "银行回单 001", &err));
    take(f, id, &s);
    assert_int_equal(s.open_pauses, 1); /* still owed: the payment pause runs on */
    REFUSED(f, id, &s, zz_case_start_assessment(f->cx, id, &err), ZZ_ERULE, "gate.fee_unpaid");
    assert_non_null(strstr(err.message, "15,000.00"));
    REFUSED(f, id, &s, zz_case_record_payment(f->cx, id, 1500001, ZZ_DATE(2026, 1, 18), NULL, &err),
            ZZ_ERULE, "gate.overpaid");
    OK(zz_case_record_payment(f->cx, id, 1500000, ZZ_DATE(2026, 1, 18), "银行回单 002", &err));
    assert_int_equal(count(f,
                           "SELECT COUNT(*) FROM case_pauses WHERE case_id = ? AND cause ="
                           " 'payment' AND ended_on = '2026-01-18'",
                           id),
                     1);
    assert_int_equal(zz_case_initiation_get(f->cx, id, &x, &err), 0);
    assert_true(x.paid);
    assert_string_equal(x.paid_on, "2026-01-18");
    assert_int_equal(x.outstanding_fen, 0);
    assert_int_equal(x.n_payments, 2);
    zz_case_initiation_free(&x);
    take(f, id, &s);
    REFUSED(f, id, &s, zz_case_record_payment(f->cx, id, 1, ZZ_DATE(2026, 1, 19), NULL, &err),
            ZZ_ERULE, "gate.overpaid");
    as(f, "asr");
    REFUSED(f, id, &s, zz_case_start_assessment(f->cx, id, &err), ZZ_EPERM, "auth.role");
    as(f, "lead");
    OK(zz_case_start_assessment(f->cx, id, &err));
    zz_case c;
    assert_int_equal(zz_case_get(f->cx, id, &c, &err), 0);
    assert_string_equal(c.stage, "assessment");
    assert_string_equal(c.state, "planning");
    assert_string_equal(c.assessment_on, "2026-01-20");
}

static void test_case__r3_3_missing_fee_schedule_refuses_draft(void **state)
{
    fx *f = *state;
    int64_t id = case_drafting(f);
    exec(f,
         "INSERT INTO settings (key, value) VALUES ('fees.schedule_path', '/nonexistent/f.json')");
    snap s;
    take(f, id, &s);
    REFUSED(f, id, &s, zz_case_draft_agreement(f->cx, id, &err), ZZ_EIO, "fee.schedule_io");
    exec(f, "DELETE FROM settings WHERE key = 'fees.schedule_path'");
    exec(f, "INSERT INTO settings (key, value) VALUES ('case.agreement_template', "
            "'委托协议（测试版）')");
    OK(zz_case_draft_agreement(f->cx, id, &err));
    assert_int_equal(
        count(f, "SELECT COUNT(*) FROM agreements WHERE template = '委托协议（测试版）'", 0), 1);
}

/* ---- the cycle clock (R-3.7) --------------------------------------------------------------- */

static void test_case__r3_7_cycle_33_days_paused_deadline_08_12(void **state)
{
    fx *f = *state;
    /* filed 2026-01-10; supplement 01-20 → 02-02 (13 days); agreement sent 02-10, in effect
     * 03-02 (20 days), paid 02-25 within it: 33 days paused → deadline 2026-08-12 */
    int64_t id = case_filed(f, ZZ_DATE(2026, 1, 5), ZZ_DATE(2026, 1, 8), ZZ_DATE(2026, 1, 10));
    at_date(f, 2026, 1, 20);
    OK(zz_case_review(f->cx, id, ZZ_REVIEW_SUPPLEMENT, "请补充。", &err));
    at_date(f, 2026, 2, 2);
    OK(zz_case_supplement_received(f->cx, id, &err));
    at_date(f, 2026, 2, 3);
    OK(zz_case_review(f->cx, id, ZZ_REVIEW_ACCEPTED, "受理。", &err));
    OK(zz_case_draft_agreement(f->cx, id, &err));
    at_date(f, 2026, 2, 10);
    OK(zz_case_send_agreement(f->cx, id, &err));

    zz_case_cycle_info cy;
    at_date(f, 2026, 2, 20); /* while waiting: paused now, the open pause counts to today */
    assert_int_equal(zz_case_cycle(f->cx, id, &cy, &err), 0);
    assert_true(cy.clock.paused_now);
    assert_int_equal(cy.clock.days_paused, 13 + 10);
    zz_case_cycle_free(&cy);

    at_date(f, 2026, 2, 25);
    OK(zz_case_record_payment(f->cx, id, 3600000, ZZ_DATE(2026, 2, 25), "回单", &err));
    at_date(f, 2026, 3, 2);
    OK(zz_case_agreement_effective(f->cx, id, ZZ_DATE(2026, 3, 2), &err));
    OK(zz_case_start_assessment(f->cx, id, &err));

    at_date(f, 2026, 6, 1);
    assert_int_equal(zz_case_cycle(f->cx, id, &cy, &err), 0);
    assert_true(cy.started);
    assert_false(cy.clock.ended);
    assert_false(cy.clock.paused_now);
    assert_int_equal(cy.clock.days_paused, 33);
    char d[ZZ_DATE_STRLEN];
    assert_string_equal(zz_date_format(cy.clock.deadline, d), "2026-08-12");
    assert_int_equal(cy.clock.days_allowed, 181);
    assert_int_equal(cy.clock.days_elapsed, 142);
    assert_int_equal(cy.clock.days_used, 109);
    assert_int_equal(cy.clock.days_left, 72);
    assert_false(cy.clock.warn_80);
    assert_int_equal(cy.n_pauses, 3);
    assert_int_equal(cy.pauses[0].cause, ZZ_PAUSE_SUPPLEMENT);
    assert_string_equal(zz_date_format(cy.pauses[0].start, d), "2026-01-20");
    assert_string_equal(zz_date_format(cy.pauses[0].end, d), "2026-02-02");
    for (size_t i = 0; i < cy.n_pauses; i++)
        assert_false(cy.pauses[i].open);
    zz_case_cycle_free(&cy);

    /* the deadline day itself: 100 % reached, not overdue; the day after: overdue */
    at_date(f, 2026, 8, 12);
    assert_int_equal(zz_case_cycle(f->cx, id, &cy, &err), 0);
    assert_int_equal(cy.clock.days_left, 0);
    assert_true(cy.clock.warn_80);
    assert_true(cy.clock.over_100);
    assert_false(cy.clock.overdue);
    zz_case_cycle_free(&cy);
    at_date(f, 2026, 8, 13);
    assert_int_equal(zz_case_cycle(f->cx, id, &cy, &err), 0);
    assert_true(cy.clock.overdue);
    assert_int_equal(cy.clock.days_left, -1);
    zz_case_cycle_free(&cy);

    /* visible to the applicant, refused to another organisation */
    as(f, "a_member");
    assert_int_equal(zz_case_cycle(f->cx, id, &cy, &err), 0);
    zz_case_cycle_free(&cy);
    as(f, "b_admin");
    assert_int_equal(zz_case_cycle(f->cx, id, &cy, &err), ZZ_ENOTFOUND);
}

/* ---- withdrawal and archive (R-7.1) ------------------------------------------------ */

static void test_case__r3_8_withdraw_before_approval_only(void **state)
{
    fx *f = *state;
    int64_t id = case_filed(f, ZZ_DATE(2026, 1, 5), ZZ_DATE(2026, 1, 8), ZZ_DATE(2026, 1, 10));
    at_date(f, 2026, 1, 20);
    OK(zz_case_review(f->cx, id, ZZ_REVIEW_SUPPLEMENT, "请补充。", &err));
    snap s;
    take(f, id, &s);
    as(f, "lead");
    REFUSED(f, id, &s, zz_case_withdraw(f->cx, id, "不想做了", &err), ZZ_EPERM, "auth.role");
    as(f, "a_member");
    REFUSED(f, id, &s, zz_case_withdraw(f->cx, id, "不想做了", &err), ZZ_EPERM, "auth.role");
    as(f, "b_admin");
    REFUSED(f, id, &s, zz_case_withdraw(f->cx, id, "不想做了", &err), ZZ_ENOTFOUND,
            "case.not_found");
    as(f, "a_admin");
    REFUSED(f, id, &s, zz_case_withdraw(f->cx, id, "", &err), ZZ_EINVAL, "input.reason");
    at_date(f, 2026, 1, 25);
    OK(zz_case_withdraw(f->cx, id, "业务调整，暂不申请", &err));
    zz_case c;
    assert_int_equal(zz_case_get(f->cx, id, &c, &err), 0);
    assert_string_equal(c.state, "closed");
    assert_string_equal(c.close_reason, "withdrawn");
    assert_string_equal(c.closed_on, "2026-01-25");
    take(f, id, &s);
    assert_int_equal(s.open_pauses, 0); /* the open supplement pause ended with it */
    assert_string_equal(s.dossier_status, "withdrawn");
    REFUSED(f, id, &s, zz_case_withdraw(f->cx, id, "again", &err), ZZ_ESTATE, "case.state");

    /* after approval (审批) it is too late */
    int64_t b = case_sql(f, f->org_a, true, true, true, ZZ_DATE(2026, 1, 5));
    exec(f, "UPDATE cases SET stage = 'certification', state = 'awaiting_approval' WHERE id = 2");
    assert_int_equal(b, 2);
    as(f, "a_admin");
    take(f, b, &s);
    exec(f, "UPDATE cases SET state = 'approved', approved_on = '2026-05-01' WHERE id = 2");
    take(f, b, &s);
    REFUSED(f, b, &s, zz_case_withdraw(f->cx, b, "太晚了", &err), ZZ_ERULE,
            "gate.withdraw_after_approval");
    assert_string_equal(err.rule, "R-3.8");
    /* awaiting approval is still before certification: allowed */
    exec(f, "UPDATE cases SET state = 'awaiting_approval', approved_on = NULL WHERE id = 2");
    OK(zz_case_withdraw(f->cx, b, "撤回", &err));
}

static void test_case__r7_1_archive_closed_cases(void **state)
{
    fx *f = *state;
    int64_t id = case_filed(f, ZZ_DATE(2026, 1, 5), ZZ_DATE(2026, 1, 8), ZZ_DATE(2026, 1, 10));
    snap s;
    take(f, id, &s);
    as(f, "mgr");
    REFUSED(f, id, &s, zz_case_archive(f->cx, id, &err), ZZ_ESTATE, "case.state");
    as(f, "a_admin");
    at_date(f, 2026, 5, 1);
    OK(zz_case_withdraw(f->cx, id, "撤回", &err));
    take(f, id, &s);
    as(f, "lead");
    REFUSED(f, id, &s, zz_case_archive(f->cx, id, &err), ZZ_EPERM, "auth.role");
    as(f, "mgr");
    at_date(f, 2026, 6, 1);
    OK(zz_case_archive(f->cx, id, &err));
    assert_state(f, id, "archived", "archived");
    assert_int_equal(count(f,
                           "SELECT COUNT(*) FROM archives WHERE case_id = ? AND closed_on ="
                           " '2026-05-01' AND keep_until = '2032-05-01'",
                           id),
                     1);
    take(f, id, &s);
    REFUSED(f, id, &s, zz_case_archive(f->cx, id, &err), ZZ_ESTATE, "case.state");
    REFUSED(f, id, &s, zz_case_assign(f->cx, id, "asr", ZZ_ROLE_ASSESSOR, &err), ZZ_ESTATE,
            "case.state");
    /* the hooks keep it closed too */
    assert_int_equal(zz_case__reopen(f->cx, id, "acceptance", "filed", &err), ZZ_ESTATE);
    zz_case_cycle_info cy;
    assert_int_equal(zz_case_cycle(f->cx, id, &cy, &err), 0);
    assert_true(cy.clock.ended);
    zz_case_cycle_free(&cy);
}

static void test_case__hooks_close_reopen(void **state)
{
    fx *f = *state;
    int64_t id = case_filed(f, ZZ_DATE(2026, 1, 5), ZZ_DATE(2026, 1, 8), ZZ_DATE(2026, 1, 10));
    at_date(f, 2026, 1, 20);
    OK(zz_case_review(f->cx, id, ZZ_REVIEW_SUPPLEMENT, "请补充。", &err));
    assert_int_equal(zz_case__close(f->cx, id, "bogus", ZZ_DATE(2026, 2, 1), &err), ZZ_EINVAL);
    assert_int_equal(zz_case__close(f->cx, id, "failed", ZZ_DATE(2026, 2, 1), &err), 0);
    zz_case c;
    assert_int_equal(zz_case__load(f->cx, id, &c, NULL), 0);
    assert_string_equal(c.state, "closed");
    assert_string_equal(c.closed_on, "2026-02-01");
    assert_int_equal(count(f, "SELECT COUNT(*) FROM case_pauses WHERE ended_on IS NULL", 0), 0);
    assert_int_equal(zz_case__close(f->cx, id, "failed", ZZ_DATE(2026, 2, 1), &err), ZZ_ESTATE);
    assert_int_equal(zz_case__reopen(f->cx, id, "acceptance", "filed", &err), 0);
    assert_int_equal(zz_case__load(f->cx, id, &c, NULL), 0);
    assert_string_equal(c.state, "filed");
    assert_string_equal(c.closed_on, "");
    assert_string_equal(c.close_reason, "");
    assert_int_equal(zz_case__close(f->cx, id, "certified", ZZ_DATE(2026, 6, 1), &err), 0);
    assert_int_equal(zz_case__load(f->cx, id, &c, NULL), 0);
    assert_string_equal(c.state, "certified");
    assert_int_equal(zz_case__set_state(f->cx, id, "nowhere", "x", &err), ZZ_EINVAL);
}

/* ---- outbox -------------------------------------------------------------------------------- */

static void test_outbox__queue_in_transaction_and_delivery_marks(void **state)
{
    fx *f = *state;
    assert_int_equal(zz_outbox_queue(f->cx, "a@b.cn", "主题", "正文", "reminder", NULL, NULL, &err),
                     ZZ_ESTATE);
    assert_string_equal(err.code, "outbox.no_transaction");
    int64_t id = 0;
    assert_int_equal(zz_store_begin(f->cx->st, NULL), 0);
    assert_int_equal(
        zz_outbox_queue(f->cx, "a b@c.cn", "主题", "正文", "reminder", NULL, NULL, &err),
        ZZ_EINVAL);
    assert_string_equal(err.code, "outbox.address");
    assert_int_equal(zz_outbox_queue(f->cx, "a@b.cn", "", "正文", "reminder", NULL, NULL, &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "outbox.message");
    assert_int_equal(zz_outbox_queue_ex(f->cx, "a@b.cn", "主题", "正文", "{}", "reminder", NULL,
                                        NULL, &id, &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "outbox.attachments");
    assert_int_equal(zz_outbox_queue_ex(f->cx, "a@b.cn", "主题", "正文", NULL, "reminder", "cert",
                                        "7", &id, &err),
                     0);
    assert_int_equal(zz_store_commit(f->cx->st, NULL), 0);

    zz_outbox_msg *m = NULL;
    size_t n = 0;
    zz_outbox_filter pending = {.pending_only = true, .max_attempts = 2};
    as(f, "a_admin");
    assert_int_equal(zz_outbox_list(f->cx, &pending, &m, &n, &err), ZZ_EPERM);
    assert_int_equal(zz_outbox_mark_sent(f->cx, id, 1, &err), ZZ_EPERM);
    as(f, NULL);
    assert_int_equal(zz_outbox_list(f->cx, &pending, &m, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(m[0].attachments, "[]");
    assert_string_equal(m[0].ref_id, "7");
    zz_outbox_list_free(m, n);
    assert_int_equal(zz_outbox_mark_failed(f->cx, id, "connection refused", &err), 0);
    assert_int_equal(zz_outbox_mark_failed(f->cx, id, "timeout", &err), 0);
    assert_int_equal(zz_outbox_list(f->cx, &pending, &m, &n, &err), 0);
    assert_int_equal(n, 0); /* failed twice: no longer offered with max_attempts 2 */
    zz_outbox_list_free(m, n);
    assert_int_equal(zz_outbox_mark_sent(f->cx, id, 1767225600000000, &err), 0);
    assert_int_equal(zz_outbox_mark_sent(f->cx, id, 1767225600000001, &err), ZZ_ESTATE);
    assert_string_equal(err.code, "outbox.already_sent");
    assert_int_equal(zz_outbox_mark_failed(f->cx, 99, "x", &err), ZZ_ENOTFOUND);
    zz_outbox_filter all = {0};
    assert_int_equal(zz_outbox_list(f->cx, &all, &m, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(m[0].attempts, 2);
    assert_int_equal(m[0].sent_usec, 1767225600000000);
    assert_string_equal(m[0].last_error, "");
    zz_outbox_list_free(m, n);
}

/* sys_admin sees the delivery status of every message, not what it says; manager,
 * supervisor and the system read the body; delivery (src/mail) still gets it. */
static void test_outbox__r0_3_sys_admin_sees_status_not_bodies(void **state)
{
    fx *f = *state;
    int64_t id = 0;
    assert_int_equal(zz_store_begin(f->cx->st, NULL), 0);
    OK(zz_outbox_queue_ex(f->cx, "apply@jia.example.cn", "受理审查意见", "请补充资料：保密合同",
                          "[{\"name\":\"协议.pdf\"}]", "review_opinion", "case", "3", &id, &err));
    assert_int_equal(zz_store_commit(f->cx->st, NULL), 0);
    OK(zz_outbox_mark_failed(f->cx, id, "connection refused", &err));

    zz_outbox_msg *m = NULL;
    size_t n = 0;
    as(f, "sysadm");
    OK(zz_outbox_list(f->cx, NULL, &m, &n, &err));
    assert_int_equal(n, 1);
    assert_string_equal(m[0].body, "");
    assert_string_equal(m[0].attachments, "[]");
    assert_string_equal(m[0].to_addr, "apply@jia.example.cn");
    assert_string_equal(m[0].subject, "受理审查意见");
    assert_string_equal(m[0].purpose, "review_opinion");
    assert_string_equal(m[0].ref_id, "3");
    assert_int_equal(m[0].attempts, 1);
    assert_string_equal(m[0].last_error, "connection refused");
    assert_int_equal(m[0].sent_usec, 0);
    assert_true(m[0].created_usec > 0);
    zz_outbox_list_free(m, n);
    /* delivery puts the real message on the wire */
    OK(zz_outbox__deliverable(f->cx, NULL, &m, &n, &err));
    assert_int_equal(n, 1);
    assert_string_equal(m[0].body, "请补充资料：保密合同");
    zz_outbox_list_free(m, n);

    const char *readers[] = {"mgr", "sup", NULL};
    for (int i = 0; i < 3; i++) {
        as(f, readers[i]); /* NULL: the system (zizhid's mail job) */
        OK(zz_outbox_list(f->cx, NULL, &m, &n, &err));
        assert_int_equal(n, 1);
        assert_string_equal(m[0].body, "请补充资料：保密合同");
        assert_string_equal(m[0].attachments, "[{\"name\":\"协议.pdf\"}]");
        zz_outbox_list_free(m, n);
    }
    as(f, "mgr");
    assert_int_equal(zz_outbox__deliverable(f->cx, NULL, &m, &n, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    as(f, "certo");
    assert_int_equal(zz_outbox_list(f->cx, NULL, &m, &n, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    assert_null(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case__number_pattern_tokens),
        cmocka_unit_test_setup_teardown(test_case__i5_numbers_per_year_never_reused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_case__r0_1_visibility, setup, teardown),
        cmocka_unit_test_setup_teardown(test_case__r0_2_cert_officer_reads_record_not_internals,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_case__r0_2_assign_roles_and_r3_5_independence, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_case__r3_1_file_reports_every_unmet_condition, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_case__r1_2_exception_not_for_legal_person_nor_unjustified, setup, teardown),
        cmocka_unit_test_setup_teardown(test_case__r3_1_file_when_all_three_hold, setup, teardown),
        cmocka_unit_test_setup_teardown(test_case__r3_2_review_supplement_pauses_and_emails, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_case__r3_2_not_accepted_closes_with_reasons, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_case__r3_3_agreement_fee_and_assessment_gates, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_case__r3_3_missing_fee_schedule_refuses_draft, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_case__r3_7_cycle_33_days_paused_deadline_08_12, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_case__r3_8_withdraw_before_approval_only, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_case__r7_1_archive_closed_cases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_case__hooks_close_reopen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outbox__queue_in_transaction_and_delivery_marks, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_outbox__r0_3_sys_admin_sees_status_not_bodies, setup,
                                        teardown),
    };
    return cmocka_run_group_tests_name("case", tests, NULL, NULL);
}
