/*
 * api_util.c — small helpers shared by the domain handlers (api_*.c): path ids, query
 * arguments (paging, filters, dates), optional JSON bodies, JSON shapes made from the core's
 * canonical JSON text, list replies, and streaming a stored blob as a download.
 */
#include "http/api.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zizhi/blob.h"

int zzh_nomem(zz_err *err)
{
    return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
}

/* A decimal integer of 1..18 digits, nothing else. */
static bool parse_uint(const char *s, int64_t *out)
{
    if (!s || !*s || strlen(s) > 18) return false;
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') return false;
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return true;
}

int zzh_path_id(const zzh_req *rq, const char *name, int64_t *out, zz_err *err)
{
    const char *s = zzh_param(rq, name);
    if (!parse_uint(s, out) || *out <= 0)
        return zz_err_set(err, ZZ_EINVAL, "input.id", "路径参数 \"%s\" 应为正整数编号",
                          "path parameter \"%s\" must be a positive integer id", name);
    return 0;
}

static int bad_query(zz_err *err, const char *name, const char *want_zh, const char *want_en)
{
    return zz_err_set(err, ZZ_EINVAL, "input.query", "查询参数 \"%s\" 无效：应为%s%.0s",
                      "query parameter \"%s\" is invalid: expected %.0s%s", name, want_zh, want_en);
}

int zzh_query_id(const zzh_req *rq, const char *name, int64_t *out, zz_err *err)
{
    const char *s = zzh_query(rq, name);
    *out = 0;
    if (!s) return 0;
    if (!parse_uint(s, out) || *out <= 0)
        return bad_query(err, name, "正整数编号", "a positive id");
    return 0;
}

int zzh_page(const zzh_req *rq, int64_t *offset, int64_t *limit, zz_err *err)
{
    *offset = 0;
    *limit = ZZH_PAGE_DEFAULT;
    const char *o = zzh_query(rq, "offset"), *l = zzh_query(rq, "limit");
    if (o && (!parse_uint(o, offset) || *offset > 1000000000))
        return bad_query(err, "offset", "非负整数", "an integer >= 0");
    if (l && (!parse_uint(l, limit) || *limit < 1 || *limit > ZZH_PAGE_MAX))
        return bad_query(err, "limit", " 1 到 500 的整数", "an integer from 1 to 500");
    return 0;
}

int zzh_query_date(const zzh_req *rq, const char *name, const char **out, zz_err *err)
{
    const char *s = zzh_query(rq, name);
    *out = NULL;
    if (!s) return 0;
    zz_date d;
    if (strlen(s) != 10 || zz_date_parse(&d, s, NULL) < 0)
        return bad_query(err, name, "日期（YYYY-MM-DD）", "a date (YYYY-MM-DD)");
    *out = s;
    return 0;
}

int zzh_query_bool(const zzh_req *rq, const char *name, bool dflt, bool *out, zz_err *err)
{
    const char *s = zzh_query(rq, name);
    *out = dflt;
    if (!s) return 0;
    if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
        *out = true;
    else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
        *out = false;
    else
        return bad_query(err, name, " true 或 false", "true or false");
    return 0;
}

int zzh_query_text(const zzh_req *rq, const char *name, size_t max, const char **out, zz_err *err)
{
    const char *s = zzh_query(rq, name);
    *out = s && *s ? s : NULL;
    if (s && strlen(s) > max)
        return zz_err_set(err, ZZ_EINVAL, "input.query", "查询参数 \"%s\" 过长（最多 %zu 字节）",
                          "query parameter \"%s\" is too long (at most %zu bytes)", name, max);
    return 0;
}

int zzh_body_opt(zzh_req *rq, const zzh_field *spec, zz_err *err)
{
    if (rq->body_len == 0) {
        json_decref(rq->json);
        rq->json = json_object();
        return rq->json ? 0 : zzh_nomem(err);
    }
    return zzh_body(rq, spec, err);
}

