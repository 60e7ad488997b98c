/*
 * test_panel.c — expert review and approval: the majority rule and the panel's
 * composition as pure functions, then votes, conclusions, rounds and approval on a real SQLite
 * file. Every refusal asserts its code and that nothing was written (audit log included).
 */
#include "assess_fixture.h"

#define SNAP(f, buf) fx_snapshot((f), (buf), sizeof(buf))

static const zz_vote P = ZZ_VOTE_PASS, F = ZZ_VOTE_FAIL, RT = ZZ_VOTE_RETURN;

/* ---- pure: majority and composition -------------------------------------------------------- */

static void test_panel__r3_5_majority_is_more_than_half_of_recorded_votes(void **state)
{
    (void)state;
    zz_vote out = RT;
    zz_err err = ZZ_ERR_INIT;
    zz_vote two_of_three[] = {P, F, P};
    assert_int_equal(zz_panel_majority(two_of_three, 3, 3, &out, &err), ZZ_OK);
    assert_int_equal(out, P);
    zz_vote three_of_five[] = {RT, F, RT, P, RT};
    assert_int_equal(zz_panel_majority(three_of_five, 5, 3, &out, &err), ZZ_OK);
    assert_int_equal(out, RT);
    zz_vote unanimous_fail[] = {F, F, F};
    assert_int_equal(zz_panel_majority(unanimous_fail, 3, 3, &out, &err), ZZ_OK);
    assert_int_equal(out, F);

    zz_vote split[] = {P, F, RT};
    assert_int_equal(zz_panel_majority(split, 3, 3, &out, &err), ZZ_ERULE);
    assert_string_equal(err.code, "gate.panel_no_majority");
    assert_string_equal(err.rule, "R-3.5");
    zz_vote half[] = {P, P, F, RT}; /* exactly half is not a majority */
    assert_int_equal(zz_panel_majority(half, 4, 3, &out, &err), ZZ_ERULE);
    assert_string_equal(err.code, "gate.panel_no_majority");

    zz_vote two[] = {P, P};
    assert_int_equal(zz_panel_majority(two, 2, 3, &out, &err), ZZ_ERULE);
    assert_string_equal(err.code, "gate.panel_too_few");
    assert_int_equal(zz_panel_majority(two, 2, 2, &out, &err), ZZ_OK);
}

static void test_panel__r3_5_composition_size_and_independence(void **state)
{
    (void)state;
    zz_err err = ZZ_ERR_INIT;
    int64_t experts[] = {7, 8, 9}, team[] = {2, 3};
    assert_int_equal(zz_panel_check(experts, 3, team, 2, 3, &err), ZZ_OK);
    assert_int_equal(zz_panel_check(experts, 2, team, 2, 3, &err), ZZ_ERULE);
    assert_string_equal(err.code, "gate.panel_size");
    int64_t team2[] = {2, 8};
    assert_int_equal(zz_panel_check(experts, 3, team2, 2, 3, &err), ZZ_ERULE);
    assert_string_equal(err.code, "gate.panel_independence");
    assert_non_null(strstr(err.message, "user 8"));
}

