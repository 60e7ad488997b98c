/*
 * test_user.c — src/core/user.c: accounts, role grants under, the password policy, and
 * sign-in with lockout, on a real SQLite file in a temporary data directory.
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

#include "zizhi/audit.h"
#include "zizhi/ctx.h"
#include "zizhi/org.h"
#include "zizhi/user.h"
#include "zizhi/uscc.h"

#define MIN_USEC INT64_C(60000000)
#define PW       "Correct-Horse-42"

typedef struct fx {
    char dir[64];
    zz_ctx *cx;
    int64_t org_id;
} fx;

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static int setup(void **state)
{
    setenv("ZIZHI_PW_FAST", "1", 1);
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/zz-test-user-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    zz_err err = ZZ_ERR_INIT;
    zz_clock clock = zz_clock_fixed(ZZ_DATE(2026, 3, 1));
    if (zz_ctx_open(&f->cx, f->dir, "catalog", clock, &err) < 0) {
        fprintf(stderr, "ctx: %s\n", err.message);
        return -1;
    }
    /* an applicant organisation, made by the system */
    char uscc[ZZ_USCC_LEN + 1];
    zz_uscc_make(uscc, "91110108MA01ABCD1", NULL);
    zz_org_in o = {.name = "示例网络科技有限公司",
                   .uscc = uscc,
                   .legal_person = true,
                   .email = "zizhi@example.cn"};
    if (zz_org_create(f->cx, &o, NULL, &f->org_id, NULL, &err) < 0) {
        fprintf(stderr, "org: %s\n", err.message);
        return -1;
    }
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

static int64_t audit_count(zz_ctx *cx)
{
    int64_t n = -1;
    char head[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_audit_head(cx->st, &n, head, NULL), 0);
    return n;
}

/* The newest audit entry's action, into buf. */
static const char *last_action(zz_ctx *cx, char *buf, size_t cap)
{
    zz_audit_entry *e = NULL;
    size_t n = 0;
    assert_int_equal(zz_audit_list(cx->st, 1, &e, &n, NULL), 0);
    assert_int_equal(n, 1);
    snprintf(buf, cap, "%s", e[0].action);
    zz_audit_list_free(e, n);
    return buf;
}

/* As the system: an account (org_id 0: certification body) holding `roles`. */
static void make_user(fx *f, const char *name, int64_t org_id, zz_roles roles)
{
    zz_ctx_act_as_system(f->cx);
    zz_err err = ZZ_ERR_INIT;
    zz_user_new in = {.username = name, .display_name = name, .org_id = org_id, .password = PW};
    int rc = zz_user_create(f->cx, &in, NULL, &err);
    if (rc < 0) fail_msg("create %s: %s", name, err.message);
    for (int r = 0; r < ZZ_ROLE__COUNT; r++)
        if (roles & ZZ_R(r)) {
            rc = zz_user_grant(f->cx, name, (zz_role)r, &err);
            if (rc < 0) fail_msg("grant %s: %s", name, err.message);
        }
}

static void act_as(fx *f, const char *name)
{
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_ctx_act_as(f->cx, name, &err), 0);
}

static zz_roles roles_of(fx *f, const char *name)
{
    zz_user *u = NULL;
    assert_int_equal(zz_user_get_by_name(f->cx->st, name, &u, NULL), 0);
    zz_roles r = u->roles;
    zz_user_free(u);
    return r;
}

/* ---- accounts ------------------------------------------------------------------------------ */

static void test_user__create_stores_account_and_audits(void **state)
{
    fx *f = *state;
    int64_t before = audit_count(f->cx);
    zz_err err = ZZ_ERR_INIT;
    int64_t id = 0;
    zz_user_new in = {
        .username = "li.lei", .display_name = "李雷", .email = "li@example.cn", .password = PW};
    assert_int_equal(zz_user_create(f->cx, &in, &id, &err), 0);
    assert_true(id > 0);
    assert_int_equal(audit_count(f->cx), before + 1);
    char act[64];
    assert_string_equal(last_action(f->cx, act, sizeof act), "user.create");
    zz_user *u = NULL;
    assert_int_equal(zz_user_get_by_name(f->cx->st, "li.lei", &u, &err), 0);
    assert_string_equal(u->display_name, "李雷");
    assert_string_equal(u->email, "li@example.cn");
    assert_true(u->active);
    assert_true(u->has_password);
    assert_int_equal(u->roles, 0);
    assert_int_equal(u->org_id, 0);
    zz_user_free(u);
}

