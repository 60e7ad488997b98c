/*
 * checks.c — the built-in data checks of: pure rule functions on an
 * organisation's people and projects for a given date, the texts that say what is missing, and
 * the loader that applies a catalogue's checks to a stored organisation. Definitions in checks.h.
 */
#include "zizhi/checks.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/org_store.h"
#include "zizhi/ctx.h"
#include "zizhi/uscc.h"

/* ---- pure rules ---------------------------------------------------------------------------- */

static bool has_text(const char *s)
{
    return s && *s;
}

/* R-1.3 (3.2.3-5): valid ON the date — from <= on <= until, the expiry day included. */
bool zz_check_cisp_counts(const zz_person *p, zz_date on)
{
    return p->active && p->employment == ZZ_EMPLOY_FULL_TIME && has_text(p->cisp_number) &&
           zz_date_is_set(p->cisp_valid_from) && zz_date_is_set(p->cisp_valid_until) &&
           zz_date_cmp(p->cisp_valid_from, on) <= 0 && zz_date_cmp(on, p->cisp_valid_until) <= 0;
}

/* R-1.3 (3.2.1-3) */
bool zz_check_nda_ok(const zz_person *p, zz_date on)
{
    if (!p->active || !p->ai_security) return true;
    return zz_date_is_set(p->nda_signed_on) && zz_date_cmp(p->nda_signed_on, on) <= 0;
}

/* R-1.3 (3.2.6-1) */
bool zz_check_project_completed(const zz_project *p, zz_date on)
{
    return p->ai_security && p->acceptance == ZZ_ACCEPT_PASSED && zz_date_is_set(p->completed_on) &&
           zz_date_cmp(p->completed_on, on) <= 0 &&
           (!zz_date_is_set(p->accepted_on) || zz_date_cmp(p->accepted_on, on) <= 0);
}

/* R-1.3 (3.2.6-2) */
zz_date zz_check_window_start(zz_date on, int months)
{
    return zz_date_add_months(on, -months);
}

/* R-1.3 (3.2.6-2): both ends of [on - months, on] included (boundary decision in checks.h). */
bool zz_check_failed_within(const zz_project *p, zz_date on, int months)
{
    if (p->acceptance != ZZ_ACCEPT_FAILED) return false;
    if (!zz_date_is_set(p->accepted_on))
        return true; /* a failure of unknown date cannot be placed outside the window */
    return zz_date_cmp(zz_check_window_start(on, months), p->accepted_on) <= 0 &&
           zz_date_cmp(p->accepted_on, on) <= 0;
}

/* ---- texts --------------------------------------------------------------------------------- */

/* Cuts s at its last complete UTF-8 character. */
static void utf8_trim(char *s)
{
    size_t n = strlen(s), i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0) return;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n - (i - 1) < need) s[i - 1] = '\0';
}

static void set_text(zz_check_result *r, const char *fmt_zh, const char *fmt_en, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Both formats consume the same arguments, as in zz_err_set. */
static void set_text(zz_check_result *r, const char *fmt_zh, const char *fmt_en, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt_en);
    va_copy(ap2, ap);
    vsnprintf(r->message_zh, sizeof r->message_zh, fmt_zh, ap);
    vsnprintf(r->message_en, sizeof r->message_en, fmt_en, ap2);
    va_end(ap2);
    va_end(ap);
    utf8_trim(r->message_zh);
    utf8_trim(r->message_en);
}

/* A list of names "A、B、C", cut with "…" when the next one would not fit; total counts all. */
typedef struct namelist {
    char buf[320];
    size_t total;
    bool cut;
} namelist;

static void names_add(namelist *l, const char *sep, const char *name)
{
    l->total++;
    if (l->cut) return;
    size_t len = strlen(l->buf);
    size_t need = (len ? strlen(sep) : 0) + strlen(name);
    if (len + need + sizeof "…" > sizeof l->buf) {
        snprintf(l->buf + len, sizeof l->buf - len, "%s", "…");
        l->cut = true;
        return;
    }
    snprintf(l->buf + len, sizeof l->buf - len, "%s%s", len ? sep : "", name);
}

/* ---- the checks ---------------------------------------------------------------------------- */

static void check_uscc(const zz_checks_data *d, zz_check_result *r)
{
    zz_err e = ZZ_ERR_INIT;
    char norm[ZZ_USCC_LEN + 1];
    snprintf(r->rule, sizeof r->rule, "R-1.2");
    r->pass = d->org && zz_uscc_check(norm, d->org->uscc, &e) == ZZ_OK;
    const char *code = d->org ? d->org->uscc : "";
    if (r->pass)
        set_text(r, "统一社会信用代码 %s 有效", "the USCC %s is valid", code);
    else
        set_text(r, "统一社会信用代码 %s 无效：%s%.0s", "the USCC %s is invalid: %.0s%s", code,
                 e.message_zh, e.message);
}

