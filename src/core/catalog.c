/*
 * catalog.c — loads, validates, looks up, compares and writes requirement catalogues.
 *
 * Loading walks the JSON once, building the zz_catalog structs and checking every invariant of
 * catalog.h as it goes, so the first error met is reported with its JSON path. The id index and
 * the guide-order lists are built during the same walk.
 */
#include "zizhi/catalog.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/file_store.h"
#include "util/strmap.h"

/* A catalogue file larger than this is refused before parsing. */
#define ZZ_CATALOG_FILE_MAX (16u * 1024 * 1024)

/* ---- names ------------------------------------------------------------------------------- */

static const char *const KIND_NAMES[ZZ_KIND__COUNT] = {"eligibility", "capability",
                                                       "ai_process_area", "org_process_area"};
static const char *const KIND_NAMES_ZH[ZZ_KIND__COUNT] = {"基本资格", "基本能力",
                                                          "人工智能安全过程域", "项目和组织过程域"};
static const char *const EVID_NAMES[ZZ_EVID__COUNT] = {"document", "record", "interview",
                                                       "demonstration"};
static const char *const EVID_NAMES_ZH[ZZ_EVID__COUNT] = {"文档", "记录", "访谈", "演示"};

const char *zz_cat_kind_name(zz_cat_kind k)
{
    return (unsigned)k < ZZ_KIND__COUNT ? KIND_NAMES[k] : "?";
}
const char *zz_cat_kind_name_zh(zz_cat_kind k)
{
    return (unsigned)k < ZZ_KIND__COUNT ? KIND_NAMES_ZH[k] : "?";
}
int zz_cat_kind_parse(const char *s)
{
    for (int i = 0; i < ZZ_KIND__COUNT; i++)
        if (s && strcmp(s, KIND_NAMES[i]) == 0)
            return i;
    return -1;
}
const char *zz_evid_type_name(zz_evid_type t)
{
    return (unsigned)t < ZZ_EVID__COUNT ? EVID_NAMES[t] : "?";
}
const char *zz_evid_type_name_zh(zz_evid_type t)
{
    return (unsigned)t < ZZ_EVID__COUNT ? EVID_NAMES_ZH[t] : "?";
}
int zz_evid_type_parse(const char *s)
{
    for (int i = 0; i < ZZ_EVID__COUNT; i++)
        if (s && strcmp(s, EVID_NAMES[i]) == 0)
            return i;
    return -1;
}

/* ---- built-in checks (R-1.3) ----------------------------------------------------------- */

static const zz_check_def CHECKS[] = {
    {"uscc_valid", {NULL}, "统一社会信用代码有效", "USCC is well-formed (GB 32100-2015)", "R-1.2"},
    {"legal_person_or_exception",
     {NULL},
     "独立法人，或已记录并被接受的例外说明",
     "independent legal person, or an accepted recorded exception",
     "R-1.2"},
    {"confidentiality_agreements",
     {NULL},
     "所有人工智能安全服务相关人员均签订保密合同",
     "every AI-security member has a confidentiality agreement",
     "R-1.3"},
    {"cisp_fulltime_min",
     {"min", NULL},
     "专职注册信息安全专业人员（CISP）人数不少于规定值，且证书在提交日有效",
     "enough full-time CISP holders valid on the submission date",
     "R-1.3"},
    {"completed_projects_min",
     {"min", NULL},
     "已完成的人工智能安全服务项目不少于规定数量",
     "enough completed AI security service projects on record",
     "R-1.3"},
    {"no_failed_acceptance_within",
     {"months", NULL},
     "规定期限内没有项目验收未通过",
     "no failed project acceptance within the period before submission",
     "R-1.3"},
};
#define N_CHECKS (sizeof CHECKS / sizeof CHECKS[0])

const zz_check_def *zz_catalog_check_known(const char *name)
{
    for (size_t i = 0; i < N_CHECKS; i++)
        if (name && strcmp(CHECKS[i].name, name) == 0)
            return &CHECKS[i];
    return NULL;
}

const zz_check_def *zz_catalog_checks(size_t *n)
{
    *n = N_CHECKS;
    return CHECKS;
}

/* ---- index --------------------------------------------------------------------------- */

typedef enum { IX_GROUP, IX_REQ, IX_BP, IX_IND, IX_GP } ix_type;

typedef struct ix_entry {
    ix_type type;
    void *ptr;
} ix_entry;

typedef struct cat_index {
    zz_strmap map;
    ix_entry *entries; /* one per id, in insertion order */
    size_t n, cap;
    /* guide-order lists under construction */
    const zz_cat_req **reqs;
    size_t n_reqs, cap_reqs;
    const zz_cat_bp **bps;
    size_t n_bps, cap_bps;
} cat_index;

static void index_free(cat_index *ix)
{
    if (!ix)
        return;
    zz_strmap_clear(&ix->map);
    free(ix->entries);
    free(ix);
}

static void *ix_lookup(const zz_catalog *cat, const char *id, ix_type type)
{
    const cat_index *ix = cat ? cat->index_ : NULL;
    if (!ix || !id)
        return NULL;
    ix_entry *e = zz_strmap_get(&ix->map, id);
    return e && e->type == type ? e->ptr : NULL;
}

const zz_cat_req *zz_catalog_req(const zz_catalog *cat, const char *id)
{
    return ix_lookup(cat, id, IX_REQ);
}
const zz_cat_bp *zz_catalog_bp(const zz_catalog *cat, const char *id)
{
    return ix_lookup(cat, id, IX_BP);
}
const zz_cat_group *zz_catalog_group(const zz_catalog *cat, const char *id)
{
    return ix_lookup(cat, id, IX_GROUP);
}
const zz_cat_gp *zz_catalog_gp(const zz_catalog *cat, const char *id)
{
    return ix_lookup(cat, id, IX_GP);
}

const zz_cat_method *zz_catalog_method(const zz_catalog *cat, const char *id)
{
    for (size_t i = 0; cat && id && i < cat->n_methods; i++)
        if (strcmp(cat->methods[i].id, id) == 0)
            return &cat->methods[i];
    return NULL;
}

const zz_cat_level *zz_catalog_level_info(const zz_catalog *cat, int level)
{
    for (size_t i = 0; cat && i < cat->n_levels; i++)
        if (cat->levels[i].level == level)
            return &cat->levels[i];
    return NULL;
}

void zz_catalog_count(const zz_catalog *cat, zz_catalog_counts *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < cat->n_reqs; i++)
        out->by_kind[cat->reqs[i]->kind]++;
    out->base_practices = cat->n_bps;
    for (size_t i = 0; i < cat->n_bps; i++)
        out->indicators += cat->bps[i]->n_indicators;
    out->generic_practices = cat->n_gps;
}

int64_t zz_cat_check_param(const zz_cat_check *chk, const char *name, int64_t dflt)
{
    for (size_t i = 0; chk && i < chk->n_params; i++)
        if (strcmp(chk->params[i].name, name) == 0)
            return chk->params[i].value;
    return dflt;
}

const zz_cat_check *zz_cat_req_check(const zz_cat_req *req, const char *name)
{
    for (size_t i = 0; req && i < req->n_checks; i++)
        if (strcmp(req->checks[i].name, name) == 0)
            return &req->checks[i];
    return NULL;
}

/* ---- loading --------------------------------------------------------------------------- */

typedef struct ld {
    const char *name; /* file name for messages */
    zz_err *err;
    cat_index *ix;
    zz_catalog *cat;
} ld;

#define JP_MAX 256

/* Fails the load: "<file>: <jpath>: <what>" (zh and en). zh/en take one %s: arg. */
static int fail(ld *L, int rc, const char *code, const char *jp, const char *zh, const char *en,
                const char *arg)
{
    char mzh[ZZ_ERR_MSG_MAX / 2], men[ZZ_ERR_MSG_MAX / 2];
    char fzh[ZZ_ERR_MSG_MAX], fen[ZZ_ERR_MSG_MAX];
    snprintf(mzh, sizeof mzh, zh, arg ? arg : "");
    snprintf(men, sizeof men, en, arg ? arg : "");
    snprintf(fzh, sizeof fzh, "%s: %s: %s", L->name, jp, mzh);
    snprintf(fen, sizeof fen, "%s: %s: %s", L->name, jp, men);
    return zz_err_rule(L->err, rc, code, "R-1.1", "%s%.0s", "%.0s%s", fzh, fen);
}

