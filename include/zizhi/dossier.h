/*
 * dossier.h — application preparation (申请准备, SPEC section 2): the dossier (申请) an applicant
 * prepares for one (category, level), its type, the form data (申请书), the
 * self-assessment of every catalogue requirement, evidence files mapped to requirements, the
 * completeness check, the stamped scan, binding declaration, courier and electronic package
 * submission (which creates the case, case.h) and rebinding to a new catalogue
 * version. src/core/dossier.c holds the rules, src/store/dossier_store.c the SQL,
 * src/doc/package.c the package archive.
 *
 * Lifecycle:
 *
 *   zz_dossier_create ──► draft ──zz_dossier_submit (R-2.2 gate, R-2.4 re-classified)──► submitted
 *                          │  form, answers, evidence, stamped scan, bound, package, rebind
 *                          │  (all refused outside draft with ZZ_ESTATE "dossier.not_draft")
 *   courier/tracking number may be recorded in draft and after submission (the paper copy travels
 *   after the electronic submission, R-2.3).
 *
 * Who (SPEC section 0): applicant_admin and applicant_member of the dossier's organisation prepare
 * it; only applicant_admin submits (auth.role otherwise). Reads: the applicant's
 * own organisation; manager and supervisor see every submitted dossier; project_lead, assessor and
 * expert see the dossiers of the cases they are assigned to. Anything else — another
 * organisation's dossier included — is ZZ_ENOTFOUND "dossier.not_found", never a hint that it
 * exists.
 *
 * Type: decided at creation from the organisation's latest certificate of the same
 * category and level that has not been superseded, and decided again at submission with the
 * submission date, which is the date that counts; each decision is recorded with its reason code,
 * reason texts and date. A late maintenance application carries a warning that the certificate
 * may lapse before the decision.
 *
 * Invariants:
 *   I1  a dossier is bound to exactly one catalogue version (catalog_id, catalog_version); answers
 *       and evidence mappings name requirement ids of that version only.
 *   I2  status submitted ⇔ submitted_on is set ⇔ a case exists for the dossier (made in the same
 *       transaction as the status change).
 *   I3  every action writes its audit entry in the same transaction; a refused action
 *       writes nothing.
 *   I4  a recorded package_digest names a blob in the evidence store whose manifest was signed by
 *       the system key; package_content_digest is the dossier content it was built from, so a
 *       later change makes the package stale (a completeness finding).
 */
#ifndef ZIZHI_DOSSIER_H
#define ZIZHI_DOSSIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/calendar.h"
#include "zizhi/crypto.h"
#include "zizhi/errors.h"

struct zz_ctx;

#define ZZ_DOSSIER_STATEMENT_MAX 20000 /* characters of a self-assessment statement */
#define ZZ_DOSSIER_FILENAME_MAX  180   /* bytes of a sanitised evidence file name */
#define ZZ_DOSSIER_PAGE_MAX      500   /* rows per list page */

typedef struct zz_dossier {
    int64_t id;
    int64_t org_id;
    char org_name[201];
    char category[51];
    int level;
    char catalog_id[51];
    char catalog_version[51];
    char app_type[13];         /* initial | maintenance */
    char timing[21];           /* on_time | late | "" (initial) */
    char type_reason_code[51]; /* maint.on_time | maint.late | maint.expired_over_6_months |
                                  maint.revoked | maint.no_certificate */
    char type_reason[512];     /* Chinese, as recorded */
    char type_reason_en[512];
    char type_warning[512]; /* late maintenance: the lapse warning, else "" */
    char type_warning_en[512];
    char type_decided_on[11];
    int64_t prior_cert_id; /* the certificate considered, 0 when none */
    char status[13];       /* draft | submitted | withdrawn */
    char stamped_scan[65]; /* "" when unset */
    bool bound_declared;
    char bound_declared_on[11];
    char package_digest[65];
    char package_built_on[11];
    char package_content_digest[65];
    char courier[101];
    char tracking_no[101];
    char submitted_on[11];
    int64_t case_id; /* 0 until submitted */
    int64_t created_usec;
    int64_t updated_usec;
    char *form_json; /* owned; the form data object (zz_dossier_get only, else NULL) */
} zz_dossier;

