/*
 * org.c — applicant organisations, their people and service projects: who may see and change
 * them, their validation and the personal-data export.
 * SQL is in src/store/org_store.c; every change is one audited action.
 */
#include "zizhi/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/domain_int.h"
#include "store/org_store.h"
#include "store/user_store.h"
#include "zizhi/audit.h"
#include "zizhi/blob.h"
#include "zizhi/ctx.h"

/* ---- names --------------------------------------------------------------------------------- */

static const char *const EMPLOY[ZZ_EMPLOY__COUNT] = {"full_time", "part_time", "contractor"};
static const char *const EMPLOY_ZH[ZZ_EMPLOY__COUNT] = {"专职", "兼职", "外聘"};
static const char *const ACCEPT[ZZ_ACCEPT__COUNT] = {"pending", "passed", "failed"};
static const char *const ACCEPT_ZH[ZZ_ACCEPT__COUNT] = {"未验收", "验收通过", "验收未通过"};

const char *zz_employment_name(zz_employment e)
{
    return (unsigned)e < ZZ_EMPLOY__COUNT ? EMPLOY[e] : NULL;
}

const char *zz_employment_name_zh(zz_employment e)
{
    return (unsigned)e < ZZ_EMPLOY__COUNT ? EMPLOY_ZH[e] : NULL;
}

int zz_employment_parse(const char *s)
{
    for (int i = 0; s && i < ZZ_EMPLOY__COUNT; i++)
        if (strcmp(s, EMPLOY[i]) == 0) return i;
    return -1;
}

const char *zz_acceptance_name(zz_acceptance a)
{
    return (unsigned)a < ZZ_ACCEPT__COUNT ? ACCEPT[a] : NULL;
}

const char *zz_acceptance_name_zh(zz_acceptance a)
{
    return (unsigned)a < ZZ_ACCEPT__COUNT ? ACCEPT_ZH[a] : NULL;
}

int zz_acceptance_parse(const char *s)
{
    for (int i = 0; s && i < ZZ_ACCEPT__COUNT; i++)
        if (strcmp(s, ACCEPT[i]) == 0) return i;
    return -1;
}

/* ---- memory -------------------------------------------------------------------------------- */

static void org_clear(zz_org *o)
{
    free(o->name);
    free(o->exception_reason);
    free(o->exception_evidence);
    free(o->address);
    free(o->contact_name);
    free(o->contact_phone);
    free(o->email);
}

void zz_org_free(zz_org *o)
{
    if (o) {
        org_clear(o);
        free(o);
    }
}

void zz_org_list_free(zz_org *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        org_clear(&list[i]);
    free(list);
}

static void person_clear(zz_person *p)
{
    free(p->name);
    free(p->position);
    free(p->cisp_number);
}

void zz_person_free(zz_person *p)
{
    if (p) {
        person_clear(p);
        free(p);
    }
}

void zz_person_list_free(zz_person *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        person_clear(&list[i]);
    free(list);
}

static void project_clear(zz_project *p)
{
    free(p->name);
    free(p->client);
}

void zz_project_free(zz_project *p)
{
    if (p) {
        project_clear(p);
        free(p);
    }
}

void zz_project_list_free(zz_project *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        project_clear(&list[i]);
    free(list);
}

/* ---- canonical JSON ------------------------------------------------------------------------ */

static json_t *date_json(zz_date d)
{
    char buf[ZZ_DATE_STRLEN];
    return zz_date_is_set(d) ? json_string(zz_date_format(d, buf)) : json_null();
}

static json_t *org_json(const zz_org *o)
{
    json_t *j = json_object();
    if (!j) return NULL;
    json_object_set_new(j, "id", json_integer(o->id));
    json_object_set_new(j, "name", zz__json_str(o->name));
    json_object_set_new(j, "uscc", zz__json_str(o->uscc));
    json_object_set_new(j, "legal_person", json_boolean(o->legal_person));
    json_object_set_new(j, "exception_reason", zz__json_str(o->exception_reason));
    json_object_set_new(j, "exception_evidence", zz__json_str(o->exception_evidence));
    json_object_set_new(j, "address", zz__json_str(o->address));
    json_object_set_new(j, "contact_name", zz__json_str(o->contact_name));
    json_object_set_new(j, "contact_phone", zz__json_str(o->contact_phone));
    json_object_set_new(j, "email", zz__json_str(o->email));
    json_object_set_new(j, "created_usec", json_integer(o->created_usec));
    return j;
}

static json_t *person_json(const zz_person *p)
{
    json_t *j = json_object();
    if (!j) return NULL;
    json_object_set_new(j, "id", json_integer(p->id));
    json_object_set_new(j, "org_id", json_integer(p->org_id));
    json_object_set_new(j, "name", zz__json_str(p->name));
    json_object_set_new(j, "employment", zz__json_str(zz_employment_name(p->employment)));
    json_object_set_new(j, "ai_security", json_boolean(p->ai_security));
    json_object_set_new(j, "position", zz__json_str(p->position));
    json_object_set_new(j, "cisp_number", zz__json_str(p->cisp_number));
    json_object_set_new(j, "cisp_valid_from", date_json(p->cisp_valid_from));
    json_object_set_new(j, "cisp_valid_until", date_json(p->cisp_valid_until));
    json_object_set_new(j, "nda_signed_on", date_json(p->nda_signed_on));
    json_object_set_new(j, "active", json_boolean(p->active));
    return j;
}

