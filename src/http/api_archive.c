/*
 * api_archive.c — case archives (档案, SPEC section 7):
 *   GET  /api/v1/archives                         every archive record (?offset=&limit=)
 *   GET  /api/v1/archives/due                     listed for disposal today
 *   GET  /api/v1/archives/{caseId}                one
 *   POST /api/v1/archives/{caseId}/hold           legal hold on {reason} (supervisor)
 *   POST /api/v1/archives/{caseId}/hold/release   lifts it {reason} (supervisor)
 *   POST /api/v1/archives/{caseId}/disposal/approval   records the approval (manager, R-7.1)
 *   POST /api/v1/archives/{caseId}/disposal       disposes (manager, R-7.1)
 *   GET  /api/v1/archives/{caseId}/export         the self-verifying archive zip
 * Archiving itself is POST /api/v1/cases/{id}/archive (api_cases.c). archive.c holds the gates.
 */
#include "http/api.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zizhi/archive.h"

static json_t *archive_json(const zz_archive *a)
{
    return json_pack(
        "{s:I, s:s, s:I, s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:b}", "case_id",
        (json_int_t)a->case_id, "case_number", a->case_number, "org_id", (json_int_t)a->org_id,
        "organisation", a->org_name, "closed_on", a->closed_on, "keep_until", a->keep_until,
        "legal_hold", a->legal_hold, "hold_reason", zzh_jstr(a->hold_reason),
        "disposal_approved_on", zzh_jstr(a->disposal_approved_on), "disposal_approved_by",
        zzh_jid(a->disposal_approved_by), "disposed_on", zzh_jstr(a->disposed_on), "due", a->due);
}

static int reply_archives(zzh_req *rq, zz_archive *v, size_t n, int64_t offset, int64_t limit)
{
    json_t *items = json_array();
    for (size_t i = (size_t)offset; i < n && i < (size_t)(offset + limit); i++)
        json_array_append_new(items, archive_json(&v[i]));
    free(v);
    return zzh_reply_list(rq, items, (int64_t)n, offset, limit);
}

int zzh_api_archives_list(zzh_req *rq, zz_err *err)
{
    int64_t offset, limit;
    int rc = zzh_page(rq, &offset, &limit, err);
    if (rc < 0) return rc;
    zz_archive *v = NULL;
    size_t n = 0;
    if ((rc = zz_archive_list(rq->cx, &v, &n, err)) < 0) return rc;
    return reply_archives(rq, v, n, offset, limit);
}

int zzh_api_archives_due(zzh_req *rq, zz_err *err)
{
    int64_t offset, limit;
    int rc = zzh_page(rq, &offset, &limit, err);
    if (rc < 0) return rc;
    zz_archive *v = NULL;
    size_t n = 0;
    if ((rc = zz_archive_list_due(rq->cx, rq->clock.today, &v, &n, err)) < 0) return rc;
    return reply_archives(rq, v, n, offset, limit);
}

static int reply_archive(zzh_req *rq, int64_t id, zz_err *err)
{
    zz_archive a;
    int rc = zz_archive_get(rq->cx, id, &a, err);
    return rc < 0 ? rc : zzh_reply_json(rq, 200, archive_json(&a));
}

int zzh_api_archives_get(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "caseId", &id, err);
    return rc < 0 ? rc : reply_archive(rq, id, err);
}

static const zzh_field REASON[] = {
    {"reason", ZZH_T_STRING, true, false, 500},
    {NULL, 0, false, false, 0},
};

static int hold(zzh_req *rq, bool on, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "caseId", &id, err);
    if (rc == 0) rc = zzh_body(rq, REASON, err);
    if (rc < 0) return rc;
    rc = on ? zz_archive_hold(rq->cx, id, zzh_str(rq, "reason"), err)
            : zz_archive_release(rq->cx, id, zzh_str(rq, "reason"), err);
    return rc < 0 ? rc : reply_archive(rq, id, err);
}

int zzh_api_archives_hold(zzh_req *rq, zz_err *err)
{
    return hold(rq, true, err);
}

int zzh_api_archives_release(zzh_req *rq, zz_err *err)
{
    return hold(rq, false, err);
}

int zzh_api_archives_approve(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "caseId", &id, err);
    if (rc < 0) return rc;
    if ((rc = zz_archive_approve_disposal(rq->cx, id, err)) < 0) return rc;
    return reply_archive(rq, id, err);
}

int zzh_api_archives_dispose(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "caseId", &id, err);
    if (rc < 0) return rc;
    if ((rc = zz_archive_dispose(rq->cx, id, err)) < 0) return rc;
    return reply_archive(rq, id, err);
}

/* The export is written by the core to a private directory under the data directory, opened,
 * and removed at once: the open descriptor streams it, nothing stays on disk. */
int zzh_api_archives_export(zzh_req *rq, zz_err *err)
{
    int64_t id;
    int rc = zzh_path_id(rq, "caseId", &id, err);
    if (rc < 0) return rc;
    char dir[4096], path[4200], name[64];
    snprintf(dir, sizeof dir, "%s/exports", rq->cx->data_dir);
    if (mkdir(dir, 0700) < 0 && errno != EEXIST)
        return zz_err_set(err, ZZ_EIO, "io.mkdir", "无法创建导出目录%s",
                          "cannot create the export directory%s", "");
    snprintf(dir, sizeof dir, "%s/exports/archive-XXXXXX", rq->cx->data_dir);
    if (!mkdtemp(dir))
        return zz_err_set(err, ZZ_EIO, "io.mkdir", "无法创建导出目录%s",
                          "cannot create the export directory%s", "");
    snprintf(name, sizeof name, "archive-case-%lld.zip", (long long)id);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    rc = zz_archive_export(rq->cx, id, path, err);
    int fd = rc == 0 ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    struct stat st;
    bool ok = fd >= 0 && fstat(fd, &st) == 0;
    unlink(path);
    rmdir(dir);
    if (rc < 0) return rc;
    if (!ok) {
        if (fd >= 0) close(fd);
        return zz_err_set(err, ZZ_EIO, "io.read", "无法读取导出的档案%s",
                          "cannot read the exported archive%s", "");
    }
    return zzh_reply_fd(rq, fd, (uint64_t)st.st_size, "application/zip", name) < 0 ? zzh_nomem(err)
                                                                                   : 0;
}
