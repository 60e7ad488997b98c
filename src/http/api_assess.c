/*
 * api_assess.c — the assessment stage of a case (评估, R-3.4, R-1.5, R-1.7):
 *   GET  /api/v1/cases/{id}/assessment             recommendation and degree of conformity now
 *   GET|PUT /api/v1/cases/{id}/plan                the audit plan (审核计划) {content, agreed_on}
 *   GET|POST /api/v1/cases/{id}/activities         assessment activities
 *   GET  /api/v1/cases/{id}/ratings                the ratings
 *   PUT  /api/v1/cases/{id}/ratings/{itemId}       rates one item {rating, justification}
 *   GET|POST /api/v1/cases/{id}/rectifications     rectification requests (整改)
 *   POST /api/v1/cases/{id}/rectifications/{rectId}/done   the evidence arrived
 *   GET|POST /api/v1/cases/{id}/conclusion         the team conclusion (项目审核结论)
 *   GET  /api/v1/cases/{id}/oscal/plan             OSCAL assessment-plan
 *   GET  /api/v1/cases/{id}/oscal/results          OSCAL assessment-results
 * assess.c holds every rule (R-1.5, the gates of the conclusion); visibility is zz_case_get's.
 */
#include "http/api.h"

#include <stdlib.h>
#include <string.h>

#include "zizhi/assess.h"
#include "zizhi/case.h"

static int case_id(const zzh_req *rq, int64_t *id, zz_err *err)
{
    return zzh_path_id(rq, "id", id, err);
}

int zzh_api_assess_get(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    if (rc < 0) return rc;
    zz_recommendation rec;
    zz_conformity conf;
    memset(&rec, 0, sizeof rec);
    memset(&conf, 0, sizeof conf);
    if ((rc = zz_case_assessment(rq->cx, id, &rec, &conf, err)) < 0) return rc;
    char *rt = NULL, *ct = NULL;
    if ((rc = zz_recommendation_json(&rec, &rt, err)) == 0)
        rc = zz_conformity_json(&conf, &ct, err);
    zz_recommendation_free(&rec);
    zz_conformity_free(&conf);
    json_t *r = zzh_json_take(rt), *c = zzh_json_take(ct);
    if (rc < 0 || !r || !c) {
        json_decref(r);
        json_decref(c);
        return rc < 0 ? rc : zzh_nomem(err);
    }
    return zzh_reply_json(rq, 200,
                          json_pack("{s:I, s:o, s:o}", "case_id", (json_int_t)id, "recommendation",
                                    r, "conformity", c));
}

/* ---- plan ---------------------------------------------------------------------------------- */

static int reply_plan(zzh_req *rq, int64_t id, zz_err *err)
{
    zz_audit_plan p;
    memset(&p, 0, sizeof p);
    int rc = zz_case_audit_plan(rq->cx, id, &p, err);
    if (rc < 0) return rc;
    json_t *o = json_pack("{s:I, s:b, s:o, s:o}", "case_id", (json_int_t)id, "exists", p.exists,
                          "content", zzh_jstr(p.content), "agreed_on", zzh_jstr(p.agreed_on));
    free(p.content);
    return zzh_reply_json(rq, 200, o);
}

int zzh_api_assess_plan_get(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    return rc < 0 ? rc : reply_plan(rq, id, err);
}

static const zzh_field PLAN[] = {
    {"content", ZZH_T_STRING, true, false, 200000},
    {"agreed_on", ZZH_T_DATE, false, true, 10},
    {NULL, 0, false, false, 0},
};

int zzh_api_assess_plan_put(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    if (rc == 0) rc = zzh_body(rq, PLAN, err);
    if (rc < 0) return rc;
    if ((rc = zz_case_plan(rq->cx, id, zzh_str(rq, "content"),
                           zzh_date_field(rq, "agreed_on", rq->clock.today), err)) < 0)
        return rc;
    return reply_plan(rq, id, err);
}

/* ---- activities ---------------------------------------------------------------------------- */

