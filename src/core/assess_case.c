/*
 * assess_case.c — the actions of a case in assessment (R-3.4, R-3.7 rectification pause): audit
 * plan, activities, ratings, rectifications and the team conclusion, with their reads; and the
 * gates shared with panel.c (assess_int.h). The pure rules they apply are in assess.c; the SQL is
 * in src/store/assess_store.c.
 */
#include "zizhi/assess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/assess_int.h"
#include "core/domain_int.h"
#include "store/assess_store.h"
#include "store/panel_store.h"
#include "zizhi/case.h"
#include "zizhi/ctx.h"

/* ---- shared action helpers (assess_int.h) --------------------------------------------------- */

int zz_assess__case_in(zz_ctx *cx, int64_t case_id, const char *stage, const char *state,
                       zz_case *out, zz_err *err)
{
    int rc = zz_case__load(cx, case_id, out, err);
    if (rc < 0) return rc;
    if (strcmp(out->stage, stage) == 0 && (!state || strcmp(out->state, state) == 0)) return ZZ_OK;
    return zz_err_set(err, ZZ_ESTATE, "case.state", "项目 %s 当前处于 %s/%s，此操作要求 %s/%s",
                      "case %s is %s/%s; this needs %s/%s", out->number, out->stage, out->state,
                      stage, state ? state : "*");
}

int zz_assess__assigned(zz_ctx *cx, int64_t case_id, const char *const *roles, bool system_ok,
                        zz_err *err)
{
    if (system_ok && zz_ctx_is_system(cx)) return ZZ_OK;
    char names[128] = "";
    for (const char *const *r = roles; *r; r++) {
        size_t l = strlen(names);
        snprintf(names + l, sizeof names - l, "%s%s", l ? ", " : "", *r);
        int role = zz_role_parse(*r);
        if (zz_ctx_is_system(cx) || role < 0 || !(cx->actor.roles & ZZ_R(role))) continue;
        bool member = false;
        int rc = zz_case__is_member(cx, case_id, cx->actor.user_id, *r, &member, err);
        if (rc < 0) return rc;
        if (member) return ZZ_OK;
    }
    return zz_err_rule(err, ZZ_EPERM, "auth.not_assigned", "R-0.2",
                       "%s 未被指派到项目 %lld（需要的指派：%s）",
                       "%s is not assigned to case %lld (assignment needed: %s)",
                       cx->actor.username, (long long)case_id, names);
}

int zz_assess__catalog(zz_ctx *cx, int64_t case_id, const zz_catalog **out, zz_err *err)
{
    char id[51], version[51];
    int rc = zz_assess_store_case_catalog(cx->st, case_id, id, version, err);
    if (rc < 0) return rc;
    return zz_ctx_catalog(cx, id, version, out, err);
}

int zz_assess__commit(zz_ctx *cx, const char *action, int64_t case_id, json_t *detail, zz_err *err)
{
    char *text = zz__json_text(detail);
    if (!text) return zz_action_abort(cx, zz__nomem(err));
    char digest[ZZ_SM3_HEXLEN + 1];
    int rc = zz__digest_text(text, digest, err);
    if (rc < 0) {
        free(text);
        return zz_action_abort(cx, rc);
    }
    char obj_id[24];
    snprintf(obj_id, sizeof obj_id, "%lld", (long long)case_id);
    rc = zz_action_commit(cx, action, "case", obj_id, digest, text, err);
    free(text);
    return rc;
}

static int bad_date(zz_err *err, const char *what_zh, const char *what_en, zz_date d,
                    const char *why_zh, const char *why_en)
{
    char buf[ZZ_DATE_STRLEN] = "";
    if (zz_date_valid(d)) zz_date_format(d, buf);
    return zz_err_rule(err, ZZ_EINVAL, "input.date", "R-3.4", "%s%.0s“%s”%s%.0s",
                       "%.0s%s \"%s\" %.0s%s", what_zh, what_en, buf, why_zh, why_en);
}

