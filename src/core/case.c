/*
 * case.c — the certification case lifecycle (SPEC section 3): visibility, numbering, the
 * internal hooks used by the other core modules, and the actions from paper receipt to archive,
 * each one transaction with its audit entry. States, gates and codes: include/zizhi/case.h.
 * All SQL is in src/store/case_store.c.
 */
#include "zizhi/case.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/appeal_store.h"
#include "store/case_store.h"
#include "zizhi/archive.h"
#include "zizhi/audit.h"
#include "zizhi/crypto.h"
#include "zizhi/ctx.h"
#include "zizhi/dossier.h"
#include "zizhi/fee.h"
#include "zizhi/org.h"
#include "zizhi/outbox.h"
#include "zizhi/user.h"

#define NUMBER_MAX         40
#define LIST_LIMIT_DEFAULT 50
#define LIST_LIMIT_MAX     500

static int nomem(zz_err *err)
{
    return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
}

static bool is_set(const char *s)
{
    return s && *s;
}

static bool blank(const char *s)
{
    if (!s) return true;
    for (; *s; s++)
        if (!isspace((unsigned char)*s)) return false;
    return true;
}

static const char *today_str(const zz_ctx *cx, char buf[ZZ_DATE_STRLEN])
{
    return zz_date_format(cx->clock.today, buf);
}

/* ---- names ---------------------------------------------------------------------------------- */

static const struct {
    const char *code, *zh;
} STAGE_NAMES[] =
    {
        {"acceptance", "受理"},
        {"initiation", "立项"},
        {"assessment", "评估"},
        {"expert_review", "专家评审"},
        {"certification", "发证"},
        {"archived", "归档"},
        {NULL, NULL},
},
  STATE_NAMES[] = {
      {"submitted", "已提交"},
      {"received", "已收到纸质材料"},
      {"filed", "已建档立项"},
      {"supplement", "待补充资料"},
      {"drafting", "起草委托协议"},
      {"agreement_drafted", "委托协议已起草"},
      {"waiting", "等待协议生效和缴费"},
      {"planning", "制定审核计划"},
      {"in_progress", "评估实施中"},
      {"panel", "专家评审中"},
      {"awaiting_approval", "待审批"},
      {"approved", "已审批"},
      {"certified", "已发证"},
      {"closed", "已结束"},
      {"archived", "已归档"},
      {NULL, NULL},
};

const char *zz_case_stage_name_zh(const char *stage)
{
    for (int i = 0; stage && STAGE_NAMES[i].code; i++)
        if (strcmp(stage, STAGE_NAMES[i].code) == 0) return STAGE_NAMES[i].zh;
    return stage ? stage : "";
}

const char *zz_case_state_name_zh(const char *state)
{
    for (int i = 0; state && STATE_NAMES[i].code; i++)
        if (strcmp(state, STATE_NAMES[i].code) == 0) return STATE_NAMES[i].zh;
    return state ? state : "";
}

const char *zz_case_close_reason_name_zh(const char *reason)
{
    static const struct {
        const char *code, *zh;
    } R[] = {{"certified", "已发证"},
             {"not_accepted", "不予受理"},
             {"failed", "评审未通过"},
             {"withdrawn", "已撤回"},
             {NULL, NULL}};
    for (int i = 0; reason && R[i].code; i++)
        if (strcmp(reason, R[i].code) == 0) return R[i].zh;
    return reason ? reason : "";
}

const char *zz_review_outcome_code(zz_review_outcome o)
{
    switch (o) {
    case ZZ_REVIEW_ACCEPTED:
        return "accepted";
    case ZZ_REVIEW_SUPPLEMENT:
        return "supplement";
    case ZZ_REVIEW_NOT_ACCEPTED:
        return "not_accepted";
    }
    return NULL;
}

const char *zz_review_outcome_name_zh(zz_review_outcome o)
{
    switch (o) {
    case ZZ_REVIEW_ACCEPTED:
        return "受理";
    case ZZ_REVIEW_SUPPLEMENT:
        return "补充资料";
    case ZZ_REVIEW_NOT_ACCEPTED:
        return "不予受理";
    }
    return NULL;
}

int zz_review_outcome_parse(zz_review_outcome *out, const char *s, zz_err *err)
{
    for (int o = ZZ_REVIEW_ACCEPTED; o <= ZZ_REVIEW_NOT_ACCEPTED; o++)
        if (s && strcmp(s, zz_review_outcome_code((zz_review_outcome)o)) == 0) {
            *out = (zz_review_outcome)o;
            return ZZ_OK;
        }
    return zz_err_rule(err, ZZ_EINVAL, "input.review_outcome", "R-3.2",
                       "受理审查结论“%.40s”无效，应为 accepted（受理）、supplement（补充资料）或 "
                       "not_accepted（不予受理）",
                       "invalid review outcome \"%.40s\": expected accepted, supplement or "
                       "not_accepted",
                       s ? s : "");
}

/* ---- case numbers (I5) ---------------------------------------------------------------------- */

static void derive_cat_code(char *out, size_t size, const char *category)
{
    size_t o = 0;
    const char *w = category;
    while (*w && o + 1 < size) {
        size_t len = strcspn(w, "-_. ");
        if (len > 0) {
            size_t take = len <= 2 ? len : 1;
            for (size_t i = 0; i < take && o + 1 < size; i++)
                out[o++] = (char)toupper((unsigned char)w[i]);
        }
        w += len;
        if (*w) w++;
    }
    out[o] = '\0';
}

/* Expands pattern; keep_seq copies the sequence token literally (the counter's scope). */
static int expand(char *buf, size_t size, const char *pattern, const char *category,
                  const char *cat_code, int level, int year, int64_t seq, bool keep_seq,
                  zz_err *err)
{
    char code[32];
    if (cat_code && *cat_code)
        snprintf(code, sizeof code, "%s", cat_code);
    else
        derive_cat_code(code, sizeof code, category);
    size_t o = 0;
    bool has_seq = false, overflow = false;
    char piece[64];
    for (const char *p = pattern; *p;) {
        const char *piece_s = piece;
        size_t piece_n = 0;
        if (*p == '<') {
            const char *end = strchr(p, '>');
            size_t tl = end ? (size_t)(end - p - 1) : 0;
            char tok[16] = "";
            if (end && tl < sizeof tok) memcpy(tok, p + 1, tl), tok[tl] = '\0';
            if (strcmp(tok, "CAT") == 0) {
                piece_n = (size_t)snprintf(piece, sizeof piece, "%s", code);
            } else if (strcmp(tok, "cat") == 0) {
                piece_n = (size_t)snprintf(piece, sizeof piece, "%.60s", category);
            } else if (strcmp(tok, "level") == 0) {
                piece_n = (size_t)snprintf(piece, sizeof piece, "%d", level);
            } else if (strcmp(tok, "year") == 0) {
                piece_n = (size_t)snprintf(piece, sizeof piece, "%04d", year);
            } else if (strncmp(tok, "seq", 3) == 0 &&
                       (tok[3] == '\0' || (tok[3] >= '1' && tok[3] <= '9' && tok[4] == '\0'))) {
                has_seq = true;
                int width = tok[3] ? tok[3] - '0' : 0;
                if (keep_seq) {
                    piece_s = p;
                    piece_n = tl + 2;
                } else {
                    piece_n =
                        (size_t)snprintf(piece, sizeof piece, "%0*lld", width, (long long)seq);
                }
            } else {
                return zz_err_rule(err, ZZ_EINVAL, "case.number_pattern", "R-3.6",
                                   "项目编号格式“%.80s”含有未知的占位符，可用 <CAT> <cat> <level> "
                                   "<year> <seqN>",
                                   "case number pattern \"%.80s\" has an unknown token; use <CAT>, "
                                   "<cat>, <level>, <year>, <seqN>",
                                   pattern);
            }
            p = end + 1;
        } else {
            piece[0] = *p++;
            piece_n = 1;
        }
        if (o + piece_n >= size || o + piece_n > NUMBER_MAX + 16) {
            overflow = true;
            break;
        }
        memcpy(buf + o, piece_s, piece_n);
        o += piece_n;
    }
    buf[o] = '\0';
    if (!has_seq)
        return zz_err_rule(err, ZZ_EINVAL, "case.number_pattern", "R-3.6",
                           "项目编号格式“%.80s”缺少序号占位符 <seqN>，编号将会重复",
                           "case number pattern \"%.80s\" has no <seqN> token, so numbers would "
                           "repeat",
                           pattern);
    if (overflow || (!keep_seq && o > NUMBER_MAX))
        return zz_err_rule(err, ZZ_EINVAL, "case.number_pattern", "R-3.6",
                           "按格式“%.80s”生成的项目编号超过 40 个字符",
                           "case number pattern \"%.80s\" gives a number longer than 40 "
                           "characters",
                           pattern);
    return ZZ_OK;
}

int zz_case_number_format(char *buf, size_t size, const char *pattern, const char *category,
                          const char *cat_code, int level, int year, int64_t seq, zz_err *err)
{
    if (size == 0)
        return zz_err_set(err, ZZ_EINVAL, "case.number_pattern", "编号缓冲区为空%s",
                          "empty number buffer%s", "");
    buf[0] = '\0';
    int rc = expand(buf, size, pattern ? pattern : ZZ_CASE_NUMBER_PATTERN_DEFAULT, category,
                    cat_code, level, year, seq, false, err);
    if (rc < 0) buf[0] = '\0';
    return rc;
}

/* ---- visibility (R-0.1, R-0.2) -------------------------------------------------------------- */

