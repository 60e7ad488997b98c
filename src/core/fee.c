/*
 * fee.c — the fee schedule loaded from JSON data, totals and payment coverage,
 * and money text. The only I/O is reading the schedule file whose path the caller gives.
 */
#include "zizhi/fee.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/file_store.h"

#define FEE_FORMAT "zizhi-fees/1"

typedef struct fee_entry {
    char category[ZZ_FEE_CODE_MAX];
    int level;
    zz_app_type type;
    zz_fee_item *items;
    size_t n_items;
} fee_entry;

struct zz_fee_schedule {
    fee_entry *entries;
    size_t n_entries;
};

/* ---- application type ------------------------------------------------------------------ */

const char *zz_app_type_code(zz_app_type t)
{
    switch (t) {
    case ZZ_APP_INITIAL:
        return "initial";
    case ZZ_APP_MAINTENANCE:
        return "maintenance";
    }
    return NULL;
}

const char *zz_app_type_name_zh(zz_app_type t)
{
    switch (t) {
    case ZZ_APP_INITIAL:
        return "初次申请";
    case ZZ_APP_MAINTENANCE:
        return "维持申请";
    }
    return NULL;
}

int zz_app_type_parse(zz_app_type *out, const char *s, zz_err *err)
{
    if (s && strcmp(s, "initial") == 0) {
        *out = ZZ_APP_INITIAL;
        return ZZ_OK;
    }
    if (s && strcmp(s, "maintenance") == 0) {
        *out = ZZ_APP_MAINTENANCE;
        return ZZ_OK;
    }
    return zz_err_rule(err, ZZ_EINVAL, "input.app_type", "R-2.1",
                       "申请类型“%.40s”无效，应为 initial（初次申请）或 maintenance（维持申请）",
                       "invalid application type \"%.40s\": expected initial or maintenance",
                       s ? s : "");
}

/* ---- loading --------------------------------------------------------------------------- */

void zz_fee_schedule_free(zz_fee_schedule *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n_entries; i++)
        free(s->entries[i].items);
    free(s->entries);
    free(s);
}

/* Refuses the schedule, naming the file and the JSON path (I3). */
static int bad(zz_err *err, const char *file, const char *path, const char *zh, const char *en)
{
    /* Both formats take (file, path, zh, en); "%.0s" lets the English one skip the Chinese text. */
    return zz_err_rule(err, ZZ_EINVAL, "fee.schedule_invalid", "R-9.1", "收费标准文件 %s 的 %s %s",
                       "fee schedule %s: %s %.0s%s", file, path, zh, en);
}

static int get_string(char *dst, size_t cap, json_t *obj, const char *key, const char *file,
                      const char *base, zz_err *err)
{
    char path[256];
    snprintf(path, sizeof path, "%s.%s", base, key);
    json_t *v = json_object_get(obj, key);
    if (!json_is_string(v)) return bad(err, file, path, "应为字符串", "must be a string");
    const char *s = json_string_value(v);
    size_t len = strlen(s);
    if (len == 0) return bad(err, file, path, "不能为空", "must not be empty");
    if (len >= cap) return bad(err, file, path, "过长", "is too long");
    memcpy(dst, s, len + 1);
    return ZZ_OK;
}

static int load_item(zz_fee_item *it, json_t *jit, const char *file, const char *base, zz_err *err)
{
    char path[192];
    int rc;
    if (!json_is_object(jit)) return bad(err, file, base, "应为对象", "must be an object");
    if ((rc = get_string(it->code, sizeof it->code, jit, "code", file, base, err)) ||
        (rc = get_string(it->name_zh, sizeof it->name_zh, jit, "name_zh", file, base, err)) ||
        (rc = get_string(it->name_en, sizeof it->name_en, jit, "name_en", file, base, err)))
        return rc;
    snprintf(path, sizeof path, "%s.amount_fen", base);
    json_t *amt = json_object_get(jit, "amount_fen");
    /* I1: jansson keeps 2100000.0 a real, never an integer, so json_is_integer refuses floats. */
    if (!json_is_integer(amt))
        return bad(err, file, path, "应为以分计的整数金额",
                   "must be an integer amount in fen (no decimals)");
    json_int_t v = json_integer_value(amt);
    if (v < 0) return bad(err, file, path, "不能为负数", "must not be negative");
    it->amount_fen = (int64_t)v;
    return ZZ_OK;
}

