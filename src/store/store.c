/*
 * store.c — the SQLite store: opening and migrating DATA_DIR/zizhi.db, transactions, online backup,
 * consistency checks, and the prepare/step/bind helpers that every src/store/<module>_store.c uses.
 *
 * Migrations run with foreign keys switched off (the only moment they are off), each in its own
 * IMMEDIATE transaction that ends with a foreign_key_check, the procedure SQLite documents for
 * schema changes that rebuild tables. Two processes opening a fresh database at the same time are
 * safe: each migration re-checks inside its transaction whether another process applied it.
 */
#include "store/store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- helpers shared with the other src/store files ---------------------------------------- */

sqlite3 *zz_store__db(zz_store *st)
{
    return st->db;
}

/* True when s starts with a dotted machine code followed by ": " (trigger messages). */
static size_t dotted_code_len(const char *s)
{
    size_t i = 0;
    int dots = 0;
    while (s[i] && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
                    s[i] == '.')) {
        if (s[i] == '.') dots++;
        i++;
    }
    if (i == 0 || i >= ZZ_ERR_CODE_MAX || dots == 0 || s[i] != ':' || s[i + 1] != ' ') return 0;
    return i;
}

int zz_store__sqlerr(zz_store *st, int src, const char *what, zz_err *err)
{
    const char *msg = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(src);
    if (!what) what = "database";
    switch (src & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return zz_err_set(err, ZZ_ECONFLICT, "store.busy",
                          "数据库正被其他进程使用，等待超时：%s（%s）",
                          "database is busy (another writer holds it) during %s: %s", what, msg);
    case SQLITE_CONSTRAINT:
        if (src == SQLITE_CONSTRAINT_UNIQUE || src == SQLITE_CONSTRAINT_PRIMARYKEY)
            return zz_err_set(err, ZZ_EEXISTS, "store.duplicate", "记录已存在：%s（%s）",
                              "duplicate record during %s: %s", what, msg);
        if (src == SQLITE_CONSTRAINT_FOREIGNKEY)
            return zz_err_set(err, ZZ_ECONFLICT, "store.foreign_key",
                              "引用的记录不存在或仍被引用：%s（%s）",
                              "foreign key constraint failed during %s: %s", what, msg);
        if (src == SQLITE_CONSTRAINT_TRIGGER) {
            size_t n = dotted_code_len(msg);
            if (n > 0) {
                char code[ZZ_ERR_CODE_MAX];
                memcpy(code, msg, n);
                code[n] = '\0';
                return zz_err_set(err, ZZ_ECONFLICT, code, "数据库拒绝了该修改：%s（%s）",
                                  "the database refused the change during %s: %s", what,
                                  msg + n + 2);
            }
        }
        return zz_err_set(err, ZZ_ECONFLICT, "store.constraint", "违反数据约束：%s（%s）",
                          "constraint failed during %s: %s", what, msg);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return zz_err_set(err, ZZ_ESTORE, "store.corrupt", "数据库文件已损坏或不是数据库：%s（%s）",
                          "database file is corrupt or not a database during %s: %s", what, msg);
    case SQLITE_FULL:
        return zz_err_set(err, ZZ_ESTORE, "store.full", "磁盘已满：%s（%s）",
                          "disk full during %s: %s", what, msg);
    case SQLITE_READONLY:
        return zz_err_set(err, ZZ_ESTORE, "store.readonly", "数据库只读：%s（%s）",
                          "database is read-only during %s: %s", what, msg);
    case SQLITE_CANTOPEN:
        return zz_err_set(err, ZZ_ESTORE, "store.cannot_open", "无法打开数据库文件：%s（%s）",
                          "cannot open the database file during %s: %s", what, msg);
    case SQLITE_NOMEM:
        return zz_err_set(err, ZZ_ENOMEM, "store.nomem", "内存不足：%s", "out of memory during %s",
                          what);
    default:
        return zz_err_set(err, ZZ_ESTORE, "store.sql", "数据库操作失败：%s（%s）",
                          "database failure during %s: %s", what, msg);
    }
}

