/*
 * api_sanctions.c — sanctions (处置, SPEC section 5), decided by the supervision department:
 *   GET  /api/v1/sanctions                  ?organisation=&certificate=&offset=&limit=
 *   POST /api/v1/sanctions                  decides one {org_id, cert_id?, kind, violation,
 *                                           evidence, decision, deadline?}
 *   GET  /api/v1/sanctions/overdue          rectifications past their deadline
 *   GET  /api/v1/sanctions/{id}             one
 *   POST /api/v1/sanctions/{id}/lift        lifts a suspension {lifted_on?}
 *   POST /api/v1/sanctions/{id}/rectified   records a rectification {rectified_on?}
 * sanction.c holds the rules; an applicant asking for another organisation's sanction gets 404.
 */
#include "http/api.h"

#include <stdlib.h>
#include <string.h>

#include "zizhi/sanction.h"

static json_t *sanction_json(const zz_sanction *s)
{
    return json_pack(
        "{s:I, s:I, s:s, s:o, s:o, s:s?, s:s?, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:o, "
        "s:o, s:o, s:o, s:b}",
        "id", (json_int_t)s->id, "org_id", (json_int_t)s->org_id, "organisation", s->org_name,
        "cert_id", zzh_jid(s->cert_id), "cert_number", zzh_jstr(s->cert_number), "kind",
        zz_sanction_kind_code(s->kind), "kind_name", zz_sanction_kind_name_zh(s->kind), "violation",
        s->violation ? s->violation : "", "evidence", s->evidence ? s->evidence : "", "decision",
        s->decision ? s->decision : "", "decided_on", s->decided_on, "decided_by",
        zzh_jid(s->decided_by), "decided_by_name", s->decided_by_name, "deadline",
        zzh_jstr(s->deadline), "rectified_on", zzh_jstr(s->rectified_on), "lifted_on",
        zzh_jstr(s->lifted_on), "annulled_on", zzh_jstr(s->annulled_on), "annulled_by_appeal",
        zzh_jid(s->annulled_by_appeal), "overdue", s->overdue);
}

static int reply_sanction(zzh_req *rq, unsigned status, int64_t id, zz_err *err)
{
    zz_sanction s;
    memset(&s, 0, sizeof s);
    int rc = zz_sanction_get(rq->cx, id, &s, err);
    if (rc < 0) return rc;
    json_t *v = sanction_json(&s);
    zz_sanction_clear(&s);
    return v ? zzh_reply_json(rq, status, v) : zzh_nomem(err);
}

static int reply_page(zzh_req *rq, zz_sanction *v, size_t n, int64_t offset, int64_t limit)
{
    json_t *items = json_array();
    for (size_t i = (size_t)offset; i < n && i < (size_t)(offset + limit); i++)
        json_array_append_new(items, sanction_json(&v[i]));
    zz_sanction_list_free(v, n);
    return zzh_reply_list(rq, items, (int64_t)n, offset, limit);
}

int zzh_api_sanctions_list(zzh_req *rq, zz_err *err)
{
    int64_t offset, limit, org = 0, cert = 0;
    int rc = zzh_page(rq, &offset, &limit, err);
    if (rc == 0) rc = zzh_query_id(rq, "organisation", &org, err);
    if (rc == 0) rc = zzh_query_id(rq, "certificate", &cert, err);
    if (rc < 0) return rc;
    zz_sanction *v = NULL;
    size_t n = 0;
    if ((rc = zz_sanction_list(rq->cx, org, cert, &v, &n, err)) < 0) return rc;
    return reply_page(rq, v, n, offset, limit);
}

int zzh_api_sanctions_overdue(zzh_req *rq, zz_err *err)
{
    int64_t offset, limit;
    int rc = zzh_page(rq, &offset, &limit, err);
    if (rc < 0) return rc;
    zz_sanction *v = NULL;
    size_t n = 0;
    if ((rc = zz_sanction_overdue(rq->cx, &v, &n, err)) < 0) return rc;
    return reply_page(rq, v, n, offset, limit);
}

static const zzh_field DECIDE[] = {
    {"org_id", ZZH_T_INT, true, false, 0},      {"cert_id", ZZH_T_INT, false, true, 0},
    {"kind", ZZH_T_STRING, true, false, 20},    {"violation", ZZH_T_STRING, true, false, 0},
    {"evidence", ZZH_T_STRING, true, false, 0}, {"decision", ZZH_T_STRING, true, false, 0},
    {"deadline", ZZH_T_DATE, false, true, 10},  {NULL, 0, false, false, 0},
};

int zzh_api_sanctions_decide(zzh_req *rq, zz_err *err)
{
    zz_sanction_kind kind = ZZ_SANCTION_WARNING;
    int rc = zzh_body(rq, DECIDE, err);
    if (rc == 0) rc = zz_sanction_kind_parse(&kind, zzh_str(rq, "kind"), err);
    if (rc < 0) return rc;
    int64_t id = 0;
    zz_date none = {0, 0, 0};
    if ((rc = zz_sanction_decide(rq->cx, zzh_int(rq, "org_id", 0), zzh_int(rq, "cert_id", 0), kind,
                                 zzh_str(rq, "violation"), zzh_str(rq, "evidence"),
                                 zzh_str(rq, "decision"), zzh_date_field(rq, "deadline", none), &id,
                                 err)) < 0)
        return rc;
    return reply_sanction(rq, 201, id, err);
}

int zzh_api_sanctions_get(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    return rc < 0 ? rc : reply_sanction(rq, 200, id, err);
}

static const zzh_field LIFT[] = {
    {"lifted_on", ZZH_T_DATE, false, true, 10},
    {NULL, 0, false, false, 0},
};

int zzh_api_sanctions_lift(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc == 0) rc = zzh_body_opt(rq, LIFT, err);
    if (rc < 0) return rc;
    if ((rc = zz_sanction_lift(rq->cx, id, zzh_date_field(rq, "lifted_on", rq->clock.today), err)) <
        0)
        return rc;
    return reply_sanction(rq, 200, id, err);
}

static const zzh_field RECTIFIED[] = {
    {"rectified_on", ZZH_T_DATE, false, true, 10},
    {NULL, 0, false, false, 0},
};

int zzh_api_sanctions_rectified(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc == 0) rc = zzh_body_opt(rq, RECTIFIED, err);
    if (rc < 0) return rc;
    if ((rc = zz_sanction_rectified(rq->cx, id, zzh_date_field(rq, "rectified_on", rq->clock.today),
                                    err)) < 0)
        return rc;
    return reply_sanction(rq, 200, id, err);
}
