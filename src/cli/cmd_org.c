/*
 * cmd_org.c — `zizhi org add|list|show|update|export-personal|check`: applicant organisations
 * (申请单位). identity (USCC, legal person or recorded exception), R-0.3 personal-data
 * export, and the data checks of an organisation on a date.
 */
#include "cli/cli.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli_domain.h"
#include "zizhi/blob.h"
#include "zizhi/checks.h"
#include "zizhi/org.h"

static void help(FILE *f)
{
    fputs("用法 usage:\n"
          "  zizhi org add --name 名称 --uscc 代码 --email 邮箱 [--address A] [--contact-name C]\n"
          "        [--contact-phone P] [--not-legal-person --exception-reason 说明\n"
          "         --exception-evidence FILE|SM3] [--admin USER --admin-name 姓名\n"
          "         [--admin-email E] [--admin-password-stdin]]\n"
          "      创建单位（系统管理员），可同时创建其首个管理员账号 (create an organisation,\n"
          "      optionally with its first administrator account; sec_admin grants the role)\n"
          "  zizhi org list [--offset N] [--limit N] [--query TEXT]\n"
          "  zizhi org show ORG\n"
          "  zizhi org update ORG [add 的选项 / the options of add] [--legal-person]\n"
          "  zizhi org export-personal ORG [--output FILE]\n"
          "      导出本单位人员个人信息 JSON（本单位管理员）(R-0.3 personal data export)\n"
          "  zizhi org check ORG [--on YYYY-MM-DD] [--catalog ID]\n"
          "      按要求目录逐项数据核查 (R-1.3 data checks); 全部通过退出码 0，否则 1\n"
          "\nORG: 单位编号或统一社会信用代码 (organisation id or USCC)\n"
          "全局选项 global options: --data DIR --as USER --date YYYY-MM-DD --json\n",
          f);
}

static json_t *org_json(const zz_org *o)
{
    char *text = NULL;
    zz_org_to_json(o, &text, NULL);
    return zz_cli_json_text(text);
}

static void print_org(const zz_org *o)
{
    printf("单位 (organisation)   %s  [编号 id %lld]\n", o->name, (long long)o->id);
    printf("  统一社会信用代码 (USCC)  %s\n", o->uscc);
    printf("  独立法人 (legal person)  %s\n", o->legal_person ? "是 (yes)" : "否 (no)");
    if (!o->legal_person) {
        printf("  例外说明 (exception)     %s\n", o->exception_reason ? o->exception_reason : "-");
        printf("  证明材料 (evidence)      %s\n",
               o->exception_evidence ? o->exception_evidence : "-");
    }
    printf("  指定邮箱 (email)         %s\n", o->email);
    if (o->address) printf("  地址 (address)           %s\n", o->address);
    if (o->contact_name || o->contact_phone)
        printf("  联系人 (contact)         %s %s\n", o->contact_name ? o->contact_name : "",
               o->contact_phone ? o->contact_phone : "");
}

/* Options shared by add and update. */
typedef struct org_opts {
    const char *name, *uscc, *email, *address, *contact_name, *contact_phone;
    const char *reason, *evidence;
    int legal; /* -1 not given, 0 --not-legal-person, 1 --legal-person */
    const char *admin, *admin_name, *admin_email;
    bool admin_pw;
} org_opts;

enum {
    O_NAME = 1000,
    O_USCC,
    O_EMAIL,
    O_ADDR,
    O_CNAME,
    O_CPHONE,
    O_NOTLEGAL,
    O_LEGAL,
    O_REASON,
    O_EVID,
    O_ADMIN,
    O_ADMIN_NAME,
    O_ADMIN_EMAIL,
    O_ADMIN_PW,
    O_JSON
};

