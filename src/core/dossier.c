/*
 * dossier.c — application preparation (SPEC section 2): dossier creation with its type,
 * form data, self-assessment, evidence and mappings, the completeness check, the
 * materials, the package, submission (which creates the case) and the rebind.
 * Every write is one action (ctx.h): role → begin → gates → writes → commit with its audit entry.
 */
#include "zizhi/dossier.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/dossier_store.h"
#include "store/file_store.h"
#include "zizhi/blob.h"
#include "zizhi/case.h"
#include "zizhi/catalog.h"
#include "zizhi/cert.h"
#include "zizhi/checks.h"
#include "zizhi/ctx.h"
#include "zizhi/form.h"
#include "zizhi/org.h"
#include "zizhi/package.h"

/* ================================================================ small helpers */

static int nomem(zz_err *err)
{
    return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
}

static bool utf8_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        int n;
        if (c < 0x80)
            n = 0;
        else if ((c & 0xE0) == 0xC0 && c >= 0xC2)
            n = 1;
        else if ((c & 0xF0) == 0xE0)
            n = 2;
        else if ((c & 0xF8) == 0xF0 && c <= 0xF4)
            n = 3;
        else
            return false;
        p++;
        for (int i = 0; i < n; i++, p++)
            if ((*p & 0xC0) != 0x80) return false;
    }
    return true;
}

static size_t u8chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

static bool blank(const char *s)
{
    if (!s) return true;
    for (; *s; s++)
        if (!strchr(" \t\r\n", *s)) return false;
    return true;
}

static void today_str(const zz_ctx *cx, char buf[ZZ_DATE_STRLEN])
{
    zz_date_format(cx->clock.today, buf);
}

static int not_found(int64_t id, zz_err *err)
{
    return zz_err_rule(err, ZZ_ENOTFOUND, "dossier.not_found", "R-0.1", "找不到申请 %lld",
                       "dossier %lld not found", (long long)id);
}

static int not_draft(const zz_dossier *d, zz_err *err)
{
    return zz_err_set(
        err, ZZ_ESTATE, "dossier.not_draft", "申请 %lld 的状态为 %s，只有草稿状态的申请可以修改",
        "dossier %lld is %s: only a draft can be changed", (long long)d->id, d->status);
}

static char *json_text(json_t *o) /* takes the reference */
{
    if (!o) return NULL;
    char *t = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return t;
}

static json_t *jstr(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

/* ================================================================ ratings */

static const char *const RATING_NAMES[ZZ_SELF__COUNT] = {"conforms", "partial", "not_conforms",
                                                         "not_applicable"};
static const char *const RATING_NAMES_ZH[ZZ_SELF__COUNT] = {"符合", "部分符合", "不符合", "不适用"};

const char *zz_self_rating_name(zz_self_rating r)
{
    return (unsigned)r < ZZ_SELF__COUNT ? RATING_NAMES[r] : NULL;
}

const char *zz_self_rating_name_zh(zz_self_rating r)
{
    return (unsigned)r < ZZ_SELF__COUNT ? RATING_NAMES_ZH[r] : NULL;
}

int zz_self_rating_parse(zz_self_rating *out, const char *s, zz_err *err)
{
    for (int i = 0; s && i < ZZ_SELF__COUNT; i++)
        if (strcmp(s, RATING_NAMES[i]) == 0) {
            *out = (zz_self_rating)i;
            return ZZ_OK;
        }
    return zz_err_rule(err, ZZ_EINVAL, "input.rating", "R-2.1",
                       "自评结果 \"%s\" 无效（conforms、partial、not_conforms、not_applicable）",
                       "invalid self-rating \"%s\" (conforms, partial, not_conforms, "
                       "not_applicable)",
                       s ? s : "");
}

/* ================================================================ memory */

void zz_dossier_free(zz_dossier *d)
{
    if (!d) return;
    free(d->form_json);
    free(d);
}

void zz_dossier_list_free(zz_dossier *arr, size_t n)
{
    for (size_t i = 0; arr && i < n; i++)
        free(arr[i].form_json);
    free(arr);
}

void zz_dossier_answers_free(zz_dossier_answer_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        free(rows[i].statement);
    free(rows);
}

void zz_dossier_evidence_free(zz_dossier_evidence *ev, size_t n)
{
    for (size_t i = 0; ev && i < n; i++) {
        for (size_t j = 0; j < ev[i].n_req_ids; j++)
            free(ev[i].req_ids[j]);
        free(ev[i].req_ids);
    }
    free(ev);
}

static void strv_free(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

static int strv_push(char ***v, size_t *n, const char *s, zz_err *err)
{
    char **nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv) return nomem(err);
    *v = nv;
    if (!(nv[*n] = strdup(s))) return nomem(err);
    (*n)++;
    return ZZ_OK;
}

void zz_rebind_report_free(zz_rebind_report *r)
{
    if (!r) return;
    strv_free(r->added, r->n_added);
    strv_free(r->removed, r->n_removed);
    strv_free(r->reworded, r->n_reworded);
    strv_free(r->dropped_answers, r->n_dropped_answers);
    strv_free(r->dropped_mappings, r->n_dropped_mappings);
    memset(r, 0, sizeof *r);
}

/* ================================================================ access */

enum access { ACC_READ, ACC_PREPARE, ACC_SUBMIT };

static int require_role(zz_ctx *cx, enum access acc, zz_err *err)
{
    if (acc == ACC_PREPARE) return zz_ctx_require(cx, ZZ_ROLES_APPLICANT, err);
    if (acc == ACC_SUBMIT) /* applicant_member may not submit */
        return zz_ctx_require(cx, ZZ_R(ZZ_ROLE_APPLICANT_ADMIN), err);
    return ZZ_OK;
}

/* Whether the actor may see or act on d; ZZ_ENOTFOUND otherwise, never a hint. */
static int check_access(zz_ctx *cx, const zz_dossier *d, enum access acc, zz_err *err)
{
    if (zz_ctx_is_system(cx)) return ZZ_OK;
    const zz_actor *a = &cx->actor;
    if ((a->roles & ZZ_ROLES_APPLICANT) && a->org_id == d->org_id && a->org_id > 0) return ZZ_OK;
    if (acc != ACC_READ || strcmp(d->status, "draft") == 0) return not_found(d->id, err);
    /* the body sees submitted dossiers; drafts are the applicant's own workspace */
    if (a->roles & (ZZ_R(ZZ_ROLE_MANAGER) | ZZ_R(ZZ_ROLE_SUPERVISOR))) return ZZ_OK;
    if (a->roles & (ZZ_R(ZZ_ROLE_PROJECT_LEAD) | ZZ_R(ZZ_ROLE_ASSESSOR) | ZZ_R(ZZ_ROLE_EXPERT))) {
        bool member = false;
        int rc = zz_dossier_store_is_case_member(cx->st, d->id, a->user_id, &member, err);
        if (rc < 0) return rc;
        if (member) return ZZ_OK;
    }
    return not_found(d->id, err);
}

/* The role check, then the dossier (form loaded when with_form) and its visibility. */
static int load_for(zz_ctx *cx, int64_t id, enum access acc, bool with_form, zz_dossier **out,
                    zz_err *err)
{
    *out = NULL;
    int rc = require_role(cx, acc, err);
    if (rc < 0) return rc;
    zz_dossier *d = NULL;
    if ((rc = zz_dossier_store_get(cx->st, id, with_form, &d, err)) < 0)
        return rc == ZZ_ENOTFOUND ? not_found(id, err) : rc;
    if ((rc = check_access(cx, d, acc, err)) < 0) {
        zz_dossier_free(d);
        return rc;
    }
    *out = d;
    return ZZ_OK;
}

/* ================================================================ dossier data and digests */

typedef struct ddata {
    zz_dossier *d; /* with form */
    zz_dossier_answer_row *answers;
    size_t n_answers;
    zz_dossier_evidence *ev;
    size_t n_ev;
} ddata;

static void ddata_free(ddata *dd)
{
    zz_dossier_free(dd->d);
    zz_dossier_answers_free(dd->answers, dd->n_answers);
    zz_dossier_evidence_free(dd->ev, dd->n_ev);
    memset(dd, 0, sizeof *dd);
}

/* Everything of one dossier, from the store, without access checks. */
static int ddata_load(zz_ctx *cx, int64_t id, ddata *dd, zz_err *err)
{
    memset(dd, 0, sizeof *dd);
    int rc = zz_dossier_store_get(cx->st, id, true, &dd->d, err);
    if (rc == ZZ_ENOTFOUND) return not_found(id, err);
    if (rc < 0 ||
        (rc = zz_dossier_store_answers(cx->st, id, &dd->answers, &dd->n_answers, err)) < 0 ||
        (rc = zz_dossier_store_evidence_list(cx->st, id, &dd->ev, &dd->n_ev, err)) < 0) {
        ddata_free(dd);
        return rc;
    }
    return ZZ_OK;
}

static const zz_dossier_answer_row *find_answer(const ddata *dd, const char *req)
{
    for (size_t i = 0; i < dd->n_answers; i++)
        if (strcmp(dd->answers[i].req_id, req) == 0) return &dd->answers[i];
    return NULL;
}

static bool req_mapped(const ddata *dd, const char *req)
{
    for (size_t i = 0; i < dd->n_ev; i++)
        for (size_t j = 0; j < dd->ev[i].n_req_ids; j++)
            if (strcmp(dd->ev[i].req_ids[j], req) == 0) return true;
    return false;
}

static json_t *form_object(const char *form_json)
{
    json_t *f = form_json ? json_loads(form_json, 0, NULL) : NULL;
    if (!f || !json_is_object(f)) {
        json_decref(f);
        f = json_object();
    }
    return f;
}

/* The applicant's material: what the package is built from (R-2.5, I4). */
static json_t *content_json(const ddata *dd)
{
    json_t *answers = json_array(), *ev = json_array();
    for (size_t i = 0; i < dd->n_answers; i++)
        json_array_append_new(answers, json_pack("{s:s,s:s,s:s}", "req_id", dd->answers[i].req_id,
                                                 "self_rating", dd->answers[i].self_rating,
                                                 "statement", dd->answers[i].statement));
    for (size_t i = 0; i < dd->n_ev; i++) {
        json_t *reqs = json_array();
        for (size_t j = 0; j < dd->ev[i].n_req_ids; j++)
            json_array_append_new(reqs, json_string(dd->ev[i].req_ids[j]));
        json_array_append_new(ev, json_pack("{s:I,s:s,s:s,s:s,s:I,s:o}", "id",
                                            (json_int_t)dd->ev[i].id, "digest", dd->ev[i].digest,
                                            "filename", dd->ev[i].filename, "mime", dd->ev[i].mime,
                                            "size", (json_int_t)dd->ev[i].size, "req_ids", reqs));
    }
    return json_pack("{s:s,s:s,s:o,s:o,s:o,s:o}", "catalog_id", dd->d->catalog_id,
                     "catalog_version", dd->d->catalog_version, "form",
                     form_object(dd->d->form_json), "answers", answers, "evidence", ev,
                     "stamped_scan", jstr(dd->d->stamped_scan));
}

static int digest_of(json_t *o, char hex[ZZ_SM3_HEXLEN + 1], zz_err *err)
{
    char *t = json_text(o);
    if (!t) return nomem(err);
    int rc = zz_sm3_hex(hex, t, strlen(t), err);
    free(t);
    return rc;
}

static int content_digest(const ddata *dd, char hex[ZZ_SM3_HEXLEN + 1], zz_err *err)
{
    return digest_of(content_json(dd), hex, err);
}

/* the digest of the whole dossier after a change. */
static int state_digest(const ddata *dd, char hex[ZZ_SM3_HEXLEN + 1], zz_err *err)
{
    const zz_dossier *d = dd->d;
    char content[ZZ_SM3_HEXLEN + 1];
    int rc = content_digest(dd, content, err);
    if (rc < 0) return rc;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(d->id));
    json_object_set_new(o, "org_id", json_integer(d->org_id));
    json_object_set_new(o, "category", json_string(d->category));
    json_object_set_new(o, "level", json_integer(d->level));
    json_object_set_new(o, "status", json_string(d->status));
    json_object_set_new(o, "app_type", json_string(d->app_type));
    json_object_set_new(o, "timing", jstr(d->timing));
    json_object_set_new(o, "type_reason_code", jstr(d->type_reason_code));
    json_object_set_new(o, "type_decided_on", jstr(d->type_decided_on));
    json_object_set_new(o, "prior_cert_id", json_integer(d->prior_cert_id));
    json_object_set_new(o, "submitted_on", jstr(d->submitted_on));
    json_object_set_new(o, "bound_declared", json_boolean(d->bound_declared));
    json_object_set_new(o, "courier", jstr(d->courier));
    json_object_set_new(o, "tracking_no", jstr(d->tracking_no));
    json_object_set_new(o, "package_digest", jstr(d->package_digest));
    json_object_set_new(o, "package_content_digest", jstr(d->package_content_digest));
    json_object_set_new(o, "content_digest", json_string(content));
    return digest_of(o, hex, err);
}

