/*
 * cert.h — certificates (资质证书): validity, status, maintenance timing
 * and expiry reminders.
 *
 * The first part is pure date logic; the second part holds the store-backed actions of the
 * certification stage: batches (批次), issue with numbering and signing,
 * publication (公告) and the public registry and verification, which derive every
 * status with zz_cert_status_on from the recorded dates and decisions (suspensions and revocations
 * are sanctions, sanction.h).
 *
 * Validity: the expiry date is the last valid day, the day before the N-th anniversary of
 * the issue date (N = 3 by default): issued 2026-03-15 → expires 2029-03-14. The anniversary of
 * 29 Feb in a common year is 1 March (zz_date_anniversary), so a certificate always covers N full
 * years: issued 2028-02-29 → expires 2031-02-28; issued 2025-03-01 → expires 2028-02-29.
 *
 * Status is derived, never stored: from the dates and the recorded decisions, on a given
 * day, with this precedence (the first that holds wins):
 *
 *   revoked    (取消)    a revocation took effect on or before the day; final
 *   superseded (已替代)  a maintenance certificate was issued on or before the day
 *   expired    (过期)    the day is after the expiry date
 *   suspended  (暂停)    a suspension started on or before the day and was not lifted by then
 *                        (suspended on [start, lifted_on): valid again on the day it is lifted)
 *   valid      (有效)    otherwise
 *
 * Why this order: revocation is final and is what the public must see first; a superseded
 * certificate has a successor, which tells more than "expired"; once a certificate has expired a
 * suspension no longer matters.
 *
 * Transitions (each by a recorded decision or by the date, never by editing the status):
 *
 *     valid ──── suspend ───► suspended
 *     valid ◄─── lift ─────────────── suspended
 *     valid, suspended ── day > expiry ──► expired
 *     valid, suspended, expired ── maintenance certificate issued ──► superseded
 *     any ── revoke (R-5.1, final) ──► revoked
 *
 * Maintenance timing, "6 months" in calendar months clamped at month end
 * (expiry 2026-08-31 → on-time limit 2026-02-28):
 *
 *     submitted <= expiry - 6 months                      → on time
 *     expiry - 6 months < submitted <= expiry + 6 months  → late (the holder is warned)
 *     submitted > expiry + 6 months                       → treated as initial (视作初次申请)
 *     certificate revoked on or before submission         → treated as initial
 *     no certificate of the same category and level       → initial
 *
 * Invariants:
 *   I1  zz_cert_expiry(issued, n) >= issued for n >= 1.
 *   I2  a status is a pure function of (zz_cert_facts, day).
 */
#ifndef ZIZHI_CERT_H
#define ZIZHI_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/calendar.h"
#include "zizhi/crypto.h"
#include "zizhi/errors.h"

#define ZZ_CERT_VALIDITY_YEARS_DEFAULT 3 /* the fee covers a three-year annual fee */

/* the last valid day. validity_years <= 0 means ZZ_CERT_VALIDITY_YEARS_DEFAULT. */
zz_date zz_cert_expiry(zz_date issued, int validity_years);

typedef enum zz_cert_status {
    ZZ_CERT_VALID = 1,
    ZZ_CERT_SUSPENDED = 2,
    ZZ_CERT_REVOKED = 3,
    ZZ_CERT_EXPIRED = 4,
    ZZ_CERT_SUPERSEDED = 5,
} zz_cert_status;

/* "valid", "suspended", "revoked", "expired", "superseded" (API token); NULL if unknown. */
const char *zz_cert_status_code(zz_cert_status s);
/* 有效, 暂停, 取消, 过期, 已替代; NULL if unknown. */
const char *zz_cert_status_name_zh(zz_cert_status s);
/* "valid", "suspended", "revoked", "expired", "superseded by a maintenance certificate". */
const char *zz_cert_status_name_en(zz_cert_status s);
/* Parses the token; ZZ_EINVAL "input.cert_status" otherwise. */
int zz_cert_status_parse(zz_cert_status *out, const char *s, zz_err *err);

/* A suspension decision and its lifting. */
typedef struct zz_cert_suspension {
    zz_date start;
    bool lifted;
    zz_date lifted_on; /* valid again from this day */
} zz_cert_suspension;

