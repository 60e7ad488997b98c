/*
 * test_org.c — src/core/org.c: organisations (R-1.2), people and projects, who may see and
 * change them (R-0.1, R-0.2, R-0.3) and the personal-data export (R-0.3), on a real SQLite file.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "zizhi/audit.h"
#include "zizhi/blob.h"
#include "zizhi/ctx.h"
#include "zizhi/org.h"
#include "zizhi/user.h"
#include "zizhi/uscc.h"

#define PW "Correct-Horse-42"

typedef struct fx {
    char dir[64];
    zz_ctx *cx;
    char uscc_a[ZZ_USCC_LEN + 1], uscc_b[ZZ_USCC_LEN + 1];
    int64_t org_a, org_b;
    int64_t person_b;
} fx;

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static zz_org_in org_in(const char *name, const char *uscc)
{
    return (zz_org_in){.name = name,
                       .uscc = uscc,
                       .legal_person = true,
                       .email = "office@example.cn",
                       .contact_name = "王芳",
                       .contact_phone = "010-12345678"};
}

static void make_user(fx *f, const char *name, int64_t org_id, zz_roles roles)
{
    zz_ctx_act_as_system(f->cx);
    zz_err err = ZZ_ERR_INIT;
    zz_user_new in = {.username = name,
                      .display_name = name,
                      .org_id = org_id,
                      .password = PW,
                      .email = "someone@example.cn"};
    if (zz_user_create(f->cx, &in, NULL, &err) < 0) fail_msg("create %s: %s", name, err.message);
    for (int r = 0; r < ZZ_ROLE__COUNT; r++)
        if ((roles & ZZ_R(r)) && zz_user_grant(f->cx, name, (zz_role)r, &err) < 0)
            fail_msg("grant %s: %s", name, err.message);
}

static void act_as(fx *f, const char *name)
{
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_ctx_act_as(f->cx, name, &err), 0);
}

static int setup(void **state)
{
    setenv("ZIZHI_PW_FAST", "1", 1);
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/zz-test-org-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    zz_err err = ZZ_ERR_INIT;
    if (zz_ctx_open(&f->cx, f->dir, "catalog", zz_clock_fixed(ZZ_DATE(2026, 3, 1)), &err) < 0)
        return -1;
    zz_uscc_make(f->uscc_a, "91110108MA01ABCD1", NULL);
    zz_uscc_make(f->uscc_b, "91310115MA1K4XYW2", NULL);
    zz_org_in a = org_in("甲公司", f->uscc_a), b = org_in("乙公司", f->uscc_b);
    if (zz_org_create(f->cx, &a, NULL, &f->org_a, NULL, &err) < 0 ||
        zz_org_create(f->cx, &b, NULL, &f->org_b, NULL, &err) < 0) {
        fprintf(stderr, "org: %s\n", err.message);
        return -1;
    }
    zz_person_in p = {.name = "赵敏",
                      .employment = ZZ_EMPLOY_FULL_TIME,
                      .ai_security = true,
                      .cisp_number = "CISP-B-0001",
                      .cisp_valid_from = ZZ_DATE(2024, 1, 1),
                      .cisp_valid_until = ZZ_DATE(2027, 1, 1),
                      .nda_signed_on = ZZ_DATE(2024, 1, 2)};
    if (zz_person_add(f->cx, f->org_b, &p, &f->person_b, &err) < 0) {
        fprintf(stderr, "person: %s\n", err.message);
        return -1;
    }
    *state = f;
    make_user(f, "admin.a", f->org_a, ZZ_R(ZZ_ROLE_APPLICANT_ADMIN));
    make_user(f, "member.a", f->org_a, ZZ_R(ZZ_ROLE_APPLICANT_MEMBER));
    make_user(f, "admin.b", f->org_b, ZZ_R(ZZ_ROLE_APPLICANT_ADMIN));
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

/* ---- creation (R-1.2) ---------------------------------------------------------------------- */