static void test_panel__r3_5_vote_codes(void **state)
{
    (void)state;
    zz_vote v;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_vote_parse(&v, "return", NULL), ZZ_OK);
    assert_int_equal(v, RT);
    assert_string_equal(zz_vote_code(ZZ_VOTE_FAIL), "fail");
    assert_string_equal(zz_vote_name_zh(ZZ_VOTE_PASS), "通过");
    assert_int_equal(zz_vote_parse(&v, "abstain", &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.vote");
}

/* ---- votes ---------------------------------------------------------------------------------- */

static void vote(fx *f, const char *who, zz_vote v)
{
    zz_err err = ZZ_ERR_INIT;
    fx_as(f, who);
    fx_ok(zz_case_vote(f->cx, f->case_id, v, "证据充分性与结论合理性的书面意见", &err), &err, who);
}

static zz_vote conclude(fx *f, const char *who)
{
    zz_err err = ZZ_ERR_INIT;
    zz_vote out = 0;
    fx_as(f, who);
    fx_ok(zz_case_panel_conclude(f->cx, f->case_id, &out, &err), &err, "panel conclude");
    return out;
}

static void test_panel__r3_5_vote_refusals_write_nothing(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    char before[1024];
    fx_plan_and_rate_all(f); /* still in assessment */
    SNAP(f, before);
    fx_as(f, "exp1");
    FX_REFUSED(f, before, zz_case_vote(f->cx, f->case_id, P, "意见", &err), ZZ_ESTATE, "case.state",
               err);
    fx_as(f, "lead");
    fx_ok(zz_case_conclude(f->cx, f->case_id, ZZ_VERDICT_MET, NULL, &err), &err, "conclude");
    SNAP(f, before);
    fx_as(f, "exp1");
    FX_REFUSED(f, before, zz_case_vote(f->cx, f->case_id, P, " \n ", &err), ZZ_EINVAL,
               "input.opinion", err);
    FX_REFUSED(f, before, zz_case_vote(f->cx, f->case_id, P, NULL, &err), ZZ_EINVAL,
               "input.opinion", err);
    FX_REFUSED(f, before, zz_case_vote(f->cx, f->case_id, (zz_vote)9, "意见", &err), ZZ_EINVAL,
               "input.vote", err);
    fx_as(f, "exp4"); /* an expert not on this case's panel does not see it */
    FX_REFUSED(f, before, zz_case_vote(f->cx, f->case_id, P, "意见", &err), ZZ_ENOTFOUND,
               "case.not_found", err);
    fx_as(f, "lead");
    FX_REFUSED(f, before, zz_case_vote(f->cx, f->case_id, P, "意见", &err), ZZ_EPERM, "auth.role",
               err);
    vote(f, "exp1", P);
    SNAP(f, before);
    fx_as(f, "exp1"); /* one vote per expert per round: the first opinion stays on record */
    FX_REFUSED(f, before, zz_case_vote(f->cx, f->case_id, F, "改变主意", &err), ZZ_ERULE,
               "gate.already_voted", err);
}

/* ---- conclusion: majority, transitions, refusals -------------------------------------------- */

static void test_panel__r3_5_two_of_three_pass_then_r3_6_approval(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    fx_to_panel(f);
    vote(f, "exp1", P);
    vote(f, "exp2", F);
    vote(f, "exp3", P);
    assert_int_equal(conclude(f, "lead"), P);
    zz_case c;
    fx_case(f, &c);
    assert_string_equal(c.stage, "certification");
    assert_string_equal(c.state, "awaiting_approval");
    zz_panel_result *res = NULL;
    size_t n = 0;
    fx_as(f, "mgr");
    fx_ok(zz_case_panel_results(f->cx, f->case_id, &res, &n, &err), &err, "results");
    assert_int_equal(n, 1);
    assert_int_equal(res[0].round, 1);
    assert_int_equal(res[0].result, P);
    assert_string_equal(res[0].decided_on, "2026-06-15");
    free(res);

    /* 审批: the manager only, only once */
    char before[1024];
    SNAP(f, before);
    fx_as(f, "lead");
    FX_REFUSED(f, before, zz_case_approve(f->cx, f->case_id, &err), ZZ_EPERM, "auth.role", err);
    fx_as(f, "mgr");
    fx_ok(zz_case_approve(f->cx, f->case_id, &err), &err, "approve");
    fx_case(f, &c);
    assert_string_equal(c.stage, "certification");
    assert_string_equal(c.state, "approved");
    assert_string_equal(c.approved_on, "2026-06-15");
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM cases c JOIN users u ON u.id ="
                                 " c.approved_by WHERE u.username = 'mgr'"),
                     1);
    SNAP(f, before);
    FX_REFUSED(f, before, zz_case_approve(f->cx, f->case_id, &err), ZZ_ESTATE, "case.state", err);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action IN ('case.vote',"
                                 " 'case.panel_conclude', 'case.approve')"),
                     5);
}

