/*
 * cert_store.c — SQL of certificates and batches (see cert_store.h). Storage only: every rule is
 * in src/core/cert.c. Dates are 'YYYY-MM-DD' text; unset dates are SQL NULL and read back as "".
 */
#include "store/cert_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

#define COPY(dst, s, col) snprintf((dst), sizeof(dst), "%s", zz_store__col_text((s), (col)))

/* Runs a prepared statement to completion (no rows expected) and finalizes it. */
int zz_cert_store_setting(zz_store *st, const char *key, char **value, zz_err *err)
{
    *value = NULL;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "SELECT value FROM settings WHERE key = ?1", err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, key);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW && !(*value = zz_store__col_dup(s, 0))) rc = zz_store__nomem(err);
    sqlite3_finalize(s);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_cert_store_next_seq(zz_store *st, const char *scope, int64_t *seq, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO cert_number_counters (scope, last_seq) VALUES (?1, 1)"
                               " ON CONFLICT (scope) DO UPDATE SET last_seq ="
                               " cert_number_counters.last_seq + 1",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, scope);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    rc = zz_store__prepare(st, &s, "SELECT last_seq FROM cert_number_counters WHERE scope = ?1",
                           err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, scope);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) *seq = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (rc == ZZ_STORE_DONE)
        return zz_err_set(err, ZZ_ESTORE, "store.sql", "编号计数器“%s”丢失",
                          "number counter '%s' vanished", scope);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_cert_store_number_taken(zz_store *st, bool certificates, const char *number, bool *out,
                               zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               certificates ? "SELECT 1 FROM certificates WHERE number = ?1"
                                            : "SELECT 1 FROM batches WHERE number = ?1",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, number);
    rc = zz_store__step(st, s, err);
    sqlite3_finalize(s);
    if (rc < 0) return rc;
    *out = rc == ZZ_STORE_ROW;
    return ZZ_OK;
}

/* ---- batches -------------------------------------------------------------------------------- */

int zz_cert_store_batch_insert(zz_store *st, const char *number, const char *created_on,
                               int64_t created_by, int64_t *id, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "INSERT INTO batches (number, created_on, created_by, status)"
                               " VALUES (?1, ?2, ?3, 'open')",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, number);
    zz_store__bind_text(s, 2, created_on);
    if (created_by > 0) zz_store__bind_int64(s, 3, created_by);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    *id = (int64_t)sqlite3_last_insert_rowid(zz_store__db(st));
    return ZZ_OK;
}

#define BATCH_COLUMNS                                                                              \
    "b.id, b.number, b.status, b.created_on, b.issued_on, b.published_on,"                         \
    " (SELECT COUNT(*) FROM cases k WHERE k.batch_id = b.id),"                                     \
    " (SELECT COUNT(*) FROM certificates c WHERE c.batch_id = b.id)"

static void read_batch(sqlite3_stmt *s, zz_batch *b)
{
    memset(b, 0, sizeof *b);
    b->id = sqlite3_column_int64(s, 0);
    COPY(b->number, s, 1);
    COPY(b->status, s, 2);
    COPY(b->created_on, s, 3);
    COPY(b->issued_on, s, 4);
    COPY(b->published_on, s, 5);
    b->n_cases = sqlite3_column_int64(s, 6);
    b->n_certs = sqlite3_column_int64(s, 7);
}

int zz_cert_store_batch_get(zz_store *st, int64_t id, zz_batch *out, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc =
        zz_store__prepare(st, &s, "SELECT " BATCH_COLUMNS " FROM batches b WHERE b.id = ?1", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, id);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) read_batch(s, out);
    sqlite3_finalize(s);
    if (rc == ZZ_STORE_DONE)
        return zz_err_set(err, ZZ_ENOTFOUND, "batch.not_found", "没有编号为 %lld 的证书批次",
                          "no certificate batch %lld", (long long)id);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_cert_store_batch_list(zz_store *st, zz_batch **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "SELECT " BATCH_COLUMNS " FROM batches b ORDER BY b.id DESC",
                               err);
    if (rc < 0) return rc;
    size_t cap = 0;
    zz_batch *v = NULL;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            zz_batch *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            v = nv;
            cap = nc;
        }
        read_batch(s, &v[(*n)++]);
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        free(v);
        *n = 0;
        return rc;
    }
    *out = v;
    return ZZ_OK;
}

