/*
 * cert.c — certificates: the date rules (expiry, derived status, maintenance timing
 * reminder dates; pure, decisions and precedence stated in cert.h), then the
 * store-backed actions of the certification stage (batches, numbering, signed records, issue,
 * publication, the public registry and verification; ). SQL in
 * src/store/cert_store.c.
 */
#include "zizhi/cert.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/domain_int.h"
#include "store/cert_store.h"
#include "zizhi/audit.h"
#include "zizhi/case.h"
#include "zizhi/ctx.h"

zz_date zz_cert_expiry(zz_date issued, int validity_years)
{
    if (validity_years <= 0) validity_years = ZZ_CERT_VALIDITY_YEARS_DEFAULT;
    /* the day before the anniversary, so N full years are always covered. */
    return zz_date_add_days(zz_date_anniversary(issued, validity_years), -1);
}

/* ---- status (R-4.2) -------------------------------------------------------------------- */

static const struct {
    const char *code, *zh, *en;
} STATUS[] = {
    [ZZ_CERT_VALID] = {"valid", "有效", "valid"},
    [ZZ_CERT_SUSPENDED] = {"suspended", "暂停", "suspended"},
    [ZZ_CERT_REVOKED] = {"revoked", "取消", "revoked"},
    [ZZ_CERT_EXPIRED] = {"expired", "过期", "expired"},
    [ZZ_CERT_SUPERSEDED] = {"superseded", "已替代", "superseded by a maintenance certificate"},
};

static bool status_known(zz_cert_status s)
{
    return s >= ZZ_CERT_VALID && s <= ZZ_CERT_SUPERSEDED;
}

const char *zz_cert_status_code(zz_cert_status s)
{
    return status_known(s) ? STATUS[s].code : NULL;
}

const char *zz_cert_status_name_zh(zz_cert_status s)
{
    return status_known(s) ? STATUS[s].zh : NULL;
}

const char *zz_cert_status_name_en(zz_cert_status s)
{
    return status_known(s) ? STATUS[s].en : NULL;
}

int zz_cert_status_parse(zz_cert_status *out, const char *s, zz_err *err)
{
    for (int i = ZZ_CERT_VALID; i <= ZZ_CERT_SUPERSEDED; i++)
        if (s && strcmp(s, STATUS[i].code) == 0) {
            *out = (zz_cert_status)i;
            return ZZ_OK;
        }
    return zz_err_rule(err, ZZ_EINVAL, "input.cert_status", "R-4.2", "证书状态“%.40s”无效",
                       "invalid certificate status \"%.40s\"", s ? s : "");
}

static int bad_dates(zz_err *err, const char *what_zh, const char *what_en)
{
    /* "%.0s" lets each language skip the other's text: both formats take (zh, en). */
    return zz_err_rule(err, ZZ_EINVAL, "input.cert_dates", "R-4.2", "证书日期无效：%s%.0s",
                       "invalid certificate dates: %.0s%s", what_zh, what_en);
}

static int check_facts(const zz_cert_facts *f, zz_err *err)
{
    if (!zz_date_valid(f->issued) || !zz_date_valid(f->expires))
        return bad_dates(err, "发证日期或有效期截止日期不是有效日期",
                         "issue or expiry date is not a real date");
    if (zz_date_cmp(f->expires, f->issued) < 0)
        return bad_dates(err, "有效期截止日期早于发证日期", "expiry date before issue date");
    if ((f->revoked && !zz_date_valid(f->revoked_on)) ||
        (f->superseded && !zz_date_valid(f->superseded_on)))
        return bad_dates(err, "取消或替代日期不是有效日期",
                         "revocation or supersession date is not a real date");
    for (size_t i = 0; i < f->n_suspensions; i++) {
        const zz_cert_suspension *s = &f->suspensions[i];
        if (!zz_date_valid(s->start) || (s->lifted && !zz_date_valid(s->lifted_on)))
            return bad_dates(err, "暂停或恢复日期不是有效日期",
                             "suspension or lifting date is not a real date");
        if (s->lifted && zz_date_cmp(s->lifted_on, s->start) < 0)
            return bad_dates(err, "暂停在开始之前被解除", "suspension lifted before it started");
    }
    return ZZ_OK;
}

int zz_cert_status_on(zz_cert_status *out, const zz_cert_facts *f, zz_date day, zz_err *err)
{
    int rc = check_facts(f, err);
    if (rc != ZZ_OK) return rc;
    if (!zz_date_valid(day) || zz_date_cmp(day, f->issued) < 0) {
        char d[ZZ_DATE_STRLEN], i[ZZ_DATE_STRLEN];
        zz_date_format(day, d);
        zz_date_format(f->issued, i);
        return zz_err_rule(
            err, ZZ_EINVAL, "input.cert_dates", "R-4.2", "%s 早于发证日期 %s，证书尚无状态",
            "%s is before the issue date %s: the certificate has no status yet", d, i);
    }
    /* precedence: revoked > superseded > expired > suspended > valid (cert.h). */
    if (f->revoked && zz_date_cmp(f->revoked_on, day) <= 0)
        *out = ZZ_CERT_REVOKED;
    else if (f->superseded && zz_date_cmp(f->superseded_on, day) <= 0)
        *out = ZZ_CERT_SUPERSEDED;
    else if (zz_date_cmp(day, f->expires) > 0)
        *out = ZZ_CERT_EXPIRED;
    else {
        *out = ZZ_CERT_VALID;
        for (size_t k = 0; k < f->n_suspensions; k++) {
            const zz_cert_suspension *s = &f->suspensions[k];
            if (zz_date_cmp(s->start, day) <= 0 &&
                (!s->lifted || zz_date_cmp(s->lifted_on, day) > 0))
                *out = ZZ_CERT_SUSPENDED;
        }
    }
    return ZZ_OK;
}

/* ---- maintenance timing (R-2.4) -------------------------------------------------------- */

