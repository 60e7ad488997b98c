/*
 * router.c — THE route table of the API, its matcher, and authorisation in one place
 * before any handler runs, the router checks rate, sign-in (401 auth.required),
 * role (403 auth.role) and, on state-changing methods, the CSRF token (403 auth.csrf).
 *
 * A route's row says who may call it; the core says which objects they may see: the core answers
 * ZZ_ENOTFOUND for another organisation's object, which renders as 404 (scope "core").
 *
 * Adding a route: one row here + one handler in api_<noun>.c + its path in docs/openapi.yaml
 * (tests/integration/t9000-http.sh compares `zizhid --print-routes` with the yaml).
 */
#include "http/http.h"

#include <string.h>

#include "http/api.h"

#define ADMINS ZZ_ROLES_ADMIN
#define R(x)   ZZ_R(ZZ_ROLE_##x)

/* Role sets of the domain routes (SPEC section 0). The core checks each object on top of this
 * a role listed here may still get 404 for an object it may not see. */
#define AA    R(APPLICANT_ADMIN)
#define APP   (R(APPLICANT_ADMIN) | R(APPLICANT_MEMBER))
#define PL    R(PROJECT_LEAD)
#define TEAM  (R(PROJECT_LEAD) | R(ASSESSOR))
#define EXP   R(EXPERT)
#define MGR   R(MANAGER)
#define CERTO R(CERT_OFFICER)
#define SUP   R(SUPERVISOR)
/* the certification body's case roles that read assigned (or, manager and supervisor, all) cases */
#define BODY_R (R(PROJECT_LEAD) | R(ASSESSOR) | R(EXPERT) | R(MANAGER) | R(SUPERVISOR))
/* who reads organisations and dossiers: their applicants and the body's case roles */
#define ORG_R (APP | BODY_R)
/* who reads the case record (list, one case): ORG_R and the certificate officer, who batches the
 * approved cases (R-3.6; the core shows it the cases in certification only) */
#define CASE_R (ORG_R | CERTO)
/* who reads what happens inside a case (team, review, agreement and fees, cycle, plan, activities,
 * ratings, conclusion, panel): its organisation, its assigned staff, manager and supervisor. Not
 * the certificate officer: it is assigned to no case and its work needs the case record
 * only; plans and activities also name the applicant's staff. */
#define CASE_IN_R ORG_R
#define PANEL_R   BODY_R
#define CERT_R  (APP | MGR | CERTO | SUP)
#define SANC_R  (APP | MGR | SUP)
#define ARCH_R  (MGR | SUP)
#define W       ZZH_F_WRITE
#define WJ      (ZZH_F_WRITE | ZZH_F_JSON)
#define CORE    ZZH_SCOPE_CORE

