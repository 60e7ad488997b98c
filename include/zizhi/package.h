/*
 * package.h — signed electronic packages (电子版资料, R-2.5): one zip archive holding the files of
 * an application plus manifest.json and manifest.sig (src/doc/package.c, libarchive).
 *
 * manifest.json (written last, compact UTF-8):
 *   {"format":"zizhi-package","format_version":1,"meta":{…caller's object…},
 *    "key":"<SM3 of the signing public key>","files":[{"path":…,"size":…,"sm3":…}, …]}
 * with files sorted by path; manifest.sig is the base64 SM2 signature (SM3, distid set) of the
 * exact bytes of manifest.json by the system key.
 *
 * Verification never extracts to disk: members are streamed through SM3 in memory (manifest.json
 * and manifest.sig are read whole, capped at ZZ_PACKAGE_MANIFEST_MAX). It refuses, naming the
 * member: absolute paths, "." or ".." components, backslashes, empty components, control
 * characters, symlinks, hardlinks and other non-regular entries, and duplicate names; then checks
 * the signature, and every file against the manifest (missing, extra, size, SM3).
 *
 * Codes (all "package.*"): package.open (not a readable zip, ZZ_EIO/ZZ_EINVAL),
 * package.unsafe_path, package.link, package.not_regular, package.duplicate, package.no_manifest,
 * package.no_signature, package.manifest (malformed), package.bad_signature (ZZ_ECRYPTO),
 * package.missing_file, package.extra_file, package.size_mismatch, package.digest_mismatch
 * (ZZ_ECONFLICT), package.too_big, package.write (building failed).
 *
 * Invariants:
 *   I1  a writer never leaves a partial archive behind: abort (or a failed finish) removes it.
 *   I2  a package that verifies has exactly the files the signed manifest lists, byte for byte.
 */
#ifndef ZIZHI_PACKAGE_H
#define ZIZHI_PACKAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/crypto.h"
#include "zizhi/errors.h"

#define ZZ_PACKAGE_FORMAT       "zizhi-package"
#define ZZ_PACKAGE_MANIFEST     "manifest.json"
#define ZZ_PACKAGE_SIGNATURE    "manifest.sig"
#define ZZ_PACKAGE_MANIFEST_MAX (16u * 1024 * 1024)
#define ZZ_PACKAGE_PATH_MAX     512

/* A package being written; not shared between threads. */
typedef struct zz_package_writer zz_package_writer;

/* Creates the zip at path (refuses to replace an existing file: ZZ_EEXISTS "package.exists");
 * every entry gets mtime_sec as its time. Free with finish or abort. */
int zz_package_writer_open(zz_package_writer **out, const char *path, int64_t mtime_sec,
                           zz_err *err);
/* Adds a file from memory under name (a safe relative path, "package.unsafe_path" otherwise). */
int zz_package_add_bytes(zz_package_writer *w, const char *name, const void *data, size_t len,
                         zz_err *err);
/* Adds a file from disk, streamed; when expect_sm3 is not NULL the content must hash to it
 * (ZZ_ECONFLICT "store.blob_mismatch" otherwise: a stored blob changed, R-8.3). */
int zz_package_add_file(zz_package_writer *w, const char *name, const char *src_path,
                        const char *expect_sm3, zz_err *err);
/* True when name was already added. */
bool zz_package_has(const zz_package_writer *w, const char *name);
/*
 * Writes manifest.json (meta_json: a JSON object, may be NULL) and manifest.sig signed with key,
 * closes the archive and frees w. On failure the archive is removed (I1).
 */
int zz_package_writer_finish(zz_package_writer *w, const char *meta_json, const zz_sm2_key *key,
                             zz_err *err);
/* Closes, removes the archive and frees w. NULL is a no-op. */
void zz_package_writer_abort(zz_package_writer *w);

typedef struct zz_package_file {
    char path[ZZ_PACKAGE_PATH_MAX];
    uint64_t size;
    char sm3[ZZ_SM3_HEXLEN + 1];
} zz_package_file;

typedef struct zz_package_info {
    char *meta_json; /* the manifest's "meta" object, compact; owned */
    char key[ZZ_SM3_HEXLEN + 1];
    zz_package_file *files; /* owned, manifest order */
    size_t n_files;
} zz_package_info;
void zz_package_info_free(zz_package_info *info); /* frees the members, not info itself */

/*
 * Verifies the package at path against key (the system key). 0 when it verifies; otherwise the
 * package.* code above, naming the member. OUT: *info (may be NULL) on success, else zeroed.
 */
int zz_package_verify_file(const char *path, const zz_sm2_key *key, zz_package_info *info,
                           zz_err *err);
/* The same for a package stored as a blob (blob.h), after checking the blob's own digest. */
int zz_package_verify_blob(const char *data_dir, const char *digest, const zz_sm2_key *key,
                           zz_package_info *info, zz_err *err);

/* Copies a stored blob (checked against its digest first, R-8.3) to out_path, which must not
 * exist yet (ZZ_EEXISTS "package.exists"). */
int zz_package_copy_blob(const char *data_dir, const char *digest, const char *out_path,
                         zz_err *err);

/* A file name extension for a scanned document from its first bytes: ".pdf", ".jpg", ".png",
 * ".tif", else ".bin" (static string). */
const char *zz_package_guess_ext(const char *path);

/* True when name is a safe relative member path (the rules above). */
bool zz_package_path_safe(const char *name);

#endif
