/*
 * cmd_sanction.c — `zizhi sanction <verb>`: sanctions (处置, R-5) decided by the supervision
 * department. One libzizhi call per verb (include/zizhi/sanction.h).
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli_cert.h"
#include "cli/cli_domain.h"
#include "zizhi/ctx.h"
#include "zizhi/sanction.h"

static void help(FILE *f)
{
    fputs("用法 usage: zizhi [--as USER] [--date D] [--json] sanction <verb> ...\n"
          "  decide ORG KIND --violation T --evidence T --decision T [--cert CERT] [--deadline D]\n"
          "                        作出处置 (supervisor, R-5.1): KIND = warning 警告 |\n"
          "                        rectification 限期整改 (needs --deadline) | suspension 暂停证书 "
          "|\n"
          "                        revocation 取消证书 (suspension and revocation need --cert)\n"
          "  lift ID [--on D]      解除暂停 (R-5.2)\n"
          "  rectified ID [--on D] 记录整改完成 (R-5.2)\n"
          "  list [--org ORG] [--cert CERT]   处置记录 (R-5.3)\n"
          "  show ID               处置详情\n"
          "  overdue               逾期未整改、需升级处理的限期整改 (R-5.2)\n",
          f);
}

static json_t *sanction_json(const zz_sanction *s)
{
    json_t *o = json_object();
#define OPT(x) ((x)[0] ? json_string(x) : json_null())
    json_object_set_new(o, "id", json_integer(s->id));
    json_object_set_new(o, "org_id", json_integer(s->org_id));
    json_object_set_new(o, "organisation", json_string(s->org_name));
    json_object_set_new(o, "certificate", OPT(s->cert_number));
    json_object_set_new(o, "kind", json_string(zz_sanction_kind_code(s->kind)));
    json_object_set_new(o, "kind_zh", json_string(zz_sanction_kind_name_zh(s->kind)));
    json_object_set_new(o, "violation", json_string(s->violation));
    json_object_set_new(o, "evidence", json_string(s->evidence));
    json_object_set_new(o, "decision", json_string(s->decision));
    json_object_set_new(o, "decided_on", json_string(s->decided_on));
    json_object_set_new(o, "decided_by", json_string(s->decided_by_name));
    json_object_set_new(o, "deadline", OPT(s->deadline));
    json_object_set_new(o, "rectified_on", OPT(s->rectified_on));
    json_object_set_new(o, "lifted_on", OPT(s->lifted_on));
    json_object_set_new(o, "annulled_on", OPT(s->annulled_on));
    json_object_set_new(o, "overdue", json_boolean(s->overdue));
#undef OPT
    return o;
}

static void print_one(const zz_sanction *s)
{
    printf("#%lld %s %s  %s  %s%s%s\n    违规 violation: %s\n    证据 evidence: %s\n"
           "    决定 decision: %s\n",
           (long long)s->id, s->decided_on, zz_sanction_kind_name_zh(s->kind), s->org_name,
           s->cert_number, *s->deadline ? "  整改期限 " : "", s->deadline, s->violation,
           s->evidence, s->decision);
    if (*s->rectified_on) printf("    整改完成 rectified %s\n", s->rectified_on);
    if (*s->lifted_on) printf("    解除 lifted %s\n", s->lifted_on);
    if (*s->annulled_on)
        printf("    撤销 annulled %s（申诉 %lld）\n", s->annulled_on,
               (long long)s->annulled_by_appeal);
    if (s->overdue) puts("    ！逾期未整改，需升级处理 (overdue: escalate)");
}

static int print_list(zz_cli *cli, zz_sanction *v, size_t n, const char *key)
{
    if (cli->json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, sanction_json(&v[i]));
        zz_cli_print_json(json_pack("{s:I, s:o}", "count", (json_int_t)n, key, a));
    } else if (n == 0) {
        puts("没有处置记录 (none)");
    } else {
        for (size_t i = 0; i < n; i++)
            print_one(&v[i]);
    }
    zz_sanction_list_free(v, n);
    return ZZ_EXIT_OK;
}

static int v_decide(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *u = "zizhi sanction decide ORG KIND --violation T --evidence T --decision T "
                    "[--cert CERT] [--deadline D]";
    zz_cli_opt o[] = {{"violation", true, NULL, false},
                      {"evidence", true, NULL, false},
                      {"decision", true, NULL, false},
                      {"cert", true, NULL, false},
                      {"deadline", true, NULL, false}};
    const char *pos[2];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, o, 5, pos, 2, 2, &np, u);
    if (rc != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_sanction_kind kind;
    if (zz_sanction_kind_parse(&kind, pos[1], &err) < 0) return zz_cli_fail(cli, &err);
    int64_t org = 0, cert = 0;
    zz_date deadline = {0, 0, 0};
    if ((rc = zz_cli_org_id(cli, cx, pos[0], &org)) != ZZ_EXIT_OK ||
        (o[3].value && (rc = zz_cli_cert_id(cli, cx, o[3].value, &cert)) != ZZ_EXIT_OK) ||
        (o[4].value && (rc = zz_cli_parse_date(cli, o[4].value, &deadline)) != ZZ_EXIT_OK))
        return rc;
    int64_t id = 0;
    if (zz_sanction_decide(cx, org, cert, kind, o[0].value, o[1].value, o[2].value, deadline, &id,
                           &err) < 0)
        return zz_cli_fail(cli, &err);
    zz_cli_done(cli, json_pack("{s:I}", "id", (json_int_t)id), "已作出处置 #%lld：%s (decided)",
                (long long)id, zz_sanction_kind_name_zh(kind));
    return ZZ_EXIT_OK;
}

static int v_mark(zz_cli *cli, zz_ctx *cx, int argc, char **argv, int lift)
{
    const char *u =
        lift ? "zizhi sanction lift ID [--on D]" : "zizhi sanction rectified ID [--on D]";
    zz_cli_opt o[] = {{"on", true, NULL, false}};
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, o, 1, pos, 1, 1, &np, u);
    if (rc != ZZ_EXIT_OK) return rc;
    int64_t id = 0;
    zz_date on;
    if (!zz_cli_parse_id(pos[0], &id))
        return zz_cli_usage("ID must be a sanction id (处置编号); usage: %s", u);
    if ((rc = zz_cli_date_or_today(cli, o[0].value, &on)) != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    if ((lift ? zz_sanction_lift(cx, id, on, &err) : zz_sanction_rectified(cx, id, on, &err)) < 0)
        return zz_cli_fail(cli, &err);
    char d[ZZ_DATE_STRLEN];
    zz_date_format(on, d);
    zz_cli_done(cli, json_pack("{s:I, s:s}", "id", (json_int_t)id, "on", d),
                "处置 #%lld 已%s（%s）", (long long)id,
                lift ? "解除暂停 (lifted)" : "记录整改完成 (rectified)", d);
    return ZZ_EXIT_OK;
}

static int v_list(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    zz_cli_opt o[] = {{"org", true, NULL, false}, {"cert", true, NULL, false}};
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, o, 2, pos, 0, 0, &np,
                          "zizhi sanction list [--org ORG] [--cert CERT]");
    if (rc != ZZ_EXIT_OK) return rc;
    int64_t org = 0, cert = 0;
    if ((o[0].value && (rc = zz_cli_org_id(cli, cx, o[0].value, &org)) != ZZ_EXIT_OK) ||
        (o[1].value && (rc = zz_cli_cert_id(cli, cx, o[1].value, &cert)) != ZZ_EXIT_OK))
        return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_sanction *v = NULL;
    size_t n = 0;
    if (zz_sanction_list(cx, org, cert, &v, &n, &err) < 0) return zz_cli_fail(cli, &err);
    return print_list(cli, v, n, "sanctions");
}

static int v_overdue(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, NULL, 0, pos, 0, 0, &np, "zizhi sanction overdue");
    if (rc != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_sanction *v = NULL;
    size_t n = 0;
    if (zz_sanction_overdue(cx, &v, &n, &err) < 0) return zz_cli_fail(cli, &err);
    return print_list(cli, v, n, "overdue");
}

static int v_show(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, NULL, 0, pos, 1, 1, &np, "zizhi sanction show ID");
    if (rc != ZZ_EXIT_OK) return rc;
    int64_t id = 0;
    if (!zz_cli_parse_id(pos[0], &id)) return zz_cli_usage("ID must be a sanction id (处置编号)");
    zz_err err = ZZ_ERR_INIT;
    zz_sanction s;
    if (zz_sanction_get(cx, id, &s, &err) < 0) return zz_cli_fail(cli, &err);
    if (cli->json)
        zz_cli_print_json(sanction_json(&s));
    else
        print_one(&s);
    zz_sanction_clear(&s);
    return ZZ_EXIT_OK;
}

int cmd_sanction(zz_cli *cli, int argc, char **argv)
{
    static const zz_cli_verb verbs[] = {
        {"decide", v_decide, NULL, 0},
        {"lift", NULL, v_mark, 1},
        {"rectified", NULL, v_mark, 0},
        {"list", v_list, NULL, 0},
        {"overdue", v_overdue, NULL, 0},
        {"show", v_show, NULL, 0},
        {NULL, NULL, NULL, 0},
    };
    return zz_cli_dispatch(cli, argc, argv, "sanction", verbs, help);
}
