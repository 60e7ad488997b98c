/*
 * archive.c — case archives: retention (R-7.1: the kept-until date and the disposal gates; pure,
 * the decisions — 29 Feb rolls forward, gate order — are stated in archive.h), then the
 * store-backed actions: listing, legal hold, recorded disposal approval, disposal, the read-only
 * check of archived cases, and the self-verifying export. SQL in src/store/archive_store.c.
 */
#include "zizhi/archive.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/domain_int.h"
#include "store/archive_store.h"
#include "zizhi/audit.h"
#include "zizhi/blob.h"
#include "zizhi/case.h"
#include "zizhi/cert.h"
#include "zizhi/ctx.h"
#include "zizhi/dossier.h"
#include "zizhi/package.h"

zz_date zz_archive_kept_until(zz_date closed)
{
    return zz_date_anniversary(closed, ZZ_ARCHIVE_RETENTION_YEARS);
}

bool zz_archive_in_retention(zz_date closed, zz_date today)
{
    return zz_date_cmp(today, zz_archive_kept_until(closed)) < 0;
}

int zz_archive_disposable(zz_date closed, zz_date today, bool legal_hold, zz_err *err)
{
    char c[ZZ_DATE_STRLEN], k[ZZ_DATE_STRLEN];
    if (!zz_date_valid(closed) || !zz_date_valid(today))
        return zz_err_rule(err, ZZ_EINVAL, "input.date", "R-7.1",
                           "档案结案日期 %s 或当前日期 %s 不是有效日期",
                           "archive closing date %s or today %s is not a real date",
                           zz_date_format(closed, c), zz_date_format(today, k));
    zz_date kept = zz_archive_kept_until(closed);
    zz_date_format(closed, c);
    zz_date_format(kept, k);
    if (zz_date_cmp(today, kept) < 0) /* */
        return zz_err_rule(err, ZZ_ERULE, "gate.archive_retention", "R-7.1",
                           "档案于 %s 结案，须保存至 %s，此前不得处置",
                           "archive closed on %s is kept until %s and cannot be disposed of "
                           "before then",
                           c, k);
    if (legal_hold) /* beyond: a supervisor's legal hold blocks disposal until lifted */
        return zz_err_rule(err, ZZ_ERULE, "gate.legal_hold", "R-7.1",
                           "档案（%s 结案，保存期至 %s）处于法律保全状态，解除前不得处置",
                           "archive (closed on %s, kept until %s) is under a legal hold and "
                           "cannot be disposed of until the hold is lifted",
                           c, k);
    return ZZ_OK;
}

/* ==== archive records (store-backed; rules in archive.h) ===================================== */

#define ROLES_ARCHIVE_READ (ZZ_R(ZZ_ROLE_MANAGER) | ZZ_R(ZZ_ROLE_SUPERVISOR))

static bool parse_date(const char *s, zz_date *d)
{
    return s && *s && zz_date_parse(d, s, NULL) == 0;
}

static void set_due(const zz_ctx *cx, zz_archive *a)
{
    zz_date k;
    a->due =
        !*a->disposed_on && parse_date(a->keep_until, &k) && zz_date_cmp(cx->clock.today, k) >= 0;
}

int zz_case__assert_mutable(zz_ctx *cx, int64_t case_id, zz_err *err)
{
    zz_case c;
    int rc = zz_case__load(cx, case_id, &c, err);
    if (rc < 0) return rc;
    if (strcmp(c.stage, "archived") == 0) /* */
        return zz_err_rule(err, ZZ_ESTATE, "archive.read_only", "R-7.1",
                           "项目 %s 已归档（%s 结案），档案保存期内不得更改",
                           "case %s is archived (closed on %s) and cannot be changed", c.number,
                           c.closed_on);
    return ZZ_OK;
}

int zz_archive_get(zz_ctx *cx, int64_t case_id, zz_archive *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = zz_ctx_require(cx, ROLES_ARCHIVE_READ, err);
    if (rc < 0 || (rc = zz_archive_store_get(cx->st, case_id, out, err)) < 0) return rc;
    set_due(cx, out);
    return ZZ_OK;
}

