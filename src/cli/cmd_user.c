/*
 * cmd_user.c — `zizhi user add|passwd|grant|revoke|unlock|enable|disable|list|show`: accounts and
 * roles (账号与角色). Accounts are sys_admin's, role grants and unlocking sec_admin's;
 * without --as the command acts as the system. Passwords are read from standard input, never
 * from the command line.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_domain.h"
#include "zizhi/user.h"

static void help(FILE *f)
{
    fputs("用法 usage:\n"
          "  zizhi user add NAME --name 姓名 [--email E] [--org ORG] [--password-stdin]\n"
          "      创建账号；ORG 为单位编号或统一社会信用代码 (create an account; ORG: id or USCC)\n"
          "  zizhi user passwd NAME          从标准输入读取新密码 (new password from stdin)\n"
          "  zizhi user grant NAME ROLE      授予角色（安全管理员）(grant a role: sec_admin)\n"
          "  zizhi user revoke NAME ROLE     撤销角色（安全管理员）(revoke a role: sec_admin)\n"
          "  zizhi user unlock NAME          解除登录锁定（安全管理员）(lift a lockout)\n"
          "  zizhi user enable|disable NAME  启用/停用账号 (activate / deactivate)\n"
          "  zizhi user list                 全部账号 (every account)\n"
          "  zizhi user show NAME            一个账号 (one account)\n"
          "\n角色 roles: applicant_admin applicant_member project_lead assessor expert manager\n"
          "  cert_officer supervisor sys_admin sec_admin audit_admin\n"
          "全局选项 global options: --data DIR --as USER --date YYYY-MM-DD --json\n",
          f);
}

/* Parses [--json] and exactly want positional arguments. */
static int plain_args(zz_cli *cli, int argc, char **argv, int want, const char *usage)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'j')
            cli->json = true;
        else
            return zz_cli_usage("%s", usage);
    }
    if (argc - optind != want) return zz_cli_usage("%s", usage);
    return ZZ_EXIT_OK;
}

static void roles_text(zz_roles roles, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (int r = 0; r < ZZ_ROLE__COUNT; r++) {
        if (!(roles & ZZ_R(r))) continue;
        size_t n = strlen(buf);
        snprintf(buf + n, cap - n, "%s%s(%s)", n ? " " : "", zz_role_name_zh((zz_role)r),
                 zz_role_name((zz_role)r));
    }
    if (!buf[0]) snprintf(buf, cap, "无 (none)");
}

static json_t *user_json(const zz_user *u)
{
    char *text = NULL;
    zz_user_to_json(u, &text, NULL);
    return zz_cli_json_text(text);
}

static void print_user(const zz_user *u)
{
    char roles[512];
    roles_text(u->roles, roles, sizeof roles);
    printf("账号 (account)      %s\n", u->username);
    printf("  姓名 (name)       %s\n", u->display_name);
    printf("  邮箱 (email)      %s\n", u->email ? u->email : "-");
    if (u->org_id)
        printf("  单位 (org)        %lld\n", (long long)u->org_id);
    else
        printf("  单位 (org)        测评中心 (certification body)\n");
    printf("  角色 (roles)      %s\n", roles);
    printf("  状态 (status)     %s%s\n", u->active ? "启用 (active)" : "停用 (inactive)",
           u->has_password ? "" : "，未设密码 (no password)");
    if (u->locked_until_usec)
        printf("  锁定 (locked)     至 (until) %lld µs\n", (long long)u->locked_until_usec);
}

