/*
 * form.h — application form definitions (申请书) as data, and the check of filled-in form data.
 *
 * A form definition is one JSON file per catalogue, CATALOG_DIR/forms/<catalogue id>.form.json
 * ("zizhi-form", format_version 1): the fields in form order, each with a key, a Chinese label, an
 * English label, a required flag, a type and the form section it belongs to. Like catalogues, forms
 * for other categories and levels are added as data with no code change.
 *
 * Filled-in form data is one JSON object {key: value}. A value is a string, an integer, a boolean
 * or null (null and "" count as not filled in). Field types:
 *   string       one line, at most 200 characters
 *   text         free text, at most 20,000 characters
 *   integer      a whole number >= 0 (a JSON integer, or a string of digits)
 *   date         "YYYY-MM-DD", a real date
 *   email        local@domain with a dot in the domain
 *   phone        digits, spaces, "+", "-" and parentheses, at least 5 digits
 *   postcode     6 digits
 *   uscc         a unified social credit code with a valid check character (GB 32100-2015)
 *   declaration  true (a required declaration is filled in only when it is true)
 *
 * Invariants of a loaded definition: keys are unique and match [a-z][a-z0-9_]*, at most 64 chars;
 * every field has a label and a known type. A zz_form_def owns every string reached from it.
 */
#ifndef ZIZHI_FORM_H
#define ZIZHI_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "zizhi/errors.h"

#define ZZ_FORM_FORMAT     "zizhi-form"
#define ZZ_FORM_KEY_MAX    64
#define ZZ_FORM_STRING_MAX 200    /* characters */
#define ZZ_FORM_TEXT_MAX   20000  /* characters */
#define ZZ_FORM_JSON_MAX   262144 /* bytes of form data */

typedef enum {
    ZZ_FIELD_STRING = 0,
    ZZ_FIELD_TEXT,
    ZZ_FIELD_INTEGER,
    ZZ_FIELD_DATE,
    ZZ_FIELD_EMAIL,
    ZZ_FIELD_PHONE,
    ZZ_FIELD_POSTCODE,
    ZZ_FIELD_USCC,
    ZZ_FIELD_DECLARATION,
    ZZ_FIELD__COUNT
} zz_field_type;

typedef struct zz_form_field {
    char *key;      /* "org_name" */
    char *label;    /* "单位名称" */
    char *label_en; /* "organisation name" */
    char *section;  /* "申请表", may be "" */
    bool required;
    zz_field_type type;
} zz_form_field;

typedef struct zz_form_def {
    char *id; /* the catalogue id it belongs to: "ai-security-1" */
    char *title;
    char *title_en;
    zz_form_field *fields; /* form order */
    size_t n_fields;
} zz_form_def;

/* Loads a definition file; codes form.io, form.json, form.bad_def (naming the JSON path).
 * Caller frees *out with zz_form_def_free. */
int zz_form_def_load(zz_form_def **out, const char *path, zz_err *err);
/* The same from JSON text; name stands for the file in messages. */
int zz_form_def_parse(zz_form_def **out, const char *json, const char *name, zz_err *err);
void zz_form_def_free(zz_form_def *def);
/* The field with this key, or NULL. */
const zz_form_field *zz_form_def_field(const zz_form_def *def, const char *key);

/* "string", "text", …; NULL when out of range. */
const char *zz_field_type_name(zz_field_type t);

/*
 * Validates the shape of form data before it is stored: a JSON object of at most ZZ_FORM_JSON_MAX
 * bytes whose values are strings, integers, booleans or null, and (when def is not NULL) whose keys
 * are all fields of def. ZZ_EINVAL "input.form" (not an object, bad value kind) or
 * "input.form_field" (unknown key, named); ZZ_ETOOBIG "input.too_big".
 * OUT: *canonical (may be NULL): the object re-serialised with sorted keys, compact, UTF-8;
 * caller frees with free().
 */
int zz_form_validate(const zz_form_def *def, const char *form_json, char **canonical, zz_err *err);

typedef struct zz_form_problem {
    const zz_form_field *field; /* borrowed from the definition */
    const char *code;           /* "form.missing" | "form.invalid" (static) */
    char detail_zh[200];        /* what is wrong, for the finding text */
    char detail_en[200];
} zz_form_problem;

/*
 * the problems of filled-in form data against def, in form order: a required field that
 * is absent, null, "" (or a declaration that is not true) is "form.missing"; a filled-in field
 * whose value does not fit its type is "form.invalid". OUT: *out (caller frees with free()),
 * *n. Form data that is not a JSON object: ZZ_EINVAL "input.form".
 */
int zz_form_check(const zz_form_def *def, const char *form_json, zz_form_problem **out, size_t *n,
                  zz_err *err);

#endif