static void test_org__r1_2_invalid_uscc_refused(void **state)
{
    fx *f = *state;
    int64_t before = audit_count(f->cx);
    zz_err err = ZZ_ERR_INIT;
    char bad[ZZ_USCC_LEN + 1];
    zz_uscc_make(bad, "91440300MA5FABCD3", NULL);
    bad[17] = bad[17] == '0' ? '1' : '0'; /* wrong check character */
    zz_org_in in = org_in("丙公司", bad);
    assert_int_equal(zz_org_create(f->cx, &in, NULL, NULL, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.uscc");
    assert_string_equal(err.rule, "R-1.2");
    in.uscc = "91110108";
    assert_int_equal(zz_org_create(f->cx, &in, NULL, NULL, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.uscc");
    assert_int_equal(audit_count(f->cx), before);
}

static void test_org__r1_2_duplicate_uscc_refused_after_normalising(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    char lower[64];
    snprintf(lower, sizeof lower, "  %s ", f->uscc_a);
    for (char *p = lower; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    zz_org_in in = org_in("甲公司（重复）", lower);
    assert_int_equal(zz_org_create(f->cx, &in, NULL, NULL, NULL, &err), ZZ_EEXISTS);
    assert_string_equal(err.code, "org.exists");
    zz_org *o = NULL;
    assert_int_equal(zz_org_get_by_uscc(f->cx, lower, &o, &err), 0);
    assert_int_equal(o->id, f->org_a);
    assert_string_equal(o->uscc, f->uscc_a);
    zz_org_free(o);
}

static void test_org__r1_2_exception_reason_and_evidence_required(void **state)
{
    fx *f = *state;
    int64_t before = audit_count(f->cx);
    zz_err err = ZZ_ERR_INIT;
    char uscc[ZZ_USCC_LEN + 1];
    zz_uscc_make(uscc, "91440300MA5FABCD3", NULL);
    zz_org_in in = org_in("丙公司北京分公司", uscc);
    in.legal_person = false;
    assert_int_equal(zz_org_create(f->cx, &in, NULL, NULL, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.exception_reason");
    assert_string_equal(err.rule, "R-1.2");
    in.exception_reason = "经总公司授权的分支机构";
    assert_int_equal(zz_org_create(f->cx, &in, NULL, NULL, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.exception_reason");
    assert_non_null(strstr(err.message, "evidence missing"));
    in.exception_evidence = "not-a-digest";
    assert_int_equal(zz_org_create(f->cx, &in, NULL, NULL, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.exception_evidence");
    /* well-formed, but no such blob in the evidence store */
    in.exception_evidence = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0";
    assert_int_equal(zz_org_create(f->cx, &in, NULL, NULL, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.exception_evidence");
    assert_int_equal(audit_count(f->cx), before);
    char digest[ZZ_SM3_HEXLEN + 1];
    const char *letter = "总公司授权书";
    assert_int_equal(zz_blob_put(digest, f->dir, letter, strlen(letter), &err), 0);
    in.exception_evidence = digest;
    int64_t id = 0;
    assert_int_equal(zz_org_create(f->cx, &in, NULL, &id, NULL, &err), 0);
    zz_org *o = NULL;
    assert_int_equal(zz_org_get(f->cx, id, &o, &err), 0);
    assert_false(o->legal_person);
    assert_string_equal(o->exception_reason, "经总公司授权的分支机构");
    assert_string_equal(o->exception_evidence, digest);
    zz_org_free(o);
}

static void test_org__create_checks_email_and_role(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    char uscc[ZZ_USCC_LEN + 1];
    zz_uscc_make(uscc, "91440300MA5FABCD3", NULL);
    zz_org_in in = org_in("丙公司", uscc);
    const char *bad[] = {"",         "office",       "office@",     "@example.cn", "office@example",
                         "a b@x.cn", "office@-x.cn", "office@x..cn"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        in.email = bad[i];
        assert_int_equal(zz_org_create(f->cx, &in, NULL, NULL, NULL, &err), ZZ_EINVAL);
        assert_string_equal(err.code, "input.email");
    }
    in.email = "资质@例子.中国";
    make_user(f, "sec", 0, ZZ_R(ZZ_ROLE_SEC_ADMIN));
    act_as(f, "sec");
    assert_int_equal(zz_org_create(f->cx, &in, NULL, NULL, NULL, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    act_as(f, "admin.a");
    assert_int_equal(zz_org_create(f->cx, &in, NULL, NULL, NULL, &err), ZZ_EPERM);
    zz_ctx_act_as_system(f->cx);
    assert_int_equal(zz_org_create(f->cx, &in, NULL, NULL, NULL, &err), 0);
}

static void test_org__r0_4_first_admin_account(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    make_user(f, "sys", 0, ZZ_R(ZZ_ROLE_SYS_ADMIN));
    char uscc[ZZ_USCC_LEN + 1];
    zz_uscc_make(uscc, "91440300MA5FABCD3", NULL);
    zz_org_in in = org_in("丙公司", uscc);
    zz_user_new admin = {.username = "admin.c", .display_name = "丙管理员", .password = "weak"};
    act_as(f, "sys");
    int64_t before = audit_count(f->cx);
    /* the account's password is checked before anything is written */
    assert_int_equal(zz_org_create(f->cx, &in, &admin, NULL, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.password");
    assert_int_equal(audit_count(f->cx), before);
    admin.password = PW;
    int64_t oid = 0, uid = 0;
    assert_int_equal(zz_org_create(f->cx, &in, &admin, &oid, &uid, &err), 0);
    assert_int_equal(audit_count(f->cx), before + 2); /* org.create and user.create */
    zz_user *u = NULL;
    assert_int_equal(zz_user_get(f->cx->st, uid, &u, &err), 0);
    assert_int_equal(u->org_id, oid);
    assert_int_equal(u->roles, 0); /* a sys_admin makes no grants (R-0.4) */
    zz_user_free(u);
    /* the system (demo building) also grants applicant_admin */
    zz_ctx_act_as_system(f->cx);
    zz_uscc_make(uscc, "91440300MA5FABCE3", NULL);
    in = org_in("丁公司", uscc);
    admin.username = "admin.d";
    assert_int_equal(zz_org_create(f->cx, &in, &admin, &oid, &uid, &err), 0);
    assert_int_equal(zz_user_get(f->cx->st, uid, &u, &err), 0);
    assert_int_equal(u->roles, ZZ_R(ZZ_ROLE_APPLICANT_ADMIN));
    zz_user_free(u);
    /* a taken account name rolls back the organisation too */
    zz_uscc_make(uscc, "91440300MA5FABCF3", NULL);
    in = org_in("戊公司", uscc);
    before = audit_count(f->cx);
    assert_int_equal(zz_org_create(f->cx, &in, &admin, &oid, &uid, &err), ZZ_EEXISTS);
    assert_string_equal(err.code, "user.exists");
    zz_org *o = NULL;
    assert_int_equal(zz_org_get_by_uscc(f->cx, uscc, &o, &err), ZZ_ENOTFOUND);
    assert_int_equal(audit_count(f->cx), before);
}

/* ---- visibility (R-0.1, R-0.2, R-0.3) ------------------------------------------------------ */

static void test_org__r0_1_other_org_admin_gets_not_found(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT, missing = ZZ_ERR_INIT;
    act_as(f, "admin.a");
    zz_org *o = NULL;
    assert_int_equal(zz_org_get(f->cx, f->org_a, &o, &err), 0);
    zz_org_free(o);
    /* another organisation answers exactly like one that does not exist */
    assert_int_equal(zz_org_get(f->cx, 424242, &o, &missing), ZZ_ENOTFOUND);
    assert_int_equal(zz_org_get(f->cx, f->org_b, &o, &err), ZZ_ENOTFOUND);
    assert_null(o);
    assert_string_equal(err.code, "org.not_found");
    assert_string_equal(missing.code, "org.not_found");
    assert_int_equal(zz_org_get_by_uscc(f->cx, f->uscc_b, &o, &err), ZZ_ENOTFOUND);
    zz_person *people = NULL;
    size_t n = 0;
    assert_int_equal(zz_person_list(f->cx, f->org_b, true, &people, &n, &err), ZZ_ENOTFOUND);
    zz_person *p = NULL;
    assert_int_equal(zz_person_get(f->cx, f->person_b, &p, &err), ZZ_ENOTFOUND);
    assert_string_equal(err.code, "person.not_found");
    zz_person_in pin = {.name = "冒名", .employment = ZZ_EMPLOY_FULL_TIME};
    assert_int_equal(zz_person_update(f->cx, f->person_b, &pin, &err), ZZ_ENOTFOUND);
    assert_int_equal(zz_person_add(f->cx, f->org_b, &pin, NULL, &err), ZZ_ENOTFOUND);
    zz_org_in in = org_in("乙公司", f->uscc_b);
    assert_int_equal(zz_org_update(f->cx, f->org_b, &in, &err), ZZ_ENOTFOUND);
    char *json = NULL;
    assert_int_equal(zz_org_export_personal(f->cx, f->org_b, &json, &err), ZZ_ENOTFOUND);
    assert_null(json);
    /* the list shows only its own organisation */
    zz_org *list = NULL;
    size_t total = 0;
    assert_int_equal(zz_org_list(f->cx, NULL, &list, &n, &total, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(total, 1);
    assert_int_equal(list[0].id, f->org_a);
    zz_org_list_free(list, n);
}

static void test_org__r0_1_member_reads_but_does_not_change(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    act_as(f, "member.a");
    zz_org *o = NULL;
    assert_int_equal(zz_org_get(f->cx, f->org_a, &o, &err), 0);
    zz_org_free(o);
    zz_person_in pin = {.name = "新员工", .employment = ZZ_EMPLOY_PART_TIME};
    assert_int_equal(zz_person_add(f->cx, f->org_a, &pin, NULL, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    zz_org_in in = org_in("甲公司新名", f->uscc_a);
    assert_int_equal(zz_org_update(f->cx, f->org_a, &in, &err), ZZ_EPERM);
    char *json = NULL;
    assert_int_equal(zz_org_export_personal(f->cx, f->org_a, &json, &err), ZZ_EPERM);
    zz_person *people = NULL;
    size_t n = 9;
    assert_int_equal(zz_person_list(f->cx, f->org_a, true, &people, &n, &err), 0);
    assert_int_equal(n, 0);
    zz_person_list_free(people, n);
}

/* Files a case of org_id with user_id as assessor (the case module is another's; rows direct). */
static void assign(fx *f, int64_t org_id, int64_t user_id)
{
    zz_store *st = f->cx->st;
    zz_err err = ZZ_ERR_INIT;
    sqlite3_stmt *s = NULL;
    assert_int_equal(
        zz_store__prepare(st, &s,
                          "INSERT INTO dossiers (org_id, category, level, catalog_id,"
                          " catalog_version, app_type, created_usec, updated_usec)"
                          " VALUES (?, 'ai-security', 1, 'ai-security-1', 'v', 'initial', 0, 0)",
                          &err),
        0);
    zz_store__bind_int64(s, 1, org_id);
    assert_int_equal(zz_store__step(st, s, &err), ZZ_STORE_DONE);
    sqlite3_finalize(s);
    int64_t dossier = sqlite3_last_insert_rowid(zz_store__db(st));
    assert_int_equal(zz_store__prepare(st, &s,
                                       "INSERT INTO cases (number, dossier_id, org_id, stage,"
                                       " state, submitted_on, updated_usec)"
                                       " VALUES (?, ?, ?, 'assessment', 'open', '2026-03-01', 0)",
                                       &err),
                     0);
    char number[32];
    snprintf(number, sizeof number, "T-%lld", (long long)dossier);
    zz_store__bind_text(s, 1, number);
    zz_store__bind_int64(s, 2, dossier);
    zz_store__bind_int64(s, 3, org_id);
    int rc = zz_store__step(st, s, &err);
    if (rc != ZZ_STORE_DONE) fail_msg("case row: %s", err.message);
    sqlite3_finalize(s);
    int64_t kase = sqlite3_last_insert_rowid(zz_store__db(st));
    assert_int_equal(zz_store__prepare(st, &s,
                                       "INSERT INTO case_members (case_id, user_id, role,"
                                       " assigned_on) VALUES (?, ?, 'assessor', '2026-03-01')",
                                       &err),
                     0);
    zz_store__bind_int64(s, 1, kase);
    zz_store__bind_int64(s, 2, user_id);
    assert_int_equal(zz_store__step(st, s, &err), ZZ_STORE_DONE);
    sqlite3_finalize(s);
}

static void test_org__r0_2_body_roles_see_only_what_they_may(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    make_user(f, "mgr", 0, ZZ_R(ZZ_ROLE_MANAGER));
    make_user(f, "sup", 0, ZZ_R(ZZ_ROLE_SUPERVISOR));
    make_user(f, "asr", 0, ZZ_R(ZZ_ROLE_ASSESSOR));
    make_user(f, "cert", 0, ZZ_R(ZZ_ROLE_CERT_OFFICER));
    make_user(f, "sys", 0, ZZ_R(ZZ_ROLE_SYS_ADMIN));
    zz_org *o = NULL, *list = NULL;
    zz_person *people = NULL;
    size_t n = 0, total = 0;
    /* manager and supervisor read every organisation, people included, but change nothing */
    const char *readers[] = {"mgr", "sup"};
    for (int i = 0; i < 2; i++) {
        act_as(f, readers[i]);
        assert_int_equal(zz_org_get(f->cx, f->org_b, &o, &err), 0);
        zz_org_free(o);
        assert_int_equal(zz_person_list(f->cx, f->org_b, false, &people, &n, &err), 0);
        assert_int_equal(n, 1);
        zz_person_list_free(people, n);
        assert_int_equal(zz_person_set_active(f->cx, f->person_b, false, &err), ZZ_EPERM);
        assert_string_equal(err.code, "auth.role");
        assert_int_equal(zz_org_list(f->cx, NULL, &list, &n, &total, &err), 0);
        assert_int_equal(total, 2);
        zz_org_list_free(list, n);
    }
    /* an assessor sees an organisation only once assigned to one of its cases */
    act_as(f, "asr");
    assert_int_equal(zz_org_get(f->cx, f->org_b, &o, &err), ZZ_ENOTFOUND);
    assert_int_equal(zz_person_get(f->cx, f->person_b, (zz_person **)&people, &err), ZZ_ENOTFOUND);
    assert_int_equal(zz_org_list(f->cx, NULL, &list, &n, &total, &err), 0);
    assert_int_equal(total, 0);
    zz_org_list_free(list, n);
    assign(f, f->org_b, f->cx->actor.user_id);
    assert_int_equal(zz_org_get(f->cx, f->org_b, &o, &err), 0);
    zz_org_free(o);
    zz_person *p = NULL;
    assert_int_equal(zz_person_get(f->cx, f->person_b, &p, &err), 0);
    assert_string_equal(p->name, "赵敏");
    zz_person_free(p);
    assert_int_equal(zz_org_get(f->cx, f->org_a, &o, &err), ZZ_ENOTFOUND);
    assert_int_equal(zz_org_list(f->cx, NULL, &list, &n, &total, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, f->org_b);
    zz_org_list_free(list, n);
    /* a cert_officer sees no organisation; its list is refused, not empty */
    act_as(f, "cert");
    assert_int_equal(zz_org_get(f->cx, f->org_b, &o, &err), ZZ_ENOTFOUND);
    assert_int_equal(zz_org_list(f->cx, NULL, &list, &n, &total, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    /* sys_admin: organisation records yes, personal data no (R-0.3) */
    act_as(f, "sys");
    assert_int_equal(zz_org_get(f->cx, f->org_b, &o, &err), 0);
    zz_org_free(o);
    assert_int_equal(zz_person_list(f->cx, f->org_b, false, &people, &n, &err), ZZ_EPERM);
    assert_int_equal(zz_org_get(f->cx, 99999, &o, &err), ZZ_ENOTFOUND);
}

static void test_org__r1_2_uscc_change_only_by_sys_admin(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    make_user(f, "sys", 0, ZZ_R(ZZ_ROLE_SYS_ADMIN));
    char other[ZZ_USCC_LEN + 1];
    zz_uscc_make(other, "91440300MA5FABCD3", NULL);
    act_as(f, "admin.a");
    zz_org_in in = org_in("甲公司（更名）", f->uscc_a);
    in.address = "北京市海淀区";
    int64_t before = audit_count(f->cx);
    assert_int_equal(zz_org_update(f->cx, f->org_a, &in, &err), 0);
    assert_int_equal(audit_count(f->cx), before + 1);
    in.uscc = other;
    assert_int_equal(zz_org_update(f->cx, f->org_a, &in, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    act_as(f, "sys");
    in.uscc = f->uscc_b;
    assert_int_equal(zz_org_update(f->cx, f->org_a, &in, &err), ZZ_EEXISTS);
    assert_string_equal(err.code, "org.exists");
    in.uscc = other;
    assert_int_equal(zz_org_update(f->cx, f->org_a, &in, &err), 0);
    zz_org *o = NULL;
    assert_int_equal(zz_org_get(f->cx, f->org_a, &o, &err), 0);
    assert_string_equal(o->name, "甲公司（更名）");
    assert_string_equal(o->uscc, other);
    assert_string_equal(o->address, "北京市海淀区");
    zz_org_free(o);
}

/* ---- people and projects ------------------------------------------------------------------- */

static void test_org__r1_3_person_validation(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    act_as(f, "admin.a");
    int64_t before = audit_count(f->cx);
    zz_person_in p = {.name = "", .employment = ZZ_EMPLOY_FULL_TIME};
    assert_int_equal(zz_person_add(f->cx, f->org_a, &p, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.name");
    p.name = "张三";
    p.employment = (zz_employment)7;
    assert_int_equal(zz_person_add(f->cx, f->org_a, &p, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.employment");
    p.employment = ZZ_EMPLOY_FULL_TIME;
    p.cisp_number = "CISP-1";
    assert_int_equal(zz_person_add(f->cx, f->org_a, &p, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.cisp");
    p.cisp_valid_from = ZZ_DATE(2026, 3, 2);
    p.cisp_valid_until = ZZ_DATE(2026, 3, 1);
    assert_int_equal(zz_person_add(f->cx, f->org_a, &p, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.cisp");
    p.cisp_valid_until = ZZ_DATE(2026, 2, 30);
    assert_int_equal(zz_person_add(f->cx, f->org_a, &p, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.date");
    p.cisp_number = NULL;
    p.cisp_valid_until = ZZ_DATE(2029, 3, 1);
    assert_int_equal(zz_person_add(f->cx, f->org_a, &p, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.cisp");
    assert_int_equal(audit_count(f->cx), before);
    p.cisp_number = "CISP-1";
    int64_t id = 0;
    assert_int_equal(zz_person_add(f->cx, f->org_a, &p, &id, &err), 0);
    zz_person *got = NULL;
    assert_int_equal(zz_person_get(f->cx, id, &got, &err), 0);
    assert_int_equal(zz_date_cmp(got->cisp_valid_from, ZZ_DATE(2026, 3, 2)), 0);
    assert_false(zz_date_is_set(got->nda_signed_on));
    assert_true(got->active);
    zz_person_free(got);
}

static void test_org__r0_3_admin_corrects_and_deactivates_people(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    act_as(f, "admin.b");
    zz_person_in p = {.name = "赵敏",
                      .employment = ZZ_EMPLOY_FULL_TIME,
                      .ai_security = true,
                      .cisp_number = "CISP-B-0002",
                      .cisp_valid_from = ZZ_DATE(2024, 1, 1),
                      .cisp_valid_until = ZZ_DATE(2027, 1, 1),
                      .nda_signed_on = ZZ_DATE(2024, 1, 2),
                      .position = "安全工程师"};
    int64_t before = audit_count(f->cx);
    assert_int_equal(zz_person_update(f->cx, f->person_b, &p, &err), 0);
    assert_int_equal(zz_person_set_active(f->cx, f->person_b, false, &err), 0);
    assert_int_equal(zz_person_set_active(f->cx, f->person_b, false, &err), ZZ_ESTATE);
    assert_int_equal(audit_count(f->cx), before + 2);
    zz_person *got = NULL;
    assert_int_equal(zz_person_get(f->cx, f->person_b, &got, &err), 0);
    assert_string_equal(got->cisp_number, "CISP-B-0002");
    assert_string_equal(got->position, "安全工程师");
    assert_false(got->active);
    zz_person_free(got);
    zz_person *list = NULL;
    size_t n = 9;
    assert_int_equal(zz_person_list(f->cx, f->org_b, false, &list, &n, &err), 0);
    assert_int_equal(n, 0);
    assert_int_equal(zz_person_list(f->cx, f->org_b, true, &list, &n, &err), 0);
    assert_int_equal(n, 1);
    zz_person_list_free(list, n);
    /* the log holds the digest of the record, never the name or the CISP number (R-0.3) */
    zz_audit_entry *e = NULL;
    assert_int_equal(zz_audit_list(f->cx->st, 2, &e, &n, NULL), 0);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(e[i].obj_type, "person");
        assert_int_equal(strlen(e[i].obj_digest), 64);
        assert_null(strstr(e[i].detail, "CISP"));
        assert_null(strstr(e[i].detail, "赵敏"));
    }
    assert_string_equal(e[0].action, "person.deactivate");
    zz_audit_list_free(e, n);
}

static void test_org__r1_3_project_validation(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    act_as(f, "admin.a");
    zz_project_in p = {.name = "大模型安全评估",
                       .ai_security = true,
                       .acceptance = ZZ_ACCEPT_FAILED,
                       .completed_on = ZZ_DATE(2025, 6, 1)};
    assert_int_equal(zz_project_add(f->cx, f->org_a, &p, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.acceptance");
    p.acceptance = ZZ_ACCEPT_PENDING;
    p.accepted_on = ZZ_DATE(2025, 6, 2);
    assert_int_equal(zz_project_add(f->cx, f->org_a, &p, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.acceptance");
    p.acceptance = ZZ_ACCEPT_PASSED;
    p.completed_on = ZZ_NO_DATE;
    assert_int_equal(zz_project_add(f->cx, f->org_a, &p, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.acceptance");
    p.completed_on = ZZ_DATE(2025, 6, 3);
    assert_int_equal(zz_project_add(f->cx, f->org_a, &p, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.project_dates");
    p.completed_on = ZZ_DATE(2025, 6, 1);
    p.started_on = ZZ_DATE(2025, 1, 1);
    int64_t id = 0;
    assert_int_equal(zz_project_add(f->cx, f->org_a, &p, &id, &err), 0);
    p.acceptance = ZZ_ACCEPT_FAILED;
    assert_int_equal(zz_project_update(f->cx, id, &p, &err), 0);
    zz_project *list = NULL;
    size_t n = 0;
    assert_int_equal(zz_project_list(f->cx, f->org_a, &list, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].acceptance, ZZ_ACCEPT_FAILED);
    assert_int_equal(zz_date_cmp(list[0].accepted_on, ZZ_DATE(2025, 6, 2)), 0);
    zz_project_list_free(list, n);
    act_as(f, "admin.b");
    zz_project *got = NULL;
    assert_int_equal(zz_project_get(f->cx, id, &got, &err), ZZ_ENOTFOUND);
    assert_string_equal(err.code, "project.not_found");
}

static void test_org__r0_3_personal_data_export(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    act_as(f, "admin.b");
    int64_t before = audit_count(f->cx);
    char *text = NULL;
    assert_int_equal(zz_org_export_personal(f->cx, f->org_b, &text, &err), 0);
    assert_int_equal(audit_count(f->cx), before + 1);
    json_error_t je;
    json_t *doc = json_loads(text, 0, &je);
    assert_non_null(doc);
    assert_string_equal(json_string_value(json_object_get(doc, "format")), "zizhi-personal-data");
    assert_string_equal(json_string_value(json_object_get(doc, "exported_on")), "2026-03-01");
    json_t *org = json_object_get(doc, "organisation");
    assert_string_equal(json_string_value(json_object_get(org, "uscc")), f->uscc_b);
    assert_string_equal(json_string_value(json_object_get(org, "contact_name")), "王芳");
    json_t *people = json_object_get(doc, "people");
    assert_int_equal(json_array_size(people), 1);
    json_t *p = json_array_get(people, 0);
    assert_string_equal(json_string_value(json_object_get(p, "name")), "赵敏");
    assert_string_equal(json_string_value(json_object_get(p, "cisp_number")), "CISP-B-0001");
    assert_string_equal(json_string_value(json_object_get(p, "cisp_valid_until")), "2027-01-01");
    assert_string_equal(json_string_value(json_object_get(p, "nda_signed_on")), "2024-01-02");
    json_t *accounts = json_object_get(doc, "accounts");
    assert_int_equal(json_array_size(accounts), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(accounts, 0), "username")),
                        "admin.b");
    assert_null(strstr(text, "argon2"));
    json_decref(doc);
    /* the log records who exported it and the digest of what was exported */
    zz_audit_entry *e = NULL;
    size_t n = 0;
    assert_int_equal(zz_audit_list(f->cx->st, 1, &e, &n, NULL), 0);
    assert_string_equal(e[0].action, "org.export_personal");
    assert_string_equal(e[0].actor, "admin.b");
    char sm3[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_sm3_hex(sm3, text, strlen(text), NULL), 0);
    assert_non_null(strstr(e[0].detail, sm3));
    zz_audit_list_free(e, n);
    free(text);
}

static void test_org__list_pages_with_total_and_query(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    const char *prefixes[] = {"91440300MA5FABCD3", "91440300MA5FABCE3", "91440300MA5FABCF3"};
    for (int i = 0; i < 3; i++) {
        char uscc[ZZ_USCC_LEN + 1], name[64];
        zz_uscc_make(uscc, prefixes[i], NULL);
        snprintf(name, sizeof name, "深圳测试%d有限公司", i);
        zz_org_in in = org_in(name, uscc);
        assert_int_equal(zz_org_create(f->cx, &in, NULL, NULL, NULL, &err), 0);
    }
    zz_org *list = NULL;
    size_t n = 0, total = 0;
    zz_org_page page = {.offset = 1, .limit = 2};
    assert_int_equal(zz_org_list(f->cx, &page, &list, &n, &total, &err), 0);
    assert_int_equal(total, 5);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].name, "乙公司");
    zz_org_list_free(list, n);
    page = (zz_org_page){.offset = 4, .limit = 10};
    assert_int_equal(zz_org_list(f->cx, &page, &list, &n, &total, &err), 0);
    assert_int_equal(n, 1);
    zz_org_list_free(list, n);
    page = (zz_org_page){.query = "深圳测试"};
    assert_int_equal(zz_org_list(f->cx, &page, &list, &n, &total, &err), 0);
    assert_int_equal(total, 3);
    zz_org_list_free(list, n);
    page = (zz_org_page){.query = "%"}; /* a wildcard matches only itself */
    assert_int_equal(zz_org_list(f->cx, &page, &list, &n, &total, &err), 0);
    assert_int_equal(total, 0);
    zz_org_list_free(list, n);
    page = (zz_org_page){.query = "MA1K4"};
    assert_int_equal(zz_org_list(f->cx, &page, &list, &n, &total, &err), 0);
    assert_int_equal(total, 1);
    assert_int_equal(list[0].id, f->org_b);
    zz_org_list_free(list, n);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_org__r1_2_invalid_uscc_refused),
        T(test_org__r1_2_duplicate_uscc_refused_after_normalising),
        T(test_org__r1_2_exception_reason_and_evidence_required),
        T(test_org__create_checks_email_and_role),
        T(test_org__r0_4_first_admin_account),
        T(test_org__r0_1_other_org_admin_gets_not_found),
        T(test_org__r0_1_member_reads_but_does_not_change),
        T(test_org__r0_2_body_roles_see_only_what_they_may),
        T(test_org__r1_2_uscc_change_only_by_sys_admin),
        T(test_org__r1_3_person_validation),
        T(test_org__r0_3_admin_corrects_and_deactivates_people),
        T(test_org__r1_3_project_validation),
        T(test_org__r0_3_personal_data_export),
        T(test_org__list_pages_with_total_and_query),
    };
    return cmocka_run_group_tests_name("org", tests, NULL, NULL);
}
