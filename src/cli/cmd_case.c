/*
 * cmd_case.c — `zizhi case <verb>`: the certification case (项目, SPEC section 3) from paper
 * receipt to archive. Each verb parses its options, makes one libzizhi call (include/zizhi/case.h)
 * and prints the result; --json prints one JSON object.
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
#include "zizhi/cycle.h"
#include "zizhi/fee.h"

static void help(FILE *f)
{
    fputs(
        "用法 usage: zizhi [--as USER] [--date D] [--json] case <verb> ...\n"
        "  list [--stage S] [--state S] [--org ID] [--from D] [--to D] [--offset N] [--limit N]\n"
        "                                 项目列表 (cases visible to you)\n"
        "  show CASE                      项目详情 (case, team, cycle, agreement, fees, opinions)\n"
        "  assign CASE USER ROLE          指派 project_lead|assessor|expert (manager)\n"
        "  unassign CASE USER ROLE        取消指派 (manager)\n"
        "  receive-paper CASE [--on D] [--mismatch] [--note TEXT]\n"
        "                                 登记收到纸质材料和介质 (R-2.3, R-2.5)\n"
        "  accept-exception CASE --note TEXT   接受非独立法人例外 (R-1.2)\n"
        "  file CASE                      建档立项 (R-3.1)\n"
        "  review CASE accepted|supplement|not_accepted --opinion TEXT\n"
        "                                 受理审查意见，邮件发送申请单位 (R-3.2)\n"
        "  supplement-received CASE       补充资料已收到 (R-3.2)\n"
        "  draft-agreement CASE           起草委托协议并按收费标准开具费用 (R-3.3, R-9.1)\n"
        "  send-agreement CASE            邮件发送委托协议及附件 (R-3.3)\n"
        "  agreement-effective CASE [--on D]   协议生效 (R-3.3)\n"
        "  pay CASE AMOUNT [--on D] [--ref REF]  登记缴费，金额以元计 (R-9.2)\n"
        "  start-assessment CASE          进入评估阶段 (R-3.3)\n"
        "  withdraw CASE --reason TEXT    撤回申请 (R-3.8, applicant_admin)\n"
        "  archive CASE                   归档 (R-7.1, manager)\n"
        "  cycle CASE                     项目实施周期 (R-3.7)\n",
        f);
}

/* ---- plumbing -------------------------------------------------------------------------------- */

static void print_json(json_t *o)
{
    json_dumpf(o, stdout, JSON_COMPACT);
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

/* A case id or number → the visible case. */
static int resolve(zz_ctx *cx, const char *arg, zz_case *c, zz_err *err)
{
    if (all_digits(arg)) return zz_case_get(cx, strtoll(arg, NULL, 10), c, err);
    return zz_case_get_by_number(cx, arg, c, err);
}

static json_t *case_json(const zz_case *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(c->id));
    json_object_set_new(o, "number", json_string(c->number));
    json_object_set_new(o, "dossier_id", json_integer(c->dossier_id));
    json_object_set_new(o, "org_id", json_integer(c->org_id));
    json_object_set_new(o, "org_name", json_string(c->org_name));
    json_object_set_new(o, "stage", json_string(c->stage));
    json_object_set_new(o, "stage_zh", json_string(zz_case_stage_name_zh(c->stage)));
    json_object_set_new(o, "state", json_string(c->state));
    json_object_set_new(o, "state_zh", json_string(zz_case_state_name_zh(c->state)));
#define DATE_FIELD(k) json_object_set_new(o, #k, c->k[0] ? json_string(c->k) : json_null())
    DATE_FIELD(submitted_on);
    DATE_FIELD(paper_received_on);
    json_object_set_new(o, "paper_matches",
                        c->paper_matches < 0 ? json_null() : json_boolean(c->paper_matches));
    json_object_set_new(o, "package_verified", json_boolean(c->package_verified));
    json_object_set_new(o, "exception_accepted", json_boolean(c->exception_accepted));
    DATE_FIELD(filed_on);
    DATE_FIELD(assessment_on);
    DATE_FIELD(approved_on);
    json_object_set_new(o, "batch_id", c->batch_id ? json_integer(c->batch_id) : json_null());
    DATE_FIELD(closed_on);
    DATE_FIELD(close_reason);
#undef DATE_FIELD
    return o;
}

