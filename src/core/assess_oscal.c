/*
 * assess_oscal.c — a case's assessment as OSCAL 1.1.3 `assessment-plan` and `assessment-results`
 * . Reads through the visible-case reads of assess.h, then builds the documents; no
 * clock, no randomness: the same stored case gives the same bytes.
 *
 * Mapping (controls are named as in the catalogue export, oscal.h: "zz-" + our id):
 *   plan         terms-and-conditions part "audit-plan" (prose = the plan text);
 *                local-definitions.activities: one per catalogue method, prop method
 *                EXAMINE (document_review) | INTERVIEW (interview) | TEST (demonstration);
 *                reviewed-controls: the counting requirements and base practices;
 *                tasks: the plan milestone and one action per recorded activity;
 *                import-ssp: "#uuid" of a back-matter resource standing for the dossier.
 *   results      one result: observations (one per activity: methods, collected = held_on,
 *                participants and evidence in the description, covered items as props),
 *                findings (one per rated item: target objective-id, state satisfied for
 *                conforms / performed / justified not_applicable, reason pass | fail |
 *                not-applicable, related observations = the activities covering it), props
 *                recommendation, items-bp, practices-bp, unrated, and the team conclusion with
 *                its reason in remarks; import-ap: "#uuid" of a back-matter resource standing for
 *                the plan.
 *   uuids        SM3("zizhi-oscal/assess\n" case number "\n" key), first 16 bytes shaped as a
 *                version-5 UUID; timestamps are business dates at 00:00:00+08:00.
 */
#include "zizhi/assess.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/assess_int.h"
#include "core/domain_int.h"
#include "zizhi/case.h"
#include "zizhi/ctx.h"
#include "zizhi/oscal.h"

/* Everything the two documents are made from. */
typedef struct src {
    zz_case c;
    const zz_catalog *cat;
    zz_audit_plan plan;
    zz_activity *acts;
    size_t n_acts;
    zz_rating_rec *ratings;
    size_t n_ratings;
    zz_conclusion concl;
    zz_recommendation rec;
    zz_conformity conf;
    char last[ZZ_DATE_STRLEN]; /* the latest business date of the assessment */
} src;

static void src_free(src *s)
{
    free(s->plan.content);
    zz_activities_free(s->acts, s->n_acts);
    zz_rating_recs_free(s->ratings, s->n_ratings);
    zz_conclusion_clear(&s->concl);
    zz_recommendation_free(&s->rec);
    zz_conformity_free(&s->conf);
}

static void later(char *last, const char *d)
{
    if (d && strlen(d) == 10 && strcmp(d, last) > 0) snprintf(last, ZZ_DATE_STRLEN, "%s", d);
}

static int src_load(zz_ctx *cx, int64_t case_id, src *s, zz_err *err)
{
    memset(s, 0, sizeof *s);
    int rc;
    if ((rc = zz_case__require_internals(cx, case_id, &s->c, err)) < 0 || /* */
        (rc = zz_assess__catalog(cx, case_id, &s->cat, err)) < 0 ||
        (rc = zz_case_audit_plan(cx, case_id, &s->plan, err)) < 0 ||
        (rc = zz_case_activities(cx, case_id, &s->acts, &s->n_acts, err)) < 0 ||
        (rc = zz_case_ratings(cx, case_id, &s->ratings, &s->n_ratings, err)) < 0 ||
        (rc = zz_case_conclusion(cx, case_id, &s->concl, err)) < 0 ||
        (rc = zz_assess_recommend(s->cat, s->ratings, s->n_ratings, &s->rec, err)) < 0 ||
        (rc = zz_assess_conformity(s->cat, s->ratings, s->n_ratings, &s->conf, err)) < 0) {
        src_free(s);
        return rc;
    }
    later(s->last, s->c.submitted_on);
    later(s->last, s->c.assessment_on);
    if (s->plan.exists) later(s->last, s->plan.agreed_on);
    for (size_t i = 0; i < s->n_acts; i++)
        later(s->last, s->acts[i].held_on);
    for (size_t i = 0; i < s->n_ratings; i++)
        later(s->last, s->ratings[i].rated_on);
    if (s->concl.exists) later(s->last, s->concl.decided_on);
    return ZZ_OK;
}