static int parse_opts(zz_cli *cli, int argc, char **argv, bool with_admin, org_opts *o,
                      const char *usage)
{
    static const struct option opts[] = {{"name", required_argument, NULL, O_NAME},
                                         {"uscc", required_argument, NULL, O_USCC},
                                         {"email", required_argument, NULL, O_EMAIL},
                                         {"address", required_argument, NULL, O_ADDR},
                                         {"contact-name", required_argument, NULL, O_CNAME},
                                         {"contact-phone", required_argument, NULL, O_CPHONE},
                                         {"not-legal-person", no_argument, NULL, O_NOTLEGAL},
                                         {"legal-person", no_argument, NULL, O_LEGAL},
                                         {"exception-reason", required_argument, NULL, O_REASON},
                                         {"exception-evidence", required_argument, NULL, O_EVID},
                                         {"admin", required_argument, NULL, O_ADMIN},
                                         {"admin-name", required_argument, NULL, O_ADMIN_NAME},
                                         {"admin-email", required_argument, NULL, O_ADMIN_EMAIL},
                                         {"admin-password-stdin", no_argument, NULL, O_ADMIN_PW},
                                         {"json", no_argument, NULL, O_JSON},
                                         {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    o->legal = -1;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case O_NAME:
            o->name = optarg;
            break;
        case O_USCC:
            o->uscc = optarg;
            break;
        case O_EMAIL:
            o->email = optarg;
            break;
        case O_ADDR:
            o->address = optarg;
            break;
        case O_CNAME:
            o->contact_name = optarg;
            break;
        case O_CPHONE:
            o->contact_phone = optarg;
            break;
        case O_NOTLEGAL:
            o->legal = 0;
            break;
        case O_LEGAL:
            o->legal = 1;
            break;
        case O_REASON:
            o->reason = optarg;
            break;
        case O_EVID:
            o->evidence = optarg;
            break;
        case O_ADMIN:
            o->admin = optarg;
            break;
        case O_ADMIN_NAME:
            o->admin_name = optarg;
            break;
        case O_ADMIN_EMAIL:
            o->admin_email = optarg;
            break;
        case O_ADMIN_PW:
            o->admin_pw = true;
            break;
        case O_JSON:
            cli->json = true;
            break;
        default:
            return zz_cli_usage("%s", usage);
        }
    }
    if (!with_admin && (o->admin || o->admin_name || o->admin_email || o->admin_pw))
        return zz_cli_usage("%s", usage);
    return ZZ_EXIT_OK;
}

/* --exception-evidence: an SM3 digest of a stored blob, or a file to store first. */
static int evidence_digest(zz_cli *cli, const char *arg, char out[ZZ_SM3_HEXLEN + 1])
{
    if (zz_blob_hex_valid(arg)) {
        snprintf(out, ZZ_SM3_HEXLEN + 1, "%s", arg);
        return ZZ_EXIT_OK;
    }
    zz_err err = ZZ_ERR_INIT;
    if (zz_blob_put_file(out, cli->data_dir, arg, &err) < 0) return zz_cli_fail(cli, &err);
    return ZZ_EXIT_OK;
}

