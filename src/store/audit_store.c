/*
 * audit_store.c — SQL of the audit log (audit_log, audit_checkpoints) and the checkpoint file
 * DATA_DIR/audit-checkpoint.json. Storage only: src/core/audit.c decides what is written and
 * whether what is read is intact.
 */
#include "store/audit_store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store_int.h"

#define CHECKPOINT_FILE_MAX (64 * 1024)

/* Copies a stored digest; anything but 64 chars becomes "?" so it can never match by truncation. */
static void copy_digest(char out[ZZ_SM3_HEXLEN + 1], const char *s)
{
    if (strlen(s) == ZZ_SM3_HEXLEN)
        memcpy(out, s, ZZ_SM3_HEXLEN + 1);
    else
        snprintf(out, ZZ_SM3_HEXLEN + 1, "?");
}

int zz_audit_store_head(zz_store *st, int64_t *count, char head[ZZ_SM3_HEXLEN + 1], zz_err *err)
{
    sqlite3_stmt *s = NULL;
    *count = 0;
    memcpy(head, ZZ_AUDIT_GENESIS, ZZ_SM3_HEXLEN + 1);
    int rc = zz_store__prepare(st, &s,
                               "SELECT seq, digest FROM audit_log ORDER BY seq DESC LIMIT 1", err);
    if (rc < 0) return rc;
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) {
        *count = sqlite3_column_int64(s, 0);
        copy_digest(head, zz_store__col_text(s, 1));
    }
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_audit_store_insert(zz_store *st, const zz_audit_entry *e, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO audit_log (seq, at_usec, business_date, actor, action,"
                               " obj_type, obj_id, obj_digest, detail, prev_digest, digest)"
                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, e->seq);
    zz_store__bind_int64(s, 2, e->at_usec);
    zz_store__bind_text(s, 3, e->business_date);
    zz_store__bind_text(s, 4, e->actor);
    zz_store__bind_text(s, 5, e->action);
    zz_store__bind_text(s, 6, e->obj_type);
    zz_store__bind_text(s, 7, e->obj_id);
    zz_store__bind_text(s, 8, e->obj_digest);
    zz_store__bind_text(s, 9, e->detail);
    zz_store__bind_text(s, 10, e->prev_digest);
    zz_store__bind_text(s, 11, e->digest);
    rc = zz_store__step(st, s, err);
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_audit_store_digest_at(zz_store *st, int64_t seq, char out[ZZ_SM3_HEXLEN + 1], zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "SELECT digest FROM audit_log WHERE seq = ?", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, seq);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) {
        copy_digest(out, zz_store__col_text(s, 0));
        rc = ZZ_OK;
    } else if (rc == ZZ_STORE_DONE) {
        rc = zz_err_set(err, ZZ_ENOTFOUND, "audit.no_entry", "审计日志中没有第 %lld 条记录",
                        "the audit log has no entry %lld", (long long)seq);
    }
    sqlite3_finalize(s);
    return rc;
}

