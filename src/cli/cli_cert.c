/*
 * cli_cert.c — option parsing, argument resolution and JSON shapes shared by the certification
 * sub-commands (cli_cert.h).
 */
#include "cli/cli_cert.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_domain.h"
#include "zizhi/case.h"

int zz_cli_parse(zz_cli *cli, int argc, char **argv, zz_cli_opt *opts, size_t n_opts,
                 const char **pos, size_t min_pos, size_t max_pos, size_t *n_pos, const char *usage)
{
    *n_pos = 0;
    bool only_pos = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_pos || a[0] != '-' || a[1] != '-' || !a[2]) {
            if (!only_pos && strcmp(a, "--") == 0) {
                only_pos = true;
                continue;
            }
            if (*n_pos >= max_pos)
                return zz_cli_usage("too many arguments (参数过多); usage: %s", usage);
            pos[(*n_pos)++] = a;
            continue;
        }
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        if (len == 4 && strncmp(name, "json", 4) == 0 && !eq) {
            cli->json = true;
            continue;
        }
        zz_cli_opt *o = NULL;
        for (size_t k = 0; k < n_opts; k++)
            if (strlen(opts[k].name) == len && strncmp(opts[k].name, name, len) == 0) o = &opts[k];
        if (!o)
            return zz_cli_usage("unknown option '%.*s' (未知选项); usage: %s", (int)(len + 2), a,
                                usage);
        o->given = true;
        if (o->has_arg) {
            if (eq)
                o->value = eq + 1;
            else if (i + 1 < argc)
                o->value = argv[++i];
            else
                return zz_cli_usage("option --%s needs a value (缺少选项值); usage: %s", o->name,
                                    usage);
        } else if (eq) {
            return zz_cli_usage("option --%s takes no value; usage: %s", o->name, usage);
        }
    }
    if (*n_pos < min_pos) return zz_cli_usage("missing arguments (缺少参数); usage: %s", usage);
    return ZZ_EXIT_OK;
}

const char *zz_cli_opt_value(const zz_cli_opt *opts, size_t n_opts, const char *name)
{
    for (size_t k = 0; k < n_opts; k++)
        if (strcmp(opts[k].name, name) == 0) return opts[k].value;
    return NULL;
}

bool zz_cli_opt_given(const zz_cli_opt *opts, size_t n_opts, const char *name)
{
    for (size_t k = 0; k < n_opts; k++)
        if (strcmp(opts[k].name, name) == 0) return opts[k].given;
    return false;
}

int zz_cli_case_id(zz_cli *cli, zz_ctx *cx, const char *text, int64_t *out)
{
    zz_err err = ZZ_ERR_INIT;
    zz_case c;
    int rc = zz_cli_parse_id(text, out) ? zz_case_get(cx, *out, &c, &err)
                                        : zz_case_get_by_number(cx, text, &c, &err);
    if (rc < 0) return zz_cli_fail(cli, &err);
    *out = c.id;
    return ZZ_EXIT_OK;
}

int zz_cli_cert_id(zz_cli *cli, zz_ctx *cx, const char *text, int64_t *out)
{
    if (zz_cli_parse_id(text, out)) return ZZ_EXIT_OK;
    zz_err err = ZZ_ERR_INIT;
    zz_cert c;
    if (zz_cert_get_by_number(cx, text, &c, &err) < 0) return zz_cli_fail(cli, &err);
    *out = c.id;
    zz_cert_clear(&c);
    return ZZ_EXIT_OK;
}

int zz_cli_batch_id(zz_cli *cli, zz_ctx *cx, const char *text, int64_t *out)
{
    if (zz_cli_parse_id(text, out)) return ZZ_EXIT_OK;
    zz_err err = ZZ_ERR_INIT;
    zz_batch *v = NULL;
    size_t n = 0;
    if (zz_batch_list(cx, &v, &n, &err) < 0) return zz_cli_fail(cli, &err);
    *out = 0;
    for (size_t i = 0; i < n && !*out; i++)
        if (strcmp(v[i].number, text) == 0) *out = v[i].id;
    free(v);
    if (!*out) {
        zz_err_set(&err, ZZ_ENOTFOUND, "batch.not_found", "没有编号为 %.40s 的证书批次",
                   "no certificate batch %.40s", text);
        return zz_cli_fail(cli, &err);
    }
    return ZZ_EXIT_OK;
}

