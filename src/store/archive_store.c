/*
 * archive_store.c — SQL of archive records and of what the archive export reads (see
 * archive_store.h). Storage only: every rule is in src/core/archive.c.
 */
#include "store/archive_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

#define COPY(dst, s, col) snprintf((dst), sizeof(dst), "%s", zz_store__col_text((s), (col)))

#define ARCHIVE_SELECT                                                                             \
    "SELECT a.case_id, k.number, k.org_id, o.name, a.closed_on, a.keep_until, a.legal_hold,"       \
    " a.hold_reason, a.disposal_approved_on, a.disposal_approved_by, a.disposed_on"                \
    " FROM archives a JOIN cases k ON k.id = a.case_id"                                            \
    " JOIN organisations o ON o.id = k.org_id"

static void read_archive(sqlite3_stmt *s, zz_archive *a)
{
    memset(a, 0, sizeof *a);
    a->case_id = sqlite3_column_int64(s, 0);
    COPY(a->case_number, s, 1);
    a->org_id = sqlite3_column_int64(s, 2);
    COPY(a->org_name, s, 3);
    COPY(a->closed_on, s, 4);
    COPY(a->keep_until, s, 5);
    a->legal_hold = sqlite3_column_int(s, 6) != 0;
    COPY(a->hold_reason, s, 7);
    COPY(a->disposal_approved_on, s, 8);
    a->disposal_approved_by = sqlite3_column_int64(s, 9);
    COPY(a->disposed_on, s, 10);
}

int zz_archive_store_get(zz_store *st, int64_t case_id, zz_archive *out, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, ARCHIVE_SELECT " WHERE a.case_id = ?1", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) read_archive(s, out);
    sqlite3_finalize(s);
    if (rc == ZZ_STORE_DONE)
        return zz_err_rule(err, ZZ_ENOTFOUND, "archive.not_found", "R-7.1",
                           "项目 %lld 没有归档记录", "case %lld has no archive record",
                           (long long)case_id);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_archive_store_list(zz_store *st, const char *due_on, zz_archive **out, size_t *n,
                          zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               due_on ? ARCHIVE_SELECT " WHERE a.disposed_on IS NULL"
                                                       " AND a.keep_until <= ?1"
                                                       " ORDER BY a.keep_until, a.case_id"
                                      : ARCHIVE_SELECT " ORDER BY a.closed_on, a.case_id",
                               err);
    if (rc < 0) return rc;
    if (due_on) zz_store__bind_text(s, 1, due_on);
    size_t cap = 0;
    zz_archive *v = NULL;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            zz_archive *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            v = nv;
            cap = nc;
        }
        read_archive(s, &v[(*n)++]);
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        free(v);
        *n = 0;
        return rc;
    }
    *out = v;
    return ZZ_OK;
}

int zz_archive_store_hold(zz_store *st, int64_t case_id, const char *reason, const char *on,
                          int64_t by, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO archive_holds (case_id, reason, held_on, held_by)"
                               " VALUES (?1, ?2, ?3, ?4)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, reason);
    zz_store__bind_text(s, 3, on);
    zz_store__bind_int64(s, 4, by);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    rc = zz_store__prepare(
        st, &s, "UPDATE archives SET legal_hold = 1, hold_reason = ?2 WHERE case_id = ?1", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, reason);
    return zz_store__run(st, s, err);
}

int zz_archive_store_release(zz_store *st, int64_t case_id, const char *reason, const char *on,
                             int64_t by, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "UPDATE archive_holds SET released_on = ?2, released_by = ?3,"
                               " release_reason = ?4 WHERE case_id = ?1 AND released_on IS NULL",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, on);
    zz_store__bind_int64(s, 3, by);
    zz_store__bind_text(s, 4, reason);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    rc = zz_store__prepare(st, &s,
                           "UPDATE archives SET legal_hold = 0, hold_reason = NULL"
                           " WHERE case_id = ?1",
                           err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    return zz_store__run(st, s, err);
}

int zz_archive_store_mark(zz_store *st, int64_t case_id, bool dispose, const char *on, int64_t by,
                          zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               dispose ? "UPDATE archives SET disposed_on = ?2, disposed_by = ?3"
                                         " WHERE case_id = ?1"
                                       : "UPDATE archives SET disposal_approved_on = ?2,"
                                         " disposal_approved_by = ?3 WHERE case_id = ?1",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, on);
    if (by > 0) zz_store__bind_int64(s, 3, by);
    return zz_store__run(st, s, err);
}

/* ---- what the export reads (R-7.2) ---------------------------------------------------------- */

