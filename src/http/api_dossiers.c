/*
 * api_dossiers.c — application preparation (申请准备, SPEC section 2):
 *   GET  /api/v1/dossiers                        list visible
 * (?organisation=&status=&offset=&limit=) POST /api/v1/dossiers                        create a
 * draft {category, level, org_id?} GET  /api/v1/dossiers/{id}                   one, with its form
 *   GET|PUT /api/v1/dossiers/{id}/form           the form data (申请书) {"form": {...}}
 *   GET  /api/v1/dossiers/{id}/answers           the self-assessment
 *   PUT  /api/v1/dossiers/{id}/answers/{reqId}   one self-rating {rating, statement}
 *   GET  /api/v1/dossiers/{id}/check             the completeness report
 *   PUT  /api/v1/dossiers/{id}/stamped-scan      the stamped form's scan, multipart upload
 *   PUT  /api/v1/dossiers/{id}/bound             declares the paper copy bound
 *   PUT  /api/v1/dossiers/{id}/courier           courier and tracking number
 *   POST /api/v1/dossiers/{id}/package           builds the electronic package
 *   GET  /api/v1/dossiers/{id}/package           downloads it (zip)
 *   GET  /api/v1/dossiers/{id}/package/verification  verifies it
 *   POST /api/v1/dossiers/{id}/submit            submits: the case is created
 *   POST /api/v1/dossiers/{id}/rebind            moves a draft to the current catalogue
 * Visibility and every rule are dossier.c's: another organisation's dossier is 404
 * dossier.not_found.
 */
#include "http/api.h"

#include <stdlib.h>
#include <string.h>

#include "zizhi/case.h"
#include "zizhi/dossier.h"

static int reply_dossier(zzh_req *rq, unsigned status, int64_t id, zz_err *err)
{
    zz_dossier *d = NULL;
    int rc = zz_dossier_get(rq->cx, id, &d, err);
    if (rc < 0) return rc;
    char *text = NULL;
    rc = zz_dossier_json(&text, d, err);
    zz_dossier_free(d);
    return rc < 0 ? rc : zzh_reply_text_json(rq, status, text, err);
}

int zzh_api_dossiers_list(zzh_req *rq, zz_err *err)
{
    int64_t offset, limit, org = 0;
    const char *status = NULL;
    int rc = zzh_page(rq, &offset, &limit, err);
    if (rc == 0) rc = zzh_query_id(rq, "organisation", &org, err);
    if (rc == 0) rc = zzh_query_text(rq, "status", 20, &status, err);
    if (rc < 0) return rc;
    zz_dossier_filter f = {.org_id = org, .status = status, .offset = offset, .limit = limit};
    zz_dossier *list = NULL;
    size_t n = 0;
    int64_t total = 0;
    if ((rc = zz_dossier_list(rq->cx, &f, &list, &n, &total, err)) < 0) return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        char *text = NULL;
        if (zz_dossier_json(&text, &list[i], NULL) == 0)
            json_array_append_new(items, zzh_json_take(text));
    }
    zz_dossier_list_free(list, n);
    return zzh_reply_list(rq, items, total, offset, limit);
}

static const zzh_field NEW_DOSSIER[] = {
    {"category", ZZH_T_STRING, true, false, 50},
    {"level", ZZH_T_INT, true, false, 0},
    {"org_id", ZZH_T_INT, false, true, 0},
    {NULL, 0, false, false, 0},
};

int zzh_api_dossiers_create(zzh_req *rq, zz_err *err)
{
    int rc = zzh_body(rq, NEW_DOSSIER, err);
    if (rc < 0) return rc;
    int64_t level = zzh_int(rq, "level", 0), id = 0;
    if (level < 1 || level > 5)
        return zz_err_set(err, ZZ_EINVAL, "input.level", "级别应为 1 到 5%s",
                          "the level must be 1 to 5%s", "");
    if ((rc = zz_dossier_create(rq->cx, zzh_int(rq, "org_id", 0), zzh_str(rq, "category"),
                                (int)level, &id, err)) < 0)
        return rc;
    return reply_dossier(rq, 201, id, err);
}

int zzh_api_dossiers_get(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    return rc < 0 ? rc : reply_dossier(rq, 200, id, err);
}

