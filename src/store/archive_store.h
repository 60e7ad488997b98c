/*
 * archive_store.h — the SQL of archive records (src/store/archive_store.c), used by
 * src/core/archive.c only: archives, archive_holds, and what the export reads of a case's
 * evidence rows and audit entries. Storage only: the rules live in src/core/archive.c.
 * No sqlite3 type appears here.
 */
#ifndef ZIZHI_ARCHIVE_STORE_H
#define ZIZHI_ARCHIVE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/archive.h"
#include "zizhi/audit.h"
#include "zizhi/store.h"

/* ZZ_ENOTFOUND "archive.not_found". (out->due is left false: the core derives it.) */
int zz_archive_store_get(zz_store *st, int64_t case_id, zz_archive *out, zz_err *err);
/* All archives by closing date, or (due_on not NULL) those not disposed with keep_until <=
 * due_on, oldest keep_until first. OUT: *out (free()), *n. */
int zz_archive_store_list(zz_store *st, const char *due_on, zz_archive **out, size_t *n,
                          zz_err *err);

/* Puts a hold on (history row + legal_hold = 1, hold_reason). */
int zz_archive_store_hold(zz_store *st, int64_t case_id, const char *reason, const char *on,
                          int64_t by, zz_err *err);
/* Lifts the open hold (history row closed + legal_hold = 0). */
int zz_archive_store_release(zz_store *st, int64_t case_id, const char *reason, const char *on,
                             int64_t by, zz_err *err);
/* Records the disposal approval, or (dispose = true) the disposal. */
int zz_archive_store_mark(zz_store *st, int64_t case_id, bool dispose, const char *on, int64_t by,
                          zz_err *err);

/* One evidence row of a case (its dossier's and the assessors'). */
typedef struct zz_archive_evidence {
    int64_t id;
    char digest[65];
    char filename[256];
    char mime[101];
    int64_t size;
    int64_t dossier_id; /* 0 when collected on the case */
    int64_t case_id;    /* 0 when part of the dossier */
    char **req_ids;     /* owned: the requirements it is mapped to */
    size_t n_req_ids;
} zz_archive_evidence;

/* OUT: *out (zz_archive_store_evidence_free), *n; by id. */
int zz_archive_store_evidence(zz_store *st, int64_t case_id, int64_t dossier_id,
                              zz_archive_evidence **out, size_t *n, zz_err *err);
void zz_archive_store_evidence_free(zz_archive_evidence *v, size_t n);

/* The audit entries on object (obj_type, obj_id), in chain order, appended to *v (realloc'd;
 * *n and *cap updated). Free the array with zz_audit_list_free. */
int zz_archive_store_audit(zz_store *st, const char *obj_type, const char *obj_id,
                           zz_audit_entry **v, size_t *n, size_t *cap, zz_err *err);
/* Ids of the appeals filed against the case, and of the certificates issued for it. OUT: free(). */
int zz_archive_store_related(zz_store *st, int64_t case_id, int64_t **appeals, size_t *n_appeals,
                             int64_t **certs, size_t *n_certs, zz_err *err);

#endif