/*
 * Ends an action: reloads the dossier, digests it and commits with the audit entry. detail is
 * stolen (NULL: "{}"). On failure the transaction is rolled back.
 */
static int commit_action(zz_ctx *cx, int64_t id, const char *action, json_t *detail, zz_err *err)
{
    ddata dd;
    char hex[ZZ_SM3_HEXLEN + 1], oid[32];
    int rc = ddata_load(cx, id, &dd, err);
    if (rc == ZZ_OK) {
        rc = state_digest(&dd, hex, err);
        ddata_free(&dd);
    }
    if (rc < 0) {
        json_decref(detail);
        return zz_action_abort(cx, rc);
    }
    char *text = json_text(detail ? detail : json_object());
    if (!text) return zz_action_abort(cx, nomem(err));
    snprintf(oid, sizeof oid, "%lld", (long long)id);
    rc = zz_action_commit(cx, action, "dossier", oid, hex, text, err);
    free(text);
    return rc;
}

/* Begins an action on a draft the actor prepares: role, transaction, dossier, visibility, draft. */
static int begin_draft(zz_ctx *cx, int64_t id, enum access acc, zz_dossier **d, zz_err *err)
{
    *d = NULL;
    int rc = require_role(cx, acc, err);
    if (rc < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    if ((rc = load_for(cx, id, acc, false, d, err)) < 0) return zz_action_abort(cx, rc);
    if (strcmp((*d)->status, "draft") != 0) {
        rc = not_draft(*d, err);
        zz_dossier_free(*d);
        *d = NULL;
        return zz_action_abort(cx, rc);
    }
    return ZZ_OK;
}

static int bound_catalog(zz_ctx *cx, const zz_dossier *d, const zz_catalog **cat, zz_err *err)
{
    return zz_ctx_catalog(cx, d->catalog_id, d->catalog_version, cat, err);
}

static int check_item(const zz_catalog *cat, const char *req_id, zz_err *err)
{
    if (req_id && zz_catalog_req(cat, req_id)) return ZZ_OK;
    return zz_err_rule(err, ZZ_EINVAL, "input.item", "R-1.8",
                       "要求目录 %s（版本 %s）中没有要求项 \"%s\"",
                       "catalogue %s (version %s) has no requirement \"%s\"", cat->id, cat->version,
                       req_id ? req_id : "");
}

/* ================================================================ R-2.4 type */

static int classify(zz_ctx *cx, zz_dossier *d, zz_date on, zz_err *err)
{
    zz_dossier_cert_row row;
    bool found = false;
    int rc =
        zz_dossier_store_latest_cert(cx->st, d->org_id, d->category, d->level, &row, &found, err);
    if (rc < 0) return rc;
    zz_cert_facts f;
    memset(&f, 0, sizeof f);
    if (found) {
        if ((rc = zz_date_parse(&f.issued, row.issue_date, err)) < 0 ||
            (rc = zz_date_parse(&f.expires, row.expiry_date, err)) < 0)
            return rc;
        if (row.revoked_on[0]) {
            f.revoked = true;
            if ((rc = zz_date_parse(&f.revoked_on, row.revoked_on, err)) < 0) return rc;
        }
    }
    zz_maint_result m;
    if ((rc = zz_cert_maintenance_timing(&m, found ? &f : NULL, on, err)) < 0) return rc;
    bool maint = m.timing != ZZ_MAINT_TREAT_AS_INITIAL;
    snprintf(d->app_type, sizeof d->app_type, "%s", maint ? "maintenance" : "initial");
    snprintf(d->timing, sizeof d->timing, "%s",
             m.timing == ZZ_MAINT_ON_TIME ? "on_time"
             : m.timing == ZZ_MAINT_LATE  ? "late"
                                          : "");
    snprintf(d->type_reason_code, sizeof d->type_reason_code, "%s", m.reason_code);
    snprintf(d->type_reason, sizeof d->type_reason, "%s", m.reason_zh);
    snprintf(d->type_reason_en, sizeof d->type_reason_en, "%s", m.reason_en);
    d->type_warning[0] = d->type_warning_en[0] = '\0';
    if (m.timing == ZZ_MAINT_LATE) {
        char exp[ZZ_DATE_STRLEN];
        zz_date_format(f.expires, exp);
        snprintf(d->type_warning, sizeof d->type_warning,
                 "逾期维持：原资质证书有效期至 %s，可能在认定结论作出前失效", exp);
        snprintf(d->type_warning_en, sizeof d->type_warning_en,
                 "late maintenance: the certificate expires on %s and may lapse before the "
                 "decision",
                 exp);
    }
    zz_date_format(on, d->type_decided_on);
    d->prior_cert_id = found ? row.id : 0;
    return ZZ_OK;
}

static void type_detail(json_t *o, const zz_dossier *d)
{
    json_object_set_new(o, "app_type", json_string(d->app_type));
    json_object_set_new(o, "timing", jstr(d->timing));
    json_object_set_new(o, "type_reason_code", jstr(d->type_reason_code));
    json_object_set_new(o, "type_reason", jstr(d->type_reason));
    json_object_set_new(o, "type_warning", jstr(d->type_warning));
    json_object_set_new(o, "type_decided_on", jstr(d->type_decided_on));
    json_object_set_new(o, "prior_cert_id",
                        d->prior_cert_id ? json_integer(d->prior_cert_id) : json_null());
}

/* ================================================================ create, read, list */

static bool category_ok(const char *c)
{
    if (!c || !*c || strlen(c) > 50) return false;
    for (; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-')) return false;
    return true;
}

int zz_dossier_create(zz_ctx *cx, int64_t org_id, const char *category, int level, int64_t *id,
                      zz_err *err)
{
    *id = 0;
    int rc = zz_ctx_require(cx, ZZ_ROLES_APPLICANT, err);
    if (rc < 0) return rc;
    if (org_id == 0) org_id = cx->actor.org_id;
    if (org_id <= 0)
        return zz_err_set(err, ZZ_EINVAL, "input.org", "没有指定申请单位%s",
                          "no applicant organisation given%s", "");
    if (!zz_ctx_is_system(cx) && org_id != cx->actor.org_id) /* */
        return zz_err_rule(err, ZZ_ENOTFOUND, "org.not_found", "R-0.1", "找不到单位 %lld",
                           "organisation %lld not found", (long long)org_id);
    if (!category_ok(category))
        return zz_err_set(err, ZZ_EINVAL, "input.category", "资质类别 \"%s\" 无效",
                          "invalid category \"%s\"", category ? category : "");
    if (level < 1 || level > 5) /* */
        return zz_err_rule(err, ZZ_EINVAL, "input.level", "R-1.1", "资质级别 %d 无效（1–5）",
                           "invalid level %d (1-5)", level);
    const zz_catalog *cat = NULL;
    if ((rc = zz_ctx_catalog_for(cx, category, level, &cat, err)) < 0) /* the current one */
        return rc;

    zz_dossier d;
    memset(&d, 0, sizeof d);
    d.org_id = org_id;
    snprintf(d.category, sizeof d.category, "%s", category);
    d.level = level;
    snprintf(d.catalog_id, sizeof d.catalog_id, "%s", cat->id);
    snprintf(d.catalog_version, sizeof d.catalog_version, "%s", cat->version);

    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    bool found = false;
    char name[201], uscc[19];
    if ((rc = zz_dossier_store_org(cx->st, org_id, name, uscc, &found, err)) < 0)
        return zz_action_abort(cx, rc);
    if (!found)
        return zz_action_abort(cx, zz_err_rule(err, ZZ_ENOTFOUND, "org.not_found", "R-0.1",
                                               "找不到单位 %lld", "organisation %lld not found",
                                               (long long)org_id));
    /* provisional type on today's date; decided again on the submission date */
    if ((rc = classify(cx, &d, cx->clock.today, err)) < 0 ||
        (rc = zz_dossier_store_insert(cx->st, &d, cx->clock.now_usec, id, err)) < 0)
        return zz_action_abort(cx, rc);
    json_t *det =
        json_pack("{s:I,s:s,s:i,s:s,s:s}", "org_id", (json_int_t)org_id, "category", category,
                  "level", level, "catalog_id", cat->id, "catalog_version", cat->version);
    type_detail(det, &d);
    rc = commit_action(cx, *id, "dossier.create", det, err);
    if (rc < 0) *id = 0;
    return rc;
}

int zz_dossier_get(zz_ctx *cx, int64_t id, zz_dossier **out, zz_err *err)
{
    return load_for(cx, id, ACC_READ, true, out, err);
}

int zz_dossier_list(zz_ctx *cx, const zz_dossier_filter *f, zz_dossier **out, size_t *n,
                    int64_t *total, zz_err *err)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    zz_dossier_store_query q;
    memset(&q, 0, sizeof q);
    zz_dossier_filter none;
    memset(&none, 0, sizeof none);
    if (!f) f = &none;
    q.org_id = f->org_id;
    q.status = f->status;
    q.offset = f->offset > 0 ? f->offset : 0;
    q.limit = f->limit <= 0 ? 50 : f->limit > ZZ_DOSSIER_PAGE_MAX ? ZZ_DOSSIER_PAGE_MAX : f->limit;
    const zz_actor *a = &cx->actor;
    if (!zz_ctx_is_system(cx)) {
        if (a->roles & ZZ_ROLES_APPLICANT) {
            if (q.org_id && q.org_id != a->org_id) /* */
                return zz_err_rule(err, ZZ_ENOTFOUND, "org.not_found", "R-0.1", "找不到单位 %lld",
                                   "organisation %lld not found", (long long)q.org_id);
            q.org_id = a->org_id;
        } else if (a->roles & (ZZ_R(ZZ_ROLE_MANAGER) | ZZ_R(ZZ_ROLE_SUPERVISOR))) {
            q.exclude_drafts = true;
        } else if (a->roles &
                   (ZZ_R(ZZ_ROLE_PROJECT_LEAD) | ZZ_R(ZZ_ROLE_ASSESSOR) | ZZ_R(ZZ_ROLE_EXPERT))) {
            /* a filter on an organisation none of whose cases the actor is assigned to
             * is refused like the organisation (404), not answered with an empty list */
            int rc;
            if (q.org_id > 0 && (rc = zz_org_access(cx, q.org_id, ZZ_ORG_READ, err)) < 0) return rc;
            q.exclude_drafts = true;
            q.member_user_id = a->user_id;
        } else {
            return zz_ctx_require(cx,
                                  ZZ_ROLES_APPLICANT | ZZ_R(ZZ_ROLE_MANAGER) |
                                      ZZ_R(ZZ_ROLE_SUPERVISOR) | ZZ_R(ZZ_ROLE_PROJECT_LEAD) |
                                      ZZ_R(ZZ_ROLE_ASSESSOR) | ZZ_R(ZZ_ROLE_EXPERT),
                                  err);
        }
    }
    return zz_dossier_store_list(cx->st, &q, out, n, total, err);
}

/* ================================================================ form */

/* The form definition of the bound catalogue; *def NULL when the catalogue has none. */
static int load_form_def(zz_ctx *cx, const zz_dossier *d, zz_form_def **def, zz_err *err)
{
    *def = NULL;
    char path[1024];
    snprintf(path, sizeof path, "%s/forms/%s.form.json", cx->catalog_dir, d->catalog_id);
    if (!zz_file_exists(path)) return ZZ_OK;
    return zz_form_def_load(def, path, err);
}

int zz_dossier_set_form(zz_ctx *cx, int64_t id, const char *json_object_text, zz_err *err)
{
    zz_dossier *d = NULL;
    int rc = begin_draft(cx, id, ACC_PREPARE, &d, err);
    if (rc < 0) return rc;
    zz_form_def *def = NULL;
    char *canon = NULL;
    if ((rc = load_form_def(cx, d, &def, err)) < 0 ||
        (rc = zz_form_validate(def, json_object_text, &canon, err)) < 0 ||
        (rc = zz_dossier_store_set_form(cx->st, id, canon, cx->clock.now_usec, err)) < 0) {
        zz_form_def_free(def);
        zz_dossier_free(d);
        free(canon);
        return zz_action_abort(cx, rc);
    }
    json_t *f = json_loads(canon, 0, NULL);
    json_t *keys = json_array();
    const char *k;
    json_t *v;
    json_object_foreach(f, k, v) json_array_append_new(keys, json_string(k));
    json_decref(f);
    zz_form_def_free(def);
    zz_dossier_free(d);
    free(canon);
    return commit_action(cx, id, "dossier.form", json_pack("{s:o}", "fields", keys), err);
}

/* ================================================================ self-assessment */

int zz_dossier_answer(zz_ctx *cx, int64_t id, const char *req_id, zz_self_rating rating,
                      const char *statement, zz_err *err)
{
    if ((unsigned)rating >= ZZ_SELF__COUNT)
        return zz_err_rule(err, ZZ_EINVAL, "input.rating", "R-2.1", "自评结果 %d 无效",
                           "invalid self-rating %d", (int)rating);
    if (!statement) statement = "";
    if (!utf8_ok(statement) || u8chars(statement) > ZZ_DOSSIER_STATEMENT_MAX)
        return zz_err_rule(err, ZZ_EINVAL, "input.statement", "R-2.1",
                           "自评说明不是有效的 UTF-8 文本或超过 %d 个字符",
                           "the statement is not valid UTF-8 or is over %d characters",
                           ZZ_DOSSIER_STATEMENT_MAX);
    if (rating == ZZ_SELF_NOT_APPLICABLE && blank(statement))
        return zz_err_rule(err, ZZ_EINVAL, "input.statement", "R-2.1", "选择“不适用”必须说明理由%s",
                           "\"not applicable\" needs a justification in the statement%s", "");
    zz_dossier *d = NULL;
    int rc = begin_draft(cx, id, ACC_PREPARE, &d, err);
    if (rc < 0) return rc;
    const zz_catalog *cat = NULL;
    if ((rc = bound_catalog(cx, d, &cat, err)) < 0 || (rc = check_item(cat, req_id, err)) < 0 ||
        (rc = zz_dossier_store_answer_put(cx->st, id, req_id, RATING_NAMES[rating], statement,
                                          cx->clock.now_usec, err)) < 0) {
        zz_dossier_free(d);
        return zz_action_abort(cx, rc);
    }
    zz_dossier_free(d);
    return commit_action(
        cx, id, "dossier.answer",
        json_pack("{s:s,s:s}", "req_id", req_id, "self_rating", RATING_NAMES[rating]), err);
}

/* The catalogue position of a requirement, for guide order; n_reqs when unknown. */
static size_t req_pos(const zz_catalog *cat, const char *id)
{
    for (size_t i = 0; i < cat->n_reqs; i++)
        if (strcmp(cat->reqs[i]->id, id) == 0) return i;
    return cat->n_reqs;
}

typedef struct ranked {
    size_t pos;
    zz_dossier_answer_row row;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
    return strcmp(x->row.req_id, y->row.req_id);
}

/* Sorts answers into the catalogue's guide order (unknown ids last), without global state. */
static int sort_guide_order(const zz_catalog *cat, zz_dossier_answer_row *rows, size_t n,
                            zz_err *err)
{
    if (n < 2) return ZZ_OK;
    ranked *r = malloc(n * sizeof *r);
    if (!r) return nomem(err);
    for (size_t i = 0; i < n; i++) {
        r[i].pos = req_pos(cat, rows[i].req_id);
        r[i].row = rows[i];
    }
    qsort(r, n, sizeof *r, cmp_ranked);
    for (size_t i = 0; i < n; i++)
        rows[i] = r[i].row;
    free(r);
    return ZZ_OK;
}

int zz_dossier_answers(zz_ctx *cx, int64_t id, zz_dossier_answer_row **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    zz_dossier *d = NULL;
    int rc = load_for(cx, id, ACC_READ, false, &d, err);
    if (rc < 0) return rc;
    const zz_catalog *cat = NULL;
    if ((rc = bound_catalog(cx, d, &cat, err)) == ZZ_OK &&
        (rc = zz_dossier_store_answers(cx->st, id, out, n, err)) == ZZ_OK &&
        (rc = sort_guide_order(cat, *out, *n, err)) < 0) {
        zz_dossier_answers_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    zz_dossier_free(d);
    return rc;
}

/* ================================================================ evidence */

char *zz_dossier_sanitize_filename(char *out, const char *name)
{
    const char *base = name ? name : "";
    for (const char *p = base; *p; p++)
        if (*p == '/' || *p == '\\') base = p + 1;
    /* copy valid UTF-8 characters, dropping control characters; ':' names streams and drives on
     * Windows, so it becomes '_' */
    char tmp[1024];
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)base;
    while (*p && n + 5 < sizeof tmp) {
        unsigned c = *p;
        int len = c < 0x80                            ? 1
                  : ((c & 0xE0) == 0xC0 && c >= 0xC2) ? 2
                  : (c & 0xF0) == 0xE0                ? 3
                  : ((c & 0xF8) == 0xF0 && c <= 0xF4) ? 4
                                                      : 0;
        bool ok = len > 0;
        for (int i = 1; ok && i < len; i++)
            if ((p[i] & 0xC0) != 0x80) ok = false;
        if (!ok) {
            p++;
            continue;
        }
        if (len == 1) {
            if (c < 0x20 || c == 0x7f) {
                p++;
                continue;
            }
            tmp[n++] = c == ':' ? '_' : (char)c;
        } else if (len == 2 && c == 0xC2 && p[1] < 0xA0) {
            /* C1 control characters U+0080..U+009F */
        } else {
            memcpy(tmp + n, p, (size_t)len);
            n += (size_t)len;
        }
        p += len;
    }
    tmp[n] = '\0';
    /* trim spaces at both ends and dots at the start ("..", ".hidden") */
    char *s = tmp;
    while (*s == ' ' || *s == '.')
        s++;
    size_t l = strlen(s);
    while (l > 0 && (s[l - 1] == ' ' || s[l - 1] == '.'))
        s[--l] = '\0';
    if (l == 0) {
        snprintf(out, ZZ_DOSSIER_FILENAME_MAX + 1, "file");
        return out;
    }
    if (l <= ZZ_DOSSIER_FILENAME_MAX) {
        memcpy(out, s, l + 1);
        return out;
    }
    /* too long: keep a short extension, cut the stem on a character boundary */
    const char *dot = strrchr(s, '.');
    size_t ext = dot && strlen(dot) <= 16 ? strlen(dot) : 0;
    size_t keep = ZZ_DOSSIER_FILENAME_MAX - ext;
    while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
        keep--;
    memcpy(out, s, keep);
    memcpy(out + keep, s + l - ext, ext);
    out[keep + ext] = '\0';
    return out;
}

static bool mime_ok(const char *m)
{
    if (!m || !*m || strlen(m) > 100) return false;
    const char *slash = strchr(m, '/');
    if (!slash || slash == m || !slash[1] || strchr(slash + 1, '/')) return false;
    for (; *m; m++)
        if (!((*m >= 'a' && *m <= 'z') || (*m >= 'A' && *m <= 'Z') || (*m >= '0' && *m <= '9') ||
              strchr("/.+-_;= ", *m)))
            return false;
    return true;
}

/* The blob exists, matches its digest and, when size is given, has that size. */
static int check_blob(zz_ctx *cx, const char *digest, const uint64_t *size, zz_err *err)
{
    if (!digest || !zz_blob_hex_valid(digest))
        return zz_err_set(
            err, ZZ_EINVAL, "input.digest", "\"%s\" 不是有效的 SM3 摘要（64 位小写十六进制）",
            "\"%s\" is not an SM3 digest (64 lower-case hex digits)", digest ? digest : "");
    int rc = zz_blob_verify(cx->data_dir, digest, err);
    if (rc < 0 || !size) return rc;
    uint64_t actual = 0;
    if ((rc = zz_dossier_store_blob_size(cx->data_dir, digest, &actual, err)) < 0) return rc;
    if (actual != *size)
        return zz_err_set(err, ZZ_EINVAL, "input.size",
                          "证据文件大小 %llu 字节与存储的文件（%llu 字节）不符",
                          "evidence size %llu does not match the stored file (%llu bytes)",
                          (unsigned long long)*size, (unsigned long long)actual);
    return ZZ_OK;
}

int zz_dossier_add_evidence(zz_ctx *cx, int64_t id, const char *digest, const char *filename,
                            const char *mime, uint64_t size, const char *const *req_ids, size_t n,
                            int64_t *evidence_id, zz_err *err)
{
    int64_t eid_local = 0;
    if (!evidence_id) /* OUT is optional, as for the other create functions */
        evidence_id = &eid_local;
    *evidence_id = 0;
    if (!mime) mime = "application/octet-stream";
    if (!mime_ok(mime))
        return zz_err_set(err, ZZ_EINVAL, "input.mime", "文件类型 \"%s\" 无效",
                          "invalid media type \"%s\"", mime);
    /* who and which dossier first, so that nobody learns about blobs they may not touch */
    zz_dossier *d = NULL;
    int rc = load_for(cx, id, ACC_PREPARE, false, &d, err);
    if (rc < 0) return rc;
    zz_dossier_free(d);
    if ((rc = check_blob(cx, digest, &size, err)) < 0) /* reads the file: outside the lock */
        return rc;
    char name[ZZ_DOSSIER_FILENAME_MAX + 1];
    zz_dossier_sanitize_filename(name, filename);

    if ((rc = begin_draft(cx, id, ACC_PREPARE, &d, err)) < 0) return rc;
    const zz_catalog *cat = NULL;
    if ((rc = bound_catalog(cx, d, &cat, err)) < 0) goto fail;
    for (size_t i = 0; i < n; i++)
        if ((rc = check_item(cat, req_ids[i], err)) < 0) goto fail;
    if ((rc = zz_dossier_store_evidence_insert(cx->st, d->org_id, id, digest, name, mime, size,
                                               cx->actor.user_id, cx->clock.now_usec, evidence_id,
                                               err)) < 0)
        goto fail;
    json_t *reqs = json_array();
    for (size_t i = 0; i < n; i++) {
        bool dup = false;
        for (size_t j = 0; j < i; j++)
            dup = dup || strcmp(req_ids[i], req_ids[j]) == 0;
        if (dup) continue;
        if ((rc = zz_dossier_store_item_insert(cx->st, *evidence_id, req_ids[i], err)) < 0) {
            json_decref(reqs);
            goto fail;
        }
        json_array_append_new(reqs, json_string(req_ids[i]));
    }
    zz_dossier_free(d);
    rc = commit_action(cx, id, "dossier.evidence_add",
                       json_pack("{s:I,s:s,s:s,s:s,s:I,s:o}", "evidence_id",
                                 (json_int_t)*evidence_id, "digest", digest, "filename", name,
                                 "mime", mime, "size", (json_int_t)size, "req_ids", reqs),
                       err);
    if (rc < 0) *evidence_id = 0;
    return rc;
fail:
    zz_dossier_free(d);
    *evidence_id = 0;
    return zz_action_abort(cx, rc);
}

static int evidence_not_found(int64_t eid, int64_t id, zz_err *err)
{
    return zz_err_set(err, ZZ_ENOTFOUND, "evidence.not_found", "申请 %2$lld 中没有证据文件 %1$lld",
                      "evidence %lld not found in dossier %lld", (long long)eid, (long long)id);
}

/* op: 1 map, 0 unmap, -1 remove. */
static int evidence_op(zz_ctx *cx, int64_t id, int64_t eid, const char *req_id, int op, zz_err *err)
{
    zz_dossier *d = NULL;
    int rc = begin_draft(cx, id, ACC_PREPARE, &d, err);
    if (rc < 0) return rc;
    bool ours = false;
    const zz_catalog *cat = NULL;
    const char *action = op > 0    ? "dossier.evidence_map"
                         : op == 0 ? "dossier.evidence_unmap"
                                   : "dossier.evidence_remove";
    if ((rc = zz_dossier_store_evidence_of(cx->st, id, eid, &ours, err)) < 0) goto fail;
    if (!ours) {
        rc = evidence_not_found(eid, id, err);
        goto fail;
    }
    if (op > 0) {
        bool exists = false;
        if ((rc = bound_catalog(cx, d, &cat, err)) < 0 || (rc = check_item(cat, req_id, err)) < 0 ||
            (rc = zz_dossier_store_item_exists(cx->st, eid, req_id, &exists, err)) < 0)
            goto fail;
        if (exists) { /* already mapped: nothing to write, nothing to audit */
            zz_dossier_free(d);
            zz_action_abort(cx, 0);
            return ZZ_OK;
        }
        if ((rc = zz_dossier_store_item_insert(cx->st, eid, req_id, err)) < 0) goto fail;
    } else if (op == 0) {
        int deleted = 0;
        if ((rc = zz_dossier_store_item_delete(cx->st, eid, req_id ? req_id : "", &deleted, err)) <
            0)
            goto fail;
        if (deleted == 0) {
            rc = zz_err_set(
                err, ZZ_ENOTFOUND, "evidence.not_mapped", "证据文件 %lld 没有关联到要求项 %s",
                "evidence %lld is not mapped to %s", (long long)eid, req_id ? req_id : "");
            goto fail;
        }
    } else if ((rc = zz_dossier_store_evidence_delete(cx->st, eid, err)) < 0) {
        goto fail;
    }
    zz_dossier_free(d);
    json_t *det = json_pack("{s:I}", "evidence_id", (json_int_t)eid);
    if (op >= 0) json_object_set_new(det, "req_id", json_string(req_id));
    return commit_action(cx, id, action, det, err);
fail:
    zz_dossier_free(d);
    return zz_action_abort(cx, rc);
}

int zz_dossier_map_evidence(zz_ctx *cx, int64_t id, int64_t evidence_id, const char *req_id,
                            zz_err *err)
{
    return evidence_op(cx, id, evidence_id, req_id, 1, err);
}

int zz_dossier_unmap_evidence(zz_ctx *cx, int64_t id, int64_t evidence_id, const char *req_id,
                              zz_err *err)
{
    return evidence_op(cx, id, evidence_id, req_id, 0, err);
}

int zz_dossier_remove_evidence(zz_ctx *cx, int64_t id, int64_t evidence_id, zz_err *err)
{
    return evidence_op(cx, id, evidence_id, NULL, -1, err);
}

int zz_dossier_evidence_list(zz_ctx *cx, int64_t id, zz_dossier_evidence **out, size_t *n,
                             zz_err *err)
{
    *out = NULL;
    *n = 0;
    zz_dossier *d = NULL;
    int rc = load_for(cx, id, ACC_READ, false, &d, err);
    if (rc < 0) return rc;
    zz_dossier_free(d);
    return zz_dossier_store_evidence_list(cx->st, id, out, n, err);
}

/* ================================================================ R-2.2 completeness */

typedef struct fvec {
    zz_finding *v;
    size_t n, cap;
} fvec;

#if defined(__GNUC__)
__attribute__((format(printf, 7, 8)))
#endif
static int
fpush(fvec *f, zz_err *err, const char *item, const char *code, const char *rule, const char *zh,
      const char *en, ...)
{
    if (f->n == f->cap) {
        size_t nc = f->cap ? f->cap * 2 : 32;
        zz_finding *nv = realloc(f->v, nc * sizeof *nv);
        if (!nv) return nomem(err);
        f->v = nv;
        f->cap = nc;
    }
    zz_finding *x = &f->v[f->n++];
    memset(x, 0, sizeof *x);
    snprintf(x->item, sizeof x->item, "%s", item);
    snprintf(x->code, sizeof x->code, "%s", code);
    snprintf(x->rule, sizeof x->rule, "%s", rule);
    va_list ap, ap2;
    va_start(ap, en);
    va_copy(ap2, ap);
    vsnprintf(x->text_zh, sizeof x->text_zh, zh, ap);
    vsnprintf(x->text_en, sizeof x->text_en, en, ap2);
    va_end(ap2);
    va_end(ap);
    return ZZ_OK;
}

/* The evidence texts of a requirement that expects documents or records; "" when none does. */
static void expected_evidence(const zz_cat_req *r, char *buf, size_t len)
{
    buf[0] = '\0';
    for (size_t k = 0; k < r->n_evidence; k++) {
        if (r->evidence[k].type != ZZ_EVID_DOCUMENT && r->evidence[k].type != ZZ_EVID_RECORD)
            continue;
        size_t l = strlen(buf);
        snprintf(buf + l, len - l, "%s%s", l ? "；" : "", r->evidence[k].text);
    }
}

static int run_check(zz_ctx *cx, const ddata *dd, const zz_catalog *cat, zz_date on, fvec *fv,
                     zz_err *err)
{
    const zz_dossier *d = dd->d;
    int rc;

    /* the form (申请书), field by field in form order */
    zz_form_def *def = NULL;
    if ((rc = load_form_def(cx, d, &def, err)) < 0) return rc;
    if (def) {
        zz_form_problem *pr = NULL;
        size_t np = 0;
        if ((rc = zz_form_check(def, d->form_json, &pr, &np, err)) < 0) {
            zz_form_def_free(def);
            return rc;
        }
        for (size_t i = 0; i < np && rc == ZZ_OK; i++) {
            char item[80];
            snprintf(item, sizeof item, "form.%s", pr[i].field->key);
            rc = fpush(fv, err, item, pr[i].code, "R-2.2", "申请书“%s”%s",
                       "form field \"%s\" (%s) %s", pr[i].field->label,
                       pr[i].field->label_en[0] ? pr[i].field->label_en : pr[i].field->key,
                       pr[i].detail_en);
            /* the Chinese text takes label and detail_zh: write it directly */
            if (rc == ZZ_OK)
                snprintf(fv->v[fv->n - 1].text_zh, sizeof fv->v[fv->n - 1].text_zh, "申请书“%s”%s",
                         pr[i].field->label, pr[i].detail_zh);
        }
        free(pr);
        zz_form_def_free(def);
        if (rc < 0) return rc;
    } else if (!d->form_json || strcmp(d->form_json, "{}") == 0) {
        if ((rc = fpush(fv, err, "form", "form.missing", "R-2.2", "申请书未填写%s",
                        "the application form is empty%s", "")) < 0)
            return rc;
    }

    /* data checks on the submission date */
    zz_check_result *cr = NULL;
    size_t ncr = 0;
    if ((rc = zz_checks_eval(cx, d->org_id, cat, on, &cr, &ncr, err)) < 0) return rc;

    /* every requirement in guide order */
    for (size_t i = 0; i < cat->n_reqs && rc == ZZ_OK; i++) {
        const zz_cat_req *r = cat->reqs[i];
        const zz_dossier_answer_row *a = find_answer(dd, r->id);
        if (!a)
            rc = fpush(fv, err, r->id, "answer.missing", "R-2.2",
                       "%s 未填写自评（符合、部分符合、不符合或不适用）",
                       "%s has no self-assessment answer", r->id);
        bool na = a && strcmp(a->self_rating, "not_applicable") == 0;
        char expect[400];
        expected_evidence(r, expect, sizeof expect);
        if (rc == ZZ_OK && expect[0] && !na && !req_mapped(dd, r->id))
            rc = fpush(fv, err, r->id, "evidence.missing", "R-2.2",
                       "%s 需要文档或记录类证据（%s），尚未关联证据文件",
                       "%s expects document or record evidence and has no evidence file mapped "
                       "(%s)",
                       r->id, expect);
        for (size_t k = 0; k < ncr && rc == ZZ_OK; k++) {
            if (cr[k].pass || strcmp(cr[k].req_id, r->id) != 0) continue;
            rc = fpush(fv, err, r->id, cr[k].code, cr[k].rule[0] ? cr[k].rule : "R-1.3", "%s：%s",
                       "%s: %s", r->id, cr[k].message_en);
            if (rc == ZZ_OK)
                snprintf(fv->v[fv->n - 1].text_zh, sizeof fv->v[fv->n - 1].text_zh, "%s：%s", r->id,
                         cr[k].message_zh);
        }
    }
    zz_checks_free(cr);
    if (rc < 0) return rc;

    /* materials, R-2.5 package */
    if (!d->stamped_scan[0] &&
        (rc = fpush(fv, err, "dossier.stamped_scan", "scan.missing", "R-2.3",
                    "尚未上传加盖公章的申请书扫描件%s",
                    "the scan of the stamped application form is missing%s", "")) < 0)
        return rc;
    if (!d->bound_declared && (rc = fpush(fv, err, "dossier.bound", "bound.missing", "R-2.3",
                                          "尚未声明纸质申请书已装订成册%s",
                                          "no declaration that the paper copy is bound%s", "")) < 0)
        return rc;
    if (!d->package_digest[0]) {
        rc = fpush(fv, err, "dossier.package", "package.missing", "R-2.3",
                   "尚未生成电子版资料包（光盘/U盘内容）%s",
                   "the electronic package (CD/USB content) has not been built%s", "");
    } else {
        char now[ZZ_SM3_HEXLEN + 1];
        if ((rc = content_digest(dd, now, err)) < 0) return rc;
        if (strcmp(now, d->package_content_digest) != 0)
            rc = fpush(fv, err, "dossier.package", "package.stale", "R-2.5",
                       "电子版资料包生成（%s）后申请内容有改动，请重新生成",
                       "the dossier changed after the electronic package was built (%s): build "
                       "it again",
                       d->package_built_on);
    }
    return rc;
}

int zz_dossier_check(zz_ctx *cx, int64_t id, zz_finding **findings, size_t *n, zz_err *err)
{
    *findings = NULL;
    *n = 0;
    zz_dossier *d = NULL;
    int rc = load_for(cx, id, ACC_READ, false, &d, err);
    if (rc < 0) return rc;
    zz_dossier_free(d);
    ddata dd;
    const zz_catalog *cat = NULL;
    if ((rc = ddata_load(cx, id, &dd, err)) < 0) return rc;
    fvec fv = {0};
    if ((rc = bound_catalog(cx, dd.d, &cat, err)) == ZZ_OK)
        rc = run_check(cx, &dd, cat, cx->clock.today, &fv, err);
    ddata_free(&dd);
    if (rc < 0) {
        free(fv.v);
        return rc;
    }
    if (fv.n == 0) {
        free(fv.v);
        fv.v = NULL;
    }
    *findings = fv.v;
    *n = fv.n;
    return ZZ_OK;
}

int zz_dossier_findings_json(char **out, int64_t dossier_id, zz_date checked_on,
                             const zz_finding *findings, size_t n, zz_err *err)
{
    char on[ZZ_DATE_STRLEN];
    zz_date_format(checked_on, on);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:o,s:o}", "item", findings[i].item,
                                             "code", findings[i].code, "rule", findings[i].rule,
                                             "message_zh", jstr(findings[i].text_zh), "message_en",
                                             jstr(findings[i].text_en)));
    json_t *o =
        json_pack("{s:I,s:s,s:b,s:I,s:o}", "dossier_id", (json_int_t)dossier_id, "checked_on", on,
                  "complete", n == 0, "count", (json_int_t)n, "findings", arr);
    *out = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    return *out ? ZZ_OK : nomem(err);
}

