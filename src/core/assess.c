/*
 * assess.c — the pure rules of assessment: rating values and their scales, the level-1
 * decision rule with its reasons, the degree of conformity (符合程度) in basis points, and
 * their JSON. No database, no clock: the actions that use them are in assess_case.c.
 */
#include "zizhi/assess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/assess_int.h"
#include "core/domain_int.h"

/* ---- rating values ------------------------------------------------------------------------- */

const char *zz_rating_code(zz_rating r)
{
    switch (r) {
    case ZZ_RATING_PERFORMED:
        return "performed";
    case ZZ_RATING_PARTIAL:
        return "partial";
    case ZZ_RATING_NOT_PERFORMED:
        return "not_performed";
    case ZZ_RATING_CONFORMS:
        return "conforms";
    case ZZ_RATING_NOT_CONFORMS:
        return "not_conforms";
    case ZZ_RATING_NOT_APPLICABLE:
        return "not_applicable";
    case ZZ_RATING_NONE:
        break;
    }
    return NULL;
}

const char *zz_rating_name_zh(zz_rating r, zz_item_type t)
{
    switch (r) {
    case ZZ_RATING_PERFORMED:
        return "已实施";
    case ZZ_RATING_PARTIAL:
        return t == ZZ_ITEM_PRACTICE ? "部分实施" : "部分符合";
    case ZZ_RATING_NOT_PERFORMED:
        return "未实施";
    case ZZ_RATING_CONFORMS:
        return "符合";
    case ZZ_RATING_NOT_CONFORMS:
        return "不符合";
    case ZZ_RATING_NOT_APPLICABLE:
        return "不适用";
    case ZZ_RATING_NONE:
        break;
    }
    return NULL;
}

int zz_rating_parse(zz_rating *out, const char *s, zz_err *err)
{
    for (int r = ZZ_RATING_PERFORMED; r <= ZZ_RATING_NOT_APPLICABLE; r++) {
        if (s && strcmp(s, zz_rating_code((zz_rating)r)) == 0) {
            *out = (zz_rating)r;
            return ZZ_OK;
        }
    }
    return zz_err_rule(err, ZZ_EINVAL, "input.rating", "R-3.4",
                       "评定值“%.60s”无效（基本实践：performed、partial、not_performed、"
                       "not_applicable；要求项：conforms、partial、not_conforms、not_applicable）",
                       "unknown rating \"%.60s\" (base practice: performed, partial, "
                       "not_performed, not_applicable; requirement: conforms, partial, "
                       "not_conforms, not_applicable)",
                       s ? s : "");
}

const char *zz_item_type_code(zz_item_type t)
{
    switch (t) {
    case ZZ_ITEM_REQUIREMENT:
        return "requirement";
    case ZZ_ITEM_PRACTICE:
        return "practice";
    case ZZ_ITEM_PROCESS_AREA:
        return "process_area";
    case ZZ_ITEM_UNKNOWN:
        break;
    }
    return NULL;
}

static const char *type_zh(zz_item_type t)
{
    return t == ZZ_ITEM_PRACTICE ? "基本实践" : t == ZZ_ITEM_PROCESS_AREA ? "过程域" : "要求项";
}

static const char *type_en(zz_item_type t)
{
    return t == ZZ_ITEM_PRACTICE       ? "base practice"
           : t == ZZ_ITEM_PROCESS_AREA ? "process area"
                                       : "requirement";
}

zz_item_type zz_assess_item(const zz_catalog *cat, const char *item_id, const zz_cat_req **req,
                            const zz_cat_bp **bp)
{
    if (req) *req = NULL;
    if (bp) *bp = NULL;
    if (!cat || !item_id) return ZZ_ITEM_UNKNOWN;
    const zz_cat_bp *b = zz_catalog_bp(cat, item_id);
    if (b) {
        if (bp) *bp = b;
        if (req) *req = b->pa;
        return ZZ_ITEM_PRACTICE;
    }
    const zz_cat_req *r = zz_catalog_req(cat, item_id);
    if (!r) return ZZ_ITEM_UNKNOWN;
    if (req) *req = r;
    if (r->kind == ZZ_KIND_ELIGIBILITY || r->kind == ZZ_KIND_CAPABILITY) return ZZ_ITEM_REQUIREMENT;
    return ZZ_ITEM_PROCESS_AREA;
}