/* The actor's scope; false when no role of the actor sees any case. */
static bool actor_scope(const zz_ctx *cx, zz_case_scope *sc)
{
    memset(sc, 0, sizeof *sc);
    zz_roles r = cx->actor.roles;
    if (zz_ctx_is_system(cx) || (r & (ZZ_R(ZZ_ROLE_MANAGER) | ZZ_R(ZZ_ROLE_SUPERVISOR)))) {
        sc->all = true;
        return true;
    }
    if ((r & ZZ_ROLES_APPLICANT) && cx->actor.org_id > 0) sc->org_id = cx->actor.org_id;
    if (r & (ZZ_R(ZZ_ROLE_PROJECT_LEAD) | ZZ_R(ZZ_ROLE_ASSESSOR) | ZZ_R(ZZ_ROLE_EXPERT)))
        sc->member_id = cx->actor.user_id;
    if (r & ZZ_R(ZZ_ROLE_CERT_OFFICER)) sc->certification = true;
    return sc->org_id || sc->member_id || sc->certification;
}

static int not_found(zz_err *err, const char *what)
{
    return zz_err_set(err, ZZ_ENOTFOUND, "case.not_found", "没有找到项目 %s，或您无权查看",
                      "no case %s, or it is not visible to you", what);
}

static int check_visible(zz_ctx *cx, const zz_case *c, const char *what, zz_err *err)
{
    zz_case_scope sc;
    if (!actor_scope(cx, &sc)) return not_found(err, what);
    if (sc.all) return ZZ_OK;
    bool vis = false;
    int rc = zz_case_store_visible(cx->st, &sc, c->id, &vis, err);
    if (rc < 0) return rc;
    return vis ? ZZ_OK : not_found(err, what);
}

int zz_case_get(zz_ctx *cx, int64_t id, zz_case *out, zz_err *err)
{
    char what[32];
    snprintf(what, sizeof what, "%lld", (long long)id);
    zz_case c;
    int rc = zz_case_store_load(cx->st, id, &c, err);
    if (rc == ZZ_ENOTFOUND) return not_found(err, what);
    if (rc < 0 || (rc = check_visible(cx, &c, what, err)) < 0) return rc;
    *out = c;
    return ZZ_OK;
}

int zz_case_get_by_number(zz_ctx *cx, const char *number, zz_case *out, zz_err *err)
{
    char what[64];
    snprintf(what, sizeof what, "%.60s", number ? number : "");
    zz_case c;
    int rc = zz_case_store_load_by_number(cx->st, number ? number : "", &c, err);
    if (rc == ZZ_ENOTFOUND) return not_found(err, what);
    if (rc < 0 || (rc = check_visible(cx, &c, what, err)) < 0) return rc;
    *out = c;
    return ZZ_OK;
}

/* the one place that keeps the certificate officer (and the administrators) out
 * of a case's internals; the role is checked before the case, as the route table does. */
int zz_case__require_internals(zz_ctx *cx, int64_t case_id, zz_case *out, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_CASE_INTERNALS_ROLES, err);
    if (rc < 0) return rc;
    zz_case c;
    if ((rc = zz_case_get(cx, case_id, &c, err)) < 0) return rc;
    if (out) *out = c;
    return ZZ_OK;
}

static bool known_stage(const char *s)
{
    for (int i = 0; STAGE_NAMES[i].code; i++)
        if (strcmp(s, STAGE_NAMES[i].code) == 0) return true;
    return false;
}

static bool known_state(const char *s)
{
    for (int i = 0; STATE_NAMES[i].code; i++)
        if (strcmp(s, STATE_NAMES[i].code) == 0) return true;
    return false;
}

int zz_case_list(zz_ctx *cx, const zz_case_filter *f, zz_case **out, size_t *n, int64_t *total,
                 zz_err *err)
{
    static const zz_case_filter none = {0};
    *out = NULL;
    *n = 0;
    *total = 0;
    if (!f) f = &none;
    zz_case_scope sc;
    if (!actor_scope(cx, &sc)) /* an explicit refusal, never a silent empty list */
        return zz_err_rule(err, ZZ_EPERM, "auth.role", "R-0.1", "%s 的角色不能查看项目",
                           "%s holds no role that may see cases", cx->actor.username);
    /* a filter on an organisation the actor may not see is refused like the
     * organisation itself (404 org.not_found), not answered with an empty list that reads as
     * "it has no cases". The certificate officer sees the cases in certification of every
     * organisation, so its filter needs no check. */
    if (f->org_id > 0 && !sc.all && !sc.certification) {
        int arc = zz_org_access(cx, f->org_id, ZZ_ORG_READ, err);
        if (arc < 0) return arc;
    }
    zz_case_filter q = *f;
    q.stage = is_set(f->stage) ? f->stage : NULL;
    q.state = is_set(f->state) ? f->state : NULL;
    q.from = is_set(f->from) ? f->from : NULL;
    q.to = is_set(f->to) ? f->to : NULL;
    if (q.stage && !known_stage(q.stage))
        return zz_err_set(err, ZZ_EINVAL, "input.stage", "未知的阶段“%.40s”",
                          "unknown stage \"%.40s\"", q.stage);
    if (q.state && !known_state(q.state))
        return zz_err_set(err, ZZ_EINVAL, "input.state", "未知的状态“%.40s”",
                          "unknown state \"%.40s\"", q.state);
    zz_date d;
    int rc;
    if ((q.from && (rc = zz_date_parse(&d, q.from, err)) < 0) ||
        (q.to && (rc = zz_date_parse(&d, q.to, err)) < 0))
        return rc;
    if (q.offset < 0) q.offset = 0;
    int64_t limit = f->limit <= 0 ? LIST_LIMIT_DEFAULT : f->limit;
    if (limit > LIST_LIMIT_MAX) limit = LIST_LIMIT_MAX;
    return zz_case_store_list(cx->st, &sc, &q, limit, out, n, total, err);
}

/* ---- digest and audit ----------------------------------------------------------------------- */

static json_t *case_json(const zz_case *c)
{
    return json_pack("{s:I, s:s, s:I, s:I, s:s, s:s, s:s, s:s, s:i, s:b, s:b, s:s, s:s, s:s, "
                     "s:I, s:s, s:s}",
                     "id", (json_int_t)c->id, "number", c->number, "dossier_id",
                     (json_int_t)c->dossier_id, "org_id", (json_int_t)c->org_id, "stage", c->stage,
                     "state", c->state, "submitted_on", c->submitted_on, "paper_received_on",
                     c->paper_received_on, "paper_matches", c->paper_matches, "package_verified",
                     c->package_verified, "exception_accepted", c->exception_accepted, "filed_on",
                     c->filed_on, "assessment_on", c->assessment_on, "approved_on", c->approved_on,
                     "batch_id", (json_int_t)c->batch_id, "closed_on", c->closed_on, "close_reason",
                     c->close_reason);
}

/* SM3 of the canonical JSON (sorted keys, compact) of the case row. */
static int case_digest(const zz_case *c, char hex[ZZ_SM3_HEXLEN + 1], zz_err *err)
{
    json_t *j = case_json(c);
    char *text = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    if (!text) return nomem(err);
    int rc = zz_sm3_hex(hex, text, strlen(text), err);
    free(text);
    return rc;
}

/* Adds number, from, to to detail (stolen), renders it. *out caller frees with free(). */
static int render_detail(json_t *detail, const zz_case *c, const char *from, char **out,
                         zz_err *err)
{
    *out = NULL;
    if (!detail) detail = json_object();
    if (!detail) return nomem(err);
    char to[64];
    snprintf(to, sizeof to, "%s/%s", c->stage, c->state);
    json_object_set_new(detail, "number", json_string(c->number));
    if (from) json_object_set_new(detail, "from", json_string(from));
    json_object_set_new(detail, "to", json_string(to));
    *out = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(detail);
    return *out ? ZZ_OK : nomem(err);
}

/* One running action on one case (ctx.h: require → begin → gates → writes → commit). */
typedef struct act {
    zz_ctx *cx;
    zz_case c;
    char from[64];
    json_t *detail;
} act;

static int act_fail(act *a, int rc)
{
    json_decref(a->detail);
    a->detail = NULL;
    return zz_action_abort(a->cx, rc);
}

