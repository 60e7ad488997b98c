/*
 * cmd_dossier.c — `zizhi dossier …`: application preparation (申请准备, SPEC section 2): create a
 * dossier, fill in the form and the self-assessment, attach evidence, check completeness, record
 * the stamped scan, binding and courier, build and verify the electronic package, submit, rebind.
 * Each verb parses its arguments, makes one libzizhi call and prints the outcome (--json for
 * machines). The media type of an attached file comes from libmagic here, in the front door.
 */
#include "cli/cli.h"
#include "cli/cli_domain.h"

#include <errno.h>
#include <jansson.h>
#include <magic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "zizhi/blob.h"
#include "zizhi/ctx.h"
#include "zizhi/dossier.h"
#include "zizhi/package.h"

static void help(FILE *f)
{
    fputs(
        "用法 usage: zizhi [--data DIR] [--as USER] [--date YYYY-MM-DD] [--json] dossier VERB …\n"
        "  create [--org ID|USCC] [--category C] [--level N]  新建申请草稿 (new draft; default\n"
        "                                                 ai-security level 1, own organisation)\n"
        "  list [--org ID] [--status S] [--offset N] [--limit N]      申请列表 (list)\n"
        "  show ID                                        申请详情 (one dossier)\n"
        "  form ID FILE|-                                 申请书数据，JSON 对象 (form data)\n"
        "  answer ID REQ conforms|partial|not_conforms|not_applicable [STATEMENT]\n"
        "                                                 自评一项要求 (self-assess a "
        "requirement)\n"
        "  answers ID                                     自评列表 (the self-assessment)\n"
        "  attach ID FILE [--req REQ]… [--mime TYPE]      上传证据并关联要求 (add evidence)\n"
        "  evidence ID                                    证据文件及关联要求 (evidence list)\n"
        "  map ID EVIDENCE_ID REQ | unmap ID EVIDENCE_ID REQ | detach ID EVIDENCE_ID\n"
        "                                                 关联、取消关联、移除证据 (map, unmap, "
        "remove)\n"
        "  check ID                                       逐项检查报告；完整时退出码 0，否则 1\n"
        "                                                 (completeness report; exit 0 when "
        "complete)\n"
        "  stamp ID FILE                                  加盖公章的申请书扫描件 (stamped scan)\n"
        "  bound ID                                       声明纸质材料已装订 (declare bound)\n"
        "  courier ID COURIER TRACKING_NO                 快递公司与单号 (courier and tracking "
        "no.)\n"
        "  package ID OUT                                 生成电子版资料包（已提交则导出）\n"
        "                                                 (build the package; exported once "
        "submitted)\n"
        "  verify-package FILE | verify-package --dossier ID\n"
        "                                                 校验资料包，不解压到磁盘 (verify a "
        "package)\n"
        "  submit ID                                      提交申请，仅申请单位管理员 (submit; "
        "admin only)\n"
        "  rebind ID                                      迁移到当前要求目录版本 (move to the "
        "current\n"
        "                                                 catalogue version, with a report)\n",
        f);
}

/* ---------------------------------------------------------------- arguments */

#define MAX_POS 8
#define MAX_REQ 128

typedef struct opts {
    const char *pos[MAX_POS];
    int npos;
    const char *reqs[MAX_REQ];
    int nreq;
    const char *org, *category, *status, *mime, *dossier;
    int level;
    long long offset, limit;
} opts;

static int parse_ll(const char *s, long long *out)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || !end || *end || end == s || v < 0) return -1;
    *out = v;
    return 0;
}

