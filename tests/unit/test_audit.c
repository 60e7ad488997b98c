/*
 * test_audit.c — src/core/audit.c and src/store/audit_store.c: the hash-chained audit log and its
 * signed checkpoint. Tampering is done the way an intruder would: with the
 * sqlite3 library on the database file, after dropping the append-only triggers.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <jansson.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zizhi/audit.h"
#include "zizhi/crypto.h"
#include "zizhi/store.h"

/* 2026-02-28T04:00:00Z = 12:00 in Shanghai on the business date below. */
#define T0 1772251200000000LL

typedef struct fx {
    char dir[64];
    char db[96];
    char cp[128];
    zz_store *st;
    zz_sm2_key *key;
    zz_clock clock;
} fx;

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (!f) return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/zz-test-audit-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    snprintf(f->db, sizeof f->db, "%s/zizhi.db", f->dir);
    snprintf(f->cp, sizeof f->cp, "%s/%s", f->dir, ZZ_AUDIT_CHECKPOINT_FILE);
    if (zz_store_open(&f->st, f->dir, NULL) < 0 ||
        zz_sm2_key_load_or_create(&f->key, f->dir, NULL) < 0)
        return -1;
    f->clock.today = (zz_date){2026, 2, 28};
    f->clock.now_usec = T0;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    zz_store_close(f->st);
    zz_sm2_key_free(f->key);
    nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return 0;
}

/* One action: its own transaction with one entry, then the checkpoint (the normal pattern). */
static void act(fx *f, const char *action, const char *obj_id)
{
    zz_err err = ZZ_ERR_INIT;
    f->clock.now_usec += 1000000;
    assert_int_equal(zz_store_begin(f->st, &err), ZZ_OK);
    assert_int_equal(zz_audit_append(f->st, &f->clock, "alice", action, "case", obj_id, NULL,
                                     "{\"note\":\"资质\"}", &err),
                     ZZ_OK);
    assert_int_equal(zz_store_commit(f->st, &err), ZZ_OK);
    assert_int_equal(zz_audit_checkpoint(f->st, NULL, f->key, &f->clock, &err), ZZ_OK);
}

static void five(fx *f)
{
    static const char *const actions[] = {"case.file", "case.accept", "case.initiate",
                                          "case.assess", "case.certify"};
    for (int i = 0; i < 5; i++)
        act(f, actions[i], "C-0001");
}

static void verify(fx *f, zz_audit_report *r)
{
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_audit_verify(f->st, NULL, f->key, r, &err), ZZ_OK);
}