static int load_entry(fee_entry *e, json_t *je, const char *file, const char *base, zz_err *err)
{
    char path[96];
    int rc;
    if (!json_is_object(je)) return bad(err, file, base, "应为对象", "must be an object");
    if ((rc = get_string(e->category, sizeof e->category, je, "category", file, base, err)))
        return rc;

    snprintf(path, sizeof path, "%s.level", base);
    json_t *lv = json_object_get(je, "level");
    if (!json_is_integer(lv) || json_integer_value(lv) < 1 || json_integer_value(lv) > 5)
        return bad(err, file, path, "应为 1 到 5 的整数（R-1.1）",
                   "must be an integer from 1 to 5 (R-1.1)");
    e->level = (int)json_integer_value(lv);

    snprintf(path, sizeof path, "%s.application_type", base);
    json_t *ty = json_object_get(je, "application_type");
    if (!json_is_string(ty) || zz_app_type_parse(&e->type, json_string_value(ty), NULL) != ZZ_OK)
        return bad(err, file, path, "应为 \"initial\" 或 \"maintenance\"",
                   "must be \"initial\" or \"maintenance\"");

    snprintf(path, sizeof path, "%s.items", base);
    json_t *items = json_object_get(je, "items");
    if (!json_is_array(items) || json_array_size(items) == 0)
        return bad(err, file, path, "应为非空数组", "must be a non-empty array");
    e->n_items = json_array_size(items);
    e->items = calloc(e->n_items, sizeof *e->items);
    if (!e->items)
        return zz_err_set(err, ZZ_ENOMEM, "fee.schedule_invalid", "内存不足", "out of memory");

    int64_t total = 0;
    for (size_t i = 0; i < e->n_items; i++) {
        char ipath[128];
        snprintf(ipath, sizeof ipath, "%s.items[%zu]", base, i);
        if ((rc = load_item(&e->items[i], json_array_get(items, i), file, ipath, err))) return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(e->items[j].code, e->items[i].code) == 0) {
                snprintf(ipath, sizeof ipath, "%s.items[%zu].code", base, i);
                return bad(err, file, ipath, "与前面的收费项目代码重复",
                           "repeats the code of an earlier item");
            }
        if (e->items[i].amount_fen > INT64_MAX - total)
            return bad(err, file, path, "合计金额溢出", "add up to more than int64_t holds");
        total += e->items[i].amount_fen;
    }
    return ZZ_OK;
}

static int load_root(zz_fee_schedule *s, json_t *root, const char *file, zz_err *err)
{
    if (!json_is_object(root)) return bad(err, file, "$", "应为对象", "must be an object");
    json_t *fmt = json_object_get(root, "format");
    if (!json_is_string(fmt) || strcmp(json_string_value(fmt), FEE_FORMAT) != 0)
        return bad(err, file, "$.format", "应为 \"" FEE_FORMAT "\"", "must be \"" FEE_FORMAT "\"");
    /* Amounts in yuan by mistake would be off by 100: the file must say its unit. */
    json_t *unit = json_object_get(root, "unit");
    if (!json_is_string(unit) || strcmp(json_string_value(unit), "fen") != 0)
        return bad(err, file, "$.unit", "应为 \"fen\"（金额以分计）",
                   "must be \"fen\" (amounts are in fen)");
    json_t *arr = json_object_get(root, "schedules");
    if (!json_is_array(arr)) return bad(err, file, "$.schedules", "应为数组", "must be an array");
    s->n_entries = json_array_size(arr);
    s->entries = calloc(s->n_entries ? s->n_entries : 1, sizeof *s->entries);
    if (!s->entries)
        return zz_err_set(err, ZZ_ENOMEM, "fee.schedule_invalid", "内存不足", "out of memory");
    for (size_t i = 0; i < s->n_entries; i++) {
        char base[64];
        int rc;
        snprintf(base, sizeof base, "$.schedules[%zu]", i);
        if ((rc = load_entry(&s->entries[i], json_array_get(arr, i), file, base, err))) return rc;
        for (size_t j = 0; j < i; j++) {
            const fee_entry *a = &s->entries[j], *b = &s->entries[i];
            if (a->level == b->level && a->type == b->type && strcmp(a->category, b->category) == 0)
                return bad(err, file, base, "与前面的收费标准重复（同一类别、级别和申请类型）",
                           "repeats an earlier (category, level, application_type)");
        }
    }
    return ZZ_OK;
}