/* clang-format off */
const zzh_route zzh_routes[] = {
    /* method   pattern                                        handler                   roles          scope            flags */
    {"GET",    "/api/v1/health",                              zzh_api_health,           ZZH_PUBLIC,    ZZH_SCOPE_NONE,  0,
     "liveness: the database is open"},

    /* sign-in and sessions */
    {"POST",   "/api/v1/session",                             zzh_api_session_create,   ZZH_PUBLIC,    ZZH_SCOPE_NONE,
     ZZH_F_WRITE | ZZH_F_JSON | ZZH_F_RATE | ZZH_F_NO_CSRF,   "sign in (登录)"},
    {"GET",    "/api/v1/session",                             zzh_api_session_get,      ZZH_SIGNED_IN, ZZH_SCOPE_NONE,  0,
     "who am I: account, roles, organisation, CSRF token"},
    {"DELETE", "/api/v1/session",                             zzh_api_session_delete,   ZZH_SIGNED_IN, ZZH_SCOPE_NONE,  ZZH_F_WRITE,
     "sign out (退出)"},

    /* the public certificate registry and verification */
    {"GET",    "/api/v1/public/certificates",                 zzh_api_public_cert_search, ZZH_PUBLIC,  ZZH_SCOPE_NONE,  ZZH_F_RATE,
     "search the registry of published certificates"},
    {"GET",    "/api/v1/public/certificates/{number}",        zzh_api_public_cert_verify, ZZH_PUBLIC,  ZZH_SCOPE_NONE,  ZZH_F_RATE,
     "verify one certificate: current status and signature"},

    /* requirement catalogues: public reading */
    {"GET",    "/api/v1/catalogs/current",                    zzh_api_catalog_current,  ZZH_PUBLIC,    ZZH_SCOPE_NONE,  ZZH_F_RATE,
     "the current catalogue of a category and level"},
    {"GET",    "/api/v1/catalogs/{id}/items/{itemId}",        zzh_api_catalog_item,     ZZH_PUBLIC,    ZZH_SCOPE_NONE,  ZZH_F_RATE,
     "one group, requirement, base practice or generic practice"},

    /* accounts and roles (R-0.4: accounts by sys_admin, grants by sec_admin) */
    {"GET",    "/api/v1/users",                               zzh_api_users_list,       ADMINS,        ZZH_SCOPE_NONE,  0,
     "list accounts"},
    {"POST",   "/api/v1/users",                               zzh_api_users_create,     R(SYS_ADMIN),  ZZH_SCOPE_NONE,  ZZH_F_WRITE | ZZH_F_JSON,
     "create an account"},
    {"POST",   "/api/v1/users/{username}/roles",              zzh_api_users_grant,      R(SEC_ADMIN),  ZZH_SCOPE_NONE,  ZZH_F_WRITE | ZZH_F_JSON,
     "grant a role"},
    {"DELETE", "/api/v1/users/{username}/roles/{role}",       zzh_api_users_revoke,     R(SEC_ADMIN),  ZZH_SCOPE_NONE,  ZZH_F_WRITE,
     "revoke a role"},

    /* organisations, people, projects */
    {"GET",    "/api/v1/organisations",                       zzh_api_orgs_list,        ORG_R | R(SYS_ADMIN), CORE, 0,
     "list organisations (申请单位)"},
    {"POST",   "/api/v1/organisations",                       zzh_api_orgs_create,      R(SYS_ADMIN),  CORE, WJ,
     "create an organisation, optionally with its first account"},
    {"GET",    "/api/v1/organisations/{id}",                  zzh_api_orgs_get,         ORG_R | R(SYS_ADMIN), CORE, 0,
     "one organisation"},
    {"PUT",    "/api/v1/organisations/{id}",                  zzh_api_orgs_update,      AA | R(SYS_ADMIN), CORE, WJ,
     "replace an organisation's record"},
    {"GET",    "/api/v1/organisations/{id}/checks",           zzh_api_orgs_checks,      ORG_R,         CORE, 0,
     "R-1.3 data checks on a date (数据核查)"},
    {"GET",    "/api/v1/organisations/{id}/personal-data",    zzh_api_orgs_personal_data, AA,          CORE, 0,
     "R-0.3 export of the organisation's personal data"},
    {"GET",    "/api/v1/organisations/{id}/people",           zzh_api_people_list,      ORG_R,         CORE, 0,
     "the organisation's people (人员)"},
    {"POST",   "/api/v1/organisations/{id}/people",           zzh_api_people_add,       AA,            CORE, WJ,
     "add a person"},
    {"GET",    "/api/v1/organisations/{id}/people/{personId}", zzh_api_people_get,      ORG_R,         CORE, 0,
     "one person"},
    {"PUT",    "/api/v1/organisations/{id}/people/{personId}", zzh_api_people_update,   AA,            CORE, WJ,
     "correct a person's data (R-0.3)"},
    {"PUT",    "/api/v1/organisations/{id}/people/{personId}/active", zzh_api_people_active, AA,       CORE, WJ,
     "deactivate or reactivate a person"},
    {"GET",    "/api/v1/organisations/{id}/projects",         zzh_api_projects_list,    ORG_R,         CORE, 0,
     "the organisation's service projects (服务项目)"},
    {"POST",   "/api/v1/organisations/{id}/projects",         zzh_api_projects_add,     AA,            CORE, WJ,
     "add a service project"},
    {"GET",    "/api/v1/organisations/{id}/projects/{projectId}", zzh_api_projects_get, ORG_R,         CORE, 0,
     "one service project"},
    {"PUT",    "/api/v1/organisations/{id}/projects/{projectId}", zzh_api_projects_update, AA,         CORE, WJ,
     "replace a service project"},

    /* dossiers: application preparation (SPEC section 2) */
    {"GET",    "/api/v1/dossiers",                            zzh_api_dossiers_list,    ORG_R,         CORE, 0,
     "list dossiers (申请)"},
    {"POST",   "/api/v1/dossiers",                            zzh_api_dossiers_create,  APP,           CORE, WJ,
     "start a draft dossier (R-2.1)"},
    {"GET",    "/api/v1/dossiers/{id}",                       zzh_api_dossiers_get,     ORG_R,         CORE, 0,
     "one dossier with its form"},
    {"GET",    "/api/v1/dossiers/{id}/form",                  zzh_api_dossiers_form_get, ORG_R,        CORE, 0,
     "the application form data (申请书)"},
    {"PUT",    "/api/v1/dossiers/{id}/form",                  zzh_api_dossiers_form_put, APP,          CORE, WJ,
     "replace the application form data"},
    {"GET",    "/api/v1/dossiers/{id}/answers",               zzh_api_dossiers_answers, ORG_R,         CORE, 0,
     "the self-assessment (自评)"},
    {"PUT",    "/api/v1/dossiers/{id}/answers/{reqId}",       zzh_api_dossiers_answer_put, APP,        CORE, WJ,
     "self-rate one requirement"},
    {"GET",    "/api/v1/dossiers/{id}/evidence",              zzh_api_evidence_list,    ORG_R,         CORE, 0,
     "the dossier's evidence files"},
    {"POST",   "/api/v1/dossiers/{id}/evidence",              zzh_api_evidence_upload,  APP,           CORE, W | ZZH_F_UPLOAD,
     "upload an evidence file (multipart, streamed)"},
    {"GET",    "/api/v1/dossiers/{id}/evidence/{evidenceId}", zzh_api_evidence_get,     ORG_R,         CORE, 0,
     "one evidence file's record"},
    {"DELETE", "/api/v1/dossiers/{id}/evidence/{evidenceId}", zzh_api_evidence_remove,  APP,           CORE, W,
     "remove an evidence file from the dossier"},
    {"GET",    "/api/v1/dossiers/{id}/evidence/{evidenceId}/content", zzh_api_evidence_content, ORG_R, CORE, 0,
     "download an evidence file"},
    {"PUT",    "/api/v1/dossiers/{id}/evidence/{evidenceId}/requirements/{reqId}", zzh_api_evidence_map, APP, CORE, W,
     "map an evidence file to a requirement"},
    {"DELETE", "/api/v1/dossiers/{id}/evidence/{evidenceId}/requirements/{reqId}", zzh_api_evidence_unmap, APP, CORE, W,
     "unmap an evidence file from a requirement"},
    {"GET",    "/api/v1/evidence/{id}",                       zzh_api_evidence_by_id,   ORG_R,         CORE, 0,
     "one evidence file's record, by its own id"},
    {"GET",    "/api/v1/evidence/{id}/content",               zzh_api_evidence_content_by_id, ORG_R,   CORE, 0,
     "download an evidence file, by its own id"},
    {"GET",    "/api/v1/dossiers/{id}/check",                 zzh_api_dossiers_check,   ORG_R,         CORE, 0,
     "the completeness report (R-2.2)"},
    {"PUT",    "/api/v1/dossiers/{id}/stamped-scan",          zzh_api_dossiers_stamped_scan, APP,      CORE, W | ZZH_F_UPLOAD,
     "upload the stamped form's scan (R-2.3, multipart)"},
    {"PUT",    "/api/v1/dossiers/{id}/bound",                 zzh_api_dossiers_bound,   APP,           CORE, W,
     "declare the paper copy bound (R-2.3)"},
    {"PUT",    "/api/v1/dossiers/{id}/courier",               zzh_api_dossiers_courier, APP,           CORE, WJ,
     "record courier and tracking number (R-2.3)"},
    {"POST",   "/api/v1/dossiers/{id}/package",               zzh_api_dossiers_package_build, APP,     CORE, W,
     "build the electronic package (R-2.5)"},
    {"GET",    "/api/v1/dossiers/{id}/package",               zzh_api_dossiers_package_get, ORG_R,     CORE, 0,
     "download the electronic package (zip)"},
    {"GET",    "/api/v1/dossiers/{id}/package/verification",  zzh_api_dossiers_package_verify, ORG_R,  CORE, 0,
     "verify the electronic package (R-2.5)"},
    {"POST",   "/api/v1/dossiers/{id}/submit",                zzh_api_dossiers_submit,  AA,            CORE, W,
     "submit: the case is created (R-2.2, R-2.4)"},
    {"POST",   "/api/v1/dossiers/{id}/rebind",                zzh_api_dossiers_rebind,  APP,           CORE, W,
     "move a draft to the current catalogue version (R-1.8)"},

    /* cases: acceptance, initiation, withdrawal, archive (SPEC section 3) */
    {"GET",    "/api/v1/cases",                               zzh_api_cases_list,       CASE_R,        CORE, 0,
     "list cases, filtered and paged (项目)"},
    {"GET",    "/api/v1/cases/{id}",                          zzh_api_cases_get,        CASE_R,        CORE, 0,
     "one case"},
    {"GET",    "/api/v1/cases/{id}/members",                  zzh_api_cases_members,    CASE_IN_R,     CORE, 0,
     "the case's project team and experts"},
    {"POST",   "/api/v1/cases/{id}/members",                  zzh_api_cases_assign,     MGR,           CORE, WJ,
     "assign a project lead, assessor or expert (R-0.2)"},
    {"DELETE", "/api/v1/cases/{id}/members/{role}/{username}", zzh_api_cases_unassign,  MGR,           CORE, W,
     "remove an assignment"},
    {"PUT",    "/api/v1/cases/{id}/paper",                    zzh_api_cases_paper,      PL | MGR,      CORE, WJ,
     "paper copy and media received (R-2.3, R-2.5)"},
    {"PUT",    "/api/v1/cases/{id}/exception",                zzh_api_cases_exception,  PL,            CORE, WJ,
     "accept the legal-person exception (R-1.2)"},
    {"POST",   "/api/v1/cases/{id}/file",                     zzh_api_cases_file,       PL,            CORE, W,
     "file the case (建档立项, R-3.1)"},
    {"GET",    "/api/v1/cases/{id}/review",                   zzh_api_cases_opinions,   CASE_IN_R,     CORE, 0,
     "the acceptance review opinions"},
    {"POST",   "/api/v1/cases/{id}/review",                   zzh_api_cases_review,     PL,            CORE, WJ,
     "record the acceptance review opinion (R-3.2)"},
    {"POST",   "/api/v1/cases/{id}/supplement",               zzh_api_cases_supplement, PL | AA,       CORE, W,
     "the supplementary materials arrived (R-3.2)"},
    {"GET",    "/api/v1/cases/{id}/agreement",                zzh_api_cases_agreement_get, CASE_IN_R,  CORE, 0,
     "agreement, invoice and payments (R-3.3, R-9)"},
    {"POST",   "/api/v1/cases/{id}/agreement",                zzh_api_cases_agreement_draft, PL,       CORE, W,
     "draft the entrustment agreement and invoice (R-3.3)"},
    {"POST",   "/api/v1/cases/{id}/agreement/send",           zzh_api_cases_agreement_send, PL,        CORE, W,
     "send agreement and invoice to the applicant (R-3.3)"},
    {"PUT",    "/api/v1/cases/{id}/agreement/effective",      zzh_api_cases_agreement_effective, PL,   CORE, WJ,
     "the agreement took effect (R-3.3)"},
    {"GET",    "/api/v1/cases/{id}/payments",                 zzh_api_cases_payments,   CASE_IN_R,     CORE, 0,
     "invoice and payments (R-9.2)"},
    {"POST",   "/api/v1/cases/{id}/payments",                 zzh_api_cases_payment_add, PL,           CORE, WJ,
     "record a payment (R-9.2)"},
    {"GET",    "/api/v1/cases/{id}/assessment",               zzh_api_assess_get,       CASE_IN_R,     CORE, 0,
     "recommendation and degree of conformity (R-1.5, R-3.4)"},
    {"POST",   "/api/v1/cases/{id}/assessment",               zzh_api_cases_start_assessment, PL,      CORE, W,
     "start the assessment (R-3.3 gate)"},
    {"POST",   "/api/v1/cases/{id}/withdraw",                 zzh_api_cases_withdraw,   AA,            CORE, WJ,
     "withdraw the case (R-3.8)"},
    {"POST",   "/api/v1/cases/{id}/archive",                  zzh_api_cases_archive,    MGR,           CORE, W,
     "archive a closed case (R-7.1)"},
    {"GET",    "/api/v1/cases/{id}/cycle",                    zzh_api_cases_cycle,      CASE_IN_R,     CORE, 0,
     "the cycle clock (R-3.7)"},

    /* assessment */
    {"GET",    "/api/v1/cases/{id}/plan",                     zzh_api_assess_plan_get,  CASE_IN_R,     CORE, 0,
     "the audit plan (审核计划)"},
    {"PUT",    "/api/v1/cases/{id}/plan",                     zzh_api_assess_plan_put,  PL,            CORE, WJ,
     "record the audit plan agreed with the applicant"},
    {"GET",    "/api/v1/cases/{id}/activities",               zzh_api_assess_activities, CASE_IN_R,    CORE, 0,
     "assessment activities"},
    {"POST",   "/api/v1/cases/{id}/activities",               zzh_api_assess_activity_add, TEAM,       CORE, WJ,
     "record an assessment activity"},
    {"GET",    "/api/v1/cases/{id}/ratings",                  zzh_api_assess_ratings,   CASE_IN_R,     CORE, 0,
     "the ratings"},
    {"PUT",    "/api/v1/cases/{id}/ratings/{itemId}",         zzh_api_assess_rate,      TEAM,          CORE, WJ,
     "rate a requirement or base practice"},
    {"GET",    "/api/v1/cases/{id}/rectifications",           zzh_api_assess_rectifications, CASE_IN_R, CORE, 0,
     "rectification requests (整改)"},
    {"POST",   "/api/v1/cases/{id}/rectifications",           zzh_api_assess_rectification_add, PL,    CORE, WJ,
     "request a rectification with a deadline"},
    {"POST",   "/api/v1/cases/{id}/rectifications/{rectId}/done", zzh_api_assess_rectification_done, PL, CORE, WJ,
     "the rectification evidence arrived"},
    {"GET",    "/api/v1/cases/{id}/conclusion",               zzh_api_assess_conclusion_get, CASE_IN_R, CORE, 0,
     "the team conclusion (项目审核结论)"},
    {"POST",   "/api/v1/cases/{id}/conclusion",               zzh_api_assess_conclude,  PL,            CORE, WJ,
     "conclude the assessment (R-3.4)"},
    {"GET",    "/api/v1/cases/{id}/oscal/plan",               zzh_api_assess_oscal_plan, CASE_IN_R,    CORE, 0,
     "OSCAL assessment-plan (R-1.7)"},
    {"GET",    "/api/v1/cases/{id}/oscal/results",            zzh_api_assess_oscal_results, CASE_IN_R, CORE, 0,
     "OSCAL assessment-results (R-1.7)"},

    /* expert review and approval */
    {"GET",    "/api/v1/cases/{id}/votes",                    zzh_api_panel_votes,      PANEL_R,       CORE, 0,
     "the expert panel's votes"},
    {"POST",   "/api/v1/cases/{id}/votes",                    zzh_api_panel_vote,       EXP,           CORE, WJ,
     "an expert votes with a written opinion (R-3.5)"},
    {"GET",    "/api/v1/cases/{id}/panel-conclusion",         zzh_api_panel_get,        PANEL_R,       CORE, 0,
     "the panel's round and conclusions"},
    {"POST",   "/api/v1/cases/{id}/panel-conclusion",         zzh_api_panel_conclude,   PL | MGR,      CORE, W,
     "conclude the expert review by majority (R-3.5)"},
    {"POST",   "/api/v1/cases/{id}/approval",                 zzh_api_panel_approve,    MGR,           CORE, W,
     "approve certification (审批, R-3.6)"},

    /* batches and certificates */
    {"GET",    "/api/v1/batches",                             zzh_api_batches_list,     ARCH_R | CERTO, CORE, 0,
     "list certificate batches (批次)"},
    {"POST",   "/api/v1/batches",                             zzh_api_batches_create,   CERTO,         CORE, W,
     "open a batch"},
    {"GET",    "/api/v1/batches/{id}",                        zzh_api_batches_get,      ARCH_R | CERTO, CORE, 0,
     "one batch"},
    {"GET",    "/api/v1/batches/{id}/cases",                  zzh_api_batches_cases,    ARCH_R | CERTO, CORE, 0,
     "the batch's cases"},
    {"POST",   "/api/v1/batches/{id}/cases",                  zzh_api_batches_add,      CERTO,         CORE, WJ,
     "add an approved case to an open batch"},
    {"DELETE", "/api/v1/batches/{id}/cases/{caseId}",         zzh_api_batches_remove,   CERTO,         CORE, W,
     "take a case out of an open batch"},
    {"POST",   "/api/v1/batches/{id}/issue",                  zzh_api_batches_issue,    CERTO,         CORE, WJ,
     "issue the batch's certificates (R-3.6, R-4.1, R-4.3)"},
    {"POST",   "/api/v1/batches/{id}/publish",                zzh_api_batches_publish,  CERTO,         CORE, WJ,
     "publish the batch (公告, R-3.6)"},
    {"GET",    "/api/v1/certificates",                        zzh_api_certs_list,       CERT_R,        CORE, 0,
     "list certificates (资质证书)"},
    {"GET",    "/api/v1/certificates/{id}",                   zzh_api_certs_get,        CERT_R,        CORE, 0,
     "one certificate by id or number, with its signed record"},

    /* sanctions (SPEC section 5) */
    {"GET",    "/api/v1/sanctions",                           zzh_api_sanctions_list,   SANC_R,        CORE, 0,
     "list sanctions (处置)"},
    {"POST",   "/api/v1/sanctions",                           zzh_api_sanctions_decide, SUP,           CORE, WJ,
     "decide a sanction (R-5.1, R-5.3)"},
    {"GET",    "/api/v1/sanctions/overdue",                   zzh_api_sanctions_overdue, MGR | SUP,    CORE, 0,
     "rectifications past their deadline (R-5.2)"},
    {"GET",    "/api/v1/sanctions/{id}",                      zzh_api_sanctions_get,    SANC_R,        CORE, 0,
     "one sanction"},
    {"POST",   "/api/v1/sanctions/{id}/lift",                 zzh_api_sanctions_lift,   SUP,           CORE, WJ,
     "lift a suspension (R-5.2)"},
    {"POST",   "/api/v1/sanctions/{id}/rectified",            zzh_api_sanctions_rectified, SUP,        CORE, WJ,
     "record that a rectification was done (R-5.2)"},

    /* appeals and complaint records (SPEC section 6) */
    {"GET",    "/api/v1/appeals",                             zzh_api_appeals_list,     SANC_R,        CORE, 0,
     "list written appeals (申诉)"},
    {"POST",   "/api/v1/appeals",                             zzh_api_appeals_file,     AA,            CORE, WJ,
     "file a written appeal (R-6.1)"},
    {"GET",    "/api/v1/appeals/{id}",                        zzh_api_appeals_get,      SANC_R,        CORE, 0,
     "one appeal"},
    {"POST",   "/api/v1/appeals/{id}/decision",               zzh_api_appeals_decide,   SUP,           CORE, WJ,
     "record the investigation conclusion (R-6.1)"},
    {"GET",    "/api/v1/complaints",                          zzh_api_complaints_list,  APP | SUP,     CORE, 0,
     "list complaint records (投诉记录, R-6.2)"},
    {"POST",   "/api/v1/complaints",                          zzh_api_complaints_record, AA,           CORE, WJ,
     "record a complaint and its measures (R-6.2)"},
    {"GET",    "/api/v1/complaints/{id}",                     zzh_api_complaints_get,   APP | SUP,     CORE, 0,
     "one complaint record"},
    {"PUT",    "/api/v1/complaints/{id}",                     zzh_api_complaints_update, AA,           CORE, WJ,
     "replace a complaint record"},

    /* archives (SPEC section 7) */
    {"GET",    "/api/v1/archives",                            zzh_api_archives_list,    ARCH_R,        CORE, 0,
     "list archives (档案)"},
    {"GET",    "/api/v1/archives/due",                        zzh_api_archives_due,     ARCH_R,        CORE, 0,
     "archives due for disposal (R-7.1)"},
    {"GET",    "/api/v1/archives/{caseId}",                   zzh_api_archives_get,     ARCH_R,        CORE, 0,
     "one archive"},
    {"POST",   "/api/v1/archives/{caseId}/hold",              zzh_api_archives_hold,    SUP,           CORE, WJ,
     "put a legal hold on an archive"},
    {"POST",   "/api/v1/archives/{caseId}/hold/release",      zzh_api_archives_release, SUP,           CORE, WJ,
     "lift a legal hold"},
    {"POST",   "/api/v1/archives/{caseId}/disposal/approval", zzh_api_archives_approve, MGR,           CORE, W,
     "record the approval of disposal (R-7.1)"},
    {"POST",   "/api/v1/archives/{caseId}/disposal",          zzh_api_archives_dispose, MGR,           CORE, W,
     "dispose of an archive (R-7.1)"},
    {"GET",    "/api/v1/archives/{caseId}/export",            zzh_api_archives_export,  ARCH_R,        CORE, 0,
     "the self-verifying archive (R-7.2, zip)"},

    /* audit log and outbox */
    {"GET",    "/api/v1/audit",                               zzh_api_audit_list,       SUP | R(AUDIT_ADMIN), ZZH_SCOPE_NONE, 0,
     "the audit log, newest first (审计日志)"},
    {"GET",    "/api/v1/audit/verification",                  zzh_api_audit_verify,     R(AUDIT_ADMIN), ZZH_SCOPE_NONE, 0,
     "verify the chain and the signed checkpoint (R-8.2, R-8.4)"},
    {"GET",    "/api/v1/outbox",                              zzh_api_outbox_list,      MGR | SUP | R(SYS_ADMIN), CORE, 0,
     "queued and sent emails"},


    /* public documents (申请须知, R-2.7) */
    {"GET",    "/api/v1/public/documents",                    zzh_api_pubdoc_list,      ZZH_PUBLIC,    ZZH_SCOPE_NONE,  ZZH_F_RATE,
     "the current public documents with their dates; ?kind= every version"},
    {"GET",    "/api/v1/public/documents/{id}/content",       zzh_api_pubdoc_content,   ZZH_PUBLIC,    ZZH_SCOPE_NONE,  ZZH_F_RATE,
     "download one version of a public document"},
    {"POST",   "/api/v1/documents",                           zzh_api_pubdoc_publish,   R(SYS_ADMIN),  ZZH_SCOPE_NONE,  W | ZZH_F_UPLOAD,
     "publish a version of a public document (multipart)"},

    {NULL, NULL, NULL, 0, 0, 0, NULL},
};
/* clang-format on */

