/*
 * org_store.h — the storage half of organisations, people and service projects
 * (src/store/org_store.c), used by src/core/org.c, user.c and checks.c only. Rules (who may,
 * validation, R-1.2) live in src/core/org.c. No sqlite3 type appears here.
 *
 * Returned objects are allocated here and freed with the public free functions of org.h.
 */
#ifndef ZIZHI_ORG_STORE_H
#define ZIZHI_ORG_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/org.h"
#include "zizhi/store.h"

/* Organisations. get: ZZ_ENOTFOUND "org.not_found". insert: ZZ_EEXISTS "org.exists" on a
 * duplicate USCC. The strings of o are stored as given (NULL stays NULL). */
int zz_org_store_insert(zz_store *st, const zz_org *o, int64_t *id, zz_err *err);
int zz_org_store_update(zz_store *st, const zz_org *o, zz_err *err);
int zz_org_store_get(zz_store *st, int64_t id, zz_org **out, zz_err *err);
int zz_org_store_get_by_uscc(zz_store *st, const char *uscc, zz_org **out, zz_err *err);
int zz_org_store_exists(zz_store *st, int64_t id, bool *out, zz_err *err);

/* Which organisations a list shows. */
typedef struct zz_org_scope {
    int64_t only_org;      /* > 0: that organisation only */
    int64_t assigned_user; /* > 0: organisations with a case this user is a member of */
} zz_org_scope;
int zz_org_store_list(zz_store *st, const zz_org_scope *scope, const char *query, size_t offset,
                      size_t limit, zz_org **out, size_t *n, size_t *total, zz_err *err);

/* True when user_id is a member (case_members) of a case of org_id. */
int zz_org_store_assigned(zz_store *st, int64_t user_id, int64_t org_id, bool *out, zz_err *err);

/* People. get: ZZ_ENOTFOUND "person.not_found". */
int zz_person_store_insert(zz_store *st, const zz_person *p, int64_t *id, zz_err *err);
int zz_person_store_update(zz_store *st, const zz_person *p, zz_err *err);
int zz_person_store_get(zz_store *st, int64_t id, zz_person **out, zz_err *err);
int zz_person_store_list(zz_store *st, int64_t org_id, bool include_inactive, zz_person **out,
                         size_t *n, zz_err *err);

/* Service projects. get: ZZ_ENOTFOUND "project.not_found". */
int zz_project_store_insert(zz_store *st, const zz_project *p, int64_t *id, zz_err *err);
int zz_project_store_update(zz_store *st, const zz_project *p, zz_err *err);
int zz_project_store_get(zz_store *st, int64_t id, zz_project **out, zz_err *err);
int zz_project_store_list(zz_store *st, int64_t org_id, zz_project **out, size_t *n, zz_err *err);

#endif
