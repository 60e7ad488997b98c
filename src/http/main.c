/*
 * main.c — the zizhid program: configuration (defaults, then --config FILE, then flags), opening
 * and migrating the database before listening, signals, and graceful shutdown.
 */
#include "http/http.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define ZIZHID_VERSION "0.1.0"

void zzh_config_defaults(zzh_config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->listen_host, sizeof c->listen_host, "127.0.0.1");
    c->listen_port = 8080;
    c->data_dir = "var";
    c->catalog_dir = "catalog";
    c->web_dir = "web/dist";
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    c->threads = n > 2 ? (unsigned)n : 2; /* sign-in hashes block a thread (~0.2 s) */
    c->max_connections = 1000;
    c->timeout_s = 30;
    c->max_body = 1u << 20;
    c->max_upload = 512ull << 20;
    c->rate_per_s = 10;
    c->rate_burst = 30;
    zz_session_policy p = ZZ_SESSION_POLICY_DEFAULT;
    c->session = p;
    c->grace_s = 10;
    c->mail_interval_s = 60;
    c->reminders = true;
}

/* Unsigned with an optional K/M/G suffix (binary multiples). */
static int parse_size(const char *s, uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || s[0] == '-') return -1;
    uint64_t mul = 1;
    if (*end == 'K' || *end == 'k')
        mul = 1024, end++;
    else if (*end == 'M' || *end == 'm')
        mul = 1024 * 1024, end++;
    else if (*end == 'G' || *end == 'g')
        mul = 1024ull * 1024 * 1024, end++;
    if (*end == 'i' || *end == 'B') end++;
    if (*end == 'B') end++;
    if (*end || (v && mul > UINT64_MAX / v)) return -1;
    *out = v * mul;
    return 0;
}

static int parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
    uint64_t v;
    if (parse_size(s, &v) < 0 || v < lo || v > hi) return -1;
    *out = (unsigned)v;
    return 0;
}

static int parse_bool(const char *s, bool *out)
{
    if (!strcasecmp(s, "1") || !strcasecmp(s, "yes") || !strcasecmp(s, "true") ||
        !strcasecmp(s, "on"))
        *out = true;
    else if (!strcasecmp(s, "0") || !strcasecmp(s, "no") || !strcasecmp(s, "false") ||
             !strcasecmp(s, "off"))
        *out = false;
    else
        return -1;
    return 0;
}

/* "127.0.0.1:8080", "[::1]:8080", ":8080" (all addresses), "8080" (loopback). */
static int parse_listen(zzh_config *c, const char *s)
{
    const char *colon = strrchr(s, ':');
    const char *host = s, *port = colon ? colon + 1 : s;
    size_t hl = colon ? (size_t)(colon - s) : 0;
    if (!colon) {
        host = "127.0.0.1";
        hl = strlen(host);
    } else if (hl >= 2 && s[0] == '[' && s[hl - 1] == ']') {
        host = s + 1;
        hl -= 2;
    }
    unsigned p;
    if (hl >= sizeof c->listen_host || parse_uint(port, 0, 65535, &p) < 0) return -1;
    memcpy(c->listen_host, host, hl);
    c->listen_host[hl] = '\0';
    c->listen_port = p;
    return 0;
}