int zz_cli_date_or_today(zz_cli *cli, const char *text, zz_date *out)
{
    if (!text) {
        *out = cli->clock.today;
        return ZZ_EXIT_OK;
    }
    zz_err err = ZZ_ERR_INIT;
    if (zz_date_parse(out, text, &err) < 0) return zz_cli_fail(cli, &err);
    return ZZ_EXIT_OK;
}

static json_t *opt_str(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

json_t *zz_cli_cert_json(const zz_cert *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(c->id));
    json_object_set_new(o, "number", json_string(c->number));
    json_object_set_new(o, "org_id", json_integer(c->org_id));
    json_object_set_new(o, "organisation", json_string(c->org_name));
    json_object_set_new(o, "uscc", json_string(c->uscc));
    json_object_set_new(o, "category", json_string(c->category));
    json_object_set_new(o, "level", json_integer(c->level));
    json_object_set_new(o, "issue_date", json_string(c->issue_date));
    json_object_set_new(o, "expiry_date", json_string(c->expiry_date));
    json_object_set_new(o, "status", json_string(zz_cert_status_code(c->status)));
    json_object_set_new(o, "status_zh", json_string(zz_cert_status_name_zh(c->status)));
    json_object_set_new(o, "status_on", json_string(c->status_on));
    json_object_set_new(o, "case_id", c->case_id ? json_integer(c->case_id) : json_null());
    json_object_set_new(o, "case_number", opt_str(c->case_number));
    json_object_set_new(o, "batch_number", opt_str(c->batch_number));
    json_object_set_new(o, "published", json_boolean(c->published));
    json_object_set_new(o, "published_on", opt_str(c->published_on));
    json_object_set_new(o, "revoked_on", opt_str(c->revoked_on));
    json_object_set_new(o, "superseded_on", opt_str(c->superseded_on));
    json_object_set_new(o, "superseded_by", opt_str(c->superseded_by_number));
    json_object_set_new(o, "audit_count", json_integer(c->audit_count));
    json_object_set_new(o, "audit_head", json_string(c->audit_head));
    if (c->record) {
        json_t *r = json_loads(c->record, 0, NULL);
        json_object_set_new(o, "record", r ? r : json_string(c->record));
        json_object_set_new(o, "record_text", json_string(c->record));
        json_object_set_new(o, "signature", json_string(c->signature ? c->signature : ""));
    }
    return o;
}

json_t *zz_cli_cert_public_json(const zz_cert_public *p)
{
    json_t *o = json_object();
    json_object_set_new(o, "number", json_string(p->number));
    json_object_set_new(o, "organisation", json_string(p->org_name));
    json_object_set_new(o, "uscc", json_string(p->uscc));
    json_object_set_new(o, "category", json_string(p->category));
    json_object_set_new(o, "level", json_integer(p->level));
    json_object_set_new(o, "issue_date", json_string(p->issue_date));
    json_object_set_new(o, "expiry_date", json_string(p->expiry_date));
    json_object_set_new(o, "batch", json_string(p->batch_number));
    json_object_set_new(o, "published_on", json_string(p->published_on));
    json_object_set_new(o, "status", json_string(zz_cert_status_code(p->status)));
    json_object_set_new(o, "status_zh", json_string(zz_cert_status_name_zh(p->status)));
    json_object_set_new(o, "status_on", json_string(p->status_on));
    json_object_set_new(o, "superseded_by", opt_str(p->superseded_by_number));
    return o;
}

json_t *zz_cli_batch_json(const zz_batch *b)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(b->id));
    json_object_set_new(o, "number", json_string(b->number));
    json_object_set_new(o, "status", json_string(b->status));
    json_object_set_new(o, "created_on", json_string(b->created_on));
    json_object_set_new(o, "issued_on", opt_str(b->issued_on));
    json_object_set_new(o, "published_on", opt_str(b->published_on));
    json_object_set_new(o, "cases", json_integer(b->n_cases));
    json_object_set_new(o, "certificates", json_integer(b->n_certs));
    return o;
}

void zz_cli_done(zz_cli *cli, json_t *extra, const char *fmt, ...)
{
    if (cli->json) {
        json_t *o = json_object();
        json_object_set_new(o, "ok", json_true());
        if (extra) json_object_update(o, extra);
        json_decref(extra);
        zz_cli_print_json(o);
        return;
    }
    json_decref(extra);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
}
