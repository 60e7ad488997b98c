/*
 * panel.h — expert review (专家评审, SPEC) and approval (审批, R-3.6 approval part).
 *
 *   expert_review/panel ──zz_case_vote (each expert, one vote per round)
 *   expert_review/panel ──zz_case_panel_conclude─┬► certification/awaiting_approval  (pass)
 *                                                ├► closed: failed                    (fail)
 *                                                └► assessment/in_progress, round + 1 (return)
 *   certification/awaiting_approval ──zz_case_approve──► certification/approved
 *
 * Rules (decided here, the one place):
 *   - A vote is pass, fail or return (return to assessment for more evidence), always with a
 *     written opinion ("input.opinion"). Only an expert assigned to the case (case_members role
 *     expert) who is not on the project team votes, once per round: a second vote in the same
 *     round is refused ("gate.already_voted"), never replaced, so every opinion stays on record.
 *   - The project team of a case is every user who is or was on it: assigned as project_lead or
 *     assessor (case_members), or who recorded its plan work (ratings, activities, conclusion).
 *     An expert in the team breaks independence ("gate.panel_independence").
 *   - The panel concludes (manager, or the case's assigned project lead) when at least
 *     N experts are assigned ("gate.panel_size"), none in the team ("gate.panel_independence"),
 *     and at least N votes are recorded in the current round ("gate.panel_too_few"); N is the
 *     setting "panel.min_experts" (default 3, an integer >= 1, "config.setting" otherwise).
 *     The conclusion is the value holding strictly more than half of the round's recorded votes
 *     (2 of 3, 3 of 5); none → "gate.panel_no_majority" (e.g. 1 pass, 1 fail, 1 return).
 *     Only the votes of experts still on the panel count: the vote of an expert the manager took
 *     off the panel stays on record (zz_case_votes) but no longer decides.
 *   - Rounds: round 1 is the first review; each "return" conclusion starts the next round. The
 *     votes and conclusions of earlier rounds are kept (panel_votes, panel_conclusions).
 *   - Approval: the manager approves a passed case, recording approved_on / approved_by.
 *
 * Invariants:
 *   P1  at most one vote per (case, round, expert), at most one conclusion per (case, round).
 *   P2  the current round = 1 + the number of conclusions of the case: after a "return", or a
 *       "fail" reopened by an upheld appeal, voting starts a new round.
 *   P3  a refused action writes nothing (no vote, no conclusion, no state change, no audit entry).
 */
#ifndef ZIZHI_PANEL_H
#define ZIZHI_PANEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/calendar.h"
#include "zizhi/errors.h"

struct zz_ctx;

#define ZZ_PANEL_MIN_EXPERTS_DEFAULT 3
#define ZZ_PANEL_MIN_EXPERTS_SETTING "panel.min_experts"

typedef enum zz_vote {
    ZZ_VOTE_PASS = 1,   /* pass   通过 */
    ZZ_VOTE_FAIL = 2,   /* fail   不通过 */
    ZZ_VOTE_RETURN = 3, /* return 退回评估（补充证据） */
} zz_vote;

/* "pass", "fail", "return"; NULL when unknown. */
const char *zz_vote_code(zz_vote v);
/* 通过, 不通过, 退回评估; NULL when unknown. */
const char *zz_vote_name_zh(zz_vote v);
/* ZZ_EINVAL "input.vote" when unknown. */
int zz_vote_parse(zz_vote *out, const char *s, zz_err *err);

/*
 * Pure: the majority of the recorded votes. Refuses with ZZ_ERULE "gate.panel_too_few"
 * when n < min_votes, "gate.panel_no_majority" when no value holds strictly more than n / 2.
 */
int zz_panel_majority(const zz_vote *votes, size_t n, int min_votes, zz_vote *out, zz_err *err);

/*
 * Pure: the panel's composition: at least min_experts experts ("gate.panel_size") and
 * none of them in team ("gate.panel_independence", naming the first such user id).
 */
int zz_panel_check(const int64_t *experts, size_t n_experts, const int64_t *team, size_t n_team,
                   int min_experts, zz_err *err);

/* An assigned, independent expert votes in the current round, only in expert_review/panel. */
int zz_case_vote(struct zz_ctx *cx, int64_t case_id, zz_vote vote, const char *opinion,
                 zz_err *err);

/*
 * The panel's conclusion of the current round (manager or the assigned project lead), only in
 * expert_review/panel. OUT: *result (may be NULL).
 */
int zz_case_panel_conclude(struct zz_ctx *cx, int64_t case_id, zz_vote *result, zz_err *err);

/* 审批: manager, only certification/awaiting_approval → certification/approved. */
int zz_case_approve(struct zz_ctx *cx, int64_t case_id, zz_err *err);

typedef struct zz_panel_vote {
    int round;
    int64_t user_id;
    char username[101];
    char display_name[101];
    zz_vote vote;
    char *opinion; /* owned */
    char voted_on[ZZ_DATE_STRLEN];
} zz_panel_vote;

typedef struct zz_panel_result {
    int round;
    zz_vote result;
    char decided_on[ZZ_DATE_STRLEN];
} zz_panel_result;

/*
 * Reads, for the certification body (applicant accounts get ZZ_EPERM "auth.role": the votes are
 * the panel's internal record; the outcome reaches the applicant through the case's state).
 * Votes by round then username; results by round. Free with zz_panel_votes_free / free().
 */
int zz_case_votes(struct zz_ctx *cx, int64_t case_id, zz_panel_vote **out, size_t *n, zz_err *err);
void zz_panel_votes_free(zz_panel_vote *v, size_t n);
int zz_case_panel_results(struct zz_ctx *cx, int64_t case_id, zz_panel_result **out, size_t *n,
                          zz_err *err);
/* P2: the current round of a case. */
int zz_case_panel_round(struct zz_ctx *cx, int64_t case_id, int *round, zz_err *err);

#endif