/* ---- building blocks ------------------------------------------------------------------------- */

static void uuid_of(char out[37], const char *number, const char *key)
{
    char hex[ZZ_SM3_HEXLEN + 1], text[256];
    int len = snprintf(text, sizeof text, "zizhi-oscal/assess\n%s\n%s", number, key);
    if (len < 0 || (size_t)len >= sizeof text ||
        zz_sm3_hex(hex, text, (size_t)len, NULL) < 0) { /* keys are short; never in practice */
        memset(hex, '0', ZZ_SM3_HEXLEN);
        hex[ZZ_SM3_HEXLEN] = '\0';
    }
    unsigned char b[16];
    for (int i = 0; i < 16; i++) {
        unsigned v = 0;
        sscanf(hex + 2 * i, "%2x", &v);
        b[i] = (unsigned char)v;
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x50);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
}

static json_t *juuid(const src *s, const char *key)
{
    char u[37];
    uuid_of(u, s->c.number, key);
    return json_string(u);
}

static json_t *jstamp(const char *date)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%sT00:00:00+08:00", date && *date ? date : "1970-01-01");
    return json_string(buf);
}

/* A prop value as the schema's string pattern wants it: one line, no outer white space. */
static char *prop_text(const char *v)
{
    if (!v) return NULL;
    size_t n = strlen(v);
    char *o = malloc(n + 1), *p = o;
    if (!o) return NULL;
    bool space = false;
    for (const char *q = v; *q; q++) {
        bool ws = *q == ' ' || *q == '\t' || *q == '\n' || *q == '\r';
        if (ws) {
            space = p != o;
            continue;
        }
        if (space) *p++ = ' ';
        space = false;
        *p++ = *q;
    }
    *p = '\0';
    if (p == o) {
        free(o);
        return NULL;
    }
    return o;
}

static void prop(json_t *props, const char *name, const char *value, bool ours)
{
    char *v = prop_text(value);
    if (!v) return;
    json_t *p = json_object();
    json_object_set_new(p, "name", json_string(name));
    if (ours) json_object_set_new(p, "ns", json_string(ZZ_OSCAL_NS));
    json_object_set_new(p, "value", zz__json_str(v));
    json_array_append_new(props, p);
    free(v);
}

static void prop_int(json_t *props, const char *name, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    prop(props, name, buf, true);
}

/* Sets key to arr when it has items (the schema wants no empty arrays); releases it otherwise. */
static void set_nonempty(json_t *o, const char *key, json_t *arr)
{
    if (arr && json_array_size(arr) > 0)
        json_object_set_new(o, key, arr);
    else
        json_decref(arr);
}

static json_t *control_id(const char *id)
{
    char buf[96];
    snprintf(buf, sizeof buf, "%s%s", ZZ_OSCAL_ID_PREFIX, id);
    return json_string(buf);
}

static const char *oscal_method(const char *method)
{
    if (strcmp(method, "document_review") == 0) return "EXAMINE";
    if (strcmp(method, "interview") == 0) return "INTERVIEW";
    if (strcmp(method, "demonstration") == 0) return "TEST";
    return "UNKNOWN";
}

static const char *method_name(const src *s, const char *id)
{
    const zz_cat_method *m = zz_catalog_method(s->cat, id);
    return m && m->name ? m->name : id;
}