static json_t *cycle_json(const zz_case_cycle_info *cy)
{
    json_t *o = json_object();
    char b[ZZ_DATE_STRLEN];
    json_object_set_new(o, "started", json_boolean(cy->started));
    if (cy->started) {
        const zz_cycle *k = &cy->clock;
        json_object_set_new(o, "stop", json_string(zz_date_format(k->stop, b)));
        json_object_set_new(o, "days_elapsed", json_integer(k->days_elapsed));
        json_object_set_new(o, "days_paused", json_integer(k->days_paused));
        json_object_set_new(o, "days_used", json_integer(k->days_used));
        json_object_set_new(o, "days_allowed", json_integer(k->days_allowed));
        json_object_set_new(o, "days_left", json_integer(k->days_left));
        json_object_set_new(o, "deadline", json_string(zz_date_format(k->deadline, b)));
        json_object_set_new(o, "used_bp", json_integer(k->used_bp));
        json_object_set_new(o, "warn_80", json_boolean(k->warn_80));
        json_object_set_new(o, "over_100", json_boolean(k->over_100));
        json_object_set_new(o, "overdue", json_boolean(k->overdue));
        json_object_set_new(o, "paused_now", json_boolean(k->paused_now));
        json_object_set_new(o, "ended", json_boolean(k->ended));
    }
    json_t *ps = json_array();
    for (size_t i = 0; i < cy->n_pauses; i++) {
        const zz_pause *p = &cy->pauses[i];
        json_t *j = json_object();
        json_object_set_new(j, "cause", json_string(zz_pause_cause_code(p->cause)));
        json_object_set_new(j, "cause_zh", json_string(zz_pause_cause_name_zh(p->cause)));
        json_object_set_new(j, "start", json_string(zz_date_format(p->start, b)));
        json_object_set_new(j, "end",
                            p->open ? json_null() : json_string(zz_date_format(p->end, b)));
        json_array_append_new(ps, j);
    }
    json_object_set_new(o, "pauses", ps);
    return o;
}

static void cycle_print(const zz_case_cycle_info *cy)
{
    char b[ZZ_DATE_STRLEN], e[ZZ_DATE_STRLEN];
    if (!cy->started) {
        puts("项目实施周期 cycle: 尚未建档立项，未开始计时 (not filed yet: the clock has not "
             "started)");
    } else {
        const zz_cycle *k = &cy->clock;
        printf(
            "项目实施周期 cycle (R-3.7): 已用 used %lld / %lld 天 days (%lld.%02lld%%)，剩余 left "
            "%lld 天，暂停 paused %lld 天，截止 deadline %s%s%s%s%s\n",
            (long long)k->days_used, (long long)k->days_allowed, (long long)(k->used_bp / 100),
            (long long)(k->used_bp % 100), (long long)k->days_left, (long long)k->days_paused,
            zz_date_format(k->deadline, b), k->ended ? "，已停止 (stopped)" : "",
            k->paused_now ? "，暂停中 (paused now)" : "",
            k->overdue    ? "，已超期 (overdue)"
            : k->over_100 ? "，已达 100% (100% reached)"
            : k->warn_80  ? "，已达 80% (80% reached)"
                          : "",
            "");
    }
    for (size_t i = 0; i < cy->n_pauses; i++) {
        const zz_pause *p = &cy->pauses[i];
        printf("  暂停 pause %-13s %s %s → %s\n", zz_pause_cause_code(p->cause),
               zz_pause_cause_name_zh(p->cause), zz_date_format(p->start, b),
               p->open ? "（进行中 open）" : zz_date_format(p->end, e));
    }
}

