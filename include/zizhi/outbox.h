/*
 * outbox.h — email queued where the guide says the body writes to the applicant by email
 * (R-3.2 受理审查意见, R-3.3 委托协议, R-2.6 reminders). The domain action queues the message in
 * its own transaction, so an email exists exactly when the decision it reports was committed;
 * src/mail delivers the queue later over SMTP and marks each message sent or failed.
 *
 * Message lifecycle:
 *
 *   zz_outbox_queue (inside an action) ──► pending ──zz_outbox_mark_sent──► sent
 *                                            │  ▲
 *                           zz_outbox_mark_failed (attempts + 1, last_error kept)
 *
 * Invariants:
 *   I1  a message is queued only inside an open transaction (the caller's domain action).
 *   I2  to_addr holds one address with an '@'; subject and body are non-empty UTF-8 text.
 *   I3  a sent message is never changed again (mark_sent / mark_failed refuse it).
 */
#ifndef ZIZHI_OUTBOX_H
#define ZIZHI_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/errors.h"
#include "zizhi/role.h"

struct zz_ctx;

#define ZZ_OUTBOX_SUBJECT_MAX 300 /* characters, as the schema allows */

typedef struct zz_outbox_msg {
    int64_t id;
    char *to_addr;
    char *subject;
    char *body;
    char *attachments; /* JSON array text, "[]" when none */
    char *purpose;     /* review_opinion | agreement | reminder | … */
    char *ref_type;    /* "case" …, "" when none */
    char *ref_id;      /* "" when none */
    int64_t created_usec;
    int64_t sent_usec; /* 0 while pending */
    int attempts;      /* failed delivery attempts */
    char *last_error;  /* "" when none */
} zz_outbox_msg;

/*
 * Queues one message inside the caller's open transaction (I1): ZZ_ESTATE
 * "outbox.no_transaction" otherwise; ZZ_EINVAL "outbox.address" (to), "outbox.message" (empty
 * subject/body/purpose). ref_type/ref_id may be NULL.
 */
int zz_outbox_queue(struct zz_ctx *cx, const char *to, const char *subject, const char *body,
                    const char *purpose, const char *ref_type, const char *ref_id, zz_err *err);
/* The same with attachments (JSON array text, NULL for none; ZZ_EINVAL "outbox.attachments" when
 * not an array). OUT: *id when id is not NULL. */
int zz_outbox_queue_ex(struct zz_ctx *cx, const char *to, const char *subject, const char *body,
                       const char *attachments_json, const char *purpose, const char *ref_type,
                       const char *ref_id, int64_t *id, zz_err *err);

typedef struct zz_outbox_filter {
    bool pending_only;    /* sent_usec not set */
    int max_attempts;     /* with pending_only: skip messages that failed this often (0 = all) */
    const char *ref_type; /* NULL = any */
    const char *ref_id;   /* NULL = any */
    const char *purpose;  /* NULL = any */
    size_t limit;         /* 0 = all */
} zz_outbox_filter;

/* Who reads what a message says: manager and supervisor, who see every case. */
#define ZZ_OUTBOX_CONTENT_ROLES (ZZ_R(ZZ_ROLE_MANAGER) | ZZ_R(ZZ_ROLE_SUPERVISOR))

/*
 * Messages matching f (NULL = all), oldest first. Allowed to the system, sys_admin, manager and
 * supervisor (ZZ_EPERM "auth.role" otherwise). The system and ZZ_OUTBOX_CONTENT_ROLES get every
 * field. Any other caller (sys_admin, who runs delivery) gets the delivery status only: to_addr,
 * subject, purpose, ref_type/ref_id, created/sent instants, attempts and last_error, with body
 * "" and attachments "[]" (R-0.2, R-0.3: the bodies are review opinions and agreements of every
 * organisation, for the applicant and the staff of its cases). OUT: *out, *n; the caller frees
 * with zz_outbox_list_free.
 */
int zz_outbox_list(struct zz_ctx *cx, const zz_outbox_filter *f, zz_outbox_msg **out, size_t *n,
                   zz_err *err);
void zz_outbox_list_free(zz_outbox_msg *msgs, size_t n);

/*
 * For src/mail only: the messages to put on the wire, with their bodies and attachments, for the
 * system or a sys_admin running delivery (ZZ_EPERM "auth.role" otherwise). Nothing of them is
 * shown to the caller; front doors list with zz_outbox_list. Ownership as zz_outbox_list.
 */
int zz_outbox__deliverable(struct zz_ctx *cx, const zz_outbox_filter *f, zz_outbox_msg **out,
                           size_t *n, zz_err *err);

/*
 * Delivery results (src/mail, run as the system or sys_admin). Not audited actions: they record
 * transport facts, not decisions. ZZ_ENOTFOUND "outbox.not_found"; ZZ_ESTATE "outbox.already_sent"
 * (I3). at_usec is the real instant of delivery.
 */
int zz_outbox_mark_sent(struct zz_ctx *cx, int64_t id, int64_t at_usec, zz_err *err);
int zz_outbox_mark_failed(struct zz_ctx *cx, int64_t id, const char *error, zz_err *err);

#endif
