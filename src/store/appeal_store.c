/*
 * appeal_store.c — SQL of appeals and complaint records (see appeal_store.h). Storage only: every
 * rule is in src/core/appeal.c.
 */
#include "store/appeal_store.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

#define COPY(dst, s, col) snprintf((dst), sizeof(dst), "%s", zz_store__col_text((s), (col)))

/* "" → NULL, so that unset values stay SQL NULL. */
static const char *nz(const char *s)
{
    return s && *s ? s : NULL;
}

/* ---- appeals -------------------------------------------------------------------------------- */

int zz_appeal_store_insert(zz_store *st, const zz_appeal *a, int64_t *id, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO appeals (org_id, case_id, sanction_id, subject,"
                               " from_stage, from_state, grounds, filed_on, filed_by, status)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'open')",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, a->org_id);
    if (a->case_id > 0) zz_store__bind_int64(s, 2, a->case_id);
    if (a->sanction_id > 0) zz_store__bind_int64(s, 3, a->sanction_id);
    zz_store__bind_text(s, 4, a->subject);
    zz_store__bind_text(s, 5, nz(a->from_stage));
    zz_store__bind_text(s, 6, nz(a->from_state));
    zz_store__bind_text(s, 7, a->grounds);
    zz_store__bind_text(s, 8, a->filed_on);
    zz_store__bind_int64(s, 9, a->filed_by);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    *id = (int64_t)sqlite3_last_insert_rowid(zz_store__db(st));
    return ZZ_OK;
}

#define APPEAL_SELECT                                                                              \
    "SELECT a.id, a.org_id, a.case_id, k.number, a.sanction_id, a.subject, a.from_stage,"          \
    " a.from_state, a.grounds, a.filed_on, a.filed_by, f.username, a.status, a.investigation,"     \
    " a.decided_on, a.decided_by, d.username"                                                      \
    " FROM appeals a LEFT JOIN cases k ON k.id = a.case_id"                                        \
    " LEFT JOIN users f ON f.id = a.filed_by LEFT JOIN users d ON d.id = a.decided_by"

static int read_appeal(sqlite3_stmt *s, zz_appeal *a, zz_err *err)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(s, 0);
    a->org_id = sqlite3_column_int64(s, 1);
    a->case_id = sqlite3_column_int64(s, 2);
    COPY(a->case_number, s, 3);
    a->sanction_id = sqlite3_column_int64(s, 4);
    COPY(a->subject, s, 5);
    COPY(a->from_stage, s, 6);
    COPY(a->from_state, s, 7);
    a->grounds = zz_store__col_dup(s, 8);
    COPY(a->filed_on, s, 9);
    a->filed_by = sqlite3_column_int64(s, 10);
    COPY(a->filed_by_name, s, 11);
    COPY(a->status, s, 12);
    bool has_inv = sqlite3_column_type(s, 13) != SQLITE_NULL;
    a->investigation = has_inv ? zz_store__col_dup(s, 13) : NULL;
    COPY(a->decided_on, s, 14);
    a->decided_by = sqlite3_column_int64(s, 15);
    COPY(a->decided_by_name, s, 16);
    if (!a->grounds || (has_inv && !a->investigation)) {
        zz_appeal_clear(a);
        return zz_store__nomem(err);
    }
    return ZZ_OK;
}

int zz_appeal_store_get(zz_store *st, int64_t id, zz_appeal *out, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, APPEAL_SELECT " WHERE a.id = ?1", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, id);
    rc = zz_store__step(st, s, err);
    bool found = rc == ZZ_STORE_ROW;
    if (found) rc = read_appeal(s, out, err);
    sqlite3_finalize(s);
    if (rc >= 0 && !found)
        return zz_err_set(err, ZZ_ENOTFOUND, "appeal.not_found", "没有编号为 %lld 的申诉",
                          "no appeal %lld", (long long)id);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_appeal_store_list(zz_store *st, int64_t org_id, const char *status, zz_appeal **out,
                         size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               APPEAL_SELECT " WHERE (?1 = 0 OR a.org_id = ?1)"
                                             " AND (?2 IS NULL OR a.status = ?2)"
                                             " ORDER BY a.filed_on DESC, a.id DESC",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, org_id);
    zz_store__bind_text(s, 2, status);
    size_t cap = 0;
    zz_appeal *v = NULL;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            zz_appeal *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            v = nv;
            cap = nc;
        }
        if ((rc = read_appeal(s, &v[*n], err)) < 0) break;
        (*n)++;
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        zz_appeal_list_free(v, *n);
        *n = 0;
        return rc;
    }
    *out = v;
    return ZZ_OK;
}