static char *xstrdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static int oom(ld *L)
{
    return zz_err_set(L->err, ZZ_ENOMEM, "catalog.nomem", "%s: 内存不足", "%s: out of memory",
                      L->name);
}

/* Refuses keys outside allowed (a typo must not silently drop a field). */
static int check_keys(ld *L, json_t *obj, const char *jp, const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(*a, key) == 0)
                ok = 1;
        if (!ok) {
            char p[JP_MAX];
            snprintf(p, sizeof p, "%s.%s", jp, key);
            return fail(L, ZZ_EINVAL, "catalog.unknown_field", p, "未知字段 \"%s\"",
                        "unknown field \"%s\"", key);
        }
    }
    return 0;
}

static int need_object(ld *L, json_t *v, const char *jp)
{
    if (!json_is_object(v))
        return fail(L, ZZ_EINVAL, "catalog.type", jp, "应为对象%s", "must be an object%s", "");
    return 0;
}

/* A string member: required (must be present and non-empty) or optional (NULL when absent). */
static int get_str(ld *L, json_t *obj, const char *jp, const char *key, int required, char **out)
{
    char p[JP_MAX];
    snprintf(p, sizeof p, "%s.%s", jp, key);
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v) {
        if (required)
            return fail(L, ZZ_EINVAL, "catalog.missing_field", p, "缺少必填字段 \"%s\"",
                        "missing required field \"%s\"", key);
        return 0;
    }
    if (!json_is_string(v))
        return fail(L, ZZ_EINVAL, "catalog.type", p, "应为字符串%s", "must be a string%s", "");
    if (json_string_length(v) == 0)
        return fail(L, ZZ_EINVAL, "catalog.empty", p, "不能为空%s", "must not be empty%s", "");
    *out = xstrdup(json_string_value(v));
    return *out ? 0 : oom(L);
}

static int get_int(ld *L, json_t *obj, const char *jp, const char *key, int required,
                   int64_t dflt, int64_t *out)
{
    char p[JP_MAX];
    snprintf(p, sizeof p, "%s.%s", jp, key);
    json_t *v = json_object_get(obj, key);
    *out = dflt;
    if (!v) {
        if (required)
            return fail(L, ZZ_EINVAL, "catalog.missing_field", p, "缺少必填字段 \"%s\"",
                        "missing required field \"%s\"", key);
        return 0;
    }
    if (!json_is_integer(v))
        return fail(L, ZZ_EINVAL, "catalog.type", p, "应为整数%s", "must be an integer%s", "");
    *out = json_integer_value(v);
    return 0;
}

/* An array member; *out NULL and *n 0 when absent and not required. */
static int get_array(ld *L, json_t *obj, const char *jp, const char *key, int required,
                     json_t **out)
{
    char p[JP_MAX];
    snprintf(p, sizeof p, "%s.%s", jp, key);
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v) {
        if (required)
            return fail(L, ZZ_EINVAL, "catalog.missing_field", p, "缺少必填字段 \"%s\"",
                        "missing required field \"%s\"", key);
        return 0;
    }
    if (!json_is_array(v))
        return fail(L, ZZ_EINVAL, "catalog.type", p, "应为数组%s", "must be an array%s", "");
    *out = v;
    return 0;
}

static int add_id(ld *L, const char *id, ix_type type, void *ptr, const char *jp)
{
    cat_index *ix = L->ix;
    if (ix->n == ix->cap) {
        size_t ncap = ix->cap ? ix->cap * 2 : 256;
        ix_entry *ne = realloc(ix->entries, ncap * sizeof *ne);
        if (!ne)
            return oom(L);
        /* entries moved: rebuild the map's value pointers */
        zz_strmap_clear(&ix->map);
        ix->entries = ne;
        ix->cap = ncap;
        for (size_t i = 0; i < ix->n; i++) {
            const char *k = NULL;
            switch (ne[i].type) {
            case IX_GROUP: k = ((zz_cat_group *)ne[i].ptr)->id; break;
            case IX_REQ: k = ((zz_cat_req *)ne[i].ptr)->id; break;
            case IX_BP: k = ((zz_cat_bp *)ne[i].ptr)->id; break;
            case IX_IND: k = ((zz_cat_indicator *)ne[i].ptr)->id; break;
            case IX_GP: k = ((zz_cat_gp *)ne[i].ptr)->id; break;
            }
            if (zz_strmap_put(&ix->map, k, &ne[i]) < 0)
                return oom(L);
        }
    }
    ix->entries[ix->n].type = type;
    ix->entries[ix->n].ptr = ptr;
    int r = zz_strmap_put(&ix->map, id, &ix->entries[ix->n]);
    if (r < 0)
        return oom(L);
    if (r == 1) /* I1 */
        return fail(L, ZZ_EEXISTS, "catalog.duplicate_id", jp, "重复的编号 \"%s\"",
                    "duplicate id \"%s\"", id);
    ix->n++;
    return 0;
}

static int push_ptr(ld *L, const void ***arr, size_t *n, size_t *cap, const void *p)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        const void **na = realloc((void *)*arr, ncap * sizeof *na);
        if (!na)
            return oom(L);
        *arr = na;
        *cap = ncap;
    }
    (*arr)[(*n)++] = p;
    return 0;
}