static int reply_form(zzh_req *rq, int64_t id, zz_err *err)
{
    zz_dossier *d = NULL;
    int rc = zz_dossier_get(rq->cx, id, &d, err);
    if (rc < 0) return rc;
    json_t *form = d->form_json ? json_loads(d->form_json, 0, NULL) : NULL;
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:o}", "dossier_id", (json_int_t)id, "catalog_id", d->catalog_id,
                  "status", d->status, "form", json_is_object(form) ? form : json_object());
    if (form && !json_is_object(form)) json_decref(form);
    zz_dossier_free(d);
    return zzh_reply_json(rq, 200, o);
}

int zzh_api_dossiers_form_get(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    return rc < 0 ? rc : reply_form(rq, id, err);
}

static const zzh_field FORM[] = {
    {"form", ZZH_T_OBJECT, true, false, 0},
    {NULL, 0, false, false, 0},
};

int zzh_api_dossiers_form_put(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc == 0) rc = zzh_body(rq, FORM, err);
    if (rc < 0) return rc;
    char *text = json_dumps(json_object_get(rq->json, "form"), JSON_COMPACT);
    if (!text) return zzh_nomem(err);
    rc = zz_dossier_set_form(rq->cx, id, text, err); /* form.h checks the fields */
    free(text);
    return rc < 0 ? rc : reply_form(rq, id, err);
}

static json_t *answer_json(const zz_dossier_answer_row *a)
{
    return json_pack("{s:s, s:s, s:o, s:I}", "req_id", a->req_id, "rating", a->self_rating,
                     "statement", zzh_jstr(a->statement), "updated_usec",
                     (json_int_t)a->updated_usec);
}

int zzh_api_dossiers_answers(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc < 0) return rc;
    zz_dossier_answer_row *rows = NULL;
    size_t n = 0;
    if ((rc = zz_dossier_answers(rq->cx, id, &rows, &n, err)) < 0) return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, answer_json(&rows[i]));
    zz_dossier_answers_free(rows, n);
    return zzh_reply_list(rq, items, (int64_t)n, 0, (int64_t)n);
}

static const zzh_field ANSWER[] = {
    {"rating", ZZH_T_STRING, true, false, 20},
    {"statement", ZZH_T_STRING, false, true, 4 * ZZ_DOSSIER_STATEMENT_MAX},
    {NULL, 0, false, false, 0},
};

int zzh_api_dossiers_answer_put(zzh_req *rq, zz_err *err)
{
    int64_t id;
    zz_self_rating r = ZZ_SELF_CONFORMS;
    const char *req = zzh_param(rq, "reqId");
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc == 0) rc = zzh_body(rq, ANSWER, err);
    if (rc == 0) rc = zz_self_rating_parse(&r, zzh_str(rq, "rating"), err);
    if (rc < 0) return rc;
    if ((rc = zz_dossier_answer(rq->cx, id, req, r, zzh_str(rq, "statement"), err)) < 0) return rc;
    zz_dossier_answer_row *rows = NULL;
    size_t n = 0;
    if ((rc = zz_dossier_answers(rq->cx, id, &rows, &n, err)) < 0) return rc;
    json_t *v = NULL;
    for (size_t i = 0; i < n && !v; i++)
        if (strcmp(rows[i].req_id, req) == 0) v = answer_json(&rows[i]);
    zz_dossier_answers_free(rows, n);
    if (!v) return zzh_nomem(err);
    return zzh_reply_json(rq, 200, v);
}

int zzh_api_dossiers_check(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc < 0) return rc;
    zz_finding *f = NULL;
    size_t n = 0;
    if ((rc = zz_dossier_check(rq->cx, id, &f, &n, err)) < 0) return rc;
    char *text = NULL;
    rc = zz_dossier_findings_json(&text, id, rq->clock.today, f, n, err);
    free(f);
    return rc < 0 ? rc : zzh_reply_text_json(rq, 200, text, err);
}

/* The upload routes (evidence, stamped scan) are all under /dossiers/{id}: the dossier must be
 * visible before its body is read, so that nothing is stored for a dossier of another
 * organisation. Which fields each form takes is said here too. */
int zzh_api_upload_precheck(zzh_req *rq, zz_err *err)
{
    static const char *const EVIDENCE_FIELDS[] = {"reqs", NULL};
    static const char *const NO_FIELDS[] = {NULL};
    if (rq->route->fn == zzh_api_pubdoc_publish) return zzh_api_pubdoc_precheck(rq, err);
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc < 0) return rc;
    zz_dossier *d = NULL;
    if ((rc = zz_dossier_get(rq->cx, id, &d, err)) < 0) return rc;
    zz_dossier_free(d);
    zzh_upload_expect(rq, "file",
                      rq->route->fn == zzh_api_evidence_upload ? EVIDENCE_FIELDS : NO_FIELDS);
    return 0;
}

