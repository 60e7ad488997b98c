/*
 * appeal.h — written appeals (书面申诉, R-6.1) and the applicant's complaint records (投诉记录,
 *
 *
 * Appeals. The applicant_admin of an organisation appeals in writing against a decision about it:
 *
 *   subject      the decision                          reopened, when upheld, at
 *   review       not accepted (不予受理, R-3.2)         acceptance/filed (the lead reviews again)
 *   panel        expert review failed           expert_review/panel (a new panel round)
 *   sanction     a sanction                       the sanction is annulled (sanction.h)
 *
 * The subject follows from the target (a case closed not_accepted → review, closed failed →
 * panel; a sanction → sanction); a subject given by the caller must match it. The stage and
 * state the decision came from are recorded at filing (from_stage, from_state = the state the
 * case reopens to). At most one open appeal per decision. The supervision department
 * (supervisor) investigates and decides: upheld (the decision is reopened, zz_case__reopen /
 * zz_sanction__annul, in the same transaction) or dismissed; the investigation conclusion is
 * recorded either way.
 *
 *   open ──zz_appeal_decide(upheld)──► upheld     (decision reopened)
 *   open ──zz_appeal_decide(dismissed)──► dismissed
 *
 * Complaints are records the applicant keeps of complaints arising from its own conduct,
 * with the measures taken against recurrence: its applicant_admin records and updates them; its
 * applicant roles and the supervision department read them (the supervisor inspects them).
 *
 * Who reads appeals: the applicant roles of the organisation, supervisor and manager. An applicant
 * asking for another organisation's record gets ZZ_ENOTFOUND ("appeal.not_found",
 * "complaint.not_found"); other roles ZZ_EPERM "auth.role".
 *
 * Invariants:
 *   A1  an appeal names exactly one target: a case or a sanction of its organisation.
 *   A2  a decided appeal is never decided again.
 *   A3  every action writes its audit entry in the same transaction; a refusal writes
 *       nothing.
 */
#ifndef ZIZHI_APPEAL_H
#define ZIZHI_APPEAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/calendar.h"
#include "zizhi/errors.h"

struct zz_ctx;

#define ZZ_APPEAL_GROUNDS_MAX 20000 /* bytes of grounds or investigation text */

typedef enum zz_appeal_outcome {
    ZZ_APPEAL_UPHELD = 1,    /* 申诉成立: the decision is reopened */
    ZZ_APPEAL_DISMISSED = 2, /* 申诉驳回 */
} zz_appeal_outcome;

/* "upheld", "dismissed"; parse: ZZ_EINVAL "input.appeal_outcome". */
const char *zz_appeal_outcome_code(zz_appeal_outcome o);
int zz_appeal_outcome_parse(zz_appeal_outcome *out, const char *s, zz_err *err);

typedef struct zz_appeal {
    int64_t id;
    int64_t org_id;
    int64_t case_id; /* 0 when the target is a sanction */
    char case_number[41];
    int64_t sanction_id; /* 0 when the target is a case */
    char subject[31];    /* review | panel | sanction */
    char from_stage[21]; /* the stage the decision came from ("" for a sanction) */
    char from_state[21]; /* the state the case reopens to ("" for a sanction) */
    char *grounds;       /* owned */
    char filed_on[11];
    int64_t filed_by;
    char filed_by_name[101];
    char status[13];     /* open | upheld | dismissed */
    char *investigation; /* owned; NULL while open */
    char decided_on[11];
    int64_t decided_by;
    char decided_by_name[101];
} zz_appeal;

void zz_appeal_clear(zz_appeal *a);
void zz_appeal_list_free(zz_appeal *v, size_t n);

/*
 * applicant_admin of the organisation: files a written appeal against the decision on
 * case_id or on sanction_id (exactly one of them non-zero: ZZ_EINVAL "input.appeal_target"),
 * subject NULL (derived) or the subject the target allows, grounds not blank. Codes, in order:
 * auth.role, input.appeal_target, case.not_found / sanction.not_found (also another
 * organisation's), input.grounds, appeal.not_appealable (ZZ_ESTATE: the case is not closed by a
 * not-accepted or failed decision, or is archived; the sanction was annulled), appeal.subject,
 * appeal.open (ZZ_EEXISTS: an appeal against that decision is still open). OUT: *id (may be NULL).
 */
int zz_appeal_file(struct zz_ctx *cx, int64_t case_id, int64_t sanction_id, const char *subject,
                   const char *grounds, int64_t *id, zz_err *err);

/*
 * supervisor: records the investigation conclusion (not blank: "input.investigation")
 * and the outcome; upheld reopens the decision (see above) in the same transaction. Codes:
 * auth.role, appeal.not_found, appeal.decided (ZZ_ESTATE), input.investigation, and the codes of
 * the reopening (case.state when the case can no longer be reopened, e.g. archived).
 */
int zz_appeal_decide(struct zz_ctx *cx, int64_t id, zz_appeal_outcome outcome,
                     const char *investigation, zz_err *err);

/* One appeal (visibility above). OUT: *out (zz_appeal_clear). */
int zz_appeal_get(struct zz_ctx *cx, int64_t id, zz_appeal *out, zz_err *err);
/* Appeals newest first, of org_id (0 = all visible; applicants only their own) and with status
 * (NULL = any). OUT: *out (zz_appeal_list_free), *n. */
int zz_appeal_list(struct zz_ctx *cx, int64_t org_id, const char *status, zz_appeal **out,
                   size_t *n, zz_err *err);

/* ---- complaint records (R-6.2) -----------------------------------------------------------------
 */

typedef struct zz_complaint_in {
    zz_date received_on;     /* required, not after today */
    const char *complainant; /* optional */
    const char *summary;     /* required */
    const char *measures;    /* measures against recurrence, optional */
    zz_date closed_on;       /* optional ({0,0,0}): not before received_on, not after today */
} zz_complaint_in;

typedef struct zz_complaint {
    int64_t id;
    int64_t org_id;
    char received_on[11];
    char *complainant; /* owned, "" when none */
    char *summary;     /* owned */
    char *measures;    /* owned, "" when none */
    char closed_on[11];
    int64_t recorded_by;
    char updated_on[11];
} zz_complaint;

void zz_complaint_clear(zz_complaint *c);
void zz_complaint_list_free(zz_complaint *v, size_t n);

/*
 * applicant_admin of org_id (0: the actor's own organisation): records a complaint. Codes:
 * auth.role, org.not_found (another organisation), input.summary, input.date. OUT: *id.
 */
int zz_complaint_record(struct zz_ctx *cx, int64_t org_id, const zz_complaint_in *in, int64_t *id,
                        zz_err *err);
/* applicant_admin of its organisation: replaces the record's fields with in. complaint.not_found.
 */
int zz_complaint_update(struct zz_ctx *cx, int64_t id, const zz_complaint_in *in, zz_err *err);
/* Applicant roles of the organisation, supervisor. OUT: *out (zz_complaint_clear). */
int zz_complaint_get(struct zz_ctx *cx, int64_t id, zz_complaint *out, zz_err *err);
/* Newest first, of org_id (0 = all visible). OUT: *out (zz_complaint_list_free), *n. */
int zz_complaint_list(struct zz_ctx *cx, int64_t org_id, zz_complaint **out, size_t *n,
                      zz_err *err);

#endif
