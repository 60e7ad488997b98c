/*
 * upload.c — streaming multipart/form-data uploads for the ZZH_F_UPLOAD routes (evidence files,
 * the stamped-form scan): MHD's post processor parses the body as it arrives, the file part's
 * bytes go straight into a zz_blob_writer (SM3 computed while writing to DATA_DIR/evidence/tmp/,
 * renamed into the content-addressed store only when the body is complete, R-8.3), and its type
 * is recorded from its content with libmagic. Memory per upload is bounded (the parser's buffer,
 * the first bytes kept for libmagic, a few small text fields) whatever the file's size.
 *
 * Life of an upload (http.h): begin on the first call, feed on every body call, finish on the
 * last call (then the route's handler adds the row through the core), free on completion. A
 * request that never reaches finish — the client went away, the body was refused, the connection
 * was cut mid-body — aborts the writer in zzh_upload_free, which removes the temporary file: no
 * blob and no database row remain.
 */
#include "http/http.h"

#include <magic.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "zizhi/blob.h"

#define PP_BUFFER       (32u * 1024) /* the post processor's own buffer */
#define MAGIC_HEAD      8192         /* bytes of the file libmagic looks at */
#define MULTIPART_SLACK (1u << 20)   /* part headers and boundaries on top of --max-upload */

typedef struct upfield {
    char name[64];
    char *val;
    size_t len;
    bool file; /* a file part seen in this field (no text kept) */
} upfield;

struct zzh_upload {
    struct MHD_PostProcessor *pp;
    zz_blob_writer *w;
    uint64_t limit;
    int n_files;    /* file parts seen (only one is allowed) */
    bool in_file;   /* the current file part is the accepted one */
    bool committed; /* the blob is in the store */
    bool failed;    /* err holds the first failure */
    zz_err err;
    unsigned char head[MAGIC_HEAD];
    size_t head_len;
    bool typed;
    zzh_upload_file file;
    const char *file_field;   /* the form field of the file (zzh_upload_expect) */
    const char *const *names; /* the text fields accepted, NULL-ended */
    upfield fields[ZZH_UPLOAD_FIELDS];
    int n_fields;
};

/* ---- libmagic: one process-wide cookie, loaded on first use (magic_t is not thread-safe) ---- */

static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;
static magic_t magic_cookie;
static bool magic_tried;

static void sniff_type(struct zzh_upload *up)
{
    if (up->typed) return;
    up->typed = true;
    snprintf(up->file.mime, sizeof up->file.mime, "application/octet-stream");
    if (up->head_len == 0) {
        snprintf(up->file.mime, sizeof up->file.mime, "application/x-empty");
        return;
    }
    pthread_mutex_lock(&magic_lock);
    if (!magic_tried) {
        magic_tried = true;
        magic_cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
        if (magic_cookie && magic_load(magic_cookie, NULL) != 0) {
            fprintf(stderr, "zizhid: libmagic: %s; uploads are typed application/octet-stream\n",
                    magic_error(magic_cookie));
            magic_close(magic_cookie);
            magic_cookie = NULL;
        }
    }
    const char *t = magic_cookie ? magic_buffer(magic_cookie, up->head, up->head_len) : NULL;
    /* a MIME type only: letters, digits and .+-_ around one slash */
    bool ok = t && strlen(t) < sizeof up->file.mime && strchr(t, '/');
    for (const char *p = t; ok && *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              strchr("/.+-_", *p)))
            ok = false;
    if (ok) snprintf(up->file.mime, sizeof up->file.mime, "%s", t);
    pthread_mutex_unlock(&magic_lock);
}

/* ---- the post processor's iterator --------------------------------------------------------- */

static enum MHD_Result fail(struct zzh_upload *up, const zz_err *e)
{
    if (!up->failed) up->err = *e;
    up->failed = true;
    return MHD_NO;
}

static bool expected(const struct zzh_upload *up, const char *key, bool file)
{
    if (file) return up->file_field && strcmp(up->file_field, key) == 0;
    for (const char *const *n = up->names; n && *n; n++)
        if (strcmp(*n, key) == 0) return true;
    return false;
}

