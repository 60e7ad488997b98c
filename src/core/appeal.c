/*
 * appeal.c — written appeals (书面申诉, R-6.1) and the applicant's complaint records.
 * Rules in appeal.h; SQL in src/store/appeal_store.c. An upheld appeal reopens the decision
 * through the case hooks (case.h) or annuls the sanction (sanction.h), in the same transaction.
 */
#include "zizhi/appeal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/domain_int.h"
#include "store/appeal_store.h"
#include "store/sanction_store.h"
#include "zizhi/audit.h"
#include "zizhi/case.h"
#include "zizhi/ctx.h"
#include "zizhi/sanction.h"

#define ROLES_APPEAL_READ (ZZ_R(ZZ_ROLE_SUPERVISOR) | ZZ_R(ZZ_ROLE_MANAGER) | ZZ_ROLES_APPLICANT)

const char *zz_appeal_outcome_code(zz_appeal_outcome o)
{
    return o == ZZ_APPEAL_UPHELD ? "upheld" : o == ZZ_APPEAL_DISMISSED ? "dismissed" : NULL;
}

int zz_appeal_outcome_parse(zz_appeal_outcome *out, const char *s, zz_err *err)
{
    if (s && strcmp(s, "upheld") == 0)
        *out = ZZ_APPEAL_UPHELD;
    else if (s && strcmp(s, "dismissed") == 0)
        *out = ZZ_APPEAL_DISMISSED;
    else
        return zz_err_rule(err, ZZ_EINVAL, "input.appeal_outcome", "R-6.1",
                           "申诉调查结论“%.40s”无效（应为 upheld 成立 或 dismissed 驳回）",
                           "invalid appeal outcome \"%.40s\" (upheld or dismissed)", s ? s : "");
    return ZZ_OK;
}

void zz_appeal_clear(zz_appeal *a)
{
    if (!a) return;
    free(a->grounds);
    free(a->investigation);
    a->grounds = a->investigation = NULL;
}

void zz_appeal_list_free(zz_appeal *v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++)
        zz_appeal_clear(&v[i]);
    free(v);
}

static char *idstr(char buf[24], int64_t id)
{
    snprintf(buf, 24, "%lld", (long long)id);
    return buf;
}

static int text_check(const char *text, const char *code, const char *zh, const char *en,
                      zz_err *err)
{
    if (zz__blank(text))
        return zz_err_rule(err, ZZ_EINVAL, code, "R-6.1", "%s不能为空%.0s",
                           "%.0s%s must not be blank", zh, en);
    if (strlen(text) > ZZ_APPEAL_GROUNDS_MAX)
        return zz_err_rule(err, ZZ_ETOOBIG, code, "R-6.1", "%s%.0s超过 %d 字节",
                           "%.0s%s is longer than %d bytes", zh, en, ZZ_APPEAL_GROUNDS_MAX);
    return ZZ_OK;
}

static json_t *appeal_json(const zz_appeal *a)
{
#define OPT(x) (*(x) ? json_string(x) : json_null())
    return json_pack("{s:I, s:I, s:o, s:o, s:s, s:o, s:o, s:s, s:s, s:I, s:s, s:o, s:o}", "id",
                     (json_int_t)a->id, "org_id", (json_int_t)a->org_id, "case_id",
                     a->case_id ? json_integer(a->case_id) : json_null(), "sanction_id",
                     a->sanction_id ? json_integer(a->sanction_id) : json_null(), "subject",
                     a->subject, "from_stage", OPT(a->from_stage), "from_state", OPT(a->from_state),
                     "grounds", a->grounds, "filed_on", a->filed_on, "filed_by",
                     (json_int_t)a->filed_by, "status", a->status, "investigation",
                     a->investigation ? json_string(a->investigation) : json_null(), "decided_on",
                     OPT(a->decided_on));
#undef OPT
}

static int commit(zz_ctx *cx, const char *action, int64_t id, json_t *detail, zz_err *err)
{
    zz_appeal a;
    char hex[ZZ_SM3_HEXLEN + 1], ids[24];
    int rc = zz_appeal_store_get(cx->st, id, &a, err);
    if (rc < 0) {
        json_decref(detail);
        return zz_action_abort(cx, rc);
    }
    char *text = zz__json_text(appeal_json(&a));
    rc = text ? zz__digest_text(text, hex, err) : zz__nomem(err);
    free(text);
    if (detail) {
        json_object_set_new(detail, "subject", json_string(a.subject));
        json_object_set_new(detail, "status", json_string(a.status));
        if (a.case_id) json_object_set_new(detail, "case_number", json_string(a.case_number));
        if (a.sanction_id) json_object_set_new(detail, "sanction_id", json_integer(a.sanction_id));
    }
    zz_appeal_clear(&a);
    if (rc < 0) {
        json_decref(detail);
        return zz_action_abort(cx, rc);
    }
    char *d = zz__json_text(detail);
    rc = zz_action_commit(cx, action, "appeal", idstr(ids, id), hex, d, err);
    free(d);
    return rc;
}