static void case_print(const zz_case *c)
{
    printf("项目 case %s (id %lld)\n", c->number, (long long)c->id);
    printf("  阶段/状态 stage/state  %s/%s（%s/%s）\n", c->stage, c->state,
           zz_case_stage_name_zh(c->stage), zz_case_state_name_zh(c->state));
    printf("  单位 org %s (%lld)  申请 dossier %lld\n", c->org_name, (long long)c->org_id,
           (long long)c->dossier_id);
    printf("  提交 submitted  %s\n", c->submitted_on);
    if (c->paper_received_on[0])
        printf("  纸质材料 paper   %s（%s）\n", c->paper_received_on,
               c->paper_matches == 1 ? "与电子版一致 matches" : "与电子版不一致 does not match");
    printf("  电子资料校验 package verified  %s\n", c->package_verified ? "是 yes" : "否 no");
    if (c->exception_accepted) puts("  非独立法人例外 exception  已接受 accepted (R-1.2)");
    if (c->filed_on[0]) printf("  建档立项 filed   %s\n", c->filed_on);
    if (c->assessment_on[0]) printf("  进入评估 assessment  %s\n", c->assessment_on);
    if (c->approved_on[0]) printf("  审批 approved  %s\n", c->approved_on);
    if (c->closed_on[0]) printf("  结束 closed  %s（%s）\n", c->closed_on, c->close_reason);
}

/* Options shared by the verbs: parsed into this. */
typedef struct opts {
    const char *on, *note, *opinion, *reason, *ref;
    const char *stage, *state, *from, *to;
    long long org, offset, limit;
    bool mismatch;
} opts;

static int parse_opts(zz_cli *cli, int argc, char **argv, opts *o, const char *usage)
{
    static const struct option lo[] = {
        {"json", no_argument, NULL, 'j'},
        {"on", required_argument, NULL, 'o'},
        {"note", required_argument, NULL, 'n'},
        {"opinion", required_argument, NULL, 'p'},
        {"reason", required_argument, NULL, 'r'},
        {"ref", required_argument, NULL, 'R'},
        {"stage", required_argument, NULL, 's'},
        {"state", required_argument, NULL, 't'},
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 'T'},
        {"org", required_argument, NULL, 'g'},
        {"offset", required_argument, NULL, 'O'},
        {"limit", required_argument, NULL, 'l'},
        {"mismatch", no_argument, NULL, 'm'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    int c;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case 'j':
            cli->json = true;
            break;
        case 'o':
            o->on = optarg;
            break;
        case 'n':
            o->note = optarg;
            break;
        case 'p':
            o->opinion = optarg;
            break;
        case 'r':
            o->reason = optarg;
            break;
        case 'R':
            o->ref = optarg;
            break;
        case 's':
            o->stage = optarg;
            break;
        case 't':
            o->state = optarg;
            break;
        case 'f':
            o->from = optarg;
            break;
        case 'T':
            o->to = optarg;
            break;
        case 'm':
            o->mismatch = true;
            break;
        case 'g':
        case 'O':
        case 'l': {
            char *end = NULL;
            long long v = strtoll(optarg, &end, 10);
            if (!*optarg || *end || v < 0)
                return zz_cli_usage("--%s wants a whole number >= 0, not '%s'",
                                    c == 'g'   ? "org"
                                    : c == 'O' ? "offset"
                                               : "limit",
                                    optarg);
            *(c == 'g' ? &o->org : c == 'O' ? &o->offset : &o->limit) = v;
            break;
        }
        default:
            return zz_cli_usage("%s", usage);
        }
    }
    return -1; /* parsed */
}

/* The date of --on, or today's business date. */
static int on_date(const zz_cli *cli, const opts *o, zz_date *d, zz_err *err)
{
    if (!o->on) {
        *d = cli->clock.today;
        return ZZ_OK;
    }
    return zz_date_parse(d, o->on, err);
}