bool zz_rating_fits(zz_item_type t, zz_rating r)
{
    switch (t) {
    case ZZ_ITEM_REQUIREMENT:
        return r == ZZ_RATING_CONFORMS || r == ZZ_RATING_PARTIAL || r == ZZ_RATING_NOT_CONFORMS ||
               r == ZZ_RATING_NOT_APPLICABLE;
    case ZZ_ITEM_PRACTICE:
        return r == ZZ_RATING_PERFORMED || r == ZZ_RATING_PARTIAL || r == ZZ_RATING_NOT_PERFORMED ||
               r == ZZ_RATING_NOT_APPLICABLE;
    default:
        return false;
    }
}

bool zz_assess_item_counts(const zz_catalog *cat, const char *item_id)
{
    const zz_cat_req *req = NULL;
    zz_item_type t = zz_assess_item(cat, item_id, &req, NULL);
    return (t == ZZ_ITEM_REQUIREMENT || t == ZZ_ITEM_PRACTICE) && req->required;
}

int zz_assess_check_rating(const zz_catalog *cat, const char *item_id, zz_rating r,
                           const char *justification, zz_err *err)
{
    zz_item_type t = zz_assess_item(cat, item_id, NULL, NULL);
    if (t == ZZ_ITEM_UNKNOWN)
        return zz_err_rule(err, ZZ_EINVAL, "input.item", "R-1.8",
                           "“%.60s”不是本项目所用要求目录中的要求项或基本实践",
                           "\"%.60s\" is not a requirement or base practice of the case's "
                           "catalogue",
                           item_id ? item_id : "");
    if (t == ZZ_ITEM_PROCESS_AREA)
        return zz_err_rule(
            err, ZZ_EINVAL, "input.rating", "R-1.5", "过程域 %s 不直接评定：请逐项评定其基本实践",
            "process area %s is not rated directly: rate its base practices", item_id);
    if (!zz_rating_fits(t, r)) {
        const char *zh = t == ZZ_ITEM_PRACTICE ? "已实施、部分实施、未实施或不适用"
                                               : "符合、部分符合、不符合或不适用";
        const char *en = t == ZZ_ITEM_PRACTICE
                             ? "performed, partial, not_performed or not_applicable"
                             : "conforms, partial, not_conforms or not_applicable";
        return zz_err_rule(err, ZZ_EINVAL, "input.rating", "R-3.4",
                           "%s%.0s %s 的评定值“%s”无效，应为%s%.0s",
                           "%.0s%s %s cannot be rated \"%s\": use %.0s%s", type_zh(t), type_en(t),
                           item_id, zz_rating_code(r) ? zz_rating_code(r) : "", zh, en);
    }
    if (r == ZZ_RATING_NOT_APPLICABLE && zz__blank(justification))
        return zz_err_rule(err, ZZ_EINVAL, "input.justification", "R-3.4",
                           "%s 评定为“不适用”时必须说明理由",
                           "rating %s not_applicable needs a justification", item_id);
    return ZZ_OK;
}

const char *zz_assess_issue_code(zz_assess_issue i)
{
    switch (i) {
    case ZZ_ISSUE_UNRATED:
        return "unrated";
    case ZZ_ISSUE_RERATE:
        return "rerate";
    case ZZ_ISSUE_NOT_MET:
        return "not_met";
    case ZZ_ISSUE_NO_JUSTIFICATION:
        return "no_justification";
    }
    return NULL;
}

void zz_assess_reason_text(const zz_assess_reason *r, char *zh, size_t zh_cap, char *en,
                           size_t en_cap)
{
    const char *tz = type_zh(r->type), *te = type_en(r->type);
    switch (r->issue) {
    case ZZ_ISSUE_UNRATED:
        snprintf(zh, zh_cap, "%s %s 尚未评定", tz, r->item_id);
        snprintf(en, en_cap, "%s %s is not rated", te, r->item_id);
        break;
    case ZZ_ISSUE_RERATE:
        snprintf(zh, zh_cap, "%s %s 已整改，待重新评定", tz, r->item_id);
        snprintf(en, en_cap, "%s %s was rectified and awaits a new rating", te, r->item_id);
        break;
    case ZZ_ISSUE_NOT_MET: {
        bool bp = r->type == ZZ_ITEM_PRACTICE;
        const char *got = zz_rating_name_zh(r->rating, r->type);
        const char *code = zz_rating_code(r->rating);
        snprintf(zh, zh_cap, "%s %s 评定为“%s”，未达到“%s”", tz, r->item_id, got ? got : "?",
                 bp ? "已实施" : "符合");
        snprintf(en, en_cap, "%s %s is rated %s, not %s", te, r->item_id, code ? code : "?",
                 bp ? "performed" : "conforms");
        break;
    }
    case ZZ_ISSUE_NO_JUSTIFICATION:
        snprintf(zh, zh_cap, "%s %s 评定为“不适用”但没有说明理由", tz, r->item_id);
        snprintf(en, en_cap, "%s %s is rated not_applicable without a justification", te,
                 r->item_id);
        break;
    }
}

