-- The submission upward (tờ trình) of the awards a higher authority decides (the province's
-- Chairman, the Prime Minister, the President): the lines of a notice that are ready (period over,
-- not withdrawn, no objection open) and not decided by the Director. Drafted by the Office, sent
-- with the next number of the issuer's register of submissions for the year; its dossier pack (the
-- submission, the list, the council's minutes and ballot count, each line's documents) built as one
-- .zip in the background with its progress kept here, so that any server shows it. When the higher
-- authority decides, its decision is recorded against each line, and the awarded lines enter the
-- registry with a verification code.
CREATE TABLE submission_counters (
    issuer_unit_id bigint NOT NULL REFERENCES units(id),
    year           int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    last           int NOT NULL DEFAULT 0 CHECK (last >= 0),
    PRIMARY KEY (issuer_unit_id, year)
);

CREATE TABLE submissions (
    id              bigserial PRIMARY KEY,
    campaign_id     bigint NOT NULL REFERENCES campaigns(id),
    issuer_unit_id  bigint NOT NULL REFERENCES units(id),
    notice_id       bigint NOT NULL REFERENCES notices(id),
    status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent')),
    submitted_on    date NOT NULL,
    doc_code        text NOT NULL,
    recipient       text NOT NULL CHECK (length(recipient) BETWEEN 1 AND 300),
    year            int,
    number          int CHECK (number > 0),
    signer_deputy   boolean NOT NULL DEFAULT false,
    signer_name     text NOT NULL DEFAULT '',
    pack_status     text NOT NULL DEFAULT 'none' CHECK (pack_status IN ('none', 'building', 'ready', 'failed')),
    pack_done       int NOT NULL DEFAULT 0,
    pack_total      int NOT NULL DEFAULT 0,
    pack_error      text NOT NULL DEFAULT '',
    pack_started_at timestamptz,
    pack_document_id bigint,
    version         int NOT NULL DEFAULT 1,
    created_by      bigint REFERENCES users(id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_by         bigint REFERENCES users(id),
    sent_at         timestamptz,
    UNIQUE (issuer_unit_id, year, number),
    CHECK ((status = 'sent') = (number IS NOT NULL))
);
CREATE INDEX submissions_campaign_idx ON submissions (campaign_id);

CREATE TABLE submission_lines (
    submission_id  bigint NOT NULL REFERENCES submissions(id),
    line_id        bigint NOT NULL UNIQUE REFERENCES proposal_lines(id),
    position       int NOT NULL DEFAULT 0,
    outcome        text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'awarded', 'refused')),
    authority      text NOT NULL DEFAULT '' CHECK (length(authority) <= 300),
    decision_no    text NOT NULL DEFAULT '' CHECK (length(decision_no) <= 100),
    decided_on     date,
    recorded_by    bigint REFERENCES users(id),
    recorded_at    timestamptz,
    PRIMARY KEY (submission_id, line_id),
    CHECK (outcome = 'pending' OR (decision_no <> '' AND decided_on IS NOT NULL AND authority <> ''))
);

ALTER TABLE documents ADD COLUMN submission_id bigint REFERENCES submissions(id);
ALTER TABLE documents DROP CONSTRAINT documents_one_owner;
ALTER TABLE documents ADD CONSTRAINT documents_one_owner
    CHECK (num_nonnulls(review_id, line_id, exemplar_id, meeting_id, decision_id, submission_id) = 1);
ALTER TABLE documents DROP CONSTRAINT documents_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_kind_check CHECK (kind IN ('review_minutes',
    'achievement_report', 'initiative_certificate', 'achievement_certification', 'photo', 'other',
    'written_vote', 'signed_decision', 'dossier_pack'));
ALTER TABLE submissions ADD CONSTRAINT submissions_pack_fk
    FOREIGN KEY (pack_document_id) REFERENCES documents(id);

-- A registry entry from a higher authority's decision points at the submission that asked for it.
ALTER TABLE award_history ADD COLUMN submission_id bigint REFERENCES submissions(id);

-- A dossier pack is a .zip the app builds (uploads are still sniffed as PDF, .docx, PNG or JPEG).
ALTER TABLE documents DROP CONSTRAINT documents_content_type_check;
ALTER TABLE documents ADD CONSTRAINT documents_content_type_check CHECK (content_type IN (
    'application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'image/png', 'image/jpeg', 'application/zip'));
