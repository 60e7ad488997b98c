/*
 * test_archive.c — archive records (src/core/archive.c, src/store/archive_store.c): disposal
 * refused the day before the kept-until date and allowed on it, refused under a legal hold, and
 * only after a recorded approval; the list of archives due; an archived case is
 * read-only in the core and in the database; the self-verifying export. Every
 * refusal asserts its code and that nothing was written (audit count unchanged).
 */
#include "cert_fixture.h"

#include <jansson.h>
#include <unistd.h>

#include "zizhi/package.h"

/* A case of 甲 not accepted on 2026-01-10, archived by the manager on 2026-01-12: kept until
 * 2032-01-10. */
static int64_t archived_case(fx *f)
{
    int64_t cid = fx_filed_case(f, "admin.a", D(2026, 1, 5));
    fx_at(f, D(2026, 1, 10));
    fx_as(f, "lead");
    FX_OK(zz_case_review(f->cx, cid, ZZ_REVIEW_NOT_ACCEPTED, "不符合受理条件。", err));
    fx_at(f, D(2026, 1, 12));
    fx_as(f, "mgr");
    FX_OK(zz_case_archive(f->cx, cid, err));
    return cid;
}

static void test_archive__r7_1_disposal_on_the_kept_until_day_not_before(void **state)
{
    fx *f = *state;
    int64_t cid = archived_case(f);
    zz_archive a;
    fx_as(f, "mgr");
    FX_OK(zz_archive_get(f->cx, cid, &a, err));
    assert_string_equal(a.closed_on, "2026-01-10");
    assert_string_equal(a.keep_until, "2032-01-10");
    assert_false(a.due);
    assert_false(a.legal_hold);

    /* the day before: refused, nothing written */
    fx_at(f, D(2032, 1, 9));
    FX_REFUSED(f, zz_archive_approve_disposal(f->cx, cid, err), ZZ_ERULE, "gate.archive_retention");
    FX_REFUSED(f, zz_archive_dispose(f->cx, cid, err), ZZ_ERULE, "gate.archive_retention");
    zz_archive *v = NULL;
    size_t n = 9;
    FX_OK(zz_archive_list_due(f->cx, D(2032, 1, 9), &v, &n, err));
    assert_int_equal(n, 0);
    free(v);

    /* on the day: listed for disposal; disposal needs the recorded approval first */
    fx_at(f, D(2032, 1, 10));
    FX_OK(zz_archive_list_due(f->cx, D(2032, 1, 10), &v, &n, err));
    assert_int_equal(n, 1);
    assert_int_equal(v[0].case_id, cid);
    assert_true(v[0].due);
    free(v);
    FX_REFUSED(f, zz_archive_dispose(f->cx, cid, err), ZZ_ERULE, "gate.disposal_not_approved");
    fx_as(f, "sup"); /* the manager approves */
    FX_REFUSED(f, zz_archive_approve_disposal(f->cx, cid, err), ZZ_EPERM, "auth.role");
    fx_as(f, "mgr");
    FX_OK(zz_archive_approve_disposal(f->cx, cid, err));
    FX_REFUSED(f, zz_archive_approve_disposal(f->cx, cid, err), ZZ_ESTATE, "archive.approved");
    FX_OK(zz_archive_dispose(f->cx, cid, err));
    FX_OK(zz_archive_get(f->cx, cid, &a, err));
    assert_string_equal(a.disposal_approved_on, "2032-01-10");
    assert_string_equal(a.disposed_on, "2032-01-10");
    assert_false(a.due);
    FX_REFUSED(f, zz_archive_dispose(f->cx, cid, err), ZZ_ESTATE, "archive.disposed");
    fx_as(f, "sup");
    FX_REFUSED(f, zz_archive_hold(f->cx, cid, "涉诉", err), ZZ_ESTATE, "archive.disposed");
    FX_OK(zz_archive_list_due(f->cx, D(2032, 1, 10), &v, &n, err));
    assert_int_equal(n, 0); /* disposed of: no longer listed */
    free(v);
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM audit_log WHERE action IN"
                                 " ('archive.approve_disposal', 'archive.dispose')"),
                     2);
}

