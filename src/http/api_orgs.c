/*
 * api_orgs.c — applicant organisations (申请单位), their people (人员) and service projects
 * (服务项目), the data checks (数据核查, R-1.3) and the personal-data export:
 *   GET  /api/v1/organisations                      list visible (?q=&offset=&limit=)
 *   POST /api/v1/organisations                      create (sys_admin), optionally with its first
 *                                                   account
 *   GET  /api/v1/organisations/{id}                 one
 *   PUT  /api/v1/organisations/{id}                 replace its record
 *   GET  /api/v1/organisations/{id}/checks          checks (?date=&category=&level=)
 *   GET  /api/v1/organisations/{id}/personal-data   export (its applicant_admin)
 *   GET|POST /api/v1/organisations/{id}/people      (+ /{personId}: GET, PUT, PUT /active)
 *   GET|POST /api/v1/organisations/{id}/projects    (+ /{projectId}: GET, PUT)
 * Who sees what is zz_org_access (org.h): another organisation is 404 org.not_found.
 */
#include "http/api.h"

#include <stdlib.h>
#include <string.h>

#include "zizhi/checks.h"
#include "zizhi/org.h"

static int reply_org(zzh_req *rq, unsigned status, int64_t id, zz_err *err)
{
    zz_org *o = NULL;
    int rc = zz_org_get(rq->cx, id, &o, err);
    if (rc < 0) return rc;
    char *text = NULL;
    rc = zz_org_to_json(o, &text, err);
    zz_org_free(o);
    return rc < 0 ? rc : zzh_reply_text_json(rq, status, text, err);
}

int zzh_api_orgs_list(zzh_req *rq, zz_err *err)
{
    int64_t offset, limit;
    const char *q = NULL;
    int rc = zzh_page(rq, &offset, &limit, err);
    if (rc == 0) rc = zzh_query_text(rq, "q", 200, &q, err);
    if (rc < 0) return rc;
    zz_org_page page = {.offset = (size_t)offset, .limit = (size_t)limit, .query = q};
    zz_org *list = NULL;
    size_t n = 0, total = 0;
    if ((rc = zz_org_list(rq->cx, &page, &list, &n, &total, err)) < 0) return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        char *text = NULL;
        if (zz_org_to_json(&list[i], &text, NULL) == 0)
            json_array_append_new(items, zzh_json_take(text));
    }
    zz_org_list_free(list, n);
    return zzh_reply_list(rq, items, (int64_t)total, offset, limit);
}

static const zzh_field ADMIN_FIELDS[] = {
    {"username", ZZH_T_STRING, true, false, 64},
    {"display_name", ZZH_T_STRING, true, false, 100},
    {"email", ZZH_T_STRING, false, true, 200},
    {"password", ZZH_T_STRING, false, true, ZZ_PW_MAX_BYTES},
    {NULL, 0, false, false, 0},
};

#define ORG_FIELDS                                                                                 \
    {"name", ZZH_T_STRING, true, false, 600}, {"uscc", ZZH_T_STRING, true, false, 64},             \
        {"legal_person", ZZH_T_BOOL, false, true, 0},                                              \
        {"exception_reason", ZZH_T_STRING, false, true, 0},                                        \
        {"exception_evidence", ZZH_T_STRING, false, true, 64},                                     \
        {"address", ZZH_T_STRING, false, true, 600},                                               \
        {"contact_name", ZZH_T_STRING, false, true, 300},                                          \
        {"contact_phone", ZZH_T_STRING, false, true, 100},                                         \
    {                                                                                              \
        "email", ZZH_T_STRING, true, false, 200                                                    \
    }

static const zzh_field NEW_ORG[] = {
    ORG_FIELDS,
    {"first_admin", ZZH_T_OBJECT, false, true, 0},
    {NULL, 0, false, false, 0},
};
static const zzh_field ORG[] = {
    ORG_FIELDS,
    {NULL, 0, false, false, 0},
};

static zz_org_in org_in(const zzh_req *rq)
{
    zz_org_in in = {
        .name = zzh_str(rq, "name"),
        .uscc = zzh_str(rq, "uscc"),
        .legal_person = zzh_bool(rq, "legal_person", true),
        .exception_reason = zzh_str(rq, "exception_reason"),
        .exception_evidence = zzh_str(rq, "exception_evidence"),
        .address = zzh_str(rq, "address"),
        .contact_name = zzh_str(rq, "contact_name"),
        .contact_phone = zzh_str(rq, "contact_phone"),
        .email = zzh_str(rq, "email"),
    };
    return in;
}