int zz_dossier_json(char **out, const zz_dossier *d, zz_err *err)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(d->id));
    json_object_set_new(o, "org_id", json_integer(d->org_id));
    json_object_set_new(o, "org_name", jstr(d->org_name));
    json_object_set_new(o, "category", json_string(d->category));
    json_object_set_new(o, "level", json_integer(d->level));
    json_object_set_new(o, "catalog_id", json_string(d->catalog_id));
    json_object_set_new(o, "catalog_version", json_string(d->catalog_version));
    json_object_set_new(o, "status", json_string(d->status));
    json_object_set_new(o, "app_type", json_string(d->app_type));
    json_object_set_new(o, "timing", jstr(d->timing));
    json_object_set_new(o, "type_reason_code", jstr(d->type_reason_code));
    json_object_set_new(o, "type_reason", jstr(d->type_reason));
    json_object_set_new(o, "type_reason_en", jstr(d->type_reason_en));
    json_object_set_new(o, "type_warning", jstr(d->type_warning));
    json_object_set_new(o, "type_warning_en", jstr(d->type_warning_en));
    json_object_set_new(o, "type_decided_on", jstr(d->type_decided_on));
    json_object_set_new(o, "prior_cert_id",
                        d->prior_cert_id ? json_integer(d->prior_cert_id) : json_null());
    json_object_set_new(o, "stamped_scan", jstr(d->stamped_scan));
    json_object_set_new(o, "bound_declared", json_boolean(d->bound_declared));
    json_object_set_new(o, "bound_declared_on", jstr(d->bound_declared_on));
    json_object_set_new(o, "package_digest", jstr(d->package_digest));
    json_object_set_new(o, "package_built_on", jstr(d->package_built_on));
    json_object_set_new(o, "courier", jstr(d->courier));
    json_object_set_new(o, "tracking_no", jstr(d->tracking_no));
    json_object_set_new(o, "submitted_on", jstr(d->submitted_on));
    json_object_set_new(o, "case_id", d->case_id ? json_integer(d->case_id) : json_null());
    if (d->form_json) json_object_set_new(o, "form", form_object(d->form_json));
    *out = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    return *out ? ZZ_OK : nomem(err);
}