static int is_digits(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static const char *const CONFIDENCES[] = {"SEED", "S", "S2", "M", "I", NULL};

static int check_confidence(ld *L, const char *c, const char *jp)
{
    for (const char *const *p = CONFIDENCES; *p; p++)
        if (strcmp(*p, c) == 0)
            return 0;
    char p2[JP_MAX];
    snprintf(p2, sizeof p2, "%s.confidence", jp);
    return fail(L, ZZ_EINVAL, "catalog.bad_value", p2,
                "置信标记 \"%s\" 无效（应为 SEED、S、S2、M 或 I）",
                "confidence \"%s\" is not one of SEED, S, S2, M, I", c);
}

static int load_sources(ld *L, json_t *obj, const char *jp, int required, zz_cat_source **out,
                        size_t *n)
{
    json_t *arr;
    int rc = get_array(L, obj, jp, "sources", required, &arr);
    if (rc < 0 || !arr)
        return rc;
    char p[JP_MAX];
    snprintf(p, sizeof p, "%s.sources", jp);
    if (required && json_array_size(arr) == 0)
        return fail(L, ZZ_EINVAL, "catalog.missing_field", p, "至少需要一个来源%s",
                    "needs at least one source%s", "");
    *n = json_array_size(arr);
    *out = calloc(*n ? *n : 1, sizeof **out);
    if (!*out)
        return oom(L);
    static const char *const keys[] = {"ref", "clause", "confidence", NULL};
    for (size_t i = 0; i < *n; i++) {
        char q[JP_MAX];
        snprintf(q, sizeof q, "%s[%zu]", p, i);
        json_t *s = json_array_get(arr, i);
        zz_cat_source *src = &(*out)[i];
        if ((rc = need_object(L, s, q)) < 0 || (rc = check_keys(L, s, q, keys)) < 0 ||
            (rc = get_str(L, s, q, "ref", 1, &src->ref)) < 0 ||
            (rc = get_str(L, s, q, "clause", 0, &src->clause)) < 0 ||
            (rc = get_str(L, s, q, "confidence", 1, &src->confidence)) < 0 ||
            (rc = check_confidence(L, src->confidence, q)) < 0)
            return rc;
    }
    return 0;
}

static const char *const OPS[] = {">=", "<=", "=", ">", "<", NULL};

static int load_indicator(ld *L, json_t *o, const char *jp, const zz_cat_bp *bp, size_t k,
                          zz_cat_indicator *ind)
{
    static const char *const keys[] = {"id",     "text",       "operator", "value", "unit",
                                       "source", "confidence", NULL};
    int rc;
    if ((rc = need_object(L, o, jp)) < 0 || (rc = check_keys(L, o, jp, keys)) < 0 ||
        (rc = get_str(L, o, jp, "id", 1, &ind->id)) < 0 ||
        (rc = get_str(L, o, jp, "text", 1, &ind->text)) < 0 ||
        (rc = get_str(L, o, jp, "operator", 1, &ind->op)) < 0 ||
        (rc = get_int(L, o, jp, "value", 1, 0, &ind->value)) < 0 ||
        (rc = get_str(L, o, jp, "unit", 0, &ind->unit)) < 0 ||
        (rc = get_str(L, o, jp, "source", 1, &ind->source)) < 0 ||
        (rc = get_str(L, o, jp, "confidence", 1, &ind->confidence)) < 0 ||
        (rc = check_confidence(L, ind->confidence, jp)) < 0)
        return rc;
    char want[JP_MAX], p[JP_MAX];
    snprintf(want, sizeof want, "%s.I%zu", bp->id, k + 1);
    snprintf(p, sizeof p, "%s.id", jp);
    if (strcmp(want, ind->id) != 0) /* I2 */
        return fail(L, ZZ_EINVAL, "catalog.bad_id", p, "编号应为 \"%s\"", "id must be \"%s\"",
                    want);
    int ok = 0;
    for (const char *const *q = OPS; *q; q++)
        if (strcmp(*q, ind->op) == 0)
            ok = 1;
    if (!ok) {
        snprintf(p, sizeof p, "%s.operator", jp);
        return fail(L, ZZ_EINVAL, "catalog.bad_value", p,
                    "比较符 \"%s\" 无效（应为 >=、<=、=、>、<）",
                    "operator \"%s\" is not one of >=, <=, =, >, <", ind->op);
    }
    return add_id(L, ind->id, IX_IND, ind, jp);
}

static int load_bp(ld *L, json_t *o, const char *jp, const zz_cat_req *pa, size_t k,
                   zz_cat_bp *bp)
{
    static const char *const keys[] = {"id",      "name",       "name_en", "description",
                                       "sources", "indicators", NULL};
    int rc;
    bp->pa = pa;
    if ((rc = need_object(L, o, jp)) < 0 || (rc = check_keys(L, o, jp, keys)) < 0 ||
        (rc = get_str(L, o, jp, "id", 1, &bp->id)) < 0 ||
        (rc = get_str(L, o, jp, "name", 1, &bp->name)) < 0 ||
        (rc = get_str(L, o, jp, "name_en", 0, &bp->name_en)) < 0 ||
        (rc = get_str(L, o, jp, "description", 1, &bp->description)) < 0)
        return rc;
    char want[JP_MAX], p[JP_MAX];
    snprintf(want, sizeof want, "%s.BP%zu", pa->id, k + 1);
    snprintf(p, sizeof p, "%s.id", jp);
    if (strcmp(want, bp->id) != 0) /* I2 */
        return fail(L, ZZ_EINVAL, "catalog.bad_id", p, "编号应为 \"%s\"", "id must be \"%s\"",
                    want);
    if ((rc = add_id(L, bp->id, IX_BP, bp, p)) < 0 ||
        (rc = load_sources(L, o, jp, 1, &bp->sources, &bp->n_sources)) < 0)
        return rc;
    cat_index *ix = L->ix;
    if ((rc = push_ptr(L, (const void ***)&ix->bps, &ix->n_bps, &ix->cap_bps, bp)) < 0)
        return rc;
    json_t *arr;
    if ((rc = get_array(L, o, jp, "indicators", 0, &arr)) < 0 || !arr)
        return rc;
    bp->n_indicators = json_array_size(arr);
    bp->indicators = calloc(bp->n_indicators ? bp->n_indicators : 1, sizeof *bp->indicators);
    if (!bp->indicators)
        return oom(L);
    for (size_t i = 0; i < bp->n_indicators; i++) {
        char q[JP_MAX];
        snprintf(q, sizeof q, "%s.indicators[%zu]", jp, i);
        if ((rc = load_indicator(L, json_array_get(arr, i), q, bp, i, &bp->indicators[i])) < 0)
            return rc;
    }
    return 0;
}

static int load_check(ld *L, json_t *o, const char *jp, zz_cat_check *chk)
{
    static const char *const keys[] = {"name", "params", NULL};
    int rc;
    if ((rc = need_object(L, o, jp)) < 0 || (rc = check_keys(L, o, jp, keys)) < 0 ||
        (rc = get_str(L, o, jp, "name", 1, &chk->name)) < 0)
        return rc;
    char p[JP_MAX];
    const zz_check_def *def = zz_catalog_check_known(chk->name);
    if (!def) { /* I6 */
        snprintf(p, sizeof p, "%s.name", jp);
        return fail(L, ZZ_EINVAL, "catalog.unknown_check", p, "未知的数据核查 \"%s\"",
                    "unknown check \"%s\"", chk->name);
    }
    json_t *params = json_object_get(o, "params");
    snprintf(p, sizeof p, "%s.params", jp);
    if (params && !json_is_object(params))
        return fail(L, ZZ_EINVAL, "catalog.type", p, "应为对象%s", "must be an object%s", "");
    size_t np = params ? json_object_size(params) : 0;
    chk->params = calloc(np ? np : 1, sizeof *chk->params);
    if (!chk->params)
        return oom(L);
    const char *key;
    json_t *v;
    json_object_foreach(params, key, v)
    {
        char q[JP_MAX];
        snprintf(q, sizeof q, "%s.%s", p, key);
        int known = 0;
        for (size_t i = 0; def->params[i]; i++)
            if (strcmp(def->params[i], key) == 0)
                known = 1;
        if (!known)
            return fail(L, ZZ_EINVAL, "catalog.unknown_field", q,
                        "数据核查不接受参数 \"%s\"", "the check takes no parameter \"%s\"", key);
        if (!json_is_integer(v) || json_integer_value(v) < 0)
            return fail(L, ZZ_EINVAL, "catalog.type", q, "应为非负整数%s",
                        "must be a non-negative integer%s", "");
        zz_cat_param *prm = &chk->params[chk->n_params++];
        prm->name = xstrdup(key);
        prm->value = json_integer_value(v);
        if (!prm->name)
            return oom(L);
    }
    for (size_t i = 0; def->params[i]; i++) {
        if (!params || !json_object_get(params, def->params[i]))
            return fail(L, ZZ_EINVAL, "catalog.missing_field", p, "缺少参数 \"%s\"",
                        "missing parameter \"%s\"", def->params[i]);
    }
    return 0;
}

/* I2: the section part of a requirement id names the holding group or one of its ancestors. */
static int req_id_ok(const zz_cat_req *r, const zz_cat_group *g)
{
    const char *dash = strrchr(r->id, '-');
    if (!dash)
        return 0;
    size_t slen = (size_t)(dash - r->id);
    const char *num = dash + 1;
    if (!is_digits(num, strlen(num)) || num[0] == '0' || atoi(num) != r->number)
        return 0;
    for (; g; g = g->parent)
        if (strlen(g->id) == slen && strncmp(g->id, r->id, slen) == 0)
            return 1;
    return 0;
}

static int load_req(ld *L, json_t *o, const char *jp, const zz_cat_group *g, zz_cat_req *r)
{
    static const char *const keys[] = {"id",       "kind",     "number",   "text",
                                       "text_en",  "guidance", "ssecmm",   "required",
                                       "evidence", "methods",  "checks",   "base_practices",
                                       NULL};
    int rc;
    char *kind = NULL;
    int64_t number;
    char p[JP_MAX];
    r->group = g;
    r->required = true;
    if ((rc = need_object(L, o, jp)) < 0 || (rc = check_keys(L, o, jp, keys)) < 0 ||
        (rc = get_str(L, o, jp, "id", 1, &r->id)) < 0 ||
        (rc = get_str(L, o, jp, "kind", 1, &kind)) < 0)
        goto out;
    int k = zz_cat_kind_parse(kind);
    if (k < 0) {
        snprintf(p, sizeof p, "%s.kind", jp);
        rc = fail(L, ZZ_EINVAL, "catalog.bad_value", p,
                  "类型 \"%s\" 无效（应为 eligibility、capability、ai_process_area 或 "
                  "org_process_area）",
                  "kind \"%s\" is not one of eligibility, capability, ai_process_area, "
                  "org_process_area",
                  kind);
        goto out;
    }
    r->kind = (zz_cat_kind)k;
    if ((rc = get_int(L, o, jp, "number", 1, 0, &number)) < 0)
        goto out;
    snprintf(p, sizeof p, "%s.number", jp);
    if (number < 1 || number > 999) {
        rc = fail(L, ZZ_EINVAL, "catalog.bad_value", p, "序号应在 1 到 999 之间%s",
                  "must be between 1 and 999%s", "");
        goto out;
    }
    r->number = (int)number;
    snprintf(p, sizeof p, "%s.id", jp);
    if (!req_id_ok(r, g)) { /* I2 */
        rc = fail(L, ZZ_EINVAL, "catalog.bad_id", p,
                  "编号 \"%s\" 应为“所在章节号-序号”（如 3.2.3-5）",
                  "id \"%s\" must be <section>-<number> of its group (e.g. 3.2.3-5)", r->id);
        goto out;
    }
    if ((rc = add_id(L, r->id, IX_REQ, r, p)) < 0 ||
        (rc = get_str(L, o, jp, "text", 1, &r->text)) < 0 ||
        (rc = get_str(L, o, jp, "text_en", 0, &r->text_en)) < 0 ||
        (rc = get_str(L, o, jp, "guidance", 0, &r->guidance)) < 0 ||
        (rc = get_str(L, o, jp, "ssecmm", 0, &r->ssecmm)) < 0)
        goto out;
    json_t *req = json_object_get(o, "required");
    if (req) {
        snprintf(p, sizeof p, "%s.required", jp);
        if (!json_is_boolean(req)) {
            rc = fail(L, ZZ_EINVAL, "catalog.type", p, "应为 true 或 false%s",
                      "must be true or false%s", "");
            goto out;
        }
        r->required = json_is_true(req);
    }
    cat_index *ix = L->ix;
    if ((rc = push_ptr(L, (const void ***)&ix->reqs, &ix->n_reqs, &ix->cap_reqs, r)) < 0)
        goto out;

    /* evidence (R-1.6, I5) */
    json_t *arr;
    if ((rc = get_array(L, o, jp, "evidence", 1, &arr)) < 0)
        goto out;
    snprintf(p, sizeof p, "%s.evidence", jp);
    if (json_array_size(arr) == 0) {
        rc = fail(L, ZZ_EINVAL, "catalog.missing_field", p, "至少需要一项预期证据%s",
                  "needs at least one expected evidence item%s", "");
        goto out;
    }
    r->n_evidence = json_array_size(arr);
    if (!(r->evidence = calloc(r->n_evidence, sizeof *r->evidence))) {
        rc = oom(L);
        goto out;
    }
    for (size_t i = 0; i < r->n_evidence; i++) {
        static const char *const ekeys[] = {"type", "text", NULL};
        char q[JP_MAX], *type = NULL;
        snprintf(q, sizeof q, "%s[%zu]", p, i);
        json_t *e = json_array_get(arr, i);
        if ((rc = need_object(L, e, q)) < 0 || (rc = check_keys(L, e, q, ekeys)) < 0 ||
            (rc = get_str(L, e, q, "type", 1, &type)) < 0)
            goto out;
        int t = zz_evid_type_parse(type);
        if (t < 0) {
            char q2[JP_MAX];
            snprintf(q2, sizeof q2, "%s.type", q);
            rc = fail(L, ZZ_EINVAL, "catalog.bad_value", q2,
                      "证据类型 \"%s\" 无效（应为 document、record、interview 或 demonstration）",
                      "evidence type \"%s\" is not one of document, record, interview, "
                      "demonstration",
                      type);
            free(type);
            goto out;
        }
        free(type);
        r->evidence[i].type = (zz_evid_type)t;
        if ((rc = get_str(L, e, q, "text", 1, &r->evidence[i].text)) < 0)
            goto out;
    }

    /* methods (R-1.6, I5) */
    if ((rc = get_array(L, o, jp, "methods", 1, &arr)) < 0)
        goto out;
    snprintf(p, sizeof p, "%s.methods", jp);
    if (json_array_size(arr) == 0) {
        rc = fail(L, ZZ_EINVAL, "catalog.missing_field", p, "至少需要一种评估方式%s",
                  "needs at least one assessment method%s", "");
        goto out;
    }
    r->n_methods = json_array_size(arr);
    if (!(r->methods = calloc(r->n_methods, sizeof *r->methods))) {
        rc = oom(L);
        goto out;
    }
    for (size_t i = 0; i < r->n_methods; i++) {
        char q[JP_MAX];
        snprintf(q, sizeof q, "%s[%zu]", p, i);
        json_t *m = json_array_get(arr, i);
        if (!json_is_string(m)) {
            rc = fail(L, ZZ_EINVAL, "catalog.type", q, "应为字符串%s", "must be a string%s", "");
            goto out;
        }
        if (!zz_catalog_method(L->cat, json_string_value(m))) {
            rc = fail(L, ZZ_EINVAL, "catalog.unknown_method", q,
                      "评估方式 \"%s\" 未在 methods 中声明",
                      "method \"%s\" is not declared in $.methods", json_string_value(m));
            goto out;
        }
        if (!(r->methods[i] = xstrdup(json_string_value(m)))) {
            rc = oom(L);
            goto out;
        }
    }

    /* checks (R-1.3, I6) */
    if ((rc = get_array(L, o, jp, "checks", 0, &arr)) < 0)
        goto out;
    if (arr) {
        r->n_checks = json_array_size(arr);
        if (!(r->checks = calloc(r->n_checks ? r->n_checks : 1, sizeof *r->checks))) {
            rc = oom(L);
            goto out;
        }
        for (size_t i = 0; i < r->n_checks; i++) {
            char q[JP_MAX];
            snprintf(q, sizeof q, "%s.checks[%zu]", jp, i);
            if ((rc = load_check(L, json_array_get(arr, i), q, &r->checks[i])) < 0)
                goto out;
        }
    }

    /* base practices (R-1.4, I4) */
    int is_pa = r->kind == ZZ_KIND_AI_PA || r->kind == ZZ_KIND_ORG_PA;
    if ((rc = get_array(L, o, jp, "base_practices", is_pa, &arr)) < 0)
        goto out;
    snprintf(p, sizeof p, "%s.base_practices", jp);
    if (!is_pa && arr) {
        rc = fail(L, ZZ_EINVAL, "catalog.bad_value", p, "只有过程域才有基本实践%s",
                  "only process areas have base practices%s", "");
        goto out;
    }
    if (is_pa && json_array_size(arr) == 0) {
        rc = fail(L, ZZ_EINVAL, "catalog.missing_field", p, "过程域至少需要一项基本实践%s",
                  "a process area needs at least one base practice%s", "");
        goto out;
    }
    if (arr) {
        r->n_bps = json_array_size(arr);
        if (!(r->bps = calloc(r->n_bps, sizeof *r->bps))) {
            rc = oom(L);
            goto out;
        }
        for (size_t i = 0; i < r->n_bps; i++) {
            char q[JP_MAX];
            snprintf(q, sizeof q, "%s[%zu]", p, i);
            if ((rc = load_bp(L, json_array_get(arr, i), q, r, i, &r->bps[i])) < 0)
                goto out;
        }
    }
    rc = 0;
out:
    free(kind);
    return rc;
}

static int load_group(ld *L, json_t *o, const char *jp, const zz_cat_group *parent,
                      zz_cat_group *g)
{
    static const char *const keys[] = {"id", "title", "title_en", "groups", "requirements", NULL};
    int rc;
    char p[JP_MAX];
    g->parent = parent;
    if ((rc = need_object(L, o, jp)) < 0 || (rc = check_keys(L, o, jp, keys)) < 0 ||
        (rc = get_str(L, o, jp, "id", 1, &g->id)) < 0)
        return rc;
    snprintf(p, sizeof p, "%s.id", jp);
    /* group ids are dotted section numbers nested under their parent's */
    int ok = 1;
    for (const char *s = g->id; *s; s++)
        if (!((*s >= '0' && *s <= '9') || *s == '.'))
            ok = 0;
    if (g->id[0] == '.' || g->id[strlen(g->id) - 1] == '.' || strstr(g->id, ".."))
        ok = 0;
    if (ok && parent) {
        size_t n = strlen(parent->id);
        ok = strncmp(g->id, parent->id, n) == 0 && g->id[n] == '.' &&
             is_digits(g->id + n + 1, strlen(g->id + n + 1));
    }
    if (!ok)
        return fail(L, ZZ_EINVAL, "catalog.bad_id", p,
                    "分组编号 \"%s\" 应为章节号（如 3.2.1），且以上级分组编号开头",
                    "group id \"%s\" must be a section number (e.g. 3.2.1) under its parent's",
                    g->id);
    if ((rc = add_id(L, g->id, IX_GROUP, g, p)) < 0 ||
        (rc = get_str(L, o, jp, "title", 1, &g->title)) < 0 ||
        (rc = get_str(L, o, jp, "title_en", 0, &g->title_en)) < 0)
        return rc;
    json_t *arr;
    if ((rc = get_array(L, o, jp, "requirements", 0, &arr)) < 0)
        return rc;
    if (arr) {
        g->n_reqs = json_array_size(arr);
        if (!(g->reqs = calloc(g->n_reqs ? g->n_reqs : 1, sizeof *g->reqs)))
            return oom(L);
        for (size_t i = 0; i < g->n_reqs; i++) {
            snprintf(p, sizeof p, "%s.requirements[%zu]", jp, i);
            if ((rc = load_req(L, json_array_get(arr, i), p, g, &g->reqs[i])) < 0)
                return rc;
        }
    }
    if ((rc = get_array(L, o, jp, "groups", 0, &arr)) < 0)
        return rc;
    if (arr) {
        g->n_groups = json_array_size(arr);
        if (!(g->groups = calloc(g->n_groups ? g->n_groups : 1, sizeof *g->groups)))
            return oom(L);
        for (size_t i = 0; i < g->n_groups; i++) {
            snprintf(p, sizeof p, "%s.groups[%zu]", jp, i);
            if ((rc = load_group(L, json_array_get(arr, i), p, g, &g->groups[i])) < 0)
                return rc;
        }
    }
    if (g->n_reqs == 0 && g->n_groups == 0)
        return fail(L, ZZ_EINVAL, "catalog.missing_field", jp,
                    "分组 \"%s\" 既无下级分组也无要求项",
                    "group \"%s\" has neither groups nor requirements", g->id);
    return 0;
}

static int load_levels(ld *L, json_t *root)
{
    static const char *const keys[] = {"level", "name", "name_en", NULL};
    json_t *arr;
    int rc = get_array(L, root, "$", "levels", 1, &arr);
    if (rc < 0)
        return rc;
    zz_catalog *c = L->cat;
    c->n_levels = json_array_size(arr);
    if (c->n_levels != 5) /* I3, R-1.1 */
    {
        char nbuf[24];
        snprintf(nbuf, sizeof nbuf, "%zu", c->n_levels);
        return fail(L, ZZ_EINVAL, "catalog.level_range", "$.levels",
                    "应列出全部五个能力级别（当前 %s 个）",
                    "must name all five capability levels (found %s)", nbuf);
    }
    if (!(c->levels = calloc(5, sizeof *c->levels)))
        return oom(L);
    for (size_t i = 0; i < 5; i++) {
        char q[JP_MAX];
        int64_t lv;
        snprintf(q, sizeof q, "$.levels[%zu]", i);
        json_t *o = json_array_get(arr, i);
        if ((rc = need_object(L, o, q)) < 0 || (rc = check_keys(L, o, q, keys)) < 0 ||
            (rc = get_int(L, o, q, "level", 1, 0, &lv)) < 0)
            return rc;
        if (lv != (int64_t)i + 1) {
            char q2[JP_MAX];
            snprintf(q2, sizeof q2, "%s.level", q);
            return fail(L, ZZ_EINVAL, "catalog.level_range", q2,
                        "级别应按 1 到 5 依次列出%s", "levels must be listed 1 to 5 in order%s",
                        "");
        }
        c->levels[i].level = (int)lv;
        if ((rc = get_str(L, o, q, "name", 1, &c->levels[i].name)) < 0 ||
            (rc = get_str(L, o, q, "name_en", 0, &c->levels[i].name_en)) < 0)
            return rc;
    }
    return 0;
}

static int load_methods(ld *L, json_t *root)
{
    static const char *const keys[] = {"id", "name", "name_en", NULL};
    json_t *arr;
    int rc = get_array(L, root, "$", "methods", 1, &arr);
    if (rc < 0)
        return rc;
    zz_catalog *c = L->cat;
    if (json_array_size(arr) == 0)
        return fail(L, ZZ_EINVAL, "catalog.missing_field", "$.methods",
                    "至少需要一种评估方式%s", "needs at least one assessment method%s", "");
    c->n_methods = json_array_size(arr);
    if (!(c->methods = calloc(c->n_methods, sizeof *c->methods)))
        return oom(L);
    for (size_t i = 0; i < c->n_methods; i++) {
        char q[JP_MAX];
        snprintf(q, sizeof q, "$.methods[%zu]", i);
        json_t *o = json_array_get(arr, i);
        zz_cat_method *m = &c->methods[i];
        if ((rc = need_object(L, o, q)) < 0 || (rc = check_keys(L, o, q, keys)) < 0 ||
            (rc = get_str(L, o, q, "id", 1, &m->id)) < 0)
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(c->methods[j].id, m->id) == 0) {
                char q2[JP_MAX];
                snprintf(q2, sizeof q2, "%s.id", q);
                return fail(L, ZZ_EEXISTS, "catalog.duplicate_id", q2, "重复的编号 \"%s\"",
                            "duplicate id \"%s\"", m->id);
            }
        if ((rc = get_str(L, o, q, "name", 1, &m->name)) < 0 ||
            (rc = get_str(L, o, q, "name_en", 0, &m->name_en)) < 0)
            return rc;
    }
    return 0;
}

