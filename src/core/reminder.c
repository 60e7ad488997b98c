/*
 * reminder.c — expiry reminders: one run queues, inside one action, the reminder email of
 * every certificate whose latest due step was not handled yet (rules and decisions in
 * reminder.h; dates from zz_cert_reminder_dates; status from zz_cert_status_on, R-4.2; SQL in
 * src/store/reminder_store.c).
 */
#include "zizhi/reminder.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/domain_int.h"
#include "store/reminder_store.h"
#include "zizhi/cert.h"
#include "zizhi/ctx.h"
#include "zizhi/outbox.h"

static const int STEP_MONTHS[ZZ_CERT_REMINDERS] = {9, 7, 6}; /* the order of the dates */

#define DETAIL_LIST_MAX 1000 /* certificate numbers named in the audit entry */

/* The category as people read it: the catalogue's name, else its code. */
static void category_names(zz_ctx *cx, const char *category, int level, char *zh, size_t zsz,
                           char *en, size_t esz)
{
    const zz_catalog *cat = NULL;
    if (zz_ctx_catalog_for(cx, category, level, &cat, NULL) == 0 && cat->category_name) {
        snprintf(zh, zsz, "%s", cat->category_name);
        snprintf(en, esz, "%s", cat->category_name_en ? cat->category_name_en : category);
    } else {
        snprintf(zh, zsz, "%s", category);
        snprintf(en, esz, "%s", category);
    }
}

/* Queues the email of step months before expiry. OUT: *outbox_id. */
static int queue_email(zz_ctx *cx, const zz_reminder_cand *c, int months, zz_date expires,
                       int64_t *outbox_id, zz_err *err)
{
    char exp[ZZ_DATE_STRLEN], lim[ZZ_DATE_STRLEN], late[ZZ_DATE_STRLEN], today[ZZ_DATE_STRLEN];
    zz_date_format(expires, exp);
    zz_date_format(zz_date_add_months(expires, -ZZ_MAINT_MONTHS), lim); /* */
    zz_date_format(zz_date_add_months(expires, ZZ_MAINT_MONTHS), late);
    zz_date_format(cx->clock.today, today);
    char cat_zh[128], cat_en[128];
    category_names(cx, c->category, c->level, cat_zh, sizeof cat_zh, cat_en, sizeof cat_en);

    char subject[256];
    snprintf(subject, sizeof subject,
             "资质证书维持申请提醒：证书 %s 将于 %s 到期（Certificate expiry reminder）", c->number,
             exp);
    char body[4096];
    snprintf(
        body, sizeof body,
        "%s：\n\n"
        "贵单位持有的信息安全服务资质证书（证书编号 %s，%s类 %d 级）有效期至 %s。\n\n"
        "按照《信息安全服务资质申请与维持指南》，维持申请应在证书有效期届满前至少六个月提交，"
        "即不晚于 %s。\n"
        "晚于该日期提交的按逾期维持办理，证书可能在认定结论作出前失效；"
        "有效期届满后超过六个月（%s 之后）提交的，视作初次申请。\n\n"
        "这是证书有效期届满前 %d 个月的提醒。如贵单位已提交维持申请，请忽略本邮件。\n\n"
        "%s\n\n"
        "----\n"
        "Certificate %s (%s, level %d) held by %s is valid until %s.\n"
        "The maintenance application is due at least six months before expiry, that is by %s. "
        "A later application is handled as late maintenance and the certificate may lapse before "
        "the decision; an application made more than six months after expiry (after %s) is "
        "treated as an initial application.\n"
        "This is the reminder %d months before expiry. If you have already applied, please "
        "disregard it.\n",
        c->org_name, c->number, cat_zh, c->level, exp, lim, late, months, today, c->number, cat_en,
        c->level, c->org_name, exp, lim, late, months);
    char ref[24];
    snprintf(ref, sizeof ref, "%lld", (long long)c->id);
    return zz_outbox_queue_ex(cx, c->email, subject, body, NULL, "reminder", "cert", ref, outbox_id,
                              err);
}

