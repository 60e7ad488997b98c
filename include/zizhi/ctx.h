/*
 * ctx.h — the context every domain action runs in, and the shape of a domain action.
 *
 * A zz_ctx bundles what the front doors (zizhid, zizhi) hand to the core: the store, the data
 * directory, the catalogue directory, the injected clock, the acting user (resolved with roles and
 * organisation), and lazily the system SM2 key, catalogues and the fee schedule.
 *
 * Every domain action has this shape (R-8.1: the change and its audit entry in one transaction):
 *
 *     int zz_case_accept(zz_ctx *cx, int64_t case_id, ..., zz_err *err)
 *     {
 *         int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_PROJECT_LEAD), err);   // R-0.x: who
 *         if (rc < 0) return rc;
 *         if ((rc = zz_action_begin(cx, err)) < 0) return rc;             // BEGIN IMMEDIATE
 *         ... read state through src/store, check gates (refuse → zz_action_abort, return code)
 *         ... write through src/store
 *         return zz_action_commit(cx, "case.accept", "case", id, digest, detail_json, err);
 *     }
 *
 * zz_action_commit appends the audit entry, commits, then writes the signed checkpoint.
 * On any failure the transaction is rolled back: nothing of the action is stored.
 *
 * Invariants:
 *   I1  cx->actor is the resolved acting user, or the system actor (user_id 0, all checks pass
 *       only where a function says it accepts the system: demo building, migrations).
 *   I2  src/core never reads the system clock: cx->clock is the only time source.
 */
#ifndef ZIZHI_CTX_H
#define ZIZHI_CTX_H

#include <stdbool.h>
#include <stdint.h>

#include "zizhi/calendar.h"
#include "zizhi/catalog.h"
#include "zizhi/crypto.h"
#include "zizhi/errors.h"
#include "zizhi/role.h"
#include "zizhi/store.h"

typedef struct zz_actor {
    int64_t user_id; /* 0 for the system */
    char username[101];
    char display_name[101];
    int64_t org_id; /* 0 for certification-body accounts */
    zz_roles roles;
} zz_actor;

typedef struct zz_ctx {
    zz_store *st;
    char *data_dir;
    char *catalog_dir; /* where catalogue JSON files live ("catalog") */
    zz_clock clock;
    zz_actor actor;
    /* lazily loaded, owned */
    zz_sm2_key *key_;
    struct zz_ctx_cat *cats_;
} zz_ctx;

/*
 * Opens the store under data_dir (creating and migrating it) and returns a context acting as the
 * system. catalog_dir NULL means "catalog". Caller frees with zz_ctx_close.
 */
int zz_ctx_open(zz_ctx **out, const char *data_dir, const char *catalog_dir, zz_clock clock,
                zz_err *err);
void zz_ctx_close(zz_ctx *cx);

/* Acts as the named user from now on: loads the account and its roles. ZZ_EAUTH "auth.no_user"
 * when there is no such active account. */
int zz_ctx_act_as(zz_ctx *cx, const char *username, zz_err *err);
/* Acts as the system (demo building, maintenance jobs). */
void zz_ctx_act_as_system(zz_ctx *cx);
bool zz_ctx_is_system(const zz_ctx *cx);

/* 0 when the actor holds one of the roles in mask (the system always passes); otherwise
 * ZZ_EPERM "auth.role" naming the roles allowed. */
int zz_ctx_require(const zz_ctx *cx, zz_roles mask, zz_err *err);

/* The system SM2 key pair, made on first use in the data directory. Borrowed. */
int zz_ctx_key(zz_ctx *cx, const zz_sm2_key **out, zz_err *err);

/*
 * A catalogue by id and version, loaded once and cached; version NULL means the current
 * one: CATALOG_DIR/<id>.json. Older versions live in CATALOG_DIR/versions/<id>@<version>.json.
 * Borrowed, valid until zz_ctx_close. ZZ_ENOTFOUND "catalog.not_found".
 */
int zz_ctx_catalog(zz_ctx *cx, const char *id, const char *version, const zz_catalog **out,
                   zz_err *err);
/* The current catalogue for (category, level): CATALOG_DIR/<category>-<level>.json. */
int zz_ctx_catalog_for(zz_ctx *cx, const char *category, int level, const zz_catalog **out,
                       zz_err *err);

/* Starts an action's transaction. */
int zz_action_begin(zz_ctx *cx, zz_err *err);
/* Appends the audit entry (actor = cx->actor.username or "system"), commits, checkpoints. */
int zz_action_commit(zz_ctx *cx, const char *action, const char *obj_type, const char *obj_id,
                     const char *obj_digest, const char *detail_json, zz_err *err);
/* Rolls the action back; returns rc so that `return zz_action_abort(cx, rc);` reads well. */
int zz_action_abort(zz_ctx *cx, int rc);

#endif
