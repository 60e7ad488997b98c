/*
 * api_certs.c — certification (发证, R-3.6): batches (批次) and certificates:
 *   GET|POST /api/v1/batches                  list; open a batch (cert_officer)
 *   GET  /api/v1/batches/{id}                 one batch
 *   GET|POST /api/v1/batches/{id}/cases       its cases; add an approved case {case_id}
 *   DELETE /api/v1/batches/{id}/cases/{caseId}
 *   POST /api/v1/batches/{id}/issue           issues its certificates {issue_date?} (R-3.6, R-4.1,
 *                                             numbered, signed)
 *   POST /api/v1/batches/{id}/publish         publishes it (公告) {published_on?}
 *   GET  /api/v1/certificates                 ?organisation=&batch=&status=&offset=&limit=
 *   GET  /api/v1/certificates/{id}            by id or by number, with the signed record
 * The public registry is api_public.c. Status is derived by the core on today.
 */
#include "http/api.h"

#include <stdlib.h>
#include <string.h>

#include "zizhi/case.h"
#include "zizhi/cert.h"

static json_t *batch_json(const zz_batch *b)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:I, s:I}", "id", (json_int_t)b->id, "number",
                     b->number, "status", b->status, "created_on", b->created_on, "issued_on",
                     zzh_jstr(b->issued_on), "published_on", zzh_jstr(b->published_on), "n_cases",
                     (json_int_t)b->n_cases, "n_certs", (json_int_t)b->n_certs);
}

static int reply_batch(zzh_req *rq, unsigned status, int64_t id, zz_err *err)
{
    zz_batch b;
    int rc = zz_batch_get(rq->cx, id, &b, err);
    return rc < 0 ? rc : zzh_reply_json(rq, status, batch_json(&b));
}

int zzh_api_batches_list(zzh_req *rq, zz_err *err)
{
    int64_t offset, limit;
    int rc = zzh_page(rq, &offset, &limit, err);
    if (rc < 0) return rc;
    zz_batch *v = NULL;
    size_t n = 0;
    if ((rc = zz_batch_list(rq->cx, &v, &n, err)) < 0) return rc;
    json_t *items = json_array();
    for (size_t i = (size_t)offset; i < n && i < (size_t)(offset + limit); i++)
        json_array_append_new(items, batch_json(&v[i]));
    free(v);
    return zzh_reply_list(rq, items, (int64_t)n, offset, limit);
}

int zzh_api_batches_create(zzh_req *rq, zz_err *err)
{
    int64_t id = 0;
    int rc = zz_batch_create(rq->cx, &id, err);
    return rc < 0 ? rc : reply_batch(rq, 201, id, err);
}

int zzh_api_batches_get(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    return rc < 0 ? rc : reply_batch(rq, 200, id, err);
}

static int reply_batch_cases(zzh_req *rq, int64_t id, zz_err *err)
{
    int64_t *ids = NULL;
    size_t n = 0;
    int rc = zz_batch_cases(rq->cx, id, &ids, &n, err);
    if (rc < 0) return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        zz_case c;
        if (zz_case_get(rq->cx, ids[i], &c, NULL) == 0)
            json_array_append_new(items, zzh_json_case(&c));
        else /* not visible to this actor: the id only */
            json_array_append_new(items, json_pack("{s:I}", "id", (json_int_t)ids[i]));
    }
    free(ids);
    return zzh_reply_list(rq, items, (int64_t)n, 0, (int64_t)n);
}

int zzh_api_batches_cases(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    return rc < 0 ? rc : reply_batch_cases(rq, id, err);
}

static const zzh_field ADD[] = {
    {"case_id", ZZH_T_INT, true, false, 0},
    {NULL, 0, false, false, 0},
};

int zzh_api_batches_add(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc == 0) rc = zzh_body(rq, ADD, err);
    if (rc < 0) return rc;
    if ((rc = zz_batch_add(rq->cx, id, zzh_int(rq, "case_id", 0), err)) < 0) return rc;
    return reply_batch_cases(rq, id, err);
}

int zzh_api_batches_remove(zzh_req *rq, zz_err *err)
{
    int64_t id, cid;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc == 0) rc = zzh_path_id(rq, "caseId", &cid, err);
    if (rc < 0) return rc;
    if ((rc = zz_batch_remove(rq->cx, id, cid, err)) < 0) return rc;
    return reply_batch_cases(rq, id, err);
}

static const zzh_field ISSUE[] = {
    {"issue_date", ZZH_T_DATE, false, true, 10},
    {NULL, 0, false, false, 0},
};

