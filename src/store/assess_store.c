/*
 * assess_store.c — SQL of assessment: audit plans, activities and their items, ratings,
 * rectifications with their pause, and the team conclusion. Storage only: the gates live
 * in src/core/assess.c.
 */
#include "store/assess_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

static char *dup_col(sqlite3_stmt *s, int col, bool *ok)
{
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

static void copy_col(char *dst, size_t cap, sqlite3_stmt *s, int col)
{
    snprintf(dst, cap, "%s", zz_store__col_text(s, col));
}

/* Runs a prepared write to completion and finalizes it. */
static void bind_by(sqlite3_stmt *s, int idx, int64_t by)
{
    if (by > 0)
        zz_store__bind_int64(s, idx, by);
    else
        sqlite3_bind_null(s, idx);
}

int zz_assess_store_case_catalog(zz_store *st, int64_t case_id, char id[51], char version[51],
                                 zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT d.catalog_id, d.catalog_version FROM cases c"
                               " JOIN dossiers d ON d.id = c.dossier_id WHERE c.id = ?",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) {
        copy_col(id, 51, s, 0);
        copy_col(version, 51, s, 1);
        rc = ZZ_OK;
    } else if (rc == ZZ_STORE_DONE) {
        rc = zz_err_set(err, ZZ_ENOTFOUND, "case.not_found", "找不到项目 %lld",
                        "case %lld not found", (long long)case_id);
    }
    sqlite3_finalize(s);
    return rc;
}

/* ---- audit plan ---------------------------------------------------------------------------- */

int zz_assess_store_plan_put(zz_store *st, int64_t case_id, const char *content,
                             const char *agreed_on, int64_t by, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO audit_plans (case_id, content, agreed_on, recorded_by)"
                               " VALUES (?, ?, ?, ?) ON CONFLICT (case_id) DO UPDATE SET"
                               " content = excluded.content, agreed_on = excluded.agreed_on,"
                               " recorded_by = excluded.recorded_by",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, content);
    zz_store__bind_text(s, 3, agreed_on);
    bind_by(s, 4, by);
    return zz_store__run(st, s, err);
}

int zz_assess_store_plan_get(zz_store *st, int64_t case_id, zz_audit_plan *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT content, agreed_on FROM audit_plans WHERE case_id = ?", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) {
        bool ok = true;
        out->content = dup_col(s, 0, &ok);
        copy_col(out->agreed_on, sizeof out->agreed_on, s, 1);
        out->exists = true;
        rc = ok ? ZZ_OK : zz_store__nomem(err);
    }
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

/* ---- activities ---------------------------------------------------------------------------- */

