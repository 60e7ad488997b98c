/*
 * assess.h — the assessment stage of a case (评估, SPEC rectification pause) and the
 * level-1 decision rule: ratings, the recommendation, the degree of conformity (符合程度),
 * the audit plan, assessment activities, rectification requests and the team conclusion.
 *
 * Two layers:
 *   - pure functions over a loaded catalogue and a list of ratings (no database, no clock):
 *     rating values, zz_assess_recommend, zz_assess_conformity and their JSON;
 *   - actions on a case (ctx.h shape: role → zz_action_begin → gates → writes → commit); a
 *     refused action writes nothing. A case is always assessed against the catalogue version its
 *     dossier was bound to (R-1.8: dossiers.catalog_id / catalog_version).
 *
 * What is rated (decided here, the one place):
 *   requirement   an eligibility (3.1) or capability (3.2.x) requirement: conforms 符合,
 *                 partial 部分符合, not_conforms 不符合, not_applicable 不适用;
 *   practice      a base practice of a process area (3.3.x, 3.4): performed 已实施,
 *                 partial 部分实施, not_performed 未实施, not_applicable 不适用;
 *   process area  never rated directly: it is judged through its base practices.
 *   not_applicable always needs a written justification ("input.justification").
 *
 * The decision rule (R-1.5, level 1) — zz_assess_recommend:
 *   The items that count are the REQUIRED ones: every requirement of kind eligibility/capability
 *   with required = true, and every base practice of every process area with required = true.
 *   Items with required = false may be rated; they are shown for reference and never count.
 *   Level 1 is met iff every counting item is rated and
 *     - a requirement is conforms, or not_applicable with a justification;
 *     - a base practice is performed, or not_applicable with a justification.
 *   not_applicable with a justification does NOT block: SSE-CMM lets an appraisal exclude a base
 *   practice that cannot apply to the organisation's service, and the justification is the record
 *   the expert panel judges. Without a justification it blocks. An item rectified since its
 *   rating (R-3.4, "rerate") counts as unrated until it is rated again.
 *   The result lists every blocking item and every unrated item, in guide order, as reasons.
 *
 * Degree of conformity — zz_assess_conformity:
 *   for the counting items, per group (every group of the catalogue that holds counting items or
 *   whose descendants do: 3.1, 3.2, 3.2.1 … 3.2.6, 3.3, 3.3.1 … 3.3.4, 3.4) and overall, two
 *   shares in integer basis points (10000 = 100 %, rounded down, no floating point):
 *     items      conforming requirements / (requirements - justified not_applicable)
 *     practices  performed base practices / (base practices - justified not_applicable)
 *   Unrated items stay in the denominator (they are not yet conforming). A share whose
 *   denominator is 0 is ZZ_BP_NONE (JSON null). The non-conformities are the rated counting items
 *   that are neither positive nor justified not_applicable.
 *
 * State of a case in assessment (case.h owns the diagram; this module performs):
 *   assessment/planning    ──zz_case_plan──► assessment/in_progress
 *   assessment/in_progress: zz_case_record_activity, zz_case_rate,
 *                           zz_case_request_rectification (opens the pause "rectification" if
 *                           none is open), zz_case_rectification_done (the pause ends when no
 *                           rectification remains open; the item is marked "rerate")
 *   assessment/in_progress ──zz_case_conclude──► expert_review/panel
 *
 * Invariants:
 *   A1  a stored rating always fits its item (zz_assess_check_rating) and a stored
 *       not_applicable always has a justification.
 *   A2  a case has at most one open pause "rectification", and it is open exactly while one of
 *       its rectifications is open (resolved_on NULL).
 *   A3  a case leaves assessment only with every counting item rated (none "rerate"), no open
 *       rectification, and a stored conclusion holding the recommendation computed at that moment;
 *       a conclusion that differs from the recommendation has a reason.
 *   A4  pure functions read only their arguments; the same input gives the same output.
 */