static int finish(zz_fee_schedule **out, json_t *root, const char *file, zz_err *err)
{
    zz_fee_schedule *s = calloc(1, sizeof *s);
    if (!s) {
        json_decref(root);
        return zz_err_set(err, ZZ_ENOMEM, "fee.schedule_invalid", "内存不足", "out of memory");
    }
    int rc = load_root(s, root, file, err);
    json_decref(root);
    if (rc != ZZ_OK) {
        zz_fee_schedule_free(s);
        return rc;
    }
    *out = s;
    return ZZ_OK;
}

int zz_fee_schedule_load(zz_fee_schedule **out, const char *path, zz_err *err)
{
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    if (zz_file_read(path, 4u * 1024 * 1024, 1, &buf, &len, NULL) < 0)
        return zz_err_rule(err, ZZ_EIO, "fee.schedule_io", "R-9.1", "无法读取收费标准文件 %s",
                           "cannot read fee schedule %s", path);
    int rc = zz_fee_schedule_parse(out, buf, path, err);
    free(buf);
    return rc;
}

int zz_fee_schedule_parse(zz_fee_schedule **out, const char *json_text, const char *name,
                          zz_err *err)
{
    json_error_t je;
    *out = NULL;
    if (!name) name = "(text)";
    json_t *root = json_loads(json_text ? json_text : "", JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return zz_err_rule(err, ZZ_EINVAL, "fee.schedule_invalid", "R-9.1",
                           "收费标准文件 %s 第 %d 行第 %d 列不是有效的 JSON：%s",
                           "fee schedule %s: invalid JSON at line %d column %d: %s", name, je.line,
                           je.column, je.text);
    return finish(out, root, name, err);
}

/* ---- look-up and totals ---------------------------------------------------------------- */

int zz_fee_items(const zz_fee_item **items, size_t *n, const zz_fee_schedule *s,
                 const char *category, int level, zz_app_type type, zz_err *err)
{
    *items = NULL;
    *n = 0;
    for (size_t i = 0; s && category && i < s->n_entries; i++) {
        const fee_entry *e = &s->entries[i];
        if (e->level == level && e->type == type && strcmp(e->category, category) == 0) {
            *items = e->items;
            *n = e->n_items;
            return ZZ_OK;
        }
    }
    const char *tc = zz_app_type_code(type);
    return zz_err_rule(err, ZZ_ENOTFOUND, "fee.no_schedule", "R-9.1",
                       "收费标准中没有类别 %.40s、%d 级、%s 的收费项目",
                       "the fee schedule has no items for category %.40s, level %d, %s",
                       category ? category : "", level, tc ? tc : "unknown application type");
}

int zz_fee_total(int64_t *out, const zz_fee_item *items, size_t n, zz_err *err)
{
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t a = items[i].amount_fen;
        if (a < 0)
            return zz_err_rule(err, ZZ_EINVAL, "fee.amount_invalid", "R-9.1",
                               "收费项目 %s 的金额为负数", "fee item %s has a negative amount",
                               items[i].code);
        if (a > INT64_MAX - total)
            return zz_err_rule(err, ZZ_EINVAL, "fee.amount_invalid", "R-9.1", "收费合计金额溢出",
                               "fee total overflows%s", "");
        total += a;
    }
    *out = total;
    return ZZ_OK;
}

static int64_t sat_add(int64_t a, int64_t b)
{
    if (b > 0 && a > INT64_MAX - b) return INT64_MAX;
    if (b < 0 && a < INT64_MIN - b) return INT64_MIN;
    return a + b;
}

static int64_t sat_sub(int64_t a, int64_t b)
{
    if (b == INT64_MIN) /* -b does not exist; a - b = a + 2^63 fits only when a < 0 */
        return a >= 0 ? INT64_MAX : (a + INT64_MAX) + 1;
    return sat_add(a, -b);
}

int64_t zz_fee_outstanding(int64_t invoice_total_fen, const zz_fee_payment *payments, size_t n)
{
    int64_t paid = 0;
    for (size_t i = 0; i < n; i++)
        paid = sat_add(paid, payments[i].amount_fen);
    return sat_sub(invoice_total_fen, paid);
}

