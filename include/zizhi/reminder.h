/*
 * reminder.h — expiry reminders: certificate holders are reminded by email 9, 7 and 6
 * calendar months before their certificate expires that the maintenance application is due
 * at least six months before expiry). The dates are the pure rule zz_cert_reminder_dates
 * (cert.h); this module is the store-backed run that queues the emails (src/core/reminder.c,
 * SQL in src/store/reminder_store.c, table cert_reminders of 0009_mail_pubdoc.sql).
 *
 * One run (zz_cert_queue_reminders, on cx->clock.today = T), for every certificate whose status on
 * T (R-4.2, derived) is valid or suspended — a suspension is temporary and does not bar
 * maintenance (R-2.4 only bars a revoked certificate); expired, revoked and superseded
 * certificates have nothing left to maintain:
 *
 *   1. the steps due are those whose date (expiry − 9, − 7, − 6 months, clamped at month end:
 *      expiry 2027-08-31 → 2026-11-30, 2027-01-31, 2027-02-28) is on or before T; none due →
 *      nothing;
 *   2. a maintenance application is under way — a dossier submitted against this certificate
 *      (dossiers.prior_cert_id) whose case is open or certified — → nothing (no row either, so
 *      that reminders resume if that case ends without a certificate);
 *   3. the latest due step already has its row → nothing (a step is handled once: running twice
 *      on the same day, or every day, queues nothing new);
 *   4. otherwise the latest due step's email is queued to the organisation's designated address
 *      (指定电子邮箱, org.h) in Chinese first, then English: certificate number, category and
 *      level, expiry date, the last on-time day (expiry − 6 months, R-2.4) and what happens after
 *      it; the row (cert_id, step, 'queued', outbox id) is written, and every earlier due step
 *      without a row is recorded as 'skipped'.
 *
 * Catch-up decision: a run that finds several steps due (the job did not run for months, or a
 * certificate was issued with a short validity) sends only the latest one — three emails at once
 * saying the same thing is noise, and the latest carries the nearest deadline — and marks the
 * earlier ones skipped, so they are never sent later either.
 *
 * A certificate whose holder's address is refused by the outbox (outbox.address) is left without
 * a row and counted in n_unsendable, so one bad address does not stop the others; it is tried
 * again on the next run.
 *
 * The run is one action (ctx.h): every row and email of the run and ONE audit entry
 * "cert.reminders" (object "cert_reminders", id = T) in one transaction, also when nothing was
 * due (the entry records that the check ran). zizhid runs it once per business day in its mail
 * job (src/http/jobs.c); `zizhi mail remind` runs it by hand.
 *
 * Invariants:
 *   I1  at most one row per (certificate, step): (cert_id, step) is the primary key.
 *   I2  a 'queued' row names the outbox message it queued, in the same transaction.
 *   I3  the steps with rows of a certificate are always a prefix of 9, 7, 6.
 */
#ifndef ZIZHI_REMINDER_H
#define ZIZHI_REMINDER_H

#include <stddef.h>
#include <stdint.h>

#include "zizhi/errors.h"

struct zz_ctx;

typedef struct zz_reminder_run {
    size_t n_checked;    /* valid or suspended certificates with a step due */
    size_t n_queued;     /* emails queued */
    size_t n_skipped;    /* earlier steps recorded as skipped */
    size_t n_in_process; /* a maintenance application is under way */
    size_t n_unsendable; /* the designated address was refused (outbox.address) */
} zz_reminder_run;

/*
 * one run on cx->clock.today (see above). The system or manager (ZZ_EPERM "auth.role").
 * OUT: *n_queued (may be NULL); *run (may be NULL) the counts.
 */
int zz_cert_queue_reminders(struct zz_ctx *cx, size_t *n_queued, zz_err *err);
int zz_cert_queue_reminders_ex(struct zz_ctx *cx, zz_reminder_run *run, zz_err *err);

typedef struct zz_cert_reminder {
    int64_t cert_id;
    char cert_number[41];
    int step;           /* 9, 7 or 6 months before expiry */
    char due_on[11];    /* expiry - step months */
    char queued_on[11]; /* the run's business day */
    char outcome[11];   /* "queued" | "skipped" */
    int64_t outbox_id;  /* 0 when skipped */
} zz_cert_reminder;

/*
 * The recorded steps of certificate cert_id (0 = every certificate), by certificate then step
 * (9, 7, 6). The system, manager, supervisor and sys_admin. OUT: *out (caller frees with free()),
 * *n.
 */
int zz_cert_reminder_list(struct zz_ctx *cx, int64_t cert_id, zz_cert_reminder **out, size_t *n,
                          zz_err *err);

#endif
