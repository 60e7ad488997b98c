/*
 * assess_int.h — helpers shared by src/core/assess.c, panel.c and assess_oscal.c: the gates every
 * assessment and review action opens with (case state, assignment) and its audited commit. Not part
 * of the public API; front doors never include it.
 */
#ifndef ZIZHI_ASSESS_INT_H
#define ZIZHI_ASSESS_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "zizhi/assess.h"
#include "zizhi/case.h"
#include "zizhi/ctx.h"

/*
 * Loads the case (no visibility check; inside the action's transaction) and requires it to be in
 * stage/state (state NULL: any state of the stage). ZZ_ENOTFOUND "case.not_found",
 * ZZ_ESTATE "case.state" naming where the case is and where it must be.
 */
int zz_assess__case_in(zz_ctx *cx, int64_t case_id, const char *stage, const char *state,
                       zz_case *out, zz_err *err);

/*
 * the actor holds one of roles (NULL-terminated case role names: "project_lead",
 * "assessor", "expert") AND is assigned to the case in it (case_members). The system actor passes
 * only when system_ok: actions that record the person who judged (activity, rating, conclusion,
 * vote) need a real user. ZZ_EPERM "auth.not_assigned".
 */
int zz_assess__assigned(zz_ctx *cx, int64_t case_id, const char *const *roles, bool system_ok,
                        zz_err *err);

/* The case's catalogue, borrowed from the context cache. */
int zz_assess__catalog(zz_ctx *cx, int64_t case_id, const zz_catalog **out, zz_err *err);

/*
 * Commits the action with its audit entry on ("case", case_id); the object digest is the SM3 of
 * the canonical detail text. Takes the reference to detail; aborts the transaction on any
 * failure (also when detail is NULL: out of memory).
 */
int zz_assess__commit(zz_ctx *cx, const char *action, int64_t case_id, json_t *detail, zz_err *err);

/* Builders for the conclusion's stored JSON. New references; NULL when out of memory. */
json_t *zz_assess__recommendation_obj(const zz_recommendation *r);
json_t *zz_assess__conformity_obj(const zz_conformity *c);

#endif
