/*
 * pubdoc.c — the public documents of R-2.7 (申请须知): kinds, publishing a version (sys_admin,
 * audited), the current version of each kind, a kind's history (rules in pubdoc.h; SQL in
 * src/store/pubdoc_store.c).
 */
#include "zizhi/pubdoc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/domain_int.h"
#include "store/pubdoc_store.h"
#include "zizhi/blob.h"
#include "zizhi/ctx.h"
#include "zizhi/dossier.h"

static const struct {
    const char *code, *zh, *en;
} KINDS[] = {
    [ZZ_PUBDOC_CRITERIA] = {"criteria", "评估准则", "assessment criteria"},
    [ZZ_PUBDOC_GUIDE] = {"guide", "申请与维持指南", "application and maintenance guide"},
    [ZZ_PUBDOC_FORM] = {"form", "申请书及附件", "application form and annexes"},
    [ZZ_PUBDOC_FAQ] = {"faq", "常见问题解答", "frequently asked questions"},
    [ZZ_PUBDOC_CONTACTS] = {"contacts", "联系方式", "contact details"},
};

static bool kind_known(zz_pubdoc_kind k)
{
    return k >= ZZ_PUBDOC_CRITERIA && k <= ZZ_PUBDOC_CONTACTS;
}

const char *zz_pubdoc_kind_code(zz_pubdoc_kind k)
{
    return kind_known(k) ? KINDS[k].code : NULL;
}

const char *zz_pubdoc_kind_name_zh(zz_pubdoc_kind k)
{
    return kind_known(k) ? KINDS[k].zh : NULL;
}

const char *zz_pubdoc_kind_name_en(zz_pubdoc_kind k)
{
    return kind_known(k) ? KINDS[k].en : NULL;
}

int zz_pubdoc_kind_parse(zz_pubdoc_kind *out, const char *s, zz_err *err)
{
    for (int k = ZZ_PUBDOC_CRITERIA; k <= ZZ_PUBDOC_CONTACTS; k++)
        if (s && (strcmp(s, KINDS[k].code) == 0 || strcmp(s, KINDS[k].zh) == 0)) {
            *out = (zz_pubdoc_kind)k;
            return ZZ_OK;
        }
    return zz_err_rule(err, ZZ_EINVAL, "input.pubdoc_kind", "R-2.7",
                       "公开文件类别“%.40s”无效（应为 criteria、guide、form、faq 或 contacts）",
                       "invalid public document kind \"%.40s\" (criteria, guide, form, faq or "
                       "contacts)",
                       s ? s : "");
}

/* Section 十 of 信息安全服务资质申请与维持指南（人工智能安全类一级）, 2026-06. */
const char *zz_pubdoc_contacts_text(void)
{
    return "名称：中国信息安全测评中心 资质评估处\n"
           "地址：中国北京市海淀区上地西路 8 号院 1 号楼（邮编：100085）\n"
           "咨询电话：010-82341582 或 82341551\n"
           "测评中心网站：https://www.itsec.gov.cn\n"
           "服务资质公众号：国家信息安全服务资质\n";
}

/* ---- publishing -------------------------------------------------------------------------------
 */

static bool version_ok(const char *v)
{
    if (!v || !*v || strlen(v) > ZZ_PUBDOC_VERSION_MAX) return false;
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p < 0x20 || *p == 0x7f) return false;
    return !zz__blank(v);
}

/* A media type: letters, digits and /.+-_;= and spaces, with one '/' (as evidence). */
static bool mime_ok(const char *m)
{
    if (!m || !*m || strlen(m) > 100 || !strchr(m, '/')) return false;
    for (; *m; m++)
        if (!((*m >= 'a' && *m <= 'z') || (*m >= 'A' && *m <= 'Z') || (*m >= '0' && *m <= '9') ||
              strchr("/.+-_;= ", *m)))
            return false;
    return true;
}

static json_t *pubdoc_json(const zz_pubdoc *d)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "kind", zz_pubdoc_kind_code(d->kind),
                     "version", d->version, "date", d->doc_date, "digest", d->digest, "filename",
                     d->filename, "mime", d->mime, "size", (json_int_t)d->size);
}

