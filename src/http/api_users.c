/*
 * api_users.c — accounts and role grants (SPEC section 0, R-0.4):
 *   GET    /api/v1/users                          list (administrators)
 *   POST   /api/v1/users                          create (sys_admin)
 *   POST   /api/v1/users/{username}/roles         grant {"role": "..."} (sec_admin)
 *   DELETE /api/v1/users/{username}/roles/{role}  revoke (sec_admin)
 * The separation of duties is the core's (zz_user_grant refuses with auth.separation, 422).
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#define LIST_LIMIT_DEFAULT 50
#define LIST_LIMIT_MAX     500

/* ?limit=&offset= of a list; input.query when not a plain non-negative integer. */
static int paging(const zzh_req *rq, size_t *limit, size_t *offset, zz_err *err)
{
    const char *names[2] = {"limit", "offset"};
    size_t *outs[2] = {limit, offset};
    *limit = LIST_LIMIT_DEFAULT;
    *offset = 0;
    for (int i = 0; i < 2; i++) {
        const char *s = zzh_query(rq, names[i]);
        if (!s) continue;
        size_t v = 0;
        bool ok = *s != '\0' && strlen(s) <= 9;
        for (const char *p = s; ok && *p; p++) {
            if (*p < '0' || *p > '9')
                ok = false;
            else
                v = v * 10 + (size_t)(*p - '0');
        }
        if (!ok || (i == 0 && (v == 0 || v > LIST_LIMIT_MAX)))
            return zz_err_set(err, ZZ_EINVAL, "input.query",
                              "查询参数 \"%s\" 无效（limit 为 1 到 %d，offset 为非负整数）",
                              "query parameter \"%s\" is invalid (limit 1..%d, offset >= 0)",
                              names[i], LIST_LIMIT_MAX);
        *outs[i] = v;
    }
    return 0;
}

int zzh_api_users_list(zzh_req *rq, zz_err *err)
{
    size_t limit, offset;
    int rc = paging(rq, &limit, &offset, err);
    if (rc < 0) return rc;
    zz_user **list = NULL;
    size_t n = 0;
    if ((rc = zz_user_list(rq->cx, &list, &n, err)) < 0) return rc;
    json_t *items = json_array();
    for (size_t i = offset; i < n && i < offset + limit; i++)
        json_array_append_new(items, zzh_json_user(list[i]));
    zz_user_list_free(list, n);
    return zzh_reply_json(rq, 200,
                          json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)n,
                                    "limit", (json_int_t)limit, "offset", (json_int_t)offset));
}

/* Renders one account as the actor sees it. */
static int reply_user(zzh_req *rq, unsigned status, const char *username, zz_err *err)
{
    zz_user *u = NULL;
    int rc = zz_user_show(rq->cx, username, &u, err);
    if (rc < 0) return rc;
    json_t *v = zzh_json_user(u);
    zz_user_free(u);
    if (!v) return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
    return zzh_reply_json(rq, status, v);
}

static const zzh_field NEW_USER[] = {
    {"username", ZZH_T_STRING, true, false, 64},
    {"display_name", ZZH_T_STRING, true, false, 100},
    {"email", ZZH_T_STRING, false, true, 200},
    {"org_id", ZZH_T_INT, false, true, 0},
    {"password", ZZH_T_STRING, false, true, ZZ_PW_MAX_BYTES},
    {NULL, 0, false, false, 0},
};

int zzh_api_users_create(zzh_req *rq, zz_err *err)
{
    int rc = zzh_body(rq, NEW_USER, err);
    if (rc < 0) return rc;
    zz_user_new in = {
        .username = zzh_str(rq, "username"),
        .display_name = zzh_str(rq, "display_name"),
        .email = zzh_str(rq, "email"),
        .org_id = zzh_int(rq, "org_id", 0),
        .password = zzh_str(rq, "password"),
    };
    int64_t id = 0;
    if ((rc = zz_user_create(rq->cx, &in, &id, err)) < 0) return rc;
    return reply_user(rq, 201, in.username, err);
}

static int parse_role(const char *s, zz_role *out, zz_err *err)
{
    int r = s ? zz_role_parse(s) : -1;
    if (r < 0)
        return zz_err_set(err, ZZ_EINVAL, "input.role", "未知角色 \"%s\"", "unknown role \"%s\"",
                          s ? s : "");
    *out = (zz_role)r;
    return 0;
}

static const zzh_field GRANT[] = {
    {"role", ZZH_T_STRING, true, false, 40},
    {NULL, 0, false, false, 0},
};

int zzh_api_users_grant(zzh_req *rq, zz_err *err)
{
    int rc = zzh_body(rq, GRANT, err);
    zz_role role = ZZ_ROLE_APPLICANT_MEMBER;
    if (rc == 0) rc = parse_role(zzh_str(rq, "role"), &role, err);
    if (rc < 0) return rc;
    const char *username = zzh_param(rq, "username");
    if ((rc = zz_user_grant(rq->cx, username, role, err)) < 0) return rc;
    return reply_user(rq, 200, username, err);
}

int zzh_api_users_revoke(zzh_req *rq, zz_err *err)
{
    zz_role role = ZZ_ROLE_APPLICANT_MEMBER;
    int rc = parse_role(zzh_param(rq, "role"), &role, err);
    if (rc < 0) return rc;
    const char *username = zzh_param(rq, "username");
    if ((rc = zz_user_revoke(rq->cx, username, role, err)) < 0) return rc;
    return reply_user(rq, 200, username, err);
}
