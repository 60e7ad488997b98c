/*
 * case_store.h — the SQL of the case lifecycle (src/store/case_store.c), used by src/core/case.c
 * only: cases, case_members, case_pauses, review_opinions, agreements, invoice_lines, payments,
 * archives, case_number_counters, and the few facts of dossiers, organisations, users and
 * settings that the gates read. Storage only: the rules live in src/core/case.c.
 * No sqlite3 type appears here.
 */
#ifndef ZIZHI_CASE_STORE_H
#define ZIZHI_CASE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/case.h"
#include "zizhi/cycle.h"
#include "zizhi/fee.h"
#include "zizhi/store.h"

/* ---- cases ---- */

/* Inserts c (number, dossier_id, org_id, stage, state, submitted_on). OUT: *id. */
int zz_case_store_insert(zz_store *st, const zz_case *c, int64_t now_usec, int64_t *id,
                         zz_err *err);
/* ZZ_ENOTFOUND "case.not_found". */
int zz_case_store_load(zz_store *st, int64_t id, zz_case *out, zz_err *err);
int zz_case_store_load_by_number(zz_store *st, const char *number, zz_case *out, zz_err *err);
/* Whether a case exists for the dossier. */
int zz_case_store_exists_for_dossier(zz_store *st, int64_t dossier_id, bool *out, zz_err *err);
/* Writes every mutable column of c (stage … close_reason) to row c->id. */
int zz_case_store_update(zz_store *st, const zz_case *c, int64_t now_usec, zz_err *err);
/* Sets paper_note / exception_note. */
int zz_case_store_set_note(zz_store *st, int64_t id, bool exception, const char *note, zz_err *err);

/* Who sees what (case.h visibility): the actor's facts, resolved by the core. */
typedef struct zz_case_scope {
    bool all;          /* system, manager, supervisor */
    int64_t org_id;    /* applicant: this organisation's cases (0 = none) */
    int64_t member_id; /* project_lead/assessor/expert: cases this user is assigned to (0 = none) */
    bool certification; /* cert_officer: cases in stage certification */
} zz_case_scope;

/* Whether case id is within scope. */
int zz_case_store_visible(zz_store *st, const zz_case_scope *scope, int64_t id, bool *out,
                          zz_err *err);
/* Rows within scope matching f (already validated), newest submission first.
 * OUT: *out (caller frees with free()), *n, *total. */
int zz_case_store_list(zz_store *st, const zz_case_scope *scope, const zz_case_filter *f,
                       int64_t limit, zz_case **out, size_t *n, int64_t *total, zz_err *err);

/* ---- numbering ---- */

/* Raises the counter of scope by one (created at 1). OUT: *seq, the new value. */
int zz_case_store_next_seq(zz_store *st, const char *scope, int64_t *seq, zz_err *err);
int zz_case_store_number_taken(zz_store *st, const char *number, bool *out, zz_err *err);

/* ---- facts read by the gates ---- */

typedef struct zz_case_dossier_facts {
    int64_t id;
    int64_t org_id;
    char category[51];
    int level;
    char app_type[13];
    char status[13];
    bool stamped;     /* stamped_scan set */
    bool bound;       /* bound_declared */
    bool has_package; /* package_digest set */
} zz_case_dossier_facts;

/* ZZ_ENOTFOUND "dossier.not_found". */
int zz_case_store_dossier(zz_store *st, int64_t dossier_id, zz_case_dossier_facts *out,
                          zz_err *err);
/* a submitted dossier becomes withdrawn with its case. */
int zz_case_store_dossier_withdraw(zz_store *st, int64_t dossier_id, int64_t now_usec, zz_err *err);

typedef struct zz_case_org_facts {
    int64_t id;
    char name[201];
    bool legal_person;
    bool has_exception_reason; /* justification recorded */
    char email[201];           /* designated address (指定电子邮箱) */
} zz_case_org_facts;

/* ZZ_ENOTFOUND "org.not_found". */
int zz_case_store_org(zz_store *st, int64_t org_id, zz_case_org_facts *out, zz_err *err);

/* The setting's value or NULL when not set. OUT: *value, caller frees with free(). */
int zz_case_store_setting(zz_store *st, const char *key, char **value, zz_err *err);

/* ---- members ---- */

int zz_case_store_member_is(zz_store *st, int64_t case_id, int64_t user_id, const char *role,
                            bool *out, zz_err *err);
int zz_case_store_member_add(zz_store *st, int64_t case_id, int64_t user_id, const char *role,
                             const char *on, zz_err *err);
/* Removes the row(s): user_id 0 means every user in that role. OUT: *removed rows. */
int zz_case_store_member_remove(zz_store *st, int64_t case_id, int64_t user_id, const char *role,
                                int64_t *removed, zz_err *err);
/* OUT: *out (caller frees with free()), *n. */
int zz_case_store_members(zz_store *st, int64_t case_id, zz_case_member **out, size_t *n,
                          zz_err *err);

/* ---- pauses (R-3.7) ---- */

int zz_case_store_pause_start(zz_store *st, int64_t case_id, const char *cause, const char *on,
                              zz_err *err);
/* Ends the open pause of cause (NULL: every open pause) on max(on, its start).
 * OUT: *ended rows when ended is not NULL. */
int zz_case_store_pause_end(zz_store *st, int64_t case_id, const char *cause, const char *on,
                            int64_t *ended, zz_err *err);
/* Whether a pause of cause is open; OUT: *start (its start, "YYYY-MM-DD") when open. */
int zz_case_store_pause_open(zz_store *st, int64_t case_id, const char *cause, bool *open,
                             char start[11], zz_err *err);
/* Every pause, oldest first. OUT: *out (caller frees with free()), *n. */
int zz_case_store_pauses(zz_store *st, int64_t case_id, zz_pause **out, size_t *n, zz_err *err);

/* ---- review opinions (R-3.2) ---- */

int zz_case_store_opinion_insert(zz_store *st, int64_t case_id, const char *outcome,
                                 const char *opinion, const char *on, int64_t by, zz_err *err);
/* OUT: free with zz_case_opinions_free. */
int zz_case_store_opinions(zz_store *st, int64_t case_id, zz_case_opinion **out, size_t *n,
                           zz_err *err);

/* ---- agreement, invoice, payments (R-3.3, R-9.2) ---- */

/* Fills the agreement fields of out (has_agreement false when none). */
int zz_case_store_agreement(zz_store *st, int64_t case_id, zz_case_initiation *out, zz_err *err);
int zz_case_store_agreement_insert(zz_store *st, int64_t case_id, const char *template_name,
                                   const char *drafted_on, zz_err *err);
/* Sets sent_on (effective false) or effective_on (effective true). */
int zz_case_store_agreement_set(zz_store *st, int64_t case_id, bool effective, const char *on,
                                zz_err *err);
int zz_case_store_invoice_add(zz_store *st, int64_t case_id, const zz_fee_item *item,
                              const char *issued_on, zz_err *err);
/* Fills lines/n_lines and payments/n_payments of out (owned by out). */
int zz_case_store_money(zz_store *st, int64_t case_id, zz_case_initiation *out, zz_err *err);
int zz_case_store_payment_add(zz_store *st, int64_t case_id, const char *paid_on,
                              int64_t amount_fen, const char *reference, int64_t by, zz_err *err);

/* ---- archive (R-7.1) ---- */

int zz_case_store_archive_insert(zz_store *st, int64_t case_id, const char *closed_on,
                                 const char *keep_until, zz_err *err);

#endif
