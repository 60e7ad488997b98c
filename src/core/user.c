/*
 * user.c — accounts, role grants under the separation of duties, the password policy,
 * and sign-in with lockout. SQL is in src/store/user_store.c; every change is one audited action.
 */
#include "zizhi/user.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/domain_int.h"
#include "store/org_store.h"
#include "store/user_store.h"
#include "zizhi/audit.h"
#include "zizhi/ctx.h"

#define USEC_PER_MIN INT64_C(60000000)

void zz_user_free(zz_user *u)
{
    if (!u) return;
    free(u->username);
    free(u->display_name);
    free(u->email);
    free(u);
}

void zz_user_list_free(zz_user **list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        zz_user_free(list[i]);
    free(list);
}

/* ---- passwords ----------------------------------------------------------------------------- */

zz_pw_params zz_user_pw_params(void)
{
    static const zz_pw_params dflt = ZZ_PW_PARAMS_DEFAULT;
    /* Tests only: argon2id at t=1 m=1 MiB keeps a suite of sign-ins fast. Hashes carry their
     * parameters, so a hash made either way verifies either way. */
    const char *fast = getenv("ZIZHI_PW_FAST");
    if (fast && strcmp(fast, "1") == 0) return (zz_pw_params){1, 1024, 1};
    return dflt;
}

int zz_user_password_check(const zz_pw_policy *policy, const char *password, zz_err *err)
{
    static const zz_pw_policy dflt = ZZ_PW_POLICY_DEFAULT;
    if (!policy) policy = &dflt;
    if (!password) password = "";
    size_t bytes = strlen(password);
    if (bytes > ZZ_PW_MAX_BYTES)
        return zz_err_rule(err, ZZ_EINVAL, "input.password", "R-0.4", "密码过长（最多 %d 字节）",
                           "password too long (at most %d bytes)", ZZ_PW_MAX_BYTES);
    int chars = 0;
    bool lower = false, upper = false, digit = false, symbol = false;
    for (const unsigned char *p = (const unsigned char *)password; *p; p++) {
        if ((*p & 0xC0) != 0x80) chars++;
        if (*p >= 'a' && *p <= 'z')
            lower = true;
        else if (*p >= 'A' && *p <= 'Z')
            upper = true;
        else if (*p >= '0' && *p <= '9')
            digit = true;
        else if (*p < 0x20 || *p == 0x7f)
            return zz_err_rule(err, ZZ_EINVAL, "input.password", "R-0.4", "密码不能包含控制字符%s",
                               "password must not hold control characters%s", "");
        else
            symbol = true; /* punctuation, space, and any non-ASCII character */
    }
    int classes = lower + upper + digit + symbol;
    if (chars < policy->min_length || classes < policy->min_classes)
        return zz_err_rule(err, ZZ_EINVAL, "input.password", "R-0.4",
                           "密码至少 %d 个字符，并至少包含小写字母、大写字母、数字、符号中的 %d "
                           "类（当前 %d 个字符、%d 类）",
                           "password needs at least %d characters and %d of the classes lower "
                           "case, upper case, digit, symbol (has %d characters, %d classes)",
                           policy->min_length, policy->min_classes, chars, classes);
    return ZZ_OK;
}

/* ---- input checks -------------------------------------------------------------------------- */

static bool username_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 3 || n > 64) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' ||
              *s == '-'))
            return false;
    return true;
}

static int bad_username(const char *name, zz_err *err)
{
    return zz_err_set(err, ZZ_EINVAL, "input.username",
                      "账号名“%.64s”无效：需 3–64 个字符，仅限小写字母、数字和 . _ -",
                      "invalid user name \"%.64s\": 3-64 characters of a-z, 0-9, '.', '_', '-'",
                      name ? name : "");
}

