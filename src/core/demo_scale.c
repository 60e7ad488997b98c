/*
 * demo_scale.c — the scaled demonstration database (demo.h, zz_demo_scale): plans N cases in
 * memory (dates, fates, numbers, batches, certificate history), then writes them organisation by
 * organisation through the prepared statements of src/store/bulk_store.c, in transactions of
 * about ZZ_DEMO_SCALE_TX_ROWS rows, each row's audit entry chained in the same transaction.
 *
 * Dates are day numbers (zz_date_to_days) while planning; a milestone is "reached" when its day
 * is on or before F and the case had not ended before it. The standard timeline is demo.c's
 * (submission d0, assignment, paper received, filing, review, agreement, payment, assessment,
 * conclusion, panel, approval, batch, issue, publication), each step stretched by the case's
 * speed.
 */
#include "zizhi/demo.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/domain_int.h"
#include "store/bulk_store.h"
#include "zizhi/archive.h"
#include "zizhi/audit.h"
#include "zizhi/blob.h"
#include "zizhi/calendar.h"
#include "zizhi/case.h"
#include "zizhi/catalog.h"
#include "zizhi/cert.h"
#include "zizhi/crypto.h"
#include "zizhi/ctx.h"
#include "zizhi/fee.h"
#include "zizhi/role.h"
#include "zizhi/user.h"
#include "zizhi/uscc.h"

#define CATEGORY  "ai-security"
#define CAT_CODE  "AIS" /* zz_case_number_format derives it from CATEGORY */
#define LEVEL     1
#define NONE      INT32_MIN
#define HISTORY   1800 /* days of submissions before F */
#define DAY_USEC  ((int64_t)86400 * 1000000)
#define HOUR_USEC ((int64_t)3600 * 1000000)

/* ==== word lists ============================================================================= */

static const struct {
    const char *city;
    const char *district;
    const char *code; /* administrative division code (行政区划码) of the district */
    const char *area; /* telephone area code */
} CITIES[] = {
    {"北京", "海淀区", "110108", "010"},   {"北京", "朝阳区", "110105", "010"},
    {"上海", "浦东新区", "310115", "021"}, {"上海", "徐汇区", "310104", "021"},
    {"深圳", "南山区", "440305", "0755"},  {"深圳", "福田区", "440304", "0755"},
    {"广州", "天河区", "440106", "020"},   {"杭州", "西湖区", "330106", "0571"},
    {"南京", "鼓楼区", "320106", "025"},   {"成都", "武侯区", "510107", "028"},
    {"武汉", "洪山区", "420111", "027"},   {"西安", "雁塔区", "610113", "029"},
    {"天津", "滨海新区", "120116", "022"}, {"重庆", "渝北区", "500112", "023"},
    {"苏州", "虎丘区", "320505", "0512"},  {"合肥", "蜀山区", "340104", "0551"},
    {"长沙", "岳麓区", "430104", "0731"},  {"济南", "历城区", "370112", "0531"},
    {"青岛", "崂山区", "370212", "0532"},  {"郑州", "金水区", "410105", "0371"},
};
#define N_CITIES (sizeof CITIES / sizeof CITIES[0])

/* Brand names (字号) are one character of each list: disjoint, so never "安安". */
static const char *const BRAND1[] = {"智", "数", "云", "天", "明", "睿", "华", "鼎", "宸", "澜",
                                     "恒", "中", "博", "启", "汇", "海", "星", "远", "新", "正"};
static const char *const BRAND2[] = {"安", "盾", "信", "御", "卫", "科", "图", "达", "联", "创",
                                     "航", "锐", "擎", "芯", "微", "源", "盈", "策", "衡", "泰"};
static const char *const BUSINESS[] = {"信息安全技术", "人工智能安全科技", "网络安全服务",
                                       "数据安全技术", "可信智能科技",     "智能科技",
                                       "信息技术",     "网络科技",         "安全技术研究院"};
static const char *const FORMS[] = {"有限公司", "股份有限公司"};
static const char *const ROADS[] = {"科技路", "创新大道",   "高新南路", "软件园路", "学院路",
                                    "信息路", "中关村大街", "张江路",   "科苑路",   "天府大道"};
static const char *const SURNAMES[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                       "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"};
static const char *const GIVEN[] = {"伟",   "敏",   "静",   "丽",   "强",   "磊",   "洋",
                                    "艳",   "勇",   "军",   "杰",   "娟",   "涛",   "明",
                                    "超",   "海燕", "志强", "晓梅", "建国", "文博", "思远",
                                    "雨萱", "子涵", "浩然", "欣怡", "俊杰", "佳琪", "宇航"};
#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ==== the plan =============================================================================== */

enum {
    M_CREATE,
    M_SUBMIT,
    M_ASSIGN,
    M_RECEIVE,
    M_FILE,
    M_SUPPL_REQ,
    M_SUPPL_RECV,
    M_REVIEW,
    M_DRAFT,
    M_SEND,
    M_EFFECTIVE,
    M_PAY1,
    M_PAY,
    M_START,
    M_PLAN,
    M_RECT_REQ,
    M_RECT_DONE,
    M_CONCLUDE,
    M_EXPERTS,
    M_VOTES,
    M_PANEL,
    M_APPROVE,
    M_ISSUE,
    M__N
};

enum { FATE_CERTIFIED, FATE_NOT_ACCEPTED, FATE_WITHDRAWN, FATE_FAILED };

enum {
    FL_SUPPL = 1,      /* a supplement round at acceptance review */
    FL_RECT = 2,       /* a rectification during assessment */
    FL_TWO_PAY = 4,    /* the audit fee first, the annual fee later */
    FL_MAINT = 8,      /* maintenance application */
    FL_LATE = 16,      /* maintenance, late */
    FL_AS_INITIAL = 32 /* held a certificate but treated as initial */
};

typedef struct bcase {
    int32_t org;
    int32_t day[M__N]; /* scheduled day numbers; NONE when not on this case's timeline */
    int32_t end;       /* the day the case ends (closed, certified), NONE if it runs past F */
    int32_t archived;  /* archive day or NONE */
    int32_t case_seq;
    int32_t cert_seq; /* 0: no certificate on F */
    int32_t batch;    /* index into the batches, -1 none */
    int32_t prior;    /* case whose certificate a maintenance application maintains, -1 */
    int32_t sup_on;   /* superseded on (day) or NONE */
    int32_t sup_by;   /* the superseding case, -1 */
    int32_t revoked, warned, susp, lifted; /* sanction days or NONE */
    uint16_t lead, assessor, expert[3];
    uint8_t fate, flags;
    int64_t case_id, cert_id, dossier_id;
} bcase;

typedef struct bbatch {
    int32_t issue, created, publish; /* days */
    int64_t id;
    char number[16];
} bbatch;

typedef struct pool {
    const char *prefix; /* "bulk-lead" */
    zz_role role;
    int n;
    int64_t *ids;
} pool;

typedef struct gen {
    zz_ctx *cx;
    zz_err *err;
    zz_bulk *b;
    int64_t n, n_orgs;
    int32_t F;
    uint64_t rng;
    const zz_catalog *cat;
    const zz_sm2_key *key;
    char key_hex[ZZ_SM3_HEXLEN + 1];
    zz_fee_schedule *fees;
    bcase *c;
    int32_t *by_org; /* case indexes grouped by organisation, each group in submission order */
    int64_t *org_first;
    bbatch *bt;
    size_t n_bt;
    pool pl[3]; /* leads, assessors, experts */
    int64_t manager_id, cert_officer_id, supervisor_id;
    char stamped_scan[ZZ_SM3_HEXLEN + 1];
    /* the audit chain as this run writes it */
    int64_t seq;
    char head[ZZ_SM3_HEXLEN + 1];
    int64_t at_usec;
    char business_date[ZZ_DATE_STRLEN];
    /* rotating date buffers for bound values (valid until 16 more are formatted) */
    char dbuf[16][ZZ_DATE_STRLEN];
    unsigned di;
    zz_demo_progress_fn progress;
    void *parg;
    zz_demo_scale_result *out;
} gen;