static json_t *activity_json(const zz_activity *a)
{
    json_t *items = json_array();
    for (size_t i = 0; i < a->n_items; i++)
        json_array_append_new(items, json_string(a->items[i]));
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:I, s:s, s:o}", "id", (json_int_t)a->id,
                     "method", a->method, "held_on", a->held_on, "participants",
                     a->participants ? a->participants : "", "evidence", zzh_jstr(a->evidence),
                     "findings", a->findings ? a->findings : "", "recorded_by",
                     (json_int_t)a->recorded_by, "recorded_by_name", a->recorded_by_name, "items",
                     items);
}

static int list_activities(zzh_req *rq, int64_t id, unsigned status, int64_t only, zz_err *err)
{
    zz_activity *a = NULL;
    size_t n = 0;
    int rc = zz_case_activities(rq->cx, id, &a, &n, err);
    if (rc < 0) return rc;
    json_t *items = json_array(), *one = NULL;
    for (size_t i = 0; i < n; i++) {
        if (only && a[i].id == only) one = activity_json(&a[i]);
        if (!only) json_array_append_new(items, activity_json(&a[i]));
    }
    zz_activities_free(a, n);
    if (only) {
        json_decref(items);
        return one ? zzh_reply_json(rq, status, one) : zzh_nomem(err);
    }
    return zzh_reply_list(rq, items, (int64_t)n, 0, (int64_t)n);
}

int zzh_api_assess_activities(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    return rc < 0 ? rc : list_activities(rq, id, 200, 0, err);
}

static const zzh_field ACTIVITY[] = {
    {"method", ZZH_T_STRING, true, false, 30},
    {"held_on", ZZH_T_DATE, false, true, 10},
    {"participants", ZZH_T_STRING, true, false, 2000},
    {"items", ZZH_T_ARRAY, true, false, 0},
    {"evidence", ZZH_T_STRING, false, true, 0},
    {"findings", ZZH_T_STRING, true, false, 0},
    {NULL, 0, false, false, 0},
};

int zzh_api_assess_activity_add(zzh_req *rq, zz_err *err)
{
    int64_t id, aid = 0;
    int rc = case_id(rq, &id, err);
    if (rc == 0) rc = zzh_body(rq, ACTIVITY, err);
    if (rc < 0) return rc;
    json_t *arr = json_object_get(rq->json, "items");
    size_t n = json_array_size(arr);
    if (n > 1000)
        return zz_err_set(err, ZZ_EINVAL, "input.too_long", "字段 \"items\" 最多 %d 项",
                          "field \"items\" holds at most %d ids", 1000);
    const char **ids = calloc(n ? n : 1, sizeof *ids);
    if (!ids) return zzh_nomem(err);
    for (size_t i = 0; i < n; i++) {
        ids[i] = json_string_value(json_array_get(arr, i));
        if (!ids[i]) {
            free(ids);
            return zz_err_set(err, ZZ_EINVAL, "input.type", "字段 \"items\" 应为字符串数组%s",
                              "field \"items\" must be an array of strings%s", "");
        }
    }
    rc = zz_case_record_activity(rq->cx, id, zzh_str(rq, "method"),
                                 zzh_date_field(rq, "held_on", rq->clock.today),
                                 zzh_str(rq, "participants"), ids, n, zzh_str(rq, "evidence"),
                                 zzh_str(rq, "findings"), &aid, err);
    free(ids);
    return rc < 0 ? rc : list_activities(rq, id, 201, aid, err);
}

/* ---- ratings ------------------------------------------------------------------------------- */

static json_t *rating_json(const zz_rating_rec *r)
{
    return json_pack("{s:s, s:s?, s:o, s:b, s:I, s:s, s:s}", "item_id", r->item_id, "rating",
                     zz_rating_code(r->rating), "justification", zzh_jstr(r->justification),
                     "rerate", r->rerate, "rated_by", (json_int_t)r->rated_by, "rated_by_name",
                     r->rated_by_name, "rated_on", r->rated_on);
}

