/*
 * router.c — THE route table of the API, its matcher, and authorisation in one place
 * before any handler runs, the router checks rate, sign-in (401 auth.required),
 * role (403 auth.role) and, on state-changing methods, the CSRF token (403 auth.csrf).
 *
 * A route's row says who may call it; the core says which objects they may see: the core answers
 * ZZ_ENOTFOUND for another organisation's object, which renders as 404 (scope "core").
 *
 * Adding a route: one row here + one handler in api_<noun>.c + its path in docs/openapi.yaml
 * (tests/integration/t9000-http.sh compares `zizhid --print-routes` with the yaml).
 */
#include "http/http.h"

#include <string.h>

#define ADMINS ZZ_ROLES_ADMIN
#define R(x)   ZZ_R(ZZ_ROLE_##x)

/* clang-format off */
const zzh_route zzh_routes[] = {
    /* method   pattern                                        handler                   roles          scope            flags */
    {"GET",    "/api/v1/health",                              zzh_api_health,           ZZH_PUBLIC,    ZZH_SCOPE_NONE,  0,
     "liveness: the database is open"},

    /* sign-in and sessions */
    {"POST",   "/api/v1/session",                             zzh_api_session_create,   ZZH_PUBLIC,    ZZH_SCOPE_NONE,
     ZZH_F_WRITE | ZZH_F_JSON | ZZH_F_RATE | ZZH_F_NO_CSRF,   "sign in (登录)"},
    {"GET",    "/api/v1/session",                             zzh_api_session_get,      ZZH_SIGNED_IN, ZZH_SCOPE_NONE,  0,
     "who am I: account, roles, organisation, CSRF token"},
    {"DELETE", "/api/v1/session",                             zzh_api_session_delete,   ZZH_SIGNED_IN, ZZH_SCOPE_NONE,  ZZH_F_WRITE,
     "sign out (退出)"},

    /* the public certificate registry and verification */
    {"GET",    "/api/v1/public/certificates",                 zzh_api_public_cert_search, ZZH_PUBLIC,  ZZH_SCOPE_NONE,  ZZH_F_RATE,
     "search the registry of published certificates"},
    {"GET",    "/api/v1/public/certificates/{number}",        zzh_api_public_cert_verify, ZZH_PUBLIC,  ZZH_SCOPE_NONE,  ZZH_F_RATE,
     "verify one certificate: current status and signature"},

    /* requirement catalogues: public reading */
    {"GET",    "/api/v1/catalogs/current",                    zzh_api_catalog_current,  ZZH_PUBLIC,    ZZH_SCOPE_NONE,  ZZH_F_RATE,
     "the current catalogue of a category and level"},
    {"GET",    "/api/v1/catalogs/{id}/items/{itemId}",        zzh_api_catalog_item,     ZZH_PUBLIC,    ZZH_SCOPE_NONE,  ZZH_F_RATE,
     "one group, requirement, base practice or generic practice"},

    /* accounts and roles (R-0.4: accounts by sys_admin, grants by sec_admin) */
    {"GET",    "/api/v1/users",                               zzh_api_users_list,       ADMINS,        ZZH_SCOPE_NONE,  0,
     "list accounts"},
    {"POST",   "/api/v1/users",                               zzh_api_users_create,     R(SYS_ADMIN),  ZZH_SCOPE_NONE,  ZZH_F_WRITE | ZZH_F_JSON,
     "create an account"},
    {"POST",   "/api/v1/users/{username}/roles",              zzh_api_users_grant,      R(SEC_ADMIN),  ZZH_SCOPE_NONE,  ZZH_F_WRITE | ZZH_F_JSON,
     "grant a role"},
    {"DELETE", "/api/v1/users/{username}/roles/{role}",       zzh_api_users_revoke,     R(SEC_ADMIN),  ZZH_SCOPE_NONE,  ZZH_F_WRITE,
     "revoke a role"},

    {NULL, NULL, NULL, 0, 0, 0, NULL},
};
/* clang-format on */