/* splitmix64: small, fast, and the same on every platform (the plan must be deterministic). */
static uint64_t rnd(gen *g)
{
    uint64_t z = (g->rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
/* Per mille, uniform in 0..999: the plan's proportions are integers (no floating point). */
static uint32_t permille(gen *g)
{
    return (uint32_t)(rnd(g) % 1000);
}
static uint32_t below(gen *g, uint32_t n)
{
    return (uint32_t)(rnd(g) % n);
}

static const char *D(gen *g, int32_t day)
{
    if (day == NONE) return NULL;
    char *b = g->dbuf[g->di++ % 16];
    return zz_date_format(zz_date_from_days(day), b);
}

static bool reached(const gen *g, const bcase *c, int m)
{
    return c->day[m] != NONE && c->day[m] <= g->F;
}

static bool ended(const gen *g, const bcase *c)
{
    return c->end != NONE && c->end <= g->F;
}

/* A step of x days at the case's speed (per mille), rounded, at least one day. */
static int32_t step(int32_t x, int32_t speed)
{
    int32_t d = (x * speed + 500) / 1000;
    return d < 1 ? 1 : d;
}

/* Certificate batches are issued on Tuesdays and Fridays (1970-01-01 was a Thursday). */
static int32_t next_batch_day(int32_t day)
{
    for (;; day++) {
        int wd = (int)(((int64_t)day + 4) % 7 + 7) % 7; /* 0 = Sunday */
        if (wd == 2 || wd == 5) return day;
    }
}

/* The timeline and fate of one case (everything that does not depend on other cases). */
static void plan_case(gen *g, bcase *c)
{
    memset(c->day, 0, sizeof c->day);
    for (int m = 0; m < M__N; m++)
        c->day[m] = NONE;
    c->end = c->archived = c->revoked = c->warned = c->susp = c->lifted = c->sup_on = NONE;
    c->batch = c->prior = c->sup_by = -1;
    c->org = (int32_t)below(g, (uint32_t)g->n_orgs);
    /* more cases in recent years: half uniform over the history, half with a density falling
     * linearly with age (the smaller of two uniform draws) */
    int32_t a = (int32_t)below(g, HISTORY - 1), b = (int32_t)below(g, HISTORY - 1);
    int32_t back = 1 + (permille(g) < 500 ? a : a < b ? a : b);
    int32_t d0 = g->F - back;
    int32_t s = 800 + (int32_t)below(g, 1001); /* speed per mille: 800 (fast) .. 1800 (slow) */
    uint32_t f = permille(g);
    c->fate = f < 50    ? FATE_NOT_ACCEPTED
              : f < 100 ? FATE_WITHDRAWN
              : f < 160 ? FATE_FAILED
                        : FATE_CERTIFIED;
    c->flags = 0;
    if (permille(g) < 120) c->flags |= FL_SUPPL;
    if (permille(g) < 100) c->flags |= FL_RECT;
    if (permille(g) < 200) c->flags |= FL_TWO_PAY;
    int32_t *d = c->day;
    d[M_CREATE] = d0 - 30 - (int32_t)below(g, 30);
    d[M_SUBMIT] = d0;
    d[M_ASSIGN] = d0 + 1 + (int32_t)below(g, 2);
    d[M_RECEIVE] = d[M_ASSIGN] + step(4, s);
    d[M_FILE] = d[M_RECEIVE] + step(2, s);
    if (c->flags & FL_SUPPL) {
        d[M_SUPPL_REQ] = d[M_FILE] + step(7, s);
        d[M_SUPPL_RECV] = d[M_SUPPL_REQ] + step(14, s);
        d[M_REVIEW] = d[M_SUPPL_RECV] + step(3, s);
    } else {
        d[M_REVIEW] = d[M_FILE] + step(7, s);
    }
    d[M_DRAFT] = d[M_REVIEW] + step(2, s);
    d[M_SEND] = d[M_DRAFT] + step(2, s);
    d[M_EFFECTIVE] = d[M_SEND] + step(6, s);
    if (c->flags & FL_TWO_PAY) {
        d[M_PAY1] = d[M_EFFECTIVE];
        d[M_PAY] = d[M_PAY1] + step(10, s);
    } else {
        d[M_PAY] = d[M_SEND] + step(9, s);
    }
    int32_t both = d[M_PAY] > d[M_EFFECTIVE] ? d[M_PAY] : d[M_EFFECTIVE];
    d[M_START] = both + step(3, s);
    d[M_PLAN] = d[M_START] + step(4, s);
    if (c->flags & FL_RECT) {
        d[M_RECT_REQ] = d[M_PLAN] + step(14, s);
        d[M_RECT_DONE] = d[M_RECT_REQ] + step(8, s);
        d[M_CONCLUDE] = d[M_RECT_DONE] + step(5, s);
    } else {
        d[M_CONCLUDE] = d[M_PLAN] + step(19, s);
    }
    d[M_EXPERTS] = d[M_CONCLUDE] + 1;
    d[M_VOTES] = d[M_EXPERTS] + step(7, s);
    d[M_PANEL] = d[M_VOTES] + step(2, s);
    d[M_APPROVE] = d[M_PANEL] + step(4, s);
    d[M_ISSUE] = next_batch_day(d[M_APPROVE] + 3);

    int last = M_ISSUE;
    switch (c->fate) {
    case FATE_NOT_ACCEPTED:
        c->end = d[M_REVIEW];
        last = M_REVIEW;
        break;
    case FATE_FAILED:
        c->end = d[M_PANEL];
        last = M_PANEL;
        break;
    case FATE_WITHDRAWN: { /* any time before approval */
        static const int AFTER[] = {M_RECEIVE,   M_FILE,  M_REVIEW, M_SEND,
                                    M_EFFECTIVE, M_START, M_PLAN,   M_CONCLUDE};
        int32_t at = d[AFTER[below(g, LEN(AFTER))]];
        c->end = at + 1 + (int32_t)below(g, 4);
        for (int m = 0; m < M__N; m++) /* what had not happened by then never happens */
            if (d[m] != NONE && d[m] > c->end) d[m] = NONE;
        last = M__N - 1;
        break;
    }
    default:
        c->end = d[M_ISSUE];
        break;
    }
    for (int m = last + 1; m < M__N; m++)
        d[m] = NONE;
    if (c->end > g->F) c->end = NONE; /* still running on F */
    /* most cases closed long enough ago are archived a month or two after closing */
    if (ended(g, c) && c->end <= g->F - 120 && permille(g) < 600)
        c->archived = c->end + 30 + (int32_t)below(g, 60);
    c->lead = (uint16_t)below(g, (uint32_t)g->pl[0].n);
    c->assessor = (uint16_t)below(g, (uint32_t)g->pl[1].n);
    uint32_t ne = (uint32_t)g->pl[2].n, e0 = below(g, ne), e1 = below(g, ne - 1),
             e2 = below(g, ne - 2);
    /* three distinct experts: e1 skips e0, e2 skips both */
    if (e1 >= e0) e1++;
    uint32_t lo = e0 < e1 ? e0 : e1, hi = e0 < e1 ? e1 : e0;
    if (e2 >= lo) e2++;
    if (e2 >= hi) e2++;
    c->expert[0] = (uint16_t)e0, c->expert[1] = (uint16_t)e1, c->expert[2] = (uint16_t)e2;
}

/* The stage and state after the milestones up to day (the case's own history). */
static void state_upto(const bcase *c, int32_t upto, const char **stage, const char **state)
{
    *stage = "acceptance";
    *state = "submitted";
    for (int m = M_SUBMIT; m < M__N; m++) {
        if (c->day[m] == NONE || c->day[m] > upto) continue;
        switch (m) {
        case M_RECEIVE:
            *state = "received";
            break;
        case M_FILE:
        case M_SUPPL_RECV:
            *state = "filed";
            break;
        case M_SUPPL_REQ:
            *state = "supplement";
            break;
        case M_REVIEW:
            if (c->fate != FATE_NOT_ACCEPTED) *stage = "initiation", *state = "drafting";
            break;
        case M_DRAFT:
            *stage = "initiation", *state = "agreement_drafted";
            break;
        case M_SEND:
        case M_EFFECTIVE:
        case M_PAY1:
        case M_PAY:
            *stage = "initiation", *state = "waiting";
            break;
        case M_START:
            *stage = "assessment", *state = "planning";
            break;
        case M_PLAN:
        case M_RECT_REQ:
        case M_RECT_DONE:
            *stage = "assessment", *state = "in_progress";
            break;
        case M_CONCLUDE:
        case M_EXPERTS:
        case M_VOTES:
            *stage = "expert_review", *state = "panel";
            break;
        case M_PANEL:
            if (c->fate != FATE_FAILED) *stage = "certification", *state = "awaiting_approval";
            break;
        case M_APPROVE:
            *stage = "certification", *state = "approved";
            break;
        default:
            break;
        }
    }
}

/* The case's stage, state and close reason on F, before archiving. */
static void state_on_f(const gen *g, const bcase *c, const char **stage, const char **state,
                       const char **reason)
{
    *reason = NULL;
    if (!ended(g, c)) {
        state_upto(c, g->F, stage, state);
        return;
    }
    state_upto(c, c->end, stage, state);
    switch (c->fate) {
    case FATE_CERTIFIED:
        *stage = "certification", *state = "certified", *reason = "certified";
        break;
    case FATE_NOT_ACCEPTED:
        *state = "closed", *reason = "not_accepted";
        break;
    case FATE_FAILED:
        *state = "closed", *reason = "failed";
        break;
    default:
        *state = "closed", *reason = "withdrawn";
        break;
    }
}

static int cmp_i32(int32_t a, int32_t b)
{
    return (a > b) - (a < b);
}

static const bcase *sort_cases; /* qsort has no context argument; planning is single-threaded */

static int cmp_by_submission(const void *x, const void *y)
{
    const bcase *a = &sort_cases[*(const int32_t *)x], *b = &sort_cases[*(const int32_t *)y];
    int c = cmp_i32(a->day[M_SUBMIT], b->day[M_SUBMIT]);
    return c ? c : cmp_i32(*(const int32_t *)x, *(const int32_t *)y);
}

static int cmp_by_org(const void *x, const void *y)
{
    const bcase *a = &sort_cases[*(const int32_t *)x], *b = &sort_cases[*(const int32_t *)y];
    int c = cmp_i32(a->org, b->org);
    return c ? c : cmp_by_submission(x, y);
}

static int cmp_by_issue(const void *x, const void *y)
{
    const bcase *a = &sort_cases[*(const int32_t *)x], *b = &sort_cases[*(const int32_t *)y];
    int c = cmp_i32(a->day[M_ISSUE], b->day[M_ISSUE]);
    return c ? c : cmp_by_submission(x, y);
}

static bool has_cert(const gen *g, const bcase *c)
{
    return c->fate == FATE_CERTIFIED && ended(g, c);
}

/* The facts of of a planned certificate (no suspensions: they do not change ). */
static zz_cert_facts facts_of(const bcase *c)
{
    zz_cert_facts f;
    memset(&f, 0, sizeof f);
    f.issued = zz_date_from_days(c->day[M_ISSUE]);
    f.expires = zz_cert_expiry(f.issued, ZZ_CERT_VALIDITY_YEARS_DEFAULT);
    return f;
}

static int32_t expiry_day(const bcase *c)
{
    return (int32_t)zz_date_to_days(
        zz_cert_expiry(zz_date_from_days(c->day[M_ISSUE]), ZZ_CERT_VALIDITY_YEARS_DEFAULT));
}

/* A random day in [lo, hi], or NONE when the window is shorter than min_len days. */
static int32_t day_in(gen *g, int32_t lo, int32_t hi, int32_t min_len)
{
    if (hi - lo < min_len) return NONE;
    return lo + (int32_t)below(g, (uint32_t)(hi - lo + 1));
}

/*
 * The history of one organisation's certificates, its cases in submission order: the
 * application type, supersession by maintenance certificates and sanctions.
 */
static int plan_org_history(gen *g, const int32_t *idx, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        bcase *c = &g->c[idx[k]];
        /* the holder's latest certificate issued on or before the submission */
        int32_t held = -1;
        for (size_t j = 0; j < k; j++) {
            const bcase *p = &g->c[idx[j]];
            if (has_cert(g, p) && p->day[M_ISSUE] <= c->day[M_SUBMIT] &&
                (held < 0 || p->day[M_ISSUE] > g->c[held].day[M_ISSUE]))
                held = idx[j];
        }
        if (held < 0) continue;
        zz_cert_facts f = facts_of(&g->c[held]);
        zz_maint_result r;
        int rc = zz_cert_maintenance_timing(&r, &f, zz_date_from_days(c->day[M_SUBMIT]), g->err);
        if (rc < 0) return rc;
        c->prior = held;
        if (r.timing == ZZ_MAINT_TREAT_AS_INITIAL)
            c->flags |= FL_AS_INITIAL;
        else
            c->flags |= FL_MAINT | (r.timing == ZZ_MAINT_LATE ? FL_LATE : 0);
    }
    /* default: a maintenance certificate supersedes the earlier ones on its issue date */
    for (size_t k = 0; k < n; k++) {
        bcase *c = &g->c[idx[k]];
        if (!has_cert(g, c) || !(c->flags & FL_MAINT)) continue;
        for (size_t j = 0; j < n; j++) {
            bcase *p = &g->c[idx[j]];
            if (p == c || !has_cert(g, p) || p->day[M_ISSUE] >= c->day[M_ISSUE]) continue;
            if (p->sup_on == NONE || p->sup_on > c->day[M_ISSUE])
                p->sup_on = c->day[M_ISSUE], p->sup_by = idx[k];
        }
    }
    /* a few warnings, suspensions (half lifted) and revocations, while the certificate is
     * in force; a revoked certificate is never one a later application maintains */
    for (size_t k = 0; k < n; k++) {
        bcase *c = &g->c[idx[k]];
        if (!has_cert(g, c)) continue;
        int32_t until = expiry_day(c);
        if (c->sup_on != NONE && c->sup_on - 1 < until) until = c->sup_on - 1;
        if (g->F < until) until = g->F;
        int32_t from = c->day[M_ISSUE] + 30;
        uint32_t u = rnd(g) % 10000; /* per ten thousand */
        if (u < 100) {
            c->warned = day_in(g, from, until, 30);
        } else if (u < 200) {
            c->susp = day_in(g, from, until - 10, 60);
            if (c->susp != NONE && permille(g) < 500) {
                int32_t l = c->susp + 30 + (int32_t)below(g, 60);
                if (l <= until) c->lifted = l;
            }
        } else if (u < 250 && c->sup_on == NONE) {
            bool maintained = false;
            for (size_t j = 0; j < n; j++)
                maintained = maintained || g->c[idx[j]].prior == idx[k];
            if (!maintained) c->revoked = day_in(g, from, until, 60);
        }
    }
    return 0;
}

/* Reads a counter's last value (0 when the scope has none). */
static int counter(gen *g, bool cert, const char *scope, int64_t *out)
{
    bool found = false;
    zz_bulk_val v[] = {ZZ_BV_TEXT(scope)};
    return zz_bulk_get_int(g->b, cert ? ZZ_BULK_CERT_COUNTER_GET : ZZ_BULK_CASE_COUNTER_GET, v, 1,
                           &found, out, g->err);
}

/* Per-year sequences continuing the counters: case numbers by submission, certificate numbers
 * by issue date, batch numbers by creation date (R-3.6: numbers only go up, never reused). */
typedef struct yearseq {
    int year;
    int64_t last;
} yearseq;

static int next_in_year(gen *g, yearseq *ys, size_t *n_ys, bool cert, const char *fmt, int year,
                        int64_t *seq)
{
    for (size_t i = 0; i < *n_ys; i++)
        if (ys[i].year == year) {
            *seq = ++ys[i].last;
            return 0;
        }
    char scope[64];
    snprintf(scope, sizeof scope, fmt, year);
    int64_t last = 0;
    int rc = counter(g, cert, scope, &last);
    if (rc < 0) return rc;
    ys[*n_ys].year = year;
    ys[*n_ys].last = last + 1;
    *seq = ys[(*n_ys)++].last;
    return 0;
}

#define MAX_YEARS 64

static int plan(gen *g)
{
    int rc = 0;
    g->c = calloc((size_t)g->n, sizeof *g->c);
    g->by_org = malloc((size_t)g->n * sizeof *g->by_org);
    g->org_first = calloc((size_t)g->n_orgs + 1, sizeof *g->org_first);
    int32_t *tmp = malloc((size_t)g->n * sizeof *tmp);
    if (!g->c || !g->by_org || !g->org_first || !tmp) {
        free(tmp);
        return zz__nomem(g->err);
    }
    for (int64_t i = 0; i < g->n; i++)
        plan_case(g, &g->c[i]);
    sort_cases = g->c;

    /* case numbers in submission order */
    yearseq ys[MAX_YEARS];
    size_t n_ys = 0;
    for (int64_t i = 0; i < g->n; i++)
        tmp[i] = (int32_t)i;
    qsort(tmp, (size_t)g->n, sizeof *tmp, cmp_by_submission);
    for (int64_t k = 0; k < g->n && rc == 0; k++) {
        bcase *c = &g->c[tmp[k]];
        int64_t seq = 0;
        rc = next_in_year(g, ys, &n_ys, false, CAT_CODE "1-%04d-<seq4>",
                          zz_date_from_days(c->day[M_SUBMIT]).year, &seq);
        c->case_seq = (int32_t)seq;
    }

    /* each organisation's cases in submission order, and their certificate history */
    for (int64_t i = 0; i < g->n; i++)
        g->by_org[i] = (int32_t)i;
    qsort(g->by_org, (size_t)g->n, sizeof *g->by_org, cmp_by_org);
    for (int64_t k = 0, o = 0; k <= g->n; k++) {
        int32_t org = k < g->n ? g->c[g->by_org[k]].org : (int32_t)g->n_orgs;
        while (o <= org && o <= g->n_orgs)
            g->org_first[o++] = k;
    }
    for (int64_t o = 0; o < g->n_orgs && rc == 0; o++)
        rc = plan_org_history(g, g->by_org + g->org_first[o],
                              (size_t)(g->org_first[o + 1] - g->org_first[o]));

    /* batches: one per issue day whose batch was opened (three days before) by F */
    size_t n_issue = 0;
    for (int64_t i = 0; i < g->n; i++) {
        bcase *c = &g->c[i];
        if (c->day[M_ISSUE] != NONE && c->day[M_ISSUE] - 3 <= g->F) tmp[n_issue++] = (int32_t)i;
    }
    qsort(tmp, n_issue, sizeof *tmp, cmp_by_issue);
    g->bt = calloc(n_issue ? n_issue : 1, sizeof *g->bt);
    if (!g->bt && rc == 0) rc = zz__nomem(g->err);
    yearseq yb[MAX_YEARS], yc[MAX_YEARS];
    size_t n_yb = 0, n_yc = 0;
    for (size_t k = 0; k < n_issue && rc == 0; k++) {
        bcase *c = &g->c[tmp[k]];
        int32_t issue = c->day[M_ISSUE];
        if (g->n_bt == 0 || g->bt[g->n_bt - 1].issue != issue) {
            bbatch *b = &g->bt[g->n_bt++];
            b->issue = issue;
            b->created = issue - 3;
            b->publish = issue + 3;
            int year = zz_date_from_days(b->created).year;
            int64_t seq = 0;
            if ((rc = next_in_year(g, yb, &n_yb, true, "batch|%04d", year, &seq)) < 0) break;
            snprintf(b->number, sizeof b->number, "B%04d-%03" PRId64, year, seq);
        }
        /* in a batch once approved (zz_batch_add) and the batch exists */
        if (reached(g, c, M_APPROVE)) c->batch = (int32_t)(g->n_bt - 1);
        if (has_cert(g, c)) {
            int64_t seq = 0;
            rc = next_in_year(g, yc, &n_yc, true, "cert|" CATEGORY "|1|%04d",
                              zz_date_from_days(issue).year, &seq);
            c->cert_seq = (int32_t)seq;
        }
    }
    free(tmp);
    return rc;
}

/* ==== writing ================================================================================ */

#define RUN(stmt, rowid, ...)                                                                      \
    do {                                                                                           \
        zz_bulk_val v_[] = {__VA_ARGS__};                                                          \
        int rc_ = zz_bulk_run(g->b, (stmt), v_, sizeof v_ / sizeof v_[0], (rowid), g->err);        \
        if (rc_ < 0) return rc_;                                                                   \
    } while (0)
#define I(x) ZZ_BV_INT(x)
#define T(x) ZZ_BV_TEXT(x)
#define NUL  ZZ_BV_NULL
#define TRY(e)                                                                                     \
    do {                                                                                           \
        int rc_ = (e);                                                                             \
        if (rc_ < 0) return rc_;                                                                   \
    } while (0)

/* The instant of a business day at 10:00 Shanghai (row timestamps). */
static int64_t usec_of(int32_t day)
{
    return zz_clock_fixed(zz_date_from_days(day)).now_usec + 10 * HOUR_USEC;
}

/* Appends one audit entry to the chain (audit.h), in the open transaction. Takes detail. */
static int audit(gen *g, const char *action, const char *obj_type, int64_t obj_id,
                 const char *obj_digest, json_t *detail)
{
    if (detail) json_object_set_new(detail, "demo_scale", json_integer((json_int_t)g->n));
    char *text = detail ? zz__json_text(detail) : NULL;
    if (!text) return zz__nomem(g->err);
    char id[24];
    snprintf(id, sizeof id, "%" PRId64, obj_id);
    zz_audit_entry e;
    memset(&e, 0, sizeof e);
    e.seq = g->seq + 1;
    g->at_usec += 1000;
    e.at_usec = g->at_usec;
    memcpy(e.business_date, g->business_date, sizeof e.business_date);
    e.actor = (char *)ZZ_AUDIT_SYSTEM_ACTOR;
    e.action = (char *)action;
    e.obj_type = (char *)obj_type;
    e.obj_id = id;
    e.obj_digest = (char *)(obj_digest ? obj_digest : "");
    e.detail = text;
    memcpy(e.prev_digest, g->head, sizeof e.prev_digest);
    int rc = zz_audit_entry_digest(&e, e.digest, g->err);
    if (rc == 0) {
        zz_bulk_val v[] = {I(e.seq),    I(e.at_usec),     T(e.business_date), T(e.actor),
                           T(e.action), T(e.obj_type),    T(e.obj_id),        T(e.obj_digest),
                           T(e.detail), T(e.prev_digest), T(e.digest)};
        rc = zz_bulk_run(g->b, ZZ_BULK_AUDIT, v, sizeof v / sizeof v[0], NULL, g->err);
    }
    free(text);
    if (rc < 0) return rc;
    g->seq = e.seq;
    memcpy(g->head, e.digest, sizeof g->head);
    g->out->n_audit++;
    return 0;
}

static int begin(gen *g)
{
    TRY(zz_store_begin(g->cx->st, g->err));
    /* continue the chain from the committed head (another writer may have appended) */
    return zz_audit_head(g->cx->st, &g->seq, g->head, g->err);
}

static int commit(gen *g, const char *phase, int64_t done, int64_t total)
{
    TRY(zz_store_commit(g->cx->st, g->err));
    g->out->n_rows = zz_bulk_rows(g->b);
    if (g->progress) g->progress(g->parg, phase, done, total);
    return 0;
}

/* ---- organisations and accounts -------------------------------------------------------------- */

/* A person's name (people and accounts). */
static void person_name(char *buf, size_t cap, uint64_t k)
{
    snprintf(buf, cap, "%s%s", SURNAMES[k % LEN(SURNAMES)],
             GIVEN[(k / LEN(SURNAMES)) % LEN(GIVEN)]);
}

/* Organisation o's facts, a bijection of o onto the word lists while o is below their product. */
typedef struct orgfacts {
    char name[201];
    char uscc[ZZ_USCC_LEN + 1];
    char address[301];
    char contact[64];
    char phone[32];
    char email[64];
    char legal_rep[64];
    int city;
} orgfacts;

static int org_facts(gen *g, int64_t o, orgfacts *f)
{
    const uint64_t M = N_CITIES * LEN(BRAND1) * LEN(BRAND2) * LEN(BUSINESS) * LEN(FORMS);
    uint64_t k = ((uint64_t)o * 7919u) % M; /* 7919 is prime and divides no factor of M */
    size_t city = k % N_CITIES;
    k /= N_CITIES;
    size_t b1 = k % LEN(BRAND1);
    k /= LEN(BRAND1);
    size_t b2 = k % LEN(BRAND2);
    k /= LEN(BRAND2);
    size_t biz = k % LEN(BUSINESS);
    k /= LEN(BUSINESS);
    size_t form = k % LEN(FORMS);
    f->city = (int)city;
    snprintf(f->name, sizeof f->name, "%s%s%s%s%s", CITIES[city].city, BRAND1[b1], BRAND2[b2],
             BUSINESS[biz], FORMS[form]);
    snprintf(f->address, sizeof f->address, "%s市%s%s%d号%d层", CITIES[city].city,
             CITIES[city].district, ROADS[(uint64_t)o % LEN(ROADS)], 1 + (int)((o / 7) % 300),
             2 + (int)(o % 18));
    person_name(f->contact, sizeof f->contact, (uint64_t)o * 31 + 7);
    person_name(f->legal_rep, sizeof f->legal_rep, (uint64_t)o * 17 + 3);
    snprintf(f->phone, sizeof f->phone, "%s-%08d", CITIES[city].area,
             (int)(60000000 + ((uint64_t)o * 104729u) % 39999999));
    snprintf(f->email, sizeof f->email, "zizhi@org%06" PRId64 ".example.cn", o + 1);
    /* USCC (GB 32100): 9 1 + division code + organisation code "MB" + 6 characters of o in the
     * code alphabet + its GB 11714 check character, then the check character of the 17 */
    static const char ALPHA[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    char oc[10];
    oc[0] = 'M', oc[1] = 'B';
    uint64_t x = (uint64_t)o;
    for (int i = 7; i >= 2; i--, x /= 31)
        oc[i] = ALPHA[x % 31];
    static const int W[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 8; i++)
        sum += W[i] * (oc[i] <= '9' ? oc[i] - '0' : oc[i] - 'A' + 10);
    int cc = 11 - sum % 11;
    oc[8] = cc == 10 ? 'X' : cc == 11 ? '0' : (char)('0' + cc);
    oc[9] = '\0';
    char prefix[18];
    snprintf(prefix, sizeof prefix, "91%s%s", CITIES[city].code, oc);
    return zz_uscc_make(f->uscc, prefix, g->err);
}

static const char *const POOL_ZH[3] = {"项目负责人", "评估人员", "专家"};

static int write_accounts(gen *g)
{
    static const char *const DEMO[3][4] = {
        {"demo-project_lead"},
        {"demo-assessor"},
        {"demo-expert", "demo-expert2", "demo-expert3", "demo-expert4"}};
    static const int N_DEMO[3] = {1, 1, 4};
    for (int p = 0; p < 3; p++) {
        pool *pl = &g->pl[p];
        for (int i = 0; i < pl->n; i++) {
            if (i < N_DEMO[p]) { /* the demo's own account heads the pool */
                zz_user *u = NULL;
                TRY(zz_user_get_by_name(g->cx->st, DEMO[p][i], &u, g->err));
                pl->ids[i] = u->id;
                zz_user_free(u);
                continue;
            }
            char username[64], name[64], mail[128];
            snprintf(username, sizeof username, "%s-%04d", pl->prefix, i - N_DEMO[p] + 1);
            person_name(name, sizeof name, (uint64_t)i * 13 + (uint64_t)p * 101 + 5);
            snprintf(mail, sizeof mail, "%s@zizhi-demo.example.cn", username);
            RUN(ZZ_BULK_USER, &pl->ids[i], T(username), T(name), T(mail), NUL, I(g->at_usec));
            RUN(ZZ_BULK_USER_ROLE, NULL, I(pl->ids[i]), T(zz_role_name(pl->role)), I(g->at_usec));
            TRY(audit(g, "user.bulk_create", "user", pl->ids[i], NULL,
                      json_pack("{s:s, s:s, s:s, s:b}", "username", username, "role",
                                zz_role_name(pl->role), "role_zh", POOL_ZH[p], "password", 0)));
            g->out->n_accounts++;
        }
    }
    return 0;
}

static int write_batches(gen *g)
{
    for (size_t i = 0; i < g->n_bt; i++) {
        bbatch *b = &g->bt[i];
        bool issued = b->issue <= g->F, published = b->publish <= g->F;
        const char *status = published ? "published" : issued ? "issued" : "open";
        RUN(ZZ_BULK_BATCH, &b->id, T(b->number), T(D(g, b->created)), I(g->cert_officer_id),
            T(issued ? D(g, b->issue) : NULL), issued ? I(g->cert_officer_id) : NUL,
            T(published ? D(g, b->publish) : NULL), published ? I(g->cert_officer_id) : NUL,
            T(status));
        TRY(audit(g, "batch.bulk_create", "batch", b->id, NULL,
                  json_pack("{s:s, s:s, s:s}", "number", b->number, "status", status, "created_on",
                            D(g, b->created))));
        g->out->n_batches++;
    }
    return 0;
}

/* ---- one case ---------------------------------------------------------------------------------
 */

static const char *const OPINION_ACCEPTED =
    "申请书形式符合要求，基本资格、基本能力、人工智能安全过程域和项目与组织过程域的证据充分，予以"
    "受理。";
static const char *const OPINION_SUPPLEMENT =
    "申请书形式符合要求。请补充：1. 近一年专职 CISP 人员的社保缴纳证明；2. 3.2.6-1 "
    "所列项目的验收报告扫描件。";
static const char *const OPINION_NOT_ACCEPTED =
    "经审查，申请材料中人工智能安全过程域（3.3）的实施证据均为制度文本，缺少项目实施记录，不能证明"
    "基本实践已实施，不予受理。可在补齐项目过程记录后重新申请。";
static const char *const VOTE_PASS =
    "证据充分，评估活动覆盖全部要求项和基本实践，项目审核结论合理，同意通过。";
static const char *const VOTE_FAIL =
    "多个人工智能安全过程域的基本实践缺少实施记录，项目审核结论（未达到一级要求）合理，不予通过。";

/* The ended-or-open end of a pause that started on a reached milestone. */
static const char *pause_end(gen *g, const bcase *c, int end_m)
{
    if (reached(g, c, end_m)) return D(g, c->day[end_m]);
    return ended(g, c) ? D(g, c->end) : NULL;
}

/* The conformity summary of a conclusion (the shape assess.c stores, without per-group rows). */
static char *conformity(const gen *g, bool met)
{
    size_t items = g->cat->n_reqs, bps = g->cat->n_bps;
    size_t bad = met ? 0 : (bps > 10 ? bps / 10 : 1);
    json_t *o = json_pack(
        "{s:{s:s, s:s, s:I, s:I, s:i, s:I, s:[]}, s:{s:{s:{s:I, s:I, s:i, s:I}, s:{s:I, s:I, "
        "s:i, s:I}}, s:[]}}",
        "recommendation", "rule", "R-1.5", "recommendation", met ? "met" : "not_met", "items",
        (json_int_t)(items + bps), "rated", (json_int_t)(items + bps), "unrated", 0, "blocking",
        (json_int_t)bad, "reasons", "conformity", "overall", "items", "total", (json_int_t)items,
        "rated", (json_int_t)items, "not_applicable", 0, "conforming", (json_int_t)items,
        "practices", "total", (json_int_t)bps, "rated", (json_int_t)bps, "not_applicable", 0,
        "performed", (json_int_t)(bps - bad), "groups");
    return o ? zz__json_text(o) : NULL;
}

/* SM3 of the canonical JSON of the case row (the shape case.c digests for its audit entries). */
static int case_digest(gen *g, const zz_case *c, char hex[ZZ_SM3_HEXLEN + 1])
{
    json_t *j = json_pack(
        "{s:I, s:s, s:I, s:I, s:s, s:s, s:s, s:s, s:i, s:b, s:b, s:s, s:s, s:s, "
        "s:I, s:s, s:s}",
        "id", (json_int_t)c->id, "number", c->number, "dossier_id", (json_int_t)c->dossier_id,
        "org_id", (json_int_t)c->org_id, "stage", c->stage, "state", c->state, "submitted_on",
        c->submitted_on, "paper_received_on", c->paper_received_on, "paper_matches",
        c->paper_matches, "package_verified", c->package_verified, "exception_accepted",
        c->exception_accepted, "filed_on", c->filed_on, "assessment_on", c->assessment_on,
        "approved_on", c->approved_on, "batch_id", (json_int_t)c->batch_id, "closed_on",
        c->closed_on, "close_reason", c->close_reason);
    char *text = j ? zz__json_text(j) : NULL;
    if (!text) return zz__nomem(g->err);
    int rc = zz__digest_text(text, hex, g->err);
    free(text);
    return rc;
}

static void copy_day(gen *g, char dst[11], bool on, int32_t day)
{
    snprintf(dst, 11, "%s", on ? D(g, day) : "");
}

static int write_dossier(gen *g, bcase *c, const orgfacts *of, int64_t org_id)
{
    const char *app = (c->flags & FL_MAINT) ? "maintenance" : "initial";
    const char *timing = (c->flags & FL_MAINT) ? ((c->flags & FL_LATE) ? "late" : "on_time") : NULL;
    const char *reason = NULL, *reason_code = NULL;
    if (c->flags & FL_AS_INITIAL) {
        reason = "所持证书已过期超过 6 个月，视作初次申请（R-2.4）";
        reason_code = "maint.expired_over_6_months";
    } else if (c->flags & FL_MAINT) {
        reason_code = (c->flags & FL_LATE) ? "maint.late" : "maint.on_time";
    }
    char filled[ZZ_DATE_STRLEN];
    snprintf(filled, sizeof filled, "%s", D(g, c->day[M_SUBMIT] - 12));
    json_t *form = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:b, s:s, s:s}", "org_name", of->name,
        "uscc", of->uscc, "legal_representative", of->legal_rep, "registered_address", of->address,
        "contact_name", of->contact, "contact_phone", of->phone, "contact_email", of->email,
        "org_nature", "有限责任公司", "staff_total", 40 + (int)(c->case_seq % 260), "cisp_fulltime",
        4 + (int)(c->case_seq % 5), "declaration", 1, "filled_on", filled, "technical_capability",
        "具备大模型安全评估、对抗样本与鲁棒性测试、训练数据安全评估等技术能力。");
    char *form_text = form ? zz__json_text(form) : NULL;
    if (!form_text) return zz__nomem(g->err);
    char track[32];
    snprintf(track, sizeof track, "SF%013" PRId64,
             (int64_t)(1406520000000LL + (int64_t)c->case_seq * 7919));
    int64_t prior = c->prior >= 0 ? g->c[c->prior].cert_id : 0;
    const char *status = c->fate == FATE_WITHDRAWN && ended(g, c) ? "withdrawn" : "submitted";
    zz_bulk_val v[] = {I(org_id),
                       T(CATEGORY),
                       I(LEVEL),
                       T(g->cat->id),
                       T(g->cat->version),
                       T(app),
                       T(timing),
                       T(reason),
                       T(reason_code),
                       T(D(g, c->day[M_SUBMIT])),
                       prior ? I(prior) : NUL,
                       T(status),
                       T(form_text),
                       T(g->stamped_scan),
                       I(1),
                       T(D(g, c->day[M_SUBMIT] - 9)),
                       T("顺丰速运"),
                       T(track),
                       T(D(g, c->day[M_SUBMIT])),
                       I(usec_of(c->day[M_CREATE])),
                       I(usec_of(c->day[M_SUBMIT]))};
    int rc = zz_bulk_run(g->b, ZZ_BULK_DOSSIER, v, sizeof v / sizeof v[0], &c->dossier_id, g->err);
    free(form_text);
    if (rc < 0) return rc;
    g->out->n_dossiers++;
    return audit(g, "dossier.bulk_create", "dossier", c->dossier_id, NULL,
                 json_pack("{s:I, s:s, s:s, s:s}", "org_id", (json_int_t)org_id, "app_type", app,
                           "status", status, "submitted_on", D(g, c->day[M_SUBMIT])));
}