/* Options may come before, between or after positional arguments; "--" ends them. */
static int parse(zz_cli *cli, int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->level = 1;
    o->category = "ai-security";
    bool dashdash = false;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (dashdash || a[0] != '-' || strcmp(a, "-") == 0) {
            if (o->npos == MAX_POS) return zz_cli_usage("too many arguments (参数过多)");
            o->pos[o->npos++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            dashdash = true;
            continue;
        }
        if (strcmp(a, "--json") == 0) {
            cli->json = true;
            continue;
        }
        char name[32];
        const char *val = NULL;
        const char *eq = strchr(a, '=');
        if (eq) {
            snprintf(name, sizeof name, "%.*s", (int)(eq - a), a);
            val = eq + 1;
        } else {
            snprintf(name, sizeof name, "%s", a);
            if (i + 1 >= argc) return zz_cli_usage("option %s needs a value (选项需要参数)", a);
            val = argv[++i];
        }
        long long n = 0;
        if (strcmp(name, "--req") == 0) {
            if (o->nreq == MAX_REQ) return zz_cli_usage("too many --req (过多)");
            o->reqs[o->nreq++] = val;
        } else if (strcmp(name, "--org") == 0) {
            o->org = val;
        } else if (strcmp(name, "--category") == 0) {
            o->category = val;
        } else if (strcmp(name, "--status") == 0) {
            o->status = val;
        } else if (strcmp(name, "--mime") == 0) {
            o->mime = val;
        } else if (strcmp(name, "--dossier") == 0) {
            o->dossier = val;
        } else if (strcmp(name, "--level") == 0) {
            if (parse_ll(val, &n) < 0 || n > 9)
                return zz_cli_usage("invalid --level '%s' (级别无效)", val);
            o->level = (int)n;
        } else if (strcmp(name, "--offset") == 0 || strcmp(name, "--limit") == 0) {
            if (parse_ll(val, &n) < 0) return zz_cli_usage("invalid %s '%s' (数值无效)", name, val);
            *(strcmp(name, "--offset") == 0 ? &o->offset : &o->limit) = n;
        } else {
            return zz_cli_usage("unknown option %s (未知选项); see 'zizhi help dossier'", name);
        }
    }
    return ZZ_EXIT_OK;
}

static int want(const opts *o, int min, int max, const char *usage)
{
    if (o->npos < min || o->npos > max) return zz_cli_usage("usage: zizhi dossier %s", usage);
    return ZZ_EXIT_OK;
}

static int parse_id(const char *s, int64_t *id)
{
    long long v = 0;
    if (parse_ll(s, &v) < 0 || v <= 0) return zz_cli_usage("'%s' is not an id (编号无效)", s);
    *id = (int64_t)v;
    return ZZ_EXIT_OK;
}

static void print_json(json_t *o)
{
    char *t = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    if (t) puts(t);
    free(t);
    json_decref(o);
}

static void print_text_json(const char *t)
{
    if (t) puts(t);
}

/* Prints "ok" lines for actions: JSON {"ok":true,…} or a one-line message. */
static int done(zz_cli *cli, json_t *o, const char *zh, const char *en)
{
    if (cli->json) {
        json_object_set_new(o, "ok", json_true());
        print_json(o);
    } else {
        json_decref(o);
        printf("%s (%s)\n", zh, en);
    }
    return ZZ_EXIT_OK;
}

/* ---------------------------------------------------------------- verbs */

static int v_create(zz_cli *cli, zz_ctx *cx, const opts *o, zz_err *err)
{
    int64_t org = 0, id = 0;
    if (o->org && zz_cli_org_id(cli, cx, o->org, &org) != ZZ_EXIT_OK) return ZZ_EXIT_FAIL;
    if (zz_dossier_create(cx, org, o->category, o->level, &id, err) < 0)
        return zz_cli_fail(cli, err);
    zz_dossier *d = NULL;
    if (zz_dossier_get(cx, id, &d, err) < 0) return zz_cli_fail(cli, err);
    if (cli->json) {
        char *t = NULL;
        zz_dossier_json(&t, d, err);
        print_text_json(t);
        free(t);
    } else {
        printf("已新建申请 %lld（%s 第 %d 级，要求目录 %s@%s）\ncreated dossier %lld\n",
               (long long)id, d->category, d->level, d->catalog_id, d->catalog_version,
               (long long)id);
        printf("申请类型 type: %s%s%s\n  %s\n  %s\n", d->app_type, d->timing[0] ? " / " : "",
               d->timing, d->type_reason, d->type_reason_en);
        if (d->type_warning[0])
            printf("警告 warning: %s\n  %s\n", d->type_warning, d->type_warning_en);
    }
    zz_dossier_free(d);
    return ZZ_EXIT_OK;
}