static int load_gps(ld *L, json_t *root)
{
    static const char *const keys[] = {"id",   "level",   "common_feature", "common_feature_name",
                                       "name", "name_en", "description",    "sources",
                                       NULL};
    json_t *arr;
    int rc = get_array(L, root, "$", "generic_practices", 0, &arr);
    if (rc < 0 || !arr)
        return rc;
    zz_catalog *c = L->cat;
    c->n_gps = json_array_size(arr);
    if (!(c->gps = calloc(c->n_gps ? c->n_gps : 1, sizeof *c->gps)))
        return oom(L);
    for (size_t i = 0; i < c->n_gps; i++) {
        char q[JP_MAX], q2[JP_MAX];
        int64_t lv;
        snprintf(q, sizeof q, "$.generic_practices[%zu]", i);
        json_t *o = json_array_get(arr, i);
        zz_cat_gp *g = &c->gps[i];
        if ((rc = need_object(L, o, q)) < 0 || (rc = check_keys(L, o, q, keys)) < 0 ||
            (rc = get_str(L, o, q, "id", 1, &g->id)) < 0 ||
            (rc = get_int(L, o, q, "level", 1, 0, &lv)) < 0)
            return rc;
        snprintf(q2, sizeof q2, "%s.level", q);
        if (lv < 1 || lv > 5)
            return fail(L, ZZ_EINVAL, "catalog.level_range", q2, "级别应在 1 到 5 之间%s",
                        "level must be between 1 and 5%s", "");
        g->level = (int)lv;
        char want[16];
        snprintf(want, sizeof want, "GP%d.", g->level);
        snprintf(q2, sizeof q2, "%s.id", q);
        if (strncmp(g->id, want, strlen(want)) != 0)
            return fail(L, ZZ_EINVAL, "catalog.bad_id", q2,
                        "通用实践编号应以 \"%s\" 开头（GP<级别>.<公共特征>.<序号>）",
                        "generic practice id must start with \"%s\" (GP<level>.<feature>.<n>)",
                        want);
        if ((rc = add_id(L, g->id, IX_GP, g, q2)) < 0 ||
            (rc = get_str(L, o, q, "common_feature", 1, &g->common_feature)) < 0 ||
            (rc = get_str(L, o, q, "common_feature_name", 1, &g->common_feature_name)) < 0 ||
            (rc = get_str(L, o, q, "name", 1, &g->name)) < 0 ||
            (rc = get_str(L, o, q, "name_en", 0, &g->name_en)) < 0 ||
            (rc = get_str(L, o, q, "description", 1, &g->description)) < 0 ||
            (rc = load_sources(L, o, q, 0, &g->sources, &g->n_sources)) < 0)
            return rc;
    }
    return 0;
}

