/*
 * ctx.c — the action context: store, clock, actor, lazily loaded key and catalogues, and the
 * begin/commit/abort frame that writes every action together with its audit entry (R-8.1).
 */
#include "zizhi/ctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zizhi/audit.h"
#include "zizhi/user.h"

struct zz_ctx_cat {
    char *key; /* "<id>@<version>" or "<id>@" for the current one */
    zz_catalog *cat;
    struct zz_ctx_cat *next;
};

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

int zz_ctx_open(zz_ctx **out, const char *data_dir, const char *catalog_dir, zz_clock clock,
                zz_err *err)
{
    *out = NULL;
    zz_ctx *cx = calloc(1, sizeof *cx);
    if (!cx)
        return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
    cx->data_dir = dupstr(data_dir);
    cx->catalog_dir = dupstr(catalog_dir ? catalog_dir : "catalog");
    cx->clock = clock;
    if (!cx->data_dir || !cx->catalog_dir) {
        zz_ctx_close(cx);
        return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
    }
    int rc = zz_store_open(&cx->st, data_dir, err);
    if (rc < 0) {
        zz_ctx_close(cx);
        return rc;
    }
    zz_ctx_act_as_system(cx);
    *out = cx;
    return 0;
}

void zz_ctx_close(zz_ctx *cx)
{
    if (!cx)
        return;
    zz_store_close(cx->st);
    zz_sm2_key_free(cx->key_);
    for (struct zz_ctx_cat *c = cx->cats_, *n; c; c = n) {
        n = c->next;
        free(c->key);
        zz_catalog_free(c->cat);
        free(c);
    }
    free(cx->data_dir);
    free(cx->catalog_dir);
    free(cx);
}

void zz_ctx_act_as_system(zz_ctx *cx)
{
    memset(&cx->actor, 0, sizeof cx->actor);
    snprintf(cx->actor.username, sizeof cx->actor.username, "%s", ZZ_AUDIT_SYSTEM_ACTOR);
    snprintf(cx->actor.display_name, sizeof cx->actor.display_name, "系统");
}

bool zz_ctx_is_system(const zz_ctx *cx)
{
    return cx->actor.user_id == 0;
}

int zz_ctx_act_as(zz_ctx *cx, const char *username, zz_err *err)
{
    zz_user *u = NULL;
    int rc = zz_user_get_by_name(cx->st, username, &u, err);
    if (rc == ZZ_ENOTFOUND || (rc == 0 && !u->active)) {
        zz_user_free(u);
        return zz_err_set(err, ZZ_EAUTH, "auth.no_user", "没有名为 \"%s\" 的有效账号",
                          "no active account named \"%s\"", username);
    }
    if (rc < 0)
        return rc;
    memset(&cx->actor, 0, sizeof cx->actor);
    cx->actor.user_id = u->id;
    snprintf(cx->actor.username, sizeof cx->actor.username, "%s", u->username);
    snprintf(cx->actor.display_name, sizeof cx->actor.display_name, "%s", u->display_name);
    cx->actor.org_id = u->org_id;
    cx->actor.roles = u->roles;
    zz_user_free(u);
    return 0;
}

int zz_ctx_require(const zz_ctx *cx, zz_roles mask, zz_err *err)
{
    if (zz_ctx_is_system(cx) || (cx->actor.roles & mask))
        return 0;
    char zh[256] = "", en[256] = "";
    for (int r = 0; r < ZZ_ROLE__COUNT; r++) {
        if (!(mask & ZZ_R(r)))
            continue;
        size_t lz = strlen(zh), le = strlen(en);
        snprintf(zh + lz, sizeof zh - lz, "%s%s", lz ? "、" : "", zz_role_name_zh((zz_role)r));
        snprintf(en + le, sizeof en - le, "%s%s", le ? ", " : "", zz_role_name((zz_role)r));
    }
    return zz_err_rule(err, ZZ_EPERM, "auth.role", "R-0.1", "%s%.0s 无权执行此操作（允许的角色：%s%.0s）",
                       "%.0s%s may not do this (roles allowed: %.0s%s)", cx->actor.username,
                       cx->actor.username, zh, en);
}