int zz_user_check_new(const zz_user_new *in, zz_err *err)
{
    if (!username_ok(in->username)) return bad_username(in->username, err);
    if (zz__blank(in->display_name) || strlen(in->display_name) > 100)
        return zz_err_set(err, ZZ_EINVAL, "input.display_name",
                          "姓名（显示名）必填，最多 100 字节%s",
                          "display name is required, at most 100 bytes%s", "");
    if (in->email && *in->email) {
        int rc = zz__email_check(in->email, err);
        if (rc < 0) return rc;
    }
    if (in->password) return zz_user_password_check(NULL, in->password, err);
    return ZZ_OK;
}

/* ---- canonical form and digest ------------------------------------------------------------- */

static json_t *roles_json(zz_roles roles)
{
    json_t *a = json_array();
    for (int r = 0; r < ZZ_ROLE__COUNT; r++)
        if (roles & ZZ_R(r)) json_array_append_new(a, json_string(zz_role_name((zz_role)r)));
    return a;
}

int zz_user_to_json(const zz_user *u, char **out, zz_err *err)
{
    json_t *o = json_object();
    if (o) {
        json_object_set_new(o, "id", json_integer(u->id));
        json_object_set_new(o, "username", zz__json_str(u->username));
        json_object_set_new(o, "display_name", zz__json_str(u->display_name));
        json_object_set_new(o, "email", zz__json_str(u->email));
        json_object_set_new(o, "org_id", u->org_id ? json_integer(u->org_id) : json_null());
        json_object_set_new(o, "roles", roles_json(u->roles));
        json_object_set_new(o, "active", json_boolean(u->active));
        json_object_set_new(o, "has_password", json_boolean(u->has_password));
        json_object_set_new(o, "locked_until_usec",
                            u->locked_until_usec ? json_integer(u->locked_until_usec)
                                                 : json_null());
    }
    *out = zz__json_text(o);
    return *out ? ZZ_OK : zz__nomem(err);
}

/* SM3 of the account's canonical JSON after a change, without the lockout field, which
 * changes on sign-in and is not part of the account's definition. */
int zz_user__digest(zz_store *st, int64_t id, char hex[ZZ_SM3_HEXLEN + 1], zz_err *err)
{
    zz_user *u = NULL;
    int rc = zz_user_get(st, id, &u, err);
    if (rc < 0) return rc;
    u->locked_until_usec = 0;
    char *text = NULL;
    rc = zz_user_to_json(u, &text, err);
    if (rc == ZZ_OK) rc = zz__digest_text(text, hex, err);
    free(text);
    zz_user_free(u);
    return rc;
}

static char *detail_roles(const char *key, const char *value, zz_roles roles)
{
    json_t *o = json_object();
    if (o && key) json_object_set_new(o, key, zz__json_str(value));
    if (o) json_object_set_new(o, "roles", roles_json(roles));
    return zz__json_text(o);
}

/* ---- accounts ------------------------------------------------------------------------------ */

int zz_user__insert_tx(zz_ctx *cx, const zz_user_new *in, const char *hash, zz_roles grant,
                       int64_t *id, zz_err *err)
{
    if (in->org_id) {
        bool exists = false;
        int rc = zz_org_store_exists(cx->st, in->org_id, &exists, err);
        if (rc < 0) return rc;
        if (!exists)
            return zz_err_rule(err, ZZ_ENOTFOUND, "org.not_found", "R-0.1",
                               "找不到编号为 %lld 的单位", "no organisation with id %lld",
                               (long long)in->org_id);
    }
    if (grant) {
        int rc = zz_roles_check(grant, in->org_id != 0, err); /* */
        if (rc < 0) return rc;
    }
    zz_user *dup = NULL;
    int rc = zz_user_get_by_name(cx->st, in->username, &dup, NULL);
    zz_user_free(dup);
    if (rc == ZZ_OK)
        return zz_err_set(err, ZZ_EEXISTS, "user.exists", "账号 \"%s\" 已存在",
                          "account \"%s\" already exists", in->username);
    if ((rc = zz_user_store_insert(cx->st, in, hash, cx->clock.now_usec, id, err)) < 0) return rc;
    for (int r = 0; r < ZZ_ROLE__COUNT; r++)
        if ((grant & ZZ_R(r)) &&
            (rc = zz_user_store_add_role(cx->st, *id, zz_role_name((zz_role)r), cx->actor.user_id,
                                         cx->clock.now_usec, err)) < 0)
            return rc;
    return ZZ_OK;
}