int zz_assess_store_activity_insert(zz_store *st, int64_t case_id, const char *method,
                                    const char *held_on, const char *participants,
                                    const char *evidence, const char *findings, int64_t by,
                                    const char *const *items, size_t n_items, int64_t *id,
                                    zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO activities (case_id, method, held_on, participants,"
                               " evidence, findings, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, method);
    zz_store__bind_text(s, 3, held_on);
    zz_store__bind_text(s, 4, participants);
    zz_store__bind_text(s, 5, evidence);
    zz_store__bind_text(s, 6, findings);
    zz_store__bind_int64(s, 7, by);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    int64_t aid = sqlite3_last_insert_rowid(zz_store__db(st));
    rc = zz_store__prepare(st, &s,
                           "INSERT INTO activity_items (activity_id, item_id) VALUES (?, ?)", err);
    if (rc < 0) return rc;
    for (size_t i = 0; i < n_items; i++) {
        sqlite3_reset(s);
        zz_store__bind_int64(s, 1, aid);
        zz_store__bind_text(s, 2, items[i]);
        rc = zz_store__step(st, s, err);
        if (rc < 0) break;
    }
    sqlite3_finalize(s);
    if (rc < 0) return rc;
    if (id) *id = aid;
    return ZZ_OK;
}

void zz_activities_free(zz_activity *a, size_t n)
{
    if (!a) return;
    for (size_t i = 0; i < n; i++) {
        free(a[i].participants);
        free(a[i].evidence);
        free(a[i].findings);
        for (size_t k = 0; k < a[i].n_items; k++)
            free(a[i].items[k]);
        free(a[i].items);
    }
    free(a);
}

int zz_assess_store_activities(zz_store *st, int64_t case_id, zz_activity **out, size_t *n,
                               zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT a.id, a.method, a.held_on, a.participants, a.evidence,"
                               " a.findings, a.recorded_by, COALESCE(u.username, '')"
                               " FROM activities a LEFT JOIN users u ON u.id = a.recorded_by"
                               " WHERE a.case_id = ? ORDER BY a.held_on, a.id",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_activity *v = NULL;
    size_t cnt = 0, cap = 0;
    bool ok = true;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (cnt == cap) {
            size_t nc = cap ? cap * 2 : 8;
            zz_activity *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                ok = false;
                break;
            }
            v = nv;
            cap = nc;
        }
        zz_activity *a = &v[cnt++];
        memset(a, 0, sizeof *a);
        a->id = sqlite3_column_int64(s, 0);
        copy_col(a->method, sizeof a->method, s, 1);
        copy_col(a->held_on, sizeof a->held_on, s, 2);
        a->participants = dup_col(s, 3, &ok);
        a->evidence = dup_col(s, 4, &ok);
        a->findings = dup_col(s, 5, &ok);
        a->recorded_by = sqlite3_column_int64(s, 6);
        copy_col(a->recorded_by_name, sizeof a->recorded_by_name, s, 7);
        if (!ok) break;
    }
    sqlite3_finalize(s);
    if (rc >= 0 && !ok) rc = zz_store__nomem(err);
    if (rc < 0) {
        zz_activities_free(v, cnt);
        return rc;
    }
    /* the items of every activity of the case, merged by activity id */
    rc = zz_store__prepare(st, &s,
                           "SELECT i.activity_id, i.item_id FROM activity_items i"
                           " JOIN activities a ON a.id = i.activity_id WHERE a.case_id = ?"
                           " ORDER BY i.activity_id, i.item_id",
                           err);
    if (rc < 0) {
        zz_activities_free(v, cnt);
        return rc;
    }
    zz_store__bind_int64(s, 1, case_id);
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        int64_t aid = sqlite3_column_int64(s, 0);
        zz_activity *a = NULL;
        for (size_t i = 0; i < cnt; i++)
            if (v[i].id == aid) a = &v[i];
        if (!a) continue;
        char **ni = realloc(a->items, (a->n_items + 1) * sizeof *ni);
        if (!ni) {
            ok = false;
            break;
        }
        a->items = ni;
        a->items[a->n_items] = dup_col(s, 1, &ok);
        if (!ok) break;
        a->n_items++;
    }
    sqlite3_finalize(s);
    if (rc >= 0 && !ok) rc = zz_store__nomem(err);
    if (rc < 0) {
        zz_activities_free(v, cnt);
        return rc;
    }
    *out = v;
    *n = cnt;
    return ZZ_OK;
}

/* ---- ratings ------------------------------------------------------------------------------- */

int zz_assess_store_rating_put(zz_store *st, int64_t case_id, const char *item_id, zz_rating rating,
                               const char *justification, int64_t by, const char *on, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO ratings (case_id, item_id, rating, justification,"
                               " rated_by, rated_on, rerate) VALUES (?, ?, ?, ?, ?, ?, 0)"
                               " ON CONFLICT (case_id, item_id) DO UPDATE SET"
                               " rating = excluded.rating, justification = excluded.justification,"
                               " rated_by = excluded.rated_by, rated_on = excluded.rated_on,"
                               " rerate = 0",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, item_id);
    zz_store__bind_text(s, 3, zz_rating_code(rating));
    zz_store__bind_text(s, 4, justification && *justification ? justification : NULL);
    zz_store__bind_int64(s, 5, by);
    zz_store__bind_text(s, 6, on);
    return zz_store__run(st, s, err);
}

void zz_rating_recs_free(zz_rating_rec *recs, size_t n)
{
    if (!recs) return;
    for (size_t i = 0; i < n; i++) {
        free((void *)recs[i].item_id);
        free((void *)recs[i].justification);
    }
    free(recs);
}

int zz_assess_store_ratings(zz_store *st, int64_t case_id, zz_rating_rec **out, size_t *n,
                            zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT r.item_id, r.rating, r.justification, r.rerate, r.rated_by,"
                               " COALESCE(u.username, ''), r.rated_on"
                               " FROM ratings r LEFT JOIN users u ON u.id = r.rated_by"
                               " WHERE r.case_id = ? ORDER BY r.item_id",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_rating_rec *v = NULL;
    size_t cnt = 0, cap = 0;
    bool ok = true;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (cnt == cap) {
            size_t nc = cap ? cap * 2 : 32;
            zz_rating_rec *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                ok = false;
                break;
            }
            v = nv;
            cap = nc;
        }
        zz_rating_rec *r = &v[cnt++];
        memset(r, 0, sizeof *r);
        r->item_id = dup_col(s, 0, &ok);
        if (zz_rating_parse(&r->rating, zz_store__col_text(s, 1), NULL) < 0)
            r->rating = ZZ_RATING_NONE; /* not written by this code: shows as unrated */
        r->justification = sqlite3_column_type(s, 2) == SQLITE_NULL ? NULL : dup_col(s, 2, &ok);
        r->rerate = sqlite3_column_int64(s, 3) != 0;
        r->rated_by = sqlite3_column_int64(s, 4);
        copy_col(r->rated_by_name, sizeof r->rated_by_name, s, 5);
        copy_col(r->rated_on, sizeof r->rated_on, s, 6);
        if (!ok) break;
    }
    sqlite3_finalize(s);
    if (rc >= 0 && !ok) rc = zz_store__nomem(err);
    if (rc < 0) {
        zz_rating_recs_free(v, cnt);
        return rc;
    }
    *out = v;
    *n = cnt;
    return ZZ_OK;
}

