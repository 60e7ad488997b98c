/*
 * form.c — application form definitions (申请书) loaded as data, validation of form data before it
 * is stored, and the field-by-field check that feeds the completeness report.
 */
#include "zizhi/form.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/file_store.h"
#include "zizhi/calendar.h"
#include "zizhi/uscc.h"

static const char *const TYPE_NAMES[ZZ_FIELD__COUNT] = {
    "string", "text", "integer", "date", "email", "phone", "postcode", "uscc", "declaration",
};

const char *zz_field_type_name(zz_field_type t)
{
    return (unsigned)t < ZZ_FIELD__COUNT ? TYPE_NAMES[t] : NULL;
}

static int nomem(zz_err *err)
{
    return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
}

void zz_form_def_free(zz_form_def *def)
{
    if (!def) return;
    for (size_t i = 0; i < def->n_fields; i++) {
        free(def->fields[i].key);
        free(def->fields[i].label);
        free(def->fields[i].label_en);
        free(def->fields[i].section);
    }
    free(def->fields);
    free(def->id);
    free(def->title);
    free(def->title_en);
    free(def);
}

static bool key_ok(const char *k)
{
    size_t n = strlen(k);
    if (n == 0 || n > ZZ_FORM_KEY_MAX || !(k[0] >= 'a' && k[0] <= 'z')) return false;
    for (; *k; k++)
        if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '_')) return false;
    return true;
}

static int bad_def(const char *name, const char *where, const char *what, zz_err *err)
{
    return zz_err_set(err, ZZ_EINVAL, "form.bad_def", "申请书定义 %s：%s：%s",
                      "form definition %s: %s: %s", name, where, what);
}

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