static json_t *project_json(const zz_project *p)
{
    json_t *j = json_object();
    if (!j) return NULL;
    json_object_set_new(j, "id", json_integer(p->id));
    json_object_set_new(j, "org_id", json_integer(p->org_id));
    json_object_set_new(j, "name", zz__json_str(p->name));
    json_object_set_new(j, "client", zz__json_str(p->client));
    json_object_set_new(j, "ai_security", json_boolean(p->ai_security));
    json_object_set_new(j, "started_on", date_json(p->started_on));
    json_object_set_new(j, "completed_on", date_json(p->completed_on));
    json_object_set_new(j, "acceptance", zz__json_str(zz_acceptance_name(p->acceptance)));
    json_object_set_new(j, "accepted_on", date_json(p->accepted_on));
    return j;
}

static int text_out(json_t *j, char **out, zz_err *err)
{
    *out = zz__json_text(j);
    return *out ? ZZ_OK : zz__nomem(err);
}

int zz_org_to_json(const zz_org *o, char **out, zz_err *err)
{
    return text_out(org_json(o), out, err);
}

int zz_person_to_json(const zz_person *p, char **out, zz_err *err)
{
    return text_out(person_json(p), out, err);
}

int zz_project_to_json(const zz_project *p, char **out, zz_err *err)
{
    return text_out(project_json(p), out, err);
}

/* Digest of a canonical JSON object (R-8.1: the object after the change). */
static int digest_json(json_t *j, char hex[ZZ_SM3_HEXLEN + 1], zz_err *err)
{
    char *text = zz__json_text(j);
    if (!text) return zz__nomem(err);
    int rc = zz__digest_text(text, hex, err);
    free(text);
    return rc;
}

/* ---- access (R-0.1, R-0.2, R-0.3) ---------------------------------------------------------- */

#define ROLES_SEE_ALL  (ZZ_R(ZZ_ROLE_MANAGER) | ZZ_R(ZZ_ROLE_SUPERVISOR))
#define ROLES_ASSIGNED (ZZ_R(ZZ_ROLE_PROJECT_LEAD) | ZZ_R(ZZ_ROLE_ASSESSOR) | ZZ_R(ZZ_ROLE_EXPERT))

static int not_found(int64_t org_id, zz_err *err)
{
    return zz_err_rule(err, ZZ_ENOTFOUND, "org.not_found", "R-0.1", "找不到编号为 %lld 的单位",
                       "no organisation with id %lld", (long long)org_id);
}

static int no_right(const zz_ctx *cx, const char *what_zh, const char *what_en, zz_err *err)
{
    return zz_err_rule(err, ZZ_EPERM, "auth.role", "R-0.1", "%s%.0s 无权%s%.0s",
                       "%.0s%s may not %.0s%s", cx->actor.username, cx->actor.username, what_zh,
                       what_en);
}

int zz_org_access(zz_ctx *cx, int64_t org_id, zz_org_access_kind kind, zz_err *err)
{
    if (org_id <= 0) return not_found(org_id, err);
    zz_roles roles = cx->actor.roles;
    bool sys = zz_ctx_is_system(cx);
    bool own = (roles & ZZ_ROLES_APPLICANT) && cx->actor.org_id == org_id;
    bool own_admin = own && (roles & ZZ_R(ZZ_ROLE_APPLICANT_ADMIN));
    bool see_all = sys || (roles & ROLES_SEE_ALL);
    bool assigned = false;
    if (!own && !see_all && (roles & ROLES_ASSIGNED)) {
        int rc = zz_org_store_assigned(cx->st, cx->actor.user_id, org_id, &assigned, err);
        if (rc < 0) return rc;
    }
    bool sys_admin = (roles & ZZ_R(ZZ_ROLE_SYS_ADMIN)) != 0;
    bool read = own || see_all || assigned || sys_admin;
    bool personal = own || see_all || assigned;
    bool manage = sys || own_admin;
    if (!read) return not_found(org_id, err); /* never reveal that it exists */
    if ((see_all || sys_admin) && !own) {
        bool exists = false;
        int rc = zz_org_store_exists(cx->st, org_id, &exists, err);
        if (rc < 0) return rc;
        if (!exists) return not_found(org_id, err);
    }
    switch (kind) {
    case ZZ_ORG_READ:
        return ZZ_OK;
    case ZZ_ORG_READ_PERSONAL:
        return personal ? ZZ_OK
                        : no_right(cx, "查看该单位的人员和项目信息（个人信息）",
                                   "see the people and projects of this organisation", err);
    case ZZ_ORG_MANAGE:
        return manage ? ZZ_OK
                      : no_right(cx, "修改该单位的数据（仅限本单位管理员）",
                                 "change this organisation's data (its applicant_admin only)", err);
    }
    return not_found(org_id, err);
}

