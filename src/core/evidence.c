/*
 * evidence.c — one evidence file by its own id (evidence.h): finds its dossier in the store, then
 * reads the record through the dossier module, whose visibility rules decide.
 */
#include "zizhi/evidence.h"

#include <stdlib.h>
#include <string.h>

#include "store/evidence_store.h"
#include "zizhi/ctx.h"

static int not_found(int64_t id, zz_err *err)
{
    return zz_err_set(err, ZZ_ENOTFOUND, "evidence.not_found", "没有编号为 %lld 的证据文件",
                      "no evidence file %lld", (long long)id);
}

int zz_evidence_get(zz_ctx *cx, int64_t evidence_id, zz_dossier_evidence **out, int64_t *dossier_id,
                    zz_err *err)
{
    *out = NULL;
    if (dossier_id) *dossier_id = 0;
    int64_t did = 0;
    bool found = false;
    int rc = zz_evidence_store_dossier(cx->st, evidence_id, &did, &found, err);
    if (rc < 0) return rc;
    if (!found) return not_found(evidence_id, err);
    zz_dossier_evidence *list = NULL;
    size_t n = 0;
    zz_err inner = ZZ_ERR_INIT;
    if ((rc = zz_dossier_evidence_list(cx, did, &list, &n, &inner)) < 0) {
        /* I1: a dossier the actor may not see hides its evidence the same way */
        if (rc == ZZ_ENOTFOUND) return not_found(evidence_id, err);
        if (err) *err = inner;
        return rc;
    }
    zz_dossier_evidence *one = NULL;
    bool oom = false;
    for (size_t i = 0; i < n && !one && !oom; i++) {
        if (list[i].id != evidence_id) continue;
        if (!(one = calloc(1, sizeof *one))) {
            oom = true;
            break;
        }
        *one = list[i];
        memset(&list[i], 0, sizeof list[i]); /* its strings now belong to one */
    }
    zz_dossier_evidence_free(list, n);
    if (oom) return zz_err_set(err, ZZ_ENOMEM, "sys.nomem", "内存不足%s", "out of memory%s", "");
    if (!one) return not_found(evidence_id, err);
    *out = one;
    if (dossier_id) *dossier_id = did;
    return ZZ_OK;
}
