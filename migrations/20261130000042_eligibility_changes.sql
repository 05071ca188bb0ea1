-- Which people and units the facts of eligibility changed for, so that a server holding a campaign's
-- evaluated scope reloads and evaluates again only those (db::eligibility::changes_since) instead of
-- the whole scope (4.4 s at 200,000 people).
--
-- Each row names the writing transaction (xid8). A server keeps the snapshot its scope was read in
-- (pg_current_snapshot()); the changes it has not seen are exactly the rows whose transaction that
-- snapshot does not show (NOT pg_visible_in_snapshot), which all have an xid at least the snapshot's
-- xmin (the index). Commit order does not matter, and a row read twice costs one person's reload.
-- The triggers are per statement with transition tables: an import of 200,000 ratings writes one
-- INSERT ... SELECT DISTINCT, not 200,000.
-- `everything`: a change that cannot be said per person or unit (a TRUNCATE, the emulation clusters,
-- whose size every member's rank reads); the server reloads whole.
-- Kept two days (a server reloads whole every day: the day is part of the evaluation); pruned by
-- the whole reloads.
CREATE TABLE eligibility_changes (
    xid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
    at         timestamptz NOT NULL DEFAULT now(),
    person_id  bigint,
    unit_id    bigint,
    everything boolean NOT NULL DEFAULT false
);
CREATE INDEX eligibility_changes_xid ON eligibility_changes (xid);
CREATE INDEX eligibility_changes_at ON eligibility_changes (at);

-- Rows of a table with person_id and/or unit_id columns (read through jsonb, so one function serves
-- every shape).
CREATE FUNCTION eligibility_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' OR TG_ARGV[0] = 'everything' THEN
        INSERT INTO eligibility_changes (everything) VALUES (true);
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO eligibility_changes (person_id, unit_id)
        SELECT DISTINCT (j->>'person_id')::bigint, (j->>'unit_id')::bigint
        FROM (SELECT to_jsonb(n) AS j FROM n) s;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO eligibility_changes (person_id, unit_id)
        SELECT DISTINCT (j->>'person_id')::bigint, (j->>'unit_id')::bigint
        FROM (SELECT to_jsonb(n) AS j FROM n UNION ALL SELECT to_jsonb(o) FROM o) s;
    ELSE
        INSERT INTO eligibility_changes (person_id, unit_id)
        SELECT DISTINCT (j->>'person_id')::bigint, (j->>'unit_id')::bigint
        FROM (SELECT to_jsonb(o) AS j FROM o) s;
    END IF;
    RETURN NULL;
END
$$;

-- A recognition's level or year changes what its authors hold.
CREATE FUNCTION eligibility_log_recognition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        INSERT INTO eligibility_changes (everything) VALUES (true);
    ELSIF TG_OP = 'DELETE' THEN
        -- the authors' rows go by cascade and are logged by their own trigger
        NULL;
    ELSE
        INSERT INTO eligibility_changes (person_id)
        SELECT DISTINCT a.person_id FROM n JOIN initiative_authors a ON a.recognition_id = n.id;
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['ratings', 'initiative_authors', 'disciplines', 'review_flags',
                             'work_months', 'award_history', 'registrations'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS n
                        FOR EACH STATEMENT EXECUTE FUNCTION eligibility_log()', t || '_elig_ins', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS o NEW TABLE AS n
                        FOR EACH STATEMENT EXECUTE FUNCTION eligibility_log()', t || '_elig_upd', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS o
                        FOR EACH STATEMENT EXECUTE FUNCTION eligibility_log()', t || '_elig_del', t);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION eligibility_log()', t || '_elig_trunc', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['cluster_members', 'cluster_rankings', 'emulation_clusters'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION eligibility_log(''everything'')',
                       t || '_elig', t);
    END LOOP;
END
$$;
CREATE TRIGGER initiative_recognitions_elig_ins AFTER INSERT ON initiative_recognitions
    REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION eligibility_log_recognition();
CREATE TRIGGER initiative_recognitions_elig_upd AFTER UPDATE ON initiative_recognitions
    REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION eligibility_log_recognition();
CREATE TRIGGER initiative_recognitions_elig_trunc AFTER TRUNCATE ON initiative_recognitions
    FOR EACH STATEMENT EXECUTE FUNCTION eligibility_log_recognition();

-- The same for the people directory each server holds (db::directory): the people whose row or
-- account changed since the snapshot a server's copy was read in; a change to units (names, paths,
-- the tree) says `everything` and the copy is read whole.
CREATE TABLE directory_changes (
    xid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
    at         timestamptz NOT NULL DEFAULT now(),
    person_id  bigint,
    everything boolean NOT NULL DEFAULT false
);
CREATE INDEX directory_changes_xid ON directory_changes (xid);
CREATE INDEX directory_changes_at ON directory_changes (at);

-- people: their id; users: the person an account names (before and after)
CREATE FUNCTION directory_log() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    key text := CASE WHEN TG_TABLE_NAME = 'people' THEN 'id' ELSE 'person_id' END;
BEGIN
    IF TG_OP = 'TRUNCATE' OR TG_ARGV[0] = 'everything' THEN
        INSERT INTO directory_changes (everything) VALUES (true);
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO directory_changes (person_id)
        SELECT DISTINCT (j->>key)::bigint FROM (SELECT to_jsonb(n) AS j FROM n) s WHERE j->>key IS NOT NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO directory_changes (person_id)
        SELECT DISTINCT (j->>key)::bigint
        FROM (SELECT to_jsonb(n) AS j FROM n UNION ALL SELECT to_jsonb(o) FROM o) s WHERE j->>key IS NOT NULL;
    ELSE
        INSERT INTO directory_changes (person_id)
        SELECT DISTINCT (j->>key)::bigint FROM (SELECT to_jsonb(o) AS j FROM o) s WHERE j->>key IS NOT NULL;
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['people', 'users'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS n
                        FOR EACH STATEMENT EXECUTE FUNCTION directory_log()', t || '_dir_ins', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS o NEW TABLE AS n
                        FOR EACH STATEMENT EXECUTE FUNCTION directory_log()', t || '_dir_upd', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS o
                        FOR EACH STATEMENT EXECUTE FUNCTION directory_log()', t || '_dir_del', t);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION directory_log()', t || '_dir_trunc', t);
    END LOOP;
END
$$;
CREATE TRIGGER units_dir AFTER INSERT OR DELETE OR TRUNCATE ON units
    FOR EACH STATEMENT EXECUTE FUNCTION directory_log('everything');
CREATE TRIGGER units_dir_update AFTER UPDATE OF name, code, path, parent_id, valid_to ON units
    FOR EACH STATEMENT EXECUTE FUNCTION directory_log('everything');

-- The council's results are part of the proposals' way (the year-end review's outcomes are kept
-- in memory at the proposals version): a result recorded bumps it.
CREATE TRIGGER council_agenda_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON council_agenda
    FOR EACH STATEMENT EXECUTE FUNCTION bump_proposals_version();

-- The year's commendation budget line (dự toán kinh phí khen thưởng), entered with the year-end
-- report: the review sets the cash of the year's awards against it.
ALTER TABLE review_reports ADD COLUMN budget bigint
    CHECK (budget IS NULL OR budget BETWEEN 0 AND 1000000000000000);

-- The award registry's own version: the year-end review's figures (the year's awards per title,
-- unit and group, the cash, the earlier years, the registrations' way) read award_history and no
-- other fact, so a rating or a discipline entered no longer makes every server read them again.
INSERT INTO data_versions (name) VALUES ('registry');
CREATE FUNCTION bump_registry_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'registry';
    RETURN NULL;
END
$$;
CREATE TRIGGER award_history_registry AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON award_history
    FOR EACH STATEMENT EXECUTE FUNCTION bump_registry_version();
