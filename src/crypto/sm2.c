/*
 * sm2.c — SM2 signatures over SM3 (GB/T 32918) on OpenSSL 3 EVP, and the system key pair.
 *
 * Every sign and verify sets the distinguishing id "1234567812345678" explicitly: OpenSSL 3.0
 * otherwise uses an empty id, and such signatures do not interoperate with GB/T 32918 peers
 * (stack-notes.md, pitfall 1).
 *
 * The system key pair lives in DATA_DIR/keys/ (directory 0700): system-sm2.pem (PKCS#8, 0600) and
 * system-sm2.pub.pem. Creation is race-free across processes: the key is written to a private
 * temporary file opened with O_CREAT|O_EXCL and mode 0600, synced, then published with link(2),
 * which never replaces an existing file. The loser of a race gets EEXIST, discards its key and
 * loads the winner's, so all processes end up with one key, and no process can ever read a
 * half-written key file.
 */
#include "zizhi/crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "crypto/crypto_int.h"

#define KEY_DIR      "keys"
#define KEY_PRIV     "system-sm2.pem"
#define KEY_PUB      "system-sm2.pub.pem"
#define KEY_FILE_MAX (64 * 1024) /* a PEM key is < 1 KiB; anything larger is not a key */

struct zz_sm2_key {
    EVP_PKEY *pkey;
};

static int key_wrap(zz_sm2_key **out, EVP_PKEY *pkey, zz_err *err)
{
    zz_sm2_key *k = calloc(1, sizeof *k);
    if (!k) {
        EVP_PKEY_free(pkey);
        return zz_err_set(err, ZZ_ENOMEM, "sys.nomem", "内存不足", "out of memory");
    }
    k->pkey = pkey;
    *out = k;
    return ZZ_OK;
}

void zz_sm2_key_free(zz_sm2_key *key)
{
    if (!key) return;
    EVP_PKEY_free(key->pkey);
    free(key);
}

/* ---- PEM text ---------------------------------------------------------------------------- */

/* Never prompt on a terminal for a passphrase: the system key is stored unencrypted. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
    (void)buf, (void)size, (void)rwflag, (void)u;
    return -1;
}

/* Copies a memory BIO's content into a new NUL-terminated string (caller frees). */
static char *bio_to_string(BIO *bio)
{
    char *data = NULL;
    long n = BIO_get_mem_data(bio, &data);
    if (n < 0) return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s) return NULL;
    memcpy(s, data, (size_t)n);
    s[n] = '\0';
    return s;
}

int zz_sm2_pubkey_pem(char **out, const zz_sm2_key *key, zz_err *err)
{
    *out = NULL;
    BIO *bio = BIO_new(BIO_s_mem());
    if (!bio || !PEM_write_bio_PUBKEY(bio, key->pkey)) {
        BIO_free(bio);
        return zz_crypto_fail(err, ZZ_ECRYPTO, "crypto.key_encode", "公钥编码失败",
                              "cannot encode the public key");
    }
    *out = bio_to_string(bio);
    BIO_free(bio);
    if (!*out) return zz_err_set(err, ZZ_ENOMEM, "sys.nomem", "内存不足", "out of memory");
    return ZZ_OK;
}

int zz_sm2_pubkey_from_pem(zz_sm2_key **out, const char *pem, zz_err *err)
{
    *out = NULL;
    if (!pem)
        return zz_err_set(err, ZZ_EINVAL, "input.null", "公钥 PEM 为空指针",
                          "public key PEM is a null pointer");
    size_t n = strlen(pem);
    if (n > KEY_FILE_MAX)
        return zz_err_set(err, ZZ_ETOOBIG, "input.too_big", "公钥 PEM 过长",
                          "public key PEM is too long");
    BIO *bio = BIO_new_mem_buf(pem, (int)n);
    EVP_PKEY *pkey = bio ? PEM_read_bio_PUBKEY(bio, NULL, no_passphrase, NULL) : NULL;
    BIO_free(bio);
    if (!pkey)
        return zz_crypto_fail(err, ZZ_ECRYPTO, "crypto.key_load", "无法解析 SM2 公钥 PEM",
                              "cannot parse the SM2 public key PEM");
    if (!EVP_PKEY_is_a(pkey, "SM2")) {
        EVP_PKEY_free(pkey);
        return zz_err_set(err, ZZ_ECRYPTO, "crypto.key_load", "公钥不是 SM2 密钥",
                          "the public key is not an SM2 key");
    }
    return key_wrap(out, pkey, err);
}

