/*
 * pubdoc_store.h — the SQL of the public documents (src/store/pubdoc_store.c), used by
 * src/core/pubdoc.c only: table public_documents, and the size of a stored blob. Storage only:
 * the rules (kinds, who, which version is current) live in src/core/pubdoc.c.
 */
#ifndef ZIZHI_PUBDOC_STORE_H
#define ZIZHI_PUBDOC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/pubdoc.h"
#include "zizhi/store.h"

/* Inserts a version (d->id, published_by and builtin are ignored); by is the publishing user (0:
 * the system). A taken (kind, version) is ZZ_EEXISTS "store.duplicate". OUT: *id. */
int zz_pubdoc_store_insert(zz_store *st, const zz_pubdoc *d, int64_t by, int64_t *id, zz_err *err);

/* Per kind, the version with the latest doc_date on or before today (ties: the highest id).
 * Unordered by kind. OUT: *out (free()), *n. */
int zz_pubdoc_store_current(zz_store *st, const char *today, zz_pubdoc **out, size_t *n,
                            zz_err *err);

/* The versions of kind, newest date first (ties: highest id first); with today not NULL only
 * those dated on or before it. OUT: *out (free()), *n. */
int zz_pubdoc_store_history(zz_store *st, zz_pubdoc_kind kind, const char *today, zz_pubdoc **out,
                            size_t *n, zz_err *err);

/* One version; ZZ_ENOTFOUND "pubdoc.not_found". */
int zz_pubdoc_store_get(zz_store *st, int64_t id, zz_pubdoc *out, zz_err *err);

/* The byte size of the stored blob digest (blob.h); store.blob_missing when absent. */
int zz_pubdoc_store_blob_size(const char *data_dir, const char *digest, int64_t *size, zz_err *err);

#endif