#ifndef ZIZHI_ASSESS_H
#define ZIZHI_ASSESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/calendar.h"
#include "zizhi/catalog.h"
#include "zizhi/errors.h"

struct zz_ctx;

/* Rating values. The codes are what the store and the API carry. */
typedef enum zz_rating {
    ZZ_RATING_NONE = 0,           /* unrated */
    ZZ_RATING_PERFORMED = 1,      /* performed      已实施   (practice) */
    ZZ_RATING_PARTIAL = 2,        /* partial        部分实施 / 部分符合 */
    ZZ_RATING_NOT_PERFORMED = 3,  /* not_performed  未实施   (practice) */
    ZZ_RATING_CONFORMS = 4,       /* conforms       符合     (requirement) */
    ZZ_RATING_NOT_CONFORMS = 5,   /* not_conforms   不符合   (requirement) */
    ZZ_RATING_NOT_APPLICABLE = 6, /* not_applicable 不适用   (both; justification required) */
} zz_rating;

/* What a catalogue id names, for rating purposes. */
typedef enum zz_item_type {
    ZZ_ITEM_UNKNOWN = 0,      /* not in the catalogue */
    ZZ_ITEM_REQUIREMENT = 1,  /* eligibility or capability requirement */
    ZZ_ITEM_PRACTICE = 2,     /* base practice */
    ZZ_ITEM_PROCESS_AREA = 3, /* process area: judged through its base practices */
} zz_item_type;

/* "performed" …; NULL for ZZ_RATING_NONE or an unknown value. */
const char *zz_rating_code(zz_rating r);
/* 已实施, 部分实施 (practice) / 部分符合 (requirement), …; NULL when unknown. */
const char *zz_rating_name_zh(zz_rating r, zz_item_type t);
/* Parses a code; ZZ_EINVAL "input.rating" otherwise. */
int zz_rating_parse(zz_rating *out, const char *s, zz_err *err);
/* "requirement", "practice", "process_area"; NULL for ZZ_ITEM_UNKNOWN. */
const char *zz_item_type_code(zz_item_type t);

/* What item_id names in cat; *req / *bp (either may be NULL) receive borrowed pointers. */
zz_item_type zz_assess_item(const zz_catalog *cat, const char *item_id, const zz_cat_req **req,
                            const zz_cat_bp **bp);
/* Whether rating r is a value for an item of type t (never for a process area). */
bool zz_rating_fits(zz_item_type t, zz_rating r);
/* Whether the item counts for: a required requirement or a base practice of a required
 * process area. */
bool zz_assess_item_counts(const zz_catalog *cat, const char *item_id);

/*
 * Checks one rating against the catalogue (A1). Codes: "input.item" (not in the catalogue),
 * "input.rating" (ZZ_RATING_NONE, a value of the other scale, or a process area),
 * "input.justification" (not_applicable without one; blank text counts as none).
 */
int zz_assess_check_rating(const zz_catalog *cat, const char *item_id, zz_rating r,
                           const char *justification, zz_err *err);

/* One rating. Pure functions read item_id, rating, justification and rerate only. */
typedef struct zz_rating_rec {
    const char *item_id;
    zz_rating rating;
    const char *justification; /* NULL or "" when none */
    bool rerate;               /* rectified since rated: must be rated again */
    int64_t rated_by;          /* user id; 0 in pure input */
    char rated_by_name[101];   /* username of rated_by */
    char rated_on[ZZ_DATE_STRLEN];
} zz_rating_rec;

/* Frees an array returned by a read (item_id and justification are owned by it). */
void zz_rating_recs_free(zz_rating_rec *recs, size_t n);

/* Why an item keeps a case from level 1, or is listed as a non-conformity. */
typedef enum zz_assess_issue {
    ZZ_ISSUE_UNRATED = 1,          /* no rating */
    ZZ_ISSUE_RERATE = 2,           /* rectified since rated: awaits its new rating */
    ZZ_ISSUE_NOT_MET = 3,          /* rated partial, not_performed or not_conforms */
    ZZ_ISSUE_NO_JUSTIFICATION = 4, /* not_applicable without a justification */
} zz_assess_issue;

