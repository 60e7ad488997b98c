/*
 * api_cases.c — the certification case (项目, SPEC section 3): reading and filtering cases, their
 * team, and the acceptance and initiation actions (受理, 立项), withdrawal and archiving:
 *   GET  /api/v1/cases                         ?stage=&state=&organisation=&from=&to= (submitted
 *                                              on, inclusive) &offset=&limit=
 *   GET  /api/v1/cases/{id}                    one case
 *   GET|POST /api/v1/cases/{id}/members        the team; assign {username, role} (manager)
 *   DELETE /api/v1/cases/{id}/members/{role}/{username}
 *   PUT  /api/v1/cases/{id}/paper              paper copy and media received
 *   PUT  /api/v1/cases/{id}/exception          accepts the legal-person exception
 *   POST /api/v1/cases/{id}/file               files the case (建档立项, R-3.1)
 *   GET|POST /api/v1/cases/{id}/review         review opinions; records one
 *   POST /api/v1/cases/{id}/supplement         the supplement arrived
 *   GET|POST /api/v1/cases/{id}/agreement      agreement, invoice and payments; drafts
 *   POST /api/v1/cases/{id}/agreement/send     sends it
 *   PUT  /api/v1/cases/{id}/agreement/effective  it took effect
 *   GET|POST /api/v1/cases/{id}/payments       payments; records one
 *   POST /api/v1/cases/{id}/assessment         starts the assessment (R-3.3 gate)
 *   POST /api/v1/cases/{id}/withdraw           withdraws
 *   POST /api/v1/cases/{id}/archive            archives a closed case
 *   GET  /api/v1/cases/{id}/cycle              the cycle clock
 * Every action answers the case after it. Gates and visibility are case.c's: a case of another
 * organisation, or one the actor is not assigned to, is 404 case.not_found.
 */
#include "http/api.h"

#include <stdlib.h>
#include <string.h>

#include "zizhi/case.h"

json_t *zzh_json_case(const zz_case *c)
{
    return json_pack("{s:I, s:s, s:I, s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:b, s:o, "
                     "s:o, s:o, s:o, s:o, s:o}",
                     "id", (json_int_t)c->id, "number", c->number, "dossier_id",
                     (json_int_t)c->dossier_id, "org_id", (json_int_t)c->org_id, "stage", c->stage,
                     "stage_name", zz_case_stage_name_zh(c->stage), "state", c->state, "state_name",
                     zz_case_state_name_zh(c->state), "submitted_on", zzh_jstr(c->submitted_on),
                     "paper_received_on", zzh_jstr(c->paper_received_on), "paper_matches",
                     c->paper_matches < 0 ? json_null() : json_boolean(c->paper_matches),
                     "package_verified", c->package_verified, "exception_accepted",
                     c->exception_accepted, "filed_on", zzh_jstr(c->filed_on), "assessment_on",
                     zzh_jstr(c->assessment_on), "approved_on", zzh_jstr(c->approved_on),
                     "batch_id", zzh_jid(c->batch_id), "closed_on", zzh_jstr(c->closed_on),
                     "close_reason", zzh_jstr(c->close_reason));
}

int zzh_reply_case(zzh_req *rq, int64_t case_id, zz_err *err)
{
    zz_case c;
    int rc = zz_case_get(rq->cx, case_id, &c, err);
    return rc < 0 ? rc : zzh_reply_json(rq, 200, zzh_json_case(&c));
}

int zzh_api_cases_list(zzh_req *rq, zz_err *err)
{
    int64_t offset, limit, org = 0;
    const char *stage = NULL, *state = NULL, *from = NULL, *to = NULL;
    int rc = zzh_page(rq, &offset, &limit, err);
    if (rc == 0) rc = zzh_query_id(rq, "organisation", &org, err);
    if (rc == 0) rc = zzh_query_text(rq, "stage", 20, &stage, err);
    if (rc == 0) rc = zzh_query_text(rq, "state", 24, &state, err);
    if (rc == 0) rc = zzh_query_date(rq, "from", &from, err);
    if (rc == 0) rc = zzh_query_date(rq, "to", &to, err);
    if (rc < 0) return rc;
    zz_case_filter f = {.stage = stage,
                        .state = state,
                        .org_id = org,
                        .from = from,
                        .to = to,
                        .offset = offset,
                        .limit = limit};
    zz_case *list = NULL;
    size_t n = 0;
    int64_t total = 0;
    if ((rc = zz_case_list(rq->cx, &f, &list, &n, &total, err)) < 0) return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, zzh_json_case(&list[i]));
    free(list);
    return zzh_reply_list(rq, items, total, offset, limit);
}