/* ---- the walk over counting items (R-1.5) -------------------------------------------------- */

enum item_class { C_POSITIVE, C_NA, C_UNRATED, C_RERATE, C_NOT_MET, C_NO_JUST };

typedef struct item_visit {
    const char *id;
    zz_item_type type;
    const zz_cat_group *group;
    zz_rating rating;
    enum item_class cls;
} item_visit;

static const zz_rating_rec *find_rating(const zz_rating_rec *ratings, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (ratings[i].item_id && strcmp(ratings[i].item_id, id) == 0) return &ratings[i];
    return NULL;
}

static enum item_class classify(zz_item_type t, const zz_rating_rec *rec)
{
    if (!rec || rec->rating == ZZ_RATING_NONE) return C_UNRATED;
    if (rec->rerate) return C_RERATE;
    if (rec->rating == ZZ_RATING_NOT_APPLICABLE)
        return zz__blank(rec->justification) ? C_NO_JUST : C_NA;
    if (!zz_rating_fits(t, rec->rating))
        return C_NOT_MET; /* a value of the other scale never counts as met */
    if ((t == ZZ_ITEM_REQUIREMENT && rec->rating == ZZ_RATING_CONFORMS) ||
        (t == ZZ_ITEM_PRACTICE && rec->rating == ZZ_RATING_PERFORMED))
        return C_POSITIVE;
    return C_NOT_MET;
}

typedef void (*visit_fn)(void *ctx, const item_visit *v);

/* Visits every counting item in guide order (catalog.h I7). */
static void walk(const zz_catalog *cat, const zz_rating_rec *ratings, size_t n, visit_fn fn,
                 void *ctx)
{
    for (size_t i = 0; i < cat->n_reqs; i++) {
        const zz_cat_req *req = cat->reqs[i];
        if (!req->required) continue;
        if (req->kind == ZZ_KIND_ELIGIBILITY || req->kind == ZZ_KIND_CAPABILITY) {
            const zz_rating_rec *rec = find_rating(ratings, n, req->id);
            item_visit v = {req->id, ZZ_ITEM_REQUIREMENT, req->group,
                            rec ? rec->rating : ZZ_RATING_NONE, classify(ZZ_ITEM_REQUIREMENT, rec)};
            fn(ctx, &v);
        } else {
            for (size_t k = 0; k < req->n_bps; k++) {
                const zz_cat_bp *bp = &req->bps[k];
                const zz_rating_rec *rec = find_rating(ratings, n, bp->id);
                item_visit v = {bp->id, ZZ_ITEM_PRACTICE, req->group,
                                rec ? rec->rating : ZZ_RATING_NONE,
                                classify(ZZ_ITEM_PRACTICE, rec)};
                fn(ctx, &v);
            }
        }
    }
}

static void count_visit(void *ctx, const item_visit *v)
{
    (void)v;
    (*(size_t *)ctx)++;
}

static size_t count_items(const zz_catalog *cat)
{
    size_t n = 0;
    walk(cat, NULL, 0, count_visit, &n);
    return n;
}

static zz_assess_reason make_reason(const item_visit *v, zz_assess_issue issue)
{
    zz_assess_reason r = {v->id, v->type, v->group ? v->group->id : "", v->rating, issue};
    if (issue == ZZ_ISSUE_UNRATED) r.rating = ZZ_RATING_NONE;
    return r;
}

static zz_assess_issue issue_of(enum item_class c)
{
    switch (c) {
    case C_UNRATED:
        return ZZ_ISSUE_UNRATED;
    case C_RERATE:
        return ZZ_ISSUE_RERATE;
    case C_NO_JUST:
        return ZZ_ISSUE_NO_JUSTIFICATION;
    default:
        return ZZ_ISSUE_NOT_MET;
    }
}