static int load_root(ld *L, json_t *root)
{
    static const char *const keys[] = {"format",  "format_version",    "id",     "version",
                                       "category", "level",            "title",  "title_en",
                                       "source",  "levels",            "methods", "generic_practices",
                                       "groups",  NULL};
    zz_catalog *c = L->cat;
    int rc;
    char *fmt = NULL;
    int64_t fv, lv;
    if ((rc = need_object(L, root, "$")) < 0 || (rc = check_keys(L, root, "$", keys)) < 0 ||
        (rc = get_str(L, root, "$", "format", 1, &fmt)) < 0)
        return rc;
    int bad = strcmp(fmt, ZZ_CATALOG_FORMAT) != 0;
    free(fmt);
    if (bad)
        return fail(L, ZZ_EINVAL, "catalog.bad_value", "$.format", "应为 \"%s\"",
                    "must be \"%s\"", ZZ_CATALOG_FORMAT);
    if ((rc = get_int(L, root, "$", "format_version", 1, 0, &fv)) < 0)
        return rc;
    if (fv != ZZ_CATALOG_FORMAT_VERSION)
        return fail(L, ZZ_EINVAL, "catalog.bad_value", "$.format_version",
                    "不支持的格式版本（本程序支持 %s）",
                    "unsupported format version (this build reads %s)", "1");
    if ((rc = get_str(L, root, "$", "id", 1, &c->id)) < 0 ||
        (rc = get_str(L, root, "$", "version", 1, &c->version)) < 0)
        return rc;
    json_t *cat = json_object_get(root, "category");
    static const char *const ckeys[] = {"id", "name", "name_en", NULL};
    if (!cat)
        return fail(L, ZZ_EINVAL, "catalog.missing_field", "$.category",
                    "缺少必填字段 \"%s\"", "missing required field \"%s\"", "category");
    if ((rc = need_object(L, cat, "$.category")) < 0 ||
        (rc = check_keys(L, cat, "$.category", ckeys)) < 0 ||
        (rc = get_str(L, cat, "$.category", "id", 1, &c->category_id)) < 0 ||
        (rc = get_str(L, cat, "$.category", "name", 1, &c->category_name)) < 0 ||
        (rc = get_str(L, cat, "$.category", "name_en", 0, &c->category_name_en)) < 0)
        return rc;
    if ((rc = get_int(L, root, "$", "level", 1, 0, &lv)) < 0)
        return rc;
    if (lv < 1 || lv > 5) /* */
        return fail(L, ZZ_EINVAL, "catalog.level_range", "$.level",
                    "级别应在 1 到 5 之间%s", "level must be between 1 and 5%s", "");
    c->level = (int)lv;
    if ((rc = get_str(L, root, "$", "title", 1, &c->title)) < 0 ||
        (rc = get_str(L, root, "$", "title_en", 0, &c->title_en)) < 0)
        return rc;
    json_t *src = json_object_get(root, "source");
    static const char *const skeys[] = {"title", "publisher", "date", NULL};
    if (!src)
        return fail(L, ZZ_EINVAL, "catalog.missing_field", "$.source",
                    "缺少必填字段 \"%s\"", "missing required field \"%s\"", "source");
    if ((rc = need_object(L, src, "$.source")) < 0 ||
        (rc = check_keys(L, src, "$.source", skeys)) < 0 ||
        (rc = get_str(L, src, "$.source", "title", 1, &c->source_title)) < 0 ||
        (rc = get_str(L, src, "$.source", "publisher", 0, &c->source_publisher)) < 0 ||
        (rc = get_str(L, src, "$.source", "date", 0, &c->source_date)) < 0)
        return rc;
    if ((rc = load_levels(L, root)) < 0 || (rc = load_methods(L, root)) < 0 ||
        (rc = load_gps(L, root)) < 0)
        return rc;
    json_t *arr;
    if ((rc = get_array(L, root, "$", "groups", 1, &arr)) < 0)
        return rc;
    if (json_array_size(arr) == 0)
        return fail(L, ZZ_EINVAL, "catalog.missing_field", "$.groups", "至少需要一个分组%s",
                    "needs at least one group%s", "");
    c->n_groups = json_array_size(arr);
    if (!(c->groups = calloc(c->n_groups, sizeof *c->groups)))
        return oom(L);
    for (size_t i = 0; i < c->n_groups; i++) {
        char q[JP_MAX];
        snprintf(q, sizeof q, "$.groups[%zu]", i);
        if ((rc = load_group(L, json_array_get(arr, i), q, NULL, &c->groups[i])) < 0)
            return rc;
    }
    return 0;
}

