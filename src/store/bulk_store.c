/*
 * bulk_store.c — prepared statements of the scaled demonstration database (bulk_store.h): each
 * prepared once, then bound, stepped and reset for every row.
 */
#include "store/bulk_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

static const char *const SQL[ZZ_BULK__COUNT] = {
    [ZZ_BULK_ORG] = "INSERT INTO organisations (name, uscc, legal_person, address, contact_name,"
                    " contact_phone, email, created_usec) VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7)",
    [ZZ_BULK_USER] = "INSERT INTO users (username, display_name, email, org_id, password_hash,"
                     " active, created_usec) VALUES (?1, ?2, ?3, ?4, NULL, 1, ?5)",
    [ZZ_BULK_USER_ROLE] = "INSERT INTO user_roles (user_id, role, granted_by, granted_usec)"
                          " VALUES (?1, ?2, NULL, ?3)",
    [ZZ_BULK_DOSSIER] =
        "INSERT INTO dossiers (org_id, category, level, catalog_id, catalog_version, app_type,"
        " timing, type_reason, type_reason_code, type_decided_on, prior_cert_id, status, form,"
        " stamped_scan, bound_declared, bound_declared_on, courier, tracking_no, submitted_on,"
        " created_usec, updated_usec) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
        " ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
    [ZZ_BULK_CASE] =
        "INSERT INTO cases (number, dossier_id, org_id, stage, state, submitted_on,"
        " paper_received_on, paper_matches, package_verified, filed_on, assessment_on,"
        " approved_on, approved_by, batch_id, closed_on, close_reason, paper_note, updated_usec)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    [ZZ_BULK_CASE_ARCHIVED] = "UPDATE cases SET stage = 'archived', state = 'archived',"
                              " updated_usec = ?1 WHERE id = ?2",
    [ZZ_BULK_MEMBER] = "INSERT INTO case_members (case_id, user_id, role, assigned_on)"
                       " VALUES (?1, ?2, ?3, ?4)",
    [ZZ_BULK_PAUSE] = "INSERT INTO case_pauses (case_id, cause, started_on, ended_on)"
                      " VALUES (?1, ?2, ?3, ?4)",
    [ZZ_BULK_OPINION] = "INSERT INTO review_opinions (case_id, outcome, opinion, decided_on,"
                        " decided_by) VALUES (?1, ?2, ?3, ?4, ?5)",
    [ZZ_BULK_AGREEMENT] = "INSERT INTO agreements (case_id, template, drafted_on, sent_on,"
                          " effective_on) VALUES (?1, ?2, ?3, ?4, ?5)",
    [ZZ_BULK_INVOICE] = "INSERT INTO invoice_lines (case_id, code, name, amount_fen, issued_on)"
                        " VALUES (?1, ?2, ?3, ?4, ?5)",
    [ZZ_BULK_PAYMENT] = "INSERT INTO payments (case_id, paid_on, amount_fen, reference,"
                        " recorded_by) VALUES (?1, ?2, ?3, ?4, ?5)",
    [ZZ_BULK_PLAN] = "INSERT INTO audit_plans (case_id, content, agreed_on, recorded_by)"
                     " VALUES (?1, ?2, ?3, ?4)",
    [ZZ_BULK_RECTIFICATION] =
        "INSERT INTO rectifications (case_id, item_id, request, requested_on, deadline,"
        " resolved_on, requested_by, resolved_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [ZZ_BULK_CONCLUSION] = "INSERT INTO conclusions (case_id, recommendation, conclusion, reason,"
                           " conformity, decided_on, decided_by, round)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)",
    [ZZ_BULK_VOTE] = "INSERT INTO panel_votes (case_id, round, user_id, vote, opinion, voted_on)"
                     " VALUES (?1, 1, ?2, ?3, ?4, ?5)",
    [ZZ_BULK_PANEL] = "INSERT INTO panel_conclusions (case_id, round, result, decided_on)"
                      " VALUES (?1, 1, ?2, ?3)",
    [ZZ_BULK_BATCH] = "INSERT INTO batches (number, created_on, created_by, issued_on, issued_by,"
                      " published_on, published_by, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                      " ?8)",
    [ZZ_BULK_CERT] =
        "INSERT INTO certificates (number, org_id, case_id, batch_id, org_name, uscc, category,"
        " level, issue_date, expiry_date, revoked_on, record, signature, audit_count, audit_head)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    [ZZ_BULK_CERT_SUPERSEDE] = "UPDATE certificates SET superseded_on = ?1, superseded_by = ?2"
                               " WHERE id = ?3",
    [ZZ_BULK_ARCHIVE] = "INSERT INTO archives (case_id, closed_on, keep_until) VALUES (?1, ?2, ?3)",
    [ZZ_BULK_SANCTION] =
        "INSERT INTO sanctions (org_id, cert_id, kind, violation, evidence, decision, decided_on,"
        " decided_by, lifted_on, lifted_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [ZZ_BULK_AUDIT] = "INSERT INTO audit_log (seq, at_usec, business_date, actor, action, obj_type,"
                      " obj_id, obj_digest, detail, prev_digest, digest)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [ZZ_BULK_CASE_COUNTER_RAISE] =
        "INSERT INTO case_number_counters (scope, last_seq) VALUES (?1, ?2)"
        " ON CONFLICT (scope) DO UPDATE SET last_seq = CASE WHEN excluded.last_seq >"
        " case_number_counters.last_seq THEN excluded.last_seq"
        " ELSE case_number_counters.last_seq END",
    [ZZ_BULK_CERT_COUNTER_RAISE] =
        "INSERT INTO cert_number_counters (scope, last_seq) VALUES (?1, ?2)"
        " ON CONFLICT (scope) DO UPDATE SET last_seq = CASE WHEN excluded.last_seq >"
        " cert_number_counters.last_seq THEN excluded.last_seq"
        " ELSE cert_number_counters.last_seq END",
    [ZZ_BULK_CASE_COUNTER_GET] = "SELECT last_seq FROM case_number_counters WHERE scope = ?1",
    [ZZ_BULK_CERT_COUNTER_GET] = "SELECT last_seq FROM cert_number_counters WHERE scope = ?1",
    [ZZ_BULK_ORG_BY_USCC] = "SELECT id FROM organisations WHERE uscc = ?1",
};

struct zz_bulk {
    zz_store *st;
    sqlite3_stmt *s[ZZ_BULK__COUNT];
    int64_t rows;
    int64_t cache_size; /* the connection's cache_size before zz_bulk_open */
};

/* A pragma's integer value (cache_size). */
static int pragma_int(zz_store *st, const char *sql, int64_t *out, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) return rc;
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) *out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