static void rec_visit(void *ctx, const item_visit *v)
{
    zz_recommendation *r = ctx;
    r->n_items++;
    switch (v->cls) {
    case C_POSITIVE:
    case C_NA:
        r->n_rated++;
        break;
    case C_UNRATED:
    case C_RERATE:
        r->n_unrated++;
        r->reasons[r->n_reasons++] = make_reason(v, issue_of(v->cls));
        break;
    case C_NOT_MET:
    case C_NO_JUST:
        r->n_rated++;
        r->n_blocking++;
        r->reasons[r->n_reasons++] = make_reason(v, issue_of(v->cls));
        break;
    }
}

int zz_assess_recommend(const zz_catalog *cat, const zz_rating_rec *ratings, size_t n,
                        zz_recommendation *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    size_t items = count_items(cat);
    out->reasons = calloc(items ? items : 1, sizeof *out->reasons);
    if (!out->reasons) return zz__nomem(err);
    walk(cat, ratings, n, rec_visit, out);
    out->met = out->n_reasons == 0; /* */
    return ZZ_OK;
}

void zz_recommendation_free(zz_recommendation *r)
{
    if (!r) return;
    free(r->reasons);
    memset(r, 0, sizeof *r);
}

/* ---- degree of conformity (R-3.4) ---------------------------------------------------------- */

typedef struct conf_ctx {
    zz_conformity *c;
    const zz_cat_group **gptr; /* all groups, pre-order, parallel to c->groups */
    size_t n_all;
} conf_ctx;

static void collect_groups(const zz_cat_group *g, size_t n, int depth, conf_ctx *x)
{
    for (size_t i = 0; i < n; i++) {
        if (x->gptr) {
            x->gptr[x->n_all] = &g[i];
            zz_conf_group *cg = &x->c->groups[x->n_all];
            cg->id = g[i].id;
            cg->title = g[i].title;
            cg->depth = depth;
        }
        x->n_all++;
        collect_groups(g[i].groups, g[i].n_groups, depth + 1, x);
    }
}

static void add_count(zz_conf_count *k, enum item_class cls)
{
    k->total++;
    switch (cls) {
    case C_POSITIVE:
        k->rated++;
        k->positive++;
        break;
    case C_NA:
        k->rated++;
        k->not_applicable++;
        break;
    case C_NOT_MET:
    case C_NO_JUST:
        k->rated++;
        break;
    case C_UNRATED:
    case C_RERATE:
        break;
    }
}

static void finish_count(zz_conf_count *k)
{
    int64_t denom = k->total - k->not_applicable;
    k->bp = denom > 0 ? k->positive * 10000 / denom : ZZ_BP_NONE;
}

static void conf_visit(void *ctx, const item_visit *v)
{
    conf_ctx *x = ctx;
    zz_conformity *c = x->c;
    bool bp = v->type == ZZ_ITEM_PRACTICE;
    add_count(bp ? &c->practices : &c->items, v->cls);
    for (const zz_cat_group *g = v->group; g; g = g->parent) {
        for (size_t i = 0; i < x->n_all; i++) {
            if (x->gptr[i] == g) {
                add_count(bp ? &c->groups[i].practices : &c->groups[i].items, v->cls);
                break;
            }
        }
    }
    if (v->cls == C_UNRATED || v->cls == C_RERATE)
        c->n_unrated++;
    else if (v->cls == C_NOT_MET || v->cls == C_NO_JUST)
        c->nonconformities[c->n_nonconformities++] = make_reason(v, issue_of(v->cls));
}

int zz_assess_conformity(const zz_catalog *cat, const zz_rating_rec *ratings, size_t n,
                         zz_conformity *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    conf_ctx x = {out, NULL, 0};
    collect_groups(cat->groups, cat->n_groups, 0, &x); /* count them */
    size_t n_all = x.n_all;
    size_t items = count_items(cat);
    x.gptr = calloc(n_all ? n_all : 1, sizeof *x.gptr);
    out->groups = calloc(n_all ? n_all : 1, sizeof *out->groups);
    out->nonconformities = calloc(items ? items : 1, sizeof *out->nonconformities);
    if (!x.gptr || !out->groups || !out->nonconformities) {
        free(x.gptr);
        zz_conformity_free(out);
        return zz__nomem(err);
    }
    x.n_all = 0;
    collect_groups(cat->groups, cat->n_groups, 0, &x);
    walk(cat, ratings, n, conf_visit, &x);
    free(x.gptr);
    /* keep the groups that hold counting items, in pre-order */
    size_t kept = 0;
    for (size_t i = 0; i < n_all; i++) {
        zz_conf_group *g = &out->groups[i];
        if (g->items.total + g->practices.total == 0) continue;
        finish_count(&g->items);
        finish_count(&g->practices);
        out->groups[kept++] = *g;
    }
    out->n_groups = kept;
    finish_count(&out->items);
    finish_count(&out->practices);
    return ZZ_OK;
}

