/*
 * test_session.c — src/core/session.c: sign-in sessions with the injected clock: idle timeout
 * (30 min), absolute lifetime (12 h), touching, CSRF tokens, sign-out audited, sessions of
 * deactivated accounts (R-0.4 security policy).
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "zizhi/audit.h"
#include "zizhi/ctx.h"
#include "zizhi/session.h"
#include "zizhi/user.h"

#define MIN  (60LL * 1000000)
#define HOUR (60 * MIN)

typedef struct fx {
    char dir[64];
    zz_ctx *cx;
    int64_t t0; /* 2026-11-25 00:00 Shanghai */
} fx;

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/zz-test-session-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    zz_err err = ZZ_ERR_INIT;
    zz_clock c = zz_clock_fixed(ZZ_DATE(2026, 11, 25));
    f->t0 = c.now_usec;
    if (zz_ctx_open(&f->cx, f->dir, NULL, c, &err) < 0) return -1;
    zz_user_new in = {.username = "zhang.wei", .display_name = "张伟"};
    int64_t id;
    if (zz_user_create(f->cx, &in, &id, &err) < 0) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    zz_ctx_close(f->cx);
    nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return 0;
}

static void at(fx *f, int64_t offset)
{
    f->cx->clock.now_usec = f->t0 + offset;
}

/* Opens a session for zhang.wei at t0 + offset. Caller frees *token. */
static void open_at(fx *f, int64_t offset, char **token, zz_session *s)
{
    zz_err err = ZZ_ERR_INIT;
    at(f, offset);
    assert_int_equal(zz_ctx_act_as(f->cx, "zhang.wei", &err), 0);
    assert_int_equal(zz_session_open(f->cx, NULL, "127.0.0.1", token, s, &err), 0);
    zz_ctx_act_as_system(f->cx);
}

static int resume_at(fx *f, int64_t offset, const char *token, zz_session *s, zz_err *err)
{
    at(f, offset);
    zz_ctx_act_as_system(f->cx);
    return zz_session_resume(f->cx, NULL, token, s, err);
}

static void test_session__open_then_resume_acts_as_the_account(void **state)
{
    fx *f = *state;
    char *tok = NULL;
    zz_session s, r;
    zz_err err = ZZ_ERR_INIT;
    open_at(f, 0, &tok, &s);
    assert_int_equal(strlen(tok), 43); /* 32 random bytes, base64url */
    assert_int_equal(strlen(s.csrf_token), 43);
    assert_string_not_equal(tok, s.csrf_token);
    assert_int_equal(s.expires_usec, f->t0 + 30 * MIN);
    assert_int_equal(resume_at(f, 5 * MIN, tok, &r, &err), 0);
    assert_string_equal(f->cx->actor.username, "zhang.wei");
    assert_true(f->cx->actor.user_id > 0);
    assert_string_equal(r.csrf_token, s.csrf_token);
    free(tok);
}

static void test_session__token_is_not_stored_only_its_sm3(void **state)
{
    fx *f = *state;
    char *tok = NULL;
    zz_session s;
    open_at(f, 0, &tok, &s);
    char hex[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_sm3_hex(hex, tok, strlen(tok), NULL), 0);
    assert_string_equal(s.token_hash, hex); /* I1 */
    assert_string_not_equal(s.token_hash, tok);
    free(tok);
}

static void test_session__idle_timeout_boundary_30_minutes(void **state)
{
    fx *f = *state;
    char *tok = NULL;
    zz_session s, r;
    zz_err err = ZZ_ERR_INIT;
    open_at(f, 0, &tok, &s);
    /* one microsecond before the idle limit: still valid */
    assert_int_equal(resume_at(f, 30 * MIN - 1, tok, &r, &err), 0);
    /* that use touched it: 30 min from that use it expires, exactly at the limit */
    assert_int_equal(resume_at(f, 60 * MIN - 2, tok, &r, &err), 0);
    assert_int_equal(resume_at(f, 90 * MIN - 2, tok, &r, &err), ZZ_EAUTH);
    assert_string_equal(err.code, "auth.session_expired");
    /* an expired session is deleted: presenting it again finds nothing */
    assert_int_equal(resume_at(f, 90 * MIN - 2, tok, &r, &err), ZZ_EAUTH);
    assert_string_equal(err.code, "auth.session_invalid");
    free(tok);
}

