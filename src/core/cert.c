/*
 * cert.c — certificate date rules: expiry, derived status, maintenance timing
 * and reminder dates. Pure; the decisions and precedence are stated in cert.h.
 */
#include "zizhi/cert.h"

#include <stdio.h>
#include <string.h>

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
