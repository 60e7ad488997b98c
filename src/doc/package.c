/*
 * package.c — the signed electronic package: a zip written with libarchive, holding the
 * application's files, manifest.json (size and SM3 of every file) and manifest.sig (SM2 by the
 * system key); and its verification, which reads members into SM3 without ever extracting to
 * disk and refuses unsafe entries itself (libarchive's SECURE_* flags do not stop symlink entries,
 * stack-notes.md §6).
 */
#include "zizhi/package.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zizhi/blob.h"

#define CHUNK 65536

/*
 * libarchive converts member names through the current locale; in the "C" locale it cannot
 * decode UTF-8 names (3.6.2 returns NULL with ARCHIVE_WARN). Every call into libarchive runs
 * under a thread-local C.UTF-8 locale instead, never touching the process locale.
 */
typedef struct lscope {
    locale_t loc, prev;
} lscope;

static void lenter(lscope *s)
{
    s->loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    s->prev = s->loc ? uselocale(s->loc) : (locale_t)0;
}

static void lleave(lscope *s)
{
    if (s->loc) {
        uselocale(s->prev);
        freelocale(s->loc);
    }
}

struct zz_package_writer {
    struct archive *a;
    int fd;
    char *path;
    int64_t mtime;
    zz_package_file *files;
    size_t n, cap;
};

static int nomem(zz_err *err)
{
    return zz_err_set(err, ZZ_ENOMEM, "nomem", "内存不足%s", "out of memory%s", "");
}

/* ---------------------------------------------------------------- path rules */

static bool utf8_valid(const unsigned char *s)
{
    while (*s) {
        unsigned c = *s;
        int n;
        if (c < 0x80)
            n = 0;
        else if ((c & 0xE0) == 0xC0 && c >= 0xC2)
            n = 1;
        else if ((c & 0xF0) == 0xE0)
            n = 2;
        else if ((c & 0xF8) == 0xF0 && c <= 0xF4)
            n = 3;
        else
            return false;
        s++;
        for (int i = 0; i < n; i++, s++)
            if ((*s & 0xC0) != 0x80) return false;
    }
    return true;
}

bool zz_package_path_safe(const char *name)
{
    if (!name || !*name || strlen(name) >= ZZ_PACKAGE_PATH_MAX || name[0] == '/') return false;
    if (!utf8_valid((const unsigned char *)name)) return false;
    const char *comp = name;
    for (const char *p = name;; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '/' || c == '\0') {
            size_t len = (size_t)(p - comp);
            if (len == 0) /* "a//b", trailing '/' */
                return false;
            if ((len == 1 && comp[0] == '.') || (len == 2 && comp[0] == '.' && comp[1] == '.'))
                return false;
            if (c == '\0') break;
            comp = p + 1;
            continue;
        }
        /* backslashes are separators on Windows, ':' names drives and streams there */
        if (c < 0x20 || c == 0x7f || c == '\\' || c == ':') return false;
    }
    return true;
}

/* ---------------------------------------------------------------- writing */

static int werr(zz_package_writer *w, zz_err *err, const char *what)
{
    return zz_err_set(err, ZZ_EIO, "package.write", "写入电子资料包 %s 失败（%s）：%s",
                      "cannot write package %s (%s): %s", w->path, what,
                      w->a && archive_error_string(w->a) ? archive_error_string(w->a)
                                                         : strerror(errno));
}

static int writer_open_impl(zz_package_writer **out, const char *path, int64_t mtime_sec,
                            zz_err *err)
{
    *out = NULL;
    zz_package_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->path = strdup(path))) {
        free(w);
        return nomem(err);
    }
    w->fd = -1;
    w->mtime = mtime_sec;
    w->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (w->fd < 0) {
        int e = errno;
        free(w->path);
        free(w);
        if (e == EEXIST)
            return zz_err_set(err, ZZ_EEXISTS, "package.exists", "文件 %s 已存在，不会覆盖",
                              "%s exists; it is not overwritten", path);
        return zz_err_set(err, ZZ_EIO, "package.write", "无法创建电子资料包 %s：%s",
                          "cannot create package %s: %s", path, strerror(e));
    }
    w->a = archive_write_new();
    if (!w->a || archive_write_set_format_zip(w->a) != ARCHIVE_OK ||
        archive_write_set_options(w->a, "zip:hdrcharset=UTF-8") < ARCHIVE_WARN ||
        archive_write_open_fd(w->a, w->fd) != ARCHIVE_OK) {
        int rc = werr(w, err, "open");
        zz_package_writer_abort(w);
        return rc;
    }
    *out = w;
    return ZZ_OK;
}

