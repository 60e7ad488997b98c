/*
 * user_store.h — the storage half of accounts (src/store/user_store.c), used by src/core/user.c
 * and src/core/org.c only: the SQL of users and user_roles. The rules (who may, password policy,
 * separation, lockout arithmetic) live in src/core/user.c. No sqlite3 type appears here.
 *
 * zz_user_get_by_name and zz_user_get (declared in include/zizhi/user.h) are implemented in
 * user_store.c as well: they are plain reads.
 */
#ifndef ZIZHI_USER_STORE_H
#define ZIZHI_USER_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "zizhi/store.h"
#include "zizhi/user.h"

/* What sign-in needs of an account. password_hash is owned: free with zz_user_auth_clear. */
typedef struct zz_user_auth {
    int64_t id;
    char *password_hash; /* NULL when the account has no password */
    bool active;
    int failed;                /* failures in the current window */
    int64_t window_usec;       /* first failure of the window, 0 when none */
    int64_t locked_until_usec; /* 0 when not locked */
} zz_user_auth;
void zz_user_auth_clear(zz_user_auth *a);

/* ZZ_ENOTFOUND "user.not_found" when there is no such account. */
int zz_user_store_auth_get(zz_store *st, const char *username, zz_user_auth *out, zz_err *err);
/* Writes the lockout fields (0 is stored as NULL for window and locked_until). */
int zz_user_store_auth_set(zz_store *st, int64_t id, int failed, int64_t window_usec,
                           int64_t locked_until_usec, zz_err *err);

/* Inserts an account (pw_hash may be NULL). OUT: *id. ZZ_EEXISTS "user.exists" on a duplicate. */
int zz_user_store_insert(zz_store *st, const zz_user_new *in, const char *pw_hash, int64_t now_usec,
                         int64_t *id, zz_err *err);
int zz_user_store_set_password(zz_store *st, int64_t id, const char *pw_hash, int64_t now_usec,
                               zz_err *err);
int zz_user_store_set_active(zz_store *st, int64_t id, bool active, zz_err *err);
/* granted_by 0 stores NULL (the system). */
int zz_user_store_add_role(zz_store *st, int64_t id, const char *role, int64_t granted_by,
                           int64_t now_usec, zz_err *err);
int zz_user_store_remove_role(zz_store *st, int64_t id, const char *role, zz_err *err);

/* Every account ordered by username (org_id > 0: only that organisation's). Caller frees with
 * zz_user_list_free. */
int zz_user_store_list(zz_store *st, int64_t org_id, zz_user ***out, size_t *n, zz_err *err);

#endif
