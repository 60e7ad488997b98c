/*
 * static.c — the web application's files from --web (web/dist): GET and HEAD of every non-API
 * path. Paths of the client-side router (no file extension) get index.html. Only regular files
 * under the root are served: ".." and dot-file segments are refused before any file system call,
 * and the resolved path (symbolic links followed) must still lie under the resolved root.
 * Without a web directory a small built-in Chinese page says the server runs.
 */
#include "http/http.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char PLACEHOLDER[] =
    "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    "<title>信息安全服务资质认定系统</title></head>\n"
    "<body style=\"font-family: sans-serif; max-width: 40em; margin: 4em auto; color: #222\">\n"
    "<h1>信息安全服务资质认定系统</h1>\n"
    "<p>服务已启动。网页应用尚未构建（未找到 web/dist）。</p>\n"
    "<p>接口：<code>/api/v1/</code>，健康检查：<a href=\"/api/v1/health\">/api/v1/health</a></p>\n"
    "<p lang=\"en\" style=\"color: #666\">zizhid is running. The web application has not been "
    "built yet (web/dist not found); the JSON API is under /api/v1/.</p>\n"
    "</body></html>\n";

static const struct {
    const char *ext;
    const char *type;
} TYPES[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".map", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".ttf", "font/ttf"},
    {".otf", "font/otf"},
    {".txt", "text/plain; charset=utf-8"},
    {".pdf", "application/pdf"},
    {".wasm", "application/wasm"},
    {".webmanifest", "application/manifest+json"},
};

static const char *content_type(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (dot)
        for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++)
            if (strcasecmp(dot, TYPES[i].ext) == 0) return TYPES[i].type;
    return "application/octet-stream";
}

/* No "..", ".", dot-files or empty segments other than a trailing slash. */
static bool path_safe(const char *p)
{
    if (p[0] != '/') return false;
    for (const char *s = p + 1; *s;) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 0 && e) return false;          /* "//" */
        if (n > 0 && s[0] == '.') return false; /* "..", ".", ".git", ".env" */
        if (memchr(s, '\\', n)) return false;
        s += n;
        if (*s == '/') s++;
    }
    return true;
}

static bool last_segment_has_dot(const char *p)
{
    const char *slash = strrchr(p, '/');
    return strchr(slash ? slash : p, '.') != NULL;
}

static int not_found(zzh_req *rq)
{
    static const char msg[] = "未找到 (not found)\n";
    return zzh_reply_text(rq, 404, "text/plain; charset=utf-8", msg, sizeof msg - 1);
}

/* Opens root-relative rel if it resolves to a regular file under the root. fd or -1. */
static int open_under_root(const char *root, const char *rel, struct stat *st)
{
    char full[PATH_MAX], real[PATH_MAX];
    if ((size_t)snprintf(full, sizeof full, "%s%s", root, rel) >= sizeof full) return -1;
    if (!realpath(full, real)) return -1;
    size_t rl = strlen(root);
    if (strncmp(real, root, rl) != 0 || real[rl] != '/') return -1;
    int fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return -1;
    if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
        close(fd);
        return -1;
    }
    return fd;
}

int zzh_static_serve(zzh_req *rq)
{
    const char *root = rq->srv->web_root;
    if (!path_safe(rq->path)) return not_found(rq);
    if (!root) {
        if (strcmp(rq->path, "/") == 0 || !last_segment_has_dot(rq->path) ||
            strcmp(rq->path, "/index.html") == 0)
            return zzh_reply_text(rq, 200, "text/html; charset=utf-8", PLACEHOLDER,
                                  sizeof PLACEHOLDER - 1);
        return not_found(rq);
    }
    char rel[PATH_MAX];
    size_t pl = strlen(rq->path);
    snprintf(rel, sizeof rel, "%s%s", rq->path, rq->path[pl - 1] == '/' ? "index.html" : "");
    struct stat st;
    int fd = open_under_root(root, rel, &st);
    if (fd < 0) {
        /* a route of the client-side router: the application's entry page */
        if (last_segment_has_dot(rq->path)) return not_found(rq);
        snprintf(rel, sizeof rel, "/index.html");
        if ((fd = open_under_root(root, rel, &st)) < 0)
            return zzh_reply_text(rq, 200, "text/html; charset=utf-8", PLACEHOLDER,
                                  sizeof PLACEHOLDER - 1);
    }
    struct MHD_Response *resp = MHD_create_response_from_fd64((uint64_t)st.st_size, fd);
    if (!resp) {
        close(fd);
        return -1;
    }
    MHD_add_response_header(resp, "Content-Type", content_type(rel));
    /* Vite puts content-hashed names under /assets/: they never change */
    MHD_add_response_header(resp, "Cache-Control",
                            strncmp(rel, "/assets/", 8) == 0 ? "public, max-age=31536000, immutable"
                                                             : "no-cache");
    rq->bytes = (uint64_t)st.st_size;
    return zzh_queue(rq, 200, resp);
}
