-- A decision that amends an issued one (quyết định sửa đổi, đính chính): it names the issued
-- decision (decisions.amends_id), says what it corrects, and lists the lines of that decision it
-- concerns, each either corrected (the award stands; its registry entry names the amending
-- decision) or revoked (the award withdrawn: the entry leaves the registry, and the audit log keeps
-- what it held). An amending decision pays no cash of its own.
ALTER TABLE decisions ADD COLUMN correction text NOT NULL DEFAULT ''
    CHECK (length(correction) <= 2000);
ALTER TABLE decision_lines ADD COLUMN amending boolean NOT NULL DEFAULT false;
ALTER TABLE decision_lines ADD COLUMN revoked boolean NOT NULL DEFAULT false
    CHECK (amending OR NOT revoked);
-- a line is awarded by one decision; amending decisions may name it again
DROP INDEX decision_lines_line_key;
CREATE UNIQUE INDEX decision_lines_line_key ON decision_lines (line_id) WHERE NOT amending;
CREATE INDEX decisions_amends_idx ON decisions (amends_id) WHERE amends_id IS NOT NULL;
ALTER TABLE award_history ADD COLUMN amended_by bigint REFERENCES decisions(id);
