/*
 * dossier_store.c — SQL of dossiers, answers, evidence and mappings (SPEC section 2). Storage
 * only; src/core/dossier.c decides. Plain, portable SQL with bound parameters.
 */
#include "store/dossier_store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/store_int.h"
#include "zizhi/blob.h"

#define CP(dst, s, col) snprintf((dst), sizeof(dst), "%s", zz_store__col_text((s), (col)))

/* Steps a write statement to its end and finalizes it. */
#define DOSSIER_COLS                                                                               \
    "d.id, d.org_id, o.name, d.category, d.level, d.catalog_id, d.catalog_version, d.app_type,"    \
    " d.timing, d.type_reason_code, d.type_reason, d.type_reason_en, d.type_warning,"              \
    " d.type_warning_en, d.type_decided_on, d.prior_cert_id, d.status, d.stamped_scan,"            \
    " d.bound_declared, d.bound_declared_on, d.package_digest, d.package_built_on,"                \
    " d.package_content_digest, d.courier, d.tracking_no, d.submitted_on, c.id, d.created_usec,"   \
    " d.updated_usec, d.form"
#define DOSSIER_FROM                                                                               \
    " FROM dossiers d JOIN organisations o ON o.id = d.org_id"                                     \
    " LEFT JOIN cases c ON c.dossier_id = d.id"

static void row_dossier(sqlite3_stmt *s, zz_dossier *d)
{
    memset(d, 0, sizeof *d);
    d->id = sqlite3_column_int64(s, 0);
    d->org_id = sqlite3_column_int64(s, 1);
    CP(d->org_name, s, 2);
    CP(d->category, s, 3);
    d->level = sqlite3_column_int(s, 4);
    CP(d->catalog_id, s, 5);
    CP(d->catalog_version, s, 6);
    CP(d->app_type, s, 7);
    CP(d->timing, s, 8);
    CP(d->type_reason_code, s, 9);
    CP(d->type_reason, s, 10);
    CP(d->type_reason_en, s, 11);
    CP(d->type_warning, s, 12);
    CP(d->type_warning_en, s, 13);
    CP(d->type_decided_on, s, 14);
    d->prior_cert_id = sqlite3_column_int64(s, 15);
    CP(d->status, s, 16);
    CP(d->stamped_scan, s, 17);
    d->bound_declared = sqlite3_column_int(s, 18) != 0;
    CP(d->bound_declared_on, s, 19);
    CP(d->package_digest, s, 20);
    CP(d->package_built_on, s, 21);
    CP(d->package_content_digest, s, 22);
    CP(d->courier, s, 23);
    CP(d->tracking_no, s, 24);
    CP(d->submitted_on, s, 25);
    d->case_id = sqlite3_column_int64(s, 26);
    d->created_usec = sqlite3_column_int64(s, 27);
    d->updated_usec = sqlite3_column_int64(s, 28);
}

static int bind_opt(sqlite3_stmt *s, int idx, const char *v)
{
    return zz_store__bind_text(s, idx, v && *v ? v : NULL);
}

int zz_dossier_store_insert(zz_store *st, const zz_dossier *d, int64_t now_usec, int64_t *id,
                            zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(
        st, &s,
        "INSERT INTO dossiers (org_id, category, level, catalog_id, catalog_version, app_type,"
        " timing, type_reason_code, type_reason, type_reason_en, type_warning, type_warning_en,"
        " type_decided_on, prior_cert_id, status, form, created_usec, updated_usec)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', '{}', ?, ?)",
        err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, d->org_id);
    zz_store__bind_text(s, 2, d->category);
    zz_store__bind_int64(s, 3, d->level);
    zz_store__bind_text(s, 4, d->catalog_id);
    zz_store__bind_text(s, 5, d->catalog_version);
    zz_store__bind_text(s, 6, d->app_type);
    bind_opt(s, 7, d->timing);
    bind_opt(s, 8, d->type_reason_code);
    bind_opt(s, 9, d->type_reason);
    bind_opt(s, 10, d->type_reason_en);
    bind_opt(s, 11, d->type_warning);
    bind_opt(s, 12, d->type_warning_en);
    bind_opt(s, 13, d->type_decided_on);
    if (d->prior_cert_id > 0)
        zz_store__bind_int64(s, 14, d->prior_cert_id);
    else
        sqlite3_bind_null(s, 14);
    zz_store__bind_int64(s, 15, now_usec);
    zz_store__bind_int64(s, 16, now_usec);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    *id = sqlite3_last_insert_rowid(zz_store__db(st));
    return ZZ_OK;
}