static void test_panel__r3_5_no_majority_is_refused_and_writes_nothing(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    fx_to_panel(f);
    vote(f, "exp1", P);
    vote(f, "exp2", F);
    vote(f, "exp3", RT);
    char before[1024];
    SNAP(f, before);
    fx_as(f, "mgr");
    FX_REFUSED(f, before, zz_case_panel_conclude(f->cx, f->case_id, NULL, &err), ZZ_ERULE,
               "gate.panel_no_majority", err);
    /* a fourth expert joins the panel and breaks the tie: 2 of 4 is still no majority */
    fx_assign(f, "exp4", ZZ_ROLE_EXPERT);
    vote(f, "exp4", P);
    SNAP(f, before);
    fx_as(f, "mgr");
    FX_REFUSED(f, before, zz_case_panel_conclude(f->cx, f->case_id, NULL, &err), ZZ_ERULE,
               "gate.panel_no_majority", err);
}

static void test_panel__r3_5_too_few_votes_and_too_small_panel(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    fx_to_panel(f);
    vote(f, "exp1", P);
    vote(f, "exp2", P);
    char before[1024];
    SNAP(f, before);
    fx_as(f, "lead");
    FX_REFUSED(f, before, zz_case_panel_conclude(f->cx, f->case_id, NULL, &err), ZZ_ERULE,
               "gate.panel_too_few", err);
    /* with exp3 taken off the panel, two experts are too few whatever the votes */
    zz_ctx_act_as_system(f->cx);
    fx_ok(zz_case_unassign(f->cx, f->case_id, "exp3", ZZ_ROLE_EXPERT, &err), &err, "unassign");
    SNAP(f, before);
    fx_as(f, "lead");
    FX_REFUSED(f, before, zz_case_panel_conclude(f->cx, f->case_id, NULL, &err), ZZ_ERULE,
               "gate.panel_size", err);
    /* the size is a setting (default 3): with panel.min_experts = 2 the two votes decide */
    fx_sql(f, "INSERT INTO settings (key, value) VALUES ('panel.min_experts', '2')");
    assert_int_equal(conclude(f, "lead"), P);
}

static void test_panel__r3_5_bad_min_experts_setting_is_refused(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    fx_to_panel(f);
    fx_sql(f, "INSERT INTO settings (key, value) VALUES ('panel.min_experts', 'three')");
    char before[1024];
    SNAP(f, before);
    fx_as(f, "mgr");
    FX_REFUSED(f, before, zz_case_panel_conclude(f->cx, f->case_id, NULL, &err), ZZ_EINVAL,
               "config.setting", err);
}

/* R-3.5 "none of whom was on the project team": a former assessor who rated items of the case
 * and was later put on its panel. */
