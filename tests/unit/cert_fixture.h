/*
 * cert_fixture.h — the shared fixture of test_cert.c, test_sanction.c, test_appeal.c and
 * test_archive.c (header-only, each test program includes it once).
 *
 * A fresh data directory whose catalogue directory holds tests/data/catalog-assess.json as the
 * catalogue of category "test", level 1 (small: 10 counting items), and a fee schedule for it.
 * Everything is made through the public actions, never with SQL: organisations 甲 and 乙 with
 * their administrators (admin.a, admin.b) and a member of 甲 (member.a); the certification body's
 * accounts lead (project_lead), asr (assessor), exp1..exp3 (expert), mgr (manager), certo
 * (cert_officer), sup (supervisor); and, on demand, a case taken from a complete dossier through
 * every stage to certification/approved (fx_approved_case), certified in a published batch
 * (fx_certificate).
 *
 * fx_snapshot() gives one comparable line of everything these modules write (the audit log
 * included), to show that a refusal wrote nothing.
 */
#ifndef ZZ_TEST_CERT_FIXTURE_H
#define ZZ_TEST_CERT_FIXTURE_H

#define _XOPEN_SOURCE 700 /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/store_int.h"
#include "zizhi/appeal.h"
#include "zizhi/archive.h"
#include "zizhi/assess.h"
#include "zizhi/audit.h"
#include "zizhi/blob.h"
#include "zizhi/case.h"
#include "zizhi/cert.h"
#include "zizhi/ctx.h"
#include "zizhi/dossier.h"
#include "zizhi/org.h"
#include "zizhi/panel.h"
#include "zizhi/sanction.h"
#include "zizhi/user.h"
#include "zizhi/uscc.h"

#define D(y, m, d) ZZ_DATE(y, m, d)

typedef struct fx {
    char dir[64];
    char catdir[96];
    zz_ctx *cx;
    int64_t org_a, org_b;
    char uscc_a[ZZ_USCC_LEN + 1], uscc_b[ZZ_USCC_LEN + 1];
} fx;

static inline int fx_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static inline void fx_ok(int rc, const zz_err *err, const char *what)
{
    if (rc != ZZ_OK) fail_msg("%s: rc %d %s: %s", what, rc, err->code, err->message);
}

/* Moves the business date; the real instant never goes back (audit entries stay ordered). */
static inline void fx_at(fx *f, zz_date d)
{
    int64_t now = f->cx->clock.now_usec;
    f->cx->clock = zz_clock_fixed(d);
    if (f->cx->clock.now_usec <= now) f->cx->clock.now_usec = now + 1;
}

static inline void fx_as(fx *f, const char *name)
{
    zz_err err = ZZ_ERR_INIT;
    if (!name) {
        zz_ctx_act_as_system(f->cx);
        return;
    }
    if (zz_ctx_act_as(f->cx, name, &err) < 0) fail_msg("act as %s: %s", name, err.message);
}

