/*
 * cmd_catalog_oscal.c — `zizhi catalog export` and `zizhi catalog import`: catalogues to and from
 * OSCAL 1.1.3 catalog JSON. Dispatched from cmd_catalog.c with argv[0] = the verb.
 *
 *   zizhi catalog export [--format oscal] [--catalog FILE] OUT      OUT "-" = stdout
 *   zizhi catalog import --format oscal IN OUT                      "-" = stdin / stdout
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zizhi/catalog.h"
#include "zizhi/oscal.h"

#define DEFAULT_CATALOG "catalog/ai-security-1.json"
#define MAX_INPUT       (64u * 1024 * 1024)

static const char EXPORT_USAGE[] =
    "用法 usage: zizhi catalog export [--format oscal] [--catalog FILE] OUT\n"
    "  把要求目录导出为 OSCAL 1.1.3 catalog JSON; OUT 为 - 时写到标准输出\n"
    "  writes the catalogue (default " DEFAULT_CATALOG ") as an OSCAL catalog; OUT - = stdout\n";
static const char IMPORT_USAGE[] =
    "用法 usage: zizhi catalog import --format oscal IN OUT\n"
    "  把 OSCAL catalog JSON 导入为本系统的目录文件（格式 1）; IN 为 - 时读标准输入\n"
    "  reads an OSCAL catalog (IN - = stdin), validates it and writes our format-1 catalogue\n"
    "  (OUT - = stdout)\n";

/* Matches "--name VALUE" and "--name=VALUE"; advances *i past a separate value. */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **out)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0) return 0;
    if (argv[*i][n] == '=') {
        *out = argv[*i] + n + 1;
        return 1;
    }
    if (argv[*i][n] != '\0') return 0;
    if (*i + 1 >= argc) return -1;
    *out = argv[++*i];
    return 1;
}

typedef struct args {
    const char *format;
    const char *catalog;
    const char *pos[3];
    int n_pos;
    bool help;
} args;

/* Parses the verb's options; returns 0, or a usage exit code after printing the problem. */
static int parse_args(int argc, char **argv, args *a, bool allow_catalog)
{
    bool opts_done = false;
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        int r;
        if (!opts_done && strcmp(argv[i], "--") == 0) {
            opts_done = true;
        } else if (!opts_done && (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)) {
            a->help = true;
        } else if (!opts_done && (r = opt_value(argc, argv, &i, "--format", &v)) != 0) {
            if (r < 0) return zz_cli_usage("--format 缺少取值 (--format needs a value)");
            a->format = v;
        } else if (!opts_done && allow_catalog &&
                   (r = opt_value(argc, argv, &i, "--catalog", &v)) != 0) {
            if (r < 0) return zz_cli_usage("--catalog 缺少取值 (--catalog needs a value)");
            a->catalog = v;
        } else if (!opts_done && argv[i][0] == '-' && argv[i][1] != '\0') {
            return zz_cli_usage("未知选项 unknown option '%s'", argv[i]);
        } else {
            if (a->n_pos >= 3) return zz_cli_usage("参数过多 too many arguments");
            a->pos[a->n_pos++] = argv[i];
        }
    }
    if (a->format && strcmp(a->format, "oscal") != 0)
        return zz_cli_usage("不支持的格式 unsupported format '%s' (only: oscal)", a->format);
    return 0;
}

