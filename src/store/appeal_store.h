/*
 * appeal_store.h — the SQL of appeals and complaint records (src/store/appeal_store.c), used by
 * src/core/appeal.c only. Storage only: the rules live in src/core/appeal.c. No sqlite3 type here.
 */
#ifndef ZIZHI_APPEAL_STORE_H
#define ZIZHI_APPEAL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/appeal.h"
#include "zizhi/store.h"

/* Inserts a (org_id, case_id or sanction_id, subject, from_stage, from_state, grounds, filed_on,
 * filed_by), status open. OUT: *id. */
int zz_appeal_store_insert(zz_store *st, const zz_appeal *a, int64_t *id, zz_err *err);
/* ZZ_ENOTFOUND "appeal.not_found". OUT: *out (zz_appeal_clear). */
int zz_appeal_store_get(zz_store *st, int64_t id, zz_appeal *out, zz_err *err);
/* Newest first; org_id 0 = any, status NULL = any. OUT: *out (zz_appeal_list_free). */
int zz_appeal_store_list(zz_store *st, int64_t org_id, const char *status, zz_appeal **out,
                         size_t *n, zz_err *err);
/* Whether an open appeal exists against the case (case_id > 0) or the sanction. */
int zz_appeal_store_open_exists(zz_store *st, int64_t case_id, int64_t sanction_id, bool *out,
                                zz_err *err);
/* Records the outcome ("upheld" | "dismissed"), the investigation, date and decider. */
int zz_appeal_store_decide(zz_store *st, int64_t id, const char *status, const char *investigation,
                           const char *on, int64_t by, zz_err *err);

/* Complaints. insert: OUT *id; update replaces the fields of c (by id); get: ZZ_ENOTFOUND
 * "complaint.not_found". */
int zz_complaint_store_insert(zz_store *st, const zz_complaint *c, int64_t *id, zz_err *err);
int zz_complaint_store_update(zz_store *st, const zz_complaint *c, int64_t by, zz_err *err);
int zz_complaint_store_get(zz_store *st, int64_t id, zz_complaint *out, zz_err *err);
/* Newest first; org_id 0 = any. OUT: *out (zz_complaint_list_free). */
int zz_complaint_store_list(zz_store *st, int64_t org_id, zz_complaint **out, size_t *n,
                            zz_err *err);

#endif
