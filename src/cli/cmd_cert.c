/*
 * cmd_cert.c — `zizhi cert <verb>`: certificates (资质证书, R-4), batches (批次, R-3.6), the public
 * registry and verification. One libzizhi call per verb (include/zizhi/cert.h).
 *
 * CERT is a certificate id or number, BATCH a batch id or number (B2026-001), CASE a case id or
 * number.
 */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cli_cert.h"
#include "cli/cli_domain.h"
#include "zizhi/cert.h"
#include "zizhi/ctx.h"

static void help(FILE *f)
{
    fputs(
        "用法 usage: zizhi [--as USER] [--date D] [--json] cert <verb> ...\n"
        "  list [--org ORG] [--batch BATCH] [--status S] [--offset N] [--limit N]\n"
        "                               证书列表 (certificates visible to you; S = "
        "valid|suspended|\n"
        "                               revoked|expired|superseded, derived today, R-4.2)\n"
        "  show CERT                    证书详情与签名记录 (certificate with its signed record)\n"
        "  verify NUMBER                公开验证：状态与签名 (public verification, R-4.3; exit 1\n"
        "                               when the signature or record does not verify)\n"
        "  registry [QUERY] [--offset N] [--limit N]\n"
        "                               公开证书查询：编号、单位名称或统一社会信用代码\n"
        "                               (public registry: number, name substring or USCC)\n"
        "  batch-create                 新建证书批次 (cert_officer, R-3.6)\n"
        "  batch-add BATCH CASE...      将已审批项目编入批次 (approved cases only)\n"
        "  batch-remove BATCH CASE      从批次移除项目\n"
        "  batch-issue BATCH [--on D]   批次发证：编号、有效期、签名、结案 (R-3.6, R-4.1, R-4.3)\n"
        "  batch-publish BATCH [--on D] 批次公告，证书进入公开查询 (R-3.6)\n"
        "  batch-list                   证书批次列表\n"
        "  batch-show BATCH             批次详情与项目\n",
        f);
}

static int print_cert_list(zz_cli *cli, zz_cert *v, size_t n, int64_t total)
{
    if (cli->json) {
        json_t *o = json_object(), *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, zz_cli_cert_json(&v[i]));
        json_object_set_new(o, "total", json_integer(total));
        json_object_set_new(o, "certificates", a);
        zz_cli_print_json(o);
    } else if (n == 0) {
        puts("没有证书 (no certificates)");
    } else {
        printf("%-24s %-8s %-10s %-10s %s\n", "证书编号 number", "状态", "发证 issued", "有效期至",
               "单位 organisation");
        for (size_t i = 0; i < n; i++)
            printf("%-24s %-8s %-10s %-10s %s\n", v[i].number, zz_cert_status_name_zh(v[i].status),
                   v[i].issue_date, v[i].expiry_date, v[i].org_name);
        printf("共 %lld 张 (total)\n", (long long)total);
    }
    zz_cert_list_free(v, n);
    return ZZ_EXIT_OK;
}

static int v_list(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *u = "zizhi cert list [--org ORG] [--batch BATCH] [--status S] [--offset N] "
                    "[--limit N]";
    zz_cli_opt o[] = {{"org", true, NULL, false},
                      {"batch", true, NULL, false},
                      {"status", true, NULL, false},
                      {"offset", true, NULL, false},
                      {"limit", true, NULL, false}};
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, o, 5, pos, 0, 0, &np, u);
    if (rc != ZZ_EXIT_OK) return rc;
    zz_cert_filter f = {0};
    if (o[0].value && (rc = zz_cli_org_id(cli, cx, o[0].value, &f.org_id)) != ZZ_EXIT_OK) return rc;
    if (o[1].value && (rc = zz_cli_batch_id(cli, cx, o[1].value, &f.batch_id)) != ZZ_EXIT_OK)
        return rc;
    f.status = o[2].value;
    f.offset = o[3].value ? strtoll(o[3].value, NULL, 10) : 0;
    f.limit = o[4].value ? strtoll(o[4].value, NULL, 10) : 0;
    zz_err err = ZZ_ERR_INIT;
    zz_cert *v = NULL;
    size_t n = 0;
    int64_t total = 0;
    if (zz_cert_list(cx, &f, &v, &n, &total, &err) < 0) return zz_cli_fail(cli, &err);
    return print_cert_list(cli, v, n, total);
}