int zz_dossier_store_get(zz_store *st, int64_t id, bool with_form, zz_dossier **out, zz_err *err)
{
    *out = NULL;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "SELECT " DOSSIER_COLS DOSSIER_FROM " WHERE d.id = ?", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, id);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_DONE) {
        sqlite3_finalize(s);
        return zz_err_set(err, ZZ_ENOTFOUND, "dossier.not_found", "找不到申请 %lld",
                          "dossier %lld not found", (long long)id);
    }
    if (rc < 0) {
        sqlite3_finalize(s);
        return rc;
    }
    zz_dossier *d = malloc(sizeof *d);
    if (!d) {
        sqlite3_finalize(s);
        return zz_store__nomem(err);
    }
    row_dossier(s, d);
    if (with_form && !(d->form_json = zz_store__col_dup(s, 29))) {
        sqlite3_finalize(s);
        free(d);
        return zz_store__nomem(err);
    }
    sqlite3_finalize(s);
    *out = d;
    return ZZ_OK;
}

/* Binds the WHERE clause built by list_where. */
static int list_bind(sqlite3_stmt *s, const zz_dossier_store_query *q)
{
    int i = 1;
    if (q->org_id > 0) zz_store__bind_int64(s, i++, q->org_id);
    if (q->status) zz_store__bind_text(s, i++, q->status);
    if (q->member_user_id > 0) zz_store__bind_int64(s, i++, q->member_user_id);
    return i;
}

static void list_where(char *buf, size_t len, const zz_dossier_store_query *q)
{
    snprintf(buf, len, " WHERE 1 = 1%s%s%s%s", q->org_id > 0 ? " AND d.org_id = ?" : "",
             q->status ? " AND d.status = ?" : "",
             q->exclude_drafts ? " AND d.status <> 'draft'" : "",
             q->member_user_id > 0 ? " AND EXISTS (SELECT 1 FROM case_members m WHERE m.case_id ="
                                     " c.id AND m.user_id = ?)"
                                   : "");
}

int zz_dossier_store_list(zz_store *st, const zz_dossier_store_query *q, zz_dossier **out,
                          size_t *n, int64_t *total, zz_err *err)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    char where[512], sql[2048];
    list_where(where, sizeof where, q);
    sqlite3_stmt *s = NULL;
    snprintf(sql, sizeof sql, "SELECT COUNT(*)" DOSSIER_FROM "%s", where);
    int rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) return rc;
    list_bind(s, q);
    if ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) *total = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (rc < 0) return rc;

    snprintf(sql, sizeof sql,
             "SELECT " DOSSIER_COLS DOSSIER_FROM "%s ORDER BY d.created_usec DESC, d.id DESC"
             " LIMIT ? OFFSET ?",
             where);
    if ((rc = zz_store__prepare(st, &s, sql, err)) < 0) return rc;
    int i = list_bind(s, q);
    zz_store__bind_int64(s, i++, q->limit);
    zz_store__bind_int64(s, i, q->offset);
    size_t cap = 0;
    zz_dossier *arr = NULL;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            zz_dossier *na = realloc(arr, nc * sizeof *na);
            if (!na) {
                rc = zz_store__nomem(err);
                break;
            }
            arr = na;
            cap = nc;
        }
        row_dossier(s, &arr[*n]);
        (*n)++;
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        free(arr);
        *n = 0;
        return rc;
    }
    *out = arr;
    return ZZ_OK;
}

