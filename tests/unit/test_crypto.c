/*
 * test_crypto.c — src/crypto: SM3 vectors (GB/T 32905), SM2 signatures with the distid and
 * interoperability with the openssl command line, the system key files, argon2id, base64, tokens.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "zizhi/crypto.h"

#define SM3_ABC    "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
#define SM3_ABCD16 "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
#define SM3_EMPTY  "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"

/* ---- helpers ----------------------------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static char *make_tmpdir(void)
{
    char tmpl[] = "/tmp/zz-test-crypto-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static void remove_tree(char *dir)
{
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(dir);
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* Reads a whole file; caller frees. */
static unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    buf = realloc(buf, n + 1);
    buf[n] = 0;
    *len = n;
    return buf;
}

static int run(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void path_in(char *buf, size_t size, const char *dir, const char *name)
{
    int n = snprintf(buf, size, "%s/%s", dir, name);
    assert_true(n > 0 && (size_t)n < size);
}

/* ---- SM3 --------------------------------------------------------------------------------- */

/* rest on SM3; GB/T 32905 example 1. */
static void test_crypto__sm3_abc_gbt32905_vector(void **state)
{
    (void)state;
    char hex[ZZ_SM3_HEXLEN + 1];
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_sm3_hex(hex, "abc", 3, &err), 0);
    assert_string_equal(hex, SM3_ABC);
}

/* GB/T 32905 example 2: "abcd" repeated 16 times, 64 bytes (exactly one block before padding). */
static void test_crypto__sm3_64_byte_gbt32905_vector(void **state)
{
    (void)state;
    char msg[65] = "";
    for (int i = 0; i < 16; i++)
        strcat(msg, "abcd");
    char hex[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_sm3_hex(hex, msg, 64, NULL), 0);
    assert_string_equal(hex, SM3_ABCD16);
}

static void test_crypto__sm3_empty_input(void **state)
{
    (void)state;
    char hex[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_sm3_hex(hex, NULL, 0, NULL), 0);
    assert_string_equal(hex, SM3_EMPTY);
}

static void test_crypto__sm3_streaming_equals_one_shot(void **state)
{
    (void)state;
    unsigned char data[3000];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 131 + 7);
    char one[ZZ_SM3_HEXLEN + 1], streamed[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_sm3_hex(one, data, sizeof data, NULL), 0);

    /* Chunk sizes straddling the 64-byte block edge, plus 1-byte and empty updates. */
    static const size_t chunks[] = {1, 63, 64, 65, 1000, sizeof data};
    for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
        zz_sm3 *h = NULL;
        zz_err err = ZZ_ERR_INIT;
        assert_int_equal(zz_sm3_new(&h, &err), 0);
        for (size_t off = 0; off < sizeof data; off += chunks[c]) {
            size_t n = sizeof data - off < chunks[c] ? sizeof data - off : chunks[c];
            assert_int_equal(zz_sm3_update(h, data + off, n, &err), 0);
            assert_int_equal(zz_sm3_update(h, NULL, 0, &err), 0);
        }
        assert_int_equal(zz_sm3_final_hex(h, streamed, &err), 0);
        zz_sm3_free(h);
        assert_string_equal(streamed, one);
    }

    zz_sm3 *h = NULL;
    assert_int_equal(zz_sm3_new(&h, NULL), 0);
    assert_int_equal(zz_sm3_update(h, "a", 1, NULL), 0);
    assert_int_equal(zz_sm3_update(h, "bc", 2, NULL), 0);
    assert_int_equal(zz_sm3_final_hex(h, streamed, NULL), 0);
    zz_sm3_free(h);
    assert_string_equal(streamed, SM3_ABC);
    zz_sm3_free(NULL);
}

