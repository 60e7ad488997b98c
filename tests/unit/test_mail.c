/*
 * test_mail.c — src/mail: RFC 2047 subjects split on UTF-8 character boundaries (long Chinese
 * subjects, 4-byte characters, invalid bytes), RFC 5322 dates in Asia/Shanghai, the formatted
 * message (CRLF only, line lengths, base64 body in canonical form, attachments with RFC 2231
 * names), configuration checks and the audited mail.configure action, and delivery against an
 * unreachable server (marked failed with the error, kept pending for retry, given up after
 * max_attempts; a second sender finds the lock taken). Delivery to a real SMTP server is
 * tests/integration/t5000-mail.sh.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "store/store_int.h"
#include "zizhi/audit.h"
#include "zizhi/blob.h"
#include "zizhi/crypto.h"
#include "zizhi/ctx.h"
#include "zizhi/mail.h"
#include "zizhi/outbox.h"
#include "zizhi/user.h"

/* ---- helpers ------------------------------------------------------------------------------ */

static bool utf8_valid(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        size_t k = c < 0x80             ? 1
                   : (c & 0xE0) == 0xC0 ? 2
                   : (c & 0xF0) == 0xE0 ? 3
                   : (c & 0xF8) == 0xF0 ? 4
                                        : 0;
        if (k == 0 || i + k > n) return false;
        for (size_t j = 1; j < k; j++)
            if ((p[i + j] & 0xC0) != 0x80) return false;
        i += k;
    }
    return true;
}

/*
 * Checks an encoded header "Name: =?UTF-8?B?..?=\r\n =?..?=": every line <= 76, every word <= 75,
 * every word's payload whole UTF-8 characters; returns the decoded value (caller frees).
 */
static char *decode_checked(const char *hdr, const char *name, bool expect_words)
{
    size_t nl = strlen(name);
    assert_int_equal(strncmp(hdr, name, nl), 0);
    assert_int_equal(strncmp(hdr + nl, ": ", 2), 0);
    const char *p = hdr + nl + 2;
    size_t line_start = 0;
    for (size_t i = 0; hdr[i]; i++) {
        if (hdr[i] == '\r') {
            assert_int_equal(hdr[i + 1], '\n'); /* CRLF, never a bare CR */
            assert_true(i - line_start <= ZZ_MAIL_LINE_MAX);
            assert_int_equal(hdr[i + 2], ' '); /* folded with one space */
            line_start = i + 2;
        } else {
            assert_true(hdr[i] != '\n' || (i > 0 && hdr[i - 1] == '\r'));
        }
    }
    assert_true(strlen(hdr) - line_start <= ZZ_MAIL_LINE_MAX);
    if (!expect_words) return strdup(p);
    char *out = calloc(1, strlen(hdr) + 1);
    size_t ol = 0;
    while (*p) {
        if (*p == '\r' || *p == '\n' || *p == ' ') {
            p++;
            continue;
        }
        assert_int_equal(strncmp(p, "=?UTF-8?B?", 10), 0);
        const char *end = strstr(p + 10, "?=");
        assert_non_null(end);
        size_t wlen = (size_t)(end + 2 - p);
        assert_true(wlen <= ZZ_MAIL_WORD_MAX);
        char b64[128];
        assert_true((size_t)(end - (p + 10)) < sizeof b64);
        memcpy(b64, p + 10, (size_t)(end - (p + 10)));
        b64[end - (p + 10)] = '\0';
        unsigned char *raw = NULL;
        size_t rl = 0;
        assert_int_equal(zz_base64_decode(&raw, &rl, b64, NULL), ZZ_OK);
        assert_true(utf8_valid(raw, rl)); /* split on a character boundary */
        memcpy(out + ol, raw, rl);
        ol += rl;
        free(raw);
        p = end + 2;
    }
    return out;
}

/* ---- RFC 2047 ------------------------------------------------------------------------------- */

