/*
 * cmd_person.c — `zizhi person add|list|show|update`: an organisation's people (人员), the data
 * behind the checks of confidentiality agreements (3.2.1-3) and CISP holders (3.2.3-5).
 * Only the organisation's applicant_admin changes them; corrections are R-0.3's.
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
          "  zizhi person add --org ORG --name 姓名 --employment full_time|part_time|contractor\n"
          "        [--no-ai-security] [--position 岗位] [--cisp 证书编号 --cisp-from D\n"
          "         --cisp-until D] [--nda D]\n"
          "  zizhi person list --org ORG [--all]      (--all: 含已离职 include inactive)\n"
          "  zizhi person show ID\n"
          "  zizhi person update ID [add 的选项 / the options of add] [--ai-security]\n"
          "        [--clear-cisp] [--activate | --deactivate]\n"
          "\n--nda: 保密合同签订日期 (confidentiality agreement date); --cisp-until: "
          "证书有效期最后一天\n"
          "日期 dates: YYYY-MM-DD, 或 none 清空 (none clears)\n"
          "全局选项 global options: --data DIR --as USER --date YYYY-MM-DD --json\n",
          f);
}

static json_t *person_json(const zz_person *p)
{
    char *text = NULL;
    zz_person_to_json(p, &text, NULL);
    return zz_cli_json_text(text);
}

static const char *date_text(zz_date d, char buf[ZZ_DATE_STRLEN])
{
    return zz_date_is_set(d) ? zz_date_format(d, buf) : "-";
}

static void print_person(const zz_person *p)
{
    char a[ZZ_DATE_STRLEN], b[ZZ_DATE_STRLEN];
    printf("人员 (person) %s  [编号 id %lld，单位 org %lld]%s\n", p->name, (long long)p->id,
           (long long)p->org_id, p->active ? "" : "  已离职 (inactive)");
    printf("  用工形式 (employment)   %s (%s)\n", zz_employment_name_zh(p->employment),
           zz_employment_name(p->employment));
    printf("  人工智能安全服务相关 (AI security)  %s\n", p->ai_security ? "是 (yes)" : "否 (no)");
    if (p->position) printf("  岗位 (position)         %s\n", p->position);
    if (p->cisp_number)
        printf("  CISP 证书 (certificate) %s，有效期 (valid) %s 至 %s\n", p->cisp_number,
               date_text(p->cisp_valid_from, a), date_text(p->cisp_valid_until, b));
    printf("  保密合同 (agreement)    %s\n", date_text(p->nda_signed_on, a));
}

typedef struct person_opts {
    const char *org, *name, *employment, *position, *cisp, *from, *until, *nda;
    int ai;     /* -1 not given */
    int active; /* -1 not given */
    bool clear_cisp;
} person_opts;

enum {
    P_ORG = 1000,
    P_NAME,
    P_EMP,
    P_POS,
    P_CISP,
    P_FROM,
    P_UNTIL,
    P_NDA,
    P_AI,
    P_NOAI,
    P_CLEAR,
    P_ACT,
    P_DEACT,
    P_ALL,
    P_JSON
};

static int parse(zz_cli *cli, int argc, char **argv, person_opts *o, bool *all, const char *usage)
{
    static const struct option opts[] = {{"org", required_argument, NULL, P_ORG},
                                         {"name", required_argument, NULL, P_NAME},
                                         {"employment", required_argument, NULL, P_EMP},
                                         {"position", required_argument, NULL, P_POS},
                                         {"cisp", required_argument, NULL, P_CISP},
                                         {"cisp-from", required_argument, NULL, P_FROM},
                                         {"cisp-until", required_argument, NULL, P_UNTIL},
                                         {"nda", required_argument, NULL, P_NDA},
                                         {"ai-security", no_argument, NULL, P_AI},
                                         {"no-ai-security", no_argument, NULL, P_NOAI},
                                         {"clear-cisp", no_argument, NULL, P_CLEAR},
                                         {"activate", no_argument, NULL, P_ACT},
                                         {"deactivate", no_argument, NULL, P_DEACT},
                                         {"all", no_argument, NULL, P_ALL},
                                         {"json", no_argument, NULL, P_JSON},
                                         {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    o->ai = o->active = -1;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case P_ORG:
            o->org = optarg;
            break;
        case P_NAME:
            o->name = optarg;
            break;
        case P_EMP:
            o->employment = optarg;
            break;
        case P_POS:
            o->position = optarg;
            break;
        case P_CISP:
            o->cisp = optarg;
            break;
        case P_FROM:
            o->from = optarg;
            break;
        case P_UNTIL:
            o->until = optarg;
            break;
        case P_NDA:
            o->nda = optarg;
            break;
        case P_AI:
            o->ai = 1;
            break;
        case P_NOAI:
            o->ai = 0;
            break;
        case P_CLEAR:
            o->clear_cisp = true;
            break;
        case P_ACT:
            o->active = 1;
            break;
        case P_DEACT:
            o->active = 0;
            break;
        case P_ALL:
            if (!all) return zz_cli_usage("%s", usage);
            *all = true;
            break;
        case P_JSON:
            cli->json = true;
            break;
        default:
            return zz_cli_usage("%s", usage);
        }
    }
    return ZZ_EXIT_OK;
}

