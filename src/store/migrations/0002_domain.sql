-- 0002_domain: the domain of SPEC sections 0-9 (users, organisations, dossiers, cases,
-- certificates, sanctions, appeals, archive, outbox). One table per thing; rules live in
-- src/core, not here: the constraints below only keep rows well-formed.
-- Conventions: dates are CHAR(10) 'YYYY-MM-DD' business dates (Asia/Shanghai); instants are
-- BIGINT microseconds since the epoch (UTC); money is BIGINT fen; booleans are SMALLINT 0/1;
-- users are referenced by id; catalogue items by their catalogue id (TEXT, e.g. '3.2.3-5').

-- Section 0: accounts and roles ---------------------------------------------------------------

CREATE TABLE organisations (
    id                 INTEGER PRIMARY KEY,
    name               VARCHAR(200) NOT NULL,
    uscc               CHAR(18) NOT NULL UNIQUE,      -- R-1.2, validated by src/core/uscc.c
    legal_person       SMALLINT NOT NULL,             -- 1 = independent legal person (独立法人)
    exception_reason   TEXT,                          -- R-1.2 justification when not a legal person
    exception_evidence CHAR(64),                      -- SM3 of the supporting evidence blob
    address            VARCHAR(300),
    contact_name       VARCHAR(100),
    contact_phone      VARCHAR(50),
    email              VARCHAR(200) NOT NULL,         -- designated address (指定电子邮箱), R-3.3
    created_usec       BIGINT NOT NULL,
    CHECK (legal_person IN (0, 1))
);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             VARCHAR(100) NOT NULL UNIQUE,
    display_name         VARCHAR(100) NOT NULL,
    email                VARCHAR(200),
    org_id               INTEGER REFERENCES organisations(id),  -- set for applicant roles only
    password_hash        TEXT,                        -- argon2id encoded; NULL: cannot sign in
    active               SMALLINT NOT NULL DEFAULT 1,
    failed_signins       INTEGER NOT NULL DEFAULT 0,  -- within the current window
    failed_window_usec   BIGINT,                      -- first failure of the window
    locked_until_usec    BIGINT,
    password_changed_usec BIGINT,
    created_usec         BIGINT NOT NULL
);

-- R-0.4 (one administrator role per account, never with a case role) is checked in src/core.
CREATE TABLE user_roles (
    user_id      INTEGER NOT NULL REFERENCES users(id),
    role         VARCHAR(30) NOT NULL,
    granted_by   INTEGER REFERENCES users(id),
    granted_usec BIGINT NOT NULL,
    PRIMARY KEY (user_id, role),
    CHECK (role IN ('applicant_admin', 'applicant_member', 'project_lead', 'assessor', 'expert',
                    'manager', 'cert_officer', 'supervisor', 'sys_admin', 'sec_admin',
                    'audit_admin'))
);

CREATE TABLE sessions (
    token_hash   CHAR(64) PRIMARY KEY,                -- SM3 of the cookie token; never the token
    user_id      INTEGER NOT NULL REFERENCES users(id),
    csrf_token   VARCHAR(64) NOT NULL,
    created_usec BIGINT NOT NULL,
    last_usec    BIGINT NOT NULL,
    client       VARCHAR(100)
);

CREATE TABLE settings (                              -- sys_admin / sec_admin configuration
    key   VARCHAR(100) PRIMARY KEY,
    value TEXT NOT NULL
);

-- R-1.2, R-1.3: people and projects of an applicant --------------------------------------------

CREATE TABLE people (
    id               INTEGER PRIMARY KEY,
    org_id           INTEGER NOT NULL REFERENCES organisations(id),
    name             VARCHAR(100) NOT NULL,
    employment       VARCHAR(20) NOT NULL,            -- full_time | part_time | contractor
    ai_security      SMALLINT NOT NULL DEFAULT 1,     -- related to AI security services (3.2.1-3)
    position         VARCHAR(100),
    cisp_number      VARCHAR(50),                     -- 注册信息安全专业人员 certificate
    cisp_valid_from  CHAR(10),
    cisp_valid_until CHAR(10),
    nda_signed_on    CHAR(10),                        -- confidentiality agreement (保密合同)
    active           SMALLINT NOT NULL DEFAULT 1,
    CHECK (employment IN ('full_time', 'part_time', 'contractor'))
);
CREATE INDEX people_org ON people (org_id);

