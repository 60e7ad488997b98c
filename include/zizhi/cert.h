/*
 * cert.h — certificates (资质证书): validity, status, maintenance timing
 * and expiry reminders.
 *
 * This part is pure date logic; the store-backed actions (issue, batch, publish) are added to this
 * header and cert.c by the certification module.
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

#include "zizhi/calendar.h"
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

#endif
