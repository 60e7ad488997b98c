/*
 * case_store.c — SQL of the case lifecycle (see case_store.h). Storage only: every rule is in
 * src/core/case.c. Dates are stored as 'YYYY-MM-DD' text, booleans as 0/1.
 */
#include "store/case_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

#define CASE_COLUMNS                                                                               \
    "c.id, c.number, c.dossier_id, c.org_id, c.stage, c.state, c.submitted_on,"                    \
    " c.paper_received_on, c.paper_matches, c.package_verified, c.exception_accepted,"             \
    " c.filed_on, c.assessment_on, c.approved_on, c.batch_id, c.closed_on, c.close_reason,"       \
    " (SELECT o.name FROM organisations o WHERE o.id = c.org_id)"

#define COPY(dst, s, col) snprintf((dst), sizeof(dst), "%s", zz_store__col_text((s), (col)))

static void read_case(sqlite3_stmt *s, zz_case *c)
{
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(s, 0);
    COPY(c->number, s, 1);
    c->dossier_id = sqlite3_column_int64(s, 2);
    c->org_id = sqlite3_column_int64(s, 3);
    COPY(c->stage, s, 4);
    COPY(c->state, s, 5);
    COPY(c->submitted_on, s, 6);
    COPY(c->paper_received_on, s, 7);
    c->paper_matches =
        sqlite3_column_type(s, 8) == SQLITE_NULL ? -1 : (sqlite3_column_int(s, 8) ? 1 : 0);
    c->package_verified = sqlite3_column_int(s, 9) != 0;
    c->exception_accepted = sqlite3_column_int(s, 10) != 0;
    COPY(c->filed_on, s, 11);
    COPY(c->assessment_on, s, 12);
    COPY(c->approved_on, s, 13);
    c->batch_id = sqlite3_column_int64(s, 14);
    COPY(c->closed_on, s, 15);
    COPY(c->close_reason, s, 16);
    COPY(c->org_name, s, 17);
}

/* "" → NULL, so that unset dates stay SQL NULL. */
static const char *nz(const char *s)
{
    return s && *s ? s : NULL;
}

/* Runs a prepared statement to completion (no rows expected) and finalizes it. */
static int changes(zz_store *st)
{
    return sqlite3_changes(zz_store__db(st));
}

/* ---- cases ---------------------------------------------------------------------------------- */

int zz_case_store_insert(zz_store *st, const zz_case *c, int64_t now_usec, int64_t *id, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO cases (number, dossier_id, org_id, stage, state,"
                               " submitted_on, package_verified, exception_accepted, updated_usec)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0, ?7)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, c->number);
    zz_store__bind_int64(s, 2, c->dossier_id);
    zz_store__bind_int64(s, 3, c->org_id);
    zz_store__bind_text(s, 4, c->stage);
    zz_store__bind_text(s, 5, c->state);
    zz_store__bind_text(s, 6, c->submitted_on);
    zz_store__bind_int64(s, 7, now_usec);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    *id = (int64_t)sqlite3_last_insert_rowid(zz_store__db(st));
    return ZZ_OK;
}

static int load_one(zz_store *st, sqlite3_stmt *s, const char *what, zz_case *out, zz_err *err)
{
    int rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) read_case(s, out);
    sqlite3_finalize(s);
    if (rc == ZZ_STORE_DONE)
        return zz_err_set(err, ZZ_ENOTFOUND, "case.not_found", "没有找到项目 %s", "no case %s",
                          what);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_case_store_load(zz_store *st, int64_t id, zz_case *out, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "SELECT " CASE_COLUMNS " FROM cases c WHERE c.id = ?1", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, id);
    char what[32];
    snprintf(what, sizeof what, "%lld", (long long)id);
    return load_one(st, s, what, out, err);
}

int zz_case_store_load_by_number(zz_store *st, const char *number, zz_case *out, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc =
        zz_store__prepare(st, &s, "SELECT " CASE_COLUMNS " FROM cases c WHERE c.number = ?1", err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, number);
    char what[64];
    snprintf(what, sizeof what, "%.60s", number);
    return load_one(st, s, what, out, err);
}