CREATE TABLE service_projects (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organisations(id),
    name         VARCHAR(200) NOT NULL,
    client       VARCHAR(200),
    ai_security  SMALLINT NOT NULL DEFAULT 1,
    started_on   CHAR(10),
    completed_on CHAR(10),
    acceptance   VARCHAR(10) NOT NULL DEFAULT 'pending', -- passed | failed | pending (项目验收)
    accepted_on  CHAR(10),
    CHECK (acceptance IN ('passed', 'failed', 'pending'))
);
CREATE INDEX service_projects_org ON service_projects (org_id);

-- Section 4 (declared before dossiers, which refer to the certificate they maintain) -----------

CREATE TABLE batches (                               -- R-3.6 certificate batches (批次)
    id           INTEGER PRIMARY KEY,
    number       VARCHAR(40) NOT NULL UNIQUE,
    created_on   CHAR(10) NOT NULL,
    created_by   INTEGER REFERENCES users(id),
    issued_on    CHAR(10),
    published_on CHAR(10),                           -- 公告
    status       VARCHAR(12) NOT NULL DEFAULT 'open', -- open | issued | published
    CHECK (status IN ('open', 'issued', 'published'))
);

CREATE TABLE certificates (
    id             INTEGER PRIMARY KEY,
    number         VARCHAR(40) NOT NULL UNIQUE,       -- never reused (R-3.6)
    org_id         INTEGER NOT NULL REFERENCES organisations(id),
    case_id        INTEGER UNIQUE,                    -- REFERENCES cases(id), declared below
    batch_id       INTEGER REFERENCES batches(id),
    org_name       VARCHAR(200) NOT NULL,             -- as printed
    uscc           CHAR(18) NOT NULL,
    category       VARCHAR(50) NOT NULL,
    level          SMALLINT NOT NULL,
    issue_date     CHAR(10) NOT NULL,
    expiry_date    CHAR(10) NOT NULL,                 -- last valid day (R-4.1)
    revoked_on     CHAR(10),                          -- R-4.2 recorded decisions; status is derived
    superseded_on  CHAR(10),
    superseded_by  INTEGER REFERENCES certificates(id),
    record         TEXT NOT NULL,                     -- canonical signed record (JSON), R-4.3
    signature      TEXT NOT NULL,                     -- base64 SM2 over record
    audit_count    BIGINT NOT NULL,                   -- R-8.4 chain head inside the record
    audit_head     CHAR(64) NOT NULL
);
CREATE INDEX certificates_org ON certificates (org_id);

-- Section 2: dossiers (申请) ------------------------------------------------------------------

CREATE TABLE dossiers (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES organisations(id),
    category        VARCHAR(50) NOT NULL,
    level           SMALLINT NOT NULL,
    catalog_id      VARCHAR(50) NOT NULL,            -- R-1.8 bound catalogue version
    catalog_version VARCHAR(50) NOT NULL,
    app_type        VARCHAR(12) NOT NULL,            -- initial | maintenance (R-2.1, R-2.4)
    timing          VARCHAR(20),                     -- on_time | late (maintenance only)
    type_reason     TEXT,                            -- why treated as initial (R-2.4)
    prior_cert_id   INTEGER REFERENCES certificates(id),
    status          VARCHAR(12) NOT NULL DEFAULT 'draft', -- draft | submitted | withdrawn
    form            TEXT NOT NULL DEFAULT '{}',      -- 申请书 form fields (JSON object)
    stamped_scan    CHAR(64),                        -- R-2.3 blob of the stamped form scan
    bound_declared  SMALLINT NOT NULL DEFAULT 0,     -- declaration that the paper copy is bound
    package_digest  CHAR(64),                        -- R-2.5 electronic package blob
    courier         VARCHAR(100),                    -- R-2.3 快递
    tracking_no     VARCHAR(100),
    submitted_on    CHAR(10),
    created_usec    BIGINT NOT NULL,
    updated_usec    BIGINT NOT NULL,
    CHECK (app_type IN ('initial', 'maintenance')),
    CHECK (status IN ('draft', 'submitted', 'withdrawn'))
);
CREATE INDEX dossiers_org ON dossiers (org_id);

