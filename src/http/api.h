/*
 * api.h — the domain handlers of zizhid (api_*.c, one file per resource group) and the helpers
 * they share (api_util.c). Each handler parses its request, makes one libzizhi call, and renders
 * the result; who may call it is its row in router.c, which objects they may see is the core's
 * (another organisation's object is ZZ_ENOTFOUND there, so 404 here, never its data).
 *
 * Conventions of the API (docs/openapi.yaml):
 *   - path ids are positive integers (400 input.id otherwise);
 *   - lists answer {"items": [...], "total": N, "offset": O, "limit": L}, paged by ?offset=&limit=
 *     (limit 1..500, default 50; 400 input.query otherwise);
 *   - an action answers the object it changed (a case action: the case), a creation 201;
 *   - dates are "YYYY-MM-DD" business dates; an action's date left out means today;
 *   - money is integer fen (分).
 */
#ifndef ZIZHI_HTTP_API_H
#define ZIZHI_HTTP_API_H

#include "http/http.h"
#include "zizhi/case.h"

#define ZZH_PAGE_DEFAULT 50
#define ZZH_PAGE_MAX     500

/* ---- helpers (api_util.c) -------------------------------------------------------------------- */

int zzh_nomem(zz_err *err);
/* The path parameter name as a positive integer; 400 input.id otherwise. */
int zzh_path_id(const zzh_req *rq, const char *name, int64_t *out, zz_err *err);
/* ?offset=&limit= (defaults 0 and 50); 400 input.query when malformed. */
int zzh_page(const zzh_req *rq, int64_t *offset, int64_t *limit, zz_err *err);
/* An optional positive id query argument (0 when absent). */
int zzh_query_id(const zzh_req *rq, const char *name, int64_t *out, zz_err *err);
/* An optional YYYY-MM-DD query argument (NULL when absent; borrowed). */
int zzh_query_date(const zzh_req *rq, const char *name, const char **out, zz_err *err);
int zzh_query_bool(const zzh_req *rq, const char *name, bool dflt, bool *out, zz_err *err);
/* An optional text query argument of at most max bytes (NULL when absent or empty). */
int zzh_query_text(const zzh_req *rq, const char *name, size_t max, const char **out, zz_err *err);
/* zzh_body, but an empty body reads as {} (actions whose fields are all optional). */
int zzh_body_opt(zzh_req *rq, const zzh_field *spec, zz_err *err);
/* A ZZH_T_DATE field after zzh_body, dflt when absent. */
zz_date zzh_date_field(const zzh_req *rq, const char *name, zz_date dflt);
/* Parses the core's canonical JSON text and frees it; NULL on failure. */
json_t *zzh_json_take(char *text);
/* s, or null when s is NULL or "". */
json_t *zzh_jstr(const char *s);
/* id, or null when 0. */
json_t *zzh_jid(int64_t id);
/* Replies the core's JSON text (taken over). */
int zzh_reply_text_json(zzh_req *rq, unsigned status, char *text, zz_err *err);
/* {"items", "total", "offset", "limit"}; items is stolen. */
int zzh_reply_list(zzh_req *rq, json_t *items, int64_t total, int64_t offset, int64_t limit);
/* Streams fd (taken over) as an attachment: Content-Type mime, Content-Disposition with the
 * file name (RFC 6266, filename* per RFC 5987 for UTF-8 names), CSP sandbox. */
int zzh_reply_fd(zzh_req *rq, int fd, uint64_t size, const char *mime, const char *filename);
/* Streams a stored blob (blob.h) the same way; 404 store.blob_missing when it is gone. */
int zzh_reply_blob(zzh_req *rq, const char *digest, const char *mime, const char *filename,
                   zz_err *err);

/* ---- organisations, people, projects (api_orgs.c) -------------------------------------------- */
int zzh_api_orgs_list(zzh_req *rq, zz_err *err);
int zzh_api_orgs_create(zzh_req *rq, zz_err *err);
int zzh_api_orgs_get(zzh_req *rq, zz_err *err);
int zzh_api_orgs_update(zzh_req *rq, zz_err *err);
int zzh_api_orgs_checks(zzh_req *rq, zz_err *err);
int zzh_api_orgs_personal_data(zzh_req *rq, zz_err *err);
int zzh_api_people_list(zzh_req *rq, zz_err *err);
int zzh_api_people_add(zzh_req *rq, zz_err *err);
int zzh_api_people_get(zzh_req *rq, zz_err *err);
int zzh_api_people_update(zzh_req *rq, zz_err *err);
int zzh_api_people_active(zzh_req *rq, zz_err *err);
int zzh_api_projects_list(zzh_req *rq, zz_err *err);
int zzh_api_projects_add(zzh_req *rq, zz_err *err);
int zzh_api_projects_get(zzh_req *rq, zz_err *err);
int zzh_api_projects_update(zzh_req *rq, zz_err *err);