int zzh_api_orgs_create(zzh_req *rq, zz_err *err)
{
    int rc = zzh_body(rq, NEW_ORG, err);
    if (rc < 0) return rc;
    json_t *fa = json_object_get(rq->json, "first_admin");
    zz_user_new admin = {0};
    bool with_admin = json_is_object(fa);
    if (with_admin) {
        if ((rc = zzh_json_check(fa, ADMIN_FIELDS, "first_admin.", err)) < 0) return rc;
        admin.username = json_string_value(json_object_get(fa, "username"));
        admin.display_name = json_string_value(json_object_get(fa, "display_name"));
        admin.email = json_string_value(json_object_get(fa, "email"));
        admin.password = json_string_value(json_object_get(fa, "password"));
    }
    zz_org_in in = org_in(rq);
    int64_t id = 0, admin_id = 0;
    if ((rc = zz_org_create(rq->cx, &in, with_admin ? &admin : NULL, &id, &admin_id, err)) < 0)
        return rc;
    return reply_org(rq, 201, id, err);
}

int zzh_api_orgs_get(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    return rc < 0 ? rc : reply_org(rq, 200, id, err);
}

int zzh_api_orgs_update(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc == 0) rc = zzh_body(rq, ORG, err);
    if (rc < 0) return rc;
    zz_org_in in = org_in(rq);
    if ((rc = zz_org_update(rq->cx, id, &in, err)) < 0) return rc;
    return reply_org(rq, 200, id, err);
}

/* GET /api/v1/organisations/{id}/checks?date=&category=&level= (R-1.3, on the date given, today
 * by default: the submission date when submitting now). */
int zzh_api_orgs_checks(zzh_req *rq, zz_err *err)
{
    int64_t id;
    const char *date = NULL, *category = NULL;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc == 0) rc = zzh_query_date(rq, "date", &date, err);
    if (rc == 0) rc = zzh_query_text(rq, "category", 64, &category, err);
    if (rc < 0) return rc;
    const char *ls = zzh_query(rq, "level");
    int level = 1;
    if (ls) {
        if (!(ls[0] >= '1' && ls[0] <= '5' && ls[1] == '\0'))
            return zz_err_set(err, ZZ_EINVAL, "input.query",
                              "查询参数 \"level\" 无效：应为 1 到 5 的级别%s",
                              "query parameter \"level\" is invalid: expected a level 1..5%s", "");
        level = ls[0] - '0';
    }
    zz_date on = rq->clock.today;
    if (date) zz_date_parse(&on, date, NULL);
    const zz_catalog *cat = NULL;
    if ((rc = zz_ctx_catalog_for(rq->cx, category ? category : "ai-security", level, &cat, err)) <
        0)
        return rc;
    zz_check_result *res = NULL;
    size_t n = 0;
    if ((rc = zz_checks_eval(rq->cx, id, cat, on, &res, &n, err)) < 0) return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        const zz_check_result *r = &res[i];
        json_array_append_new(items,
                              json_pack("{s:s, s:s, s:b, s:s, s:s, s:I, s:I, s:s, s:s}",
                                        "requirement", r->req_id, "check", r->check, "pass",
                                        r->pass, "code", r->code, "rule", r->rule, "required",
                                        (json_int_t)r->required, "found", (json_int_t)r->found,
                                        "message", r->message_zh, "message_en", r->message_en));
    }
    size_t failed = zz_checks_failed(res, n);
    zz_checks_free(res);
    char d[ZZ_DATE_STRLEN];
    return zzh_reply_json(rq, 200,
                          json_pack("{s:I, s:s, s:s, s:s, s:b, s:I, s:o}", "organisation",
                                    (json_int_t)id, "catalog", cat->id, "catalog_version",
                                    cat->version, "date", zz_date_format(on, d), "pass",
                                    failed == 0, "failed", (json_int_t)failed, "items", items));
}

int zzh_api_orgs_personal_data(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc < 0) return rc;
    char *text = NULL;
    if ((rc = zz_org_export_personal(rq->cx, id, &text, err)) < 0) return rc;
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(text);
        return zzh_nomem(err);
    }
    rq->bytes = strlen(text);
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    char cd[96];
    snprintf(cd, sizeof cd, "attachment; filename=\"personal-data-%lld.json\"", (long long)id);
    MHD_add_response_header(resp, "Content-Disposition", cd);
    return zzh_queue(rq, 200, resp) < 0 ? zzh_nomem(err) : 0;
}

/* ---- people -------------------------------------------------------------------------------- */

static const zzh_field PERSON[] = {
    {"name", ZZH_T_STRING, true, false, 300},
    {"employment", ZZH_T_STRING, true, false, 20},
    {"ai_security", ZZH_T_BOOL, false, true, 0},
    {"position", ZZH_T_STRING, false, true, 300},
    {"cisp_number", ZZH_T_STRING, false, true, 100},
    {"cisp_valid_from", ZZH_T_DATE, false, true, 10},
    {"cisp_valid_until", ZZH_T_DATE, false, true, 10},
    {"nda_signed_on", ZZH_T_DATE, false, true, 10},
    {NULL, 0, false, false, 0},
};