void zz_conformity_free(zz_conformity *c)
{
    if (!c) return;
    free(c->groups);
    free(c->nonconformities);
    memset(c, 0, sizeof *c);
}

/* ---- JSON ---------------------------------------------------------------------------------- */

static json_t *reason_obj(const zz_assess_reason *r)
{
    char zh[300], en[300];
    zz_assess_reason_text(r, zh, sizeof zh, en, sizeof en);
    const char *rc = zz_rating_code(r->rating);
    return json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:s}", "item", r->item_id, "type",
                     zz_item_type_code(r->type), "group", r->group_id, "rating",
                     rc ? json_string(rc) : json_null(), "issue", zz_assess_issue_code(r->issue),
                     "message_zh", zh, "message", en);
}

static json_t *reasons_arr(const zz_assess_reason *r, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        json_t *o = reason_obj(&r[i]);
        if (!o || json_array_append_new(a, o) < 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

json_t *zz_assess__recommendation_obj(const zz_recommendation *r)
{
    return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:o*}", "rule", "R-1.5", "recommendation",
                     r->met ? "met" : "not_met", "items", (json_int_t)r->n_items, "rated",
                     (json_int_t)r->n_rated, "unrated", (json_int_t)r->n_unrated, "blocking",
                     (json_int_t)r->n_blocking, "reasons", reasons_arr(r->reasons, r->n_reasons));
}

static json_t *count_obj(const zz_conf_count *k, const char *positive_key)
{
    return json_pack("{s:I, s:I, s:I, s:I, s:o}", "total", (json_int_t)k->total, "rated",
                     (json_int_t)k->rated, "not_applicable", (json_int_t)k->not_applicable,
                     positive_key, (json_int_t)k->positive, "bp",
                     k->bp == ZZ_BP_NONE ? json_null() : json_integer(k->bp));
}

json_t *zz_assess__conformity_obj(const zz_conformity *c)
{
    json_t *groups = json_array();
    for (size_t i = 0; groups && i < c->n_groups; i++) {
        const zz_conf_group *g = &c->groups[i];
        json_t *o =
            json_pack("{s:s, s:s, s:i, s:o*, s:o*}", "id", g->id, "title", g->title ? g->title : "",
                      "depth", g->depth, "items", count_obj(&g->items, "conforming"), "practices",
                      count_obj(&g->practices, "performed"));
        if (!o || json_array_append_new(groups, o) < 0) {
            json_decref(groups);
            groups = NULL;
        }
    }
    if (!groups) return NULL;
    return json_pack("{s:{s:o*, s:o*}, s:o, s:I, s:o*}", "overall", "items",
                     count_obj(&c->items, "conforming"), "practices",
                     count_obj(&c->practices, "performed"), "groups", groups, "unrated",
                     (json_int_t)c->n_unrated, "nonconformities",
                     reasons_arr(c->nonconformities, c->n_nonconformities));
}

static int dump(json_t *o, char **out, zz_err *err)
{
    *out = NULL;
    if (!o) return zz__nomem(err);
    *out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return *out ? ZZ_OK : zz__nomem(err);
}

int zz_recommendation_json(const zz_recommendation *r, char **out, zz_err *err)
{
    return dump(zz_assess__recommendation_obj(r), out, err);
}

int zz_conformity_json(const zz_conformity *c, char **out, zz_err *err)
{
    return dump(zz_assess__conformity_obj(c), out, err);
}

const char *zz_verdict_code(zz_verdict v)
{
    return v == ZZ_VERDICT_MET ? "met" : "not_met";
}

int zz_verdict_parse(zz_verdict *out, const char *s, zz_err *err)
{
    if (s && strcmp(s, "met") == 0) {
        *out = ZZ_VERDICT_MET;
        return ZZ_OK;
    }
    if (s && strcmp(s, "not_met") == 0) {
        *out = ZZ_VERDICT_NOT_MET;
        return ZZ_OK;
    }
    return zz_err_rule(err, ZZ_EINVAL, "input.conclusion", "R-3.4",
                       "审核结论“%.40s”无效，应为 met（达到）或 not_met（未达到）",
                       "unknown conclusion \"%.40s\" (met or not_met)", s ? s : "");
}
