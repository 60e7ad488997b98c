/*
 * cmd_panel.c — `zizhi panel <verb>`: expert review (专家评审, R-3.5) and approval (审批, R-3.6):
 * votes with written opinions, the panel's conclusion, the manager's approval, and the record of
 * votes and conclusions by round (include/zizhi/panel.h). --json prints one JSON object.
 *
 * CASE arguments are a case id (digits) or a case number (AIS1-2026-0001).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "zizhi/case.h"
#include "zizhi/ctx.h"
#include "zizhi/panel.h"

static void help(FILE *f)
{
    fputs("用法 usage: zizhi [--as USER] [--date D] [--json] panel <verb> ...\n"
          "  vote CASE pass|fail|return --opinion TEXT   专家表决并附书面意见 (R-3.5, expert)\n"
          "  conclude CASE        专家评审结论：本轮多数意见 (manager 或 project_lead)\n"
          "                       pass → 待审批；fail → 项目终止；return → 退回评估，新一轮\n"
          "  approve CASE         审批 (R-3.6, manager)\n"
          "  votes CASE           各轮表决与结论\n",
          f);
}

static void print_json(json_t *o)
{
    if (!o) return;
    json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(o);
}

static bool all_digits(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

static int resolve(zz_ctx *cx, const char *arg, zz_case *c, zz_err *err)
{
    if (all_digits(arg)) return zz_case_get(cx, strtoll(arg, NULL, 10), c, err);
    return zz_case_get_by_number(cx, arg, c, err);
}

static int done(zz_cli *cli, zz_ctx *cx, int64_t id, const char *what_zh, const char *what_en,
                json_t *extra)
{
    zz_case c;
    zz_err err = ZZ_ERR_INIT;
    bool have = zz_case_get(cx, id, &c, &err) == 0;
    if (cli->json) {
        json_t *o = extra ? extra : json_object();
        json_object_set_new(o, "ok", json_true());
        json_object_set_new(o, "case_id", json_integer(id));
        if (have) {
            json_object_set_new(o, "number", json_string(c.number));
            json_object_set_new(o, "stage", json_string(c.stage));
            json_object_set_new(o, "state", json_string(c.state));
        }
        print_json(o);
        return ZZ_EXIT_OK;
    }
    json_decref(extra);
    if (have)
        printf("%s：%s → %s/%s (%s)\n", what_zh, c.number, c.stage, c.state, what_en);
    else
        printf("%s (%s)\n", what_zh, what_en);
    return ZZ_EXIT_OK;
}

static int do_votes(zz_cli *cli, zz_ctx *cx, const zz_case *c, zz_err *err)
{
    zz_panel_vote *v = NULL;
    zz_panel_result *r = NULL;
    size_t nv = 0, nr = 0;
    int round = 1;
    if (zz_case_votes(cx, c->id, &v, &nv, err) < 0) return zz_cli_fail(cli, err);
    if (zz_case_panel_results(cx, c->id, &r, &nr, err) < 0 ||
        zz_case_panel_round(cx, c->id, &round, err) < 0) {
        zz_panel_votes_free(v, nv);
        free(r);
        return zz_cli_fail(cli, err);
    }
    if (cli->json) {
        json_t *va = json_array(), *ra = json_array();
        for (size_t i = 0; i < nv; i++)
            json_array_append_new(va,
                                  json_pack("{s:i, s:s, s:s, s:s, s:s, s:s}", "round", v[i].round,
                                            "expert", v[i].username, "name", v[i].display_name,
                                            "vote", zz_vote_code(v[i].vote), "opinion",
                                            v[i].opinion, "voted_on", v[i].voted_on));
        for (size_t i = 0; i < nr; i++)
            json_array_append_new(ra, json_pack("{s:i, s:s, s:s}", "round", r[i].round, "result",
                                                zz_vote_code(r[i].result), "decided_on",
                                                r[i].decided_on));
        print_json(json_pack("{s:I, s:s, s:i, s:o, s:o}", "case_id", (json_int_t)c->id, "number",
                             c->number, "round", round, "votes", va, "conclusions", ra));
    } else {
        printf("项目 case %s 专家评审 expert review，当前第 %d 轮 (current round %d)\n", c->number,
               round, round);
        for (size_t i = 0; i < nv; i++)
            printf("  第 %d 轮 %-12s %-8s %s  %s\n", v[i].round, v[i].username,
                   zz_vote_name_zh(v[i].vote), v[i].voted_on, v[i].opinion);
        for (size_t i = 0; i < nr; i++)
            printf("  第 %d 轮结论 conclusion: %s (%s) %s\n", r[i].round,
                   zz_vote_name_zh(r[i].result), zz_vote_code(r[i].result), r[i].decided_on);
        if (nv == 0 && nr == 0) puts("  尚无表决 (no votes yet)");
    }
    zz_panel_votes_free(v, nv);
    free(r);
    return ZZ_EXIT_OK;
}

typedef enum { V_VOTE, V_CONCLUDE, V_APPROVE, V_VOTES } verb_id;

static const struct verb {
    const char *name;
    verb_id id;
    int nargs;
    const char *usage;
} VERBS[] = {
    {"vote", V_VOTE, 2, "zizhi panel vote CASE pass|fail|return --opinion TEXT"},
    {"conclude", V_CONCLUDE, 1, "zizhi panel conclude CASE"},
    {"approve", V_APPROVE, 1, "zizhi panel approve CASE"},
    {"votes", V_VOTES, 1, "zizhi panel votes CASE"},
    {NULL, 0, 0, NULL},
};

int cmd_panel(zz_cli *cli, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? ZZ_EXIT_USAGE : ZZ_EXIT_OK;
    }
    const struct verb *v = NULL;
    for (const struct verb *p = VERBS; p->name; p++)
        if (strcmp(p->name, argv[1]) == 0) v = p;
    if (!v)
        return zz_cli_usage("unknown verb 'panel %s' (未知命令); see 'zizhi help panel'", argv[1]);
    static const struct option lo[] = {
        {"json", no_argument, NULL, 'j'},
        {"opinion", required_argument, NULL, 'p'},
        {NULL, 0, NULL, 0},
    };
    const char *opinion = NULL;
    argc--; /* the verb becomes argv[0] */
    argv++;
    optind = 0; /* 0 re-initialises GNU getopt: main parsed with "+" (stop at the noun) */
    int c;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case 'j':
            cli->json = true;
            break;
        case 'p':
            opinion = optarg;
            break;
        default:
            return zz_cli_usage("%s", v->usage);
        }
    }
    if (argc - optind != v->nargs) return zz_cli_usage("%s", v->usage);
    char **pos = argv + optind;
    zz_ctx *cx = NULL;
    int rc = zz_cli_open_ctx(cli, &cx);
    if (rc != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_case k;
    if (resolve(cx, pos[0], &k, &err) < 0) {
        rc = zz_cli_fail(cli, &err);
        goto out;
    }
    switch (v->id) {
    case V_VOTE: {
        zz_vote vt;
        if (zz_vote_parse(&vt, pos[1], &err) < 0 || zz_case_vote(cx, k.id, vt, opinion, &err) < 0)
            rc = zz_cli_fail(cli, &err);
        else
            rc = done(cli, cx, k.id, "表决已记录", "vote recorded",
                      json_pack("{s:s}", "vote", zz_vote_code(vt)));
        break;
    }
    case V_CONCLUDE: {
        zz_vote res;
        if (zz_case_panel_conclude(cx, k.id, &res, &err) < 0) {
            rc = zz_cli_fail(cli, &err);
        } else {
            char zh[96];
            snprintf(zh, sizeof zh, "专家评审结论：%s", zz_vote_name_zh(res));
            rc = done(cli, cx, k.id, zh, zz_vote_code(res),
                      json_pack("{s:s}", "result", zz_vote_code(res)));
        }
        break;
    }
    case V_APPROVE:
        if (zz_case_approve(cx, k.id, &err) < 0)
            rc = zz_cli_fail(cli, &err);
        else
            rc = done(cli, cx, k.id, "已审批", "approved", NULL);
        break;
    case V_VOTES:
        rc = do_votes(cli, cx, &k, &err);
        break;
    }
out:
    zz_ctx_close(cx);
    return rc;
}
