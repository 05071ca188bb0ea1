-- The public notice (công khai) of the list the council approved: posted by the Office for a
-- period in working days that the regime sets per level of award, during which everyone signed in
-- reads the list and may comment on or object to a line; the Office records how each was resolved.
-- No decision for a line before its period ends or while an objection to it is unresolved.
ALTER TABLE rule_sets
    ADD COLUMN notice_days_grassroots int NOT NULL DEFAULT 5 CHECK (notice_days_grassroots BETWEEN 1 AND 60),
    ADD COLUMN notice_days_province int NOT NULL DEFAULT 5 CHECK (notice_days_province BETWEEN 1 AND 60),
    ADD COLUMN notice_days_state int NOT NULL DEFAULT 10 CHECK (notice_days_state BETWEEN 1 AND 60);

CREATE TABLE notices (
    id          bigserial PRIMARY KEY,
    campaign_id bigint NOT NULL REFERENCES campaigns(id),
    meeting_id  bigint NOT NULL UNIQUE REFERENCES council_meetings(id),
    posted_on   date NOT NULL,
    note        text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    posted_by   bigint REFERENCES users(id),
    posted_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notices_campaign_idx ON notices (campaign_id);

-- Each line posted, with the last day of its period (posted_on plus the level's working days), and
-- whether an upheld objection withdrew it from the list.
CREATE TABLE notice_lines (
    notice_id   bigint NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    line_id     bigint NOT NULL UNIQUE REFERENCES proposal_lines(id),
    ends_on     date NOT NULL,
    withdrawn   boolean NOT NULL DEFAULT false,
    PRIMARY KEY (notice_id, line_id)
);

-- A comment on or an objection to a line, and how the Office resolved it.
CREATE TABLE notice_comments (
    id           bigserial PRIMARY KEY,
    notice_id    bigint NOT NULL,
    line_id      bigint NOT NULL,
    user_id      bigint NOT NULL REFERENCES users(id),
    kind         text NOT NULL CHECK (kind IN ('comment', 'objection')),
    body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- 'upheld' withdraws the line from the list; 'dismissed' keeps it; 'answered' for a comment
    outcome      text CHECK (outcome IN ('upheld', 'dismissed', 'answered')),
    resolution   text CHECK (resolution IS NULL OR length(resolution) BETWEEN 1 AND 4000),
    resolved_by  bigint REFERENCES users(id),
    resolved_at  timestamptz,
    CHECK ((outcome IS NULL) = (resolution IS NULL)),
    FOREIGN KEY (notice_id, line_id) REFERENCES notice_lines (notice_id, line_id) ON DELETE CASCADE
);
CREATE INDEX notice_comments_notice_idx ON notice_comments (notice_id, line_id);
