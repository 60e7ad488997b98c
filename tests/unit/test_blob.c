/*
 * test_blob.c — src/store/blob.c: the content-addressed evidence store.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zizhi/blob.h"
#include "zizhi/crypto.h"

#define SM3_ABC   "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
#define SM3_EMPTY "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static int setup(void **state)
{
    char tmpl[] = "/tmp/zz-test-blob-XXXXXX";
    char *d = mkdtemp(tmpl);
    if (!d) return -1;
    *state = strdup(d);
    return 0;
}

static int teardown(void **state)
{
    nftw(*state, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(*state);
    return 0;
}

/* Number of entries in DATA_DIR/evidence/tmp (-1 when the directory is absent). */
static int tmp_entries(const char *data_dir)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/evidence/tmp", data_dir);
    DIR *d = opendir(path);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) n++;
    closedir(d);
    return n;
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static unsigned char *pattern(size_t len)
{
    unsigned char *p = malloc(len);
    for (size_t i = 0; i < len; i++)
        p[i] = (unsigned char)((i * 2654435761u) >> 13);
    return p;
}

/* stored by SM3 digest, streamed in uneven chunks, at evidence/ab/cd/<digest>. */
static void test_blob__r8_3_chunked_write_stored_by_sm3(void **state)
{
    const char *dir = *state;
    size_t len = 1000003;
    unsigned char *data = pattern(len);
    char src[1024];
    snprintf(src, sizeof src, "%s/source.bin", dir);
    write_file(src, data, len);

    zz_err err = ZZ_ERR_INIT;
    zz_blob_writer *w = NULL;
    assert_int_equal(zz_blob_writer_open(&w, dir, &err), 0);
    assert_int_equal(tmp_entries(dir), 1);
    for (size_t off = 0; off < len; off += 7777) {
        size_t n = len - off < 7777 ? len - off : 7777;
        assert_int_equal(zz_blob_writer_write(w, data + off, n, &err), 0);
    }
    assert_int_equal(zz_blob_writer_write(w, NULL, 0, &err), 0);
    char hex[ZZ_SM3_HEXLEN + 1], want[ZZ_SM3_HEXLEN + 1];
    uint64_t size = 0;
    assert_int_equal(zz_blob_writer_commit(w, hex, &size, &err), 0);
    assert_int_equal(size, len);
    assert_int_equal(zz_sm3_file_hex(want, src, &err), 0);
    assert_string_equal(hex, want);
    assert_int_equal(tmp_entries(dir), 0);

    char path[ZZ_BLOB_PATH_MAX], expect[2048];
    assert_int_equal(zz_blob_path(path, dir, hex, &err), 0);
    snprintf(expect, sizeof expect, "%s/evidence/%.2s/%.2s/%s", dir, hex, hex + 2, hex);
    assert_string_equal(path, expect);
    char stored[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_sm3_file_hex(stored, path, &err), 0);
    assert_string_equal(stored, hex);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal((uint64_t)st.st_size, len);
    assert_int_equal(st.st_mode & 0777, 0400);
    assert_int_equal(zz_blob_verify(dir, hex, &err), 0);

    /* put_file stores the same content under the same name. */
    char hex2[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_blob_put_file(hex2, dir, src, &err), 0);
    assert_string_equal(hex2, hex);
    free(data);
}

static void test_blob__known_digests_and_empty_blob(void **state)
{
    const char *dir = *state;
    zz_err err = ZZ_ERR_INIT;
    char hex[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_blob_put(hex, dir, "abc", 3, &err), 0);
    assert_string_equal(hex, SM3_ABC);
    assert_int_equal(zz_blob_verify(dir, SM3_ABC, &err), 0);

    zz_blob_writer *w = NULL;
    uint64_t size = 99;
    assert_int_equal(zz_blob_writer_open(&w, dir, &err), 0);
    assert_int_equal(zz_blob_writer_commit(w, hex, &size, &err), 0);
    assert_string_equal(hex, SM3_EMPTY);
    assert_int_equal(size, 0);
    assert_int_equal(zz_blob_verify(dir, SM3_EMPTY, &err), 0);
}