/* Frees a dossier from zz_dossier_get (NULL is a no-op). */
void zz_dossier_free(zz_dossier *d);
/* Frees an array from zz_dossier_list. */
void zz_dossier_list_free(zz_dossier *arr, size_t n);

/*
 * Creates a draft for the organisation org_id (0: the actor's own). applicant_admin or
 * applicant_member of that organisation (or the system). Binds the current catalogue for
 * (category, level) (R-1.8; "catalog.not_found" when there is none) and classifies the type on
 * today's date. Codes: auth.role, org.not_found (ZZ_ENOTFOUND: not the actor's
 * organisation, or none), input.org, input.category, input.level. OUT: *id.
 */
int zz_dossier_create(struct zz_ctx *cx, int64_t org_id, const char *category, int level,
                      int64_t *id, zz_err *err);

/* Reads one dossier with its form (visibility above). Caller frees *out with zz_dossier_free. */
int zz_dossier_get(struct zz_ctx *cx, int64_t id, zz_dossier **out, zz_err *err);

typedef struct zz_dossier_filter {
    int64_t org_id;     /* 0 = any visible (applicants always see only their own) */
    const char *status; /* NULL = any */
    int64_t offset;
    int64_t limit; /* <= 0: 50; capped at ZZ_DOSSIER_PAGE_MAX */
} zz_dossier_filter;

/* Lists visible dossiers, newest first. Roles without dossier access: auth.role; a filter on
 * an organisation the actor may not see: ZZ_ENOTFOUND "org.not_found".
 * OUT: *out (caller frees with zz_dossier_list_free; form_json is NULL), *n, *total. */
int zz_dossier_list(struct zz_ctx *cx, const zz_dossier_filter *f, zz_dossier **out, size_t *n,
                    int64_t *total, zz_err *err);

/*
 * Replaces the form data (申请书) with a JSON object (form.h: zz_form_validate against the form of
 * the bound catalogue, when there is one). Missing and malformed fields are findings of the
 * completeness check, not refusals, so a half-filled form can be saved.
 */
int zz_dossier_set_form(struct zz_ctx *cx, int64_t id, const char *json_object_text, zz_err *err);

/* Self-ratings of the self-assessment (自评). */
typedef enum {
    ZZ_SELF_CONFORMS = 0,   /* 符合 */
    ZZ_SELF_PARTIAL,        /* 部分符合 */
    ZZ_SELF_NOT_CONFORMS,   /* 不符合 */
    ZZ_SELF_NOT_APPLICABLE, /* 不适用 */
    ZZ_SELF__COUNT
} zz_self_rating;
const char *zz_self_rating_name(zz_self_rating r);    /* "conforms" … */
const char *zz_self_rating_name_zh(zz_self_rating r); /* "符合" … */
/* ZZ_EINVAL "input.rating" when unknown. */
int zz_self_rating_parse(zz_self_rating *out, const char *s, zz_err *err);

/*
 * Records (or replaces) the self-assessment of one requirement. req_id must be a
 * requirement of the bound catalogue (ZZ_EINVAL "input.item"); not_applicable needs a statement
 * (its justification, "input.statement"); statements are at most ZZ_DOSSIER_STATEMENT_MAX chars.
 */
int zz_dossier_answer(struct zz_ctx *cx, int64_t id, const char *req_id, zz_self_rating rating,
                      const char *statement, zz_err *err);

typedef struct zz_dossier_answer_row {
    char req_id[51];
    char self_rating[21];
    char *statement; /* owned */
    int64_t updated_usec;
} zz_dossier_answer_row;
/* The answers in guide order. OUT: caller frees with zz_dossier_answers_free. */
int zz_dossier_answers(struct zz_ctx *cx, int64_t id, zz_dossier_answer_row **out, size_t *n,
                       zz_err *err);
void zz_dossier_answers_free(zz_dossier_answer_row *rows, size_t n);

/*
 * Sanitises an uploaded file name into out (at least ZZ_DOSSIER_FILENAME_MAX + 1 bytes): keeps the
 * part after the last '/' or '\', drops control characters and invalid UTF-8, trims spaces and
 * leading dots, cuts to ZZ_DOSSIER_FILENAME_MAX bytes on a character boundary keeping a short
 * extension, and falls back to "file" when nothing is left. Returns out.
 */