CREATE TABLE dossier_answers (                       -- self-assessment per requirement (R-2.1)
    dossier_id  INTEGER NOT NULL REFERENCES dossiers(id),
    req_id      VARCHAR(50) NOT NULL,
    self_rating VARCHAR(20) NOT NULL,                -- conforms | partial | not_conforms | not_applicable
    statement   TEXT NOT NULL,
    updated_usec BIGINT NOT NULL,
    PRIMARY KEY (dossier_id, req_id)
);

-- Section 3: cases (项目) ---------------------------------------------------------------------

CREATE TABLE cases (
    id                 INTEGER PRIMARY KEY,
    number             VARCHAR(40) NOT NULL UNIQUE,
    dossier_id         INTEGER NOT NULL UNIQUE REFERENCES dossiers(id),
    org_id             INTEGER NOT NULL REFERENCES organisations(id),
    stage              VARCHAR(20) NOT NULL,         -- acceptance | initiation | assessment |
                                                     -- expert_review | certification | archived
    state              VARCHAR(20) NOT NULL,         -- see include/zizhi/case.h
    submitted_on       CHAR(10) NOT NULL,
    paper_received_on  CHAR(10),                     -- R-2.3 paper copy and media received
    paper_matches      SMALLINT,                     -- 1 when they match the electronic submission
    package_verified   SMALLINT NOT NULL DEFAULT 0,  -- R-2.5
    exception_accepted SMALLINT NOT NULL DEFAULT 0,  -- R-1.2 accepted by the project lead
    filed_on           CHAR(10),                     -- 建档立项 (R-3.1): the cycle clock starts
    assessment_on      CHAR(10),                     -- entered assessment (R-3.3)
    approved_on        CHAR(10),                     -- 审批 (R-3.6)
    approved_by        INTEGER REFERENCES users(id),
    batch_id           INTEGER REFERENCES batches(id),
    closed_on          CHAR(10),                     -- the cycle clock stops; archive counts from here
    close_reason       VARCHAR(20),                  -- certified | not_accepted | failed | withdrawn
    updated_usec       BIGINT NOT NULL
);
CREATE INDEX cases_org ON cases (org_id);
CREATE INDEX cases_stage ON cases (stage, state);

CREATE TABLE case_members (                          -- R-0.2 assignments by the manager
    case_id  INTEGER NOT NULL REFERENCES cases(id),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    role     VARCHAR(20) NOT NULL,                   -- project_lead | assessor | expert
    assigned_on CHAR(10) NOT NULL,
    PRIMARY KEY (case_id, user_id, role),
    CHECK (role IN ('project_lead', 'assessor', 'expert'))
);
CREATE INDEX case_members_user ON case_members (user_id);

CREATE TABLE case_pauses (                           -- R-3.7 waiting for the applicant
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    cause      VARCHAR(20) NOT NULL,                 -- supplement | agreement | payment | rectification
    started_on CHAR(10) NOT NULL,
    ended_on   CHAR(10)
);
CREATE INDEX case_pauses_case ON case_pauses (case_id);

CREATE TABLE review_opinions (                       -- R-3.2 受理审查意见
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    outcome     VARCHAR(20) NOT NULL,                -- accepted | supplement | not_accepted
    opinion     TEXT NOT NULL,
    decided_on  CHAR(10) NOT NULL,
    decided_by  INTEGER NOT NULL REFERENCES users(id),
    CHECK (outcome IN ('accepted', 'supplement', 'not_accepted'))
);

