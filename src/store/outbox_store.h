/*
 * outbox_store.h — the SQL of the email outbox (src/store/outbox_store.c), used by
 * src/core/outbox.c only. The rules (who may queue, address checks) live in src/core/outbox.c.
 */
#ifndef ZIZHI_OUTBOX_STORE_H
#define ZIZHI_OUTBOX_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/outbox.h"
#include "zizhi/store.h"

/* Inserts a pending message (msg->id, sent_usec, attempts, last_error are ignored). OUT: *id. */
int zz_outbox_store_insert(zz_store *st, const zz_outbox_msg *msg, int64_t *id, zz_err *err);

/* Messages matching f, oldest first. OUT: *out (caller frees with zz_outbox_list_free), *n. */
int zz_outbox_store_list(zz_store *st, const zz_outbox_filter *f, zz_outbox_msg **out, size_t *n,
                         zz_err *err);

/*
 * Marks a pending message sent (at_usec) or failed (error text, attempts + 1).
 * ZZ_ENOTFOUND "outbox.not_found"; ZZ_ESTATE "outbox.already_sent".
 */
int zz_outbox_store_mark(zz_store *st, int64_t id, bool sent, int64_t at_usec, const char *error,
                         zz_err *err);

#endif