static void test_archive__r7_1_legal_hold_blocks_disposal_until_released(void **state)
{
    fx *f = *state;
    int64_t cid = archived_case(f);
    fx_at(f, D(2030, 6, 1));
    fx_as(f, "mgr"); /* the supervisor holds (R-7.1 beyond) */
    FX_REFUSED(f, zz_archive_hold(f->cx, cid, "行政诉讼未结", err), ZZ_EPERM, "auth.role");
    fx_as(f, "sup");
    FX_REFUSED(f, zz_archive_hold(f->cx, cid, " ", err), ZZ_EINVAL, "input.reason");
    FX_REFUSED(f, zz_archive_release(f->cx, cid, "诉讼终结", err), ZZ_ESTATE, "archive.not_held");
    FX_REFUSED(f, zz_archive_hold(f->cx, 9999, "行政诉讼未结", err), ZZ_ENOTFOUND,
               "archive.not_found");
    FX_OK(zz_archive_hold(f->cx, cid, "行政诉讼未结", err));
    FX_REFUSED(f, zz_archive_hold(f->cx, cid, "行政诉讼未结", err), ZZ_ESTATE, "archive.held");
    /* past the retention date, the hold still blocks */
    fx_at(f, D(2032, 1, 10));
    fx_as(f, "mgr");
    FX_REFUSED(f, zz_archive_approve_disposal(f->cx, cid, err), ZZ_ERULE, "gate.legal_hold");
    zz_archive *v = NULL;
    size_t n = 0;
    FX_OK(zz_archive_list_due(f->cx, D(2032, 1, 10), &v, &n, err));
    assert_int_equal(n, 1); /* due, and shown held */
    assert_true(v[0].legal_hold);
    assert_string_equal(v[0].hold_reason, "行政诉讼未结");
    free(v);
    fx_as(f, "sup");
    FX_OK(zz_archive_release(f->cx, cid, "诉讼终结", err));
    fx_as(f, "mgr");
    FX_OK(zz_archive_approve_disposal(f->cx, cid, err));
    /* a hold put on after the approval blocks the disposal itself */
    fx_as(f, "sup");
    FX_OK(zz_archive_hold(f->cx, cid, "新的检查", err));
    fx_as(f, "mgr");
    FX_REFUSED(f, zz_archive_dispose(f->cx, cid, err), ZZ_ERULE, "gate.legal_hold");
    assert_int_equal(fx_count(f, "SELECT COUNT(*) FROM archive_holds"), 2);
    assert_int_equal(
        fx_count(f, "SELECT COUNT(*) FROM archive_holds WHERE released_on IS NOT NULL"), 1);
    fx_as(f, "lead");
    FX_REFUSED(f, zz_archive_list(f->cx, &v, &n, err), ZZ_EPERM, "auth.role");
}

static void test_archive__r7_1_archived_case_is_read_only(void **state)
{
    fx *f = *state;
    int64_t cid = archived_case(f);
    zz_err e = ZZ_ERR_INIT;
    assert_int_equal(zz_case__assert_mutable(f->cx, cid, &e), ZZ_ESTATE);
    assert_string_equal(e.code, "archive.read_only");
    assert_string_equal(e.rule, "R-7.1");
    int64_t live = fx_filed_case(f, "admin.b", D(2026, 1, 5));
    FX_OK(zz_case__assert_mutable(f->cx, live, err));
    /* the not-accepted decision can no longer be appealed once archived */
    fx_at(f, D(2026, 1, 20));
    fx_as(f, "admin.a");
    int64_t aid = 0;
    FX_REFUSED(f, zz_appeal_file(f->cx, cid, 0, NULL, "请求重新审查。", &aid, err), ZZ_ESTATE,
               "appeal.not_appealable");
    /* the database refuses it too, whatever code path tries */
    char sql[200];
    static const char *const changes[] = {
        "UPDATE cases SET state = 'filed' WHERE id = %lld",
        "DELETE FROM review_opinions WHERE case_id = %lld",
        "INSERT INTO case_pauses (case_id, cause, started_on) VALUES (%lld, 'supplement',"
        " '2026-01-20')",
        "UPDATE archives SET keep_until = '2027-01-01' WHERE case_id = %lld",
        "DELETE FROM archives WHERE case_id = %lld",
        NULL};
    for (const char *const *c = changes; *c; c++) {
        snprintf(sql, sizeof sql, *c, (long long)cid);
        zz_err_clear(&e);
        assert_int_equal(zz_store__exec(f->cx->st, sql, &e), ZZ_ECONFLICT);
        assert_string_equal(e.code, "archive.read_only");
    }
    snprintf(sql, sizeof sql,
             "UPDATE dossier_answers SET statement = 'x' WHERE dossier_id ="
             " (SELECT dossier_id FROM cases WHERE id = %lld)",
             (long long)cid);
    zz_err_clear(&e);
    assert_int_equal(zz_store__exec(f->cx->st, sql, &e), ZZ_ECONFLICT);
    assert_string_equal(e.code, "archive.read_only");
    /* the live case's records still change normally */
    snprintf(sql, sizeof sql, "UPDATE cases SET updated_usec = updated_usec WHERE id = %lld",
             (long long)live);
    assert_int_equal(zz_store__exec(f->cx->st, sql, &e), ZZ_OK);
}