int zz_cert_maintenance_timing(zz_maint_result *out, const zz_cert_facts *held, zz_date submitted,
                               zz_err *err)
{
    char sub[ZZ_DATE_STRLEN], exp[ZZ_DATE_STRLEN], lim[ZZ_DATE_STRLEN], late[ZZ_DATE_STRLEN];
    memset(out, 0, sizeof *out);
    if (!zz_date_valid(submitted) || (held && !zz_date_valid(held->expires)) ||
        (held && held->revoked && !zz_date_valid(held->revoked_on)))
        return bad_dates(err, "提交日期、有效期截止日期或取消日期不是有效日期",
                         "submission, expiry or revocation date is not a real date");
    zz_date_format(submitted, sub);

    if (!held) {
        out->timing = ZZ_MAINT_TREAT_AS_INITIAL;
        out->reason_code = "maint.no_certificate";
        snprintf(out->reason_zh, sizeof out->reason_zh,
                 "申请单位没有同类别同级别的资质证书，按初次申请办理");
        snprintf(out->reason_en, sizeof out->reason_en,
                 "the applicant holds no certificate of this category and level: initial "
                 "application");
        return ZZ_OK;
    }

    out->on_time_limit = zz_date_add_months(held->expires, -ZZ_MAINT_MONTHS);
    out->late_limit = zz_date_add_months(held->expires, ZZ_MAINT_MONTHS);
    zz_date_format(held->expires, exp);
    zz_date_format(out->on_time_limit, lim);
    zz_date_format(out->late_limit, late);

    if (held->revoked && zz_date_cmp(held->revoked_on, submitted) <= 0) {
        char rev[ZZ_DATE_STRLEN];
        zz_date_format(held->revoked_on, rev);
        out->timing = ZZ_MAINT_TREAT_AS_INITIAL;
        out->reason_code = "maint.revoked";
        snprintf(out->reason_zh, sizeof out->reason_zh,
                 "原证书已于 %s 被取消，不能维持，视作初次申请", rev);
        snprintf(out->reason_en, sizeof out->reason_en,
                 "the certificate was revoked on %s and cannot be maintained: treated as an "
                 "initial application",
                 rev);
    } else if (zz_date_cmp(submitted, out->on_time_limit) <= 0) {
        out->timing = ZZ_MAINT_ON_TIME;
        out->reason_code = "maint.on_time";
        snprintf(out->reason_zh, sizeof out->reason_zh,
                 "%s 提交，不晚于证书有效期届满（%s）前六个月（%s），按期维持", sub, exp, lim);
        snprintf(out->reason_en, sizeof out->reason_en,
                 "submitted on %s, no later than %s, six months before the certificate expires "
                 "on %s: maintenance on time",
                 sub, lim, exp);
    } else if (zz_date_cmp(submitted, out->late_limit) <= 0) {
        out->timing = ZZ_MAINT_LATE;
        out->reason_code = "maint.late";
        snprintf(out->reason_zh, sizeof out->reason_zh,
                 "%s 提交，晚于证书有效期届满（%s）前六个月（%s），未超过届满后六个月（%s）："
                 "逾期维持，证书可能在认定结论作出前失效",
                 sub, exp, lim, late);
        snprintf(out->reason_en, sizeof out->reason_en,
                 "submitted on %s, after %s (six months before expiry on %s) but by %s: late "
                 "maintenance, the certificate may lapse before the decision",
                 sub, lim, exp, late);
    } else {
        out->timing = ZZ_MAINT_TREAT_AS_INITIAL;
        out->reason_code = "maint.expired_over_6_months";
        snprintf(out->reason_zh, sizeof out->reason_zh,
                 "%s 提交，已超过证书有效期届满（%s）后六个月（%s），视作初次申请", sub, exp, late);
        snprintf(out->reason_en, sizeof out->reason_en,
                 "submitted on %s, after %s, more than six months after the certificate expired "
                 "on %s: treated as an initial application",
                 sub, late, exp);
    }
    return ZZ_OK;
}

/* ---- reminders (R-2.6) ----------------------------------------------------------------- */

void zz_cert_reminder_dates(zz_date out[ZZ_CERT_REMINDERS], zz_date expires)
{
    static const int months[ZZ_CERT_REMINDERS] = {9, 7, 6};
    for (int i = 0; i < ZZ_CERT_REMINDERS; i++)
        out[i] = zz_date_add_months(expires, -months[i]);
}

/* ==== certificates, batches and the registry (store-backed; rules in cert.h) ================= */

#define ROLES_CERT_READ                                                                            \
    (ZZ_R(ZZ_ROLE_MANAGER) | ZZ_R(ZZ_ROLE_SUPERVISOR) | ZZ_R(ZZ_ROLE_CERT_OFFICER))

int zz_cert_number_format(char *buf, size_t size, const char *pattern, const char *category,
                          const char *cat_code, int level, int year, int64_t seq, zz_err *err)
{
    /* The tokens are those of case numbers, written in braces: translate and reuse the one
     * expander (case.h), so the category code is derived in one place. */
    char tr[256];
    size_t o = 0;
    const char *why = NULL;
    for (const char *p = pattern ? pattern : ""; *p && !why; p++) {
        if (o + 2 >= sizeof tr)
            why = "too long";
        else if (*p == '<' || *p == '>')
            why = "'<' or '>'";
        else if (*p == '{') {
            const char *e = strchr(p, '}');
            if (!e || e == p + 1)
                why = "an unclosed or empty '{'";
            else {
                tr[o++] = '<';
                for (p++; p < e && o + 2 < sizeof tr; p++)
                    tr[o++] = *p;
                if (p < e)
                    why = "too long";
                else
                    tr[o++] = '>';
            }
        } else if (*p == '}')
            why = "an unopened '}'";
        else
            tr[o++] = *p;
    }
    tr[o] = '\0';
    if (!why && (!pattern || !*pattern)) why = "empty";
    if (why)
        return zz_err_rule(err, ZZ_EINVAL, "cert.number_pattern", "R-3.6",
                           "证书编号格式“%.80s”无效（%s）",
                           "invalid certificate number pattern "
                           "\"%.80s\" (%s)",
                           pattern ? pattern : "", why);
    int rc =
        zz_case_number_format(buf, size > ZZ_CERT_NUMBER_MAX + 1 ? ZZ_CERT_NUMBER_MAX + 1 : size,
                              tr, category, cat_code, level, year, seq, err);
    if (rc < 0 && err && strcmp(err->code, "case.number_pattern") == 0) {
        snprintf(err->code, sizeof err->code, "cert.number_pattern");
        snprintf(err->rule, sizeof err->rule, "R-3.6");
    }
    return rc;
}