/* Hashes a password with the current parameters; *hash NULL when password is NULL. */
static int hash_password(const char *password, char **hash, zz_err *err)
{
    *hash = NULL;
    if (!password) return ZZ_OK;
    zz_pw_params p = zz_user_pw_params();
    return zz_pw_hash(hash, password, &p, err);
}

int zz_user_create(zz_ctx *cx, const zz_user_new *in, int64_t *id, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_SYS_ADMIN), err); /* */
    if (rc < 0) return rc;
    if ((rc = zz_user_check_new(in, err)) < 0) return rc;
    char *hash = NULL;
    /* argon2id runs before the transaction so the write lock is not held for it */
    if ((rc = hash_password(in->password, &hash, err)) < 0) return rc;
    int64_t uid = 0;
    char digest[ZZ_SM3_HEXLEN + 1];
    if ((rc = zz_action_begin(cx, err)) < 0) {
        free(hash);
        return rc;
    }
    rc = zz_user__insert_tx(cx, in, hash, 0, &uid, err);
    free(hash);
    if (rc == ZZ_OK) rc = zz_user__digest(cx->st, uid, digest, err);
    if (rc < 0) return zz_action_abort(cx, rc);
    char org[32];
    snprintf(org, sizeof org, "%lld", (long long)in->org_id);
    char *detail = detail_roles("org_id", in->org_id ? org : NULL, 0);
    rc = zz_action_commit(cx, "user.create", "user", in->username, digest, detail, err);
    free(detail);
    if (rc == ZZ_OK && id) *id = uid;
    return rc;
}

/* Loads an account inside the open transaction; aborts the action when there is none. */
static int load_in_tx(zz_ctx *cx, const char *username, zz_user **u, zz_err *err)
{
    int rc = zz_user_get_by_name(cx->st, username, u, err);
    return rc < 0 ? zz_action_abort(cx, rc) : ZZ_OK;
}

static int commit_user(zz_ctx *cx, const char *action, const zz_user *u, const char *detail,
                       zz_err *err)
{
    char digest[ZZ_SM3_HEXLEN + 1];
    int rc = zz_user__digest(cx->st, u->id, digest, err);
    if (rc < 0) return zz_action_abort(cx, rc);
    return zz_action_commit(cx, action, "user", u->username, digest, detail, err);
}

int zz_user_set_password(zz_ctx *cx, const char *username, const char *password, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_SYS_ADMIN), err); /* */
    if (rc < 0) return rc;
    if ((rc = zz_user_password_check(NULL, password, err)) < 0) return rc;
    char *hash = NULL;
    if ((rc = hash_password(password, &hash, err)) < 0) return rc;
    zz_user *u = NULL;
    if ((rc = zz_action_begin(cx, err)) < 0 || (rc = load_in_tx(cx, username, &u, err)) < 0) {
        free(hash);
        return rc;
    }
    rc = zz_user_store_set_password(cx->st, u->id, hash, cx->clock.now_usec, err);
    free(hash);
    if (rc < 0) {
        zz_user_free(u);
        return zz_action_abort(cx, rc);
    }
    rc = commit_user(cx, "user.set_password", u, NULL, err);
    zz_user_free(u);
    return rc;
}