static void test_crypto__sm3_file_equals_one_shot_and_missing_file(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char path[512];
    path_in(path, sizeof path, dir, "f.bin");
    size_t len = 200000; /* several read buffers */
    unsigned char *data = malloc(len);
    for (size_t i = 0; i < len; i++)
        data[i] = (unsigned char)(i ^ (i >> 8));
    write_file(path, data, len);
    char a[ZZ_SM3_HEXLEN + 1], b[ZZ_SM3_HEXLEN + 1];
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_sm3_file_hex(a, path, &err), 0);
    assert_int_equal(zz_sm3_hex(b, data, len, &err), 0);
    assert_string_equal(a, b);

    path_in(path, sizeof path, dir, "absent");
    assert_int_equal(zz_sm3_file_hex(a, path, &err), ZZ_ENOTFOUND);
    assert_string_equal(err.code, "io.not_found");
    free(data);
    remove_tree(dir);
}

/* ---- SM2 --------------------------------------------------------------------------------- */

/* certificates are signed with SM2 over SM3. */
static void test_crypto__r4_3_sm2_sign_verify_round_trip(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    zz_err err = ZZ_ERR_INIT;
    zz_sm2_key *key = NULL;
    assert_int_equal(zz_sm2_key_load_or_create(&key, dir, &err), 0);
    const char *msg = "CCRC-2026-ISV-000001|示例网络科技有限公司|2026-11-25";
    char *sig = NULL;
    assert_int_equal(zz_sm2_sign(&sig, key, msg, strlen(msg), &err), 0);

    /* DER SEQUENCE{r,s}: 70..72 bytes, starts with 0x30. */
    unsigned char *der = NULL;
    size_t derlen = 0;
    assert_int_equal(zz_base64_decode(&der, &derlen, sig, &err), 0);
    assert_true(derlen >= 68 && derlen <= 72);
    assert_int_equal(der[0], 0x30);
    free(der);

    assert_int_equal(zz_sm2_verify(key, msg, strlen(msg), sig, &err), 0);

    /* A verifier holding only the public key accepts it too. */
    char *pem = NULL;
    assert_int_equal(zz_sm2_pubkey_pem(&pem, key, &err), 0);
    assert_non_null(strstr(pem, "-----BEGIN PUBLIC KEY-----"));
    zz_sm2_key *pub = NULL;
    assert_int_equal(zz_sm2_pubkey_from_pem(&pub, pem, &err), 0);
    assert_int_equal(zz_sm2_verify(pub, msg, strlen(msg), sig, &err), 0);

    /* The public key cannot sign. */
    char *sig2 = NULL;
    assert_int_equal(zz_sm2_sign(&sig2, pub, msg, strlen(msg), &err), ZZ_ECRYPTO);
    assert_string_equal(err.code, "crypto.sign");
    assert_null(sig2);

    /* Empty message is signable. */
    assert_int_equal(zz_sm2_sign(&sig2, key, NULL, 0, &err), 0);
    assert_int_equal(zz_sm2_verify(pub, "", 0, sig2, &err), 0);

    char fp1[ZZ_SM3_HEXLEN + 1], fp2[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_sm2_pubkey_sm3_hex(fp1, key, &err), 0);
    assert_int_equal(zz_sm2_pubkey_sm3_hex(fp2, pub, &err), 0);
    assert_string_equal(fp1, fp2);

    free(sig2);
    free(pem);
    free(sig);
    zz_sm2_key_free(pub);
    zz_sm2_key_free(key);
    zz_sm2_key_free(NULL);
    remove_tree(dir);
}