/* "unrated", "rerate", "not_met", "no_justification". */
const char *zz_assess_issue_code(zz_assess_issue i);

typedef struct zz_assess_reason {
    const char *item_id;  /* borrowed from the catalogue */
    zz_item_type type;    /* requirement or practice */
    const char *group_id; /* the group holding the requirement or the practice's process area */
    zz_rating rating;     /* ZZ_RATING_NONE when unrated */
    zz_assess_issue issue;
} zz_assess_reason;

typedef struct zz_recommendation {
    bool met;                  /* level 1 met */
    size_t n_items;            /* counting items: requirements + practices */
    size_t n_rated;            /* of which rated (rerate not included) */
    size_t n_unrated;          /* unrated + rerate */
    size_t n_blocking;         /* rated items that block (not_met, no_justification) */
    zz_assess_reason *reasons; /* every blocking and unrated item, guide order; owned */
    size_t n_reasons;
} zz_recommendation;

/*
 * the recommendation from the ratings (ratings of ids not in the catalogue, and of items
 * that do not count, are ignored; for an id rated twice the first rating is used). OUT: *out,
 * which the caller frees with zz_recommendation_free. Fails only for lack of memory.
 */
int zz_assess_recommend(const zz_catalog *cat, const zz_rating_rec *ratings, size_t n,
                        zz_recommendation *out, zz_err *err);
void zz_recommendation_free(zz_recommendation *r);

/* One line saying why a reason blocks, in Chinese and English (truncated to fit). */
void zz_assess_reason_text(const zz_assess_reason *r, char *zh, size_t zh_cap, char *en,
                           size_t en_cap);

#define ZZ_BP_NONE (-1) /* a share with nothing to measure (JSON null) */

typedef struct zz_conf_count {
    int64_t total;          /* counting items in scope */
    int64_t rated;          /* with a current rating (rerate not included) */
    int64_t not_applicable; /* justified not_applicable */
    int64_t positive;       /* conforms (requirements) / performed (practices) */
    int64_t bp;             /* positive * 10000 / (total - not_applicable), or ZZ_BP_NONE */
} zz_conf_count;

typedef struct zz_conf_group {
    const char *id;    /* borrowed from the catalogue */
    const char *title; /* borrowed */
    int depth;         /* 0 for a top-level group */
    zz_conf_count items;
    zz_conf_count practices;
} zz_conf_group;

typedef struct zz_conformity {
    zz_conf_count items;     /* overall, requirements */
    zz_conf_count practices; /* overall, base practices */
    zz_conf_group *groups;   /* guide order (pre-order over the group tree); owned */
    size_t n_groups;
    zz_assess_reason *nonconformities; /* guide order; owned */
    size_t n_nonconformities;
    size_t n_unrated; /* counting items unrated or rerate */
} zz_conformity;

/* the degree of conformity. OUT: *out, freed with zz_conformity_free. */
int zz_assess_conformity(const zz_catalog *cat, const zz_rating_rec *ratings, size_t n,
                         zz_conformity *out, zz_err *err);
void zz_conformity_free(zz_conformity *c);

/*
 * JSON text (compact, keys in a fixed order, raw UTF-8). *out is malloc'd; caller frees.
 * Recommendation: {"rule":"R-1.5","recommendation":"met"|"not_met","items":N,"rated":N,
 *   "unrated":N,"blocking":N,"reasons":[{"item","type","group","rating"|null,"issue",
 *   "message_zh","message"}]}
 * Conformity: {"overall":{"items":C,"practices":C},"groups":[{"id","title","depth",
 *   "items":C,"practices":C}],"unrated":N,"nonconformities":[reason…]} where C is
 *   {"total","rated","not_applicable","conforming"|"performed","bp"} and bp may be null.
 */