int zz_assess_store_rating_mark_rerate(zz_store *st, int64_t case_id, const char *item_id,
                                       zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(
        st, &s, "UPDATE ratings SET rerate = 1 WHERE case_id = ? AND item_id = ?", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, item_id);
    return zz_store__run(st, s, err);
}

/* ---- rectifications and their pause --------------------------------------------------------- */

int zz_assess_store_rect_insert(zz_store *st, int64_t case_id, const char *item_id,
                                const char *request, const char *requested_on, const char *deadline,
                                int64_t by, int64_t *id, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc =
        zz_store__prepare(st, &s,
                          "INSERT INTO rectifications (case_id, item_id, request, requested_on,"
                          " deadline, requested_by) VALUES (?, ?, ?, ?, ?, ?)",
                          err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, item_id);
    zz_store__bind_text(s, 3, request);
    zz_store__bind_text(s, 4, requested_on);
    zz_store__bind_text(s, 5, deadline);
    bind_by(s, 6, by);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    if (id) *id = sqlite3_last_insert_rowid(zz_store__db(st));
    return ZZ_OK;
}

static const char *const RECT_COLS =
    "SELECT id, item_id, request, requested_on, deadline, COALESCE(resolved_on, '')"
    " FROM rectifications";

static void rect_row(sqlite3_stmt *s, zz_rectification *r, bool *ok)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(s, 0);
    copy_col(r->item_id, sizeof r->item_id, s, 1);
    r->request = dup_col(s, 2, ok);
    copy_col(r->requested_on, sizeof r->requested_on, s, 3);
    copy_col(r->deadline, sizeof r->deadline, s, 4);
    copy_col(r->resolved_on, sizeof r->resolved_on, s, 5);
}

int zz_assess_store_rect_get(zz_store *st, int64_t case_id, int64_t rect_id, zz_rectification *out,
                             zz_err *err)
{
    memset(out, 0, sizeof *out);
    char sql[256];
    snprintf(sql, sizeof sql, "%s WHERE id = ? AND case_id = ?", RECT_COLS);
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, rect_id);
    zz_store__bind_int64(s, 2, case_id);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) {
        bool ok = true;
        rect_row(s, out, &ok);
        rc = ok ? ZZ_OK : zz_store__nomem(err);
    } else if (rc == ZZ_STORE_DONE) {
        rc = zz_err_set(
            err, ZZ_ENOTFOUND, "rectification.not_found", "项目 %lld 没有编号为 %lld 的整改要求",
            "case %lld has no rectification %lld", (long long)case_id, (long long)rect_id);
    }
    sqlite3_finalize(s);
    return rc;
}

int zz_assess_store_rect_resolve(zz_store *st, int64_t rect_id, const char *on, int64_t by,
                                 zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "UPDATE rectifications SET resolved_on = ?, resolved_by = ?"
                               " WHERE id = ? AND resolved_on IS NULL",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, on);
    bind_by(s, 2, by);
    zz_store__bind_int64(s, 3, rect_id);
    return zz_store__run(st, s, err);
}

int zz_assess_store_rect_open_count(zz_store *st, int64_t case_id, int64_t *n, zz_err *err)
{
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT COUNT(*) FROM rectifications"
                               " WHERE case_id = ? AND resolved_on IS NULL",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) *n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

void zz_rectifications_free(zz_rectification *r, size_t n)
{
    if (!r) return;
    for (size_t i = 0; i < n; i++)
        free(r[i].request);
    free(r);
}

