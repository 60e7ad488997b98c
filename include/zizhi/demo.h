/*
 * demo.h — the demonstration database (演示数据): accounts for every role, applicant
 * organisations, cases in every stage and state, certificates in every status (issue 4, CLI
 * `zizhi demo`).
 *
 * The demo is made by DRIVING THE SAME CORE ACTIONS a user would: every step acts as the account
 * that owns it (zz_ctx_act_as) on a business date of its own, so every gate of SPEC section 3 is
 * obeyed and the audit log tells the story in chronological order. The history is built in
 * the past relative to the final business date F = cx->clock.today at the call (about three and
 * a half years back: with F = 2026-11-25 the first entries are dated 2023-04), so date-derived
 * facts such as an expired certificate hold on F. The context's clock is moved step by step
 * (today and now_usec: 09:00 Shanghai plus 30 s per action on each business day, so instants
 * increase with the dates) and restored when the call returns.
 *
 * What it creates (F is the final date):
 *   accounts   demo-<role> for every certification-body role (demo-expert2 … demo-expert4 as
 *              well, so that panels have three independent experts), and for six applicant
 *              organisations demo-applicant_admin, demo-applicant_admin2 … 6, with members
 *              demo-applicant_member and demo-applicant_member2 for the first two;
 *   orgs       six organisations in Beijing, Shanghai and Shenzhen with valid USCCs (zz_uscc_make),
 *              five people each (four full-time CISP holders), confidentiality agreements and two
 *              completed AI-security projects;
 *   cases      one in every stage/state of case.h (acceptance submitted, received, filed,
 *              supplement; initiation drafting, waiting; assessment planning, in_progress;
 *              expert_review panel; certification awaiting_approval, approved, certified; closed
 *              not_accepted, withdrawn, failed; archived) and one draft dossier;
 *   certs      one in every status of on F: valid (a maintenance certificate), superseded
 *              (by it), suspended and revoked (by sanctions of the supervisor), expired (issued
 *              three years and two months before F).
 * Plus sanctions (warning, overdue rectification, suspension, revocation), a dismissed appeal and
 * a complaint record.
 *
 * Deterministic: given F and the password, every record is the same on every run (names, dates,
 * numbers, evidence contents, audit instants); what differs is what randomness makes: generated
 * passwords (password NULL) and SM2 signatures (each data directory has its own key and SM2
 * signatures are randomised), hence the packages and certificate records that carry them and the
 * digests over those.
 *
 * Invariants:
 *   D1  refused with ZZ_ESTATE "demo.not_empty" when the database already holds an account or an
 *       organisation; nothing is written then.
 *   D2  every record is written by a domain action with its audit entry; the demo adds no
 *       SQL of its own.
 *   D3  on a failure the actions already committed stay (each is its own transaction): the
 *       caller reports the error and the step (out->failed_at) and starts again from an empty
 *       data directory.
 */
#ifndef ZIZHI_DEMO_H
#define ZIZHI_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/errors.h"

struct zz_ctx;

#define ZZ_DEMO_PREFIX "demo-"

typedef struct zz_demo_account {
    char username[65];
    char role[24];    /* role code: "project_lead" … */
    char role_zh[32]; /* 项目负责人 … */
    char display_name[101];
    char org_name[201]; /* "" for certification-body accounts */
    char password[65];
} zz_demo_account;

typedef struct zz_demo_result {
    zz_demo_account *accounts; /* owned; body roles first, then by organisation; free with
                                  zz_demo_result_free */
    size_t n_accounts;
    size_t n_orgs;
    size_t n_dossiers; /* dossiers, the draft included */
    size_t n_cases;
    size_t n_certs;
    char final_date[11];      /* F, "YYYY-MM-DD" */
    char first_date[11];      /* the business date of the first action */
    bool passwords_generated; /* true when password was NULL: each account has its own */
    char failed_at[160];      /* on failure: the step that failed ("B1 rate 2025-06-03"), else "" */
} zz_demo_result;

/*
 * Builds the demo on an empty database (D1). password: the password of every account (checked
 * against the password policy first: ZZ_EINVAL "input.password", nothing written), or NULL to give
 * each account a generated strong one. Must be called acting as the system (ZZ_EPERM "auth.role"
 * otherwise). OUT: *out (zeroed first; free with zz_demo_result_free, also after an error).
 */
int zz_demo_build(struct zz_ctx *cx, const char *password, zz_demo_result *out, zz_err *err);
void zz_demo_result_free(zz_demo_result *r);

/* A generated password for a demo account: 4 groups of 4 characters joined by '-', drawn from
 * upper and lower case letters and digits without look-alikes (≈ 93 bits), always holding all
 * three kinds; satisfies the default policy.
 * buf holds at least 20 bytes. */
