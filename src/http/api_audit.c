/*
 * api_audit.c — the audit log (审计日志, R-8) for the audit administrator (and the supervision
 * department, which reads all of it), and the email outbox:
 *   GET /api/v1/audit                newest first (?offset=&limit=)
 *   GET /api/v1/audit/verification   walks the chain and checks the signed checkpoint
 *                                    200 with "ok" whatever it finds
 *   GET /api/v1/outbox               queued and sent emails (?pending=true&purpose=)
 * The audit functions work on the store; who may read them is the route table's alone.
 */
#include "http/api.h"

#include <stdlib.h>
#include <string.h>

#include "zizhi/audit.h"
#include "zizhi/outbox.h"

int zzh_api_audit_list(zzh_req *rq, zz_err *err)
{
    int64_t offset, limit;
    int rc = zzh_page(rq, &offset, &limit, err);
    if (rc < 0) return rc;
    if (offset > 1000000)
        return zz_err_set(err, ZZ_EINVAL, "input.query", "查询参数 \"offset\" 过大（最多 %d）",
                          "query parameter \"offset\" is too large (at most %d)", 1000000);
    int64_t count = 0;
    char head[ZZ_SM3_HEXLEN + 1];
    if ((rc = zz_audit_head(rq->cx->st, &count, head, err)) < 0) return rc;
    zz_audit_entry *e = NULL;
    size_t n = 0;
    if ((rc = zz_audit_list(rq->cx->st, (size_t)(offset + limit), &e, &n, err)) < 0) return rc;
    json_t *items = json_array();
    for (size_t i = (size_t)offset; i < n; i++) {
        char at[ZZ_AUDIT_INSTANT_STRLEN];
        json_t *detail = json_loads(e[i].detail ? e[i].detail : "{}", 0, NULL);
        json_array_append_new(
            items, json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:s?, s:s, s:s, s:o, s:s, s:s}", "seq",
                             (json_int_t)e[i].seq, "at",
                             zz_audit_format_instant(e[i].at_usec, true, at), "business_date",
                             e[i].business_date, "actor", e[i].actor, "action", e[i].action,
                             "obj_type", e[i].obj_type, "obj_id", e[i].obj_id ? e[i].obj_id : "",
                             "obj_digest", e[i].obj_digest ? e[i].obj_digest : "", "detail",
                             detail ? detail : json_object(), "prev_digest", e[i].prev_digest,
                             "digest", e[i].digest));
    }
    zz_audit_list_free(e, n);
    return zzh_reply_list(rq, items, count, offset, limit);
}

int zzh_api_audit_verify(zzh_req *rq, zz_err *err)
{
    const zz_sm2_key *key = NULL;
    int rc = zz_ctx_key(rq->cx, &key, err);
    if (rc < 0) return rc;
    zz_audit_report r;
    memset(&r, 0, sizeof r);
    if ((rc = zz_audit_verify(rq->cx->st, rq->cx->data_dir, key, &r, err)) < 0) return rc;
    json_t *o = json_pack("{s:b, s:I, s:I, s:s, s:o, s:b, s:I, s:o, s:o}", "ok", r.ok,
                          "entries_checked", (json_int_t)r.entries_checked, "count",
                          (json_int_t)r.count, "head", r.head, "first_bad_seq",
                          zzh_jid(r.first_bad_seq), "checkpoint_present", r.checkpoint_present,
                          "checkpoint_count", (json_int_t)r.checkpoint_count, "checkpoint_head",
                          zzh_jstr(r.checkpoint_head), "checkpoint_at", zzh_jstr(r.checkpoint_at));
    if (!r.ok) {
        json_object_set_new(o, "code", json_string(r.code));
        json_object_set_new(o, "message", json_string(r.message_zh));
        json_object_set_new(o, "message_en", json_string(r.message));
    }
    return zzh_reply_json(rq, 200, o);
}

int zzh_api_outbox_list(zzh_req *rq, zz_err *err)
{
    int64_t offset, limit;
    bool pending = false;
    const char *purpose = NULL;
    int rc = zzh_page(rq, &offset, &limit, err);
    if (rc == 0) rc = zzh_query_bool(rq, "pending", false, &pending, err);
    if (rc == 0) rc = zzh_query_text(rq, "purpose", 40, &purpose, err);
    if (rc < 0) return rc;
    zz_outbox_filter f = {.pending_only = pending, .purpose = purpose};
    zz_outbox_msg *m = NULL;
    size_t n = 0;
    if ((rc = zz_outbox_list(rq->cx, &f, &m, &n, err)) < 0) return rc;
    json_t *items = json_array();
    for (size_t i = (size_t)offset; i < n && i < (size_t)(offset + limit); i++) {
        json_t *att = json_loads(m[i].attachments ? m[i].attachments : "[]", 0, NULL);
        json_array_append_new(
            items,
            json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:I, s:o, s:i, s:o}", "id",
                      (json_int_t)m[i].id, "to", m[i].to_addr, "subject", m[i].subject, "body",
                      m[i].body, "attachments", att ? att : json_array(), "purpose", m[i].purpose,
                      "ref_type", zzh_jstr(m[i].ref_type), "ref_id", zzh_jstr(m[i].ref_id),
                      "created_usec", (json_int_t)m[i].created_usec, "sent_usec",
                      m[i].sent_usec ? json_integer(m[i].sent_usec) : json_null(), "attempts",
                      m[i].attempts, "last_error", zzh_jstr(m[i].last_error)));
    }
    zz_outbox_list_free(m, n);
    return zzh_reply_list(rq, items, (int64_t)n, offset, limit);
}
