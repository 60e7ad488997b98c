/*
 * sanction.c — sanctions (处置, R-5): decisions by the supervision department, lifting a
 * suspension, recording a rectification, the overdue list, and annulment by an upheld
 * appeal. Rules in sanction.h; SQL in src/store/sanction_store.c. The certificate status
 * these decisions affect is derived by cert.c, never stored.
 */
#include "zizhi/sanction.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/domain_int.h"
#include "store/cert_store.h"
#include "store/sanction_store.h"
#include "zizhi/cert.h"
#include "zizhi/ctx.h"

#define ROLES_SANCTION_READ (ZZ_R(ZZ_ROLE_SUPERVISOR) | ZZ_R(ZZ_ROLE_MANAGER) | ZZ_ROLES_APPLICANT)

static const struct {
    const char *code, *zh;
} KINDS[] = {
    [ZZ_SANCTION_WARNING] = {"warning", "警告"},
    [ZZ_SANCTION_RECTIFICATION] = {"rectification", "限期整改"},
    [ZZ_SANCTION_SUSPENSION] = {"suspension", "暂停证书"},
    [ZZ_SANCTION_REVOCATION] = {"revocation", "取消证书"},
};

static bool kind_known(zz_sanction_kind k)
{
    return k >= ZZ_SANCTION_WARNING && k <= ZZ_SANCTION_REVOCATION;
}

const char *zz_sanction_kind_code(zz_sanction_kind k)
{
    return kind_known(k) ? KINDS[k].code : NULL;
}

const char *zz_sanction_kind_name_zh(zz_sanction_kind k)
{
    return kind_known(k) ? KINDS[k].zh : NULL;
}

int zz_sanction_kind_parse(zz_sanction_kind *out, const char *s, zz_err *err)
{
    for (int k = ZZ_SANCTION_WARNING; k <= ZZ_SANCTION_REVOCATION; k++)
        if (s && strcmp(s, KINDS[k].code) == 0) {
            *out = (zz_sanction_kind)k;
            return ZZ_OK;
        }
    return zz_err_rule(err, ZZ_EINVAL, "input.sanction_kind", "R-5.1",
                       "处置类型“%.40s”无效（应为 warning、rectification、suspension 或 "
                       "revocation）",
                       "invalid sanction kind \"%.40s\" (warning, rectification, suspension or "
                       "revocation)",
                       s ? s : "");
}

bool zz_sanction_is_overdue(zz_date deadline, bool rectified, zz_date today)
{
    /* the deadline day itself is still in time; overdue from the day after */
    return !rectified && zz_date_valid(deadline) && zz_date_cmp(today, deadline) > 0;
}

void zz_sanction_clear(zz_sanction *s)
{
    if (!s) return;
    free(s->violation);
    free(s->evidence);
    free(s->decision);
    s->violation = s->evidence = s->decision = NULL;
}

void zz_sanction_list_free(zz_sanction *v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++)
        zz_sanction_clear(&v[i]);
    free(v);
}

static void set_overdue(zz_ctx *cx, zz_sanction *s)
{
    zz_date d;
    s->overdue = s->kind == ZZ_SANCTION_RECTIFICATION && !*s->annulled_on &&
                 zz_date_parse(&d, s->deadline, NULL) == 0 &&
                 zz_sanction_is_overdue(d, *s->rectified_on != '\0', cx->clock.today);
}

static json_t *sanction_json(const zz_sanction *s)
{
#define OPT(x) (*(x) ? json_string(x) : json_null())
    return json_pack("{s:I, s:I, s:o, s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o}", "id",
                     (json_int_t)s->id, "org_id", (json_int_t)s->org_id, "cert_id",
                     s->cert_id ? json_integer(s->cert_id) : json_null(), "kind",
                     zz_sanction_kind_code(s->kind), "violation", s->violation, "evidence",
                     s->evidence, "decision", s->decision, "decided_on", s->decided_on,
                     "decided_by", (json_int_t)s->decided_by, "deadline", OPT(s->deadline),
                     "rectified_on", OPT(s->rectified_on), "lifted_on", OPT(s->lifted_on),
                     "annulled_on", OPT(s->annulled_on));
#undef OPT
}