/* ---- helpers -------------------------------------------------------------------------------- */

static int bad_date_arg(zz_err *err, const char *rule, const char *zh, const char *en)
{
    return zz_err_rule(err, ZZ_EINVAL, "input.date", rule, "%s%.0s", "%.0s%s", zh, en);
}

static bool date_of(const char *s, zz_date *d)
{
    return s && *s && zz_date_parse(d, s, NULL) == 0;
}

static char *idstr(char buf[24], int64_t id)
{
    snprintf(buf, 24, "%lld", (long long)id);
    return buf;
}

static int setting_or(zz_ctx *cx, const char *key, const char *def, char **out, zz_err *err)
{
    int rc = zz_cert_store_setting(cx->st, key, out, err);
    if (rc < 0) return rc;
    if (!*out || !**out) {
        free(*out);
        size_t n = strlen(def) + 1;
        if (!(*out = malloc(n))) return zz__nomem(err);
        memcpy(*out, def, n);
    }
    return ZZ_OK;
}

/* The facts of from a certificate row and its suspensions (borrowed by *f). */
static void facts_of(const zz_cert *c, const zz_cert_suspension *susp, size_t n, zz_cert_facts *f)
{
    memset(f, 0, sizeof *f);
    date_of(c->issue_date, &f->issued);
    date_of(c->expiry_date, &f->expires);
    f->suspensions = susp;
    f->n_suspensions = n;
    f->revoked = date_of(c->revoked_on, &f->revoked_on);
    f->superseded = date_of(c->superseded_on, &f->superseded_on);
}

int zz_cert__facts(zz_ctx *cx, int64_t id, zz_cert_facts *facts, zz_cert_suspension **susp,
                   zz_err *err)
{
    memset(facts, 0, sizeof *facts);
    *susp = NULL;
    zz_cert c;
    int rc = zz_cert_store_get(cx->st, id, false, &c, err);
    if (rc < 0) return rc;
    size_t n = 0;
    if ((rc = zz_cert_store_suspensions(cx->st, id, susp, &n, err)) < 0) return rc;
    facts_of(&c, *susp, n, facts);
    return ZZ_OK;
}

/* the status of c today (on its issue date when today is earlier: a clock set back), from
 * the row's own dates and decisions and its suspensions susp[0..n). */
static int status_of(zz_ctx *cx, zz_cert *c, const zz_cert_suspension *susp, size_t n, zz_err *err)
{
    zz_cert_facts f;
    facts_of(c, susp, n, &f);
    zz_date day = zz_date_max(cx->clock.today, f.issued);
    int rc = zz_cert_status_on(&c->status, &f, day, err);
    zz_date_format(day, c->status_on);
    return rc;
}

/* derive_status for one certificate just read (c holds its revocation and supersession): reads
 * its suspensions. Pages use zz_cert_store_list_decisions instead, one statement per page. */
static int derive_status(zz_ctx *cx, zz_cert *c, zz_err *err)
{
    zz_cert_suspension *susp = NULL;
    size_t n = 0;
    int rc = zz_cert_store_suspensions(cx->st, c->id, &susp, &n, err);
    if (rc == ZZ_OK) rc = status_of(cx, c, susp, n, err);
    free(susp);
    return rc;
}

void zz_cert_clear(zz_cert *c)
{
    if (!c) return;
    free(c->record);
    free(c->signature);
    c->record = c->signature = NULL;
}

void zz_cert_list_free(zz_cert *v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++)
        zz_cert_clear(&v[i]);
    free(v);
}

static json_t *batch_json(const zz_batch *b)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)b->id, "number", b->number,
                     "status", b->status, "created_on", b->created_on, "issued_on",
                     *b->issued_on ? json_string(b->issued_on) : json_null(), "published_on",
                     *b->published_on ? json_string(b->published_on) : json_null());
}

/* Commits a batch action with the digest of the batch row after the change. */
static int commit_batch(zz_ctx *cx, const char *action, int64_t batch_id, json_t *detail,
                        zz_err *err)
{
    zz_batch b;
    char hex[ZZ_SM3_HEXLEN + 1], id[24];
    int rc = zz_cert_store_batch_get(cx->st, batch_id, &b, err);
    char *text = rc == ZZ_OK ? zz__json_text(batch_json(&b)) : NULL;
    if (rc == ZZ_OK && !text) rc = zz__nomem(err);
    if (rc == ZZ_OK) rc = zz__digest_text(text, hex, err);
    free(text);
    if (rc < 0) {
        json_decref(detail);
        return zz_action_abort(cx, rc);
    }
    if (detail) json_object_set_new(detail, "number", json_string(b.number));
    char *d = zz__json_text(detail);
    rc = zz_action_commit(cx, action, "batch", idstr(id, batch_id), hex, d, err);
    free(d);
    return rc;
}

static int load_open_batch(zz_ctx *cx, int64_t batch_id, zz_batch *b, zz_err *err)
{
    int rc = zz_cert_store_batch_get(cx->st, batch_id, b, err);
    if (rc < 0) return rc;
    if (strcmp(b->status, "open") != 0)
        return zz_err_rule(err, ZZ_ESTATE, "batch.state", "R-3.6",
                           "证书批次 %s 已%s%.0s，不能再更改",
                           "certificate batch %s is already %.0s%s and cannot change", b->number,
                           strcmp(b->status, "issued") == 0 ? "发证" : "公告", b->status);
    return ZZ_OK;
}

/* ---- batches (R-3.6) ------------------------------------------------------------------------ */

