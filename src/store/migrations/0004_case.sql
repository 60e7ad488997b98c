-- 0004_case: what the case lifecycle (src/core/case.c) needs beyond 0002_domain.
-- Case numbers are never reused (R-3.6 style numbering for cases): a counter per number scope
-- (the pattern expanded without its sequence, e.g. 'AIS1-2026-<seq4>') only ever goes up.

CREATE TABLE case_number_counters (
    scope    VARCHAR(100) PRIMARY KEY,
    last_seq BIGINT NOT NULL,
    CHECK (last_seq >= 0)
);

-- R-2.3: the courier note given when the paper copy and media were received.
ALTER TABLE cases ADD COLUMN paper_note TEXT;
-- R-1.2: the project lead's note when accepting the non-legal-person exception.
ALTER TABLE cases ADD COLUMN exception_note TEXT;

-- R-9.2: who recorded a payment.
ALTER TABLE payments ADD COLUMN recorded_by INTEGER REFERENCES users(id);

-- R-3.7 / case.h I3: at most one open pause per cause and case.
CREATE UNIQUE INDEX case_pauses_open ON case_pauses (case_id, cause) WHERE ended_on IS NULL;

CREATE INDEX review_opinions_case ON review_opinions (case_id);
CREATE INDEX invoice_lines_case ON invoice_lines (case_id);
CREATE INDEX payments_case ON payments (case_id);
CREATE INDEX outbox_pending ON outbox (sent_usec, id);
CREATE INDEX outbox_ref ON outbox (ref_type, ref_id);