/* Matches one pattern; on success copies the {name} segments into rq (when rq is not NULL). */
static bool match_pattern(const char *pat, const char *path, zzh_req *rq)
{
    const char *names[ZZH_MAX_PARAMS], *vals[ZZH_MAX_PARAMS];
    size_t nlen[ZZH_MAX_PARAMS], vlen[ZZH_MAX_PARAMS];
    int n = 0;
    const char *p = pat, *u = path;
    while (*p && *u) {
        if (*p != '/' || *u != '/') return false;
        p++;
        u++;
        const char *pe = strchr(p, '/'), *ue = strchr(u, '/');
        size_t pl = pe ? (size_t)(pe - p) : strlen(p), ul = ue ? (size_t)(ue - u) : strlen(u);
        if (pl >= 2 && p[0] == '{' && p[pl - 1] == '}') {
            if (ul == 0 || n == ZZH_MAX_PARAMS) return false;
            names[n] = p + 1;
            nlen[n] = pl - 2;
            vals[n] = u;
            vlen[n] = ul;
            n++;
        } else if (pl != ul || memcmp(p, u, pl) != 0) {
            return false;
        }
        p += pl;
        u += ul;
    }
    if (*p || *u) return false;
    if (rq) {
        for (int i = 0; i < n; i++) {
            rq->param_name[i] = strndup(names[i], nlen[i]);
            rq->param_val[i] = strndup(vals[i], vlen[i]);
            rq->n_params = i + 1;
            if (!rq->param_name[i] || !rq->param_val[i]) return false;
        }
    }
    return true;
}

