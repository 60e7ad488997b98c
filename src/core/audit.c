/*
 * audit.c — the rules of the audit log: what an entry may hold, its canonical content and
 * digest, chaining onto the head, the signed checkpoint, and verification of chain and checkpoint.
 * All reading and writing goes through src/store/audit_store.c; the format is defined in
 * include/zizhi/audit.h.
 */
#include "zizhi/audit.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/audit_store.h"

#define AUDIT_TAG "zizhi-audit-v1"
#define FIELD_MAX 200

/* ---- validation ---------------------------------------------------------------------------- */

/* Well-formed UTF-8 without control characters (the fields are shown on screens and in JSON). */
static bool text_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        size_t n;
        uint32_t cp;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) return false;
            p++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            n = 1, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3, cp = c & 0x07;
        } else {
            return false;
        }
        for (size_t i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += n + 1;
    }
    return true;
}

static bool action_ok(const char *s)
{
    bool dot = false;
    if (!*s || *s == '.') return false;
    for (const char *p = s; *p; p++) {
        if (*p == '.')
            dot = true;
        else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
            return false;
    }
    return dot && s[strlen(s) - 1] != '.';
}

static bool hex64_ok(const char *s)
{
    size_t i = 0;
    for (; s[i]; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    return i == ZZ_SM3_HEXLEN;
}

static int check_field(const char *v, bool may_be_empty, const char *code, const char *name,
                       zz_err *err)
{
    if (!v || (!may_be_empty && !*v))
        return zz_err_rule(err, ZZ_EINVAL, code, "R-8.1", "审计记录缺少%s", "audit entry has no %s",
                           name);
    if (strlen(v) > FIELD_MAX || !text_ok(v))
        return zz_err_rule(err, ZZ_EINVAL, code, "R-8.1",
                           "审计记录的%s无效（须为不含控制字符的 UTF-8，至多 %d 字节）",
                           "audit entry %s is invalid (UTF-8 without control characters, at most "
                           "%d bytes)",
                           name, FIELD_MAX);
    return ZZ_OK;
}

static int check_detail(const char *detail, zz_err *err)
{
    if (strlen(detail) > ZZ_AUDIT_DETAIL_MAX)
        return zz_err_rule(err, ZZ_EINVAL, "audit.detail", "R-8.1", "审计记录的详情超过 %d 字节",
                           "audit entry detail is over %d bytes", ZZ_AUDIT_DETAIL_MAX);
    json_error_t je;
    json_t *j = json_loads(detail, JSON_REJECT_DUPLICATES, &je);
    bool obj = j && json_is_object(j);
    json_decref(j);
    if (!obj)
        return zz_err_rule(err, ZZ_EINVAL, "audit.detail", "R-8.1",
                           "审计记录的详情须为一个 JSON 对象",
                           "audit entry detail must be one JSON object");
    return ZZ_OK;
}

/* ---- canonical content and digest ---------------------------------------------------------- */

static int ns_bytes(zz_sm3 *h, const char *data, size_t len, zz_err *err)
{
    char pre[32];
    int n = snprintf(pre, sizeof pre, "%zu:", len);
    int rc = zz_sm3_update(h, pre, (size_t)n, err);
    if (rc == ZZ_OK) rc = zz_sm3_update(h, data, len, err);
    if (rc == ZZ_OK) rc = zz_sm3_update(h, ",", 1, err);
    return rc;
}

static int ns_str(zz_sm3 *h, const char *s, zz_err *err)
{
    return ns_bytes(h, s ? s : "", s ? strlen(s) : 0, err);
}

static int ns_int(zz_sm3 *h, int64_t v, zz_err *err)
{
    char num[32];
    int n = snprintf(num, sizeof num, "%" PRId64, v);
    return ns_bytes(h, num, (size_t)n, err);
}

int zz_audit_entry_digest(const zz_audit_entry *e, char out_hex[ZZ_SM3_HEXLEN + 1], zz_err *err)
{
    zz_sm3 *h = NULL;
    int rc = zz_sm3_new(&h, err);
    if (rc == ZZ_OK) rc = ns_str(h, AUDIT_TAG, err);
    if (rc == ZZ_OK) rc = ns_str(h, e->prev_digest, err);
    if (rc == ZZ_OK) rc = ns_int(h, e->seq, err);
    if (rc == ZZ_OK) rc = ns_int(h, e->at_usec, err);
    if (rc == ZZ_OK) rc = ns_str(h, e->business_date, err);
    if (rc == ZZ_OK) rc = ns_str(h, e->actor, err);
    if (rc == ZZ_OK) rc = ns_str(h, e->action, err);
    if (rc == ZZ_OK) rc = ns_str(h, e->obj_type, err);
    if (rc == ZZ_OK) rc = ns_str(h, e->obj_id, err);
    if (rc == ZZ_OK) rc = ns_str(h, e->obj_digest, err);
    if (rc == ZZ_OK) rc = ns_str(h, e->detail, err);
    if (rc == ZZ_OK) rc = zz_sm3_final_hex(h, out_hex, err);
    zz_sm3_free(h);
    return rc;
}

/* ---- append and head ----------------------------------------------------------------------- */

int zz_audit_append(zz_store *st, const zz_clock *clock, const char *actor, const char *action,
                    const char *obj_type, const char *obj_id, const char *obj_digest,
                    const char *detail_json, zz_err *err)
{
    int rc;
    /* the entry and the change it records are written together or not at all. */
    if (!zz_store_in_transaction(st))
        return zz_err_rule(err, ZZ_ESTATE, "audit.no_transaction", "R-8.1",
                           "审计记录必须与所记录的操作在同一数据库事务中写入",
                           "an audit entry must be appended inside the transaction of the action "
                           "it records");
    if (!clock || !zz_date_valid(clock->today) || clock->now_usec <= 0)
        return zz_err_rule(err, ZZ_EINVAL, "audit.clock", "R-8.1", "审计记录的时间无效",
                           "audit entry has an invalid clock");
    if ((rc = check_field(actor, false, "audit.actor", "操作人（actor）", err)) < 0) return rc;
    if ((rc = check_field(action, false, "audit.action", "操作（action）", err)) < 0) return rc;
    if (!action_ok(action))
        return zz_err_rule(err, ZZ_EINVAL, "audit.action", "R-8.1",
                           "审计操作名“%s”无效（应为小写点分形式，如 case.accept）",
                           "audit action '%s' is invalid (lower-case dotted, like case.accept)",
                           action);
    if ((rc = check_field(obj_type, false, "audit.object", "对象类型（object type）", err)) < 0)
        return rc;
    if ((rc = check_field(obj_id ? obj_id : "", true, "audit.object", "对象编号（object id）",
                          err)) < 0)
        return rc;
    if (obj_digest && *obj_digest && !hex64_ok(obj_digest))
        return zz_err_rule(err, ZZ_EINVAL, "audit.obj_digest", "R-8.1",
                           "对象摘要须为 64 位小写十六进制 SM3 摘要",
                           "object digest must be 64 lower-case hex chars (SM3)");
    const char *detail = detail_json ? detail_json : "{}";
    if ((rc = check_detail(detail, err)) < 0) return rc;

    zz_audit_entry e;
    memset(&e, 0, sizeof e);
    int64_t count = 0;
    rc = zz_audit_store_head(st, &count, e.prev_digest, err);
    if (rc < 0) return rc;
    e.seq = count + 1;
    e.at_usec = clock->now_usec;
    zz_date_format(clock->today, e.business_date);
    e.actor = (char *)actor;
    e.action = (char *)action;
    e.obj_type = (char *)obj_type;
    e.obj_id = (char *)(obj_id ? obj_id : "");
    e.obj_digest = (char *)(obj_digest ? obj_digest : "");
    e.detail = (char *)detail;
    rc = zz_audit_entry_digest(&e, e.digest, err);
    if (rc < 0) return rc;
    return zz_audit_store_insert(st, &e, err);
}

int zz_audit_head(zz_store *st, int64_t *count, char head_hex[ZZ_SM3_HEXLEN + 1], zz_err *err)
{
    return zz_audit_store_head(st, count, head_hex, err);
}

char *zz_audit_format_instant(int64_t usec, bool with_usec, char buf[ZZ_AUDIT_INSTANT_STRLEN])
{
    int64_t secs = usec >= 0 ? usec / 1000000 : -((-usec + 999999) / 1000000);
    int64_t frac = usec - secs * 1000000;
    time_t t = (time_t)secs;
    struct tm tm;
    if (!gmtime_r(&t, &tm)) {
        snprintf(buf, ZZ_AUDIT_INSTANT_STRLEN, "?");
        return buf;
    }
    char base[24];
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    if (with_usec)
        snprintf(buf, ZZ_AUDIT_INSTANT_STRLEN, "%s.%06" PRId64 "Z", base, frac);
    else
        snprintf(buf, ZZ_AUDIT_INSTANT_STRLEN, "%sZ", base);
    return buf;
}

/* ---- checkpoint ---------------------------------------------------------------------------- */

typedef struct checkpoint {
    int64_t count;
    char head[ZZ_SM3_HEXLEN + 1];
    char at[ZZ_AUDIT_INSTANT_STRLEN];
    char *signature; /* owned */
} checkpoint;

/* The signed text: "count|head|at". */
static int signed_text(char *buf, size_t cap, int64_t count, const char *head, const char *at)
{
    return snprintf(buf, cap, "%" PRId64 "|%s|%s", count, head, at);
}

/* Parses the checkpoint file's JSON; ZZ_EINVAL "audit.checkpoint_invalid" naming the problem. */
static int checkpoint_parse(checkpoint *cp, const char *text, zz_err *err)
{
    memset(cp, 0, sizeof *cp);
    json_error_t je;
    json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &je);
    const char *why = NULL;
    if (!j || !json_is_object(j)) {
        why = "not a JSON object";
    } else {
        json_t *c = json_object_get(j, "count"), *h = json_object_get(j, "head");
        json_t *a = json_object_get(j, "at"), *s = json_object_get(j, "signature");
        if (!json_is_integer(c) || json_integer_value(c) < 0)
            why = "\"count\" is not a non-negative integer";
        else if (!json_is_string(h) || !hex64_ok(json_string_value(h)))
            why = "\"head\" is not a 64-char hex digest";
        else if (!json_is_string(a) || strlen(json_string_value(a)) >= sizeof cp->at ||
                 !*json_string_value(a))
            why = "\"at\" is not an instant";
        else if (!json_is_string(s) || !*json_string_value(s))
            why = "\"signature\" is missing";
        else {
            cp->count = (int64_t)json_integer_value(c);
            snprintf(cp->head, sizeof cp->head, "%s", json_string_value(h));
            snprintf(cp->at, sizeof cp->at, "%s", json_string_value(a));
            cp->signature = strdup(json_string_value(s));
            if (!cp->signature) why = "out of memory";
        }
    }
    json_decref(j);
    if (why)
        return zz_err_rule(err, ZZ_EINVAL, "audit.checkpoint_invalid", "R-8.4",
                           "审计检查点文件无效：%s", "the audit checkpoint file is invalid: %s",
                           why);
    return ZZ_OK;
}