int zz_sm2_pubkey_sm3_hex(char out_hex[ZZ_SM3_HEXLEN + 1], const zz_sm2_key *key, zz_err *err)
{
    unsigned char *der = NULL;
    int n = i2d_PUBKEY(key->pkey, &der);
    if (n <= 0)
        return zz_crypto_fail(err, ZZ_ECRYPTO, "crypto.key_encode", "公钥编码失败",
                              "cannot encode the public key");
    int rc = zz_sm3_hex(out_hex, der, (size_t)n, err);
    OPENSSL_free(der);
    return rc;
}

/* ---- signatures -------------------------------------------------------------------------- */

/* The distid parameter; OpenSSL copies it, the array only needs to live during the init call. */
static void distid_params(OSSL_PARAM p[2])
{
    p[0] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_DIST_ID, (void *)ZZ_SM2_DISTID,
                                             sizeof ZZ_SM2_DISTID - 1);
    p[1] = OSSL_PARAM_construct_end();
}

int zz_sm2_sign(char **out_b64, const zz_sm2_key *key, const void *data, size_t len, zz_err *err)
{
    *out_b64 = NULL;
    if (!data && len > 0)
        return zz_err_set(err, ZZ_EINVAL, "input.null", "待签名数据为空指针",
                          "data to sign is a null pointer with non-zero length");
    OSSL_PARAM params[2];
    distid_params(params);
    int rc = ZZ_OK;
    unsigned char *sig = NULL;
    size_t siglen = (size_t)EVP_PKEY_get_size(key->pkey);
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    if (!m || siglen == 0 || !(sig = malloc(siglen)) ||
        EVP_DigestSignInit_ex(m, NULL, "SM3", NULL, NULL, key->pkey, params) != 1 ||
        EVP_DigestSignUpdate(m, data ? data : "", len) != 1 ||
        EVP_DigestSignFinal(m, sig, &siglen) != 1) {
        rc = zz_crypto_fail(err, ZZ_ECRYPTO, "crypto.sign", "SM2 签名失败", "sm2 signing failed");
        goto done;
    }
    rc = zz_base64_encode(out_b64, sig, siglen, err);
done:
    EVP_MD_CTX_free(m);
    free(sig);
    return rc;
}

static int bad_signature(zz_err *err)
{
    ERR_clear_error();
    return zz_err_set(err, ZZ_ECRYPTO, "crypto.bad_signature", "SM2 签名验证失败",
                      "the sm2 signature does not verify");
}

int zz_sm2_verify(const zz_sm2_key *key, const void *data, size_t len, const char *sig_b64,
                  zz_err *err)
{
    if (!data && len > 0)
        return zz_err_set(err, ZZ_EINVAL, "input.null", "待验证数据为空指针",
                          "data to verify is a null pointer with non-zero length");
    if (!sig_b64) return bad_signature(err);
    unsigned char *sig = NULL;
    size_t siglen = 0;
    /* A signature that is not even base64 is simply a signature that does not verify. */
    if (zz_base64_decode(&sig, &siglen, sig_b64, NULL) < 0) return bad_signature(err);
    OSSL_PARAM params[2];
    distid_params(params);
    int rc = ZZ_OK;
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    if (!m || EVP_DigestVerifyInit_ex(m, NULL, "SM3", NULL, NULL, key->pkey, params) != 1) {
        rc = zz_crypto_fail(err, ZZ_ECRYPTO, "crypto.verify", "SM2 验证初始化失败",
                            "sm2 verification could not start");
        goto done;
    }
    /* OpenSSL's SM2 verify also rejects non-DER encodings and trailing bytes. */
    if (EVP_DigestVerify(m, sig, siglen, data ? data : (const void *)"", len) != 1)
        rc = bad_signature(err);
done:
    EVP_MD_CTX_free(m);
    free(sig);
    return rc;
}

