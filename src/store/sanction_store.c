/*
 * sanction_store.c — SQL of sanctions (see sanction_store.h). Storage only: every rule is in
 * src/core/sanction.c.
 */
#include "store/sanction_store.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

#define COPY(dst, s, col) snprintf((dst), sizeof(dst), "%s", zz_store__col_text((s), (col)))

int zz_sanction_store_org(zz_store *st, int64_t org_id, char name[201], zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "SELECT name FROM organisations WHERE id = ?1", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, org_id);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) snprintf(name, 201, "%s", zz_store__col_text(s, 0));
    sqlite3_finalize(s);
    if (rc == ZZ_STORE_DONE)
        return zz_err_set(err, ZZ_ENOTFOUND, "org.not_found", "没有编号为 %lld 的单位",
                          "no organisation %lld", (long long)org_id);
    return rc < 0 ? rc : ZZ_OK;
}

static const char *kind_code(zz_sanction_kind k)
{
    return zz_sanction_kind_code(k);
}

int zz_sanction_store_insert(zz_store *st, const zz_sanction *x, int64_t *id, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO sanctions (org_id, cert_id, kind, violation, evidence,"
                               " decision, decided_on, decided_by, deadline)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, x->org_id);
    if (x->cert_id > 0) zz_store__bind_int64(s, 2, x->cert_id);
    zz_store__bind_text(s, 3, kind_code(x->kind));
    zz_store__bind_text(s, 4, x->violation);
    zz_store__bind_text(s, 5, x->evidence);
    zz_store__bind_text(s, 6, x->decision);
    zz_store__bind_text(s, 7, x->decided_on);
    zz_store__bind_int64(s, 8, x->decided_by);
    zz_store__bind_text(s, 9, *x->deadline ? x->deadline : NULL);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    *id = (int64_t)sqlite3_last_insert_rowid(zz_store__db(st));
    return ZZ_OK;
}

#define SANCTION_SELECT                                                                            \
    "SELECT s.id, s.org_id, o.name, s.cert_id, c.number, s.kind, s.violation, s.evidence,"         \
    " s.decision, s.decided_on, s.decided_by, u.username, s.deadline, s.rectified_on,"             \
    " s.lifted_on, s.annulled_on, s.annulled_by_appeal"                                            \
    " FROM sanctions s JOIN organisations o ON o.id = s.org_id"                                    \
    " LEFT JOIN certificates c ON c.id = s.cert_id LEFT JOIN users u ON u.id = s.decided_by"

static int read_sanction(sqlite3_stmt *s, zz_sanction *x, zz_err *err)
{
    memset(x, 0, sizeof *x);
    x->id = sqlite3_column_int64(s, 0);
    x->org_id = sqlite3_column_int64(s, 1);
    COPY(x->org_name, s, 2);
    x->cert_id = sqlite3_column_int64(s, 3);
    COPY(x->cert_number, s, 4);
    zz_sanction_kind_parse(&x->kind, zz_store__col_text(s, 5), NULL);
    x->violation = zz_store__col_dup(s, 6);
    x->evidence = zz_store__col_dup(s, 7);
    x->decision = zz_store__col_dup(s, 8);
    COPY(x->decided_on, s, 9);
    x->decided_by = sqlite3_column_int64(s, 10);
    COPY(x->decided_by_name, s, 11);
    COPY(x->deadline, s, 12);
    COPY(x->rectified_on, s, 13);
    COPY(x->lifted_on, s, 14);
    COPY(x->annulled_on, s, 15);
    x->annulled_by_appeal = sqlite3_column_int64(s, 16);
    if (!x->violation || !x->evidence || !x->decision) {
        zz_sanction_clear(x);
        return zz_store__nomem(err);
    }
    return ZZ_OK;
}

int zz_sanction_store_get(zz_store *st, int64_t id, zz_sanction *out, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, SANCTION_SELECT " WHERE s.id = ?1", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, id);
    rc = zz_store__step(st, s, err);
    bool found = rc == ZZ_STORE_ROW;
    if (found) rc = read_sanction(s, out, err);
    sqlite3_finalize(s);
    if (rc >= 0 && !found)
        return zz_err_set(err, ZZ_ENOTFOUND, "sanction.not_found", "没有编号为 %lld 的处置记录",
                          "no sanction %lld", (long long)id);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_sanction_store_list(zz_store *st, const zz_sanction_store_query *q, zz_sanction **out,
                           size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               q->overdue_on ? SANCTION_SELECT
                                   " WHERE (?1 = 0 OR s.org_id = ?1) AND (?2 = 0 OR s.cert_id = ?2)"
                                   " AND s.kind = 'rectification' AND s.rectified_on IS NULL"
                                   " AND s.annulled_on IS NULL AND s.deadline < ?3"
                                   " ORDER BY s.deadline, s.id"
                                             : SANCTION_SELECT
                                   " WHERE (?1 = 0 OR s.org_id = ?1) AND (?2 = 0 OR s.cert_id = ?2)"
                                   " ORDER BY s.decided_on DESC, s.id DESC",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, q->org_id);
    zz_store__bind_int64(s, 2, q->cert_id);
    if (q->overdue_on) zz_store__bind_text(s, 3, q->overdue_on);
    size_t cap = 0;
    zz_sanction *v = NULL;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            zz_sanction *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            v = nv;
            cap = nc;
        }
        if ((rc = read_sanction(s, &v[*n], err)) < 0) break;
        (*n)++;
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        zz_sanction_list_free(v, *n);
        *n = 0;
        return rc;
    }
    *out = v;
    return ZZ_OK;
}

int zz_sanction_store_mark(zz_store *st, int64_t id, const char *what, const char *on, int64_t by,
                           zz_err *err)
{
    const char *sql =
        strcmp(what, "lifted") == 0
            ? "UPDATE sanctions SET lifted_on = ?2, lifted_by = ?3 WHERE id = ?1"
        : strcmp(what, "rectified") == 0
            ? "UPDATE sanctions SET rectified_on = ?2, rectified_by = ?3 WHERE id = ?1"
            : "UPDATE sanctions SET annulled_on = ?2, annulled_by_appeal = ?3 WHERE id = ?1";
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, id);
    zz_store__bind_text(s, 2, on);
    if (by > 0) zz_store__bind_int64(s, 3, by);
    return zz_store__run(st, s, err);
}

int zz_sanction_store_cert_revoked(zz_store *st, int64_t cert_id, const char *on, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc =
        zz_store__prepare(st, &s, "UPDATE certificates SET revoked_on = ?2 WHERE id = ?1", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, cert_id);
    zz_store__bind_text(s, 2, on);
    return zz_store__run(st, s, err);
}
