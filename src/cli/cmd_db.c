/*
 * cmd_db.c — `zizhi db init|backup|check`: the database (数据库).
 *
 * init creates or migrates DATA_DIR/zizhi.db and the system key pair; backup takes an online copy;
 * check runs every integrity check there is: the database's own (pages, foreign keys), the audit
 * chain and its signed checkpoint, and every evidence blob against its name.
 * init and backup are recorded in the audit log.
 */
#include "cli/cli.h"

#include <dirent.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli_audit.h"
#include "zizhi/audit.h"
#include "zizhi/blob.h"
#include "zizhi/crypto.h"
#include "zizhi/store.h"

static void help(FILE *f)
{
    fputs("用法 usage:\n"
          "  zizhi db init [--json]\n"
          "      创建或升级数据库并生成系统密钥对 (create or migrate the database, make the key "
          "pair)\n"
          "  zizhi db backup [--json] OUT\n"
          "      在线备份数据库到文件 OUT，不覆盖已有文件 (online backup to OUT; never "
          "overwrites)\n"
          "  zizhi db check [--json]\n"
          "      检查数据库完整性、外键、审计链与全部证据文件 (integrity, foreign keys, audit "
          "chain,\n"
          "      every evidence file); 全部正常退出码 0，否则 1 (exit 0 when all is well, else 1)\n"
          "\n数据目录 data directory: --data DIR 或 (or) $ZIZHI_DATA, 默认 (default) var\n",
          f);
}

/* Parses [--json] and exactly `want` positional arguments. */
static int parse(zz_cli *cli, int argc, char **argv, int want, const char *usage)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'j')
            cli->json = true;
        else
            return zz_cli_usage("%s", usage);
    }
    if (argc - optind != want) return zz_cli_usage("%s", usage);
    return ZZ_EXIT_OK;
}

static void print_json(json_t *o)
{
    json_dumpf(o, stdout, JSON_COMPACT);
    fputc('\n', stdout);
    json_decref(o);
}

static int init(zz_cli *cli, int argc, char **argv)
{
    int u = parse(cli, argc, argv, 0, "usage: zizhi db init [--json]");
    if (u) return u;
    zz_err err = ZZ_ERR_INIT;
    zz_store *st = NULL;
    zz_sm2_key *key = NULL;
    int version = 0;
    int64_t count = 0;
    char head[ZZ_SM3_HEXLEN + 1];
    int rc = zz_cli_store_open(cli, false, &st, &err);
    if (rc == ZZ_OK) rc = zz_sm2_key_load_or_create(&key, cli->data_dir, &err);
    if (rc == ZZ_OK) rc = zz_store_schema_version(st, &version, &err);
    if (rc == ZZ_OK) rc = zz_audit_head(st, &count, head, &err);
    int applied = st ? zz_store_migrations_applied(st) : 0;
    /* creating or upgrading the schema is a change of state; a re-run that changes
     * nothing only refreshes the checkpoint. */
    if (rc == ZZ_OK && (count == 0 || applied > 0)) {
        char detail[96];
        snprintf(detail, sizeof detail, "{\"schema_version\":%d,\"migrations_applied\":%d}",
                 version, applied);
        rc = zz_cli_audit_record(cli, st, count == 0 ? "db.init" : "db.migrate", "database",
                                 ZZ_STORE_DB_NAME, NULL, detail, &err);
    } else if (rc == ZZ_OK) {
        rc = zz_cli_audit_checkpoint(cli, st, &err);
    }
    if (rc == ZZ_OK) rc = zz_audit_head(st, &count, head, &err);
    zz_sm2_key_free(key);
    if (rc < 0) {
        zz_store_close(st);
        return zz_cli_fail(cli, &err);
    }
    char keypath[4096];
    snprintf(keypath, sizeof keypath, "%s/keys/system-sm2.pem", cli->data_dir);
    if (cli->json) {
        json_t *o = json_object();
        json_object_set_new(o, "ok", json_true());
        json_object_set_new(o, "database", json_string(zz_store_path(st)));
        json_object_set_new(o, "schema_version", json_integer(version));
        json_object_set_new(o, "migrations_applied", json_integer(applied));
        json_object_set_new(o, "key", json_string(keypath));
        json_object_set_new(o, "audit_count", json_integer(count));
        json_object_set_new(o, "audit_head", json_string(head));
        print_json(o);
    } else {
        printf("数据库已就绪 (database ready): %s\n", zz_store_path(st));
        printf("  结构版本 (schema version)   %d%s\n", version,
               applied ? "" : "，无需升级 (already current)");
        if (applied) printf("  本次迁移 (migrations applied) %d\n", applied);
        printf("  系统密钥 (system key)       %s\n", keypath);
        printf("  审计记录 (audit entries)    %lld\n", (long long)count);
    }
    zz_store_close(st);
    return ZZ_EXIT_OK;
}

