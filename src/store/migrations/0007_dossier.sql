-- 0007_dossier: what application preparation (src/core/dossier.c, SPEC section 2) needs beyond
-- 0002_domain.

-- R-2.4: the classification is recorded with its reason code, both texts, the warning given to a
-- late maintenance applicant, and the date it was decided on (creation date, then the submission
-- date, which is the date that counts).
ALTER TABLE dossiers ADD COLUMN type_reason_code VARCHAR(50);
ALTER TABLE dossiers ADD COLUMN type_reason_en TEXT;
ALTER TABLE dossiers ADD COLUMN type_warning TEXT;
ALTER TABLE dossiers ADD COLUMN type_warning_en TEXT;
ALTER TABLE dossiers ADD COLUMN type_decided_on CHAR(10);

-- R-2.3: when the binding was declared and by whom.
ALTER TABLE dossiers ADD COLUMN bound_declared_on CHAR(10);
ALTER TABLE dossiers ADD COLUMN bound_declared_by INTEGER REFERENCES users(id);

-- R-2.5: the SM3 of the dossier content the package was built from, so that a package built
-- before a later change is reported as stale by the completeness check; and when it was built.
ALTER TABLE dossiers ADD COLUMN package_content_digest CHAR(64);
ALTER TABLE dossiers ADD COLUMN package_built_on CHAR(10);

CREATE INDEX dossiers_org_status ON dossiers (org_id, status);
CREATE INDEX evidence_items_req ON evidence_items (req_id);