static int person_in(const zzh_req *rq, zz_person_in *in, zz_err *err)
{
    int e = zz_employment_parse(zzh_str(rq, "employment"));
    if (e < 0)
        return zz_err_set(err, ZZ_EINVAL, "input.employment",
                          "用工形式无效（应为 full_time 专职、part_time 兼职或 contractor 外聘）%s",
                          "invalid employment (full_time, part_time or contractor)%s", "");
    zz_person_in p = {
        .name = zzh_str(rq, "name"),
        .employment = (zz_employment)e,
        .ai_security = zzh_bool(rq, "ai_security", false),
        .position = zzh_str(rq, "position"),
        .cisp_number = zzh_str(rq, "cisp_number"),
        .cisp_valid_from = zzh_date_field(rq, "cisp_valid_from", ZZ_NO_DATE),
        .cisp_valid_until = zzh_date_field(rq, "cisp_valid_until", ZZ_NO_DATE),
        .nda_signed_on = zzh_date_field(rq, "nda_signed_on", ZZ_NO_DATE),
    };
    *in = p;
    return 0;
}

static int reply_person(zzh_req *rq, unsigned status, int64_t id, zz_err *err)
{
    zz_person *p = NULL;
    int rc = zz_person_get(rq->cx, id, &p, err);
    if (rc < 0) return rc;
    char *text = NULL;
    rc = zz_person_to_json(p, &text, err);
    zz_person_free(p);
    return rc < 0 ? rc : zzh_reply_text_json(rq, status, text, err);
}

/* The {personId} of organisation {id}: another organisation's person is not found here. */
static int person_of(zzh_req *rq, int64_t *pid, zz_err *err)
{
    int64_t oid;
    int rc = zzh_path_id(rq, "id", &oid, err);
    if (rc == 0) rc = zzh_path_id(rq, "personId", pid, err);
    if (rc < 0) return rc;
    zz_person *p = NULL;
    if ((rc = zz_person_get(rq->cx, *pid, &p, err)) < 0) return rc;
    bool same = p->org_id == oid;
    zz_person_free(p);
    if (!same)
        return zz_err_set(err, ZZ_ENOTFOUND, "person.not_found", "单位 %lld 没有人员 %lld",
                          "organisation %lld has no person %lld", (long long)oid, (long long)*pid);
    return 0;
}

int zzh_api_people_list(zzh_req *rq, zz_err *err)
{
    int64_t id;
    bool inactive = false;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc == 0) rc = zzh_query_bool(rq, "include_inactive", false, &inactive, err);
    if (rc < 0) return rc;
    zz_person *list = NULL;
    size_t n = 0;
    if ((rc = zz_person_list(rq->cx, id, inactive, &list, &n, err)) < 0) return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        char *text = NULL;
        if (zz_person_to_json(&list[i], &text, NULL) == 0)
            json_array_append_new(items, zzh_json_take(text));
    }
    zz_person_list_free(list, n);
    return zzh_reply_list(rq, items, (int64_t)n, 0, (int64_t)n);
}

int zzh_api_people_add(zzh_req *rq, zz_err *err)
{
    int64_t oid, pid = 0;
    zz_person_in in;
    int rc = zzh_path_id(rq, "id", &oid, err);
    if (rc == 0) rc = zzh_body(rq, PERSON, err);
    if (rc == 0) rc = person_in(rq, &in, err);
    if (rc < 0) return rc;
    if ((rc = zz_person_add(rq->cx, oid, &in, &pid, err)) < 0) return rc;
    return reply_person(rq, 201, pid, err);
}

int zzh_api_people_get(zzh_req *rq, zz_err *err)
{
    int64_t pid;
    int rc = person_of(rq, &pid, err);
    return rc < 0 ? rc : reply_person(rq, 200, pid, err);
}

int zzh_api_people_update(zzh_req *rq, zz_err *err)
{
    int64_t pid;
    zz_person_in in;
    int rc = zzh_body(rq, PERSON, err);
    if (rc == 0) rc = person_in(rq, &in, err);
    if (rc == 0) rc = person_of(rq, &pid, err);
    if (rc < 0) return rc;
    if ((rc = zz_person_update(rq->cx, pid, &in, err)) < 0) return rc;
    return reply_person(rq, 200, pid, err);
}

static const zzh_field ACTIVE[] = {
    {"active", ZZH_T_BOOL, true, false, 0},
    {NULL, 0, false, false, 0},
};

int zzh_api_people_active(zzh_req *rq, zz_err *err)
{
    int64_t pid;
    int rc = zzh_body(rq, ACTIVE, err);
    if (rc == 0) rc = person_of(rq, &pid, err);
    if (rc < 0) return rc;
    if ((rc = zz_person_set_active(rq->cx, pid, zzh_bool(rq, "active", true), err)) < 0) return rc;
    return reply_person(rq, 200, pid, err);
}

