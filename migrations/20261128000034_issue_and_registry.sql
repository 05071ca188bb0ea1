-- Issuing a decision: the signed PDF uploaded, its digital signature checked (poppler's pdfsig:
-- valid, the whole document signed, the signer's name) and kept with the decision, which is then
-- issued and never changes. Its lines enter the award registry (award_history, which eligibility
-- reads), each with a short verification code anyone can check at /verify/{code}.
ALTER TABLE decisions
    ADD COLUMN signed_document_id bigint,
    ADD COLUMN signature jsonb,
    ADD COLUMN issued_by bigint REFERENCES users(id),
    ADD COLUMN issued_at timestamptz,
    ADD CONSTRAINT decisions_issued_signed CHECK ((status = 'issued') = (signed_document_id IS NOT NULL));

ALTER TABLE documents ADD COLUMN decision_id bigint REFERENCES decisions(id);
ALTER TABLE documents DROP CONSTRAINT documents_one_owner;
ALTER TABLE documents ADD CONSTRAINT documents_one_owner
    CHECK (num_nonnulls(review_id, line_id, exemplar_id, meeting_id, decision_id) = 1);
ALTER TABLE documents DROP CONSTRAINT documents_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_kind_check CHECK (kind IN ('review_minutes',
    'achievement_report', 'initiative_certificate', 'achievement_certification', 'photo', 'other',
    'written_vote', 'signed_decision'));
ALTER TABLE decisions ADD CONSTRAINT decisions_signed_document_fk
    FOREIGN KEY (signed_document_id) REFERENCES documents(id);

-- The registry's fields beyond what imports held: the decision, the level of the award, the cash,
-- and the verification code.
ALTER TABLE award_history
    ADD COLUMN decision_id bigint REFERENCES decisions(id),
    ADD COLUMN level text,
    ADD COLUMN cash numeric(14, 0),
    ADD COLUMN verification_code text UNIQUE CHECK (verification_code ~ '^[A-HJ-NP-Z2-9]{8}$');
CREATE INDEX award_history_decision_idx ON award_history (decision_id) WHERE decision_id IS NOT NULL;

-- Requests to the public verification page per address and minute (the rate limit, shared by
-- every server).
CREATE TABLE verify_hits (
    ip     text NOT NULL,
    minute timestamptz NOT NULL,
    n      int NOT NULL DEFAULT 1,
    PRIMARY KEY (ip, minute)
);
