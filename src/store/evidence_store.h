/*
 * evidence_store.h — the SQL of evidence.h (src/store/evidence_store.c), for src/core/evidence.c
 * only: which dossier holds an evidence file. Storage only; visibility is the core's.
 */
#ifndef ZIZHI_EVIDENCE_STORE_H
#define ZIZHI_EVIDENCE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "zizhi/errors.h"
#include "zizhi/store.h"

/* The dossier of evidence_id; *found false when there is no such evidence row or it belongs to
 * no dossier (evidence collected on a case). */
int zz_evidence_store_dossier(zz_store *st, int64_t evidence_id, int64_t *dossier_id, bool *found,
                              zz_err *err);

#endif