int zz_case_store_exists_for_dossier(zz_store *st, int64_t dossier_id, bool *out, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "SELECT 1 FROM cases WHERE dossier_id = ?1", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, dossier_id);
    rc = zz_store__step(st, s, err);
    *out = rc == ZZ_STORE_ROW;
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_case_store_update(zz_store *st, const zz_case *c, int64_t now_usec, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(
        st, &s,
        "UPDATE cases SET stage = ?2, state = ?3, paper_received_on = ?4, paper_matches = ?5,"
        " package_verified = ?6, exception_accepted = ?7, filed_on = ?8, assessment_on = ?9,"
        " approved_on = ?10, batch_id = ?11, closed_on = ?12, close_reason = ?13,"
        " updated_usec = ?14 WHERE id = ?1",
        err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, c->id);
    zz_store__bind_text(s, 2, c->stage);
    zz_store__bind_text(s, 3, c->state);
    zz_store__bind_text(s, 4, nz(c->paper_received_on));
    if (c->paper_matches < 0)
        sqlite3_bind_null(s, 5);
    else
        zz_store__bind_int64(s, 5, c->paper_matches ? 1 : 0);
    zz_store__bind_int64(s, 6, c->package_verified ? 1 : 0);
    zz_store__bind_int64(s, 7, c->exception_accepted ? 1 : 0);
    zz_store__bind_text(s, 8, nz(c->filed_on));
    zz_store__bind_text(s, 9, nz(c->assessment_on));
    zz_store__bind_text(s, 10, nz(c->approved_on));
    if (c->batch_id > 0)
        zz_store__bind_int64(s, 11, c->batch_id);
    else
        sqlite3_bind_null(s, 11);
    zz_store__bind_text(s, 12, nz(c->closed_on));
    zz_store__bind_text(s, 13, nz(c->close_reason));
    zz_store__bind_int64(s, 14, now_usec);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    if (changes(st) != 1)
        return zz_err_set(err, ZZ_ENOTFOUND, "case.not_found", "没有找到项目 %lld", "no case %lld",
                          (long long)c->id);
    return ZZ_OK;
}

int zz_case_store_set_note(zz_store *st, int64_t id, bool exception, const char *note, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               exception ? "UPDATE cases SET exception_note = ?2 WHERE id = ?1"
                                         : "UPDATE cases SET paper_note = ?2 WHERE id = ?1",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, id);
    zz_store__bind_text(s, 2, nz(note));
    return zz_store__run(st, s, err);
}

#define SCOPE_WHERE                                                                                \
    "(?1 = 1 OR (?2 <> 0 AND c.org_id = ?2)"                                                       \
    " OR (?3 <> 0 AND EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = c.id"                 \
    " AND m.user_id = ?3)) OR (?4 = 1 AND c.stage = 'certification'))"

static void bind_scope(sqlite3_stmt *s, const zz_case_scope *sc)
{
    zz_store__bind_int64(s, 1, sc->all ? 1 : 0);
    zz_store__bind_int64(s, 2, sc->org_id);
    zz_store__bind_int64(s, 3, sc->member_id);
    zz_store__bind_int64(s, 4, sc->certification ? 1 : 0);
}

