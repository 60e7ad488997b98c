/*
 * test_sanction.c — sanctions (src/core/sanction.c, src/store/sanction_store.c): kinds,
 * suspension until lifted and revocation final with the certificate status derived from them
 * rectification deadlines flagged for escalation from the day after the deadline
 * the recorded decider and date and who sees a sanction; every refusal
 * asserts its code and that nothing was written.
 */
#include "cert_fixture.h"

static const char *const VIOLATION = "超出资质范围承接人工智能安全评估项目";
static const char *const EVIDENCE = "2026 年 3 月监督检查记录、合同复印件";
static const char *const DECISION = "依据管理办法作出处置";

/* ---- pure ------------------------------------------------------------------------------------ */

static void test_sanction__r5_1_kind_codes(void **state)
{
    (void)state;
    zz_sanction_kind k;
    zz_err err = ZZ_ERR_INIT;
    static const char *const codes[] = {"warning", "rectification", "suspension", "revocation"};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(zz_sanction_kind_parse(&k, codes[i], &err), ZZ_OK);
        assert_int_equal(k, i + 1);
        assert_string_equal(zz_sanction_kind_code(k), codes[i]);
    }
    assert_string_equal(zz_sanction_kind_name_zh(ZZ_SANCTION_RECTIFICATION), "限期整改");
    assert_string_equal(zz_sanction_kind_name_zh(ZZ_SANCTION_REVOCATION), "取消证书");
    assert_int_equal(zz_sanction_kind_parse(&k, "fine", &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.sanction_kind");
    assert_null(zz_sanction_kind_code((zz_sanction_kind)9));
}

static void test_sanction__r5_2_overdue_from_the_day_after_the_deadline(void **state)
{
    (void)state;
    assert_false(zz_sanction_is_overdue(D(2026, 3, 31), false, D(2026, 3, 31)));
    assert_true(zz_sanction_is_overdue(D(2026, 3, 31), false, D(2026, 4, 1)));
    assert_false(zz_sanction_is_overdue(D(2026, 3, 31), true, D(2026, 4, 1)));
    /* month and leap-day ends */
    assert_false(zz_sanction_is_overdue(D(2028, 2, 29), false, D(2028, 2, 29)));
    assert_true(zz_sanction_is_overdue(D(2028, 2, 29), false, D(2028, 3, 1)));
    assert_true(zz_sanction_is_overdue(D(2026, 12, 31), false, D(2027, 1, 1)));
}

/* ---- suspension (R-5.2) ---------------------------------------------------------------------- */

static void test_sanction__r5_2_suspension_suspends_until_lifted(void **state)
{
    fx *f = *state;
    zz_cert k;
    fx_certificate(f, "admin.a", D(2026, 1, 5), &k); /* issued 2026-01-30 */
    fx_at(f, D(2026, 3, 10));
    fx_as(f, "sup");
    int64_t sid = 0;
    FX_OK(zz_sanction_decide(f->cx, f->org_a, k.id, ZZ_SANCTION_SUSPENSION, VIOLATION, EVIDENCE,
                             "暂停证书，整改后申请恢复", ZZ_NO_DATE, &sid, err));
    assert_int_equal(fx_public_status(f, k.number), ZZ_CERT_SUSPENDED);
    /* a suspended certificate is not suspended twice */
    FX_REFUSED(f,
               zz_sanction_decide(f->cx, f->org_a, k.id, ZZ_SANCTION_SUSPENSION, VIOLATION,
                                  EVIDENCE, DECISION, ZZ_NO_DATE, NULL, err),
               ZZ_ESTATE, "cert.state");
    /* lifting: not before the decision, not after today */
    fx_at(f, D(2026, 4, 10));
    FX_REFUSED(f, zz_sanction_lift(f->cx, sid, D(2026, 3, 9), err), ZZ_EINVAL, "input.date");
    FX_REFUSED(f, zz_sanction_lift(f->cx, sid, D(2026, 4, 11), err), ZZ_EINVAL, "input.date");
    fx_as(f, "mgr");
    FX_REFUSED(f, zz_sanction_lift(f->cx, sid, D(2026, 4, 10), err), ZZ_EPERM, "auth.role");
    fx_as(f, "sup");
    FX_OK(zz_sanction_lift(f->cx, sid, D(2026, 4, 10), err));
    assert_int_equal(fx_public_status(f, k.number), ZZ_CERT_VALID);
    FX_REFUSED(f, zz_sanction_lift(f->cx, sid, D(2026, 4, 10), err), ZZ_ESTATE, "sanction.lifted");
    /* derived over time: valid, suspended from the decision, valid again on the day lifted */
    zz_cert_facts facts;
    zz_cert_suspension *susp = NULL;
    zz_cert_status st;
    FX_OK(zz_cert__facts(f->cx, k.id, &facts, &susp, err));
    assert_int_equal(facts.n_suspensions, 1);
    FX_OK(zz_cert_status_on(&st, &facts, D(2026, 3, 9), err));
    assert_int_equal(st, ZZ_CERT_VALID);
    FX_OK(zz_cert_status_on(&st, &facts, D(2026, 3, 10), err));
    assert_int_equal(st, ZZ_CERT_SUSPENDED);
    FX_OK(zz_cert_status_on(&st, &facts, D(2026, 4, 9), err));
    assert_int_equal(st, ZZ_CERT_SUSPENDED);
    FX_OK(zz_cert_status_on(&st, &facts, D(2026, 4, 10), err));
    assert_int_equal(st, ZZ_CERT_VALID);
    free(susp);
    zz_sanction s;
    FX_OK(zz_sanction_get(f->cx, sid, &s, err));
    assert_string_equal(s.lifted_on, "2026-04-10");
    assert_string_equal(s.decided_on, "2026-03-10");
    zz_sanction_clear(&s);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action IN"
                                 " ('sanction.decide', 'sanction.lift')"),
                     2);
    zz_cert_clear(&k);
}

