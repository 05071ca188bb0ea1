-- Issue 28, 2: an absent member votes on secret lines with their own account before the meeting.
-- The Office issues the ballot papers of a draft meeting: its agenda, details and recusals are
-- fixed from then on and the ballot boxes are made, so that a member who will be away casts their
-- secret ballots ahead (counted as written votes); the ballot opens at the meeting as before.
ALTER TABLE council_meetings
    ADD COLUMN ballot_issued_at timestamptz,
    ADD COLUMN ballot_issued_by bigint REFERENCES users(id),
    ADD CONSTRAINT council_meetings_ballot_issued_check
        CHECK (ballot_issued_at IS NULL OR status <> 'draft' OR ballot_issued_by IS NOT NULL);