/* What derives a status from. Arrays are borrowed. */
typedef struct zz_cert_facts {
    zz_date issued;
    zz_date expires; /* last valid day */
    const zz_cert_suspension *suspensions;
    size_t n_suspensions;
    bool revoked;
    zz_date revoked_on;
    bool superseded;
    zz_date superseded_on; /* issue date of the maintenance certificate */
} zz_cert_facts;

/*
 * the status on day (normally clock->today). ZZ_EINVAL "input.cert_dates" when a date is
 * not real, the expiry is before the issue date, a suspension is lifted before it starts, or day
 * is before the issue date (a certificate has no status before it exists).
 */
int zz_cert_status_on(zz_cert_status *out, const zz_cert_facts *f, zz_date day, zz_err *err);

typedef enum zz_maint_timing {
    ZZ_MAINT_ON_TIME = 1,          /* 按期维持 */
    ZZ_MAINT_LATE = 2,             /* 逾期维持: flagged, holder warned */
    ZZ_MAINT_TREAT_AS_INITIAL = 3, /* 视作初次申请 */
} zz_maint_timing;

#define ZZ_MAINT_MONTHS 6 /* */

typedef struct zz_maint_result {
    zz_maint_timing timing;
    /* "maint.on_time", "maint.late", "maint.expired_over_6_months", "maint.revoked",
     * "maint.no_certificate": static strings. */
    const char *reason_code;
    char reason_zh[256]; /* the reason with its dates, to record */
    char reason_en[256];
    zz_date on_time_limit; /* expiry - 6 months: last on-time submission day */
    zz_date late_limit;    /* expiry + 6 months: last day still maintenance */
} zz_maint_result;

/*
 * classifies an application submitted on submitted by the holder of held (the holder's
 * latest certificate of the same category and level; NULL when it has none). ZZ_EINVAL
 * "input.cert_dates" for dates that are not real.
 */
int zz_cert_maintenance_timing(zz_maint_result *out, const zz_cert_facts *held, zz_date submitted,
                               zz_err *err);

/* the reminder dates expiry - 9, - 7 and - 6 months, in that order (clamped at month end).
 */
#define ZZ_CERT_REMINDERS 3
void zz_cert_reminder_dates(zz_date out[ZZ_CERT_REMINDERS], zz_date expires);

/* ==== certificates, batches and the public registry (store-backed, R-3.6, R-4) =============== */
/*
 * Batches (批次) and issue, each step one action (ctx.h shape; a refused step writes nothing):
 *
 *   zz_batch_create ──► open ──zz_batch_add / zz_batch_remove (cases certification/approved)
 *   open ──zz_batch_issue──► issued ──zz_batch_publish──► published (公告: public registry)
 *
 * Issue (zz_batch_issue), for every case of the batch in case-number order, in one transaction:
 *   1. the number from the pattern of the setting "cert.number_pattern" (default below) with the
 *      next value of the counter of (category, level, year of issue) — numbers are assigned at
 *      issue and never reused: a counter only goes up, and a number already taken is
 *      skipped;
 *   2. expiry = zz_cert_expiry(issue date, setting "cert.validity_years", default 3);
 *   3. the canonical record (compact JSON, keys sorted):
 *        {"audit":{"count":N,"head":"<hex>"},"batch":"<batch number>","case":"<case number>",
 *         "category":…,"expiry_date":…,"format":"zizhi-certificate","format_version":1,
 *         "issue_date":…,"key":"<SM3 of the system public key>","level":N,"number":…,
 *         "organisation":…,"uscc":…}
 *      where audit is the chain head at that moment (zz_audit_head, R-8.4);
 *   4. the SM2 signature of the record's exact bytes by the system key;
 *   5. the certificate row (record, signature, head) and the audit entry "cert.issue";
 *   6. a maintenance case's certificate supersedes the holder's earlier certificates of the same
 *      category and level that are neither revoked nor superseded, on its issue date (R-4.2
 *      default): superseded_on = issue date, superseded_by = the new certificate;
 *   7. the case is closed as certified on the issue date (zz_case__close: the cycle clock stops).
 * Then the batch is issued ("batch.issue").
 *
 * Who reads: a certificate is visible to the applicant roles of its holder, to manager,
 * supervisor and cert_officer; an applicant asking for another holder's certificate gets
 * ZZ_ENOTFOUND "cert.not_found" (as if it did not exist); other roles get ZZ_EPERM "auth.role".
 * The public registry (anyone, no account) shows published certificates only, each with its
 * current status — suspended and revoked included — and never a reason.
 *
 * Invariants:
 *   C1  a certificate's issued facts, record and signature never change after issue (a trigger
 *       refuses it); only revoked_on and superseded_on/_by are recorded later.
 *   C2  status is never stored: zz_cert_status_on over (issue, expiry, suspensions, revoked_on,
 *       superseded_on) on the day asked (I2 above).
 *   C3  a case is in at most one batch, and has at most one certificate.
 */

