/*
 * user_store.c — SQL of accounts (users) and their roles (user_roles). Storage only:
 * src/core/user.c decides who may change what and checks before anything is written here.
 */
#include "store/user_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

static char *dup_or_null(sqlite3_stmt *s, int col)
{
    if (sqlite3_column_type(s, col) == SQLITE_NULL) return NULL;
    const char *t = zz_store__col_text(s, col);
    size_t n = strlen(t) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, t, n);
    return d;
}

#define USER_COLS                                                                                  \
    "id, username, display_name, email, org_id, active, password_hash IS NOT NULL,"                \
    " created_usec, password_changed_usec, locked_until_usec, failed_signins"

static int load_roles(zz_store *st, zz_user *u, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "SELECT role FROM user_roles WHERE user_id = ?", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, u->id);
    u->roles = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        int r = zz_role_parse(zz_store__col_text(s, 0));
        if (r >= 0) u->roles |= ZZ_R(r);
    }
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

/* Builds a zz_user from a row of USER_COLS (roles not yet loaded). */
static int row_user(sqlite3_stmt *s, zz_user **out, zz_err *err)
{
    zz_user *u = calloc(1, sizeof *u);
    if (!u) return zz_store__nomem(err);
    u->id = sqlite3_column_int64(s, 0);
    u->username = dup_or_null(s, 1);
    u->display_name = dup_or_null(s, 2);
    u->email = dup_or_null(s, 3);
    u->org_id = sqlite3_column_int64(s, 4); /* NULL reads as 0 */
    u->active = sqlite3_column_int(s, 5) != 0;
    u->has_password = sqlite3_column_int(s, 6) != 0;
    u->created_usec = sqlite3_column_int64(s, 7);
    u->password_changed_usec = sqlite3_column_int64(s, 8);
    u->locked_until_usec = sqlite3_column_int64(s, 9);
    u->failed_signins = sqlite3_column_int(s, 10);
    if (!u->username || !u->display_name) {
        zz_user_free(u);
        return zz_store__nomem(err);
    }
    *out = u;
    return ZZ_OK;
}

static int get_where(zz_store *st, const char *where, const char *name, int64_t id, zz_user **out,
                     zz_err *err)
{
    *out = NULL;
    sqlite3_stmt *s = NULL;
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT " USER_COLS " FROM users WHERE %s", where);
    int rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) return rc;
    if (name)
        zz_store__bind_text(s, 1, name);
    else
        zz_store__bind_int64(s, 1, id);
    rc = zz_store__step(st, s, err);
    zz_user *u = NULL;
    if (rc == ZZ_STORE_ROW)
        rc = row_user(s, &u, err);
    else if (rc == ZZ_STORE_DONE)
        rc = name ? zz_err_set(err, ZZ_ENOTFOUND, "user.not_found", "没有名为 \"%s\" 的账号",
                               "no account named \"%s\"", name)
                  : zz_err_set(err, ZZ_ENOTFOUND, "user.not_found", "没有编号为 %lld 的账号",
                               "no account with id %lld", (long long)id);
    sqlite3_finalize(s);
    if (rc == ZZ_OK && (rc = load_roles(st, u, err)) < 0) {
        zz_user_free(u);
        return rc;
    }
    if (rc < 0) return rc;
    *out = u;
    return ZZ_OK;
}

int zz_user_get_by_name(zz_store *st, const char *username, zz_user **out, zz_err *err)
{
    return get_where(st, "username = ?", username ? username : "", 0, out, err);
}

int zz_user_get(zz_store *st, int64_t id, zz_user **out, zz_err *err)
{
    return get_where(st, "id = ?", NULL, id, out, err);
}

void zz_user_auth_clear(zz_user_auth *a)
{
    if (a) {
        free(a->password_hash);
        memset(a, 0, sizeof *a);
    }
}

int zz_user_store_auth_get(zz_store *st, const char *username, zz_user_auth *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = NULL;
    int rc =
        zz_store__prepare(st, &s,
                          "SELECT id, password_hash, active, failed_signins, failed_window_usec,"
                          " locked_until_usec FROM users WHERE username = ?",
                          err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, username);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        if (sqlite3_column_type(s, 1) != SQLITE_NULL && !(out->password_hash = dup_or_null(s, 1)))
            rc = zz_store__nomem(err);
        out->active = sqlite3_column_int(s, 2) != 0;
        out->failed = sqlite3_column_int(s, 3);
        out->window_usec = sqlite3_column_int64(s, 4);
        out->locked_until_usec = sqlite3_column_int64(s, 5);
    } else if (rc == ZZ_STORE_DONE) {
        rc = zz_err_set(err, ZZ_ENOTFOUND, "user.not_found", "没有该账号%s", "no such account%s",
                        "");
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        zz_user_auth_clear(out);
        return rc;
    }
    return ZZ_OK;
}

