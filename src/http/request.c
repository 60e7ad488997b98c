/*
 * request.c — one HTTP request's state: creation, the capped body buffer, and readers for path
 * parameters, query arguments, headers, cookies and the client address.
 */
#include "http/http.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

static void client_address(zzh_req *rq)
{
    if (rq->srv->cfg.trust_proxy) {
        /* behind nginx: `proxy_set_header X-Real-IP $remote_addr;` (docs/operations.md) */
        const char *h = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "X-Real-IP");
        if (h && *h && strlen(h) < sizeof rq->client) {
            bool ok = true;
            for (const char *p = h; *p; p++)
                if (!(isxdigit((unsigned char)*p) || *p == '.' || *p == ':')) ok = false;
            if (ok) {
                snprintf(rq->client, sizeof rq->client, "%s", h);
                return;
            }
        }
    }
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(rq->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!ci || !ci->client_addr) return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, rq->client,
                  sizeof rq->client);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, rq->client,
                  sizeof rq->client);
}

zzh_req *zzh_req_new(zzh_server *srv, struct MHD_Connection *conn, const char *method,
                     const char *path)
{
    zzh_req *rq = calloc(1, sizeof *rq);
    if (!rq) return NULL;
    rq->srv = srv;
    rq->conn = conn;
    /* copies: the access log runs in the completion callback */
    rq->method_buf = strdup(method);
    rq->path_buf = strdup(path);
    if (!rq->method_buf || !rq->path_buf) {
        zzh_req_free(rq);
        return NULL;
    }
    rq->method = rq->method_buf;
    rq->path = rq->path_buf;
    rq->t0_usec = zzh_mono_usec();
    rq->clock = zzh_request_clock(&srv->cfg);
    rq->actor.user_id = ZZH_ANON_USER_ID; /* I3 */
    snprintf(rq->actor.username, sizeof rq->actor.username, "anonymous");
    client_address(rq);
    return rq;
}

void zzh_req_free(zzh_req *rq)
{
    if (!rq) return;
    for (int i = 0; i < rq->n_params; i++) {
        free(rq->param_name[i]);
        free(rq->param_val[i]);
    }
    free(rq->body);
    json_decref(rq->json);
    zzh_upload_free(rq->upload); /* aborts an unfinished upload: no temporary file remains */
    free(rq->new_cookie);
    free(rq->method_buf);
    free(rq->path_buf);
    free(rq);
}

void zzh_req_body_append(zzh_req *rq, const char *data, size_t len)
{
    rq->body_seen += len;
    if (rq->body_too_big) return;
    uint64_t max = rq->srv->cfg.max_body;
    if ((uint64_t)rq->body_len + len > max) {
        rq->body_too_big = true;
        free(rq->body);
        rq->body = NULL;
        rq->body_len = rq->body_cap = 0;
        return;
    }
    if (rq->body_len + len + 1 > rq->body_cap) {
        size_t cap = rq->body_cap ? rq->body_cap : 4096;
        while (cap < rq->body_len + len + 1)
            cap *= 2;
        char *nb = realloc(rq->body, cap);
        if (!nb) {
            rq->body_too_big = true; /* the nearest honest answer: we cannot take this much */
            return;
        }
        rq->body = nb;
        rq->body_cap = cap;
    }
    memcpy(rq->body + rq->body_len, data, len);
    rq->body_len += len;
    rq->body[rq->body_len] = '\0';
}

const char *zzh_param(const zzh_req *rq, const char *name)
{
    for (int i = 0; i < rq->n_params; i++)
        if (strcmp(rq->param_name[i], name) == 0) return rq->param_val[i];
    return NULL;
}

const char *zzh_query(const zzh_req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *zzh_header(const zzh_req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

const char *zzh_cookie(const zzh_req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND, name);
}

int64_t zzh_content_length(const zzh_req *rq)
{
    const char *h = zzh_header(rq, "Content-Length");
    if (!h || !*h) return -1;
    int64_t v = 0;
    for (const char *p = h; *p; p++) {
        if (*p < '0' || *p > '9' || v > INT64_MAX / 10 - 10) return -1;
        v = v * 10 + (*p - '0');
    }
    return v;
}

bool zzh_method_writes(const char *m)
{
    return strcmp(m, "POST") == 0 || strcmp(m, "PUT") == 0 || strcmp(m, "PATCH") == 0 ||
           strcmp(m, "DELETE") == 0;
}
