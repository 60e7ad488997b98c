/*
 * file_store.h — whole-file reads and atomic writes for the data files the core parses
 * (catalogues, the fee schedule, form definitions) and removal of files the core created.
 *
 * This is the only file I/O reachable from src/core besides the database and the blob store,
 * so that src/core itself stays free of I/O (DESIGN.md).
 */
#ifndef ZIZHI_FILE_STORE_H
#define ZIZHI_FILE_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "zizhi/errors.h"

/*
 * Reads the whole file into a NUL-terminated buffer. OUT: *buf (caller frees with free()),
 * *len (bytes, without the NUL). Refuses files over max bytes (ZZ_ETOOBIG "io.too_big") and, when
 * text is set, files with a NUL byte (ZZ_EINVAL "io.nul"). ZZ_EIO "io.open" / "io.read".
 */
int zz_file_read(const char *path, size_t max, int text, char **buf, size_t *len, zz_err *err);

/* Writes data to path through a temporary file renamed into place. ZZ_EIO "io.write". */
int zz_file_write_atomic(const char *path, const void *data, size_t len, zz_err *err);

/* Whether a file exists at path. */
bool zz_file_exists(const char *path);

/* Removes a file; a missing file is not an error. */
void zz_file_remove(const char *path);

#endif