/* Commits a sanction action with the digest of the sanction row after the change. */
static int commit(zz_ctx *cx, const char *action, int64_t id, json_t *detail, zz_err *err)
{
    zz_sanction s;
    char hex[ZZ_SM3_HEXLEN + 1], ids[24];
    int rc = zz_sanction_store_get(cx->st, id, &s, err);
    if (rc < 0) {
        json_decref(detail);
        return zz_action_abort(cx, rc);
    }
    char *text = zz__json_text(sanction_json(&s));
    rc = text ? zz__digest_text(text, hex, err) : zz__nomem(err);
    free(text);
    if (rc == ZZ_OK && detail) {
        json_object_set_new(detail, "kind", json_string(zz_sanction_kind_code(s.kind)));
        json_object_set_new(detail, "org_id", json_integer(s.org_id));
        if (s.cert_id) json_object_set_new(detail, "certificate", json_string(s.cert_number));
    }
    zz_sanction_clear(&s);
    if (rc < 0) {
        json_decref(detail);
        return zz_action_abort(cx, rc);
    }
    char *d = zz__json_text(detail);
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    rc = zz_action_commit(cx, action, "sanction", ids, hex, d, err);
    free(d);
    return rc;
}

static int blank_refusal(zz_err *err, const char *code, const char *zh, const char *en)
{
    return zz_err_rule(err, ZZ_EINVAL, code, "R-5.3", "%s不能为空%.0s", "%.0s%s must not be blank",
                       zh, en);
}

