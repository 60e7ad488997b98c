/*
 * case.h — the certification case (项目, SPEC section 3): stages, gates and the actions that move a
 * case, each allowed to the roles of SPEC section 0 only and refused with a stable code when its
 * gate is not met (nothing is written then). src/core/case.c owns the lifecycle; assess.c (ratings,
 * conclusion) and panel.c (expert review) add the assessment actions through this header.
 *
 * Stages and states (stage/state), and the function that performs each transition:
 *
 *   (dossier submitted: zz_case__create, called by zz_dossier_submit)
 *   acceptance/submitted ──zz_case_receive_paper──► acceptance/received
 *   acceptance/received  ──zz_case_file ──► acceptance/filed          (cycle clock starts)
 *   acceptance/filed     ──zz_case_review ─┬► initiation/drafting      (accepted)
 *                                                 ├► acceptance/supplement   (pause: supplement)
 *                                                 └► closed: not_accepted
 *   acceptance/supplement ──zz_case_supplement_received──► acceptance/filed  (pause ends)
 *   initiation/drafting  ──zz_case_draft_agreement──► initiation/agreement_drafted (invoice from
 * fees) initiation/agreement_drafted ──zz_case_send_agreement──► initiation/waiting (pauses:
 * agreement, payment; email to the applicant) initiation/waiting: zz_case_agreement_effective,
 * zz_case_record_payment (pauses end) initiation/waiting   ──zz_case_start_assessment (R-3.3:
 * effective AND paid)──► assessment/planning assessment/planning  ──zz_case_plan──►
 * assessment/in_progress assessment/in_progress: zz_case_record_activity, zz_case_rate,
 * zz_case_request_rectification (pause: rectification), zz_case_rectification_done
 *   assessment/in_progress ──zz_case_conclude ──► expert_review/panel
 *   expert_review/panel  ──zz_case_panel_conclude ─┬► certification/awaiting_approval (pass)
 *                                                         ├► closed: failed
 *                                                         └► assessment/in_progress (return)
 *   certification/awaiting_approval ──zz_case_approve ──► certification/approved
 *   certification/approved ──(cert.h: batch issue)──► certification/certified  (closed: certified)
 *   closed (any reason) ──zz_case_archive ──► archived/archived
 *   any stage before certification/approved ──zz_case_withdraw ──► closed: withdrawn
 *
 * "closed" is stage = the stage it ended in, state = "closed", close_reason set, closed_on set.
 *
 * Invariants:
 *   I1  closed_on is set exactly when state is "closed" or "certified" or stage is "archived".
 *   I2  filed_on is set from zz_case_file on; the cycle clock runs from filed_on to
 * closed_on. I3  at most one open pause per cause. I4  every transition writes one audit entry in
 * the same transaction. I5  a case number is made once, from a pattern, and never reused
 * (case_number_counters).
 *
 * Audit entries of case actions: obj_type "case", obj_id the decimal case id, obj_digest the SM3
 * of the case row after the change (canonical JSON), action "case.<verb>" (case.create,
 * case.assign, case.receive_paper, case.file, case.review, …), detail with the case number, the
 * state before and after, and what the action recorded.
 *
 * Refusals of the lifecycle actions below, in the order they are checked:
 *   ZZ_EPERM    "auth.role"          the actor holds none of the roles the action allows
 *   ZZ_ENOTFOUND "case.not_found"    the case does not exist or is not visible to the actor
 *   ZZ_EPERM    "auth.not_assigned"  the actor is not assigned to the case in the needed role
 *                                    or is an applicant of another organisation
 *   ZZ_EINVAL   "input.*"            malformed arguments (dates, empty texts, amounts)
 *   ZZ_ESTATE   "case.state"         the case is not in a state the action applies to
 *   ZZ_ERULE    "gate.*"             a SPEC gate is not met; the message says what is missing and
 *                                    what to do (every unmet condition of the gate at once)
 * and nothing is written on any refusal.
 */
#ifndef ZIZHI_CASE_H
#define ZIZHI_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/calendar.h"
#include "zizhi/cycle.h"
#include "zizhi/errors.h"
#include "zizhi/role.h"

struct zz_ctx;

