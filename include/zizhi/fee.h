/*
 * fee.h — the fee schedule as data, invoice totals and "fee paid", and money
 * formatting.
 *
 * The schedule is a JSON file (catalog/fees.json) holding, for each (category, level,
 * application type), the fee items with a stable code, Chinese and English names and an amount in
 * fen (分). Shape:
 *
 *   { "format": "zizhi-fees/1", "unit": "fen",
 *     "schedules": [
 *       { "category": "ai-security", "level": 1, "application_type": "initial",
 *         "items": [ { "code": "audit", "name_zh": "审核费用", "name_en": "audit fee",
 *                      "amount_fen": 2100000 }, ... ] }, ... ] }
 *
 * Invariants:
 *   I1  money is int64_t fen everywhere; no floating point is accepted, computed or produced.
 *       A JSON amount must be a non-negative integer: 2100000.0 and "2100000" are refused.
 *   I2  a loaded schedule has at most one entry per (category, level, application type), at least
 *       one item per entry, item codes unique within the entry, and a total that fits in int64_t.
 *   I3  every load error has code "fee.schedule_invalid" (or "fee.schedule_io" when the file cannot
 *       be read) and names the file and the JSON path of the offending value
 * ($.schedules[1].items[0] .amount_fen). I4  "fee paid" means the recorded payments (refunds
 * negative) add up to at least the invoice total; sums saturate instead of overflowing.
 */
#ifndef ZIZHI_FEE_H
#define ZIZHI_FEE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/calendar.h"
#include "zizhi/errors.h"

/* The application type of R-2.1 (初次申请 / 维持申请). */
typedef enum zz_app_type {
    ZZ_APP_INITIAL = 1,     /* 初次申请 */
    ZZ_APP_MAINTENANCE = 2, /* 维持申请 */
} zz_app_type;

/* "initial" / "maintenance" (the JSON and API token); NULL for an unknown value. */
const char *zz_app_type_code(zz_app_type t);
/* "初次申请" / "维持申请"; NULL for an unknown value. */
const char *zz_app_type_name_zh(zz_app_type t);
/* Parses the token; ZZ_EINVAL "input.app_type" for anything else. */
int zz_app_type_parse(zz_app_type *out, const char *s, zz_err *err);

#define ZZ_FEE_CODE_MAX 32  /* bytes with the NUL */
#define ZZ_FEE_NAME_MAX 128 /* bytes with the NUL */

typedef struct zz_fee_item {
    char code[ZZ_FEE_CODE_MAX];    /* "audit", "annual-3y": stable, becomes the invoice line code */
    char name_zh[ZZ_FEE_NAME_MAX]; /* 审核费用 */
    char name_en[ZZ_FEE_NAME_MAX]; /* audit fee */
    int64_t amount_fen;            /* >= 0 */
} zz_fee_item;

typedef struct zz_fee_schedule zz_fee_schedule;

/* Loads and checks (I2, I3) a schedule file. *out is the caller's; free with zz_fee_schedule_free.
 */
int zz_fee_schedule_load(zz_fee_schedule **out, const char *path, zz_err *err);
/* The same from JSON text; name stands for the file in messages. */
int zz_fee_schedule_parse(zz_fee_schedule **out, const char *json_text, const char *name,
                          zz_err *err);
/* No-op for NULL. */
void zz_fee_schedule_free(zz_fee_schedule *s);

/*
 * The items for (category, level, type). *items points into the schedule (borrowed, valid until
 * zz_fee_schedule_free). ZZ_ENOTFOUND "fee.no_schedule" (rule) when the schedule has none.
 */
int zz_fee_items(const zz_fee_item **items, size_t *n, const zz_fee_schedule *s,
                 const char *category, int level, zz_app_type type, zz_err *err);

/* Sum of the items' amounts. ZZ_EINVAL "fee.amount_invalid" for a negative amount or overflow. */
int zz_fee_total(int64_t *out, const zz_fee_item *items, size_t n, zz_err *err);

/* One recorded payment (refunds are negative). */
typedef struct zz_fee_payment {
    zz_date date;
    int64_t amount_fen;
} zz_fee_payment;

/* the invoice total minus the payments (> 0 still owed, <= 0 paid; saturating). */
int64_t zz_fee_outstanding(int64_t invoice_total_fen, const zz_fee_payment *payments, size_t n);
/* true when the payments cover the invoice (an invoice of 0 is paid). */
bool zz_fee_paid(int64_t invoice_total_fen, const zz_fee_payment *payments, size_t n);
/*
 * The "fee paid" date of that ends a payment pause: the earliest payment date from
 * which on the payments made up to each later payment date (the end of that day) cover the
 * invoice, so a refund that uncovers it moves the date to a later payment. Returns false (*out
 * unchanged) when the payments do not cover the invoice; true with *out unchanged when there is
 * nothing to pay and no payment (the caller uses its invoice date).
 */
bool zz_fee_paid_on(zz_date *out, int64_t invoice_total_fen, const zz_fee_payment *payments,
                    size_t n);

/* Longest formatted amount: sign, 17 digits, 5 separators, ".00", NUL. */
#define ZZ_MONEY_STRLEN 32
/* "36,000.00" for 3600000 fen, "-0.05" for -5; writes into buf (ZZ_MONEY_STRLEN bytes), returns
 * buf. */
char *zz_money_format(char *buf, int64_t fen);
/*
 * Parses an amount of yuan for people: "36000", "36,000.00", "0.5", "-12.30" (groups of three
 * when commas are used, at most two decimals). ZZ_EINVAL "input.money" naming the text otherwise.
 */
int zz_money_parse(int64_t *out_fen, const char *s, zz_err *err);

#endif
