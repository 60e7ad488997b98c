/*
 * mail_store.h — the SQL of the mail configuration (src/store/mail_store.c): the smtp.* keys of
 * the settings table. Used by src/mail only; storage only.
 */
#ifndef ZIZHI_MAIL_STORE_H
#define ZIZHI_MAIL_STORE_H

#include "zizhi/store.h"

/* The value of key, or NULL when it is not set. OUT: *value, caller frees with free(). */
int zz_mail_store_setting(zz_store *st, const char *key, char **value, zz_err *err);
/* Sets key to value, or removes the key when value is NULL. */
int zz_mail_store_setting_put(zz_store *st, const char *key, const char *value, zz_err *err);

#endif
