/*
 * test_store.c — src/store/store.c: opening, migrations, transactions and locking between two
 * handles, backup and consistency checks.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/store_int.h"
#include "zizhi/store.h"

typedef struct fx {
    char dir[64];  /* the temporary root */
    char data[96]; /* DATA_DIR below it, not created yet */
    char db[128];
} fx;

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/zz-test-store-XXXXXX");
    if (!f || !mkdtemp(f->dir)) return -1;
    snprintf(f->data, sizeof f->data, "%s/var/data", f->dir);
    snprintf(f->db, sizeof f->db, "%s/zizhi.db", f->data);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return 0;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t count_rows(zz_store *st, const char *sql)
{
    sqlite3_stmt *s = NULL;
    assert_int_equal(zz_store__prepare(st, &s, sql, NULL), ZZ_OK);
    assert_int_equal(zz_store__step(st, s, NULL), ZZ_STORE_ROW);
    int64_t n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

static int embedded_migrations(void)
{
    int n = 0;
    for (const struct zz_migration *m = zz_migrations; m->sql; m++)
        n++;
    return n;
}

static void test_store__open_creates_private_dir_wal_and_foreign_keys(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    zz_store *st = NULL;
    assert_int_equal(zz_store_open(&st, f->data, &err), ZZ_OK);
    struct stat sb;
    assert_int_equal(stat(f->data, &sb), 0);
    assert_true(S_ISDIR(sb.st_mode));
    assert_int_equal(sb.st_mode & 0777, 0700);
    assert_string_equal(zz_store_path(st), f->db);
    assert_string_equal(zz_store_data_dir(st), f->data);

    sqlite3_stmt *s = NULL;
    assert_int_equal(zz_store__prepare(st, &s, "PRAGMA journal_mode", &err), ZZ_OK);
    assert_int_equal(zz_store__step(st, s, &err), ZZ_STORE_ROW);
    assert_string_equal(zz_store__col_text(s, 0), "wal");
    sqlite3_finalize(s);
    assert_int_equal(count_rows(st, "PRAGMA foreign_keys"), 1);
    assert_false(zz_store_in_transaction(st));
    zz_store_close(st);
}

static void test_store__must_exist_refuses_missing_database(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    zz_store *st = NULL;
    zz_store_options o = ZZ_STORE_OPTIONS_INIT;
    o.must_exist = true;
    assert_int_equal(zz_store_open_ex(&st, f->data, &o, &err), ZZ_ENOTFOUND);
    assert_string_equal(err.code, "store.not_initialised");
    assert_null(st);
    assert_int_not_equal(access(f->data, F_OK), 0); /* nothing was created */
}

static void test_store__migrations_applied_once(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    zz_store *st = NULL;
    int n = embedded_migrations();
    assert_true(n >= 1);

    assert_int_equal(zz_store_open(&st, f->data, &err), ZZ_OK);
    assert_int_equal(zz_store_migrations_applied(st), n);
    int v = 0;
    assert_int_equal(zz_store_schema_version(st, &v, &err), ZZ_OK);
    assert_int_equal(v, zz_store_binary_schema_version());
    assert_int_equal(count_rows(st, "SELECT COUNT(*) FROM schema_migrations"), n);
    zz_store_close(st);

    /* Re-opening (and a second handle at once) applies nothing again. */
    zz_store *a = NULL, *b = NULL;
    assert_int_equal(zz_store_open(&a, f->data, &err), ZZ_OK);
    assert_int_equal(zz_store_open(&b, f->data, &err), ZZ_OK);
    assert_int_equal(zz_store_migrations_applied(a), 0);
    assert_int_equal(zz_store_migrations_applied(b), 0);
    assert_int_equal(count_rows(a, "SELECT COUNT(*) FROM schema_migrations"), n);
    assert_int_equal(count_rows(a, "SELECT COUNT(*) FROM schema_migrations WHERE version = 1"), 1);
    assert_int_equal(count_rows(a, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit_log'"),
                     1);
    zz_store_close(a);
    zz_store_close(b);
}

static void test_store__schema_too_new_refused(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    zz_store *st = NULL;
    assert_int_equal(zz_store_open(&st, f->data, &err), ZZ_OK);
    zz_store_close(st);

    /* A newer binary migrated this database. */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    char sql[128];
    snprintf(sql, sizeof sql, "INSERT INTO schema_migrations (version, name) VALUES (%d, 'x')",
             zz_store_binary_schema_version() + 1);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);

    st = NULL;
    assert_int_equal(zz_store_open(&st, f->data, &err), ZZ_ESTORE);
    assert_string_equal(err.code, "store.schema_too_new");
    assert_null(st);
}

static void test_store__transactions_do_not_nest(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    zz_store *st = NULL;
    assert_int_equal(zz_store_open(&st, f->data, &err), ZZ_OK);
    assert_int_equal(zz_store_commit(st, &err), ZZ_ESTATE);
    assert_string_equal(err.code, "store.no_tx");
    assert_int_equal(zz_store_rollback(st, &err), ZZ_OK); /* no-op without a transaction */
    assert_int_equal(zz_store_begin(st, &err), ZZ_OK);
    assert_true(zz_store_in_transaction(st));
    assert_int_equal(zz_store_begin(st, &err), ZZ_ESTATE);
    assert_string_equal(err.code, "store.tx_open");
    assert_int_equal(zz_store__exec(st, "CREATE TABLE t (x INTEGER)", &err), ZZ_OK);
    assert_int_equal(zz_store_rollback(st, &err), ZZ_OK);
    assert_false(zz_store_in_transaction(st));
    assert_int_equal(count_rows(st, "SELECT COUNT(*) FROM sqlite_master WHERE name = 't'"), 0);
    zz_store_close(st);
}

static void test_store__second_writer_times_out_with_store_busy(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    zz_store *a = NULL, *b = NULL;
    zz_store_options o = ZZ_STORE_OPTIONS_INIT;
    o.busy_timeout_ms = 300;
    assert_int_equal(zz_store_open(&a, f->data, &err), ZZ_OK);
    assert_int_equal(zz_store_open_ex(&b, f->data, &o, &err), ZZ_OK);

    assert_int_equal(zz_store_begin(a, &err), ZZ_OK);
    int64_t t0 = now_ms();
    assert_int_equal(zz_store_begin(b, &err), ZZ_ECONFLICT);
    int64_t waited = now_ms() - t0;
    assert_string_equal(err.code, "store.busy");
    assert_true(waited >= 250); /* it waited for the timeout, it did not fail at once */
    assert_false(zz_store_in_transaction(b));

    /* Readers are not blocked by the writer (WAL). */
    assert_int_equal(count_rows(b, "SELECT COUNT(*) FROM schema_migrations") > 0, 1);

    assert_int_equal(zz_store_commit(a, &err), ZZ_OK);
    assert_int_equal(zz_store_begin(b, &err), ZZ_OK);
    assert_int_equal(zz_store_commit(b, &err), ZZ_OK);
    zz_store_close(a);
    zz_store_close(b);
}

typedef struct holder {
    zz_store *st;
    int hold_ms;
} holder;

static void *hold_then_commit(void *arg)
{
    holder *h = arg;
    usleep((useconds_t)h->hold_ms * 1000);
    zz_store__exec(h->st, "INSERT INTO t (x) VALUES (1)", NULL);
    zz_store_commit(h->st, NULL);
    return NULL;
}

static void test_store__second_writer_waits_for_the_first(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    zz_store *a = NULL, *b = NULL;
    assert_int_equal(zz_store_open(&a, f->data, &err), ZZ_OK);
    assert_int_equal(zz_store_open(&b, f->data, &err), ZZ_OK); /* default 5 s timeout */
    assert_int_equal(zz_store__exec(a, "CREATE TABLE t (x INTEGER)", &err), ZZ_OK);

    assert_int_equal(zz_store_begin(a, &err), ZZ_OK);
    holder h = {a, 400};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, hold_then_commit, &h), 0);
    int64_t t0 = now_ms();
    assert_int_equal(zz_store_begin(b, &err), ZZ_OK); /* waits, then gets the lock */
    int64_t waited = now_ms() - t0;
    pthread_join(th, NULL);
    assert_true(waited >= 300);
    assert_true(waited < 5000);
    /* b sees a's committed row inside its own transaction. */
    assert_int_equal(count_rows(b, "SELECT COUNT(*) FROM t"), 1);
    assert_int_equal(zz_store__exec(b, "INSERT INTO t (x) VALUES (2)", &err), ZZ_OK);
    assert_int_equal(zz_store_commit(b, &err), ZZ_OK);
    assert_int_equal(count_rows(a, "SELECT COUNT(*) FROM t"), 2);
    zz_store_close(a);
    zz_store_close(b);
}