int zz_batch_create(zz_ctx *cx, int64_t *batch_id, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_CERT_OFFICER), err);
    if (rc < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    char scope[32], number[41], on[ZZ_DATE_STRLEN];
    snprintf(scope, sizeof scope, "batch|%04d", cx->clock.today.year);
    for (int tries = 0;; tries++) {
        int64_t seq = 0;
        bool taken = false;
        if ((rc = zz_cert_store_next_seq(cx->st, scope, &seq, err)) < 0)
            return zz_action_abort(cx, rc);
        snprintf(number, sizeof number, "B%04d-%03lld", cx->clock.today.year, (long long)seq);
        if ((rc = zz_cert_store_number_taken(cx->st, false, number, &taken, err)) < 0)
            return zz_action_abort(cx, rc);
        if (!taken) break;
        if (tries > 10000)
            return zz_action_abort(cx, zz_err_set(err, ZZ_ECONFLICT, "batch.number_exhausted",
                                                  "无法生成未使用的批次编号%s",
                                                  "no unused batch number%s", ""));
    }
    int64_t id = 0;
    rc = zz_cert_store_batch_insert(cx->st, number, zz_date_format(cx->clock.today, on),
                                    cx->actor.user_id, &id, err);
    if (rc < 0) return zz_action_abort(cx, rc);
    if ((rc = commit_batch(cx, "batch.create", id, json_object(), err)) < 0) return rc;
    if (batch_id) *batch_id = id;
    return ZZ_OK;
}

int zz_batch_add(zz_ctx *cx, int64_t batch_id, int64_t case_id, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_CERT_OFFICER), err);
    if (rc < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_batch b;
    zz_case c;
    /* the certificate officer sees the cases in certification only; any other case is
     * case.not_found here too, never its number or state (zz_case_get checks visibility) */
    if ((rc = load_open_batch(cx, batch_id, &b, err)) < 0 ||
        (rc = zz_case_get(cx, case_id, &c, err)) < 0)
        return zz_action_abort(cx, rc);
    if (strcmp(c.stage, "certification") == 0 && strcmp(c.state, "awaiting_approval") == 0)
        return zz_action_abort(
            cx, zz_err_rule(err, ZZ_ERULE, "gate.not_approved", "R-3.6",
                            "项目 %s 尚未经资质评估处负责人审批，不能编入证书批次",
                            "case %s has not been approved by the manager and cannot join a "
                            "certificate batch",
                            c.number));
    if (strcmp(c.stage, "certification") != 0 || strcmp(c.state, "approved") != 0)
        return zz_action_abort(
            cx, zz_err_rule(err, ZZ_ESTATE, "case.state", "R-3.6",
                            "项目 %s 处于 %s/%s，只有已审批（certification/approved）的项目可编入"
                            "证书批次",
                            "case %s is at %s/%s; only approved cases (certification/approved) "
                            "join a certificate batch",
                            c.number, c.stage, c.state));
    if (c.batch_id != 0)
        return zz_action_abort(cx, zz_err_set(err, ZZ_EEXISTS, "batch.case_in_batch",
                                              "项目 %s 已编入证书批次（编号 %lld）",
                                              "case %s is already in certificate batch %lld",
                                              c.number, (long long)c.batch_id));
    if ((rc = zz_cert_store_case_set_batch(cx->st, case_id, batch_id, err)) < 0)
        return zz_action_abort(cx, rc);
    return commit_batch(
        cx, "batch.add", batch_id,
        json_pack("{s:I, s:s}", "case_id", (json_int_t)case_id, "case_number", c.number), err);
}

int zz_batch_remove(zz_ctx *cx, int64_t batch_id, int64_t case_id, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_CERT_OFFICER), err);
    if (rc < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_batch b;
    zz_case c;
    /* the certificate officer sees the cases in certification only; any other case is
     * case.not_found here too, never its number or state (zz_case_get checks visibility) */
    if ((rc = load_open_batch(cx, batch_id, &b, err)) < 0 ||
        (rc = zz_case_get(cx, case_id, &c, err)) < 0)
        return zz_action_abort(cx, rc);
    if (c.batch_id != batch_id)
        return zz_action_abort(cx, zz_err_set(err, ZZ_ENOTFOUND, "batch.case_not_in_batch",
                                              "项目 %s 不在证书批次 %s 中",
                                              "case %s is not in certificate batch %s", c.number,
                                              b.number));
    if ((rc = zz_cert_store_case_set_batch(cx->st, case_id, 0, err)) < 0)
        return zz_action_abort(cx, rc);
    return commit_batch(
        cx, "batch.remove", batch_id,
        json_pack("{s:I, s:s}", "case_id", (json_int_t)case_id, "case_number", c.number), err);
}

/* Step 1 of issue: the next unused number for (category, level, year). */
static int next_cert_number(zz_ctx *cx, const char *pattern, const zz_cert_issue_facts *f, int year,
                            char number[41], zz_err *err)
{
    char key[160], scope[128];
    char *cat_code = NULL;
    snprintf(key, sizeof key, "cert.category_code.%.100s", f->category);
    int rc = zz_cert_store_setting(cx->st, key, &cat_code, err);
    if (rc == ZZ_OK && !cat_code) {
        snprintf(key, sizeof key, "case.category_code.%.100s", f->category);
        rc = zz_cert_store_setting(cx->st, key, &cat_code, err);
    }
    snprintf(scope, sizeof scope, "cert|%.60s|%d|%04d", f->category, f->level, year);
    for (int tries = 0; rc == ZZ_OK; tries++) {
        int64_t seq = 0;
        bool taken = false;
        if ((rc = zz_cert_store_next_seq(cx->st, scope, &seq, err)) < 0 ||
            (rc = zz_cert_number_format(number, 41, pattern, f->category,
                                        cat_code && *cat_code ? cat_code : NULL, f->level, year,
                                        seq, err)) < 0 ||
            (rc = zz_cert_store_number_taken(cx->st, true, number, &taken, err)) < 0)
            break;
        if (!taken) break;
        if (tries > 10000)
            rc = zz_err_set(err, ZZ_ECONFLICT, "cert.number_exhausted",
                            "无法按格式“%.80s”生成未使用的证书编号",
                            "no unused certificate number from pattern \"%.80s\"", pattern);
    }
    free(cat_code);
    return rc;
}