/* ---- the system key pair ----------------------------------------------------------------- */

static int path_join(char *buf, size_t size, const char *a, const char *b, zz_err *err)
{
    int n = snprintf(buf, size, "%s/%s", a, b);
    if (n < 0 || (size_t)n >= size)
        return zz_err_set(err, ZZ_EINVAL, "input.path_too_long", "路径过长：“%s/%s”",
                          "path too long: \"%s/%s\"", a, b);
    return ZZ_OK;
}

static int make_dir(const char *path, zz_err *err)
{
    if (mkdir(path, 0700) == 0 || errno == EEXIST) return ZZ_OK;
    int e = errno;
    return zz_err_set(err, ZZ_EIO, "crypto.key_dir", "无法创建密钥目录“%s”：%s",
                      "cannot create key directory \"%s\": %s", path, strerror(e));
}

/* Wipes and frees a buffer from read_small (key material passes through it). */
static void cleanse_free(char *buf)
{
    if (buf) {
        OPENSSL_cleanse(buf, KEY_FILE_MAX + 1);
        free(buf);
    }
}

/* Reads a whole small file; *out is NUL-terminated, caller frees with cleanse_free. */
static int read_small(char **out, size_t *out_len, int fd, const char *path, zz_err *err)
{
    char *buf = malloc(KEY_FILE_MAX + 1);
    if (!buf) return zz_err_set(err, ZZ_ENOMEM, "sys.nomem", "内存不足", "out of memory");
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, buf + n, KEY_FILE_MAX + 1 - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            int e = errno;
            cleanse_free(buf);
            return zz_err_set(err, ZZ_EIO, "crypto.key_load", "读取密钥文件“%s”失败：%s",
                              "cannot read key file \"%s\": %s", path, strerror(e));
        }
        if (r == 0) break;
        n += (size_t)r;
        if (n > KEY_FILE_MAX) {
            cleanse_free(buf);
            return zz_err_set(err, ZZ_ECRYPTO, "crypto.key_load", "密钥文件“%s”过大",
                              "key file \"%s\" is too large", path);
        }
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return ZZ_OK;
}

static int load_private(EVP_PKEY **out, int fd, const char *path, zz_err *err)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return zz_err_set(err, ZZ_ECRYPTO, "crypto.key_load", "密钥文件“%s”不是普通文件",
                          "key file \"%s\" is not a regular file", path);
    /* A private key others can read may have leaked; refuse rather than sign with it. */
    if (st.st_mode & 077)
        return zz_err_set(
            err, ZZ_ECRYPTO, "crypto.key_permissions", "私钥文件“%s”的权限过宽（%03o），应为 0600",
            "private key file \"%s\" is accessible to others (mode %03o), expected 0600", path,
            (unsigned)(st.st_mode & 0777));
    char *pem = NULL;
    size_t n = 0;
    int rc = read_small(&pem, &n, fd, path, err);
    if (rc < 0) return rc;
    BIO *bio = BIO_new_mem_buf(pem, (int)n);
    EVP_PKEY *pkey = bio ? PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL) : NULL;
    BIO_free(bio);
    cleanse_free(pem);
    if (!pkey) {
        char what_en[PATH_MAX + 64], what_zh[PATH_MAX + 64];
        snprintf(what_en, sizeof what_en, "cannot parse key file \"%s\"", path);
        snprintf(what_zh, sizeof what_zh, "无法解析密钥文件“%s”", path);
        return zz_crypto_fail(err, ZZ_ECRYPTO, "crypto.key_load", what_zh, what_en);
    }
    if (!EVP_PKEY_is_a(pkey, "SM2")) {
        EVP_PKEY_free(pkey);
        return zz_err_set(err, ZZ_ECRYPTO, "crypto.key_load", "密钥文件“%s”不是 SM2 私钥",
                          "key file \"%s\" is not an SM2 private key", path);
    }
    *out = pkey;
    return ZZ_OK;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return -1;
        data += w;
        len -= (size_t)w;
    }
    return 0;
}