/* Applies the options to in (which holds the current values or defaults). */
static int apply(zz_cli *cli, const person_opts *o, zz_person_in *in)
{
    if (o->name) in->name = o->name;
    if (o->employment) {
        int e = zz_employment_parse(o->employment);
        if (e < 0)
            return zz_cli_usage("unknown employment '%s' (用工形式应为 full_time、part_time 或 "
                                "contractor)",
                                o->employment);
        in->employment = (zz_employment)e;
    }
    if (o->ai >= 0) in->ai_security = o->ai == 1;
    if (o->position) in->position = o->position;
    if (o->clear_cisp) {
        in->cisp_number = NULL;
        in->cisp_valid_from = in->cisp_valid_until = ZZ_NO_DATE;
    }
    if (o->cisp) in->cisp_number = o->cisp;
    if (o->from && zz_cli_parse_date(cli, o->from, &in->cisp_valid_from)) return ZZ_EXIT_FAIL;
    if (o->until && zz_cli_parse_date(cli, o->until, &in->cisp_valid_until)) return ZZ_EXIT_FAIL;
    if (o->nda && zz_cli_parse_date(cli, o->nda, &in->nda_signed_on)) return ZZ_EXIT_FAIL;
    return ZZ_EXIT_OK;
}

static int print_after(zz_cli *cli, zz_ctx *cx, int64_t id, const char *action, const char *done_zh,
                       const char *done_en)
{
    zz_person *p = NULL;
    zz_err err = ZZ_ERR_INIT;
    if (zz_person_get(cx, id, &p, &err) < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    if (cli->json) {
        json_t *j = json_object();
        json_object_set_new(j, "ok", json_true());
        json_object_set_new(j, "action", json_string(action));
        json_object_set_new(j, "person", person_json(p));
        zz_cli_print_json(j);
    } else {
        printf("%s (%s)\n", done_zh, done_en);
        print_person(p);
    }
    zz_person_free(p);
    zz_ctx_close(cx);
    return ZZ_EXIT_OK;
}

static int add(zz_cli *cli, int argc, char **argv)
{
    static const char *usage = "usage: zizhi person add --org ORG --name NAME --employment E "
                               "[options]; see 'zizhi person help'";
    person_opts o;
    int rc = parse(cli, argc, argv, &o, NULL, usage);
    if (rc) return rc;
    if (optind != argc || !o.org || !o.name || !o.employment || o.active >= 0 || o.clear_cisp)
        return zz_cli_usage("%s", usage);
    zz_person_in in = {.ai_security = true};
    if ((rc = apply(cli, &o, &in)) != ZZ_EXIT_OK) return rc;
    zz_ctx *cx = NULL;
    if ((rc = zz_cli_open_ctx(cli, &cx)) != ZZ_EXIT_OK) return rc;
    int64_t org = 0, id = 0;
    if ((rc = zz_cli_org_id(cli, cx, o.org, &org)) != ZZ_EXIT_OK) {
        zz_ctx_close(cx);
        return rc;
    }
    zz_err err = ZZ_ERR_INIT;
    if (zz_person_add(cx, org, &in, &id, &err) < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    return print_after(cli, cx, id, "person.add", "已添加人员", "person added");
}

static int update(zz_cli *cli, int argc, char **argv)
{
    static const char *usage = "usage: zizhi person update ID [options]; see 'zizhi person help'";
    person_opts o;
    int rc = parse(cli, argc, argv, &o, NULL, usage);
    if (rc) return rc;
    int64_t id = 0;
    if (argc - optind != 1 || !zz_cli_parse_id(argv[optind], &id) || o.org)
        return zz_cli_usage("%s", usage);
    zz_ctx *cx = NULL;
    if ((rc = zz_cli_open_ctx(cli, &cx)) != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_person *cur = NULL;
    if (zz_person_get(cx, id, &cur, &err) < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    zz_person_in in = {.name = cur->name,
                       .employment = cur->employment,
                       .ai_security = cur->ai_security,
                       .position = cur->position,
                       .cisp_number = cur->cisp_number,
                       .cisp_valid_from = cur->cisp_valid_from,
                       .cisp_valid_until = cur->cisp_valid_until,
                       .nda_signed_on = cur->nda_signed_on};
    bool changes = o.name || o.employment || o.ai >= 0 || o.position || o.cisp || o.from ||
                   o.until || o.nda || o.clear_cisp;
    rc = apply(cli, &o, &in);
    if (rc == ZZ_EXIT_OK && changes && zz_person_update(cx, id, &in, &err) < 0)
        rc = zz_cli_fail(cli, &err);
    if (rc == ZZ_EXIT_OK && o.active >= 0 && cur->active != (o.active == 1) &&
        zz_person_set_active(cx, id, o.active == 1, &err) < 0)
        rc = zz_cli_fail(cli, &err);
    zz_person_free(cur);
    if (rc != ZZ_EXIT_OK) {
        zz_ctx_close(cx);
        return rc;
    }
    return print_after(cli, cx, id, "person.update", "已更新人员", "person updated");
}

static int list(zz_cli *cli, int argc, char **argv)
{
    static const char *usage = "usage: zizhi person list --org ORG [--all] [--json]";
    person_opts o;
    bool all = false;
    int rc = parse(cli, argc, argv, &o, &all, usage);
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
    zz_person *people = NULL;
    size_t n = 0;
    if (zz_person_list(cx, org, all, &people, &n, &err) < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    if (cli->json) {
        json_t *j = json_object(), *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, person_json(&people[i]));
        json_object_set_new(j, "org_id", json_integer(org));
        json_object_set_new(j, "count", json_integer((json_int_t)n));
        json_object_set_new(j, "people", a);
        zz_cli_print_json(j);
    } else {
        printf("人员 %zu 名 (%zu people)\n", n, n);
        for (size_t i = 0; i < n; i++) {
            char a[ZZ_DATE_STRLEN], b[ZZ_DATE_STRLEN];
            const zz_person *p = &people[i];
            printf("%6lld  %-12s %s%s  CISP %s (至 until %s)  保密合同 NDA %s%s\n",
                   (long long)p->id, p->name, zz_employment_name_zh(p->employment),
                   p->ai_security ? "" : "·非AI", p->cisp_number ? p->cisp_number : "-",
                   date_text(p->cisp_valid_until, a), date_text(p->nda_signed_on, b),
                   p->active ? "" : "  已离职 (inactive)");
        }
    }
    zz_person_list_free(people, n);
    zz_ctx_close(cx);
    return ZZ_EXIT_OK;
}

static int show(zz_cli *cli, int argc, char **argv)
{
    static const char *usage = "usage: zizhi person show ID [--json]";
    person_opts o;
    int rc = parse(cli, argc, argv, &o, NULL, usage);
    if (rc) return rc;
    int64_t id = 0;
    if (argc - optind != 1 || !zz_cli_parse_id(argv[optind], &id)) return zz_cli_usage("%s", usage);
    zz_ctx *cx = NULL;
    if ((rc = zz_cli_open_ctx(cli, &cx)) != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_person *p = NULL;
    if (zz_person_get(cx, id, &p, &err) < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    if (cli->json)
        zz_cli_print_json(person_json(p));
    else
        print_person(p);
    zz_person_free(p);
    zz_ctx_close(cx);
    return ZZ_EXIT_OK;
}

int cmd_person(zz_cli *cli, int argc, char **argv)
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
    if (strcmp(verb, "show") == 0) return show(cli, argc, argv);
    if (strcmp(verb, "update") == 0) return update(cli, argc, argv);
    help(stderr);
    return zz_cli_usage("unknown verb 'person %s' (未知操作)", verb);
}