/* Matches one pattern; on success copies the {name} segments into rq (when rq is not NULL). */
static bool match_pattern(const char *pat, const char *path, zzh_req *rq)
{
    const char *names[ZZH_MAX_PARAMS], *vals[ZZH_MAX_PARAMS];
    size_t nlen[ZZH_MAX_PARAMS], vlen[ZZH_MAX_PARAMS];
    int n = 0;
    const char *p = pat, *u = path;
    while (*p && *u) {
        if (*p != '/' || *u != '/') return false;
        p++;
        u++;
        const char *pe = strchr(p, '/'), *ue = strchr(u, '/');
        size_t pl = pe ? (size_t)(pe - p) : strlen(p), ul = ue ? (size_t)(ue - u) : strlen(u);
        if (pl >= 2 && p[0] == '{' && p[pl - 1] == '}') {
            if (ul == 0 || n == ZZH_MAX_PARAMS) return false;
            names[n] = p + 1;
            nlen[n] = pl - 2;
            vals[n] = u;
            vlen[n] = ul;
            n++;
        } else if (pl != ul || memcmp(p, u, pl) != 0) {
            return false;
        }
        p += pl;
        u += ul;
    }
    if (*p || *u) return false;
    if (rq) {
        for (int i = 0; i < n; i++) {
            rq->param_name[i] = strndup(names[i], nlen[i]);
            rq->param_val[i] = strndup(vals[i], vlen[i]);
            rq->n_params = i + 1;
            if (!rq->param_name[i] || !rq->param_val[i]) return false;
        }
    }
    return true;
}

zzh_match_rc zzh_route_match(const char *method, const char *path, zzh_req *rq, char *allow,
                             size_t allow_sz)
{
    bool path_known = false;
    if (allow_sz) allow[0] = '\0';
    for (const zzh_route *r = zzh_routes; r->method; r++) {
        if (!match_pattern(r->pattern, path, NULL)) continue;
        if (strcmp(r->method, method) == 0 ||
            (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0)) {
            if (rq) {
                rq->route = r;
                if (!match_pattern(r->pattern, path, rq)) return ZZH_MATCH_NONE;
            }
            return ZZH_MATCH_OK;
        }
        path_known = true;
        size_t l = strlen(allow);
        if (allow_sz && l + strlen(r->method) + 3 < allow_sz)
            snprintf(allow + l, allow_sz - l, "%s%s", l ? ", " : "", r->method);
    }
    return path_known ? ZZH_MATCH_METHOD : ZZH_MATCH_NONE;
}

static void access_text(zz_roles roles, char *buf, size_t sz)
{
    if (roles == ZZH_PUBLIC) {
        snprintf(buf, sz, "public");
        return;
    }
    if (roles == ZZH_SIGNED_IN) {
        snprintf(buf, sz, "signed-in");
        return;
    }
    buf[0] = '\0';
    for (int r = 0; r < ZZ_ROLE__COUNT; r++) {
        if (!(roles & ZZ_R(r))) continue;
        size_t l = strlen(buf);
        snprintf(buf + l, sz - l, "%s%s", l ? "," : "", zz_role_name((zz_role)r));
    }
}

void zzh_routes_print(FILE *f)
{
    for (const zzh_route *r = zzh_routes; r->method; r++) {
        char acc[512];
        access_text(r->roles, acc, sizeof acc);
        char flags[64] = "";
        if (r->flags & ZZH_F_WRITE)
            strcat(flags, (r->flags & ZZH_F_NO_CSRF) ? "write" : "write,csrf");
        if (r->flags & ZZH_F_JSON) strcat(flags, flags[0] ? ",json" : "json");
        if (r->flags & ZZH_F_RATE) strcat(flags, flags[0] ? ",rate" : "rate");
        fprintf(f, "%-6s %-45s %-40s %-5s %-16s %s\n", r->method, r->pattern, acc,
                r->scope == ZZH_SCOPE_CORE ? "core" : "none", flags[0] ? flags : "-", r->summary);
    }
}

int zzh_authorise(zzh_req *rq, zz_err *err)
{
    const zzh_route *r = rq->route;
    if ((r->flags & ZZH_F_RATE) && rq->srv->rl &&
        !zzh_ratelimit_take(rq->srv->rl, rq->client, zzh_mono_usec()))
        return zz_err_set(err, ZZ_ETOOBIG, "rate.limited", "请求过于频繁，请稍后再试%s",
                          "too many requests; try again shortly%s", "");
    if (r->roles == ZZH_PUBLIC) return 0;
    int rc = zzh_session_resolve(rq, err); /* 401 */
    if (rc < 0) return rc;
    if (r->roles != ZZH_SIGNED_IN) {
        /* the core's own wording of the refusal, from the actor alone */
        zz_ctx probe;
        memset(&probe, 0, sizeof probe);
        probe.actor = rq->actor;
        if ((rc = zz_ctx_require(&probe, r->roles, err)) < 0) /* 403, R-0.1 */
            return rc;
    }
    if (zzh_method_writes(rq->method) && !(r->flags & ZZH_F_NO_CSRF) &&
        !zz_session_csrf_ok(&rq->session, zzh_header(rq, ZZH_CSRF_HEADER)))
        return zz_err_set(err, ZZ_EPERM, "auth.csrf", "缺少或错误的 CSRF 令牌（请求头 %s）",
                          "missing or wrong CSRF token (header %s)", ZZH_CSRF_HEADER);
    return 0;
}