int zz_catalog_load_string(zz_catalog **out, const char *json, const char *name, zz_err *err)
{
    *out = NULL;
    json_error_t je;
    json_t *root = json_loads(json, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return zz_err_rule(err, ZZ_EINVAL, "catalog.json", "R-1.1",
                           "%s:%d:%d: JSON 格式错误：%s", "%s:%d:%d: invalid JSON: %s", name,
                           je.line, je.column, je.text);
    zz_catalog *cat = calloc(1, sizeof *cat);
    cat_index *ix = calloc(1, sizeof *ix);
    if (!cat || !ix) {
        free(cat);
        free(ix);
        json_decref(root);
        return zz_err_set(err, ZZ_ENOMEM, "catalog.nomem", "%s: 内存不足",
                          "%s: out of memory", name);
    }
    cat->index_ = ix;
    ld L = {name, err, ix, cat};
    int rc = load_root(&L, root);
    json_decref(root);
    cat->reqs = ix->reqs;
    cat->n_reqs = ix->n_reqs;
    cat->bps = ix->bps;
    cat->n_bps = ix->n_bps;
    if (rc < 0) {
        zz_catalog_free(cat);
        return rc;
    }
    *out = cat;
    return 0;
}

int zz_catalog_load(zz_catalog **out, const char *path, zz_err *err)
{
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    zz_err e2 = ZZ_ERR_INIT;
    int rc = zz_file_read(path, ZZ_CATALOG_FILE_MAX, 1, &buf, &len, &e2);
    if (rc == ZZ_EINVAL)
        return zz_err_set(err, ZZ_EINVAL, "catalog.json", "%s: 文件含有 NUL 字节",
                          "%s: the file contains a NUL byte", path);
    if (rc < 0)
        return zz_err_set(err, rc == ZZ_ENOMEM ? ZZ_ENOMEM : ZZ_EIO, "catalog.io",
                          "%s: 无法读取目录文件（%s）", "%s: cannot read the catalogue file (%s)",
                          path, e2.code);
    rc = zz_catalog_load_string(out, buf, path, err);
    free(buf);
    return rc;
}

/* ---- freeing --------------------------------------------------------------------------- */

static void free_sources(zz_cat_source *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++) {
        free(s[i].ref);
        free(s[i].clause);
        free(s[i].confidence);
    }
    free(s);
}

