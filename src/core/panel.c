/*
 * panel.c — expert review (专家评审, R-3.5): votes with written opinions, the panel's composition
 * and independence, the majority conclusion and its transitions; and approval (审批, R-3.6).
 * The rules are stated in include/zizhi/panel.h; the SQL is in src/store/panel_store.c.
 */
#include "zizhi/panel.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/assess_int.h"
#include "core/domain_int.h"
#include "store/panel_store.h"
#include "zizhi/case.h"
#include "zizhi/ctx.h"

const char *zz_vote_code(zz_vote v)
{
    switch (v) {
    case ZZ_VOTE_PASS:
        return "pass";
    case ZZ_VOTE_FAIL:
        return "fail";
    case ZZ_VOTE_RETURN:
        return "return";
    }
    return NULL;
}

const char *zz_vote_name_zh(zz_vote v)
{
    switch (v) {
    case ZZ_VOTE_PASS:
        return "通过";
    case ZZ_VOTE_FAIL:
        return "不通过";
    case ZZ_VOTE_RETURN:
        return "退回评估";
    }
    return NULL;
}

int zz_vote_parse(zz_vote *out, const char *s, zz_err *err)
{
    for (int v = ZZ_VOTE_PASS; v <= ZZ_VOTE_RETURN; v++) {
        if (s && strcmp(s, zz_vote_code((zz_vote)v)) == 0) {
            *out = (zz_vote)v;
            return ZZ_OK;
        }
    }
    return zz_err_rule(err, ZZ_EINVAL, "input.vote", "R-3.5",
                       "表决“%.40s”无效，应为 pass（通过）、fail（不通过）或 return（退回评估）",
                       "unknown vote \"%.40s\" (pass, fail or return)", s ? s : "");
}

static bool vote_valid(zz_vote v)
{
    return v == ZZ_VOTE_PASS || v == ZZ_VOTE_FAIL || v == ZZ_VOTE_RETURN;
}

int zz_panel_majority(const zz_vote *votes, size_t n, int min_votes, zz_vote *out, zz_err *err)
{
    if (min_votes < 1) min_votes = 1;
    if (n < (size_t)min_votes)
        return zz_err_rule(err, ZZ_ERULE, "gate.panel_too_few", "R-3.5",
                           "本轮仅记录了 %zu 票，专家评审结论至少需要 %d 票",
                           "only %zu votes are recorded in this round; the panel needs at least "
                           "%d",
                           n, min_votes);
    size_t count[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < n; i++)
        if (vote_valid(votes[i])) count[votes[i]]++;
    for (int v = ZZ_VOTE_PASS; v <= ZZ_VOTE_RETURN; v++) {
        if (count[v] * 2 > n) { /* strictly more than half of the recorded votes */
            if (out) *out = (zz_vote)v;
            return ZZ_OK;
        }
    }
    return zz_err_rule(
        err, ZZ_ERULE, "gate.panel_no_majority", "R-3.5",
        "%zu 票中无多数意见（通过 %zu、不通过 %zu、退回 %zu）：需补充表决或调整专家组",
        "no majority among %zu votes (pass %zu, fail %zu, return %zu): more votes "
        "or a changed panel are needed",
        n, count[ZZ_VOTE_PASS], count[ZZ_VOTE_FAIL], count[ZZ_VOTE_RETURN]);
}

static bool contains(const int64_t *ids, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id) return true;
    return false;
}

int zz_panel_check(const int64_t *experts, size_t n_experts, const int64_t *team, size_t n_team,
                   int min_experts, zz_err *err)
{
    if (min_experts < 1) min_experts = 1;
    for (size_t i = 0; i < n_experts; i++)
        if (contains(team, n_team, experts[i]))
            return zz_err_rule(err, ZZ_ERULE, "gate.panel_independence", "R-3.5",
                               "专家组成员（用户 %lld）是或曾是本项目的项目组成员，专家组不独立",
                               "panel member (user %lld) is or was on the project team: the "
                               "panel is not independent",
                               (long long)experts[i]);
    if (n_experts < (size_t)min_experts)
        return zz_err_rule(
            err, ZZ_ERULE, "gate.panel_size", "R-3.5", "专家组仅指派了 %zu 名专家，至少需要 %d 名",
            "only %zu experts are assigned; the panel needs at least %d", n_experts, min_experts);
    return ZZ_OK;
}