static int v_list(zz_cli *cli, zz_ctx *cx, const opts *o, zz_err *err)
{
    zz_dossier_filter f;
    memset(&f, 0, sizeof f);
    if (o->org && zz_cli_org_id(cli, cx, o->org, &f.org_id) != ZZ_EXIT_OK) return ZZ_EXIT_FAIL;
    f.status = o->status;
    f.offset = o->offset;
    f.limit = o->limit;
    zz_dossier *arr = NULL;
    size_t n = 0;
    int64_t total = 0;
    if (zz_dossier_list(cx, &f, &arr, &n, &total, err) < 0) return zz_cli_fail(cli, err);
    if (cli->json) {
        json_t *items = json_array();
        for (size_t i = 0; i < n; i++) {
            char *t = NULL;
            if (zz_dossier_json(&t, &arr[i], err) == 0)
                json_array_append_new(items, json_loads(t, 0, NULL));
            free(t);
        }
        print_json(json_pack("{s:I,s:I,s:o}", "total", (json_int_t)total, "offset",
                             (json_int_t)f.offset, "items", items));
    } else {
        printf("%-6s %-10s %-12s %-8s %-11s %s\n", "编号", "状态", "类型", "时机", "提交日期",
               "单位 organisation");
        for (size_t i = 0; i < n; i++)
            printf("%-6lld %-10s %-12s %-8s %-11s %s\n", (long long)arr[i].id, arr[i].status,
                   arr[i].app_type, arr[i].timing[0] ? arr[i].timing : "-",
                   arr[i].submitted_on[0] ? arr[i].submitted_on : "-", arr[i].org_name);
        printf("共 %lld 份 (%lld in total)\n", (long long)total, (long long)total);
    }
    zz_dossier_list_free(arr, n);
    return ZZ_EXIT_OK;
}

static int v_show(zz_cli *cli, zz_ctx *cx, int64_t id, zz_err *err)
{
    zz_dossier *d = NULL;
    if (zz_dossier_get(cx, id, &d, err) < 0) return zz_cli_fail(cli, err);
    if (cli->json) {
        char *t = NULL;
        if (zz_dossier_json(&t, d, err) < 0) {
            zz_dossier_free(d);
            return zz_cli_fail(cli, err);
        }
        print_text_json(t);
        free(t);
    } else {
        printf("申请 dossier %lld  %s\n", (long long)d->id, d->org_name);
        printf("  类别/级别 category/level: %s / %d   要求目录 catalogue: %s@%s\n", d->category,
               d->level, d->catalog_id, d->catalog_version);
        printf("  状态 status: %s   提交日期 submitted: %s   项目 case: %lld\n", d->status,
               d->submitted_on[0] ? d->submitted_on : "-", (long long)d->case_id);
        printf("  类型 type: %s%s%s (%s, %s)\n    %s\n    %s\n", d->app_type,
               d->timing[0] ? " / " : "", d->timing, d->type_reason_code, d->type_decided_on,
               d->type_reason, d->type_reason_en);
        if (d->type_warning[0])
            printf("  警告 warning: %s\n    %s\n", d->type_warning, d->type_warning_en);
        printf("  盖章扫描件 stamped scan: %s\n", d->stamped_scan[0] ? d->stamped_scan : "-");
        printf("  装订声明 bound: %s\n", d->bound_declared ? d->bound_declared_on : "否 no");
        printf("  资料包 package: %s %s\n", d->package_digest[0] ? d->package_digest : "-",
               d->package_built_on);
        printf("  快递 courier: %s %s\n", d->courier[0] ? d->courier : "-", d->tracking_no);
    }
    zz_dossier_free(d);
    return ZZ_EXIT_OK;
}

static char *read_all(FILE *f, size_t max)
{
    size_t cap = 8192, n = 0;
    char *b = malloc(cap);
    while (b) {
        if (n + 1 >= cap) {
            if (cap > max) {
                free(b);
                return NULL;
            }
            char *nb = realloc(b, cap * 2);
            if (!nb) {
                free(b);
                return NULL;
            }
            b = nb;
            cap *= 2;
        }
        size_t got = fread(b + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) break;
    }
    if (b) b[n] = '\0';
    return b;
}

