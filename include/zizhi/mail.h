/*
 * mail.h — SMTP delivery of the outbox (src/mail): the emails that domain actions queued
 * (outbox.h: 受理审查意见, R-3.3 委托协议, R-2.6 reminders) are sent with libcurl, one
 * connection per run, and each is marked sent or failed.
 *
 * Configuration (zz_mail_config): an smtp:// or smtps:// URL (smtps: TLS from the start; smtp:
 * STARTTLS when the server offers it, and required when a user name is set, so that a password
 * never crosses the network in clear), the From address ("addr" or "名称 <addr>"), an optional user
 * and password, a per-message timeout, and how many failed attempts a message gets before it is
 * given up. Sources, later ones winning: the defaults, the settings table (keys ZZ_MAIL_SETTING_*,
 * written by sys_admin with zz_mail_config_set, an audited action), then the zizhid config file or
 * flags (--smtp-url, --smtp-from, …) or the options of `zizhi mail send`.
 *
 * A message on the wire (zz_mail_format_message), every line ended by CRLF:
 *
 *   Date: Wed, 25 Nov 2026 09:00:00 +0800          (RFC 5322, Asia/Shanghai, from cx->clock)
 *   From: noreply@zizhi.example.cn                 (a non-ASCII display name RFC 2047-encoded)
 *   To: apply@jia.example.cn
 *   Subject: =?UTF-8?B?…?=                        RFC 2047 encoded words, each at most 75
 *    =?UTF-8?B?…?=                                 characters and each holding whole UTF-8
 *                                                  characters, folded so no line passes 76
 *   Message-ID: <zizhi.<outbox id>.<random>@<From domain>>
 *   MIME-Version: 1.0
 *   Auto-Submitted: auto-generated                 (RFC 3834: no auto-replies, please)
 *   Content-Type: text/plain; charset=UTF-8
 *   Content-Transfer-Encoding: base64              the body in canonical CRLF form, base64 in
 *                                                  lines of 76
 * A subject of printable ASCII that fits one line is sent as it is. Attachments named in the
 * outbox row with a "digest" of a stored blob (blob.h) make the message multipart/mixed, each
 * file base64 with its name (RFC 2231 filename*); entries without a digest only name a document
 * the body describes and are not attached.
 *
 * A run (zz_mail_deliver_pending): the pending messages (outbox.h), oldest first, that failed
 * fewer than max_attempts times; each one sent is marked sent at cx->clock.now_usec, each refused
 * is marked failed with the error (attempts + 1) and stays pending for the next run until it has
 * failed max_attempts times (then it is "given up" and left for an operator). When the server
 * cannot be reached at all (connection refused, name not resolved, timeout, TLS or login
 * failure) the run stops after marking the message it was sending: the others are not charged an
 * attempt for the server's outage (run->server_down). Only one run at a time per data directory:
 * a run takes the lock file DATA_DIR/mail.lock, and a second run at the same time returns at once
 * with nothing done (run->busy), so no message is sent twice by two senders.
 *
 * Who: a run and reading the configuration (it holds the password) are for the system and
 * sys_admin. zizhid runs delivery in a background thread with its own context, never in a
 * request thread (src/http/jobs.c).
 *
 * Invariants:
 *   I1  a message is marked sent only after the server accepted it (curl_easy_perform == OK).
 *   I2  every header line of a formatted message is at most 78 characters, the body's at most 76.
 *   I3  nothing in this module reads the system clock: Date comes from cx->clock.now_usec.
 */
#ifndef ZIZHI_MAIL_H
#define ZIZHI_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/errors.h"
#include "zizhi/outbox.h"

struct zz_ctx;

#define ZZ_MAIL_SETTING_URL          "smtp.url"
#define ZZ_MAIL_SETTING_FROM         "smtp.from"
#define ZZ_MAIL_SETTING_USER         "smtp.user"
#define ZZ_MAIL_SETTING_PASSWORD     "smtp.password"
#define ZZ_MAIL_SETTING_TIMEOUT      "smtp.timeout"
#define ZZ_MAIL_SETTING_MAX_ATTEMPTS "smtp.max_attempts"

#define ZZ_MAIL_TIMEOUT_DEFAULT      30 /* seconds per message */
#define ZZ_MAIL_MAX_ATTEMPTS_DEFAULT 10
#define ZZ_MAIL_WORD_MAX             75 /* characters of one RFC 2047 encoded word */
#define ZZ_MAIL_LINE_MAX             76 /* characters of a line holding encoded words */

