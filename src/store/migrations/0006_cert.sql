-- 0006_cert: what certificates and batches (src/core/cert.c, R-3.6, R-4), sanctions
-- (src/core/sanction.c, R-5), appeals and complaints (src/core/appeal.c, R-6) and the archive
-- (src/core/archive.c, R-7) need beyond 0002_domain.

-- R-3.6: certificate and batch numbers are assigned once and never reused. One counter per scope
-- ('cert|<category>|<level>|<year>', 'batch|<year>') that only ever goes up.
CREATE TABLE cert_number_counters (
    scope    VARCHAR(100) PRIMARY KEY,
    last_seq BIGINT NOT NULL,
    CHECK (last_seq >= 0)
);

-- R-3.6: who issued and who published (公告) a batch.
ALTER TABLE batches ADD COLUMN issued_by INTEGER REFERENCES users(id);
ALTER TABLE batches ADD COLUMN published_by INTEGER REFERENCES users(id);
CREATE INDEX cases_batch ON cases (batch_id);
CREATE INDEX certificates_batch ON certificates (batch_id);
CREATE INDEX certificates_holder ON certificates (org_id, category, level);

-- R-4.2: a certificate's printed facts and its signed record are fixed at issue; only the recorded
-- decisions (revoked_on, superseded_on, superseded_by) change, and nothing is deleted. Status is
-- derived from these and from the suspensions in sanctions, never stored.
CREATE TRIGGER certificates_fixed BEFORE UPDATE OF number, org_id, case_id, batch_id, org_name,
    uscc, category, level, issue_date, expiry_date, record, signature, audit_count, audit_head
    ON certificates
BEGIN
    SELECT RAISE(ABORT, 'cert.immutable: a certificate''s issued facts and signed record cannot be changed');
END;

CREATE TRIGGER certificates_no_delete BEFORE DELETE ON certificates
BEGIN
    SELECT RAISE(ABORT, 'cert.immutable: certificates cannot be removed');
END;

-- R-5.2, R-5.3, R-6.1: who lifted a suspension or recorded a rectification, and the annulment of a
-- sanction by an upheld appeal (the sanction row stays, for the record).
ALTER TABLE sanctions ADD COLUMN lifted_by INTEGER REFERENCES users(id);
ALTER TABLE sanctions ADD COLUMN rectified_by INTEGER REFERENCES users(id);
ALTER TABLE sanctions ADD COLUMN annulled_on CHAR(10);
ALTER TABLE sanctions ADD COLUMN annulled_by_appeal INTEGER REFERENCES appeals(id);
CREATE INDEX sanctions_cert ON sanctions (cert_id);
CREATE INDEX sanctions_due ON sanctions (kind, deadline);

CREATE INDEX appeals_org ON appeals (org_id);
CREATE INDEX appeals_case ON appeals (case_id);
CREATE INDEX appeals_sanction ON appeals (sanction_id);

-- R-6.2: the applicant's complaint records are kept up to date by its administrator.
ALTER TABLE complaints ADD COLUMN updated_by INTEGER REFERENCES users(id);
ALTER TABLE complaints ADD COLUMN updated_on CHAR(10);
CREATE INDEX complaints_org ON complaints (org_id);

-- R-7.1 beyond: every legal hold with its reason, who put it on and who lifted it.
CREATE TABLE archive_holds (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES archives(case_id),
    reason         TEXT NOT NULL,
    held_on        CHAR(10) NOT NULL,
    held_by        INTEGER NOT NULL REFERENCES users(id),
    released_on    CHAR(10),
    released_by    INTEGER REFERENCES users(id),
    release_reason TEXT
);
CREATE INDEX archive_holds_case ON archive_holds (case_id);
CREATE UNIQUE INDEX archive_holds_open ON archive_holds (case_id) WHERE released_on IS NULL;

ALTER TABLE archives ADD COLUMN disposed_by INTEGER REFERENCES users(id);

-- R-7.1: an archive's closing and kept-until dates are fixed, and an archive is never removed
-- (disposal is recorded, not a deletion of the record).
CREATE TRIGGER archives_fixed BEFORE UPDATE OF case_id, closed_on, keep_until ON archives
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: an archive''s closing and retention dates cannot be changed');
END;

CREATE TRIGGER archives_no_delete BEFORE DELETE ON archives
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: archive records cannot be removed');
END;

-- R-7.1: an archived case is read-only. The core refuses first (zz_case__assert_mutable, and the
-- state checks of every case action); these triggers are the last line, so that no code path,
-- present or future, changes an archived case's record or the records it is made of.
CREATE TRIGGER cases_archived_update BEFORE UPDATE ON cases WHEN OLD.stage = 'archived'
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: an archived case cannot be changed (R-7.1)');
END;

CREATE TRIGGER cases_archived_delete BEFORE DELETE ON cases WHEN OLD.stage = 'archived'
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: an archived case cannot be removed (R-7.1)');
END;