/* Digest of entry `count` as the chain defines it: the genesis value for count 0. */
static int digest_at(zz_store *st, int64_t count, char out[ZZ_SM3_HEXLEN + 1], zz_err *err)
{
    if (count == 0) {
        memcpy(out, ZZ_AUDIT_GENESIS, ZZ_SM3_HEXLEN + 1);
        return ZZ_OK;
    }
    return zz_audit_store_digest_at(st, count, out, err);
}

/* I3: an earlier checkpoint (count, head) must still be in the database before it is replaced. */
static int still_contained(zz_store *st, int64_t have, int64_t count, const char *head,
                           const char *where, zz_err *err)
{
    if (count > have)
        return zz_err_rule(err, ZZ_ECONFLICT, "audit.truncated", "R-8.4",
                           "%s记载 %" PRId64 " 条审计记录，数据库中只有 %" PRId64
                           " 条：最新记录已被删除，拒绝覆盖检查点",
                           "%s records %" PRId64 " audit entries but the database holds %" PRId64
                           ": the newest entries were removed; the checkpoint is not overwritten",
                           where, count, have);
    char d[ZZ_SM3_HEXLEN + 1];
    int rc = digest_at(st, count, d, err);
    if (rc < 0) return rc;
    if (strcmp(d, head) != 0)
        return zz_err_rule(err, ZZ_ECONFLICT, "audit.checkpoint_mismatch", "R-8.4",
                           "第 %" PRId64 " 条审计记录的摘要与%s不符，拒绝覆盖检查点",
                           "audit entry %" PRId64 " has another digest than %s records; the "
                           "checkpoint is not overwritten",
                           count, where);
    return ZZ_OK;
}

