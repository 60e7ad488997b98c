/*
 * dossier_store.h — SQL of dossiers, self-assessment answers, evidence and evidence mappings
 * (src/store/dossier_store.c), for src/core/dossier.c only. Storage only: who may do what, and
 * every rule of SPEC section 2, is decided in src/core/dossier.c before anything is written here.
 * Functions that write expect the caller's open transaction.
 */
#ifndef ZIZHI_DOSSIER_STORE_H
#define ZIZHI_DOSSIER_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/dossier.h"
#include "zizhi/store.h"

/* Inserts a draft from d (org_id, category, level, catalog_*, type fields, prior_cert_id).
 * OUT: *id. */
int zz_dossier_store_insert(zz_store *st, const zz_dossier *d, int64_t now_usec, int64_t *id,
                            zz_err *err);
/* One dossier with its organisation name and case id; with_form loads form_json.
 * ZZ_ENOTFOUND "dossier.not_found". Caller frees with zz_dossier_free. */
int zz_dossier_store_get(zz_store *st, int64_t id, bool with_form, zz_dossier **out, zz_err *err);

typedef struct zz_dossier_store_query {
    int64_t org_id;     /* 0 = any */
    const char *status; /* NULL = any */
    bool exclude_drafts;
    int64_t member_user_id; /* 0 = no restriction; else only dossiers whose case has this member */
    int64_t offset;
    int64_t limit;
} zz_dossier_store_query;
/* Newest first. Caller frees *out with zz_dossier_list_free. */
int zz_dossier_store_list(zz_store *st, const zz_dossier_store_query *q, zz_dossier **out,
                          size_t *n, int64_t *total, zz_err *err);

/* Type fields (app_type, timing, type_reason*, type_warning*, type_decided_on, prior_cert_id). */
int zz_dossier_store_set_type(zz_store *st, int64_t id, const zz_dossier *d, int64_t now_usec,
                              zz_err *err);
int zz_dossier_store_set_form(zz_store *st, int64_t id, const char *form_json, int64_t now_usec,
                              zz_err *err);
int zz_dossier_store_set_scan(zz_store *st, int64_t id, const char *digest, int64_t now_usec,
                              zz_err *err);
int zz_dossier_store_set_bound(zz_store *st, int64_t id, const char *on, int64_t user_id,
                               int64_t now_usec, zz_err *err);
int zz_dossier_store_set_courier(zz_store *st, int64_t id, const char *courier,
                                 const char *tracking_no, int64_t now_usec, zz_err *err);
int zz_dossier_store_set_package(zz_store *st, int64_t id, const char *digest,
                                 const char *content_digest, const char *on, int64_t now_usec,
                                 zz_err *err);
int zz_dossier_store_set_submitted(zz_store *st, int64_t id, const char *on, int64_t now_usec,
                                   zz_err *err);
int zz_dossier_store_set_catalog(zz_store *st, int64_t id, const char *version, int64_t now_usec,
                                 zz_err *err);

/* Inserts or replaces the answer for (id, req_id). */
int zz_dossier_store_answer_put(zz_store *st, int64_t id, const char *req_id, const char *rating,
                                const char *statement, int64_t now_usec, zz_err *err);
int zz_dossier_store_answer_delete(zz_store *st, int64_t id, const char *req_id, zz_err *err);
/* All answers, ordered by req_id text. Caller frees with zz_dossier_answers_free. */
int zz_dossier_store_answers(zz_store *st, int64_t id, zz_dossier_answer_row **out, size_t *n,
                             zz_err *err);

int zz_dossier_store_evidence_insert(zz_store *st, int64_t org_id, int64_t dossier_id,
                                     const char *digest, const char *filename, const char *mime,
                                     uint64_t size, int64_t user_id, int64_t now_usec,
                                     int64_t *evidence_id, zz_err *err);
/* Whether evidence_id belongs to dossier_id. */
int zz_dossier_store_evidence_of(zz_store *st, int64_t dossier_id, int64_t evidence_id, bool *out,
                                 zz_err *err);
int zz_dossier_store_item_exists(zz_store *st, int64_t evidence_id, const char *req_id, bool *out,
                                 zz_err *err);
int zz_dossier_store_item_insert(zz_store *st, int64_t evidence_id, const char *req_id,
                                 zz_err *err);
/* OUT: *deleted, the number of mappings removed. */
int zz_dossier_store_item_delete(zz_store *st, int64_t evidence_id, const char *req_id,
                                 int *deleted, zz_err *err);
/* Removes an evidence row with its mappings. */
int zz_dossier_store_evidence_delete(zz_store *st, int64_t evidence_id, zz_err *err);
/* Evidence of a dossier, oldest first, with mapped req ids sorted. Caller frees with
 * zz_dossier_evidence_free. */
int zz_dossier_store_evidence_list(zz_store *st, int64_t dossier_id, zz_dossier_evidence **out,
                                   size_t *n, zz_err *err);

/* The organisation's name and USCC; *found false when there is no such organisation. */
int zz_dossier_store_org(zz_store *st, int64_t org_id, char name[201], char uscc[19], bool *found,
                         zz_err *err);

/* The certificate counts from: the organisation's latest (by issue date, then id)
 * certificate of (category, level) that has not been superseded. Dates "" when NULL. */
typedef struct zz_dossier_cert_row {
    int64_t id;
    char issue_date[11];
    char expiry_date[11];
    char revoked_on[11];
} zz_dossier_cert_row;
int zz_dossier_store_latest_cert(zz_store *st, int64_t org_id, const char *category, int level,
                                 zz_dossier_cert_row *out, bool *found, zz_err *err);

/* Whether user_id is assigned (case_members) to the case of dossier_id. */
int zz_dossier_store_is_case_member(zz_store *st, int64_t dossier_id, int64_t user_id, bool *out,
                                    zz_err *err);

/* The byte size of a stored blob (blob.h layout). ZZ_ENOTFOUND "store.blob_missing". */
int zz_dossier_store_blob_size(const char *data_dir, const char *digest, uint64_t *size,
                               zz_err *err);

#endif