/* A business date of the assessment: real, not after today, not before the case entered
 * assessment (when that is recorded). */
static int check_past_date(const zz_ctx *cx, const zz_case *c, zz_date d, const char *what_zh,
                           const char *what_en, zz_err *err)
{
    if (!zz_date_valid(d))
        return bad_date(err, what_zh, what_en, d, "不是有效日期", "is not a valid date");
    if (zz_date_cmp(d, cx->clock.today) > 0)
        return bad_date(err, what_zh, what_en, d, "晚于今天", "is in the future");
    zz_date start;
    if (c && c->assessment_on[0] && zz_date_parse(&start, c->assessment_on, NULL) == ZZ_OK &&
        zz_date_cmp(d, start) < 0)
        return bad_date(err, what_zh, what_en, d, "早于项目进入评估阶段的日期",
                        "is before the case entered assessment");
    return ZZ_OK;
}

static json_t *case_detail(const zz_case *c)
{
    return json_pack("{s:I, s:s}", "case_id", (json_int_t)c->id, "case", c->number);
}

static const char *const LEAD[] = {"project_lead", NULL};
static const char *const TEAM[] = {"assessor", "project_lead", NULL};

/* ---- actions ------------------------------------------------------------------------------- */

int zz_case_plan(zz_ctx *cx, int64_t case_id, const char *content, zz_date agreed_on, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_PROJECT_LEAD), err);
    if (rc < 0) return rc;
    if (zz__blank(content))
        return zz_err_rule(err, ZZ_EINVAL, "input.content", "R-3.4", "审核计划内容不能为空%s",
                           "the audit plan is empty%s", "");
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_case c;
    if ((rc = zz_case_get(cx, case_id, &c, err)) < 0 ||
        (rc = zz_assess__assigned(cx, case_id, LEAD, true, err)) < 0 ||
        (rc = zz_assess__case_in(cx, case_id, "assessment", "planning", &c, err)) < 0 ||
        (rc = check_past_date(cx, &c, agreed_on, "审核计划商定日期", "agreed date", err)) < 0)
        return zz_action_abort(cx, rc);
    char on[ZZ_DATE_STRLEN];
    zz_date_format(agreed_on, on);
    if ((rc = zz_assess_store_plan_put(cx->st, case_id, content, on, cx->actor.user_id, err)) < 0 ||
        (rc = zz_case__set_state(cx, case_id, "assessment", "in_progress", err)) < 0)
        return zz_action_abort(cx, rc);
    char dig[ZZ_SM3_HEXLEN + 1];
    if ((rc = zz__digest_text(content, dig, err)) < 0) return zz_action_abort(cx, rc);
    json_t *d = case_detail(&c);
    if (d) {
        json_object_set_new(d, "agreed_on", json_string(on));
        json_object_set_new(d, "content_sm3", json_string(dig));
        json_object_set_new(d, "from", json_string("assessment/planning"));
        json_object_set_new(d, "to", json_string("assessment/in_progress"));
    }
    return zz_assess__commit(cx, "case.plan", case_id, d, err);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int zz_case_record_activity(zz_ctx *cx, int64_t case_id, const char *method, zz_date held_on,
                            const char *participants, const char *const *item_ids, size_t n_items,
                            const char *evidence, const char *findings, int64_t *activity_id,
                            zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_ASSESSOR) | ZZ_R(ZZ_ROLE_PROJECT_LEAD), err);
    if (rc < 0) return rc;
    if (zz__blank(participants))
        return zz_err_rule(err, ZZ_EINVAL, "input.participants", "R-3.4",
                           "评估活动必须记录参与人员%s", "an activity needs its participants%s",
                           "");
    if (zz__blank(findings))
        return zz_err_rule(err, ZZ_EINVAL, "input.findings", "R-3.4", "评估活动必须记录发现%s",
                           "an activity needs its findings%s", "");
    if (n_items == 0)
        return zz_err_rule(err, ZZ_EINVAL, "input.item", "R-3.4",
                           "评估活动必须至少覆盖一个要求项%s",
                           "an activity must cover at least one requirement%s", "");
    /* sorted, distinct ids: activity_items has one row per (activity, item) */
    const char **ids = malloc(n_items * sizeof *ids);
    if (!ids) return zz__nomem(err);
    for (size_t i = 0; i < n_items; i++) {
        if (!item_ids[i]) {
            free(ids);
            return zz_err_rule(err, ZZ_EINVAL, "input.item", "R-3.4", "要求项编号为空%s",
                               "an item id is missing%s", "");
        }
        ids[i] = item_ids[i];
    }
    qsort(ids, n_items, sizeof *ids, cmp_str);
    size_t n_ids = 0;
    for (size_t i = 0; i < n_items; i++)
        if (n_ids == 0 || strcmp(ids[n_ids - 1], ids[i]) != 0) ids[n_ids++] = ids[i];

    if ((rc = zz_action_begin(cx, err)) < 0) {
        free(ids);
        return rc;
    }
    zz_case c;
    const zz_catalog *cat = NULL;
    if ((rc = zz_case_get(cx, case_id, &c, err)) < 0 ||
        (rc = zz_assess__assigned(cx, case_id, TEAM, false, err)) < 0 ||
        (rc = zz_assess__case_in(cx, case_id, "assessment", "in_progress", &c, err)) < 0 ||
        (rc = zz_assess__catalog(cx, case_id, &cat, err)) < 0 ||
        (rc = check_past_date(cx, &c, held_on, "活动日期", "activity date", err)) < 0)
        goto refuse;
    if (!method || !zz_catalog_method(cat, method)) {
        rc = zz_err_rule(
            err, ZZ_EINVAL, "input.method", "R-1.6", "评估方法“%.40s”不在本项目要求目录的方法中",
            "method \"%.40s\" is not one of the case catalogue's methods", method ? method : "");
        goto refuse;
    }
    for (size_t i = 0; i < n_ids; i++) {
        if (zz_assess_item(cat, ids[i], NULL, NULL) == ZZ_ITEM_UNKNOWN) {
            rc = zz_err_rule(err, ZZ_EINVAL, "input.item", "R-1.8",
                             "“%.60s”不是本项目所用要求目录（%s %s）中的条目",
                             "\"%.60s\" is not an item of the case's catalogue (%s %s)", ids[i],
                             cat->id, cat->version);
            goto refuse;
        }
    }
    char on[ZZ_DATE_STRLEN];
    zz_date_format(held_on, on);
    int64_t aid = 0;
    if ((rc = zz_assess_store_activity_insert(cx->st, case_id, method, on, participants,
                                              zz__blank(evidence) ? NULL : evidence, findings,
                                              cx->actor.user_id, ids, n_ids, &aid, err)) < 0)
        goto refuse;
    json_t *d = case_detail(&c);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n_ids; i++)
        json_array_append_new(items, json_string(ids[i]));
    free(ids);
    ids = NULL;
    if (d) {
        json_object_set_new(d, "activity_id", json_integer(aid));
        json_object_set_new(d, "method", json_string(method));
        json_object_set_new(d, "held_on", json_string(on));
        json_object_set_new(d, "items", items ? items : json_null());
    } else {
        json_decref(items);
    }
    rc = zz_assess__commit(cx, "case.activity", case_id, d, err);
    if (rc == ZZ_OK && activity_id) *activity_id = aid;
    return rc;