/* Issues the certificate of one case of the batch (steps 1-7 of cert.h). */
static int issue_one(zz_ctx *cx, const zz_batch *b, int64_t case_id, zz_date issue_date,
                     const char *pattern, int validity, const zz_sm2_key *key, const char *key_hex,
                     zz_err *err)
{
    zz_case c;
    zz_cert_issue_facts f;
    int rc = zz_case__load(cx, case_id, &c, err);
    if (rc < 0) return rc;
    if (strcmp(c.stage, "certification") != 0 || strcmp(c.state, "approved") != 0)
        return zz_err_rule(err, ZZ_ESTATE, "case.state", "R-3.6",
                           "项目 %s 处于 %s/%s，不再是已审批状态，不能发证",
                           "case %s is at %s/%s, no longer approved: no certificate can be "
                           "issued",
                           c.number, c.stage, c.state);
    zz_date approved;
    char a[ZZ_DATE_STRLEN], d[ZZ_DATE_STRLEN];
    zz_date_format(issue_date, d);
    if (date_of(c.approved_on, &approved) && zz_date_cmp(issue_date, approved) < 0) {
        snprintf(a, sizeof a, "%s", c.approved_on);
        return zz_err_rule(err, ZZ_EINVAL, "input.date", "R-3.6",
                           "发证日期 %s 早于项目 %s 的审批日期 %s",
                           "issue date %s is before the approval of case %s on %s", d, c.number, a);
    }
    if ((rc = zz_cert_store_issue_facts(cx->st, case_id, &f, err)) < 0) return rc;
    if (f.existing_cert)
        return zz_err_set(err, ZZ_EEXISTS, "cert.exists", "项目 %s 已有证书",
                          "case %s already has a certificate", c.number);

    zz_cert cert;
    memset(&cert, 0, sizeof cert);
    if ((rc = next_cert_number(cx, pattern, &f, issue_date.year, cert.number, err)) < 0) return rc;
    cert.org_id = f.org_id;
    cert.case_id = case_id;
    cert.batch_id = b->id;
    snprintf(cert.org_name, sizeof cert.org_name, "%s", f.org_name);
    snprintf(cert.uscc, sizeof cert.uscc, "%s", f.uscc);
    snprintf(cert.category, sizeof cert.category, "%s", f.category);
    cert.level = f.level;
    zz_date_format(issue_date, cert.issue_date);
    zz_date_format(zz_cert_expiry(issue_date, validity), cert.expiry_date); /* */
    /* the chain head as it stands, inside the signed record */
    if ((rc = zz_audit_head(cx->st, &cert.audit_count, cert.audit_head, err)) < 0) return rc;
    json_t *rec =
        json_pack("{s:{s:I, s:s}, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:i, s:s, s:s, s:s}",
                  "audit", "count", (json_int_t)cert.audit_count, "head", cert.audit_head, "batch",
                  b->number, "case", f.case_number, "category", cert.category, "expiry_date",
                  cert.expiry_date, "format", ZZ_CERT_RECORD_FORMAT, "format_version", 1,
                  "issue_date", cert.issue_date, "key", key_hex, "level", cert.level, "number",
                  cert.number, "organisation", cert.org_name, "uscc", cert.uscc);
    if (!rec) return zz__nomem(err);
    cert.record = zz__json_text(rec); /* canonical bytes, then signed as they are */
    if (!cert.record) return zz__nomem(err);
    int64_t cert_id = 0, superseded = 0;
    char hex[ZZ_SM3_HEXLEN + 1], ids[24];
    if ((rc = zz_sm2_sign(&cert.signature, key, cert.record, strlen(cert.record), err)) < 0 ||
        (rc = zz__digest_text(cert.record, hex, err)) < 0 ||
        (rc = zz_cert_store_insert(cx->st, &cert, &cert_id, err)) < 0)
        goto out;
    if (strcmp(f.app_type, "maintenance") == 0 && /* default */
        (rc = zz_cert_store_supersede(cx->st, f.org_id, f.category, f.level, cert_id,
                                      cert.issue_date, &superseded, err)) < 0)
        goto out;
    if ((rc = zz_case__close(cx, case_id, "certified", issue_date, err)) < 0) goto out;
    json_t *dj = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I}", "number", cert.number, "case",
                           f.case_number, "batch", b->number, "issue_date", cert.issue_date,
                           "expiry_date", cert.expiry_date, "superseded", (json_int_t)superseded,
                           "audit_count", (json_int_t)cert.audit_count);
    char *detail = zz__json_text(dj);
    rc = detail ? zz_audit_append(cx->st, &cx->clock, cx->actor.username, "cert.issue",
                                  "certificate", idstr(ids, cert_id), hex, detail, err)
                : zz__nomem(err);
    free(detail);
    if (rc < 0) goto out;
    /* the case's own record of its closing (R-3.7: the cycle clock stops on the issue date) */
    dj = json_pack("{s:s, s:s, s:s, s:s}", "case_number", f.case_number, "certificate", cert.number,
                   "closed_on", cert.issue_date, "state", "certified");
    detail = zz__json_text(dj);
    rc = detail ? zz_audit_append(cx->st, &cx->clock, cx->actor.username, "case.certify", "case",
                                  idstr(ids, case_id), NULL, detail, err)
                : zz__nomem(err);
    free(detail);
out:
    zz_cert_clear(&cert);
    return rc;
}

