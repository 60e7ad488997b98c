/*
 * server.c — the libmicrohttpd daemon of zizhid: start and graceful stop, the access handler that
 * drives each request through route → authorise → body → handler (http.h), the per-thread
 * context, security headers, and the access log.
 */
#include "http/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ---- clocks ---------------------------------------------------------------------------------- */

int64_t zzh_mono_usec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t real_usec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

zz_clock zzh_request_clock(const zzh_config *cfg)
{
    zz_clock c;
    c.now_usec = real_usec();
    if (cfg->date_fixed) {
        c.today = cfg->date;
    } else {
        /* Asia/Shanghai is UTC+8 without daylight saving */
        int64_t sh = c.now_usec / 1000000 + 8 * 3600;
        int64_t days = sh >= 0 ? sh / 86400 : -((-sh + 86399) / 86400);
        c.today = zz_date_from_days(days);
    }
    return c;
}

/* ---- per-thread context ---------------------------------------------------------------------- */

static pthread_key_t ctx_key;
static pthread_once_t ctx_once = PTHREAD_ONCE_INIT;

static void ctx_destroy(void *p)
{
    zz_ctx_close(p);
}

static void ctx_key_make(void)
{
    pthread_key_create(&ctx_key, ctx_destroy);
}

int zzh_thread_ctx(zzh_server *srv, zz_ctx **out, zz_err *err)
{
    pthread_once(&ctx_once, ctx_key_make);
    zz_ctx *cx = pthread_getspecific(ctx_key);
    if (!cx) {
        zz_clock c = zzh_request_clock(&srv->cfg);
        int rc = zz_ctx_open(&cx, srv->cfg.data_dir, srv->cfg.catalog_dir, c, err);
        if (rc < 0) return rc;
        pthread_setspecific(ctx_key, cx);
    }
    *out = cx;
    return 0;
}

/* ---- replies --------------------------------------------------------------------------------- */

/* Element Plus and Vue set styles through the CSSOM and need inline style attributes; scripts
 * are only ever our own files. */
#define CSP                                                                                        \
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "                    \
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "         \
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

int zzh_queue(zzh_req *rq, unsigned status, struct MHD_Response *resp)
{
    if (!resp) return -1;
    MHD_add_response_header(resp, "Content-Security-Policy", CSP);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(resp, "Permissions-Policy",
                            "camera=(), microphone=(), geolocation=(), payment=()");
    if (rq->srv->tls)
        MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
    if (rq->api) MHD_add_response_header(resp, "Cache-Control", "no-store");
    if (rq->new_cookie) MHD_add_response_header(resp, "Set-Cookie", rq->new_cookie);
    if (status == 405 && rq->allow[0]) MHD_add_response_header(resp, "Allow", rq->allow);
    enum MHD_Result r = MHD_queue_response(rq->conn, status, resp);
    MHD_destroy_response(resp);
    if (r != MHD_YES) return -1;
    rq->queued = true;
    rq->status = status;
    return 0;
}

int zzh_reply_text(zzh_req *rq, unsigned status, const char *content_type, const char *text,
                   size_t len)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(len, (void *)text, MHD_RESPMEM_MUST_COPY);
    if (!resp) return -1;
    MHD_add_response_header(resp, "Content-Type", content_type);
    rq->bytes = len;
    return zzh_queue(rq, status, resp);
}

int zzh_reply_json(zzh_req *rq, unsigned status, json_t *body)
{
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    if (!text) {
        const char *oom = "{\"error\":{\"code\":\"nomem\",\"message\":\"内存不足\","
                          "\"message_en\":\"out of memory\"}}";
        return zzh_reply_text(rq, 500, "application/json; charset=utf-8", oom, strlen(oom));
    }
    size_t len = strlen(text);
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(text);
        return -1;
    }
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    rq->bytes = len;
    return zzh_queue(rq, status, resp);
}

int zzh_reply_empty(zzh_req *rq, unsigned status)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    rq->bytes = 0;
    return zzh_queue(rq, status, resp);
}

/* ---- access log ------------------------------------------------------------------------------ */

/* One line per request on stderr, written with one write(2) so that threads never interleave:
 * time method path status bytes µs user client. The query string is not logged (it may hold
 * search terms about people). */
static void access_log(const zzh_req *rq)
{
    char ts[40];
    int64_t now = real_usec();
    time_t secs = (time_t)(now / 1000000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(now / 1000 % 1000));
    char path[512];
    size_t j = 0;
    /* no control characters or quotes into the log */
    for (const char *p = rq->path; *p && j + 4 < sizeof path; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
            j += (size_t)snprintf(path + j, sizeof path - j, "%%%02X", c);
        else
            path[j++] = (char)c;
    }
    path[j] = '\0';
    char line[1024];
    int n = snprintf(line, sizeof line,
                     "time=%s method=%s path=\"%s\" status=%u bytes=%llu us=%lld user=%s "
                     "client=%s\n",
                     ts, rq->method, path, rq->status, (unsigned long long)rq->bytes,
                     (long long)(zzh_mono_usec() - rq->t0_usec),
                     rq->signed_in ? rq->actor.username : "-", rq->client[0] ? rq->client : "-");
    if (n > 0) {
        size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
        ssize_t w = write(2, line, len);
        (void)w;
    }
}