/* ---- organisations ------------------------------------------------------------------------- */

static int too_long(const char *field_zh, const char *field_en, size_t max, zz_err *err)
{
    return zz_err_set(err, ZZ_EINVAL, "input.too_long", "%s%.0s 最多 %zu 字节",
                      "%.0s%s is at most %zu bytes", field_zh, field_en, max);
}

static const char *opt(const char *s)
{
    return zz__blank(s) ? NULL : s;
}

/*
 * Validates in and fills o (strings borrowed from in, uscc normalised).: a valid USCC; the
 * exception reason and the digest of stored evidence when not an independent legal person.
 */
static int org_from_in(zz_ctx *cx, const zz_org_in *in, zz_org *o, zz_err *err)
{
    memset(o, 0, sizeof *o);
    if (zz__blank(in->name))
        return zz_err_set(err, ZZ_EINVAL, "input.name", "单位名称必填%s",
                          "the organisation's name is required%s", "");
    if (strlen(in->name) > 200) return too_long("单位名称", "the name", 200, err);
    int rc = zz_uscc_check(o->uscc, in->uscc ? in->uscc : "", err); /* */
    if (rc < 0) return rc;
    if ((rc = zz__email_check(in->email, err)) < 0) return rc;
    if (opt(in->address) && strlen(in->address) > 300)
        return too_long("地址", "the address", 300, err);
    if (opt(in->contact_name) && strlen(in->contact_name) > 100)
        return too_long("联系人", "the contact name", 100, err);
    if (opt(in->contact_phone) && strlen(in->contact_phone) > 50)
        return too_long("联系电话", "the contact phone", 50, err);
    o->name = (char *)in->name;
    o->email = (char *)in->email;
    o->address = (char *)opt(in->address);
    o->contact_name = (char *)opt(in->contact_name);
    o->contact_phone = (char *)opt(in->contact_phone);
    o->legal_person = in->legal_person;
    if (in->legal_person) return ZZ_OK;
    /* "in principle" a legal person — otherwise the justification and its evidence */
    if (zz__blank(in->exception_reason) || zz__blank(in->exception_evidence))
        return zz_err_rule(err, ZZ_EINVAL, "input.exception_reason", "R-1.2",
                           "非独立法人单位必须填写例外说明并提供证明材料（%s）",
                           "an organisation that is not an independent legal person must give "
                           "its justification and supporting evidence (%s)",
                           zz__blank(in->exception_reason) ? "reason missing / 缺少说明"
                                                           : "evidence missing / 缺少证明材料");
    if (!zz_blob_hex_valid(in->exception_evidence))
        return zz_err_rule(err, ZZ_EINVAL, "input.exception_evidence", "R-1.2",
                           "证明材料应为已上传证据文件的 SM3 摘要（64 位小写十六进制）%s",
                           "the evidence must be the SM3 digest of an uploaded evidence file (64 "
                           "lower-case hex digits)%s",
                           "");
    zz_err e2 = ZZ_ERR_INIT;
    if (zz_blob_verify(cx->data_dir, in->exception_evidence, &e2) < 0)
        return zz_err_rule(err, ZZ_EINVAL, "input.exception_evidence", "R-1.2",
                           "证明材料 %.16s… 不在证据库中或已损坏",
                           "evidence %.16s... is not in the evidence store or is damaged",
                           in->exception_evidence);
    o->exception_reason = (char *)in->exception_reason;
    o->exception_evidence = (char *)in->exception_evidence;
    return ZZ_OK;
}

static char *org_detail(const zz_org *o, const char *admin)
{
    json_t *j = json_object();
    if (!j) return NULL;
    json_object_set_new(j, "uscc", zz__json_str(o->uscc));
    json_object_set_new(j, "name", zz__json_str(o->name));
    json_object_set_new(j, "legal_person", json_boolean(o->legal_person));
    if (admin) json_object_set_new(j, "first_admin", zz__json_str(admin));
    return zz__json_text(j);
}