int zz_assess_store_rects(zz_store *st, int64_t case_id, zz_rectification **out, size_t *n,
                          zz_err *err)
{
    *out = NULL;
    *n = 0;
    char sql[256];
    snprintf(sql, sizeof sql, "%s WHERE case_id = ? ORDER BY id", RECT_COLS);
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_rectification *v = NULL;
    size_t cnt = 0, cap = 0;
    bool ok = true;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (cnt == cap) {
            size_t nc = cap ? cap * 2 : 8;
            zz_rectification *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                ok = false;
                break;
            }
            v = nv;
            cap = nc;
        }
        rect_row(s, &v[cnt++], &ok);
        if (!ok) break;
    }
    sqlite3_finalize(s);
    if (rc >= 0 && !ok) rc = zz_store__nomem(err);
    if (rc < 0) {
        zz_rectifications_free(v, cnt);
        return rc;
    }
    *out = v;
    *n = cnt;
    return ZZ_OK;
}

int zz_assess_store_pause_open(zz_store *st, int64_t case_id, const char *cause, const char *on,
                               bool *opened, zz_err *err)
{
    *opened = false;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT COUNT(*) FROM case_pauses"
                               " WHERE case_id = ? AND cause = ? AND ended_on IS NULL",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, cause);
    int64_t open = 0;
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) open = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (rc < 0) return rc;
    if (open > 0) return ZZ_OK;
    rc = zz_store__prepare(
        st, &s, "INSERT INTO case_pauses (case_id, cause, started_on) VALUES (?, ?, ?)", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, cause);
    zz_store__bind_text(s, 3, on);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    *opened = true;
    return ZZ_OK;
}

int zz_assess_store_pause_end(zz_store *st, int64_t case_id, const char *cause, const char *on,
                              zz_err *err)
{
    sqlite3_stmt *s = NULL;
    /* never before its start: a back-dated resolution cannot make a pause of negative length */
    int rc = zz_store__prepare(st, &s,
                               "UPDATE case_pauses SET ended_on = CASE WHEN started_on > ?"
                               " THEN started_on ELSE ? END"
                               " WHERE case_id = ? AND cause = ? AND ended_on IS NULL",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, on);
    zz_store__bind_text(s, 2, on);
    zz_store__bind_int64(s, 3, case_id);
    zz_store__bind_text(s, 4, cause);
    return zz_store__run(st, s, err);
}

/* ---- conclusion ---------------------------------------------------------------------------- */

int zz_assess_store_conclusion_put(zz_store *st, int64_t case_id, zz_verdict recommendation,
                                   zz_verdict conclusion, const char *reason,
                                   const char *conformity_json, const char *decided_on, int64_t by,
                                   int round, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(
        st, &s,
        "INSERT INTO conclusions (case_id, recommendation, conclusion, reason, conformity,"
        " decided_on, decided_by, round) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (case_id) DO UPDATE SET recommendation = excluded.recommendation,"
        " conclusion = excluded.conclusion, reason = excluded.reason,"
        " conformity = excluded.conformity, decided_on = excluded.decided_on,"
        " decided_by = excluded.decided_by, round = excluded.round",
        err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_text(s, 2, zz_verdict_code(recommendation));
    zz_store__bind_text(s, 3, zz_verdict_code(conclusion));
    zz_store__bind_text(s, 4, reason && *reason ? reason : NULL);
    zz_store__bind_text(s, 5, conformity_json);
    zz_store__bind_text(s, 6, decided_on);
    zz_store__bind_int64(s, 7, by);
    zz_store__bind_int64(s, 8, round);
    return zz_store__run(st, s, err);
}

int zz_assess_store_conclusion_get(zz_store *st, int64_t case_id, zz_conclusion *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT c.recommendation, c.conclusion, c.reason, c.conformity,"
                               " c.decided_on, c.decided_by, COALESCE(u.username, ''), c.round"
                               " FROM conclusions c LEFT JOIN users u ON u.id = c.decided_by"
                               " WHERE c.case_id = ?",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) {
        bool ok = true;
        out->exists = true;
        zz_verdict_parse(&out->recommendation, zz_store__col_text(s, 0), NULL);
        zz_verdict_parse(&out->conclusion, zz_store__col_text(s, 1), NULL);
        out->reason = sqlite3_column_type(s, 2) == SQLITE_NULL ? NULL : dup_col(s, 2, &ok);
        out->conformity = dup_col(s, 3, &ok);
        copy_col(out->decided_on, sizeof out->decided_on, s, 4);
        out->decided_by = sqlite3_column_int64(s, 5);
        copy_col(out->decided_by_name, sizeof out->decided_by_name, s, 6);
        out->round = (int)sqlite3_column_int64(s, 7);
        rc = ok ? ZZ_OK : zz_store__nomem(err);
        if (rc < 0) zz_conclusion_clear(out);
    }
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}
