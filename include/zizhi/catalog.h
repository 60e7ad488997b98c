/*
 * catalog.h — requirement catalogues (要求目录) as data: load, validate, look up, iterate, save.
 *
 * A catalogue is one JSON file per (category, level) in the format of docs/catalogue.md
 * ("zizhi-catalogue", format_version 1). The rest of the system reads requirements only through
 * this module, so catalogues for other categories and levels need no code change.
 *
 * The loaded catalogue is immutable and fully owned by its zz_catalog; every pointer reached from
 * it is borrowed and lives until zz_catalog_free.
 *
 * Invariants of a loaded catalogue (checked by zz_catalog_load, re-checked by zz_catalog_check):
 *   I1  every id (group, requirement, base practice, indicator, generic practice) is unique;
 *   I2  requirement ids are "<section>-<n>" where <section> is the id of the group that holds it
 *       (or, for process areas, of the nearest section group: "3.3-7" lives in group "3.3.3"),
 *       base practice ids are "<requirement id>.BP<k>", indicator ids "<bp id>.I<k>";
 *   I3  level is 1..5 and "levels" names all five capability levels;
 *   I4  process areas (kind ai_process_area | org_process_area) have >= 1 base practice and
 *       other kinds have none;
 *   I5  every requirement names >= 1 evidence item and >= 1 method declared in "methods";
 *   I6  every check names a known built-in check with its required integer parameters;
 *   I7  reqs[] / bps[] list requirements and base practices in guide (document) order.
 */
#ifndef ZIZHI_CATALOG_H
#define ZIZHI_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/errors.h"

#define ZZ_CATALOG_FORMAT "zizhi-catalogue"
#define ZZ_CATALOG_FORMAT_VERSION 1

typedef enum {
    ZZ_KIND_ELIGIBILITY = 0, /* 基本资格 */
    ZZ_KIND_CAPABILITY,      /* 基本能力 */
    ZZ_KIND_AI_PA,           /* 人工智能安全过程域 */
    ZZ_KIND_ORG_PA,          /* 项目和组织过程域 */
    ZZ_KIND__COUNT
} zz_cat_kind;

typedef enum {
    ZZ_EVID_DOCUMENT = 0, /* 文档 */
    ZZ_EVID_RECORD,       /* 记录 */
    ZZ_EVID_INTERVIEW,    /* 访谈 */
    ZZ_EVID_DEMONSTRATION, /* 演示 */
    ZZ_EVID__COUNT
} zz_evid_type;

typedef struct zz_cat_source {
    char *ref;        /* "GB/T 45654-2025" */
    char *clause;     /* optional, may be NULL */
    char *confidence; /* SEED | S | S2 | M | I */
} zz_cat_source;

typedef struct zz_cat_indicator {
    char *id; /* "3.3-11.BP3.I1" */
    char *text;
    char *op; /* ">=", "<=", "=", ">", "<" */
    int64_t value;
    char *unit;
    char *source;
    char *confidence;
} zz_cat_indicator;

struct zz_cat_req;

typedef struct zz_cat_bp {
    char *id; /* "3.3-7.BP2" */
    char *name;
    char *name_en; /* optional */
    char *description;
    zz_cat_source *sources;
    size_t n_sources;
    zz_cat_indicator *indicators;
    size_t n_indicators;
    const struct zz_cat_req *pa; /* the process area that holds it */
} zz_cat_bp;

typedef struct zz_cat_param {
    char *name;
    int64_t value;
} zz_cat_param;

typedef struct zz_cat_check {
    char *name; /* a built-in check, see zz_catalog_check_known */
    zz_cat_param *params;
    size_t n_params;
} zz_cat_check;

typedef struct zz_cat_evidence {
    zz_evid_type type;
    char *text;
} zz_cat_evidence;

struct zz_cat_group;

typedef struct zz_cat_req {
    char *id; /* "3.2.3-5" */
    zz_cat_kind kind;
    int number;
    char *text; /* the guide's wording */
    char *text_en;  /* optional */
    char *guidance; /* optional */
    char *ssecmm;   /* optional, org process areas: "PA12" */
    bool required;
    zz_cat_evidence *evidence;
    size_t n_evidence;
    char **methods; /* method ids */
    size_t n_methods;
    zz_cat_check *checks;
    size_t n_checks;
    zz_cat_bp *bps;
    size_t n_bps;
    const struct zz_cat_group *group; /* the group that holds it */
} zz_cat_req;

typedef struct zz_cat_group {
    char *id; /* "3.2.1" */
    char *title;
    char *title_en; /* optional */
    struct zz_cat_group *groups;
    size_t n_groups;
    zz_cat_req *reqs;
    size_t n_reqs;
    const struct zz_cat_group *parent; /* NULL at the top */
} zz_cat_group;