int zz_cert_store_batch_set_status(zz_store *st, int64_t id, const char *status, const char *on,
                                   int64_t by, zz_err *err)
{
    bool issued = strcmp(status, "issued") == 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(
        st, &s,
        issued
            ? "UPDATE batches SET status = 'issued', issued_on = ?2, issued_by = ?3 WHERE id = ?1"
            : "UPDATE batches SET status = 'published', published_on = ?2, published_by = ?3"
              " WHERE id = ?1",
        err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, id);
    zz_store__bind_text(s, 2, on);
    if (by > 0) zz_store__bind_int64(s, 3, by);
    return zz_store__run(st, s, err);
}

int zz_cert_store_batch_cases(zz_store *st, int64_t batch_id, int64_t **out, size_t *n, zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "SELECT id FROM cases WHERE batch_id = ?1 ORDER BY number, id", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, batch_id);
    size_t cap = 0;
    int64_t *v = NULL;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            int64_t *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            v = nv;
            cap = nc;
        }
        v[(*n)++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        free(v);
        *n = 0;
        return rc;
    }
    *out = v;
    return ZZ_OK;
}

int zz_cert_store_case_set_batch(zz_store *st, int64_t case_id, int64_t batch_id, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, "UPDATE cases SET batch_id = ?2 WHERE id = ?1", err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    if (batch_id > 0) zz_store__bind_int64(s, 2, batch_id);
    return zz_store__run(st, s, err);
}

/* ---- issue ---------------------------------------------------------------------------------- */

int zz_cert_store_issue_facts(zz_store *st, int64_t case_id, zz_cert_issue_facts *out, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(
        st, &s,
        "SELECT k.id, k.number, o.id, o.name, o.uscc, d.category, d.level, d.app_type,"
        " COALESCE((SELECT c.id FROM certificates c WHERE c.case_id = k.id), 0)"
        " FROM cases k JOIN dossiers d ON d.id = k.dossier_id"
        " JOIN organisations o ON o.id = k.org_id WHERE k.id = ?1",
        err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, case_id);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) {
        memset(out, 0, sizeof *out);
        out->case_id = sqlite3_column_int64(s, 0);
        COPY(out->case_number, s, 1);
        out->org_id = sqlite3_column_int64(s, 2);
        COPY(out->org_name, s, 3);
        COPY(out->uscc, s, 4);
        COPY(out->category, s, 5);
        out->level = sqlite3_column_int(s, 6);
        COPY(out->app_type, s, 7);
        out->existing_cert = sqlite3_column_int64(s, 8);
    }
    sqlite3_finalize(s);
    if (rc == ZZ_STORE_DONE)
        return zz_err_set(err, ZZ_ENOTFOUND, "case.not_found", "没有编号为 %lld 的项目",
                          "no case %lld", (long long)case_id);
    return rc < 0 ? rc : ZZ_OK;
}