struct zz_ctx;

#define ZZ_CERT_NUMBER_PATTERN_DEFAULT "CNITSEC{year}{CAT}{level}-{seq4}"
#define ZZ_CERT_NUMBER_SETTING         "cert.number_pattern"
#define ZZ_CERT_VALIDITY_SETTING       "cert.validity_years"
#define ZZ_CERT_RECORD_FORMAT          "zizhi-certificate"
#define ZZ_CERT_NUMBER_MAX             40

/*
 * Expands a certificate number pattern (pure). Tokens, in braces: {year} (four digits), {CAT} (the
 * category code, as case numbers derive it: "ai-security" → "AIS", overridden by cat_code when
 * not NULL), {cat} (the category as it is), {level}, {seqN} (the sequence zero-padded to N digits,
 * N = 1..9), {seq} (unpadded); other text is copied. The same tokens as case numbers
 * (zz_case_number_format), written in braces. ZZ_EINVAL "cert.number_pattern" for a pattern
 * without a sequence, with an unknown token or a '<' '>', or a number longer than 40 characters.
 * "CNITSEC{year}{CAT}{level}-{seq4}", ai-security, 1, 2026, 1 → "CNITSEC2026AIS1-0001".
 */
int zz_cert_number_format(char *buf, size_t size, const char *pattern, const char *category,
                          const char *cat_code, int level, int year, int64_t seq, zz_err *err);

typedef struct zz_batch {
    int64_t id;
    char number[41]; /* "B2026-001" */
    char status[13]; /* open | issued | published */
    char created_on[11];
    char issued_on[11];    /* "" until issued */
    char published_on[11]; /* "" until published */
    int64_t n_cases;
    int64_t n_certs;
} zz_batch;

/* cert_officer: opens a batch numbered "B<year>-<seq3>". OUT: *batch_id. */
int zz_batch_create(struct zz_ctx *cx, int64_t *batch_id, zz_err *err);
/*
 * cert_officer: adds a case approved by the manager to an open batch. Codes, in order:
 * auth.role, batch.not_found, batch.state (not open), case.not_found, gate.not_approved (the case
 * is awaiting the manager's approval), case.state (not certification/approved),
 * batch.case_in_batch (already in a batch: this or another).
 */
int zz_batch_add(struct zz_ctx *cx, int64_t batch_id, int64_t case_id, zz_err *err);
/* cert_officer: takes a case out of an open batch. ZZ_ENOTFOUND "batch.case_not_in_batch". */
int zz_batch_remove(struct zz_ctx *cx, int64_t batch_id, int64_t case_id, zz_err *err);
/*
 * cert_officer: issues the certificates of an open batch on issue_date (see above). Codes:
 * batch.not_found, batch.state, batch.empty (ZZ_ERULE), input.date (issue_date after today or
 * before a case's approval), case.state (a case no longer certification/approved),
 * cert.number_pattern (the setting), crypto errors of the system key.
 */
int zz_batch_issue(struct zz_ctx *cx, int64_t batch_id, zz_date issue_date, zz_err *err);
/*
 * cert_officer: publishes (公告) an issued batch on `on` (not before its issue date, not after
 * today): its certificates enter the public registry. batch.state when not issued.
 */
int zz_batch_publish(struct zz_ctx *cx, int64_t batch_id, zz_date on, zz_err *err);
/* cert_officer, manager, supervisor. batch.not_found. */
int zz_batch_get(struct zz_ctx *cx, int64_t batch_id, zz_batch *out, zz_err *err);
/* Newest first. OUT: *out (caller frees with free()), *n. */
int zz_batch_list(struct zz_ctx *cx, zz_batch **out, size_t *n, zz_err *err);
/* The case ids of a batch in case-number order. OUT: *out (caller frees with free()), *n. */
int zz_batch_cases(struct zz_ctx *cx, int64_t batch_id, int64_t **out, size_t *n, zz_err *err);

