/*
 * test_appeal.c — written appeals and complaint records (src/core/appeal.c,
 * src/store/appeal_store.c): an upheld appeal reopens the decision at the stage it came from, a
 * dismissed one does not, only the supervision department decides; appeals against a
 * sanction annul it; the applicant's complaint records and who reads them. Every
 * refusal asserts its code and that nothing was written.
 */
#include "cert_fixture.h"

static const char *const GROUNDS =
    "审查意见认定我单位人员不足有误，现补充社保缴纳证明，请求重新审查。";
static const char *const FINDING = "经调查，原审查未核对补充的社保记录，申诉理由成立。";

/* A case of 甲 filed on 2026-01-08 and not accepted on 2026-01-10. */
static int64_t not_accepted_case(fx *f)
{
    int64_t cid = fx_filed_case(f, "admin.a", D(2026, 1, 5));
    fx_at(f, D(2026, 1, 10));
    fx_as(f, "lead");
    FX_OK(zz_case_review(f->cx, cid, ZZ_REVIEW_NOT_ACCEPTED, "专职注册信息安全专业人员不足 4 名。",
                         err));
    return cid;
}

static void assert_case(fx *f, int64_t cid, const char *stage, const char *state,
                        const char *closed_on)
{
    zz_case c;
    FX_OK(zz_case__load(f->cx, cid, &c, err));
    assert_string_equal(c.stage, stage);
    assert_string_equal(c.state, state);
    assert_string_equal(c.closed_on, closed_on);
}

/* ---- R-6.1 ----------------------------------------------------------------------------------- */

static void test_appeal__r6_1_upheld_reopens_not_accepted_at_acceptance(void **state)
{
    fx *f = *state;
    int64_t cid = not_accepted_case(f);
    assert_case(f, cid, "acceptance", "closed", "2026-01-10");
    fx_at(f, D(2026, 1, 15));
    fx_as(f, "admin.a");
    int64_t aid = 0;
    FX_OK(zz_appeal_file(f->cx, cid, 0, NULL, GROUNDS, &aid, err));
    zz_appeal a;
    FX_OK(zz_appeal_get(f->cx, aid, &a, err));
    assert_string_equal(a.subject, "review");
    assert_string_equal(a.from_stage, "acceptance");
    assert_string_equal(a.from_state, "filed");
    assert_string_equal(a.status, "open");
    assert_string_equal(a.filed_on, "2026-01-15");
    assert_string_equal(a.filed_by_name, "admin.a");
    assert_null(a.investigation);
    zz_appeal_clear(&a);
    fx_at(f, D(2026, 1, 25));
    fx_as(f, "sup");
    FX_OK(zz_appeal_decide(f->cx, aid, ZZ_APPEAL_UPHELD, FINDING, err));
    /* reopened where the decision came from: the lead reviews again */
    assert_case(f, cid, "acceptance", "filed", "");
    FX_OK(zz_appeal_get(f->cx, aid, &a, err));
    assert_string_equal(a.status, "upheld");
    assert_string_equal(a.investigation, FINDING);
    assert_string_equal(a.decided_on, "2026-01-25");
    assert_string_equal(a.decided_by_name, "sup");
    zz_appeal_clear(&a);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'case.reopen'"), 1);
    FX_REFUSED(f, zz_appeal_decide(f->cx, aid, ZZ_APPEAL_DISMISSED, FINDING, err), ZZ_ESTATE,
               "appeal.decided");
    fx_as(f, "lead");
    FX_OK(zz_case_review(f->cx, cid, ZZ_REVIEW_ACCEPTED, "补充材料后符合受理条件。", err));
    assert_case(f, cid, "initiation", "drafting", "");
}