static int write_children(gen *g, bcase *c)
{
    int64_t id = c->case_id, lead = g->pl[0].ids[c->lead], asr = g->pl[1].ids[c->assessor];
    if (reached(g, c, M_ASSIGN)) {
        RUN(ZZ_BULK_MEMBER, NULL, I(id), I(lead), T("project_lead"), T(D(g, c->day[M_ASSIGN])));
        RUN(ZZ_BULK_MEMBER, NULL, I(id), I(asr), T("assessor"), T(D(g, c->day[M_ASSIGN])));
    }
    if (reached(g, c, M_SUPPL_REQ)) { /* */
        RUN(ZZ_BULK_OPINION, NULL, I(id), T("supplement"), T(OPINION_SUPPLEMENT),
            T(D(g, c->day[M_SUPPL_REQ])), I(lead));
        RUN(ZZ_BULK_PAUSE, NULL, I(id), T("supplement"), T(D(g, c->day[M_SUPPL_REQ])),
            T(pause_end(g, c, M_SUPPL_RECV)));
    }
    if (reached(g, c, M_REVIEW)) {
        bool na = c->fate == FATE_NOT_ACCEPTED;
        RUN(ZZ_BULK_OPINION, NULL, I(id), T(na ? "not_accepted" : "accepted"),
            T(na ? OPINION_NOT_ACCEPTED : OPINION_ACCEPTED), T(D(g, c->day[M_REVIEW])), I(lead));
    }
    if (reached(g, c, M_DRAFT)) { /* */
        RUN(ZZ_BULK_AGREEMENT, NULL, I(id), T(ZZ_CASE_AGREEMENT_TEMPLATE_DEFAULT),
            T(D(g, c->day[M_DRAFT])), T(reached(g, c, M_SEND) ? D(g, c->day[M_SEND]) : NULL),
            T(reached(g, c, M_EFFECTIVE) ? D(g, c->day[M_EFFECTIVE]) : NULL));
        const zz_fee_item *items = NULL;
        size_t n = 0;
        TRY(zz_fee_items(&items, &n, g->fees, CATEGORY, LEVEL,
                         (c->flags & FL_MAINT) ? ZZ_APP_MAINTENANCE : ZZ_APP_INITIAL, g->err));
        int64_t total = 0;
        for (size_t i = 0; i < n; i++) {
            RUN(ZZ_BULK_INVOICE, NULL, I(id), T(items[i].code), T(items[i].name_zh),
                I(items[i].amount_fen), T(D(g, c->day[M_DRAFT])));
            total += items[i].amount_fen;
        }
        int64_t first = n > 1 ? items[0].amount_fen : 0;
        if (reached(g, c, M_PAY1) && first > 0)
            RUN(ZZ_BULK_PAYMENT, NULL, I(id), T(D(g, c->day[M_PAY1])), I(first),
                T("银行转账 审核费用"), I(lead));
        bool two = reached(g, c, M_PAY1) && first > 0;
        if (reached(g, c, M_PAY) && total - (two ? first : 0) > 0)
            RUN(ZZ_BULK_PAYMENT, NULL, I(id), T(D(g, c->day[M_PAY])), I(total - (two ? first : 0)),
                T(two ? "银行转账 三年年金" : "银行转账 全款"), I(lead));
    }
    if (reached(g, c, M_SEND)) { /* waiting for the agreement and the fee */
        RUN(ZZ_BULK_PAUSE, NULL, I(id), T("agreement"), T(D(g, c->day[M_SEND])),
            T(pause_end(g, c, M_EFFECTIVE)));
        RUN(ZZ_BULK_PAUSE, NULL, I(id), T("payment"), T(D(g, c->day[M_SEND])),
            T(pause_end(g, c, M_PAY)));
    }
    if (reached(g, c, M_PLAN)) {
        char plan[400];
        snprintf(plan, sizeof plan,
                 "审核计划：%s 起文档审查（3.1、3.2）、人员访谈（3.4）、实际操作（3.3）。",
                 D(g, c->day[M_PLAN] + 2));
        RUN(ZZ_BULK_PLAN, NULL, I(id), T(plan), T(D(g, c->day[M_PLAN])), I(lead));
    }
    if (reached(g, c, M_RECT_REQ)) {
        const char *bp = g->cat->n_bps > 12 ? g->cat->bps[12]->id : g->cat->bps[0]->id;
        bool done = reached(g, c, M_RECT_DONE);
        RUN(ZZ_BULK_RECTIFICATION, NULL, I(id), T(bp),
            T("该基本实践仅提供了制度文本，请补充近一年两个项目中的实施记录。"),
            T(D(g, c->day[M_RECT_REQ])), T(D(g, c->day[M_RECT_REQ] + 14)),
            T(done ? D(g, c->day[M_RECT_DONE]) : NULL), I(lead), done ? I(lead) : NUL);
        RUN(ZZ_BULK_PAUSE, NULL, I(id), T("rectification"), T(D(g, c->day[M_RECT_REQ])),
            T(pause_end(g, c, M_RECT_DONE)));
    }
    bool pass = c->fate != FATE_FAILED;
    if (reached(g, c, M_CONCLUDE)) {
        char *conf = conformity(g, pass);
        if (!conf) return zz__nomem(g->err);
        zz_bulk_val v[] = {I(id),
                           T(pass ? "met" : "not_met"),
                           T(pass ? "met" : "not_met"),
                           NUL,
                           T(conf),
                           T(D(g, c->day[M_CONCLUDE])),
                           I(lead)};
        int rc = zz_bulk_run(g->b, ZZ_BULK_CONCLUSION, v, sizeof v / sizeof v[0], NULL, g->err);
        free(conf);
        if (rc < 0) return rc;
    }
    if (reached(g, c, M_EXPERTS))
        for (int k = 0; k < 3; k++)
            RUN(ZZ_BULK_MEMBER, NULL, I(id), I(g->pl[2].ids[c->expert[k]]), T("expert"),
                T(D(g, c->day[M_EXPERTS])));
    if (reached(g, c, M_VOTES))
        for (int k = 0; k < 3; k++)
            RUN(ZZ_BULK_VOTE, NULL, I(id), I(g->pl[2].ids[c->expert[k]]), T(pass ? "pass" : "fail"),
                T(pass ? VOTE_PASS : VOTE_FAIL), T(D(g, c->day[M_VOTES])));
    if (reached(g, c, M_PANEL))
        RUN(ZZ_BULK_PANEL, NULL, I(id), T(pass ? "pass" : "fail"), T(D(g, c->day[M_PANEL])));
    return 0;
}

