/*
 * test_demo.c — the demonstration database (src/core/demo.c, include/zizhi/demo.h): generated
 * passwords, the refusals that write nothing (D1: not on a non-empty database; weak password;
 * only the system builds it), and one full build on a fixed final date: every case state of
 * case.h, every certificate status of on that date, sign-in with the given password, and
 * the caller's clock and actor restored.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "zizhi/audit.h"
#include "zizhi/case.h"
#include "zizhi/cert.h"
#include "zizhi/ctx.h"
#include "zizhi/demo.h"
#include "zizhi/dossier.h"
#include "zizhi/user.h"

#define PW "Demo-Pass-2026"

typedef struct fx {
    char dir[64];
    char data[96];
    zz_ctx *cx;
} fx;

static zz_err err;

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static int setup(void **state)
{
    setenv("ZIZHI_PW_FAST", "1", 1);
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/zz-demo-XXXXXX");
    if (!f || !mkdtemp(f->dir)) return -1;
    snprintf(f->data, sizeof f->data, "%s/data", f->dir);
    if (zz_ctx_open(&f->cx, f->data, "catalog", zz_clock_fixed(ZZ_DATE(2026, 11, 25)), &err) != 0)
        return -1;
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

static int64_t audit_count(fx *f)
{
    int64_t n = -1;
    char head[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_audit_head(f->cx->st, &n, head, &err), 0);
    return n;
}

static void test_demo__generated_passwords_are_strong_and_distinct(void **state)
{
    (void)state;
    char seen[50][32];
    for (int i = 0; i < 50; i++) {
        char pw[32];
        assert_int_equal(zz_demo_password(pw, sizeof pw, &err), 0);
        assert_int_equal(strlen(pw), 19); /* xxxx-xxxx-xxxx-xxxx */
        assert_true(pw[4] == '-' && pw[9] == '-' && pw[14] == '-');
        assert_int_equal(zz_user_password_check(NULL, pw, &err), 0);
        for (int k = 0; k < i; k++)
            assert_string_not_equal(seen[k], pw);
        snprintf(seen[i], sizeof seen[i], "%s", pw);
    }
    char tiny[8];
    assert_int_equal(zz_demo_password(tiny, sizeof tiny, &err), ZZ_EINVAL);
}