refuse:
    free(ids);
    return zz_action_abort(cx, rc);
}

int zz_case_rate(zz_ctx *cx, int64_t case_id, const char *item_id, zz_rating rating,
                 const char *justification, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_ASSESSOR) | ZZ_R(ZZ_ROLE_PROJECT_LEAD), err);
    if (rc < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_case c;
    const zz_catalog *cat = NULL;
    if ((rc = zz_case_get(cx, case_id, &c, err)) < 0 ||
        (rc = zz_assess__assigned(cx, case_id, TEAM, false, err)) < 0 ||
        (rc = zz_assess__case_in(cx, case_id, "assessment", "in_progress", &c, err)) < 0 ||
        (rc = zz_assess__catalog(cx, case_id, &cat, err)) < 0 ||
        (rc = zz_assess_check_rating(cat, item_id, rating, justification, err)) < 0)
        return zz_action_abort(cx, rc);
    char on[ZZ_DATE_STRLEN];
    zz_date_format(cx->clock.today, on);
    const char *just = zz__blank(justification) ? NULL : justification;
    if ((rc = zz_assess_store_rating_put(cx->st, case_id, item_id, rating, just, cx->actor.user_id,
                                         on, err)) < 0)
        return zz_action_abort(cx, rc);
    json_t *d = case_detail(&c);
    if (d) {
        json_object_set_new(d, "item", json_string(item_id));
        json_object_set_new(d, "rating", json_string(zz_rating_code(rating)));
        json_object_set_new(d, "justification", zz__json_str(just));
    }
    return zz_assess__commit(cx, "case.rate", case_id, d, err);
}