/* ---- the request cycle ----------------------------------------------------------------------- */

/* A refusal decided on the first call, answered by on_request (now or at the last call). */
static int refuse(zzh_req *rq, const zz_err *err)
{
    rq->early = *err;
    rq->deferred = true;
    return 0;
}

/* First call: everything that can be decided from the request line and headers. */
static int begin(zzh_req *rq)
{
    zz_err e = ZZ_ERR_INIT;
    if (strncmp(rq->path, "/api/", 5) != 0 && strcmp(rq->path, "/api") != 0) {
        if (strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0) return 0;
        rq->api = true;
        zz_err_set(&e, ZZ_EINVAL, "http.method", "此路径只支持 GET%s", "only GET is allowed here%s",
                   "");
        return refuse(rq, &e);
    }
    rq->api = true;
    zzh_match_rc m = zzh_route_match(rq->method, rq->path, rq, rq->allow, sizeof rq->allow);
    if (m == ZZH_MATCH_NONE) {
        zz_err_set(&e, ZZ_ENOTFOUND, "http.not_found", "没有这个接口%s", "no such API route%s", "");
        return refuse(rq, &e);
    }
    if (m == ZZH_MATCH_METHOD) {
        zz_err_set(&e, ZZ_EINVAL, "http.method", "此接口不支持 %s 方法（支持：%s）",
                   "method %s is not allowed here (allowed: %s)", rq->method, rq->allow);
        return refuse(rq, &e);
    }
    if (zzh_authorise(rq, &e) < 0) return refuse(rq, &e);
    if (rq->route->flags & ZZH_F_UPLOAD) /* streamed, limited by --max-upload (upload.c) */
        return zzh_upload_begin(rq, &e) < 0 ? refuse(rq, &e) : 0;
    int64_t cl = zzh_content_length(rq);
    if (cl > 0 && (uint64_t)cl > rq->srv->cfg.max_body) {
        zz_err_set(&e, ZZ_ETOOBIG, "input.too_big", "请求内容过大%s",
                   "the request body is too large%s", "");
        return refuse(rq, &e);
    }
    return 0;
}

