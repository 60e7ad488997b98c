/*
 * main.c — the `zizhi` command: global options, then dispatch on the noun table.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct noun {
    const char *name;
    int (*fn)(zz_cli *, int, char **);
    const char *summary;
} noun;

static const noun NOUNS[] = {
    {"catalog", cmd_catalog, "requirement catalogues: validate, show, export, import (要求目录)"},
    {"db", cmd_db, "the database: init, backup, check (数据库)"},
    {"audit", cmd_audit, "the audit log: verify, list (审计日志)"},
    {"user", cmd_user, "accounts and roles: add, passwd, grant, revoke, list, show (账号与角色)"},
    {"org", cmd_org, "organisations: add, list, show, update, export-personal, check (申请单位)"},
    {"person", cmd_person, "an organisation's people: add, list, show, update (人员)"},
    {"project", cmd_project, "an organisation's service projects: add, list, update (服务项目)"},
    {"dossier", cmd_dossier, "applications: create, form, answer, attach, check, package, submit (申请)"},
    {"case", cmd_case, "cases: list, show, assign, receive-paper, file, review, agreement, pay, withdraw, archive, cycle (项目)"},
    {"assess", cmd_assess, "assessment: plan, activity, rate, rectify, conclude, conformity, export (评估)"},
    {"panel", cmd_panel, "expert review and approval: vote, conclude, approve, votes (专家评审、审批)"},
    {"cert", cmd_cert, "certificates and batches: list, show, verify, registry, batch-create, batch-add, batch-issue, batch-publish (证书)"},
    {"sanction", cmd_sanction, "sanctions: decide, lift, rectified, list, show, overdue (处置)"},
    {"appeal", cmd_appeal, "written appeals: file, decide, list, show (申诉)"},
    {"complaint", cmd_complaint, "the applicant's complaint records: add, update, list, show (投诉记录)"},
    {"archive", cmd_archive, "archives: list, due, show, hold, release, approve-disposal, dispose, export (档案)"},
    {"mail", cmd_mail, "email: send, list, remind, reminders, config (邮件发送、到期提醒)"},
    {"pubdoc", cmd_pubdoc, "public documents (申请须知): publish, list, history (公开文件)"},
    {"demo", cmd_demo, "builds the demo database: accounts for every role, cases in every state (演示数据)"},
    {NULL, NULL, NULL},
};

int zz_cli_fail(const zz_cli *cli, const zz_err *err)
{
    (void)cli;
    fprintf(stderr, "zizhi: %s: %s (%s)\n", err->code[0] ? err->code : zz_rc_name(err->rc),
            err->message_zh[0] ? err->message_zh : zz_strerror(err->rc),
            err->message[0] ? err->message : zz_strerror(err->rc));
    return ZZ_EXIT_FAIL;
}

int zz_cli_usage(const char *fmt, ...)
{
    va_list ap;
    fputs("zizhi: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return ZZ_EXIT_USAGE;
}

static void usage(FILE *f)
{
    fputs("用法 usage: zizhi [--data DIR] [--as USER] [--date YYYY-MM-DD] [--json] <noun> <verb> "
          "[args]\n\n",
          f);
    for (const noun *n = NOUNS; n->name; n++)
        fprintf(f, "  %-10s %s\n", n->name, n->summary);
    fputs("\n  zizhi help <noun>   shows the verbs of one noun\n", f);
}

/* Today's date in Asia/Shanghai (UTC+8, no daylight saving) from the real instant. */
static zz_clock real_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    zz_clock c;
    c.now_usec = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
    int64_t sh = (int64_t)ts.tv_sec + 8 * 3600;
    int64_t days = sh >= 0 ? sh / 86400 : -((-sh + 86399) / 86400);
    c.today = zz_date_from_days(days);
    return c;
}

int main(int argc, char **argv)
{
    zz_cli cli = {.data_dir = "var", .as_user = NULL, .json = false};
    cli.clock = real_clock();
    const char *env_data = getenv("ZIZHI_DATA");
    if (env_data && *env_data)
        cli.data_dir = env_data;

    static const struct option opts[] = {
        {"data", required_argument, NULL, 'D'}, {"as", required_argument, NULL, 'u'},
        {"date", required_argument, NULL, 'd'}, {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
    };
    int c;
    /* "+" stops at the first non-option: the noun. */
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        switch (c) {
        case 'D': cli.data_dir = optarg; break;
        case 'u': cli.as_user = optarg; break;
        case 'j': cli.json = true; break;
        case 'd': {
            zz_err err = ZZ_ERR_INIT;
            if (zz_date_parse(&cli.clock.today, optarg, &err) < 0)
                return zz_cli_fail(&cli, &err);
            cli.date_given = true;
            break;
        }
        case 'h': usage(stdout); return ZZ_EXIT_OK;
        default: usage(stderr); return ZZ_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return ZZ_EXIT_USAGE;
    }
    const char *name = argv[optind];
    int sub_argc = argc - optind;
    char **sub_argv = argv + optind;
    if (strcmp(name, "help") == 0) {
        if (sub_argc < 2) {
            usage(stdout);
            return ZZ_EXIT_OK;
        }
        name = sub_argv[1];
        for (const noun *n = NOUNS; n->name; n++) {
            if (strcmp(n->name, name) == 0) {
                char *hargv[] = {(char *)n->name, "help", NULL};
                return n->fn(&cli, 2, hargv);
            }
        }
        return zz_cli_usage("unknown noun '%s' (未知命令); see 'zizhi help'", name);
    }
    for (const noun *n = NOUNS; n->name; n++) {
        if (strcmp(n->name, name) == 0) {
            optind = 0; /* a full getopt reset: each verb re-parses its own options (GNU: 0, not 1) */
            return n->fn(&cli, sub_argc, sub_argv);
        }
    }
    return zz_cli_usage("unknown noun '%s' (未知命令); see 'zizhi help'", name);
}
