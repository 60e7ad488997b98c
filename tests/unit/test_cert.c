/*
 * test_cert.c — certificates and batches (src/core/cert.c, src/store/cert_store.c): numbering
 * from the pattern, never reused across batches, years and pattern changes; expiry and
 * the case closed on the issue date; the signed record with the audit head
 * and tampering detected; supersession by a maintenance certificate;
 * the public registry (published only, every status, no reasons; a page's statuses equal the
 * one-certificate path's); visibility; every
 * refusal with its code and nothing written. Cases are driven through every stage with the
 * public actions (cert_fixture.h).
 */
#include "cert_fixture.h"

#include <jansson.h>

/* ---- pure: the number pattern (R-3.6) -------------------------------------------------------- */

static void test_cert__r3_6_number_pattern_tokens(void **state)
{
    (void)state;
    char b[64];
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_cert_number_format(b, sizeof b, ZZ_CERT_NUMBER_PATTERN_DEFAULT,
                                           "ai-security", NULL, 1, 2026, 1, &err),
                     ZZ_OK);
    assert_string_equal(b, "CNITSEC2026AIS1-0001");
    assert_int_equal(zz_cert_number_format(b, sizeof b, "{cat}/{level}/{year}/{seq6}",
                                           "ai-security", NULL, 2, 2027, 42, &err),
                     ZZ_OK);
    assert_string_equal(b, "ai-security/2/2027/000042");
    assert_int_equal(zz_cert_number_format(b, sizeof b, "Z{CAT}{seq}", "ai-security", "AI", 1, 2026,
                                           12345, &err),
                     ZZ_OK);
    assert_string_equal(b, "ZAI12345");
    static const char *const bad[] = {"CNITSEC{year}", "X{seq4", "X}{seq4}", "X<seq4>",
                                      "X{nope}{seq4}", "",       "{}{seq4}", NULL};
    for (const char *const *p = bad; *p; p++) {
        zz_err_clear(&err);
        assert_int_equal(
            zz_cert_number_format(b, sizeof b, *p, "ai-security", NULL, 1, 2026, 1, &err),
            ZZ_EINVAL);
        assert_string_equal(err.code, "cert.number_pattern");
    }
    /* longer than 40 characters */
    assert_int_equal(zz_cert_number_format(b, sizeof b,
                                           "CNITSEC-INFORMATION-SECURITY-SERVICE-{year}-{seq9}",
                                           "ai-security", NULL, 1, 2026, 1, &err),
                     ZZ_EINVAL);
    assert_string_equal(err.code, "cert.number_pattern");
}

/* ---- issue: numbers, expiry, closing (R-3.6, R-4.1, R-3.7) ----------------------------------- */

static void test_cert__r3_6_numbers_never_reused_across_batches_and_years(void **state)
{
    fx *f = *state;
    /* two cases of 2026 in two batches, one of 2027: the counter runs per year, never back */
    int64_t c1 = fx_approved_case(f, "admin.a", D(2026, 1, 5));
    int64_t c2 = fx_approved_case(f, "admin.b", D(2026, 2, 2));
    fx_batch(f, &c1, 1, D(2026, 2, 27), true);
    /* a refused issue consumes no number: the transaction (counter included) is rolled back */
    fx_at(f, D(2026, 2, 28));
    fx_as(f, "certo");
    int64_t b2 = 0;
    FX_OK(zz_batch_create(f->cx, &b2, err));
    FX_OK(zz_batch_add(f->cx, b2, c2, err));
    FX_REFUSED(f, zz_batch_issue(f->cx, b2, D(2026, 3, 1), err), ZZ_EINVAL, "input.date");
    FX_OK(zz_batch_issue(f->cx, b2, D(2026, 2, 28), err));
    zz_cert k1, k2, k3;
    fx_case_cert(f, c1, &k1);
    fx_case_cert(f, c2, &k2);
    assert_string_equal(k1.number, "CNITSEC2026T1-0001");
    assert_string_equal(k2.number, "CNITSEC2026T1-0002");
    zz_batch bt1, bt2;
    fx_as(f, "certo");
    FX_OK(zz_batch_get(f->cx, k1.batch_id, &bt1, err));
    FX_OK(zz_batch_get(f->cx, b2, &bt2, err));
    assert_string_equal(bt1.number, "B2026-001");
    assert_string_equal(bt2.number, "B2026-002");
    assert_string_equal(bt2.status, "issued");
    assert_int_equal(bt2.n_certs, 1);

    /* 2027: the year's own sequence */
    int64_t c3 = fx_approved_case(f, "admin.b", D(2026, 12, 14));
    fx_batch(f, &c3, 1, D(2027, 1, 8), false);
    fx_case_cert(f, c3, &k3);
    assert_string_equal(k3.number, "CNITSEC2027T1-0001");

    assert_int_equal(fx_count(f, "SELECT COUNT(DISTINCT number) FROM certificates"), 3);
    zz_cert_clear(&k1);
    zz_cert_clear(&k2);
    zz_cert_clear(&k3);
}