static int print_result(zz_cli *cli, zz_ctx *cx, int64_t id, const char *action,
                        const char *done_zh, const char *done_en, const char *admin)
{
    zz_err err = ZZ_ERR_INIT;
    zz_org *o = NULL;
    if (zz_org_get(cx, id, &o, &err) < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    if (cli->json) {
        json_t *j = json_object();
        json_object_set_new(j, "ok", json_true());
        json_object_set_new(j, "action", json_string(action));
        json_object_set_new(j, "organisation", org_json(o));
        if (admin) json_object_set_new(j, "first_admin", json_string(admin));
        zz_cli_print_json(j);
    } else {
        printf("%s (%s)\n", done_zh, done_en);
        print_org(o);
        if (admin) printf("  首个管理员账号 (first admin account)  %s\n", admin);
    }
    zz_org_free(o);
    zz_ctx_close(cx);
    return ZZ_EXIT_OK;
}

static int add(zz_cli *cli, int argc, char **argv)
{
    static const char *usage =
        "usage: zizhi org add --name NAME --uscc CODE --email E [options]; see 'zizhi org help'";
    org_opts o;
    int rc = parse_opts(cli, argc, argv, true, &o, usage);
    if (rc) return rc;
    if (optind != argc || !o.name || !o.uscc || !o.email || (o.admin && !o.admin_name))
        return zz_cli_usage("%s", usage);
    char evidence[ZZ_SM3_HEXLEN + 1] = "";
    if (o.evidence && (rc = evidence_digest(cli, o.evidence, evidence)) != ZZ_EXIT_OK) return rc;
    char password[1100] = "";
    if (o.admin_pw &&
        zz_cli_read_password("管理员密码 (admin password): ", true, password, sizeof password))
        return ZZ_EXIT_FAIL;
    zz_ctx *cx = NULL;
    if ((rc = zz_cli_open_ctx(cli, &cx)) != ZZ_EXIT_OK) return rc;
    zz_org_in in = {.name = o.name,
                    .uscc = o.uscc,
                    .legal_person = o.legal != 0,
                    .exception_reason = o.reason,
                    .exception_evidence = o.evidence ? evidence : NULL,
                    .address = o.address,
                    .contact_name = o.contact_name,
                    .contact_phone = o.contact_phone,
                    .email = o.email};
    zz_user_new admin = {.username = o.admin,
                         .display_name = o.admin_name,
                         .email = o.admin_email,
                         .password = o.admin_pw ? password : NULL};
    zz_err err = ZZ_ERR_INIT;
    int64_t id = 0;
    rc = zz_org_create(cx, &in, o.admin ? &admin : NULL, &id, NULL, &err);
    memset(password, 0, sizeof password);
    if (rc < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    return print_result(cli, cx, id, "org.create", "已创建单位", "organisation created", o.admin);
}

static int update(zz_cli *cli, int argc, char **argv)
{
    static const char *usage = "usage: zizhi org update ORG [options]; see 'zizhi org help'";
    org_opts o;
    int rc = parse_opts(cli, argc, argv, false, &o, usage);
    if (rc) return rc;
    if (argc - optind != 1) return zz_cli_usage("%s", usage);
    char evidence[ZZ_SM3_HEXLEN + 1] = "";
    if (o.evidence && (rc = evidence_digest(cli, o.evidence, evidence)) != ZZ_EXIT_OK) return rc;
    zz_ctx *cx = NULL;
    if ((rc = zz_cli_open_ctx(cli, &cx)) != ZZ_EXIT_OK) return rc;
    int64_t id = 0;
    zz_org *cur = NULL;
    zz_err err = ZZ_ERR_INIT;
    if ((rc = zz_cli_org_id(cli, cx, argv[optind], &id)) != ZZ_EXIT_OK) {
        zz_ctx_close(cx);
        return rc;
    }
    if (zz_org_get(cx, id, &cur, &err) < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    /* the current record, with what the options change */
    zz_org_in in = {.name = o.name ? o.name : cur->name,
                    .uscc = o.uscc ? o.uscc : cur->uscc,
                    .legal_person = o.legal >= 0 ? o.legal == 1 : cur->legal_person,
                    .exception_reason = o.reason ? o.reason : cur->exception_reason,
                    .exception_evidence = o.evidence ? evidence : cur->exception_evidence,
                    .address = o.address ? o.address : cur->address,
                    .contact_name = o.contact_name ? o.contact_name : cur->contact_name,
                    .contact_phone = o.contact_phone ? o.contact_phone : cur->contact_phone,
                    .email = o.email ? o.email : cur->email};
    rc = zz_org_update(cx, id, &in, &err);
    zz_org_free(cur);
    if (rc < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    return print_result(cli, cx, id, "org.update", "已更新单位", "organisation updated", NULL);
}

static int list(zz_cli *cli, int argc, char **argv)
{
    static const char *usage =
        "usage: zizhi org list [--offset N] [--limit N] [--query TEXT] [--json]";
    static const struct option opts[] = {{"offset", required_argument, NULL, 'o'},
                                         {"limit", required_argument, NULL, 'l'},
                                         {"query", required_argument, NULL, 'q'},
                                         {"json", no_argument, NULL, 'j'},
                                         {NULL, 0, NULL, 0}};
    zz_org_page page = {0, 0, NULL};
    int c;
    int64_t v;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (strcmp(optarg, "0") != 0 && !zz_cli_parse_id(optarg, &v))
                return zz_cli_usage("%s", usage);
            page.offset = strcmp(optarg, "0") ? (size_t)v : 0;
            break;
        case 'l':
            if (!zz_cli_parse_id(optarg, &v)) return zz_cli_usage("%s", usage);
            page.limit = (size_t)v;
            break;
        case 'q':
            page.query = optarg;
            break;
        case 'j':
            cli->json = true;
            break;
        default:
            return zz_cli_usage("%s", usage);
        }
    }
    if (optind != argc) return zz_cli_usage("%s", usage);
    zz_ctx *cx = NULL;
    int rc = zz_cli_open_ctx(cli, &cx);
    if (rc) return rc;
    zz_org *orgs = NULL;
    size_t n = 0, total = 0;
    zz_err err = ZZ_ERR_INIT;
    if (zz_org_list(cx, &page, &orgs, &n, &total, &err) < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    if (cli->json) {
        json_t *j = json_object(), *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, org_json(&orgs[i]));
        json_object_set_new(j, "total", json_integer((json_int_t)total));
        json_object_set_new(j, "offset", json_integer((json_int_t)page.offset));
        json_object_set_new(j, "count", json_integer((json_int_t)n));
        json_object_set_new(j, "organisations", a);
        zz_cli_print_json(j);
    } else {
        printf("单位共 %zu 个，显示第 %zu–%zu 个 (%zu organisations, showing %zu-%zu)\n", total,
               n ? page.offset + 1 : 0, page.offset + n, total, n ? page.offset + 1 : 0,
               page.offset + n);
        for (size_t i = 0; i < n; i++)
            printf("%6lld  %s  %s%s\n", (long long)orgs[i].id, orgs[i].uscc, orgs[i].name,
                   orgs[i].legal_person ? "" : "  [非独立法人 not a legal person]");
    }
    zz_org_list_free(orgs, n);
    zz_ctx_close(cx);
    return ZZ_EXIT_OK;
}

/* Parses [--json] and one ORG; opens the context and resolves it. */
static int one_org(zz_cli *cli, int argc, char **argv, const char *usage, zz_ctx **cx, int64_t *id)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'j')
            cli->json = true;
        else
            return zz_cli_usage("%s", usage);
    }
    if (argc - optind != 1) return zz_cli_usage("%s", usage);
    int rc = zz_cli_open_ctx(cli, cx);
    if (rc) return rc;
    if ((rc = zz_cli_org_id(cli, *cx, argv[optind], id)) != ZZ_EXIT_OK) {
        zz_ctx_close(*cx);
        *cx = NULL;
    }
    return rc;
}