typedef struct zz_case {
    int64_t id;
    char number[41];
    int64_t dossier_id;
    int64_t org_id;
    char org_name[201];    /* the organisation's name, read with the case */
    char stage[21]; /* acceptance | initiation | assessment | expert_review | certification |
                       archived */
    char state[25];
    char submitted_on[11]; /* "" when unset, likewise for every date below */
    char paper_received_on[11];
    int paper_matches; /* -1 unknown, 0 no, 1 yes */
    bool package_verified;
    bool exception_accepted;
    char filed_on[11];
    char assessment_on[11];
    char approved_on[11];
    int64_t batch_id;
    char closed_on[11];
    char close_reason[21]; /* certified | not_accepted | failed | withdrawn | "" */
} zz_case;

typedef struct zz_case_filter {
    const char *stage; /* NULL = any */
    const char *state; /* NULL = any */
    int64_t org_id;    /* 0 = any (applicants always see only their own) */
    const char *from;  /* submitted_on >= from, "YYYY-MM-DD" or NULL */
    const char *to;    /* submitted_on <= to */
    int64_t offset;
    int64_t limit; /* <= 0: 50; capped at 500 */
} zz_case_filter;

/*
 * Visibility: applicants see their organisation's cases; manager and supervisor
 * see all; project_lead, assessor, expert see the cases they are assigned to (case_members);
 * cert_officer sees cases in certification. Anything else: ZZ_ENOTFOUND "case.not_found".
 */
int zz_case_get(struct zz_ctx *cx, int64_t id, zz_case *out, zz_err *err);
int zz_case_get_by_number(struct zz_ctx *cx, const char *number, zz_case *out, zz_err *err);
/* OUT: *out (caller frees with free()), *n rows, *total matching rows. A filter on an
 * organisation the actor may not see: ZZ_ENOTFOUND "org.not_found". */
int zz_case_list(struct zz_ctx *cx, const zz_case_filter *f, zz_case **out, size_t *n,
                 int64_t *total, zz_err *err);

/* For src/core only (dossier.c, cert.c, appeal.c): run inside the caller's open transaction. */
int zz_case__create(struct zz_ctx *cx, int64_t dossier_id, int64_t org_id, zz_date submitted_on,
                    int64_t *case_id, zz_err *err);
/* No visibility check. */
int zz_case__load(struct zz_ctx *cx, int64_t id, zz_case *out, zz_err *err);
int zz_case__set_state(struct zz_ctx *cx, int64_t id, const char *stage, const char *state,
                       zz_err *err);
/* Closes the case: closed_on = on, close_reason = reason (stops the cycle clock, I1). */
int zz_case__close(struct zz_ctx *cx, int64_t id, const char *reason, zz_date on, zz_err *err);
/* an upheld appeal reopens the decision at the stage/state it came from. */
int zz_case__reopen(struct zz_ctx *cx, int64_t id, const char *stage, const char *state,
                    zz_err *err);
/* Whether the user is assigned to the case in that role (case_members); role NULL: any role. */
int zz_case__is_member(struct zz_ctx *cx, int64_t case_id, int64_t user_id, const char *role,
                       bool *out, zz_err *err);

/*
 * Who reads what happens inside a case: its team, review opinions, agreement,
 * invoice and payments, cycle pauses, audit plan, activities, ratings, rectifications,
 * conclusion and conformity, OSCAL exports, votes and panel conclusions. Its organisation's
 * applicants and the certification body's case roles (visibility as zz_case_get), not the
 * certificate officer: it is assigned to no case and batches from the case record alone
 * (zz_case_get, zz_case_list), and plans and activities name the applicant's staff. The
 * administrator roles read no case at all. The HTTP route table (CASE_IN_R) mirrors this set.
 */
#define ZZ_CASE_INTERNALS_ROLES (ZZ_ROLES_APPLICANT | (ZZ_ROLES_CASE & ~ZZ_R(ZZ_ROLE_CERT_OFFICER)))
/*
 * The one check of every read of a case's internals (src/core: case.c, assess_case.c,
 * assess_oscal.c, panel.c): ZZ_EPERM "auth.role" when the actor holds none of
 * ZZ_CASE_INTERNALS_ROLES (the system passes), checked before the case is looked up, as the
 * route table does; then the case as zz_case_get (ZZ_ENOTFOUND "case.not_found"). out may be
 * NULL.
 */
int zz_case__require_internals(struct zz_ctx *cx, int64_t case_id, zz_case *out, zz_err *err);