bool zz_fee_paid(int64_t invoice_total_fen, const zz_fee_payment *payments, size_t n)
{
    return zz_fee_outstanding(invoice_total_fen, payments, n) <= 0; /* */
}

/* Sum of the payments made on or before d (end of day d). */
static int64_t paid_by(const zz_fee_payment *payments, size_t n, zz_date d)
{
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        if (zz_date_cmp(payments[i].date, d) <= 0) sum = sat_add(sum, payments[i].amount_fen);
    return sum;
}

bool zz_fee_paid_on(zz_date *out, int64_t invoice_total_fen, const zz_fee_payment *payments,
                    size_t n)
{
    if (!zz_fee_paid(invoice_total_fen, payments, n)) return false;
    /*
     * Covered now. The paid date is the earliest payment date d such that at the end of d and of
     * every later payment date the payments so far cover the invoice. Payments are few: O(n^2).
     */
    bool found = false;
    zz_date best = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        zz_date d = payments[i].date;
        if (found && zz_date_cmp(d, best) >= 0) continue;
        bool stays = true;
        for (size_t j = 0; j < n && stays; j++)
            if (zz_date_cmp(payments[j].date, d) >= 0 &&
                paid_by(payments, n, payments[j].date) < invoice_total_fen)
                stays = false;
        if (stays) {
            best = d;
            found = true;
        }
    }
    if (found) *out = best;
    return true;
}

/* ---- money text ------------------------------------------------------------------------ */

char *zz_money_format(char *buf, int64_t fen)
{
    /* The magnitude as unsigned so INT64_MIN has one too. */
    uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    uint64_t yuan = mag / 100;
    unsigned cents = (unsigned)(mag % 100);
    char rev[32];
    int n = 0, digits = 0;
    do {
        if (digits > 0 && digits % 3 == 0) rev[n++] = ',';
        rev[n++] = (char)('0' + yuan % 10);
        yuan /= 10;
        digits++;
    } while (yuan > 0);
    int w = 0;
    if (fen < 0) buf[w++] = '-';
    while (n > 0)
        buf[w++] = rev[--n];
    buf[w++] = '.';
    buf[w++] = (char)('0' + cents / 10);
    buf[w++] = (char)('0' + cents % 10);
    buf[w] = '\0';
    return buf;
}

int zz_money_parse(int64_t *out_fen, const char *s, zz_err *err)
{
    const char *p = s ? s : "";
    bool neg = false;
    uint64_t yuan = 0;
    int ndig = 0, group = -1; /* group: digits since the last comma, -1 before any comma */
    bool ok = true;

    if (*p == '-') {
        neg = true;
        p++;
    }
    for (; ok && *p && *p != '.'; p++) {
        if (*p == ',') {
            /* Commas only between complete groups of three, the first group 1-3 digits. */
            if (ndig == 0 || (group >= 0 && group != 3) || (group < 0 && ndig > 3)) ok = false;
            group = 0;
        } else if (*p >= '0' && *p <= '9') {
            if (yuan > (UINT64_MAX - 9) / 10) ok = false;
            yuan = yuan * 10 + (uint64_t)(*p - '0');
            ndig++;
            if (group >= 0) group++;
        } else {
            ok = false;
        }
    }
    if (ndig == 0 || (group >= 0 && group != 3)) ok = false;
    unsigned cents = 0;
    if (ok && *p == '.') {
        p++;
        int nd = 0;
        for (; *p >= '0' && *p <= '9' && nd < 2; p++, nd++)
            cents = cents * 10 + (unsigned)(*p - '0');
        if (nd == 0 || *p) ok = false;
        if (nd == 1) cents *= 10;
    }
    /* The amount must fit in int64_t fen. */
    if (ok && yuan > ((uint64_t)INT64_MAX - cents) / 100) ok = false;
    if (!ok)
        return zz_err_set(err, ZZ_EINVAL, "input.money",
                          "金额“%.40s”无效，应为元，最多两位小数，如 36000 或 36,000.00",
                          "invalid amount \"%.40s\": expected yuan with at most two decimals, "
                          "like 36000 or 36,000.00",
                          s ? s : "");
    int64_t v = (int64_t)(yuan * 100 + cents);
    *out_fen = neg ? -v : v;
    return ZZ_OK;
}