/* ---- revocation (R-5.2: final) --------------------------------------------------------------- */

static void test_sanction__r5_2_revocation_is_final(void **state)
{
    fx *f = *state;
    zz_cert k;
    fx_certificate(f, "admin.a", D(2026, 1, 5), &k);
    fx_at(f, D(2026, 3, 10));
    fx_as(f, "sup");
    int64_t susp = 0, rev = 0;
    FX_OK(zz_sanction_decide(f->cx, f->org_a, k.id, ZZ_SANCTION_SUSPENSION, VIOLATION, EVIDENCE,
                             DECISION, ZZ_NO_DATE, &susp, err));
    fx_at(f, D(2026, 5, 6));
    /* a suspended certificate can be revoked */
    FX_OK(zz_sanction_decide(f->cx, f->org_a, k.id, ZZ_SANCTION_REVOCATION, VIOLATION, EVIDENCE,
                             "取消资质证书", ZZ_NO_DATE, &rev, err));
    assert_int_equal(fx_public_status(f, k.number), ZZ_CERT_REVOKED);
    zz_cert now;
    fx_as(f, "admin.a");
    FX_OK(zz_cert_get(f->cx, k.id, &now, err));
    assert_string_equal(now.revoked_on, "2026-05-06");
    assert_int_equal(now.status, ZZ_CERT_REVOKED);
    zz_cert_clear(&now);
    fx_as(f, "sup");
    FX_REFUSED(f, zz_sanction_lift(f->cx, rev, D(2026, 5, 6), err), ZZ_ESTATE, "sanction.final");
    FX_REFUSED(f, zz_sanction_lift(f->cx, susp, D(2026, 5, 6), err), ZZ_ESTATE, "cert.revoked");
    FX_REFUSED(f,
               zz_sanction_decide(f->cx, f->org_a, k.id, ZZ_SANCTION_REVOCATION, VIOLATION,
                                  EVIDENCE, DECISION, ZZ_NO_DATE, NULL, err),
               ZZ_ESTATE, "cert.state");
    FX_REFUSED(f,
               zz_sanction_decide(f->cx, f->org_a, k.id, ZZ_SANCTION_SUSPENSION, VIOLATION,
                                  EVIDENCE, DECISION, ZZ_NO_DATE, NULL, err),
               ZZ_ESTATE, "cert.state");
    /* still revoked long after, whatever the expiry (revocation comes first, R-4.2) */
    fx_at(f, D(2030, 1, 1));
    assert_int_equal(fx_public_status(f, k.number), ZZ_CERT_REVOKED);
    /* a revoked certificate cannot be maintained; an application is initial */
    fx_at(f, D(2026, 6, 1));
    fx_as(f, "admin.a");
    int64_t did = 0;
    FX_OK(zz_dossier_create(f->cx, 0, "test", 1, &did, err));
    zz_dossier *d = NULL;
    FX_OK(zz_dossier_get(f->cx, did, &d, err));
    assert_string_equal(d->app_type, "initial");
    assert_string_equal(d->type_reason_code, "maint.revoked");
    zz_dossier_free(d);
    zz_cert_clear(&k);
}