/* ---- dossiers (api_dossiers.c) --------------------------------------------------------------- */
int zzh_api_dossiers_list(zzh_req *rq, zz_err *err);
int zzh_api_dossiers_create(zzh_req *rq, zz_err *err);
int zzh_api_dossiers_get(zzh_req *rq, zz_err *err);
int zzh_api_dossiers_form_get(zzh_req *rq, zz_err *err);
int zzh_api_dossiers_form_put(zzh_req *rq, zz_err *err);
int zzh_api_dossiers_answers(zzh_req *rq, zz_err *err);
int zzh_api_dossiers_answer_put(zzh_req *rq, zz_err *err);
int zzh_api_dossiers_check(zzh_req *rq, zz_err *err);
int zzh_api_dossiers_stamped_scan(zzh_req *rq, zz_err *err);
int zzh_api_dossiers_bound(zzh_req *rq, zz_err *err);
int zzh_api_dossiers_courier(zzh_req *rq, zz_err *err);
int zzh_api_dossiers_package_build(zzh_req *rq, zz_err *err);
int zzh_api_dossiers_package_get(zzh_req *rq, zz_err *err);
int zzh_api_dossiers_package_verify(zzh_req *rq, zz_err *err);
int zzh_api_dossiers_submit(zzh_req *rq, zz_err *err);
int zzh_api_dossiers_rebind(zzh_req *rq, zz_err *err);

/* ---- evidence (api_evidence.c) --------------------------------------------------------------- */
int zzh_api_evidence_list(zzh_req *rq, zz_err *err);
int zzh_api_evidence_upload(zzh_req *rq, zz_err *err);
int zzh_api_evidence_get(zzh_req *rq, zz_err *err);
int zzh_api_evidence_content(zzh_req *rq, zz_err *err);
int zzh_api_evidence_map(zzh_req *rq, zz_err *err);
int zzh_api_evidence_unmap(zzh_req *rq, zz_err *err);
int zzh_api_evidence_remove(zzh_req *rq, zz_err *err);
int zzh_api_evidence_by_id(zzh_req *rq, zz_err *err);
int zzh_api_evidence_content_by_id(zzh_req *rq, zz_err *err);

/* ---- cases (api_cases.c) --------------------------------------------------------------------- */
int zzh_api_cases_list(zzh_req *rq, zz_err *err);
int zzh_api_cases_get(zzh_req *rq, zz_err *err);
int zzh_api_cases_members(zzh_req *rq, zz_err *err);
int zzh_api_cases_assign(zzh_req *rq, zz_err *err);
int zzh_api_cases_unassign(zzh_req *rq, zz_err *err);
int zzh_api_cases_paper(zzh_req *rq, zz_err *err);
int zzh_api_cases_exception(zzh_req *rq, zz_err *err);
int zzh_api_cases_file(zzh_req *rq, zz_err *err);
int zzh_api_cases_opinions(zzh_req *rq, zz_err *err);
int zzh_api_cases_review(zzh_req *rq, zz_err *err);
int zzh_api_cases_supplement(zzh_req *rq, zz_err *err);
int zzh_api_cases_agreement_get(zzh_req *rq, zz_err *err);
int zzh_api_cases_agreement_draft(zzh_req *rq, zz_err *err);
int zzh_api_cases_agreement_send(zzh_req *rq, zz_err *err);
int zzh_api_cases_agreement_effective(zzh_req *rq, zz_err *err);
int zzh_api_cases_payments(zzh_req *rq, zz_err *err);
int zzh_api_cases_payment_add(zzh_req *rq, zz_err *err);
int zzh_api_cases_start_assessment(zzh_req *rq, zz_err *err);
int zzh_api_cases_withdraw(zzh_req *rq, zz_err *err);
int zzh_api_cases_archive(zzh_req *rq, zz_err *err);
int zzh_api_cases_cycle(zzh_req *rq, zz_err *err);
/* The case as JSON (api_cases.c), shared by the actions of other files that answer the case. */
json_t *zzh_json_case(const zz_case *c);
/* Replies the case after an action (200). */
int zzh_reply_case(zzh_req *rq, int64_t case_id, zz_err *err);

