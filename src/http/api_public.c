/*
 * api_public.c — the public certificate registry and verification, no sign-in,
 * rate-limited per client address by the router:
 *   GET /api/v1/public/certificates?q=&offset=&limit=   search by number, USCC or name
 *   GET /api/v1/public/certificates/{number}            one certificate, status and signature check
 * The public sees current status, suspended and revoked included, never the reasons:
 * that selection is the core's (zz_cert_public).
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "zizhi/cert.h"

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *cert_public_json(const zz_cert_public *c)
{
    return json_pack("{s:s?, s:s?, s:s?, s:s?, s:I, s:s?, s:s?, s:s?, s:o, s:s?, s:s?, s:s?, s:o, "
                     "s:o}",
                     "number", c->number, "organisation", c->org_name, "uscc", c->uscc, "category",
                     c->category, "level", (json_int_t)c->level, "issue_date", c->issue_date,
                     "expiry_date", c->expiry_date, "batch", c->batch_number, "published_on",
                     str_or_null(c->published_on), "status", zz_cert_status_code(c->status),
                     "status_name", zz_cert_status_name_zh(c->status), "status_name_en",
                     zz_cert_status_name_en(c->status), "status_on", str_or_null(c->status_on),
                     "superseded_by", str_or_null(c->superseded_by_number));
}

/* A non-negative integer query argument; dflt when absent. */
static int query_int(const zzh_req *rq, const char *name, int64_t dflt, int64_t max, int64_t *out,
                     zz_err *err)
{
    const char *s = zzh_query(rq, name);
    *out = dflt;
    if (!s) return 0;
    int64_t v = 0;
    bool ok = *s && strlen(s) <= 9;
    for (const char *p = s; ok && *p; p++) {
        if (*p < '0' || *p > '9')
            ok = false;
        else
            v = v * 10 + (*p - '0');
    }
    if (!ok || v > max)
        return zz_err_set(err, ZZ_EINVAL, "input.query", "查询参数 \"%s\" 应为 0 到 %lld 的整数",
                          "query parameter \"%s\" must be an integer from 0 to %lld", name,
                          (long long)max);
    *out = v;
    return 0;
}

int zzh_api_public_cert_search(zzh_req *rq, zz_err *err)
{
    int64_t offset, limit;
    int rc = query_int(rq, "offset", 0, 100000000, &offset, err);
    if (rc == 0) rc = query_int(rq, "limit", 50, 500, &limit, err);
    if (rc < 0) return rc;
    const char *q = zzh_query(rq, "q");
    if (q && strlen(q) > 200)
        return zz_err_set(err, ZZ_EINVAL, "input.query", "查询内容过长（最多 %d 字节）",
                          "the query is too long (at most %d bytes)", 200);
    zz_cert_public *v = NULL;
    size_t n = 0;
    int64_t total = 0;
    if ((rc = zz_cert_public_search(rq->cx, q, offset, limit, &v, &n, &total, err)) < 0) return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, cert_public_json(&v[i]));
    free(v);
    return zzh_reply_json(rq, 200,
                          json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total",
                                    (json_int_t)total, "limit", (json_int_t)(limit ? limit : 50),
                                    "offset", (json_int_t)offset));
}

int zzh_api_public_cert_verify(zzh_req *rq, zz_err *err)
{
    const char *number = zzh_param(rq, "number");
    if (strlen(number) > ZZ_CERT_NUMBER_MAX)
        return zz_err_set(err, ZZ_ENOTFOUND, "cert.not_found", "没有编号为 %s 的已公告证书",
                          "no published certificate numbered %s", "(too long)");
    zz_cert_verification ver;
    memset(&ver, 0, sizeof ver);
    int rc = zz_cert_public_verify(rq->cx, number, &ver, err);
    if (rc < 0) return rc;
    return zzh_reply_json(rq, 200,
                          json_pack("{s:o, s:b, s:b, s:s?}", "certificate",
                                    cert_public_json(&ver.cert), "signature_ok", ver.signature_ok,
                                    "record_matches", ver.record_matches, "key", ver.key));
}