int zz_pubdoc_publish(zz_ctx *cx, zz_pubdoc_kind kind, const char *version, zz_date date,
                      const char *digest, const char *filename, const char *mime, int64_t *id,
                      zz_err *err)
{
    int64_t id_local = 0;
    if (!id) id = &id_local;
    *id = 0;
    int rc = zz_ctx_require(cx, ZZ_R(ZZ_ROLE_SYS_ADMIN), err);
    if (rc < 0) return rc;
    if (!kind_known(kind)) return zz_pubdoc_kind_parse(&kind, "", err);
    if (!version_ok(version))
        return zz_err_rule(err, ZZ_EINVAL, "input.version", "R-2.7",
                           "版本号须为 1 至 %d 字节的文字，不含控制字符",
                           "the version must be 1 to %d bytes of text without control characters",
                           ZZ_PUBDOC_VERSION_MAX);
    if (!zz_date_valid(date))
        return zz_err_rule(err, ZZ_EINVAL, "input.date", "R-2.7", "文件日期不是有效日期%s",
                           "the document date is not a real date%s", "");
    if (!mime) mime = "application/octet-stream";
    if (!mime_ok(mime))
        return zz_err_set(err, ZZ_EINVAL, "input.mime", "文件类型 \"%s\" 无效",
                          "invalid media type \"%s\"", mime);
    if (!digest || !zz_blob_hex_valid(digest))
        return zz_err_set(
            err, ZZ_EINVAL, "input.digest", "\"%s\" 不是有效的 SM3 摘要（64 位小写十六进制）",
            "\"%s\" is not an SM3 digest (64 lower-case hex digits)", digest ? digest : "");
    zz_pubdoc d;
    memset(&d, 0, sizeof d);
    /* I2, R-8.3: the file is there and is what its name says (reads it: outside the lock) */
    if ((rc = zz_blob_verify(cx->data_dir, digest, err)) < 0 ||
        (rc = zz_pubdoc_store_blob_size(cx->data_dir, digest, &d.size, err)) < 0)
        return rc;
    d.kind = kind;
    snprintf(d.version, sizeof d.version, "%s", version);
    zz_date_format(date, d.doc_date);
    snprintf(d.digest, sizeof d.digest, "%s", digest);
    char name[ZZ_DOSSIER_FILENAME_MAX + 1];
    zz_dossier_sanitize_filename(name, filename ? filename : "");
    snprintf(d.filename, sizeof d.filename, "%s", name);
    snprintf(d.mime, sizeof d.mime, "%s", mime);
    d.published_usec = cx->clock.now_usec;

    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    rc = zz_pubdoc_store_insert(cx->st, &d, cx->actor.user_id, id, err);
    if (rc == ZZ_EEXISTS)
        rc = zz_err_rule(err, ZZ_EEXISTS, "pubdoc.version_exists", "R-2.7",
                         "%s%.0s已有版本“%s”，已发布的版本不能更改，请使用新的版本号",
                         "%.0s%s already has a version \"%s\"; a published version cannot change, "
                         "use a new version",
                         KINDS[kind].zh, KINDS[kind].en, version);
    if (rc < 0) return zz_action_abort(cx, rc);
    char *text = zz__json_text(pubdoc_json(&d));
    char hex[ZZ_SM3_HEXLEN + 1], ids[24];
    if (!text) return zz_action_abort(cx, zz__nomem(err));
    if ((rc = zz__digest_text(text, hex, err)) < 0) {
        free(text);
        return zz_action_abort(cx, rc);
    }
    snprintf(ids, sizeof ids, "%lld", (long long)*id);
    rc = zz_action_commit(cx, "pubdoc.publish", "pubdoc", ids, hex, text, err);
    free(text);
    if (rc < 0) *id = 0;
    return rc;
}

/* ---- reading (anyone) -------------------------------------------------------------------------
 */

static bool sees_future(const zz_ctx *cx)
{
    return zz_ctx_require(cx, ZZ_R(ZZ_ROLE_SYS_ADMIN), NULL) == 0;
}

int zz_pubdoc_list_current(zz_ctx *cx, zz_pubdoc **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    char today[ZZ_DATE_STRLEN];
    zz_date_format(cx->clock.today, today);
    zz_pubdoc *cur = NULL;
    size_t nc = 0;
    int rc = zz_pubdoc_store_current(cx->st, today, &cur, &nc, err);
    if (rc < 0) return rc;
    zz_pubdoc *v = calloc(ZZ_PUBDOC_KINDS, sizeof *v);
    if (!v) {
        free(cur);
        return zz__nomem(err);
    }
    size_t m = 0;
    for (int k = ZZ_PUBDOC_CRITERIA; k <= ZZ_PUBDOC_CONTACTS; k++) {
        bool found = false;
        for (size_t i = 0; i < nc && !found; i++)
            if (cur[i].kind == (zz_pubdoc_kind)k) {
                v[m++] = cur[i];
                found = true;
            }
        if (!found && k == ZZ_PUBDOC_CONTACTS) { /* the guide's own section 十 */
            zz_pubdoc *d = &v[m++];
            d->kind = ZZ_PUBDOC_CONTACTS;
            d->builtin = true;
            snprintf(d->version, sizeof d->version, "2026.06");
            snprintf(d->doc_date, sizeof d->doc_date, "2026-06-01");
            snprintf(d->mime, sizeof d->mime, "text/plain; charset=utf-8");
            d->size = (int64_t)strlen(zz_pubdoc_contacts_text());
        }
    }
    free(cur);
    *out = v;
    *n = m;
    return ZZ_OK;
}

int zz_pubdoc_history(zz_ctx *cx, zz_pubdoc_kind kind, zz_pubdoc **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    if (!kind_known(kind)) return zz_pubdoc_kind_parse(&kind, "", err);
    char today[ZZ_DATE_STRLEN];
    zz_date_format(cx->clock.today, today);
    return zz_pubdoc_store_history(cx->st, kind, sees_future(cx) ? NULL : today, out, n, err);
}

int zz_pubdoc_get(zz_ctx *cx, int64_t id, zz_pubdoc *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = zz_pubdoc_store_get(cx->st, id, out, err);
    if (rc < 0) return rc;
    char today[ZZ_DATE_STRLEN];
    zz_date_format(cx->clock.today, today);
    if (strcmp(out->doc_date, today) > 0 && !sees_future(cx)) { /* not public yet */
        memset(out, 0, sizeof *out);
        return zz_err_set(err, ZZ_ENOTFOUND, "pubdoc.not_found", "没有编号为 %lld 的公开文件",
                          "no public document %lld", (long long)id);
    }
    return ZZ_OK;
}