int zz_case_request_rectification(zz_ctx *cx, int64_t case_id, const char *item_id,
                                  const char *request, zz_date deadline, int64_t *rect_id,
                                  zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_PROJECT_LEAD), err);
    if (rc < 0) return rc;
    if (zz__blank(request))
        return zz_err_rule(err, ZZ_EINVAL, "input.request", "R-3.4", "整改要求不能为空%s",
                           "the rectification request is empty%s", "");
    if (!zz_date_valid(deadline) || zz_date_cmp(deadline, cx->clock.today) < 0) {
        char buf[ZZ_DATE_STRLEN] = "";
        if (zz_date_valid(deadline)) zz_date_format(deadline, buf);
        return zz_err_rule(err, ZZ_EINVAL, "input.deadline", "R-3.4",
                           "整改期限“%s”无效：必须是今天或以后的日期",
                           "rectification deadline \"%s\" must be a date from today on", buf);
    }
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_case c;
    const zz_catalog *cat = NULL;
    if ((rc = zz_case_get(cx, case_id, &c, err)) < 0 ||
        (rc = zz_assess__assigned(cx, case_id, LEAD, true, err)) < 0 ||
        (rc = zz_assess__case_in(cx, case_id, "assessment", "in_progress", &c, err)) < 0 ||
        (rc = zz_assess__catalog(cx, case_id, &cat, err)) < 0)
        return zz_action_abort(cx, rc);
    zz_item_type t = zz_assess_item(cat, item_id, NULL, NULL);
    if (t != ZZ_ITEM_REQUIREMENT && t != ZZ_ITEM_PRACTICE)
        return zz_action_abort(
            cx, zz_err_rule(err, ZZ_EINVAL, "input.item", "R-3.4",
                            "“%.60s”不是本项目要求目录中可评定的要求项或基本实践",
                            "\"%.60s\" is not a rateable requirement or base practice of the "
                            "case's catalogue",
                            item_id ? item_id : ""));
    char today[ZZ_DATE_STRLEN], dl[ZZ_DATE_STRLEN];
    zz_date_format(cx->clock.today, today);
    zz_date_format(deadline, dl);
    int64_t rid = 0;
    bool opened = false;
    if ((rc = zz_assess_store_rect_insert(cx->st, case_id, item_id, request, today, dl,
                                          cx->actor.user_id, &rid, err)) < 0 ||
        /* the case waits for the applicant while a rectification is open (A2) */
        (rc = zz_assess_store_pause_open(cx->st, case_id, "rectification", today, &opened, err)) <
            0)
        return zz_action_abort(cx, rc);
    json_t *d = case_detail(&c);
    if (d) {
        json_object_set_new(d, "rectification_id", json_integer(rid));
        json_object_set_new(d, "item", json_string(item_id));
        json_object_set_new(d, "deadline", json_string(dl));
        json_object_set_new(d, "pause_opened", json_boolean(opened));
    }
    rc = zz_assess__commit(cx, "case.rectification_request", case_id, d, err);
    if (rc == ZZ_OK && rect_id) *rect_id = rid;
    return rc;
}