int zz_form_def_parse(zz_form_def **out, const char *json, const char *name, zz_err *err)
{
    *out = NULL;
    json_error_t je;
    json_t *root = json_loads(json, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return zz_err_set(err, ZZ_EINVAL, "form.json", "申请书定义 %s 第 %d 行第 %d 列：%s",
                          "form definition %s line %d column %d: %s", name, je.line, je.column,
                          je.text);
    int rc = ZZ_OK;
    zz_form_def *def = calloc(1, sizeof *def);
    if (!def) {
        json_decref(root);
        return nomem(err);
    }
    const char *fmt = json_string_value(json_object_get(root, "format"));
    const char *id = json_string_value(json_object_get(root, "id"));
    const char *title = json_string_value(json_object_get(root, "title"));
    json_t *fields = json_object_get(root, "fields");
    if (!fmt || strcmp(fmt, ZZ_FORM_FORMAT) != 0 ||
        json_integer_value(json_object_get(root, "format_version")) != 1) {
        rc = bad_def(name, "$.format", "not zizhi-form version 1", err);
        goto out;
    }
    if (!id || !title || !json_is_array(fields)) {
        rc = bad_def(name, "$", "id, title and fields are required", err);
        goto out;
    }
    def->id = strdup(id);
    def->title = strdup(title);
    def->title_en = dup_or_empty(json_string_value(json_object_get(root, "title_en")));
    size_t n = json_array_size(fields);
    def->fields = calloc(n ? n : 1, sizeof *def->fields);
    if (!def->id || !def->title || !def->title_en || !def->fields) {
        rc = nomem(err);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        char where[64];
        snprintf(where, sizeof where, "$.fields[%zu]", i);
        json_t *f = json_array_get(fields, i);
        const char *key = json_string_value(json_object_get(f, "key"));
        const char *label = json_string_value(json_object_get(f, "label"));
        const char *type = json_string_value(json_object_get(f, "type"));
        json_t *req = json_object_get(f, "required");
        if (!key || !key_ok(key)) {
            rc = bad_def(name, where, "key must match [a-z][a-z0-9_]*", err);
            goto out;
        }
        if (!label || !*label || !type || !json_is_boolean(req)) {
            rc = bad_def(name, where, "label, type and required are required", err);
            goto out;
        }
        int t = -1;
        for (int k = 0; k < ZZ_FIELD__COUNT; k++)
            if (strcmp(type, TYPE_NAMES[k]) == 0) t = k;
        if (t < 0) {
            rc = bad_def(name, where, "unknown type", err);
            goto out;
        }
        for (size_t k = 0; k < def->n_fields; k++)
            if (strcmp(def->fields[k].key, key) == 0) {
                rc = bad_def(name, where, "duplicate key", err);
                goto out;
            }
        zz_form_field *fd = &def->fields[def->n_fields];
        fd->key = strdup(key);
        fd->label = strdup(label);
        fd->label_en = dup_or_empty(json_string_value(json_object_get(f, "label_en")));
        fd->section = dup_or_empty(json_string_value(json_object_get(f, "section")));
        fd->required = json_is_true(req);
        fd->type = (zz_field_type)t;
        def->n_fields++;
        if (!fd->key || !fd->label || !fd->label_en || !fd->section) {
            rc = nomem(err);
            goto out;
        }
    }
out:
    json_decref(root);
    if (rc < 0) {
        zz_form_def_free(def);
        return rc;
    }
    *out = def;
    return ZZ_OK;
}

int zz_form_def_load(zz_form_def **out, const char *path, zz_err *err)
{
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    zz_err e2 = ZZ_ERR_INIT;
    int rc0 = zz_file_read(path, 4u * 1024 * 1024, 1, &buf, &len, &e2);
    if (rc0 == ZZ_ETOOBIG)
        return zz_err_set(err, ZZ_ETOOBIG, "form.io", "申请书定义 %s 过大",
                          "form definition %s is too big", path);
    if (rc0 < 0)
        return zz_err_set(err, ZZ_EIO, "form.io", "无法读取申请书定义 %s",
                          "cannot read form definition %s", path);
    int rc = zz_form_def_parse(out, buf, path, err);
    free(buf);
    return rc;
}

const zz_form_field *zz_form_def_field(const zz_form_def *def, const char *key)
{
    for (size_t i = 0; def && i < def->n_fields; i++)
        if (strcmp(def->fields[i].key, key) == 0) return &def->fields[i];
    return NULL;
}

int zz_form_validate(const zz_form_def *def, const char *form_json, char **canonical, zz_err *err)
{
    if (canonical) *canonical = NULL;
    if (!form_json)
        return zz_err_set(err, ZZ_EINVAL, "input.form", "申请书数据为空%s", "form data is empty%s",
                          "");
    if (strlen(form_json) > ZZ_FORM_JSON_MAX)
        return zz_err_set(err, ZZ_ETOOBIG, "input.too_big", "申请书数据超过 %d 字节",
                          "form data is over %d bytes", ZZ_FORM_JSON_MAX);
    json_error_t je;
    json_t *root = json_loads(form_json, JSON_REJECT_DUPLICATES, &je);
    if (!root || !json_is_object(root)) {
        int rc =
            zz_err_set(err, ZZ_EINVAL, "input.form", "申请书数据必须是 JSON 对象（%s）",
                       "form data must be a JSON object (%s)", root ? "not an object" : je.text);
        json_decref(root);
        return rc;
    }
    const char *key;
    json_t *v;
    json_object_foreach(root, key, v)
    {
        if (def && !zz_form_def_field(def, key)) {
            int rc = zz_err_set(err, ZZ_EINVAL, "input.form_field", "申请书中没有字段 \"%s\"",
                                "the form has no field \"%s\"", key);
            json_decref(root);
            return rc;
        }
        if (!json_is_string(v) && !json_is_integer(v) && !json_is_boolean(v) && !json_is_null(v)) {
            int rc =
                zz_err_set(err, ZZ_EINVAL, "input.form",
                           "申请书字段 \"%s\" 的值必须是文本、整数、布尔值或 null",
                           "form field \"%s\" must be a string, integer, boolean or null", key);
            json_decref(root);
            return rc;
        }
    }
    if (canonical && !(*canonical = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS))) {
        json_decref(root);
        return nomem(err);
    }
    json_decref(root);
    return ZZ_OK;
}

/* Characters (code points) of a UTF-8 string. */
static size_t u8len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

static bool all_digits(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);
    if (n < min || n > max) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

static bool email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 200) return false;
    const char *dot = strrchr(at + 1, '.');
    if (!dot || dot == at + 1 || dot[1] == '\0') return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f) return false;
    return true;
}

static bool phone_ok(const char *s)
{
    int digits = 0;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digits++;
        else if (!strchr(" +-()", *s))
            return false;
    }
    return digits >= 5 && digits <= 20;
}

