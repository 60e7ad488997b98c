/*
 * cmd_appeal.c — `zizhi appeal <verb>` (书面申诉, R-6.1) and `zizhi complaint <verb>` (the
 * applicant's complaint records, R-6.2). One libzizhi call per verb (include/zizhi/appeal.h).
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli_cert.h"
#include "cli/cli_domain.h"
#include "zizhi/appeal.h"
#include "zizhi/ctx.h"

/* ---- appeals ----------------------------------------------------------------------------------
 */

static void appeal_help(FILE *f)
{
    fputs("用法 usage: zizhi [--as USER] [--date D] [--json] appeal <verb> ...\n"
          "  file (--case CASE | --sanction ID) --grounds TEXT [--subject S]\n"
          "                        提交书面申诉 (applicant_admin, R-6.1); S = review | panel |\n"
          "                        sanction, derived from the decision when omitted\n"
          "  decide ID upheld|dismissed --investigation TEXT\n"
          "                        调查结论 (supervisor): upheld reopens the decision\n"
          "  list [--org ORG] [--status open|upheld|dismissed]\n"
          "  show ID\n",
          f);
}

static json_t *appeal_json(const zz_appeal *a)
{
#define OPT(x) ((x)[0] ? json_string(x) : json_null())
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "org_id", json_integer(a->org_id));
    json_object_set_new(o, "case_id", a->case_id ? json_integer(a->case_id) : json_null());
    json_object_set_new(o, "case_number", OPT(a->case_number));
    json_object_set_new(o, "sanction_id",
                        a->sanction_id ? json_integer(a->sanction_id) : json_null());
    json_object_set_new(o, "subject", json_string(a->subject));
    json_object_set_new(o, "from_stage", OPT(a->from_stage));
    json_object_set_new(o, "from_state", OPT(a->from_state));
    json_object_set_new(o, "grounds", json_string(a->grounds));
    json_object_set_new(o, "filed_on", json_string(a->filed_on));
    json_object_set_new(o, "filed_by", json_string(a->filed_by_name));
    json_object_set_new(o, "status", json_string(a->status));
    json_object_set_new(o, "investigation",
                        a->investigation ? json_string(a->investigation) : json_null());
    json_object_set_new(o, "decided_on", OPT(a->decided_on));
    json_object_set_new(o, "decided_by", OPT(a->decided_by_name));
#undef OPT
    return o;
}

static void appeal_print(const zz_appeal *a)
{
    char target[64];
    if (a->case_id)
        snprintf(target, sizeof target, "项目 %s", a->case_number);
    else
        snprintf(target, sizeof target, "处置 #%lld", (long long)a->sanction_id);
    printf("#%lld %s %s  %s  状态 %s\n    理由 grounds: %s\n", (long long)a->id, a->filed_on,
           a->subject, target, a->status, a->grounds);
    if (a->investigation)
        printf("    调查结论 investigation (%s, %s): %s\n", a->decided_on, a->decided_by_name,
               a->investigation);
}

static int a_file(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *u = "zizhi appeal file (--case CASE | --sanction ID) --grounds TEXT [--subject S]";
    zz_cli_opt o[] = {{"case", true, NULL, false},
                      {"sanction", true, NULL, false},
                      {"grounds", true, NULL, false},
                      {"subject", true, NULL, false}};
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, o, 4, pos, 0, 0, &np, u);
    if (rc != ZZ_EXIT_OK) return rc;
    int64_t case_id = 0, sanction_id = 0;
    if (o[0].value && (rc = zz_cli_case_id(cli, cx, o[0].value, &case_id)) != ZZ_EXIT_OK) return rc;
    if (o[1].value && !zz_cli_parse_id(o[1].value, &sanction_id))
        return zz_cli_usage("--sanction wants a sanction id (处置编号); usage: %s", u);
    zz_err err = ZZ_ERR_INIT;
    int64_t id = 0;
    if (zz_appeal_file(cx, case_id, sanction_id, o[3].value, o[2].value, &id, &err) < 0)
        return zz_cli_fail(cli, &err);
    zz_cli_done(cli, json_pack("{s:I}", "id", (json_int_t)id), "已提交书面申诉 #%lld (filed)",
                (long long)id);
    return ZZ_EXIT_OK;
}

static int a_decide(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *u = "zizhi appeal decide ID upheld|dismissed --investigation TEXT";
    zz_cli_opt o[] = {{"investigation", true, NULL, false}};
    const char *pos[2];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, o, 1, pos, 2, 2, &np, u);
    if (rc != ZZ_EXIT_OK) return rc;
    int64_t id = 0;
    if (!zz_cli_parse_id(pos[0], &id))
        return zz_cli_usage("ID must be an appeal id (申诉编号); usage: %s", u);
    zz_err err = ZZ_ERR_INIT;
    zz_appeal_outcome out;
    if (zz_appeal_outcome_parse(&out, pos[1], &err) < 0 ||
        zz_appeal_decide(cx, id, out, o[0].value, &err) < 0)
        return zz_cli_fail(cli, &err);
    zz_cli_done(cli, json_pack("{s:I, s:s}", "id", (json_int_t)id, "outcome", pos[1]),
                "申诉 #%lld：%s", (long long)id,
                out == ZZ_APPEAL_UPHELD ? "申诉成立，结论已重新开启 (upheld: decision reopened)"
                                        : "申诉驳回 (dismissed)");
    return ZZ_EXIT_OK;
}

