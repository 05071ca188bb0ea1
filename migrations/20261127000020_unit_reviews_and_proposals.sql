-- Year-end at the units: the unit's review meeting (bình xét) with its attendance and votes, the
-- award proposals (đề nghị khen thưởng) built from it with their lines, submissions and returns,
-- and the documents of the dossiers. The documents a title's dossier needs and the Office's
-- periods are rule-set data (they change with the law).

-- Which documents a dossier for the title needs (Law 2022 Art. 84): kinds from
-- 'review_minutes', 'achievement_report', 'initiative_certificate', 'achievement_certification'.
ALTER TABLE titles ADD COLUMN documents text[] NOT NULL DEFAULT '{review_minutes}'
    CHECK (documents <@ ARRAY['review_minutes', 'achievement_report', 'initiative_certificate', 'achievement_certification']);
-- Working days the Office takes to check a submitted proposal, and the unit to supplement a
-- returned one, before the list shows it overdue.
ALTER TABLE rule_sets ADD COLUMN check_days int NOT NULL DEFAULT 10 CHECK (check_days BETWEEN 1 AND 60),
                      ADD COLUMN supplement_days int NOT NULL DEFAULT 5 CHECK (supplement_days BETWEEN 1 AND 60);
-- A criterion's weight in the scoring sheet (its maximum score is already there).
ALTER TABLE campaign_items ADD COLUMN weight numeric(6, 2) CHECK (weight IS NULL OR weight > 0);

-- Law 2022 Art. 84(1): titles need the achievement report and the review minutes; the Chiến sĩ thi
-- đua titles also the initiatives' certification. Art. 84(2): commendations need the report,
-- the minutes and the certification of the achievement. Lao động tiên tiến and Tập thể lao động
-- tiên tiến are decided on the unit's review (its minutes) in the Department's practice.
UPDATE titles SET documents = CASE
    WHEN code IN ('LDTT', 'TTLDTT') THEN '{review_minutes}'
    WHEN code LIKE 'CSTD%' THEN '{review_minutes,achievement_report,initiative_certificate}'
    WHEN form = 'commendation' THEN '{review_minutes,achievement_report,achievement_certification}'
    ELSE '{review_minutes,achievement_report}' END::text[];

-- The unit's review meeting: one per campaign and unit.
CREATE TABLE unit_reviews (
    id                  bigserial PRIMARY KEY,
    campaign_id         bigint NOT NULL REFERENCES campaigns(id),
    unit_id             bigint NOT NULL REFERENCES units(id),
    held_on             date,
    held_at             text NOT NULL DEFAULT '' CHECK (length(held_at) <= 20),
    place               text NOT NULL DEFAULT '' CHECK (length(place) <= 300),
    chair_id            bigint REFERENCES people(id),
    secretary_id        bigint REFERENCES people(id),
    -- 'hands': a show of hands (in favour, against, abstaining); 'secret': a secret ballot
    -- (in favour, against, blank or invalid ballots)
    voting              text NOT NULL DEFAULT 'hands' CHECK (voting IN ('hands', 'secret')),
    collective_title_id bigint REFERENCES titles(id),
    collective_for      int CHECK (collective_for >= 0),
    collective_against  int CHECK (collective_against >= 0),
    collective_abstain  int CHECK (collective_abstain >= 0),
    discussion          text NOT NULL DEFAULT '' CHECK (length(discussion) <= 10000),
    -- the signed scan of the minutes (a document of this review)
    minutes_document_id bigint,
    version             int NOT NULL DEFAULT 1,
    created_by          bigint REFERENCES users(id),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (campaign_id, unit_id)
);

-- Each member as the meeting recorded them: present or absent (with the reason), the title proposed
-- and the vote on it.
CREATE TABLE review_members (
    review_id      bigint NOT NULL REFERENCES unit_reviews(id) ON DELETE CASCADE,
    person_id      bigint NOT NULL REFERENCES people(id),
    present        boolean NOT NULL DEFAULT true,
    absence_reason text NOT NULL DEFAULT '' CHECK (length(absence_reason) <= 300),
    title_id       bigint REFERENCES titles(id),
    votes_for      int CHECK (votes_for >= 0),
    votes_against  int CHECK (votes_against >= 0),
    votes_abstain  int CHECK (votes_abstain >= 0),
    PRIMARY KEY (review_id, person_id)
);
CREATE INDEX review_members_person_idx ON review_members (person_id);

