/*
 * audit.h — the append-only, hash-chained audit log (审计日志) and its signed checkpoint.
 *
 * Every change of state and every decision is appended, in the same database transaction as
 *        the change itself (zz_audit_append refuses to run outside one): who (actor), when (the
 *        real instant AND the business date, so a back-dated action shows), what (action), on
 *        which object (type, id) and the SM3 digest of the object after the change.
 * Entries are chained; zz_audit_verify recomputes the chain and names the first broken
 *        entry.
 * After a commit that appended entries, zz_audit_checkpoint signs the head (count, digest)
 *        with the system SM2 key and keeps it outside the database, in the file
 *        DATA_DIR/audit-checkpoint.json and in the table audit_checkpoints, so that removing the
 *        newest entries is detected too. zz_audit_head gives the head for certificate records.
 *
 * Entry digest — exact definition (version 1). With NS(x) the netstring of the byte string x,
 * i.e. the decimal byte length of x without leading zeros, ':', the bytes of x, ',':
 *
 *     digest = lower-hex( SM3( NS("zizhi-audit-v1") NS(prev_digest) NS(seq) NS(at_usec)
 *                              NS(business_date) NS(actor) NS(action) NS(obj_type) NS(obj_id)
 *                              NS(obj_digest) NS(detail) ) )
 *
 *   prev_digest  the previous entry's digest as 64 lower-case hex chars; for seq 1, 64 '0' chars
 *                (ZZ_AUDIT_GENESIS);
 *   seq, at_usec decimal ASCII, '-' before a negative value, no leading zeros ("0" for zero);
 *   business_date "YYYY-MM-DD";
 *   obj_digest   64 lower-case hex chars, or the empty string when the caller gave none;
 *   detail       the JSON object text exactly as stored (the caller's bytes; "{}" when none given);
 *   other fields their UTF-8 bytes as stored.
 * Example prefix of seq 1: "14:zizhi-audit-v1,64:000…000,1:1,16:1767225600000000,10:2026-01-01,".
 *
 * Checkpoint file DATA_DIR/audit-checkpoint.json (written to a temporary file, synced, renamed):
 *     {"count": n, "head": "<digest of entry n, or ZZ_AUDIT_GENESIS when n = 0>",
 *      "at": "YYYY-MM-DDTHH:MM:SSZ", "signature": "<base64 DER SM2 signature>"}
 * The signature is SM2 with SM3 and distid "1234567812345678" over the text
 *     "<count>|<head>|<at>"        e.g. "5|9f3c…e1|2026-11-25T08:30:00Z"
 *
 * Invariants:
 *   I1  seq runs 1..n without gaps; entry k's prev_digest is entry k-1's digest.
 *   I2  entries are never updated or deleted (triggers refuse it; verification does not rely on
 *       the triggers and catches changes made by someone who dropped them).
 *   I3  the checkpoint never moves backwards: zz_audit_checkpoint refuses to overwrite a checkpoint
 *       that the database no longer contains (count higher, or another digest at its count).
 */
#ifndef ZIZHI_AUDIT_H
#define ZIZHI_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/calendar.h"
#include "zizhi/crypto.h"
#include "zizhi/errors.h"
#include "zizhi/store.h"

#define ZZ_AUDIT_GENESIS         "0000000000000000000000000000000000000000000000000000000000000000"
#define ZZ_AUDIT_CHECKPOINT_FILE "audit-checkpoint.json"
#define ZZ_AUDIT_SYSTEM_ACTOR    "system"
#define ZZ_AUDIT_DETAIL_MAX      (256 * 1024) /* bytes of detail JSON */
#define ZZ_AUDIT_INSTANT_STRLEN  32           /* "YYYY-MM-DDTHH:MM:SS.uuuuuuZ" + NUL, with room */

typedef struct zz_audit_entry {
    int64_t seq;
    int64_t at_usec;                    /* real instant, UTC µs since the epoch */
    char business_date[ZZ_DATE_STRLEN]; /* "YYYY-MM-DD" */
    char *actor;                        /* user name or "system" */
    char *action;                       /* "case.accept" */
    char *obj_type;
    char *obj_id;     /* may be "" */
    char *obj_digest; /* 64 hex chars or "" */
    char *detail;     /* JSON object text */
    char prev_digest[ZZ_SM3_HEXLEN + 1];
    char digest[ZZ_SM3_HEXLEN + 1];
} zz_audit_entry;

