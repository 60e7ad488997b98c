/*
 * archive.h — case archives (档案), R-7.1 retention and disposal gates.
 *
 * This part is pure date logic; the store-backed actions (archive, export, dispose with recorded
 * approval, legal hold) are added to this header and archive.c by the archive module.
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

#endif
