/*
 * org_store.c — SQL of organisations, people and service projects, and of the case assignments
 * that open an organisation to certification-body staff. Storage only: src/core/org.c
 * decides who may read or change what.
 */
#include "store/org_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

/* Column text copied, NULL for SQL NULL; *ok cleared when out of memory. */
static char *col_dup(sqlite3_stmt *s, int col, bool *ok)
{
    if (sqlite3_column_type(s, col) == SQLITE_NULL) return NULL;
    const char *t = zz_store__col_text(s, col);
    size_t n = strlen(t) + 1;
    char *d = malloc(n);
    if (!d) {
        *ok = false;
        return NULL;
    }
    memcpy(d, t, n);
    return d;
}

/* A CHAR(10) date column; SQL NULL gives ZZ_NO_DATE, anything unparsable *bad = true. */
static zz_date col_date(sqlite3_stmt *s, int col, bool *bad)
{
    if (sqlite3_column_type(s, col) == SQLITE_NULL) return ZZ_NO_DATE;
    zz_date d;
    if (zz_date_parse(&d, zz_store__col_text(s, col), NULL) < 0) {
        *bad = true;
        return ZZ_NO_DATE;
    }
    return d;
}

static void bind_date(sqlite3_stmt *s, int idx, zz_date d)
{
    if (!zz_date_is_set(d)) {
        sqlite3_bind_null(s, idx);
        return;
    }
    char buf[ZZ_DATE_STRLEN];
    zz_store__bind_text(s, idx, zz_date_format(d, buf));
}

static int bad_row(const char *table, int64_t id, zz_err *err)
{
    return zz_err_set(err, ZZ_ESTORE, "store.bad_date", "%s 表第 %lld 行的日期无效",
                      "invalid date in %s row %lld", table, (long long)id);
}

/* Makes room for one more element of size bytes after len; returns the (possibly moved) array
 * with slot len zeroed, or NULL when out of memory (arr is then unchanged). */
static void *grow(void *arr, size_t len, size_t *cap, size_t size)
{
    if (len == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        void *na = realloc(arr, nc * size);
        if (!na) return NULL;
        arr = na;
        *cap = nc;
    }
    memset((char *)arr + len * size, 0, size);
    return arr;
}

/* ---- organisations ------------------------------------------------------------------------- */

#define ORG_COLS                                                                                   \
    "o.id, o.name, o.uscc, o.legal_person, o.exception_reason, o.exception_evidence, o.address,"   \
    " o.contact_name, o.contact_phone, o.email, o.created_usec"

static int row_org(sqlite3_stmt *s, zz_org *o, zz_err *err)
{
    bool ok = true;
    o->id = sqlite3_column_int64(s, 0);
    o->name = col_dup(s, 1, &ok);
    snprintf(o->uscc, sizeof o->uscc, "%s", zz_store__col_text(s, 2));
    o->legal_person = sqlite3_column_int(s, 3) != 0;
    o->exception_reason = col_dup(s, 4, &ok);
    o->exception_evidence = col_dup(s, 5, &ok);
    o->address = col_dup(s, 6, &ok);
    o->contact_name = col_dup(s, 7, &ok);
    o->contact_phone = col_dup(s, 8, &ok);
    o->email = col_dup(s, 9, &ok);
    o->created_usec = sqlite3_column_int64(s, 10);
    return ok && o->name && o->email ? ZZ_OK : zz_store__nomem(err);
}

static void bind_org(sqlite3_stmt *s, const zz_org *o)
{
    zz_store__bind_text(s, 1, o->name);
    zz_store__bind_text(s, 2, o->uscc);
    zz_store__bind_int64(s, 3, o->legal_person ? 1 : 0);
    zz_store__bind_text(s, 4, o->exception_reason);
    zz_store__bind_text(s, 5, o->exception_evidence);
    zz_store__bind_text(s, 6, o->address);
    zz_store__bind_text(s, 7, o->contact_name);
    zz_store__bind_text(s, 8, o->contact_phone);
    zz_store__bind_text(s, 9, o->email);
}

