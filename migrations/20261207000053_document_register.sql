-- One register for the numbered documents (issue 29, 4): an award decision takes the next number
-- of its issuer's register of decisions for the year when approved, a submission upward the next
-- of its register of submissions when sent. The two counter tables (decision_counters,
-- submission_counters) were one idea written twice; their rows move here under their kind, and
-- the number is still taken by an upsert in the approving (sending) transaction: no gap, no
-- number twice.
CREATE TABLE document_register (
    kind           text NOT NULL CHECK (kind IN ('decision', 'submission')),
    issuer_unit_id bigint NOT NULL REFERENCES units(id),
    year           int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    last           int NOT NULL DEFAULT 0 CHECK (last >= 0),
    PRIMARY KEY (kind, issuer_unit_id, year)
);

INSERT INTO document_register (kind, issuer_unit_id, year, last)
SELECT 'decision', issuer_unit_id, year, last FROM decision_counters;
INSERT INTO document_register (kind, issuer_unit_id, year, last)
SELECT 'submission', issuer_unit_id, year, last FROM submission_counters;

DROP TABLE decision_counters;
DROP TABLE submission_counters;
