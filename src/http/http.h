/*
 * http.h — internals of zizhid (src/http), the HTTP JSON API front door of libzizhi.
 *
 * Request life (one zzh_req per HTTP request, created by the first call of the MHD access handler
 * and freed by the completion callback, which also writes the access-log line):
 *
 *     first call ──► route match (404/405) ──► authorise (401 auth.required, 403 auth.role,
 *        │             403 auth.csrf, 429 rate.limited) ──► body limit by Content-Length (413)
 *        ▼
 *     body calls ──► JSON bytes appended up to --max-body (beyond: discarded, then 413);
 *        │           ZZH_F_UPLOAD routes stream a multipart body to the blob store instead
 *        │           (upload.c, --max-upload), after a pre-check that the target is visible
 *        ▼
 *     last call  ──► handler(rq, err): parse → one libzizhi call → render (zzh_reply_*)
 *        ▼
 *     completed  ──► access log, free
 *
 * Adding a route is one row in the table of router.c and one handler function (api_<noun>.c).
 * Handlers hold no SQL and no rules: authorisation by role is the router's job,
 * everything else the core's (another organisation's object is ZZ_ENOTFOUND there, so 404 here).
 *
 * Threads: MHD runs handlers on its pool threads; each pool thread owns one zz_ctx (one zz_store
 * handle per thread, store.h I2), opened on the thread's first request. A request copies the actor
 * and the clock into that context right before its handler runs, because requests of several
 * connections interleave on one thread between the first and the last call.
 *
 * Invariants:
 *   I1  every response leaves through zzh_queue, which adds the security headers.
 *   I2  a handler runs only after the router accepted sign-in, role and CSRF for its route.
 *   I3  the anonymous actor has user_id -1 and no roles, so it passes no zz_ctx_require check
 *       (user_id 0 is the system, which would pass all of them).
 */
#ifndef ZIZHI_HTTP_H
#define ZIZHI_HTTP_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "zizhi/ctx.h"
#include "zizhi/errors.h"
#include "zizhi/role.h"
#include "zizhi/session.h"
#include "zizhi/user.h"

#define ZZH_API_PREFIX   "/api/v1"
#define ZZH_COOKIE       "zz_session"
#define ZZH_CSRF_HEADER  "X-CSRF-Token"
#define ZZH_MAX_PARAMS   4
#define ZZH_ANON_USER_ID (-1)

/* ---- configuration (main.c) ------------------------------------------------------------------ */

typedef struct zzh_config {
    char listen_host[64];
    unsigned listen_port;
    const char *data_dir;
    const char *catalog_dir;
    const char *web_dir;
    const char *tls_cert; /* file paths; both or neither */
    const char *tls_key;
    unsigned threads;
    unsigned max_connections;
    unsigned timeout_s;
    uint64_t max_body;   /* JSON request bodies, bytes */
    uint64_t max_upload; /* evidence uploads, bytes */
    bool date_fixed;
    zz_date date;      /* business date when date_fixed */
    double rate_per_s; /* public routes, per client address */
    double rate_burst;
    bool trust_proxy;    /* take the client address from X-Real-IP (behind nginx) */
    bool secure_cookies; /* mark the cookie Secure without own TLS (TLS at the proxy) */
    zz_session_policy session;
    unsigned grace_s; /* shutdown: how long in-flight requests may take */
    /* the mail job (jobs.c): NULL = the settings' value (mail.h) */
    const char *smtp_url, *smtp_from, *smtp_user, *smtp_password;
    unsigned mail_interval_s; /* seconds between rounds; 0 turns the job off */
    bool reminders;           /* queue the reminders once a day when mail is configured */
} zzh_config;

/* Fills the defaults. */
void zzh_config_defaults(zzh_config *c);
/* Applies one key = value setting (file keys equal the long flag names). Returns 0 or -1 and a
 * message in msg. Strings are kept by pointer: value must outlive the server. */
int zzh_config_set(zzh_config *c, const char *key, const char *value, char *msg, size_t msz);

/* ---- routes (router.c) ----------------------------------------------------------------------- */

typedef struct zzh_req zzh_req;
typedef struct zzh_server zzh_server;

/* Returns 0 after queueing a reply with zzh_reply_*, or a negative zz_rc with err filled, which
 * the router renders with zzh_reply_error. */
typedef int (*zzh_handler)(zzh_req *rq, zz_err *err);