/* A pattern without the year, whose counter starts again each year: the number the new year's
 * counter gives first is already taken, and is skipped (R-3.6: never reused). No settings API
 * exists yet: the configuration row is written as sys_admin's configuration would be. */
static void test_cert__r3_6_taken_number_is_skipped(void **state)
{
    fx *f = *state;
    fx_sql(f, "INSERT INTO settings (key, value) VALUES ('cert.number_pattern', "
              "'CNITSEC{CAT}{level}-{seq4}')");
    int64_t c1 = fx_approved_case(f, "admin.a", D(2026, 1, 5));
    fx_batch(f, &c1, 1, D(2026, 1, 30), false);
    int64_t c2 = fx_approved_case(f, "admin.b", D(2026, 12, 1));
    fx_batch(f, &c2, 1, D(2027, 1, 4), false);
    zz_cert k1, k2;
    fx_case_cert(f, c1, &k1);
    fx_case_cert(f, c2, &k2);
    assert_string_equal(k1.number, "CNITSECT1-0001");
    assert_string_equal(k2.number, "CNITSECT1-0002");
    zz_cert_clear(&k1);
    zz_cert_clear(&k2);
}

static void test_cert__r4_1_expiry_and_case_closed_on_issue_date(void **state)
{
    fx *f = *state;
    /* issued 2028-02-29 (a leap day) → valid until 2031-02-28 */
    int64_t cid = fx_approved_case(f, "admin.a", D(2028, 2, 1));
    fx_at(f, D(2028, 3, 2));
    fx_batch(f, &cid, 1, D(2028, 2, 29), true);
    zz_cert k;
    fx_case_cert(f, cid, &k);
    assert_string_equal(k.issue_date, "2028-02-29");
    assert_string_equal(k.expiry_date, "2031-02-28");
    assert_string_equal(k.category, "test");
    assert_int_equal(k.level, 1);
    assert_string_equal(k.org_name, "北京甲智能安全科技有限公司");
    assert_string_equal(k.uscc, f->uscc_a);
    assert_true(k.published);
    assert_int_equal(k.status, ZZ_CERT_VALID);
    zz_case c;
    FX_OK(zz_case__load(f->cx, cid, &c, err));
    assert_string_equal(c.stage, "certification");
    assert_string_equal(c.state, "certified");
    assert_string_equal(c.close_reason, "certified");
    assert_string_equal(c.closed_on, "2028-02-29"); /* the cycle clock stops */
    assert_string_equal(k.case_number, c.number);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'cert.issue'"), 1);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'case.certify'"),
                     1);
    /* status on the edges: valid on the last day, expired the day after */
    fx_at(f, D(2031, 2, 28));
    assert_int_equal(fx_public_status(f, k.number), ZZ_CERT_VALID);
    fx_at(f, D(2031, 3, 1));
    assert_int_equal(fx_public_status(f, k.number), ZZ_CERT_EXPIRED);
    zz_cert_clear(&k);
}

