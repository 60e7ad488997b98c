/*
 * api_appeals.c — written appeals (书面申诉, R-6.1) and the applicant's complaint records
 * (投诉记录, R-6.2):
 *   GET  /api/v1/appeals                    ?organisation=&status=&offset=&limit=
 *   POST /api/v1/appeals                    files one {case_id | sanction_id, subject?, grounds}
 *   GET  /api/v1/appeals/{id}               one
 *   POST /api/v1/appeals/{id}/decision      the investigation conclusion {outcome:
 *                                           upheld|dismissed, investigation} (supervisor)
 *   GET  /api/v1/complaints                 ?organisation=&offset=&limit=
 *   POST /api/v1/complaints                 records one (its applicant_admin)
 *   GET|PUT /api/v1/complaints/{id}         one; replaces its fields
 * appeal.c holds the rules (what may be appealed, reopening); another organisation's record is 404.
 */
#include "http/api.h"

#include <stdlib.h>
#include <string.h>

#include "zizhi/appeal.h"

static json_t *appeal_json(const zz_appeal *a)
{
    return json_pack(
        "{s:I, s:I, s:o, s:o, s:o, s:s, s:o, s:o, s:s, s:s, s:o, s:s, s:s, s:o, s:o, "
        "s:o, s:o}",
        "id", (json_int_t)a->id, "org_id", (json_int_t)a->org_id, "case_id", zzh_jid(a->case_id),
        "case_number", zzh_jstr(a->case_number), "sanction_id", zzh_jid(a->sanction_id), "subject",
        a->subject, "from_stage", zzh_jstr(a->from_stage), "from_state", zzh_jstr(a->from_state),
        "grounds", a->grounds ? a->grounds : "", "filed_on", a->filed_on, "filed_by",
        zzh_jid(a->filed_by), "filed_by_name", a->filed_by_name, "status", a->status,
        "investigation", zzh_jstr(a->investigation), "decided_on", zzh_jstr(a->decided_on),
        "decided_by", zzh_jid(a->decided_by), "decided_by_name", zzh_jstr(a->decided_by_name));
}

static int reply_appeal(zzh_req *rq, unsigned status, int64_t id, zz_err *err)
{
    zz_appeal a;
    memset(&a, 0, sizeof a);
    int rc = zz_appeal_get(rq->cx, id, &a, err);
    if (rc < 0) return rc;
    json_t *v = appeal_json(&a);
    zz_appeal_clear(&a);
    return v ? zzh_reply_json(rq, status, v) : zzh_nomem(err);
}

int zzh_api_appeals_list(zzh_req *rq, zz_err *err)
{
    int64_t offset, limit, org = 0;
    const char *status = NULL;
    int rc = zzh_page(rq, &offset, &limit, err);
    if (rc == 0) rc = zzh_query_id(rq, "organisation", &org, err);
    if (rc == 0) rc = zzh_query_text(rq, "status", 20, &status, err);
    if (rc < 0) return rc;
    zz_appeal *v = NULL;
    size_t n = 0;
    if ((rc = zz_appeal_list(rq->cx, org, status, &v, &n, err)) < 0) return rc;
    json_t *items = json_array();
    for (size_t i = (size_t)offset; i < n && i < (size_t)(offset + limit); i++)
        json_array_append_new(items, appeal_json(&v[i]));
    zz_appeal_list_free(v, n);
    return zzh_reply_list(rq, items, (int64_t)n, offset, limit);
}

static const zzh_field FILE_APPEAL[] = {
    {"case_id", ZZH_T_INT, false, true, 0},
    {"sanction_id", ZZH_T_INT, false, true, 0},
    {"subject", ZZH_T_STRING, false, true, 30},
    {"grounds", ZZH_T_STRING, true, false, 4 * ZZ_APPEAL_GROUNDS_MAX},
    {NULL, 0, false, false, 0},
};

int zzh_api_appeals_file(zzh_req *rq, zz_err *err)
{
    int rc = zzh_body(rq, FILE_APPEAL, err);
    if (rc < 0) return rc;
    int64_t id = 0;
    if ((rc = zz_appeal_file(rq->cx, zzh_int(rq, "case_id", 0), zzh_int(rq, "sanction_id", 0),
                             zzh_str(rq, "subject"), zzh_str(rq, "grounds"), &id, err)) < 0)
        return rc;
    return reply_appeal(rq, 201, id, err);
}

int zzh_api_appeals_get(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    return rc < 0 ? rc : reply_appeal(rq, 200, id, err);
}

static const zzh_field DECIDE[] = {
    {"outcome", ZZH_T_STRING, true, false, 20},
    {"investigation", ZZH_T_STRING, true, false, 4 * ZZ_APPEAL_GROUNDS_MAX},
    {NULL, 0, false, false, 0},
};