/* The counting items, guide order. */
static json_t *reviewed_controls(const src *s)
{
    json_t *ids = json_array();
    for (size_t i = 0; i < s->cat->n_reqs; i++) {
        const zz_cat_req *q = s->cat->reqs[i];
        if (!q->required) continue;
        if (q->kind == ZZ_KIND_ELIGIBILITY || q->kind == ZZ_KIND_CAPABILITY)
            json_array_append_new(ids, json_pack("{s:o}", "control-id", control_id(q->id)));
        else
            for (size_t k = 0; k < q->n_bps; k++)
                json_array_append_new(ids,
                                      json_pack("{s:o}", "control-id", control_id(q->bps[k].id)));
    }
    json_t *sel = json_object();
    if (json_array_size(ids) > 0)
        json_object_set_new(sel, "include-controls", ids);
    else {
        json_decref(ids);
        json_object_set_new(sel, "include-all", json_object());
    }
    return json_pack("{s:s, s:[o]}", "description", "R-1.5 计入判定的要求项与基本实践",
                     "control-selections", sel);
}

static json_t *metadata(const src *s, const char *title_zh, json_t *extra_props)
{
    json_t *md = json_object();
    char title[200];
    snprintf(title, sizeof title, "%s %s", title_zh, s->c.number);
    json_object_set_new(md, "title", json_string(title));
    json_object_set_new(md, "last-modified", jstamp(s->last));
    json_object_set_new(md, "version", json_string(s->last[0] ? s->last : "1"));
    json_object_set_new(md, "oscal-version", json_string(ZZ_OSCAL_VERSION));
    json_t *props = extra_props ? extra_props : json_array();
    prop(props, "case-number", s->c.number, true);
    prop(props, "catalogue-id", s->cat->id, true);
    prop(props, "catalogue-version", s->cat->version, true);
    prop_int(props, "level", s->cat->level);
    set_nonempty(md, "props", props);
    json_t *roles = json_array();
    json_array_append_new(
        roles, json_pack("{s:s, s:s}", "id", "project-lead", "title", "项目负责人 (project lead)"));
    json_array_append_new(
        roles, json_pack("{s:s, s:s}", "id", "assessor", "title", "项目组成员 (assessor)"));
    json_object_set_new(md, "roles", roles);
    /* every person who recorded an activity or a rating */
    json_t *parties = json_array(), *seen = json_object();
    for (size_t i = 0; i < s->n_acts + s->n_ratings; i++) {
        const char *who =
            i < s->n_acts ? s->acts[i].recorded_by_name : s->ratings[i - s->n_acts].rated_by_name;
        if (!*who || json_object_get(seen, who)) continue;
        json_object_set_new(seen, who, json_true());
        char key[160];
        snprintf(key, sizeof key, "party/%s", who);
        json_array_append_new(parties, json_pack("{s:o, s:s, s:s}", "uuid", juuid(s, key), "type",
                                                 "person", "name", who));
    }
    json_decref(seen);
    set_nonempty(md, "parties", parties);
    return md;
}

static int finish(json_t *doc, char **out, zz_err *err)
{
    *out = NULL;
    if (!doc) return zz__nomem(err);
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (!text) return zz__nomem(err);
    size_t n = strlen(text);
    char *t = realloc(text, n + 2);
    if (!t) {
        free(text);
        return zz__nomem(err);
    }
    t[n] = '\n';
    t[n + 1] = '\0';
    *out = t;
    return ZZ_OK;
}

/* ---- assessment-plan ----------------------------------------------------------------------- */

