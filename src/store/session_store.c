/*
 * session_store.c — SQL of the sessions table. Storage only: src/core/session.c decides when a
 * session is opened, touched, expired or closed.
 */
#include "store/session_store.h"

#include <stdio.h>
#include <string.h>

#include "store/store_int.h"

int zz_session_store_insert(zz_store *st, const zz_session *s, const char *client, zz_err *err)
{
    sqlite3_stmt *q = NULL;
    int rc =
        zz_store__prepare(st, &q,
                          "INSERT INTO sessions (token_hash, user_id, csrf_token, created_usec,"
                          " last_usec, client) VALUES (?, ?, ?, ?, ?, ?)",
                          err);
    if (rc < 0) return rc;
    zz_store__bind_text(q, 1, s->token_hash);
    zz_store__bind_int64(q, 2, s->user_id);
    zz_store__bind_text(q, 3, s->csrf_token);
    zz_store__bind_int64(q, 4, s->created_usec);
    zz_store__bind_int64(q, 5, s->last_usec);
    zz_store__bind_text(q, 6, client);
    rc = zz_store__step(st, q, err);
    sqlite3_finalize(q);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_session_store_get(zz_store *st, const char *token_hash, zz_session *out, bool *found,
                         zz_err *err)
{
    sqlite3_stmt *q = NULL;
    *found = false;
    memset(out, 0, sizeof *out);
    int rc = zz_store__prepare(st, &q,
                               "SELECT user_id, csrf_token, created_usec, last_usec FROM sessions"
                               " WHERE token_hash = ?",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_text(q, 1, token_hash);
    rc = zz_store__step(st, q, err);
    if (rc == ZZ_STORE_ROW) {
        *found = true;
        snprintf(out->token_hash, sizeof out->token_hash, "%s", token_hash);
        out->user_id = sqlite3_column_int64(q, 0);
        snprintf(out->csrf_token, sizeof out->csrf_token, "%s", zz_store__col_text(q, 1));
        out->created_usec = sqlite3_column_int64(q, 2);
        out->last_usec = sqlite3_column_int64(q, 3);
    }
    sqlite3_finalize(q);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_session_store_touch(zz_store *st, const char *token_hash, int64_t last_usec, zz_err *err)
{
    sqlite3_stmt *q = NULL;
    int rc =
        zz_store__prepare(st, &q, "UPDATE sessions SET last_usec = ? WHERE token_hash = ?", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(q, 1, last_usec);
    zz_store__bind_text(q, 2, token_hash);
    rc = zz_store__step(st, q, err);
    sqlite3_finalize(q);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_session_store_delete(zz_store *st, const char *token_hash, bool *deleted, zz_err *err)
{
    sqlite3_stmt *q = NULL;
    if (deleted) *deleted = false;
    int rc = zz_store__prepare(st, &q, "DELETE FROM sessions WHERE token_hash = ?", err);
    if (rc < 0) return rc;
    zz_store__bind_text(q, 1, token_hash);
    rc = zz_store__step(st, q, err);
    sqlite3_finalize(q);
    if (rc < 0) return rc;
    if (deleted) *deleted = sqlite3_changes(zz_store__db(st)) > 0;
    return ZZ_OK;
}

int zz_session_store_purge(zz_store *st, int64_t idle_cutoff, int64_t max_cutoff, int64_t *removed,
                           zz_err *err)
{
    sqlite3_stmt *q = NULL;
    if (removed) *removed = 0;
    int rc = zz_store__prepare(
        st, &q, "DELETE FROM sessions WHERE last_usec <= ? OR created_usec <= ?", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(q, 1, idle_cutoff);
    zz_store__bind_int64(q, 2, max_cutoff);
    rc = zz_store__step(st, q, err);
    sqlite3_finalize(q);
    if (rc < 0) return rc;
    if (removed) *removed = sqlite3_changes(zz_store__db(st));
    return ZZ_OK;
}