static void check_legal(const zz_checks_data *d, zz_check_result *r)
{
    snprintf(r->rule, sizeof r->rule, "R-1.2");
    const zz_org *o = d->org;
    if (o && o->legal_person) {
        r->pass = true;
        set_text(r, "独立法人%s", "an independent legal person%s", "");
    } else if (o && has_text(o->exception_reason) && has_text(o->exception_evidence)) {
        r->pass = true;
        set_text(r, "非独立法人，已记录例外说明和证明材料；须由项目负责人在受理审查时确认%s",
                 "not an independent legal person; the exception and its evidence are recorded "
                 "and must be accepted by the project lead at acceptance review%s",
                 "");
    } else {
        r->pass = false;
        set_text(r, "非独立法人，且未记录例外说明%s证明材料",
                 "not an independent legal person, and no justification %.0sor evidence is "
                 "recorded",
                 "和");
    }
}

static void check_nda(const zz_checks_data *d, zz_date on, const char *ds, zz_check_result *r)
{
    snprintf(r->rule, sizeof r->rule, "R-1.3");
    namelist missing = {"", 0, false};
    size_t needed = 0;
    for (size_t i = 0; i < d->n_people; i++) {
        const zz_person *p = &d->people[i];
        if (p->active && p->ai_security) needed++;
        if (!zz_check_nda_ok(p, on)) names_add(&missing, "、", p->name ? p->name : "?");
    }
    r->found = (int64_t)missing.total;
    r->pass = missing.total == 0;
    if (r->pass)
        set_text(r, "%zu 名人工智能安全服务相关人员均已在 %s 前签订保密合同",
                 "all %zu member(s) of the AI-security staff signed a confidentiality agreement "
                 "by %s",
                 needed, ds);
    else
        set_text(r, "%zu 名人工智能安全服务相关人员未在 %s 前签订保密合同：%s",
                 "%zu member(s) of the AI-security staff have no confidentiality agreement signed "
                 "by %s: %s",
                 missing.total, ds, missing.buf);
}

static void check_cisp(const zz_checks_data *d, zz_date on, const char *ds, int64_t min,
                       zz_check_result *r)
{
    snprintf(r->rule, sizeof r->rule, "R-1.3");
    int64_t n = 0;
    for (size_t i = 0; i < d->n_people; i++)
        if (zz_check_cisp_counts(&d->people[i], on)) n++;
    r->required = min;
    r->found = n;
    r->pass = n >= min;
    if (r->pass)
        set_text(r, "专职且在 %s 有效的 CISP 持证人员 %lld 名，不少于要求的 %lld 名",
                 "full-time CISP holders valid on %s: %lld, at least the %lld required", ds,
                 (long long)n, (long long)min);
    else
        set_text(r, "专职且在 %s 有效的 CISP 持证人员 %lld 名，少于要求的 %lld 名",
                 "full-time CISP holders valid on %s: %lld, fewer than the %lld required", ds,
                 (long long)n, (long long)min);
}

static void check_projects(const zz_checks_data *d, zz_date on, const char *ds, int64_t min,
                           zz_check_result *r)
{
    snprintf(r->rule, sizeof r->rule, "R-1.3");
    int64_t n = 0;
    for (size_t i = 0; i < d->n_projects; i++)
        if (zz_check_project_completed(&d->projects[i], on)) n++;
    r->required = min;
    r->found = n;
    r->pass = n >= min;
    if (r->pass)
        set_text(r, "截至 %s 已完成并验收通过的人工智能安全服务项目 %lld 个，不少于要求的 %lld 个",
                 "AI security service projects completed and accepted by %s: %lld, at least the "
                 "%lld required",
                 ds, (long long)n, (long long)min);
    else
        set_text(r, "截至 %s 已完成并验收通过的人工智能安全服务项目 %lld 个，少于要求的 %lld 个",
                 "AI security service projects completed and accepted by %s: %lld, fewer than "
                 "the %lld required",
                 ds, (long long)n, (long long)min);
}

static void check_failed(const zz_checks_data *d, zz_date on, const char *ds, int64_t months,
                         zz_check_result *r)
{
    snprintf(r->rule, sizeof r->rule, "R-1.3");
    if (months < 0) months = 0;
    if (months > 1200) months = 1200;
    char from[ZZ_DATE_STRLEN];
    zz_date_format(zz_check_window_start(on, (int)months), from);
    namelist failed = {"", 0, false};
    for (size_t i = 0; i < d->n_projects; i++) {
        const zz_project *p = &d->projects[i];
        if (!zz_check_failed_within(p, on, (int)months)) continue;
        char item[300], day[ZZ_DATE_STRLEN];
        snprintf(item, sizeof item, "%.200s（%s）", p->name ? p->name : "?",
                 zz_date_is_set(p->accepted_on) ? zz_date_format(p->accepted_on, day) : "?");
        names_add(&failed, "、", item);
    }
    r->required = months;
    r->found = (int64_t)failed.total;
    r->pass = failed.total == 0;
    if (r->pass)
        set_text(r, "%s 至 %s（%lld 个月内）没有项目验收未通过",
                 "no project failed acceptance from %s to %s (within %lld months)", from, ds,
                 (long long)months);
    else
        set_text(r, "%s 至 %s（%lld 个月内）有 %zu 个项目验收未通过：%s",
                 "projects that failed acceptance from %s to %s (within %lld months): %zu (%s)",
                 from, ds, (long long)months, failed.total, failed.buf);
}

