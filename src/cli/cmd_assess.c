/*
 * cmd_assess.c — `zizhi assess <verb>`: the assessment stage of a case (评估, R-3.4, R-3.7,
 * audit plan, activities, ratings, rectification, the team conclusion, and the reports
 * (ratings, degree of conformity with the recommendation, OSCAL export). Each verb parses
 * its options, makes one libzizhi call (include/zizhi/assess.h) and prints the result; --json
 * prints one JSON object.
 *
 * CASE arguments are a case id (digits) or a case number (AIS1-2026-0001).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "zizhi/assess.h"
#include "zizhi/case.h"
#include "zizhi/ctx.h"

static void help(FILE *f)
{
    fputs(
        "用法 usage: zizhi [--as USER] [--date D] [--json] assess <verb> ...\n"
        "  plan CASE --content TEXT [--on D]      审核计划，与申请单位商定 (R-3.4, project_lead)\n"
        "  activity CASE METHOD --items ID,ID… --participants TEXT --findings TEXT\n"
        "           [--evidence TEXT] [--on D]      评估活动：document_review 文档审查 |\n"
        "                                          interview 人员访谈 | demonstration 实际操作\n"
        "  rate CASE ITEM RATING [--justification TEXT]\n"
        "                                          评定：基本实践 "
        "performed|partial|not_performed|\n"
        "                                          not_applicable；要求项 conforms|partial|\n"
        "                                          not_conforms|not_applicable (不适用须说明理由)\n"
        "  rectify CASE ITEM --request TEXT --deadline D   整改要求，项目暂停计时 (R-3.7)\n"
        "  rectified CASE RECT_ID [--on D]         整改证据已收到，该项须重新评定\n"
        "  conclude CASE met|not_met [--reason TEXT]   项目审核结论 (R-3.4; 与 R-1.5 "
        "建议不同须说明理由)\n"
        "  ratings CASE                            评定结果\n"
        "  conformity CASE                         符合程度与 R-1.5 建议 (degree of conformity)\n"
        "  show CASE                               审核计划、评估活动、整改、审核结论\n"
        "  export CASE plan|results                OSCAL assessment-plan / assessment-results "
        "(R-1.7)\n",
        f);
}

static void print_json(json_t *o)
{
    if (!o) return;
    json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(o);
}

static json_t *json_text(char *text)
{
    json_t *o = text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    return o;
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

typedef struct opts {
    const char *content, *on, *items, *participants, *findings, *evidence, *justification;
    const char *request, *deadline, *reason;
} opts;

static int parse_opts(zz_cli *cli, int argc, char **argv, opts *o, const char *usage)
{
    static const struct option lo[] = {
        {"json", no_argument, NULL, 'j'},
        {"content", required_argument, NULL, 'c'},
        {"on", required_argument, NULL, 'o'},
        {"items", required_argument, NULL, 'i'},
        {"participants", required_argument, NULL, 'p'},
        {"findings", required_argument, NULL, 'f'},
        {"evidence", required_argument, NULL, 'e'},
        {"justification", required_argument, NULL, 'J'},
        {"request", required_argument, NULL, 'r'},
        {"deadline", required_argument, NULL, 'd'},
        {"reason", required_argument, NULL, 'R'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    int c;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case 'j':
            cli->json = true;
            break;
        case 'c':
            o->content = optarg;
            break;
        case 'o':
            o->on = optarg;
            break;
        case 'i':
            o->items = optarg;
            break;
        case 'p':
            o->participants = optarg;
            break;
        case 'f':
            o->findings = optarg;
            break;
        case 'e':
            o->evidence = optarg;
            break;
        case 'J':
            o->justification = optarg;
            break;
        case 'r':
            o->request = optarg;
            break;
        case 'd':
            o->deadline = optarg;
            break;
        case 'R':
            o->reason = optarg;
            break;
        default:
            return zz_cli_usage("%s", usage);
        }
    }
    return -1;
}

static int date_opt(const zz_cli *cli, const char *text, zz_date *d, zz_err *err)
{
    if (!text) {
        *d = cli->clock.today;
        return ZZ_OK;
    }
    return zz_date_parse(d, text, err);
}

/* Prints the case after an action (re-read as the actor). */
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