int zz_org_create(zz_ctx *cx, const zz_org_in *in, const zz_user_new *first_admin, int64_t *id,
                  int64_t *admin_id, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_SYS_ADMIN), err);
    if (rc < 0) return rc;
    zz_org o;
    if ((rc = org_from_in(cx, in, &o, err)) < 0) return rc;
    o.created_usec = cx->clock.now_usec;
    zz_user_new admin;
    char *hash = NULL;
    if (first_admin) {
        admin = *first_admin;
        if ((rc = zz_user_check_new(&admin, err)) < 0) return rc;
        zz_pw_params pp = zz_user_pw_params();
        if (admin.password && (rc = zz_pw_hash(&hash, admin.password, &pp, err)) < 0) return rc;
    }
    if ((rc = zz_action_begin(cx, err)) < 0) {
        free(hash);
        return rc;
    }
    zz_org *dup = NULL;
    if (zz_org_store_get_by_uscc(cx->st, o.uscc, &dup, NULL) == ZZ_OK) {
        zz_org_free(dup);
        free(hash);
        rc = zz_err_rule(err, ZZ_EEXISTS, "org.exists", "R-1.2",
                         "统一社会信用代码为 %s 的单位已存在",
                         "an organisation with USCC %s already exists", o.uscc);
        return zz_action_abort(cx, rc);
    }
    int64_t oid = 0, uid = 0;
    char digest[ZZ_SM3_HEXLEN + 1], udigest[ZZ_SM3_HEXLEN + 1];
    rc = zz_org_store_insert(cx->st, &o, &oid, err);
    o.id = oid;
    if (rc == ZZ_OK) rc = digest_json(org_json(&o), digest, err);
    char *detail = rc == ZZ_OK ? org_detail(&o, first_admin ? admin.username : NULL) : NULL;
    if (rc == ZZ_OK && !detail) rc = zz__nomem(err);
    if (rc == ZZ_OK && first_admin) {
        admin.org_id = oid;
        /* the system (demo building) also grants the role; a sys_admin makes no grants */
        zz_roles grant = zz_ctx_is_system(cx) ? ZZ_R(ZZ_ROLE_APPLICANT_ADMIN) : 0;
        rc = zz_user__insert_tx(cx, &admin, hash, grant, &uid, err);
        if (rc == ZZ_OK) rc = zz_user__digest(cx->st, uid, udigest, err);
    }
    free(hash);
    char oid_s[32];
    snprintf(oid_s, sizeof oid_s, "%lld", (long long)oid);
    if (rc < 0) {
        free(detail);
        return zz_action_abort(cx, rc);
    }
    if (!first_admin) {
        rc = zz_action_commit(cx, "org.create", "org", oid_s, digest, detail, err);
    } else {
        rc = zz_audit_append(cx->st, &cx->clock, cx->actor.username, "org.create", "org", oid_s,
                             digest, detail, err);
        if (rc < 0) {
            free(detail);
            return zz_action_abort(cx, rc);
        }
        char udetail[64];
        snprintf(udetail, sizeof udetail, "{\"org_id\":%lld}", (long long)oid);
        rc = zz_action_commit(cx, "user.create", "user", admin.username, udigest, udetail, err);
    }
    free(detail);
    if (rc < 0) return rc;
    if (id) *id = oid;
    if (admin_id) *admin_id = uid;
    return ZZ_OK;
}

int zz_org_update(zz_ctx *cx, int64_t org_id, const zz_org_in *in, zz_err *err)
{
    /* the organisation's admin keeps its record; sys_admin corrects the records it created */
    bool sys_admin = zz_ctx_is_system(cx) || (cx->actor.roles & ZZ_R(ZZ_ROLE_SYS_ADMIN));
    int rc = zz_org_access(cx, org_id, sys_admin ? ZZ_ORG_READ : ZZ_ORG_MANAGE, err);
    if (rc < 0) return rc;
    zz_org o;
    if ((rc = org_from_in(cx, in, &o, err)) < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_org *cur = NULL;
    if ((rc = zz_org_store_get(cx->st, org_id, &cur, err)) < 0) return zz_action_abort(cx, rc);
    bool uscc_changed = strcmp(cur->uscc, o.uscc) != 0;
    o.id = cur->id;
    o.created_usec = cur->created_usec;
    zz_org_free(cur);
    if (uscc_changed && !sys_admin) /* the identity is corrected by sys_admin only */
        return zz_action_abort(cx, no_right(cx, "更改统一社会信用代码（由系统管理员更正）",
                                            "change the USCC (sys_admin corrects it)", err));
    char digest[ZZ_SM3_HEXLEN + 1];
    if ((rc = zz_org_store_update(cx->st, &o, err)) < 0 ||
        (rc = digest_json(org_json(&o), digest, err)) < 0)
        return zz_action_abort(cx, rc);
    char *detail = org_detail(&o, NULL);
    char oid_s[32];
    snprintf(oid_s, sizeof oid_s, "%lld", (long long)org_id);
    rc = zz_action_commit(cx, "org.update", "org", oid_s, digest, detail, err);
    free(detail);
    return rc;
}

int zz_org_get(zz_ctx *cx, int64_t org_id, zz_org **out, zz_err *err)
{
    *out = NULL;
    int rc = zz_org_access(cx, org_id, ZZ_ORG_READ, err);
    if (rc < 0) return rc;
    return zz_org_store_get(cx->st, org_id, out, err);
}

int zz_org_get_by_uscc(zz_ctx *cx, const char *uscc, zz_org **out, zz_err *err)
{
    *out = NULL;
    char norm[64];
    zz_uscc_normalize(norm, sizeof norm, uscc ? uscc : "");
    zz_org *o = NULL;
    int rc = zz_org_store_get_by_uscc(cx->st, norm, &o, err);
    if (rc == ZZ_OK && (rc = zz_org_access(cx, o->id, ZZ_ORG_READ, err)) < 0) {
        zz_org_free(o);
        o = NULL;
    }
    if (rc == ZZ_ENOTFOUND) /* missing and invisible answer alike */
        return zz_err_rule(err, ZZ_ENOTFOUND, "org.not_found", "R-0.1",
                           "找不到统一社会信用代码为 %.40s 的单位",
                           "no organisation with USCC %.40s", norm);
    if (rc < 0) return rc;
    *out = o;
    return ZZ_OK;
}

int zz_org_list(zz_ctx *cx, const zz_org_page *page, zz_org **out, size_t *n, size_t *total,
                zz_err *err)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    zz_org_scope scope = {0, 0};
    zz_roles roles = cx->actor.roles;
    if (zz_ctx_is_system(cx) || (roles & (ROLES_SEE_ALL | ZZ_R(ZZ_ROLE_SYS_ADMIN)))) {
        /* every organisation */
    } else if ((roles & ZZ_ROLES_APPLICANT) && cx->actor.org_id > 0) {
        scope.only_org = cx->actor.org_id; /* */
    } else if (roles & ROLES_ASSIGNED) {
        scope.assigned_user = cx->actor.user_id; /* */
    } else {
        return no_right(cx, "查看申请单位列表", "list organisations", err);
    }
    size_t limit = page && page->limit ? page->limit : ZZ_ORG_PAGE_DEFAULT;
    if (limit > ZZ_ORG_PAGE_MAX) limit = ZZ_ORG_PAGE_MAX;
    return zz_org_store_list(cx->st, &scope, page ? opt(page->query) : NULL,
                             page ? page->offset : 0, limit, out, n, total, err);
}

