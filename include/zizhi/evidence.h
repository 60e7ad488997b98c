/*
 * evidence.h — one evidence file (证据材料) by its own id, whichever dossier holds it: what the
 * download links of the API (GET /api/v1/evidence/{id}) resolve. The dossier module owns evidence
 * (dossier.h: upload, mapping, listing); this only finds the dossier of an evidence id and reads
 * the file's record through zz_dossier_evidence_list, so the dossier's visibility rules apply
 * unchanged.
 *
 * Invariants:
 *   I1  an evidence file the actor may not see — another organisation's, or one of a case the
 *       actor is not assigned to — answers ZZ_ENOTFOUND "evidence.not_found", exactly as a
 *       missing one: the answer never tells whether it exists.
 *   I2  read-only: nothing is written, nothing audited.
 */
#ifndef ZIZHI_EVIDENCE_H
#define ZIZHI_EVIDENCE_H

#include <stdint.h>

#include "zizhi/dossier.h"
#include "zizhi/errors.h"

struct zz_ctx;

/*
 * The record of evidence file evidence_id (digest, sanitised name, MIME type from the content,
 * size, mapped requirements) and the dossier holding it. Whoever may not read the dossier
 * (dossier.h) gets ZZ_ENOTFOUND "evidence.not_found" (I1). OUT: *out, one element the caller frees
 * with zz_dossier_evidence_free(*out, 1); *dossier_id (may be NULL).
 */
int zz_evidence_get(struct zz_ctx *cx, int64_t evidence_id, zz_dossier_evidence **out,
                    int64_t *dossier_id, zz_err *err);

#endif