/* Splits "a,b , c" into trimmed ids pointing into *buf. The caller frees *buf and *ids. */
static size_t split_items(const char *text, char **buf, char ***ids)
{
    *buf = NULL;
    *ids = NULL;
    if (!text) return 0;
    size_t cap = 2;
    for (const char *p = text; *p; p++)
        cap += *p == ',';
    *buf = strdup(text);
    *ids = calloc(cap, sizeof **ids);
    if (!*buf || !*ids) return 0;
    size_t n = 0;
    for (char *tok = strtok(*buf, ","); tok; tok = strtok(NULL, ",")) {
        while (*tok == ' ')
            tok++;
        char *end = tok + strlen(tok);
        while (end > tok && end[-1] == ' ')
            *--end = '\0';
        if (*tok) (*ids)[n++] = tok;
    }
    return n;
}

/* ---- reports --------------------------------------------------------------------------------- */

static void print_count(const char *label, const zz_conf_count *k, const char *pos_zh)
{
    if (k->total == 0) return;
    printf("    %-22s %s %lld / 适用 applicable %lld（共 total %lld，不适用 n/a %lld，已评定 rated "
           "%lld）",
           label, pos_zh, (long long)k->positive, (long long)(k->total - k->not_applicable),
           (long long)k->total, (long long)k->not_applicable, (long long)k->rated);
    if (k->bp == ZZ_BP_NONE)
        printf(" = —\n");
    else
        printf(" = %lld.%02lld%%\n", (long long)(k->bp / 100), (long long)(k->bp % 100));
}

static void print_reasons(const zz_assess_reason *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char zh[300], en[300];
        zz_assess_reason_text(&r[i], zh, sizeof zh, en, sizeof en);
        printf("    - %s (%s)\n", zh, en);
    }
}

static int do_conformity(zz_cli *cli, zz_ctx *cx, const zz_case *c, zz_err *err)
{
    zz_recommendation rec;
    zz_conformity conf;
    if (zz_case_assessment(cx, c->id, &rec, &conf, err) < 0) return zz_cli_fail(cli, err);
    char *rj = NULL, *cj = NULL;
    int rc = ZZ_EXIT_OK;
    if (cli->json) {
        if (zz_recommendation_json(&rec, &rj, err) < 0 || zz_conformity_json(&conf, &cj, err) < 0)
            rc = zz_cli_fail(cli, err);
        else
            print_json(json_pack("{s:I, s:s, s:o*, s:o*}", "case_id", (json_int_t)c->id, "number",
                                 c->number, "recommendation", json_text(rj), "conformity",
                                 json_text(cj)));
        rj = cj = NULL;
    } else {
        printf("项目 case %s 符合程度 degree of conformity (R-3.4)\n", c->number);
        print_count("总体 要求项 requirements", &conf.items, "符合 conforming");
        print_count("总体 基本实践 practices", &conf.practices, "已实施 performed");
        for (size_t i = 0; i < conf.n_groups; i++) {
            const zz_conf_group *g = &conf.groups[i];
            printf("  %*s%s %s\n", g->depth * 2, "", g->id, g->title);
            print_count("要求项 requirements", &g->items, "符合 conforming");
            print_count("基本实践 practices", &g->practices, "已实施 performed");
        }
        printf("  不符合项 non-conformities: %zu\n", conf.n_nonconformities);
        print_reasons(conf.nonconformities, conf.n_nonconformities);
        printf("R-1.5 建议 recommendation: %s（计入 %zu 项，已评定 %zu，未评定 %zu，不满足 %zu）\n",
               rec.met ? "达到一级要求 met" : "未达到一级要求 not met", rec.n_items, rec.n_rated,
               rec.n_unrated, rec.n_blocking);
        print_reasons(rec.reasons, rec.n_reasons);
    }
    free(rj);
    free(cj);
    zz_recommendation_free(&rec);
    zz_conformity_free(&conf);
    return rc;
}