static void test_mail__rfc2047_short_ascii_subject_is_kept_plain(void **state)
{
    (void)state;
    char *h = NULL;
    assert_int_equal(zz_mail_encode_header("Subject", "Certificate reminder", &h, NULL), ZZ_OK);
    assert_string_equal(h, "Subject: Certificate reminder");
    free(h);
    /* "=?" in plain text would read as an encoded word: encoded instead */
    assert_int_equal(zz_mail_encode_header("Subject", "a =?b?= c", &h, NULL), ZZ_OK);
    char *d = decode_checked(h, "Subject", true);
    assert_string_equal(d, "a =?b?= c");
    free(d);
    free(h);
}

static void test_mail__rfc2047_long_chinese_subject_split_on_characters(void **state)
{
    (void)state;
    const char *subject =
        "资质证书维持申请提醒：证书 CNITSEC2026AIS1-0001 将于 2029-03-14 到期，请在有效期届满前"
        "至少六个月提交维持申请（Certificate expiry reminder）信息安全服务资质人工智能安全类一级";
    char *h = NULL;
    assert_int_equal(zz_mail_encode_header("Subject", subject, &h, NULL), ZZ_OK);
    /* several encoded words, folded */
    assert_non_null(strstr(h, "?=\r\n =?UTF-8?B?"));
    char *d = decode_checked(h, "Subject", true);
    assert_string_equal(d, subject);
    free(d);
    free(h);
}

static void test_mail__rfc2047_every_length_decodes_whole(void **state)
{
    (void)state;
    /* 1..60 Chinese characters (3 bytes each) and mixed 1-, 2-, 3- and 4-byte characters: every
     * word boundary lands between characters whatever the length */
    char buf[1024];
    for (int n = 1; n <= 60; n++) {
        buf[0] = '\0';
        for (int i = 0; i < n; i++)
            strcat(buf, i % 7 == 3 ? "a" : i % 7 == 5 ? "é" : i % 11 == 9 ? "😀" : "证");
        char *h = NULL;
        assert_int_equal(zz_mail_encode_header("Subject", buf, &h, NULL), ZZ_OK);
        char *d = decode_checked(h, "Subject", true);
        assert_string_equal(d, buf);
        free(d);
        free(h);
    }
}

static void test_mail__rfc2047_invalid_utf8_still_encodes(void **state)
{
    (void)state;
    const char bad[] = "\xe8\xb5 abc \xff\xfe 证书";
    char *h = NULL;
    assert_int_equal(zz_mail_encode_header("Subject", bad, &h, NULL), ZZ_OK);
    assert_non_null(strstr(h, "=?UTF-8?B?"));
    free(h);
    assert_int_equal(zz_mail_encode_header("", "x", &h, NULL), ZZ_EINVAL);
}

/* ---- dates and addresses ---------------------------------------------------------------------
 */

static void test_mail__date_is_rfc5322_in_shanghai(void **state)
{
    (void)state;
    char b[40];
    assert_string_equal(zz_mail_date(1795568400LL * 1000000, b), "Wed, 25 Nov 2026 09:00:00 +0800");
    /* 16:30 UTC on 28 Feb is already the leap day in Shanghai */
    assert_string_equal(zz_mail_date(1835368205LL * 1000000 + 999999, b),
                        "Tue, 29 Feb 2028 00:30:05 +0800");
    /* new year in Shanghai while still the old year in UTC */
    assert_string_equal(zz_mail_date(1798732800LL * 1000000, b), "Fri, 01 Jan 2027 00:00:00 +0800");
}

static void test_mail__address_of_from(void **state)
{
    (void)state;
    char a[256];
    assert_true(zz_mail_address("noreply@zizhi.example.cn", a, sizeof a));
    assert_string_equal(a, "noreply@zizhi.example.cn");
    assert_true(zz_mail_address("资质评估处 <zizhi@itsec.example.cn>", a, sizeof a));
    assert_string_equal(a, "zizhi@itsec.example.cn");
    assert_false(zz_mail_address("no address", a, sizeof a));
    assert_false(zz_mail_address("a@b", a, sizeof a)); /* no dotted domain */
    assert_false(zz_mail_address("Name <a@b.cn", a, sizeof a));
    assert_false(zz_mail_address("x <a b@c.cn>", a, sizeof a));
}

/* ---- the message ---------------------------------------------------------------------------- */