int zz_sanction_decide(zz_ctx *cx, int64_t org_id, int64_t cert_id, zz_sanction_kind kind,
                       const char *violation, const char *evidence, const char *decision,
                       zz_date deadline, int64_t *id, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_SUPERVISOR), err);
    if (rc < 0) return rc;
    if (!kind_known(kind)) return zz_sanction_kind_parse(&kind, "", err);
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_sanction s;
    memset(&s, 0, sizeof s);
    zz_cert c;
    memset(&c, 0, sizeof c);
    if ((rc = zz_sanction_store_org(cx->st, org_id, s.org_name, err)) < 0)
        return zz_action_abort(cx, rc);
    if (cert_id) {
        rc = zz_cert_store_get(cx->st, cert_id, false, &c, err);
        if (rc == ZZ_OK && c.org_id != org_id) /* S1 */
            rc = zz_err_rule(
                err, ZZ_ENOTFOUND, "cert.not_found", "R-5.1", "单位 %s 没有编号为 %lld 的证书",
                "organisation %s holds no certificate %lld", s.org_name, (long long)cert_id);
        if (rc < 0) return zz_action_abort(cx, rc);
    }
    if (zz__blank(violation))
        return zz_action_abort(cx, blank_refusal(err, "input.violation", "违规事实", "violation"));
    if (zz__blank(evidence))
        return zz_action_abort(cx, blank_refusal(err, "input.evidence", "证据", "evidence"));
    if (zz__blank(decision))
        return zz_action_abort(cx, blank_refusal(err, "input.decision", "处置决定", "decision"));
    if ((kind == ZZ_SANCTION_SUSPENSION || kind == ZZ_SANCTION_REVOCATION) && !cert_id)
        return zz_action_abort(
            cx, zz_err_rule(err, ZZ_EINVAL, "input.cert", "R-5.1", "%s%.0s必须指明证书",
                            "a %.0s%s must name a certificate", KINDS[kind].zh, KINDS[kind].code));
    char today[ZZ_DATE_STRLEN], dl[ZZ_DATE_STRLEN] = "";
    zz_date_format(cx->clock.today, today);
    bool has_deadline = deadline.year != 0 || deadline.month != 0 || deadline.day != 0;
    if (kind == ZZ_SANCTION_RECTIFICATION) { /* S2, R-5.2 */
        if (!has_deadline || !zz_date_valid(deadline) || zz_date_cmp(deadline, cx->clock.today) < 0)
            return zz_action_abort(
                cx, zz_err_rule(err, ZZ_EINVAL, "input.deadline", "R-5.2",
                                "限期整改必须给出不早于今天（%s）的整改期限",
                                "a rectification needs a deadline not before today (%s)", today));
        zz_date_format(deadline, dl);
    } else if (has_deadline) {
        return zz_action_abort(cx, zz_err_rule(err, ZZ_EINVAL, "input.deadline", "R-5.2",
                                               "只有限期整改有整改期限（%s%.0s没有）",
                                               "only a rectification has a deadline (not a %.0s%s)",
                                               KINDS[kind].zh, KINDS[kind].code));
    }
    if (kind == ZZ_SANCTION_SUSPENSION || kind == ZZ_SANCTION_REVOCATION) {
        zz_cert_facts f;
        zz_cert_suspension *susp = NULL;
        zz_cert_status st = 0;
        rc = zz_cert__facts(cx, cert_id, &f, &susp, err);
        if (rc == ZZ_OK)
            rc = zz_cert_status_on(&st, &f, zz_date_max(cx->clock.today, f.issued), err);
        free(susp);
        if (rc < 0) return zz_action_abort(cx, rc);
        /* a suspension applies to a valid certificate; a revocation to a valid or suspended one
         * revocation is final, nothing applies after it) */
        bool ok =
            st == ZZ_CERT_VALID || (kind == ZZ_SANCTION_REVOCATION && st == ZZ_CERT_SUSPENDED);
        if (!ok)
            return zz_action_abort(
                cx, zz_err_rule(err, ZZ_ESTATE, "cert.state", "R-5.2",
                                "证书 %s 当前状态为%s%.0s，不能%s%.0s",
                                "certificate %s is %.0s%s today: no %.0s%s applies", c.number,
                                zz_cert_status_name_zh(st), zz_cert_status_code(st), KINDS[kind].zh,
                                KINDS[kind].code));
    }
    s.org_id = org_id;
    s.cert_id = cert_id;
    s.kind = kind;
    s.violation = (char *)violation;
    s.evidence = (char *)evidence;
    s.decision = (char *)decision;
    snprintf(s.decided_on, sizeof s.decided_on, "%s", today); /* decider and date */
    s.decided_by = cx->actor.user_id;
    snprintf(s.deadline, sizeof s.deadline, "%s", dl);
    int64_t sid = 0;
    if ((rc = zz_sanction_store_insert(cx->st, &s, &sid, err)) < 0) return zz_action_abort(cx, rc);
    if (kind == ZZ_SANCTION_REVOCATION &&
        (rc = zz_sanction_store_cert_revoked(cx->st, cert_id, today, err)) < 0)
        return zz_action_abort(cx, rc);
    json_t *detail = json_object();
    if (*dl) json_object_set_new(detail, "deadline", json_string(dl));
    if ((rc = commit(cx, "sanction.decide", sid, detail, err)) < 0) return rc;
    if (id) *id = sid;
    return ZZ_OK;
}

/* Checks `on` for lifting / rectification: a real date, not before the decision, not after
 * today. */
static int check_on(zz_ctx *cx, const zz_sanction *s, zz_date on, const char *what_zh,
                    const char *what_en, zz_err *err)
{
    char d[ZZ_DATE_STRLEN], t[ZZ_DATE_STRLEN];
    zz_date dec;
    if (!zz_date_valid(on))
        return zz_err_rule(err, ZZ_EINVAL, "input.date", "R-5.2", "%s日期不是有效日期%.0s",
                           "%.0sthe %s date is not a real date", what_zh, what_en);
    zz_date_format(on, d);
    zz_date_format(cx->clock.today, t);
    if (zz_date_parse(&dec, s->decided_on, NULL) == 0 && zz_date_cmp(on, dec) < 0)
        return zz_err_rule(
            err, ZZ_EINVAL, "input.date", "R-5.2", "%s%.0s日期 %s 早于处置决定日期 %s",
            "%.0s%s date %s is before the decision on %s", what_zh, what_en, d, s->decided_on);
    if (zz_date_cmp(on, cx->clock.today) > 0)
        return zz_err_rule(err, ZZ_EINVAL, "input.date", "R-5.2", "%s%.0s日期 %s 晚于今天 %s",
                           "%.0s%s date %s is after today %s", what_zh, what_en, d, t);
    return ZZ_OK;
}