static int dup_uscc(const char *uscc, zz_err *err)
{
    return zz_err_rule(err, ZZ_EEXISTS, "org.exists", "R-1.2", "统一社会信用代码为 %s 的单位已存在",
                       "an organisation with USCC %s already exists", uscc);
}

int zz_org_store_insert(zz_store *st, const zz_org *o, int64_t *id, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO organisations (name, uscc, legal_person,"
                               " exception_reason, exception_evidence, address, contact_name,"
                               " contact_phone, email, created_usec)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               err);
    if (rc < 0) return rc;
    bind_org(s, o);
    zz_store__bind_int64(s, 10, o->created_usec);
    rc = zz_store__step(st, s, err);
    sqlite3_finalize(s);
    if (rc == ZZ_EEXISTS) return dup_uscc(o->uscc, err);
    if (rc < 0) return rc;
    *id = sqlite3_last_insert_rowid(zz_store__db(st));
    return ZZ_OK;
}

int zz_org_store_update(zz_store *st, const zz_org *o, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "UPDATE organisations SET name = ?, uscc = ?, legal_person = ?,"
                               " exception_reason = ?, exception_evidence = ?, address = ?,"
                               " contact_name = ?, contact_phone = ?, email = ? WHERE id = ?",
                               err);
    if (rc < 0) return rc;
    bind_org(s, o);
    zz_store__bind_int64(s, 10, o->id);
    rc = zz_store__step(st, s, err);
    sqlite3_finalize(s);
    if (rc == ZZ_EEXISTS) return dup_uscc(o->uscc, err);
    return rc < 0 ? rc : ZZ_OK;
}

static int org_not_found(zz_err *err)
{
    return zz_err_rule(err, ZZ_ENOTFOUND, "org.not_found", "R-0.1", "找不到该单位%s",
                       "no such organisation%s", "");
}

static int org_get(zz_store *st, const char *where, int64_t id, const char *uscc, zz_org **out,
                   zz_err *err)
{
    *out = NULL;
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT " ORG_COLS " FROM organisations o WHERE %s", where);
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) return rc;
    if (uscc)
        zz_store__bind_text(s, 1, uscc);
    else
        zz_store__bind_int64(s, 1, id);
    rc = zz_store__step(st, s, err);
    zz_org *o = NULL;
    if (rc == ZZ_STORE_ROW) {
        if (!(o = calloc(1, sizeof *o)))
            rc = zz_store__nomem(err);
        else
            rc = row_org(s, o, err);
    } else if (rc == ZZ_STORE_DONE) {
        rc = org_not_found(err);
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        zz_org_free(o);
        return rc;
    }
    *out = o;
    return ZZ_OK;
}

int zz_org_store_get(zz_store *st, int64_t id, zz_org **out, zz_err *err)
{
    return org_get(st, "o.id = ?", id, NULL, out, err);
}

int zz_org_store_get_by_uscc(zz_store *st, const char *uscc, zz_org **out, zz_err *err)
{
    return org_get(st, "o.uscc = ?", 0, uscc ? uscc : "", out, err);
}

int zz_org_store_exists(zz_store *st, int64_t id, bool *out, zz_err *err)
{
    *out = false;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "SELECT 1 FROM organisations WHERE id = ?", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, id);
    rc = zz_store__step(st, s, err);
    sqlite3_finalize(s);
    if (rc < 0) return rc;
    *out = rc == ZZ_STORE_ROW;
    return ZZ_OK;
}

int zz_org_store_assigned(zz_store *st, int64_t user_id, int64_t org_id, bool *out, zz_err *err)
{
    *out = false;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT 1 FROM case_members m JOIN cases c ON c.id = m.case_id"
                               " WHERE m.user_id = ? AND c.org_id = ?",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, user_id);
    zz_store__bind_int64(s, 2, org_id);
    rc = zz_store__step(st, s, err);
    sqlite3_finalize(s);
    if (rc < 0) return rc;
    *out = rc == ZZ_STORE_ROW;
    return ZZ_OK;
}