int zz_case_store_visible(zz_store *st, const zz_case_scope *scope, int64_t id, bool *out,
                          zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc =
        zz_store__prepare(st, &s, "SELECT 1 FROM cases c WHERE c.id = ?5 AND " SCOPE_WHERE, err);
    if (rc < 0) return rc;
    bind_scope(s, scope);
    zz_store__bind_int64(s, 5, id);
    rc = zz_store__step(st, s, err);
    *out = rc == ZZ_STORE_ROW;
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

/*
 * The WHERE clause of a list: the scope and only the filters that are set, each a term an index
 * can serve (0008_indexes: cases_stage_submitted, cases_org_submitted, cases_submitted). The
 * generic form "(?5 IS NULL OR c.stage = ?5)" made SQLite scan and sort every case for each page
 * (about 20 ms per request at 100,000 cases). The text is made of the fixed fragments below
 * only; the values stay bound parameters with the numbers of bind_filter.
 */
static void list_where(char *buf, size_t cap, const zz_case_scope *sc, const zz_case_filter *f)
{
    size_t n = (size_t)snprintf(buf, cap, "1 = 1");
    if (!sc->all) {
        bool first = true;
        n += (size_t)snprintf(buf + n, cap - n, " AND (");
#define OR_TERM(cond, text)                                                                        \
    if (cond) {                                                                                    \
        n += (size_t)snprintf(buf + n, cap - n, "%s%s", first ? "" : " OR ", text);                \
        first = false;                                                                             \
    }
        OR_TERM(sc->org_id != 0, "c.org_id = ?2")
        OR_TERM(sc->member_id != 0,
                "c.id IN (SELECT m.case_id FROM case_members m WHERE m.user_id = ?3)")
        OR_TERM(sc->certification, "c.stage = 'certification'")
#undef OR_TERM
        n += (size_t)snprintf(buf + n, cap - n, "%s)", first ? "1 = 0" : "");
    }
    if (f->stage) n += (size_t)snprintf(buf + n, cap - n, " AND c.stage = ?5");
    if (f->state) n += (size_t)snprintf(buf + n, cap - n, " AND c.state = ?6");
    if (f->org_id) n += (size_t)snprintf(buf + n, cap - n, " AND c.org_id = ?7");
    if (f->from) n += (size_t)snprintf(buf + n, cap - n, " AND c.submitted_on >= ?8");
    if (f->to) n += (size_t)snprintf(buf + n, cap - n, " AND c.submitted_on <= ?9");
}

/* Binds the parameters a list_where text may name (sqlite3_bind_* on a number the text does not
 * use is a no-op error, ignored). */
static void bind_filter(sqlite3_stmt *s, const zz_case_scope *sc, const zz_case_filter *f)
{
    bind_scope(s, sc);
    zz_store__bind_text(s, 5, f->stage);
    zz_store__bind_text(s, 6, f->state);
    zz_store__bind_int64(s, 7, f->org_id);
    zz_store__bind_text(s, 8, f->from);
    zz_store__bind_text(s, 9, f->to);
}

int zz_case_store_list(zz_store *st, const zz_case_scope *scope, const zz_case_filter *f,
                       int64_t limit, zz_case **out, size_t *n, int64_t *total, zz_err *err)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    sqlite3_stmt *s = NULL;
    char where[512], sql[1024];
    list_where(where, sizeof where, scope, f);
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM cases c WHERE %s", where);
    int rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) return rc;
    bind_filter(s, scope, f);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) *total = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (rc < 0) return rc;
    snprintf(sql, sizeof sql,
             "SELECT " CASE_COLUMNS " FROM cases c WHERE %s"
             " ORDER BY c.submitted_on DESC, c.id DESC LIMIT ?10 OFFSET ?11",
             where);
    rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) return rc;
    bind_filter(s, scope, f);
    zz_store__bind_int64(s, 10, limit);
    zz_store__bind_int64(s, 11, f->offset > 0 ? f->offset : 0);
    zz_case *v = NULL;
    size_t cap = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            zz_case *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            v = nv;
            cap = nc;
        }
        read_case(s, &v[(*n)++]);
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

/* ---- numbering ------------------------------------------------------------------------------ */

int zz_case_store_next_seq(zz_store *st, const char *scope, int64_t *seq, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO case_number_counters (scope, last_seq) VALUES (?1, 1)"
                               " ON CONFLICT (scope) DO UPDATE SET last_seq ="
                               " case_number_counters.last_seq + 1",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, scope);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    rc = zz_store__prepare(st, &s, "SELECT last_seq FROM case_number_counters WHERE scope = ?1",
                           err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, scope);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) *seq = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (rc == ZZ_STORE_DONE)
        return zz_err_set(err, ZZ_ESTORE, "store.sql", "编号计数器“%s”丢失",
                          "number counter '%s' vanished", scope);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_case_store_number_taken(zz_store *st, const char *number, bool *out, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "SELECT 1 FROM cases WHERE number = ?1", err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, number);
    rc = zz_store__step(st, s, err);
    *out = rc == ZZ_STORE_ROW;
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

/* ---- facts ---------------------------------------------------------------------------------- */

