/*
 * cmd_project.c — `zizhi project add|list|update`: an organisation's service projects (服务项目),
 * the data behind the checks of completed projects (3.2.6-1) and failed acceptance
 * (3.2.6-2). Only the organisation's applicant_admin changes them.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_domain.h"
#include "zizhi/org.h"

static void help(FILE *f)
{
    fputs("用法 usage:\n"
          "  zizhi project add --org ORG --name 名称 [--client 委托方] [--no-ai-security]\n"
          "        [--started D] [--completed D] [--acceptance passed|failed|pending]\n"
          "        [--accepted-on D]\n"
          "  zizhi project list --org ORG\n"
          "  zizhi project update ID [add 的选项 / the options of add] [--ai-security]\n"
          "\n验收日期 --accepted-on 在验收通过或未通过时必填 (required when passed or failed)\n"
          "日期 dates: YYYY-MM-DD, 或 none 清空 (none clears)\n"
          "全局选项 global options: --data DIR --as USER --date YYYY-MM-DD --json\n",
          f);
}

static json_t *project_json(const zz_project *p)
{
    char *text = NULL;
    zz_project_to_json(p, &text, NULL);
    return zz_cli_json_text(text);
}

static const char *date_text(zz_date d, char buf[ZZ_DATE_STRLEN])
{
    return zz_date_is_set(d) ? zz_date_format(d, buf) : "-";
}

static void print_project(const zz_project *p)
{
    char a[ZZ_DATE_STRLEN], b[ZZ_DATE_STRLEN], c[ZZ_DATE_STRLEN];
    printf("项目 (project) %s  [编号 id %lld，单位 org %lld]\n", p->name, (long long)p->id,
           (long long)p->org_id);
    if (p->client) printf("  委托方 (client)        %s\n", p->client);
    printf("  人工智能安全服务 (AI security)  %s\n", p->ai_security ? "是 (yes)" : "否 (no)");
    printf("  开始/完成 (started/completed)  %s / %s\n", date_text(p->started_on, a),
           date_text(p->completed_on, b));
    printf("  验收 (acceptance)      %s (%s) %s\n", zz_acceptance_name_zh(p->acceptance),
           zz_acceptance_name(p->acceptance), date_text(p->accepted_on, c));
}

typedef struct project_opts {
    const char *org, *name, *client, *started, *completed, *acceptance, *accepted;
    int ai; /* -1 not given */
} project_opts;

enum { J_ORG = 1000, J_NAME, J_CLIENT, J_START, J_DONE, J_ACC, J_ACCON, J_AI, J_NOAI, J_JSON };

static int parse(zz_cli *cli, int argc, char **argv, project_opts *o, const char *usage)
{
    static const struct option opts[] = {{"org", required_argument, NULL, J_ORG},
                                         {"name", required_argument, NULL, J_NAME},
                                         {"client", required_argument, NULL, J_CLIENT},
                                         {"started", required_argument, NULL, J_START},
                                         {"completed", required_argument, NULL, J_DONE},
                                         {"acceptance", required_argument, NULL, J_ACC},
                                         {"accepted-on", required_argument, NULL, J_ACCON},
                                         {"ai-security", no_argument, NULL, J_AI},
                                         {"no-ai-security", no_argument, NULL, J_NOAI},
                                         {"json", no_argument, NULL, J_JSON},
                                         {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    o->ai = -1;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case J_ORG:
            o->org = optarg;
            break;
        case J_NAME:
            o->name = optarg;
            break;
        case J_CLIENT:
            o->client = optarg;
            break;
        case J_START:
            o->started = optarg;
            break;
        case J_DONE:
            o->completed = optarg;
            break;
        case J_ACC:
            o->acceptance = optarg;
            break;
        case J_ACCON:
            o->accepted = optarg;
            break;
        case J_AI:
            o->ai = 1;
            break;
        case J_NOAI:
            o->ai = 0;
            break;
        case J_JSON:
            cli->json = true;
            break;
        default:
            return zz_cli_usage("%s", usage);
        }
    }
    return ZZ_EXIT_OK;
}

static int apply(zz_cli *cli, const project_opts *o, zz_project_in *in)
{
    if (o->name) in->name = o->name;
    if (o->client) in->client = o->client;
    if (o->ai >= 0) in->ai_security = o->ai == 1;
    if (o->acceptance) {
        int a = zz_acceptance_parse(o->acceptance);
        if (a < 0)
            return zz_cli_usage("unknown acceptance '%s' (验收结果应为 passed、failed 或 pending)",
                                o->acceptance);
        in->acceptance = (zz_acceptance)a;
    }
    if (o->started && zz_cli_parse_date(cli, o->started, &in->started_on)) return ZZ_EXIT_FAIL;
    if (o->completed && zz_cli_parse_date(cli, o->completed, &in->completed_on))
        return ZZ_EXIT_FAIL;
    if (o->accepted && zz_cli_parse_date(cli, o->accepted, &in->accepted_on)) return ZZ_EXIT_FAIL;
    return ZZ_EXIT_OK;
}