static void free_req(zz_cat_req *r)
{
    free(r->id);
    free(r->text);
    free(r->text_en);
    free(r->guidance);
    free(r->ssecmm);
    for (size_t i = 0; r->evidence && i < r->n_evidence; i++)
        free(r->evidence[i].text);
    free(r->evidence);
    for (size_t i = 0; r->methods && i < r->n_methods; i++)
        free(r->methods[i]);
    free(r->methods);
    for (size_t i = 0; r->checks && i < r->n_checks; i++) {
        free(r->checks[i].name);
        for (size_t j = 0; j < r->checks[i].n_params; j++)
            free(r->checks[i].params[j].name);
        free(r->checks[i].params);
    }
    free(r->checks);
    for (size_t i = 0; r->bps && i < r->n_bps; i++) {
        zz_cat_bp *b = &r->bps[i];
        free(b->id);
        free(b->name);
        free(b->name_en);
        free(b->description);
        free_sources(b->sources, b->n_sources);
        for (size_t j = 0; b->indicators && j < b->n_indicators; j++) {
            zz_cat_indicator *d = &b->indicators[j];
            free(d->id);
            free(d->text);
            free(d->op);
            free(d->unit);
            free(d->source);
            free(d->confidence);
        }
        free(b->indicators);
    }
    free(r->bps);
}

static void free_group(zz_cat_group *g)
{
    free(g->id);
    free(g->title);
    free(g->title_en);
    for (size_t i = 0; g->reqs && i < g->n_reqs; i++)
        free_req(&g->reqs[i]);
    free(g->reqs);
    for (size_t i = 0; g->groups && i < g->n_groups; i++)
        free_group(&g->groups[i]);
    free(g->groups);
}

void zz_catalog_free(zz_catalog *c)
{
    if (!c)
        return;
    free(c->id);
    free(c->version);
    free(c->category_id);
    free(c->category_name);
    free(c->category_name_en);
    free(c->title);
    free(c->title_en);
    free(c->source_title);
    free(c->source_publisher);
    free(c->source_date);
    for (size_t i = 0; c->levels && i < c->n_levels; i++) {
        free(c->levels[i].name);
        free(c->levels[i].name_en);
    }
    free(c->levels);
    for (size_t i = 0; c->methods && i < c->n_methods; i++) {
        free(c->methods[i].id);
        free(c->methods[i].name);
        free(c->methods[i].name_en);
    }
    free(c->methods);
    for (size_t i = 0; c->gps && i < c->n_gps; i++) {
        zz_cat_gp *g = &c->gps[i];
        free(g->id);
        free(g->common_feature);
        free(g->common_feature_name);
        free(g->name);
        free(g->name_en);
        free(g->description);
        free_sources(g->sources, g->n_sources);
    }
    free(c->gps);
    for (size_t i = 0; c->groups && i < c->n_groups; i++)
        free_group(&c->groups[i]);
    free(c->groups);
    free((void *)c->reqs);
    free((void *)c->bps);
    index_free(c->index_);
    free(c);
}

/* ---- writing --------------------------------------------------------------------------- */

/* Sets key to a string when s is not NULL (optional fields are omitted, never written empty). */
static void put_str(json_t *o, const char *key, const char *s)
{
    if (s)
        json_object_set_new(o, key, json_string(s));
}

static json_t *dump_sources(const zz_cat_source *s, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        put_str(o, "ref", s[i].ref);
        put_str(o, "clause", s[i].clause);
        put_str(o, "confidence", s[i].confidence);
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *dump_req(const zz_cat_req *r)
{
    json_t *o = json_object();
    put_str(o, "id", r->id);
    put_str(o, "kind", zz_cat_kind_name(r->kind));
    json_object_set_new(o, "number", json_integer(r->number));
    put_str(o, "text", r->text);
    put_str(o, "text_en", r->text_en);
    put_str(o, "guidance", r->guidance);
    put_str(o, "ssecmm", r->ssecmm);
    if (!r->required)
        json_object_set_new(o, "required", json_false());
    json_t *ev = json_array();
    for (size_t i = 0; i < r->n_evidence; i++) {
        json_t *e = json_object();
        put_str(e, "type", zz_evid_type_name(r->evidence[i].type));
        put_str(e, "text", r->evidence[i].text);
        json_array_append_new(ev, e);
    }
    json_object_set_new(o, "evidence", ev);
    json_t *m = json_array();
    for (size_t i = 0; i < r->n_methods; i++)
        json_array_append_new(m, json_string(r->methods[i]));
    json_object_set_new(o, "methods", m);
    if (r->n_checks) {
        json_t *ch = json_array();
        for (size_t i = 0; i < r->n_checks; i++) {
            json_t *c = json_object();
            put_str(c, "name", r->checks[i].name);
            if (r->checks[i].n_params) {
                json_t *p = json_object();
                for (size_t j = 0; j < r->checks[i].n_params; j++)
                    json_object_set_new(p, r->checks[i].params[j].name,
                                        json_integer(r->checks[i].params[j].value));
                json_object_set_new(c, "params", p);
            }
            json_array_append_new(ch, c);
        }
        json_object_set_new(o, "checks", ch);
    }
    if (r->n_bps) {
        json_t *bps = json_array();
        for (size_t i = 0; i < r->n_bps; i++) {
            const zz_cat_bp *b = &r->bps[i];
            json_t *bo = json_object();
            put_str(bo, "id", b->id);
            put_str(bo, "name", b->name);
            put_str(bo, "name_en", b->name_en);
            put_str(bo, "description", b->description);
            json_object_set_new(bo, "sources", dump_sources(b->sources, b->n_sources));
            if (b->n_indicators) {
                json_t *ia = json_array();
                for (size_t j = 0; j < b->n_indicators; j++) {
                    const zz_cat_indicator *d = &b->indicators[j];
                    json_t *io = json_object();
                    put_str(io, "id", d->id);
                    put_str(io, "text", d->text);
                    put_str(io, "operator", d->op);
                    json_object_set_new(io, "value", json_integer(d->value));
                    put_str(io, "unit", d->unit);
                    put_str(io, "source", d->source);
                    put_str(io, "confidence", d->confidence);
                    json_array_append_new(ia, io);
                }
                json_object_set_new(bo, "indicators", ia);
            }
            json_array_append_new(bps, bo);
        }
        json_object_set_new(o, "base_practices", bps);
    }
    return o;
}

static json_t *dump_group(const zz_cat_group *g)
{
    json_t *o = json_object();
    put_str(o, "id", g->id);
    put_str(o, "title", g->title);
    put_str(o, "title_en", g->title_en);
    if (g->n_groups) {
        json_t *a = json_array();
        for (size_t i = 0; i < g->n_groups; i++)
            json_array_append_new(a, dump_group(&g->groups[i]));
        json_object_set_new(o, "groups", a);
    }
    if (g->n_reqs) {
        json_t *a = json_array();
        for (size_t i = 0; i < g->n_reqs; i++)
            json_array_append_new(a, dump_req(&g->reqs[i]));
        json_object_set_new(o, "requirements", a);
    }
    return o;
}

int zz_catalog_dump(char **out, const zz_catalog *c, zz_err *err)
{
    json_t *o = json_object();
    put_str(o, "format", ZZ_CATALOG_FORMAT);
    json_object_set_new(o, "format_version", json_integer(ZZ_CATALOG_FORMAT_VERSION));
    put_str(o, "id", c->id);
    put_str(o, "version", c->version);
    json_t *cat = json_object();
    put_str(cat, "id", c->category_id);
    put_str(cat, "name", c->category_name);
    put_str(cat, "name_en", c->category_name_en);
    json_object_set_new(o, "category", cat);
    json_object_set_new(o, "level", json_integer(c->level));
    put_str(o, "title", c->title);
    put_str(o, "title_en", c->title_en);
    json_t *src = json_object();
    put_str(src, "title", c->source_title);
    put_str(src, "publisher", c->source_publisher);
    put_str(src, "date", c->source_date);
    json_object_set_new(o, "source", src);
    json_t *lv = json_array();
    for (size_t i = 0; i < c->n_levels; i++) {
        json_t *l = json_object();
        json_object_set_new(l, "level", json_integer(c->levels[i].level));
        put_str(l, "name", c->levels[i].name);
        put_str(l, "name_en", c->levels[i].name_en);
        json_array_append_new(lv, l);
    }
    json_object_set_new(o, "levels", lv);
    json_t *me = json_array();
    for (size_t i = 0; i < c->n_methods; i++) {
        json_t *m = json_object();
        put_str(m, "id", c->methods[i].id);
        put_str(m, "name", c->methods[i].name);
        put_str(m, "name_en", c->methods[i].name_en);
        json_array_append_new(me, m);
    }
    json_object_set_new(o, "methods", me);
    if (c->n_gps) {
        json_t *ga = json_array();
        for (size_t i = 0; i < c->n_gps; i++) {
            const zz_cat_gp *g = &c->gps[i];
            json_t *go = json_object();
            put_str(go, "id", g->id);
            json_object_set_new(go, "level", json_integer(g->level));
            put_str(go, "common_feature", g->common_feature);
            put_str(go, "common_feature_name", g->common_feature_name);
            put_str(go, "name", g->name);
            put_str(go, "name_en", g->name_en);
            put_str(go, "description", g->description);
            if (g->n_sources)
                json_object_set_new(go, "sources", dump_sources(g->sources, g->n_sources));
            json_array_append_new(ga, go);
        }
        json_object_set_new(o, "generic_practices", ga);
    }
    json_t *gr = json_array();
    for (size_t i = 0; i < c->n_groups; i++)
        json_array_append_new(gr, dump_group(&c->groups[i]));
    json_object_set_new(o, "groups", gr);
    char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s)
        return zz_err_set(err, ZZ_ENOMEM, "catalog.nomem", "内存不足%s", "out of memory%s", "");
    size_t n = strlen(s);
    char *t = realloc(s, n + 2);
    if (!t) {
        free(s);
        return zz_err_set(err, ZZ_ENOMEM, "catalog.nomem", "内存不足%s", "out of memory%s", "");
    }
    t[n] = '\n';
    t[n + 1] = '\0';
    *out = t;
    return 0;
}

