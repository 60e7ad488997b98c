/*
 * oscal.c — catalogue export to and import from OSCAL 1.1.3 `catalog` JSON.
 *
 * Export walks the loaded catalogue and builds the OSCAL document with jansson in a fixed order.
 * Import walks the OSCAL document, checking shape and naming the OSCAL JSON path of the first
 * problem, rebuilds a format-1 catalogue document and hands it to zz_catalog_load_string, so the
 * catalogue's own invariants are checked in one place. The mapping is documented in oscal.h.
 */
#include "zizhi/oscal.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "zizhi/calendar.h"
#include "zizhi/crypto.h"

#define OSCAL_NATIVE_NS  "http://csrc.nist.gov/ns/oscal"
#define GP_GROUP_ID      ZZ_OSCAL_ID_PREFIX "generic-practices"
#define GP_GROUP_CLASS   "generic-practices"
#define GP_GROUP_TITLE   "通用实践"
#define SECTION_CLASS    "section"
#define JSON_VALUE_CLASS "json" /* prop value written as a JSON string literal, see oscal.h */
#define DUMP_FLAGS       (JSON_INDENT(2) | JSON_PRESERVE_ORDER)

/* Our method ids that have an OSCAL assessment method (SP 800-53A EXAMINE/INTERVIEW/TEST). */
static const struct {
    const char *id;
    const char *oscal;
} METHOD_MAP[] = {
    {"document_review", "EXAMINE"},
    {"interview", "INTERVIEW"},
    {"demonstration", "TEST"},
};

/* ---------------------------------------------------------------------------------------------
 * Strings as the schema sees them
 * ------------------------------------------------------------------------------------------- */

/* Decodes one UTF-8 code point at s (valid UTF-8, as jansson guarantees); returns its length. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xe0) == 0xc0 && s[1]) {
        *cp = ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
        return 2;
    }
    if ((s[0] & 0xf0) == 0xe0 && s[1] && s[2]) {
        *cp = ((uint32_t)(s[0] & 0x0f) << 12) | ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
        return 3;
    }
    if ((s[0] & 0xf8) == 0xf0 && s[1] && s[2] && s[3]) {
        *cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3f) << 12) |
              ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
        return 4;
    }
    *cp = s[0]; /* not reached for valid UTF-8; treat the byte as a character */
    return 1;
}

/* White space as ECMAScript's \s (the schema's patterns run as JavaScript regular expressions). */
static bool js_space(uint32_t c)
{
    return (c >= 0x09 && c <= 0x0d) || c == 0x20 || c == 0xa0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f ||
           c == 0x205f || c == 0x3000 || c == 0xfeff;
}

/* Line terminators, which ECMAScript's "." does not match. */
static bool js_line_end(uint32_t c)
{
    return c == 0x0a || c == 0x0d || c == 0x2028 || c == 0x2029;
}

/* Whether s matches OSCAL's StringDatatype pattern ^\S(.*\S)?$. */
static bool oscal_string_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (!*p) return false;
    uint32_t cp = 0, last = 0;
    bool first = true;
    while (*p) {
        p += utf8_decode(p, &cp);
        if (first && js_space(cp)) return false;
        if (js_line_end(cp)) return false;
        first = false;
        last = cp;
    }
    return !js_space(last);
}

/* Whether s is an OSCAL token (NCName), restricted to ASCII, which is all our ids use. */
static bool oscal_token_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_')) return false;
    for (p++; *p; p++) {
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '-' || *p == '_'))
            return false;
    }
    return true;
}

/* Strict decimal integer: optional '-', digits, nothing else. */
static bool parse_i64(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
    const char *p = s;
    if (*p == '-') p++;
    if (*p < '0' || *p > '9') return false;
    for (const char *q = p; *q; q++)
        if (*q < '0' || *q > '9') return false;
    errno = 0;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < lo || v > hi) return false;
    *out = (int64_t)v;
    return true;
}

/* ---------------------------------------------------------------------------------------------
 * Export
 * ------------------------------------------------------------------------------------------- */

typedef struct ex {
    zz_err *err;
    int rc;   /* first error reported through err, 0 when none */
    bool oom; /* a jansson allocation failed */
} ex;

static void ex_set(ex *x, json_t *obj, const char *key, json_t *val)
{
    if (!obj || !val || json_object_set_new(obj, key, val) < 0) x->oom = true;
}

static void ex_push(ex *x, json_t *arr, json_t *val)
{
    if (!arr || !val || json_array_append_new(arr, val) < 0) x->oom = true;
}

static void ex_str(ex *x, json_t *obj, const char *key, const char *s)
{
    ex_set(x, obj, key, json_string(s ? s : ""));
}

/* Attaches arr under key when it holds anything; the schema wants arrays of at least one item. */
static void ex_set_nonempty(ex *x, json_t *obj, const char *key, json_t *arr)
{
    if (arr && json_array_size(arr) == 0) {
        json_decref(arr);
        return;
    }
    ex_set(x, obj, key, arr);
}

static void ex_fail(ex *x, int rc, const char *code, const char *zh, const char *en,
                    const char *what)
{
    if (x->rc) return;
    x->rc = zz_err_set(x->err, rc, code, "%s%.0s%s", "%.0s%s%s", zh, en, what);
}

/* "zz-" + id, checked to be an OSCAL token. */
static json_t *ex_id(ex *x, const char *id)
{
    char buf[256];
    int n = snprintf(buf, sizeof buf, "%s%s", ZZ_OSCAL_ID_PREFIX, id ? id : "");
    if (!id || n < 0 || (size_t)n >= sizeof buf || !oscal_token_ok(buf)) {
        ex_fail(x, ZZ_EINVAL, "oscal.bad_id",
                "标识不能用作 OSCAL 标识: ", "id cannot be an OSCAL token: ", id ? id : "(null)");
        return json_string("");
    }
    return json_string(buf);
}

/* "zz-" + id + suffix, for part ids ("zz-3.2.3-5_smt"). */
static json_t *ex_sub_id(ex *x, const char *id, const char *suffix, size_t k)
{
    char buf[256];
    if (k)
        snprintf(buf, sizeof buf, "%s%s_%s%zu", ZZ_OSCAL_ID_PREFIX, id ? id : "", suffix, k);
    else
        snprintf(buf, sizeof buf, "%s%s_%s", ZZ_OSCAL_ID_PREFIX, id ? id : "", suffix);
    if (!oscal_token_ok(buf)) {
        ex_fail(x, ZZ_EINVAL, "oscal.bad_id",
                "标识不能用作 OSCAL 标识: ", "id cannot be an OSCAL token: ", id ? id : "(null)");
        return json_string("");
    }
    return json_string(buf);
}

/* A prop; ns NULL for OSCAL's own names. value NULL: nothing is written (field absent). */
static void ex_prop_full(ex *x, json_t *props, const char *ns, const char *name, const char *value,
                         const char *group)
{
    if (!value) return;
    json_t *p = json_object();
    ex_str(x, p, "name", name);
    if (ns) ex_str(x, p, "ns", ns);
    if (oscal_string_ok(value)) {
        ex_str(x, p, "value", value);
    } else {
        /* lossless: texts the schema's string pattern refuses travel as JSON literals. */
        json_t *s = json_string(value);
        char *lit = s ? json_dumps(s, JSON_ENCODE_ANY) : NULL;
        json_decref(s);
        if (!lit) {
            x->oom = true;
        } else {
            ex_str(x, p, "value", lit);
            free(lit);
        }
        ex_str(x, p, "class", JSON_VALUE_CLASS);
    }
    if (group) ex_str(x, p, "group", group);
    ex_push(x, props, p);
}

static void ex_prop(ex *x, json_t *props, const char *name, const char *value)
{
    ex_prop_full(x, props, ZZ_OSCAL_NS, name, value, NULL);
}

static void ex_prop_int(ex *x, json_t *props, const char *name, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    ex_prop(x, props, name, buf);
}