int zz_ctx_key(zz_ctx *cx, const zz_sm2_key **out, zz_err *err)
{
    if (!cx->key_) {
        int rc = zz_sm2_key_load_or_create(&cx->key_, cx->data_dir, err);
        if (rc < 0)
            return rc;
    }
    *out = cx->key_;
    return 0;
}

int zz_ctx_catalog(zz_ctx *cx, const char *id, const char *version, const zz_catalog **out,
                   zz_err *err)
{
    char key[256];
    snprintf(key, sizeof key, "%s@%s", id, version ? version : "");
    for (struct zz_ctx_cat *c = cx->cats_; c; c = c->next) {
        if (strcmp(c->key, key) == 0) {
            *out = c->cat;
            return 0;
        }
    }
    /* ids name files: keep them to [a-z0-9.-] so an id never walks out of the directory */
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '.') ||
            (p[0] == '.' && p[1] == '.'))
            return zz_err_set(err, ZZ_EINVAL, "catalog.bad_id", "目录编号 \"%s\" 无效",
                              "invalid catalogue id \"%s\"", id);
    char path[1024];
    zz_catalog *cat = NULL;
    zz_err e2 = ZZ_ERR_INIT;
    snprintf(path, sizeof path, "%s/%s.json", cx->catalog_dir, id);
    int rc = zz_catalog_load(&cat, path, &e2);
    if (rc == 0 && version && strcmp(cat->version, version) != 0) {
        zz_catalog_free(cat);
        cat = NULL;
        snprintf(path, sizeof path, "%s/versions/%s@%s.json", cx->catalog_dir, id, version);
        rc = zz_catalog_load(&cat, path, &e2);
    }
    if (rc == ZZ_EIO)
        return zz_err_set(err, ZZ_ENOTFOUND, "catalog.not_found", "找不到要求目录 %s（版本 %s）",
                          "catalogue %s (version %s) not found", id, version ? version : "当前");
    if (rc < 0) {
        if (err)
            *err = e2;
        return rc;
    }
    struct zz_ctx_cat *c = calloc(1, sizeof *c);
    if (!c || !(c->key = dupstr(key))) {
        free(c);
        zz_catalog_free(cat);
        return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
    }
    c->cat = cat;
    c->next = cx->cats_;
    cx->cats_ = c;
    *out = cat;
    return 0;
}

int zz_ctx_catalog_for(zz_ctx *cx, const char *category, int level, const zz_catalog **out,
                       zz_err *err)
{
    char id[128];
    snprintf(id, sizeof id, "%s-%d", category, level);
    return zz_ctx_catalog(cx, id, NULL, out, err);
}

int zz_action_begin(zz_ctx *cx, zz_err *err)
{
    return zz_store_begin(cx->st, err);
}

int zz_action_abort(zz_ctx *cx, int rc)
{
    zz_store_rollback(cx->st, NULL);
    return rc;
}

int zz_action_commit(zz_ctx *cx, const char *action, const char *obj_type, const char *obj_id,
                     const char *obj_digest, const char *detail_json, zz_err *err)
{
    int rc = zz_audit_append(cx->st, &cx->clock, cx->actor.username, action, obj_type, obj_id,
                             obj_digest, detail_json, err);
    if (rc < 0)
        return zz_action_abort(cx, rc);
    if ((rc = zz_store_commit(cx->st, err)) < 0)
        return rc;
    /* R-8.4: the signed head follows every committed action. A failure here leaves the action
     * stored (the chain itself is intact); the next checkpoint catches up. */
    const zz_sm2_key *key = NULL;
    zz_err e2 = ZZ_ERR_INIT;
    if (zz_ctx_key(cx, &key, &e2) == 0)
        zz_audit_checkpoint(cx->st, cx->data_dir, key, &cx->clock, &e2);
    return 0;
}