/* ---- the signed record (R-4.3, R-8.4) -------------------------------------------------------- */

static void test_cert__r4_3_signature_verifies_and_tampering_fails(void **state)
{
    fx *f = *state;
    zz_cert k;
    fx_certificate(f, "admin.a", D(2026, 1, 5), &k);
    FX_OK(zz_cert_verify_record(f->cx, k.record, k.signature, err));
    json_t *r = json_loads(k.record, 0, NULL);
    assert_non_null(r);
    assert_string_equal(json_string_value(json_object_get(r, "number")), k.number);
    assert_string_equal(json_string_value(json_object_get(r, "organisation")), k.org_name);
    assert_string_equal(json_string_value(json_object_get(r, "uscc")), f->uscc_a);
    assert_string_equal(json_string_value(json_object_get(r, "expiry_date")), k.expiry_date);
    assert_string_equal(json_string_value(json_object_get(r, "format")), "zizhi-certificate");
    /* the chain head at issue is inside the record, and is the entry it names */
    json_t *a = json_object_get(r, "audit");
    assert_int_equal(json_integer_value(json_object_get(a, "count")), k.audit_count);
    assert_string_equal(json_string_value(json_object_get(a, "head")), k.audit_head);
    assert_true(k.audit_count > 0);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM audit_log WHERE seq = %lld AND digest = '%s'",
             (long long)k.audit_count, k.audit_head);
    assert_int_equal(fx_count(f, sql), 1);
    json_decref(r);

    zz_cert_verification v;
    FX_OK(zz_cert_public_verify(f->cx, k.number, &v, err));
    assert_true(v.signature_ok);
    assert_true(v.record_matches);
    assert_int_equal(v.cert.status, ZZ_CERT_VALID);

    /* a record altered by one character no longer verifies */
    char *bad = strdup(k.record);
    char *p = strstr(bad, "\"level\":1");
    assert_non_null(p);
    p[8] = '2';
    zz_err e2 = ZZ_ERR_INIT;
    assert_int_equal(zz_cert_verify_record(f->cx, bad, k.signature, &e2), ZZ_ECRYPTO);
    assert_string_equal(e2.code, "crypto.bad_signature");
    free(bad);

    /* tampering in the database, as an intruder would: the trigger refuses the change ... */
    zz_err e3 = ZZ_ERR_INIT;
    assert_int_equal(
        zz_store__exec(f->cx->st, "UPDATE certificates SET expiry_date = '2099-12-31'", &e3),
        ZZ_ECONFLICT);
    assert_string_equal(e3.code, "cert.immutable");
    /* ... so the intruder drops it: a changed printed fact no longer matches the signed record */
    fx_sql(f, "DROP TRIGGER certificates_fixed");
    fx_sql(f, "UPDATE certificates SET expiry_date = '2099-12-31'");
    FX_OK(zz_cert_public_verify(f->cx, k.number, &v, err));
    assert_true(v.signature_ok);
    assert_false(v.record_matches);
    /* and a rewritten record fails its signature */
    fx_sql(f, "UPDATE certificates SET record = replace(record, '2029', '2099')");
    FX_OK(zz_cert_public_verify(f->cx, k.number, &v, err));
    assert_false(v.signature_ok);
    zz_cert_clear(&k);
}

/* ---- supersession (R-4.2 default) ------------------------------------------------------------ */

