/*
 * pubdoc.h — the public documents (申请须知, R-2.7): what an applicant must read and download
 * before applying (section 四 of the guide), kept as versioned files by sys_admin and shown on the
 * public pages, the current version of each with its date (src/core/pubdoc.c, SQL in
 * src/store/pubdoc_store.c, table public_documents of 0009_mail_pubdoc.sql).
 *
 * Kinds, in the order the public page lists them:
 *
 *   criteria  评估准则         the assessment criteria
 *   guide     申请与维持指南    the application and maintenance guide
 *   form      申请书及附件      the application form and its annexes
 *   faq       常见问题解答      the FAQ
 *   contacts  联系方式          the contact details of section 十; until a version is
 *                               published the guide's own text stands (zz_pubdoc_contacts_text)
 *
 * A version is a file already in the blob store (blob.h: uploaded through zizhid, or stored by
 * `zizhi pubdoc publish`) with a version label, a date, a sanitised file name and a MIME type.
 * Versions are kept forever and never change (triggers refuse it): a correction is a new version.
 * The current version of a kind on day T is the one with the latest date on or before T (ties: the
 * later publication), so a version may be published ahead of its date and becomes current on it.
 *
 * Who: publishing is sys_admin's (configuration, SPEC section 0), an audited action
 * ("pubdoc.publish"); reading — the current list, a kind's history, one version and its file — is
 * public (no account), except versions dated after today, which only sys_admin sees until then.
 *
 * Invariants:
 *   I1  (kind, version) is unique; a version's row and blob never change.
 *   I2  a published version's blob exists and matches its digest when it is published.
 */
#ifndef ZIZHI_PUBDOC_H
#define ZIZHI_PUBDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/calendar.h"
#include "zizhi/errors.h"

struct zz_ctx;

typedef enum zz_pubdoc_kind {
    ZZ_PUBDOC_CRITERIA = 1,
    ZZ_PUBDOC_GUIDE = 2,
    ZZ_PUBDOC_FORM = 3,
    ZZ_PUBDOC_FAQ = 4,
    ZZ_PUBDOC_CONTACTS = 5,
} zz_pubdoc_kind;

#define ZZ_PUBDOC_KINDS       5
#define ZZ_PUBDOC_VERSION_MAX 40
#define ZZ_PUBDOC_NAME_MAX    180 /* bytes of a sanitised file name (as evidence) */

/* "criteria" …; NULL when unknown. */
const char *zz_pubdoc_kind_code(zz_pubdoc_kind k);
/* 评估准则 …; NULL when unknown. */
const char *zz_pubdoc_kind_name_zh(zz_pubdoc_kind k);
/* "assessment criteria" …; NULL when unknown. */
const char *zz_pubdoc_kind_name_en(zz_pubdoc_kind k);
/* The code or the Chinese name; ZZ_EINVAL "input.pubdoc_kind" otherwise. */
int zz_pubdoc_kind_parse(zz_pubdoc_kind *out, const char *s, zz_err *err);

/* The contact details of section 十 of the guide (UTF-8 text): the contacts document until a
 * version is published. Static. */
const char *zz_pubdoc_contacts_text(void);

typedef struct zz_pubdoc {
    int64_t id; /* 0 for the built-in contacts text */
    zz_pubdoc_kind kind;
    char version[ZZ_PUBDOC_VERSION_MAX + 1];
    char doc_date[11];
    char digest[65];                       /* "" for the built-in text */
    char filename[ZZ_PUBDOC_NAME_MAX + 1]; /* "" for the built-in text */
    char mime[101];
    int64_t size;
    int64_t published_usec;
    char published_by[101]; /* username, "" for the system */
    bool builtin;           /* the built-in contacts text (no file) */
} zz_pubdoc;

/*
 * sys_admin: publishes `version` of `kind` dated `date`, whose file is the stored blob
 * `digest` (blob.h), shown as `filename` (sanitised as evidence names are) with type `mime` (NULL:
 * application/octet-stream). Codes: auth.role; input.pubdoc_kind; input.version (empty, over 40
 * bytes, control characters); input.date (not a real date); input.mime; input.digest,
 * store.blob_missing, store.blob_mismatch (I2); pubdoc.version_exists (ZZ_EEXISTS: that kind has
 * that version). OUT: *id (may be NULL).
 */
int zz_pubdoc_publish(struct zz_ctx *cx, zz_pubdoc_kind kind, const char *version, zz_date date,
                      const char *digest, const char *filename, const char *mime, int64_t *id,
                      zz_err *err);

/*
 * Anyone: the current version of every kind on cx->clock.today, in kind order; a kind without a
 * current version is left out, except contacts, which falls back to the built-in text
 * (builtin = true). OUT: *out (caller frees with free()), *n.
 */
int zz_pubdoc_list_current(struct zz_ctx *cx, zz_pubdoc **out, size_t *n, zz_err *err);

/* Anyone: every version of kind, newest date first (ties: later publication first); versions
 * dated after today only to sys_admin (they are not public yet). OUT: *out (free()), *n. */
int zz_pubdoc_history(struct zz_ctx *cx, zz_pubdoc_kind kind, zz_pubdoc **out, size_t *n,
                      zz_err *err);

/* Anyone: one version by id, current or earlier; a version dated after today only to sys_admin.
 * ZZ_ENOTFOUND "pubdoc.not_found". */
int zz_pubdoc_get(struct zz_ctx *cx, int64_t id, zz_pubdoc *out, zz_err *err);

#endif