int zz_cert_store_insert(zz_store *st, const zz_cert *c, int64_t *id, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(
        st, &s,
        "INSERT INTO certificates (number, org_id, case_id, batch_id, org_name, uscc, category,"
        " level, issue_date, expiry_date, record, signature, audit_count, audit_head)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        err);
    if (rc < 0) return rc;
    zz_store__bind_text(s, 1, c->number);
    zz_store__bind_int64(s, 2, c->org_id);
    if (c->case_id > 0) zz_store__bind_int64(s, 3, c->case_id);
    if (c->batch_id > 0) zz_store__bind_int64(s, 4, c->batch_id);
    zz_store__bind_text(s, 5, c->org_name);
    zz_store__bind_text(s, 6, c->uscc);
    zz_store__bind_text(s, 7, c->category);
    zz_store__bind_int64(s, 8, c->level);
    zz_store__bind_text(s, 9, c->issue_date);
    zz_store__bind_text(s, 10, c->expiry_date);
    zz_store__bind_text(s, 11, c->record);
    zz_store__bind_text(s, 12, c->signature);
    zz_store__bind_int64(s, 13, c->audit_count);
    zz_store__bind_text(s, 14, c->audit_head);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    *id = (int64_t)sqlite3_last_insert_rowid(zz_store__db(st));
    return ZZ_OK;
}

int zz_cert_store_supersede(zz_store *st, int64_t org_id, const char *category, int level,
                            int64_t new_id, const char *on, int64_t *n, zz_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s,
                               "UPDATE certificates SET superseded_on = ?5, superseded_by = ?4"
                               " WHERE org_id = ?1 AND category = ?2 AND level = ?3 AND id <> ?4"
                               " AND issue_date < ?5 AND revoked_on IS NULL"
                               " AND superseded_on IS NULL",
                               err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, org_id);
    zz_store__bind_text(s, 2, category);
    zz_store__bind_int64(s, 3, level);
    zz_store__bind_int64(s, 4, new_id);
    zz_store__bind_text(s, 5, on);
    if ((rc = zz_store__run(st, s, err)) < 0) return rc;
    if (n) *n = sqlite3_changes(zz_store__db(st));
    return ZZ_OK;
}

/* ---- reads ---------------------------------------------------------------------------------- */

#define CERT_COLUMNS                                                                               \
    "c.id, c.number, c.org_id, c.org_name, c.uscc, c.category, c.level, c.issue_date,"             \
    " c.expiry_date, c.case_id, k.number, c.batch_id, b.number, b.status, b.published_on,"         \
    " c.revoked_on, c.superseded_on, c.superseded_by, n.number, c.audit_count, c.audit_head"
#define CERT_FROM                                                                                  \
    " FROM certificates c LEFT JOIN cases k ON k.id = c.case_id"                                   \
    " LEFT JOIN batches b ON b.id = c.batch_id LEFT JOIN certificates n ON n.id = c.superseded_by"

static void read_cert(sqlite3_stmt *s, zz_cert *c)
{
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(s, 0);
    COPY(c->number, s, 1);
    c->org_id = sqlite3_column_int64(s, 2);
    COPY(c->org_name, s, 3);
    COPY(c->uscc, s, 4);
    COPY(c->category, s, 5);
    c->level = sqlite3_column_int(s, 6);
    COPY(c->issue_date, s, 7);
    COPY(c->expiry_date, s, 8);
    c->case_id = sqlite3_column_int64(s, 9);
    COPY(c->case_number, s, 10);
    c->batch_id = sqlite3_column_int64(s, 11);
    COPY(c->batch_number, s, 12);
    c->published = strcmp(zz_store__col_text(s, 13), "published") == 0;
    COPY(c->published_on, s, 14);
    COPY(c->revoked_on, s, 15);
    COPY(c->superseded_on, s, 16);
    c->superseded_by = sqlite3_column_int64(s, 17);
    COPY(c->superseded_by_number, s, 18);
    c->audit_count = sqlite3_column_int64(s, 19);
    COPY(c->audit_head, s, 20);
}

static int get_one(zz_store *st, const char *where, int64_t id, const char *number,
                   bool with_record, zz_cert *out, zz_err *err)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT " CERT_COLUMNS ", c.record, c.signature" CERT_FROM " WHERE %s", where);
    sqlite3_stmt *s = NULL;
    int rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) return rc;
    if (number)
        zz_store__bind_text(s, 1, number);
    else
        zz_store__bind_int64(s, 1, id);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW) {
        read_cert(s, out);
        if (with_record) {
            out->record = zz_store__col_dup(s, 21);
            out->signature = zz_store__col_dup(s, 22);
            if (!out->record || !out->signature) {
                zz_cert_clear(out);
                rc = zz_store__nomem(err);
            }
        }
    }
    sqlite3_finalize(s);
    if (rc == ZZ_STORE_DONE) {
        if (number)
            return zz_err_set(err, ZZ_ENOTFOUND, "cert.not_found", "没有编号为 %.60s 的证书",
                              "no certificate numbered %.60s", number);
        return zz_err_set(err, ZZ_ENOTFOUND, "cert.not_found", "没有编号为 %lld 的证书",
                          "no certificate %lld", (long long)id);
    }
    return rc < 0 ? rc : ZZ_OK;
}