static inline void fx_user(fx *f, const char *name, int64_t org_id, zz_role role)
{
    zz_err err = ZZ_ERR_INIT;
    zz_actor saved = f->cx->actor;
    zz_ctx_act_as_system(f->cx);
    zz_user_new in = {.username = name, .display_name = name, .org_id = org_id};
    fx_ok(zz_user_create(f->cx, &in, NULL, &err), &err, name);
    fx_ok(zz_user_grant(f->cx, name, role, &err), &err, name);
    f->cx->actor = saved;
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

static inline int fx_write(const char *path, const char *text)
{
    FILE *o = fopen(path, "wb");
    if (!o) return -1;
    fputs(text, o);
    return fclose(o) == 0 ? 0 : -1;
}

static const char FX_FEES[] =
    "{\"format\":\"zizhi-fees/1\",\"source\":\"test\",\"currency\":\"CNY\",\"unit\":\"fen\","
    "\"schedules\":["
    "{\"category\":\"test\",\"level\":1,\"application_type\":\"initial\",\"items\":["
    "{\"code\":\"audit\",\"name_zh\":\"审核费用\",\"name_en\":\"audit "
    "fee\",\"amount_fen\":2100000},"
    "{\"code\":\"annual-3y\",\"name_zh\":\"三年年金\",\"name_en\":\"three-year annual fee\","
    "\"amount_fen\":1500000}]},"
    "{\"category\":\"test\",\"level\":1,\"application_type\":\"maintenance\",\"items\":["
    "{\"code\":\"audit\",\"name_zh\":\"审核费用\",\"name_en\":\"audit "
    "fee\",\"amount_fen\":2100000},"
    "{\"code\":\"annual-3y\",\"name_zh\":\"三年年金\",\"name_en\":\"three-year annual fee\","
    "\"amount_fen\":1500000}]}]}";

static inline int fx_setup(void **state)
{
    setenv("ZIZHI_PW_FAST", "1", 1);
    fx *f = calloc(1, sizeof *f);
    if (!f) return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/zz-test-cert-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    snprintf(f->catdir, sizeof f->catdir, "%s/catalog", f->dir);
    char p1[160], p2[160], p3[160];
    snprintf(p1, sizeof p1, "%s/test-1.json", f->catdir);        /* (category, level) */
    snprintf(p2, sizeof p2, "%s/test-assess-1.json", f->catdir); /* its id */
    snprintf(p3, sizeof p3, "%s/fees.json", f->catdir);
    if (mkdir(f->catdir, 0700) < 0 || fx_copy("tests/data/catalog-assess.json", p1) < 0 ||
        fx_copy("tests/data/catalog-assess.json", p2) < 0 || fx_write(p3, FX_FEES) < 0)
        return -1;
    zz_err err = ZZ_ERR_INIT;
    if (zz_ctx_open(&f->cx, f->dir, f->catdir, zz_clock_fixed(D(2026, 1, 5)), &err) < 0) {
        fprintf(stderr, "open: %s\n", err.message);
        return -1;
    }
    *state = f;
    zz_uscc_make(f->uscc_a, "91110108MA01ABCD1", NULL);
    zz_uscc_make(f->uscc_b, "91310115MA1K4XYW2", NULL);
    zz_org_in a = {.name = "北京甲智能安全科技有限公司",
                   .uscc = f->uscc_a,
                   .legal_person = true,
                   .email = "apply@jia.example.cn"};
    zz_org_in b = {.name = "上海乙信息技术有限公司",
                   .uscc = f->uscc_b,
                   .legal_person = true,
                   .email = "apply@yi.example.cn"};
    zz_user_new admin_a = {.username = "admin.a", .display_name = "甲管理员"};
    zz_user_new admin_b = {.username = "admin.b", .display_name = "乙管理员"};
    if (zz_org_create(f->cx, &a, &admin_a, &f->org_a, NULL, &err) < 0 ||
        zz_org_create(f->cx, &b, &admin_b, &f->org_b, NULL, &err) < 0) {
        fprintf(stderr, "org: %s\n", err.message);
        return -1;
    }
    fx_user(f, "member.a", f->org_a, ZZ_ROLE_APPLICANT_MEMBER);
    fx_user(f, "lead", 0, ZZ_ROLE_PROJECT_LEAD);
    fx_user(f, "asr", 0, ZZ_ROLE_ASSESSOR);
    fx_user(f, "exp1", 0, ZZ_ROLE_EXPERT);
    fx_user(f, "exp2", 0, ZZ_ROLE_EXPERT);
    fx_user(f, "exp3", 0, ZZ_ROLE_EXPERT);
    fx_user(f, "mgr", 0, ZZ_ROLE_MANAGER);
    fx_user(f, "certo", 0, ZZ_ROLE_CERT_OFFICER);
    fx_user(f, "sup", 0, ZZ_ROLE_SUPERVISOR);
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

static inline int64_t fx_count(fx *f, const char *sql)
{
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(zz_store__db(f->cx->st), sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

/* Raw SQL: only to tamper, the way an intruder would (triggers dropped first where needed). */
static inline void fx_sql(fx *f, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(zz_store__db(f->cx->st), sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("sql: %s: %s", sql, msg ? msg : "?");
}

static inline int64_t fx_audit_count(fx *f)
{
    int64_t n = 0;
    char head[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_audit_head(f->cx->st, &n, head, NULL), ZZ_OK);
    return n;
}

/*
 * Everything the certification, sanction, appeal and archive actions may write, as one line:
 * row counts, the rows' changing columns and the audit head (R-8.1: a refusal changes none).
 */
static inline void fx_snapshot(fx *f, char *out, size_t cap)
{
    static const char *const q[] = {"SELECT COUNT(*) FROM audit_log",
                                    "SELECT COUNT(*) FROM batches",
                                    "SELECT COUNT(*) FROM certificates",
                                    "SELECT COUNT(*) FROM sanctions",
                                    "SELECT COUNT(*) FROM appeals",
                                    "SELECT COUNT(*) FROM complaints",
                                    "SELECT COUNT(*) FROM archive_holds",
                                    "SELECT COUNT(*) FROM cert_number_counters",
                                    "SELECT COALESCE(SUM(last_seq), 0) FROM cert_number_counters",
                                    NULL};
    size_t len = 0;
    for (const char *const *s = q; *s; s++)
        len += (size_t)snprintf(out + len, cap - len, "%lld;", (long long)fx_count(f, *s));
    static const char *const rows[] = {
        "SELECT group_concat(id || ':' || status || ':' || COALESCE(issued_on, '') || ':' ||"
        " COALESCE(published_on, ''), ',') FROM batches",
        "SELECT group_concat(id || ':' || stage || ':' || state || ':' || COALESCE(batch_id, '')"
        " || ':' || COALESCE(closed_on, ''), ',') FROM cases",
        "SELECT group_concat(id || ':' || COALESCE(revoked_on, '') || ':' ||"
        " COALESCE(superseded_on, ''), ',') FROM certificates",
        "SELECT group_concat(id || ':' || COALESCE(lifted_on, '') || ':' ||"
        " COALESCE(rectified_on, '') || ':' || COALESCE(annulled_on, ''), ',') FROM sanctions",
        "SELECT group_concat(id || ':' || status || ':' || COALESCE(decided_on, ''), ',')"
        " FROM appeals",
        "SELECT group_concat(id || ':' || summary || ':' || COALESCE(measures, '') || ':' ||"
        " COALESCE(closed_on, ''), ',') FROM complaints",
        "SELECT group_concat(case_id || ':' || legal_hold || ':' ||"
        " COALESCE(disposal_approved_on, '') || ':' || COALESCE(disposed_on, ''), ',')"
        " FROM archives",
        NULL};
    for (const char *const *s = rows; *s; s++) {
        sqlite3_stmt *st = NULL;
        assert_int_equal(sqlite3_prepare_v2(zz_store__db(f->cx->st), *s, -1, &st, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        const unsigned char *t = sqlite3_column_text(st, 0);
        len += (size_t)snprintf(out + len, cap - len, "[%s]", t ? (const char *)t : "");
        sqlite3_finalize(st);
    }
}

#define FX_SNAP_MAX 8192

/* Asserts that rc is the refusal (want_rc, want_code) and that nothing was written. */
#define FX_REFUSED(f, call, want_rc, want_code)                                                    \
    do {                                                                                           \
        char before_[FX_SNAP_MAX], after_[FX_SNAP_MAX];                                            \
        zz_err e_ = ZZ_ERR_INIT;                                                                   \
        fx_snapshot((f), before_, sizeof before_);                                                 \
        int64_t audit_ = fx_audit_count(f);                                                        \
        zz_err *err = &e_;                                                                         \
        int rc_ = (call);                                                                          \
        if (rc_ != (want_rc) || strcmp(e_.code, (want_code)) != 0)                                 \
            fail_msg("%s: rc %d %s (%s), wanted %d %s", #call, rc_, e_.code, e_.message,           \
                     (int)(want_rc), (want_code));                                                 \
        (void)err;                                                                                 \
        assert_int_equal(fx_audit_count(f), audit_);                                               \
        fx_snapshot((f), after_, sizeof after_);                                                   \
        assert_string_equal(after_, before_);                                                      \
        assert_false(zz_store_in_transaction((f)->cx->st));                                        \
    } while (0)

#define FX_OK(call)                                                                                \
    do {                                                                                           \
        zz_err e_ = ZZ_ERR_INIT;                                                                   \
        zz_err *err = &e_;                                                                         \
        (void)err;                                                                                 \
        int rc_ = (call);                                                                          \
        if (rc_ != ZZ_OK) fail_msg("%s: rc %d %s: %s", #call, rc_, e_.code, e_.message);           \
    } while (0)

/* ---- driving a case through every stage (the public actions only) ---------------------------- */

/* A complete dossier of org (as its admin) submitted on `on`. OUT: the case id. */
static inline int64_t fx_submitted_case(fx *f, const char *admin, zz_date on)
{
    fx_at(f, on);
    fx_as(f, admin);
    int64_t did = 0, cid = 0;
    FX_OK(zz_dossier_create(f->cx, 0, "test", 1, &did, err));
    FX_OK(zz_dossier_set_form(f->cx, did,
                              "{\"org_name\":\"申请单位\",\"contact_name\":\"李四\","
                              "\"contact_phone\":\"010-12345678\"}",
                              err));
    const zz_catalog *cat = NULL;
    FX_OK(zz_ctx_catalog(f->cx, "test-assess-1", NULL, &cat, err));
    const char **reqs = calloc(cat->n_reqs, sizeof *reqs);
    for (size_t i = 0; i < cat->n_reqs; i++) {
        reqs[i] = cat->reqs[i]->id;
        FX_OK(zz_dossier_answer(f->cx, did, cat->reqs[i]->id, ZZ_SELF_CONFORMS,
                                "我单位满足该项要求，证据见附件。", err));
    }
    char hex[ZZ_SM3_HEXLEN + 1], scan[ZZ_SM3_HEXLEN + 1];
    const char *doc = "管理制度汇编（2026 年版）";
    FX_OK(zz_blob_put(hex, f->dir, doc, strlen(doc), err));
    int64_t eid = 0;
    FX_OK(zz_dossier_add_evidence(f->cx, did, hex, "制度汇编.pdf", "application/pdf", strlen(doc),
                                  reqs, cat->n_reqs, &eid, err));
    free(reqs);
    FX_OK(zz_blob_put(scan, f->dir, "%PDF-1.4 stamped", 16, err));
    FX_OK(zz_dossier_set_stamped_scan(f->cx, did, scan, err));
    FX_OK(zz_dossier_declare_bound(f->cx, did, err));
    FX_OK(zz_dossier_build_package(f->cx, did, NULL, NULL, err));
    FX_OK(zz_dossier_submit(f->cx, did, &cid, err));
    return cid;
}

/* From submission on `on` to acceptance/filed on on + 3 (paper received on + 2). */
static inline int64_t fx_filed_case(fx *f, const char *admin, zz_date on)
{
    int64_t cid = fx_submitted_case(f, admin, on);
    fx_as(f, "mgr");
    FX_OK(zz_case_assign(f->cx, cid, "lead", ZZ_ROLE_PROJECT_LEAD, err));
    FX_OK(zz_case_assign(f->cx, cid, "asr", ZZ_ROLE_ASSESSOR, err));
    FX_OK(zz_case_assign(f->cx, cid, "exp1", ZZ_ROLE_EXPERT, err));
    FX_OK(zz_case_assign(f->cx, cid, "exp2", ZZ_ROLE_EXPERT, err));
    FX_OK(zz_case_assign(f->cx, cid, "exp3", ZZ_ROLE_EXPERT, err));
    fx_as(f, "lead");
    fx_at(f, zz_date_add_days(on, 2));
    FX_OK(zz_case_receive_paper(f->cx, cid, f->cx->clock.today, true, "顺丰 SF1234567890", err));
    fx_at(f, zz_date_add_days(on, 3));
    FX_OK(zz_case_file(f->cx, cid, err));
    return cid;
}

/* A filed case taken to expert_review/panel: accepted, agreement, fee, plan, every counting item
 * rated positive, the team concludes "met". Dates run from the filing day to + 17. */
static inline int64_t fx_panel_case(fx *f, const char *admin, zz_date on)
{
    int64_t cid = fx_filed_case(f, admin, on);
    fx_as(f, "lead");
    fx_at(f, zz_date_add_days(on, 5));
    FX_OK(zz_case_review(f->cx, cid, ZZ_REVIEW_ACCEPTED, "材料齐全，符合受理条件。", err));
    FX_OK(zz_case_draft_agreement(f->cx, cid, err));
    FX_OK(zz_case_send_agreement(f->cx, cid, err));
    fx_at(f, zz_date_add_days(on, 10));
    FX_OK(zz_case_agreement_effective(f->cx, cid, f->cx->clock.today, err));
    FX_OK(zz_case_record_payment(f->cx, cid, 3600000, f->cx->clock.today, "银行转账", err));
    fx_at(f, zz_date_add_days(on, 11));
    FX_OK(zz_case_start_assessment(f->cx, cid, err));
    fx_at(f, zz_date_add_days(on, 12));
    FX_OK(zz_case_plan(f->cx, cid, "审核计划：文档审查、人员访谈、实际操作", f->cx->clock.today,
                       err));
    const zz_catalog *cat = NULL;
    FX_OK(zz_ctx_catalog(f->cx, "test-assess-1", NULL, &cat, err));
    fx_as(f, "asr");
    fx_at(f, zz_date_add_days(on, 13));
    for (size_t i = 0; i < cat->n_reqs; i++)
        if (zz_assess_item_counts(cat, cat->reqs[i]->id) &&
            zz_assess_item(cat, cat->reqs[i]->id, NULL, NULL) == ZZ_ITEM_REQUIREMENT)
            FX_OK(zz_case_rate(f->cx, cid, cat->reqs[i]->id, ZZ_RATING_CONFORMS, NULL, err));
    for (size_t i = 0; i < cat->n_bps; i++)
        if (zz_assess_item_counts(cat, cat->bps[i]->id))
            FX_OK(zz_case_rate(f->cx, cid, cat->bps[i]->id, ZZ_RATING_PERFORMED, NULL, err));
    fx_as(f, "lead");
    fx_at(f, zz_date_add_days(on, 17));
    FX_OK(zz_case_conclude(f->cx, cid, ZZ_VERDICT_MET, NULL, err));
    return cid;
}

/* The panel votes `v` three times on on + 20 and the lead records the conclusion. */
static inline void fx_panel_votes(fx *f, int64_t cid, zz_vote v, zz_date on)
{
    fx_at(f, on);
    static const char *const experts[] = {"exp1", "exp2", "exp3"};
    for (int i = 0; i < 3; i++) {
        fx_as(f, experts[i]);
        FX_OK(zz_case_vote(f->cx, cid, v, "证据充分，结论合理。", err));
    }
    fx_as(f, "lead");
    FX_OK(zz_case_panel_conclude(f->cx, cid, NULL, err));
}

/* A case submitted on `on` and at certification/approved on on + 21 (today then). */
static inline int64_t fx_approved_case(fx *f, const char *admin, zz_date on)
{
    int64_t cid = fx_panel_case(f, admin, on);
    fx_panel_votes(f, cid, ZZ_VOTE_PASS, zz_date_add_days(on, 20));
    fx_as(f, "mgr");
    fx_at(f, zz_date_add_days(on, 21));
    FX_OK(zz_case_approve(f->cx, cid, err));
    return cid;
}

/* certo: a new batch holding the cases, issued on `issue`, published the same day when publish. */
static inline int64_t fx_batch(fx *f, const int64_t *cases, size_t n, zz_date issue, bool publish)
{
    fx_at(f, issue);
    fx_as(f, "certo");
    int64_t bid = 0;
    FX_OK(zz_batch_create(f->cx, &bid, err));
    for (size_t i = 0; i < n; i++)
        FX_OK(zz_batch_add(f->cx, bid, cases[i], err));
    FX_OK(zz_batch_issue(f->cx, bid, issue, err));
    if (publish) FX_OK(zz_batch_publish(f->cx, bid, issue, err));
    return bid;
}

/* The certificate issued for a case (read as the manager). */
static inline void fx_case_cert(fx *f, int64_t case_id, zz_cert *out)
{
    zz_actor saved = f->cx->actor;
    fx_as(f, "mgr");
    zz_cert *v = NULL;
    size_t n = 0;
    zz_cert_filter flt = {0};
    flt.limit = 500;
    FX_OK(zz_cert_list(f->cx, &flt, &v, &n, NULL, err));
    bool found = false;
    for (size_t i = 0; i < n; i++)
        if (v[i].case_id == case_id) {
            FX_OK(zz_cert_get(f->cx, v[i].id, out, err));
            found = true;
        }
    zz_cert_list_free(v, n);
    f->cx->actor = saved;
    if (!found) fail_msg("no certificate for case %lld", (long long)case_id);
}

/* Submitted on `on` (org 甲 unless admin says otherwise), certified on on + 25 in its own
 * published batch. OUT: the certificate (zz_cert_clear). Returns the case id. */
static inline int64_t fx_certificate(fx *f, const char *admin, zz_date on, zz_cert *out)
{
    int64_t cid = fx_approved_case(f, admin, on);
    fx_batch(f, &cid, 1, zz_date_add_days(on, 25), true);
    fx_case_cert(f, cid, out);
    return cid;
}

/* The status the public registry shows for a number today. */
static inline zz_cert_status fx_public_status(fx *f, const char *number)
{
    zz_cert_verification v;
    FX_OK(zz_cert_public_verify(f->cx, number, &v, err));
    return v.cert.status;
}

#endif