static int list_ratings(zzh_req *rq, int64_t id, const char *only, zz_err *err)
{
    zz_rating_rec *r = NULL;
    size_t n = 0;
    int rc = zz_case_ratings(rq->cx, id, &r, &n, err);
    if (rc < 0) return rc;
    json_t *items = json_array(), *one = NULL;
    for (size_t i = 0; i < n; i++) {
        if (only && !one && strcmp(r[i].item_id, only) == 0) one = rating_json(&r[i]);
        if (!only) json_array_append_new(items, rating_json(&r[i]));
    }
    zz_rating_recs_free(r, n);
    if (only) {
        json_decref(items);
        return one ? zzh_reply_json(rq, 200, one) : zzh_nomem(err);
    }
    return zzh_reply_list(rq, items, (int64_t)n, 0, (int64_t)n);
}

int zzh_api_assess_ratings(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    return rc < 0 ? rc : list_ratings(rq, id, NULL, err);
}

static const zzh_field RATE[] = {
    {"rating", ZZH_T_STRING, true, false, 20},
    {"justification", ZZH_T_STRING, false, true, 0},
    {NULL, 0, false, false, 0},
};

int zzh_api_assess_rate(zzh_req *rq, zz_err *err)
{
    int64_t id;
    zz_rating r = ZZ_RATING_NONE;
    const char *item = zzh_param(rq, "itemId");
    int rc = case_id(rq, &id, err);
    if (rc == 0) rc = zzh_body(rq, RATE, err);
    if (rc == 0) rc = zz_rating_parse(&r, zzh_str(rq, "rating"), err);
    if (rc < 0) return rc;
    if ((rc = zz_case_rate(rq->cx, id, item, r, zzh_str(rq, "justification"), err)) < 0) return rc;
    return list_ratings(rq, id, item, err);
}

/* ---- rectifications (整改) ------------------------------------------------------------------ */

static json_t *rect_json(const zz_rectification *r)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:b}", "id", (json_int_t)r->id, "item_id",
                     r->item_id, "request", r->request ? r->request : "", "requested_on",
                     r->requested_on, "deadline", r->deadline, "resolved_on",
                     zzh_jstr(r->resolved_on), "open", r->resolved_on[0] == '\0');
}

static int list_rects(zzh_req *rq, int64_t id, unsigned status, int64_t only, zz_err *err)
{
    zz_rectification *r = NULL;
    size_t n = 0;
    int rc = zz_case_rectifications(rq->cx, id, &r, &n, err);
    if (rc < 0) return rc;
    json_t *items = json_array(), *one = NULL;
    for (size_t i = 0; i < n; i++) {
        if (only && r[i].id == only) one = rect_json(&r[i]);
        if (!only) json_array_append_new(items, rect_json(&r[i]));
    }
    zz_rectifications_free(r, n);
    if (only) {
        json_decref(items);
        return one ? zzh_reply_json(rq, status, one) : zzh_nomem(err);
    }
    return zzh_reply_list(rq, items, (int64_t)n, 0, (int64_t)n);
}

int zzh_api_assess_rectifications(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    return rc < 0 ? rc : list_rects(rq, id, 200, 0, err);
}

static const zzh_field RECT[] = {
    {"item_id", ZZH_T_STRING, true, false, 50},
    {"request", ZZH_T_STRING, true, false, 0},
    {"deadline", ZZH_T_DATE, true, false, 10},
    {NULL, 0, false, false, 0},
};

int zzh_api_assess_rectification_add(zzh_req *rq, zz_err *err)
{
    int64_t id, rid = 0;
    int rc = case_id(rq, &id, err);
    if (rc == 0) rc = zzh_body(rq, RECT, err);
    if (rc < 0) return rc;
    if ((rc = zz_case_request_rectification(
             rq->cx, id, zzh_str(rq, "item_id"), zzh_str(rq, "request"),
             zzh_date_field(rq, "deadline", rq->clock.today), &rid, err)) < 0)
        return rc;
    return list_rects(rq, id, 201, rid, err);
}

