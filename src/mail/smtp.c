/*
 * smtp.c — delivery of the outbox over SMTP with libcurl (rules in mail.h): the configuration
 * (defaults, settings, checks, the audited "mail.configure" action), and the delivery run, one
 * connection reused for every message of the run, each message marked sent or failed through
 * outbox.h. SQL of the settings in src/store/mail_store.c; the wire format in message.c.
 */
#include "zizhi/mail.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <unistd.h>

#include "core/domain_int.h"
#include "store/mail_store.h"
#include "zizhi/crypto.h"
#include "zizhi/ctx.h"

#define RUN_LIMIT 1000 /* messages per run; the rest wait for the next one */

/* ---- configuration ------------------------------------------------------------------------- */

void zz_mail_config_init(zz_mail_config *c)
{
    memset(c, 0, sizeof *c);
    c->timeout_s = ZZ_MAIL_TIMEOUT_DEFAULT;
    c->max_attempts = ZZ_MAIL_MAX_ATTEMPTS_DEFAULT;
}

bool zz_mail_configured(const zz_mail_config *c)
{
    return c && c->url[0] && c->from[0];
}

static bool url_ok(const char *u)
{
    if (!u || (strncasecmp(u, "smtp://", 7) != 0 && strncasecmp(u, "smtps://", 8) != 0))
        return false;
    const char *host = u + (u[4] == ':' ? 7 : 8);
    if (!*host || *host == '/' || *host == ':') return false;
    for (const char *p = u; *p; p++)
        if ((unsigned char)*p <= ' ' || (unsigned char)*p == 0x7f) return false;
    return strlen(u) < sizeof((zz_mail_config *)0)->url;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end = NULL;
    errno = 0;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || !*s || errno || *end || v < lo || v > hi) return -1;
    *out = (int)v;
    return 0;
}

static int bad_url(zz_err *err, const char *u)
{
    return zz_err_set(err, ZZ_EINVAL, "mail.url",
                      "SMTP 地址“%.200s”无效（应为 smtp://主机:端口 或 smtps://主机:端口）",
                      "invalid SMTP URL \"%.200s\" (smtp://host:port or smtps://host:port)",
                      u ? u : "");
}

static int bad_from(zz_err *err, const char *f)
{
    return zz_err_set(err, ZZ_EINVAL, "mail.from",
                      "发件地址“%.200s”无效（应为 地址 或 名称 <地址>）",
                      "invalid From address \"%.200s\" (addr or Name <addr>)", f ? f : "");
}

static int bad_range(zz_err *err, const char *what, int lo, int hi)
{
    if (strcmp(what, "timeout") == 0)
        return zz_err_set(err, ZZ_EINVAL, "mail.timeout", "SMTP 超时应为 %d 至 %d 秒",
                          "the SMTP timeout must be %d to %d seconds", lo, hi);
    return zz_err_set(err, ZZ_EINVAL, "mail.max_attempts", "最多尝试次数应为 %d 至 %d",
                      "the number of attempts must be %d to %d", lo, hi);
}

int zz_mail_config_check(const zz_mail_config *c, zz_err *err)
{
    if (!zz_mail_configured(c))
        return zz_err_set(err, ZZ_EINVAL, "mail.not_configured",
                          "未配置邮件发送：需要 SMTP 地址和发件地址（smtp.url、smtp.from 或 "
                          "--smtp-url、--smtp-from）%s",
                          "mail delivery is not configured: it needs an SMTP URL and a From "
                          "address (smtp.url, smtp.from or --smtp-url, --smtp-from)%s",
                          "");
    char addr[256];
    if (!url_ok(c->url)) return bad_url(err, c->url);
    if (!zz_mail_address(c->from, addr, sizeof addr) || strpbrk(c->from, "\r\n"))
        return bad_from(err, c->from);
    if (c->timeout_s < 1 || c->timeout_s > 600) return bad_range(err, "timeout", 1, 600);
    if (c->max_attempts < 1 || c->max_attempts > 100) return bad_range(err, "max_attempts", 1, 100);
    return ZZ_OK;
}

