-- The council's meeting (phiên họp Hội đồng thi đua khen thưởng): the Office prepares it (date,
-- place, agenda of accepted proposal lines), opens the vote with the attendance recorded, and
-- closes it; each line's result is then computed from the votes and the rule the line was put on
-- the agenda with (the regime's rule for its title, copied so that a later edit of the regime does
-- not change a meeting held).
CREATE TABLE council_meetings (
    id              bigserial PRIMARY KEY,
    campaign_id     bigint NOT NULL REFERENCES campaigns(id),
    held_on         date NOT NULL,
    held_at         text NOT NULL DEFAULT '' CHECK (length(held_at) <= 20),
    place           text NOT NULL DEFAULT '' CHECK (length(place) <= 300),
    -- members are recused from the lines of their own unit too, not only from those about themselves
    recuse_own_unit boolean NOT NULL DEFAULT true,
    status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
    -- the quorum the meeting was held under (hundredths of a per cent), copied when it opened
    quorum          int CHECK (quorum BETWEEN 1 AND 10000),
    quorum_strict   boolean,
    opened_at       timestamptz,
    opened_by       bigint REFERENCES users(id),
    closed_at       timestamptz,
    closed_by       bigint REFERENCES users(id),
    version         int NOT NULL DEFAULT 1,
    created_by      bigint REFERENCES users(id),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX council_meetings_campaign_idx ON council_meetings (campaign_id);

-- Who sits in the meeting: the council's open seats on the day it opened (read from the seats
-- while it is a draft), each present or absent.
CREATE TABLE council_attendance (
    meeting_id  bigint NOT NULL REFERENCES council_meetings(id) ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES users(id),
    capacity    text NOT NULL CHECK (capacity IN ('chair', 'vice_chair', 'secretary', 'member')),
    present     boolean NOT NULL DEFAULT true,
    PRIMARY KEY (meeting_id, user_id)
);

-- The agenda: accepted proposal lines, each on one meeting's agenda, with the vote rule it is
-- decided by, and once the ballot closed its count and result (computed, never typed).
CREATE TABLE council_agenda (
    meeting_id     bigint NOT NULL REFERENCES council_meetings(id) ON DELETE CASCADE,
    line_id        bigint NOT NULL REFERENCES proposal_lines(id) ON DELETE CASCADE,
    position       int NOT NULL DEFAULT 0,
    ballot         text NOT NULL CHECK (ballot IN ('hands', 'secret')),
    share          int NOT NULL CHECK (share BETWEEN 1 AND 10000),
    base           text NOT NULL CHECK (base IN ('members', 'present')),
    strict         boolean NOT NULL,
    source         text NOT NULL DEFAULT '',
    votes_for      int,
    votes_against  int,
    votes_abstain  int,
    -- the members the line's share was counted over, and the votes it needed
    counted_over   int,
    needed         int,
    result         text CHECK (result IN ('passed', 'failed')),
    PRIMARY KEY (meeting_id, line_id)
);
CREATE UNIQUE INDEX council_agenda_line_key ON council_agenda (line_id);

-- A member recused from a line: about themselves, of their own unit (by the meeting's setting), or
-- a conflict they declared, with what they said.
CREATE TABLE council_recusals (
    meeting_id  bigint NOT NULL,
    line_id     bigint NOT NULL,
    user_id     bigint NOT NULL REFERENCES users(id),
    reason      text NOT NULL CHECK (reason IN ('self', 'own_unit', 'declared')),
    note        text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    created_by  bigint REFERENCES users(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, line_id, user_id),
    FOREIGN KEY (meeting_id, line_id) REFERENCES council_agenda (meeting_id, line_id) ON DELETE CASCADE
);

-- A vote by show of hands: who voted how, one per member per line (a member may change it while
-- the ballot is open). `written`: an absent member's vote, entered by the secretary from the scan.
CREATE TABLE council_votes (
    meeting_id  bigint NOT NULL,
    line_id     bigint NOT NULL,
    user_id     bigint NOT NULL REFERENCES users(id),
    choice      text NOT NULL CHECK (choice IN ('for', 'against', 'abstain')),
    written     boolean NOT NULL DEFAULT false,
    entered_by  bigint REFERENCES users(id),
    at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (meeting_id, line_id, user_id),
    FOREIGN KEY (meeting_id, line_id) REFERENCES council_agenda (meeting_id, line_id) ON DELETE CASCADE
);

-- A secret ballot is kept in two tables that share nothing but the line: who has voted (a spent
-- token, without the choice or a time) and how the ballots went (the choice and the hash of the
-- voter's receipt, without the voter or a time). The receipt is shown once to the voter, who can
-- check with it that their ballot was counted; the server keeps only its SHA-256 with the line.
CREATE TABLE council_ballot_tokens (
    meeting_id  bigint NOT NULL,
    line_id     bigint NOT NULL,
    user_id     bigint NOT NULL REFERENCES users(id),
    written     boolean NOT NULL DEFAULT false,
    PRIMARY KEY (meeting_id, line_id, user_id),
    FOREIGN KEY (meeting_id, line_id) REFERENCES council_agenda (meeting_id, line_id) ON DELETE CASCADE
);
CREATE TABLE council_ballots (
    receipt_hash text PRIMARY KEY CHECK (receipt_hash ~ '^[0-9a-f]{64}$'),
    meeting_id   bigint NOT NULL,
    line_id      bigint NOT NULL,
    choice       text NOT NULL CHECK (choice IN ('for', 'against', 'abstain')),
    FOREIGN KEY (meeting_id, line_id) REFERENCES council_agenda (meeting_id, line_id) ON DELETE CASCADE
);
CREATE INDEX council_ballots_line_idx ON council_ballots (meeting_id, line_id);

-- The scans of absent members' written votes are documents of the meeting.
ALTER TABLE documents ADD COLUMN meeting_id bigint REFERENCES council_meetings(id) ON DELETE CASCADE;
ALTER TABLE documents DROP CONSTRAINT documents_one_owner;
ALTER TABLE documents ADD CONSTRAINT documents_one_owner
    CHECK (num_nonnulls(review_id, line_id, exemplar_id, meeting_id) = 1);
ALTER TABLE documents DROP CONSTRAINT documents_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_kind_check CHECK (kind IN ('review_minutes',
    'achievement_report', 'initiative_certificate', 'achievement_certification', 'photo', 'other',
    'written_vote'));
CREATE INDEX documents_meeting_idx ON documents (meeting_id) WHERE meeting_id IS NOT NULL;
ALTER TABLE council_attendance ADD COLUMN written_document_id bigint REFERENCES documents(id);