/* Prints the case after a successful action (re-read as the actor). */
static int done(zz_cli *cli, zz_ctx *cx, int64_t id, const char *what_zh, const char *what_en)
{
    zz_case c;
    zz_err err = ZZ_ERR_INIT;
    if (zz_case_get(cx, id, &c, &err) < 0) { /* e.g. a withdrawn case the actor still sees */
        if (cli->json)
            print_json(json_pack("{s:b, s:I}", "ok", 1, "id", (json_int_t)id));
        else
            printf("%s (%s)\n", what_zh, what_en);
        return ZZ_EXIT_OK;
    }
    if (cli->json) {
        print_json(case_json(&c));
    } else {
        printf("%s：%s → %s/%s（%s）(%s)\n", what_zh, c.number, c.stage, c.state,
               zz_case_state_name_zh(c.state), what_en);
    }
    return ZZ_EXIT_OK;
}

/* ---- verbs ----------------------------------------------------------------------------------- */

typedef enum {
    V_LIST,
    V_SHOW,
    V_ASSIGN,
    V_UNASSIGN,
    V_RECEIVE,
    V_EXCEPTION,
    V_FILE,
    V_REVIEW,
    V_SUPPLEMENT,
    V_DRAFT,
    V_SEND,
    V_EFFECTIVE,
    V_PAY,
    V_START,
    V_WITHDRAW,
    V_ARCHIVE,
    V_CYCLE,
} verb_id;

static const struct verb {
    const char *name;
    verb_id id;
    int nargs; /* positional arguments after the verb */
    const char *usage;
} VERBS[] = {
    {"list", V_LIST, 0,
     "zizhi case list [--stage S] [--state S] [--org ID] [--from D] [--to D] "
     "[--offset N] [--limit N]"},
    {"show", V_SHOW, 1, "zizhi case show CASE"},
    {"assign", V_ASSIGN, 3, "zizhi case assign CASE USER project_lead|assessor|expert"},
    {"unassign", V_UNASSIGN, 3, "zizhi case unassign CASE USER project_lead|assessor|expert"},
    {"receive-paper", V_RECEIVE, 1,
     "zizhi case receive-paper CASE [--on D] [--mismatch] "
     "[--note TEXT]"},
    {"accept-exception", V_EXCEPTION, 1, "zizhi case accept-exception CASE --note TEXT"},
    {"file", V_FILE, 1, "zizhi case file CASE"},
    {"review", V_REVIEW, 2,
     "zizhi case review CASE accepted|supplement|not_accepted --opinion "
     "TEXT"},
    {"supplement-received", V_SUPPLEMENT, 1, "zizhi case supplement-received CASE"},
    {"draft-agreement", V_DRAFT, 1, "zizhi case draft-agreement CASE"},
    {"send-agreement", V_SEND, 1, "zizhi case send-agreement CASE"},
    {"agreement-effective", V_EFFECTIVE, 1, "zizhi case agreement-effective CASE [--on D]"},
    {"pay", V_PAY, 2, "zizhi case pay CASE AMOUNT_YUAN [--on D] [--ref REF]"},
    {"start-assessment", V_START, 1, "zizhi case start-assessment CASE"},
    {"withdraw", V_WITHDRAW, 1, "zizhi case withdraw CASE --reason TEXT"},
    {"archive", V_ARCHIVE, 1, "zizhi case archive CASE"},
    {"cycle", V_CYCLE, 1, "zizhi case cycle CASE"},
    {NULL, 0, 0, NULL},
};