bool zz_package_has(const zz_package_writer *w, const char *name)
{
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->files[i].path, name) == 0) return true;
    return false;
}

static int check_name(zz_package_writer *w, const char *name, zz_err *err)
{
    if (!zz_package_path_safe(name))
        return zz_err_set(err, ZZ_EINVAL, "package.unsafe_path", "资料包内路径 \"%s\" 不安全",
                          "unsafe package path \"%s\"", name);
    if (zz_package_has(w, name))
        return zz_err_set(err, ZZ_EEXISTS, "package.duplicate", "资料包内已有文件 %s",
                          "the package already holds %s", name);
    if (w->n == w->cap) {
        size_t nc = w->cap ? w->cap * 2 : 32;
        zz_package_file *f = realloc(w->files, nc * sizeof *f);
        if (!f) return nomem(err);
        w->files = f;
        w->cap = nc;
    }
    return ZZ_OK;
}

static int write_header(zz_package_writer *w, const char *name, uint64_t size, zz_err *err)
{
    struct archive_entry *e = archive_entry_new();
    if (!e) return nomem(err);
    archive_entry_set_pathname_utf8(e, name);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)size);
    archive_entry_set_mtime(e, (time_t)w->mtime, 0);
    int r = archive_write_header(w->a, e);
    archive_entry_free(e);
    if (r < ARCHIVE_OK) return werr(w, err, name);
    return ZZ_OK;
}

static int write_data(zz_package_writer *w, const char *name, const void *buf, size_t len,
                      zz_err *err)
{
    const char *p = buf;
    while (len > 0) {
        la_ssize_t n = archive_write_data(w->a, p, len);
        if (n <= 0) return werr(w, err, name);
        p += n;
        len -= (size_t)n;
    }
    return ZZ_OK;
}

static int add_bytes_impl(zz_package_writer *w, const char *name, const void *data, size_t len,
                          zz_err *err)
{
    int rc = check_name(w, name, err);
    if (rc < 0) return rc;
    zz_package_file *f = &w->files[w->n];
    memset(f, 0, sizeof *f);
    snprintf(f->path, sizeof f->path, "%s", name);
    f->size = len;
    if ((rc = zz_sm3_hex(f->sm3, data, len, err)) < 0) return rc;
    if ((rc = write_header(w, name, len, err)) < 0 ||
        (rc = write_data(w, name, data, len, err)) < 0)
        return rc;
    w->n++;
    return ZZ_OK;
}

