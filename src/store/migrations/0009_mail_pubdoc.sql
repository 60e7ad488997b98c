-- 0009_mail_pubdoc: expiry reminders (R-2.6, src/core/reminder.c), the public documents an
-- applicant reads before applying (R-2.7, src/core/pubdoc.c). SMTP delivery (src/mail) keeps its
-- configuration in settings (smtp.url, smtp.from, smtp.user, smtp.password, smtp.timeout,
-- smtp.max_attempts) and its results in outbox; it needs no table of its own.

-- R-2.6: one row per (certificate, step) once the step was handled, so that a run never repeats a
-- step: step is the number of calendar months before expiry (9, 7, 6); outcome 'queued' when the
-- reminder email was queued (outbox_id), 'skipped' when a later step was already due on the run
-- that found it (a catch-up sends only the latest due step, see reminder.h).
CREATE TABLE cert_reminders (
    cert_id   INTEGER NOT NULL REFERENCES certificates(id),
    step      SMALLINT NOT NULL,
    due_on    CHAR(10) NOT NULL,                    -- expiry - step months (R-2.6)
    queued_on CHAR(10) NOT NULL,                    -- the business day of the run
    outcome   VARCHAR(10) NOT NULL,
    outbox_id INTEGER REFERENCES outbox(id),
    PRIMARY KEY (cert_id, step),
    CHECK (step IN (9, 7, 6)),
    CHECK (outcome IN ('queued', 'skipped')),
    CHECK ((outcome = 'queued') = (outbox_id IS NOT NULL))
);

-- R-2.7: the public documents (申请须知), kept as versioned files in the blob store by sys_admin;
-- the current version of a kind is the one with the latest date not after today (ties: the later
-- publication). A version is never changed or removed: a correction is a new version.
CREATE TABLE public_documents (
    id             INTEGER PRIMARY KEY,
    kind           VARCHAR(20) NOT NULL,            -- criteria | guide | form | faq | contacts
    version        VARCHAR(40) NOT NULL,
    doc_date       CHAR(10) NOT NULL,               -- the date shown with the document
    digest         CHAR(64) NOT NULL,               -- SM3, names the blob
    filename       VARCHAR(255) NOT NULL,           -- sanitised
    mime           VARCHAR(100) NOT NULL,
    size           BIGINT NOT NULL,
    published_by   INTEGER REFERENCES users(id),
    published_usec BIGINT NOT NULL,
    UNIQUE (kind, version),
    CHECK (kind IN ('criteria', 'guide', 'form', 'faq', 'contacts'))
);
CREATE INDEX public_documents_current ON public_documents (kind, doc_date, id);

CREATE TRIGGER public_documents_fixed BEFORE UPDATE ON public_documents
BEGIN
    SELECT RAISE(ABORT, 'pubdoc.immutable: a published document version cannot be changed');
END;

CREATE TRIGGER public_documents_no_delete BEFORE DELETE ON public_documents
BEGIN
    SELECT RAISE(ABORT, 'pubdoc.immutable: a published document version cannot be removed');
END;
