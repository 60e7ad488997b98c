/*
 * sanction.h — sanctions (处置, SPEC section 5): warning, rectification within a time limit,
 * suspension and revocation of a certificate, decided by the supervision department.
 *
 * Kinds and what they do:
 *   warning        (警告)       recorded only;
 *   rectification  (限期整改)   has a deadline; zz_sanction_rectified records that it was done;
 *                               undone after the deadline it is overdue: flagged for escalation
 *                               from deadline + 1 (on the deadline day itself it is not overdue);
 *   suspension     (暂停证书)   the certificate is suspended from the decision date until
 *                               zz_sanction_lift (valid again on the day it is lifted);
 *   revocation     (取消证书)   certificates.revoked_on = decision date; final: it cannot be
 *                               lifted, and the certificate cannot be suspended or maintained.
 * The certificate's status is derived from these records (cert.h, R-4.2), never edited.
 * An upheld appeal (appeal.h, R-6.1) annuls a sanction: annulled_on is recorded; an annulled
 * suspension counts as lifted that day, an annulled revocation clears revoked_on.
 *
 * Every sanction records the violation, the evidence, the decision, the decider and the date
 * it is visible to the applicant roles of the organisation and to supervisor and manager.
 * Applicants asking for another organisation's sanction get ZZ_ENOTFOUND "sanction.not_found";
 * other roles ZZ_EPERM "auth.role".
 *
 * Invariants:
 *   S1  a suspension or revocation always names a certificate of the sanctioned organisation.
 *   S2  a rectification always has a deadline; other kinds never do.
 *   S3  each action writes its audit entry in the same transaction; a refusal writes
 *       nothing.
 */
#ifndef ZIZHI_SANCTION_H
#define ZIZHI_SANCTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/calendar.h"
#include "zizhi/errors.h"

struct zz_ctx;

typedef enum zz_sanction_kind {
    ZZ_SANCTION_WARNING = 1,       /* 警告 */
    ZZ_SANCTION_RECTIFICATION = 2, /* 限期整改 */
    ZZ_SANCTION_SUSPENSION = 3,    /* 暂停证书 */
    ZZ_SANCTION_REVOCATION = 4,    /* 取消证书 */
} zz_sanction_kind;

/* "warning", "rectification", "suspension", "revocation"; NULL when unknown. */
const char *zz_sanction_kind_code(zz_sanction_kind k);
/* 警告, 限期整改, 暂停证书, 取消证书. */
const char *zz_sanction_kind_name_zh(zz_sanction_kind k);
/* ZZ_EINVAL "input.sanction_kind" when unknown. */
int zz_sanction_kind_parse(zz_sanction_kind *out, const char *s, zz_err *err);

typedef struct zz_sanction {
    int64_t id;
    int64_t org_id;
    char org_name[201];
    int64_t cert_id; /* 0 when none */
    char cert_number[41];
    zz_sanction_kind kind;
    char *violation; /* owned */
    char *evidence;  /* owned */
    char *decision;  /* owned */
    char decided_on[11];
    int64_t decided_by;
    char decided_by_name[101];
    char deadline[11];     /* rectification only, else "" */
    char rectified_on[11]; /* "" until recorded */
    char lifted_on[11];    /* suspension lifted, "" while in force */
    char annulled_on[11];  /* annulled by an upheld appeal, "" otherwise */
    int64_t annulled_by_appeal;
    bool overdue; /* rectification past its deadline without rectification, on today */
} zz_sanction;

void zz_sanction_clear(zz_sanction *s);               /* frees the strings of one */
void zz_sanction_list_free(zz_sanction *v, size_t n); /* frees an array */

/*
 * supervisor: decides a sanction against organisation org_id on today, optionally
 * about certificate cert_id (0: none). deadline is the rectification deadline (not before today),
 * and must be zero ({0,0,0}) for other kinds. Codes, in order: auth.role, org.not_found,
 * cert.not_found (no such certificate of that organisation), input.violation, input.evidence,
 * input.decision, input.cert (suspension or revocation without a certificate), input.deadline,
 * cert.state (ZZ_ESTATE: a suspension of a certificate that is not valid today, or a revocation
 * of one already revoked, superseded or expired). OUT: *id (may be NULL).
 */
int zz_sanction_decide(struct zz_ctx *cx, int64_t org_id, int64_t cert_id, zz_sanction_kind kind,
                       const char *violation, const char *evidence, const char *decision,
                       zz_date deadline, int64_t *id, zz_err *err);

/*
 * supervisor: lifts a suspension; the certificate is valid again from `on` (not before the
 * decision, not after today). Codes: sanction.not_found, sanction.final (ZZ_ESTATE: a revocation
 * is final), sanction.kind (not a suspension), sanction.lifted (already lifted or annulled),
 * cert.revoked (ZZ_ESTATE: the certificate was revoked meanwhile), input.date.
 */
int zz_sanction_lift(struct zz_ctx *cx, int64_t id, zz_date on, zz_err *err);

/*
 * supervisor: records that a rectification was done on `on` (not before the decision,
 * not after today). Codes: sanction.not_found, sanction.kind, sanction.rectified (already
 * recorded, or annulled), input.date.
 */
int zz_sanction_rectified(struct zz_ctx *cx, int64_t id, zz_date on, zz_err *err);

/* supervisor, manager, applicant roles of its organisation. OUT: *out (zz_sanction_clear). */
int zz_sanction_get(struct zz_ctx *cx, int64_t id, zz_sanction *out, zz_err *err);

/*
 * Sanctions newest first: of org_id (0 = all visible; applicants always see only their own) and
 * of cert_id (0 = any). OUT: *out (zz_sanction_list_free), *n.
 */
int zz_sanction_list(struct zz_ctx *cx, int64_t org_id, int64_t cert_id, zz_sanction **out,
                     size_t *n, zz_err *err);

/*
 * rectifications whose deadline is before today (cx->clock) and that have no recorded
 * rectification and were not annulled: flagged for escalation. supervisor and manager.
 * OUT: *out (zz_sanction_list_free), *n; oldest deadline first.
 */
int zz_sanction_overdue(struct zz_ctx *cx, zz_sanction **out, size_t *n, zz_err *err);

/* Pure: whether a rectification with this deadline, rectified (or not) is overdue today. */
bool zz_sanction_is_overdue(zz_date deadline, bool rectified, zz_date today);

/* For src/core (appeal.c): annuls sanction id inside the caller's transaction (no role check, no
 * audit entry): annulled_on = on; a suspension not yet lifted counts as lifted on `on`; a
 * revocation clears its certificate's revoked_on. ZZ_ESTATE "sanction.annulled" when already. */
int zz_sanction__annul(struct zz_ctx *cx, int64_t id, int64_t appeal_id, zz_date on, zz_err *err);

#endif
