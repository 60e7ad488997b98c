/*
 * cmd_catalog.c — `zizhi catalog validate|show|export|import`: requirement catalogues (要求目录).
 *
 * validate and show live here; export and import (OSCAL) live in cmd_catalog_oscal.c.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "zizhi/catalog.h"

#define DEFAULT_CATALOG "catalog/ai-security-1.json"

static void help(FILE *f)
{
    fputs("用法 usage:\n"
          "  zizhi catalog validate [--json] FILE\n"
          "      加载并校验目录文件，按类型统计条目数 (load, validate, count items by kind)\n"
          "  zizhi catalog show [--catalog FILE] [ID]\n"
          "      以树形显示目录，或显示一个分组/要求项/基本实践 (tree, or one group/item/practice)\n"
          "  zizhi catalog export [--format oscal] [--catalog FILE] OUT\n"
          "      导出为 OSCAL catalog JSON (export as an OSCAL catalog; OUT - for stdout)\n"
          "  zizhi catalog import --format oscal IN OUT\n"
          "      从 OSCAL catalog JSON 导入为本系统目录格式 (import an OSCAL catalog)\n"
          "\n默认目录 default catalogue: " DEFAULT_CATALOG "\n",
          f);
}

/* The catalogue to use: --catalog, else $ZIZHI_CATALOG, else the shipped one. */
/* declared in cli.h */
const char *zz_cli_catalog_path(const char *given)
{
    if (given)
        return given;
    const char *env = getenv("ZIZHI_CATALOG");
    return env && *env ? env : DEFAULT_CATALOG;
}

static int validate(zz_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'j')
            cli->json = true;
        else
            return zz_cli_usage("usage: zizhi catalog validate [--json] FILE");
    }
    if (optind != argc - 1)
        return zz_cli_usage("usage: zizhi catalog validate [--json] FILE");
    const char *path = argv[optind];
    zz_err err = ZZ_ERR_INIT;
    zz_catalog *cat = NULL;
    if (zz_catalog_load(&cat, path, &err) < 0)
        return zz_cli_fail(cli, &err);
    zz_catalog_counts n;
    zz_catalog_count(cat, &n);
    if (cli->json) {
        printf("{\"eligibility\":%zu,\"capability\":%zu,\"ai_process_areas\":%zu,"
               "\"org_process_areas\":%zu,\"base_practices\":%zu}\n",
               n.by_kind[ZZ_KIND_ELIGIBILITY], n.by_kind[ZZ_KIND_CAPABILITY],
               n.by_kind[ZZ_KIND_AI_PA], n.by_kind[ZZ_KIND_ORG_PA], n.base_practices);
    } else {
        const zz_cat_level *lv = zz_catalog_level_info(cat, cat->level);
        printf("%s: 校验通过 (valid)\n", path);
        printf("  目录 catalogue      %s 版本 %s\n", cat->id, cat->version);
        printf("  类别 category       %s · 级别 %d %s\n", cat->category_name, cat->level,
               lv ? lv->name : "");
        printf("  基本资格 eligibility              %3zu\n", n.by_kind[ZZ_KIND_ELIGIBILITY]);
        printf("  基本能力 capability               %3zu\n", n.by_kind[ZZ_KIND_CAPABILITY]);
        printf("  人工智能安全过程域 AI process areas %3zu\n", n.by_kind[ZZ_KIND_AI_PA]);
        printf("  项目和组织过程域 org process areas  %3zu\n", n.by_kind[ZZ_KIND_ORG_PA]);
        printf("  基本实践 base practices           %3zu\n", n.base_practices);
        printf("  可测指标 indicators               %3zu\n", n.indicators);
        printf("  通用实践 generic practices        %3zu\n", n.generic_practices);
    }
    zz_catalog_free(cat);
    return ZZ_EXIT_OK;
}

/* ---- show ---------------------------------------------------------------------------- */

static const char *method_name(const zz_catalog *cat, const char *id)
{
    const zz_cat_method *m = zz_catalog_method(cat, id);
    return m ? m->name : id;
}

static void show_req_line(const zz_cat_req *r, const char *prefix)
{
    printf("%s%s [%s] %s", prefix, r->id, zz_cat_kind_name_zh(r->kind), r->text);
    if (r->n_bps)
        printf("（%zu 项基本实践）", r->n_bps);
    if (!r->required)
        printf("（本级不要求）");
    putchar('\n');
}

static void show_group_tree(const zz_cat_group *g, const char *indent, int last)
{
    printf("%s%s %s %s\n", indent, last ? "└─" : "├─", g->id, g->title);
    char sub[256];
    snprintf(sub, sizeof sub, "%s%s", indent, last ? "   " : "│  ");
    size_t total = g->n_groups + g->n_reqs;
    size_t k = 0;
    for (size_t i = 0; i < g->n_reqs; i++, k++) {
        char pre[300];
        snprintf(pre, sizeof pre, "%s%s", sub, k + 1 == total ? "└─ " : "├─ ");
        show_req_line(&g->reqs[i], pre);
    }
    for (size_t i = 0; i < g->n_groups; i++, k++)
        show_group_tree(&g->groups[i], sub, k + 1 == total);
}

static void show_sources(const zz_cat_source *s, size_t n, const char *indent)
{
    for (size_t i = 0; i < n; i++)
        printf("%s来源 source: %s%s%s [%s]\n", indent, s[i].ref, s[i].clause ? " " : "",
               s[i].clause ? s[i].clause : "", s[i].confidence);
}

