/*
 * cli_audit.h — audit helpers shared by the zizhi sub-commands (src/cli/cli_audit.c).
 *
 * A command that changes state outside a domain module (db init, db backup) records it with
 * zz_cli_audit_record: one transaction holding the audit entry, then the signed checkpoint
 * . A command whose domain call already appended entries in its own committed
 * transaction calls zz_cli_audit_checkpoint afterwards.
 */
#ifndef ZIZHI_CLI_AUDIT_H
#define ZIZHI_CLI_AUDIT_H

#include <jansson.h>
#include <stdio.h>

#include "cli/cli.h"
#include "zizhi/audit.h"
#include "zizhi/store.h"

/* The acting user: --as USER, else "system". */
const char *zz_cli_actor(const zz_cli *cli);

/* Opens the store of --data; with must_exist, refuses a data directory without a database. */
int zz_cli_store_open(const zz_cli *cli, bool must_exist, zz_store **out, zz_err *err);

/* Loads (creating on first use) the system key and writes the signed checkpoint. */
int zz_cli_audit_checkpoint(const zz_cli *cli, zz_store *st, zz_err *err);

/* begin → zz_audit_append → commit → zz_cli_audit_checkpoint. */
int zz_cli_audit_record(const zz_cli *cli, zz_store *st, const char *action, const char *obj_type,
                        const char *obj_id, const char *obj_digest, const char *detail_json,
                        zz_err *err);

/* The verification report as a new JSON object (caller decrefs), and as text for people. */
json_t *zz_cli_audit_report_json(const zz_audit_report *r);
void zz_cli_audit_report_print(FILE *f, const zz_audit_report *r);

#endif