int zz_audit_store_each(zz_store *st, bool newest_first, size_t limit, zz_audit_store_fn fn,
                        void *ctx, zz_err *err)
{
    static const char *const sql_asc =
        "SELECT seq, at_usec, business_date, actor, action, obj_type, obj_id, obj_digest, detail,"
        " prev_digest, digest FROM audit_log ORDER BY seq ASC";
    static const char *const sql_desc =
        "SELECT seq, at_usec, business_date, actor, action, obj_type, obj_id, obj_digest, detail,"
        " prev_digest, digest FROM audit_log ORDER BY seq DESC";
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, newest_first ? sql_desc : sql_asc, err);
    if (rc < 0) return rc;
    size_t seen = 0;
    while ((limit == 0 || seen < limit) && (rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        zz_audit_entry e;
        memset(&e, 0, sizeof e);
        e.seq = sqlite3_column_int64(s, 0);
        e.at_usec = sqlite3_column_int64(s, 1);
        snprintf(e.business_date, sizeof e.business_date, "%s", zz_store__col_text(s, 2));
        e.actor = (char *)zz_store__col_text(s, 3);
        e.action = (char *)zz_store__col_text(s, 4);
        e.obj_type = (char *)zz_store__col_text(s, 5);
        e.obj_id = (char *)zz_store__col_text(s, 6);
        e.obj_digest = (char *)zz_store__col_text(s, 7);
        e.detail = (char *)zz_store__col_text(s, 8);
        copy_digest(e.prev_digest, zz_store__col_text(s, 9));
        copy_digest(e.digest, zz_store__col_text(s, 10));
        seen++;
        rc = fn(ctx, &e, err);
        if (rc != 0) break;
    }
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_audit_store_checkpoint_insert(zz_store *st, int64_t count, const char *head, const char *at,
                                     const char *signature, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc =
        zz_store__prepare(st, &s,
                          "INSERT INTO audit_checkpoints (entry_count, head, at_text, signature)"
                          " VALUES (?, ?, ?, ?)",
                          err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, count);
    zz_store__bind_text(s, 2, head);
    zz_store__bind_text(s, 3, at);
    zz_store__bind_text(s, 4, signature);
    rc = zz_store__step(st, s, err);
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_audit_store_checkpoint_latest(zz_store *st, bool *found, int64_t *count,
                                     char head[ZZ_SM3_HEXLEN + 1], zz_err *err)
{
    sqlite3_stmt *s = NULL;
    *found = false;
    *count = 0;
    head[0] = '\0';
    int rc = zz_store__prepare(
        st, &s, "SELECT entry_count, head FROM audit_checkpoints ORDER BY id DESC LIMIT 1", err);
    if (rc < 0) return rc;
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) {
        *found = true;
        *count = sqlite3_column_int64(s, 0);
        copy_digest(head, zz_store__col_text(s, 1));
    }
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

/* ---- the checkpoint file ------------------------------------------------------------------- */

static char *checkpoint_path(const char *data_dir, const char *suffix)
{
    size_t n = strlen(data_dir) + strlen(ZZ_AUDIT_CHECKPOINT_FILE) + strlen(suffix) + 2;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/%s%s", data_dir, ZZ_AUDIT_CHECKPOINT_FILE, suffix);
    return p;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int zz_audit_store_checkpoint_file_write(const char *data_dir, const char *text, zz_err *err)
{
    char suffix[40];
    snprintf(suffix, sizeof suffix, ".tmp-%ld", (long)getpid());
    char *tmp = checkpoint_path(data_dir, suffix);
    char *dst = checkpoint_path(data_dir, "");
    int rc = ZZ_OK;
    if (!tmp || !dst) {
        rc = zz_err_set(err, ZZ_ENOMEM, "store.nomem", "内存不足", "out of memory");
        goto done;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || write_all(fd, text, strlen(text)) != 0 || fsync(fd) != 0) {
        rc = zz_err_set(err, ZZ_EIO, "audit.checkpoint_write", "无法写入审计检查点“%s”：%s",
                        "cannot write audit checkpoint '%s': %s", tmp, strerror(errno));
        if (fd >= 0) close(fd);
        unlink(tmp);
        goto done;
    }
    if (close(fd) != 0 || rename(tmp, dst) != 0) {
        rc = zz_err_set(err, ZZ_EIO, "audit.checkpoint_write", "无法写入审计检查点“%s”：%s",
                        "cannot write audit checkpoint '%s': %s", dst, strerror(errno));
        unlink(tmp);
        goto done;
    }
    /* Make the rename itself durable. */
    int dfd = open(data_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
done:
    free(tmp);
    free(dst);
    return rc;
}

int zz_audit_store_checkpoint_file_read(const char *data_dir, char **text, zz_err *err)
{
    *text = NULL;
    char *path = checkpoint_path(data_dir, "");
    if (!path) return zz_err_set(err, ZZ_ENOMEM, "store.nomem", "内存不足", "out of memory");
    int rc = ZZ_OK;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            rc = zz_err_set(err, ZZ_ENOTFOUND, "audit.checkpoint_missing",
                            "审计检查点文件“%s”不存在", "audit checkpoint file '%s' does not exist",
                            path);
        else
            rc = zz_err_set(err, ZZ_EIO, "audit.checkpoint_read", "无法读取审计检查点“%s”：%s",
                            "cannot read audit checkpoint '%s': %s", path, strerror(errno));
        free(path);
        return rc;
    }
    char *buf = malloc(CHECKPOINT_FILE_MAX + 1);
    size_t n = 0;
    if (!buf) {
        rc = zz_err_set(err, ZZ_ENOMEM, "store.nomem", "内存不足", "out of memory");
        goto done;
    }
    for (;;) {
        ssize_t r = read(fd, buf + n, CHECKPOINT_FILE_MAX + 1 - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            rc = zz_err_set(err, ZZ_EIO, "audit.checkpoint_read", "无法读取审计检查点“%s”：%s",
                            "cannot read audit checkpoint '%s': %s", path, strerror(errno));
            goto done;
        }
        if (r == 0) break;
        n += (size_t)r;
        if (n > CHECKPOINT_FILE_MAX) {
            rc = zz_err_set(err, ZZ_ETOOBIG, "audit.checkpoint_invalid",
                            "审计检查点“%s”过大，不是有效的检查点",
                            "audit checkpoint '%s' is too large to be a checkpoint", path);
            goto done;
        }
    }
    buf[n] = '\0';
    *text = buf;
    buf = NULL;
done:
    free(buf);
    close(fd);
    free(path);
    return rc;
}