int zz_cert_store_get(zz_store *st, int64_t id, bool with_record, zz_cert *out, zz_err *err)
{
    return get_one(st, "c.id = ?1", id, NULL, with_record, out, err);
}

int zz_cert_store_get_by_number(zz_store *st, const char *number, bool with_record, zz_cert *out,
                                zz_err *err)
{
    return get_one(st, "c.number = ?1", 0, number ? number : "", with_record, out, err);
}

#define LIST_WHERE                                                                                 \
    " WHERE (?1 = 0 OR c.org_id = ?1) AND (?2 = 0 OR c.batch_id = ?2)"                             \
    " AND (?3 = 0 OR b.status = 'published')"
/* The registry text: number or USCC equal, or the printed name containing it (LIKE ?5). */
#define TEXT_SCAN                                                                                  \
    " AND (?4 IS NULL OR c.number = ?4 OR c.uscc = UPPER(?4) OR c.org_name LIKE ?5 ESCAPE '\\')"
#define GRAMS_MAX 16

/*
 * With a text of two or more characters the name test reads the bigram postings of
 * certificate_name_grams (0008_indexes) — the certificates whose name holds every bigram of the
 * text — before LIKE decides, and number and USCC equality use their indexes; SQLite then unions
 * the three index lookups instead of scanning every certificate (~35 ms per search at 77,000
 * certificates). *n_grams bigrams of text (distinct, at most GRAMS_MAX, bound from ?8 on) go to
 * grams, each NUL-terminated; 0 when the text is shorter (the scan form above is used).
 */
static size_t text_grams(const char *text, char grams[GRAMS_MAX][16])
{
    if (!text) return 0;
    const unsigned char *p = (const unsigned char *)text;
    size_t starts[81], nc = 0; /* byte offsets of the characters (UTF-8 lead bytes) */
    for (size_t i = 0; p[i] && nc < 81; i++)
        if ((p[i] & 0xC0) != 0x80) starts[nc++] = i;
    size_t len = strlen(text), n = 0;
    for (size_t k = 0; k + 1 < nc && n < GRAMS_MAX; k++) {
        size_t end = k + 2 < nc ? starts[k + 2] : len, bytes = end - starts[k];
        if (bytes >= 16) continue;
        char g[16];
        memcpy(g, text + starts[k], bytes);
        g[bytes] = '\0';
        bool dup = false;
        for (size_t j = 0; j < n && !dup; j++)
            dup = strcmp(grams[j], g) == 0;
        if (!dup) memcpy(grams[n++], g, bytes + 1);
    }
    return nc > 80 ? 0 : n; /* a text longer than any name keeps the plain form */
}

static void text_where(char *buf, size_t cap, size_t n_grams)
{
    if (n_grams == 0) {
        snprintf(buf, cap, "%s", TEXT_SCAN);
        return;
    }
    size_t n = (size_t)snprintf(buf, cap,
                                " AND (c.number = ?4 OR c.uscc = UPPER(?4) OR (c.id IN (SELECT"
                                " g.cert_id FROM certificate_name_grams g WHERE g.gram IN (");
    for (size_t i = 0; i < n_grams; i++)
        n += (size_t)snprintf(buf + n, cap - n, "%s?%zu", i ? ", " : "", 8 + i);
    snprintf(buf + n, cap - n,
             ") GROUP BY g.cert_id HAVING COUNT(*) = %zu) AND c.org_name LIKE ?5 ESCAPE '\\'))",
             n_grams);
}