char *zz_dossier_sanitize_filename(char *out, const char *name);

/*
 * Adds an evidence file whose blob the caller already stored (blob.h), mapped to req_ids[0..n)
 * (n may be 0: map later). The blob must exist and match its digest (store.blob_missing,
 * store.blob_mismatch) and its size (ZZ_EINVAL "input.size"); req ids must be requirements of
 * the bound catalogue ("input.item"); mime NULL means application/octet-stream. Applicant roles
 * of the organisation, draft only. OUT: *evidence_id (may be NULL).
 */
int zz_dossier_add_evidence(struct zz_ctx *cx, int64_t id, const char *digest, const char *filename,
                            const char *mime, uint64_t size, const char *const *req_ids, size_t n,
                            int64_t *evidence_id, zz_err *err);
/* Maps / unmaps one evidence file of the dossier to one requirement. Mapping twice is a no-op;
 * unmapping what is not mapped is ZZ_ENOTFOUND "evidence.not_mapped". */
int zz_dossier_map_evidence(struct zz_ctx *cx, int64_t id, int64_t evidence_id, const char *req_id,
                            zz_err *err);
int zz_dossier_unmap_evidence(struct zz_ctx *cx, int64_t id, int64_t evidence_id,
                              const char *req_id, zz_err *err);
/* Removes an evidence file from the dossier with its mappings (the blob stays: blobs are shared
 * and kept for the archive). */
int zz_dossier_remove_evidence(struct zz_ctx *cx, int64_t id, int64_t evidence_id, zz_err *err);

typedef struct zz_dossier_evidence {
    int64_t id;
    char digest[65];
    char filename[ZZ_DOSSIER_FILENAME_MAX + 1];
    char mime[101];
    uint64_t size;
    int64_t uploaded_by;
    int64_t uploaded_usec;
    char **req_ids; /* owned, guide order is not implied: sorted by id text */
    size_t n_req_ids;
} zz_dossier_evidence;
/* Evidence of the dossier (oldest first) with its mapped requirements.
 * OUT: caller frees with zz_dossier_evidence_free. */
int zz_dossier_evidence_list(struct zz_ctx *cx, int64_t id, zz_dossier_evidence **out, size_t *n,
                             zz_err *err);
void zz_dossier_evidence_free(zz_dossier_evidence *ev, size_t n);

/* One line of the completeness report. */
typedef struct zz_finding {
    char item[80]; /* requirement id ("3.2.3-5"), "form.<key>" ("form" when the catalogue has
                      no form definition and the form is empty), or "dossier.stamped_scan",
                      "dossier.bound", "dossier.package" */
    char code[48]; /* answer.missing | evidence.missing | check.<check name> (a failing
                      data check, checks.h) | form.missing | form.invalid | scan.missing |
                      bound.missing | package.missing | package.stale */
    char rule[16]; /* the SPEC rule: "R-2.2", "R-1.3", "R-2.3" */
    char text_zh[600];
    char text_en[600];
} zz_finding;

/*
 * completeness check on today's date (the submission date if submitted now), item by item:
 * the form fields first (form order), then every requirement in guide order (no answer; no
 * evidence where the requirement expects document or record evidence and the answer is not
 * "not applicable"; data checks failing), then the materials (stamped scan, binding
 * declaration, package present and built from the current content). Available to the applicant at
 * any time; read-only. OUT: *findings (caller frees with free(); NULL when n is 0), *n.
 */
int zz_dossier_check(struct zz_ctx *cx, int64_t id, zz_finding **findings, size_t *n, zz_err *err);

/* The report as JSON text {"dossier_id","checked_on","complete","count","findings":[…]}.
 * Caller frees *out with free(). */
int zz_dossier_findings_json(char **out, int64_t dossier_id, zz_date checked_on,
                             const zz_finding *findings, size_t n, zz_err *err);
/* A dossier as JSON text (the fields above, form included when loaded). Caller frees. */
int zz_dossier_json(char **out, const zz_dossier *d, zz_err *err);