static void test_store__backup_is_a_database_and_never_overwrites(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    zz_store *st = NULL;
    assert_int_equal(zz_store_open(&st, f->data, &err), ZZ_OK);
    assert_int_equal(zz_store__exec(st, "CREATE TABLE t (x INTEGER)", &err), ZZ_OK);
    assert_int_equal(zz_store__exec(st, "INSERT INTO t (x) VALUES (7), (8), (9)", &err), ZZ_OK);

    char out[160];
    snprintf(out, sizeof out, "%s/backup.db", f->dir);
    assert_int_equal(zz_store_backup(st, out, &err), ZZ_OK);
    struct stat sb;
    assert_int_equal(stat(out, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);

    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_open_v2(out, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT SUM(x) FROM t", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 24);
    sqlite3_finalize(s);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "ok");
    sqlite3_finalize(s);
    sqlite3_close(db);

    assert_int_equal(zz_store_backup(st, out, &err), ZZ_EEXISTS);
    assert_string_equal(err.code, "store.backup_exists");
    char out2[160];
    snprintf(out2, sizeof out2, "%s/backup2.db", f->dir);
    assert_int_equal(zz_store_begin(st, &err), ZZ_OK);
    assert_int_equal(zz_store_backup(st, out2, &err), ZZ_ESTATE);
    assert_string_equal(err.code, "store.tx_open");
    zz_store_rollback(st, NULL);
    zz_store_close(st);
}

static void test_store__check_reports_foreign_key_violations(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    zz_store *st = NULL;
    zz_store_report r;
    assert_int_equal(zz_store_open(&st, f->data, &err), ZZ_OK);
    assert_int_equal(zz_store_check(st, &r, &err), ZZ_OK);
    assert_true(r.ok);
    assert_true(r.integrity_ok);
    assert_int_equal(r.fk_violations, 0);

    assert_int_equal(zz_store__exec(st, "CREATE TABLE p (id INTEGER PRIMARY KEY)", &err), ZZ_OK);
    assert_int_equal(
        zz_store__exec(st, "CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p(id))",
                       &err),
        ZZ_OK);
    /* The store enforces foreign keys ... */
    assert_int_equal(zz_store__exec(st, "INSERT INTO c (id, p) VALUES (1, 42)", &err),
                     ZZ_ECONFLICT);
    assert_string_equal(err.code, "store.foreign_key");
    /* ... so an orphan can only come from outside, and check finds it. */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO c (id, p) VALUES (1, 42)", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(zz_store_check(st, &r, &err), ZZ_OK);
    assert_false(r.ok);
    assert_true(r.integrity_ok);
    assert_int_equal(r.fk_violations, 1);
    assert_non_null(strstr(r.fk_first, "table c"));
    zz_store_close(st);
}

static void test_store__duplicate_maps_to_store_duplicate(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    zz_store *st = NULL;
    assert_int_equal(zz_store_open(&st, f->data, &err), ZZ_OK);
    assert_int_equal(zz_store__exec(st, "CREATE TABLE u (k TEXT UNIQUE)", &err), ZZ_OK);
    assert_int_equal(zz_store__exec(st, "INSERT INTO u (k) VALUES ('a')", &err), ZZ_OK);
    assert_int_equal(zz_store__exec(st, "INSERT INTO u (k) VALUES ('a')", &err), ZZ_EEXISTS);
    assert_string_equal(err.code, "store.duplicate");
    assert_int_equal(zz_store__exec(st, "SELEC nonsense", &err), ZZ_ESTORE);
    assert_string_equal(err.code, "store.sql");
    zz_store_close(st);
}

static void test_store__not_a_database_refused(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    zz_store *st = NULL;
    assert_int_equal(zz_store_open(&st, f->data, &err), ZZ_OK); /* makes the directory */
    zz_store_close(st);
    unlink(f->db);
    char p[160];
    snprintf(p, sizeof p, "%s-wal", f->db);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", f->db);
    unlink(p);
    FILE *fp = fopen(f->db, "w");
    assert_non_null(fp);
    fputs("this is not a database, just text that is long enough to fill a header....\n", fp);
    fclose(fp);
    st = NULL;
    assert_int_equal(zz_store_open(&st, f->data, &err), ZZ_ESTORE);
    assert_string_equal(err.code, "store.corrupt");
    assert_null(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_store__open_creates_private_dir_wal_and_foreign_keys,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__must_exist_refuses_missing_database, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store__migrations_applied_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__schema_too_new_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__transactions_do_not_nest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__second_writer_times_out_with_store_busy, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store__second_writer_waits_for_the_first, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store__backup_is_a_database_and_never_overwrites,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_store__check_reports_foreign_key_violations, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store__duplicate_maps_to_store_duplicate, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_store__not_a_database_refused, setup, teardown),
    };
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