/* roles: a zz_roles mask; these two special values: */
#define ZZH_PUBLIC    0u         /* no sign-in */
#define ZZH_SIGNED_IN (1u << 31) /* any signed-in account, whatever its roles */

/* How the organisation scope of the objects a route touches is checked. */
typedef enum {
    ZZH_SCOPE_NONE = 0, /* no organisation-bound data (catalogues, own session, health) */
    ZZH_SCOPE_CORE,     /* the core checks each object against the actor: other org → 404 */
} zzh_scope;

enum {
    ZZH_F_WRITE = 1u << 0,   /* changes state: needs the CSRF token unless ZZH_F_NO_CSRF */
    ZZH_F_JSON = 1u << 1,    /* takes a JSON request body */
    ZZH_F_RATE = 1u << 2,    /* rate-limited per client address */
    ZZH_F_NO_CSRF = 1u << 3, /* sign-in only: there is no session yet */
    ZZH_F_UPLOAD = 1u << 4,  /* takes a multipart/form-data upload streamed to the blob store
                                (upload.c) instead of a JSON body; limited by --max-upload */
};

typedef struct zzh_route {
    const char *method;  /* "GET", "POST", "PUT", "PATCH", "DELETE" */
    const char *pattern; /* "/api/v1/users/{username}/roles/{role}" */
    zzh_handler fn;
    zz_roles roles; /* ZZH_PUBLIC, ZZH_SIGNED_IN, or a mask of roles allowed */
    zzh_scope scope;
    unsigned flags;
    const char *summary;
} zzh_route;

/* The one route table, ended by a row with method NULL. */
extern const zzh_route zzh_routes[];

typedef enum { ZZH_MATCH_NONE, ZZH_MATCH_METHOD, ZZH_MATCH_OK } zzh_match_rc;
/* Finds the route for method and path; fills rq->params. ZZH_MATCH_METHOD: the path exists with
 * other methods (allow gets "GET, POST"). */
zzh_match_rc zzh_route_match(const char *method, const char *path, zzh_req *rq, char *allow,
                             size_t allow_sz);
/* Prints the route table, one route a line: METHOD PATTERN ACCESS SCOPE FLAGS. */
void zzh_routes_print(FILE *f);
/* The router's checks before the body is read (I2). Returns 0 to go on, else an error. */
int zzh_authorise(zzh_req *rq, zz_err *err);

/* ---- server (server.c) ----------------------------------------------------------------------- */

struct zzh_server {
    zzh_config cfg;
    struct MHD_Daemon *daemon;
    char *tls_cert_pem;
    char *tls_key_pem;
    char *web_root; /* realpath of cfg.web_dir, NULL when absent */
    bool tls;
    struct zzh_ratelimit *rl;
    volatile int in_flight;
};

int zzh_server_start(zzh_server *srv, char *msg, size_t msz);
/* Stops accepting, waits up to cfg.grace_s for in-flight requests, stops the daemon. */
void zzh_server_stop(zzh_server *srv);
unsigned zzh_server_port(const zzh_server *srv);

/* The calling pool thread's context, opened on first use (I1 of store.h). */
int zzh_thread_ctx(zzh_server *srv, zz_ctx **out, zz_err *err);

/* ---- request (request.c) --------------------------------------------------------------------- */

struct zzh_req {
    zzh_server *srv;
    struct MHD_Connection *conn;
    const char *method; /* "GET" … (points into method_buf) */
    const char *path;   /* decoded by MHD, without the query (points into path_buf) */
    char *method_buf, *path_buf;
    const zzh_route *route;
    int n_params;
    char *param_name[ZZH_MAX_PARAMS];
    char *param_val[ZZH_MAX_PARAMS];

    int64_t t0_usec; /* monotonic, for the access log */
    zz_clock clock;
    char client[64];

    /* body */
    char *body;
    size_t body_len, body_cap;
    bool body_too_big;
    uint64_t body_seen;
    json_t *json;              /* parsed body, owned */
    struct zzh_upload *upload; /* ZZH_F_UPLOAD routes: the streaming upload, owned (upload.c) */

    /* who */
    bool signed_in;
    zz_actor actor;
    zz_session session;
    char *new_cookie; /* Set-Cookie value to send, owned */

    zz_ctx *cx; /* the thread's context, set right before the handler runs */

