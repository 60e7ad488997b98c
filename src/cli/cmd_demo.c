/*
 * cmd_demo.c — `zizhi [--data DIR] [--date D] demo [--password P] [--scale N] [--json]`: builds
 * the demonstration database (include/zizhi/demo.h) on an empty data directory and prints the demo
 * accounts (username, role, organisation, password) as a table, or one JSON object. With --scale N
 * it then adds the scaled demo of N cases (zz_demo_scale, for `make bench`), reporting progress
 * on stderr.
 *
 * The final business date of the demo is the CLI's business date (today in Asia/Shanghai, or
 * --date); the history is built before it.
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zizhi/ctx.h"
#include "zizhi/demo.h"

static void help(FILE *f)
{
    fputs(
        "用法 usage: zizhi [--data DIR] [--date D] [--json] demo [--password P] [--scale N]\n"
        "  在空数据库中生成演示数据：每个角色一个 demo-<角色> "
        "账号、六个申请单位、处于各阶段和状态的\n"
        "  项目、各种状态的证书；不指定 --password 时为每个账号生成强密码并打印。\n"
        "  builds the demo on an empty database: one demo-<role> account per role, six applicant\n"
        "  organisations, cases in every stage and state, certificates in every status; without\n"
        "  --password every account gets a generated strong password, printed here.\n"
        "  Refused on a database that already holds accounts (demo.not_empty).\n"
        "  --scale N  然后批量加入 N 个项目（N/10 个单位，含证书与审计记录），用于性能测试；\n"
        "             then bulk-adds N cases over N/10 organisations with their certificates and\n"
        "             audit entries (make bench; e.g. 100000), progress on stderr.\n",
        f);
}


static void print_table(const zz_demo_result *r)
{
    printf("演示数据已生成 (demo built)：%zu 个单位 (organisations)、%zu 份申请 (dossiers)、"
           "%zu 个项目 (cases)、%zu 张证书 (certificates)；业务日期 %s 至 %s\n\n",
           r->n_orgs, r->n_dossiers, r->n_cases, r->n_certs, r->first_date, r->final_date);
    const char *head[4] = {"账号 (username)", "角色 (role)", "单位 (organisation)",
                           "密码 (password)"};
    int w[3] = {zz_cli_width(head[0]), zz_cli_width(head[1]), zz_cli_width(head[2])};
    char role[80];
    for (size_t i = 0; i < r->n_accounts; i++) {
        const zz_demo_account *a = &r->accounts[i];
        snprintf(role, sizeof role, "%s %s", a->role_zh, a->role);
        int ww[3] = {zz_cli_width(a->username), zz_cli_width(role),
                     zz_cli_width(a->org_name[0] ? a->org_name : "-")};
        for (int k = 0; k < 3; k++)
            if (ww[k] > w[k]) w[k] = ww[k];
    }
    for (int k = 0; k < 3; k++)
        zz_cli_cell(head[k], w[k] + 2);
    printf("%s\n", head[3]);
    for (size_t i = 0; i < r->n_accounts; i++) {
        const zz_demo_account *a = &r->accounts[i];
        snprintf(role, sizeof role, "%s %s", a->role_zh, a->role);
        zz_cli_cell(a->username, w[0] + 2);
        zz_cli_cell(role, w[1] + 2);
        zz_cli_cell(a->org_name[0] ? a->org_name : "-", w[2] + 2);
        printf("%s\n", a->password);
    }
    if (r->passwords_generated)
        printf("\n密码为随机生成，仅显示这一次，请妥善保存 (generated passwords, shown only "
               "once).\n");
}

static json_t *demo_json(const zz_demo_result *r)
{
    json_t *a = json_array();
    for (size_t i = 0; i < r->n_accounts; i++) {
        const zz_demo_account *x = &r->accounts[i];
        json_array_append_new(
            a, json_pack("{s:s,s:s,s:s,s:s,s:s?,s:s}", "username", x->username, "role", x->role,
                         "role_zh", x->role_zh, "display_name", x->display_name, "organisation",
                         x->org_name[0] ? x->org_name : NULL, "password", x->password));
    }
    return json_pack("{s:b,s:s,s:s,s:I,s:I,s:I,s:I,s:b,s:o}", "ok", 1, "first_date", r->first_date,
                     "final_date", r->final_date, "organisations", (json_int_t)r->n_orgs,
                     "dossiers", (json_int_t)r->n_dossiers, "cases", (json_int_t)r->n_cases,
                     "certificates", (json_int_t)r->n_certs, "passwords_generated",
                     r->passwords_generated, "accounts", a);
}

/* extra (may be NULL) is added as "scale". */
static void print_json(const zz_demo_result *r, json_t *extra)
{
    json_t *o = demo_json(r);
    if (!o) {
        json_decref(extra);
        fputs("{\"ok\":false,\"error\":{\"code\":\"nomem\"}}\n", stdout);
        return;
    }
    if (extra) json_object_set_new(o, "scale", extra);
    json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(o);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct progress {
    double t0;
    const char *phase;
    int last_pct;
} progress;

/* One stderr line per phase and per 10 % of the cases. */
static void on_progress(void *arg, const char *phase, int64_t done, int64_t total)
{
    progress *p = arg;
    int pct = total > 0 ? (int)(done * 100 / total) : 100;
    if (p->phase && strcmp(p->phase, phase) == 0 && pct / 10 == p->last_pct / 10 && pct < 100)
        return;
    p->phase = phase;
    p->last_pct = pct;
    fprintf(stderr, "zizhi: demo --scale: %-10s %9lld / %-9lld %3d%%  %7.1f s\n", phase,
            (long long)done, (long long)total, pct, now_s() - p->t0);
}

static void print_scale(const zz_demo_scale_result *s, double secs)
{
    printf("\n规模化演示数据 (scaled demo)：%lld 个单位 (organisations)、%lld 个项目 (cases，其中 "
           "%lld 个进行中 running、%lld 个已归档 archived)、%lld 张证书 (certificates)、%lld "
           "个批次 (batches)、%lld 项处置 (sanctions)、%lld 个评估方账号 (accounts)、%lld 条审计"
           "记录 (audit entries)，共 %lld 行 (rows)，用时 %.1f s\n",
           (long long)s->n_orgs, (long long)s->n_cases, (long long)s->n_running,
           (long long)s->n_archived, (long long)s->n_certs, (long long)s->n_batches,
           (long long)s->n_sanctions, (long long)s->n_accounts, (long long)s->n_audit,
           (long long)s->n_rows, secs);
}

static json_t *scale_json(const zz_demo_scale_result *s, double secs)
{
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f}",
                     "organisations", (json_int_t)s->n_orgs, "accounts", (json_int_t)s->n_accounts,
                     "dossiers", (json_int_t)s->n_dossiers, "cases", (json_int_t)s->n_cases,
                     "running", (json_int_t)s->n_running, "archived", (json_int_t)s->n_archived,
                     "certificates", (json_int_t)s->n_certs, "batches", (json_int_t)s->n_batches,
                     "sanctions", (json_int_t)s->n_sanctions, "audit_entries",
                     (json_int_t)s->n_audit, "rows", (json_int_t)s->n_rows, "seconds", secs);
}