static void test_appeal__r6_1_case_with_an_open_appeal_cannot_be_archived(void **state)
{
    fx *f = *state;
    int64_t cid = not_accepted_case(f);
    fx_at(f, D(2026, 1, 20));
    fx_as(f, "admin.a");
    int64_t aid = 0;
    FX_OK(zz_appeal_file(f->cx, cid, 0, NULL, GROUNDS, &aid, err));
    fx_as(f, "mgr");
    FX_REFUSED(f, zz_case_archive(f->cx, cid, err), ZZ_ERULE, "gate.appeal_open");
    assert_case(f, cid, "acceptance", "closed", "2026-01-10");
    /* once the appeal is decided the case can be archived */
    fx_as(f, "sup");
    FX_OK(zz_appeal_decide(f->cx, aid, ZZ_APPEAL_DISMISSED, FINDING, err));
    fx_as(f, "mgr");
    FX_OK(zz_case_archive(f->cx, cid, err));
    assert_case(f, cid, "archived", "archived", "2026-01-10");
}

static void test_appeal__r6_1_dismissed_does_not_reopen(void **state)
{
    fx *f = *state;
    int64_t cid = not_accepted_case(f);
    fx_at(f, D(2026, 1, 15));
    fx_as(f, "admin.a");
    int64_t aid = 0;
    FX_OK(zz_appeal_file(f->cx, cid, 0, "review", GROUNDS, &aid, err));
    fx_as(f, "sup");
    FX_OK(zz_appeal_decide(f->cx, aid, ZZ_APPEAL_DISMISSED, "经调查，原审查结论正确。", err));
    assert_case(f, cid, "acceptance", "closed", "2026-01-10");
    zz_appeal a;
    FX_OK(zz_appeal_get(f->cx, aid, &a, err));
    assert_string_equal(a.status, "dismissed");
    zz_appeal_clear(&a);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'case.reopen'"), 0);
    /* the decision stays appealable by a new appeal once the first is decided */
    fx_as(f, "admin.a");
    FX_OK(zz_appeal_file(f->cx, cid, 0, NULL, "补充新的证据后再次申诉。", &aid, err));
}

static void test_appeal__r6_1_only_the_supervisor_decides(void **state)
{
    fx *f = *state;
    int64_t cid = not_accepted_case(f);
    fx_at(f, D(2026, 1, 15));
    fx_as(f, "admin.a");
    int64_t aid = 0;
    FX_OK(zz_appeal_file(f->cx, cid, 0, NULL, GROUNDS, &aid, err));
    static const char *const others[] = {"admin.a", "mgr", "lead", "certo", NULL};
    for (const char *const *u = others; *u; u++) {
        fx_as(f, *u);
        FX_REFUSED(f, zz_appeal_decide(f->cx, aid, ZZ_APPEAL_UPHELD, FINDING, err), ZZ_EPERM,
                   "auth.role");
    }
    fx_as(f, "sup");
    FX_REFUSED(f, zz_appeal_decide(f->cx, aid, ZZ_APPEAL_UPHELD, " ", err), ZZ_EINVAL,
               "input.investigation");
    FX_REFUSED(f, zz_appeal_decide(f->cx, 9999, ZZ_APPEAL_UPHELD, FINDING, err), ZZ_ENOTFOUND,
               "appeal.not_found");
    FX_REFUSED(f, zz_appeal_decide(f->cx, aid, (zz_appeal_outcome)5, FINDING, err), ZZ_EINVAL,
               "input.appeal_outcome");
    assert_case(f, cid, "acceptance", "closed", "2026-01-10");
}