int zz_store__prepare(zz_store *st, sqlite3_stmt **out, const char *sql, zz_err *err)
{
    *out = NULL;
    int src = sqlite3_prepare_v2(st->db, sql, -1, out, NULL);
    if (src != SQLITE_OK) {
        sqlite3_finalize(*out);
        *out = NULL;
        return zz_store__sqlerr(st, src, "prepare", err);
    }
    return ZZ_OK;
}

int zz_store__step(zz_store *st, sqlite3_stmt *s, zz_err *err)
{
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) return ZZ_STORE_ROW;
    if (src == SQLITE_DONE) return ZZ_STORE_DONE;
    return zz_store__sqlerr(st, src, "statement", err);
}

int zz_store__exec(zz_store *st, const char *sql, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) return rc;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW)
        ;
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_store__exec_script(zz_store *st, const char *sql, zz_err *err)
{
    const char *p = sql;
    while (p && *p) {
        sqlite3_stmt *s = NULL;
        const char *tail = NULL;
        int src = sqlite3_prepare_v2(st->db, p, -1, &s, &tail);
        if (src != SQLITE_OK) {
            sqlite3_finalize(s);
            return zz_store__sqlerr(st, src, "script", err);
        }
        if (!s) /* only whitespace or comments were left */
            break;
        int rc;
        while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW)
            ;
        sqlite3_finalize(s);
        if (rc < 0) return rc;
        p = tail;
    }
    return ZZ_OK;
}

int zz_store__bind_text(sqlite3_stmt *s, int idx, const char *text)
{
    if (!text) return sqlite3_bind_null(s, idx);
    return sqlite3_bind_text(s, idx, text, -1, SQLITE_TRANSIENT);
}

int zz_store__bind_int64(sqlite3_stmt *s, int idx, int64_t v)
{
    return sqlite3_bind_int64(s, idx, (sqlite3_int64)v);
}

const char *zz_store__col_text(sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    return t ? (const char *)t : "";
}

char *zz_store__col_dup(sqlite3_stmt *s, int col)
{
    const char *t = zz_store__col_text(s, col);
    size_t n = strlen(t) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, t, n);
    return d;
}

int zz_store__run(zz_store *st, sqlite3_stmt *s, zz_err *err)
{
    int rc = zz_store__step(st, s, err);
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_store__nomem(zz_err *err)
{
    return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
}

/* ---- opening ------------------------------------------------------------------------------- */

/* mkdir -p with mode 0700 for every directory it creates. */
static int make_dirs(const char *dir, zz_err *err)
{
    size_t n = strlen(dir);
    char *p = malloc(n + 1);
    if (!p) return zz_err_set(err, ZZ_ENOMEM, "store.nomem", "内存不足", "out of memory");
    memcpy(p, dir, n + 1);
    int rc = ZZ_OK;
    for (size_t i = 1; i <= n; i++) {
        if (p[i] != '/' && p[i] != '\0') continue;
        char c = p[i];
        p[i] = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST) {
            rc = zz_err_set(err, ZZ_ESTORE, "store.mkdir", "无法创建数据目录“%s”：%s",
                            "cannot create data directory '%s': %s", p, strerror(errno));
            break;
        }
        p[i] = c;
    }
    if (rc == ZZ_OK) {
        struct stat sb;
        if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
            rc = zz_err_set(err, ZZ_ESTORE, "store.mkdir", "数据目录“%s”不是目录",
                            "data directory '%s' is not a directory", dir);
    }
    free(p);
    return rc;
}

static char *str_dup(const char *s)
{
    size_t n = strlen(s);
    char *d = malloc(n + 1);
    if (d) memcpy(d, s, n + 1);
    return d;
}

static char *path_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (!p) return NULL;
    memcpy(p, dir, a);
    size_t k = a;
    if (k == 0 || p[k - 1] != '/') p[k++] = '/';
    memcpy(p + k, name, b + 1);
    return p;
}

int zz_store_binary_schema_version(void)
{
    int v = 0;
    for (const struct zz_migration *m = zz_migrations; m->sql; m++)
        if (m->version > v) v = m->version;
    return v;
}