/* OSCAL's own "label" prop: our id as people read it. */
static void ex_label(ex *x, json_t *props, const char *id)
{
    ex_prop_full(x, props, NULL, "label", id, NULL);
}

static json_t *ex_part(ex *x, json_t *id, const char *ns, const char *name)
{
    json_t *p = json_object();
    if (id) ex_set(x, p, "id", id);
    ex_str(x, p, "name", name);
    if (ns) ex_str(x, p, "ns", ns);
    return p;
}

static void ex_sources(ex *x, json_t *parts, const char *owner, const zz_cat_source *src, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        json_t *part = ex_part(x, ex_sub_id(x, owner, "src", i + 1), ZZ_OSCAL_NS, "source");
        json_t *props = json_array();
        ex_prop(x, props, "ref", src[i].ref);
        ex_prop(x, props, "clause", src[i].clause);
        ex_prop(x, props, "confidence", src[i].confidence);
        ex_set_nonempty(x, part, "props", props);
        ex_push(x, parts, part);
    }
}

static void ex_statement(ex *x, json_t *parts, const char *owner, const char *text)
{
    if (!text) return;
    json_t *part = ex_part(x, ex_sub_id(x, owner, "smt", 0), NULL, "statement");
    ex_str(x, part, "prose", text);
    ex_push(x, parts, part);
}

static json_t *ex_bp(ex *x, const zz_cat_bp *bp)
{
    json_t *c = json_object();
    ex_set(x, c, "id", ex_id(x, bp->id));
    ex_str(x, c, "class", "base-practice");
    ex_str(x, c, "title", bp->name);

    json_t *params = json_array();
    for (size_t i = 0; i < bp->n_indicators; i++) {
        const zz_cat_indicator *ind = &bp->indicators[i];
        json_t *pm = json_object();
        ex_set(x, pm, "id", ex_id(x, ind->id));
        ex_str(x, pm, "class", "indicator");
        json_t *props = json_array();
        ex_prop(x, props, "operator", ind->op);
        ex_prop(x, props, "unit", ind->unit);
        ex_prop(x, props, "source", ind->source);
        ex_prop(x, props, "confidence", ind->confidence);
        ex_set_nonempty(x, pm, "props", props);
        if (ind->text) ex_str(x, pm, "label", ind->text);
        char buf[32];
        snprintf(buf, sizeof buf, "%" PRId64, ind->value);
        json_t *values = json_array();
        ex_push(x, values, json_string(buf));
        ex_set(x, pm, "values", values);
        ex_push(x, params, pm);
    }
    ex_set_nonempty(x, c, "params", params);

    json_t *props = json_array();
    ex_label(x, props, bp->id);
    ex_prop(x, props, "name-en", bp->name_en);
    ex_set_nonempty(x, c, "props", props);

    json_t *parts = json_array();
    ex_statement(x, parts, bp->id, bp->description);
    ex_sources(x, parts, bp->id, bp->sources, bp->n_sources);
    ex_set_nonempty(x, c, "parts", parts);
    return c;
}

static json_t *ex_req(ex *x, const zz_cat_req *r)
{
    const char *kind = zz_cat_kind_name(r->kind);
    json_t *c = json_object();
    ex_set(x, c, "id", ex_id(x, r->id));
    if (kind && oscal_token_ok(kind)) ex_str(x, c, "class", kind);
    ex_str(x, c, "title", r->text);

    json_t *props = json_array();
    ex_label(x, props, r->id);
    ex_prop(x, props, "kind", kind);
    ex_prop_int(x, props, "number", r->number);
    ex_prop(x, props, "required", r->required ? "true" : "false");
    ex_prop(x, props, "ssecmm", r->ssecmm);
    ex_prop(x, props, "text-en", r->text_en);
    ex_set_nonempty(x, c, "props", props);

    json_t *parts = json_array();
    ex_statement(x, parts, r->id, r->text);
    if (r->guidance) {
        json_t *g = ex_part(x, ex_sub_id(x, r->id, "gdn", 0), NULL, "guidance");
        ex_str(x, g, "prose", r->guidance);
        ex_push(x, parts, g);
    }
    for (size_t i = 0; i < r->n_evidence; i++) { /* */
        json_t *e = ex_part(x, ex_sub_id(x, r->id, "evd", i + 1), ZZ_OSCAL_NS, "evidence");
        json_t *eprops = json_array();
        ex_prop(x, eprops, "evidence-type", zz_evid_type_name(r->evidence[i].type));
        ex_set_nonempty(x, e, "props", eprops);
        ex_str(x, e, "prose", r->evidence[i].text);
        ex_push(x, parts, e);
    }
    for (size_t i = 0; i < r->n_methods; i++) { /* */
        json_t *m = ex_part(x, ex_sub_id(x, r->id, "mth", i + 1), NULL, "assessment-method");
        json_t *mprops = json_array();
        for (size_t k = 0; k < sizeof METHOD_MAP / sizeof METHOD_MAP[0]; k++)
            if (r->methods[i] && strcmp(r->methods[i], METHOD_MAP[k].id) == 0)
                ex_prop_full(x, mprops, NULL, "method", METHOD_MAP[k].oscal, NULL);
        ex_prop(x, mprops, "method-id", r->methods[i]);
        ex_set_nonempty(x, m, "props", mprops);
        ex_push(x, parts, m);
    }
    for (size_t i = 0; i < r->n_checks; i++) { /* */
        const zz_cat_check *chk = &r->checks[i];
        json_t *k = ex_part(x, ex_sub_id(x, r->id, "chk", i + 1), ZZ_OSCAL_NS, "check");
        json_t *kprops = json_array();
        ex_prop(x, kprops, "check-name", chk->name);
        for (size_t j = 0; j < chk->n_params; j++) {
            char buf[256];
            snprintf(buf, sizeof buf, "%s=%" PRId64, chk->params[j].name ? chk->params[j].name : "",
                     chk->params[j].value);
            ex_prop(x, kprops, "check-param", buf);
        }
        ex_set_nonempty(x, k, "props", kprops);
        ex_push(x, parts, k);
    }
    ex_set_nonempty(x, c, "parts", parts);

    json_t *bps = json_array();
    for (size_t i = 0; i < r->n_bps; i++)
        ex_push(x, bps, ex_bp(x, &r->bps[i]));
    ex_set_nonempty(x, c, "controls", bps);
    return c;
}

static json_t *ex_group(ex *x, const zz_cat_group *g)
{
    json_t *o = json_object();
    ex_set(x, o, "id", ex_id(x, g->id));
    ex_str(x, o, "class", SECTION_CLASS);
    ex_str(x, o, "title", g->title);
    json_t *props = json_array();
    ex_label(x, props, g->id);
    ex_prop(x, props, "title-en", g->title_en);
    ex_set_nonempty(x, o, "props", props);
    json_t *groups = json_array();
    for (size_t i = 0; i < g->n_groups; i++)
        ex_push(x, groups, ex_group(x, &g->groups[i]));
    ex_set_nonempty(x, o, "groups", groups);
    json_t *controls = json_array();
    for (size_t i = 0; i < g->n_reqs; i++)
        ex_push(x, controls, ex_req(x, &g->reqs[i]));
    ex_set_nonempty(x, o, "controls", controls);
    return o;
}