int zz_dossier_store_set_type(zz_store *st, int64_t id, const zz_dossier *d, int64_t now_usec,
                              zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(
        st, &s,
        "UPDATE dossiers SET app_type = ?, timing = ?, type_reason_code = ?, type_reason = ?,"
        " type_reason_en = ?, type_warning = ?, type_warning_en = ?, type_decided_on = ?,"
        " prior_cert_id = ?, updated_usec = ? WHERE id = ?",
        err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, d->app_type);
    bind_opt(s, 2, d->timing);
    bind_opt(s, 3, d->type_reason_code);
    bind_opt(s, 4, d->type_reason);
    bind_opt(s, 5, d->type_reason_en);
    bind_opt(s, 6, d->type_warning);
    bind_opt(s, 7, d->type_warning_en);
    bind_opt(s, 8, d->type_decided_on);
    if (d->prior_cert_id > 0)
        zz_store__bind_int64(s, 9, d->prior_cert_id);
    else
        sqlite3_bind_null(s, 9);
    zz_store__bind_int64(s, 10, now_usec);
    zz_store__bind_int64(s, 11, id);
    return zz_store__run(st, s, err);
}

/* UPDATE dossiers SET <col> = ?, updated_usec = ? WHERE id = ?, for one text column. */
static int set_text(zz_store *st, int64_t id, const char *sql, const char *v, int64_t now_usec,
                    zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, v);
    zz_store__bind_int64(s, 2, now_usec);
    zz_store__bind_int64(s, 3, id);
    return zz_store__run(st, s, err);
}

int zz_dossier_store_set_form(zz_store *st, int64_t id, const char *form_json, int64_t now_usec,
                              zz_err *err)
{
    return set_text(st, id, "UPDATE dossiers SET form = ?, updated_usec = ? WHERE id = ?",
                    form_json, now_usec, err);
}

int zz_dossier_store_set_scan(zz_store *st, int64_t id, const char *digest, int64_t now_usec,
                              zz_err *err)
{
    return set_text(st, id, "UPDATE dossiers SET stamped_scan = ?, updated_usec = ? WHERE id = ?",
                    digest, now_usec, err);
}

int zz_dossier_store_set_submitted(zz_store *st, int64_t id, const char *on, int64_t now_usec,
                                   zz_err *err)
{
    return set_text(st, id,
                    "UPDATE dossiers SET submitted_on = ?, status = 'submitted', updated_usec = ?"
                    " WHERE id = ?",
                    on, now_usec, err);
}

int zz_dossier_store_set_catalog(zz_store *st, int64_t id, const char *version, int64_t now_usec,
                                 zz_err *err)
{
    return set_text(st, id,
                    "UPDATE dossiers SET catalog_version = ?, updated_usec = ? WHERE id = ?",
                    version, now_usec, err);
}

int zz_dossier_store_set_bound(zz_store *st, int64_t id, const char *on, int64_t user_id,
                               int64_t now_usec, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "UPDATE dossiers SET bound_declared = 1, bound_declared_on = ?,"
                               " bound_declared_by = ?, updated_usec = ? WHERE id = ?",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, on);
    if (user_id > 0)
        zz_store__bind_int64(s, 2, user_id);
    else
        sqlite3_bind_null(s, 2);
    zz_store__bind_int64(s, 3, now_usec);
    zz_store__bind_int64(s, 4, id);
    return zz_store__run(st, s, err);
}

int zz_dossier_store_set_courier(zz_store *st, int64_t id, const char *courier,
                                 const char *tracking_no, int64_t now_usec, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(
        st, &s, "UPDATE dossiers SET courier = ?, tracking_no = ?, updated_usec = ? WHERE id = ?",
        err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, courier);
    zz_store__bind_text(s, 2, tracking_no);
    zz_store__bind_int64(s, 3, now_usec);
    zz_store__bind_int64(s, 4, id);
    return zz_store__run(st, s, err);
}

