/*
 * cli_domain.h — helpers for the sub-commands that work on the domain through a zz_ctx
 * (src/cli/ctx_cli.c): options that name an organisation or a date, passwords from standard
 * input, and JSON output. zz_cli_open_ctx itself is declared in cli.h.
 */
#ifndef ZIZHI_CLI_DOMAIN_H
#define ZIZHI_CLI_DOMAIN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"
#include "zizhi/calendar.h"
#include "zizhi/ctx.h"

/*
 * An organisation given as its numeric id or its USCC (统一社会信用代码), resolved with the
 * actor's visibility. ZZ_EXIT_OK, or the error printed and ZZ_EXIT_FAIL.
 */
int zz_cli_org_id(zz_cli *cli, zz_ctx *cx, const char *text, int64_t *out);

/* A positive decimal id; false when text is not one. */
bool zz_cli_parse_id(const char *text, int64_t *out);

/* A date option ("YYYY-MM-DD"); "" or "none" gives ZZ_NO_DATE. Prints the error, returns
 * ZZ_EXIT_FAIL when invalid. */
int zz_cli_parse_date(zz_cli *cli, const char *text, zz_date *out);

/*
 * Reads one password line from standard input into buf (newline removed). On a terminal it
 * prompts on stderr and turns echo off; with confirm it asks twice and refuses a mismatch.
 * Returns ZZ_EXIT_OK, or prints the problem and returns ZZ_EXIT_FAIL.
 */
int zz_cli_read_password(const char *prompt, bool confirm, char *buf, size_t cap);

/* Prints one JSON object on its own line (compact) and releases it. */
void zz_cli_print_json(json_t *o);

/* Parses canonical JSON text made by the core (zz_org_to_json …); NULL on failure. */
json_t *zz_cli_json_text(char *text_to_free);

#endif
