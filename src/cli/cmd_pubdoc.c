/*
 * cmd_pubdoc.c — `zizhi pubdoc <verb>`: the public documents an applicant reads before applying
 * (申请须知, R-2.7; include/zizhi/pubdoc.h). One libzizhi call per verb; publish first stores the
 * file in the blob store (blob.h) and takes its type from its content (libmagic) unless --mime.
 */
#include "cli/cli.h"

#include <magic.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_cert.h"
#include "cli/cli_domain.h"
#include "zizhi/blob.h"
#include "zizhi/ctx.h"
#include "zizhi/pubdoc.h"

static void help(FILE *f)
{
    fputs("用法 usage: zizhi [--as USER] [--date D] [--json] pubdoc <verb> ...\n"
          "  publish KIND FILE --version V [--date D] [--mime TYPE] [--name NAME]\n"
          "                        发布公开文件的新版本 (sys_admin, R-2.7); KIND = criteria "
          "评估准则 |\n"
          "                        guide 申请与维持指南 | form 申请书及附件 | faq 常见问题解答 |\n"
          "                        contacts 联系方式; --date defaults to today\n"
          "  list                  各类文件的现行版本及日期 (public)\n"
          "  history KIND          一类文件的全部版本\n",
          f);
}

static json_t *doc_json(const zz_pubdoc *d)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", d->id ? json_integer(d->id) : json_null());
    json_object_set_new(o, "kind", json_string(zz_pubdoc_kind_code(d->kind)));
    json_object_set_new(o, "kind_zh", json_string(zz_pubdoc_kind_name_zh(d->kind)));
    json_object_set_new(o, "version", json_string(d->version));
    json_object_set_new(o, "date", json_string(d->doc_date));
    json_object_set_new(o, "filename", d->builtin ? json_null() : json_string(d->filename));
    json_object_set_new(o, "mime", json_string(d->mime));
    json_object_set_new(o, "size", json_integer(d->size));
    json_object_set_new(o, "digest", d->builtin ? json_null() : json_string(d->digest));
    json_object_set_new(o, "builtin", json_boolean(d->builtin));
    if (d->builtin) json_object_set_new(o, "text", json_string(zz_pubdoc_contacts_text()));
    return o;
}

static void print_doc(const zz_pubdoc *d)
{
    if (d->builtin) {
        printf("%-14s 指南第十节（内置） %s\n%s", zz_pubdoc_kind_name_zh(d->kind), d->doc_date,
               zz_pubdoc_contacts_text());
        return;
    }
    printf("#%lld %-14s 版本 %-12s %s  %s (%s, %lld bytes)\n", (long long)d->id,
           zz_pubdoc_kind_name_zh(d->kind), d->version, d->doc_date, d->filename, d->mime,
           (long long)d->size);
}

static int print_docs(zz_cli *cli, zz_pubdoc *v, size_t n, const char *key)
{
    if (cli->json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, doc_json(&v[i]));
        zz_cli_print_json(json_pack("{s:I, s:o}", "count", (json_int_t)n, key, a));
    } else if (n == 0) {
        puts("没有公开文件 (none)");
    } else {
        for (size_t i = 0; i < n; i++)
            print_doc(&v[i]);
    }
    free(v);
    return ZZ_EXIT_OK;
}

/* The MIME type of a file from its content; "application/octet-stream" when unknown. */
static void sniff(const char *path, char *buf, size_t size)
{
    snprintf(buf, size, "application/octet-stream");
    magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
    if (!m) return;
    if (magic_load(m, NULL) == 0) {
        const char *t = magic_file(m, path);
        if (t && strchr(t, '/') && strlen(t) < size) snprintf(buf, size, "%s", t);
    }
    magic_close(m);
}

static int v_publish(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *u = "zizhi pubdoc publish KIND FILE --version V [--date D] [--mime TYPE] "
                    "[--name NAME]";
    zz_cli_opt o[] = {{"version", true, NULL, false},
                      {"date", true, NULL, false},
                      {"mime", true, NULL, false},
                      {"name", true, NULL, false}};
    const char *pos[2];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, o, 4, pos, 2, 2, &np, u);
    if (rc != ZZ_EXIT_OK) return rc;
    if (!o[0].value) return zz_cli_usage("--version is required; usage: %s", u);
    zz_err err = ZZ_ERR_INIT;
    zz_pubdoc_kind kind;
    if (zz_pubdoc_kind_parse(&kind, pos[0], &err) < 0) return zz_cli_fail(cli, &err);
    zz_date date;
    if ((rc = zz_cli_date_or_today(cli, o[1].value, &date)) != ZZ_EXIT_OK) return rc;
    char mime[101];
    if (o[2].value)
        snprintf(mime, sizeof mime, "%s", o[2].value);
    else
        sniff(pos[1], mime, sizeof mime);
    const char *name = o[3].value ? o[3].value : pos[1];
    char hex[ZZ_SM3_HEXLEN + 1];
    /* who first: nobody but sys_admin fills the blob store through this verb */
    if (zz_ctx_require(cx, ZZ_R(ZZ_ROLE_SYS_ADMIN), &err) < 0 ||
        zz_blob_put_file(hex, cx->data_dir, pos[1], &err) < 0)
        return zz_cli_fail(cli, &err);
    int64_t id = 0;
    if (zz_pubdoc_publish(cx, kind, o[0].value, date, hex, name, mime, &id, &err) < 0)
        return zz_cli_fail(cli, &err);
    char d[ZZ_DATE_STRLEN];
    zz_date_format(date, d);
    zz_cli_done(cli,
                json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)id, "kind",
                          zz_pubdoc_kind_code(kind), "version", o[0].value, "date", d, "digest",
                          hex, "mime", mime),
                "已发布%s 版本 %s（%s）#%lld (published)", zz_pubdoc_kind_name_zh(kind), o[0].value,
                d, (long long)id);
    return ZZ_EXIT_OK;
}

static int v_list(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, NULL, 0, pos, 0, 0, &np, "zizhi pubdoc list");
    if (rc != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_pubdoc *v = NULL;
    size_t n = 0;
    if (zz_pubdoc_list_current(cx, &v, &n, &err) < 0) return zz_cli_fail(cli, &err);
    return print_docs(cli, v, n, "documents");
}

static int v_history(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, NULL, 0, pos, 1, 1, &np, "zizhi pubdoc history KIND");
    if (rc != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_pubdoc_kind kind;
    zz_pubdoc *v = NULL;
    size_t n = 0;
    if (zz_pubdoc_kind_parse(&kind, pos[0], &err) < 0 ||
        zz_pubdoc_history(cx, kind, &v, &n, &err) < 0)
        return zz_cli_fail(cli, &err);
    return print_docs(cli, v, n, "versions");
}

int cmd_pubdoc(zz_cli *cli, int argc, char **argv)
{
    static const zz_cli_verb verbs[] = {
        {"publish", v_publish, NULL, 0},
        {"list", v_list, NULL, 0},
        {"history", v_history, NULL, 0},
        {NULL, NULL, NULL, 0},
    };
    return zz_cli_dispatch(cli, argc, argv, "pubdoc", verbs, help);
}