/* Prints the account after a change: human text or {"ok":true,"action":…,"user":{…}}. */
static int report(zz_cli *cli, zz_ctx *cx, const char *name, const char *action,
                  const char *done_zh, const char *done_en)
{
    zz_user *u = NULL;
    zz_err err = ZZ_ERR_INIT;
    int rc = zz_user_get_by_name(cx->st, name, &u, &err);
    if (rc < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    if (cli->json) {
        json_t *o = json_object();
        json_object_set_new(o, "ok", json_true());
        json_object_set_new(o, "action", json_string(action));
        json_object_set_new(o, "user", user_json(u));
        zz_cli_print_json(o);
    } else {
        printf("%s (%s): %s\n", done_zh, done_en, u->username);
        print_user(u);
    }
    zz_user_free(u);
    zz_ctx_close(cx);
    return ZZ_EXIT_OK;
}

static int add(zz_cli *cli, int argc, char **argv)
{
    static const char *usage = "usage: zizhi user add NAME --name DISPLAY [--email E] [--org ORG] "
                               "[--password-stdin] [--json]";
    static const struct option opts[] = {
        {"name", required_argument, NULL, 'n'}, {"email", required_argument, NULL, 'e'},
        {"org", required_argument, NULL, 'o'},  {"password-stdin", no_argument, NULL, 'p'},
        {"json", no_argument, NULL, 'j'},       {NULL, 0, NULL, 0}};
    const char *display = NULL, *email = NULL, *org = NULL;
    bool pw = false;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'n':
            display = optarg;
            break;
        case 'e':
            email = optarg;
            break;
        case 'o':
            org = optarg;
            break;
        case 'p':
            pw = true;
            break;
        case 'j':
            cli->json = true;
            break;
        default:
            return zz_cli_usage("%s", usage);
        }
    }
    if (argc - optind != 1 || !display) return zz_cli_usage("%s", usage);
    char password[1100] = "";
    if (pw && zz_cli_read_password("新密码 (new password): ", true, password, sizeof password))
        return ZZ_EXIT_FAIL;
    zz_ctx *cx = NULL;
    int rc = zz_cli_open_ctx(cli, &cx);
    if (rc) return rc;
    zz_user_new in = {.username = argv[optind],
                      .display_name = display,
                      .email = email,
                      .password = pw ? password : NULL};
    if (org && (rc = zz_cli_org_id(cli, cx, org, &in.org_id)) != ZZ_EXIT_OK) {
        zz_ctx_close(cx);
        return rc;
    }
    zz_err err = ZZ_ERR_INIT;
    rc = zz_user_create(cx, &in, NULL, &err);
    memset(password, 0, sizeof password);
    if (rc < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    return report(cli, cx, in.username, "user.create", "已创建账号", "account created");
}