static void test_demo__refusals_write_nothing(void **state)
{
    fx *f = *state;
    zz_demo_result r;
    int64_t n0 = audit_count(f);

    /* a password that fails the policy (R-0.4 security policy) */
    assert_int_equal(zz_demo_build(f->cx, "short", &r, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.password");
    zz_demo_result_free(&r);
    assert_int_equal(audit_count(f), n0);

    /* only the system builds the demo */
    zz_user_new u = {.username = "alice", .display_name = "Alice"};
    int64_t id = 0;
    assert_int_equal(zz_user_create(f->cx, &u, &id, &err), 0);
    assert_int_equal(zz_user_grant(f->cx, "alice", ZZ_ROLE_SYS_ADMIN, &err), 0);
    int64_t n1 = audit_count(f);
    assert_int_equal(zz_ctx_act_as(f->cx, "alice", &err), 0);
    assert_int_equal(zz_demo_build(f->cx, PW, &r, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    zz_demo_result_free(&r);

    /* D1: not on a database that holds an account */
    zz_ctx_act_as_system(f->cx);
    assert_int_equal(zz_demo_build(f->cx, PW, &r, &err), ZZ_ESTATE);
    assert_string_equal(err.code, "demo.not_empty");
    assert_int_equal(r.n_accounts, 0);
    zz_demo_result_free(&r);
    assert_int_equal(audit_count(f), n1);
}

static void test_demo__full_build_every_state_and_status_on_the_final_date(void **state)
{
    fx *f = *state;
    zz_clock before = f->cx->clock;
    zz_demo_result r;
    int rc = zz_demo_build(f->cx, PW, &r, &err);
    if (rc != 0) fail_msg("demo: %s: %s at %s", err.code, err.message, r.failed_at);
    assert_string_equal(r.final_date, "2026-11-25");
    assert_string_equal(r.first_date, "2023-03-31");
    assert_int_equal(r.n_orgs, 6);
    assert_int_equal(r.n_cases, 19);
    assert_int_equal(r.n_dossiers, 20);
    assert_int_equal(r.n_certs, 5);
    assert_false(r.passwords_generated);
    assert_int_equal(r.n_accounts, 20);
    assert_string_equal(r.accounts[0].username, "demo-project_lead"); /* body first, by role */
    for (size_t i = 0; i < r.n_accounts; i++)
        assert_string_equal(r.accounts[i].password, PW);

    /* the caller's clock and actor are restored */
    assert_int_equal(zz_date_cmp(f->cx->clock.today, before.today), 0);
    assert_true(f->cx->clock.now_usec == before.now_usec);
    assert_true(zz_ctx_is_system(f->cx));

    /* every stage/state of case.h */
    static const char *const want[][2] = {
        {"acceptance", "submitted"},   {"acceptance", "received"},
        {"acceptance", "filed"},       {"acceptance", "supplement"},
        {"initiation", "drafting"},    {"initiation", "waiting"},
        {"assessment", "planning"},    {"assessment", "in_progress"},
        {"expert_review", "panel"},    {"certification", "awaiting_approval"},
        {"certification", "approved"}, {"certification", "certified"},
        {"archived", "archived"},
    };
    assert_int_equal(zz_ctx_act_as(f->cx, "demo-manager", &err), 0);
    zz_case_filter cf = {.limit = 500};
    zz_case *cases = NULL;
    size_t n = 0;
    int64_t total = 0;
    assert_int_equal(zz_case_list(f->cx, &cf, &cases, &n, &total, &err), 0);
    assert_int_equal(n, 19);
    for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
        bool found = false;
        for (size_t i = 0; i < n && !found; i++)
            found =
                strcmp(cases[i].stage, want[w][0]) == 0 && strcmp(cases[i].state, want[w][1]) == 0;
        if (!found) fail_msg("no case at %s/%s", want[w][0], want[w][1]);
    }
    static const char *const closed[] = {"not_accepted", "withdrawn", "failed"};
    for (size_t w = 0; w < 3; w++) {
        bool found = false;
        for (size_t i = 0; i < n && !found; i++)
            found = strcmp(cases[i].state, "closed") == 0 &&
                    strcmp(cases[i].close_reason, closed[w]) == 0;
        if (!found) fail_msg("no case closed %s", closed[w]);
    }
    free(cases);

    /* every status of, derived on the final date */
    zz_cert_filter ff = {.limit = 500};
    zz_cert *certs = NULL;
    assert_int_equal(zz_cert_list(f->cx, &ff, &certs, &n, &total, &err), 0);
    assert_int_equal(n, 5);
    unsigned seen = 0;
    for (size_t i = 0; i < n; i++)
        seen |= 1u << certs[i].status;
    assert_int_equal(seen, (1u << ZZ_CERT_VALID) | (1u << ZZ_CERT_SUSPENDED) |
                               (1u << ZZ_CERT_REVOKED) | (1u << ZZ_CERT_EXPIRED) |
                               (1u << ZZ_CERT_SUPERSEDED));
    zz_cert_list_free(certs, n);

    /* the demo accounts sign in with the given password */
    zz_ctx_act_as_system(f->cx);
    zz_user *u = NULL;
    assert_int_equal(zz_user_authenticate(f->cx, "demo-applicant_admin", PW, &u, &err), 0);
    assert_true(u->roles & ZZ_R(ZZ_ROLE_APPLICANT_ADMIN));
    assert_true(u->org_id > 0);
    zz_user_free(u);

    /* the draft the applicant can finish */
    assert_int_equal(zz_ctx_act_as(f->cx, "demo-applicant_admin", &err), 0);
    zz_dossier_filter df = {.status = "draft"};
    zz_dossier *ds = NULL;
    assert_int_equal(zz_dossier_list(f->cx, &df, &ds, &n, &total, &err), 0);
    assert_int_equal(n, 1);
    zz_dossier_list_free(ds, n);
    zz_demo_result_free(&r);

    /* the audit chain verifies */
    const zz_sm2_key *key = NULL;
    assert_int_equal(zz_ctx_key(f->cx, &key, &err), 0);
    zz_audit_report rep;
    assert_int_equal(zz_audit_verify(f->cx->st, f->cx->data_dir, key, &rep, &err), 0);
    assert_true(rep.ok);
    assert_true(rep.count > 1000);

    /* D1: a second build is refused */
    zz_ctx_act_as_system(f->cx);
    assert_int_equal(zz_demo_build(f->cx, PW, &r, &err), ZZ_ESTATE);
    assert_string_equal(err.code, "demo.not_empty");
    zz_demo_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo__generated_passwords_are_strong_and_distinct),
        cmocka_unit_test_setup_teardown(test_demo__refusals_write_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_demo__full_build_every_state_and_status_on_the_final_date, setup, teardown),
    };
    return cmocka_run_group_tests_name("demo", tests, NULL, NULL);
}