int zz_dossier_store_set_package(zz_store *st, int64_t id, const char *digest,
                                 const char *content_digest, const char *on, int64_t now_usec,
                                 zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "UPDATE dossiers SET package_digest = ?, package_content_digest = ?,"
                               " package_built_on = ?, updated_usec = ? WHERE id = ?",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, digest);
    zz_store__bind_text(s, 2, content_digest);
    zz_store__bind_text(s, 3, on);
    zz_store__bind_int64(s, 4, now_usec);
    zz_store__bind_int64(s, 5, id);
    return zz_store__run(st, s, err);
}

/* ---------------------------------------------------------------- answers */

int zz_dossier_store_answer_put(zz_store *st, int64_t id, const char *req_id, const char *rating,
                                const char *statement, int64_t now_usec, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "UPDATE dossier_answers SET self_rating = ?, statement = ?,"
                               " updated_usec = ? WHERE dossier_id = ? AND req_id = ?",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, rating);
    zz_store__bind_text(s, 2, statement ? statement : "");
    zz_store__bind_int64(s, 3, now_usec);
    zz_store__bind_int64(s, 4, id);
    zz_store__bind_text(s, 5, req_id);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    if (sqlite3_changes(zz_store__db(st)) > 0) return ZZ_OK;
    if ((rc = zz_store__prepare(st, &s,
                                "INSERT INTO dossier_answers (dossier_id, req_id, self_rating,"
                                " statement, updated_usec) VALUES (?, ?, ?, ?, ?)",
                                err)) < 0)
        return rc;
    zz_store__bind_int64(s, 1, id);
    zz_store__bind_text(s, 2, req_id);
    zz_store__bind_text(s, 3, rating);
    zz_store__bind_text(s, 4, statement ? statement : "");
    zz_store__bind_int64(s, 5, now_usec);
    return zz_store__run(st, s, err);
}

int zz_dossier_store_answer_delete(zz_store *st, int64_t id, const char *req_id, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(
        st, &s, "DELETE FROM dossier_answers WHERE dossier_id = ? AND req_id = ?", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, id);
    zz_store__bind_text(s, 2, req_id);
    return zz_store__run(st, s, err);
}

int zz_dossier_store_answers(zz_store *st, int64_t id, zz_dossier_answer_row **out, size_t *n,
                             zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT req_id, self_rating, statement, updated_usec FROM"
                               " dossier_answers WHERE dossier_id = ? ORDER BY req_id",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, id);
    size_t cap = 0;
    zz_dossier_answer_row *arr = NULL;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            zz_dossier_answer_row *na = realloc(arr, nc * sizeof *na);
            if (!na) {
                rc = zz_store__nomem(err);
                break;
            }
            arr = na;
            cap = nc;
        }
        zz_dossier_answer_row *a = &arr[*n];
        memset(a, 0, sizeof *a);
        CP(a->req_id, s, 0);
        CP(a->self_rating, s, 1);
        a->updated_usec = sqlite3_column_int64(s, 3);
        if (!(a->statement = zz_store__col_dup(s, 2))) {
            rc = zz_store__nomem(err);
            break;
        }
        (*n)++;
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        zz_dossier_answers_free(arr, *n);
        *n = 0;
        return rc;
    }
    *out = arr;
    return ZZ_OK;
}

/* ---------------------------------------------------------------- evidence */