static void test_appeal__r6_1_filing_refusals_write_nothing(void **state)
{
    fx *f = *state;
    int64_t cid = not_accepted_case(f);
    int64_t running = fx_filed_case(f, "admin.a", D(2026, 1, 6));
    fx_at(f, D(2026, 1, 15));
    int64_t id = 0;
    fx_as(f, "member.a"); /* the organisation's administrator appeals, in writing */
    FX_REFUSED(f, zz_appeal_file(f->cx, cid, 0, NULL, GROUNDS, &id, err), ZZ_EPERM, "auth.role");
    fx_as(f, "admin.b"); /* another organisation's case: as if it did not exist */
    FX_REFUSED(f, zz_appeal_file(f->cx, cid, 0, NULL, GROUNDS, &id, err), ZZ_ENOTFOUND,
               "case.not_found");
    fx_as(f, "admin.a");
    FX_REFUSED(f, zz_appeal_file(f->cx, 0, 0, NULL, GROUNDS, &id, err), ZZ_EINVAL,
               "input.appeal_target");
    FX_REFUSED(f, zz_appeal_file(f->cx, cid, 1, NULL, GROUNDS, &id, err), ZZ_EINVAL,
               "input.appeal_target");
    FX_REFUSED(f, zz_appeal_file(f->cx, cid, 0, NULL, "  ", &id, err), ZZ_EINVAL, "input.grounds");
    FX_REFUSED(f, zz_appeal_file(f->cx, running, 0, NULL, GROUNDS, &id, err), ZZ_ESTATE,
               "appeal.not_appealable");
    FX_REFUSED(f, zz_appeal_file(f->cx, cid, 0, "panel", GROUNDS, &id, err), ZZ_EINVAL,
               "appeal.subject");
    FX_REFUSED(f, zz_appeal_file(f->cx, 0, 9999, NULL, GROUNDS, &id, err), ZZ_ENOTFOUND,
               "sanction.not_found");
    FX_OK(zz_appeal_file(f->cx, cid, 0, NULL, GROUNDS, &id, err));
    FX_REFUSED(f, zz_appeal_file(f->cx, cid, 0, NULL, GROUNDS, &id, err), ZZ_EEXISTS,
               "appeal.open");
    /* who reads the appeal */
    zz_appeal a;
    fx_as(f, "admin.b");
    FX_REFUSED(f, zz_appeal_get(f->cx, id, &a, err), ZZ_ENOTFOUND, "appeal.not_found");
    zz_appeal *v = NULL;
    size_t n = 9;
    FX_OK(zz_appeal_list(f->cx, 0, NULL, &v, &n, err));
    assert_int_equal(n, 0);
    zz_appeal_list_free(v, n);
    static const char *const readers[] = {"admin.a", "member.a", "sup", "mgr", NULL};
    for (const char *const *u = readers; *u; u++) {
        fx_as(f, *u);
        FX_OK(zz_appeal_list(f->cx, 0, "open", &v, &n, err));
        assert_int_equal(n, 1);
        assert_string_equal(v[0].subject, "review");
        zz_appeal_list_free(v, n);
    }
    fx_as(f, "lead");
    FX_REFUSED(f, zz_appeal_get(f->cx, id, &a, err), ZZ_EPERM, "auth.role");
}

static void test_appeal__r6_1_upheld_against_failed_panel_reopens_review(void **state)
{
    fx *f = *state;
    int64_t cid = fx_panel_case(f, "admin.a", D(2026, 1, 5));
    fx_panel_votes(f, cid, ZZ_VOTE_FAIL, D(2026, 1, 25));
    assert_case(f, cid, "expert_review", "closed", "2026-01-25");
    fx_at(f, D(2026, 2, 1));
    fx_as(f, "admin.a");
    int64_t aid = 0;
    FX_OK(zz_appeal_file(f->cx, cid, 0, NULL, "专家组未审阅补充的演示记录。", &aid, err));
    zz_appeal a;
    FX_OK(zz_appeal_get(f->cx, aid, &a, err));
    assert_string_equal(a.subject, "panel");
    assert_string_equal(a.from_stage, "expert_review");
    assert_string_equal(a.from_state, "panel");
    zz_appeal_clear(&a);
    fx_as(f, "sup");
    fx_at(f, D(2026, 2, 10));
    FX_OK(zz_appeal_decide(f->cx, aid, ZZ_APPEAL_UPHELD, FINDING, err));
    assert_case(f, cid, "expert_review", "panel", "");
    /* the reopened review is a new round (panel.h P2): the experts vote again and now pass */
    int round = 0;
    FX_OK(zz_case_panel_round(f->cx, cid, &round, err));
    assert_int_equal(round, 2);
    fx_panel_votes(f, cid, ZZ_VOTE_PASS, D(2026, 2, 20));
    assert_case(f, cid, "certification", "awaiting_approval", "");
}

