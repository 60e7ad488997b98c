/*
 * test_pubdoc.c — public documents (src/core/pubdoc.c): kinds by code and Chinese name;
 * publishing by sys_admin only, audited, with the blob checked and the name sanitised;
 * versions kept and never changed (a taken version is refused and writes nothing); the current
 * version is the latest date on or before today (ties: the later publication), a version dated
 * later becomes current on its date and is hidden from the public until then; the contact
 * details fall back to the guide's section 十.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "zizhi/audit.h"
#include "zizhi/blob.h"
#include "zizhi/ctx.h"
#include "zizhi/pubdoc.h"
#include "zizhi/user.h"

#define D(y, m, d) ZZ_DATE(y, m, d)

typedef struct fx {
    char dir[64];
    zz_ctx *cx;
    char guide1[ZZ_SM3_HEXLEN + 1], guide2[ZZ_SM3_HEXLEN + 1], faq[ZZ_SM3_HEXLEN + 1];
} fx;

static int rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static int setup(void **state)
{
    setenv("ZIZHI_PW_FAST", "1", 1);
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/zz-test-pubdoc-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    zz_err err = ZZ_ERR_INIT;
    if (zz_ctx_open(&f->cx, f->dir, "catalog", zz_clock_fixed(D(2026, 6, 15)), &err) < 0) return -1;
    const char *users[][2] = {{"sysadm", "sys_admin"}, {"mgr", "manager"}};
    for (int i = 0; i < 2; i++) {
        zz_user_new in = {.username = users[i][0], .display_name = users[i][0]};
        int r = zz_role_parse(users[i][1]);
        if (r < 0 || zz_user_create(f->cx, &in, NULL, &err) < 0 ||
            zz_user_grant(f->cx, users[i][0], (zz_role)r, &err) < 0)
            return -1;
    }
    const char *g1 = "信息安全服务资质申请与维持指南（人工智能安全类一级）2026.06\n";
    const char *g2 = "信息安全服务资质申请与维持指南（人工智能安全类一级）2026.12\n";
    const char *q = "常见问题解答\n";
    if (zz_blob_put(f->guide1, f->dir, g1, strlen(g1), &err) < 0 ||
        zz_blob_put(f->guide2, f->dir, g2, strlen(g2), &err) < 0 ||
        zz_blob_put(f->faq, f->dir, q, strlen(q), &err) < 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    zz_ctx_close(f->cx);
    nftw(f->dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return 0;
}

static int64_t count(fx *f, const char *sql)
{
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(zz_store__db(f->cx->st), sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

static void as(fx *f, const char *user)
{
    if (!user) {
        zz_ctx_act_as_system(f->cx);
        return;
    }
    assert_int_equal(zz_ctx_act_as(f->cx, user, NULL), ZZ_OK);
}

/* The anonymous public: no account, no role (as zizhid's public routes). */
static void as_public(fx *f)
{
    memset(&f->cx->actor, 0, sizeof f->cx->actor);
    f->cx->actor.user_id = -1;
    snprintf(f->cx->actor.username, sizeof f->cx->actor.username, "anonymous");
}

static void at(fx *f, zz_date d)
{
    int64_t now = f->cx->clock.now_usec;
    f->cx->clock = zz_clock_fixed(d);
    if (f->cx->clock.now_usec <= now) f->cx->clock.now_usec = now + 1;
}

static int64_t publish(fx *f, zz_pubdoc_kind k, const char *version, zz_date d, const char *hex,
                       const char *name)
{
    zz_err err = ZZ_ERR_INIT;
    int64_t id = 0;
    int rc = zz_pubdoc_publish(f->cx, k, version, d, hex, name, "text/plain", &id, &err);
    if (rc != ZZ_OK) fail_msg("publish: %s: %s", err.code, err.message);
    return id;
}

