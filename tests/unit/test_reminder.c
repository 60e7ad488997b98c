/*
 * test_reminder.c — expiry reminders (src/core/reminder.c) on real certificates made
 * through the public actions (cert_fixture.h): a certificate issued 2024-09-01 expires 2027-08-31
 * so its reminders fall on 2026-11-30, 2027-01-31 and 2027-02-28 (month-end clamping).
 * Runs the day before, on the day and later; twice on one day; a catch-up that finds several steps
 * due (only the latest is sent, the earlier ones are skipped); suspended, revoked and expired
 * certificates; a maintenance application under way; who may run it; one audit entry per run.
 */
#include "cert_fixture.h"

#include "zizhi/outbox.h"
#include "zizhi/reminder.h"

/* issued 2024-09-01: the case is submitted 25 days before (fx_certificate) */
#define ISSUE_ON_SUBMIT D(2024, 8, 7)

static int64_t cert_a(fx *f, zz_cert *k)
{
    fx_certificate(f, "admin.a", ISSUE_ON_SUBMIT, k);
    assert_string_equal(k->issue_date, "2024-09-01");
    assert_string_equal(k->expiry_date, "2027-08-31");
    return k->id;
}

/* A run as the system on day d. OUT: the counts. */
static zz_reminder_run run_on(fx *f, zz_date d)
{
    fx_at(f, d);
    fx_as(f, NULL);
    zz_reminder_run r;
    FX_OK(zz_cert_queue_reminders_ex(f->cx, &r, err));
    return r;
}

static int64_t reminders_in_outbox(fx *f)
{
    return fx_count(f, "SELECT COUNT(*) FROM outbox WHERE purpose = 'reminder'");
}

static void test_reminder__r2_6_dates_for_expiry_2027_08_31(void **state)
{
    (void)state;
    zz_date r[ZZ_CERT_REMINDERS];
    zz_cert_reminder_dates(r, D(2027, 8, 31));
    assert_int_equal(zz_date_cmp(r[0], D(2026, 11, 30)), 0); /* 31 Nov does not exist */
    assert_int_equal(zz_date_cmp(r[1], D(2027, 1, 31)), 0);
    assert_int_equal(zz_date_cmp(r[2], D(2027, 2, 28)), 0); /* 2027 is a common year */
}

static void test_reminder__r2_6_day_before_on_the_day_and_once(void **state)
{
    fx *f = *state;
    zz_cert k;
    cert_a(f, &k);
    int64_t audit0 = fx_audit_count(f);

    zz_reminder_run r = run_on(f, D(2026, 11, 29)); /* the day before */
    assert_int_equal(r.n_queued, 0);
    assert_int_equal(reminders_in_outbox(f), 0);
    assert_int_equal(fx_audit_count(f), audit0 + 1); /* one entry per run, also an empty one */

    r = run_on(f, D(2026, 11, 30)); /* expiry - 9 months */
    assert_int_equal(r.n_queued, 1);
    assert_int_equal(r.n_skipped, 0);
    assert_int_equal(fx_audit_count(f), audit0 + 2);
    assert_int_equal(reminders_in_outbox(f), 1);

    /* the email: to the designated address, in Chinese, with the number and both dates */
    zz_outbox_msg *v = NULL;
    size_t n = 0;
    zz_outbox_filter flt = {0};
    flt.purpose = "reminder";
    FX_OK(zz_outbox_list(f->cx, &flt, &v, &n, err));
    assert_int_equal(n, 1);
    assert_string_equal(v[0].to_addr, "apply@jia.example.cn");
    assert_non_null(strstr(v[0].subject, "资质证书维持申请提醒"));
    assert_non_null(strstr(v[0].subject, k.number));
    assert_non_null(strstr(v[0].subject, "2027-08-31"));
    assert_non_null(strstr(v[0].body, "北京甲智能安全科技有限公司"));
    assert_non_null(strstr(v[0].body, "有效期至 2027-08-31"));
    assert_non_null(strstr(v[0].body, "不晚于 2027-02-28")); /* the last on-time day */
    assert_non_null(strstr(v[0].body, "届满前 9 个月"));
    assert_string_equal(v[0].ref_type, "cert");
    zz_outbox_list_free(v, n);

    /* twice on the same day, and the days after: nothing new */
    r = run_on(f, D(2026, 11, 30));
    assert_int_equal(r.n_queued, 0);
    r = run_on(f, D(2027, 1, 30));
    assert_int_equal(r.n_queued, 0);
    assert_int_equal(reminders_in_outbox(f), 1);

    r = run_on(f, D(2027, 1, 31)); /* expiry - 7 months */
    assert_int_equal(r.n_queued, 1);
    r = run_on(f, D(2027, 2, 27));
    assert_int_equal(r.n_queued, 0);
    r = run_on(f, D(2027, 2, 28)); /* expiry - 6 months */
    assert_int_equal(r.n_queued, 1);
    r = run_on(f, D(2027, 8, 31)); /* the last valid day: nothing left */
    assert_int_equal(r.n_queued, 0);
    assert_int_equal(reminders_in_outbox(f), 3);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM cert_reminders WHERE outcome = 'queued'"),
                     3);

    zz_cert_reminder *rows = NULL;
    FX_OK(zz_cert_reminder_list(f->cx, k.id, &rows, &n, err));
    assert_int_equal(n, 3);
    assert_int_equal(rows[0].step, 9);
    assert_string_equal(rows[0].due_on, "2026-11-30");
    assert_string_equal(rows[1].due_on, "2027-01-31");
    assert_string_equal(rows[2].due_on, "2027-02-28");
    assert_string_equal(rows[2].queued_on, "2027-02-28");
    assert_true(rows[2].outbox_id > 0);
    free(rows);
    zz_cert_clear(&k);
}