static int do_ratings(zz_cli *cli, zz_ctx *cx, const zz_case *c, zz_err *err)
{
    zz_rating_rec *r = NULL;
    size_t n = 0;
    if (zz_case_ratings(cx, c->id, &r, &n, err) < 0) return zz_cli_fail(cli, err);
    if (cli->json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(
                a, json_pack("{s:s, s:s, s:o, s:b, s:s, s:s}", "item", r[i].item_id, "rating",
                             zz_rating_code(r[i].rating) ? zz_rating_code(r[i].rating) : "",
                             r[i].justification ? json_string(r[i].justification) : json_null(),
                             "rerate", r[i].rerate, "rated_by", r[i].rated_by_name, "rated_on",
                             r[i].rated_on));
        print_json(json_pack("{s:I, s:s, s:o}", "case_id", (json_int_t)c->id, "number", c->number,
                             "ratings", a));
    } else if (n == 0) {
        printf("项目 %s 尚无评定 (no ratings yet)\n", c->number);
    } else {
        printf("%-14s %-16s %-10s %-12s %s\n", "条目 item", "评定 rating", "日期 on", "评定人 by",
               "说明 justification");
        for (size_t i = 0; i < n; i++) {
            zz_item_type t = strstr(r[i].item_id, ".BP") ? ZZ_ITEM_PRACTICE : ZZ_ITEM_REQUIREMENT;
            const char *zh = zz_rating_name_zh(r[i].rating, t);
            printf("%-14s %-16s %-10s %-12s %s%s\n", r[i].item_id, zh ? zh : "?", r[i].rated_on,
                   r[i].rated_by_name, r[i].justification ? r[i].justification : "",
                   r[i].rerate ? " [待重新评定 rerate]" : "");
        }
    }
    zz_rating_recs_free(r, n);
    return ZZ_EXIT_OK;
}

static int do_show(zz_cli *cli, zz_ctx *cx, const zz_case *c, zz_err *err)
{
    zz_audit_plan plan;
    zz_activity *acts = NULL;
    zz_rectification *rects = NULL;
    size_t na = 0, nr = 0;
    zz_conclusion k;
    memset(&k, 0, sizeof k);
    int rc = ZZ_EXIT_OK;
    if (zz_case_audit_plan(cx, c->id, &plan, err) < 0) return zz_cli_fail(cli, err);
    if (zz_case_activities(cx, c->id, &acts, &na, err) < 0 ||
        zz_case_rectifications(cx, c->id, &rects, &nr, err) < 0 ||
        zz_case_conclusion(cx, c->id, &k, err) < 0) {
        rc = zz_cli_fail(cli, err);
        goto out;
    }
    if (cli->json) {
        json_t *o = json_pack("{s:I, s:s}", "case_id", (json_int_t)c->id, "number", c->number);
        json_object_set_new(o, "plan",
                            plan.exists ? json_pack("{s:s, s:s}", "content", plan.content,
                                                    "agreed_on", plan.agreed_on)
                                        : json_null());
        json_t *a = json_array();
        for (size_t i = 0; i < na; i++) {
            json_t *items = json_array();
            for (size_t j = 0; j < acts[i].n_items; j++)
                json_array_append_new(items, json_string(acts[i].items[j]));
            json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "id",
                                               (json_int_t)acts[i].id, "method", acts[i].method,
                                               "held_on", acts[i].held_on, "participants",
                                               acts[i].participants, "evidence", acts[i].evidence,
                                               "findings", acts[i].findings, "recorded_by",
                                               acts[i].recorded_by_name, "items", items));
        }
        json_object_set_new(o, "activities", a);
        json_t *ra = json_array();
        for (size_t i = 0; i < nr; i++)
            json_array_append_new(
                ra, json_pack("{s:I, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)rects[i].id,
                              "item", rects[i].item_id, "request", rects[i].request, "requested_on",
                              rects[i].requested_on, "deadline", rects[i].deadline, "resolved_on",
                              rects[i].resolved_on[0] ? json_string(rects[i].resolved_on)
                                                      : json_null()));
        json_object_set_new(o, "rectifications", ra);
        if (k.exists)
            json_object_set_new(o, "conclusion",
                                json_pack("{s:s, s:s, s:o, s:s, s:s, s:i}", "conclusion",
                                          zz_verdict_code(k.conclusion), "recommendation",
                                          zz_verdict_code(k.recommendation), "reason",
                                          k.reason ? json_string(k.reason) : json_null(),
                                          "decided_on", k.decided_on, "decided_by",
                                          k.decided_by_name, "round", k.round));
        else
            json_object_set_new(o, "conclusion", json_null());
        print_json(o);
        goto out;
    }
    printf("项目 case %s（%s/%s）\n", c->number, c->stage, c->state);
    if (plan.exists)
        printf("审核计划 audit plan（商定 agreed %s）：\n  %s\n", plan.agreed_on, plan.content);
    else
        puts("审核计划 audit plan：尚未记录 (none yet)");
    printf("评估活动 activities: %zu\n", na);
    for (size_t i = 0; i < na; i++) {
        printf("  #%lld %s %s（%s）参与 participants: %s\n", (long long)acts[i].id, acts[i].held_on,
               acts[i].method, acts[i].recorded_by_name, acts[i].participants);
        printf("     覆盖 covers:");
        for (size_t j = 0; j < acts[i].n_items; j++)
            printf(" %s", acts[i].items[j]);
        printf("\n     发现 findings: %s\n", acts[i].findings);
        if (acts[i].evidence[0]) printf("     证据 evidence: %s\n", acts[i].evidence);
    }
    printf("整改 rectifications: %zu\n", nr);
    for (size_t i = 0; i < nr; i++)
        printf("  #%lld %s 要求 %s 期限 deadline %s %s%s\n", (long long)rects[i].id,
               rects[i].item_id, rects[i].requested_on, rects[i].deadline,
               rects[i].resolved_on[0] ? "已完成 done " : "进行中 open", rects[i].resolved_on);
    if (k.exists)
        printf("项目审核结论 conclusion: %s（R-1.5 建议 recommendation %s）%s%s，%s %s，第 %d 轮\n",
               zz_verdict_code(k.conclusion), zz_verdict_code(k.recommendation),
               k.reason ? "理由 reason: " : "", k.reason ? k.reason : "", k.decided_on,
               k.decided_by_name, k.round);
    else
        puts("项目审核结论 conclusion：尚未形成 (none yet)");
