/*
 * panel_store.h — the storage half of expert review (src/store/panel_store.c), used by
 * src/core/panel.c and src/core/assess.c only: SQL of panel_votes, panel_conclusions, the case
 * team and panel (case_members and the people who did the team's work), settings, and the
 * approval columns of cases. The rules live in src/core/panel.c. No sqlite3 type appears here.
 */
#ifndef ZIZHI_PANEL_STORE_H
#define ZIZHI_PANEL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/panel.h"
#include "zizhi/store.h"

/* panel.h P2: 1 + the number of conclusions of the case (a return, or a fail reopened by an
 * upheld appeal, R-6.1, both start a new round). */
int zz_panel_store_round(zz_store *st, int64_t case_id, int *round, zz_err *err);

/* User ids assigned to the case in role (case_members), ascending. OUT: *ids (free()), *n. */
int zz_panel_store_members(zz_store *st, int64_t case_id, const char *role, int64_t **ids,
                           size_t *n, zz_err *err);
/*
 * User ids that are or were on the project team: case_members project_lead / assessor, and whoever
 * recorded the audit plan, an activity, a rating, a rectification or the team conclusion.
 * Ascending, distinct. OUT: *ids (free()), *n.
 */
int zz_panel_store_team(zz_store *st, int64_t case_id, int64_t **ids, size_t *n, zz_err *err);

int zz_panel_store_has_voted(zz_store *st, int64_t case_id, int round, int64_t user_id, bool *out,
                             zz_err *err);
int zz_panel_store_vote_insert(zz_store *st, int64_t case_id, int round, int64_t user_id,
                               zz_vote vote, const char *opinion, const char *on, zz_err *err);
/* The votes of one round cast by experts still on the panel. OUT: *votes (free()), *n. */
int zz_panel_store_round_votes(zz_store *st, int64_t case_id, int round, zz_vote **votes, size_t *n,
                               zz_err *err);
/* Every vote of the case by round then username. OUT: *out (zz_panel_votes_free), *n. */
int zz_panel_store_votes(zz_store *st, int64_t case_id, zz_panel_vote **out, size_t *n,
                         zz_err *err);

int zz_panel_store_conclusion_insert(zz_store *st, int64_t case_id, int round, zz_vote result,
                                     const char *on, zz_err *err);
/* OUT: *out (free()), *n, by round. */
int zz_panel_store_results(zz_store *st, int64_t case_id, zz_panel_result **out, size_t *n,
                           zz_err *err);

/* A settings value. OUT: *value (free(); NULL when absent). */
int zz_panel_store_setting(zz_store *st, const char *key, char **value, zz_err *err);

/* records the approval date and approver (by 0 = the system: NULL). */
int zz_panel_store_approve(zz_store *st, int64_t case_id, const char *on, int64_t by, zz_err *err);

#endif
