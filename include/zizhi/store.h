/*
 * store.h — the database handle: one SQLite file DATA_DIR/zizhi.db, opened, migrated, used in
 * transactions, backed up and checked (src/store/store.c).
 *
 * This interface names no sqlite3 type, so that a PostgreSQL store can later be added beside the
 * SQLite one. Domain modules keep their SQL in their own src/store/<module>_store.c files, which
 * reach the connection through the internal header src/store/store_int.h.
 *
 * Opening (zz_store_open):
 *   - creates DATA_DIR (mode 0700) when it does not exist, then opens DATA_DIR/zizhi.db;
 *   - sets the journal to WAL, foreign keys on and a busy timeout (5 s by default), so that zizhid
 *     and the zizhi command can work on one database at the same time: a writer that finds the
 *     database locked waits up to the timeout, then fails with ZZ_ECONFLICT "store.busy";
 *   - applies the migrations embedded in the binary (src/store/migrations/NNNN_name.sql), each in
 *     its own transaction, recording each applied version in the table schema_migrations;
 *   - refuses, with ZZ_ESTORE "store.schema_too_new", a database whose schema was written by a
 *     newer binary.
 *
 * Transactions: zz_store_begin starts an IMMEDIATE transaction, i.e. it takes the write lock at
 * once. Writers are therefore serialised, which is what keeps the audit chain from forking:
 * two actions never both read the same chain head. Transactions do not nest.
 *
 * Invariants:
 *   I1  an open zz_store has foreign keys on and its schema at zz_store_binary_schema_version().
 *   I2  a zz_store is used by one thread at a time; open one handle per thread.
 *   I3  while zz_store_in_transaction() is true the handle holds the database's write lock.
 *
 * State of a handle:
 *
 *     zz_store_open ──► IDLE ──zz_store_begin──► IN_TRANSACTION
 *                        ▲                            │
 *                        └──zz_store_commit / zz_store_rollback
 *     zz_store_close from IDLE (from IN_TRANSACTION it rolls back first).
 */
#ifndef ZIZHI_STORE_H
#define ZIZHI_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "zizhi/errors.h"

typedef struct zz_store zz_store;

#define ZZ_STORE_DB_NAME                 "zizhi.db"
#define ZZ_STORE_BUSY_TIMEOUT_MS_DEFAULT 5000

typedef struct zz_store_options {
    int busy_timeout_ms; /* how long a locked database is waited for; <= 0 means the default */
    bool must_exist;     /* refuse with ZZ_ENOTFOUND "store.not_initialised" instead of creating */
} zz_store_options;
/* clang-format off */
#define ZZ_STORE_OPTIONS_INIT {ZZ_STORE_BUSY_TIMEOUT_MS_DEFAULT, false}
/* clang-format on */

/*
 * Opens (creating and migrating as needed) DATA_DIR/zizhi.db with the default options.
 * OUT: *out, which the caller closes with zz_store_close.
 * Errors: "store.mkdir", "store.cannot_open", "store.busy", "store.schema_too_new",
 * "store.migration" (a migration failed; the database keeps the versions applied before it).
 */
int zz_store_open(zz_store **out, const char *data_dir, zz_err *err);
/* The same with options (opts may be NULL). */
int zz_store_open_ex(zz_store **out, const char *data_dir, const zz_store_options *opts,
                     zz_err *err);
/* Rolls back an open transaction, then closes. NULL is a no-op. */
void zz_store_close(zz_store *st);

/* Borrowed strings, valid until zz_store_close: the data directory and the database file path. */
const char *zz_store_data_dir(const zz_store *st);
const char *zz_store_path(const zz_store *st);

/* The highest migration version compiled into this binary. */
int zz_store_binary_schema_version(void);
/* The highest migration version recorded in the database. */
int zz_store_schema_version(zz_store *st, int *out, zz_err *err);
/* How many migrations this handle applied when it was opened (0 when the schema was current). */
int zz_store_migrations_applied(const zz_store *st);

/* Changes the busy timeout of this handle (<= 0 restores the default). */
void zz_store_set_busy_timeout(zz_store *st, int ms);

/*
 * Starts a write transaction (BEGIN IMMEDIATE), waiting up to the busy timeout for other
 * writers. Errors: ZZ_ESTATE "store.tx_open" when one is already open; ZZ_ECONFLICT "store.busy".
 */
int zz_store_begin(zz_store *st, zz_err *err);
/* Commits. On failure the transaction is rolled back and the error returned. */
int zz_store_commit(zz_store *st, zz_err *err);
/*
 * Rolls back the open transaction; a no-op without one. err may be NULL, and should be NULL in
 * cleanup paths so that it does not overwrite the error that caused the rollback.
 */
int zz_store_rollback(zz_store *st, zz_err *err);
bool zz_store_in_transaction(const zz_store *st);

/*
 * Online backup to out_path (a single self-contained database file, mode 0600), taken while other
 * connections keep working. The copy is written beside out_path and renamed into place.
 * Errors: ZZ_EEXISTS "store.backup_exists" when out_path exists; ZZ_ESTATE "store.tx_open" inside
 * a transaction; ZZ_ESTORE "store.backup".
 */
int zz_store_backup(zz_store *st, const char *out_path, zz_err *err);

typedef struct zz_store_report {
    bool ok;                /* integrity_ok && fk_violations == 0 */
    bool integrity_ok;      /* PRAGMA integrity_check said "ok" */
    int integrity_problems; /* lines reported by integrity_check (capped by SQLite at 100) */
    char integrity_first[256];
    int64_t fk_violations; /* rows of PRAGMA foreign_key_check */
    char fk_first[256];    /* "table T row R refers to missing P" */
} zz_store_report;

/*
 * Runs the database's own consistency checks: page structure (integrity_check) and foreign keys
 * (foreign_key_check). Returns 0 when the checks ran, whatever they found; the findings are in
 * *report. A negative return means the checks could not run.
 */
int zz_store_check(zz_store *st, zz_store_report *report, zz_err *err);

#endif