static int list(zz_ctx *cx, const char *due_on, zz_archive **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = zz_ctx_require(cx, ROLES_ARCHIVE_READ, err);
    if (rc < 0 || (rc = zz_archive_store_list(cx->st, due_on, out, n, err)) < 0) return rc;
    for (size_t i = 0; i < *n; i++)
        set_due(cx, &(*out)[i]);
    return ZZ_OK;
}

int zz_archive_list(zz_ctx *cx, zz_archive **out, size_t *n, zz_err *err)
{
    return list(cx, NULL, out, n, err);
}

int zz_archive_list_due(zz_ctx *cx, zz_date today, zz_archive **out, size_t *n, zz_err *err)
{
    char t[ZZ_DATE_STRLEN];
    if (!zz_date_valid(today)) {
        *out = NULL;
        *n = 0;
        return zz_err_rule(err, ZZ_EINVAL, "input.date", "R-7.1", "日期不是有效日期%s",
                           "the date is not a real date%s", "");
    }
    int rc = list(cx, zz_date_format(today, t), out, n, err);
    /* due on the given day, whatever today's clock says */
    for (size_t i = 0; rc == ZZ_OK && i < *n; i++)
        (*out)[i].due = true;
    return rc;
}

static json_t *archive_json(const zz_archive *a)
{
#define OPT(x) (*(x) ? json_string(x) : json_null())
    return json_pack("{s:I, s:s, s:s, s:b, s:o, s:o, s:o}", "case_id", (json_int_t)a->case_id,
                     "closed_on", a->closed_on, "keep_until", a->keep_until, "legal_hold",
                     a->legal_hold, "hold_reason", OPT(a->hold_reason), "disposal_approved_on",
                     OPT(a->disposal_approved_on), "disposed_on", OPT(a->disposed_on));
#undef OPT
}

static int commit(zz_ctx *cx, const char *action, int64_t case_id, json_t *detail, zz_err *err)
{
    zz_archive a;
    char hex[ZZ_SM3_HEXLEN + 1], ids[24];
    int rc = zz_archive_store_get(cx->st, case_id, &a, err);
    char *text = rc == ZZ_OK ? zz__json_text(archive_json(&a)) : NULL;
    if (rc == ZZ_OK) rc = text ? zz__digest_text(text, hex, err) : zz__nomem(err);
    free(text);
    if (rc < 0) {
        json_decref(detail);
        return zz_action_abort(cx, rc);
    }
    if (!detail) detail = json_object();
    json_object_set_new(detail, "case_number", json_string(a.case_number));
    json_object_set_new(detail, "keep_until", json_string(a.keep_until));
    char *d = zz__json_text(detail);
    snprintf(ids, sizeof ids, "%lld", (long long)case_id);
    rc = zz_action_commit(cx, action, "archive", ids, hex, d, err);
    free(d);
    return rc;
}

static int refuse_disposed(const zz_archive *a, zz_err *err)
{
    if (*a->disposed_on)
        return zz_err_rule(
            err, ZZ_ESTATE, "archive.disposed", "R-7.1", "项目 %s 的档案已于 %s 处置",
            "the archive of case %s was disposed of on %s", a->case_number, a->disposed_on);
    return ZZ_OK;
}

static int hold_or_release(zz_ctx *cx, int64_t case_id, const char *reason, bool hold, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_SUPERVISOR), err);
    if (rc < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_archive a;
    char today[ZZ_DATE_STRLEN];
    zz_date_format(cx->clock.today, today);
    if ((rc = zz_archive_store_get(cx->st, case_id, &a, err)) < 0 ||
        (rc = refuse_disposed(&a, err)) < 0)
        return zz_action_abort(cx, rc);
    if (zz__blank(reason) || strlen(reason) > 2000)
        return zz_action_abort(cx, zz_err_rule(err, ZZ_EINVAL, "input.reason", "R-7.1",
                                               "%s必须说明理由（不超过 2000 字节）%.0s",
                                               "%.0s%s needs a reason (at most 2000 bytes)",
                                               hold ? "法律保全" : "解除法律保全",
                                               hold ? "a legal hold" : "lifting a legal hold"));
    if (hold && a.legal_hold)
        return zz_action_abort(cx, zz_err_rule(err, ZZ_ESTATE, "archive.held", "R-7.1",
                                               "项目 %s 的档案已处于法律保全状态",
                                               "the archive of case %s is already under a legal "
                                               "hold",
                                               a.case_number));
    if (!hold && !a.legal_hold)
        return zz_action_abort(cx, zz_err_rule(err, ZZ_ESTATE, "archive.not_held", "R-7.1",
                                               "项目 %s 的档案没有法律保全",
                                               "the archive of case %s is not under a legal hold",
                                               a.case_number));
    rc = hold ? zz_archive_store_hold(cx->st, case_id, reason, today, cx->actor.user_id, err)
              : zz_archive_store_release(cx->st, case_id, reason, today, cx->actor.user_id, err);
    if (rc < 0) return zz_action_abort(cx, rc);
    return commit(cx, hold ? "archive.hold" : "archive.release", case_id,
                  json_pack("{s:s}", "reason", reason), err);
}