/* ---- projects ------------------------------------------------------------------------------ */

static const zzh_field PROJECT[] = {
    {"name", ZZH_T_STRING, true, false, 600},      {"client", ZZH_T_STRING, false, true, 600},
    {"ai_security", ZZH_T_BOOL, false, true, 0},   {"started_on", ZZH_T_DATE, false, true, 10},
    {"completed_on", ZZH_T_DATE, false, true, 10}, {"acceptance", ZZH_T_STRING, false, true, 20},
    {"accepted_on", ZZH_T_DATE, false, true, 10},  {NULL, 0, false, false, 0},
};

static int project_in(const zzh_req *rq, zz_project_in *in, zz_err *err)
{
    const char *a = zzh_str(rq, "acceptance");
    int acc = a ? zz_acceptance_parse(a) : ZZ_ACCEPT_PENDING;
    if (acc < 0)
        return zz_err_set(err, ZZ_EINVAL, "input.acceptance",
                          "验收状态无效（应为 pending、passed 或 failed）%s",
                          "invalid acceptance (pending, passed or failed)%s", "");
    zz_project_in p = {
        .name = zzh_str(rq, "name"),
        .client = zzh_str(rq, "client"),
        .ai_security = zzh_bool(rq, "ai_security", false),
        .started_on = zzh_date_field(rq, "started_on", ZZ_NO_DATE),
        .completed_on = zzh_date_field(rq, "completed_on", ZZ_NO_DATE),
        .acceptance = (zz_acceptance)acc,
        .accepted_on = zzh_date_field(rq, "accepted_on", ZZ_NO_DATE),
    };
    *in = p;
    return 0;
}

static int reply_project(zzh_req *rq, unsigned status, int64_t id, zz_err *err)
{
    zz_project *p = NULL;
    int rc = zz_project_get(rq->cx, id, &p, err);
    if (rc < 0) return rc;
    char *text = NULL;
    rc = zz_project_to_json(p, &text, err);
    zz_project_free(p);
    return rc < 0 ? rc : zzh_reply_text_json(rq, status, text, err);
}

static int project_of(zzh_req *rq, int64_t *pid, zz_err *err)
{
    int64_t oid;
    int rc = zzh_path_id(rq, "id", &oid, err);
    if (rc == 0) rc = zzh_path_id(rq, "projectId", pid, err);
    if (rc < 0) return rc;
    zz_project *p = NULL;
    if ((rc = zz_project_get(rq->cx, *pid, &p, err)) < 0) return rc;
    bool same = p->org_id == oid;
    zz_project_free(p);
    if (!same)
        return zz_err_set(err, ZZ_ENOTFOUND, "project.not_found", "单位 %lld 没有项目 %lld",
                          "organisation %lld has no project %lld", (long long)oid, (long long)*pid);
    return 0;
}

int zzh_api_projects_list(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc < 0) return rc;
    zz_project *list = NULL;
    size_t n = 0;
    if ((rc = zz_project_list(rq->cx, id, &list, &n, err)) < 0) return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        char *text = NULL;
        if (zz_project_to_json(&list[i], &text, NULL) == 0)
            json_array_append_new(items, zzh_json_take(text));
    }
    zz_project_list_free(list, n);
    return zzh_reply_list(rq, items, (int64_t)n, 0, (int64_t)n);
}

int zzh_api_projects_add(zzh_req *rq, zz_err *err)
{
    int64_t oid, pid = 0;
    zz_project_in in;
    int rc = zzh_path_id(rq, "id", &oid, err);
    if (rc == 0) rc = zzh_body(rq, PROJECT, err);
    if (rc == 0) rc = project_in(rq, &in, err);
    if (rc < 0) return rc;
    if ((rc = zz_project_add(rq->cx, oid, &in, &pid, err)) < 0) return rc;
    return reply_project(rq, 201, pid, err);
}

int zzh_api_projects_get(zzh_req *rq, zz_err *err)
{
    int64_t pid;
    int rc = project_of(rq, &pid, err);
    return rc < 0 ? rc : reply_project(rq, 200, pid, err);
}

int zzh_api_projects_update(zzh_req *rq, zz_err *err)
{
    int64_t pid;
    zz_project_in in;
    int rc = zzh_body(rq, PROJECT, err);
    if (rc == 0) rc = project_in(rq, &in, err);
    if (rc == 0) rc = project_of(rq, &pid, err);
    if (rc < 0) return rc;
    if ((rc = zz_project_update(rq->cx, pid, &in, err)) < 0) return rc;
    return reply_project(rq, 200, pid, err);
}