typedef struct zz_cat_level {
    int level;
    char *name;
    char *name_en;
} zz_cat_level;

typedef struct zz_cat_method {
    char *id; /* document_review | interview | demonstration | … */
    char *name;
    char *name_en;
} zz_cat_method;

typedef struct zz_cat_gp {
    char *id; /* "GP2.1.1" */
    int level;
    char *common_feature;      /* "2.1" */
    char *common_feature_name; /* "规划执行" */
    char *name;
    char *name_en;
    char *description;
    zz_cat_source *sources;
    size_t n_sources;
} zz_cat_gp;

typedef struct zz_catalog {
    char *id;      /* "ai-security-1" */
    char *version; /* "2026.06" */
    char *category_id;
    char *category_name;
    char *category_name_en;
    int level;
    char *title;
    char *title_en;
    char *source_title;
    char *source_publisher;
    char *source_date;
    zz_cat_level *levels;
    size_t n_levels;
    zz_cat_method *methods;
    size_t n_methods;
    zz_cat_gp *gps;
    size_t n_gps;
    zz_cat_group *groups;
    size_t n_groups;
    /* Derived on load, guide order (I7); borrowed pointers into groups. */
    const zz_cat_req **reqs;
    size_t n_reqs;
    const zz_cat_bp **bps;
    size_t n_bps;
    void *index_; /* private: id look-up */
} zz_catalog;

typedef struct zz_catalog_counts {
    size_t by_kind[ZZ_KIND__COUNT];
    size_t base_practices;
    size_t indicators;
    size_t generic_practices;
} zz_catalog_counts;

/*
 * Loads and validates a catalogue file. Every error names the file, the JSON path and what is
 * wrong, e.g. `catalog/x.json: $.groups[1].requirements[0].id: duplicate id "3.2.1-1"`; invalid
 * JSON gives line and column. Codes: catalog.json, catalog.io, catalog.missing_field,
 * catalog.type, catalog.unknown_field, catalog.duplicate_id, catalog.bad_id, catalog.bad_value,
 * catalog.unknown_check, catalog.unknown_method, catalog.level_range.
 * Caller frees *out with zz_catalog_free.
 */
int zz_catalog_load(zz_catalog **out, const char *path, zz_err *err);
/* Same, from JSON text; name is used in messages in place of a file name. */
int zz_catalog_load_string(zz_catalog **out, const char *json, const char *name, zz_err *err);

/* Writes the catalogue as format-1 JSON text (2-space indent, stable key order). Caller frees. */
int zz_catalog_dump(char **out, const zz_catalog *cat, zz_err *err);
/* Writes it to a file (temp + rename). */
int zz_catalog_save(const zz_catalog *cat, const char *path, zz_err *err);

/* Deep equality of two loaded catalogues. */
bool zz_catalog_equal(const zz_catalog *a, const zz_catalog *b);

void zz_catalog_free(zz_catalog *cat);

/* Look-ups by id; NULL when absent. */
const zz_cat_req *zz_catalog_req(const zz_catalog *cat, const char *id);
const zz_cat_bp *zz_catalog_bp(const zz_catalog *cat, const char *id);
const zz_cat_group *zz_catalog_group(const zz_catalog *cat, const char *id);
const zz_cat_gp *zz_catalog_gp(const zz_catalog *cat, const char *id);
const zz_cat_method *zz_catalog_method(const zz_catalog *cat, const char *id);
const zz_cat_level *zz_catalog_level_info(const zz_catalog *cat, int level);

void zz_catalog_count(const zz_catalog *cat, zz_catalog_counts *out);

/* Value of a check parameter, or dflt when absent. */
int64_t zz_cat_check_param(const zz_cat_check *chk, const char *name, int64_t dflt);
/* The first check of a requirement with this name, or NULL. */
const zz_cat_check *zz_cat_req_check(const zz_cat_req *req, const char *name);

/* Names: "eligibility" …; Chinese "基本资格" …; parse returns -1 when unknown. */
const char *zz_cat_kind_name(zz_cat_kind k);
const char *zz_cat_kind_name_zh(zz_cat_kind k);
int zz_cat_kind_parse(const char *s);
const char *zz_evid_type_name(zz_evid_type t);
const char *zz_evid_type_name_zh(zz_evid_type t);
int zz_evid_type_parse(const char *s);

/* Built-in data checks: the registry the loader validates against. */
typedef struct zz_check_def {
    const char *name;
    const char *params[4]; /* required integer parameters, NULL-terminated */
    const char *title_zh;
    const char *title_en;
    const char *rule; /* SPEC rule */
} zz_check_def;
const zz_check_def *zz_catalog_check_known(const char *name);
const zz_check_def *zz_catalog_checks(size_t *n);

#endif