int zz_audit_checkpoint(zz_store *st, const char *data_dir, const zz_sm2_key *key,
                        const zz_clock *clock, zz_err *err)
{
    if (!data_dir) data_dir = zz_store_data_dir(st);
    /* Inside a transaction the head could include entries that are then rolled back, and the
     * checkpoint would claim entries the database never kept. */
    if (zz_store_in_transaction(st))
        return zz_err_rule(err, ZZ_ESTATE, "audit.checkpoint_in_transaction", "R-8.4",
                           "审计检查点须在事务提交之后写入",
                           "the audit checkpoint is written after the commit, not inside a "
                           "transaction");
    if (!clock || clock->now_usec <= 0)
        return zz_err_rule(err, ZZ_EINVAL, "audit.clock", "R-8.4", "检查点时间无效",
                           "invalid clock for the checkpoint");
    /* Its own write transaction: checkpoints are written one at a time, in chain order. */
    int rc = zz_store_begin(st, err);
    if (rc < 0) return rc;
    char *text = NULL, *sig = NULL, *json = NULL;
    checkpoint old = {0};
    int64_t count = 0;
    char head[ZZ_SM3_HEXLEN + 1];
    rc = zz_audit_store_head(st, &count, head, err);
    if (rc < 0) goto done;

    bool have_old = false;
    rc = zz_audit_store_checkpoint_file_read(data_dir, &text, err);
    if (rc == ZZ_OK) {
        /* An unreadable file claims nothing that can be checked; the table still guards. */
        have_old = checkpoint_parse(&old, text, NULL) == ZZ_OK;
    } else if (rc != ZZ_ENOTFOUND) {
        goto done;
    }
    rc = ZZ_OK;
    if (have_old) {
        rc = still_contained(st, count, old.count, old.head, "审计检查点文件 (checkpoint file)",
                             err);
        if (rc < 0) goto done;
    }
    bool tfound = false;
    int64_t tcount = 0;
    char thead[ZZ_SM3_HEXLEN + 1];
    rc = zz_audit_store_checkpoint_latest(st, &tfound, &tcount, thead, err);
    if (rc < 0) goto done;
    if (tfound) {
        rc = still_contained(st, count, tcount, thead, "检查点表 (audit_checkpoints)", err);
        if (rc < 0) goto done;
    }
    if (have_old && old.count == count && strcmp(old.head, head) == 0 && tfound &&
        tcount == count && strcmp(thead, head) == 0) {
        rc = zz_store_rollback(st, err); /* already current: nothing to write */
        goto done;
    }

    char at[ZZ_AUDIT_INSTANT_STRLEN];
    zz_audit_format_instant(clock->now_usec, false, at);
    char msg[160];
    int n = signed_text(msg, sizeof msg, count, head, at);
    rc = zz_sm2_sign(&sig, key, msg, (size_t)n, err);
    if (rc < 0) goto done;
    json_t *o = json_object();
    if (o) {
        json_object_set_new(o, "count", json_integer((json_int_t)count));
        json_object_set_new(o, "head", json_string(head));
        json_object_set_new(o, "at", json_string(at));
        json_object_set_new(o, "signature", json_string(sig));
        json = json_dumps(o, JSON_INDENT(2));
        json_decref(o);
    }
    if (!json) {
        rc = zz_err_set(err, ZZ_ENOMEM, "sys.nomem", "内存不足", "out of memory");
        goto done;
    }
    size_t jl = strlen(json);
    char *withnl = realloc(json, jl + 2);
    if (!withnl) {
        rc = zz_err_set(err, ZZ_ENOMEM, "sys.nomem", "内存不足", "out of memory");
        goto done;
    }
    json = withnl;
    memcpy(json + jl, "\n", 2);
    rc = zz_audit_store_checkpoint_insert(st, count, head, at, sig, err);
    if (rc < 0) goto done;
    rc = zz_audit_store_checkpoint_file_write(data_dir, json, err);
    if (rc < 0) goto done;
    rc = zz_store_commit(st, err);
done:
    if (rc < 0) zz_store_rollback(st, NULL);
    free(old.signature);
    free(text);
    free(sig);
    free(json);
    return rc;
}