int zz_case_store_dossier(zz_store *st, int64_t dossier_id, zz_case_dossier_facts *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = NULL;
    int rc =
        zz_store__prepare(st, &s,
                          "SELECT id, org_id, category, level, app_type, status,"
                          " stamped_scan IS NOT NULL AND stamped_scan <> '',"
                          " bound_declared, package_digest IS NOT NULL AND package_digest <> ''"
                          " FROM dossiers WHERE id = ?1",
                          err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, dossier_id);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        out->org_id = sqlite3_column_int64(s, 1);
        COPY(out->category, s, 2);
        out->level = sqlite3_column_int(s, 3);
        COPY(out->app_type, s, 4);
        COPY(out->status, s, 5);
        out->stamped = sqlite3_column_int(s, 6) != 0;
        out->bound = sqlite3_column_int(s, 7) != 0;
        out->has_package = sqlite3_column_int(s, 8) != 0;
    }
    sqlite3_finalize(s);
    if (rc == ZZ_STORE_DONE)
        return zz_err_set(err, ZZ_ENOTFOUND, "dossier.not_found", "没有编号为 %lld 的申请",
                          "no dossier %lld", (long long)dossier_id);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_case_store_dossier_withdraw(zz_store *st, int64_t dossier_id, int64_t now_usec, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "UPDATE dossiers SET status = 'withdrawn', updated_usec = ?2"
                               " WHERE id = ?1 AND status = 'submitted'",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, dossier_id);
    zz_store__bind_int64(s, 2, now_usec);
    return zz_store__run(st, s, err);
}

int zz_case_store_org(zz_store *st, int64_t org_id, zz_case_org_facts *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT id, name, legal_person,"
                               " exception_reason IS NOT NULL AND exception_reason <> '', email"
                               " FROM organisations WHERE id = ?1",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, org_id);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        COPY(out->name, s, 1);
        out->legal_person = sqlite3_column_int(s, 2) != 0;
        out->has_exception_reason = sqlite3_column_int(s, 3) != 0;
        COPY(out->email, s, 4);
    }
    sqlite3_finalize(s);
    if (rc == ZZ_STORE_DONE)
        return zz_err_set(err, ZZ_ENOTFOUND, "org.not_found", "没有编号为 %lld 的单位",
                          "no organisation %lld", (long long)org_id);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_case_store_setting(zz_store *st, const char *key, char **value, zz_err *err)
{
    *value = NULL;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "SELECT value FROM settings WHERE key = ?1", err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, key);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) {
        const char *t = zz_store__col_text(s, 0);
        size_t len = strlen(t) + 1;
        *value = malloc(len);
        if (*value)
            memcpy(*value, t, len);
        else
            rc = zz_store__nomem(err);
    }
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

/* ---- members -------------------------------------------------------------------------------- */