int zz_sanction_lift(zz_ctx *cx, int64_t id, zz_date on, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_SUPERVISOR), err);
    if (rc < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_sanction s;
    if ((rc = zz_sanction_store_get(cx->st, id, &s, err)) < 0) return zz_action_abort(cx, rc);
    zz_sanction_kind kind = s.kind;
    if (kind == ZZ_SANCTION_REVOCATION)
        rc = zz_err_rule(
            err, ZZ_ESTATE, "sanction.final", "R-5.2", "取消证书是最终决定，不能解除（处置 %lld）",
            "a revocation is final and cannot be lifted (sanction %lld)", (long long)id);
    else if (kind != ZZ_SANCTION_SUSPENSION)
        rc = zz_err_rule(err, ZZ_ESTATE, "sanction.kind", "R-5.2",
                         "只有暂停证书可以解除（处置 %lld 是%s%.0s）",
                         "only a suspension can be lifted (sanction %lld is a %.0s%s)",
                         (long long)id, KINDS[kind].zh, KINDS[kind].code);
    else if (*s.lifted_on || *s.annulled_on)
        rc =
            zz_err_rule(err, ZZ_ESTATE, "sanction.lifted", "R-5.2", "暂停（处置 %lld）已于 %s 解除",
                        "the suspension (sanction %lld) ended on %s", (long long)id,
                        *s.lifted_on ? s.lifted_on : s.annulled_on);
    if (rc == ZZ_OK && s.cert_id) {
        zz_cert c;
        if ((rc = zz_cert_store_get(cx->st, s.cert_id, false, &c, err)) == ZZ_OK && *c.revoked_on)
            rc = zz_err_rule(err, ZZ_ESTATE, "cert.revoked", "R-5.2",
                             "证书 %s 已于 %s 取消，取消是最终决定，不能恢复",
                             "certificate %s was revoked on %s; revocation is final", c.number,
                             c.revoked_on);
    }
    if (rc == ZZ_OK) rc = check_on(cx, &s, on, "解除暂停", "lifting", err);
    char d[ZZ_DATE_STRLEN];
    zz_date_format(on, d);
    if (rc == ZZ_OK) rc = zz_sanction_store_mark(cx->st, id, "lifted", d, cx->actor.user_id, err);
    zz_sanction_clear(&s);
    if (rc < 0) return zz_action_abort(cx, rc);
    return commit(cx, "sanction.lift", id, json_pack("{s:s}", "lifted_on", d), err);
}

int zz_sanction_rectified(zz_ctx *cx, int64_t id, zz_date on, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_SUPERVISOR), err);
    if (rc < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_sanction s;
    if ((rc = zz_sanction_store_get(cx->st, id, &s, err)) < 0) return zz_action_abort(cx, rc);
    if (s.kind != ZZ_SANCTION_RECTIFICATION)
        rc = zz_err_rule(err, ZZ_ESTATE, "sanction.kind", "R-5.2",
                         "只有限期整改可以记录整改完成（处置 %lld 是%s%.0s）",
                         "only a rectification can be recorded as done (sanction %lld is a "
                         "%.0s%s)",
                         (long long)id, KINDS[s.kind].zh, KINDS[s.kind].code);
    else if (*s.rectified_on || *s.annulled_on)
        rc = zz_err_rule(err, ZZ_ESTATE, "sanction.rectified", "R-5.2",
                         "限期整改（处置 %lld）已%s（%s）",
                         "the rectification (sanction %lld) was %.0sclosed on %s", (long long)id,
                         *s.rectified_on ? "完成整改" : "撤销",
                         *s.rectified_on ? s.rectified_on : s.annulled_on);
    if (rc == ZZ_OK) rc = check_on(cx, &s, on, "整改完成", "rectification", err);
    char d[ZZ_DATE_STRLEN];
    zz_date_format(on, d);
    if (rc == ZZ_OK)
        rc = zz_sanction_store_mark(cx->st, id, "rectified", d, cx->actor.user_id, err);
    json_t *detail = NULL;
    if (rc == ZZ_OK) {
        zz_date dl;
        bool late = zz_date_parse(&dl, s.deadline, NULL) == 0 && zz_date_cmp(on, dl) > 0;
        detail =
            json_pack("{s:s, s:s, s:b}", "rectified_on", d, "deadline", s.deadline, "late", late);
    }
    zz_sanction_clear(&s);
    if (rc < 0) return zz_action_abort(cx, rc);
    return commit(cx, "sanction.rectified", id, detail, err);
}