static void bind_opt_usec(sqlite3_stmt *s, int idx, int64_t v)
{
    if (v)
        zz_store__bind_int64(s, idx, v);
    else
        sqlite3_bind_null(s, idx);
}

/* Runs a prepared write statement to completion. */
int zz_user_store_auth_set(zz_store *st, int64_t id, int failed, int64_t window_usec,
                           int64_t locked_until_usec, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "UPDATE users SET failed_signins = ?, failed_window_usec = ?,"
                               " locked_until_usec = ? WHERE id = ?",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, failed);
    bind_opt_usec(s, 2, window_usec);
    bind_opt_usec(s, 3, locked_until_usec);
    zz_store__bind_int64(s, 4, id);
    return zz_store__run(st, s, err);
}

int zz_user_store_insert(zz_store *st, const zz_user_new *in, const char *pw_hash, int64_t now_usec,
                         int64_t *id, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO users (username, display_name, email, org_id,"
                               " password_hash, password_changed_usec, created_usec)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, in->username);
    zz_store__bind_text(s, 2, in->display_name);
    zz_store__bind_text(s, 3, in->email && *in->email ? in->email : NULL);
    bind_opt_usec(s, 4, in->org_id);
    zz_store__bind_text(s, 5, pw_hash);
    bind_opt_usec(s, 6, pw_hash ? now_usec : 0);
    zz_store__bind_int64(s, 7, now_usec);
    rc = zz_store__step(st, s, err);
    sqlite3_finalize(s);
    if (rc == ZZ_EEXISTS)
        return zz_err_set(err, ZZ_EEXISTS, "user.exists", "账号 \"%s\" 已存在",
                          "account \"%s\" already exists", in->username);
    if (rc < 0) return rc;
    *id = sqlite3_last_insert_rowid(zz_store__db(st));
    return ZZ_OK;
}

int zz_user_store_set_password(zz_store *st, int64_t id, const char *pw_hash, int64_t now_usec,
                               zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(
        st, &s, "UPDATE users SET password_hash = ?, password_changed_usec = ? WHERE id = ?", err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, pw_hash);
    zz_store__bind_int64(s, 2, now_usec);
    zz_store__bind_int64(s, 3, id);
    return zz_store__run(st, s, err);
}

int zz_user_store_set_active(zz_store *st, int64_t id, bool active, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "UPDATE users SET active = ? WHERE id = ?", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, active ? 1 : 0);
    zz_store__bind_int64(s, 2, id);
    return zz_store__run(st, s, err);
}

int zz_user_store_add_role(zz_store *st, int64_t id, const char *role, int64_t granted_by,
                           int64_t now_usec, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO user_roles (user_id, role, granted_by, granted_usec)"
                               " VALUES (?, ?, ?, ?)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, id);
    zz_store__bind_text(s, 2, role);
    bind_opt_usec(s, 3, granted_by);
    zz_store__bind_int64(s, 4, now_usec);
    return zz_store__run(st, s, err);
}

int zz_user_store_remove_role(zz_store *st, int64_t id, const char *role, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc =
        zz_store__prepare(st, &s, "DELETE FROM user_roles WHERE user_id = ? AND role = ?", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, id);
    zz_store__bind_text(s, 2, role);
    return zz_store__run(st, s, err);
}

int zz_user_store_list(zz_store *st, int64_t org_id, zz_user ***out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               org_id > 0 ? "SELECT " USER_COLS
                                            " FROM users WHERE org_id = ? ORDER BY username"
                                          : "SELECT " USER_COLS " FROM users ORDER BY username",
                               err);
    if (rc < 0) return rc;
    if (org_id > 0) zz_store__bind_int64(s, 1, org_id);
    zz_user **list = NULL;
    size_t len = 0, cap = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (len == cap) {
            size_t nc = cap ? cap * 2 : 16;
            zz_user **nl = realloc(list, nc * sizeof *nl);
            if (!nl) {
                rc = zz_store__nomem(err);
                break;
            }
            list = nl;
            cap = nc;
        }
        if ((rc = row_user(s, &list[len], err)) < 0) break;
        len++;
    }
    sqlite3_finalize(s);
    for (size_t i = 0; rc >= 0 && i < len; i++)
        rc = load_roles(st, list[i], err);
    if (rc < 0) {
        zz_user_list_free(list, len);
        return rc;
    }
    *out = list;
    *n = len;
    return ZZ_OK;
}
