/*
 * session.c — sign-in over HTTP: the session cookie, resolving it for the router, and the
 * handlers of /api/v1/session (sign in, who am I, sign out). Rules (lockout, password checks,
 * lifetimes) are the core's: zz_user_authenticate and zz_session_* (session.h).
 *
 * Cookie: zz_session=<token>; HttpOnly; SameSite=Strict; Path=/ (+ Secure under TLS or with
 * secure-cookies). No Max-Age: the browser forgets it when closed; the server enforces the idle
 * and absolute limits whatever the browser keeps.
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "zizhi/audit.h"

static bool cookie_secure(const zzh_req *rq)
{
    return rq->srv->tls || rq->srv->cfg.secure_cookies;
}

static void set_cookie(zzh_req *rq, const char *token)
{
    char buf[256];
    if (token)
        snprintf(buf, sizeof buf, "%s=%s; HttpOnly; SameSite=Strict; Path=/%s", ZZH_COOKIE, token,
                 cookie_secure(rq) ? "; Secure" : "");
    else
        snprintf(buf, sizeof buf, "%s=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0%s", ZZH_COOKIE,
                 cookie_secure(rq) ? "; Secure" : "");
    free(rq->new_cookie);
    rq->new_cookie = strdup(buf);
}

int zzh_session_resolve(zzh_req *rq, zz_err *err)
{
    const char *tok = zzh_cookie(rq, ZZH_COOKIE);
    if (!tok || !*tok)
        return zz_err_set(err, ZZ_EAUTH, "auth.required", "请先登录%s", "sign-in required%s", "");
    zz_ctx *cx = NULL;
    int rc = zzh_thread_ctx(rq->srv, &cx, err);
    if (rc < 0) return rc;
    cx->clock = rq->clock;
    rc = zz_session_resume(cx, &rq->srv->cfg.session, tok, &rq->session, err);
    if (rc == 0) {
        rq->actor = cx->actor;
        rq->signed_in = true;
    } else if (rc == ZZ_EAUTH) {
        set_cookie(rq, NULL); /* the browser may drop a cookie that no longer works */
    }
    /* the thread's context serves other connections until this request's handler runs */
    cx->actor.user_id = ZZH_ANON_USER_ID;
    cx->actor.roles = 0;
    snprintf(cx->actor.username, sizeof cx->actor.username, "anonymous");
    return rc;
}

/* {"user": {...}, "csrf_token": "...", "expires_at": "...", "idle_timeout_s": n} */
static int reply_session(zzh_req *rq, unsigned status, const zz_user *u, zz_err *err)
{
    json_t *user = zzh_json_user(u);
    if (!user) return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
    char at[ZZ_AUDIT_INSTANT_STRLEN];
    json_t *o = json_object();
    json_object_set_new(o, "user", user);
    json_object_set_new(o, "csrf_token", json_string(rq->session.csrf_token));
    json_object_set_new(o, "expires_at",
                        json_string(zz_audit_format_instant(rq->session.expires_usec, false, at)));
    json_object_set_new(o, "idle_timeout_s",
                        json_integer(rq->srv->cfg.session.idle_usec / 1000000));
    return zzh_reply_json(rq, status, o);
}

static const zzh_field SIGNIN[] = {
    {"username", ZZH_T_STRING, true, false, 100},
    {"password", ZZH_T_STRING, true, false, ZZ_PW_MAX_BYTES},
    {NULL, 0, false, false, 0},
};

/* POST /api/v1/session */
int zzh_api_session_create(zzh_req *rq, zz_err *err)
{
    int rc = zzh_body(rq, SIGNIN, err);
    if (rc < 0) return rc;
    zz_user *u = NULL;
    /* argon2id takes ~0.2 s of this pool thread; the pool has at least two threads */
    rc = zz_user_authenticate(rq->cx, zzh_str(rq, "username"), zzh_str(rq, "password"), &u, err);
    if (rc == 0) rc = zz_ctx_act_as(rq->cx, u->username, err);
    char *token = NULL;
    if (rc == 0)
        rc = zz_session_open(rq->cx, &rq->srv->cfg.session, rq->client, &token, &rq->session, err);
    if (rc < 0) {
        zz_user_free(u);
        return rc;
    }
    rq->actor = rq->cx->actor;
    rq->signed_in = true;
    set_cookie(rq, token);
    free(token);
    rc = reply_session(rq, 201, u, err);
    zz_user_free(u);
    return rc;
}

/* GET /api/v1/session */
int zzh_api_session_get(zzh_req *rq, zz_err *err)
{
    zz_user *u = NULL;
    int rc = zz_user_show(rq->cx, rq->actor.username, &u, err);
    if (rc < 0) return rc;
    rc = reply_session(rq, 200, u, err);
    zz_user_free(u);
    return rc;
}

/* DELETE /api/v1/session */
int zzh_api_session_delete(zzh_req *rq, zz_err *err)
{
    int rc = zz_session_close(rq->cx, zzh_cookie(rq, ZZH_COOKIE), err);
    if (rc < 0) return rc;
    set_cookie(rq, NULL);
    return zzh_reply_empty(rq, 204);
}
