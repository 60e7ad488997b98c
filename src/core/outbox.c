/*
 * outbox.c — queueing email inside domain actions and the delivery bookkeeping of src/mail
 * (rules in outbox.h; SQL in src/store/outbox_store.c).
 */
#include "zizhi/outbox.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store/outbox_store.h"
#include "zizhi/ctx.h"

/* One address: local@domain, printable ASCII without spaces, quotes, angle brackets or commas,
 * so that it can go into an SMTP envelope and a header as it is. */
static bool address_ok(const char *a)
{
    if (!a) return false;
    size_t n = strlen(a);
    if (n < 3 || n > 200) return false;
    const char *at = strchr(a, '@');
    if (!at || at == a || at[1] == '\0' || strchr(at + 1, '@') || !strchr(at + 1, '.'))
        return false;
    for (const char *p = a; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= ' ' || c >= 0x7f || strchr("<>,;\"()[]\\", c)) return false;
    }
    return true;
}

int zz_outbox_queue_ex(zz_ctx *cx, const char *to, const char *subject, const char *body,
                       const char *attachments_json, const char *purpose, const char *ref_type,
                       const char *ref_id, int64_t *id, zz_err *err)
{
    if (!zz_store_in_transaction(cx->st)) /* I1 */
        return zz_err_set(err, ZZ_ESTATE, "outbox.no_transaction",
                          "邮件只能在业务操作的事务内排队%s",
                          "email can only be queued inside an action's transaction%s", "");
    if (!address_ok(to))
        return zz_err_set(err, ZZ_EINVAL, "outbox.address",
                          "收件地址“%.200s”不是有效的电子邮件地址，请更正单位的指定邮箱",
                          "\"%.200s\" is not a valid email address; correct the designated "
                          "address",
                          to ? to : "");
    if (!subject || !*subject || !body || !*body || !purpose || !*purpose ||
        strlen(subject) > ZZ_OUTBOX_SUBJECT_MAX * 4)
        return zz_err_set(err, ZZ_EINVAL, "outbox.message",
                          "邮件缺少主题、正文或用途，或主题过长%s",
                          "email needs a subject, a body and a purpose, and a short subject%s", "");
    if (attachments_json) {
        json_t *j = json_loads(attachments_json, 0, NULL);
        bool ok = j && json_is_array(j);
        json_decref(j);
        if (!ok)
            return zz_err_set(err, ZZ_EINVAL, "outbox.attachments", "邮件附件清单不是 JSON 数组%s",
                              "attachments are not a JSON array%s", "");
    }
    zz_outbox_msg m = {0};
    m.to_addr = (char *)to;
    m.subject = (char *)subject;
    m.body = (char *)body;
    m.attachments = (char *)attachments_json;
    m.purpose = (char *)purpose;
    m.ref_type = (char *)ref_type;
    m.ref_id = (char *)ref_id;
    m.created_usec = cx->clock.now_usec;
    return zz_outbox_store_insert(cx->st, &m, id, err);
}

int zz_outbox_queue(zz_ctx *cx, const char *to, const char *subject, const char *body,
                    const char *purpose, const char *ref_type, const char *ref_id, zz_err *err)
{
    return zz_outbox_queue_ex(cx, to, subject, body, NULL, purpose, ref_type, ref_id, NULL, err);
}

int zz_outbox_list(zz_ctx *cx, const zz_outbox_filter *f, zz_outbox_msg **out, size_t *n,
                   zz_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = zz_ctx_require(
        cx, ZZ_R(ZZ_ROLE_SYS_ADMIN) | ZZ_R(ZZ_ROLE_MANAGER) | ZZ_R(ZZ_ROLE_SUPERVISOR), err);
    if (rc < 0) return rc;
    if ((rc = zz_outbox_store_list(cx->st, f, out, n, err)) < 0) return rc;
    if (zz_ctx_is_system(cx) || (cx->actor.roles & ZZ_OUTBOX_CONTENT_ROLES)) return ZZ_OK;
    /* sys_admin runs delivery and sees its status, not what the messages say
     * (review opinions and agreements of every organisation). */
    for (size_t i = 0; i < *n; i++) {
        char *body = strdup(""), *att = strdup("[]");
        if (!body || !att) {
            free(body);
            free(att);
            zz_outbox_list_free(*out, *n);
            *out = NULL;
            *n = 0;
            return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
        }
        free((*out)[i].body);
        free((*out)[i].attachments);
        (*out)[i].body = body;
        (*out)[i].attachments = att;
    }
    return ZZ_OK;
}

int zz_outbox__deliverable(zz_ctx *cx, const zz_outbox_filter *f, zz_outbox_msg **out, size_t *n,
                           zz_err *err)
{
    *out = NULL;
    *n = 0;
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_SYS_ADMIN), err);
    if (rc < 0) return rc;
    return zz_outbox_store_list(cx->st, f, out, n, err);
}

void zz_outbox_list_free(zz_outbox_msg *msgs, size_t n)
{
    if (!msgs) return;
    for (size_t i = 0; i < n; i++) {
        free(msgs[i].to_addr);
        free(msgs[i].subject);
        free(msgs[i].body);
        free(msgs[i].attachments);
        free(msgs[i].purpose);
        free(msgs[i].ref_type);
        free(msgs[i].ref_id);
        free(msgs[i].last_error);
    }
    free(msgs);
}

static int mark(zz_ctx *cx, int64_t id, bool sent, int64_t at_usec, const char *error, zz_err *err)
{
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_SYS_ADMIN), err);
    if (rc < 0) return rc;
    /* Outside a caller's transaction take our own short one; inside, join it. */
    bool own = !zz_store_in_transaction(cx->st);
    if (own && (rc = zz_store_begin(cx->st, err)) < 0) return rc;
    rc = zz_outbox_store_mark(cx->st, id, sent, at_usec, error, err);
    if (!own) return rc;
    if (rc < 0) {
        zz_store_rollback(cx->st, NULL);
        return rc;
    }
    return zz_store_commit(cx->st, err);
}

int zz_outbox_mark_sent(zz_ctx *cx, int64_t id, int64_t at_usec, zz_err *err)
{
    return mark(cx, id, true, at_usec, NULL, err);
}

int zz_outbox_mark_failed(zz_ctx *cx, int64_t id, const char *error, zz_err *err)
{
    return mark(cx, id, false, 0, error, err);
}
