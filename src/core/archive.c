/*
 * archive.c — archive retention: the kept-until date and the disposal gates. Pure; the
 * decisions (29 Feb rolls forward, gate order) are stated in archive.h.
 */
#include "zizhi/archive.h"

zz_date zz_archive_kept_until(zz_date closed)
{
    return zz_date_anniversary(closed, ZZ_ARCHIVE_RETENTION_YEARS);
}

bool zz_archive_in_retention(zz_date closed, zz_date today)
{
    return zz_date_cmp(today, zz_archive_kept_until(closed)) < 0;
}

int zz_archive_disposable(zz_date closed, zz_date today, bool legal_hold, zz_err *err)
{
    char c[ZZ_DATE_STRLEN], k[ZZ_DATE_STRLEN];
    if (!zz_date_valid(closed) || !zz_date_valid(today))
        return zz_err_rule(err, ZZ_EINVAL, "input.date", "R-7.1",
                           "档案结案日期 %s 或当前日期 %s 不是有效日期",
                           "archive closing date %s or today %s is not a real date",
                           zz_date_format(closed, c), zz_date_format(today, k));
    zz_date kept = zz_archive_kept_until(closed);
    zz_date_format(closed, c);
    zz_date_format(kept, k);
    if (zz_date_cmp(today, kept) < 0) /* */
        return zz_err_rule(err, ZZ_ERULE, "gate.archive_retention", "R-7.1",
                           "档案于 %s 结案，须保存至 %s，此前不得处置",
                           "archive closed on %s is kept until %s and cannot be disposed of "
                           "before then",
                           c, k);
    if (legal_hold) /* beyond: a supervisor's legal hold blocks disposal until lifted */
        return zz_err_rule(err, ZZ_ERULE, "gate.legal_hold", "R-7.1",
                           "档案（%s 结案，保存期至 %s）处于法律保全状态，解除前不得处置",
                           "archive (closed on %s, kept until %s) is under a legal hold and "
                           "cannot be disposed of until the hold is lifted",
                           c, k);
    return ZZ_OK;
}