static json_t *ex_gp_group(ex *x, const zz_catalog *cat)
{
    json_t *o = json_object();
    ex_str(x, o, "id", GP_GROUP_ID);
    ex_str(x, o, "class", GP_GROUP_CLASS);
    ex_str(x, o, "title", GP_GROUP_TITLE);
    json_t *controls = json_array();
    for (size_t i = 0; i < cat->n_gps; i++) { /* */
        const zz_cat_gp *gp = &cat->gps[i];
        json_t *c = json_object();
        ex_set(x, c, "id", ex_id(x, gp->id));
        ex_str(x, c, "class", "generic-practice");
        ex_str(x, c, "title", gp->name);
        json_t *props = json_array();
        ex_label(x, props, gp->id);
        ex_prop_int(x, props, "level", gp->level);
        ex_prop(x, props, "common-feature", gp->common_feature);
        ex_prop(x, props, "common-feature-name", gp->common_feature_name);
        ex_prop(x, props, "name-en", gp->name_en);
        ex_set_nonempty(x, c, "props", props);
        json_t *parts = json_array();
        ex_statement(x, parts, gp->id, gp->description);
        ex_sources(x, parts, gp->id, gp->sources, gp->n_sources);
        ex_set_nonempty(x, c, "parts", parts);
        ex_push(x, controls, c);
    }
    ex_set_nonempty(x, o, "controls", controls);
    return o;
}

/*
 * last-modified from the source date, never from the clock, so that export is reproducible (O1).
 * Accepts "YYYY", "YYYY-MM", "YYYY-MM-DD"; anything else gives the fixed fallback.
 */
static void last_modified(char out[32], const char *date)
{
    int y = 0, m = 1, d = 1;
    bool ok = false;
    if (date) {
        size_t n = strlen(date);
        int k = 0;
        char tail;
        if (n == 4)
            ok = sscanf(date, "%4d%c", &y, &tail) == 1;
        else if (n == 7)
            ok = sscanf(date, "%4d-%2d%n", &y, &m, &k) == 2 && k == 7;
        else if (n == 10)
            ok = sscanf(date, "%4d-%2d-%2d%n", &y, &m, &d, &k) == 3 && k == 10;
        for (size_t i = 0; ok && i < n; i++)
            if (!((date[i] >= '0' && date[i] <= '9') || (date[i] == '-' && (i == 4 || i == 7))))
                ok = false;
        /* The schema's date-time pattern admits years 1900–2999 only. */
        ok = ok && y >= 1900 && y <= 2999 && zz_date_valid(ZZ_DATE(y, m, d));
    }
    if (!ok) {
        y = 1970;
        m = 1;
        d = 1;
    }
    snprintf(out, 32, "%04d-%02d-%02dT00:00:00+08:00", y, m, d);
}

/* Name-based UUID: SM3 over the catalogue's id and version, shaped as version 5, RFC 4122 variant.
 */
static int catalog_uuid(char out[37], const zz_catalog *cat, zz_err *err)
{
    const char *id = cat->id ? cat->id : "", *ver = cat->version ? cat->version : "";
    size_t len = strlen("zizhi-oscal/catalog\n") + strlen(id) + 1 + strlen(ver) + 1;
    char *name = malloc(len);
    if (!name) return zz_err_set(err, ZZ_ENOMEM, "oscal.nomem", "内存不足", "out of memory");
    snprintf(name, len, "zizhi-oscal/catalog\n%s\n%s", id, ver);
    char hex[ZZ_SM3_HEXLEN + 1];
    int rc = zz_sm3_hex(hex, name, strlen(name), err);
    free(name);
    if (rc < 0) return rc;
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
    return ZZ_OK;
}

static json_t *ex_metadata(ex *x, const zz_catalog *cat)
{
    json_t *md = json_object();
    char lm[32];
    last_modified(lm, cat->source_date);
    ex_str(x, md, "title", cat->title);
    ex_str(x, md, "last-modified", lm);
    if (!cat->version || !oscal_string_ok(cat->version))
        ex_fail(x, ZZ_EINVAL, "oscal.bad_value",
                "目录版本不能用作 OSCAL 版本: ", "catalogue version cannot be an OSCAL version: ",
                cat->version ? cat->version : "(none)");
    ex_str(x, md, "version", cat->version);
    ex_str(x, md, "oscal-version", ZZ_OSCAL_VERSION);

    json_t *props = json_array();
    ex_prop(x, props, "catalogue-id", cat->id);
    ex_prop_int(x, props, "format-version", ZZ_CATALOG_FORMAT_VERSION);
    ex_prop(x, props, "category-id", cat->category_id);
    ex_prop(x, props, "category-name", cat->category_name);
    ex_prop(x, props, "category-name-en", cat->category_name_en);
    ex_prop_int(x, props, "level", cat->level);
    ex_prop(x, props, "title-en", cat->title_en);
    ex_prop(x, props, "source-title", cat->source_title);
    ex_prop(x, props, "source-publisher", cat->source_publisher);
    ex_prop(x, props, "source-date", cat->source_date);
    for (size_t i = 0; i < cat->n_levels; i++) { /* */
        char grp[32], num[32];
        snprintf(grp, sizeof grp, "level-%zu", i + 1);
        snprintf(num, sizeof num, "%d", cat->levels[i].level);
        ex_prop_full(x, props, ZZ_OSCAL_NS, "level-number", num, grp);
        ex_prop_full(x, props, ZZ_OSCAL_NS, "level-name", cat->levels[i].name, grp);
        ex_prop_full(x, props, ZZ_OSCAL_NS, "level-name-en", cat->levels[i].name_en, grp);
    }
    for (size_t i = 0; i < cat->n_methods; i++) { /* */
        char grp[32];
        snprintf(grp, sizeof grp, "method-%zu", i + 1);
        ex_prop_full(x, props, ZZ_OSCAL_NS, "method-id", cat->methods[i].id, grp);
        ex_prop_full(x, props, ZZ_OSCAL_NS, "method-name", cat->methods[i].name, grp);
        ex_prop_full(x, props, ZZ_OSCAL_NS, "method-name-en", cat->methods[i].name_en, grp);
    }
    ex_set_nonempty(x, md, "props", props);
    return md;
}

int zz_oscal_catalog_export(char **out_json, const zz_catalog *cat, zz_err *err)
{
    *out_json = NULL;
    ex x = {err, 0, false};
    char uuid[37];
    int rc = catalog_uuid(uuid, cat, err);
    if (rc < 0) return rc;

    json_t *root = json_object();
    json_t *c = json_object();
    ex_set(&x, root, "catalog", c); /* root owns c; c stays valid while root lives */
    if (x.oom) {
        json_decref(root);
        return zz_err_set(err, ZZ_ENOMEM, "oscal.nomem", "内存不足", "out of memory");
    }
    ex_str(&x, c, "uuid", uuid);
    ex_set(&x, c, "metadata", ex_metadata(&x, cat));
    json_t *groups = json_array();
    for (size_t i = 0; i < cat->n_groups; i++)
        ex_push(&x, groups, ex_group(&x, &cat->groups[i]));
    if (cat->n_gps) ex_push(&x, groups, ex_gp_group(&x, cat));
    ex_set_nonempty(&x, c, "groups", groups);

    char *text = NULL;
    if (!x.rc && !x.oom) text = json_dumps(root, DUMP_FLAGS);
    json_decref(root);
    if (x.rc) return x.rc;
    size_t n = text ? strlen(text) : 0;
    char *out = text ? realloc(text, n + 2) : NULL;
    if (!out) {
        free(text);
        return zz_err_set(err, ZZ_ENOMEM, "oscal.nomem", "内存不足", "out of memory");
    }
    out[n] = '\n';
    out[n + 1] = '\0';
    *out_json = out;
    return ZZ_OK;
}

/* ---------------------------------------------------------------------------------------------
 * Import
 * ------------------------------------------------------------------------------------------- */

typedef struct im {
    const char *name; /* document name for messages */
    zz_err *err;
    char path[1024]; /* OSCAL JSON path of the object being read */
    size_t len;
} im;

static size_t ip_key(im *m, const char *key)
{
    size_t old = m->len;
    int n = snprintf(m->path + m->len, sizeof m->path - m->len, "%s%s", m->len ? "." : "", key);
    if (n > 0) m->len = strlen(m->path);
    return old;
}

static size_t ip_idx(im *m, size_t i)
{
    size_t old = m->len;
    int n = snprintf(m->path + m->len, sizeof m->path - m->len, "[%zu]", i);
    if (n > 0) m->len = strlen(m->path);
    return old;
}