-- The records an archived case is made of (R-7.1), table by table.
CREATE TRIGGER case_members_archived_insert BEFORE INSERT ON case_members
WHEN EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER case_members_archived_update BEFORE UPDATE ON case_members
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER case_members_archived_delete BEFORE DELETE ON case_members
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER case_pauses_archived_insert BEFORE INSERT ON case_pauses
WHEN EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER case_pauses_archived_update BEFORE UPDATE ON case_pauses
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER case_pauses_archived_delete BEFORE DELETE ON case_pauses
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER review_opinions_archived_insert BEFORE INSERT ON review_opinions
WHEN EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER review_opinions_archived_update BEFORE UPDATE ON review_opinions
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER review_opinions_archived_delete BEFORE DELETE ON review_opinions
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER agreements_archived_insert BEFORE INSERT ON agreements
WHEN EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER agreements_archived_update BEFORE UPDATE ON agreements
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER agreements_archived_delete BEFORE DELETE ON agreements
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER invoice_lines_archived_insert BEFORE INSERT ON invoice_lines
WHEN EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER invoice_lines_archived_update BEFORE UPDATE ON invoice_lines
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER invoice_lines_archived_delete BEFORE DELETE ON invoice_lines
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER payments_archived_insert BEFORE INSERT ON payments
WHEN EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER payments_archived_update BEFORE UPDATE ON payments
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER payments_archived_delete BEFORE DELETE ON payments
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER audit_plans_archived_insert BEFORE INSERT ON audit_plans
WHEN EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER audit_plans_archived_update BEFORE UPDATE ON audit_plans
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER audit_plans_archived_delete BEFORE DELETE ON audit_plans
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER activities_archived_insert BEFORE INSERT ON activities
WHEN EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER activities_archived_update BEFORE UPDATE ON activities
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER activities_archived_delete BEFORE DELETE ON activities
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER ratings_archived_insert BEFORE INSERT ON ratings
WHEN EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER ratings_archived_update BEFORE UPDATE ON ratings
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER ratings_archived_delete BEFORE DELETE ON ratings
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER rectifications_archived_insert BEFORE INSERT ON rectifications
WHEN EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER rectifications_archived_update BEFORE UPDATE ON rectifications
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER rectifications_archived_delete BEFORE DELETE ON rectifications
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER conclusions_archived_insert BEFORE INSERT ON conclusions
WHEN EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER conclusions_archived_update BEFORE UPDATE ON conclusions
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER conclusions_archived_delete BEFORE DELETE ON conclusions
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER panel_votes_archived_insert BEFORE INSERT ON panel_votes
WHEN EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER panel_votes_archived_update BEFORE UPDATE ON panel_votes
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER panel_votes_archived_delete BEFORE DELETE ON panel_votes
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER panel_conclusions_archived_insert BEFORE INSERT ON panel_conclusions
WHEN EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER panel_conclusions_archived_update BEFORE UPDATE ON panel_conclusions
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER panel_conclusions_archived_delete BEFORE DELETE ON panel_conclusions
WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER dossier_answers_archived_insert BEFORE INSERT ON dossier_answers
WHEN EXISTS (SELECT 1 FROM cases WHERE (dossier_id = NEW.dossier_id)
              AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER dossier_answers_archived_update BEFORE UPDATE ON dossier_answers
WHEN EXISTS (SELECT 1 FROM cases WHERE (dossier_id = OLD.dossier_id)
              AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER dossier_answers_archived_delete BEFORE DELETE ON dossier_answers
WHEN EXISTS (SELECT 1 FROM cases WHERE (dossier_id = OLD.dossier_id)
              AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER evidence_archived_insert BEFORE INSERT ON evidence
WHEN EXISTS (SELECT 1 FROM cases WHERE (dossier_id = NEW.dossier_id OR id = NEW.case_id)
              AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER evidence_archived_update BEFORE UPDATE ON evidence
WHEN EXISTS (SELECT 1 FROM cases WHERE (dossier_id = OLD.dossier_id OR id = OLD.case_id)
              AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER evidence_archived_delete BEFORE DELETE ON evidence
WHEN EXISTS (SELECT 1 FROM cases WHERE (dossier_id = OLD.dossier_id OR id = OLD.case_id)
              AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the records of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER dossiers_archived_update BEFORE UPDATE ON dossiers
WHEN EXISTS (SELECT 1 FROM cases WHERE dossier_id = OLD.id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the dossier of an archived case cannot be changed (R-7.1)');
END;
CREATE TRIGGER dossiers_archived_delete BEFORE DELETE ON dossiers
WHEN EXISTS (SELECT 1 FROM cases WHERE dossier_id = OLD.id AND stage = 'archived')
BEGIN
    SELECT RAISE(ABORT, 'archive.read_only: the dossier of an archived case cannot be changed (R-7.1)');
END;