zz_date zzh_date_field(const zzh_req *rq, const char *name, zz_date dflt)
{
    const char *s = zzh_str(rq, name);
    zz_date d;
    if (s && zz_date_parse(&d, s, NULL) == 0) return d; /* checked by the field spec */
    return dflt;
}

json_t *zzh_json_take(char *text)
{
    json_t *v = text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    return v;
}

json_t *zzh_jstr(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

json_t *zzh_jid(int64_t id)
{
    return id > 0 ? json_integer((json_int_t)id) : json_null();
}

int zzh_reply_text_json(zzh_req *rq, unsigned status, char *text, zz_err *err)
{
    json_t *v = zzh_json_take(text);
    if (!v) return zzh_nomem(err);
    return zzh_reply_json(rq, status, v);
}

int zzh_reply_list(zzh_req *rq, json_t *items, int64_t total, int64_t offset, int64_t limit)
{
    return zzh_reply_json(rq, 200,
                          json_pack("{s:o, s:I, s:I, s:I}", "items", items ? items : json_array(),
                                    "total", (json_int_t)total, "offset", (json_int_t)offset,
                                    "limit", (json_int_t)limit));
}

/* RFC 6266 / RFC 5987: an ASCII fallback name and the exact UTF-8 name percent-encoded. */
static void disposition(char *buf, size_t cap, const char *name)
{
    char ascii[256];
    size_t a = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && a + 1 < sizeof ascii; p++) {
        unsigned char c = *p;
        if ((c & 0xC0) == 0x80) continue; /* one '_' per non-ASCII character */
        ascii[a++] = (c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == ';' || c == '%')
                         ? '_'
                         : (char)c;
    }
    ascii[a] = '\0';
    size_t n = (size_t)snprintf(buf, cap, "attachment; filename=\"%s\"; filename*=UTF-8''",
                                a ? ascii : "file");
    static const char HEX[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)name; *p && n + 4 < cap; p++) {
        unsigned char c = *p;
        /* attr-char of RFC 5987 */
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            strchr("!#$&+-.^_`|~", c))
            buf[n++] = (char)c;
        else {
            buf[n++] = '%';
            buf[n++] = HEX[c >> 4];
            buf[n++] = HEX[c & 15];
        }
    }
    buf[n < cap ? n : cap - 1] = '\0';
}

int zzh_reply_fd(zzh_req *rq, int fd, uint64_t size, const char *mime, const char *filename)
{
    struct MHD_Response *resp = MHD_create_response_from_fd64(size, fd);
    if (!resp) {
        close(fd);
        return -1;
    }
    MHD_add_response_header(resp, "Content-Type",
                            mime && *mime ? mime : "application/octet-stream");
    char cd[1400];
    disposition(cd, sizeof cd, filename && *filename ? filename : "file");
    MHD_add_response_header(resp, "Content-Disposition", cd);
    /* whatever the file holds, a browser never runs it in our origin */
    MHD_add_response_header(resp, "Content-Security-Policy", "sandbox");
    rq->bytes = size;
    return zzh_queue(rq, 200, resp);
}

int zzh_reply_blob(zzh_req *rq, const char *digest, const char *mime, const char *filename,
                   zz_err *err)
{
    char path[ZZ_BLOB_PATH_MAX];
    int rc = zz_blob_path(path, rq->cx->data_dir, digest, err);
    if (rc < 0) return rc;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        int e = errno;
        if (fd >= 0) close(fd);
        if (e == ENOENT) /* reported, never served empty */
            return zz_err_rule(err, ZZ_ENOTFOUND, "store.blob_missing", "R-8.3", "证据文件 %s 缺失",
                               "evidence file %s is missing", digest);
        return zz_err_set(err, ZZ_ESTORE, "store.blob_read", "无法读取证据文件 %s",
                          "cannot read evidence file %s", digest);
    }
    return zzh_reply_fd(rq, fd, (uint64_t)st.st_size, mime, filename) < 0 ? zzh_nomem(err) : 0;
}