static int v_form(zz_cli *cli, zz_ctx *cx, int64_t id, const char *file, zz_err *err)
{
    FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
    if (!f) {
        zz_err_set(err, ZZ_EIO, "input.file", "无法读取 %s", "cannot read %s", file);
        return zz_cli_fail(cli, err);
    }
    char *text = read_all(f, 1024 * 1024);
    if (f != stdin) fclose(f);
    if (!text) {
        zz_err_set(err, ZZ_ETOOBIG, "input.too_big", "%s 过大或无法读取",
                   "%s is too big or unreadable", file);
        return zz_cli_fail(cli, err);
    }
    int rc = zz_dossier_set_form(cx, id, text, err);
    free(text);
    if (rc < 0) return zz_cli_fail(cli, err);
    return done(cli, json_pack("{s:I}", "dossier_id", (json_int_t)id), "已保存申请书数据",
                "form saved");
}

static int v_answer(zz_cli *cli, zz_ctx *cx, int64_t id, const opts *o, zz_err *err)
{
    zz_self_rating r;
    if (zz_self_rating_parse(&r, o->pos[2], err) < 0) return zz_cli_fail(cli, err);
    const char *stmt = o->npos > 3 ? o->pos[3] : "";
    if (zz_dossier_answer(cx, id, o->pos[1], r, stmt, err) < 0) return zz_cli_fail(cli, err);
    return done(cli,
                json_pack("{s:I,s:s,s:s}", "dossier_id", (json_int_t)id, "req_id", o->pos[1],
                          "self_rating", zz_self_rating_name(r)),
                "已保存自评", "answer saved");
}

static int v_answers(zz_cli *cli, zz_ctx *cx, int64_t id, zz_err *err)
{
    zz_dossier_answer_row *rows = NULL;
    size_t n = 0;
    if (zz_dossier_answers(cx, id, &rows, &n, err) < 0) return zz_cli_fail(cli, err);
    if (cli->json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(a, json_pack("{s:s,s:s,s:s}", "req_id", rows[i].req_id,
                                               "self_rating", rows[i].self_rating, "statement",
                                               rows[i].statement));
        print_json(json_pack("{s:I,s:o}", "dossier_id", (json_int_t)id, "answers", a));
    } else {
        for (size_t i = 0; i < n; i++)
            printf("%-12s %-15s %s\n", rows[i].req_id, rows[i].self_rating, rows[i].statement);
        printf("共 %zu 项 (%zu answers)\n", n, n);
    }
    zz_dossier_answers_free(rows, n);
    return ZZ_EXIT_OK;
}

/* The media type from the content (libmagic); "application/octet-stream" when unknown. */
static void file_mime(const char *path, char out[101])
{
    snprintf(out, 101, "application/octet-stream");
    magic_t m = magic_open(MAGIC_MIME_TYPE);
    if (!m) return;
    if (magic_load(m, NULL) == 0) {
        const char *t = magic_file(m, path);
        if (t && strlen(t) < 100) snprintf(out, 101, "%s", t);
    }
    magic_close(m);
}