static void test_cert__r4_2_maintenance_certificate_supersedes_on_its_issue_date(void **state)
{
    fx *f = *state;
    zz_cert k1, k2;
    fx_certificate(f, "admin.a", D(2026, 1, 5), &k1); /* issued 2026-01-30, expires 2029-01-29 */
    assert_string_equal(k1.issue_date, "2026-01-30");
    /* a maintenance application on time (R-2.4: by expiry - 6 months = 2028-07-29) */
    int64_t c2 = fx_approved_case(f, "admin.a", D(2028, 6, 1));
    zz_dossier *d = NULL;
    zz_case c;
    FX_OK(zz_case__load(f->cx, c2, &c, err));
    fx_as(f, "mgr");
    FX_OK(zz_dossier_get(f->cx, c.dossier_id, &d, err));
    assert_string_equal(d->app_type, "maintenance");
    zz_dossier_free(d);
    /* a certificate of another holder is not touched */
    zz_cert kb;
    fx_certificate(f, "admin.b", D(2026, 3, 2), &kb);
    fx_batch(f, &c2, 1, D(2028, 6, 26), true);
    fx_case_cert(f, c2, &k2);
    zz_cert old;
    fx_as(f, "mgr");
    FX_OK(zz_cert_get(f->cx, k1.id, &old, err));
    assert_string_equal(old.superseded_on, "2028-06-26");
    assert_int_equal(old.superseded_by, k2.id);
    assert_string_equal(old.superseded_by_number, k2.number);
    assert_int_equal(old.status, ZZ_CERT_SUPERSEDED);
    zz_cert_clear(&old);
    FX_OK(zz_cert_get(f->cx, kb.id, &old, err));
    assert_string_equal(old.superseded_on, "");
    assert_int_equal(old.status, ZZ_CERT_VALID);
    zz_cert_clear(&old);
    /* derived from the dates: valid the day before the successor's issue, superseded on it */
    zz_cert_facts facts;
    zz_cert_suspension *susp = NULL;
    zz_cert_status st;
    FX_OK(zz_cert__facts(f->cx, k1.id, &facts, &susp, err));
    FX_OK(zz_cert_status_on(&st, &facts, D(2028, 6, 25), err));
    assert_int_equal(st, ZZ_CERT_VALID);
    FX_OK(zz_cert_status_on(&st, &facts, D(2028, 6, 26), err));
    assert_int_equal(st, ZZ_CERT_SUPERSEDED);
    free(susp);
    /* the registry shows it superseded, naming the successor, without reasons */
    zz_cert_public *pv = NULL;
    size_t n = 0;
    int64_t total = 0;
    FX_OK(zz_cert_public_search(f->cx, k1.number, 0, 0, &pv, &n, &total, err));
    assert_int_equal(n, 1);
    assert_int_equal(pv[0].status, ZZ_CERT_SUPERSEDED);
    assert_string_equal(pv[0].superseded_by_number, k2.number);
    free(pv);
    assert_int_equal(fx_public_status(f, k2.number), ZZ_CERT_VALID);
    zz_cert_clear(&k1);
    zz_cert_clear(&k2);
    zz_cert_clear(&kb);
}

/* ---- the public registry (R-4.2) ------------------------------------------------------------- */