int zz_org_export_personal(zz_ctx *cx, int64_t org_id, char **json, zz_err *err)
{
    *json = NULL;
    int rc = zz_org_access(cx, org_id, ZZ_ORG_MANAGE, err); /* by its organisation */
    if (rc < 0) return rc;
    zz_org *o = NULL;
    zz_person *people = NULL;
    zz_user **users = NULL;
    size_t np = 0, nu = 0;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    if ((rc = zz_org_store_get(cx->st, org_id, &o, err)) < 0 ||
        (rc = zz_person_store_list(cx->st, org_id, true, &people, &np, err)) < 0 ||
        (rc = zz_user_store_list(cx->st, org_id, &users, &nu, err)) < 0)
        goto fail;

    char today[ZZ_DATE_STRLEN];
    json_t *doc = json_object(), *org = json_object(), *pa = json_array(), *ua = json_array();
    if (!doc || !org || !pa || !ua) {
        json_decref(doc);
        json_decref(org);
        json_decref(pa);
        json_decref(ua);
        rc = zz__nomem(err);
        goto fail;
    }
    json_object_set_new(doc, "format", json_string("zizhi-personal-data"));
    json_object_set_new(doc, "format_version", json_integer(1));
    json_object_set_new(doc, "exported_on", json_string(zz_date_format(cx->clock.today, today)));
    json_object_set_new(org, "id", json_integer(o->id));
    json_object_set_new(org, "name", zz__json_str(o->name));
    json_object_set_new(org, "uscc", zz__json_str(o->uscc));
    json_object_set_new(org, "contact_name", zz__json_str(o->contact_name));
    json_object_set_new(org, "contact_phone", zz__json_str(o->contact_phone));
    json_object_set_new(org, "email", zz__json_str(o->email));
    json_object_set_new(doc, "organisation", org);
    for (size_t i = 0; i < np; i++)
        json_array_append_new(pa, person_json(&people[i]));
    json_object_set_new(doc, "people", pa);
    for (size_t i = 0; i < nu; i++) {
        json_t *u = json_object();
        json_object_set_new(u, "username", zz__json_str(users[i]->username));
        json_object_set_new(u, "display_name", zz__json_str(users[i]->display_name));
        json_object_set_new(u, "email", zz__json_str(users[i]->email));
        json_t *r = json_array();
        for (int k = 0; k < ZZ_ROLE__COUNT; k++)
            if (users[i]->roles & ZZ_R(k))
                json_array_append_new(r, json_string(zz_role_name((zz_role)k)));
        json_object_set_new(u, "roles", r);
        json_object_set_new(u, "active", json_boolean(users[i]->active));
        json_array_append_new(ua, u);
    }
    json_object_set_new(doc, "accounts", ua);
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS);
    json_decref(doc);
    char sm3[ZZ_SM3_HEXLEN + 1];
    if (!text) {
        rc = zz__nomem(err);
        goto fail;
    }
    if ((rc = zz__digest_text(text, sm3, err)) < 0) {
        free(text);
        goto fail;
    }
    char detail[256], oid_s[32];
    snprintf(detail, sizeof detail, "{\"accounts\":%zu,\"export_sm3\":\"%s\",\"people\":%zu}", nu,
             sm3, np);
    snprintf(oid_s, sizeof oid_s, "%lld", (long long)org_id);
    zz_org_free(o);
    zz_person_list_free(people, np);
    zz_user_list_free(users, nu);
    /* who took the personal data out, and the digest of what was taken */
    if ((rc = zz_action_commit(cx, "org.export_personal", "org", oid_s, NULL, detail, err)) < 0) {
        free(text);
        return rc;
    }
    *json = text;
    return ZZ_OK;