int zzh_config_set(zzh_config *c, const char *key, const char *v, char *msg, size_t msz)
{
    unsigned u;
    uint64_t z;
    int rc = 0;
    if (!strcmp(key, "listen"))
        rc = parse_listen(c, v);
    else if (!strcmp(key, "data"))
        c->data_dir = v;
    else if (!strcmp(key, "catalog-dir"))
        c->catalog_dir = v;
    else if (!strcmp(key, "web"))
        c->web_dir = v;
    else if (!strcmp(key, "tls-cert"))
        c->tls_cert = *v ? v : NULL;
    else if (!strcmp(key, "tls-key"))
        c->tls_key = *v ? v : NULL;
    else if (!strcmp(key, "threads"))
        rc = parse_uint(v, 2, 256, &c->threads);
    else if (!strcmp(key, "max-connections"))
        rc = parse_uint(v, 1, 100000, &c->max_connections);
    else if (!strcmp(key, "timeout"))
        rc = parse_uint(v, 1, 3600, &c->timeout_s);
    else if (!strcmp(key, "grace"))
        rc = parse_uint(v, 0, 600, &c->grace_s);
    else if (!strcmp(key, "max-body"))
        rc = (parse_size(v, &c->max_body) < 0 || c->max_body < 1024) ? -1 : 0;
    else if (!strcmp(key, "max-upload"))
        rc = (parse_size(v, &c->max_upload) < 0 || c->max_upload < 1024) ? -1 : 0;
    else if (!strcmp(key, "date")) {
        rc = zz_date_parse(&c->date, v, NULL);
        c->date_fixed = rc == 0;
    } else if (!strcmp(key, "rate")) {
        rc = parse_uint(v, 0, 1000000, &u);
        c->rate_per_s = u;
    } else if (!strcmp(key, "rate-burst")) {
        rc = parse_uint(v, 1, 1000000, &u);
        c->rate_burst = u;
    } else if (!strcmp(key, "trust-proxy"))
        rc = parse_bool(v, &c->trust_proxy);
    else if (!strcmp(key, "secure-cookies"))
        rc = parse_bool(v, &c->secure_cookies);
    else if (!strcmp(key, "session-idle-minutes")) {
        rc = parse_uint(v, 1, 24 * 60, &u);
        c->session.idle_usec = (int64_t)u * 60 * 1000000;
    } else if (!strcmp(key, "session-max-hours")) {
        rc = parse_uint(v, 1, 24 * 7, &u);
        c->session.max_usec = (int64_t)u * 3600 * 1000000;
    } else if (!strcmp(key, "smtp-url"))
        c->smtp_url = *v ? v : NULL;
    else if (!strcmp(key, "smtp-from"))
        c->smtp_from = *v ? v : NULL;
    else if (!strcmp(key, "smtp-user"))
        c->smtp_user = *v ? v : NULL;
    else if (!strcmp(key, "smtp-password"))
        c->smtp_password = *v ? v : NULL;
    else if (!strcmp(key, "mail-interval"))
        rc = parse_uint(v, 0, 86400, &c->mail_interval_s);
    else if (!strcmp(key, "reminders"))
        rc = parse_bool(v, &c->reminders);
    else {
        snprintf(msg, msz, "unknown setting \"%s\"", key);
        return -1;
    }
    (void)z;
    if (rc < 0) snprintf(msg, msz, "invalid value \"%s\" for %s", v, key);
    return rc < 0 ? -1 : 0;
}

/* Values read from the config file, kept while the server runs (settings point into them). */
static char **kept;
static size_t n_kept;

static char *keep(const char *v)
{
    char **nk = realloc(kept, (n_kept + 1) * sizeof *kept);
    if (!nk) return NULL;
    kept = nk;
    char *d = strdup(v);
    if (d) kept[n_kept++] = d;
    return d;
}

static void kept_free(void)
{
    for (size_t i = 0; i < n_kept; i++)
        free(kept[i]);
    free(kept);
    kept = NULL;
    n_kept = 0;
}

/* Reads KEY = VALUE lines ('#' comments). */
static int load_config_file(zzh_config *c, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "zizhid: cannot read %s: %s\n", path, strerror(errno));
        return -1;
    }
    char line[4096];
    int no = 0;
    while (fgets(line, sizeof line, f)) {
        no++;
        char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == '#' || *s == '\n' || *s == '\r' || *s == '\0') continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            fprintf(stderr, "zizhid: %s:%d: expected key = value\n", path, no);
            fclose(f);
            return -1;
        }
        char *k = s, *ke = eq, *v = eq + 1;
        while (ke > k && (ke[-1] == ' ' || ke[-1] == '\t'))
            ke--;
        *ke = '\0';
        while (*v == ' ' || *v == '\t')
            v++;
        char *ve = v + strlen(v);
        while (ve > v && (ve[-1] == '\n' || ve[-1] == '\r' || ve[-1] == ' ' || ve[-1] == '\t'))
            ve--;
        *ve = '\0';
        char *val = keep(v);
        char msg[256];
        if (!val || zzh_config_set(c, k, val, msg, sizeof msg) < 0) {
            fprintf(stderr, "zizhid: %s:%d: %s\n", path, no, val ? msg : "out of memory");
            fclose(f);
            return -1;
        }
    }
    fclose(f);
    return 0;
}