static int do_list(zz_cli *cli, zz_ctx *cx, const opts *o, zz_err *err)
{
    zz_case_filter f = {0};
    f.stage = o->stage;
    f.state = o->state;
    f.org_id = o->org;
    f.from = o->from;
    f.to = o->to;
    f.offset = o->offset;
    f.limit = o->limit;
    zz_case *v = NULL;
    size_t n = 0;
    int64_t total = 0;
    if (zz_case_list(cx, &f, &v, &n, &total, err) < 0) return zz_cli_fail(cli, err);
    if (cli->json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, case_json(&v[i]));
        print_json(json_pack("{s:I, s:I, s:o}", "total", (json_int_t)total, "offset",
                             (json_int_t)o->offset, "cases", a));
    } else if (n == 0) {
        printf("没有符合条件的项目 (no matching cases; total %lld)\n", (long long)total);
    } else {
        /* 编号, 单位, 提交, 阶段/状态, 建档, 结束 — padded by display width for Chinese text */
        static const int W[5] = {16, 36, 11, 30, 11};
        zz_cli_cell("编号 number", W[0]);
        zz_cli_cell("申请单位 organisation", W[1]);
        zz_cli_cell("提交 submitted", W[2] + 4);
        zz_cli_cell("阶段/状态 stage/state", W[3]);
        zz_cli_cell("建档 filed", W[4]);
        puts("结束 closed");
        for (size_t i = 0; i < n; i++) {
            char ss[128];
            snprintf(ss, sizeof ss, "%s/%s%s%s%s", zz_case_stage_name_zh(v[i].stage),
                     zz_case_state_name_zh(v[i].state), strcmp(v[i].state, "closed") ? "" : "（",
                     strcmp(v[i].state, "closed") ? ""
                                                  : zz_case_close_reason_name_zh(v[i].close_reason),
                     strcmp(v[i].state, "closed") ? "" : "）");
            zz_cli_cell(v[i].number, W[0]);
            zz_cli_cell(v[i].org_name, W[1]);
            zz_cli_cell(v[i].submitted_on, W[2] + 4);
            zz_cli_cell(ss, W[3]);
            zz_cli_cell(v[i].filed_on[0] ? v[i].filed_on : "-", W[4]);
            puts(v[i].closed_on[0] ? v[i].closed_on : "-");
        }
        printf("共 %lld 个项目，显示 %zu 个 (%lld cases, %zu shown)\n", (long long)total, n,
               (long long)total, n);
    }
    free(v);
    return ZZ_EXIT_OK;
}