static void test_session__absolute_lifetime_12_hours_however_busy(void **state)
{
    fx *f = *state;
    char *tok = NULL;
    zz_session s, r;
    zz_err err = ZZ_ERR_INIT;
    open_at(f, 0, &tok, &s);
    for (int64_t t = 20 * MIN; t < 12 * HOUR; t += 20 * MIN)
        assert_int_equal(resume_at(f, t, tok, &r, &err), 0);
    assert_int_equal(r.expires_usec, f->t0 + 12 * HOUR); /* capped by the absolute limit */
    assert_int_equal(resume_at(f, 12 * HOUR - 1, tok, &r, &err), 0);
    assert_int_equal(resume_at(f, 12 * HOUR, tok, &r, &err), ZZ_EAUTH);
    assert_string_equal(err.code, "auth.session_expired");
    free(tok);
}

static void test_session__policy_is_configurable(void **state)
{
    fx *f = *state;
    zz_session s = {.created_usec = 0, .last_usec = 0};
    zz_session_policy p = {5 * MIN, 1 * HOUR};
    assert_false(zz_session_expired(&s, &p, 5 * MIN - 1));
    assert_true(zz_session_expired(&s, &p, 5 * MIN));
    s.last_usec = 58 * MIN;
    assert_true(zz_session_expired(&s, &p, 1 * HOUR));
    assert_false(zz_session_expired(&s, NULL, 30 * MIN - 1)); /* NULL: the defaults */
    (void)f;
}

static void test_session__touch_at_most_once_a_minute(void **state)
{
    fx *f = *state;
    char *tok = NULL;
    zz_session s, r;
    zz_err err = ZZ_ERR_INIT;
    open_at(f, 0, &tok, &s);
    assert_int_equal(resume_at(f, ZZ_SESSION_TOUCH_USEC - 1, tok, &r, &err), 0);
    assert_int_equal(r.last_usec, f->t0); /* not written */
    assert_int_equal(resume_at(f, ZZ_SESSION_TOUCH_USEC, tok, &r, &err), 0);
    assert_int_equal(r.last_usec, f->t0 + ZZ_SESSION_TOUCH_USEC);
    assert_int_equal(r.expires_usec, f->t0 + ZZ_SESSION_TOUCH_USEC + 30 * MIN);
    free(tok);
}

static void test_session__malformed_and_unknown_tokens_are_invalid(void **state)
{
    fx *f = *state;
    zz_session r;
    zz_err err = ZZ_ERR_INIT;
    const char *bad[] = {"", "short", "has space in it 12345678901234567890",
                         "a'; DROP TABLE sessions; --aaaaaaaaaaaa",
                         "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(resume_at(f, 0, bad[i], &r, &err), ZZ_EAUTH);
        assert_string_equal(err.code, "auth.session_invalid");
    }
    assert_int_equal(zz_session_resume(f->cx, NULL, NULL, &r, &err), ZZ_EAUTH);
}

static void test_session__only_an_account_may_open_one(void **state)
{
    fx *f = *state;
    char *tok = (char *)1;
    zz_session s;
    zz_err err = ZZ_ERR_INIT;
    zz_ctx_act_as_system(f->cx);
    assert_int_equal(zz_session_open(f->cx, NULL, NULL, &tok, &s, &err), ZZ_EAUTH);
    assert_string_equal(err.code, "auth.required");
    assert_null(tok);
    f->cx->actor.user_id = -1; /* zizhid's anonymous actor */
    assert_int_equal(zz_session_open(f->cx, NULL, NULL, &tok, &s, &err), ZZ_EAUTH);
    zz_ctx_act_as_system(f->cx);
}