/* the scan of the stamped form (加盖公章), a blob already stored by the caller. */
int zz_dossier_set_stamped_scan(struct zz_ctx *cx, int64_t id, const char *digest, zz_err *err);
/* declares that the paper copy is bound (装订). */
int zz_dossier_declare_bound(struct zz_ctx *cx, int64_t id, zz_err *err);
/* the courier (快递) and tracking number; draft or submitted. */
int zz_dossier_set_courier(struct zz_ctx *cx, int64_t id, const char *courier,
                           const char *tracking_no, zz_err *err);

/*
 * builds the electronic package (光盘/U盘 content) as one zip: form.json,
 * self-assessment.json, form/stamped-scan.<ext> (when recorded), evidence/<req-id>/<file name> for
 * every mapped evidence file (evidence/unmapped/… for the others), manifest.json listing every file
 * with size and SM3, and manifest.sig (base64 SM2 by the system key over the manifest bytes). The
 * zip is written to out_path (NULL: only stored) and stored as a blob; its digest and the content
 * digest are recorded. Applicant roles, draft only. ZZ_ECONFLICT "dossier.changed" when the dossier
 * changed while the package was being built. OUT: package_digest (may be NULL).
 */
int zz_dossier_build_package(struct zz_ctx *cx, int64_t id, const char *out_path,
                             char package_digest[ZZ_SM3_HEXLEN + 1], zz_err *err);
/* Copies the recorded package blob to out_path (any time; visibility as for reads).
 * ZZ_ENOTFOUND "package.missing" when none was built. */
int zz_dossier_export_package(struct zz_ctx *cx, int64_t id, const char *out_path, zz_err *err);

/*
 * verifies the dossier's recorded package (for the certification body at paper receipt and
 * before acceptance review): the blob still matches its digest, the zip is safe and every
 * member matches the signed manifest (package.h), and the manifest names this dossier and the
 * content digest recorded. Returns 0 with *ok telling the outcome (when false, err holds the
 * package.* code naming the problem); < 0 only when the dossier cannot be read (visibility as for
 * reads) or the check could not run.
 */
int zz_dossier_package_verify(struct zz_ctx *cx, int64_t dossier_id, bool *ok, zz_err *err);
/* The same without the visibility check, for src/core (case.c) inside its own action. */
int zz_dossier__package_verify(struct zz_ctx *cx, int64_t dossier_id, bool *ok, zz_err *err);

/*
 * Submits: applicant_admin of the organisation only (R-0: members cannot submit).
 * Refused with ZZ_ERULE "gate.incomplete" (the count and the first findings in the message) while
 * the completeness check finds anything, and nothing is written. Otherwise re-classifies the type
 * on the submission date (today), records it with its reason, sets submitted_on and status
 * submitted, and creates the case (zz_case__create) in the same transaction. OUT: *case_id.
 */
int zz_dossier_submit(struct zz_ctx *cx, int64_t id, int64_t *case_id, zz_err *err);

/* The report of a rebind. Every string is owned; free with zz_rebind_report_free. */
typedef struct zz_rebind_report {
    char from_version[51];
    char to_version[51];
    bool changed;   /* false: already on the current version, nothing written */
    bool old_known; /* false when the old version's file is gone: added/reworded unknown */
    char **added;   /* requirement ids in the new version only (new guide order) */
    size_t n_added;
    char **removed; /* in the old version only */
    size_t n_removed;
    char **reworded; /* same id, different text */
    size_t n_reworded;
    char **dropped_answers; /* answers of removed items, dropped */
    size_t n_dropped_answers;
    char **dropped_mappings; /* "<evidence id>:<req id>" mappings to removed items, dropped */
    size_t n_dropped_mappings;
} zz_rebind_report;
void zz_rebind_report_free(zz_rebind_report *r);
/* The report as JSON text; caller frees. */
int zz_rebind_report_json(char **out, const zz_rebind_report *r, zz_err *err);

/*
 * moves a draft to the current catalogue version for its (category, level), dropping the
 * answers and evidence mappings of removed items, and reports what changed. Applicant roles.
 * OUT: *report (zeroed first; free with zz_rebind_report_free even after an error).
 */
int zz_dossier_rebind(struct zz_ctx *cx, int64_t id, zz_rebind_report *report, zz_err *err);

#endif