static void test_user__create_refuses_bad_input(void **state)
{
    fx *f = *state;
    int64_t before = audit_count(f->cx);
    zz_err err = ZZ_ERR_INIT;
    zz_user_new in = {.username = "Li Lei", .display_name = "李雷"};
    assert_int_equal(zz_user_create(f->cx, &in, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.username");
    in.username = "ab";
    assert_int_equal(zz_user_create(f->cx, &in, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.username");
    in.username = "hanmeimei";
    in.display_name = "  ";
    assert_int_equal(zz_user_create(f->cx, &in, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.display_name");
    in.display_name = "韩梅梅";
    in.email = "han@@example.cn";
    assert_int_equal(zz_user_create(f->cx, &in, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.email");
    in.email = NULL;
    in.org_id = 9999;
    assert_int_equal(zz_user_create(f->cx, &in, NULL, &err), ZZ_ENOTFOUND);
    assert_string_equal(err.code, "org.not_found");
    in.org_id = 0;
    assert_int_equal(audit_count(f->cx), before);
    assert_int_equal(zz_user_create(f->cx, &in, NULL, &err), 0);
    assert_int_equal(zz_user_create(f->cx, &in, NULL, &err), ZZ_EEXISTS);
    assert_string_equal(err.code, "user.exists");
    assert_int_equal(audit_count(f->cx), before + 1);
}

static void test_user__r0_4_password_policy(void **state)
{
    (void)state;
    zz_err err = ZZ_ERR_INIT;
    /* too short, although 4 classes */
    assert_int_equal(zz_user_password_check(NULL, "Ab1!ab1!a", &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.password");
    /* long enough, only 2 classes */
    assert_int_equal(zz_user_password_check(NULL, "abcdefgh12", &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.password");
    assert_non_null(strstr(err.message, "2 classes"));
    /* exactly 10 characters, 3 classes */
    assert_int_equal(zz_user_password_check(NULL, "abcdefgH12", &err), 0);
    /* characters, not bytes: 8 Chinese characters (symbols) + 2 digits + upper = 11, 3 classes */
    assert_int_equal(zz_user_password_check(NULL, "资质认定服务安全A12", &err), 0);
    /* 9 characters although 25 bytes */
    assert_int_equal(zz_user_password_check(NULL, "资质认定服务安A1", &err), ZZ_EINVAL);
    /* control characters are refused */
    assert_int_equal(zz_user_password_check(NULL, "abcdefgH12\n", &err), ZZ_EINVAL);
    /* a policy is data */
    zz_pw_policy strict = {12, 4};
    assert_int_equal(zz_user_password_check(&strict, "abcdefgH12", &err), ZZ_EINVAL);
    assert_int_equal(zz_user_password_check(&strict, "abcdefgH12!x", &err), 0);
}

static void test_user__create_with_weak_password_writes_nothing(void **state)
{
    fx *f = *state;
    int64_t before = audit_count(f->cx);
    zz_err err = ZZ_ERR_INIT;
    zz_user_new in = {.username = "weak", .display_name = "弱密码", .password = "password"};
    assert_int_equal(zz_user_create(f->cx, &in, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.password");
    zz_user *u = NULL;
    assert_int_equal(zz_user_get_by_name(f->cx->st, "weak", &u, &err), ZZ_ENOTFOUND);
    assert_int_equal(audit_count(f->cx), before);
}

static void test_user__r0_4_only_sys_admin_creates_accounts(void **state)
{
    fx *f = *state;
    make_user(f, "sec", 0, ZZ_R(ZZ_ROLE_SEC_ADMIN));
    make_user(f, "sys", 0, ZZ_R(ZZ_ROLE_SYS_ADMIN));
    int64_t before = audit_count(f->cx);
    act_as(f, "sec");
    zz_err err = ZZ_ERR_INIT;
    zz_user_new in = {.username = "newbie", .display_name = "新人"};
    assert_int_equal(zz_user_create(f->cx, &in, NULL, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    assert_int_equal(zz_user_set_password(f->cx, "sys", "Another-Pass-9", &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    assert_int_equal(audit_count(f->cx), before);
    act_as(f, "sys");
    assert_int_equal(zz_user_create(f->cx, &in, NULL, &err), 0);
    assert_int_equal(zz_user_set_password(f->cx, "newbie", "Another-Pass-9", &err), 0);
    assert_int_equal(audit_count(f->cx), before + 2);
}

/* ---- grants (R-0.4) ------------------------------------------------------------------------ */

static void test_user__r0_4_sec_admin_grants_and_revokes(void **state)
{
    fx *f = *state;
    make_user(f, "sec", 0, ZZ_R(ZZ_ROLE_SEC_ADMIN));
    make_user(f, "lead", 0, 0);
    act_as(f, "sec");
    zz_err err = ZZ_ERR_INIT;
    int64_t before = audit_count(f->cx);
    assert_int_equal(zz_user_grant(f->cx, "lead", ZZ_ROLE_PROJECT_LEAD, &err), 0);
    assert_int_equal(zz_user_grant(f->cx, "lead", ZZ_ROLE_ASSESSOR, &err), 0);
    assert_int_equal(roles_of(f, "lead"), ZZ_R(ZZ_ROLE_PROJECT_LEAD) | ZZ_R(ZZ_ROLE_ASSESSOR));
    char act[64];
    assert_string_equal(last_action(f->cx, act, sizeof act), "user.grant");
    assert_int_equal(zz_user_grant(f->cx, "lead", ZZ_ROLE_ASSESSOR, &err), ZZ_EEXISTS);
    assert_string_equal(err.code, "user.role_exists");
    assert_int_equal(zz_user_revoke(f->cx, "lead", ZZ_ROLE_ASSESSOR, &err), 0);
    assert_string_equal(last_action(f->cx, act, sizeof act), "user.revoke");
    assert_int_equal(roles_of(f, "lead"), ZZ_R(ZZ_ROLE_PROJECT_LEAD));
    assert_int_equal(zz_user_revoke(f->cx, "lead", ZZ_ROLE_ASSESSOR, &err), ZZ_ENOTFOUND);
    assert_string_equal(err.code, "user.role_absent");
    assert_int_equal(zz_user_grant(f->cx, "nobody", ZZ_ROLE_ASSESSOR, &err), ZZ_ENOTFOUND);
    assert_string_equal(err.code, "user.not_found");
    assert_int_equal(audit_count(f->cx), before + 3);
}

static void test_user__r0_4_wrong_role_may_not_grant(void **state)
{
    fx *f = *state;
    make_user(f, "sys", 0, ZZ_R(ZZ_ROLE_SYS_ADMIN));
    make_user(f, "mgr", 0, ZZ_R(ZZ_ROLE_MANAGER));
    make_user(f, "bob", 0, 0);
    int64_t before = audit_count(f->cx);
    zz_err err = ZZ_ERR_INIT;
    act_as(f, "sys"); /* sys_admin: accounts, but no role grants */
    assert_int_equal(zz_user_grant(f->cx, "bob", ZZ_ROLE_ASSESSOR, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    assert_non_null(strstr(err.message_zh, "安全管理员"));
    act_as(f, "mgr");
    assert_int_equal(zz_user_grant(f->cx, "bob", ZZ_ROLE_ASSESSOR, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    assert_int_equal(zz_user_revoke(f->cx, "mgr", ZZ_ROLE_MANAGER, &err), ZZ_EPERM);
    assert_int_equal(audit_count(f->cx), before);
    assert_int_equal(roles_of(f, "bob"), 0);
    assert_int_equal(roles_of(f, "mgr"), ZZ_R(ZZ_ROLE_MANAGER));
}

static void test_user__r0_4_two_admin_roles_refused_and_nothing_written(void **state)
{
    fx *f = *state;
    make_user(f, "sec", 0, ZZ_R(ZZ_ROLE_SEC_ADMIN));
    make_user(f, "sys", 0, ZZ_R(ZZ_ROLE_SYS_ADMIN));
    act_as(f, "sec");
    int64_t before = audit_count(f->cx);
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_user_grant(f->cx, "sys", ZZ_ROLE_AUDIT_ADMIN, &err), ZZ_ERULE);
    assert_string_equal(err.code, "auth.separation");
    assert_string_equal(err.rule, "R-0.4");
    /* a sec_admin cannot give itself a second administrator role either */
    assert_int_equal(zz_user_grant(f->cx, "sec", ZZ_ROLE_SYS_ADMIN, &err), ZZ_ERULE);
    assert_string_equal(err.code, "auth.separation");
    assert_int_equal(audit_count(f->cx), before);
    assert_int_equal(roles_of(f, "sys"), ZZ_R(ZZ_ROLE_SYS_ADMIN));
    assert_int_equal(roles_of(f, "sec"), ZZ_R(ZZ_ROLE_SEC_ADMIN));
}

static void test_user__r0_4_admin_with_case_role_refused_and_nothing_written(void **state)
{
    fx *f = *state;
    make_user(f, "sec", 0, ZZ_R(ZZ_ROLE_SEC_ADMIN));
    make_user(f, "aud", 0, ZZ_R(ZZ_ROLE_AUDIT_ADMIN));
    make_user(f, "lead", 0, ZZ_R(ZZ_ROLE_PROJECT_LEAD));
    act_as(f, "sec");
    int64_t before = audit_count(f->cx);
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_user_grant(f->cx, "aud", ZZ_ROLE_SUPERVISOR, &err), ZZ_ERULE);
    assert_string_equal(err.code, "auth.separation");
    assert_int_equal(zz_user_grant(f->cx, "lead", ZZ_ROLE_SYS_ADMIN, &err), ZZ_ERULE);
    assert_string_equal(err.code, "auth.separation");
    assert_int_equal(audit_count(f->cx), before);
    assert_int_equal(roles_of(f, "aud"), ZZ_R(ZZ_ROLE_AUDIT_ADMIN));
    assert_int_equal(roles_of(f, "lead"), ZZ_R(ZZ_ROLE_PROJECT_LEAD));
}

static void test_user__r0_1_role_scope_follows_the_organisation(void **state)
{
    fx *f = *state;
    make_user(f, "sec", 0, ZZ_R(ZZ_ROLE_SEC_ADMIN));
    make_user(f, "body", 0, 0);
    make_user(f, "staff", f->org_id, 0);
    act_as(f, "sec");
    int64_t before = audit_count(f->cx);
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_user_grant(f->cx, "body", ZZ_ROLE_APPLICANT_ADMIN, &err), ZZ_ERULE);
    assert_string_equal(err.code, "auth.role_scope");
    assert_int_equal(zz_user_grant(f->cx, "staff", ZZ_ROLE_ASSESSOR, &err), ZZ_ERULE);
    assert_string_equal(err.code, "auth.role_scope");
    assert_int_equal(audit_count(f->cx), before);
    assert_int_equal(zz_user_grant(f->cx, "staff", ZZ_ROLE_APPLICANT_ADMIN, &err), 0);
    assert_int_equal(roles_of(f, "staff"), ZZ_R(ZZ_ROLE_APPLICANT_ADMIN));
}

static void test_user__list_and_show_follow_roles(void **state)
{
    fx *f = *state;
    make_user(f, "aud", 0, ZZ_R(ZZ_ROLE_AUDIT_ADMIN));
    make_user(f, "lead", 0, ZZ_R(ZZ_ROLE_PROJECT_LEAD));
    zz_err err = ZZ_ERR_INIT;
    zz_user **list = NULL;
    size_t n = 0;
    act_as(f, "lead");
    assert_int_equal(zz_user_list(f->cx, &list, &n, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    zz_user *u = NULL;
    assert_int_equal(zz_user_show(f->cx, "lead", &u, &err), 0); /* oneself */
    zz_user_free(u);
    assert_int_equal(zz_user_show(f->cx, "aud", &u, &err), ZZ_ENOTFOUND);
    assert_string_equal(err.code, "user.not_found");
    act_as(f, "aud");
    assert_int_equal(zz_user_list(f->cx, &list, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(list[0]->username, "aud");
    assert_int_equal(list[1]->roles, ZZ_R(ZZ_ROLE_PROJECT_LEAD));
    zz_user_list_free(list, n);
    char *json = NULL;
    assert_int_equal(zz_user_show(f->cx, "lead", &u, &err), 0);
    assert_int_equal(zz_user_to_json(u, &json, &err), 0);
    assert_non_null(strstr(json, "\"roles\":[\"project_lead\"]"));
    assert_null(strstr(json, "argon2"));
    free(json);
    zz_user_free(u);
}

static void test_user__deactivated_account_cannot_act(void **state)
{
    fx *f = *state;
    make_user(f, "gone", 0, ZZ_R(ZZ_ROLE_ASSESSOR));
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_user_set_active(f->cx, "gone", false, &err), 0);
    assert_int_equal(zz_user_set_active(f->cx, "gone", false, &err), ZZ_ESTATE);
    assert_int_equal(zz_ctx_act_as(f->cx, "gone", &err), ZZ_EAUTH);
    assert_string_equal(err.code, "auth.no_user");
    zz_user *u = NULL;
    assert_int_equal(zz_user_authenticate(f->cx, "gone", PW, &u, &err), ZZ_EAUTH);
    assert_string_equal(err.code, "auth.bad_credentials");
    assert_null(u);
}

/* ---- sign-in and lockout (R-0.4) ----------------------------------------------------------- */

static void test_user__signin_succeeds_and_is_audited(void **state)
{
    fx *f = *state;
    make_user(f, "lead", 0, ZZ_R(ZZ_ROLE_PROJECT_LEAD));
    zz_err err = ZZ_ERR_INIT;
    zz_user *u = NULL;
    int64_t before = audit_count(f->cx);
    assert_int_equal(zz_user_authenticate(f->cx, "lead", PW, &u, &err), 0);
    assert_non_null(u);
    assert_string_equal(u->username, "lead");
    assert_int_equal(u->roles, ZZ_R(ZZ_ROLE_PROJECT_LEAD));
    zz_user_free(u);
    assert_int_equal(audit_count(f->cx), before + 1);
    zz_audit_entry *e = NULL;
    size_t n = 0;
    assert_int_equal(zz_audit_list(f->cx->st, 1, &e, &n, NULL), 0);
    assert_string_equal(e[0].action, "auth.signin");
    assert_string_equal(e[0].actor, "lead");
    zz_audit_list_free(e, n);
    assert_true(zz_ctx_is_system(f->cx)); /* the context's actor is left as it was */
}

static void test_user__unknown_user_and_wrong_password_answer_alike(void **state)
{
    fx *f = *state;
    make_user(f, "lead", 0, ZZ_R(ZZ_ROLE_PROJECT_LEAD));
    zz_err e1 = ZZ_ERR_INIT, e2 = ZZ_ERR_INIT;
    zz_user *u = NULL;
    int64_t before = audit_count(f->cx);
    assert_int_equal(zz_user_authenticate(f->cx, "nobody", PW, &u, &e1), ZZ_EAUTH);
    assert_int_equal(zz_user_authenticate(f->cx, "lead", "Wrong-Pass-123", &u, &e2), ZZ_EAUTH);
    assert_null(u);
    assert_string_equal(e1.code, "auth.bad_credentials");
    assert_string_equal(e2.code, "auth.bad_credentials");
    assert_string_equal(e1.message, e2.message);
    assert_string_equal(e1.message_zh, e2.message_zh);
    /* both failures are recorded */
    assert_int_equal(audit_count(f->cx), before + 2);
    char act[64];
    assert_string_equal(last_action(f->cx, act, sizeof act), "auth.signin_failed");
    /* a malformed name never reaches the log as an object id */
    assert_int_equal(zz_user_authenticate(f->cx, "x\n\"; DROP", PW, &u, &e1), ZZ_EAUTH);
    zz_audit_entry *e = NULL;
    size_t n = 0;
    assert_int_equal(zz_audit_list(f->cx->st, 1, &e, &n, NULL), 0);
    assert_string_equal(e[0].obj_id, "(invalid)");
    zz_audit_list_free(e, n);
}

static void set_now(fx *f, int64_t usec)
{
    f->cx->clock.now_usec = usec;
}

static void test_user__r0_4_lockout_after_5_failures_within_15_minutes(void **state)
{
    fx *f = *state;
    make_user(f, "lead", 0, ZZ_R(ZZ_ROLE_PROJECT_LEAD));
    int64_t t0 = f->cx->clock.now_usec;
    zz_err err = ZZ_ERR_INIT;
    zz_user *u = NULL;
    for (int i = 0; i < 4; i++) { /* 4 failures over 14 minutes: not yet locked */
        set_now(f, t0 + i * 4 * MIN_USEC + (i == 3 ? 2 * MIN_USEC : 0));
        assert_int_equal(zz_user_authenticate(f->cx, "lead", "Wrong-Pass-123", &u, &err), ZZ_EAUTH);
        assert_string_equal(err.code, "auth.bad_credentials");
    }
    /* the 5th failure, still within 15 minutes of the first (t0 + 14m59s), locks */
    int64_t t5 = t0 + 15 * MIN_USEC - 1000000;
    set_now(f, t5);
    assert_int_equal(zz_user_authenticate(f->cx, "lead", "Wrong-Pass-123", &u, &err), ZZ_EAUTH);
    assert_string_equal(err.code, "auth.locked");
    assert_non_null(strstr(err.message, "15 minutes"));
    /* while locked, even the right password is refused, naming the minutes left */
    set_now(f, t5 + 1 * MIN_USEC);
    assert_int_equal(zz_user_authenticate(f->cx, "lead", PW, &u, &err), ZZ_EAUTH);
    assert_string_equal(err.code, "auth.locked");
    assert_non_null(strstr(err.message, "14 minutes"));
    assert_non_null(strstr(err.message_zh, "14 分钟"));
    assert_null(u);
    set_now(f, t5 + 15 * MIN_USEC - 1);
    assert_int_equal(zz_user_authenticate(f->cx, "lead", PW, &u, &err), ZZ_EAUTH);
    assert_string_equal(err.code, "auth.locked");
    assert_non_null(strstr(err.message, "1 minutes"));
    /* unlocked exactly 15 minutes after the locking failure */
    set_now(f, t5 + 15 * MIN_USEC);
    assert_int_equal(zz_user_authenticate(f->cx, "lead", PW, &u, &err), 0);
    assert_non_null(u);
    assert_int_equal(u->failed_signins, 0);
    assert_int_equal(u->locked_until_usec, 0);
    zz_user_free(u);
}

static void test_user__r0_4_failures_outside_the_window_do_not_lock(void **state)
{
    fx *f = *state;
    make_user(f, "lead", 0, ZZ_R(ZZ_ROLE_PROJECT_LEAD));
    int64_t t0 = f->cx->clock.now_usec;
    zz_err err = ZZ_ERR_INIT;
    zz_user *u = NULL;
    for (int i = 0; i < 4; i++) {
        set_now(f, t0 + i * MIN_USEC);
        assert_int_equal(zz_user_authenticate(f->cx, "lead", "Wrong-Pass-123", &u, &err), ZZ_EAUTH);
    }
    /* exactly 15 minutes after the first failure a new window starts: the 5th does not lock */
    set_now(f, t0 + 15 * MIN_USEC);
    assert_int_equal(zz_user_authenticate(f->cx, "lead", "Wrong-Pass-123", &u, &err), ZZ_EAUTH);
    assert_string_equal(err.code, "auth.bad_credentials");
    assert_int_equal(zz_user_authenticate(f->cx, "lead", PW, &u, &err), 0);
    zz_user_free(u);
}

static void test_user__r0_4_success_resets_the_failure_count(void **state)
{
    fx *f = *state;
    make_user(f, "lead", 0, ZZ_R(ZZ_ROLE_PROJECT_LEAD));
    int64_t t0 = f->cx->clock.now_usec;
    zz_err err = ZZ_ERR_INIT;
    zz_user *u = NULL;
    for (int i = 0; i < 4; i++)
        assert_int_equal(zz_user_authenticate(f->cx, "lead", "Wrong-Pass-123", &u, &err), ZZ_EAUTH);
    set_now(f, t0 + MIN_USEC);
    assert_int_equal(zz_user_authenticate(f->cx, "lead", PW, &u, &err), 0);
    zz_user_free(u);
    for (int i = 0; i < 4; i++)
        assert_int_equal(zz_user_authenticate(f->cx, "lead", "Wrong-Pass-123", &u, &err), ZZ_EAUTH);
    assert_string_equal(err.code, "auth.bad_credentials");
}

static void test_user__r0_4_sec_admin_unlocks(void **state)
{
    fx *f = *state;
    make_user(f, "sec", 0, ZZ_R(ZZ_ROLE_SEC_ADMIN));
    make_user(f, "lead", 0, ZZ_R(ZZ_ROLE_PROJECT_LEAD));
    zz_err err = ZZ_ERR_INIT;
    zz_user *u = NULL;
    for (int i = 0; i < 5; i++)
        zz_user_authenticate(f->cx, "lead", "Wrong-Pass-123", &u, &err);
    assert_string_equal(err.code, "auth.locked");
    act_as(f, "lead");
    assert_int_equal(zz_user_unlock(f->cx, "lead", &err), ZZ_EPERM);
    act_as(f, "sec");
    assert_int_equal(zz_user_unlock(f->cx, "lead", &err), 0);
    assert_int_equal(zz_user_authenticate(f->cx, "lead", PW, &u, &err), 0);
    zz_user_free(u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_user__create_stores_account_and_audits, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_user__create_refuses_bad_input, setup, teardown),
        cmocka_unit_test(test_user__r0_4_password_policy),
        cmocka_unit_test_setup_teardown(test_user__create_with_weak_password_writes_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_user__r0_4_only_sys_admin_creates_accounts, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_user__r0_4_sec_admin_grants_and_revokes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_user__r0_4_wrong_role_may_not_grant, setup, teardown),
        cmocka_unit_test_setup_teardown(test_user__r0_4_two_admin_roles_refused_and_nothing_written,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_user__r0_4_admin_with_case_role_refused_and_nothing_written, setup, teardown),
        cmocka_unit_test_setup_teardown(test_user__r0_1_role_scope_follows_the_organisation, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_user__list_and_show_follow_roles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_user__deactivated_account_cannot_act, setup, teardown),
        cmocka_unit_test_setup_teardown(test_user__signin_succeeds_and_is_audited, setup, teardown),
        cmocka_unit_test_setup_teardown(test_user__unknown_user_and_wrong_password_answer_alike,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_user__r0_4_lockout_after_5_failures_within_15_minutes,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_user__r0_4_failures_outside_the_window_do_not_lock,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_user__r0_4_success_resets_the_failure_count, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_user__r0_4_sec_admin_unlocks, setup, teardown),
    };
    return cmocka_run_group_tests_name("user", tests, NULL, NULL);
}
