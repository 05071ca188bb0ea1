-- A unit's review page is kept in each server's memory at the proposals version (with the people and
-- campaigns versions): the members' records and the score sheets it shows beside them bump it too,
-- in the transaction of every change, like the reviews themselves.
CREATE TRIGGER review_members_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON review_members
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
CREATE TRIGGER score_sheets_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON score_sheets
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
CREATE TRIGGER score_lines_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON score_lines
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