static int add_file_impl(zz_package_writer *w, const char *name, const char *src_path,
                         const char *expect_sm3, zz_err *err)
{
    int rc = check_name(w, name, err);
    if (rc < 0) return rc;
    FILE *in = fopen(src_path, "rb");
    struct stat sb;
    if (!in || fstat(fileno(in), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        int e = errno;
        if (in) fclose(in);
        return zz_err_set(err, ZZ_EIO, "package.write", "无法读取文件 %s：%s", "cannot read %s: %s",
                          src_path, strerror(e));
    }
    zz_package_file *f = &w->files[w->n];
    memset(f, 0, sizeof *f);
    snprintf(f->path, sizeof f->path, "%s", name);
    zz_sm3 *h = NULL;
    unsigned char *buf = malloc(CHUNK);
    if (!buf) {
        fclose(in);
        return nomem(err);
    }
    if ((rc = zz_sm3_new(&h, err)) < 0 ||
        (rc = write_header(w, name, (uint64_t)sb.st_size, err)) < 0)
        goto out;
    uint64_t total = 0;
    size_t got;
    while ((got = fread(buf, 1, CHUNK, in)) > 0) {
        total += got;
        if (total > (uint64_t)sb.st_size) break;
        if ((rc = zz_sm3_update(h, buf, got, err)) < 0 ||
            (rc = write_data(w, name, buf, got, err)) < 0)
            goto out;
    }
    if (ferror(in) || total != (uint64_t)sb.st_size) {
        rc = zz_err_set(err, ZZ_EIO, "package.write", "读取文件 %s 时出错或文件在读取中被改变",
                        "reading %s failed or the file changed while it was read", src_path);
        goto out;
    }
    f->size = total;
    if ((rc = zz_sm3_final_hex(h, f->sm3, err)) < 0) goto out;
    if (expect_sm3 && strcmp(expect_sm3, f->sm3) != 0) {
        rc = zz_err_rule(err, ZZ_ECONFLICT, "store.blob_mismatch", "R-8.3",
                         "证据文件 %s 的内容与其 SM3 摘要不符（存储已被改动）",
                         "stored file %s no longer matches its SM3 digest (the store was altered)",
                         expect_sm3);
        goto out;
    }
    w->n++;
out:
    zz_sm3_free(h);
    free(buf);
    fclose(in);
    return rc;
}

static int cmp_file(const void *a, const void *b)
{
    return strcmp(((const zz_package_file *)a)->path, ((const zz_package_file *)b)->path);
}

void zz_package_writer_abort(zz_package_writer *w)
{
    if (!w) return;
    if (w->a) archive_write_free(w->a); /* closes the archive; the fd is ours */
    if (w->fd >= 0) close(w->fd);
    unlink(w->path);
    free(w->path);
    free(w->files);
    free(w);
}

static int writer_finish_impl(zz_package_writer *w, const char *meta_json, const zz_sm2_key *key,
                              zz_err *err)
{
    int rc = ZZ_OK;
    char *manifest = NULL, *sig = NULL;
    json_t *root = NULL;
    char fp[ZZ_SM3_HEXLEN + 1];

    json_t *meta = NULL;
    if (meta_json) {
        json_error_t je;
        meta = json_loads(meta_json, JSON_REJECT_DUPLICATES, &je);
        if (!meta || !json_is_object(meta)) {
            json_decref(meta);
            rc = zz_err_set(err, ZZ_EINVAL, "package.manifest", "资料包元数据不是 JSON 对象%s",
                            "package metadata is not a JSON object%s", "");
            goto fail;
        }
    } else {
        meta = json_object();
    }
    if ((rc = zz_sm2_pubkey_sm3_hex(fp, key, err)) < 0) {
        json_decref(meta);
        goto fail;
    }
    qsort(w->files, w->n, sizeof *w->files, cmp_file);
    json_t *files = json_array();
    for (size_t i = 0; i < w->n; i++)
        json_array_append_new(files,
                              json_pack("{s:s,s:I,s:s}", "path", w->files[i].path, "size",
                                        (json_int_t)w->files[i].size, "sm3", w->files[i].sm3));
    root = json_pack("{s:s,s:i,s:o,s:s,s:o}", "format", ZZ_PACKAGE_FORMAT, "format_version", 1,
                     "meta", meta, "key", fp, "files", files);
    if (!root || !(manifest = json_dumps(root, JSON_COMPACT))) {
        rc = nomem(err);
        goto fail;
    }
    size_t mlen = strlen(manifest);
    if ((rc = zz_sm2_sign(&sig, key, manifest, mlen, err)) < 0) goto fail;
    /* the manifest itself is not listed: it cannot hold its own digest */
    if ((rc = write_header(w, ZZ_PACKAGE_MANIFEST, mlen, err)) < 0 ||
        (rc = write_data(w, ZZ_PACKAGE_MANIFEST, manifest, mlen, err)) < 0 ||
        (rc = write_header(w, ZZ_PACKAGE_SIGNATURE, strlen(sig), err)) < 0 ||
        (rc = write_data(w, ZZ_PACKAGE_SIGNATURE, sig, strlen(sig), err)) < 0)
        goto fail;
    if (archive_write_close(w->a) != ARCHIVE_OK) {
        rc = werr(w, err, "close");
        goto fail;
    }
    archive_write_free(w->a);
    w->a = NULL;
    if (fsync(w->fd) != 0 || close(w->fd) != 0) {
        w->fd = -1;
        rc = werr(w, err, "sync");
        goto fail;
    }
    w->fd = -1;
    json_decref(root);
    free(manifest);
    free(sig);
    free(w->path);
    free(w->files);
    free(w);
    return ZZ_OK;
fail:
    json_decref(root);
    free(manifest);
    free(sig);
    zz_package_writer_abort(w);
    return rc;
}

/* ---------------------------------------------------------------- verification */

void zz_package_info_free(zz_package_info *info)
{
    if (!info) return;
    free(info->meta_json);
    free(info->files);
    memset(info, 0, sizeof *info);
}

typedef struct seen {
    zz_package_file *files;
    size_t n, cap;
    unsigned char *manifest;
    size_t manifest_len;
    char *sig;
    bool has_manifest, has_sig;
} seen;

static int rd_err(struct archive *a, const char *path, const char *member, zz_err *err)
{
    const char *msg = archive_error_string(a) ? archive_error_string(a) : "read error";
    if (member)
        return zz_err_set(err, ZZ_EINVAL, "package.open", "读取资料包 %1$s 的成员 %2$s 失败：%3$s",
                          "cannot read member %2$s of package %1$s: %3$s", path, member, msg);
    return zz_err_set(err, ZZ_EINVAL, "package.open",
                      "无法读取资料包 %s（不是有效的 zip 文件？）：%s",
                      "cannot read package %s (not a valid zip?): %s", path, msg);
}

/* Reads the current member whole into *buf (NUL-terminated), capped at max bytes. */
static int read_whole(struct archive *a, const char *path, const char *name, unsigned char **buf,
                      size_t *len, size_t max, zz_err *err)
{
    size_t cap = 4096, n = 0;
    unsigned char *b = malloc(cap + 1);
    if (!b) return nomem(err);
    for (;;) {
        if (n == cap) {
            if (cap >= max) {
                free(b);
                return zz_err_set(err, ZZ_ETOOBIG, "package.too_big",
                                  "资料包 %1$s 的 %2$s 超过大小上限",
                                  "%2$s in package %1$s is too big", path, name);
            }
            cap = cap * 2 > max ? max : cap * 2;
            unsigned char *nb = realloc(b, cap + 1);
            if (!nb) {
                free(b);
                return nomem(err);
            }
            b = nb;
        }
        la_ssize_t r = archive_read_data(a, b + n, cap - n);
        if (r < 0) {
            free(b);
            return rd_err(a, path, name, err);
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return ZZ_OK;
}

static int hash_member(struct archive *a, const char *path, const char *name, zz_package_file *f,
                       zz_err *err)
{
    zz_sm3 *h = NULL;
    int rc = zz_sm3_new(&h, err);
    if (rc < 0) return rc;
    unsigned char *buf = malloc(CHUNK);
    if (!buf) {
        zz_sm3_free(h);
        return nomem(err);
    }
    uint64_t total = 0;
    for (;;) {
        la_ssize_t r = archive_read_data(a, buf, CHUNK);
        if (r < 0) {
            rc = rd_err(a, path, name, err);
            break;
        }
        if (r == 0) break;
        total += (uint64_t)r;
        if ((rc = zz_sm3_update(h, buf, (size_t)r, err)) < 0) break;
    }
    if (rc == ZZ_OK) {
        f->size = total;
        rc = zz_sm3_final_hex(h, f->sm3, err);
    }
    free(buf);
    zz_sm3_free(h);
    return rc;
}

static const zz_package_file *find(const zz_package_file *files, size_t n, const char *p)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(files[i].path, p) == 0) return &files[i];
    return NULL;
}

/* One pass over the archive: entry checks, manifest and signature read, the rest hashed. */
static int scan(const char *path, seen *s, zz_err *err)
{
    struct archive *a = archive_read_new();
    if (!a) return nomem(err);
    archive_read_support_format_zip(a);
    int rc = ZZ_OK;
    if (archive_read_open_filename(a, path, CHUNK) != ARCHIVE_OK) {
        rc = errno == ENOENT ? zz_err_set(err, ZZ_EIO, "package.open", "找不到资料包 %s",
                                          "package %s not found", path)
                             : rd_err(a, path, NULL, err);
        archive_read_free(a);
        return rc;
    }
    struct archive_entry *e;
    int r;
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
        const char *name = archive_entry_pathname_utf8(e);
        if (!name) name = archive_entry_pathname(e);
        char shown[ZZ_PACKAGE_PATH_MAX];
        snprintf(shown, sizeof shown, "%s", name ? name : "?");
        for (char *p = shown; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = '?';
        if (!name) {
            rc = zz_err_set(err, ZZ_EINVAL, "package.unsafe_path", "资料包 %s 中有无法解码的成员名",
                            "package %s holds a member name that cannot be decoded", path);
            break;
        }
        mode_t ft = archive_entry_filetype(e);
        if (ft == AE_IFLNK || archive_entry_symlink(e) || archive_entry_hardlink(e)) {
            rc = zz_err_set(err, ZZ_EINVAL, "package.link",
                            "资料包 %1$s 中的成员 %2$s 是符号链接或硬链接，拒绝处理",
                            "member %2$s of package %1$s is a symlink or hardlink: refused", path,
                            shown);
            break;
        }
        char dirname[ZZ_PACKAGE_PATH_MAX];
        const char *check = name;
        if (ft == AE_IFDIR) {
            size_t l = strlen(name);
            if (l > 0 && l < sizeof dirname) {
                memcpy(dirname, name, l + 1);
                while (l > 0 && dirname[l - 1] == '/')
                    dirname[--l] = '\0';
                check = dirname;
            }
        }
        if (!zz_package_path_safe(check)) {
            rc = zz_err_set(
                err, ZZ_EINVAL, "package.unsafe_path",
                "资料包 %1$s 中的成员路径 \"%2$s\" 不安全（绝对路径、\"..\" 或非法字符）",
                "unsafe member path \"%2$s\" in package %1$s (absolute, \"..\" or bad "
                "characters)",
                path, shown);
            break;
        }
        if (ft == AE_IFDIR) {
            archive_read_data_skip(a);
            continue;
        }
        if (ft != AE_IFREG) {
            rc = zz_err_set(err, ZZ_EINVAL, "package.not_regular",
                            "资料包 %1$s 中的成员 %2$s 不是普通文件",
                            "member %2$s of package %1$s is not a regular file", path, shown);
            break;
        }
        bool is_manifest = strcmp(name, ZZ_PACKAGE_MANIFEST) == 0;
        bool is_sig = strcmp(name, ZZ_PACKAGE_SIGNATURE) == 0;
        if ((is_manifest && s->has_manifest) || (is_sig && s->has_sig) ||
            find(s->files, s->n, name)) {
            rc = zz_err_set(err, ZZ_EINVAL, "package.duplicate",
                            "资料包 %1$s 中成员 %2$s 出现了两次",
                            "member %2$s appears twice in package %1$s", path, shown);
            break;
        }
        if (is_manifest) {
            if ((rc = read_whole(a, path, name, &s->manifest, &s->manifest_len,
                                 ZZ_PACKAGE_MANIFEST_MAX, err)) < 0)
                break;
            s->has_manifest = true;
            continue;
        }
        if (is_sig) {
            unsigned char *b = NULL;
            size_t l = 0;
            if ((rc = read_whole(a, path, name, &b, &l, 4096, err)) < 0) break;
            s->sig = (char *)b;
            s->has_sig = true;
            continue;
        }
        if (s->n == s->cap) {
            size_t nc = s->cap ? s->cap * 2 : 32;
            zz_package_file *nf = realloc(s->files, nc * sizeof *nf);
            if (!nf) {
                rc = nomem(err);
                break;
            }
            s->files = nf;
            s->cap = nc;
        }
        zz_package_file *f = &s->files[s->n];
        memset(f, 0, sizeof *f);
        snprintf(f->path, sizeof f->path, "%s", name);
        if ((rc = hash_member(a, path, name, f, err)) < 0) break;
        s->n++;
    }
    if (rc == ZZ_OK && r != ARCHIVE_EOF) rc = rd_err(a, path, NULL, err);
    archive_read_free(a);
    return rc;
}

static int bad_manifest(const char *path, const char *what, zz_err *err)
{
    return zz_err_set(err, ZZ_EINVAL, "package.manifest", "资料包 %s 的清单格式错误：%s",
                      "malformed manifest in package %s: %s", path, what);
}

static int verify_file_impl(const char *path, const zz_sm2_key *key, zz_package_info *info,
                            zz_err *err)
{
    if (info) memset(info, 0, sizeof *info);
    seen s = {0};
    json_t *root = NULL;
    zz_package_file *listed = NULL;
    int rc = scan(path, &s, err);
    if (rc < 0) goto out;
    if (!s.has_manifest) {
        rc = zz_err_rule(err, ZZ_EINVAL, "package.no_manifest", "R-2.5", "资料包 %s 中没有 %s",
                         "package %s has no %s", path, ZZ_PACKAGE_MANIFEST);
        goto out;
    }
    if (!s.has_sig) {
        rc = zz_err_rule(err, ZZ_EINVAL, "package.no_signature", "R-2.5", "资料包 %s 中没有 %s",
                         "package %s has no %s", path, ZZ_PACKAGE_SIGNATURE);
        goto out;
    }
    /* the signature covers the manifest bytes exactly; surrounding whitespace is not signed */
    char *sig = s.sig;
    while (*sig == ' ' || *sig == '\n' || *sig == '\r' || *sig == '\t')
        sig++;
    size_t sl = strlen(sig);
    while (sl > 0 && (sig[sl - 1] == ' ' || sig[sl - 1] == '\n' || sig[sl - 1] == '\r' ||
                      sig[sl - 1] == '\t'))
        sig[--sl] = '\0';
    zz_err e2 = ZZ_ERR_INIT;
    if (zz_sm2_verify(key, s.manifest, s.manifest_len, sig, &e2) < 0) {
        rc = zz_err_rule(err, ZZ_ECRYPTO, "package.bad_signature", "R-2.5",
                         "资料包 %s 的清单签名无效（清单被改动，或不是本系统签发）",
                         "the manifest signature of package %s does not verify (altered, or not "
                         "signed by this system)",
                         path);
        goto out;
    }
    json_error_t je;
    root = json_loadb((const char *)s.manifest, s.manifest_len, JSON_REJECT_DUPLICATES, &je);
    if (!root || !json_is_object(root)) {
        rc = bad_manifest(path, "not a JSON object", err);
        goto out;
    }
    const char *fmt = json_string_value(json_object_get(root, "format"));
    json_t *files = json_object_get(root, "files");
    json_t *meta = json_object_get(root, "meta");
    const char *keyfp = json_string_value(json_object_get(root, "key"));
    if (!fmt || strcmp(fmt, ZZ_PACKAGE_FORMAT) != 0 ||
        json_integer_value(json_object_get(root, "format_version")) != 1) {
        rc = bad_manifest(path, "format is not zizhi-package 1", err);
        goto out;
    }
    if (!json_is_array(files) || !json_is_object(meta) || !keyfp) {
        rc = bad_manifest(path, "files, meta or key missing", err);
        goto out;
    }
    size_t nl = json_array_size(files);
    listed = calloc(nl ? nl : 1, sizeof *listed);
    if (!listed) {
        rc = nomem(err);
        goto out;
    }
    for (size_t i = 0; i < nl; i++) {
        json_t *f = json_array_get(files, i);
        const char *p = json_string_value(json_object_get(f, "path"));
        json_t *sz = json_object_get(f, "size");
        const char *h = json_string_value(json_object_get(f, "sm3"));
        if (!p || !zz_package_path_safe(p) || !json_is_integer(sz) || json_integer_value(sz) < 0 ||
            !h || !zz_blob_hex_valid(h) || strcmp(p, ZZ_PACKAGE_MANIFEST) == 0 ||
            strcmp(p, ZZ_PACKAGE_SIGNATURE) == 0 || find(listed, i, p)) {
            rc = bad_manifest(path, "a file entry is malformed or repeated", err);
            goto out;
        }
        snprintf(listed[i].path, sizeof listed[i].path, "%s", p);
        listed[i].size = (uint64_t)json_integer_value(sz);
        snprintf(listed[i].sm3, sizeof listed[i].sm3, "%s", h);
    }
    for (size_t i = 0; i < nl; i++) {
        const zz_package_file *got = find(s.files, s.n, listed[i].path);
        if (!got) {
            rc = zz_err_rule(err, ZZ_ECONFLICT, "package.missing_file", "R-2.5",
                             "资料包 %2$s 缺少清单所列文件 %1$s",
                             "file %s listed in the manifest is missing from package %s",
                             listed[i].path, path);
            goto out;
        }
        if (got->size != listed[i].size) {
            rc = zz_err_rule(
                err, ZZ_ECONFLICT, "package.size_mismatch", "R-2.5",
                "资料包 %2$s 中的文件 %1$s 大小与清单不符（清单 %3$llu 字节，实际 %4$llu "
                "字节）",
                "file %1$s in package %2$s has %4$llu bytes, the manifest says %3$llu",
                listed[i].path, path, (unsigned long long)listed[i].size,
                (unsigned long long)got->size);
            goto out;
        }
        if (strcmp(got->sm3, listed[i].sm3) != 0) {
            rc = zz_err_rule(err, ZZ_ECONFLICT, "package.digest_mismatch", "R-2.5",
                             "资料包 %2$s 中的文件 %1$s 的 SM3 摘要与清单不符（文件被改动）",
                             "file %s in package %s does not match its SM3 digest in the manifest "
                             "(altered)",
                             listed[i].path, path);
            goto out;
        }
    }
    for (size_t i = 0; i < s.n; i++) {
        if (!find(listed, nl, s.files[i].path)) {
            rc = zz_err_rule(err, ZZ_ECONFLICT, "package.extra_file", "R-2.5",
                             "资料包 %2$s 中的文件 %1$s 不在清单中",
                             "file %s in package %s is not listed in the manifest", s.files[i].path,
                             path);
            goto out;
        }
    }
    if (info) {
        info->meta_json = json_dumps(meta, JSON_COMPACT);
        if (!info->meta_json) {
            rc = nomem(err);
            goto out;
        }
        snprintf(info->key, sizeof info->key, "%s", keyfp);
        info->files = listed;
        info->n_files = nl;
        listed = NULL;
    }
    rc = ZZ_OK;
out:
    json_decref(root);
    free(listed);
    free(s.files);
    free(s.manifest);
    free(s.sig);
    return rc;
}

int zz_package_verify_blob(const char *data_dir, const char *digest, const zz_sm2_key *key,
                           zz_package_info *info, zz_err *err)
{
    if (info) memset(info, 0, sizeof *info);
    int rc = zz_blob_verify(data_dir, digest, err);
    if (rc < 0) return rc;
    char path[ZZ_BLOB_PATH_MAX];
    if ((rc = zz_blob_path(path, data_dir, digest, err)) < 0) return rc;
    return zz_package_verify_file(path, key, info, err);
}

/* ---------------------------------------------------------------- helpers */

int zz_package_copy_blob(const char *data_dir, const char *digest, const char *out_path,
                         zz_err *err)
{
    int rc = zz_blob_verify(data_dir, digest, err);
    if (rc < 0) return rc;
    char src[ZZ_BLOB_PATH_MAX];
    if ((rc = zz_blob_path(src, data_dir, digest, err)) < 0) return rc;
    FILE *in = fopen(src, "rb");
    if (!in)
        return zz_err_set(err, ZZ_ESTORE, "store.blob_read", "无法读取证据库文件 %s",
                          "cannot read stored blob %s", digest);
    int fd = open(out_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        int e = errno;
        fclose(in);
        if (e == EEXIST)
            return zz_err_set(err, ZZ_EEXISTS, "package.exists", "文件 %s 已存在，不会覆盖",
                              "%s exists; it is not overwritten", out_path);
        return zz_err_set(err, ZZ_EIO, "package.write", "无法创建文件 %s：%s",
                          "cannot create %s: %s", out_path, strerror(e));
    }
    unsigned char *buf = malloc(CHUNK);
    rc = buf ? ZZ_OK : nomem(err);
    size_t got;
    while (rc == ZZ_OK && (got = fread(buf, 1, CHUNK, in)) > 0) {
        const unsigned char *p = buf;
        while (got > 0) {
            ssize_t w = write(fd, p, got);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) {
                rc = zz_err_set(err, ZZ_EIO, "package.write", "写入文件 %s 失败：%s",
                                "cannot write %s: %s", out_path, strerror(errno));
                break;
            }
            p += w;
            got -= (size_t)w;
        }
    }
    if (rc == ZZ_OK && ferror(in))
        rc = zz_err_set(err, ZZ_ESTORE, "store.blob_read", "读取证据库文件 %s 出错",
                        "error reading stored blob %s", digest);
    if (rc == ZZ_OK && fsync(fd) != 0)
        rc = zz_err_set(err, ZZ_EIO, "package.write", "写入文件 %s 失败：%s", "cannot write %s: %s",
                        out_path, strerror(errno));
    free(buf);
    fclose(in);
    if (close(fd) != 0 && rc == ZZ_OK)
        rc = zz_err_set(err, ZZ_EIO, "package.write", "写入文件 %s 失败：%s", "cannot write %s: %s",
                        out_path, strerror(errno));
    if (rc < 0) unlink(out_path);
    return rc;
}