/* Writes data to path atomically (temp + rename), or to stdout for "-". */
static int write_out(const char *path, const char *data, zz_err *err)
{
    size_t len = strlen(data);
    if (strcmp(path, "-") == 0) {
        if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
            return zz_err_set(err, ZZ_EIO, "cli.io", "写标准输出失败", "cannot write stdout");
        return 0;
    }
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    if (!tmp) return zz_err_set(err, ZZ_ENOMEM, "cli.nomem", "内存不足", "out of memory");
    snprintf(tmp, n, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    int ok = f && fwrite(data, 1, len, f) == len;
    if (f && fclose(f) != 0) ok = 0;
    if (ok && rename(tmp, path) != 0) ok = 0;
    if (!ok) {
        remove(tmp);
        free(tmp);
        return zz_err_set(err, ZZ_EIO, "cli.io", "无法写入 %s", "cannot write %s", path);
    }
    free(tmp);
    return 0;
}

/* Reads a whole file (or stdin for "-"), NUL-terminated; caller frees. */
static int read_in(const char *path, char **out, zz_err *err)
{
    *out = NULL;
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) return zz_err_set(err, ZZ_EIO, "cli.io", "无法打开 %s", "cannot open %s", path);
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    int rc = 0;
    while (buf) {
        if (len + 1 >= cap) {
            if (cap >= MAX_INPUT) {
                rc = zz_err_set(err, ZZ_ETOOBIG, "cli.too_big", "%s 超过 64 MiB",
                                "%s is larger than 64 MiB", path);
                break;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0) {
            if (ferror(f))
                rc = zz_err_set(err, ZZ_EIO, "cli.io", "读取 %s 失败", "cannot read %s", path);
            break;
        }
    }
    if (f != stdin) fclose(f);
    if (!buf) return zz_err_set(err, ZZ_ENOMEM, "cli.nomem", "内存不足", "out of memory");
    if (rc < 0) {
        free(buf);
        return rc;
    }
    buf[len] = '\0';
    *out = buf;
    return 0;
}

int cmd_catalog_export(zz_cli *cli, int argc, char **argv)
{
    args a = {0};
    int rc = parse_args(argc, argv, &a, true);
    if (rc) return rc;
    if (a.help) {
        fputs(EXPORT_USAGE, stdout);
        return ZZ_EXIT_OK;
    }
    if (a.n_pos != 1) {
        fputs(EXPORT_USAGE, stderr);
        return ZZ_EXIT_USAGE;
    }
    const char *src = a.catalog ? a.catalog : DEFAULT_CATALOG;
    const char *dst = a.pos[0];
    zz_err err = ZZ_ERR_INIT;
    zz_catalog *cat = NULL;
    char *json = NULL;
    if (zz_catalog_load(&cat, src, &err) < 0 || zz_oscal_catalog_export(&json, cat, &err) < 0 ||
        write_out(dst, json, &err) < 0) {
        free(json);
        zz_catalog_free(cat);
        return zz_cli_fail(cli, &err);
    }
    if (strcmp(dst, "-") != 0)
        fprintf(stderr, "已导出 exported %s %s → %s (OSCAL %s catalog)\n", cat->id, cat->version,
                dst, ZZ_OSCAL_VERSION);
    free(json);
    zz_catalog_free(cat);
    return ZZ_EXIT_OK;
}

int cmd_catalog_import(zz_cli *cli, int argc, char **argv)
{
    args a = {0};
    int rc = parse_args(argc, argv, &a, false);
    if (rc) return rc;
    if (a.help) {
        fputs(IMPORT_USAGE, stdout);
        return ZZ_EXIT_OK;
    }
    if (!a.format || a.n_pos != 2) {
        fputs(IMPORT_USAGE, stderr);
        return ZZ_EXIT_USAGE;
    }
    const char *src = a.pos[0], *dst = a.pos[1];
    bool to_stdout = strcmp(dst, "-") == 0;
    zz_err err = ZZ_ERR_INIT;
    zz_catalog *cat = NULL;
    char *json = NULL, *dump = NULL;
    if (read_in(src, &json, &err) < 0 ||
        zz_oscal_catalog_import(&cat, json, strcmp(src, "-") == 0 ? "stdin" : src, &err) < 0 ||
        (to_stdout ? zz_catalog_dump(&dump, cat, &err) < 0 || write_out(dst, dump, &err) < 0
                   : zz_catalog_save(cat, dst, &err) < 0)) {
        free(dump);
        free(json);
        zz_catalog_free(cat);
        return zz_cli_fail(cli, &err);
    }
    if (!to_stdout)
        fprintf(stderr, "已导入 imported %s %s → %s (%zu requirements)\n", cat->id, cat->version,
                dst, cat->n_reqs);
    free(dump);
    free(json);
    zz_catalog_free(cat);
    return ZZ_EXIT_OK;
}