static upfield *field_for(struct zzh_upload *up, const char *key, bool file)
{
    /* a new entry per part: a repeated field ("reqs" twice) keeps every value */
    if (up->n_fields == ZZH_UPLOAD_FIELDS) return NULL;
    upfield *f = &up->fields[up->n_fields++];
    snprintf(f->name, sizeof f->name, "%s", key);
    f->file = file;
    return f;
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *filename, const char *content_type,
                               const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size)
{
    (void)kind, (void)content_type, (void)transfer_encoding;
    struct zzh_upload *up = cls;
    zz_err e = ZZ_ERR_INIT;
    if (up->failed) return MHD_NO;
    if (!key || strlen(key) >= sizeof up->fields[0].name) {
        zz_err_set(&e, ZZ_EINVAL, "input.multipart", "表单字段名无效%s",
                   "a form field has no valid name%s", "");
        return fail(up, &e);
    }
    if (off == 0 && !expected(up, key, filename != NULL)) {
        /* refused before a byte of it is stored */
        zz_err_set(&e, ZZ_EINVAL, "input.unknown_field", "不接受表单字段 \"%s\"%s%.0s",
                   "unknown form field \"%s\"%.0s%s", key,
                   filename ? "（文件应放在字段 file 中）" : "",
                   filename ? " (the file goes in the field \"file\")" : "");
        return fail(up, &e);
    }
    if (filename) {
        if (off == 0) { /* a new file part */
            if (++up->n_files > 1) {
                zz_err_set(&e, ZZ_EINVAL, "input.file_count", "每次只能上传一个文件%s",
                           "one file per upload%s", "");
                return fail(up, &e);
            }
            if (!field_for(up, key, true)) {
                zz_err_set(&e, ZZ_EINVAL, "input.multipart", "表单字段过多（最多 %d 个）",
                           "too many form fields (at most %d)", ZZH_UPLOAD_FIELDS);
                return fail(up, &e);
            }
            up->in_file = true;
            snprintf(up->file.field, sizeof up->file.field, "%s", key);
            snprintf(up->file.filename, sizeof up->file.filename, "%s", filename);
        }
        if (size == 0) return MHD_YES;
        if (up->head_len < MAGIC_HEAD) {
            size_t take = MAGIC_HEAD - up->head_len < size ? MAGIC_HEAD - up->head_len : size;
            memcpy(up->head + up->head_len, data, take);
            up->head_len += take;
            if (up->head_len == MAGIC_HEAD) sniff_type(up);
        }
        if (zz_blob_writer_write(up->w, data, size, &e) < 0) return fail(up, &e);
        up->file.size += size;
        return MHD_YES;
    }
    /* a text field */
    upfield *f = NULL;
    if (off == 0)
        f = field_for(up, key, false);
    else if (up->n_fields > 0 && strcmp(up->fields[up->n_fields - 1].name, key) == 0)
        f = &up->fields[up->n_fields - 1];
    if (!f) {
        zz_err_set(&e, ZZ_EINVAL, "input.multipart", "表单字段过多（最多 %d 个）",
                   "too many form fields (at most %d)", ZZH_UPLOAD_FIELDS);
        return fail(up, &e);
    }
    if (f->len + size > ZZH_UPLOAD_FIELD_MAX) {
        zz_err_set(&e, ZZ_EINVAL, "input.too_long", "表单字段 \"%s\" 超过 %d 字节",
                   "form field \"%s\" is longer than %d bytes", key, ZZH_UPLOAD_FIELD_MAX);
        return fail(up, &e);
    }
    char *nv = realloc(f->val, f->len + size + 1);
    if (!nv) {
        zz_err_set(&e, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
        return fail(up, &e);
    }
    f->val = nv;
    memcpy(f->val + f->len, data, size);
    f->len += size;
    f->val[f->len] = '\0';
    return MHD_YES;
}

/* ---- the life of an upload ------------------------------------------------------------------ */

static bool is_multipart(const char *ct)
{
    if (!ct) return false;
    while (*ct == ' ')
        ct++;
    return strncasecmp(ct, "multipart/form-data", 19) == 0 && (ct[19] == ';' || ct[19] == ' ');
}

int zzh_upload_begin(zzh_req *rq, zz_err *err)
{
    if (!is_multipart(zzh_header(rq, "Content-Type")))
        return zz_err_set(err, ZZ_EINVAL, "input.content_type",
                          "请以 multipart/form-data 上传文件（文件字段名 file）%s",
                          "upload the file as multipart/form-data (file field \"file\")%s", "");
    int64_t cl = zzh_content_length(rq);
    if (cl > 0 && (uint64_t)cl > rq->srv->cfg.max_upload + MULTIPART_SLACK)
        return zz_err_set(err, ZZ_ETOOBIG, "input.too_big", "文件超过大小上限 %llu 字节",
                          "the file exceeds the size limit of %llu bytes",
                          (unsigned long long)rq->srv->cfg.max_upload);

    struct zzh_upload *up = calloc(1, sizeof *up);
    if (!up) return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
    rq->upload = up;
    up->file_field = "file";

    /* the target must be visible to the actor before a byte of the body is stored; the
     * pre-check also names the form fields the route takes (zzh_upload_expect) */
    zz_ctx *cx = NULL;
    int rc = zzh_thread_ctx(rq->srv, &cx, err);
    if (rc < 0) return rc;
    cx->clock = rq->clock;
    cx->actor = rq->actor;
    rq->cx = cx;
    rc = zzh_api_upload_precheck(rq, err);
    rq->cx = NULL;
    /* the thread's context serves other connections until this request's handler runs */
    cx->actor.user_id = ZZH_ANON_USER_ID;
    cx->actor.roles = 0;
    snprintf(cx->actor.username, sizeof cx->actor.username, "anonymous");
    if (rc < 0) return rc;

    up->limit = rq->srv->cfg.max_upload;
    if ((rc = zz_blob_writer_open(&up->w, cx->data_dir, err)) < 0) return rc;
    zz_blob_writer_set_limit(up->w, up->limit);
    up->pp = MHD_create_post_processor(rq->conn, PP_BUFFER, on_part, up);
    if (!up->pp)
        return zz_err_set(err, ZZ_EINVAL, "input.multipart",
                          "无法解析上传内容（缺少 multipart 边界）%s",
                          "cannot parse the upload (no multipart boundary)%s", "");
    return 0;
}

int zzh_upload_feed(zzh_req *rq, const char *data, size_t len, zz_err *err)
{
    struct zzh_upload *up = rq->upload;
    if (!up) return 0;
    if (!up->failed && MHD_post_process(up->pp, data, len) != MHD_YES && !up->failed) {
        up->failed = true;
        zz_err_set(&up->err, ZZ_EINVAL, "input.multipart", "上传内容不是有效的 multipart 表单%s",
                   "the upload is not a valid multipart form%s", "");
    }
    if (up->failed) {
        /* refused: the rest of the body is dropped, and what was written goes at once */
        zz_blob_writer_abort(up->w);
        up->w = NULL;
        *err = up->err;
        return up->err.rc ? up->err.rc : ZZ_EINVAL;
    }
    return 0;
}

int zzh_upload_finish(zzh_req *rq, zz_err *err)
{
    struct zzh_upload *up = rq->upload;
    if (!up) return 0;
    if (up->pp) {
        /* flushes what the parser still holds; MHD_NO when the body ended mid-part */
        enum MHD_Result r = MHD_destroy_post_processor(up->pp);
        up->pp = NULL;
        if (r != MHD_YES && !up->failed) {
            up->failed = true;
            zz_err_set(&up->err, ZZ_EINVAL, "input.multipart",
                       "上传内容不完整（multipart 表单未正常结束）%s",
                       "the upload is incomplete (the multipart form does not end properly)%s", "");
        }
    }
    if (up->failed) {
        *err = up->err;
        return up->err.rc ? up->err.rc : ZZ_EINVAL;
    }
    if (up->n_files == 0)
        return zz_err_set(err, ZZ_EINVAL, "input.missing_field",
                          "缺少上传的文件（表单字段 \"%s\"）",
                          "missing the uploaded file (form field \"%s\")", "file");
    sniff_type(up);
    zz_blob_writer *w = up->w;
    up->w = NULL; /* commit frees it, whatever it returns */
    int rc = zz_blob_writer_commit(w, up->file.digest, &up->file.size, err);
    if (rc < 0) return rc;
    up->committed = true;
    return 0;
}

void zzh_upload_free(struct zzh_upload *up)
{
    if (!up) return;
    if (up->pp) MHD_destroy_post_processor(up->pp);
    zz_blob_writer_abort(up->w); /* removes the temporary file of an unfinished upload */
    for (int i = 0; i < up->n_fields; i++)
        free(up->fields[i].val);
    free(up);
}

const zzh_upload_file *zzh_upload_result(const zzh_req *rq)
{
    return rq->upload && rq->upload->committed ? &rq->upload->file : NULL;
}

const char *zzh_upload_field(const zzh_req *rq, const char *name)
{
    if (!rq->upload) return NULL;
    for (int i = rq->upload->n_fields - 1; i >= 0; i--) {
        const upfield *f = &rq->upload->fields[i];
        if (!f->file && strcmp(f->name, name) == 0) return f->val ? f->val : "";
    }
    return NULL;
}

size_t zzh_upload_values(const zzh_req *rq, const char *name, const char **out, size_t max)
{
    size_t n = 0;
    if (!rq->upload) return 0;
    for (int i = 0; i < rq->upload->n_fields && n < max; i++) {
        const upfield *f = &rq->upload->fields[i];
        if (!f->file && strcmp(f->name, name) == 0) out[n++] = f->val ? f->val : "";
    }
    return n;
}

void zzh_upload_expect(zzh_req *rq, const char *file_field, const char *const *names)
{
    if (!rq->upload) return;
    rq->upload->file_field = file_field;
    rq->upload->names = names;
}