static void test_crypto__r4_3_sm2_tampering_fails_bad_signature(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    zz_err err = ZZ_ERR_INIT;
    zz_sm2_key *key = NULL;
    assert_int_equal(zz_sm2_key_load_or_create(&key, dir, &err), 0);
    char msg[] = "audit head 1024 " SM3_ABC;
    size_t len = strlen(msg);
    char *sig = NULL;
    assert_int_equal(zz_sm2_sign(&sig, key, msg, len, &err), 0);

    /* One flipped byte in the message. */
    msg[3] ^= 0x01;
    assert_int_equal(zz_sm2_verify(key, msg, len, sig, &err), ZZ_ECRYPTO);
    assert_string_equal(err.code, "crypto.bad_signature");
    msg[3] ^= 0x01;
    assert_int_equal(zz_sm2_verify(key, msg, len, sig, &err), 0);

    /* One flipped byte in the signature (inside s, the last byte). */
    unsigned char *der = NULL;
    size_t derlen = 0;
    assert_int_equal(zz_base64_decode(&der, &derlen, sig, &err), 0);
    der[derlen - 1] ^= 0x01;
    char *bad = NULL;
    assert_int_equal(zz_base64_encode(&bad, der, derlen, &err), 0);
    zz_err_clear(&err);
    assert_int_equal(zz_sm2_verify(key, msg, len, bad, &err), ZZ_ECRYPTO);
    assert_string_equal(err.code, "crypto.bad_signature");
    free(bad);

    /* Trailing garbage after the DER, truncated DER, not base64, empty, NULL. */
    unsigned char *longer = malloc(derlen + 1);
    memcpy(longer, der, derlen);
    longer[derlen - 1] ^= 0x01; /* restore */
    longer[derlen] = 0;
    assert_int_equal(zz_base64_encode(&bad, longer, derlen + 1, &err), 0);
    assert_int_equal(zz_sm2_verify(key, msg, len, bad, &err), ZZ_ECRYPTO);
    assert_string_equal(err.code, "crypto.bad_signature");
    free(bad);
    assert_int_equal(zz_base64_encode(&bad, longer, derlen - 2, &err), 0);
    assert_int_equal(zz_sm2_verify(key, msg, len, bad, &err), ZZ_ECRYPTO);
    assert_string_equal(err.code, "crypto.bad_signature");
    free(bad);
    free(longer);
    free(der);
    static const char *const junk[] = {"not base64!", "", "AAAA"};
    for (size_t i = 0; i < 3; i++) {
        zz_err_clear(&err);
        assert_int_equal(zz_sm2_verify(key, msg, len, junk[i], &err), ZZ_ECRYPTO);
        assert_string_equal(err.code, "crypto.bad_signature");
    }
    assert_int_equal(zz_sm2_verify(key, msg, len, NULL, &err), ZZ_ECRYPTO);
    assert_string_equal(err.code, "crypto.bad_signature");

    /* Another key pair does not accept it. */
    char *dir2 = make_tmpdir();
    zz_sm2_key *other = NULL;
    assert_int_equal(zz_sm2_key_load_or_create(&other, dir2, &err), 0);
    assert_int_equal(zz_sm2_verify(other, msg, len, sig, &err), ZZ_ECRYPTO);
    assert_string_equal(err.code, "crypto.bad_signature");
    zz_sm2_key_free(other);
    remove_tree(dir2);

    free(sig);
    zz_sm2_key_free(key);
    remove_tree(dir);
}