int zz_dossier_store_evidence_insert(zz_store *st, int64_t org_id, int64_t dossier_id,
                                     const char *digest, const char *filename, const char *mime,
                                     uint64_t size, int64_t user_id, int64_t now_usec,
                                     int64_t *evidence_id, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO evidence (org_id, dossier_id, digest, filename, mime,"
                               " size, uploaded_by, uploaded_usec) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, org_id);
    zz_store__bind_int64(s, 2, dossier_id);
    zz_store__bind_text(s, 3, digest);
    zz_store__bind_text(s, 4, filename);
    zz_store__bind_text(s, 5, mime);
    zz_store__bind_int64(s, 6, (int64_t)size);
    if (user_id > 0)
        zz_store__bind_int64(s, 7, user_id);
    else
        sqlite3_bind_null(s, 7);
    zz_store__bind_int64(s, 8, now_usec);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    *evidence_id = sqlite3_last_insert_rowid(zz_store__db(st));
    return ZZ_OK;
}

/* Runs a one-row existence query with two int64 parameters or (int64, text). */
static int exists_q(zz_store *st, const char *sql, int64_t a, const char *b_text, int64_t b,
                    bool *out, zz_err *err)
{
    *out = false;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, a);
    if (b_text)
        zz_store__bind_text(s, 2, b_text);
    else
        zz_store__bind_int64(s, 2, b);
    rc = zz_store__step(st, s, err);
    sqlite3_finalize(s);
    if (rc < 0) return rc;
    *out = rc == ZZ_STORE_ROW;
    return ZZ_OK;
}

int zz_dossier_store_evidence_of(zz_store *st, int64_t dossier_id, int64_t evidence_id, bool *out,
                                 zz_err *err)
{
    return exists_q(st, "SELECT 1 FROM evidence WHERE dossier_id = ? AND id = ?", dossier_id, NULL,
                    evidence_id, out, err);
}

int zz_dossier_store_item_exists(zz_store *st, int64_t evidence_id, const char *req_id, bool *out,
                                 zz_err *err)
{
    return exists_q(st, "SELECT 1 FROM evidence_items WHERE evidence_id = ? AND req_id = ?",
                    evidence_id, req_id, 0, out, err);
}

int zz_dossier_store_is_case_member(zz_store *st, int64_t dossier_id, int64_t user_id, bool *out,
                                    zz_err *err)
{
    return exists_q(st,
                    "SELECT 1 FROM cases c JOIN case_members m ON m.case_id = c.id"
                    " WHERE c.dossier_id = ? AND m.user_id = ?",
                    dossier_id, NULL, user_id, out, err);
}

int zz_dossier_store_item_insert(zz_store *st, int64_t evidence_id, const char *req_id, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(
        st, &s, "INSERT INTO evidence_items (evidence_id, req_id) VALUES (?, ?)", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, evidence_id);
    zz_store__bind_text(s, 2, req_id);
    return zz_store__run(st, s, err);
}

int zz_dossier_store_item_delete(zz_store *st, int64_t evidence_id, const char *req_id,
                                 int *deleted, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(
        st, &s, "DELETE FROM evidence_items WHERE evidence_id = ? AND req_id = ?", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, evidence_id);
    zz_store__bind_text(s, 2, req_id);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    if (deleted) *deleted = sqlite3_changes(zz_store__db(st));
    return ZZ_OK;
}

int zz_dossier_store_evidence_delete(zz_store *st, int64_t evidence_id, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "DELETE FROM evidence_items WHERE evidence_id = ?", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, evidence_id);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    if ((rc = zz_store__prepare(st, &s, "DELETE FROM evidence WHERE id = ?", err)) < 0) return rc;
    zz_store__bind_int64(s, 1, evidence_id);
    return zz_store__run(st, s, err);
}

static int push_req(zz_dossier_evidence *ev, const char *req, zz_err *err)
{
    char **nr = realloc(ev->req_ids, (ev->n_req_ids + 1) * sizeof *nr);
    if (!nr) return zz_store__nomem(err);
    ev->req_ids = nr;
    if (!(nr[ev->n_req_ids] = strdup(req))) return zz_store__nomem(err);
    ev->n_req_ids++;
    return ZZ_OK;
}