/* ================================================================ R-2.3 materials */

int zz_dossier_set_stamped_scan(zz_ctx *cx, int64_t id, const char *digest, zz_err *err)
{
    zz_dossier *d = NULL;
    int rc = load_for(cx, id, ACC_PREPARE, false, &d, err);
    if (rc < 0) return rc;
    zz_dossier_free(d);
    if ((rc = check_blob(cx, digest, NULL, err)) < 0) return rc;
    if ((rc = begin_draft(cx, id, ACC_PREPARE, &d, err)) < 0) return rc;
    zz_dossier_free(d);
    if ((rc = zz_dossier_store_set_scan(cx->st, id, digest, cx->clock.now_usec, err)) < 0)
        return zz_action_abort(cx, rc);
    return commit_action(cx, id, "dossier.stamped_scan", json_pack("{s:s}", "digest", digest), err);
}

int zz_dossier_declare_bound(zz_ctx *cx, int64_t id, zz_err *err)
{
    zz_dossier *d = NULL;
    int rc = begin_draft(cx, id, ACC_PREPARE, &d, err);
    if (rc < 0) return rc;
    zz_dossier_free(d);
    char today[ZZ_DATE_STRLEN];
    today_str(cx, today);
    if ((rc = zz_dossier_store_set_bound(cx->st, id, today, cx->actor.user_id, cx->clock.now_usec,
                                         err)) < 0)
        return zz_action_abort(cx, rc);
    return commit_action(cx, id, "dossier.bound", json_pack("{s:s}", "declared_on", today), err);
}

