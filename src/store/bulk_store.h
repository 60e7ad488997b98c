/*
 * bulk_store.h — the SQL of the scaled demonstration database (src/store/bulk_store.c), used by
 * src/core/demo_scale.c only (`zizhi demo --scale N`, the benchmark of `make bench`).
 *
 * The scaled demo writes hundreds of thousands of rows, far too many to go through the domain
 * actions (about 0.25 s per case). This module holds one prepared statement per kind of row,
 * prepared once by zz_bulk_open and reused (bind, step, reset) for every row, so the caller can
 * write tens of thousands of rows per transaction (zz_store_begin / zz_store_commit). Storage only:
 * which rows to write, their dates, the audit chain and the signatures are decided in src/core.
 *
 * Values are passed positionally as zz_bulk_val, in the order of the column list documented at
 * each statement below; the count must equal the statement's parameter count. Text values are
 * bound without copying: they must stay valid during the call only. No sqlite3 type appears here.
 *
 * Invariants:
 *   B1  every statement is a prepared INSERT/UPDATE/SELECT with bound parameters, standard SQL;
 *       triggers and constraints of the schema apply to bulk rows exactly as to any other.
 *   B2  a zz_bulk handle borrows its store; close it before zz_store_close.
 */
#ifndef ZIZHI_BULK_STORE_H
#define ZIZHI_BULK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "zizhi/store.h"

typedef enum zz_bulk_stmt {
    /* organisations: name, uscc, address, contact_name, contact_phone, email, created_usec
     * (legal_person = 1) */
    ZZ_BULK_ORG,
    /* users without a password (cannot sign in): username, display_name, email, org_id (NULL for
     * certification-body accounts), created_usec */
    ZZ_BULK_USER,
    /* user_roles: user_id, role, granted_usec */
    ZZ_BULK_USER_ROLE,
    /* dossiers: org_id, category, level, catalog_id, catalog_version, app_type, timing,
     * type_reason, type_reason_code, type_decided_on, prior_cert_id, status, form, stamped_scan,
     * bound_declared (0/1), bound_declared_on, courier, tracking_no, submitted_on, created_usec,
     * updated_usec */
    ZZ_BULK_DOSSIER,
    /* cases: number, dossier_id, org_id, stage, state, submitted_on, paper_received_on,
     * paper_matches, package_verified, filed_on, assessment_on, approved_on, approved_by,
     * batch_id, closed_on, close_reason, paper_note, updated_usec */
    ZZ_BULK_CASE,
    /* moves a closed case to archived/archived: updated_usec, case id */
    ZZ_BULK_CASE_ARCHIVED,
    /* case_members: case_id, user_id, role, assigned_on */
    ZZ_BULK_MEMBER,
    /* case_pauses: case_id, cause, started_on, ended_on */
    ZZ_BULK_PAUSE,
    /* review_opinions: case_id, outcome, opinion, decided_on, decided_by */
    ZZ_BULK_OPINION,
    /* agreements: case_id, template, drafted_on, sent_on, effective_on */
    ZZ_BULK_AGREEMENT,
    /* invoice_lines: case_id, code, name, amount_fen, issued_on */
    ZZ_BULK_INVOICE,
    /* payments: case_id, paid_on, amount_fen, reference, recorded_by */
    ZZ_BULK_PAYMENT,
    /* audit_plans: case_id, content, agreed_on, recorded_by */
    ZZ_BULK_PLAN,
    /* rectifications: case_id, item_id, request, requested_on, deadline, resolved_on,
     * requested_by, resolved_by */
    ZZ_BULK_RECTIFICATION,
    /* conclusions: case_id, recommendation, conclusion, reason, conformity, decided_on,
     * decided_by (round 1) */
    ZZ_BULK_CONCLUSION,
    /* panel_votes: case_id, user_id, vote, opinion, voted_on (round 1) */
    ZZ_BULK_VOTE,
    /* panel_conclusions: case_id, result, decided_on (round 1) */
    ZZ_BULK_PANEL,
    /* batches: number, created_on, created_by, issued_on, issued_by, published_on, published_by,
     * status */
    ZZ_BULK_BATCH,
    /* certificates: number, org_id, case_id, batch_id, org_name, uscc, category, level,
     * issue_date, expiry_date, revoked_on, record, signature, audit_count, audit_head */
    ZZ_BULK_CERT,
    /* superseded_on, superseded_by, id of the certificate superseded */
    ZZ_BULK_CERT_SUPERSEDE,
    /* archives: case_id, closed_on, keep_until */
    ZZ_BULK_ARCHIVE,
    /* sanctions: org_id, cert_id, kind, violation, evidence, decision, decided_on, decided_by,
     * lifted_on, lifted_by */
    ZZ_BULK_SANCTION,
    /* audit_log: seq, at_usec, business_date, actor, action, obj_type, obj_id, obj_digest, detail,
     * prev_digest, digest (the caller computes the chain, include/zizhi/audit.h) */
    ZZ_BULK_AUDIT,
    /* raises (never lowers) a case number counter: scope, last_seq */
    ZZ_BULK_CASE_COUNTER_RAISE,
    /* raises (never lowers) a certificate or batch number counter: scope, last_seq */
    ZZ_BULK_CERT_COUNTER_RAISE,
    /* reads: one integer column, one row or none */
    ZZ_BULK_CASE_COUNTER_GET, /* scope → last_seq */
    ZZ_BULK_CERT_COUNTER_GET, /* scope → last_seq */
    ZZ_BULK_ORG_BY_USCC,      /* uscc → organisations.id */
    ZZ_BULK__COUNT
} zz_bulk_stmt;

typedef enum zz_bulk_kind { ZZ_BULK_NULL = 0, ZZ_BULK_INT = 1, ZZ_BULK_TEXT = 2 } zz_bulk_kind;

typedef struct zz_bulk_val {
    zz_bulk_kind kind;
    int64_t i;
    const char *s; /* borrowed for the call; NULL binds SQL NULL */
} zz_bulk_val;

/* clang-format off */
#define ZZ_BV_NULL    ((zz_bulk_val){ZZ_BULK_NULL, 0, NULL})
#define ZZ_BV_INT(x)  ((zz_bulk_val){ZZ_BULK_INT, (int64_t)(x), NULL})
#define ZZ_BV_TEXT(x) ((zz_bulk_val){ZZ_BULK_TEXT, 0, (x)})
/* clang-format on */

typedef struct zz_bulk zz_bulk;

/*
 * Prepares every statement on st and enlarges the page cache of the connection for the bulk
 * writes (restored by zz_bulk_close). OUT: *out, closed with zz_bulk_close.
 */
int zz_bulk_open(zz_store *st, zz_bulk **out, zz_err *err);
void zz_bulk_close(zz_bulk *b);

/*
 * Runs one write statement with n values (ZZ_EINVAL "bulk.arity" when n is not its parameter
 * count). rowid (may be NULL) gets the rowid of the row inserted. Store errors as zz_store__sqlerr
 * (constraints and triggers give their codes).
 */
int zz_bulk_run(zz_bulk *b, zz_bulk_stmt which, const zz_bulk_val *v, size_t n, int64_t *rowid,
                zz_err *err);

/* Runs one read statement: *found tells whether there was a row, *out its integer (0 if none). */
int zz_bulk_get_int(zz_bulk *b, zz_bulk_stmt which, const zz_bulk_val *v, size_t n, bool *found,
                    int64_t *out, zz_err *err);

/* Rows written through this handle so far (every successful zz_bulk_run). */
int64_t zz_bulk_rows(const zz_bulk *b);

#endif