zzh_match_rc zzh_route_match(const char *method, const char *path, zzh_req *rq, char *allow,
                             size_t allow_sz)
{
    bool path_known = false;
    if (allow_sz) allow[0] = '\0';
    for (const zzh_route *r = zzh_routes; r->method; r++) {
        if (!match_pattern(r->pattern, path, NULL)) continue;
        if (strcmp(r->method, method) == 0 ||
            (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0)) {
            if (rq) {
                rq->route = r;
                if (!match_pattern(r->pattern, path, rq)) return ZZH_MATCH_NONE;
            }
            return ZZH_MATCH_OK;
        }
        path_known = true;
        size_t l = strlen(allow);
        if (allow_sz && l + strlen(r->method) + 3 < allow_sz)
            snprintf(allow + l, allow_sz - l, "%s%s", l ? ", " : "", r->method);
    }
    return path_known ? ZZH_MATCH_METHOD : ZZH_MATCH_NONE;
}

static void access_text(zz_roles roles, char *buf, size_t sz)
{
    if (roles == ZZH_PUBLIC) {
        snprintf(buf, sz, "public");
        return;
    }
    if (roles == ZZH_SIGNED_IN) {
        snprintf(buf, sz, "signed-in");
        return;
    }
    buf[0] = '\0';
    for (int r = 0; r < ZZ_ROLE__COUNT; r++) {
        if (!(roles & ZZ_R(r))) continue;
        size_t l = strlen(buf);
        snprintf(buf + l, sz - l, "%s%s", l ? "," : "", zz_role_name((zz_role)r));
    }
}