int zz_batch_issue(zz_ctx *cx, int64_t batch_id, zz_date issue_date, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_CERT_OFFICER), err);
    if (rc < 0) return rc;
    char d[ZZ_DATE_STRLEN], t[ZZ_DATE_STRLEN];
    if (!zz_date_valid(issue_date))
        return bad_date_arg(err, "R-4.1", "发证日期不是有效日期",
                            "the issue date is not a real date");
    zz_date_format(issue_date, d);
    if (zz_date_cmp(issue_date, cx->clock.today) > 0)
        return zz_err_rule(err, ZZ_EINVAL, "input.date", "R-4.1", "发证日期 %s 晚于今天 %s",
                           "issue date %s is after today %s", d,
                           zz_date_format(cx->clock.today, t));
    const zz_sm2_key *key = NULL;
    char key_hex[ZZ_SM3_HEXLEN + 1];
    if ((rc = zz_ctx_key(cx, &key, err)) < 0 || (rc = zz_sm2_pubkey_sm3_hex(key_hex, key, err)) < 0)
        return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_batch b;
    int64_t *cases = NULL;
    size_t n = 0;
    char *pattern = NULL, *validity_s = NULL;
    if ((rc = load_open_batch(cx, batch_id, &b, err)) < 0 ||
        (rc = zz_cert_store_batch_cases(cx->st, batch_id, &cases, &n, err)) < 0 ||
        (rc = setting_or(cx, ZZ_CERT_NUMBER_SETTING, ZZ_CERT_NUMBER_PATTERN_DEFAULT, &pattern,
                         err)) < 0 ||
        (rc = setting_or(cx, ZZ_CERT_VALIDITY_SETTING, "3", &validity_s, err)) < 0)
        goto fail;
    if (n == 0) {
        rc = zz_err_rule(err, ZZ_ERULE, "batch.empty", "R-3.6", "证书批次 %s 中没有项目，无法发证",
                         "certificate batch %s holds no case: nothing to issue", b.number);
        goto fail;
    }
    char *end = NULL;
    long validity = strtol(validity_s, &end, 10);
    if (!end || *end || validity < 1 || validity > 50) {
        rc = zz_err_set(err, ZZ_EINVAL, "config.setting",
                        "设置 %s 的值“%.20s”无效（应为 1–50 的整数）",
                        "setting %s has an invalid value \"%.20s\" (an integer 1-50 expected)",
                        ZZ_CERT_VALIDITY_SETTING, validity_s);
        goto fail;
    }
    for (size_t i = 0; i < n; i++)
        if ((rc = issue_one(cx, &b, cases[i], issue_date, pattern, (int)validity, key, key_hex,
                            err)) < 0)
            goto fail;
    if ((rc = zz_cert_store_batch_set_status(cx->st, batch_id, "issued", d, cx->actor.user_id,
                                             err)) < 0)
        goto fail;
    free(cases);
    free(pattern);
    free(validity_s);
    return commit_batch(cx, "batch.issue", batch_id,
                        json_pack("{s:s, s:I}", "issue_date", d, "certificates", (json_int_t)n),
                        err);
fail:
    free(cases);
    free(pattern);
    free(validity_s);
    return zz_action_abort(cx, rc);
}

int zz_batch_publish(zz_ctx *cx, int64_t batch_id, zz_date on, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_CERT_OFFICER), err);
    if (rc < 0) return rc;
    char d[ZZ_DATE_STRLEN], t[ZZ_DATE_STRLEN];
    if (!zz_date_valid(on))
        return bad_date_arg(err, "R-3.6", "公告日期不是有效日期",
                            "the publication date is not a real date");
    if (zz_date_cmp(on, cx->clock.today) > 0)
        return zz_err_rule(err, ZZ_EINVAL, "input.date", "R-3.6", "公告日期 %s 晚于今天 %s",
                           "publication date %s is after today %s", zz_date_format(on, d),
                           zz_date_format(cx->clock.today, t));
    zz_date_format(on, d);
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_batch b;
    if ((rc = zz_cert_store_batch_get(cx->st, batch_id, &b, err)) < 0)
        return zz_action_abort(cx, rc);
    if (strcmp(b.status, "issued") != 0)
        return zz_action_abort(
            cx, zz_err_rule(err, ZZ_ESTATE, "batch.state", "R-3.6",
                            "证书批次 %s 处于 %s 状态，只有已发证的批次可以公告",
                            "certificate batch %s is %s; only an issued batch can be published",
                            b.number, b.status));
    if (strcmp(d, b.issued_on) < 0)
        return zz_action_abort(
            cx, zz_err_rule(err, ZZ_EINVAL, "input.date", "R-3.6", "公告日期 %s 早于发证日期 %s",
                            "publication date %s is before the issue date %s", d, b.issued_on));
    if ((rc = zz_cert_store_batch_set_status(cx->st, batch_id, "published", d, cx->actor.user_id,
                                             err)) < 0)
        return zz_action_abort(cx, rc);
    return commit_batch(cx, "batch.publish", batch_id, json_pack("{s:s}", "published_on", d), err);
}

int zz_batch_get(zz_ctx *cx, int64_t batch_id, zz_batch *out, zz_err *err)
{
    int rc = zz_ctx_require(cx, ROLES_CERT_READ, err);
    return rc < 0 ? rc : zz_cert_store_batch_get(cx->st, batch_id, out, err);
}

int zz_batch_list(zz_ctx *cx, zz_batch **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = zz_ctx_require(cx, ROLES_CERT_READ, err);
    return rc < 0 ? rc : zz_cert_store_batch_list(cx->st, out, n, err);
}

int zz_batch_cases(zz_ctx *cx, int64_t batch_id, int64_t **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    zz_batch b;
    int rc = zz_batch_get(cx, batch_id, &b, err);
    return rc < 0 ? rc : zz_cert_store_batch_cases(cx->st, batch_id, out, n, err);
}

/* ---- reading certificates (R-0.1, R-4.2) ---------------------------------------------------- */

/* Who may see c: manager, supervisor, cert_officer; the applicant roles of its holder. */
static int cert_visible(zz_ctx *cx, const zz_cert *c, const char *asked, zz_err *err)
{
    int rc = zz_ctx_require(cx, ROLES_CERT_READ | ZZ_ROLES_APPLICANT, err);
    if (rc < 0) return rc;
    if (zz_ctx_is_system(cx) || (cx->actor.roles & ROLES_CERT_READ) ||
        (cx->actor.org_id != 0 && cx->actor.org_id == c->org_id))
        return ZZ_OK;
    /* another holder's certificate answers like a missing one */
    return zz_err_set(err, ZZ_ENOTFOUND, "cert.not_found", "没有证书 %.60s", "no certificate %.60s",
                      asked);
}