static int passwd(zz_cli *cli, int argc, char **argv)
{
    int u = plain_args(cli, argc, argv, 1, "usage: zizhi user passwd NAME [--json]");
    if (u) return u;
    char password[1100] = "";
    if (zz_cli_read_password("新密码 (new password): ", true, password, sizeof password))
        return ZZ_EXIT_FAIL;
    zz_ctx *cx = NULL;
    int rc = zz_cli_open_ctx(cli, &cx);
    if (rc) return rc;
    zz_err err = ZZ_ERR_INIT;
    rc = zz_user_set_password(cx, argv[optind], password, &err);
    memset(password, 0, sizeof password);
    if (rc < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    return report(cli, cx, argv[optind], "user.set_password", "已设置密码", "password set");
}

static int role_change(zz_cli *cli, int argc, char **argv, bool grant)
{
    int u = plain_args(cli, argc, argv, 2,
                       grant ? "usage: zizhi user grant NAME ROLE [--json]"
                             : "usage: zizhi user revoke NAME ROLE [--json]");
    if (u) return u;
    int role = zz_role_parse(argv[optind + 1]);
    if (role < 0)
        return zz_cli_usage("unknown role '%s' (未知角色); see 'zizhi user help'",
                            argv[optind + 1]);
    zz_ctx *cx = NULL;
    int rc = zz_cli_open_ctx(cli, &cx);
    if (rc) return rc;
    zz_err err = ZZ_ERR_INIT;
    rc = grant ? zz_user_grant(cx, argv[optind], (zz_role)role, &err)
               : zz_user_revoke(cx, argv[optind], (zz_role)role, &err);
    if (rc < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    return grant ? report(cli, cx, argv[optind], "user.grant", "已授予角色", "role granted")
                 : report(cli, cx, argv[optind], "user.revoke", "已撤销角色", "role revoked");
}

/* unlock, enable, disable: one account, one call. */
static int one_account(zz_cli *cli, int argc, char **argv, const char *verb)
{
    char usage[96];
    snprintf(usage, sizeof usage, "usage: zizhi user %s NAME [--json]", verb);
    int u = plain_args(cli, argc, argv, 1, usage);
    if (u) return u;
    zz_ctx *cx = NULL;
    int rc = zz_cli_open_ctx(cli, &cx);
    if (rc) return rc;
    zz_err err = ZZ_ERR_INIT;
    const char *name = argv[optind];
    if (strcmp(verb, "unlock") == 0)
        rc = zz_user_unlock(cx, name, &err);
    else
        rc = zz_user_set_active(cx, name, strcmp(verb, "enable") == 0, &err);
    if (rc < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    if (strcmp(verb, "unlock") == 0)
        return report(cli, cx, name, "user.unlock", "已解除锁定", "unlocked");
    if (strcmp(verb, "enable") == 0)
        return report(cli, cx, name, "user.activate", "已启用账号", "account activated");
    return report(cli, cx, name, "user.deactivate", "已停用账号", "account deactivated");
}

static int list(zz_cli *cli, int argc, char **argv)
{
    int u = plain_args(cli, argc, argv, 0, "usage: zizhi user list [--json]");
    if (u) return u;
    zz_ctx *cx = NULL;
    int rc = zz_cli_open_ctx(cli, &cx);
    if (rc) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_user **users = NULL;
    size_t n = 0;
    if (zz_user_list(cx, &users, &n, &err) < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    if (cli->json) {
        json_t *o = json_object(), *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, user_json(users[i]));
        json_object_set_new(o, "count", json_integer((json_int_t)n));
        json_object_set_new(o, "users", a);
        zz_cli_print_json(o);
    } else {
        printf("账号 %zu 个 (%zu accounts)\n", n, n);
        printf("%-20s %-6s %-6s %s\n", "账号 account", "单位 org", "状态", "角色 roles");
        for (size_t i = 0; i < n; i++) {
            char roles[512], org[24];
            roles_text(users[i]->roles, roles, sizeof roles);
            snprintf(org, sizeof org, "%lld", (long long)users[i]->org_id);
            printf("%-20s %-8s %-6s %s\n", users[i]->username, users[i]->org_id ? org : "-",
                   users[i]->active ? "启用" : "停用", roles);
        }
    }
    zz_user_list_free(users, n);
    zz_ctx_close(cx);
    return ZZ_EXIT_OK;
}

static int show(zz_cli *cli, int argc, char **argv)
{
    int u = plain_args(cli, argc, argv, 1, "usage: zizhi user show NAME [--json]");
    if (u) return u;
    zz_ctx *cx = NULL;
    int rc = zz_cli_open_ctx(cli, &cx);
    if (rc) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_user *user = NULL;
    if (zz_user_show(cx, argv[optind], &user, &err) < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    if (cli->json)
        zz_cli_print_json(user_json(user));
    else
        print_user(user);
    zz_user_free(user);
    zz_ctx_close(cx);
    return ZZ_EXIT_OK;
}

int cmd_user(zz_cli *cli, int argc, char **argv)
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
    if (strcmp(verb, "passwd") == 0) return passwd(cli, argc, argv);
    if (strcmp(verb, "grant") == 0) return role_change(cli, argc, argv, true);
    if (strcmp(verb, "revoke") == 0) return role_change(cli, argc, argv, false);
    if (strcmp(verb, "unlock") == 0 || strcmp(verb, "enable") == 0 || strcmp(verb, "disable") == 0)
        return one_account(cli, argc, argv, verb);
    if (strcmp(verb, "list") == 0) return list(cli, argc, argv);
    if (strcmp(verb, "show") == 0) return show(cli, argc, argv);
    help(stderr);
    return zz_cli_usage("unknown verb 'user %s' (未知操作)", verb);
}