static void ip_pop(im *m, size_t old)
{
    m->len = old;
    m->path[old] = '\0';
}

/* Fails naming the current path; zh and en are printf formats over the same arguments. */
static int im_fail(im *m, int rc, const char *code, const char *zh, const char *en, ...)
{
    char dzh[400], den[400];
    va_list ap, ap2;
    va_start(ap, en);
    va_copy(ap2, ap);
    vsnprintf(dzh, sizeof dzh, zh, ap);
    vsnprintf(den, sizeof den, en, ap2);
    va_end(ap2);
    va_end(ap);
    const char *nm = m->name ? m->name : "oscal";
    const char *p = m->len ? m->path : "$";
    return zz_err_set(m->err, rc, code, "%s: %s: %s%.0s", "%s: %s: %.0s%s", nm, p, dzh, den);
}

static int im_nomem(im *m)
{
    return zz_err_set(m->err, ZZ_ENOMEM, "oscal.nomem", "内存不足", "out of memory");
}

static const char *type_name(json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "object";
    case JSON_ARRAY:
        return "array";
    case JSON_STRING:
        return "string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "boolean";
    default:
        return "null";
    }
}

static const char *json_type_word(json_type t)
{
    return t == JSON_OBJECT ? "object" : t == JSON_ARRAY ? "array" : "string";
}

/* Checks the current value's type (path already names it). */
static int im_type(im *m, json_t *v, json_type t)
{
    if (json_typeof(v) == t) return 0;
    return im_fail(m, ZZ_EINVAL, "oscal.type", "应为 %s，实为 %s", "expected %s, got %s",
                   json_type_word(t), type_name(v));
}

/* Member key of obj with type t; *out NULL when absent and not required. */
static int im_get(im *m, json_t *obj, const char *key, json_type t, bool req, json_t **out)
{
    *out = NULL;
    json_t *v = json_object_get(obj, key);
    size_t old = ip_key(m, key);
    int rc = 0;
    if (!v) {
        if (req) rc = im_fail(m, ZZ_EINVAL, "oscal.missing", "缺少该字段", "missing");
    } else if ((rc = im_type(m, v, t)) == 0) {
        *out = v;
    }
    ip_pop(m, old);
    return rc;
}

/* Our id from an OSCAL one: "zz-3.2.3-5" → "3.2.3-5" (path names the id's owner). */
static int im_id(im *m, json_t *obj, const char **out)
{
    json_t *v;
    int rc = im_get(m, obj, "id", JSON_STRING, true, &v);
    if (rc < 0) return rc;
    const char *s = json_string_value(v);
    size_t pl = strlen(ZZ_OSCAL_ID_PREFIX);
    if (strncmp(s, ZZ_OSCAL_ID_PREFIX, pl) != 0 || !s[pl]) {
        size_t old = ip_key(m, "id");
        rc = im_fail(m, ZZ_EINVAL, "oscal.bad_id", "不是 zizhi 标识 \"%s\"（应以 \"%s\" 开头）",
                     "not a zizhi id \"%s\" (expected the \"%s\" prefix)", s, ZZ_OSCAL_ID_PREFIX);
        ip_pop(m, old);
        return rc;
    }
    *out = s + pl;
    return 0;
}

static int set_str(im *m, json_t *obj, const char *key, const char *s)
{
    if (!s) return 0;
    if (json_object_set_new(obj, key, json_string(s)) < 0) return im_nomem(m);
    return 0;
}

static int set_new(im *m, json_t *obj, const char *key, json_t *v)
{
    if (!v || json_object_set_new(obj, key, v) < 0) return im_nomem(m);
    return 0;
}

static int push_new(im *m, json_t *arr, json_t *v)
{
    if (!v || json_array_append_new(arr, v) < 0) return im_nomem(m);
    return 0;
}

/*
 * Reads one prop at the current path: name, value (decoded when its class is "json"), ns,
 * group. *value is a new reference the caller releases.
 */
static int im_prop(im *m, json_t *p, const char **name, bool *ours, json_t **value,
                   const char **group)
{
    *value = NULL;
    int rc = im_type(m, p, JSON_OBJECT);
    if (rc < 0) return rc;
    json_t *jn, *jv, *jns, *jcl, *jg;
    if ((rc = im_get(m, p, "name", JSON_STRING, true, &jn)) < 0 ||
        (rc = im_get(m, p, "value", JSON_STRING, true, &jv)) < 0 ||
        (rc = im_get(m, p, "ns", JSON_STRING, false, &jns)) < 0 ||
        (rc = im_get(m, p, "class", JSON_STRING, false, &jcl)) < 0 ||
        (rc = im_get(m, p, "group", JSON_STRING, false, &jg)) < 0)
        return rc;
    *name = json_string_value(jn);
    *ours = jns && strcmp(json_string_value(jns), ZZ_OSCAL_NS) == 0;
    *group = jg ? json_string_value(jg) : NULL;
    if (*ours && jcl && strcmp(json_string_value(jcl), JSON_VALUE_CLASS) == 0) {
        json_error_t je;
        json_t *d = json_loads(json_string_value(jv), JSON_DECODE_ANY, &je);
        if (!d || !json_is_string(d)) {
            json_decref(d);
            size_t old = ip_key(m, "value");
            rc = im_fail(m, ZZ_EINVAL, "oscal.bad_value", "class 为 json 的值须是 JSON 字符串",
                         "a value of class json must be a JSON string literal");
            ip_pop(m, old);
            return rc;
        }
        *value = d;
    } else {
        *value = json_incref(jv);
    }
    return 0;
}

static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0) return true;
    return false;
}

/*
 * Reads obj.props: our props must be named in allowed (O3); each name maps to an array of its
 * values in document order. *out is a new object the caller releases.
 */
static int im_props(im *m, json_t *obj, const char *const *allowed, json_t **out)
{
    *out = json_object();
    if (!*out) return im_nomem(m);
    json_t *props;
    int rc = im_get(m, obj, "props", JSON_ARRAY, false, &props);
    if (rc < 0 || !props) return rc;
    size_t old = ip_key(m, "props");
    size_t i;
    json_t *p;
    json_array_foreach(props, i, p)
    {
        size_t o2 = ip_idx(m, i);
        const char *name, *group;
        bool ours;
        json_t *val;
        if ((rc = im_prop(m, p, &name, &ours, &val, &group)) < 0) break;
        if (ours) {
            if (!in_list(name, allowed)) {
                json_decref(val);
                rc = im_fail(m, ZZ_EINVAL, "oscal.unknown", "未知的 zizhi 属性 \"%s\"",
                             "unknown zizhi prop \"%s\"", name);
                break;
            }
            json_t *arr = json_object_get(*out, name);
            if (!arr) {
                arr = json_array();
                if (set_new(m, *out, name, arr) < 0) {
                    json_decref(val);
                    rc = ZZ_ENOMEM;
                    break;
                }
            }
            if ((rc = push_new(m, arr, val)) < 0) break;
        } else {
            json_decref(val);
        }
        ip_pop(m, o2);
    }
    ip_pop(m, old);
    return rc;
}

/* The single value of prop name (path: the owner's props); NULL when absent and optional. */
static int pget(im *m, json_t *map, const char *name, bool req, const char **out)
{
    *out = NULL;
    json_t *arr = json_object_get(map, name);
    int rc = 0;
    size_t old = ip_key(m, "props");
    if (!arr) {
        if (req)
            rc = im_fail(m, ZZ_EINVAL, "oscal.missing", "缺少 zizhi 属性 \"%s\"",
                         "missing zizhi prop \"%s\"", name);
    } else if (json_array_size(arr) > 1) {
        rc = im_fail(m, ZZ_EINVAL, "oscal.duplicate", "zizhi 属性 \"%s\" 出现多次",
                     "zizhi prop \"%s\" given more than once", name);
    } else {
        *out = json_string_value(json_array_get(arr, 0));
    }
    ip_pop(m, old);
    return rc;
}

