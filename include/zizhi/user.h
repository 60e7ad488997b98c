/*
 * user.h — accounts, role grants, passwords and sign-in (SPEC section 0).
 *
 * Accounts are managed by sys_admin, role grants by sec_admin; every change is an audited
 * action. The role set of an account always satisfies zz_roles_check: a grant that would
 * break it is refused and nothing is written.
 *
 * Passwords: checked against the password policy (default: at least 10 characters and at least 3
 * of the classes lower case, upper case, digit, symbol; refusal "input.password"), stored only as
 * argon2id hashes (zz_pw_hash, default parameters t=3 m=64 MiB p=1). The environment variable
 * ZIZHI_PW_FAST=1 switches new hashes to t=1 m=1 MiB so that test suites stay fast; it must never
 * be set in production (hashes keep their parameters, so old ones verify either way).
 *
 * Sign-in lockout (R-0.4, security policy of sec_admin): ZZ_LOCKOUT_MAX_FAILURES failed sign-ins
 * within ZZ_LOCKOUT_WINDOW_MIN minutes (counted from the first failure of the window) lock the
 * account for ZZ_LOCKOUT_LOCK_MIN minutes from the failure that locked it. Time is
 * cx->clock.now_usec. Unknown user, wrong password, inactive account and account without password
 * all answer the same "auth.bad_credentials" (no account enumeration through messages); a locked
 * account answers "auth.locked" naming the minutes left. Every attempt is audited ("auth.signin",
 * "auth.signin_failed").
 *
 * Invariants:
 *   I1  a stored role set always passes zz_roles_check(roles, org_id != 0).
 *   I2  a password is never stored, logged or audited; only its argon2id hash is stored.
 *   I3  a refused action writes nothing: neither the change nor an audit entry (sign-in attempts
 *       are the exception: a failed sign-in is itself recorded, R-8.1).
 */
#ifndef ZIZHI_USER_H
#define ZIZHI_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "zizhi/crypto.h"
#include "zizhi/errors.h"
#include "zizhi/role.h"
#include "zizhi/store.h"

struct zz_ctx;

typedef struct zz_user {
    int64_t id;
    char *username;
    char *display_name;
    char *email;    /* may be NULL */
    int64_t org_id; /* 0 for certification-body accounts */
    zz_roles roles;
    bool active;
    bool has_password;
    int64_t created_usec;
    int64_t password_changed_usec; /* 0 when never set */
    int64_t locked_until_usec;     /* 0 when not locked; locked while > clock.now_usec */
    int failed_signins;            /* failures in the current window */
} zz_user;

/* Reads an account with its roles. ZZ_ENOTFOUND "user.not_found". Caller frees with zz_user_free.
 */
int zz_user_get_by_name(zz_store *st, const char *username, zz_user **out, zz_err *err);
int zz_user_get(zz_store *st, int64_t id, zz_user **out, zz_err *err);
void zz_user_free(zz_user *u);

typedef struct zz_user_new {
    const char *username;     /* [a-z0-9._-], 3..64 */
    const char *display_name; /* required */
    const char *email;        /* optional */
    int64_t org_id;           /* 0 for certification-body accounts */
    const char *password;     /* optional: NULL leaves the account without a password */
} zz_user_new;

/* sys_admin, or the system. OUT: *id. Codes: input.username, user.exists, input.password.
 */
int zz_user_create(struct zz_ctx *cx, const zz_user_new *in, int64_t *id, zz_err *err);
/* sys_admin: sets a new password (policy-checked) for an account. */
int zz_user_set_password(struct zz_ctx *cx, const char *username, const char *password,
                         zz_err *err);
/* sys_admin: deactivates / reactivates an account. */
int zz_user_set_active(struct zz_ctx *cx, const char *username, bool active, zz_err *err);
/* sec_admin: grants / revokes one role; refused with auth.separation / auth.role_scope. */
int zz_user_grant(struct zz_ctx *cx, const char *username, zz_role role, zz_err *err);
int zz_user_revoke(struct zz_ctx *cx, const char *username, zz_role role, zz_err *err);

/* All accounts (sys_admin, sec_admin, audit_admin may list); caller frees with zz_user_list_free.
 */
int zz_user_list(struct zz_ctx *cx, zz_user ***out, size_t *n, zz_err *err);
void zz_user_list_free(zz_user **list, size_t n);

/*
 * One account as seen by the actor: the three administrators see every account, anyone sees their
 * own, an applicant_admin sees the accounts of its organisation; anything else is ZZ_ENOTFOUND
 * "user.not_found". Caller frees with zz_user_free.
 */
int zz_user_show(struct zz_ctx *cx, const char *username, zz_user **out, zz_err *err);

/* ---- password policy ------------------------------------------------------------------------ */

typedef struct zz_pw_policy {
    int min_length;  /* in characters (UTF-8 code points) */
    int min_classes; /* of lower, upper, digit, symbol (anything else, non-ASCII included) */
} zz_pw_policy;
#define ZZ_PW_POLICY_DEFAULT                                                                       \
    {                                                                                              \
        10, 3                                                                                      \
    }
#define ZZ_PW_MAX_BYTES 1024

/* 0 when password satisfies policy (NULL: the default); ZZ_EINVAL "input.password" saying what
 * is missing. */
int zz_user_password_check(const zz_pw_policy *policy, const char *password, zz_err *err);

/* The argon2id parameters used for new hashes: ZZ_PW_PARAMS_DEFAULT, or t=1 m=1024 KiB when
 * ZIZHI_PW_FAST=1 (tests only). */
zz_pw_params zz_user_pw_params(void);

/*
 * Checks a new account's input without writing (username, display name, email, password policy):
 * lets a front door validate a form before a multi-step action. Codes: input.username,
 * input.display_name, input.email, input.password.
 */
int zz_user_check_new(const zz_user_new *in, zz_err *err);

/* ---- sign-in (R-0.4) ------------------------------------------------------------------------ */

#define ZZ_LOCKOUT_MAX_FAILURES 5
#define ZZ_LOCKOUT_WINDOW_MIN   15
#define ZZ_LOCKOUT_LOCK_MIN     15

/*
 * Checks username and password (anyone may call it: it is the sign-in). On success *out is the
 * account with its roles (caller frees with zz_user_free), the failure counter is reset and
 * "auth.signin" is audited with the user as actor. On failure *out is NULL and:
 *   ZZ_EAUTH "auth.bad_credentials"  unknown user, wrong password, inactive or no password;
 *   ZZ_EAUTH "auth.locked"           locked (also answered by the failure that locks), naming
 *                                    the minutes left; the password is not even checked.
 * Failures are audited "auth.signin_failed" (actor: cx's actor, object: the account name when it
 * is a well-formed user name). Store errors pass through.
 */
int zz_user_authenticate(struct zz_ctx *cx, const char *username, const char *password,
                         zz_user **out, zz_err *err);

/* sec_admin: lifts a lockout and clears the failure counter. Audited "user.unlock". */
int zz_user_unlock(struct zz_ctx *cx, const char *username, zz_err *err);

/*
 * Canonical JSON of an account (keys sorted, compact; no secrets): id, username, display_name,
 * email, org_id, roles (names), active, has_password, locked_until_usec. Caller frees with free().
 */
int zz_user_to_json(const zz_user *u, char **out, zz_err *err);

#endif