static int print_after(zz_cli *cli, zz_ctx *cx, int64_t id, const char *action, const char *done_zh,
                       const char *done_en)
{
    zz_project *p = NULL;
    zz_err err = ZZ_ERR_INIT;
    if (zz_project_get(cx, id, &p, &err) < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    if (cli->json) {
        json_t *j = json_object();
        json_object_set_new(j, "ok", json_true());
        json_object_set_new(j, "action", json_string(action));
        json_object_set_new(j, "project", project_json(p));
        zz_cli_print_json(j);
    } else {
        printf("%s (%s)\n", done_zh, done_en);
        print_project(p);
    }
    zz_project_free(p);
    zz_ctx_close(cx);
    return ZZ_EXIT_OK;
}

static int add(zz_cli *cli, int argc, char **argv)
{
    static const char *usage =
        "usage: zizhi project add --org ORG --name NAME [options]; see 'zizhi project help'";
    project_opts o;
    int rc = parse(cli, argc, argv, &o, usage);
    if (rc) return rc;
    if (optind != argc || !o.org || !o.name) return zz_cli_usage("%s", usage);
    zz_project_in in = {.ai_security = true, .acceptance = ZZ_ACCEPT_PENDING};
    if ((rc = apply(cli, &o, &in)) != ZZ_EXIT_OK) return rc;
    zz_ctx *cx = NULL;
    if ((rc = zz_cli_open_ctx(cli, &cx)) != ZZ_EXIT_OK) return rc;
    int64_t org = 0, id = 0;
    if ((rc = zz_cli_org_id(cli, cx, o.org, &org)) != ZZ_EXIT_OK) {
        zz_ctx_close(cx);
        return rc;
    }
    zz_err err = ZZ_ERR_INIT;
    if (zz_project_add(cx, org, &in, &id, &err) < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    return print_after(cli, cx, id, "project.add", "已添加项目", "project added");
}

static int update(zz_cli *cli, int argc, char **argv)
{
    static const char *usage = "usage: zizhi project update ID [options]; see 'zizhi project help'";
    project_opts o;
    int rc = parse(cli, argc, argv, &o, usage);
    if (rc) return rc;
    int64_t id = 0;
    if (argc - optind != 1 || !zz_cli_parse_id(argv[optind], &id) || o.org)
        return zz_cli_usage("%s", usage);
    zz_ctx *cx = NULL;
    if ((rc = zz_cli_open_ctx(cli, &cx)) != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_project *cur = NULL;
    if (zz_project_get(cx, id, &cur, &err) < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    zz_project_in in = {.name = cur->name,
                        .client = cur->client,
                        .ai_security = cur->ai_security,
                        .started_on = cur->started_on,
                        .completed_on = cur->completed_on,
                        .acceptance = cur->acceptance,
                        .accepted_on = cur->accepted_on};
    rc = apply(cli, &o, &in);
    if (rc == ZZ_EXIT_OK && zz_project_update(cx, id, &in, &err) < 0) rc = zz_cli_fail(cli, &err);
    zz_project_free(cur);
    if (rc != ZZ_EXIT_OK) {
        zz_ctx_close(cx);
        return rc;
    }
    return print_after(cli, cx, id, "project.update", "已更新项目", "project updated");
}

static int list(zz_cli *cli, int argc, char **argv)
{
    static const char *usage = "usage: zizhi project list --org ORG [--json]";
    project_opts o;
    int rc = parse(cli, argc, argv, &o, usage);
    if (rc) return rc;
    if (optind != argc || !o.org) return zz_cli_usage("%s", usage);
    zz_ctx *cx = NULL;
    if ((rc = zz_cli_open_ctx(cli, &cx)) != ZZ_EXIT_OK) return rc;
    int64_t org = 0;
    if ((rc = zz_cli_org_id(cli, cx, o.org, &org)) != ZZ_EXIT_OK) {
        zz_ctx_close(cx);
        return rc;
    }
    zz_err err = ZZ_ERR_INIT;
    zz_project *ps = NULL;
    size_t n = 0;
    if (zz_project_list(cx, org, &ps, &n, &err) < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    if (cli->json) {
        json_t *j = json_object(), *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, project_json(&ps[i]));
        json_object_set_new(j, "org_id", json_integer(org));
        json_object_set_new(j, "count", json_integer((json_int_t)n));
        json_object_set_new(j, "projects", a);
        zz_cli_print_json(j);
    } else {
        printf("项目 %zu 个 (%zu projects)\n", n, n);
        for (size_t i = 0; i < n; i++) {
            char a[ZZ_DATE_STRLEN], b[ZZ_DATE_STRLEN];
            printf("%6lld  %s%s  完成 completed %s  %s %s\n", (long long)ps[i].id, ps[i].name,
                   ps[i].ai_security ? "" : " (非人工智能安全 not AI security)",
                   date_text(ps[i].completed_on, a), zz_acceptance_name_zh(ps[i].acceptance),
                   date_text(ps[i].accepted_on, b));
        }
    }
    zz_project_list_free(ps, n);
    zz_ctx_close(cx);
    return ZZ_EXIT_OK;
}

int cmd_project(zz_cli *cli, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? ZZ_EXIT_USAGE : ZZ_EXIT_OK;
    }
    const char *verb = argv[1];
    argc--;
    argv++;
    optind = 0; /* glibc: 0 re-initialises getopt, so options may follow operands */
    if (strcmp(verb, "add") == 0) return add(cli, argc, argv);
    if (strcmp(verb, "list") == 0) return list(cli, argc, argv);
    if (strcmp(verb, "update") == 0) return update(cli, argc, argv);
    help(stderr);
    return zz_cli_usage("unknown verb 'project %s' (未知操作)", verb);
}
