/*
 * cmd_audit.c — `zizhi audit verify|list`: the audit log (审计日志, R-8).
 *
 * verify exits 0 when the chain and the signed checkpoint are intact and 1 naming the first broken
 * entry otherwise; list shows the newest entries.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_audit.h"
#include "zizhi/audit.h"
#include "zizhi/crypto.h"

#define LIST_DEFAULT 20

static void help(FILE *f)
{
    fputs("用法 usage:\n"
          "  zizhi audit verify [--json]\n"
          "      核验审计链与签名检查点；完整时退出码 0，否则 1 并指出首个异常记录\n"
          "      (verify the chain and the signed checkpoint; exit 0 when intact, else 1 naming\n"
          "      the first broken entry)\n"
          "  zizhi audit list [--limit N] [--json]\n"
          "      列出最新的 N 条记录，默认 20，0 为全部 (the newest N entries; default 20, 0 = "
          "all)\n",
          f);
}

static int verify(zz_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'j')
            cli->json = true;
        else
            return zz_cli_usage("usage: zizhi audit verify [--json]");
    }
    if (optind != argc) return zz_cli_usage("usage: zizhi audit verify [--json]");
    zz_err err = ZZ_ERR_INIT;
    zz_store *st = NULL;
    zz_sm2_key *key = NULL;
    zz_audit_report r;
    int rc = zz_cli_store_open(cli, true, &st, &err);
    if (rc == ZZ_OK) rc = zz_sm2_key_load_or_create(&key, cli->data_dir, &err);
    if (rc == ZZ_OK) rc = zz_audit_verify(st, cli->data_dir, key, &r, &err);
    zz_sm2_key_free(key);
    zz_store_close(st);
    if (rc < 0) return zz_cli_fail(cli, &err);
    if (cli->json) {
        json_t *o = zz_cli_audit_report_json(&r);
        json_dumpf(o, stdout, JSON_COMPACT);
        fputc('\n', stdout);
        json_decref(o);
    } else {
        zz_cli_audit_report_print(stdout, &r);
    }
    return r.ok ? ZZ_EXIT_OK : ZZ_EXIT_FAIL;
}

static json_t *entry_json(const zz_audit_entry *e)
{
    char at[ZZ_AUDIT_INSTANT_STRLEN];
    json_t *o = json_object();
    json_object_set_new(o, "seq", json_integer(e->seq));
    json_object_set_new(o, "at", json_string(zz_audit_format_instant(e->at_usec, true, at)));
    json_object_set_new(o, "business_date", json_string(e->business_date));
    json_object_set_new(o, "actor", json_string(e->actor));
    json_object_set_new(o, "action", json_string(e->action));
    json_object_set_new(o, "object_type", json_string(e->obj_type));
    json_object_set_new(o, "object_id", json_string(e->obj_id));
    json_object_set_new(o, "object_digest", json_string(e->obj_digest));
    json_t *d = json_loads(e->detail, 0, NULL);
    json_object_set_new(o, "detail", d ? d : json_string(e->detail));
    json_object_set_new(o, "prev_digest", json_string(e->prev_digest));
    json_object_set_new(o, "digest", json_string(e->digest));
    return o;
}

static int list(zz_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
                                         {"limit", required_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    const char *usage = "usage: zizhi audit list [--limit N] [--json]";
    long limit = LIST_DEFAULT;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'j') {
            cli->json = true;
        } else if (c == 'n') {
            char *end = NULL;
            limit = strtol(optarg, &end, 10);
            if (!*optarg || *end || limit < 0)
                return zz_cli_usage("--limit wants a whole number >= 0 (条数), not '%s'", optarg);
        } else {
            return zz_cli_usage("%s", usage);
        }
    }
    if (optind != argc) return zz_cli_usage("%s", usage);
    zz_err err = ZZ_ERR_INIT;
    zz_store *st = NULL;
    zz_audit_entry *v = NULL;
    size_t n = 0;
    int rc = zz_cli_store_open(cli, true, &st, &err);
    if (rc == ZZ_OK) rc = zz_audit_list(st, (size_t)limit, &v, &n, &err);
    zz_store_close(st);
    if (rc < 0) return zz_cli_fail(cli, &err);
    if (cli->json) {
        json_t *o = json_object(), *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, entry_json(&v[i]));
        json_object_set_new(o, "count", json_integer((json_int_t)n));
        json_object_set_new(o, "entries", a);
        json_dumpf(o, stdout, JSON_COMPACT);
        fputc('\n', stdout);
        json_decref(o);
    } else if (n == 0) {
        puts("审计日志为空 (the audit log is empty)");
    } else {
        puts("序号 seq  时间 instant (UTC)            业务日期 date  操作人 actor  操作 action  "
             "对象 object");
        for (size_t i = 0; i < n; i++) {
            const zz_audit_entry *e = &v[i];
            char at[ZZ_AUDIT_INSTANT_STRLEN];
            printf("%-8lld  %s  %s  %s  %s  %s%s%s\n", (long long)e->seq,
                   zz_audit_format_instant(e->at_usec, true, at), e->business_date, e->actor,
                   e->action, e->obj_type, *e->obj_id ? "/" : "", e->obj_id);
            if (strcmp(e->detail, "{}") != 0) printf("          详情 detail %s\n", e->detail);
        }
    }
    zz_audit_list_free(v, n);
    return ZZ_EXIT_OK;
}

int cmd_audit(zz_cli *cli, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? ZZ_EXIT_USAGE : ZZ_EXIT_OK;
    }
    const char *verb = argv[1];
    argc--;
    argv++;
    optind = 0;
    if (strcmp(verb, "verify") == 0) return verify(cli, argc, argv);
    if (strcmp(verb, "list") == 0) return list(cli, argc, argv);
    help(stderr);
    return zz_cli_usage("unknown verb 'audit %s' (未知操作)", verb);
}