void zzh_routes_print(FILE *f)
{
    for (const zzh_route *r = zzh_routes; r->method; r++) {
        char acc[512];
        access_text(r->roles, acc, sizeof acc);
        char flags[64] = "";
        if (r->flags & ZZH_F_WRITE)
            strcat(flags, (r->flags & ZZH_F_NO_CSRF) ? "write" : "write,csrf");
        if (r->flags & ZZH_F_JSON) strcat(flags, flags[0] ? ",json" : "json");
        if (r->flags & ZZH_F_RATE) strcat(flags, flags[0] ? ",rate" : "rate");
        if (r->flags & ZZH_F_UPLOAD) strcat(flags, flags[0] ? ",upload" : "upload");
        fprintf(f, "%-6s %-45s %-40s %-5s %-16s %s\n", r->method, r->pattern, acc,
                r->scope == ZZH_SCOPE_CORE ? "core" : "none", flags[0] ? flags : "-", r->summary);
    }
}

int zzh_authorise(zzh_req *rq, zz_err *err)
{
    const zzh_route *r = rq->route;
    if ((r->flags & ZZH_F_RATE) && rq->srv->rl &&
        !zzh_ratelimit_take(rq->srv->rl, rq->client, zzh_mono_usec()))
        return zz_err_set(err, ZZ_ETOOBIG, "rate.limited", "请求过于频繁，请稍后再试%s",
                          "too many requests; try again shortly%s", "");
    if (r->roles == ZZH_PUBLIC) return 0;
    int rc = zzh_session_resolve(rq, err); /* 401 */
    if (rc < 0) return rc;
    if (r->roles != ZZH_SIGNED_IN) {
        /* the core's own wording of the refusal, from the actor alone */
        zz_ctx probe;
        memset(&probe, 0, sizeof probe);
        probe.actor = rq->actor;
        if ((rc = zz_ctx_require(&probe, r->roles, err)) < 0) /* 403, R-0.1 */
            return rc;
    }
    if (zzh_method_writes(rq->method) && !(r->flags & ZZH_F_NO_CSRF) &&
        !zz_session_csrf_ok(&rq->session, zzh_header(rq, ZZH_CSRF_HEADER)))
        return zz_err_set(err, ZZ_EPERM, "auth.csrf", "缺少或错误的 CSRF 令牌（请求头 %s）",
                          "missing or wrong CSRF token (header %s)", ZZH_CSRF_HEADER);
    return 0;
}
