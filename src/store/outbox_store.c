/*
 * outbox_store.c — SQL of the email outbox (table outbox, 0002_domain.sql). Storage only.
 */
#include "store/outbox_store.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

int zz_outbox_store_insert(zz_store *st, const zz_outbox_msg *m, int64_t *id, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO outbox (to_addr, subject, body, attachments, purpose,"
                               " ref_type, ref_id, created_usec, attempts)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, m->to_addr);
    zz_store__bind_text(s, 2, m->subject);
    zz_store__bind_text(s, 3, m->body);
    zz_store__bind_text(s, 4, m->attachments ? m->attachments : "[]");
    zz_store__bind_text(s, 5, m->purpose);
    zz_store__bind_text(s, 6, m->ref_type);
    zz_store__bind_text(s, 7, m->ref_id);
    zz_store__bind_int64(s, 8, m->created_usec);
    rc = zz_store__step(st, s, err);
    sqlite3_finalize(s);
    if (rc < 0) return rc;
    if (id) *id = (int64_t)sqlite3_last_insert_rowid(zz_store__db(st));
    return ZZ_OK;
}

int zz_outbox_store_list(zz_store *st, const zz_outbox_filter *f, zz_outbox_msg **out, size_t *n,
                         zz_err *err)
{
    static const zz_outbox_filter all = {0};
    if (!f) f = &all;
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(
        st, &s,
        "SELECT id, to_addr, subject, body, attachments, purpose, ref_type, ref_id, created_usec,"
        " COALESCE(sent_usec, 0), attempts, last_error FROM outbox"
        " WHERE (? = 0 OR (sent_usec IS NULL AND (? <= 0 OR attempts < ?)))"
        " AND (? IS NULL OR ref_type = ?) AND (? IS NULL OR ref_id = ?)"
        " AND (? IS NULL OR purpose = ?)"
        " ORDER BY id LIMIT ?",
        err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, f->pending_only ? 1 : 0);
    zz_store__bind_int64(s, 2, f->max_attempts);
    zz_store__bind_int64(s, 3, f->max_attempts);
    zz_store__bind_text(s, 4, f->ref_type);
    zz_store__bind_text(s, 5, f->ref_type);
    zz_store__bind_text(s, 6, f->ref_id);
    zz_store__bind_text(s, 7, f->ref_id);
    zz_store__bind_text(s, 8, f->purpose);
    zz_store__bind_text(s, 9, f->purpose);
    zz_store__bind_int64(s, 10, f->limit ? (int64_t)f->limit : -1);
    size_t cap = 0;
    zz_outbox_msg *v = NULL;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            zz_outbox_msg *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            v = nv;
            cap = nc;
        }
        zz_outbox_msg *m = &v[*n];
        memset(m, 0, sizeof *m);
        (*n)++;
        m->id = sqlite3_column_int64(s, 0);
        m->to_addr = zz_store__col_dup(s, 1);
        m->subject = zz_store__col_dup(s, 2);
        m->body = zz_store__col_dup(s, 3);
        m->attachments = zz_store__col_dup(s, 4);
        m->purpose = zz_store__col_dup(s, 5);
        m->ref_type = zz_store__col_dup(s, 6);
        m->ref_id = zz_store__col_dup(s, 7);
        m->created_usec = sqlite3_column_int64(s, 8);
        m->sent_usec = sqlite3_column_int64(s, 9);
        m->attempts = sqlite3_column_int(s, 10);
        m->last_error = zz_store__col_dup(s, 11);
        if (!m->to_addr || !m->subject || !m->body || !m->attachments || !m->purpose ||
            !m->ref_type || !m->ref_id || !m->last_error) {
            rc = zz_store__nomem(err);
            break;
        }
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        zz_outbox_list_free(v, *n);
        *n = 0;
        return rc;
    }
    *out = v;
    return ZZ_OK;
}

int zz_outbox_store_mark(zz_store *st, int64_t id, bool sent, int64_t at_usec, const char *error,
                         zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc =
        zz_store__prepare(st, &s, "SELECT sent_usec IS NOT NULL FROM outbox WHERE id = ?", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, id);
    rc = zz_store__step(st, s, err);
    int already = rc == ZZ_STORE_ROW ? sqlite3_column_int(s, 0) : 0;
    sqlite3_finalize(s);
    if (rc < 0) return rc;
    if (rc == ZZ_STORE_DONE)
        return zz_err_set(err, ZZ_ENOTFOUND, "outbox.not_found", "没有编号为 %lld 的待发邮件",
                          "no outbox message %lld", (long long)id);
    if (already)
        return zz_err_set(err, ZZ_ESTATE, "outbox.already_sent", "邮件 %lld 已发送，不能再更改",
                          "outbox message %lld was already sent and cannot change", (long long)id);
    rc = zz_store__prepare(st, &s,
                           sent ? "UPDATE outbox SET sent_usec = ?, last_error = NULL WHERE id = ?"
                                : "UPDATE outbox SET attempts = attempts + 1, last_error = ?"
                                  " WHERE id = ?",
                           err);
    if (rc < 0) return rc;
    if (sent)
        zz_store__bind_int64(s, 1, at_usec);
    else
        zz_store__bind_text(s, 1, error ? error : "");
    zz_store__bind_int64(s, 2, id);
    rc = zz_store__step(st, s, err);
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}