/*
 * Appends one entry. Must run inside the caller's transaction (zz_store_begin), together
 * with the change it records: it reads the chain head and inserts after it.
 *   actor       non-empty ("system" for the system itself);
 *   action      non-empty, lower-case dotted ("case.accept"): [a-z0-9_.-], at least one '.';
 *   obj_type    non-empty; obj_id may be NULL or "";
 *   obj_digest  NULL, "" or 64 lower-case hex chars;
 *   detail_json NULL (stored as "{}") or the text of one JSON object, at most ZZ_AUDIT_DETAIL_MAX.
 * The entry takes its instant from clock->now_usec and its business date from clock->today.
 * Errors: ZZ_ESTATE "audit.no_transaction"; ZZ_EINVAL "audit.actor", "audit.action",
 * "audit.object", "audit.obj_digest", "audit.detail", "audit.clock"; store errors.
 */
int zz_audit_append(zz_store *st, const zz_clock *clock, const char *actor, const char *action,
                    const char *obj_type, const char *obj_id, const char *obj_digest,
                    const char *detail_json, zz_err *err);

/* The chain head: *count entries (the highest seq) and the last digest (ZZ_AUDIT_GENESIS when the
 * log is empty). Inside a transaction it includes that transaction's own entries. */
int zz_audit_head(zz_store *st, int64_t *count, char head_hex[ZZ_SM3_HEXLEN + 1], zz_err *err);

/* Computes an entry's digest from its fields as defined above (e->digest is not read). */
int zz_audit_entry_digest(const zz_audit_entry *e, char out_hex[ZZ_SM3_HEXLEN + 1], zz_err *err);

/*
 * signs the committed head and writes DATA_DIR/audit-checkpoint.json atomically, and the
 * same checkpoint into audit_checkpoints. Call after a commit that appended entries; it runs its
 * own short transaction, so checkpoints are written in chain order. Does nothing when the file
 * already holds the current head. data_dir NULL means the store's. The key is the system key
 * (zz_sm2_key_load_or_create).
 * Errors: ZZ_ESTATE "audit.checkpoint_in_transaction"; ZZ_ECONFLICT "audit.truncated" or
 * "audit.checkpoint_mismatch" when the existing checkpoint is no longer in the database (I3);
 * ZZ_EIO "audit.checkpoint_write"; crypto and store errors.
 */
int zz_audit_checkpoint(zz_store *st, const char *data_dir, const zz_sm2_key *key,
                        const zz_clock *clock, zz_err *err);

typedef struct zz_audit_report {
    bool ok;                      /* nothing wrong was found */
    int64_t entries_checked;      /* entries whose link and digest were recomputed and matched */
    int64_t count;                /* entries in the database (its highest seq) */
    char head[ZZ_SM3_HEXLEN + 1]; /* digest of the last good entry */
    int64_t first_bad_seq;        /* the first broken or missing entry; 0 when none */
    bool checkpoint_present;      /* the checkpoint file exists and parses */
    int64_t checkpoint_count;
    char checkpoint_head[ZZ_SM3_HEXLEN + 1];
    char checkpoint_at[ZZ_AUDIT_INSTANT_STRLEN];
    /*
     * "" when ok, else one of:
     *   audit.altered              an entry's content no longer matches its digest
     *   audit.broken_link          an entry's prev_digest is not the previous entry's digest
     *   audit.removed              seq gap: an entry in the middle (or the first) was removed
     *   audit.truncated            the database has fewer entries than the checkpoint
     *   audit.checkpoint_mismatch  the entry at the checkpoint's count has another digest
     *   audit.checkpoint_signature the checkpoint's signature does not verify
     *   audit.checkpoint_missing   entries exist but the checkpoint file does not
     *   audit.checkpoint_invalid   the checkpoint file is not a valid checkpoint
     */
    char code[ZZ_ERR_CODE_MAX];
    char message[ZZ_ERR_MSG_MAX];
    char message_zh[ZZ_ERR_MSG_MAX];
} zz_audit_report;

/*
 * walks the whole chain from seq 1, stopping at the first broken entry, then checks
 * the checkpoint file (signature with key, count, digest) and the latest checkpoint in the table.
 * Returns 0 when the verification ran, whatever it found (report->ok says); negative only when it
 * could not run (database unreadable). data_dir NULL means the store's.
 */
int zz_audit_verify(zz_store *st, const char *data_dir, const zz_sm2_key *key,
                    zz_audit_report *report, zz_err *err);

/*
 * The newest `limit` entries (all when limit is 0), newest first.
 * OUT: *out (array of *n entries), which the caller frees with zz_audit_list_free.
 */
int zz_audit_list(zz_store *st, size_t limit, zz_audit_entry **out, size_t *n, zz_err *err);
void zz_audit_list_free(zz_audit_entry *entries, size_t n);

/* "YYYY-MM-DDTHH:MM:SSZ", or with ".uuuuuu" before the Z when with_usec. Returns buf. */
char *zz_audit_format_instant(int64_t usec, bool with_usec, char buf[ZZ_AUDIT_INSTANT_STRLEN]);

#endif