typedef struct zz_mail_config {
    char url[512];  /* "" = not configured */
    char from[256]; /* "" = not configured */
    char user[256]; /* "" = no authentication */
    char password[256];
    int timeout_s;    /* 1..600 */
    int max_attempts; /* 1..100 */
} zz_mail_config;

/* The defaults: nothing configured, timeout 30 s, 10 attempts. */
void zz_mail_config_init(zz_mail_config *c);
/* Overlays the settings that are set (system and sys_admin: ZZ_EPERM "auth.role" otherwise). */
int zz_mail_config_load(struct zz_ctx *cx, zz_mail_config *c, zz_err *err);
/* True when url and from are set. */
bool zz_mail_configured(const zz_mail_config *c);
/*
 * Checks a configuration: ZZ_EINVAL "mail.not_configured" (no URL or From), "mail.url" (not
 * smtp:// or smtps://, or control characters), "mail.from" (not one address), "mail.timeout",
 * "mail.max_attempts" (out of range).
 */
int zz_mail_config_check(const zz_mail_config *c, zz_err *err);

/*
 * sys_admin: sets the settings keys[i] to values[i] (NULL or "" removes the key) in one audited
 * action "mail.configure" (the password is never written to the audit log, only that it
 * changed). Keys are the ZZ_MAIL_SETTING_* names: ZZ_EINVAL "mail.setting" for another; each value
 * is checked as zz_mail_config_check checks it.
 */
int zz_mail_config_set(struct zz_ctx *cx, const char *const *keys, const char *const *values,
                       size_t n, zz_err *err);

/* ---- the message (pure) -------------------------------------------------------------------- */

/*
 * "Name: value" with value RFC 2047-encoded as UTF-8 "B" words split on character boundaries and
 * folded with CRLF SP (see above), or as it is when it is printable ASCII and fits in 78
 * characters. No final CRLF. OUT: *out, caller frees with free().
 */
int zz_mail_encode_header(const char *name, const char *value, char **out, zz_err *err);

/* RFC 5322 date of the instant usec (UTC microseconds) in Asia/Shanghai: "Wed, 25 Nov 2026
 * 09:00:00 +0800". Returns buf (at least 40 bytes). */
char *zz_mail_date(int64_t usec, char *buf);

/*
 * The whole message of m (headers and body, CRLF lines) as sent: from cfg->from, dated now_usec,
 * with the given Message-ID (without angle brackets). data_dir is where attachments' blobs are
 * read (NULL: none are attached). OUT: *out (free()), *len.
 * ZZ_EIO "mail.attachment" when a named blob cannot be read.
 */
int zz_mail_format_message(const zz_mail_config *cfg, const zz_outbox_msg *m, int64_t now_usec,
                           const char *message_id, const char *data_dir, char **out, size_t *len,
                           zz_err *err);

/* The address part of "addr" or "Name <addr>" into buf; false when there is none. */
bool zz_mail_address(const char *from, char *buf, size_t size);

/* ---- delivery ------------------------------------------------------------------------------ */

typedef struct zz_mail_run {
    int sent;
    int failed;   /* marked failed in this run (attempts + 1) */
    int deferred; /* left untouched because the server could not be reached */
    bool server_down;
    bool busy; /* another run holds the lock: nothing done */
    char last_error[256];
} zz_mail_run;

/*
 * One delivery run (see above) with cfg (checked with zz_mail_config_check). The system or
 * sys_admin. Returns 0 when the run took place, whatever happened to each message; an error only
 * when it could not run (configuration, permission, store). OUT: *sent, *failed (may be NULL).
 */
int zz_mail_deliver_pending(struct zz_ctx *cx, const zz_mail_config *cfg, int *sent, int *failed,
                            zz_err *err);
int zz_mail_deliver_pending_ex(struct zz_ctx *cx, const zz_mail_config *cfg, zz_mail_run *run,
                               zz_err *err);

/* Initialises libcurl once per process (curl_global_init); zz_mail_deliver_pending calls it too.
 * A multi-threaded program calls it before starting the thread that delivers. */
void zz_mail_global_init(void);

/* "pending" (never tried), "failed" (tried, not sent: retried until max_attempts), "sent". */
const char *zz_mail_status(const zz_outbox_msg *m);

#endif