out:
    free(plan.content);
    zz_activities_free(acts, na);
    zz_rectifications_free(rects, nr);
    zz_conclusion_clear(&k);
    return rc;
}

/* ---- verbs ----------------------------------------------------------------------------------- */

typedef enum {
    V_PLAN,
    V_ACTIVITY,
    V_RATE,
    V_RECTIFY,
    V_RECTIFIED,
    V_CONCLUDE,
    V_RATINGS,
    V_CONFORMITY,
    V_SHOW,
    V_EXPORT,
} verb_id;

static const struct verb {
    const char *name;
    verb_id id;
    int nargs;
    const char *usage;
} VERBS[] = {
    {"plan", V_PLAN, 1, "zizhi assess plan CASE --content TEXT [--on D]"},
    {"activity", V_ACTIVITY, 2,
     "zizhi assess activity CASE METHOD --items ID,ID --participants "
     "TEXT --findings TEXT [--evidence TEXT] [--on D]"},
    {"rate", V_RATE, 3, "zizhi assess rate CASE ITEM RATING [--justification TEXT]"},
    {"rectify", V_RECTIFY, 2, "zizhi assess rectify CASE ITEM --request TEXT --deadline D"},
    {"rectified", V_RECTIFIED, 2, "zizhi assess rectified CASE RECT_ID [--on D]"},
    {"conclude", V_CONCLUDE, 2, "zizhi assess conclude CASE met|not_met [--reason TEXT]"},
    {"ratings", V_RATINGS, 1, "zizhi assess ratings CASE"},
    {"conformity", V_CONFORMITY, 1, "zizhi assess conformity CASE"},
    {"show", V_SHOW, 1, "zizhi assess show CASE"},
    {"export", V_EXPORT, 2, "zizhi assess export CASE plan|results"},
    {NULL, 0, 0, NULL},
};