/* ---- export (R-7.2) -------------------------------------------------------------------------- */

/* Offset of the first occurrence of needle in hay, or -1. */
static long find_bytes(const char *hay, long n, const char *needle, long m)
{
    for (long i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, (size_t)m) == 0) return i;
    return -1;
}

static void test_archive__r7_2_export_is_self_verifying(void **state)
{
    fx *f = *state;
    zz_cert k;
    int64_t cid = fx_certificate(f, "admin.a", D(2026, 1, 5), &k);
    char out[160];
    snprintf(out, sizeof out, "%s/export.zip", f->dir);
    fx_as(f, "mgr");
    FX_REFUSED(f, zz_archive_export(f->cx, cid, out, err), ZZ_ESTATE, "archive.not_archived");
    assert_int_equal(access(out, F_OK), -1);
    fx_at(f, D(2026, 2, 2));
    FX_OK(zz_case_archive(f->cx, cid, err));
    fx_as(f, "lead");
    FX_REFUSED(f, zz_archive_export(f->cx, cid, out, err), ZZ_EPERM, "auth.role");
    fx_as(f, "sup");
    int64_t before = fx_audit_count(f);
    FX_OK(zz_archive_export(f->cx, cid, out, err));
    assert_int_equal(fx_audit_count(f), before + 1); /* the export itself is audited */
    FX_REFUSED(f, zz_archive_export(f->cx, cid, out, err), ZZ_EEXISTS, "package.exists");

    const zz_sm2_key *key = NULL;
    FX_OK(zz_ctx_key(f->cx, &key, err));
    zz_package_info info;
    FX_OK(zz_package_verify_file(out, key, &info, err));
    static const char *const want[] = {"audit.json",   "case.json",     "certificate.json",
                                       "dossier.json", "evidence.json", NULL};
    for (const char *const *w = want; *w; w++) {
        bool found = false;
        for (size_t i = 0; i < info.n_files; i++)
            found = found || strcmp(info.files[i].path, *w) == 0;
        if (!found) fail_msg("member %s missing from the export", *w);
    }
    size_t evidence = 0;
    for (size_t i = 0; i < info.n_files; i++)
        if (strncmp(info.files[i].path, "evidence/", 9) == 0) {
            evidence++;
            assert_non_null(strstr(info.files[i].path, "制度汇编.pdf"));
            assert_int_equal(info.files[i].size, strlen("管理制度汇编（2026 年版）"));
        }
    assert_true(evidence >= 1);
    json_t *meta = json_loads(info.meta_json, 0, NULL);
    assert_non_null(meta);
    assert_string_equal(json_string_value(json_object_get(meta, "kind")), "case-archive");
    assert_string_equal(json_string_value(json_object_get(meta, "keep_until")), "2032-01-30");
    json_decref(meta);
    zz_package_info_free(&info);

    /* one byte changed inside a member's data is caught (R-7.2: self-verifying) */
    FILE *z = fopen(out, "r+b");
    assert_non_null(z);
    fseek(z, 0, SEEK_END);
    long size = ftell(z);
    char *buf = malloc((size_t)size);
    fseek(z, 0, SEEK_SET);
    assert_int_equal(fread(buf, 1, (size_t)size, z), (size_t)size);
    /* the local header of audit.json: signature, fixed 30 bytes, name, extra, then the data */
    long at = find_bytes(buf, size, "audit.json", 10);
    assert_true(at >= 30);
    long hdr = at - 30;
    assert_int_equal(memcmp(buf + hdr, "PK\x03\x04", 4), 0);
    unsigned name_len = (unsigned char)buf[hdr + 26] | (unsigned char)buf[hdr + 27] << 8;
    unsigned extra_len = (unsigned char)buf[hdr + 28] | (unsigned char)buf[hdr + 29] << 8;
    long data = hdr + 30 + name_len + extra_len;
    assert_true(data + 8 < size);
    buf[data + 4] ^= 0x5a;
    fseek(z, 0, SEEK_SET);
    assert_int_equal(fwrite(buf, 1, (size_t)size, z), (size_t)size);
    fclose(z);
    free(buf);
    zz_err e = ZZ_ERR_INIT;
    assert_true(zz_package_verify_file(out, key, NULL, &e) < 0);
    assert_true(strncmp(e.code, "package.", 8) == 0);
    zz_cert_clear(&k);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_archive__r7_1_disposal_on_the_kept_until_day_not_before),
        T(test_archive__r7_1_legal_hold_blocks_disposal_until_released),
        T(test_archive__r7_1_archived_case_is_read_only),
        T(test_archive__r7_2_export_is_self_verifying),
    };
    return cmocka_run_group_tests_name("archive", tests, NULL, NULL);
}