static int v_attach(zz_cli *cli, zz_ctx *cx, int64_t id, const opts *o, zz_err *err)
{
    const char *file = o->pos[1];
    struct stat sb;
    if (stat(file, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        zz_err_set(err, ZZ_EIO, "input.file", "%s 不是可读的普通文件",
                   "%s is not a readable regular file", file);
        return zz_cli_fail(cli, err);
    }
    char mime[101], hex[ZZ_SM3_HEXLEN + 1];
    if (o->mime)
        snprintf(mime, sizeof mime, "%s", o->mime);
    else
        file_mime(file, mime);
    if (zz_blob_put_file(hex, cli->data_dir, file, err) < 0) return zz_cli_fail(cli, err);
    uint64_t size = 0;
    if (stat(file, &sb) == 0) /* what was stored; add_evidence checks it against the blob */
        size = (uint64_t)sb.st_size;
    int64_t eid = 0;
    if (zz_dossier_add_evidence(cx, id, hex, file, mime, size, o->reqs, (size_t)o->nreq, &eid,
                                err) < 0)
        return zz_cli_fail(cli, err);
    json_t *reqs = json_array();
    for (int i = 0; i < o->nreq; i++)
        json_array_append_new(reqs, json_string(o->reqs[i]));
    if (!cli->json) printf("证据 evidence %lld: %s %s\n", (long long)eid, hex, mime);
    return done(cli,
                json_pack("{s:I,s:I,s:s,s:s,s:I,s:o}", "dossier_id", (json_int_t)id, "evidence_id",
                          (json_int_t)eid, "digest", hex, "mime", mime, "size", (json_int_t)size,
                          "req_ids", reqs),
                "已添加证据文件", "evidence added");
}

static int v_evidence(zz_cli *cli, zz_ctx *cx, int64_t id, zz_err *err)
{
    zz_dossier_evidence *ev = NULL;
    size_t n = 0;
    if (zz_dossier_evidence_list(cx, id, &ev, &n, err) < 0) return zz_cli_fail(cli, err);
    if (cli->json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++) {
            json_t *reqs = json_array();
            for (size_t j = 0; j < ev[i].n_req_ids; j++)
                json_array_append_new(reqs, json_string(ev[i].req_ids[j]));
            json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:s,s:I,s:o}", "id",
                                               (json_int_t)ev[i].id, "digest", ev[i].digest,
                                               "filename", ev[i].filename, "mime", ev[i].mime,
                                               "size", (json_int_t)ev[i].size, "req_ids", reqs));
        }
        print_json(json_pack("{s:I,s:o}", "dossier_id", (json_int_t)id, "evidence", a));
    } else {
        for (size_t i = 0; i < n; i++) {
            printf("%-5lld %-30s %-24s %10llu  ", (long long)ev[i].id, ev[i].filename, ev[i].mime,
                   (unsigned long long)ev[i].size);
            for (size_t j = 0; j < ev[i].n_req_ids; j++)
                printf("%s%s", j ? "," : "", ev[i].req_ids[j]);
            printf("%s\n", ev[i].n_req_ids ? "" : "（未关联 unmapped）");
        }
        printf("共 %zu 个证据文件 (%zu evidence files)\n", n, n);
    }
    zz_dossier_evidence_free(ev, n);
    return ZZ_EXIT_OK;
}

static int v_check(zz_cli *cli, zz_ctx *cx, int64_t id, zz_err *err)
{
    zz_finding *f = NULL;
    size_t n = 0;
    if (zz_dossier_check(cx, id, &f, &n, err) < 0) return zz_cli_fail(cli, err);
    if (cli->json) {
        char *t = NULL;
        if (zz_dossier_findings_json(&t, id, cx->clock.today, f, n, err) < 0) {
            free(f);
            return zz_cli_fail(cli, err);
        }
        print_text_json(t);
        free(t);
    } else if (n == 0) {
        printf("逐项检查通过，可以提交 (complete: no findings)\n");
    } else {
        printf("逐项检查发现 %zu 项问题 (%zu findings):\n", n, n);
        for (size_t i = 0; i < n; i++)
            printf("  %-20s %-26s %s\n  %-20s %-26s %s\n", f[i].item, f[i].code, f[i].text_zh, "",
                   "", f[i].text_en);
    }
    free(f);
    return n == 0 ? ZZ_EXIT_OK : ZZ_EXIT_FAIL;
}

static int v_stamp(zz_cli *cli, zz_ctx *cx, int64_t id, const char *file, zz_err *err)
{
    char hex[ZZ_SM3_HEXLEN + 1];
    if (zz_blob_put_file(hex, cli->data_dir, file, err) < 0 ||
        zz_dossier_set_stamped_scan(cx, id, hex, err) < 0)
        return zz_cli_fail(cli, err);
    return done(cli, json_pack("{s:I,s:s}", "dossier_id", (json_int_t)id, "digest", hex),
                "已记录盖章申请书扫描件", "stamped scan recorded");
}