/* Whether a filled-in value fits its type; on failure writes the reason. */
static bool value_ok(const zz_form_field *f, json_t *v, char *zh, size_t zl, char *en, size_t el)
{
    const char *s = json_string_value(v);
    switch (f->type) {
    case ZZ_FIELD_STRING:
    case ZZ_FIELD_TEXT: {
        size_t max = f->type == ZZ_FIELD_STRING ? ZZ_FORM_STRING_MAX : ZZ_FORM_TEXT_MAX;
        if (!s) {
            snprintf(zh, zl, "应为文本");
            snprintf(en, el, "must be text");
            return false;
        }
        if (u8len(s) > max) {
            snprintf(zh, zl, "超过 %zu 个字符", max);
            snprintf(en, el, "is over %zu characters", max);
            return false;
        }
        if (f->type == ZZ_FIELD_STRING && (strchr(s, '\n') || strchr(s, '\r'))) {
            snprintf(zh, zl, "应为单行文本");
            snprintf(en, el, "must be one line");
            return false;
        }
        return true;
    }
    case ZZ_FIELD_INTEGER:
        if (json_is_integer(v) ? json_integer_value(v) >= 0 : (s && all_digits(s, 1, 15)))
            return true;
        snprintf(zh, zl, "应为不小于 0 的整数");
        snprintf(en, el, "must be a whole number >= 0");
        return false;
    case ZZ_FIELD_DATE: {
        zz_date d;
        if (s && zz_date_parse(&d, s, NULL) == 0) return true;
        snprintf(zh, zl, "应为 YYYY-MM-DD 格式的有效日期");
        snprintf(en, el, "must be a real date YYYY-MM-DD");
        return false;
    }
    case ZZ_FIELD_EMAIL:
        if (s && email_ok(s)) return true;
        snprintf(zh, zl, "不是有效的电子邮箱地址");
        snprintf(en, el, "is not a valid email address");
        return false;
    case ZZ_FIELD_PHONE:
        if (s && phone_ok(s)) return true;
        snprintf(zh, zl, "不是有效的电话号码");
        snprintf(en, el, "is not a valid telephone number");
        return false;
    case ZZ_FIELD_POSTCODE:
        if (s && all_digits(s, 6, 6)) return true;
        snprintf(zh, zl, "应为 6 位数字");
        snprintf(en, el, "must be 6 digits");
        return false;
    case ZZ_FIELD_USCC:
        if (s && zz_uscc_valid(s)) return true;
        snprintf(zh, zl, "不是有效的统一社会信用代码（GB 32100-2015）");
        snprintf(en, el, "is not a valid unified social credit code (GB 32100-2015)");
        return false;
    case ZZ_FIELD_DECLARATION:
        return true; /* filled in means true, see filled() */
    default:
        return false;
    }
}

static bool filled(const zz_form_field *f, json_t *v)
{
    if (!v || json_is_null(v)) return false;
    if (f->type == ZZ_FIELD_DECLARATION) return json_is_true(v);
    if (json_is_string(v)) {
        for (const char *p = json_string_value(v); *p; p++)
            if (!strchr(" \t\r\n", *p)) return true;
        return false;
    }
    return true;
}

int zz_form_check(const zz_form_def *def, const char *form_json, zz_form_problem **out, size_t *n,
                  zz_err *err)
{
    *out = NULL;
    *n = 0;
    json_error_t je;
    json_t *root = json_loads(form_json ? form_json : "", 0, &je);
    if (!root || !json_is_object(root)) {
        json_decref(root);
        return zz_err_set(err, ZZ_EINVAL, "input.form", "申请书数据不是 JSON 对象%s",
                          "form data is not a JSON object%s", "");
    }
    zz_form_problem *arr = calloc(def->n_fields ? def->n_fields : 1, sizeof *arr);
    if (!arr) {
        json_decref(root);
        return nomem(err);
    }
    for (size_t i = 0; i < def->n_fields; i++) {
        const zz_form_field *f = &def->fields[i];
        json_t *v = json_object_get(root, f->key);
        zz_form_problem *p = &arr[*n];
        if (!filled(f, v)) {
            if (!f->required) continue;
            p->field = f;
            p->code = "form.missing";
            if (f->type == ZZ_FIELD_DECLARATION) {
                snprintf(p->detail_zh, sizeof p->detail_zh, "未确认");
                snprintf(p->detail_en, sizeof p->detail_en, "not confirmed");
            } else {
                snprintf(p->detail_zh, sizeof p->detail_zh, "未填写");
                snprintf(p->detail_en, sizeof p->detail_en, "not filled in");
            }
            (*n)++;
            continue;
        }
        if (!value_ok(f, v, p->detail_zh, sizeof p->detail_zh, p->detail_en, sizeof p->detail_en)) {
            p->field = f;
            p->code = "form.invalid";
            (*n)++;
        }
    }
    json_decref(root);
    if (*n == 0) {
        free(arr);
        arr = NULL;
    }
    *out = arr;
    return ZZ_OK;
}
