-- A version for registrations (and reopenings), so that each server can keep the coverage counters
-- in memory and know when its copy is old, as it does for people and campaigns (data_versions).
-- Registrations are written all day by everyone, so the version is split over 16 rows: a transaction
-- bumps the row of its own backend (pg_backend_pid() % 16) and never waits for another backend's
-- bump; readers add the rows up (each only grows, so the sum grows with every change).
CREATE TABLE registration_versions (
    shard   int PRIMARY KEY,
    version bigint NOT NULL DEFAULT 0
);
INSERT INTO registration_versions (shard) SELECT generate_series(0, 15);

CREATE FUNCTION bump_registration_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE registration_versions SET version = version + 1 WHERE shard = pg_backend_pid() % 16;
    RETURN NULL;
END
$$;

CREATE TRIGGER registrations_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON registrations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_registration_version();
CREATE TRIGGER reopenings_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON registration_reopenings
    FOR EACH STATEMENT EXECUTE FUNCTION bump_registration_version();

-- the reopenings list shows who reopened (an account's display name): a rename is a people change
DROP TRIGGER users_version_update ON users;
CREATE TRIGGER users_version_update AFTER UPDATE OF username, person_id, display_name ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_people_version();
