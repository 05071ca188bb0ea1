-- Self-assessment and criteria scores at year end: each person's result against each commitment
-- they registered; score sheets on the plan's criteria by the person (self), the unit head (of
-- each member and of the unit) and the council (of units); the Office closes scoring, after which
-- the people scored see their scores.

ALTER TABLE registration_commitments
    ADD COLUMN final_result text CHECK (final_result IN ('done', 'partly', 'not')),
    ADD COLUMN final_figure text NOT NULL DEFAULT '' CHECK (length(final_figure) <= 200),
    ADD COLUMN final_note   text NOT NULL DEFAULT '' CHECK (length(final_note) <= 1000);

ALTER TABLE campaigns ADD COLUMN scoring_closed_at timestamptz,
                      ADD COLUMN scoring_closed_by bigint REFERENCES users(id);

-- A sheet: who is scored (a person or a unit), by whom and in which capacity.
CREATE TABLE score_sheets (
    id           bigserial PRIMARY KEY,
    campaign_id  bigint NOT NULL REFERENCES campaigns(id),
    person_id    bigint REFERENCES people(id),
    unit_id      bigint REFERENCES units(id),
    scorer_kind  text NOT NULL CHECK (scorer_kind IN ('self', 'head', 'council')),
    scorer_id    bigint NOT NULL REFERENCES users(id),
    submitted_at timestamptz,
    version      int NOT NULL DEFAULT 1,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CHECK ((person_id IS NULL) <> (unit_id IS NULL)),
    CHECK (scorer_kind <> 'self' OR person_id IS NOT NULL)
);
CREATE UNIQUE INDEX score_sheets_person_key ON score_sheets (campaign_id, person_id, scorer_kind, scorer_id) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX score_sheets_unit_key ON score_sheets (campaign_id, unit_id, scorer_kind, scorer_id) WHERE unit_id IS NOT NULL;
CREATE INDEX score_sheets_campaign_idx ON score_sheets (campaign_id, scorer_kind);

-- A criterion's score on a sheet, with its line of evidence.
CREATE TABLE score_lines (
    sheet_id  bigint NOT NULL REFERENCES score_sheets(id) ON DELETE CASCADE,
    section   text NOT NULL CHECK (section IN ('criteria_collective', 'criteria_individual')),
    position  int NOT NULL,
    score     numeric(7, 2) NOT NULL CHECK (score >= 0),
    evidence  text NOT NULL DEFAULT '' CHECK (length(evidence) <= 1000),
    PRIMARY KEY (sheet_id, section, position)
);