typedef struct zz_cert {
    int64_t id;
    char number[41];
    int64_t org_id;
    char org_name[201]; /* as printed */
    char uscc[19];
    char category[51];
    int level;
    char issue_date[11];
    char expiry_date[11]; /* last valid day */
    int64_t case_id;
    char case_number[41];
    int64_t batch_id;
    char batch_number[41];
    bool published;
    char published_on[11];
    char revoked_on[11];    /* "" when not revoked */
    char superseded_on[11]; /* "" when not superseded */
    int64_t superseded_by;  /* 0 when not superseded */
    char superseded_by_number[41];
    zz_cert_status status; /* derived on status_on */
    char status_on[11];
    int64_t audit_count; /* head inside the record */
    char audit_head[65];
    char *record;    /* owned: the signed record (zz_cert_get only, NULL in lists) */
    char *signature; /* owned: base64 SM2 (zz_cert_get only) */
} zz_cert;

/* Frees record and signature of one certificate (not c itself). */
void zz_cert_clear(zz_cert *c);
/* Frees an array from zz_cert_list. */
void zz_cert_list_free(zz_cert *v, size_t n);

/* One certificate with its record, status derived today. OUT: *out (zz_cert_clear). */
int zz_cert_get(struct zz_ctx *cx, int64_t id, zz_cert *out, zz_err *err);
int zz_cert_get_by_number(struct zz_ctx *cx, const char *number, zz_cert *out, zz_err *err);

typedef struct zz_cert_filter {
    int64_t org_id;     /* 0 = any visible (applicants always see only their own) */
    int64_t batch_id;   /* 0 = any */
    const char *status; /* a zz_cert_status code, derived today; NULL = any */
    int64_t offset;
    int64_t limit; /* <= 0: 50; capped at 500 */
} zz_cert_filter;

/* Visible certificates, newest issue first. OUT: *out (zz_cert_list_free), *n, *total. */
int zz_cert_list(struct zz_ctx *cx, const zz_cert_filter *f, zz_cert **out, size_t *n,
                 int64_t *total, zz_err *err);

/* What the public sees of a certificate: no reasons, no internal ids. */
typedef struct zz_cert_public {
    char number[41];
    char org_name[201];
    char uscc[19];
    char category[51];
    int level;
    char issue_date[11];
    char expiry_date[11];
    char batch_number[41];
    char published_on[11];
    zz_cert_status status; /* today (cx->clock) */
    char status_on[11];
    char superseded_by_number[41]; /* the successor's number when superseded, else "" */
} zz_cert_public;

/*
 * The public registry (anyone): published certificates whose number or USCC equals query, or
 * whose organisation name contains it; query NULL or "" lists all. Ordered by number.
 * OUT: *out (caller frees with free()), *n, *total (matches without the page); limit <= 0: 50,
 * capped at 500.
 */
int zz_cert_public_search(struct zz_ctx *cx, const char *query, int64_t offset, int64_t limit,
                          zz_cert_public **out, size_t *n, int64_t *total, zz_err *err);

typedef struct zz_cert_verification {
    zz_cert_public cert;
    bool signature_ok;   /* the stored record verifies with the system key */
    bool record_matches; /* the record states the same facts as the registry row */
    char key[65];        /* SM3 of the system public key the record names */
} zz_cert_verification;

/*
 * The public verification page (anyone, R-4.3): the published certificate numbered `number`
 * with its current status and the outcome of verifying its signature and record. Returns 0 when
 * the certificate exists and is published, whatever the verification found; ZZ_ENOTFOUND
 * "cert.not_found" otherwise.
 */
int zz_cert_public_verify(struct zz_ctx *cx, const char *number, zz_cert_verification *out,
                          zz_err *err);

/*
 * 0 when signature (base64 SM2) verifies over record's bytes with the system key and the
 * record is a certificate record; ZZ_ECRYPTO "crypto.bad_signature" or ZZ_EINVAL "cert.record".
 */
int zz_cert_verify_record(struct zz_ctx *cx, const char *record, const char *signature,
                          zz_err *err);

/* For src/core (sanction.c, dossier.c): the facts of of certificate id, with its
 * suspensions (OUT: *susp, caller frees with free(); the facts borrow it). No visibility check. */
int zz_cert__facts(struct zz_ctx *cx, int64_t id, zz_cert_facts *facts, zz_cert_suspension **susp,
                   zz_err *err);

#endif
