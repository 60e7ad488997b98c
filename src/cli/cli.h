/*
 * cli.h — shared pieces of the `zizhi` command (shaped like git: zizhi <noun> <verb> [args]).
 *
 * Adding a sub-command group:
 *   1. write src/cli/cmd_<noun>.c with `int cmd_<noun>(zz_cli *cli, int argc, char **argv)`;
 *      argv[0] is the noun, argv[1] the verb; keep a verb table in the file;
 *   2. declare it below and add one row to the noun table in main.c;
 *   3. each verb: parse its options → one libzizhi call → print → return an exit code.
 *
 * Exit codes: 0 ok, 1 the action failed (an error was printed), 2 usage error.
 */
#ifndef ZIZHI_CLI_H
#define ZIZHI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "zizhi/calendar.h"
#include "zizhi/errors.h"

#define ZZ_EXIT_OK 0
#define ZZ_EXIT_FAIL 1
#define ZZ_EXIT_USAGE 2

typedef struct zz_cli {
    const char *data_dir; /* --data DIR, default "var" */
    const char *as_user;  /* --as USER, or NULL */
    zz_clock clock;       /* --date YYYY-MM-DD sets the business date; the instant is always real */
    bool date_given;
    bool json;            /* --json */
} zz_cli;

/* Prints a failed call's error to stderr on one line: "zizhi: <code>: <zh> (<en>)". Returns 1. */
int zz_cli_fail(const zz_cli *cli, const zz_err *err);
/* Prints a usage error to stderr and returns 2. */
int zz_cli_usage(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Display width of UTF-8 text (wide CJK characters count 2), and a cell padded to width
 * columns followed by nothing (cli_table.c). */
int zz_cli_width(const char *s);
void zz_cli_cell(const char *s, int width);

struct zz_ctx;

/*
 * A verb of a noun whose verbs all act on an open context: run(cli, cx, argc, argv) with argv[0]
 * the verb, or run_arg(…, arg) for verbs that share one function with a flag.
 */
typedef struct zz_cli_verb {
    const char *name;
    int (*run)(zz_cli *cli, struct zz_ctx *cx, int argc, char **argv);
    int (*run_arg)(zz_cli *cli, struct zz_ctx *cx, int argc, char **argv, int arg);
    int arg;
} zz_cli_verb;
/*
 * `zizhi NOUN VERB …`: help on no verb / "help", a usage error naming an unknown verb, otherwise
 * opens the context (zz_cli_open_ctx), runs the verb and closes the context. verbs ends with
 * {NULL}. Returns the exit code.
 */
int zz_cli_dispatch(zz_cli *cli, int argc, char **argv, const char *noun, const zz_cli_verb *verbs,
                    void (*help)(FILE *f));

/* The catalogue file to use: given, else $ZIZHI_CATALOG, else catalog/ai-security-1.json. */
const char *zz_cli_catalog_path(const char *given);

/*
 * Opens the domain context (include/zizhi/ctx.h) on --data with the CLI's clock, acting as
 * --as USER when given, else as the system. Returns ZZ_EXIT_OK with *out set (caller closes
 * it with zz_ctx_close), or prints the error and returns ZZ_EXIT_FAIL (src/cli/ctx_cli.c).
 */
struct zz_ctx;
int zz_cli_open_ctx(zz_cli *cli, struct zz_ctx **out);

/* Sub-command groups. */
int cmd_catalog(zz_cli *cli, int argc, char **argv);
int cmd_catalog_export(zz_cli *cli, int argc, char **argv); /* cmd_catalog_oscal.c */
int cmd_catalog_import(zz_cli *cli, int argc, char **argv);
int cmd_db(zz_cli *cli, int argc, char **argv);
int cmd_audit(zz_cli *cli, int argc, char **argv);
int cmd_user(zz_cli *cli, int argc, char **argv);
int cmd_org(zz_cli *cli, int argc, char **argv);
int cmd_person(zz_cli *cli, int argc, char **argv);
int cmd_project(zz_cli *cli, int argc, char **argv);
int cmd_dossier(zz_cli *cli, int argc, char **argv);
int cmd_case(zz_cli *cli, int argc, char **argv);
int cmd_assess(zz_cli *cli, int argc, char **argv); /* cmd_assess.c */
int cmd_panel(zz_cli *cli, int argc, char **argv);  /* cmd_panel.c */

int cmd_cert(zz_cli *cli, int argc, char **argv);      /* cmd_cert.c */
int cmd_sanction(zz_cli *cli, int argc, char **argv);  /* cmd_sanction.c */
int cmd_appeal(zz_cli *cli, int argc, char **argv);    /* cmd_appeal.c */
int cmd_complaint(zz_cli *cli, int argc, char **argv); /* cmd_appeal.c */
int cmd_archive(zz_cli *cli, int argc, char **argv);   /* cmd_archive.c */
int cmd_demo(zz_cli *cli, int argc, char **argv);      /* cmd_demo.c */
int cmd_mail(zz_cli *cli, int argc, char **argv);      /* cmd_mail.c */
int cmd_pubdoc(zz_cli *cli, int argc, char **argv);    /* cmd_pubdoc.c */

#endif