/* ---- rectification (R-5.2) ------------------------------------------------------------------- */

static void test_sanction__r5_2_overdue_rectification_flagged_at_deadline_plus_one(void **state)
{
    fx *f = *state;
    fx_at(f, D(2026, 3, 2));
    fx_as(f, "sup");
    int64_t r1 = 0, r2 = 0, w = 0;
    FX_OK(zz_sanction_decide(f->cx, f->org_a, 0, ZZ_SANCTION_RECTIFICATION, VIOLATION, EVIDENCE,
                             "限期三十日内整改", D(2026, 3, 31), &r1, err));
    FX_OK(zz_sanction_decide(f->cx, f->org_b, 0, ZZ_SANCTION_RECTIFICATION, VIOLATION, EVIDENCE,
                             "限期整改", D(2026, 4, 30), &r2, err));
    FX_OK(zz_sanction_decide(f->cx, f->org_b, 0, ZZ_SANCTION_WARNING, VIOLATION, EVIDENCE, "警告",
                             ZZ_NO_DATE, &w, err));
    zz_sanction *v = NULL;
    size_t n = 9;
    /* on the deadline day: not overdue */
    fx_at(f, D(2026, 3, 31));
    FX_OK(zz_sanction_overdue(f->cx, &v, &n, err));
    assert_int_equal(n, 0);
    zz_sanction_list_free(v, n);
    /* the day after: flagged for escalation */
    fx_at(f, D(2026, 4, 1));
    fx_as(f, "mgr");
    FX_OK(zz_sanction_overdue(f->cx, &v, &n, err));
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, r1);
    assert_true(v[0].overdue);
    assert_string_equal(v[0].deadline, "2026-03-31");
    zz_sanction_list_free(v, n);
    fx_as(f, "admin.a"); /* the applicant sees the flag on its own sanction */
    zz_sanction s;
    FX_OK(zz_sanction_get(f->cx, r1, &s, err));
    assert_true(s.overdue);
    zz_sanction_clear(&s);
    FX_REFUSED(f, zz_sanction_overdue(f->cx, &v, &n, err), ZZ_EPERM, "auth.role");
    /* rectified late: no longer flagged; the other one becomes overdue after its own deadline */
    fx_at(f, D(2026, 4, 2));
    fx_as(f, "sup");
    FX_REFUSED(f, zz_sanction_rectified(f->cx, r1, D(2026, 3, 1), err), ZZ_EINVAL, "input.date");
    FX_REFUSED(f, zz_sanction_rectified(f->cx, w, D(2026, 4, 2), err), ZZ_ESTATE, "sanction.kind");
    FX_OK(zz_sanction_rectified(f->cx, r1, D(2026, 4, 2), err));
    FX_REFUSED(f, zz_sanction_rectified(f->cx, r1, D(2026, 4, 2), err), ZZ_ESTATE,
               "sanction.rectified");
    fx_at(f, D(2026, 5, 1));
    FX_OK(zz_sanction_overdue(f->cx, &v, &n, err));
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, r2);
    zz_sanction_list_free(v, n);
    FX_OK(zz_sanction_get(f->cx, r1, &s, err));
    assert_false(s.overdue);
    assert_string_equal(s.rectified_on, "2026-04-02");
    zz_sanction_clear(&s);
}