static int v_package(zz_cli *cli, zz_ctx *cx, int64_t id, const char *out, zz_err *err)
{
    zz_dossier *d = NULL;
    if (zz_dossier_get(cx, id, &d, err) < 0) return zz_cli_fail(cli, err);
    bool draft = strcmp(d->status, "draft") == 0;
    zz_dossier_free(d);
    char hex[ZZ_SM3_HEXLEN + 1] = "";
    if (draft ? zz_dossier_build_package(cx, id, out, hex, err) < 0
              : zz_dossier_export_package(cx, id, out, err) < 0)
        return zz_cli_fail(cli, err);
    if (!draft && zz_dossier_get(cx, id, &d, err) == 0) {
        snprintf(hex, sizeof hex, "%s", d->package_digest);
        zz_dossier_free(d);
    }
    if (!cli->json) {
        printf("%s: %s\n  SM3 %s\n",
               draft ? "已生成电子版资料包 (package built)"
                     : "已导出电子版资料包 (package exported)",
               out, hex);
        return ZZ_EXIT_OK;
    }
    return done(cli,
                json_pack("{s:I,s:s,s:s,s:b}", "dossier_id", (json_int_t)id, "path", out,
                          "package_digest", hex, "built", draft),
                "", "");
}

static int v_verify(zz_cli *cli, zz_ctx *cx, const opts *o, zz_err *err)
{
    bool ok = false;
    zz_package_info info;
    memset(&info, 0, sizeof info);
    zz_err vr = ZZ_ERR_INIT;
    if (o->dossier) {
        int64_t id = 0;
        if (parse_id(o->dossier, &id) != ZZ_EXIT_OK) return ZZ_EXIT_USAGE;
        if (zz_dossier_package_verify(cx, id, &ok, &vr) < 0) return zz_cli_fail(cli, &vr);
    } else {
        const zz_sm2_key *key = NULL;
        if (zz_ctx_key(cx, &key, err) < 0) return zz_cli_fail(cli, err);
        ok = zz_package_verify_file(o->pos[0], key, &info, &vr) == 0;
    }
    if (cli->json) {
        json_t *r = json_pack("{s:b}", "ok", ok);
        if (ok && info.meta_json) {
            json_object_set_new(r, "meta", json_loads(info.meta_json, 0, NULL));
            json_object_set_new(r, "files", json_integer((json_int_t)info.n_files));
        }
        if (!ok) {
            json_object_set_new(r, "code", json_string(vr.code));
            json_object_set_new(r, "message_zh", json_string(vr.message_zh));
            json_object_set_new(r, "message_en", json_string(vr.message));
        }
        print_json(r);
    } else if (ok) {
        printf("资料包校验通过 (package verified)");
        if (info.meta_json) printf(": %zu 个文件 files, %s", info.n_files, info.meta_json);
        printf("\n");
    } else {
        zz_cli_fail(cli, &vr);
    }
    zz_package_info_free(&info);
    return ok ? ZZ_EXIT_OK : ZZ_EXIT_FAIL;
}

static int v_submit(zz_cli *cli, zz_ctx *cx, int64_t id, zz_err *err)
{
    int64_t case_id = 0;
    if (zz_dossier_submit(cx, id, &case_id, err) < 0) {
        if (strcmp(err->code, "gate.incomplete") == 0 && !cli->json)
            fprintf(stderr, "zizhi: 完整清单见 (full list): zizhi dossier check %lld\n",
                    (long long)id);
        return zz_cli_fail(cli, err);
    }
    zz_dossier *d = NULL;
    if (zz_dossier_get(cx, id, &d, err) < 0) return zz_cli_fail(cli, err);
    json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s}", "dossier_id", (json_int_t)id, "case_id",
                          (json_int_t)case_id, "submitted_on", d->submitted_on, "app_type",
                          d->app_type, "timing", d->timing, "type_reason", d->type_reason,
                          "type_warning", d->type_warning);
    if (!cli->json) {
        printf("已提交申请 %lld，项目 %lld（%s）\nsubmitted dossier %lld as case %lld\n",
               (long long)id, (long long)case_id, d->submitted_on, (long long)id,
               (long long)case_id);
        printf("申请类型 type: %s%s%s — %s\n", d->app_type, d->timing[0] ? " / " : "", d->timing,
               d->type_reason);
        if (d->type_warning[0])
            printf("警告 warning: %s\n  %s\n", d->type_warning, d->type_warning_en);
    }
    zz_dossier_free(d);
    if (cli->json) {
        json_object_set_new(o, "ok", json_true());
        print_json(o);
    } else {
        json_decref(o);
    }
    return ZZ_EXIT_OK;
}

