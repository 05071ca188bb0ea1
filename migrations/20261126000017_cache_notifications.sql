-- Each server keeps the sessions it serves and the data versions in memory (src/db/live.rs) and
-- learns of every change that concerns them from PostgreSQL: these triggers send a notification on
-- the channel `thidua_cache` in the transaction of the change, so that it is delivered when (and
-- only if) the change commits, in commit order. Payloads:
--   s:<session id_hash, hex>   a session ended (signed out, expired, all sessions of a user ended)
--   u:<user id>                an account, its roles, or its person's unit changed
--   n:<user id>                the account's notifications changed (the unread badge)
--   v:<name>:<version>         data_versions.<name> is now <version>
--   r:<shard>:<version>        registration_versions.<shard> is now <version>
--   d:<shard>:<version>        registration_detail_versions.<shard> is now <version>
--   *                          anything else that changes every session (units renamed or moved)

CREATE FUNCTION notify_cache(payload text) RETURNS void LANGUAGE sql AS $$
    SELECT pg_notify('thidua_cache', payload);
$$;

CREATE FUNCTION notify_session_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_cache('s:' || encode(OLD.id_hash, 'hex'));
    RETURN NULL;
END
$$;
CREATE TRIGGER sessions_cache AFTER DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION notify_session_ended();

-- the row's key column TG_ARGV[1] after the prefix TG_ARGV[0], for the old row and the new one
CREATE FUNCTION notify_row_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM notify_cache(TG_ARGV[0] || ':' || (to_jsonb(OLD) ->> TG_ARGV[1]));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM notify_cache(TG_ARGV[0] || ':' || (to_jsonb(NEW) ->> TG_ARGV[1]));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER users_cache AFTER UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION notify_row_key('u', 'id');
CREATE TRIGGER user_roles_cache AFTER INSERT OR UPDATE OR DELETE ON user_roles
    FOR EACH ROW EXECUTE FUNCTION notify_row_key('u', 'user_id');

-- a person moved to another unit: their account's unit (and so its scope) changed
CREATE FUNCTION notify_person_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_cache('u:' || u.id) FROM users u WHERE u.person_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER people_cache AFTER UPDATE OF unit_id ON people
    FOR EACH ROW WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id)
    EXECUTE FUNCTION notify_person_moved();

CREATE FUNCTION notify_everything() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_cache('*');
    RETURN NULL;
END
$$;
-- a session holds its units' codes and paths
CREATE TRIGGER units_cache AFTER UPDATE OF code, path ON units
    FOR EACH STATEMENT EXECUTE FUNCTION notify_everything();
CREATE TRIGGER sessions_cache_truncate AFTER TRUNCATE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION notify_everything();
CREATE TRIGGER users_cache_truncate AFTER TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION notify_everything();
CREATE TRIGGER user_roles_cache_truncate AFTER TRUNCATE ON user_roles
    FOR EACH STATEMENT EXECUTE FUNCTION notify_everything();
CREATE TRIGGER notifications_cache_truncate AFTER TRUNCATE ON notifications
    FOR EACH STATEMENT EXECUTE FUNCTION notify_everything();

CREATE TRIGGER notifications_cache AFTER INSERT OR DELETE OR UPDATE OF read_at, user_id ON notifications
    FOR EACH ROW EXECUTE FUNCTION notify_row_key('n', 'user_id');

CREATE FUNCTION notify_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_cache('v:' || NEW.name || ':' || NEW.version);
    RETURN NULL;
END
$$;
CREATE TRIGGER data_versions_cache AFTER INSERT OR UPDATE ON data_versions
    FOR EACH ROW EXECUTE FUNCTION notify_data_version();

-- a sharded version's new value, after the prefix TG_ARGV[0]
CREATE FUNCTION notify_shard_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notify_cache(TG_ARGV[0] || ':' || NEW.shard || ':' || NEW.version);
    RETURN NULL;
END
$$;
CREATE TRIGGER registration_versions_cache AFTER INSERT OR UPDATE ON registration_versions
    FOR EACH ROW EXECUTE FUNCTION notify_shard_version('r');

-- A registration's commitments (and their progress), initiatives and co-authors change without
-- touching the registration row. Each server keeps a person's registration form at the version of
-- these details, sharded like registration_versions (a transaction bumps its backend's row, readers
-- add the rows up), so that progress saves neither queue on one row nor make the coverage and
-- eligibility caches, which follow registration_versions, start over.
CREATE TABLE registration_detail_versions (
    shard   int PRIMARY KEY,
    version bigint NOT NULL DEFAULT 0
);
INSERT INTO registration_detail_versions (shard) SELECT generate_series(0, 15);

CREATE FUNCTION bump_registration_detail_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE registration_detail_versions SET version = version + 1 WHERE shard = pg_backend_pid() % 16;
    RETURN NULL;
END
$$;
CREATE TRIGGER registration_commitments_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON registration_commitments
    FOR EACH STATEMENT EXECUTE FUNCTION bump_registration_detail_version();
CREATE TRIGGER registered_initiatives_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON registered_initiatives
    FOR EACH STATEMENT EXECUTE FUNCTION bump_registration_detail_version();
CREATE TRIGGER initiative_coauthors_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiative_coauthors
    FOR EACH STATEMENT EXECUTE FUNCTION bump_registration_detail_version();
CREATE TRIGGER registration_detail_versions_cache AFTER INSERT OR UPDATE ON registration_detail_versions
    FOR EACH ROW EXECUTE FUNCTION notify_shard_version('d');