fail:
    zz_org_free(o);
    zz_person_list_free(people, np);
    zz_user_list_free(users, nu);
    return zz_action_abort(cx, rc);
}

/* ---- people -------------------------------------------------------------------------------- */

static int bad_date_in(const char *field, zz_err *err)
{
    return zz_err_set(err, ZZ_EINVAL, "input.date", "%s 不是有效日期", "%s is not a valid date",
                      field);
}

static bool date_ok(zz_date d)
{
    return !zz_date_is_set(d) || zz_date_valid(d);
}

static int person_from_in(const zz_person_in *in, zz_person *p, zz_err *err)
{
    memset(p, 0, sizeof *p);
    if (zz__blank(in->name))
        return zz_err_set(err, ZZ_EINVAL, "input.name", "人员姓名必填%s",
                          "the person's name is required%s", "");
    if (strlen(in->name) > 100) return too_long("姓名", "the name", 100, err);
    if ((unsigned)in->employment >= ZZ_EMPLOY__COUNT)
        return zz_err_rule(
            err, ZZ_EINVAL, "input.employment", "R-1.3",
            "用工形式无效（应为 full_time 专职、part_time 兼职或 contractor 外聘）%s",
            "invalid employment (full_time, part_time or contractor)%s", "");
    if (opt(in->position) && strlen(in->position) > 100)
        return too_long("岗位", "the position", 100, err);
    if (!date_ok(in->cisp_valid_from)) return bad_date_in("cisp_valid_from", err);
    if (!date_ok(in->cisp_valid_until)) return bad_date_in("cisp_valid_until", err);
    if (!date_ok(in->nda_signed_on)) return bad_date_in("nda_signed_on", err);
    bool has_cisp = opt(in->cisp_number) != NULL;
    bool from = zz_date_is_set(in->cisp_valid_from), until = zz_date_is_set(in->cisp_valid_until);
    if (has_cisp && strlen(in->cisp_number) > 50)
        return too_long("CISP 证书编号", "the CISP number", 50, err);
    if (has_cisp && (!from || !until))
        return zz_err_rule(err, ZZ_EINVAL, "input.cisp", "R-1.3",
                           "填写 CISP 证书编号时必须同时填写有效期起止日期%s",
                           "a CISP number needs both validity dates%s", "");
    if (!has_cisp && (from || until))
        return zz_err_rule(err, ZZ_EINVAL, "input.cisp", "R-1.3",
                           "填写了 CISP 有效期却没有证书编号%s",
                           "CISP validity dates given without a certificate number%s", "");
    if (has_cisp && zz_date_cmp(in->cisp_valid_from, in->cisp_valid_until) > 0)
        return zz_err_rule(err, ZZ_EINVAL, "input.cisp", "R-1.3",
                           "CISP 有效期起始日期晚于截止日期%s",
                           "the CISP validity starts after it ends%s", "");
    p->name = (char *)in->name;
    p->employment = in->employment;
    p->ai_security = in->ai_security;
    p->position = (char *)opt(in->position);
    p->cisp_number = (char *)opt(in->cisp_number);
    p->cisp_valid_from = in->cisp_valid_from;
    p->cisp_valid_until = in->cisp_valid_until;
    p->nda_signed_on = in->nda_signed_on;
    p->active = true;
    return ZZ_OK;
}

static int commit_person(zz_ctx *cx, const char *action, const zz_person *p, zz_err *err)
{
    char digest[ZZ_SM3_HEXLEN + 1], id_s[32], detail[64];
    int rc = digest_json(person_json(p), digest, err);
    if (rc < 0) return zz_action_abort(cx, rc);
    snprintf(id_s, sizeof id_s, "%lld", (long long)p->id);
    snprintf(detail, sizeof detail, "{\"org_id\":%lld}", (long long)p->org_id);
    /* names and CISP numbers stay out of the log; the digest binds the record */
    return zz_action_commit(cx, action, "person", id_s, digest, detail, err);
}

int zz_person_add(zz_ctx *cx, int64_t org_id, const zz_person_in *in, int64_t *id, zz_err *err)
{
    int rc = zz_org_access(cx, org_id, ZZ_ORG_MANAGE, err);
    if (rc < 0) return rc;
    zz_person p;
    if ((rc = person_from_in(in, &p, err)) < 0) return rc;
    p.org_id = org_id;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    if ((rc = zz_person_store_insert(cx->st, &p, &p.id, err)) < 0) return zz_action_abort(cx, rc);
    if ((rc = commit_person(cx, "person.add", &p, err)) < 0) return rc;
    if (id) *id = p.id;
    return ZZ_OK;
}

