/*
 * archive.h — case archives (档案), R-7.1 retention and disposal gates.
 *
 * The first part is pure date logic; the second part holds the store-backed actions on archives
 * (the archive record itself is written by zz_case_archive, case.h): listing, legal hold, the
 * recorded disposal approval, disposal, and the self-verifying export.
 *
 * Retention: an archive is kept until its closing date + 6 calendar years; from that date
 * on it may be listed for disposal (closed 2026-05-01 → kept until 2032-05-01, disposable that
 * day). An archive closed on 29 Feb is kept until 1 March of the sixth year (closed 2024-02-29 →
 * kept until 2030-03-01): a retention period is never shortened, so the anniversary rolls forward
 * (zz_date_anniversary) rather than being clamped back to 28 Feb.
 *
 * Disposal gates, checked in this order:
 *   1. today < kept-until date → ZZ_ERULE "gate.archive_retention", message names the date;
 *   2. a legal hold is on      → ZZ_ERULE "gate.legal_hold", message names the date too.
 * A legal hold blocks disposal for as long as it is on, whatever the date.
 *
 * Invariants:
 *   I1  zz_archive_kept_until(closed) > closed, and it is at least 6 full years later.
 *   I2  zz_archive_disposable(...) == 0 implies today >= kept-until and no legal hold.
 */
#ifndef ZIZHI_ARCHIVE_H
#define ZIZHI_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/calendar.h"
#include "zizhi/errors.h"

#define ZZ_ARCHIVE_RETENTION_YEARS 6 /* 归档保存六年 */

/* the first day the archive may be disposed of. */
zz_date zz_archive_kept_until(zz_date closed);

/* True while the archive is within its retention period: nothing of it may be deleted or changed.
 */
bool zz_archive_in_retention(zz_date closed, zz_date today);

/*
 * 0 when the archive closed on closed may be disposed of today (the recorded approval is
 * a separate gate of the disposal action). Refusals as above; ZZ_EINVAL "input.date" for a date
 * that is not real.
 */
int zz_archive_disposable(zz_date closed, zz_date today, bool legal_hold, zz_err *err);

/* ==== archive records (store-backed, R-7) ==================================================== */
/*
 *   (zz_case_archive) ──► kept ──(today >= keep_until)──► due for disposal (listed)
 *   due ──zz_archive_approve_disposal (manager: the recorded approval)──► approved
 *   approved ──zz_archive_dispose (manager)──► disposed
 *   zz_archive_hold / zz_archive_release (supervisor) at any time before disposal: while a hold is
 *   on, approval and disposal are refused ("gate.legal_hold").
 *
 * Read-only: an archived case is never changed. The core checks it with
 * zz_case__assert_mutable (every action that changes a case or its records must call it, or check
 * the case's state, before writing); the database refuses it too (triggers of 0006_cert.sql,
 * code "archive.read_only"). Disposal is recorded, never a deletion of the record.
 *
 * Who: manager and supervisor read archives and export them; the supervisor holds and releases;
 * the manager approves and disposes. Others: ZZ_EPERM "auth.role".
 */

struct zz_ctx;

typedef struct zz_archive {
    int64_t case_id;
    char case_number[41];
    int64_t org_id;
    char org_name[201];
    char closed_on[11];
    char keep_until[11]; /* first day it may be disposed of */
    bool legal_hold;
    char hold_reason[512];
    char disposal_approved_on[11]; /* "" until approved */
    int64_t disposal_approved_by;
    char disposed_on[11]; /* "" until disposed */
    bool due;             /* today >= keep_until and not disposed (listed for disposal) */
} zz_archive;

/* ZZ_ENOTFOUND "archive.not_found" when the case has no archive record. */
int zz_archive_get(struct zz_ctx *cx, int64_t case_id, zz_archive *out, zz_err *err);
/* Every archive record, by closing date. OUT: *out (caller frees with free()), *n. */
int zz_archive_list(struct zz_ctx *cx, zz_archive **out, size_t *n, zz_err *err);
/*
 * the archives whose retention has passed on `today` (keep_until <= today) and that are
 * not disposed of: listed for disposal (held ones included, with legal_hold set, since they are
 * due but blocked). Oldest keep_until first. OUT: *out (free()), *n.
 */
int zz_archive_list_due(struct zz_ctx *cx, zz_date today, zz_archive **out, size_t *n, zz_err *err);

/* supervisor (R-7.1 beyond): puts a legal hold on (reason required: "input.reason").
 * archive.not_found, archive.held (already held), archive.disposed. */
int zz_archive_hold(struct zz_ctx *cx, int64_t case_id, const char *reason, zz_err *err);
/* supervisor: lifts the legal hold (reason required). archive.not_held. */
int zz_archive_release(struct zz_ctx *cx, int64_t case_id, const char *reason, zz_err *err);
/*
 * manager: records the approval of disposal. Gates by zz_archive_disposable on today:
 * "gate.archive_retention" before keep_until, "gate.legal_hold" under a hold. archive.approved
 * when already approved, archive.disposed when disposed of.
 */
int zz_archive_approve_disposal(struct zz_ctx *cx, int64_t case_id, zz_err *err);
/*
 * manager: marks the archive disposed of today. Gates: the same as approval, then
 * "gate.disposal_not_approved" (ZZ_ERULE) without a recorded approval. archive.disposed.
 */
int zz_archive_dispose(struct zz_ctx *cx, int64_t case_id, zz_err *err);

/*
 * for src/core: 0 when the case may still change; ZZ_ESTATE "archive.read_only" when it is
 * archived (stage archived). ZZ_ENOTFOUND "case.not_found" when there is no such case. Every
 * action that changes a case or one of its records calls this (or checks the state) first.
 */
int zz_case__assert_mutable(struct zz_ctx *cx, int64_t case_id, zz_err *err);

/*
 * writes the case's archive to out_path as one zip (package.h: refuses an existing file,
 * no partial file on failure) holding
 *   case.json             the case record, members, review opinions, pauses, certificate;
 *   dossier.json          the dossier with its form (申请书) and self-assessment answers;
 *   evidence/<id>-<name>  every evidence file of the dossier and of the case, from the blob store
 *                         (each checked against its SM3 digest on the way, R-8.3);
 *   certificate.json      the signed certificate record and its signature (when certified);
 *   audit.json            the audit entries of the case's objects (case, dossier, certificate,
 *                         appeals, archive), in chain order;
 *   manifest.json + manifest.sig  every file with size and SM3, signed by the system key.
 * manager or supervisor; the case must be archived (ZZ_ESTATE "archive.not_archived"). The export
 * is audited ("archive.export").
 */
int zz_archive_export(struct zz_ctx *cx, int64_t case_id, const char *out_path, zz_err *err);

#endif