static void test_panel__r3_5_former_team_member_breaks_independence(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    zz_ctx_act_as_system(f->cx);
    zz_user_new in = {.username = "zhao", .display_name = "赵强", .password = FX_PW};
    fx_ok(zz_user_create(f->cx, &in, NULL, &err), &err, "user");
    fx_ok(zz_user_grant(f->cx, "zhao", ZZ_ROLE_ASSESSOR, &err), &err, "grant a");
    fx_ok(zz_user_grant(f->cx, "zhao", ZZ_ROLE_EXPERT, &err), &err, "grant e");
    fx_assign(f, "zhao", ZZ_ROLE_ASSESSOR);
    fx_plan_and_rate_all(f);
    fx_as(f, "zhao");
    fx_ok(zz_case_rate(f->cx, f->case_id, "3.1-1", ZZ_RATING_CONFORMS, NULL, &err), &err, "rate");
    fx_as(f, "lead");
    fx_ok(zz_case_conclude(f->cx, f->case_id, ZZ_VERDICT_MET, NULL, &err), &err, "conclude");
    zz_ctx_act_as_system(f->cx);
    fx_ok(zz_case_unassign(f->cx, f->case_id, "zhao", ZZ_ROLE_ASSESSOR, &err), &err, "unassign");
    fx_assign(f, "zhao", ZZ_ROLE_EXPERT); /* today's assignments no longer show the past */
    char before[1024];
    SNAP(f, before);
    fx_as(f, "zhao");
    FX_REFUSED(f, before, zz_case_vote(f->cx, f->case_id, P, "意见", &err), ZZ_ERULE,
               "gate.panel_independence", err);
    vote(f, "exp1", P);
    vote(f, "exp2", P);
    vote(f, "exp3", P);
    SNAP(f, before);
    fx_as(f, "mgr");
    FX_REFUSED(f, before, zz_case_panel_conclude(f->cx, f->case_id, NULL, &err), ZZ_ERULE,
               "gate.panel_independence", err);
    /* taken off the panel again, the three independent experts decide */
    zz_ctx_act_as_system(f->cx);
    fx_ok(zz_case_unassign(f->cx, f->case_id, "zhao", ZZ_ROLE_EXPERT, &err), &err, "unassign 2");
    assert_int_equal(conclude(f, "mgr"), P);
}

static void test_panel__r3_5_fail_closes_the_case(void **state)
{
    fx *f = *state;
    fx_to_panel(f);
    vote(f, "exp1", F);
    vote(f, "exp2", F);
    vote(f, "exp3", P);
    assert_int_equal(conclude(f, "mgr"), F);
    zz_case c;
    fx_case(f, &c);
    assert_string_equal(c.state, "closed");
    assert_string_equal(c.close_reason, "failed");
    assert_string_equal(c.closed_on, "2026-06-15");
    char before[1024];
    zz_err err = ZZ_ERR_INIT;
    SNAP(f, before);
    fx_as(f, "exp1");
    FX_REFUSED(f, before, zz_case_vote(f->cx, f->case_id, P, "意见", &err), ZZ_ESTATE, "case.state",
               err);
}

static void test_panel__r3_5_return_starts_a_new_round_keeping_the_old_votes(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    fx_to_panel(f);
    vote(f, "exp1", RT);
    vote(f, "exp2", RT);
    vote(f, "exp3", P);
    assert_int_equal(conclude(f, "lead"), RT);
    zz_case c;
    fx_case(f, &c);
    assert_string_equal(c.stage, "assessment");
    assert_string_equal(c.state, "in_progress");
    int round = 0;
    fx_as(f, "lead");
    fx_ok(zz_case_panel_round(f->cx, f->case_id, &round, &err), &err, "round");
    assert_int_equal(round, 2);

    /* more evidence, a new activity, the team concludes again: round 2 */
    const char *items[] = {"3.3-1.BP2"};
    fx_as(f, "asr");
    fx_ok(zz_case_record_activity(f->cx, f->case_id, "demonstration", FX_TODAY, "张伟；李娜", items,
                                  1, "补充演示录像", "演示补充证据充分", NULL, &err),
          &err, "activity");
    fx_as(f, "lead");
    fx_ok(zz_case_conclude(f->cx, f->case_id, ZZ_VERDICT_MET, NULL, &err), &err, "conclude 2");
    zz_conclusion k;
    fx_ok(zz_case_conclusion(f->cx, f->case_id, &k, &err), &err, "conclusion");
    assert_int_equal(k.round, 2);
    zz_conclusion_clear(&k);
    vote(f, "exp1", P); /* the same experts vote again in the new round */
    vote(f, "exp2", P);
    vote(f, "exp3", P);
    assert_int_equal(conclude(f, "lead"), P);

    zz_panel_vote *v = NULL;
    size_t n = 0;
    fx_as(f, "mgr");
    fx_ok(zz_case_votes(f->cx, f->case_id, &v, &n, &err), &err, "votes");
    assert_int_equal(n, 6);
    assert_int_equal(v[0].round, 1);
    assert_string_equal(v[0].username, "exp1");
    assert_int_equal(v[0].vote, RT);
    assert_string_equal(v[0].opinion, "证据充分性与结论合理性的书面意见");
    assert_int_equal(v[3].round, 2);
    assert_int_equal(v[3].vote, P);
    zz_panel_votes_free(v, n);
    zz_panel_result *res = NULL;
    fx_ok(zz_case_panel_results(f->cx, f->case_id, &res, &n, &err), &err, "results");
    assert_int_equal(n, 2);
    assert_int_equal(res[0].result, RT);
    assert_int_equal(res[1].round, 2);
    assert_int_equal(res[1].result, P);
    free(res);
}

