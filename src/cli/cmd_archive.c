/*
 * cmd_archive.c — `zizhi archive <verb>`: case archives (档案, R-7): retention, legal hold,
 * disposal with recorded approval, and the self-verifying export. One libzizhi call per
 * verb (include/zizhi/archive.h). CASE is a case id or number.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli_cert.h"
#include "cli/cli_domain.h"
#include "zizhi/archive.h"
#include "zizhi/ctx.h"

static void help(FILE *f)
{
    fputs("用法 usage: zizhi [--as USER] [--date D] [--json] archive <verb> ...\n"
          "  list                    全部档案 (manager, supervisor)\n"
          "  due [--on D]            保存期已满、待处置的档案 (R-7.1; default today)\n"
          "  show CASE               档案详情\n"
          "  hold CASE --reason T    法律保全 (supervisor)\n"
          "  release CASE --reason T 解除法律保全 (supervisor)\n"
          "  approve-disposal CASE   批准处置 (manager; refused before the kept-until date or\n"
          "                          under a legal hold)\n"
          "  dispose CASE            处置已批准的档案 (manager)\n"
          "  export CASE OUT.zip     导出自校验档案包 (R-7.2: documents, evidence, audit\n"
          "                          entries, manifest with SM3, signed)\n",
          f);
}

static json_t *archive_json(const zz_archive *a)
{
#define OPT(x) ((x)[0] ? json_string(x) : json_null())
    json_t *o = json_object();
    json_object_set_new(o, "case_id", json_integer(a->case_id));
    json_object_set_new(o, "case_number", json_string(a->case_number));
    json_object_set_new(o, "org_id", json_integer(a->org_id));
    json_object_set_new(o, "organisation", json_string(a->org_name));
    json_object_set_new(o, "closed_on", json_string(a->closed_on));
    json_object_set_new(o, "keep_until", json_string(a->keep_until));
    json_object_set_new(o, "legal_hold", json_boolean(a->legal_hold));
    json_object_set_new(o, "hold_reason", OPT(a->hold_reason));
    json_object_set_new(o, "disposal_approved_on", OPT(a->disposal_approved_on));
    json_object_set_new(o, "disposed_on", OPT(a->disposed_on));
    json_object_set_new(o, "due", json_boolean(a->due));
#undef OPT
    return o;
}

static void archive_print(const zz_archive *a)
{
    printf("%-20s %s  结案 %s  保存至 %s%s%s%s%s%s\n", a->case_number, a->org_name, a->closed_on,
           a->keep_until, a->due ? "  待处置 due" : "", a->legal_hold ? "  法律保全 HOLD: " : "",
           a->legal_hold ? a->hold_reason : "",
           *a->disposal_approved_on ? "  已批准处置 approved" : "",
           *a->disposed_on ? "  已处置 disposed" : "");
}

static int print_list(zz_cli *cli, zz_archive *v, size_t n)
{
    if (cli->json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, archive_json(&v[i]));
        zz_cli_print_json(json_pack("{s:I, s:o}", "count", (json_int_t)n, "archives", a));
    } else if (n == 0) {
        puts("没有档案 (no archives)");
    } else {
        for (size_t i = 0; i < n; i++)
            archive_print(&v[i]);
    }
    free(v);
    return ZZ_EXIT_OK;
}

static int v_list(zz_cli *cli, zz_ctx *cx, int argc, char **argv, int due)
{
    zz_cli_opt o[] = {{"on", true, NULL, false}};
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, o, due ? 1 : 0, pos, 0, 0, &np,
                          due ? "zizhi archive due [--on D]" : "zizhi archive list");
    if (rc != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_archive *v = NULL;
    size_t n = 0;
    zz_date on;
    if (due && (rc = zz_cli_date_or_today(cli, o[0].value, &on)) != ZZ_EXIT_OK) return rc;
    if ((due ? zz_archive_list_due(cx, on, &v, &n, &err) : zz_archive_list(cx, &v, &n, &err)) < 0)
        return zz_cli_fail(cli, &err);
    return print_list(cli, v, n);
}

static int v_show(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, NULL, 0, pos, 1, 1, &np, "zizhi archive show CASE");
    if (rc != ZZ_EXIT_OK) return rc;
    int64_t id = 0;
    if ((rc = zz_cli_case_id(cli, cx, pos[0], &id)) != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_archive a;
    if (zz_archive_get(cx, id, &a, &err) < 0) return zz_cli_fail(cli, &err);
    if (cli->json)
        zz_cli_print_json(archive_json(&a));
    else
        archive_print(&a);
    return ZZ_EXIT_OK;
}

enum { A_HOLD, A_RELEASE, A_APPROVE, A_DISPOSE };

static int v_act(zz_cli *cli, zz_ctx *cx, int argc, char **argv, int what)
{
    static const char *const usage[] = {
        "zizhi archive hold CASE --reason TEXT", "zizhi archive release CASE --reason TEXT",
        "zizhi archive approve-disposal CASE", "zizhi archive dispose CASE"};
    static const char *const done[] = {"已施加法律保全 (legal hold on)",
                                       "已解除法律保全 (legal hold lifted)",
                                       "已批准处置 (disposal approved)", "已处置 (disposed of)"};
    zz_cli_opt o[] = {{"reason", true, NULL, false}};
    const char *pos[1];
    size_t np = 0;
    int rc =
        zz_cli_parse(cli, argc, argv, o, what <= A_RELEASE ? 1 : 0, pos, 1, 1, &np, usage[what]);
    if (rc != ZZ_EXIT_OK) return rc;
    int64_t id = 0;
    if ((rc = zz_cli_case_id(cli, cx, pos[0], &id)) != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    switch (what) {
    case A_HOLD:
        rc = zz_archive_hold(cx, id, o[0].value, &err);
        break;
    case A_RELEASE:
        rc = zz_archive_release(cx, id, o[0].value, &err);
        break;
    case A_APPROVE:
        rc = zz_archive_approve_disposal(cx, id, &err);
        break;
    default:
        rc = zz_archive_dispose(cx, id, &err);
        break;
    }
    if (rc < 0) return zz_cli_fail(cli, &err);
    zz_cli_done(cli, json_pack("{s:I}", "case_id", (json_int_t)id), "%s：%s", pos[0], done[what]);
    return ZZ_EXIT_OK;
}

static int v_export(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *pos[2];
    size_t np = 0;
    int rc =
        zz_cli_parse(cli, argc, argv, NULL, 0, pos, 2, 2, &np, "zizhi archive export CASE OUT.zip");
    if (rc != ZZ_EXIT_OK) return rc;
    int64_t id = 0;
    if ((rc = zz_cli_case_id(cli, cx, pos[0], &id)) != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    if (zz_archive_export(cx, id, pos[1], &err) < 0) return zz_cli_fail(cli, &err);
    zz_cli_done(cli, json_pack("{s:I, s:s}", "case_id", (json_int_t)id, "path", pos[1]),
                "档案已导出到 %s (archive exported, manifest signed)", pos[1]);
    return ZZ_EXIT_OK;
}

int cmd_archive(zz_cli *cli, int argc, char **argv)
{
    static const zz_cli_verb verbs[] = {
        {"list", NULL, v_list, 0},
        {"due", NULL, v_list, 1},
        {"show", v_show, NULL, 0},
        {"hold", NULL, v_act, A_HOLD},
        {"release", NULL, v_act, A_RELEASE},
        {"approve-disposal", NULL, v_act, A_APPROVE},
        {"dispose", NULL, v_act, A_DISPOSE},
        {"export", v_export, NULL, 0},
        {NULL, NULL, NULL, 0},
    };
    return zz_cli_dispatch(cli, argc, argv, "archive", verbs, help);
}