    /* reply */
    bool queued;
    unsigned status;
    uint64_t bytes;
    bool api;
    char allow[128]; /* methods of the path, for 405 */
    bool deferred;   /* a first-call refusal waiting in early */
    zz_err early;
};

zzh_req *zzh_req_new(zzh_server *srv, struct MHD_Connection *conn, const char *method,
                     const char *path);
void zzh_req_free(zzh_req *rq);
/* Appends body bytes up to the cap; beyond it marks body_too_big and drops the rest. */
void zzh_req_body_append(zzh_req *rq, const char *data, size_t len);
/* A path parameter by name ("id"); NULL when absent. */
const char *zzh_param(const zzh_req *rq, const char *name);
/* A query argument; NULL when absent. */
const char *zzh_query(const zzh_req *rq, const char *name);
/* A request header; NULL when absent. */
const char *zzh_header(const zzh_req *rq, const char *name);
/* A cookie; NULL when absent. */
const char *zzh_cookie(const zzh_req *rq, const char *name);
/* Content-Length, or -1 when absent or malformed. */
int64_t zzh_content_length(const zzh_req *rq);
bool zzh_method_writes(const char *method);

/* ---- JSON (json.c) --------------------------------------------------------------------------- */

typedef enum {
    ZZH_T_STRING = 1,
    ZZH_T_INT,
    ZZH_T_BOOL,
    ZZH_T_OBJECT,
    ZZH_T_ARRAY,
    ZZH_T_DATE, /* a "YYYY-MM-DD" string */
} zzh_type;

/* One field of a request body. A field may be null only when nullable (then it reads as absent). */
typedef struct zzh_field {
    const char *name;
    zzh_type type;
    bool required;
    bool nullable;
    size_t max_len; /* strings: bytes; 0 means 10,000 */
} zzh_field;

/*
 * Parses rq->body strictly into rq->json (an object): 400 input.json with line and column,
 * input.utf8 for invalid UTF-8, input.json for duplicate keys, 415 input.content_type unless the
 * body is application/json; then checks it against spec (ended by a row with name NULL):
 * input.unknown_field, input.missing_field, input.type, input.too_long, each naming the field.
 */
int zzh_body(zzh_req *rq, const zzh_field *spec, zz_err *err);
/* Field readers after zzh_body: NULL / dflt when absent or null. */
const char *zzh_str(const zzh_req *rq, const char *name);
int64_t zzh_int(const zzh_req *rq, const char *name, int64_t dflt);
bool zzh_bool(const zzh_req *rq, const char *name, bool dflt);

/* Checks a parsed JSON value against spec (exposed for tests and nested objects). */
int zzh_json_check(const json_t *obj, const zzh_field *spec, const char *where, zz_err *err);

/* ---- replies (errors.c, server.c) ------------------------------------------------------------ */

/* The HTTP status of an error: the code table first, then the zz_rc table. */
unsigned zzh_status_of(const zz_err *err);
/* Queues {"error":{...}}; logs 5xx details to stderr and hides them from the client. */
int zzh_reply_error(zzh_req *rq, const zz_err *err);
/* Queues a JSON value (stolen: the reference is taken over). */
int zzh_reply_json(zzh_req *rq, unsigned status, json_t *body);
/* Queues JSON text already rendered (copied). */
int zzh_reply_text(zzh_req *rq, unsigned status, const char *content_type, const char *text,
                   size_t len);
/* Queues a response without a body (204). */
int zzh_reply_empty(zzh_req *rq, unsigned status);
/* Adds the security headers (and Cache-Control for the API), the pending cookie, then queues.
 * Takes over resp. */
int zzh_queue(zzh_req *rq, unsigned status, struct MHD_Response *resp);

/* ---- streaming uploads (upload.c) ------------------------------------------------------------ */

/*
 * A multipart/form-data upload of one file part (any field name that carries a filename) and a
 * few small text fields, never held in memory: the file's bytes go through a zz_blob_writer (SM3
 * while writing to DATA_DIR/evidence/tmp/, moved into the store only when complete, blob.h), its
 * type is taken from its first bytes with libmagic (MIME type), text fields are kept (at most
 * ZZH_UPLOAD_FIELDS of ZZH_UPLOAD_FIELD_MAX bytes each).
 *
 *   first call  zzh_upload_begin   415 unless multipart/form-data; the route's pre-check
 *                                  (zzh_api_upload_precheck: the target is visible, else 404)
 *                                  before a byte of the body is read; opens writer and parser
 *   body calls  zzh_upload_feed    413 input.too_big past --max-upload, 400 input.multipart
 *   last call   zzh_upload_finish  the parser is flushed, the blob committed; then the handler
 *   completed   zzh_upload_free    (from zzh_req_free) aborts an uncommitted writer: a cut
 *                                  connection leaves no file behind, and no row was written
 */
