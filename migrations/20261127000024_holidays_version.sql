-- The holiday calendar follows the campaigns' version: the Office's list of proposals, kept in each
-- server's memory, counts working days with it.
CREATE TRIGGER holidays_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON holidays
    FOR EACH STATEMENT EXECUTE FUNCTION bump_campaigns_version();