/* The WHERE clause of a list and its parameters, bound in the same order for both queries. */
static void list_where(char *buf, size_t cap, const zz_org_scope *scope, bool q)
{
    snprintf(buf, cap, " WHERE 1 = 1%s%s%s", scope->only_org > 0 ? " AND o.id = ?" : "",
             scope->assigned_user > 0
                 ? " AND EXISTS (SELECT 1 FROM case_members m JOIN cases c ON c.id = m.case_id"
                   " WHERE c.org_id = o.id AND m.user_id = ?)"
                 : "",
             q ? " AND (o.name LIKE ? ESCAPE '\\' OR o.uscc LIKE ? ESCAPE '\\')" : "");
}

static int list_bind(sqlite3_stmt *s, const zz_org_scope *scope, const char *pattern)
{
    int i = 1;
    if (scope->only_org > 0) zz_store__bind_int64(s, i++, scope->only_org);
    if (scope->assigned_user > 0) zz_store__bind_int64(s, i++, scope->assigned_user);
    if (pattern) {
        zz_store__bind_text(s, i++, pattern);
        zz_store__bind_text(s, i++, pattern);
    }
    return i;
}

int zz_org_store_list(zz_store *st, const zz_org_scope *scope, const char *query, size_t offset,
                      size_t limit, zz_org **out, size_t *n, size_t *total, zz_err *err)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    char *pattern = NULL;
    if (query && *query) {
        /* %query% with LIKE's wildcards in the query escaped, so they match literally */
        size_t ql = strlen(query);
        if (!(pattern = malloc(2 * ql + 3))) return zz_store__nomem(err);
        char *p = pattern;
        *p++ = '%';
        for (const char *c = query; *c; c++) {
            if (*c == '%' || *c == '_' || *c == '\\') *p++ = '\\';
            *p++ = *c;
        }
        *p++ = '%';
        *p = '\0';
    }
    char where[512], sql[1024];
    list_where(where, sizeof where, scope, pattern != NULL);

    sqlite3_stmt *s = NULL;
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM organisations o%s", where);
    int rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) {
        free(pattern);
        return rc;
    }
    list_bind(s, scope, pattern);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) *total = (size_t)sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (rc < 0) {
        free(pattern);
        return rc;
    }

    snprintf(sql, sizeof sql,
             "SELECT " ORG_COLS " FROM organisations o%s ORDER BY o.id LIMIT ? OFFSET ?", where);
    if ((rc = zz_store__prepare(st, &s, sql, err)) < 0) {
        free(pattern);
        return rc;
    }
    int i = list_bind(s, scope, pattern);
    zz_store__bind_int64(s, i, (int64_t)limit);
    zz_store__bind_int64(s, i + 1, (int64_t)offset);
    zz_org *arr = NULL;
    size_t len = 0, cap = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        zz_org *na = grow(arr, len, &cap, sizeof *arr);
        if (!na) {
            rc = zz_store__nomem(err);
            break;
        }
        arr = na;
        zz_org *o = &arr[len++];
        if ((rc = row_org(s, o, err)) < 0) break;
    }
    sqlite3_finalize(s);
    free(pattern);
    if (rc < 0) {
        zz_org_list_free(arr, len);
        return rc;
    }
    *out = arr;
    *n = len;
    return ZZ_OK;
}

/* ---- people -------------------------------------------------------------------------------- */

#define PERSON_COLS                                                                                \
    "id, org_id, name, employment, ai_security, position, cisp_number, cisp_valid_from,"           \
    " cisp_valid_until, nda_signed_on, active"