static void bind_query(sqlite3_stmt *s, const zz_cert_store_query *q, const char *like,
                       char grams[GRAMS_MAX][16], size_t n_grams)
{
    zz_store__bind_int64(s, 1, q->org_id);
    zz_store__bind_int64(s, 2, q->batch_id);
    zz_store__bind_int64(s, 3, q->published_only ? 1 : 0);
    zz_store__bind_text(s, 4, q->text);
    zz_store__bind_text(s, 5, like);
    for (size_t i = 0; i < n_grams; i++)
        zz_store__bind_text(s, (int)(8 + i), grams[i]);
}

/* A suspension row's dates at columns col (decided_on) and col + 1 (lifted or annulled). */
static void read_suspension(sqlite3_stmt *s, int col, zz_cert_suspension *x)
{
    memset(x, 0, sizeof *x);
    /* well-formed by construction; a bad date shows as an invalid zz_date, which
     * zz_cert_status_on refuses rather than guesses */
    if (zz_date_parse(&x->start, zz_store__col_text(s, col), NULL) < 0)
        x->start = (zz_date){0, 0, 0};
    const char *l = zz_store__col_text(s, col + 1);
    if (*l) {
        x->lifted = true;
        if (zz_date_parse(&x->lifted_on, l, NULL) < 0) x->lifted_on = (zz_date){0, 0, 0};
    }
}

/* Appends one element of size sz to *v (capacity *cap, count *n); NULL when out of memory. */
static void *grow(void **v, size_t *cap, size_t n, size_t sz)
{
    if (n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        void *nv = realloc(*v, nc * sz);
        if (!nv) return NULL;
        *v = nv;
        *cap = nc;
    }
    return (char *)*v + n * sz;
}

/*
 * The page query. With susp, the page (the same WHERE, ORDER BY, LIMIT and OFFSET) is a subquery
 * LEFT JOINed to its suspensions, so one statement reads the certificates and every recorded
 * decision needs (revocation and supersession are columns of the row): a certificate comes
 * back once per suspension (or once with NULLs), rows in page order, each row's suspensions
 * oldest first, as zz_cert_store_suspensions orders them. The o_* aliases name the order keys
 * without the duplicate column names of CERT_COLUMNS.
 */