int zz_user_set_active(zz_ctx *cx, const char *username, bool active, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_SYS_ADMIN), err); /* */
    if (rc < 0) return rc;
    zz_user *u = NULL;
    if ((rc = zz_action_begin(cx, err)) < 0 || (rc = load_in_tx(cx, username, &u, err)) < 0)
        return rc;
    if (u->active == active) {
        if (active)
            rc = zz_err_set(err, ZZ_ESTATE, "user.already_active", "账号 \"%s\" 已是启用状态",
                            "account \"%s\" is already active", u->username);
        else
            rc = zz_err_set(err, ZZ_ESTATE, "user.already_inactive", "账号 \"%s\" 已是停用状态",
                            "account \"%s\" is already inactive", u->username);
        zz_user_free(u);
        return zz_action_abort(cx, rc);
    }
    if ((rc = zz_user_store_set_active(cx->st, u->id, active, err)) < 0) {
        zz_user_free(u);
        return zz_action_abort(cx, rc);
    }
    rc = commit_user(cx, active ? "user.activate" : "user.deactivate", u, NULL, err);
    zz_user_free(u);
    return rc;
}

static int change_role(zz_ctx *cx, const char *username, zz_role role, bool grant, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_SEC_ADMIN), err); /* sec_admin grants */
    if (rc < 0) return rc;
    const char *name = zz_role_name(role);
    if (!name)
        return zz_err_set(err, ZZ_EINVAL, "input.role", "未知角色 %d", "unknown role %d",
                          (int)role);
    zz_user *u = NULL;
    if ((rc = zz_action_begin(cx, err)) < 0 || (rc = load_in_tx(cx, username, &u, err)) < 0)
        return rc;
    bool has = (u->roles & ZZ_R(role)) != 0;
    if (grant && has)
        rc = zz_err_set(err, ZZ_EEXISTS, "user.role_exists", "账号 \"%s\" 已有角色 %s",
                        "account \"%s\" already holds the role %s", u->username, name);
    else if (!grant && !has)
        rc = zz_err_set(err, ZZ_ENOTFOUND, "user.role_absent", "账号 \"%s\" 没有角色 %s",
                        "account \"%s\" does not hold the role %s", u->username, name);
    else if (grant)
        rc = zz_roles_check(u->roles | ZZ_R(role), u->org_id != 0, err); /* */
    if (rc == ZZ_OK)
        rc = grant ? zz_user_store_add_role(cx->st, u->id, name, cx->actor.user_id,
                                            cx->clock.now_usec, err)
                   : zz_user_store_remove_role(cx->st, u->id, name, err);
    if (rc < 0) {
        zz_user_free(u);
        return zz_action_abort(cx, rc); /* a refused grant writes nothing */
    }
    u->roles = grant ? (u->roles | ZZ_R(role)) : (u->roles & ~ZZ_R(role));
    char *detail = detail_roles("role", name, u->roles);
    rc = commit_user(cx, grant ? "user.grant" : "user.revoke", u, detail, err);
    free(detail);
    zz_user_free(u);
    return rc;
}

int zz_user_grant(zz_ctx *cx, const char *username, zz_role role, zz_err *err)
{
    return change_role(cx, username, role, true, err);
}

int zz_user_revoke(zz_ctx *cx, const char *username, zz_role role, zz_err *err)
{
    return change_role(cx, username, role, false, err);
}

int zz_user_unlock(zz_ctx *cx, const char *username, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_SEC_ADMIN), err); /* security policy: sec_admin */
    if (rc < 0) return rc;
    zz_user *u = NULL;
    if ((rc = zz_action_begin(cx, err)) < 0 || (rc = load_in_tx(cx, username, &u, err)) < 0)
        return rc;
    if ((rc = zz_user_store_auth_set(cx->st, u->id, 0, 0, 0, err)) < 0) {
        zz_user_free(u);
        return zz_action_abort(cx, rc);
    }
    rc = commit_user(cx, "user.unlock", u, NULL, err);
    zz_user_free(u);
    return rc;
}

#define ADMIN_READERS                                                                              \
    (ZZ_R(ZZ_ROLE_SYS_ADMIN) | ZZ_R(ZZ_ROLE_SEC_ADMIN) | ZZ_R(ZZ_ROLE_AUDIT_ADMIN))