int zz_dossier_store_evidence_list(zz_store *st, int64_t dossier_id, zz_dossier_evidence **out,
                                   size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT id, digest, filename, mime, size, uploaded_by, uploaded_usec"
                               " FROM evidence WHERE dossier_id = ? ORDER BY id",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, dossier_id);
    size_t cap = 0;
    zz_dossier_evidence *arr = NULL;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            zz_dossier_evidence *na = realloc(arr, nc * sizeof *na);
            if (!na) {
                rc = zz_store__nomem(err);
                break;
            }
            arr = na;
            cap = nc;
        }
        zz_dossier_evidence *e = &arr[*n];
        memset(e, 0, sizeof *e);
        e->id = sqlite3_column_int64(s, 0);
        CP(e->digest, s, 1);
        CP(e->filename, s, 2);
        CP(e->mime, s, 3);
        e->size = (uint64_t)sqlite3_column_int64(s, 4);
        e->uploaded_by = sqlite3_column_int64(s, 5);
        e->uploaded_usec = sqlite3_column_int64(s, 6);
        (*n)++;
    }
    sqlite3_finalize(s);
    if (rc < 0) goto fail;
    if ((rc = zz_store__prepare(st, &s,
                                "SELECT i.evidence_id, i.req_id FROM evidence_items i JOIN evidence"
                                " e ON e.id = i.evidence_id WHERE e.dossier_id = ?"
                                " ORDER BY i.evidence_id, i.req_id",
                                err)) < 0)
        goto fail;
    zz_store__bind_int64(s, 1, dossier_id);
    size_t j = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        int64_t eid = sqlite3_column_int64(s, 0);
        while (j < *n && arr[j].id < eid)
            j++;
        if (j < *n && arr[j].id == eid &&
            (rc = push_req(&arr[j], zz_store__col_text(s, 1), err)) < 0)
            break;
    }
    sqlite3_finalize(s);
    if (rc < 0) goto fail;
    *out = arr;
    return ZZ_OK;
fail:
    zz_dossier_evidence_free(arr, *n);
    *n = 0;
    return rc;
}

/* ---------------------------------------------------------------- other tables */

int zz_dossier_store_org(zz_store *st, int64_t org_id, char name[201], char uscc[19], bool *found,
                         zz_err *err)
{
    *found = false;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "SELECT name, uscc FROM organisations WHERE id = ?", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, org_id);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) {
        *found = true;
        snprintf(name, 201, "%s", zz_store__col_text(s, 0));
        snprintf(uscc, 19, "%s", zz_store__col_text(s, 1));
    }
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_dossier_store_latest_cert(zz_store *st, int64_t org_id, const char *category, int level,
                                 zz_dossier_cert_row *out, bool *found, zz_err *err)
{
    *found = false;
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT id, issue_date, expiry_date, revoked_on FROM certificates"
                               " WHERE org_id = ? AND category = ? AND level = ?"
                               " AND superseded_on IS NULL AND superseded_by IS NULL"
                               " ORDER BY issue_date DESC, id DESC LIMIT 1",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, org_id);
    zz_store__bind_text(s, 2, category);
    zz_store__bind_int64(s, 3, level);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) {
        *found = true;
        out->id = sqlite3_column_int64(s, 0);
        CP(out->issue_date, s, 1);
        CP(out->expiry_date, s, 2);
        CP(out->revoked_on, s, 3);
    }
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_dossier_store_blob_size(const char *data_dir, const char *digest, uint64_t *size,
                               zz_err *err)
{
    char path[ZZ_BLOB_PATH_MAX];
    int rc = zz_blob_path(path, data_dir, digest, err);
    if (rc < 0) return rc;
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return zz_err_rule(err, ZZ_ENOTFOUND, "store.blob_missing", "R-8.3",
                           "证据文件 %s 不在证据库中", "blob %s is not in the evidence store",
                           digest);
    *size = (uint64_t)sb.st_size;
    return ZZ_OK;
}