const char *zz_package_guess_ext(const char *path)
{
    unsigned char b[8] = {0};
    FILE *f = fopen(path, "rb");
    if (!f) return ".bin";
    size_t n = fread(b, 1, sizeof b, f);
    fclose(f);
    if (n >= 4 && memcmp(b, "%PDF", 4) == 0) return ".pdf";
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return ".jpg";
    if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0) return ".png";
    if (n >= 4 && (memcmp(b, "II*\0", 4) == 0 || memcmp(b, "MM\0*", 4) == 0)) return ".tif";
    return ".bin";
}

/* ---------------------------------------------------------------- locale-scoped entry points */

int zz_package_writer_open(zz_package_writer **out, const char *path, int64_t mtime_sec,
                           zz_err *err)
{
    lscope l;
    lenter(&l);
    int rc = writer_open_impl(out, path, mtime_sec, err);
    lleave(&l);
    return rc;
}

int zz_package_add_bytes(zz_package_writer *w, const char *name, const void *data, size_t len,
                         zz_err *err)
{
    lscope l;
    lenter(&l);
    int rc = add_bytes_impl(w, name, data, len, err);
    lleave(&l);
    return rc;
}

int zz_package_add_file(zz_package_writer *w, const char *name, const char *src_path,
                        const char *expect_sm3, zz_err *err)
{
    lscope l;
    lenter(&l);
    int rc = add_file_impl(w, name, src_path, expect_sm3, err);
    lleave(&l);
    return rc;
}

int zz_package_writer_finish(zz_package_writer *w, const char *meta_json, const zz_sm2_key *key,
                             zz_err *err)
{
    lscope l;
    lenter(&l);
    int rc = writer_finish_impl(w, meta_json, key, err);
    lleave(&l);
    return rc;
}

int zz_package_verify_file(const char *path, const zz_sm2_key *key, zz_package_info *info,
                           zz_err *err)
{
    lscope l;
    lenter(&l);
    int rc = verify_file_impl(path, key, info, err);
    lleave(&l);
    return rc;
}