int cmd_demo(zz_cli *cli, int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0)) {
        help(stdout);
        return ZZ_EXIT_OK;
    }
    static const struct option lo[] = {
        {"password", required_argument, NULL, 'p'},
        {"json", no_argument, NULL, 'j'},
        {"scale", required_argument, NULL, 's'},
        {NULL, 0, NULL, 0},
    };
    const char *password = NULL;
    long long scale = 0;
    char *end = NULL;
    optind = 0; /* 0 re-initialises GNU getopt: main parsed with "+" (stop at the noun) */
    int c;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case 'p':
            password = optarg;
            break;
        case 'j':
            cli->json = true;
            break;
        case 's':
            errno = 0;
            scale = strtoll(optarg, &end, 10);
            if (errno || !end || *end || scale < 1 || scale > ZZ_DEMO_SCALE_MAX)
                return zz_cli_usage("--scale takes a number of cases, 1 to 10000000 "
                                    "(--scale 后应为项目数)");
            break;
        default:
            help(stderr);
            return ZZ_EXIT_USAGE;
        }
    }
    if (optind != argc) {
        help(stderr);
        return zz_cli_usage("demo takes no arguments (演示数据命令不带参数)");
    }
    if (cli->as_user)
        return zz_cli_usage("demo runs as the system: do not give --as (演示数据以系统身份生成)");
    zz_ctx *cx = NULL;
    int rc = zz_cli_open_ctx(cli, &cx);
    if (rc != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_demo_result r;
    zz_demo_scale_result sr;
    memset(&sr, 0, sizeof sr);
    progress pr = {now_s(), NULL, 0};
    double secs = 0;
    if (zz_demo_build(cx, password, &r, &err) < 0) {
        if (r.failed_at[0]) fprintf(stderr, "zizhi: demo: 失败于 (failed at) %s\n", r.failed_at);
        rc = zz_cli_fail(cli, &err);
    } else if (scale > 0 && zz_demo_scale(cx, scale, on_progress, &pr, &sr, &err) < 0) {
        fprintf(stderr, "zizhi: demo --scale: 已提交 (committed) %lld 个项目 (cases)\n",
                (long long)sr.n_cases);
        rc = zz_cli_fail(cli, &err);
    } else if (cli->json) {
        secs = now_s() - pr.t0;
        print_json(&r, scale > 0 ? scale_json(&sr, secs) : NULL);
    } else {
        print_table(&r);
        if (scale > 0) print_scale(&sr, now_s() - pr.t0);
    }
    zz_demo_result_free(&r);
    zz_ctx_close(cx);
    return rc;
}