static int backup(zz_cli *cli, int argc, char **argv)
{
    int u = parse(cli, argc, argv, 1, "usage: zizhi db backup [--json] OUT");
    if (u) return u;
    const char *out = argv[optind];
    zz_err err = ZZ_ERR_INIT;
    zz_store *st = NULL;
    char digest[ZZ_SM3_HEXLEN + 1] = "";
    int rc = zz_cli_store_open(cli, true, &st, &err);
    if (rc == ZZ_OK) rc = zz_store_backup(st, out, &err);
    if (rc == ZZ_OK) rc = zz_sm3_file_hex(digest, out, &err);
    if (rc == ZZ_OK) {
        json_t *d = json_object();
        json_object_set_new(d, "path", json_string(out));
        char *detail = json_dumps(d, JSON_COMPACT);
        json_decref(d);
        rc = zz_cli_audit_record(cli, st, "db.backup", "database", ZZ_STORE_DB_NAME, digest, detail,
                                 &err);
        free(detail);
    }
    zz_store_close(st);
    if (rc < 0) return zz_cli_fail(cli, &err);
    if (cli->json) {
        json_t *o = json_object();
        json_object_set_new(o, "ok", json_true());
        json_object_set_new(o, "backup", json_string(out));
        json_object_set_new(o, "sm3", json_string(digest));
        print_json(o);
    } else {
        printf("备份完成 (backup written): %s\n  SM3 %s\n", out, digest);
    }
    return ZZ_EXIT_OK;
}

/* ---- evidence blobs (R-8.3) ---------------------------------------------------------------- */

typedef struct blob_tally {
    long checked, ok, bad;
    char first_code[ZZ_ERR_CODE_MAX];
    char first_zh[ZZ_ERR_MSG_MAX];
    char first_en[ZZ_ERR_MSG_MAX];
} blob_tally;

static void tally_bad(blob_tally *t, const zz_err *e)
{
    if (t->bad++ == 0) {
        snprintf(t->first_code, sizeof t->first_code, "%s", e->code);
        snprintf(t->first_zh, sizeof t->first_zh, "%s", e->message_zh);
        snprintf(t->first_en, sizeof t->first_en, "%s", e->message);
    }
}