/*
 * Notes on the hooks above:
 *   zz_case__create  reads the dossier's category and level, makes the number (I5; pattern from
 *                    the setting "case.number_pattern", see zz_case_number_format), inserts the
 *                    case at acceptance/submitted and appends its own audit entry "case.create"
 *                    (the caller's action appends its own entry as usual). ZZ_EEXISTS
 *                    "case.exists" when the dossier already has a case; ZZ_ENOTFOUND
 *                    "dossier.not_found"; ZZ_EINVAL "case.org_mismatch".
 *   zz_case__close   reason "certified" sets state "certified" (the stage stays certification);
 *                    any other reason sets state "closed". Open pauses end on `on`.
 *   zz_case__reopen  clears closed_on and close_reason; ZZ_ESTATE "case.state" for an archived
 *                    case (R-7.1: an archive is not changed).
 * None of them checks roles; the hooks other than __create write no audit entry.
 */

/* The Chinese name of a stage / state ("acceptance" → 受理); the code itself when unknown. */
const char *zz_case_stage_name_zh(const char *stage);
const char *zz_case_state_name_zh(const char *state);
/* "已发证", "不予受理", "评审未通过", "已撤回" for a close reason; "" for none. */
const char *zz_case_close_reason_name_zh(const char *reason);

/* ---- case numbers (I5) ------------------------------------------------------------------- */

#define ZZ_CASE_NUMBER_PATTERN_DEFAULT "<CAT><level>-<year>-<seq4>"

/*
 * Expands a case number pattern. Tokens: <CAT> the category code (upper-case initials of the
 * category's words, whole words of up to two letters: "ai-security" → "AIS"; the setting
 * "case.category_code.<category>" overrides it), <cat> the category as it is, <level>, <year>
 * (four digits), <seqN> the sequence zero-padded to N digits (N = 1..9), <seq> unpadded. Other
 * text is copied. Writes at most size bytes (the number fits in 40 characters).
 * ZZ_EINVAL "case.number_pattern" when the pattern has no sequence token, an unknown token, or
 * gives a number longer than 40 characters. cat_code NULL means derived from category.
 */
int zz_case_number_format(char *buf, size_t size, const char *pattern, const char *category,
                          const char *cat_code, int level, int year, int64_t seq, zz_err *err);

/* ---- lifecycle actions (SPEC section 3), each one transaction with its audit entry --------- */

/*
 * manager: assigns a user to the case as project_lead, assessor or expert. The user must
 * be an active certification-body account holding that role ("case.assignee_role"). A new
 * project lead replaces the previous one.: nobody is both expert and project team member
 * (project_lead / assessor) of one case → ZZ_ERULE "gate.panel_independence". ZZ_EEXISTS
 * "case.already_assigned"; ZZ_ENOTFOUND "user.not_found"; ZZ_ESTATE "case.state" once closed.
 */
int zz_case_assign(struct zz_ctx *cx, int64_t case_id, const char *username, zz_role role,
                   zz_err *err);
/* manager: removes an assignment. ZZ_ENOTFOUND "case.not_assigned". */
int zz_case_unassign(struct zz_ctx *cx, int64_t case_id, const char *username, zz_role role,
                     zz_err *err);

/*
 * project_lead (assigned) or manager, R-2.3, R-2.5: the paper copy and media arrived on
 * received_on (not before submission, not after today), matching the electronic submission or
 * not, with the courier note. The dossier's electronic package is verified now
 * (zz_dossier__package_verify) and package_verified records the outcome (a failed verification
 * is not a refusal: filing is refused later with gate.no_electronic_materials; the audit detail
 * names the package.* problem). acceptance/submitted (or received, to record a new receipt after
 * a correction) → acceptance/received.
 */
int zz_case_receive_paper(struct zz_ctx *cx, int64_t case_id, zz_date received_on, bool matches,
                          const char *courier_note, zz_err *err);

/*
 * project_lead (assigned), R-1.2: accepts, with a note, that the applicant is not an independent
 * legal person. Before filing only. ZZ_ESTATE "case.exception_not_needed" for a legal person;
 * ZZ_ERULE "gate.exception_unjustified" when the organisation recorded no justification.
 */
int zz_case_accept_exception(struct zz_ctx *cx, int64_t case_id, const char *note, zz_err *err);

