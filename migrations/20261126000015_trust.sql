-- Trust: what an administrator of one subtree may see, rating years closed per subtree, and a
-- marker of demo data.

-- The deepest unit whose subtree holds every path given ('/1/4/9/' and '/1/4/12/' -> '/1/4/');
-- NULL for none, or when the paths lie under different roots.
CREATE FUNCTION common_unit_path(paths text[]) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    result text := NULL;
    p text;
BEGIN
    FOREACH p IN ARRAY coalesce(paths, '{}') LOOP
        CONTINUE WHEN p IS NULL;
        IF result IS NULL THEN
            result := p;
        ELSE
            WHILE length(result) > 1 AND left(p, length(result)) <> result LOOP
                -- drop the last segment: '/1/4/9/' -> '/1/4/'
                result := regexp_replace(result, '[^/]+/$', '');
            END LOOP;
        END IF;
    END LOOP;
    IF result IS NULL OR result = '/' OR result = '' THEN
        RETURN NULL;
    END IF;
    RETURN result;
END $$;

-- Where an account lies: the common unit of its person's unit and of every unit it holds a role
-- over. An administrator manages the account only when that unit is inside their subtree, which
-- is when every one of them is; NULL (no person, no role) is for an administrator of the whole
-- organisation.
CREATE FUNCTION user_unit_path(uid bigint) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT common_unit_path(ARRAY(
        SELECT pu.path FROM users u JOIN people p ON p.id = u.person_id JOIN units pu ON pu.id = p.unit_id
        WHERE u.id = uid
        UNION ALL
        SELECT ru.path FROM user_roles r JOIN units ru ON ru.id = r.unit_id WHERE r.user_id = uid))
$$;

CREATE FUNCTION person_unit_path(pid bigint) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT u.path FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = pid
$$;

CREATE FUNCTION unit_path_of(uid bigint) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT path FROM units WHERE id = uid
$$;

ALTER TABLE import_jobs ADD COLUMN scope_path text;

-- The unit subtree an audit entry is about, from its entity and id (or the person or unit in its
-- before/after images): administrators of a subtree read the entries inside it. NULL: shared by the
-- whole organisation (rule sets, the calendar), for its administrators only.
CREATE FUNCTION audit_unit_path(p_entity text, p_entity_id text, p_before jsonb, p_after jsonb)
RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    eid bigint;
    parts text[] := string_to_array(coalesce(p_entity_id, ''), ':');
    img jsonb := coalesce(p_after, p_before);
    result text;
BEGIN
    IF p_entity_id ~ '^[0-9]{1,18}$' THEN
        eid := p_entity_id::bigint;
    END IF;
    IF parts[1] = 'import' AND parts[2] ~ '^[0-9]{1,18}$' THEN
        RETURN (SELECT scope_path FROM import_jobs WHERE import_jobs.id = parts[2]::bigint);
    END IF;
    -- "person:12:2022", "unit:4:2022"
    IF parts[1] = 'person' AND parts[2] ~ '^[0-9]{1,18}$' THEN
        RETURN person_unit_path(parts[2]::bigint);
    ELSIF parts[1] = 'unit' AND parts[2] ~ '^[0-9]{1,18}$' THEN
        RETURN unit_path_of(parts[2]::bigint);
    END IF;
    CASE p_entity
        WHEN 'user' THEN result := user_unit_path(eid);
        WHEN 'person' THEN result := person_unit_path(eid);
        WHEN 'unit' THEN result := unit_path_of(eid);
        WHEN 'campaign' THEN
            result := (SELECT u.path FROM campaigns c JOIN units u ON u.id = c.issuer_unit_id WHERE c.id = eid);
        WHEN 'registration' THEN
            result := (SELECT u.path FROM registrations r JOIN units u ON u.id = r.unit_id WHERE r.id = eid);
        WHEN 'discipline' THEN
            result := (SELECT person_unit_path(person_id) FROM disciplines WHERE disciplines.id = eid);
        WHEN 'review_flag' THEN
            result := (SELECT coalesce(person_unit_path(person_id), unit_path_of(unit_id))
                       FROM review_flags WHERE review_flags.id = eid);
        WHEN 'award' THEN
            result := (SELECT coalesce(person_unit_path(person_id), unit_path_of(unit_id))
                       FROM award_history WHERE award_history.id = eid);
        WHEN 'initiative_recognition' THEN
            result := common_unit_path(ARRAY(
                SELECT person_unit_path(a.person_id) FROM initiative_authors a WHERE a.recognition_id = eid));
        ELSE result := NULL;
    END CASE;
    IF result IS NULL AND img IS NOT NULL AND p_entity NOT IN ('rule_set', 'title', 'holiday', 'base_salary') THEN
        IF img->>'person_id' ~ '^[0-9]{1,18}$' THEN
            result := person_unit_path((img->>'person_id')::bigint);
        ELSIF img->>'unit_id' ~ '^[0-9]{1,18}$' THEN
            result := unit_path_of((img->>'unit_id')::bigint);
        ELSIF img->>'issuer_unit_id' ~ '^[0-9]{1,18}$' THEN
            result := unit_path_of((img->>'issuer_unit_id')::bigint);
        END IF;
    END IF;
    RETURN result;
