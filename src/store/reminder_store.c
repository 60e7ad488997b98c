/*
 * reminder_store.c — SQL of expiry reminders (see reminder_store.h). Storage only.
 */
#include "store/reminder_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

#define COPY(dst, s, col) snprintf((dst), sizeof(dst), "%s", zz_store__col_text((s), (col)))

/* Grows *v to hold one more element of size sz. */
static int grow(void **v, size_t *cap, size_t n, size_t sz, zz_err *err)
{
    if (n < *cap) return ZZ_OK;
    size_t nc = *cap ? *cap * 2 : 16;
    void *nv = realloc(*v, nc * sz);
    if (!nv) return zz_store__nomem(err);
    *v = nv;
    *cap = nc;
    return ZZ_OK;
}

int zz_reminder_store_candidates(zz_store *st, const char *today, const char *until,
                                 zz_reminder_cand **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(
        st, &s,
        "SELECT c.id, c.number, c.org_name, o.email, c.category, c.level, c.issue_date,"
        " c.expiry_date,"
        " CASE WHEN EXISTS (SELECT 1 FROM dossiers d JOIN cases k ON k.dossier_id = d.id"
        "   WHERE d.prior_cert_id = c.id AND d.status = 'submitted'"
        "   AND (k.close_reason IS NULL OR k.close_reason = 'certified')) THEN 1 ELSE 0 END,"
        " COALESCE((SELECT MIN(r.step) FROM cert_reminders r WHERE r.cert_id = c.id), 0)"
        " FROM certificates c JOIN organisations o ON o.id = c.org_id"
        " WHERE c.issue_date <= ?1 AND c.expiry_date >= ?1 AND c.expiry_date <= ?2"
        " AND (c.revoked_on IS NULL OR c.revoked_on > ?1)"
        " AND (c.superseded_on IS NULL OR c.superseded_on > ?1)"
        " ORDER BY c.id",
        err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, today);
    zz_store__bind_text(s, 2, until);
    zz_reminder_cand *v = NULL;
    size_t cap = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if ((rc = grow((void **)&v, &cap, *n, sizeof *v, err)) < 0) break;
        zz_reminder_cand *c = &v[(*n)++];
        memset(c, 0, sizeof *c);
        c->id = sqlite3_column_int64(s, 0);
        COPY(c->number, s, 1);
        COPY(c->org_name, s, 2);
        COPY(c->email, s, 3);
        COPY(c->category, s, 4);
        c->level = sqlite3_column_int(s, 5);
        COPY(c->issue_date, s, 6);
        COPY(c->expiry_date, s, 7);
        c->in_process = sqlite3_column_int(s, 8) != 0;
        c->min_step = sqlite3_column_int(s, 9);
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

int zz_reminder_store_record(zz_store *st, int64_t cert_id, int step, const char *due_on,
                             const char *queued_on, const char *outcome, int64_t outbox_id,
                             zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO cert_reminders (cert_id, step, due_on, queued_on,"
                               " outcome, outbox_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                               " ON CONFLICT (cert_id, step) DO NOTHING",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, cert_id);
    zz_store__bind_int64(s, 2, step);
    zz_store__bind_text(s, 3, due_on);
    zz_store__bind_text(s, 4, queued_on);
    zz_store__bind_text(s, 5, outcome);
    if (outbox_id > 0) zz_store__bind_int64(s, 6, outbox_id);
    return zz_store__run(st, s, err);
}

int zz_reminder_store_list(zz_store *st, int64_t cert_id, zz_cert_reminder **out, size_t *n,
                           zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT r.cert_id, c.number, r.step, r.due_on, r.queued_on,"
                               " r.outcome, COALESCE(r.outbox_id, 0)"
                               " FROM cert_reminders r JOIN certificates c ON c.id = r.cert_id"
                               " WHERE (?1 = 0 OR r.cert_id = ?1)"
                               " ORDER BY r.cert_id, r.step DESC",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, cert_id);
    zz_cert_reminder *v = NULL;
    size_t cap = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if ((rc = grow((void **)&v, &cap, *n, sizeof *v, err)) < 0) break;
        zz_cert_reminder *r = &v[(*n)++];
        memset(r, 0, sizeof *r);
        r->cert_id = sqlite3_column_int64(s, 0);
        COPY(r->cert_number, s, 1);
        r->step = sqlite3_column_int(s, 2);
        COPY(r->due_on, s, 3);
        COPY(r->queued_on, s, 4);
        COPY(r->outcome, s, 5);
        r->outbox_id = sqlite3_column_int64(s, 6);
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