int zz_archive_hold(zz_ctx *cx, int64_t case_id, const char *reason, zz_err *err)
{
    return hold_or_release(cx, case_id, reason, true, err);
}

int zz_archive_release(zz_ctx *cx, int64_t case_id, const char *reason, zz_err *err)
{
    return hold_or_release(cx, case_id, reason, false, err);
}

/* The gates of approval and disposal: not disposed, then zz_archive_disposable. */
static int disposal_gates(zz_ctx *cx, const zz_archive *a, zz_err *err)
{
    int rc = refuse_disposed(a, err);
    if (rc < 0) return rc;
    zz_date closed;
    if (!parse_date(a->closed_on, &closed))
        closed = (zz_date){0, 0, 0}; /* refused as "input.date" by the rule below */
    /* the retention date is the one recorded at archiving (keep_until); the pure rule
     * derives the same date from the closing date */
    return zz_archive_disposable(closed, cx->clock.today, a->legal_hold, err);
}

int zz_archive_approve_disposal(zz_ctx *cx, int64_t case_id, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_MANAGER), err);
    if (rc < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_archive a;
    if ((rc = zz_archive_store_get(cx->st, case_id, &a, err)) < 0 ||
        (rc = disposal_gates(cx, &a, err)) < 0)
        return zz_action_abort(cx, rc);
    if (*a.disposal_approved_on)
        return zz_action_abort(cx, zz_err_rule(err, ZZ_ESTATE, "archive.approved", "R-7.1",
                                               "项目 %s 的档案处置已于 %s 批准",
                                               "disposal of the archive of case %s was approved "
                                               "on %s",
                                               a.case_number, a.disposal_approved_on));
    char today[ZZ_DATE_STRLEN];
    zz_date_format(cx->clock.today, today);
    if ((rc = zz_archive_store_mark(cx->st, case_id, false, today, cx->actor.user_id, err)) < 0)
        return zz_action_abort(cx, rc);
    return commit(cx, "archive.approve_disposal", case_id, NULL, err);
}

int zz_archive_dispose(zz_ctx *cx, int64_t case_id, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_MANAGER), err);
    if (rc < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_archive a;
    if ((rc = zz_archive_store_get(cx->st, case_id, &a, err)) < 0 ||
        (rc = disposal_gates(cx, &a, err)) < 0)
        return zz_action_abort(cx, rc);
    if (!*a.disposal_approved_on) /* disposal needs a recorded approval */
        return zz_action_abort(cx, zz_err_rule(err, ZZ_ERULE, "gate.disposal_not_approved", "R-7.1",
                                               "项目 %s 的档案处置尚未经批准",
                                               "disposal of the archive of case %s has not been "
                                               "approved",
                                               a.case_number));
    char today[ZZ_DATE_STRLEN];
    zz_date_format(cx->clock.today, today);
    if ((rc = zz_archive_store_mark(cx->st, case_id, true, today, cx->actor.user_id, err)) < 0)
        return zz_action_abort(cx, rc);
    return commit(cx, "archive.dispose", case_id, NULL, err);
}

/* ---- export (R-7.2) ------------------------------------------------------------------------- */

static int add_json(zz_package_writer *w, const char *name, json_t *j, zz_err *err)
{
    if (!j) return zz__nomem(err);
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS);
    json_decref(j);
    if (!text) return zz__nomem(err);
    int rc = zz_package_add_bytes(w, name, text, strlen(text), err);
    free(text);
    return rc;
}