static int v_rebind(zz_cli *cli, zz_ctx *cx, int64_t id, zz_err *err)
{
    zz_rebind_report r;
    if (zz_dossier_rebind(cx, id, &r, err) < 0) {
        zz_rebind_report_free(&r);
        return zz_cli_fail(cli, err);
    }
    if (cli->json) {
        char *t = NULL;
        if (zz_rebind_report_json(&t, &r, err) == 0) print_text_json(t);
        free(t);
    } else if (!r.changed) {
        printf("已是当前版本 %s，无需迁移 (already on the current version %s)\n", r.to_version,
               r.to_version);
    } else {
        printf("已从 %s 迁移到 %s (moved from %s to %s)%s\n", r.from_version, r.to_version,
               r.from_version, r.to_version,
               r.old_known ? "" : "；旧版本文件缺失，新增与改写未知 (old version file missing)");
        const char *titles[] = {"新增 added", "删除 removed", "改写 reworded",
                                "丢弃的自评 dropped answers", "丢弃的证据关联 dropped mappings"};
        char **lists[] = {r.added, r.removed, r.reworded, r.dropped_answers, r.dropped_mappings};
        size_t ns[] = {r.n_added, r.n_removed, r.n_reworded, r.n_dropped_answers,
                       r.n_dropped_mappings};
        for (int k = 0; k < 5; k++) {
            printf("  %s (%zu):", titles[k], ns[k]);
            for (size_t i = 0; i < ns[k]; i++)
                printf(" %s", lists[k][i]);
            printf("\n");
        }
    }
    zz_rebind_report_free(&r);
    return ZZ_EXIT_OK;
}

/* ---------------------------------------------------------------- dispatch */