static const zzh_field DONE[] = {
    {"on", ZZH_T_DATE, false, true, 10},
    {NULL, 0, false, false, 0},
};

int zzh_api_assess_rectification_done(zzh_req *rq, zz_err *err)
{
    int64_t id, rid;
    int rc = case_id(rq, &id, err);
    if (rc == 0) rc = zzh_path_id(rq, "rectId", &rid, err);
    if (rc == 0) rc = zzh_body_opt(rq, DONE, err);
    if (rc < 0) return rc;
    if ((rc = zz_case_rectification_done(rq->cx, id, rid, zzh_date_field(rq, "on", rq->clock.today),
                                         err)) < 0)
        return rc;
    return list_rects(rq, id, 200, rid, err);
}

/* ---- conclusion (项目审核结论) ------------------------------------------------------------------
 */

static int reply_conclusion(zzh_req *rq, int64_t id, zz_err *err)
{
    zz_conclusion c;
    memset(&c, 0, sizeof c);
    int rc = zz_case_conclusion(rq->cx, id, &c, err);
    if (rc < 0) return rc;
    json_t *o = json_pack("{s:I, s:b}", "case_id", (json_int_t)id, "exists", c.exists);
    if (c.exists) {
        json_t *conf = c.conformity ? json_loads(c.conformity, 0, NULL) : NULL;
        json_object_set_new(o, "recommendation", json_string(zz_verdict_code(c.recommendation)));
        json_object_set_new(o, "conclusion", json_string(zz_verdict_code(c.conclusion)));
        json_object_set_new(o, "reason", zzh_jstr(c.reason));
        json_object_set_new(o, "assessment", conf ? conf : json_null());
        json_object_set_new(o, "decided_on", zzh_jstr(c.decided_on));
        json_object_set_new(o, "decided_by", zzh_jid(c.decided_by));
        json_object_set_new(o, "decided_by_name", zzh_jstr(c.decided_by_name));
        json_object_set_new(o, "round", json_integer(c.round));
    }
    zz_conclusion_clear(&c);
    return zzh_reply_json(rq, 200, o);
}

int zzh_api_assess_conclusion_get(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    return rc < 0 ? rc : reply_conclusion(rq, id, err);
}

static const zzh_field CONCLUDE[] = {
    {"conclusion", ZZH_T_STRING, true, false, 20},
    {"reason", ZZH_T_STRING, false, true, 0},
    {NULL, 0, false, false, 0},
};

int zzh_api_assess_conclude(zzh_req *rq, zz_err *err)
{
    int64_t id;
    zz_verdict v = ZZ_VERDICT_NOT_MET;
    int rc = case_id(rq, &id, err);
    if (rc == 0) rc = zzh_body(rq, CONCLUDE, err);
    if (rc == 0) rc = zz_verdict_parse(&v, zzh_str(rq, "conclusion"), err);
    if (rc < 0) return rc;
    if ((rc = zz_case_conclude(rq->cx, id, v, zzh_str(rq, "reason"), err)) < 0) return rc;
    return zzh_reply_case(rq, id, err);
}

/* ---- OSCAL (R-1.7) --------------------------------------------------------------------------- */

static int reply_oscal(zzh_req *rq, bool results, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    if (rc < 0) return rc;
    char *text = NULL;
    rc = results ? zz_assess_export_oscal_results(rq->cx, id, &text, err)
                 : zz_assess_export_oscal_plan(rq->cx, id, &text, err);
    if (rc < 0) return rc;
    rc = zzh_reply_text(rq, 200, "application/json; charset=utf-8", text, strlen(text));
    free(text);
    return rc < 0 ? zzh_nomem(err) : 0;
}

int zzh_api_assess_oscal_plan(zzh_req *rq, zz_err *err)
{
    return reply_oscal(rq, false, err);
}

int zzh_api_assess_oscal_results(zzh_req *rq, zz_err *err)
{
    return reply_oscal(rq, true, err);
}
