/*
 * test_evidence.c — one evidence file by its own id (src/core/evidence.c, evidence.h): the
 * record read through the dossier's visibility; another organisation's file, a
 * case the actor is not assigned to, and a missing id all answer the same evidence.not_found
 * (I1); roles without dossier access are refused. Dossiers are made with the public actions
 * (cert_fixture.h).
 */
#include "cert_fixture.h"

#include "zizhi/evidence.h"

/* The id of the first evidence file of the case's dossier (as the system). */
static int64_t first_evidence(fx *f, int64_t case_id, int64_t *dossier_id)
{
    zz_actor saved = f->cx->actor;
    fx_as(f, NULL);
    zz_case c;
    FX_OK(zz_case_get(f->cx, case_id, &c, err));
    zz_dossier_evidence *ev = NULL;
    size_t n = 0;
    FX_OK(zz_dossier_evidence_list(f->cx, c.dossier_id, &ev, &n, err));
    assert_true(n >= 1);
    int64_t id = ev[0].id;
    zz_dossier_evidence_free(ev, n);
    f->cx->actor = saved;
    *dossier_id = c.dossier_id;
    return id;
}

static void test_evidence__r0_1_own_organisation_reads_the_record(void **state)
{
    fx *f = *state;
    int64_t cid = fx_submitted_case(f, "admin.a", D(2026, 3, 2)), did = 0;
    int64_t eid = first_evidence(f, cid, &did);
    fx_as(f, "member.a");
    zz_dossier_evidence *e = NULL;
    int64_t got_dossier = 0;
    FX_OK(zz_evidence_get(f->cx, eid, &e, &got_dossier, err));
    assert_int_equal(e->id, eid);
    assert_int_equal(got_dossier, did);
    assert_string_equal(e->filename, "制度汇编.pdf");
    assert_string_equal(e->mime, "application/pdf");
    assert_true(zz_blob_hex_valid(e->digest));
    assert_true(e->n_req_ids > 0);
    zz_dossier_evidence_free(e, 1);
}

static void test_evidence__r0_1_other_organisation_and_missing_look_alike(void **state)
{
    fx *f = *state;
    int64_t cid = fx_submitted_case(f, "admin.a", D(2026, 3, 2)), did = 0;
    int64_t eid = first_evidence(f, cid, &did);
    zz_dossier_evidence *e = NULL;
    fx_as(f, "admin.b");
    FX_REFUSED(f, zz_evidence_get(f->cx, eid, &e, NULL, err), ZZ_ENOTFOUND, "evidence.not_found");
    assert_null(e);
    FX_REFUSED(f, zz_evidence_get(f->cx, eid + 1000, &e, NULL, err), ZZ_ENOTFOUND,
               "evidence.not_found");
    fx_as(f, "admin.a");
    FX_REFUSED(f, zz_evidence_get(f->cx, eid + 1000, &e, NULL, err), ZZ_ENOTFOUND,
               "evidence.not_found");
}

static void test_evidence__r0_2_assigned_staff_only(void **state)
{
    fx *f = *state;
    int64_t cid = fx_submitted_case(f, "admin.a", D(2026, 3, 2)), did = 0;
    int64_t eid = first_evidence(f, cid, &did);
    zz_dossier_evidence *e = NULL;
    fx_as(f, "lead");
    FX_REFUSED(f, zz_evidence_get(f->cx, eid, &e, NULL, err), ZZ_ENOTFOUND, "evidence.not_found");
    fx_as(f, "mgr");
    FX_OK(zz_case_assign(f->cx, cid, "lead", ZZ_ROLE_PROJECT_LEAD, err));
    fx_as(f, "lead");
    FX_OK(zz_evidence_get(f->cx, eid, &e, NULL, err));
    assert_int_equal(e->id, eid);
    zz_dossier_evidence_free(e, 1);
    e = NULL;
    fx_as(f, "certo"); /* no dossier access at all */
    FX_REFUSED(f, zz_evidence_get(f->cx, eid, &e, NULL, err), ZZ_ENOTFOUND, "evidence.not_found");
    assert_null(e);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_evidence__r0_1_own_organisation_reads_the_record),
        T(test_evidence__r0_1_other_organisation_and_missing_look_alike),
        T(test_evidence__r0_2_assigned_staff_only),
    };
    return cmocka_run_group_tests_name("evidence", tests, NULL, NULL);
}