static int v_show(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, NULL, 0, pos, 1, 1, &np, "zizhi cert show CERT");
    if (rc != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_cert c;
    int64_t id = 0;
    rc = zz_cli_parse_id(pos[0], &id) ? zz_cert_get(cx, id, &c, &err)
                                      : zz_cert_get_by_number(cx, pos[0], &c, &err);
    if (rc < 0) return zz_cli_fail(cli, &err);
    if (cli->json) {
        zz_cli_print_json(zz_cli_cert_json(&c));
    } else {
        printf(
            "证书编号 number     %s\n单位 organisation   %s\n统一社会信用代码     %s\n"
            "类别/级别           %s / %d\n发证日期 issued     %s\n有效期至 expires    %s\n"
            "状态 status         %s (%s, %s)\n项目 case           %s\n批次 batch          %s%s%s\n",
            c.number, c.org_name, c.uscc, c.category, c.level, c.issue_date, c.expiry_date,
            zz_cert_status_name_zh(c.status), zz_cert_status_code(c.status), c.status_on,
            c.case_number, c.batch_number, c.published ? " 已公告 published " : " 未公告",
            c.published_on);
        if (*c.superseded_by_number)
            printf("替代证书 successor  %s（%s）\n", c.superseded_by_number, c.superseded_on);
        printf("审计链 audit head   %lld %s\n签名记录 record     %s\n签名 signature      %s\n",
               (long long)c.audit_count, c.audit_head, c.record, c.signature);
    }
    zz_cert_clear(&c);
    return ZZ_EXIT_OK;
}

static int v_verify(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, NULL, 0, pos, 1, 1, &np, "zizhi cert verify NUMBER");
    if (rc != ZZ_EXIT_OK) return rc;
    zz_ctx_act_as_system(cx); /* public: no account needed, nothing beyond the registry shown */
    zz_err err = ZZ_ERR_INIT;
    zz_cert_verification v;
    if (zz_cert_public_verify(cx, pos[0], &v, &err) < 0) return zz_cli_fail(cli, &err);
    bool ok = v.signature_ok && v.record_matches;
    if (cli->json) {
        json_t *o = zz_cli_cert_public_json(&v.cert);
        json_object_set_new(o, "signature_ok", json_boolean(v.signature_ok));
        json_object_set_new(o, "record_matches", json_boolean(v.record_matches));
        json_object_set_new(o, "verified", json_boolean(ok));
        json_object_set_new(o, "key", json_string(v.key));
        zz_cli_print_json(o);
    } else {
        printf("证书 %s  %s  状态 %s (%s)\n签名 signature: %s\n记录 record: %s\n", v.cert.number,
               v.cert.org_name, zz_cert_status_name_zh(v.cert.status),
               zz_cert_status_code(v.cert.status), v.signature_ok ? "有效 valid" : "无效 INVALID",
               v.record_matches ? "一致 matches the registry" : "不一致 DOES NOT MATCH");
    }
    return ok ? ZZ_EXIT_OK : ZZ_EXIT_FAIL;
}

static int v_registry(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *u = "zizhi cert registry [QUERY] [--offset N] [--limit N]";
    zz_cli_opt o[] = {{"offset", true, NULL, false}, {"limit", true, NULL, false}};
    const char *pos[1] = {NULL};
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, o, 2, pos, 0, 1, &np, u);
    if (rc != ZZ_EXIT_OK) return rc;
    zz_ctx_act_as_system(cx); /* the public registry needs no account */
    zz_err err = ZZ_ERR_INIT;
    zz_cert_public *v = NULL;
    size_t n = 0;
    int64_t total = 0;
    if (zz_cert_public_search(
            cx, np ? pos[0] : NULL, o[0].value ? strtoll(o[0].value, NULL, 10) : 0,
            o[1].value ? strtoll(o[1].value, NULL, 10) : 0, &v, &n, &total, &err) < 0)
        return zz_cli_fail(cli, &err);
    if (cli->json) {
        json_t *j = json_object(), *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, zz_cli_cert_public_json(&v[i]));
        json_object_set_new(j, "total", json_integer(total));
        json_object_set_new(j, "certificates", a);
        zz_cli_print_json(j);
    } else if (n == 0) {
        puts("没有符合条件的已公告证书 (no published certificate matches)");
    } else {
        for (size_t i = 0; i < n; i++)
            printf("%-24s %-6s %s  %s  %s 至 %s\n", v[i].number,
                   zz_cert_status_name_zh(v[i].status), v[i].org_name, v[i].uscc, v[i].issue_date,
                   v[i].expiry_date);
        printf("共 %lld 张 (total)\n", (long long)total);
    }
    free(v);
    return ZZ_EXIT_OK;
}