/* The {id} of a case route. */
static int case_id(const zzh_req *rq, int64_t *id, zz_err *err)
{
    return zzh_path_id(rq, "id", id, err);
}

int zzh_api_cases_get(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    return rc < 0 ? rc : zzh_reply_case(rq, id, err);
}

/* ---- team ---------------------------------------------------------------------------------- */

int zzh_api_cases_members(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    if (rc < 0) return rc;
    zz_case_member *m = NULL;
    size_t n = 0;
    if ((rc = zz_case_members(rq->cx, id, &m, &n, err)) < 0) return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s}", "user_id",
                                               (json_int_t)m[i].user_id, "username", m[i].username,
                                               "display_name", m[i].display_name, "role", m[i].role,
                                               "assigned_on", m[i].assigned_on));
    free(m);
    return zzh_reply_list(rq, items, (int64_t)n, 0, (int64_t)n);
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

static const zzh_field ASSIGN[] = {
    {"username", ZZH_T_STRING, true, false, 100},
    {"role", ZZH_T_STRING, true, false, 40},
    {NULL, 0, false, false, 0},
};

int zzh_api_cases_assign(zzh_req *rq, zz_err *err)
{
    int64_t id;
    zz_role role = ZZ_ROLE_ASSESSOR;
    int rc = case_id(rq, &id, err);
    if (rc == 0) rc = zzh_body(rq, ASSIGN, err);
    if (rc == 0) rc = parse_role(zzh_str(rq, "role"), &role, err);
    if (rc < 0) return rc;
    if ((rc = zz_case_assign(rq->cx, id, zzh_str(rq, "username"), role, err)) < 0) return rc;
    return zzh_api_cases_members(rq, err);
}

int zzh_api_cases_unassign(zzh_req *rq, zz_err *err)
{
    int64_t id;
    zz_role role = ZZ_ROLE_ASSESSOR;
    int rc = case_id(rq, &id, err);
    if (rc == 0) rc = parse_role(zzh_param(rq, "role"), &role, err);
    if (rc < 0) return rc;
    if ((rc = zz_case_unassign(rq->cx, id, zzh_param(rq, "username"), role, err)) < 0) return rc;
    return zzh_api_cases_members(rq, err);
}

/* ---- acceptance (受理) ---------------------------------------------------------------------- */

static const zzh_field PAPER[] = {
    {"received_on", ZZH_T_DATE, false, true, 10},
    {"matches", ZZH_T_BOOL, true, false, 0},
    {"courier_note", ZZH_T_STRING, false, true, 500},
    {NULL, 0, false, false, 0},
};

int zzh_api_cases_paper(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    if (rc == 0) rc = zzh_body(rq, PAPER, err);
    if (rc < 0) return rc;
    if ((rc = zz_case_receive_paper(rq->cx, id, zzh_date_field(rq, "received_on", rq->clock.today),
                                    zzh_bool(rq, "matches", false), zzh_str(rq, "courier_note"),
                                    err)) < 0)
        return rc;
    return zzh_reply_case(rq, id, err);
}

static const zzh_field NOTE[] = {
    {"note", ZZH_T_STRING, true, false, 0},
    {NULL, 0, false, false, 0},
};

int zzh_api_cases_exception(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    if (rc == 0) rc = zzh_body(rq, NOTE, err);
    if (rc < 0) return rc;
    if ((rc = zz_case_accept_exception(rq->cx, id, zzh_str(rq, "note"), err)) < 0) return rc;
    return zzh_reply_case(rq, id, err);
}

int zzh_api_cases_file(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    if (rc < 0) return rc;
    if ((rc = zz_case_file(rq->cx, id, err)) < 0) return rc;
    return zzh_reply_case(rq, id, err);
}

int zzh_api_cases_opinions(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    if (rc < 0) return rc;
    zz_case_opinion *v = NULL;
    size_t n = 0;
    if ((rc = zz_case_opinions(rq->cx, id, &v, &n, err)) < 0) return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            items, json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)v[i].id, "outcome",
                             v[i].outcome, "opinion", v[i].opinion ? v[i].opinion : "",
                             "decided_on", v[i].decided_on, "decided_by", v[i].decided_by));
    zz_case_opinions_free(v, n);
    return zzh_reply_list(rq, items, (int64_t)n, 0, (int64_t)n);
}