int zzh_api_batches_issue(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc == 0) rc = zzh_body_opt(rq, ISSUE, err);
    if (rc < 0) return rc;
    if ((rc = zz_batch_issue(rq->cx, id, zzh_date_field(rq, "issue_date", rq->clock.today), err)) <
        0)
        return rc;
    return reply_batch(rq, 200, id, err);
}

static const zzh_field PUBLISH[] = {
    {"published_on", ZZH_T_DATE, false, true, 10},
    {NULL, 0, false, false, 0},
};

int zzh_api_batches_publish(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc == 0) rc = zzh_body_opt(rq, PUBLISH, err);
    if (rc < 0) return rc;
    if ((rc = zz_batch_publish(rq->cx, id, zzh_date_field(rq, "published_on", rq->clock.today),
                               err)) < 0)
        return rc;
    return reply_batch(rq, 200, id, err);
}

/* ---- certificates -------------------------------------------------------------------------- */

static json_t *cert_json(const zz_cert *c)
{
    json_t *o = json_pack(
        "{s:I, s:s, s:I, s:s, s:s, s:s, s:i, s:s, s:s, s:I, s:s, s:I, s:s, s:b, s:o, s:o, s:o, "
        "s:o, s:s?, s:s?, s:s, s:I, s:s}",
        "id", (json_int_t)c->id, "number", c->number, "org_id", (json_int_t)c->org_id,
        "organisation", c->org_name, "uscc", c->uscc, "category", c->category, "level", c->level,
        "issue_date", c->issue_date, "expiry_date", c->expiry_date, "case_id",
        (json_int_t)c->case_id, "case_number", c->case_number, "batch_id", (json_int_t)c->batch_id,
        "batch_number", c->batch_number, "published", c->published, "published_on",
        zzh_jstr(c->published_on), "revoked_on", zzh_jstr(c->revoked_on), "superseded_on",
        zzh_jstr(c->superseded_on), "superseded_by", zzh_jstr(c->superseded_by_number), "status",
        zz_cert_status_code(c->status), "status_name", zz_cert_status_name_zh(c->status),
        "status_on", c->status_on, "audit_count", (json_int_t)c->audit_count, "audit_head",
        c->audit_head);
    if (o && c->record) {
        json_t *rec = json_loads(c->record, 0, NULL);
        json_object_set_new(o, "record", rec ? rec : json_null());
        json_object_set_new(o, "record_text", json_string(c->record));
        json_object_set_new(o, "signature", zzh_jstr(c->signature));
    }
    return o;
}

int zzh_api_certs_list(zzh_req *rq, zz_err *err)
{
    int64_t offset, limit, org = 0, batch = 0;
    const char *status = NULL;
    int rc = zzh_page(rq, &offset, &limit, err);
    if (rc == 0) rc = zzh_query_id(rq, "organisation", &org, err);
    if (rc == 0) rc = zzh_query_id(rq, "batch", &batch, err);
    if (rc == 0) rc = zzh_query_text(rq, "status", 20, &status, err);
    if (rc < 0) return rc;
    zz_cert_filter f = {
        .org_id = org, .batch_id = batch, .status = status, .offset = offset, .limit = limit};
    zz_cert *v = NULL;
    size_t n = 0;
    int64_t total = 0;
    if ((rc = zz_cert_list(rq->cx, &f, &v, &n, &total, err)) < 0) return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, cert_json(&v[i]));
    zz_cert_list_free(v, n);
    return zzh_reply_list(rq, items, total, offset, limit);
}

int zzh_api_certs_get(zzh_req *rq, zz_err *err)
{
    const char *key = zzh_param(rq, "id");
    bool numeric = key && *key && strlen(key) <= 18 && strspn(key, "0123456789") == strlen(key);
    zz_cert c;
    memset(&c, 0, sizeof c);
    int rc;
    if (numeric)
        rc = zz_cert_get(rq->cx, strtoll(key, NULL, 10), &c, err);
    else if (key && strlen(key) <= ZZ_CERT_NUMBER_MAX)
        rc = zz_cert_get_by_number(rq->cx, key, &c, err);
    else
        rc = zz_err_set(err, ZZ_ENOTFOUND, "cert.not_found", "没有这个证书%s",
                        "no such certificate%s", "");
    if (rc < 0) return rc;
    json_t *v = cert_json(&c);
    zz_cert_clear(&c);
    return v ? zzh_reply_json(rq, 200, v) : zzh_nomem(err);
}