/* the certificate record exactly as zz_batch_issue builds it, signed on its own. */
static int write_cert(gen *g, bcase *c, const orgfacts *of, int64_t org_id, const char *case_no)
{
    const bbatch *b = &g->bt[c->batch];
    zz_date issued = zz_date_from_days(c->day[M_ISSUE]);
    char number[ZZ_CERT_NUMBER_MAX + 1], issue_s[ZZ_DATE_STRLEN], expiry_s[ZZ_DATE_STRLEN];
    TRY(zz_cert_number_format(number, sizeof number, ZZ_CERT_NUMBER_PATTERN_DEFAULT, CATEGORY, NULL,
                              LEVEL, issued.year, c->cert_seq, g->err));
    zz_date_format(issued, issue_s);
    zz_date_format(zz_cert_expiry(issued, ZZ_CERT_VALIDITY_YEARS_DEFAULT), expiry_s);
    json_t *rec = json_pack(
        "{s:{s:I, s:s}, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:i, s:s, s:s, s:s}", "audit",
        "count", (json_int_t)g->seq, "head", g->head, "batch", b->number, "case", case_no,
        "category", CATEGORY, "expiry_date", expiry_s, "format", ZZ_CERT_RECORD_FORMAT,
        "format_version", 1, "issue_date", issue_s, "key", g->key_hex, "level", LEVEL, "number",
        number, "organisation", of->name, "uscc", of->uscc);
    char *record = rec ? zz__json_text(rec) : NULL, *sig = NULL;
    if (!record) return zz__nomem(g->err);
    char hex[ZZ_SM3_HEXLEN + 1];
    int rc = zz_sm2_sign(&sig, g->key, record, strlen(record), g->err);
    if (rc == 0) rc = zz__digest_text(record, hex, g->err);
    if (rc == 0) {
        zz_bulk_val v[] = {T(number),           I(org_id),   I(c->case_id), I(b->id),   T(of->name),
                           T(of->uscc),         T(CATEGORY), I(LEVEL),      T(issue_s), T(expiry_s),
                           T(D(g, c->revoked)), T(record),   T(sig),        I(g->seq),  T(g->head)};
        rc = zz_bulk_run(g->b, ZZ_BULK_CERT, v, sizeof v / sizeof v[0], &c->cert_id, g->err);
    }
    free(record);
    free(sig);
    if (rc < 0) return rc;
    g->out->n_certs++;
    TRY(audit(g, "cert.bulk_issue", "certificate", c->cert_id, hex,
              json_pack("{s:s, s:s, s:s, s:s, s:s}", "number", number, "case", case_no, "batch",
                        b->number, "issue_date", issue_s, "expiry_date", expiry_s)));
    /* the sanctions decided on it, by the supervisor */
    static const struct {
        const char *kind, *violation, *evidence, *decision;
    } S[3] = {
        {"warning", "未按规定时间报送年度资质维持报告", "监督检查记录（年度报告报送台账）",
         "给予警告，限下月底前补报"},
        {"suspension", "在人工智能安全评估项目中未经委托方同意对外提供测试数据",
         "委托方投诉材料、项目数据流转记录、调查询问笔录",
         "暂停资质证书，整改完成并经复查合格后恢复"},
        {"revocation", "限期整改逾期未完成，且在复查中提供虚假人员材料",
         "整改通知、复查记录、人员社保核查结果", "取消资质证书"},
    };
    const int32_t when[3] = {c->warned, c->susp, c->revoked};
    for (int k = 0; k < 3; k++) {
        if (when[k] == NONE) continue;
        bool lifted = k == 1 && c->lifted != NONE;
        int64_t sid = 0;
        RUN(ZZ_BULK_SANCTION, &sid, I(org_id), I(c->cert_id), T(S[k].kind), T(S[k].violation),
            T(S[k].evidence), T(S[k].decision), T(D(g, when[k])), I(g->supervisor_id),
            T(lifted ? D(g, c->lifted) : NULL), lifted ? I(g->supervisor_id) : NUL);
        g->out->n_sanctions++;
        TRY(audit(g, "sanction.bulk_create", "sanction", sid, NULL,
                  json_pack("{s:s, s:s, s:s}", "kind", S[k].kind, "certificate", number,
                            "decided_on", D(g, when[k]))));
    }
    return 0;
}