static int row_person(sqlite3_stmt *s, zz_person *p, zz_err *err)
{
    bool ok = true, bad = false;
    p->id = sqlite3_column_int64(s, 0);
    p->org_id = sqlite3_column_int64(s, 1);
    p->name = col_dup(s, 2, &ok);
    int e = zz_employment_parse(zz_store__col_text(s, 3));
    p->employment = e < 0 ? ZZ_EMPLOY_CONTRACTOR : (zz_employment)e;
    p->ai_security = sqlite3_column_int(s, 4) != 0;
    p->position = col_dup(s, 5, &ok);
    p->cisp_number = col_dup(s, 6, &ok);
    p->cisp_valid_from = col_date(s, 7, &bad);
    p->cisp_valid_until = col_date(s, 8, &bad);
    p->nda_signed_on = col_date(s, 9, &bad);
    p->active = sqlite3_column_int(s, 10) != 0;
    if (!ok || !p->name) return zz_store__nomem(err);
    if (bad || e < 0) return bad_row("people", p->id, err);
    return ZZ_OK;
}

static void bind_person(sqlite3_stmt *s, const zz_person *p)
{
    zz_store__bind_text(s, 1, p->name);
    zz_store__bind_text(s, 2, zz_employment_name(p->employment));
    zz_store__bind_int64(s, 3, p->ai_security ? 1 : 0);
    zz_store__bind_text(s, 4, p->position);
    zz_store__bind_text(s, 5, p->cisp_number);
    bind_date(s, 6, p->cisp_valid_from);
    bind_date(s, 7, p->cisp_valid_until);
    bind_date(s, 8, p->nda_signed_on);
    zz_store__bind_int64(s, 9, p->active ? 1 : 0);
}

int zz_person_store_insert(zz_store *st, const zz_person *p, int64_t *id, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO people (name, employment, ai_security, position,"
                               " cisp_number, cisp_valid_from, cisp_valid_until, nda_signed_on,"
                               " active, org_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               err);
    if (rc < 0) return rc;
    bind_person(s, p);
    zz_store__bind_int64(s, 10, p->org_id);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    *id = sqlite3_last_insert_rowid(zz_store__db(st));
    return ZZ_OK;
}

int zz_person_store_update(zz_store *st, const zz_person *p, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "UPDATE people SET name = ?, employment = ?, ai_security = ?,"
                               " position = ?, cisp_number = ?, cisp_valid_from = ?,"
                               " cisp_valid_until = ?, nda_signed_on = ?, active = ? WHERE id = ?",
                               err);
    if (rc < 0) return rc;
    bind_person(s, p);
    zz_store__bind_int64(s, 10, p->id);
    return zz_store__run(st, s, err);
}

int zz_person_store_get(zz_store *st, int64_t id, zz_person **out, zz_err *err)
{
    *out = NULL;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "SELECT " PERSON_COLS " FROM people WHERE id = ?", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, id);
    rc = zz_store__step(st, s, err);
    zz_person *p = NULL;
    if (rc == ZZ_STORE_ROW) {
        if (!(p = calloc(1, sizeof *p)))
            rc = zz_store__nomem(err);
        else
            rc = row_person(s, p, err);
    } else if (rc == ZZ_STORE_DONE) {
        rc = zz_err_rule(err, ZZ_ENOTFOUND, "person.not_found", "R-0.3", "找不到该人员%s",
                         "no such person%s", "");
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        zz_person_free(p);
        return rc;
    }
    *out = p;
    return ZZ_OK;
}

int zz_person_store_list(zz_store *st, int64_t org_id, bool include_inactive, zz_person **out,
                         size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc =
        zz_store__prepare(st, &s,
                          include_inactive ? "SELECT " PERSON_COLS " FROM people WHERE org_id = ?"
                                             " ORDER BY id"
                                           : "SELECT " PERSON_COLS " FROM people WHERE org_id = ?"
                                             " AND active = 1 ORDER BY id",
                          err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, org_id);
    zz_person *arr = NULL;
    size_t len = 0, cap = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        zz_person *na = grow(arr, len, &cap, sizeof *arr);
        if (!na) {
            rc = zz_store__nomem(err);
            break;
        }
        arr = na;
        zz_person *p = &arr[len++];
        if ((rc = row_person(s, p, err)) < 0) break;
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        zz_person_list_free(arr, len);
        return rc;
    }
    *out = arr;
    *n = len;
    return ZZ_OK;
}