static int act_open(act *a, zz_ctx *cx, zz_roles mask, int64_t id, zz_err *err)
{
    memset(a, 0, sizeof *a);
    a->cx = cx;
    int rc = zz_ctx_require(cx, mask, err);
    if (rc < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    if ((rc = zz_case_get(cx, id, &a->c, err)) < 0) return zz_action_abort(cx, rc);
    snprintf(a->from, sizeof a->from, "%s/%s", a->c.stage, a->c.state);
    if (!(a->detail = json_object())) return act_fail(a, nomem(err));
    return ZZ_OK;
}

/* Writes a->c, then commits with the audit entry `action`. */
static int act_commit(act *a, const char *action, zz_err *err)
{
    zz_ctx *cx = a->cx;
    int rc = zz_case_store_update(cx->st, &a->c, cx->clock.now_usec, err);
    if (rc < 0) return act_fail(a, rc);
    zz_case after;
    if ((rc = zz_case_store_load(cx->st, a->c.id, &after, err)) < 0) return act_fail(a, rc);
    char hex[ZZ_SM3_HEXLEN + 1], idstr[32], *detail = NULL;
    if ((rc = case_digest(&after, hex, err)) < 0) return act_fail(a, rc);
    rc = render_detail(a->detail, &after, a->from, &detail, err);
    a->detail = NULL;
    if (rc < 0) return zz_action_abort(cx, rc);
    snprintf(idstr, sizeof idstr, "%lld", (long long)after.id);
    rc = zz_action_commit(cx, action, "case", idstr, hex, detail, err);
    free(detail);
    return rc;
}

/* ---- refusals shared by the actions --------------------------------------------------------- */

static int wrong_state(const zz_case *c, const char *need_zh, const char *need_en, zz_err *err)
{
    return zz_err_set(err, ZZ_ESTATE, "case.state",
                      "项目 %s 当前为“%s/%s”（%s/%s），此操作要求%s%.0s",
                      "case %s is at %.0s%.0s%s/%s; this action needs %.0s%s", c->number,
                      zz_case_stage_name_zh(c->stage), zz_case_state_name_zh(c->state), c->stage,
                      c->state, need_zh, need_en);
}

static bool at(const zz_case *c, const char *stage, const char *state)
{
    return strcmp(c->stage, stage) == 0 && strcmp(c->state, state) == 0;
}

static bool ended(const zz_case *c)
{
    return strcmp(c->state, "closed") == 0 || strcmp(c->state, "certified") == 0 ||
           strcmp(c->stage, "archived") == 0;
}

static int member_is(zz_ctx *cx, int64_t case_id, const char *role, bool *out, zz_err *err)
{
    return zz_case_store_member_is(cx->st, case_id, cx->actor.user_id, role, out, err);
}

/* the actor must be the case's assigned project lead (the system passes). */
static int require_lead(zz_ctx *cx, const zz_case *c, zz_err *err)
{
    if (zz_ctx_is_system(cx)) return ZZ_OK;
    bool yes = false;
    int rc = ZZ_OK;
    if ((cx->actor.roles & ZZ_R(ZZ_ROLE_PROJECT_LEAD)) &&
        (rc = member_is(cx, c->id, "project_lead", &yes, err)) < 0)
        return rc;
    if (yes) return ZZ_OK;
    return zz_err_rule(err, ZZ_EPERM, "auth.not_assigned", "R-0.2",
                       "%s 不是项目 %s 的项目负责人，请由资质评估处负责人指派",
                       "%s is not the project lead assigned to case %s; the manager assigns "
                       "project leads",
                       cx->actor.username, c->number);
}

static int check_date(zz_date d, const char *what_zh, const char *what_en, zz_err *err)
{
    if (zz_date_valid(d)) return ZZ_OK;
    return zz_err_set(err, ZZ_EINVAL, "input.date", "%s%.0s不是有效日期",
                      "%.0s%s is not a real date", what_zh, what_en);
}

/* lo <= d <= today, else ZZ_EINVAL "input.date_range" naming the bounds. */
static int check_range(const zz_ctx *cx, zz_date d, const char *lo_s, const char *what_zh,
                       const char *what_en, zz_err *err)
{
    char ds[ZZ_DATE_STRLEN], ts[ZZ_DATE_STRLEN];
    zz_date lo;
    bool has_lo = is_set(lo_s) && zz_date_parse(&lo, lo_s, NULL) == 0;
    if (zz_date_cmp(d, cx->clock.today) > 0 || (has_lo && zz_date_cmp(d, lo) < 0))
        return zz_err_set(err, ZZ_EINVAL, "input.date_range", "%s%.0s %s 应在 %s 至今天 %s 之间",
                          "%.0s%s %s must lie between %s and today %s", what_zh, what_en,
                          zz_date_format(d, ds), has_lo ? lo_s : "-", today_str(cx, ts));
    return ZZ_OK;
}

/* ---- internal hooks ------------------------------------------------------------------------- */

static int setting_int(zz_ctx *cx, const char *key, int def, int lo, int hi)
{
    char *v = NULL;
    if (zz_case_store_setting(cx->st, key, &v, NULL) < 0 || !v) return def;
    char *end = NULL;
    long x = strtol(v, &end, 10);
    free(v);
    return (end && *end == '\0' && x >= lo && x <= hi) ? (int)x : def;
}

int zz_case__create(zz_ctx *cx, int64_t dossier_id, int64_t org_id, zz_date submitted_on,
                    int64_t *case_id, zz_err *err)
{
    if (!zz_store_in_transaction(cx->st))
        return zz_err_set(err, ZZ_ESTATE, "case.no_transaction",
                          "建立项目必须在提交申请的事务内进行%s",
                          "a case is created inside the dossier submission's transaction%s", "");
    int rc = check_date(submitted_on, "提交日期", "submission date", err);
    if (rc < 0) return rc;
    zz_case_dossier_facts d;
    if ((rc = zz_case_store_dossier(cx->st, dossier_id, &d, err)) < 0) return rc;
    if (d.org_id != org_id)
        return zz_err_set(err, ZZ_EINVAL, "case.org_mismatch", "申请 %lld 不属于单位 %lld",
                          "dossier %lld does not belong to "
                          "organisation %lld",
                          (long long)dossier_id, (long long)org_id);
    bool exists = false;
    if ((rc = zz_case_store_exists_for_dossier(cx->st, dossier_id, &exists, err)) < 0) return rc;
    if (exists)
        return zz_err_set(err, ZZ_EEXISTS, "case.exists", "申请 %lld 已建立项目",
                          "dossier %lld already has a case", (long long)dossier_id);

    char *pattern = NULL, *cat_code = NULL, key[160];
    snprintf(key, sizeof key, "case.category_code.%.100s", d.category);
    if ((rc = zz_case_store_setting(cx->st, "case.number_pattern", &pattern, err)) < 0 ||
        (rc = zz_case_store_setting(cx->st, key, &cat_code, err)) < 0) {
        free(pattern);
        return rc;
    }
    const char *pat = is_set(pattern) ? pattern : ZZ_CASE_NUMBER_PATTERN_DEFAULT;
    zz_case c;
    memset(&c, 0, sizeof c);
    char scope[128];
    rc = expand(scope, sizeof scope, pat, d.category, cat_code, d.level, submitted_on.year, 0, true,
                err);
    /* I5: numbers only go up; skip any number already taken (a pattern changed back and forth) */
    for (int tries = 0; rc == ZZ_OK; tries++) {
        int64_t seq = 0;
        bool taken = false;
        if ((rc = zz_case_store_next_seq(cx->st, scope, &seq, err)) < 0 ||
            (rc = zz_case_number_format(c.number, sizeof c.number, pat, d.category, cat_code,
                                        d.level, submitted_on.year, seq, err)) < 0 ||
            (rc = zz_case_store_number_taken(cx->st, c.number, &taken, err)) < 0)
            break;
        if (!taken) break;
        if (tries > 10000) {
            rc = zz_err_set(err, ZZ_ECONFLICT, "case.number_exhausted",
                            "无法按格式“%.80s”生成未使用的项目编号",
                            "no unused case number from pattern \"%.80s\"", pat);
            break;
        }
    }
    free(pattern);
    free(cat_code);
    if (rc < 0) return rc;
    c.dossier_id = dossier_id;
    c.org_id = org_id;
    snprintf(c.stage, sizeof c.stage, "acceptance");
    snprintf(c.state, sizeof c.state, "submitted");
    zz_date_format(submitted_on, c.submitted_on);
    c.paper_matches = -1;
    int64_t id = 0;
    if ((rc = zz_case_store_insert(cx->st, &c, cx->clock.now_usec, &id, err)) < 0) return rc;
    zz_case after;
    char hex[ZZ_SM3_HEXLEN + 1], idstr[32], *detail = NULL;
    if ((rc = zz_case_store_load(cx->st, id, &after, err)) < 0 ||
        (rc = case_digest(&after, hex, err)) < 0)
        return rc;
    json_t *dj = json_pack("{s:I, s:s, s:i, s:s}", "dossier_id", (json_int_t)dossier_id, "category",
                           d.category, "level", d.level, "app_type", d.app_type);
    if ((rc = render_detail(dj, &after, NULL, &detail, err)) < 0) return rc;
    snprintf(idstr, sizeof idstr, "%lld", (long long)id);
    rc = zz_audit_append(cx->st, &cx->clock, cx->actor.username, "case.create", "case", idstr, hex,
                         detail, err);
    free(detail);
    if (rc < 0) return rc;
    if (case_id) *case_id = id;
    return ZZ_OK;
}

int zz_case__load(zz_ctx *cx, int64_t id, zz_case *out, zz_err *err)
{
    return zz_case_store_load(cx->st, id, out, err);
}

int zz_case__set_state(zz_ctx *cx, int64_t id, const char *stage, const char *state, zz_err *err)
{
    if (!stage || !state || !known_stage(stage) || !known_state(state))
        return zz_err_set(err, ZZ_EINVAL, "input.state", "未知的阶段或状态 %.40s/%.40s",
                          "unknown stage or state %.40s/%.40s", stage ? stage : "",
                          state ? state : "");
    zz_case c;
    int rc = zz_case_store_load(cx->st, id, &c, err);
    if (rc < 0) return rc;
    snprintf(c.stage, sizeof c.stage, "%s", stage);
    snprintf(c.state, sizeof c.state, "%s", state);
    return zz_case_store_update(cx->st, &c, cx->clock.now_usec, err);
}

int zz_case__close(zz_ctx *cx, int64_t id, const char *reason, zz_date on, zz_err *err)
{
    static const char *const reasons[] = {"certified", "not_accepted", "failed", "withdrawn", NULL};
    bool ok = false;
    for (int i = 0; reason && reasons[i]; i++)
        ok = ok || strcmp(reason, reasons[i]) == 0;
    if (!ok)
        return zz_err_set(err, ZZ_EINVAL, "case.close_reason", "结案原因“%.40s”无效",
                          "invalid close reason \"%.40s\"", reason ? reason : "");
    int rc = check_date(on, "结案日期", "closing date", err);
    if (rc < 0) return rc;
    zz_case c;
    if ((rc = zz_case_store_load(cx->st, id, &c, err)) < 0) return rc;
    if (ended(&c)) return wrong_state(&c, "尚未结束", "a case that has not ended", err);
    snprintf(c.state, sizeof c.state, "%s",
             strcmp(reason, "certified") == 0 ? "certified" : "closed");
    snprintf(c.close_reason, sizeof c.close_reason, "%s", reason);
    zz_date_format(on, c.closed_on);
    if ((rc = zz_case_store_pause_end(cx->st, id, NULL, c.closed_on, NULL, err)) < 0) return rc;
    return zz_case_store_update(cx->st, &c, cx->clock.now_usec, err);
}

int zz_case__reopen(zz_ctx *cx, int64_t id, const char *stage, const char *state, zz_err *err)
{
    if (!stage || !state || !known_stage(stage) || !known_state(state) ||
        strcmp(stage, "archived") == 0 || strcmp(state, "closed") == 0)
        return zz_err_set(err, ZZ_EINVAL, "input.state", "不能重新开启到 %.40s/%.40s",
                          "cannot reopen at %.40s/%.40s", stage ? stage : "", state ? state : "");
    zz_case c;
    int rc = zz_case_store_load(cx->st, id, &c, err);
    if (rc < 0) return rc;
    if (strcmp(c.stage, "archived") == 0) /* */
        return wrong_state(&c, "尚未归档", "a case that is not archived", err);
    snprintf(c.stage, sizeof c.stage, "%s", stage);
    snprintf(c.state, sizeof c.state, "%s", state);
    c.closed_on[0] = '\0';
    c.close_reason[0] = '\0';
    return zz_case_store_update(cx->st, &c, cx->clock.now_usec, err);
}

int zz_case__is_member(zz_ctx *cx, int64_t case_id, int64_t user_id, const char *role, bool *out,
                       zz_err *err)
{
    return zz_case_store_member_is(cx->st, case_id, user_id, role, out, err);
}

/* ---- assignment (R-0.2, R-3.5) -------------------------------------------------------------- */

static int case_role(zz_role role, const char **name, zz_err *err)
{
    if (role == ZZ_ROLE_PROJECT_LEAD || role == ZZ_ROLE_ASSESSOR || role == ZZ_ROLE_EXPERT) {
        *name = zz_role_name(role);
        return ZZ_OK;
    }
    const char *n = zz_role_name(role);
    return zz_err_set(
        err, ZZ_EINVAL, "input.case_role", "项目只能指派项目负责人、项目组成员或专家（不是 %s）",
        "a case takes project_lead, assessor or expert assignments (not %s)", n ? n : "?");
}

static int load_assignee(zz_ctx *cx, const char *username, zz_role role, zz_user **u, zz_err *err)
{
    *u = NULL;
    int rc = zz_user_get_by_name(cx->st, username ? username : "", u, err);
    if (rc == ZZ_ENOTFOUND)
        return zz_err_set(err, ZZ_ENOTFOUND, "user.not_found", "没有名为“%.100s”的账号",
                          "no account named \"%.100s\"", username ? username : "");
    if (rc < 0) return rc;
    if (!(*u)->active || (*u)->org_id != 0 || !((*u)->roles & ZZ_R(role))) {
        rc = zz_err_rule(err, ZZ_ERULE, "case.assignee_role", "R-0.2",
                         "“%.100s”不是具有“%s”角色的有效评估机构账号",
                         "\"%.100s\" is not an active certification-body account with the role "
                         "%.0s%s",
                         username, zz_role_name_zh(role), zz_role_name(role));
        zz_user_free(*u);
        *u = NULL;
    }
    return rc;
}

int zz_case_assign(zz_ctx *cx, int64_t case_id, const char *username, zz_role role, zz_err *err)
{
    act a;
    const char *rname = NULL;
    int rc = act_open(&a, cx, ZZ_R(ZZ_ROLE_MANAGER), case_id, err);
    if (rc < 0) return rc;
    if ((rc = case_role(role, &rname, err)) < 0) return act_fail(&a, rc);
    if (ended(&a.c)) return act_fail(&a, wrong_state(&a.c, "尚未结束", "a running case", err));
    zz_user *u = NULL;
    if ((rc = load_assignee(cx, username, role, &u, err)) < 0) return act_fail(&a, rc);
    int64_t uid = u->id;
    zz_user_free(u);
    /* the panel is independent of the project team */
    bool lead = false, assessor = false, expert = false, same = false;
    if ((rc = zz_case_store_member_is(cx->st, case_id, uid, "project_lead", &lead, err)) < 0 ||
        (rc = zz_case_store_member_is(cx->st, case_id, uid, "assessor", &assessor, err)) < 0 ||
        (rc = zz_case_store_member_is(cx->st, case_id, uid, "expert", &expert, err)) < 0 ||
        (rc = zz_case_store_member_is(cx->st, case_id, uid, rname, &same, err)) < 0)
        return act_fail(&a, rc);
    if (same)
        return act_fail(&a, zz_err_set(err, ZZ_EEXISTS, "case.already_assigned",
                                       "“%.100s”已是项目 %s 的%s",
                                       "\"%.100s\" is already %.0s%.0s%s of case %s", username,
                                       a.c.number, zz_role_name_zh(role), rname, a.c.number));
    if ((role == ZZ_ROLE_EXPERT && (lead || assessor)) || (role != ZZ_ROLE_EXPERT && expert))
        return act_fail(
            &a,
            zz_err_rule(err, ZZ_ERULE, "gate.panel_independence", "R-3.5",
                        "“%.100s”已是项目 %s 的%s，专家组成员不得同时是项目组成员，请另选人员",
                        "\"%.100s\" is already %.0s%.0s%s on case %s: experts must not be on the "
                        "project team; choose someone else",
                        username, a.c.number, expert ? "专家组成员" : "项目组成员",
                        expert ? "an expert" : "on the project team", a.c.number));
    int64_t replaced = 0;
    if (role == ZZ_ROLE_PROJECT_LEAD &&
        (rc = zz_case_store_member_remove(cx->st, case_id, 0, rname, &replaced, err)) < 0)
        return act_fail(&a, rc);
    char today[ZZ_DATE_STRLEN];
    if ((rc = zz_case_store_member_add(cx->st, case_id, uid, rname, today_str(cx, today), err)) < 0)
        return act_fail(&a, rc);
    json_object_set_new(a.detail, "user", json_string(username));
    json_object_set_new(a.detail, "role", json_string(rname));
    if (replaced) json_object_set_new(a.detail, "replaced_lead", json_true());
    return act_commit(&a, "case.assign", err);
}

int zz_case_unassign(zz_ctx *cx, int64_t case_id, const char *username, zz_role role, zz_err *err)
{
    act a;
    const char *rname = NULL;
    int rc = act_open(&a, cx, ZZ_R(ZZ_ROLE_MANAGER), case_id, err);
    if (rc < 0) return rc;
    if ((rc = case_role(role, &rname, err)) < 0) return act_fail(&a, rc);
    if (ended(&a.c)) return act_fail(&a, wrong_state(&a.c, "尚未结束", "a running case", err));
    zz_user *u = NULL;
    rc = zz_user_get_by_name(cx->st, username ? username : "", &u, err);
    int64_t removed = 0;
    if (rc == 0) rc = zz_case_store_member_remove(cx->st, case_id, u->id, rname, &removed, err);
    zz_user_free(u);
    if (rc < 0 && rc != ZZ_ENOTFOUND) return act_fail(&a, rc);
    if (rc == ZZ_ENOTFOUND || removed == 0)
        return act_fail(
            &a, zz_err_set(err, ZZ_ENOTFOUND, "case.not_assigned", "“%.100s”不是项目 %s 的%s",
                           "\"%.100s\" is not %.0s%.0s%s of case %s", username ? username : "",
                           a.c.number, zz_role_name_zh(role), rname, a.c.number));
    json_object_set_new(a.detail, "user", json_string(username));
    json_object_set_new(a.detail, "role", json_string(rname));
    return act_commit(&a, "case.unassign", err);
}

/* ---- acceptance (R-2.3, R-1.2, R-3.1, R-3.2) ------------------------------------------------ */

int zz_case_receive_paper(zz_ctx *cx, int64_t case_id, zz_date received_on, bool matches,
                          const char *courier_note, zz_err *err)
{
    act a;
    int rc = act_open(&a, cx, ZZ_R(ZZ_ROLE_PROJECT_LEAD) | ZZ_R(ZZ_ROLE_MANAGER), case_id, err);
    if (rc < 0) return rc;
    if (!(cx->actor.roles & ZZ_R(ZZ_ROLE_MANAGER)) && (rc = require_lead(cx, &a.c, err)) < 0)
        return act_fail(&a, rc);
    if ((rc = check_date(received_on, "收到日期", "date received", err)) < 0 ||
        (rc = check_range(cx, received_on, a.c.submitted_on, "收到日期", "date received", err)) < 0)
        return act_fail(&a, rc);
    if (!at(&a.c, "acceptance", "submitted") && !at(&a.c, "acceptance", "received"))
        return act_fail(&a, wrong_state(&a.c, "处于“受理/已提交”或“受理/已收到纸质材料”",
                                        "acceptance/submitted or acceptance/received", err));
    zz_case_dossier_facts d;
    if ((rc = zz_case_store_dossier(cx->st, a.c.dossier_id, &d, err)) < 0) return act_fail(&a, rc);
    bool package_ok = false;
    zz_err perr = ZZ_ERR_INIT;
    if (d.has_package &&
        (rc = zz_dossier__package_verify(cx, a.c.dossier_id, &package_ok, &perr)) < 0) {
        if (err) *err = perr;
        return act_fail(&a, rc);
    }
    if (d.has_package && !package_ok) /* recorded, refused at filing (R-3.1 (3)) */
        json_object_set_new(a.detail, "package_problem", json_string(perr.code));
    zz_date_format(received_on, a.c.paper_received_on);
    a.c.paper_matches = matches ? 1 : 0;
    a.c.package_verified = package_ok && d.has_package; /* */
    snprintf(a.c.state, sizeof a.c.state, "received");
    if ((rc = zz_case_store_set_note(cx->st, case_id, false, courier_note, err)) < 0)
        return act_fail(&a, rc);
    json_object_set_new(a.detail, "received_on", json_string(a.c.paper_received_on));
    json_object_set_new(a.detail, "matches", json_boolean(matches));
    json_object_set_new(a.detail, "package_verified", json_boolean(a.c.package_verified));
    if (is_set(courier_note)) json_object_set_new(a.detail, "note", json_string(courier_note));
    return act_commit(&a, "case.receive_paper", err);
}

int zz_case_accept_exception(zz_ctx *cx, int64_t case_id, const char *note, zz_err *err)
{
    act a;
    int rc = act_open(&a, cx, ZZ_R(ZZ_ROLE_PROJECT_LEAD), case_id, err);
    if (rc < 0) return rc;
    if ((rc = require_lead(cx, &a.c, err)) < 0) return act_fail(&a, rc);
    if (blank(note))
        return act_fail(&a, zz_err_rule(err, ZZ_EINVAL, "input.note", "R-1.2",
                                        "接受非独立法人例外须填写说明%s",
                                        "accepting the exception needs a note%s", ""));
    if (!at(&a.c, "acceptance", "submitted") && !at(&a.c, "acceptance", "received"))
        return act_fail(&a, wrong_state(&a.c, "建档立项之前", "a case not yet filed", err));
    zz_case_org_facts o;
    if ((rc = zz_case_store_org(cx->st, a.c.org_id, &o, err)) < 0) return act_fail(&a, rc);
    if (o.legal_person)
        return act_fail(&a, zz_err_rule(err, ZZ_ESTATE, "case.exception_not_needed", "R-1.2",
                                        "“%s”是独立法人，无需接受例外",
                                        "\"%s\" is an independent legal person: no exception is "
                                        "needed",
                                        o.name));
    if (a.c.exception_accepted)
        return act_fail(&a, zz_err_rule(err, ZZ_ESTATE, "case.exception_accepted", "R-1.2",
                                        "项目 %s 已接受非独立法人例外",
                                        "case %s already has the exception accepted", a.c.number));
    if (!o.has_exception_reason)
        return act_fail(&a,
                        zz_err_rule(err, ZZ_ERULE, "gate.exception_unjustified", "R-1.2",
                                    "“%s”不是独立法人，但未登记理由和证明材料；请申请单位先在单位"
                                    "信息中登记",
                                    "\"%s\" is not an independent legal person and recorded "
                                    "no justification; the applicant records it first",
                                    o.name));
    a.c.exception_accepted = true;
    if ((rc = zz_case_store_set_note(cx->st, case_id, true, note, err)) < 0)
        return act_fail(&a, rc);
    json_object_set_new(a.detail, "note", json_string(note));
    return act_commit(&a, "case.accept_exception", err);
}

/* Appends one unmet condition to the gate message (zh/en) and remembers the first code. */
typedef struct gate_msg {
    char zh[ZZ_ERR_MSG_MAX];
    char en[ZZ_ERR_MSG_MAX];
    const char *first;
    int n;
} gate_msg;

static void gate_add(gate_msg *g, const char *code, const char *zh, const char *en)
{
    size_t lz = strlen(g->zh), le = strlen(g->en);
    snprintf(g->zh + lz, sizeof g->zh - lz, "%s%s", g->n ? "；" : "", zh);
    snprintf(g->en + le, sizeof g->en - le, "%s%s [%s]", g->n ? "; " : "", en, code);
    if (!g->first) g->first = code;
    g->n++;
}

int zz_case_file(zz_ctx *cx, int64_t case_id, zz_err *err)
{
    act a;
    int rc = act_open(&a, cx, ZZ_R(ZZ_ROLE_PROJECT_LEAD), case_id, err);
    if (rc < 0) return rc;
    if ((rc = require_lead(cx, &a.c, err)) < 0) return act_fail(&a, rc);
    if (!at(&a.c, "acceptance", "submitted") && !at(&a.c, "acceptance", "received"))
        return act_fail(
            &a, wrong_state(&a.c, "处于受理阶段且尚未建档", "acceptance before filing", err));
    zz_case_org_facts o;
    zz_case_dossier_facts d;
    if ((rc = zz_case_store_org(cx->st, a.c.org_id, &o, err)) < 0 ||
        (rc = zz_case_store_dossier(cx->st, a.c.dossier_id, &d, err)) < 0)
        return act_fail(&a, rc);
    /* all three conditions, every unmet one reported */
    gate_msg g;
    memset(&g, 0, sizeof g);
    if (!o.legal_person && !a.c.exception_accepted) /* (1), R-1.2 */
        gate_add(&g, "gate.not_legal_person",
                 "非独立法人且未接受例外（申请单位登记理由，项目负责人接受例外）",
                 "not an independent legal person and no exception accepted (the applicant "
                 "records why, the lead accepts it)");
    if (!d.stamped || !d.bound || !is_set(a.c.paper_received_on) || a.c.paper_matches != 1) {
        char zh[200] = "", en[300] = "";
        if (!d.stamped) strcat(zh, "无盖章申请书扫描件 "), strcat(en, "no stamped-form scan, ");
        if (!d.bound) strcat(zh, "未声明装订 "), strcat(en, "paper copy not declared bound, ");
        if (!is_set(a.c.paper_received_on))
            strcat(zh, "未收到纸质材料 "), strcat(en, "paper copy not received, ");
        else if (a.c.paper_matches != 1)
            strcat(zh, "纸质与电子版不一致 "), strcat(en, "paper copy does not match, ");
        zh[strlen(zh) - 1] = '\0';
        en[strlen(en) - 2] = '\0';
        char z2[260], e2[360];
        snprintf(z2, sizeof z2, "申请书须盖章装订：%s", zh);
        snprintf(e2, sizeof e2, "form stamped and bound: %s", en);
        gate_add(&g, "gate.not_stamped_bound", z2, e2); /* (2), R-2.3 */
    }
    if (!d.has_package || !a.c.package_verified) /* (3), R-2.5 */
        gate_add(&g, "gate.no_electronic_materials",
                 d.has_package ? "电子版资料包未通过校验" : "未提交电子版资料",
                 d.has_package ? "electronic package not verified"
                               : "no electronic materials attached");
    if (g.n)
        return act_fail(&a, zz_err_rule(err, ZZ_ERULE, g.first, "R-3.1", "项目 %s 不能建档立项：%s",
                                        "%.0s%.0scase %s cannot be filed: %s", a.c.number, g.zh,
                                        a.c.number, g.en));
    today_str(cx, a.c.filed_on); /* the cycle clock starts */
    snprintf(a.c.state, sizeof a.c.state, "filed");
    json_object_set_new(a.detail, "filed_on", json_string(a.c.filed_on));
    return act_commit(&a, "case.file", err);
}

int zz_case_review(zz_ctx *cx, int64_t case_id, zz_review_outcome outcome, const char *opinion,
                   zz_err *err)
{
    act a;
    int rc = act_open(&a, cx, ZZ_R(ZZ_ROLE_PROJECT_LEAD), case_id, err);
    if (rc < 0) return rc;
    if ((rc = require_lead(cx, &a.c, err)) < 0) return act_fail(&a, rc);
    const char *ocode = zz_review_outcome_code(outcome);
    if (!ocode) return act_fail(&a, zz_review_outcome_parse(&outcome, "", err));
    if (zz_ctx_is_system(cx)) /* review_opinions.decided_by names a person */
        return act_fail(&a, zz_err_rule(err, ZZ_EPERM, "auth.person_required", "R-3.2",
                                        "受理审查意见须由项目负责人本人作出，系统不能代为审查%s",
                                        "a review opinion is given by the project lead, not by "
                                        "the system%s",
                                        ""));
    if (blank(opinion))
        return act_fail(
            &a, zz_err_rule(err, ZZ_EINVAL, "input.opinion", "R-3.2", "受理审查意见不能为空%s",
                            "the review opinion must not be empty (for not_accepted "
                            "it gives the reasons)%.0s%s",
                            outcome == ZZ_REVIEW_NOT_ACCEPTED ? "（不予受理须说明理由）" : "", ""));
    if (!at(&a.c, "acceptance", "filed"))
        return act_fail(&a, wrong_state(&a.c, "处于“受理/已建档立项”", "acceptance/filed", err));
    zz_case_org_facts o;
    if ((rc = zz_case_store_org(cx->st, a.c.org_id, &o, err)) < 0) return act_fail(&a, rc);
    char today[ZZ_DATE_STRLEN];
    today_str(cx, today);
    if ((rc = zz_case_store_opinion_insert(cx->st, case_id, ocode, opinion, today,
                                           cx->actor.user_id, err)) < 0)
        return act_fail(&a, rc);
    const char *next_zh = "", *next_en = "";
    switch (outcome) {
    case ZZ_REVIEW_ACCEPTED:
        snprintf(a.c.stage, sizeof a.c.stage, "initiation");
        snprintf(a.c.state, sizeof a.c.state, "drafting");
        next_zh = "我们将起草委托协议并发送至贵单位指定邮箱。";
        next_en = "We will draft the entrustment agreement and send it to your designated address.";
        break;
    case ZZ_REVIEW_SUPPLEMENT:
        snprintf(a.c.state, sizeof a.c.state, "supplement");
        rc = zz_case_store_pause_start(cx->st, case_id, "supplement", today, err); /* */
        next_zh = "请按上述意见补充资料。补充资料期间不计入项目实施周期。";
        next_en = "Please supplement the materials as described; the time until they arrive does "
                  "not count towards the case cycle.";
        break;
    case ZZ_REVIEW_NOT_ACCEPTED:
        snprintf(a.c.state, sizeof a.c.state, "closed");
        snprintf(a.c.close_reason, sizeof a.c.close_reason, "not_accepted");
        snprintf(a.c.closed_on, sizeof a.c.closed_on, "%s", today);
        next_zh = "不予受理的理由见上述意见。如对结论有异议，可提出书面申诉。";
        next_en = "The reasons are given above. You may file a written appeal against this "
                  "decision.";
        break;
    }
    if (rc < 0) return act_fail(&a, rc);
    /* 一般以电子邮件形式反馈受理审查意见 */
    char subject[256];
    snprintf(subject, sizeof subject, "受理审查意见：%s（Acceptance review opinion）", a.c.number);
    size_t blen = strlen(opinion) + 2048;
    char *body = malloc(blen);
    if (!body) return act_fail(&a, nomem(err));
    snprintf(body, blen,
             "%s：\n\n贵单位提交的信息安全服务资质申请（项目编号 %s）经受理审查，结论为：%s。\n\n"
             "受理审查意见：\n%s\n\n%s\n\n%s\n\n"
             "----\nAcceptance review of case %s: %s.\n%s\n",
             o.name, a.c.number, zz_review_outcome_name_zh(outcome), opinion, next_zh, today,
             a.c.number, ocode, next_en);
    char idstr[32];
    snprintf(idstr, sizeof idstr, "%lld", (long long)case_id);
    rc = zz_outbox_queue(cx, o.email, subject, body, "review_opinion", "case", idstr, err);
    free(body);
    if (rc < 0) return act_fail(&a, rc);
    json_object_set_new(a.detail, "outcome", json_string(ocode));
    json_object_set_new(a.detail, "opinion", json_string(opinion));
    json_object_set_new(a.detail, "email_to", json_string(o.email));
    return act_commit(&a, "case.review", err);
}

int zz_case_supplement_received(zz_ctx *cx, int64_t case_id, zz_err *err)
{
    act a;
    int rc =
        act_open(&a, cx, ZZ_R(ZZ_ROLE_PROJECT_LEAD) | ZZ_R(ZZ_ROLE_APPLICANT_ADMIN), case_id, err);
    if (rc < 0) return rc;
    bool applicant =
        (cx->actor.roles & ZZ_R(ZZ_ROLE_APPLICANT_ADMIN)) && cx->actor.org_id == a.c.org_id;
    if (!applicant && (rc = require_lead(cx, &a.c, err)) < 0) return act_fail(&a, rc);
    if (!at(&a.c, "acceptance", "supplement"))
        return act_fail(&a,
                        wrong_state(&a.c, "处于“受理/待补充资料”", "acceptance/supplement", err));
    char today[ZZ_DATE_STRLEN];
    if ((rc = zz_case_store_pause_end(cx->st, case_id, "supplement", today_str(cx, today), NULL,
                                      err)) < 0)
        return act_fail(&a, rc);
    snprintf(a.c.state, sizeof a.c.state, "filed");
    json_object_set_new(a.detail, "received_on", json_string(today));
    return act_commit(&a, "case.supplement_received", err);
}

/* ---- initiation (R-3.3, R-9) ---------------------------------------------------------------- */

static int load_fees(zz_ctx *cx, zz_fee_schedule **out, zz_err *err)
{
    char *path = NULL;
    int rc = zz_case_store_setting(cx->st, "fees.schedule_path", &path, err);
    if (rc < 0) return rc;
    char def[1024];
    snprintf(def, sizeof def, "%s/fees.json", cx->catalog_dir);
    rc = zz_fee_schedule_load(out, is_set(path) ? path : def, err);
    free(path);
    return rc;
}

int zz_case_draft_agreement(zz_ctx *cx, int64_t case_id, zz_err *err)
{
    act a;
    int rc = act_open(&a, cx, ZZ_R(ZZ_ROLE_PROJECT_LEAD), case_id, err);
    if (rc < 0) return rc;
    if ((rc = require_lead(cx, &a.c, err)) < 0) return act_fail(&a, rc);
    if (!at(&a.c, "initiation", "drafting"))
        return act_fail(&a,
                        wrong_state(&a.c, "处于“立项/起草委托协议”", "initiation/drafting", err));
    zz_case_initiation ag;
    memset(&ag, 0, sizeof ag);
    if ((rc = zz_case_store_agreement(cx->st, case_id, &ag, err)) < 0) return act_fail(&a, rc);
    if (ag.has_agreement)
        return act_fail(&a, zz_err_set(err, ZZ_ESTATE, "case.agreement_exists",
                                       "项目 %s 已于 %s 起草委托协议",
                                       "case %s already has an agreement drafted on %s", a.c.number,
                                       ag.drafted_on));
    zz_case_dossier_facts d;
    zz_app_type type;
    if ((rc = zz_case_store_dossier(cx->st, a.c.dossier_id, &d, err)) < 0 ||
        (rc = zz_app_type_parse(&type, d.app_type, err)) < 0)
        return act_fail(&a, rc);
    zz_fee_schedule *fs = NULL;
    const zz_fee_item *items = NULL;
    size_t n = 0;
    int64_t total = 0;
    if ((rc = load_fees(cx, &fs, err)) < 0 ||
        (rc = zz_fee_items(&items, &n, fs, d.category, d.level, type, err)) < 0 ||
        (rc = zz_fee_total(&total, items, n, err)) < 0) {
        zz_fee_schedule_free(fs);
        return act_fail(&a, rc);
    }
    char today[ZZ_DATE_STRLEN], *tmpl = NULL;
    today_str(cx, today);
    json_t *lines = json_array();
    for (size_t i = 0; rc == ZZ_OK && i < n; i++) { /* one invoice line per fee item */
        rc = zz_case_store_invoice_add(cx->st, case_id, &items[i], today, err);
        json_array_append_new(lines, json_pack("{s:s, s:I}", "code", items[i].code, "amount_fen",
                                               (json_int_t)items[i].amount_fen));
    }
    zz_fee_schedule_free(fs);
    if (rc == ZZ_OK) rc = zz_case_store_setting(cx->st, "case.agreement_template", &tmpl, err);
    const char *tname = is_set(tmpl) ? tmpl : ZZ_CASE_AGREEMENT_TEMPLATE_DEFAULT;
    if (rc == ZZ_OK) rc = zz_case_store_agreement_insert(cx->st, case_id, tname, today, err);
    json_object_set_new(a.detail, "template", json_string(tname));
    json_object_set_new(a.detail, "invoice", lines);
    json_object_set_new(a.detail, "total_fen", json_integer((json_int_t)total));
    json_object_set_new(a.detail, "app_type", json_string(d.app_type));
    free(tmpl);
    if (rc < 0) return act_fail(&a, rc);
    snprintf(a.c.state, sizeof a.c.state, "agreement_drafted");
    return act_commit(&a, "case.draft_agreement", err);
}

/* The agreement, invoice and payments (store rows plus derived totals). */
static int load_initiation(zz_ctx *cx, int64_t case_id, zz_case_initiation *x, zz_err *err)
{
    memset(x, 0, sizeof *x);
    int rc = zz_case_store_agreement(cx->st, case_id, x, err);
    if (rc == ZZ_OK) rc = zz_case_store_money(cx->st, case_id, x, err);
    if (rc < 0) {
        zz_case_initiation_free(x);
        return rc;
    }
    for (size_t i = 0; i < x->n_lines; i++)
        x->invoice_total_fen += x->lines[i].amount_fen;
    zz_fee_payment *pay = calloc(x->n_payments ? x->n_payments : 1, sizeof *pay);
    if (!pay) {
        zz_case_initiation_free(x);
        return nomem(err);
    }
    for (size_t i = 0; i < x->n_payments; i++) {
        pay[i].amount_fen = x->payments[i].amount_fen;
        zz_date_parse(&pay[i].date, x->payments[i].paid_on, NULL);
        x->paid_fen += x->payments[i].amount_fen;
    }
    x->outstanding_fen = zz_fee_outstanding(x->invoice_total_fen, pay, x->n_payments);
    x->paid = x->n_lines > 0 && zz_fee_paid(x->invoice_total_fen, pay, x->n_payments);
    zz_date on;
    if (x->paid && x->n_payments > 0 &&
        zz_fee_paid_on(&on, x->invoice_total_fen, pay, x->n_payments))
        zz_date_format(on, x->paid_on);
    else if (x->paid) /* nothing to pay: paid when invoiced */
        snprintf(x->paid_on, sizeof x->paid_on, "%s", x->lines[0].issued_on);
    free(pay);
    return ZZ_OK;
}

void zz_case_initiation_free(zz_case_initiation *x)
{
    if (!x) return;
    free(x->lines);
    free(x->payments);
    x->lines = NULL;
    x->payments = NULL;
    x->n_lines = x->n_payments = 0;
}

int zz_case_send_agreement(zz_ctx *cx, int64_t case_id, zz_err *err)
{
    act a;
    int rc = act_open(&a, cx, ZZ_R(ZZ_ROLE_PROJECT_LEAD), case_id, err);
    if (rc < 0) return rc;
    if ((rc = require_lead(cx, &a.c, err)) < 0) return act_fail(&a, rc);
    if (!at(&a.c, "initiation", "agreement_drafted"))
        return act_fail(&a, wrong_state(&a.c, "处于“立项/委托协议已起草”",
                                        "initiation/agreement_drafted", err));
    zz_case_org_facts o;
    zz_case_initiation x;
    if ((rc = zz_case_store_org(cx->st, a.c.org_id, &o, err)) < 0 ||
        (rc = load_initiation(cx, case_id, &x, err)) < 0)
        return act_fail(&a, rc);
    char today[ZZ_DATE_STRLEN], money[ZZ_MONEY_STRLEN], line[ZZ_MONEY_STRLEN];
    today_str(cx, today);
    /* from now the move is the applicant's: approve the agreement, pay the fee */
    rc = zz_case_store_agreement_set(cx->st, case_id, false, today, err);
    if (rc == ZZ_OK) rc = zz_case_store_pause_start(cx->st, case_id, "agreement", today, err);
    if (rc == ZZ_OK && !x.paid)
        rc = zz_case_store_pause_start(cx->st, case_id, "payment", today, err);
    char lines[1024] = "";
    for (size_t i = 0; i < x.n_lines; i++) {
        size_t l = strlen(lines);
        snprintf(lines + l, sizeof lines - l, "  %s：%s 元\n", x.lines[i].name,
                 zz_money_format(line, x.lines[i].amount_fen));
    }
    zz_money_format(money, x.invoice_total_fen);
    char subject[256], body[4096];
    snprintf(subject, sizeof subject, "委托协议及附件：%s（Entrustment agreement）", a.c.number);
    snprintf(
        body, sizeof body,
        "%s：\n\n贵单位的信息安全服务资质申请（项目编号 %s）已受理并进入立项阶段。随函附上"
        "《%s》及其附件模板，请按以下说明填写：\n"
        "  1. 核对协议中的单位名称、统一社会信用代码、地址和联系人；\n"
        "  2. 填写附件中的服务范围、评估联系人及开票信息；\n"
        "  3. 由法定代表人或授权代表签字并加盖公章后寄回，协议自双方签章之日起生效。\n\n"
        "费用（见发票明细）：\n%s  合计：%s 元\n\n"
        "协议生效并缴清费用后，项目进入评估阶段；等待协议审批和缴费的时间不计入项目实施周期。\n\n"
        "%s\n\n----\nCase %s: please find the entrustment agreement (%s) and its annex "
        "templates. Fill them in as described above, sign and stamp, and pay %s CNY. "
        "Assessment starts once the agreement is in effect and the fee is paid.\n",
        o.name, a.c.number, x.template_name, lines, money, today, a.c.number, x.template_name,
        money);
    if (rc == ZZ_OK) {
        json_t *att = json_pack("[{s:s, s:s}, {s:s, s:s}]", "name", x.template_name, "kind",
                                "agreement", "name", "委托协议附件模板", "kind", "annex");
        char *atts = att ? json_dumps(att, JSON_COMPACT) : NULL;
        json_decref(att);
        char idstr[32];
        snprintf(idstr, sizeof idstr, "%lld", (long long)case_id);
        rc = atts ? zz_outbox_queue_ex(cx, o.email, subject, body, atts, "agreement", "case", idstr,
                                       NULL, err)
                  : nomem(err);
        free(atts);
    }
    json_object_set_new(a.detail, "sent_on", json_string(today));
    json_object_set_new(a.detail, "email_to", json_string(o.email));
    json_object_set_new(a.detail, "total_fen", json_integer((json_int_t)x.invoice_total_fen));
    zz_case_initiation_free(&x);
    if (rc < 0) return act_fail(&a, rc);
    snprintf(a.c.state, sizeof a.c.state, "waiting");
    return act_commit(&a, "case.send_agreement", err);
}

int zz_case_agreement_effective(zz_ctx *cx, int64_t case_id, zz_date on_date, zz_err *err)
{
    act a;
    int rc = act_open(&a, cx, ZZ_R(ZZ_ROLE_PROJECT_LEAD), case_id, err);
    if (rc < 0) return rc;
    if ((rc = require_lead(cx, &a.c, err)) < 0) return act_fail(&a, rc);
    if ((rc = check_date(on_date, "协议生效日期", "agreement effective date", err)) < 0)
        return act_fail(&a, rc);
    if (!at(&a.c, "initiation", "waiting"))
        return act_fail(
            &a, wrong_state(&a.c, "处于“立项/等待协议生效和缴费”", "initiation/waiting", err));
    zz_case_initiation x;
    memset(&x, 0, sizeof x);
    if ((rc = zz_case_store_agreement(cx->st, case_id, &x, err)) < 0) return act_fail(&a, rc);
    if (is_set(x.effective_on))
        return act_fail(&a, zz_err_rule(err, ZZ_ESTATE, "case.agreement_effective", "R-3.3",
                                        "项目 %s 的委托协议已于 %s 生效",
                                        "the agreement of case %s is already in effect since %s",
                                        a.c.number, x.effective_on));
    if ((rc = check_range(cx, on_date, x.sent_on, "协议生效日期（不早于发送日期）",
                          "agreement effective date (not before it was sent)", err)) < 0)
        return act_fail(&a, rc);
    char on[ZZ_DATE_STRLEN];
    zz_date_format(on_date, on);
    if ((rc = zz_case_store_agreement_set(cx->st, case_id, true, on, err)) < 0 ||
        (rc = zz_case_store_pause_end(cx->st, case_id, "agreement", on, NULL, err)) < 0)
        return act_fail(&a, rc);
    json_object_set_new(a.detail, "effective_on", json_string(on));
    return act_commit(&a, "case.agreement_effective", err);
}

int zz_case_record_payment(zz_ctx *cx, int64_t case_id, int64_t amount_fen, zz_date paid_on,
                           const char *reference, zz_err *err)
{
    act a;
    int rc = act_open(&a, cx, ZZ_R(ZZ_ROLE_PROJECT_LEAD), case_id, err);
    if (rc < 0) return rc;
    if ((rc = require_lead(cx, &a.c, err)) < 0) return act_fail(&a, rc);
    char amt[ZZ_MONEY_STRLEN], owed[ZZ_MONEY_STRLEN];
    if (amount_fen <= 0)
        return act_fail(&a,
                        zz_err_rule(err, ZZ_EINVAL, "input.amount", "R-9.2",
                                    "缴费金额 %s 元应大于零", "payment of %s CNY must be positive",
                                    zz_money_format(amt, amount_fen)));
    if ((rc = check_date(paid_on, "缴费日期", "payment date", err)) < 0) return act_fail(&a, rc);
    if (!at(&a.c, "initiation", "waiting"))
        return act_fail(
            &a, wrong_state(&a.c, "处于“立项/等待协议生效和缴费”", "initiation/waiting", err));
    zz_case_initiation x;
    if ((rc = load_initiation(cx, case_id, &x, err)) < 0) return act_fail(&a, rc);
    rc = check_range(cx, paid_on, x.sent_on, "缴费日期（不早于协议发送日期）",
                     "payment date (not before the agreement was sent)", err);
    int64_t outstanding = x.outstanding_fen;
    zz_case_initiation_free(&x);
    if (rc < 0) return act_fail(&a, rc);
    if (amount_fen > outstanding) /* refunds are not recorded here; refuse overpaying */
        return act_fail(&a, zz_err_rule(err, ZZ_ERULE, "gate.overpaid", "R-9.2",
                                        "缴费 %s 元超过尚欠金额 %s 元，请按尚欠金额登记",
                                        "a payment of %s CNY exceeds the %s CNY outstanding; "
                                        "record the amount owed",
                                        zz_money_format(amt, amount_fen),
                                        zz_money_format(owed, outstanding > 0 ? outstanding : 0)));
    char on[ZZ_DATE_STRLEN];
    zz_date_format(paid_on, on);
    if ((rc = zz_case_store_payment_add(cx->st, case_id, on, amount_fen, reference,
                                        cx->actor.user_id, err)) < 0 ||
        (rc = load_initiation(cx, case_id, &x, err)) < 0)
        return act_fail(&a, rc);
    if (x.paid) /* the payment pause ends on the day the payments covered the invoice */
        rc = zz_case_store_pause_end(cx->st, case_id, "payment", x.paid_on, NULL, err);
    json_object_set_new(a.detail, "amount_fen", json_integer((json_int_t)amount_fen));
    json_object_set_new(a.detail, "paid_on", json_string(on));
    if (is_set(reference)) json_object_set_new(a.detail, "reference", json_string(reference));
    json_object_set_new(a.detail, "outstanding_fen",
                        json_integer((json_int_t)(x.outstanding_fen > 0 ? x.outstanding_fen : 0)));
    json_object_set_new(a.detail, "paid", json_boolean(x.paid));
    zz_case_initiation_free(&x);
    if (rc < 0) return act_fail(&a, rc);
    return act_commit(&a, "case.record_payment", err);
}

int zz_case_start_assessment(zz_ctx *cx, int64_t case_id, zz_err *err)
{
    act a;
    int rc = act_open(&a, cx, ZZ_R(ZZ_ROLE_PROJECT_LEAD), case_id, err);
    if (rc < 0) return rc;
    if ((rc = require_lead(cx, &a.c, err)) < 0) return act_fail(&a, rc);
    if (!at(&a.c, "initiation", "waiting"))
        return act_fail(
            &a, wrong_state(&a.c, "处于“立项/等待协议生效和缴费”", "initiation/waiting", err));
    zz_case_initiation x;
    if ((rc = load_initiation(cx, case_id, &x, err)) < 0) return act_fail(&a, rc);
    /* both, recorded with dates */
    gate_msg g;
    memset(&g, 0, sizeof g);
    if (!is_set(x.effective_on))
        gate_add(&g, "gate.agreement_not_effective", "委托协议尚未生效（请登记协议生效日期）",
                 "the agreement is not in effect (record the date it took effect)");
    if (!x.paid || !is_set(x.paid_on)) {
        char owed[ZZ_MONEY_STRLEN], zh[160], en[200];
        zz_money_format(owed, x.outstanding_fen);
        snprintf(zh, sizeof zh, "费用未缴清（尚欠 %s 元，请登记缴费）", owed);
        snprintf(en, sizeof en, "the fee is not paid (%s CNY outstanding; record the payments)",
                 owed);
        gate_add(&g, "gate.fee_unpaid", zh, en);
    }
    json_object_set_new(a.detail, "agreement_effective_on", json_string(x.effective_on));
    json_object_set_new(a.detail, "paid_on", json_string(x.paid_on));
    zz_case_initiation_free(&x);
    if (g.n)
        return act_fail(&a, zz_err_rule(err, ZZ_ERULE, g.first, "R-3.3", "项目 %s 不能进入评估：%s",
                                        "%.0s%.0scase %s cannot enter assessment: %s", a.c.number,
                                        g.zh, a.c.number, g.en));
    char today[ZZ_DATE_STRLEN];
    if ((rc = zz_case_store_pause_end(cx->st, case_id, "agreement", today_str(cx, today), NULL,
                                      err)) < 0 ||
        (rc = zz_case_store_pause_end(cx->st, case_id, "payment", today, NULL, err)) < 0)
        return act_fail(&a, rc);
    snprintf(a.c.stage, sizeof a.c.stage, "assessment");
    snprintf(a.c.state, sizeof a.c.state, "planning");
    snprintf(a.c.assessment_on, sizeof a.c.assessment_on, "%s", today);
    return act_commit(&a, "case.start_assessment", err);
}

/* ---- withdrawal and archive (R-3.8, R-7.1) -------------------------------------------------- */

int zz_case_withdraw(zz_ctx *cx, int64_t case_id, const char *reason, zz_err *err)
{
    act a;
    int rc = act_open(&a, cx, ZZ_R(ZZ_ROLE_APPLICANT_ADMIN), case_id, err);
    if (rc < 0) return rc;
    if (!zz_ctx_is_system(cx) && cx->actor.org_id != a.c.org_id)
        return act_fail(&a,
                        zz_err_rule(err, ZZ_EPERM, "auth.not_assigned", "R-0.1",
                                    "只有项目 %s 的申请单位可以撤回申请",
                                    "only the applicant of case %s may withdraw it", a.c.number));
    if (blank(reason))
        return act_fail(&a,
                        zz_err_rule(err, ZZ_EINVAL, "input.reason", "R-3.8", "撤回申请须说明理由%s",
                                    "a withdrawal needs a reason%s", ""));
    if (ended(&a.c)) return act_fail(&a, wrong_state(&a.c, "尚未结束", "a running case", err));
    if (strcmp(a.c.stage, "certification") == 0 &&
        (strcmp(a.c.state, "approved") == 0 || is_set(a.c.approved_on))) /* */
        return act_fail(&a, zz_err_rule(err, ZZ_ERULE, "gate.withdraw_after_approval", "R-3.8",
                                        "项目 %s 已于 %s 审批通过，进入发证后不能撤回",
                                        "case %s was approved on %s: it can no longer be "
                                        "withdrawn once certification is decided",
                                        a.c.number, a.c.approved_on));
    char today[ZZ_DATE_STRLEN];
    today_str(cx, today);
    if ((rc = zz_case_store_pause_end(cx->st, case_id, NULL, today, NULL, err)) < 0 ||
        (rc = zz_case_store_dossier_withdraw(cx->st, a.c.dossier_id, cx->clock.now_usec, err)) < 0)
        return act_fail(&a, rc);
    snprintf(a.c.state, sizeof a.c.state, "closed");
    snprintf(a.c.close_reason, sizeof a.c.close_reason, "withdrawn");
    snprintf(a.c.closed_on, sizeof a.c.closed_on, "%s", today);
    json_object_set_new(a.detail, "reason", json_string(reason));
    return act_commit(&a, "case.withdraw", err);
}

int zz_case_archive(zz_ctx *cx, int64_t case_id, zz_err *err)
{
    act a;
    int rc = act_open(&a, cx, ZZ_R(ZZ_ROLE_MANAGER), case_id, err);
    if (rc < 0) return rc;
    zz_date closed;
    if (strcmp(a.c.stage, "archived") == 0 || !ended(&a.c) ||
        zz_date_parse(&closed, a.c.closed_on, NULL) < 0)
        return act_fail(&a,
                        wrong_state(&a.c, "已结束（已发证、不予受理、未通过或已撤回）且尚未归档",
                                    "a closed or certified case not yet archived", err));
    /* an open appeal may still reopen the case, so it stays out of the archive */
    bool appeal_open = false;
    if ((rc = zz_appeal_store_open_exists(cx->st, case_id, 0, &appeal_open, err)) < 0)
        return act_fail(&a, rc);
    if (appeal_open)
        return act_fail(&a, zz_err_rule(err, ZZ_ERULE, "gate.appeal_open", "R-6.1",
                                        "项目 %s 尚有申诉在调查中，调查结论作出后才能归档",
                                        "case %s has an appeal under investigation: archive it "
                                        "once the appeal is decided",
                                        a.c.number));
    char keep[ZZ_DATE_STRLEN];
    zz_date_format(zz_archive_kept_until(closed), keep); /* */
    if ((rc = zz_case_store_archive_insert(cx->st, case_id, a.c.closed_on, keep, err)) < 0)
        return act_fail(&a, rc);
    snprintf(a.c.stage, sizeof a.c.stage, "archived");
    snprintf(a.c.state, sizeof a.c.state, "archived");
    json_object_set_new(a.detail, "closed_on", json_string(a.c.closed_on));
    json_object_set_new(a.detail, "keep_until", json_string(keep));
    return act_commit(&a, "case.archive", err);
}

/* ---- reading -------------------------------------------------------------------------------- */

int zz_case_cycle(zz_ctx *cx, int64_t case_id, zz_case_cycle_info *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    zz_case c;
    int rc = zz_case__require_internals(cx, case_id, &c, err);
    if (rc < 0) return rc;
    if ((rc = zz_case_store_pauses(cx->st, case_id, &out->pauses, &out->n_pauses, err)) < 0)
        return rc;
    zz_cycle_input in;
    memset(&in, 0, sizeof in);
    if (!is_set(c.filed_on)) return ZZ_OK; /* the clock starts at filing */
    if ((rc = zz_date_parse(&in.filed, c.filed_on, err)) < 0 ||
        (is_set(c.closed_on) && (rc = zz_date_parse(&in.end, c.closed_on, err)) < 0)) {
        zz_case_cycle_free(out);
        return rc;
    }
    in.ended = is_set(c.closed_on);
    in.pauses = out->pauses;
    in.n_pauses = out->n_pauses;
    in.span_months = setting_int(cx, "case.cycle_months", ZZ_CYCLE_SPAN_MONTHS_DEFAULT, 1, 120);
    if ((rc = zz_cycle_compute(&out->clock, &in, &cx->clock, err)) < 0) {
        zz_case_cycle_free(out);
        return rc;
    }
    out->started = true;
    return ZZ_OK;
}

void zz_case_cycle_free(zz_case_cycle_info *c)
{
    if (!c) return;
    free(c->pauses);
    c->pauses = NULL;
    c->n_pauses = 0;
}

int zz_case_members(zz_ctx *cx, int64_t case_id, zz_case_member **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    zz_case c;
    int rc = zz_case__require_internals(cx, case_id, &c, err);
    if (rc < 0) return rc;
    return zz_case_store_members(cx->st, case_id, out, n, err);
}

int zz_case_opinions(zz_ctx *cx, int64_t case_id, zz_case_opinion **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    zz_case c;
    int rc = zz_case__require_internals(cx, case_id, &c, err);
    if (rc < 0) return rc;
    return zz_case_store_opinions(cx->st, case_id, out, n, err);
}

void zz_case_opinions_free(zz_case_opinion *v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++)
        free(v[i].opinion);
    free(v);
}

int zz_case_initiation_get(zz_ctx *cx, int64_t case_id, zz_case_initiation *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    zz_case c;
    int rc = zz_case__require_internals(cx, case_id, &c, err);
    if (rc < 0) return rc;
    return load_initiation(cx, case_id, out, err);
}