/* What a case's decision allows (appeal.h table), or ZZ_ESTATE "appeal.not_appealable". */
static int case_target(const zz_case *c, zz_appeal *a, zz_err *err)
{
    const char *stage = NULL, *state = NULL, *subject = NULL;
    if (strcmp(c->stage, "archived") != 0 && strcmp(c->state, "closed") == 0) {
        if (strcmp(c->close_reason, "not_accepted") == 0) {
            subject = "review"; /* 不予受理: the lead reviews again */
            stage = "acceptance";
            state = "filed";
        } else if (strcmp(c->close_reason, "failed") == 0) {
            subject = "panel"; /* the panel reviews again */
            stage = "expert_review";
            state = "panel";
        }
    }
    if (!subject)
        return zz_err_rule(err, ZZ_ESTATE, "appeal.not_appealable", "R-6.1",
                           "项目 %s 处于 %s/%s，没有可申诉的不予受理或评审不通过结论",
                           "case %s is at %s/%s: there is no not-accepted or failed decision to "
                           "appeal against",
                           c->number, c->stage, c->state);
    snprintf(a->subject, sizeof a->subject, "%s", subject);
    snprintf(a->from_stage, sizeof a->from_stage, "%s", stage);
    snprintf(a->from_state, sizeof a->from_state, "%s", state);
    return ZZ_OK;
}

int zz_appeal_file(zz_ctx *cx, int64_t case_id, int64_t sanction_id, const char *subject,
                   const char *grounds, int64_t *id, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_APPLICANT_ADMIN), err);
    if (rc < 0) return rc;
    if ((case_id > 0) == (sanction_id > 0))
        return zz_err_rule(err, ZZ_EINVAL, "input.appeal_target", "R-6.1",
                           "申诉必须指明一个项目或一项处置（二者取一）%s",
                           "an appeal names exactly one case or one sanction%s", "");
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_appeal a;
    memset(&a, 0, sizeof a);
    bool sys = zz_ctx_is_system(cx);
    if (case_id > 0) {
        zz_case c;
        rc = zz_case__load(cx, case_id, &c, err);
        if (rc == ZZ_OK && !sys && c.org_id != cx->actor.org_id) /* */
            rc = zz_err_set(err, ZZ_ENOTFOUND, "case.not_found", "没有编号为 %lld 的项目",
                            "no case %lld", (long long)case_id);
        if (rc == ZZ_OK &&
            (rc = text_check(grounds, "input.grounds", "申诉理由", "grounds", err)) == ZZ_OK)
            rc = case_target(&c, &a, err);
        if (rc < 0) return zz_action_abort(cx, rc);
        a.org_id = c.org_id;
        a.case_id = case_id;
    } else {
        zz_sanction s;
        rc = zz_sanction_store_get(cx->st, sanction_id, &s, err);
        if (rc < 0) return zz_action_abort(cx, rc);
        a.org_id = s.org_id;
        bool annulled = *s.annulled_on != '\0';
        zz_sanction_clear(&s);
        if (!sys && a.org_id != cx->actor.org_id) /* */
            rc = zz_err_set(err, ZZ_ENOTFOUND, "sanction.not_found", "没有编号为 %lld 的处置记录",
                            "no sanction %lld", (long long)sanction_id);
        if (rc == ZZ_OK) rc = text_check(grounds, "input.grounds", "申诉理由", "grounds", err);
        if (rc == ZZ_OK && annulled)
            rc = zz_err_rule(err, ZZ_ESTATE, "appeal.not_appealable", "R-6.1",
                             "处置 %lld 已撤销，无需申诉", "sanction %lld was annulled already",
                             (long long)sanction_id);
        if (rc < 0) return zz_action_abort(cx, rc);
        a.sanction_id = sanction_id;
        snprintf(a.subject, sizeof a.subject, "sanction");
    }
    if (subject && *subject && strcmp(subject, a.subject) != 0)
        return zz_action_abort(
            cx, zz_err_rule(err, ZZ_EINVAL, "appeal.subject", "R-6.1",
                            "申诉事项“%.30s”与所申诉的结论不符（应为 %s）",
                            "appeal subject \"%.30s\" does not match the decision appealed "
                            "against (%s)",
                            subject, a.subject));
    bool open = false;
    if ((rc = zz_appeal_store_open_exists(cx->st, a.case_id, a.sanction_id, &open, err)) < 0)
        return zz_action_abort(cx, rc);
    if (open)
        return zz_action_abort(
            cx, zz_err_rule(err, ZZ_EEXISTS, "appeal.open", "R-6.1", "针对该结论的申诉尚在调查中%s",
                            "an appeal against this decision is still open%s", ""));
    a.grounds = (char *)grounds;
    zz_date_format(cx->clock.today, a.filed_on);
    a.filed_by = cx->actor.user_id;
    int64_t aid = 0;
    if ((rc = zz_appeal_store_insert(cx->st, &a, &aid, err)) < 0) return zz_action_abort(cx, rc);
    if ((rc = commit(cx, "appeal.file", aid, json_object(), err)) < 0) return rc;
    if (id) *id = aid;
    return ZZ_OK;
}