int zz_case_rectification_done(zz_ctx *cx, int64_t case_id, int64_t rect_id, zz_date on,
                               zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_PROJECT_LEAD), err);
    if (rc < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_case c;
    zz_rectification r;
    memset(&r, 0, sizeof r);
    if ((rc = zz_case_get(cx, case_id, &c, err)) < 0 ||
        (rc = zz_assess__assigned(cx, case_id, LEAD, true, err)) < 0 ||
        (rc = zz_assess__case_in(cx, case_id, "assessment", "in_progress", &c, err)) < 0 ||
        (rc = zz_assess_store_rect_get(cx->st, case_id, rect_id, &r, err)) < 0)
        return zz_action_abort(cx, rc);
    free(r.request);
    if (r.resolved_on[0])
        return zz_action_abort(cx, zz_err_rule(err, ZZ_ESTATE, "rectification.resolved", "R-3.4",
                                               "整改要求 %lld 已于 %s 完成",
                                               "rectification %lld was closed on %s",
                                               (long long)rect_id, r.resolved_on));
    if ((rc = check_past_date(cx, NULL, on, "整改完成日期", "rectification date", err)) < 0)
        return zz_action_abort(cx, rc);
    zz_date req_on;
    if (zz_date_parse(&req_on, r.requested_on, NULL) == ZZ_OK && zz_date_cmp(on, req_on) < 0)
        return zz_action_abort(cx, bad_date(err, "整改完成日期", "rectification date", on,
                                            "早于提出整改要求的日期",
                                            "is before the rectification was requested"));
    char ons[ZZ_DATE_STRLEN];
    zz_date_format(on, ons);
    int64_t open = 0;
    if ((rc = zz_assess_store_rect_resolve(cx->st, rect_id, ons, cx->actor.user_id, err)) < 0 ||
        /* the item is re-rated once the rectification evidence is in */
        (rc = zz_assess_store_rating_mark_rerate(cx->st, case_id, r.item_id, err)) < 0 ||
        (rc = zz_assess_store_rect_open_count(cx->st, case_id, &open, err)) < 0)
        return zz_action_abort(cx, rc);
    if (open == 0 &&
        (rc = zz_assess_store_pause_end(cx->st, case_id, "rectification", ons, err)) < 0)
        return zz_action_abort(cx, rc);
    json_t *d = case_detail(&c);
    if (d) {
        json_object_set_new(d, "rectification_id", json_integer(rect_id));
        json_object_set_new(d, "item", json_string(r.item_id));
        json_object_set_new(d, "resolved_on", json_string(ons));
        json_object_set_new(d, "pause_ended", json_boolean(open == 0));
    }
    return zz_assess__commit(cx, "case.rectification_done", case_id, d, err);
}