static int query_int64(zz_store *st, const char *sql, int64_t *out, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) return rc;
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) {
        *out = sqlite3_column_int64(s, 0);
        rc = ZZ_OK;
    } else if (rc == ZZ_STORE_DONE) {
        *out = 0;
    }
    sqlite3_finalize(s);
    return rc;
}

/* Reads the recorded schema version; 0 when schema_migrations does not exist yet. */
static int read_schema_version(zz_store *st, int64_t *out, zz_err *err)
{
    int64_t exists = 0;
    int rc = query_int64(st,
                         "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND "
                         "name = 'schema_migrations'",
                         &exists, err);
    if (rc < 0) return rc;
    if (!exists) {
        *out = 0;
        return ZZ_OK;
    }
    return query_int64(st, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", out, err);
}

int zz_store_schema_version(zz_store *st, int *out, zz_err *err)
{
    int64_t v = 0;
    int rc = read_schema_version(st, &v, err);
    *out = (int)v;
    return rc;
}

int zz_store_migrations_applied(const zz_store *st)
{
    return st->migrations_applied;
}

static int schema_too_new(zz_store *st, int64_t have, zz_err *err)
{
    return zz_err_set(err, ZZ_ESTORE, "store.schema_too_new",
                      "数据库“%s”的结构版本 %lld 高于本程序支持的版本 %d，请使用更新的程序",
                      "database '%s' has schema version %lld, newer than this program's %d; use a "
                      "newer program",
                      st->path, (long long)have, zz_store_binary_schema_version());
}

static int apply_one(zz_store *st, const struct zz_migration *m, zz_err *err)
{
    int rc = zz_store__exec(st, "BEGIN IMMEDIATE", err);
    if (rc < 0) return rc;
    sqlite3_stmt *s = NULL;
    int64_t applied = 0;
    rc = zz_store__prepare(st, &s, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", err);
    if (rc < 0) goto fail;
    zz_store__bind_int64(s, 1, m->version);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) applied = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    s = NULL;
    if (rc < 0) goto fail;
    if (applied) /* another process got there first */
        return zz_store__exec(st, "COMMIT", err);

    rc = zz_store__exec_script(st, m->sql, err);
    if (rc < 0) goto fail_migration;
    if (sqlite3_get_autocommit(st->db)) {
        rc = zz_err_set(err, ZZ_ESTORE, "store.migration",
                        "数据库迁移 %s 自行结束了事务（迁移文件中不得含 BEGIN/COMMIT）",
                        "migration %s ended its transaction itself (no BEGIN/COMMIT in migrations)",
                        m->name);
        return rc;
    }
    /* Foreign keys are off while migrating: the schema change must still leave them consistent. */
    rc = zz_store__prepare(st, &s, "PRAGMA foreign_key_check", err);
    if (rc < 0) goto fail;
    rc = zz_store__step(st, s, err);
    sqlite3_finalize(s);
    s = NULL;
    if (rc == ZZ_STORE_ROW) {
        rc = zz_err_set(err, ZZ_ESTORE, "store.migration", "数据库迁移 %s 破坏了外键一致性",
                        "migration %s broke foreign key consistency", m->name);
        goto fail;
    }
    if (rc < 0) goto fail;
    rc = zz_store__prepare(st, &s, "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                           err);
    if (rc < 0) goto fail;
    zz_store__bind_int64(s, 1, m->version);
    zz_store__bind_text(s, 2, m->name);
    rc = zz_store__step(st, s, err);
    sqlite3_finalize(s);
    if (rc < 0) goto fail;
    rc = zz_store__exec(st, "COMMIT", err);
    if (rc < 0) goto fail;
    st->migrations_applied++;
    return ZZ_OK;

fail_migration:
    if (err) {
        zz_err inner = *err;
        zz_err_set(err, rc, "store.migration", "数据库迁移 %s 失败：%s%.0s",
                   "migration %s failed: %.0s%s", m->name, inner.message_zh, inner.message);
    }
fail:
    zz_store__exec(st, "ROLLBACK", NULL);
    return rc;
}

static int migrate(zz_store *st, zz_err *err)
{
    int64_t have = 0;
    int rc = read_schema_version(st, &have, err);
    if (rc < 0) return rc;
    int latest = zz_store_binary_schema_version();
    if (have > latest) return schema_too_new(st, have, err); /* refuse before writing anything */
    if (have == latest) return ZZ_OK;

    rc = zz_store__exec(st,
                        "CREATE TABLE IF NOT EXISTS schema_migrations ("
                        " version INTEGER PRIMARY KEY,"
                        " name VARCHAR(200) NOT NULL,"
                        " applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)",
                        err);
    if (rc < 0) return rc;
    rc = zz_store__exec(st, "PRAGMA foreign_keys = OFF", err);
    if (rc < 0) return rc;
    for (const struct zz_migration *m = zz_migrations; m->sql; m++) {
        if (m->version <= have) continue;
        rc = apply_one(st, m, err);
        if (rc < 0) break;
    }
    int rc2 = zz_store__exec(st, "PRAGMA foreign_keys = ON", rc < 0 ? NULL : err);
    if (rc == ZZ_OK) rc = rc2;
    if (rc == ZZ_OK) { /* a newer binary may have migrated meanwhile */
        rc = read_schema_version(st, &have, err);
        if (rc == ZZ_OK && have > latest) rc = schema_too_new(st, have, err);
    }
    return rc;
}

static int pragma_text(zz_store *st, const char *sql, char *buf, size_t cap, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) return rc;
    rc = zz_store__step(st, s, err);
    buf[0] = '\0';
    if (rc == ZZ_STORE_ROW) {
        snprintf(buf, cap, "%s", zz_store__col_text(s, 0));
        rc = ZZ_OK;
    }
    sqlite3_finalize(s);
    return rc;
}

void zz_store_set_busy_timeout(zz_store *st, int ms)
{
    st->busy_timeout_ms = ms > 0 ? ms : ZZ_STORE_BUSY_TIMEOUT_MS_DEFAULT;
    sqlite3_busy_timeout(st->db, st->busy_timeout_ms);
}

/*
 * SQLite keeps allocation statistics (sqlite3_memory_used) under one process-wide mutex unless
 * told not to; with one connection per zizhid thread that mutex serialised the threads on every
 * allocation (make bench, 100,000 cases: the public registry search went from about 200 to 600
 * requests/s without it). Nothing here reads the statistics. The setting must precede SQLite's
 * initialisation, so it is made once before the first open; later calls are harmless no-ops.
 */
static pthread_once_t sqlite_setup_once = PTHREAD_ONCE_INIT;
static void sqlite_setup(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int zz_store_open_ex(zz_store **out, const char *data_dir, const zz_store_options *opts,
                     zz_err *err)
{
    *out = NULL;
    if (!data_dir || !*data_dir)
        return zz_err_set(err, ZZ_EINVAL, "store.data_dir", "未指定数据目录",
                          "no data directory given");
    int rc;
    if (opts && opts->must_exist) {
        char *path = path_join(data_dir, ZZ_STORE_DB_NAME);
        if (!path) return zz_err_set(err, ZZ_ENOMEM, "store.nomem", "内存不足", "out of memory");
        bool exists = access(path, F_OK) == 0;
        if (!exists)
            zz_err_set(err, ZZ_ENOTFOUND, "store.not_initialised",
                       "数据库“%s”不存在，请先运行 zizhi db init",
                       "database '%s' does not exist; run 'zizhi db init' first", path);
        free(path);
        if (!exists) return ZZ_ENOTFOUND;
    }
    rc = make_dirs(data_dir, err);
    if (rc < 0) return rc;
    zz_store *st = calloc(1, sizeof *st);
    if (!st) return zz_err_set(err, ZZ_ENOMEM, "store.nomem", "内存不足", "out of memory");
    st->data_dir = str_dup(data_dir);
    st->path = path_join(data_dir, ZZ_STORE_DB_NAME);
    if (!st->data_dir || !st->path) {
        zz_store_close(st);
        return zz_err_set(err, ZZ_ENOMEM, "store.nomem", "内存不足", "out of memory");
    }
    pthread_once(&sqlite_setup_once, sqlite_setup);
    int src = sqlite3_open_v2(st->path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (src != SQLITE_OK) {
        rc = zz_err_set(err, ZZ_ESTORE, "store.cannot_open", "无法打开数据库“%s”：%s",
                        "cannot open database '%s': %s", st->path,
                        st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(src));
        zz_store_close(st);
        return rc;
    }
    sqlite3_extended_result_codes(st->db, 1);
    zz_store_set_busy_timeout(st, opts ? opts->busy_timeout_ms : 0);

    char mode[32];
    rc = pragma_text(st, "PRAGMA journal_mode = WAL", mode, sizeof mode, err);
    if (rc == ZZ_OK && strcmp(mode, "wal") != 0)
        rc = zz_err_set(err, ZZ_ESTORE, "store.wal", "无法将数据库“%s”设为 WAL 模式（当前 %s）",
                        "cannot put database '%s' in WAL mode (it is '%s')", st->path, mode);
    if (rc == ZZ_OK) rc = migrate(st, err);
    if (rc == ZZ_OK) rc = zz_store__exec(st, "PRAGMA foreign_keys = ON", err);
    if (rc == ZZ_OK) {
        char fk[8];
        rc = pragma_text(st, "PRAGMA foreign_keys", fk, sizeof fk, err);
        if (rc == ZZ_OK && strcmp(fk, "1") != 0)
            rc = zz_err_set(err, ZZ_ESTORE, "store.foreign_keys", "无法启用外键约束",
                            "cannot turn foreign keys on");
    }
    if (rc < 0) {
        zz_store_close(st);
        return rc;
    }
    *out = st;
    return ZZ_OK;
}

int zz_store_open(zz_store **out, const char *data_dir, zz_err *err)
{
    return zz_store_open_ex(out, data_dir, NULL, err);
}

void zz_store_close(zz_store *st)
{
    if (!st) return;
    if (st->db) {
        if (!sqlite3_get_autocommit(st->db)) zz_store__exec(st, "ROLLBACK", NULL);
        sqlite3_close_v2(st->db);
    }
    free(st->data_dir);
    free(st->path);
    free(st);
}

const char *zz_store_data_dir(const zz_store *st)
{
    return st->data_dir;
}

const char *zz_store_path(const zz_store *st)
{
    return st->path;
}

/* ---- transactions -------------------------------------------------------------------------- */

bool zz_store_in_transaction(const zz_store *st)
{
    return st && st->db && !sqlite3_get_autocommit(st->db);
}

int zz_store_begin(zz_store *st, zz_err *err)
{
    if (zz_store_in_transaction(st))
        return zz_err_set(err, ZZ_ESTATE, "store.tx_open", "已有未结束的数据库事务（事务不能嵌套）",
                          "a transaction is already open (transactions do not nest)");
    /* IMMEDIATE takes the write lock now, so writers queue here (busy timeout) rather than
     * failing later, and no two writers ever read the same audit chain head. */
    return zz_store__exec(st, "BEGIN IMMEDIATE", err);
}

int zz_store_commit(zz_store *st, zz_err *err)
{
    if (!zz_store_in_transaction(st))
        return zz_err_set(err, ZZ_ESTATE, "store.no_tx", "没有可提交的数据库事务",
                          "no transaction to commit");
    int rc = zz_store__exec(st, "COMMIT", err);
    if (rc < 0 && zz_store_in_transaction(st)) zz_store__exec(st, "ROLLBACK", NULL);
    return rc;
}

int zz_store_rollback(zz_store *st, zz_err *err)
{
    if (!zz_store_in_transaction(st)) return ZZ_OK;
    return zz_store__exec(st, "ROLLBACK", err);
}

/* ---- backup and check ---------------------------------------------------------------------- */

int zz_store_backup(zz_store *st, const char *out_path, zz_err *err)
{
    if (!out_path || !*out_path)
        return zz_err_set(err, ZZ_EINVAL, "store.backup_path", "未指定备份文件路径",
                          "no backup file path given");
    if (zz_store_in_transaction(st))
        return zz_err_set(err, ZZ_ESTATE, "store.tx_open", "事务进行中，不能备份",
                          "cannot back up inside a transaction");
    if (access(out_path, F_OK) == 0)
        return zz_err_set(err, ZZ_EEXISTS, "store.backup_exists", "备份文件“%s”已存在，不会覆盖",
                          "backup file '%s' already exists; it is not overwritten", out_path);
    size_t n = strlen(out_path);
    char *tmp = malloc(n + 32);
    if (!tmp) return zz_err_set(err, ZZ_ENOMEM, "store.nomem", "内存不足", "out of memory");
    snprintf(tmp, n + 32, "%s.tmp-%ld", out_path, (long)getpid());
    unlink(tmp);

    int rc = ZZ_OK;
    sqlite3 *dst = NULL;
    int src = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (src == SQLITE_OK) {
        sqlite3_backup *b = sqlite3_backup_init(dst, "main", st->db, "main");
        if (!b) {
            src = sqlite3_errcode(dst);
        } else {
            /* -1: every page in one step, under one read snapshot; WAL keeps writers going. */
            src = sqlite3_backup_step(b, -1);
            int fin = sqlite3_backup_finish(b);
            src = src == SQLITE_DONE ? fin : src;
        }
        if (src == SQLITE_OK) /* one self-contained file, no -wal beside it */
            src = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
    }
    if (src != SQLITE_OK)
        rc = zz_err_set(err, ZZ_ESTORE, "store.backup", "备份到“%s”失败：%s",
                        "backup to '%s' failed: %s", out_path,
                        dst ? sqlite3_errmsg(dst) : sqlite3_errstr(src));
    if (sqlite3_close(dst) != SQLITE_OK && rc == ZZ_OK)
        rc = zz_err_set(err, ZZ_ESTORE, "store.backup", "无法关闭备份文件“%s”",
                        "cannot close backup file '%s'", tmp);
    if (rc == ZZ_OK) {
        chmod(tmp, 0600);
        int fd = open(tmp, O_RDONLY);
        if (fd >= 0) {
            fsync(fd);
            close(fd);
        }
        /* link() refuses to replace a file that appeared meanwhile; rename() where links fail. */
        if (link(tmp, out_path) != 0) {
            if (errno == EEXIST)
                rc = zz_err_set(err, ZZ_EEXISTS, "store.backup_exists",
                                "备份文件“%s”已存在，不会覆盖",
                                "backup file '%s' already exists; it is not overwritten", out_path);
            else if (rename(tmp, out_path) != 0)
                rc = zz_err_set(err, ZZ_ESTORE, "store.backup", "无法写入备份文件“%s”：%s",
                                "cannot write backup file '%s': %s", out_path, strerror(errno));
        }
    }
    unlink(tmp);
    free(tmp);
    return rc;
}

int zz_store_check(zz_store *st, zz_store_report *report, zz_err *err)
{
    memset(report, 0, sizeof *report);
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "PRAGMA integrity_check", err);
    if (rc < 0) return rc;
    report->integrity_ok = true;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        const char *line = zz_store__col_text(s, 0);
        if (strcmp(line, "ok") == 0) continue;
        if (report->integrity_problems == 0)
            snprintf(report->integrity_first, sizeof report->integrity_first, "%s", line);
        report->integrity_problems++;
        report->integrity_ok = false;
    }
    sqlite3_finalize(s);
    if (rc < 0) return rc;

    rc = zz_store__prepare(st, &s, "PRAGMA foreign_key_check", err);
    if (rc < 0) return rc;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (report->fk_violations == 0)
            snprintf(report->fk_first, sizeof report->fk_first,
                     "table %s row %lld refers to missing %s", zz_store__col_text(s, 0),
                     (long long)sqlite3_column_int64(s, 1), zz_store__col_text(s, 2));
        report->fk_violations++;
    }
    sqlite3_finalize(s);
    if (rc < 0) return rc;
    report->ok = report->integrity_ok && report->fk_violations == 0;
    return ZZ_OK;
}