CREATE TABLE agreements (                            -- R-3.3 委托协议
    case_id      INTEGER PRIMARY KEY REFERENCES cases(id),
    template     VARCHAR(100) NOT NULL,
    drafted_on   CHAR(10) NOT NULL,
    sent_on      CHAR(10),
    effective_on CHAR(10)
);

CREATE TABLE invoice_lines (                         -- R-9.2
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    code       VARCHAR(50) NOT NULL,
    name       VARCHAR(100) NOT NULL,
    amount_fen BIGINT NOT NULL,
    issued_on  CHAR(10) NOT NULL,
    CHECK (amount_fen >= 0)
);

CREATE TABLE payments (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    paid_on    CHAR(10) NOT NULL,
    amount_fen BIGINT NOT NULL,
    reference  VARCHAR(100),
    CHECK (amount_fen > 0)
);

CREATE TABLE audit_plans (                           -- R-3.4 审核计划
    case_id   INTEGER PRIMARY KEY REFERENCES cases(id),
    content   TEXT NOT NULL,
    agreed_on CHAR(10) NOT NULL
);

CREATE TABLE activities (                            -- R-3.4 assessment activities
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    method       VARCHAR(30) NOT NULL,               -- a catalogue method id
    held_on      CHAR(10) NOT NULL,
    participants TEXT NOT NULL,
    evidence     TEXT,                               -- evidence collected
    findings     TEXT,
    recorded_by  INTEGER NOT NULL REFERENCES users(id)
);
CREATE TABLE activity_items (
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    item_id     VARCHAR(50) NOT NULL,                -- requirement or base practice id
    PRIMARY KEY (activity_id, item_id)
);

CREATE TABLE ratings (                               -- R-3.4 per requirement and base practice
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    item_id       VARCHAR(50) NOT NULL,
    rating        VARCHAR(20) NOT NULL,              -- performed | partial | not_performed |
                                                     -- conforms | not_conforms | not_applicable
    justification TEXT,
    rated_by      INTEGER NOT NULL REFERENCES users(id),
    rated_on      CHAR(10) NOT NULL,
    PRIMARY KEY (case_id, item_id)
);

CREATE TABLE rectifications (                        -- R-3.4 整改 during assessment
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    item_id      VARCHAR(50) NOT NULL,
    request      TEXT NOT NULL,
    requested_on CHAR(10) NOT NULL,
    deadline     CHAR(10) NOT NULL,
    resolved_on  CHAR(10)
);

