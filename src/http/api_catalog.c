/*
 * api_catalog.c — public reading of the requirement catalogues:
 *   GET /api/v1/catalogs/current?category=ai-security&level=1   the whole catalogue (format 1)
 *   GET /api/v1/catalogs/{id}/items/{itemId}[?version=V]          one group, requirement, base
 *                                                                 practice or generic practice
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

static int bad_query(zz_err *err, const char *name, const char *want_zh, const char *want_en)
{
    return zz_err_set(err, ZZ_EINVAL, "input.query", "查询参数 \"%s\" 无效：应为%s%.0s",
                      "query parameter \"%s\" is invalid: expected %.0s%s", name, want_zh, want_en);
}

int zzh_api_catalog_current(zzh_req *rq, zz_err *err)
{
    const char *category = zzh_query(rq, "category");
    const char *level_s = zzh_query(rq, "level");
    if (!category) category = "ai-security";
    if (!*category || strlen(category) > 64)
        return bad_query(err, "category", "类别编号，如 ai-security",
                         "a category id such as ai-security");
    int level = 1;
    if (level_s) {
        if (!(level_s[0] >= '1' && level_s[0] <= '5' && level_s[1] == '\0'))
            return bad_query(err, "level", " 1 到 5 的级别", "a level from 1 to 5");
        level = level_s[0] - '0';
    }
    const zz_catalog *cat = NULL;
    int rc = zz_ctx_catalog_for(rq->cx, category, level, &cat, err);
    if (rc < 0) return rc;
    char *text = NULL;
    if ((rc = zz_catalog_dump(&text, cat, err)) < 0) return rc;
    rc = zzh_reply_text(rq, 200, "application/json; charset=utf-8", text, strlen(text));
    free(text);
    return rc;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *sources_json(const zz_cat_source *s, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a,
                              json_pack("{s:s?, s:o, s:s?}", "ref", s[i].ref, "clause",
                                        str_or_null(s[i].clause), "confidence", s[i].confidence));
    return a;
}

static json_t *req_json(const zz_cat_req *r)
{
    json_t *ev = json_array(), *methods = json_array(), *checks = json_array(), *bps = json_array();
    for (size_t i = 0; i < r->n_evidence; i++)
        json_array_append_new(ev, json_pack("{s:s?, s:s?}", "type",
                                            zz_evid_type_name(r->evidence[i].type), "text",
                                            r->evidence[i].text));
    for (size_t i = 0; i < r->n_methods; i++)
        json_array_append_new(methods, json_string(r->methods[i]));
    for (size_t i = 0; i < r->n_checks; i++) {
        json_t *params = json_object();
        for (size_t k = 0; k < r->checks[i].n_params; k++)
            json_object_set_new(params, r->checks[i].params[k].name,
                                json_integer(r->checks[i].params[k].value));
        json_array_append_new(
            checks, json_pack("{s:s?, s:o}", "name", r->checks[i].name, "params", params));
    }
    for (size_t i = 0; i < r->n_bps; i++)
        json_array_append_new(
            bps, json_pack("{s:s?, s:s?}", "id", r->bps[i].id, "name", r->bps[i].name));
    return json_pack("{s:s?, s:s?, s:s?, s:I, s:s?, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:o}",
                     "type", "requirement", "id", r->id, "kind", zz_cat_kind_name(r->kind),
                     "number", (json_int_t)r->number, "text", r->text, "text_en",
                     str_or_null(r->text_en), "guidance", str_or_null(r->guidance), "ssecmm",
                     str_or_null(r->ssecmm), "required", r->required, "group",
                     r->group ? json_string(r->group->id) : json_null(), "evidence", ev, "methods",
                     methods, "checks", checks, "base_practices", bps);
}

static json_t *bp_json(const zz_cat_bp *b)
{
    json_t *ind = json_array();
    for (size_t i = 0; i < b->n_indicators; i++) {
        const zz_cat_indicator *x = &b->indicators[i];
        json_array_append_new(ind, json_pack("{s:s?, s:s?, s:s?, s:I, s:o, s:o, s:o}", "id", x->id,
                                             "text", x->text, "op", x->op, "value",
                                             (json_int_t)x->value, "unit", str_or_null(x->unit),
                                             "source", str_or_null(x->source), "confidence",
                                             str_or_null(x->confidence)));
    }
    return json_pack("{s:s?, s:s?, s:s?, s:o, s:o, s:o, s:o, s:o}", "type", "base_practice", "id",
                     b->id, "name", b->name, "name_en", str_or_null(b->name_en), "description",
                     str_or_null(b->description), "process_area",
                     b->pa ? json_string(b->pa->id) : json_null(), "sources",
                     sources_json(b->sources, b->n_sources), "indicators", ind);
}

static json_t *group_json(const zz_cat_group *g)
{
    json_t *groups = json_array(), *reqs = json_array();
    for (size_t i = 0; i < g->n_groups; i++)
        json_array_append_new(
            groups, json_pack("{s:s?, s:s?}", "id", g->groups[i].id, "title", g->groups[i].title));
    for (size_t i = 0; i < g->n_reqs; i++)
        json_array_append_new(
            reqs, json_pack("{s:s?, s:s?}", "id", g->reqs[i].id, "text", g->reqs[i].text));
    return json_pack("{s:s?, s:s?, s:s?, s:o, s:o, s:o, s:o}", "type", "group", "id", g->id,
                     "title", g->title, "title_en", str_or_null(g->title_en), "parent",
                     g->parent ? json_string(g->parent->id) : json_null(), "groups", groups,
                     "requirements", reqs);
}

static json_t *gp_json(const zz_cat_gp *g)
{
    return json_pack("{s:s?, s:s?, s:I, s:o, s:o, s:s?, s:o, s:o, s:o}", "type", "generic_practice",
                     "id", g->id, "level", (json_int_t)g->level, "common_feature",
                     str_or_null(g->common_feature), "common_feature_name",
                     str_or_null(g->common_feature_name), "name", g->name, "name_en",
                     str_or_null(g->name_en), "description", str_or_null(g->description), "sources",
                     sources_json(g->sources, g->n_sources));
}

int zzh_api_catalog_item(zzh_req *rq, zz_err *err)
{
    const char *id = zzh_param(rq, "id"), *item = zzh_param(rq, "itemId");
    const zz_catalog *cat = NULL;
    int rc = zz_ctx_catalog(rq->cx, id, zzh_query(rq, "version"), &cat, err);
    if (rc < 0) return rc;
    json_t *v = NULL;
    const zz_cat_req *r;
    const zz_cat_bp *b;
    const zz_cat_group *g;
    const zz_cat_gp *gp;
    if ((r = zz_catalog_req(cat, item)))
        v = req_json(r);
    else if ((b = zz_catalog_bp(cat, item)))
        v = bp_json(b);
    else if ((g = zz_catalog_group(cat, item)))
        v = group_json(g);
    else if ((gp = zz_catalog_gp(cat, item)))
        v = gp_json(gp);
    else
        return zz_err_set(err, ZZ_ENOTFOUND, "catalog.item_not_found",
                          "要求目录 %s 中没有条目 \"%s\"", "catalogue %s has no item \"%s\"", id,
                          item);
    if (!v) return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
    json_object_set_new(v, "catalog", json_string(cat->id));
    json_object_set_new(v, "catalog_version", json_string(cat->version));
    return zzh_reply_json(rq, 200, v);
}