static int v_batch_create(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, NULL, 0, pos, 0, 0, &np, "zizhi cert batch-create");
    if (rc != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    int64_t id = 0;
    zz_batch b;
    if (zz_batch_create(cx, &id, &err) < 0 || zz_batch_get(cx, id, &b, &err) < 0)
        return zz_cli_fail(cli, &err);
    zz_cli_done(cli, json_pack("{s:o}", "batch", zz_cli_batch_json(&b)),
                "已新建证书批次 %s（编号 %lld）(batch created)", b.number, (long long)id);
    return ZZ_EXIT_OK;
}

static int v_batch_add(zz_cli *cli, zz_ctx *cx, int argc, char **argv, int remove)
{
    const char *u =
        remove ? "zizhi cert batch-remove BATCH CASE" : "zizhi cert batch-add BATCH CASE...";
    const char *pos[64];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, NULL, 0, pos, 2, remove ? 2 : 64, &np, u);
    if (rc != ZZ_EXIT_OK) return rc;
    int64_t bid = 0;
    if ((rc = zz_cli_batch_id(cli, cx, pos[0], &bid)) != ZZ_EXIT_OK) return rc;
    json_t *done = json_array();
    for (size_t i = 1; i < np; i++) {
        int64_t cid = 0;
        zz_err err = ZZ_ERR_INIT;
        if ((rc = zz_cli_case_id(cli, cx, pos[i], &cid)) != ZZ_EXIT_OK) {
            json_decref(done);
            return rc;
        }
        if ((remove ? zz_batch_remove(cx, bid, cid, &err) : zz_batch_add(cx, bid, cid, &err)) < 0) {
            json_decref(done);
            return zz_cli_fail(cli, &err);
        }
        json_array_append_new(done, json_integer(cid));
        if (!cli->json)
            printf("%s %s (case %lld)\n", remove ? "已移出批次 removed" : "已编入批次 added",
                   pos[i], (long long)cid);
    }
    if (cli->json)
        zz_cli_print_json(
            json_pack("{s:b, s:I, s:o}", "ok", 1, "batch_id", (json_int_t)bid, "cases", done));
    else
        json_decref(done);
    return ZZ_EXIT_OK;
}

static int v_batch_step(zz_cli *cli, zz_ctx *cx, int argc, char **argv, int publish)
{
    const char *u = publish ? "zizhi cert batch-publish BATCH [--on D]"
                            : "zizhi cert batch-issue BATCH [--on D]";
    zz_cli_opt o[] = {{"on", true, NULL, false}};
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, o, 1, pos, 1, 1, &np, u);
    if (rc != ZZ_EXIT_OK) return rc;
    int64_t bid = 0;
    zz_date on;
    if ((rc = zz_cli_batch_id(cli, cx, pos[0], &bid)) != ZZ_EXIT_OK ||
        (rc = zz_cli_date_or_today(cli, o[0].value, &on)) != ZZ_EXIT_OK)
        return rc;
    zz_err err = ZZ_ERR_INIT;
    if ((publish ? zz_batch_publish(cx, bid, on, &err) : zz_batch_issue(cx, bid, on, &err)) < 0)
        return zz_cli_fail(cli, &err);
    zz_batch b;
    zz_cert *v = NULL;
    size_t n = 0;
    int64_t total = 0;
    zz_cert_filter f = {0};
    f.batch_id = bid;
    f.limit = 500;
    if (zz_batch_get(cx, bid, &b, &err) < 0 || zz_cert_list(cx, &f, &v, &n, &total, &err) < 0)
        return zz_cli_fail(cli, &err);
    if (cli->json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, zz_cli_cert_json(&v[i]));
        zz_cli_print_json(json_pack("{s:b, s:o, s:o}", "ok", 1, "batch", zz_cli_batch_json(&b),
                                    "certificates", a));
    } else {
        printf("批次 %s 已%s (batch %s)\n", b.number, publish ? "公告" : "发证",
               publish ? "published" : "issued");
        for (size_t i = 0; i < n; i++)
            printf("  %s  %s  %s 至 %s\n", v[i].number, v[i].org_name, v[i].issue_date,
                   v[i].expiry_date);
    }
    zz_cert_list_free(v, n);
    return ZZ_EXIT_OK;
}