/* Loads a person and checks kind on its organisation; an invisible person is "not found". */
static int person_access(zz_ctx *cx, int64_t person_id, zz_org_access_kind kind, zz_person **out,
                         zz_err *err)
{
    *out = NULL;
    zz_person *p = NULL;
    int rc = zz_person_store_get(cx->st, person_id, &p, err);
    if (rc < 0) return rc;
    zz_err e2 = ZZ_ERR_INIT;
    rc = zz_org_access(cx, p->org_id, kind, &e2);
    if (rc == ZZ_ENOTFOUND) {
        zz_person_free(p);
        return zz_err_rule(err, ZZ_ENOTFOUND, "person.not_found", "R-0.3",
                           "找不到编号为 %lld 的人员", "no person with id %lld",
                           (long long)person_id);
    }
    if (rc < 0) {
        zz_person_free(p);
        if (err) *err = e2;
        return rc;
    }
    *out = p;
    return ZZ_OK;
}

int zz_person_update(zz_ctx *cx, int64_t person_id, const zz_person_in *in, zz_err *err)
{
    zz_person *cur = NULL;
    int rc = person_access(cx, person_id, ZZ_ORG_MANAGE, &cur, err);
    if (rc < 0) return rc;
    zz_person p;
    if ((rc = person_from_in(in, &p, err)) < 0) {
        zz_person_free(cur);
        return rc;
    }
    p.id = cur->id;
    p.org_id = cur->org_id;
    p.active = cur->active;
    if ((rc = zz_action_begin(cx, err)) < 0 || (rc = zz_person_store_update(cx->st, &p, err)) < 0) {
        zz_person_free(cur);
        return zz_action_abort(cx, rc);
    }
    rc = commit_person(cx, "person.update", &p, err); /* correction */
    zz_person_free(cur);
    return rc;
}

int zz_person_set_active(zz_ctx *cx, int64_t person_id, bool active, zz_err *err)
{
    zz_person *p = NULL;
    int rc = person_access(cx, person_id, ZZ_ORG_MANAGE, &p, err);
    if (rc < 0) return rc;
    if (p->active == active) {
        zz_person_free(p);
        if (active)
            return zz_err_set(err, ZZ_ESTATE, "person.already_active", "该人员已是在职状态%s",
                              "the person is already active%s", "");
        return zz_err_set(err, ZZ_ESTATE, "person.already_inactive", "该人员已是离职状态%s",
                          "the person is already inactive%s", "");
    }
    p->active = active;
    if ((rc = zz_action_begin(cx, err)) < 0 || (rc = zz_person_store_update(cx->st, p, err)) < 0) {
        zz_person_free(p);
        return zz_action_abort(cx, rc);
    }
    rc = commit_person(cx, active ? "person.activate" : "person.deactivate", p, err);
    zz_person_free(p);
    return rc;
}

int zz_person_get(zz_ctx *cx, int64_t person_id, zz_person **out, zz_err *err)
{
    return person_access(cx, person_id, ZZ_ORG_READ_PERSONAL, out, err);
}

int zz_person_list(zz_ctx *cx, int64_t org_id, bool include_inactive, zz_person **out, size_t *n,
                   zz_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = zz_org_access(cx, org_id, ZZ_ORG_READ_PERSONAL, err);
    if (rc < 0) return rc;
    return zz_person_store_list(cx->st, org_id, include_inactive, out, n, err);
}

/* ---- service projects ---------------------------------------------------------------------- */

static int project_from_in(const zz_project_in *in, zz_project *p, zz_err *err)
{
    memset(p, 0, sizeof *p);
    if (zz__blank(in->name))
        return zz_err_set(err, ZZ_EINVAL, "input.name", "项目名称必填%s",
                          "the project's name is required%s", "");
    if (strlen(in->name) > 200) return too_long("项目名称", "the name", 200, err);
    if (opt(in->client) && strlen(in->client) > 200)
        return too_long("委托单位", "the client", 200, err);
    if ((unsigned)in->acceptance >= ZZ_ACCEPT__COUNT)
        return zz_err_rule(err, ZZ_EINVAL, "input.acceptance", "R-1.3",
                           "验收结果无效（应为 passed、failed 或 pending）%s",
                           "invalid acceptance (passed, failed or pending)%s", "");
    if (!date_ok(in->started_on)) return bad_date_in("started_on", err);
    if (!date_ok(in->completed_on)) return bad_date_in("completed_on", err);
    if (!date_ok(in->accepted_on)) return bad_date_in("accepted_on", err);
    bool decided = in->acceptance != ZZ_ACCEPT_PENDING;
    if (decided != zz_date_is_set(in->accepted_on))
        return zz_err_rule(
            err, ZZ_EINVAL, "input.acceptance", "R-1.3", "验收日期%s", "%.0sthe acceptance date %s",
            decided ? "必须填写（验收通过或未通过时）" : "只能在验收通过或未通过时填写",
            decided ? "is required when acceptance is passed or failed"
                    : "is given only when acceptance is passed or failed");
    if (decided && !zz_date_is_set(in->completed_on))
        return zz_err_rule(err, ZZ_EINVAL, "input.acceptance", "R-1.3",
                           "已验收的项目必须填写完成日期%s",
                           "a project with an acceptance result needs its completion date%s", "");
    zz_date s = in->started_on, c = in->completed_on, a = in->accepted_on;
    if ((zz_date_is_set(s) && zz_date_is_set(c) && zz_date_cmp(s, c) > 0) ||
        (zz_date_is_set(c) && zz_date_is_set(a) && zz_date_cmp(c, a) > 0) ||
        (zz_date_is_set(s) && zz_date_is_set(a) && zz_date_cmp(s, a) > 0))
        return zz_err_rule(err, ZZ_EINVAL, "input.project_dates", "R-1.3",
                           "日期顺序应为 开始 ≤ 完成 ≤ 验收%s",
                           "dates must run started <= completed <= accepted%s", "");
    p->name = (char *)in->name;
    p->client = (char *)opt(in->client);
    p->ai_security = in->ai_security;
    p->started_on = s;
    p->completed_on = c;
    p->acceptance = in->acceptance;
    p->accepted_on = a;
    return ZZ_OK;
}