static json_t *case_doc(zz_ctx *cx, const zz_case *c, zz_err *err, int *rc)
{
#define OPT(x) (*(x) ? json_string(x) : json_null())
    json_t *o = json_pack(
        "{s:I, s:s, s:I, s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
        (json_int_t)c->id, "number", c->number, "dossier_id", (json_int_t)c->dossier_id, "org_id",
        (json_int_t)c->org_id, "stage", c->stage, "state", c->state, "submitted_on",
        OPT(c->submitted_on), "paper_received_on", OPT(c->paper_received_on), "filed_on",
        OPT(c->filed_on), "assessment_on", OPT(c->assessment_on), "approved_on",
        OPT(c->approved_on), "closed_on", OPT(c->closed_on), "close_reason", OPT(c->close_reason),
        "batch_id", c->batch_id ? json_integer(c->batch_id) : json_null());
    if (!o) {
        *rc = zz__nomem(err);
        return NULL;
    }
    zz_case_member *m = NULL;
    zz_case_opinion *op = NULL;
    size_t nm = 0, nop = 0;
    if ((*rc = zz_case_members(cx, c->id, &m, &nm, err)) == ZZ_OK) {
        json_t *a = json_array();
        for (size_t i = 0; i < nm; i++)
            json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "username", m[i].username,
                                               "display_name", m[i].display_name, "role", m[i].role,
                                               "assigned_on", m[i].assigned_on));
        json_object_set_new(o, "members", a);
        free(m);
    }
    if (*rc == ZZ_OK && (*rc = zz_case_opinions(cx, c->id, &op, &nop, err)) == ZZ_OK) {
        json_t *a = json_array();
        for (size_t i = 0; i < nop; i++)
            json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "outcome", op[i].outcome,
                                               "opinion", op[i].opinion ? op[i].opinion : "",
                                               "decided_on", op[i].decided_on, "decided_by",
                                               op[i].decided_by));
        json_object_set_new(o, "review_opinions", a);
        zz_case_opinions_free(op, nop);
    }
    if (*rc < 0) {
        json_decref(o);
        return NULL;
    }
    return o;
#undef OPT
}

static json_t *audit_doc(const zz_audit_entry *v, size_t n)
{
    json_t *a = json_array();
    char at[ZZ_AUDIT_INSTANT_STRLEN];
    for (size_t i = 0; i < n; i++) {
        const zz_audit_entry *e = &v[i];
        json_t *d = json_loads(e->detail, 0, NULL);
        json_array_append_new(
            a, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s}", "seq",
                         (json_int_t)e->seq, "at", zz_audit_format_instant(e->at_usec, true, at),
                         "business_date", e->business_date, "actor", e->actor, "action", e->action,
                         "object_type", e->obj_type, "object_id", e->obj_id, "object_digest",
                         e->obj_digest, "detail", d ? d : json_string(e->detail), "prev_digest",
                         e->prev_digest, "digest", e->digest));
    }
    return a;
}

static int cmp_seq(const void *a, const void *b)
{
    int64_t x = ((const zz_audit_entry *)a)->seq, y = ((const zz_audit_entry *)b)->seq;
    return x < y ? -1 : x > y;
}

/* Collects the audit entries of the case's objects (R-8.1 entries about it), in chain order. */
static int collect_audit(zz_ctx *cx, const zz_case *c, zz_audit_entry **v, size_t *n, zz_err *err)
{
    *v = NULL;
    *n = 0;
    size_t cap = 0;
    int64_t *appeals = NULL, *certs = NULL;
    size_t na = 0, nc = 0;
    char id[24];
    int rc = zz_archive_store_related(cx->st, c->id, &appeals, &na, &certs, &nc, err);
    snprintf(id, sizeof id, "%lld", (long long)c->id);
    if (rc == ZZ_OK) rc = zz_archive_store_audit(cx->st, "case", id, v, n, &cap, err);
    if (rc == ZZ_OK) rc = zz_archive_store_audit(cx->st, "archive", id, v, n, &cap, err);
    snprintf(id, sizeof id, "%lld", (long long)c->dossier_id);
    if (rc == ZZ_OK) rc = zz_archive_store_audit(cx->st, "dossier", id, v, n, &cap, err);
    for (size_t i = 0; rc == ZZ_OK && i < na; i++) {
        snprintf(id, sizeof id, "%lld", (long long)appeals[i]);
        rc = zz_archive_store_audit(cx->st, "appeal", id, v, n, &cap, err);
    }
    for (size_t i = 0; rc == ZZ_OK && i < nc; i++) {
        snprintf(id, sizeof id, "%lld", (long long)certs[i]);
        rc = zz_archive_store_audit(cx->st, "certificate", id, v, n, &cap, err);
    }
    free(appeals);
    free(certs);
    if (rc < 0) {
        zz_audit_list_free(*v, *n);
        *v = NULL;
        *n = 0;
        return rc;
    }
    if (*n) qsort(*v, *n, sizeof **v, cmp_seq);
    return ZZ_OK;
}