/* ---- assessment (api_assess.c) --------------------------------------------------------------- */
int zzh_api_assess_get(zzh_req *rq, zz_err *err);
int zzh_api_assess_plan_get(zzh_req *rq, zz_err *err);
int zzh_api_assess_plan_put(zzh_req *rq, zz_err *err);
int zzh_api_assess_activities(zzh_req *rq, zz_err *err);
int zzh_api_assess_activity_add(zzh_req *rq, zz_err *err);
int zzh_api_assess_ratings(zzh_req *rq, zz_err *err);
int zzh_api_assess_rate(zzh_req *rq, zz_err *err);
int zzh_api_assess_rectifications(zzh_req *rq, zz_err *err);
int zzh_api_assess_rectification_add(zzh_req *rq, zz_err *err);
int zzh_api_assess_rectification_done(zzh_req *rq, zz_err *err);
int zzh_api_assess_conclusion_get(zzh_req *rq, zz_err *err);
int zzh_api_assess_conclude(zzh_req *rq, zz_err *err);
int zzh_api_assess_oscal_plan(zzh_req *rq, zz_err *err);
int zzh_api_assess_oscal_results(zzh_req *rq, zz_err *err);

/* ---- expert review and approval (api_panel.c) ------------------------------------------------ */
int zzh_api_panel_votes(zzh_req *rq, zz_err *err);
int zzh_api_panel_vote(zzh_req *rq, zz_err *err);
int zzh_api_panel_get(zzh_req *rq, zz_err *err);
int zzh_api_panel_conclude(zzh_req *rq, zz_err *err);
int zzh_api_panel_approve(zzh_req *rq, zz_err *err);

/* ---- batches and certificates (api_certs.c) -------------------------------------------------- */
int zzh_api_batches_list(zzh_req *rq, zz_err *err);
int zzh_api_batches_create(zzh_req *rq, zz_err *err);
int zzh_api_batches_get(zzh_req *rq, zz_err *err);
int zzh_api_batches_cases(zzh_req *rq, zz_err *err);
int zzh_api_batches_add(zzh_req *rq, zz_err *err);
int zzh_api_batches_remove(zzh_req *rq, zz_err *err);
int zzh_api_batches_issue(zzh_req *rq, zz_err *err);
int zzh_api_batches_publish(zzh_req *rq, zz_err *err);
int zzh_api_certs_list(zzh_req *rq, zz_err *err);
int zzh_api_certs_get(zzh_req *rq, zz_err *err);

/* ---- sanctions (api_sanctions.c) ------------------------------------------------------------- */
int zzh_api_sanctions_list(zzh_req *rq, zz_err *err);
int zzh_api_sanctions_overdue(zzh_req *rq, zz_err *err);
int zzh_api_sanctions_decide(zzh_req *rq, zz_err *err);
int zzh_api_sanctions_get(zzh_req *rq, zz_err *err);
int zzh_api_sanctions_lift(zzh_req *rq, zz_err *err);
int zzh_api_sanctions_rectified(zzh_req *rq, zz_err *err);

/* ---- appeals and complaint records (api_appeals.c) ------------------------------------------- */
int zzh_api_appeals_list(zzh_req *rq, zz_err *err);
int zzh_api_appeals_file(zzh_req *rq, zz_err *err);
int zzh_api_appeals_get(zzh_req *rq, zz_err *err);
int zzh_api_appeals_decide(zzh_req *rq, zz_err *err);
int zzh_api_complaints_list(zzh_req *rq, zz_err *err);
int zzh_api_complaints_record(zzh_req *rq, zz_err *err);
int zzh_api_complaints_get(zzh_req *rq, zz_err *err);
int zzh_api_complaints_update(zzh_req *rq, zz_err *err);

/* ---- archives (api_archive.c) ---------------------------------------------------------------- */
int zzh_api_archives_list(zzh_req *rq, zz_err *err);
int zzh_api_archives_due(zzh_req *rq, zz_err *err);
int zzh_api_archives_get(zzh_req *rq, zz_err *err);
int zzh_api_archives_hold(zzh_req *rq, zz_err *err);
int zzh_api_archives_release(zzh_req *rq, zz_err *err);
int zzh_api_archives_approve(zzh_req *rq, zz_err *err);
int zzh_api_archives_dispose(zzh_req *rq, zz_err *err);
int zzh_api_archives_export(zzh_req *rq, zz_err *err);

/* ---- audit log and outbox (api_audit.c) ------------------------------------------------------ */
int zzh_api_audit_list(zzh_req *rq, zz_err *err);
int zzh_api_audit_verify(zzh_req *rq, zz_err *err);
int zzh_api_outbox_list(zzh_req *rq, zz_err *err);

/* ---- public documents, R-2.7 (api_pubdoc.c) -------------------------------------------------- */
int zzh_api_pubdoc_list(zzh_req *rq, zz_err *err);
int zzh_api_pubdoc_content(zzh_req *rq, zz_err *err);
int zzh_api_pubdoc_publish(zzh_req *rq, zz_err *err);
/* The upload pre-check of POST /api/v1/documents (called by zzh_api_upload_precheck). */
int zzh_api_pubdoc_precheck(zzh_req *rq, zz_err *err);

#endif