static int pget_int(im *m, json_t *map, const char *name, bool req, int64_t lo, int64_t hi,
                    bool *present, int64_t *out)
{
    const char *s;
    int rc = pget(m, map, name, req, &s);
    *present = s != NULL;
    if (rc < 0 || !s) return rc;
    if (!parse_i64(s, lo, hi, out)) {
        size_t old = ip_key(m, "props");
        rc = im_fail(m, ZZ_EINVAL, "oscal.bad_value", "zizhi 属性 \"%s\" 不是整数: \"%s\"",
                     "zizhi prop \"%s\" is not an integer: \"%s\"", name, s);
        ip_pop(m, old);
    }
    return rc;
}

/* Copies prop name into dst[key] when present. */
static int pcopy(im *m, json_t *map, const char *name, bool req, json_t *dst, const char *key)
{
    const char *s;
    int rc = pget(m, map, name, req, &s);
    if (rc < 0) return rc;
    return set_str(m, dst, key, s);
}

static int pcopy_int(im *m, json_t *map, const char *name, bool req, json_t *dst, const char *key)
{
    bool present;
    int64_t v;
    int rc = pget_int(m, map, name, req, INT_MIN, INT_MAX, &present, &v);
    if (rc < 0 || !present) return rc;
    return set_new(m, dst, key, json_integer(v));
}

/* A part's name and whether it is in our namespace. */
static int im_part_head(im *m, json_t *part, const char **name, bool *ours)
{
    int rc = im_type(m, part, JSON_OBJECT);
    if (rc < 0) return rc;
    json_t *jn, *jns;
    if ((rc = im_get(m, part, "name", JSON_STRING, true, &jn)) < 0 ||
        (rc = im_get(m, part, "ns", JSON_STRING, false, &jns)) < 0)
        return rc;
    *name = json_string_value(jn);
    *ours = jns && strcmp(json_string_value(jns), ZZ_OSCAL_NS) == 0;
    if (jns && !*ours && strcmp(json_string_value(jns), OSCAL_NATIVE_NS) != 0)
        *name = ""; /* a third party's part: never one of ours or OSCAL's */
    return 0;
}

static int im_prose(im *m, json_t *part, const char **out)
{
    json_t *v;
    int rc = im_get(m, part, "prose", JSON_STRING, true, &v);
    *out = v ? json_string_value(v) : NULL;
    return rc;
}

static const char *const SOURCE_PROPS[] = {"ref", "clause", "confidence", NULL};

static int im_source(im *m, json_t *part, json_t *sources)
{
    json_t *map, *s = json_object();
    int rc = im_props(m, part, SOURCE_PROPS, &map);
    if (rc == 0 && !s) rc = im_nomem(m);
    if (rc == 0) rc = pcopy(m, map, "ref", true, s, "ref");
    if (rc == 0) rc = pcopy(m, map, "clause", false, s, "clause");
    if (rc == 0) rc = pcopy(m, map, "confidence", false, s, "confidence");
    json_decref(map);
    if (rc == 0) return push_new(m, sources, s);
    json_decref(s);
    return rc;
}

/* Guards single parts (statement, guidance): a second one is an error. */
static int once(im *m, const char *prev, const char *what)
{
    if (!prev) return 0;
    return im_fail(m, ZZ_EINVAL, "oscal.duplicate", "%s 部分出现多次", "more than one %s part",
                   what);
}

/* statement + source parts of a base or generic practice. */
static int im_practice_parts(im *m, json_t *ctl, json_t *dst)
{
    json_t *parts;
    int rc = im_get(m, ctl, "parts", JSON_ARRAY, false, &parts);
    if (rc < 0) return rc;
    json_t *sources = json_array();
    if (!sources) return im_nomem(m);
    const char *desc = NULL;
    size_t old = ip_key(m, "parts"), i;
    json_t *part;
    json_array_foreach(parts, i, part)
    {
        size_t o2 = ip_idx(m, i);
        const char *name, *prose;
        bool ours;
        if ((rc = im_part_head(m, part, &name, &ours)) < 0) break;
        if (ours && strcmp(name, "source") == 0) {
            rc = im_source(m, part, sources);
        } else if (ours) {
            rc = im_fail(m, ZZ_EINVAL, "oscal.unknown", "未知的 zizhi 部分 \"%s\"",
                         "unknown zizhi part \"%s\"", name);
        } else if (strcmp(name, "statement") == 0) {
            if ((rc = once(m, desc, "statement")) == 0 && (rc = im_prose(m, part, &prose)) == 0)
                desc = prose;
        }
        if (rc < 0) break;
        ip_pop(m, o2);
    }
    ip_pop(m, old);
    if (rc == 0 && !desc)
        rc =
            im_fail(m, ZZ_EINVAL, "oscal.missing", "缺少 statement 部分", "missing statement part");
    if (rc == 0) rc = set_str(m, dst, "description", desc);
    if (rc == 0 && json_array_size(sources)) return set_new(m, dst, "sources", sources);
    json_decref(sources);
    return rc;
}

/* Controls that are not where the mapping puts them would be lost silently: refuse them. */
static int no_controls(im *m, json_t *obj, const char *why_zh, const char *why_en)
{
    if (!json_object_get(obj, "controls")) return 0;
    size_t old = ip_key(m, "controls");
    int rc = im_fail(m, ZZ_EINVAL, "oscal.unknown", "%s%.0s", "%.0s%s", why_zh, why_en);
    ip_pop(m, old);
    return rc;
}

static const char *const INDICATOR_PROPS[] = {"operator", "unit", "source", "confidence", NULL};

static int im_indicator(im *m, json_t *pm, json_t *indicators)
{
    int rc = im_type(m, pm, JSON_OBJECT);
    if (rc < 0) return rc;
    const char *id;
    json_t *label, *values, *map = NULL, *ind = json_object();
    if (!ind) return im_nomem(m);
    if ((rc = im_id(m, pm, &id)) < 0 || (rc = set_str(m, ind, "id", id)) < 0) goto out;
    if ((rc = im_get(m, pm, "label", JSON_STRING, false, &label)) < 0 ||
        (rc = set_str(m, ind, "text", label ? json_string_value(label) : NULL)) < 0)
        goto out;
    if ((rc = im_props(m, pm, INDICATOR_PROPS, &map)) < 0 ||
        (rc = pcopy(m, map, "operator", true, ind, "operator")) < 0)
        goto out;
    if ((rc = im_get(m, pm, "values", JSON_ARRAY, true, &values)) < 0) goto out;
    {
        size_t old = ip_key(m, "values");
        json_t *v = json_array_get(values, 0);
        int64_t n;
        if (json_array_size(values) != 1 || !json_is_string(v))
            rc = im_fail(m, ZZ_EINVAL, "oscal.bad_value", "指标须恰有一个值",
                         "an indicator needs exactly one value");
        else if (!parse_i64(json_string_value(v), INT64_MIN, INT64_MAX, &n))
            rc = im_fail(m, ZZ_EINVAL, "oscal.bad_value", "指标值不是整数: \"%s\"",
                         "indicator value is not an integer: \"%s\"", json_string_value(v));
        else
            rc = set_new(m, ind, "value", json_integer(n));
        ip_pop(m, old);
        if (rc < 0) goto out;
    }
    if ((rc = pcopy(m, map, "unit", false, ind, "unit")) < 0 ||
        (rc = pcopy(m, map, "source", false, ind, "source")) < 0 ||
        (rc = pcopy(m, map, "confidence", false, ind, "confidence")) < 0)
        goto out;
    json_decref(map);
    return push_new(m, indicators, ind);
out:
    json_decref(map);
    json_decref(ind);
    return rc;
}

static const char *const BP_PROPS[] = {"name-en", NULL};

