/*
 * ctx_cli.c — opening the domain context for a sub-command (--data, --as, --date), and the
 * shared option helpers of cli_domain.h.
 */
#include "cli/cli_domain.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "zizhi/org.h"

int zz_cli_open_ctx(zz_cli *cli, zz_ctx **out)
{
    *out = NULL;
    zz_err err = ZZ_ERR_INIT;
    /* the catalogue directory is the one holding the catalogue file in use */
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", zz_cli_catalog_path(NULL));
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    zz_ctx *cx = NULL;
    if (zz_ctx_open(&cx, cli->data_dir, dir, cli->clock, &err) < 0) return zz_cli_fail(cli, &err);
    if (cli->as_user && *cli->as_user && zz_ctx_act_as(cx, cli->as_user, &err) < 0) {
        zz_ctx_close(cx);
        return zz_cli_fail(cli, &err);
    }
    *out = cx;
    return ZZ_EXIT_OK;
}

bool zz_cli_parse_id(const char *text, int64_t *out)
{
    if (!text || !*text || strlen(text) > 18) return false;
    int64_t v = 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9') return false;
        v = v * 10 + (*p - '0');
    }
    if (v <= 0) return false;
    *out = v;
    return true;
}

int zz_cli_org_id(zz_cli *cli, zz_ctx *cx, const char *text, int64_t *out)
{
    zz_err err = ZZ_ERR_INIT;
    /* a USCC is 18 characters; an id is a short number */
    if (text && strlen(text) < 18 && zz_cli_parse_id(text, out)) return ZZ_EXIT_OK;
    zz_org *o = NULL;
    if (zz_org_get_by_uscc(cx, text ? text : "", &o, &err) < 0) return zz_cli_fail(cli, &err);
    *out = o->id;
    zz_org_free(o);
    return ZZ_EXIT_OK;
}

int zz_cli_parse_date(zz_cli *cli, const char *text, zz_date *out)
{
    if (!text || !*text || strcmp(text, "none") == 0) {
        *out = ZZ_NO_DATE;
        return ZZ_EXIT_OK;
    }
    zz_err err = ZZ_ERR_INIT;
    if (zz_date_parse(out, text, &err) < 0) return zz_cli_fail(cli, &err);
    return ZZ_EXIT_OK;
}

static int read_line(const char *prompt, char *buf, size_t cap)
{
    bool tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        fprintf(stderr, "%s", prompt);
        fflush(stderr);
        if (tcgetattr(STDIN_FILENO, &old) == 0) {
            quiet = old;
            quiet.c_lflag &= ~(tcflag_t)ECHO;
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        } else {
            tty = false;
        }
    }
    char *got = fgets(buf, (int)cap, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!got) {
        fputs("zizhi: input.password: 没有从标准输入读到密码 (no password on standard input)\n",
              stderr);
        return ZZ_EXIT_FAIL;
    }
    size_t n = strlen(buf);
    if (n > 0 && buf[n - 1] != '\n' && !feof(stdin)) {
        fputs("zizhi: input.password: 密码过长 (password too long)\n", stderr);
        return ZZ_EXIT_FAIL;
    }
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    return ZZ_EXIT_OK;
}

int zz_cli_read_password(const char *prompt, bool confirm, char *buf, size_t cap)
{
    int rc = read_line(prompt, buf, cap);
    if (rc != ZZ_EXIT_OK || !confirm || !isatty(STDIN_FILENO)) return rc;
    char again[1100];
    rc = read_line("再次输入 (again): ", again, sizeof again);
    bool same = rc == ZZ_EXIT_OK && strcmp(buf, again) == 0;
    memset(again, 0, sizeof again);
    if (rc == ZZ_EXIT_OK && !same) {
        fputs("zizhi: input.password: 两次输入的密码不一致 (the passwords differ)\n", stderr);
        return ZZ_EXIT_FAIL;
    }
    return rc;
}

void zz_cli_print_json(json_t *o)
{
    if (!o) {
        fputs("{\"ok\":false,\"error\":{\"code\":\"nomem\"}}\n", stdout);
        return;
    }
    json_dumpf(o, stdout, JSON_COMPACT);
    fputc('\n', stdout);
    json_decref(o);
}

json_t *zz_cli_json_text(char *text)
{
    if (!text) return json_null();
    json_t *j = json_loads(text, 0, NULL);
    free(text);
    return j ? j : json_null();
}

int zz_cli_dispatch(zz_cli *cli, int argc, char **argv, const char *noun, const zz_cli_verb *verbs,
                    void (*help)(FILE *f))
{
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? ZZ_EXIT_USAGE : ZZ_EXIT_OK;
    }
    const zz_cli_verb *v = verbs;
    while (v->name && strcmp(v->name, argv[1]) != 0)
        v++;
    if (!v->name) {
        help(stderr);
        return zz_cli_usage("unknown verb '%s %s' (未知操作)", noun, argv[1]);
    }
    zz_ctx *cx = NULL;
    int rc = zz_cli_open_ctx(cli, &cx);
    if (rc != ZZ_EXIT_OK) return rc;
    rc = v->run ? v->run(cli, cx, argc - 1, argv + 1)
                : v->run_arg(cli, cx, argc - 1, argv + 1, v->arg);
    zz_ctx_close(cx);
    return rc;
}