static int v_batch_list(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, NULL, 0, pos, 0, 0, &np, "zizhi cert batch-list");
    if (rc != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_batch *v = NULL;
    size_t n = 0;
    if (zz_batch_list(cx, &v, &n, &err) < 0) return zz_cli_fail(cli, &err);
    if (cli->json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, zz_cli_batch_json(&v[i]));
        zz_cli_print_json(json_pack("{s:o}", "batches", a));
    } else if (n == 0) {
        puts("没有证书批次 (no batches)");
    } else {
        for (size_t i = 0; i < n; i++)
            printf("%-10s %-9s 建 %s 发证 %s 公告 %s  项目 %lld 证书 %lld\n", v[i].number,
                   v[i].status, v[i].created_on, *v[i].issued_on ? v[i].issued_on : "-",
                   *v[i].published_on ? v[i].published_on : "-", (long long)v[i].n_cases,
                   (long long)v[i].n_certs);
    }
    free(v);
    return ZZ_EXIT_OK;
}

static int v_batch_show(zz_cli *cli, zz_ctx *cx, int argc, char **argv)
{
    const char *pos[1];
    size_t np = 0;
    int rc = zz_cli_parse(cli, argc, argv, NULL, 0, pos, 1, 1, &np, "zizhi cert batch-show BATCH");
    if (rc != ZZ_EXIT_OK) return rc;
    int64_t bid = 0;
    if ((rc = zz_cli_batch_id(cli, cx, pos[0], &bid)) != ZZ_EXIT_OK) return rc;
    zz_err err = ZZ_ERR_INIT;
    zz_batch b;
    int64_t *cases = NULL;
    size_t n = 0;
    if (zz_batch_get(cx, bid, &b, &err) < 0 || zz_batch_cases(cx, bid, &cases, &n, &err) < 0)
        return zz_cli_fail(cli, &err);
    if (cli->json) {
        json_t *o = zz_cli_batch_json(&b), *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, json_integer(cases[i]));
        json_object_set_new(o, "case_ids", a);
        zz_cli_print_json(o);
    } else {
        printf("批次 %s  状态 %s  建 %s  发证 %s  公告 %s\n项目 cases:", b.number, b.status,
               b.created_on, *b.issued_on ? b.issued_on : "-",
               *b.published_on ? b.published_on : "-");
        for (size_t i = 0; i < n; i++)
            printf(" %lld", (long long)cases[i]);
        putchar('\n');
    }
    free(cases);
    return ZZ_EXIT_OK;
}

int cmd_cert(zz_cli *cli, int argc, char **argv)
{
    static const zz_cli_verb verbs[] = {
        {"list", v_list, NULL, 0},
        {"show", v_show, NULL, 0},
        {"verify", v_verify, NULL, 0},
        {"registry", v_registry, NULL, 0},
        {"batch-create", v_batch_create, NULL, 0},
        {"batch-add", NULL, v_batch_add, 0},
        {"batch-remove", NULL, v_batch_add, 1},
        {"batch-issue", NULL, v_batch_step, 0},
        {"batch-publish", NULL, v_batch_step, 1},
        {"batch-list", v_batch_list, NULL, 0},
        {"batch-show", v_batch_show, NULL, 0},
        {NULL, NULL, NULL, 0},
    };
    return zz_cli_dispatch(cli, argc, argv, "cert", verbs, help);
}