int zz_check_run(const zz_checks_data *d, const zz_cat_req *req, const zz_cat_check *chk,
                 zz_date on, zz_check_result *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    if (!zz_date_valid(on))
        return zz_err_set(err, ZZ_EINVAL, "input.date", "核查日期无效%s",
                          "the check date is not a valid date%s", "");
    snprintf(out->req_id, sizeof out->req_id, "%s", req && req->id ? req->id : "");
    snprintf(out->check, sizeof out->check, "%s", chk->name ? chk->name : "");
    snprintf(out->code, sizeof out->code, "check.%s", out->check);
    char ds[ZZ_DATE_STRLEN];
    zz_date_format(on, ds);
    const char *name = chk->name ? chk->name : "";
    if (strcmp(name, "uscc_valid") == 0) {
        check_uscc(d, out);
    } else if (strcmp(name, "legal_person_or_exception") == 0) {
        check_legal(d, out);
    } else if (strcmp(name, "confidentiality_agreements") == 0) {
        check_nda(d, on, ds, out);
    } else if (strcmp(name, "cisp_fulltime_min") == 0) {
        check_cisp(d, on, ds, zz_cat_check_param(chk, "min", 4), out);
    } else if (strcmp(name, "completed_projects_min") == 0) {
        check_projects(d, on, ds, zz_cat_check_param(chk, "min", 1), out);
    } else if (strcmp(name, "no_failed_acceptance_within") == 0) {
        check_failed(d, on, ds, zz_cat_check_param(chk, "months", 24), out);
    } else {
        snprintf(out->code, sizeof out->code, "check.unknown");
        snprintf(out->rule, sizeof out->rule, "R-1.3");
        out->pass = false;
        set_text(out, "未知的数据核查 \"%.40s\"", "unknown data check \"%.40s\"", name);
    }
    return ZZ_OK;
}

int zz_checks_eval_data(const zz_checks_data *d, const zz_catalog *cat, zz_date on,
                        zz_check_result **results, size_t *n, zz_err *err)
{
    *results = NULL;
    *n = 0;
    size_t total = 0;
    for (size_t i = 0; i < cat->n_reqs; i++)
        total += cat->reqs[i]->n_checks;
    zz_check_result *r = calloc(total ? total : 1, sizeof *r);
    if (!r) return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
    size_t k = 0;
    for (size_t i = 0; i < cat->n_reqs; i++) {
        const zz_cat_req *req = cat->reqs[i];
        for (size_t j = 0; j < req->n_checks; j++) {
            int rc = zz_check_run(d, req, &req->checks[j], on, &r[k], err);
            if (rc < 0) {
                free(r);
                return rc;
            }
            k++;
        }
    }
    *results = r;
    *n = k;
    return ZZ_OK;
}

int zz_checks_eval(zz_ctx *cx, int64_t org_id, const zz_catalog *cat, zz_date on,
                   zz_check_result **results, size_t *n, zz_err *err)
{
    *results = NULL;
    *n = 0;
    int rc = zz_org_access(cx, org_id, ZZ_ORG_READ_PERSONAL, err); /* */
    if (rc < 0) return rc;
    zz_org *o = NULL;
    zz_person *people = NULL;
    zz_project *projects = NULL;
    size_t np = 0, nj = 0;
    if ((rc = zz_org_store_get(cx->st, org_id, &o, err)) == ZZ_OK &&
        (rc = zz_person_store_list(cx->st, org_id, true, &people, &np, err)) == ZZ_OK &&
        (rc = zz_project_store_list(cx->st, org_id, &projects, &nj, err)) == ZZ_OK) {
        zz_checks_data d = {o, people, np, projects, nj};
        rc = zz_checks_eval_data(&d, cat, on, results, n, err);
    }
    zz_org_free(o);
    zz_person_list_free(people, np);
    zz_project_list_free(projects, nj);
    return rc;
}

size_t zz_checks_failed(const zz_check_result *results, size_t n)
{
    size_t f = 0;
    for (size_t i = 0; results && i < n; i++)
        if (!results[i].pass) f++;
    return f;
}

void zz_checks_free(zz_check_result *results)
{
    free(results);
}