static void test_appeal__r6_1_upheld_against_a_sanction_annuls_it(void **state)
{
    fx *f = *state;
    zz_cert k;
    fx_certificate(f, "admin.a", D(2026, 1, 5), &k);
    fx_at(f, D(2026, 3, 10));
    fx_as(f, "sup");
    int64_t susp = 0, rev = 0;
    FX_OK(zz_sanction_decide(f->cx, f->org_a, k.id, ZZ_SANCTION_SUSPENSION, "违规事实", "证据",
                             "暂停证书", ZZ_NO_DATE, &susp, err));
    assert_int_equal(fx_public_status(f, k.number), ZZ_CERT_SUSPENDED);
    fx_at(f, D(2026, 3, 12));
    fx_as(f, "admin.a");
    int64_t a1 = 0, a2 = 0;
    FX_OK(zz_appeal_file(f->cx, 0, susp, NULL, "暂停依据的检查记录有误。", &a1, err));
    fx_at(f, D(2026, 3, 20));
    fx_as(f, "sup");
    FX_OK(zz_appeal_decide(f->cx, a1, ZZ_APPEAL_UPHELD, FINDING, err));
    assert_int_equal(fx_public_status(f, k.number), ZZ_CERT_VALID);
    zz_sanction s;
    FX_OK(zz_sanction_get(f->cx, susp, &s, err));
    assert_string_equal(s.annulled_on, "2026-03-20");
    assert_int_equal(s.annulled_by_appeal, a1);
    zz_sanction_clear(&s);
    /* an annulled sanction is not lifted, nor appealed again */
    FX_REFUSED(f, zz_sanction_lift(f->cx, susp, D(2026, 3, 20), err), ZZ_ESTATE, "sanction.lifted");
    fx_as(f, "admin.a");
    FX_REFUSED(f, zz_appeal_file(f->cx, 0, susp, NULL, GROUNDS, &a2, err), ZZ_ESTATE,
               "appeal.not_appealable");
    /* a revocation annulled by an upheld appeal gives the certificate back */
    fx_at(f, D(2026, 4, 1));
    fx_as(f, "sup");
    FX_OK(zz_sanction_decide(f->cx, f->org_a, k.id, ZZ_SANCTION_REVOCATION, "违规事实", "证据",
                             "取消证书", ZZ_NO_DATE, &rev, err));
    assert_int_equal(fx_public_status(f, k.number), ZZ_CERT_REVOKED);
    fx_as(f, "admin.a");
    FX_OK(zz_appeal_file(f->cx, 0, rev, "sanction", GROUNDS, &a2, err));
    fx_as(f, "sup");
    fx_at(f, D(2026, 4, 15));
    FX_OK(zz_appeal_decide(f->cx, a2, ZZ_APPEAL_UPHELD, FINDING, err));
    assert_int_equal(fx_public_status(f, k.number), ZZ_CERT_VALID);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'sanction.annul'"),
                     2);
    zz_cert_clear(&k);
}

/* ---- R-6.2 ----------------------------------------------------------------------------------- */