/* Last call: the whole body is here. */
static int finish(zzh_req *rq)
{
    if (!rq->api) return zzh_static_serve(rq);
    zz_err err = ZZ_ERR_INIT;
    if (rq->body_too_big) {
        zz_err_set(&err, ZZ_ETOOBIG, "input.too_big", "请求内容过大%s",
                   "the request body is too large%s", "");
        return zzh_reply_error(rq, &err);
    }
    if (rq->upload && zzh_upload_finish(rq, &err) < 0) /* the blob is stored from here on */
        return zzh_reply_error(rq, &err);
    int rc = zzh_thread_ctx(rq->srv, &rq->cx, &err);
    if (rc == 0) {
        rq->cx->clock = rq->clock;
        rq->cx->actor = rq->actor;
        rc = rq->route->fn(rq, &err);
        /* a handler never leaves a transaction open: this thread's handle would keep the
         * database's write lock (store.h I3) for every later request */
        if (zz_store_in_transaction(rq->cx->st)) {
            fprintf(stderr, "zizhid: %s %s left a transaction open; rolled back\n", rq->method,
                    rq->path);
            zz_store_rollback(rq->cx->st, NULL);
        }
    }
    if (rq->queued) return 0;
    if (rc < 0 && !err.code[0])
        zz_err_set(&err, rc, "error", "服务器内部错误%s", "internal error%s", "");
    else if (rc == 0)
        zz_err_set(&err, ZZ_ERROR, "http.no_reply", "服务器内部错误%s",
                   "the handler gave no reply%s", "");
    return zzh_reply_error(rq, &err);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    zzh_server *srv = cls;
    zzh_req *rq = *con_cls;
    if (!rq) {
        rq = zzh_req_new(srv, conn, method, url);
        if (!rq) return MHD_NO;
        *con_cls = rq;
        __atomic_add_fetch(&srv->in_flight, 1, __ATOMIC_SEQ_CST);
        if (begin(rq) < 0 && !rq->queued) return MHD_NO;
        /* A refusal without a request body waits for the last call: MHD closes the connection
         * after a response queued this early, and keep-alive matters under load. With a body
         * it goes now, so that nothing of a refused body is read. */
        if (rq->deferred && (zzh_content_length(rq) > 0 || zzh_header(rq, "Transfer-Encoding"))) {
            rq->deferred = false;
            if (zzh_reply_error(rq, &rq->early) < 0) return MHD_NO;
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (rq->upload) {
            rq->body_seen += n;
            zz_err e = ZZ_ERR_INIT;
            /* a refused upload (too big, malformed, unknown field) is answered when its body
             * ends (MHD answers only then); the rest is read and dropped, not stored, and a
             * client that goes on far past the limit is cut off */
            if (!rq->queued && !rq->deferred && zzh_upload_feed(rq, upload_data, n, &e) < 0)
                refuse(rq, &e);
            if (rq->deferred && rq->body_seen > srv->cfg.max_upload + (8u << 20)) return MHD_NO;
            return MHD_YES;
        }
        if (!rq->queued && !rq->deferred) {
            zzh_req_body_append(rq, upload_data, n);
            /* a client that goes on sending far past the limit is cut off */
            if (rq->body_too_big && rq->body_seen > 4 * srv->cfg.max_body + (1u << 20))
                return MHD_NO;
        }
        return MHD_YES;
    }
    if (rq->queued) return MHD_YES;
    if (rq->deferred) {
        rq->deferred = false;
        return zzh_reply_error(rq, &rq->early) < 0 ? MHD_NO : MHD_YES;
    }
    if (finish(rq) < 0 && !rq->queued) return MHD_NO;
    return MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    zzh_server *srv = cls;
    zzh_req *rq = *con_cls;
    if (!rq) return;
    if (!rq->queued) rq->status = 0; /* the client went away or the connection was cut */
    if (rq->upload && toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && !zzh_upload_result(rq))
        /* cut mid-body: zzh_req_free aborts the blob writer (its temporary file goes), and the
         * handler never ran, so no row was written */
        fprintf(stderr, "zizhid: %s %s: upload aborted (connection ended: %d)\n", rq->method,
                rq->path, (int)toe);
    access_log(rq);
    zzh_req_free(rq);
    *con_cls = NULL;
    __atomic_sub_fetch(&srv->in_flight, 1, __ATOMIC_SEQ_CST);
}

/* ---- start and stop -------------------------------------------------------------------------- */

static char *slurp(const char *path, char *msg, size_t msz)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(msg, msz, "cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 8192, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0) break;
        if (len + 1 == cap) {
            char *nb = cap > (1u << 20) ? NULL : realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf) {
        snprintf(msg, msz, "%s is too large", path);
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

int zzh_server_start(zzh_server *srv, char *msg, size_t msz)
{
    zzh_config *c = &srv->cfg;
    struct addrinfo hints, *ai = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    char port[16];
    snprintf(port, sizeof port, "%u", c->listen_port);
    int g = getaddrinfo(c->listen_host[0] ? c->listen_host : NULL, port, &hints, &ai);
    if (g != 0 || !ai) {
        snprintf(msg, msz, "cannot resolve listen address %s: %s", c->listen_host, gai_strerror(g));
        return -1;
    }
    struct sockaddr_storage addr;
    memcpy(&addr, ai->ai_addr, ai->ai_addrlen);
    int family = ai->ai_family;
    freeaddrinfo(ai);

    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC;
    if (family == AF_INET6) flags |= MHD_USE_IPv6;
    if (c->tls_cert || c->tls_key) {
        if (!c->tls_cert || !c->tls_key) {
            snprintf(msg, msz, "--tls-cert and --tls-key go together");
            return -1;
        }
        if (!(srv->tls_cert_pem = slurp(c->tls_cert, msg, msz)) ||
            !(srv->tls_key_pem = slurp(c->tls_key, msg, msz)))
            return -1;
        flags |= MHD_USE_TLS;
        srv->tls = true;
    }
    if (c->rate_per_s > 0) srv->rl = zzh_ratelimit_new(c->rate_per_s, c->rate_burst);

    struct MHD_OptionItem tls_opts[] = {
        {MHD_OPTION_HTTPS_MEM_CERT, 0, srv->tls_cert_pem},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, srv->tls_key_pem},
        {MHD_OPTION_END, 0, NULL},
    };
    struct MHD_OptionItem no_opts[] = {{MHD_OPTION_END, 0, NULL}};
    srv->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)c->threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned int)c->max_connections, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)c->timeout_s,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_ARRAY,
        srv->tls ? tls_opts : no_opts, MHD_OPTION_END);
    if (!srv->daemon) {
        snprintf(msg, msz, "cannot listen on %s:%u (address in use, or bad TLS files?)",
                 c->listen_host, c->listen_port);
        return -1;
    }
    return 0;
}

unsigned zzh_server_port(const zzh_server *srv)
{
    const union MHD_DaemonInfo *i = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return i ? i->port : srv->cfg.listen_port;
}

void zzh_server_stop(zzh_server *srv)
{
    if (!srv->daemon) return;
    MHD_socket s = MHD_quiesce_daemon(srv->daemon);
    if (s != MHD_INVALID_SOCKET) close(s);
    int64_t until = zzh_mono_usec() + (int64_t)srv->cfg.grace_s * 1000000;
    while (__atomic_load_n(&srv->in_flight, __ATOMIC_SEQ_CST) > 0 && zzh_mono_usec() < until) {
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(srv->daemon);
    srv->daemon = NULL;
    zzh_ratelimit_free(srv->rl);
    srv->rl = NULL;
    free(srv->tls_cert_pem);
    free(srv->tls_key_pem);
    srv->tls_cert_pem = srv->tls_key_pem = NULL;
}