int zz_appeal_decide(zz_ctx *cx, int64_t id, zz_appeal_outcome outcome, const char *investigation,
                     zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_SUPERVISOR), err);
    if (rc < 0) return rc;
    const char *code = zz_appeal_outcome_code(outcome);
    if (!code) return zz_appeal_outcome_parse(&outcome, "", err);
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_appeal a;
    if ((rc = zz_appeal_store_get(cx->st, id, &a, err)) < 0) return zz_action_abort(cx, rc);
    if (strcmp(a.status, "open") != 0) /* A2 */
        rc = zz_err_rule(
            err, ZZ_ESTATE, "appeal.decided", "R-6.1", "申诉 %lld 已于 %s 作出调查结论（%s）",
            "appeal %lld was decided on %s (%s)", (long long)id, a.decided_on, a.status);
    if (rc == ZZ_OK)
        rc = text_check(investigation, "input.investigation", "调查结论", "investigation", err);
    char today[ZZ_DATE_STRLEN], ids[24];
    zz_date_format(cx->clock.today, today);
    if (rc == ZZ_OK && outcome == ZZ_APPEAL_UPHELD) {
        if (a.case_id) {
            /* the decision is reopened at the stage it came from */
            rc = zz_case__reopen(cx, a.case_id, a.from_stage, a.from_state, err);
            json_t *dj =
                json_pack("{s:s, s:I, s:s, s:s}", "case_number", a.case_number, "appeal_id",
                          (json_int_t)id, "stage", a.from_stage, "state", a.from_state);
            char *detail = zz__json_text(dj);
            if (rc == ZZ_OK)
                rc = detail ? zz_audit_append(cx->st, &cx->clock, cx->actor.username, "case.reopen",
                                              "case", idstr(ids, a.case_id), NULL, detail, err)
                            : zz__nomem(err);
            free(detail);
        } else {
            rc = zz_sanction__annul(cx, a.sanction_id, id, cx->clock.today, err);
            json_t *dj = json_pack("{s:I, s:s}", "appeal_id", (json_int_t)id, "annulled_on", today);
            char *detail = zz__json_text(dj);
            if (rc == ZZ_OK)
                rc = detail
                         ? zz_audit_append(cx->st, &cx->clock, cx->actor.username, "sanction.annul",
                                           "sanction", idstr(ids, a.sanction_id), NULL, detail, err)
                         : zz__nomem(err);
            free(detail);
        }
    }
    if (rc == ZZ_OK)
        rc = zz_appeal_store_decide(cx->st, id, code, investigation, today, cx->actor.user_id, err);
    zz_appeal_clear(&a);
    if (rc < 0) return zz_action_abort(cx, rc);
    return commit(cx, "appeal.decide", id, json_pack("{s:s}", "outcome", code), err);
}

/* supervisor and manager see every appeal, applicants their organisation's. */
static bool sees_all(const zz_ctx *cx, zz_roles roles)
{
    return zz_ctx_is_system(cx) || (cx->actor.roles & roles);
}

int zz_appeal_get(zz_ctx *cx, int64_t id, zz_appeal *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = zz_ctx_require(cx, ROLES_APPEAL_READ, err);
    if (rc < 0 || (rc = zz_appeal_store_get(cx->st, id, out, err)) < 0) return rc;
    if (!sees_all(cx, ZZ_R(ZZ_ROLE_SUPERVISOR) | ZZ_R(ZZ_ROLE_MANAGER)) &&
        out->org_id != cx->actor.org_id) {
        zz_appeal_clear(out);
        return zz_err_set(err, ZZ_ENOTFOUND, "appeal.not_found", "没有编号为 %lld 的申诉",
                          "no appeal %lld", (long long)id);
    }
    return ZZ_OK;
}