int zz_recommendation_json(const zz_recommendation *r, char **out, zz_err *err);
int zz_conformity_json(const zz_conformity *c, char **out, zz_err *err);

/* ---- actions (each one transaction with its audit entry; refused → nothing written) ---------- */

/*
 * 审核计划: the assigned project lead records the audit plan agreed with the applicant on
 * agreed_on (not in the future, not before the case entered assessment); the case moves
 * assessment/planning → assessment/in_progress. Codes: auth.role, auth.not_assigned, case.state,
 * input.content, input.date.
 */
int zz_case_plan(struct zz_ctx *cx, int64_t case_id, const char *content, zz_date agreed_on,
                 zz_err *err);

/*
 * An assessment activity by an assigned assessor or the project lead, in
 * assessment/in_progress: method is one of the catalogue's methods ("input.method"), every item
 * id is a requirement, process area or base practice of the case's catalogue and there is at
 * least one ("input.item"), held_on is not in the future nor before the case entered assessment
 * ("input.date"), participants and findings are not blank ("input.participants",
 * "input.findings"); evidence may be NULL. OUT: *activity_id (may be NULL).
 */
int zz_case_record_activity(struct zz_ctx *cx, int64_t case_id, const char *method, zz_date held_on,
                            const char *participants, const char *const *item_ids, size_t n_items,
                            const char *evidence, const char *findings, int64_t *activity_id,
                            zz_err *err);

/*
 * Rates one requirement or base practice, by an assigned assessor or the project lead,
 * only in assessment/in_progress. A new rating replaces the previous one and clears "rerate".
 * Codes: auth.role, auth.not_assigned, case.state, input.item, input.rating, input.justification.
 */
int zz_case_rate(struct zz_ctx *cx, int64_t case_id, const char *item_id, zz_rating rating,
                 const char *justification, zz_err *err);

/*
 * 整改 (R-3.4 default, R-3.7): the project lead gives an item to the applicant for rectification
 * with a deadline (today or later), in assessment/in_progress; opens the pause "rectification"
 * from today when none is open (A2). OUT: *rect_id (may be NULL).
 * Codes: input.item, input.request, input.deadline.
 */
int zz_case_request_rectification(struct zz_ctx *cx, int64_t case_id, const char *item_id,
                                  const char *request, zz_date deadline, int64_t *rect_id,
                                  zz_err *err);

/*
 * The rectification evidence arrived on `on` (not in the future, not before the request): the
 * project lead closes rectification rect_id; when no rectification of the case remains open the
 * pause ends on `on` (A2); the item's rating, if any, is marked "rerate". Codes:
 * rectification.not_found, rectification.resolved (already closed), input.date.
 */
int zz_case_rectification_done(struct zz_ctx *cx, int64_t case_id, int64_t rect_id, zz_date on,
                               zz_err *err);

typedef enum zz_verdict {
    ZZ_VERDICT_NOT_MET = 0, /* not_met 未达到一级要求 */
    ZZ_VERDICT_MET = 1,     /* met     达到一级要求 */
} zz_verdict;

/* "met", "not_met"; parse: ZZ_EINVAL "input.conclusion". */
const char *zz_verdict_code(zz_verdict v);
int zz_verdict_parse(zz_verdict *out, const char *s, zz_err *err);

/*
 * 项目审核结论: the project lead concludes, in assessment/in_progress. Gates, in order:
 * "gate.unrated" (counting items unrated or rerate: how many and the first five ids),
 * "gate.rectification_open", "gate.reason_required" (the conclusion differs from the computed
 * recommendation and reason is blank). Stores the conclusion with the recommendation and the
 * conformity computed now (conclusions.conformity holds {"recommendation":…,"conformity":…});
 * a later conclusion (after a panel return) replaces it, the audit log keeps each one.
 * The case moves to expert_review/panel.
 */
int zz_case_conclude(struct zz_ctx *cx, int64_t case_id, zz_verdict conclusion, const char *reason,
                     zz_err *err);