static int get_cert(zz_ctx *cx, int64_t id, const char *number, zz_cert *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = zz_ctx_require(cx, ROLES_CERT_READ | ZZ_ROLES_APPLICANT, err);
    if (rc < 0) return rc;
    char asked[64];
    if (number)
        snprintf(asked, sizeof asked, "%.60s", number);
    else
        snprintf(asked, sizeof asked, "%lld", (long long)id);
    zz_cert c;
    rc = number ? zz_cert_store_get_by_number(cx->st, number, true, &c, err)
                : zz_cert_store_get(cx->st, id, true, &c, err);
    if (rc == ZZ_ENOTFOUND)
        return zz_err_set(err, ZZ_ENOTFOUND, "cert.not_found", "没有证书 %s", "no certificate %s",
                          asked);
    if (rc < 0) return rc;
    if ((rc = cert_visible(cx, &c, asked, err)) < 0 || (rc = derive_status(cx, &c, err)) < 0) {
        zz_cert_clear(&c);
        return rc;
    }
    *out = c;
    return ZZ_OK;
}

int zz_cert_get(zz_ctx *cx, int64_t id, zz_cert *out, zz_err *err)
{
    return get_cert(cx, id, NULL, out, err);
}

int zz_cert_get_by_number(zz_ctx *cx, const char *number, zz_cert *out, zz_err *err)
{
    return get_cert(cx, 0, number ? number : "", out, err);
}

static int64_t page_limit(int64_t limit)
{
    return limit <= 0 ? 50 : limit > 500 ? 500 : limit;
}

/* Derives every status of v[0..n) from the decisions read with the page (row i's suspensions
 * are the next n_susp[i] of susp) and keeps those with status `want` (0: all), then pages. */
static int status_page(zz_ctx *cx, zz_cert *v, size_t *n, const zz_cert_suspension *susp,
                       const size_t *n_susp, zz_cert_status want, int64_t offset, int64_t limit,
                       int64_t *total, zz_err *err)
{
    size_t k = 0, at = 0;
    for (size_t i = 0; i < *n; i++) {
        int rc = status_of(cx, &v[i], susp ? susp + at : NULL, n_susp[i], err);
        at += n_susp[i];
        if (rc < 0) return rc;
        if (!want || v[i].status == want) v[k++] = v[i];
    }
    if (total) *total = (int64_t)k;
    size_t from = offset > 0 ? (size_t)offset : 0;
    if (from > k) from = k;
    size_t cnt = k - from < (size_t)limit ? k - from : (size_t)limit;
    if (cnt && from) /* list rows own no memory: dropping them leaks nothing */
        memmove(v, v + from, cnt * sizeof *v);
    *n = cnt;
    return ZZ_OK;
}

int zz_cert_list(zz_ctx *cx, const zz_cert_filter *f, zz_cert **out, size_t *n, int64_t *total,
                 zz_err *err)
{
    static const zz_cert_filter none = {0};
    if (!f) f = &none;
    *out = NULL;
    *n = 0;
    if (total) *total = 0;
    int rc = zz_ctx_require(cx, ROLES_CERT_READ | ZZ_ROLES_APPLICANT, err);
    if (rc < 0) return rc;
    zz_cert_status want = 0;
    if (f->status && (rc = zz_cert_status_parse(&want, f->status, err)) < 0) return rc;
    zz_cert_store_query q = {0};
    q.org_id = f->org_id;
    q.batch_id = f->batch_id;
    if (!zz_ctx_is_system(cx) && !(cx->actor.roles & ROLES_CERT_READ)) {
        /* an applicant sees its own organisation only, and is told so when it asks for
         * another one */
        if (f->org_id && f->org_id != cx->actor.org_id)
            return zz_err_set(err, ZZ_ENOTFOUND, "org.not_found", "没有编号为 %lld 的单位",
                              "no organisation %lld", (long long)f->org_id);
        q.org_id = cx->actor.org_id;
    }
    int64_t limit = page_limit(f->limit);
    if (want) { /* status is derived: filter after deriving, then page */
        q.limit = -1;
    } else {
        q.limit = limit;
        q.offset = f->offset;
    }
    zz_cert *v = NULL;
    zz_cert_suspension *susp = NULL;
    size_t cnt = 0, *n_susp = NULL;
    int64_t tot = 0;
    if ((rc = zz_cert_store_list_decisions(cx->st, &q, &v, &cnt, &tot, &susp, &n_susp, err)) < 0)
        return rc;
    if (want)
        rc = status_page(cx, v, &cnt, susp, n_susp, want, f->offset, limit, &tot, err);
    else
        rc = status_page(cx, v, &cnt, susp, n_susp, 0, 0, (int64_t)cnt + 1, NULL, err);
    free(susp);
    free(n_susp);
    if (rc < 0) {
        zz_cert_list_free(v, cnt);
        return rc;
    }
    *out = v;
    *n = cnt;
    if (total) *total = tot;
    return ZZ_OK;
}

/* ---- the public registry (R-4.2, R-4.3) ----------------------------------------------------- */

static void to_public(const zz_cert *c, zz_cert_public *p)
{
    memset(p, 0, sizeof *p);
    snprintf(p->number, sizeof p->number, "%s", c->number);
    snprintf(p->org_name, sizeof p->org_name, "%s", c->org_name);
    snprintf(p->uscc, sizeof p->uscc, "%s", c->uscc);
    snprintf(p->category, sizeof p->category, "%s", c->category);
    p->level = c->level;
    snprintf(p->issue_date, sizeof p->issue_date, "%s", c->issue_date);
    snprintf(p->expiry_date, sizeof p->expiry_date, "%s", c->expiry_date);
    snprintf(p->batch_number, sizeof p->batch_number, "%s", c->batch_number);
    snprintf(p->published_on, sizeof p->published_on, "%s", c->published_on);
    p->status = c->status;
    snprintf(p->status_on, sizeof p->status_on, "%s", c->status_on);
    if (c->status == ZZ_CERT_SUPERSEDED)
        snprintf(p->superseded_by_number, sizeof p->superseded_by_number, "%s",
                 c->superseded_by_number);
}