static int im_bp(im *m, json_t *ctl, json_t *bps)
{
    int rc = im_type(m, ctl, JSON_OBJECT);
    if (rc < 0) return rc;
    const char *id;
    json_t *title, *params, *map = NULL, *bp = json_object();
    if (!bp) return im_nomem(m);
    if ((rc = im_id(m, ctl, &id)) < 0 || (rc = set_str(m, bp, "id", id)) < 0 ||
        (rc = im_get(m, ctl, "title", JSON_STRING, true, &title)) < 0 ||
        (rc = set_str(m, bp, "name", json_string_value(title))) < 0 ||
        (rc = im_props(m, ctl, BP_PROPS, &map)) < 0 ||
        (rc = pcopy(m, map, "name-en", false, bp, "name_en")) < 0 ||
        (rc = im_practice_parts(m, ctl, bp)) < 0 ||
        (rc = im_get(m, ctl, "params", JSON_ARRAY, false, &params)) < 0 ||
        (rc = no_controls(m, ctl, "基本实践不含下级控制项", "base practices hold no controls")) < 0)
        goto out;
    if (params && json_array_size(params)) {
        json_t *inds = json_array();
        if ((rc = set_new(m, bp, "indicators", inds)) < 0) goto out;
        size_t old = ip_key(m, "params"), i;
        json_t *pm;
        json_array_foreach(params, i, pm)
        {
            size_t o2 = ip_idx(m, i);
            if ((rc = im_indicator(m, pm, inds)) < 0) break;
            ip_pop(m, o2);
        }
        ip_pop(m, old);
        if (rc < 0) goto out;
    }
    json_decref(map);
    return push_new(m, bps, bp);
out:
    json_decref(map);
    json_decref(bp);
    return rc;
}

static const char *const REQ_PROPS[] = {"kind", "number", "required", "ssecmm", "text-en", NULL};
static const char *const EVIDENCE_PROPS[] = {"evidence-type", NULL};
static const char *const METHOD_PROPS[] = {"method-id", NULL};
static const char *const CHECK_PROPS[] = {"check-name", "check-param", NULL};

static int im_check(im *m, json_t *part, json_t *checks)
{
    json_t *map, *params, *chk = NULL;
    int rc = im_props(m, part, CHECK_PROPS, &map);
    if (rc < 0) goto out;
    if (!(chk = json_object())) {
        rc = im_nomem(m);
        goto out;
    }
    if ((rc = pcopy(m, map, "check-name", true, chk, "name")) < 0 ||
        (rc = set_new(m, chk, "params", params = json_object())) < 0)
        goto out;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(map, "check-param"), i, v)
    {
        /* "name=value": the value is an integer, so the last '=' splits them. */
        const char *s = json_string_value(v);
        const char *eq = strrchr(s, '=');
        int64_t n;
        if (!eq || !parse_i64(eq + 1, INT64_MIN, INT64_MAX, &n)) {
            size_t old = ip_key(m, "props");
            rc = im_fail(m, ZZ_EINVAL, "oscal.bad_value",
                         "check-param 应为 \"名称=整数\"，实为 \"%s\"",
                         "check-param must be \"name=integer\", got \"%s\"", s);
            ip_pop(m, old);
            goto out;
        }
        char key[256];
        snprintf(key, sizeof key, "%.*s", (int)(eq - s), s);
        if (json_object_get(params, key)) {
            size_t old = ip_key(m, "props");
            rc = im_fail(m, ZZ_EINVAL, "oscal.duplicate", "检查参数 \"%s\" 出现多次",
                         "check parameter \"%s\" given more than once", key);
            ip_pop(m, old);
            goto out;
        }
        if ((rc = set_new(m, params, key, json_integer(n))) < 0) goto out;
    }
    rc = push_new(m, checks, chk);
    chk = NULL; /* consumed */
out:
    json_decref(map);
    json_decref(chk);
    return rc;
}

/* The parts of a requirement: statement, guidance, evidence, methods, checks. */
static int im_req_parts(im *m, json_t *ctl, json_t *req, json_t *evidence, json_t *methods,
                        json_t *checks)
{
    json_t *parts;
    int rc = im_get(m, ctl, "parts", JSON_ARRAY, false, &parts);
    if (rc < 0) return rc;
    const char *text = NULL, *guidance = NULL;
    size_t old = ip_key(m, "parts"), i;
    json_t *part;
    json_array_foreach(parts, i, part)
    {
        size_t o2 = ip_idx(m, i);
        const char *name, *prose;
        bool ours;
        json_t *map = NULL;
        if ((rc = im_part_head(m, part, &name, &ours)) < 0) break;
        if (ours && strcmp(name, "evidence") == 0) {
            json_t *e = json_object();
            if (!e) rc = im_nomem(m);
            if (rc == 0) rc = im_props(m, part, EVIDENCE_PROPS, &map);
            if (rc == 0) rc = pcopy(m, map, "evidence-type", true, e, "type");
            if (rc == 0 && (rc = im_prose(m, part, &prose)) == 0) rc = set_str(m, e, "text", prose);
            if (rc == 0)
                rc = push_new(m, evidence, e);
            else
                json_decref(e);
        } else if (ours && strcmp(name, "check") == 0) {
            rc = im_check(m, part, checks);
        } else if (ours) {
            rc = im_fail(m, ZZ_EINVAL, "oscal.unknown", "未知的 zizhi 部分 \"%s\"",
                         "unknown zizhi part \"%s\"", name);
        } else if (strcmp(name, "statement") == 0) {
            if ((rc = once(m, text, "statement")) == 0 && (rc = im_prose(m, part, &prose)) == 0)
                text = prose;
        } else if (strcmp(name, "guidance") == 0) {
            if ((rc = once(m, guidance, "guidance")) == 0 && (rc = im_prose(m, part, &prose)) == 0)
                guidance = prose;
        } else if (strcmp(name, "assessment-method") == 0) {
            const char *mid;
            if ((rc = im_props(m, part, METHOD_PROPS, &map)) == 0 &&
                (rc = pget(m, map, "method-id", true, &mid)) == 0)
                rc = push_new(m, methods, json_string(mid));
        }
        json_decref(map);
        if (rc < 0) break;
        ip_pop(m, o2);
    }
    ip_pop(m, old);
    if (rc == 0 && !text)
        rc =
            im_fail(m, ZZ_EINVAL, "oscal.missing", "缺少 statement 部分", "missing statement part");
    if (rc == 0) rc = set_str(m, req, "text", text);
    if (rc == 0) rc = set_str(m, req, "guidance", guidance);
    return rc;
}

static int im_req(im *m, json_t *ctl, json_t *reqs)
{
    int rc = im_type(m, ctl, JSON_OBJECT);
    if (rc < 0) return rc;
    const char *id, *reqd;
    json_t *map = NULL, *sub;
    json_t *req = json_object(), *evidence = json_array(), *methods = json_array(),
           *checks = json_array(), *bps = json_array();
    if (!req || !evidence || !methods || !checks || !bps) {
        rc = im_nomem(m);
        goto out;
    }
    if ((rc = im_id(m, ctl, &id)) < 0 || (rc = set_str(m, req, "id", id)) < 0 ||
        (rc = im_props(m, ctl, REQ_PROPS, &map)) < 0 ||
        (rc = pcopy(m, map, "kind", true, req, "kind")) < 0 ||
        (rc = pcopy_int(m, map, "number", true, req, "number")) < 0 ||
        (rc = im_req_parts(m, ctl, req, evidence, methods, checks)) < 0 ||
        (rc = pcopy(m, map, "text-en", false, req, "text_en")) < 0 ||
        (rc = pcopy(m, map, "ssecmm", false, req, "ssecmm")) < 0 ||
        (rc = pget(m, map, "required", false, &reqd)) < 0)
        goto out;
    if (reqd) {
        bool b = strcmp(reqd, "true") == 0;
        if (!b && strcmp(reqd, "false") != 0) {
            size_t old = ip_key(m, "props");
            rc = im_fail(m, ZZ_EINVAL, "oscal.bad_value",
                         "zizhi 属性 \"required\" 应为 true 或 false，实为 \"%s\"",
                         "zizhi prop \"required\" must be true or false, got \"%s\"", reqd);
            ip_pop(m, old);
            goto out;
        }
        if ((rc = set_new(m, req, "required", json_boolean(b))) < 0) goto out;
    }
    /* Empty lists are written as such, so the catalogue's own checks (I5) name them. */
    if ((rc = set_new(m, req, "evidence", json_incref(evidence))) < 0 ||
        (rc = set_new(m, req, "methods", json_incref(methods))) < 0)
        goto out;
    if (json_array_size(checks) && (rc = set_new(m, req, "checks", json_incref(checks))) < 0)
        goto out;
    if ((rc = im_get(m, ctl, "controls", JSON_ARRAY, false, &sub)) < 0) goto out;
    if (sub) {
        size_t old = ip_key(m, "controls"), i;
        json_t *c;
        json_array_foreach(sub, i, c)
        {
            size_t o2 = ip_idx(m, i);
            if ((rc = im_bp(m, c, bps)) < 0) break;
            ip_pop(m, o2);
        }
        ip_pop(m, old);
        if (rc < 0) goto out;
        if ((rc = set_new(m, req, "base_practices", json_incref(bps))) < 0) goto out;
    }
    rc = push_new(m, reqs, json_incref(req));
out:
    json_decref(map);
    json_decref(req);
    json_decref(evidence);
    json_decref(methods);
    json_decref(checks);
    json_decref(bps);
    return rc;
}