static int show(zz_cli *cli, int argc, char **argv)
{
    zz_ctx *cx = NULL;
    int64_t id = 0;
    int rc = one_org(cli, argc, argv, "usage: zizhi org show ORG [--json]", &cx, &id);
    if (rc) return rc;
    zz_org *o = NULL;
    zz_err err = ZZ_ERR_INIT;
    if (zz_org_get(cx, id, &o, &err) < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    if (cli->json)
        zz_cli_print_json(org_json(o));
    else
        print_org(o);
    zz_org_free(o);
    zz_ctx_close(cx);
    return ZZ_EXIT_OK;
}

static int export_personal(zz_cli *cli, int argc, char **argv)
{
    static const char *usage = "usage: zizhi org export-personal ORG [--output FILE]";
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"json", no_argument, NULL, 'j'},
                                         {NULL, 0, NULL, 0}};
    const char *out = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        if (c == 'o')
            out = optarg;
        else if (c == 'j')
            cli->json = true;
        else
            return zz_cli_usage("%s", usage);
    }
    if (argc - optind != 1) return zz_cli_usage("%s", usage);
    zz_ctx *cx = NULL;
    int rc = zz_cli_open_ctx(cli, &cx);
    if (rc) return rc;
    int64_t id = 0;
    if ((rc = zz_cli_org_id(cli, cx, argv[optind], &id)) != ZZ_EXIT_OK) {
        zz_ctx_close(cx);
        return rc;
    }
    char *doc = NULL;
    zz_err err = ZZ_ERR_INIT;
    rc = zz_org_export_personal(cx, id, &doc, &err);
    zz_ctx_close(cx);
    if (rc < 0) return zz_cli_fail(cli, &err);
    if (!out || strcmp(out, "-") == 0) {
        fputs(doc, stdout);
        fputc('\n', stdout);
        free(doc);
        return ZZ_EXIT_OK;
    }
    /* personal data: a new file readable by its owner only, never an existing one replaced */
    int fd = open(out, O_WRONLY | O_CREAT | O_EXCL, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    bool ok = f && fputs(doc, f) >= 0 && fputc('\n', f) != EOF;
    if (f)
        ok = fclose(f) == 0 && ok;
    else if (fd >= 0)
        close(fd);
    free(doc);
    if (!ok) {
        fprintf(stderr,
                "zizhi: io.write: 无法写入 %s（文件已存在或不可写）(cannot write %s: it "
                "exists or is not writable)\n",
                out, out);
        return ZZ_EXIT_FAIL;
    }
    if (cli->json) {
        json_t *j = json_object();
        json_object_set_new(j, "ok", json_true());
        json_object_set_new(j, "output", json_string(out));
        zz_cli_print_json(j);
    } else {
        printf("已导出个人信息 (personal data exported): %s\n", out);
    }
    return ZZ_EXIT_OK;
}