int zz_appeal_store_open_exists(zz_store *st, int64_t case_id, int64_t sanction_id, bool *out,
                                zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               case_id > 0 ? "SELECT 1 FROM appeals WHERE case_id = ?1"
                                             " AND status = 'open'"
                                           : "SELECT 1 FROM appeals WHERE sanction_id = ?1"
                                             " AND status = 'open'",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id > 0 ? case_id : sanction_id);
    rc = zz_store__step(st, s, err);
    sqlite3_finalize(s);
    if (rc < 0) return rc;
    *out = rc == ZZ_STORE_ROW;
    return ZZ_OK;
}

int zz_appeal_store_decide(zz_store *st, int64_t id, const char *status, const char *investigation,
                           const char *on, int64_t by, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "UPDATE appeals SET status = ?2, investigation = ?3,"
                               " decided_on = ?4, decided_by = ?5 WHERE id = ?1",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, id);
    zz_store__bind_text(s, 2, status);
    zz_store__bind_text(s, 3, investigation);
    zz_store__bind_text(s, 4, on);
    if (by > 0) zz_store__bind_int64(s, 5, by);
    return zz_store__run(st, s, err);
}

/* ---- complaints ----------------------------------------------------------------------------- */

int zz_complaint_store_insert(zz_store *st, const zz_complaint *c, int64_t *id, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO complaints (org_id, received_on, complainant, summary,"
                               " measures, closed_on, recorded_by)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, c->org_id);
    zz_store__bind_text(s, 2, c->received_on);
    zz_store__bind_text(s, 3, nz(c->complainant));
    zz_store__bind_text(s, 4, c->summary);
    zz_store__bind_text(s, 5, nz(c->measures));
    zz_store__bind_text(s, 6, nz(c->closed_on));
    zz_store__bind_int64(s, 7, c->recorded_by);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    *id = (int64_t)sqlite3_last_insert_rowid(zz_store__db(st));
    return ZZ_OK;
}

int zz_complaint_store_update(zz_store *st, const zz_complaint *c, int64_t by, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "UPDATE complaints SET received_on = ?2, complainant = ?3,"
                               " summary = ?4, measures = ?5, closed_on = ?6, updated_by = ?7,"
                               " updated_on = ?8 WHERE id = ?1",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, c->id);
    zz_store__bind_text(s, 2, c->received_on);
    zz_store__bind_text(s, 3, nz(c->complainant));
    zz_store__bind_text(s, 4, c->summary);
    zz_store__bind_text(s, 5, nz(c->measures));
    zz_store__bind_text(s, 6, nz(c->closed_on));
    if (by > 0) zz_store__bind_int64(s, 7, by);
    zz_store__bind_text(s, 8, nz(c->updated_on));
    return zz_store__run(st, s, err);
}

#define COMPLAINT_SELECT                                                                           \
    "SELECT id, org_id, received_on, complainant, summary, measures, closed_on, recorded_by,"      \
    " updated_on FROM complaints"

static int read_complaint(sqlite3_stmt *s, zz_complaint *c, zz_err *err)
{
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(s, 0);
    c->org_id = sqlite3_column_int64(s, 1);
    COPY(c->received_on, s, 2);
    c->complainant = zz_store__col_dup(s, 3);
    c->summary = zz_store__col_dup(s, 4);
    c->measures = zz_store__col_dup(s, 5);
    COPY(c->closed_on, s, 6);
    c->recorded_by = sqlite3_column_int64(s, 7);
    COPY(c->updated_on, s, 8);
    if (!c->complainant || !c->summary || !c->measures) {
        zz_complaint_clear(c);
        return zz_store__nomem(err);
    }
    return ZZ_OK;
}

int zz_complaint_store_get(zz_store *st, int64_t id, zz_complaint *out, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, COMPLAINT_SELECT " WHERE id = ?1", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, id);
    rc = zz_store__step(st, s, err);
    bool found = rc == ZZ_STORE_ROW;
    if (found) rc = read_complaint(s, out, err);
    sqlite3_finalize(s);
    if (rc >= 0 && !found)
        return zz_err_set(err, ZZ_ENOTFOUND, "complaint.not_found", "没有编号为 %lld 的投诉记录",
                          "no complaint record %lld", (long long)id);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_complaint_store_list(zz_store *st, int64_t org_id, zz_complaint **out, size_t *n,
                            zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               COMPLAINT_SELECT " WHERE (?1 = 0 OR org_id = ?1)"
                                                " ORDER BY received_on DESC, id DESC",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, org_id);
    size_t cap = 0;
    zz_complaint *v = NULL;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            zz_complaint *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            v = nv;
            cap = nc;
        }
        if ((rc = read_complaint(s, &v[*n], err)) < 0) break;
        (*n)++;
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        zz_complaint_list_free(v, *n);
        *n = 0;
        return rc;
    }
    *out = v;
    return ZZ_OK;
}