int zz_appeal_list(zz_ctx *cx, int64_t org_id, const char *status, zz_appeal **out, size_t *n,
                   zz_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = zz_ctx_require(cx, ROLES_APPEAL_READ, err);
    if (rc < 0) return rc;
    if (status && strcmp(status, "open") != 0 && strcmp(status, "upheld") != 0 &&
        strcmp(status, "dismissed") != 0)
        return zz_err_set(err, ZZ_EINVAL, "input.status",
                          "申诉状态“%.20s”无效（open、upheld 或 dismissed）",
                          "invalid appeal status \"%.20s\" (open, upheld or dismissed)", status);
    if (!sees_all(cx, ZZ_R(ZZ_ROLE_SUPERVISOR) | ZZ_R(ZZ_ROLE_MANAGER))) {
        if (org_id && org_id != cx->actor.org_id)
            return zz_err_set(err, ZZ_ENOTFOUND, "org.not_found", "没有编号为 %lld 的单位",
                              "no organisation %lld", (long long)org_id);
        org_id = cx->actor.org_id;
    }
    return zz_appeal_store_list(cx->st, org_id, status, out, n, err);
}

/* ---- complaint records (R-6.2) ----------------------------------------------------------------
 */

void zz_complaint_clear(zz_complaint *c)
{
    if (!c) return;
    free(c->complainant);
    free(c->summary);
    free(c->measures);
    c->complainant = c->summary = c->measures = NULL;
}

void zz_complaint_list_free(zz_complaint *v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++)
        zz_complaint_clear(&v[i]);
    free(v);
}

static bool date_given(zz_date d)
{
    return d.year != 0 || d.month != 0 || d.day != 0;
}

/* Validates in and fills the date and text fields of c (borrowing in's strings). */
static int complaint_fill(zz_ctx *cx, const zz_complaint_in *in, zz_complaint *c, zz_err *err)
{
    char t[ZZ_DATE_STRLEN], d[ZZ_DATE_STRLEN];
    zz_date_format(cx->clock.today, t);
    if (!in || zz__blank(in->summary))
        return zz_err_rule(err, ZZ_EINVAL, "input.summary", "R-6.2", "投诉内容不能为空%s",
                           "the complaint summary must not be blank%s", "");
    if (!zz_date_valid(in->received_on) || zz_date_cmp(in->received_on, cx->clock.today) > 0)
        return zz_err_rule(err, ZZ_EINVAL, "input.date", "R-6.2",
                           "收到投诉的日期必须是不晚于今天（%s）的有效日期",
                           "the date the complaint was received must be a real date not after "
                           "today (%s)",
                           t);
    if (date_given(in->closed_on) &&
        (!zz_date_valid(in->closed_on) || zz_date_cmp(in->closed_on, in->received_on) < 0 ||
         zz_date_cmp(in->closed_on, cx->clock.today) > 0))
        return zz_err_rule(err, ZZ_EINVAL, "input.date", "R-6.2",
                           "投诉办结日期必须在收到日期（%s）与今天（%s）之间",
                           "the closing date must lie between the date received (%s) and today "
                           "(%s)",
                           zz_date_format(in->received_on, d), t);
    zz_date_format(in->received_on, c->received_on);
    if (date_given(in->closed_on)) zz_date_format(in->closed_on, c->closed_on);
    c->complainant = (char *)(in->complainant ? in->complainant : "");
    c->summary = (char *)in->summary;
    c->measures = (char *)(in->measures ? in->measures : "");
    return ZZ_OK;
}

static json_t *complaint_json(const zz_complaint *c)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)c->id, "org_id",
                     (json_int_t)c->org_id, "received_on", c->received_on, "complainant",
                     c->complainant, "summary", c->summary, "measures", c->measures, "closed_on",
                     *c->closed_on ? json_string(c->closed_on) : json_null());
}