static int check(zz_cli *cli, int argc, char **argv)
{
    static const char *usage =
        "usage: zizhi org check ORG [--on YYYY-MM-DD] [--catalog ID] [--json]";
    static const struct option opts[] = {{"on", required_argument, NULL, 'd'},
                                         {"catalog", required_argument, NULL, 'c'},
                                         {"json", no_argument, NULL, 'j'},
                                         {NULL, 0, NULL, 0}};
    const char *on_text = NULL, *cat_id = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            on_text = optarg;
            break;
        case 'c':
            cat_id = optarg;
            break;
        case 'j':
            cli->json = true;
            break;
        default:
            return zz_cli_usage("%s", usage);
        }
    }
    if (argc - optind != 1) return zz_cli_usage("%s", usage);
    zz_date on = cli->clock.today;
    if (on_text && zz_cli_parse_date(cli, on_text, &on) != ZZ_EXIT_OK) return ZZ_EXIT_FAIL;
    if (!zz_date_is_set(on)) return zz_cli_usage("%s", usage);
    zz_ctx *cx = NULL;
    int rc = zz_cli_open_ctx(cli, &cx);
    if (rc) return rc;
    int64_t id = 0;
    if ((rc = zz_cli_org_id(cli, cx, argv[optind], &id)) != ZZ_EXIT_OK) {
        zz_ctx_close(cx);
        return rc;
    }
    zz_err err = ZZ_ERR_INIT;
    const zz_catalog *cat = NULL;
    if ((cat_id ? zz_ctx_catalog(cx, cat_id, NULL, &cat, &err)
                : zz_ctx_catalog_for(cx, "ai-security", 1, &cat, &err)) < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    zz_check_result *r = NULL;
    size_t n = 0;
    if (zz_checks_eval(cx, id, cat, on, &r, &n, &err) < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    size_t failed = zz_checks_failed(r, n);
    char ds[ZZ_DATE_STRLEN];
    zz_date_format(on, ds);
    if (cli->json) {
        json_t *j = json_object(), *a = json_array();
        json_object_set_new(j, "ok", json_boolean(failed == 0));
        json_object_set_new(j, "org_id", json_integer(id));
        json_object_set_new(j, "on", json_string(ds));
        json_object_set_new(j, "catalog", json_string(cat->id));
        json_object_set_new(j, "catalog_version", json_string(cat->version));
        json_object_set_new(j, "failed", json_integer((json_int_t)failed));
        for (size_t i = 0; i < n; i++) {
            json_t *e = json_object();
            json_object_set_new(e, "requirement", json_string(r[i].req_id));
            json_object_set_new(e, "check", json_string(r[i].check));
            json_object_set_new(e, "pass", json_boolean(r[i].pass));
            json_object_set_new(e, "code", json_string(r[i].code));
            json_object_set_new(e, "rule", json_string(r[i].rule));
            json_object_set_new(e, "required", json_integer(r[i].required));
            json_object_set_new(e, "found", json_integer(r[i].found));
            json_object_set_new(e, "message_zh", json_string(r[i].message_zh));
            json_object_set_new(e, "message", json_string(r[i].message_en));
            json_array_append_new(a, e);
        }
        json_object_set_new(j, "results", a);
        zz_cli_print_json(j);
    } else {
        printf("数据核查 (data checks) %s 版本 %s，核查日期 (on) %s\n", cat->id, cat->version, ds);
        for (size_t i = 0; i < n; i++)
            printf("  %s %-8s %s\n      %s\n", r[i].pass ? "通过 pass" : "不符 FAIL", r[i].req_id,
                   r[i].message_zh, r[i].message_en);
        printf("%zu 项核查，%zu 项不符合 (%zu checks, %zu failed)\n", n, failed, n, failed);
    }
    zz_checks_free(r);
    zz_ctx_close(cx);
    return failed ? ZZ_EXIT_FAIL : ZZ_EXIT_OK;
}

int cmd_org(zz_cli *cli, int argc, char **argv)
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
    if (strcmp(verb, "export-personal") == 0) return export_personal(cli, argc, argv);
    if (strcmp(verb, "check") == 0) return check(cli, argc, argv);
    help(stderr);
    return zz_cli_usage("unknown verb 'org %s' (未知操作)", verb);
}
