/*
 * checks.h — the built-in data checks (数据核查) that a catalogue attaches to requirements
 * evaluated for one organisation on one date: the submission date.
 *
 * The catalogue names the checks (zz_catalog_checks() lists them); this module says what each
 * means. For an organisation and a date D:
 *
 *   uscc_valid                   the stored USCC passes zz_uscc_check.
 *   legal_person_or_exception    an independent legal person, or an exception recorded with its
 *                                reason and evidence. The project lead's acceptance of the
 *                                exception belongs to acceptance review, not to this check;
 *                                a passing result says so.
 *   confidentiality_agreements   every ACTIVE person related to AI security services has
 *                                nda_signed_on set and nda_signed_on <= D (3.2.1-3).
 *   cisp_fulltime_min{min}       at least min ACTIVE, FULL-TIME people with a CISP number whose
 *                                certificate is valid ON D: cisp_valid_from <= D <=
 * cisp_valid_until (the expiry day itself still counts; valid from the day after D does not)
 * (3.2.3-5). completed_projects_min{min}  at least min AI-security projects with acceptance passed,
 *                                completed_on <= D and accepted_on <= D (3.2.6-1): a project
 *                                accepted after D was not yet completed on record on D.
 *   no_failed_acceptance_within{months}
 *                                no project (AI-security or not) with acceptance failed and
 *                                accepted_on in [D - months, D], both ends included, where
 *                                D - months is calendar-month arithmetic clamped to the month's end
 *                                (zz_date_add_months) (3.2.6-2).
 *                                Boundary decision: the day exactly `months` before D counts as
 *                                within. Reason: counting a period of N months back from D as the
 *                                civil code counts periods (民法典 第二百零一条、第二百零二条: the
 *                                period runs to the corresponding day), a failure on 2024-03-01
 *                                is still inside its 2 years on 2026-03-01, so a submission that
 *                                day is refused; a failure on 2024-02-29 is not. With D =
 *                                2024-02-29 and 24 months the window starts 2022-02-28.
 *                                A failed project without an acceptance date counts as within.
 *
 * The rule functions below are pure (no store, no clock) so that they are tested with fixed dates
 * at their edges; zz_checks_eval loads the organisation's data and applies them.
 *
 * Invariants:
 *   I1  one result per (requirement, check) of the catalogue, in catalogue (guide) order.
 *   I2  a result's code is "check.<check name>" whether it passes or not; its text (Chinese and
 *       English) states what was found against what is required, and on failure what is missing.
 *   I3  evaluation never writes: it is a report, not an action.
 */
#ifndef ZIZHI_CHECKS_H
#define ZIZHI_CHECKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/calendar.h"
#include "zizhi/catalog.h"
#include "zizhi/errors.h"
#include "zizhi/org.h"

struct zz_ctx;

#define ZZ_CHECK_MSG_MAX 512

typedef struct zz_check_result {
    char req_id[64]; /* the requirement, "3.2.3-5" */
    char check[48];  /* the check's name, "cisp_fulltime_min" */
    bool pass;
    char code[64];    /* "check.cisp_fulltime_min" */
    char rule[16];    /* "R-1.2" or "R-1.3" */
    int64_t required; /* the parameter (min, months); 0 for checks without one */
    int64_t found;    /* what was counted (holders, projects, people missing an agreement,
                         failed projects); 0 for uscc_valid and legal_person_or_exception */
    char message_zh[ZZ_CHECK_MSG_MAX];
    char message_en[ZZ_CHECK_MSG_MAX];
} zz_check_result;

/* The organisation's data a check reads; all borrowed. people may include inactive people. */
typedef struct zz_checks_data {
    const zz_org *org;
    const zz_person *people;
    size_t n_people;
    const zz_project *projects;
    size_t n_projects;
} zz_checks_data;

/* ---- pure rules (R-1.3) --------------------------------------------------------------------- */

/* 3.2.3-5: p is active, full-time, has a CISP number and its certificate is valid on `on`. */
bool zz_check_cisp_counts(const zz_person *p, zz_date on);
/* 3.2.1-3: true when p needs no agreement (inactive, or not AI-security) or signed it by `on`. */
bool zz_check_nda_ok(const zz_person *p, zz_date on);
/* 3.2.6-1: p is an AI-security project completed and accepted (passed) by `on`. */
bool zz_check_project_completed(const zz_project *p, zz_date on);
/* 3.2.6-2: the first day of the window, `on` minus months calendar months (clamped). */
zz_date zz_check_window_start(zz_date on, int months);
/* 3.2.6-2: p failed acceptance within [window start, on]. */
bool zz_check_failed_within(const zz_project *p, zz_date on, int months);

/*
 * Runs one check of one requirement on the data (pure). Unknown check names give a failing
 * result with code "check.unknown". Returns 0; ZZ_EINVAL "input.date" when `on` is not a date.
 */
int zz_check_run(const zz_checks_data *d, const zz_cat_req *req, const zz_cat_check *chk,
                 zz_date on, zz_check_result *out, zz_err *err);

/*
 * Every check of every requirement of cat, in order (I1), on the data (pure).
 * OUT: *results (array of *n, possibly 0), which the caller frees with zz_checks_free.
 */
int zz_checks_eval_data(const zz_checks_data *d, const zz_catalog *cat, zz_date on,
                        zz_check_result **results, size_t *n, zz_err *err);

/*
 * Loads organisation org_id's record, people and projects and evaluates cat's checks on `on`
 * (the submission date, or today for a preview). The actor needs ZZ_ORG_READ_PERSONAL on the
 * organisation (org.h): otherwise ZZ_ENOTFOUND "org.not_found" or ZZ_EPERM "auth.role".
 * OUT: as zz_checks_eval_data.
 */
int zz_checks_eval(struct zz_ctx *cx, int64_t org_id, const zz_catalog *cat, zz_date on,
                   zz_check_result **results, size_t *n, zz_err *err);

/* The number of failing results. */
size_t zz_checks_failed(const zz_check_result *results, size_t n);

void zz_checks_free(zz_check_result *results);

#endif
