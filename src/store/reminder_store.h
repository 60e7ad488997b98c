/*
 * reminder_store.h — the SQL of expiry reminders (src/store/reminder_store.c), used by
 * src/core/reminder.c only: table cert_reminders, and the facts of certificates, organisations,
 * dossiers and cases a run reads. Storage only: the rules live in src/core/reminder.c.
 */
#ifndef ZIZHI_REMINDER_STORE_H
#define ZIZHI_REMINDER_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/reminder.h"
#include "zizhi/store.h"

/* A certificate a run looks at. */
typedef struct zz_reminder_cand {
    int64_t id;
    char number[41];
    char org_name[201]; /* as printed on the certificate */
    char email[201];    /* the organisation's designated address now */
    char category[51];
    int level;
    char issue_date[11];
    char expiry_date[11];
    bool in_process; /* a submitted dossier names it, its case open or certified */
    int min_step;    /* the smallest step with a row (the latest handled), 0 when none */
} zz_reminder_cand;

/*
 * Certificates issued on or before today, expiring on or after today and on or before until,
 * neither revoked nor superseded on or before today, by id. OUT: *out (free()), *n.
 */
int zz_reminder_store_candidates(zz_store *st, const char *today, const char *until,
                                 zz_reminder_cand **out, size_t *n, zz_err *err);

/* Records a step; a step that already has a row is left as it is (I1). outbox_id 0 for
 * 'skipped'. */
int zz_reminder_store_record(zz_store *st, int64_t cert_id, int step, const char *due_on,
                             const char *queued_on, const char *outcome, int64_t outbox_id,
                             zz_err *err);

/* The rows of cert_id (0 = all), by certificate id then step descending. OUT: *out (free()). */
int zz_reminder_store_list(zz_store *st, int64_t cert_id, zz_cert_reminder **out, size_t *n,
                           zz_err *err);

#endif
