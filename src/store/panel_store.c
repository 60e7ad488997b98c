/*
 * panel_store.c — SQL of expert review and approval: votes, panel conclusions,
 * the team and panel of a case, settings, and the approval columns of cases. Storage only: the
 * gates live in src/core/panel.c.
 */
#include "store/panel_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

int zz_panel_store_round(zz_store *st, int64_t case_id, int *round, zz_err *err)
{
    *round = 1;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT COUNT(*) FROM panel_conclusions WHERE case_id = ?",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) *round = 1 + (int)sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

/* Collects the first column of every row as user ids, binding case_id to each of n_bind `?`. */
static int collect_ids(zz_store *st, const char *sql, int64_t case_id, int n_bind,
                       const char *text1, int64_t **ids, size_t *n, zz_err *err)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) return rc;
    int idx = 1;
    for (int i = 0; i < n_bind; i++)
        zz_store__bind_int64(s, idx++, case_id);
    if (text1) zz_store__bind_text(s, idx, text1);
    int64_t *v = NULL;
    size_t cnt = 0, cap = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (cnt == cap) {
            size_t nc = cap ? cap * 2 : 8;
            int64_t *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            v = nv;
            cap = nc;
        }
        v[cnt++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        free(v);
        return rc;
    }
    *ids = v;
    *n = cnt;
    return ZZ_OK;
}

int zz_panel_store_members(zz_store *st, int64_t case_id, const char *role, int64_t **ids,
                           size_t *n, zz_err *err)
{
    return collect_ids(st,
                       "SELECT user_id FROM case_members WHERE case_id = ? AND role = ?"
                       " ORDER BY user_id",
                       case_id, 1, role, ids, n, err);
}

int zz_panel_store_team(zz_store *st, int64_t case_id, int64_t **ids, size_t *n, zz_err *err)
{
    return collect_ids(
        st,
        "SELECT user_id FROM case_members WHERE case_id = ?"
        "   AND role IN ('project_lead', 'assessor')"
        " UNION SELECT recorded_by FROM audit_plans WHERE case_id = ? AND recorded_by IS NOT NULL"
        " UNION SELECT recorded_by FROM activities WHERE case_id = ?"
        " UNION SELECT rated_by FROM ratings WHERE case_id = ?"
        " UNION SELECT requested_by FROM rectifications"
        "   WHERE case_id = ? AND requested_by IS NOT NULL"
        " UNION SELECT resolved_by FROM rectifications"
        "   WHERE case_id = ? AND resolved_by IS NOT NULL"
        " UNION SELECT decided_by FROM conclusions WHERE case_id = ?"
        " ORDER BY 1",
        case_id, 7, NULL, ids, n, err);
}

int zz_panel_store_has_voted(zz_store *st, int64_t case_id, int round, int64_t user_id, bool *out,
                             zz_err *err)
{
    *out = false;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT COUNT(*) FROM panel_votes"
                               " WHERE case_id = ? AND round = ? AND user_id = ?",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_int64(s, 2, round);
    zz_store__bind_int64(s, 3, user_id);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) *out = sqlite3_column_int64(s, 0) > 0;
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_panel_store_vote_insert(zz_store *st, int64_t case_id, int round, int64_t user_id,
                               zz_vote vote, const char *opinion, const char *on, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO panel_votes (case_id, round, user_id, vote, opinion,"
                               " voted_on) VALUES (?, ?, ?, ?, ?, ?)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_int64(s, 2, round);
    zz_store__bind_int64(s, 3, user_id);
    zz_store__bind_text(s, 4, zz_vote_code(vote));
    zz_store__bind_text(s, 5, opinion);
    zz_store__bind_text(s, 6, on);
    return zz_store__run(st, s, err);
}

int zz_panel_store_round_votes(zz_store *st, int64_t case_id, int round, zz_vote **votes, size_t *n,
                               zz_err *err)
{
    *votes = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT v.vote FROM panel_votes v JOIN case_members m"
                               " ON m.case_id = v.case_id AND m.user_id = v.user_id"
                               " AND m.role = 'expert' WHERE v.case_id = ? AND v.round = ?"
                               " ORDER BY v.user_id",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_int64(s, 2, round);
    zz_vote *v = NULL;
    size_t cnt = 0, cap = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        zz_vote vt;
        if (zz_vote_parse(&vt, zz_store__col_text(s, 0), NULL) < 0)
            continue; /* the CHECK constraint keeps this from happening */
        if (cnt == cap) {
            size_t nc = cap ? cap * 2 : 8;
            zz_vote *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            v = nv;
            cap = nc;
        }
        v[cnt++] = vt;
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        free(v);
        return rc;
    }
    *votes = v;
    *n = cnt;
    return ZZ_OK;
}