static void test_panel__r3_5_who_concludes_and_who_reads_the_votes(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    fx_to_panel(f);
    vote(f, "exp1", P);
    vote(f, "exp2", P);
    vote(f, "exp3", P);
    char before[1024];
    SNAP(f, before);
    fx_as(f, "exp1"); /* the experts vote; the conclusion is recorded by the body */
    FX_REFUSED(f, before, zz_case_panel_conclude(f->cx, f->case_id, NULL, &err), ZZ_EPERM,
               "auth.role", err);
    zz_panel_vote *v = NULL;
    size_t n = 0;
    fx_as(f, "app"); /* the votes are the panel's internal record */
    assert_int_equal(zz_case_votes(f->cx, f->case_id, &v, &n, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    assert_null(v);
    fx_as(f, "exp2");
    fx_ok(zz_case_votes(f->cx, f->case_id, &v, &n, &err), &err, "votes");
    assert_int_equal(n, 3);
    zz_panel_votes_free(v, n);
    assert_int_equal(conclude(f, "mgr"), P); /* the manager needs no assignment */
}

static void test_panel__r3_5_vote_of_an_expert_taken_off_the_panel_no_longer_counts(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    fx_to_panel(f);
    vote(f, "exp1", P);
    vote(f, "exp2", F);
    vote(f, "exp3", F);
    zz_ctx_act_as_system(f->cx);
    fx_ok(zz_case_unassign(f->cx, f->case_id, "exp3", ZZ_ROLE_EXPERT, &err), &err, "unassign");
    fx_assign(f, "exp4", ZZ_ROLE_EXPERT);
    vote(f, "exp4", P);
    assert_int_equal(conclude(f, "mgr"), P); /* pass, fail, pass: exp3's fail is not counted */
    zz_panel_vote *v = NULL;
    size_t n = 0;
    fx_ok(zz_case_votes(f->cx, f->case_id, &v, &n, &err), &err, "votes");
    assert_int_equal(n, 4); /* still on record */
    zz_panel_votes_free(v, n);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_panel__r3_5_majority_is_more_than_half_of_recorded_votes),
        cmocka_unit_test(test_panel__r3_5_composition_size_and_independence),
        cmocka_unit_test(test_panel__r3_5_vote_codes),
        T(test_panel__r3_5_vote_refusals_write_nothing),
        T(test_panel__r3_5_two_of_three_pass_then_r3_6_approval),
        T(test_panel__r3_5_no_majority_is_refused_and_writes_nothing),
        T(test_panel__r3_5_too_few_votes_and_too_small_panel),
        T(test_panel__r3_5_bad_min_experts_setting_is_refused),
        T(test_panel__r3_5_former_team_member_breaks_independence),
        T(test_panel__r3_5_fail_closes_the_case),
        T(test_panel__r3_5_return_starts_a_new_round_keeping_the_old_votes),
        T(test_panel__r3_5_who_concludes_and_who_reads_the_votes),
        T(test_panel__r3_5_vote_of_an_expert_taken_off_the_panel_no_longer_counts),
    };
    return cmocka_run_group_tests_name("panel", tests, NULL, NULL);
}
