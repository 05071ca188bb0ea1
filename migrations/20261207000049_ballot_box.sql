-- The secret ballot kept so that nothing links a ballot to its voter (issue 28). Before, a ballot
-- row was written in the voter's transaction with their token and the audit entry, so the three
-- shared a transaction id (xmin), and the ballots' physical order followed the voting order.
--
-- Now each secret line of an open meeting has a ballot box: one slot per member who may vote on
-- it, created when the ballot opens, in the order of random identifiers. A vote fills an empty
-- slot chosen at random and, in the same statement, rewrites every slot of the line, so every
-- ballot of the line carries the last voter's transaction id and keeps its place; closing the
-- ballot rewrites every slot of the meeting once more. The receipt (what a voter can check) is
-- kept apart, without the choice: it proves a ballot was counted, never how it was cast.
CREATE TABLE council_ballot_box (
    slot        uuid PRIMARY KEY,
    meeting_id  bigint NOT NULL,
    line_id     bigint NOT NULL,
    -- 0 while the slot is empty, then 1 in favour, 2 against, 3 abstaining: every row the same
    -- size whatever it holds, so that filling a slot never moves it
    choice      smallint NOT NULL DEFAULT 0 CHECK (choice BETWEEN 0 AND 3),
    FOREIGN KEY (meeting_id, line_id) REFERENCES council_agenda (meeting_id, line_id) ON DELETE CASCADE
);
CREATE INDEX council_ballot_box_line_idx ON council_ballot_box (meeting_id, line_id);

CREATE TABLE council_receipts (
    receipt_hash text PRIMARY KEY CHECK (receipt_hash ~ '^[0-9a-f]{64}$'),
    meeting_id   bigint NOT NULL,
    line_id      bigint NOT NULL,
    FOREIGN KEY (meeting_id, line_id) REFERENCES council_agenda (meeting_id, line_id) ON DELETE CASCADE
);
CREATE INDEX council_receipts_line_idx ON council_receipts (meeting_id, line_id);

-- the ballots cast so far, and the empty slots of the meetings still voting
INSERT INTO council_receipts (receipt_hash, meeting_id, line_id)
SELECT receipt_hash, meeting_id, line_id FROM council_ballots;
INSERT INTO council_ballot_box (slot, meeting_id, line_id, choice)
SELECT s, meeting_id, line_id, choice FROM (
    SELECT gen_random_uuid() AS s, meeting_id, line_id,
           CASE choice WHEN 'for' THEN 1 WHEN 'against' THEN 2 ELSE 3 END::smallint AS choice
    FROM council_ballots
    UNION ALL
    SELECT gen_random_uuid(), a.meeting_id, a.line_id, 0::smallint
    FROM council_agenda a
    JOIN council_meetings m ON m.id = a.meeting_id AND m.status = 'open'
    JOIN council_attendance t ON t.meeting_id = a.meeting_id
    WHERE a.ballot = 'secret'
) x ORDER BY s;
DROP TABLE council_ballots;