/*
 * project_lead (assigned), R-3.1: files the case (建档立项) when all three hold; filed_on = today
 * and the cycle clock starts. acceptance/received → acceptance/filed. Codes, all unmet
 * ones named in one message (err->code is the first unmet in this order):
 *   gate.not_legal_person        (1) not an independent legal person and no accepted exception
 *   gate.not_stamped_bound       (2) no stamped-form scan, no binding declaration, or the paper
 *                                    copy not received / not matching the electronic submission
 *   gate.no_electronic_materials (3) no electronic package, or it was not verified
 */
int zz_case_file(struct zz_ctx *cx, int64_t case_id, zz_err *err);

typedef enum zz_review_outcome {
    ZZ_REVIEW_ACCEPTED = 1,     /* 受理 */
    ZZ_REVIEW_SUPPLEMENT = 2,   /* 补充资料 */
    ZZ_REVIEW_NOT_ACCEPTED = 3, /* 不予受理 */
} zz_review_outcome;

/* "accepted", "supplement", "not_accepted"; NULL for an unknown value. */
const char *zz_review_outcome_code(zz_review_outcome o);
/* 受理, 补充资料, 不予受理. */
const char *zz_review_outcome_name_zh(zz_review_outcome o);
/* ZZ_EINVAL "input.review_outcome" for anything else. */
int zz_review_outcome_parse(zz_review_outcome *out, const char *s, zz_err *err);

/*
 * project_lead (assigned), R-3.2: records the acceptance review opinion (受理审查意见, required:
 * ZZ_EINVAL "input.opinion"; for not_accepted it gives the reasons) and queues it by email to
 * the organisation's designated address. acceptance/filed →
 *   accepted      initiation/drafting
 *   supplement    acceptance/supplement, pause "supplement" starts today
 *   not_accepted  closed (not_accepted), closed_on today.
 * The system actor cannot review (ZZ_EPERM "auth.person_required"): the opinion names its author.
 */
int zz_case_review(struct zz_ctx *cx, int64_t case_id, zz_review_outcome outcome,
                   const char *opinion, zz_err *err);

/*
 * project_lead (assigned), or applicant_admin of the case's organisation: the supplementary
 * materials arrived. The supplement pause ends today; acceptance/supplement →
 * acceptance/filed (the lead reviews again).
 */
int zz_case_supplement_received(struct zz_ctx *cx, int64_t case_id, zz_err *err);

#define ZZ_CASE_AGREEMENT_TEMPLATE_DEFAULT "委托协议（标准文本）2026版"

/*
 * project_lead (assigned), R-3.3, R-9.1: drafts the entrustment agreement (委托协议) from the
 * template named by the setting "case.agreement_template" (default above) and issues the invoice
 * lines of the fee schedule (CATALOG_DIR/fees.json) for the dossier's (category, level,
 * application type). initiation/drafting → initiation/agreement_drafted. Fee schedule errors
 * ("fee.no_schedule", "fee.schedule_invalid", "fee.schedule_io") refuse the action.
 */
int zz_case_draft_agreement(struct zz_ctx *cx, int64_t case_id, zz_err *err);

/*
 * project_lead (assigned), R-3.3: emails the agreement, its annex templates, the filling
 * instructions and the invoice to the designated address; sent_on = today; pauses "agreement"
 * and "payment" start today. initiation/agreement_drafted → initiation/waiting.
 */
int zz_case_send_agreement(struct zz_ctx *cx, int64_t case_id, zz_err *err);

/*
 * project_lead (assigned), R-3.3: the agreement took effect on on_date (not before it was sent,
 * not after today); the agreement pause ends that day. In initiation/waiting.
 * ZZ_ESTATE "case.agreement_effective" when already recorded.
 */
int zz_case_agreement_effective(struct zz_ctx *cx, int64_t case_id, zz_date on_date, zz_err *err);

/*
 * project_lead (assigned), R-9.2: records a payment (amount > 0, paid_on not before the
 * agreement was sent, not after today). When the payments cover the invoice the payment pause
 * ends on the day they did (zz_fee_paid_on). A payment beyond what is owed is refused:
 * ZZ_ERULE "gate.overpaid" (the message gives the amount outstanding). In initiation/waiting.
 */
int zz_case_record_payment(struct zz_ctx *cx, int64_t case_id, int64_t amount_fen, zz_date paid_on,
                           const char *reference, zz_err *err);

