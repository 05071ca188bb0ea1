-- The proposals' data version: bumped in the transaction of every change to proposals, their
-- lines, documents, reviews and the titles' dossier checklists, so that each server may keep the
-- Office's list of proposal lines in memory and serve it while no change came in (the change
-- reaches every server as a notification, like the other versions).
INSERT INTO data_versions (name) VALUES ('proposals');

CREATE FUNCTION bump_proposals_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'proposals';
    RETURN NULL;
END
$$;
CREATE TRIGGER proposals_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON proposals
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
CREATE TRIGGER proposal_lines_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON proposal_lines
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
CREATE TRIGGER documents_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON documents
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
CREATE TRIGGER unit_reviews_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON unit_reviews
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
CREATE TRIGGER titles_documents_version AFTER UPDATE OF documents ON titles
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();