/* "panel.min_experts" (settings), default 3. */
static int min_experts(zz_ctx *cx, int *out, zz_err *err)
{
    *out = ZZ_PANEL_MIN_EXPERTS_DEFAULT;
    char *v = NULL;
    int rc = zz_panel_store_setting(cx->st, ZZ_PANEL_MIN_EXPERTS_SETTING, &v, err);
    if (rc < 0 || !v) return rc;
    char *end = NULL;
    errno = 0;
    long n = strtol(v, &end, 10);
    bool ok = errno == 0 && end != v && *end == '\0' && n >= 1 && n <= 100;
    if (ok)
        *out = (int)n;
    else
        rc = zz_err_set(err, ZZ_EINVAL, "config.setting",
                        "设置 %s 的值“%.40s”无效：应为 1 到 100 的整数",
                        "setting %s = \"%.40s\" is invalid: an integer from 1 to 100 is needed",
                        ZZ_PANEL_MIN_EXPERTS_SETTING, v);
    free(v);
    return rc;
}

static const char *const EXPERT[] = {"expert", NULL};
static const char *const LEAD[] = {"project_lead", NULL};

static json_t *case_detail(const zz_case *c)
{
    return json_pack("{s:I, s:s}", "case_id", (json_int_t)c->id, "case", c->number);
}

int zz_case_vote(zz_ctx *cx, int64_t case_id, zz_vote vote, const char *opinion, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_EXPERT), err);
    if (rc < 0) return rc;
    if (!vote_valid(vote)) return zz_vote_parse(&vote, "?", err);
    if (zz__blank(opinion))
        return zz_err_rule(err, ZZ_EINVAL, "input.opinion", "R-3.5", "表决必须附书面意见%s",
                           "a vote needs a written opinion%s", "");
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_case c;
    int64_t *team = NULL;
    size_t n_team = 0;
    int round = 1;
    bool voted = false;
    if ((rc = zz_case_get(cx, case_id, &c, err)) < 0 ||
        (rc = zz_assess__assigned(cx, case_id, EXPERT, false, err)) < 0 ||
        (rc = zz_assess__case_in(cx, case_id, "expert_review", "panel", &c, err)) < 0 ||
        (rc = zz_panel_store_team(cx->st, case_id, &team, &n_team, err)) < 0)
        return zz_action_abort(cx, rc);
    bool in_team = contains(team, n_team, cx->actor.user_id);
    free(team);
    if (in_team)
        return zz_action_abort(
            cx, zz_err_rule(err, ZZ_ERULE, "gate.panel_independence", "R-3.5",
                            "%s 是或曾是本项目的项目组成员，不能作为专家表决",
                            "%s is or was on the project team and cannot vote as an expert",
                            cx->actor.username));
    if ((rc = zz_panel_store_round(cx->st, case_id, &round, err)) < 0 ||
        (rc = zz_panel_store_has_voted(cx->st, case_id, round, cx->actor.user_id, &voted, err)) < 0)
        return zz_action_abort(cx, rc);
    if (voted) /* P1: an opinion once given stays on record */
        return zz_action_abort(cx, zz_err_rule(err, ZZ_ERULE, "gate.already_voted", "R-3.5",
                                               "%s 已在第 %d 轮表决，不能重复表决",
                                               "%s has already voted in round %d",
                                               cx->actor.username, round));
    char today[ZZ_DATE_STRLEN];
    zz_date_format(cx->clock.today, today);
    char dig[ZZ_SM3_HEXLEN + 1];
    if ((rc = zz_panel_store_vote_insert(cx->st, case_id, round, cx->actor.user_id, vote, opinion,
                                         today, err)) < 0 ||
        (rc = zz__digest_text(opinion, dig, err)) < 0)
        return zz_action_abort(cx, rc);
    json_t *d = case_detail(&c);
    if (d) {
        json_object_set_new(d, "round", json_integer(round));
        json_object_set_new(d, "vote", json_string(zz_vote_code(vote)));
        json_object_set_new(d, "opinion_sm3", json_string(dig));
    }
    return zz_assess__commit(cx, "case.vote", case_id, d, err);
}