static int write_case(gen *g, bcase *c, const orgfacts *of, int64_t org_id)
{
    TRY(write_dossier(g, c, of, org_id));
    zz_case k;
    memset(&k, 0, sizeof k);
    const char *stage, *state, *reason;
    state_on_f(g, c, &stage, &state, &reason);
    zz_date sub = zz_date_from_days(c->day[M_SUBMIT]);
    TRY(zz_case_number_format(k.number, sizeof k.number, ZZ_CASE_NUMBER_PATTERN_DEFAULT, CATEGORY,
                              NULL, LEVEL, sub.year, c->case_seq, g->err));
    k.dossier_id = c->dossier_id;
    k.org_id = org_id;
    snprintf(k.stage, sizeof k.stage, "%s", stage);
    snprintf(k.state, sizeof k.state, "%s", state);
    zz_date_format(sub, k.submitted_on);
    bool rec = reached(g, c, M_RECEIVE);
    copy_day(g, k.paper_received_on, rec, c->day[M_RECEIVE]);
    k.paper_matches = rec ? 1 : -1;
    k.package_verified = rec;
    copy_day(g, k.filed_on, reached(g, c, M_FILE), c->day[M_FILE]);
    copy_day(g, k.assessment_on, reached(g, c, M_START), c->day[M_START]);
    bool approved = reached(g, c, M_APPROVE);
    copy_day(g, k.approved_on, approved, c->day[M_APPROVE]);
    k.batch_id = c->batch >= 0 ? g->bt[c->batch].id : 0;
    copy_day(g, k.closed_on, ended(g, c), c->end);
    snprintf(k.close_reason, sizeof k.close_reason, "%s", reason ? reason : "");
    /* the last change of the row: the latest reached milestone, or the closing day */
    int32_t last = c->day[M_SUBMIT];
    for (int m = 0; m < M__N; m++)
        if (reached(g, c, m) && c->day[m] > last) last = c->day[m];
    if (ended(g, c) && c->end > last) last = c->end;
    zz_bulk_val v[] = {T(k.number),
                       I(k.dossier_id),
                       I(org_id),
                       T(k.stage),
                       T(k.state),
                       T(k.submitted_on),
                       T(rec ? k.paper_received_on : NULL),
                       rec ? I(1) : NUL,
                       I(rec ? 1 : 0),
                       T(k.filed_on[0] ? k.filed_on : NULL),
                       T(k.assessment_on[0] ? k.assessment_on : NULL),
                       T(approved ? k.approved_on : NULL),
                       approved ? I(g->manager_id) : NUL,
                       k.batch_id ? I(k.batch_id) : NUL,
                       T(k.closed_on[0] ? k.closed_on : NULL),
                       T(reason),
                       T(rec ? "顺丰速运送达：盖章装订的申请书一份、光盘一张，与电子版一致" : NULL),
                       I(usec_of(last))};
    TRY(zz_bulk_run(g->b, ZZ_BULK_CASE, v, sizeof v / sizeof v[0], &c->case_id, g->err));
    k.id = c->case_id;
    g->out->n_cases++;
    if (!ended(g, c)) g->out->n_running++;
    TRY(write_children(g, c));
    char hex[ZZ_SM3_HEXLEN + 1];
    TRY(case_digest(g, &k, hex));
    TRY(audit(g, "case.bulk_create", "case", c->case_id, hex,
              json_pack("{s:s, s:s, s:s, s:s, s:s?}", "number", k.number, "stage", k.stage, "state",
                        k.state, "submitted_on", k.submitted_on, "close_reason", reason)));
    if (has_cert(g, c)) TRY(write_cert(g, c, of, org_id, k.number));
    return 0;
}