static void test_reminder__r2_6_catch_up_sends_only_the_latest_step(void **state)
{
    fx *f = *state;
    zz_cert k;
    cert_a(f, &k);
    /* the job did not run until after the 6-month date */
    zz_reminder_run r = run_on(f, D(2027, 3, 15));
    assert_int_equal(r.n_queued, 1);
    assert_int_equal(r.n_skipped, 2);
    assert_int_equal(reminders_in_outbox(f), 1);
    zz_outbox_msg *v = NULL;
    size_t n = 0;
    FX_OK(zz_outbox_list(f->cx, NULL, &v, &n, err));
    assert_non_null(strstr(v[n - 1].body, "届满前 6 个月"));
    zz_outbox_list_free(v, n);
    zz_cert_reminder *rows = NULL;
    FX_OK(zz_cert_reminder_list(f->cx, k.id, &rows, &n, err));
    assert_int_equal(n, 3);
    assert_string_equal(rows[0].outcome, "skipped");
    assert_int_equal(rows[0].outbox_id, 0);
    assert_string_equal(rows[1].outcome, "skipped");
    assert_string_equal(rows[2].outcome, "queued");
    free(rows);
    /* skipped steps are never sent later */
    r = run_on(f, D(2027, 3, 16));
    assert_int_equal(r.n_queued + r.n_skipped, 0);
    zz_cert_clear(&k);
}

static void test_reminder__r2_6_late_first_run_between_steps(void **state)
{
    fx *f = *state;
    zz_cert k;
    cert_a(f, &k);
    zz_reminder_run r = run_on(f, D(2027, 1, 5)); /* 9-month step due, 7-month not yet */
    assert_int_equal(r.n_queued, 1);
    assert_int_equal(r.n_skipped, 0);
    r = run_on(f, D(2027, 2, 28)); /* both later steps due: only the 6-month one, 7 skipped */
    assert_int_equal(r.n_queued, 1);
    assert_int_equal(r.n_skipped, 1);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM cert_reminders WHERE step = 7 AND"
                                 " outcome = 'skipped'"),
                     1);
    zz_cert_clear(&k);
}