static void test_pubdoc__r2_7_kinds(void **state)
{
    (void)state;
    zz_pubdoc_kind k;
    assert_int_equal(zz_pubdoc_kind_parse(&k, "guide", NULL), ZZ_OK);
    assert_int_equal(k, ZZ_PUBDOC_GUIDE);
    assert_int_equal(zz_pubdoc_kind_parse(&k, "常见问题解答", NULL), ZZ_OK);
    assert_int_equal(k, ZZ_PUBDOC_FAQ);
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_pubdoc_kind_parse(&k, "manual", &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.pubdoc_kind");
    assert_string_equal(zz_pubdoc_kind_name_zh(ZZ_PUBDOC_CRITERIA), "评估准则");
    assert_string_equal(zz_pubdoc_kind_code(ZZ_PUBDOC_CONTACTS), "contacts");
    assert_non_null(strstr(zz_pubdoc_contacts_text(), "010-82341582"));
}

static void test_pubdoc__r2_7_contacts_default_to_the_guide(void **state)
{
    fx *f = *state;
    as_public(f);
    zz_pubdoc *v = NULL;
    size_t n = 0;
    assert_int_equal(zz_pubdoc_list_current(f->cx, &v, &n, NULL), ZZ_OK);
    assert_int_equal(n, 1); /* nothing published yet: only the built-in contact details */
    assert_int_equal(v[0].kind, ZZ_PUBDOC_CONTACTS);
    assert_true(v[0].builtin);
    assert_int_equal(v[0].id, 0);
    free(v);
}

static void test_pubdoc__r2_7_publish_is_sys_admin_and_audited(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    int64_t audit0 = 0;
    char head[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_audit_head(f->cx->st, &audit0, head, NULL), ZZ_OK);
    as(f, "mgr");
    assert_int_equal(zz_pubdoc_publish(f->cx, ZZ_PUBDOC_GUIDE, "2026.06", D(2026, 6, 1), f->guide1,
                                       "guide.txt", "text/plain", NULL, &err),
                     ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    as_public(f);
    assert_int_equal(zz_pubdoc_publish(f->cx, ZZ_PUBDOC_GUIDE, "2026.06", D(2026, 6, 1), f->guide1,
                                       "guide.txt", "text/plain", NULL, &err),
                     ZZ_EPERM);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM public_documents"), 0);

    as(f, "sysadm");
    int64_t id = publish(f, ZZ_PUBDOC_GUIDE, "2026.06", D(2026, 6, 1), f->guide1,
                         "../../申请与维持指南 2026.txt");
    int64_t audit1 = 0;
    assert_int_equal(zz_audit_head(f->cx->st, &audit1, head, NULL), ZZ_OK);
    assert_int_equal(audit1, audit0 + 1);
    zz_pubdoc d;
    assert_int_equal(zz_pubdoc_get(f->cx, id, &d, NULL), ZZ_OK);
    assert_string_equal(d.filename, "申请与维持指南 2026.txt"); /* no path in the name */
    assert_string_equal(d.published_by, "sysadm");
    assert_string_equal(d.doc_date, "2026-06-01");
    assert_int_equal(d.size, (int64_t)strlen("信息安全服务资质申请与维持指南（人工智能安全类一级）"
                                             "2026.06\n"));

    /* a taken version: refused, nothing written (versions never change) */
    assert_int_equal(zz_pubdoc_publish(f->cx, ZZ_PUBDOC_GUIDE, "2026.06", D(2026, 6, 2), f->guide2,
                                       "x.txt", "text/plain", NULL, &err),
                     ZZ_EEXISTS);
    assert_string_equal(err.code, "pubdoc.version_exists");
    assert_int_equal(count(f, "SELECT COUNT(*) FROM public_documents"), 1);
    /* the same version label of another kind is another document */
    publish(f, ZZ_PUBDOC_FAQ, "2026.06", D(2026, 6, 1), f->faq, "faq.txt");

    /* inputs */
    char missing[ZZ_SM3_HEXLEN + 1];
    memset(missing, 'a', ZZ_SM3_HEXLEN);
    missing[ZZ_SM3_HEXLEN] = '\0';
    assert_int_equal(zz_pubdoc_publish(f->cx, ZZ_PUBDOC_FORM, "1", D(2026, 6, 1), missing, "f",
                                       NULL, NULL, &err),
                     ZZ_ENOTFOUND);
    assert_string_equal(err.code, "store.blob_missing");
    assert_int_equal(
        zz_pubdoc_publish(f->cx, ZZ_PUBDOC_FORM, "1", D(2026, 6, 1), "xyz", "f", NULL, NULL, &err),
        ZZ_EINVAL);
    assert_string_equal(err.code, "input.digest");
    assert_int_equal(
        zz_pubdoc_publish(f->cx, ZZ_PUBDOC_FORM, " ", D(2026, 6, 1), f->faq, "f", NULL, NULL, &err),
        ZZ_EINVAL);
    assert_string_equal(err.code, "input.version");
    assert_int_equal(zz_pubdoc_publish(f->cx, ZZ_PUBDOC_FORM, "1", D(2026, 2, 30), f->faq, "f",
                                       NULL, NULL, &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "input.date");
    assert_int_equal(zz_pubdoc_publish(f->cx, ZZ_PUBDOC_FORM, "1", D(2026, 6, 1), f->faq, "f",
                                       "text/<html>", NULL, &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "input.mime");
    assert_int_equal(count(f, "SELECT COUNT(*) FROM public_documents"), 2);
}

static void test_pubdoc__r2_7_current_is_the_latest_date_not_after_today(void **state)
{
    fx *f = *state;
    as(f, "sysadm");
    at(f, D(2026, 6, 15));
    int64_t g1 = publish(f, ZZ_PUBDOC_GUIDE, "2026.06", D(2026, 6, 1), f->guide1, "guide-1.txt");
    /* published today, dated later: current from its date on */
    int64_t g2 = publish(f, ZZ_PUBDOC_GUIDE, "2026.12", D(2026, 12, 1), f->guide2, "guide-2.txt");
    /* an older version published afterwards does not displace the current one */
    publish(f, ZZ_PUBDOC_GUIDE, "2025.01", D(2025, 1, 1), f->guide1, "guide-0.txt");
    int64_t c1 = publish(f, ZZ_PUBDOC_CONTACTS, "a", D(2026, 6, 10), f->faq, "contacts-a.txt");
    int64_t c2 = publish(f, ZZ_PUBDOC_CONTACTS, "b", D(2026, 6, 10), f->faq, "contacts-b.txt");
    (void)c1;

    as_public(f);
    zz_pubdoc *v = NULL;
    size_t n = 0;
    assert_int_equal(zz_pubdoc_list_current(f->cx, &v, &n, NULL), ZZ_OK);
    assert_int_equal(n, 2); /* guide, contacts (kind order) */
    assert_int_equal(v[0].kind, ZZ_PUBDOC_GUIDE);
    assert_int_equal(v[0].id, g1);
    assert_string_equal(v[0].doc_date, "2026-06-01");
    assert_int_equal(v[1].kind, ZZ_PUBDOC_CONTACTS);
    assert_int_equal(v[1].id, c2); /* same date: the later publication */
    assert_false(v[1].builtin);
    free(v);

    /* the future version is not public yet: history and get hide it from the public */
    assert_int_equal(zz_pubdoc_history(f->cx, ZZ_PUBDOC_GUIDE, &v, &n, NULL), ZZ_OK);
    assert_int_equal(n, 2);
    assert_string_equal(v[0].version, "2026.06");
    assert_string_equal(v[1].version, "2025.01");
    free(v);
    zz_pubdoc d;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_pubdoc_get(f->cx, g2, &d, &err), ZZ_ENOTFOUND);
    assert_string_equal(err.code, "pubdoc.not_found");
    as(f, "sysadm");
    assert_int_equal(zz_pubdoc_history(f->cx, ZZ_PUBDOC_GUIDE, &v, &n, NULL), ZZ_OK);
    assert_int_equal(n, 3);
    assert_string_equal(v[0].version, "2026.12");
    free(v);

    /* on 2026-11-30 still the June version; on 2026-12-01 the December one */
    as_public(f);
    at(f, D(2026, 11, 30));
    assert_int_equal(zz_pubdoc_list_current(f->cx, &v, &n, NULL), ZZ_OK);
    assert_int_equal(v[0].id, g1);
    free(v);
    at(f, D(2026, 12, 1));
    assert_int_equal(zz_pubdoc_list_current(f->cx, &v, &n, NULL), ZZ_OK);
    assert_int_equal(v[0].id, g2);
    assert_string_equal(v[0].filename, "guide-2.txt");
    free(v);
    assert_int_equal(zz_pubdoc_get(f->cx, g2, &d, NULL), ZZ_OK);
    /* an earlier version stays downloadable */
    assert_int_equal(zz_pubdoc_get(f->cx, g1, &d, NULL), ZZ_OK);
    assert_string_equal(d.digest, f->guide1);
}

static void test_pubdoc__r2_7_versions_never_change(void **state)
{
    fx *f = *state;
    as(f, "sysadm");
    publish(f, ZZ_PUBDOC_CRITERIA, "1.0", D(2026, 6, 1), f->faq, "c.txt");
    sqlite3 *db = zz_store__db(f->cx->st);
    assert_int_not_equal(
        sqlite3_exec(db, "UPDATE public_documents SET version = '9'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM public_documents", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM public_documents WHERE version = '1.0'"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pubdoc__r2_7_kinds),
        cmocka_unit_test_setup_teardown(test_pubdoc__r2_7_contacts_default_to_the_guide, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_pubdoc__r2_7_publish_is_sys_admin_and_audited, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_pubdoc__r2_7_current_is_the_latest_date_not_after_today, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pubdoc__r2_7_versions_never_change, setup, teardown),
    };
    return cmocka_run_group_tests_name("pubdoc", tests, NULL, NULL);
}