static int do_show(zz_cli *cli, zz_ctx *cx, const zz_case *c, zz_err *err)
{
    zz_case_member *m = NULL;
    size_t nm = 0, no = 0;
    zz_case_opinion *op = NULL;
    zz_case_initiation ini;
    zz_case_cycle_info cy;
    memset(&ini, 0, sizeof ini);
    memset(&cy, 0, sizeof cy);
    int rc = zz_case_members(cx, c->id, &m, &nm, err);
    if (rc == ZZ_EPERM) {
        /* roles kept out of a case's internals (the certificate officer) see its record */
        if (cli->json)
            print_json(case_json(c));
        else
            case_print(c);
        return ZZ_EXIT_OK;
    }
    if (rc == 0) rc = zz_case_opinions(cx, c->id, &op, &no, err);
    if (rc == 0) rc = zz_case_initiation_get(cx, c->id, &ini, err);
    if (rc == 0) rc = zz_case_cycle(cx, c->id, &cy, err);
    if (rc < 0) {
        free(m);
        zz_case_opinions_free(op, no);
        zz_case_initiation_free(&ini);
        return zz_cli_fail(cli, err);
    }
    char money[ZZ_MONEY_STRLEN];
    if (cli->json) {
        json_t *o = case_json(c), *ma = json_array(), *oa = json_array(), *la = json_array(),
               *pa = json_array();
        for (size_t i = 0; i < nm; i++)
            json_array_append_new(ma, json_pack("{s:s, s:s, s:s, s:s}", "username", m[i].username,
                                                "display_name", m[i].display_name, "role",
                                                m[i].role, "assigned_on", m[i].assigned_on));
        for (size_t i = 0; i < no; i++)
            json_array_append_new(oa, json_pack("{s:s, s:s, s:s, s:s}", "outcome", op[i].outcome,
                                                "opinion", op[i].opinion, "decided_on",
                                                op[i].decided_on, "decided_by", op[i].decided_by));
        for (size_t i = 0; i < ini.n_lines; i++)
            json_array_append_new(la, json_pack("{s:s, s:s, s:I, s:s}", "code", ini.lines[i].code,
                                                "name", ini.lines[i].name, "amount_fen",
                                                (json_int_t)ini.lines[i].amount_fen, "issued_on",
                                                ini.lines[i].issued_on));
        for (size_t i = 0; i < ini.n_payments; i++)
            json_array_append_new(pa,
                                  json_pack("{s:s, s:I, s:s}", "paid_on", ini.payments[i].paid_on,
                                            "amount_fen", (json_int_t)ini.payments[i].amount_fen,
                                            "reference", ini.payments[i].reference));
        json_t *ag =
            ini.has_agreement
                ? json_pack("{s:s, s:s, s:s?, s:s?}", "template", ini.template_name, "drafted_on",
                            ini.drafted_on, "sent_on", ini.sent_on[0] ? ini.sent_on : NULL,
                            "effective_on", ini.effective_on[0] ? ini.effective_on : NULL)
                : json_null();
        json_object_set_new(o, "members", ma);
        json_object_set_new(o, "opinions", oa);
        json_object_set_new(o, "agreement", ag);
        json_object_set_new(
            o, "fees",
            json_pack("{s:o, s:o, s:I, s:I, s:I, s:b, s:s?}", "invoice", la, "payments", pa,
                      "invoice_total_fen", (json_int_t)ini.invoice_total_fen, "paid_fen",
                      (json_int_t)ini.paid_fen, "outstanding_fen", (json_int_t)ini.outstanding_fen,
                      "paid", ini.paid, "paid_on", ini.paid_on[0] ? ini.paid_on : NULL));
        json_object_set_new(o, "cycle", cycle_json(&cy));
        print_json(o);
    } else {
        case_print(c);
        for (size_t i = 0; i < nm; i++)
            printf("  成员 member  %-13s %s（%s），%s 指派\n", m[i].role, m[i].username,
                   m[i].display_name, m[i].assigned_on);
        cycle_print(&cy);
        if (ini.has_agreement)
            printf("  委托协议 agreement《%s》起草 %s，发送 %s，生效 %s\n", ini.template_name,
                   ini.drafted_on, ini.sent_on[0] ? ini.sent_on : "-",
                   ini.effective_on[0] ? ini.effective_on : "-");
        for (size_t i = 0; i < ini.n_lines; i++)
            printf("  费用 fee  %-10s %s %s 元\n", ini.lines[i].code, ini.lines[i].name,
                   zz_money_format(money, ini.lines[i].amount_fen));
        for (size_t i = 0; i < ini.n_payments; i++)
            printf("  缴费 payment  %s %s 元 %s\n", ini.payments[i].paid_on,
                   zz_money_format(money, ini.payments[i].amount_fen), ini.payments[i].reference);
        if (ini.n_lines)
            printf("  尚欠 outstanding  %s 元%s\n",
                   zz_money_format(money, ini.outstanding_fen > 0 ? ini.outstanding_fen : 0),
                   ini.paid ? "（已缴清 paid）" : "");
        for (size_t i = 0; i < no; i++)
            printf("  受理审查意见 opinion  %s %s（%s）：%s\n", op[i].decided_on, op[i].outcome,
                   op[i].decided_by, op[i].opinion);
    }
    free(m);
    zz_case_opinions_free(op, no);
    zz_case_initiation_free(&ini);
    zz_case_cycle_free(&cy);
    return ZZ_EXIT_OK;
}