/* ---- service projects ---------------------------------------------------------------------- */

#define PROJECT_COLS                                                                               \
    "id, org_id, name, client, ai_security, started_on, completed_on, acceptance, accepted_on"

static int row_project(sqlite3_stmt *s, zz_project *p, zz_err *err)
{
    bool ok = true, bad = false;
    p->id = sqlite3_column_int64(s, 0);
    p->org_id = sqlite3_column_int64(s, 1);
    p->name = col_dup(s, 2, &ok);
    p->client = col_dup(s, 3, &ok);
    p->ai_security = sqlite3_column_int(s, 4) != 0;
    p->started_on = col_date(s, 5, &bad);
    p->completed_on = col_date(s, 6, &bad);
    int a = zz_acceptance_parse(zz_store__col_text(s, 7));
    p->acceptance = a < 0 ? ZZ_ACCEPT_PENDING : (zz_acceptance)a;
    p->accepted_on = col_date(s, 8, &bad);
    if (!ok || !p->name) return zz_store__nomem(err);
    if (bad || a < 0) return bad_row("service_projects", p->id, err);
    return ZZ_OK;
}

static void bind_project(sqlite3_stmt *s, const zz_project *p)
{
    zz_store__bind_text(s, 1, p->name);
    zz_store__bind_text(s, 2, p->client);
    zz_store__bind_int64(s, 3, p->ai_security ? 1 : 0);
    bind_date(s, 4, p->started_on);
    bind_date(s, 5, p->completed_on);
    zz_store__bind_text(s, 6, zz_acceptance_name(p->acceptance));
    bind_date(s, 7, p->accepted_on);
}

int zz_project_store_insert(zz_store *st, const zz_project *p, int64_t *id, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO service_projects (name, client, ai_security,"
                               " started_on, completed_on, acceptance, accepted_on, org_id)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               err);
    if (rc < 0) return rc;
    bind_project(s, p);
    zz_store__bind_int64(s, 8, p->org_id);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    *id = sqlite3_last_insert_rowid(zz_store__db(st));
    return ZZ_OK;
}

int zz_project_store_update(zz_store *st, const zz_project *p, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "UPDATE service_projects SET name = ?, client = ?, ai_security = ?,"
                               " started_on = ?, completed_on = ?, acceptance = ?,"
                               " accepted_on = ? WHERE id = ?",
                               err);
    if (rc < 0) return rc;
    bind_project(s, p);
    zz_store__bind_int64(s, 8, p->id);
    return zz_store__run(st, s, err);
}

int zz_project_store_get(zz_store *st, int64_t id, zz_project **out, zz_err *err)
{
    *out = NULL;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "SELECT " PROJECT_COLS " FROM service_projects WHERE id = ?",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, id);
    rc = zz_store__step(st, s, err);
    zz_project *p = NULL;
    if (rc == ZZ_STORE_ROW) {
        if (!(p = calloc(1, sizeof *p)))
            rc = zz_store__nomem(err);
        else
            rc = row_project(s, p, err);
    } else if (rc == ZZ_STORE_DONE) {
        rc = zz_err_rule(err, ZZ_ENOTFOUND, "project.not_found", "R-0.1", "找不到该项目%s",
                         "no such project%s", "");
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        zz_project_free(p);
        return rc;
    }
    *out = p;
    return ZZ_OK;
}

int zz_project_store_list(zz_store *st, int64_t org_id, zz_project **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(
        st, &s, "SELECT " PROJECT_COLS " FROM service_projects WHERE org_id = ? ORDER BY id", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, org_id);
    zz_project *arr = NULL;
    size_t len = 0, cap = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        zz_project *na = grow(arr, len, &cap, sizeof *arr);
        if (!na) {
            rc = zz_store__nomem(err);
            break;
        }
        arr = na;
        zz_project *p = &arr[len++];
        if ((rc = row_project(s, p, err)) < 0) break;
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        zz_project_list_free(arr, len);
        return rc;
    }
    *out = arr;
    *n = len;
    return ZZ_OK;
}
