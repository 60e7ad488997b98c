/*
 * audit_store.h — the storage half of the audit log (src/store/audit_store.c), used by
 * src/core/audit.c only: the SQL of audit_log and audit_checkpoints, and the checkpoint file.
 * The rules (validation, canonical content, chaining, verification) live in src/core/audit.c.
 * No sqlite3 type appears here.
 */
#ifndef ZIZHI_AUDIT_STORE_H
#define ZIZHI_AUDIT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/audit.h"
#include "zizhi/store.h"

/* Highest seq and its digest; 0 and ZZ_AUDIT_GENESIS when the log is empty. */
int zz_audit_store_head(zz_store *st, int64_t *count, char head[ZZ_SM3_HEXLEN + 1], zz_err *err);

/* Inserts a complete entry (digest computed by the caller). */
int zz_audit_store_insert(zz_store *st, const zz_audit_entry *e, zz_err *err);

/* The stored digest of entry seq; ZZ_ENOTFOUND "audit.no_entry" when there is none. */
int zz_audit_store_digest_at(zz_store *st, int64_t seq, char out[ZZ_SM3_HEXLEN + 1], zz_err *err);

/*
 * Calls fn for each entry in seq order (ascending, or descending when newest_first), at most
 * limit entries (0 = all). The entry and its strings are borrowed for the call only. fn returns
 * 0 to go on, 1 to stop, < 0 to stop with that error.
 */
typedef int (*zz_audit_store_fn)(void *ctx, const zz_audit_entry *e, zz_err *err);
int zz_audit_store_each(zz_store *st, bool newest_first, size_t limit, zz_audit_store_fn fn,
                        void *ctx, zz_err *err);

int zz_audit_store_checkpoint_insert(zz_store *st, int64_t count, const char *head, const char *at,
                                     const char *signature, zz_err *err);
/* The most recent row of audit_checkpoints; *found false when there is none. */
int zz_audit_store_checkpoint_latest(zz_store *st, bool *found, int64_t *count,
                                     char head[ZZ_SM3_HEXLEN + 1], zz_err *err);

/* Writes text to DATA_DIR/audit-checkpoint.json: temporary file, fsync, rename, fsync dir. */
int zz_audit_store_checkpoint_file_write(const char *data_dir, const char *text, zz_err *err);
/*
 * Reads DATA_DIR/audit-checkpoint.json. OUT: *text, NUL-terminated, caller frees with free().
 * ZZ_ENOTFOUND "audit.checkpoint_missing" when the file does not exist.
 */
int zz_audit_store_checkpoint_file_read(const char *data_dir, char **text, zz_err *err);

#endif