/* ---- the record and who sees it (R-5.3, R-0.1) ----------------------------------------------- */

static void test_sanction__r5_3_record_and_visibility(void **state)
{
    fx *f = *state;
    zz_cert k;
    fx_certificate(f, "admin.a", D(2026, 1, 5), &k);
    fx_at(f, D(2026, 3, 10));
    fx_as(f, "sup");
    int64_t sid = 0;
    FX_OK(zz_sanction_decide(f->cx, f->org_a, k.id, ZZ_SANCTION_WARNING, VIOLATION, EVIDENCE,
                             DECISION, ZZ_NO_DATE, &sid, err));
    static const char *const readers[] = {"admin.a", "member.a", "sup", "mgr", NULL};
    for (const char *const *u = readers; *u; u++) {
        fx_as(f, *u);
        zz_sanction s;
        FX_OK(zz_sanction_get(f->cx, sid, &s, err));
        assert_string_equal(s.violation, VIOLATION);
        assert_string_equal(s.evidence, EVIDENCE);
        assert_string_equal(s.decision, DECISION);
        assert_string_equal(s.decided_on, "2026-03-10");
        assert_string_equal(s.decided_by_name, "sup");
        assert_string_equal(s.cert_number, k.number);
        assert_int_equal(s.kind, ZZ_SANCTION_WARNING);
        zz_sanction_clear(&s);
        zz_sanction *v = NULL;
        size_t n = 0;
        FX_OK(zz_sanction_list(f->cx, 0, 0, &v, &n, err));
        assert_int_equal(n, 1);
        zz_sanction_list_free(v, n);
    }
    fx_as(f, "admin.b"); /* another organisation: nothing, and told so when it asks */
    zz_sanction s;
    FX_REFUSED(f, zz_sanction_get(f->cx, sid, &s, err), ZZ_ENOTFOUND, "sanction.not_found");
    zz_sanction *v = NULL;
    size_t n = 9;
    FX_OK(zz_sanction_list(f->cx, 0, 0, &v, &n, err));
    assert_int_equal(n, 0);
    zz_sanction_list_free(v, n);
    FX_REFUSED(f, zz_sanction_list(f->cx, f->org_a, 0, &v, &n, err), ZZ_ENOTFOUND, "org.not_found");
    fx_as(f, "lead");
    FX_REFUSED(f, zz_sanction_get(f->cx, sid, &s, err), ZZ_EPERM, "auth.role");
    zz_cert_clear(&k);
}

