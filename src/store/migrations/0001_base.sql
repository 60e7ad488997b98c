-- 0001_base: the audit log (R-8.1, R-8.2) and its signed checkpoints (R-8.4).
-- schema_migrations itself is created by src/store/store.c before the first migration runs.
-- Canonical content and digests are defined in include/zizhi/audit.h.

CREATE TABLE audit_log (
    seq           INTEGER PRIMARY KEY,          -- 1..n, no gaps
    at_usec       BIGINT NOT NULL,              -- real instant, UTC microseconds since the epoch
    business_date CHAR(10) NOT NULL,            -- YYYY-MM-DD business date (shows back-dating)
    actor         VARCHAR(200) NOT NULL,        -- user name or 'system'
    action        VARCHAR(200) NOT NULL,        -- 'case.accept'
    obj_type      VARCHAR(100) NOT NULL,
    obj_id        VARCHAR(200) NOT NULL,
    obj_digest    VARCHAR(64) NOT NULL,         -- SM3 hex of the object after the change, or ''
    detail        TEXT NOT NULL,                -- JSON object text, stored byte for byte
    prev_digest   CHAR(64) NOT NULL,            -- digest of entry seq-1 (64 zeros for seq 1)
    digest        CHAR(64) NOT NULL             -- SM3 over prev_digest and the canonical content
);

CREATE INDEX audit_log_object ON audit_log (obj_type, obj_id);

-- Append-only (R-8.1): the database refuses to change or remove entries. Verification does not
-- rely on these triggers; it recomputes the chain, so it also catches changes made by someone
-- who dropped them.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit.append_only: audit log entries cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit.append_only: audit log entries cannot be removed');
END;

-- Every signed checkpoint written to DATA_DIR/audit-checkpoint.json, kept here as well (R-8.4).
CREATE TABLE audit_checkpoints (
    id        INTEGER PRIMARY KEY,
    entry_count BIGINT NOT NULL,                -- entries covered: seq 1..entry_count
    head      CHAR(64) NOT NULL,                -- digest of entry `entry_count`
    at_text   VARCHAR(32) NOT NULL,             -- ISO-8601 UTC, as signed
    signature TEXT NOT NULL                     -- base64 SM2 signature over 'count|head|at'
);

CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit.append_only: audit checkpoints cannot be changed');
END;

CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit.append_only: audit checkpoints cannot be removed');
END;