static int run_verb(zz_cli *cli, zz_ctx *cx, const struct verb *v, char **pos, const opts *o)
{
    zz_err err = ZZ_ERR_INIT;
    if (v->id == V_LIST) return do_list(cli, cx, o, &err);
    zz_case c;
    if (resolve(cx, pos[0], &c, &err) < 0) return zz_cli_fail(cli, &err);
    int rc = 0;
    zz_date d;
    switch (v->id) {
    case V_LIST:
        break;
    case V_SHOW:
        return do_show(cli, cx, &c, &err);
    case V_CYCLE: {
        zz_case_cycle_info cy;
        if (zz_case_cycle(cx, c.id, &cy, &err) < 0) return zz_cli_fail(cli, &err);
        if (cli->json) {
            json_t *j = cycle_json(&cy);
            json_object_set_new(j, "number", json_string(c.number));
            print_json(j);
        } else {
            printf("项目 case %s\n", c.number);
            cycle_print(&cy);
        }
        zz_case_cycle_free(&cy);
        return ZZ_EXIT_OK;
    }
    case V_ASSIGN:
    case V_UNASSIGN: {
        int r = zz_role_parse(pos[2]);
        if (r < 0)
            return zz_cli_usage("unknown role '%s' (未知角色): project_lead, assessor or expert",
                                pos[2]);
        rc = v->id == V_ASSIGN ? zz_case_assign(cx, c.id, pos[1], (zz_role)r, &err)
                               : zz_case_unassign(cx, c.id, pos[1], (zz_role)r, &err);
        break;
    }
    case V_RECEIVE:
        if ((rc = on_date(cli, o, &d, &err)) == 0)
            rc = zz_case_receive_paper(cx, c.id, d, !o->mismatch, o->note, &err);
        break;
    case V_EXCEPTION:
        rc = zz_case_accept_exception(cx, c.id, o->note, &err);
        break;
    case V_FILE:
        rc = zz_case_file(cx, c.id, &err);
        break;
    case V_REVIEW: {
        zz_review_outcome out;
        if ((rc = zz_review_outcome_parse(&out, pos[1], &err)) == 0)
            rc = zz_case_review(cx, c.id, out, o->opinion, &err);
        break;
    }
    case V_SUPPLEMENT:
        rc = zz_case_supplement_received(cx, c.id, &err);
        break;
    case V_DRAFT:
        rc = zz_case_draft_agreement(cx, c.id, &err);
        break;
    case V_SEND:
        rc = zz_case_send_agreement(cx, c.id, &err);
        break;
    case V_EFFECTIVE:
        if ((rc = on_date(cli, o, &d, &err)) == 0)
            rc = zz_case_agreement_effective(cx, c.id, d, &err);
        break;
    case V_PAY: {
        int64_t fen = 0;
        if ((rc = zz_money_parse(&fen, pos[1], &err)) == 0 && (rc = on_date(cli, o, &d, &err)) == 0)
            rc = zz_case_record_payment(cx, c.id, fen, d, o->ref, &err);
        break;
    }
    case V_START:
        rc = zz_case_start_assessment(cx, c.id, &err);
        break;
    case V_WITHDRAW:
        rc = zz_case_withdraw(cx, c.id, o->reason, &err);
        break;
    case V_ARCHIVE:
        rc = zz_case_archive(cx, c.id, &err);
        break;
    }
    if (rc < 0) return zz_cli_fail(cli, &err);
    return done(cli, cx, c.id, "已完成", v->name);
}

int cmd_case(zz_cli *cli, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? ZZ_EXIT_USAGE : ZZ_EXIT_OK;
    }
    const struct verb *v = VERBS;
    while (v->name && strcmp(v->name, argv[1]) != 0)
        v++;
    if (!v->name) {
        help(stderr);
        return zz_cli_usage("unknown verb 'case %s' (未知操作)", argv[1]);
    }
    argc--;
    argv++;
    optind = 0; /* 0 re-initialises GNU getopt: main parsed with "+" (stop at the noun) */
    opts o;
    int rc = parse_opts(cli, argc, argv, &o, v->usage);
    if (rc >= 0) return rc;
    if (argc - optind != v->nargs) return zz_cli_usage("usage: %s", v->usage);
    zz_ctx *cx = NULL;
    if ((rc = zz_cli_open_ctx(cli, &cx)) != ZZ_EXIT_OK) return rc;
    rc = run_verb(cli, cx, v, argv + optind, &o);
    zz_ctx_close(cx);
    return rc;
}