/* A member name for an evidence file: evidence/<id>-<file name> (the name already sanitised at
 * upload; anything a package would refuse is replaced). */
static void evidence_name(char *out, size_t size, const zz_archive_evidence *e)
{
    char clean[200];
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)e->filename; *p && o + 1 < sizeof clean;
         p++)
        clean[o++] = (*p < 0x20 || *p == '/' || *p == '\\' || *p == 0x7f) ? '_' : (char)*p;
    clean[o] = '\0';
    if (!o || strcmp(clean, ".") == 0 || strcmp(clean, "..") == 0)
        snprintf(clean, sizeof clean, "file");
    snprintf(out, size, "evidence/%lld-%s", (long long)e->id, clean);
}

int zz_archive_export(zz_ctx *cx, int64_t case_id, const char *out_path, zz_err *err)
{
    int rc = zz_ctx_require(cx, ROLES_ARCHIVE_READ, err);
    if (rc < 0) return rc;
    if (!out_path || !*out_path)
        return zz_err_set(err, ZZ_EINVAL, "input.path", "没有指定导出文件%s",
                          "no output file given%s", "");
    const zz_sm2_key *key = NULL;
    if ((rc = zz_ctx_key(cx, &key, err)) < 0) return rc;
    /* the export is an audited action: reading and writing happen under its transaction, so the
     * archive cannot change while it is written (it cannot anyway) */
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    zz_case c;
    zz_archive a;
    if ((rc = zz_case__load(cx, case_id, &c, err)) < 0) return zz_action_abort(cx, rc);
    if (strcmp(c.stage, "archived") != 0)
        return zz_action_abort(cx, zz_err_rule(err, ZZ_ESTATE, "archive.not_archived", "R-7.2",
                                               "项目 %s 尚未归档（%s/%s），不能导出档案",
                                               "case %s is not archived (%s/%s): no archive to "
                                               "export",
                                               c.number, c.stage, c.state));
    if ((rc = zz_archive_store_get(cx->st, case_id, &a, err)) < 0) return zz_action_abort(cx, rc);

    zz_package_writer *w = NULL;
    zz_dossier *d = NULL;
    zz_dossier_answer_row *ans = NULL;
    zz_archive_evidence *ev = NULL;
    zz_audit_entry *au = NULL;
    size_t n_ans = 0, n_ev = 0, n_au = 0;
    char *dtext = NULL;
    int64_t *appeals = NULL, *certs = NULL;
    size_t na = 0, ncert = 0;

    if ((rc = zz_package_writer_open(&w, out_path, cx->clock.now_usec / 1000000, err)) < 0)
        goto fail;
    json_t *cj = case_doc(cx, &c, err, &rc);
    if (rc == ZZ_OK) {
        json_object_set_new(cj, "archive", archive_json(&a));
        rc = add_json(w, "case.json", cj, err);
    }
    /* the dossier: its record with the form (申请书), and the self-assessment answers */
    if (rc == ZZ_OK && (rc = zz_dossier_get(cx, c.dossier_id, &d, err)) == ZZ_OK &&
        (rc = zz_dossier_json(&dtext, d, err)) == ZZ_OK &&
        (rc = zz_dossier_answers(cx, c.dossier_id, &ans, &n_ans, err)) == ZZ_OK) {
        json_t *dj = json_loads(dtext, 0, NULL);
        json_t *aj = json_array();
        for (size_t i = 0; i < n_ans; i++)
            json_array_append_new(aj, json_pack("{s:s, s:s, s:s}", "req_id", ans[i].req_id,
                                                "self_rating", ans[i].self_rating, "statement",
                                                ans[i].statement ? ans[i].statement : ""));
        rc = add_json(
            w, "dossier.json",
            json_pack("{s:o, s:o}", "dossier", dj ? dj : json_string(dtext), "answers", aj), err);
    }
    /* the evidence files, each checked against its digest on the way */
    if (rc == ZZ_OK) rc = zz_archive_store_evidence(cx->st, case_id, c.dossier_id, &ev, &n_ev, err);
    json_t *evj = rc == ZZ_OK ? json_array() : NULL;
    for (size_t i = 0; rc == ZZ_OK && i < n_ev; i++) {
        char name[300], path[ZZ_BLOB_PATH_MAX];
        evidence_name(name, sizeof name, &ev[i]);
        if ((rc = zz_blob_path(path, cx->data_dir, ev[i].digest, err)) < 0 ||
            (rc = zz_package_add_file(w, name, path, ev[i].digest, err)) < 0)
            break;
        json_t *reqs = json_array();
        for (size_t k = 0; k < ev[i].n_req_ids; k++)
            json_array_append_new(reqs, json_string(ev[i].req_ids[k]));
        json_array_append_new(
            evj, json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:o}", "id", (json_int_t)ev[i].id,
                           "path", name, "filename", ev[i].filename, "mime", ev[i].mime, "size",
                           (json_int_t)ev[i].size, "sm3", ev[i].digest, "requirements", reqs));
    }
    if (rc == ZZ_OK)
        rc = add_json(w, "evidence.json", evj, err);
    else
        json_decref(evj);
    /* the signed certificate record(s) */
    if (rc == ZZ_OK)
        rc = zz_archive_store_related(cx->st, case_id, &appeals, &na, &certs, &ncert, err);
    if (rc == ZZ_OK && ncert) {
        json_t *ca = json_array();
        for (size_t i = 0; rc == ZZ_OK && i < ncert; i++) {
            zz_cert ct;
            if ((rc = zz_cert_get(cx, certs[i], &ct, err)) < 0) break;
            json_array_append_new(ca, json_pack("{s:s, s:s, s:s}", "number", ct.number, "record",
                                                ct.record, "signature", ct.signature));
            zz_cert_clear(&ct);
        }
        if (rc == ZZ_OK)
            rc = add_json(w, "certificate.json", ca, err);
        else
            json_decref(ca);
    }
    /* the audit entries of the case's objects */
    if (rc == ZZ_OK && (rc = collect_audit(cx, &c, &au, &n_au, err)) == ZZ_OK)
        rc = add_json(w, "audit.json", audit_doc(au, n_au), err);
    if (rc == ZZ_OK) {
        char today[ZZ_DATE_STRLEN];
        json_t *meta =
            json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "kind", "case-archive", "case_number",
                      c.number, "case_id", (json_int_t)c.id, "closed_on", a.closed_on, "keep_until",
                      a.keep_until, "exported_on", zz_date_format(cx->clock.today, today),
                      "exported_by", cx->actor.username);
        char *mt = zz__json_text(meta);
        rc = mt ? zz_package_writer_finish(w, mt, key, err) : zz__nomem(err);
        free(mt);
        if (mt) w = NULL; /* finish frees the writer, and removes the file on failure */
    }
    if (rc < 0) goto fail;
    zz_dossier_free(d);
    free(dtext);
    zz_dossier_answers_free(ans, n_ans);
    zz_archive_store_evidence_free(ev, n_ev);
    zz_audit_list_free(au, n_au);
    free(appeals);
    free(certs);
    return commit(cx, "archive.export", case_id, json_pack("{s:I}", "files", (json_int_t)n_ev),
                  err);
fail:
    zz_package_writer_abort(w);
    zz_dossier_free(d);
    free(dtext);
    zz_dossier_answers_free(ans, n_ans);
    zz_archive_store_evidence_free(ev, n_ev);
    zz_audit_list_free(au, n_au);
    free(appeals);
    free(certs);
    return zz_action_abort(cx, rc);
}