static void test_sanction__r5_1_decide_refusals_write_nothing(void **state)
{
    fx *f = *state;
    zz_cert ka, kb;
    fx_certificate(f, "admin.a", D(2026, 1, 5), &ka);
    fx_certificate(f, "admin.b", D(2026, 1, 5), &kb);
    fx_at(f, D(2026, 3, 10));
    fx_as(f, "mgr"); /* the supervision department decides */
    FX_REFUSED(f,
               zz_sanction_decide(f->cx, f->org_a, 0, ZZ_SANCTION_WARNING, VIOLATION, EVIDENCE,
                                  DECISION, ZZ_NO_DATE, NULL, err),
               ZZ_EPERM, "auth.role");
    fx_as(f, "sup");
    FX_REFUSED(f,
               zz_sanction_decide(f->cx, 9999, 0, ZZ_SANCTION_WARNING, VIOLATION, EVIDENCE,
                                  DECISION, ZZ_NO_DATE, NULL, err),
               ZZ_ENOTFOUND, "org.not_found");
    FX_REFUSED(f,
               zz_sanction_decide(f->cx, f->org_a, kb.id, ZZ_SANCTION_SUSPENSION, VIOLATION,
                                  EVIDENCE, DECISION, ZZ_NO_DATE, NULL, err),
               ZZ_ENOTFOUND, "cert.not_found");
    FX_REFUSED(f,
               zz_sanction_decide(f->cx, f->org_a, 0, ZZ_SANCTION_WARNING, " ", EVIDENCE, DECISION,
                                  ZZ_NO_DATE, NULL, err),
               ZZ_EINVAL, "input.violation");
    FX_REFUSED(f,
               zz_sanction_decide(f->cx, f->org_a, 0, ZZ_SANCTION_WARNING, VIOLATION, NULL,
                                  DECISION, ZZ_NO_DATE, NULL, err),
               ZZ_EINVAL, "input.evidence");
    FX_REFUSED(f,
               zz_sanction_decide(f->cx, f->org_a, 0, ZZ_SANCTION_WARNING, VIOLATION, EVIDENCE, "",
                                  ZZ_NO_DATE, NULL, err),
               ZZ_EINVAL, "input.decision");
    FX_REFUSED(f,
               zz_sanction_decide(f->cx, f->org_a, 0, ZZ_SANCTION_REVOCATION, VIOLATION, EVIDENCE,
                                  DECISION, ZZ_NO_DATE, NULL, err),
               ZZ_EINVAL, "input.cert");
    FX_REFUSED(f,
               zz_sanction_decide(f->cx, f->org_a, 0, ZZ_SANCTION_RECTIFICATION, VIOLATION,
                                  EVIDENCE, DECISION, ZZ_NO_DATE, NULL, err),
               ZZ_EINVAL, "input.deadline");
    FX_REFUSED(f,
               zz_sanction_decide(f->cx, f->org_a, 0, ZZ_SANCTION_RECTIFICATION, VIOLATION,
                                  EVIDENCE, DECISION, D(2026, 3, 9), NULL, err),
               ZZ_EINVAL, "input.deadline");
    FX_REFUSED(f,
               zz_sanction_decide(f->cx, f->org_a, 0, ZZ_SANCTION_WARNING, VIOLATION, EVIDENCE,
                                  DECISION, D(2026, 4, 1), NULL, err),
               ZZ_EINVAL, "input.deadline");
    FX_REFUSED(f,
               zz_sanction_decide(f->cx, f->org_a, 0, (zz_sanction_kind)7, VIOLATION, EVIDENCE,
                                  DECISION, ZZ_NO_DATE, NULL, err),
               ZZ_EINVAL, "input.sanction_kind");
    /* the deadline day may be today */
    int64_t r = 0, w = 0;
    FX_OK(zz_sanction_decide(f->cx, f->org_a, 0, ZZ_SANCTION_RECTIFICATION, VIOLATION, EVIDENCE,
                             DECISION, D(2026, 3, 10), &r, err));
    FX_OK(zz_sanction_decide(f->cx, f->org_a, ka.id, ZZ_SANCTION_WARNING, VIOLATION, EVIDENCE,
                             DECISION, ZZ_NO_DATE, &w, err));
    FX_REFUSED(f, zz_sanction_lift(f->cx, w, D(2026, 3, 10), err), ZZ_ESTATE, "sanction.kind");
    FX_REFUSED(f, zz_sanction_lift(f->cx, 9999, D(2026, 3, 10), err), ZZ_ENOTFOUND,
               "sanction.not_found");
    /* an expired certificate is not suspended (R-4.2: expiry comes before a suspension) */
    fx_at(f, D(2029, 1, 30));
    FX_REFUSED(f,
               zz_sanction_decide(f->cx, f->org_a, ka.id, ZZ_SANCTION_SUSPENSION, VIOLATION,
                                  EVIDENCE, DECISION, ZZ_NO_DATE, NULL, err),
               ZZ_ESTATE, "cert.state");
    zz_cert_clear(&ka);
    zz_cert_clear(&kb);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sanction__r5_1_kind_codes),
        cmocka_unit_test(test_sanction__r5_2_overdue_from_the_day_after_the_deadline),
        T(test_sanction__r5_2_suspension_suspends_until_lifted),
        T(test_sanction__r5_2_revocation_is_final),
        T(test_sanction__r5_2_overdue_rectification_flagged_at_deadline_plus_one),
        T(test_sanction__r5_3_record_and_visibility),
        T(test_sanction__r5_1_decide_refusals_write_nothing),
    };
    return cmocka_run_group_tests_name("sanction", tests, NULL, NULL);
}