int cmd_dossier(zz_cli *cli, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? ZZ_EXIT_USAGE : ZZ_EXIT_OK;
    }
    const char *verb = argv[1];
    opts o;
    int urc = parse(cli, argc, argv, &o);
    if (urc != ZZ_EXIT_OK) return urc;

    /* argument shapes first: a usage error never opens the database */
    static const struct shape {
        const char *verb;
        int min, max;
        const char *usage;
    } shapes[] = {
        {"create", 0, 0, "create [--org ID] [--category C] [--level N]"},
        {"list", 0, 0, "list [--org ID] [--status S] [--offset N] [--limit N]"},
        {"show", 1, 1, "show ID"},
        {"form", 2, 2, "form ID FILE|-"},
        {"answer", 3, 4, "answer ID REQ RATING [STATEMENT]"},
        {"answers", 1, 1, "answers ID"},
        {"attach", 2, 2, "attach ID FILE [--req REQ]... [--mime TYPE]"},
        {"evidence", 1, 1, "evidence ID"},
        {"map", 3, 3, "map ID EVIDENCE_ID REQ"},
        {"unmap", 3, 3, "unmap ID EVIDENCE_ID REQ"},
        {"detach", 2, 2, "detach ID EVIDENCE_ID"},
        {"check", 1, 1, "check ID"},
        {"stamp", 2, 2, "stamp ID FILE"},
        {"bound", 1, 1, "bound ID"},
        {"courier", 3, 3, "courier ID COURIER TRACKING_NO"},
        {"package", 2, 2, "package ID OUT"},
        {"verify-package", 0, 1, "verify-package FILE | verify-package --dossier ID"},
        {"submit", 1, 1, "submit ID"},
        {"rebind", 1, 1, "rebind ID"},
        {NULL, 0, 0, NULL},
    };
    const struct shape *s = shapes;
    while (s->verb && strcmp(s->verb, verb) != 0)
        s++;
    if (!s->verb)
        return zz_cli_usage("unknown verb '%s' (未知操作); see 'zizhi help dossier'", verb);
    if ((urc = want(&o, s->min, s->max, s->usage)) != ZZ_EXIT_OK) return urc;
    if (strcmp(verb, "verify-package") == 0 && (o.npos == 1) == (o.dossier != NULL))
        return zz_cli_usage("usage: zizhi dossier %s", s->usage);
    int64_t id = 0, eid = 0;
    bool takes_id = strcmp(verb, "create") != 0 && strcmp(verb, "list") != 0 &&
                    strcmp(verb, "verify-package") != 0;
    if (takes_id && parse_id(o.pos[0], &id) != ZZ_EXIT_OK) return ZZ_EXIT_USAGE;
    if ((strcmp(verb, "map") == 0 || strcmp(verb, "unmap") == 0 || strcmp(verb, "detach") == 0) &&
        parse_id(o.pos[1], &eid) != ZZ_EXIT_OK)
        return ZZ_EXIT_USAGE;

    zz_err err = ZZ_ERR_INIT;
    zz_ctx *cx = NULL;
    if (zz_cli_open_ctx(cli, &cx) != ZZ_EXIT_OK) return ZZ_EXIT_FAIL;
    int rc;
    if (strcmp(verb, "create") == 0)
        rc = v_create(cli, cx, &o, &err);
    else if (strcmp(verb, "list") == 0)
        rc = v_list(cli, cx, &o, &err);
    else if (strcmp(verb, "show") == 0)
        rc = v_show(cli, cx, id, &err);
    else if (strcmp(verb, "form") == 0)
        rc = v_form(cli, cx, id, o.pos[1], &err);
    else if (strcmp(verb, "answer") == 0)
        rc = v_answer(cli, cx, id, &o, &err);
    else if (strcmp(verb, "answers") == 0)
        rc = v_answers(cli, cx, id, &err);
    else if (strcmp(verb, "attach") == 0)
        rc = v_attach(cli, cx, id, &o, &err);
    else if (strcmp(verb, "evidence") == 0)
        rc = v_evidence(cli, cx, id, &err);
    else if (strcmp(verb, "map") == 0 || strcmp(verb, "unmap") == 0) {
        bool map = strcmp(verb, "map") == 0;
        rc = (map ? zz_dossier_map_evidence : zz_dossier_unmap_evidence)(cx, id, eid, o.pos[2],
                                                                         &err) < 0
                 ? zz_cli_fail(cli, &err)
                 : done(cli,
                        json_pack("{s:I,s:I,s:s}", "dossier_id", (json_int_t)id, "evidence_id",
                                  (json_int_t)eid, "req_id", o.pos[2]),
                        map ? "已关联" : "已取消关联", map ? "mapped" : "unmapped");
    } else if (strcmp(verb, "detach") == 0)
        rc = zz_dossier_remove_evidence(cx, id, eid, &err) < 0
                 ? zz_cli_fail(cli, &err)
                 : done(cli,
                        json_pack("{s:I,s:I}", "dossier_id", (json_int_t)id, "evidence_id",
                                  (json_int_t)eid),
                        "已移除证据文件", "evidence removed");
    else if (strcmp(verb, "check") == 0)
        rc = v_check(cli, cx, id, &err);
    else if (strcmp(verb, "stamp") == 0)
        rc = v_stamp(cli, cx, id, o.pos[1], &err);
    else if (strcmp(verb, "bound") == 0)
        rc = zz_dossier_declare_bound(cx, id, &err) < 0
                 ? zz_cli_fail(cli, &err)
                 : done(cli, json_pack("{s:I}", "dossier_id", (json_int_t)id),
                        "已声明纸质材料装订成册", "binding declared");
    else if (strcmp(verb, "courier") == 0)
        rc = zz_dossier_set_courier(cx, id, o.pos[1], o.pos[2], &err) < 0
                 ? zz_cli_fail(cli, &err)
                 : done(cli,
                        json_pack("{s:I,s:s,s:s}", "dossier_id", (json_int_t)id, "courier",
                                  o.pos[1], "tracking_no", o.pos[2]),
                        "已记录快递信息", "courier recorded");
    else if (strcmp(verb, "package") == 0)
        rc = v_package(cli, cx, id, o.pos[1], &err);
    else if (strcmp(verb, "verify-package") == 0)
        rc = v_verify(cli, cx, &o, &err);
    else if (strcmp(verb, "submit") == 0)
        rc = v_submit(cli, cx, id, &err);
    else
        rc = v_rebind(cli, cx, id, &err);
    zz_ctx_close(cx);
    return rc;
}
