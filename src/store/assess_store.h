/*
 * assess_store.h — the storage half of assessment (src/store/assess_store.c), used by
 * src/core/assess.c and src/core/panel.c only: SQL of audit_plans, activities, activity_items,
 * ratings, rectifications, the rectification pause (case_pauses) and conclusions. The rules live
 * in src/core/assess.c. Dates are "YYYY-MM-DD" text; no sqlite3 type appears here.
 * Every function runs on the caller's connection (inside its transaction for writes).
 */
#ifndef ZIZHI_ASSESS_STORE_H
#define ZIZHI_ASSESS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/assess.h"
#include "zizhi/store.h"

/* The catalogue a case's dossier is bound to. ZZ_ENOTFOUND "case.not_found". */
int zz_assess_store_case_catalog(zz_store *st, int64_t case_id, char id[51], char version[51],
                                 zz_err *err);

/* Inserts or replaces the audit plan. */
int zz_assess_store_plan_put(zz_store *st, int64_t case_id, const char *content,
                             const char *agreed_on, int64_t by, zz_err *err);
/* OUT: *out (out->content malloc'd; exists false and content NULL when there is none). */
int zz_assess_store_plan_get(zz_store *st, int64_t case_id, zz_audit_plan *out, zz_err *err);

/* Inserts an activity and its items (ids must be distinct). OUT: *id. */
int zz_assess_store_activity_insert(zz_store *st, int64_t case_id, const char *method,
                                    const char *held_on, const char *participants,
                                    const char *evidence, const char *findings, int64_t by,
                                    const char *const *items, size_t n_items, int64_t *id,
                                    zz_err *err);
/* OUT: *out (zz_activities_free), by held_on then id, items sorted. */
int zz_assess_store_activities(zz_store *st, int64_t case_id, zz_activity **out, size_t *n,
                               zz_err *err);

/* Inserts or replaces a rating and clears its rerate mark. */
int zz_assess_store_rating_put(zz_store *st, int64_t case_id, const char *item_id, zz_rating rating,
                               const char *justification, int64_t by, const char *on, zz_err *err);
/* OUT: *out (zz_rating_recs_free), in item id order. */
int zz_assess_store_ratings(zz_store *st, int64_t case_id, zz_rating_rec **out, size_t *n,
                            zz_err *err);
/* Marks the item's rating (if any) for re-rating. */
int zz_assess_store_rating_mark_rerate(zz_store *st, int64_t case_id, const char *item_id,
                                       zz_err *err);

int zz_assess_store_rect_insert(zz_store *st, int64_t case_id, const char *item_id,
                                const char *request, const char *requested_on, const char *deadline,
                                int64_t by, int64_t *id, zz_err *err);
/* One rectification of the case; ZZ_ENOTFOUND "rectification.not_found". out->request malloc'd. */
int zz_assess_store_rect_get(zz_store *st, int64_t case_id, int64_t rect_id, zz_rectification *out,
                             zz_err *err);
int zz_assess_store_rect_resolve(zz_store *st, int64_t rect_id, const char *on, int64_t by,
                                 zz_err *err);
int zz_assess_store_rect_open_count(zz_store *st, int64_t case_id, int64_t *n, zz_err *err);
/* OUT: *out (zz_rectifications_free), by id. */
int zz_assess_store_rects(zz_store *st, int64_t case_id, zz_rectification **out, size_t *n,
                          zz_err *err);

/* Opens a pause of this cause from `on` unless one is open (*opened tells which). */
int zz_assess_store_pause_open(zz_store *st, int64_t case_id, const char *cause, const char *on,
                               bool *opened, zz_err *err);
/* Ends the open pause of this cause, if any, on `on`. */
int zz_assess_store_pause_end(zz_store *st, int64_t case_id, const char *cause, const char *on,
                              zz_err *err);

/* Inserts or replaces the team conclusion. */
int zz_assess_store_conclusion_put(zz_store *st, int64_t case_id, zz_verdict recommendation,
                                   zz_verdict conclusion, const char *reason,
                                   const char *conformity_json, const char *decided_on, int64_t by,
                                   int round, zz_err *err);
/* OUT: *out (zz_conclusion_clear); exists false when there is none. */
int zz_assess_store_conclusion_get(zz_store *st, int64_t case_id, zz_conclusion *out, zz_err *err);

#endif