static void show_bp(const zz_cat_bp *b, const char *indent)
{
    printf("%s%s %s", indent, b->id, b->name);
    if (b->name_en)
        printf(" (%s)", b->name_en);
    printf("\n%s  %s\n", indent, b->description);
    char in2[64];
    snprintf(in2, sizeof in2, "%s  ", indent);
    show_sources(b->sources, b->n_sources, in2);
    for (size_t i = 0; i < b->n_indicators; i++) {
        const zz_cat_indicator *d = &b->indicators[i];
        printf("%s指标 %s: %s %s %lld%s [%s, %s]\n", in2, d->id, d->text, d->op,
               (long long)d->value, d->unit ? d->unit : "", d->source, d->confidence);
    }
}

static void show_req(const zz_catalog *cat, const zz_cat_req *r)
{
    printf("%s %s\n", r->id, r->text);
    if (r->text_en)
        printf("  (%s)\n", r->text_en);
    printf("  类型 kind: %s (%s)", zz_cat_kind_name_zh(r->kind), zz_cat_kind_name(r->kind));
    if (r->ssecmm)
        printf(" · SSE-CMM %s", r->ssecmm);
    if (!r->required)
        printf(" · 本级不要求 (not required at this level)");
    printf("\n  所属 group: %s %s\n", r->group->id, r->group->title);
    if (r->guidance)
        printf("  指引 guidance: %s\n", r->guidance);
    printf("  预期证据 evidence:\n");
    for (size_t i = 0; i < r->n_evidence; i++)
        printf("    - [%s] %s\n", zz_evid_type_name_zh(r->evidence[i].type), r->evidence[i].text);
    printf("  评估方式 methods:");
    for (size_t i = 0; i < r->n_methods; i++)
        printf("%s%s", i ? "、" : " ", method_name(cat, r->methods[i]));
    putchar('\n');
    for (size_t i = 0; i < r->n_checks; i++) {
        const zz_check_def *d = zz_catalog_check_known(r->checks[i].name);
        printf("  数据核查 check: %s — %s", r->checks[i].name, d ? d->title_zh : "");
        for (size_t j = 0; j < r->checks[i].n_params; j++)
            printf("%s%s=%lld", j ? ", " : " (", r->checks[i].params[j].name,
                   (long long)r->checks[i].params[j].value);
        printf("%s\n", r->checks[i].n_params ? ")" : "");
    }
    if (r->n_bps) {
        printf("  基本实践 base practices (%zu):\n", r->n_bps);
        for (size_t i = 0; i < r->n_bps; i++)
            show_bp(&r->bps[i], "    ");
    }
}

static int show(zz_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"catalog", required_argument, NULL, 'c'},
                                         {NULL, 0, NULL, 0}};
    const char *path = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'c')
            path = optarg;
        else
            return zz_cli_usage("usage: zizhi catalog show [--catalog FILE] [ID]");
    }
    if (argc - optind > 1)
        return zz_cli_usage("usage: zizhi catalog show [--catalog FILE] [ID]");
    const char *id = optind < argc ? argv[optind] : NULL;
    path = zz_cli_catalog_path(path);
    zz_err err = ZZ_ERR_INIT;
    zz_catalog *cat = NULL;
    if (zz_catalog_load(&cat, path, &err) < 0)
        return zz_cli_fail(cli, &err);
    int rc = ZZ_EXIT_OK;
    if (!id) {
        const zz_cat_level *lv = zz_catalog_level_info(cat, cat->level);
        printf("%s\n", cat->title);
        printf("%s %s · 级别 %d %s · 版本 %s · 依据《%s》%s%s\n", cat->id, cat->category_name,
               cat->level, lv ? lv->name : "", cat->version, cat->source_title,
               cat->source_date ? " " : "", cat->source_date ? cat->source_date : "");
        for (size_t i = 0; i < cat->n_groups; i++)
            show_group_tree(&cat->groups[i], "", i + 1 == cat->n_groups);
    } else if (zz_catalog_req(cat, id)) {
        show_req(cat, zz_catalog_req(cat, id));
    } else if (zz_catalog_bp(cat, id)) {
        const zz_cat_bp *b = zz_catalog_bp(cat, id);
        printf("过程域 process area: %s %s\n", b->pa->id, b->pa->text);
        show_bp(b, "  ");
    } else if (zz_catalog_group(cat, id)) {
        show_group_tree(zz_catalog_group(cat, id), "", 1);
    } else if (zz_catalog_gp(cat, id)) {
        const zz_cat_gp *g = zz_catalog_gp(cat, id);
        printf("%s %s", g->id, g->name);
        if (g->name_en)
            printf(" (%s)", g->name_en);
        printf("\n  能力级别 level %d · 公共特征 %s %s\n  %s\n", g->level, g->common_feature,
               g->common_feature_name, g->description);
        show_sources(g->sources, g->n_sources, "  ");
    } else {
        zz_err_set(&err, ZZ_ENOTFOUND, "catalog.not_found", "目录 %s 中没有编号 \"%s\"",
                   "catalogue %s has no id \"%s\"", path, id);
        rc = zz_cli_fail(cli, &err);
    }
    zz_catalog_free(cat);
    return rc;
}

int cmd_catalog(zz_cli *cli, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? ZZ_EXIT_USAGE : ZZ_EXIT_OK;
    }
    const char *verb = argv[1];
    /* each verb parses from its own name on */
    argc--;
    argv++;
    optind = 0;
    if (strcmp(verb, "validate") == 0)
        return validate(cli, argc, argv);
    if (strcmp(verb, "show") == 0)
        return show(cli, argc, argv);
    if (strcmp(verb, "export") == 0)
        return cmd_catalog_export(cli, argc, argv);
    if (strcmp(verb, "import") == 0)
        return cmd_catalog_import(cli, argc, argv);
    help(stderr);
    return zz_cli_usage("unknown verb 'catalog %s' (未知操作)", verb);
}
