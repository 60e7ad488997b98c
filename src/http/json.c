/*
 * json.c — strict JSON request bodies and the declarative field specs every handler validates its
 * body with, so that all routes refuse bad input with the same codes:
 *
 *   415 input.content_type   the body is not application/json
 *   400 input.json           not JSON (with line and column), duplicate keys, not an object
 *   400 input.utf8           invalid UTF-8
 *   400 input.unknown_field  a field the route does not take (named)
 *   400 input.missing_field  a required field is absent (named)
 *   400 input.type           a field of the wrong JSON type (named, with the type expected)
 *   400 input.too_long       a string longer than its limit (named)
 *   400 input.date           a date field that is not a real YYYY-MM-DD date (named)
 *   413 input.too_big        the body is over --max-body (decided before parsing, server.c)
 *
 * Also the JSON shapes shared by several handlers.
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define STRING_MAX_DEFAULT 10000

static const char *type_zh(zzh_type t)
{
    switch (t) {
    case ZZH_T_STRING:
        return "字符串";
    case ZZH_T_INT:
        return "整数";
    case ZZH_T_BOOL:
        return "布尔值";
    case ZZH_T_OBJECT:
        return "对象";
    case ZZH_T_ARRAY:
        return "数组";
    case ZZH_T_DATE:
        return "日期字符串（YYYY-MM-DD）";
    }
    return "?";
}

static const char *type_en(zzh_type t)
{
    switch (t) {
    case ZZH_T_STRING:
        return "a string";
    case ZZH_T_INT:
        return "an integer";
    case ZZH_T_BOOL:
        return "a boolean";
    case ZZH_T_OBJECT:
        return "an object";
    case ZZH_T_ARRAY:
        return "an array";
    case ZZH_T_DATE:
        return "a date string (YYYY-MM-DD)";
    }
    return "?";
}

static bool type_ok(const json_t *v, zzh_type t)
{
    switch (t) {
    case ZZH_T_STRING:
    case ZZH_T_DATE:
        return json_is_string(v);
    case ZZH_T_INT:
        return json_is_integer(v);
    case ZZH_T_BOOL:
        return json_is_boolean(v);
    case ZZH_T_OBJECT:
        return json_is_object(v);
    case ZZH_T_ARRAY:
        return json_is_array(v);
    }
    return false;
}

int zzh_json_check(const json_t *obj, const zzh_field *spec, const char *where, zz_err *err)
{
    char name[256];
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        const zzh_field *f = spec;
        while (f->name && strcmp(f->name, key) != 0)
            f++;
        if (!f->name) {
            snprintf(name, sizeof name, "%s%s", where, key);
            return zz_err_set(err, ZZ_EINVAL, "input.unknown_field", "不接受字段 \"%s\"",
                              "unknown field \"%s\"", name);
        }
    }
    for (const zzh_field *f = spec; f->name; f++) {
        snprintf(name, sizeof name, "%s%s", where, f->name);
        v = json_object_get(obj, f->name);
        if (!v || json_is_null(v)) {
            if (v && !f->nullable)
                return zz_err_set(err, ZZ_EINVAL, "input.type", "字段 \"%s\" 应为%s，不能为 null",
                                  "field \"%s\" must be %.0s%s, not null", name, type_zh(f->type),
                                  type_en(f->type));
            if (f->required)
                return zz_err_set(err, ZZ_EINVAL, "input.missing_field", "缺少必填字段 \"%s\"",
                                  "missing required field \"%s\"", name);
            continue;
        }
        if (!type_ok(v, f->type))
            return zz_err_set(err, ZZ_EINVAL, "input.type", "字段 \"%s\" 应为%s%.0s",
                              "field \"%s\" must be %.0s%s", name, type_zh(f->type),
                              type_en(f->type));
        if (f->type == ZZH_T_STRING || f->type == ZZH_T_DATE) {
            size_t max = f->max_len ? f->max_len : STRING_MAX_DEFAULT;
            if (json_string_length(v) > max)
                return zz_err_set(err, ZZ_EINVAL, "input.too_long", "字段 \"%s\" 超过 %zu 字节",
                                  "field \"%s\" is longer than %zu bytes", name, max);
        }
        if (f->type == ZZH_T_DATE) {
            zz_date d;
            if (zz_date_parse(&d, json_string_value(v), NULL) < 0)
                return zz_err_set(err, ZZ_EINVAL, "input.date",
                                  "字段 \"%s\" 不是有效日期（YYYY-MM-DD）",
                                  "field \"%s\" is not a valid date (YYYY-MM-DD)", name);
        }
    }
    return 0;
}

static bool is_json_type(const char *ct)
{
    if (!ct) return false;
    while (*ct == ' ')
        ct++;
    size_t n = strlen("application/json");
    if (strncasecmp(ct, "application/json", n) != 0) return false;
    ct += n;
    while (*ct == ' ')
        ct++;
    return *ct == '\0' || *ct == ';';
}

int zzh_body(zzh_req *rq, const zzh_field *spec, zz_err *err)
{
    if (!is_json_type(zzh_header(rq, "Content-Type")))
        return zz_err_set(err, ZZ_EINVAL, "input.content_type",
                          "请求内容类型应为 application/json%s",
                          "the request body must be sent as application/json%s", "");
    if (!rq->body || rq->body_len == 0)
        return zz_err_set(err, ZZ_EINVAL, "input.json", "请求内容为空，应为 JSON 对象%s",
                          "the request body is empty; a JSON object is expected%s", "");
    json_error_t je;
    json_decref(rq->json);
    rq->json = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!rq->json) {
        if (json_error_code(&je) == json_error_invalid_utf8)
            return zz_err_set(err, ZZ_EINVAL, "input.utf8",
                              "请求内容不是有效的 UTF-8 编码（第 %d 字节附近）",
                              "the request body is not valid UTF-8 (near byte %d)", je.position);
        return zz_err_set(err, ZZ_EINVAL, "input.json",
                          "请求内容不是有效的 JSON（第 %d 行第 %d 列：%s）",
                          "the request body is not valid JSON (line %d, column %d: %s)", je.line,
                          je.column, je.text);
    }
    if (!json_is_object(rq->json))
        return zz_err_set(err, ZZ_EINVAL, "input.type", "请求内容应为 JSON 对象%s",
                          "the request body must be a JSON object%s", "");
    return zzh_json_check(rq->json, spec, "", err);
}

const char *zzh_str(const zzh_req *rq, const char *name)
{
    return json_string_value(json_object_get(rq->json, name));
}

int64_t zzh_int(const zzh_req *rq, const char *name, int64_t dflt)
{
    json_t *v = json_object_get(rq->json, name);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : dflt;
}

bool zzh_bool(const zzh_req *rq, const char *name, bool dflt)
{
    json_t *v = json_object_get(rq->json, name);
    return json_is_boolean(v) ? json_is_true(v) : dflt;
}

json_t *zzh_json_user(const zz_user *u)
{
    char *text = NULL;
    if (zz_user_to_json(u, &text, NULL) < 0) return NULL;
    json_t *v = json_loads(text, 0, NULL);
    free(text);
    return v;
}