static bool tracking_ok(const char *s)
{
    if (!s || !*s || strlen(s) > 100) return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '-'))
            return false;
    return true;
}

int zz_dossier_set_courier(zz_ctx *cx, int64_t id, const char *courier, const char *tracking_no,
                           zz_err *err)
{
    if (blank(courier) || !utf8_ok(courier) || u8chars(courier) > 100)
        return zz_err_rule(err, ZZ_EINVAL, "input.courier", "R-2.3",
                           "快递公司名称为空、过长或不是有效文本%s",
                           "the courier name is empty, too long or not valid text%s", "");
    if (!tracking_ok(tracking_no))
        return zz_err_rule(err, ZZ_EINVAL, "input.tracking_no", "R-2.3",
                           "快递单号 \"%s\" 无效（字母、数字和 -，最多 100 个）",
                           "invalid tracking number \"%s\" (letters, digits and -, at most 100)",
                           tracking_no ? tracking_no : "");
    int rc = require_role(cx, ACC_PREPARE, err);
    if (rc < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_dossier *d = NULL;
    if ((rc = load_for(cx, id, ACC_PREPARE, false, &d, err)) < 0) return zz_action_abort(cx, rc);
    /* the paper copy travels after the electronic submission, so submitted is fine too */
    if (strcmp(d->status, "withdrawn") == 0) {
        rc = zz_err_set(err, ZZ_ESTATE, "dossier.withdrawn", "申请 %lld 已撤回",
                        "dossier %lld was withdrawn", (long long)id);
        zz_dossier_free(d);
        return zz_action_abort(cx, rc);
    }
    zz_dossier_free(d);
    if ((rc = zz_dossier_store_set_courier(cx->st, id, courier, tracking_no, cx->clock.now_usec,
                                           err)) < 0)
        return zz_action_abort(cx, rc);
    return commit_action(cx, id, "dossier.courier",
                         json_pack("{s:s,s:s}", "courier", courier, "tracking_no", tracking_no),
                         err);
}

/* ================================================================ R-2.5 package */

typedef struct member {
    size_t ev;                      /* index into ddata.ev */
    char req[64];                   /* "" for unmapped evidence */
    char name[ZZ_PACKAGE_PATH_MAX]; /* path inside the package */
} member;

static bool name_used(const member *m, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(m[i].name, name) == 0) return true;
    return false;
}