static void usage(FILE *f)
{
    fputs("用法 usage: zizhid [options]\n"
          "  --listen HOST:PORT        listen address (127.0.0.1:8080; port 0 picks a free one)\n"
          "  --data DIR                data directory with zizhi.db and the evidence store (var)\n"
          "  --catalog-dir DIR         requirement catalogues (catalog)\n"
          "  --web DIR                 web application files (web/dist)\n"
          "  --config FILE             key = value settings; keys are these option names\n"
          "  --threads N               worker threads (number of cores, at least 2)\n"
          "  --max-connections N       concurrent connections (1000)\n"
          "  --timeout SECONDS         idle connection timeout (30)\n"
          "  --max-body SIZE           JSON request body limit (1M)\n"
          "  --max-upload SIZE         evidence upload limit (512M)\n"
          "  --tls-cert FILE --tls-key FILE   serve HTTPS with these PEM files\n"
          "  --secure-cookies yes      mark the session cookie Secure (TLS at a proxy)\n"
          "  --trust-proxy yes         client address from X-Real-IP (behind nginx)\n"
          "  --rate N --rate-burst N   public routes: requests per second and burst per client\n"
          "                            (10, 30; --rate 0 turns limiting off)\n"
          "  --session-idle-minutes N  idle session timeout (30)\n"
          "  --session-max-hours N     absolute session lifetime (12)\n"
          "  --grace SECONDS           shutdown: time for in-flight requests (10)\n"
          "  --date YYYY-MM-DD         fixed business date (demos, tests)\n"
          "  --smtp-url URL --smtp-from ADDR [--smtp-user U]   send the outbox over SMTP\n"
          "                            (else the settings smtp.*; smtp-password only in --config)\n"
          "  --mail-interval SECONDS   mail job round: reminders (R-2.6), delivery (60; 0 = off)\n"
          "  --reminders no            do not queue the R-2.6 expiry reminders\n"
          "  --print-routes            print the route table and exit\n"
          "  --version, --help\n",
          f);
}

enum { OPT_CONFIG = 256, OPT_PRINT_ROUTES, OPT_VERSION, OPT_SET };

static const struct option OPTS[] = {
    {"config", required_argument, NULL, OPT_CONFIG},
    {"print-routes", no_argument, NULL, OPT_PRINT_ROUTES},
    {"version", no_argument, NULL, OPT_VERSION},
    {"help", no_argument, NULL, 'h'},
    {"listen", required_argument, NULL, OPT_SET},
    {"data", required_argument, NULL, OPT_SET},
    {"catalog-dir", required_argument, NULL, OPT_SET},
    {"web", required_argument, NULL, OPT_SET},
    {"tls-cert", required_argument, NULL, OPT_SET},
    {"tls-key", required_argument, NULL, OPT_SET},
    {"threads", required_argument, NULL, OPT_SET},
    {"max-connections", required_argument, NULL, OPT_SET},
    {"timeout", required_argument, NULL, OPT_SET},
    {"grace", required_argument, NULL, OPT_SET},
    {"max-body", required_argument, NULL, OPT_SET},
    {"max-upload", required_argument, NULL, OPT_SET},
    {"date", required_argument, NULL, OPT_SET},
    {"rate", required_argument, NULL, OPT_SET},
    {"rate-burst", required_argument, NULL, OPT_SET},
    {"trust-proxy", required_argument, NULL, OPT_SET},
    {"secure-cookies", required_argument, NULL, OPT_SET},
    {"session-idle-minutes", required_argument, NULL, OPT_SET},
    {"session-max-hours", required_argument, NULL, OPT_SET},
    {"smtp-url", required_argument, NULL, OPT_SET},
    {"smtp-from", required_argument, NULL, OPT_SET},
    {"smtp-user", required_argument, NULL, OPT_SET},
    {"mail-interval", required_argument, NULL, OPT_SET},
    {"reminders", required_argument, NULL, OPT_SET},
    {NULL, 0, NULL, 0},
};

/* Opens (creating and migrating) the database once before listening, so that a broken data
 * directory stops the start rather than the first request, and drops expired sessions. */