static bool is_hex2(const char *s)
{
    for (int i = 0; i < 2; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    return s[2] == '\0';
}

static void stray(blob_tally *t, const char *path)
{
    zz_err e = ZZ_ERR_INIT;
    zz_err_set(&e, ZZ_ECONFLICT, "store.blob_misplaced", "证据库中有不属于任何证据文件的条目：%s",
               "the evidence store holds an entry that is not a blob: %s", path);
    tally_bad(t, &e);
}

/*
 * Walks DATA_DIR/evidence/ab/cd/<digest> (blob.h) and checks each file against its name; anything
 * else found there (apart from tmp/) is reported, since nothing else is ever written there.
 */
static int check_blobs(const char *data_dir, blob_tally *t, zz_err *err)
{
    char root[4096];
    snprintf(root, sizeof root, "%s/evidence", data_dir);
    DIR *d1 = opendir(root);
    if (!d1) return ZZ_OK; /* no evidence stored yet */
    struct dirent *a;
    while ((a = readdir(d1))) {
        if (!strcmp(a->d_name, ".") || !strcmp(a->d_name, "..") || !strcmp(a->d_name, "tmp"))
            continue;
        char p1[4096];
        snprintf(p1, sizeof p1, "%s/%s", root, a->d_name);
        DIR *d2 = is_hex2(a->d_name) ? opendir(p1) : NULL;
        if (!d2) {
            stray(t, p1);
            continue;
        }
        struct dirent *b;
        while ((b = readdir(d2))) {
            if (!strcmp(b->d_name, ".") || !strcmp(b->d_name, "..")) continue;
            char p2[4096];
            snprintf(p2, sizeof p2, "%s/%s", p1, b->d_name);
            DIR *d3 = is_hex2(b->d_name) ? opendir(p2) : NULL;
            if (!d3) {
                stray(t, p2);
                continue;
            }
            struct dirent *c;
            while ((c = readdir(d3))) {
                if (!strcmp(c->d_name, ".") || !strcmp(c->d_name, "..")) continue;
                const char *h = c->d_name;
                char p3[4096];
                snprintf(p3, sizeof p3, "%s/%s", p2, h);
                if (!zz_blob_hex_valid(h) || strncmp(h, a->d_name, 2) != 0 ||
                    strncmp(h + 2, b->d_name, 2) != 0) {
                    stray(t, p3);
                    continue;
                }
                zz_err e = ZZ_ERR_INIT;
                t->checked++;
                int rc = zz_blob_verify(data_dir, h, &e);
                if (rc == ZZ_OK) {
                    t->ok++;
                } else if (rc == ZZ_ECONFLICT || rc == ZZ_ENOTFOUND || rc == ZZ_ESTORE) {
                    tally_bad(t, &e); /* reported, and the walk goes on */
                } else {
                    closedir(d3);
                    closedir(d2);
                    closedir(d1);
                    *err = e;
                    return rc;
                }
            }
            closedir(d3);
        }
        closedir(d2);
    }
    closedir(d1);
    return ZZ_OK;
}

static int check(zz_cli *cli, int argc, char **argv)
{
    int u = parse(cli, argc, argv, 0, "usage: zizhi db check [--json]");
    if (u) return u;
    zz_err err = ZZ_ERR_INIT;
    zz_store *st = NULL;
    zz_sm2_key *key = NULL;
    zz_store_report db;
    zz_audit_report au;
    blob_tally bl;
    memset(&bl, 0, sizeof bl);
    int rc = zz_cli_store_open(cli, true, &st, &err);
    if (rc == ZZ_OK) rc = zz_store_check(st, &db, &err);
    if (rc == ZZ_OK) rc = zz_sm2_key_load_or_create(&key, cli->data_dir, &err);
    if (rc == ZZ_OK) rc = zz_audit_verify(st, cli->data_dir, key, &au, &err);
    if (rc == ZZ_OK) rc = check_blobs(cli->data_dir, &bl, &err);
    zz_sm2_key_free(key);
    zz_store_close(st);
    if (rc < 0) return zz_cli_fail(cli, &err);
    bool ok = db.ok && au.ok && bl.bad == 0;

    if (cli->json) {
        json_t *o = json_object(), *d = json_object(), *e = json_object();
        json_object_set_new(o, "ok", json_boolean(ok));
        json_object_set_new(d, "ok", json_boolean(db.ok));
        json_object_set_new(d, "integrity_ok", json_boolean(db.integrity_ok));
        json_object_set_new(d, "integrity_problems", json_integer(db.integrity_problems));
        if (!db.integrity_ok)
            json_object_set_new(d, "integrity_first", json_string(db.integrity_first));
        json_object_set_new(d, "fk_violations", json_integer(db.fk_violations));
        if (db.fk_violations) json_object_set_new(d, "fk_first", json_string(db.fk_first));
        json_object_set_new(o, "database", d);
        json_object_set_new(o, "audit", zz_cli_audit_report_json(&au));
        json_object_set_new(e, "ok", json_boolean(bl.bad == 0));
        json_object_set_new(e, "checked", json_integer(bl.checked));
        json_object_set_new(e, "bad", json_integer(bl.bad));
        if (bl.bad) {
            json_object_set_new(e, "first_code", json_string(bl.first_code));
            json_object_set_new(e, "first_message", json_string(bl.first_en));
            json_object_set_new(e, "first_message_zh", json_string(bl.first_zh));
        }
        json_object_set_new(o, "evidence", e);
        print_json(o);
    } else {
        if (db.integrity_ok)
            puts("数据库完整性 (integrity): 正常 (ok)");
        else
            printf("数据库完整性 (integrity): 异常 (%d problems): %s\n", db.integrity_problems,
                   db.integrity_first);
        if (db.fk_violations == 0)
            puts("外键 (foreign keys): 正常 (ok)");
        else
            printf("外键 (foreign keys): %lld 处违反 (violations): %s\n",
                   (long long)db.fk_violations, db.fk_first);
        zz_cli_audit_report_print(stdout, &au);
        if (bl.bad == 0)
            printf("证据文件 (evidence files): %ld 个，全部与摘要相符 (all match their digests)\n",
                   bl.checked);
        else
            printf("证据文件 (evidence files): %ld 个异常 (bad) / %ld 个已核验 (checked): %s: %s "
                   "(%s)\n",
                   bl.bad, bl.checked, bl.first_code, bl.first_zh, bl.first_en);
        puts(ok ? "结论 (result): 全部正常 (all checks passed)"
                : "结论 (result): 发现问题 (problems found)");
    }
    return ok ? ZZ_EXIT_OK : ZZ_EXIT_FAIL;
}

int cmd_db(zz_cli *cli, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? ZZ_EXIT_USAGE : ZZ_EXIT_OK;
    }
    const char *verb = argv[1];
    argc--;
    argv++;
    optind = 0;
    if (strcmp(verb, "init") == 0) return init(cli, argc, argv);
    if (strcmp(verb, "backup") == 0) return backup(cli, argc, argv);
    if (strcmp(verb, "check") == 0) return check(cli, argc, argv);
    help(stderr);
    return zz_cli_usage("unknown verb 'db %s' (未知操作)", verb);
}