int zz_assess_export_oscal_plan(zz_ctx *cx, int64_t case_id, char **out, zz_err *err)
{
    *out = NULL;
    src s;
    int rc = src_load(cx, case_id, &s, err);
    if (rc < 0) return rc;
    json_t *ap = json_object();
    json_object_set_new(ap, "uuid", juuid(&s, "assessment-plan"));
    json_object_set_new(ap, "metadata", metadata(&s, "审核计划 assessment plan", NULL));
    char href[40];
    json_t *dossier_uuid = juuid(&s, "resource/dossier");
    snprintf(href, sizeof href, "#%s", json_string_value(dossier_uuid));
    json_object_set_new(
        ap, "import-ssp",
        json_pack("{s:s, s:s}", "href", href, "remarks",
                  "申请材料（申请书、自评估与证据）代替 SSP (the dossier stands for "
                  "the SSP)"));
    /* the methods of the catalogue as activities */
    json_t *acts = json_array();
    for (size_t i = 0; i < s.cat->n_methods; i++) {
        const zz_cat_method *m = &s.cat->methods[i];
        char key[96], desc[200];
        snprintf(key, sizeof key, "method/%s", m->id);
        snprintf(desc, sizeof desc, "%s (%s)", m->name, m->name_en ? m->name_en : m->id);
        json_t *props = json_array();
        prop(props, "method", oscal_method(m->id), false);
        prop(props, "method-id", m->id, true);
        json_array_append_new(acts,
                              json_pack("{s:o, s:s, s:s, s:o}", "uuid", juuid(&s, key), "title",
                                        m->name, "description", desc, "props", props));
    }
    json_t *ld = json_object();
    set_nonempty(ld, "activities", acts);
    if (json_object_size(ld) > 0)
        json_object_set_new(ap, "local-definitions", ld);
    else
        json_decref(ld);
    if (s.plan.exists)
        json_object_set_new(ap, "terms-and-conditions",
                            json_pack("{s:[{s:s, s:s, s:s, s:s}]}", "parts", "name", "audit-plan",
                                      "ns", ZZ_OSCAL_NS, "title", "审核计划 (audit plan, R-3.4)",
                                      "prose", s.plan.content));
    json_object_set_new(ap, "reviewed-controls", reviewed_controls(&s));
    json_object_set_new(ap, "assessment-subjects",
                        json_pack("[{s:s, s:s, s:{}}]", "type", "party", "description",
                                  "申请单位 (the applicant organisation)", "include-all"));
    json_t *tasks = json_array();
    if (s.plan.exists)
        json_array_append_new(tasks, json_pack("{s:o, s:s, s:s, s:{s:{s:o}}}", "uuid",
                                               juuid(&s, "task/plan"), "type", "milestone", "title",
                                               "审核计划商定 (audit plan agreed)", "timing",
                                               "on-date", "date", jstamp(s.plan.agreed_on)));
    for (size_t i = 0; i < s.n_acts; i++) {
        const zz_activity *a = &s.acts[i];
        char key[64], mkey[96], title[200];
        snprintf(key, sizeof key, "task/activity/%lld", (long long)a->id);
        snprintf(mkey, sizeof mkey, "method/%s", a->method);
        snprintf(title, sizeof title, "%s %s", method_name(&s, a->method), a->held_on);
        json_array_append_new(
            tasks, json_pack("{s:o, s:s, s:s, s:{s:{s:o}}, s:[{s:o, s:[{s:s, s:{}}]}]}", "uuid",
                             juuid(&s, key), "type", "action", "title", title, "timing", "on-date",
                             "date", jstamp(a->held_on), "associated-activities", "activity-uuid",
                             juuid(&s, mkey), "subjects", "type", "party", "include-all"));
    }
    set_nonempty(ap, "tasks", tasks);
    json_object_set_new(
        ap, "back-matter",
        json_pack("{s:[{s:o, s:s, s:s}]}", "resources", "uuid", dossier_uuid, "title",
                  "申请材料 (application dossier)", "description",
                  "申请书、自评估和证据文件，见 zizhi 申请材料 (the dossier in zizhi)"));
    src_free(&s);
    return finish(json_pack("{s:o}", "assessment-plan", ap), out, err);
}

/* ---- assessment-results -------------------------------------------------------------------- */

static bool positive(zz_item_type t, const zz_rating_rec *r, const char **reason)
{
    if (r->rerate) {
        *reason = "other";
        return false;
    }
    if (r->rating == ZZ_RATING_NOT_APPLICABLE && r->justification && *r->justification) {
        *reason = "not-applicable";
        return true;
    }
    if ((t == ZZ_ITEM_REQUIREMENT && r->rating == ZZ_RATING_CONFORMS) ||
        (t == ZZ_ITEM_PRACTICE && r->rating == ZZ_RATING_PERFORMED)) {
        *reason = "pass";
        return true;
    }
    *reason = "fail";
    return false;
}