int zz_catalog_save(const zz_catalog *cat, const char *path, zz_err *err)
{
    char *s = NULL;
    int rc = zz_catalog_dump(&s, cat, err);
    if (rc < 0)
        return rc;
    zz_err e2 = ZZ_ERR_INIT;
    rc = zz_file_write_atomic(path, s, strlen(s), &e2);
    free(s);
    if (rc < 0)
        return zz_err_set(err, ZZ_EIO, "catalog.io", "%s: 无法写入", "%s: cannot write", path);
    return 0;
}

/* ---- equality -------------------------------------------------------------------------- */

static bool seq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static bool sources_eq(const zz_cat_source *a, size_t na, const zz_cat_source *b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (!seq(a[i].ref, b[i].ref) || !seq(a[i].clause, b[i].clause) ||
            !seq(a[i].confidence, b[i].confidence))
            return false;
    return true;
}

static bool bp_eq(const zz_cat_bp *a, const zz_cat_bp *b)
{
    if (!seq(a->id, b->id) || !seq(a->name, b->name) || !seq(a->name_en, b->name_en) ||
        !seq(a->description, b->description) ||
        !sources_eq(a->sources, a->n_sources, b->sources, b->n_sources) ||
        a->n_indicators != b->n_indicators)
        return false;
    for (size_t i = 0; i < a->n_indicators; i++) {
        const zz_cat_indicator *x = &a->indicators[i], *y = &b->indicators[i];
        if (!seq(x->id, y->id) || !seq(x->text, y->text) || !seq(x->op, y->op) ||
            x->value != y->value || !seq(x->unit, y->unit) || !seq(x->source, y->source) ||
            !seq(x->confidence, y->confidence))
            return false;
    }
    return true;
}

static bool req_eq(const zz_cat_req *a, const zz_cat_req *b)
{
    if (!seq(a->id, b->id) || a->kind != b->kind || a->number != b->number ||
        !seq(a->text, b->text) || !seq(a->text_en, b->text_en) ||
        !seq(a->guidance, b->guidance) || !seq(a->ssecmm, b->ssecmm) ||
        a->required != b->required || a->n_evidence != b->n_evidence ||
        a->n_methods != b->n_methods || a->n_checks != b->n_checks || a->n_bps != b->n_bps)
        return false;
    for (size_t i = 0; i < a->n_evidence; i++)
        if (a->evidence[i].type != b->evidence[i].type ||
            !seq(a->evidence[i].text, b->evidence[i].text))
            return false;
    for (size_t i = 0; i < a->n_methods; i++)
        if (!seq(a->methods[i], b->methods[i]))
            return false;
    for (size_t i = 0; i < a->n_checks; i++) {
        const zz_cat_check *x = &a->checks[i], *y = &b->checks[i];
        if (!seq(x->name, y->name) || x->n_params != y->n_params)
            return false;
        for (size_t j = 0; j < x->n_params; j++)
            if (!seq(x->params[j].name, y->params[j].name) ||
                x->params[j].value != y->params[j].value)
                return false;
    }
    for (size_t i = 0; i < a->n_bps; i++)
        if (!bp_eq(&a->bps[i], &b->bps[i]))
            return false;
    return true;
}

static bool group_eq(const zz_cat_group *a, const zz_cat_group *b)
{
    if (!seq(a->id, b->id) || !seq(a->title, b->title) || !seq(a->title_en, b->title_en) ||
        a->n_groups != b->n_groups || a->n_reqs != b->n_reqs)
        return false;
    for (size_t i = 0; i < a->n_reqs; i++)
        if (!req_eq(&a->reqs[i], &b->reqs[i]))
            return false;
    for (size_t i = 0; i < a->n_groups; i++)
        if (!group_eq(&a->groups[i], &b->groups[i]))
            return false;
    return true;
}

bool zz_catalog_equal(const zz_catalog *a, const zz_catalog *b)
{
    if (!a || !b)
        return a == b;
    if (!seq(a->id, b->id) || !seq(a->version, b->version) ||
        !seq(a->category_id, b->category_id) || !seq(a->category_name, b->category_name) ||
        !seq(a->category_name_en, b->category_name_en) || a->level != b->level ||
        !seq(a->title, b->title) || !seq(a->title_en, b->title_en) ||
        !seq(a->source_title, b->source_title) ||
        !seq(a->source_publisher, b->source_publisher) ||
        !seq(a->source_date, b->source_date) || a->n_levels != b->n_levels ||
        a->n_methods != b->n_methods || a->n_gps != b->n_gps || a->n_groups != b->n_groups)
        return false;
    for (size_t i = 0; i < a->n_levels; i++)
        if (a->levels[i].level != b->levels[i].level ||
            !seq(a->levels[i].name, b->levels[i].name) ||
            !seq(a->levels[i].name_en, b->levels[i].name_en))
            return false;
    for (size_t i = 0; i < a->n_methods; i++)
        if (!seq(a->methods[i].id, b->methods[i].id) ||
            !seq(a->methods[i].name, b->methods[i].name) ||
            !seq(a->methods[i].name_en, b->methods[i].name_en))
            return false;
    for (size_t i = 0; i < a->n_gps; i++) {
        const zz_cat_gp *x = &a->gps[i], *y = &b->gps[i];
        if (!seq(x->id, y->id) || x->level != y->level ||
            !seq(x->common_feature, y->common_feature) ||
            !seq(x->common_feature_name, y->common_feature_name) || !seq(x->name, y->name) ||
            !seq(x->name_en, y->name_en) || !seq(x->description, y->description) ||
            !sources_eq(x->sources, x->n_sources, y->sources, y->n_sources))
            return false;
    }
    for (size_t i = 0; i < a->n_groups; i++)
        if (!group_eq(&a->groups[i], &b->groups[i]))
            return false;
    return true;
}