/* ---- verification -------------------------------------------------------------------------- */

static void report_bad(zz_audit_report *r, const char *code, int64_t seq, const char *fmt_zh,
                       const char *fmt_en, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void report_bad(zz_audit_report *r, const char *code, int64_t seq, const char *fmt_zh,
                       const char *fmt_en, ...)
{
    va_list ap, ap2;
    r->ok = false;
    r->first_bad_seq = seq;
    snprintf(r->code, sizeof r->code, "%s", code);
    va_start(ap, fmt_en);
    va_copy(ap2, ap);
    vsnprintf(r->message_zh, sizeof r->message_zh, fmt_zh, ap);
    vsnprintf(r->message, sizeof r->message, fmt_en, ap2);
    va_end(ap2);
    va_end(ap);
}

typedef struct walk {
    zz_audit_report *r;
    int64_t count;                /* entries verified so far */
    char head[ZZ_SM3_HEXLEN + 1]; /* digest of the last verified entry */
    int64_t want[2];              /* seqs whose digest the checkpoints name */
    char got[2][ZZ_SM3_HEXLEN + 1];
} walk;

static int walk_entry(void *ctx, const zz_audit_entry *e, zz_err *err)
{
    walk *w = ctx;
    zz_audit_report *r = w->r;
    int64_t expect = w->count + 1;
    if (e->seq > expect) { /* an entry was removed */
        report_bad(r, "audit.removed", expect,
                   "审计日志缺少第 %" PRId64 " 条记录（其后是第 %" PRId64 " 条）：记录已被删除",
                   "audit entry %" PRId64 " is missing (the next one is %" PRId64
                   "): the entry was removed",
                   expect, e->seq);
        return 1;
    }
    if (e->seq < expect) {
        report_bad(
            r, "audit.altered", e->seq,
            "审计日志第 %" PRId64 " 条记录的序号不应出现在第 %" PRId64 " 条的位置：记录被篡改",
            "audit entry %" PRId64 " appears where entry %" PRId64 " belongs: the log was altered",
            e->seq, expect);
        return 1;
    }
    if (strcmp(e->prev_digest, w->head) != 0) {
        report_bad(r, "audit.broken_link", e->seq,
                   "审计日志第 %" PRId64 " 条记录与第 %" PRId64
                   " 条的链接断开：前一条被改写，或本条的链接被篡改",
                   "audit entry %" PRId64 " does not link to entry %" PRId64
                   " (previous digest mismatch): the previous entry was rewritten or this link "
                   "altered",
                   e->seq, w->count);
        return 1;
    }
    char d[ZZ_SM3_HEXLEN + 1];
    int rc = zz_audit_entry_digest(e, d, err);
    if (rc < 0) return rc;
    if (strcmp(d, e->digest) != 0) {
        report_bad(r, "audit.altered", e->seq,
                   "审计日志第 %" PRId64 " 条记录（%s，%s）的内容与其摘要不符：记录已被篡改",
                   "audit entry %" PRId64 " (%s, %s) does not match its digest: the entry was "
                   "altered",
                   e->seq, e->action, e->business_date);
        return 1;
    }
    w->count = e->seq;
    memcpy(w->head, e->digest, sizeof w->head);
    for (int i = 0; i < 2; i++)
        if (w->want[i] == e->seq) memcpy(w->got[i], e->digest, sizeof w->got[i]);
    return 0;
}

int zz_audit_verify(zz_store *st, const char *data_dir, const zz_sm2_key *key,
                    zz_audit_report *report, zz_err *err)
{
    zz_audit_report *r = report;
    memset(r, 0, sizeof *r);
    r->ok = true;
    if (!data_dir) data_dir = zz_store_data_dir(st);

    /* Read both checkpoints before the entries: a checkpoint is only written after its entries
     * were committed, so the walk below sees at least what they claim. */
    char *text = NULL;
    checkpoint cp = {0};
    bool cp_read = false, cp_valid = false;
    zz_err cp_err = ZZ_ERR_INIT;
    int rc = zz_audit_store_checkpoint_file_read(data_dir, &text, &cp_err);
    if (rc == ZZ_OK) {
        cp_read = true;
        cp_valid = checkpoint_parse(&cp, text, &cp_err) == ZZ_OK;
    } else if (rc == ZZ_ETOOBIG) {
        cp_read = true; /* present, but not a checkpoint */
    } else if (rc != ZZ_ENOTFOUND) {
        if (err) *err = cp_err;
        goto done;
    }
    rc = ZZ_OK;
    bool tfound = false;
    int64_t tcount = 0;
    char thead[ZZ_SM3_HEXLEN + 1];
    rc = zz_audit_store_checkpoint_latest(st, &tfound, &tcount, thead, err);
    if (rc < 0) goto done;

    walk w;
    memset(&w, 0, sizeof w);
    w.r = r;
    memcpy(w.head, ZZ_AUDIT_GENESIS, sizeof w.head);
    w.want[0] = cp_valid ? cp.count : -1;
    w.want[1] = tfound ? tcount : -1;
    memcpy(w.got[0], ZZ_AUDIT_GENESIS, sizeof w.got[0]); /* right for count 0 */
    memcpy(w.got[1], ZZ_AUDIT_GENESIS, sizeof w.got[1]);
    rc = zz_audit_store_each(st, false, 0, walk_entry, &w, err);
    if (rc < 0) goto done;
    r->entries_checked = w.count;
    memcpy(r->head, w.head, sizeof r->head);
    char last[ZZ_SM3_HEXLEN + 1];
    rc = zz_audit_store_head(st, &r->count, last, err);
    if (rc < 0) goto done;
    if (cp_valid) {
        r->checkpoint_present = true;
        r->checkpoint_count = cp.count;
        memcpy(r->checkpoint_head, cp.head, sizeof r->checkpoint_head);
        snprintf(r->checkpoint_at, sizeof r->checkpoint_at, "%s", cp.at);
    }
    if (!r->ok) /* the first broken entry is the finding */
        goto done;

    /* the checkpoint file. */
    if (!cp_read) {
        if (w.count > 0 || tfound)
            report_bad(r, "audit.checkpoint_missing", 0,
                       "审计日志有 %" PRId64 " 条记录，但检查点文件 %s/%s 不存在",
                       "the audit log holds %" PRId64 " entries but the checkpoint file %s/%s "
                       "does not exist",
                       w.count, data_dir, ZZ_AUDIT_CHECKPOINT_FILE);
        goto done;
    }
    if (!cp_valid) {
        report_bad(r, "audit.checkpoint_invalid", 0, "%s%.0s", "%.0s%s", cp_err.message_zh,
                   cp_err.message);
        goto done;
    }
    char msg[160];
    int n = signed_text(msg, sizeof msg, cp.count, cp.head, cp.at);
    zz_err serr = ZZ_ERR_INIT;
    rc = zz_sm2_verify(key, msg, (size_t)n, cp.signature, &serr);
    if (rc == ZZ_ECRYPTO || rc == ZZ_EINVAL) {
        rc = ZZ_OK;
        report_bad(r, "audit.checkpoint_signature", 0,
                   "审计检查点（%" PRId64 " 条，%s）的签名无效：检查点文件已被篡改或替换",
                   "the audit checkpoint (%" PRId64 " entries, %s) has a signature that does not "
                   "verify: the checkpoint file was altered or replaced",
                   cp.count, cp.at);
        goto done;
    }
    if (rc < 0) {
        if (err) *err = serr;
        goto done;
    }
    if (cp.count > w.count) {
        report_bad(r, "audit.truncated", w.count + 1,
                   "数据库中只有 %" PRId64 " 条审计记录，少于检查点记载的 %" PRId64
                   " 条：第 %" PRId64 " 条起的最新记录已被删除",
                   "the database holds %" PRId64 " audit entries, fewer than the %" PRId64
                   " of the signed checkpoint: the newest entries from %" PRId64 " on were removed",
                   w.count, cp.count, w.count + 1);
        goto done;
    }
    if (strcmp(w.got[0], cp.head) != 0) {
        report_bad(r, "audit.checkpoint_mismatch", cp.count,
                   "审计日志第 %" PRId64 " 条记录的摘要与签名检查点不符：日志已被改写",
                   "audit entry %" PRId64 " has another digest than the signed checkpoint "
                   "records: the log was rewritten",
                   cp.count);
        goto done;
    }
    /* The table's latest checkpoint, a second witness (e.g. an old checkpoint file put back). */
    if (tfound && tcount > w.count) {
        report_bad(r, "audit.truncated", w.count + 1,
                   "数据库中只有 %" PRId64 " 条审计记录，少于检查点表记载的 %" PRId64 " 条",
                   "the database holds %" PRId64 " audit entries, fewer than the %" PRId64
                   " recorded in audit_checkpoints",
                   w.count, tcount);
        goto done;
    }
    if (tfound && strcmp(w.got[1], thead) != 0) {
        report_bad(r, "audit.checkpoint_mismatch", tcount,
                   "审计日志第 %" PRId64 " 条记录的摘要与检查点表不符",
                   "audit entry %" PRId64 " has another digest than audit_checkpoints records",
                   tcount);
        goto done;
    }
done:
    free(cp.signature);
    free(text);
    return rc < 0 ? rc : ZZ_OK;
}

/* ---- listing ------------------------------------------------------------------------------- */

typedef struct list_ctx {
    zz_audit_entry *v;
    size_t n, cap;
} list_ctx;

static int list_entry(void *ctx, const zz_audit_entry *e, zz_err *err)
{
    list_ctx *l = ctx;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        zz_audit_entry *v = realloc(l->v, cap * sizeof *v);
        if (!v) return zz_err_set(err, ZZ_ENOMEM, "sys.nomem", "内存不足", "out of memory");
        l->v = v;
        l->cap = cap;
    }
    zz_audit_entry *d = &l->v[l->n];
    *d = *e;
    d->actor = strdup(e->actor);
    d->action = strdup(e->action);
    d->obj_type = strdup(e->obj_type);
    d->obj_id = strdup(e->obj_id);
    d->obj_digest = strdup(e->obj_digest);
    d->detail = strdup(e->detail);
    l->n++;
    if (!d->actor || !d->action || !d->obj_type || !d->obj_id || !d->obj_digest || !d->detail)
        return zz_err_set(err, ZZ_ENOMEM, "sys.nomem", "内存不足", "out of memory");
    return 0;
}

int zz_audit_list(zz_store *st, size_t limit, zz_audit_entry **out, size_t *n, zz_err *err)
{
    list_ctx l = {0};
    *out = NULL;
    *n = 0;
    int rc = zz_audit_store_each(st, true, limit, list_entry, &l, err);
    if (rc < 0) {
        zz_audit_list_free(l.v, l.n);
        return rc;
    }
    *out = l.v;
    *n = l.n;
    return ZZ_OK;
}

void zz_audit_list_free(zz_audit_entry *entries, size_t n)
{
    if (!entries) return;
    for (size_t i = 0; i < n; i++) {
        free(entries[i].actor);
        free(entries[i].action);
        free(entries[i].obj_type);
        free(entries[i].obj_id);
        free(entries[i].obj_digest);
        free(entries[i].detail);
    }
    free(entries);
}