static void test_reminder__r2_6_status_decides(void **state)
{
    fx *f = *state;
    zz_cert k;
    cert_a(f, &k);
    /* suspended: still reminded, a suspension does not bar maintenance */
    fx_at(f, D(2026, 10, 1));
    fx_as(f, "sup");
    int64_t sid = 0;
    FX_OK(zz_sanction_decide(f->cx, f->org_a, k.id, ZZ_SANCTION_SUSPENSION, "违规", "证据",
                             "暂停证书", (zz_date){0, 0, 0}, &sid, err));
    zz_reminder_run r = run_on(f, D(2026, 11, 30));
    assert_int_equal(r.n_queued, 1);
    /* revoked: nothing more */
    fx_at(f, D(2026, 12, 1));
    fx_as(f, "sup");
    FX_OK(zz_sanction_decide(f->cx, f->org_a, k.id, ZZ_SANCTION_REVOCATION, "严重违规", "证据",
                             "取消证书", (zz_date){0, 0, 0}, &sid, err));
    r = run_on(f, D(2027, 1, 31));
    assert_int_equal(r.n_queued, 0);
    assert_int_equal(r.n_checked, 0);
    assert_int_equal(reminders_in_outbox(f), 1);
    zz_cert_clear(&k);
}

static void test_reminder__r2_6_expired_certificate_is_not_reminded(void **state)
{
    fx *f = *state;
    zz_cert k;
    cert_a(f, &k);
    zz_reminder_run r = run_on(f, D(2027, 9, 1)); /* the day after expiry */
    assert_int_equal(r.n_queued, 0);
    assert_int_equal(r.n_checked, 0);
    zz_cert_clear(&k);
}

static void test_reminder__r2_6_maintenance_under_way_is_not_reminded(void **state)
{
    fx *f = *state;
    zz_cert k;
    cert_a(f, &k);
    /* the holder submits its maintenance application before the first reminder date */
    int64_t cid = fx_submitted_case(f, "admin.a", D(2026, 10, 8));
    zz_reminder_run r = run_on(f, D(2026, 11, 30));
    assert_int_equal(r.n_queued, 0);
    assert_int_equal(r.n_in_process, 1);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM cert_reminders"), 0);
    /* the application is withdrawn: the reminders resume with the latest due step */
    fx_at(f, D(2027, 1, 10));
    fx_as(f, "admin.a");
    FX_OK(zz_case_withdraw(f->cx, cid, "撤回", err));
    r = run_on(f, D(2027, 1, 10));
    assert_int_equal(r.n_queued, 1);
    assert_int_equal(r.n_in_process, 0);
    zz_cert_clear(&k);
}

static void test_reminder__r2_6_who_may_run(void **state)
{
    fx *f = *state;
    zz_cert k;
    cert_a(f, &k);
    fx_at(f, D(2026, 11, 30));
    fx_as(f, "admin.a");
    FX_REFUSED(f, zz_cert_queue_reminders(f->cx, NULL, err), ZZ_EPERM, "auth.role");
    fx_as(f, "certo");
    FX_REFUSED(f, zz_cert_queue_reminders(f->cx, NULL, err), ZZ_EPERM, "auth.role");
    assert_int_equal(reminders_in_outbox(f), 0);
    fx_as(f, "mgr");
    size_t n = 0;
    FX_OK(zz_cert_queue_reminders(f->cx, &n, err));
    assert_int_equal(n, 1);
    /* reading the record: not for applicants */
    fx_as(f, "admin.a");
    zz_cert_reminder *rows = NULL;
    zz_err e = ZZ_ERR_INIT;
    assert_int_equal(zz_cert_reminder_list(f->cx, 0, &rows, &n, &e), ZZ_EPERM);
    zz_cert_clear(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reminder__r2_6_dates_for_expiry_2027_08_31),
        cmocka_unit_test_setup_teardown(test_reminder__r2_6_day_before_on_the_day_and_once,
                                        fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_reminder__r2_6_catch_up_sends_only_the_latest_step,
                                        fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_reminder__r2_6_late_first_run_between_steps, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_reminder__r2_6_status_decides, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_reminder__r2_6_expired_certificate_is_not_reminded,
                                        fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_reminder__r2_6_maintenance_under_way_is_not_reminded,
                                        fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_reminder__r2_6_who_may_run, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests_name("reminder", tests, NULL, NULL);
}
