/*
 * pubdoc_store.c — SQL of the public documents (see pubdoc_store.h). Storage only.
 */
#include "store/pubdoc_store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/store_int.h"
#include "zizhi/blob.h"

#define COPY(dst, s, col) snprintf((dst), sizeof(dst), "%s", zz_store__col_text((s), (col)))

#define COLS                                                                                       \
    "p.id, p.kind, p.version, p.doc_date, p.digest, p.filename, p.mime, p.size,"                   \
    " p.published_usec, COALESCE(u.username, '')"
#define FROM " FROM public_documents p LEFT JOIN users u ON u.id = p.published_by"

static void read_row(sqlite3_stmt *s, zz_pubdoc *d)
{
    memset(d, 0, sizeof *d);
    d->id = sqlite3_column_int64(s, 0);
    zz_pubdoc_kind_parse(&d->kind, zz_store__col_text(s, 1), NULL);
    COPY(d->version, s, 2);
    COPY(d->doc_date, s, 3);
    COPY(d->digest, s, 4);
    COPY(d->filename, s, 5);
    COPY(d->mime, s, 6);
    d->size = sqlite3_column_int64(s, 7);
    d->published_usec = sqlite3_column_int64(s, 8);
    COPY(d->published_by, s, 9);
}

/* Steps s to the end, collecting its rows; finalizes s. */
static int collect(zz_store *st, sqlite3_stmt *s, zz_pubdoc **out, size_t *n, zz_err *err)
{
    zz_pubdoc *v = NULL;
    size_t cap = 0;
    int rc;
    *out = NULL;
    *n = 0;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            zz_pubdoc *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            v = nv;
            cap = nc;
        }
        read_row(s, &v[(*n)++]);
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        free(v);
        *n = 0;
        return rc;
    }
    *out = v;
    return ZZ_OK;
}

int zz_pubdoc_store_insert(zz_store *st, const zz_pubdoc *d, int64_t by, int64_t *id, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO public_documents (kind, version, doc_date, digest,"
                               " filename, mime, size, published_by, published_usec)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, zz_pubdoc_kind_code(d->kind));
    zz_store__bind_text(s, 2, d->version);
    zz_store__bind_text(s, 3, d->doc_date);
    zz_store__bind_text(s, 4, d->digest);
    zz_store__bind_text(s, 5, d->filename);
    zz_store__bind_text(s, 6, d->mime);
    zz_store__bind_int64(s, 7, d->size);
    if (by > 0) zz_store__bind_int64(s, 8, by);
    zz_store__bind_int64(s, 9, d->published_usec);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    if (id) *id = (int64_t)sqlite3_last_insert_rowid(zz_store__db(st));
    return ZZ_OK;
}

int zz_pubdoc_store_current(zz_store *st, const char *today, zz_pubdoc **out, size_t *n,
                            zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT " COLS FROM " WHERE p.doc_date <= ?1 AND NOT EXISTS"
                               " (SELECT 1 FROM public_documents q WHERE q.kind = p.kind"
                               "  AND q.doc_date <= ?1 AND (q.doc_date > p.doc_date"
                               "  OR (q.doc_date = p.doc_date AND q.id > p.id)))",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, today);
    return collect(st, s, out, n, err);
}

int zz_pubdoc_store_history(zz_store *st, zz_pubdoc_kind kind, const char *today, zz_pubdoc **out,
                            size_t *n, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT " COLS FROM " WHERE p.kind = ?1"
                               " AND (?2 IS NULL OR p.doc_date <= ?2)"
                               " ORDER BY p.doc_date DESC, p.id DESC",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, zz_pubdoc_kind_code(kind));
    zz_store__bind_text(s, 2, today);
    return collect(st, s, out, n, err);
}

int zz_pubdoc_store_get(zz_store *st, int64_t id, zz_pubdoc *out, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "SELECT " COLS FROM " WHERE p.id = ?1", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, id);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) read_row(s, out);
    sqlite3_finalize(s);
    if (rc < 0) return rc;
    if (rc == ZZ_STORE_DONE)
        return zz_err_set(err, ZZ_ENOTFOUND, "pubdoc.not_found", "没有编号为 %lld 的公开文件",
                          "no public document %lld", (long long)id);
    return ZZ_OK;
}

int zz_pubdoc_store_blob_size(const char *data_dir, const char *digest, int64_t *size, zz_err *err)
{
    char path[ZZ_BLOB_PATH_MAX];
    int rc = zz_blob_path(path, data_dir, digest, err);
    if (rc < 0) return rc;
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errno == ENOENT)
            return zz_err_set(err, ZZ_ENOTFOUND, "store.blob_missing", "文件 %s 不在文件库中",
                              "blob %s is not in the store", digest);
        return zz_err_set(err, ZZ_ESTORE, "store.blob_read", "无法读取文件 %s：%s",
                          "cannot read blob %s: %s", digest, strerror(errno));
    }
    *size = (int64_t)sb.st_size;
    return ZZ_OK;
}
