/*
 * api_pubdoc.c — the public documents (申请须知, R-2.7; include/zizhi/pubdoc.h):
 *   GET  /api/v1/public/documents              the current version of each kind with its date
 *                                              (public); ?kind=K: every version of one kind
 *   GET  /api/v1/public/documents/{id}/content the file of one version, streamed (public)
 *   POST /api/v1/documents                     sys_admin publishes a version: multipart, the
 *                                              file in "file", the fields "kind", "version" and
 *                                              "date" (YYYY-MM-DD, default today)
 * The upload streams into the blob store (upload.c) before the handler runs; the handler then
 * publishes it with zz_pubdoc_publish, which checks the blob again.
 */
#include "http/api.h"

#include <stdlib.h>
#include <string.h>

#include "zizhi/pubdoc.h"

static json_t *doc_json(const zz_pubdoc *d)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", zzh_jid(d->id));
    json_object_set_new(o, "kind", json_string(zz_pubdoc_kind_code(d->kind)));
    json_object_set_new(o, "kind_name", json_string(zz_pubdoc_kind_name_zh(d->kind)));
    json_object_set_new(o, "kind_name_en", json_string(zz_pubdoc_kind_name_en(d->kind)));
    json_object_set_new(o, "version", json_string(d->version));
    json_object_set_new(o, "date", json_string(d->doc_date));
    json_object_set_new(o, "filename", zzh_jstr(d->filename));
    json_object_set_new(o, "mime", json_string(d->mime));
    json_object_set_new(o, "size", json_integer(d->size));
    json_object_set_new(o, "digest", zzh_jstr(d->digest));
    json_object_set_new(o, "builtin", json_boolean(d->builtin));
    if (d->builtin) {
        json_object_set_new(o, "text", json_string(zz_pubdoc_contacts_text()));
        json_object_set_new(o, "content_url", json_null());
    } else {
        char url[96];
        snprintf(url, sizeof url, ZZH_API_PREFIX "/public/documents/%lld/content",
                 (long long)d->id);
        json_object_set_new(o, "content_url", json_string(url));
    }
    return o;
}

int zzh_api_pubdoc_list(zzh_req *rq, zz_err *err)
{
    const char *kind_s = NULL;
    int rc = zzh_query_text(rq, "kind", 40, &kind_s, err);
    if (rc < 0) return rc;
    zz_pubdoc *v = NULL;
    size_t n = 0;
    if (kind_s) {
        zz_pubdoc_kind kind;
        if ((rc = zz_pubdoc_kind_parse(&kind, kind_s, err)) < 0 ||
            (rc = zz_pubdoc_history(rq->cx, kind, &v, &n, err)) < 0)
            return rc;
    } else if ((rc = zz_pubdoc_list_current(rq->cx, &v, &n, err)) < 0) {
        return rc;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, doc_json(&v[i]));
    free(v);
    return zzh_reply_list(rq, items, (int64_t)n, 0, (int64_t)n);
}

int zzh_api_pubdoc_content(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc < 0) return rc;
    zz_pubdoc d;
    if ((rc = zz_pubdoc_get(rq->cx, id, &d, err)) < 0) return rc;
    return zzh_reply_blob(rq, d.digest, d.mime, d.filename, err);
}

int zzh_api_pubdoc_precheck(zzh_req *rq, zz_err *err)
{
    (void)err;
    static const char *const FIELDS[] = {"kind", "version", "date", NULL};
    zzh_upload_expect(rq, "file", FIELDS);
    return 0;
}

int zzh_api_pubdoc_publish(zzh_req *rq, zz_err *err)
{
    const zzh_upload_file *f = zzh_upload_result(rq);
    if (!f) /* zzh_upload_finish refuses an upload without a file before this runs */
        return zz_err_set(err, ZZ_EINVAL, "input.missing_field",
                          "缺少上传的文件（表单字段 \"%s\"）",
                          "missing the uploaded file (form field \"%s\")", "file");
    const char *kind_s = zzh_upload_field(rq, "kind"), *version = zzh_upload_field(rq, "version"),
               *date_s = zzh_upload_field(rq, "date");
    if (!kind_s || !version)
        return zz_err_set(err, ZZ_EINVAL, "input.missing_field", "缺少表单字段 \"%s\"",
                          "missing the form field \"%s\"", !kind_s ? "kind" : "version");
    zz_pubdoc_kind kind;
    zz_date date = rq->cx->clock.today;
    int rc = zz_pubdoc_kind_parse(&kind, kind_s, err);
    if (rc < 0) return rc;
    if (date_s && *date_s && (rc = zz_date_parse(&date, date_s, err)) < 0) return rc;
    int64_t id = 0;
    if ((rc = zz_pubdoc_publish(rq->cx, kind, version, date, f->digest, f->filename, f->mime, &id,
                                err)) < 0)
        return rc;
    zz_pubdoc d;
    if ((rc = zz_pubdoc_get(rq->cx, id, &d, err)) < 0) return rc;
    return zzh_reply_json(rq, 201, doc_json(&d));
}
