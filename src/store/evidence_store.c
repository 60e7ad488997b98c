/*
 * evidence_store.c — SQL of evidence.h: the dossier holding an evidence file.
 */
#include "store/evidence_store.h"

#include "store/store_int.h"

int zz_evidence_store_dossier(zz_store *st, int64_t evidence_id, int64_t *dossier_id, bool *found,
                              zz_err *err)
{
    *dossier_id = 0;
    *found = false;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(
        st, &s, "SELECT dossier_id FROM evidence WHERE id = ? AND dossier_id IS NOT NULL", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, evidence_id);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) {
        *dossier_id = sqlite3_column_int64(s, 0);
        *found = true;
    }
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}