CREATE TABLE conclusions (                           -- R-3.4 项目审核结论
    case_id          INTEGER PRIMARY KEY REFERENCES cases(id),
    recommendation   VARCHAR(10) NOT NULL,           -- met | not_met (computed, R-1.5)
    conclusion       VARCHAR(10) NOT NULL,           -- met | not_met (the team's)
    reason           TEXT,                           -- required when they differ
    conformity       TEXT NOT NULL,                  -- JSON: degree of conformity per group
    decided_on       CHAR(10) NOT NULL,
    decided_by       INTEGER NOT NULL REFERENCES users(id)
);

CREATE TABLE panel_votes (                           -- R-3.5 专家评审
    case_id  INTEGER NOT NULL REFERENCES cases(id),
    round    INTEGER NOT NULL DEFAULT 1,             -- a return to assessment starts a new round
    user_id  INTEGER NOT NULL REFERENCES users(id),
    vote     VARCHAR(10) NOT NULL,                   -- pass | fail | return
    opinion  TEXT NOT NULL,
    voted_on CHAR(10) NOT NULL,
    PRIMARY KEY (case_id, round, user_id),
    CHECK (vote IN ('pass', 'fail', 'return'))
);

CREATE TABLE panel_conclusions (
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    round      INTEGER NOT NULL,
    result     VARCHAR(10) NOT NULL,                 -- pass | fail | return
    decided_on CHAR(10) NOT NULL,
    PRIMARY KEY (case_id, round)
);

CREATE TABLE evidence (                              -- evidence files (R-2.1, R-8.3)
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organisations(id),
    dossier_id    INTEGER REFERENCES dossiers(id),
    case_id       INTEGER REFERENCES cases(id),      -- collected by assessors
    digest        CHAR(64) NOT NULL,                 -- SM3, names the blob
    filename      VARCHAR(255) NOT NULL,             -- sanitised
    mime          VARCHAR(100) NOT NULL,             -- from content (libmagic)
    size          BIGINT NOT NULL,
    uploaded_by   INTEGER REFERENCES users(id),
    uploaded_usec BIGINT NOT NULL
);
CREATE INDEX evidence_dossier ON evidence (dossier_id);
CREATE TABLE evidence_items (                        -- evidence mapped to requirements
    evidence_id INTEGER NOT NULL REFERENCES evidence(id),
    req_id      VARCHAR(50) NOT NULL,
    PRIMARY KEY (evidence_id, req_id)
);

-- Sections 5-7 ---------------------------------------------------------------------------------

CREATE TABLE sanctions (                             -- R-5 处置
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organisations(id),
    cert_id       INTEGER REFERENCES certificates(id),
    kind          VARCHAR(20) NOT NULL,              -- warning | rectification | suspension | revocation
    violation     TEXT NOT NULL,
    evidence      TEXT NOT NULL,
    decision      TEXT NOT NULL,
    decided_on    CHAR(10) NOT NULL,
    decided_by    INTEGER NOT NULL REFERENCES users(id),
    deadline      CHAR(10),                          -- rectification
    rectified_on  CHAR(10),
    lifted_on     CHAR(10),                          -- suspension lifted
    CHECK (kind IN ('warning', 'rectification', 'suspension', 'revocation'))
);
CREATE INDEX sanctions_org ON sanctions (org_id);

CREATE TABLE appeals (                               -- R-6.1 书面申诉
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organisations(id),
    case_id       INTEGER REFERENCES cases(id),
    sanction_id   INTEGER REFERENCES sanctions(id),
    subject       VARCHAR(30) NOT NULL,              -- what is disputed: review | conclusion | panel | sanction
    from_stage    VARCHAR(20),                       -- stage the decision came from (reopen target)
    from_state    VARCHAR(20),
    grounds       TEXT NOT NULL,
    filed_on      CHAR(10) NOT NULL,
    filed_by      INTEGER NOT NULL REFERENCES users(id),
    status        VARCHAR(12) NOT NULL DEFAULT 'open', -- open | upheld | dismissed
    investigation TEXT,
    decided_on    CHAR(10),
    decided_by    INTEGER REFERENCES users(id),
    CHECK (status IN ('open', 'upheld', 'dismissed'))
);

CREATE TABLE complaints (                            -- R-6.2 the applicant's own records
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organisations(id),
    received_on CHAR(10) NOT NULL,
    complainant VARCHAR(200),
    summary     TEXT NOT NULL,
    measures    TEXT,                                -- measures against recurrence
    closed_on   CHAR(10),
    recorded_by INTEGER NOT NULL REFERENCES users(id)
);

CREATE TABLE archives (                              -- R-7 归档
    case_id       INTEGER PRIMARY KEY REFERENCES cases(id),
    closed_on     CHAR(10) NOT NULL,
    keep_until    CHAR(10) NOT NULL,                 -- closed_on + 6 years
    legal_hold    SMALLINT NOT NULL DEFAULT 0,
    hold_reason   TEXT,
    disposal_approved_by INTEGER REFERENCES users(id),
    disposal_approved_on CHAR(10),
    disposed_on   CHAR(10)
);

-- Email at the points where the guide says email (R-3.2, R-3.3, R-2.6) --------------------------

CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    to_addr      VARCHAR(200) NOT NULL,
    subject      VARCHAR(300) NOT NULL,
    body         TEXT NOT NULL,
    attachments  TEXT NOT NULL DEFAULT '[]',         -- JSON [{"name":…,"digest":…}]
    purpose      VARCHAR(50) NOT NULL,               -- review_opinion | agreement | reminder …
    ref_type     VARCHAR(30),
    ref_id       VARCHAR(50),
    created_usec BIGINT NOT NULL,
    sent_usec    BIGINT,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT
);
