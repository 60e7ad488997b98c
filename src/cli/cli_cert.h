/*
 * cli_cert.h — helpers shared by the sub-commands of the certification module (cmd_cert.c,
 * cmd_sanction.c, cmd_appeal.c, cmd_archive.c): a small option parser that knows which options
 * each verb accepts, and resolving CASE / CERT / BATCH arguments given as ids or numbers.
 */
#ifndef ZIZHI_CLI_CERT_H
#define ZIZHI_CLI_CERT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"
#include "zizhi/calendar.h"
#include "zizhi/cert.h"
#include "zizhi/ctx.h"

/* One long option: "--name VALUE" or "--name=VALUE" (has_arg), or a flag "--name". */
typedef struct zz_cli_opt {
    const char *name;
    bool has_arg;
    const char *value; /* the value given (borrowed from argv), or NULL */
    bool given;
} zz_cli_opt;

/*
 * Parses argv[1..argc) (argv[0] is the verb): the options of opts[0..n_opts) (any other option is
 * a usage error) and --json (sets cli->json), and up to max_pos positional arguments, at least
 * min_pos, into pos. Returns ZZ_EXIT_OK, or prints `usage` and returns ZZ_EXIT_USAGE.
 */
int zz_cli_parse(zz_cli *cli, int argc, char **argv, zz_cli_opt *opts, size_t n_opts,
                 const char **pos, size_t min_pos, size_t max_pos, size_t *n_pos,
                 const char *usage);
/* The value of the named option (NULL when not given). */
const char *zz_cli_opt_value(const zz_cli_opt *opts, size_t n_opts, const char *name);
bool zz_cli_opt_given(const zz_cli_opt *opts, size_t n_opts, const char *name);

/* Resolves a case id or number with the actor's visibility. ZZ_EXIT_OK or the error printed. */
int zz_cli_case_id(zz_cli *cli, zz_ctx *cx, const char *text, int64_t *out);
/* A certificate id or number. */
int zz_cli_cert_id(zz_cli *cli, zz_ctx *cx, const char *text, int64_t *out);
/* A batch id or number ("B2026-001"). */
int zz_cli_batch_id(zz_cli *cli, zz_ctx *cx, const char *text, int64_t *out);
/* A date option: given text, or today (cli->clock) when NULL. */
int zz_cli_date_or_today(zz_cli *cli, const char *text, zz_date *out);

/* JSON of a certificate (record and signature included when loaded), a public registry row, a
 * batch. */
json_t *zz_cli_cert_json(const zz_cert *c);
json_t *zz_cli_cert_public_json(const zz_cert_public *p);
json_t *zz_cli_batch_json(const zz_batch *b);

/* Prints {"ok":true, ...extra} or the plain message; extra may be NULL. */
void zz_cli_done(zz_cli *cli, json_t *extra, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