static int list_impl(zz_store *st, const zz_cert_store_query *q, zz_cert **out, size_t *n,
                     int64_t *total, zz_cert_suspension **susp, size_t **n_susp, zz_err *err)
{
    *out = NULL;
    *n = 0;
    if (total) *total = 0;
    if (susp) {
        *susp = NULL;
        *n_susp = NULL;
    }
    /* LIKE pattern "%text%" with the pattern characters escaped, so a name is matched literally */
    char *like = NULL;
    if (q->text) {
        size_t len = strlen(q->text);
        like = malloc(len * 2 + 3);
        if (!like) return zz_store__nomem(err);
        char *p = like;
        *p++ = '%';
        for (const char *t = q->text; *t; t++) {
            if (*t == '%' || *t == '_' || *t == '\\') *p++ = '\\';
            *p++ = *t;
        }
        *p++ = '%';
        *p = '\0';
    }
    char grams[GRAMS_MAX][16], tw[600], sql[3072];
    size_t n_grams = text_grams(q->text, grams);
    text_where(tw, sizeof tw, n_grams);
    sqlite3_stmt *s = NULL;
    snprintf(sql, sizeof sql, "SELECT COUNT(*)" CERT_FROM LIST_WHERE "%s", tw);
    int rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) {
        free(like);
        return rc;
    }
    bind_query(s, q, like, grams, n_grams);
    rc = zz_store__step(st, s, err);
    if (rc == ZZ_STORE_ROW && total) *total = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (rc < 0) {
        free(like);
        return rc;
    }
    const char *order =
        q->by_number ? " ORDER BY c.number" : " ORDER BY c.issue_date DESC, c.id DESC";
    if (!susp)
        snprintf(sql, sizeof sql,
                 "SELECT " CERT_COLUMNS CERT_FROM LIST_WHERE "%s%s LIMIT ?6 OFFSET ?7", tw, order);
    else
        snprintf(sql, sizeof sql,
                 "SELECT p.*, s.decided_on, COALESCE(s.lifted_on, s.annulled_on), s.id FROM"
                 " (SELECT " CERT_COLUMNS ", c.id AS o_id, c.number AS o_number,"
                 " c.issue_date AS o_issue" CERT_FROM LIST_WHERE "%s%s LIMIT ?6 OFFSET ?7) p"
                 " LEFT JOIN sanctions s ON s.cert_id = p.o_id AND s.kind = 'suspension'"
                 " ORDER BY %s, s.decided_on, s.id",
                 tw, order, q->by_number ? "p.o_number" : "p.o_issue DESC, p.o_id DESC");
    rc = zz_store__prepare(st, &s, sql, err);
    if (rc < 0) {
        free(like);
        return rc;
    }
    bind_query(s, q, like, grams, n_grams);
    zz_store__bind_int64(s, 6, q->limit);
    zz_store__bind_int64(s, 7, q->offset > 0 ? q->offset : 0);
    size_t cap = 0, cap_s = 0, cap_c = 0, ns = 0, nc = 0;
    zz_cert *v = NULL;
    zz_cert_suspension *sv = NULL;
    size_t *cv = NULL;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        if (*n == 0 || v[*n - 1].id != id) { /* a new certificate of the page */
            zz_cert *c = grow((void **)&v, &cap, *n, sizeof *v);
            size_t *k = susp ? grow((void **)&cv, &cap_c, nc, sizeof *cv) : NULL;
            if (!c || (susp && !k)) {
                rc = zz_store__nomem(err);
                break;
            }
            read_cert(s, c);
            (*n)++;
            if (k) {
                *k = 0;
                nc++;
            }
        }
        if (susp && sqlite3_column_type(s, 26) != SQLITE_NULL) {
            zz_cert_suspension *x = grow((void **)&sv, &cap_s, ns, sizeof *sv);
            if (!x) {
                rc = zz_store__nomem(err);
                break;
            }
            read_suspension(s, 24, x);
            ns++;
            cv[nc - 1]++;
        }
    }
    sqlite3_finalize(s);
    free(like);
    if (rc < 0) {
        free(v);
        free(sv);
        free(cv);
        *n = 0;
        return rc;
    }
    *out = v;
    if (susp) {
        *susp = sv;
        *n_susp = cv;
    }
    return ZZ_OK;
}

int zz_cert_store_list(zz_store *st, const zz_cert_store_query *q, zz_cert **out, size_t *n,
                       int64_t *total, zz_err *err)
{
    return list_impl(st, q, out, n, total, NULL, NULL, err);
}

int zz_cert_store_list_decisions(zz_store *st, const zz_cert_store_query *q, zz_cert **out,
                                 size_t *n, int64_t *total, zz_cert_suspension **susp,
                                 size_t **n_susp, zz_err *err)
{
    return list_impl(st, q, out, n, total, susp, n_susp, err);
}

int zz_cert_store_suspensions(zz_store *st, int64_t cert_id, zz_cert_suspension **out, size_t *n,
                              zz_err *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = NULL;
    /* an annulled suspension counts as lifted on the day it was annulled, unless lifted before */
    int rc =
        zz_store__prepare(st, &s,
                          "SELECT decided_on, COALESCE(lifted_on, annulled_on) FROM sanctions"
                          " WHERE cert_id = ?1 AND kind = 'suspension' ORDER BY decided_on, id",
                          err);
    if (rc < 0) return rc;
    zz_store__bind_int64(s, 1, cert_id);
    size_t cap = 0;
    zz_cert_suspension *v = NULL;
    while ((rc = zz_store__step(st, s, err)) == ZZ_STORE_ROW) {
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 4;
            zz_cert_suspension *nv = realloc(v, nc * sizeof *nv);
            if (!nv) {
                rc = zz_store__nomem(err);
                break;
            }
            v = nv;
            cap = nc;
        }
        read_suspension(s, 0, &v[(*n)++]);
    }
    sqlite3_finalize(s);
    if (rc < 0) {
        free(v);
        *n = 0;
        return rc;
    }
    *out = v;
    return ZZ_OK;
}
