/*
 * api_evidence.c — evidence files of a dossier (证据材料, R-2.1, R-8.3):
 *   GET    /api/v1/dossiers/{id}/evidence                                 list, with mappings
 *   POST   /api/v1/dossiers/{id}/evidence                                 upload (multipart:
 *          the file in field "file", requirement ids in "reqs", comma-separated or repeated)
 *   GET    /api/v1/dossiers/{id}/evidence/{evidenceId}                    one, metadata
 *   GET    /api/v1/dossiers/{id}/evidence/{evidenceId}/content            download
 *   DELETE /api/v1/dossiers/{id}/evidence/{evidenceId}                    remove from the dossier
 *   PUT    /api/v1/dossiers/{id}/evidence/{evidenceId}/requirements/{reqId}  map
 *   DELETE /api/v1/dossiers/{id}/evidence/{evidenceId}/requirements/{reqId}  unmap
 *   GET    /api/v1/evidence/{id}                                          one, by its own id
 *   GET    /api/v1/evidence/{id}/content                                  download, by its own id
 *
 * The upload never sits in memory: upload.c streams it into the blob store (SM3 while writing,
 * type from content with libmagic) before this handler runs; the handler then records it with
 * zz_dossier_add_evidence, which sanitises the file name and checks the blob again.
 * A download streams the blob from disk with the recorded type and name, to whoever may read
 * the dossier (dossier.c decides; 404 otherwise).
 */
#include "http/api.h"

#include <stdlib.h>
#include <string.h>

#include "zizhi/dossier.h"
#include "zizhi/evidence.h"

#define MAX_REQS 200

static json_t *evidence_json(int64_t dossier_id, const zz_dossier_evidence *e)
{
    json_t *reqs = json_array();
    for (size_t i = 0; i < e->n_req_ids; i++)
        json_array_append_new(reqs, json_string(e->req_ids[i]));
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:o, s:I, s:o}", "id", (json_int_t)e->id,
                     "dossier_id", (json_int_t)dossier_id, "digest", e->digest, "filename",
                     e->filename, "mime", e->mime, "size", (json_int_t)e->size, "uploaded_by",
                     zzh_jid(e->uploaded_by), "uploaded_usec", (json_int_t)e->uploaded_usec,
                     "req_ids", reqs);
}

int zzh_api_evidence_list(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc < 0) return rc;
    zz_dossier_evidence *ev = NULL;
    size_t n = 0;
    if ((rc = zz_dossier_evidence_list(rq->cx, id, &ev, &n, err)) < 0) return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, evidence_json(id, &ev[i]));
    zz_dossier_evidence_free(ev, n);
    return zzh_reply_list(rq, items, (int64_t)n, 0, (int64_t)n);
}

/* One evidence row of a visible dossier (a copy in *out); 404 evidence.not_found otherwise. */
static int find_evidence(zzh_req *rq, int64_t id, int64_t eid, zz_dossier_evidence **list,
                         size_t *n, const zz_dossier_evidence **out, zz_err *err)
{
    *out = NULL;
    int rc = zz_dossier_evidence_list(rq->cx, id, list, n, err);
    if (rc < 0) return rc;
    for (size_t i = 0; i < *n; i++)
        if ((*list)[i].id == eid) *out = &(*list)[i];
    if (!*out)
        return zz_err_set(err, ZZ_ENOTFOUND, "evidence.not_found", "申请 %lld 中没有证据文件 %lld",
                          "evidence %lld not found in dossier %lld", (long long)id, (long long)eid);
    return 0;
}

static int reply_evidence(zzh_req *rq, unsigned status, int64_t id, int64_t eid, zz_err *err)
{
    zz_dossier_evidence *list = NULL;
    size_t n = 0;
    const zz_dossier_evidence *e = NULL;
    int rc = find_evidence(rq, id, eid, &list, &n, &e, err);
    if (rc == 0) rc = zzh_reply_json(rq, status, evidence_json(id, e));
    zz_dossier_evidence_free(list, n);
    return rc;
}

/* The requirement ids of the form's "reqs" fields: comma, semicolon or white space separated. */
static int upload_reqs(const zzh_req *rq, char **buf, const char **ids, size_t *n, zz_err *err)
{
    const char *vals[ZZH_UPLOAD_FIELDS];
    size_t nv = zzh_upload_values(rq, "reqs", vals, ZZH_UPLOAD_FIELDS);
    size_t total = 0;
    for (size_t i = 0; i < nv; i++)
        total += strlen(vals[i]) + 1;
    *n = 0;
    *buf = malloc(total + 1);
    if (!*buf) return zzh_nomem(err);
    char *w = *buf;
    for (size_t i = 0; i < nv; i++) {
        const char *p = vals[i];
        while (*p) {
            while (*p && strchr(",; \t\r\n", *p))
                p++;
            if (!*p) break;
            size_t l = strcspn(p, ",; \t\r\n");
            if (*n == MAX_REQS)
                return zz_err_set(err, ZZ_EINVAL, "input.too_long",
                                  "表单字段 \"reqs\" 的要求项过多（最多 %d 个）",
                                  "too many requirement ids in \"reqs\" (at most %d)", MAX_REQS);
            memcpy(w, p, l);
            w[l] = '\0';
            ids[(*n)++] = w;
            w += l + 1;
            p += l;
        }
    }
    return 0;
}