int zz_user_list(zz_ctx *cx, zz_user ***out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = zz_ctx_require(cx, ADMIN_READERS, err);
    if (rc < 0) return rc;
    return zz_user_store_list(cx->st, 0, out, n, err);
}

int zz_user_show(zz_ctx *cx, const char *username, zz_user **out, zz_err *err)
{
    *out = NULL;
    zz_user *u = NULL;
    int rc = zz_user_get_by_name(cx->st, username, &u, err);
    if (rc < 0) return rc;
    bool may = zz_ctx_is_system(cx) || (cx->actor.roles & ADMIN_READERS) ||
               cx->actor.user_id == u->id ||
               ((cx->actor.roles & ZZ_R(ZZ_ROLE_APPLICANT_ADMIN)) && cx->actor.org_id != 0 &&
                cx->actor.org_id == u->org_id);
    if (!may) {
        zz_user_free(u);
        /* the same answer as for a missing account */
        return zz_err_set(err, ZZ_ENOTFOUND, "user.not_found", "没有名为 \"%s\" 的账号",
                          "no account named \"%s\"", username);
    }
    *out = u;
    return ZZ_OK;
}

/* ---- sign-in ------------------------------------------------------------------------------- */

static int bad_credentials(zz_err *err)
{
    return zz_err_rule(err, ZZ_EAUTH, "auth.bad_credentials", "R-0.4", "账号或密码错误%s",
                       "wrong user name or password%s", "");
}

static int locked(int64_t until, int64_t now, zz_err *err)
{
    long long mins = (long long)((until - now + USEC_PER_MIN - 1) / USEC_PER_MIN);
    if (mins < 1) mins = 1;
    return zz_err_rule(err, ZZ_EAUTH, "auth.locked", "R-0.4",
                       "连续登录失败次数过多，账号已锁定，请 %lld 分钟后再试",
                       "too many failed sign-ins: the account is locked, try again in %lld "
                       "minutes",
                       mins);
}

/* Records a failed attempt in its own action. reason is a fixed word; the object is the account
 * name only when it is a well-formed one (no caller text of other shapes reaches the log). */
static int audit_failure(zz_ctx *cx, const char *username, const char *reason, int failures,
                         bool now_locked, zz_err *err)
{
    json_t *o = json_object();
    if (o) {
        json_object_set_new(o, "reason", json_string(reason));
        if (failures) json_object_set_new(o, "failures", json_integer(failures));
        if (now_locked) json_object_set_new(o, "locked", json_true());
    }
    char *detail = zz__json_text(o);
    int rc = zz_action_commit(cx, "auth.signin_failed", "user",
                              username_ok(username) ? username : "(invalid)", NULL, detail, err);
    free(detail);
    return rc;
}

/* A failure outside the counter (unknown user, inactive, locked): audited, then the answer. */
static int refuse(zz_ctx *cx, const char *username, const char *reason, int answer_rc,
                  zz_err *answer, zz_err *err)
{
    zz_err e2 = ZZ_ERR_INIT;
    int rc = zz_action_begin(cx, &e2);
    if (rc == ZZ_OK) rc = audit_failure(cx, username, reason, 0, false, &e2);
    if (rc < 0) {
        if (err) *err = e2;
        return rc;
    }
    if (err) *err = *answer;
    return answer_rc;
}

/* Burns the time of one hash so that an unknown account answers as slowly as a known one. */
static void equalise_timing(const char *password)
{
    char *h = NULL;
    hash_password(password ? password : "", &h, NULL);
    free(h);
}