int zz_cert_public_search(zz_ctx *cx, const char *query, int64_t offset, int64_t limit,
                          zz_cert_public **out, size_t *n, int64_t *total, zz_err *err)
{
    *out = NULL;
    *n = 0;
    if (total) *total = 0;
    /* anyone: no role check; only what is published, and no reasons */
    char q[201];
    snprintf(q, sizeof q, "%s", query ? query : "");
    size_t len = strlen(q);
    while (len && (q[len - 1] == ' ' || q[len - 1] == '\t'))
        q[--len] = '\0';
    const char *text = q;
    while (*text == ' ' || *text == '\t')
        text++;
    zz_cert_store_query sq = {0};
    sq.published_only = true;
    sq.text = *text ? text : NULL;
    sq.offset = offset;
    sq.limit = page_limit(limit);
    sq.by_number = true;
    zz_cert *v = NULL;
    zz_cert_suspension *susp = NULL;
    size_t cnt = 0, *n_susp = NULL, at = 0;
    /* one statement reads the page and every decision its statuses derive from */
    int rc = zz_cert_store_list_decisions(cx->st, &sq, &v, &cnt, total, &susp, &n_susp, err);
    if (rc < 0) return rc;
    zz_cert_public *p = cnt ? calloc(cnt, sizeof *p) : NULL;
    if (cnt && !p) rc = zz__nomem(err);
    for (size_t i = 0; rc == ZZ_OK && i < cnt; at += n_susp[i], i++)
        if ((rc = status_of(cx, &v[i], susp ? susp + at : NULL, n_susp[i], err)) == ZZ_OK)
            to_public(&v[i], &p[i]);
    zz_cert_list_free(v, cnt);
    free(susp);
    free(n_susp);
    if (rc < 0) {
        free(p);
        return rc;
    }
    *out = p;
    *n = cnt;
    return ZZ_OK;
}

int zz_cert_verify_record(zz_ctx *cx, const char *record, const char *signature, zz_err *err)
{
    if (!record || !signature)
        return zz_err_rule(err, ZZ_EINVAL, "cert.record", "R-4.3", "证书记录或签名为空%s",
                           "certificate record or signature missing%s", "");
    const zz_sm2_key *key = NULL;
    int rc = zz_ctx_key(cx, &key, err);
    if (rc < 0) return rc;
    if ((rc = zz_sm2_verify(key, record, strlen(record), signature, err)) < 0) return rc;
    json_t *j = json_loads(record, 0, NULL);
    const char *fmt = j ? json_string_value(json_object_get(j, "format")) : NULL;
    bool ok = fmt && strcmp(fmt, ZZ_CERT_RECORD_FORMAT) == 0;
    json_decref(j);
    if (!ok)
        return zz_err_rule(err, ZZ_EINVAL, "cert.record", "R-4.3", "签名有效，但不是证书记录%s",
                           "the signature verifies but the text is not a certificate record%s", "");
    return ZZ_OK;
}

/* Whether the signed record states what the registry row says. */
static bool record_matches(const zz_cert *c, char key_hex[ZZ_SM3_HEXLEN + 1])
{
    key_hex[0] = '\0';
    json_t *j = json_loads(c->record, 0, NULL);
    if (!j) return false;
    const char *k = json_string_value(json_object_get(j, "key"));
    if (k) snprintf(key_hex, ZZ_SM3_HEXLEN + 1, "%s", k);
    static const char *const fields[] = {"number",     "organisation", "uscc",  "category",
                                         "issue_date", "expiry_date",  "batch", "case"};
    const char *vals[] = {c->number,     c->org_name,    c->uscc,         c->category,
                          c->issue_date, c->expiry_date, c->batch_number, c->case_number};
    bool ok = json_integer_value(json_object_get(j, "level")) == c->level;
    for (size_t i = 0; ok && i < sizeof fields / sizeof fields[0]; i++) {
        const char *v = json_string_value(json_object_get(j, fields[i]));
        ok = v && strcmp(v, vals[i]) == 0;
    }
    json_t *a = json_object_get(j, "audit");
    const char *head = json_string_value(json_object_get(a, "head"));
    ok = ok && json_integer_value(json_object_get(a, "count")) == c->audit_count && head &&
         strcmp(head, c->audit_head) == 0;
    json_decref(j);
    return ok;
}

int zz_cert_public_verify(zz_ctx *cx, const char *number, zz_cert_verification *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    zz_cert c;
    int rc = zz_cert_store_get_by_number(cx->st, number ? number : "", true, &c, err);
    if (rc < 0) return rc;
    if (!c.published) { /* not on the registry yet: the public cannot tell it exists */
        zz_cert_clear(&c);
        return zz_err_set(err, ZZ_ENOTFOUND, "cert.not_found", "没有编号为 %.60s 的证书",
                          "no certificate numbered %.60s", number ? number : "");
    }
    if ((rc = derive_status(cx, &c, err)) < 0) {
        zz_cert_clear(&c);
        return rc;
    }
    to_public(&c, &out->cert);
    zz_err e2 = ZZ_ERR_INIT;
    rc = zz_cert_verify_record(cx, c.record, c.signature, &e2);
    if (rc < 0 && e2.rc != ZZ_ECRYPTO && e2.rc != ZZ_EINVAL) { /* could not check: say so */
        zz_cert_clear(&c);
        if (err) *err = e2;
        return rc;
    }
    out->signature_ok = rc == ZZ_OK;
    out->record_matches = record_matches(&c, out->key);
    zz_cert_clear(&c);
    return ZZ_OK;
}
