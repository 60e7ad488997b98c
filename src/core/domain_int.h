/*
 * domain_int.h — helpers shared by the account and organisation modules of src/core (user.c,
 * org.c, checks.c). Not part of the public API; front doors never include it.
 */
#ifndef ZIZHI_DOMAIN_INT_H
#define ZIZHI_DOMAIN_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "zizhi/crypto.h"
#include "zizhi/ctx.h"
#include "zizhi/errors.h"
#include "zizhi/user.h"

/* Compact JSON text with sorted keys, the canonical form digested for the audit log.
 * Takes the reference to o. NULL when o is NULL or out of memory; caller frees with free(). */
char *zz__json_text(json_t *o);

/* SM3 hex of a canonical JSON text. */
int zz__digest_text(const char *text, char hex[ZZ_SM3_HEXLEN + 1], zz_err *err);

/* json_string that never fails on NULL (gives JSON null) — invalid UTF-8 also gives null. */
json_t *zz__json_str(const char *s);

/* ZZ_ENOMEM "nomem". */
int zz__nomem(zz_err *err);

/* A designated e-mail address: one '@', non-empty local part, a dotted domain, no spaces or
 * control characters, at most 200 bytes. ZZ_EINVAL "input.email". */
int zz__email_check(const char *email, zz_err *err);

/* Copies s (NULL stays NULL); *ok set to false when out of memory. */
char *zz__strdup_opt(const char *s, bool *ok);

/* True when s is NULL or only ASCII white space. */
bool zz__blank(const char *s);

/*
 * Inserts an account inside the caller's open action transaction: the row and the roles in grant
 * (checked with zz_roles_check, R-0.4); the caller appends the audit entry "user.create".
 * Refuses a missing organisation ("org.not_found") and a taken name ("user.exists"). The input
 * must have passed zz_user_check_new;
 * hash is the argon2id hash of its password or NULL. Used by zz_user_create and by
 * zz_org_create for the organisation's first administrator account.
 */
int zz_user__insert_tx(zz_ctx *cx, const zz_user_new *in, const char *hash, zz_roles grant,
                       int64_t *id, zz_err *err);

/* SM3 of an account's canonical JSON (zz_user_to_json without the lockout field), R-8.1. */
int zz_user__digest(zz_store *st, int64_t id, char hex[ZZ_SM3_HEXLEN + 1], zz_err *err);

#endif