int zzh_api_appeals_decide(zzh_req *rq, zz_err *err)
{
    int64_t id;
    zz_appeal_outcome o = ZZ_APPEAL_DISMISSED;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc == 0) rc = zzh_body(rq, DECIDE, err);
    if (rc == 0) rc = zz_appeal_outcome_parse(&o, zzh_str(rq, "outcome"), err);
    if (rc < 0) return rc;
    if ((rc = zz_appeal_decide(rq->cx, id, o, zzh_str(rq, "investigation"), err)) < 0) return rc;
    return reply_appeal(rq, 200, id, err);
}

/* ---- complaint records (R-6.2) ----------------------------------------------------------------
 */

static json_t *complaint_json(const zz_complaint *c)
{
    return json_pack("{s:I, s:I, s:s, s:o, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)c->id,
                     "org_id", (json_int_t)c->org_id, "received_on", c->received_on, "complainant",
                     zzh_jstr(c->complainant), "summary", c->summary ? c->summary : "", "measures",
                     zzh_jstr(c->measures), "closed_on", zzh_jstr(c->closed_on), "recorded_by",
                     zzh_jid(c->recorded_by), "updated_on", zzh_jstr(c->updated_on));
}

static int reply_complaint(zzh_req *rq, unsigned status, int64_t id, zz_err *err)
{
    zz_complaint c;
    memset(&c, 0, sizeof c);
    int rc = zz_complaint_get(rq->cx, id, &c, err);
    if (rc < 0) return rc;
    json_t *v = complaint_json(&c);
    zz_complaint_clear(&c);
    return v ? zzh_reply_json(rq, status, v) : zzh_nomem(err);
}

int zzh_api_complaints_list(zzh_req *rq, zz_err *err)
{
    int64_t offset, limit, org = 0;
    int rc = zzh_page(rq, &offset, &limit, err);
    if (rc == 0) rc = zzh_query_id(rq, "organisation", &org, err);
    if (rc < 0) return rc;
    zz_complaint *v = NULL;
    size_t n = 0;
    if ((rc = zz_complaint_list(rq->cx, org, &v, &n, err)) < 0) return rc;
    json_t *items = json_array();
    for (size_t i = (size_t)offset; i < n && i < (size_t)(offset + limit); i++)
        json_array_append_new(items, complaint_json(&v[i]));
    zz_complaint_list_free(v, n);
    return zzh_reply_list(rq, items, (int64_t)n, offset, limit);
}

static const zzh_field COMPLAINT[] = {
    {"org_id", ZZH_T_INT, false, true, 0},
    {"received_on", ZZH_T_DATE, true, false, 10},
    {"complainant", ZZH_T_STRING, false, true, 600},
    {"summary", ZZH_T_STRING, true, false, 0},
    {"measures", ZZH_T_STRING, false, true, 0},
    {"closed_on", ZZH_T_DATE, false, true, 10},
    {NULL, 0, false, false, 0},
};

static zz_complaint_in complaint_in(const zzh_req *rq)
{
    zz_date none = {0, 0, 0};
    zz_complaint_in in = {
        .received_on = zzh_date_field(rq, "received_on", none),
        .complainant = zzh_str(rq, "complainant"),
        .summary = zzh_str(rq, "summary"),
        .measures = zzh_str(rq, "measures"),
        .closed_on = zzh_date_field(rq, "closed_on", none),
    };
    return in;
}

int zzh_api_complaints_record(zzh_req *rq, zz_err *err)
{
    int rc = zzh_body(rq, COMPLAINT, err);
    if (rc < 0) return rc;
    zz_complaint_in in = complaint_in(rq);
    int64_t id = 0;
    if ((rc = zz_complaint_record(rq->cx, zzh_int(rq, "org_id", 0), &in, &id, err)) < 0) return rc;
    return reply_complaint(rq, 201, id, err);
}

int zzh_api_complaints_get(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    return rc < 0 ? rc : reply_complaint(rq, 200, id, err);
}

int zzh_api_complaints_update(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc == 0) rc = zzh_body(rq, COMPLAINT, err);
    if (rc < 0) return rc;
    if (json_object_get(rq->json, "org_id"))
        return zz_err_set(err, ZZ_EINVAL, "input.unknown_field", "不接受字段 \"%s\"",
                          "unknown field \"%s\"", "org_id");
    zz_complaint_in in = complaint_in(rq);
    if ((rc = zz_complaint_update(rq->cx, id, &in, err)) < 0) return rc;
    return reply_complaint(rq, 200, id, err);
}