/* Runs SQL on the database file through a separate connection, as an intruder would. */
static void tamper(fx *f, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) fail_msg("tamper failed: %s", msg ? msg : "?");
    sqlite3_close(db);
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    char *buf = calloc(1, 65536);
    size_t n = fread(buf, 1, 65535, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static void spit(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* ---- appending ----------------------------------------------------------------------------- */

static void test_audit__r8_2_five_entries_verify_clean(void **state)
{
    fx *f = *state;
    five(f);
    zz_audit_report r;
    verify(f, &r);
    assert_true(r.ok);
    assert_string_equal(r.code, "");
    assert_int_equal(r.entries_checked, 5);
    assert_int_equal(r.count, 5);
    assert_int_equal(r.first_bad_seq, 0);
    assert_true(r.checkpoint_present);
    assert_int_equal(r.checkpoint_count, 5);
    assert_string_equal(r.checkpoint_head, r.head);

    int64_t n = 0;
    char head[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_audit_head(f->st, &n, head, NULL), ZZ_OK);
    assert_int_equal(n, 5);
    assert_string_equal(head, r.head);
}

static void test_audit__r8_1_entry_records_instant_and_backdated_business_date(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    const char *obj = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0";
    zz_clock back = {.today = {2025, 12, 31}, .now_usec = T0}; /* --date 2025-12-31 */
    assert_int_equal(zz_store_begin(f->st, &err), ZZ_OK);
    assert_int_equal(
        zz_audit_append(f->st, &back, "bob", "cert.issue", "cert", "CNITSEC-1", obj, NULL, &err),
        ZZ_OK);
    assert_int_equal(zz_audit_append(f->st, &f->clock, ZZ_AUDIT_SYSTEM_ACTOR, "cert.publish",
                                     "cert", NULL, "", "{\"batch\":3}", &err),
                     ZZ_OK);
    assert_int_equal(zz_store_commit(f->st, &err), ZZ_OK);

    zz_audit_entry *v = NULL;
    size_t n = 0;
    assert_int_equal(zz_audit_list(f->st, 0, &v, &n, &err), ZZ_OK);
    assert_int_equal(n, 2);
    /* newest first */
    assert_int_equal(v[0].seq, 2);
    assert_string_equal(v[0].actor, "system");
    assert_string_equal(v[0].obj_id, "");
    assert_string_equal(v[0].obj_digest, "");
    assert_string_equal(v[0].detail, "{\"batch\":3}");
    assert_string_equal(v[0].prev_digest, v[1].digest);
    assert_int_equal(v[1].seq, 1);
    assert_int_equal(v[1].at_usec, T0);
    assert_string_equal(v[1].business_date, "2025-12-31"); /* the back-dating shows */
    assert_string_equal(v[1].actor, "bob");
    assert_string_equal(v[1].action, "cert.issue");
    assert_string_equal(v[1].obj_type, "cert");
    assert_string_equal(v[1].obj_id, "CNITSEC-1");
    assert_string_equal(v[1].obj_digest, obj);
    assert_string_equal(v[1].detail, "{}");
    assert_string_equal(v[1].prev_digest, ZZ_AUDIT_GENESIS);
    char d[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_audit_entry_digest(&v[1], d, &err), ZZ_OK);
    assert_string_equal(d, v[1].digest);
    zz_audit_list_free(v, n);

    assert_int_equal(zz_audit_list(f->st, 1, &v, &n, &err), ZZ_OK);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].seq, 2);
    zz_audit_list_free(v, n);

    char at[ZZ_AUDIT_INSTANT_STRLEN];
    assert_string_equal(zz_audit_format_instant(T0, false, at), "2026-02-28T04:00:00Z");
    assert_string_equal(zz_audit_format_instant(T0 + 42, true, at), "2026-02-28T04:00:00.000042Z");
}

/* The documented canonical form, rebuilt by hand: an outside verifier can recompute digests. */
static void test_audit__r8_2_digest_is_sm3_of_documented_netstrings(void **state)
{
    (void)state;
    zz_audit_entry e = {
        .seq = 1,
        .at_usec = 1767225600000000LL,
        .business_date = "2026-01-01",
        .actor = "system",
        .action = "db.init",
        .obj_type = "database",
        .obj_id = "zizhi.db",
        .obj_digest = "",
        .detail = "{\"k\":\"资\"}",
        .prev_digest = ZZ_AUDIT_GENESIS,
    };
    const char *text = "14:zizhi-audit-v1,"
                       "64:" ZZ_AUDIT_GENESIS ","
                       "1:1,16:1767225600000000,10:2026-01-01,6:system,7:db.init,8:database,"
                       "8:zizhi.db,0:,11:{\"k\":\"资\"},";
    char want[ZZ_SM3_HEXLEN + 1], got[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_sm3_hex(want, text, strlen(text), NULL), ZZ_OK);
    assert_int_equal(zz_audit_entry_digest(&e, got, NULL), ZZ_OK);
    assert_string_equal(got, want);
}

static void test_audit__r8_1_append_outside_transaction_refused(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(
        zz_audit_append(f->st, &f->clock, "alice", "case.accept", "case", "C-1", NULL, NULL, &err),
        ZZ_ESTATE);
    assert_string_equal(err.code, "audit.no_transaction");
    assert_string_equal(err.rule, "R-8.1");
    int64_t n = -1;
    char head[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_audit_head(f->st, &n, head, NULL), ZZ_OK);
    assert_int_equal(n, 0);
    assert_string_equal(head, ZZ_AUDIT_GENESIS);
}