void zz_archive_store_evidence_free(zz_archive_evidence *v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < v[i].n_req_ids; k++)
            free(v[i].req_ids[k]);
        free(v[i].req_ids);
    }
    free(v);
}

static int evidence_items(zz_store *st, zz_archive_evidence *e, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(
        st, &s, "SELECT req_id FROM evidence_items WHERE evidence_id = ?1 ORDER BY req_id", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, e->id);
    size_t cap = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (e->n_req_ids == cap) {
            size_t nc = cap ? cap * 2 : 4;
            char **nv = realloc(e->req_ids, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            e->req_ids = nv;
            cap = nc;
        }
        if (!(e->req_ids[e->n_req_ids] = zz_store__col_dup(s, 0))) {
            rc = zz_store__nomem(err);
            break;
        }
        e->n_req_ids++;
    }
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_archive_store_evidence(zz_store *st, int64_t case_id, int64_t dossier_id,
                              zz_archive_evidence **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT id, digest, filename, mime, size, dossier_id, case_id"
                               " FROM evidence WHERE dossier_id = ?1 OR case_id = ?2 ORDER BY id",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, dossier_id);
    zz_store__bind_int64(s, 2, case_id);
    size_t cap = 0;
    zz_archive_evidence *v = NULL;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            zz_archive_evidence *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            v = nv;
            cap = nc;
        }
        zz_archive_evidence *e = &v[(*n)++];
        memset(e, 0, sizeof *e);
        e->id = sqlite3_column_int64(s, 0);
        COPY(e->digest, s, 1);
        COPY(e->filename, s, 2);
        COPY(e->mime, s, 3);
        e->size = sqlite3_column_int64(s, 4);
        e->dossier_id = sqlite3_column_int64(s, 5);
        e->case_id = sqlite3_column_int64(s, 6);
    }
    sqlite3_finalize(s);
    for (size_t i = 0; rc >= 0 && i < *n; i++)
        rc = evidence_items(st, &v[i], err);
    if (rc < 0) {
        zz_archive_store_evidence_free(v, *n);
        *n = 0;
        return rc;
    }
    *out = v;
    return ZZ_OK;
}

int zz_archive_store_audit(zz_store *st, const char *obj_type, const char *obj_id,
                           zz_audit_entry **v, size_t *n, size_t *cap, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT seq, at_usec, business_date, actor, action, obj_type,"
                               " obj_id, obj_digest, detail, prev_digest, digest FROM audit_log"
                               " WHERE obj_type = ?1 AND obj_id = ?2 ORDER BY seq",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, obj_type);
    zz_store__bind_text(s, 2, obj_id);
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (*n == *cap) {
            size_t nc = *cap ? *cap * 2 : 16;
            zz_audit_entry *nv = realloc(*v, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            *v = nv;
            *cap = nc;
        }
        zz_audit_entry *e = &(*v)[*n];
        memset(e, 0, sizeof *e);
        (*n)++;
        e->seq = sqlite3_column_int64(s, 0);
        e->at_usec = sqlite3_column_int64(s, 1);
        COPY(e->business_date, s, 2);
        e->actor = zz_store__col_dup(s, 3);
        e->action = zz_store__col_dup(s, 4);
        e->obj_type = zz_store__col_dup(s, 5);
        e->obj_id = zz_store__col_dup(s, 6);
        e->obj_digest = zz_store__col_dup(s, 7);
        e->detail = zz_store__col_dup(s, 8);
        COPY(e->prev_digest, s, 9);
        COPY(e->digest, s, 10);
        if (!e->actor || !e->action || !e->obj_type || !e->obj_id || !e->obj_digest || !e->detail) {
            rc = zz_store__nomem(err);
            break;
        }
    }
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

static int ids_of(zz_store *st, const char *sql, int64_t case_id, int64_t **out, size_t *n,
                  zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    size_t cap = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 4;
            int64_t *nv = realloc(*out, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            *out = nv;
            cap = nc;
        }
        (*out)[(*n)++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        free(*out);
        *out = NULL;
        *n = 0;
        return rc;
    }
    return ZZ_OK;
}

int zz_archive_store_related(zz_store *st, int64_t case_id, int64_t **appeals, size_t *n_appeals,
                             int64_t **certs, size_t *n_certs, zz_err *err)
{
    int rc = ids_of(st, "SELECT id FROM appeals WHERE case_id = ?1 ORDER BY id", case_id, appeals,
                    n_appeals, err);
    if (rc < 0) return rc;
    rc = ids_of(st, "SELECT id FROM certificates WHERE case_id = ?1 ORDER BY id", case_id, certs,
                n_certs, err);
    if (rc < 0) {
        free(*appeals);
        *appeals = NULL;
        *n_appeals = 0;
    }
    return rc;
}
