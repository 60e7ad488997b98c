/*
 * cycle.h — the case cycle clock (项目实施周期, R-3.7): days used and left, the deadline, the
 * 80 % and 100 % warnings. Pure: the caller passes the case's dates and today's zz_clock.
 *
 * How days are counted (decided here, the one place):
 *   - The clock runs from the filing date (建档立项, R-3.1) to the stop date: the end date when the
 *     case has ended (certificate issued, not accepted, failed, withdrawn), else today. Days are
 *     half-open [filed, stop): on the filing day 0 days have elapsed; a day counts once it is over.
 *   - A pause covers the whole days [start, end): it starts on the day the body hands the move to
 *     the applicant and the day the applicant's move is recorded already counts again. An open
 *     pause runs to the stop date. A pause of the same day (end == start) pauses nothing.
 *   - Pauses are clipped to [filed, stop): waiting before filing or after the end does not count.
 *     Overlapping pauses (supplement and payment at once) count each day once.
 *   - days_used = days_elapsed - days_paused; days_allowed = (filed + span months) - filed, span 6
 *     calendar months by default (clamped at month end: filed 08-31 → 02-28/29);
 *     deadline = filed + span months + days_paused (filed 2026-01-10, 33 days paused →
 *     2026-08-12); days_left = days_allowed - days_used = deadline - stop (negative when late).
 *   - used_bp = days_used * 10000 / days_allowed, in basis points (8000 = 80 %), rounded down.
 *     warn_80 when days_used * 5 >= days_allowed * 4 (80 % reached, exact, no rounding);
 *     over_100 when days_used >= days_allowed (the allowed span is used up: today is the deadline
 *     or later); overdue when days_used > days_allowed (the deadline has passed: breached;
 *     a case that ends on its deadline day is not overdue).
 *
 * Invariants:
 *   I1  0 <= days_paused <= days_elapsed, so 0 <= days_used.
 *   I2  deadline == filed + span months + days_paused, and days_left == deadline - stop.
 *   I3  over_100 implies warn_80; overdue implies over_100.
 *   I4  only integer arithmetic.
 */
#ifndef ZIZHI_CYCLE_H
#define ZIZHI_CYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/calendar.h"
#include "zizhi/errors.h"

#define ZZ_CYCLE_SPAN_MONTHS_DEFAULT 6 /* in principle no more than 6 months */

/* Why the case waits for the applicant (R-3.7, R-3.4 rectification). */
typedef enum zz_pause_cause {
    ZZ_PAUSE_SUPPLEMENT = 1,    /* 补充资料: supplement requested → materials received */
    ZZ_PAUSE_AGREEMENT = 2,     /* 协议审批: agreement sent → agreement in effect */
    ZZ_PAUSE_PAYMENT = 3,       /* 支付费用: invoice sent → fee paid */
    ZZ_PAUSE_RECTIFICATION = 4, /* 整改: rectification requested → evidence received */
} zz_pause_cause;

/* "supplement", "agreement", "payment", "rectification"; NULL for an unknown value. */
const char *zz_pause_cause_code(zz_pause_cause c);
/* 补充资料, 协议审批, 支付费用, 整改; NULL for an unknown value. */
const char *zz_pause_cause_name_zh(zz_pause_cause c);
/* Parses the code; ZZ_EINVAL "input.pause_cause" otherwise. */
int zz_pause_cause_parse(zz_pause_cause *out, const char *s, zz_err *err);

typedef struct zz_pause {
    zz_date start;
    bool open; /* still waiting: end is ignored */
    zz_date end;
    zz_pause_cause cause;
} zz_pause;

typedef struct zz_cycle_input {
    zz_date filed;          /* 建档立项 */
    bool ended;             /* the case has ended: end is the stop date */
    zz_date end;            /* certificate issued / not accepted / failed / withdrawn */
    const zz_pause *pauses; /* borrowed; any order, may overlap */
    size_t n_pauses;
    int span_months; /* 0 means ZZ_CYCLE_SPAN_MONTHS_DEFAULT */
} zz_cycle_input;

typedef struct zz_cycle {
    zz_date stop;         /* end date or today */
    int64_t days_elapsed; /* stop - filed */
    int64_t days_paused;  /* whole days paused within [filed, stop), each day once */
    int64_t days_used;    /* elapsed - paused */
    int64_t days_allowed; /* (filed + span months) - filed, e.g. 181 from 2026-01-10 */
    int64_t days_left;    /* allowed - used; negative when over */
    zz_date deadline;     /* filed + span months + days_paused */
    int64_t used_bp;      /* days_used * 10000 / days_allowed (basis points, may exceed 10000) */
    bool warn_80;         /* warning at 80 % */
    bool over_100;        /* warning at 100 %: the allowed span is used up */
    bool overdue;         /* past the deadline */
    bool paused_now;      /* the case is running and a pause covers today */
    bool ended;           /* copied from the input: the clock has stopped */
} zz_cycle;

/*
 * Computes the clock. Refuses with ZZ_EINVAL: "input.cycle_dates" when a date is not a real date,
 * the end is before filing, or (a running case) today is before filing; "input.pause" when a
 * pause's end is before its start or its cause is unknown. out is zeroed on error.
 */
int zz_cycle_compute(zz_cycle *out, const zz_cycle_input *in, const zz_clock *clock, zz_err *err);

#endif