static void fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/*
 * Publishes data at final_path unless a file is already there: writes a temporary file beside it
 * (O_CREAT|O_EXCL, the given mode, fchmod'ed so the umask cannot widen or narrow it), syncs it,
 * and link(2)s it into place. Returns ZZ_OK, ZZ_EEXISTS when final_path already existed (nothing
 * changed), or an error.
 */
static int publish_file(const char *dir, const char *final_path, const char *data, size_t len,
                        mode_t mode, zz_err *err)
{
    char tmp[PATH_MAX];
    unsigned char rnd[8];
    int rc = zz_random_bytes(rnd, sizeof rnd, err);
    if (rc < 0) return rc;
    int n =
        snprintf(tmp, sizeof tmp, "%s.tmp-%ld-%02x%02x%02x%02x%02x%02x%02x%02x", final_path,
                 (long)getpid(), rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6], rnd[7]);
    if (n < 0 || (size_t)n >= sizeof tmp)
        return zz_err_set(err, ZZ_EINVAL, "input.path_too_long", "路径过长：“%s”",
                          "path too long: \"%s\"", final_path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0) {
        int e = errno;
        return zz_err_set(err, ZZ_EIO, "crypto.key_write", "无法创建密钥文件“%s”：%s",
                          "cannot create key file \"%s\": %s", tmp, strerror(e));
    }
    if (fchmod(fd, mode) != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        return zz_err_set(err, ZZ_EIO, "crypto.key_write", "写入密钥文件“%s”失败：%s",
                          "cannot write key file \"%s\": %s", tmp, strerror(e));
    }
    if (close(fd) != 0) {
        int e = errno;
        unlink(tmp);
        return zz_err_set(err, ZZ_EIO, "crypto.key_write", "写入密钥文件“%s”失败：%s",
                          "cannot write key file \"%s\": %s", tmp, strerror(e));
    }
    int linked = link(tmp, final_path);
    int e = errno;
    unlink(tmp);
    if (linked != 0 && e == EEXIST) return ZZ_EEXISTS;
    if (linked != 0)
        return zz_err_set(err, ZZ_EIO, "crypto.key_write", "无法发布密钥文件“%s”：%s",
                          "cannot publish key file \"%s\": %s", final_path, strerror(e));
    fsync_dir(dir);
    return ZZ_OK;
}

/* Writes a fresh key pair's private key; ZZ_EEXISTS when another process got there first. */
static int create_private(const char *dir, const char *path, zz_err *err)
{
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "SM2");
    if (!pkey)
        return zz_crypto_fail(err, ZZ_ECRYPTO, "crypto.keygen", "SM2 密钥生成失败",
                              "sm2 key generation failed");
    /* Secure-memory BIO: the PEM text is wiped when freed. */
    BIO *bio = BIO_new(BIO_s_secmem());
    if (!bio || !PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0, NULL, NULL)) {
        BIO_free(bio);
        EVP_PKEY_free(pkey);
        return zz_crypto_fail(err, ZZ_ECRYPTO, "crypto.key_encode", "私钥编码失败",
                              "cannot encode the private key");
    }
    EVP_PKEY_free(pkey);
    char *data = NULL;
    long n = BIO_get_mem_data(bio, &data);
    int rc = publish_file(dir, path, data, n > 0 ? (size_t)n : 0, 0600, err);
    BIO_free(bio);
    return rc;
}