/* After all its cases: supersession and archiving of one organisation's. */
static int finish_org(gen *g, const int32_t *idx, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        bcase *c = &g->c[idx[k]];
        if (c->sup_by >= 0 && c->cert_id)
            RUN(ZZ_BULK_CERT_SUPERSEDE, NULL, T(D(g, c->sup_on)), I(g->c[c->sup_by].cert_id),
                I(c->cert_id));
    }
    for (size_t k = 0; k < n; k++) {
        bcase *c = &g->c[idx[k]];
        if (c->archived == NONE) continue;
        zz_date closed = zz_date_from_days(c->end);
        char keep[ZZ_DATE_STRLEN];
        zz_date_format(zz_archive_kept_until(closed), keep);
        RUN(ZZ_BULK_ARCHIVE, NULL, I(c->case_id), T(D(g, c->end)), T(keep));
        RUN(ZZ_BULK_CASE_ARCHIVED, NULL, I(usec_of(c->archived)), I(c->case_id));
        g->out->n_archived++;
        TRY(audit(g, "archive.bulk_create", "case", c->case_id, NULL,
                  json_pack("{s:s, s:s, s:s}", "archived_on", D(g, c->archived), "closed_on",
                            D(g, c->end), "keep_until", keep)));
    }
    return 0;
}

