/*
 * session.h — sign-in sessions (会话) of the web front door (src/core/session.c, SQL in
 * src/store/session_store.c).
 *
 * A session is created after zz_user_authenticate accepted a password. Its token (the cookie
 * value) is 32 random bytes as URL-safe base64; the database keeps only the token's SM3 digest,
 * so a copy of the database lets nobody sign in. Each session also carries a CSRF token that
 * state-changing requests must echo in a header.
 *
 * Lifetime (all times from the injected clock, never the system's):
 *   idle      a session unused for longer than policy.idle_usec (default 30 min) has expired;
 *   absolute  a session older than policy.max_usec (default 12 h) has expired, however busy.
 * An expired session is deleted when it is next presented. Use refreshes last_usec, at most once
 * per ZZ_SESSION_TOUCH_USEC, so reads do not turn into a database write each time; a session may
 * therefore expire up to that much earlier than idle_usec after its very last use, never later.
 *
 * Invariants:
 *   I1  the token itself is never stored or logged; only SM3(token) is.
 *   I2  a session resolves only to an active account (deactivation ends its sessions at once).
 *   I3  sign-in is audited by zz_user_authenticate ("auth.signin", "auth.signin_failed"), sign-out
 *       by zz_session_close ("session.close"); expiry is not an action and is not audited.
 */
#ifndef ZIZHI_SESSION_H
#define ZIZHI_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "zizhi/crypto.h"
#include "zizhi/errors.h"

struct zz_ctx;

#define ZZ_SESSION_TOKEN_BYTES       32
#define ZZ_SESSION_TOKEN_MAX         64 /* base64url of 32 bytes is 43 chars; with room and the NUL */
#define ZZ_SESSION_IDLE_USEC_DEFAULT (30LL * 60 * 1000000)
#define ZZ_SESSION_MAX_USEC_DEFAULT  (12LL * 3600 * 1000000)
#define ZZ_SESSION_TOUCH_USEC        (60LL * 1000000)

typedef struct zz_session_policy {
    int64_t idle_usec; /* > 0 */
    int64_t max_usec;  /* > 0 */
} zz_session_policy;
#define ZZ_SESSION_POLICY_DEFAULT                                                                  \
    {                                                                                              \
        ZZ_SESSION_IDLE_USEC_DEFAULT, ZZ_SESSION_MAX_USEC_DEFAULT                                  \
    }

typedef struct zz_session {
    char token_hash[ZZ_SM3_HEXLEN + 1];
    int64_t user_id;
    char csrf_token[ZZ_SESSION_TOKEN_MAX];
    int64_t created_usec;
    int64_t last_usec;
    int64_t expires_usec; /* the earlier of last + idle and created + max */
} zz_session;

/*
 * Opens a session for cx->actor, who must be a signed-in account (not the system, not anonymous):
 * the caller has just checked the password with zz_user_authenticate and acts as the user.
 * client (may be NULL) is the client address kept for the account holder's overview.
 * OUT: *token, the cookie value, which the caller frees with free(); *out (csrf token, times).
 * Codes: ZZ_EAUTH "auth.required" without an account; store and crypto errors.
 */
int zz_session_open(struct zz_ctx *cx, const zz_session_policy *pol, const char *client,
                    char **token, zz_session *out, zz_err *err);

/*
 * Resolves a cookie token at cx->clock and makes cx act as its account (zz_ctx_act_as).
 * OUT: *out. Codes (all ZZ_EAUTH): "auth.session_invalid" (unknown or malformed token),
 * "auth.session_expired" (idle or absolute limit passed; the row is deleted),
 * "auth.no_user" (the account is gone or inactive; the row is deleted).
 */
int zz_session_resume(struct zz_ctx *cx, const zz_session_policy *pol, const char *token,
                      zz_session *out, zz_err *err);

/* Ends the session of token (sign-out) as cx->actor; audited. Unknown tokens: ZZ_EAUTH
 * "auth.session_invalid". */
int zz_session_close(struct zz_ctx *cx, const char *token, zz_err *err);

/* Deletes every expired session at cx->clock (maintenance). OUT: *removed (may be NULL). */
int zz_session_purge(struct zz_ctx *cx, const zz_session_policy *pol, int64_t *removed,
                     zz_err *err);

/* Whether the session has expired at now_usec under pol (pure; exposed for tests). */
bool zz_session_expired(const zz_session *s, const zz_session_policy *pol, int64_t now_usec);

/* Constant-time comparison of the session's CSRF token with the one a request carried. */
bool zz_session_csrf_ok(const zz_session *s, const char *given);

#endif
