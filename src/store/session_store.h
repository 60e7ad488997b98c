/*
 * session_store.h — the storage half of sessions (src/store/session_store.c), used by
 * src/core/session.c only: the SQL of the sessions table. The rules (lifetime, touching, who may
 * open one) live in src/core/session.c. No sqlite3 type appears here.
 */
#ifndef ZIZHI_SESSION_STORE_H
#define ZIZHI_SESSION_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "zizhi/errors.h"
#include "zizhi/session.h"
#include "zizhi/store.h"

/* Inserts a session row (token_hash, user_id, csrf_token, created_usec, last_usec). */
int zz_session_store_insert(zz_store *st, const zz_session *s, const char *client, zz_err *err);
/* Reads the row of token_hash into *out; *found false when there is none. */
int zz_session_store_get(zz_store *st, const char *token_hash, zz_session *out, bool *found,
                         zz_err *err);
/* Sets last_usec of a row. */
int zz_session_store_touch(zz_store *st, const char *token_hash, int64_t last_usec, zz_err *err);
/* Deletes one row; *deleted (may be NULL) says whether there was one. */
int zz_session_store_delete(zz_store *st, const char *token_hash, bool *deleted, zz_err *err);
/* Deletes the rows last used at or before idle_cutoff or created at or before max_cutoff.
 * OUT: *removed (may be NULL). */
int zz_session_store_purge(zz_store *st, int64_t idle_cutoff, int64_t max_cutoff, int64_t *removed,
                           zz_err *err);

#endif