int zzh_api_dossiers_stamped_scan(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc < 0) return rc;
    const zzh_upload_file *f = zzh_upload_result(rq);
    if (!f) /* zzh_upload_finish refuses an upload without a file before this runs */
        return zz_err_set(err, ZZ_EINVAL, "input.missing_field",
                          "缺少上传的文件（表单字段 \"%s\"）",
                          "missing the uploaded file (form field \"%s\")", "file");
    if ((rc = zz_dossier_set_stamped_scan(rq->cx, id, f->digest, err)) < 0) return rc;
    return reply_dossier(rq, 200, id, err);
}

int zzh_api_dossiers_bound(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc < 0) return rc;
    if ((rc = zz_dossier_declare_bound(rq->cx, id, err)) < 0) return rc;
    return reply_dossier(rq, 200, id, err);
}

static const zzh_field COURIER[] = {
    {"courier", ZZH_T_STRING, true, false, 100},
    {"tracking_no", ZZH_T_STRING, true, false, 100},
    {NULL, 0, false, false, 0},
};

int zzh_api_dossiers_courier(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc == 0) rc = zzh_body(rq, COURIER, err);
    if (rc < 0) return rc;
    if ((rc = zz_dossier_set_courier(rq->cx, id, zzh_str(rq, "courier"), zzh_str(rq, "tracking_no"),
                                     err)) < 0)
        return rc;
    return reply_dossier(rq, 200, id, err);
}

int zzh_api_dossiers_package_build(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc < 0) return rc;
    char digest[ZZ_SM3_HEXLEN + 1];
    if ((rc = zz_dossier_build_package(rq->cx, id, NULL, digest, err)) < 0) return rc;
    return reply_dossier(rq, 200, id, err);
}

int zzh_api_dossiers_package_get(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc < 0) return rc;
    zz_dossier *d = NULL;
    if ((rc = zz_dossier_get(rq->cx, id, &d, err)) < 0) return rc;
    char digest[65], name[64];
    snprintf(digest, sizeof digest, "%s", d->package_digest);
    snprintf(name, sizeof name, "dossier-%lld-package.zip", (long long)id);
    zz_dossier_free(d);
    if (!digest[0])
        return zz_err_rule(err, ZZ_ENOTFOUND, "package.missing", "R-2.5",
                           "申请 %lld 还没有生成电子材料包", "dossier %lld has no package yet",
                           (long long)id);
    return zzh_reply_blob(rq, digest, "application/zip", name, err);
}

int zzh_api_dossiers_package_verify(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc < 0) return rc;
    bool ok = false;
    zz_err why = ZZ_ERR_INIT;
    if ((rc = zz_dossier_package_verify(rq->cx, id, &ok, &why)) < 0) {
        *err = why;
        return rc;
    }
    json_t *o = json_pack("{s:I, s:b}", "dossier_id", (json_int_t)id, "ok", ok);
    if (!ok) {
        json_object_set_new(o, "code", json_string(why.code));
        json_object_set_new(o, "message", json_string(why.message_zh));
        json_object_set_new(o, "message_en", json_string(why.message));
    }
    return zzh_reply_json(rq, 200, o);
}

int zzh_api_dossiers_submit(zzh_req *rq, zz_err *err)
{
    int64_t id, case_id = 0;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc < 0) return rc;
    if ((rc = zz_dossier_submit(rq->cx, id, &case_id, err)) < 0) return rc;
    zz_case c;
    if ((rc = zz_case_get(rq->cx, case_id, &c, err)) < 0) return rc;
    return zzh_reply_json(rq, 201, zzh_json_case(&c));
}

int zzh_api_dossiers_rebind(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc < 0) return rc;
    zz_rebind_report rep;
    rc = zz_dossier_rebind(rq->cx, id, &rep, err);
    char *text = NULL;
    if (rc == 0) rc = zz_rebind_report_json(&text, &rep, err);
    zz_rebind_report_free(&rep);
    return rc < 0 ? rc : zzh_reply_text_json(rq, 200, text, err);
}