static int complaint_commit(zz_ctx *cx, const char *action, int64_t id, zz_err *err)
{
    zz_complaint c;
    char hex[ZZ_SM3_HEXLEN + 1], ids[24];
    int rc = zz_complaint_store_get(cx->st, id, &c, err);
    if (rc < 0) return zz_action_abort(cx, rc);
    char *text = zz__json_text(complaint_json(&c));
    rc = text ? zz__digest_text(text, hex, err) : zz__nomem(err);
    free(text);
    json_t *dj =
        json_pack("{s:I, s:s}", "org_id", (json_int_t)c.org_id, "received_on", c.received_on);
    zz_complaint_clear(&c);
    if (rc < 0) {
        json_decref(dj);
        return zz_action_abort(cx, rc);
    }
    char *d = zz__json_text(dj);
    rc = zz_action_commit(cx, action, "complaint", idstr(ids, id), hex, d, err);
    free(d);
    return rc;
}

int zz_complaint_record(zz_ctx *cx, int64_t org_id, const zz_complaint_in *in, int64_t *id,
                        zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_APPLICANT_ADMIN), err);
    if (rc < 0) return rc;
    bool sys = zz_ctx_is_system(cx);
    if (!org_id) org_id = cx->actor.org_id;
    if (!sys && org_id != cx->actor.org_id) /* its own records only */
        return zz_err_set(err, ZZ_ENOTFOUND, "org.not_found", "没有编号为 %lld 的单位",
                          "no organisation %lld", (long long)org_id);
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    char name[201];
    zz_complaint c;
    memset(&c, 0, sizeof c);
    if ((rc = zz_sanction_store_org(cx->st, org_id, name, err)) < 0 ||
        (rc = complaint_fill(cx, in, &c, err)) < 0)
        return zz_action_abort(cx, rc);
    c.org_id = org_id;
    c.recorded_by = cx->actor.user_id;
    int64_t cid = 0;
    if ((rc = zz_complaint_store_insert(cx->st, &c, &cid, err)) < 0) return zz_action_abort(cx, rc);
    if ((rc = complaint_commit(cx, "complaint.record", cid, err)) < 0) return rc;
    if (id) *id = cid;
    return ZZ_OK;
}

int zz_complaint_update(zz_ctx *cx, int64_t id, const zz_complaint_in *in, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_APPLICANT_ADMIN), err);
    if (rc < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_complaint old;
    if ((rc = zz_complaint_store_get(cx->st, id, &old, err)) < 0) return zz_action_abort(cx, rc);
    int64_t org = old.org_id;
    zz_complaint_clear(&old);
    if (!zz_ctx_is_system(cx) && org != cx->actor.org_id)
        return zz_action_abort(cx, zz_err_set(err, ZZ_ENOTFOUND, "complaint.not_found",
                                              "没有编号为 %lld 的投诉记录",
                                              "no complaint record %lld", (long long)id));
    zz_complaint c;
    memset(&c, 0, sizeof c);
    if ((rc = complaint_fill(cx, in, &c, err)) < 0) return zz_action_abort(cx, rc);
    c.id = id;
    c.org_id = org;
    zz_date_format(cx->clock.today, c.updated_on);
    if ((rc = zz_complaint_store_update(cx->st, &c, cx->actor.user_id, err)) < 0)
        return zz_action_abort(cx, rc);
    return complaint_commit(cx, "complaint.update", id, err);
}

#define ROLES_COMPLAINT_READ (ZZ_R(ZZ_ROLE_SUPERVISOR) | ZZ_ROLES_APPLICANT)

int zz_complaint_get(zz_ctx *cx, int64_t id, zz_complaint *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = zz_ctx_require(cx, ROLES_COMPLAINT_READ, err);
    if (rc < 0 || (rc = zz_complaint_store_get(cx->st, id, out, err)) < 0) return rc;
    if (!sees_all(cx, ZZ_R(ZZ_ROLE_SUPERVISOR)) && out->org_id != cx->actor.org_id) {
        zz_complaint_clear(out);
        return zz_err_set(err, ZZ_ENOTFOUND, "complaint.not_found", "没有编号为 %lld 的投诉记录",
                          "no complaint record %lld", (long long)id);
    }
    return ZZ_OK;
}

int zz_complaint_list(zz_ctx *cx, int64_t org_id, zz_complaint **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = zz_ctx_require(cx, ROLES_COMPLAINT_READ, err);
    if (rc < 0) return rc;
    if (!sees_all(cx, ZZ_R(ZZ_ROLE_SUPERVISOR))) {
        if (org_id && org_id != cx->actor.org_id)
            return zz_err_set(err, ZZ_ENOTFOUND, "org.not_found", "没有编号为 %lld 的单位",
                              "no organisation %lld", (long long)org_id);
        org_id = cx->actor.org_id;
    }
    return zz_complaint_store_list(cx->st, org_id, out, n, err);
}