static bool covers(const zz_activity *a, const char *item)
{
    for (size_t k = 0; k < a->n_items; k++)
        if (strcmp(a->items[k], item) == 0) return true;
    return false;
}

static json_t *bp_json(int64_t bp)
{
    if (bp == ZZ_BP_NONE) return NULL;
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)bp);
    return json_string(buf);
}

int zz_assess_export_oscal_results(zz_ctx *cx, int64_t case_id, char **out, zz_err *err)
{
    *out = NULL;
    src s;
    int rc = src_load(cx, case_id, &s, err);
    if (rc < 0) return rc;
    json_t *ar = json_object();
    json_object_set_new(ar, "uuid", juuid(&s, "assessment-results"));
    json_object_set_new(ar, "metadata", metadata(&s, "评估结果 assessment results", NULL));
    json_t *plan_uuid = juuid(&s, "resource/assessment-plan");
    char href[40];
    snprintf(href, sizeof href, "#%s", json_string_value(plan_uuid));
    json_object_set_new(ar, "import-ap", json_pack("{s:s}", "href", href));

    json_t *res = json_object();
    json_object_set_new(res, "uuid", juuid(&s, "result/team"));
    json_object_set_new(res, "title", json_string("项目审核结论 (project audit conclusion)"));
    char desc[600];
    snprintf(desc, sizeof desc,
             "R-1.5 建议 recommendation: %s；项目审核结论 conclusion: %s；计入 %zu 项，未评定 %zu，"
             "不满足 %zu。",
             s.rec.met ? "met" : "not_met",
             s.concl.exists ? zz_verdict_code(s.concl.conclusion) : "（尚未形成 none yet）",
             s.rec.n_items, s.rec.n_unrated, s.rec.n_blocking);
    json_object_set_new(res, "description", json_string(desc));
    const char *start = s.c.assessment_on[0] ? s.c.assessment_on
                        : s.plan.exists      ? s.plan.agreed_on
                                             : s.c.submitted_on;
    json_object_set_new(res, "start", jstamp(start));
    if (s.concl.exists) json_object_set_new(res, "end", jstamp(s.concl.decided_on));
    json_t *props = json_array();
    prop(props, "recommendation", s.rec.met ? "met" : "not_met", true);
    if (s.concl.exists) {
        prop(props, "conclusion", zz_verdict_code(s.concl.conclusion), true);
        prop_int(props, "round", s.concl.round);
    }
    json_t *ib = bp_json(s.conf.items.bp), *pb = bp_json(s.conf.practices.bp);
    if (ib) prop(props, "conformity-items-bp", json_string_value(ib), true);
    if (pb) prop(props, "conformity-practices-bp", json_string_value(pb), true);
    json_decref(ib);
    json_decref(pb);
    prop_int(props, "unrated", (int64_t)s.rec.n_unrated);
    set_nonempty(res, "props", props);
    json_object_set_new(res, "reviewed-controls", reviewed_controls(&s));

    json_t *obs = json_array();
    for (size_t i = 0; i < s.n_acts; i++) {
        const zz_activity *a = &s.acts[i];
        char key[64], pkey[160], title[200];
        snprintf(key, sizeof key, "observation/%lld", (long long)a->id);
        snprintf(pkey, sizeof pkey, "party/%s", a->recorded_by_name);
        snprintf(title, sizeof title, "%s %s", method_name(&s, a->method), a->held_on);
        size_t dl = strlen(a->findings) + strlen(a->participants) + strlen(a->evidence) + 128;
        char *d = malloc(dl);
        if (!d) continue;
        snprintf(d, dl, "发现 findings: %s\n\n参与人员 participants: %s%s%s", a->findings,
                 a->participants, a->evidence[0] ? "\n\n收集的证据 evidence: " : "", a->evidence);
        json_t *o = json_pack("{s:o, s:s, s:s, s:[s]}", "uuid", juuid(&s, key), "title", title,
                              "description", d, "methods", oscal_method(a->method));
        free(d);
        json_t *op = json_array();
        prop(op, "method-id", a->method, true);
        for (size_t k = 0; k < a->n_items; k++)
            prop(op, "item", a->items[k], true);
        set_nonempty(o, "props", op);
        if (a->recorded_by_name[0])
            json_object_set_new(o, "origins",
                                json_pack("[{s:[{s:s, s:o, s:s}]}]", "actors", "type", "party",
                                          "actor-uuid", juuid(&s, pkey), "role-id", "assessor"));
        if (a->evidence[0])
            json_object_set_new(o, "relevant-evidence",
                                json_pack("[{s:s}]", "description", a->evidence));
        json_object_set_new(o, "collected", jstamp(a->held_on));
        json_array_append_new(obs, o);
    }
    set_nonempty(res, "observations", obs);

    json_t *findings = json_array();
    for (size_t i = 0; i < s.n_ratings; i++) {
        const zz_rating_rec *r = &s.ratings[i];
        zz_item_type t = zz_assess_item(s.cat, r->item_id, NULL, NULL);
        if (t != ZZ_ITEM_REQUIREMENT && t != ZZ_ITEM_PRACTICE) continue;
        const char *reason = "other";
        bool ok = positive(t, r, &reason);
        const char *zh = zz_rating_name_zh(r->rating, t);
        char key[96], title[200];
        snprintf(key, sizeof key, "finding/%s", r->item_id);
        snprintf(title, sizeof title, "%s %s：%s%s", t == ZZ_ITEM_PRACTICE ? "基本实践" : "要求项",
                 r->item_id, zh ? zh : "?", r->rerate ? "（待重新评定 awaits re-rating）" : "");
        json_t *f = json_pack(
            "{s:o, s:s, s:s, s:{s:s, s:o, s:{s:s, s:s}}}", "uuid", juuid(&s, key), "title", title,
            "description", r->justification && *r->justification ? r->justification : title,
            "target", "type", "objective-id", "target-id", control_id(r->item_id), "status",
            "state", ok ? "satisfied" : "not-satisfied", "reason", reason);
        json_t *fp = json_array();
        prop(fp, "rating", zz_rating_code(r->rating), true);
        prop(fp, "rated-on", r->rated_on, true);
        prop(fp, "rated-by", r->rated_by_name, true);
        prop(fp, "counts", zz_assess_item_counts(s.cat, r->item_id) ? "true" : "false", true);
        set_nonempty(f, "props", fp);
        json_t *rel = json_array();
        for (size_t k = 0; k < s.n_acts; k++) {
            if (!covers(&s.acts[k], r->item_id)) continue;
            char okey[64];
            snprintf(okey, sizeof okey, "observation/%lld", (long long)s.acts[k].id);
            json_array_append_new(rel, json_pack("{s:o}", "observation-uuid", juuid(&s, okey)));
        }
        set_nonempty(f, "related-observations", rel);
        json_array_append_new(findings, f);
    }
    set_nonempty(res, "findings", findings);
    if (s.concl.exists && s.concl.reason)
        json_object_set_new(res, "remarks", json_string(s.concl.reason));
    json_object_set_new(ar, "results", json_pack("[o]", res));
    json_object_set_new(
        ar, "back-matter",
        json_pack("{s:[{s:o, s:s, s:s}]}", "resources", "uuid", plan_uuid, "title",
                  "审核计划 (assessment plan)", "description",
                  "本项目的 OSCAL assessment-plan，由 zizhi assess export CASE plan 导出"));
    src_free(&s);
    return finish(json_pack("{s:o}", "assessment-results", ar), out, err);
}