static const char *const KEYS[] = {ZZ_MAIL_SETTING_URL,     ZZ_MAIL_SETTING_FROM,
                                   ZZ_MAIL_SETTING_USER,    ZZ_MAIL_SETTING_PASSWORD,
                                   ZZ_MAIL_SETTING_TIMEOUT, ZZ_MAIL_SETTING_MAX_ATTEMPTS};
#define N_KEYS (sizeof KEYS / sizeof KEYS[0])

/* Applies one key's value to c (checked); value "" clears text keys. */
static int apply(zz_mail_config *c, const char *key, const char *v, zz_err *err)
{
    if (!v) v = "";
    if (strcmp(key, ZZ_MAIL_SETTING_URL) == 0) {
        if (*v && !url_ok(v)) return bad_url(err, v);
        snprintf(c->url, sizeof c->url, "%s", v);
    } else if (strcmp(key, ZZ_MAIL_SETTING_FROM) == 0) {
        char addr[256];
        if (*v && (strlen(v) >= sizeof c->from || !zz_mail_address(v, addr, sizeof addr) ||
                   strpbrk(v, "\r\n")))
            return bad_from(err, v);
        snprintf(c->from, sizeof c->from, "%s", v);
    } else if (strcmp(key, ZZ_MAIL_SETTING_USER) == 0 ||
               strcmp(key, ZZ_MAIL_SETTING_PASSWORD) == 0) {
        bool user = key[5] == 'u';
        if (strlen(v) >= sizeof c->user || strpbrk(v, "\r\n"))
            return zz_err_set(err, ZZ_EINVAL, "mail.credentials", "SMTP 用户名或密码过长或含换行%s",
                              "the SMTP user or password is too long or holds a line break%s", "");
        snprintf(user ? c->user : c->password, sizeof c->user, "%s", v);
    } else if (strcmp(key, ZZ_MAIL_SETTING_TIMEOUT) == 0) {
        if (!*v)
            c->timeout_s = ZZ_MAIL_TIMEOUT_DEFAULT;
        else if (parse_int(v, 1, 600, &c->timeout_s) < 0)
            return bad_range(err, "timeout", 1, 600);
    } else if (strcmp(key, ZZ_MAIL_SETTING_MAX_ATTEMPTS) == 0) {
        if (!*v)
            c->max_attempts = ZZ_MAIL_MAX_ATTEMPTS_DEFAULT;
        else if (parse_int(v, 1, 100, &c->max_attempts) < 0)
            return bad_range(err, "max_attempts", 1, 100);
    } else {
        return zz_err_set(err, ZZ_EINVAL, "mail.setting",
                          "未知的邮件设置“%.60s”（可用：smtp.url、smtp.from、smtp.user、"
                          "smtp.password、smtp.timeout、smtp.max_attempts）",
                          "unknown mail setting \"%.60s\" (smtp.url, smtp.from, smtp.user, "
                          "smtp.password, smtp.timeout, smtp.max_attempts)",
                          key ? key : "");
    }
    return ZZ_OK;
}

static int require_admin(zz_ctx *cx, zz_err *err)
{
    return zz_ctx_require(cx, ZZ_R(ZZ_ROLE_SYS_ADMIN), err);
}

int zz_mail_config_load(zz_ctx *cx, zz_mail_config *c, zz_err *err)
{
    int rc = require_admin(cx, err);
    if (rc < 0) return rc;
    for (size_t i = 0; i < N_KEYS; i++) {
        char *v = NULL;
        if ((rc = zz_mail_store_setting(cx->st, KEYS[i], &v, err)) < 0) return rc;
        if (v && apply(c, KEYS[i], v, NULL) < 0) {
            /* a bad stored address is kept where zz_mail_config_check reports it; other bad
             * values leave the field as it was */
            if (strcmp(KEYS[i], ZZ_MAIL_SETTING_URL) == 0)
                snprintf(c->url, sizeof c->url, "%.*s", (int)sizeof c->url - 1, v);
            else if (strcmp(KEYS[i], ZZ_MAIL_SETTING_FROM) == 0)
                snprintf(c->from, sizeof c->from, "%.*s", (int)sizeof c->from - 1, v);
        }
        free(v);
    }
    return ZZ_OK;
}