/*
 * project_lead (assigned), R-3.3: the case enters assessment only when the agreement is in
 * effect AND the fee is paid, both recorded with dates. Codes (both named when both unmet):
 * gate.agreement_not_effective, gate.fee_unpaid. initiation/waiting → assessment/planning,
 * assessment_on = today.
 */
int zz_case_start_assessment(struct zz_ctx *cx, int64_t case_id, zz_err *err);

/*
 * applicant_admin of the case's organisation, R-3.8: withdraws the case at any stage before the
 * certificate is approved: closed (withdrawn), closed_on today, open pauses end today, and the
 * dossier is marked withdrawn. Reason required (ZZ_EINVAL "input.reason"). ZZ_ERULE
 * "gate.withdraw_after_approval" once approved or certified; ZZ_ESTATE "case.state" when closed.
 */
int zz_case_withdraw(struct zz_ctx *cx, int64_t case_id, const char *reason, zz_err *err);

/*
 * manager, R-7.1: moves a closed (or certified) case to archived/archived and writes its archive
 * record (table archives) with keep_until = zz_archive_kept_until(closed_on), in one
 * transaction. ZZ_ESTATE "case.state" for a case still running or already archived.
 */
int zz_case_archive(struct zz_ctx *cx, int64_t case_id, zz_err *err);

/* ---- reading a case's records: zz_case__require_internals, then visibility as zz_case_get -- */

typedef struct zz_case_cycle {
    bool started;     /* false before filing: the clock has not started, clock zeroed */
    zz_cycle clock;   /* through zz_cycle_compute: used/left, deadline, 80 %/100 % flags */
    zz_pause *pauses; /* every recorded pause, oldest first, with its cause */
    size_t n_pauses;
} zz_case_cycle_info;

/* the case's clock from filed_on, closed_on and case_pauses, span from the setting
 * "case.cycle_months" (default 6). OUT: *out; free with zz_case_cycle_free. */
int zz_case_cycle(struct zz_ctx *cx, int64_t case_id, zz_case_cycle_info *out, zz_err *err);
void zz_case_cycle_free(zz_case_cycle_info *c);

typedef struct zz_case_member {
    int64_t user_id;
    char username[101];
    char display_name[101];
    char role[21]; /* project_lead | assessor | expert */
    char assigned_on[11];
} zz_case_member;

/* OUT: *out (caller frees with free()), *n; ordered by role then username. */
int zz_case_members(struct zz_ctx *cx, int64_t case_id, zz_case_member **out, size_t *n,
                    zz_err *err);

typedef struct zz_case_opinion {
    int64_t id;
    char outcome[21];
    char *opinion; /* owned by the array */
    char decided_on[11];
    char decided_by[101]; /* username */
} zz_case_opinion;

/* review opinions, oldest first. OUT: free with zz_case_opinions_free. */
int zz_case_opinions(struct zz_ctx *cx, int64_t case_id, zz_case_opinion **out, size_t *n,
                     zz_err *err);
void zz_case_opinions_free(zz_case_opinion *v, size_t n);

typedef struct zz_case_invoice_line {
    char code[51];
    char name[101];
    int64_t amount_fen;
    char issued_on[11];
} zz_case_invoice_line;

typedef struct zz_case_payment {
    int64_t id;
    char paid_on[11];
    int64_t amount_fen;
    char reference[101];
} zz_case_payment;

/* the agreement, the invoice and the payments of a case. */
typedef struct zz_case_initiation {
    bool has_agreement;
    char template_name[101];
    char drafted_on[11];
    char sent_on[11];
    char effective_on[11];
    zz_case_invoice_line *lines;
    size_t n_lines;
    zz_case_payment *payments;
    size_t n_payments;
    int64_t invoice_total_fen;
    int64_t paid_fen;
    int64_t outstanding_fen; /* > 0 still owed */
    bool paid;               /* an invoice exists and the payments cover it */
    char paid_on[11];        /* the day the payments covered it, "" when not paid */
} zz_case_initiation;

/* OUT: *out; free with zz_case_initiation_free. */
int zz_case_initiation_get(struct zz_ctx *cx, int64_t case_id, zz_case_initiation *out,
                           zz_err *err);
void zz_case_initiation_free(zz_case_initiation *x);

#endif