int zzh_api_evidence_upload(zzh_req *rq, zz_err *err)
{
    int64_t id, eid = 0;
    int rc = zzh_path_id(rq, "id", &id, err);
    if (rc < 0) return rc;
    const zzh_upload_file *f = zzh_upload_result(rq);
    if (!f)
        return zz_err_set(err, ZZ_EINVAL, "input.missing_field",
                          "缺少上传的文件（表单字段 \"%s\"）",
                          "missing the uploaded file (form field \"%s\")", "file");
    char *buf = NULL;
    const char *ids[MAX_REQS];
    size_t n = 0;
    if ((rc = upload_reqs(rq, &buf, ids, &n, err)) == 0)
        rc = zz_dossier_add_evidence(rq->cx, id, f->digest, f->filename, f->mime, f->size, ids, n,
                                     &eid, err);
    free(buf);
    if (rc < 0) return rc;
    return reply_evidence(rq, 201, id, eid, err);
}

static int ids(zzh_req *rq, int64_t *id, int64_t *eid, zz_err *err)
{
    int rc = zzh_path_id(rq, "id", id, err);
    return rc < 0 ? rc : zzh_path_id(rq, "evidenceId", eid, err);
}

int zzh_api_evidence_get(zzh_req *rq, zz_err *err)
{
    int64_t id, eid;
    int rc = ids(rq, &id, &eid, err);
    return rc < 0 ? rc : reply_evidence(rq, 200, id, eid, err);
}

int zzh_api_evidence_content(zzh_req *rq, zz_err *err)
{
    int64_t id, eid;
    int rc = ids(rq, &id, &eid, err);
    if (rc < 0) return rc;
    zz_dossier_evidence *list = NULL;
    size_t n = 0;
    const zz_dossier_evidence *e = NULL;
    if ((rc = find_evidence(rq, id, eid, &list, &n, &e, err)) == 0)
        rc = zzh_reply_blob(rq, e->digest, e->mime, e->filename, err);
    zz_dossier_evidence_free(list, n);
    return rc;
}

int zzh_api_evidence_map(zzh_req *rq, zz_err *err)
{
    int64_t id, eid;
    int rc = ids(rq, &id, &eid, err);
    if (rc < 0) return rc;
    if ((rc = zz_dossier_map_evidence(rq->cx, id, eid, zzh_param(rq, "reqId"), err)) < 0) return rc;
    return reply_evidence(rq, 200, id, eid, err);
}

int zzh_api_evidence_unmap(zzh_req *rq, zz_err *err)
{
    int64_t id, eid;
    int rc = ids(rq, &id, &eid, err);
    if (rc < 0) return rc;
    if ((rc = zz_dossier_unmap_evidence(rq->cx, id, eid, zzh_param(rq, "reqId"), err)) < 0)
        return rc;
    return reply_evidence(rq, 200, id, eid, err);
}

int zzh_api_evidence_remove(zzh_req *rq, zz_err *err)
{
    int64_t id, eid;
    int rc = ids(rq, &id, &eid, err);
    if (rc < 0) return rc;
    if ((rc = zz_dossier_remove_evidence(rq->cx, id, eid, err)) < 0) return rc;
    return zzh_reply_empty(rq, 204);
}

/* ---- by the evidence's own id (evidence.h: the dossier's visibility decides) ------------------
 */

int zzh_api_evidence_by_id(zzh_req *rq, zz_err *err)
{
    int64_t eid, did = 0;
    int rc = zzh_path_id(rq, "id", &eid, err);
    if (rc < 0) return rc;
    zz_dossier_evidence *e = NULL;
    if ((rc = zz_evidence_get(rq->cx, eid, &e, &did, err)) < 0) return rc;
    json_t *v = evidence_json(did, e);
    zz_dossier_evidence_free(e, 1);
    return v ? zzh_reply_json(rq, 200, v) : zzh_nomem(err);
}

int zzh_api_evidence_content_by_id(zzh_req *rq, zz_err *err)
{
    int64_t eid;
    int rc = zzh_path_id(rq, "id", &eid, err);
    if (rc < 0) return rc;
    zz_dossier_evidence *e = NULL;
    if ((rc = zz_evidence_get(rq->cx, eid, &e, NULL, err)) < 0) return rc;
    rc = zzh_reply_blob(rq, e->digest, e->mime, e->filename, err);
    zz_dossier_evidence_free(e, 1);
    return rc;
}
