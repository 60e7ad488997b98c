-- 0008_indexes: what the read paths of zizhid need on a large database (make bench: 100,000
-- cases, 77,000 certificates). Measured with EXPLAIN QUERY PLAN and wrk, see bench/http.sh.

-- Case lists (GET /api/v1/cases, src/store/case_store.c) are ordered newest submission first and
-- paged: with these the filtered list walks an index in order and stops after the page, instead
-- of scanning and sorting every case. The rowid (id) ends each key, which also gives the
-- tie-break order of the list.
CREATE INDEX cases_stage_submitted ON cases (stage, submitted_on, id);
CREATE INDEX cases_submitted ON cases (submitted_on, id);
CREATE INDEX cases_org_submitted ON cases (org_id, submitted_on, id);

-- The public registry (R-4.2) finds certificates by number (unique), by USCC and by a part of
-- the organisation's name as printed.
CREATE INDEX certificates_uscc ON certificates (uscc);

-- Name search: every pair of consecutive characters (bigram) of a certificate's printed name,
-- so that "name contains q" (q of two or more characters) reads the postings of q's bigrams
-- instead of every certificate; the LIKE test still decides. Chinese names make two characters a
-- useful unit (智盾); a trigram index would miss two-character queries. The printed name never
-- changes after issue (certificates_fixed in 0006) and certificates are never removed, so an
-- insert trigger keeps the postings complete.
CREATE TABLE name_gram_positions (
    n INTEGER PRIMARY KEY                        -- 1..200: character positions of a name
);
WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < 200)
INSERT INTO name_gram_positions (n) SELECT n FROM p;

CREATE TABLE certificate_name_grams (
    gram    VARCHAR(8) NOT NULL,                 -- two characters of certificates.org_name
    cert_id INTEGER NOT NULL REFERENCES certificates(id),
    PRIMARY KEY (gram, cert_id)
) WITHOUT ROWID;

CREATE TRIGGER certificates_name_grams AFTER INSERT ON certificates
BEGIN
    INSERT OR IGNORE INTO certificate_name_grams (gram, cert_id)
    SELECT substr(NEW.org_name, p.n, 2), NEW.id FROM name_gram_positions p
    WHERE p.n < length(NEW.org_name);
END;

INSERT OR IGNORE INTO certificate_name_grams (gram, cert_id)
SELECT substr(c.org_name, p.n, 2), c.id FROM certificates c
JOIN name_gram_positions p ON p.n < length(c.org_name);