int zz_mail_config_set(zz_ctx *cx, const char *const *keys, const char *const *values, size_t n,
                       zz_err *err)
{
    int rc = require_admin(cx, err);
    if (rc < 0) return rc;
    zz_mail_config probe;
    zz_mail_config_init(&probe);
    for (size_t i = 0; i < n; i++)
        if ((rc = apply(&probe, keys[i], values[i], err)) < 0) return rc;
    if ((rc = zz_action_begin(cx, err)) < 0) return rc;
    json_t *detail = json_object();
    for (size_t i = 0; i < n && rc == ZZ_OK; i++) {
        const char *v = values[i] && *values[i] ? values[i] : NULL;
        rc = zz_mail_store_setting_put(cx->st, keys[i], v, err);
        bool secret = strcmp(keys[i], ZZ_MAIL_SETTING_PASSWORD) == 0;
        json_object_set_new(detail, keys[i],
                            !v       ? json_null()
                            : secret ? json_string("(changed)")
                                     : json_string(v));
    }
    if (rc < 0) {
        json_decref(detail);
        return zz_action_abort(cx, rc);
    }
    char *text = zz__json_text(detail);
    char hex[ZZ_SM3_HEXLEN + 1];
    if (!text) return zz_action_abort(cx, zz__nomem(err));
    if ((rc = zz__digest_text(text, hex, err)) < 0) {
        free(text);
        return zz_action_abort(cx, rc);
    }
    rc = zz_action_commit(cx, "mail.configure", "settings", "smtp", hex, text, err);
    free(text);
    return rc;
}

const char *zz_mail_status(const zz_outbox_msg *m)
{
    return m->sent_usec > 0 ? "sent" : m->attempts > 0 ? "failed" : "pending";
}

/* ---- delivery ------------------------------------------------------------------------------ */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

void zz_mail_global_init(void)
{
    pthread_once(&curl_once, curl_init);
}

typedef struct src {
    const char *p;
    size_t left;
} src;

static size_t read_cb(char *buf, size_t size, size_t nitems, void *ud)
{
    src *s = ud;
    size_t room = size * nitems, n = s->left < room ? s->left : room;
    memcpy(buf, s->p, n);
    s->p += n;
    s->left -= n;
    return n;
}

/* Failures of the connection rather than of the message: the server is unreachable or refuses
 * us, so the other messages would fail the same way. */
static bool server_failure(CURLcode c)
{
    switch (c) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_LOGIN_DENIED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_AUTH_ERROR:
        return true;
    default:
        return false;
    }
}

/* One lock per data directory, so two senders never send the same message. */
static int take_lock(const char *data_dir, int *fd, bool *busy, zz_err *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/mail.lock", data_dir);
    *busy = false;
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (*fd < 0)
        return zz_err_set(err, ZZ_EIO, "mail.lock", "无法打开邮件发送锁文件 %s：%s",
                          "cannot open the mail lock file %s: %s", path, strerror(errno));
    if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
        close(*fd);
        *fd = -1;
        if (errno == EWOULDBLOCK) {
            *busy = true;
            return ZZ_OK;
        }
        return zz_err_set(err, ZZ_EIO, "mail.lock", "无法锁定邮件发送锁文件 %s：%s",
                          "cannot lock the mail lock file %s: %s", path, strerror(errno));
    }
    return ZZ_OK;
}

/* A Message-ID for message id: zizhi.<id>.<random>@<domain of From>. */
static int message_id(const zz_mail_config *cfg, int64_t id, char *buf, size_t size, zz_err *err)
{
    char addr[256], *tok = NULL;
    zz_mail_address(cfg->from, addr, sizeof addr);
    int rc = zz_random_token(&tok, 12, err);
    if (rc < 0) return rc;
    snprintf(buf, size, "zizhi.%lld.%s@%s", (long long)id, tok, strchr(addr, '@') + 1);
    free(tok);
    return ZZ_OK;
}

/* Sends one formatted message; 0 or the curl code with the error text in errbuf. */
static CURLcode send_one(CURL *h, const zz_mail_config *cfg, const zz_outbox_msg *m,
                         const char *text, size_t len, char *errbuf)
{
    char from[260], to[260], addr[256];
    zz_mail_address(cfg->from, addr, sizeof addr);
    snprintf(from, sizeof from, "<%s>", addr);
    snprintf(to, sizeof to, "<%s>", m->to_addr);
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    if (!rcpt) return CURLE_OUT_OF_MEMORY;
    src s = {text, len};
    errbuf[0] = '\0';
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(h, CURLOPT_READDATA, &s);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    CURLcode c = curl_easy_perform(h);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, NULL);
    curl_slist_free_all(rcpt);
    if (c != CURLE_OK && !errbuf[0]) snprintf(errbuf, CURL_ERROR_SIZE, "%s", curl_easy_strerror(c));
    return c;
}

