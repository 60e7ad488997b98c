/*
 * sanction_store.h — the SQL of sanctions (src/store/sanction_store.c), used by
 * src/core/sanction.c only: sanctions, certificates.revoked_on, and the organisation facts the
 * decisions read. Storage only: the rules live in src/core/sanction.c. No sqlite3 type here.
 */
#ifndef ZIZHI_SANCTION_STORE_H
#define ZIZHI_SANCTION_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/sanction.h"
#include "zizhi/store.h"

/* The organisation's name; ZZ_ENOTFOUND "org.not_found". */
int zz_sanction_store_org(zz_store *st, int64_t org_id, char name[201], zz_err *err);

/* Inserts s (org_id, cert_id, kind, violation, evidence, decision, decided_on, decided_by,
 * deadline). OUT: *id. */
int zz_sanction_store_insert(zz_store *st, const zz_sanction *s, int64_t *id, zz_err *err);
/* ZZ_ENOTFOUND "sanction.not_found". OUT: *out (zz_sanction_clear). */
int zz_sanction_store_get(zz_store *st, int64_t id, zz_sanction *out, zz_err *err);

typedef struct zz_sanction_store_query {
    int64_t org_id;         /* 0 = any */
    int64_t cert_id;        /* 0 = any */
    const char *overdue_on; /* "YYYY-MM-DD": only open rectifications with deadline before it */
} zz_sanction_store_query;
/* Newest first, or oldest deadline first for overdue_on. OUT: *out (zz_sanction_list_free). */
int zz_sanction_store_list(zz_store *st, const zz_sanction_store_query *q, zz_sanction **out,
                           size_t *n, zz_err *err);

/* Sets lifted_on (what "lifted"), rectified_on ("rectified") with the user, or annulled_on
 * ("annulled") with the appeal id in by. */
int zz_sanction_store_mark(zz_store *st, int64_t id, const char *what, const char *on, int64_t by,
                           zz_err *err);
/* Sets (on non-NULL) or clears (NULL) certificates.revoked_on. */
int zz_sanction_store_cert_revoked(zz_store *st, int64_t cert_id, const char *on, zz_err *err);

#endif