static void test_cert__r4_2_registry_published_only_every_status_no_reasons(void **state)
{
    fx *f = *state;
    zz_cert ka, kb;
    fx_certificate(f, "admin.a", D(2026, 1, 5), &ka);
    int64_t cb = fx_approved_case(f, "admin.b", D(2026, 2, 2));
    int64_t bb = fx_batch(f, &cb, 1, D(2026, 2, 27), false); /* issued, not yet published */
    fx_case_cert(f, cb, &kb);
    assert_false(kb.published);

    /* anyone: here an applicant of another organisation, then no account at all */
    fx_as(f, "admin.b");
    zz_cert_public *pv = NULL;
    size_t n = 0;
    int64_t total = 0;
    FX_OK(zz_cert_public_search(f->cx, NULL, 0, 0, &pv, &n, &total, err));
    assert_int_equal(n, 1);
    assert_int_equal(total, 1);
    assert_string_equal(pv[0].number, ka.number);
    free(pv);
    fx_as(f, NULL);
    zz_cert_verification v;
    FX_REFUSED(f, zz_cert_public_verify(f->cx, kb.number, &v, err), ZZ_ENOTFOUND, "cert.not_found");
    /* by number, by organisation name substring, by USCC; a LIKE wildcard is literal */
    static const char *const hits[] = {"甲智能", "北京甲", NULL};
    for (const char *const *q = hits; *q; q++) {
        FX_OK(zz_cert_public_search(f->cx, *q, 0, 0, &pv, &n, &total, err));
        assert_int_equal(n, 1);
        free(pv);
    }
    FX_OK(zz_cert_public_search(f->cx, ka.number, 0, 0, &pv, &n, &total, err));
    assert_int_equal(n, 1);
    free(pv);
    FX_OK(zz_cert_public_search(f->cx, f->uscc_a, 0, 0, &pv, &n, &total, err));
    assert_int_equal(n, 1);
    free(pv);
    FX_OK(zz_cert_public_search(f->cx, "%", 0, 0, &pv, &n, &total, err));
    assert_int_equal(n, 0);
    free(pv);
    FX_OK(zz_cert_public_search(f->cx, "乙", 0, 0, &pv, &n, &total, err));
    assert_int_equal(n, 0); /* 乙's certificate is not published */
    free(pv);

    /* published: it appears */
    fx_as(f, "certo");
    fx_at(f, D(2026, 3, 2));
    FX_OK(zz_batch_publish(f->cx, bb, D(2026, 3, 2), err));
    fx_as(f, NULL);
    FX_OK(zz_cert_public_search(f->cx, NULL, 0, 0, &pv, &n, &total, err));
    assert_int_equal(n, 2);
    free(pv);

    /* suspended and revoked show as such, with the reasons nowhere in the public view */
    fx_as(f, "sup");
    fx_at(f, D(2026, 3, 10));
    FX_OK(zz_sanction_decide(f->cx, f->org_a, ka.id, ZZ_SANCTION_SUSPENSION,
                             "超范围开展服务（机密违规事实）", "现场检查记录", "暂停证书三个月",
                             ZZ_NO_DATE, NULL, err));
    FX_OK(zz_sanction_decide(f->cx, f->org_b, kb.id, ZZ_SANCTION_REVOCATION,
                             "以欺骗手段取得资质（机密违规事实）", "调查报告", "取消证书",
                             ZZ_NO_DATE, NULL, err));
    fx_as(f, NULL);
    FX_OK(zz_cert_public_search(f->cx, NULL, 0, 0, &pv, &n, &total, err));
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(pv[i].number, ka.number) == 0)
            assert_int_equal(pv[i].status, ZZ_CERT_SUSPENDED);
        else
            assert_int_equal(pv[i].status, ZZ_CERT_REVOKED);
        /* nothing of a decision leaks into what the public sees */
        const unsigned char *b = (const unsigned char *)&pv[i];
        for (size_t k = 0; k + 6 <= sizeof pv[i]; k++)
            assert_true(memcmp(b + k, "机密", 6) != 0);
    }
    free(pv);
    FX_OK(zz_cert_public_verify(f->cx, ka.number, &v, err));
    assert_int_equal(v.cert.status, ZZ_CERT_SUSPENDED);
    assert_true(v.signature_ok);
    /* paging */
    FX_OK(zz_cert_public_search(f->cx, NULL, 1, 1, &pv, &n, &total, err));
    assert_int_equal(n, 1);
    assert_int_equal(total, 2);
    free(pv);
    zz_cert_clear(&ka);
    zz_cert_clear(&kb);
}

/* ---- statuses of a page (R-4.2) ------------------------------------------------------------- */

/* Checks every row of the registry and of the signed-in list, whose decisions are read with the
 * page in one statement, against the one-certificate path and the expected status. */