static const char *const GROUP_PROPS[] = {"title-en", NULL};

static int im_group(im *m, json_t *g, json_t *groups);

/* Runs fn over obj[key] (an optional array), with the path following along. */
static int im_each(im *m, json_t *obj, const char *key, int (*fn)(im *, json_t *, json_t *),
                   json_t *dst)
{
    json_t *arr;
    int rc = im_get(m, obj, key, JSON_ARRAY, false, &arr);
    if (rc < 0 || !arr) return rc;
    size_t old = ip_key(m, key), i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        size_t o2 = ip_idx(m, i);
        if ((rc = fn(m, v, dst)) < 0) break;
        ip_pop(m, o2);
    }
    ip_pop(m, old);
    return rc;
}

static int im_group(im *m, json_t *g, json_t *groups)
{
    const char *id;
    json_t *title, *map = NULL, *sub = json_array(), *reqs = json_array(), *o = json_object();
    int rc = im_type(m, g, JSON_OBJECT);
    if (rc < 0) goto out;
    if (!sub || !reqs || !o) {
        rc = im_nomem(m);
        goto out;
    }
    if ((rc = im_id(m, g, &id)) < 0 || (rc = set_str(m, o, "id", id)) < 0 ||
        (rc = im_get(m, g, "title", JSON_STRING, true, &title)) < 0 ||
        (rc = set_str(m, o, "title", json_string_value(title))) < 0 ||
        (rc = im_props(m, g, GROUP_PROPS, &map)) < 0 ||
        (rc = pcopy(m, map, "title-en", false, o, "title_en")) < 0 ||
        (rc = im_each(m, g, "groups", im_group, sub)) < 0 ||
        (rc = im_each(m, g, "controls", im_req, reqs)) < 0)
        goto out;
    if (json_array_size(sub) && (rc = set_new(m, o, "groups", json_incref(sub))) < 0) goto out;
    if (json_array_size(reqs) && (rc = set_new(m, o, "requirements", json_incref(reqs))) < 0)
        goto out;
    rc = push_new(m, groups, json_incref(o));
out:
    json_decref(map);
    json_decref(sub);
    json_decref(reqs);
    json_decref(o);
    return rc;
}

static const char *const GP_PROPS[] = {"level", "common-feature", "common-feature-name", "name-en",
                                       NULL};

static int im_gp(im *m, json_t *ctl, json_t *gps)
{
    int rc = im_type(m, ctl, JSON_OBJECT);
    if (rc < 0) return rc;
    const char *id;
    json_t *title, *map = NULL, *gp = json_object();
    if (!gp) return im_nomem(m);
    if ((rc = im_id(m, ctl, &id)) < 0 || (rc = set_str(m, gp, "id", id)) < 0 ||
        (rc = im_props(m, ctl, GP_PROPS, &map)) < 0 ||
        (rc = pcopy_int(m, map, "level", true, gp, "level")) < 0 ||
        (rc = pcopy(m, map, "common-feature", false, gp, "common_feature")) < 0 ||
        (rc = pcopy(m, map, "common-feature-name", false, gp, "common_feature_name")) < 0 ||
        (rc = im_get(m, ctl, "title", JSON_STRING, true, &title)) < 0 ||
        (rc = set_str(m, gp, "name", json_string_value(title))) < 0 ||
        (rc = pcopy(m, map, "name-en", false, gp, "name_en")) < 0 ||
        (rc = im_practice_parts(m, ctl, gp)) < 0 ||
        (rc = no_controls(m, ctl, "通用实践不含下级控制项", "generic practices hold no controls")) <
            0)
        goto out;
    json_decref(map);
    return push_new(m, gps, gp);
out:
    json_decref(map);
    json_decref(gp);
    return rc;
}

static const char *const META_PROPS[] = {
    "catalogue-id",     "format-version", "category-id", "category-name",
    "category-name-en", "level",          "title-en",    "source-title",
    "source-publisher", "source-date",    NULL};
static const char *const LEVEL_PROPS[] = {"level-number", "level-name", "level-name-en", NULL};
static const char *const METHOD_DEF_PROPS[] = {"method-id", "method-name", "method-name-en", NULL};

/*
 * metadata.props: single props into single (name → [value]); grouped props (levels, methods) into
 * per-group maps of the same shape, listed in order of first appearance in levels / methods.
 */
static int im_meta_props(im *m, json_t *md, json_t *single, json_t *levels, json_t *methods)
{
    json_t *props, *bygroup = json_object();
    if (!bygroup) return im_nomem(m);
    int rc = im_get(m, md, "props", JSON_ARRAY, false, &props);
    size_t old = ip_key(m, "props"), i;
    json_t *p;
    json_array_foreach(props, i, p)
    {
        if (rc < 0) break;
        size_t o2 = ip_idx(m, i);
        const char *name, *group;
        bool ours;
        json_t *val;
        if ((rc = im_prop(m, p, &name, &ours, &val, &group)) < 0) break;
        if (!ours) {
            json_decref(val);
            ip_pop(m, o2);
            continue;
        }
        json_t *map = single, *list = NULL;
        const char *const *allowed = META_PROPS;
        if (group && strncmp(group, "level-", 6) == 0) {
            allowed = LEVEL_PROPS;
            list = levels;
        } else if (group && strncmp(group, "method-", 7) == 0) {
            allowed = METHOD_DEF_PROPS;
            list = methods;
        }
        if (!in_list(name, allowed)) {
            json_decref(val);
            rc = im_fail(m, ZZ_EINVAL, "oscal.unknown", "未知的 zizhi 属性 \"%s\"",
                         "unknown zizhi prop \"%s\"", name);
            break;
        }
        if (list) {
            map = json_object_get(bygroup, group);
            if (!map) {
                map = json_object();
                if (set_new(m, bygroup, group, map) < 0 ||
                    push_new(m, list, json_incref(map)) < 0) {
                    json_decref(val);
                    rc = ZZ_ENOMEM;
                    break;
                }
            }
        }
        if (json_object_get(map, name)) {
            json_decref(val);
            rc = im_fail(m, ZZ_EINVAL, "oscal.duplicate", "zizhi 属性 \"%s\" 出现多次",
                         "zizhi prop \"%s\" given more than once", name);
            break;
        }
        json_t *arr = json_array();
        if ((rc = set_new(m, map, name, arr)) < 0 || (rc = push_new(m, arr, val)) < 0) break;
        ip_pop(m, o2);
    }
    ip_pop(m, old);
    json_decref(bygroup);
    return rc;
}