int zz_case_conclude(zz_ctx *cx, int64_t case_id, zz_verdict conclusion, const char *reason,
                     zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_PROJECT_LEAD), err);
    if (rc < 0) return rc;
    if (conclusion != ZZ_VERDICT_MET && conclusion != ZZ_VERDICT_NOT_MET)
        return zz_verdict_parse(&conclusion, "?", err);
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_case c;
    const zz_catalog *cat = NULL;
    zz_rating_rec *ratings = NULL;
    size_t n_ratings = 0;
    zz_recommendation rec;
    zz_conformity conf;
    memset(&rec, 0, sizeof rec);
    memset(&conf, 0, sizeof conf);
    char *conf_text = NULL;
    if ((rc = zz_case_get(cx, case_id, &c, err)) < 0 ||
        (rc = zz_assess__assigned(cx, case_id, LEAD, false, err)) < 0 ||
        (rc = zz_assess__case_in(cx, case_id, "assessment", "in_progress", &c, err)) < 0 ||
        (rc = zz_assess__catalog(cx, case_id, &cat, err)) < 0 ||
        (rc = zz_assess_store_ratings(cx->st, case_id, &ratings, &n_ratings, err)) < 0 ||
        (rc = zz_assess_recommend(cat, ratings, n_ratings, &rec, err)) < 0 ||
        (rc = zz_assess_conformity(cat, ratings, n_ratings, &conf, err)) < 0)
        goto refuse;
    if (rec.n_unrated > 0) { /* A3 */
        char first[200] = "";
        size_t shown = 0;
        for (size_t i = 0; i < rec.n_reasons && shown < 5; i++) {
            const zz_assess_reason *r = &rec.reasons[i];
            if (r->issue != ZZ_ISSUE_UNRATED && r->issue != ZZ_ISSUE_RERATE) continue;
            size_t l = strlen(first);
            snprintf(first + l, sizeof first - l, "%s%s", shown ? ", " : "", r->item_id);
            shown++;
        }
        rc = zz_err_rule(err, ZZ_ERULE, "gate.unrated", "R-3.4",
                         "尚有 %zu 项未评定或待重新评定（如 %s%s），请先完成评定",
                         "%zu items are not rated or await a new rating (e.g. %s%s): rate them "
                         "first",
                         rec.n_unrated, first, rec.n_unrated > shown ? ", …" : "");
        goto refuse;
    }
    int64_t open = 0;
    if ((rc = zz_assess_store_rect_open_count(cx->st, case_id, &open, err)) < 0) goto refuse;
    if (open > 0) {
        rc = zz_err_rule(err, ZZ_ERULE, "gate.rectification_open", "R-3.4",
                         "尚有 %lld 项整改未完成，整改完成并重新评定后才能形成审核结论",
                         "%lld rectifications are still open: close and re-rate them before "
                         "concluding",
                         (long long)open);
        goto refuse;
    }
    zz_verdict recommended = rec.met ? ZZ_VERDICT_MET : ZZ_VERDICT_NOT_MET;
    if (conclusion != recommended && zz__blank(reason)) {
        rc = zz_err_rule(err, ZZ_ERULE, "gate.reason_required", "R-3.4",
                         "审核结论（%s）与系统依据 R-1.5 计算的建议（%s）不同，必须说明理由",
                         "the conclusion (%s) differs from the recommendation computed by R-1.5 "
                         "(%s): give the reason",
                         zz_verdict_code(conclusion), zz_verdict_code(recommended));
        goto refuse;
    }
    int round = 1;
    if ((rc = zz_panel_store_round(cx->st, case_id, &round, err)) < 0) goto refuse;
    json_t *stored =
        json_pack("{s:o*, s:o*}", "recommendation", zz_assess__recommendation_obj(&rec),
                  "conformity", zz_assess__conformity_obj(&conf));
    conf_text = stored ? json_dumps(stored, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(stored);
    if (!conf_text) {
        rc = zz__nomem(err);
        goto refuse;
    }
    char today[ZZ_DATE_STRLEN];
    zz_date_format(cx->clock.today, today);
    const char *why = zz__blank(reason) ? NULL : reason;
    if ((rc = zz_assess_store_conclusion_put(cx->st, case_id, recommended, conclusion, why,
                                             conf_text, today, cx->actor.user_id, round, err)) <
            0 ||
        (rc = zz_case__set_state(cx, case_id, "expert_review", "panel", err)) < 0)
        goto refuse;
    char dig[ZZ_SM3_HEXLEN + 1];
    if ((rc = zz__digest_text(conf_text, dig, err)) < 0) goto refuse;
    json_t *d = case_detail(&c);
    if (d) {
        json_object_set_new(d, "conclusion", json_string(zz_verdict_code(conclusion)));
        json_object_set_new(d, "recommendation", json_string(zz_verdict_code(recommended)));
        json_object_set_new(d, "reason", zz__json_str(why));
        json_object_set_new(d, "round", json_integer(round));
        json_object_set_new(
            d, "items_bp", conf.items.bp == ZZ_BP_NONE ? json_null() : json_integer(conf.items.bp));
        json_object_set_new(d, "practices_bp",
                            conf.practices.bp == ZZ_BP_NONE ? json_null()
                                                            : json_integer(conf.practices.bp));
        json_object_set_new(d, "conformity_sm3", json_string(dig));
        json_object_set_new(d, "to", json_string("expert_review/panel"));
    }
    free(conf_text);
    zz_recommendation_free(&rec);
    zz_conformity_free(&conf);
    zz_rating_recs_free(ratings, n_ratings);
    return zz_assess__commit(cx, "case.conclude", case_id, d, err);
refuse:
    free(conf_text);
    zz_recommendation_free(&rec);
    zz_conformity_free(&conf);
    zz_rating_recs_free(ratings, n_ratings);
    return zz_action_abort(cx, rc);
}