/* Handles one certificate; adds to run and, for a queued email, to the list `sent`. */
static int remind_one(zz_ctx *cx, const zz_reminder_cand *c, zz_reminder_run *run, json_t *sent,
                      json_t *unsendable, zz_err *err)
{
    zz_date expires;
    if (zz_date_parse(&expires, c->expiry_date, err) < 0) return err ? err->rc : ZZ_EINVAL;
    zz_date dates[ZZ_CERT_REMINDERS];
    zz_cert_reminder_dates(dates, expires);
    int k = -1; /* the latest due step */
    for (int i = 0; i < ZZ_CERT_REMINDERS; i++)
        if (zz_date_cmp(dates[i], cx->clock.today) <= 0) k = i;
    if (k < 0) return ZZ_OK;

    /* valid or suspended today (the SQL pre-filter left out the rest by date) */
    zz_cert_facts f;
    zz_cert_suspension *susp = NULL;
    zz_cert_status status = ZZ_CERT_VALID;
    int rc = zz_cert__facts(cx, c->id, &f, &susp, err);
    if (rc == ZZ_OK) rc = zz_cert_status_on(&status, &f, cx->clock.today, err);
    free(susp);
    if (rc < 0) return rc;
    if (status != ZZ_CERT_VALID && status != ZZ_CERT_SUSPENDED) return ZZ_OK;

    run->n_checked++;
    if (c->in_process) { /* a maintenance application is under way */
        run->n_in_process++;
        return ZZ_OK;
    }
    /* I3: the handled steps are a prefix of 9, 7, 6, so the smallest handled step tells */
    if (c->min_step != 0 && c->min_step <= STEP_MONTHS[k]) return ZZ_OK;

    char today[ZZ_DATE_STRLEN], due[ZZ_DATE_STRLEN];
    zz_date_format(cx->clock.today, today);
    int64_t outbox_id = 0;
    zz_err e2 = ZZ_ERR_INIT;
    rc = queue_email(cx, c, STEP_MONTHS[k], expires, &outbox_id, &e2);
    if (rc < 0) {
        if (strcmp(e2.code, "outbox.address") != 0) {
            if (err) *err = e2;
            return rc;
        }
        run->n_unsendable++;
        if (json_array_size(unsendable) < DETAIL_LIST_MAX)
            json_array_append_new(unsendable, json_string(c->number));
        return ZZ_OK;
    }
    for (int i = 0; i < k; i++) {
        if (c->min_step != 0 && c->min_step <= STEP_MONTHS[i]) continue; /* has its row */
        zz_date_format(dates[i], due);
        if ((rc = zz_reminder_store_record(cx->st, c->id, STEP_MONTHS[i], due, today, "skipped", 0,
                                           err)) < 0)
            return rc;
        run->n_skipped++;
    }
    zz_date_format(dates[k], due);
    if ((rc = zz_reminder_store_record(cx->st, c->id, STEP_MONTHS[k], due, today, "queued",
                                       outbox_id, err)) < 0)
        return rc;
    run->n_queued++;
    if (json_array_size(sent) < DETAIL_LIST_MAX)
        json_array_append_new(sent, json_pack("{s:s, s:i, s:s}", "number", c->number, "step",
                                              STEP_MONTHS[k], "to", c->email));
    return ZZ_OK;
}

int zz_cert_queue_reminders_ex(zz_ctx *cx, zz_reminder_run *out, zz_err *err)
{
    zz_reminder_run run;
    memset(&run, 0, sizeof run);
    if (out) *out = run;
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_MANAGER), err);
    if (rc < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;

    char today[ZZ_DATE_STRLEN], until[ZZ_DATE_STRLEN];
    zz_date_format(cx->clock.today, today);
    /* expiry − 9 months <= today implies expiry <= today + 9 months + 3 days (month-end clamping
     * moves a date by at most 3 days); the exact test is per certificate */
    zz_date_format(zz_date_add_days(zz_date_add_months(cx->clock.today, 9), 4), until);
    zz_reminder_cand *cands = NULL;
    size_t n = 0;
    if ((rc = zz_reminder_store_candidates(cx->st, today, until, &cands, &n, err)) < 0)
        return zz_action_abort(cx, rc);
    json_t *sent = json_array(), *unsendable = json_array();
    if (!sent || !unsendable) rc = zz__nomem(err);
    for (size_t i = 0; i < n && rc == ZZ_OK; i++)
        rc = remind_one(cx, &cands[i], &run, sent, unsendable, err);
    free(cands);
    if (rc < 0) {
        json_decref(sent);
        json_decref(unsendable);
        return zz_action_abort(cx, rc);
    }
    json_t *detail = json_pack(
        "{s:s, s:I, s:I, s:I, s:I, s:I, s:o, s:o}", "on", today, "checked",
        (json_int_t)run.n_checked, "queued", (json_int_t)run.n_queued, "skipped",
        (json_int_t)run.n_skipped, "in_process", (json_int_t)run.n_in_process, "unsendable",
        (json_int_t)run.n_unsendable, "reminders", sent, "unsendable_certs", unsendable);
    char *text = zz__json_text(detail);
    char hex[ZZ_SM3_HEXLEN + 1];
    if (!text) return zz_action_abort(cx, zz__nomem(err));
    if ((rc = zz__digest_text(text, hex, err)) < 0) {
        free(text);
        return zz_action_abort(cx, rc);
    }
    rc = zz_action_commit(cx, "cert.reminders", "cert_reminders", today, hex, text, err);
    free(text);
    if (rc == ZZ_OK && out) *out = run;
    return rc;
}

int zz_cert_queue_reminders(zz_ctx *cx, size_t *n_queued, zz_err *err)
{
    zz_reminder_run run;
    int rc = zz_cert_queue_reminders_ex(cx, &run, err);
    if (n_queued) *n_queued = rc == ZZ_OK ? run.n_queued : 0;
    return rc;
}

int zz_cert_reminder_list(zz_ctx *cx, int64_t cert_id, zz_cert_reminder **out, size_t *n,
                          zz_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = zz_ctx_require(
        cx, ZZ_R(ZZ_ROLE_MANAGER) | ZZ_R(ZZ_ROLE_SUPERVISOR) | ZZ_R(ZZ_ROLE_SYS_ADMIN), err);
    if (rc < 0) return rc;
    return zz_reminder_store_list(cx->st, cert_id, out, n, err);
}