/* metadata → the top of the format-1 document. */
static int im_metadata(im *m, json_t *cat, json_t *doc)
{
    json_t *md, *title, *version;
    int rc = im_get(m, cat, "metadata", JSON_OBJECT, true, &md);
    if (rc < 0) return rc;
    size_t old = ip_key(m, "metadata");
    json_t *single = json_object(), *lv = json_array(), *mt = json_array();
    json_t *category = json_object(), *source = json_object(), *levels = json_array(),
           *methods = json_array();
    const char *fv;
    if (!single || !lv || !mt || !category || !source || !levels || !methods) {
        rc = im_nomem(m);
        goto out;
    }
    if ((rc = im_get(m, md, "title", JSON_STRING, true, &title)) < 0 ||
        (rc = im_get(m, md, "version", JSON_STRING, true, &version)) < 0 ||
        (rc = im_meta_props(m, md, single, lv, mt)) < 0)
        goto out;
    if ((rc = pget(m, single, "format-version", true, &fv)) < 0) goto out;
    if (strcmp(fv, "1") != 0) {
        size_t o2 = ip_key(m, "props");
        rc = im_fail(m, ZZ_EINVAL, "oscal.bad_value", "不支持的 zizhi 目录格式版本 \"%s\"",
                     "unsupported zizhi catalogue format version \"%s\"", fv);
        ip_pop(m, o2);
        goto out;
    }
    if ((rc = set_str(m, doc, "format", ZZ_CATALOG_FORMAT)) < 0 ||
        (rc = set_new(m, doc, "format_version", json_integer(ZZ_CATALOG_FORMAT_VERSION))) < 0 ||
        (rc = pcopy(m, single, "catalogue-id", true, doc, "id")) < 0 ||
        (rc = set_str(m, doc, "version", json_string_value(version))) < 0 ||
        (rc = pcopy(m, single, "category-id", false, category, "id")) < 0 ||
        (rc = pcopy(m, single, "category-name", false, category, "name")) < 0 ||
        (rc = pcopy(m, single, "category-name-en", false, category, "name_en")) < 0 ||
        (rc = set_new(m, doc, "category", json_incref(category))) < 0 ||
        (rc = pcopy_int(m, single, "level", true, doc, "level")) < 0 ||
        (rc = set_str(m, doc, "title", json_string_value(title))) < 0 ||
        (rc = pcopy(m, single, "title-en", false, doc, "title_en")) < 0 ||
        (rc = pcopy(m, single, "source-title", false, source, "title")) < 0 ||
        (rc = pcopy(m, single, "source-publisher", false, source, "publisher")) < 0 ||
        (rc = pcopy(m, single, "source-date", false, source, "date")) < 0 ||
        (rc = set_new(m, doc, "source", json_incref(source))) < 0)
        goto out;
    size_t i;
    json_t *g;
    json_array_foreach(lv, i, g)
    {
        json_t *o = json_object();
        if (!o) {
            rc = im_nomem(m);
            break;
        }
        if ((rc = pcopy_int(m, g, "level-number", true, o, "level")) < 0 ||
            (rc = pcopy(m, g, "level-name", false, o, "name")) < 0 ||
            (rc = pcopy(m, g, "level-name-en", false, o, "name_en")) < 0) {
            json_decref(o);
            break;
        }
        if ((rc = push_new(m, levels, o)) < 0) /* push_new consumes o */
            break;
    }
    if (rc < 0) goto out;
    json_array_foreach(mt, i, g)
    {
        json_t *o = json_object();
        if (!o) {
            rc = im_nomem(m);
            break;
        }
        if ((rc = pcopy(m, g, "method-id", true, o, "id")) < 0 ||
            (rc = pcopy(m, g, "method-name", false, o, "name")) < 0 ||
            (rc = pcopy(m, g, "method-name-en", false, o, "name_en")) < 0) {
            json_decref(o);
            break;
        }
        if ((rc = push_new(m, methods, o)) < 0) break;
    }
    if (rc < 0) goto out;
    if ((rc = set_new(m, doc, "levels", json_incref(levels))) < 0 ||
        (rc = set_new(m, doc, "methods", json_incref(methods))) < 0)
        goto out;
out:
    ip_pop(m, old);
    json_decref(single);
    json_decref(lv);
    json_decref(mt);
    json_decref(category);
    json_decref(source);
    json_decref(levels);
    json_decref(methods);
    return rc;
}

/* catalog.groups: sections, and the generic-practice group (recognised by its class). */
static int im_groups(im *m, json_t *cat, json_t *doc)
{
    json_t *arr, *gps = json_array(), *groups = json_array();
    int rc = 0;
    if (!gps || !groups) {
        rc = im_nomem(m);
        goto out;
    }
    if ((rc = im_get(m, cat, "groups", JSON_ARRAY, false, &arr)) < 0) goto out;
    size_t old = ip_key(m, "groups"), i;
    json_t *g;
    json_array_foreach(arr, i, g)
    {
        size_t o2 = ip_idx(m, i);
        json_t *cls;
        if ((rc = im_type(m, g, JSON_OBJECT)) < 0 ||
            (rc = im_get(m, g, "class", JSON_STRING, false, &cls)) < 0)
            break;
        if (cls && strcmp(json_string_value(cls), GP_GROUP_CLASS) == 0) {
            if (json_object_get(g, "groups")) {
                size_t o3 = ip_key(m, "groups");
                rc = im_fail(m, ZZ_EINVAL, "oscal.unknown", "通用实践组不含下级组",
                             "the generic-practices group holds no groups");
                ip_pop(m, o3);
            } else {
                rc = im_each(m, g, "controls", im_gp, gps);
            }
        } else {
            rc = im_group(m, g, groups);
        }
        if (rc < 0) break;
        ip_pop(m, o2);
    }
    if (rc == 0) ip_pop(m, old);
    if (rc < 0) goto out;
    if (json_array_size(gps) && (rc = set_new(m, doc, "generic_practices", json_incref(gps))) < 0)
        goto out;
    rc = set_new(m, doc, "groups", json_incref(groups));
out:
    json_decref(gps);
    json_decref(groups);
    return rc;
}

int zz_oscal_catalog_import(zz_catalog **out, const char *json, const char *name, zz_err *err)
{
    *out = NULL;
    im m = {.name = name, .err = err, .len = 0};
    m.path[0] = '\0';
    json_error_t je;
    json_t *root = json_loads(json ? json : "", JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return zz_err_set(err, ZZ_EINVAL, "oscal.json", "%s: 第 %d 行第 %d 列: JSON 无效: %s",
                          "%s: line %d column %d: invalid JSON: %s", name ? name : "oscal", je.line,
                          je.column, je.text);
    json_t *cat, *doc = json_object();
    char *text = NULL;
    int rc = 0;
    if (!doc) {
        rc = im_nomem(&m);
        goto out;
    }
    if ((rc = im_type(&m, root, JSON_OBJECT)) < 0 ||
        (rc = im_get(&m, root, "catalog", JSON_OBJECT, true, &cat)) < 0)
        goto out;
    size_t old = ip_key(&m, "catalog");
    if ((rc = im_metadata(&m, cat, doc)) == 0 && (rc = im_groups(&m, cat, doc)) == 0)
        rc = no_controls(&m, cat, "目录顶层控制项不属于 zizhi 映射",
                         "top-level controls are not part of the zizhi mapping");
    if (rc < 0) goto out;
    ip_pop(&m, old);
    text = json_dumps(doc, DUMP_FLAGS);
    if (!text) {
        rc = im_nomem(&m);
        goto out;
    }
    /* The catalogue's own loader checks I1–I7; its messages name this converted document. */
    char nm[256];
    snprintf(nm, sizeof nm, "%s (OSCAL)", name ? name : "oscal");
    rc = zz_catalog_load_string(out, text, nm, err);
out:
    free(text);
    json_decref(doc);
    json_decref(root);
    return rc;
}
