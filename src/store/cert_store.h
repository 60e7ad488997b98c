/*
 * cert_store.h — the SQL of certificates and batches (src/store/cert_store.c), used by
 * src/core/cert.c (and sanction.c for the certificate facts) only: batches,
 * certificates, cert_number_counters, cases.batch_id, and the few facts of cases, dossiers,
 * organisations, sanctions and settings that issue and status derivation read. Storage only: the
 * rules live in src/core/cert.c. No sqlite3 type appears here.
 */
#ifndef ZIZHI_CERT_STORE_H
#define ZIZHI_CERT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/cert.h"
#include "zizhi/store.h"

/* The setting's value or NULL when not set. OUT: *value, caller frees with free(). */
int zz_cert_store_setting(zz_store *st, const char *key, char **value, zz_err *err);

/* Raises the counter of scope by one (created at 1). OUT: *seq, the new value. */
int zz_cert_store_next_seq(zz_store *st, const char *scope, int64_t *seq, zz_err *err);
/* Whether a certificate (certificates=true) or batch number is taken. */
int zz_cert_store_number_taken(zz_store *st, bool certificates, const char *number, bool *out,
                               zz_err *err);

/* ---- batches ---- */

int zz_cert_store_batch_insert(zz_store *st, const char *number, const char *created_on,
                               int64_t created_by, int64_t *id, zz_err *err);
/* ZZ_ENOTFOUND "batch.not_found". */
int zz_cert_store_batch_get(zz_store *st, int64_t id, zz_batch *out, zz_err *err);
/* Newest first. OUT: *out (free()), *n. */
int zz_cert_store_batch_list(zz_store *st, zz_batch **out, size_t *n, zz_err *err);
/* status "issued" sets issued_on/issued_by, "published" published_on/published_by. */
int zz_cert_store_batch_set_status(zz_store *st, int64_t id, const char *status, const char *on,
                                   int64_t by, zz_err *err);
/* Case ids of the batch, by case number. OUT: *out (free()), *n. */
int zz_cert_store_batch_cases(zz_store *st, int64_t batch_id, int64_t **out, size_t *n,
                              zz_err *err);
/* Sets cases.batch_id (0: NULL). */
int zz_cert_store_case_set_batch(zz_store *st, int64_t case_id, int64_t batch_id, zz_err *err);

/* ---- issue ---- */

/* What issuing a case's certificate reads. */
typedef struct zz_cert_issue_facts {
    int64_t case_id;
    char case_number[41];
    int64_t org_id;
    char org_name[201];
    char uscc[19];
    char category[51];
    int level;
    char app_type[13];     /* initial | maintenance */
    int64_t existing_cert; /* a certificate already issued for the case (0: none) */
} zz_cert_issue_facts;

/* ZZ_ENOTFOUND "case.not_found". */
int zz_cert_store_issue_facts(zz_store *st, int64_t case_id, zz_cert_issue_facts *out, zz_err *err);

/* Inserts c (number … audit_head, record, signature). OUT: *id. */
int zz_cert_store_insert(zz_store *st, const zz_cert *c, int64_t *id, zz_err *err);

/*
 * default: marks superseded on `on` by new_id every certificate of (org, category, level)
 * other than new_id, issued before `on`, neither revoked nor superseded. OUT: *n rows.
 */
int zz_cert_store_supersede(zz_store *st, int64_t org_id, const char *category, int level,
                            int64_t new_id, const char *on, int64_t *n, zz_err *err);

/* ---- reads ---- */

/* One certificate (status fields left zero). with_record also fills record and signature
 * (owned; zz_cert_clear). ZZ_ENOTFOUND "cert.not_found". */
int zz_cert_store_get(zz_store *st, int64_t id, bool with_record, zz_cert *out, zz_err *err);
int zz_cert_store_get_by_number(zz_store *st, const char *number, bool with_record, zz_cert *out,
                                zz_err *err);

typedef struct zz_cert_store_query {
    int64_t org_id;   /* 0 = any */
    int64_t batch_id; /* 0 = any */
    bool published_only;
    const char *text; /* registry query: number or USCC equal, or name containing; NULL = any */
    int64_t offset;
    int64_t limit;  /* < 0: all */
    bool by_number; /* order by number (registry) instead of newest issue first */
} zz_cert_store_query;

/* OUT: *out (zz_cert_list_free), *n, *total (matching rows without the page). */
int zz_cert_store_list(zz_store *st, const zz_cert_store_query *q, zz_cert **out, size_t *n,
                       int64_t *total, zz_err *err);

/*
 * The same page with the recorded decisions derives each row's status from, read in the
 * same single statement as the page (no query per row): revoked_on and superseded_on are in each
 * row; the suspensions (as zz_cert_store_suspensions reads them) come in *susp, row by row in page
 * order and oldest first within a row, row i owning the next (*n_susp)[i] of them.
 * OUT: *out (zz_cert_list_free), *n, *total, *susp and *n_susp (n entries; both free()).
 */
int zz_cert_store_list_decisions(zz_store *st, const zz_cert_store_query *q, zz_cert **out,
                                 size_t *n, int64_t *total, zz_cert_suspension **susp,
                                 size_t **n_susp, zz_err *err);

/* The suspensions (sanctions of kind suspension) of a certificate, oldest first; one lifted by
 * annulment counts as lifted that day. OUT: *out (free()), *n. */
int zz_cert_store_suspensions(zz_store *st, int64_t cert_id, zz_cert_suspension **out, size_t *n,
                              zz_err *err);

#endif