void zz_panel_votes_free(zz_panel_vote *v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++)
        free(v[i].opinion);
    free(v);
}

int zz_panel_store_votes(zz_store *st, int64_t case_id, zz_panel_vote **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT v.round, v.user_id, COALESCE(u.username, ''),"
                               " COALESCE(u.display_name, ''), v.vote, v.opinion, v.voted_on"
                               " FROM panel_votes v LEFT JOIN users u ON u.id = v.user_id"
                               " WHERE v.case_id = ? ORDER BY v.round, u.username, v.user_id",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_panel_vote *v = NULL;
    size_t cnt = 0, cap = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (cnt == cap) {
            size_t nc = cap ? cap * 2 : 8;
            zz_panel_vote *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            v = nv;
            cap = nc;
        }
        zz_panel_vote *p = &v[cnt];
        memset(p, 0, sizeof *p);
        p->round = (int)sqlite3_column_int64(s, 0);
        p->user_id = sqlite3_column_int64(s, 1);
        snprintf(p->username, sizeof p->username, "%s", zz_store__col_text(s, 2));
        snprintf(p->display_name, sizeof p->display_name, "%s", zz_store__col_text(s, 3));
        if (zz_vote_parse(&p->vote, zz_store__col_text(s, 4), NULL) < 0) p->vote = ZZ_VOTE_RETURN;
        const char *op = zz_store__col_text(s, 5);
        size_t len = strlen(op) + 1;
        p->opinion = malloc(len);
        if (!p->opinion) {
            rc = zz_store__nomem(err);
            break;
        }
        memcpy(p->opinion, op, len);
        snprintf(p->voted_on, sizeof p->voted_on, "%s", zz_store__col_text(s, 6));
        cnt++;
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        zz_panel_votes_free(v, cnt);
        return rc;
    }
    *out = v;
    *n = cnt;
    return ZZ_OK;
}

int zz_panel_store_conclusion_insert(zz_store *st, int64_t case_id, int round, zz_vote result,
                                     const char *on, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO panel_conclusions (case_id, round, result, decided_on)"
                               " VALUES (?, ?, ?, ?)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_store__bind_int64(s, 2, round);
    zz_store__bind_text(s, 3, zz_vote_code(result));
    zz_store__bind_text(s, 4, on);
    return zz_store__run(st, s, err);
}

int zz_panel_store_results(zz_store *st, int64_t case_id, zz_panel_result **out, size_t *n,
                           zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT round, result, decided_on FROM panel_conclusions"
                               " WHERE case_id = ? ORDER BY round",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    zz_panel_result *v = NULL;
    size_t cnt = 0, cap = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (cnt == cap) {
            size_t nc = cap ? cap * 2 : 4;
            zz_panel_result *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            v = nv;
            cap = nc;
        }
        zz_panel_result *p = &v[cnt++];
        memset(p, 0, sizeof *p);
        p->round = (int)sqlite3_column_int64(s, 0);
        if (zz_vote_parse(&p->result, zz_store__col_text(s, 1), NULL) < 0)
            p->result = ZZ_VOTE_RETURN;
        snprintf(p->decided_on, sizeof p->decided_on, "%s", zz_store__col_text(s, 2));
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        free(v);
        return rc;
    }
    *out = v;
    *n = cnt;
    return ZZ_OK;
}

int zz_panel_store_setting(zz_store *st, const char *key, char **value, zz_err *err)
{
    *value = NULL;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "SELECT value FROM settings WHERE key = ?", err);
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

int zz_panel_store_approve(zz_store *st, int64_t case_id, const char *on, int64_t by, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(
        st, &s, "UPDATE cases SET approved_on = ?, approved_by = ? WHERE id = ?", err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, on);
    if (by > 0)
        zz_store__bind_int64(s, 2, by);
    else
        sqlite3_bind_null(s, 2);
    zz_store__bind_int64(s, 3, case_id);
    return zz_store__run(st, s, err);
}