static const zzh_field REVIEW[] = {
    {"outcome", ZZH_T_STRING, true, false, 20},
    {"opinion", ZZH_T_STRING, true, false, 0},
    {NULL, 0, false, false, 0},
};

int zzh_api_cases_review(zzh_req *rq, zz_err *err)
{
    int64_t id;
    zz_review_outcome o = ZZ_REVIEW_ACCEPTED;
    int rc = case_id(rq, &id, err);
    if (rc == 0) rc = zzh_body(rq, REVIEW, err);
    if (rc == 0) rc = zz_review_outcome_parse(&o, zzh_str(rq, "outcome"), err);
    if (rc < 0) return rc;
    if ((rc = zz_case_review(rq->cx, id, o, zzh_str(rq, "opinion"), err)) < 0) return rc;
    return zzh_reply_case(rq, id, err);
}

int zzh_api_cases_supplement(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    if (rc < 0) return rc;
    if ((rc = zz_case_supplement_received(rq->cx, id, err)) < 0) return rc;
    return zzh_reply_case(rq, id, err);
}

/* ---- initiation (立项): agreement, invoice, payments ----------------------------------------- */

static json_t *initiation_json(int64_t id, const zz_case_initiation *x)
{
    json_t *lines = json_array(), *pays = json_array();
    for (size_t i = 0; i < x->n_lines; i++)
        json_array_append_new(lines, json_pack("{s:s, s:s, s:I, s:s}", "code", x->lines[i].code,
                                               "name", x->lines[i].name, "amount_fen",
                                               (json_int_t)x->lines[i].amount_fen, "issued_on",
                                               x->lines[i].issued_on));
    for (size_t i = 0; i < x->n_payments; i++)
        json_array_append_new(pays,
                              json_pack("{s:I, s:s, s:I, s:o}", "id", (json_int_t)x->payments[i].id,
                                        "paid_on", x->payments[i].paid_on, "amount_fen",
                                        (json_int_t)x->payments[i].amount_fen, "reference",
                                        zzh_jstr(x->payments[i].reference)));
    return json_pack("{s:I, s:b, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:I, s:I, s:b, s:o}", "case_id",
                     (json_int_t)id, "has_agreement", x->has_agreement, "template",
                     zzh_jstr(x->template_name), "drafted_on", zzh_jstr(x->drafted_on), "sent_on",
                     zzh_jstr(x->sent_on), "effective_on", zzh_jstr(x->effective_on),
                     "invoice_lines", lines, "invoice_total_fen", (json_int_t)x->invoice_total_fen,
                     "payments", pays, "paid_fen", (json_int_t)x->paid_fen, "outstanding_fen",
                     (json_int_t)x->outstanding_fen, "paid", x->paid, "paid_on",
                     zzh_jstr(x->paid_on));
}

static int reply_initiation(zzh_req *rq, unsigned status, int64_t id, zz_err *err)
{
    zz_case_initiation x;
    memset(&x, 0, sizeof x);
    int rc = zz_case_initiation_get(rq->cx, id, &x, err);
    if (rc < 0) return rc;
    json_t *v = initiation_json(id, &x);
    zz_case_initiation_free(&x);
    return zzh_reply_json(rq, status, v);
}

int zzh_api_cases_agreement_get(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    return rc < 0 ? rc : reply_initiation(rq, 200, id, err);
}

int zzh_api_cases_agreement_draft(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    if (rc < 0) return rc;
    if ((rc = zz_case_draft_agreement(rq->cx, id, err)) < 0) return rc;
    return zzh_reply_case(rq, id, err);
}

int zzh_api_cases_agreement_send(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    if (rc < 0) return rc;
    if ((rc = zz_case_send_agreement(rq->cx, id, err)) < 0) return rc;
    return zzh_reply_case(rq, id, err);
}

static const zzh_field EFFECTIVE[] = {
    {"effective_on", ZZH_T_DATE, false, true, 10},
    {NULL, 0, false, false, 0},
};

