-- 0005_assess: what assessment (src/core/assess.c, R-3.4) and expert review (src/core/panel.c,
-- R-3.5) need beyond 0002_domain.

-- R-3.4: an item rectified since it was rated must be rated again before the team concludes
-- (assess.h A3); a new rating clears the mark.
ALTER TABLE ratings ADD COLUMN rerate SMALLINT NOT NULL DEFAULT 0;

-- R-3.4: who gave an item for rectification and who recorded that the evidence arrived.
ALTER TABLE rectifications ADD COLUMN requested_by INTEGER REFERENCES users(id);
ALTER TABLE rectifications ADD COLUMN resolved_by INTEGER REFERENCES users(id);

-- R-3.5: the panel round a team conclusion was made for (1 + the returns before it).
ALTER TABLE conclusions ADD COLUMN round INTEGER NOT NULL DEFAULT 1;

-- R-3.4: who recorded the audit plan.
ALTER TABLE audit_plans ADD COLUMN recorded_by INTEGER REFERENCES users(id);

CREATE INDEX activities_case ON activities (case_id, held_on);
CREATE INDEX rectifications_case ON rectifications (case_id);
CREATE INDEX panel_votes_user ON panel_votes (user_id);