/* evidence/<req-id>/<file name>, made unique with the evidence id when names collide. */
static void member_name(member *m, size_t n, const zz_dossier_evidence *e, const char *req)
{
    char dir[96];
    snprintf(dir, sizeof dir, "evidence/%s", req[0] ? req : "unmapped");
    snprintf(m[n].name, sizeof m[n].name, "%s/%s", dir, e->filename);
    if (zz_package_path_safe(m[n].name) && !name_used(m, n, m[n].name)) return;
    const char *dot = strrchr(e->filename, '.');
    size_t stem = dot && dot != e->filename ? (size_t)(dot - e->filename) : strlen(e->filename);
    snprintf(m[n].name, sizeof m[n].name, "%s/%.*s-%lld%s", dir, (int)stem, e->filename,
             (long long)e->id, dot && dot != e->filename ? dot : "");
    if (!zz_package_path_safe(m[n].name) || name_used(m, n, m[n].name))
        snprintf(m[n].name, sizeof m[n].name, "evidence/item-%zu/%lld", n, (long long)e->id);
}

static json_t *members_of(const member *m, size_t n, const char *req)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        if (strcmp(m[i].req, req) == 0) json_array_append_new(a, json_string(m[i].name));
    return a;
}

static int write_json(zz_package_writer *w, const char *name, json_t *o, zz_err *err)
{
    char *t = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (!t) return nomem(err);
    int rc = zz_package_add_bytes(w, name, t, strlen(t), err);
    free(t);
    return rc;
}