static void cfg_for_tests(zz_mail_config *c, const char *url)
{
    zz_mail_config_init(c);
    snprintf(c->url, sizeof c->url, "%s", url);
    snprintf(c->from, sizeof c->from, "资质评估处 <noreply@zizhi.example.cn>");
}

/* Every line ends with CRLF; header lines <= 78, body lines <= 76. Returns the body offset. */
static size_t check_lines(const char *msg, size_t len)
{
    size_t start = 0, body = 0;
    bool in_body = false;
    for (size_t i = 0; i < len; i++) {
        if (msg[i] == '\n') {
            assert_true(i > 0 && msg[i - 1] == '\r');
            size_t l = i - 1 - start;
            assert_true(l <= (in_body ? 76u : 78u));
            if (!in_body && l == 0) {
                in_body = true;
                body = i + 1;
            }
            start = i + 1;
        }
    }
    assert_int_equal(start, len); /* ends with CRLF */
    assert_true(in_body);
    return body;
}

static void test_mail__message_plain_text_base64_crlf(void **state)
{
    (void)state;
    zz_mail_config c;
    cfg_for_tests(&c, "smtp://127.0.0.1:25");
    zz_outbox_msg m = {0};
    m.id = 7;
    m.to_addr = "apply@jia.example.cn";
    m.subject = "受理审查意见：AIS1-2026-0001（Acceptance review opinion）";
    m.body = "北京甲智能安全科技有限公司：\n\n请补充人员社保证明。\nline three";
    m.attachments = "[]";
    char *msg = NULL;
    size_t len = 0;
    assert_int_equal(zz_mail_format_message(&c, &m, 1795568400LL * 1000000,
                                            "zizhi.7.x@zizhi.example.cn", NULL, &msg, &len, NULL),
                     ZZ_OK);
    size_t body = check_lines(msg, len);
    assert_non_null(strstr(msg, "Date: Wed, 25 Nov 2026 09:00:00 +0800\r\n"));
    assert_non_null(strstr(msg, "To: apply@jia.example.cn\r\n"));
    assert_non_null(strstr(msg, "Message-ID: <zizhi.7.x@zizhi.example.cn>\r\n"));
    assert_non_null(strstr(msg, "MIME-Version: 1.0\r\n"));
    assert_non_null(strstr(msg, "Content-Type: text/plain; charset=UTF-8\r\n"));
    assert_non_null(strstr(msg, "Content-Transfer-Encoding: base64\r\n"));
    assert_non_null(strstr(msg, "From: =?UTF-8?B?"));
    assert_non_null(strstr(msg, " <noreply@zizhi.example.cn>\r\n"));
    /* the body: base64 of the text in canonical CRLF form */
    char *b64 = calloc(1, len);
    size_t bl = 0;
    for (size_t i = body; i < len; i++)
        if (msg[i] != '\r' && msg[i] != '\n') b64[bl++] = msg[i];
    unsigned char *raw = NULL;
    size_t rl = 0;
    assert_int_equal(zz_base64_decode(&raw, &rl, b64, NULL), ZZ_OK);
    const char *want = "北京甲智能安全科技有限公司：\r\n\r\n请补充人员社保证明。\r\nline three\r\n";
    assert_int_equal(rl, strlen(want));
    assert_memory_equal(raw, want, rl);
    free(raw);
    free(b64);
    free(msg);
}

/* ---- a data directory ----------------------------------------------------------------------- */