static int a_list(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    zz_cli_opt o[] = {{"org", true, NULL, false}, {"status", true, NULL, false}};
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, o, 2, pos, 0, 0, &np,
                          "zizhi appeal list [--org ORG] [--status S]");
    if (rc != ZZ_EXIT_OK) return rc;
    int64_t org = 0;
    if (o[0].value && (rc = zz_cli_org_id(cli, cx, o[0].value, &org)) != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_appeal *v = NULL;
    size_t n = 0;
    if (zz_appeal_list(cx, org, o[1].value, &v, &n, &err) < 0) return zz_cli_fail(cli, &err);
    if (cli->json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, appeal_json(&v[i]));
        zz_cli_print_json(json_pack("{s:I, s:o}", "count", (json_int_t)n, "appeals", a));
    } else if (n == 0) {
        puts("没有申诉记录 (no appeals)");
    } else {
        for (size_t i = 0; i < n; i++)
            appeal_print(&v[i]);
    }
    zz_appeal_list_free(v, n);
    return ZZ_EXIT_OK;
}

static int a_show(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, NULL, 0, pos, 1, 1, &np, "zizhi appeal show ID");
    if (rc != ZZ_EXIT_OK) return rc;
    int64_t id = 0;
    if (!zz_cli_parse_id(pos[0], &id)) return zz_cli_usage("ID must be an appeal id (申诉编号)");
    zz_err err = ZZ_ERR_INIT;
    zz_appeal a;
    if (zz_appeal_get(cx, id, &a, &err) < 0) return zz_cli_fail(cli, &err);
    if (cli->json)
        zz_cli_print_json(appeal_json(&a));
    else
        appeal_print(&a);
    zz_appeal_clear(&a);
    return ZZ_EXIT_OK;
}

int cmd_appeal(zz_cli *cli, int argc, char **argv)
{
    static const zz_cli_verb verbs[] = {
        {"file", a_file, NULL, 0},
        {"decide", a_decide, NULL, 0},
        {"list", a_list, NULL, 0},
        {"show", a_show, NULL, 0},
        {NULL, NULL, NULL, 0},
    };
    return zz_cli_dispatch(cli, argc, argv, "appeal", verbs, appeal_help);
}

/* ---- complaints -------------------------------------------------------------------------------
 */

static void complaint_help(FILE *f)
{
    fputs("用法 usage: zizhi [--as USER] [--date D] [--json] complaint <verb> ...\n"
          "  add --summary TEXT [--received D] [--complainant T] [--measures T] [--closed D]\n"
          "      [--org ORG]       记录投诉及整改措施 (applicant_admin, R-6.2)\n"
          "  update ID [--summary T] [--received D] [--complainant T] [--measures T] [--closed D]\n"
          "                        更新投诉记录（未给出的字段保持不变）\n"
          "  list [--org ORG]      投诉记录 (the organisation's own; supervisor: all)\n"
          "  show ID\n",
          f);
}

static json_t *complaint_json(const zz_complaint *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(c->id));
    json_object_set_new(o, "org_id", json_integer(c->org_id));
    json_object_set_new(o, "received_on", json_string(c->received_on));
    json_object_set_new(o, "complainant", json_string(c->complainant));
    json_object_set_new(o, "summary", json_string(c->summary));
    json_object_set_new(o, "measures", json_string(c->measures));
    json_object_set_new(o, "closed_on", *c->closed_on ? json_string(c->closed_on) : json_null());
    json_object_set_new(o, "updated_on", *c->updated_on ? json_string(c->updated_on) : json_null());
    return o;
}

static void complaint_print(const zz_complaint *c)
{
    printf("#%lld 收到 %s%s%s  %s\n    措施 measures: %s\n", (long long)c->id, c->received_on,
           *c->closed_on ? " 办结 " : " 未办结", c->closed_on, c->complainant, c->measures);
    printf("    内容 summary: %s\n", c->summary);
}

enum { C_SUMMARY, C_RECEIVED, C_COMPLAINANT, C_MEASURES, C_CLOSED, C_ORG, C_N };