/* Writes the whole package for dd into path; *n_files gets the file count. */
static int write_package(zz_ctx *cx, const ddata *dd, const zz_catalog *cat, const char *path,
                         const char *content, size_t *n_files, zz_err *err)
{
    const zz_dossier *d = dd->d;
    const zz_sm2_key *key = NULL;
    int rc = zz_ctx_key(cx, &key, err);
    if (rc < 0) return rc;
    char name[201] = "", uscc[19] = "";
    bool found = false;
    if ((rc = zz_dossier_store_org(cx->st, d->org_id, name, uscc, &found, err)) < 0) return rc;

    size_t nm = 0, cap = 1;
    for (size_t i = 0; i < dd->n_ev; i++)
        cap += dd->ev[i].n_req_ids ? dd->ev[i].n_req_ids : 1;
    member *m = calloc(cap, sizeof *m);
    if (!m) return nomem(err);
    for (size_t i = 0; i < dd->n_ev; i++) {
        const zz_dossier_evidence *e = &dd->ev[i];
        for (size_t j = 0; j < (e->n_req_ids ? e->n_req_ids : 1); j++) {
            m[nm].ev = i;
            snprintf(m[nm].req, sizeof m[nm].req, "%s", e->n_req_ids ? e->req_ids[j] : "");
            member_name(m, nm, e, m[nm].req);
            nm++;
        }
    }

    zz_package_writer *w = NULL;
    if ((rc = zz_package_writer_open(&w, path, cx->clock.now_usec / 1000000, err)) < 0) {
        free(m);
        return rc;
    }
    char today[ZZ_DATE_STRLEN];
    today_str(cx, today);

    /* form.json: the application form (申请书) data */
    json_t *form =
        json_pack("{s:s,s:I,s:{s:s,s:s},s:s,s:i,s:{s:s,s:s},s:o}", "format",
                  "zizhi-application-form", "dossier_id", (json_int_t)d->id, "organisation", "name",
                  name, "uscc", uscc, "category", d->category, "level", d->level, "catalog", "id",
                  d->catalog_id, "version", d->catalog_version, "form", form_object(d->form_json));
    if ((rc = write_json(w, "form.json", form, err)) < 0) goto fail;

    /* self-assessment.json: every requirement in guide order with its answer and evidence */
    json_t *reqs = json_array();
    for (size_t i = 0; i < cat->n_reqs; i++) {
        const zz_cat_req *r = cat->reqs[i];
        const zz_dossier_answer_row *a = find_answer(dd, r->id);
        zz_self_rating sr = ZZ_SELF_CONFORMS;
        bool rated = a && zz_self_rating_parse(&sr, a->self_rating, NULL) == 0;
        json_array_append_new(
            reqs, json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "id", r->id, "kind",
                            zz_cat_kind_name(r->kind), "text", r->text, "self_rating",
                            rated ? json_string(RATING_NAMES[sr]) : json_null(), "self_rating_zh",
                            rated ? json_string(RATING_NAMES_ZH[sr]) : json_null(), "statement",
                            a ? json_string(a->statement) : json_null(), "evidence",
                            members_of(m, nm, r->id)));
    }
    json_t *sa = json_pack("{s:s,s:I,s:{s:s,s:s,s:o},s:o,s:o}", "format", "zizhi-self-assessment",
                           "dossier_id", (json_int_t)d->id, "catalog", "id", cat->id, "version",
                           cat->version, "title", jstr(cat->title), "requirements", reqs,
                           "unmapped_evidence", members_of(m, nm, ""));
    if ((rc = write_json(w, "self-assessment.json", sa, err)) < 0) goto fail;

    /* the stamped scan and every evidence file */
    char src[ZZ_BLOB_PATH_MAX];
    if (d->stamped_scan[0]) {
        char nm_scan[64];
        if ((rc = zz_blob_path(src, cx->data_dir, d->stamped_scan, err)) < 0) goto fail;
        snprintf(nm_scan, sizeof nm_scan, "form/stamped-scan%s", zz_package_guess_ext(src));
        if ((rc = zz_package_add_file(w, nm_scan, src, d->stamped_scan, err)) < 0) goto fail;
    }
    for (size_t i = 0; i < nm; i++) {
        const zz_dossier_evidence *e = &dd->ev[m[i].ev];
        if ((rc = zz_blob_path(src, cx->data_dir, e->digest, err)) < 0 ||
            (rc = zz_package_add_file(w, m[i].name, src, e->digest, err)) < 0)
            goto fail;
    }
    *n_files = nm + 2 + (d->stamped_scan[0] ? 1 : 0);

    json_t *meta = json_pack(
        "{s:I,s:I,s:s,s:s,s:s,s:i,s:s,s:s,s:s,s:s,s:s}", "dossier_id", (json_int_t)d->id, "org_id",
        (json_int_t)d->org_id, "org_name", name, "org_uscc", uscc, "category", d->category, "level",
        d->level, "catalog_id", d->catalog_id, "catalog_version", d->catalog_version,
        "content_digest", content, "built_on", today, "built_by", cx->actor.username);
    char *mt = json_text(meta);
    if (!mt) {
        rc = nomem(err);
        goto fail;
    }
    rc = zz_package_writer_finish(w, mt, key, err); /* frees w, removes the file on failure */
    free(mt);
    free(m);
    return rc;
fail:
    zz_package_writer_abort(w);
    free(m);
    return rc;
}

int zz_dossier_build_package(zz_ctx *cx, int64_t id, const char *out_path,
                             char package_digest[ZZ_SM3_HEXLEN + 1], zz_err *err)
{
    if (package_digest) package_digest[0] = '\0';
    zz_dossier *d0 = NULL;
    int rc = load_for(cx, id, ACC_PREPARE, false, &d0, err);
    if (rc < 0) return rc;
    if (strcmp(d0->status, "draft") != 0) {
        rc = not_draft(d0, err);
        zz_dossier_free(d0);
        return rc;
    }
    zz_dossier_free(d0);

    /* built outside the write lock (it may be large); the content is compared again below */
    ddata dd;
    const zz_catalog *cat = NULL;
    char content[ZZ_SM3_HEXLEN + 1], pkg[ZZ_SM3_HEXLEN + 1];
    if ((rc = ddata_load(cx, id, &dd, err)) < 0) return rc;
    char tmp[1200], uuid[37];
    const char *path = out_path;
    if (!path) {
        if ((rc = zz_uuid4(uuid, err)) < 0) {
            ddata_free(&dd);
            return rc;
        }
        snprintf(tmp, sizeof tmp, "%s/package-%s.zip.part", cx->data_dir, uuid);
        path = tmp;
    }
    size_t n_files = 0;
    if ((rc = bound_catalog(cx, dd.d, &cat, err)) < 0 ||
        (rc = content_digest(&dd, content, err)) < 0 ||
        (rc = write_package(cx, &dd, cat, path, content, &n_files, err)) < 0) {
        ddata_free(&dd);
        return rc; /* write_package leaves no file behind */
    }
    ddata_free(&dd);
    if ((rc = zz_blob_put_file(pkg, cx->data_dir, path, err)) < 0) goto drop;

    zz_dossier *d = NULL;
    if ((rc = begin_draft(cx, id, ACC_PREPARE, &d, err)) < 0) goto drop;
    zz_dossier_free(d);
    char now_content[ZZ_SM3_HEXLEN + 1], today[ZZ_DATE_STRLEN];
    if ((rc = ddata_load(cx, id, &dd, err)) < 0) {
        zz_action_abort(cx, rc);
        goto drop;
    }
    rc = content_digest(&dd, now_content, err);
    ddata_free(&dd);
    if (rc == ZZ_OK && strcmp(now_content, content) != 0)
        rc = zz_err_set(
            err, ZZ_ECONFLICT, "dossier.changed", "生成资料包期间申请 %lld 被修改，请重新生成",
            "dossier %lld changed while its package was built: build it again", (long long)id);
    today_str(cx, today);
    if (rc == ZZ_OK)
        rc = zz_dossier_store_set_package(cx->st, id, pkg, content, today, cx->clock.now_usec, err);
    if (rc < 0) {
        zz_action_abort(cx, rc);
        goto drop;
    }
    rc = commit_action(cx, id, "dossier.package",
                       json_pack("{s:s,s:s,s:I}", "package_digest", pkg, "content_digest", content,
                                 "files", (json_int_t)n_files),
                       err);
    if (rc < 0) goto drop;
    if (!out_path) zz_file_remove(tmp);
    if (package_digest) snprintf(package_digest, ZZ_SM3_HEXLEN + 1, "%s", pkg);
    return ZZ_OK;
drop:
    zz_file_remove(path); /* we made it; a package that was not recorded must not be mistaken for one */
    return rc;
}

int zz_dossier_export_package(zz_ctx *cx, int64_t id, const char *out_path, zz_err *err)
{
    zz_dossier *d = NULL;
    int rc = load_for(cx, id, ACC_READ, false, &d, err);
    if (rc < 0) return rc;
    if (!d->package_digest[0])
        rc = zz_err_rule(err, ZZ_ENOTFOUND, "package.missing", "R-2.5",
                         "申请 %lld 尚未生成电子版资料包", "dossier %lld has no electronic package",
                         (long long)id);
    else
        rc = zz_package_copy_blob(cx->data_dir, d->package_digest, out_path, err);
    zz_dossier_free(d);
    return rc;
}

int zz_dossier__package_verify(zz_ctx *cx, int64_t dossier_id, bool *ok, zz_err *err)
{
    *ok = false;
    zz_dossier *d = NULL;
    int rc = zz_dossier_store_get(cx->st, dossier_id, false, &d, err);
    if (rc < 0) return rc == ZZ_ENOTFOUND ? not_found(dossier_id, err) : rc;
    rc = ZZ_OK;
    if (!d->package_digest[0]) {
        zz_err_rule(err, ZZ_ENOTFOUND, "package.missing", "R-2.5", "申请 %lld 尚未生成电子版资料包",
                    "dossier %lld has no electronic package", (long long)dossier_id);
        zz_dossier_free(d);
        return ZZ_OK;
    }
    const zz_sm2_key *key = NULL;
    if ((rc = zz_ctx_key(cx, &key, err)) < 0) {
        zz_dossier_free(d);
        return rc;
    }
    zz_package_info info;
    zz_err e2 = ZZ_ERR_INIT;
    rc = zz_package_verify_blob(cx->data_dir, d->package_digest, key, &info, &e2);
    if (rc == ZZ_ENOMEM) {
        if (err) *err = e2;
        zz_dossier_free(d);
        return rc;
    }
    if (rc < 0) { /* a failed verification is an answer, not a failure to answer */
        if (err) *err = e2;
        zz_dossier_free(d);
        return ZZ_OK;
    }
    json_t *meta = json_loads(info.meta_json, 0, NULL);
    json_int_t mid = json_integer_value(json_object_get(meta, "dossier_id"));
    const char *mc = json_string_value(json_object_get(meta, "content_digest"));
    if (mid != dossier_id || !mc || strcmp(mc, d->package_content_digest) != 0)
        zz_err_rule(err, ZZ_ECONFLICT, "package.mismatch", "R-2.5",
                    "电子版资料包的清单与申请 %lld 的记录不符",
                    "the package manifest does not match the record of dossier %lld",
                    (long long)dossier_id);
    else
        *ok = true;
    json_decref(meta);
    zz_package_info_free(&info);
    zz_dossier_free(d);
    return ZZ_OK;
}