typedef struct fx {
    char dir[64];
    zz_ctx *cx;
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
    snprintf(f->dir, sizeof f->dir, "/tmp/zz-test-mail-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    zz_err err = ZZ_ERR_INIT;
    if (zz_ctx_open(&f->cx, f->dir, "catalog", zz_clock_fixed(ZZ_DATE(2026, 11, 25)), &err) < 0)
        return -1;
    const char *users[][2] = {{"sysadm", "sys_admin"}, {"mgr", "manager"}};
    for (int i = 0; i < 2; i++) {
        zz_user_new in = {.username = users[i][0], .display_name = users[i][0]};
        int r = zz_role_parse(users[i][1]);
        if (r < 0 || zz_user_create(f->cx, &in, NULL, &err) < 0 ||
            zz_user_grant(f->cx, users[i][0], (zz_role)r, &err) < 0) {
            fprintf(stderr, "setup: %s\n", err.message);
            return -1;
        }
    }
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

static int64_t queue(fx *f, const char *to, const char *subject, const char *atts)
{
    zz_err err = ZZ_ERR_INIT;
    int64_t id = 0;
    zz_ctx_act_as_system(f->cx);
    assert_int_equal(zz_action_begin(f->cx, &err), ZZ_OK);
    assert_int_equal(zz_outbox_queue_ex(f->cx, to, subject, "正文：请补充材料。\n", atts,
                                        "review_opinion", "case", "1", &id, &err),
                     ZZ_OK);
    assert_int_equal(zz_action_commit(f->cx, "test.queue", "test", "1", NULL, NULL, &err), ZZ_OK);
    return id;
}

static zz_outbox_msg *all_msgs(fx *f, size_t *n)
{
    zz_outbox_msg *v = NULL;
    zz_ctx_act_as_system(f->cx);
    assert_int_equal(zz_outbox_list(f->cx, NULL, &v, n, NULL), ZZ_OK);
    return v;
}

static void test_mail__message_with_attachment_is_multipart(void **state)
{
    fx *f = *state;
    char hex[ZZ_SM3_HEXLEN + 1];
    const char *doc = "委托协议（测试）\n";
    assert_int_equal(zz_blob_put(hex, f->dir, doc, strlen(doc), NULL), ZZ_OK);
    char atts[512];
    snprintf(atts, sizeof atts,
             "[{\"name\":\"信息安全服务资质评估委托协议书（人工智能安全类一级）.txt\",\"digest\":"
             "\"%s\",\"mime\":\"text/plain\"},{\"name\":\"附件模板\",\"kind\":\"annex\"}]",
             hex);
    zz_mail_config c;
    cfg_for_tests(&c, "smtp://127.0.0.1:25");
    zz_outbox_msg m = {0};
    m.id = 8;
    m.to_addr = "apply@jia.example.cn";
    m.subject = "委托协议及附件";
    m.body = "请查收附件。";
    m.attachments = atts;
    char *msg = NULL;
    size_t len = 0;
    assert_int_equal(
        zz_mail_format_message(&c, &m, 1795568400LL * 1000000, "a@b.cn", f->dir, &msg, &len, NULL),
        ZZ_OK);
    check_lines(msg, len);
    assert_non_null(strstr(msg, "Content-Type: multipart/mixed;\r\n boundary="));
    assert_non_null(strstr(msg, "Content-Disposition: attachment"));
    assert_non_null(strstr(msg, "filename*0*=UTF-8''%E4%BF%A1")); /* 信 */
    /* exactly one attached file: the entry without a digest only names a document */
    const char *p = msg;
    int parts = 0;
    while ((p = strstr(p, "Content-Disposition: attachment")) != NULL) {
        parts++;
        p++;
    }
    assert_int_equal(parts, 1);
    free(msg);
    /* a named blob that is gone */
    snprintf(atts, sizeof atts, "[{\"name\":\"x\",\"digest\":\"%064d\"}]", 0);
    assert_int_equal(
        zz_mail_format_message(&c, &m, 1795568400LL * 1000000, "a@b.cn", f->dir, &msg, &len, NULL),
        ZZ_EIO);
}

/* ---- configuration ---------------------------------------------------------------------------
 */

static void test_mail__config_check_codes(void **state)
{
    (void)state;
    zz_mail_config c;
    zz_err err = ZZ_ERR_INIT;
    zz_mail_config_init(&c);
    assert_int_equal(zz_mail_config_check(&c, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "mail.not_configured");
    cfg_for_tests(&c, "http://127.0.0.1:25");
    assert_int_equal(zz_mail_config_check(&c, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "mail.url");
    cfg_for_tests(&c, "smtps://mail.example.cn:465");
    assert_int_equal(zz_mail_config_check(&c, &err), ZZ_OK);
    snprintf(c.from, sizeof c.from, "nobody");
    assert_int_equal(zz_mail_config_check(&c, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "mail.from");
    cfg_for_tests(&c, "smtp://127.0.0.1:25");
    c.timeout_s = 0;
    assert_int_equal(zz_mail_config_check(&c, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "mail.timeout");
}

static int64_t audit_count(fx *f)
{
    int64_t n = 0;
    char head[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_audit_head(f->cx->st, &n, head, NULL), ZZ_OK);
    return n;
}

static void test_mail__configure_is_sys_admin_and_audited_without_password(void **state)
{
    fx *f = *state;
    zz_err err = ZZ_ERR_INIT;
    const char *keys[] = {ZZ_MAIL_SETTING_URL, ZZ_MAIL_SETTING_FROM, ZZ_MAIL_SETTING_PASSWORD};
    const char *vals[] = {"smtp://127.0.0.1:2525", "noreply@zizhi.example.cn", "s3cret-pw"};
    assert_int_equal(zz_ctx_act_as(f->cx, "mgr", &err), ZZ_OK);
    int64_t before = audit_count(f);
    assert_int_equal(zz_mail_config_set(f->cx, keys, vals, 3, &err), ZZ_EPERM);
    assert_string_equal(err.code, "auth.role");
    zz_mail_config c;
    zz_mail_config_init(&c);
    assert_int_equal(zz_mail_config_load(f->cx, &c, &err), ZZ_EPERM); /* it holds the password */
    assert_int_equal(audit_count(f), before);

    assert_int_equal(zz_ctx_act_as(f->cx, "sysadm", &err), ZZ_OK);
    const char *bad_keys[] = {"smtp.host"};
    assert_int_equal(zz_mail_config_set(f->cx, bad_keys, vals, 1, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "mail.setting");
    const char *bad_vals[] = {"ftp://x", "noreply@zizhi.example.cn", "x"};
    assert_int_equal(zz_mail_config_set(f->cx, keys, bad_vals, 3, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "mail.url");
    assert_int_equal(audit_count(f), before);

    assert_int_equal(zz_mail_config_set(f->cx, keys, vals, 3, &err), ZZ_OK);
    assert_int_equal(audit_count(f), before + 1);
    assert_int_equal(zz_mail_config_load(f->cx, &c, &err), ZZ_OK);
    assert_string_equal(c.url, "smtp://127.0.0.1:2525");
    assert_string_equal(c.from, "noreply@zizhi.example.cn");
    assert_string_equal(c.password, "s3cret-pw");
    assert_true(zz_mail_configured(&c));
    /* the audit entry names the change, never the password */
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(zz_store__db(f->cx->st),
                                        "SELECT action, detail FROM audit_log ORDER BY seq DESC "
                                        "LIMIT 1",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "mail.configure");
    assert_null(strstr((const char *)sqlite3_column_text(s, 1), "s3cret"));
    assert_non_null(strstr((const char *)sqlite3_column_text(s, 1), "smtp://127.0.0.1:2525"));
    sqlite3_finalize(s);
    /* "" removes a key */
    const char *k1[] = {ZZ_MAIL_SETTING_PASSWORD}, *v1[] = {""};
    assert_int_equal(zz_mail_config_set(f->cx, k1, v1, 1, &err), ZZ_OK);
    zz_mail_config_init(&c);
    assert_int_equal(zz_mail_config_load(f->cx, &c, &err), ZZ_OK);
    assert_string_equal(c.password, "");
}

/* ---- delivery against an unreachable server ------------------------------------------------- */

static void test_mail__unreachable_server_marks_failed_and_keeps_pending(void **state)
{
    fx *f = *state;
    int64_t a = queue(f, "apply@jia.example.cn", "受理审查意见：AIS1-2026-0001", NULL);
    int64_t b = queue(f, "apply@yi.example.cn", "受理审查意见：AIS1-2026-0002", NULL);
    zz_mail_config c;
    cfg_for_tests(&c, "smtp://127.0.0.1:1"); /* nothing listens on port 1 */
    c.timeout_s = 5;
    c.max_attempts = 2;
    zz_mail_run run;
    zz_err err = ZZ_ERR_INIT;
    zz_ctx_act_as_system(f->cx);
    assert_int_equal(zz_mail_deliver_pending_ex(f->cx, &c, &run, &err), ZZ_OK);
    assert_int_equal(run.sent, 0);
    assert_int_equal(run.failed, 1);   /* the first message is charged the attempt */
    assert_int_equal(run.deferred, 1); /* the server is down: the second waits uncharged */
    assert_true(run.server_down);
    size_t n = 0;
    zz_outbox_msg *v = all_msgs(f, &n);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, a);
    assert_int_equal(v[0].attempts, 1);
    assert_string_equal(zz_mail_status(&v[0]), "failed");
    assert_non_null(strstr(v[0].last_error, "curl: (7)"));
    assert_int_equal(v[0].sent_usec, 0);
    assert_int_equal(v[1].id, b);
    assert_int_equal(v[1].attempts, 0);
    assert_string_equal(zz_mail_status(&v[1]), "pending");
    zz_outbox_list_free(v, n);

    /* still pending: the next run retries it; after max_attempts it is given up */
    assert_int_equal(zz_mail_deliver_pending_ex(f->cx, &c, &run, &err), ZZ_OK);
    assert_int_equal(run.failed, 1);
    v = all_msgs(f, &n);
    assert_int_equal(v[0].attempts, 2);
    zz_outbox_list_free(v, n);
    assert_int_equal(zz_mail_deliver_pending_ex(f->cx, &c, &run, &err), ZZ_OK);
    v = all_msgs(f, &n);
    assert_int_equal(v[0].attempts, 2); /* given up: not tried again */
    assert_int_equal(v[1].attempts, 1);
    zz_outbox_list_free(v, n);

    /* only the system and sys_admin deliver; an unconfigured run is refused */
    assert_int_equal(zz_ctx_act_as(f->cx, "mgr", &err), ZZ_OK);
    assert_int_equal(zz_mail_deliver_pending_ex(f->cx, &c, &run, &err), ZZ_EPERM);
    zz_ctx_act_as_system(f->cx);
    zz_mail_config none;
    zz_mail_config_init(&none);
    assert_int_equal(zz_mail_deliver_pending(f->cx, &none, NULL, NULL, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "mail.not_configured");
}

static void test_mail__second_sender_finds_the_lock_taken(void **state)
{
    fx *f = *state;
    queue(f, "apply@jia.example.cn", "主题", NULL);
    char path[128];
    snprintf(path, sizeof path, "%s/mail.lock", f->dir);
    int fd = open(path, O_RDWR | O_CREAT, 0600);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
    zz_mail_config c;
    cfg_for_tests(&c, "smtp://127.0.0.1:1");
    zz_mail_run run;
    assert_int_equal(zz_mail_deliver_pending_ex(f->cx, &c, &run, NULL), ZZ_OK);
    assert_true(run.busy);
    assert_int_equal(run.failed + run.sent, 0);
    close(fd);
    size_t n = 0;
    zz_outbox_msg *v = all_msgs(f, &n);
    assert_int_equal(v[0].attempts, 0); /* untouched */
    zz_outbox_list_free(v, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mail__rfc2047_short_ascii_subject_is_kept_plain),
        cmocka_unit_test(test_mail__rfc2047_long_chinese_subject_split_on_characters),
        cmocka_unit_test(test_mail__rfc2047_every_length_decodes_whole),
        cmocka_unit_test(test_mail__rfc2047_invalid_utf8_still_encodes),
        cmocka_unit_test(test_mail__date_is_rfc5322_in_shanghai),
        cmocka_unit_test(test_mail__address_of_from),
        cmocka_unit_test(test_mail__message_plain_text_base64_crlf),
        cmocka_unit_test_setup_teardown(test_mail__message_with_attachment_is_multipart, setup,
                                        teardown),
        cmocka_unit_test(test_mail__config_check_codes),
        cmocka_unit_test_setup_teardown(
            test_mail__configure_is_sys_admin_and_audited_without_password, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_mail__unreachable_server_marks_failed_and_keeps_pending, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mail__second_sender_finds_the_lock_taken, setup,
                                        teardown),
    };
    return cmocka_run_group_tests_name("mail", tests, NULL, NULL);
}