static int run(zz_cli *cli, zz_ctx *cx, const struct verb *v, char **pos, const opts *o)
{
    zz_err err = ZZ_ERR_INIT;
    zz_case c;
    if (resolve(cx, pos[0], &c, &err) < 0) return zz_cli_fail(cli, &err);
    zz_date d;
    switch (v->id) {
    case V_PLAN:
        if (!o->content) return zz_cli_usage("%s", v->usage);
        if (date_opt(cli, o->on, &d, &err) < 0 || zz_case_plan(cx, c.id, o->content, d, &err) < 0)
            return zz_cli_fail(cli, &err);
        return done(cli, cx, c.id, "审核计划已记录", "audit plan recorded", NULL);
    case V_ACTIVITY: {
        char *buf = NULL, **ids = NULL;
        size_t n = split_items(o->items, &buf, &ids);
        int64_t aid = 0;
        int rc = date_opt(cli, o->on, &d, &err);
        if (rc == 0)
            rc = zz_case_record_activity(cx, c.id, pos[1], d, o->participants,
                                         (const char *const *)ids, n, o->evidence, o->findings,
                                         &aid, &err);
        free(buf);
        free(ids);
        if (rc < 0) return zz_cli_fail(cli, &err);
        if (!cli->json) printf("评估活动 #%lld 已记录 (activity recorded)\n", (long long)aid);
        return done(cli, cx, c.id, "评估活动已记录", "activity recorded",
                    json_pack("{s:I}", "activity_id", (json_int_t)aid));
    }
    case V_RATE: {
        zz_rating r;
        if (zz_rating_parse(&r, pos[2], &err) < 0 ||
            zz_case_rate(cx, c.id, pos[1], r, o->justification, &err) < 0)
            return zz_cli_fail(cli, &err);
        return done(cli, cx, c.id, "评定已记录", "rating recorded",
                    json_pack("{s:s, s:s}", "item", pos[1], "rating", pos[2]));
    }
    case V_RECTIFY: {
        if (!o->deadline) return zz_cli_usage("%s", v->usage);
        int64_t rid = 0;
        if (zz_date_parse(&d, o->deadline, &err) < 0 ||
            zz_case_request_rectification(cx, c.id, pos[1], o->request, d, &rid, &err) < 0)
            return zz_cli_fail(cli, &err);
        if (!cli->json)
            printf("整改要求 #%lld 已发出，项目暂停计时 (rectification requested; the case waits "
                   "for the applicant)\n",
                   (long long)rid);
        return done(cli, cx, c.id, "整改要求已记录", "rectification requested",
                    json_pack("{s:I}", "rectification_id", (json_int_t)rid));
    }
    case V_RECTIFIED: {
        char *end = NULL;
        long long rid = strtoll(pos[1], &end, 10);
        if (!*pos[1] || *end || rid <= 0)
            return zz_cli_usage("RECT_ID must be a positive number, not '%s'", pos[1]);
        if (date_opt(cli, o->on, &d, &err) < 0 ||
            zz_case_rectification_done(cx, c.id, rid, d, &err) < 0)
            return zz_cli_fail(cli, &err);
        return done(cli, cx, c.id, "整改已完成，该项须重新评定",
                    "rectification closed; rate the item again", NULL);
    }
    case V_CONCLUDE: {
        zz_verdict vd;
        if (zz_verdict_parse(&vd, pos[1], &err) < 0 ||
            zz_case_conclude(cx, c.id, vd, o->reason, &err) < 0)
            return zz_cli_fail(cli, &err);
        return done(cli, cx, c.id, "项目审核结论已形成，提交专家评审",
                    "team conclusion recorded; the case goes to the expert panel", NULL);
    }
    case V_RATINGS:
        return do_ratings(cli, cx, &c, &err);
    case V_CONFORMITY:
        return do_conformity(cli, cx, &c, &err);
    case V_SHOW:
        return do_show(cli, cx, &c, &err);
    case V_EXPORT: {
        char *doc = NULL;
        int rc;
        if (strcmp(pos[1], "plan") == 0)
            rc = zz_assess_export_oscal_plan(cx, c.id, &doc, &err);
        else if (strcmp(pos[1], "results") == 0)
            rc = zz_assess_export_oscal_results(cx, c.id, &doc, &err);
        else
            return zz_cli_usage("%s", v->usage);
        if (rc < 0) return zz_cli_fail(cli, &err);
        fputs(doc, stdout);
        free(doc);
        return ZZ_EXIT_OK;
    }
    }
    return ZZ_EXIT_USAGE;
}

int cmd_assess(zz_cli *cli, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? ZZ_EXIT_USAGE : ZZ_EXIT_OK;
    }
    const struct verb *v = NULL;
    for (const struct verb *p = VERBS; p->name; p++)
        if (strcmp(p->name, argv[1]) == 0) v = p;
    if (!v)
        return zz_cli_usage("unknown verb 'assess %s' (未知命令); see 'zizhi help assess'",
                            argv[1]);
    opts o;
    argc--; /* the verb becomes argv[0] */
    argv++;
    optind = 0; /* 0 re-initialises GNU getopt: main parsed with "+" (stop at the noun) */
    int rc = parse_opts(cli, argc, argv, &o, v->usage);
    if (rc >= 0) return rc;
    if (argc - optind != v->nargs) return zz_cli_usage("%s", v->usage);
    zz_ctx *cx = NULL;
    if ((rc = zz_cli_open_ctx(cli, &cx)) != ZZ_EXIT_OK) return rc;
    rc = run(cli, cx, v, argv + optind, &o);
    zz_ctx_close(cx);
    return rc;
}