/* ---- reads (the case must be visible to the actor: zz_case_get, R-0.1/R-0.2) ------------------
 */

/* Ratings of a case, in item id order. OUT: *out (zz_rating_recs_free), *n. */
int zz_case_ratings(struct zz_ctx *cx, int64_t case_id, zz_rating_rec **out, size_t *n,
                    zz_err *err);

typedef struct zz_activity {
    int64_t id;
    char method[31];
    char held_on[ZZ_DATE_STRLEN];
    char *participants;
    char *evidence; /* "" when none */
    char *findings;
    int64_t recorded_by;
    char recorded_by_name[101];
    char **items; /* item ids, sorted */
    size_t n_items;
} zz_activity;

/* Activities of a case, by date then id. OUT: *out (zz_activities_free), *n. */
int zz_case_activities(struct zz_ctx *cx, int64_t case_id, zz_activity **out, size_t *n,
                       zz_err *err);
void zz_activities_free(zz_activity *a, size_t n);

typedef struct zz_audit_plan {
    bool exists;
    char *content; /* NULL when !exists */
    char agreed_on[ZZ_DATE_STRLEN];
} zz_audit_plan;

/* The audit plan. OUT: *out (free out->content with free()); out->exists false when none. */
int zz_case_audit_plan(struct zz_ctx *cx, int64_t case_id, zz_audit_plan *out, zz_err *err);

typedef struct zz_rectification {
    int64_t id;
    char item_id[51];
    char *request;
    char requested_on[ZZ_DATE_STRLEN];
    char deadline[ZZ_DATE_STRLEN];
    char resolved_on[ZZ_DATE_STRLEN]; /* "" while open */
} zz_rectification;

/* Rectifications of a case, by id. OUT: *out (zz_rectifications_free), *n. */
int zz_case_rectifications(struct zz_ctx *cx, int64_t case_id, zz_rectification **out, size_t *n,
                           zz_err *err);
void zz_rectifications_free(zz_rectification *r, size_t n);

/*
 * The current assessment of a case computed from its stored ratings against its catalogue: the
 * recommendation and the conformity (either pointer may be NULL). The caller frees them with
 * zz_recommendation_free / zz_conformity_free.
 */
int zz_case_assessment(struct zz_ctx *cx, int64_t case_id, zz_recommendation *rec,
                       zz_conformity *conf, zz_err *err);

typedef struct zz_conclusion {
    bool exists;
    zz_verdict recommendation;
    zz_verdict conclusion;
    char *reason;     /* NULL when none */
    char *conformity; /* JSON text {"recommendation":…,"conformity":…} */
    char decided_on[ZZ_DATE_STRLEN];
    int64_t decided_by;
    char decided_by_name[101];
    int round; /* the panel round it was made for */
} zz_conclusion;

/* The stored team conclusion. OUT: *out (zz_conclusion_clear frees its strings). */
int zz_case_conclusion(struct zz_ctx *cx, int64_t case_id, zz_conclusion *out, zz_err *err);
void zz_conclusion_clear(zz_conclusion *c);

/*
 * OSCAL 1.1.3. `assessment-plan`: the audit plan, the activities typed by method
 * (document_review → EXAMINE, interview → INTERVIEW, demonstration → TEST) and the reviewed
 * controls of the case's catalogue. `assessment-results`: one result holding an observation per
 * activity and a finding per rated item (satisfied when conforms / performed / justified
 * not_applicable), the recommendation and conformity as props, and the team conclusion.
 * uuids are derived from the case number and the object (deterministic); timestamps are the
 * business dates at 00:00:00+08:00. *out is malloc'd JSON text; the caller frees it.
 */
int zz_assess_export_oscal_plan(struct zz_ctx *cx, int64_t case_id, char **out, zz_err *err);
int zz_assess_export_oscal_results(struct zz_ctx *cx, int64_t case_id, char **out, zz_err *err);

#endif