static void fx_check_page(fx *f, const zz_cert *ka, zz_cert_status a, zz_cert_status b)
{
    size_t n = 0, n_susp = (a == ZZ_CERT_SUSPENDED) + (b == ZZ_CERT_SUSPENDED);
    int64_t total = 0;
    zz_cert_public *pv = NULL;
    fx_as(f, NULL);
    FX_OK(zz_cert_public_search(f->cx, NULL, 0, 0, &pv, &n, &total, err));
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(pv[i].status, strcmp(pv[i].number, ka->number) == 0 ? a : b);
        assert_int_equal(pv[i].status, fx_public_status(f, pv[i].number));
    }
    free(pv);
    fx_as(f, "mgr");
    zz_cert *v = NULL, one;
    zz_cert_filter flt = {0};
    FX_OK(zz_cert_list(f->cx, &flt, &v, &n, &total, err));
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(v[i].status, v[i].id == ka->id ? a : b);
        FX_OK(zz_cert_get(f->cx, v[i].id, &one, err));
        assert_int_equal(v[i].status, one.status);
        assert_string_equal(v[i].status_on, one.status_on);
        zz_cert_clear(&one);
    }
    zz_cert_list_free(v, n);
    flt.status = "suspended"; /* filtered after deriving, then paged */
    FX_OK(zz_cert_list(f->cx, &flt, &v, &n, &total, err));
    assert_int_equal(n, n_susp);
    assert_int_equal(total, n_susp);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(v[i].status, ZZ_CERT_SUSPENDED);
    zz_cert_list_free(v, n);
}

/* Two suspensions of one certificate (the first lifted) and a lifted one of another: every row of
 * a page gets its own decisions, suspended up to the day before lifting, valid on that day. */
static void test_cert__r4_2_page_statuses_match_single_reads(void **state)
{
    fx *f = *state;
    zz_cert ka, kb;
    fx_certificate(f, "admin.a", D(2026, 1, 5), &ka);
    fx_certificate(f, "admin.b", D(2026, 1, 5), &kb);
    int64_t s1 = 0, s2 = 0;
    fx_as(f, "sup");
    fx_at(f, D(2026, 3, 10));
    FX_OK(zz_sanction_decide(f->cx, f->org_a, ka.id, ZZ_SANCTION_SUSPENSION, "超范围开展服务",
                             "现场检查记录", "暂停证书", ZZ_NO_DATE, &s1, err));
    FX_OK(zz_sanction_decide(f->cx, f->org_b, kb.id, ZZ_SANCTION_SUSPENSION, "超范围开展服务",
                             "现场检查记录", "暂停证书", ZZ_NO_DATE, &s2, err));
    fx_at(f, D(2026, 3, 20));
    FX_OK(zz_sanction_lift(f->cx, s1, D(2026, 3, 20), err));
    FX_OK(zz_sanction_lift(f->cx, s2, D(2026, 3, 20), err));
    fx_at(f, D(2026, 4, 1));
    FX_OK(zz_sanction_decide(f->cx, f->org_a, ka.id, ZZ_SANCTION_SUSPENSION, "再次违规",
                             "现场检查记录", "暂停证书", ZZ_NO_DATE, NULL, err));
    fx_check_page(f, &ka, ZZ_CERT_SUSPENDED, ZZ_CERT_VALID);
    fx_at(f, D(2026, 3, 31));
    fx_check_page(f, &ka, ZZ_CERT_VALID, ZZ_CERT_VALID);
    fx_at(f, D(2026, 3, 20));
    fx_check_page(f, &ka, ZZ_CERT_VALID, ZZ_CERT_VALID);
    fx_at(f, D(2026, 3, 19));
    fx_check_page(f, &ka, ZZ_CERT_SUSPENDED, ZZ_CERT_SUSPENDED);
    fx_at(f, D(2029, 1, 30)); /* expired: the suspension no longer matters */
    fx_check_page(f, &ka, ZZ_CERT_EXPIRED, ZZ_CERT_EXPIRED);
    zz_cert_clear(&ka);
    zz_cert_clear(&kb);
}

/* ---- batch gates ----------------------------------------------------------------------------- */