-- A unit's proposal for a campaign: its lines travel to the Office together.
CREATE TABLE proposals (
    id              bigserial PRIMARY KEY,
    campaign_id     bigint NOT NULL REFERENCES campaigns(id),
    unit_id         bigint NOT NULL REFERENCES units(id),
    review_id       bigint REFERENCES unit_reviews(id),
    status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'returned', 'accepted')),
    -- how many times it was submitted; the last submission and whether the first was late
    submissions     int NOT NULL DEFAULT 0,
    submitted_at    timestamptz,
    late            boolean NOT NULL DEFAULT false,
    returned_at     timestamptz,
    return_reason   text NOT NULL DEFAULT '' CHECK (length(return_reason) <= 2000),
    version         int NOT NULL DEFAULT 1,
    created_by      bigint REFERENCES users(id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (campaign_id, unit_id)
);
CREATE INDEX proposals_campaign_idx ON proposals (campaign_id, status);

-- A line: a person (person_id) or the unit itself (person_id NULL) for a title or commendation.
CREATE TABLE proposal_lines (
    id              bigserial PRIMARY KEY,
    proposal_id     bigint NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    person_id       bigint REFERENCES people(id),
    title_id        bigint NOT NULL REFERENCES titles(id),
    status          text NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'submitted', 'returned', 'accepted', 'rejected')),
    -- the eligibility answer when the line was last saved or submitted, with the conditions not met
    eligibility     text NOT NULL CHECK (eligibility IN ('eligible', 'not_eligible', 'needs_review')),
    failed          text NOT NULL DEFAULT '',
    justification   text CHECK (justification IS NULL OR length(justification) BETWEEN 1 AND 4000),
    return_reason   text NOT NULL DEFAULT '' CHECK (length(return_reason) <= 2000),
    -- the achievement report (báo cáo thành tích) as edited, by section
    report          jsonb,
    report_updated_at timestamptz,
    position        int NOT NULL DEFAULT 0,
    version         int NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX proposal_lines_person_key ON proposal_lines (proposal_id, person_id, title_id) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX proposal_lines_unit_key ON proposal_lines (proposal_id, title_id) WHERE person_id IS NULL;
CREATE INDEX proposal_lines_status_idx ON proposal_lines (status);

-- Every step of a proposal, timestamped: submitted (with what the lines and documents were, so the
-- Office sees what changed since the last submission), returned, accepted, rejected.
CREATE TABLE proposal_events (
    id          bigserial PRIMARY KEY,
    proposal_id bigint NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    line_id     bigint REFERENCES proposal_lines(id) ON DELETE SET NULL,
    kind        text NOT NULL CHECK (kind IN ('submitted', 'returned', 'accepted', 'rejected')),
    reason      text NOT NULL DEFAULT '',
    snapshot    jsonb,
    by_user     bigint REFERENCES users(id),
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX proposal_events_proposal_idx ON proposal_events (proposal_id, id);

-- Files of the dossiers: a review's signed minutes, a line's documents. The bytes live in
-- document_blobs (the default) or in an S3-compatible object store under `storage_key`.
CREATE TABLE documents (
    id           bigserial PRIMARY KEY,
    review_id    bigint REFERENCES unit_reviews(id),
    line_id      bigint REFERENCES proposal_lines(id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('review_minutes', 'achievement_report', 'initiative_certificate', 'achievement_certification', 'photo', 'other')),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    content_type text NOT NULL CHECK (content_type IN ('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'image/png', 'image/jpeg')),
    size         bigint NOT NULL CHECK (size > 0),
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    storage      text NOT NULL DEFAULT 'db' CHECK (storage IN ('db', 's3')),
    storage_key  text NOT NULL DEFAULT '',
    uploaded_by  bigint REFERENCES users(id),
    uploaded_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((review_id IS NULL) <> (line_id IS NULL))
);
CREATE INDEX documents_review_idx ON documents (review_id) WHERE review_id IS NOT NULL;
CREATE INDEX documents_line_idx ON documents (line_id) WHERE line_id IS NOT NULL;
CREATE TABLE document_blobs (
    document_id bigint PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    bytes       bytea NOT NULL
);
ALTER TABLE unit_reviews ADD CONSTRAINT unit_reviews_minutes_fk
    FOREIGN KEY (minutes_document_id) REFERENCES documents(id);