/* supervisor and manager see every sanction, applicants their organisation's. */
static bool sees_all(const zz_ctx *cx)
{
    return zz_ctx_is_system(cx) ||
           (cx->actor.roles & (ZZ_R(ZZ_ROLE_SUPERVISOR) | ZZ_R(ZZ_ROLE_MANAGER)));
}

int zz_sanction_get(zz_ctx *cx, int64_t id, zz_sanction *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = zz_ctx_require(cx, ROLES_SANCTION_READ, err);
    if (rc < 0) return rc;
    if ((rc = zz_sanction_store_get(cx->st, id, out, err)) < 0) return rc;
    if (!sees_all(cx) && out->org_id != cx->actor.org_id) { /* */
        zz_sanction_clear(out);
        return zz_err_set(err, ZZ_ENOTFOUND, "sanction.not_found", "没有编号为 %lld 的处置记录",
                          "no sanction %lld", (long long)id);
    }
    set_overdue(cx, out);
    return ZZ_OK;
}

int zz_sanction_list(zz_ctx *cx, int64_t org_id, int64_t cert_id, zz_sanction **out, size_t *n,
                     zz_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = zz_ctx_require(cx, ROLES_SANCTION_READ, err);
    if (rc < 0) return rc;
    zz_sanction_store_query q = {org_id, cert_id, NULL};
    if (!sees_all(cx)) {
        if (org_id && org_id != cx->actor.org_id)
            return zz_err_set(err, ZZ_ENOTFOUND, "org.not_found", "没有编号为 %lld 的单位",
                              "no organisation %lld", (long long)org_id);
        q.org_id = cx->actor.org_id;
    }
    if ((rc = zz_sanction_store_list(cx->st, &q, out, n, err)) < 0) return rc;
    for (size_t i = 0; i < *n; i++)
        set_overdue(cx, &(*out)[i]);
    return ZZ_OK;
}

int zz_sanction_overdue(zz_ctx *cx, zz_sanction **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_SUPERVISOR) | ZZ_R(ZZ_ROLE_MANAGER), err);
    if (rc < 0) return rc;
    char today[ZZ_DATE_STRLEN];
    zz_sanction_store_query q = {0, 0, zz_date_format(cx->clock.today, today)};
    if ((rc = zz_sanction_store_list(cx->st, &q, out, n, err)) < 0) return rc;
    for (size_t i = 0; i < *n; i++)
        set_overdue(cx, &(*out)[i]);
    return ZZ_OK;
}

int zz_sanction__annul(zz_ctx *cx, int64_t id, int64_t appeal_id, zz_date on, zz_err *err)
{
    zz_sanction s;
    int rc = zz_sanction_store_get(cx->st, id, &s, err);
    if (rc < 0) return rc;
    char d[ZZ_DATE_STRLEN];
    zz_date_format(on, d);
    if (*s.annulled_on)
        rc = zz_err_rule(err, ZZ_ESTATE, "sanction.annulled", "R-6.1", "处置 %lld 已于 %s 撤销",
                         "sanction %lld was annulled on %s", (long long)id, s.annulled_on);
    if (rc == ZZ_OK) rc = zz_sanction_store_mark(cx->st, id, "annulled", d, appeal_id, err);
    /* an annulled revocation gives the certificate back its status (R-4.2: derived) */
    if (rc == ZZ_OK && s.kind == ZZ_SANCTION_REVOCATION && s.cert_id)
        rc = zz_sanction_store_cert_revoked(cx->st, s.cert_id, NULL, err);
    zz_sanction_clear(&s);
    return rc;
}