static void test_cert__r3_6_batch_gates_refuse_and_write_nothing(void **state)
{
    fx *f = *state;
    int64_t waiting = fx_panel_case(f, "admin.a", D(2026, 1, 5));
    fx_panel_votes(f, waiting, ZZ_VOTE_PASS, D(2026, 1, 25)); /* awaiting the manager */
    int64_t filed = fx_filed_case(f, "admin.b", D(2026, 1, 5));
    fx_at(f, D(2026, 2, 2));
    fx_as(f, "lead"); /* only the cert_officer batches */
    int64_t bid = 0;
    FX_REFUSED(f, zz_batch_create(f->cx, &bid, err), ZZ_EPERM, "auth.role");
    fx_as(f, "certo");
    FX_OK(zz_batch_create(f->cx, &bid, err));
    FX_REFUSED(f, zz_batch_add(f->cx, bid, waiting, err), ZZ_ERULE, "gate.not_approved");
    /* a case outside certification is not visible to the cert officer: not found, not
     * its number and state */
    FX_REFUSED(f, zz_batch_add(f->cx, bid, filed, err), ZZ_ENOTFOUND, "case.not_found");
    FX_REFUSED(f, zz_batch_add(f->cx, bid, 9999, err), ZZ_ENOTFOUND, "case.not_found");
    FX_REFUSED(f, zz_batch_add(f->cx, 9999, waiting, err), ZZ_ENOTFOUND, "batch.not_found");
    FX_REFUSED(f, zz_batch_issue(f->cx, bid, D(2026, 2, 2), err), ZZ_ERULE, "batch.empty");
    FX_REFUSED(f, zz_batch_publish(f->cx, bid, D(2026, 2, 2), err), ZZ_ESTATE, "batch.state");
    fx_as(f, "mgr");
    FX_OK(zz_case_approve(f->cx, waiting, err));
    fx_as(f, "certo");
    FX_OK(zz_batch_add(f->cx, bid, waiting, err));
    FX_REFUSED(f, zz_batch_add(f->cx, bid, waiting, err), ZZ_EEXISTS, "batch.case_in_batch");
    int64_t other = 0;
    FX_OK(zz_batch_create(f->cx, &other, err));
    FX_REFUSED(f, zz_batch_add(f->cx, other, waiting, err), ZZ_EEXISTS, "batch.case_in_batch");
    /* issued on a day before the approval, or after today */
    FX_REFUSED(f, zz_batch_issue(f->cx, bid, D(2026, 1, 31), err), ZZ_EINVAL, "input.date");
    FX_REFUSED(f, zz_batch_issue(f->cx, bid, D(2026, 2, 3), err), ZZ_EINVAL, "input.date");
    FX_REFUSED(f, zz_batch_issue(f->cx, bid, D(2026, 2, 30), err), ZZ_EINVAL, "input.date");
    /* a bad pattern setting refuses the issue whole */
    fx_sql(f, "INSERT INTO settings (key, value) VALUES ('cert.number_pattern', 'X{year}')");
    FX_REFUSED(f, zz_batch_issue(f->cx, bid, D(2026, 2, 2), err), ZZ_EINVAL, "cert.number_pattern");
    fx_sql(f, "DELETE FROM settings WHERE key = 'cert.number_pattern'");
    /* take out and put back */
    FX_OK(zz_batch_remove(f->cx, bid, waiting, err));
    FX_REFUSED(f, zz_batch_remove(f->cx, bid, waiting, err), ZZ_ENOTFOUND,
               "batch.case_not_in_batch");
    FX_OK(zz_batch_add(f->cx, bid, waiting, err));
    FX_OK(zz_batch_issue(f->cx, bid, D(2026, 2, 2), err));
    FX_REFUSED(f, zz_batch_issue(f->cx, bid, D(2026, 2, 2), err), ZZ_ESTATE, "batch.state");
    FX_REFUSED(f, zz_batch_add(f->cx, bid, filed, err), ZZ_ESTATE, "batch.state");
    FX_REFUSED(f, zz_batch_publish(f->cx, bid, D(2026, 2, 1), err), ZZ_EINVAL, "input.date");
    fx_as(f, "mgr");
    FX_REFUSED(f, zz_batch_publish(f->cx, bid, D(2026, 2, 2), err), ZZ_EPERM, "auth.role");
    fx_as(f, "certo");
    FX_OK(zz_batch_publish(f->cx, bid, D(2026, 2, 2), err));
    FX_REFUSED(f, zz_batch_publish(f->cx, bid, D(2026, 2, 2), err), ZZ_ESTATE, "batch.state");
    /* the certified case can no longer be batched, nor withdrawn */
    FX_REFUSED(f, zz_batch_add(f->cx, other, waiting, err), ZZ_ESTATE, "case.state");
}