static int write_org(gen *g, int64_t o)
{
    orgfacts of;
    TRY(org_facts(g, o, &of));
    const int32_t *idx = g->by_org + g->org_first[o];
    size_t n = (size_t)(g->org_first[o + 1] - g->org_first[o]);
    /* created some weeks before its first dossier (or, without cases, a year before F) */
    int32_t created = n ? g->c[idx[0]].day[M_CREATE] - 40 : g->F - 365;
    int64_t org_id = 0;
    RUN(ZZ_BULK_ORG, &org_id, T(of.name), T(of.uscc), T(of.address), T(of.contact), T(of.phone),
        T(of.email), I(usec_of(created)));
    g->out->n_orgs++;
    TRY(audit(
        g, "org.bulk_create", "organisation", org_id, NULL,
        json_pack("{s:s, s:s, s:I}", "name", of.name, "uscc", of.uscc, "cases", (json_int_t)n)));
    for (size_t k = 0; k < n; k++)
        TRY(write_case(g, &g->c[idx[k]], &of, org_id));
    return finish_org(g, idx, n);
}

/* Raises the number counters to the numbers used (R-3.6: never reused by later actions). */
static int write_counters(gen *g)
{
    for (int64_t i = 0; i < g->n; i++) {
        const bcase *c = &g->c[i];
        char scope[64];
        snprintf(scope, sizeof scope, CAT_CODE "1-%04d-<seq4>",
                 zz_date_from_days(c->day[M_SUBMIT]).year);
        RUN(ZZ_BULK_CASE_COUNTER_RAISE, NULL, T(scope), I(c->case_seq));
        if (c->cert_seq) {
            snprintf(scope, sizeof scope, "cert|" CATEGORY "|1|%04d",
                     zz_date_from_days(c->day[M_ISSUE]).year);
            RUN(ZZ_BULK_CERT_COUNTER_RAISE, NULL, T(scope), I(c->cert_seq));
        }
    }
    for (size_t i = 0; i < g->n_bt; i++) {
        char scope[32];
        int year = 0;
        long long seq = 0;
        if (sscanf(g->bt[i].number, "B%d-%lld", &year, &seq) != 2) continue;
        snprintf(scope, sizeof scope, "batch|%04d", year);
        RUN(ZZ_BULK_CERT_COUNTER_RAISE, NULL, T(scope), I(seq));
    }
    return 0;
}

