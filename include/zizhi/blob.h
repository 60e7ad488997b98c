/*
 * blob.h — the evidence blob store (证据文件库): content-addressed files on disk
 * (src/store/blob.c).
 *
 * evidence files are stored by their SM3 digest, and a stored file that no longer matches
 * its digest is reported. A blob with digest H (64 lower-case hex chars) lives at
 *
 *     DATA_DIR/evidence/H[0..1]/H[2..3]/H          e.g. evidence/66/c7/66c7f0f4…8f4ba8e0
 *
 * and is written through DATA_DIR/evidence/tmp/. Directories are created 0700, blobs are 0400.
 *
 * Invariants:
 *   I1  a file appears under its final name only complete and synced: it is written to a private
 *       temporary file, fsync'ed, then link(2)ed into place, which never replaces an existing file.
 *   I2  when written, a blob's content hashes to its name; the store never modifies a blob, so a
 *       mismatch found later (zz_blob_verify) means outside tampering or media failure.
 *   I3  equal content is stored once (dedup): committing a blob that already exists succeeds and
 *       leaves the existing file untouched.
 *   I4  every digest argument is checked (exactly 64 lower-case hex chars) before any path is built
 *       from it, so no caller text reaches the file system.
 *
 * Writer lifecycle (one writer per upload, not shared between threads):
 *
 *     zz_blob_writer_open ──► zz_blob_writer_write (0..n times) ──► zz_blob_writer_commit
 *                                     │ (any failure)                  or zz_blob_writer_abort
 *                                     ▼
 *                              failed: writes/commit refused ──► zz_blob_writer_abort
 *
 * commit and abort both free the writer, whatever they return, and both remove the temporary file
 * unless it became the blob.
 */
#ifndef ZIZHI_BLOB_H
#define ZIZHI_BLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/crypto.h"
#include "zizhi/errors.h"

#define ZZ_BLOB_PATH_MAX 4096

/* True when hex is exactly 64 lower-case hex digits (a well-formed SM3 digest). */
bool zz_blob_hex_valid(const char *hex);

/*
 * DATA_DIR/evidence/ab/cd/<hex> into buf. ZZ_EINVAL "input.digest" when hex is malformed,
 * "input.path_too_long" when the path does not fit. Does not check that the blob exists.
 */
int zz_blob_path(char buf[ZZ_BLOB_PATH_MAX], const char *data_dir, const char *hex, zz_err *err);

/* A streaming writer; *out is freed by zz_blob_writer_commit or zz_blob_writer_abort. */
typedef struct zz_blob_writer zz_blob_writer;

/* Creates DATA_DIR/evidence/tmp/ if needed and opens a temporary file there. */
int zz_blob_writer_open(zz_blob_writer **out, const char *data_dir, zz_err *err);
/*
 * Caps the blob at max_bytes (0 = no cap, the default). A write that would pass the cap fails
 * with ZZ_ETOOBIG "input.too_big" and puts the writer in the failed state.
 */
void zz_blob_writer_set_limit(zz_blob_writer *w, uint64_t max_bytes);
/* Appends len bytes, hashing them with SM3 as they pass. */
int zz_blob_writer_write(zz_blob_writer *w, const void *buf, size_t len, zz_err *err);
/*
 * Syncs the data and moves it to its content address; out_hex gets the SM3 digest, *size (may be
 * NULL) the byte count. When the blob already exists, the temporary copy is dropped and the call
 * succeeds (I3). Frees w.
 */
int zz_blob_writer_commit(zz_blob_writer *w, char out_hex[ZZ_SM3_HEXLEN + 1], uint64_t *size,
                          zz_err *err);
/* Removes the temporary file and frees w. NULL is a no-op. */
void zz_blob_writer_abort(zz_blob_writer *w);

/* Stores a copy of the file at path (streamed); out_hex gets its digest. */
int zz_blob_put_file(char out_hex[ZZ_SM3_HEXLEN + 1], const char *data_dir, const char *path,
                     zz_err *err);
/* Stores len bytes from memory (generated documents); out_hex gets their digest. */
int zz_blob_put(char out_hex[ZZ_SM3_HEXLEN + 1], const char *data_dir, const void *data, size_t len,
                zz_err *err);

/*
 * recomputes the blob's SM3 digest. 0 when it matches; ZZ_ENOTFOUND "store.blob_missing"
 * when the file is absent; ZZ_ECONFLICT "store.blob_mismatch" (naming the digest) when the content
 * no longer matches; ZZ_EINVAL "input.digest" for a malformed digest; ZZ_ESTORE "store.blob_read".
 */
int zz_blob_verify(const char *data_dir, const char *hex, zz_err *err);

#endif