static void set_cache_size(zz_store *st, int64_t v)
{
    /* a pragma takes no bound parameter: the value is a number printed here, never user text */
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", (long long)v);
    zz_store__exec(st, sql, NULL);
}

int zz_bulk_open(zz_store *st, zz_bulk **out, zz_err *err)
{
    *out = NULL;
    zz_bulk *b = calloc(1, sizeof *b);
    if (!b) return zz_store__nomem(err);
    b->st = st;
    b->cache_size = -2000; /* SQLite's default, in case the read below fails */
    int rc = pragma_int(st, "PRAGMA cache_size", &b->cache_size, err);
    for (int i = 0; rc == ZZ_OK && i < ZZ_BULK__COUNT; i++)
        rc = zz_store__prepare(st, &b->s[i], SQL[i], err);
    if (rc < 0) {
        zz_bulk_close(b);
        return rc;
    }
    set_cache_size(st, -131072); /* 128 MiB: the indexes of the big tables stay in memory */
    *out = b;
    return ZZ_OK;
}

void zz_bulk_close(zz_bulk *b)
{
    if (!b) return;
    for (int i = 0; i < ZZ_BULK__COUNT; i++)
        sqlite3_finalize(b->s[i]);
    set_cache_size(b->st, b->cache_size);
    free(b);
}

static int bind_all(zz_bulk *b, zz_bulk_stmt which, const zz_bulk_val *v, size_t n, zz_err *err)
{
    if ((int)which < 0 || which >= ZZ_BULK__COUNT)
        return zz_err_set(err, ZZ_EINVAL, "bulk.statement", "未知的批量语句 %d",
                          "unknown bulk statement %d", (int)which);
    sqlite3_stmt *s = b->s[which];
    if ((size_t)sqlite3_bind_parameter_count(s) != n)
        return zz_err_set(err, ZZ_EINVAL, "bulk.arity", "批量语句 %d 需要 %d 个值，给了 %zu 个",
                          "bulk statement %d takes %d values, %zu given", (int)which,
                          sqlite3_bind_parameter_count(s), n);
    for (size_t i = 0; i < n; i++) {
        int idx = (int)i + 1, src;
        if (v[i].kind == ZZ_BULK_INT)
            src = sqlite3_bind_int64(s, idx, (sqlite3_int64)v[i].i);
        else if (v[i].kind == ZZ_BULK_TEXT && v[i].s)
            src = sqlite3_bind_text(s, idx, v[i].s, -1, SQLITE_STATIC); /* valid for the call */
        else
            src = sqlite3_bind_null(s, idx);
        if (src != SQLITE_OK) return zz_store__sqlerr(b->st, src, "bulk bind", err);
    }
    return ZZ_OK;
}

/* Leaves the statement ready for the next row, and drops the borrowed text pointers. */
static void done_with(sqlite3_stmt *s)
{
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}

int zz_bulk_run(zz_bulk *b, zz_bulk_stmt which, const zz_bulk_val *v, size_t n, int64_t *rowid,
                zz_err *err)
{
    int rc = bind_all(b, which, v, n, err);
    if (rc < 0) return rc;
    sqlite3_stmt *s = b->s[which];
    rc = zz_store__step(b->st, s, err);
    done_with(s);
    if (rc < 0) return rc;
    if (rowid) *rowid = (int64_t)sqlite3_last_insert_rowid(zz_store__db(b->st));
    b->rows++;
    return ZZ_OK;
}

int zz_bulk_get_int(zz_bulk *b, zz_bulk_stmt which, const zz_bulk_val *v, size_t n, bool *found,
                    int64_t *out, zz_err *err)
{
    *found = false;
    *out = 0;
    int rc = bind_all(b, which, v, n, err);
    if (rc < 0) return rc;
    sqlite3_stmt *s = b->s[which];
    rc = zz_store__step(b->st, s, err);
    if (rc == ZZ_STORE_ROW) {
        *found = true;
        *out = sqlite3_column_int64(s, 0);
    }
    done_with(s);
    return rc < 0 ? rc : ZZ_OK;
}

int64_t zz_bulk_rows(const zz_bulk *b)
{
    return b->rows;
}