/* ---- reads --------------------------------------------------------------------------------- */

int zz_case_ratings(zz_ctx *cx, int64_t case_id, zz_rating_rec **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    zz_case c;
    int rc = zz_case__require_internals(cx, case_id, &c, err);
    if (rc < 0) return rc;
    return zz_assess_store_ratings(cx->st, case_id, out, n, err);
}

int zz_case_activities(zz_ctx *cx, int64_t case_id, zz_activity **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    zz_case c;
    int rc = zz_case__require_internals(cx, case_id, &c, err);
    if (rc < 0) return rc;
    return zz_assess_store_activities(cx->st, case_id, out, n, err);
}

int zz_case_audit_plan(zz_ctx *cx, int64_t case_id, zz_audit_plan *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    zz_case c;
    int rc = zz_case__require_internals(cx, case_id, &c, err);
    if (rc < 0) return rc;
    return zz_assess_store_plan_get(cx->st, case_id, out, err);
}

int zz_case_rectifications(zz_ctx *cx, int64_t case_id, zz_rectification **out, size_t *n,
                           zz_err *err)
{
    *out = NULL;
    *n = 0;
    zz_case c;
    int rc = zz_case__require_internals(cx, case_id, &c, err);
    if (rc < 0) return rc;
    return zz_assess_store_rects(cx->st, case_id, out, n, err);
}

int zz_case_assessment(zz_ctx *cx, int64_t case_id, zz_recommendation *rec, zz_conformity *conf,
                       zz_err *err)
{
    if (rec) memset(rec, 0, sizeof *rec);
    if (conf) memset(conf, 0, sizeof *conf);
    zz_case c;
    const zz_catalog *cat = NULL;
    zz_rating_rec *ratings = NULL;
    size_t n = 0;
    int rc = zz_case__require_internals(cx, case_id, &c, err);
    if (rc < 0 || (rc = zz_assess__catalog(cx, case_id, &cat, err)) < 0 ||
        (rc = zz_assess_store_ratings(cx->st, case_id, &ratings, &n, err)) < 0)
        return rc;
    if (rec && (rc = zz_assess_recommend(cat, ratings, n, rec, err)) < 0) {
        zz_rating_recs_free(ratings, n);
        return rc;
    }
    if (conf && (rc = zz_assess_conformity(cat, ratings, n, conf, err)) < 0) {
        if (rec) zz_recommendation_free(rec);
        zz_rating_recs_free(ratings, n);
        return rc;
    }
    zz_rating_recs_free(ratings, n);
    return ZZ_OK;
}

int zz_case_conclusion(zz_ctx *cx, int64_t case_id, zz_conclusion *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    zz_case c;
    int rc = zz_case__require_internals(cx, case_id, &c, err);
    if (rc < 0) return rc;
    return zz_assess_store_conclusion_get(cx->st, case_id, out, err);
}

void zz_conclusion_clear(zz_conclusion *c)
{
    if (!c) return;
    free(c->reason);
    free(c->conformity);
    memset(c, 0, sizeof *c);
}