/* Makes sure the public key file exists and belongs to the private key. */
static int ensure_public(const zz_sm2_key *key, const char *dir, const char *path, zz_err *err)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0) {
            char *pem = NULL;
            size_t n = 0;
            int rc = read_small(&pem, &n, fd, path, err);
            close(fd);
            if (rc < 0) return rc;
            zz_sm2_key *pub = NULL;
            rc = zz_sm2_pubkey_from_pem(&pub, pem, err);
            cleanse_free(pem);
            if (rc < 0) return rc;
            int same = EVP_PKEY_eq(pub->pkey, key->pkey);
            zz_sm2_key_free(pub);
            ERR_clear_error();
            if (same != 1)
                return zz_err_set(
                    err, ZZ_ECRYPTO, "crypto.key_mismatch", "公钥文件“%s”与系统私钥不匹配",
                    "public key file \"%s\" does not match the system private key", path);
            return ZZ_OK;
        }
        if (errno != ENOENT) {
            int e = errno;
            return zz_err_set(err, ZZ_EIO, "crypto.key_load", "无法打开公钥文件“%s”：%s",
                              "cannot open public key file \"%s\": %s", path, strerror(e));
        }
        char *pem = NULL;
        int rc = zz_sm2_pubkey_pem(&pem, key, err);
        if (rc < 0) return rc;
        rc = publish_file(dir, path, pem, strlen(pem), 0644, err);
        free(pem);
        if (rc == ZZ_OK) return ZZ_OK;
        if (rc != ZZ_EEXISTS) return rc;
        /* Another process published it meanwhile: check what it wrote. */
    }
    return zz_err_set(err, ZZ_ERROR, "crypto.key_load", "公钥文件“%s”无法建立",
                      "public key file \"%s\" could not be established", path);
}

int zz_sm2_key_load_or_create(zz_sm2_key **out, const char *data_dir, zz_err *err)
{
    char dir[PATH_MAX], priv[PATH_MAX], pub[PATH_MAX];
    *out = NULL;
    int rc;
    if ((rc = path_join(dir, sizeof dir, data_dir, KEY_DIR, err)) < 0 ||
        (rc = path_join(priv, sizeof priv, dir, KEY_PRIV, err)) < 0 ||
        (rc = path_join(pub, sizeof pub, dir, KEY_PUB, err)) < 0)
        return rc;
    if ((rc = make_dir(data_dir, err)) < 0 || (rc = make_dir(dir, err)) < 0) return rc;

    EVP_PKEY *pkey = NULL;
    /* Two rounds suffice: either the key exists, or we (or a racing process) create it. */
    for (int attempt = 0; attempt < 2 && !pkey; attempt++) {
        int fd = open(priv, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0) {
            rc = load_private(&pkey, fd, priv, err);
            close(fd);
            if (rc < 0) return rc;
            break;
        }
        if (errno != ENOENT) {
            int e = errno;
            return zz_err_set(err, ZZ_ECRYPTO, "crypto.key_load", "无法打开私钥文件“%s”：%s",
                              "cannot open private key file \"%s\": %s", priv, strerror(e));
        }
        rc = create_private(dir, priv, err);
        if (rc < 0 && rc != ZZ_EEXISTS) return rc;
        /* Created, or lost the race (EEXIST): either way, load what is now on disk. */
    }
    if (!pkey)
        return zz_err_set(err, ZZ_ERROR, "crypto.key_load", "私钥文件“%s”无法建立",
                          "private key file \"%s\" could not be established", priv);
    rc = key_wrap(out, pkey, err);
    if (rc < 0) return rc;
    rc = ensure_public(*out, dir, pub, err);
    if (rc < 0) {
        zz_sm2_key_free(*out);
        *out = NULL;
    }
    return rc;
}