/* ==== entry point ============================================================================ */

static int user_id(gen *g, const char *username, int64_t *out)
{
    zz_user *u = NULL;
    int rc = zz_user_get_by_name(g->cx->st, username, &u, g->err);
    if (rc == ZZ_ENOTFOUND)
        return zz_err_set(g->err, ZZ_ESTATE, "demo.not_built",
                          "没有演示账号 %s：请先在空数据库上生成演示数据（zizhi demo）",
                          "no demo account %s: build the demo first (zizhi demo)", username);
    if (rc < 0) return rc;
    *out = u->id;
    zz_user_free(u);
    return 0;
}

static int prepare(gen *g)
{
    zz_ctx *cx = g->cx;
    TRY(user_id(g, "demo-manager", &g->manager_id));
    TRY(user_id(g, "demo-cert_officer", &g->cert_officer_id));
    TRY(user_id(g, "demo-supervisor", &g->supervisor_id));
    int64_t ignored;
    TRY(user_id(g, "demo-project_lead", &ignored));
    /* S1: the first bulk organisation's code is taken once a scaled demo was added */
    orgfacts of;
    TRY(org_facts(g, 0, &of));
    bool found = false;
    int64_t id = 0;
    zz_bulk_val v[] = {ZZ_BV_TEXT(of.uscc)};
    TRY(zz_bulk_get_int(g->b, ZZ_BULK_ORG_BY_USCC, v, 1, &found, &id, g->err));
    if (found)
        return zz_err_set(g->err, ZZ_ESTATE, "demo.scaled",
                          "此数据库已加入规模化演示数据（单位 %s）",
                          "this database already holds a scaled demo (organisation %s)", of.uscc);
    TRY(zz_ctx_catalog_for(cx, CATEGORY, LEVEL, &g->cat, g->err));
    TRY(zz_ctx_key(cx, &g->key, g->err));
    TRY(zz_sm2_pubkey_sm3_hex(g->key_hex, g->key, g->err));
    char path[1024];
    snprintf(path, sizeof path, "%s/fees.json", cx->catalog_dir);
    TRY(zz_fee_schedule_load(&g->fees, path, g->err));
    /* the scan of the stamped form, one document shared by the bulk dossiers */
    static const char SCAN[] = "%PDF-1.4\n% 信息安全服务资质申请书（盖章扫描件，规模化演示数据）\n"
                               "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                               "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
                               "trailer << /Root 1 0 R >>\n%%EOF\n";
    TRY(zz_blob_put(g->stamped_scan, cx->data_dir, SCAN, sizeof SCAN - 1, g->err));
    /* the pools: about one project lead per 2,000 cases, twice as many assessors, one expert
     * per 1,000 (at least four: panels of three independent experts, R-3.5) */
    int64_t nl = g->n / 2000, ne = g->n / 1000;
    g->pl[0] = (pool){"bulk-lead", ZZ_ROLE_PROJECT_LEAD,
                      (int)(nl < 2      ? 2
                            : nl > 9000 ? 9000
                                        : nl),
                      NULL};
    g->pl[1] = (pool){"bulk-assessor", ZZ_ROLE_ASSESSOR,
                      (int)(2 * nl < 3      ? 3
                            : 2 * nl > 9000 ? 9000
                                            : 2 * nl),
                      NULL};
    g->pl[2] = (pool){"bulk-expert", ZZ_ROLE_EXPERT,
                      (int)(ne < 6      ? 6
                            : ne > 9000 ? 9000
                                        : ne),
                      NULL};
    for (int p = 0; p < 3; p++)
        if (!(g->pl[p].ids = calloc((size_t)g->pl[p].n, sizeof *g->pl[p].ids)))
            return zz__nomem(g->err);
    /* audit instants: after the last entry, and not before 20:00 on F */
    zz_audit_entry *last = NULL;
    size_t nl_ = 0;
    TRY(zz_audit_list(cx->st, 1, &last, &nl_, g->err));
    int64_t after = nl_ ? last[0].at_usec : 0;
    zz_audit_list_free(last, nl_);
    int64_t evening = zz_clock_fixed(zz_date_from_days(g->F)).now_usec + 20 * HOUR_USEC;
    g->at_usec = after + 1000000 > evening ? after + 1000000 : evening;
    zz_date_format(zz_date_from_days(g->F), g->business_date);
    return 0;
}

int zz_demo_scale(zz_ctx *cx, int64_t n_cases, zz_demo_progress_fn progress, void *arg,
                  zz_demo_scale_result *out, zz_err *err)
{
    memset(out, 0, sizeof *out);
    if (!zz_ctx_is_system(cx))
        return zz_err_set(err, ZZ_EPERM, "auth.role",
                          "规模化演示数据只能以系统身份生成（不要指定 --as）%s",
                          "the scaled demo is built by the system (do not give --as)%s", "");
    if (n_cases < 1 || n_cases > ZZ_DEMO_SCALE_MAX)
        return zz_err_set(err, ZZ_EINVAL, "input.scale", "规模 %lld 无效（应为 1 至 %d）",
                          "invalid scale %lld (1 to %d)", (long long)n_cases, ZZ_DEMO_SCALE_MAX);
    gen g;
    memset(&g, 0, sizeof g);
    g.cx = cx;
    g.err = err;
    g.n = n_cases;
    g.n_orgs = n_cases / 10 > 0 ? n_cases / 10 : 1;
    g.F = (int32_t)zz_date_to_days(cx->clock.today);
    g.rng = 0x5A495A4849ull ^ ((uint64_t)n_cases * 0x9E3779B97F4A7C15ull) ^
            ((uint64_t)(uint32_t)g.F << 20); /* deterministic per (N, F) */
    g.progress = progress;
    g.parg = arg;
    g.out = out;
    const zz_clock saved = cx->clock;

    int rc = zz_bulk_open(cx->st, &g.b, err);
    if (rc == 0) rc = prepare(&g);
    if (rc == 0 && progress) progress(arg, "plan", 0, g.n);
    if (rc == 0) rc = plan(&g);
    if (rc == 0 && progress) progress(arg, "plan", g.n, g.n);
    /* accounts and batches first: cases refer to them */
    if (rc == 0) rc = begin(&g);
    if (rc == 0) rc = write_accounts(&g);
    if (rc == 0) rc = write_batches(&g);
    if (rc == 0)
        rc = commit(&g, "accounts", g.out->n_accounts + g.out->n_batches,
                    g.out->n_accounts + g.out->n_batches);
    if (rc == 0) rc = begin(&g);
    int64_t since = zz_bulk_rows(g.b);
    for (int64_t o = 0; rc == 0 && o < g.n_orgs; o++) {
        rc = write_org(&g, o);
        if (rc == 0 && zz_bulk_rows(g.b) - since >= ZZ_DEMO_SCALE_TX_ROWS) {
            rc = commit(&g, "cases", g.org_first[o + 1], g.n);
            if (rc == 0) rc = begin(&g);
            since = zz_bulk_rows(g.b);
        }
    }
    if (rc == 0) rc = write_counters(&g);
    if (rc == 0) rc = commit(&g, "cases", g.n, g.n);
    if (rc < 0) zz_store_rollback(cx->st, NULL);
    /* the signed checkpoint over the new head, at an instant after the last entry */
    if (rc == 0) {
        cx->clock.today = zz_date_from_days(g.F);
        cx->clock.now_usec = g.at_usec + 1000000;
        rc = zz_audit_checkpoint(cx->st, NULL, g.key, &cx->clock, err);
        if (rc == 0 && progress) progress(arg, "checkpoint", 1, 1);
    }
    cx->clock = saved;
    out->n_rows = g.b ? zz_bulk_rows(g.b) : 0;
    zz_bulk_close(g.b);
    zz_fee_schedule_free(g.fees);
    for (int p = 0; p < 3; p++)
        free(g.pl[p].ids);
    free(g.c);
    free(g.by_org);
    free(g.org_first);
    free(g.bt);
    return rc;
}