/* Equal content is stored once; the second commit succeeds and drops its temporary file. */
static void test_blob__dedup_same_content(void **state)
{
    const char *dir = *state;
    zz_err err = ZZ_ERR_INIT;
    const char *text = "营业执照副本扫描件";
    zz_blob_writer *a = NULL, *b = NULL;
    /* Two uploads of the same file in flight at the same time. */
    assert_int_equal(zz_blob_writer_open(&a, dir, &err), 0);
    assert_int_equal(zz_blob_writer_open(&b, dir, &err), 0);
    assert_int_equal(tmp_entries(dir), 2);
    assert_int_equal(zz_blob_writer_write(a, text, strlen(text), &err), 0);
    assert_int_equal(zz_blob_writer_write(b, text, strlen(text), &err), 0);
    char h1[ZZ_SM3_HEXLEN + 1], h2[ZZ_SM3_HEXLEN + 1], h3[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_blob_writer_commit(a, h1, NULL, &err), 0);
    char path[ZZ_BLOB_PATH_MAX];
    assert_int_equal(zz_blob_path(path, dir, h1, &err), 0);
    struct stat st1, st2;
    assert_int_equal(stat(path, &st1), 0);
    assert_int_equal(zz_blob_writer_commit(b, h2, NULL, &err), 0);
    assert_int_equal(zz_blob_put(h3, dir, text, strlen(text), &err), 0);
    assert_string_equal(h1, h2);
    assert_string_equal(h1, h3);
    assert_int_equal(stat(path, &st2), 0);
    assert_int_equal(st1.st_ino, st2.st_ino); /* the first file was kept */
    assert_int_equal(st2.st_nlink, 1);        /* and no temporary name still points at it */
    assert_int_equal(tmp_entries(dir), 0);
}

static void test_blob__abort_leaves_no_temp_file(void **state)
{
    const char *dir = *state;
    zz_err err = ZZ_ERR_INIT;
    zz_blob_writer *w = NULL;
    assert_int_equal(zz_blob_writer_open(&w, dir, &err), 0);
    assert_int_equal(zz_blob_writer_write(w, "partial upload", 14, &err), 0);
    assert_int_equal(tmp_entries(dir), 1);
    zz_blob_writer_abort(w);
    assert_int_equal(tmp_entries(dir), 0);
    zz_blob_writer_abort(NULL);
    /* Nothing was stored under the partial content's digest. */
    char hex[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_sm3_hex(hex, "partial upload", 14, &err), 0);
    assert_int_equal(zz_blob_verify(dir, hex, &err), ZZ_ENOTFOUND);
}

static void test_blob__size_limit(void **state)
{
    const char *dir = *state;
    zz_err err = ZZ_ERR_INIT;
    zz_blob_writer *w = NULL;
    char hex[ZZ_SM3_HEXLEN + 1];
    uint64_t size = 0;

    /* Exactly at the limit is accepted. */
    assert_int_equal(zz_blob_writer_open(&w, dir, &err), 0);
    zz_blob_writer_set_limit(w, 10);
    assert_int_equal(zz_blob_writer_write(w, "01234", 5, &err), 0);
    assert_int_equal(zz_blob_writer_write(w, "56789", 5, &err), 0);
    assert_int_equal(zz_blob_writer_commit(w, hex, &size, &err), 0);
    assert_int_equal(size, 10);

    /* One byte over is refused, the writer stays failed, and nothing is left behind. */
    assert_int_equal(zz_blob_writer_open(&w, dir, &err), 0);
    zz_blob_writer_set_limit(w, 10);
    assert_int_equal(zz_blob_writer_write(w, "012345", 6, &err), 0);
    assert_int_equal(zz_blob_writer_write(w, "67890", 5, &err), ZZ_ETOOBIG);
    assert_string_equal(err.code, "input.too_big");
    assert_int_equal(zz_blob_writer_write(w, "6", 1, &err), ZZ_ESTATE);
    assert_string_equal(err.code, "store.blob_writer_failed");
    zz_blob_writer_abort(w);
    assert_int_equal(tmp_entries(dir), 0);

    /* A failed writer's commit is refused and cleans up too. */
    assert_int_equal(zz_blob_writer_open(&w, dir, &err), 0);
    zz_blob_writer_set_limit(w, 3);
    assert_int_equal(zz_blob_writer_write(w, "abcd", 4, &err), ZZ_ETOOBIG);
    assert_int_equal(zz_blob_writer_commit(w, hex, &size, &err), ZZ_ESTATE);
    assert_int_equal(tmp_entries(dir), 0);
}