int zz_case_panel_conclude(zz_ctx *cx, int64_t case_id, zz_vote *result, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_MANAGER) | ZZ_R(ZZ_ROLE_PROJECT_LEAD), err);
    if (rc < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_case c;
    int64_t *experts = NULL, *team = NULL;
    size_t n_experts = 0, n_team = 0;
    zz_vote *votes = NULL;
    size_t n_votes = 0;
    int min = ZZ_PANEL_MIN_EXPERTS_DEFAULT, round = 1;
    zz_vote outcome = ZZ_VOTE_RETURN;
    if ((rc = zz_case_get(cx, case_id, &c, err)) < 0) goto refuse;
    /* the manager acts on every case, a project lead on the cases assigned to it */
    if (!zz_ctx_is_system(cx) && !(cx->actor.roles & ZZ_R(ZZ_ROLE_MANAGER)) &&
        (rc = zz_assess__assigned(cx, case_id, LEAD, true, err)) < 0)
        goto refuse;
    if ((rc = zz_assess__case_in(cx, case_id, "expert_review", "panel", &c, err)) < 0 ||
        (rc = min_experts(cx, &min, err)) < 0 ||
        (rc = zz_panel_store_members(cx->st, case_id, "expert", &experts, &n_experts, err)) < 0 ||
        (rc = zz_panel_store_team(cx->st, case_id, &team, &n_team, err)) < 0 ||
        (rc = zz_panel_check(experts, n_experts, team, n_team, min, err)) < 0 ||
        (rc = zz_panel_store_round(cx->st, case_id, &round, err)) < 0 ||
        (rc = zz_panel_store_round_votes(cx->st, case_id, round, &votes, &n_votes, err)) < 0 ||
        (rc = zz_panel_majority(votes, n_votes, min, &outcome, err)) < 0)
        goto refuse;
    size_t count[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < n_votes; i++)
        count[votes[i]]++;
    char today[ZZ_DATE_STRLEN];
    zz_date_format(cx->clock.today, today);
    if ((rc = zz_panel_store_conclusion_insert(cx->st, case_id, round, outcome, today, err)) < 0)
        goto refuse;
    const char *to;
    switch (outcome) {
    case ZZ_VOTE_PASS:
        to = "certification/awaiting_approval";
        rc = zz_case__set_state(cx, case_id, "certification", "awaiting_approval", err);
        break;
    case ZZ_VOTE_FAIL:
        to = "closed: failed";
        rc = zz_case__close(cx, case_id, "failed", cx->clock.today, err);
        break;
    default:
        to = "assessment/in_progress";
        rc = zz_case__set_state(cx, case_id, "assessment", "in_progress", err);
        break;
    }
    if (rc < 0) goto refuse;
    json_t *d = case_detail(&c);
    if (d) {
        json_object_set_new(d, "round", json_integer(round));
        json_object_set_new(d, "result", json_string(zz_vote_code(outcome)));
        json_object_set_new(d, "votes",
                            json_pack("{s:I, s:I, s:I}", "pass", (json_int_t)count[ZZ_VOTE_PASS],
                                      "fail", (json_int_t)count[ZZ_VOTE_FAIL], "return",
                                      (json_int_t)count[ZZ_VOTE_RETURN]));
        json_object_set_new(d, "experts", json_integer((json_int_t)n_experts));
        json_object_set_new(d, "to", json_string(to));
    }
    free(experts);
    free(team);
    free(votes);
    rc = zz_assess__commit(cx, "case.panel_conclude", case_id, d, err);
    if (rc == ZZ_OK && result) *result = outcome;
    return rc;
refuse:
    free(experts);
    free(team);
    free(votes);
    return zz_action_abort(cx, rc);
}

int zz_case_approve(zz_ctx *cx, int64_t case_id, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_MANAGER), err);
    if (rc < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_case c;
    if ((rc = zz_assess__case_in(cx, case_id, "certification", "awaiting_approval", &c, err)) < 0)
        return zz_action_abort(cx, rc);
    char today[ZZ_DATE_STRLEN];
    zz_date_format(cx->clock.today, today);
    if ((rc = zz_panel_store_approve(cx->st, case_id, today, cx->actor.user_id, err)) < 0 ||
        (rc = zz_case__set_state(cx, case_id, "certification", "approved", err)) < 0)
        return zz_action_abort(cx, rc);
    json_t *d = case_detail(&c);
    if (d) {
        json_object_set_new(d, "approved_on", json_string(today));
        json_object_set_new(d, "to", json_string("certification/approved"));
    }
    return zz_assess__commit(cx, "case.approve", case_id, d, err);
}

/* ---- reads --------------------------------------------------------------------------------- */

/* The panel's votes and conclusions: the certification body's case roles that read a case's
 * internals, not its applicants nor the certificate officer. */
static int body_visible(zz_ctx *cx, int64_t case_id, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_CASE_INTERNALS_ROLES & ~ZZ_ROLES_APPLICANT, err);
    if (rc < 0) return rc;
    return zz_case__require_internals(cx, case_id, NULL, err);
}

int zz_case_votes(zz_ctx *cx, int64_t case_id, zz_panel_vote **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = body_visible(cx, case_id, err);
    if (rc < 0) return rc;
    return zz_panel_store_votes(cx->st, case_id, out, n, err);
}

int zz_case_panel_results(zz_ctx *cx, int64_t case_id, zz_panel_result **out, size_t *n,
                          zz_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = body_visible(cx, case_id, err);
    if (rc < 0) return rc;
    return zz_panel_store_results(cx->st, case_id, out, n, err);
}

int zz_case_panel_round(zz_ctx *cx, int64_t case_id, int *round, zz_err *err)
{
    *round = 1;
    int rc = zz_case__require_internals(cx, case_id, NULL, err);
    if (rc < 0) return rc;
    return zz_panel_store_round(cx->st, case_id, round, err);
}