static int c_edit(zz_cli *cli, zz_ctx *cx, int argc, char **argv, int update)
{
    const char *u = update ? "zizhi complaint update ID [--summary T] [--received D] "
                             "[--complainant T] [--measures T] [--closed D]"
                           : "zizhi complaint add --summary TEXT [--received D] [--complainant T] "
                             "[--measures T] [--closed D] [--org ORG]";
    zz_cli_opt o[C_N] = {{"summary", true, NULL, false},     {"received", true, NULL, false},
                         {"complainant", true, NULL, false}, {"measures", true, NULL, false},
                         {"closed", true, NULL, false},      {"org", true, NULL, false}};
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, o, update ? C_N - 1 : C_N, pos, update ? 1 : 0,
                          update ? 1 : 0, &np, u);
    if (rc != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_complaint old;
    memset(&old, 0, sizeof old);
    int64_t id = 0, org = 0;
    zz_complaint_in in = {0};
    if (update) {
        if (!zz_cli_parse_id(pos[0], &id))
            return zz_cli_usage("ID must be a complaint id (投诉记录编号); usage: %s", u);
        if (zz_complaint_get(cx, id, &old, &err) < 0) return zz_cli_fail(cli, &err);
        zz_date_parse(&in.received_on, old.received_on, NULL);
        if (*old.closed_on) zz_date_parse(&in.closed_on, old.closed_on, NULL);
        in.complainant = old.complainant;
        in.summary = old.summary;
        in.measures = old.measures;
    } else {
        in.received_on = cli->clock.today;
        if (o[C_ORG].value && (rc = zz_cli_org_id(cli, cx, o[C_ORG].value, &org)) != ZZ_EXIT_OK)
            return rc;
    }
    if ((o[C_RECEIVED].value &&
         (rc = zz_cli_parse_date(cli, o[C_RECEIVED].value, &in.received_on)) != ZZ_EXIT_OK) ||
        (o[C_CLOSED].value &&
         (rc = zz_cli_parse_date(cli, o[C_CLOSED].value, &in.closed_on)) != ZZ_EXIT_OK)) {
        zz_complaint_clear(&old);
        return rc;
    }
    if (o[C_SUMMARY].value) in.summary = o[C_SUMMARY].value;
    if (o[C_COMPLAINANT].value) in.complainant = o[C_COMPLAINANT].value;
    if (o[C_MEASURES].value) in.measures = o[C_MEASURES].value;
    rc = update ? zz_complaint_update(cx, id, &in, &err)
                : zz_complaint_record(cx, org, &in, &id, &err);
    zz_complaint_clear(&old);
    if (rc < 0) return zz_cli_fail(cli, &err);
    zz_cli_done(cli, json_pack("{s:I}", "id", (json_int_t)id), "投诉记录 #%lld 已%s", (long long)id,
                update ? "更新 (updated)" : "登记 (recorded)");
    return ZZ_EXIT_OK;
}

static int c_list(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    zz_cli_opt o[] = {{"org", true, NULL, false}};
    const char *pos[1];
    size_t np = 0;
    int rc =
        zz_cli_parse(cli, argc, argv, o, 1, pos, 0, 0, &np, "zizhi complaint list [--org ORG]");
    if (rc != ZZ_EXIT_OK) return rc;
    int64_t org = 0;
    if (o[0].value && (rc = zz_cli_org_id(cli, cx, o[0].value, &org)) != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_complaint *v = NULL;
    size_t n = 0;
    if (zz_complaint_list(cx, org, &v, &n, &err) < 0) return zz_cli_fail(cli, &err);
    if (cli->json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, complaint_json(&v[i]));
        zz_cli_print_json(json_pack("{s:I, s:o}", "count", (json_int_t)n, "complaints", a));
    } else if (n == 0) {
        puts("没有投诉记录 (no complaint records)");
    } else {
        for (size_t i = 0; i < n; i++)
            complaint_print(&v[i]);
    }
    zz_complaint_list_free(v, n);
    return ZZ_EXIT_OK;
}

static int c_show(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, NULL, 0, pos, 1, 1, &np, "zizhi complaint show ID");
    if (rc != ZZ_EXIT_OK) return rc;
    int64_t id = 0;
    if (!zz_cli_parse_id(pos[0], &id))
        return zz_cli_usage("ID must be a complaint id (投诉记录编号)");
    zz_err err = ZZ_ERR_INIT;
    zz_complaint c;
    if (zz_complaint_get(cx, id, &c, &err) < 0) return zz_cli_fail(cli, &err);
    if (cli->json)
        zz_cli_print_json(complaint_json(&c));
    else
        complaint_print(&c);
    zz_complaint_clear(&c);
    return ZZ_EXIT_OK;
}

int cmd_complaint(zz_cli *cli, int argc, char **argv)
{
    static const zz_cli_verb verbs[] = {
        {"add", NULL, c_edit, 0},
        {"update", NULL, c_edit, 1},
        {"list", c_list, NULL, 0},
        {"show", c_show, NULL, 0},
        {NULL, NULL, NULL, 0},
    };
    return zz_cli_dispatch(cli, argc, argv, "complaint", verbs, complaint_help);
}