static void test_audit__r8_1_rolled_back_transaction_leaves_no_entry(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    act(f, "case.file", "C-1");
    assert_int_equal(zz_store_begin(f->st, &err), ZZ_OK);
    assert_int_equal(
        zz_audit_append(f->st, &f->clock, "alice", "case.accept", "case", "C-1", NULL, NULL, &err),
        ZZ_OK);
    int64_t n = 0;
    char head[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_audit_head(f->st, &n, head, NULL), ZZ_OK);
    assert_int_equal(n, 2); /* visible inside the transaction */
    assert_int_equal(zz_store_rollback(f->st, &err), ZZ_OK);
    assert_int_equal(zz_audit_head(f->st, &n, head, NULL), ZZ_OK);
    assert_int_equal(n, 1);
    zz_audit_report r;
    verify(f, &r);
    assert_true(r.ok);
    assert_int_equal(r.count, 1);
}

static void test_audit__r8_1_malformed_fields_refused(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    const zz_clock *c = &f->clock;
    assert_int_equal(zz_store_begin(f->st, &err), ZZ_OK);
    assert_int_equal(zz_audit_append(f->st, c, "", "case.accept", "case", "1", NULL, NULL, &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "audit.actor");
    assert_int_equal(
        zz_audit_append(f->st, c, "a\nb", "case.accept", "case", "1", NULL, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "audit.actor");
    assert_int_equal(
        zz_audit_append(f->st, c, "alice", "Case Accept", "case", "1", NULL, NULL, &err),
        ZZ_EINVAL);
    assert_string_equal(err.code, "audit.action");
    assert_int_equal(zz_audit_append(f->st, c, "alice", "accept", "case", "1", NULL, NULL, &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "audit.action");
    assert_int_equal(zz_audit_append(f->st, c, "alice", "case.accept", "", "1", NULL, NULL, &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "audit.object");
    assert_int_equal(
        zz_audit_append(f->st, c, "alice", "case.accept", "case", "1", "ABC", NULL, &err),
        ZZ_EINVAL);
    assert_string_equal(err.code, "audit.obj_digest");
    assert_int_equal(
        zz_audit_append(f->st, c, "alice", "case.accept", "case", "1", NULL, "[1]", &err),
        ZZ_EINVAL);
    assert_string_equal(err.code, "audit.detail");
    assert_int_equal(zz_audit_append(f->st, c, "alice", "case.accept", "case", "1", NULL,
                                     "{\"a\":1,\"a\":2}", &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "audit.detail");
    assert_int_equal(
        zz_audit_append(f->st, c, "alice", "case.accept", "case", "1", NULL, "{", &err), ZZ_EINVAL);
    assert_string_equal(err.code, "audit.detail");
    zz_clock bad = {.today = {2026, 2, 29}, .now_usec = T0}; /* 2026 is not a leap year */
    assert_int_equal(
        zz_audit_append(f->st, &bad, "alice", "case.accept", "case", "1", NULL, NULL, &err),
        ZZ_EINVAL);
    assert_string_equal(err.code, "audit.clock");
    zz_store_rollback(f->st, NULL);
    int64_t n = -1;
    char head[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_audit_head(f->st, &n, head, NULL), ZZ_OK);
    assert_int_equal(n, 0);
}

/* ---- append-only --------------------------------------------------------------------------- */

static void test_audit__r8_1_triggers_refuse_update_and_delete(void **state)
{
    fx *f = *state;
    five(f);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2", NULL, NULL, NULL),
        SQLITE_CONSTRAINT);
    assert_non_null(strstr(sqlite3_errmsg(db), "audit.append_only"));
    assert_int_equal(sqlite3_exec(db, "DELETE FROM audit_log WHERE seq = 5", NULL, NULL, NULL),
                     SQLITE_CONSTRAINT);
    assert_int_equal(sqlite3_exec(db, "DELETE FROM audit_checkpoints", NULL, NULL, NULL),
                     SQLITE_CONSTRAINT);
    sqlite3_close(db);
    zz_audit_report r;
    verify(f, &r);
    assert_true(r.ok);
}

/* ---- tampering (R-8.2) --------------------------------------------------------------------- */

static void test_audit__r8_2_altered_entry_named_by_seq(void **state)
{
    fx *f = *state;
    five(f);
    tamper(f, "DROP TRIGGER audit_log_no_update;"
              "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3;");
    zz_audit_report r;
    verify(f, &r);
    assert_false(r.ok);
    assert_string_equal(r.code, "audit.altered");
    assert_int_equal(r.first_bad_seq, 3);
    assert_int_equal(r.entries_checked, 2);
    assert_int_equal(r.count, 5);
    assert_non_null(strstr(r.message, "entry 3"));
    assert_non_null(strstr(r.message_zh, "第 3 条"));
}

static void test_audit__r8_2_altered_business_date_detected(void **state)
{
    fx *f = *state;
    five(f);
    tamper(f, "DROP TRIGGER audit_log_no_update;"
              "UPDATE audit_log SET business_date = '2026-02-27' WHERE seq = 1;");
    zz_audit_report r;
    verify(f, &r);
    assert_false(r.ok);
    assert_string_equal(r.code, "audit.altered");
    assert_int_equal(r.first_bad_seq, 1);
    assert_int_equal(r.entries_checked, 0);
}

static void test_audit__r8_2_rewritten_entry_breaks_the_next_link(void **state)
{
    fx *f = *state;
    five(f);
    /* Alter entry 2 and recompute its digest, so that it is self-consistent. */
    zz_audit_entry *v = NULL;
    size_t n = 0;
    assert_int_equal(zz_audit_list(f->st, 0, &v, &n, NULL), ZZ_OK);
    zz_audit_entry e2 = v[3]; /* newest first: index 3 is seq 2 */
    assert_int_equal(e2.seq, 2);
    e2.actor = "mallory";
    char d[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_audit_entry_digest(&e2, d, NULL), ZZ_OK);
    zz_audit_list_free(v, n);
    char sql[400];
    snprintf(sql, sizeof sql,
             "DROP TRIGGER audit_log_no_update;"
             "UPDATE audit_log SET actor = 'mallory', digest = '%s' WHERE seq = 2;",
             d);
    tamper(f, sql);
    zz_audit_report r;
    verify(f, &r);
    assert_false(r.ok);
    assert_string_equal(r.code, "audit.broken_link");
    assert_int_equal(r.first_bad_seq, 3);
    assert_int_equal(r.entries_checked, 2);
}

static void test_audit__r8_2_removed_middle_entry_named(void **state)
{
    fx *f = *state;
    five(f);
    tamper(f, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3;");
    zz_audit_report r;
    verify(f, &r);
    assert_false(r.ok);
    assert_string_equal(r.code, "audit.removed");
    assert_int_equal(r.first_bad_seq, 3);
    assert_int_equal(r.entries_checked, 2);

    /* The first entry too. */
    tamper(f, "DELETE FROM audit_log WHERE seq = 1;");
    verify(f, &r);
    assert_string_equal(r.code, "audit.removed");
    assert_int_equal(r.first_bad_seq, 1);
}

/* ---- the signed checkpoint (R-8.4) --------------------------------------------------------- */

static void test_audit__r8_4_newest_entries_removed_detected(void **state)
{
    fx *f = *state;
    five(f);
    tamper(f, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= 4;");
    zz_audit_report r;
    verify(f, &r);
    assert_false(r.ok);
    assert_string_equal(r.code, "audit.truncated");
    assert_int_equal(r.first_bad_seq, 4);
    assert_int_equal(r.entries_checked, 3); /* the chain that is left is intact */
    assert_int_equal(r.count, 3);
    assert_int_equal(r.checkpoint_count, 5);
}

static void test_audit__r8_4_checkpoint_refuses_to_bless_a_truncated_log(void **state)
{
    fx *f = *state;
    five(f);
    char *before = slurp(f->cp);
    tamper(f, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= 4;");
    /* The next action appends seq 4 on the truncated chain; its checkpoint must not paper over
     * the removal. */
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_store_begin(f->st, &err), ZZ_OK);
    assert_int_equal(
        zz_audit_append(f->st, &f->clock, "alice", "case.note", "case", "C-1", NULL, NULL, &err),
        ZZ_OK);
    assert_int_equal(zz_store_commit(f->st, &err), ZZ_OK);
    assert_int_equal(zz_audit_checkpoint(f->st, NULL, f->key, &f->clock, &err), ZZ_ECONFLICT);
    assert_string_equal(err.code, "audit.truncated");
    char *after = slurp(f->cp);
    assert_string_equal(before, after);
    free(before);
    free(after);
    zz_audit_report r;
    verify(f, &r);
    assert_false(r.ok);
    assert_string_equal(r.code, "audit.truncated");
    assert_int_equal(r.first_bad_seq, 5);
}

static void test_audit__r8_4_replaced_tail_detected_as_mismatch(void **state)
{
    fx *f = *state;
    five(f);
    /* Rewrite entry 5 consistently (digest recomputed): only the checkpoint knows. */
    zz_audit_entry *v = NULL;
    size_t n = 0;
    assert_int_equal(zz_audit_list(f->st, 1, &v, &n, NULL), ZZ_OK);
    zz_audit_entry e5 = v[0];
    e5.obj_id = "C-9999";
    char d[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_audit_entry_digest(&e5, d, NULL), ZZ_OK);
    zz_audit_list_free(v, n);
    char sql[400];
    snprintf(sql, sizeof sql,
             "DROP TRIGGER audit_log_no_update;"
             "UPDATE audit_log SET obj_id = 'C-9999', digest = '%s' WHERE seq = 5;",
             d);
    tamper(f, sql);
    zz_audit_report r;
    verify(f, &r);
    assert_false(r.ok);
    assert_string_equal(r.code, "audit.checkpoint_mismatch");
    assert_int_equal(r.first_bad_seq, 5);
    assert_int_equal(r.entries_checked, 5);
}

static void test_audit__r8_4_checkpoint_signature_tampered(void **state)
{
    fx *f = *state;
    five(f);
    /* Claim fewer entries (a forged checkpoint after removing the newest): signature breaks. */
    char *text = slurp(f->cp);
    json_t *j = json_loads(text, 0, NULL);
    assert_non_null(j);
    json_object_set_new(j, "count", json_integer(4));
    char *forged = json_dumps(j, 0);
    spit(f->cp, forged);
    zz_audit_report r;
    verify(f, &r);
    assert_false(r.ok);
    assert_string_equal(r.code, "audit.checkpoint_signature");
    free(forged);

    /* A flipped signature character. */
    json_object_set_new(j, "count", json_integer(5));
    const char *sig = json_string_value(json_object_get(j, "signature"));
    char *s2 = strdup(sig);
    s2[10] = s2[10] == 'A' ? 'B' : 'A';
    json_object_set_new(j, "signature", json_string(s2));
    forged = json_dumps(j, 0);
    spit(f->cp, forged);
    verify(f, &r);
    assert_false(r.ok);
    assert_string_equal(r.code, "audit.checkpoint_signature");
    free(forged);
    free(s2);

    /* Restored, it verifies again. */
    spit(f->cp, text);
    verify(f, &r);
    assert_true(r.ok);
    free(text);
    json_decref(j);
}

static void test_audit__r8_4_checkpoint_signed_by_another_key_refused(void **state)
{
    fx *f = *state;
    five(f);
    char other[96];
    snprintf(other, sizeof other, "%s/other", f->dir);
    zz_sm2_key *k2 = NULL;
    assert_int_equal(zz_sm2_key_load_or_create(&k2, other, NULL), ZZ_OK);
    zz_audit_report r;
    assert_int_equal(zz_audit_verify(f->st, NULL, k2, &r, NULL), ZZ_OK);
    assert_false(r.ok);
    assert_string_equal(r.code, "audit.checkpoint_signature");
    zz_sm2_key_free(k2);
}

static void test_audit__r8_4_checkpoint_file_missing_or_garbled(void **state)
{
    fx *f = *state;
    zz_audit_report r;
    verify(f, &r); /* an empty log needs no checkpoint */
    assert_true(r.ok);
    assert_false(r.checkpoint_present);

    five(f);
    char *text = slurp(f->cp);
    unlink(f->cp);
    verify(f, &r);
    assert_false(r.ok);
    assert_string_equal(r.code, "audit.checkpoint_missing");
    spit(f->cp, "{\"count\":\"five\"}");
    verify(f, &r);
    assert_false(r.ok);
    assert_string_equal(r.code, "audit.checkpoint_invalid");
    spit(f->cp, text);
    verify(f, &r);
    assert_true(r.ok);
    free(text);
}

static void test_audit__r8_4_old_checkpoint_put_back_caught_by_table(void **state)
{
    fx *f = *state;
    act(f, "case.file", "C-1");
    act(f, "case.accept", "C-1");
    act(f, "case.initiate", "C-1");
    char *old = slurp(f->cp); /* validly signed, count 3 */
    act(f, "case.assess", "C-1");
    act(f, "case.certify", "C-1");
    tamper(f, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= 4;");
    spit(f->cp, old);
    zz_audit_report r;
    verify(f, &r);
    assert_false(r.ok);
    assert_string_equal(r.code, "audit.truncated");
    assert_int_equal(r.first_bad_seq, 4);
    free(old);
}

static void test_audit__r8_4_checkpoint_file_and_table_agree(void **state)
{
    fx *f = *state;
    five(f);
    char *text = slurp(f->cp);
    json_t *j = json_loads(text, 0, NULL);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "count")), 5);
    const char *head = json_string_value(json_object_get(j, "head"));
    const char *at = json_string_value(json_object_get(j, "at"));
    const char *sig = json_string_value(json_object_get(j, "signature"));
    int64_t n = 0;
    char h[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_audit_head(f->st, &n, h, NULL), ZZ_OK);
    assert_string_equal(head, h);
    assert_string_equal(at, "2026-02-28T04:00:05Z");
    /* The signed text is exactly "count|head|at". */
    char msg[160];
    snprintf(msg, sizeof msg, "5|%s|%s", head, at);
    assert_int_equal(zz_sm2_verify(f->key, msg, strlen(msg), sig, NULL), ZZ_OK);

    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT entry_count, head, at_text, signature FROM "
                                        "audit_checkpoints ORDER BY id DESC LIMIT 1",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(s, 0), 5);
    assert_string_equal((const char *)sqlite3_column_text(s, 1), head);
    assert_string_equal((const char *)sqlite3_column_text(s, 2), at);
    assert_string_equal((const char *)sqlite3_column_text(s, 3), sig);
    sqlite3_finalize(s);
    sqlite3_close(db);
    json_decref(j);
    free(text);

    /* A second checkpoint with nothing new changes nothing. */
    struct stat a, b;
    assert_int_equal(stat(f->cp, &a), 0);
    f->clock.now_usec += 60000000;
    assert_int_equal(zz_audit_checkpoint(f->st, NULL, f->key, &f->clock, NULL), ZZ_OK);
    char *again = slurp(f->cp);
    assert_non_null(strstr(again, "2026-02-28T04:00:05Z"));
    free(again);
    assert_int_equal(stat(f->cp, &b), 0);
    assert_int_equal(a.st_ino, b.st_ino);
}

static void test_audit__r8_4_checkpoint_inside_transaction_refused(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_store_begin(f->st, &err), ZZ_OK);
    assert_int_equal(
        zz_audit_append(f->st, &f->clock, "alice", "case.file", "case", "C-1", NULL, NULL, &err),
        ZZ_OK);
    assert_int_equal(zz_audit_checkpoint(f->st, NULL, f->key, &f->clock, &err), ZZ_ESTATE);
    assert_string_equal(err.code, "audit.checkpoint_in_transaction");
    assert_int_equal(access(f->cp, F_OK), -1);
    zz_store_rollback(f->st, NULL);
}

/* ---- concurrent writers never fork the chain (R-8.2) --------------------------------------- */

typedef struct writer {
    const char *dir;
    int n;
    int failures;
} writer;

static void *write_many(void *arg)
{
    writer *w = arg;
    zz_store *st = NULL;
    if (zz_store_open(&st, w->dir, NULL) < 0) {
        w->failures = w->n;
        return NULL;
    }
    zz_clock c = {.today = {2026, 2, 28}, .now_usec = T0};
    for (int i = 0; i < w->n; i++) {
        c.now_usec++;
        if (zz_store_begin(st, NULL) < 0 ||
            zz_audit_append(st, &c, "writer", "case.note", "case", "C-1", NULL, NULL, NULL) < 0 ||
            zz_store_commit(st, NULL) < 0) {
            zz_store_rollback(st, NULL);
            w->failures++;
        }
    }
    zz_store_close(st);
    return NULL;
}

static void test_audit__r8_2_two_writers_one_chain(void **state)
{
    fx *f = *state;
    writer a = {f->dir, 25, 0}, b = {f->dir, 25, 0};
    pthread_t ta, tb;
    assert_int_equal(pthread_create(&ta, NULL, write_many, &a), 0);
    assert_int_equal(pthread_create(&tb, NULL, write_many, &b), 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    assert_int_equal(a.failures, 0);
    assert_int_equal(b.failures, 0);
    assert_int_equal(zz_audit_checkpoint(f->st, NULL, f->key, &f->clock, NULL), ZZ_OK);
    zz_audit_report r;
    verify(f, &r);
    assert_true(r.ok);
    assert_int_equal(r.entries_checked, 50);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_audit__r8_2_five_entries_verify_clean),
        T(test_audit__r8_1_entry_records_instant_and_backdated_business_date),
        T(test_audit__r8_2_digest_is_sm3_of_documented_netstrings),
        T(test_audit__r8_1_append_outside_transaction_refused),
        T(test_audit__r8_1_rolled_back_transaction_leaves_no_entry),
        T(test_audit__r8_1_malformed_fields_refused),
        T(test_audit__r8_1_triggers_refuse_update_and_delete),
        T(test_audit__r8_2_altered_entry_named_by_seq),
        T(test_audit__r8_2_altered_business_date_detected),
        T(test_audit__r8_2_rewritten_entry_breaks_the_next_link),
        T(test_audit__r8_2_removed_middle_entry_named),
        T(test_audit__r8_4_newest_entries_removed_detected),
        T(test_audit__r8_4_checkpoint_refuses_to_bless_a_truncated_log),
        T(test_audit__r8_4_replaced_tail_detected_as_mismatch),
        T(test_audit__r8_4_checkpoint_signature_tampered),
        T(test_audit__r8_4_checkpoint_signed_by_another_key_refused),
        T(test_audit__r8_4_checkpoint_file_missing_or_garbled),
        T(test_audit__r8_4_old_checkpoint_put_back_caught_by_table),
        T(test_audit__r8_4_checkpoint_file_and_table_agree),
        T(test_audit__r8_4_checkpoint_inside_transaction_refused),
        T(test_audit__r8_2_two_writers_one_chain),
    };
#undef T
    return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