#define ZZH_UPLOAD_FIELDS    8
#define ZZH_UPLOAD_FIELD_MAX 4096

typedef struct zzh_upload_file {
    char digest[65];    /* SM3 hex of the committed blob */
    uint64_t size;      /* bytes */
    char mime[101];     /* from the content (libmagic), "application/octet-stream" when unknown */
    char filename[512]; /* as sent by the client (the core sanitises it) */
    char field[64];     /* the form field that carried it ("file") */
} zzh_upload_file;

int zzh_upload_begin(zzh_req *rq, zz_err *err);
int zzh_upload_feed(zzh_req *rq, const char *data, size_t len, zz_err *err);
int zzh_upload_finish(zzh_req *rq, zz_err *err);
void zzh_upload_free(struct zzh_upload *up);
/* After zzh_upload_finish: the file (borrowed from rq), NULL when none was sent. */
const zzh_upload_file *zzh_upload_result(const zzh_req *rq);
/* A text field of the form (the last value when repeated); NULL when absent. */
const char *zzh_upload_field(const zzh_req *rq, const char *name);
/* Every value of a repeated text field, in order; *n of them (borrowed). */
size_t zzh_upload_values(const zzh_req *rq, const char *name, const char **out, size_t max);
/* Called by the route's pre-check: the form field of the file (default "file") and the text
 * fields accepted (NULL-ended, static); any other field is refused with 400
 * input.unknown_field before a byte of it is stored. */
void zzh_upload_expect(zzh_req *rq, const char *file_field, const char *const *names);
/* ZZH_F_UPLOAD routes' pre-check (api_dossiers.c), run with rq->cx set, before the body. */
int zzh_api_upload_precheck(zzh_req *rq, zz_err *err);

/* ---- pieces ---------------------------------------------------------------------------------- */

/* ratelimit.c: token bucket per client address. true when the request may go on. */
struct zzh_ratelimit *zzh_ratelimit_new(double rate_per_s, double burst);
void zzh_ratelimit_free(struct zzh_ratelimit *rl);
bool zzh_ratelimit_take(struct zzh_ratelimit *rl, const char *client, int64_t now_usec);

/* jobs.c: the background mail job (R-2.6 reminders, outbox delivery) with its own context. */
int zzh_jobs_start(zzh_server *srv, char *msg, size_t msz);
void zzh_jobs_stop(void);

/* static.c: serves GET/HEAD of non-API paths from the web root. */
int zzh_static_serve(zzh_req *rq);

/* session.c: the session cookie → rq->actor (called by the router). 0 when signed in;
 * ZZ_EAUTH when there is no valid session. */
int zzh_session_resolve(zzh_req *rq, zz_err *err);

/* Clock helpers (server.c). */
int64_t zzh_mono_usec(void);
zz_clock zzh_request_clock(const zzh_config *cfg);

/* Handlers (api_*.c). */
int zzh_api_health(zzh_req *rq, zz_err *err);
int zzh_api_session_create(zzh_req *rq, zz_err *err);
int zzh_api_session_get(zzh_req *rq, zz_err *err);
int zzh_api_session_delete(zzh_req *rq, zz_err *err);
int zzh_api_catalog_current(zzh_req *rq, zz_err *err);
int zzh_api_catalog_item(zzh_req *rq, zz_err *err);
int zzh_api_users_list(zzh_req *rq, zz_err *err);
int zzh_api_users_create(zzh_req *rq, zz_err *err);
int zzh_api_users_grant(zzh_req *rq, zz_err *err);
int zzh_api_users_revoke(zzh_req *rq, zz_err *err);
int zzh_api_public_cert_search(zzh_req *rq, zz_err *err);
int zzh_api_public_cert_verify(zzh_req *rq, zz_err *err);

/* JSON rendering of shared shapes (json.c). */
json_t *zzh_json_user(const zz_user *u);

#endif