/* a stored file that no longer matches its digest is reported, naming the digest. */
static void test_blob__r8_3_tampered_blob_reported(void **state)
{
    const char *dir = *state;
    zz_err err = ZZ_ERR_INIT;
    const char *text = "自评估报告 v1";
    char hex[ZZ_SM3_HEXLEN + 1];
    assert_int_equal(zz_blob_put(hex, dir, text, strlen(text), &err), 0);
    assert_int_equal(zz_blob_verify(dir, hex, &err), 0);

    char path[ZZ_BLOB_PATH_MAX];
    assert_int_equal(zz_blob_path(path, dir, hex, &err), 0);
    assert_int_equal(chmod(path, 0600), 0);
    write_file(path, "自评估报告 v2", strlen("自评估报告 v2"));
    assert_int_equal(zz_blob_verify(dir, hex, &err), ZZ_ECONFLICT);
    assert_string_equal(err.code, "store.blob_mismatch");
    assert_string_equal(err.rule, "R-8.3");
    assert_non_null(strstr(err.message, hex));
    assert_non_null(strstr(err.message_zh, hex));

    /* A removed blob is reported as missing. */
    assert_int_equal(unlink(path), 0);
    assert_int_equal(zz_blob_verify(dir, hex, &err), ZZ_ENOTFOUND);
    assert_string_equal(err.code, "store.blob_missing");
    assert_string_equal(err.rule, "R-8.3");
    assert_non_null(strstr(err.message, hex));
}

/* Digest arguments are validated before any path is built from them. */
static void test_blob__malformed_digest_refused(void **state)
{
    const char *dir = *state;
    static const char *const bad[] = {
        "66C7F0F462EEEDD9D1F2D46BDC10E4E24167C4875CF2F7A2297DA02B8F4BA8E0",  /* upper case */
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e",   /* 63 chars */
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e00", /* 65 chars */
        "../../../../../../../../../../../../../../../../../../etc/passwd",
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8g0", /* 'g' */
        "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        zz_err err = ZZ_ERR_INIT;
        char path[ZZ_BLOB_PATH_MAX] = "";
        assert_false(zz_blob_hex_valid(bad[i]));
        assert_int_equal(zz_blob_path(path, dir, bad[i], &err), ZZ_EINVAL);
        assert_string_equal(err.code, "input.digest");
        assert_int_equal(zz_blob_verify(dir, bad[i], &err), ZZ_EINVAL);
        assert_string_equal(err.code, "input.digest");
    }
    zz_err err = ZZ_ERR_INIT;
    assert_int_equal(zz_blob_verify(dir, NULL, &err), ZZ_EINVAL);
    assert_true(zz_blob_hex_valid(SM3_ABC));
}

static void test_blob__put_file_missing_source(void **state)
{
    const char *dir = *state;
    zz_err err = ZZ_ERR_INIT;
    char src[1024], hex[ZZ_SM3_HEXLEN + 1];
    snprintf(src, sizeof src, "%s/no-such-file", dir);
    assert_int_equal(zz_blob_put_file(hex, dir, src, &err), ZZ_ENOTFOUND);
    assert_string_equal(err.code, "io.not_found");
    assert_true(tmp_entries(dir) <= 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_blob__r8_3_chunked_write_stored_by_sm3, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_blob__known_digests_and_empty_blob, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blob__dedup_same_content, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blob__abort_leaves_no_temp_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blob__size_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blob__r8_3_tampered_blob_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blob__malformed_digest_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_blob__put_file_missing_source, setup, teardown),
    };
    return cmocka_run_group_tests_name("blob", tests, NULL, NULL);
}