int zz_case_store_member_is(zz_store *st, int64_t case_id, int64_t user_id, const char *role,
                            bool *out, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT 1 FROM case_members WHERE case_id = ?1 AND user_id = ?2"
                               " AND (?3 IS NULL OR role = ?3)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_int64(s, 2, user_id);
    zz_store__bind_text(s, 3, role);
    rc = zz_store__step(st, s, err);
    *out = rc == ZZ_STORE_ROW;
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_case_store_member_add(zz_store *st, int64_t case_id, int64_t user_id, const char *role,
                             const char *on, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO case_members (case_id, user_id, role, assigned_on)"
                               " VALUES (?1, ?2, ?3, ?4)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_int64(s, 2, user_id);
    zz_store__bind_text(s, 3, role);
    zz_store__bind_text(s, 4, on);
    return zz_store__run(st, s, err);
}

int zz_case_store_member_remove(zz_store *st, int64_t case_id, int64_t user_id, const char *role,
                                int64_t *removed, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "DELETE FROM case_members WHERE case_id = ?1 AND role = ?3"
                               " AND (?2 = 0 OR user_id = ?2)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_int64(s, 2, user_id);
    zz_store__bind_text(s, 3, role);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    if (removed) *removed = changes(st);
    return ZZ_OK;
}

int zz_case_store_members(zz_store *st, int64_t case_id, zz_case_member **out, size_t *n,
                          zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT m.user_id, u.username, u.display_name, m.role,"
                               " m.assigned_on FROM case_members m JOIN users u ON u.id ="
                               " m.user_id WHERE m.case_id = ?1 ORDER BY CASE m.role"
                               " WHEN 'project_lead' THEN 1 WHEN 'assessor' THEN 2 ELSE 3 END,"
                               " u.username",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_case_member *v = NULL;
    size_t cap = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            zz_case_member *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            v = nv;
            cap = nc;
        }
        zz_case_member *m = &v[(*n)++];
        memset(m, 0, sizeof *m);
        m->user_id = sqlite3_column_int64(s, 0);
        COPY(m->username, s, 1);
        COPY(m->display_name, s, 2);
        COPY(m->role, s, 3);
        COPY(m->assigned_on, s, 4);
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

/* ---- pauses --------------------------------------------------------------------------------- */

int zz_case_store_pause_start(zz_store *st, int64_t case_id, const char *cause, const char *on,
                              zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO case_pauses (case_id, cause, started_on)"
                               " VALUES (?1, ?2, ?3)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, cause);
    zz_store__bind_text(s, 3, on);
    return zz_store__run(st, s, err);
}

int zz_case_store_pause_end(zz_store *st, int64_t case_id, const char *cause, const char *on,
                            int64_t *ended, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    /* a pause never ends before it started: dates compare correctly as 'YYYY-MM-DD' text */
    int rc = zz_store__prepare(st, &s,
                               "UPDATE case_pauses SET ended_on = CASE WHEN ?3 < started_on"
                               " THEN started_on ELSE ?3 END WHERE case_id = ?1"
                               " AND (?2 IS NULL OR cause = ?2) AND ended_on IS NULL",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, cause);
    zz_store__bind_text(s, 3, on);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    if (ended) *ended = changes(st);
    return ZZ_OK;
}

int zz_case_store_pause_open(zz_store *st, int64_t case_id, const char *cause, bool *open,
                             char start[11], zz_err *err)
{
    sqlite3_stmt *s = NULL;
    *open = false;
    start[0] = '\0';
    int rc = zz_store__prepare(st, &s,
                               "SELECT started_on FROM case_pauses WHERE case_id = ?1"
                               " AND cause = ?2 AND ended_on IS NULL",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, cause);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) {
        *open = true;
        snprintf(start, 11, "%s", zz_store__col_text(s, 0));
    }
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_case_store_pauses(zz_store *st, int64_t case_id, zz_pause **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT cause, started_on, ended_on FROM case_pauses"
                               " WHERE case_id = ?1 ORDER BY started_on, id",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_pause *v = NULL;
    size_t cap = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            zz_pause *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            v = nv;
            cap = nc;
        }
        zz_pause *p = &v[*n];
        memset(p, 0, sizeof *p);
        if ((rc = zz_pause_cause_parse(&p->cause, zz_store__col_text(s, 0), err)) < 0 ||
            (rc = zz_date_parse(&p->start, zz_store__col_text(s, 1), err)) < 0)
            break;
        p->open = sqlite3_column_type(s, 2) == SQLITE_NULL;
        if (!p->open && (rc = zz_date_parse(&p->end, zz_store__col_text(s, 2), err)) < 0) break;
        (*n)++;
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

/* ---- review opinions ------------------------------------------------------------------------ */

int zz_case_store_opinion_insert(zz_store *st, int64_t case_id, const char *outcome,
                                 const char *opinion, const char *on, int64_t by, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO review_opinions (case_id, outcome, opinion,"
                               " decided_on, decided_by) VALUES (?1, ?2, ?3, ?4, ?5)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, outcome);
    zz_store__bind_text(s, 3, opinion);
    zz_store__bind_text(s, 4, on);
    if (by > 0)
        zz_store__bind_int64(s, 5, by);
    else
        sqlite3_bind_null(s, 5); /* the schema refuses it: the system does not review */
    return zz_store__run(st, s, err);
}

int zz_case_store_opinions(zz_store *st, int64_t case_id, zz_case_opinion **out, size_t *n,
                           zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT o.id, o.outcome, o.opinion, o.decided_on,"
                               " COALESCE(u.username, '') FROM review_opinions o LEFT JOIN users"
                               " u ON u.id = o.decided_by WHERE o.case_id = ?1 ORDER BY o.id",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_case_opinion *v = NULL;
    size_t cap = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 4;
            zz_case_opinion *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            v = nv;
            cap = nc;
        }
        zz_case_opinion *o = &v[*n];
        memset(o, 0, sizeof *o);
        const char *t = zz_store__col_text(s, 2);
        size_t len = strlen(t) + 1;
        if (!(o->opinion = malloc(len))) {
            rc = zz_store__nomem(err);
            break;
        }
        memcpy(o->opinion, t, len);
        (*n)++;
        o->id = sqlite3_column_int64(s, 0);
        COPY(o->outcome, s, 1);
        COPY(o->decided_on, s, 3);
        COPY(o->decided_by, s, 4);
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        zz_case_opinions_free(v, *n);
        *n = 0;
        return rc;
    }
    *out = v;
    return ZZ_OK;
}

/* ---- agreement, invoice, payments ----------------------------------------------------------- */