static void test_appeal__r6_2_complaint_records_kept_by_the_applicant(void **state)
{
    fx *f = *state;
    fx_at(f, D(2026, 2, 10));
    fx_as(f, "admin.a");
    zz_complaint_in in = {.received_on = D(2026, 2, 3),
                          .complainant = "某市数据局",
                          .summary = "评估报告交付延迟两周",
                          .measures = NULL};
    int64_t id = 0;
    FX_OK(zz_complaint_record(f->cx, 0, &in, &id, err));
    in.measures = "建立交付节点提醒机制，项目经理每周复核进度";
    in.closed_on = D(2026, 2, 10);
    FX_OK(zz_complaint_update(f->cx, id, &in, err));
    zz_complaint c;
    FX_OK(zz_complaint_get(f->cx, id, &c, err));
    assert_string_equal(c.measures, "建立交付节点提醒机制，项目经理每周复核进度");
    assert_string_equal(c.closed_on, "2026-02-10");
    assert_string_equal(c.received_on, "2026-02-03");
    assert_int_equal(c.org_id, f->org_a);
    zz_complaint_clear(&c);
    /* the supervision department inspects them; the organisation's staff read them */
    static const char *const readers[] = {"admin.a", "member.a", "sup", NULL};
    for (const char *const *u = readers; *u; u++) {
        fx_as(f, *u);
        zz_complaint *v = NULL;
        size_t n = 0;
        FX_OK(zz_complaint_list(f->cx, 0, &v, &n, err));
        assert_int_equal(n, 1);
        zz_complaint_list_free(v, n);
    }
    fx_as(f, "admin.b");
    zz_complaint *v = NULL;
    size_t n = 9;
    FX_OK(zz_complaint_list(f->cx, 0, &v, &n, err));
    assert_int_equal(n, 0);
    zz_complaint_list_free(v, n);
    FX_REFUSED(f, zz_complaint_get(f->cx, id, &c, err), ZZ_ENOTFOUND, "complaint.not_found");
    FX_REFUSED(f, zz_complaint_update(f->cx, id, &in, err), ZZ_ENOTFOUND, "complaint.not_found");
    FX_REFUSED(f, zz_complaint_record(f->cx, f->org_a, &in, &id, err), ZZ_ENOTFOUND,
               "org.not_found");
    FX_REFUSED(f, zz_complaint_list(f->cx, f->org_a, &v, &n, err), ZZ_ENOTFOUND, "org.not_found");
    fx_as(f, "member.a");
    FX_REFUSED(f, zz_complaint_record(f->cx, 0, &in, &id, err), ZZ_EPERM, "auth.role");
    fx_as(f, "mgr");
    FX_REFUSED(f, zz_complaint_list(f->cx, 0, &v, &n, err), ZZ_EPERM, "auth.role");
    fx_as(f, "admin.a");
    zz_complaint_in bad = in;
    bad.summary = "";
    FX_REFUSED(f, zz_complaint_record(f->cx, 0, &bad, &id, err), ZZ_EINVAL, "input.summary");
    bad = in;
    bad.received_on = D(2026, 2, 11); /* after today */
    FX_REFUSED(f, zz_complaint_record(f->cx, 0, &bad, &id, err), ZZ_EINVAL, "input.date");
    bad = in;
    bad.closed_on = D(2026, 2, 2); /* before it was received */
    FX_REFUSED(f, zz_complaint_update(f->cx, id, &bad, err), ZZ_EINVAL, "input.date");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_appeal__r6_1_upheld_reopens_not_accepted_at_acceptance),
        T(test_appeal__r6_1_dismissed_does_not_reopen),
        T(test_appeal__r6_1_case_with_an_open_appeal_cannot_be_archived),
        T(test_appeal__r6_1_only_the_supervisor_decides),
        T(test_appeal__r6_1_filing_refusals_write_nothing),
        T(test_appeal__r6_1_upheld_against_failed_panel_reopens_review),
        T(test_appeal__r6_1_upheld_against_a_sanction_annuls_it),
        T(test_appeal__r6_2_complaint_records_kept_by_the_applicant),
    };
    return cmocka_run_group_tests_name("appeal", tests, NULL, NULL);
}