/* Signatures interoperate with the openssl tool, in both directions, with the distid set. */
static void test_crypto__r4_3_sm2_interoperates_with_openssl_cli(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    zz_err err = ZZ_ERR_INIT;
    zz_sm2_key *key = NULL;
    assert_int_equal(zz_sm2_key_load_or_create(&key, dir, &err), 0);
    char priv[512], pub[512], msgp[512], sigp[512], outp[512];
    path_in(priv, sizeof priv, dir, "keys/system-sm2.pem");
    path_in(pub, sizeof pub, dir, "keys/system-sm2.pub.pem");
    path_in(msgp, sizeof msgp, dir, "msg.txt");
    path_in(sigp, sizeof sigp, dir, "sig.der");
    path_in(outp, sizeof outp, dir, "out.txt");
    const char *msg = "信息安全服务资质证书 CCRC-2026-ISV-000001\n";
    write_file(msgp, msg, strlen(msg));

    /* C signs, the command line verifies. */
    char *sig = NULL;
    assert_int_equal(zz_sm2_sign(&sig, key, msg, strlen(msg), &err), 0);
    unsigned char *der = NULL;
    size_t derlen = 0;
    assert_int_equal(zz_base64_decode(&der, &derlen, sig, &err), 0);
    write_file(sigp, der, derlen);
    assert_int_equal(run("openssl dgst -sm3 -verify '%s' -sigopt distid:" ZZ_SM2_DISTID
                         " -signature '%s' '%s' >'%s' 2>&1",
                         pub, sigp, msgp, outp),
                     0);
    size_t outlen = 0;
    unsigned char *out = read_file(outp, &outlen);
    assert_non_null(strstr((char *)out, "Verified OK"));
    free(out);
    /* Without the distid the tool uses an empty id and must refuse: the id really was set. */
    assert_int_not_equal(
        run("openssl dgst -sm3 -verify '%s' -signature '%s' '%s' >/dev/null 2>&1", pub, sigp, msgp),
        0);
    free(der);
    free(sig);

    /* The command line signs, C verifies. */
    assert_int_equal(run("openssl dgst -sm3 -sign '%s' -sigopt distid:" ZZ_SM2_DISTID
                         " -out '%s' '%s' 2>/dev/null",
                         priv, sigp, msgp),
                     0);
    der = read_file(sigp, &derlen);
    assert_int_equal(zz_base64_encode(&sig, der, derlen, &err), 0);
    assert_int_equal(zz_sm2_verify(key, msg, strlen(msg), sig, &err), 0);
    free(sig);
    free(der);

    /* A command-line signature made without the distid does not verify here. */
    assert_int_equal(
        run("openssl dgst -sm3 -sign '%s' -out '%s' '%s' 2>/dev/null", priv, sigp, msgp), 0);
    der = read_file(sigp, &derlen);
    assert_int_equal(zz_base64_encode(&sig, der, derlen, &err), 0);
    assert_int_equal(zz_sm2_verify(key, msg, strlen(msg), sig, &err), ZZ_ECRYPTO);
    assert_string_equal(err.code, "crypto.bad_signature");
    free(sig);
    free(der);

    zz_sm2_key_free(key);
    remove_tree(dir);
}

/* A key made by `openssl genpkey` and installed by an operator is used, not replaced. */
static void test_crypto__sm2_loads_operator_installed_key(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char keys[512], priv[512], pub[512], cli_pub[512];
    path_in(keys, sizeof keys, dir, "keys");
    path_in(priv, sizeof priv, dir, "keys/system-sm2.pem");
    path_in(pub, sizeof pub, dir, "keys/system-sm2.pub.pem");
    path_in(cli_pub, sizeof cli_pub, dir, "cli.pub.pem");
    assert_int_equal(mkdir(keys, 0700), 0);
    assert_int_equal(run("umask 077 && openssl genpkey -algorithm SM2 -out '%s' 2>/dev/null", priv),
                     0);
    assert_int_equal(run("openssl pkey -in '%s' -pubout -out '%s' 2>/dev/null", priv, cli_pub), 0);

    zz_err err = ZZ_ERR_INIT;
    zz_sm2_key *key = NULL;
    assert_int_equal(zz_sm2_key_load_or_create(&key, dir, &err), 0);
    size_t n1 = 0, n2 = 0;
    unsigned char *a = read_file(pub, &n1);
    unsigned char *b = read_file(cli_pub, &n2);
    assert_string_equal((char *)a, (char *)b);
    free(a);
    free(b);
    zz_sm2_key_free(key);
    remove_tree(dir);
}