int zz_case_store_agreement(zz_store *st, int64_t case_id, zz_case_initiation *out, zz_err *err)
{
    out->has_agreement = false;
    out->template_name[0] = out->drafted_on[0] = out->sent_on[0] = out->effective_on[0] = '\0';
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT template, drafted_on, sent_on, effective_on FROM agreements"
                               " WHERE case_id = ?1",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) {
        out->has_agreement = true;
        COPY(out->template_name, s, 0);
        COPY(out->drafted_on, s, 1);
        COPY(out->sent_on, s, 2);
        COPY(out->effective_on, s, 3);
    }
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_case_store_agreement_insert(zz_store *st, int64_t case_id, const char *template_name,
                                   const char *drafted_on, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO agreements (case_id, template, drafted_on)"
                               " VALUES (?1, ?2, ?3)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, template_name);
    zz_store__bind_text(s, 3, drafted_on);
    return zz_store__run(st, s, err);
}

int zz_case_store_agreement_set(zz_store *st, int64_t case_id, bool effective, const char *on,
                                zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc =
        zz_store__prepare(st, &s,
                          effective ? "UPDATE agreements SET effective_on = ?2 WHERE case_id = ?1"
                                    : "UPDATE agreements SET sent_on = ?2 WHERE case_id = ?1",
                          err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, on);
    return zz_store__run(st, s, err);
}

int zz_case_store_invoice_add(zz_store *st, int64_t case_id, const zz_fee_item *item,
                              const char *issued_on, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO invoice_lines (case_id, code, name, amount_fen,"
                               " issued_on) VALUES (?1, ?2, ?3, ?4, ?5)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, item->code);
    zz_store__bind_text(s, 3, item->name_zh);
    zz_store__bind_int64(s, 4, item->amount_fen);
    zz_store__bind_text(s, 5, issued_on);
    return zz_store__run(st, s, err);
}

int zz_case_store_money(zz_store *st, int64_t case_id, zz_case_initiation *out, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT code, name, amount_fen, issued_on FROM invoice_lines"
                               " WHERE case_id = ?1 ORDER BY id",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    size_t cap = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (out->n_lines == cap) {
            size_t nc = cap ? cap * 2 : 4;
            zz_case_invoice_line *nv = realloc(out->lines, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            out->lines = nv;
            cap = nc;
        }
        zz_case_invoice_line *l = &out->lines[out->n_lines++];
        memset(l, 0, sizeof *l);
        COPY(l->code, s, 0);
        COPY(l->name, s, 1);
        l->amount_fen = sqlite3_column_int64(s, 2);
        COPY(l->issued_on, s, 3);
    }
    sqlite3_finalize(s);
    if (rc < 0) return rc;
    rc = zz_store__prepare(st, &s,
                           "SELECT id, paid_on, amount_fen, COALESCE(reference, '') FROM payments"
                           " WHERE case_id = ?1 ORDER BY paid_on, id",
                           err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    cap = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (out->n_payments == cap) {
            size_t nc = cap ? cap * 2 : 4;
            zz_case_payment *nv = realloc(out->payments, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            out->payments = nv;
            cap = nc;
        }
        zz_case_payment *p = &out->payments[out->n_payments++];
        memset(p, 0, sizeof *p);
        p->id = sqlite3_column_int64(s, 0);
        COPY(p->paid_on, s, 1);
        p->amount_fen = sqlite3_column_int64(s, 2);
        COPY(p->reference, s, 3);
    }
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_case_store_payment_add(zz_store *st, int64_t case_id, const char *paid_on,
                              int64_t amount_fen, const char *reference, int64_t by, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO payments (case_id, paid_on, amount_fen, reference,"
                               " recorded_by) VALUES (?1, ?2, ?3, ?4, ?5)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, paid_on);
    zz_store__bind_int64(s, 3, amount_fen);
    zz_store__bind_text(s, 4, nz(reference));
    if (by > 0)
        zz_store__bind_int64(s, 5, by);
    else
        sqlite3_bind_null(s, 5);
    return zz_store__run(st, s, err);
}

/* ---- archive -------------------------------------------------------------------------------- */

int zz_case_store_archive_insert(zz_store *st, int64_t case_id, const char *closed_on,
                                 const char *keep_until, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO archives (case_id, closed_on, keep_until, legal_hold)"
                               " VALUES (?1, ?2, ?3, 0)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, closed_on);
    zz_store__bind_text(s, 3, keep_until);
    return zz_store__run(st, s, err);
}
