/*
 * mail_store.c — SQL of the mail configuration (see mail_store.h). Storage only.
 */
#include "store/mail_store.h"

#include <stdlib.h>

#include "store/store_int.h"

int zz_mail_store_setting(zz_store *st, const char *key, char **value, zz_err *err)
{
    *value = NULL;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "SELECT value FROM settings WHERE key = ?1", err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, key);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW && !(*value = zz_store__col_dup(s, 0))) rc = zz_store__nomem(err);
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_mail_store_setting_put(zz_store *st, const char *key, const char *value, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               value ? "INSERT INTO settings (key, value) VALUES (?1, ?2)"
                                       " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                                     : "DELETE FROM settings WHERE key = ?1",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, key);
    if (value) zz_store__bind_text(s, 2, value);
    return zz_store__run(st, s, err);
}
