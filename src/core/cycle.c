/*
 * cycle.c — the case cycle clock of: elapsed, paused (union of the pause intervals), used
 * and left days, deadline and warnings. Counting conventions are stated in cycle.h.
 */
#include "zizhi/cycle.h"

#include <string.h>

const char *zz_pause_cause_code(zz_pause_cause c)
{
    switch (c) {
    case ZZ_PAUSE_SUPPLEMENT:
        return "supplement";
    case ZZ_PAUSE_AGREEMENT:
        return "agreement";
    case ZZ_PAUSE_PAYMENT:
        return "payment";
    case ZZ_PAUSE_RECTIFICATION:
        return "rectification";
    }
    return NULL;
}

const char *zz_pause_cause_name_zh(zz_pause_cause c)
{
    switch (c) {
    case ZZ_PAUSE_SUPPLEMENT:
        return "补充资料";
    case ZZ_PAUSE_AGREEMENT:
        return "协议审批";
    case ZZ_PAUSE_PAYMENT:
        return "支付费用";
    case ZZ_PAUSE_RECTIFICATION:
        return "整改";
    }
    return NULL;
}

int zz_pause_cause_parse(zz_pause_cause *out, const char *s, zz_err *err)
{
    for (int c = ZZ_PAUSE_SUPPLEMENT; c <= ZZ_PAUSE_RECTIFICATION; c++)
        if (s && strcmp(s, zz_pause_cause_code((zz_pause_cause)c)) == 0) {
            *out = (zz_pause_cause)c;
            return ZZ_OK;
        }
    return zz_err_rule(err, ZZ_EINVAL, "input.pause_cause", "R-3.7",
                       "暂停原因“%.40s”无效，应为 supplement、agreement、payment 或 rectification",
                       "invalid pause cause \"%.40s\": expected supplement, agreement, payment or "
                       "rectification",
                       s ? s : "");
}

/* A pause as day numbers, clipped to [lo, hi); empty when e <= s. */
typedef struct span {
    int64_t s, e;
} span;

static span clip(const zz_pause *p, int64_t lo, int64_t hi)
{
    span r;
    r.s = zz_date_to_days(p->start);
    r.e = p->open ? hi : zz_date_to_days(p->end);
    if (r.s < lo) r.s = lo;
    if (r.e > hi) r.e = hi;
    return r;
}

/*
 * Days covered by the union of the clipped pauses. Without allocating: repeatedly take the
 * earliest uncovered start after pos and grow that run while another pause starts inside it. A
 * case has a handful of pauses, so the O(n^3) worst case is irrelevant.
 */
static int64_t union_days(const zz_pause *p, size_t n, int64_t lo, int64_t hi)
{
    int64_t total = 0, pos = lo;
    for (;;) {
        bool any = false;
        int64_t run_s = 0, run_e = 0;
        for (size_t i = 0; i < n; i++) {
            span c = clip(&p[i], lo, hi);
            if (c.s < pos) c.s = pos;
            if (c.e <= c.s) continue;
            if (!any || c.s < run_s) {
                run_s = c.s;
                any = true;
            }
        }
        if (!any) return total;
        run_e = run_s;
        for (bool grew = true; grew;) {
            grew = false;
            for (size_t i = 0; i < n; i++) {
                span c = clip(&p[i], lo, hi);
                if (c.s <= run_e && c.e > run_e && c.e > c.s) {
                    run_e = c.e;
                    grew = true;
                }
            }
        }
        total += run_e - run_s;
        pos = run_e;
    }
}

/* zh and en each take the two dates, in that order. */
static int bad_dates(zz_err *err, const char *zh, const char *en, const char *a, const char *b)
{
    return zz_err_rule(err, ZZ_EINVAL, "input.cycle_dates", "R-3.7", zh, en, a, b);
}

int zz_cycle_compute(zz_cycle *out, const zz_cycle_input *in, const zz_clock *clock, zz_err *err)
{
    char a[ZZ_DATE_STRLEN], b[ZZ_DATE_STRLEN];
    memset(out, 0, sizeof *out);

    if (!zz_date_valid(in->filed) || (in->ended && !zz_date_valid(in->end)) ||
        (!in->ended && !zz_date_valid(clock->today)))
        return bad_dates(err, "项目周期日期无效（建档 %s，截止 %s）",
                         "invalid cycle dates (filed %s, stop %s)", zz_date_format(in->filed, a),
                         zz_date_format(in->ended ? in->end : clock->today, b));
    zz_date stop = in->ended ? in->end : clock->today;
    if (zz_date_cmp(stop, in->filed) < 0)
        return bad_dates(err, "项目周期截止日期早于建档日期（建档 %s，截止 %s）",
                         "cycle stop date before filing (filed %s, stop %s)",
                         zz_date_format(in->filed, a), zz_date_format(stop, b));

    for (size_t i = 0; i < in->n_pauses; i++) {
        const zz_pause *p = &in->pauses[i];
        if (!zz_pause_cause_code(p->cause))
            return zz_err_rule(err, ZZ_EINVAL, "input.pause", "R-3.7",
                               "第 %zu 个暂停区间的原因无效", "pause %zu has an unknown cause",
                               i + 1);
        if (!zz_date_valid(p->start) || (!p->open && !zz_date_valid(p->end)))
            return zz_err_rule(err, ZZ_EINVAL, "input.pause", "R-3.7",
                               "第 %zu 个暂停区间的日期无效", "pause %zu has an invalid date",
                               i + 1);
        if (!p->open && zz_date_cmp(p->end, p->start) < 0)
            return zz_err_rule(err, ZZ_EINVAL, "input.pause", "R-3.7",
                               "第 %zu 个暂停区间的结束日期 %s 早于开始日期 %s",
                               "pause %zu ends on %s, before it starts on %s", i + 1,
                               zz_date_format(p->end, a), zz_date_format(p->start, b));
    }

    int span_months = in->span_months > 0 ? in->span_months : ZZ_CYCLE_SPAN_MONTHS_DEFAULT;
    int64_t lo = zz_date_to_days(in->filed), hi = zz_date_to_days(stop);
    zz_date nominal = zz_date_add_months(in->filed, span_months);

    out->stop = stop;
    out->ended = in->ended;
    out->days_elapsed = hi - lo;
    out->days_paused = union_days(in->pauses, in->n_pauses, lo, hi);
    out->days_used = out->days_elapsed - out->days_paused;
    out->days_allowed = zz_date_diff_days(in->filed, nominal);
    out->deadline = zz_date_add_days(nominal, out->days_paused);
    out->days_left = out->days_allowed - out->days_used;
    out->used_bp = out->days_used * 10000 / out->days_allowed;
    out->warn_80 = out->days_used * 5 >= out->days_allowed * 4;
    out->over_100 = out->days_used >= out->days_allowed;
    out->overdue = out->days_used > out->days_allowed;

    /* Paused now: the case runs and some pause covers today, [start, end). */
    if (!in->ended) {
        int64_t today = hi;
        for (size_t i = 0; i < in->n_pauses; i++) {
            const zz_pause *p = &in->pauses[i];
            int64_t s = zz_date_to_days(p->start);
            if (s <= today && (p->open || zz_date_to_days(p->end) > today)) out->paused_now = true;
        }
    }
    return ZZ_OK;
}