END $$;

ALTER TABLE audit_log ADD COLUMN unit_path text;

CREATE FUNCTION audit_log_set_unit_path() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.unit_path IS NULL THEN
        NEW.unit_path := audit_unit_path(NEW.entity, NEW.entity_id, NEW.before, NEW.after);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER audit_log_unit_path BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_set_unit_path();

-- Entries written before: placed now, by their owner (the append-only trigger is set aside for
-- this one statement inside the migration's transaction).
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
UPDATE audit_log SET unit_path = audit_unit_path(entity, entity_id, before, after);
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;
CREATE INDEX audit_log_unit_path_idx ON audit_log (unit_path text_pattern_ops);

-- A rating year is closed for a unit subtree (by the Office of that subtree), not for everyone.
CREATE TABLE rating_closures (
    year       int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    unit_id    bigint NOT NULL REFERENCES units(id),
    closed_at  timestamptz NOT NULL DEFAULT now(),
    closed_by  bigint REFERENCES users(id),
    PRIMARY KEY (year, unit_id)
);
INSERT INTO rating_closures (year, unit_id, closed_at, closed_by)
    SELECT y.year, u.id, y.closed_at, y.closed_by
    FROM rating_years y CROSS JOIN units u
    WHERE y.closed_at IS NOT NULL AND u.parent_id IS NULL;
DROP TABLE rating_years;

-- The database holds the demo organisation (its accounts share a published password): every page
-- says so.
INSERT INTO data_versions (name, version)
    SELECT 'demo', CASE WHEN EXISTS (SELECT 1 FROM audit_log WHERE action = 'seed_demo') THEN 1 ELSE 0 END;

-- Two roles: the owner migrates, the application runs as a role that may read and write the tables
-- but only read and insert the audit log (so it can neither rewrite it nor, not being the owner,
-- disable its triggers). Called by `thidua` as the owner after each migration run.
CREATE FUNCTION thidua_grant_app_role(app name) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app);
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM %I', app);
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON _sqlx_migrations FROM %I', app);
    EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO %I', app);
    EXECUTE format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO %I', app);
    EXECUTE format('REVOKE EXECUTE ON FUNCTION thidua_grant_app_role(name) FROM %I', app);
END $$;
REVOKE EXECUTE ON FUNCTION thidua_grant_app_role(name) FROM PUBLIC;

-- One-time tokens of forms that create something: the first submit records where it led, a second
-- submit of the same form (a double click, a reload) finds it and creates nothing.
CREATE TABLE form_submissions (
    token    text PRIMARY KEY CHECK (length(token) BETWEEN 16 AND 128),
    user_id  bigint NOT NULL REFERENCES users(id),
    at       timestamptz NOT NULL DEFAULT now(),
    outcome  text NOT NULL
);
CREATE INDEX form_submissions_at_idx ON form_submissions (at);