static int prepare_data(const zzh_config *c)
{
    zz_ctx *cx = NULL;
    zz_err err = ZZ_ERR_INIT;
    zz_clock clock = zzh_request_clock(c);
    if (zz_ctx_open(&cx, c->data_dir, c->catalog_dir, clock, &err) < 0) {
        fprintf(stderr, "zizhid: cannot open the database in %s: %s: %s\n", c->data_dir, err.code,
                err.message);
        return -1;
    }
    int version = 0;
    zz_store_schema_version(cx->st, &version, NULL);
    fprintf(stderr, "zizhid: database %s (schema %d, %d migration(s) applied now)\n",
            zz_store_path(cx->st), version, zz_store_migrations_applied(cx->st));
    int64_t removed = 0;
    if (zz_session_purge(cx, &c->session, &removed, &err) == 0 && removed > 0)
        fprintf(stderr, "zizhid: %lld expired session(s) removed\n", (long long)removed);
    zz_ctx_close(cx);
    return 0;
}

static int run(int argc, char **argv);

int main(int argc, char **argv)
{
    int rc = run(argc, argv);
    kept_free();
    return rc;
}

static int run(int argc, char **argv)
{
    static zzh_server srv; /* static: the MHD threads use it until they are joined */
    zzh_config *c = &srv.cfg;
    zzh_config_defaults(c);

    /* pass 1: --config and the flags that exit early */
    int ch;
    opterr = 1;
    while ((ch = getopt_long(argc, argv, "h", OPTS, NULL)) != -1) {
        switch (ch) {
        case OPT_CONFIG:
            if (load_config_file(c, optarg) < 0) return 2;
            break;
        case OPT_PRINT_ROUTES:
            zzh_routes_print(stdout);
            return 0;
        case OPT_VERSION:
            printf("zizhid %s (libmicrohttpd %s)\n", ZIZHID_VERSION, MHD_get_version());
            return 0;
        case 'h':
            usage(stdout);
            return 0;
        case OPT_SET:
            break;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "zizhid: unexpected argument \"%s\"\n", argv[optind]);
        return 2;
    }
    /* pass 2: flags override the file */
    optind = 1;
    opterr = 0;
    int idx = 0;
    while ((ch = getopt_long(argc, argv, "h", OPTS, &idx)) != -1) {
        if (ch != OPT_SET) continue;
        char msg[256];
        if (zzh_config_set(c, OPTS[idx].name, optarg, msg, sizeof msg) < 0) {
            fprintf(stderr, "zizhid: --%s\n", msg);
            return 2;
        }
    }

    if (prepare_data(c) < 0) return 1;
    char real[PATH_MAX];
    if (c->web_dir && *c->web_dir && realpath(c->web_dir, real))
        srv.web_root = strdup(real);
    else
        fprintf(stderr, "zizhid: no web application at %s: serving the placeholder page\n",
                c->web_dir ? c->web_dir : "");

    /* the pool threads inherit this mask, so only sigwait below sees the signals */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    char msg[512];
    if (zzh_server_start(&srv, msg, sizeof msg) < 0) {
        fprintf(stderr, "zizhid: %s\n", msg);
        free(srv.web_root);
        return 1;
    }
    if (zzh_jobs_start(&srv, msg, sizeof msg) < 0) {
        fprintf(stderr, "zizhid: %s\n", msg);
        zzh_server_stop(&srv);
        free(srv.web_root);
        return 1;
    }
    char today[ZZ_DATE_STRLEN];
    fprintf(stderr, "zizhid: listening on %s://%s%s%s:%u (%u threads%s%s)\n",
            srv.tls ? "https" : "http", strchr(c->listen_host, ':') ? "[" : "", c->listen_host,
            strchr(c->listen_host, ':') ? "]" : "", zzh_server_port(&srv), c->threads,
            c->date_fixed ? ", business date fixed at " : "",
            c->date_fixed ? zz_date_format(c->date, today) : "");

    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "zizhid: %s received, finishing in-flight requests (up to %u s)\n",
            sig == SIGTERM ? "SIGTERM" : "SIGINT", c->grace_s);
    zzh_jobs_stop();
    zzh_server_stop(&srv);
    free(srv.web_root);
    fprintf(stderr, "zizhid: stopped\n");
    return 0;
}