static void test_session__csrf_compare(void **state)
{
    (void)state;
    zz_session s;
    memset(&s, 0, sizeof s);
    snprintf(s.csrf_token, sizeof s.csrf_token, "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
    assert_true(zz_session_csrf_ok(&s, "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"));
    assert_false(zz_session_csrf_ok(&s, "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF"));
    assert_false(zz_session_csrf_ok(&s, "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH"));
    assert_false(zz_session_csrf_ok(&s, "Abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"));
    assert_false(zz_session_csrf_ok(&s, ""));
    assert_false(zz_session_csrf_ok(&s, NULL));
    s.csrf_token[0] = '\0';
    assert_false(zz_session_csrf_ok(&s, "")); /* an empty stored token never matches */
}

static void test_session__r8_1_sign_out_is_audited_and_ends_the_session(void **state)
{
    fx *f = *state;
    char *tok = NULL;
    zz_session s, r;
    zz_err err = ZZ_ERR_INIT;
    open_at(f, 0, &tok, &s);
    assert_int_equal(resume_at(f, MIN, tok, &r, &err), 0);
    assert_int_equal(zz_session_close(f->cx, tok, &err), 0);
    zz_audit_entry *e = NULL;
    size_t n = 0;
    assert_int_equal(zz_audit_list(f->cx->st, 1, &e, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(e[0].action, "session.close");
    assert_string_equal(e[0].actor, "zhang.wei");
    assert_null(strstr(e[0].detail, tok)); /* I1: never the token */
    zz_audit_list_free(e, n);
    assert_int_equal(resume_at(f, 2 * MIN, tok, &r, &err), ZZ_EAUTH);
    assert_string_equal(err.code, "auth.session_invalid");
    assert_int_equal(zz_session_close(f->cx, tok, &err), ZZ_EAUTH); /* twice */
    free(tok);
}

static void test_session__deactivated_account_loses_its_sessions(void **state)
{
    fx *f = *state;
    char *tok = NULL;
    zz_session s, r;
    zz_err err = ZZ_ERR_INIT;
    open_at(f, 0, &tok, &s);
    zz_ctx_act_as_system(f->cx);
    assert_int_equal(zz_user_set_active(f->cx, "zhang.wei", false, &err), 0);
    assert_int_equal(resume_at(f, MIN, tok, &r, &err), ZZ_EAUTH);
    assert_string_equal(err.code, "auth.no_user");
    /* I2: the row is gone, reactivation does not bring the old session back */
    assert_int_equal(zz_user_set_active(f->cx, "zhang.wei", true, &err), 0);
    assert_int_equal(resume_at(f, 2 * MIN, tok, &r, &err), ZZ_EAUTH);
    assert_string_equal(err.code, "auth.session_invalid");
    free(tok);
}

static void test_session__purge_removes_only_expired(void **state)
{
    fx *f = *state;
    char *a = NULL, *b = NULL;
    zz_session s, r;
    zz_err err = ZZ_ERR_INIT;
    open_at(f, 0, &a, &s);
    open_at(f, 20 * MIN, &b, &s);
    at(f, 30 * MIN);
    int64_t removed = -1;
    assert_int_equal(zz_session_purge(f->cx, NULL, &removed, &err), 0);
    assert_int_equal(removed, 1);
    assert_int_equal(resume_at(f, 30 * MIN, b, &r, &err), 0);
    assert_int_equal(resume_at(f, 30 * MIN, a, &r, &err), ZZ_EAUTH);
    assert_string_equal(err.code, "auth.session_invalid");
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_session__open_then_resume_acts_as_the_account, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_session__token_is_not_stored_only_its_sm3, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_session__idle_timeout_boundary_30_minutes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_session__absolute_lifetime_12_hours_however_busy,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_session__policy_is_configurable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session__touch_at_most_once_a_minute, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session__malformed_and_unknown_tokens_are_invalid,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_session__only_an_account_may_open_one, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_session__csrf_compare, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session__r8_1_sign_out_is_audited_and_ends_the_session,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_session__deactivated_account_loses_its_sessions, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_session__purge_removes_only_expired, setup, teardown),
    };
    return cmocka_run_group_tests_name("session", tests, NULL, NULL);
}