int zz_user_authenticate(zz_ctx *cx, const char *username, const char *password, zz_user **out,
                         zz_err *err)
{
    *out = NULL;
    int64_t now = cx->clock.now_usec;
    zz_err answer = ZZ_ERR_INIT;
    zz_user_auth a = {0};
    int rc = username_ok(username) ? zz_user_store_auth_get(cx->st, username, &a, err)
                                   : zz_err_set(err, ZZ_ENOTFOUND, "user.not_found", "无此账号%s",
                                                "no account%s", "");
    if (rc == ZZ_ENOTFOUND) {
        equalise_timing(password);
        rc = bad_credentials(&answer);
        return refuse(cx, username, "unknown_user", rc, &answer, err);
    }
    if (rc < 0) return rc;
    if (a.locked_until_usec > now) { /* locked: the password is not even looked at */
        rc = locked(a.locked_until_usec, now, &answer);
        zz_user_auth_clear(&a);
        return refuse(cx, username, "locked", rc, &answer, err);
    }
    if (!a.active || !a.password_hash || !password) {
        equalise_timing(password);
        const char *why = !a.active ? "inactive" : !a.password_hash ? "no_password" : "no_input";
        zz_user_auth_clear(&a);
        rc = bad_credentials(&answer);
        return refuse(cx, username, why, rc, &answer, err);
    }
    /* argon2id outside the transaction: the write lock is not held while it runs */
    zz_err ve = ZZ_ERR_INIT;
    int v = zz_pw_verify(a.password_hash, password, &ve);
    int64_t id = a.id;
    zz_user_auth_clear(&a);
    if (v < 0 && v != ZZ_EAUTH) {
        if (err) *err = ve;
        return v;
    }

    /* Re-read the counters under the write lock: concurrent attempts count one by one. */
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    if ((rc = zz_user_store_auth_get(cx->st, username, &a, err)) < 0)
        return zz_action_abort(cx, rc);
    if (a.locked_until_usec > now) { /* locked meanwhile by a concurrent attempt */
        rc = locked(a.locked_until_usec, now, &answer);
        zz_user_auth_clear(&a);
        int arc = audit_failure(cx, username, "locked", 0, false, err);
        if (arc < 0) return arc;
        if (err) *err = answer;
        return rc;
    }
    if (v == ZZ_EAUTH) {
        /* ZZ_LOCKOUT_MAX_FAILURES failures within the window lock the account */
        int failed = a.failed;
        int64_t window = a.window_usec;
        if (!window || now - window >= ZZ_LOCKOUT_WINDOW_MIN * USEC_PER_MIN || now < window) {
            failed = 1;
            window = now;
        } else {
            failed++;
        }
        int64_t until = 0;
        bool now_locked = failed >= ZZ_LOCKOUT_MAX_FAILURES;
        if (now_locked) {
            until = now + ZZ_LOCKOUT_LOCK_MIN * USEC_PER_MIN;
            rc = locked(until, now, &answer);
        } else {
            rc = bad_credentials(&answer);
        }
        zz_user_auth_clear(&a);
        int src = zz_user_store_auth_set(cx->st, id, now_locked ? 0 : failed,
                                         now_locked ? 0 : window, until, err);
        if (src < 0) return zz_action_abort(cx, src);
        if ((src = audit_failure(cx, username, "bad_password", failed, now_locked, err)) < 0)
            return src;
        if (err) *err = answer;
        return rc;
    }
    zz_user_auth_clear(&a);
    if ((rc = zz_user_store_auth_set(cx->st, id, 0, 0, 0, err)) < 0) return zz_action_abort(cx, rc);
    zz_user *u = NULL;
    if ((rc = zz_user_get(cx->st, id, &u, err)) < 0) return zz_action_abort(cx, rc);
    /* the entry names the user who signed in as its actor */
    zz_actor saved = cx->actor;
    snprintf(cx->actor.username, sizeof cx->actor.username, "%s", u->username);
    rc = zz_action_commit(cx, "auth.signin", "user", u->username, NULL, NULL, err);
    cx->actor = saved;
    if (rc < 0) {
        zz_user_free(u);
        return rc;
    }
    *out = u;
    return ZZ_OK;
}
