/*
 * session.c — the rules of sign-in sessions: token and CSRF token making, idle and absolute
 * lifetime at the injected clock, touching, closing (session.h). SQL is in session_store.c.
 */
#include "zizhi/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/session_store.h"
#include "zizhi/ctx.h"
#include "zizhi/user.h"

static void policy_or_default(zz_session_policy *p, const zz_session_policy *pol)
{
    zz_session_policy d = ZZ_SESSION_POLICY_DEFAULT;
    *p = pol ? *pol : d;
    if (p->idle_usec <= 0) p->idle_usec = d.idle_usec;
    if (p->max_usec <= 0) p->max_usec = d.max_usec;
}

static int64_t expires_at(const zz_session *s, const zz_session_policy *p)
{
    int64_t a = s->last_usec + p->idle_usec, b = s->created_usec + p->max_usec;
    return a < b ? a : b;
}

bool zz_session_expired(const zz_session *s, const zz_session_policy *pol, int64_t now_usec)
{
    zz_session_policy p;
    policy_or_default(&p, pol);
    return now_usec >= expires_at(s, &p);
}

bool zz_session_csrf_ok(const zz_session *s, const char *given)
{
    if (!given || !s->csrf_token[0]) return false;
    size_t a = strlen(s->csrf_token), b = strlen(given);
    unsigned char diff = (unsigned char)(a != b);
    /* compare over the stored length whatever the given one, so timing says nothing */
    for (size_t i = 0; i < a; i++)
        diff |= (unsigned char)(s->csrf_token[i] ^ (i < b ? given[i] : 0));
    return diff == 0;
}

/* A token as zz_random_token makes it: URL-safe base64 without padding. */
static bool token_well_formed(const char *t)
{
    size_t n = t ? strlen(t) : 0;
    if (n < 16 || n >= ZZ_SESSION_TOKEN_MAX) return false;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    }
    return true;
}

static int invalid(zz_err *err)
{
    return zz_err_set(err, ZZ_EAUTH, "auth.session_invalid", "会话无效，请重新登录%s",
                      "the session is not valid; sign in again%s", "");
}

int zz_session_open(zz_ctx *cx, const zz_session_policy *pol, const char *client, char **token,
                    zz_session *out, zz_err *err)
{
    *token = NULL;
    memset(out, 0, sizeof *out);
    if (cx->actor.user_id <= 0)
        return zz_err_set(err, ZZ_EAUTH, "auth.required", "需要登录%s", "sign-in required%s", "");
    zz_session_policy p;
    policy_or_default(&p, pol);

    char *tok = NULL, *csrf = NULL;
    int rc = zz_random_token(&tok, ZZ_SESSION_TOKEN_BYTES, err);
    if (rc == 0) rc = zz_random_token(&csrf, ZZ_SESSION_TOKEN_BYTES, err);
    if (rc == 0) rc = zz_sm3_hex(out->token_hash, tok, strlen(tok), err);
    if (rc < 0) goto fail;
    snprintf(out->csrf_token, sizeof out->csrf_token, "%s", csrf);
    out->user_id = cx->actor.user_id;
    out->created_usec = out->last_usec = cx->clock.now_usec;
    out->expires_usec = expires_at(out, &p);

    /* the sign-in itself is audited by zz_user_authenticate ("auth.signin"); the row is not a
     * domain state change of its own (session.h I3) */
    if ((rc = zz_session_store_insert(cx->st, out, client, err)) < 0) goto fail;
    free(csrf);
    *token = tok;
    return 0;
fail:
    free(tok);
    free(csrf);
    memset(out, 0, sizeof *out);
    return rc;
}

int zz_session_resume(zz_ctx *cx, const zz_session_policy *pol, const char *token, zz_session *out,
                      zz_err *err)
{
    memset(out, 0, sizeof *out);
    if (!token_well_formed(token)) return invalid(err);
    zz_session_policy p;
    policy_or_default(&p, pol);
    char hash[ZZ_SM3_HEXLEN + 1];
    int rc = zz_sm3_hex(hash, token, strlen(token), err);
    if (rc < 0) return rc;
    bool found = false;
    zz_session s;
    if ((rc = zz_session_store_get(cx->st, hash, &s, &found, err)) < 0) return rc;
    if (!found) return invalid(err);
    int64_t now = cx->clock.now_usec;
    if (zz_session_expired(&s, &p, now)) {
        zz_session_store_delete(cx->st, hash, NULL, NULL);
        return zz_err_set(err, ZZ_EAUTH, "auth.session_expired", "会话已过期，请重新登录%s",
                          "the session has expired; sign in again%s", "");
    }
    zz_user *u = NULL;
    rc = zz_user_get(cx->st, s.user_id, &u, err);
    if (rc == 0 && u->active)
        rc = zz_ctx_act_as(cx, u->username, err);
    else if (rc == 0 || rc == ZZ_ENOTFOUND)
        rc = zz_err_set(err, ZZ_EAUTH, "auth.no_user", "账号已停用%s",
                        "the account is no longer active%s", "");
    zz_user_free(u);
    if (rc < 0) {
        if (rc == ZZ_EAUTH) /* I2 */
            zz_session_store_delete(cx->st, hash, NULL, NULL);
        return rc;
    }
    if (now - s.last_usec >= ZZ_SESSION_TOUCH_USEC) {
        if ((rc = zz_session_store_touch(cx->st, hash, now, err)) < 0) return rc;
        s.last_usec = now;
    }
    s.expires_usec = expires_at(&s, &p);
    *out = s;
    return 0;
}

int zz_session_close(zz_ctx *cx, const char *token, zz_err *err)
{
    if (!token_well_formed(token)) return invalid(err);
    char hash[ZZ_SM3_HEXLEN + 1];
    int rc = zz_sm3_hex(hash, token, strlen(token), err);
    if (rc < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    bool deleted = false;
    if ((rc = zz_session_store_delete(cx->st, hash, &deleted, err)) < 0)
        return zz_action_abort(cx, rc);
    if (!deleted) return zz_action_abort(cx, invalid(err));
    return zz_action_commit(cx, "session.close", "user", cx->actor.username, NULL, NULL, err);
}

int zz_session_purge(zz_ctx *cx, const zz_session_policy *pol, int64_t *removed, zz_err *err)
{
    zz_session_policy p;
    policy_or_default(&p, pol);
    int64_t now = cx->clock.now_usec;
    return zz_session_store_purge(cx->st, now - p.idle_usec, now - p.max_usec, removed, err);
}
