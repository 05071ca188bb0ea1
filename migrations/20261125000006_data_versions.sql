-- A version number per cached data set. Application servers keep read-mostly data (the people
-- directory) in memory and check its version before use; every change that affects it bumps the
-- version in the same transaction (statement-level triggers), so a server never serves data older
-- than what the reader's own request could see, and several servers stay consistent.
-- A row update (not a sequence) so that the bump is transactional: invisible until the change commits.
CREATE TABLE data_versions (
    name    text PRIMARY KEY,
    version bigint NOT NULL DEFAULT 1
);
INSERT INTO data_versions (name) VALUES ('people');

CREATE FUNCTION bump_people_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'people';
    RETURN NULL;
END
$$;

CREATE TRIGGER people_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON people
    FOR EACH STATEMENT EXECUTE FUNCTION bump_people_version();
-- units: names, codes and paths are shown and filtered on; the headcount column is not
CREATE TRIGGER units_version AFTER INSERT OR DELETE OR TRUNCATE ON units
    FOR EACH STATEMENT EXECUTE FUNCTION bump_people_version();
CREATE TRIGGER units_version_update AFTER UPDATE OF name, code, path, parent_id, valid_to ON units
    FOR EACH STATEMENT EXECUTE FUNCTION bump_people_version();
-- accounts: the username shown next to a person (not sign-in times or password changes)
CREATE TRIGGER users_version AFTER INSERT OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_people_version();
CREATE TRIGGER users_version_update AFTER UPDATE OF username, person_id ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_people_version();

-- The people lists are answered from each server's in-memory directory now (src/db/directory.rs).
DROP FUNCTION people_list_by_name(text[], text, text, text, text, boolean, text, int8, int8, int8);