static int commit_project(zz_ctx *cx, const char *action, const zz_project *p, zz_err *err)
{
    char digest[ZZ_SM3_HEXLEN + 1], id_s[32];
    int rc = digest_json(project_json(p), digest, err);
    if (rc < 0) return zz_action_abort(cx, rc);
    json_t *d = json_object();
    if (d) {
        json_object_set_new(d, "org_id", json_integer(p->org_id));
        json_object_set_new(d, "acceptance", json_string(zz_acceptance_name(p->acceptance)));
    }
    char *detail = zz__json_text(d);
    snprintf(id_s, sizeof id_s, "%lld", (long long)p->id);
    rc = zz_action_commit(cx, action, "project", id_s, digest, detail, err);
    free(detail);
    return rc;
}

int zz_project_add(zz_ctx *cx, int64_t org_id, const zz_project_in *in, int64_t *id, zz_err *err)
{
    int rc = zz_org_access(cx, org_id, ZZ_ORG_MANAGE, err);
    if (rc < 0) return rc;
    zz_project p;
    if ((rc = project_from_in(in, &p, err)) < 0) return rc;
    p.org_id = org_id;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    if ((rc = zz_project_store_insert(cx->st, &p, &p.id, err)) < 0) return zz_action_abort(cx, rc);
    if ((rc = commit_project(cx, "project.add", &p, err)) < 0) return rc;
    if (id) *id = p.id;
    return ZZ_OK;
}

static int project_access(zz_ctx *cx, int64_t project_id, zz_org_access_kind kind, zz_project **out,
                          zz_err *err)
{
    *out = NULL;
    zz_project *p = NULL;
    int rc = zz_project_store_get(cx->st, project_id, &p, err);
    if (rc < 0) return rc;
    zz_err e2 = ZZ_ERR_INIT;
    rc = zz_org_access(cx, p->org_id, kind, &e2);
    if (rc == ZZ_ENOTFOUND) {
        zz_project_free(p);
        return zz_err_rule(err, ZZ_ENOTFOUND, "project.not_found", "R-0.1",
                           "找不到编号为 %lld 的项目", "no project with id %lld",
                           (long long)project_id);
    }
    if (rc < 0) {
        zz_project_free(p);
        if (err) *err = e2;
        return rc;
    }
    *out = p;
    return ZZ_OK;
}

int zz_project_update(zz_ctx *cx, int64_t project_id, const zz_project_in *in, zz_err *err)
{
    zz_project *cur = NULL;
    int rc = project_access(cx, project_id, ZZ_ORG_MANAGE, &cur, err);
    if (rc < 0) return rc;
    zz_project p;
    if ((rc = project_from_in(in, &p, err)) < 0) {
        zz_project_free(cur);
        return rc;
    }
    p.id = cur->id;
    p.org_id = cur->org_id;
    if ((rc = zz_action_begin(cx, err)) < 0 ||
        (rc = zz_project_store_update(cx->st, &p, err)) < 0) {
        zz_project_free(cur);
        return zz_action_abort(cx, rc);
    }
    rc = commit_project(cx, "project.update", &p, err);
    zz_project_free(cur);
    return rc;
}

int zz_project_get(zz_ctx *cx, int64_t project_id, zz_project **out, zz_err *err)
{
    return project_access(cx, project_id, ZZ_ORG_READ_PERSONAL, out, err);
}

int zz_project_list(zz_ctx *cx, int64_t org_id, zz_project **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = zz_org_access(cx, org_id, ZZ_ORG_READ_PERSONAL, err);
    if (rc < 0) return rc;
    return zz_project_store_list(cx->st, org_id, out, n, err);
}