static void test_crypto__sm2_key_file_mode_0600_and_reload_same_key(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char keys[512], priv[512], pub[512];
    path_in(keys, sizeof keys, dir, "keys");
    path_in(priv, sizeof priv, dir, "keys/system-sm2.pem");
    path_in(pub, sizeof pub, dir, "keys/system-sm2.pub.pem");
    mode_t old = umask(0); /* even a permissive umask must not widen the key file */
    zz_err err = ZZ_ERR_INIT;
    zz_sm2_key *k1 = NULL, *k2 = NULL;
    assert_int_equal(zz_sm2_key_load_or_create(&k1, dir, &err), 0);
    umask(old);

    struct stat st;
    assert_int_equal(stat(priv, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(stat(keys, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    assert_int_equal(stat(pub, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    size_t n = 0;
    unsigned char *privtext = read_file(priv, &n);
    assert_non_null(strstr((char *)privtext, "-----BEGIN PRIVATE KEY-----"));
    free(privtext);

    assert_int_equal(zz_sm2_key_load_or_create(&k2, dir, &err), 0);
    char *p1 = NULL, *p2 = NULL;
    assert_int_equal(zz_sm2_pubkey_pem(&p1, k1, &err), 0);
    assert_int_equal(zz_sm2_pubkey_pem(&p2, k2, &err), 0);
    assert_string_equal(p1, p2);
    unsigned char *filepub = read_file(pub, &n);
    assert_string_equal((char *)filepub, p1);
    free(filepub);

    /* A signature by one handle verifies with the other. */
    char *sig = NULL;
    assert_int_equal(zz_sm2_sign(&sig, k1, "x", 1, &err), 0);
    assert_int_equal(zz_sm2_verify(k2, "x", 1, sig, &err), 0);
    free(sig);

    /* Only the two key files are left in keys/: no temporary files. */
    assert_int_equal(run("test $(ls -A '%s' | wc -l) -eq 2", keys), 0);

    free(p1);
    free(p2);
    zz_sm2_key_free(k1);
    zz_sm2_key_free(k2);
    remove_tree(dir);
}

static void test_crypto__sm2_refuses_readable_key_and_mismatched_pub(void **state)
{
    (void)state;
    char *dir = make_tmpdir();
    char priv[512], pub[512];
    path_in(priv, sizeof priv, dir, "keys/system-sm2.pem");
    path_in(pub, sizeof pub, dir, "keys/system-sm2.pub.pem");
    zz_err err = ZZ_ERR_INIT;
    zz_sm2_key *key = NULL;
    assert_int_equal(zz_sm2_key_load_or_create(&key, dir, &err), 0);
    zz_sm2_key_free(key);

    assert_int_equal(chmod(priv, 0644), 0);
    key = NULL;
    assert_int_equal(zz_sm2_key_load_or_create(&key, dir, &err), ZZ_ECRYPTO);
    assert_string_equal(err.code, "crypto.key_permissions");
    assert_null(key);
    assert_int_equal(chmod(priv, 0600), 0);

    /* A public key file of another key pair is reported, not silently trusted. */
    char *dir2 = make_tmpdir();
    zz_sm2_key *other = NULL;
    assert_int_equal(zz_sm2_key_load_or_create(&other, dir2, &err), 0);
    char *otherpem = NULL;
    assert_int_equal(zz_sm2_pubkey_pem(&otherpem, other, &err), 0);
    write_file(pub, otherpem, strlen(otherpem));
    assert_int_equal(zz_sm2_key_load_or_create(&key, dir, &err), ZZ_ECRYPTO);
    assert_string_equal(err.code, "crypto.key_mismatch");
    free(otherpem);
    zz_sm2_key_free(other);
    remove_tree(dir2);

    /* A missing public key file is rewritten from the private key. */
    assert_int_equal(unlink(pub), 0);
    assert_int_equal(zz_sm2_key_load_or_create(&key, dir, &err), 0);
    assert_int_equal(access(pub, F_OK), 0);
    zz_sm2_key_free(key);

    /* A corrupt private key file is reported. */
    write_file(priv, "garbage", 7);
    assert_int_equal(chmod(priv, 0600), 0);
    assert_int_equal(zz_sm2_key_load_or_create(&key, dir, &err), ZZ_ECRYPTO);
    assert_string_equal(err.code, "crypto.key_load");
    remove_tree(dir);
}

/* Several processes starting at once on an empty data directory end up with one key pair. */
static void test_crypto__sm2_concurrent_first_start_makes_one_key(void **state)
{
    (void)state;
    enum { N = 6 };
    char *dir = make_tmpdir();
    char fps[N][512];
    pid_t pids[N];
    for (int i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "fp%d", i);
        path_in(fps[i], sizeof fps[i], dir, name);
        pids[i] = fork();
        assert_true(pids[i] >= 0);
        if (pids[i] == 0) {
            zz_sm2_key *k = NULL;
            char fp[ZZ_SM3_HEXLEN + 1];
            if (zz_sm2_key_load_or_create(&k, dir, NULL) != 0 ||
                zz_sm2_pubkey_sm3_hex(fp, k, NULL) != 0)
                _exit(1);
            FILE *f = fopen(fps[i], "w");
            if (!f || fputs(fp, f) < 0 || fclose(f) != 0) _exit(2);
            _exit(0);
        }
    }
    for (int i = 0; i < N; i++) {
        int st = 0;
        assert_int_equal(waitpid(pids[i], &st, 0), pids[i]);
        assert_true(WIFEXITED(st));
        assert_int_equal(WEXITSTATUS(st), 0);
    }
    zz_sm2_key *k = NULL;
    char fp[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_sm2_key_load_or_create(&k, dir, NULL), 0);
    assert_int_equal(zz_sm2_pubkey_sm3_hex(fp, k, NULL), 0);
    for (int i = 0; i < N; i++) {
        size_t n = 0;
        unsigned char *got = read_file(fps[i], &n);
        assert_string_equal((char *)got, fp);
        free(got);
    }
    zz_sm2_key_free(k);
    char keys[512];
    path_in(keys, sizeof keys, dir, "keys");
    assert_int_equal(run("test $(ls -A '%s' | wc -l) -eq 2", keys), 0);
    remove_tree(dir);
}

static void test_crypto__sm2_pubkey_from_pem_rejects_garbage_and_non_sm2(void **state)
{
    (void)state;
    zz_err err = ZZ_ERR_INIT;
    zz_sm2_key *k = NULL;
    assert_int_equal(zz_sm2_pubkey_from_pem(&k, "-----BEGIN PUBLIC KEY-----\nAAAA\n", &err),
                     ZZ_ECRYPTO);
    assert_string_equal(err.code, "crypto.key_load");
    assert_null(k);

    /* A NIST P-256 key is a valid PEM public key but not SM2. */
    EVP_PKEY *p256 = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    assert_non_null(p256);
    BIO *bio = BIO_new(BIO_s_mem());
    assert_int_equal(PEM_write_bio_PUBKEY(bio, p256), 1);
    char *data = NULL;
    long n = BIO_get_mem_data(bio, &data);
    char *pem = strndup(data, (size_t)n);
    BIO_free(bio);
    EVP_PKEY_free(p256);
    zz_err_clear(&err);
    assert_int_equal(zz_sm2_pubkey_from_pem(&k, pem, &err), ZZ_ECRYPTO);
    assert_string_equal(err.code, "crypto.key_load");
    free(pem);
}

/* ---- passwords --------------------------------------------------------------------------- */

static const zz_pw_params fast = {1, 1024, 1}; /* test-only cost */

static void test_crypto__pw_argon2id_verify_ok_and_wrong_password(void **state)
{
    (void)state;
    zz_err err = ZZ_ERR_INIT;
    char *h1 = NULL, *h2 = NULL;
    assert_int_equal(zz_pw_hash(&h1, "正确的密码 Correct-Horse-1", &fast, &err), 0);
    assert_non_null(h1);
    assert_int_equal(strncmp(h1, "$argon2id$v=19$m=1024,t=1,p=1$", 30), 0);
    /* 16-byte salt → 22 base64 chars, 32-byte hash → 43 chars (unpadded). */
    const char *salt = strrchr(h1, '$');
    assert_non_null(salt);
    assert_int_equal(strlen(salt + 1), 43);
    assert_int_equal(strlen(h1), 30 + 22 + 1 + 43);

    assert_int_equal(zz_pw_verify(h1, "正确的密码 Correct-Horse-1", &err), 0);
    assert_int_equal(zz_pw_verify(h1, "正确的密码 Correct-Horse-2", &err), ZZ_EAUTH);
    assert_string_equal(err.code, "auth.bad_password");
    assert_int_equal(zz_pw_verify(h1, "", &err), ZZ_EAUTH);
    assert_string_equal(err.code, "auth.bad_password");

    /* A fresh salt each time. */
    assert_int_equal(zz_pw_hash(&h2, "正确的密码 Correct-Horse-1", &fast, &err), 0);
    assert_string_not_equal(h1, h2);
    assert_int_equal(zz_pw_verify(h2, "正确的密码 Correct-Horse-1", &err), 0);
    free(h1);
    free(h2);

    /* The empty password is hashable (policy, not this layer, forbids it). */
    assert_int_equal(zz_pw_hash(&h1, "", &fast, &err), 0);
    assert_int_equal(zz_pw_verify(h1, "", &err), 0);
    free(h1);
}

static void test_crypto__pw_corrupt_hash_and_bad_params(void **state)
{
    (void)state;
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_pw_verify("$argon2id$garbage", "pw", &err), ZZ_ECRYPTO);
    assert_string_equal(err.code, "crypto.password_hash_invalid");
    assert_int_equal(zz_pw_verify("", "pw", &err), ZZ_ECRYPTO);
    assert_string_equal(err.code, "crypto.password_hash_invalid");

    char *h = NULL;
    zz_pw_params bad = {0, 1024, 1};
    assert_int_equal(zz_pw_hash(&h, "pw", &bad, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "crypto.password_params");
    bad = (zz_pw_params){1, 4, 1};
    assert_int_equal(zz_pw_hash(&h, "pw", &bad, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "crypto.password_params");
    assert_null(h);
}

/* ---- base64, tokens, uuid ---------------------------------------------------------------- */

static void test_crypto__base64_rfc4648_vectors_and_round_trip(void **state)
{
    (void)state;
    static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const coded[] = {"",         "Zg==",     "Zm8=",    "Zm9v",
                                        "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    zz_err err = ZZ_ERR_INIT;
    for (size_t i = 0; i < 7; i++) {
        char *e = NULL;
        assert_int_equal(zz_base64_encode(&e, plain[i], strlen(plain[i]), &err), 0);
        assert_string_equal(e, coded[i]);
        unsigned char *d = NULL;
        size_t n = 99;
        assert_int_equal(zz_base64_decode(&d, &n, coded[i], &err), 0);
        assert_non_null(d); /* even for empty input: a freeable buffer */
        assert_int_equal(n, strlen(plain[i]));
        assert_memory_equal(d, plain[i], n);
        free(d);
        free(e);
    }
    /* Every byte value, every length remainder. */
    unsigned char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (unsigned char)i;
    for (size_t len = 253; len <= 256; len++) {
        char *e = NULL;
        unsigned char *d = NULL;
        size_t n = 0;
        assert_int_equal(zz_base64_encode(&e, all, len, &err), 0);
        assert_int_equal(strlen(e), (len + 2) / 3 * 4);
        assert_int_equal(zz_base64_decode(&d, &n, e, &err), 0);
        assert_int_equal(n, len);
        assert_memory_equal(d, all, len);
        free(d);
        free(e);
    }
    char *e = NULL;
    assert_int_equal(zz_base64_encode(&e, NULL, 0, &err), 0);
    assert_string_equal(e, "");
    free(e);
}

static void test_crypto__base64_rejects_invalid_input(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "Zg=",      /* length not a multiple of 4 */
        "Zm9",      /* missing padding */
        "Z===",     /* too much padding */
        "====",     /* padding only */
        "Zg==Zg==", /* padding in the middle */
        "Zm9v!A==", /* outside the alphabet */
        "Zm9-",     /* URL-safe alphabet is not the standard one */
        " Zg=",     /* whitespace */
        "Zg==\n",   /* trailing newline */
        "Zh==",     /* non-zero unused bits (non-canonical) */
        "Zm9=",     /* non-zero unused bits with one '=' */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        zz_err err = ZZ_ERR_INIT;
        unsigned char *d = (unsigned char *)"sentinel";
        size_t n = 5;
        assert_int_equal(zz_base64_decode(&d, &n, bad[i], &err), ZZ_EINVAL);
        assert_string_equal(err.code, "input.base64");
        assert_null(d);
        assert_int_equal(n, 0);
    }
}

static void test_crypto__random_token_and_bytes(void **state)
{
    (void)state;
    zz_err err = ZZ_ERR_INIT;
    char *t1 = NULL, *t2 = NULL;
    assert_int_equal(zz_random_token(&t1, 32, &err), 0);
    assert_int_equal(zz_random_token(&t2, 32, &err), 0);
    assert_int_equal(strlen(t1), 43); /* 32 bytes, URL-safe, unpadded */
    assert_int_equal(strspn(t1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                     43);
    assert_string_not_equal(t1, t2);
    free(t1);
    free(t2);
    assert_int_equal(zz_random_token(&t1, 1, &err), 0);
    assert_int_equal(strlen(t1), 2);
    free(t1);
    assert_int_equal(zz_random_token(&t1, 0, &err), ZZ_EINVAL);
    assert_string_equal(err.code, "input.token_size");
    assert_null(t1);

    unsigned char a[64] = {0}, b[64] = {0};
    assert_int_equal(zz_random_bytes(a, sizeof a, &err), 0);
    assert_int_equal(zz_random_bytes(b, sizeof b, &err), 0);
    assert_memory_not_equal(a, b, sizeof a);
    assert_int_equal(zz_random_bytes(NULL, 0, &err), 0);
}

static void test_crypto__uuid4_format(void **state)
{
    (void)state;
    char u[37], v[37];
    zz_err err = ZZ_ERR_INIT;
    for (int round = 0; round < 50; round++) {
        assert_int_equal(zz_uuid4(u, &err), 0);
        assert_int_equal(strlen(u), 36);
        for (int i = 0; i < 36; i++) {
            if (i == 8 || i == 13 || i == 18 || i == 23)
                assert_int_equal(u[i], '-');
            else
                assert_non_null(strchr("0123456789abcdef", u[i]));
        }
        assert_int_equal(u[14], '4');           /* version */
        assert_non_null(strchr("89ab", u[19])); /* RFC 4122 variant */
    }
    assert_int_equal(zz_uuid4(v, &err), 0);
    assert_string_not_equal(u, v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crypto__sm3_abc_gbt32905_vector),
        cmocka_unit_test(test_crypto__sm3_64_byte_gbt32905_vector),
        cmocka_unit_test(test_crypto__sm3_empty_input),
        cmocka_unit_test(test_crypto__sm3_streaming_equals_one_shot),
        cmocka_unit_test(test_crypto__sm3_file_equals_one_shot_and_missing_file),
        cmocka_unit_test(test_crypto__r4_3_sm2_sign_verify_round_trip),
        cmocka_unit_test(test_crypto__r4_3_sm2_tampering_fails_bad_signature),
        cmocka_unit_test(test_crypto__r4_3_sm2_interoperates_with_openssl_cli),
        cmocka_unit_test(test_crypto__sm2_loads_operator_installed_key),
        cmocka_unit_test(test_crypto__sm2_key_file_mode_0600_and_reload_same_key),
        cmocka_unit_test(test_crypto__sm2_refuses_readable_key_and_mismatched_pub),
        cmocka_unit_test(test_crypto__sm2_concurrent_first_start_makes_one_key),
        cmocka_unit_test(test_crypto__sm2_pubkey_from_pem_rejects_garbage_and_non_sm2),
        cmocka_unit_test(test_crypto__pw_argon2id_verify_ok_and_wrong_password),
        cmocka_unit_test(test_crypto__pw_corrupt_hash_and_bad_params),
        cmocka_unit_test(test_crypto__base64_rfc4648_vectors_and_round_trip),
        cmocka_unit_test(test_crypto__base64_rejects_invalid_input),
        cmocka_unit_test(test_crypto__random_token_and_bytes),
        cmocka_unit_test(test_crypto__uuid4_format),
    };
    return cmocka_run_group_tests_name("crypto", tests, NULL, NULL);
}