/* ---- who sees a certificate (R-0.1) -----------------------------------------------------------
 */

static void test_cert__r0_1_visibility(void **state)
{
    fx *f = *state;
    zz_cert k, got;
    fx_certificate(f, "admin.a", D(2026, 1, 5), &k);
    static const char *const readers[] = {"admin.a", "member.a", "mgr", "sup", "certo", NULL};
    for (const char *const *u = readers; *u; u++) {
        fx_as(f, *u);
        FX_OK(zz_cert_get(f->cx, k.id, &got, err));
        assert_string_equal(got.number, k.number);
        assert_non_null(got.record);
        zz_cert_clear(&got);
    }
    fx_as(f, "admin.b"); /* another holder: as if it did not exist */
    FX_REFUSED(f, zz_cert_get(f->cx, k.id, &got, err), ZZ_ENOTFOUND, "cert.not_found");
    FX_REFUSED(f, zz_cert_get_by_number(f->cx, k.number, &got, err), ZZ_ENOTFOUND,
               "cert.not_found");
    zz_cert *v = NULL;
    size_t n = 9;
    zz_cert_filter flt = {0};
    FX_OK(zz_cert_list(f->cx, &flt, &v, &n, NULL, err));
    assert_int_equal(n, 0);
    free(v);
    flt.org_id = f->org_a;
    FX_REFUSED(f, zz_cert_list(f->cx, &flt, &v, &n, NULL, err), ZZ_ENOTFOUND, "org.not_found");
    fx_as(f, "lead");
    FX_REFUSED(f, zz_cert_get(f->cx, k.id, &got, err), ZZ_EPERM, "auth.role");
    /* the status filter is derived, not stored */
    fx_as(f, "mgr");
    flt.org_id = 0;
    flt.status = "valid";
    FX_OK(zz_cert_list(f->cx, &flt, &v, &n, NULL, err));
    assert_int_equal(n, 1);
    zz_cert_list_free(v, n);
    flt.status = "expired";
    FX_OK(zz_cert_list(f->cx, &flt, &v, &n, NULL, err));
    assert_int_equal(n, 0);
    free(v);
    flt.status = "lapsed";
    FX_REFUSED(f, zz_cert_list(f->cx, &flt, &v, &n, NULL, err), ZZ_EINVAL, "input.cert_status");
    zz_cert_clear(&k);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cert__r3_6_number_pattern_tokens),
        T(test_cert__r3_6_numbers_never_reused_across_batches_and_years),
        T(test_cert__r3_6_taken_number_is_skipped),
        T(test_cert__r4_1_expiry_and_case_closed_on_issue_date),
        T(test_cert__r4_3_signature_verifies_and_tampering_fails),
        T(test_cert__r4_2_maintenance_certificate_supersedes_on_its_issue_date),
        T(test_cert__r4_2_registry_published_only_every_status_no_reasons),
        T(test_cert__r4_2_page_statuses_match_single_reads),
        T(test_cert__r3_6_batch_gates_refuse_and_write_nothing),
        T(test_cert__r0_1_visibility),
    };
    return cmocka_run_group_tests_name("cert", tests, NULL, NULL);
}