int zz_mail_deliver_pending_ex(zz_ctx *cx, const zz_mail_config *cfg, zz_mail_run *run, zz_err *err)
{
    zz_mail_run local;
    if (!run) run = &local;
    memset(run, 0, sizeof *run);
    int rc = require_admin(cx, err);
    if (rc < 0) return rc;
    if ((rc = zz_mail_config_check(cfg, err)) < 0) return rc;
    int lock = -1;
    if ((rc = take_lock(cx->data_dir, &lock, &run->busy, err)) < 0 || run->busy) return rc;

    zz_outbox_filter f = {0};
    f.pending_only = true;
    f.max_attempts = cfg->max_attempts;
    f.limit = RUN_LIMIT;
    zz_outbox_msg *msgs = NULL;
    size_t n = 0;
    if ((rc = zz_outbox__deliverable(cx, &f, &msgs, &n, err)) < 0 || n == 0) {
        close(lock);
        return rc;
    }
    zz_mail_global_init();
    CURL *h = curl_easy_init();
    if (!h) {
        zz_outbox_list_free(msgs, n);
        close(lock);
        return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
    }
    char errbuf[CURL_ERROR_SIZE];
    curl_easy_setopt(h, CURLOPT_URL, cfg->url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)cfg->timeout_s);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)(cfg->timeout_s < 10 ? cfg->timeout_s : 10));
    bool smtps = strncasecmp(cfg->url, "smtps://", 8) == 0;
    if (cfg->user[0]) {
        curl_easy_setopt(h, CURLOPT_USERNAME, cfg->user);
        curl_easy_setopt(h, CURLOPT_PASSWORD, cfg->password);
    }
    /* never a password in clear: STARTTLS is required with credentials, tried without */
    if (!smtps)
        curl_easy_setopt(h, CURLOPT_USE_SSL,
                         cfg->user[0] ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);

    for (size_t i = 0; i < n && rc == ZZ_OK; i++) {
        zz_outbox_msg *m = &msgs[i];
        if (run->server_down) {
            run->deferred++;
            continue;
        }
        char mid[160], *text = NULL, error[512];
        size_t len = 0;
        zz_err e2 = ZZ_ERR_INIT;
        CURLcode c = CURLE_OK;
        if (message_id(cfg, m->id, mid, sizeof mid, &e2) < 0 ||
            zz_mail_format_message(cfg, m, cx->clock.now_usec, mid, cx->data_dir, &text, &len,
                                   &e2) < 0) {
            snprintf(error, sizeof error, "%s: %s", e2.code, e2.message);
        } else {
            c = send_one(h, cfg, m, text, len, errbuf);
            if (c != CURLE_OK) {
                snprintf(error, sizeof error, "curl: (%d) %s", (int)c, errbuf);
                run->server_down = server_failure(c);
            }
        }
        free(text);
        if (e2.code[0] == '\0' && c == CURLE_OK) {
            rc = zz_outbox_mark_sent(cx, m->id, cx->clock.now_usec, err); /* I1 */
            if (rc == ZZ_OK) run->sent++;
        } else {
            rc = zz_outbox_mark_failed(cx, m->id, error, err);
            if (rc == ZZ_OK) run->failed++;
            snprintf(run->last_error, sizeof run->last_error, "%s", error);
        }
    }
    curl_easy_cleanup(h);
    zz_outbox_list_free(msgs, n);
    close(lock);
    return rc;
}

int zz_mail_deliver_pending(zz_ctx *cx, const zz_mail_config *cfg, int *sent, int *failed,
                            zz_err *err)
{
    zz_mail_run run;
    int rc = zz_mail_deliver_pending_ex(cx, cfg, &run, err);
    if (sent) *sent = run.sent;
    if (failed) *failed = run.failed;
    return rc;
}