int zz_dossier_package_verify(zz_ctx *cx, int64_t dossier_id, bool *ok, zz_err *err)
{
    *ok = false;
    zz_dossier *d = NULL;
    int rc = load_for(cx, dossier_id, ACC_READ, false, &d, err);
    if (rc < 0) return rc;
    zz_dossier_free(d);
    return zz_dossier__package_verify(cx, dossier_id, ok, err);
}

/* ================================================================ submission */

int zz_dossier_submit(zz_ctx *cx, int64_t id, int64_t *case_id, zz_err *err)
{
    *case_id = 0;
    zz_dossier *d = NULL;
    int rc = begin_draft(cx, id, ACC_SUBMIT, &d, err);
    if (rc < 0) return rc;
    zz_dossier_free(d);
    ddata dd;
    const zz_catalog *cat = NULL;
    fvec fv = {0};
    if ((rc = ddata_load(cx, id, &dd, err)) < 0) return zz_action_abort(cx, rc);
    zz_date on = cx->clock.today; /* the submission date is the date that counts */
    if ((rc = bound_catalog(cx, dd.d, &cat, err)) < 0 ||
        (rc = run_check(cx, &dd, cat, on, &fv, err)) < 0)
        goto fail;
    if (fv.n > 0) { /* refused while the list is not empty */
        char zh[400] = "", en[400] = "";
        for (size_t i = 0; i < fv.n && i < 3; i++) {
            size_t lz = strlen(zh), le = strlen(en);
            snprintf(zh + lz, sizeof zh - lz, "%s%s", i ? "；" : "", fv.v[i].text_zh);
            snprintf(en + le, sizeof en - le, "%s%s", i ? "; " : "", fv.v[i].text_en);
        }
        rc = zz_err_rule(
            err, ZZ_ERULE, "gate.incomplete", "R-2.2",
            "申请材料尚不完整，还有 %zu 项问题，不能提交（完整清单见逐项检查报告）：%s%.0s",
            "the dossier is incomplete: %zu findings remain, it cannot be submitted "
            "(see the completeness report): %.0s%s",
            fv.n, zh, en);
        goto fail;
    }
    if ((rc = classify(cx, dd.d, on, err)) < 0 ||
        (rc = zz_dossier_store_set_type(cx->st, id, dd.d, cx->clock.now_usec, err)) < 0)
        goto fail;
    char today[ZZ_DATE_STRLEN];
    zz_date_format(on, today);
    if ((rc = zz_dossier_store_set_submitted(cx->st, id, today, cx->clock.now_usec, err)) < 0 ||
        (rc = zz_case__create(cx, id, dd.d->org_id, on, case_id, err)) < 0)
        goto fail;
    json_t *det = json_pack("{s:s,s:I}", "submitted_on", today, "case_id", (json_int_t)*case_id);
    type_detail(det, dd.d);
    ddata_free(&dd);
    free(fv.v);
    rc = commit_action(cx, id, "dossier.submit", det, err);
    if (rc < 0) *case_id = 0;
    return rc;
fail:
    ddata_free(&dd);
    free(fv.v);
    *case_id = 0;
    return zz_action_abort(cx, rc);
}

/* ================================================================ R-1.8 rebind */

int zz_rebind_report_json(char **out, const zz_rebind_report *r, zz_err *err)
{
    json_t *lists[5];
    char **const src[5] = {r->added, r->removed, r->reworded, r->dropped_answers,
                           r->dropped_mappings};
    const size_t ns[5] = {r->n_added, r->n_removed, r->n_reworded, r->n_dropped_answers,
                          r->n_dropped_mappings};
    for (int k = 0; k < 5; k++) {
        lists[k] = json_array();
        for (size_t i = 0; i < ns[k]; i++)
            json_array_append_new(lists[k], json_string(src[k][i]));
    }
    json_t *o = json_pack("{s:s,s:s,s:b,s:b,s:o,s:o,s:o,s:o,s:o}", "from_version", r->from_version,
                          "to_version", r->to_version, "changed", r->changed, "old_known",
                          r->old_known, "added", lists[0], "removed", lists[1], "reworded",
                          lists[2], "dropped_answers", lists[3], "dropped_mappings", lists[4]);
    *out = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    return *out ? ZZ_OK : nomem(err);
}

int zz_dossier_rebind(zz_ctx *cx, int64_t id, zz_rebind_report *r, zz_err *err)
{
    memset(r, 0, sizeof *r);
    zz_dossier *d = NULL;
    int rc = begin_draft(cx, id, ACC_PREPARE, &d, err);
    if (rc < 0) return rc;
    ddata dd;
    memset(&dd, 0, sizeof dd);
    const zz_catalog *now = NULL, *old = NULL;
    snprintf(r->from_version, sizeof r->from_version, "%s", d->catalog_version);
    if ((rc = zz_ctx_catalog_for(cx, d->category, d->level, &now, err)) < 0) goto fail;
    snprintf(r->to_version, sizeof r->to_version, "%s", now->version);
    if (strcmp(now->id, d->catalog_id) != 0) {
        rc = zz_err_rule(err, ZZ_ECONFLICT, "catalog.id_changed", "R-1.8",
                         "当前要求目录编号 %s 与申请绑定的 %s 不同，不能迁移",
                         "the current catalogue is %s, not %s: cannot rebind", now->id,
                         d->catalog_id);
        goto fail;
    }
    if (strcmp(now->version, d->catalog_version) == 0) { /* nothing to do, nothing written */
        zz_dossier_free(d);
        zz_action_abort(cx, 0);
        return ZZ_OK;
    }
    r->changed = true;
    zz_err e2 = ZZ_ERR_INIT;
    rc = zz_ctx_catalog(cx, d->catalog_id, d->catalog_version, &old, &e2);
    if (rc == ZZ_ENOTFOUND)
        old = NULL; /* the old version's file is gone: report what the data shows */
    else if (rc < 0) {
        if (err) *err = e2;
        goto fail;
    }
    r->old_known = old != NULL;
    if ((rc = ddata_load(cx, id, &dd, err)) < 0) goto fail;
    if (old) {
        for (size_t i = 0; i < now->n_reqs && rc == ZZ_OK; i++) {
            const zz_cat_req *nr = now->reqs[i], *orq = zz_catalog_req(old, nr->id);
            if (!orq)
                rc = strv_push(&r->added, &r->n_added, nr->id, err);
            else if (strcmp(orq->text, nr->text) != 0)
                rc = strv_push(&r->reworded, &r->n_reworded, nr->id, err);
        }
        for (size_t i = 0; i < old->n_reqs && rc == ZZ_OK; i++)
            if (!zz_catalog_req(now, old->reqs[i]->id))
                rc = strv_push(&r->removed, &r->n_removed, old->reqs[i]->id, err);
    }
    /* answers and mappings of items the new version no longer has are dropped and listed */
    for (size_t i = 0; i < dd.n_answers && rc == ZZ_OK; i++) {
        const char *q = dd.answers[i].req_id;
        if (zz_catalog_req(now, q)) continue;
        if (!old) {
            bool listed = false;
            for (size_t k = 0; k < r->n_removed; k++)
                listed = listed || strcmp(r->removed[k], q) == 0;
            if (!listed && (rc = strv_push(&r->removed, &r->n_removed, q, err)) < 0) break;
        }
        if ((rc = zz_dossier_store_answer_delete(cx->st, id, q, err)) == ZZ_OK)
            rc = strv_push(&r->dropped_answers, &r->n_dropped_answers, q, err);
    }
    for (size_t i = 0; i < dd.n_ev && rc == ZZ_OK; i++) {
        for (size_t j = 0; j < dd.ev[i].n_req_ids && rc == ZZ_OK; j++) {
            const char *q = dd.ev[i].req_ids[j];
            if (zz_catalog_req(now, q)) continue;
            char m[128];
            snprintf(m, sizeof m, "%lld:%s", (long long)dd.ev[i].id, q);
            if (!old) {
                bool listed = false;
                for (size_t k = 0; k < r->n_removed; k++)
                    listed = listed || strcmp(r->removed[k], q) == 0;
                if (!listed && (rc = strv_push(&r->removed, &r->n_removed, q, err)) < 0) break;
            }
            if ((rc = zz_dossier_store_item_delete(cx->st, dd.ev[i].id, q, NULL, err)) == ZZ_OK)
                rc = strv_push(&r->dropped_mappings, &r->n_dropped_mappings, m, err);
        }
    }
    if (rc < 0 ||
        (rc = zz_dossier_store_set_catalog(cx->st, id, now->version, cx->clock.now_usec, err)) < 0)
        goto fail;
    ddata_free(&dd);
    zz_dossier_free(d);
    char *text = NULL;
    if ((rc = zz_rebind_report_json(&text, r, err)) < 0) return zz_action_abort(cx, rc);
    json_t *det = json_loads(text, 0, NULL);
    free(text);
    rc = commit_action(cx, id, "dossier.rebind", det, err);
    if (rc < 0) {
        zz_rebind_report_free(r);
        return rc;
    }
    return ZZ_OK;
fail:
    ddata_free(&dd);
    zz_dossier_free(d);
    {
        /* keep the versions for the caller's message, drop the lists */
        char from[51], to[51];
        memcpy(from, r->from_version, sizeof from);
        memcpy(to, r->to_version, sizeof to);
        zz_rebind_report_free(r);
        memcpy(r->from_version, from, sizeof from);
        memcpy(r->to_version, to, sizeof to);
    }
    return zz_action_abort(cx, rc);
}