int zzh_api_cases_agreement_effective(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    if (rc == 0) rc = zzh_body_opt(rq, EFFECTIVE, err);
    if (rc < 0) return rc;
    if ((rc = zz_case_agreement_effective(
             rq->cx, id, zzh_date_field(rq, "effective_on", rq->clock.today), err)) < 0)
        return rc;
    return zzh_reply_case(rq, id, err);
}

int zzh_api_cases_payments(zzh_req *rq, zz_err *err)
{
    return zzh_api_cases_agreement_get(rq, err);
}

static const zzh_field PAYMENT[] = {
    {"amount_fen", ZZH_T_INT, true, false, 0},
    {"paid_on", ZZH_T_DATE, false, true, 10},
    {"reference", ZZH_T_STRING, false, true, 100},
    {NULL, 0, false, false, 0},
};

int zzh_api_cases_payment_add(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    if (rc == 0) rc = zzh_body(rq, PAYMENT, err);
    if (rc < 0) return rc;
    if ((rc = zz_case_record_payment(rq->cx, id, zzh_int(rq, "amount_fen", 0),
                                     zzh_date_field(rq, "paid_on", rq->clock.today),
                                     zzh_str(rq, "reference"), err)) < 0)
        return rc;
    return reply_initiation(rq, 201, id, err);
}

int zzh_api_cases_start_assessment(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    if (rc < 0) return rc;
    if ((rc = zz_case_start_assessment(rq->cx, id, err)) < 0) return rc;
    return zzh_reply_case(rq, id, err);
}

/* ---- withdrawal, archive, cycle -------------------------------------------------------------- */

static const zzh_field REASON[] = {
    {"reason", ZZH_T_STRING, true, false, 0},
    {NULL, 0, false, false, 0},
};

int zzh_api_cases_withdraw(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    if (rc == 0) rc = zzh_body(rq, REASON, err);
    if (rc < 0) return rc;
    if ((rc = zz_case_withdraw(rq->cx, id, zzh_str(rq, "reason"), err)) < 0) return rc;
    return zzh_reply_case(rq, id, err);
}

int zzh_api_cases_archive(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    if (rc < 0) return rc;
    if ((rc = zz_case_archive(rq->cx, id, err)) < 0) return rc;
    return zzh_reply_case(rq, id, err);
}

static json_t *jdate(zz_date d)
{
    char b[ZZ_DATE_STRLEN];
    return d.year ? json_string(zz_date_format(d, b)) : json_null();
}

int zzh_api_cases_cycle(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = case_id(rq, &id, err);
    if (rc < 0) return rc;
    zz_case_cycle_info ci;
    memset(&ci, 0, sizeof ci);
    if ((rc = zz_case_cycle(rq->cx, id, &ci, err)) < 0) return rc;
    json_t *pauses = json_array();
    for (size_t i = 0; i < ci.n_pauses; i++) {
        const zz_pause *p = &ci.pauses[i];
        json_array_append_new(
            pauses,
            json_pack("{s:s?, s:s?, s:o, s:o, s:b}", "cause", zz_pause_cause_code(p->cause),
                      "cause_name", zz_pause_cause_name_zh(p->cause), "start", jdate(p->start),
                      "end", p->open ? json_null() : jdate(p->end), "open", p->open));
    }
    const zz_cycle *c = &ci.clock;
    json_t *o = json_pack("{s:I, s:b, s:o}", "case_id", (json_int_t)id, "started", ci.started,
                          "pauses", pauses);
    if (ci.started) {
        json_object_set_new(o, "stop", jdate(c->stop));
        json_object_set_new(o, "deadline", jdate(c->deadline));
        json_object_set_new(o, "days_elapsed", json_integer(c->days_elapsed));
        json_object_set_new(o, "days_paused", json_integer(c->days_paused));
        json_object_set_new(o, "days_used", json_integer(c->days_used));
        json_object_set_new(o, "days_allowed", json_integer(c->days_allowed));
        json_object_set_new(o, "days_left", json_integer(c->days_left));
        json_object_set_new(o, "used_bp", json_integer(c->used_bp));
        json_object_set_new(o, "warn_80", json_boolean(c->warn_80));
        json_object_set_new(o, "over_100", json_boolean(c->over_100));
        json_object_set_new(o, "overdue", json_boolean(c->overdue));
        json_object_set_new(o, "paused_now", json_boolean(c->paused_now));
        json_object_set_new(o, "ended", json_boolean(c->ended));
    }
    zz_case_cycle_free(&ci);
    return zzh_reply_json(rq, 200, o);
}