int zz_demo_password(char *buf, size_t cap, zz_err *err);

/* ==== the scaled demo (src/core/demo_scale.c; `zizhi demo --scale N`, `make bench`) ========== */
/*
 * After zz_demo_build, zz_demo_scale adds N cases spread over N/10 organisations (at least one),
 * as a bulk load: the rows are written directly through src/store/bulk_store.c in transactions of
 * about ZZ_DEMO_SCALE_TX_ROWS rows, because driving the actions (~0.25 s per case) would take
 * hours for 100,000 cases. What it writes, with F = cx->clock.today:
 *
 *   organisations  N/10, Chinese names from word lists (city + brand + business + 有限公司),
 *                  valid USCCs (zz_uscc_make; positions 9-17 also pass the GB 11714 check);
 *   accounts       a pool of certification-body accounts without passwords (they cannot sign
 *                  in): project leads, assessors and experts, "bulk-lead-0001" …; the demo's own
 *                  demo-project_lead, demo-assessor and demo-expert… head the pools;
 *   cases          submitted over the five years before F (more in recent years), each on the
 *                  standard timeline of demo.c stretched by a speed of its own, with fates in
 *                  fixed proportions (about 5 % not accepted, 5 % withdrawn, 6 % failed by the
 *                  panel, the rest certified; 12 % with a supplement round, 10 % with a
 *                  rectification), so that on F the old cases are closed (60 % of those closed
 *                  over 120 days before F archived, R-7.1) and the recent ones are in every
 *                  stage and state of case.h in the proportions their durations give;
 *   per case       its dossier (form, R-2.4 application type: maintenance when the organisation
 *                  holds a certificate, timing on time/late, or treated as initial), team
 *                  (case_members), review opinions, pauses, agreement, invoice lines from
 *                  the fee schedule and payments, audit plan, rectification, conclusion,
 *                  panel votes and conclusion, approval, batch;
 *   certificates   for the certified cases, in batches issued on Tuesdays and Fridays and
 *                  published three days later; numbers continue the counters; each record
 *                  is built exactly as zz_batch_issue builds it, with the audit chain head at that
 *                  moment, and signed on its own; maintenance certificates
 *                  supersede the earlier ones; about 1 % warned, 1 % suspended (half of
 *                  them lifted), 0.5 % revoked;
 *   audit          one entry per created object (account, organisation, batch, dossier, case,
 *                  certificate, sanction, archive), actor "system", action "<type>.bulk_create"
 *                  ("cert.bulk_issue"), business date F, instants after the last entry, chained
 *                  by the rules of audit.h (zz_audit_entry_digest); then the signed checkpoint.
 *
 * Deterministic for a given (N, F) and database: the same plan, names, numbers and dates; only
 * the SM2 signatures (randomised) and what depends on them differ.
 *
 * Invariants:
 *   S1  refused with ZZ_ESTATE "demo.not_built" unless the demo accounts exist (zz_demo_build
 *       first), and with ZZ_ESTATE "demo.scaled" when a scaled demo was already added.
 *   S2  after it, zizhi db check is clean: foreign keys, audit chain and checkpoint.
 *   S3  on a failure the transactions already committed stay (like D3); the one in progress is
 *       rolled back and its audit entries with it, so the chain is never broken.
 */

#define ZZ_DEMO_SCALE_DEFAULT 100000
#define ZZ_DEMO_SCALE_MAX     10000000
#define ZZ_DEMO_SCALE_TX_ROWS 10000 /* rows per transaction, about */

/* Progress: phase ("plan", "accounts", "cases", "checkpoint"), done of total in that phase.
 * Called after each commit; it must not call back into the context. */
typedef void (*zz_demo_progress_fn)(void *arg, const char *phase, int64_t done, int64_t total);

typedef struct zz_demo_scale_result {
    int64_t n_orgs;
    int64_t n_accounts; /* certification-body accounts added */
    int64_t n_dossiers;
    int64_t n_cases;
    int64_t n_running; /* cases not closed on F */
    int64_t n_archived;
    int64_t n_certs;
    int64_t n_batches;
    int64_t n_sanctions;
    int64_t n_audit; /* audit entries added */
    int64_t n_rows;  /* rows written, audit entries included */
} zz_demo_scale_result;

/*
 * Adds the scaled demo (above) of n_cases cases (1..ZZ_DEMO_SCALE_MAX, else ZZ_EINVAL
 * "input.scale"). Must be called acting as the system (ZZ_EPERM "auth.role"). progress may be
 * NULL. OUT: *out (zeroed first; filled also after an error with what was committed).
 */
int zz_demo_scale(struct zz_ctx *cx, int64_t n_cases, zz_demo_progress_fn progress, void *arg,
                  zz_demo_scale_result *out, zz_err *err);

#endif
